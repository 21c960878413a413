"""A span index: which of n spans overlap a window, in O(log n + k).

Spans are half-open ``[lower, upper)`` in seconds.  They are grouped by length
class (powers of two); inside a class, spans are sorted by ``lower``.  A span
of class *c* is shorter than ``2**(c+1)``, so one that overlaps ``[lo, hi)``
starts in ``(lo - 2**(c+1), hi)``: two bisections per class find every
candidate, and at most a bounded share of them are false.  Unbounded spans
(an open end) go into a short list that is scanned.

The viewer uses the same index to find what is visible in each frame.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

__all__ = ["SpanIndex"]


class _Bucket:
    __slots__ = ("lowers", "positions", "uppers", "width")

    def __init__(self, width: float) -> None:
        self.width = width
        self.lowers: array[float] = array("d")
        self.uppers: array[float] = array("d")
        self.positions: array[int] = array("q")


class SpanIndex:
    """Index of spans ``[lowers[i], uppers[i])``; queries return positions ``i``."""

    __slots__ = ("_buckets", "_count", "_unbounded")

    def __init__(self, lowers: Sequence[float], uppers: Sequence[float]) -> None:
        if len(lowers) != len(uppers):
            raise ValueError("lowers and uppers differ in length")
        self._count = len(lowers)
        groups: dict[int, list[int]] = {}
        unbounded: list[int] = []
        frexp = math.frexp
        for i, (lo, hi) in enumerate(zip(lowers, uppers, strict=True)):
            length = hi - lo
            if length == math.inf or length != length:
                unbounded.append(i)
                continue
            exponent = frexp(length)[1] if length > 0 else -1074
            groups.setdefault(exponent, []).append(i)
        buckets: list[_Bucket] = []
        for exponent in sorted(groups):
            members = groups[exponent]
            members.sort(key=lambda i: lowers[i])
            bucket = _Bucket(math.ldexp(1.0, exponent))
            bucket.lowers.extend(lowers[i] for i in members)
            bucket.uppers.extend(uppers[i] for i in members)
            bucket.positions.extend(members)
            buckets.append(bucket)
        self._buckets = tuple(buckets)
        self._unbounded = tuple((i, lowers[i], uppers[i]) for i in unbounded)

    def __len__(self) -> int:
        return self._count

    def overlapping(self, lo: float, hi: float) -> list[int]:
        """Positions of spans that share time with ``[lo, hi]``, in order.

        A span touches the window when ``lower <= hi`` and ``upper > lo``.
        """
        found: list[int] = []
        for bucket in self._buckets:
            lowers = bucket.lowers
            first = bisect_left(lowers, lo - bucket.width)
            last = bisect_right(lowers, hi, first)  # the window is closed at hi
            uppers = bucket.uppers
            positions = bucket.positions
            for j in range(first, last):
                if uppers[j] > lo:
                    found.append(positions[j])
        for i, s_lo, s_hi in self._unbounded:
            if s_lo <= hi and s_hi > lo:
                found.append(i)
        found.sort()
        return found

    def within(self, lo: float, hi: float) -> list[int]:
        """Positions of spans that lie wholly inside ``[lo, hi)``, in order."""
        found: list[int] = []
        for bucket in self._buckets:
            lowers = bucket.lowers
            first = bisect_left(lowers, lo)
            last = bisect_left(lowers, hi, first) if hi != math.inf else len(lowers)
            uppers = bucket.uppers
            positions = bucket.positions
            for j in range(first, last):
                if uppers[j] <= hi:
                    found.append(positions[j])
        for i, s_lo, s_hi in self._unbounded:
            if s_lo >= lo and s_hi <= hi:
                found.append(i)
        found.sort()
        return found

    def count_overlapping(self, lo: float, hi: float) -> int:
        """How many spans overlap ``[lo, hi]`` (same rule as :meth:`overlapping`)."""
        return len(self.overlapping(lo, hi))
