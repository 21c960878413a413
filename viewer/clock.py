"""The display clock: which time zone the viewer shows times in.  No Qt.

A display zone is an IANA name, or ``None`` for each event's own zone (its
``tz`` or offset; times without either are wall-clock times anyway).  The
canvas places events by their local keys in that zone
(:func:`timeline.days.local_bounds`), so the axis and its tick labels read
that zone's wall clock; :func:`describe_in` gives the list's and the details'
date labels in it.  Days (``2017-08-25``) are the same in every zone.

The system's zone is read once, explicitly (:func:`system_zone`), and passed
down: nothing here reads global state.
"""

from __future__ import annotations

import datetime as _dt
import math
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from timeline.days import local_bounds, zone
from timeline.errors import TimelineError
from timeline.i18n import month_names
from timeline.when import Kind, Precision, When

__all__ = ["CHOICES", "OWN", "choice_label", "describe_in", "resolve", "shift", "system_zone"]

OWN: Final = None
"""The display zone meaning: each event in its own zone."""

_ZONEINFO_DIRS: Final = ("zoneinfo/", "zoneinfo.default/")


def system_zone(environ: Mapping[str, str], localtime: Path = Path("/etc/localtime")) -> str | None:
    """The system's IANA zone: ``TZ`` if it names one, else where ``localtime`` links to.

    ``None`` when neither names a zone the library knows.

    >>> system_zone({"TZ": "Asia/Kolkata"})
    'Asia/Kolkata'
    """
    candidates: list[str] = []
    tz = environ.get("TZ", "").removeprefix(":")
    if tz:
        candidates.append(tz)
    try:
        target = os.readlink(localtime)
    except OSError:
        target = ""
    for marker in _ZONEINFO_DIRS:
        if marker in target:
            candidates.append(target.split(marker, 1)[1])
    for name in candidates:
        try:
            zone(name)
        except TimelineError:
            continue
        return name
    return None


CHOICES: Final = ("timeline", "own", "utc", "system")
"""The entries of View ▸ Time Zone, by key."""


def choice_label(choice: str, timeline_zone: str | None, system: str | None) -> str:
    """The menu text of ``choice`` (one of :data:`CHOICES`)."""
    return {
        "timeline": f"Timeline's Zone ({timeline_zone or 'none'})",
        "own": "Each Event's Own Zone",
        "utc": "UTC",
        "system": f"System Zone ({system or 'unknown'})",
    }[choice]


def resolve(choice: str, timeline_zone: str | None, system: str | None) -> str | None:
    """The display zone of ``choice``: the timeline's, each event's own (``None``), UTC, system's.

    A choice that names no zone (a timeline without ``tz``, an unknown system
    zone) falls back on each event's own zone.

    >>> resolve("timeline", "America/Chicago", None), resolve("timeline", None, "UTC")
    ('America/Chicago', None)
    """
    if choice == "timeline":
        return timeline_zone
    if choice == "utc":
        return "UTC"
    if choice == "system":
        return system
    return OWN


def _instant(when: When) -> bool:
    """A single time with a zone or an offset."""
    if when.kind is not Kind.DATE or when.precision <= Precision.DAY:
        return False
    first = when.earliest
    return isinstance(first, _dt.datetime) and first.tzinfo is not None


def _time_label(when: When, tz: _dt.tzinfo, months: tuple[str, ...]) -> tuple[str, str, str]:
    """The day, the time and the zone's abbreviation of the instant ``when`` in ``tz``."""
    t = _dt.datetime.fromtimestamp(when.lower, tz)
    time = f"{t:%H:%M:%S}" if when.precision == Precision.SECOND else f"{t:%H:%M}"
    return f"{t.day} {months[t.month - 1]} {t.year}", time, t.tzname() or ""


def describe_in(when: When, display: str | None, locale: str = "en") -> str:
    """:meth:`When.describe`, with the times of day on the clock of ``display``.

    ``None`` (each event's own zone), days, and times without zone or offset
    read as :meth:`When.describe` gives them.

    >>> describe_in(When.parse("2017-08-25T22:00", tz="America/Chicago"), "UTC")
    '26 Aug 2017, 03:00 UTC'
    """
    if display is None:
        return when.describe(locale)
    try:
        tz = zone(display)
        months = month_names(locale)
        if _instant(when):
            day, time, abbr = _time_label(when, tz, months)
            return f"{day}, {time} {abbr}"
        start, end = when.start, when.end
        if (
            when.kind is Kind.INTERVAL
            and start is not None
            and end is not None
            and _instant(start)
            and _instant(end)
        ):
            d0, t0, z0 = _time_label(start, tz, months)
            d1, t1, z1 = _time_label(end, tz, months)
            if (d0, z0) == (d1, z1):
                return f"{d0}, {t0}–{t1} {z0}"
            return f"{d0}, {t0} {z0} – {d1}, {t1} {z1}"
    except (OverflowError, ValueError, OSError):
        pass  # an instant that cannot be shown in that zone (year 1 or 9999)
    return when.describe(locale)


def shift(when: When | None, t: float, old: str | None, new: str | None) -> float:
    """How far the view moves when the display zone changes from ``old`` to ``new``.

    The moment shown stays put: ``when`` (the selected event) where it is on
    the screen, else the instant at ``t`` (when both zones are named).
    """
    if when is not None:
        a, b = local_bounds(when, old)[0], local_bounds(when, new)[0]
        if math.isfinite(a) and math.isfinite(b):
            return b - a
    if old is None or new is None or not math.isfinite(t):
        return 0.0
    try:
        instant = t - _offset(zone(old), t)
        return instant + _offset(zone(new), instant) - t
    except (OverflowError, ValueError, OSError):
        return 0.0


def _offset(tz: _dt.tzinfo, t: float) -> float:
    offset = _dt.datetime.fromtimestamp(t, tz).utcoffset()
    return offset.total_seconds() if offset is not None else 0.0
