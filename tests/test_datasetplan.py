"""What the viewer reads of a partitioned dataset and what it counts of the rest, without Qt
(viewer/datasetplan.py)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline import Event, Timeline, When
from viewer.datasetplan import DAY, Plan, Unread, plan, statistics, unread

pytest.importorskip("pyarrow")

from timeline.dataset import Dataset, write


def _uniform(edges: list[float]) -> list[float]:
    """A density of one event a second."""
    return [b - a for a, b in itertools.pairwise(edges)]


def test_the_events_not_read_are_those_starting_outside_the_window_read() -> None:
    left = Unread((15.0, 25.0), _uniform)
    assert left.counts([0.0, 10.0, 20.0, 30.0]) == [10.0, 5.0, 5.0]  # bins cut by the window
    assert Unread((0.0, 30.0), _uniform).counts([0.0, 10.0, 20.0, 30.0]) == [0.0, 0.0, 0.0]
    assert Unread((40.0, 50.0), _uniform).counts([0.0, 10.0, 30.0]) == [10.0, 20.0]
    assert left.counts([0.0]) == []


@given(
    st.lists(st.integers(-1000, 1000), min_size=2, max_size=12, unique=True).map(sorted),
    st.integers(-1200, 1200),
    st.integers(0, 800),
)
def test_the_counts_not_read_add_up_to_the_days_outside_the_window(
    cuts: list[int], lo: int, length: int
) -> None:
    edges = [float(c) for c in cuts]
    hi = lo + length
    counts = Unread((float(lo), float(hi)), _uniform).counts(edges)
    assert len(counts) == len(edges) - 1
    inside = max(0.0, min(hi, edges[-1]) - max(lo, edges[0]))
    assert sum(counts) == pytest.approx(edges[-1] - edges[0] - inside)


def test_a_dataset_read_whole_has_nothing_unread_and_a_window_the_rest(tmp_path: Path) -> None:
    events = [Event(f"e{y}", f"In {y}", When.parse(f"{y}-06-01")) for y in range(2014, 2019)]
    write(Timeline("Years", events), tmp_path / "ds")
    dataset = Dataset.open(tmp_path / "ds")
    assert unread(dataset, plan(dataset, None)) is None  # (5 events: within the budget)
    chosen = plan(dataset, None, budget=2)
    assert chosen == Plan(chosen.window, 2, True)
    rest = unread(dataset, chosen)
    assert rest is not None
    (first, last), density = statistics(dataset)
    assert rest.counts([first, last]) == [pytest.approx(3.0)]  # 2014 to 2016
    assert sum(density([first, last])) == pytest.approx(5.0)
    assert rest.read[1] % DAY == 0.0
