"""The overview strip: the whole timeline in miniature, with the visible window.

(A partitioned dataset read a window at a time is counted from its files' statistics
instead: :meth:`OverviewStrip.set_statistics`.)

Density is counted by bisection on the sorted bounds of the events (shared
with the canvas: :class:`~viewer.viewport.EventBounds`), once per width
(O(width log n)), and drawn once into a pixmap that each paint copies; the
visible window is a rectangle over it that can be dragged, and a click
elsewhere centres the window there.  The strip only *requests*
ranges (``range_requested``); whoever owns the canvas applies them.

Eras are tinted bands behind the bars, from the canvas's own list of eras
(:meth:`viewer.scene.SceneModel.era_spans`: the same bounds on the same
clock), at most :data:`viewer.eras.ERA_CAP` of them as on the canvas, drawn
into the same pixmap (nothing more per paint); hovering one names it.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from typing import Final

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QToolTip, QWidget

from timeline.models import Timeline
from viewer.eras import ERA_CAP, EraSpans
from viewer.facts import era_tooltip
from viewer.find import Known, positions_of
from viewer.sceneparts import Shown
from viewer.style import mix, with_alpha
from viewer.viewport import EventBounds, Viewport

__all__ = ["Density", "OverviewStrip"]

_BIN_PX: Final = 2
_ERA_MIX: Final = 0.3
"""How much of an era's colour tints its band in the strip (the bars stay readable over it)."""
_NO_ERAS: Final = EraSpans((), (), (), ())

Density = Callable[[list[float]], list[float]]
"""Counts of events between consecutive edges (seconds), from elsewhere than the events shown
(a partitioned dataset's statistics)."""


class OverviewStrip(QWidget):
    """A strip showing the density of the whole timeline and the visible window."""

    range_requested = Signal(float, float)
    """The user asks to show ``[start, end]`` (seconds)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tl: Timeline | None = None
        self._eras = _NO_ERAS
        self._bounds: EventBounds | None = None
        self._filter: frozenset[str] | None = None
        self._lowers: array[float] = array("d")
        self._uppers: array[float] = array("d")
        self._lo = 0.0
        self._hi = 1.0
        self._window: tuple[float, float] | None = None
        self._counts: tuple[int, list[float]] | None = None
        self._statistics: tuple[tuple[float, float], Density] | None = None
        self._picture: QPixmap | None = None
        self._drag_offset: float | None = None
        self.setMinimumHeight(28)
        self.setSizePolicy(self.sizePolicy().horizontalPolicy(), self.sizePolicy().Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def sizeHint(self) -> QSize:
        return QSize(600, 36)

    def set_timeline(
        self, tl: Timeline, zone: str | None = None, eras: EraSpans | None = None
    ) -> None:
        """Show the density of ``tl`` on the clock of ``zone`` (``None``: each event's own).

        The strip spans every event of ``tl``; the filter (:meth:`set_filter`)
        chooses which are counted, so it does not move as filters change.
        ``eras``: the eras of ``tl`` on the same clock, as the canvas has them
        (``None``: none drawn).
        """
        bounds = EventBounds.of(tl, zone)
        self._tl = tl
        self._eras = eras if eras is not None else _NO_ERAS
        self._bounds = bounds
        self._count_shown()
        if not math.isnan(bounds.lo):
            lo, hi = bounds.lo, bounds.hi
            if hi - lo < 86400.0:
                lo, hi = lo - 43200.0, hi + 43200.0
            pad = (hi - lo) * 0.02
            fitted = Viewport(lo - pad, hi + pad, max(1, self.width()))
            self._lo, self._hi = fitted.start, fitted.end
        self._fit_statistics()
        self._counts = None
        self._picture = None
        self.update()

    def set_statistics(self, span: tuple[float, float] | None, density: Density | None) -> None:
        """Span ``span`` (seconds) and count with ``density`` instead of the timeline's events:
        a dataset read a window at a time shows all of itself here (``None``: the events)."""
        self._statistics = None if span is None or density is None else (span, density)
        self._fit_statistics()
        self._counts = None
        self._picture = None
        self.update()

    def _fit_statistics(self) -> None:
        if self._statistics is None:
            return
        lo, hi = self._statistics[0]
        if math.isnan(lo) or math.isnan(hi):
            return
        if hi - lo < 86400.0:
            lo, hi = lo - 43200.0, hi + 43200.0
        pad = (hi - lo) * 0.02
        fitted = Viewport(lo - pad, hi + pad, max(1, self.width()))
        self._lo, self._hi = fitted.start, fitted.end

    def set_filter(
        self, ids: frozenset[str] | None, known: Known | None = None, made: Shown | None = None
    ) -> None:
        """Count only the events with these ids (``None``: all), as the canvas shows them
        (``known``: their positions, as the search found them; ``made``: those events as the
        search made them for the canvas, whose sorted bounds are the ones counted here)."""
        ids = None if ids is None else frozenset(ids)
        if ids == self._filter:
            return
        self._filter = ids
        if ids is not None and made is not None and made.made_from(self._bounds):
            self._lowers, self._uppers = made.lowers, made.uppers
        else:
            self._count_shown(known)
        self._counts = None
        self._picture = None
        self.update()

    def shown_count(self) -> int:
        """The events counted (those passing the filter)."""
        return len(self._lowers)

    def _count_shown(self, known: Known | None = None) -> None:
        bounds, tl, ids = self._bounds, self._tl, self._filter
        if bounds is None or tl is None:
            self._lowers, self._uppers = array("d"), array("d")
        elif ids is None:
            self._lowers, self._uppers = bounds.sorted_lowers, bounds.sorted_uppers
        else:
            kept = positions_of(tl, ids, known)
            self._lowers = array("d", sorted(bounds.lowers[p] for p in kept))
            self._uppers = array("d", sorted(bounds.uppers[p] for p in kept))

    def set_visible_range(self, start: float, end: float) -> None:
        self._window = (start, end)
        self.update()

    def visible_range(self) -> tuple[float, float] | None:
        return self._window

    # -- geometry -----------------------------------------------------------

    def x_for(self, t: float) -> float:
        """The x (widget coordinates) of time ``t``."""
        return self._x(t)

    def _x(self, t: float) -> float:
        return (t - self._lo) * self.width() / (self._hi - self._lo)

    def _t(self, x: float) -> float:
        return self._lo + x * (self._hi - self._lo) / max(1, self.width())

    def window_rect(self) -> QRectF | None:
        """Where the visible window is drawn (widget coordinates); ``None`` with no events."""
        shown = self._tl is not None and bool(self._tl.events)
        if self._window is None or not (shown or self._statistics is not None):
            return None
        x0 = max(-2.0, self._x(self._window[0]))
        x1 = min(self.width() + 2.0, self._x(self._window[1]))
        if x1 - x0 < 4:
            mid = (x0 + x1) / 2
            x0, x1 = mid - 2, mid + 2
        return QRectF(x0, 1, x1 - x0, self.height() - 2)

    def _era_boxes(self) -> list[tuple[int, float, float]]:
        """The eras drawn: index in the timeline's eras, left and right x (widget coordinates).

        The first :data:`ERA_CAP` by start that overlap the strip, as the canvas
        draws at most.
        """
        eras = self._eras
        out: list[tuple[int, float, float]] = []
        if self._tl is None or not self._tl.events:
            return out
        right = self.width() + 1.0
        for i, (a, b) in enumerate(zip(eras.lowers, eras.uppers, strict=True)):
            if a < self._hi and b > self._lo:
                out.append((i, max(self._x(a), -1.0), min(self._x(b), right)))
                if len(out) == ERA_CAP:
                    break
        return out

    def drawn_eras(self) -> list[tuple[str, QRectF]]:
        """The eras drawn: title and band (widget coordinates), for tests and accessibility."""
        titles, h = self._eras.titles, float(self.height())
        return [(titles[i], QRectF(x0, 0, x1 - x0, h)) for i, x0, x1 in self._era_boxes()]

    def tooltip_at(self, x: float) -> str:
        """The tooltip at ``x``: the era drawn on top there (rich text, the data escaped)."""
        tl = self._tl
        over = [i for i, x0, x1 in self._era_boxes() if x0 <= x < x1]
        return era_tooltip(tl.eras[over[-1]]) if tl is not None and over else ""

    def _bins(self) -> list[float]:
        width = max(1, self.width())
        if self._counts is not None and self._counts[0] == width:
            return self._counts[1]
        bins = max(1, width // _BIN_PX)
        edges = [self._t(i * width / bins) for i in range(bins + 1)]
        if self._statistics is not None:
            counts = self._statistics[1](edges)
            self._counts = (width, counts)
            return counts
        before = [bisect_left(self._lowers, t) for t in edges]
        below = [bisect_right(self._uppers, t) for t in edges]
        counted: list[float] = [before[i + 1] - below[i] for i in range(bins)]
        self._counts = (width, counted)
        return counted

    # -- painting -----------------------------------------------------------

    def _histogram(self) -> QPixmap:
        """The background and density bars, drawn once per size, data and palette."""
        ratio = self.devicePixelRatioF()
        picture = self._picture
        if picture is not None and picture.size() == self.size() * ratio:
            return picture
        picture = QPixmap(self.size() * ratio)
        picture.setDevicePixelRatio(ratio)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.Text)
        base = pal.color(QPalette.ColorRole.Base)
        background = mix(base, text, 0.04)
        picture.fill(background)
        p = QPainter(picture)
        try:
            self._paint_eras(p, background)
            counts = self._bins()
            peak = max(counts, default=0)
            h = self.height() - 4
            if peak > 0:
                bw = self.width() / len(counts)
                # opaque (blended beforehand): the raster engine's fast path
                fill = mix(background, mix(text, QColor("#0072B2"), 0.7), 160 / 255)
                log_peak = math.log1p(peak)
                for i, n in enumerate(counts):
                    if n:
                        bh = max(1.0, h * math.log1p(n) / log_peak)
                        p.fillRect(QRectF(i * bw, self.height() - 2 - bh, bw, bh), fill)
        finally:
            p.end()
        self._picture = picture
        return picture

    def _paint_eras(self, p: QPainter, background: QColor) -> None:
        """The eras' bands, tinted (translucent: where eras overlap both show), with edges."""
        h = float(self.height())
        colours = self._eras.colours
        for i, x0, x1 in self._era_boxes():
            colour = QColor(colours[i])
            tint = QColor(colour)
            tint.setAlphaF(_ERA_MIX)
            p.fillRect(QRectF(x0, 0, max(x1 - x0, 1.0), h), tint)
            edge = mix(background, colour, 0.8)
            p.fillRect(QRectF(x0, 0, 1.0, h), edge)
            p.fillRect(QRectF(max(x1 - 1.0, x0), 0, 1.0, h), edge)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            tip = self.tooltip_at(float(event.pos().x()))
            if tip:
                QToolTip.showText(event.globalPos(), tip, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._picture = None
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        try:
            pal = self.palette()
            text = pal.color(QPalette.ColorRole.Text)
            p.drawPixmap(0, 0, self._histogram())
            rect = self.window_rect()
            if rect is not None:
                highlight = pal.color(QPalette.ColorRole.Highlight)
                p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                p.setBrush(with_alpha(highlight, 50))
                p.setPen(QPen(highlight, 1.5))
                p.drawRect(rect)
            p.setPen(QPen(with_alpha(text, 60)))
            p.drawLine(QPointF(0, self.height() - 0.5), QPointF(self.width(), self.height() - 0.5))
        finally:
            p.end()

    # -- interaction ----------------------------------------------------------

    def _request(self, start: float) -> None:
        if self._window is None:
            return
        span = self._window[1] - self._window[0]
        self._window = (start, start + span)
        self.update()
        self.range_requested.emit(start, start + span)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._window is None:
            super().mousePressEvent(event)
            return
        x = event.position().x()
        rect = self.window_rect()
        if rect is None or not rect.contains(QPointF(x, rect.center().y())):
            span = self._window[1] - self._window[0]
            self._request(self._t(x) - span / 2)
        self._drag_offset = self._t(x) - self._window[0]
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_offset is not None:
            self._request(self._t(event.position().x()) - self._drag_offset)
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag_offset = None
        super().mouseReleaseEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._counts = None
        self._picture = None
        super().resizeEvent(event)
