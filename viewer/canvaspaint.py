"""How the canvas paints: the frame, the legend, and what it says when there is nothing to show.

:class:`CanvasPainting` is the part of :class:`~viewer.canvas.TimelineCanvas`
that draws (mixed into it, like :class:`~viewer.navigation.Navigation` and
:class:`~viewer.queries.SceneQueries`): each paint draws the current scene
with the painters (:func:`viewer.painters.frame.paint_frame`), then, while
idle, makes what the first zoomed-in frame will need.  The legend is a badge
in the axis strip that opens into a panel.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

import attrs
from PySide6.QtCore import QObject, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPalette

from timeline.errors import TimelineError
from viewer.digest import digest_of
from viewer.painters import Frame
from viewer.painters.frame import paint_frame
from viewer.painters.legend import ERA_LEGEND, MARK_LEGEND, Legend
from viewer.scene import Scene, SceneModel, Shown, heavy_warmth
from viewer.style import TagColours
from viewer.warmaway import WARM_AWAY_FROM, WarmAway

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from timeline.models import Timeline

__all__ = ["CanvasPainting", "FrameStats", "Metrics"]


@attrs.define
class FrameStats:
    """What the last paint did (for tests and profiling)."""

    paints: int = 0
    """Frames painted so far."""
    events_touched: int = 0
    """Events looked at by the last frame (found by the index, not all)."""
    drawn: int = 0
    """Events drawn with a mark in the last frame."""
    mode: str = "empty"
    """``events``, ``density`` or ``empty``."""
    overflow: int = 0
    """Events aggregated in the overflow band (more than the lanes)."""
    hidden: int = 0
    """Events in the time range whose lane is scrolled out of sight."""
    laid_out: int = 0
    """Events the lane layout has looked at since the timeline (or filter) was set."""
    unread: float = 0.0
    """Events of a dataset not read that start in the view, counted from its statistics."""

    def record(self, scene: Scene, shown: Shown | None) -> None:
        """Count a frame that drew ``scene``."""
        self.paints += 1
        self.events_touched = scene.touched
        self.drawn = len(scene.items)
        self.mode = scene.mode
        self.overflow = len(scene.overflow)
        self.hidden = scene.hidden
        self.laid_out = shown.lanes.placed if shown is not None and shown.lanes else 0
        self.unread = sum(scene.unread)


class Metrics:
    """Text widths of the canvas's font and of its small font (a :class:`Measure`)."""

    def __init__(self, font: QFont) -> None:
        self.font = font
        self.small = QFont(font)
        self.small.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
        self.fm = QFontMetricsF(font)
        self.fm_small = QFontMetricsF(self.small)

    def width(self, text: str) -> float:
        return self.fm.horizontalAdvance(text)

    def elide(self, text: str, px: float) -> str:
        return self.fm.elidedText(text, Qt.TextElideMode.ElideRight, px)

    def small_width(self, text: str) -> float:
        return self.fm_small.horizontalAdvance(text)

    def small_elide(self, text: str, px: float) -> str:
        return self.fm_small.elidedText(text, Qt.TextElideMode.ElideRight, px)

    def average_char(self) -> float:
        sample = "Abcdefghijklmnopqrstuvwxyz 0123456789"
        return self.fm.horizontalAdvance(sample) / len(sample)

    def line_height(self) -> float:
        return self.fm.height()

    def small_line_height(self) -> float:
        return self.fm_small.height()


class CanvasPainting:
    """Painting, the legend and the empty message of the canvas (mixed into it)."""

    _model: SceneModel
    _metrics: Metrics
    _colour_table: TagColours | None
    _legend_visible: bool
    _selected: str | None
    _matches: frozenset[str]
    _all_links: bool
    _empty_text: str
    _stats: FrameStats
    _warm_pending: bool
    _warm_away: WarmAway
    _scene_cache: Scene | None
    _after_paint: list[Callable[[], object]]

    if TYPE_CHECKING:  # the widget's own, at run time

        def viewport(self) -> QWidget: ...
        def palette(self) -> QPalette: ...
        def font(self) -> QFont: ...

    def _scene(self) -> Scene:
        raise NotImplementedError

    def _paint_preview(self, p: QPainter) -> None:
        """What is drawn over the frame (the canvas: where a dragged event would land)."""

    def legend(self, width: float | None = None) -> Legend:
        """The legend of this canvas, or of an export ``width`` pixels wide."""
        w = float(self.viewport().width()) if width is None else width
        eras = self._model.era_spans()
        era = QColor(eras.colours[0]) if len(eras) else None
        return Legend(self.font(), self._colours, w, era)

    def set_legend_visible(self, visible: bool) -> None:
        """Open (``True``) or close the legend panel; closed, it is a small badge in the axis."""
        if visible != self._legend_visible:
            self._legend_visible = visible
            self.viewport().update()

    def legend_visible(self) -> bool:
        """True when the legend panel is open (it opens and closes with a click on its badge)."""
        return self._legend_visible

    def legend_badge_rect(self) -> QRectF:
        """Where the legend's badge is (viewport coordinates), at the right of the axis strip."""
        return self.legend().badge_rect()

    def legend_items(self) -> list[tuple[str, str]]:
        """What the legend explains: ``(label, kind)``; kind is ``tag`` or ``mark``."""
        items = [(tag, "tag") for tag, _ in self._colours.legend()]
        items += [(text, "mark") for _, text in MARK_LEGEND]
        if len(self._model.era_spans()):
            items.append((ERA_LEGEND[1], "mark"))
        return items

    @property
    def _colours(self) -> TagColours:
        """Tag colours, made on first use (the tags by use: :func:`viewer.digest.digest_of`)."""
        if self._colour_table is None:
            tl = self._model.tl
            self._colour_table = TagColours(digest_of(tl).tag_names() if tl else [])
        return self._colour_table

    # -- painting ------------------------------------------------------------------------

    def _warm(self) -> None:
        """Make, while idle after a paint, what the first zoomed-in frame needs.

        One step per call (tag colours, reported spans, the lane index: each a
        pass over the events, tens of ms at 100k), so input is handled between.
        """
        shown = self._model.shown
        tl = self._model.tl
        if tl is None or shown is None or not shown.positions:
            return
        if self._colour_table is None:
            self._colours  # noqa: B018 -- made on first use
        elif (heavy := heavy_warmth(self._model, WARM_AWAY_FROM)) is not None:
            self._warm_away.warm(tl, heavy)  # (then warmed on: :meth:`_warmed_away`)
            return
        elif not self._model.warm_step():
            return  # (all made; or drawn from the keys: warmed again once the rest is checked)
        QTimer.singleShot(0, cast("QObject", self), self._warm)

    def _warmed_away(self, _tl: object) -> None:
        """The worker made what was heavy to warm up of a timeline: warm on with the one shown
        (the same, or one whose heavy part waited for the worker)."""
        self._warm()

    def rest_checked(self, tl: Timeline) -> None:
        """The rest of ``tl`` (a phased load's) has passed its checks
        (:attr:`viewer.loader.LiveLoader.completed`): shown, drawn from its keys until now, it
        is drawn again with what needs the rest (its ghosts and links), and warmed up."""
        self._caught_up(tl, made=False)

    def made_for_frames(self, tl: Timeline) -> None:
        """The loader's worker made what the frames of every event of ``tl`` need after its
        rest's check (its span index and lanes, with the ghosts): ``tl``, shown and drawn from
        its keys until now (:meth:`rest_checked` does not make them here: seconds at a
        million), is drawn whole."""
        self._caught_up(tl, made=True)

    def _caught_up(self, tl: Timeline, *, made: bool) -> None:
        """Draw ``tl`` whole if it is shown and was drawn from its keys until now (else, as
        when the worker's word is still to come, nothing changed: no frame)."""
        if self._model.awaits(tl) and self._model.catch_up(made=made):
            self._scene_cache = None
            self._warm_pending = True
            self.viewport().update()

    def paint_scene(self, p: QPainter, scene: Scene, legend: Legend, mode: str) -> None:
        """Draw ``scene`` with ``p``; ``mode``: ``badge``, ``panel`` (legend open), ``strip``."""
        self._paint(p, scene, legend, mode)

    def set_empty_text(self, text: str) -> None:
        """What the canvas says while it has no events to show ("Loading…", why not)."""
        if text != self._empty_text:
            self._empty_text = text
            self.viewport().update()

    def empty_text(self) -> str:
        """The message shown instead of an axis when there are no events ("" when shown)."""
        tl = self._model.tl
        return self._empty_text if tl is None or not tl.events else ""

    def _paint_empty(self, p: QPainter, text: str) -> None:
        """A message in the middle (plain text, wrapped) instead of an empty 1970 axis."""
        pal = self.palette()
        p.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
        p.setFont(self.font())
        room = QRectF(self.viewport().rect()).adjusted(24, 24, -24, -24)
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        p.drawText(room, int(flags), text)

    def after_next_paint(self, step: Callable[[], object]) -> None:
        """Run ``step`` once the next frame is painted (at the end of that paint); now, when
        the canvas is not shown (no frame is coming).

        For work the first frame of a timeline does not need (a loader's follow-ups on a
        worker: :meth:`viewer.loader.LiveLoader.set_follow_up_gate`), so that it does not
        compete with that frame for the processor.
        """
        if self.viewport().isVisible():
            self._after_paint.append(step)
        else:
            step()

    def paintEvent(self, event: QPaintEvent) -> None:
        try:
            self._paint_event()
        finally:
            steps, self._after_paint = self._after_paint, []
            for step in steps:
                step()

    def _paint_event(self) -> None:
        empty = self.empty_text()
        scene = None
        if not empty:
            try:
                scene = self._scene()
            except TimelineError:
                # the events drawn made the rest of a phased load checked here, and it is
                # bad: the loader says so too (LiveLoader.rejected), and it goes
                empty = "…"
        if scene is None:
            painter = QPainter(self.viewport())
            try:
                painter.fillRect(
                    QRectF(self.viewport().rect()), self.palette().color(QPalette.ColorRole.Base)
                )
                self._paint_empty(painter, empty)
            finally:
                painter.end()
            return
        painter = QPainter(self.viewport())
        try:
            painter.fillRect(
                QRectF(self.viewport().rect()), self.palette().color(QPalette.ColorRole.Base)
            )
            self._paint(painter, scene, self.legend(), "panel" if self._legend_visible else "badge")
            self._paint_preview(painter)
        finally:
            painter.end()
        self._stats.record(scene, self._model.shown)
        if self._warm_pending:
            self._warm_pending = False
            QTimer.singleShot(0, cast("QObject", self), self._warm)

    def _paint(self, p: QPainter, scene: Scene, legend: Legend, mode: str) -> None:
        pal = self.palette()
        frame = Frame(
            p,
            scene,
            self._model,
            self._colours,
            self._metrics.font,
            self._metrics.small,
            pal.color(QPalette.ColorRole.Text),
            pal.color(QPalette.ColorRole.Base),
            pal.color(QPalette.ColorRole.Highlight),
            self._selected,
            self._matches,
            self._all_links,
        )
        paint_frame(frame, legend, mode)
