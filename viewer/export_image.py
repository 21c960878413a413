"""The canvas as a picture: PNG (an image) and SVG (vector), the whole timeline fitted.

An export is tall enough for every lane and carries the full
legend in a strip of its own under the events.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QImage, QPainter, QPalette

from viewer.framing import fitted_all
from viewer.painters.legend import Legend
from viewer.scene import Scene
from viewer.viewport import Viewport

if TYPE_CHECKING:
    from viewer.canvasapi import Drawing

__all__ = ["export_scene", "render_image", "render_svg"]


def export_scene(canvas: Drawing, width: int) -> tuple[Scene, Legend]:
    """The scene of an export ``width`` pixels wide (every lane, unscrolled), and its legend."""
    width = max(200, int(width))
    model = canvas.scene_model
    start, end = canvas.visible_range()
    vp = fitted_all(model, Viewport(start, end, width), 0.03)
    tall = model.build(vp, 1 << 20)
    height = max(tall.content_height + 8, 240 if tall.mode == "density" else 120)
    return model.build(vp, height), canvas.legend(float(width))


def _size(scene: Scene, legend: Legend) -> tuple[int, int]:
    return scene.viewport.width_px, scene.height + math.ceil(legend.flow(legend.width)[1])


def render_image(canvas: Drawing, width: int = 2400) -> QImage:
    """The whole timeline (shown events), fitted, with axis, and the legend below it."""
    scene, legend = export_scene(canvas, width)
    w, h = _size(scene, legend)
    image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(canvas.palette().color(QPalette.ColorRole.Base))
    painter = QPainter(image)
    try:
        canvas.paint_scene(painter, scene, legend, "strip")
    finally:
        painter.end()
    return image


def render_svg(canvas: Drawing, path: str | Path, width: int = 2400) -> None:
    """Write the whole timeline as SVG (vector) to ``path``."""
    from PySide6.QtSvg import QSvgGenerator

    scene, legend = export_scene(canvas, width)
    w, h = _size(scene, legend)
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(QSize(w, h))
    generator.setViewBox(QRectF(0, 0, w, h))
    tl = canvas.timeline()
    generator.setTitle(tl.title if tl else "Timeline")
    painter = QPainter(generator)
    try:
        painter.fillRect(QRectF(0, 0, w, h), canvas.palette().color(QPalette.ColorRole.Base))
        canvas.paint_scene(painter, scene, legend, "strip")
    finally:
        painter.end()
