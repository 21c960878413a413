"""A big timeline in the viewer: nothing on the GUI thread reads every event.

A column-backed timeline makes each Event when it is read, so a pass over
``tl.events`` at a million events is seconds and gigabytes.  These tests give
a timeline's events a counter (:mod:`tests.counting`) and check that, once the
loader's worker has prepared it, showing it and painting its frames read only
the events drawn.  (The library's own lookups, made up front here, are the
columns' side.)
"""

# The fixtures imported from tests.test_window are parameters of the tests here.
# ruff: noqa: F401, F811

from __future__ import annotations

import gc
import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.counting import CountingEvents, counting
from tests.test_window import WindowFactory, make_window, sample_file, settings_dir
from timeline.models import Citation, Event, Source, Status, Timeline
from timeline.when import When
from viewer.digest import Digest, digest_of
from viewer.loader import LiveLoader
from viewer.memo import PerTimeline
from viewer.window import MainWindow

N = 3000
"""Events: too many to label at once in a 1600-px window (a density frame first)."""


def _big() -> Timeline:
    statuses = [Status.HAPPENED, Status.HAPPENED, Status.CANCELLED, Status.DISPUTED]
    events = []
    for i in range(N):
        day = f"20{10 + i % 10}-{1 + i % 12:02}-{1 + i % 28:02}"
        cites = [Citation("wire", reported=When.parse(f"20{10 + i % 10}"))] if i % 10 == 0 else []
        events.append(
            Event(
                f"e{i:05}",
                f"Event {i}",
                When.parse(day),
                status=statuses[i % 4],
                tags=["all", f"t{i % 7}"] if i % 3 else [],
                sources=cites,
            )
        )
    return Timeline("big", events, [Source("wire", "Wire")])


@pytest.fixture
def big() -> tuple[Timeline, CountingEvents]:
    tl = _big()
    # the library's lookups, made now: a column-backed timeline answers them from its
    # columns (what is counted below is what the viewer reads)
    tl.search_texts()
    tl.position(tl.events[0].id)
    return tl, counting(tl)


def _open(
    qtbot: QtBot, make_window: WindowFactory, big: tuple[Timeline, CountingEvents], path: Path
) -> MainWindow:
    tl, events = big
    loader = LiveLoader(load=lambda _path: tl)
    # connected before the window's own slots: counting starts when the timeline arrives on
    # the GUI thread, after the worker prepared it (the digest, the bounds, the index)
    loader.loaded.connect(lambda _tl: events.reset())
    window = make_window(loader=loader)
    window.resize(1600, 900)
    with qtbot.waitSignal(window.timeline_changed, timeout=10_000):
        window.open_file(path)  # (a file to watch: the load function ignores it)
    qtbot.waitUntil(lambda: window.canvas.frame_stats.paints > 0)
    return window


def test_the_first_frame_of_a_big_timeline_reads_only_what_it_draws(
    qtbot: QtBot,
    make_window: WindowFactory,
    big: tuple[Timeline, CountingEvents],
    sample_file: Path,
) -> None:
    events = big[1]
    window = _open(qtbot, make_window, big, sample_file)
    assert window.canvas.frame_stats.mode == "density"
    assert events.passes == 0
    assert len(events.read) < 100  # the rows of the list on screen
    # the filter bar and the legend know every tag and status all the same
    tags = [window.tag_filter.itemText(i) for i in range(window.tag_filter.count())]
    assert tags[:2] == ["All tags", f"all ({sum(1 for i in range(N) if i % 3)})"]
    statuses = [window.status_filter.itemText(i) for i in range(window.status_filter.count())]
    assert statuses == ["All statuses", "happened", "cancelled", "disputed"]
    assert ("all", "tag") in window.canvas.legend_items()


def test_zoomed_in_frames_read_the_events_in_view_and_those_citing_sources(
    qtbot: QtBot,
    make_window: WindowFactory,
    big: tuple[Timeline, CountingEvents],
    sample_file: Path,
) -> None:
    tl, events = big
    middle = tl.keys()[0][N // 2]  # (before counting starts)
    citing = {i for i, e in enumerate(tl.events) if e.sources}
    assert len(citing) == N // 10
    window = _open(qtbot, make_window, big, sample_file)
    for days in (400, 40, 4):
        window.canvas.set_visible_range(middle - days * 43200.0, middle + days * 43200.0)
        window.canvas.viewport().repaint()
    assert window.canvas.frame_stats.mode == "events"
    assert events.passes == 0
    # the reported dates (ghosts) are looked for among the events citing a source only
    assert len(events.read - citing) < 300


def test_a_digest_counts_tags_and_statuses() -> None:
    tl = _big()
    digest = Digest.of(tl)
    assert digest.tag_names() == tl.tags()
    assert dict(digest.tags)["all"] == sum(1 for e in tl if "all" in e.tags)
    assert digest.statuses == {e.status for e in tl}
    assert digest_of(tl) is digest_of(tl)


def test_per_timeline_values_go_with_their_timeline() -> None:
    made: list[str] = []

    def make(tl: Timeline, key: str) -> str:
        made.append(key)
        return f"{tl.title}:{key}"

    memo: PerTimeline[str, str] = PerTimeline(make)
    a, b = Timeline("a"), Timeline("a")  # equal, not the same
    assert memo(a, "x") == memo(a, "x") == "a:x"
    assert memo(b, "x") == "a:x"
    assert memo(a, "y") == "a:y"
    assert made == ["x", "x", "y"]
    assert len(memo) == 3
    del a
    assert len(memo) == 1


def test_values_carried_to_another_timeline_stay_while_it_lives() -> None:
    memo: PerTimeline[str, list[str]] = PerTimeline(lambda tl, key: [tl.title, key])
    old, new, other = Timeline("old"), Timeline("new"), Timeline("other")
    x, y = memo(old, "x"), memo(old, "y")
    own = memo(new, "y")
    memo(other, "z")
    memo.carry(old, new)
    assert memo(new, "x") is x  # carried, not made again
    assert memo(new, "y") is own  # its own kept
    assert own is not y
    assert memo.peek(new, "z") is None  # (another timeline's not carried)
    del old
    assert memo(new, "x") is x
    assert len(memo) == 3
    del new
    assert len(memo) == 1


def test_an_edit_in_place_keeps_the_bounds_made_of_the_timeline_before(tmp_path: Path) -> None:
    # a title edited at ten million events: the bounds (every key sorted) were made again
    # on the GUI thread for the edited timeline (0.2 s); its keys are the same ones
    pytest.importorskip("pyarrow")
    import attrs

    from timeline import dump, edit, load
    from viewer.viewport import EventBounds, carry_bounds

    dump(_big(), tmp_path / "big.parquet")
    tl = load(tmp_path / "big.parquet")
    bounds = EventBounds.of(tl, None), EventBounds.of(tl, "Asia/Tokyo")
    target = tl.events[10]
    titled = edit.replace_event(tl, target.id, attrs.evolve(target, title="New")).apply(tl)
    carry_bounds(tl, titled)
    assert (EventBounds.of(titled, None), EventBounds.of(titled, "Asia/Tokyo")) == bounds
    assert EventBounds.of(titled, None) is bounds[0]
    assert EventBounds.made(titled, None).sorted_lowers == bounds[0].sorted_lowers
    moved = attrs.evolve(target, when=When.parse("1901-01-01"))
    dated = edit.replace_event(tl, target.id, moved).apply(tl)
    carry_bounds(tl, dated)  # (the dates changed: nothing carried)
    assert EventBounds.of(dated, None) is not bounds[0]
    assert EventBounds.of(dated, None).lo == moved.when.lower


def test_two_threads_asking_for_a_value_at_once_are_given_the_one_made_once() -> None:
    # the views tell a worker's arrays by the bounds they came from, by identity
    # (viewer.sceneparts.Shown.made_from); and a lane index made twice at once at ten
    # million events was a second of CPU and a few hundred MB more: the second waits
    tl = Timeline("a")
    asked, release = threading.Event(), threading.Event()
    made: list[str] = []

    def make(tl: Timeline, key: str) -> list[str]:
        made.append(threading.current_thread().name)
        if threading.current_thread() is not threading.main_thread():
            asked.set()
            assert release.wait(10)
        return [key]

    memo: PerTimeline[str, list[str]] = PerTimeline(make)
    got: list[list[str]] = []
    worker = threading.Thread(target=lambda: got.append(memo(tl, "x")), name="worker")
    worker.start()
    assert asked.wait(10)
    threading.Timer(0.05, release.set).start()  # (while this thread waits, or before)
    mine = memo(tl, "x")
    worker.join(10)
    assert made == ["worker"]
    assert got == [mine]
    assert got[0] is mine
    assert memo(tl, "x") is mine


def test_a_value_carried_before_it_is_made_is_the_one_made_for_the_timeline_before() -> None:
    # an edit's timeline asks for the lane index while the loader's worker still makes the
    # one of the timeline before: it waits for that one, not making its own
    old, new, newer = Timeline("old"), Timeline("new"), Timeline("newer")
    asked, release = threading.Event(), threading.Event()
    made: list[str] = []

    def make(tl: Timeline, key: str) -> list[str]:
        made.append(tl.title)
        if tl.title == "old":
            asked.set()
            assert release.wait(10)
        return [tl.title, key]

    memo: PerTimeline[str, list[str]] = PerTimeline(make)
    got: list[list[str]] = []
    worker = threading.Thread(target=lambda: got.append(memo(old, "x")))
    worker.start()
    assert asked.wait(10)
    memo.carry(old, new)
    memo.carry(new, newer)
    threading.Timer(0.05, release.set).start()
    assert memo(newer, "x") is memo(new, "x")
    worker.join(10)
    assert got == [memo(new, "x")]
    assert got[0] is memo(newer, "x")
    assert made == ["old"]
    # a value of the timeline carried from, made after the carry, is taken too
    assert memo(new, "y") is memo(old, "y")
    assert made == ["old", "old"]
    # carried both ways (an edit, then its undo): no ring to wait on, each made once
    memo.carry(newer, old)
    assert memo(old, "z") is memo(newer, "z")
    assert made == ["old", "old", "old"]


def test_a_peek_finds_a_value_made_after_the_carry_for_the_timeline_before() -> None:
    # an edit made while the loader's worker makes the lanes of the timeline loaded: once
    # made, the edit's timeline has them too (a warm-up asking whether they are made is not
    # sent to a worker to find them)
    old, new, newer = Timeline("old"), Timeline("new"), Timeline("newer")
    made: list[str] = []

    def make(tl: Timeline, key: str) -> list[str]:
        made.append(tl.title)
        return [tl.title, key]

    memo: PerTimeline[str, list[str]] = PerTimeline(make)
    memo.carry(old, new)
    memo.carry(new, newer)
    assert memo.peek(newer, "x") is None
    value = memo(old, "x")
    assert memo.peek(newer, "x") is value  # (through both carries)
    assert memo.peek(new, "x") is value
    assert memo.peek(old, "y") is None
    assert memo.peek(newer, "y") is None
    assert made == ["old"]
    del old
    gc.collect()
    assert memo.peek(newer, "x") is value  # (kept for it: the timeline before may go)


def test_a_value_that_fails_is_made_again_by_the_next_asking() -> None:
    tl = Timeline("a")
    calls: list[int] = []

    def make(tl: Timeline, key: str) -> str:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("first time")
        return key

    memo: PerTimeline[str, str] = PerTimeline(make)
    with pytest.raises(RuntimeError):
        memo(tl, "x")
    assert memo(tl, "x") == "x"
    assert len(calls) == 2


def test_a_column_backed_timeline_is_prepared_for_view_without_making_its_events(
    tmp_path: Path,
) -> None:
    pytest.importorskip("pyarrow")
    columnar = pytest.importorskip("benchmarks.columnar")  # (numpy)
    from tests.test_scene import Mono
    from timeline import load
    from timeline.columns import EventColumns
    from viewer.digest import prepare_view
    from viewer.facts import ghost_of
    from viewer.scene import SceneModel

    path = tmp_path / "big.parquet"
    columnar.write(N, path)
    tl = load(path)
    assert isinstance(tl.events, EventColumns)
    prepare_view(tl, "Asia/Kolkata")  # (the loader's worker)
    digest = digest_of(tl)
    model = SceneModel(Mono())
    model.zone = "Asia/Kolkata"
    model.set_timeline(tl)
    ghosts = model.ghosts()
    assert tl.events.made() == 0
    # the same answers as from the events themselves
    assert digest.tag_names() == tl.tags()
    assert digest.statuses == {e.status for e in tl}
    assert ghosts  # (the generated events have reports of other dates)
    expected: dict[int, tuple[float, float]] = {}
    for i, e in enumerate(tl.events):
        if e.conflicting:
            ghost = ghost_of(e, "Asia/Kolkata")
            assert ghost is not None
            expected[i] = ghost[:2]
    assert ghosts == expected


def _not_on_the_gui_thread(*args: object) -> None:
    raise AssertionError("the lane index is made on the GUI thread")


def test_a_column_backed_timeline_is_shown_and_searched_making_only_the_events_drawn(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("pyarrow")
    columnar = pytest.importorskip("benchmarks.columnar")  # (numpy)
    from PySide6.QtTest import QTest

    from timeline.columns import EventColumns
    from timeline.ops import matching_ids

    path = tmp_path / "big.parquet"
    columnar.write(N, path)
    window = make_window()
    window.resize(1600, 900)
    with qtbot.waitSignal(window.timeline_changed, timeout=60_000):
        window.open_file(path)
    qtbot.waitUntil(lambda: window.canvas.frame_stats.paints > 0)
    assert window.loader().wait_idle(60.0)  # (the follow-ups: the search prepared)
    tl = window.timeline()
    assert tl is not None
    assert isinstance(tl.events, EventColumns)
    assert window.canvas.frame_stats.mode == "density"
    assert tl.events.made() < 100  # the rows of the list on screen
    # zoomed in: the lane index was made by the loader's worker, not on the GUI thread
    monkeypatch.setattr("viewer.lanes.lane_index", _not_on_the_gui_thread)
    middle = tl.keys()[0][N // 2]
    window.canvas.set_visible_range(middle - 2 * 86400.0, middle + 2 * 86400.0)
    window.canvas.viewport().repaint()
    assert window.canvas.frame_stats.mode == "events"
    assert 0 < window.canvas.visible_count() < 100
    assert tl.events.made() < 200
    # a search finds its matches in the columns: only the rows shown are made
    word = tl.events.title(N // 2).split()[0].upper()
    QTest.keyClicks(window.search, word)
    qtbot.waitUntil(lambda: window.match_label.isVisible(), timeout=10_000)
    assert tl.events.made() < 200
    shown = window.status_text()
    # and a tag chosen in the filter bar filters the canvas and the list from the columns
    tag, count = digest_of(tl).tags[0]
    window.search.clear()
    window.tag_filter.setCurrentIndex(window.tag_filter.findData(tag))
    qtbot.waitUntil(lambda: window.status_text() == f"showing {count:,} of {N:,} events")
    monkeypatch.undo()  # (the lanes of the events with that tag are made now)
    window.canvas.viewport().repaint()
    assert tl.events.made() < 300
    every = Timeline(tl.title, list(tl.events), tl.sources)  # (the events, made now)
    expected = matching_ids(every, text=word)
    assert expected is not None
    assert 0 < len(expected) < N
    assert shown == f"showing {len(expected):,} of {N:,} events"
    assert count == sum(tag in e.tags for e in every)
