"""The parsed form of a date phrase, and how it is worked out against a reference day.

:mod:`timeline.words_grammar` builds these nodes from words; :mod:`timeline.words`
evaluates them once per day the reference can be.  ``Node.values(ref, week_start,
phrase)`` gives the EDTF texts a phrase can mean on day ``ref`` (several when the words
themselves are ambiguous, as "last Monday" is); absolute nodes ignore ``ref``.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from collections.abc import Iterable
from typing import Final

from timeline.errors import TimelineError
from timeline.when import Kind, Precision, When

__all__ = [
    "Abs",
    "Ago",
    "Fixed",
    "Lasting",
    "Node",
    "Open",
    "PartOfPeriod",
    "Partial",
    "Period",
    "Qualified",
    "Range",
    "RelDay",
    "Relative",
    "Rolling",
    "SeasonOf",
    "Set",
    "Weekday",
    "WeekdayRange",
    "Weekend",
    "Within",
    "as_day",
    "is_plain",
    "lower_of",
    "needs_reference",
    "quoted",
    "upper_of",
]

_ONE_DAY: Final = _dt.timedelta(days=1)
# how many a vague number can be: "a couple of days ago" is 2 or 3 days ago
_VAGUE: Final = {"couple": (2, 3), "few": (2, 5)}


# -- dates as parts ---------------------------------------------------------------


class Partial:
    """A date as written: any of its parts may be missing ("24", "Sep", "13:00 UTC")."""

    __slots__ = (
        "approx",
        "day",
        "decade",
        "month",
        "offset",
        "part",
        "season",
        "time",
        "uncertain",
        "weekday",
        "year",
    )

    def __init__(self) -> None:
        self.year: int | None = None
        self.month: int | None = None
        self.day: int | None = None
        self.season: int | None = None
        self.decade: str | None = None
        self.time: str | None = None
        self.offset: str | None = None
        self.weekday: int | None = None
        self.part: str | None = None  # early, mid, late
        self.approx = False
        self.uncertain = False

    def copy(self) -> Partial:
        other = Partial()
        for name in self.__slots__:
            setattr(other, name, getattr(self, name))
        return other

    @property
    def dated(self) -> bool:
        """Some calendar part is given (not a time of day alone)."""
        return (
            self.year is not None
            or self.month is not None
            or self.day is not None
            or self.season is not None
            or self.decade is not None
        )

    @property
    def needs_ref(self) -> bool:
        return self.year is None and self.decade is None

    def edtf(self, ref: _dt.date | None, phrase: str) -> str:
        """The EDTF text of this date; a missing year comes from ``ref``."""
        if self.decade is not None:
            text = self.decade
        else:
            year = self.year
            if year is None:
                if ref is None:
                    raise needs_reference(phrase)
                year = ref.year
                if self.day is None and self.month is not None and self.month > ref.month:
                    year -= 1  # "in August": the most recent August
                if self.season is not None and self.day is None:
                    first = _SEASON_START[self.season]
                    if first > ref.month:
                        year -= 1
            if not 1 <= year <= 9999:
                raise TimelineError(f"{quoted(phrase)}: year {year} (years run from 1 to 9999)")
            if self.season is not None:
                text = f"{year:04d}-{self.season}"
            elif self.month is None:
                if self.day is not None:
                    raise TimelineError(f"{quoted(phrase)}: day {self.day} of which month?")
                text = f"{year:04d}"
            elif self.day is None:
                text = f"{year:04d}-{self.month:02d}"
            else:
                text = f"{year:04d}-{self.month:02d}-{self.day:02d}"
                if self.weekday is not None:
                    _check_weekday(text, self.weekday, phrase)
        if self.part is not None:
            return _part_of(When.parse(text), self.part, phrase, self._qual())
        if self.time is not None:
            if len(text) != 10:
                raise TimelineError(f"{quoted(phrase)}: a time of day needs a full date")
            return f"{text}T{self.time}{self.offset or ''}"
        return text + self._qual()

    def _qual(self) -> str:
        return (
            "%" if self.approx and self.uncertain else "~" if self.approx else "?" * self.uncertain
        )


_SEASON_START: Final = {21: 3, 22: 6, 23: 9, 24: 12}
_WEEKDAYS_EN: Final = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)


def _check_weekday(edtf: str, weekday: int, phrase: str) -> None:
    day = _dt.date.fromisoformat(edtf)
    if day.weekday() != weekday:
        raise TimelineError(
            f"{quoted(phrase)}: {When.parse(edtf).describe()} is a {_WEEKDAYS_EN[day.weekday()]},"
            f" not a {_WEEKDAYS_EN[weekday]}"
        )


def quoted(text: str, width: int = 60) -> str:
    """``text`` quoted for a message, cut short after ``width`` characters."""
    shown = repr(text[:width])
    if len(shown) > width + 2:  # escapes: invisible or control characters
        shown = shown[:width] + "..."
    return shown if len(text) <= width or shown.endswith("...") else f"{shown}..."


def needs_reference(phrase: str) -> TimelineError:
    return TimelineError(
        f"{quoted(phrase)} is relative: it needs a reference date"
        " (such as the day the source was published)"
    )


def _part_of(whole: When, part: str, phrase: str, qual: str = "") -> str:
    """Early, mid or late ``whole`` (a month: days 1-10, 11-20, 21-end; a year: thirds)."""
    lo, hi = whole.earliest, whole.latest
    assert lo is not None
    assert hi is not None
    if whole.precision is Precision.MONTH and not whole.unspecified:
        last = hi.day
        first, final = {"early": (1, 10), "mid": (11, 20), "late": (21, last)}[part]
        month = f"{lo.year:04d}-{lo.month:02d}"
        return f"[{month}-{first:02d}{qual}..{month}-{final:02d}{qual}]"
    if whole.precision is Precision.YEAR and lo.year == hi.year and not whole.unspecified:
        first, final = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[part]
        return f"[{lo.year:04d}-{first:02d}{qual}..{lo.year:04d}-{final:02d}{qual}]"
    raise TimelineError(f"{quoted(phrase)}: early, mid and late apply to a month or a year")


# -- the tree ---------------------------------------------------------------------


class Node:
    """A parsed phrase: ``values(ref)`` gives the EDTF texts it can mean on day ``ref``."""

    needs_ref = False

    def values(self, ref: _dt.date | None, week_start: int, phrase: str) -> list[str]:
        raise NotImplementedError


class Fixed(Node):
    def __init__(self, edtf: str) -> None:
        self.edtf = edtf

    def values(self, ref: _dt.date | None, week_start: int, phrase: str) -> list[str]:
        return [self.edtf]


class Abs(Node):
    def __init__(self, parts: Partial) -> None:
        self.parts = parts
        self.needs_ref = parts.needs_ref

    def values(self, ref: _dt.date | None, week_start: int, phrase: str) -> list[str]:
        return [self.parts.edtf(ref, phrase)]


class Relative(Node):
    needs_ref = True

    def values(self, ref: _dt.date | None, week_start: int, phrase: str) -> list[str]:
        if ref is None:
            raise needs_reference(phrase)
        return [d if isinstance(d, str) else d.isoformat() for d in self.days(ref, week_start)]

    def days(self, ref: _dt.date, week_start: int) -> Iterable[_dt.date | str]:
        raise NotImplementedError


class RelDay(Relative):
    def __init__(self, offset: int) -> None:
        self.offset = offset

    def days(self, ref: _dt.date, week_start: int) -> Iterable[_dt.date | str]:
        return [ref + _dt.timedelta(days=self.offset)]


def _add_months(day: _dt.date, months: int) -> _dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return _dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


class Ago(Relative):
    """N days (exactly), weeks, months or years (about: ``~``) before or after."""

    def __init__(self, count: int | str, unit: str, sign: int) -> None:
        self.counts = _VAGUE[count] if isinstance(count, str) else (count, count)
        self.unit = unit
        self.sign = sign

    def days(self, ref: _dt.date, week_start: int) -> Iterable[_dt.date | str]:
        out: list[_dt.date | str] = []
        for n in range(self.counts[0], self.counts[1] + 1):
            k = n * self.sign
            if self.unit == "d":
                out.append(ref + _dt.timedelta(days=k))
                continue
            if self.unit == "w":
                day = ref + _dt.timedelta(days=7 * k)
            else:
                day = _add_months(ref, k * (12 if self.unit == "y" else 1))
            out.append(day.isoformat() + "~")
        return out


def _most_recent(weekday: int, ref: _dt.date) -> _dt.date:
    """The last ``weekday`` on or before ``ref``."""
    return ref - _dt.timedelta(days=(ref.weekday() - weekday) % 7)


def _week_start(ref: _dt.date, week_start: int) -> _dt.date:
    return ref - _dt.timedelta(days=(ref.weekday() - week_start) % 7)


class Weekday(Relative):
    """A weekday: alone (most recent on or before), this, last or next."""

    def __init__(self, weekday: int, mode: str) -> None:
        self.weekday = weekday
        self.mode = mode

    def days(self, ref: _dt.date, week_start: int) -> Iterable[_dt.date | str]:
        d = self.weekday
        if self.mode == "bare":
            return [_most_recent(d, ref)]
        in_week = _week_start(ref, week_start) + _dt.timedelta(days=(d - week_start) % 7)
        if self.mode == "this":
            return [in_week]
        if self.mode == "last":  # the last one before, or the one of last week
            return [_most_recent(d, ref - _ONE_DAY), in_week - _dt.timedelta(days=7)]
        # next: the first one after, or the one of next week
        return [_most_recent(d, ref + _dt.timedelta(days=7)), in_week + _dt.timedelta(days=7)]


class Weekend(Relative):
    """A Saturday and Sunday: alone (the most recent), this, last or next.

    Alone ("over the weekend") it is the one that began on or before the reference; "last
    weekend" the last one over before it; "this weekend" on a weekday, and "next weekend"
    from Monday to Friday, are ambiguous (the one before or after; the coming one or the
    one after): both readings are kept.
    """

    def __init__(self, mode: str) -> None:
        self.mode = mode

    def days(self, ref: _dt.date, week_start: int) -> Iterable[_dt.date | str]:
        saturday = _most_recent(5, ref)  # the weekend that began on or before ref
        during = ref.weekday() >= 5
        if self.mode == "bare":
            starts = [saturday]
        elif self.mode == "this":
            starts = [saturday] if during else [saturday, saturday + _WEEK]
        elif self.mode == "last":
            starts = [saturday - _WEEK] if during else [saturday]
        else:
            starts = [saturday + _WEEK] if during else [saturday + _WEEK, saturday + 2 * _WEEK]
        return [f"{s.isoformat()}/{(s + _ONE_DAY).isoformat()}" for s in starts]


_WEEK: Final = _dt.timedelta(days=7)


class Period(Relative):
    """This, last or next week, month or year (``shift`` -1, 0, 1)."""

    def __init__(self, unit: str, shift: int) -> None:
        self.unit = unit
        self.shift = shift

    def span(self, ref: _dt.date, week_start: int) -> tuple[_dt.date, _dt.date, str]:
        """First day, last day, and the EDTF of the period."""
        if self.unit == "w":
            first = _week_start(ref, week_start) + _dt.timedelta(days=7 * self.shift)
            last = first + _dt.timedelta(days=6)
            return first, last, f"{first.isoformat()}/{last.isoformat()}"
        if self.unit == "m":
            first = _add_months(ref.replace(day=1), self.shift)
            last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
            return first, last, f"{first.year:04d}-{first.month:02d}"
        if self.unit == "y":
            year = ref.year + self.shift
            return _dt.date(year, 1, 1), _dt.date(year, 12, 31), f"{year:04d}"
        day = ref + _dt.timedelta(days=self.shift)
        return day, day, day.isoformat()

    def days(self, ref: _dt.date, week_start: int) -> Iterable[_dt.date | str]:
        return [self.span(ref, week_start)[2]]


def _day_range(first: _dt.date, last: _dt.date) -> list[_dt.date | str]:
    if last < first:
        return []
    if first == last:
        return [first]
    return [f"[{first.isoformat()}..{last.isoformat()}]"]


class Within(Relative):
    """Earlier or later this week, month or year: the days before or after the reference."""

    def __init__(self, period: Period, later: bool) -> None:
        self.period = period
        self.later = later

    def days(self, ref: _dt.date, week_start: int) -> Iterable[_dt.date | str]:
        first, last, _ = self.period.span(ref, week_start)
        if self.later:
            return _day_range(max(first, ref + _ONE_DAY), last)
        return _day_range(first, min(last, ref - _ONE_DAY))


class PartOfPeriod(Relative):
    def __init__(self, period: Period, part: str) -> None:
        self.period = period
        self.part = part

    def days(self, ref: _dt.date, week_start: int) -> Iterable[_dt.date | str]:
        first, _, edtf = self.period.span(ref, week_start)
        if self.period.unit == "w":  # three days each: the first, the middle, the last
            offset = {"early": 0, "mid": 2, "late": 4}[self.part]
            return _day_range(first + _dt.timedelta(days=offset), first + _dt.timedelta(offset + 2))
        return [_part_of(When.parse(edtf), self.part, "")]


class Rolling(Relative):
    """The past N days, weeks, months or years: from then to the reference, both included."""

    def __init__(self, count: int | str, unit: str) -> None:
        self.count = _VAGUE[count][1] if isinstance(count, str) else count
        self.unit = unit

    def days(self, ref: _dt.date, week_start: int) -> Iterable[_dt.date | str]:
        if self.unit in ("d", "w"):
            start = ref - _dt.timedelta(days=self.count * (7 if self.unit == "w" else 1))
        else:
            start = _add_months(ref, -self.count * (12 if self.unit == "y" else 1))
        return [f"{start.isoformat()}/{ref.isoformat()}"]


class SeasonOf(Relative):
    """This, last or next spring (summer, autumn, winter) relative to the reference.

    "this" is the season of the reference's year (a winter that began in December for
    January and February); "last" the latest one over before the reference; "next" the
    first one to begin after it.
    """

    def __init__(self, season: int, mode: str) -> None:
        self.season = season
        self.mode = mode

    def days(self, ref: _dt.date, week_start: int) -> Iterable[_dt.date | str]:
        year = ref.year - 1 if self.season == 24 and ref.month <= 2 else ref.year
        if self.mode == "last":
            while When.parse(f"{year:04d}-{self.season}").upper > _key(ref):
                year -= 1
        elif self.mode == "next":
            year = ref.year - 1
            while When.parse(f"{year:04d}-{self.season}").lower <= _key(ref):
                year += 1
        return [f"{year:04d}-{self.season}"]


def _key(day: _dt.date) -> float:
    """The start of ``day`` as When's bounds count it (seconds since 1970-01-01)."""
    return (day.toordinal() - _EPOCH) * 86400.0


_EPOCH: Final = _dt.date(1970, 1, 1).toordinal()


class WeekdayRange(Relative):
    """ "between Monday and Thursday": the latest such span ending on or before the reference."""

    def __init__(self, first: int, last: int) -> None:
        self.first = first
        self.last = last

    def days(self, ref: _dt.date, week_start: int) -> Iterable[_dt.date | str]:
        end = _most_recent(self.last, ref)
        start = end - _dt.timedelta(days=(self.last - self.first) % 7 or 7)
        return [f"{start.isoformat()}/{end.isoformat()}"]


class Lasting(Node):
    """``days`` days that ended (or began) on a day: "four-day ... that ended Wednesday"."""

    def __init__(self, days: int, anchor: Node, *, ended: bool) -> None:
        self.days = days
        self.anchor = anchor
        self.ended = ended
        self.needs_ref = anchor.needs_ref

    def values(self, ref: _dt.date | None, week_start: int, phrase: str) -> list[str]:
        out = []
        for value in self.anchor.values(ref, week_start, phrase):
            w = When.parse(value)
            if w.kind is not Kind.DATE or w.precision is not Precision.DAY or w.is_timed:
                raise TimelineError(f"{quoted(phrase)}: a span of days ends (or begins) on a day")
            day = as_day(w.earliest)  # type: ignore[arg-type]
            other = day + _dt.timedelta(days=(1 - self.days) if self.ended else (self.days - 1))
            first, last = (other, day) if self.ended else (day, other)
            out.append(f"{first.isoformat()}/{last.isoformat()}" if first != last else str(day))
        return out


class Range(Node):
    """From one date to another."""

    def __init__(self, first: Node, last: Node) -> None:
        self.first = first
        self.last = last
        self.needs_ref = first.needs_ref or last.needs_ref

    def values(self, ref: _dt.date | None, week_start: int, phrase: str) -> list[str]:
        a = self.first.values(ref, week_start, phrase)
        b = self.last.values(ref, week_start, phrase)
        if len(a) == 1 and len(b) == 1 and is_plain(a[0]) and is_plain(b[0]):
            text = f"{a[0]}/{b[0]}"
        else:
            lo = min((_when(v) for v in a), key=lower_of).earliest
            hi = max((_when(v) for v in b), key=upper_of).latest
            if lo is None or hi is None:
                raise TimelineError(f"{quoted(phrase)}: a range needs two ends")
            text = f"{as_day(lo).isoformat()}/{as_day(hi).isoformat()}"
        try:
            When.parse(text)
        except TimelineError as exc:
            raise TimelineError(f"{quoted(phrase)}: {exc}") from None
        return [text]


class Open(Node):
    """Since, until, before, after: an open or half-known span."""

    _FORMS: Final = {
        "from_open": "{}/..",
        "from_unknown": "{}/",
        "until_open": "../{}",
        "until_unknown": "/{}",
        "before": "[..{}]",
        "after": "[{}..]",
    }

    def __init__(self, inner: Node, form: str) -> None:
        self.inner = inner
        self.form = form
        self.needs_ref = inner.needs_ref

    def values(self, ref: _dt.date | None, week_start: int, phrase: str) -> list[str]:
        found = self.inner.values(ref, week_start, phrase)
        if self.form.startswith(("from", "after")):
            pick = min((_when(v) for v in found), key=lower_of)
        else:
            pick = max((_when(v) for v in found), key=upper_of)
        if not is_plain(pick.edtf):
            raise TimelineError(f"{quoted(phrase)}: cannot be one end of an open span")
        return [self._FORMS[self.form].format(pick.edtf)]


class Set(Node):
    """One of (``[...]``) or all of (``{...}``) some dates, ranges, befores and afters."""

    def __init__(self, items: list[tuple[str, Node]], one_of: bool) -> None:
        self.items = items
        self.one_of = one_of
        self.needs_ref = any(node.needs_ref for _, node in items)

    def values(self, ref: _dt.date | None, week_start: int, phrase: str) -> list[str]:
        members: list[str] = []
        for form, node in self.items:
            (value,) = node.values(ref, week_start, phrase)[:1]
            if form == "range":
                value = value.replace("/", "..")
            elif form == "before" or form == "after":
                value = value.replace("[", "").replace("]", "")
            elif not is_plain(value):
                raise TimelineError(f"{quoted(phrase)}: {value} cannot be a member of a set")
            members.append(value)
        body = ",".join(members)
        return [f"[{body}]" if self.one_of else f"{{{body}}}"]


class Qualified(Node):
    """About (``~``) or perhaps (``?``) what a relative phrase gives."""

    def __init__(self, inner: Node, approx: bool, uncertain: bool) -> None:
        self.inner = inner
        self.approx = approx
        self.uncertain = uncertain
        self.needs_ref = inner.needs_ref

    def values(self, ref: _dt.date | None, week_start: int, phrase: str) -> list[str]:
        return [
            _DATE_IN_EDTF.sub(self._mark, v) for v in self.inner.values(ref, week_start, phrase)
        ]

    def _mark(self, m: re.Match[str]) -> str:
        old = m[2] or ""
        approx = self.approx or (old in "~%" and old != "")
        uncertain = self.uncertain or (old in "?%" and old != "")
        return m[1] + ("%" if approx and uncertain else "~" if approx else "?")


_DATE_IN_EDTF: Final = re.compile(r"([0-9]{4}(?:-[0-9]{2}){0,2})([?~%])?")


def is_plain(edtf: str) -> bool:
    return not any(c in edtf for c in "[{/")


def _when(edtf: str) -> When:
    return When.parse(edtf)


def lower_of(w: When) -> float:
    return w.lower


def upper_of(w: When) -> float:
    return w.upper


def as_day(value: _dt.date) -> _dt.date:
    return _dt.date(value.year, value.month, value.day)
