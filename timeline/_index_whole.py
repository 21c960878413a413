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

from timeline._copies import copied
from timeline._index_parts import Marks

if TYPE_CHECKING:
    import numpy.typing as npt

    Floats = npt.NDArray[np.float64]
    Ints = npt.NDArray[np.int64]
    Ints32 = npt.NDArray[np.int32]

__all__ = ["Slots", "joined", "position_code"]


def joined(pieces: Sequence[Sequence[int]], code: str) -> npt.NDArray[np.intp]:
    """The positions in ``pieces`` in one numpy array of its index type, ascending
    (:meth:`timeline.index.SpanIndex.overlapping_array`); ``code``: the ``array`` type
    of the index's positions (the pieces joined in one first: a copy of bytes each)."""
    together = array(code)
    for piece in pieces:
        together += piece if type(piece) is array and piece.typecode == code else array(code, piece)
    # (as numpy's own index type, which an array of objects is indexed by fastest; a copy:
    # the array is let go)
    found = np.frombuffer(together, code).astype(np.intp) if together else np.zeros(0, np.intp)
    found.sort()
    return found


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
        "_crossings",
        "_lowers",
        "_order",
        "_scan",
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
        code = self._code = position_code(len(lo))
        order = np.argsort(lo, kind="stable").astype(_dtype(code))
        # the arrays kept, and views of them to compute with (none kept: an array viewed
        # cannot be resized, and the index's arrays are copied before an edit resizes them)
        self.order: array[int] = _ints(order, code)
        self.lowers = _taken(lo, order)
        self.uppers = _taken(hi, order)
        del order
        self._order = np.frombuffer(self.order, _dtype(code))
        self._lowers = np.frombuffer(self.lowers, np.float64)
        # (inf - inf: an interval open at both ends; a span longer than the largest float
        # overflows to inf, not finite either, as math.isfinite finds it in the Python build)
        with np.errstate(invalid="ignore", over="ignore"):
            finite = np.isfinite(np.frombuffer(self.uppers, np.float64) - self._lowers)
        self.scan = copied(self.uppers, "d")  # (a piece at a time: the window runs meanwhile)
        self._scan = np.frombuffer(self.scan, np.float64)
        self._scan[~finite] = -np.inf
        open_slots: list[int] = np.flatnonzero(~finite).tolist()
        self.open_slots = open_slots
        self._crossings: tuple[list[float], Ints32, Ints32] | None = None

    def by_upper(self, starts: list[int]) -> tuple[array[float], array[int]]:
        """:func:`timeline._index_parts.by_upper` of these slots: the uppers and positions
        block by block (from one of ``starts`` to the next), each block's by upper bound."""
        n = len(self._order)
        block = np.cumsum(
            np.bincount(np.asarray(starts, np.int64), minlength=n + 1)[:n], dtype=np.int32
        )
        uppers = np.frombuffer(self.uppers, np.float64)
        by = np.lexsort((uppers, block))  # (stable: equal uppers of a block as in the slots)
        del block
        return _taken(uppers, by), _ints(self._order[by], self._code)

    def _crossed(self, values: list[float]) -> tuple[Ints32, Ints32]:
        """For each slot, the first mark at or after its lower and the first at or after its
        upper (``scan`` as made: 0 for a span open at an end); computed once for ``values``."""
        made = self._crossings
        if made is None or made[0] is not values:
            marks = np.asarray(values, np.float64)
            first = np.searchsorted(marks, self._lowers, side="left").astype(np.int32)
            last = np.searchsorted(marks, self._scan, side="left").astype(np.int32)
            made = self._crossings = (values, first, last)
        return made[1], made[2]

    def crowded(self, values: list[float], budget: float) -> tuple[int, list[int], float]:
        """The most marks a span in the marks' lists may cross (the spans that cross the
        fewest taken first while their entries fit ``budget``), the slots of the finite
        spans that cross more, and the extent of the finite spans (at least 1)."""
        first, last = self._crossed(values)
        finite = self._scan != -np.inf
        crossed = last - first
        counts = np.bincount(crossed[finite])
        # (entries of the spans that cross at most so many marks, each count that occurs)
        totals = np.cumsum(counts * np.arange(len(counts)))
        fits = np.flatnonzero((counts > 0) & (totals <= budget))
        most = int(fits[-1]) if len(fits) else 0
        bucketed: list[int] = np.flatnonzero(finite & (crossed > most)).tolist()
        extent = 1.0
        if bucketed:
            # (as Python floats: the extent of spans near both ends of the floats is
            # infinite, as the Python build finds it, where numpy's subtraction warns)
            extent = max(float(self._scan[finite].max()) - float(self._lowers[finite].min()), 1.0)
        return most, bucketed, extent

    def marks(self, values: list[float], scan: Sequence[float], budget: float) -> Marks | None:
        """:meth:`Marks.made` of these slots: the marks ``values`` over the spans whose
        uppers by slot are ``scan`` (``-inf``: a span left out of the marks' lists; else
        the slots' scan as made); ``None`` when the lists would hold more than ``budget``
        entries."""
        count = len(values)
        starts: list[int] = np.searchsorted(
            self._lowers, np.asarray(values, np.float64), side="right"
        ).tolist()
        members = np.flatnonzero(_floats(scan) != -np.inf)  # (slots)
        first, last = self._crossed(values)
        first, last = first[members], last[members]
        crossed = last - first
        if int(crossed.sum(dtype=np.int64)) > budget:
            return None
        code = self._code
        # the last mark each crosses: its 'ending' list, by upper bound, then position (the
        # mark follows from the upper: sorted by upper, they are by mark)
        ends = np.flatnonzero(crossed > 0)
        cuts = _cuts(last[ends] - 1, count)
        slots = members[ends]
        del ends
        positions = self._order[slots]
        uppers = self._scan[slots]
        del slots
        by = np.lexsort((positions, uppers))
        positions = positions[by]
        ending: list[tuple[MutableSequence[float], MutableSequence[int]]] = list(
            zip(_split(uppers[by], cuts, "d"), _split(positions, cuts, code), strict=True)
        )
        bounds = _bounds(positions, cuts)
        del by, positions, uppers, last
        # every mark before it: the 'through' lists, by position
        runs = crossed - 1
        del crossed
        have = np.flatnonzero(runs > 0)
        runs = runs[have].astype(np.int64)
        firsts = first[have].astype(np.int64)
        positions = self._order[members[have]]
        del have, first, members
        through = self._through(firsts, runs, positions, count)
        return Marks(values, starts, through, ending, bounds)

    def _through(
        self, firsts: Ints, runs: Ints, positions: npt.NDArray[Any], count: int
    ) -> list[MutableSequence[int]]:
        """The 'through' lists of ``count`` marks, each by position: the span at
        ``positions[i]`` is in those of marks ``firsts[i]`` to ``firsts[i] + runs[i] - 1``.
        Made for a part of the marks at a time, of at most :data:`THROUGH_PART` entries
        (or one mark's): each entry is sorted as one number, mark * n + position, 8 bytes,
        and at ten million spans all of them at once were the span index's peak."""
        ends = firsts + runs
        sizes = np.cumsum(
            np.bincount(firsts, minlength=count + 1) - np.bincount(ends, minlength=count + 1)
        )[:count]  # (how many spans each mark's list holds)
        totals = np.concatenate([[0], np.cumsum(sizes)])
        n = len(self._order)  # (count * n + n: well below 2**63)
        through: list[MutableSequence[int]] = []
        at = 0
        while at < count:
            end = int(np.searchsorted(totals, totals[at] + THROUGH_PART, side="right")) - 1
            end = min(max(end, at + 1), count)
            part = np.flatnonzero((firsts < end) & (ends > at))  # (the spans in them)
            low = np.maximum(firsts[part], at)
            taken = np.minimum(ends[part], end) - low
            keys = _entry_marks(low, taken)
            keys -= at
            keys *= n
            keys += np.repeat(positions[part], taken)
            del part, low, taken
            keys.sort()
            keys %= n
            entries = keys.astype(_dtype(self._code))
            del keys  # (before the lists are made of them)
            cuts = (totals[at : end + 1] - totals[at]).tolist()
            through.extend(_split(entries, cuts, self._code))
            at = end
        return through


THROUGH_PART = 1 << 22
"""The most entries of the marks' 'through' lists sorted at once (more: one mark's)."""


def _entry_marks(firsts: Ints, runs: Ints) -> Ints:
    """The mark of each entry of spans each in ``runs[i]`` (at least 1) lists from mark
    ``firsts[i]`` on, span after span: ``firsts[0], firsts[0] + 1, …, firsts[1], …``."""
    total = int(runs.sum())
    marks = np.ones(total, np.int64)
    if total:
        # the steps between them, summed
        begins = np.cumsum(runs) - runs
        marks[0] = firsts[0]
        marks[begins[1:]] = firsts[1:] - (firsts[:-1] + runs[:-1] - 1)
        np.cumsum(marks, out=marks)
    return marks


def _bounds(values: npt.NDArray[Any], cuts: list[int]) -> list[tuple[int, int] | None]:
    """The least and the greatest of ``values`` between each two cuts (``None``: none)."""
    bounds: list[tuple[int, int] | None] = [None] * (len(cuts) - 1)
    begins = np.asarray(cuts[:-1], np.int64)
    have = np.flatnonzero(np.diff(np.asarray(cuts, np.int64)) > 0)
    if len(have):
        firsts = begins[have]  # (an empty part has no width: the next begins where it ends)
        least = np.minimum.reduceat(values, firsts).tolist()
        greatest = np.maximum.reduceat(values, firsts).tolist()
        for j, low, high in zip(have.tolist(), least, greatest, strict=True):
            bounds[j] = (low, high)
    return bounds


def _cuts(marks: Ints | Ints32, count: int) -> list[int]:
    """Where each of ``count`` marks' entries begin and end, the entries sorted by mark."""
    sizes = np.bincount(marks, minlength=count)
    cuts: list[int] = np.concatenate([[0], np.cumsum(sizes)]).tolist()
    return cuts


def _dtype(code: str) -> type[np.int32 | np.int64]:
    return np.int32 if code == "i" else np.int64


def _split(values: npt.NDArray[np.generic], cuts: list[int], code: str) -> list[array[Any]]:
    """``values`` cut at ``cuts`` into ``array``\\ s of ``code`` (its itemsize theirs), each
    read from the array in place (no bytes of the whole made first: at ten million spans,
    the marks' entries copied once more at the span index's peak)."""
    raw = np.ascontiguousarray(values).data.cast("B")
    size = values.itemsize
    parts: list[array[Any]] = []
    for a, b in pairwise(cuts):
        part = array(code)
        part.frombytes(raw[a * size : b * size])
        parts.append(part)
    raw.release()
    return parts


def _ints(values: npt.NDArray[np.generic], code: str) -> array[int]:
    out = array(code, [0]) * len(values)
    view = np.frombuffer(out, values.dtype)  # (let go at once: an array in use cannot resize)
    view[...] = values
    del view
    return out


def _taken(values: Floats, order: npt.NDArray[Any]) -> array[float]:
    """``values[order]`` as an ``array("d")`` (taken into it: no second copy)."""
    out = array("d", [0.0]) * len(order)
    view = np.frombuffer(out, np.float64)
    np.take(values, order, out=view)
    del view
    return out


def _floats(values: Sequence[float]) -> Floats:
    if isinstance(values, array) and values.typecode == "d":
        return np.frombuffer(values, np.float64)
    return np.asarray(values, np.float64)
