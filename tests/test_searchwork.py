"""What the search and the filters keep (viewer.searchwork), without Qt: the library's rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import timeline
from timeline.models import Timeline
from timeline.ops import matching_ids
from viewer.searchwork import Found, Query, StaleSearchError, find

DATA = Path(__file__).resolve().parent.parent / "data" / "events.toml"
SAMPLE = timeline.load(DATA)
WORDS = sorted({w for e in SAMPLE.events[:40] for w in f"{e.id} {e.title}".split()})[:60]
TAGS = [None, *SAMPLE.tags()[:4]]
STATUSES = [None, "happened", "cancelled", "disputed"]


def _expected(tl: Timeline, query: Query) -> tuple[frozenset[str] | None, frozenset[str] | None]:
    tag, status = query.tag, query.status
    shown = matching_ids(tl, tag=tag, status=status)
    ids = matching_ids(tl, text=query.text, tag=tag, status=status) if query.words else shown
    return shown, ids


def _agrees(tl: Timeline, found: Found) -> None:
    shown, ids = _expected(tl, found.query)
    assert (found.shown, found.ids) == (shown, ids)
    for kept, at in ((found.shown, found.shown_positions), (found.ids, found.positions)):
        if kept is None:
            assert at is None
        else:
            assert list(at or ()) == sorted(tl.position(i) for i in kept)
    expected = sorted(tl.position(i) for i in ids) if found.query.words and ids else []
    assert list(found.matches().positions) == expected


queries = st.builds(
    Query,
    st.lists(st.sampled_from([*WORDS, "no-such-word", "ÉTAT", ""]), max_size=3).map(" ".join),
    st.sampled_from(TAGS),
    st.sampled_from(STATUSES),
)


@given(queries)
def test_find_keeps_what_the_librarys_rule_keeps(query: Query) -> None:
    _agrees(SAMPLE, find(SAMPLE, query))


@pytest.fixture(scope="module")
def columns(tmp_path_factory: pytest.TempPathFactory) -> Timeline:
    pytest.importorskip("pyarrow")
    path = tmp_path_factory.mktemp("search") / "events.parquet"
    timeline.dump(SAMPLE, path)
    tl = timeline.load(path)
    assert type(tl.events).__name__ == "EventColumns"
    return tl


@settings(max_examples=20, deadline=None)  # (Arrow's first search makes its tables)
@given(queries)
def test_find_answers_from_the_columns_as_from_the_events(columns: Timeline, query: Query) -> None:
    found = find(columns, query)
    _agrees(columns, found)
    assert (found.shown, found.ids) == _expected(SAMPLE, query)


def test_no_filter_and_no_search_keeps_everything_without_a_pass() -> None:
    for text in ("", "  \t "):
        found = find(SAMPLE, Query(text))
        assert (found.shown, found.ids, found.positions) == (None, None, None)
        assert not found.matches()
    assert find(None, Query("court")).ids is None


def test_an_answer_for_the_same_filters_keeps_their_ids() -> None:
    tag = SAMPLE.tags()[0]
    first = find(SAMPLE, Query("", tag))
    again = find(SAMPLE, Query("court", tag), before=first)
    assert again.shown is first.shown  # (the views see that the filters did not change)
    _agrees(SAMPLE, again)
    other = find(SAMPLE, Query("court", tag, "happened"), before=first)
    assert other.shown is not first.shown
    _agrees(SAMPLE, other)
    elsewhere = SAMPLE.subset([e.id for e in SAMPLE.events[:10]])
    assert find(elsewhere, Query("court", tag), before=first).shown != first.shown


def test_a_search_gives_up_when_told_to() -> None:
    asked: list[int] = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 1

    with pytest.raises(StaleSearchError):
        find(SAMPLE, Query("court", SAMPLE.tags()[0]), stop=stop)
    assert len(asked) == 2  # (after the filters, before the words)


def test_what_the_canvas_shows_of_the_filters_is_made_with_the_answer() -> None:
    from viewer.sceneparts import Shown
    from viewer.viewport import EventBounds

    tag = SAMPLE.tags()[0]
    for zone in (None, "Asia/Kolkata"):
        found = find(SAMPLE, Query("", tag, "happened"), zone=zone, make=True)
        made = found.made
        assert made is not None
        assert found.shown is not None
        bounds = EventBounds.of(SAMPLE, zone)
        assert made.made_from(bounds)
        views = Shown(SAMPLE, bounds, found.shown, zone)  # as the canvas would make it
        assert list(made.positions) == list(views.positions)
        assert (made.lowers, made.uppers, made.bounds) == (views.lowers, views.uppers, views.bounds)
        assert (made.lo, made.hi) == (views.lo, views.hi)
        assert made.index.overlapping(-1e18, 1e18) == views.index.overlapping(-1e18, 1e18)
    assert find(SAMPLE, Query("court"), make=True).made is None  # (no filter: every event)
    assert find(SAMPLE, Query("", tag)).made is None  # (not asked)


def test_an_answer_for_the_same_filters_keeps_what_was_made_on_the_same_clock() -> None:
    tag = SAMPLE.tags()[0]
    first = find(SAMPLE, Query("", tag), make=True)
    assert find(SAMPLE, Query("court", tag), before=first, make=True).made is first.made
    other = find(SAMPLE, Query("court", tag), before=first, zone="UTC", make=True).made
    assert other is not None
    assert other is not first.made


def test_the_views_take_what_the_worker_made_only_when_made_on_their_clock() -> None:
    from tests.test_scene import Mono
    from viewer.scene import SceneModel

    tag = SAMPLE.tags()[0]
    made = find(SAMPLE, Query("", tag), zone="Asia/Kolkata", make=True)
    model = SceneModel(Mono())
    model.set_timeline(SAMPLE)  # (each event's own clock: not the worker's)
    model.set_filter(made.shown, (SAMPLE, made.shown_positions or ()), made.made)
    assert model.shown is not made.made
    assert model.shown is not None
    assert list(model.shown.positions) == list(made.shown_positions or ())
    model.set_zone("Asia/Kolkata")
    model.set_filter(made.shown, (SAMPLE, made.shown_positions or ()), made.made)
    assert model.shown is made.made
