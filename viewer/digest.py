"""What the viewer shows about a whole timeline, made once per timeline, not per frame or widget.

The filter bar lists the tags with their counts and the statuses present, the
canvas colours the tags by use, and draws the ghosts of sources that report
another date.  Each of these is a question about every event, answered from the
columns of a column-backed timeline (:mod:`timeline.columns`: no ``Event``
made) or by a pass over the events; :func:`digest_of` makes them once per timeline and keeps
them while the timeline lives (:class:`viewer.memo.PerTimeline`), and
:func:`prepare_view` makes them, with the bounds and the span index the first
frame needs, on the loader's worker thread, before the timeline is shown.

No Qt here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from timeline.columns import (
    Ghosts,
    disagreeing_reports,
    statuses_of,
    tag_counts_of,
)
from timeline.models import Status, Timeline
from timeline.parquet_io import is_complete
from timeline.report_edits import reports_after
from viewer.memo import PerTimeline
from viewer.viewport import EventBounds, shares_keys

if TYPE_CHECKING:
    from timeline.edit import Change

__all__ = [
    "Digest",
    "carry_reports",
    "digest_of",
    "edit_reports",
    "has_reports",
    "keeps_reports",
    "prepare_index",
    "prepare_lookup",
    "prepare_reports",
    "prepare_view",
    "reports_of",
]


class Digest:
    """A timeline's tags with their counts, and its statuses (keys: what the first frame
    needs), made at once. The reports that disagree with their events' dates are kept on
    their own (:func:`reports_of`): an edit can keep them when it changes the tags."""

    __slots__ = ("statuses", "tags")

    def __init__(self, tags: tuple[tuple[str, int], ...], statuses: frozenset[Status]) -> None:
        self.tags = tags
        """Every tag used and how many events have it, most used first (then by name), as
        :meth:`Timeline.tags` orders them."""
        self.statuses = statuses
        """The statuses some event has."""

    @classmethod
    def of(cls, tl: Timeline) -> Digest:
        """The digest of ``tl``: from its columns when it is held so (no event made), else a
        few passes over its events at C speed."""
        events = tl.events
        counts = tag_counts_of(events)
        return cls(
            tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0]))),
            statuses_of(events),
        )

    def tag_names(self) -> list[str]:
        """The tags, most used first."""
        return [tag for tag, _ in self.tags]


_DIGESTS: PerTimeline[None, Digest] = PerTimeline(lambda tl, _: Digest.of(tl))


def digest_of(tl: Timeline) -> Digest:
    """The digest of ``tl``, made on first use and kept while ``tl`` lives."""
    return _DIGESTS(tl, None)


_REPORTS: PerTimeline[None, Ghosts] = PerTimeline(lambda tl, _: disagreeing_reports(tl.events))


def reports_of(tl: Timeline) -> Ghosts:
    """Each event of ``tl``'s first report of another date (its ghost): the event's
    position, the source and the date it reports, in order
    (:func:`timeline.columns.disagreeing_reports`: their spans on a clock without making
    the dates, :meth:`~timeline.columns.Ghosts.spans`); made on first use (a pass over
    every citation) and kept while ``tl`` lives."""
    return _REPORTS(tl, None)


def has_reports(tl: Timeline) -> bool:
    """Whether :func:`reports_of` ``tl`` is made (asking would not make it)."""
    return _REPORTS.peek(tl, None) is not None


def keeps_reports(old: Timeline, new: Timeline, change: Change) -> bool:
    """Whether ``new`` (``old`` with ``change`` made, or taken back) has the reports of
    ``old`` at the same positions: the change kept each event's date and place
    (:func:`viewer.viewport.shares_keys`), each event's citations and the sources."""
    if not shares_keys(old, new) or change.removed_sources or change.added_sources:
        return False
    cited = {event.id: event.sources for event in change.removed_events}
    return all(cited.get(event.id) == event.sources for event in change.added_events)


def carry_reports(old: Timeline, new: Timeline) -> None:
    """Have ``new`` take the disagreeing reports of ``old``, made or to be made, for a caller
    that knows they are the same (:func:`keeps_reports`; an edit's timeline at ten million
    events: a pass over 15 million citations, 1.3 s and 0.26 GB on a worker, not made
    again while the loader's worker makes the ones of the timeline before)."""
    _REPORTS.carry(old, new)


def edit_reports(old: Timeline, new: Timeline, change: Change) -> None:
    """Have ``new`` (``old`` with ``change`` made: an undo's is its inverse) take the reports
    of ``old``, once made, edited (:func:`timeline.report_edits.reports_after`: the others
    renumbered, those of the events put in found): a change that moves an event, takes one
    out or puts one in renumbers them (at ten million events a pass over every citation
    to find them again, 11 s on a worker, was made for each such edit)."""
    reports = _REPORTS.peek(old, None)
    if reports is not None and _REPORTS.peek(new, None) is None:
        _REPORTS.keep(new, None, reports_after(reports, old, new, change))


def prepare_view(tl: Timeline, zone: str | None) -> None:
    """Make what the first frame of ``tl`` on the clock of ``zone`` needs (a loader's worker
    calls this): its digest, its bounds and its span index on that clock. Of a phased load
    not complete yet (:func:`timeline.is_complete`: the loader judged that its first frame
    counts its events, :data:`viewer.loader.DRAWN_UNDER`), what that frame needs: the
    digest's tags and statuses, the bounds (its ghosts are made once it is complete,
    :func:`viewer.scene.prepare_lanes`; its index after the frame, :func:`prepare_index`:
    0.4 s at a million events)."""
    digest_of(tl)
    EventBounds.of(tl, zone)
    if is_complete(tl):
        reports_of(tl)
        tl.index_in(zone)


def prepare_index(tl: Timeline, zone: str | None) -> None:
    """Make the span index of ``tl`` on the clock of ``zone`` (a loader's worker calls this
    once the first frame is painted; made before it unless it was a phased load's)."""
    tl.index_in(zone)


def prepare_reports(tl: Timeline) -> None:
    """Find the reports of ``tl`` that disagree with their events' dates (a pass over every
    citation: the lane index widens each event to its ghost), which a loader's worker makes
    once the first frame is painted."""
    reports_of(tl)


def prepare_lookup(tl: Timeline) -> None:
    """Make the lookup of ``tl``'s events by id (a map of every id: about half a second at a
    million events held as columns), which the first click or search needs and the first
    frame does not (a loader's worker calls this once that frame is painted)."""
    "" in tl  # noqa: B015 -- (made on first use)
