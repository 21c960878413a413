"""Lane layout: which horizontal lane each item is drawn in.

Items are what the canvas draws for an event: a span of time (the bar, or
the marker of a point) plus the room its label needs to the right of its
anchor, and optionally a *tail* (the ghost bar of a disagreeing report with
its own small label).  Two items in the same lane never overlap, labels
included.

The layout is computed once per zoom *bucket* over **all** items, never per
frame over the visible ones, so lanes do not jump while panning.  A bucket
is a power of two of seconds per pixel; the layout is made at the bucket's
coarsest scale (``2**b >= seconds_per_px``), where items are closest in
pixels, so it stays valid for every scale of the bucket.  Greedy interval
partitioning by start with heaps: O(n log n), and the fewest lanes possible.

No Qt: label room is estimated from the label length in characters times an
average character width passed in (the painter elides labels to that room).
"""

from __future__ import annotations

import heapq
import math
from array import array
from collections.abc import Sequence

import attrs

__all__ = ["LaneCache", "LaneLayout", "bucket_of", "layout_lanes", "split_overflow"]


def bucket_of(seconds_per_px: float) -> int:
    """The zoom bucket ``b`` with ``2**(b-1) < seconds_per_px <= 2**b``."""
    if not (seconds_per_px > 0 and math.isfinite(seconds_per_px)):
        raise ValueError(f"seconds_per_px must be positive and finite, not {seconds_per_px!r}")
    mantissa, exponent = math.frexp(seconds_per_px)
    return exponent - 1 if mantissa == 0.5 else exponent


@attrs.frozen
class LaneLayout:
    """Lane of every item (``lanes[i]``), for one zoom bucket."""

    lanes: array[int]
    lane_count: int
    bucket: int

    @property
    def seconds_per_px(self) -> float:
        """The scale the layout was made at (the bucket's coarsest)."""
        return math.ldexp(1.0, self.bucket)

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
    scale = math.ldexp(1.0, -bucket)  # pixels per second at the bucket's scale
    anchor_seq = starts if anchors is None else anchors
    lo: list[float] = [0.0] * n
    hi: list[float] = [0.0] * n
    for i in range(n):
        s = starts[i] * scale
        a = anchor_seq[i] * scale - lead_px
        e = ends[i] * scale
        right = max(e, a + 2 * lead_px, a + label_chars[i] * char_px)
        if tail_ends is not None and tail_chars is not None and tail_chars[i]:
            right = max(right, tail_ends[i] * scale + tail_chars[i] * char_px)
        lo[i] = min(s, a)
        hi[i] = right + gap_px
    order = sorted(range(n), key=lo.__getitem__)
    lanes = array("q", bytes(8 * n))
    busy: list[tuple[float, int]] = []  # (right edge, lane) of the last item of each busy lane
    free: list[int] = []
    count = 0
    push, pop = heapq.heappush, heapq.heappop
    for i in order:
        left = lo[i]
        while busy and busy[0][0] <= left:
            push(free, pop(busy)[1])
        if free:
            lane = pop(free)
        else:
            lane = count
            count += 1
        lanes[i] = lane
        push(busy, (hi[i], lane))
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


class LaneCache:
    """Lane layouts of one set of items, computed lazily per zoom bucket."""

    def __init__(
        self,
        starts: Sequence[float],
        ends: Sequence[float],
        label_chars: Sequence[int],
        *,
        char_px: float,
        anchors: Sequence[float] | None = None,
        lead_px: float = 6.0,
        gap_px: float = 8.0,
        tail_ends: Sequence[float] | None = None,
        tail_chars: Sequence[int] | None = None,
        keep: int = 8,
    ) -> None:
        self._starts, self._ends, self._label_chars = starts, ends, label_chars
        self._anchors, self._tail_ends, self._tail_chars = anchors, tail_ends, tail_chars
        self._char_px, self._lead_px, self._gap_px = char_px, lead_px, gap_px
        self._keep = keep
        self._layouts: dict[int, LaneLayout] = {}
        self.computed = 0
        """How many layouts were computed (for tests of the cache)."""

    def layout(self, seconds_per_px: float) -> LaneLayout:
        """The layout for the bucket of ``seconds_per_px`` (computed on first use)."""
        bucket = bucket_of(seconds_per_px)
        found = self._layouts.pop(bucket, None)
        if found is None:
            found = layout_lanes(
                self._starts,
                self._ends,
                self._label_chars,
                seconds_per_px=seconds_per_px,
                bucket=bucket,
                char_px=self._char_px,
                anchors=self._anchors,
                lead_px=self._lead_px,
                gap_px=self._gap_px,
                tail_ends=self._tail_ends,
                tail_chars=self._tail_chars,
            )
            self.computed += 1
            if len(self._layouts) >= self._keep:
                del self._layouts[next(iter(self._layouts))]
        self._layouts[bucket] = found  # most recently used last
        return found
