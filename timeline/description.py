"""How a date reads to a person: :func:`describe` ("24–27 Sep 2017", "c. Sep 2017").

The words come from :mod:`timeline.i18n`, per locale; this module puts them
together for a :class:`~timeline.when.When` (a date, an interval or a set),
and :meth:`When.describe <timeline.when.When.describe>` calls it.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

from timeline.bigdate import BigDate
from timeline.edtf import EndKind, Kind, Precision, component_qualifiers, date_components
from timeline.i18n import describe_words, year_label, years_label

if TYPE_CHECKING:
    from timeline.when import When  # (the value this describes imports this module)

__all__ = ["describe"]


def describe(when: When, locale: str = "en") -> str:
    """A human description: "24–27 Sep 2017", "Sep 2017", "c. 19 Sep 2017".

    The locale is passed explicitly (``en``, ``fr``, ``de``, ``es``); no
    global state is read.
    """
    words = describe_words(locale)
    if when.kind is Kind.DATE:
        return _describe_date(when, words)
    if when.kind is Kind.INTERVAL:
        return _describe_interval(when, words)
    return _describe_set(when, words)


def _plain_label(when: When, words: dict[str, Any]) -> str:
    """The date alone, without qualifier marks."""
    months = words["months"]
    lo, hi = when._earliest, when._latest
    assert lo is not None
    assert hi is not None
    p = when.precision
    if isinstance(lo, _dt.datetime):
        day, time, zone = _time_labels(when, lo, months)
        return f"{day}, {time}{zone}"
    if when.unspecified:
        gaps = _gaps_label(when, words)
        if gaps is not None:
            return gaps
    if when._season:
        return str(words["seasons"][when._season]).format(year_label(lo.year, words))
    if p == Precision.DAY:
        return f"{lo.day} {months[lo.month - 1]} {year_label(lo.year, words)}"
    if p == Precision.MONTH:
        return f"{months[lo.month - 1]} {year_label(lo.year, words)}"
    if p == Precision.YEAR and lo.year == hi.year:
        if when.unspecified and not (
            lo.month == 1 and lo.day == 1 and hi.month == 12 and hi.day == 31
        ):
            return _range_label(lo, hi, words)
        return year_label(lo.year, words)
    if (
        p == Precision.DECADE
        and hi.year - lo.year == 9
        and lo.month == 1
        and hi.month == 12
        and lo.year > 0
    ):
        return str(words["decade"]).format(lo.year)
    if lo.month == 1 and lo.day == 1 and hi.month == 12 and hi.day == 31:
        return years_label(lo.year, hi.year, words)
    return _range_label(lo, hi, words)


def _gaps_label(when: When, words: dict[str, Any]) -> str | None:
    """The label of X digits that leave gaps: a known day or month in unknown years.

    ``156X-12-25`` is one 25 December of the 1560s, not every day between
    the first and the last: "25 Dec, 1560s".  ``None`` for X digits that
    leave no gap (``201X``, ``2017-09-XX``, ``1984-1X``).
    """
    year_s, month_s, day_s = date_components(when.edtf)
    month = None if month_s is None or "X" in month_s else int(month_s)
    day = None if day_s is None or "X" in day_s else int(day_s)
    if "X" not in year_s:
        if day is None or month is not None:
            return None
        return f"{str(words['some_month']).format(day)}, {year_s}"
    negative = year_s[0] == "-"
    digits = year_s.lstrip("-")
    first, last = int(digits.replace("X", "0")), int(digits.replace("X", "9"))
    if negative:
        first, last = -last, -first
    if digits[:3].isdigit() and not negative:
        years = str(words["decade"]).format(first)
    elif digits.rstrip("X").isdigit() or digits == "XXXX":
        years = years_label(first, last, words)
    else:  # X between digits (1X9X): the years as written
        years = year_s
    if month is None and day is None:
        return years if years == year_s and not when._season else None
    if when._season:
        return str(words["seasons"][when._season]).format(years)
    months = words["months"]
    if month is None:
        assert day is not None
        part = str(words["some_month"]).format(day)
    elif day is None:
        part = months[month - 1]
    else:
        part = f"{day} {months[month - 1]}"
    return f"{part}, {years}"


def _time_labels(when: When, dt: _dt.datetime, months: tuple[str, ...]) -> tuple[str, str, str]:
    """The day, the time of day and the zone (with a leading space, or empty)."""
    day = f"{dt.day} {months[dt.month - 1]} {dt.year}"
    time = f"{dt:%H:%M:%S}" if when.precision == Precision.SECOND else f"{dt:%H:%M}"
    if dt.tzinfo is None:
        return day, time, ""
    if when.tz is not None:  # a named zone: its abbreviation (PDT)
        return day, time, f" {dt.tzname()}"
    return day, time, " " + _offset_label(dt.utcoffset())


def _describe_date(when: When, words: dict[str, Any]) -> str:
    label = _plain_label(when, words)
    flags = component_qualifiers(when.edtf) if when.uncertain or when.approximate else None
    if flags is not None:  # qualifiers on some components (level 2)
        named = [words["parts"][i][f - 1] for i, f in enumerate(flags) if f]
        return f"{label} ({', '.join(named)})"
    if when.approximate:
        label = str(words["circa"]).format(label)
    if when.uncertain:
        label += "?"
    return label


def _describe_interval(when: When, words: dict[str, Any]) -> str:
    start, end = when.start, when.end
    if start is None:
        assert end is not None
        key = "until_open" if when.start_kind is EndKind.OPEN else "until_unknown"
        return str(words[key]).format(_describe_date(end, words))
    if end is None:
        key = "from_open" if when.end_kind is EndKind.OPEN else "from_unknown"
        return str(words[key]).format(_describe_date(start, words))
    plain = not any(w.uncertain or w.approximate or w.unspecified for w in (start, end))
    if plain and start.precision == end.precision and not start._season | end._season:
        # both ends known alike: say the shared parts once
        months = words["months"]
        lo, hi = start._earliest, end._latest
        assert lo is not None
        assert hi is not None
        p = start.precision
        if isinstance(lo, _dt.datetime) and isinstance(hi, _dt.datetime):
            day_lo, time_lo, zone_lo = _time_labels(start, lo, months)
            day_hi, time_hi, zone_hi = _time_labels(end, hi, months)
            if day_lo == day_hi and zone_lo == zone_hi:
                return f"{day_lo}, {time_lo}–{time_hi}{zone_lo}"
        elif p == Precision.DAY:
            return _range_label(lo, hi, words)
        elif p == Precision.MONTH and lo.year == hi.year:
            if lo.month == hi.month:
                return _plain_label(start, words)
            year = year_label(lo.year, words)
            return f"{months[lo.month - 1]} – {months[hi.month - 1]} {year}"
        elif p == Precision.YEAR:
            return years_label(lo.year, hi.year, words)
    return f"{_describe_date(start, words)} – {_describe_date(end, words)}"


def _describe_set(when: When, words: dict[str, Any]) -> str:
    parts: list[str] = []
    body = when.edtf[1:-1]
    members = iter(when.choices)
    for item in body.split(","):
        if item.startswith(".."):
            parts.append(str(words["before"]).format(_describe_date(next(members), words)))
        elif item.endswith(".."):
            parts.append(str(words["after"]).format(_describe_date(next(members), words)))
        elif ".." in item:
            # a range reads as the interval with the same ends
            a, b = next(members), next(members)
            parts.append(_describe_interval(type(when)(f"{a.edtf}/{b.edtf}", when.tz), words))
        else:
            parts.append(_describe_date(next(members), words))
    if len(parts) == 1 and (when.start_kind is EndKind.OPEN or when.end_kind is EndKind.OPEN):
        return parts[0]
    joined = str(words["or"] if when.edtf[0] == "[" else words["and"]).join(parts)
    return str(words["one_of" if when.edtf[0] == "[" else "all_of"]).format(joined)


def _offset_label(offset: _dt.timedelta | None) -> str:
    if offset is None:
        return ""
    total = int(offset.total_seconds())
    if total == 0:
        return "UTC"
    sign = "+" if total > 0 else "−"
    total = abs(total)
    return f"UTC{sign}{total // 3600:02d}:{total % 3600 // 60:02d}"


def _range_label(lo: _dt.date | BigDate, hi: _dt.date | BigDate, words: dict[str, Any]) -> str:
    months = words["months"]
    y_lo = year_label(lo.year, words)
    if lo.year == hi.year and lo.month == hi.month and lo.day == hi.day:
        return f"{lo.day} {months[lo.month - 1]} {y_lo}"
    if lo.year == hi.year and lo.month == hi.month:
        return f"{lo.day}–{hi.day} {months[lo.month - 1]} {y_lo}"
    if lo.year == hi.year:
        return f"{lo.day} {months[lo.month - 1]} – {hi.day} {months[hi.month - 1]} {y_lo}"
    y_hi = year_label(hi.year, words)
    return f"{lo.day} {months[lo.month - 1]} {y_lo} – {hi.day} {months[hi.month - 1]} {y_hi}"
