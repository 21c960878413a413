"""A big span index made on whole arrays (numpy) is the index the Python build makes.

:class:`timeline.index.SpanIndex` builds indexes of :data:`timeline.index.WHOLE_FROM`
spans or more with :mod:`timeline._index_whole`; here both builds are made of the same
spans (the threshold moved) and compared part by part, and queried against a scan.
"""

from __future__ import annotations

import math
import sys
from array import array
from unittest import mock

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

pytest.importorskip("numpy")

from tests.test_index import _after, _blocks, _inside, _shares, assert_bounds_hold, edits, spans
from timeline import _index_whole
from timeline import index as index_module
from timeline.index import SpanIndex

INF = math.inf


def _built(lowers: list[float], uppers: list[float], block: int, *, whole: bool) -> SpanIndex:
    threshold = 0 if whole else 1 << 62
    with mock.patch.object(index_module, "WHOLE_FROM", threshold):
        return SpanIndex(lowers, uppers, block=block)


def _parts(index: SpanIndex) -> tuple[object, ...]:
    """The index's parts as lists (a big index keeps some as arrays: the same values)."""
    marks = index._marks
    return (
        list(index._lowers),
        list(index._positions),
        list(index._uppers),
        list(index._scan),
        index._most,
        marks.values,
        marks.starts,
        [list(through) for through in marks.through],
        [(list(uppers), list(positions)) for uppers, positions in marks.ending],
        marks.bounds,
        index._buckets.buckets,
        list(index._block_uppers),
        list(index._block_positions),
    )


def _same(lowers: list[float], uppers: list[float], block: int) -> SpanIndex:
    whole = _built(lowers, uppers, block, whole=True)
    python = _built(lowers, uppers, block, whole=False)
    assert _parts(whole) == _parts(python)
    for t in (*lowers[:5], *uppers[:5], -INF, 0.0, INF):
        assert whole._ends.running(t) == python._ends.running(t)
    return whole


@given(st.lists(spans(), max_size=80), st.lists(spans(), min_size=1, max_size=6), _blocks)
@example([(-1.7e308, 1.7e308)], [(0.0, 0.0)], 1)  # (its length overflows: numpy warned)
def test_both_builds_make_the_same_index(
    items: list[tuple[float, float]], windows: list[tuple[float, float]], block: int
) -> None:
    whole = _same([s[0] for s in items], [s[1] for s in items], block)
    for lo, hi in windows:
        expected = [i for i, s in enumerate(items) if _shares(s, (lo, hi))]
        assert whole.overlapping(lo, hi) == expected


@given(st.lists(spans(), max_size=80), _blocks, st.integers(1, 6))
@example([(0.0, 50.0), (1.0, 2.0), (3.0, 40.0), (5.0, 6.0), (7.0, 8.0), (9.0, 30.0)], 1, 1)
def test_the_marks_lists_made_a_few_entries_at_a_time_are_the_same(
    items: list[tuple[float, float]], block: int, part: int
) -> None:
    """The 'through' lists are made a part of the marks at a time (at most ``THROUGH_PART``
    entries, or one mark's): any part gives the index the Python build makes."""
    with mock.patch.object(_index_whole, "THROUGH_PART", part):
        whole = _same([s[0] for s in items], [s[1] for s in items], block)
    if part == 1 and items and items[0] == (0.0, 50.0):
        assert sum(map(len, whole._marks.through)) > part  # (more than one part: tested)


def test_spans_crossing_many_marks_go_to_the_same_buckets() -> None:
    # 100 short spans, then 30 long ones that cross most of the marks (over the budget)
    lowers = [float(i) for i in range(100)] + [float(i) for i in range(30)]
    uppers = [i + 0.5 for i in range(100)] + [100.0 + i for i in range(30)]
    lowers += [-INF, 5.0, -INF]
    uppers += [INF, INF, 3.0]
    whole = _same(lowers, uppers, 1)
    assert whole._buckets.buckets  # (the budget was exceeded: the case is tested)
    edited = whole.edited([(3, 3.0, 3.5)], [(0, -1.0, 7.0)])
    python = _built(lowers, uppers, 1, whole=False).edited([(3, 3.0, 3.5)], [(0, -1.0, 7.0)])
    assert _parts(edited) == _parts(python)


def test_spans_near_both_ends_of_the_floats_over_the_budget() -> None:
    # the finite spans' extent (the largest upper less the least lower) is past the largest
    # float: numpy's subtraction warned (an error in the suite), the Python build gives inf
    lowers = [-1.7e308] + [float(i) for i in range(30)] * 2 + [1.7e308]
    uppers = [-1.7e308] + [i + 0.5 for i in range(30)] + [1e300] * 30 + [1.7e308]
    for block in (1, 2):
        whole = _same(lowers, uppers, block)
        assert whole._buckets.buckets  # (the budget was exceeded: the extent was asked for)
        assert whole.overlapping(10.0, 11.0) == [11, *range(31, 42)]


def test_a_big_index_is_built_whole() -> None:
    n = index_module.WHOLE_FROM
    lowers = [float(i % 977) * 3600.0 for i in range(n)]
    uppers = [lo + (i % 5) * 86400.0 for i, lo in enumerate(lowers)]
    with mock.patch("timeline._index_parts.Marks.made", side_effect=AssertionError("swept")):
        index = SpanIndex(lowers, uppers)
    assert index.overlapping(7200.0, 7201.0) == [
        i for i in range(n) if _shares((lowers[i], uppers[i]), (7200.0, 7201.0))
    ]


# -- what a big index keeps: arrays of numbers, not lists of number objects ------------------


def _arrays(index: SpanIndex) -> list[object]:
    """The parts of an index that hold an entry for each span or each mark it crosses."""
    marks = index._marks
    parts: list[object] = [index._lowers, index._positions, index._uppers, index._scan]
    parts += marks.through
    for uppers, positions in marks.ending:
        parts += [uppers, positions]
    return parts


def _bytes(parts: list[object]) -> int:
    """Bytes held by ``parts`` and the objects they refer to (each counted once)."""
    seen: set[int] = set()
    total = 0
    for part in parts:
        total += sys.getsizeof(part)
        if isinstance(part, list):
            for item in part:
                if id(item) not in seen:
                    seen.add(id(item))
                    total += sys.getsizeof(item)
    return total


def test_a_big_index_keeps_its_numbers_in_arrays() -> None:
    # spans of a day to a few weeks, a few an hour, as the generated timelines have
    count = 20_000
    lowers = [float(i * 3 % 1999) * 86400.0 for i in range(count)]
    uppers = [lo + float((i * 7) % 29) * 86400.0 for i, lo in enumerate(lowers)]
    index = _built(lowers, uppers, 64, whole=True)
    parts = _arrays(index)
    assert all(isinstance(part, array) for part in parts)
    assert index._positions.itemsize == 4  # type: ignore[attr-defined]
    entries = sum(map(len, index._marks.through))
    entries += sum(len(positions) for _, positions in index._marks.ending)
    assert 1.0 < entries / count < index_module.BUDGET  # (the marks' lists have work)
    # 28 bytes a span in its slot (3 doubles and a 32-bit int), 4 or 12 an entry of a mark's
    # list, and the arrays' own size (lists of number objects: about 130 bytes a span)
    assert _bytes(parts) / count < 28 + 12 * entries / count + 8


@given(edits(), st.lists(spans(), min_size=1, max_size=8), _blocks)
def test_an_edited_big_index_answers_as_a_rebuilt_one_and_keeps_its_arrays(
    edit: tuple[list[tuple[float, float]], list[int], list[tuple[int, tuple[float, float]]]],
    windows: list[tuple[float, float]],
    block: int,
) -> None:
    items, gone, put = edit
    index = _built([s[0] for s in items], [s[1] for s in items], block, whole=True)
    edited = index.edited(
        [(i, *items[i]) for i in gone], [(p, span[0], span[1]) for p, span in put]
    )
    result = _after(items, gone, put)
    for lo, hi in [*windows, (-INF, INF)]:
        assert edited.overlapping(lo, hi) == [
            i for i, s in enumerate(result) if _shares(s, (lo, hi))
        ]
        assert edited.within(lo, hi) == [i for i, s in enumerate(result) if _inside(s, (lo, hi))]
    assert all(isinstance(part, array) for part in _arrays(edited))


@given(edits(), _blocks)
def test_an_edit_renumbers_many_arrays_in_one_pass_as_one_by_one(
    edit: tuple[list[tuple[float, float]], list[int], list[tuple[int, tuple[float, float]]]],
    block: int,
) -> None:
    """A big index's marks are 100,000 arrays: renumbered together (one numpy pass, the
    bounds found by it) the index is the one renumbered an array at a time."""
    from timeline import _index_parts

    items, gone, put = edit
    index = _built([s[0] for s in items], [s[1] for s in items], block, whole=True)
    removed = [(i, *items[i]) for i in gone]
    added = [(p, span[0], span[1]) for p, span in put]
    with mock.patch.object(_index_parts, "_BATCHED", 1 << 62):
        one_by_one = index.edited(removed, added)
    with mock.patch.object(_index_parts, "_BATCHED", 0):
        together = index.edited(removed, added)
    assert _parts(together) == _parts(one_by_one)
    assert all(isinstance(part, array) for part in _arrays(together))


@given(edits(), st.lists(spans(), min_size=1, max_size=8), _blocks)
def test_an_index_past_two_billion_spans_keeps_64_bit_positions(
    edit: tuple[list[tuple[float, float]], list[int], list[tuple[int, tuple[float, float]]]],
    windows: list[tuple[float, float]],
    block: int,
) -> None:
    """From 2**31 spans (less a margin for edits) positions are 64-bit; made so here for a
    few spans: the same index, and edited the same, as with 32-bit positions."""
    from timeline import _index_whole

    items, gone, put = edit
    lowers, uppers = [s[0] for s in items], [s[1] for s in items]
    narrow = _built(lowers, uppers, block, whole=True)
    with mock.patch.object(_index_whole, "position_code", return_value="q"):
        wide = _built(lowers, uppers, block, whole=True)
    assert _parts(wide) == _parts(narrow)
    assert wide._positions.itemsize == 8  # type: ignore[attr-defined]
    positions = [p for _, p in wide._marks.ending] + list(wide._marks.through)
    assert all(p.itemsize == 8 for p in positions)  # type: ignore[attr-defined]
    removed = [(i, *items[i]) for i in gone]
    added = [(p, span[0], span[1]) for p, span in put]
    edited, expected = wide.edited(removed, added), narrow.edited(removed, added)
    assert _parts(edited) == _parts(expected)
    assert edited._positions.itemsize == 8  # type: ignore[attr-defined]
    result = _after(items, gone, put)
    for lo, hi in [*windows, (-INF, INF)]:
        assert edited.overlapping(lo, hi) == [
            i for i, s in enumerate(result) if _shares(s, (lo, hi))
        ]


def test_positions_turn_64_bit_short_of_two_billion_spans() -> None:
    from timeline._index_whole import position_code

    assert position_code(2**31 - 2**20 - 1) == "i"
    assert position_code(2**31 - 2**20) == "q"


def test_a_big_index_edited_answers_as_one_rebuilt() -> None:
    # an event moved far (its positions between renumbered: arrays longer than numpy's
    # threshold, their scan skipped), one edited in place, one put in at the start
    n = index_module.WHOLE_FROM
    lowers = [float(i % 977) * 3600.0 + i for i in range(n)]
    uppers = [lo + (i % 5) * 86400.0 for i, lo in enumerate(lowers)]
    items = sorted(zip(lowers, uppers, strict=True))
    index = _built([s[0] for s in items], [s[1] for s in items], 64, whole=True)
    assert isinstance(index._positions, array)
    for gone, put in (
        ([100], [(n - 5, (items[100][0] + 3.5e6, items[100][1] + 3.6e6))]),
        ([2000], [(2000, items[2000])]),
        ([], [(0, (-5.0, 1e7))]),
    ):
        edited = index.edited([(g, *items[g]) for g in gone], [(p, *s) for p, s in put])
        after = _after(items, gone, put)
        rebuilt = _built([s[0] for s in after], [s[1] for s in after], 64, whole=True)
        for lo, hi in [(0.0, 3600.0), (1.0e6, 1.2e6), (3.5e6, 3.6e6), (-INF, INF)]:
            assert edited.overlapping(lo, hi) == rebuilt.overlapping(lo, hi)
            assert edited.within(lo, hi) == rebuilt.within(lo, hi)
        assert list(edited._positions) == list(rebuilt._positions)
        assert_bounds_hold(edited)
