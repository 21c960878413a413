"""Lane layout: no overlap within a lane (labels included), stability, buckets, overflow.

``layout_lanes`` lays out everything at once; ``LocalLanes`` chunk by chunk, near what is
asked for: the same guarantees, and lanes that depend neither on the view nor on the order
in which chunks were computed.
"""

from __future__ import annotations

import gc
import itertools
import math
import random

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from viewer import lanes as lanes_module
from viewer.lanes import (
    STEPS_PER_OCTAVE,
    LaneFacts,
    LaneIndex,
    LocalLanes,
    bucket_of,
    bucket_scale,
    lane_index,
    layout_lanes,
    split_overflow,
)

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


def test_bucket_is_the_step_at_or_above() -> None:
    step = 2.0 ** (1 / STEPS_PER_OCTAVE)
    assert bucket_of(1.0) == 0
    assert bucket_of(1.01) == 1
    assert bucket_of(step) == 1
    assert bucket_of(2.0) == STEPS_PER_OCTAVE
    assert bucket_of(2.01) == STEPS_PER_OCTAVE + 1
    assert bucket_of(0.3) == -6  # 2**(-7/4) = 0.297 < 0.3 <= 2**(-6/4) = 0.354
    assert bucket_scale(STEPS_PER_OCTAVE * 5) == 32.0  # powers of two are exact
    assert bucket_scale(-STEPS_PER_OCTAVE) == 0.5
    with pytest.raises(ValueError, match="positive"):
        bucket_of(0.0)


@given(st.floats(1e-300, 1e300))
@example(2.0**-1074)
@example(1.5)
def test_a_scale_is_in_its_bucket(spp: float) -> None:
    bucket = bucket_of(spp)
    assert bucket_scale(bucket - 1) < spp <= bucket_scale(bucket)
    assert bucket_scale(bucket) <= spp * 2.0 ** (1 / STEPS_PER_OCTAVE) * (1 + 1e-12)


def test_items_that_fit_at_the_scale_drawn_share_a_lane() -> None:
    """The layout is made at nearly the scale drawn (within a bucket's 19 %), not up to 2× coarser.

    Two points 100 s apart with labels of 15 characters (113 px with the gap)
    fit side by side at 0.55 s/px (182 px apart), not at 1 s/px (100 px): with
    buckets a doubling wide, 0.55 s/px was laid out at 1 s/px and each took a lane.
    """
    starts, ends, chars = [0.0, 100.0], [0.0, 100.0], [15, 15]
    for spp, lanes in ((0.55, [0, 0]), (1.0, [0, 1])):
        layout = layout_lanes(
            starts, ends, chars, seconds_per_px=spp, char_px=CHAR, lead_px=LEAD, gap_px=GAP
        )
        assert list(layout.lanes) == lanes
    assert local(starts, ends, chars).lanes([0, 1], 0.55) == [0, 0]
    assert local(starts, ends, chars).lanes([0, 1], 1.0) == [0, 1]


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


# -- LocalLanes: the same rule, chunk by chunk --------------------------------------------


def local(
    starts: list[float], ends: list[float], chars: list[int], *, cap: int = 10_000
) -> LocalLanes:
    """A chunked layout of points/bars whose labels start at their start, like the canvas."""
    facts = [LaneFacts(s, LEAD, -LEAD, c * CHAR) for s, c in zip(starts, chars, strict=True)]
    return LocalLanes(
        starts,
        ends,
        facts.__getitem__,
        max_label_px=40 * CHAR,
        max_half_px=LEAD,
        gap_px=GAP,
        cap=cap,
    )


def local_extents(
    starts: list[float], ends: list[float], chars: list[int], spp: float
) -> list[tuple[float, float]]:
    """Pixel extents as the canvas draws them, and the gap after."""
    return [
        (
            min(s / spp, s / spp - LEAD),
            max(e / spp, s / spp + LEAD, s / spp - LEAD + c * CHAR) + GAP,
        )
        for s, e, c in zip(starts, ends, chars, strict=True)
    ]


spans = st.lists(
    st.tuples(
        st.floats(-1e6, 1e6),
        st.one_of(st.just(0.0), st.floats(0.0, 2e3), st.floats(0.0, 3e5), st.just(math.inf)),
        st.integers(0, 40),
        st.booleans(),
    ),
    max_size=80,
)


def unpack(
    data: list[tuple[float, float, int, bool]],
) -> tuple[list[float], list[float], list[int]]:
    starts, ends = [], []
    for s, d, _, left_open in data:
        if d == math.inf and left_open:
            starts.append(-math.inf)
            ends.append(s)
        else:
            starts.append(s)
            ends.append(s + d)
    return starts, ends, [c for _, _, c, _ in data]


@given(spans, st.floats(0.01, 1000.0), st.floats(0.2, 1.0), st.randoms(use_true_random=False))
@example([(-5e-324, 0.0, 0, False)] * 2, 2.0, 1.0, random.Random(0))  # a key that scaling rounds
def test_local_lanes_never_overlap(
    data: list[tuple[float, float, int, bool]], spp: float, finer: float, rnd: random.Random
) -> None:
    starts, ends, chars = unpack(data)
    order = list(range(len(starts)))
    rnd.shuffle(order)  # any order of asking: chunks get computed in any order
    lanes = dict(zip(order, local(starts, ends, chars).lanes(order, spp), strict=True))
    bucket_spp = bucket_scale(bucket_of(spp))
    for scale in (bucket_spp, spp, spp * finer):
        assert_no_overlap(
            [lanes[i] for i in range(len(starts))], local_extents(starts, ends, chars, scale)
        )


@given(spans, st.floats(0.01, 1000.0), st.floats(-1e6, 1e6), st.floats(10.0, 1e5))
def test_local_lanes_do_not_depend_on_the_view(
    data: list[tuple[float, float, int, bool]], spp: float, pan: float, span: float
) -> None:
    starts, ends, chars = unpack(data)
    everything = local(starts, ends, chars).lanes(range(len(starts)), spp)
    # A fresh layout asked only for what one view shows gives those items the same lanes.
    visible = [
        i for i, (s, e) in enumerate(zip(starts, ends, strict=True)) if s < pan + span and e > pan
    ]
    assert local(starts, ends, chars).lanes(visible, spp) == [everything[i] for i in visible]
    # ... and so does a layout that saw other views (panning) before.
    panned = local(starts, ends, chars)
    for offset in (3 * span, -2 * span, 0.0):
        seen = [
            i
            for i, (s, e) in enumerate(zip(starts, ends, strict=True))
            if s < pan + offset + span and e > pan + offset
        ]
        panned.lanes(seen, spp)
    assert panned.lanes(visible, spp) == [everything[i] for i in visible]


def test_local_lanes_match_the_global_layout_when_nothing_crosses_a_chunk() -> None:
    # Short items (the first level) in two chunks, none near a chunk's end.
    starts = [0.0, 10.0, 20.0, 300.0, 305.0, 2000.0]
    ends = [5.0, 40.0, 25.0, 301.0, 306.0, 2001.0]
    chars = [3, 3, 3, 3, 3, 3]
    glob = layout_lanes(starts, ends, chars, seconds_per_px=1.0, char_px=CHAR, gap_px=GAP)
    assert local(starts, ends, chars).lanes(range(6), 1.0) == list(glob.lanes)


def test_open_ended_items_take_their_lane_only_where_they_are() -> None:
    # An ongoing item from t=1e6 on: it blocks a lane there, not before.
    starts = [1e6, 0.0, 1e6 + 5000, 2e6]
    ends = [math.inf, 1.0, 1e6 + 5001, 2e6 + 1]
    layout = local(starts, ends, [2, 2, 2, 2])
    lanes = layout.lanes(range(4), 1.0)
    assert lanes[1] == 0  # long before: the first lane is free
    assert lanes[2] != lanes[0]
    assert lanes[3] != lanes[0]


def test_lanes_beyond_the_cap_are_overflow() -> None:
    layout = local([0.0] * 10, [1.0] * 10, [1] * 10, cap=4)
    lanes = layout.lanes(range(10), 1.0)
    assert sorted(lanes) == [0, 1, 2, 3] + [4] * 6


def test_layout_cost_is_local() -> None:
    """Asking for a view lays out the items near it, not the whole timeline."""
    n = 50_000
    starts = [i * 3600.0 for i in range(n)]  # an event an hour for 5.7 years
    ends = [s + (86400.0 if i % 7 == 0 else 0.0) for i, s in enumerate(starts)]
    layout = local(starts, ends, [20] * n)
    spp = 60.0  # a minute per pixel: 1600 px show about 27 hours
    lo, hi = 20_000 * 3600.0, 20_000 * 3600.0 + 1600 * spp
    visible = [i for i in range(n) if starts[i] < hi and ends[i] > lo]
    layout.lanes(visible, spp)
    assert 20 < len(visible) < 60
    assert layout.placed < 20 * len(visible)
    before = layout.placed
    layout.lanes(visible, spp)  # cached
    assert layout.placed == before
    # Panning by a view's width lays out about a view's worth more.
    layout.lanes([i for i in range(n) if hi <= starts[i] < 2 * hi - lo], spp)
    assert layout.placed - before < 10 * len(visible)


# -- the lane index made by numpy is the one the passes in C make --------------------------

_bound = st.one_of(
    st.sampled_from([0.0, 1.0, 86400.0, -math.inf, math.inf]),
    st.floats(-1e12, 1e12, allow_nan=False),
    st.integers(-1000, 1000).map(float),
)


def _as_plain(index: LaneIndex) -> tuple[object, ...]:
    return (
        bytes(index.lengths),  # (nan where both ends are infinite: compared as bytes)
        index.unbounded,
        [(c.low, c.high, list(c.items)) for c in index.classes],
        index.longest,
    )


@settings(deadline=None)  # (the first example imports numpy)
@given(st.lists(st.tuples(_bound, st.one_of(_bound, st.floats(0, 1e6))), max_size=60))
@example([(0.0, 0.0), (5.0, 5.0), (1.0, 3.0), (1.0, 2.0), (-math.inf, math.inf)])
def test_the_lane_index_made_by_numpy_is_the_same(spans: list[tuple[float, float]]) -> None:
    pytest.importorskip("numpy")
    # an end before its start is no span, but the two must still agree on it
    starts = [s for s, _ in spans]
    ends = [s + e if math.isfinite(s) and e < 1e6 else e for s, e in spans]
    by_numpy = lanes_module._lane_index_by_numpy(starts, ends)
    assert by_numpy is not None
    assert _as_plain(by_numpy) == _as_plain(lane_index(starts, ends))  # (below the threshold)


def test_a_big_lane_index_is_made_by_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("numpy")
    made: list[int] = []
    by_numpy = lanes_module._lane_index_by_numpy

    def recorded(starts: list[float], ends: list[float]) -> LaneIndex | None:
        made.append(len(starts))
        return by_numpy(starts, ends)

    monkeypatch.setattr(lanes_module, "_lane_index_by_numpy", recorded)
    rng = random.Random(7)
    n = lanes_module.LANE_INDEX_BY_NUMPY
    starts = sorted(rng.uniform(0, 1e9) for _ in range(n))
    ends = [s + rng.choice([0.0, 60.0, 86400.0, 3e6, math.inf]) for s in starts]
    index = lane_index(starts, ends)
    assert made == [n]
    monkeypatch.setattr(lanes_module, "LANE_INDEX_BY_NUMPY", n + 1)
    assert _as_plain(lane_index(starts, ends)) == _as_plain(index)
    assert made == [n]


def test_a_big_lane_index_gives_the_collector_nothing_to_visit() -> None:
    # Each class's items are machine integers, not a list of ints: at ten million spans a
    # list was made holding the interpreter, and every collection visited each int (a
    # pause of 0.2-0.5 s on the viewer's GUI thread, which collects).
    pytest.importorskip("numpy")
    n = lanes_module.LANE_INDEX_BY_NUMPY
    starts = [float(i) for i in range(n)]
    ends = [s + (i % 5) * 3600.0 for i, s in enumerate(starts)]
    index = lane_index(starts, ends)
    assert sum(len(c.items) for c in index.classes) == n
    # (what a collection visits from each: a list, its every item)
    assert sum(len(gc.get_referents(c.items)) for c in index.classes) <= len(index.classes)


def test_a_big_lane_index_is_made_with_few_copies_of_its_spans() -> None:
    # the lengths computed into the array kept, the positions of spans all finite not taken
    # apart: at ten million spans the warm-up's peak was 0.5 GB higher (58 bytes a span
    # allocated at the most, now 35: the lengths, two orders and the classes' exponents)
    np = pytest.importorskip("numpy")
    import tracemalloc
    from array import array

    rng = random.Random(3)
    n = 100_000
    starts = array("d", sorted(rng.uniform(0, 1e9) for _ in range(n)))
    ends = array("d", (s + rng.choice([0.0, 60.0, 86400.0, 3e6]) for s in starts))
    np.argsort(np.zeros(2, np.int16), kind="stable")  # (numpy loaded before it is traced)
    tracemalloc.start()
    try:
        index = lanes_module._lane_index_by_numpy(starts, ends)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert index is not None
    assert sum(len(c.items) for c in index.classes) == n
    assert peak < 40 * n, peak / n
