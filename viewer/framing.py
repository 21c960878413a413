"""Which span of time a view shows: all the events, or where they are (no Qt).

:func:`fitted_all` is Fit All; :func:`story_view` is the first view of a
timeline.  Both leave room at the right for the labels of the last events.
"""

from __future__ import annotations

import math
from bisect import bisect_right

from viewer.scene import DENSITY_PER_PX, EDGE, LEAD, SceneModel, at_least_a_day
from viewer.viewport import Viewport

__all__ = ["fitted_all", "story_view"]


def fitted_all(model: SceneModel, view: Viewport, margin: float) -> Viewport:
    """``view`` fitted to the shown events, with room for the labels of the last ones."""
    shown = model.shown
    if shown is None or math.isnan(shown.lo):
        return view
    return _room_for_labels(model, view.fitted(*at_least_a_day(shown.lo, shown.hi), margin))


def story_view(model: SceneModel, view: Viewport, share: float = 0.8) -> Viewport:
    """The part of the timeline where the events are: the first view of a timeline.

    The shortest span holding ``share`` of the shown events' anchors (the
    day of a date, the start of an interval), widened to the anchors near
    it (within half its length), so that one long interval or a few far
    events do not flatten the story into a corner.  All events when that
    span is over a third of the whole anyway.  Long intervals cross the
    view as bars, their labels pinned inside it.
    """
    shown = model.shown
    if shown is None or math.isnan(shown.lo):
        return view
    n = len(shown.positions)
    if n < 5 or n > view.width_px * DENSITY_PER_PX:
        return fitted_all(model, view, 0.05)
    anchors = sorted(a for a in (model.info(p).anchor for p in shown.positions) if math.isfinite(a))
    k = max(2, math.ceil(len(anchors) * share))
    if len(anchors) < k:
        return fitted_all(model, view, 0.05)
    first = min(range(len(anchors) - k + 1), key=lambda i: anchors[i + k - 1] - anchors[i])
    last = first + k - 1
    lo, hi = anchors[first], anchors[last]
    while first > 0 and lo - anchors[first - 1] <= 0.5 * (hi - lo):  # near ones join
        first -= 1
        lo = anchors[first]
    while last + 1 < len(anchors) and anchors[last + 1] - hi <= 0.5 * (hi - lo):
        last += 1
        hi = anchors[last]
    if hi - lo > (shown.hi - shown.lo) / 3:  # fitting all stretches them little
        return fitted_all(model, view, 0.05)
    lo, hi = at_least_a_day(lo, hi + 86400.0)
    return _room_for_labels(model, view.fitted(lo, hi, 0.05))


def _room_for_labels(model: SceneModel, view: Viewport) -> Viewport:
    """``view`` widened to the right so that the last labels in it fit whole."""
    shown = model.shown
    assert shown is not None
    width = view.width_px
    if shown.count(view.start, view.end) > width * DENSITY_PER_PX:
        return view  # counted, not labelled, at this scale
    last = bisect_right(shown.lowers, view.end)
    ranks = sorted(shown.index.overlapping(view.start, view.end))[-8:] if last else []
    for r in ranks:  # the latest starts: their labels run furthest
        pos = shown.positions[r]
        anchor = model.info(pos).anchor
        room = model.label(pos).packed + 2 * LEAD + EDGE
        if math.isfinite(anchor) and room < width * 0.5 and view.x_for(anchor) + room > width:
            span = (anchor - view.start) * width / (width - room)
            view = Viewport(view.start, view.start + span, width)
    return view
