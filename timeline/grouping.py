"""Grouping a timeline's events: :meth:`Timeline.group_by <timeline.models.Timeline.group_by>`.

``group_by(tl, key)`` gives a ``dict`` from group names to smaller timelines,
in a natural order, every event under each group it belongs to:

=========== ================================== ===============================================
key         groups                             order
=========== ================================== ===============================================
``tag``     each tag of the event              alphabetical (case-folded)
``status``  its status (``"happened"``...)     the order of :class:`~timeline.rules.Status`
``source``  each source it cites (the id)      the order of the timeline's sources
``place``   each place's name                  alphabetical (case-folded)
``year``    ``"2017"``                         chronological
``month``   ``"2017-09"``                      chronological
``week``    ``"2017-W38"`` (ISO 8601 week)     chronological
=========== ================================== ===============================================

* **Several groups**: an event with two tags is in both groups; an event
  whose local days run over several calendar units is in each unit it *may*
  touch (``2017-09-24/2017-10-02`` is in ``2017-09`` and ``2017-10``; ``2017``
  in all twelve months), as ``Timeline.between(..., mode="may")`` would find
  it.  A single day, or a status, puts an event in exactly one group.
* **Years 1–9999**: ``year``, ``month`` and ``week`` count in them; an event
  outside them (``-1985``, ``Y-17E7``) is a :class:`TimelineError` naming it.
* **Open ends**: an open or unknown end (``2017-09-24/..``) reaches as far
  as the timeline's own known dates do (the last day any event of it is
  known to touch), not to year 9999.
* **No value**: events without a tag (a place, a source) are in the group
  :data:`NONE` (``""``), last; no tag can be blank, so it is never a real
  tag.  Groups with no events are left out.
* **Days** are local days (docs/format.md, "Days and time zones"): a timed
  event is in the unit of its own day; with ``tz`` (calendar keys only)
  every event is read on that zone's clock.
* **Each group is a valid timeline**: its events keep their order; links to
  events outside the group are dropped (as :meth:`Timeline.filter` does);
  every source is kept.

:func:`positions` gives the same groups as positions in ``tl.events``, without
building timelines: one pass, for callers (the viewer) that only need which
events go where.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Final, Literal, get_args

from timeline.edtf import DAY, EPOCH_ORDINAL
from timeline.errors import TimelineError
from timeline.models import Event, Timeline
from timeline.ops import restricted
from timeline.rules import Status

__all__ = ["KEYS", "NONE", "GroupKey", "group_by", "positions"]

GroupKey = Literal["tag", "status", "source", "place", "year", "month", "week"]
"""The keys :func:`group_by` knows."""

KEYS: Final[tuple[str, ...]] = get_args(GroupKey)

NONE: Final = ""
"""The group of events without the key's value (no tag, no place, no source)."""

_CALENDAR: Final = ("year", "month", "week")


def group_by(tl: Timeline, key: GroupKey, *, tz: str | None = None) -> dict[str, Timeline]:
    """``tl``'s events by ``key``: group name to a timeline of its events (see the module).

    >>> import timeline
    >>> tl = timeline.load(timeline.resources.bundled_events())  # doctest: +SKIP
    >>> {name: len(g) for name, g in group_by(tl, "status").items()}  # doctest: +SKIP
    {'happened': 14, 'cancelled': 1}
    """
    events = tl.events
    groups = positions(tl, key, tz=tz)
    return {name: _sub_timeline(tl, [events[i] for i in at]) for name, at in groups.items()}


def positions(tl: Timeline, key: GroupKey, *, tz: str | None = None) -> dict[str, list[int]]:
    """The groups of :func:`group_by` as positions in ``tl.events`` (ascending)."""
    if key in _CALENDAR:
        return _by_calendar(tl, key, tz)
    names = _NAMES.get(key)
    if names is None:
        raise TimelineError(f"group_by: unknown key {key!r} (use one of: {', '.join(KEYS)})")
    groups: dict[str, list[int]] = {}
    for i, event in enumerate(tl.events):
        found = False
        for name in names(event):
            found = True
            at = groups.get(name)
            if at is None:
                groups[name] = [i]
            elif at[-1] != i:  # (a tag or place named twice in one event)
                at.append(i)
        if not found:
            groups.setdefault(NONE, []).append(i)
    return _ordered(groups, _ORDERS[key](tl))


def _statuses(event: Event) -> Iterable[str]:
    return (event.status.value,)


def _tags(event: Event) -> Iterable[str]:
    return event.tags


def _sources(event: Event) -> Iterable[str]:
    return [c.source for c in event.sources]


def _places(event: Event) -> Iterable[str]:
    return [p.name for p in event.places]


_NAMES: Final[dict[str, Callable[[Event], Iterable[str]]]] = {
    "status": _statuses,
    "tag": _tags,
    "source": _sources,
    "place": _places,
}


def _alphabetical(tl: Timeline) -> Callable[[str], tuple[str, str]]:
    return lambda name: (name.casefold(), name)


def _by_status(tl: Timeline) -> Callable[[str], int]:
    order = {s.value: n for n, s in enumerate(Status)}
    return order.__getitem__


def _by_source(tl: Timeline) -> Callable[[str], int]:
    order = {s.id: n for n, s in enumerate(tl.sources)}
    return order.__getitem__


_ORDERS: Final[dict[str, Callable[[Timeline], Callable[[str], Any]]]] = {
    "status": _by_status,
    "tag": _alphabetical,
    "source": _by_source,
    "place": _alphabetical,
}


def _ordered(groups: dict[str, list[int]], order: Callable[[str], Any]) -> dict[str, list[int]]:
    """The groups in ``order``, the group :data:`NONE` last."""
    none = groups.pop(NONE, None)
    ordered = {name: groups[name] for name in sorted(groups, key=order)}
    if none is not None:
        ordered[NONE] = none
    return ordered


# -- calendar units ----------------------------------------------------------------------


def _year(day: _dt.date) -> str:
    return f"{day.year:04d}"


def _month(day: _dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _week(day: _dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _next_year(day: _dt.date) -> _dt.date:
    return _dt.date(day.year + 1, 1, 1)


def _next_month(day: _dt.date) -> _dt.date:
    return _dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def _next_week(day: _dt.date) -> _dt.date:
    return day + _dt.timedelta(days=7 - day.weekday())


_UNITS: Final = {
    "year": (_year, _next_year),
    "month": (_month, _next_month),
    "week": (_week, _next_week),
}


def _day_range(lowers: Sequence[float], uppers: Sequence[float]) -> tuple[int, int]:
    """The first and last day (numbers since 1970-01-01) that a known bound reaches."""
    starts = [k for k in lowers if k != -math.inf]
    ends = [k for k in uppers if k != math.inf]
    days = [0]  # (an empty timeline)
    if starts:
        days = [math.floor(min(starts) / DAY), math.floor(max(starts) / DAY)]
    if ends:
        days += [math.ceil(min(ends) / DAY) - 1, math.ceil(max(ends) / DAY) - 1]
    return min(days), max(days)


def _by_calendar(tl: Timeline, key: str, tz: str | None) -> dict[str, list[int]]:
    label, step = _UNITS[key]
    lowers, uppers = tl.keys(tz)
    outside = next((e for e in tl.events if not e.when.fits), None)
    if outside is not None:  # (a span of millions of years would be millions of groups)
        raise TimelineError(
            f"group_by({key!r}): calendar units are counted in years 1–9999, and event"
            f" {outside.id!r} ({outside.when}) lies outside them"
        )
    first_day, last_day = _day_range(lowers, uppers)
    labels: dict[int, str] = {}  # day number to its unit's name (days repeat a lot)

    def unit_of(day: int) -> str:
        name = labels.get(day)
        if name is None:
            name = labels[day] = label(_dt.date.fromordinal(day + EPOCH_ORDINAL))
        return name

    groups: dict[str, list[int]] = {}
    for i, (lo, hi) in enumerate(zip(lowers, uppers, strict=True)):
        start = first_day if lo == -math.inf else math.floor(lo / DAY)
        end = last_day if hi == math.inf else max(start, math.ceil(hi / DAY) - 1)
        first, last = unit_of(start), unit_of(end)
        names = [first] if first == last else _units_between(start, end, label, step)
        for name in names:
            at = groups.get(name)
            if at is None:
                groups[name] = [i]
            else:
                at.append(i)
    return {name: groups[name] for name in sorted(groups)}


def _units_between(
    start: int,
    end: int,
    label: Callable[[_dt.date], str],
    step: Callable[[_dt.date], _dt.date],
) -> list[str]:
    """The names of every unit from day ``start`` to day ``end`` (numbers since 1970)."""
    day = _dt.date.fromordinal(start + EPOCH_ORDINAL)
    last = _dt.date.fromordinal(end + EPOCH_ORDINAL)
    names = []
    while day <= last:
        names.append(label(day))
        try:
            day = step(day)
        except (ValueError, OverflowError):  # past year 9999
            break
    return names


# -- the groups as timelines ---------------------------------------------------------------


def _sub_timeline(tl: Timeline, events: list[Event]) -> Timeline:
    """``tl`` with only ``events`` (in its order): links to the others dropped, every
    source kept (:func:`timeline.ops.restricted`, built without checking again)."""
    return restricted(tl, events, prune_sources=False)
