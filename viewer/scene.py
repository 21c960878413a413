"""What is placed where on the canvas: pure Python, no Qt.

The canvas keeps three things apart:

1. *What is shown*: the :class:`~timeline.models.Timeline`; per timeline
   (and filter) only flat arrays are made up front (:class:`Shown`): the
   events' bounds, in chronological order and sorted (for counting in
   O(log n)), and a span index.  Everything per event is made lazily, for
   events near the view, and cached by position: the drawing facts
   (:class:`~viewer.facts.EventFacts`), labels, and lanes
   (:class:`viewer.lanes.LocalLanes`, chunk by chunk).
2. *Where*: a :class:`~viewer.viewport.Viewport` value; navigation replaces it.
3. *What goes where*: :meth:`SceneModel.build` places the visible events
   (found with the span index, O(log n + k)) in a :class:`Scene`, which the
   painters draw and hit testing reads.

When more events are in view than can be drawn legibly, the scene is a
*density* scene: the painter counts by bisection (O(width log n)), never by
walking every event.

Text widths come from a :class:`Measure` given by whoever draws (the canvas
passes its font's metrics; tests pass a fixed-width one).
"""

from __future__ import annotations

import itertools
import math
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import Final, NamedTuple, Protocol

import attrs

from timeline.index import SpanIndex
from timeline.models import Timeline
from viewer.facts import EventFacts, facts_of, ghost_of
from viewer.lanes import LaneFacts, LocalLanes
from viewer.viewport import EventBounds, Viewport, finite_extent

__all__ = [
    "AXIS_H",
    "DENSITY_PER_PX",
    "GHOST_H",
    "GHOST_Y",
    "LANE_H",
    "LEAD",
    "MARK_H",
    "MARK_Y",
    "OVERFLOW_H",
    "TOP",
    "Box",
    "Measure",
    "Placed",
    "Ruler",
    "Scene",
    "SceneModel",
    "Shown",
]

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
OFF: Final = 50.0
"""How far outside the view a mark may be drawn (beyond, it is clamped)."""


class Ruler(NamedTuple):
    """Time to x in one view: ``x(t)`` clamped to ``[-OFF, width + OFF]`` (the one clamp)."""

    lo: float
    scale: float
    width: float

    @classmethod
    def of(cls, view: Viewport) -> Ruler:
        return cls(view.start, view.width_px / view.span, float(view.width_px))

    def x(self, t: float) -> float:
        """The x of ``t``, kept near the view (infinite times included)."""
        return self.clamp((t - self.lo) * self.scale)

    def clamp(self, x: float) -> float:
        """``x`` kept within ``OFF`` pixels of the view: the one clamp of the canvas."""
        return min(max(x, -OFF), self.width + OFF)

    def raw(self, t: float) -> float:
        """The x of ``t``, unclamped (may be far outside the view, or infinite)."""
        return (t - self.lo) * self.scale


class Box(NamedTuple):
    """An axis-aligned rectangle (pixels)."""

    x: float
    y: float
    w: float
    h: float

    def contains(self, px: float, py: float, margin: float = 0.0) -> bool:
        return (
            self.x - margin <= px <= self.x + self.w + margin
            and self.y - margin <= py <= self.y + self.h + margin
        )

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2


class Measure(Protocol):
    """Text widths in pixels, of the canvas's fonts."""

    def width(self, text: str) -> float: ...
    def elide(self, text: str, px: float) -> str: ...
    def small_width(self, text: str) -> float: ...
    def small_elide(self, text: str, px: float) -> str: ...
    def average_char(self) -> float: ...


class Shown:
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
class Placed:
    """One event placed in a frame: its lane, the top of the lane, its mark, its label's x."""

    pos: int
    lane: int
    y: float
    mark: Box
    label_x: float


@attrs.frozen
class Scene:
    """What one frame shows: ``mode`` is ``events``, ``density`` or ``empty``."""

    viewport: Viewport
    height: int
    mode: str
    items: list[Placed]
    overflow: list[int]
    touched: int
    max_lanes: int

    def hit(self, x: float, y: float, label_px: Callable[[int], float]) -> Placed | None:
        """The item whose mark (2 px around) or else label is at ``(x, y)``; the top one wins.

        ``label_px(pos)`` is the width of the label of the event at ``pos``.
        """
        for placed in reversed(self.items):
            if placed.mark.contains(x, y, 2.0):
                return placed
        for placed in reversed(self.items):
            left = placed.label_x
            if left <= x <= left + label_px(placed.pos) and placed.y <= y < placed.y + MARK_Y:
                return placed
        return None


class SceneModel:
    """The shown events of a timeline and, per view, where each is placed.

    Holds what is made per timeline (bounds, the shown set, reported spans)
    and per event (facts, labels, lane facts: lazily, cached by position).
    """

    def __init__(self, measure: Measure) -> None:
        self.measure = measure
        self.tl: Timeline | None = None
        self.zone: str | None = None
        self.filter: frozenset[str] | None = None
        self.shown: Shown | None = None
        self._bounds: EventBounds | None = None
        self._infos: dict[int, EventFacts] = {}
        self._facts: dict[int, LaneFacts] = {}
        self._labels: dict[int, tuple[str, float]] = {}
        self._ghost_spans: dict[int, tuple[float, float]] | None = None
        self._widest: float | None = None

    # -- what is shown ---------------------------------------------------------------

    def set_timeline(self, tl: Timeline) -> None:
        self.tl = tl
        self._bounds = EventBounds.of(tl, self.zone)
        self._ghost_spans = None
        if self.filter is not None:
            self.filter = frozenset(i for i in self.filter if i in tl)
        self.forget_drawing()
        self.rebuild_shown()

    def set_zone(self, zone: str | None) -> None:
        self.zone = zone
        if self.tl is not None:
            self._bounds = EventBounds.of(self.tl, zone)
        self._ghost_spans = None
        self.forget_drawing()
        self.rebuild_shown()

    def set_filter(self, ids: frozenset[str] | None) -> None:
        self.filter = None if ids is None else frozenset(ids)
        self.rebuild_shown()

    def rebuild_shown(self) -> None:
        if self.tl is None or self._bounds is None:
            self.shown = None
        else:
            self.shown = Shown(self.tl, self._bounds, self.filter, self.zone)

    def forget_drawing(self, measure: Measure | None = None) -> None:
        """Drop what was made per event (labels and lanes depend on the font)."""
        if measure is not None:
            self.measure = measure
        self._infos = {}
        self._facts = {}
        self._labels = {}
        self._widest = None
        if self.shown is not None:
            self.shown.lanes = None

    def passes(self, event_id: str) -> bool:
        return (
            self.tl is not None
            and event_id in self.tl
            and (self.filter is None or event_id in self.filter)
        )

    # -- per event, lazily -------------------------------------------------------------

    def info(self, pos: int) -> EventFacts:
        found = self._infos.get(pos)
        if found is None:
            assert self.tl is not None
            found = self._infos[pos] = facts_of(self.tl.events[pos], self.zone)
        return found

    def max_label_px(self) -> float:
        """The widest a label may be: about ``MAX_LABEL_CHARS`` average characters."""
        if self._widest is None:
            self._widest = max(60.0, self.measure.average_char() * MAX_LABEL_CHARS)
        return self._widest

    def label(self, pos: int) -> tuple[str, float]:
        """The event's label, elided if longer than the largest room, and its width."""
        found = self._labels.get(pos)
        if found is None:
            m = self.measure
            text = self.info(pos).label
            widest = self.max_label_px()
            if m.width(text) > widest:
                text = m.elide(text, widest)
            found = self._labels[pos] = (text, math.ceil(m.width(text)) + 1.0)
        return found

    def ghost_label(self, pos: int) -> tuple[str, float]:
        """The label of the event's ghost (small font), elided like labels, and its width."""
        key = -1 - pos
        found = self._labels.get(key)
        if found is None:
            ghost = self.info(pos).ghost
            m = self.measure
            text = f"as reported by {ghost[2]}" if ghost else ""
            widest = self.max_label_px()
            if m.small_width(text) > widest:
                text = m.small_elide(text, widest)
            found = self._labels[key] = (text, math.ceil(m.small_width(text)) + 1.0)
        return found

    def warm_step(self) -> bool:
        """Make one thing the first zoomed-in frame needs; ``False`` when all is made.

        Each step is a pass over the events (the reported spans, then the lane
        index: tens of ms at 100k), so a caller can handle input between steps.
        """
        shown = self.shown
        if self.tl is None or shown is None:
            return False
        if self._ghost_spans is None:
            self.ghosts()
            return True
        if shown.lanes is None:
            self.lanes(shown)
            return True
        return False

    def ghosts(self) -> dict[int, tuple[float, float]]:
        """Reported spans that disagree, by position: only the ~10% of events citing sources."""
        if self._ghost_spans is None:
            found: dict[int, tuple[float, float]] = {}
            if self.tl is not None:
                events = self.tl.events
                cited = map(attrgetter("sources"), events)
                for pos in itertools.compress(range(len(events)), cited):
                    ghost = ghost_of(events[pos], self.zone)
                    if ghost is not None:
                        found[pos] = (ghost[0], ghost[1])
            self._ghost_spans = found
        return self._ghost_spans

    def lane_facts(self, pos: int) -> LaneFacts:
        """How the event at ``pos`` is drawn around its span, for the lane layout."""
        found = self._facts.get(pos)
        if found is None:
            info = self.info(pos)
            room = self.label(pos)[1]
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
                tail = 4.0 + self.ghost_label(pos)[1]
                found = LaneFacts(anchor, half, dx, room, info.ghost[1], tail)
            self._facts[pos] = found
        return found

    def lanes(self, shown: Shown) -> LocalLanes:
        """The lane layout of the shown events (made on first use: bounds with ghosts)."""
        if shown.lanes is None:
            starts = array("d", shown.bounds[0])
            ends = array("d", shown.bounds[1])
            for pos, (g_lo, g_hi) in self.ghosts().items():
                r = shown.rank(pos)
                if r is not None:
                    starts[r] = min(starts[r], g_lo)
                    ends[r] = max(ends[r], g_hi)
            positions = shown.positions
            facts = self.lane_facts
            shown.lanes = LocalLanes(
                starts,
                ends,
                lambda r: facts(positions[r]),
                max_label_px=self.max_label_px(),
                max_half_px=HALO,
                gap_px=LANE_GAP,
                cap=LANE_CAP,
            )
        return shown.lanes

    # -- where -------------------------------------------------------------------------

    def fitted_all(self, view: Viewport, margin: float) -> Viewport:
        """``view`` fitted to the shown events, with room for the labels of the last ones."""
        shown = self.shown
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
            anchor = self.info(pos).anchor
            room = self.label(pos)[1] + 2 * LEAD
            if math.isfinite(anchor) and room < width * 0.5 and view.x_for(anchor) + room > width:
                span = (anchor - view.start) * width / (width - room)
                view = Viewport(view.start, view.start + span, width)
        return view

    def build(self, view: Viewport, height: int) -> Scene:
        """Where each shown event in ``view`` is drawn, in a frame ``height`` pixels tall."""
        shown = self.shown
        max_lanes = max(1, (height - TOP - OVERFLOW_H) // LANE_H)
        if shown is None or not shown.positions:
            return Scene(view, height, "empty", [], [], 0, max_lanes)
        lo, hi = view.start, view.end
        if shown.count(lo, hi) > view.width_px * DENSITY_PER_PX:
            return Scene(view, height, "density", [], [], 0, max_lanes)
        ranks = shown.index.overlapping(lo, hi)
        lanes = self.lanes(shown).lanes(ranks, view.seconds_per_px)
        positions = shown.positions
        ruler = Ruler.of(view)
        items: list[Placed] = []
        overflow: list[int] = []
        for r, lane in zip(ranks, lanes, strict=True):
            pos = positions[r]
            if lane >= max_lanes:
                overflow.append(pos)
                continue
            info = self.info(pos)
            y = TOP + lane * LANE_H
            if info.shape == "point" or (info.shape == "vague" and info.halo):
                xm = ruler.raw(info.mid)
                mark = Box(xm - LEAD, y + MARK_Y, 2 * LEAD, MARK_H)
                label_x = xm - LEAD
            else:
                x0, x1 = ruler.raw(info.lower), ruler.raw(info.upper)  # may be infinite
                if x1 - x0 < 2 * LEAD and info.shape == "vague":
                    xm = (x0 + x1) / 2
                    x0, x1 = xm - LEAD, xm + LEAD
                x1 = max(x1, x0 + 2.0)
                # The label stays in view, inside the room the layout gave: the span, or
                # the label's width from the start.
                room = self.label(pos)[1]
                label_x = min(max(x0, 0.0), max(x0, x1 - room))
                c0 = ruler.clamp(x0)
                c1 = max(ruler.clamp(x1), c0 + 2.0)
                mark = Box(c0, y + MARK_Y, c1 - c0, MARK_H)
            items.append(Placed(pos, lane, y, mark, label_x))
        return Scene(view, height, "events", items, overflow, len(ranks), max_lanes)
