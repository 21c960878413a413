"""One frame of the canvas: eras, axis, marks and labels (or the density), then the legend."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter

from timeline.columns import brief
from timeline.models import Status
from viewer.painters import Frame
from viewer.painters.axis import paint_axis
from viewer.painters.bands import paint_bands
from viewer.painters.bar import paint_bar, paint_possible
from viewer.painters.connector import paint_connectors, paint_link_kinds
from viewer.painters.density import paint_density
from viewer.painters.eras import paint_eras
from viewer.painters.ghost import paint_ghost
from viewer.painters.labels import paint_label
from viewer.painters.legend import Legend
from viewer.painters.overflow import paint_overflow
from viewer.painters.point import paint_point
from viewer.painters.swatch import swatch
from viewer.painters.unread import paint_unread, paint_unread_caption
from viewer.style import STATUS_STYLES

__all__ = ["paint_frame"]


def paint_frame(f: Frame, legend: Legend, mode: str) -> None:
    """Draw ``f.scene``; ``mode`` is ``badge``, ``panel`` (open) or ``strip`` (exports)."""
    p = f.p
    # Axis-aligned shapes are drawn without antialiasing (crisp, and the raster
    # engine's fast path); diamonds switch it on.
    p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    scene = f.scene
    limit = scene.viewport.width_px if mode == "strip" else legend.badge_rect().left()
    paint_bands(f)  # under the grid lines of the axis
    paint_eras(f)  # behind the events, over the bands' shade
    paint_axis(f, limit - 4)
    if scene.mode == "density":
        paint_density(f)  # (with the events not read of a dataset, on one scale)
    else:  # (a dataset's events not read, behind those read)
        paint_unread(f, max(scene.unread, default=0.0))
    if scene.mode == "events":
        p.save()
        p.setClipRect(QRectF(0, scene.clip_top + 1, scene.viewport.width_px, scene.height))
        links = paint_connectors(f)
        paint_events(f)
        paint_link_kinds(f, links)
        p.restore()
        f.forget_font()
        if scene.overflow:
            paint_overflow(f)
    if scene.mode != "density":
        paint_unread_caption(f)  # (over the events: it says what the hatched bars are)
    if mode == "strip":
        legend.paint_strip(p, float(scene.height), f.text, f.base)
    else:
        legend.paint_badge(p, f.text, f.base, open_=mode == "panel")
        if mode == "panel":
            legend.paint_panel(p, f.text, f.base)


def paint_events(f: Frame) -> None:
    """Each placed event: possible span, mark, ghost, label."""
    model = f.model
    colours = f.colours
    assert model.tl is not None
    events = model.tl.events
    happened = STATUS_STYLES[Status.HAPPENED]
    for placed in f.scene.items:
        info = model.info(placed.pos)
        sw = swatch(colours.colour(brief(events, placed.pos).tags), f.base)
        st = STATUS_STYLES.get(info.status, happened)
        my = placed.mark.y
        paint_possible(f, info, placed.mark, my, sw)
        if info.shape == "bar":
            paint_bar(f, info, my, sw, st)
        else:
            paint_point(f, info, placed.mark, my, sw, st)
        if info.ghost is not None:
            paint_ghost(f, placed, info, sw)
        paint_label(f, placed, info, st)
