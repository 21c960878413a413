"""Operations on whole timelines: the events that match, subsets, merges and differences.

:meth:`Timeline.filter <timeline.models.Timeline.filter>`,
:meth:`~timeline.models.Timeline.subset`, :meth:`~timeline.models.Timeline.merge`,
:meth:`~timeline.models.Timeline.diff` and :meth:`Event.diff
<timeline.models.Event.diff>` are these functions.  :func:`matching` is the
one search rule: ``filter`` and the viewer's search box both use it.

A smaller timeline stays valid: a link to an event left out is dropped (or,
with ``prune_links=False``, a :class:`~timeline.errors.TimelineError` names
it), and so is a source that no event left in cites any more (unless
``prune_sources=False``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Final, Literal, TypeVar

import attrs

from timeline import rules
from timeline._fast import trusted_maker
from timeline.columns import EventColumns, ids_at
from timeline.errors import TimelineError
from timeline.models import Event, Mode, Source, Status, Timeline, _checked_lookups
from timeline.rules import STATUSES
from timeline.when import When

__all__ = [
    "Difference",
    "FieldChange",
    "MergeConflict",
    "Merged",
    "OnConflict",
    "TimelineDiff",
    "diff",
    "event_diff",
    "matching",
    "matching_ids",
    "matching_positions",
    "merge",
    "plain",
    "prepare_search",
    "restricted",
    "subset",
]

#: What :func:`merge` does with an id that both timelines have, with different fields:
#: ``"error"`` raises :class:`MergeConflict`; ``"ours"`` keeps the first timeline's
#: version, ``"theirs"`` the other's.
OnConflict = Literal["error", "ours", "theirs"]
_ON_CONFLICT: Final = ("error", "ours", "theirs")
_SHOWN: Final = 10  # dangling links or clashes named in a message, at most


# -- the search rule -----------------------------------------------------------


def _statuses(status: Status | str | Iterable[Status | str]) -> set[Status]:
    values = [status] if isinstance(status, str) else list(status)  # (a Status is a str)
    wanted: set[Status] = set()
    for value in values:
        if isinstance(value, Status):
            wanted.add(value)
            continue
        message = rules.status(value)
        if message is not None:
            raise TimelineError(f"filter: status: {message}")
        wanted.add(STATUSES[value])
    return wanted


def matching(
    tl: Timeline,
    *,
    tag: str | Iterable[str] | None = None,
    status: Status | str | Iterable[Status | str] | None = None,
    place: str | None = None,
    text: str | None = None,
    start: When | str | None = None,
    end: When | str | None = None,
    mode: Mode = "may",
    tz: str | None = None,
    where: Callable[[Event], bool] | None = None,
) -> Sequence[Event]:
    """The events of ``tl`` that match every given criterion, in chronological order.

    ``tag``: any of the tags (one string is one tag); ``status``: any of the
    statuses; ``place``: a place whose name contains it (case-insensitive);
    ``text``: every word of it occurs (case-insensitive) in the event's id,
    title, summary, tags, places, people or quotes
    (:func:`~timeline.models.search_text`; text without words is no
    criterion); ``start``/``end``/``mode``/``tz``: the window of
    :meth:`Timeline.between <timeline.models.Timeline.between>` (local days);
    ``where``: a function of the event that returns true to keep it.

    With no criterion the result is ``tl.events`` itself.  Cost: O(n) for
    each criterion given (the window O(log n + k)); the search texts are
    built on the first text search and kept (:meth:`Timeline.search_texts
    <timeline.models.Timeline.search_texts>`).
    """
    words = text.casefold().split() if text is not None else []
    if place is None and start is None and end is None and where is None:
        found = _by_columns(tl, words, tag, status)
        if found is not None:  # (the events found, and only those, made)
            return list(map(tl.events.__getitem__, found))
    tests: list[Callable[[Event], bool]] = []  # the cheap ones, before the text
    if isinstance(tag, str):
        tests.append(lambda e: tag in e.tags)
    elif tag is not None:
        tags = set(tag)
        tests.append(lambda e: not tags.isdisjoint(e.tags))
    if status is not None:
        wanted = _statuses(status)
        if len(wanted) == 1:
            (only,) = wanted
            tests.append(lambda e: e.status is only)
        else:
            tests.append(lambda e: e.status in wanted)
    if place is not None:
        needle = place.casefold()
        tests.append(lambda e: any(needle in p.name.casefold() for p in e.places))
    events: Sequence[Event] = tl.events
    if start is not None or end is not None:
        events = tl.between(start, end, mode=mode, tz=tz)
    if words:
        events = _with_words(tl, events, words, tests)
    else:
        for test in tests:
            events = [e for e in events if test(e)]
    if where is not None:
        events = [e for e in events if where(e)]
    return events


def _with_words(
    tl: Timeline,
    events: Sequence[Event],
    words: list[str],
    tests: list[Callable[[Event], bool]],
) -> list[Event]:
    """The ``events`` (some of ``tl``'s, in order) that pass ``tests`` and contain ``words``.

    The cheap tests first, each narrowing the events and their texts together,
    then the words.
    """
    pairs: Iterable[tuple[Event, str]] = zip(tl.events, tl.search_texts(), strict=True)
    if events is not tl.events:  # a window: its events, by identity
        chosen = set(map(id, events))
        tests = [lambda e: id(e) in chosen, *tests]
    for test in tests:  # (each pass keeps fewer pairs)
        pairs = [(e, t) for e, t in pairs if test(e)]
    if len(words) == 1:
        word = words[0]
        return [e for e, t in pairs if word in t]
    return [e for e, t in pairs if all(w in t for w in words)]


def matching_ids(
    tl: Timeline,
    *,
    text: str | None = None,
    tag: str | Iterable[str] | None = None,
    status: Status | str | Iterable[Status | str] | None = None,
    place: str | None = None,
) -> frozenset[str] | None:
    """The ids of :func:`matching` events; ``None`` when no criterion is given.

    For a search box: what to show, without building a timeline at each key
    press (``None``: everything, no filter).
    """
    if place is None:
        found = _by_columns(tl, text.casefold().split() if text is not None else [], tag, status)
        if found is not None:  # (no event made)
            return frozenset(ids_at(tl.events, found))
    events = matching(tl, text=text, tag=tag, status=status, place=place)
    if events is tl.events:
        return None
    return frozenset([e.id for e in events])


def matching_positions(
    tl: Timeline,
    *,
    text: str | None = None,
    tag: str | Iterable[str] | None = None,
    status: Status | str | Iterable[Status | str] | None = None,
) -> list[int] | None:
    """The positions in ``tl.events`` of the :func:`matching` events, ascending; ``None``
    when no criterion is given.

    For a viewer that shows the matches by position (its event list, its canvas): for a
    timeline held as columns the answer of the columns, with no id looked up.
    """
    found = _by_columns(tl, text.casefold().split() if text is not None else [], tag, status)
    if found is not None:
        return found
    events = matching(tl, text=text, tag=tag, status=status)
    if events is tl.events:
        return None
    return [tl.position(e.id) for e in events]  # (in order: matching keeps it)


def _by_columns(
    tl: Timeline,
    words: Sequence[str],
    tag: str | Iterable[str] | None,
    status: Status | str | Iterable[Status | str] | None,
) -> list[int] | None:
    """The positions of the events with ``words``, ``tag`` and ``status``, found in the
    columns of a column-backed timeline (:meth:`timeline.columns.Rows.matching`); ``None``
    when ``tl`` is not held so, or when no criterion is given."""
    events = tl.events
    if not isinstance(events, EventColumns) or not (words or tag is not None or status is not None):
        return None
    tags = None if tag is None else frozenset([tag] if isinstance(tag, str) else tag)
    statuses = None if status is None else frozenset(_statuses(status))
    return events.source.matching(events.rows, words, tags, statuses)


def prepare_search(tl: Timeline) -> None:
    """Make what the first text search of ``tl`` reads, so that it does not have to (a viewer's
    worker calls this): the search texts (:meth:`Timeline.search_texts
    <timeline.models.Timeline.search_texts>`), or, for a timeline held as columns, only which
    of its texts Python folds (:class:`timeline._parquet_search.ColumnSearch`)."""
    events = tl.events
    if isinstance(events, EventColumns):
        events.source.prepare_matching()
    else:
        tl.search_texts()


# -- subsets -------------------------------------------------------------------


def subset(
    tl: Timeline,
    ids: Iterable[str],
    *,
    prune_links: bool = True,
    prune_sources: bool = True,
) -> Timeline:
    """``tl`` with only the events whose ids are ``ids`` (one string is one id).

    An id that ``tl`` does not have is a :class:`~timeline.errors.TimelineError`.
    See :func:`restricted` for ``prune_links`` and ``prune_sources``.
    """
    wanted = {ids} if isinstance(ids, str) else set(ids)
    unknown = sorted(i for i in wanted if i not in tl)
    if unknown:
        raise TimelineError(f"subset: no event with id {_listed(unknown)}")
    kept = [e for e in tl.events if e.id in wanted]
    return restricted(tl, kept, prune_links=prune_links, prune_sources=prune_sources)


def restricted(
    tl: Timeline,
    kept: Sequence[Event],
    *,
    prune_links: bool = True,
    prune_sources: bool = True,
) -> Timeline:
    """``tl`` with only the events ``kept`` (some of its own, in its order).

    ``tl`` itself when every event is kept (O(1)).  Otherwise:

    * ``prune_links=True`` (default): links to events left out are dropped
      from the events kept.  ``False``: such a link is a
      :class:`~timeline.errors.TimelineError` that names it (the smaller
      timeline could not keep it and stay valid).
    * ``prune_sources=True`` (default): a source that some event of ``tl``
      cites, and none of the events kept, is dropped; a source that no event
      cited in the first place stays.  ``False``: every source stays.
    """
    if len(kept) == len(tl.events):
        return tl
    ids = {e.id for e in kept}
    dangling = [(e, link) for e in kept for link in e.related if link.event not in ids]
    if dangling:
        if not prune_links:
            named = [f"{e.id!r} -> {link.event!r} ({link.kind})" for e, link in dangling]
            raise TimelineError(
                f"links to events left out: {_listed(named, quote=False)}"
                " (prune_links=True drops them)"
            )
        losing = {id(e) for e, _ in dangling}
        kept = [
            attrs.evolve(e, related=tuple(r for r in e.related if r.event in ids))
            if id(e) in losing
            else e
            for e in kept
        ]
    sources = tl.sources
    if prune_sources and sources:
        cited_now = {c.source for e in kept for c in e.sources}
        if len(cited_now) < len(sources):
            cited = tl.cited_sources()
            sources = tuple(s for s in sources if s.id in cited_now or s.id not in cited)
    # every part was checked when ``tl`` was built, and is in order: no need to
    # check or sort them again
    return _in_order_timeline(
        title=tl.title,
        events=kept,
        sources=sources,
        description=tl.description,
        tz=tl.tz,
        eras=tl.eras,
    )


#: A Timeline of checked parts whose events are in the timeline order already
_in_order_timeline: Final = trusted_maker(
    Timeline, convert={"events": tuple, "sources": tuple}, finish=_checked_lookups
)


def _listed(items: Sequence[str], *, quote: bool = True) -> str:
    shown = [repr(i) if quote else i for i in items[:_SHOWN]]
    more = len(items) - len(shown)
    return ", ".join(shown) + (f" and {more:,} more" if more else "")


# -- differences ------------------------------------------------------------------


def plain(value: object) -> Any:
    """A field's value as plain data (for JSON): a date its EDTF (and zone), a
    status its name, a part a dict of its fields that are set, a tuple a list."""
    if isinstance(value, When):
        return value.edtf if value.tz is None else f"{value.edtf} {value.tz}"
    if isinstance(value, Status):
        return value.value
    if isinstance(value, tuple):
        return [plain(v) for v in value]
    kind = type(value)
    if attrs.has(kind):
        return {
            f.name: plain(v)
            for f in attrs.fields(kind)
            if f.init and (v := getattr(value, f.name)) is not None
        }
    return value


def _shown(value: object, width: int = 80) -> str:
    text = json.dumps(plain(value), ensure_ascii=False)
    return text if len(text) <= width else text[: width - 1] + "…"


@attrs.frozen
class FieldChange:
    """One field that differs: its name, the value in ours (the timeline or
    event whose method was called) and the value in theirs (the other)."""

    field: str
    ours: object
    theirs: object

    def __str__(self) -> str:
        return f"{self.field}: {_shown(self.ours)} -> {_shown(self.theirs)}"

    def to_data(self) -> dict[str, Any]:
        """``{"field", "ours", "theirs"}``, the values as :func:`plain` data."""
        return {"field": self.field, "ours": plain(self.ours), "theirs": plain(self.theirs)}


@attrs.frozen
class Difference:
    """An event or a source that both sides have, with different fields."""

    kind: Literal["event", "source"]
    id: str
    fields: tuple[FieldChange, ...]

    def __str__(self) -> str:
        lines = [f"{self.kind} {self.id!r}:"]
        lines += [f"  {change}" for change in self.fields]
        return "\n".join(lines)

    def to_data(self) -> dict[str, Any]:
        """``{"kind", "id", "fields"}`` (each field as :meth:`FieldChange.to_data`)."""
        return {"kind": self.kind, "id": self.id, "fields": [f.to_data() for f in self.fields]}


def _field_changes(ours: object, theirs: object, names: Sequence[str]) -> tuple[FieldChange, ...]:
    return tuple(
        FieldChange(name, a, b)
        for name in names
        if (a := getattr(ours, name)) != (b := getattr(theirs, name))
    )


_EVENT_FIELDS: Final = tuple(f.name for f in attrs.fields(Event))
_SOURCE_FIELDS: Final = tuple(f.name for f in attrs.fields(Source))
_HEAD_FIELDS: Final = ("title", "description", "tz", "eras")


def event_diff(ours: Event, theirs: Event) -> tuple[FieldChange, ...]:
    """The fields in which two events differ, in the order they are declared (``()``: equal)."""
    if ours == theirs:
        return ()
    return _field_changes(ours, theirs, _EVENT_FIELDS)


def _source_diff(ours: Source, theirs: Source) -> tuple[FieldChange, ...]:
    if ours == theirs:
        return ()
    return _field_changes(ours, theirs, _SOURCE_FIELDS)


@attrs.frozen
class TimelineDiff:
    """What differs between two timelines, ours and theirs (``ours.diff(theirs)``).

    ``added``: events only theirs has (in their order); ``removed``: events
    only ours has; ``changed``: events both have, with different fields; the
    same three for sources; ``fields``: the timeline's own title,
    description, tz and eras where they differ.  False when nothing differs;
    ``str()`` is a readable report.
    """

    added: tuple[Event, ...] = ()
    removed: tuple[Event, ...] = ()
    changed: tuple[Difference, ...] = ()
    added_sources: tuple[Source, ...] = ()
    removed_sources: tuple[Source, ...] = ()
    changed_sources: tuple[Difference, ...] = ()
    fields: tuple[FieldChange, ...] = ()

    def __bool__(self) -> bool:
        return any(attrs.astuple(self, recurse=False))

    def apply(self, ours: Timeline) -> Timeline:
        """``ours`` with these differences made: ``a.diff(b).apply(a)`` has the
        events, title, description, tz and eras of ``b``, and its sources (in the
        order of ``a``'s, then ``b``'s new ones).

        A :class:`~timeline.errors.TimelineError` when ``ours`` lacks an event
        or source to remove or change, or has one to add.
        """
        events = _applied("event", ours.events, self.removed, self.added, self.changed)
        sources = _applied(
            "source", ours.sources, self.removed_sources, self.added_sources, self.changed_sources
        )
        head: dict[str, Any] = {f.field: f.theirs for f in self.fields}
        return Timeline(
            head.get("title", ours.title),
            events,
            sources,
            description=head.get("description", ours.description),
            tz=head.get("tz", ours.tz),
            eras=head.get("eras", ours.eras),
        )

    def __str__(self) -> str:
        if not self:
            return "no differences"
        lines = [f"timeline {change}" for change in self.fields]
        lines += [f"+ event {e.id!r}: {e.title} ({e.when})" for e in self.added]
        lines += [f"- event {e.id!r}: {e.title} ({e.when})" for e in self.removed]
        lines += [f"~ {change}" for change in self.changed]
        lines += [f"+ source {s.id!r}: {s.title}" for s in self.added_sources]
        lines += [f"- source {s.id!r}: {s.title}" for s in self.removed_sources]
        lines += [f"~ {change}" for change in self.changed_sources]
        return "\n".join(lines)

    def to_data(self) -> dict[str, Any]:
        """The differences as plain data (JSON): ids of events and sources added
        and removed, changes as :meth:`Difference.to_data`."""
        return {
            "equal": not self,
            "fields": [f.to_data() for f in self.fields],
            "events": {
                "added": [e.id for e in self.added],
                "removed": [e.id for e in self.removed],
                "changed": [c.to_data() for c in self.changed],
            },
            "sources": {
                "added": [s.id for s in self.added_sources],
                "removed": [s.id for s in self.removed_sources],
                "changed": [c.to_data() for c in self.changed_sources],
            },
        }


_Item = TypeVar("_Item", Event, Source)


def _applied(
    kind: str,
    items: Sequence[_Item],
    gone: Sequence[_Item],
    new: Sequence[_Item],
    changed: Sequence[Difference],
) -> list[_Item]:
    """``items`` less ``gone``, ``changed`` to their new values, and ``new`` at the end."""
    table: dict[str, _Item] = {x.id: x for x in items}
    missing = [x.id for x in gone if x.id not in table]
    missing += [c.id for c in changed if c.id not in table]
    there = [x.id for x in new if x.id in table]
    if missing or there:
        why = [f"missing {_listed(missing)}"] if missing else []
        why += [f"already there {_listed(there)}"] if there else []
        raise TimelineError(f"apply: not the timeline this differs from: {kind}s {'; '.join(why)}")
    for x in gone:
        del table[x.id]
    for c in changed:
        values: dict[str, Any] = {f.field: f.theirs for f in c.fields}
        table[c.id] = attrs.evolve(table[c.id], **values)
    table.update((x.id, x) for x in new)
    return list(table.values())


def diff(ours: Timeline, theirs: Timeline) -> TimelineDiff:
    """What differs from ``ours`` to ``theirs`` (see :class:`TimelineDiff`). O(n)."""
    changed: list[Difference] = []
    removed: list[Event] = []
    for e in ours.events:
        if e.id not in theirs:
            removed.append(e)
        elif fields := event_diff(e, theirs[e.id]):
            changed.append(Difference("event", e.id, fields))
    added = tuple(e for e in theirs.events if e.id not in ours)
    s_changed: list[Difference] = []
    s_removed: list[Source] = []
    their_sources = {s.id: s for s in theirs.sources}
    our_sources = {s.id for s in ours.sources}
    for s in ours.sources:
        other = their_sources.get(s.id)
        if other is None:
            s_removed.append(s)
        elif fields := _source_diff(s, other):
            s_changed.append(Difference("source", s.id, fields))
    return TimelineDiff(
        added=added,
        removed=tuple(removed),
        changed=tuple(changed),
        added_sources=tuple(s for s in theirs.sources if s.id not in our_sources),
        removed_sources=tuple(s_removed),
        changed_sources=tuple(s_changed),
        fields=_field_changes(ours, theirs, _HEAD_FIELDS),
    )


# -- merging ------------------------------------------------------------------------


@attrs.frozen
class Merged:
    """What :func:`merge` returns: the merged timeline, and the clashes it settled."""

    timeline: Timeline
    clashes: tuple[Difference, ...] = ()


class MergeConflict(TimelineError):  # noqa: N818 (a conflict, not a failure of the library)
    """Two timelines have events or sources with the same id and different fields.

    ``clashes`` lists them (each a :class:`Difference`: which fields, both values).
    """

    def __init__(self, clashes: Sequence[Difference]) -> None:
        self.clashes: tuple[Difference, ...] = tuple(clashes)
        shown = "\n".join(str(c) for c in self.clashes[:_SHOWN])
        more = len(self.clashes) - _SHOWN
        count = len(self.clashes)
        super().__init__(
            f"merge: {count} clash{'es' * (count != 1)} (same id, different fields; "
            f"on_conflict='ours' or 'theirs' settles them):\n{shown}"
            + (f"\n... and {more:,} more" if more > 0 else "")
        )


def merge(ours: Timeline, theirs: Timeline, *, on_conflict: OnConflict = "error") -> Merged:
    """The events and sources of both timelines, each id once.

    An id both have with equal fields is one item.  An id both have with
    different fields is a *clash*: ``on_conflict="error"`` (default) raises
    :class:`MergeConflict` listing every clash; ``"ours"`` keeps our
    version, ``"theirs"`` theirs; both list the clashes in the result.
    The merged timeline is valid: every link and citation of either side
    names an event or source of one of them, and all are in it.

    Its title is ours; its description, tz and eras ours, or theirs when ours
    has none (``""``, ``None``, no eras).  Sources: ours in their order, then theirs
    that ours does not have.  O(n).
    """
    if on_conflict not in _ON_CONFLICT:
        raise TimelineError(
            f"merge: on_conflict {on_conflict!r} is not one of {', '.join(map(repr, _ON_CONFLICT))}"
        )
    clashes: list[Difference] = []
    take_theirs = on_conflict == "theirs"
    events = _merged("event", ours.events, theirs.events, event_diff, take_theirs, clashes)
    sources = _merged("source", ours.sources, theirs.sources, _source_diff, take_theirs, clashes)
    if clashes and on_conflict == "error":
        raise MergeConflict(clashes)
    merged = Timeline(
        ours.title,
        events.values(),
        sources.values(),
        description=ours.description or theirs.description,
        tz=ours.tz if ours.tz is not None else theirs.tz,
        eras=ours.eras or theirs.eras,
    )
    return Merged(merged, tuple(clashes))


def _merged(
    kind: Literal["event", "source"],
    ours: Iterable[_Item],
    theirs: Iterable[_Item],
    diff: Callable[[_Item, _Item], tuple[FieldChange, ...]],
    take_theirs: bool,
    clashes: list[Difference],
) -> dict[str, _Item]:
    """Ours by id, with theirs added; each clash (same id, ``diff`` not empty) appended to
    ``clashes`` and settled by ``take_theirs``."""
    items: dict[str, _Item] = {item.id: item for item in ours}
    for item in theirs:
        mine = items.get(item.id)
        if mine is None:
            items[item.id] = item
        elif fields := diff(mine, item):
            clashes.append(Difference(kind, item.id, fields))
            if take_theirs:
                items[item.id] = item
    return items
