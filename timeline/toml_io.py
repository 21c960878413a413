"""Read and write timelines as TOML (the format is described in ``docs/format.md``).

:func:`loads` and :func:`load` check a whole file and raise one
:class:`~timeline.errors.TimelineLoadError` listing *every* problem found, each
with its file, line, event and field.  They raise no other exception type,
whatever the input.  :func:`dumps` and :func:`dump` write a file that
:func:`loads` reads back to an equal :class:`~timeline.models.Timeline`.

The loader is on the hot path (a 100,000-event file must load in about the
time ``tomli`` takes to parse it), so the per-event path does plain type
checks and dict look-ups; line numbers are searched for only when there is
something to report.
"""

from __future__ import annotations

import bisect
import contextlib
import difflib
import functools
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Final

import tomli
import tomli_w

from timeline import rules
from timeline._atomic import atomic_write
from timeline._fast import Sharing, collector_paused
from timeline._files import open_regular
from timeline.edtf import zone as _zone
from timeline.errors import Problem, TimelineError, TimelineLoadError
from timeline.models import (
    Citation,
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
from timeline.resources import SCHEMA_URL
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
    "MAX_FILE_BYTES",
    "MAX_ID",
    "MAX_LONG_TEXT",
    "MAX_PROBLEMS",
    "MAX_SHORT_TEXT",
    "MAX_URL",
    "SCHEMA_COMMENT",
    "dump",
    "dumps",
    "load",
    "loads",
]

SCHEMA_COMMENT: Final = f"#:schema {SCHEMA_URL}"
"""First line written by :func:`dumps`: the schema by its URL, which resolves wherever
the file is saved (a relative path would only from one folder)."""

#: The keys the loader knows, per table, in the order :func:`dumps` writes them.
#: ``""`` is the top level; ``events.sources`` are citations.
KEYS: Final[Mapping[str, tuple[str, ...]]] = {
    "": ("title", "description", "tz", "sources", "events"),
    "sources": ("id", "title", "publisher", "url", "published", "note"),
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
_check_tag: Final = _RULES["events"]["tags"]
_check_figure_name: Final = _RULES["events.figures"]["name"]
_check_figure_value: Final = _RULES["events.figures"]["value"]

# -- limits (docs/format.md, "Limits") -------------------------------------------
# The limits of values are rules of the models (timeline.rules: MAX_ID,
# MAX_SHORT_TEXT, MAX_LONG_TEXT, MAX_URL); these two are the loader's own.
# A realistic 100,000-event file is about 47 MB and loads in seconds; a file is
# refused before it is read when it is larger than this (memory grows to about
# ten times the file size while a file is parsed).
MAX_FILE_BYTES: Final = 64 * 1024 * 1024
#: Problems listed in one error: checking stops once this many are found.
MAX_PROBLEMS: Final = 100

# A path to a value in the document: ("events", 3, "sources", 0, "reported").
_Path = tuple[str | int, ...]


# -- public API ---------------------------------------------------------------


def loads(text: str, *, source: str | None = None, pause_gc: bool = False) -> Timeline:
    """Parse and check a timeline from TOML ``text``.

    ``source`` names the file in error messages.  A leading UTF-8 byte order
    mark is ignored.  Raises :class:`~timeline.errors.TimelineLoadError`
    listing every problem found.  ``pause_gc``: as for :func:`load`.
    """
    if not isinstance(text, str):
        raise TimelineLoadError(
            [Problem(f"expected TOML text (str), not {type(text).__name__}", file=source)]
        )
    if len(text) > MAX_FILE_BYTES:
        raise TimelineLoadError([Problem(_too_big(len(text), "characters"), file=source)])
    if text.startswith("\ufeff"):
        text = text[1:]
    return _load_document(text, source, pause_gc)


def _load_document(doc: str | bytes, source: str | None, pause_gc: bool) -> Timeline:
    """The timeline of ``doc``: TOML text, or a file's bytes (UTF-8, maybe with a BOM).

    First piece by piece (:meth:`_Loader.pieces`): the events are built as
    their tables are parsed, so that neither the whole text (for a file) nor
    the whole parsed document is ever held.  A document that does not split
    cleanly, or has any TOML or UTF-8 error, is read again whole, which gives
    the exact message.
    """
    with collector_paused() if pause_gc else contextlib.nullcontext():
        try:
            return _Loader(doc, source).pieces()
        except _NotInPiecesError:
            pass
        if isinstance(doc, bytes):
            text = _decode(doc, source)
            del doc  # the text is what the messages need from now on
            text = text.removeprefix("\ufeff")
        else:
            text = doc
        return _loads(text, source)


def _decode(raw: bytes, name: str | None) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = raw[exc.start]
        raise TimelineLoadError(
            [
                Problem(
                    f"not UTF-8 text (byte 0x{byte:02x} at offset {exc.start})",
                    file=name,
                    line=line,
                )
            ]
        ) from None


def _loads(text: str, source: str | None) -> Timeline:
    try:
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        column = getattr(exc, "colno", None)
        message = getattr(exc, "msg", None) or str(exc)
        where = f" (column {column})" if column is not None else ""
        raise TimelineLoadError(
            [Problem(f"invalid TOML: {message}{where}", file=source, line=line)]
        ) from None
    except (RecursionError, MemoryError, ValueError) as exc:
        huge = _huge_integer(text, source) if isinstance(exc, ValueError) else None
        raise TimelineLoadError(
            [huge or Problem(f"invalid TOML: {type(exc).__name__}: {exc}", file=source)]
        ) from None
    return _Loader(text, source).timeline(data)


# A decimal integer too long for Python to read (over 4,300 digits), where a value
# starts: after ``=``, ``[``, ``{`` or ``,``.  The parser stops on it without saying
# where; the first such run in the text is where it stopped.
_HUGE_DECIMAL: Final = re.compile(r"[=\[{,][ \t]*[+-]?((?:[0-9]_?){4301,})")
_KEY_BEFORE: Final = re.compile(r"""([A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')[ \t]*=[ \t]*[+-]?$""")


def _huge_integer(text: str, source: str | None) -> Problem | None:
    """The problem of a decimal integer too long to read, at its line and key."""
    found = _HUGE_DECIMAL.search(text)
    if found is None:
        return None
    start = found.start(1)
    line_start = text.rfind("\n", 0, start) + 1
    key = _KEY_BEFORE.search(text, line_start, start)
    digits = found[1].replace("_", "")
    return Problem(
        f"an integer of {len(digits):,} digits is out of range (integers are 64-bit)",
        file=source,
        line=text.count("\n", 0, start) + 1,
        field=key[1].strip("\"'") if key is not None else None,
    )


def load(path: str | os.PathLike[str], *, pause_gc: bool = False) -> Timeline:
    """Read and check the timeline file at ``path`` (UTF-8 TOML).

    Raises :class:`~timeline.errors.TimelineLoadError` when the file cannot be
    read, is not UTF-8, is not TOML, or breaks any rule of the format.

    ``pause_gc=True`` pauses Python's cyclic garbage collector during the load,
    for *every* thread of the process (a big file loads a fifth to a third
    faster: see :func:`timeline._fast.collector_paused`).  An application that
    owns its process may ask for it; by default a load changes nothing
    process-wide.
    """
    name = os.fspath(path)
    target = Path(name)
    try:
        raw = _read_bounded(target, name)
    except IsADirectoryError:
        raise TimelineLoadError([Problem("cannot read: it is a directory", file=name)]) from None
    except FileNotFoundError:
        raise TimelineLoadError([Problem("cannot read: no such file", file=name)]) from None
    except OSError as exc:
        if target.is_dir():
            raise TimelineLoadError(
                [Problem("cannot read: it is a directory", file=name)]
            ) from None
        why = exc.strerror or str(exc)
        raise TimelineLoadError([Problem(f"cannot read: {why}", file=name)]) from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TimelineLoadError(
            [Problem("not UTF-8 text (it looks like UTF-16: save it as UTF-8)", file=name, line=1)]
        )
    # the bytes are half the size of the text (which takes two bytes a
    # character once one is beyond Latin-1): they are decoded piece by piece
    return _load_document(raw, name, pause_gc)


def _too_big(size: int, unit: str) -> str:
    return (
        f"the file is too big ({size:,} {unit}; at most {MAX_FILE_BYTES:,}):"
        " split the timeline into several files"
    )


def _read_bounded(target: Path, name: str) -> bytes:
    """The file's bytes, refusing one larger than :data:`MAX_FILE_BYTES` before reading it.

    Anything but a regular file (a FIFO, a device, a socket) is refused before
    a byte is read: it could block the reader for ever.  The size is read from
    the open file (a sparse or growing file cannot slip past), and at most one
    byte more than the limit is ever read.
    """
    with open_regular(target) as handle:  # (a FIFO is refused, not waited on)
        size = os.fstat(handle.fileno()).st_size
        if size > MAX_FILE_BYTES:
            raise TimelineLoadError([Problem(_too_big(size, "bytes"), file=name)])
        raw = handle.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise TimelineLoadError([Problem(_too_big(len(raw), "bytes or more"), file=name)])
    return raw


def dumps(tl: Timeline) -> str:
    """The timeline as TOML text, readable and in a stable layout.

    The first line is the ``#:schema`` comment; then ``title`` and
    ``description``, the ``[[sources]]`` in their order, and the
    ``[[events]]`` in chronological order, each with its keys in the order of
    :data:`KEYS`.  Text with line breaks is written as multi-line strings.
    """
    top: dict[str, Any] = {"title": tl.title}
    if tl.description:
        top["description"] = tl.description
    if tl.tz is not None:
        top["tz"] = tl.tz
    chunks = [SCHEMA_COMMENT + "\n", _table(top)]
    for source in tl.sources:
        chunks.append("\n[[sources]]\n" + _table(_source_dict(source)))
    for event in tl.events:
        chunks.append(_event_text(event))
    return "".join(chunks)


def dump(tl: Timeline, path: str | os.PathLike[str], *, force: bool = False) -> None:
    """Write the timeline to ``path`` atomically (UTF-8, ``\\n`` line ends).

    The old file stays intact until the new one is complete; on failure a
    :class:`~timeline.errors.TimelineError` names the file.  A read-only file
    is refused unless ``force`` (see :func:`timeline._atomic.atomic_write`).
    """
    atomic_write(path, dumps(tl).encode("utf-8"), force=force)


# -- writing ------------------------------------------------------------------


def _table(values: dict[str, Any]) -> str:
    # tomli_w turns "\r\n" into "\n" in multi-line strings: keep those one-line.
    multiline = not any(isinstance(v, str) and "\r" in v for v in values.values())
    return tomli_w.dumps(values, multiline_strings=multiline)


def _tags_line(tags: tuple[str, ...]) -> str:
    """``tags = [...]`` on one line when it is short, else one tag a line."""
    line = "tags = [" + ", ".join(tomli_w.dumps({"t": t})[4:-1] for t in tags) + "]\n"
    if len(line) <= 100:
        return line
    return tomli_w.dumps({"tags": list(tags)})


def _source_dict(source: Source) -> dict[str, Any]:
    out: dict[str, Any] = {"id": source.id, "title": source.title}
    if source.publisher is not None:
        out["publisher"] = source.publisher
    if source.url is not None:
        out["url"] = source.url
    if source.published is not None:
        out["published"] = source.published.edtf
    if source.note is not None:
        out["note"] = source.note
    return out


def _event_text(event: Event) -> str:
    head: dict[str, Any] = {"id": event.id, "title": event.title, "when": event.when.edtf}
    if event.when.tz is not None:
        head["tz"] = event.when.tz
    if event.status is not Status.HAPPENED:
        head["status"] = event.status.value
    if event.summary:
        head["summary"] = event.summary
    parts = ["\n[[events]]\n", _table(head)]
    if event.tags:
        parts.append(_tags_line(event.tags))
    if event.figures:
        parts.append("\n[events.figures]\n")
        parts.append(_table({f.name: f.value for f in event.figures}))
    for place in event.places:
        p: dict[str, Any] = {"name": place.name}
        if place.lat is not None:
            p["lat"] = place.lat
        if place.lon is not None:
            p["lon"] = place.lon
        parts.append("\n[[events.places]]\n" + _table(p))
    for person in event.people:
        q: dict[str, Any] = {"name": person.name}
        if person.role is not None:
            q["role"] = person.role
        parts.append("\n[[events.people]]\n" + _table(q))
    for citation in event.sources:
        c: dict[str, Any] = {"source": citation.source}
        if citation.quote is not None:
            c["quote"] = citation.quote
        if citation.reported is not None:
            c["reported"] = citation.reported.edtf
            if citation.reported.tz is not None:
                c["reported_tz"] = citation.reported.tz
        if citation.reported_text is not None:
            c["reported_text"] = citation.reported_text
        if citation.note is not None:
            c["note"] = citation.note
        parts.append("\n[[events.sources]]\n" + _table(c))
    for link in event.related:
        r: dict[str, Any] = {"kind": link.kind, "event": link.event}
        if link.note is not None:
            r["note"] = link.note
        parts.append("\n[[events.related]]\n" + _table(r))
    return "".join(parts)


# -- reading: values ------------------------------------------------------------


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


class _Loader:
    """Builds a :class:`Timeline` from parsed TOML, gathering problems.

    Every value is checked here, so the models' own validators never fail on
    what the loader passes them; a problem is recorded with the *path* of the
    value, and turned into a line number only when the file is rejected.
    """

    def __init__(self, doc: str | bytes, file: str | None) -> None:
        self.doc = doc  # the text, or a file's bytes: only read to locate problems
        self.file = file
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
        self._top(data)
        raw_events = data.get("events", [])
        self._add_events(self._tables(raw_events, ("events",), None, "events"))
        return self._finish()

    def pieces(self) -> Timeline:
        """The timeline of the document, parsed a piece at a time.

        The document is cut before ``[[events]]`` header lines: the top
        (title, description, sources) and runs of whole events.  Each piece is
        parsed on its own, its events built and its tables dropped.  The
        result is the one of :meth:`timeline` when every piece is TOML and
        holds what a piece should: the top no events, each run events only
        (a ``[[events]]`` inside a multi-line string would leave a piece with
        an unterminated string).  Otherwise :class:`_NotInPiecesError` is raised and
        the caller reads the document whole.
        """
        pieces = _split(self.doc)
        self._top(_parse_piece(next(pieces), top=True))
        index = 0
        for piece in pieces:
            raw_events = _parse_piece(piece, top=False)
            if not self.stopped:
                self._add_events(list(enumerate(raw_events, index)))
            # (once stopped, the rest is still parsed: a TOML error comes first)
            index += len(raw_events)
        return self._finish()

    def _top(self, data: dict[str, Any]) -> None:
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

    def _add_events(self, tables: list[tuple[int, Any]]) -> None:
        """Check and build the events of ``tables`` (index in the file, table)."""
        events = self._events
        event_ids = self._event_ids
        source_ids = self._source_ids
        links = self._links
        for k, (i, table) in enumerate(tables):
            if self.count >= MAX_PROBLEMS:
                self.stopped = True
                break
            if type(table) is not dict:  # a piece's events are tables ([[events]])
                raise _NotInPiecesError
            tables[k] = (i, None)  # the table is not needed once read: let it go
            event = self._event(i, table, event_ids, source_ids, links)
            if event is not None:
                events.append(event)

    def _finish(self) -> Timeline:
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

    @functools.cached_property
    def _locator(self) -> _Locator:
        doc = self.doc
        if isinstance(doc, bytes):
            # (a part not yet read may not be UTF-8: then the document is read
            # again whole, and that error reported alone)
            doc = doc.decode("utf-8", "replace").removeprefix("\ufeff")
        return _Locator(doc)

    def _line(self, path: _Path) -> int | None:
        return self._locator.line(path)

    def _resolve(self) -> list[Problem]:
        # only the first MAX_PROBLEMS found are kept, located and listed: a
        # file with a million mistakes is rejected as fast as one with a few
        problems = [
            Problem(message, file=self.file, line=self._line(path), event=event, field=field)
            for path, event, field, message in self.problems
        ]
        # in file order; problems without a line first (they concern the whole file)
        problems.sort(key=lambda p: p.line or 0)
        return problems


# -- reading in pieces ---------------------------------------------------------------


class _NotInPiecesError(Exception):
    """The document cannot be read piece by piece: read it whole."""


#: About how much of the document is parsed at a time (characters or bytes).
_PIECE: Final = 1 << 18


def _split(doc: str | bytes) -> Iterator[str | bytes]:
    """The top of ``doc``, up to its first ``[[events]]`` line, then runs of events.

    Each run starts at an ``[[events]]`` line (a line of exactly that) and is
    about :data:`_PIECE` long.
    """
    header: str | bytes = b"\n[[events]]\n" if isinstance(doc, bytes) else "\n[[events]]\n"
    start = doc.find(header)  # type: ignore[arg-type]
    if start < 0:
        yield doc
        return
    yield doc[: start + 1]
    start += 1
    while True:
        end = doc.find(header, start + _PIECE)  # type: ignore[arg-type]
        if end < 0:
            yield doc[start:]
            return
        yield doc[start : end + 1]
        start = end + 1


def _parse_piece(piece: str | bytes, *, top: bool) -> Any:
    """The top's table, or a run's list of event tables; :class:`_NotInPiecesError` else."""
    try:
        text = piece.decode("utf-8") if isinstance(piece, bytes) else piece
        data = tomli.loads(text.removeprefix("\ufeff") if top else text)
    except Exception:  # any problem: the whole document gives the exact message
        raise _NotInPiecesError from None
    if top:
        if "events" in data:
            raise _NotInPiecesError
        return data
    if len(data) != 1 or type(data.get("events")) is not list:
        raise _NotInPiecesError
    return data["events"]


def _close(name: str, known: Mapping[str, object]) -> str:
    if len(known) > 5000 or len(name) > 100:  # keep the error path fast on huge files
        return ""
    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _header(line: str) -> tuple[str, bool] | None:
    """``(name, is an array)`` of a table header line, else ``None``.

    (Plain string operations, no backtracking regex: a file may hold a
    megabyte-long line.)
    """
    body = line.strip()
    if not body.startswith("["):
        return None
    body = body.partition("#")[0].rstrip()
    array = body.startswith("[[") and body.endswith("]]")
    inner = body[2:-2] if array else body[1:-1]
    if not body.endswith("]") or "[" in inner or "]" in inner:
        return None
    name = ".".join(part.strip() for part in inner.split("."))
    name = name.replace('"', "").replace("'", "")
    return name, array


_KEY_RE: Final = re.compile(r"""\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*[.=]""")


class _Locator:
    """Finds the line of a value in TOML text (a best effort, for messages).

    ``tomli`` gives no positions, so the text is scanned: table headers mark
    sections, and a key is found by its ``key =`` line inside its section.
    """

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        # (line index, table name, is an array-of-tables header)
        self.sections: list[tuple[int, str, bool]] = [(0, "", False)]
        # the sections of each name, and those that are array headers, in order:
        # looked up by bisection, so that locating stays fast in huge files
        self.named: dict[str, list[int]] = {}
        self.arrays: dict[str, list[int]] = {}
        in_string: str | None = None
        for n, line in enumerate(self.lines):
            if in_string is not None:
                if line.count(in_string) % 2 == 1:
                    in_string = None
                continue
            header = _header(line)
            if header is not None:
                self.sections.append((n, *header))
                continue
            for quote in ('"""', "'''"):
                if line.count(quote) % 2 == 1:
                    in_string = quote
                    break

        for k, (_, name, is_array) in enumerate(self.sections):
            self.named.setdefault(name, []).append(k)
            if is_array:
                self.arrays.setdefault(name, []).append(k)

    @staticmethod
    def _within(indexes: list[int], first: int, stop: int) -> list[int]:
        """The members of sorted ``indexes`` in ``range(first, stop)``."""
        return indexes[bisect.bisect_left(indexes, first) : bisect.bisect_left(indexes, stop)]

    def _end(self, start: int, name: str) -> int:
        """Index of the first section after ``start`` that is outside table ``name``."""
        for k in range(start + 1, len(self.sections)):
            other = self.sections[k][1]
            if not other.startswith(name + "."):
                return k
        return len(self.sections)

    def _key_line(self, section: int, key: str) -> int | None:
        first = self.sections[section][0] + (1 if section else 0)
        stop = (
            self.sections[section + 1][0] if section + 1 < len(self.sections) else len(self.lines)
        )
        for n in range(first, stop):
            m = _KEY_RE.match(self.lines[n])
            if m is not None and (m[1] or m[2] or m[3]) == key:
                return n + 1
        return None

    def line(self, path: _Path) -> int | None:
        section, end, name = 0, len(self.sections), ""
        found: int | None = None
        k = 0
        while k < len(path):
            key = path[k]
            if isinstance(key, int):  # only after an array name, handled below
                return found
            full = f"{name}.{key}" if name else key
            index = path[k + 1] if k + 1 < len(path) else None
            if isinstance(index, int):
                hits = self._within(self.arrays.get(full, []), section + 1, end)
                if index >= len(hits):
                    line = self._key_line(section, key)
                    return line if line is not None else found
                section = hits[index]
                end = self._end(section, full)
                name = full
                found = self.sections[section][0] + 1
                k += 2
                continue
            line = self._key_line(section, key)
            if line is not None:
                return line
            tables = self._within(self.named.get(full, []), section + 1, end)
            if not tables:
                return found
            section = tables[0]
            end = self._end(section, full)
            name = full
            found = self.sections[section][0] + 1
            k += 1
        return found
