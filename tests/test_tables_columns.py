"""``to_arrow()`` and ``to_pandas()`` of a timeline held as a Parquet file's columns: read
from the columns, no event made, and the same table as the events give.

The oracle is the table built from the events themselves (``_from_events``: every event made,
as the only path did before), or the one of the same timeline built in memory.
"""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
pd = pytest.importorskip("pandas")

from tests.strategies import timelines  # noqa: E402
from timeline import (  # noqa: E402
    Citation,
    Event,
    Place,
    Source,
    Timeline,
    TimelineError,
    TimelineWarning,
    When,
    dump,
    dumps,
    load,
    loads,
    parquet_source,
)
from timeline import _toml_columns as toml_columns  # noqa: E402
from timeline.columns import EventColumns  # noqa: E402
from timeline.parquet_io import to_table  # noqa: E402
from timeline.tables import COLUMNS, arrow_arrays, date32_columns  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "data" / "events.toml"


def _made(tl: Timeline) -> int:
    events = tl.events
    assert isinstance(events, EventColumns)
    return events._events.made()


def _from_events(tl: Timeline) -> Any:
    """The table as the events give it (each event made: the generic path)."""
    arrays = arrow_arrays(pa, date32_columns(tl))
    return pa.Table.from_arrays([arrays[c] for c in COLUMNS], names=list(COLUMNS))


def _same(tl: Timeline, expected: Timeline) -> None:
    """``tl`` (held as columns) gives the tables of ``expected``, without making an event."""
    table = tl.to_arrow()
    frame = tl.to_pandas()
    assert _made(tl) == 0
    wanted = expected.to_arrow()
    assert table.schema == wanted.schema
    for name in COLUMNS:
        assert table.column(name).to_pylist() == wanted.column(name).to_pylist(), name
    pd.testing.assert_frame_equal(frame, expected.to_pandas())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines(max_events=8))
def test_a_parquet_timeline_gives_the_table_of_its_events(tl: Timeline) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = folder / "t.parquet"
        dump(tl, path)
        for phased in (False, True):
            _same(load(path, phased=phased), tl)


def test_the_sample_data_read_back_from_the_file_and_shuffled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # nothing but the keys held (the rest read back from the file, as at ten million
    # events), and the rows of the file in another order than the timeline's
    monkeypatch.setattr(parquet_source, "HOLD_BYTES", 0)
    monkeypatch.setattr(parquet_source, "PART_ROWS", 3)
    tl = load(DATA)
    table = to_table(tl)
    path = tmp_path / "shuffled.parquet"
    pq.write_table(table.take(pa.array(list(range(len(tl)))[::-1])), path, row_group_size=4)
    loaded = load(path)
    assert loaded.events.rows[0] == len(tl) - 1  # type: ignore[attr-defined]
    _same(loaded, tl)


def test_a_file_of_another_tool_other_layouts_and_columns_left_out(tmp_path: Path) -> None:
    tl = Timeline(
        "T",
        [
            Event("a", "A", When.parse("2017-09-24/2017-09-27"), tags=("x", "y")),
            Event(
                "b",
                "B",
                When.parse("2017-10-01T13:00", "Europe/Paris"),
                places=(Place("Paris", lat=48.86, lon=2.35),),
                sources=(Citation("s"),),
                summary="Said.",
            ),
            Event("c", "C", When.parse("2017-10~")),
        ],
        sources=(Source("s", "S"),),
    )
    table = to_table(tl)
    text = pa.large_string()
    ids = table.column("id").to_pylist()
    tags = [["x", "y"] if i == "a" else None for i in ids]
    summaries = ["Said." if i == "b" else None for i in ids]
    given = pa.table(
        {
            "id": table.column("id").cast(text),
            "title": table.column("title").dictionary_encode(),
            "when": table.column("when"),
            "tz": table.column("tz").cast(text),
            "tags": pa.array(tags, pa.large_list(pa.string())),
            "places": table.column("places"),
            "sources": table.column("sources"),
            "summary": pa.array(summaries, text),
        }  # (no status, no column derived from the dates)
    )
    path = tmp_path / "other.parquet"
    pq.write_table(given.replace_schema_metadata(table.schema.metadata), path)
    _same(load(path), tl)


def test_days_further_than_date32_are_named_as_the_events_name_them(tmp_path: Path) -> None:
    tl = loads(
        'title = "Deep"\n\n[[events]]\nid = "permian"\ntitle = "P"\nwhen = "Y-170000002"\n\n'
        '[[events]]\nid = "bce"\ntitle = "B"\nwhen = "-1985"\n'
    )
    path = tmp_path / "deep.parquet"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimelineWarning)
        dump(tl, path)
    loaded = load(path)
    with pytest.warns(TimelineWarning) as held:
        table = loaded.to_arrow()
    with pytest.warns(TimelineWarning) as made:
        expected = tl.to_arrow()
    assert [str(w.message) for w in held] == [str(w.message) for w in made]
    assert "permian" in str(held[0].message)
    assert table.equals(expected)
    frame = loaded.to_pandas().set_index("id")  # (pandas holds the day itself)
    assert not pd.isna(frame.loc["permian", "earliest_day"])
    pd.testing.assert_frame_equal(loaded.to_pandas(), tl.to_pandas())
    assert _made(loaded) == 0


def test_the_generic_path_agrees_on_the_same_loaded_timeline() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = folder / "sample.parquet"
        dump(load(DATA), path)
        held = load(path).to_arrow()
        assert held.equals(_from_events(load(path)))


def test_a_file_written_over_in_place_is_refused_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parquet_source, "HOLD_BYTES", 0)  # (the rest read back from the file)
    path = tmp_path / "t.parquet"
    dump(load(DATA), path)
    tl = load(path)
    with path.open("r+b") as f:
        f.seek(0, 2)
        f.write(b"appended")
    with pytest.raises(TimelineError, match="changed on disk"):
        tl.to_arrow()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines(max_events=8))
def test_a_toml_timeline_held_as_columns_gives_the_table_of_its_events(tl: Timeline) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(toml_columns, "COLUMNS_FROM", 0)  # (every file loads into columns)
        loaded = loads(dumps(tl))
    if len(tl):
        assert isinstance(loaded.events, EventColumns)
    _same(loaded, tl)


def test_the_sample_data_as_toml_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(toml_columns, "COLUMNS_FROM", 0)
    loaded = load(DATA)
    monkeypatch.setattr(toml_columns, "COLUMNS_FROM", 10**12)
    _same(loaded, load(DATA))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines(max_events=8))
def test_a_toml_timeline_held_as_columns_is_written_to_parquet_without_its_dates(
    tl: Timeline,
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(toml_columns, "COLUMNS_FROM", 0)
        loaded = loads(dumps(tl))
    table = to_table(loaded)
    if len(tl):
        assert _made(loaded) == 0  # (no event kept, no date made)
    assert table.equals(to_table(tl))
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        dump(loaded, folder / "t.parquet")
        assert load(folder / "t.parquet") == tl


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines(max_events=8))
def test_a_parquet_timeline_is_written_again_from_its_columns(tl: Timeline) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        dump(tl, folder / "t.parquet")
        for phased in (False, True):
            loaded = load(folder / "t.parquet", phased=phased)
            table = to_table(loaded)
            if len(tl):
                assert _made(loaded) == 0  # (the nested columns copied, no event made)
            assert table.equals(to_table(tl))
            assert table.schema.metadata == to_table(tl).schema.metadata


def test_nested_columns_of_another_layout_are_written_as_their_events_give_them(
    tmp_path: Path,
) -> None:
    # empty lists where the writer has null, a zone beside a reported day (which its date
    # drops): copied as the events would write them; nested columns of another layout
    # (large strings) are written from the events
    tl = Timeline(
        "T",
        [
            Event(
                "a",
                "A",
                When.parse("2017-09-24"),
                sources=(
                    Citation("s", reported=When.parse("2017-09-23")),
                    Citation("s", reported=When.parse("2017-09-23T10:00", "Europe/Paris")),
                ),
            ),
            Event("b", "B", When.parse("2017-10-01"), places=(Place("Paris"),)),
        ],
        sources=(Source("s", "S"),),
    )
    table = to_table(tl)
    sources = table.column("sources").to_pylist()
    for row in sources:
        for citation in row or ():
            if citation["reported"] == "2017-09-23":
                citation["reported_tz"] = "Europe/Paris"  # (given; the date drops it)
    places = [p or [] for p in table.column("places").to_pylist()]  # (empty, not null)
    kinds = {name: table.schema.field(name).type for name in table.schema.names}
    given = table.set_column(
        table.schema.get_field_index("sources"), "sources", pa.array(sources, kinds["sources"])
    ).set_column(
        table.schema.get_field_index("places"), "places", pa.array(places, kinds["places"])
    )
    assert given.column("places").null_count == 0
    path = tmp_path / "given.parquet"
    pq.write_table(given, path)
    loaded = load(path)
    assert to_table(loaded).equals(table)
    assert _made(loaded) == 0
    assert loaded == tl
    # another layout of a nested column: written from the events, the same table
    other = given.set_column(
        given.schema.get_field_index("people"),
        "people",
        pa.array(
            given.column("people").to_pylist(),
            pa.list_(pa.struct([("name", pa.large_string()), ("role", pa.large_string())])),
        ),
    )
    pq.write_table(other, path)
    loaded = load(path)
    assert to_table(loaded).equals(table)
    assert _made(loaded) == len(tl)
