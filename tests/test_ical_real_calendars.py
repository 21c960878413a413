"""Reading real calendars: other programs' files, broken parts and all.

Every ``VEVENT`` with a usable start is read; the others are skipped, and a
broken property left out, each with a :class:`TimelineWarning` naming the
event (UID or summary), its line and the property, in our words.
``strict=True`` makes any of them an error.  The files under
``tests/data/ics/third-party/`` come from other projects' test suites (see
the README there).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import timeline
from tests.strategies import timelines
from timeline.errors import TimelineError, TimelineLoadError, TimelineWarning
from timeline.ical import to_ics
from timeline.ical_import import from_ics, read_ics
from timeline.models import Status, Timeline
from timeline.toml_io import load
from timeline.when import When

DATA = Path(__file__).parent / "data" / "ics"
THIRD = DATA / "third-party"
STAMP = dt.datetime(2017, 10, 1, tzinfo=dt.UTC)
REPR = re.compile(r"vText|vBroken|b'|None\b|not supported between|Cannot access|<class")


def calendar(*events: str, head: str = "") -> bytes:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        + head
        + "".join(events)
        + "END:VCALENDAR\r\n"
    ).encode()


def vevent(*lines: str) -> str:
    return "BEGIN:VEVENT\r\n" + "".join(line + "\r\n" for line in lines) + "END:VEVENT\r\n"


GOOD = vevent("UID:good@example.com", "SUMMARY:Good", "DTSTART;VALUE=DATE:20170905")


def read(data: bytes, **kwargs: Any) -> tuple[Timeline, list[str]]:
    """The timeline and the text of every warning (each a TimelineWarning, in our words)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tl = from_ics(data, **kwargs)
    assert all(issubclass(w.category, TimelineWarning) for w in caught), caught
    messages = [str(w.message) for w in caught]
    for message in messages:
        assert not REPR.search(message), message
    return tl, messages


# -- a path is not calendar data -------------------------------------------------------


def test_read_ics_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "cal.ics"
    path.write_bytes((DATA / "all-day.ics").read_bytes())
    assert read_ics(path) == from_ics(path.read_bytes())
    assert read_ics(str(path)) == from_ics(path.read_bytes())


def test_read_ics_is_reached_from_import_timeline() -> None:
    assert "read_ics" in timeline.__all__
    assert timeline.read_ics is read_ics


@pytest.mark.parametrize("wrap", [Path, os.fspath], ids=["Path", "str"])
def test_from_ics_refuses_a_file_name(tmp_path: Path, wrap: Any) -> None:
    """Before, the name was parsed as calendar text ('not a valid iCalendar file')."""
    path = tmp_path / "cal.ics"
    path.write_bytes((DATA / "all-day.ics").read_bytes())
    with pytest.raises(TimelineError, match=r"use timeline\.read_ics\(path\)"):
        from_ics(wrap(path))


@pytest.mark.parametrize("name", ["missing.ics", "Calendar.ICS", "  x.ical  "])
def test_from_ics_refuses_a_name_ending_like_a_calendar_file(name: str) -> None:
    with pytest.raises(TimelineError, match="is a file name, not calendar text"):
        from_ics(name)


def test_from_ics_refuses_the_name_of_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "calendar.txt"
    path.write_bytes((DATA / "all-day.ics").read_bytes())
    with pytest.raises(TimelineError, match="is a file name, not calendar text"):
        from_ics(str(path))


def test_calendar_text_is_still_read_as_text() -> None:
    text = (DATA / "all-day.ics").read_text("utf-8")
    assert from_ics(text) == from_ics(text.encode())
    assert from_ics("\ufeff" + text) == from_ics(text.encode())


def test_read_ics_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(TimelineError, match=r"nowhere\.ics: cannot read: no such file"):
        read_ics(tmp_path / "nowhere.ics")
    with pytest.raises(TimelineError, match="cannot read: it is a directory"):
        read_ics(tmp_path)
    bad = tmp_path / "bad.ics"
    bad.write_bytes(b"not a calendar")
    with pytest.raises(TimelineError, match=r"bad\.ics: not a valid iCalendar file"):
        read_ics(bad)


def test_read_ics_refuses_a_fifo_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.ics"
    os.mkfifo(fifo)
    with pytest.raises(TimelineError, match="pipe"):
        read_ics(fifo)


def test_read_ics_warnings_name_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "cal.ics"
    path.write_bytes(calendar(GOOD, vevent("UID:nostart@example.com", "SUMMARY:No start")))
    with pytest.warns(TimelineWarning) as caught:
        tl = read_ics(path)
    assert [e.id for e in tl] == ["good"]
    assert [str(w.message) for w in caught] == [
        f"{path}:9: event 'nostart@example.com': DTSTART: missing: skipped"
    ]


def test_load_of_a_calendar_suggests_read_ics(tmp_path: Path) -> None:
    """Before, a TOML parse error at line 1."""
    path = tmp_path / "cal.ics"
    path.write_bytes((DATA / "all-day.ics").read_bytes())
    with pytest.raises(TimelineLoadError) as info:
        load(path)
    assert str(info.value) == (
        f"{path}:1: an iCalendar file, not a timeline: read it with timeline.read_ics(),"
        " or convert it with `timeline import FILE -o OUT.toml`"
    )


# -- VEVENTs without a usable start --------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "warning"),
    [
        (("UID:x@example.com", "SUMMARY:S"), "line 9: event 'x@example.com': DTSTART: missing"),
        (("SUMMARY:Only a summary",), "line 9: event 'Only a summary': DTSTART: missing"),
        (("DTSTAMP:20170101T000000Z",), "line 9: DTSTART: missing"),
        (
            ("UID:x", "DTSTART:INVALID-DATE"),
            "line 9: event 'x': DTSTART: 'INVALID-DATE' is not a date or date-time",
        ),
        (
            ("UID:x", "DTSTART:20170101T100000Z", "DTSTART:20170102T100000Z"),
            "line 9: event 'x': DTSTART: given 2 times",
        ),
    ],
)
def test_an_event_without_a_usable_start_is_skipped(lines: tuple[str, ...], warning: str) -> None:
    """Before, the whole calendar was refused (with icalendar's words)."""
    data = calendar(GOOD, vevent(*lines))
    tl, messages = read(data)
    assert [e.id for e in tl] == ["good"]
    assert messages == [f"{warning}: skipped"]
    with pytest.raises(TimelineLoadError) as info:
        from_ics(data, strict=True)
    assert str(info.value) == f"{warning}: skipped"


def test_bare_vevents_without_vcalendar_are_read() -> None:
    """A file of VEVENTs (khal's, vdirsyncer's) was 'not an iCalendar file'."""
    tl, messages = read((THIRD / "khal-event_dt_two_tz.ics").read_bytes())
    assert messages == []
    (event,) = tl
    assert event.title == "An Event"
    # 10:30 in New York is 16:30 in Berlin
    assert event.when == When.parse("2014-04-09T09:30/2014-04-09T16:30", "Europe/Berlin")


def test_a_file_of_no_events_says_what_it_holds() -> None:
    with pytest.raises(TimelineError, match=r"no VCALENDAR or VEVENT \(the file holds VTODO\)"):
        from_ics(b"BEGIN:VTODO\r\nUID:t\r\nSUMMARY:a task\r\nEND:VTODO\r\n")
    with pytest.raises(TimelineError, match="a BEGIN line without its END line"):
        from_ics(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\nEND:VEVENT\r\n")


def test_components_that_are_not_events_are_named() -> None:
    """A calendar of tasks was read as an empty timeline, without a word."""
    todo = "BEGIN:VTODO\r\nUID:t\r\nSUMMARY:a task\r\nEND:VTODO\r\n"
    tl, messages = read(calendar(GOOD, todo, todo, "BEGIN:VJOURNAL\r\nUID:j\r\nEND:VJOURNAL\r\n"))
    assert [e.id for e in tl] == ["good"]
    assert messages == ["not read: 1 VJOURNAL, 2 VTODO (a timeline reads events, VEVENT)"]


def test_method_cancel_cancels_its_events() -> None:
    data = calendar(GOOD, head="METHOD:CANCEL\r\n")
    assert from_ics(data)["good"].status is Status.CANCELLED
    assert from_ics(data.replace(b"METHOD:CANCEL", b"METHOD:PUBLISH"))["good"].status is (
        Status.HAPPENED
    )


# -- broken properties ------------------------------------------------------------------


def test_a_broken_rule_keeps_the_first_occurrence() -> None:
    """Before: 'cannot read the calendar: Cannot access 'get' on broken property...'."""
    data = (THIRD / "icalendar-issue_1081_invalid_rrule_freq.ics").read_bytes()
    tl, messages = read(data)
    (event,) = tl
    assert event.when == When.parse("2025-01-01T10:00Z")
    assert messages == [
        "line 4: event 'test-123': RRULE: 'FREQ=INVALID_TYPE_CAUSES_ERROR' is not a valid"
        " recurrence rule: only the first occurrence is read"
    ]
    with pytest.raises(TimelineLoadError, match="is not a valid recurrence rule"):
        from_ics(data, strict=True)


def test_a_rule_that_cannot_be_expanded_keeps_the_first_occurrence() -> None:
    """Before: dateutil's "'<' not supported between instances of ..."."""
    tl, messages = read((THIRD / "icalendar-multiple_timezones.ics").read_bytes())
    assert sorted(e.id for e in tl) == [
        "test-vtime-floating",
        "test-vtime-named-timezone",
        "test-vtime-utc",
    ]
    assert tl["test-vtime-named-timezone"].when == When.parse(
        "2021-03-02T00:00", "America/New_York"
    )
    assert len(messages) == 3
    assert all(
        m.endswith(
            "RRULE: the recurrence cannot be expanded (its rule and dates do not fit together):"
            " only the first occurrence is read"
        )
        for m in messages
    )


def test_a_rule_of_another_calendar_scale_is_read_once() -> None:
    """Before: recurring-ical-events' 'UNTIL parameter is missing: RSCALE=CHINESE...'."""
    tl, messages = read((THIRD / "icalendar-rfc_7529.ics").read_bytes())
    assert tl["4-3-1"].when == When.parse("2013-02-10")
    assert (
        "line 5: event '4.3.1': RRULE: recurring event not expanded (RSCALE=CHINESE: rules"
        " with RSCALE or SKIP (RFC 7529) are not expanded): only its first start is read"
    ) in messages
    assert len(messages) == 4
    with pytest.warns(TimelineWarning):  # (not expanded is a warning, even strictly)
        from_ics((THIRD / "icalendar-rfc_7529.ics").read_bytes(), strict=True)


def test_a_broken_exdate_is_left_out() -> None:
    """Before: "recurring event '' cannot be expanded: Cannot access 'dts'..."."""
    tl, messages = read((THIRD / "icalendar-parsing_error.ics").read_bytes())
    assert messages == ["line 13: EXDATE: '' is not a list of dates: left out"]
    # two series without a UID are two series: 20 days each (the good EXDATE kept)
    assert len(tl) == 40


@pytest.mark.parametrize(
    ("lines", "field", "warning"),
    [
        (("DTEND:19970701T1100000Z",), "DTEND", "'19970701T1100000Z' is not a date, date-time"),
        (("DURATION:P999999999999999999W",), "DURATION", "'P999999999999999999W' is not a date"),
        (
            ("DTEND:20170101T110000Z", "DURATION:PT2H"),
            "DURATION",
            "both DTEND and DURATION are given: DURATION left out",
        ),
    ],
)
def test_a_broken_end_is_left_out(lines: tuple[str, ...], field: str, warning: str) -> None:
    data = calendar(vevent("UID:x", "SUMMARY:S", "DTSTART:20170101T100000Z", *lines))
    tl, messages = read(data)
    (message,) = messages
    assert message.startswith(f"line 4: event 'x': {field}: {warning}")
    assert tl["x"].when.earliest == dt.datetime(2017, 1, 1, 10, tzinfo=dt.UTC)
    with pytest.raises(TimelineLoadError):
        from_ics(data, strict=True)


def test_a_custom_zone_with_yearly_rules_is_read() -> None:
    """A VTIMEZONE whose rules start in 1967 was judged too costly to read
    over 9999 years, and its times read as UTC with a warning; its rules are
    read up to the years the calendar uses."""
    tl, messages = read((THIRD / "icalendar-america_new_york.ics").read_bytes())
    assert messages == []
    assert tl["noend123"].when == When.parse("2014-08-29T08:00-04:00/2014-08-29T10:00-04:00")


def test_overrides_without_a_start_are_skipped() -> None:
    """Before: "recurring event '' cannot be expanded: 'DTSTART'"."""
    tl, messages = read((THIRD / "icalendar-issue_722_missing_timezones.ics").read_bytes())
    assert messages == [
        "not read: 1 VTODO (a timeline reads events, VEVENT)",
        "line 9: DTSTART: missing: skipped",
        "line 15: DTSTART: missing: skipped",
    ]
    assert [e.when for e in tl] == [
        When.parse("2014-08-29T08:00/2014-08-29T11:00", "America/New_York")
    ]


@pytest.mark.parametrize("path", sorted(THIRD.glob("*.ics")), ids=lambda p: p.name)
def test_third_party_files_are_read_and_saved(path: Path) -> None:
    """No error, no crash; every warning in our words; the result saves and loads back."""
    tl, _ = read(path.read_bytes())
    assert timeline.loads(timeline.dumps(tl)) == tl


def test_warnings_are_capped_like_the_loaders_problems() -> None:
    """A calendar of 150 events without a start gave 150 warnings (a hostile
    file of a million, a million): the first 100 are given, then how many more."""
    data = calendar(*(vevent(f"UID:u{i}", "SUMMARY:s") for i in range(150)))
    tl, messages = read(data)
    assert len(tl) == 0
    assert len(messages) == 101
    assert messages[0] == "line 4: event 'u0': DTSTART: missing: skipped"
    assert messages[99] == "line 400: event 'u99': DTSTART: missing: skipped"
    assert messages[100] == "50 more warnings not shown (the first 100 are)"


# -- ids ----------------------------------------------------------------------------------


def test_ids_from_summaries() -> None:
    data = (DATA / "google-calendar.ics").read_bytes()
    by_uid = from_ics(data)
    by_summary = from_ics(data, ids="summary")
    assert "7kukuqrfedlm2f9t0vl9bm4ct3" in [e.id for e in by_uid]
    assert [e.id for e in by_summary] == [
        timeline.make_id(e.title) if e.title.strip() else e.id for e in by_summary
    ]
    assert "remarks-at-the-field-office" in [e.id for e in by_summary]
    # the same events otherwise
    assert [(e.title, e.when) for e in by_summary] == [(e.title, e.when) for e in by_uid]


def test_ids_from_summaries_of_occurrences_and_alike_titles() -> None:
    data = calendar(
        vevent("UID:a", "SUMMARY:Café meeting", "DTSTART;VALUE=DATE:20170905"),
        vevent("UID:b", "SUMMARY:Café meeting", "DTSTART;VALUE=DATE:20170906"),
        vevent(
            "UID:c", "SUMMARY:Stand-up", "DTSTART;VALUE=DATE:20170904", "RRULE:FREQ=DAILY;COUNT=2"
        ),
        vevent("UID:d@x", "SUMMARY:!!!", "DTSTART;VALUE=DATE:20170907"),
    )
    assert sorted(e.id for e in from_ics(data, ids="summary")) == [
        "cafe-meeting",
        "cafe-meeting-2",
        "d",  # (no word in the summary: the UID's)
        "stand-up-20170904",
        "stand-up-20170905",
    ]


def test_ids_must_be_uid_or_summary() -> None:
    with pytest.raises(TimelineError, match="ids='title' is not one of 'uid', 'summary'"):
        from_ics(calendar(GOOD), ids="title")  # type: ignore[arg-type]


# -- laws ---------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tl=timelines())
def test_a_broken_event_never_costs_the_others(tl: Timeline) -> None:
    """Any calendar we write, with a VEVENT without a start added, reads back
    equal, with one warning; strictly, it is refused."""
    data = to_ics(tl, stamp=STAMP)
    end = data.rindex(b"END:VCALENDAR")
    broken = data[:end] + vevent("UID:broken", "SUMMARY:broken").encode() + data[end:]
    back, messages = read(broken)
    assert back == tl
    assert len(messages) == 1
    assert messages[0].endswith("event 'broken': DTSTART: missing: skipped")
    with pytest.raises(TimelineLoadError):
        from_ics(broken, strict=True)
    assert from_ics(data, strict=True) == tl
