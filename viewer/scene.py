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
   painters draw and hit testing reads; and the eras in view, as bands behind
   the lanes with their titles in a row under the axis (:mod:`viewer.eras`).

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
from collections.abc import Sequence
from operator import attrgetter
from typing import Final, NamedTuple, Protocol

import attrs

from timeline.index import SpanIndex
from timeline.models import Timeline
from viewer.eras import EraBand, EraSpans
from viewer.facts import EventFacts, facts_of, ghost_of, ghost_text
from viewer.groups import bands_of
from viewer.labelfit import WRAP_FROM_CHARS, Label, fit, pack
from viewer.lanes import LaneFacts, LocalLanes
from viewer.viewport import EventBounds, Viewport, finite_extent

__all__ = [
    "AXIS_H",
    "DENSITY_PER_PX",
    "EDGE",
    "GHOST_H",
    "LEAD",
    "MARK_H",
    "OVERFLOW_H",
    "TOP",
    "Band",
    "Box",
    "Connector",
    "Geometry",
    "Measure",
    "Placed",
    "Ruler",
    "Scene",
    "SceneModel",
    "Shown",
    "at_least_a_day",
    "mark_box",
]

AXIS_H: Final = 40
"""Height of the time axis at the top."""
TOP: Final = AXIS_H + 6
"""Where the first lane starts (unscrolled)."""
MARK_H: Final = 12
GHOST_H: Final = 5
OVERFLOW_H: Final = 18
LEAD: Final = 6.0
"""Half a marker: marks and labels start this far left of their anchor."""
MAX_LABEL_CHARS: Final = 56
"""A line of a label is cut beyond about this many average characters (two lines: 112)."""
EDGE: Final = 3.0
"""Labels are kept this far inside the view's edges."""
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
    """Text widths and line heights in pixels, of the canvas's font and its small font."""

    def width(self, text: str) -> float: ...
    def elide(self, text: str, px: float) -> str: ...
    def small_width(self, text: str) -> float: ...
    def small_elide(self, text: str, px: float) -> str: ...
    def average_char(self) -> float: ...
    def line_height(self) -> float: ...
    def small_line_height(self) -> float: ...


class Geometry(NamedTuple):
    """The rows of a lane, from its top, for the font's line height.

    Two label lines (a one-line label takes the lower, next to its mark),
    the mark row, and the ghost row (a disagreeing source's date and words).
    """

    line: float
    lane_h: float
    mark_y: float
    ghost_y: float
    """Top of the ghost row (small font's line height, ``ghost_h`` tall)."""
    ghost_h: float
    header_h: float
    """Height of a band's title row (grouped rows)."""
    era_h: float
    """Height of the row of era titles under the axis (when the timeline has eras)."""

    @classmethod
    def of(cls, measure: Measure) -> Geometry:
        line = math.ceil(measure.line_height())
        small = math.ceil(measure.small_line_height())
        mark_y = 2 * line + 2
        ghost_y = mark_y + MARK_H + 2
        return cls(line, ghost_y + small + 6, mark_y, ghost_y, small, line + 10, line + 6)

    def label_top(self, lines: int) -> float:
        """Top of a label of ``lines`` lines, from the top of its lane."""
        return self.line * (2 - min(lines, 2))


class Shown:
    """The events passing the filter: flat arrays for counting, an index, lanes made lazily.

    ``bounds`` are the events' bounds (on the display zone's clock) by rank;
    ``lowers`` and ``uppers`` the same, each sorted, for counting.
    """

    def __init__(
        self, tl: Timeline, bounds: EventBounds, ids: frozenset[str] | None, zone: str | None
    ) -> None:
        keep = None
        if ids is not None:
            wanted = map(ids.__contains__, map(attrgetter("id"), tl.events))
            keep = list(itertools.compress(range(len(tl.events)), wanted))
        self._made(tl, bounds, keep, zone)

    @classmethod
    def of_positions(cls, tl: Timeline, bounds: EventBounds, positions: list[int]) -> Shown:
        """The events at ``positions`` (ascending) only: a band of grouped rows."""
        shown = cls.__new__(cls)
        shown._made(tl, bounds, positions, None)
        return shown

    def _made(
        self, tl: Timeline, bounds: EventBounds, keep: list[int] | None, zone: str | None
    ) -> None:
        self.positions: Sequence[int]
        lowers, uppers = bounds.lowers, bounds.uppers
        if keep is None:
            self.positions = range(len(tl.events))
            self.index = tl.index_in(zone)
            self.lowers = bounds.sorted_lowers
            self.bounds = (lowers, uppers)
            self.uppers = bounds.sorted_uppers
            self.lo, self.hi = bounds.lo, bounds.hi
        else:
            self.positions = keep
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
    """One event placed in a frame: lane, top of the lane (scrolled), mark, label."""

    pos: int
    lane: int
    y: float
    mark: Box
    label_x: float
    lines: tuple[str, ...] = ()
    """The label as drawn: one line, two, or cut (see :mod:`viewer.labelfit`)."""
    label_w: float = 0.0


class Connector(NamedTuple):
    """A link (``related``) between two events placed in a frame: a thin curve between marks.

    From the side of the first mark facing the second, at mid-height, to the
    facing side of the second; ``kind`` is the link's kind (``reports-on``).
    """

    source: int
    target: int
    kind: str
    x0: float
    y0: float
    x1: float
    y1: float

    def controls(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """The control points of the cubic curve: it leaves and arrives horizontally."""
        dx = max(20.0, abs(self.x1 - self.x0) / 2) * (1.0 if self.x1 >= self.x0 else -1.0)
        return (self.x0 + dx, self.y0), (self.x1 - dx, self.y1)

    def at(self, t: float) -> tuple[float, float]:
        """The point of the curve at ``t`` (0: its start, 1: its end)."""
        (ax, ay), (bx, by) = self.controls()
        u = 1 - t
        x = u**3 * self.x0 + 3 * u * u * t * ax + 3 * u * t * t * bx + t**3 * self.x1
        y = u**3 * self.y0 + 3 * u * u * t * ay + 3 * u * t * t * by + t**3 * self.y1
        return x, y

    def points(self, n: int = 16) -> list[tuple[float, float]]:
        """``n + 1`` points along the curve, for hit testing."""
        return [self.at(i / n) for i in range(n + 1)]

    def near(self, x: float, y: float, within: float = 4.0) -> bool:
        """True when ``(x, y)`` is within ``within`` pixels of the curve."""
        pts = self.points()
        for (ax, ay), (bx, by) in itertools.pairwise(pts):
            dx, dy = bx - ax, by - ay
            length = dx * dx + dy * dy
            t = 0.0 if length == 0 else min(max(((x - ax) * dx + (y - ay) * dy) / length, 0), 1)
            if math.hypot(ax + t * dx - x, ay + t * dy - y) <= within:
                return True
        return False


class Band(NamedTuple):
    """A band of grouped rows: its title, and its top and bottom (scrolled) in the frame."""

    title: str
    top: float
    bottom: float


@attrs.frozen
class Scene:
    """What one frame shows: ``mode`` is ``events``, ``density`` or ``empty``."""

    viewport: Viewport
    height: int
    mode: str
    items: list[Placed]
    overflow: list[int]
    """Events beyond the last lane (``LANE_CAP``), counted in a band."""
    touched: int
    geometry: Geometry
    lanes: int = 0
    """Lanes used by the events in the time range (drawn or scrolled out of sight)."""
    scroll: float = 0.0
    """How far the lanes are scrolled up (pixels)."""
    hidden: int = 0
    """Events in the time range whose lane is scrolled out of sight."""
    extent: float = TOP
    """Where the lanes end, unscrolled (grouped: the bottom of the last band)."""
    bands: list[Band] = attrs.Factory(list)
    """The bands of grouped rows (none when not grouped)."""
    connectors: list[Connector] = attrs.Factory(list)
    """Links between events placed in this frame (both ends drawn)."""
    eras: list[EraBand] = attrs.Factory(list)
    """The eras in view, in order of their start (bands behind the lanes)."""
    era_h: float = 0.0
    """Height of the row of era titles under the axis (0: the timeline has no eras)."""
    eras_more: int = 0
    """Eras in view beyond :data:`viewer.eras.ERA_CAP`: counted, not drawn."""

    @property
    def lanes_top(self) -> float:
        """Where the first lane starts, unscrolled: under the axis and the era row."""
        return TOP + self.era_h

    @property
    def clip_top(self) -> float:
        """Lanes scrolled above this line are hidden (under the axis and the era row)."""
        return AXIS_H + self.era_h

    def era_at(self, x: float, y: float) -> EraBand | None:
        """The era whose band is at ``(x, y)`` (the last drawn, on top), if any."""
        if y <= AXIS_H:
            return None
        for band in reversed(self.eras):
            if band.x0 <= x <= band.x1:
                return band
        return None

    def connector_at(
        self, x: float, y: float, among: Sequence[Connector] | None = None
    ) -> Connector | None:
        """The connector (of ``among``, else any) passing within 4 pixels of ``(x, y)``."""
        for connector in self.connectors if among is None else among:
            if min(connector.x0, connector.x1) - 30 <= x <= max(
                connector.x0, connector.x1
            ) + 30 and connector.near(x, y):
                return connector
        return None

    @property
    def content_height(self) -> int:
        """Height that shows every lane of the time range (and the overflow band)."""
        band = OVERFLOW_H if self.overflow else 0
        return math.ceil(self.extent + band + 4)

    def label_box(self, placed: Placed) -> Box:
        """Where ``placed``'s label is drawn."""
        top = placed.y + self.geometry.label_top(len(placed.lines))
        return Box(placed.label_x, top, placed.label_w, self.geometry.line * len(placed.lines))

    def hit(self, x: float, y: float) -> Placed | None:
        """The item whose mark (2 px around) or else label is at ``(x, y)``; the top one wins."""
        if y < self.lanes_top - 4:
            return None
        for placed in reversed(self.items):
            if placed.mark.contains(x, y, 2.0):
                return placed
        for placed in reversed(self.items):
            if self.label_box(placed).contains(x, y):
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
        self.group_key: str | None = None
        """What the rows are grouped by (:data:`viewer.groups.GROUP_KEYS`), or ``None``."""
        self._bands: list[tuple[str, Shown]] | None = None
        self._bounds: EventBounds | None = None
        self._infos: dict[int, EventFacts] = {}
        self._facts: dict[int, LaneFacts] = {}
        self._labels: dict[int, Label] = {}
        self._ghost_labels: dict[int, tuple[str, float]] = {}
        self._ghost_spans: dict[int, tuple[float, float]] | None = None
        self._widest: float | None = None
        self._geometry: Geometry | None = None
        self._eras: EraSpans | None = None

    # -- what is shown ---------------------------------------------------------------

    def set_timeline(self, tl: Timeline) -> None:
        self.tl = tl
        self._eras = None
        self._bounds = EventBounds.of(tl, self.zone)
        self._ghost_spans = None
        if self.filter is not None:
            self.filter = frozenset(i for i in self.filter if i in tl)
        self.forget_drawing()
        self.rebuild_shown()

    def set_zone(self, zone: str | None) -> None:
        self.zone = zone
        self._eras = None
        if self.tl is not None:
            self._bounds = EventBounds.of(self.tl, zone)
        self._ghost_spans = None
        self.forget_drawing()
        self.rebuild_shown()

    def set_filter(self, ids: frozenset[str] | None) -> None:
        self.filter = None if ids is None else frozenset(ids)
        self.rebuild_shown()

    def set_group(self, key: str | None) -> None:
        """Group the rows by ``key`` (``None``: one set of lanes for all)."""
        self.group_key = key
        self._bands = None

    def bands(self) -> list[tuple[str, Shown]]:
        """The bands of the grouped rows: title and the shown events of each (made lazily)."""
        if self._bands is None:
            shown, tl, bounds = self.shown, self.tl, self._bounds
            found: list[tuple[str, Shown]] = []
            if self.group_key is not None and shown and tl is not None and bounds is not None:
                for title, members in bands_of(tl, self.group_key, shown.positions):
                    found.append((title, Shown.of_positions(tl, bounds, members)))
            self._bands = found
        return self._bands

    def rebuild_shown(self) -> None:
        self._bands = None
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
        self._ghost_labels = {}
        self._widest = None
        self._geometry = None
        self._bands = None
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

    def geometry(self) -> Geometry:
        """The rows of a lane, for the measure's font."""
        if self._geometry is None:
            self._geometry = Geometry.of(self.measure)
        return self._geometry

    def max_label_px(self) -> float:
        """The widest a line of a label may be: about ``MAX_LABEL_CHARS`` average characters."""
        if self._widest is None:
            self._widest = max(60.0, self.measure.average_char() * MAX_LABEL_CHARS)
        return self._widest

    def label(self, pos: int) -> Label:
        """The event's label: the whole title on one line, and its packed form."""
        found = self._labels.get(pos)
        if found is None:
            m = self.measure
            found = self._labels[pos] = pack(
                self.info(pos).label,
                m.width,
                m.elide,
                self.max_label_px(),
                m.average_char() * WRAP_FROM_CHARS,
            )
        return found

    def ghost_label(self, pos: int) -> tuple[str, float]:
        """The label of the event's ghost (small font): the source and its words, and its width.

        ``Blasting News: "between Monday and Thursday"`` (see :func:`viewer.facts.ghost_text`).
        """
        found = self._ghost_labels.get(pos)
        if found is None:
            assert self.tl is not None
            m = self.measure
            text = ghost_text(self.tl, self.tl.events[pos])
            widest = self.max_label_px()
            if m.small_width(text) > widest:
                text = m.small_elide(text, widest)
            found = self._ghost_labels[pos] = (text, math.ceil(m.small_width(text)) + 1.0)
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
            room = math.ceil(self.label(pos).packed) + 1.0
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

    def era_spans(self) -> EraSpans:
        """The timeline's eras on the display zone's clock (made on first use)."""
        if self._eras is None:
            tl = self.tl
            self._eras = EraSpans.of(tl, self.zone) if tl is not None else EraSpans((), (), (), ())
        return self._eras

    # -- where -------------------------------------------------------------------------

    def era_bands(self, view: Viewport) -> tuple[list[EraBand], float, int]:
        """The eras in ``view`` with their titles fitted, the era row's height (0: none), and
        how many more eras are in view than are drawn."""
        spans = self.era_spans()
        if not len(spans):
            return [], 0.0, 0
        m = self.measure
        ruler = Ruler.of(view)
        bands, more = spans.place(view.start, view.end, ruler.x, ruler.width, m.width, m.elide)
        return bands, self.geometry().era_h, more

    def build(self, view: Viewport, height: int, scroll: float = 0.0) -> Scene:
        """Where each shown event in ``view`` is drawn, in a frame ``height`` pixels tall.

        The lanes are scrolled up by ``scroll`` pixels; events in lanes out of
        sight are counted (``hidden``), not placed.
        """
        g = self.geometry()
        shown = self.shown
        eras, era_h, more = self.era_bands(view)
        if shown is None or not shown.positions:
            return Scene(
                view, height, "empty", [], [], 0, g, eras=eras, era_h=era_h, eras_more=more
            )
        lo, hi = view.start, view.end
        if shown.count(lo, hi) > view.width_px * DENSITY_PER_PX:
            return Scene(
                view, height, "density", [], [], 0, g, eras=eras, era_h=era_h, eras_more=more
            )
        grouped = self.group_key is not None
        sections = self.bands() if grouped else [("", shown)]
        ruler = Ruler.of(view)
        rows: dict[tuple[int, int], list[tuple[float, Placed]]] = {}
        overflow: list[int] = []
        bands: list[Band] = []
        touched = used = hidden = 0
        top = TOP + era_h
        for b, (title, section) in enumerate(sections):
            band_top = top
            if grouped:
                top += g.header_h
            ranks = section.index.overlapping(lo, hi)
            touched += len(ranks)
            lanes = self.lanes(section).lanes(ranks, view.seconds_per_px)
            positions = section.positions
            here = 0
            for r, lane in zip(ranks, lanes, strict=True):
                pos = positions[r]
                if lane >= LANE_CAP:
                    overflow.append(pos)
                    continue
                here = max(here, lane + 1)
                y = top + lane * g.lane_h - scroll
                if y + g.lane_h <= AXIS_H + era_h or y >= height:
                    hidden += 1
                    continue
                placed = self._mark(pos, lane, y, ruler, g)
                key = min(placed.mark.x, placed.label_x)
                rows.setdefault((b, lane), []).append((key, placed))
            used = max(used, here)
            top += here * g.lane_h + (4 if grouped else 0)
            if grouped:
                bands.append(Band(title, band_top - scroll, top - scroll))
        items: list[Placed] = []
        for _, row in sorted(rows.items(), key=lambda item: item[0]):
            row.sort(key=lambda item: item[0])
            items.extend(self._labelled(row, ruler))
        scene = Scene(
            view,
            height,
            "events",
            items,
            overflow,
            touched,
            g,
            used,
            scroll,
            hidden,
            top,
            bands,
            eras=eras,
            era_h=era_h,
            eras_more=more,
        )
        assert self.tl is not None
        scene.connectors.extend(_connectors(self.tl, items))
        return scene

    def _mark(self, pos: int, lane: int, y: float, ruler: Ruler, g: Geometry) -> Placed:
        """The event's mark, and where its label would start with room enough."""
        box, label_x = mark_box(self.info(pos), y, ruler, g)
        return Placed(pos, lane, y, box, label_x)

    def _labelled(self, row: list[tuple[float, Placed]], ruler: Ruler) -> list[Placed]:
        """The items of one lane (left to right) with their labels fitted between neighbours.

        A label takes the whole title where the room to the next item allows,
        else two lines, and is cut only when neither fits.  Labels stay inside
        the view: at the left edge they start at the edge, at the right edge
        they move left (never over the item before).
        """
        m = self.measure
        out: list[Placed] = []
        prev_right = EDGE
        for i, (_, placed) in enumerate(row):
            at_edge = i + 1 == len(row)
            limit = ruler.width - EDGE if at_edge else row[i + 1][0] - LANE_GAP
            limit = min(limit, ruler.width - EDGE)
            x = max(placed.label_x, prev_right)
            label = self.label(placed.pos)
            lines, w = fit(label, limit - x, m.elide, m.width)
            if x + w > limit and at_edge:  # pinned inside the right edge, whole if it can be
                x = max(prev_right, limit - label.width)
                lines, w = fit(label, limit - x, m.elide, m.width)
                x = max(prev_right, min(x, limit - w))
            placed = attrs.evolve(placed, label_x=x, lines=lines, label_w=w)
            out.append(placed)
            right = max(placed.mark.x + placed.mark.w, x + w)
            ghost = self.info(placed.pos).ghost
            if ghost is not None:
                right = max(right, ruler.x(ghost[1]) + 4 + self.ghost_label(placed.pos)[1])
            prev_right = right + LANE_GAP
        return out


def mark_box(info: EventFacts, y: float, ruler: Ruler, g: Geometry) -> tuple[Box, float]:
    """Where the mark of an event drawn as ``info`` goes in a lane whose top is ``y``.

    With the x where its label would start (room allowing).  The one rule of
    mark geometry: the scene places marks with it, and a dragged event's preview.
    """
    if info.shape == "point" or (info.shape == "vague" and info.halo):
        xm = ruler.raw(info.mid)
        return Box(xm - LEAD, y + g.mark_y, 2 * LEAD, MARK_H), xm - LEAD
    x0, x1 = ruler.raw(info.lower), ruler.raw(info.upper)  # may be infinite
    if x1 - x0 < 2 * LEAD and info.shape == "vague":
        xm = (x0 + x1) / 2
        x0, x1 = xm - LEAD, xm + LEAD
    c0 = ruler.clamp(x0)
    c1 = max(ruler.clamp(max(x1, x0 + 2.0)), c0 + 2.0)
    return Box(c0, y + g.mark_y, c1 - c0, MARK_H), x0


def _connectors(tl: Timeline, items: list[Placed]) -> list[Connector]:
    """The links between events placed in the frame (only those: it stays cheap)."""
    events = tl.events
    placed_by_id: dict[str, Placed] = {}
    for placed in items:
        placed_by_id.setdefault(events[placed.pos].id, placed)
    out: list[Connector] = []
    for placed in placed_by_id.values():
        for link in events[placed.pos].related:
            target = placed_by_id.get(link.event)
            if target is None or target is placed:
                continue
            a, b = placed.mark, target.mark
            if b.cx >= a.cx:
                x0, x1 = a.x + a.w + 1, b.x - 1
            else:
                x0, x1 = a.x - 1, b.x + b.w + 1
            out.append(Connector(placed.pos, target.pos, link.kind, x0, a.cy, x1, b.cy))
    return out


def at_least_a_day(lo: float, hi: float) -> tuple[float, float]:
    """``[lo, hi]`` widened to a day around its middle when it is shorter."""
    if hi - lo < 86400.0:
        return lo - 43200.0, hi + 43200.0
    return lo, hi
