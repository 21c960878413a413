"""The decoder's events: each ``[[events]]`` table checked and built, with its tags,
figures, places, people, citations and links."""

from __future__ import annotations

from typing import Any, Final

from timeline import rules
from timeline._decoder import (
    _RULES,
    KEYS,
    MAX_PROBLEMS,
    _check_identifier,
    _Checks,
    _Path,
)
from timeline._decoder_runs import Run, checked_run
from timeline.models import (
    Citation,
    Event,
    Figure,
    Link,
    Person,
    Place,
    Status,
    _trusted_citation,
    _trusted_event,
    _trusted_figure,
    _trusted_link,
    _trusted_person,
    _trusted_place,
)
from timeline.rules import STATUSES, quoted, wrong_type
from timeline.when import When

_EVENT_KEYS: Final = frozenset(KEYS["events"])
_PLACE_KEYS: Final = frozenset(KEYS["events.places"])
_PERSON_KEYS: Final = frozenset(KEYS["events.people"])
_CITATION_KEYS: Final = frozenset(KEYS["events.sources"])
_LINK_KEYS: Final = frozenset(KEYS["events.related"])
_UNHASHABLE: Final = frozenset({list, dict})
_check_name: Final = rules.name
_check_summary: Final = _RULES["events"]["summary"]
_check_tag: Final = _RULES["events"]["tags"]
_check_figure_name: Final = _RULES["events.figures"]["name"]
_check_figure_value: Final = _RULES["events.figures"]["value"]


Rest = tuple[
    str,
    Status,
    str,
    tuple[Place, ...],
    tuple[Person, ...],
    tuple[str, ...],
    tuple[Figure, ...],
    tuple[Citation, ...],
    tuple[Link, ...],
]
"""An event's checked parts but its id and date: title, status, summary, places, people,
tags, figures, citations and links (:func:`made_event`'s order)."""


def made_event(event_id: str, when: When, rest: Rest) -> Event:
    """The event of checked parts (the one place a reader builds an event from them)."""
    title, status, summary, places, people, tags, figures, sources, related = rest
    return _trusted_event(
        id=event_id,
        title=title,
        when=when,
        status=status,
        summary=summary,
        places=places,
        people=people,
        tags=tags,
        figures=figures,
        sources=sources,
        related=related,
    )


class _EventReader(_Checks):
    """Reads the events of a document, a run of tables at a time."""

    def add_events(self, tables: list[tuple[int, Any]]) -> None:
        """Check and build the events of ``tables``: (index in the document, table) pairs.

        All together when nothing is wrong with any of them (:func:`checked_run`), else
        one event at a time, which says what is wrong.  (A run of a few dozen events, as
        a document is read in pieces, is checked fastest: the tables just parsed are
        still in the processor's cache; a run of 2,048 took a fifth longer.)"""
        if self.count == 0 and tables:  # (once a problem is found, only the words matter)
            run = checked_run(tables, self._event_ids, self._source_ids, self._shared)
            if run is not None and self._keep_run(run):
                self._event_ids.update(zip(run.ids, [i for i, _ in tables], strict=True))
                self._links += run.links
                tables.clear()  # (the tables are not needed once read: let them go)
                return
        self._each(tables)

    def _keep_run(self, run: Run) -> bool:
        """Keep the events of a checked run; ``False`` (nothing kept) when a date is refused.

        The row-by-row reader reads each date now, as :meth:`_event_date`; a reader that
        keeps its events as columns keeps the texts instead (:mod:`timeline._toml_columns`).
        """
        date = self._shared.date
        try:
            whens = [date(When, text, tz) for text, tz in zip(run.dates, run.zones, strict=True)]
        except Exception:  # (refused: each event's check says why)
            return False
        self._events += map(made_event, run.ids, whens, run.rests())
        return True

    def _each(self, tables: list[tuple[int, Any]]) -> None:
        """Check and build the events of ``tables`` one at a time."""
        event_ids = self._event_ids
        source_ids = self._source_ids
        links = self._links
        for k, (i, table) in enumerate(tables):
            if self.count >= MAX_PROBLEMS:
                self.stopped = True
                break
            tables[k] = (i, None)  # the table is not needed once read: let it go
            self._event(i, table, event_ids, source_ids, links)

    def _keep(self, event_id: str, when: Any, rest: Rest) -> None:
        """Keep a checked event: its id, its date (:meth:`_event_date`'s) and the rest.

        The row-by-row reader builds the event now; a reader that keeps its events as
        columns keeps the parts instead (:mod:`timeline._toml_columns`).
        """
        self._events.append(made_event(event_id, when, rest))

    def _event_date(
        self, path: _Path, event: str | None, field: str, text: object, tz: str | None
    ) -> Any:
        """The event's date (``None`` when refused): parsed now, as any date."""
        return self._when(path, event, field, text, tz)

    # -- events --------------------------------------------------------------

    def _event(
        self,
        i: int,
        table: dict[str, Any],
        ids: dict[str, int],
        source_ids: dict[str, int],
        links: list[tuple[int, int, str, str]],
    ) -> None:
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
        when: Any = None
        if tz is None or self._zone((*path, "tz"), name, prefix + "tz", tz):
            raw_when = get("when")
            if raw_when is None:
                self._add(path, name, prefix + "when", "missing (required)")
            else:
                when = self._event_date((*path, "when"), name, prefix + "when", raw_when, tz)

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

        parts = self._parts(i, table, path, name, prefix, source_ids, links)
        if self.count != before or event_id is None or when is None:
            return
        self._keep(event_id, when, (title, status, summary, *parts))

    def _parts(
        self,
        i: int,
        table: dict[str, Any],
        path: _Path,
        name: str | None,
        prefix: str,
        source_ids: dict[str, int],
        links: list[tuple[int, int, str, str]],
    ) -> tuple[Any, ...]:
        """An event's places, people, tags, figures, citations and links (:data:`Rest`'s
        order), each checked; problems added for the bad ones, which are left out."""
        get = table.get
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

        intern = self._intern
        return (
            tuple(places),
            tuple(people),
            tags,
            tuple([_trusted_figure(name=intern(k, k), value=v) for k, v in figures.items()])
            if figures
            else (),
            tuple(citations),
            tuple(related),
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
