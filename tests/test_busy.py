"""The window's busy indicator (viewer/busy.py): shown while a reason holds, moved by its
own slow timer."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QProgressBar
from pytestqt.qtbot import QtBot

from viewer.busy import FRAME_MS, BusyBar


def test_the_bar_shows_while_a_reason_holds_and_moves_ten_times_a_second(qtbot: QtBot) -> None:
    bar = BusyBar()
    qtbot.addWidget(bar)
    assert not isinstance(bar, QProgressBar)  # (Qt's animates at the style's rate: 5x the CPU)
    bar.set_busy("load", True)
    bar.set_busy("export", True)
    assert not bar.isHidden()
    with qtbot.waitSignal(bar._timer.timeout, timeout=10 * FRAME_MS):
        pass
    assert bar._timer.interval() == FRAME_MS
    first = bar.grab().toImage()
    with qtbot.waitSignal(bar._timer.timeout, timeout=10 * FRAME_MS):
        pass
    second = bar.grab().toImage()
    assert first != second  # (the chunk moved)
    highlight = bar.palette().color(QPalette.ColorRole.Highlight).rgb()
    middle = second.height() // 2
    assert any(second.pixel(x, middle) == highlight for x in range(second.width()))
    bar.set_busy("load", False)
    assert not bar.isHidden()  # (the export still runs)
    assert bar._timer.isActive()
    bar.set_busy("export", False)
    assert bar.isHidden()
    assert not bar._timer.isActive()  # (no frames while hidden)
