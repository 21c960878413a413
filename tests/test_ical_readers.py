"""Details of our iCalendar and CSV output that other programs read wrongly.

Each test reads the file with a program we did not write (vobject, ical,
icalendar) or checks the lines those programs trip over, and compares the
instants read with the timeline's own.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
from typing import Any

import icalendar
import pytest

from timeline.export import to_csv
from timeline.ical import from_ics, to_ics
from timeline.models import Event, Timeline
from timeline.when import When

STAMP = dt.datetime(2017, 10, 1, tzinfo=dt.UTC)
NEW_YORK = "America/New_York"
ZONES = ("America/New_York", "Europe/Paris", "Australia/Sydney")


def fall_back_night() -> Timeline:
    """The two 01:30 of 5 November 2017 in New York, and a time alone (the later one)."""
    return Timeline(
        "Fall back",
        [
            Event("first", "First 01:30", When.parse("2017-11-05T01:30-04:00", NEW_YORK)),
            Event("second", "Second 01:30", When.parse("2017-11-05T01:30-05:00", NEW_YORK)),
            Event("plain", "01:30 alone", When.parse("2017-11-05T01:30", NEW_YORK)),
            Event("before", "00:30", When.parse("2017-11-05T00:30", NEW_YORK)),
            Event("after", "03:00", When.parse("2017-11-05T03:00", NEW_YORK)),
        ],
    )


def many_years() -> Timeline:
    """Noon on two days a year, 1990-2039, in zones with daylight saving
    (both hemispheres): VTIMEZONEs with many transitions."""
    return Timeline(
        "Many years",
        [
            Event(f"z{z}-{year}-{month}", "t", When.parse(f"{year}-{month:02d}-15T12:00", zone))
            for z, zone in enumerate(ZONES)
            for year in range(1990, 2040)
            for month in (1, 7)
        ],
    )


@functools.cache
def many_years_ics() -> bytes:
    return to_ics(many_years(), stamp=STAMP)


def utc(value: Any) -> dt.datetime:
    assert isinstance(value, dt.datetime)
    assert value.tzinfo is not None
    return value.astimezone(dt.UTC)


def expected(tl: Timeline) -> dict[str, dt.datetime]:
    return {e.id: utc(e.when.earliest) for e in tl}


def read_with_vobject(data: bytes) -> dict[str, dt.datetime]:
    import vobject

    # vobject keeps the first VTIMEZONE it reads for a TZID for the rest of
    # the process and ignores later ones: read each file as a fresh process would
    registry: dict[str, Any] = vars(vobject.icalendar)["__tzidMap"]
    saved = dict(registry)
    registry.clear()
    registry["UTC"] = saved["UTC"]
    try:
        cal = vobject.readOne(data.decode("utf-8"), validate=True)
        return {
            ve.contents["x-timeline-id"][0].value: utc(ve.dtstart.value) for ve in cal.vevent_list
        }
    finally:
        registry.clear()
        registry.update(saved)


def read_with_ical(data: bytes) -> dict[str, dt.datetime]:
    from ical.calendar_stream import IcsCalendarStream

    cal = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    return {e.uid.split("@")[0]: utc(e.dtstart) for e in cal.events}


def read_with_icalendar(data: bytes) -> dict[str, dt.datetime]:
    cal = icalendar.Calendar.from_ical(data)
    return {str(e["X-TIMELINE-ID"]): utc(e.start) for e in cal.events}


READERS = [read_with_vobject, read_with_ical, read_with_icalendar]


# -- a local time that happens twice ------------------------------------------------


@pytest.mark.parametrize("reader", READERS, ids=lambda f: f.__name__[len("read_with_") :])
def test_both_fall_back_times_are_read_at_their_instant(reader: Any) -> None:
    tl = fall_back_night()
    assert reader(to_ics(tl, stamp=STAMP)) == expected(tl)


def test_a_repeated_local_time_is_written_in_utc() -> None:
    """RFC 5545 reads ``TZID=America/New_York:20171105T013000`` as the first
    01:30, ical.js as the second: neither is written so."""
    data = to_ics(fall_back_night(), stamp=STAMP)
    assert b"20171105T013000" not in data
    assert b"DTSTART:20171105T053000Z\r\n" in data  # 01:30 EDT
    assert data.count(b"DTSTART:20171105T063000Z\r\n") == 2  # 01:30 EST, twice
    # times that happen once keep their zone
    assert b"DTSTART;TZID=America/New_York:20171105T003000\r\n" in data
    assert b"DTSTART;TZID=America/New_York:20171105T030000\r\n" in data
    # and our own copy of the date still comes back exactly
    assert from_ics(data) == fall_back_night()


def test_an_end_one_minute_later_is_added_to_the_instant() -> None:
    """01:59 EDT lasts until 01:00 EST (the wall clock goes back), not 02:00."""
    tl = Timeline("T", [Event("e", "t", When.parse("2017-11-05T01:59-04:00", NEW_YORK))])
    cal = icalendar.Calendar.from_ical(to_ics(tl, stamp=STAMP))
    (event,) = cal.events
    assert utc(event.end) - utc(event.start) == dt.timedelta(minutes=1)


def _foreign(dtstart: str) -> bytes:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:e1\r\nDTSTAMP:20170101T000000Z\r\n{dtstart}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


@pytest.mark.parametrize(
    ("dtstart", "edtf", "instant"),
    [
        # RFC 5545 3.3.5: a repeated local time is the first occurrence...
        ("20171105T013000", "2017-11-05T01:30-04:00", dt.datetime(2017, 11, 5, 5, 30)),
        # ...and a skipped one is read with the offset before the gap
        ("20170312T023000", "2017-03-12T03:30", dt.datetime(2017, 3, 12, 7, 30)),
        ("20171105T003000", "2017-11-05T00:30", dt.datetime(2017, 11, 5, 4, 30)),
    ],
)
def test_import_reads_repeated_and_skipped_local_times_as_rfc_5545(
    dtstart: str, edtf: str, instant: dt.datetime
) -> None:
    (event,) = from_ics(_foreign(f"DTSTART;TZID={NEW_YORK}:{dtstart}"))
    assert event.when == When.parse(edtf, NEW_YORK)
    assert utc(event.when.earliest) == instant.replace(tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("dates", "edtf"),
    [
        ("DTSTART:20171105T013000", "2017-11-05T01:30-04:00"),
        ("DTSTART:20170312T023000", "2017-03-12T03:30"),
        ("DTSTART:20170312T013000\r\nDTEND:20170312T023000", "2017-03-12T01:30/2017-03-12T03:30"),
    ],
)
def test_floating_times_in_the_calendars_zone_are_read_as_tzid_times(dates: str, edtf: str) -> None:
    """Google's X-WR-TIMEZONE gives floating times a zone: a time the clocks
    skip no longer makes the whole calendar unreadable."""
    data = _foreign(dates).replace(b"PRODID", f"X-WR-TIMEZONE:{NEW_YORK}\r\nPRODID".encode())
    (event,) = from_ics(data)
    assert event.when == When.parse(edtf, NEW_YORK)


# -- VTIMEZONE ----------------------------------------------------------------------


def _vtimezone_lines(data: bytes) -> list[str]:
    text = data.decode("utf-8").replace("\r\n ", "")  # unfolded
    blocks = re.findall(r"BEGIN:VTIMEZONE\r\n.*?END:VTIMEZONE\r\n", text, re.S)
    assert blocks
    return [line for block in blocks for line in block.split("\r\n")]


def test_rdate_lines_carry_one_date_each() -> None:
    lines = _vtimezone_lines(many_years_ics())
    rdates = [line for line in lines if line.startswith("RDATE")]
    assert len(rdates) > 100
    assert all("," not in line for line in rdates), [r for r in rdates if "," in r][:3]


def test_vtimezone_has_no_comment() -> None:
    """libical refuses COMMENT in a VTIMEZONE (iTIP restrictions)."""
    lines = _vtimezone_lines(many_years_ics())
    assert not [line for line in lines if line.startswith("COMMENT")]


@pytest.mark.parametrize("reader", READERS, ids=lambda f: f.__name__[len("read_with_") :])
def test_zoned_events_over_many_years_are_read_at_their_instant(reader: Any) -> None:
    """vobject (like ical.js) took only the first date of an RDATE line, so
    most events after the first year came out an hour off."""
    tl = many_years()
    got = reader(many_years_ics())
    want = expected(tl)
    wrong = sorted(k for k in want if got.get(k) != want[k])
    assert not wrong, f"{len(wrong)} of {len(want)} read wrongly, e.g. {wrong[:3]}"


# -- CSV ----------------------------------------------------------------------------

_ISO_8601: re.Pattern[str] = re.compile(
    r"\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?)?"
)


def test_csv_instants_are_iso_8601_with_minute_offsets() -> None:
    """Paris kept local mean time (+00:09:21) until 1911: ISO 8601 has no
    seconds in an offset, so such instants are written in UTC."""
    tl = Timeline(
        "Old times",
        [
            Event("paris", "t", When.parse("1890-01-01T12:00:30", "Europe/Paris")),
            Event("amsterdam", "t", When.parse("1890-01-01T12:00/1890-01-02", "Europe/Amsterdam")),
            Event("modern", "t", When.parse("2017-09-19T13:00", "America/Los_Angeles")),
            Event("day", "t", When.parse("1890-01-01")),
        ],
    )
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(to_csv(tl)))}
    for row in rows.values():
        for column in ("earliest", "latest"):
            assert _ISO_8601.fullmatch(row[column]), (row["id"], column, row[column])
    paris = tl["paris"].when.earliest
    assert dt.datetime.fromisoformat(rows["paris"]["earliest"]) == paris
    assert rows["paris"]["earliest"] == "1890-01-01T11:51:09+00:00"
    assert rows["modern"]["earliest"] == "2017-09-19T13:00:00-07:00"  # kept local
