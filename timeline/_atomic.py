"""Atomic file writes: the old file is intact until the new one is complete."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from timeline.errors import TimelineError

__all__ = ["atomic_write"]


def _fail(path: Path, why: str) -> TimelineError:
    return TimelineError(f"{path}: cannot write: {why}")


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def atomic_write(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically.

    The bytes go to a temporary file in the same folder, are flushed and
    fsynced, then renamed over ``path`` with :func:`os.replace`, and the
    folder is fsynced.  On any failure the temporary file is removed, the old
    file is untouched, and a :class:`TimelineError` names the file and says
    what went wrong.  An existing file's permission bits are kept; a symbolic
    link is written through (the file it points to is replaced, the link
    stays).
    """
    given = Path(path)
    target = given
    try:  # (these checks stat the path: a folder we may not enter raises)
        if target.is_symlink():
            target = Path(os.path.realpath(target))
        if target.is_dir():
            raise _fail(given, "it is a directory")
        folder = target.parent if str(target.parent) else Path(".")
        if not folder.is_dir():
            what = "is not a folder" if folder.exists() else "does not exist"
            raise _fail(given, f"the folder {folder} {what}")
        try:
            mode: int | None = target.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = None
    except OSError as exc:
        raise _fail(given, _reason(exc)) from exc
    tmp_name: str | None = None
    fd: int | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        view = memoryview(data)
        while view:  # os.write may write less than asked
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
        os.close(fd)
        fd = None
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
        tmp_name = None
    except OSError as exc:
        raise _fail(given, _reason(exc)) from exc
    finally:
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
    # make the rename itself durable where the platform allows it
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
