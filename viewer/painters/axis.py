"""The time axis at the top: context (major) labels, ticks and grid lines."""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtGui import QFont, QFontMetricsF, QPen

from viewer.painters import Frame
from viewer.scene import AXIS_H
from viewer.style import mix
from viewer.ticks import ticks

__all__ = ["paint_axis"]


def paint_axis(f: Frame, limit: float) -> None:
    """The axis; context (major) labels stop short of ``limit`` (the legend badge)."""
    p, scene = f.p, f.scene
    view = scene.viewport
    text, base = f.text, f.base
    grid = mix(base, text, 0.1)
    line = mix(base, text, 0.45)
    bold = QFont(f.font)
    bold.setBold(True)
    fm_bold = QFontMetricsF(bold)
    tick_list = ticks(view, min_label_px=80)
    majors = [t for t in tick_list if t.major]
    f.use_font(bold)
    p.setPen(QPen(text))
    for i, tick in enumerate(majors):
        if tick.x >= 0:
            p.setPen(QPen(grid, 1))
            p.drawLine(QPointF(tick.x, AXIS_H), QPointF(tick.x, scene.height))
        if tick.label:
            x = max(tick.x, 0.0) + 3
            w = fm_bold.horizontalAdvance(tick.label)
            if i + 1 < len(majors) and x + w + 6 > majors[i + 1].x:
                continue  # the context label would run into the next one
            if x + w > limit:
                continue
            p.setPen(QPen(text))
            p.drawText(QPointF(x, 14), tick.label)
    f.use_font(f.font)
    for tick in tick_list:
        p.setPen(QPen(line, 1))
        if tick.major:
            p.drawLine(QPointF(tick.x, 18), QPointF(tick.x, AXIS_H))
            continue
        p.drawLine(QPointF(tick.x, AXIS_H - 6), QPointF(tick.x, AXIS_H))
        if tick.label:
            p.setPen(QPen(text))
            p.drawText(QPointF(tick.x + 3, 31), tick.label)
    p.setPen(QPen(line, 1))
    p.drawLine(QPointF(0, AXIS_H), QPointF(view.width_px, AXIS_H))
