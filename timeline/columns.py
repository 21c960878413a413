"""A timeline's events held as columns, each :class:`~timeline.models.Event` made on access.

A loader that has checked a whole file (every value, to the models' rules,
with the messages of the row-by-row path) need not build a hundred thousand
``Event`` objects before the timeline can be used.  :class:`EventColumns` is
the timeline's :attr:`~timeline.models.Timeline.events`: a read-only sequence
in chronological order that holds, by position, each event's id, the keys of
its date (:class:`Keys`: the bounds it is sorted by and its local keys, as
floats), its :class:`~timeline.when.When` made when first asked for
(:class:`Whens`), and a :class:`Rows` source that builds the event of a
position when it is first asked for (then kept; :class:`Made` holds what is
made so, the dates, the events and the reports of :class:`Ghosts`).

What a timeline answers from the columns, without making the events:
``len``, ``tl["id"]`` and ``"id" in tl`` (one event made), ``position``,
``between`` (the events found: :meth:`EventColumns.picked`), ``index``, ``keys``,
``span`` (two dates made) and ``tags``; and what a list of events shows of one
(:func:`brief`: its id, title, date, status and tags, read from the columns the
timeline holds, never from the rest of a file read back: a file of ten million
events keeps its summaries and nested tables on disk).
Iteration makes each event as it goes; an operation that needs every event
(``filter``, ``merge``, ``==`` against another timeline) makes them.  An edit does not:
the edited timeline is columns again (:mod:`timeline._edited_columns`).

The sequence compares, hashes and pickles as the tuple of its events: a
column-backed timeline is equal to the tuple-backed one of the same file, and
a pickle of it holds the events themselves.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from itertools import compress, repeat
from operator import attrgetter, eq, index, itemgetter
from typing import (
    TYPE_CHECKING,
    Any,
    Final,
    NamedTuple,
    Protocol,
    TypeVar,
    cast,
    overload,
    runtime_checkable,
)

from timeline.days import (
    disagrees,
    is_instant,
    is_timed,
    local_bounds,
    local_keys,
    spans_disagree,
)

if TYPE_CHECKING:
    from timeline.models import Citation, Event, Link, Status
    from timeline.when import When

T = TypeVar("T")

__all__ = [
    "Brief",
    "CitingRows",
    "CountedRows",
    "CountingRows",
    "EventColumns",
    "EventsById",
    "FindsMany",
    "Ghosts",
    "Keys",
    "Made",
    "ManyIds",
    "ManyRows",
    "NamingRows",
    "PartedRows",
    "ReadBackRows",
    "ReportedDates",
    "ReportedRows",
    "Rows",
    "TableRows",
    "Whens",
    "brief",
    "citations_at",
    "citing_positions",
    "citing_source_positions",
    "conflicting",
    "disagreeing_reports",
    "events_at",
    "first_conflicting",
    "first_report",
    "found_positions",
    "ids_at",
    "ids_of",
    "link_kinds_of",
    "linking_positions",
    "links_of",
    "names_one_of",
    "naming_positions",
    "reads_back",
    "statuses_of",
    "tag_counts_of",
    "titles_at",
    "titles_of",
    "whens_at",
    "whens_of",
]


class Rows(Protocol):
    """Where the rest of each event is: ``event(row, event_id, when)`` builds the event of
    one checked row, ``title(row)`` is its title; the others answer a question about every
    row without making the events (a viewer's first frame asks them).

    ``rows`` is the row of each position (:attr:`EventColumns.rows`); what is by position is
    in the order of the positions.
    """

    def event(self, row: int, event_id: str, when: When) -> Event: ...

    def title(self, row: int) -> str: ...

    def status(self, row: int) -> Status:
        """The status of ``row`` (from what is held, without making its event)."""
        ...

    def tags(self, row: int) -> tuple[str, ...]:
        """The tags of ``row`` (from what is held, without making its event)."""
        ...

    def links(self, row: int) -> tuple[Link, ...]:
        """The links of ``row`` (read back alone when not held, without making its event)."""
        ...

    def tag_counts(self) -> dict[str, int]:
        """How many rows have each tag."""
        ...

    def statuses(self) -> frozenset[Status]:
        """The statuses some row has."""
        ...

    def link_kinds(self) -> list[str]:
        """The kinds of link (``related``) some row has, sorted."""
        ...

    def titles(self, rows: Sequence[int]) -> list[str]:
        """The title of each row of ``rows``, in that order."""
        ...

    def citing(self, rows: Sequence[int]) -> list[int]:
        """The positions whose rows cite at least one source."""
        ...

    def reports(self, rows: Sequence[int]) -> list[tuple[int, str, When]]:
        """Each citation that reports a date: its event's position, its source and the date
        (by position, then in the order of the event's citations)."""
        ...

    def matching(
        self,
        rows: Sequence[int],
        words: Sequence[str],
        tags: frozenset[str] | None,
        statuses: frozenset[Status] | None,
    ) -> list[int]:
        """The positions whose search texts (:func:`~timeline.models.search_text`) hold every
        one of ``words`` (case-folded), with one of ``tags`` and one of ``statuses``
        (``None``: any): :func:`timeline.ops.matching`'s answer."""
        ...

    def prepare_matching(self) -> None:
        """Make ahead what :meth:`matching` reads (a viewer's worker calls this)."""
        ...


@runtime_checkable
class ManyRows(Protocol):
    """:class:`Rows` that build the events of many rows at once (a file's rows read back a
    row group at a time: :class:`EventColumns` asks for those it makes together)."""

    def events(self, rows: Sequence[int], ids: Sequence[str], whens: Sequence[When]) -> list[Event]:
        """The events of ``rows``, whose ids and dates are ``ids`` and ``whens``, in that
        order (each as :meth:`Rows.event` builds it)."""
        ...


@runtime_checkable
class ReadBackRows(Protocol):
    """:class:`Rows` whose events are made by reading their row back from a file (a big
    Parquet file's summaries, places, citations…, not held in memory): tens of milliseconds
    to a second an event, by the size of the file's row groups."""

    def reads_back(self, row: int) -> bool:
        """Whether making the event of ``row`` reads the file."""
        ...


@runtime_checkable
class CitingRows(Protocol):
    """:class:`ReadBackRows` that read a row's citations alone (a column of the file, not
    its whole row: the summaries are most of a row group's bytes)."""

    def citations(self, row: int) -> tuple[Citation, ...]:
        """The citations of ``row``'s event (its ``sources``), in order."""
        ...


@runtime_checkable
class CountedRows(Protocol):
    """:class:`Rows` that answer for many rows at once what :meth:`Rows.tags` and
    :meth:`Rows.status` answer for one (a file's rows, by Arrow: an edit that takes 100,000
    of a million events out asks for the tags of each)."""

    def tag_counts_at(self, rows: Sequence[int]) -> dict[str, int]:
        """How many of ``rows`` have each tag."""
        ...

    def statuses_at(self, rows: Sequence[int]) -> set[Status]:
        """The statuses some of ``rows`` has."""
        ...


@runtime_checkable
class CountingRows(Protocol):
    """:class:`Rows` that count the rows of some statuses without listing them."""

    def count_statuses(self, rows: Sequence[int], statuses: frozenset[Status]) -> int:
        """How many of ``rows`` have one of ``statuses``."""
        ...


@runtime_checkable
class TableRows(Protocol):
    """:class:`Rows` that read the columns of a table of many rows at once, making no event
    (a file's rows by Arrow, a TOML loader's, an edit's over either)."""

    def arrow_columns(self, rows: Sequence[int]) -> dict[str, Any] | None:
        """The columns of :meth:`Timeline.to_arrow <timeline.models.Timeline.to_arrow>` (Arrow
        arrays by name) in the order ``rows``; ``None`` when these rows cannot give them."""
        ...

    def nested_columns(self, rows: Sequence[int]) -> dict[str, Any] | None:
        """The Parquet writer's nested columns in the order ``rows``, as
        :meth:`arrow_columns`."""
        ...


@runtime_checkable
class PartedRows(Protocol):
    """:class:`TableRows` that read the columns of many parts of their rows in one pass (a
    file of shuffled rows read once for all of a writer's row groups)."""

    def part_columns(
        self, parts: Sequence[Any], folder: str
    ) -> Iterator[tuple[dict[str, Any] | None, dict[str, Any] | None]]:
        """:meth:`TableRows.arrow_columns` and :meth:`TableRows.nested_columns` of each of
        ``parts`` (row arrays), in that order; what is read once is spilled in ``folder``."""
        ...


@runtime_checkable
class ManyIds(Protocol):
    """Ids by position that give many at once and have their own lookup, without a
    dictionary of every id (:class:`~timeline.id_column.IdColumn`, an edited timeline's)."""

    def at(self, positions: Iterable[int], /) -> list[str]:
        """The ids at ``positions``, in that order."""
        ...

    def lookup(self) -> Mapping[str, int]:
        """Each id's position."""
        ...


@runtime_checkable
class FindsMany(Protocol):
    """A lookup of ids that finds many together, hashed at C speed
    (:class:`~timeline.id_column.IdPositions`)."""

    def find(self, ids: Sequence[str], /) -> list[int | None]:
        """The position of each of ``ids`` (``None``: not there)."""
        ...


@runtime_checkable
class NamingRows(Protocol):
    """:class:`Rows` that find the rows naming some ids in a part without making their
    events (:func:`naming_positions`)."""

    def naming(
        self, rows: Sequence[int], part: str, field: str, targets: frozenset[str]
    ) -> list[int] | None:
        """The positions whose rows have an item of ``part`` (``related``, ``sources``)
        whose ``field`` (``event``, ``source``) is one of ``targets``, in order; ``None``
        when these rows cannot find them."""
        ...


class ReportedDates(Protocol):
    """The dates a timeline's citations report, held as columns (a loader's, which read them
    a whole column at a time)."""

    def disagreeing(self, keys: Keys, when: Callable[[int], When]) -> Ghosts:
        """:func:`disagreeing_reports` of the events whose keys are ``keys`` and whose date at
        position ``p`` is ``when(p)`` (made only where the bounds cannot decide)."""
        ...


@runtime_checkable
class ReportedRows(Protocol):
    """:class:`Rows` that also hold the dates their citations report as columns."""

    def reported(self, rows: Sequence[int]) -> ReportedDates | None:
        """The reported dates of the events whose rows are ``rows`` (by position); ``None``:
        no citation reports a date."""
        ...


class Keys(NamedTuple):
    """The keys of the events' dates by position: :attr:`When.lower` and
    :attr:`When.upper` (the order), and the local keys (:func:`timeline.days.local_keys`);
    a loader gives ``array("d")`` columns (8 bytes a key)."""

    lowers: Sequence[float]
    uppers: Sequence[float]
    local_lowers: Sequence[float]
    local_uppers: Sequence[float]


_FIRST_RUN: Final = 64
"""Iteration makes the items not made yet a run of positions at a time (:meth:`Made.many`):
first this many, then twice as many each run, up to :data:`_LONGEST_RUN`."""
_LONGEST_RUN: Final = 65_536


class Made(Sequence[T]):
    """Items by position, each made by ``make(p)`` when first asked for (then kept): a
    column of a million costs nothing until they are read.  The one place of that rule
    for the dates (:class:`Whens`), the reports (:class:`Ghosts`) and the events
    (:class:`EventColumns`).  Compares equal to any sequence of the same items.

    ``many(positions)``, when given, makes the items of several positions at once (in
    that order): what :meth:`picked`, a slice and iteration make is made so.  ``made``,
    when given, holds the items made already by position (taken, not copied: an edit's
    columns keep what the timeline before it made).

    The items made are kept by position in a dict, not in a list of ``n`` places: a
    viewer makes the few events it draws, and a list of ten million ``None`` for the
    events and ten million more for their dates were 160 MB (and copied by every edit)."""

    __slots__ = ("_made", "_make", "_many", "_n")

    def __init__(
        self,
        n: int,
        make: Callable[[int], T],
        many: Callable[[Sequence[int]], Sequence[T]] | None = None,
        made: dict[int, T] | None = None,
    ) -> None:
        self._n = n
        self._made: dict[int, T] = {} if made is None else made
        self._make = make
        self._many = many

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, p: int) -> T: ...

    @overload
    def __getitem__(self, p: slice) -> list[T]: ...

    def __getitem__(self, p: int | slice) -> T | list[T]:
        if isinstance(p, slice):
            return self.picked(range(self._n)[p])
        item = self._made.get(p)
        if item is None:
            item = self.item(p)  # (IndexError as a list's; a negative p counts from the end)
        return item

    def item(self, p: int) -> T:
        """Item ``p``, made now if it was not yet."""
        p = self._place(p)
        made = self._made
        item = made.get(p)
        if item is None:
            item = made[p] = self._make(p)
        return item

    def _place(self, p: int) -> int:
        """``p`` as a position (a negative one counts from the end); IndexError as a list's."""
        p = index(p)
        n = self._n
        if p < 0:
            p += n
        if not 0 <= p < n:
            raise IndexError("index out of range")
        return p

    def get(self, p: int) -> T | None:
        """Item ``p`` if it is made already, else ``None`` (nothing is made)."""
        return self._made.get(p)

    def __iter__(self) -> Iterator[T]:
        if self._many is None:
            return map(self.item, range(self._n))
        return self._runs()

    def _runs(self) -> Iterator[T]:
        """The items in order, those not made yet made a run at a time (:meth:`many`)."""
        n = self._n
        start, run = 0, _FIRST_RUN
        while start < n:
            stop = min(n, start + run)
            yield from self.picked(range(start, stop))
            start, run = stop, min(2 * run, _LONGEST_RUN)

    def picked(self, positions: Sequence[int]) -> list[T]:
        """The items at ``positions``, in that order: those made already taken at C speed,
        the others made now (together, by ``many``, when it was given)."""
        made = self._made
        if len(positions) > 1:
            try:  # (all made, as for a query asked again: one C call, not a call each)
                return list(itemgetter(*positions)(made))
            except KeyError:
                pass
        found: list[T | None] = list(map(made.get, positions))
        if not all(found):  # (at C speed; a None is one not made yet, a false item is kept)
            missing = [k for k, item in enumerate(found) if item is None]
            if self._many is not None and len(missing) > 1:
                self.many([positions[k] for k in missing])
            for k in missing:
                found[k] = self.item(positions[k])  # (made by many: taken)
        return cast("list[T]", found)

    def many(self, positions: Iterable[int]) -> None:
        """Make the items of ``positions`` not made yet, together (by ``many``, else one
        by one)."""
        made = self._made
        wanted = [p for p in dict.fromkeys(map(self._place, positions)) if p not in made]
        if self._many is None or len(wanted) < 2:
            for p in wanted:
                self.item(p)
            return
        for p, item in zip(wanted, self._many(wanted), strict=True):
            made.setdefault(p, item)  # (another thread may have made it meanwhile: kept)

    def made(self) -> int:
        """How many of the items have been made so far."""
        return len(self._made)

    def __eq__(self, other: object) -> bool:
        if other is self:
            return True
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(other) == len(self) and list(self) == list(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))


class Whens(Made["When"]):
    """The events' dates by position, each made by ``make(p)`` when first asked for."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<Whens: {len(self)} dates, {self.made()} made>"


class Ghosts(Made[tuple[int, str, "When"]]):
    """Each event's first report of another date than its own (:func:`disagreeing_reports`):
    item ``k`` is the event's position, the source and the date reported, by position.

    Beside them, each date's local keys on its own clock (:func:`timeline.days.local_bounds`)
    and whether it has a time of day: :meth:`spans` places every report (a viewer's ghosts)
    without making the dates, which are made when an item is read (then kept).  Compares
    equal to the list of its items.
    """

    __slots__ = ("_timed", "bounds", "positions", "sources")

    def __init__(
        self,
        positions: Sequence[int],
        sources: Sequence[str],
        bounds: tuple[Sequence[float], Sequence[float]],
        timed: Sequence[bool],
        make: Callable[[int], When],
    ) -> None:
        self.positions = positions
        self.sources = sources
        self.bounds = bounds
        """The local keys of each date on its own clock: the lowers and the uppers."""
        self._timed = timed
        super().__init__(len(positions), lambda k: (positions[k], sources[k], make(k)))

    @classmethod
    def of(cls, found: Sequence[tuple[int, str, When]]) -> Ghosts:
        """The reports ``found`` (position, source, date), their dates made already."""
        whens = [when for _, _, when in found]
        return cls(
            [p for p, _, _ in found],
            [source for _, source, _ in found],
            local_keys(whens),
            [is_timed(when) for when in whens],
            whens.__getitem__,
        )

    @property
    def timed(self) -> Sequence[bool]:
        """Whether each date has a time of day (:func:`timeline.days.is_timed`)."""
        return self._timed

    def when(self, k: int) -> When:
        """The date of report ``k``, made on first use."""
        return self.item(k)[2]

    def spans(
        self, zone: str | None, start: int = 0, stop: int | None = None
    ) -> list[tuple[int, tuple[float, float]]]:
        """The local keys of reports ``start`` to ``stop`` on the clock of ``zone`` (``None``:
        each date's own), with their events' positions: a date is made only for a time of
        day read in another zone."""
        lowers, uppers = self.bounds
        stop = len(self) if stop is None else min(stop, len(self))
        if zone is None:
            return list(
                zip(
                    self.positions[start:stop],
                    zip(lowers[start:stop], uppers[start:stop], strict=True),
                    strict=True,
                )
            )
        timed = self._timed
        return [
            (
                self.positions[k],
                local_bounds(self.when(k), zone) if timed[k] else (lowers[k], uppers[k]),
            )
            for k in range(start, stop)
        ]

    def __repr__(self) -> str:
        return f"<Ghosts: {len(self)} reports>"


class EventColumns(Sequence["Event"]):
    """The events of a timeline by position (chronological order), made on access.

    ``ids[p]``, ``whens[p]`` are event ``p``'s id and date, ``keys`` the keys of
    the dates, ``rows[p]`` its row in ``source``.  Every row must have been
    checked: the events are built without checking again.  ``made``: the events made
    already (:class:`Made`).
    """

    __slots__ = (
        "_events",
        "_made",
        "_named",
        "_positions",
        "ids",
        "keys",
        "rows",
        "source",
        "whens",
    )

    def __init__(
        self,
        ids: Sequence[str],
        whens: Sequence[When],
        keys: Keys,
        rows: Sequence[int],
        source: Rows,
        made: dict[int, Event] | None = None,
    ) -> None:
        self.ids = ids
        self.whens = whens
        self.keys = keys
        self.rows = rows
        self.source = source
        many: Callable[[Sequence[int]], list[Event]] | None = None
        if isinstance(source, ManyRows):
            batch = source

            def many(positions: Sequence[int]) -> list[Event]:
                return batch.events(
                    [rows[p] for p in positions],
                    _ids_at(ids, positions),
                    whens.picked(positions)
                    if isinstance(whens, Made)
                    else [whens[p] for p in positions],
                )

        self._events: Made[Event] = Made(
            len(ids), lambda p: source.event(rows[p], ids[p], whens[p]), many, made
        )
        self._made = self._events._made  # (read here: an event made is one lookup away)
        self._positions: Mapping[str, int] | None = None
        self._named: tuple[tuple[str, str, frozenset[str]], array[int]] | None = None
        """The last question :func:`naming_positions` asked of the rows, and its answer (8
        bytes a position: a source cited by 1.5 million events of ten million, 12 MB)."""

    # -- the sequence ---------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, p: int) -> Event: ...

    @overload
    def __getitem__(self, p: slice) -> tuple[Event, ...]: ...

    def __getitem__(self, p: int | slice) -> Event | tuple[Event, ...]:
        if isinstance(p, slice):
            return tuple(self._events[p])
        event = self._made.get(p)
        if event is None:  # (IndexError as a tuple's; a negative p counts from the end)
            event = self._events.item(p)
        return event

    def __iter__(self) -> Iterator[Event]:
        return iter(self._events)

    def __contains__(self, value: object) -> bool:
        event_id = getattr(value, "id", None)
        p = self.positions.get(event_id) if isinstance(event_id, str) else None
        return p is not None and self._events.item(p) == value

    # -- as the tuple of its events ----------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if other is self:
            return True
        if isinstance(other, EventColumns):
            if len(other) != len(self):
                return False
            from timeline._edited_columns import positions_apart  # (numpy)

            apart = positions_apart(self, other)
            if apart is not None:  # (the same file's rows elsewhere: the same events, ids
                # and dates; the ids compared one by one were 0.05 s of a 100k-event save)
                return all(self[p] == other[p] for p in apart)
            if other.ids != self.ids or other.keys != self.keys:
                return False  # (at C speed: most differences are found here)
            return tuple(self) == tuple(other)
        if isinstance(other, tuple):
            return len(other) == len(self) and tuple(self) == other
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return hash(tuple(self))  # (the hash of the equal tuple)

    def __add__(self, other: object) -> tuple[Event, ...]:
        if isinstance(other, tuple | EventColumns):
            return (*self, *other)
        return NotImplemented

    def __radd__(self, other: object) -> tuple[Event, ...]:
        if isinstance(other, tuple):
            return (*other, *self)
        return NotImplemented

    def __reduce__(self) -> tuple[Any, ...]:
        return (tuple, (tuple(self),))  # a pickle holds the events, as a tuple

    def __repr__(self) -> str:
        return f"<EventColumns: {len(self)} events, {self.made()} made>"

    # -- columns ---------------------------------------------------------------------

    @property
    def positions(self) -> Mapping[str, int]:
        """Each id's position: the ids' own lookup when they have one (an
        :class:`~timeline.id_column.IdColumn`), else a dictionary built on first use (two
        threads racing build equal ones)."""
        positions = self._positions
        if positions is None:
            ids = self.ids
            positions = self._positions = (
                ids.lookup()
                if isinstance(ids, ManyIds)
                else dict(zip(ids, range(len(ids)), strict=True))
            )
        return positions

    def find(self, ids: Sequence[str]) -> list[int | None]:
        """The position of each of ``ids`` (``None``: not held), many found together when
        the ids can (:func:`found_positions`)."""
        return found_positions(self.positions, ids)

    def picked(self, positions: Sequence[int]) -> list[Event]:
        """The events at ``positions``, in that order: those made already taken at C speed
        (``between``'s answer), the others made now."""
        return self._events.picked(positions)

    def title(self, p: int) -> str:
        """The title of event ``p``, without making the event (a viewer's label)."""
        return self.source.title(self.rows[p])

    def brief(self, p: int) -> Brief:
        """What a list shows of event ``p`` (:func:`brief`): from the event when it is made,
        else from the columns held (the event is not made)."""
        event = self._made.get(p)
        if event is not None:
            return Brief(event.id, event.title, event.when, event.status, event.tags)
        row = self.rows[p]
        source = self.source
        return Brief(
            self.ids[p], source.title(row), self.whens[p], source.status(row), source.tags(row)
        )

    def made(self) -> int:
        """How many of the events have been made so far."""
        return self._events.made()

    def last_ending(self) -> int:
        """The position of the first event that ends last (by upper, then lower bound)."""
        lowers, uppers = self.keys.lowers, self.keys.uppers
        latest = max(uppers)
        ending = list(compress(range(len(uppers)), map(eq, uppers, repeat(latest))))
        return max(ending, key=lowers.__getitem__)  # (the first of equal ones)


class Brief(NamedTuple):
    """What a list of events shows of one (:func:`brief`), without the rest of the event."""

    id: str
    title: str
    when: When
    status: Status
    tags: tuple[str, ...]


def brief(events: Sequence[Event], p: int) -> Brief:
    """The id, title, date, status and tags of event ``p`` of ``events`` (a timeline's
    :attr:`~timeline.models.Timeline.events`): equal to the event's own, but read from the
    columns when they are columns (:meth:`EventColumns.brief`), where making the event may
    read its row back from a file (a row group decoded: about half a second at ten million
    events)."""
    if isinstance(events, EventColumns):
        return events.brief(p)
    event = events[p]
    return Brief(event.id, event.title, event.when, event.status, event.tags)


def links_of(events: Sequence[Event], p: int) -> tuple[Link, ...]:
    """The links of event ``p`` of ``events`` (its ``related``): from the event when it is
    made, else from its row's links alone (:meth:`Rows.links`: a file's row group read back
    for that column only, not for the whole event)."""
    if isinstance(events, EventColumns):
        made = events._made.get(p)
        if made is None:
            return events.source.links(events.rows[p])
        return made.related
    return events[p].related


class EventsById(Mapping[str, "Event"]):
    """A timeline's events by id, from its columns: an event is made when looked up."""

    __slots__ = ("_columns",)

    def __init__(self, columns: EventColumns) -> None:
        self._columns = columns

    def __getitem__(self, event_id: str) -> Event:
        return self._columns[self._columns.positions[event_id]]

    def __contains__(self, event_id: object) -> bool:
        return event_id in self._columns.positions

    def __iter__(self) -> Iterator[str]:
        return iter(self._columns.ids)

    def __len__(self) -> int:
        return len(self._columns.ids)

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (dict(self),))  # a pickle holds the events


def whens_of(events: Sequence[Event]) -> Sequence[When]:
    """The ``when`` of each event, in order: from the columns when ``events`` are held so."""
    if isinstance(events, EventColumns):
        return events.whens
    return [e.when for e in events]


# -- what a viewer asks of every event: one function per question, answered from the
# columns when the events are held so (:class:`Rows`), else by a pass over the events.
# tests/test_columns.py checks that both answers agree.


def ids_of(events: Sequence[Event]) -> Sequence[str]:
    """The id of each of ``events``, in order."""
    if isinstance(events, EventColumns):
        return events.ids
    return list(map(_ID, events))


def ids_at(events: Sequence[Event], positions: Iterable[int]) -> list[str]:
    """The ids of the events at ``positions``, in that order (no event made; from an Arrow
    column, taken whole: a search's tens of thousands of matches)."""
    if isinstance(events, EventColumns):
        return _ids_at(events.ids, positions)
    return [events[p].id for p in positions]


def _ids_at(ids: Sequence[str], positions: Iterable[int]) -> list[str]:
    if isinstance(ids, ManyIds):  # (an IdColumn: numpy, so not imported here)
        return ids.at(positions)
    return [ids[p] for p in positions]


def titles_at(events: Sequence[Event], positions: Sequence[int]) -> list[str]:
    """The titles of the events at ``positions``, in that order (from columns, no event
    made: taken whole)."""
    if isinstance(events, EventColumns):
        if positions == range(len(events)):
            return titles_of(events)
        rows = events.rows
        return events.source.titles([rows[p] for p in positions])
    return [events[p].title for p in positions]


def found_positions(lookup: Mapping[str, int], ids: Sequence[str]) -> list[int | None]:
    """The position of each of ``ids`` in ``lookup`` (``None``: not there): many found
    together by its ``find`` when it has one (:class:`~timeline.id_column.IdPositions`
    hashes them at C speed: one lookup at a time is 10 µs, a second for the 100,000 events
    an edit may change)."""
    if isinstance(lookup, FindsMany) and len(ids) > 1:
        return lookup.find(ids)
    return [lookup.get(event_id) for event_id in ids]


def reads_back(events: Sequence[Event], position: int) -> bool:
    """Whether making the event at ``position`` of ``events`` reads its row back from a file
    (:class:`ReadBackRows`): what a window makes on a worker, not on the thread that paints.
    ``False`` once it is made, and for events held in memory."""
    if not isinstance(events, EventColumns) or position in events._made:
        return False
    source = events.source
    return isinstance(source, ReadBackRows) and source.reads_back(events.rows[position])


def citations_at(events: Sequence[Event], position: int) -> tuple[Citation, ...]:
    """The citations of the event at ``position``: read alone where making the event would
    read its whole row back from a file (:func:`reads_back`), else the event's own."""
    if reads_back(events, position):
        assert isinstance(events, EventColumns)  # (reads_back says so)
        source = events.source
        if isinstance(source, CitingRows):
            return source.citations(events.rows[position])
    return events[position].sources


def events_at(events: Sequence[Event], positions: Sequence[int]) -> list[Event]:
    """The events at ``positions``, in that order: of columns, those not made yet made
    together (:meth:`EventColumns.picked`: a row group read once, not once an event)."""
    if isinstance(events, EventColumns):
        return events.picked(positions)
    return [events[p] for p in positions]


def whens_at(events: Sequence[Event], positions: Sequence[int]) -> list[When]:
    """The dates of the events at ``positions``, in that order (from columns, no event
    made)."""
    if isinstance(events, EventColumns):
        whens = events.whens
        if isinstance(whens, Made):
            return whens.picked(positions)
        return [whens[p] for p in positions]
    return [events[p].when for p in positions]


def titles_of(events: Sequence[Event]) -> list[str]:
    """The title of each of ``events``, in order (from columns, no event made)."""
    if isinstance(events, EventColumns):
        return events.source.titles(events.rows)
    return [event.title for event in events]


def tag_counts_of(events: Sequence[Event]) -> dict[str, int]:
    """How many of ``events`` have each tag."""
    if isinstance(events, EventColumns):
        return events.source.tag_counts()
    counts: dict[str, int] = {}
    for tags in map(_TAGS, events):
        for tag in tags:
            counts[tag] = counts.get(tag, 0) + 1
    return counts


def statuses_of(events: Sequence[Event]) -> frozenset[Status]:
    """The statuses some of ``events`` has."""
    if isinstance(events, EventColumns):
        return events.source.statuses()
    return frozenset(map(_STATUS, events))


def link_kinds_of(events: Sequence[Event]) -> list[str]:
    """The kinds of link (``related``) some of ``events`` has, sorted (from columns, no event
    made: an event form offers them)."""
    if isinstance(events, EventColumns):
        return events.source.link_kinds()
    return sorted({link.kind for event in events for link in event.related})


def citing_positions(events: Sequence[Event]) -> list[int]:
    """The positions of the events that cite at least one source, in order."""
    if isinstance(events, EventColumns):
        return events.source.citing(events.rows)
    return list(compress(range(len(events)), map(_SOURCES, events)))


def linking_positions(events: Sequence[Event], targets: Collection[str]) -> list[int]:
    """The positions of the events with a link (``related``) to one of ``targets`` (ids), in
    order (:func:`naming_positions`)."""
    return naming_positions(events, "related", "event", targets)


def citing_source_positions(events: Sequence[Event], source_ids: Collection[str]) -> list[int]:
    """The positions of the events that cite one of the sources ``source_ids``, in order
    (:func:`naming_positions`)."""
    return naming_positions(events, "sources", "source", source_ids)


def naming_positions(
    events: Sequence[Event], part: str, field: str, targets: Collection[str]
) -> list[int]:
    """The positions of the events with an item of their ``part`` (``related``, ``sources``)
    whose ``field`` (``event``, ``source``) is one of ``targets``, in order: from the columns
    when the rows can find them (:meth:`Rows.naming`: a file's column of that part read
    whole, no event made), else by a pass over the events."""
    wanted = frozenset(targets)
    if isinstance(events, EventColumns) and isinstance(events.source, NamingRows):
        asked = (part, field, wanted)
        named = events._named  # (the same question again: a window counts the links to an
        if named is not None and named[0] == asked:  # event, then the edit changes them)
            return list(named[1])
        found = events.source.naming(events.rows, part, field, wanted)
        if found is not None:
            events._named = (asked, array("q", found))
            return found
    return [p for p, event in enumerate(events) if names_one_of(event, part, field, wanted)]


def names_one_of(event: Event, part: str, field: str, targets: frozenset[str]) -> bool:
    """Whether an item of ``event``'s ``part`` has its ``field`` in ``targets``."""
    return any(getattr(item, field) in targets for item in getattr(event, part))


def disagreeing_reports(events: Sequence[Event]) -> Ghosts:
    """For each event with a source that reports another date than the event's (the first
    such citation: :meth:`Event.conflicting`), its position, that source and the date
    reported; in order.  From columns no event is made: the reported dates are compared
    whole when the loader holds them as columns (:class:`ReportedRows`), else each with the
    event's local keys (the event's date is made only for a report that is an instant)."""
    if isinstance(events, EventColumns):
        source = events.source
        if isinstance(source, ReportedRows):
            reported = source.reported(events.rows)
            if reported is None:
                return Ghosts.of([])
            return reported.disagreeing(events.keys, events.whens.__getitem__)
        # a report that is not an instant is compared by local days: with the event's
        # local keys (no date made); else as compared_bounds says, with the event's date
        found: list[tuple[int, str, When]] = []
        whens, lowers, uppers = events.whens, events.keys.local_lowers, events.keys.local_uppers
        last = -1
        for p, source_id, when in source.reports(events.rows):
            if p == last:
                continue
            if is_instant(when):
                disagree = disagrees(when, whens[p])
            else:
                disagree = spans_disagree(local_bounds(when), (lowers[p], uppers[p]))
            if disagree:
                found.append((p, source_id, when))
                last = p
        return Ghosts.of(found)
    found = []
    for p in citing_positions(events):
        report = first_report(events[p])
        if report is not None:
            found.append((p, *report))
    return Ghosts.of(found)


def conflicting(citations: Iterable[Citation], when: When) -> tuple[Citation, ...]:
    """The citations whose reported date disagrees with ``when``
    (:meth:`Citation.disagrees_with`), in order: :attr:`Event.conflicting` of an event with
    these citations and that date (read alone from a big file:
    :func:`viewer.facts.conflicting_at`)."""
    return tuple(citation for citation in citations if citation.disagrees_with(when))


def first_conflicting(citations: Iterable[Citation], when: When) -> Citation | None:
    """The first of :func:`conflicting` (those after it not compared), or ``None``."""
    return next((citation for citation in citations if citation.disagrees_with(when)), None)


def first_report(event: Event) -> tuple[str, When] | None:
    """The event's first report of another date than its own (:func:`first_conflicting`):
    the source and the date it reports, or ``None``."""
    citation = first_conflicting(event.sources, event.when)
    if citation is None or citation.reported is None:
        return None
    return citation.source, citation.reported


_ID: Final = attrgetter("id")
_TAGS: Final = attrgetter("tags")
_STATUS: Final = attrgetter("status")
_SOURCES: Final = attrgetter("sources")
