"""One set of rules: what the models accept the loader accepts, with the same words.

Every checked field is tried with values at and past its limits (lengths,
ids, URLs, coordinates, figure values, tags...).  Each value goes once
through the constructors and once through a TOML file holding the same
value; both must accept it or both refuse it.  Accepted, the timeline written
by ``dumps`` loads back equal; refused, the constructor's message is
``Class.field: words`` and the loader lists the same words for that field.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from typing import Any

import pytest
import tomli_w
from hypothesis import example, given, settings
from hypothesis import strategies as st

from timeline import (
    Citation,
    Event,
    Link,
    Person,
    Place,
    Source,
    Timeline,
    TimelineError,
    TimelineLoadError,
    When,
    dumps,
    loads,
    rules,
)
from timeline.rules import (
    MAX_ID,
    MAX_INTEGER,
    MAX_LONG_TEXT,
    MAX_SHORT_TEXT,
    MAX_URL,
    MIN_INTEGER,
)

# -- one document, built two ways -----------------------------------------------------

BASE: dict[str, Any] = {
    "title": "Rules",
    "description": "Values at the limits",
    "sources": [
        {
            "id": "gazette",
            "title": "The Gazette",
            "publisher": "Gazette Inc.",
            "url": "https://example.org/gazette",
            "note": "a note",
        }
    ],
    "events": [
        {
            "id": "a",
            "title": "An event",
            "when": "2017-09-24/2017-09-27",
            "status": "happened",
            "summary": "What happened",
            "tags": ["one", "two"],
            "figures": {"arrested": 498},
            "places": [{"name": "Portland", "lat": 45.5, "lon": -122.5}],
            "people": [{"name": "Tom Homan", "role": "Director"}],
            "sources": [
                {
                    "source": "gazette",
                    "quote": "a quote",
                    "reported_text": "on Monday",
                    "note": "a note",
                }
            ],
            "related": [{"kind": "follows", "event": "a", "note": "a note"}],
        }
    ],
}


def _built(doc: dict[str, Any]) -> Timeline:
    """The timeline of ``doc`` made with the constructors (no TOML involved)."""

    def optional(table: dict[str, Any], *keys: str) -> dict[str, Any]:
        return {k: table[k] for k in keys if k in table}

    sources = [
        Source(s["id"], s["title"], **optional(s, "publisher", "url", "note"))
        for s in doc["sources"]
    ]
    events = [
        Event(
            e["id"],
            e["title"],
            When.parse(e["when"]),
            status=e["status"],
            summary=e["summary"],
            tags=e["tags"],
            figures=e["figures"],
            places=[Place(p["name"], **optional(p, "lat", "lon")) for p in e["places"]],
            people=[Person(p["name"], **optional(p, "role")) for p in e["people"]],
            sources=[
                Citation(c["source"], **optional(c, "quote", "reported_text", "note"))
                for c in e["sources"]
            ],
            related=[Link(r["kind"], r["event"], **optional(r, "note")) for r in e["related"]],
        )
        for e in doc["events"]
    ]
    return Timeline(doc["title"], events, sources, description=doc["description"])


def _with(path: tuple[str | int, ...], value: object) -> dict[str, Any]:
    """The base document with ``value`` at ``path`` (a key ending in ``*``: a figure's name)."""
    doc = copy.deepcopy(BASE)
    table: Any = doc
    for key in path[:-1]:
        table = table[key]
    last = path[-1]
    if last == "*name":
        table.clear()
        table[value] = 1
    elif last == "*value":
        table.clear()
        table["n"] = value
    elif isinstance(last, str) and value is None:
        del table[last]
    else:
        table[last] = value
    return doc


def _model_error(doc: dict[str, Any]) -> tuple[Timeline | None, str | None]:
    try:
        return _built(doc), None
    except TimelineError as error:
        return None, str(error)


def _load_errors(doc: dict[str, Any]) -> tuple[Timeline | None, list[tuple[str, str]]]:
    text = tomli_w.dumps(doc)
    try:
        return loads(text), []
    except TimelineLoadError as error:
        return None, [(p.field or "", p.message) for p in error.problems]


def check_same_rules(
    path: tuple[str | int, ...], value: object, model_field: str, load_field: str
) -> None:
    """The law: the constructors and the loader agree on ``value`` at ``path``."""
    doc = _with(path, value)
    built, model_error = _model_error(doc)
    loaded, load_errors = _load_errors(doc)
    assert (model_error is None) == (not load_errors), (model_error, load_errors)
    if built is not None:
        assert loaded == built
        assert loads(dumps(built)) == built
        return
    assert model_error is not None
    field, _, words = model_error.partition(": ")
    if field != model_field:  # another field's rule went first: Place.lat before the pair
        return
    # the loader names the field within the event, or by the event's position
    fields = {load_field, f"events[0].{load_field}"}
    assert (load_field, words) in load_errors or any((f, words) in load_errors for f in fields), (
        model_error,
        load_errors,
    )


# -- values at and past the limits -------------------------------------------------------

_FILL = st.sampled_from(["a", " ", "é", "\n", "字", "\t", "\\", '"', "'", "\x7f", "😀", "\r\n"])


@st.composite
def texts_near(draw: st.DrawFn, limit: int) -> str:
    """Text of a length at, just under or just over ``limit`` (or short, or blank)."""
    length = draw(st.sampled_from([0, 1, 2, limit - 1, limit, limit + 1, limit * 2]))
    head = draw(st.text(max_size=8))
    fill = draw(_FILL)
    body = head + fill * length
    return body[:length] if len(body) >= length else body.ljust(length, "x")


@st.composite
def ids_near(draw: st.DrawFn) -> str:
    """Ids at and past :data:`MAX_ID`, valid or nearly (capitals, doubled ``-``, spaces)."""
    shape = draw(st.sampled_from(["valid", "valid", "free"]))
    if shape == "free":
        return draw(st.text(alphabet="ab1-_.A é", max_size=12))
    length = draw(st.sampled_from([1, 2, MAX_ID - 1, MAX_ID, MAX_ID + 1]))
    sep = draw(st.sampled_from(["-", "_", "."]))
    unit = draw(st.sampled_from(["a", "0", "ab"]))
    text = (unit + sep) * length
    text = text[:length].rstrip("-_.")
    return text.ljust(length, "z")


@st.composite
def urls_near(draw: st.DrawFn) -> str:
    """URLs at and past :data:`MAX_URL`, and ones of other schemes or without a host."""
    start = draw(
        st.sampled_from(
            [
                "https://example.org/",
                "http://e.x",
                "HTTP://example.org",
                "ftp://example.org/",
                "javascript:alert(1)",
                "https:///path",
                "https:// example.org",
                "https://",
                "data:text/html,x",
                "www.example.org",
            ]
        )
    )
    length = draw(st.sampled_from([len(start), MAX_URL - 1, MAX_URL, MAX_URL + 1]))
    return (start + "a" * length)[: max(length, len(start))]


_COORDINATES = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-181, max_value=181),
    st.integers(-200, 200),
    st.sampled_from(
        [90, -90, 90.0, -90.0, 180, -180.0, 90.000001, -180.0000001, 0, -0.0, 10**400, -(10**30)]
    ),
    st.just(True),
    st.text(max_size=4),
)
_FIGURE_VALUES = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(),
    st.sampled_from(
        [MAX_INTEGER, MAX_INTEGER + 1, MIN_INTEGER, MIN_INTEGER - 1, 2**64, 10**400, 0, -0.0]
    ),
    st.booleans(),
    st.text(max_size=4),
)
_STATUSES = st.one_of(
    st.sampled_from([*rules.STATUSES, "Happened", "done", "", " happened"]), st.text(max_size=12)
)

E = ("events", 0)
# (where in the document, values, the model's field, the loader's field)
CASES: list[tuple[tuple[str | int, ...], st.SearchStrategy[Any], str, str]] = [
    (("title",), texts_near(MAX_SHORT_TEXT), "Timeline.title", "title"),
    (("description",), texts_near(MAX_LONG_TEXT), "Timeline.description", "description"),
    (("sources", 0, "id"), ids_near(), "Source.id", "sources[0].id"),
    (("sources", 0, "title"), texts_near(MAX_SHORT_TEXT), "Source.title", "sources[0].title"),
    (
        ("sources", 0, "publisher"),
        texts_near(MAX_SHORT_TEXT),
        "Source.publisher",
        "sources[0].publisher",
    ),
    (("sources", 0, "url"), urls_near(), "Source.url", "sources[0].url"),
    (("sources", 0, "note"), texts_near(MAX_LONG_TEXT), "Source.note", "sources[0].note"),
    ((*E, "id"), ids_near(), "Event.id", "id"),
    ((*E, "title"), texts_near(MAX_SHORT_TEXT), "Event.title", "title"),
    ((*E, "status"), _STATUSES, "Event.status", "status"),
    ((*E, "summary"), texts_near(MAX_LONG_TEXT), "Event.summary", "summary"),
    ((*E, "tags", 1), texts_near(MAX_SHORT_TEXT), "Event.tags[1]", "tags[1]"),
    ((*E, "figures", "*name"), texts_near(MAX_SHORT_TEXT), "Figure.name", "figures.*"),
    ((*E, "figures", "*value"), _FIGURE_VALUES, "Figure.value", "figures.n"),
    ((*E, "places", 0, "name"), texts_near(MAX_SHORT_TEXT), "Place.name", "places[0].name"),
    ((*E, "places", 0, "lat"), _COORDINATES, "Place.lat", "places[0].lat"),
    ((*E, "places", 0, "lon"), _COORDINATES, "Place.lon", "places[0].lon"),
    ((*E, "places", 0, "lon"), st.none(), "Place.lat, Place.lon", "places[0]"),
    ((*E, "people", 0, "name"), texts_near(MAX_SHORT_TEXT), "Person.name", "people[0].name"),
    ((*E, "people", 0, "role"), texts_near(MAX_SHORT_TEXT), "Person.role", "people[0].role"),
    (
        (*E, "sources", 0, "quote"),
        texts_near(MAX_LONG_TEXT),
        "Citation.quote",
        "sources[0].quote",
    ),
    (
        (*E, "sources", 0, "reported_text"),
        texts_near(MAX_SHORT_TEXT),
        "Citation.reported_text",
        "sources[0].reported_text",
    ),
    ((*E, "sources", 0, "note"), texts_near(MAX_LONG_TEXT), "Citation.note", "sources[0].note"),
    ((*E, "related", 0, "kind"), ids_near(), "Link.kind", "related[0].kind"),
    ((*E, "related", 0, "note"), texts_near(MAX_LONG_TEXT), "Link.note", "related[0].note"),
]


@pytest.mark.parametrize(
    ("path", "values", "model_field", "load_field"),
    CASES,
    ids=[f"{case[2]}" for case in CASES],
)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_constructor_and_loader_follow_the_same_rules(
    path: tuple[str | int, ...],
    values: st.SearchStrategy[Any],
    model_field: str,
    load_field: str,
    data: st.DataObject,
) -> None:
    value = data.draw(values, label="value")
    if load_field == "figures.*":
        load_field = f"figures.{value if len(value) <= 100 else value[:40] + '...'}"
    check_same_rules(path, value, model_field, load_field)


# -- the limits themselves, exactly ---------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "limit", "model_field", "load_field"),
    [
        (("title",), MAX_SHORT_TEXT, "Timeline.title", "title"),
        ((*E, "title"), MAX_SHORT_TEXT, "Event.title", "title"),
        ((*E, "summary"), MAX_LONG_TEXT, "Event.summary", "summary"),
        ((*E, "tags", 0), MAX_SHORT_TEXT, "Event.tags[0]", "tags[0]"),
        ((*E, "places", 0, "name"), MAX_SHORT_TEXT, "Place.name", "places[0].name"),
        (("sources", 0, "publisher"), MAX_SHORT_TEXT, "Source.publisher", "sources[0].publisher"),
        ((*E, "sources", 0, "quote"), MAX_LONG_TEXT, "Citation.quote", "sources[0].quote"),
    ],
)
def test_a_text_at_its_limit_round_trips_and_one_more_is_refused_by_both(
    path: tuple[str | int, ...], limit: int, model_field: str, load_field: str
) -> None:
    check_same_rules(path, "x" * limit, model_field, load_field)
    doc = _with(path, "x" * (limit + 1))
    with pytest.raises(TimelineError) as model:
        _built(doc)
    words = f"too long ({limit + 1:,} characters; at most {limit:,})"
    assert str(model.value) == f"{model_field}: {words}"
    with pytest.raises(TimelineLoadError) as loaded:
        loads(tomli_w.dumps(doc))
    assert [(p.field, p.message) for p in loaded.value.problems] == [(load_field, words)]


def test_a_model_the_loader_refused_before_is_now_refused_at_construction() -> None:
    """The issue's case: a 1,001-character title used to construct, dump, then not load."""
    with pytest.raises(TimelineError, match=r"^Event\.title: too long \(1,001 characters"):
        Event("a", "x" * 1001, When.parse("2017"))
    with pytest.raises(TimelineError, match=r"^Event\.id: too long \(201 characters"):
        Event("a" * 201, "t", When.parse("2017"))
    with pytest.raises(TimelineError, match=r"^Source\.url: too long \(8,193 characters"):
        Source("s", "t", url="https://example.org/" + "a" * (MAX_URL - 19))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Place("x", lat=10**400, lon=0), "Place.lat: 100000000000... (401 digits)"),
        (lambda: Place("x", lat=0, lon=2**70), "Place.lon: 1180591620717411303424 is out"),
        (lambda: Place("x", lat=math.nan, lon=0), "Place.lat: nan is out of range"),
        (lambda: Place("x", lat=0, lon=-math.inf), "Place.lon: -inf is out of range"),
    ],
)
def test_huge_or_odd_numbers_are_refused_not_crashed_on(
    make: Callable[[], object], message: str
) -> None:
    # (a 401-digit integer made math.isfinite raise OverflowError, in the models and the loader)
    with pytest.raises(TimelineError) as info:
        make()
    assert str(info.value).startswith(message)


@example(value=MAX_INTEGER + 1)
@example(value=10**400)
@example(value=MIN_INTEGER)
@given(value=st.integers())
def test_figures_are_64_bit_integers_as_in_toml(value: int) -> None:
    check_same_rules((*E, "figures", "*value"), value, "Figure.value", "figures.n")
    fits = MIN_INTEGER <= value <= MAX_INTEGER
    assert (rules.figure_value(value) is None) == fits


def test_tags_and_places_that_are_arrays_or_tables_are_problems_not_crashes() -> None:
    # (the loader shares tag lists and places through dicts: they must be hashable first)
    doc = copy.deepcopy(BASE)
    doc["events"][0]["tags"] = [[], "x", {"a": 1}]
    doc["events"][0]["places"] = [{"name": ["x"]}, {"name": "y", "lat": [], "lon": {}}]
    _, problems = _load_errors(doc)
    assert problems == [
        ("tags[0]", "expected a string, found array"),
        ("tags[2]", "expected a string, found table"),
        ("places[0].name", "expected a string, found array"),
        ("places[1].lat", "expected a number, found array"),
        ("places[1].lon", "expected a number, found table"),
    ]
