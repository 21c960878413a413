"""Search matches and stepping through them (F3 / Shift+F3), without Qt.

The window finds the events a search matches (the library's rules: every
word in the id, title, summary, tags, places, people or quotes) and keeps
them in a :class:`Matches`: their positions in the timeline (chronological
order), and which one is current.  Stepping goes from the selected event to
the next (or previous) match in time, wrapping round at the ends, as a
browser's Find does; the label says "2 of 5".

The views show the events a filter keeps by position too: :func:`positions_of`
finds them from their ids, or takes them as the search found them (:data:`Known`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable, Sequence
from itertools import compress
from typing import TypeAlias

import attrs

from timeline.columns import ids_of
from timeline.models import Timeline

__all__ = ["Ids", "Known", "Matches", "positions_of"]

Ids: TypeAlias = frozenset[str] | None
"""The ids of the events a filter keeps (``None``: every event)."""

Known: TypeAlias = tuple[Timeline, Sequence[int]]
"""The positions of a filter's events, ascending, with the timeline they are positions in
(as :func:`viewer.searchwork.find` found them: no id looked up again)."""


def positions_of(tl: Timeline, ids: Collection[str], known: Known | None = None) -> Sequence[int]:
    """The positions in ``tl`` of the events with ``ids`` (those it has), ascending:
    ``known``'s when they are positions in ``tl``."""
    if known is not None and known[0] is tl:
        return known[1]
    n = len(tl.events)
    if len(ids) * 8 >= n:  # many: one pass over the ids, no sort
        return list(compress(range(n), map(ids.__contains__, ids_of(tl.events))))
    return sorted(tl.position(i) for i in ids if i in tl)


@attrs.frozen
class Matches:
    """The positions of the matching events, in order, and the current one (an index or None).

    >>> m = Matches.of([7, 2, 5])
    >>> m.positions, m.label()
    ((2, 5, 7), '3 matches')
    >>> m.step(+1, 5).label()
    '3 of 3'
    """

    positions: tuple[int, ...] = ()
    current: int | None = None

    @classmethod
    def of(cls, positions: Iterable[int]) -> Matches:
        """The matches at ``positions`` (any order, repeats ignored); none is current."""
        return cls(tuple(sorted(set(positions))))

    def __len__(self) -> int:
        return len(self.positions)

    def __contains__(self, pos: object) -> bool:
        return self.index_of(pos) is not None

    def index_of(self, pos: object) -> int | None:
        """The index of the match at position ``pos`` (``None``: not a match)."""
        if not isinstance(pos, int):
            return None
        i = bisect_left(self.positions, pos)
        return i if i < len(self.positions) and self.positions[i] == pos else None

    def current_position(self) -> int | None:
        """The position of the current match (``None``: none is current)."""
        return None if self.current is None else self.positions[self.current]

    def first(self) -> Matches:
        """The first match (in time) made current; unchanged when there is none."""
        return attrs.evolve(self, current=0) if self.positions else self

    def at(self, pos: int | None) -> Matches:
        """The match at ``pos`` made current, or none when ``pos`` is not a match.

        (The selection moved: "2 of 5" follows it.)
        """
        return attrs.evolve(self, current=None if pos is None else self.index_of(pos))

    def step(self, direction: int, pos: int | None) -> Matches:
        """The next (``direction`` > 0) or previous match from position ``pos``, wrapping.

        From no position (``None``), the first or the last match.
        """
        n = len(self.positions)
        if n == 0:
            return self
        forward = direction > 0
        if pos is None:
            index = 0 if forward else n - 1
        elif forward:
            index = bisect_right(self.positions, pos) % n
        else:
            index = (bisect_left(self.positions, pos) - 1) % n
        return attrs.evolve(self, current=index)

    def label(self) -> str:
        """ "2 of 5" (the current match), "5 matches" (none current), "1 match" or "no matches"."""
        n = len(self.positions)
        if n == 0:
            return "no matches"
        if self.current is not None:
            return f"{self.current + 1} of {n}"
        return "1 match" if n == 1 else f"{n} matches"
