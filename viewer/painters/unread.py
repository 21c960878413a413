"""A dataset read a window at a time: the events not read, drawn where they start from the
files' statistics (``Scene.unread``), grey and hatched so that they never pass for events
read, with a caption saying what they are."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QFontMetricsF, QPen, QPolygonF

from viewer.painters import Frame
from viewer.scene import OVERFLOW_H
from viewer.style import mix

__all__ = ["bar_room", "paint_unread", "paint_unread_caption", "unread_caption"]


def bar_room(f: Frame) -> tuple[float, float]:
    """The top and bottom of the histograms' bars (under the axis and the era row)."""
    return f.scene.lanes_top + 20, f.scene.height - 8


def paint_unread(f: Frame, peak: float) -> None:
    """Bars of log counts of the events not read, on the scale of ``peak`` (the density's
    when it is drawn too): one grey, hatched step outline (one fill, not one per bar)."""
    counts = f.scene.unread
    top, bottom = bar_room(f)
    if not counts or peak <= 0 or bottom <= top or not any(counts):
        return
    h = bottom - top
    log_peak = math.log1p(peak)
    bw = f.scene.viewport.width_px / len(counts)
    outline = QPolygonF([QPointF(0, bottom)])
    for i, n in enumerate(counts):
        y = bottom - (max(1.0, h * math.log1p(n) / log_peak) if n > 0 else 0.0)
        outline.append(QPointF(i * bw, y))
        outline.append(QPointF((i + 1) * bw, y))
    outline.append(QPointF(len(counts) * bw, bottom))
    p = f.p
    p.save()
    p.setPen(QPen(mix(f.base, f.text, 0.55)))
    p.setBrush(mix(f.base, f.text, 0.12))
    p.drawPolygon(outline)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(mix(f.base, f.text, 0.45), Qt.BrushStyle.BDiagPattern))
    p.drawPolygon(outline)
    p.restore()


def paint_unread_caption(f: Frame, y: float | None = None) -> None:
    """Say what the hatched bars are, on a backing, its baseline at ``y`` (``None``: at the
    foot of the frame, above the band of events that found no lane)."""
    text = unread_caption(f)
    if not text:
        return
    scene = f.scene
    if y is None:
        foot = (
            min(scene.height, scene.content_height) - OVERFLOW_H - 2
            if scene.overflow
            else scene.height
        )
        y = foot - 8
    f.use_font(f.font)
    fm = QFontMetricsF(f.font)
    f.p.fillRect(
        QRectF(2, y - fm.ascent() - 2, fm.horizontalAdvance(text) + 8, fm.height() + 4), f.base
    )
    f.p.setPen(QPen(f.text))
    f.p.drawText(QPointF(6, y), text)


def unread_caption(f: Frame) -> str:
    """What the hatched bars are, with how many events not read start in the view ("" when
    none does)."""
    n = sum(f.scene.unread)
    unread = f.model.unread
    if n <= 0 or unread is None:
        return ""
    in_all = "" if unread.rows is None else f"{unread.rows:,} not read in all; "
    return (
        f"Hatched: about {max(1, round(n)):,} events not read, counted from the files' statistics"
        f" ({in_all}a view of at most {unread.budget:,} events is read when it rests)"
    )
