"""A phased load of Parquet (``timeline.load(path, phased=True)``, then ``timeline.complete``):
the keys checked first, the rest (summaries, nested tables, links) when completed, with the
same result and the same problems as a load checked whole."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

import timeline  # noqa: E402
from timeline import TimelineError, TimelineLoadError, dump, load  # noqa: E402
from timeline.columns import EventColumns  # noqa: E402
from timeline.parquet_io import to_table  # noqa: E402
from timeline.rules import MAX_LONG_TEXT, MAX_SHORT_TEXT  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "data" / "events.toml"


def _columns(tl: timeline.Timeline) -> EventColumns:
    assert isinstance(tl.events, EventColumns)
    return tl.events


def _with(table: Any, column: str, row: int, change: Any) -> Any:
    """``table`` with the value of ``column`` at ``row`` changed by ``change(value)``."""
    values = table.column(column).to_pylist()
    values[row] = change(values[row])
    kind = table.schema.field(column).type
    return table.set_column(
        table.schema.get_field_index(column), column, pa.array(values, type=kind)
    )


def test_a_phased_load_is_the_load_once_completed(tmp_path: Path) -> None:
    whole = load(DATA)
    path = tmp_path / "events.parquet"
    dump(whole, path)
    tl = load(path, phased=True)
    assert not timeline.is_complete(tl)
    events = _columns(tl)
    # the keys answer without the rest: no event made, nothing of the rest read
    assert len(tl) == len(whole)
    assert list(events.ids) == [e.id for e in whole.events]
    assert [events.title(p) for p in range(len(tl))] == [e.title for e in whole.events]
    assert list(events.whens) == [e.when for e in whole.events]
    assert tl.tags() == whole.tags()
    assert events.made() == 0
    assert not timeline.is_complete(tl)
    timeline.complete(tl)
    assert timeline.is_complete(tl)
    timeline.complete(tl)  # (once)
    assert tl == whole
    assert timeline.is_complete(whole)  # (any other timeline)
    timeline.complete(whole)


def test_the_first_event_made_completes_the_load(tmp_path: Path) -> None:
    whole = load(DATA)
    path = tmp_path / "events.parquet"
    dump(whole, path)
    tl = load(path, phased=True)
    assert tl.events[3] == whole.events[3]
    assert timeline.is_complete(tl)


def test_a_bad_summary_is_found_when_completed_with_the_loads_problems(tmp_path: Path) -> None:
    table = _with(to_table(load(DATA)), "summary", 2, lambda _: "x" * (MAX_LONG_TEXT + 1))
    path = tmp_path / "bad.parquet"
    pq.write_table(table, path)
    with pytest.raises(TimelineLoadError) as whole:
        load(path)
    tl = load(path, phased=True)  # the keys are good
    assert len(tl) == table.num_rows
    with pytest.raises(TimelineLoadError) as later:
        timeline.complete(tl)
    assert [str(p) for p in later.value.problems] == [str(p) for p in whole.value.problems]
    assert later.value.problems[0].row == 2
    assert later.value.problems[0].field == "summary"
    with pytest.raises(TimelineLoadError):  # the same again, and for an event made
        timeline.complete(tl)
    with pytest.raises(TimelineLoadError):
        tl.events[0]
    assert not timeline.is_complete(tl)


def test_bad_citations_and_links_are_found_when_completed(tmp_path: Path) -> None:
    table = to_table(load(DATA))
    cited = next(r for r, c in enumerate(table.column("sources").to_pylist()) if c)

    def unknown_source(citations: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**citations[0], "source": "nowhere"}, *citations[1:]]

    for column, row, change in (
        ("sources", cited, unknown_source),
        ("related", 0, lambda _: [{"kind": "causes", "event": "no-such-event", "note": None}]),
    ):
        path = tmp_path / f"bad-{column}.parquet"
        pq.write_table(_with(table, column, row, change), path)
        with pytest.raises(TimelineLoadError) as whole:
            load(path)
        tl = load(path, phased=True)
        with pytest.raises(TimelineLoadError) as later:
            timeline.complete(tl)
        assert [str(p) for p in later.value.problems] == [str(p) for p in whole.value.problems]


def test_bad_keys_are_refused_by_the_phased_load_itself(tmp_path: Path) -> None:
    table = _with(to_table(load(DATA)), "when", 1, lambda _: "2017-13-01")
    path = tmp_path / "bad.parquet"
    pq.write_table(table, path)
    with pytest.raises(TimelineLoadError) as whole:
        load(path)
    with pytest.raises(TimelineLoadError) as phased:
        load(path, phased=True)
    assert [str(p) for p in phased.value.problems] == [str(p) for p in whole.value.problems]


@pytest.mark.parametrize(
    ("column", "change"),
    [
        ("id", lambda _: "not an id"),
        ("id", None),  # (the id of the row before: given twice)
        ("title", lambda _: "  "),
        ("title", lambda _: "x" * (MAX_SHORT_TEXT + 1)),
    ],
)
def test_bad_ids_and_titles_are_found_when_completed(
    tmp_path: Path, column: str, change: Any
) -> None:
    """The first frame needs neither the ids nor the titles checked: a phased load checks them
    with the rest (beside it, on a thread), with the problems of a load checked whole."""
    table = to_table(load(DATA))
    if change is None:
        first = table.column("id")[2].as_py()
        change = lambda _: first  # noqa: E731
    path = tmp_path / "bad.parquet"
    pq.write_table(_with(table, column, 3, change), path)
    with pytest.raises(TimelineLoadError) as whole:
        load(path)
    tl = load(path, phased=True)  # the dates and the order are good
    assert len(tl) == table.num_rows
    with pytest.raises(TimelineLoadError) as later:
        timeline.complete(tl)
    assert [str(p) for p in later.value.problems] == [str(p) for p in whole.value.problems]
    assert later.value.problems[0].field in (column, f"events[3].{column}")
    assert not timeline.is_complete(tl)


def test_a_phased_load_hashes_the_ids_when_one_is_first_looked_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from timeline import id_column

    calls: list[int] = []
    hashes_of = id_column.hashes_of

    def counted(pa_: Any, values: Any) -> Any:
        calls.append(len(values))
        return hashes_of(pa_, values)

    monkeypatch.setattr(id_column, "hashes_of", counted)
    whole = load(DATA)
    path = tmp_path / "events.parquet"
    dump(whole, path)
    calls.clear()
    tl = load(path, phased=True)
    assert calls == []  # (none before the first frame)
    events = _columns(tl)
    last = whole.events[-1].id
    found: list[object] = []
    threads = [
        threading.Thread(target=lambda: found.append(events.positions[last])) for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert found == [len(tl) - 1] * 4
    assert calls == [len(tl)]  # (the column hashed once, by the first thread that asked)
    assert "no-such-id" not in events.positions
    timeline.complete(tl)  # (hashes the links' targets alone: not the ids again)
    assert calls[0] == len(tl)
    assert len(tl) not in calls[1:]
    assert tl == whole


def test_a_file_written_over_before_the_second_phase_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    dump(load(DATA), path)
    tl = load(path, phased=True)
    with path.open("ab") as f:  # written over in place (not replaced by a rename)
        f.write(b"more")
    with pytest.raises(TimelineError, match="changed on disk after it was loaded"):
        timeline.complete(tl)


def test_threads_asking_at_once_complete_it_once(tmp_path: Path) -> None:
    whole = load(DATA)
    path = tmp_path / "events.parquet"
    dump(whole, path)
    tl = load(path, phased=True)
    found: list[object] = []
    threads = [
        threading.Thread(target=lambda: found.append(tl.events[len(tl) - 1])) for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert found == [whole.events[-1]] * 4
    assert timeline.is_complete(tl)


def test_toml_and_datasets_are_checked_whole_even_when_phased(tmp_path: Path) -> None:
    tl = load(DATA, phased=True)
    assert timeline.is_complete(tl)
    assert tl == load(DATA)


@pytest.mark.parametrize(
    ("column", "change"),
    [
        ("precision", lambda _: "second"),
        ("uncertain", lambda flag: not flag),
        ("earliest_day", lambda day: day + dt.timedelta(days=1)),
        ("latest_day", lambda _: None),
        ("earliest", lambda instant: instant + dt.timedelta(seconds=1)),
        ("latest", lambda _: None),
    ],
)
def test_derived_columns_that_disagree_are_found_when_completed(
    tmp_path: Path, column: str, change: Any
) -> None:
    """The first frame needs the dates, not the columns derived from them: a phased load
    compares those with the rest (by fingerprint), with the problems of a load checked whole."""
    table = to_table(load(DATA))  # (row 3: a time of day, its instants given)
    path = tmp_path / "bad.parquet"
    pq.write_table(_with(table, column, 3, change), path)
    with pytest.raises(TimelineLoadError) as whole:
        load(path)
    tl = load(path, phased=True)
    assert len(tl) == table.num_rows
    with pytest.raises(TimelineLoadError) as later:
        timeline.complete(tl)
    assert [str(p) for p in later.value.problems] == [str(p) for p in whole.value.problems]
    assert (later.value.problems[0].row, later.value.problems[0].field) == (3, column)


def test_a_phased_load_reads_the_derived_columns_only_when_completed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from timeline import parquet_source

    read: list[str] = []
    batches = parquet_source.FileSource._batches

    def noted(self: parquet_source.FileSource, columns: Any, **how: Any) -> Any:
        read.extend(columns)
        return batches(self, columns, **how)

    monkeypatch.setattr(parquet_source.FileSource, "_batches", noted)
    path = tmp_path / "events.parquet"
    dump(load(DATA), path)
    tl = load(path, phased=True)
    assert not set(read) & set(parquet_source.DERIVED)
    timeline.complete(tl)
    assert set(read) >= set(parquet_source.DERIVED)
    assert tl == load(DATA)
