"""iCalendar export and import (timeline.ical).

Our output is read by four programs we did not write (icalendar, ical,
vobject, ics) and by recurring-ical-events; any complaint fails the test.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import attrs
import icalendar
import pytest
import recurring_ical_events
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.strategies import timelines
from timeline.errors import TimelineError
from timeline.ical import from_ics, to_ics, write_ics
from timeline.models import Citation, Event, Figure, Link, Person, Place, Source, Status, Timeline
from timeline.when import When

ICS_DIR = Path(__file__).parent / "data" / "ics"
STAMP = dt.datetime(2017, 10, 1, 12, 0, tzinfo=dt.UTC)


# -- test data ----------------------------------------------------------------


def safe_city() -> Timeline:
    """The seed events, with every kind of date the export must handle."""
    sources = [
        Source(
            "ice-release-2017-09-28",
            "ICE arrests 498 in “Operation Safe City”",
            publisher="U.S. Immigration and Customs Enforcement",
            url="https://www.ice.gov/news/releases/safe-city",
            published=When.parse("2017-09-28"),
        ),
        Source(
            "seed-article",
            "Sanctuary cities targeted by ICE raids",
            publisher="Blasting News",
            url="https://us.blastingnews.com/news/2017/09/sanctuary-cities.html",
            published=When.parse("[2017-09-28..2017-09-30]"),
        ),
        Source("oregonian", "ICE retracts number of arrests", published=When.parse("2017-09-29")),
    ]
    events = [
        Event(
            "operation-safe-city",
            "ICE “Operation Safe City”",
            When.parse("2017-09-24/2017-09-27"),
            summary="A four-day arrest operation; 498 people arrested from 42 countries.",
            tags=("enforcement", "ice"),
            places=(
                Place("Portland, Oregon", lat=45.52, lon=-122.68),
                Place("Cook County, Ill."),
            ),
            people=(Person("Tom Homan", role="Acting Director, ICE"),),
            figures={"arrested": 498, "countries": 42, "share convicted": 0.6365},
            sources=(
                Citation("ice-release-2017-09-28", quote="four-day operation that ended Wednesday"),
                Citation(
                    "seed-article",
                    reported=When.parse("2017-09-25/2017-09-28"),
                    reported_text="between Monday and Thursday",
                ),
            ),
            related=(Link("announced-by", "safe-city-announced"),),
        ),
        Event(
            "operation-mega",
            "Planned nationwide operation (“Operation Mega”) called off",
            When.parse("2017-09-17/2017-09-21"),
            status="cancelled",
            tags=("enforcement",),
            sources=(
                Citation(
                    "seed-article", reported=When.parse("2017-09"), reported_text="this month"
                ),
            ),
        ),
        Event(
            "sessions-portland",
            "Sessions speaks in Portland",
            When.parse("2017-09-19T13:00", tz="America/Los_Angeles"),
            places=(Place("USCIS field office, Pearl District, Portland; Oregon"),),
        ),
        Event(
            "harvey-landfall",
            "Hurricane Harvey makes landfall",
            When.parse("2017-08-25T22:00-05:00"),
        ),
        Event("chicago-injunction", "Injunction granted", When.parse("2017-09-15")),
        Event(
            "article-published",
            "The seed article is published",
            When.parse("[2017-09-28..2017-09-30]"),
        ),
        Event("safe-city-announced", "ICE announces results", When.parse("2017-09-28")),
        Event("month-approx", "Something in September", When.parse("2017-09~")),
        Event("autumn", "Autumn", When.parse("2017-23")),
        Event("homan-acting", "Homan acting director", When.parse("2017-01-30/2018-06-29")),
        Event("open-ended", "Still running", When.parse("2017-09-05/.."), status="ongoing"),
        Event("unknown-start", "Unknown start", When.parse("/2017-09-05"), status="disputed"),
        Event("planned", "Planned hearing", When.parse("2018-04-19?"), status="planned"),
        Event("postponed", "Postponed", When.parse("201X"), status="postponed"),
        Event(
            "meeting",
            "Timed meeting",
            When.parse("2017-09-19T13:00/2017-09-19T15:30", tz="Europe/Berlin"),
        ),
        Event("floating", "Floating", When.parse("2017-09-20T08:00")),
    ]
    return Timeline(
        "Immigration enforcement and sanctuary jurisdictions, 2017",
        events,
        sources,
        description="Events of September 2017, with sources.",
    )


# -- consumers we did not write -----------------------------------------------


def check_with_icalendar(data: bytes) -> icalendar.Calendar:
    cal = icalendar.Calendar.from_ical(data)
    for component in cal.walk():
        assert not component.errors, (component.name, component.errors)
    if cal.walk("VEVENT"):  # RFC 5545 wants one component; an empty timeline has none
        cal.validate()  # type: ignore[no-untyped-call]
    assert cal.get_missing_tzids() == set()
    return cal


def check_with_ical(data: bytes) -> Any:
    from ical.calendar_stream import IcsCalendarStream

    return IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))


def check_with_vobject(data: bytes) -> Any:
    import vobject

    parsed = vobject.readOne(data.decode("utf-8"), validate=True)
    parsed.serialize()
    return parsed


def check_with_ics(data: bytes) -> Any:
    import ics

    return ics.Calendar(data.decode("utf-8"))


CONSUMERS = [check_with_icalendar, check_with_ical, check_with_vobject, check_with_ics]


@pytest.fixture(scope="module")
def exported() -> bytes:
    return to_ics(safe_city(), stamp=STAMP)


@pytest.mark.parametrize("consumer", CONSUMERS, ids=lambda f: f.__name__[len("check_with_") :])
def test_consumers_accept_our_export(exported: bytes, consumer: Any) -> None:
    consumer(exported)


@pytest.mark.parametrize("cancelled", ["keep", "prefix", "omit"])
def test_consumers_accept_every_cancelled_mode(cancelled: Any) -> None:
    data = to_ics(safe_city(), stamp=STAMP, cancelled=cancelled)
    for consumer in CONSUMERS:
        consumer(data)


def test_consumers_see_the_events(exported: bytes) -> None:
    tl = safe_city()
    assert len(check_with_icalendar(exported).walk("VEVENT")) == len(tl)
    assert len(check_with_ical(exported).events) == len(tl)
    assert len(check_with_vobject(exported).vevent_list) == len(tl)
    assert len(check_with_ics(exported).events) == len(tl)


def test_ics_library_reads_all_day_span(exported: bytes) -> None:
    cal = check_with_ics(exported)
    event = next(e for e in cal.events if e.uid.startswith("operation-safe-city@"))
    assert event.all_day
    assert event.begin.date() == dt.date(2017, 9, 24)


def test_ical_library_reads_the_timed_zone(exported: bytes) -> None:
    cal = check_with_ical(exported)
    event = next(e for e in cal.events if e.uid.startswith("sessions-portland@"))
    assert event.dtstart == dt.datetime(2017, 9, 19, 20, 0, tzinfo=dt.UTC)


def test_recurring_ical_events_day_coverage(exported: bytes) -> None:
    cal = icalendar.Calendar.from_ical(exported)
    query = recurring_ical_events.of(cal)

    def on(day: dt.date) -> set[str]:
        return {str(e["X-TIMELINE-ID"]) for e in query.at(day)}

    for day in range(24, 28):
        assert "operation-safe-city" in on(dt.date(2017, 9, day))
    assert "operation-safe-city" not in on(dt.date(2017, 9, 28))
    assert "operation-safe-city" not in on(dt.date(2017, 9, 23))
    assert "chicago-injunction" in on(dt.date(2017, 9, 15))
    assert "chicago-injunction" not in on(dt.date(2017, 9, 16))


# -- mapping --------------------------------------------------------------------


def vevent(data: bytes, event_id: str) -> icalendar.Event:
    cal = icalendar.Calendar.from_ical(data)
    for component in cal.walk("VEVENT"):
        if str(component["X-TIMELINE-ID"]) == event_id:
            assert isinstance(component, icalendar.Event)
            return component
    raise AssertionError(f"no VEVENT for {event_id}")


def test_day_range_is_all_day_with_exclusive_end(exported: bytes) -> None:
    assert b"DTSTART;VALUE=DATE:20170924\r\nDTEND;VALUE=DATE:20170928\r\n" in exported
    event = vevent(exported, "operation-safe-city")
    assert event.start == dt.date(2017, 9, 24)
    assert event.end == dt.date(2017, 9, 28)
    assert "TRANSP" not in event
    assert str(event["X-TIMELINE-EDTF"]) == "2017-09-24/2017-09-27"


def test_single_day(exported: bytes) -> None:
    event = vevent(exported, "chicago-injunction")
    assert (event.start, event.end) == (dt.date(2017, 9, 15), dt.date(2017, 9, 16))


def test_timed_value_keeps_its_zone(exported: bytes) -> None:
    assert b"DTSTART;TZID=America/Los_Angeles:20170919T130000\r\n" in exported
    assert b"BEGIN:VTIMEZONE\r\nTZID:America/Los_Angeles\r\n" in exported
    event = vevent(exported, "sessions-portland")
    assert str(event["X-TIMELINE-TZ"]) == "America/Los_Angeles"
    # an instant known to the minute lasts that minute (not "no end", which
    # clients draw differently: khal as a whole day)
    assert event.end == event.start + dt.timedelta(minutes=1)
    meeting = vevent(exported, "meeting")
    assert meeting.start == dt.datetime(2017, 9, 19, 11, 0, tzinfo=dt.UTC)
    assert meeting.end == dt.datetime(2017, 9, 19, 13, 30, tzinfo=dt.UTC)


def test_offset_only_is_written_in_utc(exported: bytes) -> None:
    assert b"DTSTART:20170826T030000Z\r\n" in exported
    assert "X-TIMELINE-TZ" not in vevent(exported, "harvey-landfall")


def test_floating_time_stays_floating(exported: bytes) -> None:
    assert b"DTSTART:20170920T080000\r\n" in exported


@pytest.mark.parametrize(
    ("event_id", "start", "end", "words"),
    [
        ("month-approx", dt.date(2017, 9, 1), dt.date(2017, 10, 1), "c. Sep 2017"),
        ("autumn", dt.date(2017, 9, 1), dt.date(2017, 12, 1), "known to the season"),
        ("article-published", dt.date(2017, 9, 28), dt.date(2017, 10, 1), "one of"),
        ("planned", dt.date(2018, 4, 19), dt.date(2018, 4, 20), "uncertain"),
        ("postponed", dt.date(2010, 1, 1), dt.date(2020, 1, 1), "known to the decade"),
        ("open-ended", dt.date(2017, 9, 5), dt.date(2017, 9, 6), "only the known end"),
        ("unknown-start", dt.date(2017, 9, 5), dt.date(2017, 9, 6), "start not known"),
    ],
)
def test_imprecise_dates_span_their_bounds(
    exported: bytes, event_id: str, start: dt.date, end: dt.date, words: str
) -> None:
    event = vevent(exported, event_id)
    assert (event.start, event.end) == (start, end)
    assert str(event["TRANSP"]) == "TRANSPARENT"
    assert words in str(event["DESCRIPTION"])


@pytest.mark.parametrize(
    ("status", "ical"),
    [
        ("happened", "CONFIRMED"),
        ("planned", "TENTATIVE"),
        ("cancelled", "CANCELLED"),
        ("postponed", "TENTATIVE"),
        ("ongoing", "CONFIRMED"),
        ("disputed", "TENTATIVE"),
    ],
)
def test_status(status: str, ical: str) -> None:
    tl = Timeline("t", [Event("e", "E", When.parse("2017-09-15"), status=status)])
    event = vevent(to_ics(tl, stamp=STAMP), "e")
    assert str(event["STATUS"]) == ical
    assert str(event["X-TIMELINE-STATUS"]) == status


def test_cancelled_modes() -> None:
    tl = safe_city()
    kept = vevent(to_ics(tl, stamp=STAMP), "operation-mega")
    assert str(kept["SUMMARY"]).startswith("Planned nationwide")
    prefixed = vevent(to_ics(tl, stamp=STAMP, cancelled="prefix"), "operation-mega")
    assert str(prefixed["SUMMARY"]).startswith("Cancelled: Planned nationwide")
    omitted = to_ics(tl, stamp=STAMP, cancelled="omit")
    assert b"operation-mega" not in omitted
    assert from_ics(omitted) == tl.filter(status=[s for s in Status if s != "cancelled"])
    assert from_ics(to_ics(tl, stamp=STAMP, cancelled="prefix")) == tl
    with pytest.raises(TimelineError, match="cancelled"):
        to_ics(tl, cancelled="drop")  # type: ignore[arg-type]


def test_fields(exported: bytes) -> None:
    event = vevent(exported, "operation-safe-city")
    assert event.uid == "operation-safe-city@immigration-enforcement-and-sanctuary.timeline"
    assert [str(c) for c in event.categories] == ["enforcement", "ice"]
    assert str(event["LOCATION"]) == "Portland, Oregon; Cook County, Ill."
    geo = event["GEO"]
    assert isinstance(geo, icalendar.vGeo)
    assert (geo.latitude, geo.longitude) == (45.52, -122.68)
    assert str(event["URL"]) == "https://www.ice.gov/news/releases/safe-city"
    assert event.DTSTAMP == STAMP
    description = str(event["DESCRIPTION"])
    assert description.startswith("A four-day arrest operation;")
    assert "Figures: arrested: 498; countries: 42; share convicted: 0.6365" in description
    assert "Tom Homan (Acting Director, ICE)" in description
    assert "“four-day operation that ended Wednesday”" in description
    assert (
        "⚠ reported differently: 25–28 Sep 2017 (“between Monday and Thursday”)"
        " — established: 24–27 Sep 2017"
    ) in description
    assert "announced-by: ICE announces results" in description
    # a vaguer report that agrees is not flagged
    mega = str(vevent(exported, "operation-mega")["DESCRIPTION"])
    assert "reported: Sep 2017 (“this month”)" in mega
    assert "⚠" not in mega


def test_locale() -> None:
    data = to_ics(safe_city(), stamp=STAMP, locale="fr", cancelled="prefix")
    event = vevent(data, "operation-mega")
    assert str(event["SUMMARY"]).startswith("Annulé : ")
    assert "17–21 sept. 2017" in str(event["DESCRIPTION"])
    with pytest.raises(TimelineError, match="locale"):
        to_ics(safe_city(), locale="xx")


def test_uid_is_stable_and_title_derived() -> None:
    tl = safe_city()
    a = vevent(to_ics(tl, stamp=STAMP), "chicago-injunction").uid
    smaller = Timeline(tl.title, [tl["chicago-injunction"]])
    assert vevent(to_ics(smaller), "chicago-injunction").uid == a
    odd = Timeline("Über „Zeit“", [tl["chicago-injunction"]])
    assert vevent(to_ics(odd), "chicago-injunction").uid.startswith("chicago-injunction@ber-zeit")
    blank = Timeline("", [tl["chicago-injunction"]])
    uid = vevent(to_ics(blank), "chicago-injunction").uid
    assert re.fullmatch(r"chicago-injunction@[0-9a-f]{12}\.timeline", uid)


def test_default_stamp_is_derived_from_the_data() -> None:
    tl = safe_city()
    data = to_ics(tl)
    # the latest published date: the seed article's set runs to 30 Sep
    assert b"DTSTAMP:20170930T000000Z\r\n" in data
    assert to_ics(tl) == data
    bare = Timeline("t", [Event("e", "E", When.parse("2017-09-15"))])
    assert b"DTSTAMP:19700101T000000Z\r\n" in to_ics(bare)


def test_stamp_is_written_in_utc() -> None:
    tl = safe_city()
    berlin = dt.datetime(2017, 10, 1, 14, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert b"DTSTAMP:20171001T120030Z\r\n" in to_ics(tl, stamp=berlin)
    with pytest.raises(TimelineError, match="time zone"):
        to_ics(tl, stamp=dt.datetime(2017, 10, 1))


def test_same_input_same_bytes() -> None:
    assert to_ics(safe_city(), stamp=STAMP) == to_ics(safe_city(), stamp=STAMP)


def test_write_ics_is_atomic_and_identical(tmp_path: Path) -> None:
    path = tmp_path / "out.ics"
    write_ics(safe_city(), path, stamp=STAMP)
    assert path.read_bytes() == to_ics(safe_city(), stamp=STAMP)
    assert [p.name for p in tmp_path.iterdir()] == ["out.ics"]
    with pytest.raises(TimelineError):
        write_ics(safe_city(), tmp_path / "missing" / "out.ics")


def test_empty_timeline() -> None:
    data = to_ics(Timeline("Nothing"), stamp=STAMP)
    assert from_ics(data) == Timeline("Nothing")
    for consumer in CONSUMERS:
        consumer(data)


def test_far_years_still_give_valid_output() -> None:
    tl = Timeline(
        "far",
        [
            Event("last", "Last day", When.parse("9999-12-31")),
            Event("long", "Long", When.parse("9999-12-30/9999-12-31")),
            Event("old", "Old", When.parse("0800-12-25")),
        ],
    )
    data = to_ics(tl, stamp=STAMP)
    check_with_icalendar(data)
    assert vevent(data, "long").duration == dt.timedelta(days=2)
    assert b"DTSTART;VALUE=DATE:08001225\r\n" in data
    assert from_ics(data) == tl


# -- bytes on the wire ------------------------------------------------------------


def nasty() -> Timeline:
    return Timeline(
        "Escapes, ; and \\ “quotes”",
        [
            Event(
                "inject",
                "x\r\nBEGIN:VEVENT",
                When.parse("2017-09-15"),
                summary="END:VCALENDAR\r\nBEGIN:VEVENT\nUID:evil\n: ; , \\ \\n \\, done",
                tags=("a,b", "c;d", "e\\f", "ü" * 30),
                places=(Place("Rue de l'Église; Paris, France"),),
            ),
            Event(
                "long-text",
                "Ünïcödé " * 20 + "日本語のタイトル" * 5 + "😀" * 30,
                When.parse("2017-09-16"),
                summary="é" * 200 + "\n" + "€" * 100,
            ),
            Event("colon", "BEGIN:VCALENDAR", When.parse("2017-09-17"), summary="END:VEVENT"),
            Event(
                "backslash-n",
                "C:\\New folder\\N",
                When.parse("2017-09-18"),
                summary="\\N \\\\N \\n \x7f\x1b\x00 end",
                tags=("\\N",),
            ),
        ],
    )


def test_crlf_only_and_short_lines() -> None:
    data = to_ics(nasty(), stamp=STAMP) + to_ics(safe_city(), stamp=STAMP)
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b"\r" not in data.replace(b"\r\n", b"")
    for line in data.split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")  # no fold splits a UTF-8 sequence


def test_text_values_are_escaped() -> None:
    data = to_ics(nasty(), stamp=STAMP)
    unfolded = data.replace(b"\r\n ", b"").decode("utf-8")
    assert "CATEGORIES:a\\,b,c\\;d,e\\\\f," in unfolded
    assert "SUMMARY:x\\nBEGIN:VEVENT\r\n" in unfolded
    assert "LOCATION:Rue de l'Église\\; Paris\\, France\r\n" in unfolded
    assert "DESCRIPTION:END:VCALENDAR\\nBEGIN:VEVENT\\nUID:evil\\n: \\; \\, \\\\ \\\\n" in unfolded
    for line in unfolded.split("\r\n"):
        name, _, value = line.partition(":")
        if name.split(";")[0] in {"SUMMARY", "DESCRIPTION", "LOCATION", "X-TIMELINE-JSON"}:
            # every , ; \ in a TEXT value is escaped: no bare one is left
            assert not re.search(r"(?<!\\)(?:\\\\)*[,;]", value.replace("\\\\", "")), line


def test_injection_stays_inside_its_property() -> None:
    tl = nasty()
    data = to_ics(tl, stamp=STAMP)
    lines = data.split(b"\r\n")
    assert lines.count(b"BEGIN:VEVENT") == 4
    assert lines.count(b"END:VEVENT") == 4
    assert lines.count(b"BEGIN:VCALENDAR") == 1
    assert lines.count(b"END:VCALENDAR") == 1
    for consumer in CONSUMERS:
        consumer(data)
    assert len(check_with_ics(data).events) == 4
    back = from_ics(data)
    assert back == tl
    assert back["inject"].title == "x\r\nBEGIN:VEVENT"
    event = vevent(data, "inject")
    assert str(event["SUMMARY"]) == "x\nBEGIN:VEVENT"
    assert [str(c) for c in event.categories][:3] == ["a,b", "c;d", "e\\f"]


# -- round trip ---------------------------------------------------------------------


def test_round_trip_safe_city(exported: bytes) -> None:
    tl = safe_city()
    back = from_ics(exported)
    assert back == tl
    assert back.sources == tl.sources
    assert back.title == tl.title
    assert back.description == tl.description
    for event in tl:
        for field in attrs.fields(Event):
            assert getattr(back[event.id], field.name) == getattr(event, field.name)
    figure = back["operation-safe-city"].figures
    assert figure[0] == Figure("arrested", 498)
    assert isinstance(figure[0].value, int)


def test_round_trip_accepts_text() -> None:
    data = to_ics(safe_city(), stamp=STAMP)
    assert from_ics(data.decode("utf-8")) == safe_city()


def _json_of(data: bytes, event_id: str) -> Any:
    import json

    event = vevent(data, event_id)
    raw = event["X-TIMELINE-JSON"].to_ical()
    text = raw.decode() if isinstance(raw, bytes) else str(raw)
    return json.loads(str(icalendar.parser.unescape_backslash(text)))


def test_json_carries_only_what_other_properties_do_not(exported: bytes) -> None:
    """Title, summary, tags and one place come back from SUMMARY, DESCRIPTION,
    CATEGORIES and LOCATION/GEO; id, date and status from their X- properties."""
    assert _json_of(exported, "safe-city-announced") == {}
    assert _json_of(exported, "meeting") == {}
    body = _json_of(exported, "operation-safe-city")
    summary = "A four-day arrest operation; 498 people arrested from 42 countries."
    assert body["summary"] == len(summary)  # the first characters of DESCRIPTION
    assert set(body) == {"summary", "places", "people", "figures", "sources", "related"}
    assert body["sources"][0] == {
        "source": "ice-release-2017-09-28",
        "quote": "four-day operation that ended Wednesday",
    }  # no nulls
    # the codec's plain data (the shape of the TOML file), figures in their order
    assert body["figures"] == {"arrested": 498, "countries": 42, "share convicted": 0.6365}
    assert list(body["figures"]) == ["arrested", "countries", "share convicted"]
    header = json_header(exported)
    assert header["format"] == 3
    assert header["sources"][2] == {
        "id": "oregonian",
        "title": "ICE retracts number of arrests",
        "published": "2017-09-29",
    }


def json_header(data: bytes) -> Any:
    import json

    cal = icalendar.Calendar.from_ical(data)
    raw = cal["X-TIMELINE-JSON"].to_ical()
    text = raw.decode() if isinstance(raw, bytes) else str(raw)
    return json.loads(str(icalendar.parser.unescape_backslash(text)))


@pytest.mark.parametrize(
    ("event", "kept"),
    [
        # text that an iCalendar TEXT value does not give back exactly
        (Event("e", "back\\slash", When.parse("2017")), {"title"}),
        (Event("e", "t", When.parse("2017"), summary=" padded "), {"summary"}),
        (Event("e", "t", When.parse("2017"), summary="a\rb"), {"summary"}),
        (Event("e", "t", When.parse("2017"), summary="\\N"), {"summary"}),
        (Event("e", "t", When.parse("2017"), tags=("ok", "tab\x01")), {"tags"}),
        # two places, or coordinates that are not floats
        (Event("e", "t", When.parse("2017"), places=(Place("a"), Place("b"))), {"places"}),
        (Event("e", "t", When.parse("2017"), places=(Place("a", lat=1, lon=2),)), {"places"}),
        # and what only the JSON carries
        (Event("e", "t", When.parse("2017"), people=(Person("p"),)), {"people"}),
        (Event("e", "t", When.parse("2017"), figures={"n": 1}), {"figures"}),
        # carried elsewhere
        (Event("e", "a, b; c", When.parse("2017"), summary="s", tags=("x,y",)), {"summary"}),
        (Event("e", "t", When.parse("2017"), places=(Place("p", lat=1.5, lon=-2.0),)), set()),
    ],
)
def test_json_keeps_what_would_be_lost(event: Event, kept: set[str]) -> None:
    tl = Timeline("T", [event])
    data = to_ics(tl, stamp=STAMP)
    assert set(_json_of(data, "e")) == kept
    assert from_ics(data) == tl
    back = from_ics(data)["e"]
    for field in attrs.fields(Event):
        assert getattr(back, field.name) == getattr(event, field.name)
        assert type(getattr(back, field.name)) is type(getattr(event, field.name))


def test_cancelled_prefix_keeps_the_title() -> None:
    tl = safe_city()
    data = to_ics(tl, stamp=STAMP, cancelled="prefix")
    assert _json_of(data, "operation-mega")["title"] == tl["operation-mega"].title
    assert "title" not in _json_of(data, "operation-safe-city")


FORMAT_1 = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//timeline//Timeline export//EN\r\n"
    b'X-TIMELINE-JSON:{"description":""\\,"format":1\\,"sources":[{"id":"s"\\,"note":null'
    b'\\,"published":null\\,"publisher":null\\,"title":"S"\\,"url":null}]\\,"title":"T"}\r\n'
    b"BEGIN:VEVENT\r\nSUMMARY:shown\r\nDTSTART;VALUE=DATE:20170915\r\n"
    b"DTSTAMP:20171001T120000Z\r\nUID:a@t.timeline\r\nDESCRIPTION:other\r\n"
    b"X-TIMELINE-ID:a\r\nX-TIMELINE-EDTF:2017-09-15\r\nX-TIMELINE-STATUS:happened\r\n"
    b'X-TIMELINE-JSON:{"figures":[["n"\\,1]]\\,"id":"a"\\,"people":[]\\,"places":[]\\,"related"'
    b':[]\\,"sources":[{"note":null\\,"quote":null\\,"reported":null\\,"reported_text":nul'
    b'l\\,"source":"s"}]\\,"status":"planned"\\,"summary":"the summary"\\,"tags":["x"]\\,'
    b'"title":"A"\\,"when":{"edtf":"2017-09-15?"}}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n'
)


FORMAT_2 = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//timeline//Timeline export//EN\r\n"
    b'X-TIMELINE-JSON:{"description":"D"\\,"format":2\\,"sources":[{"id":"s"\\,"published"'
    b':{"edtf":"2017-09"}\\,"title":"S"}]\\,"title":"T"}\r\n'
    b"BEGIN:VEVENT\r\nSUMMARY:A\r\nDTSTART:20170919T130000\r\n"
    b"DTSTAMP:20171001T120000Z\r\nUID:a@t.timeline\r\nDESCRIPTION:the summary\\n\\nDate: x\r\n"
    b"CATEGORIES:x\r\nLOCATION:P\r\nGEO:45.5;-122.5\r\n"
    b"X-TIMELINE-ID:a\r\nX-TIMELINE-EDTF:2017-09-19T13:00\r\nX-TIMELINE-TZ:America/Chicago\r\n"
    b"X-TIMELINE-STATUS:planned\r\n"
    b'X-TIMELINE-JSON:{"figures":[["z"\\,1]\\,["a"\\,2.5]]\\,"sources":[{"reported":{"edtf":'
    b'"2017-09-19T14:00"\\,"tz":"America/New_York"}\\,"source":"s"}]\\,"summary":11}\r\n'
    b"END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def test_reads_format_2() -> None:
    """Exports of format 2 wrote dates as {"edtf", "tz"} and figures as pairs."""
    assert from_ics(FORMAT_2) == Timeline(
        "T",
        [
            Event(
                "a",
                "A",
                When.parse("2017-09-19T13:00", "America/Chicago"),
                status="planned",
                summary="the summary",
                tags=("x",),
                places=(Place("P", lat=45.5, lon=-122.5),),
                figures=(Figure("z", 1), Figure("a", 2.5)),
                sources=(
                    Citation("s", reported=When.parse("2017-09-19T14:00", "America/New_York")),
                ),
            )
        ],
        (Source("s", "S", published=When.parse("2017-09")),),
        description="D",
    )


def test_reads_format_1() -> None:
    """Exports of format 1 carried the whole event in X-TIMELINE-JSON: it wins."""
    tl = from_ics(FORMAT_1)
    assert tl == Timeline(
        "T",
        [
            Event(
                "a",
                "A",
                When.parse("2017-09-15?"),
                status="planned",
                summary="the summary",
                tags=("x",),
                figures={"n": 1},
                sources=(Citation("s"),),
            )
        ],
        (Source("s", "S"),),
    )


def test_lossless_false_leaves_out_the_json() -> None:
    tl = safe_city()
    full = to_ics(tl, stamp=STAMP)
    data = to_ics(tl, stamp=STAMP, lossless=False)
    assert b"X-TIMELINE-JSON" not in data
    assert len(data) < len(full)
    for consumer in CONSUMERS:
        consumer(data)

    # the same calendar for calendar programs
    def lines(ics: bytes) -> list[bytes]:
        unfolded = ics.replace(b"\r\n ", b"").split(b"\r\n")
        return [line for line in unfolded if not line.startswith(b"X-TIMELINE-JSON:")]

    assert lines(full) == lines(data)
    # read back as another program's calendar, with the exact ids, dates and statuses
    back = from_ics(data)
    assert [(e.id, e.when, e.status) for e in back] == [(e.id, e.when, e.status) for e in tl]
    assert back["operation-safe-city"].title == tl["operation-safe-city"].title
    assert back["operation-safe-city"].tags == tl["operation-safe-city"].tags


def test_write_ics_lossless_false(tmp_path: Path) -> None:
    path = tmp_path / "out.ics"
    write_ics(safe_city(), path, stamp=STAMP, lossless=False)
    assert path.read_bytes() == to_ics(safe_city(), stamp=STAMP, lossless=False)


def test_vtimezones_once_per_zone_in_name_order() -> None:
    events = [
        Event(f"e{i}", "t", When.parse(f"2017-09-{10 + i}T10:00", tz=zone))
        for i, zone in enumerate(["Europe/Paris", "America/Chicago", "Europe/Paris", "UTC"])
    ]
    data = to_ics(Timeline("T", events), stamp=STAMP)
    cal = check_with_icalendar(data)
    assert [tz.tz_name for tz in cal.timezones] == ["America/Chicago", "Europe/Paris"]
    assert b"TZID=UTC" not in data


_slug = st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,5})?", fullmatch=True)
_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=0, max_size=40)
_nonempty = _text.filter(lambda s: bool(s.strip()))
_dates = st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))


@st.composite
def _whens(draw: st.DrawFn) -> When:
    day = draw(_dates)
    other = draw(_dates)
    lo, hi = sorted((day, other))
    kind = draw(st.sampled_from(["day", "range", "month", "year~", "set", "open", "time", "zone"]))
    if kind == "day":
        return When.parse(day.isoformat())
    if kind == "range":
        return When.parse(f"{lo.isoformat()}/{hi.isoformat()}")
    if kind == "month":
        return When.parse(f"{day:%Y-%m}")
    if kind == "year~":
        return When.parse(f"{day:%Y}~")
    if kind == "set":
        return When.parse(f"[{lo.isoformat()},{hi.isoformat()}]")
    if kind == "open":
        return When.parse(f"{day.isoformat()}/..")
    day = draw(st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)))  # small VTIMEZONEs
    clock = f"{day.isoformat()}T{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}"
    if kind == "time":
        return When.parse(clock + draw(st.sampled_from(["", "Z", "+05:30", "-08:00"])))
    zone = draw(st.sampled_from(["America/New_York", "Europe/Paris", "Asia/Kolkata", "UTC"]))
    return When.parse(clock, zone)


@st.composite
def _timelines(draw: st.DrawFn) -> Timeline:
    """Timelines for the third-party parsers: years 1900-2100 (times 1990-2030,
    to keep the VTIMEZONEs small), every kind of date, control characters.

    The round trip uses the shared ``tests.strategies.timelines``.
    """
    source_ids = draw(st.lists(_slug, unique=True, max_size=3))
    sources = [
        Source(
            sid,
            draw(_nonempty),
            publisher=draw(st.none() | _text),
            url=draw(st.none() | st.just(f"https://example.org/{sid}?a=1,2;b")),
            published=draw(st.none() | _whens()),
            note=draw(st.none() | _text),
        )
        for sid in source_ids
    ]
    ids = draw(st.lists(_slug, unique=True, max_size=6))
    events = []
    for event_id in ids:
        events.append(
            Event(
                event_id,
                draw(_nonempty),
                draw(_whens()),
                status=draw(st.sampled_from(list(Status))),
                summary=draw(_text),
                tags=draw(st.lists(_nonempty, max_size=3)),
                places=[
                    Place(draw(_nonempty), lat=lat, lon=lon)
                    for lat, lon in draw(
                        st.lists(
                            st.just((None, None))
                            | st.tuples(
                                st.floats(-90, 90, allow_nan=False),
                                st.floats(-180, 180, allow_nan=False),
                            ),
                            max_size=2,
                        )
                    )
                ],
                people=[
                    Person(draw(_nonempty), role=draw(st.none() | _text))
                    for _ in range(draw(st.integers(0, 2)))
                ],
                figures=[
                    Figure(
                        name,
                        draw(
                            st.integers(-(10**12), 10**12)
                            | st.floats(allow_nan=False, allow_infinity=False)
                        ),
                    )
                    for name in draw(st.lists(_nonempty, unique=True, max_size=2))
                ],
                sources=[
                    Citation(
                        sid,
                        quote=draw(st.none() | _text),
                        reported=draw(st.none() | _whens()),
                        reported_text=draw(st.none() | _text),
                        note=draw(st.none() | _text),
                    )
                    for sid in draw(st.lists(st.sampled_from(source_ids), max_size=2))
                ]
                if source_ids
                else [],
                related=[
                    Link(draw(_slug), target, note=draw(st.none() | _text))
                    for target in draw(st.lists(st.sampled_from(ids), max_size=2))
                ],
            )
        )
    return Timeline(draw(_text), events, sources, description=draw(_text))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tl=timelines(), cancelled=st.sampled_from(["keep", "prefix"]))
def test_round_trip_property(tl: Timeline, cancelled: Any) -> None:
    data = to_ics(tl, stamp=STAMP, cancelled=cancelled)
    assert from_ics(data) == tl
    assert to_ics(tl, stamp=STAMP, cancelled=cancelled) == data
    check_with_icalendar(data)
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tl=_timelines())
def test_other_programs_accept_generated_timelines(tl: Timeline) -> None:
    data = to_ics(tl, stamp=STAMP)
    for consumer in CONSUMERS:
        consumer(data)


# -- importing other programs' calendars ---------------------------------------------


def load_fixture(name: str) -> Timeline:
    return from_ics((ICS_DIR / name).read_bytes())


@pytest.mark.parametrize("path", sorted(ICS_DIR.glob("*.ics")), ids=lambda p: p.name)
def test_fixtures_are_valid_and_import(path: Path) -> None:
    check_with_icalendar(path.read_bytes())
    tl = from_ics(path.read_bytes())
    assert len(tl) >= 2
    # and what we import, we can export and read back
    assert from_ics(to_ics(tl, stamp=STAMP)) == tl


def test_import_all_day() -> None:
    tl = load_fixture("all-day.ics")
    assert tl.title == "Conference days"
    conf = tl["20170301-conf"]
    assert conf.title == "Annual conference, spring edition"
    assert conf.when == When.parse("2017-03-01/2017-03-03")
    assert conf.summary == "Three days of talks.\nBring your badge."
    assert conf.tags == ("work", "travel")
    assert conf.places == (Place("Hall B; Convention Center"),)
    assert conf.status is Status.HAPPENED
    assert tl["20170310-holiday"].when == When.parse("2017-03-10")


def test_import_timed_with_tzid() -> None:
    tl = load_fixture("timed-new-york.ics")
    briefing = tl["briefing-2017-09-10"]
    assert briefing.when == When.parse("2017-09-10T09:10/2017-09-10T10:30", "America/New_York")
    assert briefing.places == (Place("Cudjoe Key", lat=24.6583, lon=-81.4467),)
    (source,) = tl.sources
    assert source.url == "https://www.nhc.noaa.gov/"
    assert briefing.sources == (Citation(source.id),)
    assert tl["call-utc"].when == When.parse("2017-09-11T14:00Z/2017-09-11T14:45Z")


def test_import_recurring() -> None:
    tl = load_fixture("recurring-weekly.ics")
    standups = [e for e in tl if e.id.startswith("standup-")]
    assert [e.id for e in standups] == [
        "standup-20170904t093000",
        "standup-20170918t100000",
        "standup-20170925t093000",
    ]
    assert standups[1].title == "Weekly stand-up (moved)"
    assert standups[1].when == When.parse("2017-09-18T10:00/2017-09-18T10:15", "Europe/Berlin")
    forever = [e for e in tl if e.id.startswith("forever-")]
    assert len(forever) == 500  # bounded: the first 500 occurrences
    assert forever[0].when == When.parse("2017-01-01")
    assert forever[-1].id == "forever-" + (dt.date(2017, 1, 1) + dt.timedelta(weeks=499)).strftime(
        "%Y%m%d"
    )


def test_import_cancelled_and_tentative() -> None:
    tl = load_fixture("cancelled.ics")
    assert tl["mega-2017"].status is Status.CANCELLED
    assert tl["mega-2017"].when == When.parse("2017-09-17/2017-09-21")
    # the file is a METHOD:CANCEL message: every event it carries is cancelled
    # (RFC 5546 3.2.5), whatever its STATUS says
    assert tl["maybe"].status is Status.CANCELLED
    tentative = (ICS_DIR / "cancelled.ics").read_bytes().replace(b"METHOD:CANCEL\r\n", b"")
    assert from_ics(tentative)["maybe"].status is Status.PLANNED


def test_import_google_calendar() -> None:
    tl = load_fixture("google-calendar.ics")
    assert (tl.title, tl.description) == ("Team", "Team calendar")
    remarks = tl["7kukuqrfedlm2f9t0vl9bm4ct3"]
    # UTC times shown in the calendar's X-WR-TIMEZONE: the same instants
    assert remarks.when == When.parse("2017-09-19T13:00/2017-09-19T14:00", "America/Los_Angeles")
    assert remarks.when.lower == dt.datetime(2017, 9, 19, 20, tzinfo=dt.UTC).timestamp()
    assert remarks.places == (Place("USCIS field office, Portland, OR, USA"),)
    assert tl["floating1"].when.tz == "America/Los_Angeles"


def test_import_duplicate_uids_get_unique_ids() -> None:
    data = (ICS_DIR / "all-day.ics").read_bytes().replace(b"20170310-holiday", b"20170301-conf")
    tl = from_ics(data)
    assert sorted(e.id for e in tl) == ["20170301-conf", "20170301-conf-2"]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   ",
        b"not a calendar",
        b"BEGIN:VTODO\r\nUID:x\r\nEND:VTODO\r\n",
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART;VALUE=DATE:20170101\r\n"
        b"X-TIMELINE-JSON:{not json\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART;VALUE=DATE:20170101\r\n"
        b'X-TIMELINE-JSON:{"id":"x"\\,"title":"t"\\,"when":{"edtf":"2017-13"}}\r\n'
        b"END:VEVENT\r\nEND:VCALENDAR\r\n",
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART;VALUE=DATE:20170101\r\n"
        b"X-TIMELINE-JSON:[]\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        # format 2 leaves the id, date and status to their X- properties
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART;VALUE=DATE:20170101\r\n"
        b"X-TIMELINE-JSON:{}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART;VALUE=DATE:20170101\r\n"
        b"X-TIMELINE-ID:x\r\nX-TIMELINE-STATUS:happened\r\nSUMMARY:t\r\n"
        b"X-TIMELINE-JSON:{}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART;VALUE=DATE:20170101\r\n"
        b"X-TIMELINE-ID:x\r\nX-TIMELINE-EDTF:2017\r\nX-TIMELINE-STATUS:happened\r\n"
        b'SUMMARY:t\r\nX-TIMELINE-JSON:{"summary":true}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
        b"\xff\xfe\x00garbage",
    ],
)
def test_bad_input_is_a_timeline_error(data: bytes) -> None:
    with pytest.raises(TimelineError):
        from_ics(data)


def test_bad_json_names_the_event_and_field() -> None:
    """Our events are checked by the codec, as a file's are by the loader."""
    data = (
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART;VALUE=DATE:20170101\r\n"
        b"X-TIMELINE-ID:raid\r\nX-TIMELINE-EDTF:2017-13\r\nX-TIMELINE-STATUS:happened\r\n"
        b'SUMMARY:t\r\nX-TIMELINE-JSON:{"people":[{"role":"r"}]}\r\nEND:VEVENT\r\n'
        b"END:VCALENDAR\r\n"
    )
    with pytest.raises(TimelineError) as info:
        from_ics(data)
    assert str(info.value).splitlines() == [
        "2 problems:",
        "X-TIMELINE-JSON: event 'raid': when: '2017-13' "
        "is not a valid date (month 13: expected 01–12, "
        "or 21–41 for a season, quarter, quadrimester or semester)",
        "X-TIMELINE-JSON: event 'raid': people[0].name: missing (required)",
    ]


def test_bad_type_is_a_timeline_error() -> None:
    with pytest.raises(TimelineError):
        from_ics(42)  # type: ignore[arg-type]
    with pytest.raises(TimelineError):
        to_ics("not a timeline")  # type: ignore[arg-type]


# -- the project's data file ---------------------------------------------------------


def test_real_data_round_trips(events_path: Path) -> None:
    if not events_path.exists() or "[[events]]" not in events_path.read_text("utf-8"):
        pytest.skip("data/events.toml is not written yet (placeholder)")
    from timeline import load

    tl = load(events_path)
    data = to_ics(tl)
    for consumer in CONSUMERS:
        consumer(data)
    assert from_ics(data) == tl
    if "operation-safe-city" in tl:
        event = vevent(data, "operation-safe-city")
        assert (event.start, event.end) == (dt.date(2017, 9, 24), dt.date(2017, 9, 28))
