"""Markers of dates: a diamond for a day (with the day's width when zoomed in), an
outlined box for a vague date, small diamonds for each date of a set."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter

from viewer.facts import EventFacts
from viewer.painters import Frame
from viewer.painters.swatch import Swatch, diamond
from viewer.scene import LEAD, MARK_H, Box
from viewer.style import StatusStyle

__all__ = ["paint_point"]

_AA = QPainter.RenderHint.Antialiasing


def paint_point(
    f: Frame, info: EventFacts, mark: Box, my: float, sw: Swatch, st: StatusStyle
) -> None:
    """The marker of a date-like event (``point``, ``vague`` or ``set``)."""
    p = f.p
    shape = info.shape
    if shape in ("point", "vague") and info.core is not None:
        x0, x1 = f.ruler.x(info.lower), f.ruler.x(info.upper)
        if x1 - x0 > 2 * LEAD + 2:  # the day is wider than the marker: show it
            p.fillRect(
                QRectF(x0, my + MARK_H / 2 - 2, x1 - x0, 4), sw.day if st.filled else sw.faded
            )
        p.setRenderHint(_AA, True)
        fill = sw.colour if st.filled else f.base
        diamond(
            p, QPointF(mark.cx, mark.cy), LEAD, MARK_H / 2, fill, sw.outline(st.outline, st.filled)
        )
        p.setRenderHint(_AA, False)
    elif shape == "set":
        p.setRenderHint(_AA, True)
        fill = f.base if info.one_of or not st.filled else sw.colour
        for c in info.choices:
            cx = f.ruler.raw(c)
            diamond(p, QPointF(cx, my + MARK_H / 2), LEAD * 0.7, MARK_H / 2 - 1.8, fill, sw.pen)
        p.setRenderHint(_AA, False)
    elif shape == "vague":
        p.setPen(sw.outline(st.outline, False))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(QRectF(*mark).adjusted(0.5, 0.5, -1, -1))
