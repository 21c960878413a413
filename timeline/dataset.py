"""Partitioned Parquet datasets: a timeline as a folder of Parquet files partitioned by year.

The layout is the one Spark, DuckDB and Polars write (hive partitioning), so a
dataset can be made by any of them (``docs/format.md``, "Datasets")::

    events/
      _timeline.json                   the header (title, sources, eras), optional
      year=2016/part-0.parquet         the events that start in 2016
      year=2017/part-0.parquet
      year=__HIVE_DEFAULT_PARTITION__/part-0.parquet   events with no first day

Each file has the columns of a timeline's Parquet file (:mod:`timeline.parquet_io`),
``earliest_day`` and ``latest_day`` included (a dataset's files need them: their
statistics place each file in time); the partition columns (``year``, and
``month`` below it) are in the folder names and may be in the files too.  **An
event belongs to the partition of the year (and month) of its** ``earliest_day``,
even when it spans years; a query for a window finds the spans that began in
earlier partitions by each file's largest ``latest_day``, read from the file's
footer with its row count (:meth:`Dataset.open` reads no rows).

:meth:`Dataset.density` counts events from those statistics alone, and
:meth:`Dataset.load` reads the events touching a window (only the row groups
whose statistics touch it, then only the rows whose bounds do), or all of them,
through the Parquet reader's checks: every problem names the file (its partition), the
row in it and the column.  pyarrow is optional, imported only here.

What a dataset has read of its files is kept for all its reads: each file's footer
(read once, by :meth:`Dataset.open`) and the header, decoded and checked once
(:meth:`Dataset.header`).  :meth:`Dataset.reopen` gives the dataset as it is on disk
now, keeping those of the files that have not changed (same inode, size and times).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import shutil
import threading
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs

from timeline._atomic import atomic_write
from timeline._dataset_rest import (
    LinkCache,
    NotRead,
    group_density,
    incoming_links,
    link_pairs,
    read_targets,
)
from timeline._files import cannot_read, open_regular
from timeline.bigdate import civil_from_days
from timeline.codec import MAX_PROBLEMS, Decoder, head_to_data
from timeline.errors import Problem, TimelineError, TimelineLoadError
from timeline.models import Link, Timeline
from timeline.tables import _need

if TYPE_CHECKING:
    import pyarrow

__all__ = [
    "HEADER_FILE",
    "PARTITION_KEYS",
    "Dataset",
    "NotRead",
    "Part",
    "RowGroup",
    "Window",
    "is_dataset",
    "load",
    "write",
    "write_header",
    "year_edges",
]

HEADER_FILE: Final = "_timeline.json"
"""The header's file in the dataset's folder: the JSON object of a Parquet file's
``timeline`` metadata (title, description, tz, sources, eras)."""

PARTITION_KEYS: Final = ("year", "month")
"""The partition keys a dataset may have, outermost first (``month`` only below ``year``)."""

_NULLS: Final = frozenset({"__HIVE_DEFAULT_PARTITION__", "NULL", "null"})
"""The names of a null partition value: Spark's, DuckDB's and pyarrow's first, and others'."""

_BOUNDS: Final = ("earliest_day", "latest_day")
_EPOCH: Final = dt.date(1970, 1, 1)

Signature = tuple[int, int, int, int, int]
"""What tells a file's version on disk: its device, inode, size, and times of change
(nanoseconds), as the viewer tells a changed file."""


def _signature(info: os.stat_result) -> Signature:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def _signature_at(path: str) -> Signature | None:
    """The signature of the file at ``path`` now (``None``: none can be read)."""
    try:
        return _signature(os.stat(path))
    except OSError:
        return None


def is_dataset(path: str | os.PathLike[str]) -> bool:
    """True when ``path`` is a folder that holds a dataset: a :data:`HEADER_FILE`, a
    ``.parquet`` file or a partition folder (``year=...``); :func:`timeline.load` reads it."""
    try:
        with os.scandir(path) as entries:
            return any(
                entry.name == HEADER_FILE
                or entry.name.startswith(f"{PARTITION_KEYS[0]}=")
                or (entry.name.lower().endswith(".parquet") and not entry.name.startswith("."))
                for entry in entries
            )
    except OSError:
        return False


def _pyarrow(name: str) -> tuple[Any, Any]:
    try:
        return _need("pyarrow", "arrow", "reading a dataset"), _need(
            "pyarrow.parquet", "arrow", "reading a dataset"
        )
    except ImportError as exc:
        raise TimelineLoadError([Problem(str(exc), file=name)]) from None


@attrs.frozen
class RowGroup:
    """What a file's footer says of one row group: its rows and the range of its days.

    ``first``/``last_start`` are the least and greatest ``earliest_day`` (days since
    1970), ``last`` the greatest ``latest_day``; ``starts`` counts the rows that have
    an ``earliest_day`` (the others start at no known day). ``-inf``/``inf`` where
    an event has no such day (an open start or end), ``nan`` when the group has none.
    ``first_start`` is the least ``earliest_day`` given (``nan`` when none is).
    """

    rows: int
    starts: int
    first: float
    last_start: float
    last: float
    first_start: float = math.nan

    def touches(self, lo: float, hi: float) -> bool:
        """True when an event of the group may touch the days ``lo`` to ``hi`` (inclusive)."""
        return self.rows > 0 and self.first <= hi and self.last >= lo


@attrs.frozen
class Part:
    """One file of a dataset: where it is, its partition, and its footer's statistics."""

    name: str
    """The file as problems name it: the dataset's folder joined with its path in it."""
    keys: tuple[tuple[str, int | None], ...]
    """The partition (``(("year", 2017),)``; ``None`` for the null partition)."""
    rows: int
    groups: tuple[RowGroup, ...]
    signature: Signature | None = attrs.field(default=None, eq=False)
    """The file's version whose footer was read (``None``: not known)."""
    metadata: Any = attrs.field(default=None, eq=False, repr=False)
    """That footer (pyarrow's ``FileMetaData``): a read of that version of the file parses
    it no more."""
    links: LinkCache = attrs.field(factory=LinkCache, eq=False, repr=False)
    """That version's links (``related``), read when first asked for (:attr:`Window.incoming`)."""

    @property
    def first(self) -> float:
        """The first day of any event in the file (``inf`` when it has none)."""
        return min((g.first for g in self.groups if not math.isnan(g.first)), default=math.inf)

    @property
    def last(self) -> float:
        """The last day of any event in the file (``-inf`` when it has none)."""
        return max((g.last for g in self.groups if not math.isnan(g.last)), default=-math.inf)

    def touches(self, lo: float, hi: float) -> bool:
        """True when an event of the file may touch the days ``lo`` to ``hi`` (inclusive)."""
        return self.rows > 0 and self.first <= hi and self.last >= lo


@attrs.frozen
class Window:
    """A window of a dataset, read (:meth:`Dataset.read`): its timeline, and the links of
    its events to events not read."""

    timeline: Timeline
    outside: Mapping[str, tuple[Link, ...]] = attrs.field(factory=dict)
    """The links (``related``) to events not read, by the id of the event read that has
    them: left out of :attr:`timeline`, which links only the events it holds. (A link to no
    event of the dataset at all is found when the whole of it is read.)"""
    incoming: Mapping[str, int] = attrs.field(factory=dict)
    """How many events not read link (``related``) to an event read, by the id of the event
    read (those with none left out): found from the files' ``related`` column alone."""
    not_read: NotRead = attrs.field(factory=NotRead)
    """The events not read, counted where they start (nothing when the whole is read)."""


class _Header:
    """A dataset's header: its plain data, the version of its file, and the header decoded
    and checked, made once for every read of the dataset (and of those :meth:`Dataset.reopen`
    gives while the file is unchanged)."""

    def __init__(self, name: str, data: dict[str, Any], signature: Signature | None) -> None:
        self.name = name
        self.data = data
        self.signature = signature
        self._lock = threading.Lock()
        self._checked: tuple[Timeline | None] | None = None

    def unchanged(self) -> bool:
        """True when the header's file is the version read (and there is one)."""
        return self.signature is not None and self.signature == _signature_at(self.name)

    def checked(self) -> Timeline | None:
        with self._lock:  # (reads on two workers decode it once)
            if self._checked is None:
                decoder = Decoder(self.name)
                decoder.top(self.data)
                try:
                    self._checked = (decoder.finish(),)
                except TimelineLoadError:
                    self._checked = (None,)
            return self._checked[0]


@attrs.frozen
class Dataset:
    """A partitioned Parquet dataset, opened: its header and its files' statistics.

    :meth:`open` reads the folder and the files' footers, never their rows;
    :meth:`load` reads the rows touching a window.
    """

    folder: str
    head: dict[str, Any] = attrs.field(eq=False)
    """The header's plain data (``{"title": the folder's name}`` without :data:`HEADER_FILE`)."""
    parts: tuple[Part, ...]
    _header: _Header = attrs.field(eq=False, repr=False, kw_only=True)

    @classmethod
    def open(cls, folder: str | os.PathLike[str]) -> Dataset:
        """Discover the files of the dataset in ``folder`` and read their footers.

        Files are the ``*.parquet`` files of the folder and of its partition folders
        (``year=2017``, ``year=2017/month=3``); names that start with ``_`` or ``.``
        are left out, as Spark and pyarrow leave them out (``_SUCCESS``, ``.crc``).
        Raises :class:`~timeline.errors.TimelineLoadError` naming the folder or file.
        """
        return cls._opened(os.fspath(folder), None)

    def reopen(self) -> Dataset:
        """The dataset as it is on disk now (:meth:`open`), keeping what was read of the
        files and header that have not changed since: their footers, the checked header."""
        return self._opened(self.folder, self)

    @classmethod
    def _opened(cls, name: str, before: Dataset | None) -> Dataset:
        pa, pq = _pyarrow(name)
        problems: list[Problem] = []
        found = _discover(name, problems)
        header = _read_head(name, problems, None if before is None else before._header)
        known = {} if before is None else {p.name: p for p in before.parts}
        parts: list[Part] = []
        for path, keys in found:
            part = known.get(path)
            if part is None or part.keys != keys or part.signature != _signature_at(path):
                part = _footer(pa, pq, path, keys, problems)
            if part is not None:
                parts.append(part)
        if problems:
            raise TimelineLoadError(problems[:MAX_PROBLEMS], found=_found(problems))
        return cls(name, header.data, tuple(parts), header=header)

    def header(self) -> Timeline | None:
        """The header (title, description, zone, sources, eras) as a timeline without
        events, decoded and checked once for all the reads of the dataset; ``None`` when it
        has a problem (each read then names it, with those of the rows read)."""
        return self._header.checked()

    @property
    def title(self) -> str:
        title = self.head.get("title")
        return title if isinstance(title, str) else ""

    @property
    def rows(self) -> int:
        """The events of the whole dataset (from the footers)."""
        return sum(p.rows for p in self.parts)

    def span(self) -> tuple[float, float]:
        """The first and last day (since 1970) of any event; ``(nan, nan)`` when unknown."""
        groups = [g for p in self.parts for g in p.groups]
        firsts = [d for g in groups for d in (g.first, g.last_start) if math.isfinite(d)]
        lasts = [d for g in groups for d in (g.last_start, g.last) if math.isfinite(d)]
        if not firsts or not lasts:
            return math.nan, math.nan
        return min(firsts), max(lasts)

    def touching(self, lo: float, hi: float) -> tuple[Part, ...]:
        """The files with events that may touch the days ``lo`` to ``hi`` (inclusive)."""
        return tuple(p for p in self.parts if p.touches(lo, hi))

    def rows_touching(self, lo: float, hi: float) -> int:
        """The most events :meth:`load` reads for the window ``lo`` to ``hi``: the rows of the
        row groups whose statistics touch it (from the footers)."""
        return sum(g.rows for p in self.touching(lo, hi) for g in p.groups if g.touches(lo, hi))

    def density(self, edges: Sequence[float]) -> list[float]:
        """How many events start in each bin between consecutive ``edges`` (days since 1970,
        increasing; a bin holds the days from its edge up to the next), from the footers'
        statistics alone.

        Each row group's events are spread evenly over the days from its first to its
        last start, so the counts are exact for bins that do not cut a row group's days:
        yearly bins (``year_edges``) of a dataset partitioned by year, for one. Events
        with no first day (an open start) are in no bin.
        """
        return group_density((g for p in self.parts for g in p.groups), edges)

    def load(self, window: tuple[float, float] | None = None) -> Timeline:
        """The timeline of the events touching ``window`` (days since 1970, both included;
        ``None``: the whole dataset), read and checked as a Parquet file is.

        Only the row groups whose statistics touch the window are read, and of their
        rows only those whose ``earliest_day`` and ``latest_day`` touch it (a null
        bound is open), before any check: the rows read are checked, the others are
        not. A link (``related``) to an event not read is left out of a window's
        timeline (:meth:`read` gives them); loading the whole dataset checks every link. Raises
        :class:`~timeline.errors.TimelineLoadError`, each problem naming the file, the
        row in it (from 0) and the column; the header's problems name its file.
        """
        return self.read(window).timeline

    def read(self, window: tuple[float, float] | None = None) -> Window:
        """:meth:`load`, with the links of the events read to events not read
        (:attr:`Window.outside`)."""
        return _Loader(self, window).read()

    def locate(self, event_id: str) -> tuple[float, float] | None:
        """The first and last day (since 1970; ``-inf``/``inf`` for an open end) of the event
        ``event_id``, from the ``id``, ``earliest_day`` and ``latest_day`` columns of the files
        (no other column is read, nothing is checked); ``None`` when no file has it: where a
        link to an event not read leads. Raises :class:`~timeline.errors.TimelineLoadError`
        naming a file that cannot be read."""
        pa, pq = _pyarrow(self.folder)
        pc = _need("pyarrow.compute", "arrow", "reading a dataset")
        from timeline._arrow_numpy import scalar  # (numpy; pyarrow.scalar imports pandas)

        for part in self.parts:
            try:
                with open_regular(part.name) as handle:
                    file = _parquet_file(pq, handle, part)
                    if "id" not in file.schema_arrow.names:
                        continue
                    table = file.read(columns=["id", *_BOUNDS])
            except (OSError, pa.ArrowException, ValueError) as exc:
                raise TimelineLoadError([_unreadable(exc, part.name)]) from None
            ids = table.column("id")
            if not pa.types.is_string(ids.type):
                continue
            where = pc.index(ids, scalar(pa, event_id, pa.string())).as_py()
            if where < 0:
                continue
            first, last = (_days(pa, table.column(c))[where].as_py() for c in _BOUNDS)
            return (
                -math.inf if first is None else float(first),
                math.inf if last is None else float(last),
            )
        return None


def year_edges(first: int, last: int) -> list[float]:
    """The days (since 1970) that start the years ``first`` to ``last + 1``: the edges of
    yearly bins for :meth:`Dataset.density` (years 1 to 9998)."""
    return [float((dt.date(y, 1, 1) - _EPOCH).days) for y in range(first, last + 2)]


def load(folder: str | os.PathLike[str]) -> Timeline:
    """The whole timeline of the dataset in ``folder`` (:meth:`Dataset.load`)."""
    return Dataset.open(folder).load()


# -- discovering ---------------------------------------------------------------------


def _discover(folder: str, problems: list[Problem]) -> list[tuple[str, tuple[Any, ...]]]:
    """The dataset's Parquet files with their partition keys, in path order."""
    found: list[tuple[str, tuple[Any, ...]]] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        problems.append(Problem(f"cannot read: {cannot_read(exc, folder)}", file=folder))
        return found
    _walk(folder, entries, (), problems, found)
    # in the partitions' order (year=999 before year=1000), the null partition last
    found.sort(key=lambda f: ([math.inf if v is None else v for _, v in f[1]], f[0]))
    return found


def _walk(
    folder: str,
    entries: Iterable[os.DirEntry[str]],
    keys: tuple[tuple[str, int | None], ...],
    problems: list[Problem],
    found: list[tuple[str, tuple[Any, ...]]],
) -> None:
    for entry in entries:
        if entry.name.startswith(("_", ".")):
            continue
        path = os.path.join(folder, entry.name)
        if entry.is_dir():
            key = _partition(path, entry.name, keys, problems)
            if key is None:
                continue
            try:
                inner = sorted(os.scandir(path), key=lambda e: e.name)
            except OSError as exc:
                problems.append(Problem(f"cannot read: {cannot_read(exc, path)}", file=path))
                continue
            _walk(path, inner, (*keys, key), problems, found)
        elif entry.name.lower().endswith(".parquet"):
            found.append((path, keys))


def _partition(
    path: str, name: str, above: tuple[tuple[str, int | None], ...], problems: list[Problem]
) -> tuple[str, int | None] | None:
    """The partition ``key=value`` a folder's name gives; ``None`` (and a problem) if none."""
    key, sep, text = name.partition("=")
    expected = PARTITION_KEYS[len(above)] if len(above) < len(PARTITION_KEYS) else None
    if not sep or key != expected:
        want = (
            f"a partition folder {expected}=VALUE"
            if expected
            else "no folder below the month's partition"
        )
        problems.append(Problem(f"not a partition folder: expected {want}", file=path))
        return None
    if text in _NULLS:
        return key, None
    try:
        value = int(text)
    except ValueError:
        problems.append(Problem(f"the {key} {text!r} is not a whole number", file=path))
        return None
    if key == "month" and not 1 <= value <= 12:
        problems.append(Problem(f"the month {value} is not 1 to 12", file=path))
        return None
    return key, value


def _read_head(folder: str, problems: list[Problem], before: _Header | None) -> _Header:
    """The dataset's header (``before`` when its file has not changed since)."""
    path = os.path.join(folder, HEADER_FILE)
    if before is not None and before.unchanged():
        return before
    try:
        with open_regular(path) as handle:
            signature = _signature(os.fstat(handle.fileno()))
            raw = handle.read()
    except FileNotFoundError:
        title = os.path.basename(os.path.normpath(folder)) or "Untitled"
        return _Header(path, {"title": title}, None)
    except OSError as exc:
        problems.append(Problem(f"cannot read: {cannot_read(exc, path)}", file=path))
        return _Header(path, {}, None)
    try:
        head = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        problems.append(Problem(f"not a JSON object: {exc}", file=path))
        return _Header(path, {}, None)
    if not isinstance(head, dict):
        problems.append(Problem("not a JSON object", file=path))
        return _Header(path, {}, None)
    return _Header(path, head, signature)


def _footer(
    pa: Any, pq: Any, path: str, keys: tuple[Any, ...], problems: list[Problem]
) -> Part | None:
    """The file's partition and statistics, from its footer (no row is read)."""
    try:
        with open_regular(path) as handle:
            signature = _signature(os.fstat(handle.fileno()))
            metadata = pq.ParquetFile(handle).metadata
    except (OSError, pa.ArrowException, ValueError) as exc:
        problems.append(_unreadable(exc, path))
        return None
    names = [metadata.schema.column(i).path for i in range(metadata.num_columns)]
    missing = [c for c in _BOUNDS if c not in names]
    for column in missing:
        problems.append(
            Problem(
                "missing column (a dataset's files need it: its statistics place the file in time)",
                file=path,
                field=column,
            )
        )
    if missing:
        return None
    where = [names.index(c) for c in _BOUNDS]
    groups = tuple(_group(metadata.row_group(i), where) for i in range(metadata.num_row_groups))
    return Part(path, keys, metadata.num_rows, groups, signature, metadata)


def _parquet_file(pq: Any, handle: Any, part: Part) -> Any:
    """The Parquet file open in ``handle``, its footer the one read before when the file is
    that version still."""
    same = part.metadata is not None and part.signature == _signature(os.fstat(handle.fileno()))
    return pq.ParquetFile(handle, metadata=part.metadata if same else None)


def _group(group: Any, where: list[int]) -> RowGroup:
    rows = group.num_rows
    first, last_start, starts, given = _range(group.column(where[0]).statistics, rows, -math.inf)
    _, last, _, _ = _range(group.column(where[1]).statistics, rows, math.inf)
    if last == -math.inf:  # (every latest_day null: each event's end is open)
        last = math.inf
    return RowGroup(rows, starts, first, last_start, last, given)


def _range(stats: Any, rows: int, open_end: float) -> tuple[float, float, int, float]:
    """The least and greatest value of a day column's row group (a null stands for
    ``open_end``), its non-null values and the least of them. Without statistics: every
    day possible."""
    if stats is None or not stats.has_min_max or stats.physical_type != "INT32":
        if rows == 0:
            return math.nan, math.nan, 0, math.nan
        return -math.inf, math.inf, 0, math.nan
    nulls = stats.null_count if stats.has_null_count else rows
    lo, hi = float(stats.min_raw), float(stats.max_raw)
    given = lo
    if nulls:
        lo, hi = (open_end, hi) if open_end < 0 else (lo, open_end)
    return lo, hi, rows - nulls, given


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().split("\n", 1)[0] or type(exc).__name__)[:200]


def _found(problems: list[Problem]) -> int | None:
    return None if len(problems) <= MAX_PROBLEMS else len(problems)


# -- reading -------------------------------------------------------------------------


class _Loader:
    """Reads the events of a window of a dataset into one timeline, problems named by file
    and by row in it."""

    def __init__(self, dataset: Dataset, window: tuple[float, float] | None) -> None:
        self.dataset = dataset
        self.window = window
        self.parts = dataset.parts if window is None else dataset.touching(*window)
        self.pa, self.pq = _pyarrow(dataset.folder)
        self.problems: list[Problem] = []
        self.rows: list[pyarrow.Array | None] = []
        """For each file read, the row in the file of each row read (``None``: every row)."""
        self.left: list[RowGroup] = []
        """The row groups not read (of the files read and of the others)."""
        if window is not None:
            self.left.extend(g for p in dataset.parts if not p.touches(*window) for g in p.groups)
        self.dropped: list[pyarrow.Array] = []
        """The first days (``int32``) of the rows of the groups read left out of the window."""

    def read(self) -> Window:
        from timeline import parquet_io
        from timeline._arrow_numpy import strings  # (numpy; pyarrow.array imports pandas)

        pa = self.pa
        tables = [self._read(part) for part in self.parts]
        if self.problems:
            self._raise()
        good = [t for t in tables if t is not None]
        if good:
            try:
                table = pa.concat_tables(good, promote_options="permissive")
            except (pa.ArrowException, ValueError) as exc:
                message = f"the files' columns do not agree ({_first_line(exc)})"
                raise TimelineLoadError([Problem(message, file=self.dataset.folder)]) from None
        else:
            table = pa.table({c: strings(pa, []) for c in ("id", "title", "when")})
        whole = len(self.parts) == len(self.dataset.parts) and all(r is None for r in self.rows)
        outside: dict[str, list[Any]] = {}
        if not whole:
            table, outside = _without_outside_links(pa, table)
        header = self.dataset.header()
        if header is None:  # (its problems named with the rows', as a file's are)
            head = json.dumps(self.dataset.head, ensure_ascii=False).encode("utf-8")
            table = table.replace_schema_metadata({parquet_io.METADATA_KEY: head})
        name = os.path.join(self.dataset.folder, HEADER_FILE)
        try:
            tl = parquet_io.from_table(name, table, header=header)
        except TimelineLoadError as exc:
            offsets = [0]
            for t in good:
                offsets.append(offsets[-1] + t.num_rows)
            files = _Rows(offsets, self.parts, self.rows)
            named = [files.named(p) for p in exc.problems]
            raise TimelineLoadError(named, found=None if exc.complete else exc.found) from None
        links = {e: links for e, given in outside.items() if (links := _links(given))}
        if whole:
            return Window(tl, links)
        not_read = NotRead.of(pa, self.dataset.rows - len(tl), self.left, self.dropped)
        return Window(tl, links, self._incoming(table.column("id")), not_read)

    def _incoming(self, ids: pyarrow.ChunkedArray) -> Mapping[str, int]:
        """How many events not read link to each event read (:attr:`Window.incoming`)."""
        read = {part.name: rows for part, rows in zip(self.parts, self.rows, strict=False)}
        files = []
        for part in self.dataset.parts:
            if part.name in read and read[part.name] is None:
                continue  # (every row of it read)
            pairs = self._link_pairs(part)
            if pairs is not None:
                files.append((pairs, read.get(part.name)))
        return incoming_links(self.pa, files, ids)

    def _link_pairs(self, part: Part) -> tuple[Any, Any] | None:
        """The file's links (:class:`~timeline._dataset_rest.LinkCache`), kept with its part
        while the file is the version its footer was read from; ``None`` when it cannot be
        read (its links are not counted: its rows are read, and its problems named, when a
        window holds them)."""
        kept = part.links.pairs
        if kept is not None and part.signature == _signature_at(part.name):
            return kept
        try:
            with open_regular(part.name) as handle:
                same = part.signature == _signature(os.fstat(handle.fileno()))
                pairs = link_pairs(read_targets(self.pq, handle, part.metadata if same else None))
        except (OSError, self.pa.ArrowException, ValueError):
            return None
        if same:
            part.links.pairs = pairs  # (two reads at once store the same)
        return pairs

    def _raise(self) -> None:
        raise TimelineLoadError(self.problems[:MAX_PROBLEMS], found=_found(self.problems))

    def _read(self, part: Part) -> pyarrow.Table | None:
        from timeline import parquet_io

        pa, pq = self.pa, self.pq
        try:
            with open_regular(part.name) as handle:
                table, rows = self._groups(_parquet_file(pq, handle, part), part)
        except (OSError, pa.ArrowException, ValueError) as exc:
            self.problems.append(_unreadable(exc, part.name))
            return None
        keys = [k for k in PARTITION_KEYS if k in table.schema.names]
        table = table.drop_columns(keys).replace_schema_metadata(None)
        found = parquet_io.check_columns(part.name, table)
        if found:
            self.problems.extend(found)
            return None
        table, rows = self._touching(table, rows)
        self.rows.append(rows)
        self._check_partition(part, table, rows)
        return table

    def _groups(self, file: Any, part: Part) -> tuple[pyarrow.Table, pyarrow.Array | None]:
        """The row groups of ``file`` whose statistics touch the window (every one: ``None``
        rows), and the row in the file of each row read."""
        window = self.window
        groups = part.groups
        if window is None or file.metadata.num_row_groups != len(groups):
            return file.read(), None  # (a file changed since its footer was read: all of it)
        chosen = [i for i, g in enumerate(groups) if g.touches(*window)]
        if len(chosen) == len(groups):
            return file.read(), None
        self.left.extend(g for i, g in enumerate(groups) if i not in chosen)
        from timeline._arrow_numpy import int64s  # (numpy; pyarrow.array imports pandas)

        starts = [0]
        for g in groups:
            starts.append(starts[-1] + g.rows)
        rows = [r for i in chosen for r in range(starts[i], starts[i + 1])]
        return file.read_row_groups(chosen), int64s(self.pa, rows)

    def _touching(
        self, table: pyarrow.Table, rows: pyarrow.Array | None
    ) -> tuple[pyarrow.Table, pyarrow.Array | None]:
        """The rows of ``table`` whose bounds touch the window (a null bound is open), and
        the row in the file of each (``None``: every row of the file, in order)."""
        if self.window is None:
            return table, rows
        from timeline._arrow_numpy import scalar  # (numpy; pyarrow.scalar imports pandas)

        pa = self.pa
        pc = _need("pyarrow.compute", "arrow", "reading a dataset")
        lo, hi = (scalar(pa, float(d), pa.float64()) for d in self.window)
        first, last = (_days(pa, table.column(c)) for c in _BOUNDS)
        yes = scalar(pa, True, pa.bool_())
        keep = pc.and_kleene(
            pc.fill_null(pc.less_equal(first, hi), yes),
            pc.fill_null(pc.greater_equal(last, lo), yes),
        )
        if pc.all(keep).as_py() is not False:
            return table, rows
        self.dropped.extend(first.filter(pc.invert(keep)).chunks)
        kept = pc.indices_nonzero(keep).cast(pa.int64()) if rows is None else rows.filter(keep)
        return table.filter(keep), kept

    def _check_partition(
        self, part: Part, table: pyarrow.Table, rows: pyarrow.Array | None
    ) -> None:
        """Each event is in the partition of its ``earliest_day``'s year (and month)."""
        if not part.keys:
            return
        from timeline._arrow_numpy import from_numpy, scalar  # (numpy: not pyarrow's, pandas)

        pc = _need("pyarrow.compute", "arrow", "reading a dataset")
        days = table.column("earliest_day")
        if not self.pa.types.is_date(days.type):
            return  # (its type is the column check's problem)
        days = days.cast(self.pa.date32())
        for key, value in part.keys:
            have = _calendar(self.pa, pc, days, key)
            if value is None:
                wrong = pc.is_valid(days)
            elif not -(2**63) <= value < 2**63:  # (no day's year or month is that)
                wrong = from_numpy(self.pa, [True] * len(days), self.pa.bool_())
            else:
                differ = pc.not_equal(have, scalar(self.pa, value, have.type))
                wrong = pc.fill_null(differ, scalar(self.pa, True, self.pa.bool_()))
            if not pc.any(wrong).as_py():
                continue
            values = have.to_pylist()
            raw = days.cast(self.pa.int32()).to_pylist()
            in_file = None if rows is None else rows.to_pylist()
            for r in pc.indices_nonzero(wrong).to_pylist():
                self.problems.append(
                    Problem(
                        f"{_day_text(raw[r])} is not in this partition ({key}="
                        f"{'null' if value is None else value}, its {key} being "
                        f"{'null' if values[r] is None else values[r]}): an event belongs "
                        f"to the partition of its first day",
                        file=part.name,
                        row=r if in_file is None else in_file[r],
                        field="earliest_day",
                    )
                )
                if len(self.problems) > MAX_PROBLEMS:
                    self._raise()
            return


_CALENDAR_SAFE: Final = 4_000_000
"""Days from 1970 (about 10,950 years) within which pyarrow's ``year`` and ``month`` are
right (further on they wrap: checked against :func:`timeline.bigdate.civil_from_days`)."""


def _calendar(pa: Any, pc: Any, days: Any, key: str) -> Any:
    """The ``year`` (or ``month``) of each day of a ``date32`` array, null where it is."""
    ints = days.cast(pa.int32())
    bounds = pc.min_max(ints).as_py()
    if bounds["min"] is None or max(-bounds["min"], bounds["max"]) <= _CALENDAR_SAFE:
        return (pc.year if key == "year" else pc.month)(days)
    from timeline._arrow_numpy import from_python  # (numpy; pyarrow.array imports pandas)

    part = 0 if key == "year" else 1
    values = ints.to_pylist()
    return from_python(
        pa, [None if d is None else civil_from_days(d)[part] for d in values], pa.int64()
    )


def _day_text(day: int | None) -> str:
    if day is None:
        return "earliest_day null"
    try:
        return f"earliest_day {_EPOCH + dt.timedelta(days=day)}"
    except OverflowError:
        return f"earliest_day {day} days from 1970"


_FIRST_AT: Final = re.compile(r"\(first at line (\d+)\)")


@attrs.frozen
class _Rows:
    """Where each row of the table assembled from some files came from: ``offsets`` the
    first row of each file's rows in it, ``rows`` each file's rows read (``None``: all)."""

    offsets: list[int]
    parts: Sequence[Part]
    rows: Sequence[pyarrow.Array | None]

    def where(self, row: int) -> tuple[int, int]:
        """The file (its index in ``parts``) and the row in it of the table's ``row``."""
        k = max(0, bisect_right(self.offsets, row) - 1)
        here = row - self.offsets[k]
        rows = self.rows[k] if k < len(self.rows) else None
        return k, here if rows is None else int(rows[here].as_py())

    def named(self, problem: Problem) -> Problem:
        """A problem of the assembled table, named by the file its row came from (and a
        duplicate's first row, which the reader gives as a line: the row + 1)."""
        if problem.row is None:
            return problem
        k, row = self.where(problem.row)

        def first(m: re.Match[str]) -> str:
            at = int(m[1]) - 1
            if at >= self.offsets[-1]:
                return f"(first at row {at})"
            j, in_file = self.where(at)
            return f"(first at {self.parts[j].name} row {in_file})"

        message = _FIRST_AT.sub(first, problem.message)
        return attrs.evolve(problem, file=self.parts[k].name, row=row, message=message)


def _days(pa: Any, column: Any) -> Any:
    """A ``date32`` column's days since 1970 (``int32``)."""
    return column.cast(pa.date32()).cast(pa.int32())


def _without_outside_links(
    pa: Any, table: pyarrow.Table
) -> tuple[pyarrow.Table, dict[str, list[Any]]]:
    """``table`` without the links (``related``) to events that are not in it, and those
    links (as given), by the id of the event that has them."""
    if "related" not in table.schema.names or table.column("related").null_count == len(table):
        return table, {}
    column = table.column("related")
    own = table.column("id").to_pylist()
    ids = set(own)
    values = column.to_pylist()
    keep: list[bool] = []  # (for each link, in order)
    outside: dict[str, list[Any]] = {}
    for event_id, links in zip(own, values, strict=True):
        if links is None:
            continue
        inside = [type(x) is not dict or x.get("event") in ids for x in links]
        keep.extend(inside)
        if not all(inside) and isinstance(event_id, str):
            outside[event_id] = [x for x in links if type(x) is dict and x.get("event") not in ids]
    if not outside:
        return table, {}
    from timeline._arrow_numpy import kept_items  # (numpy; pyarrow.array imports pandas)

    where = table.schema.get_field_index("related")
    return table.set_column(where, "related", kept_items(pa, column, keep)), outside


def _links(given: list[Any]) -> tuple[Link, ...]:
    """The links among ``given`` (a ``related`` column's values) that are good links (the
    others are reported when the event they lead to is read with them)."""
    links: list[Link] = []
    for x in given:
        try:
            links.append(Link(x.get("kind"), x.get("event"), note=x.get("note")))
        except (TimelineError, TypeError, ValueError):
            continue
    return tuple(links)


def _unreadable(exc: BaseException, name: str) -> Problem:
    """The problem of a file that could not be read (``exc``: an OS or Arrow error)."""
    if isinstance(exc, OSError):
        return Problem(f"cannot read: {cannot_read(exc, name)}", file=name)
    return Problem(f"not a Parquet file ({_first_line(exc)})", file=name)


# -- writing -------------------------------------------------------------------------


def write(
    tl: Timeline,
    folder: str | os.PathLike[str],
    *,
    partition_by: Sequence[str] = ("year",),
    rows_per_group: int = 16_384,
) -> None:
    """Write ``tl`` as a dataset in ``folder``, partitioned by ``year`` (or ``year`` and
    ``month``) of each event's ``earliest_day``, with the header in :data:`HEADER_FILE`.

    The events are in the timeline's order, in row groups of at most ``rows_per_group``
    (smaller groups give finer statistics for :meth:`Dataset.density`). The folder must
    not exist or be empty: the dataset is written beside it and renamed into place, so
    a failed write leaves nothing half-written. Raises :class:`TimelineError` naming it.
    """
    name = os.fspath(folder)
    keys = tuple(partition_by)
    if keys not in (("year",), ("year", "month")):
        raise TimelineError(f"{name}: partition by 'year' or by 'year,month', not {keys!r}")
    try:
        pa = _need("pyarrow", "arrow", "writing a dataset")
        ds = _need("pyarrow.dataset", "arrow", "writing a dataset")
        pc = _need("pyarrow.compute", "arrow", "writing a dataset")
    except ImportError as exc:
        raise TimelineError(f"{name}: cannot write: {exc}") from None
    import secrets  # (with hashlib, hmac, random: imported by the first write, not a read)

    from timeline import parquet_io

    if os.path.lexists(name) and not (os.path.isdir(name) and not os.listdir(name)):
        raise TimelineError(f"{name}: exists and is not an empty folder (remove it first)")
    table = parquet_io.to_table(tl).replace_schema_metadata(None)
    days = table.column("earliest_day")
    for key in keys:
        table = table.append_column(key, _calendar(pa, pc, days, key))
    parent = os.path.dirname(os.path.abspath(name))
    staging = os.path.join(parent, f".{os.path.basename(name)}.{secrets.token_hex(6)}.tmp")
    try:
        os.mkdir(staging)
    except OSError as exc:
        raise TimelineError(f"{name}: cannot write: {cannot_read(exc, parent)}") from None
    try:
        ds.write_dataset(
            table,
            staging,
            format="parquet",
            partitioning=ds.partitioning(
                pa.schema([(k, table.schema.field(k).type) for k in keys]), flavor="hive"
            ),
            basename_template="part-{i}.parquet",
            file_options=ds.ParquetFileFormat().make_write_options(compression="zstd"),
            max_rows_per_group=rows_per_group,
            min_rows_per_group=min(rows_per_group, 1024),
            existing_data_behavior="overwrite_or_ignore",
        )
        write_header(tl, staging)
        if os.path.isdir(name):
            os.rmdir(name)
        os.rename(staging, name)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise TimelineError(f"{name}: cannot write: {cannot_read(exc, name)}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write_header(tl: Timeline, folder: str | os.PathLike[str]) -> None:
    """Write ``tl``'s header (title, description, tz, sources, eras) to the dataset in
    ``folder`` as its :data:`HEADER_FILE`, atomically: for datasets whose files another
    tool wrote (a DuckDB ``COPY``, a Spark job)."""
    head = json.dumps(head_to_data(tl), ensure_ascii=False, indent=1) + "\n"
    atomic_write(os.path.join(folder, HEADER_FILE), head.encode("utf-8"))
