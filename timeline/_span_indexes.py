"""The span indexes of one timeline, by zone, made on first use; an edited timeline's taken
from the one it was edited from, when that one's is made by then.

An edit of a few events edits the indexes made of the timeline before
(:meth:`~timeline.index.SpanIndex.edited`: hundredths of a second at a million events,
where building one takes about a second, ten at ten million). An index the timeline
before did not have yet at the edit (the viewer's loader makes it on a worker after the
first frame, and the user may edit first) is taken from it later, when the edited timeline
asks for its own and that one's is made by then: the edit is told again to it, not the
index built anew (for a title edited, the very same index).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from timeline.index import SpanIndex

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["SpanIndexes", "Spans"]

Spans = Callable[
    [str | None], tuple[Sequence[tuple[int, float, float]], Sequence[tuple[int, float, float]]]
]
"""``spans(tz)``: an edit's spans removed and added, by position (:meth:`SpanIndex.edited`),
on the local days of ``tz`` (``None``: each event's own zone)."""


class SpanIndexes:
    """A timeline's span indexes by zone (``None``: each event's own), as made so far.

    Two threads asking at once may each build one (equal): the last is kept.
    """

    __slots__ = ("__weakref__", "_before", "_made", "_objects", "_spans")

    def __init__(
        self,
        made: dict[str | None, SpanIndex] | None = None,
        before: SpanIndexes | None = None,
        spans: Spans | None = None,
    ) -> None:
        self._made: dict[str | None, SpanIndex] = {} if made is None else made
        self._before = None if before is None else weakref.ref(before)
        """The indexes of the timeline this one was edited from (while it lives)."""
        self._spans = spans
        """That edit's spans (with :attr:`_before`)."""
        self._objects: tuple[Sequence[Any], npt.NDArray[np.object_]] | None = None

    def __reduce__(self) -> tuple[type[SpanIndexes], tuple[dict[str | None, SpanIndex]]]:
        """Pickled (or copied) with those made alone: a timeline unpickled stands alone."""
        return (SpanIndexes, (dict(self._made),))

    def made(self, tz: str | None) -> SpanIndex | None:
        """The index of ``tz`` if it is made (none is made here)."""
        return self._made.get(tz)

    def get(
        self, tz: str | None, keys: Callable[[], tuple[Sequence[float], Sequence[float]]]
    ) -> SpanIndex:
        """The index of ``tz``: made, taken from the timeline edited from, or built of
        ``keys()`` (lowers, uppers by position), and kept."""
        found = self._made.get(tz)
        if found is None:
            found = self._taken(tz)
            if found is None:
                found = SpanIndex(*keys())
            self._made[tz] = found
        return found

    def _taken(self, tz: str | None) -> SpanIndex | None:
        """The index of ``tz`` made of the one of the timeline edited from, if that one is
        made (or can be taken so itself); ``None`` otherwise."""
        before = None if self._before is None else self._before()
        if before is None or self._spans is None:
            return None
        base = before._made.get(tz)
        if base is None:
            base = before._taken(tz)
            if base is None:
                return None
            before._made[tz] = base
        return base.edited(*self._spans(tz))

    def objects(self, events: Sequence[Any], *, filled: bool = True) -> npt.NDArray[np.object_]:
        """``events`` (the timeline's) in a numpy array, from which a query on a big index
        picks its answer by its positions (:meth:`SpanIndex.overlapping_array`): made on
        first use and kept, 8 bytes an event.  ``filled=False`` (events made when first
        asked for): ``None`` in each place, for the caller to fill with those it makes."""
        made = self._objects
        if made is None or made[0] is not events:
            import numpy as np

            held = (
                np.fromiter(events, object, len(events))
                if filled
                else np.empty(len(events), object)
            )
            made = self._objects = (events, held)
        return made[1]

    def edited(self, spans: Spans) -> SpanIndexes:
        """The indexes after an edit whose spans are ``spans``: those made, edited now; the
        others taken from these when asked for, if made by then."""
        made = {tz: index.edited(*spans(tz)) for tz, index in list(self._made.items())}
        return SpanIndexes(made, self, spans)
