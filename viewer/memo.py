"""Values made from a timeline, kept while it lives: one rule for every per-timeline cache.

A :class:`~timeline.models.Timeline` is immutable, so what the viewer derives
from it (its bounds on a clock, the counts of its tags) can be made once and
kept as long as the timeline is alive, on any thread: the loader's worker
makes them before the timeline is shown, and the GUI thread finds them.
Timelines are told apart by identity (comparing two equal timelines would be a
pass over their events), and an entry goes with its timeline.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from timeline.models import Timeline

__all__ = ["PerTimeline"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class PerTimeline(Generic[K, V]):
    """``make(tl, key)``, made once per timeline and key and kept while the timeline lives.

    Thread-safe: two threads asking at once may both make the value, never a wrong one,
    and both are answered with the one kept (the first made): what a worker made and
    what the GUI thread made of the same timeline are the same object, as the views
    check (:meth:`viewer.sceneparts.Shown.made_from`).
    """

    def __init__(self, make: Callable[[Timeline, K], V]) -> None:
        self._make = make
        self._made: dict[tuple[int, K], tuple[weakref.ref[Timeline], V]] = {}
        self._lock = threading.Lock()

    def __call__(self, tl: Timeline, key: K) -> V:
        slot = (id(tl), key)
        with self._lock:
            found = self._made.get(slot)
        if found is not None and found[0]() is tl:
            return found[1]
        value = self._make(tl, key)  # (outside the lock: it may take seconds)
        with self._lock:
            found = self._made.get(slot)
            if found is not None and found[0]() is tl:  # (made meanwhile on another thread)
                return found[1]
            self._keep(slot, tl, value)
        return value

    def _keep(self, slot: tuple[int, K], tl: Timeline, value: V) -> None:
        """Keep ``value`` in ``slot`` while ``tl`` lives (the lock held)."""
        self._made[slot] = (weakref.ref(tl, lambda _ref: self._forget(slot)), value)

    def peek(self, tl: Timeline, key: K) -> V | None:
        """The value kept for ``tl`` and ``key``, or ``None`` when none is made yet (none is made
        here)."""
        with self._lock:
            found = self._made.get((id(tl), key))
        return found[1] if found is not None and found[0]() is tl else None

    def carry(self, old: Timeline, new: Timeline) -> None:
        """Keep for ``new`` every value kept for ``old`` (for a caller that knows they are
        the same for both), unless ``new`` has its own already."""
        with self._lock:
            found = [
                (key, value)
                for (tl_id, key), (ref, value) in self._made.items()
                if tl_id == id(old) and ref() is old
            ]
            for key, value in found:
                mine = self._made.get((id(new), key))
                if mine is None or mine[0]() is not new:
                    self._keep((id(new), key), new, value)

    def _forget(self, slot: tuple[int, K]) -> None:
        with self._lock:
            self._made.pop(slot, None)

    def __len__(self) -> int:
        """How many values are kept (for tests)."""
        with self._lock:
            return len(self._made)
