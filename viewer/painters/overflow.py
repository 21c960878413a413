"""The band under the lanes counting the events that found no lane."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPen

from viewer.painters import Frame
from viewer.scene import OVERFLOW_H
from viewer.style import mix

__all__ = ["paint_overflow"]


def paint_overflow(f: Frame) -> None:
    """A tick per hidden event and "+N more here" (in the plain font: never struck through)."""
    p, scene = f.p, f.scene
    view = scene.viewport
    y = min(scene.height, scene.content_height) - OVERFLOW_H - 2
    band = QRectF(0, y, view.width_px, OVERFLOW_H)
    p.fillRect(band, mix(f.base, f.text, 0.06))
    tick = mix(f.base, f.text, 0.45)
    for pos in scene.overflow:
        mid = f.model.info(pos).mid
        x = f.ruler.raw(mid) if abs(mid) < float("inf") else 0.0
        p.fillRect(QRectF(x - 0.5, y + 3, 1.0, OVERFLOW_H - 6), tick)
    f.use_font(f.font)
    p.setPen(QPen(f.text))
    p.drawText(
        band.adjusted(6, 0, -6, 0),
        int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
        f"+{len(scene.overflow)} more here: zoom in",
    )
