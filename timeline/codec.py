"""One layer between the models and plain data: :func:`to_data` and :func:`from_data`.

Plain data is what every format writes: dicts, lists, text, numbers and
booleans, in the shape of the TOML file (``docs/format.md``): ``when`` as EDTF
text with its ``tz`` beside it, ``status`` as text, citations under
``sources``, links under ``related``, places with ``lat``/``lon``, people with
``role``, figures as a table of named numbers.  A key whose value is the
default (no status but ``happened``, an empty summary or list, ``None``) is
left out, and keys come in the order of :data:`KEYS`.

The TOML writer, the iCalendar ``X-TIMELINE-JSON`` and the CSV columns are
made from :func:`to_data`; the TOML loader and the iCalendar reader read
through :class:`Decoder`, which checks every value and gathers *every* problem
with its path, event and field (the TOML loader turns a path into a line
number).  ``from_data(to_data(tl)) == tl`` for every timeline.

The decoder is on the hot path of a load (a 100,000-event file must load in
about the time ``tomli`` takes to parse it), so the per-event path does plain
type checks and dict look-ups, and builds the models through their trusted
constructors once every value is checked.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable, Mapping
from typing import Any, Final

from timeline import rules
from timeline._fast import Sharing
from timeline.edtf import zone as _zone
from timeline.errors import Problem, TimelineError, TimelineLoadError
from timeline.models import (
    Citation,
    Era,
    Event,
    Figure,
    Link,
    Person,
    Place,
    Rule,
    Source,
    Status,
    Timeline,
    _trusted_citation,
    _trusted_event,
    _trusted_figure,
    _trusted_link,
    _trusted_person,
    _trusted_place,
    _trusted_source,
    _trusted_timeline,
    rules_of,
)
from timeline.rules import (
    MAX_ID,
    MAX_LONG_TEXT,
    MAX_SHORT_TEXT,
    MAX_URL,
    STATUSES,
    quoted,
    wrong_type,
)
from timeline.when import When

__all__ = [
    "KEYS",
    "MAX_ID",
    "MAX_LONG_TEXT",
    "MAX_PROBLEMS",
    "MAX_SHORT_TEXT",
    "MAX_URL",
    "Decoder",
    "era_to_data",
    "event_to_data",
    "from_data",
    "head_to_data",
    "source_to_data",
    "to_data",
]

#: The keys of plain data, per table, in the order :func:`to_data` gives them (and
#: the TOML file is written in).  ``""`` is the top level; ``events.sources`` are
#: citations.
KEYS: Final[Mapping[str, tuple[str, ...]]] = {
    "": ("title", "description", "tz", "sources", "eras", "events"),
    "sources": ("id", "title", "publisher", "url", "published", "note"),
    "eras": ("title", "when", "tz", "colour"),
    "events": (
        "id",
        "title",
        "when",
        "tz",
        "status",
        "summary",
        "tags",
        "figures",
        "places",
        "people",
        "sources",
        "related",
    ),
    "events.places": ("name", "lat", "lon"),
    "events.people": ("name", "role"),
    "events.sources": ("source", "quote", "reported", "reported_tz", "reported_text", "note"),
    "events.related": ("kind", "event", "note"),
}

_TOP_KEYS: Final = frozenset(KEYS[""])
_SOURCE_KEYS: Final = frozenset(KEYS["sources"])
_ERA_KEYS: Final = frozenset(KEYS["eras"])
_EVENT_KEYS: Final = frozenset(KEYS["events"])
_PLACE_KEYS: Final = frozenset(KEYS["events.places"])
_PERSON_KEYS: Final = frozenset(KEYS["events.people"])
_CITATION_KEYS: Final = frozenset(KEYS["events.sources"])
_LINK_KEYS: Final = frozenset(KEYS["events.related"])

#: The rule of each checked key, per table (as :data:`KEYS`), from the models'
#: own fields: one rule for a field, whether it is built or loaded.
_RULES: Final[Mapping[str, Mapping[str, Rule]]] = {
    "": rules_of(Timeline),
    "sources": rules_of(Source),
    "eras": rules_of(Era),
    "events": rules_of(Event),
    "events.figures": rules_of(Figure),
    "events.places": rules_of(Place),
    "events.people": rules_of(Person),
    "events.sources": rules_of(Citation),
    "events.related": rules_of(Link),
}
_UNHASHABLE: Final = frozenset({list, dict})
_check_identifier: Final = rules.identifier
_check_name: Final = rules.name
_check_summary: Final = _RULES["events"]["summary"]
_check_period: Final = _RULES["eras"]["when"]
_check_tag: Final = _RULES["events"]["tags"]
_check_figure_name: Final = _RULES["events.figures"]["name"]
_check_figure_value: Final = _RULES["events.figures"]["value"]

# The limits of values are rules of the models (timeline.rules: MAX_ID,
# MAX_SHORT_TEXT, MAX_LONG_TEXT, MAX_URL); this one is the decoder's own.
#: Problems listed in one error: checking stops once this many are found.
MAX_PROBLEMS: Final = 100

# A path to a value in plain data: ("events", 3, "sources", 0, "reported").
_Path = tuple[str | int, ...]


# -- reading plain data: messages ---------------------------------------------------


@functools.lru_cache(maxsize=1024)
def _zone_problem(name: str) -> str | None:
    try:
        _zone(name)
    except TimelineError as exc:
        return str(exc)
    return None


def _suggest(key: str, known: frozenset[str]) -> str:
    close = difflib.get_close_matches(key, sorted(known), n=1) if len(key) <= 100 else []
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown key {quoted(key)}{hint}"


def _close(name: str, known: Mapping[str, object]) -> str:
    if len(known) > 5000 or len(name) > 100:  # keep the error path fast on huge files
        return ""
    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


class Decoder:
    """Builds a :class:`Timeline` from plain data, gathering problems.

    Every value is checked here, so the models' own validators never fail on
    what the decoder passes them; a problem is recorded with the *path* of the
    value (``("events", 3, "when")``), and turned into a line number by
    ``locate`` (of the format that read the data) only when the data is
    rejected.  :meth:`timeline` reads a whole document; a format that reads
    its document in parts calls :meth:`top`, :meth:`add_events` for each run
    of events, then :meth:`finish`.
    """

    def __init__(
        self, file: str | None = None, locate: Callable[[_Path], int | None] | None = None
    ) -> None:
        self.file = file
        self.locate = locate
        # (path, event id or None, field or None, message)
        self.problems: list[tuple[_Path, str | None, str | None, str]] = []
        self.count = 0  # problems found, kept or not
        self.stopped = False  # checking stopped early: too many problems
        # values that repeat are shared: strings, tag lists, places, people, dates
        self._shared = Sharing()
        self._intern = self._shared.text
        # what the whole-document checks need, kept between the parts
        self._title: Any = ""
        self._description: Any = ""
        self._tz: str | None = None
        self._sources: list[Source] = []
        self._source_ids: dict[str, int] = {}
        self._eras: list[Era] = []
        self._events: list[Event] = []
        self._event_ids: dict[str, int] = {}
        self._links: list[tuple[int, int, str, str]] = []  # event index, link index, id, target

    # -- helpers -----------------------------------------------------------

    def _add(self, path: _Path, event: str | None, field: str | None, message: str) -> None:
        # every problem is counted; only the first MAX_PROBLEMS are kept (one
        # array of a million bad items must not make a million records)
        self.count += 1
        if self.count <= MAX_PROBLEMS:
            self.problems.append((path, event, field, message))

    def _close(self, name: str, known: Mapping[str, object]) -> str:
        """A suggestion for a problem that will be listed (the rest are only counted)."""
        return _close(name, known) if self.count < MAX_PROBLEMS else ""

    def _when(
        self, path: _Path, event: str | None, field: str, text: object, tz: str | None
    ) -> When | None:
        if type(text) is not str:
            self._add(path, event, field, wrong_type(text, "a string (an EDTF date)"))
            return None
        try:
            return self._shared.date(When, text, tz)
        except TimelineError as exc:
            self._add(path, event, field, str(exc))
        except Exception as exc:  # a bug in When must not escape as another type
            self._add(path, event, field, f"{quoted(text)} is not a valid date ({exc!r})")
        return None

    def _zone(self, path: _Path, event: str | None, field: str, value: object) -> bool:
        """Check an IANA zone name; ``True`` when good."""
        if type(value) is not str:
            self._add(path, event, field, wrong_type(value, "a string (an IANA time zone)"))
            return False
        why = _zone_problem(value) if len(value) <= 100 else "not a time zone (too long)"
        if why is not None:
            self._add(path, event, field, why)
            return False
        return True

    def _texts(
        self,
        table: dict[str, Any],
        kind: str,
        required: tuple[str, ...],
        optional: tuple[str, ...],
        path: _Path,
        event: str | None,
        prefix: str,
    ) -> list[Any]:
        """The values of text keys of a ``kind`` of table (``None`` for absent or bad ones)."""
        get = table.get
        checks = _RULES[kind]
        out: list[Any] = []
        for key in required:
            value = get(key)
            if value is None:
                self._add(path, event, prefix + key, "missing (required)")
                out.append(None)
                continue
            message = checks[key](value)
            if message is None:
                out.append(value)
            else:
                self._add((*path, key), event, prefix + key, message)
                out.append(None)
        for key in optional:
            value = get(key)
            if value is not None:
                message = checks[key](value)
                if message is not None:
                    self._add((*path, key), event, prefix + key, message)
                    value = None
            out.append(value)
        return out

    def _unknown(
        self,
        table: dict[str, Any],
        known: frozenset[str],
        path: _Path,
        event: str | None,
        field: str | None,
    ) -> None:
        for key in sorted(table.keys() - known):
            self._add((*path, key), event, field, _suggest(key, known))

    def _tables(
        self, value: object, path: _Path, event: str | None, field: str
    ) -> list[tuple[int, dict[str, Any]]]:
        """The tables of array ``value`` with their indexes; problems for the rest."""
        if type(value) is list:
            tables = list(enumerate(value))
            for _, item in tables:
                if type(item) is not dict:
                    break
            else:
                return tables
            good: list[tuple[int, dict[str, Any]]] = []
            for i, item in tables:
                if type(item) is dict:
                    good.append((i, item))
                else:
                    self._add((*path, i), event, f"{field}[{i}]", wrong_type(item, "a table"))
            return good
        self._add(path, event, field, wrong_type(value, "an array of tables"))
        return []

    def _slug(
        self, table: dict[str, Any], key: str, path: _Path, event: str | None, prefix: str
    ) -> str | None:
        value = table.get(key)
        if value is None:
            self._add(path, event, prefix + key, "missing (required)")
            return None
        message = _check_identifier(value)
        if message is None:
            return value  # type: ignore[no-any-return]
        self._add((*path, key), event, prefix + key, message)
        return None

    # -- the whole -----------------------------------------------------------

    def timeline(self, data: dict[str, Any]) -> Timeline:
        """The timeline of a whole parsed document."""
        self.top(data)
        raw_events = data.get("events", [])
        self.add_events(self._tables(raw_events, ("events",), None, "events"))
        return self.finish()

    def top(self, data: dict[str, Any]) -> None:
        """Check the top level: the title, the description, the zone, the sources and the eras."""
        if not _TOP_KEYS.issuperset(data):
            self._unknown(data, _TOP_KEYS, (), None, None)
        title, description = self._texts(data, "", ("title",), ("description",), (), None, "")
        self._title, self._description = title or "", description or ""
        tz = data.get("tz")
        if tz is not None and self._zone(("tz",), None, "tz", tz):
            self._tz = tz

        sources = self._sources
        source_ids = self._source_ids
        raw_sources = data.get("sources", [])
        for i, table in self._tables(raw_sources, ("sources",), None, "sources"):
            if self.count >= MAX_PROBLEMS:
                self.stopped = True
                break
            source = self._source(i, table, source_ids)
            if source is not None:
                sources.append(source)

        for i, table in self._tables(data.get("eras", []), ("eras",), None, "eras"):
            if self.count >= MAX_PROBLEMS:
                self.stopped = True
                break
            era = self._era(i, table)
            if era is not None:
                self._eras.append(era)

    def add_events(self, tables: list[tuple[int, Any]]) -> None:
        """Check and build the events of ``tables``: (index in the document, table) pairs."""
        events = self._events
        event_ids = self._event_ids
        source_ids = self._source_ids
        links = self._links
        for k, (i, table) in enumerate(tables):
            if self.count >= MAX_PROBLEMS:
                self.stopped = True
                break
            tables[k] = (i, None)  # the table is not needed once read: let it go
            event = self._event(i, table, event_ids, source_ids, links)
            if event is not None:
                events.append(event)

    def finish(self) -> Timeline:
        """The timeline, once every part is read; else every problem found, raised."""
        event_ids = self._event_ids
        for i, j, event_id, target in self._links:
            if self.count >= MAX_PROBLEMS:
                self.stopped = True
                break
            if target not in event_ids:
                self._add(
                    ("events", i, "related", j, "event"),
                    event_id,
                    f"related[{j}].event",
                    f"unknown event {quoted(target)}" + self._close(target, event_ids),
                )

        if self.count:
            complete = not self.stopped and self.count <= MAX_PROBLEMS
            raise TimelineLoadError(self._resolve(), found=None if complete else self.count)
        # every value was checked above, to the models' own rules: they are
        # built without running the models' validators again
        return _trusted_timeline(
            title=self._title,
            events=self._events,
            sources=self._sources,
            description=self._description,
            tz=self._tz,
            eras=self._eras,
        )

    def _duplicate(self, kind: str, first: int, path: _Path, event: str | None, field: str) -> None:
        listed = self.count < MAX_PROBLEMS
        where = self._line((kind, first, "id")) if listed else None
        at = f" (first at line {where})" if where is not None else ""
        what = "event" if kind == "events" else "source"
        self._add((*path, "id"), event, field, f"duplicate {what} id{at}")

    # -- sources -------------------------------------------------------------

    def _source(self, i: int, table: dict[str, Any], ids: dict[str, int]) -> Source | None:
        path: _Path = ("sources", i)
        prefix = f"sources[{i}]."
        before = self.count
        if not _SOURCE_KEYS.issuperset(table):
            self._unknown(table, _SOURCE_KEYS, path, None, f"sources[{i}]")
        source_id = self._slug(table, "id", path, None, prefix)
        if source_id is not None:
            if source_id in ids:
                self._duplicate("sources", ids[source_id], path, None, prefix + "id")
            else:
                ids[source_id] = i
        title, publisher, url, note = self._texts(
            table, "sources", ("title",), ("publisher", "url", "note"), path, None, prefix
        )
        published = None
        raw = table.get("published")
        if raw is not None:
            published = self._when((*path, "published"), None, prefix + "published", raw, None)
        if self.count != before or source_id is None:
            return None
        return _trusted_source(
            id=source_id, title=title, publisher=publisher, url=url, published=published, note=note
        )

    # -- eras --------------------------------------------------------------

    def _era(self, i: int, table: dict[str, Any]) -> Era | None:
        path: _Path = ("eras", i)
        prefix = f"eras[{i}]."
        before = self.count
        if not _ERA_KEYS.issuperset(table):
            self._unknown(table, _ERA_KEYS, path, None, f"eras[{i}]")
        title, colour = self._texts(table, "eras", ("title",), ("colour",), path, None, prefix)
        when: When | None = None
        tz = table.get("tz")
        if tz is None or self._zone((*path, "tz"), None, prefix + "tz", tz):
            raw = table.get("when")
            if raw is None:
                self._add(path, None, prefix + "when", "missing (required)")
            else:
                when = self._when((*path, "when"), None, prefix + "when", raw, tz)
                message = None if when is None else _check_period(when)
                if message is not None:
                    self._add((*path, "when"), None, prefix + "when", message)
        if self.count != before or title is None or when is None:
            return None
        return Era(title, when, colour=colour)  # (few: built by the checked constructor)

    # -- events --------------------------------------------------------------

    def _event(
        self,
        i: int,
        table: dict[str, Any],
        ids: dict[str, int],
        source_ids: dict[str, int],
        links: list[tuple[int, int, str, str]],
    ) -> Event | None:
        path: _Path = ("events", i)
        before = self.count
        get = table.get
        event_id: Any = get("id")
        name: str | None
        if _check_identifier(event_id) is None:
            # problems of an event with a usable id name it; others name its position
            name, prefix = event_id, ""
            if event_id in ids:
                self._duplicate("events", ids[event_id], path, name, "id")
                event_id = None
            else:
                ids[event_id] = i
        else:
            name, prefix = None, f"events[{i}]."
            event_id = self._slug(table, "id", path, None, prefix)
        if not _EVENT_KEYS.issuperset(table):
            self._unknown(table, _EVENT_KEYS, path, name, prefix[:-1] or None)

        title: Any = get("title")
        if _check_name(title) is not None:
            title = self._texts(table, "events", ("title",), (), path, name, prefix)[0]

        tz = get("tz")
        when: When | None = None
        if tz is None or self._zone((*path, "tz"), name, prefix + "tz", tz):
            raw_when = get("when")
            if raw_when is None:
                self._add(path, name, prefix + "when", "missing (required)")
            else:
                when = self._when((*path, "when"), name, prefix + "when", raw_when, tz)

        raw_status = get("status", "happened")
        status: Any = STATUSES.get(raw_status) if type(raw_status) is str else None
        if status is None:
            message = rules.status(raw_status)
            assert message is not None
            self._add((*path, "status"), name, prefix + "status", message)

        summary = get("summary", "")
        message = _check_summary(summary)
        if message is not None:
            self._add((*path, "summary"), name, prefix + "summary", message)

        tags: tuple[str, ...] = ()
        raw_tags = get("tags")
        if raw_tags is not None:
            tags = self._tag_tuple(raw_tags, path, name, prefix)

        figures: dict[str, Any] = {}
        raw_figures = get("figures")
        if raw_figures is not None:
            figures = self._figures(raw_figures, path, name, prefix)

        places: list[Place] = []
        raw_places = get("places")
        if raw_places is not None:
            places = self._place_list(raw_places, path, name, prefix)

        people: list[Person] = []
        raw_people = get("people")
        if raw_people is not None:
            for j, p in self._tables(raw_people, (*path, "people"), name, prefix + "people"):
                ppath = (*path, "people", j)
                pfx = f"{prefix}people[{j}]"
                if not _PERSON_KEYS.issuperset(p):
                    self._unknown(p, _PERSON_KEYS, ppath, name, pfx)
                person_name, role = self._texts(
                    p, "events.people", ("name",), ("role",), ppath, name, pfx + "."
                )
                if person_name is not None:
                    people.append(self._shared.person(_trusted_person, person_name, role))

        citations: list[Citation] = []
        raw_citations = get("sources")
        if raw_citations is not None:
            for j, c in self._tables(raw_citations, (*path, "sources"), name, prefix + "sources"):
                citation = self._citation(c, path, j, name, prefix, source_ids)
                if citation is not None:
                    citations.append(citation)

        related: list[Link] = []
        raw_related = get("related")
        if raw_related is not None:
            for j, r in self._tables(raw_related, (*path, "related"), name, prefix + "related"):
                link = self._link(r, (*path, "related", j), name, f"{prefix}related[{j}]")
                if link is not None:
                    related.append(link)
                    if name is not None:
                        links.append((i, j, name, link.event))

        if self.count != before or event_id is None or when is None:
            return None
        intern = self._intern
        return _trusted_event(
            id=event_id,
            title=title,
            when=when,
            status=status,
            summary=summary,
            places=tuple(places),
            people=tuple(people),
            tags=tags,
            figures=tuple([_trusted_figure(name=intern(k, k), value=v) for k, v in figures.items()])
            if figures
            else (),
            sources=tuple(citations),
            related=tuple(related),
        )

    def _tag_tuple(
        self, raw: object, path: _Path, event: str | None, prefix: str
    ) -> tuple[str, ...]:
        if type(raw) is not list:
            self._add(
                (*path, "tags"), event, prefix + "tags", wrong_type(raw, "an array of strings")
            )
            return ()
        tags = tuple(raw)
        shared = self._shared.known_tags(tags)  # a tag list seen before was checked then
        if shared is not None:
            return shared
        good = True
        for j, tag in enumerate(tags):
            message = _check_tag(tag)
            if message is not None:
                self._add((*path, "tags"), event, f"{prefix}tags[{j}]", message)
                good = False
        return self._shared.tags(tags) if good else ()

    def _figures(self, raw: object, path: _Path, event: str | None, prefix: str) -> dict[str, Any]:
        if type(raw) is not dict:
            expected = wrong_type(raw, "a table of named numbers")
            self._add((*path, "figures"), event, prefix + "figures", expected)
            return {}
        for key, number in raw.items():
            message = _check_figure_name(key) or _check_figure_value(number)
            if message is not None:
                field = f"{prefix}figures.{key if len(key) <= 100 else key[:40] + '...'}"
                self._add((*path, "figures", key), event, field, message)
        return raw

    def _place_list(self, raw: object, path: _Path, event: str | None, prefix: str) -> list[Place]:
        places: list[Place] = []
        for j, p in self._tables(raw, (*path, "places"), event, prefix + "places"):
            name: Any = p.get("name")
            lat: Any = p.get("lat")
            lon: Any = p.get("lon")
            if type(name) is not str or type(lat) in _UNHASHABLE or type(lon) in _UNHASHABLE:
                self._place(p, (*path, "places", j), event, f"{prefix}places[{j}]")
                continue
            # places repeat: one seen before was checked then (3 keys: none unknown)
            place = self._shared.known_place(name, lat, lon)
            if place is None or len(p) != (1 if lat is None else 3):
                place = self._place(p, (*path, "places", j), event, f"{prefix}places[{j}]")
                if place is None:
                    continue
            places.append(place)
        return places

    def _place(self, p: dict[str, Any], path: _Path, event: str | None, field: str) -> Place | None:
        before = self.count
        if not _PLACE_KEYS.issuperset(p):
            self._unknown(p, _PLACE_KEYS, path, event, field)
        prefix = field + "."
        place_name, lat, lon = self._texts(
            p, "events.places", ("name",), ("lat", "lon"), path, event, prefix
        )
        message = rules.coordinates(p.get("lat"), p.get("lon"))
        if message is not None:
            self._add(path, event, field, message)
        if self.count != before:
            return None
        return self._shared.place(_trusted_place, place_name, lat, lon)

    def _citation(
        self,
        c: dict[str, Any],
        event_path: _Path,
        j: int,
        event: str | None,
        event_prefix: str,
        source_ids: dict[str, int],
    ) -> Citation | None:
        before = self.count
        path = (*event_path, "sources", j)
        field = f"{event_prefix}sources[{j}]"
        prefix = field + "."
        if not _CITATION_KEYS.issuperset(c):
            self._unknown(c, _CITATION_KEYS, path, event, field)
        get = c.get
        source = get("source")
        if type(source) is not str:
            if source is None:
                self._add(path, event, prefix + "source", "missing (required)")
            else:
                message = wrong_type(source, "a string")
                self._add((*path, "source"), event, prefix + "source", message)
        elif source not in source_ids:
            self._add(
                (*path, "source"),
                event,
                prefix + "source",
                f"unknown source {quoted(source)}" + self._close(source, source_ids),
            )
        quote, reported_text, note = self._texts(
            c, "events.sources", (), ("quote", "reported_text", "note"), path, event, prefix
        )
        reported = None
        raw = get("reported")
        reported_tz = get("reported_tz")
        if reported_tz is not None:
            tz_path = (*path, "reported_tz")
            if not self._zone(tz_path, event, prefix + "reported_tz", reported_tz):
                raw = None
            elif raw is None:
                self._add(tz_path, event, prefix + "reported_tz", "given without 'reported'")
        if raw is not None:
            reported = self._when((*path, "reported"), event, prefix + "reported", raw, reported_tz)
        if self.count != before:
            return None
        assert type(source) is str  # a known source id: a valid one
        intern = self._intern
        return _trusted_citation(
            source=intern(source, source),
            quote=quote,
            reported=reported,
            reported_text=None if reported_text is None else intern(reported_text, reported_text),
            note=None if note is None else intern(note, note),
        )

    def _link(self, r: dict[str, Any], path: _Path, event: str | None, field: str) -> Link | None:
        before = self.count
        if not _LINK_KEYS.issuperset(r):
            self._unknown(r, _LINK_KEYS, path, event, field)
        prefix = field + "."
        kind = self._slug(r, "kind", path, event, prefix)
        target = self._slug(r, "event", path, event, prefix)
        (note,) = self._texts(r, "events.related", (), ("note",), path, event, prefix)
        if self.count != before or kind is None or target is None:
            return None
        intern = self._intern
        return _trusted_link(
            kind=intern(kind, kind),
            event=intern(target, target),
            note=None if note is None else intern(note, note),
        )

    # -- line numbers (error path only) -----------------------------------------

    # -- line numbers (error path only) -----------------------------------------

    def _line(self, path: _Path) -> int | None:
        return None if self.locate is None else self.locate(path)

    def _resolve(self) -> list[Problem]:
        # only the first MAX_PROBLEMS found are kept, located and listed: data
        # with a million mistakes is rejected as fast as data with a few
        problems = [
            Problem(message, file=self.file, line=self._line(path), event=event, field=field)
            for path, event, field, message in self.problems
        ]
        # in file order; problems without a line first (they concern the whole file)
        problems.sort(key=lambda p: p.line or 0)
        return problems


# -- plain data: the public functions -------------------------------------------------


def from_data(data: Mapping[str, Any], *, file: str | None = None) -> Timeline:
    """The timeline of plain ``data`` (the shape of :func:`to_data`), checked whole.

    Raises :class:`~timeline.errors.TimelineLoadError` listing every problem,
    each with its event and field (``file`` names the data in the messages).
    """
    if not isinstance(data, dict):
        problem = Problem(wrong_type(data, "a table (a dict)"), file=file)
        raise TimelineLoadError([problem])
    return Decoder(file).timeline(data)


def to_data(tl: Timeline) -> dict[str, Any]:
    """The timeline as plain data; :func:`from_data` gives it back equal."""
    out = head_to_data(tl)
    if tl.events:
        out["events"] = [event_to_data(e) for e in tl.events]
    return out


def head_to_data(tl: Timeline) -> dict[str, Any]:
    """The plain data of the timeline but its events (a writer that goes event by
    event takes each one's :func:`event_to_data` as it writes it: the plain data
    of 100,000 events at once is millions of objects for the garbage collector)."""
    out: dict[str, Any] = {"title": tl.title}
    if tl.description:
        out["description"] = tl.description
    if tl.tz is not None:
        out["tz"] = tl.tz
    if tl.sources:
        out["sources"] = [source_to_data(s) for s in tl.sources]
    if tl.eras:
        out["eras"] = [era_to_data(e) for e in tl.eras]
    return out


def source_to_data(source: Source) -> dict[str, Any]:
    """A source as plain data (a ``[[sources]]`` table)."""
    published = source.published
    return _given(
        {"id": source.id, "title": source.title},
        publisher=source.publisher,
        url=source.url,
        published=None if published is None else published.edtf,
        note=source.note,
    )


def era_to_data(era: Era) -> dict[str, Any]:
    """An era as plain data (an ``[[eras]]`` table)."""
    when = era.when
    return _given({"title": era.title, "when": when.edtf}, tz=when.tz, colour=era.colour)


def event_to_data(event: Event) -> dict[str, Any]:
    """An event as plain data (an ``[[events]]`` table), keys in :data:`KEYS` order."""
    when = event.when
    out: dict[str, Any] = {"id": event.id, "title": event.title, "when": when.edtf}
    if when.tz is not None:
        out["tz"] = when.tz
    if event.status is not Status.HAPPENED:
        out["status"] = event.status.value
    if event.summary:
        out["summary"] = event.summary
    if event.tags:
        out["tags"] = list(event.tags)
    if event.figures:
        out["figures"] = {f.name: f.value for f in event.figures}
    if event.places:
        out["places"] = [_given({"name": p.name}, lat=p.lat, lon=p.lon) for p in event.places]
    if event.people:
        out["people"] = [_given({"name": p.name}, role=p.role) for p in event.people]
    if event.sources:
        out["sources"] = [_citation_data(c) for c in event.sources]
    if event.related:
        out["related"] = [
            _given({"kind": r.kind, "event": r.event}, note=r.note) for r in event.related
        ]
    return out


def _given(out: dict[str, Any], **optional: object) -> dict[str, Any]:
    """``out`` with the ``optional`` values that are not ``None``, in their order."""
    for key, value in optional.items():
        if value is not None:
            out[key] = value
    return out


def _citation_data(citation: Citation) -> dict[str, Any]:
    reported = citation.reported
    return _given(
        {"source": citation.source},
        quote=citation.quote,
        reported=None if reported is None else reported.edtf,
        reported_tz=None if reported is None else reported.tz,
        reported_text=citation.reported_text,
        note=citation.note,
    )
