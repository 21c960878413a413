"""What a window of a dataset did not read (:mod:`timeline.dataset`): the events left out,
counted where they start, and the links to the events read from those left out.

The events not read are the row groups not read, known by their footers' statistics alone
(each group's starts spread evenly over its days, as :meth:`Dataset.density` counts them),
and the rows of the groups read that do not touch the window, known exactly by their first
day: so a bin that holds whole row groups, or only rows read, is counted exactly.

A link into the window from an event not read is found from the ``related`` column's
``event`` field alone (read once per file and kept: no other column, no row checked).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from itertools import accumulate
from typing import TYPE_CHECKING, Any, Final

import attrs

if TYPE_CHECKING:
    from timeline.dataset import RowGroup

__all__ = [
    "LinkCache",
    "NotRead",
    "group_density",
    "incoming_links",
    "link_pairs",
    "read_targets",
    "spread",
]

_TARGETS: Final = "related.list.element.event"
"""The leaf of the ``related`` column read for the links (the linked ids alone)."""


def spread(counts: list[float], edges: Sequence[float], lo: float, hi: float, n: float) -> None:
    """Add ``n`` events spread evenly over ``[lo, hi)`` to the bins between ``edges``."""
    width = hi - lo
    first = max(0, bisect_right(edges, lo) - 1)
    for i in range(first, len(counts)):
        a, b = edges[i], edges[i + 1]
        if a >= hi:
            break
        overlap = min(b, hi) - max(a, lo)
        if overlap > 0:
            counts[i] += n * overlap / width


def group_density(groups: Iterable[RowGroup], edges: Sequence[float]) -> list[float]:
    """How many events of ``groups`` start in each bin between ``edges`` (days since 1970),
    each group's starts spread evenly over its days from its first to its last start (those
    with no first day are in no bin)."""
    counts = [0.0] * max(0, len(edges) - 1)
    if not counts:
        return counts
    for g in groups:
        lo, hi = g.first_start, g.last_start
        if g.starts == 0 or not (math.isfinite(lo) and math.isfinite(hi)):
            continue
        spread(counts, edges, lo, hi + 1.0, g.starts)
    return counts


@attrs.frozen
class NotRead:
    """The events of a dataset a window did not read: ``rows`` of them (exact: the footers'
    row counts less the events read), the row groups not read (``groups``) and, exactly,
    the first days of the rows of the groups read that do not touch the window (``days``,
    increasing, ``counts`` rows starting on each)."""

    rows: int = 0
    groups: tuple[RowGroup, ...] = ()
    days: tuple[int, ...] = ()
    counts: tuple[int, ...] = ()
    _before: tuple[int, ...] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_before", (0, *accumulate(self.counts)))

    @classmethod
    def of(cls, pa: Any, rows: int, groups: Sequence[RowGroup], dropped: Sequence[Any]) -> NotRead:
        """From the groups not read and the first days (``int32`` arrays, null for an open
        start) of the rows left out of the groups read."""
        days: tuple[int, ...] = ()
        counts: tuple[int, ...] = ()
        if dropped:
            every = pa.chunked_array(dropped, pa.int32()).drop_null()
            if len(every):
                tallied = pa.compute.value_counts(every).flatten()
                pairs = sorted(zip(tallied[0].to_pylist(), tallied[1].to_pylist(), strict=True))
                days, counts = tuple(d for d, _ in pairs), tuple(n for _, n in pairs)
        return cls(max(0, rows), tuple(groups), days, counts)

    def density(self, edges: Sequence[float]) -> list[float]:
        """How many of these events start in each bin between consecutive ``edges`` (days
        since 1970, increasing): :meth:`Dataset.density`'s estimate for the groups not read,
        the exact count for the rows left out of those read (a day's rows spread over the
        day, as the estimate spreads a group's over its days)."""
        counts = group_density(self.groups, edges)
        if self.days and counts:
            below = [self._below(edge) for edge in edges]
            for i in range(len(counts)):
                counts[i] += below[i + 1] - below[i]
        return counts

    def _below(self, x: float) -> float:
        """The rows left out that start before ``x`` (a day's rows spread over it)."""
        if x == math.inf:
            return float(self._before[-1])
        k = bisect_right(self.days, x)
        if k == 0:
            return 0.0
        return self._before[k - 1] + self.counts[k - 1] * min(1.0, x - self.days[k - 1])


class LinkCache:
    """A file's links as its ``related`` column's ``event`` field gives them: the row of
    each link and the id it leads to, kept for the version of the file they were read from."""

    def __init__(self) -> None:
        self.pairs: tuple[Any, Any] | None = None
        """``(rows, targets)`` (``None``: not read yet)."""


def link_pairs(table: Any) -> tuple[Any, Any]:
    """The row and the target of each link of a table read by :func:`read_targets`."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from timeline._arrow_numpy import int64s, strings  # (numpy; pyarrow.array imports pandas)

    if table is None or "related" not in table.schema.names:
        return int64s(pa, []), strings(pa, [])
    column = table.column("related")
    lists = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    items = pc.list_flatten(lists)
    rows = pc.list_parent_indices(lists)
    if not len(items) or not pa.types.is_struct(items.type):
        return int64s(pa, []), strings(pa, [])
    targets = items.field("event") if items.type.get_field_index("event") >= 0 else None
    if targets is None or not pa.types.is_string(targets.type):
        return int64s(pa, []), strings(pa, [])
    return rows.cast(pa.int64()), targets


def incoming_links(
    pa: Any, files: Sequence[tuple[tuple[Any, Any], Any]], ids: Any
) -> Mapping[str, int]:
    """How many events not read link to each event read (of ``ids``), by its id: ``files``
    gives each file's link pairs with the rows of it that were read (``None``: none)."""
    pc = pa.compute
    if not files:
        return {}
    targets = pa.chunked_array([t for (_, t), _ in files], pa.string())
    wanted = ids.combine_chunks() if isinstance(ids, pa.ChunkedArray) else ids
    found = pc.indices_nonzero(pc.is_in(targets, value_set=wanted)).to_pylist()
    if not found:
        return {}
    starts = [0, *accumulate(len(t) for (_, t), _ in files)]
    linking: set[tuple[int, int, str]] = set()  # (an event counted once for each it links to)
    read_rows: dict[int, set[int]] = {}
    for at in found:
        k = bisect_right(starts, at) - 1
        (rows, given), read = files[k]
        row = rows[at - starts[k]].as_py()
        if read is not None:
            if k not in read_rows:
                read_rows[k] = set(read.to_pylist())
            if row in read_rows[k]:
                continue
        linking.add((k, row, given[at - starts[k]].as_py()))
    counts: dict[str, int] = {}
    for _, _, target in linking:
        counts[target] = counts.get(target, 0) + 1
    return counts


def read_targets(pq: Any, handle: Any, metadata: Any) -> Any:
    """The file's ``related`` column, its ``event`` field alone (``None``: it has none)."""
    file = pq.ParquetFile(handle, metadata=metadata)
    if "related" not in file.schema_arrow.names:
        return None
    return file.read(columns=[_TARGETS])
