"""The models: :class:`Event`, :class:`Source`, :class:`Era`, :class:`Timeline` and their parts.

All are ``attrs.frozen``: immutable, hashable, compared by value.  Change one
with :func:`attrs.evolve`.  Validators run at construction and their
:class:`~timeline.errors.TimelineError` names the field and the value.
"""

from __future__ import annotations

import functools
import math
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import chain, repeat
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, Any, Final, Literal, NamedTuple, cast

import attrs

from timeline import rules
from timeline._chronology import EventKeys, event_keys, order, picked
from timeline._copies import copied
from timeline._fast import trusted_maker
from timeline._span_indexes import SpanIndexes
from timeline.columns import EventColumns, EventsById, Whens, conflicting, whens_of
from timeline.days import disagrees, local_bounds, local_keys, zone
from timeline.errors import TimelineError
from timeline.index import SpanIndex
from timeline.rules import STATUSES, Status
from timeline.when import When

if TYPE_CHECKING:
    import pandas
    import pyarrow

    from timeline.columns import Keys, Rows
    from timeline.grouping import GroupKey
    from timeline.ops import FieldChange, Merged, OnConflict, TimelineDiff

__all__ = [
    "Citation",
    "Era",
    "Event",
    "Figure",
    "Link",
    "Person",
    "Place",
    "Source",
    "Status",
    "Timeline",
]

# -- validators -------------------------------------------------------------
# The rules themselves are in timeline.rules, shared with the loader; these
# apply them and put ``Class.field: `` before their words.

Rule = Callable[[object], "str | None"]
"""A rule of :mod:`timeline.rules`: a value in, ``None`` or what is wrong out."""


@attrs.frozen
class _Check:
    """An attrs validator applying ``rule`` (``optional``: ``None`` is good too)."""

    rule: Rule
    optional: bool = False

    def __call__(self, owner: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None and self.optional:
            return
        message = self.rule(value)
        if message is not None:
            raise TimelineError(f"{type(owner).__name__}.{attribute.name}: {message}")


@attrs.frozen
class _EachCheck:
    """An attrs validator applying ``rule`` to each item of a tuple: ``Class.field[2]: ``."""

    rule: Rule

    def __call__(self, owner: object, attribute: attrs.Attribute[Any], value: object) -> None:
        _a_list(owner, attribute, value)
        assert isinstance(value, tuple)
        for i, item in enumerate(value):
            message = self.rule(item)
            if message is not None:
                raise TimelineError(f"{type(owner).__name__}.{attribute.name}[{i}]: {message}")


def rules_of(cls: type[Any]) -> dict[str, Rule]:
    """The rule of each field of model ``cls`` that has one, by field name.

    The loader checks a file's values with these, so a field's rule is
    written once, where the field is declared.
    """
    found: dict[str, Rule] = {}
    for field in attrs.fields(cls):
        check = field.validator
        if isinstance(check, _Check | _EachCheck):
            found[field.name] = check.rule
    return found


def _err(owner: object, attribute: attrs.Attribute[Any], value: object, why: str) -> TimelineError:
    return TimelineError(f"{type(owner).__name__}.{attribute.name}: {value!r} {why}")


def _when(owner: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, When):
        raise _err(owner, attribute, value, "must be a When (use When.parse)")


def _optional_when(owner: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _when(owner, attribute, value)


def _a_list(owner: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple):  # the converter leaves what it cannot convert
        raise _err(owner, attribute, value, "must be a list")


def _items_of(kind: type) -> Callable[[object, attrs.Attribute[Any], object], None]:
    def check(owner: object, attribute: attrs.Attribute[Any], value: object) -> None:
        _a_list(owner, attribute, value)
        assert isinstance(value, tuple)
        if all(map(isinstance, value, repeat(kind))):  # (C speed: a million events)
            return
        for item in value:
            if not isinstance(item, kind):
                article = "an" if kind.__name__[0] in "AEIOU" else "a"
                raise _err(owner, attribute, item, f"must be {article} {kind.__name__}")

    return check


# -- converters ---------------------------------------------------------------
# Typed by what they accept, so that a type checker sees the real __init__
# (``places=["Portland"]`` is an error).  What they cannot convert they leave
# for the validator to report (hence the casts).


def _to_tuple(value: Iterable[Any]) -> Any:
    """A tuple of the items (a string is one item); a non-iterable is left for the validator."""
    if isinstance(value, str):
        return (value,)
    try:
        return tuple(value)
    except TypeError:
        return value


def _to_places(value: Iterable[Place]) -> tuple[Place, ...]:
    return cast("tuple[Place, ...]", _to_tuple(value))


def _to_people(value: Iterable[Person]) -> tuple[Person, ...]:
    return cast("tuple[Person, ...]", _to_tuple(value))


def _to_tags(value: str | Iterable[str]) -> tuple[str, ...]:
    """A tuple of tags; one string is one tag."""
    return cast("tuple[str, ...]", _to_tuple(value))


def _to_citations(value: Iterable[Citation]) -> tuple[Citation, ...]:
    return cast("tuple[Citation, ...]", _to_tuple(value))


def _to_links(value: Iterable[Link]) -> tuple[Link, ...]:
    return cast("tuple[Link, ...]", _to_tuple(value))


def _to_sources(value: Iterable[Source]) -> tuple[Source, ...]:
    return cast("tuple[Source, ...]", _to_tuple(value))


def _to_eras(value: Iterable[Era]) -> tuple[Era, ...]:
    """The eras in order: by start, then end, then title and colour."""
    items = _to_tuple(value)
    if not (isinstance(items, tuple) and all(isinstance(e, Era) for e in items)):
        return cast("tuple[Era, ...]", items)  # for the validator to report
    return tuple(sorted(items, key=_era_order))


def _era_order(era: Era) -> tuple[tuple[float, float, str, str], str, str]:
    return (era.when.sort_key, era.title, era.colour or "")


def _to_status(value: Status | str) -> Status:
    if isinstance(value, Status):
        return value
    message = rules.status(value)
    if message is not None:
        raise TimelineError(f"Event.status: {message}")
    return STATUSES[value]


def _to_figures(value: Mapping[str, float] | Iterable[Figure]) -> tuple[Figure, ...]:
    """Figures from ``{"arrested": 498}`` or from :class:`Figure` values."""
    if isinstance(value, Mapping):
        return tuple(Figure(name, number) for name, number in value.items())
    return cast("tuple[Figure, ...]", _to_tuple(value))


# -- parts ------------------------------------------------------------------


@attrs.frozen
class Place:
    """A named place, with coordinates when known (WGS 84 degrees)."""

    name: str = attrs.field(validator=_Check(rules.name))
    lat: float | None = attrs.field(
        default=None, kw_only=True, validator=_Check(rules.latitude, optional=True)
    )
    lon: float | None = attrs.field(
        default=None, kw_only=True, validator=_Check(rules.longitude, optional=True)
    )

    def __attrs_post_init__(self) -> None:
        message = rules.coordinates(self.lat, self.lon)
        if message is not None:
            raise TimelineError(f"Place.lat, Place.lon: {message}")


@attrs.frozen
class Person:
    """A person involved in an event, with their role in it."""

    name: str = attrs.field(validator=_Check(rules.name))
    role: str | None = attrs.field(
        default=None, kw_only=True, validator=_Check(rules.short_text, optional=True)
    )


@attrs.frozen
class Figure:
    """A named number reported for an event: ``arrested = 498``."""

    name: str = attrs.field(validator=_Check(rules.figure_name))
    value: int | float = attrs.field(validator=_Check(rules.figure_value))


@attrs.frozen
class Citation:
    """What one source says of an event.

    ``source`` is a :class:`Source` id.  ``reported`` is the date *as that
    source gave it* (EDTF), ``reported_text`` its own words ("between Monday and
    Thursday"); ``quote`` a passage it printed.
    """

    source: str = attrs.field(validator=_Check(rules.identifier))
    quote: str | None = attrs.field(
        default=None, kw_only=True, validator=_Check(rules.long_text, optional=True)
    )
    reported: When | None = attrs.field(default=None, kw_only=True, validator=_optional_when)
    reported_text: str | None = attrs.field(
        default=None, kw_only=True, validator=_Check(rules.short_text, optional=True)
    )
    note: str | None = attrs.field(
        default=None, kw_only=True, validator=_Check(rules.long_text, optional=True)
    )

    def disagrees_with(self, when: When) -> bool:
        """True when the reported date cannot be the established one.

        A report *agrees* when its span contains the established span (a
        vaguer report such as "this month") or is contained by it; it
        *disagrees* otherwise, e.g. Monday–Thursday against Sunday–Wednesday.
        A day and a time of day compare by the time's local day (a report of
        "2017-08-25" agrees with 22:00 on 25 August in Chicago, which is 26
        August in UTC); two times with zones or offsets compare as instants
        (see :func:`timeline.days.compared_bounds`).
        """
        return self.reported is not None and disagrees(self.reported, when)


@attrs.frozen
class Link:
    """A link from one event to another: ``kind`` says how they relate."""

    kind: str = attrs.field(validator=_Check(rules.identifier))
    event: str = attrs.field(validator=_Check(rules.identifier))
    note: str | None = attrs.field(
        default=None, kw_only=True, validator=_Check(rules.long_text, optional=True)
    )


# -- main models ------------------------------------------------------------


@attrs.frozen
class Source:
    """A source of information: an article, a release, a court record."""

    id: str = attrs.field(validator=_Check(rules.identifier))
    title: str = attrs.field(validator=_Check(rules.name))
    publisher: str | None = attrs.field(
        default=None, kw_only=True, validator=_Check(rules.short_text, optional=True)
    )
    url: str | None = attrs.field(
        default=None, kw_only=True, validator=_Check(rules.url, optional=True)
    )
    published: When | None = attrs.field(default=None, kw_only=True, validator=_optional_when)
    note: str | None = attrs.field(
        default=None, kw_only=True, validator=_Check(rules.long_text, optional=True)
    )


@attrs.frozen
class Event:
    """Something that happened (or was planned) at a :class:`When`.

    >>> e = Event("chicago-injunction", "Injunction granted", When.parse("2017-09-15"))
    >>> e.status
    <Status.HAPPENED: 'happened'>
    """

    id: str = attrs.field(validator=_Check(rules.identifier))
    title: str = attrs.field(validator=_Check(rules.name))
    when: When = attrs.field(validator=_when)
    status: Status = attrs.field(default=Status.HAPPENED, kw_only=True, converter=_to_status)
    summary: str = attrs.field(default="", kw_only=True, validator=_Check(rules.long_text))
    places: tuple[Place, ...] = attrs.field(
        default=(), kw_only=True, converter=_to_places, validator=_items_of(Place)
    )
    people: tuple[Person, ...] = attrs.field(
        default=(), kw_only=True, converter=_to_people, validator=_items_of(Person)
    )
    tags: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=_to_tags, validator=_EachCheck(rules.tag)
    )
    figures: tuple[Figure, ...] = attrs.field(
        default=(), kw_only=True, converter=_to_figures, validator=_items_of(Figure)
    )
    sources: tuple[Citation, ...] = attrs.field(
        default=(), kw_only=True, converter=_to_citations, validator=_items_of(Citation)
    )
    related: tuple[Link, ...] = attrs.field(
        default=(), kw_only=True, converter=_to_links, validator=_items_of(Link)
    )

    @figures.validator
    def _check_figure_names(
        self, attribute: attrs.Attribute[Any], value: tuple[Figure, ...]
    ) -> None:
        names = [f.name for f in value]
        if len(set(names)) != len(names):
            raise _err(self, attribute, names, "repeats a figure name")

    def __repr__(self) -> str:
        when = self.when.edtf if self.when.tz is None else f"{self.when.edtf} {self.when.tz}"
        title = rules.quoted(self.title)
        return f"<Event {rules.quoted(self.id)}: {title}, {when}, {self.status.value}>"

    @property
    def conflicting(self) -> tuple[Citation, ...]:
        """The citations whose reported date disagrees with :attr:`when`."""
        return conflicting(self.sources, self.when)

    def diff(self, other: Event) -> tuple[FieldChange, ...]:
        """The fields in which ``other`` differs, each with both values (``()``: equal)."""
        from timeline.ops import event_diff

        return event_diff(self, other)

    def figure(self, name: str) -> int | float | None:
        """The value of the figure ``name``, or ``None``."""
        for f in self.figures:
            if f.name == name:
                return f.value
        return None


@attrs.frozen
class Era:
    """A named period of the story, drawn as a band behind the events.

    ``when`` is a date or an interval whose start and end are both known (a
    band needs two edges); ``colour`` is ``#rrggbb`` (``None``: the viewer
    picks one).  Eras have no id: nothing refers to them.

    >>> Era("Operation Safe City", When.parse("2017-09-24/2017-09-27"), colour="#cc6677")
    Era(title='Operation Safe City', when=When('2017-09-24/2017-09-27'), colour='#cc6677')
    """

    title: str = attrs.field(validator=_Check(rules.name))
    when: When = attrs.field(validator=_Check(rules.period))
    colour: str | None = attrs.field(
        default=None, kw_only=True, validator=_Check(rules.colour, optional=True)
    )


def _to_events(events: Iterable[Event]) -> tuple[Event, ...]:
    """A tuple of the events (checked and put in order after construction: :func:`_arranged`)."""
    return cast("tuple[Event, ...]", _to_tuple(events))


_ID: Final = attrgetter("id")
_ID_OF: Final[Callable[[object], str]] = Event.__dict__["id"].__get__
"""An event's id; a ``TypeError`` for anything that is not an :class:`Event` (the slot's
own check, so reading the ids checks the types in the same pass)."""
_EVENTS_CHECK: Final = _items_of(Event)


class _Arranged(NamedTuple):
    """Events in chronological order, by id (each once, unless ids repeat), and what
    :func:`timeline._chronology.event_keys` read of them (in the order given)."""

    events: tuple[Event, ...]
    by_id: dict[str, Event]
    keys: EventKeys


def _arranged(owner: Timeline, items: tuple[Event, ...]) -> _Arranged:
    """``items`` in chronological order (by lower bound, upper bound, then id), by id, and
    their keys; a :class:`TimelineError` naming the first item that is not an
    :class:`Event` (as the validator of ``owner.events`` would).

    Three passes over the events (ids, keys, the sorted tuple), each at C speed: see
    :mod:`timeline._chronology` for why the passes, not the sort, are what costs.
    """
    try:
        by_id = dict(zip(map(_ID_OF, items), items, strict=True))
    except TypeError:
        _EVENTS_CHECK(owner, attrs.fields(Timeline).events, items)  # names a non-event
        raise  # (not from the type check)
    keys = event_keys(items)
    # the ids in the order given (read again only when some repeat: an error then)
    ids = list(by_id) if len(by_id) == len(items) else list(map(_ID, items))
    positions = order(keys.lowers, keys.uppers, ids)
    return _Arranged(picked(items, positions), by_id, keys)


Mode = Literal["may", "certain"]


@attrs.frozen
class Timeline:
    """A titled collection of events and the sources they cite.

    Events are kept in chronological order (earliest, then latest, then id),
    whatever order they are given in.  ``len``, iteration, ``tl["id"]`` and
    ``"id" in tl`` work as for a sequence keyed by id.

    Construction checks the whole: ids are unique, citations name known
    sources, links name known events.

    ``eras`` are named periods (:class:`Era`), kept in order of their start.

    ``tz`` (an IANA name) is the timeline's own zone: the zone a viewer shows
    its times in.  It does not change what the queries return: day windows
    read each timed event on its own local day unless they are given a ``tz``.
    """

    title: str = attrs.field(validator=_Check(rules.short_text))
    events: Sequence[Event] = attrs.field(default=(), converter=_to_events, validator=_a_list)
    sources: tuple[Source, ...] = attrs.field(
        default=(), converter=_to_sources, validator=_items_of(Source)
    )
    description: str = attrs.field(default="", kw_only=True, validator=_Check(rules.long_text))
    tz: str | None = attrs.field(default=None, kw_only=True)
    eras: tuple[Era, ...] = attrs.field(
        default=(), kw_only=True, converter=_to_eras, validator=_items_of(Era)
    )
    _by_id: Mapping[str, Event] = attrs.field(init=False, eq=False, repr=False, hash=False)
    _sources_by_id: dict[str, Source] = attrs.field(init=False, eq=False, repr=False, hash=False)
    _indexes: SpanIndexes = attrs.field(init=False, eq=False, repr=False, hash=False)
    _search: tuple[str, ...] | None = attrs.field(init=False, eq=False, repr=False, hash=False)
    _cited: frozenset[str] | None = attrs.field(init=False, eq=False, repr=False, hash=False)
    _positions: Mapping[str, int] | None = attrs.field(init=False, eq=False, repr=False, hash=False)

    @tz.validator
    def _check_tz(self, attribute: attrs.Attribute[Any], value: str | None) -> None:
        if value is not None:
            zone(value, "Timeline.tz")

    def __attrs_post_init__(self) -> None:
        # (the converter made a tuple, and the validator has checked it is one)
        arranged = _arranged(self, cast("tuple[Event, ...]", self.events))
        object.__setattr__(self, "events", arranged.events)
        by_id = arranged.by_id
        if len(by_id) != len(arranged.events):  # name the first id that repeats, in order
            _unique(arranged.events, "Timeline.events: duplicate event id")
        sources = _unique(self.sources, "Timeline.sources: duplicate source id")
        self._check_references(by_id, sources, arranged.keys)
        self._set_lookups(by_id, sources)

    def __repr__(self) -> str:
        events, sources = len(self.events), len(self.sources)
        return (
            f"<Timeline {rules.quoted(self.title)}: {events} event{'s' * (events != 1)},"
            f" {sources} source{'s' * (sources != 1)}>"
        )

    def _check_references(
        self, by_id: dict[str, Event], sources: dict[str, Source], keys: EventKeys
    ) -> None:
        # every id cited and linked to, gathered at C speed; the events looked at one
        # by one only to name the first that is wrong
        cited = map(_SOURCE, chain.from_iterable(keys.citations))
        linked = map(_EVENT, chain.from_iterable(keys.links))
        if sources.keys() >= set(cited) and by_id.keys() >= set(linked):
            return
        for event in self.events:
            for citation in event.sources:
                if citation.source not in sources:
                    raise TimelineError(
                        f"event {event.id!r}: sources: unknown source {citation.source!r}"
                    )
            for link in event.related:
                if link.event not in by_id:
                    raise TimelineError(
                        f"event {event.id!r}: related: unknown event {link.event!r}"
                    )

    def _set_lookups(
        self,
        by_id: Mapping[str, Event],
        sources: dict[str, Source],
        indexes: SpanIndexes | None = None,
        search: tuple[str, ...] | None = None,
    ) -> None:
        object.__setattr__(self, "_search", search)  # else built on first use: search_texts()
        object.__setattr__(self, "_cited", None)  # built on first use: cited_sources()
        object.__setattr__(self, "_positions", None)  # built on first use: position()
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(self, "_sources_by_id", sources)
        # the span indexes by each zone's days (None: each event's own), made on use
        object.__setattr__(self, "_indexes", SpanIndexes() if indexes is None else indexes)

    # -- sequence protocol ------------------------------------------------

    def __len__(self) -> int:
        return len(self.events)

    def __iter__(self) -> Iterator[Event]:
        return iter(self.events)

    def __getitem__(self, event_id: str) -> Event:
        try:
            return self._by_id[event_id]
        except KeyError:
            raise KeyError(f"no event with id {event_id!r}") from None

    def __contains__(self, event_id: object) -> bool:
        return event_id in self._by_id

    def source(self, source_id: str) -> Source:
        """The source with id ``source_id`` (``KeyError`` if none)."""
        try:
            return self._sources_by_id[source_id]
        except KeyError:
            raise KeyError(f"no source with id {source_id!r}") from None

    def search_texts(self) -> tuple[str, ...]:
        """:func:`search_text` of each event, in order; built once and kept.

        Building it is O(n); a viewer may call it on a worker thread before
        showing the timeline (two threads racing build equal tuples).
        """
        texts = self._search
        if texts is None:
            texts = tuple(search_text(e) for e in self.events)
            object.__setattr__(self, "_search", texts)
        return texts

    def cited_sources(self) -> frozenset[str]:
        """The ids of the sources that some event cites; built on first use (O(n)) and kept."""
        cited = self._cited
        if cited is None:
            cited = frozenset([c.source for e in self.events for c in e.sources])
            object.__setattr__(self, "_cited", cited)
        return cited

    @property
    def index(self) -> SpanIndex:
        """The span index over :attr:`events` by local days (positions index :attr:`events`).

        Its spans are the events' local keys (:func:`timeline.days.local_keys`):
        each timed event on the wall clock of its own zone or offset.  Built on
        first use (about half a second for a million events; the viewer's loader builds
        it on its worker thread) and kept; two threads racing build equal ones.
        """
        return self._indexes.get(None, lambda: _held_keys(self))

    def keys(self, tz: str | None = None) -> tuple[Sequence[float], Sequence[float]]:
        """The events' local keys (lowers, uppers by position) in ``tz``, or each its own zone.

        O(n), not kept (:func:`timeline.days.local_keys`): two new ``array("d")``, 8 bytes a
        key (as lists, ten million keys were 0.64 GB more); from columns, copies of theirs.
        """
        events = self.events
        if tz is None and isinstance(events, EventColumns):
            keys = events.keys  # (from the columns: no date made)
            return copied(keys.local_lowers, "d"), copied(keys.local_uppers, "d")
        lowers, uppers = local_keys(whens_of(events), None if tz is None else zone(tz))
        return array("d", lowers), array("d", uppers)

    def indexed(self, tz: str | None = None) -> bool:
        """Whether the span index by the local days of ``tz`` is made (:meth:`index_in`)."""
        return self._indexes.made(tz) is not None

    def index_in(self, tz: str | None = None) -> SpanIndex:
        """The span index by the local days of ``tz`` (``None``: :attr:`index`).

        Made on first use for each zone, O(n log n), and kept (a timeline edited from another
        takes it from that one's when made by then: :mod:`timeline._span_indexes`).
        """
        return self._indexes.get(tz, lambda: self.keys(tz))

    # -- queries ----------------------------------------------------------

    def between(
        self,
        start: When | str | None = None,
        end: When | str | None = None,
        *,
        mode: Mode = "may",
        tz: str | None = None,
    ) -> list[Event]:
        """Events in the window from ``start`` to ``end`` (both inclusive).

        The window runs from the earliest moment of ``start`` to the latest of
        ``end`` (``None``: unbounded); a window that ends before it starts is
        a :class:`~timeline.errors.TimelineError`.  With ``mode="may"`` (default) an event
        is returned when it *may* fall in the window: its possible span
        overlaps the window.  With ``mode="certain"`` only events whose whole
        possible span lies inside the window, and whose date carries no ``?``
        or ``~`` qualifier, are returned: an event known only to "September
        2017" *may* be in 24–27 September but is not *certainly*, and neither
        is one dated "2017-09-25?" (its source is not sure of the day).  Both
        use the strict bounds; a set ``{a,b}`` counts as the span from its
        first to its last member.  The result is in chronological order.

        Days are local days: an event with a time of day lies on the day of
        its own zone or offset (Harvey's landfall, 22:00 on 25 August in
        Chicago, is in ``between("2017-08-25", "2017-08-25")`` although it is
        26 August in UTC).  With ``tz`` (an IANA name) every such event is
        read on the wall clock of that zone instead; days and times without
        zone stay as written.  A window end with a time of day is read on the
        same clock.  Cost: O(log n + k) (the first query in a new ``tz``
        builds its index, O(n log n)).
        """
        index = self.index_in(tz)
        lo = _window_bound(start, True, tz)
        hi = _window_bound(end, False, tz)
        if hi <= lo:
            raise TimelineError(f"between: the window ends ({end}) before it starts ({start})")
        if mode == "may":
            return _overlapping(self, index, lo, hi)
        if mode == "certain":
            found = _events_at(self.events, index.within(lo, hi))
            return [e for e in found if not (e.when.uncertain or e.when.approximate)]
        raise TimelineError(f"between: mode {mode!r} is not 'may' or 'certain'")

    def filter(
        self,
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
        prune_links: bool = True,
        prune_sources: bool = True,
    ) -> Timeline:
        """A new timeline with the events that match every given criterion.

        ``tag``: any of the tags; ``status``: any of the statuses; ``place``:
        a place whose name contains it (case-insensitive); ``text``: words
        found in the id, title, summary, tags, places, people or quotes
        (case-insensitive, all words must match); ``start``/``end``/``mode``/``tz``:
        as :meth:`between` (local days); ``where``: a function of an event,
        true to keep it.  The timeline itself when every event matches.

        The result stays valid, as with :meth:`subset`: links to events left
        out are dropped (``prune_links=False``: a
        :class:`~timeline.errors.TimelineError` naming them), and so are
        sources that no event left cites any more (``prune_sources=False``:
        all stay).  See :func:`timeline.ops.matching`.
        """
        from timeline import ops

        kept = ops.matching(
            self,
            tag=tag,
            status=status,
            place=place,
            text=text,
            start=start,
            end=end,
            mode=mode,
            tz=tz,
            where=where,
        )
        return ops.restricted(self, kept, prune_links=prune_links, prune_sources=prune_sources)

    def subset(
        self, ids: Iterable[str], *, prune_links: bool = True, prune_sources: bool = True
    ) -> Timeline:
        """A new timeline with the events whose ids are ``ids`` (the same one when all are).

        An id this timeline does not have is a :class:`~timeline.errors.TimelineError`.
        Links to events left out are dropped (``prune_links=False``: a
        ``TimelineError`` naming them instead); sources cited by events left
        out and by none kept are dropped (``prune_sources=False``: every
        source stays; a source that no event cited stays anyway).
        """
        from timeline import ops

        return ops.subset(self, ids, prune_links=prune_links, prune_sources=prune_sources)

    def merge(self, other: Timeline, *, on_conflict: OnConflict = "error") -> Merged:
        """The events and sources of both, each id once, and the clashes (same id,
        different fields): ``on_conflict`` ``"error"`` (raise
        :class:`~timeline.ops.MergeConflict` listing them), ``"ours"`` or
        ``"theirs"``.  Title ours; description, tz and eras ours, or theirs when
        ours are unset.  See :func:`timeline.ops.merge`.
        """
        from timeline import ops

        return ops.merge(self, other, on_conflict=on_conflict)

    def diff(self, other: Timeline) -> TimelineDiff:
        """The events and sources added, removed and changed from this timeline to
        ``other``, with the changed fields and both values
        (:class:`~timeline.ops.TimelineDiff`; false when there is no difference)."""
        from timeline import ops

        return ops.diff(self, other)

    def group_by(self, key: GroupKey, *, tz: str | None = None) -> dict[str, Timeline]:
        """The events by ``key`` (``tag``, ``status``, ``source``, ``place``, ``year``,
        ``month``, ``week``): group name to a timeline of its events, in a natural order.

        An event is in every group it belongs to (each tag; each calendar unit its
        local days may touch); events without the value are in the group ``""``,
        last.  ``tz`` reads calendar units on that zone's clock.  The rules are in
        :mod:`timeline.grouping`.
        """
        from timeline.grouping import group_by  # grouping builds on the models

        return group_by(self, key, tz=tz)

    def to_pandas(self) -> pandas.DataFrame:
        """The events as a pandas ``DataFrame``, one row each (:mod:`timeline.tables`).

        Needs pandas (``pip install "edtf-timeline[pandas]"``); an ``ImportError`` says so.
        """
        from timeline.tables import to_pandas  # tables builds on the models

        return to_pandas(self)

    def to_arrow(self) -> pyarrow.Table:
        """The events as a ``pyarrow.Table``, one row each (:mod:`timeline.tables`).

        Needs pyarrow (``pip install "edtf-timeline[arrow]"``); an ``ImportError`` says so.
        """
        from timeline.tables import to_arrow

        return to_arrow(self)

    def span(self) -> tuple[When, When] | None:
        """The first and the last ``When`` of the timeline (``None`` if empty).

        The first is the event that starts earliest; the last the one that
        ends latest.
        """
        if not self.events:
            return None
        events = self.events
        if isinstance(events, EventColumns):
            return events.whens[0], events.whens[events.last_ending()]
        whens = [e.when for e in events]
        return whens[0], max(whens, key=lambda w: (w.upper, w.lower))

    def conflicts(self) -> list[Event]:
        """Events with at least one source whose reported date disagrees."""
        return [e for e in self.events if e.conflicting]

    def tags(self) -> list[str]:
        """Every tag used, most used first (then alphabetically)."""
        events = self.events
        if isinstance(events, EventColumns):
            counts = events.source.tag_counts()
        else:
            counts = {}
            for e in events:
                for t in e.tags:
                    counts[t] = counts.get(t, 0) + 1
        return sorted(counts, key=lambda t: (-counts[t], t))

    def citations_of(self, event: Event) -> list[tuple[Citation, Source]]:
        """The event's citations with their sources."""
        return [(c, self._sources_by_id[c.source]) for c in event.sources]

    def related_to(self, event_id: str) -> list[tuple[Link, Event]]:
        """Links of an event with the events they point to."""
        return [(link, self._by_id[link.event]) for link in self[event_id].related]

    def position(self, event_id: str) -> int:
        """The index of an event in chronological order (``KeyError`` if none).

        The first call builds a map of every event's index, so that asking for
        many events (the viewer's search matches) costs one pass, not one each.
        """
        positions = self._positions
        if positions is None:
            events = self.events
            if isinstance(events, EventColumns):
                positions = events.positions
            else:
                positions = {e.id: i for i, e in enumerate(events)}
            object.__setattr__(self, "_positions", positions)
        try:
            return positions[event_id]
        except KeyError:
            raise KeyError(f"no event with id {event_id!r}") from None


# -- trusted construction (for the loader) ------------------------------------------
# The TOML loader checks every value itself, to the models' own rules, with
# messages that name the file, line and field, before it builds a model; these
# build the same objects without checking again (see timeline._fast).  Private:
# only for checked values, in the form the converters make (tuples, a Status).

_trusted_place: Final = trusted_maker(Place)
_trusted_person: Final = trusted_maker(Person)
_trusted_figure: Final = trusted_maker(Figure)
_trusted_citation: Final = trusted_maker(Citation)
_trusted_link: Final = trusted_maker(Link)
_trusted_source: Final = trusted_maker(Source)
_trusted_event: Final = trusted_maker(Event)


def _columnar_timeline(
    head: Timeline,
    *,
    ids: Sequence[str],
    when: Callable[[int], When],
    keys: Keys,
    positions: Sequence[int],
    rows: Rows,
    whens: Callable[[Sequence[int]], Sequence[When]] | None = None,
) -> Timeline:
    """The timeline of a loader that holds its events as columns: the header of ``head``
    (checked, without events: its title, description, zone, sources and eras) and the
    events of ``rows`` (each checked; ids unique, every citation and link resolving) in
    chronological order: event ``p`` is row ``positions[p]``, its id ``ids[p]``, its date
    ``when(p)`` (made when first asked for; ``whens(positions)``, if given, makes many at
    once), its keys ``keys``' ``p``-th (:class:`~timeline.columns.EventColumns`).  The
    Parquet and TOML column loaders end here."""
    events = EventColumns(ids, Whens(len(positions), when, whens), keys, positions, rows)
    tl = _assembled_timeline(
        title=head.title,
        events=events,
        sources=tuple(head.sources),
        description=head.description,
        tz=head.tz,
        eras=_to_eras(head.eras),
    )
    tl._set_lookups(EventsById(events), _by_id(tl.sources))
    return tl


def _checked_lookups(tl: Timeline) -> None:
    tl._set_lookups(_by_id(tl.events), _by_id(tl.sources))


def _arranged_lookups(tl: Timeline) -> None:
    """Put the checked events of ``tl`` in order and make its lookups."""
    arranged = _arranged(tl, cast("tuple[Event, ...]", tl.events))  # (the converter's tuple)
    object.__setattr__(tl, "events", arranged.events)
    tl._set_lookups(arranged.by_id, _by_id(tl.sources))


_assembled_timeline: Final = trusted_maker(Timeline)
"""A :class:`Timeline` of given parts, nothing checked, sorted or derived (:func:`_edited`)."""

#: An edit of more events than this builds the timeline again instead (each event
#: edited costs O(n) at C speed: renumbering the index's positions).  Of a timeline held
#: as columns, any edit is made on the columns (one pass for however many events change:
#: building the timeline again would make every event, a minute at a million), its span
#: indexes and search texts made again when next asked for.
EDITED_AT_MOST: Final = 32


def _edited(
    tl: Timeline,
    removed: Sequence[Event],
    added: Sequence[Event],
    sources: tuple[Source, ...],
    eras: Sequence[Era] | None = None,
) -> Timeline:
    """``tl`` with the events ``removed`` taken out, ``added`` put in, ``sources`` and
    ``eras`` (``None``: its own; put in order).

    For :mod:`timeline.edit`, which has checked the change: the removed events
    are in ``tl``, the added ones' ids are free, every citation and link resolves.
    The events stay in order (each put in by bisection), and the lookups, the
    span indexes (:meth:`SpanIndex.edited`) and the search texts are edited,
    not built again: a few events edited in a million cost a fraction of a
    second, where building the timeline costs seconds.
    """
    changed = len(removed) + len(added)
    many = changed > EDITED_AT_MOST
    if many and not isinstance(tl.events, EventColumns):
        gone = {e.id for e in removed}
        kept = [e for e in tl.events if e.id not in gone] if gone else list(tl.events)
        return _trusted_timeline(
            title=tl.title,
            events=[*kept, *added],
            sources=sources,
            description=tl.description,
            tz=tl.tz,
            eras=tl.eras if eras is None else eras,
        )
    old = tl.events
    events: Sequence[Event]
    by_id: Mapping[str, Event]
    if isinstance(old, EventColumns):  # (kept as columns: no other event made)
        from timeline._edited_columns import edited_columns

        events, taken, put = edited_columns(old, removed, added)
        by_id = EventsById(events)
    else:
        listed = list(old)
        taken = sorted((_position_of(old, e) for e in removed), reverse=True)
        for p in taken:
            del listed[p]
        put = []
        for event in sorted(added, key=_order):  # ascending: each at its final position
            p = bisect_left(listed, _order(event), key=_order)
            listed.insert(p, event)
            put.append((p, event))
        events = tuple(listed)
        by_id = dict(tl._by_id)
        for event in removed:
            del by_id[event.id]
        for event in added:
            by_id[event.id] = event

    out_whens = [] if many else [old[p].when for p in taken]  # (``old`` not held by ``spans``)

    def spans(
        tz: str | None,
    ) -> tuple[list[tuple[int, float, float]], list[tuple[int, float, float]]]:
        zone_ = None if tz is None else zone(tz)
        out = local_keys(out_whens, zone_)
        into = local_keys([e.when for _, e in put], zone_)
        return (
            list(zip(taken, *out, strict=True)),
            list(zip((p for p, _ in put), *into, strict=True)),
        )

    # (many changed, of columns: the span indexes built again when next asked for)
    indexes = None if many else tl._indexes.edited(spans)
    search = None if many else tl._search  # (many: made again when next asked for)
    if search is not None:
        texts = list(search)
        for p in taken:
            del texts[p]
        for p, event in put:
            texts.insert(p, search_text(event))
        search = tuple(texts)
    edited = _assembled_timeline(
        title=tl.title,
        events=events,
        sources=sources,
        description=tl.description,
        tz=tl.tz,
        eras=tl.eras if eras is None else _to_eras(eras),
    )
    same_sources = sources == tl.sources
    edited._set_lookups(
        by_id, tl._sources_by_id if same_sources else _by_id(sources), indexes, search
    )
    return edited


def _held_keys(tl: Timeline) -> tuple[Sequence[float], Sequence[float]]:
    """The local keys of ``tl`` (each event's own zone), read, not copied, when its columns
    hold them (for a span index, which only reads them: at ten million events the copies
    :meth:`Timeline.keys` makes were 160 MB more while it is built); else made."""
    events = tl.events
    if isinstance(events, EventColumns):
        return events.keys.local_lowers, events.keys.local_uppers
    return tl.keys()


def _order(event: Event) -> tuple[float, float, str]:
    """An event's place in chronological order (as :func:`_arranged` sorts)."""
    when = event.when
    return (when.lower, when.upper, event.id)


def _position_of(events: Sequence[Event], event: Event) -> int:
    """The position of ``event`` (one of ``events``, in chronological order)."""
    p = bisect_left(events, _order(event), key=_order)
    if p == len(events) or events[p].id != event.id:
        raise TimelineError(f"the timeline does not hold {event.id!r}")  # (a bug)
    return p


#: A :class:`Timeline` of checked parts (unique ids, known sources and events);
#: ``events`` and ``sources`` are lists, the events sorted in place.
_trusted_timeline: Final = trusted_maker(
    Timeline,
    convert={"events": tuple, "sources": tuple, "eras": _to_eras},
    finish=_arranged_lookups,
)


_SOURCES: Final = attrgetter("sources")
_SOURCE: Final = attrgetter("source")
_RELATED: Final = attrgetter("related")
_EVENT: Final = attrgetter("event")


def _by_id(items: Sequence[Any]) -> dict[str, Any]:
    return dict(zip(map(_ID, items), items, strict=True))


def _unique(items: Sequence[Any], message: str) -> dict[str, Any]:
    """``items`` by id; a :class:`TimelineError` (``message`` and the id) names the first
    id that repeats."""
    found = _by_id(items)
    if len(found) != len(items):
        seen: set[str] = set()
        for item in items:
            if item.id in seen:
                raise TimelineError(f"{message} {item.id!r}")
            seen.add(item.id)
    return found


def search_text(event: Event) -> str:
    """What a text search looks in: id, title, summary, tags, places, people, quotes.

    Case-folded; :meth:`Timeline.filter` (``text=``) and the viewer's search
    both match words against it.
    """
    parts = [event.id, event.title, event.summary, *event.tags]
    parts += [p.name for p in event.places]
    parts += [p.name for p in event.people]
    parts += [c.quote or "" for c in event.sources]
    return "\n".join(parts).casefold()


@functools.lru_cache(maxsize=256)
def _window_bound(value: When | str | None, lower: bool, tz: str | None) -> float:
    """The local key where a window from (or to) ``value`` starts (or ends).

    Kept for the last windows asked for (a viewer or a script asks for the same ends
    again and again; a refused value raises each time)."""
    if value is None:
        return -math.inf if lower else math.inf
    when = When.parse(value) if isinstance(value, str) else value
    return local_bounds(when, tz)[0 if lower else 1]


def _overlapping(tl: Timeline, index: SpanIndex, lo: float, hi: float) -> list[Event]:
    """The events of ``tl`` whose spans in ``index`` overlap ``[lo, hi)``, in order: for a big
    index, their positions joined, sorted and picked by numpy
    (:meth:`~timeline.index.SpanIndex.overlapping_array`)."""
    found = index.overlapping_array(lo, hi)
    if found is None:
        return _events_at(tl.events, index.overlapping(lo, hi))
    events = tl.events
    if not isinstance(events, EventColumns):
        picked: list[Event] = tl._indexes.objects(events)[found].tolist()
        return picked
    held = tl._indexes.objects(events, filled=False)  # (each event once made)
    picked = held[found].tolist()
    if not all(picked):  # (a None: not made yet; made, and held for the next query)
        picked = events.picked(found.tolist())
        held[found] = picked
    return picked


def _events_at(events: Sequence[Event], positions: Sequence[int]) -> list[Event]:
    """``[events[p] for p in positions]`` at C speed (from columns: each made if not yet)."""
    if isinstance(events, EventColumns):
        return events.picked(positions)
    if len(positions) > 1:
        return list(itemgetter(*positions)(events))
    return [events[p] for p in positions]
