"""Big arrays copied a piece at a time, so that another thread keeps running meanwhile.

An edit of a timeline of ten million events copies columns of 80 MB (the timeline before
stays as it was).  One copy is one call into C that holds the interpreter throughout, and
the first touch of fresh memory makes it slow: on a virtual machine here, 0.1-0.9 s for
one column, the window (whose thread waits for the interpreter) frozen meanwhile while
the edit was made on a worker.  Copied :data:`CHUNK` bytes at a time, the interpreter is
handed over between two pieces (``sleep(0)``: a thread waiting for it runs then; without
it, two threads copying took turns and the window's thread waited up to 0.2 s): the same
work, no long pause.  The pieces are small because each can be slow: the array grows as
it is copied into, and when it outgrows its block the C library moves it; in the window
at ten million events one piece of 4 MiB took 20 to 150 ms.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, MutableSequence
from time import sleep
from typing import Any, Final, TypeVar

T = TypeVar("T")

__all__ = ["CHUNK", "array_from_buffer", "copied", "copy_of"]

CHUNK: Final = 1 << 18
"""Bytes copied in one call (256 KiB: well under a millisecond, unless the array moves)."""


def array_from_buffer(code: str, data: Any) -> array[Any]:
    """An ``array`` of type ``code`` holding a copy of the buffer ``data`` (its bytes, of that
    type's items: a numpy array's, another ``array``'s), copied a piece at a time."""
    view = memoryview(data).cast("B")
    out = array(code)
    for at in range(0, len(view), CHUNK):  # (a big array grows in place: no copy again)
        out.frombytes(view[at : at + CHUNK])
        if at:
            sleep(0)  # (the interpreter handed over: a thread waiting for it runs now)
    return out


def copied(values: Iterable[Any], code: str) -> array[Any]:
    """A new ``array`` of type ``code`` with the items of ``values`` (``array(code, values)``):
    an ``array`` of that type copied a piece at a time."""
    if isinstance(values, array) and values.typecode == code:
        return array_from_buffer(code, values)
    return array(code, values)


def copy_of(values: MutableSequence[T]) -> MutableSequence[T]:
    """A copy of ``values`` of its own type (``values[:]``): an ``array`` a piece at a time."""
    if isinstance(values, array):
        return array_from_buffer(values.typecode, values)
    return values[:]
