"""Big arrays copied a piece at a time (timeline._copies): the copies are whole and new."""

from __future__ import annotations

from array import array
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline import _copies


@given(st.lists(st.floats(allow_nan=False)), st.sampled_from([8, 24, 1 << 22]))
def test_an_array_copied_in_pieces_is_the_same_array(values: list[float], chunk: int) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_copies, "CHUNK", chunk)  # (pieces of one item, three, or all)
        given_ = array("d", values)
        copy = _copies.copy_of(given_)
        assert copy == given_
        assert copy is not given_
        assert isinstance(copy, array)
        assert copy.typecode == "d"
        copy.append(1.0)  # (its own memory)
        assert len(given_) == len(values)
        assert _copies.copied(given_, "d") == given_
        assert _copies.copied(values, "d") == given_  # (a list: made as array() makes it)


def test_a_numpy_array_and_a_list_are_copied() -> None:
    np = pytest.importorskip("numpy")
    ints = np.arange(-5, 1000, dtype=np.int64)
    assert _copies.array_from_buffer("q", ints).tolist() == ints.tolist()
    listed = [3, 1, 2]
    copy = _copies.copy_of(listed)
    assert copy == listed
    assert copy is not listed


@given(
    st.lists(st.lists(st.integers(0, 99), min_size=1, max_size=5), max_size=12),
    st.sampled_from([8, 40, 1 << 22]),
    st.data(),
)
def test_many_arrays_renumbered_at_once_in_pieces_are_each_renumbered(
    lists: list[list[int]], chunk: int, data: st.DataObject
) -> None:
    pytest.importorskip("numpy")
    from timeline import _index_parts
    from timeline._index_parts import Renumbering

    gone = sorted(data.draw(st.sets(st.integers(100, 120), min_size=1, max_size=3)))
    put = sorted(data.draw(st.sets(st.integers(0, 60), max_size=3)))
    renumbering = Renumbering(121, gone, put)
    arrays = [array("q", numbers) for numbers in lists]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_index_parts, "CHUNK", chunk)  # (joined one array at a time, or all)
        found = renumbering.typed_all(arrays)
    assert found is not None
    moved, least, greatest = found
    assert [list(a) for a in moved] == [renumbering(numbers) for numbers in lists]
    assert least == [min(renumbering(numbers)) for numbers in lists]
    assert greatest == [max(renumbering(numbers)) for numbers in lists]


def test_the_interpreter_is_handed_over_between_two_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    yielded: list[float] = []
    monkeypatch.setattr(_copies, "CHUNK", 16)
    monkeypatch.setattr(_copies, "sleep", yielded.append)
    copy = _copies.copy_of(array("d", range(10)))  # (80 bytes: five pieces)
    assert copy == array("d", range(10))
    assert yielded == [0, 0, 0, 0]  # (between two pieces: none before the first)


def _pieces(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Where the copies of big arrays hand the interpreter over (pieces of one item)."""
    yielded: list[float] = []
    monkeypatch.setattr(_copies, "CHUNK", 8)
    monkeypatch.setattr(_copies, "sleep", yielded.append)
    return yielded


def test_the_keys_of_a_timeline_held_as_columns_are_copied_in_pieces(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pytest.importorskip("pyarrow")
    from timeline import dump, load

    data = Path(__file__).resolve().parent.parent / "data" / "events.toml"
    path = tmp_path / "events.parquet"
    dump(load(data), path)
    tl = load(path)
    yielded = _pieces(monkeypatch)
    lowers, uppers = tl.keys()
    assert (list(lowers), list(uppers)) == tuple(map(list, load(data).keys()))
    assert len(yielded) >= 2 * (len(tl) - 1)


def test_the_viewers_sorted_keys_are_copied_in_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("numpy")
    from viewer.viewport import SORT_WHOLE_FROM, sorted_keys

    keys = array("d", (float((k * 7919) % SORT_WHOLE_FROM) for k in range(SORT_WHOLE_FROM)))
    yielded = _pieces(monkeypatch)
    assert sorted_keys(keys) == array("d", sorted(keys))
    assert len(yielded) == len(keys) - 1
