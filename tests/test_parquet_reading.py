"""How a Parquet file is read (:mod:`timeline.parquet_source`, :mod:`timeline.parquet_columns`):
through Arrow's own file, the one opened, and nothing left open; a small file's dates checked
in a part for each of the load's threads; the summaries and nested tables checked beside the
dates, their problems still named."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from benchmarks.generate import document  # noqa: E402
from timeline import (  # noqa: E402
    TimelineLoadError,
    _threads,
    dump,
    load,
    parquet_columns,
    parquet_source,
)
from timeline.codec import from_data  # noqa: E402
from timeline.parquet_source import _native_file  # noqa: E402
from timeline.rules import MAX_LONG_TEXT  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "data" / "events.toml"
DESCRIPTORS = Path("/proc/self/fd")

needs_descriptors = pytest.mark.skipif(
    not DESCRIPTORS.is_dir(), reason="no table of the process's descriptors here"
)


@needs_descriptors
def test_the_file_read_is_the_one_opened_whatever_is_at_its_path_now(tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    path.write_bytes(b"the file opened")
    with path.open("rb") as handle:
        other = tmp_path / "other"
        other.write_bytes(b"a file saved over it since")
        os.replace(other, path)  # (as a save does: a new file renamed over the path)
        native = _native_file(pa, handle)
        assert native is not None
        try:
            assert native.read() == b"the file opened"
        finally:
            native.close()


def test_a_file_that_is_not_the_one_opened_is_not_read(tmp_path: Path) -> None:
    path, other = tmp_path / "events.parquet", tmp_path / "other"
    path.write_bytes(b"the file opened")
    other.write_bytes(b"another file")
    opened: list[Any] = []

    def elsewhere(_: str) -> Any:  # (the descriptor's name leading to another file)
        opened.append(pa.OSFile(str(other)))
        return opened[-1]

    with path.open("rb") as handle:
        assert _native_file(SimpleNamespace(OSFile=elsewhere), handle) is None
    assert opened
    assert all(f.closed for f in opened)


def test_without_arrows_own_file_the_load_reads_through_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "events.parquet"
    dump(load(DATA), path)
    monkeypatch.setattr(parquet_source, "_native_file", lambda pa, handle: None)
    assert load(path) == load(DATA)


@needs_descriptors
def test_a_load_leaves_no_file_open(tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    dump(load(DATA), path)
    before = set(os.listdir(DESCRIPTORS))
    tl = load(path)  # (every column held: the file is closed once checked)
    assert len(tl) == len(load(DATA))
    assert set(os.listdir(DESCRIPTORS)) <= before


def test_a_file_of_few_rows_is_checked_in_a_part_for_each_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "generated.parquet"
    dump(from_data(document(400)), path)
    monkeypatch.setattr(parquet_source, "MIN_PART_ROWS", 50)
    monkeypatch.setattr(parquet_source, "WORKERS", 3)
    sizes: list[int] = []
    batches = parquet_source.FileSource._batches

    def noted(self: Any, columns: Any, groups: Any = None, rows: Any = None) -> Any:
        for batch in batches(self, columns, groups, rows):
            sizes.append(batch.num_rows)
            yield batch

    monkeypatch.setattr(parquet_source.FileSource, "_batches", noted)
    tl = load(path)
    assert sizes == [134, 134, 132]  # (the derived columns, read a part at a time)
    assert tl == from_data(document(400))

    sizes.clear()
    monkeypatch.setattr(parquet_source, "MIN_PART_ROWS", 300)  # (no fewer rows a part)
    assert load(path) == tl
    assert sizes == [300, 100]


def test_a_problem_of_the_rest_checked_beside_the_dates_is_named(tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    dump(load(DATA), path)
    table = pq.read_table(path)
    summaries = table.column("summary").to_pylist()
    summaries[3] = "x" * (MAX_LONG_TEXT + 1)  # (longer than any text may be)
    i = table.schema.get_field_index("summary")
    pq.write_table(table.set_column(i, "summary", pa.array(summaries, pa.string())), path)
    with pytest.raises(TimelineLoadError) as caught:
        load(path)
    assert any(p.field == "summary" and p.row == 3 for p in caught.value.problems)


def test_a_load_reads_the_keys_first_and_the_rest_beside_the_dates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "events.parquet"
    dump(load(DATA), path)
    read: list[tuple[list[str], bool]] = []
    held, rest = parquet_source.FileSource.read_held, parquet_source.FileSource.hold_rest

    def noted_held(self: Any, *, keys_only: bool = False) -> None:
        held(self, keys_only=keys_only)
        read.append((list(self.held.column_names), threading.current_thread() is main))

    def noted_rest(self: Any) -> None:
        later = list(self._later)
        rest(self)
        read.append((later, threading.current_thread() is main))

    ids_checked = parquet_columns._Checker._identifiers
    id_threads: list[threading.Thread] = []

    def noted_ids(self: Any, values: Any) -> None:
        id_threads.append(threading.current_thread())
        ids_checked(self, values)

    main = threading.current_thread()
    monkeypatch.setattr(parquet_source.FileSource, "read_held", noted_held)
    monkeypatch.setattr(parquet_source.FileSource, "hold_rest", noted_rest)
    monkeypatch.setattr(parquet_columns._Checker, "_identifiers", noted_ids)
    rest_threads: list[threading.Thread] = []
    columns = parquet_columns._Checker.rest_columns

    def noted_columns(self: Any) -> None:
        rest_threads.append(threading.current_thread())
        columns(self)

    monkeypatch.setattr(parquet_columns._Checker, "rest_columns", noted_columns)
    assert load(path) == load(DATA)
    if _threads.WORKERS >= 2:  # (the rest beside the ids, not after them on their thread)
        assert rest_threads
        assert id_threads
        assert not set(rest_threads) & set(id_threads)
        assert threading.main_thread() not in rest_threads  # (beside the dates: on threads)
    if not DESCRIPTORS.is_dir():  # (read through Python: all at once, as before)
        assert len(read) == 1 or not read[1][0]
        return
    (keys, _), (others, on_main) = read
    names = pq.ParquetFile(path).schema_arrow.names
    assert keys == [c for c in parquet_source.HELD if c in names]
    assert set(others) == set(names) - set(parquet_source.HELD) - set(parquet_source.DERIVED)
    assert not on_main or _threads.WORKERS < 2


@needs_descriptors
def test_the_rest_is_read_without_waiting_for_the_reads_back(tmp_path: Path) -> None:
    # (the rest of a phased load is read by a reader of its own: an event read back from
    # the file meanwhile, under the file's lock, does not wait for it, nor it for that)
    path = tmp_path / "events.parquet"
    dump(load(DATA), path)
    with path.open("rb") as handle:
        source = parquet_source.FileSource(str(path), pa, pq, handle)
        source.read_held(keys_only=True)
        done = threading.Event()

        def read_rest() -> None:
            source.hold_rest()
            done.set()

        with source._lock:  # (as a read back holds it)
            reader = threading.Thread(target=read_rest)
            reader.start()
            finished = done.wait(timeout=30)
        reader.join()
        assert finished
        assert "summary" in source.held.column_names
        source.close()
