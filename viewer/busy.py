"""The window's busy indicator: shown while anything is under way (a load, an export)."""

from __future__ import annotations

from PySide6.QtWidgets import QProgressBar, QWidget

__all__ = ["BusyBar"]


class BusyBar(QProgressBar):
    """An indeterminate bar for the status bar, shown while any reason for it holds.

    A load and an export may overlap: the bar stays until both have ended.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("busy")
        self.setRange(0, 0)
        self.setMaximumWidth(120)
        self.setTextVisible(False)
        self.setAccessibleName("Loading")
        self._reasons: set[str] = set()
        self.hide()

    def set_busy(self, reason: str, busy: bool) -> None:
        """``reason`` (``"load"``, ``"export"``...) begins (``busy``) or ends."""
        if busy:
            self._reasons.add(reason)
        else:
            self._reasons.discard(reason)
        self.setVisible(bool(self._reasons))
