"""Dragging an event on the canvas: the grab, the live preview, the drop.

:class:`EventDrag` is the part of the canvas's input (:mod:`viewer.interaction`)
that moves events: a press on an event grabs it (or an end of its bar), moving
the pointer shows where it would land (the bar follows, a tooltip names the new
date), releasing emits the canvas's ``event_dropped``, Esc lets go.  Where it
lands is :mod:`viewer.drag`'s rule (no Qt); what happens then (a change on the
undo stack) is the window's.  Dragging works only while the canvas's
``drag_enabled`` says editing is possible.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QToolTip

from viewer.drag import Drop, Grab, drop, fixed, grab_at

if TYPE_CHECKING:
    from timeline.models import Event
    from viewer.canvasapi import CanvasInput

__all__ = ["EventDrag"]


class EventDrag:
    """The drag of one event at a time, on one canvas."""

    def __init__(self, canvas: CanvasInput) -> None:
        self._canvas = canvas
        self._event: Event | None = None
        self._grab = Grab.MOVE
        self._y = 0.0
        self._t_press = 0.0
        self._refused = ""
        self._drop: Drop | None = None
        self._moving = False

    @property
    def holding(self) -> bool:
        """True from a press on a draggable event (or one that says why not) to its release."""
        return self._event is not None

    @property
    def moving(self) -> bool:
        """True while the grabbed event follows the pointer."""
        return self._moving

    def _grabbed(self, pos: QPointF) -> tuple[Event, Grab, float] | None:
        """The event under ``pos``, what of it is grabbed there, and its lane's top."""
        c = self._canvas
        tl = c.timeline()
        if tl is None or not c.drag_enabled():
            return None
        placed = c.placed_at(pos)
        if placed is None:
            return None
        event = tl.events[placed.pos]
        return event, grab_at(event.when, placed.mark, pos.x()), placed.y

    def cursor(self, pos: QPointF) -> Qt.CursorShape | None:
        """The pointer's shape over ``pos`` (``None``: the usual one)."""
        found = self._grabbed(pos)
        if found is None:
            return None
        event, grab, _y = found
        if fixed(event.when, grab) is not None:
            return Qt.CursorShape.ForbiddenCursor
        if grab is not Grab.MOVE:
            return Qt.CursorShape.SizeHorCursor
        return Qt.CursorShape.OpenHandCursor

    def press(self, pos: QPointF) -> bool:
        """A left press at ``pos``: whether it took hold of an event."""
        found = self._grabbed(pos)
        if found is None:
            return False
        self._event, self._grab, self._y = found
        self._t_press = self._canvas.view().time_at(pos.x())
        self._refused = fixed(self._event.when, self._grab) or ""
        self._drop = None
        self._moving = False
        return True

    def follow(self, pos: QPointF, global_pos: QPoint) -> None:
        """The pointer moved to ``pos`` while holding: show where the event would land."""
        c = self._canvas
        event = self._event
        if event is None:
            return
        vp = c.viewport()
        if self._refused:
            if not self._moving:
                c.edit_refused.emit(self._refused)
            self._moving = True
            vp.setCursor(Qt.CursorShape.ForbiddenCursor)
            return
        self._moving = True
        vp.setCursor(
            Qt.CursorShape.ClosedHandCursor
            if self._grab is Grab.MOVE
            else Qt.CursorShape.SizeHorCursor
        )
        view = c.view()
        self._drop = drop(event.when, self._grab, view, self._t_press, view.time_at(pos.x()))
        c.set_drag_preview(event, self._drop.when, self._y, self._drop.label(self._grab))
        QToolTip.showText(global_pos, self._drop.label(self._grab), vp)

    def release(self) -> None:
        """The button was let go: the event lands where the preview shows it."""
        event, landed = self._event, self._drop
        self.cancel()
        if event is None or landed is None or landed.when is None or landed.when == event.when:
            return
        c = self._canvas
        c.select_event(event.id)
        c.event_dropped.emit(event.id, landed.when, "Move" if self._grab is Grab.MOVE else "Resize")

    def cancel(self) -> None:
        """Let go without moving anything (Esc, or the end of a drag)."""
        if self._event is None:
            return
        self._event = None
        self._drop = None
        self._moving = False
        self._refused = ""
        self._canvas.set_drag_preview(None, None, 0.0, "")
        self._canvas.viewport().unsetCursor()
        QToolTip.hideText()
