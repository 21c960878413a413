"""The load's work spread over threads (:mod:`timeline._threads`, :mod:`timeline._row_order`):
the same results as one thread, a thread's exception raised to the caller, no thread left."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pa = pytest.importorskip("pyarrow")
np = pytest.importorskip("numpy")
import pyarrow.parquet as pq  # noqa: E402

import timeline  # noqa: E402
from timeline import _row_order, _threads, load  # noqa: E402
from timeline._row_order import SPLIT_ROWS, pivots_of, sort_rows  # noqa: E402
from timeline.codec import from_data  # noqa: E402
from timeline.models import Timeline  # noqa: E402


def _load_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("timeline-load")]


def _one_sort(lower: list[float], upper: list[float], ids: list[str]) -> list[int]:
    """The rows by lower, upper, id (as code points, which is how Arrow compares UTF-8),
    ties in row order; a NaN bound after every number (as Arrow puts it), NaNs equal."""

    def bound(x: float) -> tuple[bool, float]:
        return (True, 0.0) if x != x else (False, x)

    return sorted(range(len(ids)), key=lambda r: (bound(lower[r]), bound(upper[r]), ids[r], r))


_BOUNDS = st.sampled_from([-np.inf, -2.5, -0.0, 0.0, 1.0, 1.5, 7.0, np.inf])

_WHOLE = st.integers(-3, 3).map(float)
_ODD = st.sampled_from([
    -0.0, np.nan, np.inf, -np.inf, 0.5, -2.5,  # (a fraction: Arrow sorts the bucket)
    2.0**59, -(2.0**59), 2.0**60, 2.0**61, -(2.0**61), 2.0**62, -(2.0**62), 2.0**63,
    2.0**53 + 2, 1e300, -1e300,  # (far apart: the two bounds overflow one integer)
])  # fmt: skip


@st.composite
def _tied_rows(draw: st.DrawFn) -> list[tuple[float, float, str]]:
    """Rows of a few bounds and ids (many ties): whole numbers mostly, some infinite,
    unknown (NaN), fractions, or too far apart to make one integer of both."""
    bounds = draw(st.lists(st.one_of(_WHOLE, _WHOLE, _ODD), min_size=1, max_size=5))
    ids = draw(st.lists(st.text(alphabet="ab-é1", max_size=2), min_size=1, max_size=4))
    row = st.tuples(st.sampled_from(bounds), st.sampled_from(bounds), st.sampled_from(ids))
    return draw(st.lists(row, max_size=60))


@settings(max_examples=300, deadline=None)
@given(
    rows=st.one_of(
        st.lists(st.tuples(_BOUNDS, _BOUNDS, st.text(alphabet="ab-é1", max_size=3)), max_size=40),
        _tied_rows(),
    ),
    pivots=st.lists(st.one_of(_BOUNDS, _WHOLE), max_size=5),
    workers=st.integers(1, 4),
)
def test_the_order_split_anywhere_is_one_sort_of_all_the_rows(
    rows: list[tuple[float, float, str]], pivots: list[float], workers: int
) -> None:
    """Any split of the rows by lower bound, sorted bucket by bucket on threads, gives the
    rows in the order of one stable sort, ties (equal bounds, equal ids) included, whether
    a bucket's bounds make one integer (whole numbers near enough), or not (fractions,
    far apart), infinite and NaN bounds among them. Fails with the rows bucketed by their
    upper bound, or a bucket's rows taken out of row order, or equal ids not in row order,
    or an infinite upper bound put with the longest finite (all tried)."""
    lower = np.array([r[0] for r in rows], np.float64)
    upper = np.array([r[1] for r in rows], np.float64)
    ids = pa.array([r[2] for r in rows], pa.string())
    want = _one_sort(lower.tolist(), upper.tolist(), ids.to_pylist())
    got = sort_rows(pa, lower, upper, ids, workers=workers, pivots=np.unique(np.array(pivots)))
    assert got.tolist() == want
    if workers == 1:  # (the default split)
        assert sort_rows(pa, lower, upper, ids, workers=1).tolist() == want
    assert not _load_threads()


def test_whole_bounds_near_enough_make_one_integer_and_others_do_not() -> None:
    """Both bounds of each row as one integer in their order (the fast sort) where every
    finite bound is whole and the range fits in int64; else none (Arrow sorts them)."""
    lower = np.array([5.0, 5.0, 5.0, -3.0, 5.0, 9.0], np.float64)
    upper = np.array([7.0, np.inf, -np.inf, 1e6, np.nan, 9.0], np.float64)
    joined = _row_order._joined(lower, upper)
    assert joined is not None
    assert np.argsort(joined, kind="stable").tolist() == [3, 2, 0, 1, 4, 5]
    assert _row_order._joined(lower + 0.5, upper) is None
    far = np.array([2.0**59, 0.0]), np.array([2.0**59, 3.0])  # (lengths 0 to 3: 7 slots)
    assert np.argsort(_row_order._joined(*far)).tolist() == [1, 0]
    assert _row_order._joined(far[0] * 4, far[1] * 4) is None  # (2**61 * 7 > 2**63)
    assert _row_order._joined(np.array([-(2.0**62), 0.0]), np.array([0.0, 0.0])) is None


def test_the_pivots_split_a_big_column_into_buckets_of_about_as_many_rows() -> None:
    rng = np.random.default_rng(5)
    n = SPLIT_ROWS * 2
    lower = rng.integers(0, 1000, n).astype(np.float64)
    pivots = pivots_of(lower, 4)
    assert len(pivots) == 3
    sizes = np.bincount(np.searchsorted(pivots, lower, side="right"))
    assert sizes.min() > n // 6
    upper = lower + rng.integers(0, 3, n)
    ids = pa.array([f"e{i % 977}" for i in range(n)], pa.string())
    one = sort_rows(pa, lower, upper, ids, workers=1)
    assert pivots_of(lower, 1).size == 0
    assert np.array_equal(sort_rows(pa, lower, upper, ids, workers=4), one)
    assert pivots_of(lower[:100], 4).size == 0  # (few rows: sorted whole)
    assert pivots_of(np.full(n, np.nan), 4).size == 0


def test_results_come_in_order_and_an_exception_at_its_item() -> None:
    """Fails if the pool's results were given as they end, or an exception were lost."""
    seen: list[int] = []

    def slow_first(i: int) -> int:
        if i == 0:
            threading.Event().wait(0.05)  # (the first ends last)
        if i == 5:
            raise ValueError(i)
        return i * i

    def run() -> None:
        for i, got in _threads.in_order(slow_first, range(10), workers=3):
            assert got == i * i
            seen.append(i)

    with pytest.raises(ValueError, match="5"):
        run()
    assert seen == [0, 1, 2, 3, 4]
    assert not _load_threads()


def test_no_thread_outlives_an_iteration_left_early() -> None:
    started = threading.Event()

    def items() -> Iterator[int]:
        yield from range(100)

    def work(i: int) -> int:
        started.set()
        return i

    with closing(_threads.in_order(work, items(), workers=2)) as results:
        assert next(results) == (0, 0)
        assert _load_threads()
    assert started.is_set()
    assert not _load_threads()


def test_both_raise_the_first_ones_exception_first() -> None:
    """As one after the other would: the first's exception even when the second raises too;
    the second's when only it raises. Fails if the first's were dropped."""

    def first() -> int:
        raise KeyError("first")

    def second() -> int:
        raise ValueError("second")

    with pytest.raises(KeyError):
        _threads.both(first, second)
    with pytest.raises(ValueError, match="second"):
        _threads.both(lambda: 1, second)
    assert _threads.both(lambda: 1, lambda: 2) == (1, 2)
    assert not _load_threads()


def test_an_exception_reading_a_part_on_a_thread_reaches_the_loader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure while a part's dates are read on the pool comes out of ``load`` as itself
    (not a refusal, not lost), and no thread is left running."""
    from benchmarks.generate import document
    from timeline import _date_columns, parquet_source
    from timeline.codec import from_data
    from timeline.parquet_io import to_table

    monkeypatch.setattr(parquet_source, "PART_ROWS", 16)
    monkeypatch.setattr(parquet_source, "HOLD_BYTES", 0)
    path = tmp_path / "generated.parquet"
    pq.write_table(to_table(from_data(document(100))), path, row_group_size=50)
    read = _date_columns.read_dates
    calls: list[int] = []

    def failing(pa_: object, texts: object, zones: object) -> object:
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("a worker failed")
        return read(pa_, texts, zones)

    monkeypatch.setattr(_date_columns, "read_dates", failing)
    with pytest.raises(RuntimeError, match="a worker failed"):
        load(path, phased=True)
    assert not _load_threads()
    monkeypatch.setattr(_date_columns, "read_dates", read)
    assert len(load(path, phased=True)) == 100
    assert not _load_threads()


def test_an_exception_of_the_ids_check_on_its_thread_reaches_the_loader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from benchmarks.generate import document
    from timeline import id_column
    from timeline.codec import from_data
    from timeline.parquet_io import to_table

    path = tmp_path / "generated.parquet"
    pq.write_table(to_table(from_data(document(50))), path)

    def failing(pa_: object, values: object) -> object:
        raise RuntimeError("the hashes failed")

    monkeypatch.setattr(id_column, "hashes_of", failing)
    with pytest.raises(RuntimeError, match="the hashes failed"):
        load(path)  # (checked beside the dates)
    assert not _load_threads()
    tl = load(path, phased=True)  # (the ids are checked with the rest, beside its parts)
    with pytest.raises(RuntimeError, match="the hashes failed"):
        timeline.complete(tl)
    assert not _load_threads()


def test_the_header_is_decoded_while_the_held_columns_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The header's sources (parsed in Python) are decoded on the caller's thread while
    Arrow's threads read the held columns: the read waits here until the decoding starts
    (one after the other, it would wait in vain)."""
    from benchmarks.generate import document
    from timeline import parquet_source
    from timeline._decoder_head import _HeadReader
    from timeline.codec import from_data
    from timeline.parquet_io import to_table

    path = tmp_path / "generated.parquet"
    tl = from_data(document(60))
    assert tl.sources
    pq.write_table(to_table(tl), path)
    decoding = threading.Event()
    read_held = parquet_source.FileSource.read_held
    top = _HeadReader.top
    met: list[bool] = []

    def waiting_read(self: parquet_source.FileSource, *, keys_only: bool = False) -> None:
        met.append(decoding.wait(timeout=5))
        read_held(self, keys_only=keys_only)

    def noted_top(self: _HeadReader, data: dict[str, Any] | Timeline) -> None:
        decoding.set()
        top(self, data)

    monkeypatch.setattr(parquet_source.FileSource, "read_held", waiting_read)
    monkeypatch.setattr(_HeadReader, "top", noted_top)
    for phased in (False, True):
        decoding.clear()
        got = load(path, phased=phased)
        timeline.complete(got)
        assert got == tl
    assert met == [True, True]
    assert not _load_threads()


def test_a_refused_header_is_named_after_the_columns_as_before(tmp_path: Path) -> None:
    """A header decoded beside the read and refused is named in its turn: after the
    columns' problems, which come first; alone, with its own."""
    from timeline.parquet_io import METADATA_KEY, to_table

    table = to_table(from_data({
        "title": "T",
        "sources": [{"id": "a", "title": "A", "published": "2017-09-04"}],
        "events": [{"id": "e", "title": "E", "when": "2017-09-05"}],
    }))  # fmt: skip
    raw = table.schema.metadata[METADATA_KEY].replace(b"2017-09-04", b"2017-13-04")
    bad_head = table.replace_schema_metadata({**table.schema.metadata, METADATA_KEY: raw})
    pq.write_table(bad_head, path := tmp_path / "head.parquet")
    with pytest.raises(timeline.TimelineLoadError) as alone:
        load(path, phased=True)
    assert [p.field for p in alone.value.problems] == ["sources[0].published"]
    both = bad_head.append_column("extra", pa.array([1]))
    pq.write_table(both, path)
    with pytest.raises(timeline.TimelineLoadError) as first:
        load(path, phased=True)
    assert [p.field for p in first.value.problems] == ["extra"]
    assert not _load_threads()
