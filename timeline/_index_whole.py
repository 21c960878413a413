"""A big span index's slots and marks made whole with numpy, kept as arrays (issue 15).

:class:`timeline.index.SpanIndex` sorts its spans by lower bound and puts each
finite span in the lists of the marks it runs across (:class:`timeline._index_parts.Marks`).
In Python that is a sort with a key and a sweep over the marks with a few list
operations each: about 0.9 s of CPU at a million spans (15,625 marks), which a
viewer pays before the first frame of a big timeline.  Here the same structure
is computed on whole arrays: the order by :func:`numpy.argsort` (stable: equal
lowers by position, as ``sorted`` keeps them), and for each span the marks it
crosses by two searches, ``[bisect_left(values, lower), bisect_left(values, upper))``
(:meth:`Marks.crossed`'s rule), its entries sorted by mark and then as the
sweep orders them.

What is kept is not lists of Python numbers but ``array`` objects of the same
values (what a query bisects and slices as it does lists): the slots' lowers and
uppers as doubles (8 bytes a span each), their positions as 32-bit ints (4 bytes;
64-bit from 2**31 spans), and each mark's lists the same way.  Lists held an
8-byte reference and a float or int object (24 or 28 bytes) for each: at ten
million spans, gigabytes, and most of the time of building them.  No numpy array
is kept either: an edit inserts into and deletes from the arrays as from lists.
The index uses this build for big indexes when numpy is installed;
tests/test_index_whole.py checks that both builds give the same index.
"""

from __future__ import annotations

from array import array
from collections.abc import MutableSequence, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import numpy as np

from timeline._index_parts import Marks

if TYPE_CHECKING:
    import numpy.typing as npt

    Floats = npt.NDArray[np.float64]
    Ints = npt.NDArray[np.int64]

__all__ = ["Slots", "position_code"]


def position_code(count: int) -> str:
    """The ``array`` typecode of positions below ``count`` (and a few put in by edits)."""
    return "i" if count < 2**31 - 2**20 else "q"


class Slots:
    """Spans sorted by lower bound (equal ones by position), as an index keeps them.

    ``order``: the position in each slot; ``lowers`` and ``uppers``: the bounds by slot;
    ``scan``: the uppers, but ``-inf`` for a span of infinite length (open at an end);
    ``open_slots``: the slots of those, ascending.  All but the last are ``array``\\ s.
    ``spans``: whether every lower is at most its upper (none NaN); when not, the rest
    is not to be used.
    """

    __slots__ = (
        "_code",
        "_lowers",
        "_order",
        "lowers",
        "open_slots",
        "order",
        "scan",
        "spans",
        "uppers",
    )

    def __init__(self, lowers: Sequence[float], uppers: Sequence[float]) -> None:
        lo, hi = _floats(lowers), _floats(uppers)
        self.spans = bool(np.all(lo <= hi))
        self._code = position_code(len(lo))
        order = np.argsort(lo, kind="stable")
        self._order = order = order.astype(_dtype(self._code))
        self._lowers = by_slot = lo[order]
        by_slot_uppers = hi[order]
        # (inf - inf: an interval open at both ends; a span longer than the largest float
        # overflows to inf, not finite either, as math.isfinite finds it in the Python build)
        with np.errstate(invalid="ignore", over="ignore"):
            finite = np.isfinite(by_slot_uppers - by_slot)
        self.order: array[int] = _ints(order, self._code)
        self.lowers = _doubles(by_slot)
        self.uppers = _doubles(by_slot_uppers)
        by_slot_uppers[~finite] = -np.inf
        self.scan = _doubles(by_slot_uppers)
        open_slots: list[int] = np.flatnonzero(~finite).tolist()
        self.open_slots = open_slots

    def crowded(self, values: list[float], budget: float) -> tuple[int, list[int], float]:
        """The most marks a span in the marks' lists may cross (the spans that cross the
        fewest taken first while their entries fit ``budget``), the slots of the finite
        spans that cross more, and the extent of the finite spans (at least 1)."""
        marks = np.asarray(values, np.float64)
        scan = _floats(self.scan)
        finite = scan != -np.inf
        crossed = np.searchsorted(marks, scan, side="left")
        crossed -= np.searchsorted(marks, self._lowers, side="left")
        counts = np.bincount(crossed[finite])
        # (entries of the spans that cross at most so many marks, each count that occurs)
        totals = np.cumsum(counts * np.arange(len(counts)))
        fits = np.flatnonzero((counts > 0) & (totals <= budget))
        most = int(fits[-1]) if len(fits) else 0
        crowded = finite & (crossed > most)
        bucketed: list[int] = np.flatnonzero(crowded).tolist()
        extent = 1.0
        if bucketed:
            extent = max(float(scan[finite].max() - self._lowers[finite].min()), 1.0)
        return most, bucketed, extent

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
        code = self._code
        # the last mark each crosses: its 'ending' list, by upper bound, then position
        ends = np.flatnonzero(crossed > 0)
        mark = last[ends] - 1
        positions = self._order[members[ends]]
        ending_uppers = uppers[ends]
        del ends
        by = np.lexsort((positions, ending_uppers, mark))
        cuts = _cuts(mark, count)
        del mark
        ending: list[tuple[MutableSequence[float], MutableSequence[int]]] = list(
            zip(
                _split(ending_uppers[by], cuts, "d"),
                _split(positions[by], cuts, code),
                strict=True,
            )
        )
        del by, positions, ending_uppers
        # every mark before it: the 'through' lists, by position
        runs = np.maximum(crossed - 1, 0)
        del crossed, last, uppers
        span = np.repeat(np.arange(len(runs)), runs)
        mark = first[span] + (np.arange(len(span)) - np.repeat(np.cumsum(runs) - runs, runs))
        del runs, first
        positions = self._order[members[span]]
        del span, members
        by = np.lexsort((positions, mark))
        cuts = _cuts(mark, count)
        del mark
        through: list[MutableSequence[int]] = list(_split(positions[by], cuts, code))
        return Marks(values, starts, through, ending)


def _cuts(marks: Ints, count: int) -> list[int]:
    """Where each of ``count`` marks' entries begin and end, the entries sorted by mark."""
    sizes = np.bincount(marks, minlength=count)
    cuts: list[int] = np.concatenate([[0], np.cumsum(sizes)]).tolist()
    return cuts


def _dtype(code: str) -> type[np.int32 | np.int64]:
    return np.int32 if code == "i" else np.int64


def _split(values: npt.NDArray[np.generic], cuts: list[int], code: str) -> list[array[Any]]:
    """``values`` cut at ``cuts`` into ``array``\\ s of ``code`` (its itemsize theirs)."""
    raw = values.tobytes()
    size = values.itemsize
    return [array(code, raw[a * size : b * size]) for a, b in pairwise(cuts)]


def _ints(values: npt.NDArray[np.generic], code: str) -> array[int]:
    out = array(code, [0]) * len(values)
    view = np.frombuffer(out, values.dtype)  # (let go at once: an array in use cannot resize)
    view[...] = values
    del view
    return out


def _doubles(values: Floats) -> array[float]:
    out = array("d", [0.0]) * len(values)
    view = np.frombuffer(out, np.float64)
    view[...] = values
    del view
    return out


def _floats(values: Sequence[float]) -> Floats:
    if isinstance(values, array) and values.typecode == "d":
        return np.frombuffer(values, np.float64)
    return np.asarray(values, np.float64)
