"""The parts of a big save read from a file of shuffled rows once, not once a part (issue 15).

The Parquet writer makes a timeline held as columns a part of
:data:`~timeline.parquet_io.ROW_GROUP` positions at a time, in the timeline's order, and
each part reads the rows of the file that hold its events
(:func:`timeline._arrow_tables.columns`).  In a file in the timeline's order (as
:func:`timeline.dump` writes it) those are one or two row groups; in a file whose rows are
shuffled (as another tool may write it) they are all over the file, so each part read the
whole file again: at ten million events ten reads of the summaries and nested columns (a
save of 82–87 s where one read makes it 49–50 s), a cost that grows with the square of the
size.

:func:`parts_read` reads such a file once, a batch at a time, and sends each batch's rows
to their part's *spill*: an Arrow IPC file of that part's rows (only the columns not held
in memory; those held are taken from memory), a temporary file beside the saved one
(:func:`tempfile.TemporaryFile`: unnamed on POSIX, gone when it is closed or the process
dies).  Each part then reads its own spill back, a record batch at a time.  A file in
order, or columns all held, are read as before.  Should the spill not be writable (no
such folder, a full disk), the parts read the file as before; and the spill stops short
of filling the disk: before each batch it checks that the folder's file system keeps
:data:`RESERVE` free (else it is given up, its space given back, and the parts read the
file), so that a save never leaves the system without room.  A spill given up is said
(a :class:`~timeline.errors.TimelineWarning`): the save is slower, and the disk nearly full.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from typing import IO, Any, Final

import numpy as np

from timeline._arrow_numpy import int64s
from timeline.errors import Problem, warn_all
from timeline.parquet_source import Source

__all__ = ["RESERVE", "SCATTERED", "parts_read"]

SCATTERED: Final = 3
"""The parts are read from a spill when reading each from the file would read at least
this many times the file's rows (a file in order: under two; shuffled: once a part)."""

RESERVE: Final = 1 << 30
"""The free space (bytes) the spill leaves on its file system, at the least; or a fiftieth of
the file system, when that is more."""

_COMPRESSION: Final = None
"""The spill's compression (none: it is read back as soon as written, from the system's
cache)."""


def parts_read(
    pa: Any, source: Source, columns: Sequence[str], parts: Sequence[Any], folder: str
) -> Iterator[tuple[Source, Any]]:
    """For each of ``parts`` (the rows of ``source`` each holds, in its order), a source of
    at least its rows' ``columns`` and where each of its rows is in it: ``source`` itself
    and the rows as given, or, for a file of shuffled rows, the part's spill (made in
    ``folder``: every spill written by the first step) and the rows' places in it."""
    orders = [np.asarray(rows, np.int64) for rows in parts]
    scattered = (
        not source.holds(columns) and _rows_read(source, orders) >= SCATTERED * source.num_rows
    )
    with contextlib.ExitStack() as stack:
        files = _spilled(pa, source, columns, orders, folder, stack) if scattered else None
        if files is None:  # (in order, held, or not writable: each part reads the source)
            for order in orders:
                yield source, order
            return
        held = [c for c in columns if c in source.held.schema.names]
        for order, (file, schema) in zip(orders, files, strict=True):
            # (each row's place in the spill is its rank: numpy's sort lets go of the
            # interpreter, its searchsorted did not: 0.4 s a part at ten million events,
            # the window frozen meanwhile)
            sorter = np.argsort(order, kind="stable")
            ascending = order[sorter]
            places = np.empty(len(order), np.int64)
            places[sorter] = np.arange(len(order), dtype=np.int64)
            kept = source.held.select(held).take(int64s(pa, ascending))
            yield _Spilled(pa, file, schema, kept), places
            del kept  # (this part's, before the next is read)
            file.close()  # (its disk space back)
            pa.default_memory_pool().release_unused()  # (what the part was read into)


class _Spilled(Source):
    """A part's rows read back from its spill a record batch at a time, as they were
    spilled (what is made of them is made a piece at a time, as from the file: the part's
    columns are never made whole, nor its spill mapped into memory; at ten million events
    either cost 0.3–0.6 GB more), beside the held columns taken for its rows (``kept``)."""

    def __init__(self, pa: Any, file: IO[bytes], schema: Any, kept: Any) -> None:
        self._pa = pa
        empty = not os.fstat(file.fileno()).st_size  # (no row of this part was spilled)
        self._reader = None if empty else pa.ipc.open_file(pa.PythonFile(file, mode="r"))
        self.held = kept
        self.names = [*schema.names, *kept.schema.names]
        self.num_rows = kept.num_rows

    def stream(
        self,
        columns: Sequence[str],
        window: tuple[int, int] | None = None,
        *,
        part_rows: int | None = None,
    ) -> Iterator[Any]:  # (the parts: the batches as spilled)
        first, stop = (0, self.num_rows) if window is None else window
        reader, pa = self._reader, self._pa
        at = 0
        for i in range(0 if reader is None else reader.num_record_batches):
            assert reader is not None
            batch = reader.get_batch(i)
            n = batch.num_rows
            lo, hi = max(first, at), min(stop, at + n)
            if hi > lo:
                piece = batch.slice(lo - at, hi - lo)
                kept = self.held.slice(lo, hi - lo)
                both = {name: piece.column(name) for name in piece.schema.names}
                both.update((name, kept.column(name)) for name in kept.schema.names)
                yield pa.table({name: both[name] for name in columns})
            at += n

    def group(self, row: int) -> tuple[int, int]:
        return 0, self.num_rows


def _rows_read(source: Source, orders: Sequence[Any]) -> int:
    """How many rows the parts ``orders`` read from ``source``, each part the row groups
    from its least row to its greatest."""
    read = 0
    for order in orders:
        if len(order):
            first = source.group(int(order.min()))[0]
            last, count = source.group(int(order.max()))
            read += last + count - first
    return read


def _spilled(
    pa: Any,
    source: Source,
    columns: Sequence[str],
    orders: Sequence[Any],
    folder: str,
    stack: contextlib.ExitStack,
) -> list[tuple[IO[bytes], Any]] | None:
    """Each part's spill (its file, read from the start, and its schema), the rows of each
    in the order of the file; ``None`` if a row is in two parts, or the spills cannot be
    written in ``folder`` (the file is then read for each part)."""
    label = np.full(source.num_rows, -1, np.int64)  # (the part of each row)
    for k, order in enumerate(orders):
        label[order] = k
    counts = np.bincount(label[label >= 0], minlength=len(orders))
    if counts.tolist() != [len(order) for order in orders]:
        return None
    read = [c for c in columns if c not in source.held.schema.names]
    try:
        reserve = max(RESERVE, shutil.disk_usage(folder).total // 50)
        files = [_spill_file(folder, stack) for _ in orders]
        writers: dict[int, Any] = {}
        schema = None
        at = 0
        for batch in source.stream(read):
            if _free_bytes(folder) < reserve:
                raise OSError(errno.ENOSPC, "the spill would leave too little free space")
            schema = batch.schema
            n = batch.num_rows
            labels = label[at : at + n]
            by_part = np.argsort(labels, kind="stable")  # (each part's rows in file order)
            sorted_labels = labels[by_part]
            cuts = [0, *(np.flatnonzero(np.diff(sorted_labels)) + 1).tolist(), n]
            for lo, hi in itertools.pairwise(cuts):
                k = int(sorted_labels[lo])
                if k >= 0 and hi > lo:
                    writer = writers.get(k)
                    if writer is None:
                        writer = writers[k] = _writer(pa, files[k], schema)
                    writer.write_table(batch.take(int64s(pa, by_part[lo:hi])))
            at += n
        for writer in writers.values():
            writer.close()
    except OSError as exc:
        # (the save goes on, slower: said, so that a script sees why, and that the disk
        # is nearly full)
        why = exc.strerror or str(exc)
        message = (
            f"the rows could not be copied aside in {folder!r} ({why}): the file is read "
            "again for each part saved, a slower save"
        )
        warn_all([Problem(message)], stacklevel=4)
        return None
    for file in files:
        file.flush()
    return [(file, schema) for file in files]


def _free_bytes(folder: str) -> int:
    """The space free for this process on the file system of ``folder``."""
    return shutil.disk_usage(folder).free


def _spill_file(folder: str, stack: contextlib.ExitStack) -> IO[bytes]:
    """A temporary file without a name in ``folder``, closed (and gone) with ``stack``."""
    return stack.enter_context(tempfile.TemporaryFile(dir=folder))


def _writer(pa: Any, file: IO[bytes], schema: Any) -> Any:
    options = pa.ipc.IpcWriteOptions(compression=_COMPRESSION)
    return pa.ipc.new_file(pa.PythonFile(file, mode="w"), schema, options=options)
