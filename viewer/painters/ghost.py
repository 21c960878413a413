"""The date a disagreeing source reported: a dashed bar under the event, with its words."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPen

from viewer.facts import EventFacts
from viewer.painters import Frame
from viewer.painters.swatch import Swatch
from viewer.scene import EDGE, GHOST_H, Placed, ghost_label_at
from viewer.style import mix

__all__ = ["paint_ghost"]


def paint_ghost(f: Frame, placed: Placed, info: EventFacts, sw: Swatch) -> None:
    """The ghost bar in the lane's ghost row, and beside it the source and its words
    (:func:`viewer.scene.ghost_label_at`: after it, before it, on it, cut only when none fits)."""
    assert info.ghost is not None
    p = f.p
    g = f.scene.geometry
    top = placed.y + g.ghost_y
    g0, g1 = f.ruler.x(info.ghost[0]), f.ruler.x(info.ghost[1])
    ghost = QRectF(g0, top + (g.ghost_h - GHOST_H) / 2, max(g1 - g0, 3.0), GHOST_H)
    p.fillRect(ghost, sw.ghost)
    p.setPen(sw.ghost_pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(ghost)
    f.use_font(f.small)
    text, width = f.model.ghost_label(placed.pos)
    x, how = ghost_label_at(g0, g1, width, f.ruler.width)
    if how == "over":  # across the view: on the bar, on a backing so the dashes do not cross it
        p.fillRect(QRectF(x - 2, top, width + 4, g.ghost_h), f.base)
    elif how == "cut":
        room = f.ruler.width - EDGE - x
        text = QFontMetricsF(f.small).elidedText(text, Qt.TextElideMode.ElideRight, room)
    p.setPen(QPen(mix(f.base, f.text, 0.85)))
    p.drawText(QPointF(x, top + f.small_ascent), text)
