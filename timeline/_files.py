"""Opening a file to read it: only a regular file, and never waiting to open it."""

from __future__ import annotations

import errno
import os
import stat
from typing import BinaryIO

__all__ = [
    "NotARegularFileError",
    "TooBigError",
    "cannot_read",
    "not_a_regular_file",
    "open_regular",
    "read_regular",
]


class NotARegularFileError(OSError):
    """The path is a FIFO, a device, a socket or a directory; ``strerror`` says which."""


class TooBigError(Exception):
    """The file is larger than the reader's limit: ``size`` bytes (``more``:
    ``" or more"`` when it grew while it was read)."""

    def __init__(self, size: int, more: str = "") -> None:
        super().__init__(f"{size:,} bytes{more}")
        self.size = size
        self.more = more


def not_a_regular_file(mode: int) -> str | None:
    """Why a file of ``mode`` (``st_mode``) cannot be read as a timeline; ``None`` if it can.

    Only regular files are read: a FIFO or a terminal would block the reader
    until some other process writes (for ever, if none does), and a device
    like ``/dev/zero`` never ends.
    """
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "it is a directory"
    if stat.S_ISFIFO(mode):
        what = "a pipe (FIFO)"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        what = "a device"
    elif stat.S_ISSOCK(mode):
        what = "a socket"
    else:
        what = "something else"
    return f"it is {what}, not a regular file"


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """``path`` opened for reading in binary; :class:`NotARegularFileError` if not a regular file.

    It is opened non-blocking (a FIFO does not wait for a writer), then checked
    on the open file, so nothing swapped in at the path in between can slip past.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        why = not_a_regular_file(os.fstat(fd).st_mode)
        if why is not None:
            raise NotARegularFileError(errno.EINVAL, why, os.fspath(path))
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the regular file at ``path``; :class:`TooBigError` when
    there are more than ``limit``, before they are read.

    The size is read from the open file (a sparse or growing file cannot slip
    past), and at most one byte more than the limit is ever read.
    """
    with open_regular(path) as handle:  # (a FIFO is refused, not waited on)
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            raise TooBigError(size)
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        raise TooBigError(len(raw), " or more")
    return raw


def cannot_read(exc: OSError, path: str | os.PathLike[str]) -> str:
    """Why the file at ``path`` could not be read, in a few words (``no such file``)."""
    if isinstance(exc, IsADirectoryError) or os.path.isdir(path):
        return "it is a directory"
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    return exc.strerror or str(exc)
