"""The rows of a loaded table in chronological order (lower bound, upper bound, id), the
sort spread over a few threads.

The rows are split by their lower bound into buckets (every row of a bucket has a lower
bound less than every row of the next, so rows with the same lower bound share a bucket),
each bucket is sorted on a thread of a small pool, and the buckets are put end to end: the
same order as one sort of all the rows, its ties (the ids compared) decided alike.

A bucket's bounds, when they are whole numbers (seconds, as a timeline's are) in a range
that allows it, are made one integer per row that orders as the pair does (the lower bound,
then the length): numpy sorts that one column, and Arrow's stable ``sort_indices`` orders
only the rows of equal bounds, by id. Arrow's sort of the bounds themselves sorts by the
first key, then each run of equal lower bounds with a generic comparator: slow where many
rows share a day. Other bounds (fractions, or too far apart) are sorted by Arrow on the
three columns. An infinite or unknown (NaN) lower bound sorts as Arrow sorts it (``-inf``
first; ``inf`` then NaN last, NaNs equal); so does such an upper bound among the rows of a
lower bound.
"""

from __future__ import annotations

from contextlib import closing
from typing import TYPE_CHECKING, Any, Final

import numpy as np

from timeline._arrow_numpy import from_numpy, int64s, to_numpy
from timeline._threads import WORKERS, in_order

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["BUCKET_ROWS", "SPLIT_ROWS", "pivots_of", "sort_rows"]

SPLIT_ROWS: Final = 1 << 17
"""Fewer rows than this are sorted whole, on the caller's thread."""

BUCKET_ROWS: Final = 1 << 20
"""About as many rows as a bucket holds at most (a sort of fewer rows is faster per row:
they fit in the processor's cache), if there are more than one per worker."""

_SAMPLE: Final = 4096
"""The lower bounds the pivots are chosen from (evenly spaced rows)."""

_SORT_KEYS: Final = [("lower", "ascending"), ("upper", "ascending"), ("id", "ascending")]
_TIE_KEYS: Final = [("run", "ascending"), ("id", "ascending"), ("row", "ascending")]

_LIMIT: Final = 2.0**62
"""Bounds whole and within this of zero are exact as int64 (their differences too)."""


def sort_rows(
    pa: Any,
    lower: npt.NDArray[np.float64],
    upper: npt.NDArray[np.float64],
    ids: Any,
    *,
    workers: int = WORKERS,
    pivots: npt.NDArray[np.float64] | None = None,
) -> npt.NDArray[np.int64]:
    """The rows by ``lower``, then ``upper``, then ``ids`` (an Arrow array of strings),
    ties kept in row order, as Arrow's stable ``sort_indices`` of the three gives them; the
    rows split at ``pivots`` (ascending lower bounds; by default chosen for buckets of
    about as many rows, a few per worker, none for fewer than :data:`SPLIT_ROWS` rows or
    a lower bound not a number) and the buckets sorted on ``workers`` threads."""
    if pivots is None:
        pivots = pivots_of(lower, workers)
    if not len(pivots):
        return _sorted(pa, lower, upper, ids, None)
    bucket = _buckets_of(lower, pivots)
    # (the rows of each bucket, in row order: numpy's stable sort of small integers)
    by_bucket = np.argsort(bucket, kind="stable")
    ends = np.cumsum(np.bincount(bucket, minlength=len(pivots) + 1))
    del bucket
    buckets = np.split(by_bucket, ends[:-1])

    def sort_bucket(rows: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        if not len(rows):
            return rows
        by: npt.NDArray[np.int64] = rows[_sorted(pa, lower[rows], upper[rows], ids, rows)]
        return by

    with closing(in_order(sort_bucket, buckets, max(1, workers))) as sorted_buckets:
        return np.concatenate([by for _, by in sorted_buckets])


def pivots_of(lower: npt.NDArray[np.float64], workers: int) -> npt.NDArray[np.float64]:
    """Lower bounds that split ``lower`` into buckets of about as many rows, at most
    :data:`BUCKET_ROWS` but at least one per worker (none: sort whole)."""
    n = len(lower)
    if workers <= 1 or n < SPLIT_ROWS or np.isnan(lower).any():
        return np.zeros(0, np.float64)
    count = max(workers, -(-n // BUCKET_ROWS))
    sample = np.sort(lower[:: max(1, n // _SAMPLE)])
    at = [len(sample) * k // count for k in range(1, count)]
    pivots: npt.NDArray[np.float64] = np.unique(sample[at])
    split: npt.NDArray[np.float64] = pivots[pivots > sample[0]]  # (none at the least)
    return split


def _buckets_of(
    lower: npt.NDArray[np.float64], pivots: npt.NDArray[np.float64]
) -> npt.NDArray[np.integer[Any]]:
    """Each row's bucket: the number of ``pivots`` (ascending) at most its lower bound
    (NaN: above all), as ``searchsorted(pivots, lower, side="right")``; a few pivots
    compared one at a time (faster: a third of the time for nine)."""
    if len(pivots) >= 1 << 5:
        found: npt.NDArray[np.intp] = np.searchsorted(pivots, lower, side="right")
        return found
    bucket = np.zeros(len(lower), np.uint8)
    below = np.empty(len(lower), np.bool_)
    for pivot in pivots:
        np.less(lower, pivot, out=below)
        np.invert(below, out=below)
        bucket += below
    return bucket


def _sorted(
    pa: Any,
    lower: npt.NDArray[np.float64],
    upper: npt.NDArray[np.float64],
    ids: Any,
    at: npt.NDArray[np.int64] | None,
) -> npt.NDArray[np.int64]:
    """The order of the rows ``lower``, ``upper`` (whose ids are ``ids`` at ``at``, or
    ``ids`` itself): those of each kind of lower bound (``-inf``, a number, ``inf``, NaN:
    in that order) sorted apart, the infinite and NaN ones as of equal lower bounds."""
    finite = np.isfinite(lower)
    if finite.all():
        return _sorted_finite(pa, lower, upper, ids, at)
    kinds = (lower == -np.inf, finite, lower == np.inf, np.isnan(lower))
    parts: list[npt.NDArray[np.int64]] = []
    for kind, mask in enumerate(kinds):
        rows = np.flatnonzero(mask)
        if len(rows):
            lowers = lower[rows] if kind == 1 else np.zeros(len(rows), np.float64)
            within = at[rows] if at is not None else rows
            parts.append(rows[_sorted_finite(pa, lowers, upper[rows], ids, within)])
    return np.concatenate(parts)


def _sorted_finite(
    pa: Any,
    lower: npt.NDArray[np.float64],
    upper: npt.NDArray[np.float64],
    ids: Any,
    at: npt.NDArray[np.int64] | None,
) -> npt.NDArray[np.int64]:
    """The order of rows of finite lower bounds: by one integer of both bounds when they
    allow it (:func:`_joined`), ties by id; else by Arrow's sort of the three."""
    joined = _joined(lower, upper)
    if joined is None:
        return _sorted_by_arrow(pa, lower, upper, ids if at is None else ids.take(int64s(pa, at)))
    order: npt.NDArray[np.int64] = np.argsort(joined).astype(np.int64, copy=False)
    keys = joined[order]
    del joined
    same = keys[1:] == keys[:-1]  # (each row whose key is its predecessor's)
    if not same.any():
        return order
    tied = np.zeros(len(keys), np.bool_)
    tied[1:] = same
    tied[:-1] |= same
    at_tied = np.flatnonzero(tied)
    first = np.ones(len(keys), np.bool_)  # (the first row of each run of equal keys)
    first[1:] = ~same
    run = np.cumsum(first)[at_tied]
    del keys, tied, first, same
    rows = order[at_tied]
    table = pa.table({
        "run": int64s(pa, run),
        "id": ids.take(int64s(pa, rows if at is None else at[rows])),
        "row": int64s(pa, rows),
    })  # fmt: skip
    by = to_numpy(pa, pa.compute.sort_indices(table, sort_keys=_TIE_KEYS))
    order[at_tied] = rows[by]
    return order


def _joined(
    lower: npt.NDArray[np.float64], upper: npt.NDArray[np.float64]
) -> npt.NDArray[np.int64] | None:
    """One integer per row (``lower`` finite) that orders the rows as (``lower``,
    ``upper``) do: the lower bound less the least, times the count of places an upper
    bound can take (``-inf``, each length from the shortest to the longest, ``inf``, NaN),
    plus the place of the row's; ``None`` unless every finite bound is a whole number
    within :data:`_LIMIT` and the integers fit in int64."""
    if not len(lower):
        return np.zeros(0, np.int64)
    least, most = float(lower.min()), float(lower.max())
    if max(-least, most) >= _LIMIT:
        return None
    lows = lower.astype(np.int64)
    if not np.array_equal(lows, lower):
        return None
    finite = np.isfinite(upper)
    every = bool(finite.all())
    uppers = upper if every else upper[finite]
    if len(uppers):
        if max(-float(uppers.min()), float(uppers.max())) >= _LIMIT:
            return None
        highs = uppers.astype(np.int64)
        if not np.array_equal(highs, uppers):
            return None
        highs -= lows if every else lows[finite]  # (the lengths)
        shortest, longest = int(highs.min()), int(highs.max())
    else:
        shortest = longest = 0
    lengths = longest - shortest + 4  # (the places: -inf, the lengths, inf, NaN)
    if (int(most) - int(least) + 1) * lengths > 2**63 - 1:
        return None
    if every:
        slot = highs
        slot -= shortest - 1
    else:
        slot = np.full(len(lower), longest - shortest + 3, np.int64)  # (NaN)
        if len(uppers):
            slot[finite] = highs - (shortest - 1)
        slot[upper == -np.inf] = 0
        slot[upper == np.inf] = longest - shortest + 2
    joined = lows
    joined -= int(least)
    joined *= lengths
    joined += slot
    return joined


def _sorted_by_arrow(
    pa: Any, lower: npt.NDArray[np.float64], upper: npt.NDArray[np.float64], ids: Any
) -> npt.NDArray[np.int64]:
    keys = pa.table({
        "lower": from_numpy(pa, lower, pa.float64()),
        "upper": from_numpy(pa, upper, pa.float64()),
        "id": ids,
    })  # fmt: skip
    order: npt.NDArray[np.int64] = to_numpy(pa, pa.compute.sort_indices(keys, sort_keys=_SORT_KEYS))
    return order.astype(np.int64, copy=False)
