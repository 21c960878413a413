"""A visible focus ring around the window's focused pane (list, canvas, details).

Qt's styles mark focus inside a list or a line edit in a way that is easy to
miss, and a custom-painted canvas not at all.  :class:`FocusRing` draws a ring
in the palette's highlight colour around whichever pane holds the keyboard
focus (or holds the focused widget: a link in the details panel).  The ring is
four thin strips laid over the pane's edges, so nothing is drawn over the
pane's content and the canvas's frames cost nothing more.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Final

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QWidget

__all__ = ["RING_PX", "FocusRing", "tab_order"]

RING_PX: Final = 2
"""Width of the ring."""


def tab_order(widgets: Sequence[QWidget]) -> None:
    """Tab goes from each of ``widgets`` to the next."""
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)


class FocusRing(QObject):
    """Draws a ring around the pane of ``panes`` that holds the focus, inside ``window``."""

    def __init__(self, window: QWidget, panes: Sequence[QWidget]) -> None:
        super().__init__(window)
        self._window = window
        self._panes = list(panes)
        self._target: QWidget | None = None
        self._strips = [self._strip() for _ in range(4)]
        watched: set[int] = set()
        for pane in self._panes:  # the pane and its parents: a splitter moves them
            widget: QWidget | None = pane
            while widget is not None and widget is not window:
                if id(widget) not in watched:
                    watched.add(id(widget))
                    widget.installEventFilter(self)
                widget = widget.parentWidget()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)

    def _strip(self) -> QWidget:
        strip = QWidget(self._window)
        strip.setObjectName("focus-ring")
        strip.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        strip.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        strip.setAutoFillBackground(True)
        strip.setBackgroundRole(QPalette.ColorRole.Highlight)
        strip.hide()
        return strip

    def target(self) -> QWidget | None:
        """The pane the ring is drawn around (``None``: no pane has the focus)."""
        return self._target

    def rect(self) -> QRect | None:
        """Where the ring is (window coordinates), ``None`` when it is hidden."""
        if self._target is None or not self._strips[0].isVisible():
            return None
        top, _right, _bottom, _left = self._strips
        return QRect(top.pos(), self._target.size())

    def _pane_of(self, widget: QWidget | None) -> QWidget | None:
        while widget is not None:
            if widget in self._panes:
                return widget
            widget = widget.parentWidget()
        return None

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        pane = self._pane_of(new)
        if pane is None and new is not None and new.window() is not self._window:
            return  # a dialog or a menu took the focus: keep showing where it will return
        self._target = pane
        self._follow()

    def _follow(self) -> None:
        pane = self._target
        if pane is None or not pane.isVisible() or pane.width() < 8 or pane.height() < 8:
            for strip in self._strips:
                strip.hide()
            return
        origin = pane.mapTo(self._window, QPoint(0, 0))
        w, h, r = pane.width(), pane.height(), RING_PX
        top, right, bottom, left = self._strips
        top.setGeometry(origin.x(), origin.y(), w, r)
        bottom.setGeometry(origin.x(), origin.y() + h - r, w, r)
        left.setGeometry(origin.x(), origin.y(), r, h)
        right.setGeometry(origin.x() + w - r, origin.y(), r, h)
        for strip in self._strips:
            strip.show()
            strip.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        target = self._target
        if (
            target is not None
            and event.type() in _GEOMETRY_EVENTS
            and isinstance(watched, QWidget)
            and (watched is target or watched.isAncestorOf(target))
        ):
            self._follow()
        return False


_GEOMETRY_EVENTS: Final = frozenset(
    {QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide}
)
