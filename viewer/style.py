"""Colours and mark styles shared by the canvas, the overview strip and the legend.

Tags are coloured from the Okabe–Ito palette (distinguishable with the common
colour-vision deficiencies), in the order of :meth:`timeline.models.Timeline.tags`
(most used first); further tags and untagged events are grey.  Text and
background colours come from the widget's palette, so light and dark themes
both read well: only the tag colours are fixed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import attrs
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette

from timeline.models import Status

__all__ = [
    "OKABE_ITO",
    "OTHER",
    "STATUS_STYLES",
    "StatusStyle",
    "TagColours",
    "is_dark",
    "mix",
]

OKABE_ITO: Final[tuple[str, ...]] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
)
OTHER: Final = "#8C8C8C"
"""Grey for untagged events and tags beyond the palette."""


@attrs.frozen
class StatusStyle:
    """How a status changes an event's mark."""

    filled: bool
    """Solid core (False: hollow, outline only)."""
    outline: Qt.PenStyle
    strike: bool
    """Strike the label through (the label's suffix: :data:`viewer.facts.STATUS_SUFFIX`)."""
    legend: str


STATUS_STYLES: Final[dict[Status, StatusStyle]] = {
    Status.HAPPENED: StatusStyle(True, Qt.PenStyle.SolidLine, False, "happened"),
    Status.ONGOING: StatusStyle(True, Qt.PenStyle.SolidLine, False, "ongoing"),
    Status.PLANNED: StatusStyle(False, Qt.PenStyle.DashLine, False, "planned: dashed outline"),
    Status.POSTPONED: StatusStyle(False, Qt.PenStyle.DotLine, False, "postponed: dotted outline"),
    Status.CANCELLED: StatusStyle(
        False, Qt.PenStyle.SolidLine, True, "cancelled: hollow, struck through"
    ),
    Status.DISPUTED: StatusStyle(
        True, Qt.PenStyle.DashDotLine, False, "disputed: dash-dot outline"
    ),
}


class TagColours:
    """Colour of each tag, fixed for one timeline: ``colour(tags)`` uses the first tag."""

    def __init__(self, tags: Sequence[str]) -> None:
        self._order = list(tags)
        self._index = {tag: i for i, tag in enumerate(self._order[: len(OKABE_ITO)])}
        self._colours = [QColor(c) for c in OKABE_ITO]
        self._other = QColor(OTHER)

    def index(self, tags: Sequence[str]) -> int:
        """Palette index of an event's first tag; ``-1`` for grey."""
        if not tags:
            return -1
        return self._index.get(tags[0], -1)

    def by_index(self, index: int) -> QColor:
        return self._other if index < 0 else self._colours[index]

    def colour(self, tags: Sequence[str]) -> QColor:
        return self.by_index(self.index(tags))

    def legend(self) -> list[tuple[str, QColor]]:
        """``(tag, colour)`` for each coloured tag, then "other" if any tag is grey."""
        items = [(tag, self._colours[i]) for tag, i in self._index.items()]
        if len(self._order) > len(OKABE_ITO):
            items.append(("other tags", self._other))
        items.append(("no tag", self._other))
        return items


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` blended toward ``b`` by ``t`` (0: a, 1: b)."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
        a.alphaF() + (b.alphaF() - a.alphaF()) * t,
    )


def with_alpha(colour: QColor, alpha: int) -> QColor:
    c = QColor(colour)
    c.setAlpha(alpha)
    return c


def is_dark(palette: QPalette) -> bool:
    """True when the palette's base (background) is dark."""
    return palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5
