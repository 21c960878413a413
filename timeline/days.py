"""Local days: where a :class:`~timeline.when.When` lies on a calendar.

A day such as ``2017-08-25`` is a calendar day, the same wherever it is read;
a time with a zone or an offset (``2017-08-25T22:00`` in America/Chicago) is
an instant, which lies on different days in different places.  To compare
the two, each value has *local keys*: its wall-clock time read in its own
zone or offset, counted in seconds since 1970-01-01 as if that wall clock
were UTC ("floating").  For dates and for times written without zone or
offset the local keys are the value's own :attr:`~timeline.when.When.lower`
and :attr:`~timeline.when.When.upper`; for Harvey's landfall they are 22:00
to 22:01 on 25 August, where ``lower`` is the instant 03:00 UTC on 26 August.

With ``tz`` (an IANA name) a timed value with a zone or offset is read on
the wall clock of that zone instead ("what happened on 25 August in New York
time"); dates and times without zone or offset stay as they are.

Local keys of an interval run from its start's local key to its end's (no
earlier than the start: the two ends may be read on different clocks); those
of a set from its first member to its last.  Open ends stay infinite.
"""

from __future__ import annotations

import datetime as _dt
import functools
import math
from collections.abc import Sequence
from typing import Final

from timeline.edtf import DAY, KEY_MAX, KEY_MIN, key_of_wall
from timeline.edtf import zone as _zone
from timeline.errors import TimelineError
from timeline.when import Kind, Precision, When

__all__ = [
    "compared_bounds",
    "disagrees",
    "is_instant",
    "is_timed",
    "local_bounds",
    "local_keys",
    "spans_disagree",
    "zone",
]

_EDGE: Final = 2 * DAY  # an instant this close to year 1 or 9999 is read a bit inside
_T_MIN: Final = KEY_MIN + _EDGE
_T_MAX: Final = KEY_MAX - _EDGE

Bounds = tuple[float, float]


def zone(name: object, field: str = "tz") -> _dt.tzinfo:
    """The IANA zone ``name``; a :class:`TimelineError` naming ``field`` if it is none."""
    if not isinstance(name, str):
        raise TimelineError(f"{field}: must be a string (an IANA time zone), not {name!r}")
    try:
        return _known_zone(name)
    except TimelineError as exc:
        raise TimelineError(f"{field}: {exc}") from None


@functools.lru_cache(maxsize=64)
def _known_zone(name: str) -> _dt.tzinfo:
    return _zone(name)  # (a refused name raises, and is not cached)


def _leaf(when: When, tz: _dt.tzinfo | None) -> Bounds:
    """Local keys of a single date or date-time."""
    lower, upper = when.lower, when.upper
    first = when._earliest
    if not isinstance(first, _dt.datetime) or first.tzinfo is None:
        return lower, upper  # a day, or a time without zone: floating already
    if tz is None:
        local = key_of_wall(first)
    else:
        instant = min(max(lower, _T_MIN), _T_MAX)
        offset = _dt.datetime.fromtimestamp(instant, tz).utcoffset()
        local = lower + (offset.total_seconds() if offset is not None else 0.0)
    return local, local + (upper - lower)


_MINUTE: Final = Precision.MINUTE
_SECOND: Final = Precision.SECOND


def _timed(when: When) -> bool:
    """A time of day somewhere in ``when`` (identity tests: IntEnum comparisons are slow)."""
    precision = when.precision
    return precision is _MINUTE or precision is _SECOND


def is_timed(when: When) -> bool:
    """True when ``when`` has a time of day somewhere: its local keys depend on the clock it
    is read on (:func:`local_bounds`); a date's are its own bounds on any clock."""
    return _timed(when)


def local_bounds(when: When, tz: str | _dt.tzinfo | None = None) -> Bounds:
    """The local keys ``(lower, upper)`` of ``when``: its own zone's, or ``tz``'s wall clock.

    >>> w = When.parse("2017-08-25T22:00", tz="America/Chicago")
    >>> lo, hi = local_bounds(w)
    >>> _dt.datetime.fromtimestamp(lo, _dt.UTC).isoformat(), hi - lo
    ('2017-08-25T22:00:00+00:00', 60.0)
    >>> _dt.datetime.fromtimestamp(local_bounds(w, "Asia/Kolkata")[0], _dt.UTC).day
    26
    """
    if not _timed(when):
        return when.lower, when.upper  # no time of day anywhere in it
    zone_ = zone(tz) if isinstance(tz, str) else tz
    if when.kind is Kind.DATE:
        return _leaf(when, zone_)
    if when.kind is Kind.INTERVAL:
        start, end = when.start, when.end
        lo = _leaf(start, zone_)[0] if start is not None else when.lower
        hi = _leaf(end, zone_)[1] if end is not None else when.upper
        return lo, hi if hi > lo else lo
    members = [_leaf(m, zone_) for m in when.choices]
    lo = when.lower if when.lower == -math.inf else min(b[0] for b in members)
    hi = when.upper if when.upper == math.inf else max(b[1] for b in members)
    return lo, hi if hi > lo else lo


_DAY_PRECISION: Final = Precision.DAY


def local_keys(
    whens: Sequence[When], tz: str | _dt.tzinfo | None = None
) -> tuple[list[float], list[float]]:
    """:func:`local_bounds` of each value, as a list of lowers and a list of uppers.

    A day costs one identity test more than reading its bounds (they are its
    keys, shared, not copied); only other values call :func:`local_bounds`.
    """
    zone_ = zone(tz) if isinstance(tz, str) else tz
    day = _DAY_PRECISION
    uppers_later: list[float] = []
    keep_upper = uppers_later.append

    def lower_of(when: When) -> float:
        lo, hi = local_bounds(when, zone_)
        keep_upper(hi)
        return lo

    lowers = [w.lower if w.precision is day else lower_of(w) for w in whens]
    next_upper = iter(uppers_later).__next__
    uppers = [w.upper if w.precision is day else next_upper() for w in whens]
    return lowers, uppers


def is_instant(when: When) -> bool:
    """True when every known part of ``when`` is a time with a zone or offset (an instant).

    Two such values compare as instants (:func:`compared_bounds`); others by local days.
    """
    if not _timed(when):
        return False
    parts: Sequence[When | None]
    if when.kind is Kind.DATE:
        parts = (when,)
    elif when.kind is Kind.INTERVAL:
        parts = (when.start, when.end)
    else:
        parts = when.choices
    for part in parts:
        if part is None:
            continue
        first = part._earliest
        if not isinstance(first, _dt.datetime) or first.tzinfo is None:
            return False
    return True


def compared_bounds(a: When, b: When) -> tuple[Bounds, Bounds]:
    """The bounds by which ``a`` and ``b`` are compared with each other.

    Two instants (every part with a zone or offset) compare as instants:
    ``2017-08-25T23:00-04:00`` is ``2017-08-25T22:00`` in Chicago.  Otherwise
    by local days: ``2017-08-25`` holds ``2017-08-25T22:00`` in Chicago.
    """
    if is_instant(a) and is_instant(b):
        return (a.lower, a.upper), (b.lower, b.upper)
    return local_bounds(a), local_bounds(b)


def disagrees(reported: When, when: When) -> bool:
    """True when a source's ``reported`` date cannot be the established ``when``
    (:meth:`timeline.models.Citation.disagrees_with`)."""
    return spans_disagree(*compared_bounds(reported, when))


def spans_disagree(reported: Bounds, established: Bounds) -> bool:
    """True when neither span holds the other (the bounds :func:`compared_bounds` gives)."""
    (r_lo, r_hi), (w_lo, w_hi) = reported, established
    return not ((r_lo <= w_lo and w_hi <= r_hi) or (w_lo <= r_lo and r_hi <= w_hi))
