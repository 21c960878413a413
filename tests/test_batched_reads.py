"""Events of a big Parquet file made many at a time: each row group read back once.

At ten million events the summaries and nested tables stay in the file, and an event made
reads its row group back (half a second).  ``between()``, a slice and iteration make the
events they need together (:meth:`timeline.columns.Made.many`,
``_ParquetRows.events``): the rows of each row group read at once.  Here a small file of
several row groups is read back the same way (nothing of the rest held, one group kept
decoded), and the reads of each group are counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pyarrow")
columnar = pytest.importorskip("benchmarks.columnar")  # (numpy)

from timeline import load, parquet_source  # noqa: E402
from timeline.columns import EventColumns, Made  # noqa: E402
from timeline.models import Timeline  # noqa: E402

N = 6_000
GROUP = 1_000


@pytest.fixture(scope="module")
def path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    made = tmp_path_factory.mktemp("batched") / "groups.parquet"
    columnar.write(N, made, block=GROUP)  # (six row groups, rows shuffled)
    return made


@pytest.fixture(scope="module")
def held(path: Path) -> Timeline:
    """The same file with every column held (nothing read back): the events to compare."""
    return load(path)


def _read_back(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Timeline, Counter[int]]:
    """The file loaded with its rest read back from it (as at ten million events), one row
    group kept decoded; and a count of the reads of each row group."""
    monkeypatch.setattr(parquet_source, "HOLD_BYTES", 0)
    monkeypatch.setattr(parquet_source, "GROUP_BYTES", 0)
    tl = load(path)
    events = tl.events
    assert isinstance(events, EventColumns)
    source = events.source._source  # type: ignore[attr-defined]
    assert isinstance(source, parquet_source.FileSource)
    assert source.reads_back
    reads: Counter[int] = Counter()
    read = source.file.read_row_group

    def counted(g: int, *args: Any, **kwargs: Any) -> Any:
        reads[g] += 1
        return read(g, *args, **kwargs)

    source.file.read_row_group = counted
    return tl, reads


def test_between_reads_each_row_group_once(
    path: Path, held: Timeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    tl, reads = _read_back(path, monkeypatch)
    events = tl.events
    assert isinstance(events, EventColumns)
    middle = len(tl) // 2
    start, end = events.whens[middle - 1_000], events.whens[middle + 1_000]
    found = tl.between(start, end)
    assert len(found) > 1_500
    assert found == held.between(start, end)
    assert set(reads.values()) == {1}  # every group read once, not once per event
    assert len(reads) == N // GROUP  # (the file's rows are shuffled: all six groups)
    assert tl.between(start, end) == found  # again: all made, nothing read
    assert set(reads.values()) == {1}


def test_a_slice_and_picked_positions_read_each_row_group_once(
    path: Path, held: Timeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    tl, reads = _read_back(path, monkeypatch)
    events = tl.events
    assert isinstance(events, EventColumns)
    assert events[100:600] == held.events[100:600]
    assert set(reads.values()) == {1}
    reads.clear()
    positions = [5_999, 3, -2, 3, 700, 2_500, 1_000]  # (repeated, negative, made already)
    assert events.picked(positions) == [held.events[p] for p in positions]
    assert max(reads.values()) == 1


def test_iteration_makes_runs_of_events_together(
    path: Path, held: Timeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    tl, reads = _read_back(path, monkeypatch)
    assert list(tl) == list(held)
    # runs of 64, 128, ... 4096 positions: each reads each group at most once
    runs = 7
    assert sum(reads.values()) <= runs * (N // GROUP)
    assert tl.events.made() == N  # type: ignore[attr-defined]


def test_an_event_made_alone_is_the_event_made_together(
    path: Path, held: Timeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    tl, _ = _read_back(path, monkeypatch)
    alone = [tl.events[p] for p in (10, 4_000, 2_222)]
    tl2, _ = _read_back(path, monkeypatch)
    together = tl2.events.picked([10, 4_000, 2_222])  # type: ignore[attr-defined]
    assert alone == together == [held.events[p] for p in (10, 4_000, 2_222)]


# -- Made.many, alone ------------------------------------------------------------------


def test_made_asks_many_for_the_items_not_made_yet_once_each() -> None:
    asked: list[list[int]] = []

    def many(positions: Any) -> list[str]:
        asked.append(list(positions))
        return [f"many {p}" for p in positions]

    made = Made(10, lambda p: f"one {p}", many)
    assert made[4] == "one 4"
    assert made.picked([1, 4, -1, 1, 2]) == ["many 1", "one 4", "many 9", "many 1", "many 2"]
    assert asked == [[1, 9, 2]]
    assert made[2:6] == ["many 2", "many 3", "one 4", "many 5"]
    assert asked[1:] == [[3, 5]]
    assert made.picked([7]) == ["one 7"]  # (one alone: made alone)
    assert list(made) == [made[p] for p in range(10)]
    assert asked[2:] == [[0, 6, 8]]
    assert made.made() == 10
    # all made: taken in order (negative positions too), none made again
    assert made.picked([9, 4, 1, 9]) == ["many 9", "one 4", "many 1", "many 9"]
    assert made.picked([-1, 4]) == ["many 9", "one 4"]
    assert len(asked) == 3


def test_iteration_asks_runs_that_double() -> None:
    asked: list[int] = []

    def many(positions: Any) -> list[int]:
        asked.append(len(positions))
        return list(positions)

    made = Made(1_000, lambda p: p, many)
    iterator: Iterator[int] = iter(made)
    assert next(iterator) == 0
    assert asked == [64]  # (the first run only: a loop that stops early makes few)
    assert list(iterator) == list(range(1, 1_000))
    assert asked == [64, 128, 256, 512, 40]


def test_many_keeps_an_item_another_thread_made_meanwhile() -> None:
    meanwhile: list[object] = []

    def many(positions: Any) -> list[object]:
        meanwhile.append(made.item(1))  # (as another thread would, while these are made)
        return [object() for _ in positions]

    made: Made[object] = Made(3, lambda p: object(), many)
    made.many([0, 1, 2])
    assert made[1] is meanwhile[0]


# -- the event list's sort: from the columns, no event made ------------------------------


@pytest.fixture(scope="module")
def as_events(held: Timeline) -> Timeline:
    """The same timeline of events made (tuple-backed): the sort of the events themselves."""
    return Timeline(held.title, list(held.events), held.sources)


@pytest.mark.parametrize("descending", [False, True])
def test_the_event_list_sorts_a_file_read_back_without_making_events(
    path: Path, as_events: Timeline, monkeypatch: pytest.MonkeyPatch, descending: bool
) -> None:
    from viewer.details import isolate
    from viewer.rows import DATE, STATUS, TAGS, TITLE, RowOrder

    tl, reads = _read_back(path, monkeypatch)
    assert not isinstance(as_events.events, EventColumns)
    some = frozenset(e.id for e in as_events.events[::3])
    for column in (DATE, TITLE, STATUS, TAGS):
        for ids in (None, some):
            order = RowOrder(tl, ids, column, descending=descending, isolate=isolate)
            want = RowOrder(as_events, ids, column, descending=descending, isolate=isolate)
            assert list(order.rows) == list(want.rows), (column, ids is None)
    assert tl.events.made() == 0  # type: ignore[attr-defined]
    assert not reads


def test_dates_are_made_many_at_a_time_from_their_texts_taken_whole(
    path: Path, held: Timeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    from timeline import parquet_columns

    def alone(self: Any, p: int) -> Any:
        raise AssertionError("a date made alone")

    monkeypatch.setattr(parquet_columns._Dated, "when", alone)  # (bound by the load)
    tl = load(path, phased=True)
    events = tl.events
    assert isinstance(events, EventColumns)
    positions = [5, 4_000, 17, 5, -1, *range(100, 900)]
    assert events.whens.picked(positions) == [held.events[p].when for p in positions]  # type: ignore[attr-defined]
    assert list(events.whens) == [e.when for e in held.events]
