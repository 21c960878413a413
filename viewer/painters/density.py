"""Too many events to label: a histogram of how many are in view, counted by bisection."""

from __future__ import annotations

import itertools
import math
from bisect import bisect_left, bisect_right
from typing import Final

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPen

from viewer.painters import Frame
from viewer.style import mix
from viewer.ticks import ticks

__all__ = ["BIN_PX", "paint_density"]

BIN_PX: Final = 4
"""Width of a bar of the histogram."""


def paint_density(f: Frame) -> None:
    """Bars of log counts per ``BIN_PX`` pixels, and counts per labelled axis interval."""
    shown = f.model.shown
    assert shown is not None
    p, scene = f.p, f.scene
    view = scene.viewport
    width = view.width_px
    bins = max(1, width // BIN_PX)
    edges = [view.time_at(i * width / bins) for i in range(bins + 1)]
    lowers, uppers = shown.lowers, shown.uppers
    below = [bisect_right(uppers, t) for t in edges]
    before = [bisect_left(lowers, t) for t in edges]
    counts = [before[i + 1] - below[i] for i in range(bins)]
    peak = max(counts) if counts else 0
    lanes_top = scene.lanes_top  # under the axis and the era row
    top, bottom = lanes_top + 20, scene.height - 8
    if peak <= 0 or bottom <= top:
        return
    h = bottom - top
    fill = mix(f.base, mix(f.text, QColor("#0072B2"), 0.7), 0.65)
    log_peak = math.log1p(peak)
    bw = width / bins
    for i, n in enumerate(counts):
        if n > 0:
            bh = max(1.0, h * math.log1p(n) / log_peak)
            p.fillRect(QRectF(i * bw, bottom - bh, bw - 0.5, bh), fill)
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
    p.drawText(
        QPointF(6, scene.height - 12 if scene.height > lanes_top + 60 else lanes_top + 16),
        f"{shown.count(view.start, view.end):,} events in view: zoom in to see them",
    )
