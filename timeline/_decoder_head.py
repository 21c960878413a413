"""The decoder's header: the top level of a document, its sources and its eras.

A header's sources are checked a key at a time over all of them when every one is
good (the common case: a file's 25,000 sources cost 0.3 s of CPU one by one); when
any is not, they are checked one by one, which words each problem as it always has.
"""

from __future__ import annotations

from typing import Any, Final

from timeline import rules
from timeline._decoder import _RULES, KEYS, MAX_PROBLEMS, _Checks, _Path
from timeline.models import Era, Source, Timeline, _trusted_source
from timeline.when import When

_TOP_KEYS: Final = frozenset(KEYS[""])
_SOURCE_KEYS: Final = frozenset(KEYS["sources"])
_ERA_KEYS: Final = frozenset(KEYS["eras"])
_check_period: Final = _RULES["eras"]["when"]
_SOURCE_RULES: Final = _RULES["sources"]
_OPTIONAL_TEXTS: Final = ("publisher", "url", "note")


class _HeadReader(_Checks):
    """Reads the top level of a document: the title, the description, the zone, the
    sources and the eras."""

    def top(self, data: dict[str, Any] | Timeline) -> None:
        """Check the top level: the title, the description, the zone, the sources and the eras;
        or take them from ``data``, a header checked before (a timeline without events: the
        decoded header a dataset keeps for all its reads)."""
        if isinstance(data, Timeline):
            self._take(data)
            return
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
        if not self._good_sources(raw_sources):
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

    def _take(self, header: Timeline) -> None:
        """The top level of a header checked before."""
        self._title, self._description, self._tz = header.title, header.description, header.tz
        self._sources = list(header.sources)
        self._source_ids = {s.id: i for i, s in enumerate(header.sources)}
        self._eras = list(header.eras)

    # -- sources -------------------------------------------------------------

    def _good_sources(self, raw: object) -> bool:
        """Keep the sources ``raw`` when every one passes every check of :meth:`_source`,
        each check made a key at a time over all of them (the same rules); ``False``, having
        kept none, when any is refused: :meth:`_source` then says what is wrong."""
        if type(raw) is not list or not raw or self._sources or self.count >= MAX_PROBLEMS:
            return False
        if not all(type(table) is dict for table in raw):
            return False
        if not _SOURCE_KEYS.issuperset(set().union(*raw)):
            return False
        ids = [table.get("id") for table in raw]
        titles = [table.get("title") for table in raw]
        if not (rules.all_identifiers(ids) and rules.all_names(titles)):
            return False
        if len(set(ids)) != len(ids):
            return False  # a duplicate
        optional = [[table.get(key) for table in raw] for key in _OPTIONAL_TEXTS]
        for key, values in zip(_OPTIONAL_TEXTS, optional, strict=True):
            rule = _SOURCE_RULES[key]
            if any(rule(v) for v in values if v is not None):
                return False
        published: list[When | None] = []
        date = self._shared.date
        try:
            for text in (table.get("published") for table in raw):
                if text is None:
                    published.append(None)
                elif type(text) is str:
                    published.append(date(When, text, None))
                else:
                    return False
        except Exception:  # (a date refused: _source says why)
            return False
        self._sources.extend(
            _trusted_source(
                id=source_id, title=title, publisher=publisher, url=url, published=when, note=note
            )
            for source_id, title, publisher, url, when, note in zip(
                ids, titles, *optional[:2], published, optional[2], strict=True
            )
        )
        self._source_ids.update((source_id, i) for i, source_id in enumerate(ids))
        return True

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
