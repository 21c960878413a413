"""The date a disagreeing source reported: a dashed bar under the event, with its words."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPen

from viewer.facts import EventFacts
from viewer.painters import Frame
from viewer.painters.swatch import Swatch
from viewer.scene import GHOST_H, GHOST_Y, Placed
from viewer.style import mix

__all__ = ["paint_ghost"]


def paint_ghost(f: Frame, placed: Placed, info: EventFacts, sw: Swatch) -> None:
    """The ghost bar and its label (small font), right of the bar."""
    assert info.ghost is not None
    p = f.p
    y = placed.y
    g0, g1 = f.ruler.x(info.ghost[0]), f.ruler.x(info.ghost[1])
    ghost = QRectF(g0, y + GHOST_Y, max(g1 - g0, 3.0), GHOST_H)
    p.fillRect(ghost, sw.ghost)
    p.setPen(sw.ghost_pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(ghost)
    f.use_font(f.small)
    p.setPen(QPen(mix(f.base, f.text, 0.65)))
    p.drawText(QPointF(g1 + 4, y + GHOST_Y + GHOST_H + 1), f.model.ghost_label(placed.pos)[0])
