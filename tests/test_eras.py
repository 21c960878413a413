"""Eras: named periods of a timeline (``[[eras]]``), in the model, the file and the exports."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
import tomli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.strategies import eras, timelines
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


ERAS_FILE = """\
title = "T"

[[sources]]
id = "s"
title = "S"

# The periods of the story
[[eras]]
title = "Operation Safe City" # ICE's name
when = "2017-09-24/2017-09-27"
colour = "#cc6677"

# Events from here on
[[events]]
id = "a"
title = "A"
when = "2017-09-25"
"""


def _saved(text: str, after: Timeline) -> str:
    result = patch(text, loads(text), after)
    assert result.rewritten is None, result.rewritten
    assert loads(result.text) == after
    return result.text


def test_changed_eras_are_written_again_in_place() -> None:
    before = loads(ERAS_FILE)
    new = _saved(ERAS_FILE, attrs.evolve(before, eras=[SAFE_CITY, HOMAN]))
    head, _, rest = ERAS_FILE.partition("[[eras]]")
    assert new.startswith(head.removesuffix("# The periods of the story\n"))
    assert "# The periods of the story\n# ICE's name\n[[eras]]\n" in new  # kept, above
    assert new.endswith(rest[rest.index("\n# Events from here on") :])  # the rest untouched
    assert new.count("[[eras]]") == 2
    assert new.index('"Homan, acting director"') < new.index('"Operation Safe City"')  # by start


def test_eras_added_to_a_file_without_go_after_the_sources() -> None:
    block = ERAS_FILE[ERAS_FILE.index("\n# The periods") : ERAS_FILE.index("\n# Events")]
    text = ERAS_FILE.replace(block, "")
    new = _saved(text, attrs.evolve(loads(text), eras=[HOMAN]))
    assert new.index('title = "S"') < new.index("[[eras]]") < new.index("# Events from here on")
    added = '\n[[eras]]\ntitle = "Homan, acting director"\nwhen = "2017-01-30/2018-06-30"\n'
    assert new.replace(added, "") == text


def test_eras_removed_go_with_their_own_lines() -> None:
    new = _saved(ERAS_FILE, attrs.evolve(loads(ERAS_FILE), eras=()))
    block = ERAS_FILE[ERAS_FILE.index("\n# The periods") : ERAS_FILE.index("\n# Events")]
    assert new == ERAS_FILE.replace(block, "")  # with the comment directly above them


def test_eras_that_do_not_stand_together_rewrite_the_file_and_say_why() -> None:
    text = dumps(_tl(SAFE_CITY, HOMAN))
    first = text.index("[[eras]]")
    second = text.index("[[eras]]", first + 1)
    moved = text[:second] + "[[sources]]\nid = 's'\ntitle = 'S'\n\n" + text[second:]
    before = loads(moved)
    result = patch(moved, before, attrs.evolve(before, eras=[HOMAN]))
    assert result.rewritten == "the [[eras]] tables do not stand together"
    assert loads(result.text) == attrs.evolve(before, eras=[HOMAN])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tl=timelines(max_events=3), new=st.lists(eras(), max_size=3))
def test_any_change_of_eras_is_patched_in_place_and_back(tl: Timeline, new: list[Era]) -> None:
    text = dumps(tl)
    after = attrs.evolve(tl, eras=new)
    there = patch(text, tl, after)
    assert there.rewritten is None, there.rewritten
    assert loads(there.text) == after
    back = patch(there.data, after, tl)
    assert back.rewritten is None, back.rewritten
    assert back.text == text  # the file as dumps wrote it, byte for byte
