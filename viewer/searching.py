"""The search and filters applied to the window's views: what is shown, highlighted and counted.

:class:`Searching` is a window-level controller between the search and
filter bar (:mod:`viewer.filterbar`, which says which events each keeps) and
the views (:mod:`viewer.views`): the tag and status filters hide events
everywhere; the search keeps the list to its matches and *highlights* them on
the canvas, among the events around them; a new search selects its first
match, F3 / Shift+F3 step through them ("n of m"), and the status bar counts
what is shown ("showing 3 of 15 events").  Exports take what is shown
(:meth:`Searching.shown_timeline`).

What the filters and the search keep is worked out by
:func:`viewer.searchwork.find`: for a big timeline (:data:`SEARCH_ON_WORKER_FROM`
events) on a worker thread (:class:`viewer.searchjob.SearchJobs`), so that typing
never freezes the window: the previous answer stays shown, the bar says
"Searching…", and an answer is applied only if it is still for the query asked and
the timeline shown.  Clearing every filter is applied at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from PySide6.QtCore import QObject, Signal

from timeline.columns import brief
from timeline.models import Timeline
from viewer.filterbar import FilterBar
from viewer.searchjob import SearchJobs
from viewer.searchwork import Found, Query, find
from viewer.statusline import StatusLine
from viewer.views import Views

__all__ = ["SEARCH_ON_WORKER_FROM", "Searching"]

SEARCH_ON_WORKER_FROM: Final = 20_000
"""A timeline of this many events or more is searched on a worker thread (at 100k events a
search takes about 0.1 s, at a million over 1 s); a smaller one at once, on the GUI thread
(a few milliseconds: its answer is shown before the next key press)."""


class Searching(QObject):
    """Applies ``filters`` to ``views`` and counts the result in ``status``.

    :attr:`on_worker_from`: the size of timeline searched on a worker
    (:data:`SEARCH_ON_WORKER_FROM`); :attr:`jobs` runs those searches.
    :attr:`applied` (a :class:`~viewer.searchwork.Found`): an answer is shown.
    """

    applied = Signal(object)

    def __init__(self, filters: FilterBar, views: Views, status: StatusLine) -> None:
        super().__init__(views)
        self._filters = filters
        self._views = views
        self._status = status
        self.on_worker_from = SEARCH_ON_WORKER_FROM
        self.jobs = SearchJobs(self)
        """The searches under way on a worker (:class:`viewer.searchjob.SearchJobs`)."""
        self._found = Found(None, Query())
        """The answer shown."""
        self.jobs.found.connect(self._on_found)
        self.jobs.busy_changed.connect(filters.set_pending)
        filters.changed.connect(self.apply)
        filters.next_requested.connect(self._on_next_requested)
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
        """Apply the filters and the search to the views; count what is shown.

        A big timeline (:attr:`on_worker_from`) is searched on a worker, and the answer
        applied when it comes if it is still for the query and the timeline shown;
        meanwhile the previous answer stays shown.  No filter and no search is applied
        at once, whatever the size.
        """
        tl = self._views.timeline
        query = self._filters.asked()
        if tl is None or query.keeps_all() or len(tl.events) < self.on_worker_from:
            self.jobs.cancel()
            self._show(find(tl, query, before=self._found))
        elif not self.jobs.asked(tl, query):
            self.jobs.start(tl, query, self._found, self._views.canvas.zone())

    def _on_found(self, found: Found) -> None:
        """A worker's answer: shown if it is for the timeline shown and the query asked now."""
        if found.tl is self._views.timeline and found.query == self._filters.query():
            self._show(found)

    def _show(self, found: Found) -> None:
        """Show ``found``: the views filtered, the matches highlighted and counted."""
        views, tl = self._views, found.tl
        self._found = found
        views.set_filter(found.shown, found.ids, found.known(), found.made)
        words = found.query.words
        loaded = tl is not None
        first = self._filters.show_matches(
            found.matches(), words, views.selected_position(), loaded=loaded
        )
        views.canvas.set_matches(found.ids if loaded and words else None)
        if first:
            self.find_next(first=True)
        if tl is None:
            self._status.show_no_count()
        else:
            total = len(tl)
            self._status.show_count(total if views.ids is None else len(views.ids), total)
        self.applied.emit(found)

    def _current(self) -> bool:
        """Whether the answer shown is for the timeline shown (its positions hold)."""
        return self._found.tl is self._views.timeline

    def find_next(self, *, first: bool = False) -> None:
        """Select the next match after the selected event (F3), or the ``first`` one."""
        self._step(+1, first=first)

    def find_previous(self) -> None:
        """Select the match before the selected event (Shift+F3)."""
        self._step(-1)

    def _on_next_requested(self) -> None:
        """Enter in the search box on a search applied: the next match (not while a search
        is under way: its answer selects its first match)."""
        if not self.jobs.busy():
            self.find_next()

    def _step(self, direction: int, *, first: bool = False) -> None:
        tl = self._views.timeline
        if tl is None or not self._current():
            return
        pos = self._filters.step(direction, self._views.selected_position(), first=first)
        if pos is not None:
            self._views.bring_into_view(brief(tl.events, pos).id)  # (not made: no rest read)

    def follow_selection(self) -> None:
        """The selected event is the current match if it is one ("2 of 5")."""
        views = self._views
        selected = views.selected_position() if self._current() else None
        self._filters.follow(selected, loaded=views.timeline is not None)

    def show_related(self, event_id: str) -> None:
        """Bring a related event into view; all filters cleared first if they hide it."""
        ids = self._views.ids
        if ids is not None and event_id not in ids:
            self._filters.clear()  # (no filter: applied at once)
        self._views.bring_into_view(event_id)

    def shown_timeline(self) -> Timeline | None:
        """The events shown (after search and filters): what the exports write."""
        tl, ids = self._views.timeline, self._views.ids
        if tl is None or ids is None:
            return tl
        return tl.subset(ids)  # (links to events left out, and sources, dropped)
