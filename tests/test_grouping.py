"""``Timeline.group_by``: groups by tag, status, source, place, year, month and ISO week."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import timeline
from tests.strategies import timelines
from timeline import Event, Link, Status, Timeline, TimelineError, When
from timeline.grouping import NONE, positions

DATA = "data/events.toml"


def _ids(groups: dict[str, Timeline]) -> dict[str, list[str]]:
    return {name: [e.id for e in group] for name, group in groups.items()}


def _tl(*whens: str | tuple[str, str], **kwargs: object) -> Timeline:
    events = []
    for n, when in enumerate(whens):
        text, tz = (when, None) if isinstance(when, str) else when
        events.append(Event(f"e{n}", f"Event {n}", When.parse(text, tz=tz)))
    return Timeline("T", events)


def test_bundled_data_by_status_tag_place_and_source() -> None:
    tl = timeline.load(DATA)
    by_status = tl.group_by("status")
    assert {name: len(g) for name, g in by_status.items()} == {"happened": 14, "cancelled": 1}
    assert _ids(by_status)["cancelled"] == ["operation-mega"]
    by_tag = tl.group_by("tag")
    assert list(by_tag) == sorted(by_tag, key=str.casefold)
    assert set(by_tag) == set(tl.tags())
    by_place = tl.group_by("place")
    assert list(by_place)[-1] == NONE  # events without a place: last
    assert all(not e.places for e in by_place[NONE])
    by_source = tl.group_by("source")
    cited = [s.id for s in tl.sources if s.id in by_source]
    assert list(by_source) == cited  # in the timeline's order of sources
    assert "operation-safe-city" in _ids(by_source)["ice-release-2017-09-28"]


def test_status_groups_follow_the_order_of_status() -> None:
    events = [
        Event(f"e{s.value}", s.value, When.parse("2017-09-15"), status=s) for s in reversed(Status)
    ]
    assert list(Timeline("T", events).group_by("status")) == [s.value for s in Status]


def test_calendar_units_of_local_days() -> None:
    tl = _tl(
        "2017-09-15",
        "2017-09-24/2017-10-02",  # two months
        "2017",  # every month of 2017
        ("2017-08-31T22:00", "America/Chicago"),  # 03:00 UTC on 1 September
        "2017-01-01",  # ISO week 52 of 2016
    )
    months = _ids(tl.group_by("month"))
    assert list(months) == [f"2017-{m:02d}" for m in range(1, 13)]
    assert months["2017-09"] == ["e2", "e0", "e1"]
    assert months["2017-10"] == ["e2", "e1"]
    assert months["2017-08"] == ["e2", "e3"]  # the landfall's own day
    assert _ids(tl.group_by("month", tz="UTC"))["2017-09"] == ["e2", "e3", "e0", "e1"]
    assert _ids(tl.group_by("year")) == {"2017": ["e4", "e2", "e3", "e0", "e1"]}
    weeks = _ids(tl.group_by("week"))
    assert weeks["2016-W52"] == ["e4", "e2"]
    assert weeks["2017-W38"] == ["e2", "e1"]  # Mon 18 to Sun 24 Sep
    assert weeks["2017-W39"] == ["e2", "e1"]
    assert list(weeks) == sorted(weeks)
    assert len(weeks) == 53  # 2016-W52 and 2017-W01 ... 2017-W52


def test_open_ends_reach_as_far_as_the_timeline() -> None:
    tl = _tl("2017-09-24/..", "2018-02-01", "../2017-06-10")
    months = _ids(tl.group_by("month"))
    assert list(months) == [
        "2017-06",  # (no event touches July or August: no groups)
        "2017-09",
        "2017-10",
        "2017-11",
        "2017-12",
        "2018-01",
        "2018-02",
    ]
    assert months["2017-06"] == ["e2"]  # it ran from ever; the timeline starts in June
    assert months["2018-02"] == ["e0", "e1"]  # it ran on


def test_groups_are_valid_timelines_without_links_out() -> None:
    a = Event("a", "A", When.parse("2017-09-15"), tags=["x"])
    b = Event("b", "B", When.parse("2017-09-16"), tags=["y"], related=[Link("follows", "a")])
    tl = Timeline("T", [a, b], description="d", tz="America/Chicago")
    groups = tl.group_by("tag")
    assert groups["y"]["b"].related == ()
    assert groups["y"].tz == "America/Chicago"
    assert groups["y"].title == "T"
    assert groups["y"].description == "d"
    assert groups["y"] == Timeline(
        "T", [attrs.evolve(b, related=())], tz="America/Chicago", description="d"
    )
    assert groups["x"]["a"] is a


def test_unknown_key_is_an_error() -> None:
    with pytest.raises(TimelineError, match="unknown key 'colour'"):
        _tl("2017").group_by("colour")  # type: ignore[arg-type]


def test_an_empty_timeline_has_no_groups() -> None:
    for key in timeline.grouping.KEYS:
        assert Timeline("T").group_by(key) == {}  # type: ignore[arg-type]


# -- laws ---------------------------------------------------------------------------------

_ALL = ("status", "tag", "source", "place")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines(max_events=8), st.sampled_from(_ALL))
def test_every_event_is_in_some_group_and_groups_keep_the_order(tl: Timeline, key: str) -> None:
    groups = tl.group_by(key)  # type: ignore[arg-type]
    seen = {e.id for group in groups.values() for e in group}
    assert seen == {e.id for e in tl.events}
    order = [e.id for e in tl.events]
    for group in groups.values():
        assert len(group) > 0
        ids = [e.id for e in group]
        assert ids == [i for i in order if i in set(ids)]
    at = positions(tl, key)  # type: ignore[arg-type]
    assert {name: [tl.events[i].id for i in where] for name, where in at.items()} == _ids(groups)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines(max_events=8))
def test_status_is_a_partition(tl: Timeline) -> None:
    groups = tl.group_by("status")
    assert sum(len(g) for g in groups.values()) == len(tl)
    for name, group in groups.items():
        assert all(e.status.value == name for e in group)


_DAYS = st.dates(min_value=dt.date(1990, 1, 1)).map(lambda d: d.isoformat())


@given(st.lists(_DAYS, max_size=10), st.sampled_from(("year", "month", "week")))
def test_calendar_units_of_single_days_are_a_partition(days: list[str], key: str) -> None:
    tl = _tl(*days)
    groups = tl.group_by(key)  # type: ignore[arg-type]
    assert sum(len(g) for g in groups.values()) == len(tl)
    for name, group in groups.items():
        for e in group:
            day = e.when.earliest_day
            assert day is not None
            iso_year, week, _ = day.isocalendar()
            expected = {
                "year": f"{day.year:04d}",
                "month": f"{day.year:04d}-{day.month:02d}",
                "week": f"{iso_year:04d}-W{week:02d}",
            }[key]
            assert name == expected


_NEAR = st.sampled_from(
    [
        "2017-09-19",
        "2017-09",
        "2017",
        "2017-24",  # winter: December to February
        "2017-09-24/2017-10-02",
        "2017-09-24/..",
        "2017-12-30/",
        "../2017-01-02",
        "[2017-09-28..2017-10-01]",
        "{2016-12-31,2017-03-01}",
        "2017-09-30T23:30-07:00",
        "2017-12-31T23:30Z",
    ]
)


@given(st.lists(_NEAR, max_size=8), st.sampled_from(("year", "month", "week")))
def test_calendar_units_cover_every_event_from_its_first_to_its_last_day(
    whens: list[str], key: str
) -> None:
    tl = _tl(*whens)
    groups = tl.group_by(key)  # type: ignore[arg-type]

    def label(d: dt.date) -> str:
        iso_year, week, _ = d.isocalendar()
        return {
            "year": f"{d.year:04d}",
            "month": f"{d.year:04d}-{d.month:02d}",
            "week": f"{iso_year:04d}-W{week:02d}",
        }[key]

    names_of: dict[str, list[str]] = {}
    for name, group in groups.items():
        for e in group:
            names_of.setdefault(e.id, []).append(name)
    assert set(names_of) == {e.id for e in tl.events}
    for e in tl.events:
        names = names_of[e.id]
        assert names == sorted(names)
        for day in (e.when.earliest_day, e.when.latest_day):
            if day is not None:
                assert label(day) in names
