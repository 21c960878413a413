"""The canvas's painters: one module per kind of mark, each drawing from a :class:`Frame`.

- :mod:`.point`: markers of dates (exact, vague, sets of dates);
- :mod:`.bar`: bars of intervals (solid where certain, hatched, fading open ends);
- :mod:`.ghost`: the date a disagreeing source reported, with its words;
- :mod:`.labels`: event labels and the selection;
- :mod:`.eras`: the bands of named periods behind the lanes, and their titles' row;
- :mod:`.axis`, :mod:`.density`, :mod:`.overflow`, :mod:`.legend`;
- :mod:`.frame`: one frame, drawn in that order.

Painters read a :class:`~viewer.scene.Scene` (what is where) and never decide
placement.  All text from the data is drawn as plain text.
"""

from __future__ import annotations

import attrs
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter

from viewer.scene import Ruler, Scene, SceneModel
from viewer.style import TagColours

__all__ = ["Frame"]


@attrs.define
class Frame:
    """What every painter of one frame needs: the painter, the scene, fonts and colours."""

    p: QPainter
    scene: Scene
    model: SceneModel
    colours: TagColours
    font: QFont
    small: QFont
    text: QColor
    base: QColor
    highlight: QColor
    selected: str | None
    matches: frozenset[str] = frozenset()
    """Events highlighted as search matches."""
    all_links: bool = False
    """View ▸ Show All Links: every link in the frame, faint (else only the selected event's)."""
    ruler: Ruler = attrs.field(init=False)
    strike: QFont = attrs.field(init=False)
    """The font struck through (labels of cancelled events)."""
    ascent: float = attrs.field(init=False)
    small_ascent: float = attrs.field(init=False)
    _current: QFont | None = attrs.field(init=False, default=None)

    def __attrs_post_init__(self) -> None:
        self.ruler = Ruler.of(self.scene.viewport)
        self.strike = QFont(self.font)
        self.strike.setStrikeOut(True)
        self.ascent = QFontMetricsF(self.font).ascent()
        self.small_ascent = QFontMetricsF(self.small).ascent()

    def use_font(self, font: QFont) -> None:
        """Set ``font`` on the painter unless it is already set (fonts switch per label)."""
        if font is not self._current:
            self.p.setFont(font)
            self._current = font

    def forget_font(self) -> None:
        """The painter's font is unknown (after ``restore``)."""
        self._current = None
