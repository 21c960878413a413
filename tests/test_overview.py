"""The overview strip: density of the whole timeline and a draggable visible window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from timeline.models import Event, Timeline
from timeline.when import When
from viewer.overview import OverviewStrip

W = When.parse
DAY = 86400.0
NB = Qt.KeyboardModifier.NoModifier


@pytest.fixture
def strip(qtbot: QtBot) -> OverviewStrip:
    s = OverviewStrip()
    qtbot.addWidget(s)
    s.resize(1000, 40)
    s.show()
    qtbot.waitExposed(s)
    tl = Timeline(
        "T",
        [Event(f"e{m}", f"Event {m}", W(f"2017-{m:02d}-15")) for m in range(1, 13)]
        + [Event("open", "Open", W("2017-06-01/.."))],
    )
    s.set_timeline(tl)
    s.set_visible_range(W("2017-03-01").lower, W("2017-03-31").upper)
    return s


def test_window_rect_follows_the_visible_range(strip: OverviewStrip) -> None:
    rect = strip.window_rect()
    assert rect is not None
    assert 0 < rect.left() < rect.right() < strip.width() / 2
    strip.set_visible_range(W("2017-10-01").lower, W("2017-10-31").upper)
    later = strip.window_rect()
    assert later is not None
    assert later.left() > rect.right()


def test_click_centres_the_window(strip: OverviewStrip, qtbot: QtBot) -> None:
    start, end = strip.visible_range() or (0.0, 0.0)
    with qtbot.waitSignal(strip.range_requested) as blocker:
        QTest.mouseClick(strip, Qt.MouseButton.LeftButton, NB, QPoint(800, 20))
    new_start, new_end = blocker.args
    assert new_end - new_start == pytest.approx(end - start)
    rect = strip.window_rect()
    assert rect is not None
    assert rect.center().x() == pytest.approx(800, abs=1.5)


def test_drag_moves_the_window(strip: OverviewStrip, qtbot: QtBot) -> None:
    rect = strip.window_rect()
    assert rect is not None
    x = round(rect.center().x())
    start, _ = strip.visible_range() or (0.0, 0.0)
    QTest.mousePress(strip, Qt.MouseButton.LeftButton, NB, QPoint(x, 20))
    with qtbot.waitSignal(strip.range_requested) as blocker:
        QTest.mouseMove(strip, QPoint(x + 100, 20))
    QTest.mouseRelease(strip, Qt.MouseButton.LeftButton, NB, QPoint(x + 100, 20))
    assert blocker.args[0] > start
    moved = strip.window_rect()
    assert moved is not None
    assert moved.center().x() == pytest.approx(x + 100, abs=1.5)


def test_paints_density(strip: OverviewStrip) -> None:
    image = strip.grab().toImage()
    colours = {image.pixel(x, image.height() - 4) for x in range(0, image.width(), 3)}
    assert len(colours) >= 2
