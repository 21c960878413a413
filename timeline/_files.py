"""What a path is, when it is not a regular file (for refusing to read it)."""

from __future__ import annotations

import stat

__all__ = ["not_a_regular_file"]


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
