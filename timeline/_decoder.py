"""The decoder's shared part: its problems and the checks every section uses.

:class:`~timeline.codec.Decoder` reads plain data (``docs/format.md``) in
sections: the header, sources and eras (:mod:`timeline._decoder_head`) and the
events (:mod:`timeline._decoder_events`).  Both build on :class:`_Checks`
here: the problems gathered with their paths, the checks of a text, a date, a
zone, a table's keys and an array of tables, and the turning of paths into line
numbers when the data is rejected.  The rules of values themselves are the
models' (:mod:`timeline.rules`, :func:`~timeline.models.rules_of`).
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable, Mapping
from typing import Any, Final

from timeline import rules
from timeline._fast import Sharing
from timeline.edtf import zone as _zone
from timeline.errors import Problem, TimelineError
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
    Timeline,
    rules_of,
)
from timeline.rules import quoted, wrong_type
from timeline.when import When

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
_check_identifier: Final = rules.identifier

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


class _Checks:
    """What every section of the decoder shares: the problems found, with their
    paths, the state kept between the parts of a document, and the checks of
    values used by more than one section."""

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

    def _duplicate(self, kind: str, first: int, path: _Path, event: str | None, field: str) -> None:
        listed = self.count < MAX_PROBLEMS
        where = self._line((kind, first, "id")) if listed else None
        at = f" (first at line {where})" if where is not None else ""
        what = "event" if kind == "events" else "source"
        self._add((*path, "id"), event, field, f"duplicate {what} id{at}")

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
