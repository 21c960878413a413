"""The window's panes: the event list | the canvas over the overview strip | the details."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QWidget

__all__ = ["Panes"]

DETAILS_WIDTH = 320
"""The details pane's width when Show Details opens it from collapsed."""


class Panes(QSplitter):
    """Side by side: the event list, the canvas over the overview, the details.

    The middle one stretches and never collapses.  Until remembered sizes are
    restored, the first show gives the list and the details a quarter each
    (never under 180 px) and the overview its height.
    """

    def __init__(self, events: QWidget, canvas: QWidget, overview: QWidget, details: QWidget):
        super().__init__(Qt.Orientation.Horizontal)
        self.setObjectName("main-splitter")
        self.center = QSplitter(Qt.Orientation.Vertical)
        self.center.setObjectName("center-splitter")
        self.center.addWidget(canvas)
        self.center.addWidget(overview)
        self.center.setStretchFactor(0, 1)
        self.center.setStretchFactor(1, 0)
        self.center.setCollapsible(0, False)
        self._overview = overview
        self._details = details
        self.addWidget(events)
        self.addWidget(self.center)
        self.addWidget(details)
        self.setStretchFactor(0, 0)
        self.setStretchFactor(1, 1)
        self.setStretchFactor(2, 0)
        self.setCollapsible(1, False)
        self.sized = False
        """Whether the panes have their sizes (restored or given at the first show)."""

    def splitters(self) -> dict[str, QSplitter]:
        """The splitters whose state the window remembers, by key."""
        return {"splitter": self, "center_splitter": self.center}

    def size_once(self) -> None:
        """Give the panes their first sizes, unless they have sizes already."""
        if self.sized:
            return
        self.sized = True
        # list 25 %, timeline 50 %, details 25 % (no side narrower than 180 px)
        width = max(self.width(), 600)
        side = max(180, width // 4)
        self.setSizes([side, width - 2 * side, side])
        height = max(self.center.height(), 200)
        strip = self._overview.sizeHint().height()
        self.center.setSizes([height - strip, strip])

    def show_details(self) -> None:
        """Open the details pane if it is collapsed, and give it the focus."""
        sizes = self.sizes()
        if sizes[2] == 0:
            sizes[2] = DETAILS_WIDTH
            self.setSizes(sizes)
        self._details.setFocus(Qt.FocusReason.ShortcutFocusReason)
