"""Eras: a translucent band behind the lanes for each era in view, its title in the era row.

The row under the axis is tinted with the era's colour more strongly than the
band, and the title is drawn in black or white, whichever reads better on that
tint (:func:`viewer.eras.readable_ink`).  A title too long for its band, written
beside it (``◂ Rescue``), is drawn on the plain background.  Titles are plain text.
"""

from __future__ import annotations

import itertools
from typing import Final

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFontMetricsF, QPen

from viewer.eras import PAD, EraBand, readable_ink
from viewer.painters import Frame
from viewer.scene import AXIS_H
from viewer.style import mix

__all__ = ["BAND_MIX", "ROW_MIX", "paint_eras", "row_colour", "tint_behind"]

BAND_MIX: Final = 0.13
"""How much of the era's colour tints its band behind the lanes."""
ROW_MIX: Final = 0.55
"""How much of the era's colour tints its part of the era row."""
_EDGE_MIX: Final = 0.6


def row_colour(colour: str, base: QColor) -> QColor:
    """The era row's tint of ``colour`` on the background ``base``."""
    return mix(base, QColor(colour), ROW_MIX)


def _band_tint(colour: str) -> QColor:
    tint = QColor(colour)
    tint.setAlphaF(BAND_MIX)
    return tint


def tint_behind(f: Frame, rect: QRectF) -> None:
    """The eras' tints again over ``rect``, just filled with the plain background (a label's
    backing): what is behind the label looks as around it, without the lines it hides."""
    for band in f.scene.eras:
        part = rect.intersected(QRectF(band.x0, rect.top(), band.x1 - band.x0, rect.height()))
        if not part.isEmpty():
            f.p.fillRect(part, _band_tint(band.colour))


def _segments(bands: list[EraBand], width: float) -> list[tuple[float, float, list[str]]]:
    """The stretches of ``[0, width]`` between band edges that some band covers, each with the
    colours of the bands over it, in drawing order."""
    edges = sorted({min(max(x, 0.0), width) for b in bands for x in (b.x0, b.x1)})
    out: list[tuple[float, float, list[str]]] = []
    for a, b in itertools.pairwise(edges):
        colours = [band.colour for band in bands if band.x0 <= a and b <= band.x1]
        if colours:
            out.append((a, b, colours))
    return out


def paint_eras(f: Frame) -> None:
    """The bands of the eras in view (under the events), then the era row with their titles."""
    scene = f.scene
    if not scene.eras:
        return
    p = f.p
    row_top = AXIS_H + 1.0
    lanes_top = AXIS_H + scene.era_h
    bottom = float(scene.height)
    height = bottom - lanes_top
    if scene.bands:  # over the grouped rows' shades: translucent, so both show
        for band in scene.eras:
            width = max(band.x1 - band.x0, 1.0)
            p.fillRect(QRectF(band.x0, lanes_top, width, height), _band_tint(band.colour))
    else:  # on the plain background: the same colours, opaque (blending costs a frame dear)
        base = (f.base.redF(), f.base.greenF(), f.base.blueF())
        rgb = {b.colour: QColor(b.colour) for b in scene.eras}
        tints = {c: (q.redF(), q.greenF(), q.blueF()) for c, q in rgb.items()}
        for x0, x1, colours in _segments(scene.eras, float(scene.viewport.width_px)):
            r, g, b = base
            for tint in colours:  # as the translucent tints, one over the other, would give
                tr, tg, tb = tints[tint]
                r, g, b = r + (tr - r) * BAND_MIX, g + (tg - g) * BAND_MIX, b + (tb - b) * BAND_MIX
            p.fillRect(QRectF(x0, lanes_top, x1 - x0, height), QColor.fromRgbF(r, g, b))
    for band in scene.eras:
        edge = mix(f.base, QColor(band.colour), _EDGE_MIX)
        width = max(band.x1 - band.x0, 1.0)
        p.fillRect(QRectF(band.x0, lanes_top, 1.0, height), edge)
        p.fillRect(QRectF(band.x0 + width - 1.0, lanes_top, 1.0, height), edge)
    rows = [row_colour(band.colour, f.base) for band in scene.eras]
    for band, row in zip(scene.eras, rows, strict=True):
        width = max(band.x1 - band.x0, 1.0)
        p.fillRect(QRectF(band.x0, row_top, width, scene.era_h - 1.0), row)
    f.use_font(f.font)
    line_h = scene.geometry.era_h  # a line of the row (two when eras overlap)
    text_y = row_top + (line_h - 1.0) / 2 + f.ascent / 2 - 1.0
    inks: dict[str, list[EraBand]] = {}  # titles after every row's tint, one pen per ink
    plain = readable_ink(f.base.redF(), f.base.greenF(), f.base.blueF())
    for band, row in zip(scene.eras, rows, strict=True):
        top = row_top + band.line * line_h
        if band.beside:  # beside its band, on the plain row: not on another era's tint
            box = QRectF(band.label_x - PAD / 2, top, band.label_w + PAD, line_h - 1.0)
            p.fillRect(box, f.base)
            inks.setdefault(plain, []).append(band)
        elif band.text:
            if band.line:  # on the second line, on a patch of its own tint
                p.fillRect(
                    QRectF(band.label_x - PAD / 2, top, band.label_w + PAD, line_h - 1.0), row
                )
            inks.setdefault(readable_ink(row.redF(), row.greenF(), row.blueF()), []).append(band)
    for ink, bands in inks.items():
        p.setPen(QPen(QColor(ink)))
        for band in bands:
            p.drawText(QPointF(band.label_x, text_y + band.line * line_h), band.text)
    if scene.eras_more:
        _paint_more(f, scene.eras_more, row_top, text_y)


def _paint_more(f: Frame, more: int, row_top: float, text_y: float) -> None:
    """How many eras in view are not drawn, at the right end of the era row."""
    text = f"+{more:,} more era{'s' * (more != 1)}: zoom in"
    width = QFontMetricsF(f.font).horizontalAdvance(text)
    x = f.scene.viewport.width_px - width - 2 * PAD
    f.p.fillRect(QRectF(x - PAD, row_top, width + 2 * PAD, f.scene.era_h - 1.0), f.base)
    f.p.setPen(QPen(f.text))
    f.p.drawText(QPointF(x, text_y), text)
