"""Event labels (plain text; struck through when cancelled) and the selection."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPen

from viewer.facts import EventFacts
from viewer.painters import Frame
from viewer.scene import MARK_Y, Placed
from viewer.style import StatusStyle, mix

__all__ = ["paint_label"]


def paint_label(f: Frame, placed: Placed, info: EventFacts, st: StatusStyle) -> None:
    """The label above the mark; the selected event's label and mark are highlighted."""
    p = f.p
    label, _ = f.model.label(placed.pos)
    font = f.strike if st.strike else f.font
    f.use_font(font)
    y = placed.y
    if info.id == f.selected:
        fm = QFontMetricsF(font)
        box = QRectF(placed.label_x - 2, y, fm.horizontalAdvance(label) + 4, MARK_Y - 1)
        p.fillRect(box, mix(f.base, f.highlight, 0.3))
        p.setPen(QPen(f.highlight, 2))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(QRectF(*placed.mark).adjusted(-3, -3, 3, 3))
    p.setPen(QPen(f.text))
    p.drawText(QPointF(placed.label_x, y + MARK_Y - 3), label)
