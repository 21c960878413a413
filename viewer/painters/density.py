"""Too many events to label: a histogram of how many are in view, counted by bisection (and,
of a dataset read a window at a time, of those not read: :mod:`viewer.painters.unread`)."""

from __future__ import annotations

import itertools
import math

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPen

from viewer.painters import Frame
from viewer.painters.unread import bar_room, paint_unread, paint_unread_caption
from viewer.scene import BIN_PX, density_counts, density_edges
from viewer.style import mix
from viewer.ticks import ticks

__all__ = ["BIN_PX", "paint_density"]


def paint_density(f: Frame) -> None:
    """Bars of log counts per ``BIN_PX`` pixels, and counts per labelled axis interval."""
    shown = f.model.shown
    assert shown is not None
    p, scene = f.p, f.scene
    view = scene.viewport
    width = view.width_px
    edges = density_edges(view)
    bins = len(edges) - 1
    counts = density_counts(shown.lowers, shown.uppers, edges)
    peak = max(max(counts, default=0), max(scene.unread, default=0.0))
    lanes_top = scene.lanes_top  # under the axis and the era row
    top, bottom = bar_room(f)
    if peak <= 0 or bottom <= top:
        return
    paint_unread(f, peak)  # (a dataset's events not read: under those read, on one scale)
    h = bottom - top
    fill = mix(f.base, mix(f.text, QColor("#0072B2"), 0.7), 0.65)
    log_peak = math.log1p(peak)
    bw = width / bins
    base = round(bottom)
    for i, n in enumerate(counts):
        if n > 0:  # (whole pixels: a bar of fractional edges is filled as antialiased shape)
            bh = max(1.0, h * math.log1p(n) / log_peak)
            x = round(i * bw)
            w = max(1, round((i + 1) * bw) - x - 1)  # (a pixel apart)
            top_px = min(base - 1, round(bottom - bh))
            p.fillRect(QRect(x, top_px, w, base - top_px), fill)
    # Counts per labelled axis interval (or the whole view).
    marks = [t.t for t in ticks(view, 80) if not t.major and t.label]
    bounds = [view.start, *[t for t in marks if view.start < t < view.end], view.end]
    p.setPen(QPen(f.text))
    f.use_font(f.font)
    fm = QFontMetricsF(f.font)
    for a, b in itertools.pairwise(bounds):
        n = shown.count(a, b)
        label = f"{n:,}"
        xa, xb = view.x_for(a), view.x_for(b)
        if n and fm.horizontalAdvance(label) + 6 < xb - xa:
            p.drawText(QRectF(xa, lanes_top, xb - xa, 18), int(Qt.AlignmentFlag.AlignCenter), label)
    y = scene.height - 12 if scene.height > lanes_top + 60 else lanes_top + 16
    p.drawText(
        QPointF(6, y), f"{shown.count(view.start, view.end):,} events in view: zoom in to see them"
    )
    paint_unread_caption(f, y - fm.height() - 4)
