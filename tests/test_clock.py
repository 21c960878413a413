"""The display clock (viewer/clock.py, no Qt): zone choices, labels in a zone, view shifts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from timeline.when import When
from viewer.clock import CHOICES, choice_label, describe_in, resolve, shift, system_zone
from viewer.viewport import EventBounds

HARVEY = When.parse("2017-08-25T22:00", tz="America/Chicago")


def test_system_zone_is_read_from_what_is_passed(tmp_path: Path) -> None:
    assert system_zone({"TZ": "Asia/Kolkata"}, tmp_path / "none") == "Asia/Kolkata"
    assert system_zone({"TZ": ":Pacific/Kiritimati"}, tmp_path / "none") == "Pacific/Kiritimati"
    link = tmp_path / "localtime"
    os.symlink("/usr/share/zoneinfo/America/Adak", link)
    assert system_zone({}, link) == "America/Adak"
    assert system_zone({"TZ": "Mars/Olympus"}, link) == "America/Adak"
    assert system_zone({}, tmp_path / "none") is None


def test_choices_resolve_to_zones() -> None:
    assert CHOICES == ("timeline", "own", "utc", "system")
    assert [resolve(c, "America/Chicago", "Asia/Kolkata") for c in CHOICES] == [
        "America/Chicago",
        None,
        "UTC",
        "Asia/Kolkata",
    ]
    assert resolve("timeline", None, "Asia/Kolkata") is None  # no zone of its own
    assert choice_label("timeline", "America/Chicago", None) == "Timeline's Zone (America/Chicago)"
    assert choice_label("system", None, "Asia/Kolkata") == "System Zone (Asia/Kolkata)"


@pytest.mark.parametrize(
    ("zone", "label"),
    [
        (None, "25 Aug 2017, 22:00 CDT"),
        ("America/Chicago", "25 Aug 2017, 22:00 CDT"),
        ("UTC", "26 Aug 2017, 03:00 UTC"),
        ("Asia/Kolkata", "26 Aug 2017, 08:30 IST"),
        ("Pacific/Kiritimati", "26 Aug 2017, 17:00 +14"),
        ("America/Adak", "25 Aug 2017, 18:00 HDT"),
    ],
)
def test_describe_in_a_zone(zone: str | None, label: str) -> None:
    assert describe_in(HARVEY, zone) == label


def test_describe_in_leaves_days_and_floating_times() -> None:
    for text in ("2017-08-25", "2017-08-25T22:00", "2017-09~", "2017-08-25/2017-08-27"):
        when = When.parse(text)
        assert describe_in(when, "Asia/Kolkata") == when.describe()
    span = When.parse("2017-09-19T13:00Z/2017-09-19T15:30Z")
    assert describe_in(span, "America/New_York") == "19 Sep 2017, 09:00–11:30 EDT"
    late = When.parse("2017-09-19T23:00Z/2017-09-20T01:00Z")
    assert describe_in(late, "Asia/Kolkata") == "20 Sep 2017, 04:30–06:30 IST"
    assert describe_in(late, "America/Adak") == "19 Sep 2017, 14:00–16:00 HDT"


def test_shift_keeps_the_moment_in_view() -> None:
    # the selected event stays where it is on the screen
    assert shift(HARVEY, 0.0, "America/Chicago", "UTC") == 5 * 3600
    assert shift(HARVEY, 0.0, None, "Asia/Kolkata") == 10.5 * 3600
    # no event: the moment in the middle
    t = HARVEY.lower - 5 * 3600  # 22:00 on the Chicago wall clock
    assert shift(None, t, "America/Chicago", "UTC") == 5 * 3600
    assert shift(None, t, None, "UTC") == 0.0  # each its own: no one clock to keep


def test_event_bounds_are_on_the_display_clock() -> None:
    from timeline import Event, Timeline

    tl = Timeline(
        "t",
        [
            Event("harvey", "Harvey", HARVEY),
            Event("day", "Day", When.parse("2017-08-26")),
        ],
    )
    own = EventBounds.of(tl)
    utc = EventBounds.of(tl, "UTC")
    day = When.parse("2017-08-26").lower
    assert [e.id for e in tl] == ["day", "harvey"]  # events keep the order of instants
    assert list(utc.lowers) == [day, HARVEY.lower]
    assert list(own.lowers) == [day, HARVEY.lower - 5 * 3600]  # 22:00 on the 25th
    assert list(own.sorted_lowers) == [HARVEY.lower - 5 * 3600, day]
    assert utc.count(HARVEY.lower, HARVEY.lower + 60) == 2
    assert own.count(HARVEY.lower, HARVEY.lower + 60) == 1  # only the day: 22:00 is earlier
