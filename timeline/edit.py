"""Editing a timeline: add, replace and remove events and sources, with undo.

Each operation checks the edit against a :class:`~timeline.models.Timeline`
and returns a :class:`Change`: what it takes out, what it puts in, and a short
description for an undo menu ("Move 'Operation Safe City'").  A change is
applied with :meth:`Change.apply` and taken back with :meth:`Change.revert`;
both return a new timeline (the models are immutable), so an undo stack keeps
changes, not copies of the timeline::

    >>> import attrs
    >>> from timeline import Event, Timeline, When, edit
    >>> tl = Timeline("Example", [Event("a", "A", When.parse("2017-09-24"))])
    >>> change = edit.replace_event(tl, "a", attrs.evolve(tl["a"], when=When.parse("2017-09-25")))
    >>> change.description
    "Move 'A'"
    >>> moved = change.apply(tl)
    >>> moved["a"].when.edtf, change.revert(moved) == tl
    ('2017-09-25', True)

Links are kept whole: removing an event that others link to raises
:class:`LinkedError` listing those links unless ``unlink=True`` (then the links
are removed too, in the same change); giving an event a new id updates the
links to it, in the same change.  Sources are treated alike with their
citations (``uncite=True``; a new source id updates the citations).

Applying and reverting reuse the events that did not change and check only the
changed ones (and, when an event or a source goes, that nothing still links to it
or cites it); the timeline's lookups, span indexes and search texts are edited,
not rebuilt (:meth:`timeline.index.SpanIndex.edited`): O(n) at C speed for each
event changed, a few hundredths of a second for 100,000 events, where building
the timeline costs most of a second.  A change of more than
``timeline.models.EDITED_AT_MOST`` events builds the timeline again, except a
timeline held as columns (a big file's), whose columns are edited in one pass
however many events change (:func:`timeline._edited_columns.edited_columns`): a
source cited by 100,000 events of a million is renamed in seconds, where building
the timeline again would make every event.

Eras (:class:`~timeline.models.Era`) have no id, nothing refers to them: they
are added, replaced and removed by value (:func:`add_era`, :func:`replace_era`,
:func:`remove_era`), and kept in their order (by start) whatever the change.

Saving an edited timeline back to its file, keeping the file's comments and
layout, is :mod:`timeline.patch`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Final

import attrs

from timeline._fast import trusted_evolve
from timeline.columns import (
    EventColumns,
    citing_source_positions,
    events_at,
    linking_positions,
)
from timeline.errors import TimelineError
from timeline.models import (
    Citation,
    Era,
    Event,
    Link,
    Source,
    Timeline,
    _edited,
    _trusted_citation,
    _trusted_event,
    _trusted_link,
)
from timeline.rules import quoted

__all__ = [
    "Change",
    "LinkedError",
    "add_era",
    "add_event",
    "add_source",
    "apply",
    "check_replace_event",
    "check_replace_source",
    "citations_of",
    "links_to",
    "named",
    "remove_era",
    "remove_event",
    "remove_source",
    "replace_era",
    "replace_event",
    "replace_source",
]


class LinkedError(TimelineError):
    """An event (or source) cannot go: others link to it (or cite it).

    ``links`` are the ``(event id, link)`` pairs of the events that link to it,
    ``citations`` the ``(event id, citation)`` pairs of those that cite it.
    """

    def __init__(
        self,
        message: str,
        *,
        links: Sequence[tuple[str, Link]] = (),
        citations: Sequence[tuple[str, Citation]] = (),
    ) -> None:
        super().__init__(message)
        self.links = tuple(links)
        self.citations = tuple(citations)


@attrs.frozen
class Change:
    """One edit of a timeline: the events and sources it takes out and puts in.

    A replaced event is taken out (its old value) and put in (its new value).
    ``removed_sources`` and ``added_sources`` are ``(index, source)`` pairs:
    where the source was in the list of sources before the change, and where
    it is after it (sources keep their order; events are always in
    chronological order).  ``renamed`` maps the old id of each event whose id
    the change gives a new one to that id (:mod:`timeline.patch` writes it in
    the old one's place in the file), and ``renamed_sources`` the same of
    sources.  ``removed_eras`` and ``added_eras``
    are eras taken out and put in, by value (the timeline keeps its eras in
    order of their start).

    :meth:`apply` and :meth:`revert` check that the timeline holds what they
    take out (an undo stack applied out of order fails loudly, never silently).
    """

    description: str
    removed_events: tuple[Event, ...] = ()
    added_events: tuple[Event, ...] = ()
    removed_sources: tuple[tuple[int, Source], ...] = ()
    added_sources: tuple[tuple[int, Source], ...] = ()
    renamed: tuple[tuple[str, str], ...] = ()
    removed_eras: tuple[Era, ...] = ()
    added_eras: tuple[Era, ...] = ()
    renamed_sources: tuple[tuple[str, str], ...] = ()

    def inverse(self) -> Change:
        """The change that takes this one back."""
        return Change(
            self.description,
            removed_events=self.added_events,
            added_events=self.removed_events,
            removed_sources=self.added_sources,
            added_sources=self.removed_sources,
            renamed=tuple((new, old) for old, new in self.renamed),
            removed_eras=self.added_eras,
            added_eras=self.removed_eras,
            renamed_sources=tuple((new, old) for old, new in self.renamed_sources),
        )

    def apply(self, tl: Timeline) -> Timeline:
        """The timeline with this change made (``tl`` is not changed)."""
        return _apply(self, tl)

    def revert(self, tl: Timeline) -> Timeline:
        """The timeline with this change taken back: ``change.revert(change.apply(tl)) == tl``."""
        return _apply(self.inverse(), tl)


def apply(tl: Timeline, *changes: Change) -> Timeline:
    """``tl`` with each change applied in turn."""
    for change in changes:
        tl = change.apply(tl)
    return tl


# -- queries ------------------------------------------------------------------


def links_to(tl: Timeline, event_id: str) -> tuple[tuple[str, Link], ...]:
    """The links from events of ``tl`` to ``event_id``: ``(event id, link)`` pairs, in order."""
    return _links_in(_linking(tl, event_id), event_id)


def citations_of(tl: Timeline, source_id: str) -> tuple[tuple[str, Citation], ...]:
    """The citations of source ``source_id`` in ``tl``: ``(event id, citation)`` pairs, in order."""
    return _citations_in(_citing(tl, source_id), source_id)


def _links_in(events: Iterable[Event], event_id: str) -> tuple[tuple[str, Link], ...]:
    """The links of ``events`` to ``event_id``: ``(event id, link)`` pairs, in order."""
    return tuple((e.id, link) for e in events for link in e.related if link.event == event_id)


def _citations_in(events: Iterable[Event], source_id: str) -> tuple[tuple[str, Citation], ...]:
    """The citations of ``events`` of ``source_id``: ``(event id, citation)`` pairs, in order."""
    return tuple((e.id, c) for e in events for c in e.sources if c.source == source_id)


# -- events -------------------------------------------------------------------


def add_event(tl: Timeline, event: Event, *, description: str | None = None) -> Change:
    """Add ``event``: its id must be new, its citations and links must resolve."""
    _is(event, Event, "add_event: event")
    if event.id in tl:
        raise TimelineError(
            f"add_event: event.id: {quoted(event.id)} is already the id of {_name(tl[event.id])}"
        )
    _check_refs(tl, event, "add_event", extra_ids={event.id})
    return Change(description or f"Add {_name(event)}", added_events=(event,))


def replace_event(
    tl: Timeline, event_id: str, event: Event, *, description: str | None = None
) -> Change:
    """Replace the event ``event_id`` by ``event``.

    When ``event`` has another id (it must be a new one), the links of other
    events to the old id are changed to the new one in the same change.  The
    description names what changed: "Move" (the date moved, its length kept),
    "Change the date of", "Rename" (the title), "Change the id of", else "Edit".
    """
    old, event = _replacing(tl, event_id, event)
    removed: list[Event] = [old]
    added: list[Event] = [event]
    renamed: tuple[tuple[str, str], ...] = ()
    if event.id != event_id:
        renamed = ((event_id, event.id),)
        for linking in _linking(tl, event_id):
            if linking.id != event_id:
                removed.append(linking)
                added.append(_relinked(linking, event_id, event.id))
    if old == event:
        added, removed = [], []
    return Change(
        description or _describe(old, event, len(removed) - 1),
        removed_events=tuple(removed),
        added_events=tuple(added),
        renamed=renamed,
    )


def check_replace_event(tl: Timeline, event_id: str, event: Event) -> None:
    """Raise the :class:`TimelineError` :func:`replace_event` would raise, without making
    the change: the events that link to ``event_id`` are not made (of a big timeline, that
    is the change's cost; a window checks a form at once and makes the change on a worker).
    """
    _replacing(tl, event_id, event)


def _replacing(tl: Timeline, event_id: str, event: Event) -> tuple[Event, Event]:
    """The event replaced, and ``event`` with its links to itself given its new id; checked."""
    _is(event, Event, "replace_event: event")
    old = _event(tl, event_id, "replace_event")
    if event.id != event_id:
        if event.id in tl:
            raise TimelineError(
                f"replace_event: event.id: {quoted(event.id)} is already the id of"
                f" {_name(tl[event.id])}"
            )
        event = _relinked(event, event_id, event.id)  # a link of the event to itself
    _check_refs(tl, event, "replace_event", extra_ids={event.id}, gone={event_id} - {event.id})
    return old, event


def remove_event(
    tl: Timeline, event_id: str, *, unlink: bool = False, description: str | None = None
) -> Change:
    """Remove the event ``event_id``.

    When other events link to it, :class:`LinkedError` lists their links,
    unless ``unlink``: then those links are removed in the same change.
    """
    old = _event(tl, event_id, "remove_event")
    linking = [e for e in _linking(tl, event_id) if e.id != event_id]
    links = _links_in(linking, event_id)
    if links and not unlink:
        names = ", ".join(quoted(i) for i in dict.fromkeys(i for i, _ in links))
        raise LinkedError(
            f"remove_event: {quoted(event_id)} is linked to by {names}"
            " (remove those links too with unlink=True)",
            links=links,
        )
    removed = [old]
    added: list[Event] = []
    for other in linking:
        removed.append(other)
        kept = tuple(link for link in other.related if link.event != event_id)
        added.append(trusted_evolve(_trusted_event, other, related=kept))
    text = f"Delete {_name(old)}"
    if links:
        text += f" and {_count(len(links), 'link')} to it"
    return Change(description or text, removed_events=tuple(removed), added_events=tuple(added))


# -- sources ------------------------------------------------------------------


def add_source(tl: Timeline, source: Source, *, description: str | None = None) -> Change:
    """Add ``source`` after the others: its id must be new."""
    _is(source, Source, "add_source: source")
    if _has_source(tl, source.id):
        raise TimelineError(f"add_source: source.id: {quoted(source.id)} is already used")
    return Change(
        description or f"Add source {_name(source)}",
        added_sources=((len(tl.sources), source),),
    )


def replace_source(
    tl: Timeline, source_id: str, source: Source, *, description: str | None = None
) -> Change:
    """Replace the source ``source_id`` by ``source``, in its place among the sources.

    When ``source`` has another id (it must be a new one), the citations of the
    old id are changed to the new one in the same change.
    """
    index = _source_replacing(tl, source_id, source)
    old = tl.sources[index]
    removed: list[Event] = []
    added: list[Event] = []
    if source.id != source_id:
        for citing in _citing(tl, source_id):
            removed.append(citing)
            added.append(_recited(citing, source_id, source.id))
    if old == source:
        return Change(description or f"Edit source {_name(old)}")
    if source.id != source_id:
        updated = f" ({_count(len(added), 'citing event')} updated)" if added else ""
        text = f"Change the id of source {_name(old)} to {quoted(source.id)}{updated}"
    else:
        text = f"Edit source {_name(old)}"
    return Change(
        description or text,
        removed_events=tuple(removed),
        added_events=tuple(added),
        removed_sources=((index, old),),
        added_sources=((index, source),),
        renamed_sources=((source_id, source.id),) if source.id != source_id else (),
    )


def check_replace_source(tl: Timeline, source_id: str, source: Source) -> None:
    """Raise the :class:`TimelineError` :func:`replace_source` would raise, without making
    the change: the events that cite ``source_id`` are not made (a window checks a form at
    once and makes the change on a worker)."""
    _source_replacing(tl, source_id, source)


def _source_replacing(tl: Timeline, source_id: str, source: Source) -> int:
    """The index of the source ``source_id`` that ``source`` replaces; checked."""
    _is(source, Source, "replace_source: source")
    index = _source_index(tl, source_id, "replace_source")
    if source.id != source_id and _has_source(tl, source.id):
        raise TimelineError(f"replace_source: source.id: {quoted(source.id)} is already used")
    return index


def remove_source(
    tl: Timeline, source_id: str, *, uncite: bool = False, description: str | None = None
) -> Change:
    """Remove the source ``source_id``.

    When events cite it, :class:`LinkedError` lists their citations, unless
    ``uncite``: then those citations are removed in the same change.
    """
    index = _source_index(tl, source_id, "remove_source")
    old = tl.sources[index]
    citing = _citing(tl, source_id)
    cited = _citations_in(citing, source_id)
    if cited and not uncite:
        names = ", ".join(quoted(i) for i in dict.fromkeys(i for i, _ in cited))
        raise LinkedError(
            f"remove_source: {quoted(source_id)} is cited by {names}"
            " (remove those citations too with uncite=True)",
            citations=cited,
        )
    removed: list[Event] = []
    added: list[Event] = []
    for event in citing:
        removed.append(event)
        kept = tuple(c for c in event.sources if c.source != source_id)
        added.append(trusted_evolve(_trusted_event, event, sources=kept))
    text = f"Delete source {_name(old)}"
    if cited:
        text += f" and {_count(len(cited), 'citation')} of it"
    return Change(
        description or text,
        removed_events=tuple(removed),
        added_events=tuple(added),
        removed_sources=((index, old),),
    )


# -- eras ---------------------------------------------------------------------


def add_era(tl: Timeline, era: Era, *, description: str | None = None) -> Change:
    """Add ``era`` (the timeline keeps its eras in order of their start)."""
    _is(era, Era, "add_era: era")
    return Change(description or f"Add era {_name(era)}", added_eras=(era,))


def replace_era(tl: Timeline, old: Era, era: Era, *, description: str | None = None) -> Change:
    """Replace the era ``old`` (one of ``tl.eras``, by value) by ``era``."""
    _is(era, Era, "replace_era: era")
    _era(tl, old, "replace_era")
    if old == era:
        return Change(description or f"Edit era {_name(old)}")
    return Change(description or _era_change(old, era), removed_eras=(old,), added_eras=(era,))


def remove_era(tl: Timeline, era: Era, *, description: str | None = None) -> Change:
    """Remove the era ``era`` (one of ``tl.eras``, by value)."""
    _era(tl, era, "remove_era")
    return Change(description or f"Delete era {_name(era)}", removed_eras=(era,))


def _era(tl: Timeline, era: Era, where: str) -> None:
    _is(era, Era, f"{where}: old" if where == "replace_era" else f"{where}: era")
    if era not in tl.eras:
        raise TimelineError(f"{where}: the timeline has no era {_name(era)} {era.when.edtf}")


def _era_change(old: Era, new: Era) -> str:
    """What a replacement of an era did, in the words of an undo menu."""
    name = f"era {_name(old)}"
    if old.title != new.title and (old.when, old.colour) == (new.when, new.colour):
        return f"Rename {name} to {_name(new)}"
    if old.when != new.when and (old.title, old.colour) == (new.title, new.colour):
        return f"Change the dates of {name}"
    return f"Edit {name}"


def _eras_of(change: Change, tl: Timeline, where: str) -> tuple[Era, ...] | None:
    """The eras after ``change`` (``None``: it changes none)."""
    if not (change.removed_eras or change.added_eras):
        return None
    eras = list(tl.eras)
    for era in change.removed_eras:
        if era not in eras:
            raise TimelineError(f"{where}: the timeline does not hold era {_name(era)} as expected")
        eras.remove(era)
    return (*eras, *change.added_eras)


# -- applying -----------------------------------------------------------------


def _apply(change: Change, tl: Timeline) -> Timeline:
    if not (change.removed_events or change.added_events or change.removed_sources) and not (
        change.added_sources or change.removed_eras or change.added_eras
    ):
        return tl
    where = f"applying {quoted(change.description)}"
    eras = _eras_of(change, tl, where)
    gone: dict[str, Event] = {}
    removed = change.removed_events
    for event, held in zip(removed, _held(tl, [e.id for e in removed]), strict=True):
        if held is None or held != event:
            raise TimelineError(f"{where}: the timeline does not hold {_name(event)} as expected")
        gone[event.id] = event
    ids = {e.id for e in change.added_events}
    if len(ids) != len(change.added_events):
        raise TimelineError(f"{where}: it adds two events with the same id")
    new = [event_id for event_id in ids if event_id not in gone]
    for event_id, held in zip(new, _held(tl, new), strict=True):
        if held is not None:
            raise TimelineError(f"{where}: event id {quoted(event_id)} is already used")
    sources = list(tl.sources)
    for index, source in sorted(change.removed_sources, key=lambda p: p[0], reverse=True):
        if index >= len(sources) or sources[index] != source:
            raise TimelineError(f"{where}: the timeline does not hold {_name(source)} as expected")
        del sources[index]
    source_ids = {s.id for s in sources}
    for index, source in sorted(change.added_sources, key=lambda p: p[0]):
        if source.id in source_ids:
            raise TimelineError(f"{where}: source id {quoted(source.id)} is already used")
        sources.insert(index, source)
        source_ids.add(source.id)

    _check_result(where, tl, gone, change, source_ids, gone.keys() - ids)
    # every part is checked: the changed ones above, the others when the
    # timeline was built; the timeline is edited without checking them all again
    return _edited(tl, change.removed_events, change.added_events, tuple(sources), eras)


def _check_result(
    where: str,
    tl: Timeline,
    gone: Mapping[str, Event],
    change: Change,
    source_ids: set[str],
    lost: set[str],
) -> None:
    """The citations and links of the result resolve (only what the change can break).

    ``lost`` are the ids of the events the change takes out and does not put back.
    """
    added = {e.id for e in change.added_events}
    for event in change.added_events:
        for citation in event.sources:
            if citation.source not in source_ids:
                raise TimelineError(
                    f"{where}: event {quoted(event.id)}: sources: unknown source"
                    f" {quoted(citation.source)}"
                )
        for link in event.related:
            target = link.event
            if target not in added and (target not in tl or target in lost):
                raise TimelineError(
                    f"{where}: event {quoted(event.id)}: related: unknown event {quoted(target)}"
                )
    lost_sources = {s.id for _, s in change.removed_sources} - source_ids
    if not (lost or lost_sources):
        return
    # only the events that link to those lost or cite those lost (of a timeline held as
    # columns, only those made)
    found = set(linking_positions(tl.events, lost)) if lost else set()
    if lost_sources:
        found.update(citing_source_positions(tl.events, lost_sources))
    events = [e for e in events_at(tl.events, sorted(found)) if e.id not in gone]
    events += change.added_events
    for event in events:
        for link in event.related:
            if link.event in lost:
                raise TimelineError(
                    f"{where}: event {quoted(event.id)} still links to {quoted(link.event)}"
                )
        for citation in event.sources:
            if citation.source in lost_sources:
                raise TimelineError(
                    f"{where}: event {quoted(event.id)} still cites {quoted(citation.source)}"
                )


# -- helpers --------------------------------------------------------------------


def _is(value: object, kind: type, what: str) -> None:
    if not isinstance(value, kind):
        raise TimelineError(f"{what}: {value!r} is not a {kind.__name__}")


#: Titles are cut to this many characters in descriptions (an undo menu is narrow).
_SHORT: Final = 40


def named(item: Event | Source | Era) -> str:
    """The title in quotes, cut short, as the descriptions name it: 'Operation Safe City'.

    For a description of one's own: ``edit.replace_event(tl, id, moved,
    description=f"Resize {edit.named(event)}")``.
    """
    title = item.title.replace("\n", " ")
    return f"'{title if len(title) <= _SHORT else title[: _SHORT - 1].rstrip() + '…'}'"


_name: Final = named


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def _held(tl: Timeline, ids: Sequence[str]) -> list[Event | None]:
    """The event of each of ``ids`` in ``tl`` (``None``: none); of a timeline held as
    columns, found together (:meth:`~timeline.columns.EventColumns.find`)."""
    events = tl.events
    if not isinstance(events, EventColumns):
        by_id = tl._by_id
        return [by_id.get(event_id) for event_id in ids]
    at = events.find(ids)
    found = iter(events_at(events, [p for p in at if p is not None]))
    return [None if p is None else next(found) for p in at]


def _event(tl: Timeline, event_id: str, where: str) -> Event:
    if event_id not in tl:
        raise TimelineError(f"{where}: event_id: no event with id {quoted(event_id)}")
    return tl[event_id]


def _has_source(tl: Timeline, source_id: str) -> bool:
    try:
        tl.source(source_id)
    except KeyError:
        return False
    return True


def _source_index(tl: Timeline, source_id: str, where: str) -> int:
    for i, source in enumerate(tl.sources):
        if source.id == source_id:
            return i
    raise TimelineError(f"{where}: source_id: no source with id {quoted(source_id)}")


def _check_refs(
    tl: Timeline, event: Event, where: str, *, extra_ids: set[str], gone: Iterable[str] = ()
) -> None:
    """The event's citations name sources of ``tl``, its links events of the result."""
    gone = set(gone)
    for i, citation in enumerate(event.sources):
        if not _has_source(tl, citation.source):
            raise TimelineError(
                f"{where}: event.sources[{i}].source: unknown source {quoted(citation.source)}"
            )
    for i, link in enumerate(event.related):
        target = link.event
        if target in gone or (target not in tl and target not in extra_ids):
            raise TimelineError(
                f"{where}: event.related[{i}].event: unknown event {quoted(target)}"
            )


def _linking(tl: Timeline, event_id: str) -> list[Event]:
    """The events with a link to ``event_id`` (each once, in order; of a timeline held as
    columns, only those made)."""
    return events_at(tl.events, linking_positions(tl.events, (event_id,)))


def _citing(tl: Timeline, source_id: str) -> list[Event]:
    """The events that cite ``source_id`` (each once, in order; of a timeline held as columns,
    only those made)."""
    return events_at(tl.events, citing_source_positions(tl.events, (source_id,)))


def _relinked(event: Event, old: str, new: str) -> Event:
    if not any(link.event == old for link in event.related):
        return event
    related = tuple(
        trusted_evolve(_trusted_link, link, event=new) if link.event == old else link
        for link in event.related
    )
    return trusted_evolve(_trusted_event, event, related=related)


def _recited(event: Event, old: str, new: str) -> Event:
    sources = tuple(
        trusted_evolve(_trusted_citation, c, source=new) if c.source == old else c
        for c in event.sources
    )
    return trusted_evolve(_trusted_event, event, sources=sources)


def _describe(old: Event, new: Event, relinked: int) -> str:
    """What a replacement did, in the words of an undo menu."""
    name = _name(old)
    if old.id != new.id:
        text = f"Change the id of {name} to {quoted(new.id)}"
        return text + (f" ({_count(relinked, 'link')} updated)" if relinked else "")
    changed = {f.name for f in attrs.fields(Event) if getattr(old, f.name) != getattr(new, f.name)}
    if changed == {"when"}:
        same_length = old.when.upper - old.when.lower == new.when.upper - new.when.lower
        return f"Move {name}" if same_length else f"Change the date of {name}"
    if changed == {"title"}:
        return f"Rename {name} to {_name(new)}"
    return f"Edit {name}"
