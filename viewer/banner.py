"""The banner across the top of the window: the problems with the file, until it is fixed.

The window shows the last good timeline while its file has errors; the banner
says why (each problem as ``file:line: event 'id': field: message``), in plain
text, wrapped, never widening the window.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QSizePolicy, QStyle, QWidget

from timeline.errors import Problem
from viewer.details import TextLabel

__all__ = ["MAX_BANNER_PROBLEMS", "Banner", "problem_lines"]

MAX_BANNER_PROBLEMS: Final = 12


def problem_lines(problems: Sequence[Problem]) -> list[str]:
    """One line per problem (``file:line: event 'id': field: message``), capped."""
    lines = [str(p) for p in problems[:MAX_BANNER_PROBLEMS]]
    if len(problems) > MAX_BANNER_PROBLEMS:
        lines.append(f"… and {len(problems) - MAX_BANNER_PROBLEMS} more")
    return lines


class Banner(QFrame):
    """A message across the top of the window (plain text), until cleared."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setAccessibleName("Problems with the file")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.setForegroundRole(QPalette.ColorRole.ToolTipText)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        icon = TextLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size)
        )
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout.addWidget(icon)
        self._label = TextLabel()  # a long word in a message never widens the window
        self._label.setObjectName("banner-text")
        self._label.setWordWrap(True)
        self._label.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout.addWidget(self._label, 1)
        self.hide()

    def show_message(self, text: str) -> None:
        self._label.setText(text)
        self.show()

    def clear(self) -> None:
        self._label.clear()
        self.hide()

    def text(self) -> str:
        return self._label.text()
