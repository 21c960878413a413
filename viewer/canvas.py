"""The timeline canvas: a custom-painted, zoomable, pannable view of a Timeline.

Three things are kept apart:

1. *What is shown*: the :class:`~timeline.models.Timeline` and, computed once
   per timeline (and filter), the drawing facts of each event (:class:`_Info`),
   a span index over the shown events, their sorted bounds (for counting in
   O(log n)) and their lane layouts per zoom bucket (:mod:`viewer.lanes`).
2. *Where*: a :class:`~viewer.viewport.Viewport` value; navigation replaces it.
3. *How*: :meth:`TimelineCanvas._scene` places the visible events (found
   with the span index, O(log n + k)) and ``_paint`` draws that scene.  Hit
   testing and :meth:`TimelineCanvas.event_rect` use the same scene.

When more events are in view than can be drawn legibly, the canvas draws a
density histogram counted by bisection (O(width log n)), never by walking
every event.  All text from the data is drawn as plain text.
"""

from __future__ import annotations

import html
import itertools
import math
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from pathlib import Path
from typing import Final, NamedTuple

import attrs
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QKeyEvent,
    QLinearGradient,
    QMouseEvent,
    QNativeGestureEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip, QWidget

from timeline.index import SpanIndex
from timeline.models import Event, Status, Timeline
from timeline.when import EndKind, Kind, Precision, When
from viewer.lanes import LaneCache
from viewer.style import STATUS_STYLES, StatusStyle, TagColours, mix
from viewer.ticks import ticks
from viewer.viewport import Viewport

__all__ = ["FrameStats", "TimelineCanvas"]

AXIS_H: Final = 40
"""Height of the time axis at the top."""
TOP: Final = AXIS_H + 6
LANE_H: Final = 36
"""A lane: label row (0–14), mark row (15–27), ghost row (29–34)."""
MARK_Y: Final = 15
MARK_H: Final = 12
GHOST_Y: Final = 29
GHOST_H: Final = 5
OVERFLOW_H: Final = 18
LEAD: Final = 6.0
"""Half a marker: marks and labels start this far left of their anchor."""
MAX_LABEL_CHARS: Final = 48
DENSITY_PER_PX: Final = 0.2
"""More than 2 events per 10 px in view: draw the density instead of events."""
BIN_PX: Final = 4
ZOOM_STEP: Final = 1.25
_YEAR: Final = 365.2425 * 86400.0


@attrs.define
class FrameStats:
    """What the last paint did (for tests and profiling)."""

    paints: int = 0
    """Frames painted so far."""
    events_touched: int = 0
    """Events looked at by the last frame (found by the index, not all)."""
    drawn: int = 0
    """Events drawn with a mark in the last frame."""
    mode: str = "empty"
    """``events``, ``density`` or ``empty``."""
    overflow: int = 0
    """Events aggregated in the overflow band (more than the lanes)."""


class _Info(NamedTuple):
    """Drawing facts of one event, computed once per timeline."""

    id: str
    title: str
    label: str
    """Title with qualifier marks and status suffix."""
    colour: int
    style: StatusStyle
    shape: str
    """``point`` (exact date), ``vague`` (imprecise date), ``bar`` (interval), ``set``."""
    lower: float
    upper: float
    mid: float
    core: tuple[float, float] | None
    """Where the event certainly is (drawn solid)."""
    halo: bool
    start_open: EndKind
    end_open: EndKind
    choices: tuple[float, ...]
    one_of: bool
    ghost: tuple[float, float, str] | None
    """The first disagreeing report: its span and source id."""
    hatch: tuple[float, float]
    """The finite possible span, drawn hatched where it is not certain."""

    @property
    def anchor(self) -> float:
        return self.mid if self.shape == "point" else self.lower


def _finite(x: float, default: float) -> float:
    return x if math.isfinite(x) else default


def _info(event: Event, colour: int) -> _Info:
    when = event.when
    style = STATUS_STYLES.get(event.status, STATUS_STYLES[Status.HAPPENED])
    marks = ("?" if when.uncertain else "") + ("~" if when.approximate else "")
    label = event.title + (f" {marks}" if marks else "") + style.suffix
    lower, upper = when.lower, when.upper
    core: tuple[float, float] | None = None
    halo = False
    choices: tuple[float, ...] = ()
    one_of = False
    if when.kind is Kind.DATE:
        if when.is_exact:
            shape = "point"
            core = (lower, upper)
        else:
            shape = "vague"
            if when.precision >= Precision.DAY and not when.unspecified:
                core = (lower, upper)
                halo = True
        mid = (lower + upper) / 2
    elif when.kind is Kind.INTERVAL:
        shape = "bar"
        s, e = when.start, when.end
        c_lo = (s.lower if s.is_exact else s.upper) if s is not None else math.inf
        c_hi = (e.upper if e.is_exact else e.lower) if e is not None else -math.inf
        if s is None and e is not None:
            c_lo = e.lower if e.is_exact else e.upper
        if e is None and s is not None:
            c_hi = s.upper if s.is_exact else s.lower
        if c_lo < c_hi:
            core = (c_lo, c_hi)
        mid = (_finite(lower, upper) + _finite(upper, lower)) / 2
    else:
        shape = "set"
        choices = tuple((c.lower + c.upper) / 2 for c in when.choices)
        one_of = when.edtf.startswith("[")
        mid = (_finite(lower, upper) + _finite(upper, lower)) / 2
    ghost = None
    for citation in event.sources:
        if citation.reported is not None and citation.disagrees_with(when):
            r = citation.reported
            ghost = (r.lower, r.upper, citation.source)
            break
    return _Info(
        id=event.id,
        title=event.title,
        label=label,
        colour=colour,
        style=style,
        shape=shape,
        lower=lower,
        upper=upper,
        mid=mid,
        core=core,
        halo=halo,
        start_open=when.start_kind if when.kind is Kind.INTERVAL else EndKind.KNOWN,
        end_open=when.end_kind if when.kind is Kind.INTERVAL else EndKind.KNOWN,
        choices=choices,
        one_of=one_of,
        ghost=ghost,
        hatch=_hatch(when),
    )


def _hatch(when: When) -> tuple[float, float]:
    lo, hi = when.lower, when.upper
    if when.kind is Kind.INTERVAL:
        if when.start is None and when.end is not None:
            lo = when.end.lower
        if when.end is None and when.start is not None:
            hi = when.start.upper
    elif when.kind is Kind.SET and when.choices:
        lo = (
            min(lo, min(c.lower for c in when.choices))
            if math.isfinite(lo)
            else min(c.lower for c in when.choices)
        )
        hi = max(c.upper for c in when.choices) if not math.isfinite(hi) else hi
    return lo, hi


def _ghost_label(source: str) -> str:
    return f"as reported by {source}"


class _Shown:
    """The events passing the filter, with what drawing and counting need."""

    def __init__(
        self, tl: Timeline, infos: Sequence[_Info], ids: frozenset[str] | None, char_px: float
    ) -> None:
        if ids is None:
            positions = list(range(len(tl.events)))
            self.index = tl.index
        else:
            positions = [i for i, e in enumerate(tl.events) if e.id in ids]
            self.index = SpanIndex(
                [infos[i].lower for i in positions], [infos[i].upper for i in positions]
            )
        self.positions = positions
        self.rank = {p: r for r, p in enumerate(positions)}
        items = [infos[p] for p in positions]
        self.lowers = array("d", sorted(i.lower for i in items))
        self.uppers = array("d", sorted(i.upper for i in items))
        finite = [x for i in items for x in (i.lower, i.upper) if math.isfinite(x)]
        self.lo = min(finite) if finite else math.nan
        self.hi = max(finite) if finite else math.nan
        starts = [min(i.lower, i.ghost[0]) if i.ghost else i.lower for i in items]
        self.lanes = LaneCache(
            starts,
            [i.upper for i in items],
            [min(len(i.label), MAX_LABEL_CHARS) + 1 for i in items],
            char_px=char_px,
            anchors=[i.anchor for i in items],
            lead_px=LEAD,
            gap_px=10.0,
            tail_ends=[i.ghost[1] if i.ghost else 0.0 for i in items],
            tail_chars=[len(_ghost_label(i.ghost[2])) + 1 if i.ghost else 0 for i in items],
        )

    def count(self, lo: float, hi: float) -> int:
        """Shown events overlapping ``[lo, hi)``: O(log n)."""
        return bisect_left(self.lowers, hi) - bisect_right(self.uppers, lo)


@attrs.frozen
class _Placed:
    pos: int
    lane: int
    y: float
    mark: QRectF
    label_x: float


@attrs.frozen
class _Scene:
    viewport: Viewport
    height: int
    mode: str
    items: list[_Placed]
    overflow: list[int]
    touched: int
    max_lanes: int


class TimelineCanvas(QAbstractScrollArea):
    """A zoomable, pannable timeline drawn in one ``paintEvent``."""

    selection_changed = Signal(str)
    """The selected event's id ("" when none)."""
    view_changed = Signal(float, float)
    """The visible range changed: start and end, seconds."""
    activated = Signal(str)
    """An event was double-clicked or Enter was pressed on it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tl: Timeline | None = None
        self._infos: list[_Info] = []
        self._filter: frozenset[str] | None = None
        self._shown: _Shown | None = None
        self._colours = TagColours([])
        self._view = Viewport(0.0, 365.0 * 86400.0, max(1, self.viewport().width()))
        self._selected: str | None = None
        self._scene_cache: _Scene | None = None
        self._labels: dict[int, tuple[str, float]] = {}
        self._press: QPointF | None = None
        self._press_view: Viewport | None = None
        self._dragging = False
        self._syncing = False
        self._legend_visible = True
        self._stats = FrameStats()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.viewport().setMouseTracking(True)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, False)
        self.horizontalScrollBar().valueChanged.connect(self._scrolled)
        self.setMinimumSize(200, 120)

    # -- public API ------------------------------------------------------------

    @property
    def frame_stats(self) -> FrameStats:
        """A copy of the statistics of the last painted frame."""
        return attrs.evolve(self._stats)

    def sizeHint(self) -> QSize:
        return QSize(900, 500)

    def set_timeline(self, tl: Timeline, *, keep_view: bool = False) -> None:
        """Show ``tl``; fit it all unless ``keep_view``; keep the selection if it still exists."""
        self._tl = tl
        self._colours = TagColours(tl.tags())
        self._infos = [_info(e, self._colours.index(e.tags)) for e in tl.events]
        self._labels = {}
        if self._filter is not None:
            self._filter = frozenset(i for i in self._filter if i in tl)
        self._rebuild_shown()
        if not keep_view:
            self.fit_all()
        else:
            self._changed()
        if self._selected is not None and self._selected not in tl:
            self._selected = None
            self.selection_changed.emit("")

    def timeline(self) -> Timeline | None:
        return self._tl

    def set_filter(self, ids: frozenset[str] | None) -> None:
        """Show only the events with these ids (``None``: all)."""
        self._filter = None if ids is None else frozenset(ids)
        self._rebuild_shown()
        if self._selected is not None and not self._passes(self._selected):
            self._selected = None
            self.selection_changed.emit("")
        self._changed()

    def visible_count(self) -> int:
        """Events (passing the filter) that overlap the visible range."""
        if self._shown is None:
            return 0
        return max(0, self._shown.count(self._view.start, self._view.end))

    def shown_count(self) -> int:
        """Events passing the filter."""
        return 0 if self._shown is None else len(self._shown.positions)

    def select_event(self, event_id: str | None) -> None:
        """Select an event (``None``: clear), scroll it into view, emit ``selection_changed``."""
        if event_id is not None and (self._tl is None or not self._passes(event_id)):
            event_id = None
        if event_id == self._selected:
            return
        self._selected = event_id
        if event_id is not None:
            self._scroll_into_view(event_id)
        self.viewport().update()
        self.selection_changed.emit(event_id or "")

    def selected_event(self) -> str | None:
        return self._selected

    def select_next(self) -> None:
        self._select_step(+1)

    def select_previous(self) -> None:
        self._select_step(-1)

    def select_first(self) -> None:
        if self._shown and self._shown.positions:
            self.select_event(self._infos[self._shown.positions[0]].id)

    def select_last(self) -> None:
        if self._shown and self._shown.positions:
            self.select_event(self._infos[self._shown.positions[-1]].id)

    def fit_all(self) -> None:
        """Show every event passing the filter."""
        shown = self._shown
        if shown is None or math.isnan(shown.lo):
            return
        lo, hi = shown.lo, shown.hi
        if hi - lo < 86400.0:
            lo, hi = lo - 43200.0, hi + 43200.0
        self._set_view(self._view.fitted(lo, hi, 0.05))

    def zoom_by(self, factor: float, anchor_x: float | None = None) -> None:
        """Zoom in by ``factor`` (> 1 in, < 1 out) keeping the time under ``anchor_x``."""
        self._set_view(self._view.zoomed(factor, anchor_x))

    def zoom_to_event(self, event_id: str) -> None:
        """Fit the view to one event's span."""
        if self._tl is None or event_id not in self._tl:
            return
        self._fit_span(self._tl[event_id].when, margin=0.3)

    def go_to(self, when: When) -> None:
        """Centre the view on ``when`` (zooming out if its span is wider than the view)."""
        lo, hi = _finite_span(when)
        if hi - lo > self._view.span:
            self._set_view(self._view.fitted(lo, hi, 0.1))
        else:
            self._set_view(self._view.centered_on((lo + hi) / 2))

    def set_visible_range(self, start: float, end: float) -> None:
        self._set_view(Viewport(start, end, self._view.width_px))

    def visible_range(self) -> tuple[float, float]:
        return self._view.start, self._view.end

    def event_rect(self, event_id: str) -> QRectF | None:
        """Where the event's mark is drawn (viewport coordinates); ``None`` if not drawn."""
        scene = self._scene()
        for placed in scene.items:
            if self._infos[placed.pos].id == event_id:
                return QRectF(placed.mark)
        return None

    def event_at(self, pos: QPointF) -> str | None:
        """The id of the event whose mark or label is at ``pos`` (viewport coordinates)."""
        placed = self._hit(pos)
        return None if placed is None else self._infos[placed.pos].id

    def tooltip_at(self, pos: QPointF) -> str:
        """The tooltip shown at ``pos``: rich text with the data escaped ("" if none)."""
        placed = self._hit(pos)
        if placed is None or self._tl is None:
            return ""
        return self._tooltip(self._tl.events[placed.pos])

    def set_legend_visible(self, visible: bool) -> None:
        self._legend_visible = visible
        self.viewport().update()

    def legend_items(self) -> list[tuple[str, str]]:
        """What the legend explains: ``(label, kind)``; kind is ``tag`` or ``mark``."""
        items = [(tag, "tag") for tag, _ in self._colours.legend()]
        return items + [(text, "mark") for _, text in _MARK_LEGEND]

    def render_image(self, width: int = 2400) -> QImage:
        """The whole timeline (shown events), fitted, with axis and legend."""
        width = max(200, int(width))
        vp = self._export_view(width)
        height = self._export_height(vp)
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(self.palette().color(QPalette.ColorRole.Base))
        painter = QPainter(image)
        try:
            self._paint(painter, self._build_scene(vp, height), legend=True)
        finally:
            painter.end()
        return image

    def render_svg(self, path: str | Path, width: int = 2400) -> None:
        """Write the whole timeline as SVG (vector) to ``path``."""
        from PySide6.QtSvg import QSvgGenerator

        vp = self._export_view(width)
        height = self._export_height(vp)
        generator = QSvgGenerator()
        generator.setFileName(str(path))
        generator.setSize(QSize(width, height))
        generator.setViewBox(QRectF(0, 0, width, height))
        generator.setTitle(self._tl.title if self._tl else "Timeline")
        painter = QPainter(generator)
        try:
            painter.fillRect(
                QRectF(0, 0, width, height), self.palette().color(QPalette.ColorRole.Base)
            )
            self._paint(painter, self._build_scene(vp, height), legend=True)
        finally:
            painter.end()

    # -- state changes ------------------------------------------------------------

    def _passes(self, event_id: str) -> bool:
        return (
            self._tl is not None
            and event_id in self._tl
            and (self._filter is None or event_id in self._filter)
        )

    def _char_px(self) -> float:
        sample = "Abcdefghijklmnopqrstuvwxyz 0123456789"
        return max(4.0, QFontMetricsF(self.font()).horizontalAdvance(sample) / len(sample) * 1.1)

    def _rebuild_shown(self) -> None:
        if self._tl is None:
            self._shown = None
        else:
            self._shown = _Shown(self._tl, self._infos, self._filter, self._char_px())
        self._scene_cache = None

    def _set_view(self, view: Viewport) -> None:
        if view == self._view:
            return
        self._view = view
        self._changed()

    def _changed(self) -> None:
        self._scene_cache = None
        self._sync_scrollbar()
        self.viewport().update()
        self.view_changed.emit(self._view.start, self._view.end)

    def _fit_span(self, when: When, margin: float) -> None:
        lo, hi = _finite_span(when)
        self._set_view(self._view.fitted(lo, hi, margin))

    def _scroll_into_view(self, event_id: str) -> None:
        assert self._tl is not None
        lo, hi = _finite_span(self._tl[event_id].when)
        v = self._view
        margin = v.span * 0.05
        if hi <= v.start + margin or lo >= v.end - margin:
            self._set_view(v.centered_on(lo if hi - lo > v.span else (lo + hi) / 2))

    def _select_step(self, step: int) -> None:
        shown = self._shown
        if shown is None or not shown.positions or self._tl is None:
            return
        if self._selected is None or self._selected not in self._tl:
            self.select_first() if step > 0 else self.select_last()
            return
        pos = self._tl.position(self._selected)
        rank = shown.rank.get(pos)
        if rank is None:
            return
        rank = min(max(rank + step, 0), len(shown.positions) - 1)
        self.select_event(self._infos[shown.positions[rank]].id)

    # -- scrollbar ---------------------------------------------------------------

    _SCROLL_UNITS: Final = 100_000

    def _scroll_extent(self) -> tuple[float, float]:
        v = self._view
        shown = self._shown
        if shown is None or math.isnan(shown.lo):
            return v.start, v.end
        pad = (shown.hi - shown.lo) * 0.05
        return min(shown.lo - pad, v.start), max(shown.hi + pad, v.end)

    def _sync_scrollbar(self) -> None:
        lo, hi = self._scroll_extent()
        total = max(hi - lo, 1e-9)
        page = max(1, round(self._SCROLL_UNITS * self._view.span / total))
        bar = self.horizontalScrollBar()
        self._syncing = True
        try:
            bar.setRange(0, max(0, self._SCROLL_UNITS - page))
            bar.setPageStep(page)
            bar.setSingleStep(max(1, page // 10))
            bar.setValue(round(self._SCROLL_UNITS * (self._view.start - lo) / total))
        finally:
            self._syncing = False

    def _scrolled(self, value: int) -> None:
        if self._syncing:
            return
        lo, hi = self._scroll_extent()
        start = lo + (hi - lo) * value / self._SCROLL_UNITS
        self._set_view(Viewport(start, start + self._view.span, self._view.width_px))

    # -- scene ---------------------------------------------------------------------

    def _scene(self) -> _Scene:
        vp = self.viewport()
        width = max(1, vp.width())
        if self._view.width_px != width:
            self._view = self._view.with_width(width)
            self._scene_cache = None
        cached = self._scene_cache
        if cached is None or cached.height != vp.height() or cached.viewport != self._view:
            cached = self._scene_cache = self._build_scene(self._view, vp.height())
        return cached

    def _build_scene(self, view: Viewport, height: int) -> _Scene:
        shown = self._shown
        max_lanes = max(1, (height - TOP - OVERFLOW_H) // LANE_H)
        if shown is None or not shown.positions:
            return _Scene(view, height, "empty", [], [], 0, max_lanes)
        lo, hi = view.start, view.end
        if shown.count(lo, hi) > view.width_px * DENSITY_PER_PX:
            return _Scene(view, height, "density", [], [], 0, max_lanes)
        ranks = shown.index.overlapping(lo, hi)
        layout = shown.lanes.layout(view.seconds_per_px)
        lanes = layout.lanes
        infos = self._infos
        positions = shown.positions
        width = view.width_px
        scale = width / (hi - lo)
        items: list[_Placed] = []
        overflow: list[int] = []
        for r in ranks:
            pos = positions[r]
            lane = lanes[r]
            if lane >= max_lanes:
                overflow.append(pos)
                continue
            info = infos[pos]
            y = TOP + lane * LANE_H
            x0 = min(max((info.lower - lo) * scale, -50.0), width + 50.0)
            x1 = min(max((info.upper - lo) * scale, -50.0), width + 50.0)
            if info.shape == "point" or (info.shape == "vague" and info.halo):
                xm = (info.mid - lo) * scale
                mark = QRectF(xm - LEAD, y + MARK_Y, 2 * LEAD, MARK_H)
                label_x = xm - LEAD
            else:
                if x1 - x0 < 2 * LEAD and info.shape == "vague":
                    xm = (x0 + x1) / 2
                    x0, x1 = xm - LEAD, xm + LEAD
                x1 = max(x1, x0 + 2.0)
                mark = QRectF(x0, y + MARK_Y, x1 - x0, MARK_H)
                room = self._label(pos)[1]
                label_x = min(max(x0, 0.0), max(x0, x1 - room))
            items.append(_Placed(pos, lane, y, mark, label_x))
        return _Scene(view, height, "events", items, overflow, len(ranks), max_lanes)

    def _label(self, pos: int) -> tuple[str, float]:
        """The event's label elided to the room the lane layout gave it, and that room."""
        found = self._labels.get(pos)
        if found is None:
            info = self._infos[pos]
            room = (min(len(info.label), MAX_LABEL_CHARS) + 1) * self._char_px()
            text = QFontMetricsF(self.font()).elidedText(
                info.label, Qt.TextElideMode.ElideRight, room
            )
            found = self._labels[pos] = (text, room)
        return found

    def _hit(self, pos: QPointF) -> _Placed | None:
        scene = self._scene()
        for placed in reversed(scene.items):
            if placed.mark.adjusted(-2, -2, 2, 2).contains(pos):
                return placed
        fm = QFontMetricsF(self.font())
        for placed in reversed(scene.items):
            text, _ = self._label(placed.pos)
            rect = QRectF(placed.label_x, placed.y, fm.horizontalAdvance(text), MARK_Y)
            if rect.contains(pos):
                return placed
        return None

    # -- painting ----------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        scene = self._scene()
        painter = QPainter(self.viewport())
        try:
            painter.fillRect(
                QRectF(self.viewport().rect()), self.palette().color(QPalette.ColorRole.Base)
            )
            self._paint(painter, scene, legend=self._legend_visible)
        finally:
            painter.end()
        stats = self._stats
        stats.paints += 1
        stats.events_touched = scene.touched
        stats.drawn = len(scene.items)
        stats.mode = scene.mode
        stats.overflow = len(scene.overflow)

    def _paint(self, p: QPainter, scene: _Scene, *, legend: bool) -> None:
        # Axis-aligned shapes are drawn without antialiasing (crisp, and the raster
        # engine's fast path); diamonds switch it on.
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.Text)
        base = pal.color(QPalette.ColorRole.Base)
        self._paint_axis(p, scene, text, base)
        if scene.mode == "density":
            self._paint_density(p, scene, text, base)
        elif scene.mode == "events":
            self._paint_events(p, scene, text, base, pal.color(QPalette.ColorRole.Highlight))
            if scene.overflow:
                self._paint_overflow(p, scene, text, base)
        if legend:
            self._paint_legend(p, scene, text, base)

    def _paint_axis(self, p: QPainter, scene: _Scene, text: QColor, base: QColor) -> None:
        view = scene.viewport
        width = view.width_px
        grid = mix(base, text, 0.1)
        line = mix(base, text, 0.45)
        font = QFont(self.font())
        bold = QFont(font)
        bold.setBold(True)
        fm_bold = QFontMetricsF(bold)
        tick_list = ticks(view, min_label_px=80)
        majors = [t for t in tick_list if t.major]
        p.setFont(bold)
        p.setPen(QPen(text))
        for i, tick in enumerate(majors):
            if tick.x >= 0:
                p.setPen(QPen(grid, 1))
                p.drawLine(QPointF(tick.x, AXIS_H), QPointF(tick.x, scene.height))
            if tick.label:
                x = max(tick.x, 0.0) + 3
                w = fm_bold.horizontalAdvance(tick.label)
                if i + 1 < len(majors) and x + w + 6 > majors[i + 1].x:
                    continue  # the context label would run into the next one
                if x + w > width:
                    continue
                p.setPen(QPen(text))
                p.drawText(QPointF(x, 14), tick.label)
        p.setFont(font)
        for tick in tick_list:
            if tick.major:
                p.setPen(QPen(line, 1))
                p.drawLine(QPointF(tick.x, 18), QPointF(tick.x, AXIS_H))
                continue
            p.setPen(QPen(line, 1))
            p.drawLine(QPointF(tick.x, AXIS_H - 6), QPointF(tick.x, AXIS_H))
            if tick.label:
                p.setPen(QPen(text))
                p.drawText(QPointF(tick.x + 3, 31), tick.label)
        p.setPen(QPen(line, 1))
        p.drawLine(QPointF(0, AXIS_H), QPointF(width, AXIS_H))

    def _paint_events(
        self, p: QPainter, scene: _Scene, text: QColor, base: QColor, highlight: QColor
    ) -> None:
        view = scene.viewport
        lo = view.start
        width = float(view.width_px)
        scale = width / view.span
        infos = self._infos
        font = QFont(self.font())
        strike = QFont(font)
        strike.setStrikeOut(True)
        small = QFont(font)
        small.setPointSizeF(max(6.0, font.pointSizeF() * 0.8))
        text_pen = QPen(text)
        ghost_text = QPen(mix(base, text, 0.65))
        aa = QPainter.RenderHint.Antialiasing
        no_brush = Qt.BrushStyle.NoBrush
        p.setFont(font)
        current_font = font
        for placed in scene.items:
            info = infos[placed.pos]
            sw = _swatch(self._colours.by_index(info.colour), base)
            colour = sw.colour
            y = placed.y
            mark = placed.mark
            my = y + MARK_Y
            st = info.style
            outline = sw.outline(st.outline, st.filled)
            x0 = min(max((info.lower - lo) * scale, -50.0), width + 50.0)
            x1 = min(max((info.upper - lo) * scale, -50.0), width + 50.0)
            shape = info.shape
            # The whole possible span, faded and hatched, where it is not certain.
            if shape != "point" and (
                info.halo or info.core is None or info.core != (info.lower, info.upper)
            ):
                if info.halo:
                    span = QRectF(mark.center().x() - 2.6 * LEAD, my, 5.2 * LEAD, MARK_H)
                elif shape == "vague":
                    span = mark
                else:
                    h0 = min(max((info.hatch[0] - lo) * scale, -50.0), width + 50.0)
                    h1 = min(max((info.hatch[1] - lo) * scale, -50.0), width + 50.0)
                    span = QRectF(h0, my, max(h1 - h0, 2.0), MARK_H)
                p.fillRect(span, sw.faded)
                p.fillRect(span, sw.hatch)
            if shape in ("point", "vague") and info.core is not None:
                if x1 - x0 > 2 * LEAD + 2:  # the day is wider than the marker: show it
                    p.fillRect(
                        QRectF(x0, my + MARK_H / 2 - 2, x1 - x0, 4),
                        sw.day if st.filled else sw.faded,
                    )
                p.setRenderHint(aa, True)
                _diamond(p, mark.center(), LEAD, MARK_H / 2, colour if st.filled else base, outline)
                p.setRenderHint(aa, False)
            elif shape == "bar":
                if info.core is not None:
                    c0 = min(max((info.core[0] - lo) * scale, -50.0), width + 50.0)
                    c1 = min(max((info.core[1] - lo) * scale, -50.0), width + 50.0)
                    core = QRectF(c0, my, max(c1 - c0, 2.0), MARK_H)
                    p.fillRect(core, colour if st.filled else base)
                    p.setPen(outline)
                    p.setBrush(no_brush)
                    p.drawRect(core.adjusted(0.5, 0.5, -1, -1))
                # Open (..): fades to a faint bar running on to the edge; unknown
                # (empty): fades out shortly.  Anchored at the known end, even off screen.
                if info.end_open is not EndKind.KNOWN:
                    kx = (info.hatch[1] - lo) * scale
                    is_open = info.end_open is EndKind.OPEN
                    tail = sw.faded if is_open else base
                    _fade(
                        p,
                        colour if st.filled else sw.faded,
                        tail,
                        kx,
                        kx + (240.0 if is_open else 60.0),
                        my,
                        width,
                    )
                if info.start_open is not EndKind.KNOWN:
                    kx = (info.hatch[0] - lo) * scale
                    is_open = info.start_open is EndKind.OPEN
                    tail = sw.faded if is_open else base
                    _fade(
                        p,
                        colour if st.filled else sw.faded,
                        tail,
                        kx,
                        kx - (240.0 if is_open else 60.0),
                        my,
                        width,
                    )
            elif shape == "set":
                p.setRenderHint(aa, True)
                fill = base if info.one_of or not st.filled else colour
                for c in info.choices:
                    cx = (c - lo) * scale
                    _diamond(
                        p, QPointF(cx, my + MARK_H / 2), LEAD * 0.7, MARK_H / 2 - 1.8, fill, sw.pen
                    )
                p.setRenderHint(aa, False)
            elif shape == "vague":
                p.setPen(sw.outline(st.outline, False))
                p.setBrush(no_brush)
                p.drawRect(mark.adjusted(0.5, 0.5, -1, -1))
            if info.ghost is not None:
                g0 = min(max((info.ghost[0] - lo) * scale, -50.0), width + 50.0)
                g1 = min(max((info.ghost[1] - lo) * scale, -50.0), width + 50.0)
                ghost = QRectF(g0, y + GHOST_Y, max(g1 - g0, 3.0), GHOST_H)
                p.fillRect(ghost, sw.ghost)
                p.setPen(sw.ghost_pen)
                p.setBrush(no_brush)
                p.drawRect(ghost)
                if current_font is not small:
                    p.setFont(small)
                    current_font = small
                p.setPen(ghost_text)
                p.drawText(QPointF(g1 + 4, y + GHOST_Y + GHOST_H + 1), _ghost_label(info.ghost[2]))
            label, _ = self._label(placed.pos)
            want = strike if st.strike else font
            if want is not current_font:
                p.setFont(want)
                current_font = want
            if info.id == self._selected:
                fm = QFontMetricsF(want)
                box = QRectF(placed.label_x - 2, y, fm.horizontalAdvance(label) + 4, MARK_Y - 1)
                p.fillRect(box, mix(base, highlight, 0.3))
                p.setPen(QPen(highlight, 2))
                p.setBrush(no_brush)
                p.drawRect(mark.adjusted(-3, -3, 3, 3))
            p.setPen(text_pen)
            p.drawText(QPointF(placed.label_x, y + MARK_Y - 3), label)

    def _paint_overflow(self, p: QPainter, scene: _Scene, text: QColor, base: QColor) -> None:
        view = scene.viewport
        y = TOP + scene.max_lanes * LANE_H
        band = QRectF(0, y, view.width_px, OVERFLOW_H)
        p.fillRect(band, mix(base, text, 0.06))
        scale = view.width_px / view.span
        lo = view.start
        tick = mix(base, text, 0.45)
        for pos in scene.overflow:
            info = self._infos[pos]
            x = (_finite(info.mid, view.start) - lo) * scale
            p.fillRect(QRectF(x - 0.5, y + 3, 1.0, OVERFLOW_H - 6), tick)
        p.setPen(QPen(text))
        p.drawText(
            band.adjusted(6, 0, -6, 0),
            int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
            f"+{len(scene.overflow)} more here: zoom in or enlarge the window",
        )

    def _paint_density(self, p: QPainter, scene: _Scene, text: QColor, base: QColor) -> None:
        shown = self._shown
        assert shown is not None
        view = scene.viewport
        width = view.width_px
        bins = max(1, width // BIN_PX)
        edges = [view.time_at(i * width / bins) for i in range(bins + 1)]
        lowers, uppers = shown.lowers, shown.uppers
        below = [bisect_right(uppers, t) for t in edges]
        before = [bisect_left(lowers, t) for t in edges]
        counts = [before[i + 1] - below[i] for i in range(bins)]
        peak = max(counts) if counts else 0
        top, bottom = TOP + 20, scene.height - 8
        if peak <= 0 or bottom <= top:
            return
        h = bottom - top
        fill = mix(base, mix(text, QColor("#0072B2"), 0.7), 0.65)
        log_peak = math.log1p(peak)
        bw = width / bins
        for i, n in enumerate(counts):
            if n > 0:
                bh = max(1.0, h * math.log1p(n) / log_peak)
                p.fillRect(QRectF(i * bw, bottom - bh, bw - 0.5, bh), fill)
        # Counts per labelled axis interval (or the whole view).
        marks = [t.t for t in ticks(view, 80) if not t.major and t.label]
        bounds = [view.start, *[t for t in marks if view.start < t < view.end], view.end]
        p.setPen(QPen(text))
        fm = QFontMetricsF(self.font())
        for a, b in itertools.pairwise(bounds):
            n = shown.count(a, b)
            label = f"{n:,}"
            xa, xb = view.x_for(a), view.x_for(b)
            if n and fm.horizontalAdvance(label) + 6 < xb - xa:
                p.drawText(QRectF(xa, TOP, xb - xa, 18), int(Qt.AlignmentFlag.AlignCenter), label)
        p.drawText(
            QPointF(6, scene.height - 12 if scene.height > TOP + 60 else TOP + 16),
            f"{shown.count(view.start, view.end):,} events in view: zoom in to see them",
        )

    def _paint_legend(self, p: QPainter, scene: _Scene, text: QColor, base: QColor) -> None:
        tags = self._colours.legend()
        fm = QFontMetricsF(self.font())
        row = max(14.0, fm.height() + 1)
        rows: list[tuple[str, str, QColor]] = [(tag[:24], "tag", colour) for tag, colour in tags]
        sample = QColor("#0072B2") if not tags else tags[0][1]
        rows += [(text, key, sample) for key, text in _MARK_LEGEND]
        width = 36 + max(fm.horizontalAdvance(r[0]) for r in rows) + 10
        height = row * len(rows) + 10
        box = QRectF(scene.viewport.width_px - width - 8, scene.height - height - 8, width, height)
        if box.top() < TOP:
            return
        p.setPen(QPen(mix(base, text, 0.3), 1))
        p.setBrush(base)
        p.drawRoundedRect(box, 4, 4)
        p.setFont(self.font())
        y = box.top() + 5
        for label, kind, colour in rows:
            sx = box.left() + 8
            sr = QRectF(sx, y + row / 2 - 5, 22, 10)
            self._legend_sample(p, kind, sr, colour, base)
            p.setPen(QPen(text))
            p.drawText(QPointF(sx + 28, y + row - 4), label)
            y += row

    def _legend_sample(
        self, p: QPainter, what: str, r: QRectF, colour: QColor, base: QColor
    ) -> None:
        sw = _swatch(colour, base)
        p.setBrush(Qt.BrushStyle.NoBrush)
        inner = r.adjusted(1, 1, -1, -1)
        if what == "tag":
            p.fillRect(r, colour)
        elif what == "date":
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            _diamond(p, r.center(), 5, 5, colour, sw.outline(Qt.PenStyle.SolidLine, True))
            p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        elif what == "interval":
            p.fillRect(r, colour)
        elif what == "hatched":
            p.fillRect(r, sw.faded)
            p.fillRect(r, sw.hatch)
        elif what == "fading":
            _fade(p, colour, base, r.left(), r.right(), r.top() - 1)
        elif what == "ghost":
            g = QRectF(r.left(), r.center().y() - 2.5, r.width(), 5)
            p.fillRect(g, sw.ghost)
            p.setPen(sw.ghost_pen)
            p.drawRect(g)
        elif what == "planned":
            p.setPen(sw.outline(Qt.PenStyle.DashLine, False))
            p.drawRect(inner)
        elif what == "postponed":
            p.setPen(sw.outline(Qt.PenStyle.DotLine, False))
            p.drawRect(inner)
        elif what == "cancelled":
            p.setPen(sw.outline(Qt.PenStyle.SolidLine, False))
            p.drawRect(inner)
        elif what == "disputed":
            p.fillRect(r, colour)
            p.setPen(sw.outline(Qt.PenStyle.DashDotLine, True))
            p.drawRect(inner)
        elif what == "density":
            fill = mix(base, colour, 0.65)
            for i, h in enumerate((3, 7, 10, 5, 8)):
                p.fillRect(QRectF(r.left() + i * 4.4, r.bottom() - h, 3.5, h), fill)

    # -- export ---------------------------------------------------------------------------

    def _export_view(self, width: int) -> Viewport:
        shown = self._shown
        vp = Viewport(self._view.start, self._view.end, width)
        if shown is None or math.isnan(shown.lo):
            return vp
        lo, hi = shown.lo, shown.hi
        if hi - lo < 86400.0:
            lo, hi = lo - 43200.0, hi + 43200.0
        return vp.fitted(lo, hi, 0.03)

    def _export_height(self, vp: Viewport) -> int:
        shown = self._shown
        lanes = 1
        if shown is not None and shown.positions:
            lanes = min(shown.lanes.layout(vp.seconds_per_px).lane_count, 60)
        fm = QFontMetricsF(self.font())
        legend = (len(self._colours.legend()) + len(_MARK_LEGEND)) * max(14.0, fm.height() + 1)
        return int(TOP + lanes * LANE_H + OVERFLOW_H + legend + 30)

    # -- interaction ---------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        width = max(1, self.viewport().width())
        if width != self._view.width_px:
            self._view = self._view.with_width(width)
            self._changed()

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta()
        steps = (delta.y() or delta.x()) / 120.0
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if steps:
                self.zoom_by(ZOOM_STEP**steps, event.position().x())
            event.accept()
            return
        pixels = event.pixelDelta()
        dx = (
            -(pixels.x() or pixels.y())
            if not pixels.isNull()
            else -steps * self._view.width_px / 10
        )
        if dx:
            self._set_view(self._view.panned(dx))
        event.accept()

    def viewportEvent(self, event: QEvent) -> bool:
        kind = event.type()
        if (
            kind == QEvent.Type.NativeGesture
            and isinstance(event, QNativeGestureEvent)
            and event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture
        ):
            self.zoom_by(1.0 + event.value(), event.position().x())
            event.accept()
            return True
        if kind == QEvent.Type.ToolTip:
            from PySide6.QtGui import QHelpEvent

            if isinstance(event, QHelpEvent):
                tip = self.tooltip_at(QPointF(event.pos()))
                if tip:
                    QToolTip.showText(event.globalPos(), tip, self.viewport())
                else:
                    QToolTip.hideText()
                    event.ignore()
                return True
        return super().viewportEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position()
            self._press_view = self._view
            self._dragging = False
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is not None and self._press_view is not None:
            dx = event.position().x() - self._press.x()
            if self._dragging or abs(dx) > 3:
                self._dragging = True
                self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
                self._set_view(self._press_view.panned(-dx))
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._press is not None:
            if not self._dragging:
                self.select_event(self.event_at(event.position()))
            self._press = None
            self._press_view = None
            self._dragging = False
            self.viewport().unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            hit = self.event_at(event.position())
            if hit is not None:
                self.select_event(hit)
                self.activated.emit(hit)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        k = Qt.Key
        if key == k.Key_Right:
            self.select_next()
        elif key == k.Key_Left:
            self.select_previous()
        elif key == k.Key_Home:
            self.select_first()
        elif key == k.Key_End:
            self.select_last()
        elif key in (k.Key_Return, k.Key_Enter):
            if self._selected is not None:
                self.activated.emit(self._selected)
        elif key in (k.Key_Plus, k.Key_Equal):
            self.zoom_by(ZOOM_STEP)
        elif key in (k.Key_Minus, k.Key_Underscore):
            self.zoom_by(1 / ZOOM_STEP)
        elif key == k.Key_Escape:
            self.select_event(None)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _tooltip(self, event: Event) -> str:
        lines = [event.title, event.when.describe()]
        if event.status is not Status.HAPPENED:
            lines.append(f"Status: {event.status.value}")
        if event.tags:
            lines.append("Tags: " + ", ".join(event.tags))
        for citation in event.conflicting:
            assert citation.reported is not None
            lines.append(f"{citation.source} reports {citation.reported.describe()}")
        body = "<br>".join(html.escape(line) for line in lines)
        return f"<p style='white-space:pre'>{body}</p>"


_SWATCHES: dict[tuple[int, int], _Swatch] = {}


def _swatch(colour: QColor, base: QColor) -> _Swatch:
    key = (colour.rgba(), base.rgba())
    found = _SWATCHES.get(key)
    if found is None:
        if len(_SWATCHES) > 256:
            _SWATCHES.clear()
        found = _SWATCHES[key] = _Swatch(colour, base)
    return found


class _Swatch:
    """The opaque shades of one tag colour over the background, made once per frame.

    Opaque colours (blended with the background beforehand) keep the raster
    engine on its fast path: translucent fills cost many times more.
    """

    def __init__(self, colour: QColor, base: QColor) -> None:
        self.colour = colour
        self.faded = mix(base, colour, 0.2)
        self.hatch = QBrush(mix(base, colour, 0.75), Qt.BrushStyle.BDiagPattern)
        self.day = mix(base, colour, 0.55)
        self.ghost = mix(base, colour, 0.25)
        self.ghost_pen = QPen(mix(base, colour, 0.85), 1, Qt.PenStyle.DashLine)
        self.pen = QPen(colour, 1.5)
        self._dark = colour.darker(140)
        self._outlines: dict[tuple[Qt.PenStyle, bool], QPen] = {}

    def outline(self, style: Qt.PenStyle, filled: bool) -> QPen:
        key = (style, filled)
        pen = self._outlines.get(key)
        if pen is None:
            pen = self._outlines[key] = QPen(self._dark if filled else self.colour, 1.5, style)
        return pen


def _diamond(p: QPainter, c: QPointF, hw: float, hh: float, fill: QColor, pen: QPen) -> None:
    cx, cy = c.x(), c.y()
    poly = QPolygonF(
        [QPointF(cx, cy - hh), QPointF(cx + hw, cy), QPointF(cx, cy + hh), QPointF(cx - hw, cy)]
    )
    p.setPen(pen)
    p.setBrush(fill)
    p.drawPolygon(poly)


def _fade(
    p: QPainter,
    colour: QColor,
    tail: QColor,
    x_from: float,
    x_to: float,
    y: float,
    width: float | None = None,
) -> None:
    """A bar fading from ``colour`` at ``x_from`` to ``tail`` at ``x_to``.

    With ``width``, the ``tail`` colour continues from ``x_to`` to the edge of the
    view on that side (an open end runs on).
    """
    grad = QLinearGradient(QPointF(x_from, 0), QPointF(x_to, 0))
    grad.setColorAt(0.0, colour)
    grad.setColorAt(1.0, tail)
    if width is None:
        left, right = min(x_from, x_to), max(x_from, x_to)
    elif x_to >= x_from:
        left, right = x_from, width + 1
    else:
        left, right = -1.0, x_from
    left, right = max(left, -1.0), min(right, (width or right) + 1)
    if right > left:
        p.fillRect(QRectF(left, y, right - left, MARK_H), QBrush(grad))


_MARK_LEGEND: Final = (
    ("date", "date"),
    ("interval", "interval (solid where certain)"),
    ("hatched", "possible span: vague, ?, ~"),
    ("fading", "open end"),
    ("ghost", "date as a source reported it"),
    ("planned", "planned"),
    ("postponed", "postponed"),
    ("cancelled", "cancelled (struck through)"),
    ("disputed", "disputed"),
    ("density", "too many to label: counts"),
)


def _finite_span(when: When) -> tuple[float, float]:
    """``when``'s span with open ends replaced by a year from the known end."""
    lo, hi = when.lower, when.upper
    if not math.isfinite(lo) and not math.isfinite(hi):
        return 0.0, _YEAR
    if not math.isfinite(lo):
        lo = hi - _YEAR
    if not math.isfinite(hi):
        hi = lo + _YEAR
    return lo, hi
