"""Timelines as Parquet: ``timeline.load``/``dump`` of ``.parquet``, the round-trip law, and bad
files (missing columns, wrong types, bad EDTF, bounds that disagree with the EDTF)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from tests.strategies import timelines  # noqa: E402
from timeline import (  # noqa: E402
    Event,
    Figure,
    Place,
    Timeline,
    TimelineError,
    TimelineLoadError,
    TimelineWarning,
    When,
    dump,
    dumps,
    load,
    loads,
)
from timeline.parquet_io import COLUMNS_PARQUET, METADATA_KEY, to_table  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "data" / "events.toml"


def _problems(exc: pytest.ExceptionInfo[TimelineLoadError]) -> list[str]:
    return [str(p) for p in exc.value.problems]


def _small() -> Timeline:
    return Timeline(
        "Small",
        [
            Event("a", "A", When.parse("2017-09-24/2017-09-27", "America/Chicago")),
            Event(
                "b",
                "B",
                When.parse("2017-10-01T13:00", "Europe/Paris"),
                places=(Place("Paris", lat=48.86, lon=2.35),),
                figures=(Figure("arrested", 498), Figure("share", 0.5)),
            ),
        ],
    )


def _write(table: Any, path: Path) -> Path:
    pq.write_table(table, path)
    return path


# -- round trips ------------------------------------------------------------------------


def test_the_sample_data_round_trips_through_parquet(tmp_path: Path) -> None:
    tl = load(DATA)
    path = tmp_path / "events.parquet"
    dump(tl, path)
    back = load(path)
    assert back == tl
    assert dumps(back) == dumps(tl)  # integers stay integers, text stays exact


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines())
def test_load_of_dump_is_the_timeline(tl: Timeline) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.parquet"
        dump(tl, path)
        assert load(path) == tl


def test_the_file_has_the_documented_columns_and_header(tmp_path: Path) -> None:
    path = tmp_path / "t.parquet"
    dump(_small(), path)
    table = pq.read_table(path)
    assert tuple(table.schema.names) == COLUMNS_PARQUET
    assert b'"title": "Small"' in table.schema.metadata[METADATA_KEY]
    figures = table.column("figures").to_pylist()
    b = table.column("id").to_pylist().index("b")
    assert figures[b] == [
        {"name": "arrested", "integer": 498, "number": None},
        {"name": "share", "integer": None, "number": 0.5},
    ]


def test_dump_is_atomic_and_refuses_a_read_only_file(tmp_path: Path) -> None:
    path = tmp_path / "t.parquet"
    dump(_small(), path)
    path.chmod(0o444)
    with pytest.raises(TimelineError, match="read-only"):
        dump(_small(), path)
    dump(_small(), path, force=True)
    assert load(path) == _small()


def test_a_file_without_the_header_is_titled_by_its_name(tmp_path: Path) -> None:
    table = to_table(_small()).replace_schema_metadata(None)
    tl = load(_write(table, tmp_path / "from-duckdb.parquet"))
    assert tl.title == "from-duckdb"
    assert [e.id for e in tl] == ["a", "b"]


def test_only_the_needed_columns_are_required(tmp_path: Path) -> None:
    table = to_table(_small()).select(["id", "title", "when", "tz"])
    tl = load(_write(table, tmp_path / "t.parquet"))
    assert tl["a"].when == _small()["a"].when


# -- bad files ---------------------------------------------------------------------------


def test_missing_unknown_and_mistyped_columns_are_named(tmp_path: Path) -> None:
    table = to_table(_small()).drop_columns(["when"])
    table = table.append_column("whence", pa.array(["x", "y"]))
    table = table.set_column(
        table.schema.get_field_index("title"), "title", pa.array([1, 2], type=pa.int64())
    )
    path = _write(table, tmp_path / "bad.parquet")
    with pytest.raises(TimelineLoadError) as exc:
        load(path)
    assert _problems(exc) == [
        f"{path}: when: missing column (required)",
        f"{path}: whence: unknown column (did you mean 'when'?)",
        f"{path}: title: expected a column of string, found int64",
    ]


def test_bad_edtf_names_the_row_and_column(tmp_path: Path) -> None:
    table = to_table(_small())
    whens = table.column("when").to_pylist()
    whens[1] = "2017-13-01"
    table = table.set_column(table.schema.get_field_index("when"), "when", pa.array(whens))
    path = _write(table, tmp_path / "bad.parquet")
    with pytest.raises(TimelineLoadError) as exc:
        load(path)
    event_id = table.column("id")[1].as_py()
    assert _problems(exc) == [
        f"{path}: row 1: event {event_id!r}: when: '2017-13-01' is not a valid date"
        " (month 13: expected 01–12)"
    ]


def test_bounds_that_disagree_with_the_edtf_are_refused(tmp_path: Path) -> None:
    table = to_table(_small())
    ids = table.column("id").to_pylist()
    row = ids.index("a")
    days = table.column("earliest_day").cast(pa.int32()).to_pylist()
    days[row] += 1
    column = pa.array(days, type=pa.int32()).cast(pa.date32())
    table = table.set_column(table.schema.get_field_index("earliest_day"), "earliest_day", column)
    path = _write(table, tmp_path / "bad.parquet")
    with pytest.raises(TimelineLoadError) as exc:
        load(path)
    assert _problems(exc) == [
        f"{path}: row {row}: earliest_day: earliest_day 2017-09-25 disagrees with"
        " when '2017-09-24/2017-09-27' (earliest_day 2017-09-24)"
    ]


def test_a_figure_with_both_or_no_value_is_refused(tmp_path: Path) -> None:
    table = to_table(_small())
    figures = table.column("figures").to_pylist()
    row = table.column("id").to_pylist().index("b")
    figures[row][0]["number"] = 1.5  # and "integer": 498
    kind = table.schema.field("figures").type
    table = table.set_column(
        table.schema.get_field_index("figures"), "figures", pa.array(figures, type=kind)
    )
    path = _write(table, tmp_path / "bad.parquet")
    with pytest.raises(TimelineLoadError) as exc:
        load(path)
    assert _problems(exc) == [f"{path}: row {row}: figures[0]: give one of 'integer' and 'number'"]


def test_a_bad_value_inside_a_struct_names_its_place(tmp_path: Path) -> None:
    table = to_table(_small())
    places = table.column("places").to_pylist()
    row = table.column("id").to_pylist().index("b")
    places[row][0]["lat"] = 123.0
    kind = table.schema.field("places").type
    table = table.set_column(
        table.schema.get_field_index("places"), "places", pa.array(places, type=kind)
    )
    path = _write(table, tmp_path / "bad.parquet")
    with pytest.raises(TimelineLoadError) as exc:
        load(path)
    (problem,) = _problems(exc)
    assert problem.startswith(f"{path}: row {row}: event 'b': places[0].lat: ")


def test_not_a_parquet_file(tmp_path: Path) -> None:
    path = tmp_path / "t.parquet"
    path.write_text('title = "TOML"\n', encoding="utf-8")
    with pytest.raises(TimelineLoadError) as exc:
        load(path)
    (problem,) = _problems(exc)
    assert problem.startswith(f"{path}: not a Parquet file (")


def test_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "none.parquet"
    with pytest.raises(TimelineLoadError) as exc:
        load(path)
    assert _problems(exc) == [f"{path}: cannot read: no such file"]


def test_without_pyarrow_the_error_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "t.parquet"
    dump(_small(), path)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(TimelineLoadError) as exc:
        load(path)
    assert 'pip install "edtf-timeline[arrow]"' in str(exc.value)
    with pytest.raises(TimelineError, match=r"edtf-timeline\[arrow\]"):
        dump(_small(), tmp_path / "u.parquet")


def test_many_disagreeing_bounds_are_counted_and_the_first_listed(tmp_path: Path) -> None:
    from benchmarks.generate import document
    from timeline.codec import from_data

    table = to_table(from_data(document(300, seed=7)))
    days = table.column("latest_day").cast(pa.int32()).to_pylist()
    shifted = [None if d is None else d + 1 for d in days]
    column = pa.array(shifted, type=pa.int32()).cast(pa.date32())
    table = table.set_column(table.schema.get_field_index("latest_day"), "latest_day", column)
    path = _write(table, tmp_path / "bad.parquet")
    with pytest.raises(TimelineLoadError) as exc:
        load(path)
    assert not exc.value.complete
    assert len(exc.value.problems) == 100
    assert exc.value.found > 100
    assert all(p.field == "latest_day" and p.row is not None for p in exc.value.problems)


def test_deep_time_round_trips_with_null_days_and_a_warning(tmp_path: Path) -> None:
    # days further than date32 holds (about 5.8 million years from 1970) were a pyarrow
    # ArrowInvalid traceback on dump; they are null in the file, named in a warning, and
    # the EDTF text (which holds the truth) loads back the same timeline
    tl = loads(
        'title = "Deep"\n\n[[events]]\nid = "permian"\ntitle = "P"\nwhen = "Y-170000002"\n\n'
        '[[events]]\nid = "bce"\ntitle = "B"\nwhen = "-1985"\n'
    )
    path = tmp_path / "deep.parquet"
    with pytest.warns(TimelineWarning, match="permian") as caught:
        dump(tl, path)
    assert all("bce" not in str(w.message) for w in caught)
    days = pq.read_table(path).column("earliest_day").cast(pa.int32()).to_pylist()
    assert days[0] is None
    assert days[1] is not None
    assert load(path) == tl
