"""The codec: models <-> plain data, the one layer every format goes through."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
import tomli
from hypothesis import HealthCheck, given, settings

from tests.strategies import timelines
from timeline import Event, Figure, Place, Timeline, TimelineLoadError, When, load, loads
from timeline.codec import KEYS, event_to_data, from_data, to_data

DATA = Path(__file__).resolve().parent / "data"


def _plain(value: object) -> bool:
    """Only dicts with text keys, lists, text, finite numbers and booleans."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, str | int | bool)


def _keys_in_order(table: dict[str, Any], name: str) -> None:
    known = KEYS[name]
    assert list(table) == sorted(table, key=known.index), name


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines())
def test_from_data_inverts_to_data(tl: Timeline) -> None:
    data = to_data(tl)
    assert _plain(data)
    assert from_data(data) == tl
    # plain data survives JSON (what the iCalendar export carries it in)
    assert from_data(json.loads(json.dumps(data))) == tl
    _keys_in_order(data, "")
    for event in data.get("events", []):
        _keys_in_order(event, "events")
        for key in ("places", "people", "sources", "related"):
            for item in event.get(key, []):
                _keys_in_order(item, f"events.{key}")


def test_same_shape_as_the_toml_file() -> None:
    """The plain data of a timeline is the parsed TOML file it is read from."""
    path = DATA / "good" / "full.toml"
    text = path.read_text("utf-8")
    tl = loads(text)
    assert from_data(tomli.loads(text)) == tl
    assert from_data(to_data(tl)) == tl


def test_the_bundled_data_is_its_toml(events_path: Path) -> None:
    data = to_data(load(events_path))
    parsed = tomli.loads(events_path.read_text("utf-8"))
    # (the file may list its events in any order; a timeline keeps them by date)
    by_id = {e["id"]: e for e in parsed.pop("events")}
    assert [e for e in data.pop("events")] == [by_id[e.id] for e in load(events_path)]
    assert data == parsed


def test_defaults_are_left_out() -> None:
    event = Event("a", "A", When.parse("2017-09"))
    assert event_to_data(event) == {"id": "a", "title": "A", "when": "2017-09"}
    assert to_data(Timeline("T")) == {"title": "T"}


def test_every_field() -> None:
    event = Event(
        "a",
        "A",
        When.parse("2017-09-19T13:00", "America/Los_Angeles"),
        status="planned",
        summary="s",
        tags=("x", "y"),
        figures=(Figure("arrested", 498), Figure("share", 0.5)),
        places=(Place("P", lat=45, lon=-122.5), Place("Q")),
    )
    assert event_to_data(event) == {
        "id": "a",
        "title": "A",
        "when": "2017-09-19T13:00",
        "tz": "America/Los_Angeles",
        "status": "planned",
        "summary": "s",
        "tags": ["x", "y"],
        "figures": {"arrested": 498, "share": 0.5},
        "places": [{"name": "P", "lat": 45, "lon": -122.5}, {"name": "Q"}],
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "expected a table (a dict), found array"),
        ({}, "title: missing (required)"),
        (
            {"title": "T", "events": [{"id": "a", "title": "A", "when": "2017-13"}]},
            "event 'a': when: '2017-13' is not a valid date (month 13: expected 01–12, "
            "or 21–41 for a season, quarter, quadrimester or semester)",
        ),
        (
            {"title": "T", "events": [{"id": "a", "title": "A", "when": "2017", "sources": [{}]}]},
            "event 'a': sources[0].source: missing (required)",
        ),
        (
            {"title": "T", "events": [{"id": "a", "title": "A", "when": "2017", "wen": 1}]},
            "event 'a': unknown key 'wen' (did you mean 'when'?)",
        ),
    ],
)
def test_bad_data_names_the_event_and_field(data: Any, message: str) -> None:
    with pytest.raises(TimelineLoadError) as info:
        from_data(data, file="data")
    assert str(info.value) == f"data: {message}"
