"""``Timeline.between`` on a big span index, the answer joined, sorted and picked by numpy.

A span index of :data:`timeline.index.WHOLE_FROM` spans or more is built whole with numpy
and keeps its numbers in ``array``\\ s; ``between`` then takes the positions it finds as
one numpy array (:meth:`timeline.index.SpanIndex.overlapping_array`) and picks the events
from a numpy array of them (or from the columns).  Here the threshold is moved, so that
small timelines take that path, and their answers are compared with the lists' path.
"""

from __future__ import annotations

import math
from pathlib import Path
from unittest import mock

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("numpy")

from tests.strategies import timelines, whens
from timeline import Timeline, dump, load
from timeline import index as index_module
from timeline.columns import EventColumns
from timeline.days import local_bounds
from timeline.edit import apply, replace_event
from timeline.when import When

DATA = Path(__file__).resolve().parent.parent / "data" / "events.toml"


def _big(tl: Timeline) -> Timeline:
    """The same timeline, its span indexes (made on first use) built whole."""
    twin = attrs.evolve(tl)
    with mock.patch.object(index_module, "WHOLE_FROM", 0):
        for tz in (None, "Asia/Kolkata", "UTC"):
            twin.index_in(tz)
    return twin


_ends = st.one_of(st.none(), whens())


@settings(max_examples=150, deadline=None)
@given(timelines(max_events=12), _ends, _ends, st.sampled_from([None, "Asia/Kolkata", "UTC"]))
def test_a_big_index_answers_as_a_small_one(
    tl: Timeline, start: When | None, end: When | None, tz: str | None
) -> None:
    big = _big(tl)
    lo = -math.inf if start is None else local_bounds(start, tz)[0]
    hi = math.inf if end is None else local_bounds(end, tz)[1]
    if hi <= lo:
        return
    assert big.index_in(tz).overlapping_array(lo, hi) is not None  # (the numpy path)
    assert tl.index_in(tz).overlapping_array(lo, hi) is None
    found = big.between(start, end, tz=tz)
    assert found == tl.between(start, end, tz=tz)
    assert found == [tl.events[p] for p in tl.index_in(tz).overlapping(lo, hi)]
    assert all(type(e) is type(tl.events[0]) for e in found)
    assert big.between(start, end, tz=tz, mode="certain") == tl.between(
        start, end, tz=tz, mode="certain"
    )


def test_the_events_picked_are_the_edited_timelines() -> None:
    # the events held for picking are the timeline's own: an edited timeline (its index
    # edited from the big one) answers with its events, not the ones it was edited from
    tl = _big(load(DATA))
    first = tl.events[0]
    window = (first.when, first.when)
    assert first in tl.between(*window)
    held = tl._indexes.objects(tl.events)
    assert tl._indexes.objects(tl.events) is held  # (made once)
    renamed = attrs.evolve(first, title="Renamed")
    edited = apply(tl, replace_event(tl, first.id, renamed))
    assert edited.index.overlapping_array(-math.inf, math.inf) is not None
    found = edited.between(*window)
    assert renamed in found
    assert first not in found
    assert tl.between(*window)[found.index(renamed)] == first


def test_a_timeline_held_as_columns_picks_from_its_columns(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    from benchmarks.generate import document
    from timeline.codec import from_data

    objects = from_data(document(300))
    path = tmp_path / "generated.parquet"
    dump(objects, path)
    with mock.patch.object(index_module, "WHOLE_FROM", 0):
        columns = load(path)
        assert isinstance(columns.events, EventColumns)
        spans = [(e.when, e.when) for e in objects.events[::25]]
        for window in [*spans, (objects.events[40].when, objects.events[90].when)]:
            assert columns.between(*window) == objects.between(*window)
        assert columns.index.overlapping_array(-math.inf, math.inf) is not None
        # the events made for an answer are held for the next query: taken, none made again
        window = (objects.events[100].when, objects.events[140].when)
        found = columns.between(*window)
        held = columns._indexes.objects(columns.events, filled=False)
        at = [columns.position(e.id) for e in found]
        assert all(held[p] is e for p, e in zip(at, found, strict=True))
        made = columns.events.made()
        again = columns.between(*window)
        assert again == found
        assert all(a is b for a, b in zip(again, found, strict=True))
        assert columns.events.made() == made
    assert columns.between() == list(objects.events)


def test_the_events_held_for_picking_are_those_asked_for() -> None:
    from timeline._span_indexes import SpanIndexes

    indexes = SpanIndexes()
    first = ("a", "b")
    assert indexes.objects(first).tolist() == ["a", "b"]
    assert indexes.objects(first) is indexes.objects(first)
    assert indexes.objects(("c",)).tolist() == ["c"]  # (other events: made again)
