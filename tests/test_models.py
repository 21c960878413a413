"""Tests of the models: validation, Timeline as a sequence, queries."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline import (
    Citation,
    Event,
    Figure,
    Link,
    Person,
    Place,
    Source,
    Status,
    Timeline,
    TimelineError,
    When,
)


def W(text: str) -> When:
    return When.parse(text)


def ev(event_id: str, when: str, **kwargs: Any) -> Event:
    return Event(event_id, event_id.replace("-", " ").title(), W(when), **kwargs)


# -- validators -----------------------------------------------------------------

BAD_ID = "is not a valid id (lower-case letters, digits, and - _ . between them)"
STATUSES = "happened, planned, cancelled, postponed, ongoing, disputed"

BAD_FIELDS: list[tuple[Callable[[], object], str]] = [
    (
        lambda: Event("Bad Id", "t", W("2017")),
        f"Event.id: 'Bad Id' {BAD_ID}",
    ),
    (
        lambda: Event("a--b", "t", W("2017")),
        f"Event.id: 'a--b' {BAD_ID}",
    ),
    (lambda: Event(5, "t", W("2017")), "Event.id: expected a string, found integer 5"),  # type: ignore[arg-type]
    (lambda: Event("a", "", W("2017")), "Event.title: must not be empty"),
    (lambda: Event("a", "  ", W("2017")), "Event.title: must not be empty"),
    (lambda: Event("a", 5, W("2017")), "Event.title: expected a string, found integer 5"),  # type: ignore[arg-type]
    (lambda: Event("a", "t", "2017"), "Event.when: '2017' must be a When (use When.parse)"),  # type: ignore[arg-type]
    (
        lambda: Event("a", "t", W("2017"), status="done"),
        f"Event.status: 'done' is not a status (one of: {STATUSES})",
    ),
    (lambda: Event("a", "t", W("2017"), status=[]), "Event.status: expected a string, found array"),  # type: ignore[arg-type]
    (
        lambda: Event("a", "t", W("2017"), summary=None),  # type: ignore[arg-type]
        "Event.summary: expected a string, found None",
    ),
    (lambda: Event("a", "t", W("2017"), tags=[""]), "Event.tags[0]: must not be empty"),
    (
        lambda: Event("a", "t", W("2017"), tags=[3]),  # type: ignore[list-item]
        "Event.tags[0]: expected a string, found integer 3",
    ),
    (lambda: Event("a", "t", W("2017"), tags=5), "Event.tags: 5 must be a list"),  # type: ignore[arg-type]
    (
        lambda: Event("a", "t", W("2017"), places=["Portland"]),  # type: ignore[list-item]
        "Event.places: 'Portland' must be a Place",
    ),
    (lambda: Event("a", "t", W("2017"), places=5), "Event.places: 5 must be a list"),  # type: ignore[arg-type]
    (
        lambda: Event("a", "t", W("2017"), people=[Place("x")]),  # type: ignore[list-item]
        "Event.people: Place(name='x', lat=None, lon=None) must be a Person",
    ),
    (
        lambda: Event("a", "t", W("2017"), sources=["src"]),  # type: ignore[list-item]
        "Event.sources: 'src' must be a Citation",
    ),
    (
        lambda: Event("a", "t", W("2017"), related=[None]),  # type: ignore[list-item]
        "Event.related: None must be a Link",
    ),
    (lambda: Event("a", "t", W("2017"), figures=5), "Event.figures: 5 must be a list"),  # type: ignore[arg-type]
    (
        lambda: Event("a", "t", W("2017"), figures=[Figure("n", 1), Figure("n", 2)]),
        "Event.figures: ['n', 'n'] repeats a figure name",
    ),
    (lambda: Figure("n", "498"), "Figure.value: expected a number, found string '498'"),  # type: ignore[arg-type]
    (lambda: Figure("n", math.nan), "Figure.value: nan is not a finite number"),
    (lambda: Figure("n", True), "Figure.value: expected a number, found boolean true"),
    (lambda: Figure("", 1), "Figure.name: a figure needs a name"),
    (lambda: Place(""), "Place.name: must not be empty"),
    (lambda: Place("x", lat=91.0, lon=0.0), "Place.lat: 91.0 is out of range (-90 to 90)"),
    (lambda: Place("x", lat=0.0, lon=-180.5), "Place.lon: -180.5 is out of range (-180 to 180)"),
    (lambda: Place("x", lat=True, lon=0.0), "Place.lat: expected a number, found boolean true"),
    (lambda: Place("x", lat=math.inf, lon=0.0), "Place.lat: inf is out of range (-90 to 90)"),
    (lambda: Place("x", lat="45", lon=0.0), "Place.lat: expected a number, found string '45'"),  # type: ignore[arg-type]
    (lambda: Person(""), "Person.name: must not be empty"),
    (lambda: Person("x", role=1), "Person.role: expected a string, found integer 1"),  # type: ignore[arg-type]
    (
        lambda: Citation("Seed Article"),
        f"Citation.source: 'Seed Article' {BAD_ID}",
    ),
    (
        lambda: Citation("s", reported="2017"),  # type: ignore[arg-type]
        "Citation.reported: '2017' must be a When (use When.parse)",
    ),
    (lambda: Citation("s", quote=5), "Citation.quote: expected a string, found integer 5"),  # type: ignore[arg-type]
    (
        lambda: Link("Corrects", "a"),
        f"Link.kind: 'Corrects' {BAD_ID}",
    ),
    (
        lambda: Link("corrects", "A"),
        f"Link.event: 'A' {BAD_ID}",
    ),
    (lambda: Source("s", ""), "Source.title: must not be empty"),
    (
        lambda: Source("s", "t", url="ftp://example.org"),
        "Source.url: 'ftp://example.org' is not an http(s) URL",
    ),
    (
        lambda: Source("s", "t", url="www.example.org"),
        "Source.url: 'www.example.org' is not an http(s) URL",
    ),
    (
        lambda: Source("s", "t", published="2017"),  # type: ignore[arg-type]
        "Source.published: '2017' must be a When (use When.parse)",
    ),
    (lambda: Timeline(5), "Timeline.title: expected a string, found integer 5"),  # type: ignore[arg-type]
    (lambda: Timeline("t", events=5), "Timeline.events: 5 must be a list"),  # type: ignore[arg-type]
    (lambda: Timeline("t", events=["a"]), "Timeline.events: 'a' must be an Event"),  # type: ignore[list-item]
    (lambda: Timeline("t", sources=[1]), "Timeline.sources: 1 must be a Source"),  # type: ignore[list-item]
]


@pytest.mark.parametrize(("make", "message"), BAD_FIELDS)
def test_bad_field_names_field_and_value(make: Callable[[], object], message: str) -> None:
    with pytest.raises(TimelineError) as info:
        make()
    assert str(info.value) == message


def test_exact_messages() -> None:
    with pytest.raises(TimelineError) as info:
        Event("a", "t", W("2017"), status="done")
    assert str(info.value) == (
        "Event.status: 'done' is not a status "
        "(one of: happened, planned, cancelled, postponed, ongoing, disputed)"
    )
    with pytest.raises(TimelineError) as info:
        Place("x", lat=45.0)
    assert str(info.value) == "Place.lat, Place.lon: give both lat and lon, or neither"
    with pytest.raises(TimelineError) as info:
        Place("x", lat=91.0, lon=0.0)
    assert str(info.value) == "Place.lat: 91.0 is out of range (-90 to 90)"


def test_conversions() -> None:
    e = Event(
        "a",
        "t",
        W("2017"),
        status="planned",
        tags="one",
        figures={"arrested": 498, "share": 0.5},
        places=[Place("Portland, Oregon", lat=45.52, lon=-122.68)],
    )
    assert e.status is Status.PLANNED
    assert e.tags == ("one",)
    assert e.figures == (Figure("arrested", 498), Figure("share", 0.5))
    assert e.figure("arrested") == 498
    assert e.figure("missing") is None
    assert isinstance(e.places, tuple)
    assert attrs.evolve(e, title="u").title == "u"
    assert hash(e) == hash(attrs.evolve(e))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: Timeline("t", events=[ev("a", "2017"), ev("a", "2018")]),
            "Timeline.events: duplicate event id 'a'",
        ),
        (
            lambda: Timeline("t", sources=[Source("s", "x"), Source("s", "y")]),
            "Timeline.sources: duplicate source id 's'",
        ),
        (
            lambda: Timeline("t", events=[ev("a", "2017", sources=[Citation("nope")])]),
            "event 'a': sources: unknown source 'nope'",
        ),
        (
            lambda: Timeline("t", events=[ev("a", "2017", related=[Link("follows", "b")])]),
            "event 'a': related: unknown event 'b'",
        ),
    ],
)
def test_timeline_checks_the_whole(make: Callable[[], object], message: str) -> None:
    with pytest.raises(TimelineError) as info:
        make()
    assert str(info.value) == message


# -- the Timeline as a sequence ------------------------------------------------------


def test_sequence_protocol() -> None:
    tl = Timeline("t", events=[ev("b", "2018"), ev("a", "2017")], sources=[Source("s", "S")])
    assert len(tl) == 2
    assert [e.id for e in tl] == ["a", "b"]
    assert tl["b"].when == W("2018")
    assert "a" in tl
    assert "c" not in tl
    assert 5 not in tl
    with pytest.raises(KeyError, match="no event with id 'c'"):
        tl["c"]
    assert tl.source("s").title == "S"
    with pytest.raises(KeyError, match="no source with id 'x'"):
        tl.source("x")
    assert tl.position("b") == 1
    with pytest.raises(KeyError, match="no event with id 'c'"):
        tl.position("c")


def test_position_is_the_chronological_index_of_every_event() -> None:
    events = [ev(f"e{i}", f"2017-09-{28 - i:02d}") for i in range(20)]
    tl = Timeline("t", events)
    assert [tl.position(e.id) for e in tl] == list(range(20))
    assert tl.position("e0") == 19  # the latest date is last, whatever the input order


def test_order_earliest_then_latest_then_id() -> None:
    events = [
        ev("z-day", "2017-09-01"),
        ev("month", "2017-09"),
        ev("a-day", "2017-09-01"),
        ev("year", "2017"),
        ev("open-start", "../2017-01-05"),
        ev("later", "2017-09-02"),
    ]
    tl = Timeline("t", events=events)
    assert [e.id for e in tl] == ["open-start", "year", "a-day", "z-day", "month", "later"]


_TEXTS = [
    "2017",
    "2017-09",
    "2017-09-15",
    "2017-09-24",
    "2017-09-24/2017-09-27",
    "2017-09-25?",
    "2017-09~",
    "2017-09-19T13:00Z",
    "2017-09-19T13:00",
    "2017-09-20/..",
    "../2017-09-10",
    "2017-09-28/",
    "[2017-09-28..2017-09-30]",
    "{2017-09-01,2017-10-01}",
    "2017-23",
    "2017-24",
    "201X",
    "2018-01-01",
    "2017-09-27",
    "2017-09-28",
]


@st.composite
def timelines(draw: st.DrawFn) -> Timeline:
    texts = draw(st.lists(st.sampled_from(_TEXTS), max_size=25))
    ids = draw(st.permutations([f"e{i:02d}" for i in range(len(texts))]))
    statuses = st.sampled_from(list(Status))
    events = [
        Event(event_id, f"Event {event_id}", W(text), status=draw(statuses))
        for event_id, text in zip(ids, texts, strict=True)
    ]
    return Timeline("generated", events=events)


@given(timelines(), st.randoms(use_true_random=False))
def test_order_does_not_depend_on_input_order(tl: Timeline, rnd: Any) -> None:
    keys = [(e.when.lower, e.when.upper, e.id) for e in tl]
    assert keys == sorted(keys)
    shuffled = list(tl.events)
    rnd.shuffle(shuffled)
    assert Timeline("generated", events=shuffled) == tl


# -- between ------------------------------------------------------------------------


@pytest.fixture
def september() -> Timeline:
    return Timeline(
        "September 2017",
        events=[
            ev("safe-city", "2017-09-24/2017-09-27"),
            ev("month", "2017-09"),
            ev("uncertain", "2017-09-25?"),
            ev("approximate", "2017-09-26~"),
            ev("day-before", "2017-09-23"),
            ev("day-after", "2017-09-28"),
            ev("open-ended", "2017-09-20/.."),
            ev("unknown-end", "2017-09-26/"),
            ev("long", "2017-01-30/2018-06-29"),
            ev("one-of", "[2017-09-27..2017-09-29]"),
            ev("timed", "2017-09-27T23:30-05:00"),
        ],
    )


def _ids(events: Sequence[Event]) -> set[str]:
    return {e.id for e in events}


def test_between_may_and_certain(september: Timeline) -> None:
    may = september.between("2017-09-24", "2017-09-27")
    assert _ids(may) == {
        "safe-city",
        "month",
        "uncertain",
        "approximate",
        "open-ended",
        "unknown-end",
        "long",
        "one-of",
        # days are local days: 23:30 at UTC-05:00 on the 27th is on the 27th
        # (04:30 UTC on the 28th)
        "timed",
    }
    assert "day-after" not in _ids(may)
    assert "day-before" not in _ids(may)
    certain = september.between("2017-09-24", "2017-09-27", mode="certain")
    assert _ids(certain) == {"safe-city", "timed"}
    in_utc = september.between("2017-09-24", "2017-09-27", tz="UTC")
    assert "timed" not in _ids(in_utc)
    assert "timed" in _ids(september.between("2017-09-28", "2017-09-28", tz="UTC"))
    assert may == sorted(may, key=lambda e: (e.when.lower, e.when.upper, e.id))


def test_between_a_month_window(september: Timeline) -> None:
    certain = _ids(september.between("2017-09", "2017-09", mode="certain"))
    assert certain == {"safe-city", "month", "day-before", "day-after", "one-of", "timed"}
    assert "uncertain" not in certain  # the source is not sure of the day
    assert "open-ended" not in certain


def test_between_open_windows(september: Timeline) -> None:
    assert len(september.between()) == len(september)
    assert len(september.between(mode="certain")) == len(september) - 2  # ? and ~
    after = _ids(september.between("2017-09-28", None))
    assert {"day-after", "open-ended", "unknown-end", "long", "one-of"} <= after
    assert "safe-city" not in after
    before = _ids(september.between(None, W("2017-09-23")))
    assert "day-before" in before
    assert "day-after" not in before


def test_between_refuses_a_bad_mode(september: Timeline) -> None:
    with pytest.raises(TimelineError, match="between: mode 'maybe' is not 'may' or 'certain'"):
        september.between(mode="maybe")  # type: ignore[arg-type]


def test_between_refuses_a_window_that_ends_before_it_starts(september: Timeline) -> None:
    with pytest.raises(TimelineError) as info:
        september.between("2017-09-24", "2017-09-15")
    assert str(info.value) == "between: the window ends (2017-09-15) before it starts (2017-09-24)"


_windows = st.sampled_from([None, *_TEXTS[:9], "2017-09-26", "2017-10", "2016"])


@given(timelines(), _windows, _windows)
def test_between_agrees_with_a_scan(tl: Timeline, start: str | None, end: str | None) -> None:
    lo = W(start).lower if start is not None else -math.inf
    hi = W(end).upper if end is not None else math.inf
    if hi <= lo:
        with pytest.raises(TimelineError, match="the window ends"):
            tl.between(start, end)
        return
    may = [e for e in tl if e.when.lower < hi and e.when.upper > lo]
    certain = [
        e
        for e in tl
        if lo <= e.when.lower
        and e.when.upper <= hi
        and not (e.when.uncertain or e.when.approximate)
    ]
    assert tl.between(start, end) == may
    assert tl.between(start, end, mode="certain") == certain
    assert tl.filter(start=start, end=end).events == tuple(may)


# -- filter, span, conflicts ------------------------------------------------------------


@pytest.fixture
def tagged() -> Timeline:
    return Timeline(
        "t",
        events=[
            ev(
                "raid",
                "2017-09-24/2017-09-27",
                tags=["enforcement", "ice"],
                places=[Place("Portland, Oregon")],
                summary="Arrests in several cities",
            ),
            ev(
                "mega",
                "2017-09-17/2017-09-21",
                status="cancelled",
                tags=["ice"],
                related=[Link("follows", "raid")],
            ),
            ev(
                "ruling",
                "2017-09-15",
                tags=["courts"],
                places=[Place("Chicago")],
                people=[Person("Harry D. Leinenweber", role="judge")],
            ),
        ],
    )


def test_filter(tagged: Timeline) -> None:
    assert _ids(tagged.filter(tag="ice").events) == {"raid", "mega"}
    assert _ids(tagged.filter(tag=["courts", "nothing"]).events) == {"ruling"}
    assert _ids(tagged.filter(status="cancelled").events) == {"mega"}
    assert _ids(tagged.filter(status=[Status.HAPPENED]).events) == {"raid", "ruling"}
    assert _ids(tagged.filter(place="portland").events) == {"raid"}
    assert _ids(tagged.filter(text="ARRESTS cities").events) == {"raid"}
    assert _ids(tagged.filter(text="leinenweber").events) == {"ruling"}
    assert _ids(tagged.filter(text="arrests chicago").events) == set()
    assert _ids(tagged.filter(tag="ice", status="happened").events) == {"raid"}
    assert tagged.filter() is tagged


def test_filter_drops_links_to_events_left_out(tagged: Timeline) -> None:
    kept = tagged.filter(status="cancelled")
    assert kept["mega"].related == ()
    assert tagged["mega"].related == (Link("follows", "raid"),)


def test_filter_refuses_a_bad_status(tagged: Timeline) -> None:
    with pytest.raises(TimelineError, match="'done' is not a status"):
        tagged.filter(status="done")


def test_span(september: Timeline) -> None:
    assert Timeline("empty").span() is None
    span = september.span()
    assert span is not None
    first, last = span
    assert first == W("2017-01-30/2018-06-29")
    # both open-ended and unknown ends run on without bound; of those, the
    # one that starts later is last
    assert last == W("2017-09-26/")


def _with_reports(*reports: str | None) -> Timeline:
    sources = [Source(f"s{i}", f"Source {i}") for i in range(len(reports))]
    citations = [
        Citation(f"s{i}", reported=None if r is None else W(r), reported_text="words")
        for i, r in enumerate(reports)
    ]
    event = ev("operation", "2017-09-24/2017-09-27", sources=citations)
    return Timeline("t", events=[event], sources=sources)


@pytest.mark.parametrize(
    ("report", "conflict"),
    [
        ("2017-09-25/2017-09-28", True),  # Monday–Thursday against Sunday–Wednesday
        ("2017-09-28", True),
        ("2017-09", False),  # vaguer, contains the established days
        ("2017-09-25", False),  # one of the days
        ("2017-09-24/2017-09-27", False),
        (None, False),
    ],
)
def test_conflicts(report: str | None, conflict: bool) -> None:
    tl = _with_reports(report)
    assert (tl.conflicts() == [tl["operation"]]) is conflict
    assert len(tl["operation"].conflicting) == int(conflict)


def test_conflicting_lists_only_the_disagreeing_citations() -> None:
    tl = _with_reports("2017-09", "2017-09-25/2017-09-28", None)
    assert [c.source for c in tl["operation"].conflicting] == ["s1"]
    assert [s.id for _, s in tl.citations_of(tl["operation"])] == ["s0", "s1", "s2"]


def test_tags_and_related(tagged: Timeline) -> None:
    assert tagged.tags() == ["ice", "courts", "enforcement"]
    assert [(link.kind, e.id) for link, e in tagged.related_to("mega")] == [("follows", "raid")]
