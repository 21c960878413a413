"""Moving a :class:`~timeline.when.When` by whole calendar units, honestly.

A value moves by the units it is known in, and stays known as finely as it
was, with its qualifiers: a month (``2017-09``) moves by whole months
(``2017-10``) or years, never by days; a day by days, months or years; a
time of day by minutes, hours, days... on its own wall clock, in its own
zone.  An interval moves with both its ends (an interval of days keeps its
length), or one end at a time (:func:`shift_end`); an open or unknown end
(``..``, empty) stays as it is and cannot be moved on its own.

:func:`step_of` says how finely a value can move (``Step(Unit.MONTH)`` for
``2017-09``, ``Step(Unit.YEAR, 10)`` for the decade ``201X``) or, with a
:class:`~timeline.errors.TimelineError`, why it cannot: a set of dates has no
one date to move, and X digits in the middle of a date (``156X-12-25``) leave
no whole unit to move by.

    >>> from timeline.when import When
    >>> str(shift(When.parse("2017-09~"), 1, Unit.MONTH))
    '2017-10~'
    >>> str(shift(When.parse("2017-09-24/2017-09-27"), 3, Unit.DAY))
    '2017-09-27/2017-09-30'
    >>> str(shift_end(When.parse("2017-09-24/2017-09-27"), "end", -1, Unit.DAY))
    '2017-09-24/2017-09-26'

Moving by months or years keeps the day of the month where it exists, else
takes the month's last day (31 January and a month: 28 February), so that
moving back is not always the way back; moving by a value's own unit is.
No Qt, no global state: the viewer's dragging (:mod:`viewer.drag`) snaps to
these units.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import enum
import re
from typing import Final, Literal

import attrs

from timeline.edtf import zone
from timeline.errors import TimelineError
from timeline.when import Kind, Precision, When

__all__ = ["End", "Step", "Unit", "shift", "shift_end", "step_of"]


class Unit(enum.IntEnum):
    """A unit of moving; larger is finer (as :class:`~timeline.edtf.Precision`)."""

    YEAR = 0
    MONTH = 1
    DAY = 2
    HOUR = 3
    MINUTE = 4


@attrs.frozen
class Step:
    """The finest move of a value: ``count`` ``unit`` (ten years for a decade)."""

    unit: Unit
    count: int = 1


End = Literal["start", "end"]
"""Which end of an interval: ``"start"`` or ``"end"``."""

_RUN: Final = re.compile(r"[0-9X]+")
_TIME: Final = re.compile(r"(?P<h>[0-9]{2}):(?P<m>[0-9]{2})(?P<s>:[0-9]{2})?(?P<offset>.*)")
_BY_PRECISION: Final = {
    Precision.YEAR: Unit.YEAR,
    Precision.SEASON: Unit.YEAR,  # a season (or quarter...) moves by whole years
    Precision.MONTH: Unit.MONTH,
    Precision.DAY: Unit.DAY,
    Precision.MINUTE: Unit.MINUTE,
    Precision.SECOND: Unit.MINUTE,  # (its seconds kept)
}


def _quoted(when: When) -> str:
    return repr(when.edtf)


def _date_step(when: When) -> Step:
    """The step of a single date or date-time."""
    date_part = when.edtf.split("T", 1)[0]
    digits = "".join(_RUN.findall(date_part))
    if digits.startswith("X"):
        raise TimelineError(f"{_quoted(when)} cannot be moved: no digit of its year is known")
    if not when.fits:  # (the text rules below read four-digit years of the common era)
        raise TimelineError(
            f"{_quoted(when)} cannot be moved: moving dates outside years 1–9999 is not"
            " supported yet"
        )
    if any(mark in date_part for mark in "YES"):  # (Y2E3, 1950S2: read as a whole)
        raise TimelineError(
            f"{_quoted(when)} cannot be moved: a year written with Y, an exponent or"
            " significant digits is not moved yet"
        )
    if "X" in digits:
        first = digits.index("X")
        if digits[first:].strip("X"):
            raise TimelineError(
                f"{_quoted(when)} cannot be moved: its X digits leave no whole unit to move by"
            )
        if first == 0:
            raise TimelineError(f"{_quoted(when)} cannot be moved: no digit of its year is known")
        if first < 4:
            return Step(Unit.YEAR, 10 ** (4 - first))
        if first == 4:
            return Step(Unit.YEAR)
        if first == 6:
            return Step(Unit.MONTH)
        raise TimelineError(
            f"{_quoted(when)} cannot be moved: its X digits leave no whole unit to move by"
        )
    return Step(_BY_PRECISION[when.precision])


def step_of(when: When) -> Step:
    """The finest step ``when`` can move by; a :class:`TimelineError` saying why it cannot.

    An interval moves by the coarser step of its known ends.
    """
    if when.kind is Kind.SET:
        raise TimelineError(f"{_quoted(when)} cannot be moved: a set of dates has no one date")
    if when.kind is Kind.DATE:
        return _date_step(when)
    steps = [_date_step(end) for end in (when.start, when.end) if end is not None]
    return min(steps, key=lambda s: (s.unit, -s.count))


def _check_unit(when: When, step: Step, n: int, unit: Unit) -> None:
    if unit > step.unit:
        raise TimelineError(
            f"{_quoted(when)} cannot be moved by {unit.name.lower()}s:"
            f" it is known to the {step.unit.name.lower()}"
        )
    if unit == step.unit and n % step.count:
        raise TimelineError(
            f"{_quoted(when)} moves by {step.count} {step.unit.name.lower()}s at a time, not {n}"
        )


def shift(when: When, n: int, unit: Unit) -> When:
    """``when`` moved by ``n`` ``unit`` (negative: earlier), precision and qualifiers kept.

    Raises :class:`TimelineError` when it cannot move (see :func:`step_of`), not
    by that unit, or when the result is no valid date (outside years 1–9999, a
    time that does not exist in its zone that day).
    """
    step = step_of(when)
    _check_unit(when, step, n, unit)
    if n == 0:
        return when
    if when.kind is Kind.DATE:
        return When.parse(_shifted(when, n, unit), when.tz)
    start, end = when.start, when.end
    left = "" if start is None else _shifted(start, n, unit)
    if end is None:
        right = ""
    elif (
        start is None
        or not unit < Unit.DAY <= _date_step(start).unit
        or (_date_step(end) != _date_step(start))
    ):
        right = _shifted(end, n, unit)
    else:
        # moved by a coarser unit (a day interval by months): the end moves as far as
        # the start did, in their own unit, so that the interval keeps its length
        moved = When.parse(left, when.tz)
        right = _shifted(end, _distance(start, moved, _date_step(start).unit), _date_step(end).unit)
    return When.parse(f"{_end_text(when, 'start', left)}/{_end_text(when, 'end', right)}", when.tz)


def shift_end(when: When, which: End, n: int, unit: Unit) -> When:
    """The interval ``when`` with its ``which`` end (``start`` or ``end``) moved by ``n`` ``unit``.

    Raises :class:`TimelineError` for a value that is no interval, an open or
    unknown end, a unit finer than that end is known in, or a result whose end
    is before its start.
    """
    if when.kind is not Kind.INTERVAL:
        raise TimelineError(f"{_quoted(when)} has no ends to move: it is not an interval")
    part = when.start if which == "start" else when.end
    if part is None:
        kind = (when.start_kind if which == "start" else when.end_kind).value
        raise TimelineError(f"{_quoted(when)} cannot move its {which}: it is {kind}")
    _check_unit(part, _date_step(part), n, unit)
    if n == 0:
        return when
    moved = _shifted(part, n, unit)
    left, right = when.edtf.split("/")
    if which == "start":
        left = moved
    else:
        right = moved
    return When.parse(f"{left}/{right}", when.tz)


def _end_text(when: When, which: End, moved: str) -> str:
    """An interval end's text after a move: the moved date, or the open/unknown mark kept."""
    if moved:
        return moved
    left, right = when.edtf.split("/")
    return left if which == "start" else right


def _distance(old: When, new: When, unit: Unit) -> int:
    """How many ``unit`` (days, or minutes on the wall clock) ``new`` is after ``old``."""
    a, b = _wall(old), _wall(new)
    if unit is Unit.DAY:
        return (b.date() - a.date()).days
    return int((b - a).total_seconds()) // 60


def _wall(when: When) -> _dt.datetime:
    """The first wall-clock instant of a date or date-time (its zone left out)."""
    lo = when.earliest_time
    if lo is not None:
        return _dt.datetime(lo.year, lo.month, lo.day, lo.hour, lo.minute)
    day = when.earliest_day
    assert day is not None
    return _dt.datetime(day.year, day.month, day.day)


def _shifted(when: When, n: int, unit: Unit) -> str:
    """The text of the single date or date-time ``when`` moved (not parsed: no checks yet)."""
    text = when.edtf
    date_part, sep, time_part = text.partition("T")
    runs = list(_RUN.finditer(date_part))
    year_s = runs[0].group()
    month_s = runs[1].group() if len(runs) > 1 else None
    day_s = runs[2].group() if len(runs) > 2 else None
    if "X" in year_s:  # a decade, century... (201X): its known digits move
        known = year_s.rstrip("X")
        size = 10 ** (4 - len(known))
        value = int(known) + n // size
        if not 0 <= value < 10 ** len(known):
            raise _outside(when)
        new = (f"{value:0{len(known)}d}" + "X" * (4 - len(known)), month_s, day_s)
        return _replaced(date_part, runs, new) + sep + time_part
    year = int(year_s)
    month = int(month_s) if month_s is not None and "X" not in month_s else None
    day = int(day_s) if day_s is not None and "X" not in day_s else None
    if when.precision is Precision.SEASON:
        month = None  # a season's "month" (21...) is no month: only its year moves
    hour = minute = 0
    match = _TIME.fullmatch(time_part) if sep else None
    if match is not None:
        hour, minute = int(match["h"]), int(match["m"])
    if unit is Unit.YEAR:
        year += n
    elif unit is Unit.MONTH:
        assert month is not None
        months = year * 12 + month - 1 + n
        year, month = divmod(months, 12)
        month += 1
    if not 1 <= year <= 9999:
        raise _outside(when)
    if day is not None and month is not None:
        day = min(day, calendar.monthrange(year, month)[1])
    if unit >= Unit.DAY:
        assert month is not None
        assert day is not None
        minutes = n * {Unit.DAY: 1440, Unit.HOUR: 60, Unit.MINUTE: 1}[unit]
        start = _dt.datetime(year, month, day, hour, minute)
        try:
            moved = start + _dt.timedelta(minutes=minutes)
        except OverflowError:
            raise _outside(when) from None
        year, month, day, hour, minute = (
            moved.year,
            moved.month,
            moved.day,
            moved.hour,
            moved.minute,
        )
    new = (
        f"{year:04d}",
        month_s if month is None else f"{month:02d}",
        day_s if day is None else f"{day:02d}",
    )
    text = _replaced(date_part, runs, new)
    if match is None:
        return text
    offset = match["offset"]
    if when.tz is not None and offset and offset != "Z":
        offset = _offset_in(when.tz, _dt.datetime(year, month or 1, day or 1, hour, minute))
    return f"{text}T{hour:02d}:{minute:02d}{match['s'] or ''}{offset}"


def _replaced(date_part: str, runs: list[re.Match[str]], new: tuple[str | None, ...]) -> str:
    """``date_part`` with its digit runs replaced by ``new`` (qualifier marks kept in place)."""
    out: list[str] = []
    at = 0
    for run, digits in zip(runs, new, strict=False):
        out.append(date_part[at : run.start()])
        out.append(digits if digits is not None else run.group())
        at = run.end()
    out.append(date_part[at:])
    return "".join(out)


def _offset_in(tz: str, wall: _dt.datetime) -> str:
    """The UTC offset of zone ``tz`` at wall-clock time ``wall``, written ``+HH:MM``."""
    offset = wall.replace(tzinfo=zone(tz)).utcoffset()
    assert offset is not None
    total = int(offset.total_seconds()) // 60
    sign = "-" if total < 0 else "+"
    hours, minutes = divmod(abs(total), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def _outside(when: When) -> TimelineError:
    return TimelineError(f"{_quoted(when)} cannot be moved there: only years 1 to 9999")
