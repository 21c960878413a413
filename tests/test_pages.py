"""How a print is cut into pages (viewer.pages, no Qt)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from viewer.pages import MAX_PAGES, Page, busy, fewest_pages, page_dates, split, text_scale

DAY = 86_400.0
SEP_1_2017 = 1_504_224_000.0


@given(
    start=st.floats(-6e10, 2.5e11, allow_nan=False),
    length=st.floats(60.0, 1e10),
    count=st.integers(1, MAX_PAGES),
)
def test_pages_touch_and_cover_the_span(start: float, length: float, count: int) -> None:
    pages = split(start, start + length, count)
    assert [p.number for p in pages] == list(range(1, count + 1))
    assert {p.count for p in pages} == {count}
    assert pages[0].start == start
    assert pages[-1].end == start + length
    for a, b in itertools.pairwise(pages):
        assert a.end == b.start
        assert b.end - b.start == pytest.approx(a.end - a.start, abs=1e-9 * (abs(start) + length))


@given(need=st.integers(1, 60), most=st.integers(1, 60))
def test_fewest_pages_is_the_first_that_fits(need: int, most: int) -> None:
    tried: list[int] = []

    def fits(n: int) -> bool:
        tried.append(n)
        return n >= need

    assert fewest_pages(fits, most) == min(need, most)
    assert all(1 <= n <= most for n in tried)
    assert len(tried) <= 2 * most.bit_length() + 1


def test_fewest_pages_when_nothing_fits_is_the_most() -> None:
    assert fewest_pages(lambda n: False) == MAX_PAGES
    assert fewest_pages(lambda n: True) == 1


def test_text_is_enlarged_to_eight_points_never_shrunk() -> None:
    assert text_scale(7.0) == pytest.approx(8 / 7)
    assert text_scale(8.1) == 1.0
    assert text_scale(12.0) == 1.0
    with pytest.raises(ValueError, match="0"):
        text_scale(0.0)


def test_a_page_says_its_dates() -> None:
    assert page_dates(SEP_1_2017, SEP_1_2017 + 29 * DAY) == "1 Sep 2017 – 30 Sep 2017"
    assert page_dates(SEP_1_2017 + 3600, SEP_1_2017 + 7200) == "1 Sep 2017, 01:00 – 02:00"
    assert page_dates(SEP_1_2017, SEP_1_2017 + 1.5 * DAY) == (
        "1 Sep 2017, 00:00 – 2 Sep 2017, 12:00"
    )
    assert page_dates(-62_135_596_800.0, -62_135_596_800.0 + 40 * DAY) == "1 Jan 1 – 10 Feb 1"


def test_bad_pages_are_refused_naming_the_value() -> None:
    with pytest.raises(ValueError, match="page count 0"):
        split(0.0, 1.0, 0)
    with pytest.raises(ValueError, match=r"span start 5\.0"):
        split(5.0, 1.0, 2)
    with pytest.raises(ValueError, match="page number 3"):
        Page(3, 2, 0.0, 1.0)


@given(
    count=st.integers(1, MAX_PAGES),
    marks=st.lists(st.floats(-50.0, 150.0, allow_nan=False), max_size=30),
)
def test_busy_pages_keep_every_mark_and_only_pages_with_one(count: int, marks: list[float]) -> None:
    marks.sort()
    pages = split(0.0, 100.0, count)
    kept = busy(pages, marks)
    assert [p.number for p in kept] == list(range(1, len(kept) + 1))
    assert {p.count for p in kept} == {len(kept)}
    inside = [m for m in marks if 0.0 <= m <= 100.0]
    if not inside:
        assert [(p.start, p.end) for p in kept] == [(p.start, p.end) for p in pages]
        return
    for m in inside:
        assert any(p.start <= m <= p.end for p in kept), m
    for p in kept:
        assert any(p.start <= m <= p.end for m in inside)


def test_a_page_only_crossed_by_a_bar_is_left_out() -> None:
    pages = split(0.0, 400.0, 4)
    kept = busy(pages, [10.0, 250.0, 390.0])
    assert [(p.number, p.count, p.start) for p in kept] == [
        (1, 3, 0.0),
        (2, 3, 200.0),
        (3, 3, 300.0),
    ]
