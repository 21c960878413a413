"""Event labels (plain text; struck through when cancelled) and the selection."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPen

from viewer.facts import EventFacts
from viewer.painters import Frame
from viewer.painters.bands import background_at
from viewer.painters.eras import tint_behind
from viewer.scene import Placed
from viewer.style import StatusStyle, mix

__all__ = ["FOUND", "paint_label"]

FOUND: Final = QColor("#E69F00")
"""The colour that marks search matches (Okabe–Ito orange: told apart with every colour vision)."""


def paint_label(f: Frame, placed: Placed, info: EventFacts, st: StatusStyle) -> None:
    """The label (one or two lines) above the mark; the selected event is highlighted."""
    p = f.p
    font = f.strike if st.strike else f.font
    f.use_font(font)
    box = f.scene.label_box(placed)
    if f.scene.connectors:  # curves pass behind labels
        backing = QRectF(box.x - 1, box.y, box.w + 2, box.h)
        p.fillRect(backing, background_at(f, box.y))
        tint_behind(f, backing)
    if info.id in f.matches:  # a search match: marked like a browser's find
        found = QRectF(box.x - 2, box.y, box.w + 4, box.h)
        p.fillRect(found, mix(f.base, FOUND, 0.45))
        p.setPen(QPen(FOUND, 1))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(found)
    if info.id == f.selected:
        p.fillRect(QRectF(box.x - 2, box.y, box.w + 4, box.h), mix(f.base, f.highlight, 0.3))
        p.setPen(QPen(f.highlight, 2))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(QRectF(*placed.mark).adjusted(-3, -3, 3, 3))
    p.setPen(QPen(f.text))
    ascent = f.ascent
    line = f.scene.geometry.line
    for i, text in enumerate(placed.lines):
        p.drawText(QPointF(box.x, box.y + i * line + ascent), text)
