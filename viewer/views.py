"""The four views of one timeline: the event list | the canvas over the overview | the details.

They show the same timeline, in the same zone, with the same filter, and one
selection: an event id shared by the canvas, the list and the details.
:meth:`Views.select` is the one place that changes it, so the views never echo
each other's changes back; :attr:`Views.selected` says it changed.

Which events the filters and the search keep is the filter bar's answer
(:mod:`viewer.filterbar`); the window hands it to :meth:`Views.set_filter`.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QSplitter

from timeline.models import Link, Timeline
from viewer.canvas import TimelineCanvas
from viewer.datasetplan import Unread
from viewer.details import DetailsPanel
from viewer.eventlist import EventList
from viewer.find import Known
from viewer.overview import Density, OverviewStrip
from viewer.sceneparts import Shown

__all__ = ["DETAILS_WIDTH", "Views"]

DETAILS_WIDTH = 320
"""The details pane's width when Show Details opens it from collapsed."""


class Views(QSplitter):
    """The event list, the canvas over the overview strip, the details; one timeline, one selection.

    The middle pane stretches and never collapses.  Until remembered sizes are
    restored, the first show gives the list and the details a quarter each
    (never under 180 px) and the overview its height.
    """

    selected = Signal(str)
    """The selection changed (the event id, "" for none)."""
    related_requested = Signal(str)
    """The details asked for a related event (the window may clear the filters first)."""

    def __init__(self) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self.setObjectName("main-splitter")
        self.canvas = TimelineCanvas()
        self.canvas.setObjectName("canvas")
        self.canvas.setAccessibleName("Timeline")
        self.overview = OverviewStrip()
        self.overview.setObjectName("overview")
        self.overview.setAccessibleName("Overview")
        self.event_list = EventList()
        self.event_list.setTabKeyNavigation(False)  # Tab leaves the list; arrows move in it
        self.details = DetailsPanel()
        self.center = QSplitter(Qt.Orientation.Vertical)
        self.center.setObjectName("center-splitter")
        self.center.addWidget(self.canvas)
        self.center.addWidget(self.overview)
        self.center.setStretchFactor(0, 1)
        self.center.setStretchFactor(1, 0)
        self.center.setCollapsible(0, False)
        self.addWidget(self.event_list)
        self.addWidget(self.center)
        self.addWidget(self.details)
        self.setStretchFactor(0, 0)
        self.setStretchFactor(1, 1)
        self.setStretchFactor(2, 0)
        self.setCollapsible(1, False)
        self.sized = False
        """Whether the panes have their sizes (restored or given at the first show)."""

        self.timeline: Timeline | None = None
        """The timeline shown (``None``: none)."""
        self.selection = ""
        """The selected event's id ("" for none)."""
        self.ids: frozenset[str] | None = None
        """The events the list shows: the filters and the search (``None``: all)."""
        self.shown_ids: frozenset[str] | None = None
        """The events the canvas and the overview show: the filters (``None``: all)."""
        self.view_range: tuple[float, float] | None = None
        """The canvas's visible range, as last reported."""

        self.canvas.selection_changed.connect(self.select)
        self.canvas.view_changed.connect(self._on_view_changed)
        self.overview.range_requested.connect(self.canvas.set_visible_range)
        self.event_list.selection_changed.connect(self.select)
        self.event_list.activated_event.connect(self._on_list_activated)
        self.details.event_requested.connect(self.related_requested)

    # -- panes --------------------------------------------------------------------

    def splitters(self) -> dict[str, QSplitter]:
        """The splitters whose state the window remembers, by key."""
        return {"splitter": self, "center_splitter": self.center}

    def size_once(self) -> None:
        """Give the panes their first sizes, unless they have sizes already."""
        if self.sized:
            return
        self.sized = True
        # list 25 %, timeline 50 %, details 25 % (no side narrower than 180 px)
        width = max(self.width(), 600)
        side = max(180, width // 4)
        self.setSizes([side, width - 2 * side, side])
        height = max(self.center.height(), 200)
        strip = self.overview.sizeHint().height()
        self.center.setSizes([height - strip, strip])

    def show_details(self) -> None:
        """Open the details pane if it is collapsed, and give it the focus."""
        sizes = self.sizes()
        if sizes[2] == 0:
            sizes[2] = DETAILS_WIDTH
            self.setSizes(sizes)
        self.details.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- what is shown ----------------------------------------------------------------

    def set_timeline(self, tl: Timeline, zone: str | None, *, fresh: bool) -> None:
        """Show ``tl`` in ``zone`` (``fresh``: a new timeline, not an edit or a reload)."""
        self.timeline = tl
        self.event_list.set_zone(zone)
        self.details.set_zone(zone)
        with QSignalBlocker(self.canvas):
            self.canvas.set_zone(zone)
            self.canvas.set_timeline(tl, keep_view=not fresh)
        self.overview.set_timeline(tl, zone, self.canvas.scene_model.era_spans())
        self.event_list.set_timeline(tl)

    def settle(self, *, fresh: bool, view: tuple[float, float] | None) -> None:
        """After :meth:`set_timeline` and the filter: the view and the selection.

        A fresh timeline opens at ``view`` (else its story's first view); the
        selection is kept if its event is still there, and every view takes it
        again.
        """
        if fresh:
            if view is not None:
                self.canvas.set_visible_range(*view)
            else:
                self.canvas.show_story()
        self._on_view_changed(*self.canvas.visible_range())
        keep = self.selection if self._shows(self.selection) else ""
        self.selection = "__reload__"  # force every view to take the selection again
        self.select(keep)

    def set_parts(
        self,
        unread: Unread | None,
        outside: Mapping[str, tuple[Link, ...]],
        incoming: Mapping[str, int],
        span: tuple[float, float] | None,
        density: Density | None,
    ) -> None:
        """What a dataset read a window at a time shows besides the events read (before
        :meth:`set_timeline`, for one frame): the events not read on the canvas, the links
        to and from them in the details, the whole dataset's statistics in the overview."""
        self.canvas.set_unread(unread)
        self.details.set_outside(outside, incoming)
        self.overview.set_statistics(span, density)

    def clear(self) -> None:
        """Show no timeline."""
        self.set_parts(None, {}, {}, None, None)
        empty = Timeline("")
        self.timeline = None
        with QSignalBlocker(self.canvas):
            self.canvas.set_timeline(empty)
        self.overview.set_timeline(empty)
        self.event_list.set_timeline(None)
        self.selection = "__reload__"
        self.select("")

    def set_zone(self, zone: str | None) -> None:
        """Every view shows times in ``zone`` (``None``: each event's own)."""
        self.canvas.set_zone(zone)
        tl = self.timeline
        if tl is not None:
            self.overview.set_timeline(tl, zone, self.canvas.scene_model.era_spans())
            start, end = self.canvas.visible_range()
            self.overview.set_visible_range(start, end)
        self.event_list.set_zone(zone)
        self.details.set_zone(zone)

    def set_filter(
        self,
        shown: frozenset[str] | None,
        ids: frozenset[str] | None,
        known: tuple[Known | None, Known | None] = (None, None),
        made: Shown | None = None,
    ) -> None:
        """The canvas and overview show ``shown``, the list ``ids`` (``None``: all);
        ``known``: the positions of each, as the search found them; ``made``: the events of
        ``shown`` as the search made them for the canvas (:class:`viewer.sceneparts.Shown`).

        A selected event the filters hide is no longer selected.
        """
        unchanged = shown is self.shown_ids  # (the same filters: the search changed)
        self.ids = ids
        self.shown_ids = shown
        if not unchanged:  # the canvas keeps its filter across set_timeline
            self.canvas.set_filter(shown, known[0], made)
        self.overview.set_filter(shown, known[0], made)
        self.event_list.set_filter(ids, known[1])
        if self.selection and shown is not None and self.selection not in shown:
            self.select("")

    # -- selection ------------------------------------------------------------------

    def select(self, event_id: str) -> None:
        """The one place that changes the selection; every view follows."""
        tl = self.timeline
        if not self._shows(event_id):
            event_id = ""
        if event_id == self.selection:
            return
        self.selection = event_id
        with QSignalBlocker(self.canvas):
            self.canvas.select_event(event_id or None)
        self.event_list.select_event(event_id or None)
        self.details.show_event(tl, event_id or None)
        self.selected.emit(event_id)

    def selected_position(self) -> int | None:
        """The selected event's position in the timeline (``None``: nothing selected)."""
        tl = self.timeline
        return (
            tl.position(self.selection) if tl is not None and self._shows(self.selection) else None
        )

    def _shows(self, event_id: str) -> bool:
        """True when the timeline shown has the event ``event_id`` (``""``, nothing selected:
        asked of no timeline, whose lookup by id is made on first use, half a second at a
        million events held as columns)."""
        return bool(event_id) and self.timeline is not None and event_id in self.timeline

    def bring_into_view(self, event_id: str) -> None:
        """Select the event and show it: zoomed to it when it is not drawn in the view."""
        self.select(event_id)
        rect = self.canvas.event_rect(event_id)
        if rect is None or not self.canvas.viewport().rect().toRectF().intersects(rect):
            self.canvas.zoom_to_event(event_id)

    def _on_list_activated(self, event_id: str) -> None:
        self.select(event_id)
        self.canvas.zoom_to_event(event_id)

    def _on_view_changed(self, start: float, end: float) -> None:
        self.view_range = (start, end)
        self.overview.set_visible_range(start, end)
