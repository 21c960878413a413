"""The decoder's header: the top level of a document, its sources and its eras."""

from __future__ import annotations

from typing import Any, Final

from timeline._decoder import _RULES, KEYS, MAX_PROBLEMS, _Checks, _Path
from timeline.models import Era, Source, _trusted_source
from timeline.when import When

_TOP_KEYS: Final = frozenset(KEYS[""])
_SOURCE_KEYS: Final = frozenset(KEYS["sources"])
_ERA_KEYS: Final = frozenset(KEYS["eras"])
_check_period: Final = _RULES["eras"]["when"]


class _HeadReader(_Checks):
    """Reads the top level of a document: the title, the description, the zone, the
    sources and the eras."""

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
