"""The date a disagreeing source reported: a dashed bar under the event, with its words."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPen

from viewer.facts import EventFacts
from viewer.painters import Frame
from viewer.painters.swatch import Swatch
from viewer.scene import EDGE, GHOST_H, Placed
from viewer.style import mix

__all__ = ["paint_ghost"]


def paint_ghost(f: Frame, placed: Placed, info: EventFacts, sw: Swatch) -> None:
    """The ghost bar in the lane's ghost row, and right of it the source and its words."""
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
    p.setPen(QPen(mix(f.base, f.text, 0.85)))
    text, width = f.model.ghost_label(placed.pos)
    right = f.ruler.width - EDGE
    x = g1 + 4
    if x + width > right:  # no room right of the bar: left of it, else cut at the edge
        if g0 - 4 - width >= EDGE:
            x = g0 - 4 - width
        else:
            x = min(x, right - 40.0)
            text = QFontMetricsF(f.small).elidedText(text, Qt.TextElideMode.ElideRight, right - x)
    p.drawText(QPointF(x, top + f.small_ascent), text)
