"""The timeline canvas: a custom-painted, zoomable, pannable view of a Timeline.

Three things are kept apart:

1. *What is shown*: the :class:`~timeline.models.Timeline`; per timeline
   (and filter) only flat arrays are made up front: the events' bounds, in
   chronological order and sorted (for counting in O(log n)), and a span
   index.  Everything per event is made lazily, for events near the view,
   and cached by position: the drawing facts (:class:`_Info`), elided
   labels, and lanes (:class:`viewer.lanes.LocalLanes`, chunk by chunk).
2. *Where*: a :class:`~viewer.viewport.Viewport` value; navigation replaces it.
3. *How*: :meth:`TimelineCanvas._scene` places the visible events (found
   with the span index, O(log n + k)) and ``_paint`` draws that scene.  Hit
   testing and :meth:`TimelineCanvas.event_rect` use the same scene.

When more events are in view than can be drawn legibly, the canvas draws a
density histogram counted by bisection (O(width log n)), never by walking
every event.  The legend is a small badge in the axis strip that opens on
click; exported images carry the full legend in a strip of their own.  All
text from the data is drawn as plain text.
"""

from __future__ import annotations

import itertools
import math
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from operator import attrgetter
from pathlib import Path
from typing import Final, NamedTuple

import attrs
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, QTimer, Signal
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

from timeline.days import local_bounds
from timeline.index import SpanIndex
from timeline.models import Event, Status, Timeline
from timeline.when import EndKind, Kind, Precision, When
from viewer.clock import shift
from viewer.lanes import LaneFacts, LocalLanes
from viewer.style import STATUS_STYLES, StatusStyle, TagColours, mix
from viewer.text import TOOLTIP_MAX_CHARS, plain_tooltip
from viewer.ticks import ticks
from viewer.viewport import EventBounds, Viewport, finite_extent

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
MAX_LABEL_CHARS: Final = 44
"""Labels are elided to about this many average characters (the tooltip has the rest)."""
HALO: Final = 2.6 * LEAD
"""Half width of the hatched halo of an imprecise day."""
LANE_GAP: Final = 10.0
"""Room between two items of a lane."""
LANE_CAP: Final = 96
"""Lanes laid out at most; further events are counted in the overflow band."""
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
    laid_out: int = 0
    """Events the lane layout has looked at since the timeline (or filter) was set."""


class _Info(NamedTuple):
    """Drawing facts of one event, computed once per timeline."""

    id: str
    title: str
    label: str
    """Title with qualifier marks and status suffix."""
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
        """Where the mark and label start from: the middle of a marker, else the start."""
        return self.mid if self.shape == "point" or self.halo else self.lower


def _finite(x: float, default: float) -> float:
    return x if math.isfinite(x) else default


def _info(event: Event, zone: str | None) -> _Info:
    """How ``event`` is drawn, on the clock of the display ``zone`` (``None``: its own)."""
    when = event.when
    style = STATUS_STYLES.get(event.status, STATUS_STYLES[Status.HAPPENED])
    marks = ("?" if when.uncertain else "") + ("~" if when.approximate else "")
    label = event.title + (f" {marks}" if marks else "") + style.suffix
    lower, upper = local_bounds(when, zone)
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
        s_lo, s_hi = local_bounds(s, zone) if s is not None else (math.inf, math.inf)
        e_lo, e_hi = local_bounds(e, zone) if e is not None else (-math.inf, -math.inf)
        c_lo = (s_lo if s.is_exact else s_hi) if s is not None else math.inf
        c_hi = (e_hi if e.is_exact else e_lo) if e is not None else -math.inf
        if s is None and e is not None:
            c_lo = e_lo if e.is_exact else e_hi
        if e is None and s is not None:
            c_hi = s_hi if s.is_exact else s_lo
        if c_lo < c_hi:
            core = (c_lo, c_hi)
        mid = (_finite(lower, upper) + _finite(upper, lower)) / 2
    else:
        shape = "set"
        choices = tuple(sum(local_bounds(c, zone)) / 2 for c in when.choices)
        one_of = when.edtf.startswith("[")
        mid = (_finite(lower, upper) + _finite(upper, lower)) / 2
    ghost = _ghost(event, zone)
    return _Info(
        id=event.id,
        title=event.title,
        label=label,
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
        hatch=_hatch(when, zone),
    )


def _ghost(event: Event, zone: str | None) -> tuple[float, float, str] | None:
    """The span of the first report that disagrees with the event's date, and its source."""
    for citation in event.sources:
        if citation.reported is not None and citation.disagrees_with(event.when):
            lo, hi = local_bounds(citation.reported, zone)
            return lo, hi, citation.source
    return None


def _hatch(when: When, zone: str | None) -> tuple[float, float]:
    lo, hi = local_bounds(when, zone)
    if when.kind is Kind.INTERVAL:
        if when.start is None and when.end is not None:
            lo = local_bounds(when.end, zone)[0]
        if when.end is None and when.start is not None:
            hi = local_bounds(when.start, zone)[1]
    elif when.kind is Kind.SET and when.choices:
        members = [local_bounds(c, zone) for c in when.choices]
        first = min(b[0] for b in members)
        lo = min(lo, first) if math.isfinite(lo) else first
        hi = max(b[1] for b in members) if not math.isfinite(hi) else hi
    return lo, hi


_ELIDE_RIGHT: Final = Qt.TextElideMode.ElideRight


def _elided(text: str, fm: QFontMetricsF, widest: float) -> tuple[str, float]:
    """``text`` elided to ``widest`` pixels, and the width it takes (rounded up, plus 1)."""
    width = fm.horizontalAdvance(text)
    if width > widest:
        text = fm.elidedText(text, _ELIDE_RIGHT, widest)
        width = fm.horizontalAdvance(text)
    return text, math.ceil(width) + 1.0


def _ghost_label(source: str) -> str:
    return f"as reported by {source}"


def _tags_by_use(tl: Timeline) -> list[str]:
    """:meth:`Timeline.tags` (most used first, then by name), counted at C speed."""
    counts = Counter(itertools.chain.from_iterable(map(attrgetter("tags"), tl.events)))
    return sorted(counts, key=lambda tag: (-counts[tag], tag))


class _Shown:
    """The events passing the filter: flat arrays for counting, an index, lanes made lazily.

    ``bounds`` are the events' bounds (on the display zone's clock) by rank;
    ``lowers`` and ``uppers`` the same, each sorted, for counting.
    """

    def __init__(
        self, tl: Timeline, bounds: EventBounds, ids: frozenset[str] | None, zone: str | None
    ) -> None:
        self.positions: Sequence[int]
        lowers, uppers = bounds.lowers, bounds.uppers
        if ids is None:
            self.positions = range(len(tl.events))
            self.index = tl.index_in(zone)
            self.lowers = bounds.sorted_lowers
            self.bounds = (lowers, uppers)
            self.uppers = bounds.sorted_uppers
            self.lo, self.hi = bounds.lo, bounds.hi
        else:
            keep = map(ids.__contains__, map(attrgetter("id"), tl.events))
            self.positions = list(itertools.compress(range(len(tl.events)), keep))
            sub = (
                array("d", [lowers[p] for p in self.positions]),
                array("d", [uppers[p] for p in self.positions]),
            )
            self.index = SpanIndex(*sub)
            self.lowers = array("d", sorted(sub[0]))
            self.bounds = sub
            self.uppers = array("d", sorted(sub[1]))
            self.lo, self.hi = finite_extent(self.lowers, self.uppers)
        self.lanes: LocalLanes | None = None

    def rank(self, pos: int) -> int | None:
        """The rank of the event at ``pos`` among the shown (``None``: filtered out)."""
        positions = self.positions
        if isinstance(positions, range):
            return pos if 0 <= pos < len(positions) else None
        r = bisect_left(positions, pos)
        return r if r < len(positions) and positions[r] == pos else None

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
        self._zone: str | None = None
        self._bounds: EventBounds | None = None
        self._infos: dict[int, _Info] = {}
        self._facts: dict[int, LaneFacts] = {}
        self._ghost_spans: dict[int, tuple[float, float]] | None = None
        self._filter: frozenset[str] | None = None
        self._shown: _Shown | None = None
        self._colour_table: TagColours | None = None
        self._warm_pending = False
        self._view = Viewport(0.0, 365.0 * 86400.0, max(1, self.viewport().width()))
        self._selected: str | None = None
        self._scene_cache: _Scene | None = None
        self._labels: dict[int, tuple[str, float]] = {}
        self._fonts: tuple[QFontMetricsF, QFontMetricsF, float] | None = None
        self._press: QPointF | None = None
        self._press_view: Viewport | None = None
        self._dragging = False
        self._legend_press = False
        self._syncing = False
        self._legend_visible = False
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
        """Show ``tl``; fit it all unless ``keep_view``; keep the selection if it still exists.

        Cost: one pass over the events for their bounds, and a sort; nothing
        per event is made here (see the module docstring).
        """
        self._tl = tl
        self._bounds = EventBounds.of(tl, self._zone)
        self._colour_table = None
        self._ghost_spans = None
        self._forget_drawing()
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

    def zone(self) -> str | None:
        """The display zone: an IANA name, or ``None`` for each event's own zone."""
        return self._zone

    def set_zone(self, zone: str | None) -> None:
        """Show times on the clock of ``zone`` (``None``: each event's own zone).

        Events move to where they are on that clock; the view moves with the
        selected event (else with the moment in the middle), so the same
        moment stays in view and the axis reads the new clock.
        """
        if zone == self._zone:
            return
        old, self._zone = self._zone, zone
        if self._tl is None:
            return
        view = self._view
        chosen = self._selected
        selected = self._tl[chosen].when if chosen is not None and chosen in self._tl else None
        moved = shift(selected, (view.start + view.end) / 2, old, zone)
        self._bounds = EventBounds.of(self._tl, zone)
        self._ghost_spans = None
        self._forget_drawing()
        self._rebuild_shown()
        self._set_view(Viewport(view.start + moved, view.end + moved, view.width_px))

    def axis_labels(self) -> list[str]:
        """The labels the axis shows for the current view (for tests and accessibility)."""
        return [t.label for t in ticks(self._view, min_label_px=80) if t.label]

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
        if self._tl is not None and self._shown and self._shown.positions:
            self.select_event(self._tl.events[self._shown.positions[0]].id)

    def select_last(self) -> None:
        if self._tl is not None and self._shown and self._shown.positions:
            self.select_event(self._tl.events[self._shown.positions[-1]].id)

    def fit_all(self) -> None:
        """Show every event passing the filter."""
        shown = self._shown
        if shown is None or math.isnan(shown.lo):
            return
        self._set_view(self._fitted_all(self._view, 0.05))

    def _fitted_all(self, view: Viewport, margin: float) -> Viewport:
        """``view`` fitted to the shown events, with room for the labels of the last ones."""
        shown = self._shown
        if shown is None or math.isnan(shown.lo):
            return view
        lo, hi = shown.lo, shown.hi
        if hi - lo < 86400.0:
            lo, hi = lo - 43200.0, hi + 43200.0
        view = view.fitted(lo, hi, margin)
        width = view.width_px
        n = len(shown.positions)
        if n > width * DENSITY_PER_PX:
            return view  # counted, not labelled, at this scale
        for r in range(max(0, n - 8), n):  # the latest starts: their labels run furthest
            pos = shown.positions[r]
            anchor = self._info(pos).anchor
            room = self._label(pos)[1] + 2 * LEAD
            if math.isfinite(anchor) and room < width * 0.5 and view.x_for(anchor) + room > width:
                span = (anchor - view.start) * width / (width - room)
                view = Viewport(view.start, view.start + span, width)
        return view

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
        lo, hi = _finite_span(when, self._zone)
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
        if self._tl is None:
            return None
        events = self._tl.events
        for placed in scene.items:
            if events[placed.pos].id == event_id:
                return QRectF(placed.mark)
        return None

    def event_at(self, pos: QPointF) -> str | None:
        """The id of the event whose mark or label is at ``pos`` (viewport coordinates)."""
        placed = self._hit(pos)
        return None if placed is None or self._tl is None else self._tl.events[placed.pos].id

    def tooltip_at(self, pos: QPointF) -> str:
        """The tooltip shown at ``pos``: rich text with the data escaped ("" if none)."""
        if self.legend_badge_rect().contains(pos):
            return "What the marks and colours mean: click to " + (
                "close" if self._legend_visible else "open"
            )
        placed = self._hit(pos)
        if placed is None or self._tl is None:
            return ""
        return self._tooltip(self._tl.events[placed.pos])

    def set_legend_visible(self, visible: bool) -> None:
        """Open (``True``) or close the legend panel; closed, it is a small badge in the axis."""
        if visible != self._legend_visible:
            self._legend_visible = visible
            self.viewport().update()

    def legend_visible(self) -> bool:
        """True when the legend panel is open (it opens and closes with a click on its badge)."""
        return self._legend_visible

    def legend_badge_rect(self) -> QRectF:
        """Where the legend's badge is (viewport coordinates), at the right of the axis strip."""
        fm = QFontMetricsF(self.font())
        w = fm.horizontalAdvance(_BADGE_OPEN) + 14
        return QRectF(self.viewport().width() - w - 4, 2, w, max(15.0, fm.height() + 2))

    def legend_items(self) -> list[tuple[str, str]]:
        """What the legend explains: ``(label, kind)``; kind is ``tag`` or ``mark``."""
        items = [(tag, "tag") for tag, _ in self._colours.legend()]
        return items + [(text, "mark") for _, text in _MARK_LEGEND]

    def render_image(self, width: int = 2400) -> QImage:
        """The whole timeline (shown events), fitted, with axis, and the legend below it."""
        width = max(200, int(width))
        vp = self._export_view(width)
        scene, legend_h = self._export_scene(vp)
        image = QImage(width, scene.height + legend_h, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(self.palette().color(QPalette.ColorRole.Base))
        painter = QPainter(image)
        try:
            self._paint(painter, scene, legend="strip")
        finally:
            painter.end()
        return image

    def render_svg(self, path: str | Path, width: int = 2400) -> None:
        """Write the whole timeline as SVG (vector) to ``path``."""
        from PySide6.QtSvg import QSvgGenerator

        width = max(200, int(width))
        vp = self._export_view(width)
        scene, legend_h = self._export_scene(vp)
        height = scene.height + legend_h
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
            self._paint(painter, scene, legend="strip")
        finally:
            painter.end()

    # -- state changes ------------------------------------------------------------

    def _passes(self, event_id: str) -> bool:
        return (
            self._tl is not None
            and event_id in self._tl
            and (self._filter is None or event_id in self._filter)
        )

    def _metrics(self) -> tuple[QFontMetricsF, QFontMetricsF, float]:
        """Metrics of the font and of the small font, and the widest label (per font)."""
        if self._fonts is None:
            fm = QFontMetricsF(self.font())
            sample = "Abcdefghijklmnopqrstuvwxyz 0123456789"
            widest = max(60.0, fm.horizontalAdvance(sample) / len(sample) * MAX_LABEL_CHARS)
            self._fonts = (fm, QFontMetricsF(self._small_font()), widest)
        return self._fonts

    def _max_label_px(self) -> float:
        return self._metrics()[2]

    def _rebuild_shown(self) -> None:
        if self._tl is None or self._bounds is None:
            self._shown = None
        else:
            self._shown = _Shown(self._tl, self._bounds, self._filter, self._zone)
        self._scene_cache = None
        self._warm_pending = True

    def _forget_drawing(self) -> None:
        """Drop what was made per event (labels and lanes depend on the font)."""
        self._infos = {}
        self._facts = {}
        self._labels = {}
        self._fonts = None
        if self._shown is not None:
            self._shown.lanes = None
        self._scene_cache = None

    @property
    def _colours(self) -> TagColours:
        """Tag colours, made on first use (counting every event's tags)."""
        if self._colour_table is None:
            self._colour_table = TagColours(_tags_by_use(self._tl) if self._tl else [])
        return self._colour_table

    def _info(self, pos: int) -> _Info:
        found = self._infos.get(pos)
        if found is None:
            assert self._tl is not None
            event = self._tl.events[pos]
            found = self._infos[pos] = _info(event, self._zone)
        return found

    def _ghosts(self) -> dict[int, tuple[float, float]]:
        """Reported spans that disagree, by position: only the ~10% of events citing sources."""
        if self._ghost_spans is None:
            found: dict[int, tuple[float, float]] = {}
            if self._tl is not None:
                events = self._tl.events
                cited = map(attrgetter("sources"), events)
                for pos in itertools.compress(range(len(events)), cited):
                    ghost = _ghost(events[pos], self._zone)
                    if ghost is not None:
                        found[pos] = (ghost[0], ghost[1])
            self._ghost_spans = found
        return self._ghost_spans

    def _lane_facts(self, pos: int) -> LaneFacts:
        """How the event at ``pos`` is drawn around its span, for the lane layout."""
        found = self._facts.get(pos)
        if found is None:
            info = self._info(pos)
            room = self._label(pos)[1]
            shape = info.shape
            if shape == "point" or info.halo:
                anchor, half, dx = info.mid, HALO if info.halo else LEAD, -LEAD
            elif shape == "vague":  # narrow: a marker around the middle, at most LEAD in
                anchor, half, dx = info.lower, 2 * LEAD, 0.0
            else:
                anchor, half, dx = info.lower, LEAD, 0.0
            if info.ghost is None:
                found = LaneFacts(anchor, half, dx, room)
            else:
                tail = 4.0 + self._ghost_label(pos)[1]
                found = LaneFacts(anchor, half, dx, room, info.ghost[1], tail)
            self._facts[pos] = found
        return found

    def _lanes(self, shown: _Shown) -> LocalLanes:
        """The lane layout of the shown events (made on first use: bounds with ghosts)."""
        if shown.lanes is None:
            starts = array("d", shown.bounds[0])
            ends = array("d", shown.bounds[1])
            for pos, (g_lo, g_hi) in self._ghosts().items():
                r = shown.rank(pos)
                if r is not None:
                    starts[r] = min(starts[r], g_lo)
                    ends[r] = max(ends[r], g_hi)
            positions = shown.positions
            facts = self._lane_facts
            shown.lanes = LocalLanes(
                starts,
                ends,
                lambda r: facts(positions[r]),
                max_label_px=self._max_label_px(),
                max_half_px=HALO,
                gap_px=LANE_GAP,
                cap=LANE_CAP,
            )
        return shown.lanes

    def _warm(self) -> None:
        """Make, while idle after a paint, what the first zoomed-in frame needs.

        One step per call (tag colours, reported spans, the lane index: each a
        pass over the events, tens of ms at 100k), so input is handled between.
        """
        shown = self._shown
        if self._tl is None or shown is None or not shown.positions:
            return
        if self._colour_table is None:
            self._colours  # noqa: B018 -- made on first use
        elif self._ghost_spans is None:
            self._ghosts()
        elif shown.lanes is None:
            self._lanes(shown)
        else:
            return
        QTimer.singleShot(0, self, self._warm)

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
        lo, hi = _finite_span(when, self._zone)
        self._set_view(self._view.fitted(lo, hi, margin))

    def _scroll_into_view(self, event_id: str) -> None:
        assert self._tl is not None
        lo, hi = _finite_span(self._tl[event_id].when, self._zone)
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
        rank = shown.rank(pos)
        if rank is None:
            return
        rank = min(max(rank + step, 0), len(shown.positions) - 1)
        self.select_event(self._tl.events[shown.positions[rank]].id)

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
        lanes = self._lanes(shown).lanes(ranks, view.seconds_per_px)
        positions = shown.positions
        width = view.width_px
        scale = width / (hi - lo)
        items: list[_Placed] = []
        overflow: list[int] = []
        for r, lane in zip(ranks, lanes, strict=True):
            pos = positions[r]
            if lane >= max_lanes:
                overflow.append(pos)
                continue
            info = self._info(pos)
            y = TOP + lane * LANE_H
            if info.shape == "point" or (info.shape == "vague" and info.halo):
                xm = (info.mid - lo) * scale
                mark = QRectF(xm - LEAD, y + MARK_Y, 2 * LEAD, MARK_H)
                label_x = xm - LEAD
            else:
                x0, x1 = (info.lower - lo) * scale, (info.upper - lo) * scale  # may be infinite
                if x1 - x0 < 2 * LEAD and info.shape == "vague":
                    xm = (x0 + x1) / 2
                    x0, x1 = xm - LEAD, xm + LEAD
                x1 = max(x1, x0 + 2.0)
                # The label stays in view, inside the room the layout gave: the span, or
                # the label's width from the start.
                room = self._label(pos)[1]
                label_x = min(max(x0, 0.0), max(x0, x1 - room))
                c0 = min(max(x0, -50.0), width + 50.0)
                c1 = max(min(max(x1, -50.0), width + 50.0), c0 + 2.0)
                mark = QRectF(c0, y + MARK_Y, c1 - c0, MARK_H)
            items.append(_Placed(pos, lane, y, mark, label_x))
        return _Scene(view, height, "events", items, overflow, len(ranks), max_lanes)

    def _label(self, pos: int) -> tuple[str, float]:
        """The event's label, elided if longer than the largest room, and its width."""
        found = self._labels.get(pos)
        if found is None:
            found = self._labels[pos] = _elided(self._info(pos).label, *self._metrics()[::2])
        return found

    def _small_font(self) -> QFont:
        small = QFont(self.font())
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.8))
        return small

    def _ghost_label(self, pos: int) -> tuple[str, float]:
        """The label of the event's ghost (small font), elided like labels, and its width."""
        key = -1 - pos
        found = self._labels.get(key)
        if found is None:
            ghost = self._info(pos).ghost
            _, small, widest = self._metrics()
            found = _elided(_ghost_label(ghost[2]) if ghost else "", small, widest)
            self._labels[key] = found
        return found

    def _hit(self, pos: QPointF) -> _Placed | None:
        if self._on_legend(pos):
            return None
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
            self._paint(painter, scene, legend="panel" if self._legend_visible else "badge")
        finally:
            painter.end()
        stats = self._stats
        stats.paints += 1
        stats.events_touched = scene.touched
        stats.drawn = len(scene.items)
        stats.mode = scene.mode
        stats.overflow = len(scene.overflow)
        shown = self._shown
        stats.laid_out = shown.lanes.placed if shown is not None and shown.lanes else 0
        if self._warm_pending:
            self._warm_pending = False
            QTimer.singleShot(0, self, self._warm)

    def _paint(self, p: QPainter, scene: _Scene, *, legend: str) -> None:
        """Draw ``scene``; ``legend`` is ``badge``, ``panel`` (open) or ``strip`` (exports)."""
        # Axis-aligned shapes are drawn without antialiasing (crisp, and the raster
        # engine's fast path); diamonds switch it on.
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.Text)
        base = pal.color(QPalette.ColorRole.Base)
        limit = scene.viewport.width_px if legend == "strip" else self.legend_badge_rect().left()
        self._paint_axis(p, scene, text, base, limit - 4)
        if scene.mode == "density":
            self._paint_density(p, scene, text, base)
        elif scene.mode == "events":
            self._paint_events(p, scene, text, base, pal.color(QPalette.ColorRole.Highlight))
            if scene.overflow:
                self._paint_overflow(p, scene, text, base)
        if legend == "strip":
            self._paint_legend_strip(p, scene, text, base)
        else:
            self._paint_badge(p, scene, text, base, open_=legend == "panel")
            if legend == "panel":
                self._paint_legend(p, scene, text, base)

    def _paint_axis(
        self, p: QPainter, scene: _Scene, text: QColor, base: QColor, limit: float
    ) -> None:
        """The axis; context (major) labels stop short of ``limit`` (the legend badge)."""
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
                if x + w > limit:
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
        font = QFont(self.font())
        strike = QFont(font)
        strike.setStrikeOut(True)
        small = self._small_font()
        text_pen = QPen(text)
        ghost_text = QPen(mix(base, text, 0.65))
        aa = QPainter.RenderHint.Antialiasing
        no_brush = Qt.BrushStyle.NoBrush
        p.setFont(font)
        current_font = font
        colours = self._colours
        assert self._tl is not None
        events = self._tl.events
        for placed in scene.items:
            info = self._info(placed.pos)
            sw = _swatch(colours.colour(events[placed.pos].tags), base)
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
                for kind, anchor, direction in (
                    (info.end_open, info.hatch[1], 1.0),
                    (info.start_open, info.hatch[0], -1.0),
                ):
                    if kind is EndKind.KNOWN:
                        continue
                    kx = (anchor - lo) * scale
                    is_open = kind is EndKind.OPEN
                    _fade(
                        p,
                        colour if st.filled else sw.faded,
                        sw.faded if is_open else base,
                        kx,
                        kx + direction * (240.0 if is_open else 60.0),
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
                p.drawText(
                    QPointF(g1 + 4, y + GHOST_Y + GHOST_H + 1), self._ghost_label(placed.pos)[0]
                )
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
            info = self._info(pos)
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

    def _legend_rows(self) -> list[tuple[str, str, QColor]]:
        """``(label, sample kind, colour)`` of every legend entry: tags, then marks."""
        tags = self._colours.legend()
        rows: list[tuple[str, str, QColor]] = [(tag[:24], "tag", colour) for tag, colour in tags]
        sample = QColor("#0072B2") if not tags else tags[0][1]
        return rows + [(text, key, sample) for key, text in _MARK_LEGEND]

    def _legend_panel_rect(self) -> QRectF:
        fm = QFontMetricsF(self.font())
        row = max(14.0, fm.height() + 1)
        rows = self._legend_rows()
        width = 36 + max(fm.horizontalAdvance(r[0]) for r in rows) + 10
        badge = self.legend_badge_rect()
        return QRectF(badge.right() - width, AXIS_H + 2, width, row * len(rows) + 10)

    def _paint_badge(
        self, p: QPainter, scene: _Scene, text: QColor, base: QColor, *, open_: bool
    ) -> None:
        """The legend's badge, at the right end of the axis strip (kept clear of tick labels)."""
        box = self.legend_badge_rect()
        p.setPen(QPen(mix(base, text, 0.35), 1))
        p.setBrush(mix(base, text, 0.12 if open_ else 0.05))
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.setFont(self.font())
        p.setPen(QPen(text))
        p.drawText(box, int(Qt.AlignmentFlag.AlignCenter), _BADGE_OPEN if open_ else _BADGE_CLOSED)

    def _paint_legend(self, p: QPainter, scene: _Scene, text: QColor, base: QColor) -> None:
        """The open legend: a panel under the badge, over the events until closed."""
        box = self._legend_panel_rect()
        fm = QFontMetricsF(self.font())
        row = max(14.0, fm.height() + 1)
        p.setPen(QPen(mix(base, text, 0.3), 1))
        p.setBrush(base)
        p.drawRoundedRect(box, 4, 4)
        p.setFont(self.font())
        y = box.top() + 5
        for label, kind, colour in self._legend_rows():
            sx = box.left() + 8
            sr = QRectF(sx, y + row / 2 - 5, 22, 10)
            self._legend_sample(p, kind, sr, colour, base)
            p.setPen(QPen(text))
            p.drawText(QPointF(sx + 28, y + row - 4), label)
            y += row

    def _legend_flow(self, width: float) -> tuple[list[tuple[float, float, int]], float]:
        """Where each legend entry goes in a strip ``width`` wide: ``(x, y, row)``, height."""
        fm = QFontMetricsF(self.font())
        row_h = max(16.0, fm.height() + 4)
        x, y, places = 8.0, 8.0, []
        for label, _, _ in self._legend_rows():
            w = 28 + fm.horizontalAdvance(label) + 18
            if x > 8.0 and x + w > width - 8:
                x, y = 8.0, y + row_h
            places.append((x, y, 0))
            x += w
        return places, y + row_h + 6

    def _paint_legend_strip(self, p: QPainter, scene: _Scene, text: QColor, base: QColor) -> None:
        """The full legend in a strip of its own under the events (exports)."""
        top = float(scene.height)
        width = scene.viewport.width_px
        p.setPen(QPen(mix(base, text, 0.3), 1))
        p.drawLine(QPointF(0, top + 0.5), QPointF(width, top + 0.5))
        fm = QFontMetricsF(self.font())
        row_h = max(16.0, fm.height() + 4)
        places, _ = self._legend_flow(width)
        p.setFont(self.font())
        for (x, y, _), (label, kind, colour) in zip(places, self._legend_rows(), strict=True):
            self._legend_sample(p, kind, QRectF(x, top + y + row_h / 2 - 5, 22, 10), colour, base)
            p.setPen(QPen(text))
            p.drawText(QPointF(x + 28, top + y + row_h / 2 + fm.ascent() / 2 - 1), label)

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
        return self._fitted_all(Viewport(self._view.start, self._view.end, width), 0.03)

    def _export_scene(self, vp: Viewport) -> tuple[_Scene, int]:
        """The scene of an export (tall enough for every lane, up to 60) and the legend's height."""
        tall = self._build_scene(vp, TOP + 60 * LANE_H + OVERFLOW_H)
        lanes = max((placed.lane for placed in tall.items), default=0) + 1
        height = int(TOP + lanes * LANE_H + OVERFLOW_H + 12)
        if tall.mode == "density":
            height = max(height, 240)
        _, legend_h = self._legend_flow(vp.width_px)
        return self._build_scene(vp, height), math.ceil(legend_h)

    # -- interaction ---------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._forget_drawing()  # label widths, hence lanes, follow the font
            self.viewport().update()
        super().changeEvent(event)

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
        if event.button() == Qt.MouseButton.LeftButton and self._on_legend(event.position()):
            self._legend_press = True  # toggled on release, over the legend, like a button
            event.accept()
            return
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position()
            self._press_view = self._view
            self._dragging = False
            event.accept()
            return
        super().mousePressEvent(event)

    def _on_legend(self, pos: QPointF) -> bool:
        """True on the legend's badge, or on its panel when open (a click there toggles it)."""
        return self.legend_badge_rect().contains(pos) or (
            self._legend_visible and self._legend_panel_rect().contains(pos)
        )

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None:
            if self._on_legend(event.position()):
                self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
            else:
                self.viewport().unsetCursor()
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
        if event.button() == Qt.MouseButton.LeftButton and self._legend_press:
            self._legend_press = False
            if self._on_legend(event.position()):
                self.set_legend_visible(not self._legend_visible)
            event.accept()
            return
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
        if event.button() == Qt.MouseButton.LeftButton and self._on_legend(event.position()):
            self._legend_press = True  # the second click of a double click
            event.accept()
            return
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
            self.set_legend_visible(False)
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
        # each line cut short: a 10,000-character title must not make a huge tooltip
        return plain_tooltip("\n".join(_cut(line) for line in lines), limit=2000)


def _cut(line: str) -> str:
    return line if len(line) <= TOOLTIP_MAX_CHARS else line[: TOOLTIP_MAX_CHARS - 1] + "…"


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


_BADGE_CLOSED: Final = "Legend ▸"
_BADGE_OPEN: Final = "Legend ▾"


def _finite_span(when: When, zone: str | None) -> tuple[float, float]:
    """``when``'s span on ``zone``'s clock, open ends replaced by a year from the known end."""
    lo, hi = local_bounds(when, zone)
    if not math.isfinite(lo) and not math.isfinite(hi):
        return 0.0, _YEAR
    if not math.isfinite(lo):
        lo = hi - _YEAR
    if not math.isfinite(hi):
        hi = lo + _YEAR
    return lo, hi
