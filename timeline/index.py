"""A span index: which of n spans overlap a window, in O(log n + k).

Spans are half-open ``[lower, upper)`` in seconds; a span of zero length
(``lower == upper``) stands for the single instant ``lower``.  Windows follow
the same rule.  Spans are kept in *buckets*, each sorted by ``lower``: the spans
that start inside a window are one slice of each bucket, without a check.
Those that start before the window and still run at its start are found so:

* a length that many spans share (a day, a minute, a year of 365 days) has a
  bucket of its own.  There the uppers are in the order of the lowers too, so
  the spans still running are a slice found by one more bisection;
* the other spans are grouped by length class (powers of two, sparse classes
  merged upwards).  A class's *reach* is its longest length (with a margin of
  one part in 2**40 for rounding), so a span of it that overlaps ``[lo, hi)``
  starts in ``(lo - reach, hi)``: those that start before ``lo`` are tested one
  by one, and about half of them are hits.

A bucket whose uppers happen to be in order is bisected whatever it holds.
Spans open at one end are kept sorted by their finite end and bisected too;
the rare span open at both ends is checked on every query.

An index is immutable; :meth:`SpanIndex.edited` makes the index of a few spans
taken out and put in without building it again (the positions of the others
renumbered), as an edit of a timeline needs.  Building it does its per-span
work with ``map``, ``zip`` and ``compress`` (C speed), not in a Python loop.

The viewer uses the same index to find what is visible in each frame.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from itertools import compress, islice
from operator import add, and_, itemgetter, le, not_, sub
from typing import Any, Final

__all__ = ["SpanIndex"]

_MARGIN: Final = 1.0 + 2.0**-40
_SHORT: Final = 1.0 - 2.0**-40
"""A reach is the longest length times this: a computed length may be short by a rounding."""


def _touches(s_lo: float, s_hi: float, lo: float, hi: float) -> bool:
    """True when span ``[s_lo, s_hi)`` and window ``[lo, hi)`` share an instant.

    An empty span or window (``lower == upper``) is the single instant ``lower``.
    """
    first = s_lo if s_lo > lo else lo  # the first instant both could share
    in_span = first < s_hi or first == s_lo == s_hi
    in_window = first < hi or first == lo == hi
    return in_span and in_window


def _inside(s_lo: float, s_hi: float, lo: float, hi: float) -> bool:
    """True when every instant of span ``[s_lo, s_hi)`` lies in window ``[lo, hi)``."""
    if s_lo == s_hi:  # an instant
        return lo <= s_lo < hi or s_lo == lo == hi
    return lo <= s_lo and s_hi <= hi


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


Bucket = tuple[float, list[float], list[float], list[int], bool, float]
"""Spans sorted by lower: the reach (longest length, with the margin), their lowers,
uppers and positions, whether the uppers are in order too, and the shortest length
(less the margin: a span that starts less than that before an instant runs at it)."""


def _bucket(lowers: list[float], uppers: list[float], positions: list[int]) -> Bucket:
    lengths = list(map(sub, uppers, lowers))
    reach = max(lengths, default=0.0) * _MARGIN
    shortest = min(lengths, default=0.0) * _SHORT
    ordered = all(map(le, uppers, islice(uppers, 1, None)))
    return reach, lowers, uppers, positions, ordered, shortest


def _grouped(
    lowers: Sequence[float],
    uppers: Sequence[float],
    lengths: list[float],
    ids: list[int],
    count: int,
) -> tuple[Bucket, ...]:
    """``count`` buckets of the spans, span ``i`` in bucket ``ids[i]`` (-1: in none)."""
    # every position sorted by lower (stable: by position among equal lowers), then
    # split by bucket
    order = sorted(range(len(lowers)), key=lowers.__getitem__)
    ids_in_order = list(map(ids.__getitem__, order))
    # one stable sort by bucket (small integers) keeps each bucket's spans by lower
    grouping = sorted(range(len(order)), key=ids_in_order.__getitem__)
    order = list(map(order.__getitem__, grouping))
    ids_in_order = list(map(ids_in_order.__getitem__, grouping))
    buckets: list[Bucket] = []
    for b in range(count):
        members = order[bisect_left(ids_in_order, b) : bisect_right(ids_in_order, b)]
        buckets.append(
            _bucket(
                list(map(lowers.__getitem__, members)),
                list(map(uppers.__getitem__, members)),
                members,
            )
        )
    return tuple(buckets)


class SpanIndex:
    """Index of spans ``[lowers[i], uppers[i])``; queries return positions ``i``.

    Bounds may be infinite (an open end) but not NaN, and no span may end
    before it starts (``ValueError``).
    """

    __slots__ = (
        "_buckets",
        "_count",
        "_open_end_lowers",
        "_open_end_positions",
        "_open_start_positions",
        "_open_start_uppers",
        "_shared",
        "_tops",
        "_unbounded",
    )

    _buckets: tuple[Bucket, ...]
    _count: int
    _open_end_lowers: array[float]
    _open_end_positions: array[int]
    _open_start_uppers: array[float]
    _open_start_positions: array[int]
    _tops: tuple[int, ...]
    _shared: dict[float, int]
    _unbounded: tuple[tuple[int, float, float], ...]

    def __init__(self, lowers: Sequence[float], uppers: Sequence[float]) -> None:
        if len(lowers) != len(uppers):
            raise ValueError("lowers and uppers differ in length")
        n = len(lowers)
        self._count = n
        if not all(map(le, lowers, uppers)):  # (also catches NaN)
            for i, (lo, hi) in enumerate(zip(lowers, uppers, strict=True)):
                if not lo <= hi:
                    raise ValueError(f"span {i} is not a span: [{lo!r}, {hi!r})")
        lengths = list(map(sub, uppers, lowers))
        # A span of infinite length (inf - inf is NaN too) is open at one end or both.
        finite = list(map(math.isfinite, lengths))
        open_end: list[int] = []
        open_start: list[int] = []
        unbounded: list[int] = []
        if not all(finite):
            inf = math.inf
            for i in compress(range(n), map(not_, finite)):
                lo, hi = lowers[i], uppers[i]
                if hi == inf and -inf < lo < inf:
                    open_end.append(i)
                elif lo == -inf and -inf < hi < inf:
                    open_start.append(i)
                else:
                    unbounded.append(i)
        classes = list(map(itemgetter(1), map(math.frexp, lengths)))
        extent = 1.0
        if n:
            first = min(compress(lowers, finite), default=0.0)
            last = max(compress(uppers, finite), default=0.0)
            extent = max(last - first, 1.0)
        # the lengths with buckets of their own, then the classes of the others
        shared = {
            length: k
            for k, length in enumerate(
                length
                for length, count in Counter(
                    islice(compress(lengths, finite), 0, None, _SAMPLE)
                ).items()
                if count * _SAMPLE * length / extent >= _TESTS_PER_BUCKET
            )
        }
        own = list(map(shared.__contains__, lengths))
        counts = Counter(compress(classes, map(and_, finite, map(not_, own))))
        tops = _merged_classes(counts, extent)
        bucket_of = {c: len(shared) + bisect_left(tops, c) for c in set(classes)}
        ids = list(map(shared.get, lengths, map(bucket_of.__getitem__, classes)))
        for i in compress(range(n), map(not_, finite)):
            ids[i] = -1
        self._tops = tuple(tops)
        self._shared = shared
        self._buckets = _grouped(lowers, uppers, lengths, ids, len(shared) + len(tops))
        self._set_open(lowers, uppers, open_end, open_start, unbounded)

    def _set_open(
        self,
        lowers: Sequence[float],
        uppers: Sequence[float],
        open_end: list[int],
        open_start: list[int],
        unbounded: list[int],
    ) -> None:
        # Spans open at one end are sorted by their finite end, so that a
        # query bisects them instead of scanning them.
        open_end.sort(key=lambda i: lowers[i])
        self._open_end_lowers = array("d", (lowers[i] for i in open_end))
        self._open_end_positions = array("q", open_end)
        open_start.sort(key=lambda i: uppers[i])
        self._open_start_uppers = array("d", (uppers[i] for i in open_start))
        self._open_start_positions = array("q", open_start)
        self._unbounded = tuple((i, lowers[i], uppers[i]) for i in unbounded)

    def __len__(self) -> int:
        return self._count

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

        Cost: O(n) at C speed for each span taken out or put in (renumbering),
        and a bisection for each: an edit of a few events of a million costs
        a few hundredths of a second, where building the index costs about one.
        """
        if not removed and not added:
            return self
        new = object.__new__(SpanIndex)
        new._count = self._count - len(removed) + len(added)
        tops = list(self._tops)
        shared = self._shared
        # The buckets as [reach, lowers, uppers, positions, ordered]; the lowers and
        # uppers of those an edit touches copied, the positions of all renumbered.
        buckets: list[list[Any]] = [list(bucket) for bucket in self._buckets]
        own: set[int] = set()

        def where(lo: float, hi: float) -> int | None:
            """The bucket of span ``[lo, hi)`` (``len(buckets)``: a new one; ``None``: open)."""
            length = hi - lo
            if not math.isfinite(length):
                return None
            k = shared.get(length)
            return len(shared) + bisect_left(tops, _class_of(length)) if k is None else k

        def touch(k: int) -> list[Any]:
            if k == len(buckets):  # longer than every class: a class of its own
                buckets.append([0.0, [], [], [], True, math.inf])
                own.add(k)
            bucket = buckets[k]
            if k not in own:
                bucket[1], bucket[2], bucket[3] = bucket[1][:], bucket[2][:], bucket[3][:]
                own.add(k)
            return bucket

        ends = _Ends(self)
        for p, lo, hi in removed:
            k = where(lo, hi)
            if k is None:
                ends.remove(p, lo, hi)
                continue
            j = None if k == len(buckets) else _find(buckets[k][1], buckets[k][3], lo, p)
            if j is None or buckets[k][2][j] != hi:
                raise ValueError(f"span {p} [{lo!r}, {hi!r}) is not in the index")
            _, lowers, uppers, positions, _, _ = touch(k)
            del lowers[j], uppers[j], positions[j]
        gone = sorted((p for p, _, _ in removed), reverse=True)
        put = sorted(p for p, _, _ in added)
        for bucket in buckets:
            bucket[3] = _renumbered(bucket[3], gone, put)
        ends.renumber(gone, put)
        for p, lo, hi in added:
            if not lo <= hi:
                raise ValueError(f"span {p} is not a span: [{lo!r}, {hi!r})")
            k = where(lo, hi)
            if k is None:
                ends.add(p, lo, hi)
                continue
            if k == len(buckets):
                tops.append(_class_of(hi - lo))
            bucket = touch(k)
            _, lowers, uppers, positions, ordered, _ = bucket
            j = _find(lowers, positions, lo, p, insert=True)
            assert j is not None
            lowers.insert(j, lo)
            uppers.insert(j, hi)
            positions.insert(j, p)
            bucket[0] = max(bucket[0], (hi - lo) * _MARGIN)
            bucket[5] = min(bucket[5], (hi - lo) * _SHORT)
            if ordered and not (
                (j == 0 or uppers[j - 1] <= hi) and (j + 1 == len(uppers) or hi <= uppers[j + 1])
            ):
                bucket[4] = False  # its uppers are out of order now: tested one by one
        new._buckets = tuple((b[0], b[1], b[2], b[3], b[4], b[5]) for b in buckets)
        new._shared = shared
        new._tops = tuple(tops)
        ends.store(new)
        return new

    # -- queries ------------------------------------------------------------------------

    def overlapping(self, lo: float, hi: float) -> list[int]:
        """Positions of spans that share an instant with the window ``[lo, hi)``, in order.

        A span ``[a, b)`` overlaps when ``a < hi`` and ``b > lo``; an instant
        (``a == b``, or ``lo == hi``) counts when it lies in the other.
        """
        found: list[int] = []
        if not lo <= hi:
            return found
        lo, hi = float(lo), float(hi)
        if lo == hi:
            return self._at_instant(lo)
        extend = found.extend
        for reach, lowers, uppers, positions, ordered, shortest in self._buckets:
            # started before the window: only those still running at lo
            if ordered:
                middle = bisect_left(lowers, lo)
                running = bisect_right(uppers, lo, 0, middle)
            else:
                first = bisect_left(lowers, lo - reach)
                middle = bisect_left(lowers, lo, first)
                # those that start less than the shortest length before lo run at lo
                running = bisect_right(lowers, lo - shortest, first, middle)
                if first < running:
                    found += [positions[j] for j in range(first, running) if uppers[j] > lo]
            if running < middle:
                extend(positions[running:middle])
            # every span that starts inside the window overlaps it (even an instant)
            last = bisect_left(lowers, hi, middle)
            if middle < last:
                extend(positions[middle:last])
        if self._open_end_positions:
            extend(self._open_end_positions[: bisect_left(self._open_end_lowers, hi)])
        if self._open_start_positions:
            extend(self._open_start_positions[bisect_right(self._open_start_uppers, lo) :])
        if self._unbounded:
            extend(i for i, s_lo, s_hi in self._unbounded if _touches(s_lo, s_hi, lo, hi))
        found.sort()
        return found

    def _at_instant(self, t: float) -> list[int]:
        """Positions of spans containing the instant ``t`` (the window ``[t, t)``)."""
        found: list[int] = []
        extend = found.extend
        for reach, lowers, uppers, positions, _, _ in self._buckets:
            first = bisect_left(lowers, t - reach)
            middle = bisect_left(lowers, t, first)
            last = bisect_right(lowers, t, middle)
            # those still running after t, and the instants at t
            extend(compress(positions[first:last], map(t.__lt__, uppers[first:last])))
            extend(compress(positions[middle:last], map(t.__eq__, uppers[middle:last])))
        if t < math.inf:  # [a, inf) holds every finite instant from a on
            extend(self._open_end_positions[: bisect_right(self._open_end_lowers, t)])
        extend(self._open_start_positions[bisect_right(self._open_start_uppers, t) :])
        extend(i for i, s_lo, s_hi in self._unbounded if _touches(s_lo, s_hi, t, t))
        found.sort()
        return found

    def within(self, lo: float, hi: float) -> list[int]:
        """Positions of spans that lie wholly inside the window ``[lo, hi)``, in order."""
        found: list[int] = []
        if not lo <= hi:
            return found
        for reach, lowers, uppers, positions, _, _ in self._buckets:
            first = bisect_left(lowers, lo)
            # spans starting early enough cannot reach past hi: no check needed
            safe = bisect_left(lowers, hi - reach, first) if lo < hi else first
            last = bisect_right(lowers, hi, safe)
            found.extend(positions[first:safe])
            found.extend(
                positions[j] for j in range(safe, last) if _inside(lowers[j], uppers[j], lo, hi)
            )
        if hi == math.inf:
            start = bisect_left(self._open_end_lowers, lo)
            found.extend(self._open_end_positions[start:])
        if lo == -math.inf:
            found.extend(self._open_start_positions[: bisect_right(self._open_start_uppers, hi)])
        found.extend(i for i, s_lo, s_hi in self._unbounded if _inside(s_lo, s_hi, lo, hi))
        found.sort()
        return found

    def count_overlapping(self, lo: float, hi: float) -> int:
        """How many spans overlap ``[lo, hi)`` (same rule as :meth:`overlapping`)."""
        return len(self.overlapping(lo, hi))


def _find(
    keys: Sequence[float], positions: Sequence[int], key: float, p: int, *, insert: bool = False
) -> int | None:
    """Where position ``p`` with ``key`` is among ``keys`` (sorted; equal keys by position).

    ``insert``: where it would go; else ``None`` when it is not there.
    """
    j = bisect_left(keys, key)
    end = len(keys)
    while j < end and keys[j] == key and positions[j] < p:
        j += 1
    if insert:
        return j
    return j if j < end and keys[j] == key and positions[j] == p else None


def _renumbered(positions: Sequence[int], gone: list[int], put: list[int]) -> list[int]:
    """``positions`` after the positions ``gone`` (descending) are taken out and the
    positions ``put`` (ascending, in the new numbering) put in: each pass at C speed."""
    out = list(positions)
    for r in gone:  # (descending: each r is still in the numbering it was given in)
        out = list(map(sub, out, map(r.__lt__, out)))
    for a in put:  # (ascending: below a, the numbering is final)
        out = list(map(add, out, map(a.__le__, out)))
    return out


class _Ends:
    """The spans of an index open at one end or both, while it is edited."""

    def __init__(self, index: SpanIndex) -> None:
        self.end_lowers = list(index._open_end_lowers)
        self.end_positions = list(index._open_end_positions)
        self.start_uppers = list(index._open_start_uppers)
        self.start_positions = list(index._open_start_positions)
        self.unbounded = list(index._unbounded)

    def _lists(self, lo: float, hi: float) -> tuple[list[float], list[int], float] | None:
        if hi == math.inf and -math.inf < lo < math.inf:
            return self.end_lowers, self.end_positions, lo
        if lo == -math.inf and -math.inf < hi < math.inf:
            return self.start_uppers, self.start_positions, hi
        return None

    def remove(self, p: int, lo: float, hi: float) -> None:
        found = self._lists(lo, hi)
        if found is None:
            for k, (q, _, _) in enumerate(self.unbounded):
                if q == p:
                    del self.unbounded[k]
                    return
            raise ValueError(f"span {p} [{lo!r}, {hi!r}) is not in the index")
        keys, positions, key = found
        j = _find(keys, positions, key, p)
        if j is None:
            raise ValueError(f"span {p} [{lo!r}, {hi!r}) is not in the index")
        del keys[j], positions[j]

    def renumber(self, gone: list[int], put: list[int]) -> None:
        self.end_positions = _renumbered(self.end_positions, gone, put)
        self.start_positions = _renumbered(self.start_positions, gone, put)
        if self.unbounded:
            moved = _renumbered([q for q, _, _ in self.unbounded], gone, put)
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
        j = _find(keys, positions, key, p, insert=True)
        assert j is not None
        keys.insert(j, key)
        positions.insert(j, p)

    def store(self, index: SpanIndex) -> None:
        index._open_end_lowers = array("d", self.end_lowers)
        index._open_end_positions = array("q", self.end_positions)
        index._open_start_uppers = array("d", self.start_uppers)
        index._open_start_positions = array("q", self.start_positions)
        index._unbounded = tuple(self.unbounded)
