"""Eras: named periods of a timeline (``[[eras]]``), in the model, the file and the exports."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
import tomli

from timeline import Era, Event, Timeline, TimelineError, When, dumps, load, loads
from timeline.codec import era_to_data, from_data, to_data
from timeline.export import to_csv, to_timelinejs
from timeline.ical import from_ics, to_ics
from timeline.patch import patch

DATA = Path(__file__).resolve().parent / "data"


def _w(text: str, tz: str | None = None) -> When:
    return When.parse(text, tz)


SAFE_CITY = Era("Operation Safe City", _w("2017-09-24/2017-09-27"), colour="#cc6677")
HOMAN = Era("Homan, acting director", _w("2017-01-30/2018-06-30"))


def _tl(*eras: Era) -> Timeline:
    return Timeline("T", [Event("a", "A", _w("2017-09-25"))], eras=eras)


# -- the model ---------------------------------------------------------------------------


BAD_ERAS: list[tuple[Callable[[], object], str]] = [
    (lambda: Era("", _w("2017")), "Era.title: must not be empty"),
    (lambda: Era("x" * 1001, _w("2017")), "Era.title: too long (1,001 characters; at most 1,000)"),
    (
        lambda: Era("x", "2017"),  # type: ignore[arg-type]
        "Era.when: expected a When (use When.parse), found string '2017'",
    ),
    (
        lambda: Era("x", _w("2017-01-30/..")),
        "Era.when: '2017-01-30/..' has an open or unknown end: an era needs its start and its end",
    ),
    (
        lambda: Era("x", _w("2017-01-30/")),
        "Era.when: '2017-01-30/' has an open or unknown end: an era needs its start and its end",
    ),
    (
        lambda: Era("x", _w("../2017-01-30")),
        "Era.when: '../2017-01-30' has an open or unknown end: an era needs its start and its end",
    ),
    (
        lambda: Era("x", _w("[2017-09-28,2017-10-02]")),
        "Era.when: '[2017-09-28,2017-10-02]' is a set of dates:"
        " an era is one period (a date or an interval)",
    ),
    (
        lambda: Era("x", _w("2017"), colour="red"),
        "Era.colour: 'red' is not a colour (write # and six hexadecimal digits: #4477aa)",
    ),
    (
        lambda: Era("x", _w("2017"), colour="#12345"),
        "Era.colour: '#12345' is not a colour (write # and six hexadecimal digits: #4477aa)",
    ),
    (
        lambda: Era("x", _w("2017"), colour=0x123456),  # type: ignore[arg-type]
        "Era.colour: expected a string, found integer 1193046",
    ),
    (
        lambda: Timeline("T", eras=["x"]),  # type: ignore[list-item]
        "Timeline.eras: 'x' must be an Era",
    ),
]


@pytest.mark.parametrize(("make", "message"), BAD_ERAS, ids=[m for _, m in BAD_ERAS])
def test_a_bad_era_is_refused_naming_field_and_value(
    make: Callable[[], object], message: str
) -> None:
    with pytest.raises(TimelineError) as exc:
        make()
    assert str(exc.value) == message


def test_an_era_is_a_date_or_an_interval_with_both_ends() -> None:
    assert Era("A month", _w("2017-09")).when.edtf == "2017-09"
    assert Era("Vague ends", _w("2017-01~/2018-06?")).colour is None
    assert Era("Hours", _w("2017-09-28T09:00/2017-09-28T17:00", "America/New_York")).when.tz


def test_a_timelines_eras_are_kept_in_order_of_their_start() -> None:
    tl = _tl(SAFE_CITY, HOMAN)
    assert tl.eras == (HOMAN, SAFE_CITY)
    assert tl == _tl(HOMAN, SAFE_CITY)
    assert Timeline("T").eras == ()
    assert attrs.evolve(tl, title="U").eras == tl.eras


# -- the file ------------------------------------------------------------------------------


def test_eras_are_written_after_the_sources_and_before_the_events() -> None:
    tl = load(DATA / "good" / "full.toml")
    text = dumps(tl)
    assert text.index("[[sources]]") < text.index("[[eras]]") < text.index("[[events]]")
    assert [e.title for e in tl.eras] == ["Operation Safe City", "A working day in New York"]
    safe_city = tl.eras[0]
    assert safe_city.colour == "#CC6677"  # as written
    assert tl.eras[1].when == _w("2017-09-28T09:00/2017-09-28T17:00", "America/New_York")
    assert '[[eras]]\ntitle = "Operation Safe City"\nwhen = "2017-09-24/2017-09-27"\n' in text
    assert loads(text) == tl
    assert dumps(loads(text)) == text


def test_eras_written_after_the_events_are_read_too() -> None:
    text = dumps(_tl(SAFE_CITY, HOMAN))
    head, events = text.split("\n[[events]]\n")
    eras_at = head.index("\n[[eras]]\n")
    moved = head[:eras_at] + "\n[[events]]\n" + events + head[eras_at:]
    assert moved.index("[[events]]") < moved.index("[[eras]]")
    assert loads(moved) == _tl(SAFE_CITY, HOMAN)


def test_a_bad_era_in_a_file_is_named_with_its_line_and_field() -> None:
    text = 'title = "T"\n\n[[eras]]\ntitle = "Open"\nwhen = "2017/.."\n'
    with pytest.raises(TimelineError) as exc:
        loads(text, source="f.toml")
    assert str(exc.value) == (
        "f.toml:5: eras[0].when: '2017/..' has an open or unknown end:"
        " an era needs its start and its end"
    )
    with pytest.raises(TimelineError, match=r"^eras: expected an array of tables, found string"):
        from_data({"title": "T", "eras": "x"})


def test_plain_data_of_an_era() -> None:
    assert era_to_data(SAFE_CITY) == {
        "title": "Operation Safe City",
        "when": "2017-09-24/2017-09-27",
        "colour": "#cc6677",
    }
    timed = Era("Hours", _w("2017-09-28T09:00/2017-09-28T17:00", "America/New_York"))
    assert era_to_data(timed)["tz"] == "America/New_York"
    data = to_data(_tl(SAFE_CITY))
    assert list(data) == ["title", "eras", "events"]
    assert from_data(data) == _tl(SAFE_CITY)
    assert tomli.loads(dumps(_tl(SAFE_CITY)))["eras"] == data["eras"]


# -- the exports -------------------------------------------------------------------------


def test_timelinejs_has_the_eras() -> None:
    one_day = Era("<b>One day</b>", _w("2017-09-24"))
    out = to_timelinejs(_tl(SAFE_CITY, HOMAN, one_day))
    assert out["eras"] == [
        {
            "start_date": {"year": 2017, "month": 1, "day": 30},
            "end_date": {"year": 2018, "month": 6, "day": 30},
            "text": {"headline": "Homan, acting director"},
        },
        {  # both dates are required: a day ends on its start
            "start_date": {"year": 2017, "month": 9, "day": 24},
            "end_date": {"year": 2017, "month": 9, "day": 24},
            "text": {"headline": "&lt;b&gt;One day&lt;/b&gt;"},
        },
        {
            "start_date": {"year": 2017, "month": 9, "day": 24},
            "end_date": {"year": 2017, "month": 9, "day": 27},
            "text": {"headline": "Operation Safe City"},
        },
    ]
    assert "eras" not in to_timelinejs(_tl())
    json.dumps(out)


def test_icalendar_carries_the_eras_in_the_calendars_json() -> None:
    tl = _tl(SAFE_CITY, HOMAN)
    data = to_ics(tl)
    assert data.count(b"BEGIN:VEVENT") == 1  # an era is no calendar event
    assert from_ics(data) == tl
    assert from_ics(to_ics(tl, lossless=False)).eras == ()


def test_csv_has_no_place_for_eras() -> None:
    assert to_csv(_tl(SAFE_CITY)) == to_csv(_tl())


# -- operations and saving ---------------------------------------------------------------


def test_subsets_merges_and_diffs_keep_the_eras() -> None:
    tl = _tl(SAFE_CITY)
    assert tl.subset([]).eras == (SAFE_CITY,)
    assert tl.filter(text="nothing like it").eras == (SAFE_CITY,)
    other = _tl(HOMAN)
    assert tl.merge(_tl()).timeline.eras == (SAFE_CITY,)
    assert _tl().merge(tl).timeline.eras == (SAFE_CITY,)  # theirs, when ours has none
    assert tl.merge(other).timeline.eras == (SAFE_CITY,)
    found = tl.diff(other)
    assert [f.field for f in found.fields] == ["eras"]
    assert found.apply(tl) == other


def test_saving_an_event_leaves_the_eras_byte_for_byte() -> None:
    text = dumps(_tl(SAFE_CITY, HOMAN)).replace(
        "[[eras]]\n", "# a period of the story\n[[eras]]\n", 1
    )
    before = loads(text)
    after = attrs.evolve(before, events=[attrs.evolve(before["a"], title="B")])
    result = patch(text, before, after)
    assert result.rewritten is None
    assert result.text == text.replace('title = "A"', 'title = "B"')


def test_changed_eras_rewrite_the_file_and_say_why() -> None:
    text = dumps(_tl(SAFE_CITY))
    before = loads(text)
    result = patch(text, before, attrs.evolve(before, eras=[HOMAN]))
    assert result.rewritten == "the eras changed (not patched in place yet)"
    assert loads(result.text) == _tl(HOMAN)
