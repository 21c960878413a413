"""The speed tricks (timeline/_fast.py) build what the checked path builds.

Equal is not enough: a trusted object must also carry the same derived state
(a timeline's lookups and span index, a date's computed slots), field for
field and type for type.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

from tests.strategies import timelines, whens
from timeline import Citation, Event, Figure, Link, Person, Place, Source, Timeline, When, load
from timeline import models as m
from timeline._fast import Sharing, slot_filler, trusted_evolve, trusted_maker
from timeline._span_indexes import SpanIndexes
from timeline.index import SpanIndex

_ROOT = Path(__file__).resolve().parent.parent

_TRUSTED: dict[type, Any] = {
    Place: m._trusted_place,
    Person: m._trusted_person,
    Figure: m._trusted_figure,
    Citation: m._trusted_citation,
    Link: m._trusted_link,
    Source: m._trusted_source,
    Event: m._trusted_event,
    Timeline: m._trusted_timeline,
}


def _state(value: object) -> object:
    """Everything an object holds, slots and derived state included, with the types."""
    cls: Any = type(value)
    if attrs.has(cls):
        return (cls, [(f.name, _state(getattr(value, f.name))) for f in attrs.fields(cls)])
    if isinstance(value, SpanIndex):
        return (SpanIndex, [_state(getattr(value, name)) for name in SpanIndex.__slots__])
    if isinstance(value, SpanIndexes):  # (those made, by zone; and whether edited from any)
        made = sorted((repr(tz), _state(index)) for tz, index in value._made.items())
        return (SpanIndexes, made, value._before is None)
    if isinstance(value, tuple | list):
        return (type(value), [_state(item) for item in value])
    if isinstance(value, dict):  # (a lookup: its keys' order is no part of it)
        return (dict, sorted((key, _state(item)) for key, item in value.items()))
    return (type(value), value)


def _rebuild(obj: Any, *, trusted: bool) -> Any:
    """``obj`` built again, its parts first: by the checked constructors or the trusted ones."""
    if isinstance(obj, tuple):
        return tuple(_rebuild(item, trusted=trusted) for item in obj)
    cls = type(obj)
    if cls not in _TRUSTED:
        return obj  # a When, a Status, text, a number
    values = {
        f.alias: _rebuild(getattr(obj, f.name), trusted=trusted)
        for f in attrs.fields(cls)
        if f.init
    }
    if not trusted:
        return cls(**values)
    if cls is Timeline:  # the loader gives lists, in file order
        values["events"] = list(reversed(values["events"]))
        values["sources"] = list(values["sources"])
    return _TRUSTED[cls](**values)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines())
def test_trusted_constructors_build_what_the_checked_ones_build(tl: Timeline) -> None:
    checked = _rebuild(tl, trusted=False)
    fast = _rebuild(tl, trusted=True)
    assert fast == checked
    assert _state(fast) == _state(checked)
    assert fast.search_texts() == checked.search_texts()
    assert _state(fast) == _state(checked)  # the search texts, built on first use, too


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines(max_events=6))
def test_trusted_evolve_makes_what_attrs_evolve_makes(tl: Timeline) -> None:
    # the changes an edit makes without checking again: a citation's source renamed, a
    # link's target renamed, citations and links taken out
    for event in tl.events:
        for citation in event.sources:
            renamed = trusted_evolve(m._trusted_citation, citation, source="renamed")
            assert _state(renamed) == _state(attrs.evolve(citation, source="renamed"))
        for link in event.related:
            relinked = trusted_evolve(m._trusted_link, link, event="renamed")
            assert _state(relinked) == _state(attrs.evolve(link, event="renamed"))
        for changes in ({"sources": event.sources[1:]}, {"related": event.related[:-1]}):
            made = trusted_evolve(m._trusted_event, event, **changes)
            assert _state(made) == _state(attrs.evolve(event, **changes))


def test_a_loaded_file_is_what_the_checked_constructors_build() -> None:
    tl = load(_ROOT / "data" / "events.toml")
    assert _state(tl) == _state(_rebuild(tl, trusted=False))


@settings(max_examples=200, deadline=None)
@given(whens())
def test_every_slot_of_a_date_is_filled(when: When) -> None:
    for field in attrs.fields(When):
        getattr(when, field.name)  # an unset slot raises AttributeError
    again = When(when.edtf, when.tz)
    assert _state(again) == _state(when)


def test_fillers_and_makers_take_keywords_and_refuse_what_they_do_not_know() -> None:
    fill = slot_filler(Person)
    person = object.__new__(Person)
    fill(person, name="Ana", role=None)
    assert person == Person("Ana")
    with pytest.raises(TypeError):
        fill(person, "Ana", None)  # keywords only
    with pytest.raises(TypeError):
        fill(person, name="Ana")  # no default: every slot is set
    with pytest.raises(TypeError, match="no fields"):
        slot_filler(Person, defaults={"age": 3})
    with pytest.raises(TypeError, match="no fields"):
        trusted_maker(Person, convert={"age": int})
    assert m._trusted_person(name="Ana") == Person("Ana")  # defaults as in __init__


def test_sharing_shares_only_what_is_written_back_alike() -> None:
    shared = Sharing()
    a, b = "".join(["ta", "g"]), "".join(["t", "ag"])
    assert a is not b
    assert shared.text(a, a) is shared.text(b, b)
    assert shared.tags((a,)) is shared.tags((b,))
    assert shared.tags((a,))[0] is a
    make = m._trusted_place
    assert shared.place(make, "Here", 45, 9) is shared.place(make, "Here", 45, 9)
    assert shared.place(make, "Here", 45, 9) is not shared.place(make, "Here", 45.0, 9)
    assert shared.place(make, "Here", 0, 9) is not shared.place(make, "Here", 0, 9)
    zero = shared.place(make, "Here", -0.0, 9)
    assert str(zero.lat) == "-0.0"
    person = shared.person(m._trusted_person, "Ana", "judge")
    assert shared.person(m._trusted_person, "Ana", "judge") is person
    assert shared.person(m._trusted_person, "Ana", None) is not person
    day = shared.date(When, "2017-09-15", None)
    assert shared.date(When, "2017-09-15", None) is day
    timed = shared.date(When, "2017-09-15T10:00", "Europe/Paris")
    assert timed is shared.date(When, "2017-09-15T10:00", "Europe/Paris")
    assert timed is not shared.date(When, "2017-09-15T10:00", "America/Chicago")
