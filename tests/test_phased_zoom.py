"""Zooming in while a big Parquet file's rest is checked (issue 15): the canvas draws the
events from their keys at once, without what needs the rest (a source's ghost, the links),
and draws them whole once the check ends."""

# The fixtures imported from tests.test_window are parameters of the tests here.
# ruff: noqa: F401, F811

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

pq = pytest.importorskip("pyarrow.parquet")

from PySide6.QtCore import QPoint, QPointF, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QWheelEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

import timeline  # noqa: E402
from tests.held_check import HELD_S, HeldCheck  # noqa: E402
from tests.test_phased_view import N, _open, phased  # noqa: E402
from tests.test_window import WindowFactory, make_window, settings_dir  # noqa: E402
from timeline.columns import EventColumns  # noqa: E402
from timeline.models import Citation, Event, Link, Source, Timeline  # noqa: E402
from timeline.parquet_io import to_table  # noqa: E402
from timeline.when import When  # noqa: E402
from viewer.canvas import TimelineCanvas  # noqa: E402
from viewer.interaction import ZOOM_STEP  # noqa: E402

GHOSTLY = "e7"
"""The event a source reports on another date (2007-08-08; the source says the 6th)."""

DAY = 86400.0


def _write(path: Path) -> Path:
    events = [
        Event(
            f"e{i}",
            f"Event {i}",
            When.parse(f"{2000 + i % 20}-{1 + i % 12:02d}-{1 + i % 28:02d}"),
            sources=(
                [Citation("nyt", reported=When.parse("2007-08-06"), reported_text="Monday")]
                if f"e{i}" == GHOSTLY
                else []
            ),
            related=[Link("follows", "e427")] if f"e{i}" == GHOSTLY else [],
        )
        for i in range(N)
    ]  # (e7, e427, …, e2947 share the 8th of August 2007)
    pq.write_table(to_table(Timeline("Big", events, [Source("nyt", "An article")])), path)
    return path


def _wheel_in(canvas: TimelineCanvas, x: float, steps: int) -> None:
    """``steps`` notches of Ctrl+wheel at ``x``: a zoom in around the time there."""
    vp = canvas.viewport()
    pos = QPointF(x, vp.height() / 2)
    for _ in range(steps):
        event = QWheelEvent(
            pos,
            QPointF(vp.mapToGlobal(pos.toPoint())),
            QPoint(0, 0),
            QPoint(0, 120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.ControlModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(vp, event)


def _zoom_in_on_the_8th(canvas: TimelineCanvas) -> None:
    """Ctrl+wheel at the 8th of August 2007 until about three days are shown."""
    day = When.parse("2007-08-08").lower + DAY / 2
    start, end = canvas.visible_range()
    x = (day - start) * canvas.viewport().width() / (end - start)
    _wheel_in(canvas, x, math.ceil(math.log((end - start) / (3 * DAY)) / math.log(ZOOM_STEP)))


@pytest.fixture
def discard(monkeypatch: pytest.MonkeyPatch) -> None:
    """The window closes at the end of a test, its edits let go."""
    from viewer import editing

    monkeypatch.setattr(editing, "ask", lambda *_: "Discard")


def test_zooming_in_during_the_check_draws_at_once_and_the_ghost_once_checked(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, phased: None
) -> None:
    window, loader, held = _open(qtbot, make_window, _write(tmp_path / "big.parquet"))
    tl = window.timeline()
    assert tl is not None
    assert not timeline.is_complete(tl)
    canvas = window.canvas
    assert canvas.frame_stats.mode == "density"
    check = HeldCheck(tl)
    held[0]()  # (the check starts on its worker, and is held there)
    qtbot.waitUntil(check.entered.is_set, timeout=10_000)
    before = canvas.frame_stats.paints
    _zoom_in_on_the_8th(canvas)
    qtbot.waitUntil(lambda: canvas.frame_stats.paints > before, timeout=int(3 * HELD_S * 1000))
    assert not check.let_through.is_set()  # painted while the check was held
    assert not timeline.is_complete(tl)
    assert canvas.frame_stats.mode == "events"
    assert not tl.indexed()  # found without the span index of all (the worker's, later)
    rect = canvas.event_rect(GHOSTLY)
    assert rect is not None  # the events drawn, from their keys
    assert canvas.event_rect("e427") is not None
    assert canvas.drawn_ghost_labels() == {}  # without the ghost (the citations: the rest)
    assert canvas.connectors() == []  # nor the links
    tip = canvas.tooltip_at(rect.center())  # a tooltip from the keys
    assert "Event 7" in tip
    assert "Reported differently" not in tip
    canvas.select_event(GHOSTLY)
    painted = canvas.frame_stats.paints
    with qtbot.waitSignal(loader.completed, timeout=20_000):
        check.release_from_the_event_loop()
    qtbot.waitUntil(lambda: canvas.frame_stats.paints > painted)  # drawn again
    # whole once the worker made the span index and lanes of every event (not made here)
    qtbot.waitUntil(lambda: GHOSTLY in canvas.drawn_ghost_labels(), timeout=20_000)
    assert check.in_time == [True]
    ((how, _box),) = [canvas.drawn_ghost_labels()[GHOSTLY]]
    assert how in ("right", "left", "over", "cut")
    assert canvas.connectors() == [(GHOSTLY, "e427", "follows")]
    whole = canvas.event_rect(GHOSTLY)  # (placed again: the ghost takes room in its lane)
    assert whole is not None
    assert "Reported differently by An article" in canvas.tooltip_at(whole.center())
    assert loader.wait_idle(20)


def test_an_edit_while_the_worker_makes_the_lanes_is_drawn_from_its_keys_until_they_are_made(
    qtbot: QtBot,
    make_window: WindowFactory,
    tmp_path: Path,
    phased: None,
    discard: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A title edited once the rest is checked, while the loader's worker still makes the
    lanes of every event: the edit's timeline is drawn from its keys as the one loaded was
    (no lane index made on the GUI thread, nor by the edit's warm-up beside the worker's:
    at ten million events the two passes at once peaked 0.9 GB higher), then whole."""
    import attrs

    from viewer import canvaspaint, scene, warmup
    from viewer.lanes import lane_index
    from viewer.scene import prepare_lanes

    monkeypatch.setattr(canvaspaint, "WARM_AWAY_FROM", 1000)  # (3,000 events are big now)
    on_gui: list[bool] = []

    def recorded(*args: object) -> object:
        on_gui.append(threading.current_thread() is threading.main_thread())
        return lane_index(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(scene, "lane_index", recorded)
    go = threading.Event()

    def held_lanes(tl: Timeline, zone: str | None) -> None:
        assert go.wait(20)
        prepare_lanes(tl, zone)

    monkeypatch.setattr(warmup, "prepare_lanes", held_lanes)
    window, loader, held = _open(qtbot, make_window, _write(tmp_path / "big.parquet"))
    canvas = window.canvas
    with qtbot.waitSignal(loader.completed, timeout=20_000):
        held[0]()
    tl = window.timeline()
    assert tl is not None
    window.editor.push(
        timeline.edit.replace_event(tl, GHOSTLY, attrs.evolve(tl[GHOSTLY], title="Seven, edited"))
    )
    assert window.timeline() is not tl
    before = canvas.frame_stats.paints
    _zoom_in_on_the_8th(canvas)
    qtbot.waitUntil(lambda: canvas.frame_stats.paints > before)
    assert canvas.frame_stats.mode == "events"
    rect = canvas.event_rect(GHOSTLY)
    assert rect is not None
    assert "Seven, edited" in canvas.tooltip_at(rect.center())
    canvas.select_event(GHOSTLY)  # (its links drawn, once they are read)
    assert canvas.drawn_ghost_labels() == {}  # drawn from its keys
    assert canvas.connectors() == []
    QApplication.processEvents()  # (the idle warm-up: waits too)
    assert not canvas._warm_away.running()
    assert on_gui == []  # no lane index made: not by the frame, nor by the edit's warm-up
    go.set()
    qtbot.waitUntil(lambda: GHOSTLY in canvas.drawn_ghost_labels(), timeout=20_000)
    assert canvas.connectors() == [(GHOSTLY, "e427", "follows")]
    whole = canvas.event_rect(GHOSTLY)
    assert whole is not None
    tip = canvas.tooltip_at(whole.center())
    assert "Seven, edited" in tip
    assert "Reported differently by An article" in tip
    assert loader.wait_idle(20)
    qtbot.waitUntil(lambda: not canvas._warm_away.running(), timeout=20_000)
    canvas.viewport().repaint()
    assert on_gui == [False]  # made once, by the loader's worker, and shared by the edit
    edited = window.timeline()
    assert edited is not None
    zone = canvas.zone()
    assert edited.index_in(zone) is tl.index_in(zone)  # the span index too (not built again)


def test_an_event_added_before_the_rest_is_checked_is_drawn_whole_once_it_is(
    qtbot: QtBot,
    make_window: WindowFactory,
    tmp_path: Path,
    phased: None,
    discard: None,
) -> None:
    """An edit that reads nothing of the rest (a script adding an event) while the rest is
    not checked yet: drawn from its keys, then whole once the check and the worker's lanes
    of the timeline loaded are done (it waits for that timeline's word, not its own)."""
    window, loader, held = _open(qtbot, make_window, _write(tmp_path / "big.parquet"))
    canvas = window.canvas
    tl = window.timeline()
    assert tl is not None
    added = Event("added", "Added", When.parse("2007-08-08"))
    window.editor.push(timeline.edit.add_event(tl, added))
    edited = window.timeline()
    assert edited is not None
    assert "added" in edited
    assert not timeline.is_complete(edited)  # (nothing of the rest read)
    canvas.select_event(GHOSTLY)
    with qtbot.waitSignal(loader.completed, timeout=20_000):
        held[0]()
    _zoom_in_on_the_8th(canvas)
    qtbot.waitUntil(lambda: GHOSTLY in canvas.drawn_ghost_labels(), timeout=20_000)
    assert canvas.connectors() == [(GHOSTLY, "e427", "follows")]
    assert canvas.event_rect("added") is not None
    assert loader.wait_idle(20)
