"""What runs before a timeline's first frame and what waits for it (issue 15).

The loader's worker prepares what the first frame needs before the timeline is shown; its
follow-ups (the lane index, the search's texts, the lookup by id) wait for that frame to
be painted, so that they do not compete with it for the processor.
"""

# The fixtures imported from tests.test_window are parameters of the tests here.
# ruff: noqa: F401, F811

from __future__ import annotations

import gc
import threading
from array import array
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pytestqt.qtbot import QtBot

import timeline
from tests.test_window import WindowFactory, make_window, sample_file, settings_dir
from timeline.models import Timeline
from viewer import viewport
from viewer.canvas import TimelineCanvas
from viewer.loader import LiveLoader


def _gated(qtbot: QtBot, path: Path) -> tuple[LiveLoader, list[str], list[Callable[[], None]]]:
    """A loader that has loaded ``path``, the titles its follow-up ran on, and the starts
    its gate holds."""
    loader = LiveLoader()
    ran: list[str] = []
    held: list[Callable[[], None]] = []
    loader.add_follow_up(lambda tl: ran.append(tl.title))
    loader.set_follow_up_gate(held.append)
    with qtbot.waitSignal(loader.loaded, timeout=10_000):
        loader.open(path)
    return loader, ran, held


def test_a_loaders_follow_ups_start_when_its_gate_lets_them(
    qtbot: QtBot, sample_file: Path
) -> None:
    loader, ran, held = _gated(qtbot, sample_file)
    assert len(held) == 1
    assert not loader.wait_idle(0)  # (counted as running from the moment it is shown)
    assert ran == []
    held[0]()
    assert loader.wait_idle(10)
    assert ran == [timeline.load(sample_file).title]
    loader.close()


def test_a_loader_closed_before_the_first_frame_drops_its_follow_ups(
    qtbot: QtBot, sample_file: Path
) -> None:
    # a window closed between a load and its first frame: closing waits for no follow-up
    # that its gate would never start (it waited 5 s), and a gate opened late starts none
    loader, ran, held = _gated(qtbot, sample_file)
    assert not loader.wait_idle(0)
    loader.close()
    assert loader.wait_idle(5)  # (at once; the load's job may still be ending)
    held[0]()
    assert loader.wait_idle(10)
    assert ran == []


def test_a_loader_prepares_an_edit_s_timeline_as_a_load_s_a_failure_left_for_later(
    qtbot: QtBot, sample_file: Path
) -> None:
    loader = LiveLoader()
    made: list[str] = []

    def failing(tl: Timeline) -> None:
        raise ValueError("made on use instead")

    loader.add_preparation(failing)
    loader.add_preparation(lambda tl: made.append(tl.title))
    tl = timeline.load(sample_file)
    loader.prepare(tl)
    assert made == [tl.title]


def test_a_loader_without_a_gate_starts_its_follow_ups_at_once(
    qtbot: QtBot, sample_file: Path
) -> None:
    loader = LiveLoader()
    ran = threading.Event()
    loader.add_follow_up(lambda tl: ran.set())
    with qtbot.waitSignal(loader.loaded, timeout=10_000):
        loader.open(sample_file)
    assert loader.wait_idle(10)
    assert ran.is_set()
    loader.close()


def test_a_loaders_worker_gives_back_memory_after_each_follow_up_on_its_own_thread(
    qtbot: QtBot, sample_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Arrow's allocator keeps what a thread freed in that thread's heap (0.55 GB after the
    # reports of ten million events): only the worker that did the work can give it back
    from viewer import loader as loader_module

    said: list[tuple[str, int]] = []
    monkeypatch.setattr(
        loader_module,
        "give_back_memory",
        lambda: said.append(("given back", threading.get_ident())),
    )
    loader = LiveLoader()

    def step(name: str) -> Callable[[Timeline], None]:
        return lambda _tl: said.append((name, threading.get_ident()))

    for name in ("first", "second"):
        loader.add_follow_up(step(name))
    with qtbot.waitSignal(loader.loaded, timeout=10_000):
        loader.open(sample_file)
    assert loader.wait_idle(10)
    steps = [what for what, _ in said]
    assert steps[-4:] == ["first", "given back", "second", "given back"]
    threads = {thread for _, thread in said[-4:]}
    assert len(threads) == 1
    assert threads != {threading.main_thread().ident}
    loader.close()


def test_a_loader_prepares_with_the_collector_paused_then_collects_once(
    qtbot: QtBot, sample_file: Path
) -> None:
    loader = LiveLoader()
    enabled: list[bool] = []
    loader.add_preparation(lambda tl: enabled.append(gc.isenabled()))
    assert gc.isenabled()
    with qtbot.waitSignal(loader.loaded, timeout=10_000):
        loader.open(sample_file)
    assert enabled == [False]
    assert gc.isenabled()
    loader.close()


def test_a_loader_settles_memory_on_the_gui_thread_not_on_its_worker(
    qtbot: QtBot, sample_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full collection may destroy Qt objects (a closed window's cycles): never off the
    GUI thread, where it crashed the process once in CI."""
    from viewer import loader as loader_module

    threads: list[bool] = []
    real = loader_module.settle_memory

    def spy() -> None:
        threads.append(threading.current_thread() is threading.main_thread())
        real()

    monkeypatch.setattr(loader_module, "settle_memory", spy)
    loader = LiveLoader()
    with qtbot.waitSignal(loader.loaded, timeout=10_000):
        loader.open(sample_file)
    assert gc.get_freeze_count() > 0  # the timeline shown is frozen at once: no rescans
    assert loader.wait_idle(10)
    qtbot.waitUntil(lambda: threads == [True])  # settled (once the event loop is back)
    loader.close()


def test_a_window_settles_memory_after_the_first_frame_of_what_it_loaded(
    qtbot: QtBot, make_window: WindowFactory, sample_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The full collection (it scans every object of the process) waits for the frame."""
    from viewer import loader as loader_module

    window = make_window()
    frames: list[int] = []
    real = loader_module.settle_memory

    def spy() -> None:
        frames.append(window.canvas.frame_stats.paints)
        real()

    monkeypatch.setattr(loader_module, "settle_memory", spy)
    before = window.canvas.frame_stats.paints
    with qtbot.waitSignal(window.timeline_changed, timeout=10_000):
        window.open_file(sample_file)
    qtbot.waitUntil(lambda: len(frames) == 1)
    assert frames[0] > before  # a frame of the timeline came first


def test_a_canvas_runs_what_waits_for_its_next_frame_once_it_is_painted(qtbot: QtBot) -> None:
    canvas = TimelineCanvas()
    qtbot.addWidget(canvas)
    painted: list[int] = []
    canvas.after_next_paint(lambda: painted.append(canvas.frame_stats.paints))
    assert painted == [0]  # not shown: no frame is coming, so at once
    canvas.show()
    qtbot.waitExposed(canvas)
    qtbot.waitUntil(lambda: canvas.frame_stats.paints > 0)
    canvas.after_next_paint(lambda: painted.append(-1))
    assert painted == [0]
    canvas.viewport().repaint()
    assert painted == [0, -1]
    canvas.viewport().repaint()
    assert painted == [0, -1]  # once


def test_the_windows_follow_ups_start_once_the_first_frame_is_painted(
    qtbot: QtBot, make_window: WindowFactory, sample_file: Path
) -> None:
    loader = LiveLoader()
    paints_then: list[int] = []
    window = make_window(loader=loader)
    canvas = window.canvas
    loader.add_follow_up(lambda tl: paints_then.append(canvas.frame_stats.paints))
    before = canvas.frame_stats.paints
    with qtbot.waitSignal(window.timeline_changed, timeout=10_000):
        window.open_file(sample_file)
    qtbot.waitUntil(lambda: canvas.frame_stats.paints > before)
    assert loader.wait_idle(10)
    assert len(paints_then) == 1
    assert paints_then[0] > before


def test_showing_a_timeline_with_nothing_selected_looks_up_no_id(
    qtbot: QtBot, make_window: WindowFactory, sample_file: Path, tmp_path: Path
) -> None:
    pytest.importorskip("pyarrow")
    from timeline.columns import EventColumns

    path = tmp_path / "events.parquet"
    timeline.dump(timeline.load(sample_file), path)
    held: list[Callable[[], None]] = []
    loader = LiveLoader()
    window = make_window(loader=loader)
    loader.set_follow_up_gate(held.append)  # (the window's follow-ups held back)
    with qtbot.waitSignal(window.timeline_changed, timeout=10_000):
        window.open_file(path)
    tl = window.timeline()
    assert isinstance(tl, Timeline)
    assert isinstance(tl.events, EventColumns)
    assert tl.events._positions is None  # the map of every id, made by a follow-up
    held[0]()
    assert loader.wait_idle(10)
    assert tl.events._positions is not None


@given(st.lists(st.floats(allow_nan=False), max_size=50))
def test_keys_are_sorted_alike_with_numpy_and_without(keys: list[float]) -> None:
    pytest.importorskip("numpy")
    values = array("d", keys)
    with mock.patch.object(viewport, "SORT_WHOLE_FROM", 0):
        whole = viewport.sorted_keys(values)
    assert list(whole) == sorted(keys)
    assert viewport.sorted_keys(values) == array("d", sorted(keys))
    assert list(values) == keys  # (not sorted in place)


def test_an_edit_s_timeline_made_on_a_worker_gets_its_lookup_by_id_there(
    qtbot: QtBot, tmp_path: Path
) -> None:
    # a change made on a worker (a delete at ten million events) shows a timeline whose
    # lookup by id the canvas asks for at once: made on that worker too
    pytest.importorskip("pyarrow")
    from timeline import edit
    from timeline.columns import EventColumns
    from timeline.models import Event
    from timeline.when import When
    from viewer.filesession import _prepare_edited

    events = [Event(f"e{k}", f"Event {k}", When.parse(f"2001-01-{1 + k:02d}")) for k in range(9)]
    path = tmp_path / "events.parquet"
    timeline.dump(Timeline("T", events), path)
    tl = timeline.load(path)
    edited = edit.remove_event(tl, "e2").apply(tl)
    assert isinstance(edited.events, EventColumns)
    assert edited.events._positions is None
    loader = LiveLoader()
    prepared: list[Timeline] = []
    loader.add_preparation(prepared.append)
    _prepare_edited(loader, edited)
    assert prepared == [edited]
    assert edited.events._positions is not None
    assert edited.position("e3") == 2
    loader.close()
