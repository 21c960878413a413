"""Axis ticks from zoom-level tables, aligned to calendar units (UTC).

:func:`ticks` picks the finest *level* of the table whose labels are at least
``min_label_px`` apart, and returns

* minor ticks at that level, labelled briefly ("2017", "Sep", "24", "13:00");
* major ticks at the enclosing calendar unit, labelled with the context
  ("2017" above months, "Sep 2017" above days, "24 Sep 2017" above hours;
  above years, one a year, the year at the left edge when its tick is left of
  the view: "2010" over a view from August 2010).

Months and years have unequal lengths, so tick times are computed from
calendar fields (:mod:`timeline.bigdate`, any year), never by adding fixed
durations.  Years run as far as values do: before year 1 they are labelled
"1000 BCE", "10,000 BCE", "300 million years ago" (ticks counted back from the
common era, so that the labels are round), after 9999 "20,000".  No Qt.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterator
from typing import Final, NamedTuple

import attrs

from timeline.bigdate import civil_from_days, days_from_civil, days_in_month, year_of_key
from timeline.i18n import describe_words, month_names, year_label
from viewer.viewport import T_MAX, T_MIN, Viewport

__all__ = ["LEVELS", "Level", "Tick", "Unit", "label_px", "level_for", "ticks"]

_DAY: Final = 86400.0
_MONTHS: Final = month_names("en")  # the same names as the dates in the details
_WORDS: Final = describe_words("en")


class Unit(enum.Enum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    HOUR = "hour"
    MINUTE = "minute"


@attrs.frozen
class Level:
    """One row of the zoom table: ticks every ``step`` ``unit`` (aligned to the calendar)."""

    unit: Unit
    step: int
    min_seconds: float
    """The shortest distance between two ticks of this level."""


def _year_level(step: int) -> Level:
    return Level(Unit.YEAR, step, step * 365 * _DAY)


# Coarsest first.  Day steps restart on the 1st of each month (1, 11, 21):
# the last tick of a month may come early, so their minimum gap is smaller.
_YEAR_STEPS: Final = tuple(
    m * 10**e for e in range(10, -1, -1) for m in (5, 2, 1) if m * 10**e <= 10**10
)  # 10 billion, 5 billion, 2 billion, 1 billion, 500 million ... 5, 2, 1

LEVELS: Final[tuple[Level, ...]] = (
    *(_year_level(s) for s in _YEAR_STEPS),
    Level(Unit.MONTH, 6, 181 * _DAY),
    Level(Unit.MONTH, 3, 89 * _DAY),
    Level(Unit.MONTH, 1, 28 * _DAY),
    Level(Unit.DAY, 10, 8 * _DAY),
    Level(Unit.DAY, 5, 3 * _DAY),
    Level(Unit.DAY, 2, 1 * _DAY),
    Level(Unit.DAY, 1, 1 * _DAY),
    Level(Unit.HOUR, 12, 12 * 3600.0),
    Level(Unit.HOUR, 6, 6 * 3600.0),
    Level(Unit.HOUR, 3, 3 * 3600.0),
    Level(Unit.HOUR, 1, 3600.0),
    Level(Unit.MINUTE, 30, 1800.0),
    Level(Unit.MINUTE, 15, 900.0),
    Level(Unit.MINUTE, 10, 600.0),
    Level(Unit.MINUTE, 5, 300.0),
    Level(Unit.MINUTE, 1, 60.0),
)


@attrs.frozen
class Tick:
    """A tick at time ``t`` (seconds), drawn at ``x`` pixels; ``label`` may be empty."""

    t: float
    x: float
    label: str
    major: bool


_CHAR_PX: Final = 6.5  # (a generous width of a character of the axis font)


def label_px(viewport: Viewport, min_label_px: float = 80.0) -> float:
    """How far apart labels must be: ``min_label_px``, or more for long year labels.

    Years far from the common era read long ("1.8 million years ago", "12,000
    BCE"): their ticks are spread so that the labels do not run into each other.
    """
    years = (year_of_key(viewport.start), year_of_key(viewport.end))
    if all(1 <= y <= 9999 for y in years):
        return min_label_px
    longest = max(len(year_label(y, _WORDS)) for y in years) + 2  # ("1.85 million" is longer)
    return max(min_label_px, longest * _CHAR_PX)


def level_for(viewport: Viewport, min_label_px: float = 80.0) -> Level:
    """The finest level whose ticks are at least ``min_label_px`` apart (see :func:`label_px`)."""
    min_label_px = label_px(viewport, min_label_px)
    spp = viewport.seconds_per_px
    chosen = LEVELS[0]
    for level in LEVELS:
        if level.min_seconds / spp >= min_label_px:
            chosen = level
        else:
            break
    return chosen


class _Stamp(NamedTuple):
    """A tick's time and its calendar fields (any year: astronomical numbering)."""

    t: float
    year: int
    month: int = 1
    day: int = 1
    minutes: int = 0  # since midnight


def _key(year: int, month: int = 1, day: int = 1) -> float:
    return days_from_civil(year, month, day) * _DAY


def _years(step: int, lo: float) -> Iterator[int]:
    """Years of ticks every ``step`` years from the one at or before ``lo``, onwards.

    From year 1 on, multiples of ``step`` (1000, 2000); before, years a
    multiple of ``step`` before the common era (year -999 is 1000 BCE), so that
    both read round; there is no year between 1 BCE and 1.
    """
    first = year_of_key(max(lo, T_MIN))
    if first >= 1:
        y = first - first % step
        if y < 1:  # before the first multiple of step: the last tick before the era
            y = 1 - step
    else:  # 1 - (the least multiple of step at or above 1 - first)
        y = 1 + ((first - 1) // step) * step
    while True:
        yield y
        if y <= 0:
            before = (1 - y) - step
            y = 1 - before if before > 0 else (step if step > 1 else 1)
        else:
            y += step


def _walk(unit: Unit, step: int, lo: float, hi: float) -> Iterator[_Stamp]:
    """Aligned instants of ``step`` ``unit`` from the one at or before ``lo`` to past ``hi``."""
    if unit is Unit.YEAR:
        for y in _years(step, lo):
            t = _key(y)
            if t > T_MAX:
                return
            yield _Stamp(t, y)
            if t > hi:
                return
        return
    first_day = math.floor(max(lo, T_MIN) / _DAY)
    y, m, d = civil_from_days(first_day)
    if unit is Unit.MONTH:
        m -= (m - 1) % step
        while True:
            t = _key(y, m)
            if t > T_MAX:
                return
            yield _Stamp(t, y, m)
            if t > hi:
                return
            m += step
            if m > 12:
                y, m = y + 1, m - 12
    if unit is Unit.DAY:
        while True:
            days = days_in_month(y, m)
            day = 1
            while day <= days:
                # Skip a tick that would fall closer than half a step to the 1st.
                if day > 1 and days - day + 1 < math.ceil(step / 2):
                    break
                t = _key(y, m, day)
                if t > T_MAX:
                    return
                if t + step * _DAY >= lo:
                    yield _Stamp(t, y, m, day)
                    if t > hi:
                        return
                day += step
            m += 1
            if m > 12:
                y, m = y + 1, 1
    seconds = 3600 if unit is Unit.HOUR else 60
    size = step * seconds
    t = math.floor(max(lo, T_MIN) / size) * size
    while t <= T_MAX:
        # Aligned to the calendar day: steps divide 24 h and 60 min.
        day_number = math.floor(t / _DAY)
        y, m, d = civil_from_days(day_number)
        yield _Stamp(t, y, m, d, int(t - day_number * _DAY) // 60)
        if t > hi:
            return
        t += size


def _minor_label(unit: Unit, d: _Stamp) -> str:
    if unit is Unit.YEAR:
        return year_label(d.year, _WORDS)
    if unit is Unit.MONTH:
        return _MONTHS[d.month - 1]
    if unit is Unit.DAY:
        return str(d.day)
    return f"{d.minutes // 60:02d}:{d.minutes % 60:02d}"


def _major_of(level: Level) -> tuple[Unit, int] | None:
    if level.unit is Unit.YEAR:
        big = 10 ** (len(str(level.step)))  # the next power of ten above the step
        return (Unit.YEAR, big) if big <= 10**10 else None
    if level.unit is Unit.MONTH:
        return Unit.YEAR, 1
    if level.unit is Unit.DAY:
        return Unit.MONTH, 1
    return Unit.DAY, 1


def _major_label(unit: Unit, d: _Stamp, fine: Unit) -> str:
    year = year_label(d.year, _WORDS)
    if unit is Unit.YEAR:
        return "" if fine is Unit.YEAR else year
    if unit is Unit.MONTH:
        return f"{_MONTHS[d.month - 1]} {year}"
    return f"{d.day} {_MONTHS[d.month - 1]} {year}"


def ticks(viewport: Viewport, min_label_px: float = 80.0) -> list[Tick]:
    """Major and minor ticks of the visible range, sorted by time.

    Minor labels never come closer than ``min_label_px``: where the calendar
    makes two ticks close (the 21st and the 1st of a short month), the second
    label is dropped and the tick kept.  A major tick just left of the view is
    included (with a negative ``x``) so the painter can keep its context label
    on screen.
    """
    level = level_for(viewport, min_label_px)
    min_label_px = label_px(viewport, min_label_px)
    lo, hi = viewport.start, viewport.end
    result: list[Tick] = []
    major = _major_of(level)
    major_times: set[float] = set()
    if major is not None:
        unit, step = major
        previous: Tick | None = None
        for d in _walk(unit, step, lo, hi):
            t = d.t
            tick = Tick(t, viewport.x_for(t), _major_label(unit, d, level.unit), True)
            if t < lo:
                previous = tick
                continue
            if t > hi:
                break
            if previous is not None:
                result.append(previous)
                previous = None
            result.append(tick)
            major_times.add(t)
        if previous is not None:
            result.append(previous)
    last_label_x = -math.inf
    for d in _walk(level.unit, level.step, lo, hi):
        t = d.t
        if t < lo:
            continue
        if t > hi:
            break
        x = viewport.x_for(t)
        label = _minor_label(level.unit, d)
        if x - last_label_x < min_label_px:
            label = ""
        else:
            last_label_x = x
        result.append(Tick(t, x, label, False))
    if level.unit is Unit.YEAR and level.step == 1:
        result.extend(_edge_year(viewport))
    result.sort(key=lambda tick: (tick.t, not tick.major))
    return result


def _edge_year(viewport: Viewport) -> list[Tick]:
    """At one tick a year, the year at the left edge as a context label (as "2017" above
    months) when its own tick is left of the view: a view from August 2010 named no year
    before 2011.  Just left of the view, so it draws no grid line."""
    edge = next(_walk(Unit.YEAR, 1, viewport.start, viewport.end), None)
    if edge is None or edge.t >= viewport.start:
        return []
    return [Tick(viewport.start, -1.0, year_label(edge.year, _WORDS), True)]
