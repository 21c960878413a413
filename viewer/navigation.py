"""Navigation of the canvas: fit, zoom, go to a date, bring an event into view.

:class:`Navigation` is the part of the canvas that computes where to look:
each method makes a new :class:`~viewer.viewport.Viewport` from the current
one and the shown events, and hands it to :meth:`set_view`.  No Qt here.
"""

from __future__ import annotations

import math

from timeline.columns import EventColumns
from timeline.models import Timeline
from timeline.when import When
from viewer.facts import finite_span
from viewer.framing import fitted_all, story_view
from viewer.goto import landing
from viewer.scene import SceneModel
from viewer.viewport import Viewport

__all__ = ["Navigation"]


class Navigation:
    """Where to look, for a widget holding a view and a scene model (the canvas)."""

    _view: Viewport
    _model: SceneModel

    def set_view(self, view: Viewport) -> None:
        """Show ``view`` (every navigation ends here)."""
        raise NotImplementedError

    def fit_all(self) -> None:
        """Show every event passing the filter."""
        shown = self._model.shown
        if shown is not None and not math.isnan(shown.lo):
            self.set_view(fitted_all(self._model, self._view, 0.05))

    def show_story(self) -> None:
        """Show where the events are (the first view of a timeline): most of them, not all.

        See :func:`viewer.framing.story_view`; Fit All shows every event.
        """
        shown = self._model.shown
        if shown is not None and not math.isnan(shown.lo):
            self.set_view(story_view(self._model, self._view))

    def zoom_by(self, factor: float, anchor_x: float | None = None) -> None:
        """Zoom in by ``factor`` (> 1 in, < 1 out) keeping the time under ``anchor_x``."""
        self.set_view(self._view.zoomed(factor, anchor_x))

    def zoom_to_event(self, event_id: str) -> None:
        """Fit the view to one event's span."""
        tl = self._model.tl
        if tl is not None and event_id in tl:
            lo, hi = finite_span(_when_of(tl, event_id), self._model.zone)
            self.set_view(self._view.fitted(lo, hi, 0.3))

    def go_to(self, when: When) -> None:
        """Show ``when``: a span of days exactly, a day centred (:func:`viewer.goto.landing`)."""
        lo, hi = finite_span(when, self._model.zone)
        start, end = landing(lo, hi, (self._view.start, self._view.end))
        self.set_view(Viewport(start, end, self._view.width_px))

    def set_visible_range(self, start: float, end: float) -> None:
        self.set_view(Viewport(start, end, self._view.width_px))

    def visible_range(self) -> tuple[float, float]:
        return self._view.start, self._view.end

    def _scroll_into_view(self, event_id: str) -> None:
        tl = self._model.tl
        assert tl is not None
        lo, hi = finite_span(_when_of(tl, event_id), self._model.zone)
        v = self._view
        margin = v.span * 0.05
        if hi <= v.start + margin or lo >= v.end - margin:
            self.set_view(v.centered_on(lo if hi - lo > v.span else (lo + hi) / 2))


def _when_of(tl: Timeline, event_id: str) -> When:
    """The date of the event ``event_id`` of ``tl``: from its keys when it is held as
    columns (the event is not made: a big file's rest may still be being checked)."""
    events = tl.events
    if isinstance(events, EventColumns):
        return events.whens[events.positions[event_id]]
    return tl[event_id].when
