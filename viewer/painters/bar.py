"""Bars of intervals, and the hatched span where any event possibly is."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor

from timeline.when import EndKind
from viewer.facts import EventFacts
from viewer.painters import Frame
from viewer.painters.swatch import Swatch, fade
from viewer.scene import LEAD, MARK_H, Box
from viewer.style import StatusStyle

__all__ = ["paint_bar", "paint_possible"]


def paint_possible(f: Frame, info: EventFacts, mark: Box, my: float, sw: Swatch) -> None:
    """The whole possible span, faded and hatched, where it is not certain."""
    if info.shape == "point" or not (
        info.halo or info.core is None or info.core != (info.lower, info.upper)
    ):
        return
    if info.halo:
        span = QRectF(mark.cx - 2.6 * LEAD, my, 5.2 * LEAD, MARK_H)
    elif info.shape == "vague":
        span = QRectF(*mark)
    else:
        h0, h1 = f.ruler.x(info.hatch[0]), f.ruler.x(info.hatch[1])
        span = QRectF(h0, my, max(h1 - h0, 2.0), MARK_H)
    f.p.fillRect(span, sw.faded)
    f.p.fillRect(span, sw.hatch)


def paint_bar(f: Frame, info: EventFacts, my: float, sw: Swatch, st: StatusStyle) -> None:
    """The certain core (solid, or hollow by status) and the open or unknown ends."""
    p, ruler = f.p, f.ruler
    colour: QColor = sw.colour
    if info.core is not None:
        c0, c1 = ruler.x(info.core[0]), ruler.x(info.core[1])
        core = QRectF(c0, my, max(c1 - c0, 2.0), MARK_H)
        p.fillRect(core, colour if st.filled else f.base)
        p.setPen(sw.outline(st.outline, st.filled))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(core.adjusted(0.5, 0.5, -1, -1))
    # Open (..): fades to a faint bar running on to the edge; unknown (empty):
    # fades out shortly.  Anchored at the known end, even off screen.
    for kind, anchor, direction in (
        (info.end_open, info.hatch[1], 1.0),
        (info.start_open, info.hatch[0], -1.0),
    ):
        if kind is EndKind.KNOWN:
            continue
        kx = ruler.raw(anchor)
        is_open = kind is EndKind.OPEN
        fade(
            p,
            colour if st.filled else sw.faded,
            sw.faded if is_open else f.base,
            kx,
            kx + direction * (240.0 if is_open else 60.0),
            my,
            ruler.width,
        )
