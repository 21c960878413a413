"""Where the events of one view go, pure Python, no Qt: lanes, rows, and labels between neighbours.

:func:`place` finds the shown events in the view (the span index, O(log n + k)),
puts each in its lane (:class:`viewer.lanes.LocalLanes`, the same whatever the
pan position), and fits each label in the room to the next event of its lane:
the whole title where it fits, two lines where that serves, cut only when
neither fits; and the eras in view, as bands behind the lanes with their
titles in a row under the axis (:mod:`viewer.eras`).  More events in view
than can be drawn legibly give a *density* scene instead.  What it needs of
the model (labels, facts, lanes, made lazily and cached) is
:class:`Placeable`, which :class:`viewer.scene.SceneModel` is.
"""

from __future__ import annotations

from typing import Protocol

import attrs

from timeline.columns import brief, links_of
from timeline.models import Timeline
from viewer.eras import EraBand, EraSpans
from viewer.facts import EventFacts
from viewer.labelfit import Label, fit
from viewer.lanes import LaneFacts, LocalLanes
from viewer.sceneparts import (
    AXIS_H,
    DENSITY_PER_PX,
    EDGE,
    LANE_CAP,
    LANE_GAP,
    LEAD,
    MARK_H,
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
)
from viewer.viewport import EventBounds, Viewport

__all__ = ["Placeable", "mark_box", "place"]


class Placeable(Protocol):
    """What placing needs of the scene model."""

    measure: Measure
    tl: Timeline | None
    shown: Shown | None
    group_key: str | None
    partial: bool
    """Drawn from the keys: the links (the rest of a phased load) are not read."""

    def geometry(self) -> Geometry: ...
    def bands(self) -> list[tuple[str, Shown]]: ...
    def lanes(self, shown: Shown, capped: bool = False) -> LocalLanes: ...
    def lane_facts(self, pos: int) -> LaneFacts: ...
    def lane_label_px(self) -> float: ...
    def info(self, pos: int) -> EventFacts: ...
    def label(self, pos: int) -> Label: ...
    def ghost_label(self, pos: int) -> tuple[str, float]: ...
    def era_spans(self) -> EraSpans: ...


def _era_bands(model: Placeable, view: Viewport) -> tuple[list[EraBand], float, int]:
    """The eras in ``view`` with their titles fitted, the era row's height (0: none; two
    lines when eras overlap), and how many more eras are in view than are drawn."""
    spans = model.era_spans()
    if not len(spans):
        return [], 0.0, 0
    m = model.measure
    ruler = Ruler.of(view)
    bands, more = spans.place(view.start, view.end, ruler.x, ruler.width, m.width, m.elide)
    return bands, model.geometry().era_h * spans.lines, more


def place(model: Placeable, view: Viewport, height: int, scroll: float = 0.0) -> Scene:
    """Where each shown event in ``view`` is drawn, in a frame ``height`` pixels tall.

    The lanes are scrolled up by ``scroll`` pixels; events in lanes out of
    sight are counted (``hidden``), not placed.
    """
    g = model.geometry()
    shown = model.shown
    eras, era_h, more = _era_bands(model, view)
    if shown is None or not shown.positions:
        return Scene(view, height, "empty", [], [], 0, g, eras=eras, era_h=era_h, eras_more=more)
    lo, hi = view.start, view.end
    if shown.count(lo, hi) > view.width_px * DENSITY_PER_PX:
        return Scene(view, height, "density", [], [], 0, g, eras=eras, era_h=era_h, eras_more=more)
    grouped = model.group_key is not None
    near = None if grouped else _near(model, view)  # (drawn from the keys: no index yet)
    sections = model.bands() if grouped else [("", shown if near is None else near)]
    ruler = Ruler.of(view)
    rows: dict[tuple[int, int], list[tuple[float, Placed]]] = {}
    overflow: list[int] = []
    bands: list[Band] = []
    touched = used = hidden = 0
    top = TOP + era_h
    extra = len(sections) * (g.header_h + 4) if grouped else 0.0  # (the bands' headers)
    laid = _laid(model, [section for _, section in sections], view, height, top + extra)
    for b, ((title, section), (ranks, lanes)) in enumerate(zip(sections, laid, strict=True)):
        band_top = top
        if grouped:
            top += g.header_h
        touched += len(ranks)
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
            placed = _mark(model, pos, lane, y, ruler, g)
            key = min(placed.mark.x, placed.label_x)
            rows.setdefault((b, lane), []).append((key, placed))
        used = max(used, here)
        top += here * g.lane_h + (4 if grouped else 0)
        if grouped:
            bands.append(Band(title, band_top - scroll, top - scroll))
    items: list[Placed] = []
    for _, row in sorted(rows.items(), key=lambda item: item[0]):
        row.sort(key=lambda item: item[0])
        items.extend(_labelled(model, row, ruler))
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
    assert model.tl is not None
    if not model.partial:  # (the links are the rest: read, they would wait for its check)
        scene.connectors.extend(_connectors(model.tl, items))
    return scene


def _laid(
    model: Placeable, sections: list[Shown], view: Viewport, height: int, top: float
) -> list[tuple[list[int], list[int]]]:
    """The events of each section in ``view`` (ranks) and their lanes: as the whole labels
    need, or, when those lanes would overflow the view's ``height`` below ``top``, with each
    label's room capped (:meth:`~viewer.scene.SceneModel.lane_label_px`), if that takes
    fewer lanes: a dense cluster of long labels then shares lanes, its labels cut at the next
    item of their lane, and titles stay whole wherever the view has room for their lanes."""
    lo, hi, scale = view.start, view.end, view.seconds_per_px
    ranks = [section.index.overlapping(lo, hi) for section in sections]
    whole = [model.lanes(s).lanes(r, scale) for s, r in zip(sections, ranks, strict=True)]
    rows = _rows(whole)
    if top + rows * model.geometry().lane_h <= height:
        return list(zip(ranks, whole, strict=True))
    cap = model.lane_label_px()
    if not any(
        model.lane_facts(s.positions[r]).label_px > cap
        for s, found in zip(sections, ranks, strict=True)
        for r in found
    ):
        return list(zip(ranks, whole, strict=True))  # (no label in view is capped)
    capped = [model.lanes(s, True).lanes(r, scale) for s, r in zip(sections, ranks, strict=True)]
    chosen = capped if _rows(capped) < rows else whole
    return list(zip(ranks, chosen, strict=True))


def _rows(lanes: list[list[int]]) -> int:
    """How many lanes the sections take, in all (a lane at :data:`LANE_CAP` overflows)."""
    return sum(min(max(section, default=-1) + 1, LANE_CAP) for section in lanes)


def _mark(model: Placeable, pos: int, lane: int, y: float, ruler: Ruler, g: Geometry) -> Placed:
    """The event's mark, and where its label would start with room enough."""
    box, label_x = mark_box(model.info(pos), y, ruler, g)
    return Placed(pos, lane, y, box, label_x)


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


def _labelled(model: Placeable, row: list[tuple[float, Placed]], ruler: Ruler) -> list[Placed]:
    """The items of one lane (left to right) with their labels fitted between neighbours.

    A label takes the whole title where the room to the next item allows,
    else two lines, and is cut only when neither fits.  Labels stay inside
    the view: at the left edge they start at the edge, at the right edge
    they move left (never over the item before).
    """
    m = model.measure
    out: list[Placed] = []
    prev_right = EDGE
    for i, (_, placed) in enumerate(row):
        at_edge = i + 1 == len(row)
        limit = ruler.width - EDGE if at_edge else row[i + 1][0] - LANE_GAP
        limit = min(limit, ruler.width - EDGE)
        x = max(placed.label_x, prev_right)
        label = model.label(placed.pos)
        lines, w = fit(label, limit - x, m.elide, m.width)
        cut = lines not in ((label.text,), label.lines)
        if at_edge and (cut or x + w > limit):  # pinned inside the right edge, whole if it can be
            x = max(prev_right, limit - label.width)
            lines, w = fit(label, limit - x, m.elide, m.width)
            x = max(prev_right, min(x, limit - w))
        placed = attrs.evolve(placed, label_x=x, lines=lines, label_w=w)
        out.append(placed)
        right = max(placed.mark.x + placed.mark.w, x + w)
        ghost = model.info(placed.pos).ghost
        if ghost is not None:
            right = max(right, ruler.x(ghost[1]) + 4 + model.ghost_label(placed.pos)[1])
        prev_right = right + LANE_GAP
    return out


def _near(model: Placeable, view: Viewport) -> Shown | None:
    """The shown events overlapping ``view`` alone, while all are shown and the timeline is
    drawn from its keys (:attr:`~viewer.scene.SceneModel.partial`): placed without the span
    index and the lanes of every event, made after the rest's check by the loader's worker
    (about two seconds at a million, which the first zoomed-in frame would make on the GUI
    thread while the check runs). ``None`` otherwise."""
    shown, tl = model.shown, model.tl
    if not model.partial or shown is None or tl is None:
        return None
    if not isinstance(shown.positions, range):
        return None
    key = (view.start, view.end)
    if shown.near is None or shown.near[0] != key:
        found = Shown.of_positions(tl, shown.source, _overlapping(shown.source, *key))
        shown.near = (key, found)
    return shown.near[1]


def _overlapping(bounds: EventBounds, lo: float, hi: float) -> list[int]:
    """The positions of the events overlapping ``[lo, hi)`` (as :meth:`Shown.count` counts
    them), in order: one pass over the bounds in C (a few ms at a million)."""
    import numpy as np  # (a phased load, the only one drawn from its keys, needs it)

    lowers = np.frombuffer(bounds.lowers, np.float64)
    uppers = np.frombuffer(bounds.uppers, np.float64)
    found: list[int] = np.flatnonzero((lowers < hi) & (uppers > lo)).tolist()
    return found


def _connectors(tl: Timeline, items: list[Placed]) -> list[Connector]:
    """The links between events placed in the frame (only those: it stays cheap; their
    events are not made, :func:`timeline.columns.links_of`)."""
    events = tl.events
    placed_by_id: dict[str, Placed] = {}
    for placed in items:
        placed_by_id.setdefault(brief(events, placed.pos).id, placed)
    out: list[Connector] = []
    for placed in placed_by_id.values():
        for link in links_of(events, placed.pos):
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
