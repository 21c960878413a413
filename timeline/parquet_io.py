"""Read and write timelines as Parquet files (the schema is in ``docs/format.md``, "Parquet").

One row per event, in the timeline's order.  The columns are those of
:func:`timeline.tables.to_arrow` (the EDTF text in ``when`` beside its numeric
bounds, ``precision``, ``uncertain``...), except that ``places`` and ``sources``
hold the whole places and citations (lists of structs), and ``people``,
``figures`` and ``related`` are added: the event's plain data of the codec
(:func:`timeline.codec.event_to_data`), one column per key.  The timeline's
header (title, description, zone, sources, eras: :func:`timeline.codec.head_to_data`)
is JSON in the file's key-value metadata under ``timeline``.

Reading goes through the codec's :class:`~timeline.codec.Decoder`, as the TOML
loader does: every value is checked to the same rules, with the same messages,
each naming the file, the row (counted from 0) and the column.  The columns
derived from ``when`` (the bounds, the precision and the flags) must agree with
it.  pyarrow is optional (``pip install "edtf-timeline[arrow]"``), imported only
here: ``import timeline`` never loads it.
"""

from __future__ import annotations

import difflib
import json
import os
from collections.abc import Generator, Iterable, Iterator
from itertools import chain
from typing import TYPE_CHECKING, Any, BinaryIO, Final

from timeline import _threads
from timeline._atomic import atomic_write
from timeline._files import cannot_read, open_regular
from timeline.codec import KEYS, MAX_PROBLEMS, Decoder, _Path, head_to_data, nested_to_data
from timeline.columns import EventColumns, PartedRows, TableRows
from timeline.errors import Problem, TimelineError, TimelineLoadError
from timeline.models import Event, Timeline
from timeline.parquet_columns import columnar, complete, is_complete
from timeline.parquet_source import DERIVED, FileSource
from timeline.tables import (
    COLUMNS,
    _derived,
    _need,
    checked_part,
    date32_days,
    table_arrays,
)

if TYPE_CHECKING:
    import pyarrow

__all__ = [
    "COLUMNS_PARQUET",
    "METADATA_KEY",
    "check_columns",
    "complete",
    "dump",
    "from_table",
    "is_complete",
    "is_parquet",
    "load",
    "to_table",
]

METADATA_KEY: Final = b"timeline"
"""The key of the header's JSON in the file's key-value metadata."""
_FORMAT_KEY: Final = b"timeline.format"
_FORMAT: Final = b"1"

_NESTED: Final = ("places", "sources", "people", "figures", "related")
"""The columns that hold the event's nested tables (lists of structs)."""

COLUMNS_PARQUET: Final = (*COLUMNS, "people", "figures", "related")
"""The columns of a timeline's Parquet file, in order."""

ROW_GROUP: Final = 1 << 20
"""The most rows of a timeline held as columns that :func:`dump` makes into a table at a
time (each table written as row groups of :data:`GROUP_ROWS`)."""

GROUP_ROWS: Final = 131_072
"""The most rows :func:`dump` writes in a row group (pyarrow's default is 1,048,576).  An
event of a big file made later reads its row group back (the columns not held: summaries,
citations, places, …): at ten million events, a row group of a million rows took
0.3-0.8 s and 0.3 GB to decode for one event shown; of 131,072 rows (the size DuckDB
writes, about), 0.04-0.13 s, the file 1.3 % bigger and its load no slower."""

_REQUIRED: Final = ("id", "title", "when")
_DATA_COLUMNS: Final = KEYS["events"]
"""The columns read as the event's plain data; the others are derived from ``when``."""


def is_parquet(path: str | os.PathLike[str]) -> bool:
    """True when ``path`` names a Parquet file (by its extension, ``.parquet``)."""
    return os.fspath(path).lower().endswith(".parquet")


def _pyarrow(name: str, doing: str) -> Any:
    try:
        return _need("pyarrow", "arrow", doing)
    except ImportError as exc:
        raise TimelineLoadError([Problem(str(exc), file=name)]) from None


# -- writing ---------------------------------------------------------------------------


def nested_types(pa: Any) -> dict[str, Any]:
    """The Arrow type of each nested column (``places``, ``sources``, ``people``,
    ``figures``, ``related``), by name."""
    text, number = pa.string(), pa.float64()
    return {
        "places": pa.list_(
            pa.struct([("name", text), ("lat", number), ("lon", number)]),
        ),
        "sources": pa.list_(
            pa.struct(
                [
                    ("source", text),
                    ("quote", text),
                    ("reported", text),
                    ("reported_tz", text),
                    ("reported_text", text),
                    ("note", text),
                ]
            )
        ),
        "people": pa.list_(pa.struct([("name", text), ("role", text)])),
        # an integer and a float are told apart (45 is written back 45, 45.0 as 45.0)
        "figures": pa.list_(
            pa.struct([("name", text), ("integer", pa.int64()), ("number", number)])
        ),
        "related": pa.list_(pa.struct([("kind", text), ("event", text), ("note", text)])),
    }


def to_table(tl: Timeline) -> pyarrow.Table:
    """``tl`` as the Arrow table :func:`dump` writes (the header in its schema's metadata)."""
    pa = _need("pyarrow", "arrow", "writing Parquet")
    arrays = table_arrays(pa, tl)  # (held as columns: read from them)
    held = _held_nested(tl)  # (held as columns: read from them)
    arrays.update(nested_arrays(pa, tl.events) if held is None else held)
    return _table(pa, tl, arrays)


def _table(pa: Any, tl: Timeline, arrays: dict[str, Any]) -> pyarrow.Table:
    """The table of ``arrays`` (by name), with ``tl``'s header in its schema's metadata."""
    table = pa.Table.from_arrays(
        [arrays[name] for name in COLUMNS_PARQUET], names=list(COLUMNS_PARQUET)
    )
    head = json.dumps(head_to_data(tl), ensure_ascii=False).encode("utf-8")
    return table.replace_schema_metadata({METADATA_KEY: head, _FORMAT_KEY: _FORMAT})


def _row_groups(tl: Timeline, folder: str) -> Iterator[pyarrow.Table]:
    """:func:`to_table` of ``tl``, in tables of at most :data:`ROW_GROUP` rows when ``tl`` is
    held as columns (each made when the last is written: ten million events' table is about
    three times the memory of their held columns); else whole (its events are in memory
    already, and the table is small beside them).  A part reads the row groups of the file
    that hold its events: one or two of a file in the timeline's order (as :func:`dump`
    writes it); a file of shuffled rows is read once for all the parts, each part's rows
    spilled to a temporary file in ``folder`` (:mod:`timeline._spill`)."""
    pa = _need("pyarrow", "arrow", "writing Parquet")
    size = len(tl.events)
    parts = [slice(start, min(size, start + ROW_GROUP)) for start in range(0, size, ROW_GROUP)]
    made = _parts_read(tl, parts, folder) if size > ROW_GROUP else None
    first = None if made is None else next(made)
    # (the nested columns looked at first: they name no day past date32, so none is named
    # twice when the table is made whole after all)
    if first is None or first[0] is None or first[1] is None:
        if made is not None:  # (a timeline of events, or nested columns of another layout)
            made.close()
        yield to_table(tl)
        return
    assert made is not None
    for part, (arrays, nested) in zip(parts, chain([first], made), strict=True):
        assert arrays is not None  # (held as columns: every part is, as the first)
        assert nested is not None
        arrays = checked_part(tl, part, arrays)
        arrays.update(nested)
        yield _table(pa, tl, arrays)


def _parts_read(
    tl: Timeline, parts: list[slice], folder: str
) -> Generator[tuple[dict[str, Any] | None, dict[str, Any] | None]]:
    """The table's flat and nested columns of each of ``parts`` of a timeline held as
    columns, read from them (:meth:`part_columns` of its rows: a file of shuffled rows read
    once for them all; else each part's :meth:`arrow_columns` and :meth:`nested_columns`);
    ``None`` for each of a timeline of events, or when its rows cannot give them so."""
    events = tl.events
    if not isinstance(events, EventColumns):
        yield from [(None, None)] * len(parts)
        return
    source = events.source
    rows = [events.rows[part] for part in parts]
    if isinstance(source, PartedRows):
        yield from source.part_columns(rows, folder)
    elif isinstance(source, TableRows):
        for of in rows:
            yield source.arrow_columns(of), source.nested_columns(of)
    else:
        yield from [(None, None)] * len(parts)


def _held_nested(tl: Timeline) -> dict[str, Any] | None:
    """The nested columns of a timeline held as columns, read
    from them (no event made: :meth:`nested_columns` of its rows); ``None`` for a timeline
    of events, or when its rows cannot give them so."""
    events = tl.events
    if not isinstance(events, EventColumns) or not events:
        return None
    source = events.source
    return source.nested_columns(events.rows) if isinstance(source, TableRows) else None


def nested_arrays(pa: Any, events: Iterable[Event]) -> dict[str, Any]:
    """The nested columns of ``events`` (Arrow arrays by name), from each event's plain data
    (:func:`timeline.codec.nested_to_data`: its date not read)."""
    nested: dict[str, list[Any]] = {name: [] for name in _NESTED}
    for event in events:
        data = nested_to_data(event)
        for name in _NESTED:
            value = data.get(name)
            if name == "figures" and value is not None:
                value = [
                    {"name": k, "integer": v, "number": None}
                    if isinstance(v, int)
                    else {"name": k, "integer": None, "number": v}
                    for k, v in value.items()
                ]
            nested[name].append(value)
    types = nested_types(pa)
    from timeline._arrow_numpy import from_python  # (numpy; pyarrow.array imports pandas)

    return {name: from_python(pa, nested[name], types[name]) for name in _NESTED}


def dump(tl: Timeline, path: str | os.PathLike[str], *, force: bool = False) -> None:
    """Write ``tl`` to ``path`` as Parquet (zstd), atomically as :func:`timeline.dump` does."""
    name = os.fspath(path)
    try:
        pa = _need("pyarrow", "arrow", "writing Parquet")
    except ImportError as exc:
        raise TimelineError(f"{name}: cannot write: {exc}") from None
    pq = _need("pyarrow.parquet", "arrow", "writing Parquet")
    folder = os.path.dirname(os.path.realpath(name))  # (a spill beside the file written)

    def write(file: BinaryIO) -> None:  # (into the temporary file, a row group at a time)
        writer: Any = None
        try:
            for table in _row_groups(tl, folder):
                if writer is None:
                    writer = pq.ParquetWriter(
                        pa.PythonFile(file, mode="w"), table.schema, compression="zstd"
                    )
                elif table.schema != writer.schema:  # (a part of other types: as the first)
                    table = table.cast(writer.schema)
                writer.write_table(table, row_group_size=GROUP_ROWS)
        finally:
            if writer is not None:
                writer.close()

    atomic_write(path, write, force=force)


# -- reading ---------------------------------------------------------------------------


def load(path: str | os.PathLike[str], *, phased: bool = False) -> Timeline:
    """Read and check the timeline of the Parquet file at ``path``.

    Raises :class:`~timeline.errors.TimelineLoadError` when the file cannot be
    read, is not Parquet, lacks a required column (``id``, ``title``, ``when``),
    has a column of the wrong type or an unknown one, a value that breaks a rule
    of the format, or a derived column that disagrees with ``when``; each
    problem names the file, the row and the column.

    ``phased=True`` returns once the keys are read and checked (the columns, the ids,
    titles, dates and the columns derived from them, statuses, tags and the header): the
    summaries and the nested tables (places, people, citations, figures, links) are read
    and checked by :func:`complete` (``timeline.complete(tl)``), which raises their
    problems as this function would; until then the timeline answers from its keys
    (``len``, ``tl.ids``, titles, dates, ``between``'s positions, tags, statuses) and the
    first event made completes it (see docs/format.md, "A phased load").  A file that the
    columns cannot take is read whole at once, as without ``phased``.
    """
    name = os.fspath(path)
    pa = _pyarrow(name, "reading Parquet")
    pq = _need("pyarrow.parquet", "arrow", "reading Parquet")
    _need("pyarrow.compute", "arrow", "reading Parquet")  # (read_table imported it)
    try:
        handle = open_regular(name)
    except OSError as exc:
        raise _unreadable(name, exc) from None
    try:  # (the file stays open while its timeline reads rows back: parquet_source)
        source = FileSource(name, pa, pq, handle)
    except BaseException as exc:
        handle.close()
        if isinstance(exc, OSError | pa.ArrowException | ValueError):
            raise _unreadable(name, exc) from None
        raise
    reader = _Reader(name, pa, None, source=source)
    try:
        # The header (its sources' dates parsed: Python) is decoded while Arrow's threads
        # read the held columns (0.3 s of 2 s at 1M events).
        # (and, a load not phased, the other held columns read beside the dates' checks)
        keys_only = phased or source.rest_beside
        _, head = _threads.both(lambda: source.read_held(keys_only=keys_only), reader.decoded_head)
        tl = reader.timeline(phased=phased, head=head)
    except BaseException:
        source.close()
        raise
    if not phased or is_complete(tl):  # (else the file stays open for the second phase)
        source.checked()
    return tl


def _unreadable(name: str, exc: BaseException) -> TimelineLoadError:
    """The error of a file that cannot be read (``exc``: an OS error, or Arrow's)."""
    if isinstance(exc, OSError):
        return TimelineLoadError([Problem(f"cannot read: {cannot_read(exc, name)}", file=name)])
    problem = Problem(f"not a Parquet file ({_first_line(exc)})", file=name)
    return TimelineLoadError([problem])


def check_columns(name: str, table: pyarrow.Table) -> list[Problem]:
    """The problems of ``table``'s columns (missing, unknown, of the wrong type), each naming
    the file ``name`` and the column, as :func:`load` finds them before reading a row."""
    reader = _Reader(name, _pyarrow(name, "reading Parquet"), table)
    reader._check_columns()
    return reader.problems


def from_table(name: str, table: pyarrow.Table, *, header: Timeline | None = None) -> Timeline:
    """The timeline of an Arrow ``table`` in the file's layout, checked as :func:`load` checks
    a file's (problems name ``name``, the row and the column; the header is the table's
    metadata, or ``header``, one checked before: a timeline without events): the reading of
    a file, for tables assembled from several (a dataset)."""
    return _Reader(name, _pyarrow(name, "reading Parquet"), table, header).timeline()


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().split("\n", 1)[0] or type(exc).__name__)[:200]


class _Reader:
    """Checks a table's columns, then reads its rows through the codec's decoder (the
    table in memory, or a file's :class:`~timeline.parquet_source.FileSource`, read whole
    only when the rows are read one by one)."""

    def __init__(
        self,
        name: str,
        pa: Any,
        table: pyarrow.Table | None,
        header: Timeline | None = None,
        source: FileSource | None = None,
    ) -> None:
        self.name = name
        self.pa = pa
        self.header = header
        self.source = source
        if table is None:
            assert source is not None
            self.schema = source.schema
        else:
            self.schema = table.schema
        self._table = table
        self.problems: list[Problem] = []

    @property
    def table(self) -> pyarrow.Table:
        """The whole table (a file's read now: the rows read one by one)."""
        if self._table is None:
            assert self.source is not None
            try:
                self._table = self.source.read_all()
            except (OSError, self.pa.ArrowException, ValueError) as exc:
                raise _unreadable(self.name, exc) from None
            self.source.close()
        return self._table

    def _problem(self, message: str, *, field: str | None = None, row: int | None = None) -> None:
        self.problems.append(Problem(message, file=self.name, field=field, row=row))

    def timeline(
        self, *, as_columns: bool = True, phased: bool = False, head: Timeline | None = None
    ) -> Timeline:
        """The timeline of the table: its events as columns (:mod:`timeline.parquet_columns`)
        when every value passes (``phased``: every key; the rest when completed); else (or
        without ``as_columns``) read row by row through the decoder, which names every
        problem. ``head``: the header decoded before (:meth:`decoded_head`), if it was."""
        self._check_columns()
        if self.problems:
            raise TimelineLoadError(self.problems)
        header = self.header if head is None else head
        top = self._head() if header is None else header
        if as_columns:
            given = self.source if self._table is None else self._table
            assert given is not None
            later = (lambda: self._row_by_row(top)) if phased else None
            fast = columnar(self.name, self.pa, given, top, phased=later)
            if fast is not None:
                return fast
        return self._row_by_row(top)

    def decoded_head(self) -> Timeline | None:
        """The header from the metadata, decoded and checked (a timeline without events);
        ``None`` when it is refused (:meth:`timeline` then names its problems, in turn)."""
        decoder = Decoder(self.name)
        try:
            decoder.top(self._head())
            return decoder.finish()
        except TimelineLoadError:
            return None

    def _row_by_row(self, head: dict[str, Any] | Timeline) -> Timeline:
        """The timeline of the table read row by row (it raises every problem, named)."""
        rows = self._rows()
        decoder = Decoder(self.name, _row_of)
        decoder.top(head)
        decoder.add_events(list(enumerate(rows)))
        try:
            tl = decoder.finish()
        except TimelineLoadError as exc:
            raise TimelineLoadError(
                self.problems + [_as_row(p) for p in exc.problems],
                found=None if exc.complete else exc.found + len(self.problems),
            ) from None
        if not self.problems:
            self._check_derived(tl)
        if self.problems:
            found = len(self.problems)
            raise TimelineLoadError(
                self.problems[:MAX_PROBLEMS], found=None if found <= MAX_PROBLEMS else found
            )
        return tl

    # -- the columns -------------------------------------------------------------------

    def _check_columns(self) -> None:
        schema = self.schema
        present = set(schema.names)
        known = set(COLUMNS_PARQUET)
        for column in _REQUIRED:
            if column not in present:
                self._problem("missing column (required)", field=column)
        for column in schema.names:
            if column not in known:
                close = difflib.get_close_matches(column, COLUMNS_PARQUET, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                self._problem(f"unknown column{hint}", field=column)
        expected = self._expected_types()
        for column in schema.names:
            if column in expected:
                actual = schema.field(column).type
                if not _same_kind(self.pa, actual, expected[column]):
                    self._problem(
                        f"expected a column of {expected[column]}, found {actual}", field=column
                    )
        if len(schema.names) != len(present):
            self._problem("a column name appears more than once")

    def _expected_types(self) -> dict[str, Any]:
        pa = self.pa
        text = pa.string()
        types: dict[str, Any] = dict.fromkeys(
            ("id", "title", "status", "when", "tz", "precision", "summary"), text
        )
        types.update(
            uncertain=pa.bool_(),
            approximate=pa.bool_(),
            earliest_day=pa.date32(),
            latest_day=pa.date32(),
            earliest=pa.timestamp("s", tz="UTC"),
            latest=pa.timestamp("s", tz="UTC"),
            tags=pa.list_(text),
        )
        types.update(nested_types(pa))
        return types

    def _head(self) -> dict[str, Any]:
        """The header from the metadata; a file without one is titled by its name."""
        metadata = self.schema.metadata or {}
        raw = metadata.get(METADATA_KEY)
        if raw is None:
            stem = os.path.splitext(os.path.basename(self.name))[0]
            return {"title": stem or "Untitled"}
        try:
            head = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            message = f"the header (metadata 'timeline') is not JSON: {exc}"
            raise TimelineLoadError([Problem(message, file=self.name)]) from None
        if not isinstance(head, dict):
            message = "the header (metadata 'timeline') is not a JSON object"
            raise TimelineLoadError([Problem(message, file=self.name)])
        return head

    def _rows(self) -> list[dict[str, Any]]:
        """Each row's plain data, as the TOML loader gets an event's table (no nulls)."""
        columns = [c for c in _DATA_COLUMNS if c in self.schema.names]
        values = {c: self.table.column(c).to_pylist() for c in columns}
        rows: list[dict[str, Any]] = []
        for r in range(self.table.num_rows):
            row: dict[str, Any] = {}
            for column in columns:
                value = values[column][r]
                if value is None or (type(value) is list and not value):
                    continue
                if column in _NESTED:
                    value = [_given(item) for item in value]
                    if column == "figures":
                        value = self._figures(value, r)
                row[column] = value
            rows.append(row)
        return rows

    def _figures(self, items: list[dict[str, Any]], row: int) -> dict[str, Any]:
        figures: dict[Any, Any] = {}
        for j, item in enumerate(items):
            name, integer, number = item.get("name"), item.get("integer"), item.get("number")
            if (integer is None) == (number is None):
                self._problem("give one of 'integer' and 'number'", field=f"figures[{j}]", row=row)
            elif name in figures:
                self._problem(f"the figure {name!r} is given twice", field=f"figures[{j}]", row=row)
            else:
                figures[name] = integer if number is None else number
        return figures

    # -- what is derived from `when` ---------------------------------------------------

    def _check_derived(self, tl: Timeline) -> None:
        """The bounds, precision and flags given in the file agree with ``when``."""
        names = self.schema.names
        columns = [c for c in DERIVED if c in names]
        if not columns:
            return
        expected = _derived(tl)
        for name in ("earliest_day", "latest_day"):  # null where date32 cannot hold the day
            expected[name] = date32_days(expected[name])
        ids = self.table.column("id").to_pylist()
        in_order = ids == [e.id for e in tl.events]  # (as written: compared whole, at C speed)
        rows = {event_id: r for r, event_id in enumerate(ids)}
        for column in columns:
            given = self._plain(column)
            if given is None or (in_order and given == expected[column]):
                continue
            for k, event in enumerate(tl.events):
                r = rows[event.id]
                want = expected[column][k]
                if given[r] != want:
                    self._problem(
                        f"{_shown(column, given[r])} disagrees with when {event.when.edtf!r}"
                        f" ({_shown(column, want)})",
                        field=column,
                        row=r,
                    )
                    if len(self.problems) > MAX_PROBLEMS:
                        return

    def _plain(self, column: str) -> list[Any] | None:
        """A derived column's values as :func:`timeline.tables._columns` has them (days and
        seconds since 1970); ``None`` (and a problem) for instants not in whole seconds."""
        array = self.table.column(column)
        pa = self.pa
        try:
            if column in ("earliest_day", "latest_day"):
                array = array.cast(pa.date32()).cast(pa.int32())
            elif column in ("earliest", "latest"):
                array = array.cast(pa.timestamp("s", tz="UTC")).cast(pa.int64())
        except pa.ArrowInvalid as exc:
            self._problem(f"cannot be read in whole seconds or days ({_first_line(exc)})",
                          field=column)  # fmt: skip
            return None
        values: list[Any] = array.to_pylist()
        return values


def _row_of(path: _Path) -> int | None:
    """The decoder's path to a row (``("events", 3, ...)``), as a 1-based "line"."""
    if len(path) > 1 and path[0] == "events" and isinstance(path[1], int):
        return path[1] + 1
    return None


def _as_row(problem: Problem) -> Problem:
    """A decoder's problem with its row (the decoder counts rows as lines, from 1)."""
    row = None if problem.line is None else problem.line - 1
    return Problem(problem.message, file=problem.file, event=problem.event, field=problem.field,
                   row=row)  # fmt: skip


def _given(item: object) -> object:
    """A struct's fields without the null ones (a TOML table has no key for those)."""
    if type(item) is dict:
        return {k: v for k, v in item.items() if v is not None}
    return item


def _shown(column: str, value: object) -> str:
    """A derived value as a person reads it: a day, an instant, a flag."""
    if value is None:
        return f"{column} null"
    if column in ("earliest_day", "latest_day") and isinstance(value, int):
        import datetime as dt

        return f"{column} {dt.date(1970, 1, 1) + dt.timedelta(days=value)}"
    if column in ("earliest", "latest") and isinstance(value, int):
        import datetime as dt

        instant = dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=value)
        return f"{column} {instant.isoformat().replace('+00:00', 'Z')}"
    return f"{column} {value!r}"


def _same_kind(pa: Any, actual: Any, expected: Any) -> bool:
    """True when a column of type ``actual`` reads as ``expected``: the same type, or a
    string of another layout (large, view, dictionary-encoded), or a bound of another
    unit; a struct's fields in any order, with no unknown ones (a missing one is null)."""
    types = pa.types
    if actual.equals(expected):
        return True
    if types.is_dictionary(actual):
        return _same_kind(pa, actual.value_type, expected)
    if types.is_string(expected):
        return bool(
            types.is_string(actual) or types.is_large_string(actual) or _is_view(pa, actual)
        )
    if types.is_timestamp(expected):
        return bool(types.is_timestamp(actual) and actual.tz in ("UTC", "+00:00", "Etc/UTC"))
    if types.is_date(expected):
        return bool(types.is_date(actual))
    if types.is_floating(expected):
        return bool(types.is_floating(actual) or types.is_integer(actual))
    if types.is_integer(expected):
        return bool(types.is_integer(actual))
    if types.is_list(expected):
        return bool(
            (types.is_list(actual) or types.is_large_list(actual))
            and _same_kind(pa, actual.value_type, expected.value_type)
        )
    if types.is_struct(expected):
        if not types.is_struct(actual):
            return False
        wanted = {
            expected.field(i).name: expected.field(i).type for i in range(expected.num_fields)
        }
        for i in range(actual.num_fields):
            field = actual.field(i)
            if field.name not in wanted or not _same_kind(pa, field.type, wanted[field.name]):
                return False
        return True
    return False


def _is_view(pa: Any, actual: Any) -> bool:
    check = getattr(pa.types, "is_string_view", None)
    return bool(check is not None and check(actual))
