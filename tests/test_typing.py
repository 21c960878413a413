"""The models at a glance: readable reprs, and __init__ and bound types a type checker reads.

The typing tests run mypy (strict, the project's settings) on small snippets.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pendulum
from mypy import api as mypy_api

import timeline
from timeline import Event, Source, Status, Timeline, When

ROOT = Path(__file__).resolve().parent.parent


def test_a_timeline_repr_is_one_short_line() -> None:
    tl = timeline.load(ROOT / "data" / "events.toml")
    assert repr(tl) == (
        "<Timeline 'ICE arrest operations, grant-condition litigation and the'...:"
        " 15 events, 21 sources>"
    )
    one = Timeline("x" * 1000, [Event("a", "A", When.parse("2017"))], [Source("s", "S")])
    assert repr(one) == f"<Timeline {'x' * 57!r}...: 1 event, 1 source>"


def test_an_event_repr_shows_id_title_date_and_status() -> None:
    tl = timeline.load(ROOT / "data" / "events.toml")
    assert repr(tl["harvey-landfall"]) == (
        "<Event 'harvey-landfall': 'Hurricane Harvey makes landfall in Texas as a Category 4 '...,"
        " 2017-08-25T22:00 America/Chicago, happened>"
    )
    e = Event("a", "A", When.parse("2017-09~"), status=Status.CANCELLED)
    assert repr(e) == "<Event 'a': 'A', 2017-09~, cancelled>"
    assert max(len(repr(e)) for e in tl) < 200


def test_day_and_time_bounds_have_one_type_each() -> None:
    harvey = When.parse("2017-08-25T22:00", tz="America/Chicago")
    assert harvey.earliest_day == pendulum.Date(2017, 8, 25)  # its own day, not UTC's 26th
    assert type(harvey.earliest_day) is pendulum.Date
    assert harvey.earliest_time == pendulum.datetime(2017, 8, 25, 22, tz="America/Chicago")
    assert harvey.earliest_time == harvey.earliest
    month = When.parse("2017-09")
    assert (month.earliest_day, month.latest_day) == (
        pendulum.Date(2017, 9, 1),
        pendulum.Date(2017, 9, 30),
    )
    assert month.earliest_time is None
    assert month.latest_time is None
    late = When.parse("2017-09-30T23:30-10:00")
    assert late.latest_day == pendulum.Date(2017, 9, 30)
    assert type(late.latest_day) is pendulum.Date
    assert When.parse("2017-09-24/..").latest_day is None


def _mypy(tmp_path: Path, snippet: str) -> list[str]:
    """mypy's error lines for ``snippet`` (strict, the project's configuration)."""
    file = tmp_path / "snippet.py"
    file.write_text(textwrap.dedent(snippet), encoding="utf-8")
    out, err, _ = mypy_api.run(
        [
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            str(ROOT / ".mypy_cache"),
            str(file),
        ]
    )
    assert not err, err
    return [line.split(": error: ", 1)[1] for line in out.splitlines() if ": error: " in line]


def test_mypy_catches_wrong_items_and_a_day_mixed_with_a_time(tmp_path: Path) -> None:
    errors = _mypy(
        tmp_path,
        """
        from timeline import Event, When

        Event("a", "t", When.parse("2017"), places=["Portland"])
        w = When.parse("2017-09-19T13:00Z")
        t, d = w.earliest_time, w.earliest_day
        assert t is not None and d is not None
        print(t - d)
        print(d.hour)
        """,
    )
    assert len(errors) == 3, errors
    assert errors[0].startswith('List item 0 has incompatible type "str"; expected "Place"')
    assert errors[1].startswith('No overload variant of "__sub__" of "DateTime" matches')
    assert errors[2].startswith('"Date" has no attribute "hour"')


def test_mypy_accepts_the_right_types(tmp_path: Path) -> None:
    errors = _mypy(
        tmp_path,
        """
        from timeline import Event, Place, When

        e = Event(
            "a", "t", When.parse("2017"), places=[Place("Portland")], tags="x", figures={"n": 1}
        )
        w, v = When.parse("2017-09-19T13:00Z"), When.parse("2017-09-20")
        t, d, d2 = w.earliest_time, v.earliest_day, w.earliest_day
        assert t is not None and d is not None and d2 is not None
        days: int = (d - d2).in_days()
        hour: int = t.hour
        print(e, days, hour)
        """,
    )
    assert errors == []
