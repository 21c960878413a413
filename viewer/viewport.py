"""Where the timeline is shown: a pure value mapping time to pixels.

A :class:`Viewport` is the visible time range ``[start, end]`` (seconds since
1970-01-01 on the display zone's wall clock, counted as if UTC: the local keys
of :mod:`timeline.days`) spread over ``width_px`` pixels.  Every navigation
(zoom, pan, fit) returns a new value; the limits (shortest and longest span,
the years values may have: 20 billion either way, see :mod:`timeline.bigdate`)
are enforced in one place, :func:`_limited`, which every construction goes
through.

:class:`EventBounds` holds the flat arrays of a timeline's bounds that the
canvas and the overview strip count and fit with, made in one pass and
shared (:meth:`EventBounds.of` keeps them while the timeline lives).

No Qt here: the canvas, the overview strip and the tests share this.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

import attrs

from timeline._copies import copied
from timeline._threads import both
from timeline.bigdate import YEAR_LIMIT, year_start_key
from timeline.columns import EventColumns
from timeline.edtf import DAY
from viewer.memo import PerTimeline

if TYPE_CHECKING:
    from timeline.models import Timeline

__all__ = [
    "MAX_SPAN",
    "MIN_SPAN",
    "SORT_WHOLE_FROM",
    "T_MAX",
    "T_MIN",
    "EventBounds",
    "Viewport",
    "carry_bounds",
    "finite_extent",
    "shares_keys",
    "sorted_keys",
]

MIN_SPAN: Final = 60.0
"""Shortest visible span: one minute across the whole width."""
T_MIN: Final = year_start_key(-YEAR_LIMIT)
"""The first instant that can be shown: 1 January of the first year a value may have."""
T_MAX: Final = year_start_key(YEAR_LIMIT + 1)
"""The end of the last year a value may have (exclusive)."""
MAX_SPAN: Final = T_MAX - T_MIN
"""Longest visible span: every year a value may have (40 billion)."""


def _limited(start: float, end: float, anchor: float = 0.5) -> tuple[float, float]:
    """The one place where the limits are enforced.

    The span is clamped to ``[MIN_SPAN, MAX_SPAN]`` (at least 4096 float steps
    of its times, far from 1970: an hour at 170 million years) keeping the time at
    fraction ``anchor`` of the width in place, then the range is shifted to
    lie within :data:`T_MIN` and :data:`T_MAX`.  Non-finite input falls back to a sane range.
    """
    if not (math.isfinite(start) and math.isfinite(end)):
        start, end = 0.0, 365.0 * DAY
    if end < start:
        start, end = end, start
    span = end - start
    # far from 1970 a float's steps grow (128 s at 18 billion years): the
    # shortest span there is 4096 of them, so that times still tell pixels apart
    shortest = max(MIN_SPAN, math.ulp(max(abs(start), abs(end))) * 4096)
    if span < shortest or span > MAX_SPAN:
        pivot = start + anchor * span
        span = min(max(span, shortest), MAX_SPAN)
        start = pivot - anchor * span
        end = start + span
    if start < T_MIN:
        start, end = T_MIN, T_MIN + span
    if end > T_MAX:
        start, end = T_MAX - span, T_MAX
    return start, end


@attrs.frozen
class Viewport:
    """The visible time range ``[start, end]`` over ``width_px`` pixels.

    >>> v = Viewport(0.0, 1000.0, 100)
    >>> v.x_for(500.0), v.time_at(50.0), v.seconds_per_px
    (50.0, 500.0, 10.0)
    """

    start: float
    end: float
    width_px: int

    def __attrs_post_init__(self) -> None:
        start, end = _limited(float(self.start), float(self.end))
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "width_px", max(1, int(self.width_px)))

    @property
    def span(self) -> float:
        """Visible duration in seconds."""
        return self.end - self.start

    @property
    def seconds_per_px(self) -> float:
        return (self.end - self.start) / self.width_px

    def x_for(self, t: float) -> float:
        """The x (pixels from the left edge) of time ``t``; may lie outside the width."""
        return (t - self.start) * self.width_px / (self.end - self.start)

    def time_at(self, x: float) -> float:
        """The time under pixel ``x``."""
        return self.start + x * (self.end - self.start) / self.width_px

    def zoomed(self, factor: float, around_x: float | None = None) -> Viewport:
        """Zoom in by ``factor`` (> 1 zooms in, < 1 out); the time under ``around_x`` stays put.

        ``around_x`` defaults to the centre.  At a limit the zoom stops there.
        """
        if not (math.isfinite(factor) and factor > 0):
            return self
        if around_x is None:
            around_x = self.width_px / 2
        anchor = around_x / self.width_px
        pivot = self.time_at(around_x)
        span = (self.end - self.start) / factor
        start = pivot - anchor * span
        start, end = _limited(start, start + span, anchor)
        return Viewport(start, end, self.width_px)

    def panned(self, dx_px: float) -> Viewport:
        """The view moved by ``dx_px`` pixels of time (positive: later)."""
        dt = dx_px * self.seconds_per_px
        return Viewport(self.start + dt, self.end + dt, self.width_px)

    def centered_on(self, t: float) -> Viewport:
        """The same zoom, centred on time ``t``."""
        half = (self.end - self.start) / 2
        return Viewport(t - half, t + half, self.width_px)

    def fitted(self, lo: float, hi: float, margin: float = 0.05) -> Viewport:
        """A view showing ``[lo, hi]`` with ``margin`` (a fraction of it) on each side."""
        if not (math.isfinite(lo) and math.isfinite(hi)):
            return self
        if hi < lo:
            lo, hi = hi, lo
        pad = (hi - lo) * margin
        return Viewport(lo - pad, hi + pad, self.width_px)

    def with_width(self, px: int) -> Viewport:
        """The same start and time scale over a new width (the end moves)."""
        px = max(1, int(px))
        return Viewport(self.start, self.start + self.seconds_per_px * px, px)

    def contains(self, t: float) -> bool:
        return self.start <= t <= self.end


def finite_extent(lowers: Sequence[float], uppers: Sequence[float]) -> tuple[float, float]:
    """The first and last finite bound of sorted ``lowers`` and ``uppers`` (NaN if none)."""
    lo, hi = math.inf, -math.inf
    for values in (lowers, uppers):
        first = bisect_right(values, -math.inf)
        last = bisect_left(values, math.inf) - 1
        if first <= last:
            lo, hi = min(lo, values[first]), max(hi, values[last])
    return (lo, hi) if lo <= hi else (math.nan, math.nan)


@attrs.frozen(eq=False)
class EventBounds:
    """A timeline's event bounds as flat arrays, on the clock of one display zone.

    The bounds are the events' local keys (:meth:`Timeline.keys`): seconds
    since 1970-01-01 on the wall clock of ``zone`` (``None``: each event's
    own zone), counted as if UTC.  ``lowers`` and ``uppers`` are by position
    (positions in :attr:`Timeline.events`); ``sorted_lowers`` and
    ``sorted_uppers`` let the events overlapping a window be counted by two
    bisections.  ``lo``/``hi``: the first and last finite bound (NaN when
    there is none).  All four are read, never written: ``lowers`` and ``uppers`` are the
    columns' own keys when the timeline holds them (:func:`local_keys_of`).
    """

    lowers: array[float]
    uppers: array[float]
    sorted_lowers: array[float]
    sorted_uppers: array[float]
    lo: float
    hi: float

    @classmethod
    def of(cls, tl: Timeline, zone: str | None = None) -> EventBounds:
        """The bounds of ``tl`` in ``zone``: made once (the timeline's keys, sorted) and kept
        while ``tl`` lives, for any thread (the loader's worker makes them first)."""
        return _BOUNDS(tl, zone)

    @classmethod
    def made(cls, tl: Timeline, zone: str | None = None) -> EventBounds:
        """The bounds of ``tl`` in ``zone``, made now (:meth:`of` keeps them)."""
        lowers, uppers = local_keys_of(tl, zone)
        # (the two sorted at once: numpy's sort releases the GIL, 1 s each at ten million)
        sorted_lowers, sorted_uppers = both(
            lambda: sorted_keys(lowers),
            lambda: sorted_keys(uppers),
            parallel=len(lowers) >= SORT_WHOLE_FROM,
        )
        extent = finite_extent(sorted_lowers, sorted_uppers)
        return cls(lowers, uppers, sorted_lowers, sorted_uppers, *extent)

    def count(self, lo: float, hi: float) -> int:
        """Events overlapping ``[lo, hi)``: O(log n)."""
        return bisect_left(self.sorted_lowers, hi) - bisect_right(self.sorted_uppers, lo)


_BOUNDS: PerTimeline[str | None, EventBounds] = PerTimeline(EventBounds.made)


def shares_keys(old: Timeline, new: Timeline) -> bool:
    """Whether the events of ``new`` have the dates of ``old``'s, in the same places: an
    edit that kept each event's date shares the keys (:class:`~timeline.columns.EventColumns`)."""
    before, after = old.events, new.events
    return (
        isinstance(before, EventColumns)
        and isinstance(after, EventColumns)
        and before.keys is after.keys
    )


def carry_bounds(old: Timeline, new: Timeline) -> None:
    """Keep for ``new`` the bounds made of ``old`` when it :func:`shares_keys` with it: the
    sorts of every key are saved (0.2 s on the GUI thread at ten million events)."""
    if shares_keys(old, new):
        _BOUNDS.carry(old, new)


SORT_WHOLE_FROM: Final = 50_000
"""Keys from which :func:`sorted_keys` sorts with numpy, when it is installed."""


def local_keys_of(tl: Timeline, zone: str | None) -> tuple[array[float], array[float]]:
    """The local keys of the events of ``tl`` on the clock of ``zone`` (lowers, uppers by
    position), to be read only: a timeline held as columns gives its own in each event's
    zone (``None``), not copies (ten million events: 160 MB more for as long as the
    timeline is shown); else made (:meth:`Timeline.keys`)."""
    events = tl.events
    if zone is None and isinstance(events, EventColumns):
        keys = events.keys
        return _floats(keys.local_lowers), _floats(keys.local_uppers)
    lowers, uppers = tl.keys(zone)
    return _floats(lowers), _floats(uppers)


def _floats(keys: Sequence[float]) -> array[float]:
    """``keys`` as an ``array("d")``: themselves when they are one (:meth:`Timeline.keys`
    gives new ones), else copied."""
    if isinstance(keys, array) and keys.typecode == "d":
        return keys
    return array("d", keys)


def sorted_keys(keys: array[float]) -> array[float]:
    """``keys`` in ascending order: with numpy for many (a tenth of ``sorted``'s time at a
    million keys), else ``sorted``; the same array either way (keys are never NaN)."""
    if len(keys) >= SORT_WHOLE_FROM:
        try:
            import numpy as np
        except ImportError:  # pragma: no cover (numpy comes with the 'arrow' extra)
            pass
        else:
            # (sorted in place: no numpy copy; copied a piece at a time, as a copy of ten
            # million keys in one call held the interpreter for 0.1 s: the window froze)
            ordered = copied(keys, "d")
            np.frombuffer(ordered, np.float64).sort()
            return ordered
    return array("d", sorted(keys))
