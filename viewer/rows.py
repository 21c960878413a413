"""Which event each row of the event list shows, without Qt and without a pass over the events.

The list shows the events that pass the filter (all, or a set of ids), in
chronological order until a column is sorted.  :class:`RowOrder` maps rows to
positions in :attr:`Timeline.events` and back.  Unfiltered and unsorted (a
timeline as it opens) it is a ``range``: nothing is made per event, so a
million-event list costs nothing until a row is drawn, and an event's row is
its position.  A filter costs its ids; a sort (a click on a header) reads the
events of the rows, as a sort must.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from timeline.columns import Brief, brief, ids_at, titles_at, whens_at
from timeline.models import Event, Timeline
from viewer.find import Known, positions_of

__all__ = ["DATE", "STATUS", "TAGS", "TITLE", "RowOrder", "tags_text"]

DATE, TITLE, STATUS, TAGS = range(4)
"""The columns of the list."""

SortKey = Callable[[Event | Brief], Any]


def tags_text(event: Event | Brief, isolate: Callable[[str], str]) -> str:
    """The tags column's text: the tags, each isolated (:func:`viewer.details.isolate`)."""
    return ", ".join(isolate(t) for t in event.tags)


def _keys(isolate: Callable[[str], str]) -> dict[int, SortKey]:
    # Date by When order (not its text), status then date, text columns case-insensitively;
    # ties keep the chronological order (the sort is stable), as Qt's sorting proxy did.
    return {
        DATE: lambda e: (e.when.sort_key, e.id),
        STATUS: lambda e: (e.status.value, e.when.sort_key),
        TITLE: lambda e: e.title.casefold(),
        TAGS: lambda e: tags_text(e, isolate).casefold(),
    }


def _sort_keys(tl: Timeline, positions: Sequence[int], column: int, key: SortKey) -> list[Any]:
    """``key`` of the event at each of ``positions``, read from what the list shows of it
    (:func:`timeline.columns.brief`), so that no event is made: at ten million events
    each event made reads its row back from the file. The titles and the dates are taken
    whole."""
    events = tl.events
    if column == TITLE:
        return [title.casefold() for title in titles_at(events, positions)]
    if column == DATE:
        whens, ids = whens_at(events, positions), ids_at(events, positions)
        return [(when.sort_key, i) for when, i in zip(whens, ids, strict=True)]
    return [key(brief(events, p)) for p in positions]


class RowOrder:
    """The positions shown, row by row: ``ids`` (``None``: all) sorted by ``column``.

    ``column`` -1 is the timeline's own (chronological) order; ``descending``
    reverses a sort.  ``isolate`` is how the tags column writes a tag (its
    text is what that column sorts by).  ``known``: the positions of ``ids``, as
    the search found them (:func:`viewer.find.positions_of`).
    """

    def __init__(
        self,
        tl: Timeline | None,
        ids: frozenset[str] | None = None,
        column: int = -1,
        *,
        descending: bool = False,
        isolate: Callable[[str], str] = str,
        known: Known | None = None,
    ) -> None:
        self.rows: Sequence[int]
        """The position of each row's event."""
        self._rows_of: dict[int, int] | None = None
        if tl is None:
            self.rows = range(0)
            return
        positions = range(len(tl.events)) if ids is None else positions_of(tl, ids, known)
        key = _keys(isolate).get(column)
        if key is None:
            self.rows = positions
            return
        keys = _sort_keys(tl, positions, column, key)
        order = sorted(range(len(keys)), key=keys.__getitem__, reverse=descending)
        self.rows = [positions[k] for k in order]

    def __len__(self) -> int:
        return len(self.rows)

    def position(self, row: int) -> int:
        """The position (in the timeline) of the event in ``row``."""
        return self.rows[row]

    def row(self, position: int) -> int | None:
        """The row of the event at ``position`` (``None``: not shown)."""
        rows = self.rows
        if isinstance(rows, range):
            return rows.index(position) if position in rows else None  # O(1) for a range
        found = self._rows_of
        if found is None:
            found = self._rows_of = {p: r for r, p in enumerate(rows)}
        return found.get(position)
