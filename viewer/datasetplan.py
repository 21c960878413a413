"""Which files of a partitioned Parquet dataset the viewer reads (no Qt).

A dataset (:class:`timeline.dataset.Dataset`) is opened from its footers; the
viewer then reads the events of a *window* of days, never more than a budget
of events (by the footers' row counts): the whole dataset when it fits, else
the view widened on both sides while that fits, else the view alone.  When
the view leaves the window read, a new window is read in its place (the one
before is let go): panning through the years holds one window at a time.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Final

import attrs

from timeline.dataset import Dataset

__all__ = ["BUDGET", "DAY", "Plan", "plan", "statistics", "to_days"]

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
