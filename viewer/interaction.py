"""The canvas's input: mouse, wheel, pinch, keys and tooltips, turned into canvas calls.

:class:`Interaction` holds the state of a press or drag and decides what an
input means; the canvas forwards its events here and keeps only what is
shown and where.  The wheel: plain pans in time, Ctrl zooms around the
cursor, Alt scrolls the lanes up and down (as the vertical scrollbar does,
and the wheel over that scrollbar).  Shift+wheel pans in time like the plain
wheel (some systems send it for horizontal scrolling).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QHelpEvent, QKeyEvent, QMouseEvent, QNativeGestureEvent, QWheelEvent
from PySide6.QtWidgets import QToolTip

from timeline.columns import ids_of
from viewer.eventdrag import EventDrag

if TYPE_CHECKING:
    from viewer.canvasapi import CanvasInput
    from viewer.viewport import Viewport

__all__ = ["ZOOM_STEP", "Interaction"]

ZOOM_STEP: Final = 1.25
"""Zoom factor of one wheel click or key press."""
_LEFT: Final = Qt.MouseButton.LeftButton
_LINE_PX: Final = 20
"""Pixels the lanes scroll per line of a wheel click (three lines a click)."""


class Interaction:
    """What mouse, wheel, gesture and key input does to one canvas."""

    def __init__(self, canvas: CanvasInput) -> None:
        self._canvas = canvas
        self._press: QPointF | None = None
        self._press_view: Viewport | None = None
        self._dragging = False
        self._legend_press = False
        self.drag = EventDrag(canvas)
        """Moving events by dragging them (:mod:`viewer.eventdrag`)."""

    def on_legend(self, pos: QPointF) -> bool:
        """True on the legend's badge, or on its panel when open (a click there toggles it)."""
        c = self._canvas
        legend = c.legend()
        return legend.badge_rect().contains(pos) or (
            c.legend_visible() and legend.panel_rect().contains(pos)
        )

    def select_rank(self, rank: int) -> None:
        """Select the shown event of chronological ``rank`` (negative: from the end)."""
        c = self._canvas
        model = c.scene_model
        tl, shown = model.tl, model.shown
        if tl is not None and shown is not None and shown.positions:
            c.select_event(ids_of(tl.events)[shown.positions[rank]])  # (no event made)

    def step(self, step: int) -> None:
        """Select the shown event ``step`` places later (earlier if negative), in time order."""
        c = self._canvas
        model = c.scene_model
        tl, shown = model.tl, model.shown
        if shown is None or not shown.positions or tl is None:
            return
        selected = c.selected_event()
        if selected is None or selected not in tl:
            self.select_rank(0 if step > 0 else -1)
            return
        rank = shown.rank(tl.position(selected))
        if rank is not None:
            self.select_rank(min(max(rank + step, 0), len(shown.positions) - 1))

    def wheel(self, event: QWheelEvent) -> None:
        c = self._canvas
        delta = event.angleDelta()
        steps = (delta.y() or delta.x()) / 120.0
        mods = event.modifiers()
        if mods & Qt.KeyboardModifier.ControlModifier:
            if steps:
                c.zoom_by(ZOOM_STEP**steps, event.position().x())
            event.accept()
            return
        pixels = event.pixelDelta()
        if mods & Qt.KeyboardModifier.AltModifier:  # the lanes, up and down
            dy = -pixels.y() if not pixels.isNull() else -steps * 3 * _LINE_PX
            c.scroll_lanes(dy or -pixels.x())
            event.accept()
            return
        view = c.view()
        dx = -(pixels.x() or pixels.y()) if not pixels.isNull() else -steps * view.width_px / 10
        if dx:
            c.set_view(view.panned(dx))
        event.accept()

    def handle(self, event: QEvent) -> bool:
        """Handle an event of the canvas's viewport; ``False`` when it is not one of ours."""
        kind = event.type()
        if isinstance(event, QMouseEvent):
            if kind == QEvent.Type.MouseButtonPress:
                return self.press(event)
            if kind == QEvent.Type.MouseMove:
                return self.move(event)
            if kind == QEvent.Type.MouseButtonRelease:
                return self.release(event)
            if kind == QEvent.Type.MouseButtonDblClick:
                return self.double_click(event)
            return False
        if isinstance(event, QWheelEvent):
            self.wheel(event)
            return True
        return self._gesture_or_tooltip(event)

    def _gesture_or_tooltip(self, event: QEvent) -> bool:
        c = self._canvas
        kind = event.type()
        if (
            kind == QEvent.Type.NativeGesture
            and isinstance(event, QNativeGestureEvent)
            and event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture
        ):
            c.zoom_by(1.0 + event.value(), event.position().x())
            event.accept()
            return True
        if kind == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            tip = c.tooltip_at(QPointF(event.pos()))
            if tip:
                QToolTip.showText(event.globalPos(), tip, c.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return False

    def press(self, event: QMouseEvent) -> bool:
        if event.button() != _LEFT:
            return False
        if self.on_legend(event.position()):
            self._legend_press = True  # toggled on release, over the legend, like a button
        else:
            self._press = event.position()
            self._press_view = self._canvas.view()
            self._dragging = False
            self.drag.press(event.position())
        event.accept()
        return True

    def move(self, event: QMouseEvent) -> bool:
        vp = self._canvas.viewport()
        if self._press is None or self._press_view is None:
            shape = (
                Qt.CursorShape.PointingHandCursor
                if self.on_legend(event.position())
                else self.drag.cursor(event.position())
            )
            if shape is None:
                vp.unsetCursor()
            else:
                vp.setCursor(shape)
            return False
        dx = event.position().x() - self._press.x()
        if self._dragging or abs(dx) > 3:
            self._dragging = True
            if self.drag.holding:
                self.drag.follow(event.position(), event.globalPosition().toPoint())
            else:
                vp.setCursor(Qt.CursorShape.ClosedHandCursor)
                self._canvas.set_view(self._press_view.panned(-dx))
        event.accept()
        return True

    def release(self, event: QMouseEvent) -> bool:
        c = self._canvas
        if event.button() == _LEFT and self._legend_press:
            self._legend_press = False
            if self.on_legend(event.position()):
                c.set_legend_visible(not c.legend_visible())
            event.accept()
            return True
        if event.button() == _LEFT and self._press is not None:
            if not self._dragging:
                self.drag.cancel()
                c.select_event(c.event_at(event.position()))
            else:
                self.drag.release()
            self._press = None
            self._press_view = None
            self._dragging = False
            c.viewport().unsetCursor()
            event.accept()
            return True
        return False

    def double_click(self, event: QMouseEvent) -> bool:
        if event.button() != _LEFT:
            return False
        c = self._canvas
        if self.on_legend(event.position()):
            self._legend_press = True  # the second click of a double click
        else:
            hit = c.event_at(event.position())
            if hit is not None:
                c.select_event(hit)
                c.activated.emit(hit)
            else:
                c.background_activated.emit(c.view().time_at(event.position().x()))
        event.accept()
        return True

    def key(self, event: QKeyEvent) -> bool:
        c = self._canvas
        key = event.key()
        k = Qt.Key
        if key == k.Key_Right:
            c.select_next()
        elif key == k.Key_Left:
            c.select_previous()
        elif key == k.Key_Home:
            c.select_first()
        elif key == k.Key_End:
            c.select_last()
        elif key in (k.Key_Return, k.Key_Enter):
            selected = c.selected_event()
            if selected is not None:
                c.activated.emit(selected)
        elif key in (k.Key_Plus, k.Key_Equal):
            c.zoom_by(ZOOM_STEP)
        elif key in (k.Key_Minus, k.Key_Underscore):
            c.zoom_by(1 / ZOOM_STEP)
        elif key == k.Key_Escape and self.drag.holding:
            self.drag.cancel()  # the press ends here: the release that follows does nothing
            self._press = self._press_view = None
            self._dragging = False
        elif key == k.Key_Escape:
            c.set_legend_visible(False)
            c.select_event(None)
        else:
            return False
        event.accept()
        return True
