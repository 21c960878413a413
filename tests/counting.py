"""A timeline whose events count how often they are read: what a million-event view must not do.

A column-backed timeline makes each :class:`~timeline.models.Event` when it is
read; a view that reads every event (a pass over ``tl.events``) makes them all.
:func:`counting` gives a timeline's events a :class:`CountingEvents` that
records each position read and each pass, so that a test can say that
showing a timeline reads only the events drawn.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import overload

from timeline.models import Event, Timeline

__all__ = ["CountingEvents", "counting"]


class CountingEvents(Sequence[Event]):
    """A timeline's events, with the positions read (``read``) and the passes (``passes``)."""

    def __init__(self, events: Sequence[Event]) -> None:
        self._events = tuple(events)
        self.read: set[int] = set()
        self.passes = 0

    def __len__(self) -> int:
        return len(self._events)

    @overload
    def __getitem__(self, index: int) -> Event: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Event]: ...
    def __getitem__(self, index: int | slice) -> Event | Sequence[Event]:
        if isinstance(index, slice):
            self.passes += 1
            return self._events[index]
        self.read.add(index % len(self._events))
        return self._events[index]

    def __iter__(self) -> Iterator[Event]:
        self.passes += 1
        return iter(self._events)

    def reset(self) -> None:
        """Forget what was read so far."""
        self.read.clear()
        self.passes = 0


def counting(tl: Timeline) -> CountingEvents:
    """Make ``tl``'s events a :class:`CountingEvents` (in place); return it."""
    events = CountingEvents(tl.events)
    object.__setattr__(tl, "events", events)
    return events
