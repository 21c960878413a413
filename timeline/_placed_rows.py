"""Row numbers by position kept without an array of every position (issue 15): see
:class:`PlacedRows`."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, overload

import numpy as np

__all__ = ["PlacedRows", "rows_at"]


class PlacedRows(Sequence[int]):
    """Rows by position where position ``p``'s row is ``p``, but for the positions
    ``placed`` (by position, its row).

    With nothing placed, the rows of a file already in chronological order (as
    :func:`timeline.dump` writes them): its positions are its rows.  An edit of a timeline
    held as columns that puts each event back in its place (a title, a summary, a citation
    edited) places the rows of the events put in (:mod:`timeline._edited_columns`).

    Not an array of every position: at ten million events that is 80 MB, kept for as long
    as the timeline lives (an edit: as long as it can be undone; and twice that while an
    array was made).  Read whole (``np.asarray``), it is made such an array for the
    question; :func:`rows_at` reads some without."""

    __slots__ = ("_n", "_sorted", "placed")

    def __init__(self, n: int, placed: Mapping[int, int]) -> None:
        self._n = n
        self.placed = placed
        self._sorted: tuple[Any, Any] | None = None

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, p: int) -> int: ...

    @overload
    def __getitem__(self, p: slice) -> Any: ...

    def __getitem__(self, p: int | slice) -> int | Any:
        if type(p) is int and 0 <= p < self._n:  # (the common case first)
            return self.placed.get(p, p) if self.placed else p
        if isinstance(p, slice):
            return self.at(np.arange(self._n)[p])
        q = range(self._n)[p]  # (IndexError past the end, as a list's; -1 the last)
        return self.placed.get(q, q)

    def __iter__(self) -> Iterator[int]:
        placed = self.placed
        return (placed.get(p, p) for p in range(self._n))

    def at(self, positions: Any) -> Any:
        """The rows of ``positions`` (an integer array, each in range) as an int64 array."""
        out = np.array(positions, np.int64)
        if not self.placed or not len(out):
            return out
        if self._sorted is None:
            keys = np.fromiter(self.placed, np.int64, len(self.placed))
            order = np.argsort(keys)
            values = np.fromiter(self.placed.values(), np.int64, len(self.placed))
            self._sorted = (keys[order], values[order])
        keys, values = self._sorted
        at = np.minimum(np.searchsorted(keys, out), len(keys) - 1)
        hit = keys[at] == out
        out[hit] = values[at[hit]]
        return out

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> Any:
        out = np.arange(self._n, dtype=np.int64)
        if self.placed:
            out[np.fromiter(self.placed, np.int64)] = np.fromiter(self.placed.values(), np.int64)
        return out if dtype is None else out.astype(dtype, copy=False)

    def __repr__(self) -> str:
        return f"<PlacedRows: {self._n} rows, {len(self.placed)} placed>"


def rows_at(rows: Sequence[int], positions: Any) -> Any:
    """The rows of ``positions`` (an integer array) as an int64 array: of
    :class:`PlacedRows`, without making the row of every position."""
    if isinstance(rows, PlacedRows):
        return rows.at(positions)
    return np.asarray(rows, np.int64)[positions]
