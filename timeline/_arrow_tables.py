"""The table of :meth:`Timeline.to_arrow <timeline.models.Timeline.to_arrow>` read from the
columns of a timeline held as columns (a Parquet file or a dataset's window): no event made
(issue 15).

The generic path (:func:`timeline.tables.to_arrow`) reads sixteen attributes of every
``Event``; for a timeline loaded from Parquet that first makes every event from its row (a
million events: most of a minute, and gigabytes). Here the table is made from the columns
the timeline holds (or reads back from its file a part at a time, :meth:`Source.stream
<timeline.parquet_source.Source.stream>`), every row checked by the load: the strings of
any layout as ``string``, a missing status as ``happened`` and summary as ``""``, the
places' names and the cited sources' ids taken out of their structs. The columns derived
from ``when`` are read from the held dates as the load read them to compare them with the
file's (:func:`timeline._date_columns.read_dates`: the file's own are not held, and a file
may leave them out). Then each column is put in the timeline's order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from typing import Any, Final

import numpy as np

from timeline._arrow_numpy import from_numpy, int64s, scalar, strings, to_numpy, trues, validity
from timeline._column_checks import one_array
from timeline._date_columns import PRECISION_NAMES, DateColumns, read_dates
from timeline._spill import parts_read
from timeline.parquet_source import DERIVED, Source
from timeline.when import When

__all__ = ["columns", "dated", "in_order", "nested", "part_columns", "positions_naming", "words"]

_FILLED: Final = {"status": "happened", "summary": ""}
"""A null (or a missing column) in these is this value in the table (as in an ``Event``)."""

_LISTS: Final[dict[str, str | None]] = {"tags": None, "places": "name", "sources": "source"}
"""The list columns, and the field of each item kept (``None``: the item itself)."""

_TEXTS: Final = ("id", "title", "status", "when", "tz", "precision", "summary")

_READ: Final = ("id", "title", "status", "when", "tz", *_LISTS, "summary")
"""The table's columns read from the file's (the others derived from ``when``)."""

_COMBINED: Final = 1 << 30
"""A column smaller than this (bytes) is made one array before it is put in order."""

_COLUMNS: Final = ("id", "title", "status", "when", "tz", *DERIVED, *_LISTS, "summary")
"""The table's columns (``timeline.tables.COLUMNS``)."""


def columns(
    pa: Any, source: Source, rows: Sequence[int], when: Callable[[str, str | None], When]
) -> dict[str, Any]:
    """The columns of the table (chunked arrays by name), position ``p`` being row
    ``rows[p]`` of ``source`` (every row checked); ``when`` parses a date the column reader
    leaves (:func:`timeline._date_columns.read_dates`)."""
    names = set(source.names)
    wanted = [c for c in _READ if c in names]
    kinds = _types(pa)
    parts: dict[str, list[Any]] = {c: [] for c in _COLUMNS}
    pieces, where, count = _holding(pa, source, wanted, rows)
    for part in pieces:
        n = part.num_rows
        for name in _READ:
            given = part.column(name) if name in names else None
            parts[name].append(_column(pa, name, given, n, kinds[name]))
        derived = _derived(pa, parts["when"][-1], parts["tz"][-1], when)
        for name in DERIVED:
            parts[name].append(derived[name])
    return in_order(pa, parts, kinds, where, count)


def part_columns(
    pa: Any,
    source: Source,
    parts: Sequence[Any],
    when: Callable[[str, str | None], When],
    kinds: dict[str, Any],
    folder: str,
) -> Iterator[tuple[dict[str, Any], dict[str, Any] | None]]:
    """:func:`columns` and :func:`nested` of each of ``parts`` (the rows of ``source`` of
    each, in its order: the Parquet writer's parts), the file read once for them all if
    its rows are shuffled (:func:`timeline._spill.parts_read`, spilled in ``folder``)."""
    names = set(source.names)
    wanted = [c for c in (*_READ, *kinds) if c in names]
    for part_source, rows in parts_read(pa, source, wanted, parts, folder):
        made = columns(pa, part_source, rows, when), nested(pa, part_source, rows, kinds)
        del part_source  # (a spilled part's rows: not kept while the next one is read)
        yield made


def _holding(
    pa: Any, source: Source, wanted: list[str], rows: Sequence[int]
) -> tuple[Iterable[Any], Any, int]:
    """The parts of ``source`` (its columns ``wanted``) that hold ``rows``, and how to put
    them in order: where each of ``rows`` is in the parts joined, and how many they hold.

    Every row of the table: each part whole, as read.  Fewer (a part of a big file being
    saved): only the row groups from the least to the greatest of ``rows`` are read, and of
    each only the rows of ``rows`` are kept, ascending (so what is made of them, such as the
    columns derived from the dates, is made for those rows only).  In a file in the
    timeline's order those are one or two row groups; a file of shuffled rows is read once
    for all the parts and each part's rows spilled (:func:`part_columns`), else (no room
    for the spill) the whole file is read again for each part (the table is never made
    whole in memory).
    """
    order = np.asarray(rows, np.int64)
    if len(order) == source.num_rows:
        return source.stream(wanted), order, len(order)
    if not len(order):
        return (), order, 0
    sorter = np.argsort(order, kind="stable")
    ascending = order[sorter]
    first, stop = int(ascending[0]), int(ascending[-1]) + 1

    def kept() -> Iterator[Any]:
        at = first
        for part in source.stream(wanted, (first, stop)):
            size = part.num_rows
            lo, hi = np.searchsorted(ascending, [at, at + size]).tolist()
            if hi - lo == size:  # (every row of the part)
                yield part
            elif hi > lo:
                yield part.take(int64s(pa, ascending[lo:hi] - at))
            at += size

    where = np.empty(len(order), np.int64)
    where[sorter] = np.arange(len(order), dtype=np.int64)
    return kept(), where, len(order)


def in_order(
    pa: Any, parts: dict[str, list[Any]], kinds: dict[str, Any], rows: Sequence[int], n: int
) -> dict[str, Any]:
    """The columns of ``parts`` (the arrays of each, a part of the ``n`` rows after another),
    position ``p`` being row ``rows[p]``: chunked arrays of ``kinds`` by name."""
    order = np.asarray(rows, np.int64)
    taken = None if np.array_equal(order, np.arange(n, dtype=np.int64)) else int64s(pa, order)
    table: dict[str, Any] = {}
    for name, arrays in parts.items():
        column = pa.chunked_array(arrays, kinds[name])
        if taken is not None:
            if column.nbytes < _COMBINED:  # (one array is taken from faster)
                column = pa.chunked_array([column.combine_chunks().take(taken)])
            else:
                column = column.take(taken)
        table[name] = column
    return table


def nested(
    pa: Any, source: Source, rows: Sequence[int], kinds: dict[str, Any]
) -> dict[str, Any] | None:
    """The Parquet writer's nested columns (``kinds``: their types by name) of the rows
    ``rows`` of ``source`` (every row checked), as the events would give them: a list with
    no item is null, and a reported date without a time of day has no zone (as in its
    ``When``).  ``None`` when a column of the file is of another type than the writer's
    (another tool's layout: the events give them)."""
    names = set(source.names)
    wanted = [c for c in kinds if c in names]
    parts: dict[str, list[Any]] = {c: [] for c in kinds}
    pieces, where, count = _holding(pa, source, wanted, rows)
    for part in pieces:
        for name, kind in kinds.items():
            if name not in names:
                parts[name].append(pa.nulls(part.num_rows, kind))
                continue
            column = one_array(part.column(name))
            if not column.type.equals(kind):
                return None
            parts[name].append(_normalized(pa, name, column))
    return in_order(pa, parts, kinds, where, count)


def _normalized(pa: Any, name: str, column: Any) -> Any:
    """A nested column as the writer writes the events read from it (see :func:`nested`)."""
    pc = _compute(pa)
    if column.offset:  # (a slice of a row group: its own items, its offsets from 0)
        column = pa.concat_arrays([column])
    items = column.values
    if name == "sources" and len(items):
        fields = items.flatten()  # (each field as its rows hold it)
        names = [items.type.field(k).name for k in range(items.type.num_fields)]
        reported = fields[names.index("reported")]
        at = names.index("reported_tz")
        timed = pc.match_substring(reported, "T")
        fields[at] = pc.if_else(timed, fields[at], pa.nulls(len(items), fields[at].type))
        mask = items.is_null() if items.null_count else None
        items = pa.StructArray.from_arrays(fields, names=names, mask=mask)
    offsets = column.offsets
    counts = np.diff(np.asarray(to_numpy(pa, offsets), np.int64))
    empty = from_numpy(pa, ~validity(column) | (counts == 0), pa.bool_())  # (or null)
    return pa.ListArray.from_arrays(offsets, items, type=column.type, mask=empty)


def _compute(pa: Any) -> Any:
    import pyarrow.compute as pc

    return pc


def _derived(
    pa: Any, texts: Any, zones: Any, when: Callable[[str, str | None], When]
) -> dict[str, Any]:
    """The columns derived from the dates ``texts`` in ``zones`` (arrays of one part), read
    as the load read them to compare them with the file's (which agreed)."""
    dates = read_dates(pa, texts, zones)
    dates.fill_unknown(pa, texts, zones, when)
    return dated(pa, dates)


def dated(pa: Any, dates: DateColumns) -> dict[str, Any]:
    """The columns derived from the dates ``dates`` (every row known), by name, as arrays of
    the table's types (a TOML timeline's table takes them from the dates its load read)."""
    names = strings(pa, PRECISION_NAMES)
    return {
        "precision": names.take(int64s(pa, dates.precision)),
        "uncertain": from_numpy(pa, dates.uncertain, pa.bool_()),
        "approximate": from_numpy(pa, dates.approximate, pa.bool_()),
        "earliest_day": _given(pa, dates.first_day, dates.has_first_day, pa.date32()),
        "latest_day": _given(pa, dates.last_day, dates.has_last_day, pa.date32()),
        "earliest": _given(pa, dates.earliest, dates.has_earliest, _instant(pa)),
        "latest": _given(pa, dates.latest, dates.has_latest, _instant(pa)),
    }


def _instant(pa: Any) -> Any:
    return pa.timestamp("s", tz="UTC")


def _given(pa: Any, values: Any, present: Any, kind: Any) -> Any:
    """``values`` (integers) as an array of ``kind``, null where not ``present``."""
    storage = np.int32 if pa.types.is_date32(kind) else np.int64
    data = pa.py_buffer(np.ascontiguousarray(np.where(present, values, 0), storage))
    bitmap = None if present.all() else pa.py_buffer(np.packbits(present, bitorder="little"))
    return pa.Array.from_buffers(kind, len(values), [bitmap, data])


def _types(pa: Any) -> dict[str, Any]:
    words = pa.list_(pa.string())
    return {
        **dict.fromkeys(_TEXTS, pa.string()),
        "uncertain": pa.bool_(),
        "approximate": pa.bool_(),
        "earliest_day": pa.date32(),
        "latest_day": pa.date32(),
        "earliest": _instant(pa),
        "latest": _instant(pa),
        **dict.fromkeys(_LISTS, words),
    }


def _column(pa: Any, name: str, given: Any, n: int, kind: Any) -> Any:
    """Column ``name`` of a part of ``n`` rows as the table has it (``given``: the file's,
    a chunked array; ``None``: the file has no such column)."""
    if name in _LISTS:
        return _words(pa, given, _LISTS[name], n)
    if given is None:
        empty = pa.nulls(n, kind)
        fill = _FILLED.get(name)
        return empty if fill is None else empty.fill_null(scalar(pa, fill, kind))
    column = one_array(given)
    if pa.types.is_dictionary(column.type):
        column = column.dictionary_decode()
    column = column.cast(kind)
    fill = _FILLED.get(name)
    if fill is not None and column.null_count:
        column = column.fill_null(scalar(pa, fill, kind))
    return column


def words(pa: Any, rows: Sequence[Sized], items: list[str]) -> Any:
    """A list column of strings: row ``r`` holds ``len(rows[r])`` of ``items`` (in order)."""
    return _listed(pa, np.fromiter(map(len, rows), np.int64, len(rows)), strings(pa, items))


def _words(pa: Any, given: Any, field: str | None, n: int) -> Any:
    """A list column as lists of strings (``field``: each struct's field of that name), a
    null list as an empty one."""
    if given is None:
        return _listed(pa, np.zeros(n, np.int64), pa.nulls(0, pa.string()))
    column = one_array(given)
    given_offsets = np.asarray(to_numpy(pa, column.offsets), np.int64)
    counts = np.where(validity(column), np.diff(given_offsets), 0)  # (a null list: none)
    items = column.flatten()  # (the values of the lists not null, in order)
    if field is not None:
        items = items.field(field)
    if pa.types.is_dictionary(items.type):
        items = items.dictionary_decode()
    return _listed(pa, counts, items.cast(pa.string()))


def _listed(pa: Any, counts: Any, items: Any) -> Any:
    """A list array whose row ``r`` holds the next ``counts[r]`` of ``items``."""
    offsets = np.zeros(len(counts) + 1, np.int64)
    np.cumsum(counts, out=offsets[1:])
    return pa.ListArray.from_arrays(from_numpy(pa, offsets.astype(np.int32), pa.int32()), items)


def positions_naming(
    pa: Any, parts: Iterable[Any], field: str, rows: Sequence[int], targets: frozenset[str]
) -> list[int]:
    """The positions whose rows (``rows``: the row of each position) have an item whose
    ``field`` is one of ``targets`` in a list column of structs (``parts``: its chunked
    arrays, one part of the rows after another: ``related`` and ``event``, the links to some
    events; ``sources`` and ``source``, the citations of some sources), found whole by
    Arrow."""
    pc = _compute(pa)
    wanted = strings(pa, sorted(targets))
    hit_rows: list[Any] = []
    first = 0
    for column in parts:
        for chunk in column.chunks:
            items = pc.list_flatten(chunk)
            if len(items) and items.type.get_field_index(field) >= 0:
                names = pc.struct_field(items, field)
                if pa.types.is_dictionary(names.type):
                    names = names.dictionary_decode()
                hit = trues(pa, pc.is_in(names.cast(pa.string()), value_set=wanted))
                parents = np.asarray(to_numpy(pa, pc.list_parent_indices(chunk)), np.int64)
                hit_rows.append(np.unique(parents[hit]) + first)
            first += len(chunk)
    if not hit_rows:
        return []
    found = np.concatenate(hit_rows)
    positions: list[int] = np.flatnonzero(np.isin(np.asarray(rows, np.int64), found)).tolist()
    return positions
