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
   (found with the span index, O(log n + k); :mod:`viewer.placing`, from the
   parts of :mod:`viewer.sceneparts`) in a :class:`Scene`, which the
   painters draw and hit testing reads; and the eras in view, as bands behind
   the lanes with their titles in a row under the axis (:mod:`viewer.eras`).

When more events are in view than can be drawn legibly, the scene is a
*density* scene: the painter counts by bisection (O(width log n)), never by
walking every event.

Text widths come from a :class:`Measure` given by whoever draws (the canvas
passes its font's metrics; tests pass a fixed-width one).
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Final

import attrs

from timeline._copies import copied
from timeline.columns import Ghosts
from timeline.models import Timeline
from timeline.parquet_io import is_complete
from viewer import placing
from viewer.datasetplan import Unread
from viewer.digest import carry_reports, edit_reports, has_reports, keeps_reports, reports_of
from viewer.eras import EraSpans
from viewer.facts import EventFacts, facts_at, ghost_text
from viewer.find import Known
from viewer.groups import bands_of
from viewer.labelfit import WRAP_FROM_CHARS, Label, pack
from viewer.lanes import LANE_INDEX_BY_NUMPY, LaneFacts, LaneIndex, LocalLanes, lane_index
from viewer.memo import PerTimeline
from viewer.placing import mark_box
from viewer.sceneparts import (
    AXIS_H,
    BIN_PX,
    DENSITY_PER_PX,
    EDGE,
    GHOST_H,
    HALO,
    LANE_CAP,
    LANE_GAP,
    LANE_LABEL_CHARS,
    LEAD,
    MARK_H,
    MAX_LABEL_CHARS,
    OFF,
    OVERFLOW_H,
    TOP,
    Band,
    Box,
    Connector,
    Geometry,
    Measure,
    Placed,
    Ruler,
    Scene,
    Shown,
    density_counts,
    density_edges,
    ghost_label_at,
)
from viewer.viewport import EventBounds, Viewport

if TYPE_CHECKING:
    from timeline.edit import Change

__all__ = [
    "AXIS_H",
    "BIN_PX",
    "DENSITY_PER_PX",
    "EDGE",
    "GHOSTS_PER_STEP",
    "GHOST_H",
    "LEAD",
    "MARK_H",
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
    "SceneModel",
    "Shown",
    "at_least_a_day",
    "carry_lanes",
    "density_counts",
    "density_edges",
    "ghost_label_at",
    "ghost_words",
    "heavy_warmth",
    "mark_box",
    "prepare_lanes",
]


_NO_GHOSTS: Final = Ghosts.of([])
"""The ghosts of a timeline drawn from its keys (:attr:`SceneModel.partial`)."""

GHOSTS_PER_STEP: Final = 5000
"""Disagreeing reports placed in one step of warming up (tens of ms)."""


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
        self.filter_known: Known | None = None
        """The positions of :attr:`filter`'s events when the search found them."""
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
        """The ghosts' spans by position, once every disagreeing report was placed."""
        self._ghosts_found: dict[int, tuple[float, float]] = {}
        self._ghosts_seen = 0
        """How many of the disagreeing reports (:func:`viewer.digest.reports_of`) were
        placed."""
        self._widest: float | None = None
        self._geometry: Geometry | None = None
        self._eras: EraSpans | None = None
        self.unread: Unread | None = None
        """A dataset read a window at a time: its events not read, counted (``None``: all read)."""
        self.partial = False
        """The rest of :attr:`tl` (a phased load's) is not checked, or what its frames need not
        made: drawn from its keys, without ghosts or links (they read the rest, which would
        wait for its check: :func:`timeline.complete`) until :meth:`catch_up`."""
        self._awaited: Timeline | None = None
        """The timeline loaded whose frames' needs :attr:`tl`, an edit of it, waits for."""

    # -- what is shown ---------------------------------------------------------------

    def set_timeline(self, tl: Timeline, *, follows: bool = False) -> None:
        """Show ``tl`` (``follows``: an edit of the one shown, or its file read again).  An edit
        of one drawn from its keys until its rest is checked and the loader's worker makes what
        its frames need is drawn so too, until then (:meth:`awaits`): else an edit's worker
        made them (:func:`carry_lanes`) beside the loader's, two passes at once (0.9 GB
        higher at ten million events), or an edit of an unchecked rest stayed so."""
        awaited = (self._awaited or self.tl) if follows and self.partial else None
        self.tl, self._awaited = tl, awaited
        self.partial = awaited is not None or not is_complete(tl)
        self._eras = None
        self._bounds = EventBounds.of(tl, self.zone)
        self._forget_ghosts()
        if self.filter is not None:
            self.filter = frozenset(i for i in self.filter if i in tl)
        self.forget_drawing()
        self.rebuild_shown()

    def set_zone(self, zone: str | None) -> None:
        self.zone = zone
        self._eras = None
        if self.tl is not None:
            self._bounds = EventBounds.of(self.tl, zone)
        self._forget_ghosts()
        self.forget_drawing()
        self.rebuild_shown()

    def set_filter(
        self, ids: frozenset[str] | None, known: Known | None = None, made: Shown | None = None
    ) -> None:
        """Show the events with ``ids`` (``None``: all); ``known``: their positions; ``made``:
        those events as a search made them on its worker (used if made from these bounds)."""
        self.filter = None if ids is None else frozenset(ids)
        self.filter_known = known
        if ids is not None and made is not None and made.made_from(self._bounds):
            self._bands = None
            self.shown = made
        else:
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
            self.shown = Shown(self.tl, self._bounds, self.filter, self.zone, self.filter_known)

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
            self.shown.lanes = self.shown.capped = self.shown.near = None

    def awaits(self, tl: Timeline) -> bool:
        """Whether what is drawn waits for the loader's word on ``tl`` (shown, or edited)."""
        return self.tl is tl or self._awaited is tl

    def catch_up(self, *, made: bool = False) -> bool:
        """Whether the rest of a timeline drawn from its keys (:attr:`partial`) was checked, and
        its index and lanes made (``made``: by the worker), since: what was not is forgotten."""
        tl = self.tl
        if not self.partial or tl is None or not is_complete(tl):
            return False
        if not made and (
            self._awaited is not None
            or not (tl.indexed(self.zone) and _WHOLE.peek(tl, self.zone) is not None)
        ):
            return False  # (seconds at a million on the GUI thread: the worker's come soon)
        self.partial, self._awaited = False, None
        self._forget_ghosts()
        self.forget_drawing()
        return True

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
            ghosts = _NO_GHOSTS if self.partial else reports_of(self.tl)
            found = self._infos[pos] = facts_at(self.tl.events, pos, self.zone, ghosts)
        return found

    def geometry(self) -> Geometry:
        """The rows of a lane, for the measure's font."""
        self._geometry = self._geometry or Geometry.of(self.measure)
        return self._geometry

    def max_label_px(self) -> float:
        """The widest a line of a label may be: about ``MAX_LABEL_CHARS`` average characters."""
        if self._widest is None:
            self._widest = max(60.0, self.measure.average_char() * MAX_LABEL_CHARS)
        return self._widest

    def lane_label_px(self) -> float:
        """The room a label keeps in the capped lane layout (:data:`LANE_LABEL_CHARS`)."""
        return min(self.max_label_px(), self.measure.average_char() * LANE_LABEL_CHARS + 1.0)

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
            text = ghost_text(self.tl, pos)  # (its citations alone read back, if need be)
            widest = self.max_label_px()
            if m.small_width(text) > widest:
                text = m.small_elide(text, widest)
            found = self._ghost_labels[pos] = (text, math.ceil(m.small_width(text)) + 1.0)
        return found

    def warm_step(self) -> bool:
        """Make a part of what the first zoomed-in frame needs; ``False`` when all is made.

        The spans of :data:`GHOSTS_PER_STEP` disagreeing reports a step, then the
        lane index (a pass over the events: about a second at a million), so that a
        caller can handle input between steps.
        """
        shown = self.shown
        if self.tl is None or shown is None or self.partial:
            return False
        if self._ghost_spans is None:
            self._find_ghosts(GHOSTS_PER_STEP)
            return True
        if shown.lanes is None:
            self.lanes(shown)
            return True
        return False

    def ghosts(self) -> dict[int, tuple[float, float]]:
        """Reported spans that disagree, by position (no event read: ``reports_of``)."""
        while self._ghost_spans is None:
            self._find_ghosts(None)
        return self._ghost_spans

    def _find_ghosts(self, limit: int | None) -> None:
        """Place ``limit`` more disagreeing reports (``None``: all the others) on the display
        zone's clock; the events themselves are not read (:func:`~viewer.digest.reports_of`)."""
        tl = self.tl
        reports = reports_of(tl) if tl is not None and not self.partial else _NO_GHOSTS
        start = self._ghosts_seen
        stop = len(reports) if limit is None else min(len(reports), start + limit)
        found = self._ghosts_found
        found.update(reports.spans(self.zone, start, stop))
        self._ghosts_seen = stop
        if stop == len(reports):
            self._ghost_spans = found

    def _forget_ghosts(self) -> None:
        self._ghost_spans, self._ghosts_found, self._ghosts_seen = None, {}, 0

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

    def capped_facts(self, pos: int) -> LaneFacts:
        """:meth:`lane_facts`, the label's room at most :meth:`lane_label_px`."""
        facts = self.lane_facts(pos)
        cap = self.lane_label_px()
        return facts if facts.label_px <= cap else facts._replace(label_px=cap)

    def lanes(self, shown: Shown, capped: bool = False) -> LocalLanes:
        """The lane layout of the shown events (made on first use: bounds with ghosts; of
        every event, the spans and their index are made once per timeline and clock:
        :func:`prepare_lanes`).  ``capped``: each label keeps at most
        :meth:`lane_label_px` of room in it (placing takes it when the lanes of the whole
        labels would overflow the view's height)."""
        found = shown.capped if capped else shown.lanes
        if found is None:
            index: LaneIndex | None = None
            if isinstance(shown.positions, range) and self.tl is not None and not self.partial:
                starts, ends, index = _WHOLE(self.tl, self.zone)
            else:
                starts, ends = _widened(shown.bounds, self.ghosts(), shown.rank)
            positions = shown.positions
            facts = self.capped_facts if capped else self.lane_facts
            found = LocalLanes(
                starts,
                ends,
                lambda r: facts(positions[r]),
                max_label_px=self.lane_label_px() if capped else self.max_label_px(),
                max_half_px=HALO,
                gap_px=LANE_GAP,
                cap=LANE_CAP,
                index=index,
            )
            if capped:
                shown.capped = found
            else:
                shown.lanes = found
        return found

    def era_spans(self) -> EraSpans:
        """The timeline's eras on the display zone's clock (made on first use)."""
        if self._eras is None:
            tl = self.tl
            self._eras = EraSpans.of(tl, self.zone) if tl is not None else EraSpans((), (), (), ())
        return self._eras

    # -- where -------------------------------------------------------------------------

    def build(self, view: Viewport, height: int, scroll: float = 0.0) -> Scene:
        """Where each shown event in ``view`` is drawn, in a frame ``height`` pixels tall.

        The lanes are scrolled up by ``scroll`` pixels (see :func:`viewer.placing.place`);
        the events not read of a dataset are counted per bar of the density (:attr:`unread`).
        """
        self.catch_up()
        scene = placing.place(self, view, height, scroll)
        if self.unread is None or self.tl is None:
            return scene
        return attrs.evolve(scene, unread=self.unread.counts(density_edges(view)))


def ghost_words(model: SceneModel, scene: Scene) -> dict[int, tuple[str, Box]]:
    """Where the ghosts of ``scene`` write their words, by event position: how
    (:func:`ghost_label_at`: ``right``, ``left``, ``over``, ``cut``) and their box."""
    out: dict[int, tuple[str, Box]] = {}
    ruler, g = Ruler.of(scene.viewport), scene.geometry
    for placed in scene.items:
        ghost = model.info(placed.pos).ghost
        if ghost is not None:
            width = model.ghost_label(placed.pos)[1]
            x, how = ghost_label_at(ruler.x(ghost[0]), ruler.x(ghost[1]), width, ruler.width)
            out[placed.pos] = (how, Box(x, placed.y + g.ghost_y, width, g.ghost_h))
    return out


def _widened(
    bounds: tuple[Sequence[float], Sequence[float]],
    ghosts: Mapping[int, tuple[float, float]],
    rank: Callable[[int], int | None],
) -> tuple[array[float], array[float]]:
    """``bounds`` (lowers, uppers by rank) widened to hold each event's ghost (by position)."""
    starts, ends = copied(bounds[0], "d"), copied(bounds[1], "d")
    for pos, (g_lo, g_hi) in ghosts.items():
        r = rank(pos)
        if r is not None:
            starts[r] = min(starts[r], g_lo)
            ends[r] = max(ends[r], g_hi)
    return starts, ends


def _whole(tl: Timeline, zone: str | None) -> tuple[array[float], array[float], LaneIndex]:
    """The spans of every event of ``tl`` on the clock of ``zone``, widened to their ghosts,
    and their lane index (:func:`viewer.lanes.lane_index`)."""
    bounds = EventBounds.of(tl, zone)
    reports = reports_of(tl)
    # (numpy for many events only: a small timeline's first frame would wait for its import)
    many = len(bounds.lowers) >= LANE_INDEX_BY_NUMPY
    widened = _widened_by_numpy(bounds, reports) if zone is None and many else None
    if widened is None:
        ghosts = dict(reports.spans(zone))
        widened = _widened((bounds.lowers, bounds.uppers), ghosts, _same)
    starts, ends = widened
    return starts, ends, lane_index(starts, ends)


def _widened_by_numpy(
    bounds: EventBounds, reports: Ghosts
) -> tuple[array[float], array[float]] | None:
    """:func:`_widened` of every event by the reports' own spans (each date's own clock),
    made by numpy: at ten million events, a few hundred thousand reports, which a
    mapping of spans would make as many tuples for the collector to visit (on the GUI
    thread).  With no report, the bounds themselves (read only: not copied).  ``None``:
    numpy is not installed."""
    if not len(reports):
        return bounds.lowers, bounds.uppers
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - (numpy comes with the 'arrow' extra)
        return None
    starts, ends = copied(bounds.lowers, "d"), copied(bounds.uppers, "d")  # (a piece at a time)
    at = np.asarray(reports.positions, np.int64)
    lowers, uppers = reports.bounds
    np.minimum.at(np.frombuffer(starts, np.float64), at, np.asarray(lowers, np.float64))
    np.maximum.at(np.frombuffer(ends, np.float64), at, np.asarray(uppers, np.float64))
    return starts, ends


def _same(pos: int) -> int:
    return pos


_WHOLE: PerTimeline[str | None, tuple[array[float], array[float], LaneIndex]] = PerTimeline(_whole)


def heavy_warmth(model: SceneModel, at_least: int) -> Callable[[], object] | None:
    """What :meth:`SceneModel.warm_step` has left that is a pass over every event of a
    timeline of ``at_least`` events or more (about a second each at a million), for a worker
    to make instead: the disagreeing reports and, every event shown, the lane index of them
    all (an edit's timeline: a loaded one has them made by the loader's worker). ``None``:
    nothing such is left, or the timeline is smaller."""
    tl, shown, zone = model.tl, model.shown, model.zone
    if tl is None or shown is None or model.partial or shown.lanes is not None:
        return None
    if len(tl) < at_least:
        return None
    whole = isinstance(shown.positions, range)
    if has_reports(tl) and (not whole or _WHOLE.peek(tl, zone) is not None):
        return None
    if not whole:
        return lambda: reports_of(tl)
    return lambda: (reports_of(tl), _WHOLE(tl, zone))  # (the lanes may be carried)


def carry_lanes(old: Timeline, new: Timeline, change: Change) -> None:
    """Keep for ``new`` (``old`` with ``change`` made: an undo's is its inverse) the
    disagreeing reports (:func:`viewer.digest.carry_reports`) and the spans and lane index
    of every event of ``old``, made or to be made, when the change kept each event's date and
    place (:func:`viewer.viewport.shares_keys`), each event's citations and the sources
    (:func:`viewer.digest.keeps_reports`, asked once for both): the spans and their ghosts
    are the same (at ten million events, a worker's passes over every citation and every
    span, and a few hundred MB of new arrays, not made again).  Else the reports of ``old``,
    once made, are edited (:func:`viewer.digest.edit_reports`)."""
    if keeps_reports(old, new, change):
        carry_reports(old, new)
        _WHOLE.carry(old, new)
    else:
        edit_reports(old, new, change)


def prepare_lanes(tl: Timeline, zone: str | None) -> None:
    """Make the lane index of every event of ``tl`` on the clock of ``zone`` (a pass over
    them: about a second at a million), so that the first zoomed-in frame does not (a
    loader's worker calls this once the timeline is shown)."""
    _WHOLE(tl, zone)


def at_least_a_day(lo: float, hi: float) -> tuple[float, float]:
    """``[lo, hi]`` widened to a day around its middle when it is shorter."""
    if hi - lo < 86400.0:
        return lo - 43200.0, hi + 43200.0
    return lo, hi
