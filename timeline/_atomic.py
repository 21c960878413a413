"""Atomic file writes: the old file is intact until the new one is complete."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from timeline.errors import TimelineError

__all__ = ["atomic_write"]


def atomic_write(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically.

    The bytes go to a temporary file in the same folder, are flushed and
    fsynced, then renamed over ``path`` with :func:`os.replace`.  On any
    failure the temporary file is removed, the old file is untouched, and a
    :class:`TimelineError` says what went wrong.  An existing file's
    permission bits are kept.
    """
    target = Path(path)
    if target.is_dir():
        raise TimelineError(f"{target}: cannot write: it is a directory")
    folder = target.parent if str(target.parent) else Path(".")
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise TimelineError(f"{target}: cannot write: {exc.strerror or exc}") from exc
    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp_name, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp_name, 0o666 & ~umask)
        os.replace(tmp_name, target)
        tmp_name = None
    except OSError as exc:
        raise TimelineError(f"{target}: cannot write: {exc.strerror or exc}") from exc
    finally:
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
