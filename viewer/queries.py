"""What is where in the frame drawn now, asked by hit testing, tooltips, tests and
accessibility: the part of the canvas that reads its current scene.

:class:`SceneQueries` answers in viewport coordinates from the canvas's
:class:`~viewer.scene.Scene` (the same one the painters draw), so what a test
or a screen reader is told is what is on screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF

from timeline.columns import brief, reads_back
from viewer.facts import conflicting_at, era_tooltip, link_tooltip, tooltip_of
from viewer.links import DrawnLink, drawn_links, written_kinds
from viewer.scene import AXIS_H, Placed, Scene, SceneModel, ghost_words
from viewer.ticks import ticks
from viewer.viewport import Viewport

if TYPE_CHECKING:
    from viewer.interaction import Interaction
    from viewer.painters.legend import Legend

__all__ = ["SceneQueries"]


class SceneQueries:
    """Marks, labels, bands and links of the frame drawn now (mixed into the canvas)."""

    _model: SceneModel
    _view: Viewport
    _input: Interaction
    _legend_visible: bool
    _selected: str | None
    _all_links: bool

    def _scene(self) -> Scene:
        raise NotImplementedError

    def legend(self, width: float | None = None) -> Legend:
        raise NotImplementedError

    def visible_count(self) -> int:
        """Events (passing the filter) that overlap the visible range."""
        shown = self._model.shown
        return 0 if shown is None else max(0, shown.count(self._view.start, self._view.end))

    def shown_count(self) -> int:
        """Events passing the filter."""
        shown = self._model.shown
        return 0 if shown is None else len(shown.positions)

    def axis_labels(self) -> list[str]:
        """The labels the axis shows for the current view (for tests and accessibility)."""
        return [t.label for t in ticks(self._view, min_label_px=80) if t.label]

    def event_rect(self, event_id: str) -> QRectF | None:
        """Where the event's mark is drawn (viewport coordinates); ``None`` if not drawn."""
        scene = self._scene()
        tl = self._model.tl
        if tl is None:
            return None
        for placed in scene.items:
            if self._model.info(placed.pos).id == event_id:
                return QRectF(*placed.mark)
        return None

    def label_rect(self, event_id: str) -> QRectF | None:
        """Where the event's label is drawn (viewport coordinates); ``None`` if not drawn."""
        scene = self._scene()
        tl = self._model.tl
        for placed in scene.items if tl is not None else ():
            if tl is not None and self._model.info(placed.pos).id == event_id:
                return QRectF(*scene.label_box(placed))
        return None

    def event_at(self, pos: QPointF) -> str | None:
        """The id of the event whose mark or label is at ``pos`` (viewport coordinates)."""
        placed = self._hit(pos)
        tl = self._model.tl
        return None if placed is None or tl is None else self._model.info(placed.pos).id

    def tooltip_at(self, pos: QPointF) -> str:
        """The tooltip shown at ``pos``: rich text with the data escaped ("" if none)."""
        if self.legend().badge_rect().contains(pos):
            return "What the marks and colours mean: click to " + (
                "close" if self._legend_visible else "open"
            )
        placed = self._hit(pos)
        tl = self._model.tl
        if tl is None:
            return ""
        if placed is not None:  # (drawn from the keys: the event, made, would wait for the rest)
            events, at = tl.events, placed.pos
            if self._model.partial:
                return tooltip_of(tl, brief(events, at))
            if reads_back(events, at):  # (made, it would decode its row group here)
                ghosted = self._model.info(at).ghost is not None  # (else none to read)
                said = conflicting_at(events, at) if ghosted else ()
                return tooltip_of(tl, brief(events, at), said)
            return tooltip_of(tl, events[at])
        if self._input.on_legend(pos):
            return ""
        scene = self._scene()
        link = scene.connector_at(pos.x(), pos.y(), [c for c, _ in self._drawn_links()])
        if link is not None:
            return link_tooltip(tl, link.source, link.kind, link.target)
        band = scene.era_at(pos.x(), pos.y())  # behind everything: asked last
        return "" if band is None else era_tooltip(tl.eras[band.era])

    def connectors(self, *, chosen: bool | None = None) -> list[tuple[str, str, str]]:
        """The links drawn now: ``(from id, to id, kind)``; only the highlighted (the selected
        event's) when ``chosen``, only the faint ones when ``chosen`` is False."""
        tl = self._model.tl
        if tl is None:
            return []
        events = tl.events
        return [
            (events[c.source].id, events[c.target].id, c.kind)
            for c, highlighted in self._drawn_links()
            if chosen is None or chosen == highlighted
        ]

    def placed_at(self, pos: QPointF) -> Placed | None:
        """The placed item whose mark or label is at ``pos`` (viewport coordinates)."""
        return self._hit(pos)

    def link_kinds(self) -> list[tuple[str, str, str, QRectF]]:
        """The kinds written on the highlighted links now: ``(from id, to id, words, where)``."""
        tl = self._model.tl
        if tl is None:
            return []
        events = tl.events
        scene = self._scene()
        ghosts = [box for _, box in ghost_words(self._model, scene).values()]
        written = written_kinds(scene, self._drawn_links(), self._model.measure, ghosts)
        return [
            (events[k.connector.source].id, events[k.connector.target].id, k.text, QRectF(*k.box))
            for k in written
        ]

    def _drawn_links(self) -> list[DrawnLink]:
        """The links painted now (:func:`viewer.links.drawn_links`, as the painter draws them)."""
        tl = self._model.tl
        if tl is None:
            return []
        return drawn_links(self._scene().connectors, tl.events, self._selected, self._all_links)

    def _hit(self, pos: QPointF) -> Placed | None:
        if self._input.on_legend(pos):
            return None
        return self._scene().hit(pos.x(), pos.y())

    def bands(self) -> list[tuple[str, QRectF]]:
        """The bands of grouped rows drawn now: title and where (viewport coordinates)."""
        scene = self._scene()
        width = float(scene.viewport.width_px)
        return [(b.title, QRectF(0, b.top, width, b.bottom - b.top)) for b in scene.bands]

    def era_at(self, pos: QPointF) -> int | None:
        """The era under ``pos`` (viewport coordinates): its index in the timeline's eras; its
        band on top, or in the era row its title written beside its band (``None``: none)."""
        band = self._scene().era_at(pos.x(), pos.y())
        return None if band is None else band.era

    def drawn_eras(self) -> list[tuple[str, QRectF, QRectF | None]]:
        """The eras drawn now: the title as drawn ("" when none fits), the band, and where the
        title is (``None`` when none fits), in viewport coordinates: tests, accessibility."""
        scene = self._scene()
        row = scene.geometry.era_h
        out: list[tuple[str, QRectF, QRectF | None]] = []
        for band in scene.eras:
            box = QRectF(band.x0, AXIS_H, band.x1 - band.x0, scene.height - AXIS_H)
            top = AXIS_H + band.line * row
            label = QRectF(band.label_x, top, band.label_w, row) if band.text else None
            out.append((band.text, box, label))
        return out

    def drawn_ghost_labels(self) -> dict[str, tuple[str, QRectF]]:
        """The words of the ghosts drawn now, by event id: where they go (``right``, ``left``,
        ``over`` the bar, or ``cut`` at the edge: :func:`viewer.scene.ghost_label_at`) and
        their box when whole, in viewport coordinates: tests, accessibility."""
        tl = self._model.tl
        if tl is None:
            return {}
        words = ghost_words(self._model, self._scene())
        info = self._model.info
        return {info(pos).id: (how, QRectF(*box)) for pos, (how, box) in words.items()}

    def drawn_labels(self) -> dict[str, str]:
        """The labels drawn now, by event id (lines joined by a newline): tests, accessibility."""
        tl = self._model.tl
        if tl is None:
            return {}
        info = self._model.info
        return {info(p.pos).id: "\n".join(p.lines) for p in self._scene().items}
