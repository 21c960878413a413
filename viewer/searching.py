"""The search and filters applied to the window's views: what is shown, highlighted and counted.

:class:`Searching` is a window-level controller between the search and
filter bar (:mod:`viewer.filterbar`, which says which events each keeps) and
the views (:mod:`viewer.views`): the tag and status filters hide events
everywhere; the search keeps the list to its matches and *highlights* them on
the canvas, among the events around them; a new search selects its first
match, F3 / Shift+F3 step through them ("n of m"), and the status bar counts
what is shown ("showing 3 of 15 events").  Exports take what is shown
(:meth:`Searching.shown_timeline`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from timeline.models import Timeline
from viewer.filterbar import FilterBar
from viewer.statusline import StatusLine
from viewer.views import Views

__all__ = ["Searching"]


class Searching(QObject):
    """Applies ``filters`` to ``views`` and counts the result in ``status``."""

    def __init__(self, filters: FilterBar, views: Views, status: StatusLine) -> None:
        super().__init__(views)
        self._filters = filters
        self._views = views
        self._status = status
        filters.changed.connect(self.apply)
        filters.next_requested.connect(self.find_next)
        views.related_requested.connect(self.show_related)

    def slots(self) -> dict[str, Callable[[], object]]:
        """What Find, Find Next, Find Previous and Clear Search and Filters do (by name)."""
        return {
            "find": self._filters.focus_search,
            "find_next": self.find_next,
            "find_previous": self.find_previous,
            "clear_filters": self._filters.clear,
        }

    def fill(self, tl: Timeline | None) -> None:
        """The filters offer the tags and statuses of ``tl`` (the views show it); apply them."""
        self._filters.fill(tl)
        self.apply()

    def apply(self) -> None:
        """Apply the filters and the search to the views; count what is shown."""
        views = self._views
        tl = views.timeline
        shown, ids = self._filters.chosen(tl) if tl is not None else (None, None)
        views.set_filter(shown, ids)
        self._update_matches()
        if tl is None:
            self._status.show_no_count()
            return
        total = len(tl)
        self._status.show_count(total if views.ids is None else len(views.ids), total)

    def _update_matches(self) -> None:
        """The search's matches: highlighted on the canvas, counted "n of m" by the search box."""
        views = self._views
        tl, ids = views.timeline, views.ids
        first = self._filters.count_matches(tl, ids, views.selected_position())
        views.canvas.set_matches(ids if tl is not None and self._filters.searching() else None)
        if first:
            self.find_next(first=True)

    def find_next(self, *, first: bool = False) -> None:
        """Select the next match after the selected event (F3), or the ``first`` one."""
        self._step(+1, first=first)

    def find_previous(self) -> None:
        """Select the match before the selected event (Shift+F3)."""
        self._step(-1)

    def _step(self, direction: int, *, first: bool = False) -> None:
        tl = self._views.timeline
        pos = self._filters.step(direction, self._views.selected_position(), first=first)
        if tl is not None and pos is not None:
            self._views.bring_into_view(tl.events[pos].id)

    def follow_selection(self) -> None:
        """The selected event is the current match if it is one ("2 of 5")."""
        views = self._views
        self._filters.follow(views.selected_position(), loaded=views.timeline is not None)

    def show_related(self, event_id: str) -> None:
        """Bring a related event into view; all filters cleared first if they hide it."""
        ids = self._views.ids
        if ids is not None and event_id not in ids:
            self._filters.clear()
        self._views.bring_into_view(event_id)

    def shown_timeline(self) -> Timeline | None:
        """The events shown (after search and filters): what the exports write."""
        tl, ids = self._views.timeline, self._views.ids
        if tl is None or ids is None:
            return tl
        return tl.subset(ids)  # (links to events left out, and sources, dropped)
