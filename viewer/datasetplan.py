"""Which files of a partitioned Parquet dataset the viewer reads (no Qt).

A dataset (:class:`timeline.dataset.Dataset`) is opened from its footers; the
viewer then reads the events of a *window* of days, never more than a budget
of events (by the footers' row counts): the whole dataset when it fits, else
the view widened on both sides while that fits, else the view alone.  When
the view leaves the window read, a new window is read in its place (the one
before is let go): panning through the years holds one window at a time.
What is not read is still counted (:class:`Unread`): the row groups not read
from their footers' statistics, the rows of the groups read that fall outside the
window exactly (:class:`timeline.dataset.NotRead`); the canvas draws it, as the
overview strip draws the whole.  A read gives besides its events (:class:`Beside`) the
links of its events to events not read and how many events not read link to each.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from typing import Final

import attrs

from timeline.dataset import Dataset, NotRead, Window
from timeline.models import Link

__all__ = [
    "BUDGET",
    "DAY",
    "Beside",
    "Plan",
    "Unread",
    "around",
    "plan",
    "statistics",
    "to_days",
    "unread",
]

BUDGET: Final = 200_000
"""The most events read for one window (the whole dataset when it holds no more)."""

DAY: Final = 86_400.0
"""Seconds in a day: the canvas's keys are seconds, a dataset's statistics days."""


@attrs.frozen
class Plan:
    """What to read: ``window`` (days since 1970, both included; ``None``: every file) and
    ``rows``, the events it holds by the footers; ``fits`` when that is within the budget."""

    window: tuple[float, float] | None
    rows: int
    fits: bool

    def covers(self, view: tuple[float, float]) -> bool:
        """True when the events of the view (seconds) are all read with this plan."""
        if self.window is None:
            return True
        lo, hi = to_days(view)
        return self.window[0] <= lo and hi <= self.window[1]


def to_days(view: tuple[float, float]) -> tuple[float, float]:
    """The days (since 1970, both included) a view in seconds covers."""
    return float(math.floor(view[0] / DAY)), float(math.floor(view[1] / DAY))


def around(days: tuple[float, float], width: float) -> tuple[float, float]:
    """A view ``width`` seconds wide (wider when the event is) centred on an event's days
    (since 1970, both included; an open end is ``-inf``/``inf``)."""
    lo, hi = days
    lo = hi if not math.isfinite(lo) else lo
    hi = lo if not math.isfinite(hi) else hi
    middle = (lo + hi + 1) / 2 * DAY
    half = max(width, (hi - lo + 1) * DAY * 1.2) / 2
    return middle - half, middle + half


def plan(dataset: Dataset, view: tuple[float, float] | None, budget: int = BUDGET) -> Plan:
    """The window to read for ``view`` (seconds; ``None``: a first view, the dataset's end)."""
    if dataset.rows <= budget:
        return Plan(None, dataset.rows, True)
    if view is None:
        return _last(dataset, budget)
    lo, hi = to_days(view)
    width = hi - lo + 1
    for pad in (width, width / 2, 0.0):
        window = (math.floor(lo - pad), math.ceil(hi + pad))
        rows = dataset.rows_touching(*window)
        if rows <= budget:
            return Plan((float(window[0]), float(window[1])), rows, True)
    return Plan((lo, hi), dataset.rows_touching(lo, hi), False)


def statistics(
    dataset: Dataset,
) -> tuple[tuple[float, float], Callable[[list[float]], list[float]]]:
    """The dataset's span and its density (counts between edges), in the canvas's seconds,
    from its footers: the whole of it, whatever window is read."""
    first, last = dataset.span()

    def density(edges: list[float]) -> list[float]:
        return dataset.density([edge / DAY for edge in edges])

    return (first * DAY, (last + 1) * DAY), density


@attrs.frozen
class Beside:
    """What a read of a window gives besides its events (:class:`timeline.dataset.Window`'s):
    the links of its events to events not read (by the linking event's id), how many events
    not read link to each event read (by its id), and the events not read, counted."""

    outside: Mapping[str, tuple[Link, ...]] = attrs.field(factory=dict)
    incoming: Mapping[str, int] = attrs.field(factory=dict)
    not_read: NotRead | None = None

    @classmethod
    def of(cls, window: Window) -> Beside:
        return cls(window.outside, window.incoming, window.not_read)


@attrs.frozen
class Unread:
    """The events of a dataset that are not read, counted: those that start outside the
    window read (``read``, seconds: from its first day to the end of its last)."""

    read: tuple[float, float]
    density: Callable[[list[float]], list[float]]
    """Counts between edges in seconds: the events not read (:class:`NotRead`'s), or the
    whole dataset's (:func:`statistics`'s), of which :meth:`counts` takes the days outside
    the window read."""
    budget: int = BUDGET
    """The most events a view may hold to be read when it rests."""
    rows: int | None = None
    """How many events are not read in all (exact; ``None``: not known)."""

    def counts(self, edges: Sequence[float]) -> list[float]:
        """How many events not read start in each bin between consecutive ``edges`` (seconds,
        increasing): the statistics' counts of each bin's days outside the window read
        (spread evenly over a row group's days, so a fraction where a bin cuts them)."""
        bins = len(edges) - 1
        if bins < 1:
            return []
        lo, hi = self.read
        cuts = sorted({*edges, *(t for t in (lo, hi) if edges[0] < t < edges[-1])})
        counted = self.density(cuts)
        out = [0.0] * bins
        for j, n in enumerate(counted):
            a, b = cuts[j], cuts[j + 1]
            if n and (b <= lo or a >= hi):
                out[bisect_right(edges, a) - 1] += n
        return out


def unread(
    dataset: Dataset, chosen: Plan, budget: int = BUDGET, not_read: NotRead | None = None
) -> Unread | None:
    """What :class:`Unread` counts when ``chosen`` is read (``None``: the whole dataset is):
    ``not_read``, what the read left out, when given (the rows of the groups read that fall
    outside the window counted exactly, the events read not counted again); else the
    statistics of the days outside the window."""
    if chosen.window is None:
        return None
    lo, hi = chosen.window
    read = (lo * DAY, (hi + 1) * DAY)
    if not_read is None:
        return Unread(read, statistics(dataset)[1], budget)

    def density(edges: list[float]) -> list[float]:
        return not_read.density([edge / DAY for edge in edges])

    return Unread(read, density, budget, not_read.rows)


def _last(dataset: Dataset, budget: int) -> Plan:
    """The longest window ending on the dataset's last day that holds at most ``budget``
    events (the last day alone when none does)."""
    first, last = dataset.span()
    if math.isnan(last):
        return Plan(None, dataset.rows, False)
    rows = dataset.rows_touching(last, last)
    best = Plan((last, last), rows, rows <= budget)
    days = 1.0
    while last - days >= first - 1:
        window = (last - days, last)
        rows = dataset.rows_touching(*window)
        if rows > budget:
            break
        best = Plan(window, rows, True)
        days *= 2
    return best
