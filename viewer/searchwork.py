"""What the search and the filters keep, worked out without Qt (on a worker for a big timeline).

A :class:`Query` is what the filter bar asks: the search's text, a tag, a status.
:func:`find` answers it for one timeline with a :class:`Found`: the ids the tag and
status filters keep, those of them the search keeps, and the positions of both in
the timeline, ascending (what the event list, the canvas and the match count read,
so that none of them looks an id up).  By the library's one search rule
(:func:`timeline.ops.matching_positions`).

At a million events a search is about 0.7 s of Arrow's matching and the ids and
positions of its matches more: :class:`viewer.searchjob.SearchJobs` runs
:func:`find` on a worker, and ``stop`` lets it give up between its steps once a
newer query has come (:class:`StaleSearchError`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs

from timeline.columns import ids_at
from timeline.models import Status, Timeline
from viewer.find import Known, Matches
from viewer.sceneparts import Shown
from viewer.viewport import EventBounds

__all__ = ["Found", "Query", "StaleSearchError", "find"]


class StaleSearchError(Exception):
    """A search gave up: a newer query came while it ran."""


@attrs.frozen
class Query:
    """What the filter bar asks: the search box's ``text``, a ``tag`` and a ``status``
    (``None``: any)."""

    text: str = ""
    tag: str | None = None
    status: str | None = None

    @property
    def words(self) -> str:
        """The search's words, case-folded, one space between ("": no search)."""
        return " ".join(self.text.casefold().split())

    def keeps_all(self) -> bool:
        """Whether nothing is filtered nor searched (then :func:`find` has nothing to do)."""
        return not self.words and self.tag is None and self.status is None


@attrs.frozen(eq=False)
class Found:
    """The answer to ``query`` for ``tl``.

    ``shown``: the ids the tag and status filters keep (``None``: every event), at
    ``shown_positions``; ``ids``: those of them the search keeps (``shown`` itself
    when there is no search), at ``positions``.  Positions are ascending.
    """

    tl: Timeline | None
    query: Query
    shown: frozenset[str] | None = None
    shown_positions: Sequence[int] | None = None
    ids: frozenset[str] | None = None
    positions: Sequence[int] | None = None
    made: Shown | None = None
    """The events of ``shown`` as the canvas and the overview strip show them, made here
    (their span index and sorted bounds on one clock: :class:`viewer.sceneparts.Shown`)."""

    def matches(self) -> Matches:
        """The search's matches (none when there is no search)."""
        if not self.query.words or self.positions is None:
            return Matches()
        return Matches(tuple(self.positions))

    def known(self) -> tuple[Known | None, Known | None]:
        """The positions of ``shown`` and of ``ids`` with the timeline they are in, for the
        views (:func:`viewer.find.positions_of`)."""
        tl = self.tl
        if tl is None:
            return None, None
        shown, found = self.shown_positions, self.positions
        return (None if shown is None else (tl, shown)), (None if found is None else (tl, found))

    def same_filters(self, query: Query) -> bool:
        """Whether ``query`` has this one's tag and status (its ``shown`` holds for it)."""
        return (query.tag, query.status) == (self.query.tag, self.query.status)


def _never() -> bool:
    return False


def find(
    tl: Timeline | None,
    query: Query,
    *,
    before: Found | None = None,
    stop: Callable[[], bool] = _never,
    zone: str | None = None,
    make: bool = False,
) -> Found:
    """What ``query`` keeps of ``tl``.

    ``before``: an earlier answer; when it is for the same timeline and filters, its
    ``shown`` is kept (the same object: the views see that the filters did not change).
    ``stop`` is asked between the steps; when it says so, :class:`StaleSearchError` is raised.
    ``make``: make :attr:`Found.made` too, on the clock of ``zone`` (what the views would
    make of ``shown``: on a worker, so that they do not).
    """
    if tl is None or query.keeps_all():
        return Found(tl, query)
    from timeline.ops import matching_positions  # (imported by the first filter or search)

    made: Shown | None = None
    if before is not None and before.tl is tl and before.same_filters(query):
        shown, shown_positions, made = before.shown, before.shown_positions, before.made
    else:
        status = None if query.status is None else Status(query.status)
        shown_positions = matching_positions(tl, tag=query.tag, status=status)
        _check(stop)
        shown = _ids(tl, shown_positions)
    bounds = EventBounds.of(tl, zone) if make and shown_positions is not None else None
    if bounds is not None and shown_positions is not None and not _made_from(made, bounds):
        _check(stop)
        made = Shown.of_positions(tl, bounds, shown_positions)
    _check(stop)
    if not query.words:
        return Found(tl, query, shown, shown_positions, shown, shown_positions, made)
    status = None if query.status is None else Status(query.status)
    found = matching_positions(tl, text=query.text, tag=query.tag, status=status)
    positions = range(len(tl.events)) if found is None else found  # (words given: never None)
    _check(stop)
    return Found(tl, query, shown, shown_positions, _ids(tl, positions), positions, made)


def _made_from(made: Shown | None, bounds: EventBounds) -> bool:
    return made is not None and made.made_from(bounds)


def _ids(tl: Timeline, positions: Sequence[int] | None) -> frozenset[str] | None:
    """The ids of the events at ``positions`` (``None``: all, as ``None``)."""
    if positions is None:
        return None
    return frozenset(ids_at(tl.events, positions))


def _check(stop: Callable[[], bool]) -> None:
    if stop():
        raise StaleSearchError
