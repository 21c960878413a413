"""Finding an event to link to by what the user types, without Qt.

The related-event chooser of the event form (:mod:`viewer.eventchooser`)
narrows its list as the user types: :class:`EventFinder` keeps, for each event
of a timeline in time order, its title and id folded to lower case (made on the
first search from the titles and ids alone, so a timeline held as columns makes
no event: a few hundredths of a second for 100,000 events) and finds the events
whose title or id holds every word typed, in any case, anywhere ("safe city",
"mega"; the dates are not searched).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, NamedTuple

from timeline.columns import ids_of, titles_of
from timeline.models import Event

__all__ = ["SHOWN", "EventFinder", "Found"]

SHOWN: Final = 50
"""Events a search gives at most (the first in time order); the others are counted."""


class Found(NamedTuple):
    """What a search found: the positions of the first events found, and how many in all."""

    positions: list[int]
    """Positions in the events given to the finder (time order), at most ``limit``."""
    total: int


class EventFinder:
    """The events of a sequence (a timeline's, in time order) found by words of title or id."""

    def __init__(self, events: Sequence[Event]) -> None:
        self._events = events
        self._texts: list[str] | None = None
        self._last: tuple[tuple[str, ...], list[int]] | None = None
        """The words of the last search and every position found (asked again as the form
        is checked after each key)."""

    def _haystack(self) -> list[str]:
        if self._texts is None:
            events = self._events
            self._texts = [
                f"{title}\n{event_id}".casefold()
                for title, event_id in zip(titles_of(events), ids_of(events), strict=True)
            ]
        return self._texts

    def find(self, text: str, limit: int = SHOWN) -> Found:
        """The events holding every word of ``text`` in their title or id (none typed: all)."""
        words = tuple(text.casefold().split())
        if not words:
            n = len(self._events)
            return Found(list(range(min(n, limit))), n)
        if self._last is not None and self._last[0] == words:
            hits = self._last[1]
        else:
            texts = self._haystack()
            first, *rest = words
            hits = [i for i, t in enumerate(texts) if first in t]
            for word in rest:
                hits = [i for i in hits if word in texts[i]]
            self._last = (words, hits)
        return Found(hits[:limit], len(hits))
