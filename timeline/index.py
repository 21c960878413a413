"""A span index: which of n spans overlap a window, in O(log n + k).

Spans are half-open ``[lower, upper)`` in seconds; a span of zero length
(``lower == upper``) stands for the single instant ``lower``.  Windows follow
the same rule.  Spans are grouped by length class (powers of two); inside a
class, spans are sorted by ``lower``.  A span of class *c* is shorter than
``2**c``, so one that overlaps ``[lo, hi)`` starts in ``(lo - 2**c, hi)``:
bisections per class find every candidate; those that start inside the
window are hits without a check, and of those that start before it at most
about half are false.  (The reach carries a margin of one part in 2**40 for
rounding.)  Spans open at one end are kept sorted by their finite end and
bisected too; the rare span open at both ends is checked on every query.

The viewer uses the same index to find what is visible in each frame.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import Final

__all__ = ["SpanIndex"]


def _touches(s_lo: float, s_hi: float, lo: float, hi: float) -> bool:
    """True when span ``[s_lo, s_hi)`` and window ``[lo, hi)`` share an instant.

    An empty span or window (``lower == upper``) is the single instant ``lower``.
    """
    first = s_lo if s_lo > lo else lo  # the first instant both could share
    in_span = first < s_hi or first == s_lo == s_hi
    in_window = first < hi or first == lo == hi
    return in_span and in_window


def _inside(s_lo: float, s_hi: float, lo: float, hi: float) -> bool:
    """True when every instant of span ``[s_lo, s_hi)`` lies in window ``[lo, hi)``."""
    if s_lo == s_hi:  # an instant
        return lo <= s_lo < hi or s_lo == lo == hi
    return lo <= s_lo and s_hi <= hi


# A query pays a few bisections per length class, and in each class the spans
# that start less than one reach before the window are checked one by one.
# Classes so sparse that few spans start within a reach of any point are
# merged upwards (the merged class takes the larger reach): fewer bisections,
# and about this many extra checks per query at most.
_MERGE_BUDGET: Final = 4.0


def _merged_classes(
    groups: dict[int, list[int]], lowers: Sequence[float], uppers: Sequence[float]
) -> list[tuple[float, list[int]]]:
    """Length classes as ``(reach, members)``, sparse neighbours merged."""
    if not groups:
        return []
    first = min(lowers[i] for members in groups.values() for i in members)
    last = max(uppers[i] for members in groups.values() for i in members)
    extent = max(last - first, 1.0)
    merged: list[tuple[float, list[int]]] = []
    current: list[int] = []
    current_reach = 0.0
    for exponent in sorted(groups):
        reach = math.ldexp(1.0 + 2.0**-40, exponent) if exponent < 1024 else math.inf
        members = groups[exponent]
        if current and (len(current) + len(members)) * reach / extent > _MERGE_BUDGET:
            merged.append((current_reach, current))  # this class would make it dense
            current = []
        current.extend(members)
        current_reach = reach
    merged.append((current_reach, current))
    return merged


class SpanIndex:
    """Index of spans ``[lowers[i], uppers[i])``; queries return positions ``i``.

    Bounds may be infinite (an open end) but not NaN, and no span may end
    before it starts (``ValueError``).
    """

    __slots__ = (
        "_buckets",
        "_count",
        "_open_end_lowers",
        "_open_end_positions",
        "_open_start_positions",
        "_open_start_uppers",
        "_unbounded",
    )

    def __init__(self, lowers: Sequence[float], uppers: Sequence[float]) -> None:
        if len(lowers) != len(uppers):
            raise ValueError("lowers and uppers differ in length")
        self._count = len(lowers)
        groups: dict[int, list[int]] = {}
        open_end: list[int] = []
        open_start: list[int] = []
        unbounded: list[int] = []
        frexp = math.frexp
        inf = math.inf
        for i, (lo, hi) in enumerate(zip(lowers, uppers, strict=True)):
            if not lo <= hi:  # also catches NaN
                raise ValueError(f"span {i} is not a span: [{lo!r}, {hi!r})")
            length = hi - lo
            if length == inf or length != length:  # inf - inf is NaN
                if hi == inf and -inf < lo < inf:
                    open_end.append(i)
                elif lo == -inf and -inf < hi < inf:
                    open_start.append(i)
                else:
                    unbounded.append(i)
                continue
            exponent = frexp(length)[1] if length > 0 else -1074
            groups.setdefault(exponent, []).append(i)
        # Per length class: (reach, lowers, uppers, positions), sorted by lower.
        # Plain lists, not arrays: reading an array boxes every float and int it
        # returns, while a list hands out the objects it holds (the lowers and
        # uppers are the caller's own float objects, not copies).
        buckets: list[tuple[float, list[float], list[float], list[int]]] = []
        for reach, members in _merged_classes(groups, lowers, uppers):
            members.sort(key=lambda i: lowers[i])
            buckets.append(
                (reach, [lowers[i] for i in members], [uppers[i] for i in members], members)
            )
        self._buckets = tuple(buckets)
        # Spans open at one end are sorted by their finite end, so that a
        # query bisects them instead of scanning them.
        open_end.sort(key=lambda i: lowers[i])
        self._open_end_lowers = array("d", (lowers[i] for i in open_end))
        self._open_end_positions = array("q", open_end)
        open_start.sort(key=lambda i: uppers[i])
        self._open_start_uppers = array("d", (uppers[i] for i in open_start))
        self._open_start_positions = array("q", open_start)
        self._unbounded = tuple((i, lowers[i], uppers[i]) for i in unbounded)

    def __len__(self) -> int:
        return self._count

    def overlapping(self, lo: float, hi: float) -> list[int]:
        """Positions of spans that share an instant with the window ``[lo, hi)``, in order.

        A span ``[a, b)`` overlaps when ``a < hi`` and ``b > lo``; an instant
        (``a == b``, or ``lo == hi``) counts when it lies in the other.
        """
        found: list[int] = []
        if not lo <= hi:
            return found
        if lo == hi:
            return self._at_instant(lo)
        for reach, lowers, uppers, positions in self._buckets:
            first = bisect_left(lowers, lo - reach)
            middle = bisect_left(lowers, lo, first)
            if first < middle:
                # started before the window: only those still running at lo
                found.extend([positions[j] for j in range(first, middle) if uppers[j] > lo])
            # every span that starts inside the window overlaps it (even an instant)
            last = bisect_left(lowers, hi, middle)
            if middle < last:
                found.extend(positions[middle:last])
        found.extend(self._open_end_positions[: bisect_left(self._open_end_lowers, hi)])
        found.extend(self._open_start_positions[bisect_right(self._open_start_uppers, lo) :])
        found.extend(i for i, s_lo, s_hi in self._unbounded if _touches(s_lo, s_hi, lo, hi))
        found.sort()
        return found

    def _at_instant(self, t: float) -> list[int]:
        """Positions of spans containing the instant ``t`` (the window ``[t, t)``)."""
        found: list[int] = []
        for reach, lowers, uppers, positions in self._buckets:
            first = bisect_left(lowers, t - reach)
            last = bisect_right(lowers, t, first)
            found.extend(
                positions[j] for j in range(first, last) if _touches(lowers[j], uppers[j], t, t)
            )
        if t < math.inf:  # [a, inf) holds every finite instant from a on
            found.extend(self._open_end_positions[: bisect_right(self._open_end_lowers, t)])
        found.extend(self._open_start_positions[bisect_right(self._open_start_uppers, t) :])
        found.extend(i for i, s_lo, s_hi in self._unbounded if _touches(s_lo, s_hi, t, t))
        found.sort()
        return found

    def within(self, lo: float, hi: float) -> list[int]:
        """Positions of spans that lie wholly inside the window ``[lo, hi)``, in order."""
        found: list[int] = []
        if not lo <= hi:
            return found
        for reach, lowers, uppers, positions in self._buckets:
            first = bisect_left(lowers, lo)
            # spans starting early enough cannot reach past hi: no check needed
            safe = bisect_left(lowers, hi - reach, first) if lo < hi else first
            last = bisect_right(lowers, hi, safe)
            found.extend(positions[first:safe])
            found.extend(
                positions[j] for j in range(safe, last) if _inside(lowers[j], uppers[j], lo, hi)
            )
        if hi == math.inf:
            start = bisect_left(self._open_end_lowers, lo)
            found.extend(self._open_end_positions[start:])
        if lo == -math.inf:
            found.extend(self._open_start_positions[: bisect_right(self._open_start_uppers, hi)])
        found.extend(i for i, s_lo, s_hi in self._unbounded if _inside(s_lo, s_hi, lo, hi))
        found.sort()
        return found

    def count_overlapping(self, lo: float, hi: float) -> int:
        """How many spans overlap ``[lo, hi)`` (same rule as :meth:`overlapping`)."""
        return len(self.overlapping(lo, hi))
