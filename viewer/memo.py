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

    Thread-safe, and made once: a thread asking for a value that another thread is making
    waits for it and is answered with that one (what a worker made and what the GUI thread
    asks for of the same timeline are the same object, as the views check:
    :meth:`viewer.sceneparts.Shown.made_from`; and at ten million events a lane index made
    twice at once was a second of CPU and a few hundred MB more).  A thread asking again
    for a value it is making itself makes it (no wait on itself).

    :meth:`carry` keeps for a timeline the values of another, those made and those made
    later (an edit's timeline asked for its lane index while the loader's worker still
    makes the one of the timeline before: the worker's is waited for, not made again).
    """

    def __init__(self, make: Callable[[Timeline, K], V]) -> None:
        self._make = make
        self._made: dict[tuple[int, K], tuple[weakref.ref[Timeline], V]] = {}
        self._making: dict[tuple[int, K], tuple[int, threading.Event]] = {}
        """The values being made: by whom (the thread's ident), and set once made."""
        self._carried: dict[int, tuple[weakref.ref[Timeline], weakref.ref[Timeline]]] = {}
        """By timeline: itself, and the timeline whose values it takes (:meth:`carry`)."""
        self._lock = threading.Lock()

    def __call__(self, tl: Timeline, key: K) -> V:
        slot = (id(tl), key)
        me = threading.get_ident()
        while True:
            with self._lock:
                found = self._made.get(slot)
                if found is not None and found[0]() is tl:
                    return found[1]
                making = self._making.get(slot)
                if making is None or making[0] == me:
                    done = threading.Event()
                    if making is None:
                        self._making[slot] = (me, done)
                    source = self._source_of(tl) if making is None else None
                    break
            making[1].wait()  # (another thread makes it: its value, once kept)
        try:
            # (outside the lock: it may take seconds)
            value = self(source, key) if source is not None else self._make(tl, key)
            with self._lock:
                found = self._made.get(slot)
                if found is not None and found[0]() is tl:  # (made meanwhile: that one kept)
                    value = found[1]
                else:
                    self._keep(slot, tl, value)
        finally:
            with self._lock:
                if making is None:
                    self._making.pop(slot, None)
            done.set()  # (a failure too: a thread that waited makes it, or fails, itself)
        return value

    def _source_of(self, tl: Timeline) -> Timeline | None:
        """The timeline whose values ``tl`` takes (:meth:`carry`), if alive (the lock held)."""
        carried = self._carried.get(id(tl))
        if carried is None:
            return None
        if carried[0]() is not tl:
            del self._carried[id(tl)]  # (another timeline's, gone)
            return None
        return carried[1]()

    def _keep(self, slot: tuple[int, K], tl: Timeline, value: V) -> None:
        """Keep ``value`` in ``slot`` while ``tl`` lives (the lock held)."""
        self._made[slot] = (weakref.ref(tl, lambda _ref: self._forget(slot)), value)

    def peek(self, tl: Timeline, key: K) -> V | None:
        """The value kept for ``tl`` and ``key``, or ``None`` when none is made yet (none is made
        here): one made for ``tl``, or since for a timeline it takes its values from
        (:meth:`carry`), then kept for ``tl`` too."""
        with self._lock:
            at: Timeline | None = tl
            seen: set[int] = set()
            while at is not None and id(at) not in seen:  # (carries form no ring: a guard)
                found = self._made.get((id(at), key))
                if found is not None and found[0]() is at:
                    if at is not tl:
                        self._keep((id(tl), key), tl, found[1])
                    return found[1]
                seen.add(id(at))
                at = self._source_of(at)
        return None

    def keep(self, tl: Timeline, key: K, value: V) -> None:
        """Keep ``value`` for ``tl`` and ``key`` (made by a caller that knows it is the one
        ``make`` would make), unless one is kept already."""
        with self._lock:
            found = self._made.get((id(tl), key))
            if found is None or found[0]() is not tl:
                self._keep((id(tl), key), tl, value)

    def carry(self, old: Timeline, new: Timeline) -> None:
        """Keep for ``new`` every value kept for ``old`` (for a caller that knows they are
        the same for both), unless ``new`` has its own already; and those made for ``old``
        later, when ``new`` asks for them."""
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
            for tl_id, (ref, _) in list(self._carried.items()):
                if ref() is None:
                    del self._carried[tl_id]
            if not self._reaches(old, new):  # (never a ring: two threads would wait on each other)
                self._carried[id(new)] = (weakref.ref(new), weakref.ref(old))

    def _reaches(self, tl: Timeline, other: Timeline) -> bool:
        """Whether ``tl`` is ``other`` or takes its values from it, through the carried (the
        lock held)."""
        seen: set[int] = set()
        at: Timeline | None = tl
        while at is not None and id(at) not in seen:
            if at is other:
                return True
            seen.add(id(at))
            at = self._source_of(at)
        return False

    def _forget(self, slot: tuple[int, K]) -> None:
        with self._lock:
            self._made.pop(slot, None)

    def __len__(self) -> int:
        """How many values are kept (for tests)."""
        with self._lock:
            return len(self._made)
