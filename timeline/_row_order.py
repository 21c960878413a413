"""The rows of a loaded table in chronological order (lower bound, upper bound, id), the
sort spread over a few threads.

Arrow's ``sort_indices`` sorts on one thread. The rows are split by their lower bound
into as many buckets as threads (every row of a bucket has a lower bound less than every
row of the next, so rows with the same lower bound share a bucket), each bucket is sorted
on a thread of its own by the same stable sort, and the buckets are put end to end: the
same order as one sort of all the rows, its ties (the ids compared) decided alike.
"""

from __future__ import annotations

from contextlib import closing
from typing import TYPE_CHECKING, Any, Final

import numpy as np

from timeline._arrow_numpy import from_numpy, int64s, to_numpy
from timeline._threads import WORKERS, in_order

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["SPLIT_ROWS", "pivots_of", "sort_rows"]

SPLIT_ROWS: Final = 1 << 17
"""Fewer rows than this are sorted whole, on the caller's thread."""

_SAMPLE: Final = 4096
"""The lower bounds the pivots are chosen from (evenly spaced rows)."""

_SORT_KEYS: Final = [("lower", "ascending"), ("upper", "ascending"), ("id", "ascending")]


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
    ties kept in row order: Arrow's stable ``sort_indices``, the rows split at ``pivots``
    (ascending lower bounds; by default chosen for ``workers`` buckets of about as many
    rows, none for fewer than :data:`SPLIT_ROWS` rows or a lower bound not a number)."""
    if pivots is None:
        pivots = pivots_of(lower, workers)
    if not len(pivots):
        return _sorted(pa, lower, upper, ids)
    bucket = np.searchsorted(pivots, lower, side="right")
    buckets = [np.flatnonzero(bucket == b) for b in range(len(pivots) + 1)]
    del bucket

    def sort_bucket(rows: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        if not len(rows):
            return rows
        taken = ids.take(int64s(pa, rows))
        by: npt.NDArray[np.int64] = rows[_sorted(pa, lower[rows], upper[rows], taken)]
        return by

    with closing(in_order(sort_bucket, buckets, max(1, workers))) as sorted_buckets:
        return np.concatenate([by for _, by in sorted_buckets])


def pivots_of(lower: npt.NDArray[np.float64], workers: int) -> npt.NDArray[np.float64]:
    """Lower bounds that split ``lower`` into up to ``workers`` buckets of about as many
    rows (none: sort whole)."""
    n = len(lower)
    if workers <= 1 or n < SPLIT_ROWS or np.isnan(lower).any():
        return np.zeros(0, np.float64)
    sample = np.sort(lower[:: max(1, n // _SAMPLE)])
    at = [len(sample) * k // workers for k in range(1, workers)]
    pivots: npt.NDArray[np.float64] = np.unique(sample[at])
    split: npt.NDArray[np.float64] = pivots[pivots > sample[0]]  # (none at the least)
    return split


def _sorted(
    pa: Any, lower: npt.NDArray[np.float64], upper: npt.NDArray[np.float64], ids: Any
) -> npt.NDArray[np.int64]:
    keys = pa.table({
        "lower": from_numpy(pa, lower, pa.float64()),
        "upper": from_numpy(pa, upper, pa.float64()),
        "id": ids,
    })  # fmt: skip
    order: npt.NDArray[np.int64] = to_numpy(pa, pa.compute.sort_indices(keys, sort_keys=_SORT_KEYS))
    return order.astype(np.int64, copy=False)
