"""Tests of :class:`timeline.index.SpanIndex` against a brute-force scan."""

from __future__ import annotations

import math
import re
from array import array
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.strategies import whens, zones
from timeline._index_parts import Renumbering
from timeline.days import local_bounds, local_keys
from timeline.index import BLOCK, SpanIndex
from timeline.when import When

INF = math.inf


def _as_set(lo: float, hi: float) -> tuple[float, float, bool]:
    """A span as (start, end, is_instant)."""
    return lo, hi, lo == hi


def _shares(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Brute force: do two half-open spans (an empty one is an instant) share an instant?"""
    a_lo, a_hi, a_point = _as_set(*a)
    b_lo, b_hi, b_point = _as_set(*b)
    if a_point and b_point:
        return a_lo == b_lo
    if a_point:
        return b_lo <= a_lo < b_hi
    if b_point:
        return a_lo <= b_lo < a_hi
    return a_lo < b_hi and b_lo < a_hi


def _inside(span: tuple[float, float], window: tuple[float, float]) -> bool:
    lo, hi = span
    w_lo, w_hi = window
    if lo == hi:
        return _shares(span, window)
    return w_lo <= lo and hi <= w_hi


# Bounds: small numbers (many collisions), seconds around now, huge and infinite.
_bound = st.one_of(
    st.integers(-20, 20).map(float),
    st.floats(-1e10, 1e10, allow_nan=False),
    st.sampled_from([-INF, INF, -1.7e308, 1.7e308, 0.0, 1e-300]),
)


@st.composite
def spans(draw: st.DrawFn) -> tuple[float, float]:
    a, b = draw(_bound), draw(_bound)
    if draw(st.integers(0, 5)) == 0:
        b = a  # zero length: an instant
    return (a, b) if a <= b else (b, a)


# Slots from one mark to the next: small ones give the marks' lists work on a few spans,
# and make spans that cross many marks go to buckets (the lists' budget).
_blocks = st.sampled_from([1, 2, 3, 5, BLOCK])


@given(st.lists(spans(), max_size=60), st.lists(spans(), min_size=1, max_size=10), _blocks)
def test_queries_agree_with_brute_force(
    items: list[tuple[float, float]], windows: list[tuple[float, float]], block: int
) -> None:
    index = SpanIndex([s[0] for s in items], [s[1] for s in items], block=block)
    assert len(index) == len(items)
    for window in windows:
        lo, hi = window
        expected = [i for i, s in enumerate(items) if _shares(s, window)]
        assert index.overlapping(lo, hi) == expected
        assert index.count_overlapping(lo, hi) == len(expected)
        assert index.within(lo, hi) == [i for i, s in enumerate(items) if _inside(s, window)]


@given(
    st.lists(whens(), max_size=40),
    st.lists(st.tuples(whens(), whens()), min_size=1, max_size=4),
    st.one_of(st.none(), zones()),
    _blocks,
)
def test_dates_of_every_precision_agree_with_a_scan(
    dates: list[When], windows: list[tuple[When, When]], tz: str | None, block: int
) -> None:
    # the local keys of dates as a timeline has them: years to seconds, zones, intervals
    # open at an end, sets; windows from the first instant of a date to the last of another
    lowers, uppers = local_keys(dates, tz)
    items = list(zip(lowers, uppers, strict=True))
    index = SpanIndex(lowers, uppers, block=block)
    for start, end in windows:
        lo, hi = local_bounds(start, tz)[0], local_bounds(end, tz)[1]
        for window in ((lo, hi), (lo, lo), (-INF, hi), (lo, INF)):
            expected = [i for i, s in enumerate(items) if _shares(s, window)]
            assert index.overlapping(*window) == (expected if window[0] <= window[1] else [])
            inside = [i for i, s in enumerate(items) if _inside(s, window)]
            assert index.within(*window) == (inside if window[0] <= window[1] else [])


@given(st.lists(spans(), max_size=30), _bound, _bound)
def test_reversed_window_is_empty(items: list[tuple[float, float]], a: float, b: float) -> None:
    if a == b:
        return
    lo, hi = max(a, b), min(a, b)
    index = SpanIndex([s[0] for s in items], [s[1] for s in items])
    assert index.overlapping(lo, hi) == []
    assert index.within(lo, hi) == []


def test_window_is_half_open() -> None:
    day = 86400.0
    index = SpanIndex([0.0, day, 2 * day], [day, 2 * day, 3 * day])
    # the window of the second day: [day, 2*day)
    assert index.overlapping(day, 2 * day) == [1]
    assert index.within(day, 2 * day) == [1]
    assert index.within(0.0, 3 * day) == [0, 1, 2]


def test_instants() -> None:
    index = SpanIndex([5.0, 0.0, 10.0], [5.0, 10.0, 20.0])
    assert index.overlapping(5.0, 5.0) == [0, 1]  # a point query
    assert index.overlapping(10.0, 10.0) == [2]
    assert index.overlapping(0.0, 5.0) == [1]  # the instant 5 is not in [0, 5)
    assert index.overlapping(5.0, 6.0) == [0, 1]
    assert index.within(5.0, 5.0) == [0]


def test_unbounded_and_huge_spans() -> None:
    lowers = [-INF, 0.0, -1.7e308, 100.0]
    uppers = [INF, INF, 1.7e308, 1.7e308]
    index = SpanIndex(lowers, uppers)
    assert index.overlapping(50.0, 60.0) == [0, 1, 2]
    assert index.overlapping(200.0, 300.0) == [0, 1, 2, 3]
    assert index.within(-INF, INF) == [0, 1, 2, 3]
    assert index.within(0.0, INF) == [1, 3]


def test_empty_index() -> None:
    index = SpanIndex([], [])
    assert len(index) == 0
    assert index.overlapping(-INF, INF) == []


@pytest.mark.parametrize(
    ("lowers", "uppers", "message"),
    [
        ([0.0], [], "lowers and uppers differ in length"),
        ([1.0], [0.0], "span 0 is not a span: [1.0, 0.0)"),
        ([math.nan], [1.0], "span 0 is not a span: [nan, 1.0)"),
    ],
)
def test_bad_spans_are_refused(lowers: list[float], uppers: list[float], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)) as info:
        SpanIndex(lowers, uppers)
    assert str(info.value) == message


# -- edits: an edited index answers as one built from the edited spans -------------------


@st.composite
def edits(
    draw: st.DrawFn,
) -> tuple[list[tuple[float, float]], list[int], list[tuple[int, tuple[float, float]]]]:
    """Spans, the positions of some taken out, and spans put in at new positions."""
    items = draw(st.lists(spans(), max_size=40))
    gone = sorted(draw(st.permutations(range(len(items))))[: draw(st.integers(0, 5))])
    kept = len(items) - len(gone)
    count = draw(st.integers(0, 5))
    # each put at a position of the new sequence: distinct, below kept + count
    put = sorted(draw(st.permutations(range(kept + count)))[:count])
    return items, gone, [(p, draw(spans())) for p in put]


def _after(
    items: list[tuple[float, float]], gone: list[int], put: list[tuple[int, tuple[float, float]]]
) -> list[tuple[float, float]]:
    result = [s for i, s in enumerate(items) if i not in set(gone)]
    for p, span in put:  # ascending: each at its final position
        result.insert(p, span)
    return result


@given(edits(), st.lists(spans(), min_size=1, max_size=8), _blocks)
def test_an_edited_index_answers_as_a_rebuilt_one(
    edit: tuple[list[tuple[float, float]], list[int], list[tuple[int, tuple[float, float]]]],
    windows: list[tuple[float, float]],
    block: int,
) -> None:
    items, gone, put = edit
    index = SpanIndex([s[0] for s in items], [s[1] for s in items], block=block)
    before = [index.overlapping(lo, hi) for lo, hi in windows]
    edited = index.edited(
        [(i, *items[i]) for i in gone], [(p, span[0], span[1]) for p, span in put]
    )
    result = _after(items, gone, put)
    rebuilt = SpanIndex([s[0] for s in result], [s[1] for s in result], block=block)
    assert len(edited) == len(rebuilt) == len(result)
    for lo, hi in [*windows, (-INF, INF)]:
        expected = [i for i, s in enumerate(result) if _shares(s, (lo, hi))]
        assert edited.overlapping(lo, hi) == rebuilt.overlapping(lo, hi) == expected
        assert edited.within(lo, hi) == rebuilt.within(lo, hi)
        assert edited.within(lo, hi) == [i for i, s in enumerate(result) if _inside(s, (lo, hi))]
        assert edited.overlapping(lo, lo) == rebuilt.overlapping(lo, lo)
    # the index edited is not changed
    assert [index.overlapping(lo, hi) for lo, hi in windows] == before
    assert_bounds_hold(index)
    assert_bounds_hold(edited)


def assert_bounds_hold(index: SpanIndex) -> None:
    """Each of the marks' ``ending`` lists lies within its bounds (when they are known): an
    edit skips a list whose bounds miss the positions that move."""
    marks = index._marks
    assert len(marks.bounds) == len(marks.ending)
    for (_, positions), bound in zip(marks.ending, marks.bounds, strict=True):
        if positions and bound is not None:
            assert bound[0] <= min(positions) <= max(positions) <= bound[1], (bound, positions)
    # each block of slots (from a mark to the next) is also kept by upper bound: the same
    # spans, ascending (queries bisect it)
    starts = [0, *marks.starts, len(index)]
    for start, end in pairwise(starts):
        by_upper = index._block_uppers[start:end], index._block_positions[start:end]
        kept = list(zip(*by_upper, strict=True))
        assert [upper for upper, _ in kept] == sorted(upper for upper, _ in kept)
        slots = zip(index._uppers[start:end], index._positions[start:end], strict=True)
        assert sorted(kept) == sorted(slots), (start, end)


def test_an_edit_can_be_taken_back() -> None:
    lowers, uppers = [0.0, 5.0, 5.0, 10.0], [1.0, 5.0, 50.0, INF]
    index = SpanIndex(lowers, uppers)
    edited = index.edited([(1, 5.0, 5.0)], [(0, -INF, 2.0), (3, 7.0, 1e9)])
    assert edited.overlapping(0.0, 3.0) == [0, 1]
    assert edited.overlapping(6.0, 8.0) == [2, 3]
    assert edited.overlapping(10.5, 11.0) == [2, 3, 4]
    back = edited.edited([(0, -INF, 2.0), (3, 7.0, 1e9)], [(1, 5.0, 5.0)])
    for lo, hi in [(-INF, INF), (5.0, 5.0), (4.0, 6.0), (11.0, 12.0), (0.0, 0.5)]:
        assert back.overlapping(lo, hi) == index.overlapping(lo, hi)
        assert back.within(lo, hi) == index.within(lo, hi)


def test_an_edit_must_take_out_what_is_there() -> None:
    index = SpanIndex([0.0, 5.0], [1.0, INF])
    for span in [(0, 0.0, 2.0), (1, 5.0, 1.0e9), (1, 6.0, INF), (2, 0.0, 1.0), (0, -INF, INF)]:
        with pytest.raises(ValueError, match="is not in the index"):
            index.edited([span], [])
    with pytest.raises(ValueError, match=re.escape("span 0 is not a span: [2.0, 1.0)")):
        index.edited([], [(0, 2.0, 1.0)])


# Spans of a few lengths, many of each: lengths with buckets of their own (their
# uppers in order, bisected) beside length classes, and edits that break the order.
# With small blocks, the long spans cross too many marks for the marks' lists and
# are kept in buckets.
_shared_spans = st.tuples(st.integers(0, 400), st.sampled_from([0.0, 1.0, 7.0, 30.0, 1000.0]))


@given(
    st.lists(_shared_spans, min_size=50, max_size=300),
    st.lists(st.tuples(st.integers(-10, 410), st.integers(0, 40)), min_size=1, max_size=10),
    st.lists(st.tuples(st.integers(-5, 405), st.integers(0, 300)), max_size=4),
    st.lists(st.integers(0, 49), max_size=4, unique=True),
    _blocks,
)
def test_lengths_many_spans_share(
    drawn: list[tuple[int, float]],
    windows: list[tuple[int, int]],
    extra: list[tuple[int, int]],
    taken: list[int],
    block: int,
) -> None:
    items = [(float(a), a + length) for a, length in drawn]
    index = SpanIndex([s[0] for s in items], [s[1] for s in items], block=block)
    # an edit takes out a few spans and puts in spans of other lengths, some nested
    # in others
    gone = sorted(taken)
    put = [(p, (float(a), float(a + length))) for p, (a, length) in enumerate(extra)]
    edited = index.edited([(i, *items[i]) for i in gone], [(p, *span) for p, span in put])
    after = _after(items, gone, put)
    for index_, spans_ in ((index, items), (edited, after)):
        for a, width in windows:
            lo, hi = float(a), float(a + width)
            expected = [i for i, s in enumerate(spans_) if _shares(s, (lo, hi))]
            assert index_.overlapping(lo, hi) == expected
            assert index_.within(lo, hi) == [
                i for i, s in enumerate(spans_) if _inside(s, (lo, hi))
            ]


def test_spans_crossing_many_marks_are_kept_in_buckets() -> None:
    # a span a second, and 80 that run across 40 of them or more (of many lengths,
    # none shared): with a mark at every slot, keeping those in the marks' lists would
    # take 40 to 130 entries each, over the budget of all (4 a span): those that cross
    # the most are kept in buckets.  And two spans open at both ends
    items = [(float(a), a + 1.0) for a in range(100)]
    items += [(0.5 + k / 100, 99.5 - k / 100) for k in range(30)]
    items += [(30.5 + k / 100, 70.5 - k / 100) for k in range(50)]
    items += [(-INF, INF), (-INF, INF)]
    index = SpanIndex([s[0] for s in items], [s[1] for s in items], block=1)
    buckets = index._buckets.buckets
    assert set(range(100, 130)) < {p for bucket in buckets for p in bucket[3]}
    assert len(buckets) == 2  # two length classes, not merged: each tested from its reach
    taken = [(3, 3.0, 4.0), (100, 0.5, 99.5), (180, -INF, INF)]
    edited = index.edited(taken, [(0, 2.0, 90.0), (7, -INF, INF)])
    after = _after(
        [s for i, s in enumerate(items) if i not in (3, 100, 180)],
        [],
        [(0, (2.0, 90.0)), (7, (-INF, INF))],
    )
    for lo, hi in [(0.0, 0.0), (2.5, 3.5), (50.0, 50.0), (95.0, 99.0), (-INF, INF)]:
        assert index.overlapping(lo, hi) == [i for i, s in enumerate(items) if _shares(s, (lo, hi))]
        assert edited.overlapping(lo, hi) == [
            i for i, s in enumerate(after) if _shares(s, (lo, hi))
        ]


def test_an_edit_can_put_a_nested_span_into_an_ordered_bucket() -> None:
    # spans of lengths just over 60 seconds, one starting each second (none inside another:
    # their bucket's uppers are in order) cross too many marks for the lists; the edit puts
    # in one of the same length class that ends out of their order: the bucket is then
    # tested one by one
    items = [(float(a), a + 1.0) for a in range(100)]
    items += [(0.5 + k, 60.5 + k * 1.01) for k in range(30)]
    index = SpanIndex([s[0] for s in items], [s[1] for s in items], block=1)
    assert [bucket[4] for bucket in index._buckets.buckets] == [True]
    edited = index.edited([], [(5, 20.2, 83.0)])
    assert [bucket[4] for bucket in edited._buckets.buckets] == [False]
    after = _after(items, [], [(5, (20.2, 83.0))])
    for lo, hi in [(0.0, 0.0), (25.0, 26.0), (55.0, 56.0), (70.0, 80.0), (-INF, INF)]:
        assert edited.overlapping(lo, hi) == [
            i for i, s in enumerate(after) if _shares(s, (lo, hi))
        ]


def test_block_must_be_positive() -> None:
    with pytest.raises(ValueError, match="block must be at least 1, not 0"):
        SpanIndex([0.0], [1.0], block=0)


@st.composite
def _renumberings(draw: st.DrawFn) -> tuple[int, list[int], list[int]]:
    """A count of positions, those taken out and those put in (in the new numbering)."""
    count = draw(st.integers(1, 60))
    gone = sorted(draw(st.sets(st.integers(0, count - 1), max_size=4)))
    k = draw(st.integers(0 if gone else 1, 4))
    total = count - len(gone) + k
    put = sorted(draw(st.sets(st.integers(0, total - 1), min_size=k, max_size=k))) if k else []
    return count, gone, put


@given(_renumberings())
def test_a_renumbering_says_which_positions_it_changes_and_changes_them_right(
    case: tuple[int, list[int], list[int]],
) -> None:
    """Against the numbers worked out item by item: the gone taken out, the put put in; a
    list of positions said unchanged keeps every number."""
    count, gone, put = case
    kept = [x for x in range(count) if x not in set(gone)]
    new = iter(kept)
    after = [None if n in set(put) else next(new) for n in range(len(kept) + len(put))]
    expected = {old: n for n, old in enumerate(after) if old is not None}
    renumbering = Renumbering(count, gone, put)
    assert renumbering(kept) == [expected[x] for x in kept]
    for x in kept:
        if not renumbering.changes([x]):
            assert expected[x] == x


@settings(deadline=None)  # (the first example imports numpy)
@given(_renumberings(), st.sampled_from(["i", "q"]))
def test_an_array_is_renumbered_as_a_list_is_and_keeps_its_type(
    case: tuple[int, list[int], list[int]], code: str
) -> None:
    count, gone, put = case
    kept = [x for x in range(count) if x not in set(gone)]
    renumbering = Renumbering(count, gone, put)
    moved = renumbering.typed(array(code, kept))
    assert isinstance(moved, array)
    assert moved.typecode == code
    assert list(moved) == renumbering(kept)
    assert renumbering.typed(array(code)) == array(code)


@settings(deadline=None)  # (the first example imports numpy)
@given(_renumberings(), st.lists(st.integers(1, 5), min_size=1, max_size=6), st.randoms())
def test_many_arrays_renumbered_at_once_are_each_renumbered_with_their_bounds(
    case: tuple[int, list[int], list[int]], sizes: list[int], rng: Any
) -> None:
    count, gone, put = case
    kept = [x for x in range(count) if x not in set(gone)]
    lists = [array("q", sorted(rng.sample(kept, min(k, len(kept))))) for k in sizes]
    lists = [positions for positions in lists if positions]
    renumbering = Renumbering(count, gone, put)
    found = renumbering.typed_all(lists)
    assert found is not None
    moved, least, greatest = found
    assert [list(m) for m in moved] == [renumbering(positions) for positions in lists]
    assert all(m.typecode == "q" for m in moved)
    assert least == [min(m) for m in moved]
    assert greatest == [max(m) for m in moved]
    assert renumbering.typed_all([]) == ([], [], [])


def test_an_event_edited_in_place_renumbers_nothing() -> None:
    renumbering = Renumbering(1000, [500], [500])
    assert not renumbering.changes(list(range(1000)))
    moved = Renumbering(1000, [200], [700])  # (taken out at 200, put in at 700)
    assert moved.changes([100, 300])
    assert not moved.changes([100, 150])
    assert not moved.changes([800, 900])
    assert moved([100, 300, 800]) == [100, 299, 800]


@pytest.mark.parametrize("huge", [False, True])
@pytest.mark.parametrize("block", [2, 3, 5, 8])
def test_a_window_past_its_block_finds_each_span_once(block: int, huge: bool) -> None:
    # a window that runs past the block of slots it starts in (from one mark to the next)
    # takes that block's spans from its list by upper bound: the spans kept elsewhere (in
    # buckets, ordered or not; open at an end or both) that start in the block must not be
    # found again there, nor those that start before it be missed
    items = [(float(a), a + 1.0) for a in range(100)]
    items += [(0.5 + k / 100, 99.5 - k / 100) for k in range(30)]  # (lengths all differ)
    items += [(0.25 + 1.5 * k, 60.25 + 1.5 * k) for k in range(60)]  # (one length)
    items += [(20.75 + k, INF) for k in range(5)] + [(-INF, 40.75 + k) for k in range(5)]
    items += [(-INF, INF), (INF, INF)]
    if huge:  # spans longer than the largest float, kept with those open at both ends
        items += [(-1.7e308, -1.7e308)] * block + [(-1.6e308, 1.6e308), (-1e308, 1.7e308)]
    index = SpanIndex([s[0] for s in items], [s[1] for s in items], block=block)
    ordered = [bucket[4] for bucket in index._buckets.buckets]
    assert False in ordered
    # (a length shared by enough spans for a bucket of its own: not beside huge ones)
    assert (True in ordered) == (block == 2 and not huge)
    gone, put = [4, 110, 125], [(3, (2.5, 80.0)), (60, (33.3, 33.3)), (61, (33.3, INF))]
    edited = index.edited([(i, *items[i]) for i in gone], [(p, *span) for p, span in put])
    after = _after(items, gone, put)
    for index_, spans_ in ((index, items), (edited, after)):
        assert_bounds_hold(index_)
        for lo in [x / 4 for x in range(-4, 420)]:
            for width in (0.0, 0.5, 3.0, 12.0, 50.0):
                window = (lo, lo + width)
                expected = [i for i, s in enumerate(spans_) if _shares(s, window)]
                assert index_.overlapping(*window) == expected, window
