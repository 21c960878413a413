"""A span index: which of n spans overlap a window, in O(log n + k).

Spans are half-open ``[lower, upper)`` in seconds; a span of zero length
(``lower == upper``) stands for the single instant ``lower``.  Windows follow
the same rule.  Spans are grouped by length class (powers of two); inside a
class, spans are sorted by ``lower``.  A span of class *c* is shorter than
``2**c``, so one that overlaps ``[lo, hi)`` starts in ``[lo - 2**c, hi]``:
two bisections per class find every candidate, and at most a bounded share
of them are false.  (The index uses ``2**(c+1)`` as the reach, a margin for
rounding.)  Unbounded spans (an infinite end) go into a short list that is
scanned.

The viewer uses the same index to find what is visible in each frame.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

__all__ = ["SpanIndex"]


class _Bucket:
    __slots__ = ("lowers", "positions", "reach", "uppers")

    def __init__(self, reach: float) -> None:
        self.reach = reach
        self.lowers: array[float] = array("d")
        self.uppers: array[float] = array("d")
        self.positions: array[int] = array("q")


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


class SpanIndex:
    """Index of spans ``[lowers[i], uppers[i])``; queries return positions ``i``.

    Bounds may be infinite (an open end) but not NaN, and no span may end
    before it starts (``ValueError``).
    """

    __slots__ = ("_buckets", "_count", "_unbounded")

    def __init__(self, lowers: Sequence[float], uppers: Sequence[float]) -> None:
        if len(lowers) != len(uppers):
            raise ValueError("lowers and uppers differ in length")
        self._count = len(lowers)
        groups: dict[int, list[int]] = {}
        unbounded: list[int] = []
        frexp = math.frexp
        for i, (lo, hi) in enumerate(zip(lowers, uppers, strict=True)):
            if not lo <= hi:  # also catches NaN
                raise ValueError(f"span {i} is not a span: [{lo!r}, {hi!r})")
            length = hi - lo
            if length == math.inf or length != length:  # inf - inf is NaN
                unbounded.append(i)
                continue
            exponent = frexp(length)[1] if length > 0 else -1074
            groups.setdefault(exponent, []).append(i)
        buckets: list[_Bucket] = []
        for exponent in sorted(groups):
            members = groups[exponent]
            members.sort(key=lambda i: lowers[i])
            reach = math.ldexp(1.0, exponent + 1) if exponent < 1023 else math.inf
            bucket = _Bucket(reach)
            bucket.lowers.extend(lowers[i] for i in members)
            bucket.uppers.extend(uppers[i] for i in members)
            bucket.positions.extend(members)
            buckets.append(bucket)
        self._buckets = tuple(buckets)
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
        for bucket in self._buckets:
            lowers = bucket.lowers
            first = bisect_left(lowers, lo - bucket.reach)
            last = bisect_right(lowers, hi, first)
            uppers = bucket.uppers
            positions = bucket.positions
            point_window = lo == hi
            for j in range(first, last):
                a, b = lowers[j], uppers[j]
                # the common case inline; instants need the careful rule
                if (a < hi and b > lo) or ((a == b or point_window) and _touches(a, b, lo, hi)):
                    found.append(positions[j])
        for i, s_lo, s_hi in self._unbounded:
            if _touches(s_lo, s_hi, lo, hi):
                found.append(i)
        found.sort()
        return found

    def within(self, lo: float, hi: float) -> list[int]:
        """Positions of spans that lie wholly inside the window ``[lo, hi)``, in order."""
        found: list[int] = []
        if not lo <= hi:
            return found
        for bucket in self._buckets:
            lowers = bucket.lowers
            first = bisect_left(lowers, lo)
            last = bisect_right(lowers, hi, first)
            uppers = bucket.uppers
            positions = bucket.positions
            for j in range(first, last):
                if _inside(lowers[j], uppers[j], lo, hi):
                    found.append(positions[j])
        for i, s_lo, s_hi in self._unbounded:
            if _inside(s_lo, s_hi, lo, hi):
                found.append(i)
        found.sort()
        return found

    def count_overlapping(self, lo: float, hi: float) -> int:
        """How many spans overlap ``[lo, hi)`` (same rule as :meth:`overlapping`)."""
        return len(self.overlapping(lo, hi))
