"""How a printed timeline is cut into pages: pure rules, no Qt.

A print or PDF draws the canvas's own scene page by page at the size of the
screen's text (never shrunk below :data:`MIN_TEXT_PT`).  The span is cut into
slices one page wide; the number of pages is the fewest at which every lane
fits on a page (at most :data:`MAX_PAGES`); pages where nothing begins or
ends are left out.  Each page says its dates.
"""

from __future__ import annotations

import datetime as _dt
import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from typing import Final

import attrs

from timeline.bigdate import BigDate
from timeline.i18n import MONTHS_EN, describe_words, year_label

__all__ = [
    "MAX_PAGES",
    "MIN_TEXT_PT",
    "Page",
    "busy",
    "fewest_pages",
    "page_dates",
    "split",
    "text_scale",
]

MIN_TEXT_PT: Final = 8.0
"""No printed text is smaller than this (points)."""
MAX_PAGES: Final = 40
"""A print never has more pages than this, however long the span."""

_EPOCH: Final = _dt.datetime(1970, 1, 1)
_DAY: Final = 86_400.0
_WORDS: Final = describe_words("en")


@attrs.frozen
class Page:
    """One page: its number (from 1), of how many, and the slice of time it shows."""

    number: int
    count: int
    start: float
    end: float

    def __attrs_post_init__(self) -> None:
        if not 1 <= self.number <= self.count:
            raise ValueError(f"page number {self.number} is not in 1..{self.count}")
        if not self.start < self.end:
            raise ValueError(f"page start {self.start} is not before its end {self.end}")


def split(start: float, end: float, count: int) -> list[Page]:
    """``[start, end]`` cut into ``count`` equal, touching slices."""
    if count < 1:
        raise ValueError(f"page count {count} is below 1")
    if not start < end:
        raise ValueError(f"span start {start} is not before its end {end}")
    step = (end - start) / count
    edges = [start + i * step for i in range(count)] + [end]
    return [Page(i + 1, count, edges[i], edges[i + 1]) for i in range(count)]


def busy(pages: list[Page], marks: Sequence[float]) -> list[Page]:
    """The pages where something begins or ends (a time of sorted ``marks``), numbered again.

    A page that would only show bars running through it (a long interval
    crossing months where nothing else happens) is left out; each page says
    its dates, so the gap shows.  All pages when none has a mark.
    """
    kept = [p for p in pages if bisect_left(marks, p.start) < bisect_right(marks, p.end)]
    if not kept:
        kept = pages
    return [Page(i + 1, len(kept), p.start, p.end) for i, p in enumerate(kept)]


def text_scale(smallest_pt: float, minimum_pt: float = MIN_TEXT_PT) -> float:
    """How much to enlarge a drawing whose smallest text is ``smallest_pt`` (never shrink)."""
    if smallest_pt <= 0:
        raise ValueError(f"smallest text size {smallest_pt} is not positive")
    return max(1.0, minimum_pt / smallest_pt)


def fewest_pages(fits: Callable[[int], bool], most: int = MAX_PAGES) -> int:
    """The fewest pages ``n`` (1 to ``most``) for which ``fits(n)``; ``most`` if none.

    ``fits`` is taken to be monotone (more pages, more room): it is tried at
    1, 2, 4, ... and then halved between, so about ``2 log2(most)`` times.
    """
    if most < 1:
        raise ValueError(f"most pages {most} is below 1")
    lo, hi = 0, 1  # fits(lo) is false (or lo is 0); hi is the next to try
    while hi < most and not fits(hi):
        lo, hi = hi, min(most, hi * 2)
    if hi == most and not fits(hi):
        return most
    while hi - lo > 1:  # fits(hi), not fits(lo)
        mid = (lo + hi) // 2
        if fits(mid):
            hi = mid
        else:
            lo = mid
    return hi


def _day(t: float) -> _dt.datetime:
    return _EPOCH + _dt.timedelta(seconds=round(t))


_DATETIME_KEYS: Final = (-62135596800.0, 253402300799.0)  # 0001-01-01 to 9999-12-31T23:59:59


def page_dates(start: float, end: float) -> str:
    """What a page shows, in words: ``3 Sep 2017 – 28 Sep 2017`` (times when under two days).

    ``start`` and ``end`` are seconds on the display zone's wall clock, counted
    as if UTC (the canvas's keys).  Outside years 1–9999 the years are said as
    the axis says them: ``1987 BCE – 1985 BCE``, ``300 million years ago – 2026``.
    """
    lo, hi = _DATETIME_KEYS
    if not (lo <= start <= hi and lo <= end <= hi):
        return f"{_any_day(start, end - start)} – {_any_day(end, end - start)}"
    a, b = _day(start), _day(end)
    if end - start < 2 * _DAY:
        if a.date() == b.date():
            return f"{_date(a)}, {a:%H:%M} – {b:%H:%M}"
        return f"{_date(a)}, {a:%H:%M} – {_date(b)}, {b:%H:%M}"
    return f"{_date(a)} – {_date(b)}"


def _any_day(t: float, span: float) -> str:
    """The day of ``t`` in any year; only its year when the page spans centuries."""
    d = BigDate.from_days(math.floor(t / _DAY))
    year = year_label(d.year, _WORDS)
    if span > 200 * 365 * _DAY:
        return year
    return f"{d.day} {MONTHS_EN[d.month - 1]} {year}"


def _date(d: _dt.datetime) -> str:
    return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"  # not %b: the process's locale
