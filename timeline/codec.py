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

The decoder is read in sections: the checks and problems every section shares
(:mod:`timeline._decoder`), the header with its sources and eras
(:mod:`timeline._decoder_head`) and the events (:mod:`timeline._decoder_events`);
:class:`Decoder` joins them and finishes the whole.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from timeline._decoder import KEYS, MAX_PROBLEMS
from timeline._decoder import _Path as _Path  # (read by the formats through this module)
from timeline._decoder import _zone_problem as _zone_problem  # (and by parquet_columns)
from timeline._decoder_events import _EventReader
from timeline._decoder_head import _HeadReader
from timeline.errors import Problem, TimelineLoadError
from timeline.models import (
    Citation,
    Era,
    Event,
    Source,
    Status,
    Timeline,
    _trusted_timeline,
)
from timeline.rules import MAX_ID, MAX_LONG_TEXT, MAX_SHORT_TEXT, MAX_URL, quoted, wrong_type

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
    "nested_to_data",
    "source_to_data",
    "to_data",
]


class Decoder(_HeadReader, _EventReader):
    """Builds a :class:`Timeline` from plain data, gathering problems.

    Every value is checked here, so the models' own validators never fail on
    what the decoder passes them; a problem is recorded with the *path* of the
    value (``("events", 3, "when")``), and turned into a line number by
    ``locate`` (of the format that read the data) only when the data is
    rejected.  :meth:`timeline` reads a whole document; a format that reads
    its document in parts calls :meth:`top`, :meth:`add_events` for each run
    of events, then :meth:`finish`.
    """

    # -- the whole -----------------------------------------------------------

    def timeline(self, data: dict[str, Any]) -> Timeline:
        """The timeline of a whole parsed document."""
        self.top(data)
        raw_events = data.get("events", [])
        self.add_events(self._tables(raw_events, ("events",), None, "events"))
        return self.finish()

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
    out.update(nested_to_data(event))
    return out


def nested_to_data(event: Event) -> dict[str, Any]:
    """The nested tables of an event as plain data (``figures``, ``places``, ``people``,
    ``sources``, ``related``: those it has, in :data:`KEYS` order); its date is not read."""
    out: dict[str, Any] = {}
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
