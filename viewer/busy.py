"""The window's busy indicator: shown while anything is under way (a load, an export)."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QProgressBar, QWidget

__all__ = ["FRAME_MS", "BusyBar"]

FRAME_MS: Final = 100
"""How often the bar moves while it is shown (ten frames a second).  Qt's own indeterminate
progress bar animates at the style's rate: 40 ms of the GUI thread's CPU a second in the
main window, counted against a long load (a ten-million-event file's first frame)."""

_STEPS: Final = 20
"""Frames of the chunk's way from one end to the other (two seconds)."""


class BusyBar(QWidget):
    """An indeterminate bar for the status bar, shown while any reason for it holds: a
    chunk going to and fro in a track, moved :data:`FRAME_MS` apart.

    A load and an export may overlap: the bar stays until both have ended.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("busy")
        self.setMaximumWidth(120)
        self.setAccessibleName("Loading")
        self._reasons: set[str] = set()
        self._height = QProgressBar().sizeHint().height()  # (the status bar's height kept)
        self._frame = 0
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._step)
        self.hide()

    def sizeHint(self) -> QSize:
        return QSize(120, self._height)

    def set_busy(self, reason: str, busy: bool) -> None:
        """``reason`` (``"load"``, ``"export"``...) begins (``busy``) or ends."""
        if busy:
            self._reasons.add(reason)
        else:
            self._reasons.discard(reason)
        shown = bool(self._reasons)
        self.setVisible(shown)
        if shown and not self._timer.isActive():
            self._frame = 0
            self._timer.start()
        elif not shown:
            self._timer.stop()

    def _step(self) -> None:
        self._frame = (self._frame + 1) % (2 * _STEPS)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        track = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        track.setHeight(min(track.height(), 12.0))
        track.moveTop((self.height() - track.height()) / 2)
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(track, 3, 3)
        way = self._frame if self._frame <= _STEPS else 2 * _STEPS - self._frame
        width = track.width() / 4
        chunk = QRectF(track.left() + (track.width() - width) * way / _STEPS, track.top(),
                       width, track.height())  # fmt: skip
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
        painter.drawRoundedRect(chunk, 3, 3)
        painter.end()
