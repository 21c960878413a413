"""The parts of a scene, pure Python, no Qt: its sizes, the shown events, what is placed where.

The value types a frame is made of (:class:`Scene`: the :class:`Placed`
events with their :class:`Box` marks, the :class:`Connector` links, the
:class:`Band` rows, the eras in view), the :class:`Shown` events of a
timeline with their lanes, how time maps to x in one view (:class:`Ruler`),
the text sizes (:class:`Measure`, :class:`Geometry`), and the canvas's fixed
sizes.  :mod:`viewer.scene` makes them (:class:`~viewer.scene.SceneModel`),
:mod:`viewer.placing` places events, the painters draw them.
"""

from __future__ import annotations

import itertools
import math
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import Final, NamedTuple, Protocol

import attrs

from timeline.index import SpanIndex
from timeline.models import Timeline
from viewer.eras import EraBand
from viewer.find import Known, positions_of
from viewer.lanes import LocalLanes
from viewer.viewport import EventBounds, Viewport, finite_extent

__all__ = [
    "AXIS_H",
    "BIN_PX",
    "DENSITY_PER_PX",
    "EDGE",
    "GHOST_H",
    "HALO",
    "LANE_CAP",
    "LANE_GAP",
    "LANE_LABEL_CHARS",
    "LEAD",
    "MARK_H",
    "MAX_LABEL_CHARS",
    "OFF",
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
    "Shown",
    "density_counts",
    "density_edges",
    "ghost_label_at",
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
LANE_LABEL_CHARS: Final = 24
"""When the lanes of the whole labels would not fit in the view's height, a label keeps at
most this many average characters of room in the lane layout (a label of two such lines,
about 48 characters, stays whole): a dense cluster of long labels then shares lanes, each
label drawn whole where its lane leaves room, else cut with "…" at the next item of its lane,
rather than taking a lane per long label (issue 10)."""
EDGE: Final = 3.0
"""Labels are kept this far inside the view's edges."""
GHOST_GAP: Final = 4.0
"""Room between a ghost bar and its words."""
HALO: Final = 2.6 * LEAD
"""Half width of the hatched halo of an imprecise day."""
LANE_GAP: Final = 10.0
"""Room between two items of a lane."""
LANE_CAP: Final = 96
"""Lanes laid out at most; further events are counted in the overflow band."""
BIN_PX: Final = 4
"""Width of a bar of the density histogram (and of the events not read, counted)."""
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
        self,
        tl: Timeline,
        bounds: EventBounds,
        ids: frozenset[str] | None,
        zone: str | None,
        known: Known | None = None,
    ) -> None:
        """The events of ``tl`` with ``ids`` (``None``: all); ``known``: their positions,
        when the search found them (:func:`viewer.find.positions_of`)."""
        keep = None if ids is None else positions_of(tl, ids, known)  # (no event made)
        self._made(tl, bounds, keep, zone)

    @classmethod
    def of_positions(cls, tl: Timeline, bounds: EventBounds, positions: Sequence[int]) -> Shown:
        """The events at ``positions`` (ascending) only: a band of grouped rows."""
        shown = cls.__new__(cls)
        shown._made(tl, bounds, positions, None)
        return shown

    def _made(
        self, tl: Timeline, bounds: EventBounds, keep: Sequence[int] | None, zone: str | None
    ) -> None:
        self.positions: Sequence[int]
        self.source = bounds
        """The bounds these were made from (of one timeline on one clock)."""
        lowers, uppers = bounds.lowers, bounds.uppers
        self._index: SpanIndex | None = None
        if keep is None:
            self.positions = range(len(tl.events))
            self._whole = (tl, zone)
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
            self._index = SpanIndex(*sub)
            self.lowers = array("d", sorted(sub[0]))
            self.bounds = sub
            self.uppers = array("d", sorted(sub[1]))
            self.lo, self.hi = finite_extent(self.lowers, self.uppers)
        self.lanes: LocalLanes | None = None
        self.capped: LocalLanes | None = None
        """The lanes with each label's room capped (:data:`LANE_LABEL_CHARS`), made lazily."""
        self.near: tuple[tuple[float, float], Shown] | None = None
        """The events in the last view (start, end) alone (:func:`viewer.placing.place`)."""

    def made_from(self, bounds: EventBounds | None) -> bool:
        """Whether these were made from ``bounds`` (a search's, made on its worker, fit a
        view that shows those bounds)."""
        return bounds is not None and self.source is bounds

    @property
    def index(self) -> SpanIndex:
        """The span index of the shown events by rank: every event's is the timeline's on
        the clock (made on first use: a frame of counts needs none, and a loader makes it
        after the first frame of a big timeline, :func:`viewer.digest.prepare_view`)."""
        index = self._index
        if index is None:
            tl, zone = self._whole
            index = self._index = tl.index_in(zone)
        return index

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
    unread: list[float] = attrs.Factory(list)
    """A dataset read a window at a time: the events not read that start in each bin of
    :func:`density_edges` (from the files' statistics); empty when every event is read."""

    @property
    def lanes_top(self) -> float:
        """Where the first lane starts, unscrolled: under the axis and the era row."""
        return TOP + self.era_h

    @property
    def clip_top(self) -> float:
        """Lanes scrolled above this line are hidden (under the axis and the era row)."""
        return AXIS_H + self.era_h

    def era_at(self, x: float, y: float) -> EraBand | None:
        """The era whose band is at ``(x, y)`` (the last drawn, on top), if any; in the era
        row, a title written beside its band is that era's."""
        if y <= AXIS_H:
            return None
        if y <= AXIS_H + self.era_h:
            line = int((y - AXIS_H) // self.geometry.era_h)
            for band in self.eras:
                on_title = band.label_x <= x <= band.label_x + band.label_w
                if on_title and band.line == line and (band.beside or band.line):
                    return band
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


def ghost_label_at(g0: float, g1: float, label_w: float, view_w: float) -> tuple[float, str]:
    """Where a ghost bar from ``g0`` to ``g1`` writes its words ``label_w`` wide in a view
    ``view_w`` wide: ``(x, how)``, ``how`` one of ``right`` (after the bar), ``left`` (before
    it), ``over`` (on the bar's visible part, on a backing: a bar across the view) or ``cut``
    (the words must be cut at the view's edge: nothing else fits)."""
    right = view_w - EDGE
    if g1 + GHOST_GAP + label_w <= right:
        return g1 + GHOST_GAP, "right"
    if g0 - GHOST_GAP - label_w >= EDGE:
        return g0 - GHOST_GAP - label_w, "left"
    start = max(g0, EDGE) + GHOST_GAP
    if start + label_w <= min(g1, right) - GHOST_GAP:
        return start, "over"
    return min(g1 + GHOST_GAP, right - 40.0), "cut"


def density_edges(view: Viewport) -> list[float]:
    """The times (seconds) between the bars of the density histogram: one bar a
    :data:`BIN_PX` pixels across the view."""
    width = view.width_px
    bins = max(1, width // BIN_PX)
    return [view.time_at(i * width / bins) for i in range(bins + 1)]


COUNT_WHOLE_FROM: Final = 50_000
"""Bounds from which :func:`density_counts` bisects with numpy, when it is installed."""


def density_counts(
    lowers: Sequence[float],
    uppers: Sequence[float],
    edges: Sequence[float],
    *,
    whole_from: int = COUNT_WHOLE_FROM,
) -> list[int]:
    """The events between each two of ``edges`` (ascending times): those whose lower bound
    (of ``lowers``, sorted) is before the bar's end, less those whose upper bound (of
    ``uppers``, sorted) is at or before its start. Each edge bisected once a column, by
    numpy for many bounds (at ten million, 400 bisections in Python took 1 ms a frame)."""
    if len(lowers) >= whole_from and isinstance(lowers, array) and isinstance(uppers, array):
        try:
            import numpy as np
        except ImportError:  # pragma: no cover (numpy comes with the 'arrow' extra)
            pass
        else:
            at = np.asarray(edges, np.float64)
            below_np = np.searchsorted(np.frombuffer(uppers, np.float64), at, side="right")
            before_np = np.searchsorted(np.frombuffer(lowers, np.float64), at, side="left")
            counts: list[int] = (before_np[1:] - below_np[:-1]).tolist()
            return counts
    below = [bisect_right(uppers, t) for t in edges]
    before = [bisect_left(lowers, t) for t in edges]
    return [before[i + 1] - below[i] for i in range(len(edges) - 1)]
