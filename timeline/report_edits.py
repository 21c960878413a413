"""The disagreeing reports of an edited timeline, edited from those of the timeline before.

A viewer draws the *ghost* of each event that a source reports at another date
(:func:`timeline.columns.disagreeing_reports`): a pass over every citation.  At ten
million events that pass is seconds (11 s for an edit's columns, whose reports are read
one by one), and an edit that takes an event out, puts one in or moves one renumbers the
positions the reports are kept by, so the reports of the timeline before could not be
kept as they were.  :func:`edited_reports` keeps them instead: the reports of the events
taken out dropped, the others renumbered (:class:`timeline._index_parts.Renumbering`, at C
speed), and the reports of the events put in found in those events alone.  The result is
the :func:`~timeline.columns.disagreeing_reports` of the edited timeline's events, as
tests/test_report_edits.py checks.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, MutableSequence, Sequence
from itertools import pairwise
from operator import itemgetter
from typing import TYPE_CHECKING, TypeVar

from timeline._index_parts import Renumbering
from timeline.columns import Ghosts, first_report
from timeline.days import is_timed, local_bounds

if TYPE_CHECKING:
    from timeline.edit import Change
    from timeline.models import Event, Timeline
    from timeline.when import When

__all__ = ["edited_reports", "reports_after"]

T = TypeVar("T")


def reports_after(reports: Ghosts, old: Timeline, new: Timeline, change: Change) -> Ghosts:
    """The reports of ``new``, made of ``old`` by ``change`` (as made: its removed events are
    ``old``'s, its added ones ``new``'s; an undo's is the change's inverse), edited from
    ``reports``, those of ``old`` (:func:`edited_reports`)."""
    taken = [old.position(event.id) for event in change.removed_events]
    put = [(new.position(event.id), event) for event in change.added_events]
    return edited_reports(reports, len(old), taken, put)


def edited_reports(
    reports: Ghosts, count: int, taken: Sequence[int], put: Sequence[tuple[int, Event]]
) -> Ghosts:
    """The reports of a timeline of ``count`` events whose reports are ``reports``, once the
    events at the positions ``taken`` (of those ``count``) are taken out and the events of
    ``put`` put in, each at its position in the edited timeline (an event moved is taken
    out and put in).  The other events' reports are kept, renumbered, their dates made when
    first read as before; only the events put in are read.

    O(r) at C speed for ``r`` reports and O(k log r) for ``k`` events taken out or put in.
    """
    gone = sorted(taken)
    puts = sorted(put, key=itemgetter(0))
    positions = reports.positions
    n = len(reports)
    dropped = []  # (the reports of the events taken out: one bisection each)
    for p in gone:
        j = bisect_left(positions, p)
        if j < n and positions[j] == p:
            dropped.append(j)
    runs = [(a + 1, b) for a, b in pairwise([-1, *dropped, n])]
    kept = _joined(positions, runs, array("q"))
    if gone or puts:
        kept = Renumbering(count, gone, [p for p, _ in puts]).kept(kept)
    found: list[tuple[int, str, When]] = []
    for p, event in puts:
        report = first_report(event)
        if report is not None:
            found.append((p, *report))
    at = [bisect_left(kept, p) for p, _, _ in found]  # (ascending, as ``found`` is)
    whens = [when for _, _, when in found]
    bounds = [local_bounds(when) for when in whens]
    origin = _spliced(_joined(range(n), runs, array("q")), at, range(-1, -len(found) - 1, -1))
    lowers, uppers = reports.bounds

    def make(k: int) -> When:
        o = origin[k]  # (an old report's index, or ~ the index of one found)
        return reports.when(o) if o >= 0 else whens[~o]

    return Ghosts(
        _spliced(kept, at, [p for p, _, _ in found]),
        _spliced(_joined(reports.sources, runs, []), at, [s for _, s, _ in found]),
        (
            _spliced(_joined(lowers, runs, array("d")), at, [lo for lo, _ in bounds]),
            _spliced(_joined(uppers, runs, array("d")), at, [hi for _, hi in bounds]),
        ),
        _spliced(_joined(reports.timed, runs, []), at, [is_timed(when) for when in whens]),
        make,
    )


def _joined(
    items: Sequence[T], runs: Sequence[tuple[int, int]], out: MutableSequence[T]
) -> MutableSequence[T]:
    """The items of ``runs`` (start, end) of ``items``, joined in ``out``."""
    extend: Callable[[Sequence[T]], object] = out.extend
    for start, end in runs:
        extend(items[start:end])
    return out


def _spliced(
    items: MutableSequence[T], at: Sequence[int], values: Sequence[T]
) -> MutableSequence[T]:
    """``items`` with each of ``values`` put in before item ``at[i]`` (ascending) of them:
    ``items`` itself when there is none, else a new sequence of its type (one pass)."""
    if not at:
        return items
    out = items[:0]
    for (start, end), value in zip(pairwise([0, *at]), values, strict=True):
        out.extend(items[start:end])
        out.append(value)
    out.extend(items[at[-1] :])
    return out
