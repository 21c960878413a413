"""The date under the pointer, as precise as the zoom (no Qt).

A double-click on an empty stretch of the canvas adds an event there: its date
is the day under the pointer when the axis counts days (or hours), the month
when it counts months, the year when it counts years or more (the level of
:func:`viewer.ticks.level_for`, the one the axis draws).  Times on the canvas
are wall-clock seconds read as UTC (in the display zone), so the date is the
calendar day the axis shows there.
"""

from __future__ import annotations

import datetime as _dt

from timeline.edtf import DAY, EPOCH_ORDINAL, KEY_MAX, KEY_MIN
from viewer.ticks import Unit, level_for
from viewer.viewport import Viewport

__all__ = ["date_at"]


def date_at(t: float, view: Viewport) -> str:
    """The EDTF date at time ``t`` (seconds) at the precision ``view`` is zoomed to.

    >>> day = 86400.0
    >>> date_at(17433.5 * day, Viewport(17430 * day, 17440 * day, 1000))
    '2017-09-24'
    >>> date_at(17433.5 * day, Viewport(17000 * day, 17400 * day + 365 * day, 1000))
    '2017-09'
    >>> date_at(17433.5 * day, Viewport(0.0, 50 * 365 * day, 1000))
    '2017'
    """
    t = min(max(t, KEY_MIN), KEY_MAX - 1.0)  # within years 1 to 9999
    # floor division, not floor(t / DAY): a time a hair before midnight (-5e-324 s) is
    # the day before, where the quotient would round to -0.0
    day = _dt.date.fromordinal(EPOCH_ORDINAL + int(t // DAY))
    unit = level_for(view).unit
    if unit is Unit.YEAR:
        return f"{day.year:04d}"
    if unit is Unit.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()
