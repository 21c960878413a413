"""Chronological order of many events: by lower bound, upper bound, then id.

A timeline keeps its events in that order; building one of a million events
sorts a million keys.  What costs is not the sort but memory: the events, their
dates and the dates' bounds lie scattered over a heap of gigabytes, and every
pass over them (even one reference taken, which writes a reference count) waits
for memory at each object.  So the work is done in few passes, each at C speed:

* :func:`event_keys` reads each event once for its bounds, its citations and
  its links, and gives the bounds as *new* floats, made one after another (so
  the sort reads them from a few megabytes in order, not from all over);
* :func:`order` sorts positions by lower bound (one sort of floats, no key
  tuples: a million tuples would also wake the cyclic collector, which would
  walk the whole heap), then puts each run of equal lower bounds (the events
  of one day) in order by upper bound and id, run by run.  With numpy (for
  many events) the bounds are sorted together at C speed (``lexsort``) and
  only each run of equal lower *and* upper bounds is put in order by id: of a
  million events, 702,000 in 66,000 such runs, 0.6 s against 1.6 s.

Keys given in that order already (a file :func:`timeline.dump` wrote, read by a
column loader) are not sorted at all: :func:`in_order` finds that in one pass.

The result is the order ``sorted(range(n), key=lambda i: (lowers[i], uppers[i],
ids[i]))`` would give (a test checks it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import chain, compress, cycle, islice
from operator import attrgetter, itemgetter, le, mul, ne
from typing import Any, Final, NamedTuple, TypeVar

__all__ = [
    "ARRAYS_FROM",
    "EventKeys",
    "event_keys",
    "in_order",
    "order",
    "picked",
]

T = TypeVar("T")

ARRAYS_FROM: Final = 250_000
"""From this many events :func:`order` sorts with numpy, importing it when it is not yet
(0.27 s of CPU), fewer in Python.  The count alone chooses: the same call sorts the same
way whatever another module imported.  Sorting with numpy saves 0.1 s at 200,000 events,
0.3 s at 400,000 (about 1 µs an event at a million, where the keys lie scattered): from
250,000 a sort that imports numpy loses at most about 0.13 s, and one in Python where numpy
is imported already as much."""


def order(
    lowers: Sequence[float],
    uppers: Sequence[float],
    ids: Sequence[str],
    *,
    arrays: bool | None = None,
) -> list[int]:
    """The positions ``0..n-1`` by ``(lowers[i], uppers[i], ids[i])``.

    Ids break ties only between equal bounds (then an id compares as text).
    ``arrays``: sort the bounds with numpy (``True``; it must be installed), in
    Python (``False``), or ``None``: with numpy when it is installed and there are
    enough events for it to pay (:data:`ARRAYS_FROM`).
    """
    if arrays is None:
        arrays = len(lowers) >= ARRAYS_FROM and _installed()
    if arrays:
        import numpy

        return _by_arrays(numpy, lowers, uppers, ids)
    return _by_lists(lowers, uppers, ids)


def _installed() -> bool:
    """True when numpy can be imported (it is, then)."""
    try:
        import numpy  # noqa: F401
    except ImportError:  # pragma: no cover (numpy comes with the test environment)
        return False
    return True


def _by_arrays(
    np: Any, lowers: Sequence[float], uppers: Sequence[float], ids: Sequence[str]
) -> list[int]:
    """:func:`order` with numpy: the bounds sorted together (``lexsort``, stable), then
    each run of equal lower and upper bounds by id."""
    lower = np.asarray(lowers, np.float64)
    upper = np.asarray(uppers, np.float64)
    id_of = ids.__getitem__

    def ids_in_order(rows: Any) -> bool:
        at = rows.tolist()
        return all(map(le, map(id_of, at), map(id_of, [r + 1 for r in at])))

    if in_order(np, lower, upper, ids_in_order):  # (a timeline written in order)
        return list(range(len(lower)))
    positions = np.lexsort((upper, lower))
    found: list[int] = positions.tolist()
    if len(found) < 2:
        return found
    lower, upper = lower[positions], upper[positions]
    # where each run of equal bounds starts and ends (-0.0 equals 0.0, as in Python)
    breaks = np.flatnonzero((lower[1:] != lower[:-1]) | (upper[1:] != upper[:-1])) + 1
    edges = np.concatenate(([0], breaks, [len(positions)]))
    tied = np.diff(edges) > 1
    for start, end in zip(edges[:-1][tied].tolist(), edges[1:][tied].tolist(), strict=True):
        found[start:end] = sorted(found[start:end], key=id_of)  # (stable: as given)
    return found


def in_order(np: Any, lower: Any, upper: Any, ids_in_order: Callable[[Any], bool]) -> bool:
    """Whether rows ``0..n-1`` are in chronological order already (as :func:`timeline.dump`
    writes them), in O(n) at C speed: the lower bounds (``lower``, a numpy array) never
    fall, the upper bounds (``upper``) never fall between equal lower bounds, and where
    both are equal ``ids_in_order(rows)`` (``rows``: an integer array) says that each row
    ``r`` of ``rows`` has an id at most row ``r + 1``'s.  Then the order is ``0..n-1``, as
    the stable sorts of :func:`order` would give it."""
    if len(lower) < 2:
        return True
    after, before = lower[1:], lower[:-1]
    if not (after >= before).all():  # (-0.0 and 0.0 are equal, as in the sorts)
        return False
    same = after == before
    if not (~same | (upper[1:] >= upper[:-1])).all():
        return False
    tied = np.flatnonzero(same & (upper[1:] == upper[:-1]))
    return not len(tied) or ids_in_order(tied)


def _by_lists(lowers: Sequence[float], uppers: Sequence[float], ids: Sequence[str]) -> list[int]:
    """:func:`order` in Python: one sort of the lower bounds, then each run of equal
    lower bounds by upper bound and id."""
    n = len(lowers)
    positions = sorted(range(n), key=lowers.__getitem__)  # (floats: the fast sort)
    ordered = list(map(lowers.__getitem__, positions))
    # where each run of equal lower bounds ends (the last: n)
    ends = list(compress(range(1, n), map(ne, islice(ordered, 1, None), ordered)))
    if len(ends) < n - 1:  # some start together: each such run by upper, then id
        ends.append(n)
        upper_of, id_of = uppers.__getitem__, ids.__getitem__
        start = 0
        for end in ends:
            if end - start > 1:
                run = positions[start:end]
                run.sort(key=id_of)
                run.sort(key=upper_of)  # (stable: by id among equal uppers)
                positions[start:end] = run
            start = end
    return positions


class EventKeys(NamedTuple):
    """What :func:`event_keys` reads of each event, by position."""

    lowers: list[float]
    uppers: list[float]
    citations: list[tuple[Any, ...]]
    """Each event's ``sources`` (its citations)."""
    links: list[tuple[Any, ...]]
    """Each event's ``related`` (its links)."""


_READ: Final = attrgetter("when.lower", "when.upper", "sources", "related")
# Multiplying a float by 1.0 makes a new float of the same value (the sign of a
# zero, infinities kept); a tuple times 1 is the tuple itself.
_COPY: Final = (1.0, 1.0, 1, 1)


def event_keys(events: Sequence[Any]) -> EventKeys:
    """The bounds of each event's date (as new floats), its citations and its links.

    One pass over the events (``attrgetter`` and ``map``, no Python loop); each
    event must have ``when.lower``, ``when.upper``, ``sources`` and ``related``.
    """
    read: Callable[[Any], tuple[Any, ...]] = _READ
    flat = list(map(mul, chain.from_iterable(map(read, events)), cycle(_COPY)))
    return EventKeys(flat[0::4], flat[1::4], flat[2::4], flat[3::4])


def picked(items: Sequence[T], positions: Sequence[int]) -> tuple[T, ...]:
    """``tuple(items[i] for i in positions)``, in C's tightest loop (``itemgetter``): about
    half the time of ``map`` when the items lie scattered in memory."""
    if len(positions) < 2:  # (itemgetter of one position gives the item, not a tuple)
        return tuple([items[i] for i in positions])
    found: tuple[T, ...] = itemgetter(*positions)(items)
    return found
