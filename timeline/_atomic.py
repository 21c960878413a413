"""Safe file writes: the old file is intact until the new one is complete.

:func:`atomic_write` picks one of two ways of writing, from what is at the path:

* **Replace** (a regular file with one link, or nothing yet): the bytes go to a
  temporary file beside the target (``.NAME.PID.XXXXXXXX.tmp``), which gets the
  old file's owner, group and permission bits, is fsynced and renamed over the
  target; then the folder is fsynced.  Atomic: a reader or a crash sees the old
  file or the new one, never a mix.
* **In place** (no rename), for what a rename would destroy:

  - anything that is not a regular file: a device (``/dev/null``), a FIFO, a
    terminal, a socket: opened and written to, never replaced;
  - a path that names an open file descriptor (``/dev/stdout``, ``/dev/fd/N``,
    ``/proc/self/fd/N``): the bytes are appended to what the descriptor is,
    so ``-o /dev/stdout >> log`` appends as the shell asked;
  - a regular file with hard links: its other names keep seeing it;
  - a file whose owner or group the rename could not keep (``chown`` not
    permitted): the owner keeps access to it.

  Rewriting a regular file in place is not atomic against a crash or SIGKILL
  half-way (a reader may see a mix); on an error (a full disk) the old bytes are
  written back, and the space is reserved first where the file system allows it.

A FIFO that no process reads is refused at once instead of waiting for a reader.
A read-only target (no write permission for us, or no write bit at all) is
refused unless ``force=True``; forced, it keeps its read-only mode.

Stale temporary files of our own pattern beside the target, left by a writer
that was killed, are removed before each replacing write: those not modified for
:data:`STALE_AFTER_S` seconds whose writer (the PID in the name) is not running.
A live writer's temporary file is written without pause and renamed within
seconds of its last write, so it is never that old.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import io
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, Final, TypeAlias

from timeline.errors import TimelineError

__all__ = ["STALE_AFTER_S", "Content", "atomic_write"]

Content: TypeAlias = bytes | Callable[[BinaryIO], None]
"""What :func:`atomic_write` writes: the bytes, or a function that writes them to the file
it is given (so a big file is written as it is made, never held whole in memory)."""

STALE_AFTER_S: Final = 600.0
"""A temporary file of ours untouched for this long, whose writer is gone, is removed."""

_TEMP_NAME: Final = r"\.{name}\.(?:(?P<pid>[0-9]+)\.)?[a-z0-9_]{{8}}\.tmp"


def _fail(path: Path, why: str) -> TimelineError:
    return TimelineError(f"{path}: cannot write: {why}")


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def atomic_write(path: str | os.PathLike[str], data: Content, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` without ever leaving a half-written or lost file.

    ``data`` is the bytes, or a function writing them to the file object it is given.
    Such a function streams into the temporary file of a replacing write; for a write in
    place (rarer: a device, a hard-linked file) its bytes are gathered first, since the
    old bytes must stay until the new ones are all there.  An exception it raises leaves
    the old file as it was and propagates unchanged (it is not a write failure).

    See the module's documentation for how (replace, or in place) and why.  A
    symbolic link is written through (the file it points to is written, the
    link stays).  On any failure a :class:`TimelineError` names the file and
    the reason; the temporary file is removed and the old file is as it was.
    ``force=True`` writes over a read-only file.
    """
    given = Path(path)
    info: os.stat_result | None = None
    try:
        info = _stat_or_none(given)
        if info is not None and stat.S_ISDIR(info.st_mode):
            raise _fail(given, "it is a directory")
        if info is not None and not force and _read_only(given, info):
            raise _fail(given, "it is read-only (use --force, or force=True, to overwrite it)")
        if info is not None and (not stat.S_ISREG(info.st_mode) or _names_a_descriptor(given)):
            _append_in_place(given, _gathered(data), info)
            return
        target = Path(os.path.realpath(given)) if given.is_symlink() else given
        folder = target.parent if str(target.parent) else Path(".")
        if not folder.is_dir():
            what = "is not a folder" if folder.exists() else "does not exist"
            raise _fail(given, f"the folder {folder} {what}")
        if info is not None and info.st_nlink > 1:
            _rewrite_in_place(target, _gathered(data))
            return
        _remove_stale_temporaries(folder, target.name)
        if not _replace(target, folder, data, info):  # the owner could not be kept
            _rewrite_in_place(target, _gathered(data))
    except OSError as exc:
        raise _fail(given, _message(exc, info)) from exc


def _gathered(data: Content) -> bytes:
    """The bytes of ``data`` (a writing function's, gathered in memory)."""
    if isinstance(data, bytes):
        return data
    buffer = io.BytesIO()
    data(buffer)
    return buffer.getvalue()


def _stat_or_none(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except (FileNotFoundError, NotADirectoryError):  # the folder check says which
        return None


def _message(exc: OSError, info: os.stat_result | None) -> str:
    if exc.errno == errno.ENXIO and info is not None and stat.S_ISFIFO(info.st_mode):
        return "it is a pipe (FIFO) that no process is reading"
    return _reason(exc)


def _read_only(path: Path, info: os.stat_result) -> bool:
    """True when we may not write the file, or nobody may (``0444``, even for root)."""
    if not stat.S_ISREG(info.st_mode):
        return False
    return info.st_mode & 0o222 == 0 or not os.access(path, os.W_OK, effective_ids=True)


def _names_a_descriptor(path: Path) -> bool:
    """True when ``path`` is, or links to, an open file descriptor (``/dev/stdout``).

    Such a path leads into ``/proc``; renaming beside what it resolves to would
    replace the file the descriptor has open, and lose what an ``>>`` appends to.
    """
    current = os.path.abspath(path)
    for _ in range(40):  # the kernel's own limit on links followed
        folder = os.path.realpath(os.path.dirname(current))
        if folder == "/proc" or folder.startswith("/proc/"):
            return True
        if not os.path.islink(current):
            return False
        current = os.path.join(folder, os.readlink(current))
    return False


def _append_in_place(path: Path, data: bytes, info: os.stat_result) -> None:
    """Write to a device, a FIFO or an open descriptor's file, without replacing it."""
    # O_NONBLOCK: opening a FIFO nobody reads fails (ENXIO) instead of waiting for ever
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        flags = fcntl.fcntl(fd, fcntl.F_GETFL)
        fcntl.fcntl(fd, fcntl.F_SETFL, flags & ~os.O_NONBLOCK)
        _write_all(fd, data)
        if stat.S_ISREG(info.st_mode):
            os.fsync(fd)
    finally:
        os.close(fd)


def _rewrite_in_place(target: Path, data: bytes) -> None:
    """Overwrite a regular file's bytes through its own inode (links, owner kept)."""
    fd = os.open(target, os.O_RDWR | os.O_CLOEXEC)
    try:
        old = _read_all(fd)
        if len(data) > len(old):  # a full disk fails here, before a byte is changed
            with contextlib.suppress(AttributeError, OSError):
                os.posix_fallocate(fd, 0, len(data))
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            _write_all(fd, data)
            os.ftruncate(fd, len(data))
            os.fsync(fd)
        except OSError:
            with contextlib.suppress(OSError):  # put the old bytes back
                os.lseek(fd, 0, os.SEEK_SET)
                _write_all(fd, old)
                os.ftruncate(fd, len(old))
                os.fsync(fd)
            raise
    finally:
        os.close(fd)


def _replace(target: Path, folder: Path, data: Content, info: os.stat_result | None) -> bool:
    """Write a temporary file and rename it over ``target``.

    False (and nothing written) when ``target`` exists and the temporary file
    cannot be given its owner and group.
    """
    tmp_name: str | None = None
    fd: int | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=folder
        )
        if info is not None and not _same_owner(fd, info):
            return False
        if isinstance(data, bytes):
            _write_all(fd, data)
        else:
            with open(fd, "wb", closefd=False) as file:  # (buffered; flushed on leaving)
                data(file)
        os.fsync(fd)
        os.close(fd)
        fd = None
        if info is not None:
            mode = info.st_mode & 0o7777
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
        tmp_name = None
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
    return True


def _same_owner(fd: int, info: os.stat_result) -> bool:
    """Give the open file the owner and group of ``info``; False when not permitted."""
    mine = os.fstat(fd)
    if (mine.st_uid, mine.st_gid) == (info.st_uid, info.st_gid):
        return True
    try:
        os.fchown(fd, info.st_uid, info.st_gid)
    except PermissionError:
        return False
    return True


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:  # os.write may write less than asked
        written = os.write(fd, view)
        view = view[written:]


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _remove_stale_temporaries(folder: Path, name: str) -> None:
    """Remove temporary files of ours for ``name`` whose writer was killed."""
    pattern = re.compile(_TEMP_NAME.format(name=re.escape(name)))
    now = time.time()
    prefix = f".{name}."
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if not entry.name.startswith(prefix):
                continue
            match = pattern.fullmatch(entry.name)
            if match is None:
                continue
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if not stat.S_ISREG(info.st_mode) or now - info.st_mtime < STALE_AFTER_S:
                    continue
                pid = match["pid"]
                if pid is not None and _running(int(pid)):
                    continue
                os.unlink(entry.path)


def _running(pid: int) -> bool:
    """True unless no process ``pid`` exists (on this machine, in this PID namespace)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # someone else's process, or not a PID we can ask about
    return True
