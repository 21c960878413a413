"""The decoder checks a run of events a column at a time (timeline/_decoder_runs.py, issue 15).

What it keeps must be what the decoder's check of each event keeps, value for value, and
any problem must still be found and worded by that check: on any tables (valid events
with one value changed to anything), the load with the run's check and the load without
it give the same timeline, or refuse it with the same problems.  Valid events are all
kept by the run's check (none left to the check of each event).
"""

from __future__ import annotations

import math
from typing import Any
from unittest import mock

import pytest
import tomli_w
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.strategies import timelines
from timeline import Timeline, TimelineLoadError, dumps, loads
from timeline import _decoder_events as decoder_events
from timeline import _toml_columns as toml_columns
from timeline.codec import from_data, to_data

_SETTINGS = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

_ODD_TEXTS = st.sampled_from(
    [
        "",
        " ",
        "\t",
        "a",
        "A b",
        "s0",
        "x" * 1001,
        "a" * 201,
        "é",
        "happened",
        "maybe",
        "Europe/Paris",
        "Europe/Nowhere",
        "2017-09-24",
        "2017-13-40",
        "2017-02-29",
        "2017-03-26T02:30",
        "follows",
    ]
)
_ANY: Any = st.recursive(
    st.one_of(
        st.none(),
        _ODD_TEXTS,
        st.text(max_size=4),
        st.integers(-(2**64), 2**64),
        st.floats(allow_nan=True, allow_infinity=True),
        st.booleans(),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=2),
        st.dictionaries(st.sampled_from(["name", "lat", "lon", "x", "source", "kind"]), inner),
    ),
    max_leaves=4,
)


@st.composite
def _changed(draw: st.DrawFn) -> dict[str, Any]:
    """The plain data of a valid timeline with one value of one event changed (or removed,
    or a key added), anywhere in the event, its nested tables too."""
    tl = draw(timelines(max_events=4))
    assume(tl.events)
    data = to_data(tl)
    event = draw(st.sampled_from(data["events"]))
    # where: the event itself, or a table or item inside one of its arrays or tables
    place: Any = event
    for key in ("places", "people", "sources", "related", "tags", "figures"):
        if key in event and draw(st.booleans()):
            inner = event[key]
            if isinstance(inner, list):
                index = draw(st.integers(0, len(inner) - 1))
                if key == "tags":
                    inner[index] = draw(_ANY)
                    return data
                place = inner[index]
            else:
                place = inner
            break
    keys = [*sorted(place), "id", "title", "when", "tz", "status", "lat", "role", "note", "x"]
    key = draw(st.sampled_from(keys))
    value = draw(_ANY)
    if value is None:
        place.pop(key, None)
    else:
        place[key] = value
    return data


def _outcome(load: Any) -> Any:
    """What a load gives: the timeline's events, written out with every value's type (45 is
    not 45.0), or the problems it found."""
    try:
        tl: Timeline = load()
    except TimelineLoadError as exc:
        return ("refused", str(exc), exc.problems)
    return ("loaded", tl, repr(tuple(tl.events)), repr(tl.sources))


def _without_runs() -> Any:
    """The decoder with the check of runs off: each event checked on its own."""
    return mock.patch.object(decoder_events, "checked_run", return_value=None)


@_SETTINGS
@given(data=_changed())
def test_a_run_checked_whole_loads_as_each_event_checked_alone(data: dict[str, Any]) -> None:
    fast = _outcome(lambda: from_data(data))
    with _without_runs():
        slow = _outcome(lambda: from_data(data))
    assert fast == slow


def _toml(data: dict[str, Any]) -> str:
    """``data`` as TOML (any value TOML has, unlike :func:`timeline.dumps`)."""
    return tomli_w.dumps(data)


@_SETTINGS
@given(data=_changed())
def test_a_run_read_into_columns_loads_as_each_event_checked_alone(
    data: dict[str, Any],
) -> None:
    try:
        text = _toml(data)
    except (TypeError, ValueError):  # (no TOML for it: a huge integer, say)
        assume(False)
        return
    with mock.patch.object(toml_columns, "COLUMNS_FROM", 0):
        fast = _outcome(lambda: loads(text))
    with _without_runs():
        slow = _outcome(lambda: loads(text))  # (row by row: the document is short)
    assert fast[0] == slow[0]
    if fast[0] == "refused":
        assert fast == slow
    else:
        assert fast[1] == slow[1]
        assert fast[2] == slow[2]


def test_a_nan_or_a_zero_is_never_taken_for_another_number() -> None:
    # (45 and 45.0, 0 and -0.0 are equal, and True is 1: the shared places keep them apart)
    base = to_data(loads(dumps(Timeline("T"))))
    coordinates: list[dict[str, Any]] = [
        {"lat": 45, "lon": 0},
        {"lat": 45.0, "lon": -0.0},
        {"lat": 45.0, "lon": 0.0},
        {"lat": 45, "lon": 1},
        {"lat": 45.0, "lon": 1.0},
        {"lat": True, "lon": 1},
        {"lat": math.nan, "lon": 1},
    ]
    events: list[dict[str, Any]] = [
        {"id": f"e{k}", "title": "E", "when": "2017", "places": [{"name": "P", **coords}]}
        for k, coords in enumerate(coordinates)
    ]
    data = {**base, "events": events}
    fast = _outcome(lambda: from_data(data))
    with _without_runs():
        slow = _outcome(lambda: from_data(data))
    assert fast == slow
    assert fast[0] == "refused"  # (True and NaN are no latitudes)
    good = {**base, "events": events[:5]}
    fast = _outcome(lambda: from_data(good))
    assert fast[0] == "loaded"
    kept = [(e.places[0].lat, e.places[0].lon) for e in fast[1].events]
    given = [(e["places"][0]["lat"], e["places"][0]["lon"]) for e in events[:5]]
    assert [tuple(map(repr, pair)) for pair in kept] == [tuple(map(repr, g)) for g in given]


_EVERY_PART: dict[str, Any] = {
    "title": "T",
    "sources": [{"id": "s", "title": "A source"}],
    "events": [
        {
            "id": "a",
            "title": "A",
            "when": "2017-09-24T10:00",
            "tz": "Europe/Paris",
            "status": "planned",
            "summary": "What happened.",
            "tags": ["x", "y"],
            "figures": {"arrested": 12, "budget": 1.5},
            "places": [{"name": "P", "lat": 45.0, "lon": 0}, {"name": "Q"}],
            "people": [{"name": "N", "role": "Judge"}, {"name": "M"}],
            "sources": [
                {
                    "source": "s",
                    "quote": "Q",
                    "reported": "2017-09-25T10:00",
                    "reported_tz": "Europe/Paris",
                    "reported_text": "on Monday",
                    "note": "n",
                },
                {"source": "s"},
            ],
            "related": [{"kind": "follows", "event": "b", "note": "n"}],
        },
        {"id": "b", "title": "B", "when": "2017"},
    ],
}
_PATHS = [
    (),
    ("tags",),
    ("figures",),
    ("places", 0),
    ("places", 1),
    ("people", 0),
    ("people", 1),
    ("sources", 0),
    ("sources", 1),
    ("related", 0),
]
_VALUES: list[Any] = [
    None,  # (the key removed)
    "",
    " ",
    "x" * 1001,
    "x" * 100_001,
    "A b",
    "b",
    "s",
    "t",
    "Europe/Nowhere",
    "2017-13-40",
    "happened",
    1,
    0,
    -0.0,
    1.5,
    math.nan,
    2**63,
    True,
    [],
    ["a"],
    [1],
    {},
    {"a": 1},
    [{}],
]


@pytest.mark.parametrize("path", _PATHS, ids=lambda path: ".".join(map(str, path)) or "event")
def test_any_value_of_any_part_loads_as_each_event_checked_alone(path: tuple[Any, ...]) -> None:
    import copy

    table: Any = _EVERY_PART["events"][0]
    for step in path:
        table = table[step]
    keys = [*table, "x"] if isinstance(table, dict) else list(range(len(table)))
    for key in keys:
        for value in _VALUES:
            data = copy.deepcopy(_EVERY_PART)
            where: Any = data["events"][0]
            for step in path:
                where = where[step]
            if value is None and isinstance(where, dict):
                where.pop(key, None)
            else:
                where[key] = value
            fast = _outcome(lambda data=data: from_data(data))
            with _without_runs():
                slow = _outcome(lambda data=data: from_data(data))
            assert fast == slow, (path, key, value)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tl=timelines())
def test_valid_events_are_all_kept_by_the_check_of_runs(tl: Timeline) -> None:
    def one_at_a_time(*args: object) -> None:
        raise AssertionError("an event checked on its own")

    text = dumps(tl)
    with mock.patch.object(decoder_events._EventReader, "_event", one_at_a_time):
        assert loads(text) == tl  # (row by row)
        assert from_data(to_data(tl)) == tl
        with mock.patch.object(toml_columns, "COLUMNS_FROM", 0):
            assert loads(text) == tl  # (into columns)


def test_a_bad_run_is_checked_event_by_event() -> None:
    data = to_data(loads(dumps(Timeline("T"))))
    data["events"] = [
        {"id": "a", "title": "A", "when": "2017"},
        {"id": "b", "title": "B", "when": "2017", "tags": ["x", " "]},
    ]
    with pytest.raises(TimelineLoadError, match=r"event 'b': tags\[1\]: must not be empty"):
        from_data(data)


@pytest.mark.parametrize("columns", [False, True], ids=["row by row", "into columns"])
def test_an_id_given_in_an_earlier_run_is_a_duplicate(columns: bool) -> None:
    from benchmarks.generate import document

    text = dumps(from_data(document(300)))
    first = text.index('\nid = "', text.index("[[events]]")) + 7
    first_id = text[first : text.index('"', first)]
    last = text.rindex('\nid = "') + 7
    text = text[:last] + first_id + text[text.index('"', last) :]  # (runs apart)
    assert text.count(f'id = "{first_id}"') == 2
    with mock.patch.object(toml_columns, "COLUMNS_FROM", 0 if columns else 1 << 40):
        fast = _outcome(lambda: loads(text))
        with _without_runs():
            slow = _outcome(lambda: loads(text))
    assert fast[0] == "refused"
    assert "duplicate event id" in fast[1]
    assert fast == slow
