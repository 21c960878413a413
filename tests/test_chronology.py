"""timeline._chronology: the order of many events, as a plain sort of their keys gives it."""

from __future__ import annotations

import math
import sys
from typing import Any

import numpy  # noqa: F401 (imported before the tests: the first import takes 0.3 s)
import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline import Citation, Event, Link, Source, Timeline, TimelineError, When
from timeline._chronology import ARRAYS_FROM, event_keys, in_order, order, picked

# few distinct values, so that lower bounds, upper bounds and both tie often
_BOUNDS = st.sampled_from([-math.inf, -86400.0, -0.0, 0.0, 60.0, 86400.0, 1e9, math.inf])
_IDS = st.text(alphabet="ab-9", min_size=1, max_size=4)


@st.composite
def _keys(draw: st.DrawFn, *, unique: bool = True) -> tuple[list[float], list[float], list[str]]:
    ids = draw(st.lists(_IDS, unique=unique, max_size=40))
    lowers = [draw(_BOUNDS) for _ in ids]
    uppers = [max(lo, draw(_BOUNDS)) for lo in lowers]
    return lowers, uppers, ids


@pytest.mark.parametrize("arrays", [None, False, True], ids=["either", "lists", "numpy"])
@given(keys=_keys())
def test_order_is_the_sort_by_lower_upper_and_id(
    arrays: bool | None, keys: tuple[list[float], list[float], list[str]]
) -> None:
    lowers, uppers, ids = keys
    expected = sorted(range(len(ids)), key=lambda i: (lowers[i], uppers[i], ids[i]))
    assert order(lowers, uppers, ids, arrays=arrays) == expected


@pytest.mark.parametrize("arrays", [False, True], ids=["lists", "numpy"])
@given(keys=_keys(unique=False))
def test_order_keeps_repeated_ids_as_given(
    arrays: bool, keys: tuple[list[float], list[float], list[str]]
) -> None:
    # (a timeline names the first id that repeats in its order: that order must be the
    # stable sort's, whichever way it is computed)
    lowers, uppers, ids = keys
    expected = sorted(range(len(ids)), key=lambda i: (lowers[i], uppers[i], ids[i]))
    assert order(lowers, uppers, ids, arrays=arrays) == expected


@pytest.mark.parametrize("unique", [True, False], ids=["unique", "repeated"])
@given(data=st.data())
def test_keys_already_in_order_are_kept_and_any_pair_swapped_is_sorted(
    unique: bool, data: st.DataObject
) -> None:
    """Keys given in chronological order (as timeline.dump writes a file) are found to be
    so (in_order) and kept as given; with two rows swapped they are sorted as before."""
    import numpy as np

    lowers, uppers, ids = data.draw(_keys(unique=unique))
    by_key = sorted(range(len(ids)), key=lambda i: (lowers[i], uppers[i], ids[i]))
    lowers, uppers = [lowers[i] for i in by_key], [uppers[i] for i in by_key]
    ids = [ids[i] for i in by_key]

    def ids_in_order(rows: np.typing.NDArray[np.int64]) -> bool:
        return all(ids[r] <= ids[r + 1] for r in rows.tolist())

    assert in_order(np, np.array(lowers), np.array(uppers), ids_in_order)
    assert order(lowers, uppers, ids, arrays=True) == list(range(len(ids)))
    if len(ids) > 1:
        k = data.draw(st.integers(0, len(ids) - 2))
        for bounds in (lowers, uppers):
            bounds[k], bounds[k + 1] = bounds[k + 1], bounds[k]
        ids[k], ids[k + 1] = ids[k + 1], ids[k]
        expected = sorted(range(len(ids)), key=lambda i: (lowers[i], uppers[i], ids[i]))
        assert order(lowers, uppers, ids, arrays=True) == expected
        kept = in_order(np, np.array(lowers), np.array(uppers), ids_in_order)
        assert kept == (expected == list(range(len(ids))))


def test_order_sorts_many_events_with_numpy_as_in_python() -> None:
    # enough events for the numpy path by itself (ARRAYS_FROM; numpy is imported, above),
    # in runs of one day, some with equal upper bounds
    n = ARRAYS_FROM + 17
    lowers = [float(i % 97 * 86400) for i in range(n)]
    uppers = [lo + 86400.0 * (i % 3 == 0) for i, lo in enumerate(lowers)]
    ids = [f"e{(i * 7919) % n}" for i in range(n)]
    expected = sorted(range(n), key=lambda i: (lowers[i], uppers[i], ids[i]))
    assert order(lowers, uppers, ids) == expected
    assert order(lowers, uppers, ids, arrays=False) == expected


def test_the_count_alone_chooses_the_sort_whatever_was_imported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # (the old rule sorted 10,000 events or more with numpy when another module happened to
    # have imported it, in Python when none had: the same call took another path)
    from timeline import _chronology

    taken: list[str] = []

    def spy(name: str, how: str) -> None:
        real = getattr(_chronology, name)

        def spied(*args: Any) -> list[int]:
            taken.append(how)
            return list(real(*args))

        monkeypatch.setattr(_chronology, name, spied)

    spy("_by_arrays", "numpy")
    spy("_by_lists", "lists")

    def keys(n: int) -> tuple[list[float], list[float], list[str]]:
        return [0.0] * n, [86400.0] * n, [f"e{(i * 7919) % n}" for i in range(n)]

    few = keys(10_000)
    expected = sorted(range(len(few[2])), key=few[2].__getitem__)
    assert order(*few) == expected  # numpy is imported (above)
    with monkeypatch.context() as without:
        without.delitem(sys.modules, "numpy")
        assert order(*few) == expected
    many = keys(ARRAYS_FROM)
    assert order(*many) == sorted(range(ARRAYS_FROM), key=many[2].__getitem__)
    assert taken == ["lists", "lists", "numpy"]
    assert ARRAYS_FROM > 10_000


def test_order_of_one_day_puts_uppers_then_ids_in_order() -> None:
    lowers = [0.0, 0.0, 0.0, 0.0, -5.0]
    uppers = [86400.0, 60.0, 86400.0, 60.0, 0.0]
    ids = ["b", "z", "a", "y", "q"]
    assert order(lowers, uppers, ids) == [4, 3, 1, 2, 0]
    assert order(lowers, uppers, ids, arrays=True) == [4, 3, 1, 2, 0]


@given(st.lists(st.integers(), max_size=5), st.data())
def test_picked_is_the_items_at_the_positions(items: list[int], data: st.DataObject) -> None:
    positions = data.draw(st.lists(st.integers(0, max(len(items) - 1, 0)), max_size=5))
    if not items:
        positions = []
    assert picked(items, positions) == tuple(items[i] for i in positions)


def test_event_keys_reads_bounds_citations_and_links_and_copies_the_bounds() -> None:
    a = Event("a", "A", When.parse("2017-09-15"), sources=[Citation("s")])
    b = Event("b", "B", When.parse("2017-09-24/.."), related=[Link("after", "a")])
    keys = event_keys([a, b])
    assert keys.lowers == [a.when.lower, b.when.lower]
    assert keys.uppers == [a.when.upper, math.inf]
    assert keys.citations == [a.sources, ()]
    assert keys.links == [(), b.related]
    # new floats, equal to the dates' own
    assert keys.lowers[0] is not a.when.lower


def test_a_timeline_sorts_as_before_and_names_what_is_wrong() -> None:
    day = When.parse("2017-09-15")
    events = [Event(i, i, day) for i in "dcba"] + [Event("e", "e", When.parse("2017-09"))]
    tl = Timeline("t", events)
    assert [e.id for e in tl.events] == ["e", "a", "b", "c", "d"]
    assert tl["c"] is events[1]
    with pytest.raises(TimelineError, match=r"^Timeline.events: 'x' must be an Event$"):
        Timeline("t", [*events, "x"])  # type: ignore[list-item]
    with pytest.raises(TimelineError, match=r"^Timeline.events: duplicate event id 'b'$"):
        Timeline("t", [*events, Event("b", "again", When.parse("1999"))])
    cites = Event("f", "f", day, sources=[Citation("nope")])
    with pytest.raises(TimelineError, match="unknown source 'nope'"):
        Timeline("t", [*events, cites], [Source("s", "S")])
