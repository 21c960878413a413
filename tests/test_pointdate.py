"""The date under the pointer at the zoom's precision (no Qt)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from timeline.edtf import KEY_MAX, KEY_MIN
from timeline.when import When
from viewer.pointdate import date_at
from viewer.ticks import Unit, level_for
from viewer.viewport import T_MAX, T_MIN, Viewport

DAY = 86400.0
SEP_24_2017 = 17433 * DAY  # 2017-09-24T00:00 (read as UTC)


def _view(days: float, width: int = 1000) -> Viewport:
    """A view ``days`` wide around 24 Sep 2017."""
    return Viewport(SEP_24_2017 - days / 2 * DAY, SEP_24_2017 + days / 2 * DAY, width)


def test_a_day_when_zoomed_to_days_a_month_to_months_a_year_beyond() -> None:
    noon = SEP_24_2017 + DAY / 2
    assert date_at(noon, _view(2)) == "2017-09-24"  # hours on the axis: still the day
    assert date_at(noon, _view(20)) == "2017-09-24"
    assert date_at(noon, _view(400)) == "2017-09"
    assert date_at(noon, _view(365 * 30)) == "2017"
    assert date_at(noon, _view(365 * 3000)) == "2017"
    assert date_at(SEP_24_2017 - 1, _view(20)) == "2017-09-23"  # a second before midnight
    assert date_at(-5e-324, _view(20)) == "1969-12-31"  # the least time before midnight


def test_the_precision_is_the_axis_level() -> None:
    for days in (1, 10, 60, 200, 800, 5000):
        view = _view(days)
        digits = {Unit.YEAR: 4, Unit.MONTH: 7}.get(level_for(view).unit, 10)
        assert len(date_at(SEP_24_2017, view)) == digits


def test_before_year_1_and_after_9999_the_real_day_is_given() -> None:
    assert date_at(KEY_MIN - 1e9, _view(20)) == "-0031-04-24"  # (years are astronomical)
    assert date_at(KEY_MAX + 1e9, _view(20)) == "Y10031"  # (EDTF: no month or day there)


def test_beyond_the_years_a_value_may_have_the_nearest_is_given() -> None:
    assert date_at(T_MIN - 1e12, _view(20)) == "Y-20000000000"
    assert date_at(T_MAX + 1e12, _view(20)) == "Y20000000000"


@given(
    t=st.one_of(st.floats(KEY_MIN, KEY_MAX - 1.0), st.floats(T_MIN, T_MAX - DAY)),
    span=st.floats(3600.0, 5000 * 365 * DAY),
    width=st.integers(100, 4000),
)
def test_the_date_given_holds_the_time_pointed_at(t: float, span: float, width: int) -> None:
    when = When.parse(date_at(t, Viewport(t - span / 2, t + span / 2, width)))
    assert when.lower <= t < when.upper
