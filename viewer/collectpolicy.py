"""When the viewer's own collector runs a collection, and of which generation: no Qt.

The viewer turns CPython's automatic cyclic collection off and runs it from a timer on the
GUI thread (:mod:`viewer.collector`), as pyqtgraph does: an automatic collection runs on
whichever thread allocates, and a cycle holding Qt objects (a closed window's, a replaced
loader's) collected on a worker thread destroys them off the GUI thread, which crashes the
process.  :class:`Collecting` decides, at each tick, what CPython would have collected by
then: the youngest generation past its threshold (:func:`gc.get_threshold`), the oldest
only when its last full collection took at most :attr:`Collecting.full_share` of the time
since (CPython skips most full collections by a rule of its own; this keeps their cost
bounded the same way, whatever the heap).
"""

from __future__ import annotations

import math

import attrs

__all__ = ["Collecting"]


@attrs.define
class Collecting:
    """The collection due at each tick, given the collector's counts (:func:`gc.get_count`)."""

    thresholds: tuple[int, int, int]
    """:func:`gc.get_threshold`: a generation is due when its count is past its threshold
    (a threshold of 0 turns collection off, as it does for CPython's own)."""
    full_share: float = attrs.field(default=0.02)
    """The most of the time that full collections may take (their cost over the time since
    the last one ended)."""
    _full_ended: float = attrs.field(default=-math.inf, init=False)
    _full_cost: float = attrs.field(default=0.0, init=False)

    @full_share.validator
    def _check_share(self, _: object, value: float) -> None:
        if not 0 < value <= 1:
            raise ValueError(f"full_share: expected a share in (0, 1], got {value!r}")

    def due(self, counts: tuple[int, int, int], now: float) -> int | None:
        """The generation to collect at time ``now`` (seconds, any clock that only grows)
        with these counts; ``None`` when none is due."""
        first, middle, oldest = self.thresholds
        if first <= 0:
            return None
        if oldest > 0 and counts[2] > oldest and self._full_may_run(now):
            return 2
        if middle > 0 and counts[1] > middle:
            return 1
        if counts[0] > first:
            return 0
        return None

    def _full_may_run(self, now: float) -> bool:
        return now - self._full_ended >= self._full_cost / self.full_share

    def collected(self, generation: int, started: float, ended: float) -> None:
        """Note a collection of ``generation`` that ran from ``started`` to ``ended``."""
        if generation == 2:
            self._full_ended = ended
            self._full_cost = max(0.0, ended - started)
