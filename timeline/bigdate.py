"""Days of any year: :class:`BigDate`, for the years Python's dates cannot hold.

Python's ``datetime.date`` (and so pendulum's ``Date``) holds years 1 to 9999.
EDTF writes years before 1 (``-1985``, ``0000``) and after 9999
(``Y170000002``, ``Y-17E7``); a :class:`~timeline.when.When` keeps the bounds of
such values as :class:`BigDate`\\ s: a day of the proleptic Gregorian calendar
with astronomical year numbering (year 0 is 1 BCE, year -1985 is 1986 BCE), as
ISO 8601 and EDTF count.

Years run from ``-YEAR_LIMIT`` to ``YEAR_LIMIT`` (20 billion years either way:
the universe is 13.8 billion years old).  There a value's keys (seconds since
1970-01-01, :mod:`timeline.edtf`) stay exact floats at whole days: a day key is
a multiple of 86,400 = 2⁷ × 675, exact while days × 675 < 2⁵³, that is for
about 36 billion years either way.  (Keys of times of day, to the second, would
be exact only within about 285 million years; times of day exist in years 1 to
9999 only.)
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Final

import attrs
import pendulum

from timeline.errors import TimelineError

__all__ = [
    "YEAR_LIMIT",
    "BigDate",
    "civil_from_days",
    "days_from_civil",
    "days_in_month",
    "is_leap",
    "year_of_key",
    "year_start_key",
]

YEAR_LIMIT: Final = 20_000_000_000
"""The largest year (and, negated, the smallest) a value may have."""

_MONTH_DAYS: Final = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def is_leap(year: int) -> bool:
    """A leap year of the proleptic Gregorian calendar (year 0 is one)."""
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    """The number of days of ``month`` (1–12) of ``year``."""
    if month == 2 and is_leap(year):
        return 29
    return _MONTH_DAYS[month - 1]


def days_from_civil(year: int, month: int, day: int) -> int:
    """Days from 1970-01-01 to the given day (negative before), any year.

    Howard Hinnant's algorithm (``days_from_civil``), exact for every integer year.
    """
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def civil_from_days(days: int) -> tuple[int, int, int]:
    """The ``(year, month, day)`` ``days`` after 1970-01-01 (:func:`days_from_civil` inverted)."""
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (month <= 2), month, day


def edtf_year(year: int) -> str:
    """``year`` as EDTF writes it: ``2017``, ``0000``, ``-1985``, ``Y-170000002``, ``Y12000``."""
    if -9999 <= year <= 9999:
        return f"{'-' if year < 0 else ''}{abs(year):04d}"
    return f"Y{year}"


_DAY_S: Final = 86400.0  # (the day of timeline.edtf's keys, which builds on this module)


def year_start_key(year: int) -> float:
    """The key (seconds since 1970-01-01, as in :mod:`timeline.edtf`) of 1 January of ``year``."""
    return days_from_civil(year, 1, 1) * _DAY_S


def year_of_key(key: float) -> int:
    """The year (astronomical numbering) in which the key ``key`` falls."""
    return civil_from_days(math.floor(key / _DAY_S))[0]


def _check(instance: BigDate, attribute: attrs.Attribute[int], value: int) -> None:
    if type(value) is not int:
        raise TimelineError(f"BigDate.{attribute.name}: expected an integer, not {value!r}")


@attrs.frozen(order=True)
class BigDate:
    """A day of any year (astronomical numbering: year 0 is 1 BCE), ordered, hashable.

    >>> BigDate(-1985, 4, 12).isoformat(), BigDate(170000002, 1, 1).isoformat()
    ('-1985-04-12', '+170000002-01-01')
    >>> BigDate(-1985, 1, 1) < BigDate(0, 1, 1) < BigDate(2017, 9, 15)
    True
    """

    year: int = attrs.field(validator=_check)
    month: int = attrs.field(validator=_check)
    day: int = attrs.field(validator=_check)

    def __attrs_post_init__(self) -> None:
        if not -YEAR_LIMIT <= self.year <= YEAR_LIMIT:
            raise TimelineError(
                f"BigDate.year: {self.year} is out of range"
                f" (years run from -{YEAR_LIMIT:,} to {YEAR_LIMIT:,})"
            )
        if not 1 <= self.month <= 12:
            raise TimelineError(f"BigDate.month: {self.month} is no month (expected 1–12)")
        last = days_in_month(self.year, self.month)
        if not 1 <= self.day <= last:
            raise TimelineError(
                f"BigDate.day: {self.day} is no day of {self.year}-{self.month:02d}"
                f" (expected 1–{last})"
            )

    @classmethod
    def of(cls, value: _dt.date) -> BigDate:
        """The day of a ``date`` (of a ``datetime``: its own wall-clock day)."""
        return cls(value.year, value.month, value.day)

    @classmethod
    def from_days(cls, days: int) -> BigDate:
        """The day ``days`` after 1970-01-01."""
        return cls(*civil_from_days(days))

    @property
    def fits(self) -> bool:
        """True when the year lies in 1–9999, which Python's and pendulum's dates hold."""
        return 1 <= self.year <= 9999

    def days(self) -> int:
        """Days from 1970-01-01 (negative before)."""
        return days_from_civil(self.year, self.month, self.day)

    def to_date(self) -> pendulum.Date:
        """The same day as a pendulum ``Date``; a :class:`TimelineError` outside years 1–9999."""
        if not self.fits:
            raise TimelineError(
                f"{self.isoformat()} is outside years 1–9999, which pendulum dates hold"
            )
        return pendulum.Date(self.year, self.month, self.day)

    def isoformat(self) -> str:
        """ISO 8601 (``2017-09-15``); a year outside 0–9999 signed (``-1985-04-12``)."""
        if 0 <= self.year <= 9999:
            year = f"{self.year:04d}"
        else:
            year = f"{'-' if self.year < 0 else '+'}{abs(self.year):04d}"
        return f"{year}-{self.month:02d}-{self.day:02d}"

    def __str__(self) -> str:
        return self.isoformat()
