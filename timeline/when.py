"""Honest dates: :class:`When`, a parsed EDTF (ISO 8601-2) value.

A ``When`` keeps what was written, at the precision it was written, with its
qualifiers, and knows the *strict bounds* of the span in which the real date
lies.  Supported: EDTF level 0 and level 1, plus the level 2 sets
``[a..b]`` (one of) and ``{a,b}`` (all of).

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
in UTC (``9999-12-31T23:59-14:00``).
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
from typing import Any, Final

import attrs
import pendulum

from timeline.errors import TimelineError

__all__ = ["Kind", "Precision", "When", "month_names"]

_EPOCH_ORDINAL: Final = _dt.date(1970, 1, 1).toordinal()
_DAY: Final = 86400.0


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
    """What shape of value a :class:`When` is."""

    DATE = "date"
    INTERVAL = "interval"
    SET = "set"


class EndKind(enum.Enum):
    """How an interval end is given."""

    KNOWN = "known"
    OPEN = "open"  # ``..``: the interval runs on (or back) without bound
    UNKNOWN = "unknown"  # empty: there is an end, but it is not known


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
_PLAIN_DAY_RE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_PLAIN_DAY_MATCH: Final = _PLAIN_DAY_RE.fullmatch


def _fail(text: str, why: str) -> TimelineError:
    return TimelineError(f"{text!r} is not a valid date ({why})")


def _key_of_date(d: _dt.date) -> float:
    return (d.toordinal() - _EPOCH_ORDINAL) * _DAY


def _key_of_wall(dt: _dt.datetime) -> float:
    """The wall-clock time of ``dt`` (its zone ignored) in seconds, read as if UTC."""
    return (dt.toordinal() - _EPOCH_ORDINAL) * _DAY + (dt.hour * 3600 + dt.minute * 60 + dt.second)


def _key_of_datetime(dt: _dt.datetime) -> float:
    return _key_of_wall(dt) if dt.tzinfo is None else dt.timestamp()


_UNSPECIFIED_FORMS: Final = (
    "unspecified digits X replace the last digits of the year (201X, 19XX, 1XXX)"
    " or a whole month or day (2017-XX, 2017-09-XX, 201X-XX-XX)"
)


_MONTHS_EN: Final = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)

# Words of human descriptions, per locale.  Month names come from here too, so
# that description does not depend on any global locale state.
_WORDS: Final[dict[str, dict[str, Any]]] = {
    "en": {
        "months": _MONTHS_EN,
        "seasons": {21: "Spring", 22: "Summer", 23: "Autumn", 24: "Winter"},
        "circa": "c. {}",
        "from_open": "from {} on",
        "from_unknown": "from {} (end unknown)",
        "until_open": "until {}",
        "until_unknown": "until {} (start unknown)",
        "after": "after {}",
        "before": "before {}",
        "one_of": "one of {}",
        "all_of": "all of {}",
        "or": " or ",
        "and": " and ",
        "decade": "{}s",
        "unknown": "unknown date",
    },
    "fr": {
        "months": (
            "janv.",
            "févr.",
            "mars",
            "avr.",
            "mai",
            "juin",
            "juil.",
            "août",
            "sept.",
            "oct.",
            "nov.",
            "déc.",
        ),
        "seasons": {21: "printemps", 22: "été", 23: "automne", 24: "hiver"},
        "circa": "vers {}",
        "from_open": "depuis {}",
        "from_unknown": "à partir de {} (fin inconnue)",
        "until_open": "jusqu'au {}",
        "until_unknown": "jusqu'au {} (début inconnu)",
        "after": "après {}",
        "before": "avant {}",
        "one_of": "l'une des dates {}",
        "all_of": "toutes les dates {}",
        "or": " ou ",
        "and": " et ",
        "decade": "années {}",
        "unknown": "date inconnue",
    },
    "de": {
        "months": (
            "Jan.",
            "Feb.",
            "März",
            "Apr.",
            "Mai",
            "Juni",
            "Juli",
            "Aug.",
            "Sept.",
            "Okt.",
            "Nov.",
            "Dez.",
        ),
        "seasons": {21: "Frühling", 22: "Sommer", 23: "Herbst", 24: "Winter"},
        "circa": "ca. {}",
        "from_open": "ab {}",
        "from_unknown": "ab {} (Ende unbekannt)",
        "until_open": "bis {}",
        "until_unknown": "bis {} (Beginn unbekannt)",
        "after": "nach {}",
        "before": "vor {}",
        "one_of": "eines von {}",
        "all_of": "alle von {}",
        "or": " oder ",
        "and": " und ",
        "decade": "{}er",
        "unknown": "unbekanntes Datum",
    },
    "es": {
        "months": (
            "ene.",
            "feb.",
            "mar.",
            "abr.",
            "may.",
            "jun.",
            "jul.",
            "ago.",
            "sept.",
            "oct.",
            "nov.",
            "dic.",
        ),
        "seasons": {21: "primavera", 22: "verano", 23: "otoño", 24: "invierno"},
        "circa": "h. {}",
        "from_open": "desde {}",
        "from_unknown": "desde {} (fin desconocido)",
        "until_open": "hasta {}",
        "until_unknown": "hasta {} (inicio desconocido)",
        "after": "después de {}",
        "before": "antes de {}",
        "one_of": "una de {}",
        "all_of": "todas {}",
        "or": " o ",
        "and": " y ",
        "decade": "años {}",
        "unknown": "fecha desconocida",
    },
}

LOCALES: Final = tuple(sorted(_WORDS))


def month_names(locale: str = "en") -> tuple[str, ...]:
    """The twelve short month names :meth:`When.describe` uses for ``locale``."""
    return tuple(_words(locale)["months"])


def _words(locale: str) -> dict[str, Any]:
    lang = locale.replace("-", "_").split("_")[0].lower()
    try:
        return _WORDS[lang]
    except KeyError:
        raise TimelineError(
            f"locale {locale!r} is not supported (supported: {', '.join(LOCALES)})"
        ) from None


def _zone(name: str) -> pendulum.Timezone:
    try:
        return pendulum.timezone(name)
    except Exception:
        raise TimelineError(
            f"unknown time zone {name!r} (use an IANA name such as 'America/Chicago')"
        ) from None


def _equal_or_none(a: object, b: object) -> bool:
    return a is b or a == b


@attrs.frozen(eq=False, repr=False)
class When:
    """A date, date-time, interval or set of dates, written in EDTF.

    ``When(text, tz=None)`` parses and validates; :meth:`parse` does the same
    with a cache.  Two values are equal when their canonical EDTF text and
    zone are equal; they sort by :attr:`sort_key` ``(lower, upper, edtf,
    tz)``: earliest first, then the one that ends first.  ``tz`` is kept only
    for values with a time of day; for a date it is dropped (set to ``None``).

    >>> w = When.parse("2017-09-24/2017-09-27")
    >>> str(w), w.earliest, w.latest
    ('2017-09-24/2017-09-27', Date(2017, 9, 24), Date(2017, 9, 27))
    >>> When.parse("2017-09~").describe()
    'c. Sep 2017'
    """

    edtf: str = attrs.field()
    """Canonical EDTF text."""
    tz: str | None = attrs.field(default=None)
    """IANA zone for date-times written without offset (``None``: as written)."""

    kind: Kind = attrs.field(init=False)
    precision: Precision = attrs.field(init=False)
    """How finely the value is known (for intervals and sets: the finest part)."""
    uncertain: bool = attrs.field(init=False)
    """``?`` somewhere in the value: the source is not sure of it."""
    approximate: bool = attrs.field(init=False)
    """``~`` somewhere in the value: the date is about right."""
    unspecified: bool = attrs.field(init=False)
    """Some digits are ``X``: not given."""
    # An interval's ends (``None`` for a date, which is its own start and end,
    # see :attr:`start`: a date holding itself would be a reference cycle, which
    # only the cyclic collector could free)
    _start: When | None = attrs.field(init=False)
    _end: When | None = attrs.field(init=False)
    start_kind: EndKind = attrs.field(init=False)
    end_kind: EndKind = attrs.field(init=False)
    choices: tuple[When, ...] = attrs.field(init=False)
    """A set's members (empty for dates and intervals)."""
    lower: float = attrs.field(init=False)
    """Strict lower bound as seconds since 1970-01-01 (dates read as UTC); ``-inf`` if none."""
    upper: float = attrs.field(init=False)
    """Strict *exclusive* upper bound, seconds; the end of the last possible day (or minute)."""
    _earliest: _dt.date | None = attrs.field(init=False)
    _latest: _dt.date | None = attrs.field(init=False)
    _season: int = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        text = self.edtf
        if (
            self.tz is None
            and type(text) is str
            and len(text) == 10
            and _PLAIN_DAY_MATCH(text) is not None
            and self._fill_plain_day(text)  # the fast path for the most common value
        ):
            return
        if not isinstance(text, str):
            raise TimelineError(f"EDTF value must be a string, not {type(text).__name__}: {text!r}")
        if self.tz is not None and not isinstance(self.tz, str):
            raise TimelineError(f"tz must be a string, not {type(self.tz).__name__}: {self.tz!r}")
        zone = _zone(self.tz) if self.tz is not None else None
        text = text.strip()
        if not text:
            raise TimelineError("empty date")
        if len(text) > 200:
            raise TimelineError(f"{text[:40]!r}... is not a valid date (too long)")
        if text[0] in "[{":
            self._parse_set(text, zone)
        elif "/" in text:
            self._parse_interval(text, zone)
        else:
            self._parse_date(text, zone)
        if self.tz is not None and "T" not in text:
            # a zone only matters for times of day: "2017-09-15" in any zone is
            # the same value, so it is equal (and hashes) the same
            object.__setattr__(self, "tz", None)

    # -- parsing ---------------------------------------------------------

    def _fill_plain_day(self, text: str) -> bool:
        """Fill the fields for ``YYYY-MM-DD``; False (nothing set) if it is no real day.

        A bad day ("2017-02-30") is left to the general path, which says what
        is wrong with it.
        """
        try:
            d = _dt.date(int(text[:4]), int(text[5:7]), int(text[8:]))
        except ValueError:
            return False
        key = (d.toordinal() - _EPOCH_ORDINAL) * _DAY
        _fill_date(self, text, Precision.DAY, False, False, False, 0, key, key + _DAY, d, d)
        return True

    def _parse_date(self, text: str, zone: pendulum.Timezone | None) -> None:
        if len(text) == 10 and _PLAIN_DAY_RE.fullmatch(text) and self._fill_plain_day(text):
            return
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
            self._parse_datetime(text, m, zone)
            return
        unspecified = "X" in text
        season = 0
        if unspecified:
            precision = self._check_unspecified(text, year_s, month_s, day_s)
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
                        f"day {day}: {_MONTHS_EN[m0 - 1]} {y0} has {last} days"
                        if 1 <= day <= 31
                        else f"day {day}",
                    )
                precision = Precision.DAY
                lo = hi = _dt.date(y0, m0, day)
        _fill_date(
            self,
            text,
            precision,
            qual in ("?", "%"),
            qual in ("~", "%"),
            unspecified,
            season,
            _key_of_date(lo),
            _key_of_date(hi) + _DAY,
            lo,
            hi,
        )

    @staticmethod
    def _check_unspecified(
        text: str, year_s: str, month_s: str | None, day_s: str | None
    ) -> Precision:
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

    def _parse_datetime(self, text: str, m: re.Match[str], zone: pendulum.Timezone | None) -> None:
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
            tzinfo = zone
        elif offset_s == "Z":
            tzinfo = pendulum.UTC
            plain_tz = _UTC
            canon_offset = "Z"
        else:
            sign = -1 if offset_s[0] == "-" else 1
            digits = offset_s[1:].replace(":", "")
            oh = int(digits[:2])
            om = int(digits[2:4]) if len(digits) >= 4 else 0
            if oh > 14 or om > 59:
                raise _fail(text, f"UTC offset {offset_s}")
            seconds = sign * (oh * 3600 + om * 60)
            plain_tz = _fixed(seconds)
            tzinfo = pendulum.FixedTimezone(seconds) if zone is not None else plain_tz
            canon_offset = f"{'-' if sign < 0 else '+'}{oh:02d}:{om:02d}"
        value: _dt.datetime
        if zone is None:
            # no zone: a plain datetime (naive, or at a fixed offset) is all the
            # checks need; :attr:`earliest` and :attr:`latest` make it a pendulum
            # DateTime when asked (see :func:`_as_pendulum`)
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
                raise _fail(
                    text, f"{hh:02d}:{mi:02d} does not exist in {self.tz} that day (clocks change)"
                )
            try:  # the instant must be a date Python can hold in UTC too
                value.astimezone(_dt.UTC)
            except OverflowError:
                raise _fail(text, "only years 1 to 9999 are supported, in UTC too") from None
        if zone is not None and offset_s is not None:
            # both an offset and a zone: the offset must be the zone's at that time
            try:
                in_zone = value.in_timezone(zone)  # type: ignore[attr-defined]
            except OverflowError:
                raise _fail(text, f"only years 1 to 9999 are supported, in {self.tz} too") from None
            if in_zone.utcoffset() != value.utcoffset():
                raise _fail(text, f"offset {offset_s} is not the offset of {self.tz} at that time")
            value = in_zone
        time_s = f"{hh:02d}:{mi:02d}" + (f":{ss:02d}" if m["second"] is not None else "")
        key = _key_of_datetime(value)
        _fill_date(
            self,
            f"{y:04d}-{mo:02d}-{d:02d}T{time_s}{canon_offset}",
            Precision.SECOND if m["second"] is not None else Precision.MINUTE,
            False,
            False,
            False,
            0,
            key,
            key + (1.0 if m["second"] is not None else 60.0),
            value,
            value,
        )

    def _parse_interval(self, text: str, zone: pendulum.Timezone | None) -> None:
        if text.count("/") != 1:
            raise _fail(text, "an interval has exactly one '/'")
        left, right = text.split("/")
        tz = self.tz
        start: When | None = None
        end: When | None = None
        if left == "..":
            start_kind = EndKind.OPEN
        elif left == "":
            start_kind = EndKind.UNKNOWN
        else:
            start_kind = EndKind.KNOWN
            start = _part(left, tz, text)
        if right == "..":
            end_kind = EndKind.OPEN
        elif right == "":
            end_kind = EndKind.UNKNOWN
        else:
            end_kind = EndKind.KNOWN
            end = _part(right, tz, text)
        if start is None and end is None:
            raise _fail(text, "an interval needs at least one known end")
        # the end may be vaguer than the start ("2017-09-15/2017-09"), but it
        # cannot end before the start can begin
        if start is not None and end is not None and end.upper <= start.lower:
            raise _fail(text, "the end is before the start")
        parts = [p for p in (start, end) if p is not None]
        left_c = start.edtf if start is not None else (".." if start_kind is EndKind.OPEN else "")
        right_c = end.edtf if end is not None else (".." if end_kind is EndKind.OPEN else "")
        _fill(
            self,
            Kind.INTERVAL,
            f"{left_c}/{right_c}",
            max(p.precision for p in parts),
            any(p.uncertain for p in parts),
            any(p.approximate for p in parts),
            any(p.unspecified for p in parts),
            start,
            end,
            start_kind,
            end_kind,
            (),
            start.lower if start is not None else -math.inf,
            end.upper if end is not None else math.inf,
            start._earliest if start is not None else None,
            end._latest if end is not None else None,
        )

    def _parse_set(self, text: str, zone: pendulum.Timezone | None) -> None:
        closing = "]" if text[0] == "[" else "}"
        if not text.endswith(closing):
            raise _fail(text, f"a set opened with {text[0]!r} must close with {closing!r}")
        body = text[1:-1].replace(" ", "")
        if not body:
            raise _fail(text, "an empty set")
        members: list[When] = []
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
                    members.append(_part(b, self.tz, text))
                    canon.append(f"..{members[-1].edtf}")
                elif b == "":
                    if index != len(items) - 1:
                        raise _fail(text, "'date..' may only close a set")
                    open_after = True
                    members.append(_part(a, self.tz, text))
                    canon.append(f"{members[-1].edtf}..")
                else:
                    lo, hi = _part(a, self.tz, text), _part(b, self.tz, text)
                    if hi.upper <= lo.lower:
                        raise _fail(text, "a range in a set ends before it starts")
                    members.extend((lo, hi))
                    canon.append(f"{lo.edtf}..{hi.edtf}")
            else:
                members.append(_part(item, self.tz, text))
                canon.append(members[-1].edtf)
        first = min(members, key=lambda w: w.lower)
        last = max(members, key=lambda w: w.upper)
        _fill(
            self,
            Kind.SET,
            text[0] + ",".join(canon) + closing,
            max(p.precision for p in members),
            any(p.uncertain for p in members),
            any(p.approximate for p in members),
            any(p.unspecified for p in members),
            None,
            None,
            EndKind.OPEN if open_before else EndKind.KNOWN,
            EndKind.OPEN if open_after else EndKind.KNOWN,
            tuple(members),
            -math.inf if open_before else first.lower,
            math.inf if open_after else last.upper,
            None if open_before else first._earliest,
            None if open_after else last._latest,
        )

    # -- public API --------------------------------------------------------

    @staticmethod
    def parse(text: str, tz: str | None = None) -> When:
        """Parse EDTF ``text`` (with an optional IANA zone for its times).

        Raises :class:`~timeline.errors.TimelineError` on bad input.

        >>> When.parse("2017-09-19T13:00", tz="America/Los_Angeles").earliest
        DateTime(2017, 9, 19, 13, 0, 0, tzinfo=Timezone('America/Los_Angeles'))
        """
        if not isinstance(text, str):
            raise TimelineError(f"EDTF value must be a string, not {type(text).__name__}: {text!r}")
        return _parse_cached(text, tz)

    @classmethod
    def from_text(
        cls,
        text: str,
        *,
        reference: When | str | None = None,
        locale: str = "en",
        week_start: int = calendar.MONDAY,
    ) -> When:
        """The date ``text`` names in words, worked out against ``reference``.

        See :func:`timeline.words.from_text` and docs/words.md.

        >>> When.from_text("between Monday and Thursday", reference="2017-09-29")
        When('2017-09-25/2017-09-28')
        """
        from timeline.words import from_text  # words builds on When

        return from_text(text, reference=reference, locale=locale, week_start=week_start)

    @property
    def start(self) -> When | None:
        """An interval's start; ``None`` when open or unknown.  For a date: itself."""
        return self if self.kind is Kind.DATE else self._start

    @property
    def end(self) -> When | None:
        """An interval's end; ``None`` when open or unknown.  For a date: itself."""
        return self if self.kind is Kind.DATE else self._end

    @property
    def earliest(self) -> pendulum.Date | pendulum.DateTime | None:
        """The first day (or instant) the value can be; ``None`` when unbounded."""
        return _as_pendulum(self._earliest)

    @property
    def latest(self) -> pendulum.Date | pendulum.DateTime | None:
        """The last day (or instant) the value can be; ``None`` when unbounded."""
        return _as_pendulum(self._latest)

    @property
    def is_interval(self) -> bool:
        return self.kind is Kind.INTERVAL

    @property
    def is_timed(self) -> bool:
        """True when the value has a time of day (its bounds are DateTimes)."""
        return isinstance(self._earliest or self._latest, _dt.datetime)

    @property
    def is_exact(self) -> bool:
        """A single day or instant (or an interval of them) with no qualifier."""
        return (
            self.kind is not Kind.SET
            and self.precision >= Precision.DAY
            and not (self.uncertain or self.approximate or self.unspecified)
            and self.start_kind is EndKind.KNOWN
            and self.end_kind is EndKind.KNOWN
        )

    @property
    def sort_key(self) -> tuple[float, float, str, str]:
        """``(lower, upper, edtf, tz)``: the order of :class:`When` values, a total one."""
        return (self.lower, self.upper, self.edtf, self.tz or "")

    def contains(self, other: When) -> bool:
        """True when ``other``'s whole span lies within this value's span."""
        return self.lower <= other.lower and other.upper <= self.upper

    def overlaps(self, other: When) -> bool:
        """True when the two spans share any time."""
        return self.lower < other.upper and other.lower < self.upper

    def __str__(self) -> str:
        return self.edtf

    def __repr__(self) -> str:
        if self.tz is None:
            return f"When({self.edtf!r})"
        return f"When({self.edtf!r}, tz={self.tz!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, When):
            return NotImplemented
        return self.edtf == other.edtf and self.tz == other.tz

    def __hash__(self) -> int:
        return hash((self.edtf, self.tz))

    # Equal sort keys mean equal values (the key holds the edtf and the tz),
    # so these four agree with ``==``: a total order.

    def __lt__(self, other: When) -> bool:
        if not isinstance(other, When):
            return NotImplemented
        return self.sort_key < other.sort_key

    def __le__(self, other: When) -> bool:
        if not isinstance(other, When):
            return NotImplemented
        return self.sort_key <= other.sort_key

    def __gt__(self, other: When) -> bool:
        if not isinstance(other, When):
            return NotImplemented
        return self.sort_key > other.sort_key

    def __ge__(self, other: When) -> bool:
        if not isinstance(other, When):
            return NotImplemented
        return self.sort_key >= other.sort_key

    # -- description -------------------------------------------------------

    def describe(self, locale: str = "en") -> str:
        """A human description: "24–27 Sep 2017", "Sep 2017", "c. 19 Sep 2017".

        The locale is passed explicitly (``en``, ``fr``, ``de``, ``es``); no
        global state is read.
        """
        words = _words(locale)
        if self.kind is Kind.DATE:
            return self._describe_date(words)
        if self.kind is Kind.INTERVAL:
            return self._describe_interval(words)
        return self._describe_set(words)

    def _plain_label(self, words: dict[str, Any]) -> str:
        """The date alone, without qualifier marks."""
        months = words["months"]
        lo, hi = self._earliest, self._latest
        assert lo is not None
        assert hi is not None
        p = self.precision
        if isinstance(lo, _dt.datetime):
            day, time, zone = self._time_labels(lo, months)
            return f"{day}, {time}{zone}"
        if self._season:
            return f"{words['seasons'][self._season]} {lo.year}"
        if p == Precision.DAY:
            return f"{lo.day} {months[lo.month - 1]} {lo.year}"
        if p == Precision.MONTH:
            return f"{months[lo.month - 1]} {lo.year}"
        if p == Precision.YEAR and lo.year == hi.year:
            if self.unspecified and not (
                lo.month == 1 and lo.day == 1 and hi.month == 12 and hi.day == 31
            ):
                return _range_label(lo, hi, months)
            return str(lo.year)
        if p == Precision.DECADE and hi.year - lo.year == 9 and lo.month == 1 and hi.month == 12:
            return str(words["decade"]).format(lo.year)
        if lo.month == 1 and lo.day == 1 and hi.month == 12 and hi.day == 31:
            return f"{lo.year}–{hi.year}"
        return _range_label(lo, hi, months)

    def _time_labels(self, dt: _dt.datetime, months: tuple[str, ...]) -> tuple[str, str, str]:
        """The day, the time of day and the zone (with a leading space, or empty)."""
        day = f"{dt.day} {months[dt.month - 1]} {dt.year}"
        time = f"{dt:%H:%M:%S}" if self.precision == Precision.SECOND else f"{dt:%H:%M}"
        if dt.tzinfo is None:
            return day, time, ""
        if self.tz is not None:  # a named zone: its abbreviation (PDT)
            return day, time, f" {dt.tzname()}"
        return day, time, " " + _offset_label(dt.utcoffset())

    def _describe_date(self, words: dict[str, Any]) -> str:
        label = self._plain_label(words)
        if self.approximate:
            label = str(words["circa"]).format(label)
        if self.uncertain:
            label += "?"
        return label

    def _describe_interval(self, words: dict[str, Any]) -> str:
        start, end = self.start, self.end
        if start is None:
            assert end is not None
            key = "until_open" if self.start_kind is EndKind.OPEN else "until_unknown"
            return str(words[key]).format(end._describe_date(words))
        if end is None:
            key = "from_open" if self.end_kind is EndKind.OPEN else "from_unknown"
            return str(words[key]).format(start._describe_date(words))
        plain = not any(w.uncertain or w.approximate or w.unspecified for w in (start, end))
        if plain and start.precision == end.precision and not start._season | end._season:
            # both ends known alike: say the shared parts once
            months = words["months"]
            lo, hi = start._earliest, end._latest
            assert lo is not None
            assert hi is not None
            p = start.precision
            if isinstance(lo, _dt.datetime) and isinstance(hi, _dt.datetime):
                day_lo, time_lo, zone_lo = start._time_labels(lo, months)
                day_hi, time_hi, zone_hi = end._time_labels(hi, months)
                if day_lo == day_hi and zone_lo == zone_hi:
                    return f"{day_lo}, {time_lo}–{time_hi}{zone_lo}"
            elif p == Precision.DAY:
                return _range_label(lo, hi, months)
            elif p == Precision.MONTH and lo.year == hi.year:
                if lo.month == hi.month:
                    return start._plain_label(words)
                return f"{months[lo.month - 1]} – {months[hi.month - 1]} {lo.year}"
            elif p == Precision.YEAR:
                return str(lo.year) if lo.year == hi.year else f"{lo.year}–{hi.year}"
        return f"{start._describe_date(words)} – {end._describe_date(words)}"

    def _describe_set(self, words: dict[str, Any]) -> str:
        parts: list[str] = []
        body = self.edtf[1:-1]
        members = iter(self.choices)
        for item in body.split(","):
            if item.startswith(".."):
                parts.append(str(words["before"]).format(next(members)._describe_date(words)))
            elif item.endswith(".."):
                parts.append(str(words["after"]).format(next(members)._describe_date(words)))
            elif ".." in item:
                # a range reads as the interval with the same ends
                a, b = next(members), next(members)
                parts.append(When(f"{a.edtf}/{b.edtf}", self.tz)._describe_interval(words))
            else:
                parts.append(next(members)._describe_date(words))
        if len(parts) == 1 and (self.start_kind is EndKind.OPEN or self.end_kind is EndKind.OPEN):
            return parts[0]
        joined = str(words["or"] if self.edtf[0] == "[" else words["and"]).join(parts)
        return str(words["one_of" if self.edtf[0] == "[" else "all_of"]).format(joined)


# -- filling a When's computed slots ------------------------------------------------
# A When sets its sixteen computed slots once, in __attrs_post_init__.  They are
# set through the slots' own descriptors (bound once here): half the cost of
# object.__setattr__, which looks each name up, and a fifth of a method call each.


def _slot_setter(name: str) -> Callable[[When, Any], None]:
    setter: Callable[[When, Any], None] = When.__dict__[name].__set__
    return setter


_set_kind: Final = _slot_setter("kind")
_set_edtf: Final = _slot_setter("edtf")
_set_precision: Final = _slot_setter("precision")
_set_uncertain: Final = _slot_setter("uncertain")
_set_approximate: Final = _slot_setter("approximate")
_set_unspecified: Final = _slot_setter("unspecified")
_set_start: Final = _slot_setter("_start")
_set_end: Final = _slot_setter("_end")
_set_start_kind: Final = _slot_setter("start_kind")
_set_end_kind: Final = _slot_setter("end_kind")
_set_choices: Final = _slot_setter("choices")
_set_lower: Final = _slot_setter("lower")
_set_upper: Final = _slot_setter("upper")
_set_earliest: Final = _slot_setter("_earliest")
_set_latest: Final = _slot_setter("_latest")
_set_season: Final = _slot_setter("_season")


def _fill_date(
    w: When,
    edtf: str,
    precision: Precision,
    uncertain: bool,
    approximate: bool,
    unspecified: bool,
    season: int,
    lower: float,
    upper: float,
    earliest: _dt.date,
    latest: _dt.date,
) -> None:
    """Set the computed slots of a single date (or date-time)."""
    _set_kind(w, Kind.DATE)
    _set_edtf(w, edtf)
    _set_precision(w, precision)
    _set_uncertain(w, uncertain)
    _set_approximate(w, approximate)
    _set_unspecified(w, unspecified)
    _set_start(w, None)
    _set_end(w, None)
    _set_start_kind(w, EndKind.KNOWN)
    _set_end_kind(w, EndKind.KNOWN)
    _set_choices(w, ())
    _set_lower(w, lower)
    _set_upper(w, upper)
    _set_earliest(w, earliest)
    _set_latest(w, latest)
    _set_season(w, season)


def _fill(
    w: When,
    kind: Kind,
    edtf: str,
    precision: Precision,
    uncertain: bool,
    approximate: bool,
    unspecified: bool,
    start: When | None,
    end: When | None,
    start_kind: EndKind,
    end_kind: EndKind,
    choices: tuple[When, ...],
    lower: float,
    upper: float,
    earliest: _dt.date | None,
    latest: _dt.date | None,
) -> None:
    """Set the computed slots of an interval or a set."""
    _set_kind(w, kind)
    _set_edtf(w, edtf)
    _set_precision(w, precision)
    _set_uncertain(w, uncertain)
    _set_approximate(w, approximate)
    _set_unspecified(w, unspecified)
    _set_start(w, start)
    _set_end(w, end)
    _set_start_kind(w, start_kind)
    _set_end_kind(w, end_kind)
    _set_choices(w, choices)
    _set_lower(w, lower)
    _set_upper(w, upper)
    _set_earliest(w, earliest)
    _set_latest(w, latest)
    _set_season(w, 0)


def _offset_label(offset: _dt.timedelta | None) -> str:
    if offset is None:
        return ""
    total = int(offset.total_seconds())
    if total == 0:
        return "UTC"
    sign = "+" if total > 0 else "−"
    total = abs(total)
    return f"UTC{sign}{total // 3600:02d}:{total % 3600 // 60:02d}"


def _range_label(lo: _dt.date, hi: _dt.date, months: tuple[str, ...]) -> str:
    if lo == hi:
        return f"{lo.day} {months[lo.month - 1]} {lo.year}"
    if lo.year == hi.year and lo.month == hi.month:
        return f"{lo.day}–{hi.day} {months[lo.month - 1]} {lo.year}"
    if lo.year == hi.year:
        return f"{lo.day} {months[lo.month - 1]} – {hi.day} {months[hi.month - 1]} {lo.year}"
    return f"{lo.day} {months[lo.month - 1]} {lo.year} – {hi.day} {months[hi.month - 1]} {hi.year}"


_UTC: Final = _dt.UTC


@functools.cache  # (at most 1,799 offsets: -14:59 to +14:59)
def _fixed(seconds: int) -> _dt.timezone:
    """The fixed offset of ``seconds`` east of UTC (named: ``+00:00`` is not ``Z``)."""
    sign = "-" if seconds < 0 else "+"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return _dt.timezone(_dt.timedelta(seconds=seconds), f"{sign}{hours:02d}:{minutes:02d}")


def _as_pendulum(value: _dt.date | None) -> pendulum.Date | pendulum.DateTime | None:
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        if isinstance(value, pendulum.DateTime):
            return value
        # a plain datetime of a value without zone: the DateTime the value
        # was once parsed to (naive, in pendulum.UTC for Z, else a fixed offset)
        zone = value.tzinfo
        args = (value.year, value.month, value.day, value.hour, value.minute, value.second)
        if zone is None:
            return pendulum.naive(*args)
        if zone is _UTC:
            return pendulum.datetime(*args, tz=pendulum.UTC)
        offset = value.utcoffset()
        assert offset is not None
        return pendulum.datetime(*args, tz=pendulum.FixedTimezone(int(offset.total_seconds())))
    if isinstance(value, pendulum.Date):
        return value
    return pendulum.Date(value.year, value.month, value.day)


def _part(text: str, tz: str | None, whole: str) -> When:
    """Parse one member of an interval or set, naming the whole value on error."""
    if text.startswith(("[", "{")) or "/" in text or ".." in text:
        raise _fail(whole, f"{text!r} cannot be nested here")
    try:
        return _parse_cached(text, tz)  # ends and members repeat: share them
    except TimelineError as exc:
        message = str(exc)
        if message.startswith(repr(text)) and text != whole:
            message = f"{whole!r}: {message}"
        raise TimelineError(message) from None


@functools.lru_cache(maxsize=65536)
def _parse_cached(text: str, tz: str | None) -> When:
    return When(text, tz)
