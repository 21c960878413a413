"""Where a dragged event would land, drawn over the canvas's frame while it is dragged.

The box is the one the event would have (:func:`viewer.scene.mark_box`, the
scene's one rule of mark geometry) in the lane it was grabbed in; the words
are the drag's tooltip ("Move to 2017-09-21").
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter

from timeline.models import Event
from timeline.when import When
from viewer.facts import facts_of
from viewer.scene import Box, Ruler, SceneModel, mark_box
from viewer.viewport import Viewport

__all__ = ["DropPreview"]


class DropPreview:
    """The preview of one drag at a time (none between drags)."""

    def __init__(self) -> None:
        self._shown: tuple[Box, str] | None = None

    def place(
        self,
        model: SceneModel,
        view: Viewport,
        event: Event | None,
        when: When | None,
        y: float,
        tip: str,
    ) -> bool:
        """Show ``event`` moved to ``when`` in the lane at ``y`` (``None``: no preview).

        True when that changes what is drawn.
        """
        if event is None or when is None:
            shown = None
        else:
            facts = facts_of(Event(event.id, event.title, when), model.zone)
            shown = (mark_box(facts, y, Ruler.of(view), model.geometry())[0], tip)
        changed = shown != self._shown
        self._shown = shown
        return changed

    def where(self) -> tuple[QRectF, str] | None:
        """The box (viewport coordinates) and the tooltip's words; ``None`` when not dragging."""
        return None if self._shown is None else (QRectF(*self._shown[0]), self._shown[1])

    def paint(self, p: QPainter, colour: QColor) -> None:
        """Draw the box in ``colour`` (the highlight), filled translucent."""
        if self._shown is None:
            return
        box = QRectF(*self._shown[0])
        fill = QColor(colour)
        fill.setAlpha(90)
        p.fillRect(box, fill)
        p.setPen(colour)
        p.drawRect(box)
