"""The fast path of a Parquet load: whole columns checked, the events held as columns.

:func:`timeline.parquet_io.load` tries this path first.  It makes every check
the row-by-row path makes (the codec's :class:`~timeline.codec.Decoder`), on
whole columns and no looser: each distinct value checked once by the same
rule of :mod:`timeline.rules` (a text's limit read from its length column),
each distinct date and zone parsed once, citations and links resolved with set
operations, the columns derived from ``when`` compared whole.  It never words
an error: when any check fails, :func:`columnar` returns ``None`` and the
row-by-row path reads the table again and reports every problem with its row,
column and message, as it always has.

What passes becomes a :class:`~timeline.models.Timeline` whose events are
:class:`~timeline.columns.EventColumns`: ids and dates by position, each
``Event`` built from its row (:class:`_ParquetRows`) when first asked for, with
the same unchecked constructors and shared values as the row-by-row path.

The checks run in two phases: the keys (dates, statuses, tags, the order), then the rest
(summaries, the nested tables, the links' targets). The ids and titles are checked (and the
ids hashed) beside the dates when the load is not phased, and with the rest when it is: its
first frame needs neither. So are the columns derived from the dates: compared with them
part by part when the load is not phased; when it is, the first phase sums a fingerprint of
what the dates say they hold, and the rest compares it with theirs
(:mod:`timeline._derived_print`), so that they are read only then. A phased load (``phased``
given to :func:`columnar`) returns after the first: its timeline answers what the keys
answer (``len``, ids and titles as given, dates, ``between``, statuses, tags) at once, and
:func:`complete` runs the second (the first event made, or a question about the rest, runs
it too, or waits for the thread running it).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing
from itertools import repeat
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Final, TypeVar

from timeline import _threads, parquet_source, rules
from timeline._chronology import in_order
from timeline._column_checks import ColumnChecks, _RefusedError
from timeline._column_checks import one_array as _one_array
from timeline._fast import Sharing
from timeline._parquet_search import ColumnSearch
from timeline.codec import Decoder, _zone_problem
from timeline.columns import EventColumns, naming_positions
from timeline.errors import TimelineLoadError
from timeline.models import (
    Citation,
    Event,
    Link,
    Status,
    Timeline,
    _columnar_timeline,
    _trusted_citation,
    _trusted_event,
    _trusted_figure,
    _trusted_link,
    _trusted_person,
    _trusted_place,
)
from timeline.parquet_source import DERIVED, Source, TableSource
from timeline.rules import MAX_LONG_TEXT, MAX_SHORT_TEXT, STATUSES
from timeline.when import When

T = TypeVar("T")

if TYPE_CHECKING:
    import pyarrow

    from timeline._report_columns import ReportColumns

__all__ = ["columnar", "complete", "is_complete"]

_REST: Final = ("status", "summary", "tags", "figures", "places", "people", "sources", "related")
"""The columns an event is built from besides its id, title and date."""

_DENSE: Final = 16
"""A block of rows (:data:`~timeline.parquet_source.BLOCK_ROWS`) is read as Python values
whole on its 16th row asked for (before that, each row alone: a file's rows may be in any
order, so the events of a view may each be in another block)."""

_BLOCKS: Final = 64
"""The blocks of rows kept as Python values (the last used)."""


def columnar(
    name: str,
    pa: Any,
    table: pyarrow.Table | Source,
    head: dict[str, Any] | Timeline,
    *,
    phased: Callable[[], Timeline] | None = None,
) -> Timeline | None:
    """The timeline of ``table`` (a table in memory, or a file's
    :class:`~timeline.parquet_source.Source`: its columns not held are checked a part at a
    time) with its events as columns; ``None`` when any value is refused (the caller then
    reads it row by row, which names each problem) or numpy, which reads the dates, is not
    installed.

    ``head`` is the header's plain data, or the header checked before (a timeline
    without events, as :meth:`~timeline.codec.Decoder.top` takes it).

    ``phased``: only the keys are checked now, the rest by :func:`complete`; when the rest
    is refused there, ``phased()`` reads the table row by row (it raises the
    :class:`~timeline.errors.TimelineLoadError` naming each problem; a timeline it returns
    answers for the rest instead).
    """
    try:
        from timeline import _date_columns
    except ImportError:  # pragma: no cover (numpy comes with the 'arrow' extra)
        return None
    source = table if isinstance(table, Source) else TableSource(table)
    try:
        tl = _Checker(name, pa, source, _date_columns).timeline(head, phased)
        if phased is None:
            complete(tl)
    except _RefusedError:
        return None
    except pa.ArrowException:  # a layout the compute functions do not take: row by row
        return None
    return tl


def complete(tl: Timeline) -> None:
    """Check what a phased load of ``tl`` left for later (:func:`columnar`), once: the
    summaries, the nested tables and the links' targets, read from the file (and held when
    they fit). Nothing to do for any other timeline, or once done; a thread that asks while
    another runs it waits for it.

    Raises :class:`~timeline.errors.TimelineLoadError` naming each problem (the same as a
    load that is not phased), or :class:`~timeline.errors.TimelineError` when the file was
    written over in place since; the same error again on every later call.
    """
    rows = _parquet_rows(tl)
    if rows is not None:
        rows.complete()


def is_complete(tl: Timeline) -> bool:
    """Whether every value of ``tl`` is checked (false only between the phases of a phased
    load, or when its second phase failed)."""
    rows = _parquet_rows(tl)
    return True if rows is None else rows.is_complete()


def _parquet_rows(tl: Timeline) -> _ParquetRows | None:
    """The rows of the Parquet file ``tl`` holds as columns (edited or not), if it does."""
    events = tl.events
    if not isinstance(events, EventColumns):
        return None
    from timeline._edited_columns import base_rows  # (numpy: held as columns, installed)

    rows = base_rows(events.source)
    return rows if isinstance(rows, _ParquetRows) else None


class _Checker(ColumnChecks):
    def __init__(
        self,
        name: str,
        pa: Any,
        source: Source,
        date_columns: Any,
    ) -> None:
        self.name = name
        self.pa = pa
        self.pc = pa.compute
        self.source = source
        self.table = source.held
        self.names = set(source.names)
        self.date_columns = date_columns
        self.shared = Sharing()
        self.dates: dict[tuple[str, str | None], When] = {}
        self.cites: list[Any] = []
        """Whether each row cites a source (boolean arrays, a part each)."""
        self.targets: set[str] = set()
        """The events the links point to."""
        self.source_ids: set[str] = set()
        """The header's sources (what a citation may cite)."""
        self.tag_counts: dict[str, int] = {}
        """How many events have each tag (counted by :meth:`_held`)."""
        self.statuses: list[str | None] = []
        """The distinct statuses given (found by :meth:`_held`)."""
        self.later = False
        """A phased load: the derived columns are compared with the dates by the rest, by
        their fingerprints (:mod:`timeline._derived_print`), not read before."""
        self.derived_print = 0
        """The fingerprint of the derived columns as the dates give them (``later``)."""
        self._print_lock = threading.Lock()

    def _zones(self, values: Any) -> None:
        """Null or a zone the loader accepts (``Decoder._zone``'s rule)."""
        if values is None:
            return
        for zone in self._distinct(values):
            if zone is not None and (len(zone) > 100 or _zone_problem(zone) is not None):
                raise _RefusedError

    def _when(self, text: str, tz: str | None) -> When:
        """The date ``text`` in zone ``tz``, each distinct one parsed once."""
        key = (text, tz)
        when = self.dates.get(key)
        if when is None:
            try:
                when = self.dates[key] = self.shared.date(When, text, tz)
            except Exception:
                raise _RefusedError from None
        return when

    def _items(self, column: str, part: Any) -> dict[str, Any] | None:
        """The fields of a column of lists of structs of table ``part``, flattened (``None``:
        no column, or no item); a null item is refused, a field the file does not have is
        ``None``."""
        values = self._column(column, part)
        if values is None:
            return None
        flat = self.pc.list_flatten(values)
        if flat.null_count:
            raise _RefusedError
        from timeline._arrow_numpy import combined  # (numpy)

        struct = combined(self.pa, flat)
        if not len(struct):
            return None
        names = [struct.type.field(i).name for i in range(struct.type.num_fields)]
        fields: dict[str, Any] = dict(zip(names, struct.flatten(), strict=True))
        lists = values.combine_chunks() if values.num_chunks != 1 else values.chunk(0)
        fields["_rows"] = self.pc.list_parent_indices(lists)
        return fields

    # -- the whole --------------------------------------------------------------------

    def timeline(
        self, head: dict[str, Any] | Timeline, phased: Callable[[], Timeline] | None
    ) -> Timeline:
        """The timeline, its keys checked (the rest checked by :meth:`rest`, when
        :func:`complete` asks)."""
        decoder = Decoder(self.name)
        decoder.top(head)
        try:
            top = decoder.finish()  # (the header alone: its sources and eras checked)
        except TimelineLoadError:
            raise _RefusedError from None
        self.source_ids = {s.id for s in top.sources}

        ids = self._strings("id")
        self._present(ids)
        titles = self._strings("title")
        self._present(titles)
        self._zones(self._column("tz"))
        from timeline.id_column import IdColumn, hashes_of  # (numpy: the 'arrow' extra)

        def checked_ids() -> Any:  # (none needs the dates: on a thread beside them)
            self._identifiers(ids)
            self._names(titles)
            return hashes_of(self.pa, ids)

        def held_and_ids() -> Any:
            self._held()
            return checked_ids() if phased is None else None

        def beside() -> Any:
            if phased is not None:
                return held_and_ids()
            # (a load not phased: the rest read and checked on a thread of its own, beside
            # the ids and the dates, from the start: a million events 1.65 -> 1.48 s)
            _, hashes = _threads.both(self.rest_columns, held_and_ids)
            return hashes

        # (a phased load checks the ids and titles with the rest: the first frame needs neither)
        self.later = phased is not None
        hashes, keys_by_row = _threads.both(beside, self._parts)
        order = self._order(keys_by_row, ids)
        positions: Sequence[int]
        if order is None:  # (in order already: each position its own row, no array made)
            from timeline._placed_rows import PlacedRows  # (numpy)

            positions = PlacedRows(len(ids), {})
        else:
            positions = self.date_columns.compact("q", order.astype("int64", copy=False))
        # (ids kept as Arrow text, hashed: now, or when first looked up)
        id_column = IdColumn(self.pa, ids, positions, hashes=hashes)
        if phased is None and id_column.duplicated():
            raise _RefusedError  # a duplicate id
        dated = _Dated(self, positions)

        def checked() -> None:
            self._identifiers(ids)
            self._names(titles)
            if id_column.duplicated():
                raise _RefusedError  # a duplicate id

        def rest() -> None:
            if phased is None:
                self.linked(id_column)  # (the rest's columns checked with the ids)
            else:
                _threads.both(checked, lambda: self.rest(id_column))
            self.source.checked()  # (after every check: a refused file is read again)

        return _columnar_timeline(
            top,
            ids=id_column,
            when=dated.when,
            whens=dated.whens,
            keys=self.date_columns.keys_in(order, *keys_by_row),
            positions=positions,
            rows=_ParquetRows(self, titles, rest, phased),
        )

    def _parts(self) -> tuple[Any, Any, Any, Any]:
        """Check the dates (the short texts read once first) and the derived columns a part
        at a time: each row's keys, by row (lower, upper, local lower, local upper)."""
        np = self.date_columns.np
        keys = tuple(np.zeros(self.source.num_rows, np.float64) for _ in range(4))
        self.repeats = self.date_columns.repeats(self.pa, self._strings("when"), self._column("tz"))
        parts = self._held_parts() if self.later else self.source.parts(DERIVED)
        with closing(_threads.in_order(self._read, parts)) as read:
            for (first, part), (dates, agreed) in read:
                if agreed is None:  # (dates parsed one at a time: on this thread, in order)
                    self._fill(dates, part.column("when"), self._column("tz", part))
                    agreed = self._agreed(first, part, dates)
                if not agreed:
                    raise _RefusedError
                last = first + part.num_rows
                for column, values in zip(keys, (
                    dates.lower, dates.upper, dates.local_lower, dates.local_upper
                ), strict=True):  # fmt: skip
                    column[first:last] = values
        return keys

    def _read(self, numbered: tuple[int, Any]) -> tuple[Any, bool | None]:
        """A part's dates (on a pool's thread) and whether its derived columns agree, or
        ``None``: some left to :meth:`_fill` (on the caller's thread, the parts in order)."""
        first, part = numbered
        self._present(texts := part.column("when"))
        repeats = self.repeats and self.repeats.rows(first, part.num_rows)
        dates = self.date_columns.read_with(self.pa, texts, self._column("tz", part), repeats)
        if len(dates.unknown()):
            return dates, None
        return dates, self._agreed(first, part, dates)

    def _held_parts(self) -> Iterator[tuple[int, Any]]:
        """The held columns a part at a time (the dates read on threads, as :meth:`_parts`
        reads them with the derived columns)."""
        held, rows = self.source.held, parquet_source.PART_ROWS
        for first in range(0, held.num_rows, rows):
            yield first, held.slice(first, rows)

    def _agreed(self, first: int, part: Any, dates: Any) -> bool:
        """Whether the derived columns of ``part`` (rows from ``first``) agree with its
        ``dates``: compared now; or, ``later``, true, their fingerprint summed for the rest."""
        if not self.later:
            agreed: bool = self.date_columns.agrees(self.pa, part, dates)
            return agreed
        from timeline import _derived_print  # (numpy)

        found = _derived_print.of_dates(first, dates, self.names)
        with self._print_lock:
            self.derived_print = (self.derived_print + found) % 2**64
        return True

    def rest(self, ids: Any) -> None:
        """Check the summaries and the nested tables a part at a time (held, if they fit),
        and that each link points to an event of ``ids``."""
        self.rest_columns()
        self.linked(ids)

    def rest_columns(self) -> None:
        """Check the summaries and the nested tables a part at a time (held, if they fit)
        and, ``later``, the derived columns against the dates' fingerprint."""
        self.source.hold_rest()
        self.table = self.source.held
        rest = [c for c in _REST if c not in ("status", "tags")]
        derived = [c for c in DERIVED if c in self.names] if self.later else []
        from timeline import _derived_print  # (numpy)

        found = 0  # (the derived columns' fingerprint, as the file gives them)
        for first, part in self.source.parts([*rest, *derived]):
            self._rest(part, first)
            if derived:
                given = _derived_print.of_table(self.pa, first, part)
                if given is None:
                    raise _RefusedError
                found = (found + given) % 2**64
        if found != self.derived_print:
            raise _RefusedError  # a derived column does not agree with the dates

    def linked(self, ids: Any) -> None:
        """That each link (found by :meth:`rest_columns`) points to an event of ``ids``."""
        from timeline._arrow_numpy import strings  # (numpy)

        targets = strings(self.pa, sorted(self.targets))
        if None in ids.positions_of(targets):
            raise _RefusedError  # a link to no event

    def _dates_of(self, texts: Any, zones: Any) -> Any:
        """The dates ``texts`` (no nulls) in zones ``zones``: the common forms read whole
        (:func:`timeline._date_columns.read_dates`), each distinct other parsed once."""
        dates = self.date_columns.read_dates(self.pa, texts, zones)
        self._fill(dates, texts, zones)
        return dates

    def _fill(self, dates: Any, texts: Any, zones: Any) -> None:
        """Set the rows ``dates`` left unknown: each distinct text and zone parsed once."""
        dates.fill_unknown(self.pa, texts, zones, self._when)

    def _order(self, keys: Any, ids: Any) -> Any:
        """The rows in chronological order (by lower bound, upper bound, then id), sorted;
        ``None`` when they are in it already (:func:`timeline._chronology.in_order`)."""
        from timeline._arrow_numpy import int64s  # (numpy)

        pa, pc, np = self.pa, self.pc, self.date_columns.np

        def ids_in_order(rows: Any) -> bool:
            firsts = ids.take(int64s(pa, rows))
            return self._all(pc.less_equal(firsts, ids.take(int64s(pa, rows + 1))))

        if in_order(np, keys[0], keys[1], ids_in_order):  # (as timeline.dump writes them)
            return None
        from timeline._row_order import sort_rows  # (numpy: the 'arrow' extra)

        return sort_rows(pa, keys[0], keys[1], ids)

    def _held(self) -> None:
        """The statuses and tags (held whole), each distinct one checked, and kept with the
        tags' counts (which the viewer's first frame asks for: counted here, beside the
        dates, rather than after them)."""
        statuses = self._column("status")
        if statuses is not None:
            self.statuses = self._distinct(statuses)
            if not set(self.statuses) <= {None, *STATUSES}:
                raise _RefusedError
        tags = self._column("tags")
        if tags is not None:
            flat = self.pc.list_flatten(tags)
            self._present(flat)
            counts = self.pc.value_counts(flat)
            names = counts.field(0).to_pylist()
            self._good(rules.tag, names)
            self.tag_counts = dict(zip(names, counts.field(1).to_pylist(), strict=True))

    def _rest(self, part: Any, first: int) -> None:
        """The other columns of table ``part`` (rows from ``first``): summaries and the
        nested tables."""
        pc = self.pc
        self._text(self._column("summary", part), MAX_LONG_TEXT)
        figures = self._items("figures", part)
        if figures is not None:
            names = figures.get("name")
            self._present(names)
            assert names is not None
            self._good(rules.figure_name, self._distinct(names))
            integer, number = figures.get("integer"), figures.get("number")
            given = [pc.is_valid(v) for v in (integer, number) if v is not None]
            if not given:
                raise _RefusedError  # no values at all
            if len(given) == 1:
                if not self._all(given[0]):
                    raise _RefusedError  # one without a value
            elif not self._all(pc.xor(given[0], given[1])):
                raise _RefusedError  # give one of 'integer' and 'number'
            if number is not None and self.pa.types.is_floating(number.type):
                finite = pc.is_finite(number)
                if finite.null_count != number.null_count or not self._all(finite):
                    raise _RefusedError
            if self._repeated(figures["_rows"], names):
                raise _RefusedError  # a figure given twice

        places = self._items("places", part)
        if places is not None:
            self._present(places.get("name"))
            self._good(rules.name, self._distinct(places["name"]))
            lat, lon = places.get("lat"), places.get("lon")
            if lat is None or lon is None:
                one = lat if lat is not None else lon
                if one is not None and one.null_count != len(one):
                    raise _RefusedError  # one coordinate without the other
            elif lat is not None:
                if not self._all(pc.equal(pc.is_valid(lat), pc.is_valid(lon))):
                    raise _RefusedError
                self._range(lat, rules.LATITUDE)
                self._range(lon, rules.LONGITUDE)

        people = self._items("people", part)
        if people is not None:
            self._present(people.get("name"))
            self._good(rules.name, self._distinct(people["name"]))
            self._text(people.get("role"), MAX_SHORT_TEXT)

        lists = self._column("sources", part)
        if lists is not None:
            from timeline._arrow_numpy import combined, scalar  # (numpy)

            counts = pc.list_value_length(lists)
            cited = pc.greater(counts, scalar(self.pa, 0, counts.type))
            lengths = pc.fill_null(cited, scalar(self.pa, False, self.pa.bool_()))
            self.cites.append(combined(self.pa, lengths))
        citations = self._items("sources", part)
        if citations is not None:
            self._present(citations.get("source"))
            if not set(self._distinct(citations["source"])) <= self.source_ids:
                raise _RefusedError
            self._text(citations.get("quote"), MAX_LONG_TEXT)
            self._text(citations.get("reported_text"), MAX_SHORT_TEXT)
            self._text(citations.get("note"), MAX_LONG_TEXT)
            self._reported(citations.get("reported"), citations.get("reported_tz"))

        links = self._items("related", part)
        if links is not None:
            for key in ("kind", "event"):
                self._present(links.get(key))
                self._good(rules.identifier, self._distinct(links[key]))
            self.targets.update(self._distinct(links["event"]))
            self._text(links.get("note"), MAX_LONG_TEXT)

    def _repeated(self, rows: Any, names: Any) -> bool:
        """Whether a pair of a row (``rows``, integers) and a name (``names``, no nulls) is
        given twice, at C speed (each name as its number among the distinct ones)."""
        np = self.date_columns.np
        from timeline._arrow_numpy import combined, to_numpy

        encoded = combined(self.pa, self.pc.dictionary_encode(names))
        codes = np.asarray(to_numpy(self.pa, encoded.indices), np.int64)
        keys = np.asarray(to_numpy(self.pa, rows), np.int64) * len(encoded.dictionary) + codes
        keys.sort()
        return bool((keys[1:] == keys[:-1]).any())

    def _range(self, values: Any, limit: float) -> None:
        """Null or a number from ``-limit`` to ``limit`` (:func:`rules.latitude`'s rule)."""
        pc = self.pc
        if self.pa.types.is_floating(values.type) and pc.any(pc.is_nan(values)).as_py():
            raise _RefusedError
        low, high = pc.min_max(values).values()
        if (low.as_py() is not None and low.as_py() < -limit) or (
            high.as_py() is not None and high.as_py() > limit
        ):
            raise _RefusedError

    def _reported(self, reported: Any, zones: Any) -> None:
        """The dates the citations report, each distinct one parsed once."""
        self._zones(zones)
        if zones is not None:
            if reported is None:
                if zones.null_count != len(zones):
                    raise _RefusedError  # 'reported_tz' given without 'reported'
            else:
                pc = self.pc
                if pc.any(pc.and_(pc.is_valid(zones), pc.is_null(reported))).as_py():
                    raise _RefusedError
        if reported is None or reported.null_count == len(reported):
            return
        given = self.pc.is_valid(reported)
        texts = reported.filter(given)
        zones = zones.filter(given) if zones is not None else None
        self._dates_of(texts, zones)  # (read whole; the others parsed, each once)


class _Dated:
    """Makes the date of a position when first asked for, from its row's text and zone."""

    def __init__(self, checker: _Checker, order: Sequence[int]) -> None:
        self._pa = checker.pa
        self._rows = order
        self._texts = _one_array(checker.table.column("when"))
        zones = checker._column("tz")
        self._zones = None if zones is None else _one_array(zones)
        self._when = checker._when

    def when(self, p: int) -> When:
        row = self._rows[p]
        tz = None if self._zones is None else self._zones[row].as_py()
        return self._when(self._texts[row].as_py(), tz)

    def whens(self, positions: Sequence[int]) -> list[When]:
        """The dates of ``positions``, their texts and zones taken whole (:meth:`when` makes
        two Arrow scalars a date: a sort of a million events by date took 25 s)."""
        rows = self._rows
        from timeline._arrow_numpy import int64s  # (numpy)

        at = int64s(self._pa, [rows[p] for p in positions])
        texts = self._texts.take(at).to_pylist()
        zones = repeat(None) if self._zones is None else self._zones.take(at).to_pylist()
        when = self._when
        return [when(text, tz) for text, tz in zip(texts, zones, strict=False)]


def _links_of(
    text: Callable[[str, str], str], links: list[dict[str, Any]] | None
) -> tuple[Link, ...]:
    """The links of a row's ``related`` (as Python values), their texts shared by ``text``."""
    if not links:
        return ()
    return tuple(
        [
            _trusted_link(
                kind=text(r["kind"], r["kind"]),
                event=text(r["event"], r["event"]),
                note=_shared(text, r.get("note")),
            )
            for r in links
        ]
    )


class _ParquetRows:
    """The checked rows of a table, for :class:`~timeline.columns.EventColumns`: builds the
    event of a row (from single values of the table for the first few, then from its columns
    read whole).

    Until the rest of the rows is checked (``rest``: a phased load's second phase,
    :meth:`complete`), it answers only from the keys (titles, tags, statuses); the other
    questions, and every event made, complete it first."""

    def __init__(
        self,
        checker: _Checker,
        titles: Any,
        rest: Callable[[], None],
        refused: Callable[[], Timeline] | None,
    ) -> None:
        pa = checker.pa
        self._checker: _Checker | None = checker
        self._source = checker.source
        self._table = checker.table
        self._names = [c for c in _REST if c in checker.names]
        self._titles = titles
        self._tag_counts = checker.tag_counts
        self._statuses = checker.statuses
        self._shared = checker.shared
        self._when = checker._when
        self._pc = checker.pc
        self._pa = pa
        self._positions: tuple[Sequence[int], Any] | None = None
        self._search: ColumnSearch | None = None
        self._asked: dict[int, int] = {}
        """How many rows of each block not read whole were asked for, by its first row."""
        self._blocks: dict[int, dict[str, list[Any]]] = {}
        """Blocks of rows read as Python values, by first row (the last used last)."""
        self._lock = threading.Lock()
        self._cites: Any = None
        self._kinds: tuple[str, ...] | None = None
        """The kinds of link, once found (a file not held streams its links column for
        them: 0.2 s at ten million events, each time an event form opened)."""
        self._rest: Callable[[], None] | None = rest
        """The check of the rest of the rows, until it has passed."""
        self._refused = refused
        self._failed: BaseException | None = None
        self._completing = threading.Lock()
        self._instead: Timeline | None = None
        """The rows read one by one, when the rest was refused here but passed there."""

    # -- the second phase -------------------------------------------------------------

    def is_complete(self) -> bool:
        return self._rest is None

    def complete(self) -> None:
        """Check the rest of the rows, once (a thread asking meanwhile waits for it)."""
        if self._rest is None:
            return
        with self._completing:
            rest = self._rest
            if rest is None:
                return
            if self._failed is not None:
                raise self._failed
            try:
                self._check(rest)
            except BaseException as exc:
                self._failed = exc
                raise
            self._rest = None

    def _check(self, rest: Callable[[], None]) -> None:
        checker = self._checker
        assert checker is not None
        try:
            rest()
        except (_RefusedError, self._pa.ArrowException):
            if self._refused is None:
                raise
            self._instead = self._refused()  # (raises the problems, named)
        else:
            self._table = self._source.held
            cites = checker.cites
            self._cites = self._pa.chunked_array(cites, self._pa.bool_()) if cites else None
            self._search = ColumnSearch(self._pa, self._source)
        self._checker = None

    def _values(self, row: int) -> dict[str, Any]:
        """The values of ``row``'s columns besides its id, title and date: each row read
        alone, and the rows of a block asked for often read whole (a few blocks kept)."""
        source = self._source
        # (the file read outside the lock: another thread asking for a row's links, a frame
        # of the window, does not wait for a row group decoded on a worker)
        with self._lock:
            first, count = source.block(row)
            lists = self._blocks.pop(first, None)
            if lists is not None:
                self._blocks[first] = lists  # (the most recently used)
                return {c: lists[c][row - first] for c in self._names}
            asked = self._asked[first] = self._asked.get(first, 0) + 1
            if asked >= _DENSE:
                del self._asked[first]
        if asked < _DENSE:
            one: dict[str, Any] = source.rows(row, 1, self._names).to_pylist()[0]
            return one
        table = source.rows(first, count, self._names)
        lists = {c: table.column(c).to_pylist() for c in self._names}
        with self._lock:
            while len(self._blocks) >= _BLOCKS:
                del self._blocks[next(iter(self._blocks))]  # (the least recently used)
            self._blocks[first] = lists
        return {c: lists[c][row - first] for c in self._names}

    def reads_back(self, row: int) -> bool:
        """Whether making the event of ``row`` reads the file: neither its block kept as
        Python values (:meth:`_values`) nor its row group kept decoded."""
        source = self._source
        if not source.reads_back or self._instead is not None:
            return False
        return source.block(row)[0] not in self._blocks and not source.decoded(row, self._names)

    def title(self, row: int) -> str:
        title: str = self._titles[row].as_py()
        return title

    def status(self, row: int) -> Status:
        if "status" not in self._names:
            return Status.HAPPENED
        status = self._table.column("status")[row].as_py()
        return Status.HAPPENED if status is None else STATUSES[status]

    def tags(self, row: int) -> tuple[str, ...]:
        if "tags" not in self._names:
            return ()
        tags = self._table.column("tags")[row].as_py()
        return self._shared.tags(tuple(tags)) if tags else ()

    def links(self, row: int) -> tuple[Link, ...]:
        return self._read_alone(row, "related", attrgetter("related"), self._links)

    def citations(self, row: int) -> tuple[Citation, ...]:
        """The citations of ``row`` (:class:`~timeline.columns.CitingRows`): that column
        alone read back, as :meth:`links` reads the links."""
        shared, parse = self._shared, self._when

        def made(cited: list[dict[str, Any]] | None) -> tuple[Citation, ...]:
            return tuple([_citation(shared, parse, c) for c in cited]) if cited else ()

        return self._read_alone(row, "sources", attrgetter("sources"), made)

    def _read_alone(
        self,
        row: int,
        column: str,
        of_event: Callable[[Event], tuple[T, ...]],
        made: Callable[[Any], tuple[T, ...]],
    ) -> tuple[T, ...]:
        """The values of ``row``'s ``column``, one of the rest (checked first): that column
        alone read back (a row group of it is small beside the whole row's), made by
        ``made``; of the event read row by row (``of_event``) when the rest was refused here
        but passed there."""
        self.complete()
        if self._instead is not None:
            return of_event(self._instead[self._table.column("id")[row].as_py()])
        if column not in self._names:
            return ()
        return made(self._source.rows(row, 1, [column]).column(0)[0].as_py())

    def _links(self, links: list[dict[str, Any]] | None) -> tuple[Link, ...]:
        return _links_of(self._shared.text, links)

    def titles(self, rows: Sequence[int]) -> list[str]:
        titles: list[str] = self._titles.take(self._by_position(rows)).to_pylist()
        return titles

    def tag_counts(self) -> dict[str, int]:
        return dict(self._tag_counts) if "tags" in self._names else {}

    def tag_counts_at(self, rows: Sequence[int]) -> dict[str, int]:
        """How many of ``rows`` have each tag, at C speed (an edit's rows taken out: one at
        a time, 100,000 rows of a million took 0.3 s of the window's time)."""
        if "tags" not in self._names or not rows:
            return {}
        taken = self._table.column("tags").take(_indices(self._pa, rows))
        counts = self._pc.value_counts(self._pc.list_flatten(taken))  # (tags are distinct)
        values, numbers = counts.field("values").to_pylist(), counts.field("counts").to_pylist()
        return dict(zip(values, numbers, strict=True))

    def statuses_at(self, rows: Sequence[int]) -> set[Status]:
        """The statuses some of ``rows`` has, at C speed."""
        if "status" not in self._names or not rows:
            return {Status.HAPPENED} if rows else set()
        found = self._pc.unique(self._table.column("status").take(_indices(self._pa, rows)))
        return {Status.HAPPENED if s is None else STATUSES[s] for s in found.to_pylist()}

    # -- questions about every row, at C speed (the tuple-backed answers are in
    # timeline.columns; tests/test_columns.py checks that they agree)

    def statuses(self) -> frozenset[Status]:
        if "status" not in self._names:
            return frozenset([Status.HAPPENED]) if len(self._titles) else frozenset()
        return frozenset(Status.HAPPENED if s is None else STATUSES[s] for s in self._statuses)

    def link_kinds(self) -> list[str]:
        if self._kinds is None:
            named = "related" in self._names
            self._kinds = _kinds_in(self._pc, self._parts("related")) if named else ()
        return list(self._kinds)

    def _parts(self, column: str) -> Any:
        """The chunks of ``column``: held, or read from the file again, a part at a time."""
        if column in self._table.schema.names:
            return [self._table.column(column)]
        return (part.column(column) for part in self._source.stream([column]))

    def citing(self, rows: Sequence[int]) -> list[int]:
        self.complete()
        if self._instead is not None:
            from timeline.columns import citing_positions

            return citing_positions(self._instead.events)
        if self._cites is None:
            return []
        pc = self._pc
        found: list[int] = pc.indices_nonzero(self._cites.take(self._by_position(rows))).to_pylist()
        return found

    def naming(
        self, rows: Sequence[int], part: str, field: str, targets: frozenset[str]
    ) -> list[int]:
        """The positions whose rows have an item of ``part`` naming one of ``targets`` in its
        ``field`` (:func:`timeline.columns.naming_positions`), the column read whole
        (:func:`timeline._arrow_tables.positions_naming`)."""
        self.complete()
        if self._instead is not None:
            return naming_positions(self._instead.events, part, field, targets)
        if part not in self._names or not targets:
            return []
        from timeline._arrow_tables import positions_naming  # (numpy)

        return positions_naming(self._pa, self._parts(part), field, rows, targets)

    def reports(self, rows: Sequence[int]) -> list[tuple[int, str, When]]:
        reported = self.reported(rows)
        return [] if reported is None else reported.reports()

    def reported(self, rows: Sequence[int]) -> ReportColumns | None:
        """The citations' reported dates read whole (:mod:`timeline._report_columns`)."""
        self.complete()
        if self._instead is not None:
            return _Reported(self._instead)  # type: ignore[return-value]
        if "sources" not in self._names:
            return None
        from timeline._report_columns import report_columns  # (numpy, as the dates)

        if "sources" in self._table.schema.names:
            sources: Iterable[Any] = self._table.column("sources").chunks
        else:  # (not held: read from the file again, a part at a time, as asked for)
            streamed = self._source.stream(["sources"])
            sources = (c for p in streamed for c in p.column("sources").chunks)
        return report_columns(self._pa, sources, rows, self._when)

    def matching(
        self,
        rows: Sequence[int],
        words: Sequence[str],
        tags: frozenset[str] | None,
        statuses: frozenset[Status] | None,
    ) -> list[int]:
        search = self._searching()
        if search is None:
            from timeline.ops import matching_positions

            assert self._instead is not None
            instead = matching_positions(
                self._instead, text=" ".join(words), tag=tags, status=statuses
            )
            return list(range(len(rows))) if instead is None else instead
        kept = search.rows(words, tags, statuses).take(self._by_position(rows))
        found: list[int] = self._pc.indices_nonzero(kept).to_pylist()
        return found

    def count_statuses(self, rows: Sequence[int], statuses: frozenset[Status]) -> int:
        """How many of ``rows`` have one of ``statuses``, counted at C speed."""
        search = self._searching()
        if search is None:
            return len(self.matching(rows, (), None, statuses))
        mask = search.rows((), None, statuses)
        if len(rows) != len(mask):  # (else every row, in some order: the same count)
            mask = mask.take(self._by_position(rows))
        return int(self._pc.sum(mask).as_py() or 0)

    def prepare_matching(self) -> None:
        search = self._searching()
        if search is not None:
            search.prepare()
        else:
            from timeline.ops import prepare_search

            assert self._instead is not None
            prepare_search(self._instead)

    def _searching(self) -> ColumnSearch | None:
        """The search of the columns, once the rest is checked (``None``: it was read one
        row at a time instead)."""
        self.complete()
        return self._search

    def _by_position(self, rows: Sequence[int]) -> Any:
        """``rows`` (the row of each position) as an Arrow array, made once."""
        from timeline._arrow_numpy import int64s  # (numpy)

        made = self._positions
        if made is None or made[0] is not rows:
            made = self._positions = (rows, int64s(self._pa, rows))
        return made[1]

    def arrow_columns(self, rows: Sequence[int]) -> dict[str, Any] | None:
        """The columns of :meth:`Timeline.to_arrow <timeline.models.Timeline.to_arrow>`
        in the order ``rows`` (the row of each position), read from the table's columns
        (:mod:`timeline._arrow_tables`); ``None`` if its rows were read one at a time."""
        self.complete()
        if self._instead is not None:
            return None
        from timeline._arrow_tables import columns  # (numpy)

        return columns(self._pa, self._source, rows, self._when)

    def nested_columns(self, rows: Sequence[int]) -> dict[str, Any] | None:
        """The Parquet writer's nested columns in the order ``rows``, read from the file's
        (:func:`timeline._arrow_tables.nested`); ``None`` if its rows were read one at a
        time, or its nested columns are of another layout than the writer's."""
        self.complete()
        if self._instead is not None:
            return None
        from timeline._arrow_tables import nested  # (numpy)
        from timeline.parquet_io import nested_types

        return nested(self._pa, self._source, rows, nested_types(self._pa))

    def part_columns(
        self, parts: Sequence[Any], folder: str
    ) -> Iterator[tuple[dict[str, Any] | None, dict[str, Any] | None]]:
        """:meth:`arrow_columns` and :meth:`nested_columns` of each of ``parts`` (the
        Parquet writer's), the file read once for them all if its rows are shuffled
        (:func:`timeline._arrow_tables.part_columns`, spilled in ``folder``)."""
        self.complete()
        if self._instead is not None:
            return iter([(None, None)] * len(parts))
        from timeline._arrow_tables import part_columns  # (numpy)
        from timeline.parquet_io import nested_types

        pa = self._pa
        return part_columns(pa, self._source, parts, self._when, nested_types(pa), folder)

    def event(self, row: int, event_id: str, when: When) -> Event:
        """The event of ``row`` (checked), as the row-by-row path builds it."""
        self.complete()
        if self._instead is not None:
            return self._instead[event_id]
        return self._built(self._values(row), event_id, self._titles[row].as_py(), when)

    def events(self, rows: Sequence[int], ids: Sequence[str], whens: Sequence[When]) -> list[Event]:
        """The events of ``rows`` (their ids and dates ``ids``, ``whens``), as :meth:`event`
        builds each: the rows of a row group read together, each group read once (at ten
        million events a group read back is half a second: one event at a time, a month of
        events read most groups again and again)."""
        self.complete()
        if self._instead is not None:
            instead = self._instead
            return [instead[event_id] for event_id in ids]
        import numpy as np  # (the 'arrow' extra: the dates need it)

        from timeline._arrow_numpy import int64s

        pa, names, source = self._pa, self._names, self._source
        wanted = np.asarray(rows, np.int64)
        order = np.argsort(wanted, kind="stable")
        ordered = wanted[order]
        titles = self._titles.take(int64s(pa, wanted)).to_pylist()
        out: list[Any] = [None] * len(wanted)
        k = 0
        while k < len(ordered):
            first, count = source.group(int(ordered[k]))
            end = int(np.searchsorted(ordered, first + count))
            lo, hi = int(ordered[k]), int(ordered[end - 1])
            table = source.rows(lo, hi - lo + 1, names)  # (the source locks its file)
            taken = table.take(int64s(pa, ordered[k:end] - lo))
            lists = [taken.column(c).to_pylist() for c in names]
            for at, values in zip(order[k:end].tolist(), zip(*lists, strict=True), strict=True):
                row = dict(zip(names, values, strict=True))
                out[at] = self._built(row, ids[at], titles[at], whens[at])
            k = end
        return out

    def _built(self, values: dict[str, Any], event_id: str, title: str, when: When) -> Event:
        """The event of a row whose other values are ``values`` (by column)."""
        return _built(self._shared, self._when, self._links, values, event_id, title, when)


def _built(
    shared: Any,
    parse: Callable[[str, str | None], When],
    links_of: Callable[[Any], tuple[Link, ...]],
    values: dict[str, Any],
    event_id: str,
    title: str,
    when: When,
) -> Event:
    """The event of a row whose other values are ``values`` (by column): its texts shared
    through ``shared``, its reported dates read by ``parse``, its links by ``links_of``."""
    get = values.get
    text = shared.text
    status = get("status")
    tags = get("tags")
    figures = get("figures")
    places = get("places")
    people = get("people")
    citations = get("sources")
    return _trusted_event(
        id=event_id,
        title=title,
        when=when,
        status=Status.HAPPENED if status is None else STATUSES[status],
        summary=get("summary") or "",
        places=tuple(
            [shared.place(_trusted_place, p["name"], p.get("lat"), p.get("lon")) for p in places]
        )
        if places
        else (),
        people=tuple([shared.person(_trusted_person, p["name"], p.get("role")) for p in people])
        if people
        else (),
        tags=shared.tags(tuple(tags)) if tags else (),
        figures=tuple(
            [
                _trusted_figure(
                    name=text(f["name"], f["name"]),
                    value=f.get("integer") if f.get("number") is None else f["number"],
                )
                for f in figures
            ]
        )
        if figures
        else (),
        sources=tuple([_citation(shared, parse, c) for c in citations]) if citations else (),
        related=links_of(get("related")),
    )


def _citation(shared: Any, parse: Callable[[str, str | None], When], c: dict[str, Any]) -> Any:
    text = shared.text
    reported = c.get("reported")
    return _trusted_citation(
        source=text(c["source"], c["source"]),
        quote=c.get("quote"),
        reported=None if reported is None else parse(reported, c.get("reported_tz")),
        reported_text=_shared(text, c.get("reported_text")),
        note=_shared(text, c.get("note")),
    )


def _indices(pa: Any, rows: Sequence[int]) -> Any:
    """``rows`` as an Arrow array of indices (by numpy: ``pa.array`` imports pandas)."""
    from timeline._arrow_numpy import int64s  # (numpy)

    return int64s(pa, rows)


class _Reported:
    """The reported dates of a timeline read row by row (the rest refused by the columns)."""

    def __init__(self, tl: Timeline) -> None:
        self._tl = tl

    def disagreeing(self, keys: Any, when: Any) -> Any:
        from timeline.columns import disagreeing_reports

        return disagreeing_reports(self._tl.events)


def _shared(text: Callable[[str, str], str], value: str | None) -> str | None:
    return None if value is None else text(value, value)


def _kinds_in(pc: Any, parts: Iterable[Any]) -> tuple[str, ...]:
    """The kinds of link in ``parts`` (chunks of the ``related`` column), sorted."""
    kinds: set[str] = set()
    for related in parts:
        links = pc.list_flatten(related)
        if len(links) and links.type.get_field_index("kind") >= 0:
            kinds.update(pc.unique(pc.struct_field(links, "kind")).drop_null().to_pylist())
    return tuple(sorted(kinds))
