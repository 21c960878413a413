"""Axis ticks: one test per zoom level, calendar alignment, labels never overlapping."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.when import When
from viewer.ticks import LEVELS, Tick, Unit, level_for, ticks
from viewer.viewport import T_MAX, T_MIN, Viewport

DAY = 86400.0


def view(a: str, b: str, width: int = 1600) -> Viewport:
    return Viewport(When.parse(a).lower, When.parse(b).upper, width)


def labels(ts: list[Tick], major: bool) -> list[str]:
    return [t.label for t in ts if t.major == major and t.label]


def utc(t: float) -> dt.datetime:
    return dt.datetime(1970, 1, 1) + dt.timedelta(seconds=t)


def test_levels_go_from_coarse_to_fine() -> None:
    seconds = [level.min_seconds for level in LEVELS]
    assert seconds == sorted(seconds, reverse=True)


def test_centuries() -> None:
    ts = ticks(view("1000", "2999"))
    assert level_for(view("1000", "2999")).unit is Unit.YEAR
    minor = labels(ts, major=False)
    assert "1200" in minor
    assert "2000" in minor
    assert all(int(label) % 100 == 0 for label in minor)


def test_decades() -> None:
    ts = ticks(view("1900", "1999"))
    minor = labels(ts, major=False)
    assert minor[:3] == ["1900", "1910", "1920"]


def test_years() -> None:
    minor = labels(ticks(view("2010", "2019")), major=False)
    assert minor == [str(y) for y in range(2010, 2021)]


def test_a_year_begun_left_of_the_view_is_named_at_the_edge() -> None:
    v = view("2010-08", "2015-12", 600)
    assert level_for(v).unit is Unit.YEAR
    ts = ticks(v)
    assert labels(ts, major=False)[0] == "2011"  # its first tick in view
    assert labels(ts, major=True) == ["2010"]  # 2010 had no label: now above, at the edge
    (edge,) = [t for t in ts if t.major and t.label]
    assert -2 < edge.x < 0  # just left of the view: no grid line, its label at the edge
    # a view that starts on the 1st of January names it once, at its own tick
    ts = ticks(view("2010", "2015", 600))
    assert labels(ts, major=True) == []
    assert labels(ts, major=False)[0] == "2010"


def test_months_with_year_context() -> None:
    ts = ticks(view("2017", "2018"))
    assert labels(ts, major=True) == ["2017", "2018", "2019"]
    minor = labels(ts, major=False)
    assert minor[:4] == ["Jan", "Apr", "Jul", "Oct"]


def test_single_months() -> None:
    ts = ticks(view("2017-03", "2017-08"))
    assert labels(ts, major=False)[:3] == ["Mar", "Apr", "May"]


def test_days_with_month_context() -> None:
    ts = ticks(view("2017-09-01", "2017-09-30"))
    assert "Sep 2017" in labels(ts, major=True)
    assert labels(ts, major=False)[:3] == ["1", "6", "11"]


def test_single_days() -> None:
    ts = ticks(view("2017-09-20", "2017-09-27", width=900))
    minor = labels(ts, major=False)
    assert minor[:4] == ["20", "21", "22", "23"]


def test_hours_with_day_context() -> None:
    ts = ticks(view("2017-09-19", "2017-09-19"))
    assert "19 Sep 2017" in labels(ts, major=True)
    assert "12:00" in labels(ts, major=False)


def test_minutes() -> None:
    start = When.parse("2017-09-19T13:00Z").lower
    ts = ticks(Viewport(start, start + 1800, 1600))
    minor = labels(ts, major=False)
    assert "13:05" in minor or "13:01" in minor
    assert all(utc(t.t).second == 0 for t in ts)


def test_february_days_are_aligned_to_the_month() -> None:
    ts = ticks(view("2017-02-01", "2017-03-31", width=900))
    for t in ts:
        d = utc(t.t)
        assert (d.hour, d.minute) == (0, 0)
    assert any(utc(t.t) == dt.datetime(2017, 3, 1) for t in ts)


def test_month_ticks_fall_on_first_days() -> None:
    for t in ticks(view("2015", "2019")):
        d = utc(t.t)
        assert d.day == 1
        assert d.hour == 0


def test_major_tick_left_of_view_keeps_context() -> None:
    ts = ticks(view("2017-09-10", "2017-09-20"))
    first_major = next(t for t in ts if t.major)
    assert first_major.label == "Sep 2017"
    assert first_major.x < 0


def test_extremes_do_not_fail() -> None:
    assert ticks(Viewport(T_MIN, T_MIN + 10 * DAY, 800))
    assert ticks(Viewport(T_MAX - 10 * DAY, T_MAX, 800))
    assert ticks(Viewport(T_MAX - 3600, T_MAX, 800))
    assert ticks(Viewport(T_MIN, T_MAX, 800))


@pytest.mark.parametrize("width", [300, 800, 1600])
def test_all_levels_reachable(width: int) -> None:
    units = set()
    span = 1500 * 365 * DAY
    start = When.parse("1000").lower
    while span > 120:
        units.add(level_for(Viewport(start, start + span, width)).unit)
        span /= 2
    assert units == set(Unit)


@given(
    st.floats(min_value=T_MIN, max_value=T_MAX - 1e6),
    st.floats(min_value=60.0, max_value=1e11),
    st.integers(min_value=100, max_value=3000),
)
def test_labels_never_overlap(start: float, span: float, width: int) -> None:
    v = Viewport(start, start + span, width)
    ts = ticks(v, min_label_px=80)
    xs = [t.x for t in ts if not t.major and t.label]
    assert all(b - a >= 80 - 1e-6 for a, b in itertools.pairwise(xs))
    assert all(-1e-6 <= t.x <= width + 1e-6 for t in ts if not t.major)
    assert len(ts) < 4 * width / 80 + 10
