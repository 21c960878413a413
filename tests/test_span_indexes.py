"""An edited timeline's span index, when the timeline it was edited from had none yet at the
edit (the viewer's loader makes it on a worker after the first frame, and the user may edit
first): taken from that one's once it is made, not built again (seconds at ten million
events), and answering as one built anew."""

from __future__ import annotations

import gc
import math
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import timeline
from tests.edit_strategies import edit_sequences
from tests.strategies import timelines
from timeline import Event, Timeline, When, _span_indexes, edit
from timeline.columns import EventColumns
from timeline.index import SpanIndex

ZONE = "Asia/Kolkata"


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of the span indexes built from keys (not those edited from another)."""
    sizes: list[int] = []

    class Counted(SpanIndex):
        def __init__(self, lowers: list[float], uppers: list[float]) -> None:
            sizes.append(len(lowers))
            super().__init__(lowers, uppers)

    monkeypatch.setattr(_span_indexes, "SpanIndex", Counted)
    return sizes


def _timeline(n: int = 40) -> Timeline:
    return Timeline(
        "T",
        [
            Event(f"e{i}", f"Event {i}", When.parse(f"{2000 + i % 9}-0{1 + i % 9}"))
            for i in range(n)
        ],
    )


def _answers_as_built_anew(tl: Timeline, tz: str | None) -> None:
    anew = SpanIndex(*tl.keys(tz))
    lowers, uppers = tl.keys(tz)
    edges = sorted({*lowers, *uppers})
    windows = [(a, b) for a in edges[:10] for b in edges[-10:] if a <= b]
    for lo, hi in [*windows, (-math.inf, math.inf)]:
        assert tl.index_in(tz).overlapping(lo, hi) == anew.overlapping(lo, hi)
        assert tl.index_in(tz).within(lo, hi) == anew.within(lo, hi)


def test_a_title_edited_before_the_index_is_made_shares_it_once_made(built: list[int]) -> None:
    tl = _timeline()
    edited = edit.replace_event(tl, "e5", attrs.evolve(tl["e5"], title="Renamed")).apply(tl)
    assert not edited.indexed()
    assert tl.index is not None  # (made after the edit: by the loader's worker, say)
    assert built == [40]
    assert edited.index is tl.index  # the very same: the edit kept every span in its place
    assert built == [40]


def test_a_date_edited_before_the_index_is_made_is_told_to_it_once_made(
    built: list[int],
) -> None:
    tl = _timeline()
    moved = attrs.evolve(tl["e5"], when=When.parse("1999-12-31"))
    edited = edit.replace_event(tl, "e5", moved).apply(tl)
    tl.index_in(ZONE)
    assert built == [40]
    _answers_as_built_anew(edited, ZONE)
    assert built == [40]  # (taken from the one made, the edit told to it)
    assert edited.index_in(ZONE).overlapping(-math.inf, When.parse("2000").lower) == [0]


def test_an_index_made_after_two_edits_is_taken_through_both(built: list[int]) -> None:
    tl = _timeline()
    first = edit.add_event(tl, Event("new", "New", When.parse("2004-05-06"))).apply(tl)
    second = edit.remove_event(first, "e7").apply(first)
    tl.index  # noqa: B018 (made after both edits)
    _answers_as_built_anew(second, None)
    assert built == [40]
    assert first.indexed()  # (the edit between took it on the way, and keeps it)


def test_the_index_is_built_when_the_timeline_edited_from_is_gone(built: list[int]) -> None:
    tl = _timeline()
    edited = edit.add_event(tl, Event("new", "New", When.parse("2004-05-06"))).apply(tl)
    del tl
    gc.collect()
    _answers_as_built_anew(edited, None)
    assert built == [41]


def test_an_index_the_timeline_edited_from_does_not_make_is_built(built: list[int]) -> None:
    tl = _timeline()
    edited = edit.add_event(tl, Event("new", "New", When.parse("2004-05-06"))).apply(tl)
    edited.index_in(ZONE)
    assert built == [41]
    assert not tl.indexed(ZONE)  # (nothing made of the one before for it)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edit_sequences(timelines(max_events=8, max_sources=3)), st.sampled_from([None, ZONE]))
def test_an_index_made_after_the_edits_answers_in_each_as_one_built_anew(
    case: tuple[Timeline, list[edit.Change], Timeline], tz: str | None
) -> None:
    start, changes, _ = case
    steps = [start]
    for change in changes:
        steps.append(change.apply(steps[-1]))
    start.index_in(tz)  # (made once every edit is made)
    for tl in reversed(steps):
        _answers_as_built_anew(tl, tz)


def test_an_edited_timeline_pickles_with_the_indexes_it_made() -> None:
    import pickle

    tl = _timeline()
    edited = edit.add_event(tl, Event("new", "New", When.parse("2004-05-06"))).apply(tl)
    edited.index  # noqa: B018
    again = pickle.loads(pickle.dumps(edited))
    assert again == edited
    assert again.indexed()  # (kept, without the timeline edited from)
    _answers_as_built_anew(again, None)


def test_the_index_of_a_timeline_held_as_columns_reads_their_keys_not_copies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("pyarrow")
    path = tmp_path / "t.parquet"
    timeline.dump(_timeline(), path)
    tl = timeline.load(path)
    assert isinstance(tl.events, EventColumns)
    given: list[tuple[object, object]] = []

    class Seen(SpanIndex):
        def __init__(self, lowers: list[float], uppers: list[float]) -> None:
            given.append((lowers, uppers))
            super().__init__(lowers, uppers)

    monkeypatch.setattr(_span_indexes, "SpanIndex", Seen)
    tl.index  # noqa: B018
    keys = tl.events.keys
    assert given == [(keys.local_lowers, keys.local_uppers)]
    assert given[0][0] is keys.local_lowers  # (read: at ten million events, 160 MB not copied)
    assert given[0][1] is keys.local_uppers
    _answers_as_built_anew(tl, None)
    tl.index_in(ZONE)  # (another zone's keys are made: none held)
    assert given[1][0] is not keys.local_lowers
