"""A timeline held as columns is written to Parquet a row group at a time.

Its table is made and written :data:`~timeline.parquet_io.ROW_GROUP` rows at a time into the
temporary file (at ten million events the whole table was about ten times the memory of the
held columns). The file holds what the whole table holds, in row groups of that size; the
parts of an edited timeline and the warnings of days past ``date32`` land at the right rows;
a failure part-way leaves the old file as it was.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import attrs
import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from timeline import (  # noqa: E402
    Event,
    Timeline,
    TimelineWarning,
    When,
    _arrow_tables,
    _spill,
    dump,
    edit,
    load,
    loads,
    parquet_io,
    parquet_source,
)
from timeline.columns import EventColumns  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "data" / "events.toml"


def _held(tl: Timeline, folder: Path) -> Timeline:
    """``tl`` written to Parquet and loaded back whole (held as columns)."""
    path = folder / "held.parquet"
    dump(tl, path)
    held = load(path)
    parquet_io.complete(held)
    assert isinstance(held.events, EventColumns)
    return held


def _group_sizes(path: Path) -> list[int]:
    meta = pq.ParquetFile(path).metadata
    return [meta.row_group(g).num_rows for g in range(meta.num_row_groups)]


def _tables_made(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The row counts of the tables the writer makes, recorded as it makes them."""
    sizes: list[int] = []
    make = parquet_io._table

    def recorded(pa_: Any, tl: Timeline, arrays: dict[str, Any]) -> Any:
        table = make(pa_, tl, arrays)
        sizes.append(table.num_rows)
        return table

    monkeypatch.setattr(parquet_io, "_table", recorded)
    return sizes


def test_a_held_timeline_is_written_as_its_whole_table_a_row_group_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tl = load(DATA)
    held = _held(tl, tmp_path)
    whole = parquet_io.to_table(held)
    monkeypatch.setattr(parquet_io, "ROW_GROUP", 4)
    made = _tables_made(monkeypatch)
    out = tmp_path / "out.parquet"
    dump(held, out)
    assert made == [4, 4, 4, 3]  # (never the whole table at once)
    assert _group_sizes(out) == [4, 4, 4, 3]
    pq.write_table(whole, tmp_path / "whole.parquet", compression="zstd")  # (as it was)
    written, expected = pq.read_table(out), pq.read_table(tmp_path / "whole.parquet")
    assert written.equals(expected)
    assert written.schema.metadata == expected.schema.metadata  # (the header, once)
    assert load(out) == tl


def test_a_timeline_of_events_is_written_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tl = load(DATA)
    monkeypatch.setattr(parquet_io, "ROW_GROUP", 4)
    made = _tables_made(monkeypatch)
    out = tmp_path / "out.parquet"
    dump(tl, out)
    assert made == [15]
    assert load(out) == tl


def _edited(held: Timeline) -> Timeline:
    """``held`` (held as columns) with its last event's title changed, an event put in
    first, and its first event moved last: still held as columns."""
    first, last = held.events[0], held.events[-1]
    edited = edit.replace_event(held, last.id, attrs.evolve(last, title="Edited")).apply(held)
    added = Event("added-early", "Added", When.parse("2017-01-02"))
    edited = edit.add_event(edited, added).apply(edited)
    moved = attrs.evolve(first, when=When.parse("2017-12-30"))
    edited = edit.replace_event(edited, first.id, moved).apply(edited)
    assert isinstance(edited.events, EventColumns)
    return edited


def test_an_edited_held_timeline_puts_each_event_in_its_row_group(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = _held(load(DATA), tmp_path)
    last = held.events[-1]
    edited = _edited(held)
    monkeypatch.setattr(parquet_io, "ROW_GROUP", 3)
    out = tmp_path / "edited.parquet"
    dump(edited, out)
    assert _group_sizes(out) == [3, 3, 3, 3, 3, 1]
    again = load(out)
    assert again == edited
    assert [e.id for e in again.events][:1] == ["added-early"]
    assert again[last.id].title == "Edited"


def test_days_past_date32_in_a_later_row_group_are_named_and_null_at_their_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    years = [1990, 1991, 1992, 1993, 1994]
    text = 'title = "Deep"\n' + "".join(
        f'\n[[events]]\nid = "y{y}"\ntitle = "Y"\nwhen = "{y}"\n' for y in years
    )
    text += '\n[[events]]\nid = "permian"\ntitle = "P"\nwhen = "Y170000002"\n'
    tl = loads(text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimelineWarning)
        held = _held(tl, tmp_path)
    monkeypatch.setattr(parquet_io, "ROW_GROUP", 4)
    out = tmp_path / "out.parquet"
    with pytest.warns(TimelineWarning) as caught:
        dump(held, out)
    assert len(caught) == 2  # (its two days)
    assert all("permian" in str(w.message) for w in caught)
    table = pq.read_table(out)
    assert table.column("id").to_pylist()[-1] == "permian"
    days = table.column("latest_day").cast(pa.int32()).to_pylist()
    assert [d is None for d in days] == [False] * 5 + [True]
    assert load(out) == tl


def test_a_failure_part_way_leaves_the_old_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = _held(load(DATA), tmp_path)
    out = tmp_path / "out.parquet"
    out.write_bytes(b"the old file")
    monkeypatch.setattr(parquet_io, "ROW_GROUP", 4)
    nested = _arrow_tables.nested
    calls: list[Any] = []

    def failing(*args: Any) -> Any:
        calls.append(args)
        if len(calls) == 3:
            raise MemoryError("out of memory making the third row group")
        return nested(*args)

    monkeypatch.setattr(_arrow_tables, "nested", failing)
    with pytest.raises(MemoryError):
        dump(held, out)
    assert out.read_bytes() == b"the old file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["held.parquet", "out.parquet"]


def _file_of_groups(tl: Timeline, path: Path, order: list[int] | None = None) -> Path:
    """``tl``'s Parquet file in row groups of three rows (``order``: its rows in that order,
    not the timeline's, as another tool may write them)."""
    table = parquet_io.to_table(tl)
    if order is not None:
        table = table.take(pa.array(order))
    pq.write_table(table, path, row_group_size=3)
    return path


def _rows_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The rows of each batch read from a file (its columns not held), recorded."""
    read: list[int] = []
    batches = parquet_source.FileSource._batches

    def recorded(self: Any, columns: Any, groups: Any = None, rows: Any = None) -> Any:
        for batch in batches(self, columns, groups, rows):
            read.append(batch.num_rows)
            yield batch

    monkeypatch.setattr(parquet_source.FileSource, "_batches", recorded)
    return read


@pytest.fixture
def streamed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Summaries and nested columns read back from the file (as at ten million events), in
    batches of two rows."""
    monkeypatch.setattr(parquet_source, "HOLD_BYTES", 0)
    monkeypatch.setattr(parquet_source, "PART_ROWS", 2)


SCATTERED = [i * 4 % 15 for i in range(15)]
"""The rows of a file of shuffled rows: each part's all over it."""


@pytest.mark.usefixtures("streamed")
@pytest.mark.parametrize(
    ("order", "read"),
    [
        # each part (four rows) reads the two row groups (of three) that hold its rows: the
        # flat columns, then the nested ones
        ([*range(15)], 2 * (6 + 6 + 6 + 3)),
        ([*range(14, -1, -1)], 2 * (6 + 6 + 6 + 3)),
        # its rows all over: reading the groups from its least row to its greatest for each
        # part would read the file 54 / 15 times; it is read once, its rows spilled
        (SCATTERED, 15),
    ],
    ids=["in order", "reversed", "scattered"],
)
def test_a_part_reads_the_row_groups_that_hold_its_rows_and_is_written_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, order: list[int], read: int
) -> None:
    tl = load(DATA)
    held = load(_file_of_groups(tl, tmp_path / "other.parquet", order))
    parquet_io.complete(held)
    assert isinstance(held.events, EventColumns)
    expected = parquet_io.to_table(held)
    monkeypatch.setattr(parquet_io, "ROW_GROUP", 4)
    made = _tables_made(monkeypatch)
    rows_read = _rows_read(monkeypatch)
    out = tmp_path / "out.parquet"
    dump(held, out)
    assert made == [4, 4, 4, 3]  # (never the whole table)
    assert sum(rows_read) == read
    pq.write_table(expected, tmp_path / "whole.parquet")
    assert pq.read_table(out).equals(pq.read_table(tmp_path / "whole.parquet"))
    assert load(out) == tl
    assert pq.read_table(out).column("id").to_pylist() == [e.id for e in tl.events]


def test_a_table_made_whole_after_all_names_each_far_day_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # nested columns of another layout than the writer's (as another tool may write them)
    # make the table whole: the first part's days past date32 are not named twice
    text = 'title = "Deep"\n\n[[events]]\nid = "permian"\ntitle = "P"\nwhen = "Y-170000002"\n'
    text += "".join(
        f'\n[[events]]\nid = "y{y}"\ntitle = "Y"\nwhen = "{y}"\n' for y in range(1990, 1995)
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimelineWarning)
        held = _held(loads(text), tmp_path)
    monkeypatch.setattr(parquet_io, "ROW_GROUP", 4)
    monkeypatch.setattr(_arrow_tables, "nested", lambda *_args: None)
    made = _tables_made(monkeypatch)
    with pytest.warns(TimelineWarning) as caught:
        dump(held, tmp_path / "out.parquet")
    assert made == [6]
    assert len(caught) == 2  # (its two days, once each)
    assert all("permian" in str(w.message) for w in caught)


def _spill_failing(monkeypatch: pytest.MonkeyPatch, after: int) -> list[int]:
    """Spill writes that fail with a full disk after ``after`` of them; their count."""
    made = _spill._writer
    writes: list[int] = []

    class Full:
        def __init__(self, writer: Any) -> None:
            self.writer = writer

        def write_table(self, table: Any) -> None:
            writes.append(table.num_rows)
            if len(writes) > after:
                raise OSError(28, "No space left on device")
            self.writer.write_table(table)

        def close(self) -> None:
            self.writer.close()

    monkeypatch.setattr(_spill, "_writer", lambda *args: Full(made(*args)))
    return writes


def _free_space_failing(monkeypatch: pytest.MonkeyPatch, after: int) -> list[int]:
    """A file system with room for the spill's first ``after`` batches, then less than its
    reserve free; the spill's writes (counted)."""
    checks: list[int] = []

    def free(folder: str) -> int:
        checks.append(1)
        return 10 * _spill.RESERVE if len(checks) <= after else _spill.RESERVE - 1

    monkeypatch.setattr(_spill, "_free_bytes", free)
    return _spill_failing(monkeypatch, 10**9)  # (counted, never failing)


@pytest.mark.usefixtures("streamed")
@pytest.mark.parametrize(
    ("full_after", "room_for"),
    [(None, None), (0, None), (3, None), (None, 2)],
    ids=["spilled", "no room", "full part-way", "too little left free"],
)
def test_an_edited_timeline_of_shuffled_rows_is_written_in_order_spilled_or_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, full_after: int | None, room_for: int | None
) -> None:
    # the edits of an edited timeline land at their places from the spill as from the
    # file; a spill that cannot be written (a full disk), or that would leave its file system
    # less than its reserve free, leaves each part reading the file
    tl = load(DATA)
    held = load(_file_of_groups(tl, tmp_path / "other.parquet", SCATTERED))
    parquet_io.complete(held)
    edited = _edited(held)
    edited = edit.remove_event(edited, held.events[7].id, unlink=True).apply(edited)
    assert isinstance(edited.events, EventColumns)
    expected = parquet_io.to_table(edited)
    monkeypatch.setattr(parquet_io, "ROW_GROUP", 4)
    monkeypatch.setattr(_spill, "SCATTERED", 2)  # (the edits leave parts of fewer rows)
    writes = [] if full_after is None else _spill_failing(monkeypatch, full_after)
    if room_for is not None:
        writes = _free_space_failing(monkeypatch, room_for)
    rows_read = _rows_read(monkeypatch)
    out = tmp_path / "out.parquet"
    if full_after is None and room_for is None:
        dump(edited, out)  # (no warning: the tests make warnings errors)
    else:
        with pytest.warns(TimelineWarning, match="could not be copied aside") as caught:
            dump(edited, out)
        assert len(caught) == 1
        why = "No space left" if full_after is not None else "too little free space"
        assert why in str(caught[0].message)
    if full_after is None and room_for is None:
        assert sum(rows_read) == 15  # (once)
    else:
        assert len(writes) == (room_for if full_after is None else full_after + 1)
        assert sum(rows_read) > 2 * 15  # (the spill, then each part from the file)
    pq.write_table(expected, tmp_path / "whole.parquet")
    assert pq.read_table(out).equals(pq.read_table(tmp_path / "whole.parquet"))
    assert load(out) == edited
    assert _group_sizes(out) == [4, 4, 4, 3]
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["other.parquet", "out.parquet", "whole.parquet"]  # (no spill left)


def test_a_file_is_written_in_row_groups_of_at_most_group_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # an event made later from a big file reads its row group back: written smaller than
    # pyarrow's million rows, the parts of a timeline held as columns split into them
    tl = load(DATA)
    held = _held(tl, tmp_path)
    monkeypatch.setattr(parquet_io, "GROUP_ROWS", 3)
    monkeypatch.setattr(parquet_io, "ROW_GROUP", 8)
    out = tmp_path / "out.parquet"
    dump(held, out)
    assert _group_sizes(out) == [3, 3, 2, 3, 3, 1]
    assert load(out) == tl
    dump(tl, out, force=True)  # (a timeline of events: one table, the same row groups)
    assert _group_sizes(out) == [3, 3, 3, 3, 3]
    assert load(out) == tl
