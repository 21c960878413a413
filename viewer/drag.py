"""Dragging an event on the canvas, without Qt: what is grabbed, and where it lands.

A press on an event's mark grabs the whole event (:attr:`Grab.MOVE`), or, on
an interval bar, within :data:`HANDLE_PX` of a known end, that end
(:attr:`Grab.START`, :attr:`Grab.END`).  While the pointer moves, :func:`drop`
turns the time under the press and the time under the pointer into a whole
number of units and moves the date with :mod:`timeline.shift`, which keeps
its precision, qualifiers and zone.

The unit snaps to the zoom: days when the axis shows days, months when it
shows months, years beyond, hours and minutes closer in; never finer than the
value is known (a month moves by months even when the axis shows days; a
decade, ``201X``, by ten years).  :func:`fixed` says why something cannot be
dragged (a set of dates, an open end), in the library's words.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import enum
from typing import Final

import attrs

from timeline.errors import TimelineError
from timeline.shift import End, Step, Unit, shift, shift_end, step_of
from timeline.when import Kind, When
from viewer.scene import Box
from viewer.ticks import Unit as TickUnit
from viewer.ticks import level_for
from viewer.viewport import Viewport

__all__ = ["HANDLE_PX", "Drop", "Grab", "drop", "fixed", "grab_at", "snap_unit"]

HANDLE_PX: Final = 6.0
"""How near an end of a bar (pixels) a press grabs that end instead of the whole bar."""
_EPOCH: Final = _dt.datetime(1970, 1, 1)
_SECONDS: Final = {Unit.DAY: 86400.0, Unit.HOUR: 3600.0, Unit.MINUTE: 60.0}
_BY_TICK: Final = {
    TickUnit.YEAR: Unit.YEAR,
    TickUnit.MONTH: Unit.MONTH,
    TickUnit.DAY: Unit.DAY,
    TickUnit.HOUR: Unit.HOUR,
    TickUnit.MINUTE: Unit.MINUTE,
}
_NAMES: Final = {
    Unit.YEAR: "year",
    Unit.MONTH: "month",
    Unit.DAY: "day",
    Unit.HOUR: "hour",
    Unit.MINUTE: "minute",
}


class Grab(enum.Enum):
    """What a press on an event takes hold of."""

    MOVE = "move"
    START = "start"
    END = "end"


def grab_at(when: When, mark: Box, x: float) -> Grab:
    """What a press at ``x`` on the mark ``mark`` of ``when`` grabs.

    An end of an interval, near its edge (when the bar is wide enough to
    leave room to move it whole); else the whole event.
    """
    if when.kind is Kind.INTERVAL and mark.w >= 3 * HANDLE_PX:
        if when.end is not None and abs(x - (mark.x + mark.w)) <= HANDLE_PX:
            return Grab.END
        if when.start is not None and abs(x - mark.x) <= HANDLE_PX:
            return Grab.START
    return Grab.MOVE


def fixed(when: When, grab: Grab) -> str | None:
    """Why ``grab`` of ``when`` cannot be dragged (``None``: it can)."""
    try:
        _step(when, grab)
    except TimelineError as exc:
        return str(exc)
    return None


def _step(when: When, grab: Grab) -> Step:
    if grab is Grab.MOVE:
        return step_of(when)
    part = when.start if grab is Grab.START else when.end
    if part is None:
        kind = (when.start_kind if grab is Grab.START else when.end_kind).value
        raise TimelineError(f"{when.edtf!r} cannot move its {grab.value}: it is {kind}")
    return step_of(part)


def snap_unit(view: Viewport) -> Unit:
    """The unit a drag snaps to in ``view``: the axis's unit (years beyond months)."""
    return _BY_TICK[level_for(view, min_label_px=80).unit]


@attrs.frozen
class Drop:
    """Where a drag would land: the new value, or why it cannot (``when`` is ``None``)."""

    when: When | None
    n: int
    """How many ``unit`` the value moved (negative: earlier)."""
    unit: Unit
    problem: str = ""

    def label(self, grab: Grab) -> str:
        """The words of the drag's tooltip: "Move to 27–30 Sep 2017 (+3 days)"."""
        if self.when is None:
            return self.problem
        verb = "Move" if grab is Grab.MOVE else f"Move the {grab.value}"
        if self.n == 0:
            return f"{verb}: {self.when.describe()}"
        name = _NAMES[self.unit] + ("s" if abs(self.n) != 1 else "")
        return f"{verb} to {self.when.describe()} ({self.n:+d} {name})"


def drop(when: When, grab: Grab, view: Viewport, t_press: float, t_now: float) -> Drop:
    """Where ``grab`` of ``when`` lands when dragged from time ``t_press`` to ``t_now``.

    Times are the canvas's keys (seconds on the display clock).  The unit is
    :func:`snap_unit`'s, or the value's own step when that is coarser.  An end
    dragged past the other end stops there.
    """
    step = _step(when, grab)
    unit = min(snap_unit(view), step.unit)
    count = step.count if unit == step.unit else 1
    n = round(_units_between(t_press, t_now, unit) / count) * count
    try:
        if grab is Grab.MOVE:
            return Drop(shift(when, n, unit), n, unit)
        return _stopped(when, "start" if grab is Grab.START else "end", n, count, unit)
    except TimelineError as exc:
        return Drop(None, n, unit, str(exc))


def _stopped(when: When, end: End, n: int, count: int, unit: Unit) -> Drop:
    """One end moved ``n`` units, or as far as it can go toward that (it stops at the other end)."""
    try:
        return Drop(shift_end(when, end, n, unit), n, unit)
    except TimelineError:
        if n == 0:
            raise
    sign = 1 if n > 0 else -1
    good, bad = 0, abs(n) // count  # in steps: 0 moves (the value itself), all of them do not
    while bad - good > 1:
        middle = (good + bad) // 2
        try:
            shift_end(when, end, sign * middle * count, unit)
        except TimelineError:
            bad = middle
        else:
            good = middle
    moved = sign * good * count
    return Drop(shift_end(when, end, moved, unit), moved, unit)


def _units_between(t0: float, t1: float, unit: Unit) -> float:
    """How many ``unit`` lie between keys ``t0`` and ``t1`` (months and years: on the calendar)."""
    seconds = _SECONDS.get(unit)
    if seconds is not None:
        return (t1 - t0) / seconds
    return _calendar_position(t1, unit) - _calendar_position(t0, unit)


def _calendar_position(t: float, unit: Unit) -> float:
    """Months (or years) since year 0 at key ``t``, with the fraction of the current one."""
    try:
        d = _EPOCH + _dt.timedelta(seconds=t)
    except OverflowError:
        d = _dt.datetime.max if t > 0 else _dt.datetime.min
    into_day = (d.hour * 3600 + d.minute * 60 + d.second) / 86400.0
    if unit is Unit.MONTH:
        days = calendar.monthrange(d.year, d.month)[1]
        return d.year * 12 + d.month - 1 + (d.day - 1 + into_day) / days
    days = 366 if calendar.isleap(d.year) else 365
    return d.year + (d.timetuple().tm_yday - 1 + into_day) / days
