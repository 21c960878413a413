"""What a big column-backed timeline holds, and what its first frame's preparation allocates:
nothing twice, no Python object per key (issue 15: ten million events in the viewer).

The figures these guard are in docs/performance.md ("Memory at ten million events"): the ids
and titles held twice were 0.77 GB at 10M, the keys given as lists 0.64 GB more at the
viewer's first frame.
"""

from __future__ import annotations

import tracemalloc
from array import array
from pathlib import Path
from typing import Any

import pytest

pa = pytest.importorskip("pyarrow")
columnar = pytest.importorskip("benchmarks.columnar")  # (numpy)

from timeline import load  # noqa: E402
from timeline.columns import EventColumns  # noqa: E402
from timeline.models import Timeline  # noqa: E402
from viewer.viewport import EventBounds, sorted_keys  # noqa: E402

N = 60_000
"""Events: more than viewer.viewport.SORT_WHOLE_FROM (the bounds sorted by numpy)."""


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("memory") / "big.parquet"
    columnar.write(N, path, block=25_000)
    return path


def _data(values: Any) -> int:
    """The address of the text bytes of an Arrow string array (or one-chunk column)."""
    if isinstance(values, pa.ChunkedArray):
        assert values.num_chunks == 1
        values = values.chunk(0)
    address: int = values.buffers()[2].address
    return address


@pytest.mark.parametrize("phased", [False, True])
def test_the_ids_and_titles_are_the_held_columns_not_copies(big: Path, phased: bool) -> None:
    tl = load(big, phased=phased)
    events = tl.events
    assert isinstance(events, EventColumns)
    held = events.source._table  # type: ignore[attr-defined]
    assert _data(events.ids._values) == _data(held.column("id"))  # type: ignore[attr-defined]
    assert _data(events.source._titles) == _data(held.column("title"))  # type: ignore[attr-defined]
    # and they still answer
    assert events.ids[5] == held.column("id")[events.rows[5]].as_py()
    assert events.title(5) == held.column("title")[events.rows[5]].as_py()


def _peak(make: Any) -> tuple[Any, int]:
    """What ``make()`` returns, and the most memory (bytes) Python allocated meanwhile."""
    tracemalloc.start()
    try:
        made = make()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return made, peak


def test_the_keys_of_columns_are_given_as_floats_of_8_bytes(big: Path) -> None:
    tl = load(big, phased=True)
    assert isinstance(tl.events, EventColumns)
    (lowers, uppers), peak = _peak(tl.keys)
    # (copied a piece at a time, each array grows as it is filled: at most a sixteenth more;
    # lists: a pointer and a float object each, 4x that)
    assert peak < 2 * 8 * N * 17 // 16 + 4096
    keys = tl.events.keys
    assert list(lowers) == list(keys.local_lowers)
    assert list(uppers) == list(keys.local_uppers)
    # given anew: a caller that changes them changes no timeline
    lowers[0] = -1.0
    assert tl.keys()[0][0] == keys.local_lowers[0] != -1.0


def test_the_bounds_of_columns_are_the_keys_and_their_sorted_copies(big: Path) -> None:
    tl = load(big, phased=True)
    bounds, peak = _peak(lambda: EventBounds.made(tl, None))
    # the columns' own keys (ten million events: 160 MB not copied), and two sorted copies
    assert isinstance(tl.events, EventColumns)
    assert bounds.lowers is tl.events.keys.local_lowers
    assert bounds.uppers is tl.events.keys.local_uppers
    assert peak < 2 * 8 * N + 8 * N + 8192  # (the two sorted arrays, each sorted in place)
    expected = Timeline(tl.title, list(tl.events), tl.sources)  # (made: the tuple path)
    want = EventBounds.made(expected, None)
    assert bounds.lowers == want.lowers
    assert bounds.uppers == want.uppers
    assert bounds.sorted_lowers == want.sorted_lowers
    assert bounds.sorted_uppers == want.sorted_uppers
    assert (bounds.lo, bounds.hi) == (want.lo, want.hi)


def test_the_lanes_of_columns_without_reports_read_the_keys_not_copies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # no citation reports another date: no span is widened to a ghost, so the lane index's
    # spans are the bounds themselves (ten million events: 160 MB not copied)
    from timeline import Event, When, dump
    from viewer import scene
    from viewer.digest import reports_of

    monkeypatch.setattr(scene, "LANE_INDEX_BY_NUMPY", 0)  # (as from 50,000 events)
    events = [Event(f"e{k}", f"E {k}", When.parse(f"{1990 + k}-0{1 + k % 9}")) for k in range(30)]
    dump(Timeline("T", events), tmp_path / "t.parquet")
    tl = load(tmp_path / "t.parquet")
    assert not len(reports_of(tl))
    starts, ends, lanes = scene._WHOLE(tl, None)
    assert starts is EventBounds.of(tl, None).lowers
    assert ends is EventBounds.of(tl, None).uppers
    assert len(lanes.lengths) == 30


def test_a_file_read_whole_keeps_none_of_its_raw_bytes(big: Path) -> None:
    # the file stays open to read rows back; a pre-buffered reader kept the raw column
    # chunks of every row group it had read (read by Arrow's threads into Python bytes,
    # which tracemalloc traces with no frame): ten million events, 0.7 GB kept for nothing
    from timeline.parquet_io import complete

    tracemalloc.start()
    try:
        tl = load(big, phased=True)
        complete(tl)
        assert isinstance(tl.events, EventColumns)
        snapshot = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    kept = sum(t.size for t in snapshot.traces if t.traceback[0].filename == "<unknown>")
    assert kept < big.stat().st_size / 20, (kept, big.stat().st_size)
    assert tl.events[5].summary  # (and the rows still read back)


def test_the_search_texts_are_given_back_a_part_at_a_time(
    big: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the summaries and quotes are streamed from the file a part at a time: what each part
    # was read into is given back before the next (Arrow's allocator kept them: 0.4 GB more
    # at the peak of a 10M warm-up)
    from timeline import _parquet_search, parquet_source
    from timeline.ops import matching_positions, prepare_search

    monkeypatch.setattr(_parquet_search, "PART_ROWS", 10_000)
    monkeypatch.setattr(parquet_source, "HOLD_BYTES", 0)  # (the summaries read back, as at 10M)
    tl = load(big)
    source = tl.events.source._source  # type: ignore[attr-defined]
    parts = len(list(source.stream(["summary"], part_rows=10_000)))
    assert parts > 1
    released: list[int] = []

    class Pool:
        def release_unused(self) -> None:
            released.append(1)

    monkeypatch.setattr(pa, "default_memory_pool", Pool)
    prepare_search(tl)
    assert len(released) >= parts
    monkeypatch.undo()
    assert matching_positions(tl, text=tl.events[3].id) == [3]


def test_sorted_keys_leaves_its_argument_as_it_was() -> None:
    keys = array("d", [float((k * 7919) % 60_001) for k in range(60_001)])
    before = keys.tobytes()
    ordered = sorted_keys(keys)
    assert keys.tobytes() == before
    assert list(ordered) == sorted(keys)
