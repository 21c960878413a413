"""Links between events (``related``): a thin curve from mark to mark, an arrowhead at the end.

Only links whose two events are placed in the frame are drawn; those of the
selected event in the highlight colour.  The link's kind shows on hover
(the canvas's tooltip).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen, QPolygonF

from viewer.painters import Frame
from viewer.style import mix

__all__ = ["paint_connectors"]

_AA = QPainter.RenderHint.Antialiasing


def paint_connectors(f: Frame) -> None:
    """Every connector of the scene, under the marks."""
    scene = f.scene
    if not scene.connectors:
        return
    p = f.p
    model = f.model
    assert model.tl is not None
    events = model.tl.events
    plain = QPen(mix(f.base, f.text, 0.3), 1.0)
    chosen = QPen(f.highlight, 1.6)
    p.setRenderHint(_AA, True)
    p.setBrush(Qt.BrushStyle.NoBrush)
    for c in scene.connectors:
        selected = f.selected is not None and f.selected in (
            events[c.source].id,
            events[c.target].id,
        )
        pen = chosen if selected else plain
        (ax, ay), (bx, by) = c.controls()
        path = QPainterPath(QPointF(c.x0, c.y0))
        path.cubicTo(QPointF(ax, ay), QPointF(bx, by), QPointF(c.x1, c.y1))
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
        angle = math.atan2(c.y1 - by, c.x1 - bx)  # the curve's direction where it arrives
        head = QPolygonF(
            [
                QPointF(c.x1, c.y1),
                QPointF(c.x1 - 6 * math.cos(angle - 0.45), c.y1 - 6 * math.sin(angle - 0.45)),
                QPointF(c.x1 - 6 * math.cos(angle + 0.45), c.y1 - 6 * math.sin(angle + 0.45)),
            ]
        )
        p.setBrush(pen.color())
        p.drawPolygon(head)
    p.setRenderHint(_AA, False)
