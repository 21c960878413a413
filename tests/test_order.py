"""Order and distance between uncertain dates: ``When.certainly_before`` and friends, ``gap``."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

import timeline
from tests.strategies import whens
from timeline import When
from timeline.order import Gap

W = When.parse
DATA = "data/events.toml"


def test_sessions_visit_to_the_operations_start_is_five_days() -> None:
    # the question of issue 13, on the bundled data: Sessions spoke in Portland on
    # 19 September, Operation Safe City ran 24-27 September
    tl = timeline.load(DATA)
    visit, operation = tl["sessions-portland"].when, tl["operation-safe-city"].when
    assert operation.start is not None
    between = visit.gap(operation.start)
    assert between == Gap(timedelta(days=5), timedelta(days=5), "day")
    assert between.describe() == "5 days"
    assert between.exact
    assert visit.gap(operation) == between  # to the operation: to its start
    assert visit.certainly_before(operation)
    assert not operation.possibly_before(visit)
    # the seed article only said "earlier this month": September
    reported = W("2017-09")
    assert reported.gap(operation.start).describe() == "0 to 23 days"
    assert reported.possibly_before(operation)
    assert not reported.certainly_before(operation)


@pytest.mark.parametrize(
    ("a", "b", "certainly", "possibly", "reverse_possibly"),
    [
        ("2017-09-23", "2017-09-24", True, True, False),  # consecutive days
        ("2017-09-24", "2017-09-24", False, True, True),  # the same day: either order
        ("2017-09", "2017-09-24", False, True, True),
        ("2017-09-24/2017-09-27", "2017-09-27", False, True, False),  # began before it
        ("2017-09-24/2017-09-27", "2017-09-28", True, True, False),
        ("2017-09-24/..", "2030", False, False, False),  # ran on: never ended
        ("2017-09-24/", "2030", False, True, False),  # ended some time, maybe before 2030
        ("../2017-09-24", "2017-09-25", True, True, False),
        ("/2017-09-24", "2017-09-25", True, True, False),
        ("2016", "../2017-09-24", False, False, False),  # it ran from ever
        ("2016", "/2017-09-24", False, True, False),  # began some time before its end
        ("[2017-09-20,2017-09-22]", "2017-09-23", True, True, False),
        ("[2017-09-20,2017-09-24]", "2017-09-23", False, True, True),
        ("{2017-09-20,2017-09-24}", "2017-09-23", False, False, False),  # all of them
        ("[..2017-09-20]", "2017-09-23", True, True, False),
        ("[2017-09-20..]", "2017-09-23", False, True, True),
        ("{2017-09-20..}", "2017-09-23", False, False, False),
        ("2017-09-19T13:00-07:00", "2017-09-19T20:01Z", True, True, False),  # instants
        ("2017-09-19T13:00-07:00", "2017-09-19T20:00Z", False, True, True),  # the same minute
        # Harvey's landfall at 22:00 CDT (03:00 UTC on the 26th) lies on its local day, the 25th
        ("2017-08-25T22:00-05:00", "2017-08-26", True, True, False),
        ("2017-08-25", "2017-08-25T22:00-05:00", False, True, True),
    ],
)
def test_before(a: str, b: str, certainly: bool, possibly: bool, reverse_possibly: bool) -> None:
    assert W(a).certainly_before(W(b)) is certainly
    assert W(a).possibly_before(W(b)) is possibly
    assert W(b).possibly_before(W(a)) is reverse_possibly


def test_a_time_in_a_zone_is_on_its_local_day() -> None:
    landfall = W("2017-08-25T22:00", tz="America/Chicago")
    assert landfall.certainly_before(W("2017-08-26"))
    assert landfall.possibly_overlaps(W("2017-08-25"))
    assert not landfall.possibly_overlaps(W("2017-08-26"))
    assert landfall.gap(W("2017-08-26")).describe() == "1 day"


@pytest.mark.parametrize(
    ("a", "b", "possibly", "certainly"),
    [
        ("2017-09-25", "2017-09-24/2017-09-27", True, True),
        ("2017-09-24", "2017-09-24/2017-09-27", True, False),  # early on the 24th, maybe before
        ("2017-09-23", "2017-09-24/2017-09-27", False, False),
        ("2017-09", "2017-09-24/2017-09-27", True, False),
        ("2017-09-24/2017-09-27", "2017-09-25/2017-09-28", True, True),
        ("2017/..", "2018-05-05", True, True),  # ran on, through 2018
        ("2017/", "2018-05-05", True, False),  # ended, when is unknown
        ("[2017-09-23,2017-09-28]", "2017-09-24/2017-09-27", False, False),
        ("[2017-09-25,2017-09-26]", "2017-09-24/2017-09-27", True, True),
        ("[2017-09-23,2017-09-26]", "2017-09-24/2017-09-27", True, False),
        ("{2017-09-23,2017-09-28}", "2017-09-24/2017-09-27", False, False),  # only those days
        ("{2017-09-23,2017-09-26}", "2017-09-24/2017-09-27", True, True),
        ("{2017-09-23..2017-09-28}", "2017-09-24/2017-09-27", True, True),  # every day of it
    ],
)
def test_overlaps(a: str, b: str, possibly: bool, certainly: bool) -> None:
    assert W(a).possibly_overlaps(W(b)) is possibly
    assert W(a).overlaps(W(b)) is possibly
    assert W(a).certainly_overlaps(W(b)) is certainly


@pytest.mark.parametrize(
    ("a", "b", "words"),
    [
        ("2017-09-19", "2017-09-24", "5 days"),
        ("2017-09-24", "2017-09-24", "0 days"),
        ("2017-09-23", "2017-09-24", "1 day"),
        ("2017-09", "2017-10-02", "2 to 31 days"),
        ("2017-09-19", "2017-09-24/..", "5 days"),
        ("2017-09-19", "2017-09-24/", "5 days"),
        ("2017-09-19", "../2017-09-24", "0 days"),  # it was already running
        ("2017-09-19", "/2017-09-24", "0 to 5 days"),  # it began by the 24th
        ("2017-09-19", "[2017-09-24..]", "at least 5 days"),
        ("2017-09-19", "[2017-09-21,2017-09-24]", "2 to 5 days"),
        ("2017-09-19", "{2017-09-21,2017-09-24}", "2 days"),  # to the nearest
        ("2017-09-24/2017-09-27", "2017-10-02", "5 days"),
        ("2017-09-19T13:00", "2017-09-24", "5 days"),  # a day on one side: days
        ("2017-09-19T13:00", "2017-09-19T15:30", "2 hours 30 minutes"),
        ("2017-09-19T13:00", "2017-09-19T13:00:30", "30 seconds"),
        ("2017-09-19T13:00-07:00", "2017-09-24T00:00Z", "4 days 4 hours"),
        ("2017-09-19T13:00/2017-09-19T14:00", "2017-09-19T15:30", "1 hour 30 minutes"),
    ],
)
def test_gap(a: str, b: str, words: str) -> None:
    assert W(a).gap(W(b)).describe() == words
    assert W(b).gap(W(a)).describe() == words


def test_gap_units_and_open_ends() -> None:
    assert W("2017-09-19T13:00Z").gap(W("2017-09-19T14:00Z")) == Gap(
        timedelta(hours=1), timedelta(hours=1), "second"
    )
    unbounded = W("2017-09-19").gap(W("[2017-09-24..]"))
    assert unbounded.longest is None
    assert not unbounded.exact
    # 31 Dec 2017 to 1 Jan 2018, or 1 Jan 2017 to 31 Dec 2018
    assert W("2017").gap(W("2018")).describe() == "1 to 729 days"


# -- laws ---------------------------------------------------------------------------------

_NEAR = [
    "2017-09-19",
    "2017-09-24",
    "2017-09-24~",
    "2017-09",
    "2017",
    "2017-21",
    "2017-09-XX",
    "2017-09-24/2017-09-27",
    "2017-09/2017-10-02",
    "2017-09-24/..",
    "2017-09-24/",
    "../2017-09-24",
    "/2017-09-24",
    "[2017-09-23,2017-09-28]",
    "[2017-09-28..2017-09-30]",
    "[..2017-09-20]",
    "[2017-09-20..]",
    "{2017-09-23,2017-09-28}",
    "{2017-09-23..2017-09-26,2017-09-29}",
    "{..2017-09-20}",
    "2017-09-24T08:00",
    "2017-09-24T23:30:05Z",
    "2017-09-24T13:00-07:00",
    "2017-09-19T13:00/2017-09-24T09:00Z",
]


def _near() -> st.SearchStrategy[When]:
    zoned = st.sampled_from(
        [When.parse("2017-09-24T19:00", tz=z) for z in ("America/Chicago", "Asia/Kolkata")]
    )
    return st.one_of(st.sampled_from([W(t) for t in _NEAR]), zoned)


_values = st.one_of(_near(), whens())


@given(_values, _values)
def test_certainly_before_implies_possibly_and_excludes_the_reverse(a: When, b: When) -> None:
    if a.certainly_before(b):
        assert a.possibly_before(b)
        assert not b.possibly_before(a)
        assert not a.possibly_overlaps(b)
        assert a.gap(b).shortest > timedelta(0)


@given(_values, _values)
def test_overlaps_is_symmetric_and_certain_implies_possible(a: When, b: When) -> None:
    assert a.possibly_overlaps(b) is b.possibly_overlaps(a)
    assert a.certainly_overlaps(b) is b.certainly_overlaps(a)
    if a.certainly_overlaps(b):
        assert a.possibly_overlaps(b)
        assert not a.certainly_before(b)
        assert not b.certainly_before(a)


@given(_values, _values)
def test_one_of_before_after_or_overlapping(a: When, b: When) -> None:
    if timeline.Kind.SET in (a.kind, b.kind):
        return  # a one-of set may fall between another value's days: none of the three
    held = [a.certainly_before(b), b.certainly_before(a), a.possibly_overlaps(b)]
    assert held.count(True) == 1


@given(_values, _values)
def test_gap_is_symmetric_and_ordered(a: When, b: When) -> None:
    forward, backward = a.gap(b), b.gap(a)
    assert forward == backward
    assert forward.shortest >= timedelta(0)
    assert forward.longest is None or forward.shortest <= forward.longest
    if forward.unit == "day":
        assert forward.shortest % timedelta(days=1) == timedelta(0)
