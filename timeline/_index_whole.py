"""A big span index's slots and marks made whole with numpy (issue 15).

:class:`timeline.index.SpanIndex` sorts its spans by lower bound and puts each
finite span in the lists of the marks it runs across (:class:`timeline._index_parts.Marks`).
In Python that is a sort with a key and a sweep over the marks with a few list
operations each: about 0.9 s of CPU at a million spans (15,625 marks), which a
viewer pays before the first frame of a big timeline.  Here the same structure
is computed on whole arrays: the order by :func:`numpy.argsort` (stable: equal
lowers by position, as ``sorted`` keeps them), and for each span the marks it
crosses by two searches, ``[bisect_left(values, lower), bisect_left(values, upper))``
(:meth:`Marks.crossed`'s rule), its entries sorted by mark and then as the
sweep orders them.  The index uses it for big indexes when numpy is installed;
tests/test_index_whole.py checks that both builds give the same index.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

import numpy as np

from timeline._index_parts import Marks

if TYPE_CHECKING:
    import numpy.typing as npt

    Floats = npt.NDArray[np.float64]
    Ints = npt.NDArray[np.int64]

__all__ = ["Slots"]


class Slots:
    """Spans sorted by lower bound (equal ones by position), as an index keeps them.

    ``order``: the position in each slot; ``lowers``: the lower bounds by slot (both
    lists); ``uppers``: the upper bounds by slot (``array("d")``); ``finite``: whether
    each slot's span has a finite length (neither end open).
    """

    __slots__ = ("_lowers", "_order", "_uppers_of", "finite", "lowers", "order", "uppers")

    def __init__(self, lowers: Sequence[float], uppers: Sequence[float]) -> None:
        lo, hi = _floats(lowers), _floats(uppers)
        order: Ints = np.argsort(lo, kind="stable")
        by_slot_uppers = hi[order]
        # (inf - inf: an interval open at both ends; a span longer than the largest float
        # overflows to inf, not finite either, as math.isfinite finds it in the Python build)
        with np.errstate(invalid="ignore", over="ignore"):
            finite = np.isfinite(by_slot_uppers - lo[order])
        self._order = order
        self._lowers = lo[order]
        self._uppers_of = uppers.__getitem__
        self.order: list[int] = order.tolist()
        # (the values themselves, where a list gave them: no second float object each)
        self.lowers: list[float] = list(map(lowers.__getitem__, self.order))
        self.uppers = array("d")
        self.uppers.frombytes(by_slot_uppers.tobytes())
        self.finite: list[bool] = finite.tolist()

    def marks(self, values: list[float], scan: Sequence[float], budget: float) -> Marks | None:
        """:meth:`Marks.made` of these slots: the marks ``values`` over the spans whose
        uppers by slot are ``scan`` (``-inf``: a span left out of the marks' lists);
        ``None`` when the lists would hold more than ``budget`` entries."""
        marks = np.asarray(values, np.float64)
        count = len(values)
        starts: list[int] = np.searchsorted(self._lowers, marks, side="right").tolist()
        scanned = _floats(scan)
        members = np.flatnonzero(scanned != -np.inf)  # (slots)
        uppers = scanned[members]
        first = np.searchsorted(marks, self._lowers[members], side="left")  # at or after it
        last = np.searchsorted(marks, uppers, side="left")  # past the last before its end
        crossed = last - first
        if int(crossed.sum()) > budget:
            return None
        # each list holds the position objects of the slots' list (and the uppers those of
        # the caller's sequence), as the sweep's lists do: no second int object each
        position_of = self.order.__getitem__
        # the last mark each crosses: its 'ending' list, by upper bound, then position
        ends = np.flatnonzero(crossed > 0)
        mark = last[ends] - 1
        by = np.lexsort((self._order[members[ends]], uppers[ends], mark))
        cuts = _cuts(mark, count)
        slots = members[ends[by]]
        del ends, mark, by
        ending_positions = list(map(position_of, _each(slots)))
        ending_uppers = list(map(self._uppers_of, ending_positions))
        ending = [(ending_uppers[a:b], ending_positions[a:b]) for a, b in pairwise(cuts)]
        del ending_positions, ending_uppers, slots
        # every mark before it: the 'through' lists, by position
        runs = np.maximum(crossed - 1, 0)
        span = np.repeat(np.arange(len(runs)), runs)
        mark = first[span] + (np.arange(len(span)) - np.repeat(np.cumsum(runs) - runs, runs))
        del runs, first, last, crossed
        slots = members[span]
        del span
        by = np.lexsort((self._order[slots], mark))
        cuts = _cuts(mark, count)
        slots = slots[by]
        del by, mark
        through_positions = list(map(position_of, _each(slots)))
        del slots
        through = [through_positions[a:b] for a, b in pairwise(cuts)]
        return Marks(values, starts, through, ending)


def _cuts(marks: Ints, count: int) -> list[int]:
    """Where each of ``count`` marks' entries begin and end, the entries sorted by mark."""
    sizes = np.bincount(marks, minlength=count)
    cuts: list[int] = np.concatenate([[0], np.cumsum(sizes)]).tolist()
    return cuts


def _each(values: Ints) -> array[int]:
    """``values`` to iterate: each int made as it is read and dropped at once (a list of them
    would leave the freed ints' memory scattered among the objects kept)."""
    out = array("q")
    out.frombytes(values.astype(np.int64).tobytes())
    return out


def _floats(values: Sequence[float]) -> Floats:
    if isinstance(values, array) and values.typecode == "d":
        return np.frombuffer(values, np.float64)
    return np.asarray(values, np.float64)
