"""Parsing EDTF (ISO 8601-2) text: what :class:`~timeline.when.When` is made of.

This module reads text and checks it; it keeps no values.  :func:`parse`
returns the computed fields of a value (:class:`Fields`), which
:class:`~timeline.when.When` stores; the members of an interval or a set are
values themselves, obtained through the ``part`` function the caller passes
(``When`` passes its cache of parsed values, so repeated ends are shared).

Supported: EDTF level 0 and level 1, plus the level 2 sets ``[a..b]`` (one
of) and ``{a,b}`` (all of).

======================  ===================================================
``2017``                a year (precision ``YEAR``)
``2017-09``             a month
``2017-09-15``          a day
``2017-21``             a season (21 spring, 22 summer, 23 autumn, 24 winter)
``201X``, ``2017-09-XX``  unspecified digits
``2017-09-15?``         uncertain; ``~`` approximate; ``%`` both
``2017-09-19T13:00-07:00``  a date-time with a UTC offset (or ``Z``)
``2017-09-24/2017-09-27``  an interval; ``/..`` open end, ``/`` unknown end
``[2017-09-28..2017-09-30]``  one of a set of dates; ``{a,b}`` all of them
======================  ===================================================

Years must lie in 1–9999 (what Python's dates can hold); longer or negative
EDTF years are refused with a :class:`~timeline.errors.TimelineError`, and so
is a date-time with an offset or zone whose instant falls outside those years
in UTC (``9999-12-31T23:59-12:00``).
Unspecified digits follow level 1: the last one to three digits of the year,
or a whole month or day, and only from the right (``2017-XX-15`` is refused).
An interval's end may be vaguer than its start (``2017-09-15/2017-09``) but
cannot end before the start can begin.  A time written without offset in a
zone must exist there (not in the hour skipped when clocks go forward).
"""

from __future__ import annotations

import calendar
import datetime as _dt
import enum
import functools
import math
import re
from collections.abc import Callable
from typing import Any, Final, Protocol, TypedDict, TypeVar

import pendulum

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
    def _earliest(self) -> _dt.date | None: ...
    @property
    def _latest(self) -> _dt.date | None: ...


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
    earliest: _dt.date | None  # a date, or a datetime
    latest: _dt.date | None
    season: int  # 21 to 24, or 0


# Seasons (level 1): northern-hemisphere meteorological seasons.  Winter runs
# from December into February of the next year.
_SEASON_MONTHS: Final = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 14)}

_DATE_RE: Final = re.compile(
    r"""
    (?P<year>-?[0-9X]{4}|Y-?[0-9]+)
    (?:-(?P<month>[0-9X]{2})
       (?:-(?P<day>[0-9X]{2}))?
    )?
    (?:T(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?
       (?P<offset>Z|[+-][0-9]{2}(?::?[0-9]{2})?)?
    )?
    (?P<qual>[?~%])?
    """,
    re.VERBOSE,
)
_PLAIN_DAY_MATCH: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}").fullmatch

_UNSPECIFIED_FORMS: Final = (
    "unspecified digits X replace the last digits of the year (201X, 19XX, 1XXX)"
    " or a whole month or day (2017-XX, 2017-09-XX, 201X-XX-XX)"
)


def _fail(text: str, why: str) -> TimelineError:
    return TimelineError(f"{text!r} is not a valid date ({why})")


def _key_of_date(d: _dt.date) -> float:
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
    """
    try:
        if name in _NOT_PLACE_ZONES or name.startswith(_NOT_PLACE_TREES):
            raise ValueError(name)
        return pendulum.timezone(name)
    except Exception:
        raise TimelineError(
            f"unknown time zone {name!r} (use an IANA name such as 'America/Chicago')"
        ) from None


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
        d = _dt.date(int(text[:4]), int(text[5:7]), int(text[8:]))
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


def _parse_date(text: str, tz: str | None, in_zone: pendulum.Timezone | None) -> Fields:
    if len(text) == 10 and _PLAIN_DAY_MATCH(text):
        fields = _plain_day(text)
        if fields is not None:
            return fields
    m = _DATE_RE.fullmatch(text)
    if m is None:
        if any(q in text[:-1] for q in "?~%"):
            raise _fail(text, "a qualifier ? ~ % may only end a date, as in 2017-09?")
        raise _fail(
            text, "not EDTF: expected forms like 2017, 2017-09, 2017-09-15, 2017-09-15T13:00Z"
        )
    year_s, month_s, day_s = m["year"], m["month"], m["day"]
    qual = m["qual"] or ""
    if year_s.startswith(("Y", "-")):
        raise _fail(text, "only years 1 to 9999 are supported")
    if m["hour"] is not None:
        return _parse_datetime(text, m, tz, in_zone)
    unspecified = "X" in text
    season = 0
    if unspecified:
        precision = _check_unspecified(text, year_s, month_s, day_s)
    y0 = int(year_s.replace("X", "0"))
    y1 = int(year_s.replace("X", "9"))
    if y1 < 1:
        raise _fail(text, "only years 1 to 9999 are supported")
    y0 = max(y0, 1)
    if month_s is None:
        if not unspecified:
            precision = Precision.YEAR
        lo = _dt.date(y0, 1, 1)
        hi = _dt.date(y1, 12, 31)
    elif month_s == "XX":  # year is known to 201X or 2017; day, if any, is XX too
        lo = _dt.date(y0, 1, 1)
        hi = _dt.date(y1, 12, 31)
    else:
        mon = int(month_s)
        if 21 <= mon <= 24:
            if day_s is not None:
                raise _fail(text, "a season has no day")
            season = mon
            m0, m1 = _SEASON_MONTHS[mon]
            precision = Precision.SEASON
        elif 1 <= mon <= 12:
            m0 = m1 = mon
        else:
            raise _fail(text, f"month {mon}")
        if day_s is None:
            if not season:
                precision = Precision.MONTH
            lo = _dt.date(y0, m0, 1)
            if m1 > 12:  # winter runs into the next year
                if y1 + 1 > 9999:
                    raise _fail(text, "only years 1 to 9999 are supported")
                hi = _dt.date(y1 + 1, m1 - 12, calendar.monthrange(y1 + 1, m1 - 12)[1])
            else:
                hi = _dt.date(y1, m1, calendar.monthrange(y1, m1)[1])
        elif day_s == "XX":
            lo = _dt.date(y0, m0, 1)
            hi = _dt.date(y1, m1, calendar.monthrange(y1, m1)[1])
        else:
            day = int(day_s)
            last = calendar.monthrange(y0, m0)[1]
            if not 1 <= day <= last:
                raise _fail(
                    text,
                    f"day {day}: {MONTHS_EN[m0 - 1]} {y0} has {last} days"
                    if 1 <= day <= 31
                    else f"day {day}",
                )
            precision = Precision.DAY
            lo = hi = _dt.date(y0, m0, day)
    return {
        "edtf": text,
        "precision": precision,
        "uncertain": qual in ("?", "%"),
        "approximate": qual in ("~", "%"),
        "unspecified": unspecified,
        "season": season,
        "lower": _key_of_date(lo),
        "upper": _key_of_date(hi) + DAY,
        "earliest": lo,
        "latest": hi,
    }


def _check_unspecified(text: str, year_s: str, month_s: str | None, day_s: str | None) -> Precision:
    """Check the level 1 forms of X digits; return the precision they leave."""
    x_year = year_s.count("X")
    if (
        not year_s.endswith("X" * x_year)
        or x_year > 3
        or (month_s is not None and "X" in month_s and month_s != "XX")
        or (day_s is not None and "X" in day_s and day_s != "XX")
        or (x_year and month_s not in (None, "XX"))
        or (month_s == "XX" and day_s not in (None, "XX"))
    ):
        raise _fail(text, _UNSPECIFIED_FORMS)
    if x_year:
        return (Precision.DECADE, Precision.CENTURY, Precision.MILLENNIUM)[x_year - 1]
    return Precision.YEAR if month_s == "XX" else Precision.MONTH


def _parse_datetime(
    text: str, m: re.Match[str], tz: str | None, in_zone: pendulum.Timezone | None
) -> Fields:
    if m["qual"]:
        raise _fail(text, "qualifiers ? ~ % apply to dates, not to date-times")
    if "X" in text or m["day"] is None:
        raise _fail(text, "a time of day needs a full date")
    y, mo, d = int(m["year"]), int(m["month"]), int(m["day"])
    hh, mi = int(m["hour"]), int(m["minute"])
    ss = int(m["second"]) if m["second"] is not None else 0
    try:
        _dt.date(y, mo, d)
    except ValueError:
        if not 1 <= mo <= 12:
            raise _fail(text, f"month {mo}") from None
        raise _fail(text, f"day {d}") from None
    if hh > 23:
        raise _fail(text, f"hour {hh}")
    if mi > 59:
        raise _fail(text, f"minute {mi}")
    if ss > 59:
        raise _fail(text, f"second {ss}")
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
            raise _fail(text, f"UTC offset {offset_s}")
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
