"""The legend: a badge in the axis strip, a panel under it when open, a strip in exports."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from viewer.painters.eras import BAND_MIX, ROW_MIX
from viewer.painters.swatch import diamond, fade, swatch
from viewer.scene import AXIS_H
from viewer.style import TagColours, mix

__all__ = [
    "BADGE_CLOSED",
    "BADGE_OPEN",
    "ERA_LEGEND",
    "MARK_LEGEND",
    "Legend",
]

MARK_LEGEND: Final = (
    ("date", "date"),
    ("interval", "interval (solid where certain)"),
    ("hatched", "possible span: vague, ?, ~"),
    ("fading", "open end"),
    ("ghost", "date as a source reported it"),
    ("planned", "planned"),
    ("postponed", "postponed"),
    ("cancelled", "cancelled (struck through)"),
    ("disputed", "disputed"),
    ("link", "links of the selected event (their kind on them)"),
    ("density", "too many to label: counts"),
)
ERA_LEGEND: Final = ("era", "era: a named period (band; its title under the axis)")
"""The legend's entry for eras, shown when the timeline has some."""
BADGE_CLOSED: Final = "Legend ▸"
BADGE_OPEN: Final = "Legend ▾"


class Legend:
    """The legend of one canvas width, font and tag colours: where it goes and how it looks."""

    def __init__(
        self, font: QFont, colours: TagColours, width: float, era: QColor | None = None
    ) -> None:
        self.font = font
        self.fm = QFontMetricsF(font)
        self.colours = colours
        self.width = width
        self.era = era
        """The first era's colour, when the timeline has eras (they get an entry)."""

    def rows(self) -> list[tuple[str, str, QColor]]:
        """``(label, sample kind, colour)`` of every legend entry: tags, then marks."""
        tags = self.colours.legend()
        rows: list[tuple[str, str, QColor]] = [(tag[:24], "tag", colour) for tag, colour in tags]
        sample = QColor("#0072B2") if not tags else tags[0][1]
        rows += [(text, key, sample) for key, text in MARK_LEGEND]
        if self.era is not None:
            rows.append((ERA_LEGEND[1], ERA_LEGEND[0], self.era))
        return rows

    def badge_rect(self) -> QRectF:
        """Where the badge is (viewport coordinates), at the right of the axis strip."""
        w = self.fm.horizontalAdvance(BADGE_OPEN) + 14
        return QRectF(self.width - w - 4, 2, w, max(15.0, self.fm.height() + 2))

    def panel_rect(self) -> QRectF:
        row = max(14.0, self.fm.height() + 1)
        rows = self.rows()
        width = 36 + max(self.fm.horizontalAdvance(r[0]) for r in rows) + 10
        badge = self.badge_rect()
        return QRectF(badge.right() - width, AXIS_H + 2, width, row * len(rows) + 10)

    def flow(self, width: float) -> tuple[list[tuple[float, float]], float]:
        """Where each entry goes in a strip ``width`` wide: ``(x, y)``, and the height."""
        row_h = max(16.0, self.fm.height() + 4)
        x, y, places = 8.0, 8.0, []
        for label, _, _ in self.rows():
            w = 28 + self.fm.horizontalAdvance(label) + 18
            if x > 8.0 and x + w > width - 8:
                x, y = 8.0, y + row_h
            places.append((x, y))
            x += w
        return places, y + row_h + 6

    def paint_badge(self, p: QPainter, text: QColor, base: QColor, *, open_: bool) -> None:
        """The badge, at the right end of the axis strip (kept clear of tick labels)."""
        box = self.badge_rect()
        p.setPen(QPen(mix(base, text, 0.35), 1))
        p.setBrush(mix(base, text, 0.12 if open_ else 0.05))
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.setFont(self.font)
        p.setPen(QPen(text))
        p.drawText(box, int(Qt.AlignmentFlag.AlignCenter), BADGE_OPEN if open_ else BADGE_CLOSED)

    def paint_panel(self, p: QPainter, text: QColor, base: QColor) -> None:
        """The open legend: a panel under the badge, over the events until closed."""
        box = self.panel_rect()
        row = max(14.0, self.fm.height() + 1)
        p.setPen(QPen(mix(base, text, 0.3), 1))
        p.setBrush(base)
        p.drawRoundedRect(box, 4, 4)
        p.setFont(self.font)
        y = box.top() + 5
        for label, kind, colour in self.rows():
            sx = box.left() + 8
            self.sample(p, kind, QRectF(sx, y + row / 2 - 5, 22, 10), colour, base)
            p.setPen(QPen(text))
            p.drawText(QPointF(sx + 28, y + row - 4), label)
            y += row

    def paint_strip(self, p: QPainter, top: float, text: QColor, base: QColor) -> None:
        """The full legend in a strip of its own from ``top`` down (exports)."""
        p.setPen(QPen(mix(base, text, 0.3), 1))
        p.drawLine(QPointF(0, top + 0.5), QPointF(self.width, top + 0.5))
        row_h = max(16.0, self.fm.height() + 4)
        places, _ = self.flow(self.width)
        p.setFont(self.font)
        for (x, y), (label, kind, colour) in zip(places, self.rows(), strict=True):
            self.sample(p, kind, QRectF(x, top + y + row_h / 2 - 5, 22, 10), colour, base)
            p.setPen(QPen(text))
            p.drawText(QPointF(x + 28, top + y + row_h / 2 + self.fm.ascent() / 2 - 1), label)

    @staticmethod
    def sample(p: QPainter, what: str, r: QRectF, colour: QColor, base: QColor) -> None:
        """The small picture of one legend entry, drawn as the canvas draws that mark."""
        sw = swatch(colour, base)
        p.setBrush(Qt.BrushStyle.NoBrush)
        inner = r.adjusted(1, 1, -1, -1)
        if what in ("tag", "interval"):
            p.fillRect(r, colour)
        elif what == "date":
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            diamond(p, r.center(), 5, 5, colour, sw.outline(Qt.PenStyle.SolidLine, True))
            p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        elif what == "hatched":
            p.fillRect(r, sw.faded)
            p.fillRect(r, sw.hatch)
        elif what == "fading":
            fade(p, colour, base, r.left(), r.right(), r.top() - 1)
        elif what == "ghost":
            g = QRectF(r.left(), r.center().y() - 2.5, r.width(), 5)
            p.fillRect(g, sw.ghost)
            p.setPen(sw.ghost_pen)
            p.drawRect(g)
        elif what in _OUTLINES:
            style, filled = _OUTLINES[what]
            if filled:
                p.fillRect(r, colour)
            p.setPen(sw.outline(style, filled))
            p.drawRect(inner)
        elif what == "link":  # crisp (no antialiasing): the same wherever it is drawn
            y = round(r.center().y())
            ink = mix(base, colour, 0.6)
            p.fillRect(QRectF(r.left(), y, r.width() - 5, 1), ink)
            for i in range(4):  # an arrowhead, column by column
                p.fillRect(QRectF(r.right() - 5 + i, y - 3 + i, 1, 7 - 2 * i), ink)
        elif what == "era":  # the row's tint on top, the band's below (as viewer.painters.eras)
            p.fillRect(r, mix(base, colour, BAND_MIX))
            p.fillRect(QRectF(r.left(), r.top(), r.width(), 4), mix(base, colour, ROW_MIX))
        elif what == "density":
            fill = mix(base, colour, 0.65)
            for i, h in enumerate((3, 7, 10, 5, 8)):
                p.fillRect(QRectF(r.left() + i * 4.4, r.bottom() - h, 3.5, h), fill)


_OUTLINES: Final = {
    "planned": (Qt.PenStyle.DashLine, False),
    "postponed": (Qt.PenStyle.DotLine, False),
    "cancelled": (Qt.PenStyle.SolidLine, False),
    "disputed": (Qt.PenStyle.DashDotLine, True),
}
