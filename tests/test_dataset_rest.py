"""What a window of a dataset did not read (timeline/_dataset_rest.py): the events left out,
counted where they start (the row groups not read from their statistics, the rows of those
read exactly), and how many of them link to each event read."""

from __future__ import annotations

import bisect
import datetime as dt
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pa = pytest.importorskip("pyarrow")

from tests.strategies import timelines  # noqa: E402
from timeline import Event, Link, Timeline, When  # noqa: E402
from timeline.dataset import Dataset, NotRead, write, year_edges  # noqa: E402
from timeline.parquet_io import to_table  # noqa: E402
from viewer.datasetplan import DAY, Plan, unread  # noqa: E402

EPOCH = dt.date(1970, 1, 1)


def _day(text: str) -> float:
    return float((dt.date.fromisoformat(text) - EPOCH).days)


def _spanning() -> Timeline:
    """Events in 2016-2018, one spanning from 2016 into 2018, linked across years."""
    return Timeline(
        "Spanning",
        [
            Event("long", "Long", When.parse("2016-11-01/2018-02-01")),
            Event("y16", "In 2016", When.parse("2016-03-04")),
            Event("y17", "In 2017", When.parse("2017-06"), related=(Link("follows", "y16"),)),
            Event(
                "y18",
                "In 2018",
                When.parse("2018-07-08"),
                related=(Link("follows", "y17"), Link("cites", "y17"), Link("after", "long")),
            ),
        ],
    )


def test_a_window_counts_what_it_did_not_read_exactly_by_year(tmp_path: Path) -> None:
    write(_spanning(), tmp_path / "ds")
    dataset = Dataset.open(tmp_path / "ds")
    window = dataset.read((_day("2017-01-01"), _day("2017-12-31")))
    assert sorted(e.id for e in window.timeline) == ["long", "y17"]
    rest = window.not_read
    assert rest.rows == 2
    # 2016's file was read (its long event touches 2017): y16, left out, counted by its day;
    # "long" is read, so not counted again where it starts, as the statistics alone count it
    assert rest.density(year_edges(2016, 2018)) == [1.0, 0.0, 1.0]
    assert dataset.density(year_edges(2016, 2018)) == [2.0, 1.0, 1.0]
    # y18 links to y17 twice (one event) and to long; y17's link to y16 is a link read
    assert window.incoming == {"y17": 1, "long": 1}
    assert window.outside == {"y17": (Link("follows", "y16"),)}
    whole = dataset.read()
    assert (whole.not_read, whole.incoming) == (NotRead(), {})


def test_the_rows_left_out_are_spread_over_their_day() -> None:
    rest = NotRead(3, days=(10, 12), counts=(1, 2))
    assert rest.density([0.0, 10.5, 12.0, 12.25, 20.0]) == [0.5, 0.5, 0.5, 1.5]
    assert rest.density([13.0, 20.0]) == [0.0]
    assert rest.density([0.0, 1.0]) == [0.0]
    assert rest.density([0.0]) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines(max_events=10), st.integers(-200_000, 30_000), st.integers(0, 20_000))
def test_a_window_s_events_not_read_and_their_links_are_counted_exactly(
    tl: Timeline, lo: int, length: int
) -> None:
    hi = lo + length
    with tempfile.TemporaryDirectory() as parent:
        folder = Path(parent) / "ds"
        write(tl, folder)  # (a file a year, one row group each: yearly bins hold whole groups)
        window = Dataset.open(folder).read((lo, hi))
    read = {e.id for e in window.timeline}
    days = to_table(tl).column("earliest_day").cast(pa.int32()).to_pylist()
    edges = year_edges(1, 9998)
    counted = [0.0] * (len(edges) - 1)
    linking: Counter[str] = Counter()
    for event, day in zip(tl.events, days, strict=True):
        if event.id in read:
            continue
        if day is not None and edges[0] <= day < edges[-1]:
            counted[bisect.bisect_right(edges, day) - 1] += 1
        linking.update({link.event for link in event.related} & read)
    assert window.not_read.rows == len(tl) - len(read)
    assert window.not_read.density(edges) == pytest.approx(counted)
    assert window.incoming == dict(linking)


def test_the_viewer_counts_what_the_read_left_out(tmp_path: Path) -> None:
    write(_spanning(), tmp_path / "ds")
    dataset = Dataset.open(tmp_path / "ds")
    chosen = Plan((_day("2017-01-01"), _day("2017-12-31")), 2, True)
    window = dataset.read(chosen.window)
    edges = [e * DAY for e in year_edges(2016, 2018)]
    estimated = unread(dataset, chosen)
    left_out = unread(dataset, chosen, not_read=window.not_read)
    assert estimated is not None
    assert left_out is not None
    assert estimated.counts(edges) == [2.0, 0.0, 1.0]  # ("long", read, counted in 2016)
    assert left_out.counts(edges) == [1.0, 0.0, 1.0]
    assert (estimated.rows, left_out.rows) == (None, 2)
