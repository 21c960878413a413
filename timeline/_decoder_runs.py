"""The decoder's check of a run of events a column at a time (issue 15).

The decoder reads an event's table one key at a time, every value through its rule
(:meth:`~timeline._decoder_events._EventReader._event`): about 10 µs of Python an event,
more than toml-rs takes to parse it.  :func:`checked_run` checks a run of events' tables
together instead: each key's values of every event as one list (``map(dict.get, ...)``),
checked whole at C speed (the rules of :mod:`timeline.rules` over a column), repeated
values (tag lists, places, people) looked up in the load's shared tables (:class:`Sharing`:
one seen before was checked then) and only the new ones checked by their rule, one by one.

It never words a problem: when any value might be refused, or is of a kind it does not
vouch for, it returns ``None`` and the decoder checks that run one event at a time, which
says what is wrong (file, line, event and field) exactly as before.  What it returns is
what the decoder's own checks would have kept, value for value: the same models, made by
the same trusted constructors from the same shared values (``tests/test_decoder_runs.py``
compares the two on any table).  A run it accepts adds nothing to the decoder's state
until the caller keeps it (:meth:`_EventReader._keep_run`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final, NamedTuple, TypeVar, cast

from timeline import rules
from timeline._decoder import _RULES, KEYS, _zone_problem
from timeline._fast import Sharing
from timeline.models import (
    Citation,
    Figure,
    Link,
    Person,
    Place,
    Status,
    _trusted_citation,
    _trusted_figure,
    _trusted_link,
    _trusted_person,
    _trusted_place,
)
from timeline.rules import STATUSES
from timeline.when import When

__all__ = ["Run", "checked_run"]

T = TypeVar("T")

_EVENT_KEYS: Final = frozenset(KEYS["events"])
_PLACE_KEYS: Final = frozenset(KEYS["events.places"])
_PERSON_KEYS: Final = frozenset(KEYS["events.people"])
_CITATION_KEYS: Final = frozenset(KEYS["events.sources"])
_LINK_KEYS: Final = frozenset(KEYS["events.related"])
_NONE_OR_LIST: Final = frozenset({type(None), list})
_STR: Final = frozenset({str})
_EMPTY: Final[tuple[Any, ...]] = ()
_place_rules: Final = _RULES["events.places"]
_person_rules: Final = _RULES["events.people"]
_citation_rules: Final = _RULES["events.sources"]
_link_rules: Final = _RULES["events.related"]
_figure_rules: Final = _RULES["events.figures"]


class Run(NamedTuple):
    """A run of events, every value checked: each one's id, title, date text and zone (the
    date not read), status, summary and nested parts, and the links to check once every
    event is read (the decoder's ``_links``: event index, link index, id, target)."""

    ids: list[str]
    titles: list[str]
    dates: list[str]
    zones: list[str | None]
    statuses: list[Status]
    summaries: list[str]
    places: list[tuple[Place, ...]]
    people: list[tuple[Person, ...]]
    tags: list[tuple[str, ...]]
    figures: list[tuple[Figure, ...]]
    citations: list[tuple[Citation, ...]]
    related: list[tuple[Link, ...]]
    links: list[tuple[int, int, str, str]]

    def rests(self) -> Any:
        """Each event's parts but its id and date, in :data:`~timeline._decoder_events.Rest`'s
        order (an iterator of tuples)."""
        return zip(
            self.titles,
            self.statuses,
            self.summaries,
            self.places,
            self.people,
            self.tags,
            self.figures,
            self.citations,
            self.related,
            strict=True,
        )


def checked_run(
    tables: list[tuple[int, Any]],
    known: Mapping[str, int],
    source_ids: Mapping[str, int],
    shared: Sharing,
) -> Run | None:
    """The events of ``tables`` ((index in the document, table) pairs) as the decoder would
    keep them, when it would find no problem in any of them; ``None`` when it might.

    ``known``: the ids of the events read before; ``source_ids``: the sources' ids;
    ``shared``: the load's shared values (new tag lists, places and people are added).
    The dates are type-checked only: the caller reads them.
    """
    try:
        events = [table for _, table in tables]
        if not all(map(_EVENT_KEYS.issuperset, events)):
            return None
        ids = _column(events, "id")
        if (
            not rules.all_identifiers(ids)
            or len(set(ids)) != len(ids)
            or not known.keys().isdisjoint(ids)
        ):
            return None
        titles = _column(events, "title")
        dates = _column(events, "when")
        summaries = _column(events, "summary", "")
        if not (rules.all_names(titles) and _all_str(dates) and rules.all_texts(summaries)):
            return None
        given = _column(events, "status", "happened")
        statuses = list(map(STATUSES.get, given))
        zones = _column(events, "tz")
        if not _all_str(given) or None in statuses or not all(map(_good_zone, set(zones))):
            return None
        tags = _tag_column(_column(events, "tags"), shared)
        places = _place_column(_column(events, "places"), shared)
        people = _person_column(_column(events, "people"), shared)
        figures = _figure_column(_column(events, "figures"), shared.text)
        citations = _citation_column(_column(events, "sources"), source_ids, shared)
        links: list[tuple[int, int, str, str]] = []
        related = _link_column(_column(events, "related"), tables, ids, links, shared.text)
    except TypeError:  # not a table, or an unhashable value where a text or number should be
        return None
    if tags is None or places is None or people is None or figures is None:
        return None
    if citations is None or related is None:
        return None
    return Run(
        ids,
        titles,
        dates,
        zones,
        cast("list[Status]", statuses),
        summaries,
        places,
        people,
        tags,
        figures,
        citations,
        related,
        links,
    )


def _column(tables: list[Any], key: str, default: Any = None) -> list[Any]:
    """``table.get(key, default)`` of each table."""
    return [table.get(key, default) for table in tables]


def _all_str(values: list[Any]) -> bool:
    """True when each value is a ``str`` (the decoder's ``type(value) is str``)."""
    return not values or set(map(type, values)) == _STR


def _good_zone(tz: object) -> bool:
    """True for no zone, or a zone the decoder would take (:meth:`_Checks._zone`)."""
    return tz is None or (type(tz) is str and len(tz) <= 100 and _zone_problem(tz) is None)


def _good_optional(check: Callable[[object], str | None], values: list[Any]) -> bool:
    """True when each of ``values`` is ``None`` (absent) or good by the rule ``check``."""
    return not any([check(value) for value in values if value is not None])


def _tag_column(raw: list[Any], shared: Sharing) -> list[tuple[str, ...]] | None:
    """Each event's tags (``tags``: an array of names), as :meth:`_tag_tuple` keeps them:
    a tag list seen before is the shared tuple, checked then; a new one is checked now."""
    if not _NONE_OR_LIST.issuperset(map(type, raw)):
        return None
    lists = list(map(tuple, raw)) if None not in raw else [tuple(t or _EMPTY) for t in raw]
    found = shared.known_tag_lists(lists)
    if None in found:
        for k, done in enumerate(found):
            if done is None:
                tags = lists[k]
                if not rules.all_names(tags):
                    return None
                found[k] = shared.tags(tags)
    return cast("list[tuple[str, ...]]", found)


def _list_column(
    raw: list[Any], keys: frozenset[str], make: Callable[[Callable[[str], Any]], T | None]
) -> list[tuple[T, ...]] | None:
    """Each event's array of tables (``places``, ``people``, ``sources``, ``related``) as a
    tuple of what ``make`` makes of each table (given the table's ``get``); ``None`` when an
    array or a table is of another kind, has a key not in ``keys``, or ``make`` refuses one
    (returns ``None``)."""
    out: list[tuple[T, ...]] = [_EMPTY] * len(raw)
    keys_ok = keys.issuperset
    for k, tables in enumerate(raw):
        if tables is None:
            continue
        if type(tables) is not list:
            return None
        made = []
        for table in tables:
            if type(table) is not dict or not keys_ok(table):
                return None
            item = make(table.get)
            if item is None:
                return None
            made.append(item)
        out[k] = tuple(made)
    return out


def _place_column(raw: list[Any], shared: Sharing) -> list[tuple[Place, ...]] | None:
    """Each event's places (as :meth:`_place_list`): one seen before is the shared place."""
    known = shared.known_place

    def place(get: Callable[[str], Any]) -> Place | None:
        name, lat, lon = get("name"), get("lat"), get("lon")
        found: Place | None = known(name, lat, lon)
        return found if found is not None else _new_place(name, lat, lon, shared)

    return _list_column(raw, _PLACE_KEYS, place)


def _new_place(name: Any, lat: Any, lon: Any, shared: Sharing) -> Place | None:
    """The place of a name and coordinates not seen before, when good; else ``None``."""
    if (
        _place_rules["name"](name) is not None
        or (lat is not None and _place_rules["lat"](lat) is not None)
        or (lon is not None and _place_rules["lon"](lon) is not None)
        or rules.coordinates(lat, lon) is not None
    ):
        return None
    return shared.place(_trusted_place, name, lat, lon)


def _person_column(raw: list[Any], shared: Sharing) -> list[tuple[Person, ...]] | None:
    """Each event's people: one seen before (name and role) is the shared person."""
    known = shared.known_person
    name_rule, role_rule = _person_rules["name"], _person_rules["role"]

    def person(get: Callable[[str], Any]) -> Person | None:
        name, role = get("name"), get("role")
        found: Person | None = known(name, role)
        if found is not None:
            return found
        if name_rule(name) is not None or (role is not None and role_rule(role) is not None):
            return None
        made: Person = shared.person(_trusted_person, name, role)
        return made

    return _list_column(raw, _PERSON_KEYS, person)


def _figure_column(
    raw: list[Any], intern: Callable[[str, str], str]
) -> list[tuple[Figure, ...]] | None:
    """Each event's figures (``figures``: a table of named numbers), as :meth:`_parts`."""
    out: list[tuple[Figure, ...]] = [_EMPTY] * len(raw)
    name_rule, value_rule = _figure_rules["name"], _figure_rules["value"]
    for k, figures in enumerate(raw):
        if figures is None:
            continue
        if type(figures) is not dict:
            return None
        made = []
        for name, value in figures.items():
            if name_rule(name) is not None or value_rule(value) is not None:
                return None
            made.append(_trusted_figure(name=intern(name, name), value=value))
        out[k] = tuple(made)
    return out


def _citation_column(
    raw: list[Any], source_ids: Mapping[str, int], shared: Sharing
) -> list[tuple[Citation, ...]] | None:
    """Each event's citations (``sources``), as :meth:`_citation` makes them."""
    quote_rule = _citation_rules["quote"]
    said_rule = _citation_rules["reported_text"]
    note_rule = _citation_rules["note"]
    intern = shared.text
    date = shared.date

    def citation(get: Callable[[str], Any]) -> Citation | None:
        source = get("source")
        if type(source) is not str or source not in source_ids:
            return None
        quote, said, note = get("quote"), get("reported_text"), get("note")
        if (
            (quote is not None and quote_rule(quote) is not None)
            or (said is not None and said_rule(said) is not None)
            or (note is not None and note_rule(note) is not None)
        ):
            return None
        text, tz = get("reported"), get("reported_tz")
        reported = None
        if text is not None or tz is not None:
            if text is None or type(text) is not str or not _good_zone(tz):
                return None
            try:
                reported = date(When, text, tz)
            except Exception:  # (refused: the decoder says why)
                return None
        return _trusted_citation(
            source=intern(source, source),
            quote=quote,
            reported=reported,
            reported_text=None if said is None else intern(said, said),
            note=None if note is None else intern(note, note),
        )

    return _list_column(raw, _CITATION_KEYS, citation)


def _link_column(
    raw: list[Any],
    tables: list[tuple[int, Any]],
    ids: list[str],
    links: list[tuple[int, int, str, str]],
    intern: Callable[[str, str], str],
) -> list[tuple[Link, ...]] | None:
    """Each event's links (``related``), as :meth:`_link` makes them; each one's target is
    added to ``links``, to be checked once every event is read."""
    note_rule = _link_rules["note"]
    identifier = rules.identifier

    def link(get: Callable[[str], Any]) -> Link | None:
        kind, target, note = get("kind"), get("event"), get("note")
        if (
            identifier(kind) is not None
            or identifier(target) is not None
            or (note is not None and note_rule(note) is not None)
        ):
            return None
        return _trusted_link(
            kind=intern(kind, kind),
            event=intern(target, target),
            note=None if note is None else intern(note, note),
        )

    out = _list_column(raw, _LINK_KEYS, link)
    if out is not None:
        for k, made in enumerate(out):
            if made:
                i, event_id = tables[k][0], ids[k]
                links += [(i, j, event_id, each.event) for j, each in enumerate(made)]
    return out
