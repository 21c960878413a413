"""Bands of grouped rows: a shaded band per group, its title pinned at the left."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QPen

from viewer.painters import Frame
from viewer.style import mix

__all__ = ["background_at", "paint_bands"]

_SHADE: Final = 0.045
"""How much of the text colour shades every other band."""


def background_at(f: Frame, y: float) -> QColor:
    """The background at height ``y``: the base colour, or the shade of the band there."""
    for i, band in enumerate(f.scene.bands):
        if band.top <= y < band.bottom:
            return mix(f.base, f.text, _SHADE) if i % 2 else f.base
    return f.base


def paint_bands(f: Frame) -> None:
    """Every other band shaded, a rule above each, and the title in its header row."""
    scene = f.scene
    if not scene.bands:
        return
    p = f.p
    width = float(scene.viewport.width_px)
    p.save()
    p.setClipRect(QRectF(0, scene.clip_top + 1, width, scene.height))
    shade = mix(f.base, f.text, _SHADE)
    rule = QPen(mix(f.base, f.text, 0.35), 1)
    bold = QFont(f.font)
    bold.setBold(True)
    title_pen = QPen(mix(f.base, f.text, 0.8))
    line = scene.geometry.header_h
    for i, band in enumerate(scene.bands):
        if band.bottom < 0 or band.top > scene.height:
            continue
        if i % 2:
            p.fillRect(QRectF(0, band.top, width, band.bottom - band.top), shade)
        p.setPen(rule)
        p.drawLine(QPointF(0, band.top + 0.5), QPointF(width, band.top + 0.5))
        f.use_font(bold)
        p.setPen(title_pen)
        p.drawText(QPointF(6, band.top + line / 2 + f.ascent / 2 - 1), band.title)
    p.restore()
    f.forget_font()
