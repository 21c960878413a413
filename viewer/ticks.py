"""Axis ticks from zoom-level tables, aligned to calendar units (UTC).

:func:`ticks` picks the finest *level* of the table whose labels are at least
``min_label_px`` apart, and returns

* minor ticks at that level, labelled briefly ("2017", "Sep", "24", "13:00");
* major ticks at the enclosing calendar unit, labelled with the context
  ("2017" above months, "Sep 2017" above days, "24 Sep 2017" above hours).

Months and years have unequal lengths, so tick times are computed with
:mod:`datetime` from calendar fields, never by adding fixed durations.  No Qt.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import enum
import math
from collections.abc import Iterator
from typing import Final

import attrs

from timeline.i18n import month_names
from viewer.viewport import Viewport

__all__ = ["LEVELS", "Level", "Tick", "Unit", "level_for", "ticks"]

_EPOCH: Final = _dt.datetime(1970, 1, 1)
_DAY: Final = 86400.0
_MONTHS: Final = month_names("en")  # the same names as the dates in the details


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
LEVELS: Final[tuple[Level, ...]] = (
    *(_year_level(s) for s in (1000, 500, 200, 100, 50, 20, 10, 5, 2, 1)),
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


def level_for(viewport: Viewport, min_label_px: float = 80.0) -> Level:
    """The finest level whose ticks are at least ``min_label_px`` apart."""
    spp = viewport.seconds_per_px
    chosen = LEVELS[0]
    for level in LEVELS:
        if level.min_seconds / spp >= min_label_px:
            chosen = level
        else:
            break
    return chosen


def _to_dt(t: float) -> _dt.datetime:
    return _EPOCH + _dt.timedelta(seconds=t)


def _to_t(d: _dt.datetime) -> float:
    return (d - _EPOCH).total_seconds()


def _walk(unit: Unit, step: int, lo: float, hi: float) -> Iterator[_dt.datetime]:
    """Aligned instants of ``step`` ``unit`` from the one at or before ``lo`` to past ``hi``."""
    first = _to_dt(max(lo, _to_t(_dt.datetime(1, 1, 1))))
    last_year = _dt.datetime.max.year
    if unit is Unit.YEAR:
        y = first.year - first.year % step
        if y < 1:  # there is no year 0
            y += step
        while y <= last_year:
            d = _dt.datetime(y, 1, 1)
            yield d
            if _to_t(d) > hi:
                return
            y += step
        return
    if unit is Unit.MONTH:
        y, m = first.year, first.month - (first.month - 1) % step
        while y <= last_year:
            d = _dt.datetime(y, m, 1)
            yield d
            if _to_t(d) > hi:
                return
            m += step
            if m > 12:
                y, m = y + 1, m - 12
        return
    if unit is Unit.DAY:
        y, m = first.year, first.month
        while y <= last_year:
            days_in_month = calendar.monthrange(y, m)[1]
            day = 1
            while day <= days_in_month:
                # Skip a tick that would fall closer than half a step to the 1st.
                if day > 1 and days_in_month - day + 1 < math.ceil(step / 2):
                    break
                d = _dt.datetime(y, m, day)
                if _to_t(d) + step * _DAY >= lo:
                    yield d
                    if _to_t(d) > hi:
                        return
                day += step
            m += 1
            if m > 12:
                y, m = y + 1, 1
        return
    seconds = 3600 if unit is Unit.HOUR else 60
    size = step * seconds
    t0 = math.floor(_to_t(first) / size) * size
    t = t0
    t_max = _to_t(_dt.datetime(9999, 12, 31, 23, 59))
    while t <= t_max:
        # Aligned to the calendar day: steps divide 24 h and 60 min.
        yield _to_dt(t)
        if t > hi:
            return
        t += size


def _minor_label(unit: Unit, d: _dt.datetime) -> str:
    if unit is Unit.YEAR:
        return str(d.year)
    if unit is Unit.MONTH:
        return _MONTHS[d.month - 1]
    if unit is Unit.DAY:
        return str(d.day)
    return f"{d.hour:02d}:{d.minute:02d}"


def _major_of(level: Level) -> tuple[Unit, int] | None:
    if level.unit is Unit.YEAR:
        for big in (10, 100, 1000):
            if big > level.step:
                return Unit.YEAR, big
        return None
    if level.unit is Unit.MONTH:
        return Unit.YEAR, 1
    if level.unit is Unit.DAY:
        return Unit.MONTH, 1
    return Unit.DAY, 1


def _major_label(unit: Unit, d: _dt.datetime, fine: Unit) -> str:
    if unit is Unit.YEAR:
        return "" if fine is Unit.YEAR else str(d.year)
    if unit is Unit.MONTH:
        return f"{_MONTHS[d.month - 1]} {d.year}"
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def ticks(viewport: Viewport, min_label_px: float = 80.0) -> list[Tick]:
    """Major and minor ticks of the visible range, sorted by time.

    Minor labels never come closer than ``min_label_px``: where the calendar
    makes two ticks close (the 21st and the 1st of a short month), the second
    label is dropped and the tick kept.  A major tick just left of the view is
    included (with a negative ``x``) so the painter can keep its context label
    on screen.
    """
    level = level_for(viewport, min_label_px)
    lo, hi = viewport.start, viewport.end
    result: list[Tick] = []
    major = _major_of(level)
    major_times: set[float] = set()
    if major is not None:
        unit, step = major
        previous: Tick | None = None
        for d in _walk(unit, step, lo, hi):
            t = _to_t(d)
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
        t = _to_t(d)
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
    result.sort(key=lambda tick: (tick.t, not tick.major))
    return result
