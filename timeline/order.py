"""Order and distance between uncertain dates (:class:`~timeline.when.When`).

An event dated by a :class:`When` took some span of time ``[start, end]``
that the value does not pin down: a day ``2017-09-19`` says that the event
began and ended somewhere within that (local) day; an interval
``2017-09-24/2017-09-27`` that it began on the 24th and ended on the 27th; a
month only that both lie in the month.  The questions below are answered for
*every* span the value allows, never for a guess:

* :func:`certainly_before` ``(a, b)``: however the two are read, ``a`` ended
  before ``b`` began.  Two events on consecutive days are; two on the same
  day are not (either may have come first).
* :func:`possibly_before` ``(a, b)``: some reading has ``a`` end before ``b``
  begins.  Two events on the same day possibly are, both ways round.
* :func:`possibly_overlaps` / :func:`certainly_overlaps`: the two spans may
  share (must share) an instant.
* :func:`gap` ``(a, b)``: the time between them, as a :class:`Gap`
  ``(shortest, longest)``.

The laws: ``certainly_before(a, b)`` implies ``possibly_before(a, b)`` and
``not possibly_before(b, a)``; for a date or an interval exactly one of
``certainly_before(a, b)``, ``certainly_before(b, a)`` and
``possibly_overlaps(a, b)`` holds.

**Clocks.**  Values compare as :func:`timeline.days.compared_bounds` does:
two instants (every part with a zone or offset) as instants; otherwise each
on its own wall clock, so a time of day lies on its local day.

**Ends.**  An open end (``2017-01-25/..``) ran on without end: the event
never ended, so it is before nothing.  An unknown end (``2017-01-25/``)
ended some time on or after its start, how long after is not known.  (The
same for starts.)

**Sets.**  ``[a,b]`` is *one* of its members (a range ``a..b``: one day of
it; ``..a``: one day on or before ``a``): the answer holds for every member
(certainly) or for some member (possibly).  ``{a,b}`` is *all* of them: the
event began with the first and ended with the last (for ``before``), and
shares an instant with another value only through one of its members (for
``overlaps`` and ``gap``, measured to the nearest member).  "Certainly" is
never claimed wrongly; for an all-of set it may be missed when only the
combination of members makes it certain.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Final, Literal

import attrs

from timeline.days import is_instant, local_bounds
from timeline.edtf import DAY
from timeline.errors import TimelineError
from timeline.when import EndKind, Kind, When

__all__ = [
    "Gap",
    "certainly_before",
    "certainly_overlaps",
    "gap",
    "possibly_before",
    "possibly_overlaps",
]

_INF: Final = math.inf

# A span's ends, each as the range it may lie in: (start_lo, start_hi, end_lo, end_hi)
Span = tuple[float, float, float, float]
# A value as alternatives (one of them is the truth), each of parts (all of them are)
Shape = tuple[tuple[Span, ...], ...]
LeafKeys = Callable[[When], tuple[float, float]]


def _span(start: tuple[float, float], end: tuple[float, float]) -> Span:
    """The span from ``start`` to ``end``, each end kept within what the other allows."""
    s_lo, s_hi = start
    e_lo, e_hi = end
    return s_lo, min(s_hi, e_hi), max(e_lo, s_lo), e_hi


def _pieces(when: When) -> Iterator[tuple[str, When | None, When | None]]:
    """A set's items: ``("one", x, None)``, ``("range", a, b)``, ``("before", None, a)``,
    ``("after", a, None)``, in the order written."""
    members = iter(when.choices)
    for item in when.edtf[1:-1].split(","):
        if item.startswith(".."):
            yield "before", None, next(members)
        elif item.endswith(".."):
            yield "after", next(members), None
        elif ".." in item:
            yield "range", next(members), next(members)
        else:
            yield "one", next(members), None


def _shape(when: When, keys: LeafKeys) -> Shape:
    """``when`` as alternatives of parts, each part a :data:`Span` in the keys of ``keys``."""
    if when.kind is Kind.DATE:
        lo, hi = keys(when)
        return (((lo, hi, lo, hi),),)
    if when.kind is Kind.INTERVAL:
        start, end = when.start, when.end
        if end is None:
            assert start is not None
            lo, hi = keys(start)
            ran_on = when.end_kind is EndKind.OPEN  # never ended; else: some time after
            return ((_span((lo, hi), (_INF, _INF) if ran_on else (lo, _INF)),),)
        e = keys(end)
        if start is None:
            s = (-_INF, -_INF) if when.start_kind is EndKind.OPEN else (-_INF, e[1])
        else:
            s = keys(start)
        return ((_span(s, e),),)
    one_of = when.edtf[0] == "["
    parts: list[Span] = []
    for item, a, b in _pieces(when):
        if item == "one":
            assert a is not None
            lo, hi = keys(a)
            parts.append((lo, hi, lo, hi))
        elif item == "range":
            assert a is not None
            assert b is not None
            (a_lo, a_hi), (b_lo, b_hi) = keys(a), keys(b)
            # one day of the range, or every day of it
            parts.append((a_lo, b_hi, a_lo, b_hi) if one_of else _span((a_lo, a_hi), (b_lo, b_hi)))
        elif item == "before":
            assert b is not None
            lo, hi = keys(b)
            parts.append((-_INF, hi, -_INF, hi) if one_of else (-_INF, -_INF, lo, hi))
        else:
            assert a is not None
            lo, hi = keys(a)
            parts.append((lo, _INF, lo, _INF) if one_of else (lo, hi, _INF, _INF))
    if one_of:
        return tuple((part,) for part in parts)
    return (tuple(parts),)


def _leaves(when: When) -> Iterator[When]:
    if when.kind is Kind.DATE:
        yield when
    elif when.kind is Kind.INTERVAL:
        yield from (w for w in (when.start, when.end) if w is not None)
    else:
        yield from when.choices


def _instant_keys(when: When) -> tuple[float, float]:
    return when.lower, when.upper


def _local_keys(when: When) -> tuple[float, float]:
    return local_bounds(when)


def _shapes(a: When, b: When) -> tuple[Shape, Shape]:
    """Both values' shapes in time: as instants if both are, else on their wall clocks."""
    keys = _instant_keys if is_instant(a) and is_instant(b) else _local_keys
    return _shape(a, keys), _shape(b, keys)


def _envelope(parts: tuple[Span, ...]) -> Span:
    """All of ``parts``: it starts with the first and ends with the last."""
    if len(parts) == 1:
        return parts[0]
    return (
        min(p[0] for p in parts),
        min(p[1] for p in parts),
        max(p[2] for p in parts),
        max(p[3] for p in parts),
    )


def certainly_before(a: When, b: When) -> bool:
    """However both are read, ``a`` ended before ``b`` began.

    >>> certainly_before(When.parse("2017-09-19"), When.parse("2017-09-24/2017-09-27"))
    True
    >>> certainly_before(When.parse("2017-09"), When.parse("2017-09-24"))
    False
    """
    shape_a, shape_b = _shapes(a, b)
    last_end = max(_envelope(alt)[3] for alt in shape_a)
    first_start = min(_envelope(alt)[0] for alt in shape_b)
    return last_end <= first_start


def possibly_before(a: When, b: When) -> bool:
    """Some reading of both has ``a`` end before ``b`` begins.

    >>> possibly_before(When.parse("2017-09"), When.parse("2017-09-24"))
    True
    >>> possibly_before(When.parse("2017-09-24"), When.parse("2017-09-24"))  # the same day
    True
    >>> possibly_before(When.parse("2017-09-25"), When.parse("2017-09-24"))
    False
    """
    shape_a, shape_b = _shapes(a, b)
    earliest_end = min(_envelope(alt)[2] for alt in shape_a)
    latest_start = max(_envelope(alt)[1] for alt in shape_b)
    return earliest_end < latest_start


def possibly_overlaps(a: When, b: When) -> bool:
    """Some reading of both has them share an instant.

    >>> possibly_overlaps(When.parse("2017-09-24"), When.parse("2017-09-24/2017-09-27"))
    True
    >>> one_of = When.parse("[2017-09-23,2017-09-28]")  # either day, not those between
    >>> possibly_overlaps(one_of, When.parse("2017-09-24/2017-09-27"))
    False
    """
    shape_a, shape_b = _shapes(a, b)
    parts_b = [q for beta in shape_b for q in beta]
    return any(p[0] < q[3] and q[0] < p[3] for alt in shape_a for p in alt for q in parts_b)


def certainly_overlaps(a: When, b: When) -> bool:
    """However both are read, they share an instant.

    >>> certainly_overlaps(When.parse("2017-09-25"), When.parse("2017-09-24/2017-09-27"))
    True
    >>> certainly_overlaps(When.parse("2017-09-24"), When.parse("2017-09-24/2017-09-27"))
    False

    (The operation may have begun after whatever happened early on the 24th.)
    """
    shape_a, shape_b = _shapes(a, b)
    return all(
        any(p[1] <= q[2] and q[1] <= p[2] for p in alt for q in beta)
        for alt in shape_a
        for beta in shape_b
    )


# -- gap -------------------------------------------------------------------------------


@attrs.frozen
class Gap:
    """The time between two dated values: at least :attr:`shortest`, at most :attr:`longest`.

    ``unit`` says how it was counted: ``"day"`` in whole calendar days (when
    either value is known only to the day or less finely: the difference of
    local days, as ``date - date`` counts), ``"second"`` in elapsed time
    between instants (when both are times of day, every part of them).
    ``longest`` is ``None`` when there is no bound (an open or unknown end, a
    set open on one side).  Zero means they may overlap (or lie on the same day).

    >>> Gap(timedelta(days=5), timedelta(days=5), "day").describe()
    '5 days'
    >>> Gap(timedelta(0), timedelta(days=23), "day").describe()
    '0 to 23 days'
    """

    shortest: timedelta
    longest: timedelta | None
    unit: Literal["day", "second"]

    @property
    def exact(self) -> bool:
        """True when the gap is known exactly (``shortest == longest``)."""
        return self.shortest == self.longest

    def describe(self) -> str:
        """In English words: ``'5 days'``, ``'4 to 6 days'``, ``'at least 3 days'``,
        ``'2 hours 30 minutes'``."""
        words = _days_words if self.unit == "day" else _time_words
        if self.longest is None:
            return f"at least {words(self.shortest)}"
        if self.exact:
            return words(self.shortest)
        if self.unit == "day":
            return f"{self.shortest.days} to {words(self.longest)}"
        return f"{words(self.shortest)} to {words(self.longest)}"


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


def _days_words(span: timedelta) -> str:
    return _plural(span.days, "day")


def _time_words(span: timedelta) -> str:
    seconds = int(span.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [
        _plural(n, unit)
        for n, unit in ((days, "day"), (hours, "hour"), (minutes, "minute"), (seconds, "second"))
        if n
    ]
    return " ".join(parts) or "0 seconds"


def _day_points(keys: LeafKeys) -> LeafKeys:
    """A leaf's first and last possible day, as the keys of their midnights (closed)."""

    def points(when: When) -> tuple[float, float]:
        lo, hi = keys(when)
        return math.floor(lo / DAY) * DAY, math.ceil(hi / DAY) * DAY - DAY

    return points


def _instant_points(keys: LeafKeys) -> LeafKeys:
    """A time of day as the instant it names (``13:00`` is 13:00:00)."""

    def points(when: When) -> tuple[float, float]:
        lo = keys(when)[0]
        return lo, lo

    return points


def _difference(later: float, earlier: float) -> float:
    """``later - earlier``; an end that never comes (two infinities) counts as no gap."""
    d = later - earlier
    return -_INF if math.isnan(d) else d


def _shortest(p: Span, q: Span) -> float:
    return max(0.0, q[0] - p[3], p[0] - q[3])


def _longest(p: Span, q: Span) -> float:
    return max(0.0, _difference(q[1], p[2]), _difference(p[1], q[2]))


def gap(a: When, b: When) -> Gap:
    """The time between ``a`` and ``b``, either way round, as a :class:`Gap`.

    Counted between the end of the earlier and the start of the later, over
    every reading of both: in calendar days unless both values are times of
    day throughout (then in elapsed time, a time of day being the instant
    it names).

    >>> gap(When.parse("2017-09-19"), When.parse("2017-09-24/2017-09-27")).describe()
    '5 days'
    >>> gap(When.parse("2017-09"), When.parse("2017-09-24")).describe()
    '0 to 23 days'
    >>> gap(When.parse("2017-09-19T13:00-07:00"), When.parse("2017-09-19T22:30Z")).describe()
    '2 hours 30 minutes'
    """
    instants = is_instant(a) and is_instant(b)
    base = _instant_keys if instants else _local_keys
    timed = all(leaf.is_timed for w in (a, b) for leaf in _leaves(w))
    unit: Literal["day", "second"] = "second" if timed else "day"
    keys = _instant_points(base) if timed else _day_points(base)
    shape_a, shape_b = _shape(a, keys), _shape(b, keys)
    pairs = [(alt, beta) for alt in shape_a for beta in shape_b]
    # to the nearest part of an all-of set: the least over its parts
    shortest = min(min(_shortest(p, q) for p in alt for q in beta) for alt, beta in pairs)
    longest = max(min(_longest(p, q) for p in alt for q in beta) for alt, beta in pairs)
    try:
        return Gap(
            timedelta(seconds=shortest),
            None if longest == _INF else timedelta(seconds=longest),
            unit,
        )
    except OverflowError:  # (a timedelta holds 999,999,999 days: about 2.7 million years)
        raise TimelineError(
            f"the gap between {a} and {b} is longer than a timedelta holds"
            " (999,999,999 days, about 2.7 million years)"
        ) from None
