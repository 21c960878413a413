"""Partitioned Parquet datasets (timeline/dataset.py): the round trip, the statistics (density
and windows from the footers alone), and bad datasets named by file, row and column."""

from __future__ import annotations

import datetime as dt
import json
import math
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from tests.strategies import timelines  # noqa: E402
from timeline import (  # noqa: E402
    Event,
    Link,
    Timeline,
    TimelineError,
    TimelineLoadError,
    TimelineWarning,
    When,
    load,
)
from timeline.dataset import (  # noqa: E402
    HEADER_FILE,
    Dataset,
    is_dataset,
    write,
    year_edges,
)
from timeline.parquet_io import to_table  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "data" / "events.toml"
EPOCH = dt.date(1970, 1, 1)


def _day(text: str) -> int:
    return (dt.date.fromisoformat(text) - EPOCH).days


def _problems(exc: pytest.ExceptionInfo[TimelineLoadError]) -> list[str]:
    return [str(p) for p in exc.value.problems]


def _spanning() -> Timeline:
    """Events in 2016-2018, one spanning from 2016 into 2018, linked across years."""
    return Timeline(
        "Spanning",
        [
            Event("long", "Long", When.parse("2016-11-01/2018-02-01"), tags=("a",)),
            Event("y16", "In 2016", When.parse("2016-03-04")),
            Event("y17", "In 2017", When.parse("2017-06"), related=(Link("follows", "y16"),)),
            Event(
                "y18",
                "In 2018",
                When.parse("2018-07-08T10:00", "Europe/Paris"),
                related=(Link("follows", "y17"),),
            ),
        ],
    )


def _file(folder: Path, year: int | str) -> Path:
    (path,) = (folder / f"year={year}").glob("*.parquet")
    return path


# -- round trips --------------------------------------------------------------------


def test_the_sample_data_round_trips_through_a_dataset(tmp_path: Path) -> None:
    tl = load(DATA)
    folder = tmp_path / "events"
    write(tl, folder)
    assert sorted(p.name for p in folder.iterdir()) == [HEADER_FILE, "year=2017", "year=2018"]
    assert json.loads((folder / HEADER_FILE).read_text())["title"] == tl.title
    assert load(folder) == tl  # timeline.load reads a folder as a dataset
    assert Dataset.open(folder).rows == len(tl)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines(), st.sampled_from([("year",), ("year", "month")]), st.integers(1, 4))
def test_load_of_write_is_the_timeline(
    tl: Timeline, keys: tuple[str, ...], rows_per_group: int
) -> None:
    with tempfile.TemporaryDirectory() as parent:
        folder = Path(parent) / "ds"
        write(tl, folder, partition_by=keys, rows_per_group=rows_per_group)
        dataset = Dataset.open(folder)
        assert dataset.rows == len(tl)
        assert dataset.load() == tl


def test_deep_time_goes_to_the_null_partition(tmp_path: Path) -> None:
    tl = Timeline(
        "Deep",
        [
            Event("egypt", "Egypt", When.parse("-1985-04-12")),
            Event("permian", "Permian", When.parse("Y-170000002")),
            Event("open", "Open start", When.parse("../2017-05")),
        ],
    )
    with pytest.warns(TimelineWarning, match="permian"):
        write(tl, tmp_path / "ds")
    assert sorted(p.name for p in (tmp_path / "ds").iterdir()) == [
        HEADER_FILE,
        "year=-1985",
        "year=__HIVE_DEFAULT_PARTITION__",
    ]
    dataset = Dataset.open(tmp_path / "ds")
    assert dataset.load() == tl
    # the null partition (no first day) may touch any window: it is always read
    assert [e.id for e in dataset.load((_day("2000-01-01"), _day("2000-01-01")))] == [
        "open",
        "permian",
    ]


# -- statistics ---------------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines(max_events=12), st.integers(1, 5))
def test_density_from_statistics_is_the_loaded_events_by_year(
    tl: Timeline, rows_per_group: int
) -> None:
    with tempfile.TemporaryDirectory() as parent:
        folder = Path(parent) / "ds"
        write(tl, folder, rows_per_group=rows_per_group)
        dataset = Dataset.open(folder)
        edges = year_edges(1, 9998)
        from_statistics = dataset.density(edges)
        days = to_table(dataset.load()).column("earliest_day").cast(pa.int32()).to_pylist()
        counted = [0.0] * (len(edges) - 1)
        for day in days:
            if day is not None and edges[0] <= day < edges[-1]:
                counted[_bin(edges, day)] += 1
        assert from_statistics == pytest.approx(counted)


def _bin(edges: list[float], day: int) -> int:
    import bisect

    return bisect.bisect_right(edges, day) - 1


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines(max_events=10), st.integers(-200_000, 30_000), st.integers(0, 20_000))
def test_a_window_reads_every_event_that_touches_it(tl: Timeline, lo: int, length: int) -> None:
    hi = lo + length
    with tempfile.TemporaryDirectory() as parent:
        folder = Path(parent) / "ds"
        write(tl, folder)
        dataset = Dataset.open(folder)
        table = to_table(tl)
        firsts = table.column("earliest_day").cast(pa.int32()).to_pylist()
        lasts = table.column("latest_day").cast(pa.int32()).to_pylist()
        touching = {
            e.id
            for e, first, last in zip(tl.events, firsts, lasts, strict=True)
            if (first is None or first <= hi) and (last is None or last >= lo)
        }
        loaded = dataset.load((lo, hi))
        assert {e.id for e in loaded} == touching  # those rows of their files, no others
        assert len(loaded) <= dataset.rows_touching(lo, hi)  # (the budget's upper bound)


def test_a_span_is_found_from_the_partition_of_its_start(tmp_path: Path) -> None:
    write(_spanning(), tmp_path / "ds")
    dataset = Dataset.open(tmp_path / "ds")
    assert [dict(p.keys)["year"] for p in dataset.parts] == [2016, 2017, 2018]
    # a window in 2017 reads 2016's file too: its latest_day statistic reaches 2018
    in_2017 = dataset.touching(_day("2017-01-01"), _day("2017-01-31"))
    assert [dict(p.keys)["year"] for p in in_2017] == [2016]
    window = dataset.load((_day("2017-01-01"), _day("2017-01-31")))
    assert [e.id for e in window] == ["long"]  # (y16, in the same file, ends in 2016)
    assert dataset.span() == (_day("2016-03-04"), _day("2018-07-08"))


def test_a_window_leaves_out_links_to_events_it_does_not_read(tmp_path: Path) -> None:
    write(_spanning(), tmp_path / "ds")
    dataset = Dataset.open(tmp_path / "ds")
    july = dataset.load((_day("2018-07-01"), _day("2018-07-31")))
    assert [e.id for e in july] == ["y18"]
    assert july["y18"].related == ()  # y17 is in 2017's file, not read
    assert dataset.load()["y18"].related == (Link("follows", "y17"),)


def test_a_window_keeps_its_links_to_events_not_read_beside_it(tmp_path: Path) -> None:
    write(_spanning(), tmp_path / "ds")
    dataset = Dataset.open(tmp_path / "ds")
    july = dataset.read((_day("2018-07-01"), _day("2018-07-31")))
    assert [e.id for e in july.timeline] == ["y18"]
    assert july.outside == {"y18": (Link("follows", "y17"),)}
    assert dataset.read().outside == {}  # (the whole dataset: every link is in it)
    # where such a link leads, from the id and bound columns alone
    assert dataset.locate("y17") == (_day("2017-06-01"), _day("2017-06-30"))
    assert dataset.locate("long") == (_day("2016-11-01"), _day("2018-02-01"))
    assert dataset.locate("nowhere") is None
    to_2017 = dataset.read((_day("2017-06-01"), _day("2017-06-30")))
    assert "y17" in to_2017.timeline
    assert to_2017.outside == {"y17": (Link("follows", "y16"),)}  # (y16 ends before June 2017)


def test_density_from_the_footers_alone(tmp_path: Path) -> None:
    write(_spanning(), tmp_path / "ds")
    dataset = Dataset.open(tmp_path / "ds")
    for part in dataset.parts:
        part_file = Path(part.name)
        part_file.write_bytes(part_file.read_bytes()[:4] + b"\0" * 16 + part_file.read_bytes()[20:])
    # the rows are unreadable now; the statistics were read when the dataset was opened
    assert dataset.density(year_edges(2016, 2018)) == [2.0, 1.0, 1.0]


def test_density_counts_a_file_that_mixes_open_starts_and_days(tmp_path: Path) -> None:
    # one file at the folder's top (no partition): a row group with an open start in it
    mixed = Timeline("Mixed", [*_spanning().events, Event("o", "Open", When.parse("../2016-05"))])
    (tmp_path / "ds").mkdir()
    pq.write_table(to_table(mixed), tmp_path / "ds" / "all.parquet")
    dataset = Dataset.open(tmp_path / "ds")
    assert dataset.parts[0].first == -math.inf  # (it may touch any window)
    # its four starts, spread over the group's days (one group: the bins cut it)
    assert sum(dataset.density(year_edges(2016, 2018))) == pytest.approx(4.0)
    assert list(dataset.load()) == list(mixed)  # (titled by the folder: no header file)


# -- a window reads its row groups and rows, not whole files -------------------------


def _months() -> Timeline:
    """An event on the 10th of each month of 2016, written three to a row group."""
    return Timeline(
        "Months",
        [Event(f"m{m:02}", f"Month {m}", When.parse(f"2016-{m:02}-10")) for m in range(1, 13)],
    )


def _spoil_row_groups(path: Path, groups: list[int]) -> None:
    """Overwrite every column chunk of those row groups of the file with junk."""
    metadata = pq.ParquetFile(path).metadata
    data = bytearray(path.read_bytes())
    for g in groups:
        group = metadata.row_group(g)
        for c in range(group.num_columns):
            chunk = group.column(c)
            start = chunk.data_page_offset
            if chunk.has_dictionary_page and chunk.dictionary_page_offset:
                start = min(start, chunk.dictionary_page_offset)
            data[start : start + chunk.total_compressed_size] = (
                b"\xff" * chunk.total_compressed_size
            )
    path.write_bytes(bytes(data))


def test_a_window_reads_only_the_row_groups_touching_it(tmp_path: Path) -> None:
    write(_months(), tmp_path / "ds", rows_per_group=3)
    path = _file(tmp_path / "ds", 2016)
    assert pq.ParquetFile(path).metadata.num_row_groups == 4
    dataset = Dataset.open(tmp_path / "ds")
    assert dataset.rows_touching(_day("2016-05-01"), _day("2016-05-31")) == 3  # (from footers)
    _spoil_row_groups(path, [0, 2, 3])  # all but April to June
    may = dataset.load((_day("2016-05-01"), _day("2016-05-31")))
    assert [e.id for e in may] == ["m05"]  # one row of the one group read
    with pytest.raises(TimelineLoadError):
        dataset.load()  # (the other groups are junk)


def _set_column(path: Path, column: str, values: dict[int, object]) -> None:
    table = pq.read_table(path)
    given = table.column(column).to_pylist()
    for row, value in values.items():
        given[row] = value
    where = table.schema.get_field_index(column)
    typed = pa.array(given, table.schema.field(column).type)
    pq.write_table(table.set_column(where, column, typed), path, row_group_size=3)


def test_a_window_checks_the_rows_it_reads_and_names_their_rows_in_the_file(
    tmp_path: Path,
) -> None:
    write(_months(), tmp_path / "ds", rows_per_group=3)
    path = _file(tmp_path / "ds", 2016)
    _set_column(path, "when", {1: "2016-13-10", 7: "2016-08-99"})  # February's, August's
    dataset = Dataset.open(tmp_path / "ds")
    may = dataset.load((_day("2016-05-01"), _day("2016-05-31")))
    assert [e.id for e in may] == ["m05"]  # the bad rows are not read, so not checked
    with pytest.raises(TimelineLoadError) as exc:
        dataset.load((_day("2016-08-01"), _day("2016-08-31")))
    (problem,) = exc.value.problems
    assert (problem.file, problem.row, problem.event, problem.field) == (
        str(path),
        7,
        "m08",
        "when",
    )
    with pytest.raises(TimelineLoadError) as exc:
        dataset.load()
    assert [(p.row, p.event) for p in exc.value.problems] == [(1, "m02"), (7, "m08")]


def test_a_window_names_the_file_row_of_an_event_in_the_wrong_partition(tmp_path: Path) -> None:
    events = [*_months().events, Event("x17", "In 2017", When.parse("2017-03-10"))]
    write(Timeline("Months", events), tmp_path / "ds", rows_per_group=3)
    wrong = _file(tmp_path / "ds", 2016)
    both = pa.concat_tables([pq.read_table(wrong), pq.read_table(_file(tmp_path / "ds", 2017))])
    pq.write_table(both, wrong, row_group_size=3)
    shutil.rmtree(tmp_path / "ds" / "year=2017")
    dataset = Dataset.open(tmp_path / "ds")
    with pytest.raises(TimelineLoadError) as exc:
        dataset.load((_day("2017-03-01"), _day("2017-03-31")))
    (problem,) = exc.value.problems
    assert (problem.file, problem.row, problem.field) == (str(wrong), 12, "earliest_day")
    assert "is not in this partition (year=2016, its year being 2017)" in problem.message


def test_a_window_names_a_duplicate_s_first_by_its_row_in_its_file(tmp_path: Path) -> None:
    events = [*_months().events, Event("x17", "In 2017", When.parse("2017-03-10"))]
    write(Timeline("Months", events), tmp_path / "ds", rows_per_group=3)
    second = _file(tmp_path / "ds", 2017)
    _set_column(second, "id", {0: "m08"})
    with pytest.raises(TimelineLoadError) as exc:
        Dataset.open(tmp_path / "ds").load((_day("2016-08-01"), _day("2017-12-31")))
    (problem,) = exc.value.problems
    assert (problem.file, problem.row, problem.field) == (str(second), 0, "id")
    assert problem.message == f"duplicate event id (first at {_file(tmp_path / 'ds', 2016)} row 7)"


# -- what other tools write ---------------------------------------------------------


def test_the_layout_duckdb_and_spark_write(tmp_path: Path) -> None:
    """Files named as they name them, the partition column not in the files (or in them),
    a null partition written 'NULL', a _SUCCESS marker, no header file."""
    table = to_table(_spanning()).replace_schema_metadata(None)
    folder = tmp_path / "from_spark"
    years = table.column("earliest_day").cast(pa.int32()).to_pylist()
    for year in (2016, 2017, 2018):
        rows = [
            i
            for i, d in enumerate(years)
            if dt.date.fromordinal(EPOCH.toordinal() + d).year == year
        ]
        (folder / f"year={year}").mkdir(parents=True)
        part = table.take(rows)
        if year == 2018:  # (DuckDB's WRITE_PARTITION_COLUMNS)
            part = part.append_column("year", pa.array([year] * len(rows), pa.int64()))
        pq.write_table(part, folder / f"year={year}" / "part-00000-1a2b.c000.snappy.parquet")
    (folder / "year=NULL").mkdir()
    pq.write_table(table.slice(0, 0), folder / "year=NULL" / "data_0.parquet")
    (folder / "_SUCCESS").write_bytes(b"")
    (folder / "year=2016" / ".part-00000-1a2b.c000.snappy.parquet.crc").write_bytes(b"x")
    tl = load(folder)
    assert tl.title == "from_spark"  # no header file: the folder's name
    assert [e.id for e in tl] == [e.id for e in _spanning()]


# -- bad datasets -------------------------------------------------------------------


def test_an_event_in_the_partition_of_another_year(tmp_path: Path) -> None:
    write(_spanning(), tmp_path / "ds")
    wrong, right = _file(tmp_path / "ds", 2017), _file(tmp_path / "ds", 2018)
    shutil.move(right, wrong.parent / "part-1.parquet")
    with pytest.raises(TimelineLoadError) as exc:
        load(tmp_path / "ds")
    assert _problems(exc) == [
        f"{wrong.parent / 'part-1.parquet'}: row 0: earliest_day: earliest_day 2018-07-08 is not"
        " in this partition (year=2017, its year being 2018): an event belongs to the"
        " partition of its first day"
    ]


def test_bad_edtf_in_a_partition_names_the_file_row_and_column(tmp_path: Path) -> None:
    write(_spanning(), tmp_path / "ds")
    path = _file(tmp_path / "ds", 2018)
    table = pq.read_table(path)
    table = table.set_column(
        table.schema.get_field_index("when"), "when", pa.array(["2018-13-08T10:00"])
    )
    pq.write_table(table, path)
    with pytest.raises(TimelineLoadError) as exc:
        load(tmp_path / "ds")
    (problem,) = exc.value.problems
    assert (problem.file, problem.row, problem.event, problem.field) == (
        str(path),
        0,
        "y18",
        "when",
    )
    assert "not a valid date" in problem.message


def test_bounds_that_disagree_name_the_file_and_its_row(tmp_path: Path) -> None:
    write(_spanning(), tmp_path / "ds")
    path = _file(tmp_path / "ds", 2016)
    table = pq.read_table(path)  # rows: y16, long
    days = table.column("latest_day").cast(pa.int32()).to_pylist()
    days[1] += 1
    where = table.schema.get_field_index("latest_day")
    pq.write_table(
        table.set_column(where, "latest_day", pa.array(days, pa.int32()).cast(pa.date32())), path
    )
    with pytest.raises(TimelineLoadError) as exc:
        load(tmp_path / "ds")
    assert _problems(exc) == [
        f"{path}: row 1: latest_day: latest_day 2018-02-02 disagrees with when"
        " '2016-11-01/2018-02-01' (latest_day 2018-02-01)"
    ]


def test_missing_and_mistyped_columns_are_named_by_file(tmp_path: Path) -> None:
    write(_spanning(), tmp_path / "ds")
    no_days = _file(tmp_path / "ds", 2017)
    pq.write_table(pq.read_table(no_days).drop_columns(["latest_day"]), no_days)
    with pytest.raises(TimelineLoadError) as exc:
        Dataset.open(tmp_path / "ds")
    assert _problems(exc) == [
        f"{no_days}: latest_day: missing column (a dataset's files need it: its statistics"
        " place the file in time)"
    ]
    pq.write_table(to_table(_spanning()).slice(2, 1), no_days)  # (y17 back)
    typed = _file(tmp_path / "ds", 2018)
    table = pq.read_table(typed)
    table = table.set_column(table.schema.get_field_index("title"), "title", pa.array([7]))
    pq.write_table(table.drop_columns(["id"]), typed)
    with pytest.raises(TimelineLoadError) as exc:
        load(tmp_path / "ds")
    assert _problems(exc) == [
        f"{typed}: id: missing column (required)",
        f"{typed}: title: expected a column of string, found int64",
    ]


def test_a_duplicate_id_across_partitions_names_the_second(tmp_path: Path) -> None:
    write(_spanning(), tmp_path / "ds")
    path = _file(tmp_path / "ds", 2018)
    table = pq.read_table(path)
    table = table.set_column(table.schema.get_field_index("id"), "id", pa.array(["y17"]))
    pq.write_table(table, path)
    with pytest.raises(TimelineLoadError) as exc:
        load(tmp_path / "ds")
    (problem,) = exc.value.problems
    assert (problem.file, problem.row, problem.field) == (str(path), 0, "id")
    first = _file(tmp_path / "ds", 2017)
    assert problem.message == f"duplicate event id (first at {first} row 0)"


@pytest.mark.parametrize(
    ("folder", "message"),
    [
        ("region=eu", "not a partition folder: expected a partition folder year=VALUE"),
        ("year=soon", "the year 'soon' is not a whole number"),
        ("year=2017/day=3", "not a partition folder: expected a partition folder month=VALUE"),
        ("year=2017/month=13", "the month 13 is not 1 to 12"),
    ],
)
def test_bad_partition_folders(tmp_path: Path, folder: str, message: str) -> None:
    write(_spanning(), tmp_path / "ds")
    (tmp_path / "ds" / folder).mkdir(parents=True)
    with pytest.raises(TimelineLoadError) as exc:
        Dataset.open(tmp_path / "ds")
    assert _problems(exc) == [f"{tmp_path / 'ds' / folder}: {message}"]


def test_a_bad_header_file_and_a_file_that_is_not_parquet(tmp_path: Path) -> None:
    write(_spanning(), tmp_path / "ds")
    (tmp_path / "ds" / HEADER_FILE).write_text("[1, 2]")
    (tmp_path / "ds" / "year=2017" / "notes.parquet").write_text("not parquet")
    with pytest.raises(TimelineLoadError) as exc:
        Dataset.open(tmp_path / "ds")
    problems = _problems(exc)
    assert problems[0] == f"{tmp_path / 'ds' / HEADER_FILE}: not a JSON object"
    assert problems[1].startswith(
        f"{tmp_path / 'ds' / 'year=2017' / 'notes.parquet'}: not a Parquet"
    )
    (tmp_path / "ds" / "year=2017" / "notes.parquet").unlink()
    (tmp_path / "ds" / HEADER_FILE).write_text(json.dumps({"title": "T", "tz": "Mars/Base"}))
    with pytest.raises(TimelineLoadError) as exc:
        load(tmp_path / "ds")
    (problem,) = exc.value.problems
    assert (problem.file, problem.row, problem.field) == (
        str(tmp_path / "ds" / HEADER_FILE),
        None,
        "tz",
    )


def test_a_folder_without_a_dataset_is_not_read_as_one(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    assert not is_dataset(tmp_path)
    with pytest.raises(TimelineLoadError, match="it is a directory"):
        load(tmp_path)


def test_write_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "ds").mkdir()
    write(_spanning(), tmp_path / "ds")  # an empty folder is replaced
    with pytest.raises(TimelineError, match="exists and is not an empty folder"):
        write(_spanning(), tmp_path / "ds")
    with pytest.raises(TimelineError, match="partition by 'year' or by 'year,month'"):
        write(_spanning(), tmp_path / "other", partition_by=("month",))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ds"]  # nothing half-written


def test_empty_timeline(tmp_path: Path) -> None:
    write(Timeline("Nothing"), tmp_path / "ds")
    dataset = Dataset.open(tmp_path / "ds")
    assert dataset.rows == 0
    assert all(math.isnan(x) for x in dataset.span())
    assert dataset.load() == Timeline("Nothing")


def test_a_partition_beyond_64_bits_names_its_events_as_in_the_wrong_partition(
    tmp_path: Path,
) -> None:
    write(_spanning(), tmp_path / "ds")
    (tmp_path / "ds" / "year=2017").rename(tmp_path / "ds" / f"year={2**64}")
    with pytest.raises(TimelineLoadError) as exc:
        Dataset.open(tmp_path / "ds").load()
    (problem,) = exc.value.problems
    assert problem.field == "earliest_day"
    assert f"is not in this partition (year={2**64}, its year being 2017)" in problem.message
