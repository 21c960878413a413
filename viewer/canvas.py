"""The timeline canvas: a custom-painted, zoomable, pannable view of a Timeline.

The canvas is the widget that ties three parts together:

- the scene (:mod:`viewer.scene`, no Qt): what is shown and where each event
  is placed in a view, made lazily and cached;
- the painters (:mod:`viewer.painters`): one per kind of mark, drawing a scene,
  and the canvas's painting and legend (:mod:`viewer.canvaspaint`);
- the input (:mod:`viewer.interaction`): mouse, wheel, keys, selection.

The canvas holds the view (a :class:`~viewer.viewport.Viewport` value,
replaced by every navigation), the selection, the horizontal scrollbar and
the exports.  The legend is a small badge in the axis strip that opens on
click; exported images carry the full legend in a strip of their own.  All
text from the data is drawn as plain text.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import attrs
from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QImage,
    QKeyEvent,
    QPainter,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from timeline.models import Event, Timeline
from timeline.when import When
from viewer.canvaspaint import CanvasPainting, FrameStats, Metrics
from viewer.clock import shift
from viewer.datasetplan import Unread
from viewer.droppreview import DropPreview
from viewer.find import Ids, Known
from viewer.interaction import ZOOM_STEP, Interaction
from viewer.navigation import Navigation
from viewer.queries import SceneQueries
from viewer.scene import AXIS_H, Scene, SceneModel
from viewer.sceneparts import Shown
from viewer.scrollbars import LaneScrollbar, TimeScrollbar
from viewer.style import TagColours
from viewer.viewport import Viewport
from viewer.warmaway import WarmAway

__all__ = ["AXIS_H", "ZOOM_STEP", "FrameStats", "TimelineCanvas"]


class TimelineCanvas(Navigation, CanvasPainting, SceneQueries, QAbstractScrollArea):
    """A zoomable, pannable timeline drawn in one ``paintEvent``.

    (:class:`CanvasPainting` comes before :class:`SceneQueries`, whose ``legend``
    it defines.)
    """

    selection_changed = Signal(str)
    """The selected event's id ("" when none)."""
    view_changed = Signal(float, float)
    """The visible range changed: start and end, seconds."""
    activated = Signal(str)
    """An event was double-clicked or Enter was pressed on it."""
    background_activated = Signal(float)
    """A double-click where there is no event: the time under it (seconds)."""
    event_dropped = Signal(str, object, str)
    """An event was dragged: its id, its new :class:`When`, and ``Move`` or ``Resize``."""
    edit_refused = Signal(str)
    """A drag that cannot be: why (the library's words)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._metrics = Metrics(QFont(self.font()))
        self._model = SceneModel(self._metrics)
        self._colour_table: TagColours | None = None
        self._warm_pending = False
        self._warm_away = WarmAway(self)
        self._warm_away.made.connect(self._warmed_away)
        self._after_paint: list[Callable[[], object]] = []
        self._view = Viewport(0.0, 365.0 * 86400.0, max(1, self.viewport().width()))
        self._selected: str | None = None
        self._matches: frozenset[str] = frozenset()
        self._all_links = False
        self._empty_text = ""
        self._scene_cache: Scene | None = None
        self._legend_visible = False
        self._stats = FrameStats()
        self._drag_enabled: Callable[[], bool] = lambda: False
        self._preview = DropPreview()
        self._input = Interaction(self)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.viewport().setMouseTracking(True)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, False)
        self._time_bar = TimeScrollbar(self.horizontalScrollBar(), self.set_view)
        self._lane_bar = LaneScrollbar(self.verticalScrollBar(), self._lanes_scrolled)
        self.setMinimumSize(200, 120)

    # -- what is shown -----------------------------------------------------------------

    @property
    def frame_stats(self) -> FrameStats:
        """A copy of the statistics of the last painted frame."""
        return attrs.evolve(self._stats)

    def sizeHint(self) -> QSize:
        return QSize(900, 500)

    def set_timeline(self, tl: Timeline, *, keep_view: bool = False) -> None:
        """Show ``tl``; fit it all unless ``keep_view``; keep the selection if it still exists.

        Cost: one pass over the events for their bounds, and a sort; nothing
        per event is made here (see :mod:`viewer.scene`).
        """
        self._colour_table = None
        self._model.set_timeline(tl, follows=keep_view)
        self._shown_changed()
        if not keep_view:
            self.show_story()
        else:
            self._changed()
        if self._selected is not None and self._selected not in tl:
            self._selected = None
            self.selection_changed.emit("")

    def timeline(self) -> Timeline | None:
        return self._model.tl

    def zone(self) -> str | None:
        """The display zone: an IANA name, or ``None`` for each event's own zone."""
        return self._model.zone

    def set_zone(self, zone: str | None) -> None:
        """Show times on the clock of ``zone`` (``None``: each event's own zone).

        Events move to where they are on that clock; the view moves with the
        selected event (else with the moment in the middle), so the same
        moment stays in view and the axis reads the new clock.
        """
        model = self._model
        if zone == model.zone:
            return
        old = model.zone
        tl = model.tl
        model.set_zone(zone)
        if tl is None:
            return
        view = self._view
        chosen = self._selected
        selected = tl[chosen].when if chosen is not None and chosen in tl else None
        moved = shift(selected, (view.start + view.end) / 2, old, zone)
        self._shown_changed()
        self.set_view(Viewport(view.start + moved, view.end + moved, view.width_px))

    def set_unread(self, unread: Unread | None) -> None:
        """A dataset read a window at a time: draw the events not read, counted from its
        files' statistics, where they start (``None``: every event is read)."""
        if unread != self._model.unread:
            self._model.unread = unread
            self._scene_cache = None
            self.viewport().update()

    def set_filter(self, ids: Ids, known: Known | None = None, made: Shown | None = None) -> None:
        """Show only the events with these ids (``None``: all; :meth:`SceneModel.set_filter`)."""
        self._model.set_filter(ids, known, made)
        self._shown_changed()
        if self._selected is not None and not self._model.passes(self._selected):
            self._selected = None
            self.selection_changed.emit("")
        self._changed()

    def set_matches(self, ids: frozenset[str] | None) -> None:
        """Highlight these events (a search's matches; ``None``: none)."""
        matches = frozenset(ids) if ids else frozenset()
        if matches != self._matches:
            self._matches = matches
            self.viewport().update()

    def set_all_links(self, on: bool) -> None:
        """View ▸ Show All Links: every link in view, faint (else only the selected event's)."""
        if on != self._all_links:
            self._all_links = on
            self.viewport().update()

    def all_links(self) -> bool:
        return self._all_links

    def matches(self) -> frozenset[str]:
        """The events highlighted as search matches."""
        return self._matches

    # -- selection -----------------------------------------------------------------------

    def select_event(self, event_id: str | None) -> None:
        """Select an event (``None``: clear), scroll it into view, emit ``selection_changed``."""
        if event_id is not None and not self._model.passes(event_id):
            event_id = None
        if event_id == self._selected:
            return
        self._selected = event_id
        if event_id is not None:
            self._scroll_into_view(event_id)
            self._reveal_lane(event_id)
        self.viewport().update()
        self.selection_changed.emit(event_id or "")

    def selected_event(self) -> str | None:
        return self._selected

    def select_next(self) -> None:
        self._input.step(+1)

    def select_previous(self) -> None:
        self._input.step(-1)

    def select_first(self) -> None:
        self._input.select_rank(0)

    def select_last(self) -> None:
        self._input.select_rank(-1)

    # -- where ---------------------------------------------------------------------------

    def view(self) -> Viewport:
        """The current view."""
        return self._view

    def set_view(self, view: Viewport) -> None:
        """Show ``view`` (every navigation ends here)."""
        if view != self._view:
            self._view = view
            self._changed()

    # -- dragging events (see viewer.eventdrag) ----------------------------------------

    def set_drag_enabled(self, check: Callable[[], bool]) -> None:
        """Events may be dragged while ``check()`` is true (editing is possible)."""
        self._drag_enabled = check

    def drag_enabled(self) -> bool:
        return self._drag_enabled()

    def set_drag_preview(self, event: Event | None, when: When | None, y: float, tip: str) -> None:
        """Show ``event`` moved to ``when`` in the lane at ``y`` (``None``: no preview)."""
        if self._preview.place(self._model, self._view, event, when, y, tip):
            self.viewport().update()

    def drag_preview(self) -> tuple[QRectF, str] | None:
        """Where the dragged event would land (viewport coordinates) and its tooltip's words."""
        return self._preview.where()

    def _paint_preview(self, p: QPainter) -> None:
        self._preview.paint(p, self.palette().color(QPalette.ColorRole.Highlight))

    # -- exports (see viewer.export_image) -------------------------------------------

    def render_image(self, width: int = 2400) -> QImage:
        """The whole timeline (shown events), fitted, with axis, and the legend below it."""
        return _render_image(self, width)

    def render_svg(self, path: str | Path, width: int = 2400) -> None:
        """Write the whole timeline as SVG (vector) to ``path``."""
        _render_svg(self, path, width)

    @property
    def scene_model(self) -> SceneModel:
        """What is shown and where (:mod:`viewer.scene`)."""
        return self._model

    # -- state changes -----------------------------------------------------------------

    def _shown_changed(self) -> None:
        self._scene_cache = None
        self._warm_pending = True

    def _changed(self) -> None:
        self._scene_cache = None
        shown = self._model.shown
        self._time_bar.sync(self._view, None if shown is None else (shown.lo, shown.hi))
        self.viewport().update()
        self.view_changed.emit(self._view.start, self._view.end)

    # -- painting ------------------------------------------------------------------------

    def _scene(self) -> Scene:
        vp = self.viewport()
        width = max(1, vp.width())
        if self._view.width_px != width:
            self._view = self._view.with_width(width)
            self._scene_cache = None
        cached = self._scene_cache
        height = vp.height()
        bar = self._lane_bar
        if (
            cached is None
            or cached.height != height
            or cached.viewport != self._view
            or cached.scroll != bar.offset
        ):
            cached = self._model.build(self._view, height, bar.offset)
            if bar.sync(cached.content_height, height, cached.geometry.lane_h):
                cached = self._model.build(self._view, height, bar.offset)
            self._scene_cache = cached
        return cached

    def _reveal_lane(self, event_id: str) -> None:
        """Scroll the lanes so that the event's lane shows (its first, when in several bands)."""
        tl = self._model.tl
        if tl is None or event_id not in tl:
            return
        pos = tl.position(event_id)
        everything = self._model.build(self._view, 1 << 24)  # unscrolled, every lane placed
        lane_h = everything.geometry.lane_h
        for placed in everything.items:
            if placed.pos == pos:
                self._scene()  # the bar knows how tall the lanes are
                top = placed.y - everything.lanes_top
                room = self.viewport().height() - everything.lanes_top
                self._lane_bar.reveal(top, top + lane_h, room)
                return

    def set_group_by(self, key: str | None) -> None:
        """Rows by group (``tag``, ``status``, ``source``, ``place``) or all together (``None``).

        Each group is a labelled band with its own packed lanes.
        """
        if key != self._model.group_key:
            self._model.set_group(key)
            self._lane_bar.offset = 0.0
            self._changed()

    def group_by(self) -> str | None:
        """What the rows are grouped by (``None``: not grouped)."""
        return self._model.group_key

    def _lanes_scrolled(self, offset: float) -> None:
        self._scene_cache = None
        self.viewport().update()

    def scroll_lanes(self, dy: float) -> None:
        """Scroll the lanes up or down by ``dy`` pixels (positive: to the lanes below)."""
        self._scene()  # the bar knows how tall the lanes are
        self._lane_bar.scroll_by(dy)

    # -- input (see viewer.interaction) ----------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._metrics = Metrics(QFont(self.font()))
            self._model.forget_drawing(self._metrics)  # label widths, hence lanes, follow
            self._scene_cache = None
            self.viewport().update()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        width = max(1, self.viewport().width())
        if width != self._view.width_px:
            self._view = self._view.with_width(width)
            self._changed()

    def viewportEvent(self, event: QEvent) -> bool:
        handler = getattr(self, "_input", None)  # events arrive while __init__ runs
        return (handler is not None and handler.handle(event)) or super().viewportEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._input.key(event):
            super().keyPressEvent(event)


# (viewer.export_image imported on first use: the launch does not need it)


def _render_image(canvas: TimelineCanvas, width: int) -> QImage:
    from viewer.export_image import render_image

    return render_image(canvas, width)


def _render_svg(canvas: TimelineCanvas, path: str | Path, width: int) -> None:
    from viewer.export_image import render_svg

    render_svg(canvas, path, width)
