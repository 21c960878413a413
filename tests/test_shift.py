"""Moving dates by whole units (timeline.shift): precision, qualifiers and zones kept."""

from __future__ import annotations

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from tests.strategies import whens
from timeline.edtf import component_qualifiers
from timeline.errors import TimelineError
from timeline.shift import Step, Unit, shift, shift_end, step_of
from timeline.when import When


def _moved(text: str, n: int, unit: Unit, tz: str | None = None) -> str:
    return shift(When.parse(text, tz), n, unit).edtf


@pytest.mark.parametrize(
    ("text", "n", "unit", "expected"),
    [
        ("2017-09", 1, Unit.MONTH, "2017-10"),
        ("2017-09", 4, Unit.MONTH, "2018-01"),
        ("2017-09", -1, Unit.YEAR, "2016-09"),
        ("2017-09-15", 3, Unit.DAY, "2017-09-18"),
        ("2017-09-15", 20, Unit.DAY, "2017-10-05"),
        ("2017-01-31", 1, Unit.MONTH, "2017-02-28"),  # the month's last day
        ("2016-02-29", 1, Unit.YEAR, "2017-02-28"),
        ("2017", 3, Unit.YEAR, "2020"),
        ("2017-09-15?", 2, Unit.DAY, "2017-09-17?"),
        ("2017-09~", 1, Unit.MONTH, "2017-10~"),
        ("2017%", 1, Unit.YEAR, "2018%"),
        ("?2004-06-~11", 30, Unit.DAY, "?2004-07-~11"),  # each mark stays on its component
        ("2004?-06-11", 1, Unit.DAY, "2004?-06-12"),
        ("2017-21", 1, Unit.YEAR, "2018-21"),  # a season moves by years
        ("201X", -10, Unit.YEAR, "200X"),  # a decade by decades
        ("19XX", 100, Unit.YEAR, "20XX"),
        ("2017-XX", 1, Unit.YEAR, "2018-XX"),
        ("2017-09-XX", 5, Unit.MONTH, "2018-02-XX"),
        ("2017-09-24/2017-09-27", 3, Unit.DAY, "2017-09-27/2017-09-30"),
        ("2017-09/2017-11", 1, Unit.MONTH, "2017-10/2017-12"),
        ("2017-09-15/..", -2, Unit.DAY, "2017-09-13/.."),  # open ends stay open
        ("/2017-09-15", 2, Unit.YEAR, "/2019-09-15"),
        ("2017-09-15/2017-10", 1, Unit.MONTH, "2017-10-15/2017-11"),
        ("2017-09-19T13:00Z", 90, Unit.MINUTE, "2017-09-19T14:30Z"),
        ("2017-09-19T13:00:30", 2, Unit.HOUR, "2017-09-19T15:00:30"),
        ("2017-12-31T23:59", 1, Unit.MINUTE, "2018-01-01T00:00"),
        ("2017-09-19T13:00-07:00", 2, Unit.MONTH, "2017-11-19T13:00-07:00"),
        ("2017-09-24", 0, Unit.DAY, "2017-09-24"),
    ],
)
def test_moves(text: str, n: int, unit: Unit, expected: str) -> None:
    assert _moved(text, n, unit) == expected


def test_an_interval_of_days_moved_by_months_keeps_its_length() -> None:
    before = When.parse("2017-01-31/2017-02-03")
    after = shift(before, 1, Unit.MONTH)
    assert after.edtf == "2017-02-28/2017-03-03"
    assert after.upper - after.lower == before.upper - before.lower


def test_a_time_keeps_its_zone_and_its_wall_clock_across_a_clock_change() -> None:
    tz = "America/Los_Angeles"
    moved = shift(When.parse("2017-09-19T13:00", tz), 3, Unit.DAY)
    assert (moved.edtf, moved.tz) == ("2017-09-22T13:00", tz)
    # 10 March 2017 is in standard time (-08:00), 13 March in daylight time (-07:00)
    moved = shift(When.parse("2017-03-10T13:00-08:00", tz), 3, Unit.DAY)
    assert (moved.edtf, moved.tz) == ("2017-03-13T13:00-07:00", tz)
    with pytest.raises(TimelineError, match="does not exist"):
        shift(When.parse("2017-03-11T02:30", tz), 1, Unit.DAY)


@pytest.mark.parametrize(
    ("text", "step"),
    [
        ("2017-09-15", Step(Unit.DAY)),
        ("2017-09", Step(Unit.MONTH)),
        ("2017", Step(Unit.YEAR)),
        ("2017-21", Step(Unit.YEAR)),
        ("2017-09-19T13:00:05", Step(Unit.MINUTE)),
        ("201X", Step(Unit.YEAR, 10)),
        ("2017-09-XX", Step(Unit.MONTH)),
        ("2017-09-15/2017-10", Step(Unit.MONTH)),
        ("2017-09-15/..", Step(Unit.DAY)),
    ],
)
def test_steps(text: str, step: Step) -> None:
    assert step_of(When.parse(text)) == step


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("[2017-09-28..2017-09-30]", "a set of dates"),
        ("{2017,2018}", "a set of dates"),
        ("156X-12-25", "X digits"),
        ("2017-1X", "X digits"),
        ("XXXX", "no digit of its year"),
    ],
)
def test_what_cannot_move_says_why(text: str, why: str) -> None:
    with pytest.raises(TimelineError, match=why):
        step_of(When.parse(text))
    with pytest.raises(TimelineError, match=why):
        shift(When.parse(text), 1, Unit.YEAR)


def test_a_value_does_not_move_finer_than_it_is_known() -> None:
    with pytest.raises(TimelineError, match="known to the month"):
        shift(When.parse("2017-09"), 3, Unit.DAY)
    with pytest.raises(TimelineError, match="10 years at a time"):
        shift(When.parse("201X"), 3, Unit.YEAR)
    with pytest.raises(TimelineError, match="only years 1 to 9999"):
        shift(When.parse("9999-12"), 1, Unit.MONTH)


def test_moving_one_end() -> None:
    bar = When.parse("2017-09-24/2017-09-27")
    assert shift_end(bar, "end", -1, Unit.DAY).edtf == "2017-09-24/2017-09-26"
    assert shift_end(bar, "start", 2, Unit.DAY).edtf == "2017-09-26/2017-09-27"
    assert shift_end(When.parse("2017-09~/2017-12"), "start", 1, Unit.MONTH).edtf == (
        "2017-10~/2017-12"
    )
    with pytest.raises(TimelineError, match="end is before the start"):
        shift_end(bar, "end", -5, Unit.DAY)
    with pytest.raises(TimelineError, match="it is open"):
        shift_end(When.parse("2017-09-24/.."), "end", 1, Unit.DAY)
    with pytest.raises(TimelineError, match="it is unknown"):
        shift_end(When.parse("/2017-09-24"), "start", 1, Unit.DAY)
    with pytest.raises(TimelineError, match="not an interval"):
        shift_end(When.parse("2017-09-24"), "end", 1, Unit.DAY)
    with pytest.raises(TimelineError, match="known to the month"):
        shift_end(When.parse("2017-09-15/2017-10"), "end", 1, Unit.DAY)


def _same_kind(a: When, b: When) -> None:
    assert b.precision == a.precision
    assert (b.uncertain, b.approximate, b.unspecified) == (
        a.uncertain,
        a.approximate,
        a.unspecified,
    )
    assert (b.kind, b.start_kind, b.end_kind, b.tz) == (a.kind, a.start_kind, a.end_kind, a.tz)
    if a.kind is not a.kind.INTERVAL:
        assert component_qualifiers(b.edtf) == component_qualifiers(a.edtf)


@given(whens(), st.integers(-400, 400))
@example(When.parse("2017-09-24/2017-09-27"), 3)
@example(When.parse("?2004-06-~11"), 30)
def test_moving_by_its_own_step_and_back_gives_the_value_back(when: When, k: int) -> None:
    try:
        step = step_of(when)
    except TimelineError:
        assume(False)
        raise
    n = k * step.count
    try:
        there = shift(when, n, step.unit)
        back = shift(there, -n, step.unit)
    except TimelineError:  # out of years 1-9999, or no such time in its zone
        assume(False)
        raise
    _same_kind(when, there)
    assert back == when


@given(whens(), st.integers(-30, 30), st.sampled_from([Unit.YEAR, Unit.MONTH]))
def test_moving_by_a_coarser_unit_keeps_precision_and_qualifiers(
    when: When, n: int, unit: Unit
) -> None:
    try:
        there = shift(when, n, unit)
    except TimelineError:  # not movable, not by that unit, or out of range
        assume(False)
        raise
    _same_kind(when, there)
    day = when.earliest_day
    if day is not None and day.day <= 28 and when.kind is when.kind.DATE:
        assert shift(there, -n, unit) == when  # no month's end was taken
