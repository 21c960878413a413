"""The date under the pointer, as precise as the zoom (no Qt).

A double-click on an empty stretch of the canvas adds an event there: its date
is the day under the pointer when the axis counts days (or hours), the month
when it counts months, the year when it counts years or more (the level of
:func:`viewer.ticks.level_for`, the one the axis draws).  Times on the canvas
are wall-clock seconds read as UTC (in the display zone), so the date is the
calendar day the axis shows there.
"""

from __future__ import annotations

from timeline.bigdate import BigDate, edtf_year
from timeline.edtf import DAY
from viewer.ticks import Unit, level_for
from viewer.viewport import T_MAX, T_MIN, Viewport

__all__ = ["date_at"]


def date_at(t: float, view: Viewport) -> str:
    """The EDTF date at time ``t`` (seconds) at the precision ``view`` is zoomed to.

    Any year: ``-1985-04-12`` (1986 BCE), and only the year (``Y-170000002``)
    where EDTF writes no month or day, more than four digits from year 0.

    >>> day = 86400.0
    >>> date_at(17433.5 * day, Viewport(17430 * day, 17440 * day, 1000))
    '2017-09-24'
    >>> date_at(17433.5 * day, Viewport(17000 * day, 17400 * day + 365 * day, 1000))
    '2017-09'
    >>> date_at(17433.5 * day, Viewport(0.0, 50 * 365 * day, 1000))
    '2017'
    """
    t = min(max(t, T_MIN), T_MAX - DAY)
    # floor division, not floor(t / DAY): a time a hair before midnight (-5e-324 s) is
    # the day before, where the quotient would round to -0.0
    day = BigDate.from_days(int(t // DAY))
    year = edtf_year(day.year)
    unit = level_for(view).unit
    if unit is Unit.YEAR or year.startswith("Y"):
        return year
    if unit is Unit.MONTH:
        return f"{year}-{day.month:02d}"
    return f"{year}-{day.month:02d}-{day.day:02d}"
