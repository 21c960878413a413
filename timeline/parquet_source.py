"""Where the values of a column-backed Parquet timeline are: held, or read back from the file.

A timeline loaded from a Parquet file (:func:`timeline.parquet_io.load`) always
holds the columns it answers from at every moment, read whole: the ids, titles,
statuses, dates (``when``, ``tz``) and tags (:data:`HELD`).  The columns
derived from ``when`` (:data:`DERIVED`) are checked a part at a time as they are
read (:meth:`FileSource.parts`: at most :data:`PART_ROWS` rows decoded at
once) and never held.  The other columns (the summaries and the nested places,
people, citations, figures and links) are held too when they fit in
:data:`HOLD_BYTES` decoded (a million generated events: 270 MB); past that (ten
million: 2.7 GB) they are checked a part at a time like the derived ones and
not kept: when an event is made, its row is read back from the file a row
group at a time (:meth:`FileSource.rows`, the last row groups read kept decoded
within :data:`GROUP_BYTES`; a column asked for alone, as a frame's links, is
read alone), and a text search streams the texts it looks in
(:meth:`FileSource.stream`).

A phased load (:func:`timeline.parquet_io.load` with ``phased=True``) reads only
:data:`HELD` and the derived columns before it returns; the others are read, checked and
held (or streamed, past the budget) by its second phase (:meth:`Source.hold_rest`, then
:meth:`Source.parts` of the rest).  A load that is not phased reads them so too, but at
once, on a thread beside the dates' checks (:attr:`FileSource.rest_beside`).  The file is
read as Arrow's own file where it can be (not through Python's, whose reads take turns),
and the rest by a reader of its own, so that the reads of the parts and the rows read
back under the file's lock do not wait for it.

Such a file stays open as long as the timeline does (one whose columns are all
held is closed after the load, or after a phased load's second phase).  A file
replaced on disk (saved by renaming a new file over it, as :func:`timeline.dump`
and most editors do) leaves the open one as it was, so the timeline still reads
its own rows; a file written over in place (its size or modification time
changed since the load) is refused with a :class:`~timeline.errors.TimelineError`
naming it, never read as if it were the same.

:class:`TableSource` is the same interface over a table in memory (a dataset's
window, :func:`timeline.parquet_io.from_table`): everything held, one part.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from itertools import accumulate
from typing import TYPE_CHECKING, Any, BinaryIO, Final

from timeline._threads import WORKERS
from timeline.errors import TimelineError

if TYPE_CHECKING:
    import pyarrow

__all__ = [
    "BLOCK_ROWS",
    "DERIVED",
    "GROUPS",
    "GROUP_BYTES",
    "HELD",
    "HOLD_BYTES",
    "PART_ROWS",
    "FileSource",
    "Source",
    "TableSource",
]

HELD: Final = ("id", "title", "status", "when", "tz", "tags")
"""The columns a file's timeline always holds whole."""

DERIVED: Final = (
    "precision",
    "uncertain",
    "approximate",
    "earliest_day",
    "latest_day",
    "earliest",
    "latest",
)
"""The columns derived from ``when``: checked a part at a time, never held."""

HOLD_BYTES: Final = 768 << 20
"""The other columns (summaries, nested tables) are held too when they are at most this
big decoded (the file's statistics say): read back from the file they cost a row group's
decoding per event made in another row group."""

PART_ROWS: Final = 131_072
"""The rows of a file checked at a time (their columns not held decoded at once)."""

MIN_PART_ROWS: Final = 16_384
"""The fewest rows of a part (:meth:`FileSource.parts`) but the last, when a file's rows are
shared among a load's threads."""

GROUPS: Final = 32
"""The most row groups read back that are kept decoded (the last used; each for the columns
read: a whole event's, or one column's, :meth:`FileSource.rows`)."""

GROUP_BYTES: Final = 288 << 20
"""What the row groups kept decoded may take (the last used is kept whatever its size): two
whole events' groups of ten million generated events (133 MB each), or the links of all
20 (under 1 MB each)."""

BLOCK_ROWS: Final = 1024
"""The rows whose values are made into Python values at once when one of them is asked for
(:meth:`Source.block`; a block never spans two row groups)."""


def _native_file(pa: Any, handle: BinaryIO) -> Any:
    """The file open as ``handle``, opened again as Arrow's own file, or ``None`` where that
    cannot be done (no table of the process's descriptors, as on Windows).

    Arrow reads its own file with ``pread`` and without Python's lock; a Python file is
    read through its ``seek`` and ``read``, each call taking that lock, so that Arrow's
    threads decoding the columns wait for one another: a million generated events'
    held columns read in 0.43 s instead of 0.68 s.  It is opened through the
    descriptor (``/proc/self/fd/N``), not the path: the same file, whatever is at its
    path now (checked: the same device and inode as ``handle``'s).
    """
    fd = handle.fileno()
    for folder in ("/proc/self/fd", "/dev/fd"):
        try:
            native = pa.OSFile(f"{folder}/{fd}")
        except OSError:  # (Arrow's IO errors are OSErrors)
            continue
        mine, theirs = os.fstat(native.fileno()), os.fstat(fd)
        if (mine.st_dev, mine.st_ino) == (theirs.st_dev, theirs.st_ino):
            return native
        native.close()
    return None


def _close(handle: BinaryIO, native: Any) -> None:
    if native is not None:
        native.close()
    handle.close()


class Source:
    """The columns of a table of events: those held (:attr:`held`, whole), the others read
    a part at a time (:meth:`parts`, for the checks), read back for given rows
    (:meth:`rows`) or streamed (:meth:`stream`, for a search)."""

    names: Sequence[str]
    """Every column of the table."""
    held: pyarrow.Table
    """The columns held whole."""
    num_rows: int
    reads_back: bool = False
    """Whether events made read their rows back from a file (it stays open)."""

    def parts(self, columns: Sequence[str]) -> Iterator[tuple[int, pyarrow.Table]]:
        """The whole table a part at a time: its first row, and the held columns and those
        of ``columns`` of its rows."""
        raise NotImplementedError

    def hold_rest(self) -> None:
        """Read the columns held that a phased load left for later (nothing if none)."""

    def checked(self) -> None:
        """Every column is checked: a file no row is read back from is closed."""

    def rows(self, first: int, count: int, columns: Sequence[str]) -> pyarrow.Table:
        """Columns ``columns`` of rows ``first`` to ``first + count`` (within the table)."""
        raise NotImplementedError

    def block(self, row: int) -> tuple[int, int]:
        """The first row and the row count of the block of ``row`` (:data:`BLOCK_ROWS`)."""
        raise NotImplementedError

    def group(self, row: int) -> tuple[int, int]:
        """The first row and the row count of the row group of ``row``: the rows that
        :meth:`rows` reads at once (one decoding of the file)."""
        raise NotImplementedError

    def stream(
        self,
        columns: Sequence[str],
        window: tuple[int, int] | None = None,
        *,
        part_rows: int | None = None,
    ) -> Iterator[pyarrow.Table]:
        """Columns ``columns`` of every row, a part at a time, in order (none: no row);
        ``window`` ``(first, stop)``: of those rows only (only the row groups that hold
        them are read); ``part_rows``: the most rows of a part read from a file (``None``:
        :data:`PART_ROWS`; the parts of the same columns are alike each time)."""
        raise NotImplementedError

    def decoded(self, row: int, columns: Sequence[str]) -> bool:
        """Whether :meth:`rows` gives ``columns`` of ``row`` without decoding the file
        (held, or its row group kept decoded)."""
        return True

    def holds(self, columns: Sequence[str]) -> bool:
        """Whether ``columns`` are all held (:meth:`stream` gives them in one part, alike
        each time)."""
        return all(c in self.held.schema.names for c in columns)


class TableSource(Source):
    """A table in memory: every column held, one part."""

    def __init__(self, table: pyarrow.Table) -> None:
        self.names = list(table.schema.names)
        self.held = table
        self.num_rows = table.num_rows

    def parts(self, columns: Sequence[str]) -> Iterator[tuple[int, pyarrow.Table]]:
        yield 0, self.held

    def rows(self, first: int, count: int, columns: Sequence[str]) -> pyarrow.Table:
        return self.held.select(list(columns)).slice(first, count)

    def block(self, row: int) -> tuple[int, int]:
        first = row - row % BLOCK_ROWS
        return first, min(BLOCK_ROWS, self.num_rows - first)

    def group(self, row: int) -> tuple[int, int]:
        return 0, self.num_rows

    def stream(
        self,
        columns: Sequence[str],
        window: tuple[int, int] | None = None,
        *,
        part_rows: int | None = None,
    ) -> Iterator[pyarrow.Table]:
        first, stop = (0, self.num_rows) if window is None else window  # (held: one part)
        if stop > first:
            yield self.held.select(list(columns)).slice(first, stop - first)


class FileSource(Source):
    """A Parquet file kept open: :data:`HELD` read whole, the rest checked a part at a
    time and read back from the file when asked for (see the module's notes)."""

    def __init__(self, name: str, pa: Any, pq: Any, handle: BinaryIO) -> None:
        self.name = name
        self._pa = pa
        self._handle = handle
        stat = os.fstat(handle.fileno())
        self._stamp = (stat.st_size, stat.st_mtime_ns)
        self._lock = threading.Lock()
        native = _native_file(pa, handle)
        self._finalizer = weakref.finalize(self, _close, handle, native)
        # (not pre-buffered: a pre-buffered reader keeps the raw column chunks of every row
        # group it has read for as long as it is open, and this one stays open: at ten
        # million events 0.7 GB of compressed bytes, kept for nothing once decoded)
        self.file = pq.ParquetFile(handle if native is None else native, pre_buffer=False)
        self._native = native
        self._pq = pq
        schema = self.file.schema_arrow
        self.schema = schema
        self.names = list(schema.names)
        self.num_rows = self.file.metadata.num_rows
        rest = [c for c in self.names if c not in HELD and c not in DERIVED]
        held: list[str] = [c for c in HELD if c in self.names]
        if self._decoded_size(rest) <= HOLD_BYTES:
            held += rest
        self._held_names = held
        self._later: list[str] = []
        """The columns to hold that are not read yet (a phased load's second phase)."""
        self._streamed = [c for c in self.names if c not in held]
        self.reads_back = any(c not in DERIVED for c in self._streamed)
        """Whether events made read their rows back from the file (it stays open)."""
        sizes = [self.file.metadata.row_group(g).num_rows for g in range(self.file.num_row_groups)]
        self._starts = [0, *accumulate(sizes)]
        self._groups: OrderedDict[tuple[int, tuple[str, ...]], pyarrow.Table] = OrderedDict()
        self.held = pa.table({})

    def _decoded_size(self, columns: Sequence[str]) -> int:
        """The decoded size of ``columns`` by the file's statistics (an estimate)."""
        meta = self.file.metadata
        wanted = set(columns)
        size = 0
        for g in range(meta.num_row_groups):
            group = meta.row_group(g)
            for i in range(group.num_columns):
                chunk = group.column(i)
                if chunk.path_in_schema.split(".", 1)[0] in wanted:
                    size += chunk.total_uncompressed_size
        return size

    @property
    def rest_beside(self) -> bool:
        """Whether the columns held beyond :data:`HELD` are best read by :meth:`hold_rest`
        while the dates are checked (a reader of their own, on Arrow's own file)."""
        return self._native is not None

    def read_held(self, *, keys_only: bool = False) -> None:
        """Read the held columns whole (the load's first step; ``keys_only``: only
        :data:`HELD`, the others by :meth:`hold_rest`: a phased load, or one that reads
        them beside the dates' checks)."""
        if keys_only:
            self._later = [c for c in self._held_names if c not in HELD]
            self._held_names = [c for c in self._held_names if c in HELD]
        with self._lock:
            held = self.file.read(columns=self._held_names)
        for i in range(held.num_columns):  # (the texts read whole: one chunk each)
            if (
                held.field(i).name in ("id", "title", "when", "tz")
                and held.column(i).num_chunks != 1
            ):
                held = held.set_column(i, held.field(i), held.column(i).combine_chunks())
        self.held = held

    def hold_rest(self) -> None:
        later = self._later
        if not later:
            return
        if self._native is not None:  # (a reader of its own: the lock's reads go on meanwhile)
            self._check()
            reader = self._pq.ParquetFile(  # (the footer as read already: not parsed again)
                self._native, pre_buffer=False, metadata=self.file.metadata
            )
            rest = reader.read(columns=later)
        else:
            with self._lock:
                self._check()
                rest = self.file.read(columns=later)
        held = self.held
        self.held = self._pa.Table.from_arrays(
            [*held.columns, *rest.columns], names=[*held.schema.names, *rest.schema.names]
        )
        self._held_names = [*self._held_names, *later]
        self._later = []

    def checked(self) -> None:
        if not self.reads_back:  # (every column it needs held: no row is read back)
            self.close()
        self._pa.default_memory_pool().release_unused()  # (what the parts were decoded into)

    def read_all(self) -> pyarrow.Table:
        """The whole table (the row-by-row path: a file refused by the column checks)."""
        with self._lock:
            self._check()
            table: pyarrow.Table = self.file.read()
        return table

    def close(self) -> None:
        self._finalizer()

    def _check(self) -> None:
        """Refuse a file written over in place since the load."""
        stat = os.fstat(self._handle.fileno())
        if (stat.st_size, stat.st_mtime_ns) != self._stamp:
            raise TimelineError(
                f"{self.name}: the file changed on disk after it was loaded; load it again"
            )

    def parts(self, columns: Sequence[str]) -> Iterator[tuple[int, pyarrow.Table]]:
        pa = self._pa
        read = [c for c in columns if c in self.names and c not in self._held_names]
        if not read:
            yield 0, self.held
            return
        first = 0
        # (a file of fewer rows than a part for each of a load's threads: parts of a
        # share each, so that the threads check them at once)
        rows = min(PART_ROWS, max(MIN_PART_ROWS, -(-self.num_rows // WORKERS)))
        for batch in self._batches(read, rows=rows):
            n = batch.num_rows
            held = self.held.slice(first, n)
            yield (
                first,
                pa.Table.from_arrays(
                    [*held.columns, *batch.columns], names=[*held.schema.names, *batch.schema.names]
                ),
            )
            first += n

    def stream(
        self,
        columns: Sequence[str],
        window: tuple[int, int] | None = None,
        *,
        part_rows: int | None = None,
    ) -> Iterator[pyarrow.Table]:
        held = [c for c in columns if c in self._held_names]
        read = [c for c in columns if c not in held]
        low, stop = (0, self.num_rows) if window is None else window
        if not read:
            if stop > low:
                yield self.held.select(held).slice(low, stop - low)
            return
        groups = None if window is None else self._groups_holding(low, stop)
        first = self._starts[groups[0]] if groups else 0
        pa = self._pa
        for batch in self._batches(read, groups, part_rows):
            n = batch.num_rows
            start, end = max(first, low), min(first + n, stop)  # (the window's rows in it)
            if end > start:
                part = self.held.select(held).slice(start, end - start)
                taken = batch.slice(start - first, end - start)
                yield pa.Table.from_arrays(
                    [*part.columns, *taken.columns],
                    names=[*part.schema.names, *taken.schema.names],
                )
            first += n

    def _groups_holding(self, first: int, stop: int) -> list[int]:
        """The row groups that hold rows ``first`` to ``stop`` (none when empty)."""
        if stop <= first:
            return []
        return list(range(self._group_of(first), self._group_of(stop - 1) + 1))

    def _batches(
        self, columns: Sequence[str], groups: list[int] | None = None, rows: int | None = None
    ) -> Iterator[Any]:
        """Record batches of ``columns`` of every row (``groups``: of those row groups), of
        ``rows`` rows at most (``None``: :data:`PART_ROWS`), in order (the file checked
        first, and read under the lock: one reader at a time moves the file's position)."""
        if groups is not None and not groups:
            return
        with self._lock:
            self._check()
            batches = self.file.iter_batches(
                batch_size=PART_ROWS if rows is None else rows,
                row_groups=groups,
                columns=list(columns),
                use_threads=False,
            )
        while True:
            with self._lock:
                batch = next(batches, None)
            if batch is None:
                return
            yield batch

    def block(self, row: int) -> tuple[int, int]:
        g = self._group_of(row)
        start, end = self._starts[g], self._starts[g + 1]
        first = row - (row - start) % BLOCK_ROWS
        return first, min(BLOCK_ROWS, end - first)

    def group(self, row: int) -> tuple[int, int]:
        g = self._group_of(row)
        return self._starts[g], self._starts[g + 1] - self._starts[g]

    def _group_of(self, row: int) -> int:
        from bisect import bisect_right

        return bisect_right(self._starts, row) - 1

    def rows(self, first: int, count: int, columns: Sequence[str]) -> pyarrow.Table:
        read = self._not_held(columns)
        held = [c for c in columns if c not in read]
        g = self._group_of(first)
        start = self._starts[g]
        if first + count > self._starts[g + 1]:
            raise IndexError(f"rows {first} to {first + count} are not in one row group")
        parts = self.held.select(held).slice(first, count)
        if not read:
            return parts
        group = self._group(g, read).slice(first - start, count)
        return self._pa.Table.from_arrays([*parts.columns, *group.columns], names=[*held, *read])

    def decoded(self, row: int, columns: Sequence[str]) -> bool:
        read = self._not_held(columns)
        if not read:
            return True
        # (no lock: a worker decoding a row group holds it for as long, and the GUI thread
        # asks; a look-up of the dict is atomic)
        return (self._group_of(row), read) in self._groups

    def _not_held(self, columns: Sequence[str]) -> tuple[str, ...]:
        """Those of ``columns`` read back from the file: with a row group's number, the key
        of its decoded columns kept (:meth:`rows` and :meth:`decoded` alike)."""
        return tuple(c for c in columns if c not in self._held_names)

    def _group(self, g: int, columns: tuple[str, ...]) -> pyarrow.Table:
        key = (g, columns)
        with self._lock:
            table = self._groups.get(key)
            if table is not None:
                self._groups.move_to_end(key)
                return table
            self._check()
            table = self.file.read_row_group(g, columns=list(columns))
            groups = self._groups
            groups[key] = table
            size = sum(t.nbytes for t in groups.values())
            while len(groups) > 1 and (len(groups) > GROUPS or size > GROUP_BYTES):
                size -= groups.popitem(last=False)[1].nbytes
            return table
