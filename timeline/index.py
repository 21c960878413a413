"""A span index: which of n spans overlap a window, in O(log n + k).

Spans are half-open ``[lower, upper)`` in seconds; a span of zero length
(``lower == upper``) stands for the single instant ``lower``.  Windows follow
the same rule.  A span overlaps a window ``[lo, hi)`` when it starts inside it,
or when it started before ``lo`` and still runs after ``lo``.

* Every span is in one list sorted by lower bound (its *slot*): the spans that
  start inside a window are one slice of it, found by a bisection.
* The spans that started before ``lo`` and still run are found from *marks*:
  the lower bound of every 64th slot (``block``).  For each mark the index keeps
  the spans that run across it, in two lists: those that still run at the next
  mark (all of them overlap a window that starts between the two marks: taken
  whole) and those that end before it (kept by upper bound: the ones still
  running at ``lo`` are a slice).  The spans that started between the last
  mark before ``lo`` and ``lo`` (fewer than a block) are tested one by one.  So
  a query is a few bisections, a few slices and at most a block of tests,
  whatever the mix of lengths.
* The spans of each block (the slots from one mark to the next) are also kept by
  upper bound: when the window runs past the end of the block it starts in, those
  of the block that run after ``lo`` are one more bisection and a slice (they
  started before ``lo`` and still run, or start in the window), and nothing is
  tested one by one (``between()`` of 190 events of a million: 7 µs, was 11).
* A span is kept once for each mark it runs across.  So that the marks' lists
  hold at most :data:`BUDGET` entries per span, the spans that cross the most
  marks may be left out of them (the generated timelines of 1M events need
  about two entries a span, and leave none out): those are kept in *buckets*
  by length, each sorted by lower bound.  A length that many of them share has
  a bucket of its own (its uppers are then in order too: the spans still
  running are one more bisection); the others are grouped by length class
  (powers of two), and those that start less than the class's longest length
  before ``lo`` are tested one by one.  Spans open at one end are kept sorted by
  their finite end; the rare span open at both ends is checked on every query.

An index is immutable; :meth:`SpanIndex.edited` makes the index of a few spans
taken out and put in without building it again (the positions of the others
renumbered), as an edit of a timeline needs.  Building it does its per-span
work with ``map``, ``zip`` and ``compress`` (C speed), except putting each span
into the lists of the marks it crosses; a big index (:data:`WHOLE_FROM` spans) is sorted
and put in the marks' lists with numpy when it is installed (:mod:`timeline._index_whole`),
and keeps its slots and marks' lists as ``array`` objects (8 bytes a bound, 4 a position),
which queries bisect and slice, and edits change, as they do lists.
The parts besides the slots are in :mod:`timeline._index_parts`.

The viewer uses the same index to find what is visible in each frame.
"""

from __future__ import annotations

import functools
import math
import sys
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, MutableSequence, Sequence
from itertools import compress, islice, repeat
from operator import and_, eq, le, lt, not_, sub
from typing import TYPE_CHECKING, Final

from timeline._copies import copied, copy_of
from timeline._index_parts import (
    Buckets,
    Ends,
    Marks,
    Renumbering,
    by_upper,
    put_in_block,
    slot_of,
    take_out_of_block,
)

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from timeline._index_whole import Slots

__all__ = ["BLOCK", "BUDGET", "WHOLE_FROM", "SpanIndex"]

BLOCK: Final = 64
"""Slots from one mark to the next: a query tests fewer spans than this one by one."""
BUDGET: Final = 4.0
"""Entries in the marks' lists per span at most (each a reference: 8 bytes)."""

WHOLE_FROM: Final = 50_000
"""Spans from which the slots and marks are made on whole arrays when numpy is installed
(:mod:`timeline._index_whole`: the same index, 0.9 s -> about 0.4 s of CPU at a million,
about 7 s at ten million, where the marks' lists are over the budget)."""

_INF: Final = math.inf


def _whole(lowers: Sequence[float], uppers: Sequence[float]) -> Slots | None:
    """The slots of the spans made with numpy (``None``: numpy is not installed)."""
    try:
        from timeline._index_whole import Slots
    except ImportError:  # pragma: no cover (numpy comes with the 'arrow' extra)
        return None
    return Slots(lowers, uppers)


@functools.cache
def _joined() -> Callable[[Sequence[Sequence[int]], str], npt.NDArray[np.intp]]:
    """:func:`timeline._index_whole.joined` (imported once: numpy is imported on first use)."""
    from timeline._index_whole import joined

    return joined


def _most_crossed(crossings: Iterable[int], budget: float) -> int:
    """The most marks a span in the marks' lists may cross: the spans that cross the
    fewest are taken first, while their entries (one a mark crossed) fit ``budget``."""
    counts = Counter(crossings)
    total = 0
    most = 0
    for crossed in sorted(counts):
        total += crossed * counts[crossed]
        if total > budget:
            break
        most = crossed
    return most


def _crowded(
    values: list[float], lowers: Sequence[float], uppers: array[float], open_slots: list[int]
) -> tuple[int, list[int], float]:
    """The most marks a span in the marks' lists may cross (:func:`_most_crossed`), the slots
    of the finite spans that cross more, and the extent of the finite spans (at least 1)."""
    n = len(lowers)
    finite = [True] * n
    for slot in open_slots:
        finite[slot] = False
    crossed = list(
        map(sub, map(bisect_left, repeat(values), uppers), map(bisect_left, repeat(values), lowers))
    )
    most = _most_crossed(compress(crossed, finite), BUDGET * n)
    bucketed = list(compress(range(n), map(and_, finite, map(lt, repeat(most), crossed))))
    extent = 1.0
    if bucketed:
        first = min(compress(lowers, finite))
        extent = max(max(compress(uppers, finite)) - first, 1.0)
    return most, bucketed, extent


class SpanIndex:
    """Index of spans ``[lowers[i], uppers[i])``; queries return positions ``i``.

    Bounds may be infinite (an open end) but not NaN, and no span may end
    before it starts (``ValueError``).  ``block``: slots from one mark to the
    next (tests use small ones).
    """

    __slots__ = (
        "_block_positions",
        "_block_uppers",
        "_buckets",
        "_count",
        "_ends",
        "_lowers",
        "_marks",
        "_most",
        "_positions",
        "_scan",
        "_uppers",
    )

    _count: int
    _lowers: MutableSequence[float]
    """Every span's lower bound, ascending (equal ones by position): by slot (a list, or
    for a big index an ``array``, as are the positions and the marks' lists)."""
    _positions: MutableSequence[int]
    """The position of the span in each slot."""
    _uppers: array[float]
    """The upper bound of the span in each slot."""
    _scan: array[float]
    """The same, but ``-inf`` for the spans not in the marks' lists (found elsewhere)."""
    _marks: Marks
    _most: int
    """The most marks a span in the marks' lists crosses (one that crosses more: a bucket)."""
    _block_uppers: array[float]
    """The spans' uppers block by block (the slots from one mark to the next, from slot 0
    to the first mark, from the last to the end), each block's ascending (equal ones as in
    the slots)."""
    _block_positions: MutableSequence[int]
    """Their positions."""
    _buckets: Buckets
    _ends: Ends

    def __init__(
        self, lowers: Sequence[float], uppers: Sequence[float], *, block: int = BLOCK
    ) -> None:
        if len(lowers) != len(uppers):
            raise ValueError("lowers and uppers differ in length")
        if block < 1:
            raise ValueError(f"block must be at least 1, not {block!r}")
        n = len(lowers)
        self._count = n
        whole = _whole(lowers, uppers) if n >= WHOLE_FROM else None
        # (also catches NaN)
        if not (all(map(le, lowers, uppers)) if whole is None else whole.spans):
            for i, (lo, hi) in enumerate(zip(lowers, uppers, strict=True)):
                if not lo <= hi:
                    raise ValueError(f"span {i} is not a span: [{lo!r}, {hi!r})")
        # every position by lower bound (stable: by position among equal ones); a span of
        # infinite length (inf - inf is NaN too) is open at one end or both
        by_slot: MutableSequence[float]
        order: MutableSequence[int]
        if whole is not None:  # (the same, on whole arrays: kept as arrays)
            order, by_slot, by_slot_uppers, scan, open_slots = (
                whole.order,
                whole.lowers,
                whole.uppers,
                whole.scan,
                whole.open_slots,
            )
        else:
            order = sorted(range(n), key=lowers.__getitem__)
            by_slot = list(map(lowers.__getitem__, order))
            by_slot_uppers = array("d", map(uppers.__getitem__, order))
            open_slots = list(
                compress(range(n), map(not_, map(math.isfinite, map(sub, by_slot_uppers, by_slot))))
            )
            scan = array("d", by_slot_uppers)
            for slot in open_slots:
                scan[slot] = -_INF
        self._lowers, self._positions, self._uppers = by_slot, order, by_slot_uppers
        values = sorted(set(filter(math.isfinite, islice(by_slot, block - 1, None, block))))
        # first every finite span in the marks' lists; when they would hold too many,
        # those that cross the most marks in buckets
        self._most = sys.maxsize
        bucketed: list[int] = []  # (their slots)
        if whole is not None:
            marks = whole.marks(values, scan, BUDGET * n)
        else:
            marks = Marks.made(values, by_slot, order, scan, uppers, BUDGET * n)
        extent = 1.0
        if marks is None:
            if whole is not None:
                most, bucketed, extent = whole.crowded(values, BUDGET * n)
            else:
                most, bucketed, extent = _crowded(values, by_slot, by_slot_uppers, open_slots)
            self._most = most
            for slot in bucketed:
                scan[slot] = -_INF
            if whole is not None:
                marks = whole.marks(values, scan, _INF)
            else:
                marks = Marks.made(values, by_slot, order, scan, uppers, _INF)
            assert marks is not None
        self._marks, self._scan = marks, scan
        if whole is not None:
            self._block_uppers, self._block_positions = whole.by_upper(marks.starts)
        else:
            self._block_uppers, self._block_positions = by_upper(
                marks.starts, by_slot_uppers, order
            )
        self._buckets = Buckets.made(lowers, uppers, list(map(order.__getitem__, bucketed)), extent)
        self._ends = Ends.made(lowers, uppers, list(map(order.__getitem__, open_slots)))

    def __len__(self) -> int:
        return self._count

    # -- queries ------------------------------------------------------------------------

    def _pieces(self, lo: float, hi: float) -> list[Sequence[int]]:
        """The positions of the spans that overlap the window ``[lo, hi)`` (``lo <= hi``), in
        pieces, in no order (:meth:`overlapping`)."""
        lowers, marks = self._lowers, self._marks
        first = bisect_left(lowers, lo)
        # every span that starts inside the window overlaps it (even an instant); an
        # instant window, every span that starts at it
        last = bisect_left(lowers, hi, first) if lo < hi else bisect_right(lowers, lo, first)
        j = bisect_left(marks.values, lo) - 1  # the last mark before lo
        pieces: list[Sequence[int]] = []
        if j >= 0:  # those that start at or before it and still run at lo
            uppers, positions = marks.ending[j]
            pieces += (marks.through[j], positions[bisect_right(uppers, lo) :])
        # the slots from that mark to the next (Marks.block, written out: a query's cost)
        starts = marks.starts
        start = starts[j] if j >= 0 else 0
        end = starts[j + 1] if j + 1 < len(starts) else self._count
        if lo < hi and end <= last:
            # the window runs past the block: its spans that run after lo started before
            # lo (and run at it) or start in the window; and its instants at lo
            at = bisect_right(self._block_uppers, lo, start, end)
            pieces.append(self._block_positions[at:end])
            if first < end and lowers[first] == lo:
                stop = bisect_right(lowers, lo, first, end)
                pieces.append(
                    list(
                        compress(
                            self._positions[first:stop],
                            map(eq, self._uppers[first:stop], repeat(lo)),
                        )
                    )
                )
            first = end
            if j >= 0:  # (before the first mark, the block holds every span before lo)
                self._others(pieces, lo, marks.values[j])
        else:
            if start < first:  # those that started after the mark: each tested
                pieces.append(
                    list(
                        compress(
                            self._positions[start:first],
                            map(lt, repeat(lo), self._scan[start:first]),
                        )
                    )
                )
            self._others(pieces, lo, None)
        if first < last:
            pieces.append(self._positions[first:last])
        return pieces

    def _others(self, found: list[Sequence[int]], t: float, upto: float | None) -> None:
        """Put in ``found`` the positions of the spans not in the marks' lists (in buckets, or
        open at an end) that start before ``t`` (``upto``: at or before it instead) and still
        run after it."""
        for reach, lowers, uppers, positions, ordered, shortest in self._buckets.buckets:
            if ordered:
                middle = bisect_left(lowers, t) if upto is None else bisect_right(lowers, upto)
                running = bisect_right(uppers, t, 0, middle)
            else:
                early = bisect_left(lowers, t - reach)
                if upto is None:
                    middle = bisect_left(lowers, t, early)
                else:
                    middle = max(early, bisect_right(lowers, upto))
                # those that start less than the shortest length before t run at t
                running = bisect_right(lowers, t - shortest, early, middle)
                if early < running:
                    found.append(
                        list(
                            compress(
                                positions[early:running], map(lt, repeat(t), uppers[early:running])
                            )
                        )
                    )
            if running < middle:
                found.append(positions[running:middle])
        ends = self._ends.running(t, upto)
        if ends:
            found.append(ends)

    def overlapping(self, lo: float, hi: float) -> list[int]:
        """Positions of spans that share an instant with the window ``[lo, hi)``, in order.

        A span ``[a, b)`` overlaps when ``a < hi`` and ``b > lo``; an instant
        (``a == b``, or ``lo == hi``) counts when it lies in the other.
        """
        if not lo <= hi:
            return []
        found: list[int] = []
        for piece in self._pieces(float(lo), float(hi)):
            found += piece
        found.sort()
        return found

    def overlapping_array(self, lo: float, hi: float) -> npt.NDArray[np.intp] | None:
        """:meth:`overlapping` as a numpy array, for a big index (built whole: its numbers are
        in ``array``\\ s): the pieces joined and sorted by numpy, no Python number made for
        a position (a query's answer then picked from a numpy array of the events: 7 µs
        for 190 events of a million, where the list and its numbers took 10).  ``None`` for
        an index kept in lists.
        """
        positions = self._positions
        if not isinstance(positions, array):
            return None
        return _joined()(self._pieces(float(lo), float(hi)) if lo <= hi else [], positions.typecode)

    def within(self, lo: float, hi: float) -> list[int]:
        """Positions of spans that lie wholly inside the window ``[lo, hi)``, in order."""
        if not lo <= hi:
            return []
        lo, hi = float(lo), float(hi)
        lowers = self._lowers
        first = bisect_left(lowers, lo)
        # those that start inside the window and end by its end (an instant inside
        # ends where it starts; an instant window holds only an instant at it)
        last = bisect_left(lowers, hi, first) if lo < hi else bisect_right(lowers, lo, first)
        found = list(
            compress(self._positions[first:last], map(le, self._uppers[first:last], repeat(hi)))
        )
        found.sort()
        return found

    def count_overlapping(self, lo: float, hi: float) -> int:
        """How many spans overlap ``[lo, hi)`` (same rule as :meth:`overlapping`)."""
        return len(self.overlapping(lo, hi))

    # -- edits --------------------------------------------------------------------------

    def edited(
        self,
        removed: Sequence[tuple[int, float, float]],
        added: Sequence[tuple[int, float, float]],
    ) -> SpanIndex:
        """The index with the spans ``removed`` taken out and ``added`` put in.

        Each is ``(position, lower, upper)``: a removed span at its position in
        this index, an added one at its position in the new one (the others keep
        their order and are renumbered around them, as positions in a sequence
        are when items are taken out and put in).  A removed span must be in the
        index as given (``ValueError``).  This index is not changed.

        Cost: O(n) at C speed (renumbering), and a bisection for each span and
        each mark it crosses: an edit of a few events of a million costs a few
        hundredths of a second, where building the index costs about a second.
        """
        if sorted(removed) == sorted(added):
            return self  # (nothing, or spans put back where they were: the same index)
        for p, lo, hi in added:
            if not lo <= hi:
                raise ValueError(f"span {p} is not a span: [{lo!r}, {hi!r})")
        new = object.__new__(SpanIndex)
        new._count = self._count - len(removed) + len(added)
        new._most = most = self._most
        # (each copy a piece at a time: 80 MB at ten million, and a worker's long copy froze
        # the window: timeline._copies)
        lowers, positions = copy_of(self._lowers), self._positions
        uppers, scan = copied(self._uppers, "d"), copied(self._scan, "d")
        marks, buckets, ends = self._marks.copy(), self._buckets.copy(), self._ends.copy()
        by_uppers = copied(self._block_uppers, "d")
        by_positions = self._block_positions
        if removed:
            positions, by_positions = copy_of(positions), copy_of(by_positions)
        for p, lo, hi in removed:
            slot = slot_of(lowers, positions, lo, p)
            if slot is None or uppers[slot] != hi:
                raise ValueError(f"span {p} [{lo!r}, {hi!r}) is not in the index")
            del lowers[slot], positions[slot], uppers[slot], scan[slot]
            block = marks.block(lo, len(by_uppers))
            taken = take_out_of_block(by_uppers, by_positions, block, hi, p)
            assert taken, (p, lo, hi)  # (it is in the slots: so in its block)
            marks.shift(lo, -1)
            if not math.isfinite(hi - lo):
                ends.remove(p, lo, hi)
            elif marks.crossed(lo, hi) <= most:
                marks.remove(p, lo, hi)
            else:
                buckets.remove(p, lo, hi)
        renumbering = Renumbering(
            self._count, sorted(p for p, _, _ in removed), sorted(p for p, _, _ in added)
        )
        positions = renumbering.kept(positions)
        by_positions = renumbering.kept(by_positions)
        marks.renumber(renumbering)
        buckets.renumber(renumbering)
        ends.renumber(renumbering)
        for p, lo, hi in added:
            slot = slot_of(lowers, positions, lo, p, insert=True)
            assert slot is not None
            lowers.insert(slot, lo)
            positions.insert(slot, p)
            uppers.insert(slot, hi)
            block = marks.block(lo, len(by_uppers))
            put_in_block(by_uppers, by_positions, block, hi, p)
            marks.shift(lo, 1)
            if not math.isfinite(hi - lo):
                ends.add(p, lo, hi)
                scan.insert(slot, -_INF)
            elif marks.crossed(lo, hi) <= most:
                marks.add(p, lo, hi)
                scan.insert(slot, hi)
            else:
                buckets.add(p, lo, hi)
                scan.insert(slot, -_INF)
        new._lowers, new._positions, new._uppers, new._scan = lowers, positions, uppers, scan
        new._marks, new._buckets, new._ends = marks, buckets, ends
        new._block_uppers, new._block_positions = by_uppers, by_positions
        return new
