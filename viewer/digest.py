"""What the viewer shows about a whole timeline, made once per timeline, not per frame or widget.

The filter bar lists the tags with their counts and the statuses present, the
canvas colours the tags by use, and the ghosts of sources that report another
date are looked for among the events that cite a source.  Each of these is a
pass over the events; :func:`digest_of` makes them once per timeline and keeps
them while the timeline lives (:class:`viewer.memo.PerTimeline`), and
:func:`prepare_view` makes them, with the bounds and the span index the first
frame needs, on the loader's worker thread, before the timeline is shown.

No Qt here.
"""

from __future__ import annotations

from collections import Counter
from itertools import chain, compress
from operator import attrgetter

import attrs

from timeline.models import Status, Timeline
from viewer.memo import PerTimeline
from viewer.viewport import EventBounds

__all__ = ["Digest", "digest_of", "prepare_view"]


@attrs.frozen
class Digest:
    """A timeline's tags with their counts, its statuses, and which of its events cite sources."""

    tags: tuple[tuple[str, int], ...]
    """Every tag used and how many events have it, most used first (then by name), as
    :meth:`Timeline.tags` orders them."""
    statuses: frozenset[Status]
    """The statuses some event has."""
    citing: tuple[int, ...]
    """The positions of the events that cite at least one source, in order."""

    @classmethod
    def of(cls, tl: Timeline) -> Digest:
        """The digest of ``tl``: three passes over its events at C speed."""
        events = tl.events
        counts = Counter(chain.from_iterable(map(attrgetter("tags"), events)))
        return cls(
            tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0]))),
            frozenset(map(attrgetter("status"), events)),
            tuple(compress(range(len(events)), map(attrgetter("sources"), events))),
        )

    def tag_names(self) -> list[str]:
        """The tags, most used first."""
        return [tag for tag, _ in self.tags]


_DIGESTS: PerTimeline[None, Digest] = PerTimeline(lambda tl, _: Digest.of(tl))


def digest_of(tl: Timeline) -> Digest:
    """The digest of ``tl``, made on first use and kept while ``tl`` lives."""
    return _DIGESTS(tl, None)


def prepare_view(tl: Timeline, zone: str | None) -> None:
    """Make what the first frame of ``tl`` on the clock of ``zone`` needs (a loader's worker
    calls this): its digest, its bounds and its span index on that clock."""
    digest_of(tl)
    EventBounds.of(tl, zone)
    tl.index_in(zone)
