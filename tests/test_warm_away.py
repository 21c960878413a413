"""After an edit of a big timeline, what the canvas warms up that is a pass over every event
(the disagreeing reports, the lane index) is made on a worker, not on the GUI thread."""

# The fixtures imported from tests.test_window are parameters of the tests here.
# ruff: noqa: F401, F811

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import attrs
import pytest
from pytestqt.qtbot import QtBot

pytest.importorskip("pyarrow")

from tests.test_phased_view import _write
from tests.test_window import WindowFactory, make_window, settings_dir
from timeline import When, edit
from viewer import canvaspaint, editing, lanes, scene
from viewer.window import MainWindow

WAIT_MS = 20_000


@pytest.fixture(autouse=True)
def discard(monkeypatch: pytest.MonkeyPatch) -> None:
    """The window closes at the end of a test, its edits let go."""
    monkeypatch.setattr(editing, "ask", lambda *_: "Discard")


@pytest.fixture
def threads(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each lane index was made on the GUI thread."""
    made: list[bool] = []
    lane_index = lanes.lane_index

    def recorded(*args: Any) -> Any:
        made.append(threading.current_thread() is threading.main_thread())
        return lane_index(*args)

    monkeypatch.setattr(scene, "lane_index", recorded)
    return made


def _opened(qtbot: QtBot, make_window: WindowFactory, tmp_path: Path) -> MainWindow:
    """A window showing 3,000 events over twenty years: drawn as their density."""
    window = make_window(_write(tmp_path / "big.parquet", bad=False))
    window.canvas.viewport().repaint()
    qtbot.waitUntil(lambda: window.loader().wait_idle(0), timeout=WAIT_MS)  # (its follow-ups)
    assert window.canvas.frame_stats.mode == "density"
    return window


def _edit(window: MainWindow) -> None:
    """An edit of one event's date (a title alone keeps the lane index: carried over)."""
    tl = window.timeline()
    assert tl is not None
    event = tl["e5"]
    moved = attrs.evolve(event, title="Edited", when=When.parse("2001-02-03"))
    window.editor.push(edit.replace_event(tl, "e5", moved))


def test_an_edited_big_timeline_is_warmed_up_on_a_worker(
    qtbot: QtBot,
    make_window: WindowFactory,
    tmp_path: Path,
    threads: list[bool],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(canvaspaint, "WARM_AWAY_FROM", 1000)  # (3,000 events are big now)
    window = _opened(qtbot, make_window, tmp_path)
    threads.clear()
    with qtbot.waitSignal(window.canvas._warm_away.made, timeout=WAIT_MS) as made:
        _edit(window)
    edited = window.timeline()
    assert edited is not None
    assert made.args == [edited]
    assert threads == [False]  # the lane index of every event, made on a worker
    lower = edited["e5"].when.lower
    window.canvas.set_visible_range(lower - 86400.0, lower + 86400.0)  # zoomed in on it
    window.canvas.viewport().repaint()
    assert window.canvas.frame_stats.mode == "events"
    assert threads == [False]  # the frame found the lanes made


def test_a_timeline_under_the_size_is_warmed_up_on_the_gui_thread(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, threads: list[bool]
) -> None:
    window = _opened(qtbot, make_window, tmp_path)
    threads.clear()
    _edit(window)
    qtbot.waitUntil(lambda: bool(threads), timeout=WAIT_MS)
    assert threads == [True]


def test_a_warm_up_on_a_worker_gives_back_its_memory_there(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # what the warm-up freed is kept by Arrow's allocator in the worker's heap: given back
    # by that worker, after the work
    from timeline import Timeline
    from viewer import warmaway

    said: list[tuple[str, int]] = []
    monkeypatch.setattr(
        warmaway, "give_back_memory", lambda: said.append(("given back", threading.get_ident()))
    )
    from PySide6.QtCore import QObject

    owner = QObject()
    away = warmaway.WarmAway(owner)
    tl = Timeline("T", [])
    with qtbot.waitSignal(away.made, timeout=WAIT_MS) as made:
        away.warm(tl, lambda: said.append(("warmed", threading.get_ident())))
    assert made.args == [tl]
    assert [what for what, _ in said] == ["warmed", "given back"]
    assert said[0][1] == said[1][1] != threading.main_thread().ident
