"""Big synthetic timelines straight to columns: Parquet (and CSV) of 1M–10M events, seeded.

``benchmarks.generate`` writes TOML through one Python dict per event: right for 100k events,
far too slow for 10M.  This module draws the same mix (the forms of dates of
:data:`benchmarks.generate.FORMS` and their weights, the same offsets, zones, statuses,
tags, places, people, figures, citations with agreeing and disagreeing reported dates,
links to earlier events, ~200-character summaries) as numpy arrays, a block of rows at a
time, and writes them as the project's Parquet file (the schema of
:func:`timeline.parquet_io.to_table`, ``docs/format.md`` "Parquet"): the EDTF text in
``when`` with the columns derived from it (``precision``, ``uncertain``, ``approximate``,
``earliest_day``, ``latest_day``, ``earliest``, ``latest``) computed to agree with it, and
the header (title, description, sources) in the file's metadata.  The same events can be
written as CSV with the columns of ``timeline export`` (:func:`timeline.export.to_csv`),
for the pandas baseline.  The events are drawn independently, so this is not the TOML
generator's file of the same seed: the same mix, not the same events.

Differences from ``benchmarks.generate``: the timeline cites ``n / 40`` sources as there,
but at most :data:`MAX_SOURCES` (the header is JSON in the file's metadata); a local time
in a zone that daylight saving skips or repeats is moved an hour on (the loader refuses
the first; there are none in practice, times are 06:00–21:55).

Command line::

    python -m benchmarks.columnar 10M -o /tmp/10M.parquet [--csv /tmp/10M.csv] [--seed 0]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from benchmarks import generate as gen
from timeline import codec
from timeline.export import CSV_COLUMNS
from timeline.parquet_io import to_table

__all__ = ["BLOCK", "MAX_SOURCES", "VERSION", "blocks", "main", "table", "write"]

VERSION: Final = 1
"""Changes when the same arguments make other events (names of kept files carry it)."""

BLOCK: Final = 500_000
"""Rows drawn and written at a time (a Parquet row group each)."""
MAX_SOURCES: Final = 25_000
"""The most sources a generated timeline has (as many as the TOML generator's at 1M)."""

_DAY_S: Final = 86_400
_EPOCH: Final = dt.date(1970, 1, 1).toordinal()
_FIRST: Final = gen._FIRST - _EPOCH  # days since 1970
_LAST: Final = gen._LAST - _EPOCH
_NULL: Final = np.iinfo(np.int64).min
"""A null day or instant in the integer columns."""

_FORM_INDEX: Final = {name: i for i, (name, _) in enumerate(gen.FORMS)}
_FORM_P: Final = np.array([w for _, w in gen.FORMS], dtype=float) / sum(w for _, w in gen.FORMS)
_PRECISIONS: Final = ("day", "month", "year", "season", "minute", "second")
_DAY, _MONTH, _YEAR, _SEASON, _MINUTE, _SECOND = range(6)
_OFFSET_S: Final = np.array(
    [0 if o == "Z" else (1 if o[0] == "+" else -1) * (int(o[1:3]) * 3600 + int(o[4:6]) * 60)
     for o in gen._OFFSETS],
    dtype=np.int64,
)  # fmt: skip
_SEASON_MONTHS: Final = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 14)}
"""Spring, summer, autumn, winter: first and last month (14: February of the next year)."""
_STATUS_P: Final = np.array(gen._STATUS_WEIGHTS, dtype=float) / sum(gen._STATUS_WEIGHTS)
_ONGOING: Final = len(gen._STATUSES)
_STATUS_TEXT: Final = pa.array([*gen._STATUSES, "ongoing"])
_HHMM: Final = pa.array([f"{h:02d}:{m:02d}" for h in range(24) for m in range(60)])
_SS: Final = pa.array([f":{s:02d}" for s in range(60)])


def _take(values: pa.Array, indices: np.ndarray) -> pa.Array:
    return values.take(pa.array(indices))


def _join(*parts: pa.Array | str) -> pa.Array:
    """Element-wise concatenation of string arrays and constant strings."""
    return pc.binary_join_element_wise(*parts, "")


def _days_text(days: np.ndarray) -> pa.Array:
    """``YYYY-MM-DD`` of days since 1970."""
    return pa.array(days.astype(np.int32), pa.int32()).cast(pa.date32()).cast(pa.string())


def _clock_text(seconds: np.ndarray, with_seconds: np.ndarray | bool) -> pa.Array:
    """``YYYY-MM-DDTHH:MM`` (``:SS`` where ``with_seconds``) of seconds since 1970."""
    days, time_of_day = np.divmod(seconds, _DAY_S)
    text = _join(_days_text(days), "T", _take(_HHMM, time_of_day // 60))
    if with_seconds is False:
        return text
    secs = _take(_SS, time_of_day % 60)
    if with_seconds is True:
        return _join(text, secs)
    return _join(text, pc.if_else(pa.array(with_seconds), secs, ""))


def _offset_text(offsets: np.ndarray) -> pa.Array:
    """``+HH:MM`` of offsets in whole minutes, as ``datetime.isoformat`` writes them."""
    unique, inverse = np.unique(offsets, return_inverse=True)
    texts = [
        f"{'-' if o < 0 else '+'}{abs(o) // 3600:02d}:{abs(o) % 3600 // 60:02d}" for o in unique
    ]
    return _take(pa.array(texts), inverse)


def _iso_instant(local: np.ndarray, offsets: np.ndarray) -> pa.Array:
    """What ``timeline.export`` writes for an instant: its own clock with seconds and offset,
    or UTC when the offset is not in whole minutes (local mean time, Paris before 1911)."""
    odd = offsets % 60 != 0
    local = np.where(odd, local - offsets, local)
    offsets = np.where(odd, 0, offsets)
    return _join(_clock_text(local, True), _offset_text(offsets))


def _month_bounds(days: np.ndarray, months_on: np.ndarray | int = 0) -> tuple[np.ndarray, ...]:
    """(first day of the month of ``days``, last day of the month ``months_on`` later)."""
    month = days.astype("datetime64[D]").astype("datetime64[M]")
    first = month.astype("datetime64[D]").astype(np.int64)
    last = (month + np.asarray(months_on) + 1).astype("datetime64[D]").astype(np.int64) - 1
    return first, last


def _year_of(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def _ymd_days(years: np.ndarray, months: np.ndarray) -> np.ndarray:
    """The first day of a (year, month) (month may pass 12), as days since 1970."""
    month = ((years - 1970) * 12 + months - 1).astype("datetime64[M]")
    days: np.ndarray = month.astype("datetime64[D]").astype(np.int64)
    return days


_ZONE_INFOS: Final = tuple(ZoneInfo(zone) for zone in gen._ZONES)
_CLOCK0: Final = dt.datetime(1970, 1, 1)


def _zoned(local: np.ndarray, zones: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each local time's UTC offset in its zone, and the local times (one moved an hour on
    where its zone skips or repeats it, so that each names one instant)."""
    offsets = np.empty(len(local), dtype=np.int64)
    moved = local.copy()
    for i, (seconds, zone) in enumerate(zip(local.tolist(), zones.tolist(), strict=True)):
        tz = _ZONE_INFOS[zone]
        while True:
            clock = _CLOCK0 + dt.timedelta(seconds=seconds)
            before = clock.replace(tzinfo=tz).utcoffset()
            after = clock.replace(tzinfo=tz, fold=1).utcoffset()
            if before == after and before is not None:
                break
            seconds += 3600
        offsets[i] = int(before.total_seconds())
        moved[i] = seconds
    return offsets, moved


@dataclass
class _Dates:
    """The date columns of a block of rows, filled form by form (each a subset of rows)."""

    m: int
    precision: np.ndarray = field(init=False)
    uncertain: np.ndarray = field(init=False)
    approximate: np.ndarray = field(init=False)
    first_day: np.ndarray = field(init=False)
    last_day: np.ndarray = field(init=False)
    earliest: np.ndarray = field(init=False)
    latest: np.ndarray = field(init=False)
    last: np.ndarray = field(init=False)
    """The day a disagreeing reported date must come after (as ``generate`` has it)."""
    zone: np.ndarray = field(init=False)
    ongoing: np.ndarray = field(init=False)
    reportable: np.ndarray = field(init=False)
    _texts: dict[str, list[tuple[np.ndarray, pa.Array]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        m = self.m
        self.precision = np.zeros(m, np.int8)
        self.uncertain = np.zeros(m, bool)
        self.approximate = np.zeros(m, bool)
        self.first_day = np.full(m, _NULL)
        self.last_day = np.full(m, _NULL)
        self.earliest = np.full(m, _NULL)
        self.latest = np.full(m, _NULL)
        self.last = np.zeros(m, np.int64)
        self.zone = np.full(m, -1, np.int8)
        self.ongoing = np.zeros(m, bool)
        self.reportable = np.ones(m, bool)

    def text(self, name: str, rows: np.ndarray, values: pa.Array) -> None:
        self._texts.setdefault(name, []).append((rows, values))

    def days(self, rows: np.ndarray, first: np.ndarray, last: np.ndarray, precision: int) -> None:
        """Rows dated by whole days (no instant): their bounds and precision."""
        self.first_day[rows] = first
        self.last_day[rows] = last
        self.last[rows] = last
        self.precision[rows] = precision
        self.text("earliest_csv", rows, _days_text(first))
        self.text("latest_csv", rows, _days_text(last))

    def strings(self, name: str, default: str | None = None) -> pa.Array:
        """The column ``name`` for every row, in row order (``default`` where not given)."""
        parts = self._texts.get(name, [])
        rows = np.concatenate([r for r, _ in parts] + [np.zeros(0, np.int64)])
        values = pa.concat_arrays([v for _, v in parts] + [pa.array([], pa.string())])
        if len(rows) < self.m:
            missing = np.setdiff1d(np.arange(self.m), rows)
            rows = np.concatenate([rows, missing])
            values = pa.concat_arrays([values, pa.nulls(len(missing), pa.string())])
        out = values.take(pa.array(np.argsort(rows, kind="stable")))
        return out if default is None else out.fill_null(default)


def _draw_dates(rng: np.random.Generator, m: int) -> tuple[_Dates, np.ndarray]:
    """The dates of ``m`` events: their columns and each one's form."""
    forms = rng.choice(len(gen.FORMS), size=m, p=_FORM_P)
    day = rng.integers(_FIRST, _LAST + 1, size=m)
    d = _Dates(m)
    for name, index in _FORM_INDEX.items():
        rows = np.flatnonzero(forms == index)
        if len(rows):
            _FORM_DRAWERS[name](rng, d, rows, day[rows])
    return d, forms


def _form_day(rng: np.random.Generator, d: _Dates, rows: np.ndarray, day: np.ndarray) -> None:
    d.days(rows, day, day, _DAY)
    d.text("when", rows, _days_text(day))


def _form_day_range(rng: np.random.Generator, d: _Dates, rows: np.ndarray, day: Any) -> None:
    last = day + rng.integers(1, 11, size=len(rows))
    d.days(rows, day, last, _DAY)
    d.text("when", rows, _join(_days_text(day), "/", _days_text(last)))


def _times(rng: np.random.Generator, day: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Local times 06:00–21:55 in steps of 5 minutes, a fifth with seconds: (seconds since
    1970 on the local clock, whether the text has seconds)."""
    k = len(day)
    minutes = rng.integers(6, 22, size=k) * 60 + rng.integers(0, 12, size=k) * 5
    with_seconds = rng.random(k) < 0.2
    seconds = np.where(with_seconds, rng.integers(0, 60, size=k), 0)
    return day * _DAY_S + minutes * 60 + seconds, with_seconds


def _instants(
    d: _Dates, rows: np.ndarray, local: np.ndarray, offsets: np.ndarray, precision: Any
) -> None:
    """Rows that are one instant: on their own clock ``local``, at ``offsets`` from UTC."""
    day = local // _DAY_S
    d.first_day[rows] = day
    d.last_day[rows] = day
    d.last[rows] = day + 1
    d.earliest[rows] = local - offsets
    d.latest[rows] = local - offsets
    d.precision[rows] = precision
    iso = _iso_instant(local, offsets)
    d.text("earliest_csv", rows, iso)
    d.text("latest_csv", rows, iso)


def _form_offset_time(rng: np.random.Generator, d: _Dates, rows: np.ndarray, day: Any) -> None:
    local, with_seconds = _times(rng, day)
    which = rng.integers(0, len(gen._OFFSETS), size=len(rows))
    _instants(d, rows, local, _OFFSET_S[which], np.where(with_seconds, _SECOND, _MINUTE))
    offset = _take(pa.array(gen._OFFSETS), which)
    d.text("when", rows, _join(_clock_text(local, with_seconds), offset))


def _form_zoned_time(rng: np.random.Generator, d: _Dates, rows: np.ndarray, day: Any) -> None:
    local, with_seconds = _times(rng, day)
    zones = rng.integers(0, len(gen._ZONES), size=len(rows)).astype(np.int8)
    offsets, local = _zoned(local, zones)
    _instants(d, rows, local, offsets, np.where(with_seconds, _SECOND, _MINUTE))
    d.zone[rows] = zones
    d.text("when", rows, _clock_text(local, with_seconds))


def _form_timed_range(rng: np.random.Generator, d: _Dates, rows: np.ndarray, day: Any) -> None:
    k = len(rows)
    hour = rng.integers(6, 16, size=k)
    start = day * _DAY_S + hour * 3600 + rng.integers(0, 4, size=k) * 900
    end = (
        day * _DAY_S + (hour + rng.integers(1, 7, size=k)) * 3600 + rng.integers(0, 4, size=k) * 900
    )
    which = rng.integers(0, len(gen._OFFSETS), size=k)
    offsets = _OFFSET_S[which]
    d.first_day[rows] = day
    d.last_day[rows] = day
    d.last[rows] = day + 1
    d.earliest[rows] = start - offsets
    d.latest[rows] = end - offsets
    d.precision[rows] = _MINUTE
    d.text("earliest_csv", rows, _iso_instant(start, offsets))
    d.text("latest_csv", rows, _iso_instant(end, offsets))
    offset = _take(pa.array(gen._OFFSETS), which)
    when = _join(_clock_text(start, False), offset, "/", _clock_text(end, False), offset)
    d.text("when", rows, when)


def _qualify(d: _Dates, rows: np.ndarray, marks: np.ndarray) -> pa.Array:
    """The flags of rows qualified by ``marks`` (``?``, ``~``, ``%`` each), and the marks."""
    texts = pa.array(["?", "~", "%"])
    d.uncertain[rows] |= marks != 1
    d.approximate[rows] |= marks != 0
    return _take(texts, marks)


def _form_qualified_day(rng: np.random.Generator, d: _Dates, rows: np.ndarray, day: Any) -> None:
    d.days(rows, day, day, _DAY)
    mark = _qualify(d, rows, rng.integers(0, 3, size=len(rows)))
    d.text("when", rows, _join(_days_text(day), mark))


def _form_qualified_range(rng: np.random.Generator, d: _Dates, rows: np.ndarray, day: Any) -> None:
    last = day + rng.integers(2, 21, size=len(rows))
    d.days(rows, day, last, _DAY)
    first_mark = _qualify(d, rows, rng.integers(0, 2, size=len(rows)))  # ? or ~
    last_mark = _qualify(d, rows, rng.integers(0, 2, size=len(rows)))
    d.text("when", rows, _join(_days_text(day), first_mark, "/", _days_text(last), last_mark))


def _month_text(day: np.ndarray) -> pa.Array:
    return pc.utf8_slice_codeunits(_days_text(day), 0, 7)


def _form_month(rng: np.random.Generator, d: _Dates, rows: np.ndarray, day: Any) -> None:
    first, last = _month_bounds(day)
    d.days(rows, first, last, _MONTH)
    d.text("when", rows, _month_text(day))


def _form_approx_month(rng: np.random.Generator, d: _Dates, rows: np.ndarray, day: Any) -> None:
    first, last = _month_bounds(day)
    d.days(rows, first, last, _MONTH)
    d.approximate[rows] = True
    d.text("when", rows, _join(_month_text(day), "~"))


def _form_unspecified_day(rng: np.random.Generator, d: _Dates, rows: np.ndarray, day: Any) -> None:
    first, last = _month_bounds(day)
    d.days(rows, first, last, _MONTH)
    d.text("when", rows, _join(_month_text(day), "-XX"))


def _form_month_range(rng: np.random.Generator, d: _Dates, rows: np.ndarray, day: Any) -> None:
    months_on = rng.integers(1, 6, size=len(rows))
    first, last = _month_bounds(day, months_on)
    d.days(rows, first, last, _MONTH)
    d.text("when", rows, _join(_month_text(day), "/", _month_text(last)))


def _year_bounds(day: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    years = _year_of(day)
    return (
        years,
        _ymd_days(years, np.ones_like(years)),
        _ymd_days(years + 1, np.ones_like(years)) - 1,
    )


def _year_text(day: np.ndarray) -> pa.Array:
    return pc.utf8_slice_codeunits(_days_text(day), 0, 4)


def _form_unspecified_month(
    rng: np.random.Generator, d: _Dates, rows: np.ndarray, day: Any
) -> None:
    _, first, last = _year_bounds(day)
    d.days(rows, first, last, _YEAR)
    d.text("when", rows, _join(_year_text(day), "-XX"))


def _form_year(rng: np.random.Generator, d: _Dates, rows: np.ndarray, day: Any) -> None:
    _, first, last = _year_bounds(day)
    d.days(rows, first, last, _YEAR)
    marks = rng.integers(0, 4, size=len(rows))  # "", "", "?", "~" as generate draws them
    d.uncertain[rows] = marks == 2
    d.approximate[rows] = marks == 3
    d.text("when", rows, _join(_year_text(day), _take(pa.array(["", "", "?", "~"]), marks)))


def _form_season(rng: np.random.Generator, d: _Dates, rows: np.ndarray, day: Any) -> None:
    season = rng.integers(21, 25, size=len(rows))
    years = _year_of(day)
    first_month = np.array([_SEASON_MONTHS[s][0] for s in range(21, 25)])[season - 21]
    first = _ymd_days(years, first_month)
    last = _ymd_days(years, first_month + 3) - 1
    d.days(rows, first, last, _SEASON)
    seasons = pa.array([str(s) for s in range(21, 25)])
    d.text("when", rows, _join(_year_text(day), "-", _take(seasons, season - 21)))


def _form_set(rng: np.random.Generator, d: _Dates, rows: np.ndarray, day: Any) -> None:
    """``[a..b]``, ``[a,b,c]`` (one of), ``{a,b}`` (all of), within a month (few: Python)."""
    k = len(rows)
    shapes = rng.integers(0, 3, size=k).tolist()
    spans = rng.integers(1, 7, size=k).tolist()
    counts = rng.integers(2, 5, size=k).tolist()
    offsets = rng.integers(0, 31, size=(k, 4)).tolist()
    texts: list[str] = []
    lasts = np.empty(k, np.int64)
    for i, first in enumerate(day.tolist()):
        name = (dt.date(1970, 1, 1) + dt.timedelta(days=first)).isoformat()
        if shapes[i] == 0:
            last = first + spans[i]
            texts.append(f"[{name}..{(dt.date(1970, 1, 1) + dt.timedelta(days=last))}]")
        else:
            members = sorted({first + o for o in offsets[i][: counts[i]]} | {first})
            last = members[-1]
            body = ",".join(str(dt.date(1970, 1, 1) + dt.timedelta(days=m)) for m in members)
            texts.append(f"[{body}]" if shapes[i] == 1 else f"{{{body}}}")
        lasts[i] = last
    d.days(rows, day, lasts, _DAY)
    d.reportable[rows] = False
    d.text("when", rows, pa.array(texts, pa.string()))


def _form_open(rng: np.random.Generator, d: _Dates, rows: np.ndarray, day: Any) -> None:
    """``2023-05-01/..`` (ongoing), ``2023-05-01/`` (end unknown) near the end of the span,
    ``../1903-02-01`` near its start."""
    k = len(rows)
    shape = rng.integers(0, 3, size=k)
    until = shape == 2
    day = np.where(
        until, _FIRST + rng.integers(0, 5 * 365, size=k), _LAST - rng.integers(0, 3 * 365, size=k)
    )
    d.first_day[rows] = np.where(until, _NULL, day)
    d.last_day[rows] = np.where(until, day, _NULL)
    d.last[rows] = day
    d.precision[rows] = _DAY
    d.ongoing[rows] = ~until
    d.reportable[rows] = False
    text = _days_text(day)
    d.text("earliest_csv", rows, pc.if_else(pa.array(until), "", text))
    d.text("latest_csv", rows, pc.if_else(pa.array(until), text, ""))
    shapes = pa.array(["/..", "/", ""])
    d.text("when", rows, _join(pc.if_else(pa.array(until), "../", ""), text, _take(shapes, shape)))


_FORM_DRAWERS: Final = {
    "day": _form_day,
    "day_range": _form_day_range,
    "offset_time": _form_offset_time,
    "zoned_time": _form_zoned_time,
    "timed_range": _form_timed_range,
    "qualified_day": _form_qualified_day,
    "qualified_range": _form_qualified_range,
    "month": _form_month,
    "approx_month": _form_approx_month,
    "month_range": _form_month_range,
    "unspecified_day": _form_unspecified_day,
    "unspecified_month": _form_unspecified_month,
    "year": _form_year,
    "season": _form_season,
    "set": _form_set,
    "open": _form_open,
}


# -- the other columns ------------------------------------------------------------------


def _offsets(counts: np.ndarray) -> pa.Array:
    offsets = np.zeros(len(counts) + 1, np.int32)
    np.cumsum(counts, out=offsets[1:])
    return pa.array(offsets)


def _lists(counts: np.ndarray, values: pa.Array, *, null_when_empty: bool = True) -> pa.Array:
    """Rows of ``counts[i]`` consecutive ``values`` each (null where none, as ``dump`` writes)."""
    mask = pa.array(counts == 0) if null_when_empty else None
    return pa.ListArray.from_arrays(_offsets(counts), values, mask=mask)


def _distinct(rng: np.random.Generator, counts: np.ndarray, pool: int) -> np.ndarray:
    """For each row, ``counts[i]`` distinct numbers below ``pool`` in random order, flat."""
    most = int(counts.max(initial=0))
    picks = np.empty((len(counts), most), np.int64)
    for j in range(most):
        r = rng.integers(0, pool - j, size=len(counts))
        for prior in np.sort(picks[:, :j], axis=1).T:  # the r-th number not picked yet
            r += r >= prior
        picks[:, j] = r
    return picks[np.arange(most) < counts[:, None]]


@functools.cache
def _triples() -> pa.Array:
    """Every sequence of three words of the vocabulary (238,328): a text of ``3k`` random
    words is ``k`` random triples, drawn three times faster."""
    words = gen._WORDS
    return pa.array([f"{a} {b} {c}" for a in words for b in words for c in words])


def _words(rng: np.random.Generator, m: int, k: int) -> pa.Array:
    """``m`` texts of ``k`` (a multiple of 3) random words from the generator's vocabulary."""
    triples = _triples()
    flat = _take(triples, rng.integers(0, len(triples), size=m * (k // 3)))
    return pc.binary_join(_lists(np.full(m, k // 3), flat, null_when_empty=False), " ")


def _summaries(rng: np.random.Generator, m: int) -> pa.Array:
    """As ``generate`` writes them: 45 words cut at 200 characters, capitalised, a full stop."""
    text = pc.utf8_rtrim_whitespace(pc.utf8_slice_codeunits(_words(rng, m, 45), 0, 200))
    first = pc.utf8_upper(pc.utf8_slice_codeunits(text, 0, 1))
    return _join(first, pc.utf8_slice_codeunits(text, 1), ".")


def _masked(values: np.ndarray, mask: np.ndarray) -> pa.Array:
    return pa.array(values, mask=mask)


def _struct_lists(
    schema: pa.Schema, name: str, counts: np.ndarray, children: dict[str, pa.Array]
) -> pa.Array:
    """The list-of-struct column ``name`` (its fields in the schema's order, any not given
    null) of ``counts[i]`` items per row."""
    struct = schema.field(name).type.value_type
    total = int(counts.sum())
    arrays = []
    for i in range(struct.num_fields):
        child = struct.field(i)
        given = children.get(child.name)
        arrays.append(pa.nulls(total, child.type) if given is None else given.cast(child.type))
    items = pa.StructArray.from_arrays(arrays, fields=list(struct))
    return _lists(counts, items)


def _some(rng: np.random.Generator, m: int, p: float, low: int, high: int) -> np.ndarray:
    """How many items each of ``m`` rows has: none, or (with probability ``p``) ``low`` to
    ``high``."""
    return np.where(rng.random(m) < p, rng.integers(low, high + 1, size=m), 0)


def _choice_text(rng: np.random.Generator, texts: Sequence[str], k: int) -> pa.Array:
    return _take(pa.array(list(texts)), rng.integers(0, len(texts), size=k))


def _nullable(rng: np.random.Generator, values: pa.Array, p: float) -> pa.Array:
    """``values``, each kept with probability ``p`` (else null)."""
    return pc.if_else(
        pa.array(rng.random(len(values)) < p), values, pa.nulls(len(values), values.type)
    )


@dataclass
class _Generator:
    """Draws blocks of rows; keeps what later rows refer to (earlier events' titles)."""

    n: int
    seed: int
    schema: pa.Schema
    source_ids: pa.Array
    titles: pa.Array
    slugs: pa.Array
    codes: np.ndarray  # every event's title (its index in ``titles``)

    @classmethod
    def make(cls, n: int, seed: int) -> _Generator:
        import random

        sources = gen._sources(min(n, 40 * MAX_SOURCES), random.Random(seed))
        head = {
            "title": f"Synthetic timeline: {n} events (seed {seed})",
            "description": "Generated by benchmarks.columnar for scale benchmarks.",
            "sources": sources,
            "events": [],
        }
        schema = to_table(codec.from_data(head)).schema
        titles = [f"{s} {v} {o}" for s in gen._SUBJECTS for v in gen._VERBS for o in gen._OBJECTS]
        return cls(
            n,
            seed,
            schema,
            pa.array([s["id"] for s in sources]),
            pa.array(titles),
            pa.array([gen._slug(t) for t in titles]),
            np.zeros(n, np.int16),
        )

    def ids(self, rows: np.ndarray) -> pa.Array:
        number = pa.array(rows, pa.int64()).cast(pa.string())
        return _join(_take(self.slugs, self.codes[rows]), "-", number)

    def block(self, rng: np.random.Generator, start: int, m: int) -> dict[str, pa.Array]:
        """The columns of events ``start`` to ``start + m`` (the Parquet schema's, and the
        texts the CSV needs: ``earliest_csv``, ``latest_csv``)."""
        rows = np.arange(start, start + m)
        d, _forms = _draw_dates(rng, m)
        when = d.strings("when")
        tz_index = pa.array(d.zone.astype(np.int64), mask=d.zone < 0)
        tz = pa.array(list(gen._ZONES)).take(tz_index)
        self.codes[rows] = rng.integers(0, len(self.titles), size=m)
        status = rng.choice(len(gen._STATUSES), size=m, p=_STATUS_P)
        status = np.where(d.ongoing, _ONGOING, status)
        out: dict[str, pa.Array] = {
            "id": self.ids(rows),
            "title": _take(self.titles, self.codes[rows]),
            "status": _take(_STATUS_TEXT, status),
            "when": when,
            "tz": tz,
            "precision": _take(pa.array(_PRECISIONS), d.precision),
            "uncertain": pa.array(d.uncertain),
            "approximate": pa.array(d.approximate),
            "earliest_day": _masked(d.first_day, d.first_day == _NULL).cast(pa.int32()),
            "latest_day": _masked(d.last_day, d.last_day == _NULL).cast(pa.int32()),
            "earliest": _masked(d.earliest, d.earliest == _NULL),
            "latest": _masked(d.latest, d.latest == _NULL),
            "summary": _summaries(rng, m),
            "earliest_csv": d.strings("earliest_csv", ""),
            "latest_csv": d.strings("latest_csv", ""),
        }
        for name in ("earliest_day", "latest_day"):
            out[name] = out[name].cast(pa.date32())
        for name in ("earliest", "latest"):
            out[name] = out[name].cast(pa.timestamp("s", tz="UTC"))
        tag_counts = rng.integers(1, 4, size=m)
        tags = _take(pa.array(list(gen._TAGS)), _distinct(rng, tag_counts, len(gen._TAGS)))
        out["tags"] = _lists(tag_counts, tags, null_when_empty=False)
        out["figures"] = self._figures(rng, m)
        out["places"] = self._places(rng, m)
        out["people"] = self._people(rng, m)
        out["sources"] = self._citations(rng, d, when, tz)
        out["related"] = self._related(rng, rows)
        return out

    def _figures(self, rng: np.random.Generator, m: int) -> pa.Array:
        counts = _some(rng, m, 0.10, 1, 2)
        names = _distinct(rng, counts, len(gen._FIGURES))
        money = names == gen._FIGURES.index("budget_musd")
        k = len(names)
        integer = rng.integers(0, 5001, size=k)
        number = np.round(rng.uniform(0.5, 900.0, size=k), 1)
        children = {
            "name": _take(pa.array(list(gen._FIGURES)), names),
            "integer": _masked(integer, money),
            "number": _masked(number, ~money),
        }
        return _struct_lists(self.schema, "figures", counts, children)

    def _places(self, rng: np.random.Generator, m: int) -> pa.Array:
        counts = np.where(rng.random(m) < 0.45, np.where(rng.random(m) < 0.85, 1, 2), 0)
        k = int(counts.sum())
        unlocated = rng.random(k) < 0.05
        which = rng.integers(0, len(gen._PLACES), size=k)
        names = pc.if_else(
            pa.array(unlocated),
            _choice_text(rng, gen._UNLOCATED, k),
            _take(pa.array([p[0] for p in gen._PLACES]), which),
        )
        lat = np.array([p[1] for p in gen._PLACES])[which]
        lon = np.array([p[2] for p in gen._PLACES])[which]
        children = {
            "name": names,
            "lat": _masked(lat, unlocated),
            "lon": _masked(lon, unlocated),
        }
        return _struct_lists(self.schema, "places", counts, children)

    def _people(self, rng: np.random.Generator, m: int) -> pa.Array:
        counts = _some(rng, m, 0.25, 1, 2)
        k = int(counts.sum())
        names = _join(
            _choice_text(rng, gen._FIRST_NAMES, k), " ", _choice_text(rng, gen._LAST_NAMES, k)
        )
        children = {"name": names, "role": _nullable(rng, _choice_text(rng, gen._ROLES, k), 0.7)}
        return _struct_lists(self.schema, "people", counts, children)

    def _citations(
        self, rng: np.random.Generator, d: _Dates, when: pa.Array, tz: pa.Array
    ) -> pa.Array:
        m = d.m
        pool = len(self.source_ids)
        counts = np.minimum(_some(rng, m, 0.10, 1, 3), pool)
        row = np.repeat(np.arange(m), counts)
        k = len(row)
        reported = (rng.random(k) < 0.33) & d.reportable[row]
        agrees = rng.random(k) < 0.5
        later = _days_text(d.last[row] + rng.integers(2, 6, size=k))
        event_when, event_tz = when.take(pa.array(row)), tz.take(pa.array(row))
        nothing = pa.nulls(k, pa.string())
        given, agreeing = pa.array(reported), pa.array(reported & agrees)
        children = {
            "source": _take(self.source_ids, _distinct(rng, counts, pool)),
            "quote": _nullable(rng, _words(rng, k, 12), 0.5),
            "reported": pc.if_else(given, pc.if_else(agreeing, event_when, later), nothing),
            "reported_tz": pc.if_else(agreeing, event_tz, nothing),
            "reported_text": pc.if_else(
                given, _nullable(rng, _choice_text(rng, gen._REPORTED_TEXTS, k), 0.3), nothing
            ),
            "note": _nullable(rng, pa.array(["Later corrected."] * k, pa.string()), 0.1),
        }
        return _struct_lists(self.schema, "sources", counts, children)

    def _related(self, rng: np.random.Generator, rows: np.ndarray) -> pa.Array:
        counts = ((rng.random(len(rows)) < 0.02) & (rows > 0)).astype(np.int64)
        linking = rows[counts == 1]
        earlier = (rng.random(len(linking)) * linking).astype(np.int64)
        children = {
            "kind": _choice_text(rng, gen._LINK_KINDS, len(linking)),
            "event": self.ids(earlier),
        }
        return _struct_lists(self.schema, "related", counts, children)


# -- tables, files ------------------------------------------------------------------------


def _csv_cell(values: pa.Array) -> pa.Array:
    """A cell as the ``csv`` module writes it: quoted when it holds ``,`` ``"`` or a line end."""
    needs = pc.match_substring_regex(values, '[,"\r\n]')
    if not pc.any(needs).as_py():
        return values
    some = values.filter(needs)
    return pc.replace_with_mask(
        values, needs, _join('"', pc.replace_substring(some, '"', '""'), '"')
    )


def _joined(lists: pa.Array, field: str | None = None) -> pa.Array:
    """Each row's list (of a struct's ``field``) joined with ``;`` (empty where null)."""
    if field is not None:
        values = pc.struct_field(lists.flatten(), field)
        lists = pa.ListArray.from_arrays(lists.offsets, values, mask=lists.is_null())
    return pc.binary_join(lists, ";").fill_null("")


def _csv_lines(columns: dict[str, pa.Array]) -> pa.Array:
    """The rows of :func:`timeline.export.to_csv` (CRLF-terminated) of a block's columns."""
    flag = {True: "true", False: "false"}
    cells = {
        "id": columns["id"],
        "title": columns["title"],
        "edtf": columns["when"],
        "tz": columns["tz"].fill_null(""),
        "earliest": columns["earliest_csv"],
        "latest": columns["latest_csv"],
        "precision": columns["precision"],
        "uncertain": pc.if_else(columns["uncertain"], flag[True], flag[False]),
        "approximate": pc.if_else(columns["approximate"], flag[True], flag[False]),
        "status": columns["status"],
        "tags": _joined(columns["tags"]),
        "places": _joined(columns["places"], "name"),
        "summary": columns["summary"],
        "sources": _joined(columns["sources"], "source"),
    }
    return _join(
        pc.binary_join_element_wise(*(_csv_cell(cells[c]) for c in CSV_COLUMNS), ","), "\r\n"
    )


def blocks(
    n: int, seed: int = 0, *, block: int = BLOCK, csv: bool = False
) -> Iterator[tuple[pa.Table, pa.Array | None]]:
    """The timeline of ``n`` events, ``block`` rows at a time: each block's Parquet table
    (the schema and header metadata of :func:`timeline.parquet_io.to_table`) and, when
    ``csv``, its CSV rows."""
    if n < 0:
        raise ValueError("n must be >= 0")
    return _blocks(_Generator.make(n, seed), block, csv)


def _blocks(maker: _Generator, block: int, csv: bool) -> Iterator[tuple[pa.Table, pa.Array | None]]:
    rng = np.random.default_rng(maker.seed)
    names = maker.schema.names
    for start in range(0, maker.n, block):
        columns = maker.block(rng, start, min(block, maker.n - start))
        part = pa.Table.from_arrays([columns[c] for c in names], schema=maker.schema)
        yield part, _csv_lines(columns) if csv else None


def table(n: int, seed: int = 0, *, block: int = BLOCK) -> pa.Table:
    """The whole timeline of ``n`` events as one Arrow table (for small ``n``)."""
    parts = [part for part, _ in blocks(n, seed, block=block)]
    if not parts:
        return _Generator.make(0, seed).schema.empty_table()
    return pa.concat_tables(parts)


def _write_lines(out: Any, lines: pa.Array) -> None:
    """The bytes of a string array's values, as they lie in its buffer (no copy)."""
    offsets = np.frombuffer(lines.buffers()[1], np.int32)[
        lines.offset : lines.offset + len(lines) + 1
    ]
    out.write(memoryview(lines.buffers()[2])[offsets[0] : offsets[-1]])


def write(
    n: int,
    parquet: str | Path,
    csv: str | Path | None = None,
    *,
    seed: int = 0,
    block: int = BLOCK,
) -> None:
    """Write the timeline of ``n`` events to ``parquet`` (zstd, as ``timeline.dump``) and,
    when given, the same events' CSV to ``csv``."""
    if n < 0:
        raise ValueError("n must be >= 0")
    maker = _Generator.make(n, seed)
    with contextlib.ExitStack() as stack:
        writer = pq.ParquetWriter(str(parquet), maker.schema, compression="zstd")
        stack.callback(writer.close)
        csv_out = None if csv is None else stack.enter_context(Path(csv).open("wb"))
        if csv_out is not None:
            csv_out.write((",".join(CSV_COLUMNS) + "\r\n").encode())
        for part, lines in _blocks(maker, block, csv_out is not None):
            writer.write_table(part, row_group_size=block)
            if csv_out is not None and lines is not None:
                _write_lines(csv_out, lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.columnar",
        description="Write a synthetic timeline as Parquet (and CSV), straight from columns.",
    )
    parser.add_argument("n", type=gen.parse_size, help="number of events: 1M, 10M, 250k")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the Parquet file")
    parser.add_argument("--csv", type=Path, help="also write the same events as CSV here")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    write(args.n, args.output, args.csv, seed=args.seed)
    print(f"{args.n:,} events in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
