"""Parsing EDTF (ISO 8601-2) text: what :class:`~timeline.when.When` is made of.

This module reads text and checks it; it keeps no values.  :func:`parse`
returns the computed fields of a value (:class:`Fields`), which
:class:`~timeline.when.When` stores; the members of an interval or a set are
values themselves, obtained through the ``part`` function the caller passes
(``When`` passes its cache of parsed values, so repeated ends are shared).

Supported: every level of EDTF (0, 1 and 2; docs/format.md has the rules).

======================  ===================================================
``2017``                a year (precision ``YEAR``)
``2017-09``             a month
``2017-09-15``          a day
``2017-21``             a season (21 spring, 22 summer, 23 autumn, 24 winter)
``2001-25`` … ``2001-41``  seasons north (25–28) and south (29–32), quarters
                        (33–36), quadrimesters (37–39), semesters (40, 41)
``201X``, ``156X-12-25``  unspecified digits, anywhere
``2017-09-15?``         uncertain; ``~`` approximate; ``%`` both
``?2004-06-~11``        qualifiers on single components
``2017-09-19T13:00-07:00``  a date-time with a UTC offset (or ``Z``)
``2017-09-24/2017-09-27``  an interval; ``/..`` open end, ``/`` unknown end
``[2017-09-28..2017-09-30]``  one of a set of dates; ``{a,b}`` all of them
``-1985``, ``0000``     years before 1 (astronomical: 1986 BCE, 1 BCE)
``Y170000002``          a year of more than four digits; ``Y-17E7`` exponential
``1950S2``              significant digits: some year of 1900–1999
======================  ===================================================

Years run from -20 billion to 20 billion (:data:`~timeline.bigdate.YEAR_LIMIT`);
a bound outside years 1–9999, which Python's dates cannot hold, is a
:class:`~timeline.bigdate.BigDate`.  A time of day lies in years 1–9999, in UTC
too (``9999-12-31T23:59-12:00`` is refused).
Unspecified digits may stand anywhere (level 2): the bounds are the first and
last real day they allow, the precision that of the first X.
An interval's end may be vaguer than its start (``2017-09-15/2017-09``) but
cannot end before the start can begin.  A time written without offset in a
zone must exist there (not in the hour skipped when clocks go forward).
"""

from __future__ import annotations

import calendar
import datetime as _dt
import enum
import functools
import itertools
import math
import operator
import re
from collections.abc import Callable, Sequence
from typing import Any, Final, Protocol, TypedDict, TypeVar

import pendulum

from timeline.bigdate import YEAR_LIMIT, BigDate, days_in_month
from timeline.errors import TimelineError
from timeline.i18n import MONTHS_EN

__all__ = ["EndKind", "Fields", "Kind", "Parsed", "Precision", "parse", "zone"]

EPOCH_ORDINAL: Final = _dt.date(1970, 1, 1).toordinal()
"""The ordinal of 1970-01-01, where keys (seconds, days read as UTC) count from."""
DAY: Final = 86400.0
"""Seconds in a day of keys."""
KEY_MIN: Final = (_dt.date(1, 1, 1).toordinal() - EPOCH_ORDINAL) * DAY
"""The key of the first day a value can have: 1 January of year 1."""
KEY_MAX: Final = (_dt.date(9999, 12, 31).toordinal() + 1 - EPOCH_ORDINAL) * DAY
"""The end of year 9999 (exclusive), as a key."""
_UTC: Final = _dt.UTC


class Precision(enum.IntEnum):
    """How finely a date is known.  Larger means finer."""

    MILLENNIUM = 0
    CENTURY = 1
    DECADE = 2
    YEAR = 3
    SEASON = 4
    MONTH = 5
    DAY = 6
    MINUTE = 7
    SECOND = 8


class Kind(enum.Enum):
    """What shape of value a :class:`~timeline.when.When` is."""

    DATE = "date"
    INTERVAL = "interval"
    SET = "set"


class EndKind(enum.Enum):
    """How an interval end is given."""

    KNOWN = "known"
    OPEN = "open"  # ``..``: the interval runs on (or back) without bound
    UNKNOWN = "unknown"  # empty: there is an end, but it is not known


class Parsed(Protocol):
    """What the parser reads of a parsed member of an interval or a set."""

    @property
    def edtf(self) -> str: ...
    @property
    def precision(self) -> Precision: ...
    @property
    def uncertain(self) -> bool: ...
    @property
    def approximate(self) -> bool: ...
    @property
    def unspecified(self) -> bool: ...
    @property
    def lower(self) -> float: ...
    @property
    def upper(self) -> float: ...
    @property
    def _earliest(self) -> _dt.date | BigDate | None: ...
    @property
    def _latest(self) -> _dt.date | BigDate | None: ...


P = TypeVar("P", bound=Parsed)


class Fields(TypedDict, total=False):
    """The computed fields of a value (those of a date only are left out for a date).

    A date's ``kind`` is ``DATE``, it has no ``start``, ``end`` or
    ``choices``, both its ends are ``KNOWN``; an interval or a set has no
    ``season``.
    """

    kind: Kind
    edtf: str  # canonical EDTF
    precision: Precision
    uncertain: bool
    approximate: bool
    unspecified: bool
    start: Any  # an interval's known start: a value the ``part`` function made
    end: Any
    start_kind: EndKind
    end_kind: EndKind
    choices: tuple[Any, ...]  # a set's members
    lower: float  # seconds since 1970-01-01 (dates read as UTC)
    upper: float  # exclusive
    earliest: _dt.date | BigDate | None  # a date, a datetime, or a BigDate outside 1–9999
    latest: _dt.date | BigDate | None
    season: int  # 21 to 24, or 0


# Sub-year groupings (level 1: 21-24; level 2: 25-41), as (first month, last
# month); a last month above 12 runs into the next year.  Seasons are
# meteorological: spring March-May in the north (21, 25) and September-November
# in the south (29); winter (24, 28) and the southern summer (30) run from
# December into February of the next year.
GROUPINGS: Final = {
    21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 14),  # seasons
    25: (3, 5), 26: (6, 8), 27: (9, 11), 28: (12, 14),  # seasons, northern hemisphere
    29: (9, 11), 30: (12, 14), 31: (3, 5), 32: (6, 8),  # seasons, southern hemisphere
    33: (1, 3), 34: (4, 6), 35: (7, 9), 36: (10, 12),  # quarters
    37: (1, 4), 38: (5, 8), 39: (9, 12),  # quadrimesters
    40: (1, 6), 41: (7, 12),  # semesters
}  # fmt: skip

_QUALIFIER_BITS: Final = {"": 0, "?": 1, "~": 2, "%": 3}
_QUALIFIER_MARKS: Final = ("", "?", "~", "%")

# A date: each of year, month and day may carry a qualifier on its left (that
# component alone) or on its right (it and those before it); a month may be a
# sub-year grouping; X digits anywhere.  The year also matches the valid EDTF
# forms that are not supported (Y-prefixed, negative, exponential, with
# significant digits), so that they are named as such.
_DATE_RE: Final = re.compile(
    r"""
    (?P<yq>[?~%])?
    (?P<year>Y-?[0-9]+(?:E[0-9]+)?(?:S[0-9]+)?|-?[0-9X]{4,}(?:S[0-9]+)?)
    (?P<yr>[?~%])?
    (?:-(?P<mq>[?~%])?(?P<month>[0-9X]{2})(?P<mr>[?~%])?
       (?:-(?P<dq>[?~%])?(?P<day>[0-9X]{2}))?
    )?
    (?:T(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?
       (?P<offset>Z|[+-][0-9]{2}(?::?[0-9]{2})?)?
    )?
    (?P<qual>[?~%])?
    """,
    re.VERBOSE,
)
_PLAIN_DAY_MATCH: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}").fullmatch
_PLAIN_YEAR_OR_MONTH_MATCH: Final = re.compile(r"[0-9]{4}(?:-(?:0[1-9]|1[0-2]))?").fullmatch
_YEAR_FORMS_RE: Final = re.compile(
    r"(?P<y>Y)?(?P<sign>-)?(?P<digits>[0-9]+)(?:E(?P<exp>[0-9]+))?(?:S(?P<sig>[0-9]+))?"
)

_MONTHS_EXPECTED: Final = "expected 01–12 (X digits stand for months, not for 21–41)"
_BEYOND_YEARS: Final = f"years beyond {YEAR_LIMIT:,} either way"


def _fail(text: str, why: str) -> TimelineError:
    return TimelineError(f"{text!r} is not a valid date ({why})")


def _unsupported(text: str, what: str) -> TimelineError:
    """The error for valid EDTF that this version does not read yet."""
    return TimelineError(f"{text!r} is valid EDTF, but {what} are not supported yet")


def _key_of_date(d: _dt.date) -> float:
    return (d.toordinal() - EPOCH_ORDINAL) * DAY


Day = _dt.date | BigDate
"""A day of a value's bounds: a ``date`` in years 1–9999, a :class:`BigDate` outside."""


def _day(year: int, month: int, day: int) -> Day:
    """The day ``year-month-day``: a ``date`` where it fits, else a :class:`BigDate`."""
    if 0 < year < 10000:
        return _dt.date(year, month, day)
    return BigDate(year, month, day)


def _key(d: Day) -> float:
    """The key of the midnight starting day ``d`` (of any year)."""
    if type(d) is BigDate:
        return d.days() * DAY
    assert isinstance(d, _dt.date)
    return (d.toordinal() - EPOCH_ORDINAL) * DAY


def key_of_wall(dt: _dt.datetime) -> float:
    """The wall-clock time of ``dt`` (its zone ignored) in seconds, read as if UTC."""
    return (dt.toordinal() - EPOCH_ORDINAL) * DAY + (dt.hour * 3600 + dt.minute * 60 + dt.second)


def _key_of_datetime(dt: _dt.datetime) -> float:
    return key_of_wall(dt) if dt.tzinfo is None else dt.timestamp()


# Names the zone database on a machine answers to that are not the zone of a
# place: ``localtime`` (whatever zone the machine is set to, so a file would mean
# different times on different machines), ``Factory`` (a placeholder with the
# abbreviation "-00"), ``posixrules`` (a template for POSIX TZ strings), and the
# ``posix/`` and ``right/`` copies of the database (``right/`` counts leap seconds).
_NOT_PLACE_ZONES: Final = frozenset({"localtime", "Factory", "posixrules"})
_NOT_PLACE_TREES: Final = ("posix/", "right/")

#: Real UTC offsets run from UTC-12:00 (Baker Island) to UTC+14:00 (Kiribati).
MIN_OFFSET_S: Final = -12 * 3600
MAX_OFFSET_S: Final = 14 * 3600


def zone(name: str) -> pendulum.Timezone:
    """The IANA zone ``name``; a :class:`~timeline.errors.TimelineError` if there is none.

    The one rule for zone names, used by the parser, the loader and the command
    line: an IANA name (``America/Chicago``, ``UTC``, ``Etc/GMT+5``) that the zone
    database knows, and not one of the names that are no place's zone
    (``localtime``, ``Factory``, ``posixrules``, ``posix/...``, ``right/...``).

    Known zones are kept (``pendulum.timezone`` reads the zone's file again on
    every call, about 80 µs: a time of day in a zone paid it once per value);
    a refused name raises every time and is not kept.
    """
    if isinstance(name, str):
        try:
            return _known_zone(name)
        except Exception:  # (a name the database refuses, or not one at all)
            pass
    raise TimelineError(
        f"unknown time zone {name!r} (use an IANA name such as 'America/Chicago')"
    ) from None


@functools.lru_cache(maxsize=256)
def _known_zone(name: str) -> pendulum.Timezone:
    """The zone ``name`` (the rule of :func:`zone`), kept: a zone is an immutable value."""
    if name in _NOT_PLACE_ZONES or name.startswith(_NOT_PLACE_TREES):
        raise ValueError(name)
    return pendulum.timezone(name)


def parse(text: str, tz: str | None, part: Callable[[str, str | None], P]) -> Fields:
    """The fields of the value written ``text`` (with times read in IANA zone ``tz``).

    ``part(text, tz)`` makes the members of an interval or a set.  Raises
    :class:`~timeline.errors.TimelineError` naming the text and what is wrong.
    """
    if tz is None and type(text) is str and len(text) == 10 and _PLAIN_DAY_MATCH(text):
        fields = _plain_day(text)  # the fast path for the most common value
        if fields is not None:
            return fields
    if not isinstance(text, str):
        raise TimelineError(f"EDTF value must be a string, not {type(text).__name__}: {text!r}")
    if tz is not None and not isinstance(tz, str):
        raise TimelineError(f"tz must be a string, not {type(tz).__name__}: {tz!r}")
    in_zone = zone(tz) if tz is not None else None
    text = text.strip()
    if not text:
        raise TimelineError("empty date")
    if len(text) > 200:
        raise TimelineError(f"{text[:40]!r}... is not a valid date (too long)")
    if text[0] in "[{":
        return _parse_set(text, tz, part)
    if "/" in text:
        return _parse_interval(text, tz, part)
    return _parse_date(text, tz, in_zone)


def _plain_day(text: str) -> Fields | None:
    """The fields of ``YYYY-MM-DD``; ``None`` if it is no real day.

    A bad day ("2017-02-30") is left to the general path, which says what
    is wrong with it.
    """
    try:
        d = _dt.date.fromisoformat(text)  # (the form checked: 0.4 µs, where int() thrice is 2.5)
    except ValueError:
        return None
    key = (d.toordinal() - EPOCH_ORDINAL) * DAY
    return {
        "edtf": text,
        "precision": Precision.DAY,
        "lower": key,
        "upper": key + DAY,
        "earliest": d,
        "latest": d,
    }


def _plain_year_or_month(text: str) -> Fields | None:
    """The fields of ``YYYY`` or ``YYYY-MM``; ``None`` if not a real year or month."""
    year = int(text[:4])
    month = int(text[5:]) if len(text) == 7 else 0
    if year < 1 or month > 12:
        return None
    if month:
        lo = _dt.date(year, month, 1)
        hi = _dt.date(year, month, calendar.monthrange(year, month)[1])
    else:
        lo, hi = _dt.date(year, 1, 1), _dt.date(year, 12, 31)
    return {
        "edtf": text,
        "precision": Precision.MONTH if month else Precision.YEAR,
        "lower": _key_of_date(lo),
        "upper": _key_of_date(hi) + DAY,
        "earliest": lo,
        "latest": hi,
    }


def _parse_date(text: str, tz: str | None, in_zone: pendulum.Timezone | None) -> Fields:
    if len(text) == 10 and _PLAIN_DAY_MATCH(text):
        fields = _plain_day(text)
        if fields is not None:
            return fields
    elif len(text) in (4, 7) and _PLAIN_YEAR_OR_MONTH_MATCH(text):
        fields = _plain_year_or_month(text)  # the next most common values
        if fields is not None:
            return fields
    m = _DATE_RE.fullmatch(text)
    if m is None:
        if any(q in text for q in "?~%"):
            raise _fail(text, _QUALIFIER_PLACES)
        raise _fail(
            text, "not EDTF: expected forms like 2017, 2017-09, 2017-09-15, 2017-09-15T13:00Z"
        )
    year_s, month_s, day_s = m["year"], m["month"], m["day"]
    long_year: tuple[int, int, Precision] | None = None
    if len(year_s) != 4 or not year_s.isdigit():
        long_year = _check_year(text, year_s, month_s)
    if m["hour"] is not None:
        return _parse_datetime(text, m, tz, in_zone)
    # one qualifier after the last component (level 1) keeps the text as it is
    qual = m["qual"] or ""
    inner = bool(m["yq"] or m["mq"] or m["dq"])
    for right, is_last in ((m["yr"], month_s is None), (m["mr"], day_s is None)):
        if right:
            if is_last and not qual:
                qual = right
            else:
                inner = True
    edtf = text
    if inner:
        flags = _component_flags(m)
        edtf = _qualified_text([s for s in (year_s, month_s, day_s) if s is not None], flags)
        bits = functools.reduce(operator.or_, flags)
        uncertain, approximate = bool(bits & 1), bool(bits & 2)
    else:
        uncertain, approximate = qual in ("?", "%"), qual in ("~", "%")
    if long_year is not None:  # a year with Y, an exponent or significant digits
        first_year, last_year, precision = long_year
        return {
            "edtf": edtf,
            "precision": precision,
            "uncertain": uncertain,
            "approximate": approximate,
            "season": 0,
            "lower": _key(_day(first_year, 1, 1)),
            "upper": _key(_day(last_year, 12, 31)) + DAY,
            "earliest": _day(first_year, 1, 1),
            "latest": _day(last_year, 12, 31),
        }
    unspecified = "X" in text
    season = 0
    if month_s is not None and "X" not in month_s and int(month_s) in GROUPINGS:
        season = int(month_s)
        if day_s is not None:
            raise _fail(text, f"{_GROUPINGS_NAMED} has no day")
        if m["mq"] or m["yq"] or m["yr"]:
            raise _fail(text, _GROUPING_QUALIFIER)
    if unspecified:
        precision, lo, hi = _unspecified_bounds(text, year_s, month_s, day_s, season)
        return {
            "edtf": edtf,
            "precision": precision,
            "uncertain": uncertain,
            "approximate": approximate,
            "unspecified": True,
            "season": season,
            "lower": _key(lo),
            "upper": _key(hi) + DAY,
            "earliest": lo,
            "latest": hi,
        }
    y = int(year_s)
    if month_s is None:
        precision = Precision.YEAR
        lo = _day(y, 1, 1)
        hi = _day(y, 12, 31)
    else:
        mon = int(month_s)
        if season:
            m0, m1 = GROUPINGS[mon]
            precision = Precision.SEASON
        elif 1 <= mon <= 12:
            m0 = m1 = mon
        else:
            raise _fail(text, _month_problem(month_s, day=day_s is not None))
        if day_s is None:
            if not season:
                precision = Precision.MONTH
            lo = _day(y, m0, 1)
            hi = _last_day(y, m1)
        else:
            day = int(day_s)
            last = days_in_month(y, m0)
            if not 1 <= day <= last:
                raise _fail(text, _day_problem(day_s, y, m0, last))
            precision = Precision.DAY
            lo = hi = _day(y, m0, day)
    return {
        "edtf": edtf,
        "precision": precision,
        "uncertain": uncertain,
        "approximate": approximate,
        "unspecified": False,
        "season": season,
        "lower": _key(lo),
        "upper": _key(hi) + DAY,
        "earliest": lo,
        "latest": hi,
    }


_QUALIFIER_PLACES: Final = (
    "a qualifier ? ~ % goes just before a year, month or day (that one alone) or just after"
    " it (it and those before it), once: 2017-09-15?, 2004?-06-11, ?2004-06-~11"
)
_GROUPINGS_NAMED: Final = "a season, quarter, quadrimester or semester"
_GROUPING_QUALIFIER: Final = (
    "a season, quarter, quadrimester or semester takes a qualifier only at its end, as in 2001-21~"
)


def _month_problem(month_s: str, *, day: bool) -> str:
    """What is wrong with a month that is none (00, 13, 42), and what was expected."""
    if day:  # a sub-year grouping has no day: only a month can stand here
        return f"month {month_s}: expected 01–12"
    return f"month {month_s}: expected 01–12, or 21–41 for {_GROUPINGS_NAMED}"


def _day_problem(day_s: str, year: int, month: int, last: int) -> str:
    """What is wrong with a day that ``month`` of ``year`` (``last`` days long) has not."""
    if day_s.isdigit() and 1 <= int(day_s) <= 31:
        return f"day {int(day_s)}: {MONTHS_EN[month - 1]} {year} has {last} days"
    return f"day {day_s}: expected 01–{last}"


def _last_day(year: int, month: int) -> Day:
    """The last day of ``month`` of ``year``; a month above 12 is in the next year."""
    if month > 12:  # winter runs into the next year
        year, month = year + 1, month - 12
    return _day(year, month, days_in_month(year, month))


_SIGNIFICANT_PRECISION: Final = {
    1: Precision.YEAR,
    10: Precision.DECADE,
    100: Precision.CENTURY,
}


def _check_year(text: str, year_s: str, month_s: str | None) -> tuple[int, int, Precision] | None:
    """Check a year that is not four plain digits.

    ``None`` for a negative year of four digits (``-1985``, with X digits or
    not), which the caller reads as it reads others; for a year written with
    ``Y``, an exponent or significant digits (which stand alone, without month
    or day), its first and last possible years and its precision.  A malformed
    year raises, saying what was expected.
    """
    if "X" in year_s:
        if len(year_s.lstrip("-")) != 4 or "S" in year_s:
            raise _fail(
                text, "unspecified digits X stand in a year of four digits (201X, 1X9X, -01XX)"
            )
        return None
    ym = _YEAR_FORMS_RE.fullmatch(year_s)
    assert ym is not None  # (the date pattern only lets such years through)
    digits, exp, sig = ym["digits"], ym["exp"], ym["sig"]
    if ym["y"]:
        if exp is None and len(digits) <= 4:
            raise _fail(text, "'Y' marks a year of more than four digits, as in Y170000002")
        if digits[0] == "0":
            raise _fail(text, "a year written with 'Y' starts with a digit 1–9, as in Y170000002")
    elif len(digits) > 4:
        raise _fail(text, "a year of more than four digits starts with 'Y', as in Y170000002")
    elif year_s.startswith("-0000"):
        raise _fail(text, "year -0000: year zero is written 0000")
    if month_s is not None and (ym["y"] or sig is not None):
        what = "written with 'Y'" if ym["y"] else "with significant digits"
        raise _fail(text, f"a year {what} has no month or day")
    if not ym["y"] and sig is None:
        return None  # -1985: read as four-digit years are
    if len(digits.lstrip("0")) + int(exp or 0) > len(str(YEAR_LIMIT)):
        raise _unsupported(text, _BEYOND_YEARS)
    magnitude = int(digits) * 10 ** int(exp or 0)
    if magnitude > YEAR_LIMIT:
        raise _unsupported(text, _BEYOND_YEARS)
    if sig is None:
        year = -magnitude if ym["sign"] else magnitude
        return year, year, Precision.YEAR
    # significant digits: the first ``sig`` digits are known, the others not
    # (1950S2 is some year of 1900-1999, Y171010000S3 of 171000000-171999999)
    size = len(str(magnitude))
    if not 1 <= int(sig) <= size:
        raise _fail(text, f"S{sig}: a year of {size} digits has 1 to {size} significant digits")
    unit = 10 ** (size - int(sig))
    first = magnitude // unit * unit
    last = first + unit - 1
    if ym["sign"]:
        first, last = -last, -first
    return first, last, _SIGNIFICANT_PRECISION.get(unit, Precision.MILLENNIUM)


def _component_flags(m: re.Match[str]) -> list[int]:
    """The qualifiers of the year, month and day (1 uncertain, 2 approximate, 3 both).

    A qualifier left of a component is that component's; one on its right is
    also that of every component before it.
    """
    b = _QUALIFIER_BITS
    q = b[m["qual"] or ""]
    mr = b[m["mr"] or ""]
    flags = [b[m["yq"] or ""] | b[m["yr"] or ""] | mr | q]
    if m["month"] is not None:
        flags.append(b[m["mq"] or ""] | mr | q)
    if m["day"] is not None:
        flags.append(b[m["dq"] or ""] | q)
    return flags


def _qualified_text(parts: list[str], flags: list[int]) -> str:
    """The canonical text of a date whose components are qualified ``flags``.

    When the qualified components are the first ones, alike, one qualifier
    after the last of them (``2004?-06-11``, ``2004-06~-11``, ``2004-06-11%``);
    otherwise one before each qualified component (``?2004-06-~11``).
    """
    last = max(i for i, f in enumerate(flags) if f)
    if all(f == flags[0] for f in flags[: last + 1]):
        head = "-".join(parts[: last + 1]) + _QUALIFIER_MARKS[flags[0]]
        return "-".join([head, *parts[last + 1 :]])
    return "-".join(_QUALIFIER_MARKS[f] + p for p, f in zip(parts, flags, strict=True))


def component_qualifiers(edtf: str) -> tuple[int, ...] | None:
    """The qualifiers of each component of a canonical date (see :func:`_component_flags`).

    ``None`` when there are none, or one qualifier for the whole date (level 1).
    """
    m = _DATE_RE.fullmatch(edtf)
    if m is None or not (m["yq"] or m["yr"] or m["mq"] or m["mr"] or m["dq"]):
        return None
    flags = _component_flags(m)
    if all(f == flags[0] for f in flags):
        return None
    return tuple(flags)


def date_components(edtf: str) -> tuple[str, str | None, str | None]:
    """The year, month and day digits of a canonical date, as written (with X)."""
    m = _DATE_RE.fullmatch(edtf)
    assert m is not None
    return m["year"], m["month"], m["day"]


@functools.cache  # (at most 121 two-character patterns, for months and for days)
def _matching(pattern: str, lo: int, hi: int) -> tuple[int, ...]:
    """The numbers ``lo``..``hi`` written as ``pattern`` (two digits, X any digit)."""
    return tuple(
        n
        for n in range(lo, hi + 1)
        if all(p in ("X", c) for p, c in zip(pattern, f"{n:02d}", strict=True))
    )


def _unspecified_bounds(
    text: str, year_s: str, month_s: str | None, day_s: str | None, season: int
) -> tuple[Precision, Day, Day]:
    """Precision and first and last day of a date with X digits anywhere (level 2).

    The bounds are the first and the last real day the digits allow; the
    precision is that of the first X (``156X-12-25``: the decade).  A negative
    year counts back: ``-01XX`` is -199 to -100.
    """
    negative = year_s[0] == "-"
    digits_s = year_s[1:] if negative else year_s
    first_x = f"{digits_s}{month_s or ''}{day_s or ''}".index("X")
    precision = (
        (Precision.MILLENNIUM, Precision.MILLENNIUM, Precision.CENTURY, Precision.DECADE)[first_x]
        if first_x < 4
        else Precision.YEAR
        if first_x < 6
        else Precision.MONTH
    )
    if (
        not season
        and month_s in (None, "XX")
        and day_s in (None, "XX")
        and digits_s.rstrip("X").isdigit()
    ):  # the level 1 forms (201X, 19XX-XX, 2017-XX-XX, -01XX): whole years
        y0, y1 = int(digits_s.replace("X", "0")), int(digits_s.replace("X", "9"))
        if negative:
            y0, y1 = -y1, -y0
        return precision, _day(y0, 1, 1), _day(y1, 12, 31)
    if day_s == "XX" and "X" not in year_s and month_s is not None and month_s.isdigit():
        year, month = int(year_s), int(month_s)  # a day of a known month (2017-09-XX)
        if 1 <= month <= 12:
            return precision, _day(year, month, 1), _last_day(year, month)
    months: Sequence[int]
    days: Sequence[int]
    if season:
        m0, m1 = GROUPINGS[season]
        months = (m0,)
        days = (1,)
    else:
        months = _matching(month_s or "XX", 1, 12)
        if not months:
            raise _fail(text, f"month {month_s}: {_MONTHS_EXPECTED}")
        days = _matching(day_s or "XX", 1, 31)
        if not days:
            raise _fail(text, f"day {day_s}: expected 01–31")
        if not any(d <= (29 if mo == 2 else days_in_month(2001, mo))
                   for mo in months for d in days):  # fmt: skip
            raise _fail(text, f"day {day_s}: no month {month_s} has it")
    lo = _search(year_s, months, days, reverse=False)
    if season:
        hi_year = _search(year_s, (12,), (31,), reverse=True)
        hi = None if hi_year is None else _last_day(hi_year.year, m1)
    else:
        hi = _search(year_s, months, days, reverse=True)
    if lo is None or hi is None:
        raise _fail(text, f"no year {year_s} has that day")
    return precision, lo, hi


def _search(
    year_s: str, months: Sequence[int], days: Sequence[int], *, reverse: bool
) -> Day | None:
    """The first (or last) real day of a year written ``year_s`` in ``months`` on ``days``."""
    negative = year_s[0] == "-"
    # a negative year's earliest is the one of the largest digits
    digits = "9876543210" if reverse is not negative else "0123456789"
    ms = months[::-1] if reverse else months
    ds = days[::-1] if reverse else days
    for chosen in itertools.product(*(digits if c == "X" else c for c in year_s.lstrip("-"))):
        year = -int("".join(chosen)) if negative else int("".join(chosen))
        for mo in ms:
            last = days_in_month(year, mo)
            for d in ds:
                if d <= last:
                    return _day(year, mo, d)
    return None


def _parse_datetime(
    text: str, m: re.Match[str], tz: str | None, in_zone: pendulum.Timezone | None
) -> Fields:
    if m["qual"] or m["yq"] or m["yr"] or m["mq"] or m["mr"] or m["dq"]:
        raise _fail(text, "qualifiers ? ~ % apply to dates, not to date-times")
    if "X" in text or m["day"] is None:
        raise _fail(text, "a time of day needs a full date")
    y, mo, d = int(m["year"]), int(m["month"]), int(m["day"])
    if not 1 <= y <= 9999:
        raise _unsupported(text, "times of day outside years 1–9999")
    hh, mi = int(m["hour"]), int(m["minute"])
    ss = int(m["second"]) if m["second"] is not None else 0
    if not 1 <= mo <= 12:
        raise _fail(text, _month_problem(m["month"], day=True))
    last = calendar.monthrange(y, mo)[1]
    if not 1 <= d <= last:
        raise _fail(text, _day_problem(m["day"], y, mo, last))
    if hh > 23:
        raise _fail(text, f"hour {m['hour']}: expected 00–23")
    if mi > 59:
        raise _fail(text, f"minute {m['minute']}: expected 00–59")
    if ss > 59:
        raise _fail(text, f"second {m['second']}: expected 00–59")
    offset_s = m["offset"]
    canon_offset = ""
    tzinfo: Any
    plain_tz: _dt.timezone | None = None  # the offset as written, for a plain datetime
    if offset_s is None:
        tzinfo = in_zone
    elif offset_s == "Z":
        tzinfo = pendulum.UTC
        plain_tz = _UTC
        canon_offset = "Z"
    else:
        sign = -1 if offset_s[0] == "-" else 1
        digits = offset_s[1:].replace(":", "")
        oh = int(digits[:2])
        om = int(digits[2:4]) if len(digits) >= 4 else 0
        if om > 59:
            raise _fail(text, f"UTC offset {offset_s}: its minutes expected 00–59")
        seconds = sign * (oh * 3600 + om * 60)
        if not MIN_OFFSET_S <= seconds <= MAX_OFFSET_S:
            raise _fail(text, f"UTC offset {offset_s}: offsets run from -12:00 to +14:00")
        plain_tz = _fixed(seconds)
        tzinfo = pendulum.FixedTimezone(seconds) if in_zone is not None else plain_tz
        canon_offset = f"{'-' if sign < 0 else '+'}{oh:02d}:{om:02d}"
    value: _dt.datetime
    if in_zone is None:
        # no zone: a plain datetime (naive, or at a fixed offset) is all the
        # checks need; When's ``earliest`` and ``latest`` make it a pendulum
        # DateTime when asked
        value = _dt.datetime(y, mo, d, hh, mi, ss, tzinfo=plain_tz)
        if plain_tz is not None:
            try:  # the instant must be a date Python can hold in UTC too
                value.astimezone(_UTC)
            except OverflowError:
                raise _fail(text, "only years 1 to 9999 are supported, in UTC too") from None
    elif tzinfo is None:
        value = pendulum.naive(y, mo, d, hh, mi, ss)
    else:
        value = pendulum.datetime(y, mo, d, hh, mi, ss, tz=tzinfo)
        if (value.hour, value.minute) != (hh, mi):
            raise _fail(text, f"{hh:02d}:{mi:02d} does not exist in {tz} that day (clocks change)")
        try:  # the instant must be a date Python can hold in UTC too
            value.astimezone(_dt.UTC)
        except OverflowError:
            raise _fail(text, "only years 1 to 9999 are supported, in UTC too") from None
    if in_zone is not None and offset_s is not None:
        # both an offset and a zone: the offset must be the zone's at that time
        try:
            zoned = value.in_timezone(in_zone)  # type: ignore[attr-defined]
        except OverflowError:
            raise _fail(text, f"only years 1 to 9999 are supported, in {tz} too") from None
        if zoned.utcoffset() != value.utcoffset():
            raise _fail(text, f"offset {offset_s} is not the offset of {tz} at that time")
        value = zoned
    time_s = f"{hh:02d}:{mi:02d}" + (f":{ss:02d}" if m["second"] is not None else "")
    key = _key_of_datetime(value)
    return {
        "edtf": f"{y:04d}-{mo:02d}-{d:02d}T{time_s}{canon_offset}",
        "precision": Precision.SECOND if m["second"] is not None else Precision.MINUTE,
        "lower": key,
        "upper": key + (1.0 if m["second"] is not None else 60.0),
        "earliest": value,
        "latest": value,
    }


def _parse_interval(text: str, tz: str | None, part: Callable[[str, str | None], P]) -> Fields:
    if text.count("/") != 1:
        raise _fail(text, "an interval has exactly one '/'")
    left, right = text.split("/")
    start: P | None = None
    end: P | None = None
    if left == "..":
        start_kind = EndKind.OPEN
    elif left == "":
        start_kind = EndKind.UNKNOWN
    else:
        start_kind = EndKind.KNOWN
        start = _part(left, tz, text, part)
    if right == "..":
        end_kind = EndKind.OPEN
    elif right == "":
        end_kind = EndKind.UNKNOWN
    else:
        end_kind = EndKind.KNOWN
        end = _part(right, tz, text, part)
    if start is None and end is None:
        raise _fail(text, "an interval needs at least one known end")
    # the end may be vaguer than the start ("2017-09-15/2017-09"), but it
    # cannot end before the start can begin
    if start is not None and end is not None and end.upper <= start.lower:
        raise _fail(text, "the end is before the start")
    parts = [p for p in (start, end) if p is not None]
    left_c = start.edtf if start is not None else (".." if start_kind is EndKind.OPEN else "")
    right_c = end.edtf if end is not None else (".." if end_kind is EndKind.OPEN else "")
    return {
        "kind": Kind.INTERVAL,
        "edtf": f"{left_c}/{right_c}",
        "precision": max(p.precision for p in parts),
        "uncertain": any(p.uncertain for p in parts),
        "approximate": any(p.approximate for p in parts),
        "unspecified": any(p.unspecified for p in parts),
        "start": start,
        "end": end,
        "start_kind": start_kind,
        "end_kind": end_kind,
        "lower": start.lower if start is not None else -math.inf,
        "upper": end.upper if end is not None else math.inf,
        "earliest": start._earliest if start is not None else None,
        "latest": end._latest if end is not None else None,
    }


def _parse_set(text: str, tz: str | None, part: Callable[[str, str | None], P]) -> Fields:
    closing = "]" if text[0] == "[" else "}"
    if not text.endswith(closing):
        raise _fail(text, f"a set opened with {text[0]!r} must close with {closing!r}")
    body = text[1:-1].replace(" ", "")
    if not body:
        raise _fail(text, "an empty set")
    members: list[P] = []
    canon: list[str] = []
    open_before = open_after = False
    items = body.split(",")
    for index, item in enumerate(items):
        if ".." in item:
            a, _, b = item.partition("..")
            if a == "" and b == "":
                raise _fail(text, "'..' needs a date on at least one side")
            if a == "":
                if index != 0:
                    raise _fail(text, "'..date' may only open a set")
                open_before = True
                members.append(_part(b, tz, text, part))
                canon.append(f"..{members[-1].edtf}")
            elif b == "":
                if index != len(items) - 1:
                    raise _fail(text, "'date..' may only close a set")
                open_after = True
                members.append(_part(a, tz, text, part))
                canon.append(f"{members[-1].edtf}..")
            else:
                lo, hi = _part(a, tz, text, part), _part(b, tz, text, part)
                if hi.upper <= lo.lower:
                    raise _fail(text, "a range in a set ends before it starts")
                members.extend((lo, hi))
                canon.append(f"{lo.edtf}..{hi.edtf}")
        else:
            members.append(_part(item, tz, text, part))
            canon.append(members[-1].edtf)
    first = min(members, key=lambda w: w.lower)
    last = max(members, key=lambda w: w.upper)
    return {
        "kind": Kind.SET,
        "edtf": text[0] + ",".join(canon) + closing,
        "precision": max(p.precision for p in members),
        "uncertain": any(p.uncertain for p in members),
        "approximate": any(p.approximate for p in members),
        "unspecified": any(p.unspecified for p in members),
        "start_kind": EndKind.OPEN if open_before else EndKind.KNOWN,
        "end_kind": EndKind.OPEN if open_after else EndKind.KNOWN,
        "choices": tuple(members),
        "lower": -math.inf if open_before else first.lower,
        "upper": math.inf if open_after else last.upper,
        "earliest": None if open_before else first._earliest,
        "latest": None if open_after else last._latest,
    }


def _part(text: str, tz: str | None, whole: str, part: Callable[[str, str | None], P]) -> P:
    """Parse one member of an interval or set, naming the whole value on error."""
    if text.startswith(("[", "{")) or "/" in text or ".." in text:
        raise _fail(whole, f"{text!r} cannot be nested here")
    try:
        return part(text, tz)
    except TimelineError as exc:
        message = str(exc)
        if message.startswith(repr(text)) and text != whole:
            message = f"{whole!r}: {message}"
        raise TimelineError(message) from None


@functools.cache  # (at most 1,799 offsets: -14:59 to +14:59)
def _fixed(seconds: int) -> _dt.timezone:
    """The fixed offset of ``seconds`` east of UTC (named: ``+00:00`` is not ``Z``)."""
    sign = "-" if seconds < 0 else "+"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return _dt.timezone(_dt.timedelta(seconds=seconds), f"{sign}{hours:02d}:{minutes:02d}")
