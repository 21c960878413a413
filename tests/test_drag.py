"""Moving and resizing events by dragging them on the canvas, as a user (issue 11)."""

# The fixtures imported from tests.test_window are parameters of the tests here.
# ruff: noqa: F401, F811

from __future__ import annotations

import datetime as dt
import difflib
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from tests.test_authoring import _held_changes
from tests.test_editing import answers  # (autouse: the questions on closing are answered)
from tests.test_window import DATA, WindowFactory, make_window, settings_dir
from timeline.models import Event, Timeline
from timeline.shift import Unit
from timeline.when import When
from viewer.canvas import TimelineCanvas
from viewer.drag import Grab, drop, fixed, grab_at, snap_unit
from viewer.scene import Box
from viewer.viewport import Viewport
from viewer.window import MainWindow

_LEFT = Qt.MouseButton.LeftButton
_NONE = Qt.KeyboardModifier.NoModifier
_DAY = 86400.0


def _key(day: str) -> float:
    return (dt.date.fromisoformat(day) - dt.date(1970, 1, 1)).days * _DAY


@pytest.fixture
def authoring_file(tmp_path: Path) -> Path:
    target = tmp_path / "authoring.toml"
    shutil.copy(DATA / "authoring.toml", target)
    return target


@pytest.fixture
def window(qtbot: QtBot, make_window: WindowFactory, authoring_file: Path) -> MainWindow:
    window = make_window(authoring_file)
    window.resize(1600, 900)
    canvas = window.canvas
    qtbot.waitUntil(lambda: canvas.viewport().width() > 1000)
    canvas.set_visible_range(_key("2017-08-30"), _key("2017-10-20"))
    assert snap_unit(canvas.view()) is Unit.DAY  # days on the axis
    return window


def _when(window: MainWindow, event_id: str) -> str:
    tl = window.timeline()
    assert tl is not None
    return tl[event_id].when.edtf


def _px_per_day(canvas: TimelineCanvas) -> float:
    return _DAY / canvas.view().seconds_per_px


def _centre(canvas: TimelineCanvas, event_id: str) -> QPointF:
    rect = canvas.event_rect(event_id)
    assert rect is not None, event_id
    return rect.center()


def _drag(canvas: TimelineCanvas, start: QPointF, dx: float, *, release: bool = True) -> None:
    """Press at ``start``, move ``dx`` pixels right in a few steps, and let go."""
    vp = canvas.viewport()
    x0, y = round(start.x()), round(start.y())
    QTest.mousePress(vp, _LEFT, _NONE, QPoint(x0, y))
    for i in range(1, 5):
        QTest.mouseMove(vp, QPoint(x0 + round(dx * i / 4), y))
    if release:
        QTest.mouseRelease(vp, _LEFT, _NONE, QPoint(x0 + round(dx), y))


def _changed_lines(before: bytes, after: bytes) -> list[str]:
    diff = difflib.unified_diff(
        before.decode().splitlines(), after.decode().splitlines(), lineterm="", n=0
    )
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def test_dragging_a_day_bar_by_three_days_moves_it_and_saves_only_its_date(
    qtbot: QtBot, window: MainWindow, authoring_file: Path
) -> None:
    canvas = window.canvas
    original = authoring_file.read_bytes()
    _drag(canvas, _centre(canvas, "operation-safe-city"), 3 * _px_per_day(canvas))
    assert _when(window, "operation-safe-city") == "2017-09-27/2017-09-30"
    assert window.selected_event() == "operation-safe-city"
    assert "27–30 Sep 2017" in window.details.text()
    assert window.action("undo").text() == "&Undo Move 'Operation Safe City'"
    assert canvas.drag_preview() is None
    QTest.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not window.isWindowModified()
    assert _changed_lines(original, authoring_file.read_bytes()) == [
        '-when = "2017-09-24/2017-09-27"',
        '+when = "2017-09-27/2017-09-30"',
    ]


def test_the_preview_follows_and_says_where_before_the_release(
    qtbot: QtBot, window: MainWindow
) -> None:
    canvas = window.canvas
    before = canvas.event_rect("operation-safe-city")
    assert before is not None
    _drag(canvas, before.center(), 2 * _px_per_day(canvas), release=False)
    preview = canvas.drag_preview()
    assert preview is not None
    rect, words = preview
    assert words == "Move to 26–29 Sep 2017 (+2 days)"
    assert rect.left() == pytest.approx(before.left() + 2 * _px_per_day(canvas), abs=1)
    assert rect.width() == pytest.approx(before.width(), abs=1)
    assert _when(window, "operation-safe-city") == "2017-09-24/2017-09-27"  # not yet
    QTest.mouseRelease(canvas.viewport(), _LEFT, _NONE, rect.center().toPoint())
    assert _when(window, "operation-safe-city") == "2017-09-26/2017-09-29"


def test_escape_during_a_drag_cancels_it(qtbot: QtBot, window: MainWindow) -> None:
    canvas = window.canvas
    start = _centre(canvas, "operation-safe-city")
    _drag(canvas, start, 5 * _px_per_day(canvas), release=False)
    assert canvas.drag_preview() is not None
    view = canvas.view()
    QTest.keyClick(canvas, Qt.Key.Key_Escape)
    assert canvas.drag_preview() is None
    QTest.mouseMove(canvas.viewport(), QPoint(round(start.x()) + 200, round(start.y())))
    QTest.mouseRelease(canvas.viewport(), _LEFT, _NONE, QPoint(round(start.x()) + 200, 0))
    assert _when(window, "operation-safe-city") == "2017-09-24/2017-09-27"
    assert canvas.view() == view  # the rest of the press does not pan either
    assert not window.action("undo").isEnabled()
    assert not window.isWindowModified()


def test_undo_puts_the_event_back(qtbot: QtBot, window: MainWindow) -> None:
    canvas = window.canvas
    _drag(canvas, _centre(canvas, "operation-safe-city"), -4 * _px_per_day(canvas))
    assert _when(window, "operation-safe-city") == "2017-09-20/2017-09-23"
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _when(window, "operation-safe-city") == "2017-09-24/2017-09-27"
    assert "24–27 Sep 2017" in window.details.text()
    assert not window.isWindowModified()


def test_in_a_big_timeline_a_drop_is_made_on_a_worker(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the events between the event's two places are renumbered (seconds at ten million)
    from viewer import changeaway

    monkeypatch.setattr(changeaway, "MOVES_AWAY_FROM", 1)
    release = _held_changes(monkeypatch, "apply")  # (only a worker may wait)
    canvas = window.canvas
    shown = window.timeline()
    _drag(canvas, _centre(canvas, "operation-safe-city"), 3 * _px_per_day(canvas))
    assert window.statusBar().currentMessage() == "Moving 'Operation Safe City'…"
    assert window.timeline() is shown  # (not yet)
    release.set()
    qtbot.waitUntil(lambda: window.timeline() is not shown, timeout=20_000)
    assert _when(window, "operation-safe-city") == "2017-09-27/2017-09-30"
    assert window.statusBar().currentMessage() == "Moved 'Operation Safe City': 27–30 Sep 2017"
    assert window.action("undo").text() == "&Undo Move 'Operation Safe City'"


def test_a_month_moves_by_whole_months_and_stays_a_month(qtbot: QtBot, window: MainWindow) -> None:
    canvas = window.canvas
    start = _centre(canvas, "budget-month")
    _drag(canvas, start, 10 * _px_per_day(canvas))  # a third of a month: it stays
    assert _when(window, "budget-month") == "2017-09~"
    assert not window.action("undo").isEnabled()
    _drag(canvas, _centre(canvas, "budget-month"), 26 * _px_per_day(canvas))
    assert _when(window, "budget-month") == "2017-10~"
    assert window.action("undo").text() == "&Undo Move 'Budget talks'"


def test_dragging_an_end_resizes_the_bar(qtbot: QtBot, window: MainWindow) -> None:
    canvas = window.canvas
    rect = canvas.event_rect("operation-safe-city")
    assert rect is not None
    right_end = QPointF(rect.right() - 2, rect.center().y())
    _drag(canvas, right_end, 2 * _px_per_day(canvas))
    assert _when(window, "operation-safe-city") == "2017-09-24/2017-09-29"
    assert window.action("undo").text() == "&Undo Resize 'Operation Safe City'"
    rect = canvas.event_rect("operation-safe-city")
    assert rect is not None
    _drag(canvas, QPointF(rect.left() + 2, rect.center().y()), 20 * _px_per_day(canvas))
    assert _when(window, "operation-safe-city") == "2017-09-29/2017-09-29"  # stops at the end


def test_a_set_cannot_be_dragged_and_the_status_bar_says_why(
    qtbot: QtBot, window: MainWindow
) -> None:
    canvas = window.canvas
    view = canvas.view()
    QTest.mouseMove(canvas.viewport(), _centre(canvas, "one-of-three").toPoint())
    assert canvas.viewport().cursor().shape() == Qt.CursorShape.ForbiddenCursor
    rect = canvas.event_rect("operation-safe-city")
    assert rect is not None
    QTest.mouseMove(canvas.viewport(), QPoint(round(rect.right()) - 2, round(rect.center().y())))
    assert canvas.viewport().cursor().shape() == Qt.CursorShape.SizeHorCursor
    QTest.mouseMove(canvas.viewport(), rect.center().toPoint())
    assert canvas.viewport().cursor().shape() == Qt.CursorShape.OpenHandCursor
    _drag(canvas, _centre(canvas, "one-of-three"), 3 * _px_per_day(canvas))
    assert _when(window, "one-of-three") == "[2017-09-10,2017-09-12,2017-09-14]"
    assert "a set of dates has no one date" in window.statusBar().currentMessage()
    assert canvas.view() == view
    assert not window.action("undo").isEnabled()


def test_an_open_end_cannot_be_dragged_but_the_bar_moves(qtbot: QtBot, window: MainWindow) -> None:
    canvas = window.canvas
    _drag(canvas, _centre(canvas, "still-going"), 2 * _px_per_day(canvas))
    assert _when(window, "still-going") == "2017-09-07/.."


def test_a_click_still_selects_and_empty_space_still_pans(qtbot: QtBot, window: MainWindow) -> None:
    canvas = window.canvas
    QTest.mouseClick(
        canvas.viewport(), _LEFT, _NONE, _centre(canvas, "operation-safe-city").toPoint()
    )
    assert window.selected_event() == "operation-safe-city"
    assert not window.action("undo").isEnabled()
    start = canvas.view().start
    empty = QPointF(canvas.viewport().width() / 2, canvas.viewport().height() - 5)
    assert canvas.event_at(empty) is None
    _drag(canvas, empty, 100)
    assert canvas.view().start < start
    assert not window.action("undo").isEnabled()  # nothing moved


def test_without_editing_a_drag_on_an_event_pans(qtbot: QtBot) -> None:
    canvas = TimelineCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(900, 400)
    canvas.show()
    qtbot.waitExposed(canvas)
    canvas.set_timeline(Timeline("T", [Event("a", "A", When.parse("2017-09-24/2017-09-27"))]))
    canvas.set_visible_range(_key("2017-09-01"), _key("2017-10-20"))
    start = canvas.view().start
    with qtbot.assertNotEmitted(canvas.event_dropped):
        _drag(canvas, _centre(canvas, "a"), 100)
    assert canvas.view().start < start


# -- the rule, without Qt -------------------------------------------------------------


def test_the_unit_snaps_to_the_zoom_and_never_finer_than_the_date() -> None:
    day = When.parse("2017-09-15")
    days = Viewport(_key("2017-09-01"), _key("2017-10-01"), 900)
    years = Viewport(_key("2000-01-01"), _key("2030-01-01"), 900)
    t0 = _key("2017-09-15")
    assert drop(day, Grab.MOVE, days, t0, t0 + 3.4 * _DAY).when == When.parse("2017-09-18")
    landed = drop(day, Grab.MOVE, years, t0, t0 + 400 * _DAY)
    assert (landed.when, landed.n) == (When.parse("2018-09-15"), 1)
    month = When.parse("2017-09")
    assert drop(month, Grab.MOVE, days, t0, t0 + 10 * _DAY).n == 0
    assert drop(month, Grab.MOVE, days, t0, t0 + 20 * _DAY).when == When.parse("2017-10")
    decade = drop(When.parse("201X"), Grab.MOVE, years, t0, t0 + 3000 * _DAY)
    assert decade.when == When.parse("202X")


def test_what_a_press_grabs() -> None:
    bar = When.parse("2017-09-24/2017-09-27")
    mark = Box(100.0, 50.0, 80.0, 12.0)
    assert grab_at(bar, mark, 140.0) is Grab.MOVE
    assert grab_at(bar, mark, 178.0) is Grab.END
    assert grab_at(bar, mark, 101.0) is Grab.START
    assert grab_at(bar, Box(100.0, 50.0, 10.0, 12.0), 109.0) is Grab.MOVE  # too short
    open_end = When.parse("2017-09-24/..")
    assert grab_at(open_end, mark, 178.0) is Grab.MOVE
    assert fixed(open_end, Grab.END) is not None
    assert fixed(When.parse("[2017,2018]"), Grab.MOVE) is not None
    assert fixed(bar, Grab.START) is None
