"""What an event form offers of a whole timeline, made once per timeline, off the GUI thread.

The form's link kinds are the kinds of link some event has, and its list of days that
relative words count from names every source with a published date.  At ten million
events and 25,000 sources they cost the first form of a file 0.22 s (the links column
read whole) and 0.16 s (every source's date described), on the GUI thread.  Kept per
timeline (:class:`viewer.memo.PerTimeline`), they are made by the loader's worker once a
timeline's first frame is painted (:func:`prepare_form`, a follow-up of
:func:`viewer.warmup.prepare_loads`), so the first form finds them made; an edit that
keeps the sources keeps the references (:func:`carry_references`).

No Qt here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from timeline.columns import EventColumns, link_kinds_of
from viewer.goto import Reference, source_references
from viewer.memo import PerTimeline

if TYPE_CHECKING:
    from timeline.models import Timeline

__all__ = ["carry_references", "link_kinds", "listed_references", "prepare_form"]

_KINDS: PerTimeline[None, list[str]] = PerTimeline(lambda tl, _: link_kinds_of(tl.events))
_LISTED: PerTimeline[str, list[Reference]] = PerTimeline(
    lambda tl, locale: source_references(tl.sources, locale)
)


def link_kinds(tl: Timeline) -> list[str]:
    """The kinds of link some event of ``tl`` has, sorted (:func:`timeline.columns.link_kinds_of`),
    made on first use and kept while ``tl`` lives."""
    return _KINDS(tl, None)


def listed_references(tl: Timeline, locale: str = "en") -> list[Reference]:
    """The :func:`viewer.goto.source_references` of ``tl``'s sources, made on first use and
    kept while ``tl`` lives."""
    return _LISTED(tl, locale)


def carry_references(old: Timeline, new: Timeline) -> None:
    """Have ``new``, an edit of ``old``, take its references when their sources are equal
    (an edit makes a new tuple of the same sources: described again, 25,000 of them, for
    the first form after every edit)."""
    if new.sources == old.sources:
        _LISTED.carry(old, new)


def prepare_form(tl: Timeline) -> None:
    """Make what an event form offers of ``tl`` (a loader's worker calls this once its first
    frame is painted): the link kinds of a timeline held as columns (read from its links
    column; of events held whole, a pass over every one, left to the first form), and the
    sources' references."""
    if isinstance(tl.events, EventColumns):
        link_kinds(tl)
    listed_references(tl)
