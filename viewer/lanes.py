"""Lane layout: which horizontal lane each item is drawn in.

Items are what the canvas draws for an event: a span of time (the bar, or
the marker of a point) plus the room its label needs, and optionally a
*tail* (the ghost bar of a disagreeing report with its own small label).
Two items in the same lane never overlap, labels included.

A layout is made per zoom *bucket*: a step of :data:`STEPS_PER_OCTAVE` per
doubling of the seconds per pixel (bucket ``b`` ends at ``2**(b / 4)``).  It
is made at the bucket's coarsest scale, where items are closest in pixels, so
it stays valid for every scale of the bucket: lanes do not move while
panning, nor while zooming inside a bucket.  The buckets are narrow (a factor
of 1.19) so that the layout is made at nearly the scale it is drawn at: with
buckets a factor of 2 wide, items up to twice as far apart as the layout
assumed were kept in lanes of their own (a staircase where they would share).  The
rule is greedy interval partitioning by left edge, each item taking the
lowest free lane (the fewest lanes possible when nothing else constrains).

:func:`layout_lanes` applies it to all items at once: O(n log n), fine for a
few thousand items.  :class:`LocalLanes` applies it *chunk by chunk*, so the
lanes of what is in view cost only the items near the view, whatever the
size of the timeline, and still depend neither on where the view is nor on
what was computed before (see its docstring).

No Qt: label widths are given in pixels by whoever draws them (the painter
elides labels to the width it gave).
"""

from __future__ import annotations

import heapq
import itertools
import math
import operator
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Final, NamedTuple

import attrs

__all__ = [
    "STEPS_PER_OCTAVE",
    "LaneFacts",
    "LaneIndex",
    "LaneLayout",
    "LocalLanes",
    "bucket_of",
    "bucket_scale",
    "lane_index",
    "layout_lanes",
    "split_overflow",
]


STEPS_PER_OCTAVE = 4
"""Zoom buckets per doubling of the scale."""

_STEP_FACTORS = tuple(2.0 ** (k / STEPS_PER_OCTAVE) for k in range(STEPS_PER_OCTAVE))


def bucket_scale(bucket: int) -> float:
    """The coarsest seconds per pixel of ``bucket``: ``2**(bucket / STEPS_PER_OCTAVE)``.

    Exact powers of two every :data:`STEPS_PER_OCTAVE` buckets, and the same
    float every time for a bucket (so chunk bounds compare alike everywhere).
    """
    octave, step = divmod(bucket, STEPS_PER_OCTAVE)
    return math.ldexp(_STEP_FACTORS[step], octave)


def bucket_of(seconds_per_px: float) -> int:
    """The zoom bucket ``b``: ``bucket_scale(b - 1) < seconds_per_px <= bucket_scale(b)``."""
    if not (seconds_per_px > 0 and math.isfinite(seconds_per_px)):
        raise ValueError(f"seconds_per_px must be positive and finite, not {seconds_per_px!r}")
    mantissa, exponent = math.frexp(seconds_per_px)  # seconds_per_px = mantissa * 2**exponent
    bucket = (exponent - 1) * STEPS_PER_OCTAVE + math.ceil(
        STEPS_PER_OCTAVE * math.log2(2.0 * mantissa)
    )
    while bucket_scale(bucket - 1) >= seconds_per_px:
        bucket -= 1
    while bucket_scale(bucket) < seconds_per_px:
        bucket += 1
    return bucket


# -- the greedy rule, shared by both layouts -------------------------------------------

_Extent = tuple[float, float, int]
"""``(left, right, item)`` in pixels at the bucket's scale; ``right`` includes the gap."""


_second = operator.itemgetter(1)


def _blocked(taken: list[tuple[float, float]] | None, left: float, right: float) -> bool:
    if taken:
        for a, b in taken:
            if a < right and left < b:
                return True
    return False


def _place(
    items: Sequence[_Extent],
    taken: Mapping[int, list[tuple[float, float]]],
    cap: int,
    out: dict[int, int],
) -> int:
    """Give each item (sorted by left edge) the lowest lane where it fits.

    ``taken`` holds, per lane, the extents already there (items laid out
    before, which these must avoid).  An item finding no lane below ``cap``
    gets ``cap`` (overflow) and takes no room.  Returns how many lanes were
    opened.  O(k log k) plus, per item, the lanes skipped because of ``taken``.
    """
    push, pop = heapq.heappush, heapq.heappop
    busy: list[tuple[float, int]] = []  # (right edge, lane) of the last item of a lane
    free: list[int] = []
    count = 0
    for left, right, item in items:
        while busy and busy[0][0] <= left:
            push(free, pop(busy)[1])
        lane = -1
        skipped: list[int] = []
        while free:
            candidate = pop(free)
            if taken and _blocked(taken.get(candidate), left, right):
                skipped.append(candidate)
                continue
            lane = candidate
            break
        while lane < 0 and count < cap:
            candidate = count
            count += 1
            if taken and _blocked(taken.get(candidate), left, right):
                skipped.append(candidate)
                continue
            lane = candidate
        for candidate in skipped:
            push(free, candidate)
        if lane < 0:
            out[item] = cap
            continue
        out[item] = lane
        push(busy, (right, lane))
    return count


# -- all at once -----------------------------------------------------------------------


@attrs.frozen
class LaneLayout:
    """Lane of every item (``lanes[i]``), for one zoom bucket."""

    lanes: array[int]
    lane_count: int
    bucket: int

    @property
    def seconds_per_px(self) -> float:
        """The scale the layout was made at (the bucket's coarsest)."""
        return bucket_scale(self.bucket)

    def overflows(self, max_lanes: int) -> bool:
        """True when some item falls beyond ``max_lanes`` lanes."""
        return self.lane_count > max_lanes


def layout_lanes(
    starts: Sequence[float],
    ends: Sequence[float],
    label_chars: Sequence[int],
    *,
    seconds_per_px: float,
    char_px: float,
    anchors: Sequence[float] | None = None,
    lead_px: float = 6.0,
    gap_px: float = 8.0,
    tail_ends: Sequence[float] | None = None,
    tail_chars: Sequence[int] | None = None,
    bucket: int | None = None,
) -> LaneLayout:
    """Assign lanes so that no two items of a lane overlap at ``seconds_per_px`` or finer.

    Item ``i`` covers ``[starts[i], ends[i])`` (seconds, may be infinite); its
    marker and label start at ``anchors[i]`` (default: its start) minus
    ``lead_px``, the label taking ``label_chars[i] * char_px``; a tail ends at
    ``tail_ends[i]`` and is followed by ``tail_chars[i]`` characters.  Items
    of a lane are at least ``gap_px`` apart.  ``seconds_per_px`` is rounded
    up to its bucket (see :func:`bucket_of`) unless ``bucket`` is given.
    """
    n = len(starts)
    if len(ends) != n or len(label_chars) != n:
        raise ValueError("starts, ends and label_chars differ in length")
    if bucket is None:
        bucket = bucket_of(seconds_per_px)
    scale = 1.0 / bucket_scale(bucket)  # pixels per second at the bucket's scale
    anchor_seq = starts if anchors is None else anchors
    extents: list[_Extent] = []
    for i in range(n):
        s = starts[i] * scale
        a = anchor_seq[i] * scale - lead_px
        e = ends[i] * scale
        right = max(e, a + 2 * lead_px, a + label_chars[i] * char_px)
        if tail_ends is not None and tail_chars is not None and tail_chars[i]:
            right = max(right, tail_ends[i] * scale + tail_chars[i] * char_px)
        extents.append((min(s, a), right + gap_px, i))
    extents.sort(key=lambda x: x[0])
    placed: dict[int, int] = {}
    count = _place(extents, {}, max(n, 1), placed)
    lanes = array("q", bytes(8 * n))
    for i, lane in placed.items():
        lanes[i] = lane
    return LaneLayout(lanes, count, bucket)


def split_overflow(
    layout: LaneLayout, items: Sequence[int], max_lanes: int
) -> tuple[list[int], list[int]]:
    """Split ``items`` into those drawn in a lane (``< max_lanes``) and the overflow."""
    lanes = layout.lanes
    shown: list[int] = []
    over: list[int] = []
    for i in items:
        (shown if lanes[i] < max_lanes else over).append(i)
    return shown, over


# -- chunk by chunk --------------------------------------------------------------------


class LaneFacts(NamedTuple):
    """How an item is drawn around its time span, for :class:`LocalLanes`.

    Pixels are at the drawing scale; the mark covers ``anchor ± half_px``
    (and the item's span); the label covers ``label_px`` from
    ``anchor + label_dx``; a tail (ghost label) covers ``tail_px`` from
    ``tail_end``.  ``anchor`` and ``tail_end`` must lie in the item's span.
    """

    anchor: float
    half_px: float
    label_dx: float
    label_px: float
    tail_end: float = -math.inf
    tail_px: float = 0.0


@attrs.frozen
class _Placed:
    """Lanes given by one step of the layout (a chunk, or crossers of a boundary)."""

    lane: dict[int, int]
    extents: list[tuple[float, float, int]]
    """``(left, right, lane)`` of the items given a lane below the cap."""


class _Class:
    """Items whose span length is in ``[low, high)`` seconds, sorted by start."""

    __slots__ = ("high", "items", "low")

    def __init__(self, low: float, high: float, items: Sequence[int]) -> None:
        self.low, self.high, self.items = low, high, items


class LaneIndex(NamedTuple):
    """The items of :class:`LocalLanes` grouped by the length class of their spans, each
    sorted by start: what it is made from, a pass over every item (about a second at a
    million), made once for given spans (:func:`lane_index`)."""

    lengths: array[float]
    unbounded: list[int]
    classes: list[_Class]
    longest: float


def lane_index(starts: Sequence[float], ends: Sequence[float]) -> LaneIndex:
    """The :class:`LaneIndex` of the spans ``[starts[i], ends[i])``.

    From :data:`LANE_INDEX_BY_NUMPY` spans on, where numpy is installed, the work is done by
    numpy: quicker, and it lets go of the interpreter while it sorts.  The passes over the
    items in C below (``map``, ``sorted`` with a C key) never do: made on a worker at ten
    million events they held the window still for seconds at a time.
    """
    if len(starts) >= LANE_INDEX_BY_NUMPY:
        made = _lane_index_by_numpy(starts, ends)
        if made is not None:
            return made
    # Group by length class (``2**(c-1) <= length < 2**c``; class 0 also holds 0), each
    # sorted by key.  The per-item work runs in C (map, sort), not in Python bytecode.
    lengths = array("d", map(operator.sub, ends, starts))
    finite = list(map(math.isfinite, lengths))
    unbounded = list(itertools.compress(range(len(lengths)), map(operator.not_, finite)))
    exponents = array("q", map(_second, map(math.frexp, lengths)))
    order = sorted(itertools.compress(range(len(lengths)), finite), key=exponents.__getitem__)
    classes: list[_Class] = []
    for c, group in itertools.groupby(order, key=exponents.__getitem__):
        members = list(group)
        members.sort(key=starts.__getitem__)  # nearly sorted already: events come in order
        low = 0.0 if c == 0 else math.ldexp(1.0, c - 1)
        classes.append(_Class(low, math.ldexp(1.0, c), members))
    longest = max((max(map(lengths.__getitem__, cls.items)) for cls in classes[-1:]), default=0.0)
    return LaneIndex(lengths, unbounded, classes, longest)


LANE_INDEX_BY_NUMPY: Final = 50_000
"""Spans from which :func:`lane_index` is made by numpy (where it is installed)."""


def _lane_index_by_numpy(starts: Sequence[float], ends: Sequence[float]) -> LaneIndex | None:
    """:func:`lane_index` made by numpy, the same index (``None``: numpy is not installed)."""
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - (numpy comes with the 'arrow' extra)
        return None
    first = np.asarray(starts, np.float64)  # (an ``array("d")`` is read in place)
    # The lengths are computed into the array kept, and the spans all finite (as most are)
    # are sorted without their positions taken apart: at ten million spans, the copies
    # these made were 0.5 GB more at the peak of the viewer's warm-up.
    lengths = array("d", [0.0]) * len(first)
    spans = np.frombuffer(lengths, np.float64) if len(first) else np.zeros(0)
    with np.errstate(invalid="ignore", over="ignore"):  # (inf - inf: nan, not finite)
        np.subtract(np.asarray(ends, np.float64), first, out=spans)
    finite = np.isfinite(spans)
    unbounded: list[int] = np.flatnonzero(~finite).tolist()
    members = None if not unbounded else np.flatnonzero(finite)
    # (the classes' exponents, -1074 to 1024, as 16-bit ints)
    exponents = np.frexp(spans if members is None else spans[members])[1].astype(np.int16)
    # by class, then by start, then by position (as the stable sorts above), in one sort:
    # at ten million spans, two stable sorts and the gathers between them took 0.46 s and
    # 240 MB more at the peak, this 0.16 s and 80 MB (the order itself)
    order = np.lexsort((first if members is None else first[members], exponents))
    exponents = exponents[order]
    members = order if members is None else members[order]
    del order
    cuts = np.flatnonzero(np.diff(exponents)) + 1
    classes: list[_Class] = []
    firsts = exponents[np.concatenate([[0], cuts])].tolist() if len(members) else []
    groups = np.split(members, cuts) if firsts else []
    for c, group in zip(firsts, groups, strict=True):
        low = 0.0 if c == 0 else math.ldexp(1.0, c - 1)
        # Kept as machine integers (a view of ``members``, read as ints), not a list: a list
        # of ten million ints is made holding the interpreter (0.35 s), and every collection
        # that meets it visits each int (0.1-0.3 s a time, on the GUI thread, which collects).
        items = group.astype(np.int64, copy=False).data
        classes.append(_Class(low, math.ldexp(1.0, c), items))
    longest = float(spans[groups[-1]].max()) if groups else 0.0
    return LaneIndex(lengths, unbounded, classes, longest)


class LocalLanes:
    """Lanes of items computed chunk by chunk near where they are asked for.

    Items are spans ``[starts[i], ends[i])`` (seconds; an item's ``start`` is
    its *key*), drawn as ``facts(i)`` says (asked only for items near what
    is laid out).  The painter must keep labels and tails within
    ``max_label_px`` and marks within ``max_half_px`` of the anchor.

    **How.**  At a bucket's scale every finite item has a *level*: the
    smallest ``k`` whose *reach* ``M_k`` covers its extent measured from its
    key (span length in pixels plus the largest label).  Chunks of level
    ``k`` are ``C_k = 2 * (M_k + max_half_px)`` pixels wide, aligned on
    multiples of ``C_k`` (so ``C_k`` doubles per level), and an item's home is
    the chunk of its level holding its key.  An item can thus reach past the
    end of its chunk but never beyond the next one, and the items *crossing*
    into chunk ``j`` all end before any item of ``j`` can cross into ``j + 1``.

    Lanes are given, each step avoiding what the earlier steps placed:

    1. unbounded items (an open end: they cross every chunk), once per bucket
       over all of them (they are few);
    2. per level, longest first: the crossers of a boundary, among
       themselves, then the other items of a chunk, around the crossers into
       and out of it.

    Each step reads only the items of one chunk (or the end of the one
    before a boundary) and the longer items overlapping it, never the view:
    the result is the same whatever the pan position, and whatever order the
    steps are computed in; and no two items of a lane overlap.  Results are
    cached per ``(bucket, level, chunk)``.  An item that finds no lane below
    ``cap`` gets ``cap`` (overflow).
    """

    def __init__(
        self,
        starts: Sequence[float],
        ends: Sequence[float],
        facts: Callable[[int], LaneFacts],
        *,
        max_label_px: float,
        max_half_px: float = 6.0,
        gap_px: float = 8.0,
        cap: int = 64,
        keep: int = 4096,
        index: LaneIndex | None = None,
    ) -> None:
        if len(starts) != len(ends):
            raise ValueError("starts and ends differ in length")
        self._starts, self._ends, self._facts = starts, ends, facts
        self._max_label, self._half, self._gap = max_label_px, max_half_px, gap_px
        self.cap = cap
        self._keep = keep
        # Room beyond the span in pixels; the first chunk holds points with room to spare.
        self._room = max_label_px + max_half_px + gap_px
        self._c0 = 16.0 * math.ceil(2.2 * (self._room + max_half_px + 1.0) / 16.0)
        found = index if index is not None else lane_index(starts, ends)
        self._classes = found.classes
        self._lengths = found.lengths
        self._unbounded = found.unbounded
        self._longest = found.longest
        self._done: dict[tuple[str, int, int, int], _Placed] = {}
        self._open: dict[int, _Placed] = {}
        self._levels: dict[int, list[int]] = {}
        self.placed = 0
        """Items laid out so far (each counted once per bucket): the cost, for tests."""

    # -- geometry at a bucket --------------------------------------------------------

    def _reach(self, level: int) -> float:
        return self._c0 * 2.0 ** (level - 1) - self._half - 1.0  # 1 px against rounding

    def _chunk(self, level: int) -> float:
        return self._c0 * 2.0**level

    def _home(self, key: float, bucket: int, level: int) -> int:
        """The chunk of ``level`` holding ``key`` (seconds), by the bounds queries compare with.

        Chunk ``j`` holds keys in ``[j * size * spp, (j + 1) * size * spp)`` seconds, as
        :meth:`_members` computes them (scaling the key instead could round, e.g. a
        subnormal to 0).
        """
        size, spp = self._chunk(level), bucket_scale(bucket)
        j = math.floor(key / spp / size)
        while key < (j * size) * spp:
            j -= 1
        while key >= ((j + 1) * size) * spp:
            j += 1
        return j

    def _level(self, length_px: float) -> int:
        """The level of an item whose span is ``length_px`` long at the bucket's scale."""
        need = length_px + self._room
        level = max(0, math.ceil(math.log2((need + self._half) / self._c0)) + 1)
        while level > 0 and need <= self._reach(level - 1):
            level -= 1
        while need > self._reach(level):
            level += 1
        return level

    def _nonempty(self, bucket: int) -> list[int]:
        """Levels that may hold items at ``bucket``, longest first."""
        found = self._levels.get(bucket)
        if found is None:
            scale = 1.0 / bucket_scale(bucket)
            levels: set[int] = set()
            for cls in self._classes:
                first = self._level(cls.low * scale)
                last = self._level(min(cls.high, self._longest) * scale)
                levels.update(range(first, last + 1))
            found = self._levels[bucket] = sorted(levels, reverse=True)
        return found

    def _extent(self, item: int, scale: float) -> tuple[float, float]:
        f = self._facts(item)
        x = f.anchor * scale
        half = min(f.half_px, self._half)
        dx = min(max(f.label_dx, -self._half), self._half)
        label = min(f.label_px, self._max_label)
        left = min(self._starts[item] * scale, x - half, x + dx)
        right = max(self._ends[item] * scale, x + half, x + dx + label)
        if f.tail_px > 0:
            right = max(right, f.tail_end * scale + min(f.tail_px, self._max_label))
        return left, right + self._gap

    # -- steps ----------------------------------------------------------------------------

    def _members(self, bucket: int, level: int, x0: float, x1: float) -> list[_Extent]:
        """Items of ``level`` whose key is in ``[x0, x1)`` pixels, by left edge."""
        spp = bucket_scale(bucket)
        scale = 1.0 / spp
        t0, t1 = x0 * spp, x1 * spp
        out: list[_Extent] = []
        key, lengths, extent = self._starts.__getitem__, self._lengths, self._extent
        for cls in self._classes:
            shortest = self._level(cls.low * scale)
            longest = self._level(min(cls.high, self._longest) * scale)
            if not shortest <= level <= longest:
                continue
            items = cls.items
            first = bisect_left(items, t0, key=key)
            last = bisect_left(items, t1, first, key=key)
            if shortest == longest:  # the whole class is at this level
                out.extend((*extent(i, scale), i) for i in items[first:last])
                continue
            for p in range(first, last):
                i = items[p]
                if self._level(lengths[i] * scale) == level:
                    out.append((*extent(i, scale), i))
        self.placed += len(out)
        out.sort()
        return out

    def _remember(self, key: tuple[str, int, int, int], placed: _Placed) -> _Placed:
        if len(self._done) >= self._keep:
            self._done.clear()  # recomputing gives the same lanes
        self._done[key] = placed
        return placed

    def _unbounded_lanes(self, bucket: int) -> _Placed:
        found = self._open.get(bucket)
        if found is None:
            scale = 1.0 / bucket_scale(bucket)
            items = sorted((*self._extent(i, scale), i) for i in self._unbounded)
            self.placed += len(items)
            lanes: dict[int, int] = {}
            _place(items, {}, self.cap, lanes)
            if len(self._open) >= 16:
                self._open.clear()
            found = self._open[bucket] = _Placed(
                lanes, [(a, b, lanes[i]) for a, b, i in items if lanes[i] < self.cap]
            )
        return found

    def _above(
        self, bucket: int, level: int, x0: float, x1: float
    ) -> dict[int, list[tuple[float, float]]]:
        """Per lane, the extents of longer items (placed before) overlapping ``[x0, x1]``."""
        taken: dict[int, list[tuple[float, float]]] = {}
        sources = [self._unbounded_lanes(bucket)] if self._unbounded else []
        for other in self._nonempty(bucket):
            if other <= level:
                break
            size, reach = self._chunk(other), self._reach(other)
            for j in range(
                math.floor((x0 - reach) / size), math.floor((x1 + self._half) / size) + 1
            ):
                sources.append(self._chunk_lanes(bucket, other, j))
        for placed in sources:
            for a, b, lane in placed.extents:
                if a < x1 and x0 < b:
                    if lane in taken:
                        taken[lane].append((a, b))
                    else:
                        taken[lane] = [(a, b)]
        return taken

    def _crossers(self, bucket: int, level: int, j: int) -> _Placed:
        """Lanes of the items of chunk ``j - 1`` that reach into chunk ``j``."""
        key = ("cross", bucket, level, j)
        found = self._done.get(key)
        if found is not None:
            return found
        size = self._chunk(level)
        edge = j * size
        near = max((j - 1) * size, edge - self._reach(level) - self._half)
        items = [m for m in self._members(bucket, level, near, edge) if m[1] > edge - self._half]
        lanes: dict[int, int] = {}
        if items:
            x0 = min(m[0] for m in items)
            x1 = max(m[1] for m in items)
            _place(items, self._above(bucket, level, x0, x1), self.cap, lanes)
        return self._remember(
            key, _Placed(lanes, [(a, b, lanes[i]) for a, b, i in items if lanes[i] < self.cap])
        )

    def _chunk_lanes(self, bucket: int, level: int, j: int) -> _Placed:
        """Lanes of the items of chunk ``j`` (of ``level``), crossers out of it included."""
        key = ("chunk", bucket, level, j)
        found = self._done.get(key)
        if found is not None:
            return found
        size = self._chunk(level)
        edge = (j + 1) * size - self._half
        inner = [m for m in self._members(bucket, level, j * size, (j + 1) * size) if m[1] <= edge]
        into = self._crossers(bucket, level, j)
        out = self._crossers(bucket, level, j + 1)
        lanes: dict[int, int] = {}
        extents: list[tuple[float, float, int]] = []
        if inner:
            taken = self._above(bucket, level, j * size - self._half, edge)
            for placed in (into, out):
                for a, b, lane in placed.extents:
                    if lane in taken:
                        taken[lane].append((a, b))
                    else:
                        taken[lane] = [(a, b)]
            _place(inner, taken, self.cap, lanes)
            extents = [(a, b, lanes[i]) for a, b, i in inner if lanes[i] < self.cap]
        lanes.update(out.lane)
        return self._remember(key, _Placed(lanes, extents + out.extents))

    # -- queries ----------------------------------------------------------------------------

    def lane(self, item: int, seconds_per_px: float) -> int:
        """The lane of ``item`` at the bucket of ``seconds_per_px`` (``cap``: overflow)."""
        return self.lanes((item,), seconds_per_px)[0]

    def lanes(self, items: Iterable[int], seconds_per_px: float) -> list[int]:
        """The lanes of ``items`` at the bucket of ``seconds_per_px``."""
        bucket = bucket_of(seconds_per_px)
        scale = 1.0 / bucket_scale(bucket)
        starts, ends = self._starts, self._ends
        out: list[int] = []
        for i in items:
            length = ends[i] - starts[i]
            if not length < math.inf:
                placed = self._unbounded_lanes(bucket)
            else:
                level = self._level(length * scale)
                placed = self._chunk_lanes(bucket, level, self._home(starts[i], bucket, level))
            out.append(placed.lane.get(i, self.cap))
        return out
