"""The timeline on paper: pages of the canvas's own scene, with vector text.

Print and File ▸ Export ▸ PDF draw here.  Each page has the timeline's
title, its page number and dates, a slice of the span one page wide drawn by
the canvas's painters (:meth:`TimelineCanvas.paint_scene`, never a bitmap) and
the legend.  The device's resolution is set to the screen's, so the text has
the canvas's size in points (at least :data:`viewer.pages.MIN_TEXT_PT`) and
its layout, measured on screen, holds on paper.  How many pages:
:mod:`viewer.pages`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPageLayout, QPainter, QPalette, QPdfWriter

from viewer.framing import fitted_all
from viewer.pages import Page, busy, fewest_pages, page_dates, split, text_scale
from viewer.viewport import Viewport

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from viewer.canvasapi import Drawing

__all__ = ["paint_pages", "plan"]

HEADER_GAP = 8.0
"""Pixels between the header (title, page, dates) and the timeline."""
SMALL_FACTOR = 0.9
"""The canvas's small font is this much of its font (never under 7 pt)."""


def _smallest_pt(font: QFont) -> float:
    size = font.pointSizeF()
    if size <= 0:  # a pixel-sized font
        size = font.pixelSize() * 72.0 / 96.0
    return max(7.0, size * SMALL_FACTOR)


def _header_fonts(font: QFont) -> tuple[QFont, QFont]:
    title = QFont(font)
    title.setBold(True)
    title.setPointSizeF(max(font.pointSizeF(), 1.0) * 1.3)
    return title, QFont(font)


def _header_height(font: QFont) -> float:
    title, small = _header_fonts(font)
    return QFontMetricsF(title).height() + QFontMetricsF(small).height() + HEADER_GAP


def plan(canvas: Drawing, width: float, height: float) -> list[Page]:
    """The pages of the shown events on paper ``width`` x ``height`` (canvas pixels)."""
    model = canvas.scene_model
    start, end = canvas.visible_range()
    legend_h = math.ceil(canvas.legend(width).flow(width)[1])
    body_h = height - _header_height(canvas.font()) - legend_h

    def whole(n: int) -> Viewport:
        return fitted_all(model, Viewport(start, end, max(1, int(n * width))), 0.03)

    def fits(n: int) -> bool:
        return model.build(whole(n), 1 << 20).content_height <= body_h

    count = fewest_pages(fits)
    span = whole(count)
    pages = split(span.start, span.end, count)
    shown = model.shown
    if shown is None:
        return pages
    return busy(pages, sorted([*shown.lowers, *shown.uppers]))


def paint_pages(canvas: Drawing, device: QPdfWriter | QPrinter, title: str) -> int:
    """Draw the shown events on ``device`` page by page; the number of pages (0: failed)."""
    device.setResolution(max(1, round(canvas.logicalDpiY())))
    scale = text_scale(_smallest_pt(canvas.font()))
    paint = device.pageLayout().paintRectPixels(device.resolution())
    width, height = paint.width() / scale, paint.height() / scale
    pages = plan(canvas, width, height)
    painter = QPainter()
    if not painter.begin(device):
        return 0
    try:
        for page in pages:
            if page.number > 1 and not device.newPage():
                return 0
            painter.save()
            painter.scale(scale, scale)
            _paint_page(canvas, painter, page, title, QRectF(0, 0, width, height))
            painter.restore()
    finally:
        painter.end()
    return len(pages)


def _paint_page(canvas: Drawing, p: QPainter, page: Page, title: str, room: QRectF) -> None:
    pal = canvas.palette()
    text = pal.color(QPalette.ColorRole.Text)
    p.fillRect(room, pal.color(QPalette.ColorRole.Base))
    title_font, small_font = _header_fonts(canvas.font())
    title_h = QFontMetricsF(title_font).height()
    p.setPen(text)
    p.setFont(small_font)
    number = f"Page {page.number} of {page.count}"
    p.drawText(QRectF(0, 0, room.width(), title_h), int(Qt.AlignmentFlag.AlignRight), number)
    room_for_title = room.width() - QFontMetricsF(small_font).horizontalAdvance(number) - 24
    p.setFont(title_font)
    shown = QFontMetricsF(title_font).elidedText(title, Qt.TextElideMode.ElideRight, room_for_title)
    p.drawText(QPointF(0, QFontMetricsF(title_font).ascent()), shown)
    p.setFont(small_font)
    p.drawText(
        QPointF(0, title_h + QFontMetricsF(small_font).ascent()), page_dates(page.start, page.end)
    )
    top = _header_height(canvas.font())
    legend = canvas.legend(room.width())
    legend_h = math.ceil(legend.flow(room.width())[1])
    body_h = max(1, int(room.height() - top - legend_h))
    view = Viewport(page.start, page.end, max(1, int(room.width())))
    scene = canvas.scene_model.build(view, body_h)
    p.save()
    p.translate(0, top)
    p.setClipRect(QRectF(0, 0, room.width(), room.height() - top))
    canvas.paint_scene(p, scene, legend, "strip")
    p.restore()


def landscape(device: QPdfWriter | QPrinter) -> None:
    """Turn ``device``'s pages sideways (a timeline is wide)."""
    device.setPageOrientation(QPageLayout.Orientation.Landscape)
