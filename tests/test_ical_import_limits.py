"""Hostile calendars: `from_ics` stays bounded and says what it changed.

Deep JSON, recurrence bombs, inputs that were quadratic, huge input, line
separators, unknown zones and over-long text.  What is read but not as
written comes with a :class:`TimelineWarning` naming the event.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from typing import Any

import pytest

import timeline
from benchmarks.run import hostile_calendars
from timeline import _ical_limits
from timeline.errors import TimelineError, TimelineWarning
from timeline.ical import to_ics
from timeline.ical_import import EXPAND_LIMIT, RECURRENCE_LIMIT, from_ics
from timeline.models import Event, Place, Source, Timeline
from timeline.toml_io import MAX_LONG_TEXT, MAX_SHORT_TEXT, dumps, loads
from timeline.when import When

STAMP = dt.datetime(2017, 10, 1, tzinfo=dt.UTC)


def calendar(*events: str, head: str = "") -> bytes:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        + head
        + "".join(events)
        + "END:VCALENDAR\r\n"
    ).encode()


def vevent(uid: str, *lines: str, start: str = "DTSTART:20170101T100000Z") -> str:
    body = "".join(line + "\r\n" for line in lines)
    head = f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20170101T000000Z\r\n{start}\r\n"
    return f"{head}{body}END:VEVENT\r\n"


def read_warning(data: bytes, **kwargs: Any) -> tuple[Timeline, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tl = from_ics(data, **kwargs)
    assert all(issubclass(w.category, TimelineWarning) for w in caught), caught
    return tl, [str(w.message) for w in caught]


def saves_and_loads(tl: Timeline) -> None:
    assert loads(dumps(tl)) == tl


# -- deep JSON ------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["event", "calendar"])
def test_deep_json_is_a_timeline_error(where: str) -> None:
    deep = "[" * 100_000
    if where == "event":
        data = calendar(vevent("x", f"X-TIMELINE-JSON:{deep}"))
    else:
        data = calendar(vevent("x"), head=f"X-TIMELINE-JSON:{deep}\r\n")
    with pytest.raises(TimelineError, match="nested more than 32 deep"):
        from_ics(data)


def test_json_depth_ignores_brackets_in_strings() -> None:
    _ical_limits.check_json_depth('{"a":"' + "[" * 1000 + '\\"]"}', "x")
    with pytest.raises(TimelineError):
        _ical_limits.check_json_depth('{"a":' * 33 + "1" + "}" * 33, "x")


# -- recurrence bombs ---------------------------------------------------------------


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=SECONDLY",
        "FREQ=MINUTELY",
        "FREQ=DAILY;INTERVAL=0",
        "FREQ=WEEKLY;INTERVAL=-1",
        "FREQ=YEARLY;BYMONTH=1,2,3,4,5,6,7,8,9,10,11,12;BYMONTHDAY="
        + ",".join(str(d) for d in range(1, 32))
        + ";BYHOUR="
        + ",".join(str(h) for h in range(24))
        + ";BYMINUTE="
        + ",".join(str(m) for m in range(60))
        + ";BYSECOND="
        + ",".join(str(s) for s in range(60)),
    ],
)
def test_a_recurrence_bomb_is_read_once_with_a_warning(rule: str) -> None:
    tl, messages = read_warning(calendar(vevent("bomb", f"RRULE:{rule}", "SUMMARY:Bomb")))
    (event,) = tl
    assert event.when == When.parse("2017-01-01T10:00Z")
    (message,) = messages
    # (the line of its BEGIN:VEVENT)
    assert message.startswith("line 4: event 'bomb': RRULE: recurring event not expanded (RRULE ")
    assert message.endswith("only its first start is read")


def test_hourly_is_expanded_lazily_to_the_limit() -> None:
    """Without a COUNT: the first RECURRENCE_LIMIT occurrences, no more built."""
    tl = from_ics(calendar(vevent("h", "RRULE:FREQ=HOURLY")))
    assert len(tl) == RECURRENCE_LIMIT
    assert tl.events[-1].when == When.parse("2017-01-22T05:00Z")  # 499 hours on


def test_rule_cost_is_an_upper_bound() -> None:
    ten_years = _ical_limits.series_seconds(10)
    assert _ical_limits.rule_cost({"FREQ": ["WEEKLY"]}, ten_years) == 522
    assert _ical_limits.rule_cost({"FREQ": ["WEEKLY"], "BYDAY": ["MO", "TH"]}, ten_years) == (
        522 * 7
    )
    assert (_ical_limits.rule_cost({"FREQ": ["SECONDLY"]}, ten_years) or 0) > 300_000_000
    assert _ical_limits.rule_cost({"FREQ": ["DAILY"], "INTERVAL": [0]}, ten_years) is None


def test_until_is_kept_when_count_caps_the_rule() -> None:
    tl = from_ics(calendar(vevent("u", "RRULE:FREQ=DAILY;UNTIL=20170105T100000Z")))
    assert [str(e.when) for e in tl] == [f"2017-01-0{d}T10:00Z" for d in range(1, 6)]


def test_the_occurrences_of_a_calendar_are_capped_in_all() -> None:
    """Ten weekly series of 500 occurrences: 2,000 by default, with a warning
    for each series cut or not expanded; ``expand=`` raises or lowers the cap."""
    series = [vevent(f"s{i:02d}", "RRULE:FREQ=WEEKLY") for i in range(10)]
    data = calendar(*series)
    tl, messages = read_warning(data)
    assert len(tl) == EXPAND_LIMIT + 6  # s00-s03 fully, s04-s09 once each
    assert len(messages) == 6
    assert "more than 2,000 occurrences in the calendar" in messages[0]
    tl = from_ics(data, expand=10 * RECURRENCE_LIMIT)
    assert len(tl) == 10 * RECURRENCE_LIMIT
    tl, messages = read_warning(data, expand=0)
    assert len(tl) == 10
    assert len(messages) == 10


def test_a_partly_expanded_series_says_so() -> None:
    tl, messages = read_warning(calendar(vevent("w", "RRULE:FREQ=WEEKLY")), expand=3)
    assert len(tl) == 3
    (message,) = messages
    assert "cut to its first 3 occurrences" in message


@pytest.mark.parametrize("expand", [-1, 1.5, "all", True])
def test_expand_must_be_a_count(expand: Any) -> None:
    with pytest.raises(TimelineError, match="expand="):
        from_ics(calendar(vevent("x")), expand=expand)


def test_a_vtimezone_with_a_recurrence_bomb_is_not_read() -> None:
    zone = (
        "BEGIN:VTIMEZONE\r\nTZID:Bomb\r\n"
        "BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nRRULE:FREQ=SECONDLY\r\n"
        "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\nEND:STANDARD\r\n"
        "BEGIN:DAYLIGHT\r\nDTSTART:19700101T000000\r\nRRULE:FREQ=SECONDLY;BYSECOND=30\r\n"
        "TZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
    )
    data = calendar(
        vevent("e", start="DTSTART;TZID=Bomb:20170101T120000"),
        vevent("r", "RRULE:FREQ=DAILY", start="DTSTART;TZID=Bomb:20170101T120000"),
        head=zone,
    )
    tl, messages = read_warning(data)
    assert [str(e.when) for e in tl] == ["2017-01-01T12:00Z", "2017-01-01T12:00Z"]
    assert [m.split(" (")[0] for m in messages] == [
        "line 19: event 'e': DTSTART: time zone 'Bomb' not read",
        "line 24: event 'r': RRULE: recurring event not expanded",
        "line 24: event 'r': DTSTART: time zone 'Bomb' not read",
    ]
    assert messages[0].endswith("at most 1,000,000): read as UTC")


# -- what was quadratic ---------------------------------------------------------------


def test_hostile_calendars_import_in_one_pass() -> None:
    """Events sharing one UID or with none, many CATEGORIES, many URLs (the
    benchmark's calendars; `python -m benchmarks.run --only ics_import` times
    them at 100,000)."""
    n = 500
    cals = hostile_calendars(n)
    same = from_ics(cals["one UID"])
    assert {e.id for e in same} == {"same", *(f"same-{i}" for i in range(2, n + 1))}
    assert len(from_ics(cals["no UID"])) == n
    (tagged,) = from_ics(cals["CATEGORIES"])
    assert tagged.tags == tuple(f"tag{i}" for i in range(n))
    urls = from_ics(cals["URLs"])
    assert len(urls.sources) == n
    assert all(len(e.sources) == 1 for e in urls)


def test_ids_count_on_from_the_last_number_taken() -> None:
    namer = _ical_limits.Namer(["a", "a-2"])
    assert [namer.unique("a") for _ in range(3)] == ["a-3", "a-4", "a-5"]
    assert namer.unique("") == "event"
    assert namer._next == {"a": 6}  # one step per id, not a count from 2 each time


def test_repeated_categories_and_urls_are_shared() -> None:
    data = calendar(
        vevent("a", "CATEGORIES:x,y,x", "URL:https://example.org/"),
        vevent("b", "CATEGORIES:y", "URL:https://example.org/"),
    )
    tl = from_ics(data)
    assert tl["a"].tags == ("x", "y")
    assert len(tl.sources) == 1
    assert tl["a"].sources == tl["b"].sources


# -- size -------------------------------------------------------------------------------


def test_a_calendar_over_64_mib_is_refused() -> None:
    data = calendar(vevent("x")) + b" " * (64 * 1024 * 1024)
    with pytest.raises(TimelineError, match=r"too big \(67,10\d,\d{3} bytes; at most 67,108,864\)"):
        from_ics(data)


# -- line separators ---------------------------------------------------------------------

_SEPARATORS = "\x85\u2028\u2029\x0b\x0c\x1c\x1d\x1e"


def test_line_separators_never_reach_the_file() -> None:
    text = "a" + "b".join(_SEPARATORS) + "c"
    tl = Timeline(
        f"T{text}",
        [
            Event(
                "e",
                f"title {text}",
                When.parse("2017-09-01"),
                summary=f"summary {text}",
                tags=[f"tag {text}"],
                places=[Place(f"place {text}")],
            )
        ],
        [Source("s", f"source {text}")],
        description=f"description {text}",
    )
    data = to_ics(tl, stamp=STAMP)
    found = {c for c in data.decode("utf-8") if c in _SEPARATORS}
    assert not found, sorted(f"U+{ord(c):04X}" for c in found)
    assert from_ics(data) == tl
    # the calendar program sees a line break
    assert b"SUMMARY:title a\\nb\\nb\\nb" in data


# -- unknown time zones -------------------------------------------------------------------


@pytest.mark.parametrize("tzid", ["Mars/Olympus", "../../etc/passwd"])
def test_an_unknown_zone_is_read_as_utc_with_a_warning(tzid: str) -> None:
    event_text = vevent(
        "m", f"DTEND;TZID={tzid}:20170101T130000", start=f"DTSTART;TZID={tzid}:20170101T120000"
    )
    tl, messages = read_warning(calendar(event_text))
    (event,) = tl
    assert event.when == When.parse("2017-01-01T12:00Z/2017-01-01T13:00Z")
    assert messages == [
        f"line 4: event 'm': DTSTART: unknown time zone {tzid!r}: read as UTC",
        f"line 4: event 'm': DTEND: unknown time zone {tzid!r}: read as UTC",
    ]


def test_an_unknown_zone_falls_back_to_the_calendars_zone() -> None:
    data = calendar(
        vevent("m", start="DTSTART;TZID=Mars/Olympus:20171105T013000"),
        head="X-WR-TIMEZONE:America/New_York\r\n",
    )
    tl, messages = read_warning(data)
    (event,) = tl
    assert event.when == When.parse("2017-11-05T01:30-04:00", "America/New_York")
    assert messages == [
        "line 5: event 'm': DTSTART: unknown time zone 'Mars/Olympus':"
        " read in America/New_York, the calendar's X-WR-TIMEZONE"
    ]


def test_timeline_warning_is_public_and_carries_the_problem() -> None:
    assert timeline.TimelineWarning is TimelineWarning
    assert issubclass(TimelineWarning, UserWarning)
    with pytest.warns(TimelineWarning, match="unknown time zone") as record:
        from_ics(calendar(vevent("m", start="DTSTART;TZID=Mars/Olympus:20170101T120000")))
    (warning,) = record
    assert isinstance(warning.message, TimelineWarning)
    assert (warning.message.problem.event, warning.message.problem.field) == ("m", "DTSTART")
    assert warning.filename == __file__  # attributed to the caller of from_ics


# -- over-long text ------------------------------------------------------------------------


def test_over_long_text_is_cut_so_that_the_timeline_saves_and_loads() -> None:
    data = calendar(
        vevent(
            "long",
            "SUMMARY:" + "s" * (MAX_SHORT_TEXT + 1),
            "CATEGORIES:" + "c" * 2_000 + ",ok",
            "DESCRIPTION:" + "d" * 200_000,
            "LOCATION:" + "l" * 1_500,
            "URL:https://example.org/" + "u" * 2_000,
        ),
        head="X-WR-CALNAME:" + "n" * 1_001 + "\r\n",
    )
    tl, messages = read_warning(data)
    (event,) = tl
    assert len(event.title) == MAX_SHORT_TEXT
    assert event.tags == ("c" * MAX_SHORT_TEXT, "ok")
    assert len(event.summary) == MAX_LONG_TEXT
    assert event.places == (Place("l" * MAX_SHORT_TEXT),)
    assert len(tl.title) == MAX_SHORT_TEXT
    (source,) = tl.sources
    assert len(source.title) == MAX_SHORT_TEXT
    assert source.url is not None
    assert len(source.url) == 2_020
    assert sorted(messages) == sorted(
        [
            "calendar name: 1,001 characters cut to 1,000",
            "event 'long': CATEGORIES: 2,000 characters cut to 1,000",
            "event 'long': LOCATION: 1,500 characters cut to 1,000",
            "event 'long': SUMMARY: 1,001 characters cut to 1,000",
            "event 'long': DESCRIPTION: 200,000 characters cut to 100,000",
        ]
    )
    saves_and_loads(tl)


def test_warnings_follow_the_test_policy() -> None:
    """pytest turns warnings into errors here (filterwarnings = error)."""
    with pytest.raises(TimelineWarning):
        from_ics(calendar(vevent("m", start="DTSTART;TZID=Mars/Olympus:20170101T120000")))


def test_no_warning_for_a_clean_calendar() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tl = from_ics(calendar(vevent("a", "SUMMARY:A", "RRULE:FREQ=DAILY;COUNT=3")))
    assert len(tl) == 3
    assert re.fullmatch(r"a-20170101t100000", tl.events[0].id)


def test_rdate_lists_are_cut_to_the_limit_before_expansion() -> None:
    days = ",".join(
        (dt.date(2017, 1, 1) + dt.timedelta(days=i)).strftime("%Y%m%d") for i in range(3_000)
    )
    data = calendar(vevent("r", f"RDATE;VALUE=DATE:{days}", start="DTSTART;VALUE=DATE:20170101"))
    tl = from_ics(data)
    assert len(tl) == RECURRENCE_LIMIT
    assert tl.events[-1].when == When.parse("2018-05-15")  # the 500th day
