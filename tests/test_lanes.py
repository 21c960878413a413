"""Lane layout: no overlap within a lane (labels included), stability, buckets, overflow."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from viewer.lanes import LaneCache, bucket_of, layout_lanes, split_overflow

CHAR = 7.0
LEAD = 6.0
GAP = 8.0


def extents(
    starts: list[float], ends: list[float], chars: list[int], spp: float
) -> list[tuple[float, float]]:
    """Pixel extents (mark + label) at scale ``spp``, as the painter draws them."""
    return [
        (min(s / spp, s / spp - LEAD), max(e / spp, s / spp - LEAD + c * CHAR, s / spp + LEAD))
        for s, e, c in zip(starts, ends, chars, strict=True)
    ]


def assert_no_overlap(lanes: list[int], ext: list[tuple[float, float]]) -> None:
    by_lane: dict[int, list[tuple[float, float]]] = {}
    for lane, e in zip(lanes, ext, strict=True):
        by_lane.setdefault(lane, []).append(e)
    for items in by_lane.values():
        items.sort()
        for (_, a_hi), (b_lo, _) in itertools.pairwise(items):
            assert a_hi <= b_lo, (a_hi, b_lo)


def test_bucket_is_the_power_of_two_at_or_above() -> None:
    assert bucket_of(1.0) == 0
    assert bucket_of(1.5) == 1
    assert bucket_of(2.0) == 1
    assert bucket_of(2.01) == 2
    assert bucket_of(0.3) == -1
    with pytest.raises(ValueError, match="positive"):
        bucket_of(0.0)


def test_disjoint_items_share_a_lane() -> None:
    layout = layout_lanes([0, 1000, 2000], [10, 1010, 2010], [3, 3, 3], seconds_per_px=1, char_px=7)
    assert list(layout.lanes) == [0, 0, 0]
    assert layout.lane_count == 1


def test_overlapping_spans_get_different_lanes() -> None:
    layout = layout_lanes([0, 5, 8], [100, 50, 9], [1, 1, 1], seconds_per_px=1, char_px=1)
    assert sorted(layout.lanes) == [0, 1, 2]


def test_label_room_counts_as_overlap() -> None:
    # Two points 50 s apart, 1 s per px: 50 px apart, but labels of 20 chars × 7 px.
    layout = layout_lanes([0, 50], [1, 51], [20, 20], seconds_per_px=1, char_px=7)
    assert layout.lanes[0] != layout.lanes[1]
    # Zoomed in 4×: 200 px apart, the labels fit.
    layout = layout_lanes([0, 50], [1, 51], [20, 20], seconds_per_px=0.25, char_px=7)
    assert layout.lanes[0] == layout.lanes[1]


def test_freed_lanes_are_reused_lowest_first() -> None:
    layout = layout_lanes(
        [0, 0, 0, 500], [100, 100, 400, 600], [1, 1, 1, 1], seconds_per_px=1, char_px=1
    )
    assert layout.lanes[3] == 0
    assert layout.lane_count == 3


def test_open_ended_items_keep_their_lane() -> None:
    layout = layout_lanes(
        [-math.inf, 0, 10_000], [5, math.inf, 10_001], [5, 5, 5], seconds_per_px=1, char_px=7
    )
    assert layout.lanes[0] == 0
    assert layout.lanes[1] != layout.lanes[2]


def test_tail_room_is_reserved() -> None:
    starts, ends = [0.0, 100.0], [10.0, 110.0]
    without = layout_lanes(starts, ends, [1, 1], seconds_per_px=1, char_px=7)
    with_tail = layout_lanes(
        starts, ends, [1, 1], seconds_per_px=1, char_px=7, tail_ends=[60.0, 0.0], tail_chars=[20, 0]
    )
    assert without.lane_count == 1
    assert with_tail.lane_count == 2


def test_overflow_split() -> None:
    layout = layout_lanes([0, 0, 0], [10, 10, 10], [1, 1, 1], seconds_per_px=1, char_px=1)
    assert layout.overflows(2)
    assert not layout.overflows(3)
    shown, over = split_overflow(layout, [0, 1, 2], 2)
    assert len(shown) == 2
    assert len(over) == 1


def test_cache_computes_once_per_bucket() -> None:
    cache = LaneCache([0, 10], [5, 15], [2, 2], char_px=7)
    a = cache.layout(3.0)
    b = cache.layout(3.9)  # same bucket (2**2)
    assert a is b
    assert cache.computed == 1
    cache.layout(100.0)
    assert cache.computed == 2
    assert cache.layout(3.5) is a


items = st.lists(
    st.tuples(
        st.floats(-1e6, 1e6),
        st.floats(0.0, 1e5),
        st.integers(0, 40),
    ),
    max_size=60,
)


@given(items, st.floats(0.01, 1000.0), st.floats(0.2, 1.0))
def test_no_two_items_of_a_lane_overlap(
    data: list[tuple[float, float, int]], spp_bucket: float, finer: float
) -> None:
    starts = [s for s, _, _ in data]
    ends = [s + d for s, d, _ in data]
    chars = [c for _, _, c in data]
    layout = layout_lanes(
        starts, ends, chars, seconds_per_px=spp_bucket, char_px=CHAR, lead_px=LEAD, gap_px=GAP
    )
    # Valid at the bucket's scale and at any finer scale within or below the bucket.
    for spp in (layout.seconds_per_px, spp_bucket, spp_bucket * finer):
        assert_no_overlap(list(layout.lanes), extents(starts, ends, chars, spp))


@given(items, st.floats(0.01, 1000.0), st.floats(-1e6, 1e6))
def test_lanes_do_not_move_when_panning(
    data: list[tuple[float, float, int]], spp: float, pan: float
) -> None:
    starts = [s for s, _, _ in data]
    ends = [s + d for s, d, _ in data]
    chars = [c for _, _, c in data]
    cache = LaneCache(starts, ends, chars, char_px=CHAR)
    before = list(cache.layout(spp).lanes)
    # The canvas pans by changing the view only: the same bucket gives the same lanes,
    # whatever part of the timeline is visible.
    visible = [i for i, (s, e) in enumerate(zip(starts, ends, strict=True)) if e > pan]
    after = cache.layout(spp)
    assert [after.lanes[i] for i in visible] == [before[i] for i in visible]
    fresh = layout_lanes(starts, ends, chars, seconds_per_px=spp, char_px=CHAR)
    assert list(fresh.lanes) == before
