"""Save an edited timeline into its file, keeping everything that was not changed.

:func:`patch` takes a file's original bytes (or text), the timeline loaded from
them and the edited timeline, and gives the new bytes:

* what the user did not change stays **byte for byte**: comments, order, blank
  lines, line ends, the layout of untouched events and sources;
* a changed event or source is rewritten in the project's canonical style (the
  text :func:`timeline.dumps` writes for it, by the same functions) **in place**;
  comments inside its table are kept, as comment lines just above its header;
* a new event goes after the last event of the file, a new source after the
  last source;
* a removed event or source disappears with its own lines, the comment lines
  directly above its header (no blank line between: they are about it) and
  the blank lines before it; a comment block with a blank line before the
  header is about what follows, and stays;
* an event given a new id (``renamed``: old id to new) is written in the old
  one's place; so is a source given a new id (``renamed_sources``; when it is
  not given, found by its place: between the same sources kept, the sources
  gone and the new ones are paired in order).  A source removed and another
  added are not paired when the renames are given: the comment above the one
  removed goes with it.

What changed is found by comparing the two timelines, not from a log of
edits: any sequence of edits that ends where it began writes the original
bytes back.  Every table it changes is first parsed (``tomli``) and checked to
hold exactly the event or source expected; when the file cannot be patched
safely (a table written inline, a changed title, reordered sources...) the
whole file is written by :func:`timeline.dumps` instead and
:attr:`Patched.rewritten` says why.  It never writes a file that does not load
back equal to the edited timeline (small files are checked by loading them).

:class:`Document` keeps a file's bytes with its timeline, for scripts::

    doc = Document.load("events.toml")
    tl = doc.timeline
    change = edit.replace_event(tl, "x", attrs.evolve(tl["x"], title="New title"))
    doc = doc.save(change.apply(tl))   # atomic; the comments stay

Saving one changed event of a 100,000-event file (47 MB) costs about seven times
an atomic write of the same bytes: the text is scanned, not parsed; a
:class:`Document` keeps the scan of the bytes it loaded, and its later saves cost
about two and a half times the write
(``uv run python -m benchmarks.run --only save``; docs/editing.md, "Speed").
"""

from __future__ import annotations

import itertools
import operator
import os
import re
from collections.abc import Container, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import attrs
import tomli

from timeline._atomic import atomic_write
from timeline._scan import Scan, Section, anchored_comments, place_comments
from timeline.codec import event_to_data, from_data, source_to_data
from timeline.columns import EventColumns
from timeline.errors import TimelineError, TimelineLoadError
from timeline.models import Event, Source, Timeline
from timeline.rules import quoted
from timeline.toml_io import (
    _load_document,
    _read_file,
    dumps,
    eras_toml,
    event_toml,
    loads,
    source_toml,
)

__all__ = ["CHECKED_BELOW", "Document", "Patched", "patch", "save"]

CHECKED_BELOW: Final = 4 * 1024 * 1024
"""A patched file smaller than this (bytes) is loaded back and compared before it is kept."""

# The first ``id = "..."`` line of a table (the loader checks the rest).
_ID_LINE: Final = re.compile(rb"\n[ \t]*[\"']?id[\"']?[ \t]*=[ \t]*[\"']([^\"'\n]*)[\"']")
#: Looked up one by one below this many changed ids of a kind; all at once above.
_FEW: Final = 16


@attrs.frozen
class Patched:
    """The new bytes of a file, and how they were made."""

    data: bytes
    rewritten: str | None = None
    """Why the whole file was written by :func:`timeline.dumps` (``None``: patched in place)."""
    notes: tuple[str, ...] = ()
    """What the patch did that a reader may want to know (comments moved above a table)."""

    @property
    def text(self) -> str:
        return self.data.decode("utf-8")


class _NotPatchableError(Exception):
    """The file cannot be patched safely: the message says why."""


def patch(
    original: str | bytes,
    before: Timeline,
    after: Timeline,
    *,
    renamed: Mapping[str, str] | Iterable[tuple[str, str]] = (),
    renamed_sources: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
) -> Patched:
    """The bytes of ``original`` (the file ``before`` was loaded from) changed to hold ``after``.

    See the module's documentation.  ``renamed`` maps old event ids to new
    ones (:attr:`timeline.edit.Change.renamed`), so that an event given a new
    id keeps its place in the file; ``renamed_sources`` the same of sources
    (:attr:`timeline.edit.Change.renamed_sources`; ``None``: not known, a source
    given a new id is found by its place).
    """
    data = original.encode("utf-8") if isinstance(original, str) else original
    sources = None if renamed_sources is None else dict(renamed_sources)
    return _patch(data, before, after, dict(renamed), [None], sources)


def _patch(
    data: bytes,
    before: Timeline,
    after: Timeline,
    renamed: dict[str, str],
    scans: list[Scan | None],
    renamed_sources: dict[str, str] | None = None,
) -> Patched:
    """:func:`patch`; ``scans[0]``: the scan of ``data`` if made before, and where the
    scan made now is kept (a :class:`Document` scans the bytes it loaded once)."""
    newline = b"\r\n" if b"\r\n" in data[: data.find(b"\n") + 1] else b"\n"
    patcher = _Patcher(data, before, after, renamed, scans[0], renamed_sources)
    try:
        return patcher.run()
    except _NotPatchableError as exc:
        full = dumps(after).encode("utf-8")
        if newline != b"\n":
            full = full.replace(b"\n", newline)
        return Patched(full, rewritten=str(exc))
    finally:
        scans[0] = patcher._scan


def save(
    path: str | os.PathLike[str],
    original: str | bytes,
    before: Timeline,
    after: Timeline,
    *,
    renamed: Mapping[str, str] | Iterable[tuple[str, str]] = (),
    renamed_sources: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
    force: bool = False,
) -> Patched:
    """:func:`patch`, written to ``path`` atomically (``force``: as :func:`timeline.dump`)."""
    patched = patch(original, before, after, renamed=renamed, renamed_sources=renamed_sources)
    atomic_write(path, patched.data, force=force)
    return patched


@attrs.frozen
class Document:
    """A timeline file's bytes and the timeline they hold, to save edits back into.

    Every save patches the bytes *as loaded* (kept, not shown), so that undoing
    every edit and saving writes the loaded bytes back even after saves between;
    ``data`` and ``timeline`` are what the last save wrote.  The ids given new ones
    (``renamed``, ``renamed_sources``) are gathered from save to save.
    """

    data: bytes
    timeline: Timeline
    path: Path | None = None
    rewritten: str | None = None
    """Why the last save wrote the whole file (``None``: it patched it, or nothing was saved)."""
    notes: tuple[str, ...] = ()
    renamed: tuple[tuple[str, str], ...] = ()
    """Each id given a new one since the file was loaded: (id in the file, id now)."""
    renamed_sources: tuple[tuple[str, str], ...] | None = None
    """Each source id given a new one since the file was loaded, as :attr:`renamed`
    (``None``: not known, no save was told them)."""
    _origin: tuple[bytes, Timeline] | None = attrs.field(default=None, repr=False, eq=False)
    # the scan of the bytes as loaded, made by the first save and kept for the next ones
    _scans: list[Scan | None] = attrs.field(factory=lambda: [None], repr=False, eq=False)

    @classmethod
    def load(cls, path: str | os.PathLike[str], *, pause_gc: bool = False) -> Document:
        """Read and load the file at ``path`` (errors as :func:`timeline.load`)."""
        name = os.fspath(path)
        data = _read_file(name)
        return cls(data, _load_document(data, name, pause_gc), Path(name))

    @classmethod
    def parse(cls, text: str | bytes) -> Document:
        """The document of TOML ``text`` (not yet saved anywhere)."""
        data = text.encode("utf-8") if isinstance(text, str) else text
        return cls(data, loads(data.decode("utf-8")))

    def patch(
        self,
        edited: Timeline,
        *,
        renamed: Mapping[str, str] | Iterable[tuple[str, str]] = (),
        renamed_sources: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
    ) -> Patched:
        """:func:`patch` of the bytes as loaded, to hold ``edited``.

        ``renamed``, ``renamed_sources``: the ids given new ones since the last save.
        """
        data, loaded = self._origin or (self.data, self.timeline)
        sources = self._renamed_sources(renamed_sources)
        return _patch(
            data,
            loaded,
            edited,
            dict(self._renamed(renamed)),
            self._scans,
            None if sources is None else dict(sources),
        )

    def save(
        self,
        edited: Timeline,
        path: str | os.PathLike[str] | None = None,
        *,
        renamed: Mapping[str, str] | Iterable[tuple[str, str]] = (),
        renamed_sources: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
        force: bool = False,
        patched: Patched | None = None,
    ) -> Document:
        """Write ``edited`` to ``path`` (default: where it was loaded from); the saved document.

        ``renamed``, ``renamed_sources``: the ids given new ones since the last save
        (``Change.renamed``, ``Change.renamed_sources``).  ``patched``: what :meth:`patch`
        gave for the same ``edited`` and renames, when the caller has it already (to look
        at ``rewritten`` first): it is written as it is, not made a second time.
        """
        target = Path(path) if path is not None else self.path
        if target is None:
            raise TimelineError("Document.save: path: None, and the document has no file")
        if patched is None:
            patched = self.patch(edited, renamed=renamed, renamed_sources=renamed_sources)
        atomic_write(target, patched.data, force=force)
        return Document(
            patched.data,
            edited,
            target,
            patched.rewritten,
            patched.notes,
            self._renamed(renamed),
            self._renamed_sources(renamed_sources),
            self._origin or (self.data, self.timeline),
            self._scans,
        )

    def _renamed(
        self, renamed: Mapping[str, str] | Iterable[tuple[str, str]]
    ) -> tuple[tuple[str, str], ...]:
        """The renames since loading, then ``renamed``: chains followed (a to b, b to c: a to c)."""
        return _chained(self.renamed, renamed)

    def _renamed_sources(
        self, renamed: Mapping[str, str] | Iterable[tuple[str, str]] | None
    ) -> tuple[tuple[str, str], ...] | None:
        """:meth:`_renamed` of the sources (``None``: none of the saves was told them)."""
        if renamed is None and self.renamed_sources is None:
            return None
        return _chained(self.renamed_sources or (), () if renamed is None else renamed)


def _chained(
    before: Iterable[tuple[str, str]], renamed: Mapping[str, str] | Iterable[tuple[str, str]]
) -> tuple[tuple[str, str], ...]:
    """The renames ``before``, then ``renamed``: chains followed (a to b, b to c: a to c)."""
    pairs = dict(before)
    items = renamed.items() if isinstance(renamed, Mapping) else renamed
    for old, new in items:
        first = next((k for k, v in pairs.items() if v == old), old)
        pairs[first] = new
    return tuple(pairs.items())


def _gaps(sources: Sequence[Source], kept: Container[str]) -> list[list[str]]:
    """The ids of ``sources`` not in ``kept``, in the runs the ones in ``kept`` part."""
    gaps: list[list[str]] = [[]]
    for source in sources:
        if source.id in kept:
            gaps.append([])
        else:
            gaps[-1].append(source.id)
    return gaps


# -- the patcher ------------------------------------------------------------------------


class _Patcher:
    def __init__(
        self,
        data: bytes,
        before: Timeline,
        after: Timeline,
        renamed: dict[str, str],
        scan: Scan | None = None,
        renamed_sources: dict[str, str] | None = None,
    ) -> None:
        self.data = data
        self.before = before
        self.after = after
        self.renamed = renamed
        self.renamed_sources = renamed_sources
        self.edits: list[tuple[int, int, bytes]] = []  # (start, end, new bytes)
        self.notes: list[str] = []
        self._scan = scan

    @property
    def scan(self) -> Scan:
        if self._scan is None:
            self._scan = Scan(self.data)
        if self._scan.stray is not None:
            line = self.data.count(b"\n", 0, self._scan.stray) + 1
            raise _NotPatchableError(
                f"line {line}: an event's sub-table stands after another table"
                " (it belongs to the last event before it)"
            )
        return self._scan

    def run(self) -> Patched:
        before, after = self.before, self.after
        if (before.title, before.description, before.tz) != (
            after.title,
            after.description,
            after.tz,
        ):
            raise _NotPatchableError(
                "the timeline's title, description or zone changed (not patched in place yet)"
            )
        if before.sources != after.sources:
            self._sources()
        if before.eras != after.eras:
            self._eras()
        if before.events != after.events:
            self._events()
        if not self.edits:
            return Patched(self.data)
        new = self._joined()
        if len(new) < CHECKED_BELOW:
            self._check(new)
        return Patched(new, notes=tuple(self.notes))

    # -- what changed ---------------------------------------------------------------

    def _events(self) -> None:
        # the events that are not the very objects loaded (an edit reuses the others),
        # then compared by id among themselves
        gone, came = _not_shared(self.before.events, self.after.events)
        old = {e.id: e for e in gone}
        new = {e.id: e for e in came}
        changed = [i for i, e in new.items() if i in old and old[i] != e]
        removed = [i for i in old if i not in new]
        added = [e for e in new.values() if e.id not in old]
        in_place: dict[str, Event] = {i: new[i] for i in changed}
        for old_id, new_id in self.renamed.items():
            if old_id in removed and any(e.id == new_id for e in added):
                in_place[old_id] = new[new_id]
                removed.remove(old_id)
                added = [e for e in added if e.id != new_id]
        found = self._find("events", [*in_place, *removed], old)
        for event_id, event in in_place.items():
            self._replace(found[event_id], event_toml(event), f"event {quoted(event_id)}")
        for event_id in removed:
            self._remove(found[event_id])
        if added:
            self._insert_events(added)

    def _sources(self) -> None:
        old = {s.id: s for s in self.before.sources}
        # (a source given a new id in its place is written where it stood: keyed by its old id)
        were = self._sources_were()
        new = {were.get(s.id, s.id): s for s in self.after.sources}
        kept = [i for i in new if i in old]
        if kept != [s.id for s in self.before.sources if s.id in new]:
            raise _NotPatchableError("the sources were reordered")
        added = [s for i, s in new.items() if i not in old]
        last_kept = max((k for k, i in enumerate(new) if i in old), default=-1)
        if any(k < last_kept for k, i in enumerate(new) if i not in old):
            raise _NotPatchableError("a new source stands before an old one")
        changed = [i for i, s in new.items() if i in old and old[i] != s]
        removed = [i for i in old if i not in new]
        found = self._find("sources", [*changed, *removed], old)
        for source_id in changed:
            self._replace(
                found[source_id], source_toml(new[source_id]), f"source {quoted(source_id)}"
            )
        for source_id in removed:
            self._remove(found[source_id])
        if added:
            self._insert_sources(added)

    def _sources_were(self) -> dict[str, str]:
        """The sources of the edited timeline written in the place of a source gone: new id
        to the id loaded.  Those renamed, when the renames are known; else, between two
        sources kept (or before the first, after the last), the sources gone and the new
        ones are paired in order: a source given a new id stands where it stood."""
        old = {s.id for s in self.before.sources}
        new = {s.id for s in self.after.sources}
        if self.renamed_sources is not None:
            return {
                now: was
                for was, now in self.renamed_sources.items()
                if was in old and was not in new and now in new and now not in old
            }
        gone, come = _gaps(self.before.sources, new), _gaps(self.after.sources, old)
        return {now: was for g, c in zip(gone, come, strict=True)
                for was, now in zip(g, c, strict=False)}  # fmt: skip

    def _eras(self) -> None:
        """The ``[[eras]]`` tables, which stand together, written again as one block in place
        (a file without eras gets them after its sources); none left: the block goes."""
        scan = self.scan
        ks = [k for k, kind in enumerate(scan.kinds) if kind == "eras"]
        if not ks:
            if self.before.eras:
                raise _NotPatchableError("the eras are not written as [[eras]] tables")
            self._no_inline("eras")
            k = scan.last("sources")
            at = self._body(k)[1] if k is not None else scan.body_end(0, scan.top_end)
            self._insert(at, eras_toml(self.after.eras))
            return
        if ks != list(range(ks[0], ks[-1] + 1)):
            raise _NotPatchableError("the [[eras]] tables do not stand together")
        start, end = scan.section(ks[0]).start, self._body(ks[-1])[1]
        if not self._holds_eras(start, scan.section(ks[-1]).end):
            raise _NotPatchableError("the [[eras]] tables do not hold the eras that were loaded")
        comments = scan.comments(start, end)
        count = f"{len(comments)} comment{'s' * (len(comments) != 1)}"
        if not self.after.eras:
            floor = self._floor(ks[0])
            self.edits.append((scan.blank_before(scan.lead_start(start, floor), floor), end, b""))
            if comments:
                self.notes.append(f"eras: {count} inside their tables went with them")
            return
        new = self._bytes(eras_toml(self.after.eras)[1:])  # (a blank line before each table)
        if comments:
            new = b"".join(c + scan.newline for c in comments) + new
            self.notes.append(f"eras: {count} kept above their tables (written again)")
        if end == len(self.data) and not self.data.endswith(b"\n"):
            new = new.removesuffix(scan.newline)
        self.edits.append((start, end, new))

    def _holds_eras(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` parses as ``[[eras]]`` tables alone: the eras loaded."""
        try:
            doc = tomli.loads(self.data[start:end].decode("utf-8"))
        except (tomli.TOMLDecodeError, UnicodeDecodeError, ValueError, RecursionError):
            return False
        tables = doc.get("eras")
        if len(doc) != 1 or type(tables) is not list:
            return False
        try:
            return from_data({"title": "t", "eras": tables}).eras == self.before.eras
        except TimelineLoadError:
            return False

    # -- finding the tables -----------------------------------------------------------

    def _find(self, kind: str, ids: list[str], old: Mapping[str, Event | Source]) -> dict[str, int]:
        """The section of each id, checked to hold exactly the table of ``old[id]``."""
        if not ids:
            return {}
        scan = self.scan
        candidates = (
            self._candidates_few(kind, ids) if len(ids) <= _FEW else self._candidates_all(kind)
        )
        found: dict[str, int] = {}
        for item_id in ids:
            what = f"{'event' if kind == 'events' else 'source'} {quoted(item_id)}"
            hits = [
                k
                for k in candidates.get(item_id, ())
                if self._holds(scan.section(k), kind, item_id)
            ]
            if not hits:
                raise _NotPatchableError(f"{what} is not written as a [[{kind}]] table of its own")
            if len(hits) > 1:
                raise _NotPatchableError(f"{what} is written in two [[{kind}]] tables")
            if not _same(self._table(scan.section(hits[0]), kind), old[item_id], self.before):
                raise _NotPatchableError(f"{what}: its table does not hold what was loaded")
            found[item_id] = hits[0]
        return found

    def _candidates_few(self, kind: str, ids: list[str]) -> dict[str, list[int]]:
        scan, data = self.scan, self.data
        out: dict[str, list[int]] = {}
        for item_id in ids:
            ks: list[int] = []
            for quote in (b'"', b"'"):
                needle = quote + item_id.encode() + quote
                pos = data.find(needle, scan.top_end)
                while pos >= 0:
                    k = scan.section_at(pos)
                    if k is not None and scan.kinds[k] == kind and k not in ks:
                        ks.append(k)
                    pos = data.find(needle, pos + 1)
            out[item_id] = ks
        return out

    def _candidates_all(self, kind: str) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        data, search = self.data, _ID_LINE.search
        scan = self.scan
        for k, section_kind in enumerate(scan.kinds):
            if section_kind == kind:
                section = scan.section(k)
                match = search(data, section.start, section.end)
                if match is not None:
                    out.setdefault(match.group(1).decode("utf-8", "replace"), []).append(k)
        return out

    def _table(self, section: Section, kind: str) -> dict[str, Any] | None:
        """The one table of ``kind`` that the section's text holds, parsed alone; else ``None``."""
        try:
            doc = tomli.loads(self.data[section.start : section.end].decode("utf-8"))
        except (tomli.TOMLDecodeError, UnicodeDecodeError, ValueError, RecursionError):
            return None
        tables = doc.get(kind)
        if len(doc) != 1 or type(tables) is not list or len(tables) != 1:
            return None
        table = tables[0]
        return table if type(table) is dict else None

    def _holds(self, section: Section, kind: str, item_id: str) -> bool:
        table = self._table(section, kind)
        return table is not None and table.get("id") == item_id

    # -- the edits --------------------------------------------------------------------

    def _body(self, k: int) -> tuple[int, int]:
        section = self.scan.section(k)
        return section.start, self.scan.body_end(section.start, section.end)

    def _floor(self, k: int) -> int:
        """Where the content before section ``k`` ends (the previous section's, or the top's)."""
        scan = self.scan
        if k == 0:
            return scan.body_end(0, scan.top_end)
        previous = scan.section(k - 1)
        return scan.body_end(previous.start, previous.end)

    def _replace(self, k: int, text: str, what: str) -> None:
        start, end = self._body(k)
        scan = self.scan
        new = self._bytes(text[1:])  # (dumps puts a blank line before each table)
        comments = anchored_comments(scan, start, end)
        if comments:
            new, left = place_comments(new, scan.newline, comments)
            if left:
                new = b"".join(c + scan.newline for c in left) + new
                count = f"{len(left)} comment{'s' * (len(left) != 1)}"
                self.notes.append(f"{what}: {count} kept above its table (their place is gone)")
        if end == len(self.data) and not self.data.endswith(b"\n"):
            new = new.removesuffix(scan.newline)
        self.edits.append((start, end, new))

    def _remove(self, k: int) -> None:
        start, end = self._body(k)
        scan = self.scan
        floor = self._floor(k)
        lead = scan.lead_start(start, floor)
        self.edits.append((scan.blank_before(lead, floor), end, b""))

    def _insert_events(self, events: list[Event]) -> None:
        scan = self.scan
        k = scan.last("events")
        if k is None and self.before.events:
            raise _NotPatchableError("the events are not written as [[events]] tables")
        if k is not None:
            if self._table(scan.section(k), "events") is None:
                raise _NotPatchableError("the last [[events]] table does not parse alone")
            at = self._body(k)[1]
        else:
            self._no_inline("events")
            at = len(self.data)
        self._insert(at, "".join(event_toml(e) for e in events))

    def _insert_sources(self, sources: list[Source]) -> None:
        scan = self.scan
        k = scan.last("sources")
        if k is None and self.before.sources:
            raise _NotPatchableError("the sources are not written as [[sources]] tables")
        if k is not None:
            if self._table(scan.section(k), "sources") is None:
                raise _NotPatchableError("the last [[sources]] table does not parse alone")
            at = self._body(k)[1]
        else:
            self._no_inline("sources")
            at = scan.body_end(0, scan.top_end)
        self._insert(at, "".join(source_toml(s) for s in sources))

    def _insert(self, at: int, text: str) -> None:
        new = self._bytes(text)
        if at > 0 and self.data[at - 1 : at] != b"\n":
            new = self.scan.newline + new  # (a file without a line end at its end)
        self.edits.append((at, at, new))

    def _no_inline(self, key: str) -> None:
        top = self.data[: self.scan.top_end].decode("utf-8", "replace").removeprefix("\ufeff")
        try:
            inline = key in tomli.loads(top)
        except tomli.TOMLDecodeError:
            inline = True
        if inline:
            raise _NotPatchableError(f"the {key} are written inline ({key} = [...])")

    def _bytes(self, text: str) -> bytes:
        data = text.encode("utf-8")
        newline = self.scan.newline
        return data if newline == b"\n" else data.replace(b"\n", newline)

    # -- the result -------------------------------------------------------------------

    def _joined(self) -> bytes:
        edits = sorted(self.edits, key=lambda e: (e[0], e[1]))
        parts: list[bytes] = []
        pos = 0
        for start, end, new in edits:
            if start < pos:
                raise _NotPatchableError("two changes overlap in the text (please report this)")
            parts += (self.data[pos:start], new)
            pos = end
        parts.append(self.data[pos:])
        return b"".join(parts)

    def _check(self, new: bytes) -> None:
        try:
            loaded = loads(new.decode("utf-8"))
        except (TimelineLoadError, UnicodeDecodeError) as exc:
            raise _NotPatchableError(f"the patched text did not load ({exc})") from None
        if loaded != self.after:
            raise _NotPatchableError(
                "the patched text did not load back equal (please report this)"
            )


def _not_shared(before: Sequence[Event], after: Sequence[Event]) -> tuple[list[Event], list[Event]]:
    """The events of ``before`` that are not in ``after`` and those of ``after`` not in
    ``before``, as objects (``is``), in order.

    Both are in chronological order and an edit changes few events: the parts
    where the tuples differ are found at C speed from either end, then compared.
    """
    if isinstance(before, EventColumns) and isinstance(after, EventColumns):
        from timeline._edited_columns import rows_apart  # (numpy)

        apart = rows_apart(before, after)
        if apart is not None:  # (the same file's rows: only the others are made, compared)
            return before.picked(apart[0]), after.picked(apart[1])
    n = min(len(before), len(after))
    first = next(itertools.compress(range(n), map(operator.is_not, before, after)), n)
    differ = map(operator.is_not, reversed(before), reversed(after))
    last = next(itertools.compress(range(n - first), differ), n - first)
    old = before[first : len(before) - last]
    new = after[first : len(after) - last]
    shared_old = set(map(id, old))
    shared_new = set(map(id, new))
    return [e for e in old if id(e) not in shared_new], [e for e in new if id(e) not in shared_old]


def _same(table: dict[str, Any] | None, item: Event | Source, before: Timeline) -> bool:
    """True when the table reads as ``item`` (the event or source ``before`` holds)."""
    if table is None:
        return False
    if isinstance(item, Source):
        if table == source_to_data(item):
            return True
        doc: dict[str, Any] = {"title": "t", "sources": [table]}
    else:
        if table == event_to_data(item):
            return True
        cited = dict.fromkeys(c.source for c in item.sources)
        linked = dict.fromkeys(r.event for r in item.related if r.event != item.id)
        doc = {
            "title": "t",
            "sources": [source_to_data(before.source(s)) for s in cited],
            "events": [table, *({"id": i, "title": "t", "when": "2000"} for i in linked)],
        }
    try:
        read = from_data(doc)
    except TimelineLoadError:
        return False
    if isinstance(item, Source):
        return read.sources[0] == item
    return item.id in read and read[item.id] == item
