"""What a newsroom reader stumbled on in screenshots of the real window, fixed and seen as a
user sees it: numbers split from their words, status bar items run together."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from timeline import Event, Timeline
from timeline.resources import bundled_events_path
from timeline.when import When
from viewer.canvas import TimelineCanvas
from viewer.gotodialog import GoToDateDialog
from viewer.statusline import GAP_PX
from viewer.window import MainWindow

W = When.parse


def test_a_wrapped_title_keeps_a_number_with_its_word(qtbot: QtBot) -> None:
    c = TimelineCanvas()
    qtbot.addWidget(c)
    c.resize(900, 500)
    c.show()
    qtbot.waitExposed(c)
    title = "Collapse traps 33 miners about 700 m underground at the San José mine"
    events = [Event("collapse", title, W("2010-08-05"))] + [
        Event(f"e{d}", f"Day {d} of the search for the miners", W(f"2010-08-{d:02d}"))
        for d in range(7, 23, 2)
    ]
    c.set_timeline(Timeline("Mine", events))
    c.set_visible_range(W("2010-08-04").lower, W("2010-08-24").upper)
    lines = c.drawn_labels()["collapse"].split("\n")
    assert len(lines) == 2, lines  # wrapped: the next event of its lane is near
    assert " ".join(lines) == title
    assert not lines[0].endswith(("700", "33")), lines


def _window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    """The viewer at 1280×720 with the bundled data (fresh settings)."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.timeline_changed, timeout=10_000):
        window.open_file(bundled_events_path())
    return window


def test_the_status_bar_keeps_the_clock_and_the_count_apart(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path)
    zone, count = window.zone_label, window.status_line.count_label
    assert zone.text() == "times: each in its own zone"
    assert count.text() == "showing 15 of 15 events"
    # where each text ends and the next begins, in the status bar (once it is laid out again)

    def gap() -> float:
        zone_left = zone.mapTo(window, zone.contentsRect().topLeft()).x()
        zone_end = zone_left + QFontMetricsF(zone.font()).horizontalAdvance(zone.text())
        return count.mapTo(window, count.contentsRect().topLeft()).x() - zone_end

    qtbot.waitUntil(lambda: gap() >= GAP_PX, timeout=2000)
    assert zone.isVisible()
    assert count.isVisible()


def test_a_label_near_the_right_edge_stays_whole(qtbot: QtBot) -> None:
    c = TimelineCanvas()
    qtbot.addWidget(c)
    c.resize(900, 500)
    c.show()
    qtbot.waitExposed(c)
    title = "Miners invited to Greece and to football clubs abroad"
    events = [
        Event("supplies", "Supplies sent down in capsules", W("2010-08-23/2010-10-12")),
        Event("trip", title, W("2010-11/2010-12")),
    ]
    c.set_timeline(Timeline("Mine", events))
    c.set_visible_range(W("2010-08-01").lower, W("2010-11-10").upper)
    assert " ".join(c.drawn_labels()["trip"].split("\n")) == title  # was "…clubs abro…"
    label = c.label_rect("trip")
    assert label is not None
    assert label.right() <= c.viewport().width()


def test_a_ghost_across_the_view_keeps_its_words_whole(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path)
    canvas = window.canvas
    canvas.setFocus()
    QTest.keyClick(canvas, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(GoToDateDialog)
    assert isinstance(dialog, GoToDateDialog)
    qtbot.waitUntil(dialog.isVisible)
    QTest.keyClicks(dialog.edit, "2017-09-24/2017-09-28")
    QTest.keyClick(dialog.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    # Blasting News's 25-28 September runs to the view's right edge: no room beside it
    how, box = canvas.drawn_ghost_labels()["operation-safe-city"]
    assert how == "over"  # written on the bar's visible part, whole (was cut: "Blast…")
    bar = canvas.event_rect("operation-safe-city")
    assert bar is not None
    assert box.left() >= bar.left()
    assert box.right() <= canvas.viewport().width()


def test_fit_all_names_the_year_the_story_starts_in(qtbot: QtBot) -> None:
    c = TimelineCanvas()
    qtbot.addWidget(c)
    c.resize(700, 400)
    c.show()
    qtbot.waitExposed(c)
    events = [
        Event("collapse", "Collapse", W("2010-08-05")),
        Event("rescue", "Rescue", W("2010-10-13")),
        Event("film", "Film", W("2015")),
    ]
    c.set_timeline(Timeline("Mine", events))
    c.fit_all()
    labels = c.axis_labels()
    assert labels[0] == "2010", labels  # the axis named no year before 2011
    assert "2011" in labels


def test_a_link_kind_does_not_hide_a_ghosts_words(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path)
    canvas = window.canvas
    QTest.mouseClick(  # select Operation Safe City on the canvas: its links are drawn
        canvas.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        _centre(canvas, "operation-safe-city"),
    )
    assert window.selected_event() == "operation-safe-city"
    kinds = canvas.link_kinds()
    assert kinds  # "reports on", written on the highlighted links
    _how, words = canvas.drawn_ghost_labels()["operation-safe-city"]
    for *_ids, text, box in kinds:
        assert not box.intersects(words), (text, box, words)  # it covered "…Thursday”"


def _centre(canvas: TimelineCanvas, event_id: str) -> QPoint:
    rect = canvas.event_rect(event_id)
    assert rect is not None
    return rect.center().toPoint()
