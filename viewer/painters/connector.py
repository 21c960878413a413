"""Links between events (``related``): a thin curve from mark to mark, an arrowhead at the end.

Which links are drawn is :func:`viewer.links.drawn_links`'s rule: the selected
event's, highlighted, with the link's kind written at the middle of each
(plain text on a backing of the canvas's colour); with View ▸ Show All Links
the others too, faint, under them.  The kind also shows on hover (the
canvas's tooltip).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen, QPolygonF

from viewer.links import DrawnLink, drawn_links, written_kinds
from viewer.painters import Frame
from viewer.scene import Connector, ghost_words
from viewer.style import mix

__all__ = ["paint_connectors", "paint_link_kinds"]

_AA = QPainter.RenderHint.Antialiasing


def paint_connectors(f: Frame) -> list[DrawnLink]:
    """The connectors drawn in this frame, under the marks; they are returned for
    :func:`paint_link_kinds`."""
    scene = f.scene
    if not scene.connectors:
        return []
    model = f.model
    assert model.tl is not None
    drawn = drawn_links(scene.connectors, model.tl.events, f.selected, f.all_links)
    p = f.p
    faint = QPen(mix(f.base, f.text, 0.15), 1.0)
    chosen = QPen(f.highlight, 1.6)
    p.setRenderHint(_AA, True)
    for link in drawn:
        _curve(p, link.connector, chosen if link.chosen else faint)
    p.setRenderHint(_AA, False)
    return drawn


def paint_link_kinds(f: Frame, drawn: list[DrawnLink]) -> None:
    """The kind of each highlighted link, written over the marks and labels (readable), where it
    covers none of them if it can (:func:`viewer.links.written_kinds`)."""
    if not any(link.chosen for link in drawn):
        return
    ghosts = [box for _, box in ghost_words(f.model, f.scene).values()]
    written = written_kinds(f.scene, drawn, f.model.measure, ghosts)
    if not written:
        return
    p = f.p
    p.setPen(QPen(f.highlight, 1.0))
    p.setBrush(f.base)
    f.use_font(f.small)
    for kind in written:
        rect = QRectF(*kind.box)
        p.drawRoundedRect(rect, 3, 3)
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, kind.text)


def _curve(p: QPainter, c: Connector, pen: QPen) -> None:
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
