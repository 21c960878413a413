"""Bounds on reading iCalendar: what keeps :func:`timeline.ical.from_ics`
linear in time and memory whatever a calendar holds.

* the size of the input (as the TOML loader's);
* the nesting depth of ``X-TIMELINE-JSON`` (``json`` recurses);
* the work a recurrence rule may cost (:func:`rule_cost`): a rule such as
  ``FREQ=SECONDLY`` makes dateutil consider every second of the years
  expanded;
* unique ids and de-duplication in one pass (:class:`Namer`).
"""

from __future__ import annotations

import copy
import datetime as _dt
import re
from collections.abc import Iterable, Mapping
from typing import Any, Final

import icalendar

from timeline.errors import TimelineError
from timeline.ids import slug, unique_id  # (slug: the one slug maker, re-exported here)
from timeline.toml_io import MAX_FILE_BYTES

__all__ = [
    "JSON_DEPTH",
    "MAX_ICS_BYTES",
    "RULE_BUDGET",
    "Namer",
    "as_list",
    "check_json_depth",
    "check_size",
    "expand_series",
    "rule_cost",
    "series_seconds",
    "slug",
    "unexpandable",
    "zone_seconds",
]

MAX_ICS_BYTES: Final = MAX_FILE_BYTES
"""The largest calendar :func:`~timeline.ical.from_ics` reads (64 MiB)."""

JSON_DEPTH: Final = 32
"""The deepest nesting of arrays and objects read in ``X-TIMELINE-JSON``
(ours nests 4 deep)."""

RULE_BUDGET: Final = 1_000_000
"""The most candidate times one recurrence rule may make the expansion
consider (see :func:`rule_cost`); a rule over it is not expanded."""


def check_size(size: int) -> None:
    if size > MAX_ICS_BYTES:
        raise TimelineError(f"the calendar is too big ({size:,} bytes; at most {MAX_ICS_BYTES:,})")


_BRACKETS: Final = re.compile(r'"(?:[^"\\]|\\.)*"|[^\[\]{}"]+')


def check_json_depth(text: str, what: str) -> None:
    """Refuse JSON nested deeper than :data:`JSON_DEPTH` (before parsing it:
    ``json`` recurses, and 100,000 ``[`` overflow the stack)."""
    depth = 0
    for char in _BRACKETS.sub("", text):
        if char in "[{":
            depth += 1
            if depth > JSON_DEPTH:
                raise TimelineError(f"{what}: nested more than {JSON_DEPTH} deep")
        elif char in "]}":
            depth -= 1


# -- recurrence rules -------------------------------------------------------------

_SECONDS: Final = {
    "SECONDLY": 1,
    "MINUTELY": 60,
    "HOURLY": 3_600,
    "DAILY": 86_400,
    "WEEKLY": 7 * 86_400,
    "MONTHLY": 28 * 86_400,  # the shortest month: the most periods
    "YEARLY": 365 * 86_400,
}
_DAYS_PER_PERIOD: Final = {"WEEKLY": 7, "MONTHLY": 31, "YEARLY": 366}
_DAY_PARTS: Final = ("BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO")
# a BY-part adds times within a period when its unit is finer than the period
_TIME_PARTS: Final = (("BYHOUR", 3_600), ("BYMINUTE", 60), ("BYSECOND", 1))


def as_list(value: object) -> list[Any]:
    """A property's values as a list: icalendar gives one value, or a list
    of them when the property is repeated."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def _values(rule: Mapping[str, Any], key: str) -> list[Any]:
    value = rule.get(key)
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def rule_cost(rule: Mapping[str, Any], seconds: float) -> int | None:
    """How many candidate times expanding ``rule`` (an ``RRULE`` as icalendar
    reads it) over ``seconds`` may consider, at most; ``None`` if the rule
    has no valid ``FREQ`` or ``INTERVAL``.

    The periods of the rule in the span times the times one period may hold:
    every day of a week, month or year when a day-level BY-part is given, times
    each ``BYHOUR``, ``BYMINUTE`` and ``BYSECOND`` finer than the period.  An
    over-estimate (BY-parts also filter), computed without expanding anything.
    """
    freqs = _values(rule, "FREQ")
    freq = str(freqs[0]).upper() if freqs else ""
    if freq not in _SECONDS:
        return None
    intervals = _values(rule, "INTERVAL") or [1]
    try:
        interval = int(intervals[0])
    except (TypeError, ValueError):
        return None
    if interval < 1:
        return None
    period = _SECONDS[freq]
    periods = int(max(seconds, 0) // (period * interval)) + 1
    per_period = 1
    if freq in _DAYS_PER_PERIOD and any(_values(rule, k) for k in _DAY_PARTS):
        per_period *= _DAYS_PER_PERIOD[freq]
    elif freq == "YEARLY":
        per_period *= max(len(_values(rule, "BYMONTH")), 1)
    for key, unit in _TIME_PARTS:
        if unit < period:
            per_period *= max(len(_values(rule, key)), 1)
    return periods * per_period


# -- ids ------------------------------------------------------------------------------


class Namer:
    """Unique ids in one pass: ``base``, then ``base-2``, ``base-3``... as
    taken (:func:`timeline.ids.unique_id`, the rule of ``make_id``); each
    base remembers its next number, so 20,000 events named alike cost 20,000
    steps, not 200 million."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken: set[str] = set(taken)
        self._next: dict[str, int] = {}

    def __contains__(self, name: object) -> bool:
        return name in self.taken

    def unique(self, base: str) -> str:
        slug = base or "event"
        candidate, n = unique_id(slug, self.taken, self._next.get(slug, 2))
        if n:
            self._next[slug] = n + 1
        self.taken.add(candidate)
        return candidate


# -- bounded expansion of a recurring event ------------------------------------------

_YEAR_SECONDS: Final = 365.25 * 86_400


def unexpandable(component: Mapping[str, Any], seconds: float) -> str:
    """Why the rules of ``component`` (a ``VEVENT`` or a ``VTIMEZONE``
    observance) are not expanded over ``seconds`` from its ``DTSTART``, or
    ``""``.  A rule's ``UNTIL`` shortens the span; a rule with ``RSCALE``
    or ``SKIP`` (RFC 7529: other calendar scales, leap months) is not
    expanded (recurring-ical-events refuses it)."""
    start = _start_of(component)
    for rule in _values(component, "RRULE"):
        scales = _values(rule, "RSCALE")
        if scales or _values(rule, "SKIP"):
            scale = f"RSCALE={str(scales[0])[:20]}" if scales else "SKIP"
            return f"{scale}: rules with RSCALE or SKIP (RFC 7529) are not expanded"
        span = seconds
        untils = _values(rule, "UNTIL")
        if start is not None and untils and isinstance(untils[0], _dt.date):
            days = (_day(untils[0]) - _day(start)).days + 1
            span = min(seconds, max(days, 0) * 86_400)
        cost = rule_cost(rule, span)
        if cost is None:
            return f"RRULE {_rule_text(rule)}: no valid FREQ or INTERVAL"
        if cost > RULE_BUDGET:
            return (
                f"RRULE {_rule_text(rule)}: up to {cost:,} times to consider,"
                f" at most {RULE_BUDGET:,}"
            )
    return ""


def _rule_text(rule: Any) -> str:
    try:
        text = rule.to_ical()
    except Exception:
        return "?"
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return text if len(text) <= 80 else text[:77] + "..."


def series_seconds(years: int) -> float:
    return years * _YEAR_SECONDS


def _start_of(component: Mapping[str, Any]) -> _dt.date | None:
    """The ``DTSTART`` of ``component``, if it has one that is a date."""
    value = component.get("DTSTART")
    if value is None or isinstance(value, icalendar.vBroken | list):
        return None
    start = getattr(value, "dt", None)
    return start if isinstance(start, _dt.date) else None


def zone_seconds(observance: Mapping[str, Any], last_year: int) -> float:
    """The span a ``VTIMEZONE`` observance's rules are read over: from its
    ``DTSTART`` to the end of ``last_year`` (the latest year a time of the
    calendar needs), at least a year."""
    start = _start_of(observance)
    first_year = start.year if start is not None else 1
    return series_seconds(max(last_year + 1 - first_year, 1))


def _day(value: _dt.date) -> _dt.date:
    return value.date() if isinstance(value, _dt.datetime) else value


def _wall(value: _dt.date) -> tuple[int, ...]:
    """A sort key that never compares aware with naive values."""
    if isinstance(value, _dt.datetime):
        return (value.year, value.month, value.day, value.hour, value.minute, value.second)
    return (value.year, value.month, value.day, -1, 0, 0)


def _not_after(start: _dt.date, until: _dt.date) -> bool:
    if isinstance(start, _dt.datetime) and isinstance(until, _dt.datetime):
        if (start.tzinfo is None) != (until.tzinfo is None):
            start, until = start.replace(tzinfo=None), until.replace(tzinfo=None)
        return start <= until
    return _day(start) <= _day(until)


def expand_series(
    series: list[icalendar.Event],
    timezones: Iterable[icalendar.cal.component.Component],
    bad_zones: Mapping[str, str],
    first: _dt.date,
    limit: int,
    years: int,
) -> list[icalendar.Event]:
    """The first ``limit`` occurrences (at most) of one recurring event,
    starting within ``years`` of ``first``, expanded by recurring-ical-events.

    Nothing more is built: each ``RRULE`` is given ``COUNT=limit`` (its
    ``UNTIL`` is applied afterwards: RFC 5545 allows only one of the two),
    so a rule yields at most ``limit`` occurrences whatever its ``FREQ``, and
    only the first ``limit`` ``RDATE`` dates are kept; the rule's cost was
    checked by :func:`unexpandable` first.
    """
    import recurring_ical_events  # imported here: only needed for recurring events

    mini = icalendar.Calendar()
    for tz in timezones:
        if str(tz.get("TZID", "")) not in bad_zones:
            mini.add_component(tz)
    untils: list[_dt.date] = []
    rdates: set[tuple[int, ...]] = set()
    for component in series:
        component = copy.copy(component)  # (the calendar read is left as it was)
        listed = [v.dt for line in _values(component, "RDATE") for v in getattr(line, "dts", ())]
        if all(isinstance(d, _dt.date) for d in listed):
            if len(listed) > limit:  # only the first ``limit`` dates can be kept
                listed = sorted(listed, key=_wall)[:limit]
                component["RDATE"] = icalendar.vDDDLists(listed)
            rdates.update(_wall(d) for d in listed)
        rules = _values(component, "RRULE")
        if rules:
            capped = []
            for rule in rules:
                new = icalendar.vRecur(dict(rule))
                untils.extend(_values(new, "UNTIL"))
                new.pop("UNTIL", None)
                counts = _values(new, "COUNT")
                new["COUNT"] = [min([limit, *(int(c) for c in counts)])]
                capped.append(new)
            component["RRULE"] = capped if len(capped) > 1 else capped[0]
        mini.add_component(component)
    first_day = _day(first)
    stop = _dt.date(min(first_day.year + years, 9999), first_day.month, 1)
    if untils and all(isinstance(u, _dt.date) for u in untils):
        stop = min(stop, max(_day(u) for u in untils) + _dt.timedelta(days=1))
    found = recurring_ical_events.of(mini).between(first_day, stop)
    if untils:
        until = max(untils, key=_wall)
        found = [c for c in found if _wall(c.start) in rdates or _not_after(c.start, until)]
    found.sort(key=lambda c: _wall(c.start))
    return list(found[:limit])
