"""The dates a timeline's citations report, read a whole column at a time (issue 15).

A viewer draws the *ghost* of each event that a source reports at another date
(:func:`timeline.columns.disagreeing_reports`).  Finding them by parsing each
distinct reported text into a :class:`~timeline.when.When` costs 8–36 µs a text:
at a million generated events, 42,000 texts and 1.5 s of CPU before the first
frame.  Here the reported texts of a Parquet file are read as its ``when`` column
is (:func:`timeline._date_columns.read_dates`: the forms it does not vouch for
parsed, each distinct one once), and every report is compared with its event's
keys at C speed, by the rule of :func:`timeline.days.disagrees`:

* a report and an event that are both instants (every part a time with a zone or
  an offset) compare as instants, by :attr:`When.lower`/:attr:`When.upper`;
* anything else by local days, the local keys of both (:func:`timeline.days.local_bounds`);
* they disagree when neither span holds the other (:func:`timeline.days.spans_disagree`).

The event's date is made only for a report that is an instant, and only where
the two readings differ.  A report's date is made when it is read
(:class:`~timeline.columns.Ghosts`).  tests/test_report_columns.py checks that
the answers are those of the events themselves.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final, cast

import numpy as np

from timeline._arrow_numpy import int64s, to_numpy, validity
from timeline._date_columns import read_dates, string_array
from timeline.columns import Ghosts, Keys
from timeline.days import is_instant
from timeline.edtf import Precision

if TYPE_CHECKING:
    import numpy.typing as npt

    from timeline.when import When

    Bools = npt.NDArray[np.bool_]
    Ints = npt.NDArray[np.int64]
    Floats = npt.NDArray[np.float64]

__all__ = ["ReportColumns", "report_columns"]

_MINUTE: Final = int(Precision.MINUTE)

Parse = Callable[[str, "str | None"], "When"]
"""The date of a text in a zone (each distinct one parsed once, by the loader)."""


class ReportColumns:
    """Every citation that reports a date, in the order of its event's position, then of
    the event's citations: the position, the source, the text and zone, and the date read
    (:class:`~timeline._date_columns.DateColumns`) with whether it is an instant."""

    __slots__ = ("_pa", "_parse", "_texts", "_zones", "dates", "instant", "positions", "sources")

    def __init__(
        self,
        positions: Ints,
        sources: Any,
        texts: Any,
        zones: Any,
        dates: Any,
        instant: Bools,
        parse: Parse,
        pa: Any,
    ) -> None:
        self._pa = pa
        self.positions = positions
        self.sources = sources
        """The sources' ids (an Arrow array of strings)."""
        self._texts = texts
        self._zones = zones
        self.dates = dates
        self._parse = parse
        self.instant = instant
        """Each date wholly times with a zone or offset (:func:`timeline.days.is_instant`)."""

    def __len__(self) -> int:
        return len(self.positions)

    def when(self, k: int) -> When:
        """The date of report ``k`` (parsed once per distinct text by the loader's cache)."""
        zone = None if self._zones is None else self._zones[k].as_py()
        return self._parse(self._texts[k].as_py(), zone)

    def reports(self) -> list[tuple[int, str, When]]:
        """Every report as (position, source, date): each date made."""
        texts: list[str] = self._texts.to_pylist()
        zones: list[str | None] = (
            [None] * len(texts) if self._zones is None else self._zones.to_pylist()
        )
        parse = self._parse
        return list(
            zip(
                self.positions.tolist(),
                self.sources.to_pylist(),
                [parse(text, zone) for text, zone in zip(texts, zones, strict=True)],
                strict=True,
            )
        )

    def disagreeing(self, keys: Keys, when: Callable[[int], When]) -> Ghosts:
        """Each event's first report of another date than its own (keys ``keys``, its date
        ``when(p)``, made only where the reading as instants and by local days differ)."""
        at = self.positions
        dates = self.dates
        by_days = _disagree(
            dates.local_lower,
            dates.local_upper,
            _floats(keys.local_lowers)[at],
            _floats(keys.local_uppers)[at],
        )
        as_instants = _disagree(
            dates.lower, dates.upper, _floats(keys.lowers)[at], _floats(keys.uppers)[at]
        )
        disagree = by_days.copy()
        for k in np.flatnonzero(self.instant & (as_instants != by_days)).tolist():
            if is_instant(when(int(at[k]))):
                disagree[k] = as_instants[k]
        found = np.flatnonzero(disagree)
        if len(found):
            first = np.concatenate([[True], at[found][1:] != at[found][:-1]])
            found = found[first]  # (the first report of each event: by position, in order)
        # The numbers stay machine numbers (memoryviews read as ints and floats): at ten
        # million events there are a few hundred thousand reports, and lists of them cost
        # every collection that meets them a visit to each (the viewer collects on its GUI
        # thread).
        picked = np.ascontiguousarray(found, np.int64).data
        return Ghosts(
            np.ascontiguousarray(at[found], np.int64).data,
            self.sources.take(int64s(self._pa, found)).to_pylist(),
            (_machine_floats(dates.local_lower[found]), _machine_floats(dates.local_upper[found])),
            (dates.precision[found] >= _MINUTE).tolist(),
            lambda j: self.when(picked[j]),
        )


def _disagree(r_lo: Floats, r_hi: Floats, w_lo: Floats, w_hi: Floats) -> Bools:
    """:func:`timeline.days.spans_disagree` of each pair of spans."""
    result: Bools = ~(((r_lo <= w_lo) & (w_hi <= r_hi)) | ((w_lo <= r_lo) & (r_hi <= w_hi)))
    return result


def _machine_floats(values: Floats) -> Sequence[float]:
    """``values`` read as Python floats one at a time, not made into a list."""
    return cast("Sequence[float]", np.ascontiguousarray(values, np.float64).data)


def _floats(values: Sequence[float]) -> Floats:
    if isinstance(values, array) and values.typecode == "d":
        return np.frombuffer(values, np.float64)
    return np.asarray(values, np.float64)


def report_columns(
    pa: Any, citations: Iterable[Any], rows: Sequence[int], parse: Parse
) -> ReportColumns | None:
    """The reports of a table's ``citations`` column (lists of the citation struct), given as
    its chunks in order, for the events whose rows are ``rows`` (by position); ``None`` when
    none reports a date.  ``parse`` makes a date the column reader does not vouch for (every
    one has been checked by the loader).

    A chunk at a time, each let go once its reports are taken (the chunks may be read from
    the file as they are asked for): the whole column combined and flattened at once was
    0.45 GB more at the peak of a viewer's warm-up at ten million events."""
    pc = pa.compute
    row_of = _ints(rows)
    position_of = np.empty(len(row_of), np.int64)
    position_of[row_of] = np.arange(len(row_of), dtype=np.int64)
    found: list[Ints] = []
    taken: dict[str, list[Any]] = {"reported": [], "reported_tz": [], "source": []}
    first = 0  # (the row of the chunk's first list)
    for lists in citations:
        flat = pc.list_flatten(lists)
        names = [flat.type.field(i).name for i in range(flat.type.num_fields)]
        fields = dict(zip(names, flat.flatten(), strict=True))
        reported = fields.get("reported")
        if reported is not None and reported.null_count < len(reported):
            parents = np.asarray(to_numpy(pa, pc.list_parent_indices(lists)), np.int64)
            picked = np.flatnonzero(validity(reported))
            found.append(position_of[parents[picked] + first])
            at = int64s(pa, picked)
            for name, parts in taken.items():
                if name in fields:
                    parts.append(fields[name].take(at))
        first += len(lists)
    if not found:
        return None
    positions = np.concatenate(found)
    order = np.argsort(positions, kind="stable")  # (an event's citations stay in order)
    take = int64s(pa, order)
    texts = string_array(pa, pa.concat_arrays(taken["reported"]).take(take))
    given_zones = taken["reported_tz"]
    zones = None if not given_zones else string_array(pa, pa.concat_arrays(given_zones).take(take))
    if zones is not None and zones.null_count == len(zones):
        zones = None
    dates = read_dates(pa, texts, zones)
    instant = dates.has_earliest | dates.has_latest  # (of a date read: its instants given)
    unknown = dates.unknown()
    if len(unknown):
        at = int64s(pa, unknown)
        pairs = zip(
            texts.take(at).to_pylist(),
            zones.take(at).to_pylist() if zones is not None else [None] * len(unknown),
            strict=True,
        )
        whens = [parse(text, zone) for text, zone in pairs]
        dates.fill(unknown.tolist(), whens)
        instant[unknown] = [is_instant(w) for w in whens]
    sources = pa.concat_arrays(taken["source"]).take(take)
    return ReportColumns(positions[order], sources, texts, zones, dates, instant, parse, pa)


def _ints(values: Sequence[int]) -> Ints:
    if isinstance(values, array) and values.typecode == "q":
        return np.frombuffer(values, np.int64)
    return np.asarray(values, np.int64)
