"""The parts of a :class:`timeline.index.SpanIndex` besides its slots, built and edited.

* :class:`Marks`: the marks and the spans that run across each;
* :class:`Buckets`: the finite spans that cross too many marks, by length;
* :class:`Ends`: the spans open at one end or both.

Each is immutable once built; ``copy()`` gives one to edit (the lists an edit
touches are copied then, the others shared with the original).  Positions are
renumbered by a :class:`Renumbering`.  See :mod:`timeline.index` for how a query
uses them.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import MutableSequence, Sequence
from itertools import compress, islice, pairwise, repeat
from operator import itemgetter, le, lt, not_, sub
from typing import Any, Final

from timeline._copies import CHUNK, array_from_buffer

__all__ = ["Buckets", "Ends", "Marks", "Renumbering", "slot_of"]

_INF: Final = math.inf


def slot_of(
    keys: Sequence[float], positions: Sequence[int], key: float, p: int, *, insert: bool = False
) -> int | None:
    """Where position ``p`` with ``key`` is among ``keys`` (sorted; equal keys by position).

    ``insert``: where it would go; else ``None`` when it is not there.
    """
    j = bisect_left(keys, key)
    end = bisect_right(keys, key, j)
    j = bisect_left(positions, p, j, end)
    if insert:
        return j
    return j if j < end and positions[j] == p else None


def by_upper(
    starts: Sequence[int], uppers: Sequence[float], positions: Sequence[int]
) -> tuple[array[float], list[int]]:
    """The uppers and positions of the slots block by block (from one of ``starts`` to the
    next: the first from slot 0, the last to the end), each block's by upper bound (equal
    ones as in the slots)."""
    slots: list[int] = []
    for start, end in pairwise([0, *starts, len(uppers)]):
        slots += sorted(range(start, end), key=uppers.__getitem__)
    return array("d", map(uppers.__getitem__, slots)), list(map(positions.__getitem__, slots))


def take_out_of_block(
    uppers: MutableSequence[float],
    positions: MutableSequence[int],
    block: tuple[int, int],
    hi: float,
    p: int,
) -> bool:
    """Take the span at position ``p`` ending at ``hi`` out of the ``block`` of the lists
    by upper (:func:`by_upper`); ``False`` when it is not there."""
    start, end = block
    first = bisect_left(uppers, hi, start, end)
    stop = bisect_right(uppers, hi, first, end)
    try:
        k = positions.index(p, first, stop)
    except ValueError:
        return False
    del uppers[k], positions[k]
    return True


def put_in_block(
    uppers: MutableSequence[float],
    positions: MutableSequence[int],
    block: tuple[int, int],
    hi: float,
    p: int,
) -> None:
    """Put the span at position ``p`` ending at ``hi`` in the ``block`` of the lists by
    upper (after those that end with it)."""
    k = bisect_right(uppers, hi, *block)
    uppers.insert(k, hi)
    positions.insert(k, p)


_FEW_RUNS: Final = 4
"""A renumbering of at most this many runs is a pass over the numbers for each run."""

_SCANNED_BY_NUMPY: Final = 4096
"""An ``array`` longer than this is renumbered by numpy without looking for its least and
greatest first (as long to find as the renumbering itself)."""


class Renumbering:
    """Positions after the positions ``gone`` (of ``count``) are taken out and the positions
    ``put`` (in the new numbering) put in; both ascending, one of them not empty.

    A position loses one for each gone below it, then gains one for each put at or below
    its new number.  The new numbers are worked out once, run by run (each run of old
    numbers moves by the same amount), for the old numbers from :attr:`lowest` to
    :attr:`top` only: the others keep theirs (a span edited in place, taken out and put in
    at its position, moves none; a span moved, those between its old and new places).  A
    list is renumbered in one pass, at C speed for an ``array`` where numpy is installed;
    many arrays at once in one pass (:meth:`typed_all`: a big index's marks are 100,000
    arrays, and an event taken out near the start renumbers nearly all of them).
    """

    __slots__ = ("_ends", "_moves", "_numpy", "_starts", "lowest", "top")

    def __init__(self, count: int, gone: list[int], put: list[int]) -> None:
        steps = list(map(sub, put, range(len(put))))  # the i-th shifts those from put[i] - i

        def kept(x: int) -> int:  # the number after the removals
            return x - bisect_left(gone, x)

        cuts = {r + 1 for r in gone}
        cuts.update(bisect_left(range(count), step, key=kept) for step in steps)
        self.lowest, self.top = count, 0
        """The old numbers from ``lowest`` to ``top`` (excluded) may be renumbered; the others
        keep theirs (a run of positions taken out is never looked up)."""
        # the runs of old numbers that move, each by its own amount (as few as the
        # positions gone and put, where a table of every new number was as long as the
        # index: 10M Python numbers for an event taken out at the start of ten million)
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._moves: list[int] = []
        for start, end in pairwise([*sorted(cuts), count]):
            moved = kept(start) + bisect_right(steps, kept(start)) - start
            if moved and bisect_left(gone, end) - bisect_left(gone, start) < end - start:
                self._starts.append(start)
                self._ends.append(end)
                self._moves.append(moved)
                self.lowest, self.top = min(self.lowest, start), max(self.top, end)
        self._numpy: object = None  # (the runs as numpy arrays, made when first needed)

    def __call__(self, positions: Sequence[int]) -> list[int]:
        """The new numbers of ``positions`` (old numbers, none of them gone)."""
        lowest, top = self.lowest, self.top
        starts, ends, moves = self._starts, self._ends, self._moves
        out: list[int] = []
        for p in positions:
            if lowest <= p < top:
                k = bisect_right(starts, p) - 1
                if k >= 0 and p < ends[k]:
                    p += moves[k]
            out.append(p)
        return out

    def kept(self, positions: MutableSequence[int]) -> MutableSequence[int]:
        """The same, an ``array`` of the same type for an ``array`` (of a big index); a new
        sequence even when no number changes."""
        if isinstance(positions, array) and len(positions) > _SCANNED_BY_NUMPY:
            moved = self._by_numpy(positions)  # (its own scan: no min and max first)
            if moved is not None:
                return moved
        return self.typed(positions) if self.changes(positions) else positions[:]

    def typed(self, positions: MutableSequence[int]) -> MutableSequence[int]:
        """:meth:`kept` of ``positions`` already known to change (:meth:`changes`)."""
        if isinstance(positions, array):
            moved = self._by_numpy(positions)
            return array(positions.typecode, self(positions)) if moved is None else moved
        return self(positions)

    def typed_all(
        self, lists: Sequence[array[int]]
    ) -> tuple[list[array[int]], list[int], list[int]] | None:
        """:meth:`typed` of each of ``lists`` (``array``s of one type code, none empty), in
        one pass by numpy, with the least and the greatest of each renumbered (``None``:
        numpy is not installed)."""
        runs = self._runs()
        if runs is None:
            return None
        if not lists:
            return [], [], []
        import numpy as np

        code = lists[0].typecode
        kind = np.dtype(code)
        sizes = np.fromiter(map(len, lists), np.int64, len(lists))
        out = self._moved(_joined(lists, kind, int(sizes.sum())), runs)
        firsts = np.zeros(len(lists), np.int64)
        np.cumsum(sizes[:-1], out=firsts[1:])
        least = np.minimum.reduceat(out, firsts).tolist()
        greatest = np.maximum.reduceat(out, firsts).tolist()
        buffer = np.ascontiguousarray(out).data.cast("B")  # (read in place: no copy)
        size = kind.itemsize
        moved: list[array[int]] = []
        at = 0
        for positions in lists:
            end = at + len(positions) * size
            one = array(code)
            one.frombytes(buffer[at:end])
            moved.append(one)
            at = end
        return moved, least, greatest

    def _runs(self) -> tuple[Any, Any, Any] | None:
        """The runs' starts, ends and moves as numpy arrays (``None``: no numpy)."""
        runs = self._numpy
        if runs is None:
            try:
                import numpy as np
            except ImportError:  # pragma: no cover - (numpy comes with the 'arrow' extra)
                return None
            runs = self._numpy = (
                np.asarray(self._starts, np.int64),
                np.asarray(self._ends, np.int64),
                np.asarray(self._moves, np.int64),
            )
        assert isinstance(runs, tuple)
        return runs

    def _moved(self, out: Any, runs: tuple[Any, Any, Any]) -> Any:
        """``out`` (a numpy array of old numbers, none gone) renumbered (in place when a
        run or two move: a pass over it for each)."""
        import numpy as np

        starts, ends, moves = runs
        if len(self._starts) <= _FEW_RUNS:  # (an event taken out or put in: one run moves)
            old = out.copy() if len(self._starts) > 1 else out
            for start, end, move in zip(self._starts, self._ends, self._moves, strict=True):
                inside = old >= start
                inside &= old < end
                np.add(out, move, out=out, where=inside)
            return out
        inside = np.flatnonzero((out >= self.lowest) & (out < self.top))
        if len(inside):
            old = out[inside]
            k = np.searchsorted(starts, old, side="right") - 1
            ok = k >= 0
            k[~ok] = 0
            ok &= old < ends[k]
            out[inside] = old + np.where(ok, moves[k], 0)
        return out

    def _by_numpy(self, positions: array[int]) -> array[int] | None:
        """:meth:`typed` of an ``array`` by numpy (``None``: numpy is not installed)."""
        runs = self._runs()
        if runs is None:
            return None
        import numpy as np

        kind = np.dtype(positions.typecode)
        given = np.frombuffer(positions, kind) if len(positions) else np.empty(0, kind)
        out = given.copy()
        del given  # (let go at once: an array in use cannot resize)
        return array_from_buffer(positions.typecode, self._moved(out, runs))

    def changes(
        self, positions: Sequence[int], highest: int | None = None, least: int | None = None
    ) -> bool:
        """True when some of ``positions`` may be renumbered (``highest``, ``least``: their
        largest and smallest, when known, or bounds of them); false when none is."""
        if not positions or self.top <= self.lowest:
            return False
        if (max(positions) if highest is None else highest) < self.lowest:
            return False
        return (min(positions) if least is None else least) < self.top


# -- the marks ------------------------------------------------------------------------


class Marks:
    """Mark values (ascending, distinct, finite) and, for each, the spans that run across it.

    ``starts[j]``: the first slot whose span starts after mark ``j``.
    ``through[j]``: the positions (ascending) of the spans that start at or before mark
    ``j`` and still run at mark ``j + 1`` (past it: for the last mark, none).
    ``ending[j]``: the uppers (ascending) and positions of those that start at or before
    mark ``j``, run past it and end by mark ``j + 1``.
    ``bounds[j]``: the least and the greatest of ``ending[j]``'s positions, or numbers
    beyond them (a position taken out leaves them as they were); ``None``: not known yet.
    An edit then renumbers the few lists that hold a position that moves, without looking
    through all of them (by position they are in no order).
    """

    __slots__ = ("_own", "bounds", "ending", "starts", "through", "values")

    def __init__(
        self,
        values: list[float],
        starts: list[int],
        through: list[MutableSequence[int]],
        ending: list[tuple[MutableSequence[float], MutableSequence[int]]],
        bounds: list[tuple[int, int] | None] | None = None,
    ) -> None:
        self.values = values
        self.starts = starts
        self.through = through
        self.ending = ending
        self.bounds: list[tuple[int, int] | None] = (
            [None] * len(ending) if bounds is None else bounds
        )
        self._own: set[int] = set()

    @classmethod
    def made(
        cls,
        values: list[float],
        lowers: Sequence[float],
        positions: Sequence[int],
        scan: Sequence[float],
        uppers: Sequence[float],
        budget: float,
    ) -> Marks | None:
        """The marks ``values`` over the spans whose lowers, positions and uppers by slot
        are ``lowers``, ``positions`` and ``scan`` (``-inf``: a span left out); ``uppers``
        by position.  ``None`` when the lists would hold more than ``budget`` entries.

        One sweep over the marks, each step at C speed: the spans that cross mark ``j``
        are those of mark ``j - 1`` that run past it and those that start after mark
        ``j - 1`` and run past mark ``j``.
        """
        starts = list(map(bisect_right, repeat(lowers), values))
        upper_of = uppers.__getitem__
        through: list[MutableSequence[int]] = []
        ending: list[tuple[MutableSequence[float], MutableSequence[int]]] = []
        bounds: list[tuple[int, int] | None] = []
        running: list[int] = []  # those that cross the mark before and run past this one
        slot = 0
        total = 0
        laters = [*values[1:], _INF] if values else []  # (the mark after each)
        for value, start, later in zip(values, starts, laters, strict=True):
            crossing = running + list(
                compress(positions[slot:start], map(lt, repeat(value), scan[slot:start]))
            )
            slot = start
            total += len(crossing)
            if total > budget:
                return None
            past = list(map(lt, repeat(later), map(upper_of, crossing)))
            running = list(compress(crossing, past))
            running.sort()
            ended = list(compress(crossing, map(not_, past)))
            ended.sort()
            bounds.append((ended[0], ended[-1]) if ended else None)
            ended.sort(key=upper_of)  # (stable: by position among equal uppers)
            through.append(running)
            ending.append((list(map(upper_of, ended)), ended))
        return cls(values, starts, through, ending, bounds)

    def copy(self) -> Marks:
        """A copy to edit (its lists copied when first changed)."""
        return Marks(self.values, self.starts[:], self.through[:], self.ending[:], self.bounds[:])

    def block(self, lo: float, count: int) -> tuple[int, int]:
        """The block of slots (of ``count``) a span starting at ``lo`` is in: from the last
        mark before ``lo`` to the next (from slot 0 before the first mark, to ``count``
        after the last)."""
        j = bisect_left(self.values, lo) - 1
        starts = self.starts
        return (starts[j] if j >= 0 else 0), (starts[j + 1] if j + 1 < len(starts) else count)

    def crossed(self, lo: float, hi: float) -> int:
        """How many marks the span ``[lo, hi)`` runs across (at or after its start, before
        its end)."""
        return bisect_left(self.values, hi) - bisect_left(self.values, lo)

    def shift(self, lo: float, delta: int) -> None:
        """A span starting at ``lo`` is put in (``delta`` 1) or taken out (-1) of the slots."""
        k = bisect_left(self.values, lo)
        starts = self.starts
        starts[k:] = [s + delta for s in starts[k:]]

    def _through(self, j: int) -> MutableSequence[int]:
        own = self._own
        if ~j not in own:
            self.through[j] = self.through[j][:]
            own.add(~j)
        return self.through[j]

    def _ending(self, j: int) -> tuple[MutableSequence[float], MutableSequence[int]]:
        own = self._own
        if j not in own:
            uppers, positions = self.ending[j]
            self.ending[j] = (uppers[:], positions[:])
            own.add(j)
        return self.ending[j]

    def add(self, p: int, lo: float, hi: float) -> None:
        """Put in the span ``[lo, hi)`` at position ``p`` (the others numbered already)."""
        first = bisect_left(self.values, lo)
        last = bisect_left(self.values, hi) - 1
        if last < first:
            return
        for j in range(first, last):
            through = self._through(j)
            through.insert(bisect_left(through, p), p)
        uppers, positions = self._ending(last)
        k = slot_of(uppers, positions, hi, p, insert=True)
        assert k is not None
        uppers.insert(k, hi)
        positions.insert(k, p)
        known = self.bounds[last]
        if known is not None or len(positions) == 1:
            least, highest = (p, p) if known is None else known
            self.bounds[last] = (min(least, p), max(highest, p))

    def remove(self, p: int, lo: float, hi: float) -> None:
        """Take out the span ``[lo, hi)`` at position ``p`` (the others not renumbered yet)."""
        first = bisect_left(self.values, lo)
        last = bisect_left(self.values, hi) - 1
        if last < first:
            return
        for j in range(first, last):
            through = self._through(j)
            k = bisect_left(through, p)
            assert through[k] == p
            del through[k]
        uppers, positions = self._ending(last)
        found = slot_of(uppers, positions, hi, p)
        assert found is not None
        del uppers[found], positions[found]

    def renumber(self, renumbering: Renumbering) -> None:
        through, ending, own = self.through, self.ending, self._own
        changing = [
            j
            for j, positions in enumerate(through)
            if positions and renumbering.changes(positions, positions[-1], positions[0])
        ]
        lists = [through[j] for j in changing]
        for j, (moved, _) in zip(changing, _renumbered(renumbering, lists), strict=True):
            through[j] = moved
            own.add(~j)
        bounds = self.bounds
        changing = []
        for j, (_, positions) in enumerate(ending):
            known = bounds[j]
            if known is None:
                if not positions:
                    continue
                known = bounds[j] = (min(positions), max(positions))
            if renumbering.changes(positions, known[1], known[0]):
                changing.append(j)
        lists = [ending[j][1] for j in changing]
        for j, (moved, known) in zip(changing, _renumbered(renumbering, lists), strict=True):
            ending[j] = (ending[j][0], moved)  # (uppers shared until an edit copies)
            bounds[j] = known
            own.discard(j)


def _joined(lists: Sequence[array[int]], kind: Any, total: int) -> Any:
    """The ``total`` numbers of ``lists`` (``array``s of the numpy type ``kind``) in one new
    numpy array, joined a few MB at a time (:mod:`timeline._copies`: at ten million events
    the marks' hundred MB joined in one call held the interpreter for a third of a second)."""
    import numpy as np

    out = np.empty(total, kind)
    at, group, size = 0, [], 0
    for positions in [*lists, None]:  # (None: the last group joined)
        if positions is not None:
            group.append(positions)
            size += len(positions) * kind.itemsize
        if group and (positions is None or size >= CHUNK):
            joined = np.frombuffer(b"".join(group), kind)
            out[at : at + len(joined)] = joined
            at, group, size = at + len(joined), [], 0
    return out


_BATCHED: Final = 64
"""More arrays to renumber than this are renumbered in one pass (:meth:`Renumbering.typed_all`)."""


def _renumbered(
    renumbering: Renumbering, lists: Sequence[MutableSequence[int]]
) -> list[tuple[MutableSequence[int], tuple[int, int] | None]]:
    """Each of ``lists`` renumbered (:meth:`Renumbering.typed`), with its least and greatest
    (``None``: empty); the ``array``s of each type code in one pass when there are many."""
    done: list[tuple[MutableSequence[int], tuple[int, int] | None] | None] = [None] * len(lists)
    if len(lists) > _BATCHED:
        codes: dict[str, tuple[list[int], list[array[int]]]] = {}
        for i, positions in enumerate(lists):
            if isinstance(positions, array) and positions:
                taken, arrays = codes.setdefault(positions.typecode, ([], []))
                taken.append(i)
                arrays.append(positions)
        for taken, arrays in codes.values():
            found = renumbering.typed_all(arrays)
            if found is None:
                break
            for i, moved, least, greatest in zip(taken, *found, strict=True):
                done[i] = (moved, (least, greatest))
    out: list[tuple[MutableSequence[int], tuple[int, int] | None]] = []
    for positions, one in zip(lists, done, strict=True):
        if one is None:
            typed = renumbering.typed(positions)
            one = (typed, (min(typed), max(typed)) if typed else None)
        out.append(one)
    return out


# -- buckets of spans by length -------------------------------------------------------

Bucket = tuple[float, list[float], list[float], list[int], bool, float]
"""Spans sorted by lower: the reach (longest length, with the margin), their lowers,
uppers and positions, whether the uppers are in order too, and the shortest length
(less the margin: a span that starts less than that before an instant runs at it)."""

_MARGIN: Final = 1.0 + 2.0**-40
_SHORT: Final = 1.0 - 2.0**-40
"""A reach is the longest length times this: a computed length may be short by a rounding."""

# A query pays a bisection or two per bucket (about as much as testing ten spans
# one by one).  A length shared by spans that would cost at least this many tests
# a query, on average over the span of the index, in a length class has a bucket
# of its own; going up the classes, one is merged into the next (taking its
# larger reach) when that adds at most this many tests.
_TESTS_PER_BUCKET: Final = 16.0
_SAMPLE: Final = 8
"""Shared lengths are counted on every 8th span (a guide to speed, not to what is found)."""


def _class_of(length: float) -> int:
    """The length class of a finite length: its binary exponent (0 for zero)."""
    return math.frexp(length)[1]


def _merged_classes(counts: Counter[int], extent: float) -> list[int]:
    """The highest class of each merged class, in order (see ``_TESTS_PER_BUCKET``)."""
    tops: list[int] = []
    count = 0
    reach = 0.0
    top = None
    for exponent in sorted(counts):
        longer = math.ldexp(1.0, exponent) if exponent < 1024 else math.inf
        if top is not None and count * (longer - reach) / extent > _TESTS_PER_BUCKET:
            tops.append(top)  # the classes so far would pay too many more tests
            count = 0
        count += counts[exponent]
        reach = longer
        top = exponent
    if top is not None:
        tops.append(top)
    return tops


def _bucket(lowers: list[float], uppers: list[float], positions: list[int]) -> Bucket:
    lengths = list(map(sub, uppers, lowers))
    reach = max(lengths, default=0.0) * _MARGIN
    shortest = min(lengths, default=0.0) * _SHORT
    ordered = all(map(le, uppers, islice(uppers, 1, None)))
    return reach, lowers, uppers, positions, ordered, shortest


class Buckets:
    """Finite spans in buckets by length: ``shared`` lengths with buckets of their own (by
    number), then length classes merged up to each of ``tops``."""

    __slots__ = ("_own", "buckets", "shared", "tops")

    def __init__(self, buckets: list[Bucket], shared: dict[float, int], tops: list[int]) -> None:
        self.buckets = buckets
        self.shared = shared
        self.tops = tops
        self._own: set[int] = set()

    @classmethod
    def made(
        cls, lowers: Sequence[float], uppers: Sequence[float], members: list[int], extent: float
    ) -> Buckets:
        """The buckets of the spans at positions ``members`` (by lower bound, equal ones by
        position); ``extent``: the span of the whole index (for the cost of a test)."""
        lengths = list(map(sub, map(uppers.__getitem__, members), map(lowers.__getitem__, members)))
        shared = {
            length: k
            for k, length in enumerate(
                length
                for length, count in Counter(islice(lengths, 0, None, _SAMPLE)).items()
                if count * _SAMPLE * length / extent >= _TESTS_PER_BUCKET
            )
        }
        classes = list(map(_class_of, lengths))
        counts = Counter(compress(classes, map(not_, map(shared.__contains__, lengths))))
        tops = _merged_classes(counts, extent)
        bucket_of = {c: len(shared) + bisect_left(tops, c) for c in set(classes)}
        ids = list(map(shared.get, lengths, map(bucket_of.__getitem__, classes)))
        # one stable sort by bucket (small integers) keeps each bucket's spans by lower
        grouping = sorted(range(len(members)), key=ids.__getitem__)
        members = list(map(members.__getitem__, grouping))
        ids = list(map(ids.__getitem__, grouping))
        buckets: list[Bucket] = []
        for b in range(len(shared) + len(tops)):
            chosen = members[bisect_left(ids, b) : bisect_right(ids, b)]
            buckets.append(
                _bucket(
                    list(map(lowers.__getitem__, chosen)),
                    list(map(uppers.__getitem__, chosen)),
                    chosen,
                )
            )
        return cls(buckets, shared, tops)

    def copy(self) -> Buckets:
        return Buckets(self.buckets[:], self.shared, self.tops[:])

    def _where(self, lo: float, hi: float) -> int:
        """The bucket of the finite span ``[lo, hi)`` (``len(buckets)``: a new one)."""
        length = hi - lo
        k = self.shared.get(length)
        return len(self.shared) + bisect_left(self.tops, _class_of(length)) if k is None else k

    def _touch(self, k: int) -> Bucket:
        buckets = self.buckets
        if k == len(buckets):  # longer than every class: a class of its own
            buckets.append((0.0, [], [], [], True, math.inf))
            self._own.add(k)
        if k not in self._own:
            reach, lowers, uppers, positions, ordered, shortest = buckets[k]
            buckets[k] = (reach, lowers[:], uppers[:], positions[:], ordered, shortest)
            self._own.add(k)
        return buckets[k]

    def remove(self, p: int, lo: float, hi: float) -> None:
        """Take out the span ``[lo, hi)`` at position ``p`` (the others not renumbered yet)."""
        _, lowers, uppers, positions, _, _ = self._touch(self._where(lo, hi))
        j = slot_of(lowers, positions, lo, p)
        assert j is not None
        del lowers[j], uppers[j], positions[j]

    def renumber(self, renumbering: Renumbering) -> None:
        for k, (reach, lowers, uppers, positions, ordered, shortest) in enumerate(self.buckets):
            if renumbering.changes(positions):
                self.buckets[k] = (
                    reach,
                    lowers,
                    uppers,
                    renumbering(positions),
                    ordered,
                    shortest,
                )
                self._own.discard(k)  # (its lowers and uppers are still shared)

    def add(self, p: int, lo: float, hi: float) -> None:
        k = self._where(lo, hi)
        if k == len(self.buckets):
            self.tops.append(_class_of(hi - lo))
        reach, lowers, uppers, positions, ordered, shortest = self._touch(k)
        j = slot_of(lowers, positions, lo, p, insert=True)
        assert j is not None
        lowers.insert(j, lo)
        uppers.insert(j, hi)
        positions.insert(j, p)
        if ordered and not (
            (j == 0 or uppers[j - 1] <= hi) and (j + 1 == len(uppers) or hi <= uppers[j + 1])
        ):
            ordered = False  # its uppers are out of order now: tested one by one
        length = hi - lo
        self.buckets[k] = (
            max(reach, length * _MARGIN),
            lowers,
            uppers,
            positions,
            ordered,
            min(shortest, length * _SHORT),
        )


# -- spans open at one end or both ------------------------------------------------------


class Ends:
    """Spans open at an end: ``[a, inf)`` by ``a``, ``[-inf, b)`` by ``b`` (each with
    their positions), and the few others (open at both ends, or empty at an infinity)."""

    __slots__ = (
        "end_lowers",
        "end_positions",
        "start_positions",
        "start_uppers",
        "unbounded",
    )

    def __init__(
        self,
        end_lowers: list[float],
        end_positions: list[int],
        start_uppers: list[float],
        start_positions: list[int],
        unbounded: list[tuple[int, float, float]],
    ) -> None:
        self.end_lowers = end_lowers
        self.end_positions = end_positions
        self.start_uppers = start_uppers
        self.start_positions = start_positions
        self.unbounded = unbounded

    @classmethod
    def made(cls, lowers: Sequence[float], uppers: Sequence[float], members: list[int]) -> Ends:
        """The spans at positions ``members`` (each of infinite or undefined length)."""
        open_end: list[int] = []
        open_start: list[int] = []
        unbounded: list[tuple[int, float, float]] = []
        for i in members:
            lo, hi = lowers[i], uppers[i]
            if hi == _INF and -_INF < lo < _INF:
                open_end.append(i)
            elif lo == -_INF and -_INF < hi < _INF:
                open_start.append(i)
            else:
                unbounded.append((i, lo, hi))
        # sorted by their finite end, so that a query bisects them
        open_end.sort(key=lowers.__getitem__)
        open_start.sort(key=uppers.__getitem__)
        return cls(
            list(map(lowers.__getitem__, open_end)),
            open_end,
            list(map(uppers.__getitem__, open_start)),
            open_start,
            unbounded,
        )

    def running(self, t: float, upto: float | None = None) -> list[int]:
        """Positions of those that start before ``t`` (``upto``: at or before it, which is
        before ``t``) and still run after it, in no order."""
        found: list[int] = []
        if t < _INF:  # [a, inf) runs after every finite instant from a on
            lowers = self.end_lowers
            found += self.end_positions[
                : bisect_left(lowers, t) if upto is None else bisect_right(lowers, upto)
            ]
        if t > -_INF:
            found += self.start_positions[bisect_right(self.start_uppers, t) :]
        if self.unbounded:
            found += [
                i for i, lo, hi in self.unbounded if lo < t < hi and (upto is None or lo <= upto)
            ]
        return found

    def copy(self) -> Ends:
        return Ends(
            self.end_lowers[:],
            self.end_positions[:],
            self.start_uppers[:],
            self.start_positions[:],
            self.unbounded[:],
        )

    def _lists(self, lo: float, hi: float) -> tuple[list[float], list[int], float] | None:
        if hi == _INF and -_INF < lo < _INF:
            return self.end_lowers, self.end_positions, lo
        if lo == -_INF and -_INF < hi < _INF:
            return self.start_uppers, self.start_positions, hi
        return None

    def remove(self, p: int, lo: float, hi: float) -> None:
        """Take out the span ``[lo, hi)`` at position ``p`` (the others not renumbered yet)."""
        found = self._lists(lo, hi)
        if found is None:
            self.unbounded.remove((p, lo, hi))
            return
        keys, positions, key = found
        j = slot_of(keys, positions, key, p)
        assert j is not None
        del keys[j], positions[j]

    def renumber(self, renumbering: Renumbering) -> None:
        self.end_positions = renumbering(self.end_positions)
        self.start_positions = renumbering(self.start_positions)
        if self.unbounded:
            moved = renumbering(list(map(itemgetter(0), self.unbounded)))
            self.unbounded = [
                (q, lo, hi) for q, (_, lo, hi) in zip(moved, self.unbounded, strict=True)
            ]

    def add(self, p: int, lo: float, hi: float) -> None:
        found = self._lists(lo, hi)
        if found is None:
            self.unbounded.append((p, lo, hi))
            self.unbounded.sort()
            return
        keys, positions, key = found
        j = slot_of(keys, positions, key, p, insert=True)
        assert j is not None
        keys.insert(j, key)
        positions.insert(j, p)
