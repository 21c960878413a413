"""Shades of a tag colour, and the shapes several painters share (diamond, fade)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QLinearGradient, QPainter, QPen, QPolygonF

from viewer.scene import MARK_H
from viewer.style import mix

__all__ = ["Swatch", "diamond", "fade", "swatch"]

_SWATCHES: dict[tuple[int, int], Swatch] = {}


def swatch(colour: QColor, base: QColor) -> Swatch:
    """The shades of ``colour`` over ``base`` (kept: a frame asks for the same few)."""
    key = (colour.rgba(), base.rgba())
    found = _SWATCHES.get(key)
    if found is None:
        if len(_SWATCHES) > 256:
            _SWATCHES.clear()
        found = _SWATCHES[key] = Swatch(colour, base)
    return found


class Swatch:
    """The opaque shades of one tag colour over the background.

    Opaque colours (blended with the background beforehand) keep the raster
    engine on its fast path: translucent fills cost many times more.
    """

    def __init__(self, colour: QColor, base: QColor) -> None:
        self.colour = colour
        self.faded = mix(base, colour, 0.2)
        self.hatch = QBrush(mix(base, colour, 0.75), Qt.BrushStyle.BDiagPattern)
        self.day = mix(base, colour, 0.55)
        self.ghost = mix(base, colour, 0.25)
        self.ghost_pen = QPen(mix(base, colour, 0.85), 1, Qt.PenStyle.DashLine)
        self.pen = QPen(colour, 1.5)
        self._dark = colour.darker(140)
        self._outlines: dict[tuple[Qt.PenStyle, bool], QPen] = {}

    def outline(self, style: Qt.PenStyle, filled: bool) -> QPen:
        key = (style, filled)
        pen = self._outlines.get(key)
        if pen is None:
            pen = self._outlines[key] = QPen(self._dark if filled else self.colour, 1.5, style)
        return pen


def diamond(p: QPainter, c: QPointF, hw: float, hh: float, fill: QColor, pen: QPen) -> None:
    cx, cy = c.x(), c.y()
    poly = QPolygonF(
        [QPointF(cx, cy - hh), QPointF(cx + hw, cy), QPointF(cx, cy + hh), QPointF(cx - hw, cy)]
    )
    p.setPen(pen)
    p.setBrush(fill)
    p.drawPolygon(poly)


def fade(
    p: QPainter,
    colour: QColor,
    tail: QColor,
    x_from: float,
    x_to: float,
    y: float,
    width: float | None = None,
) -> None:
    """A bar fading from ``colour`` at ``x_from`` to ``tail`` at ``x_to``.

    With ``width``, the ``tail`` colour continues from ``x_to`` to the edge of the
    view on that side (an open end runs on).
    """
    grad = QLinearGradient(QPointF(x_from, 0), QPointF(x_to, 0))
    grad.setColorAt(0.0, colour)
    grad.setColorAt(1.0, tail)
    if width is None:
        left, right = min(x_from, x_to), max(x_from, x_to)
    elif x_to >= x_from:
        left, right = x_from, width + 1
    else:
        left, right = -1.0, x_from
    left, right = max(left, -1.0), min(right, (width or right) + 1)
    if right > left:
        p.fillRect(QRectF(left, y, right - left, MARK_H), QBrush(grad))
