"""The dates of generated events as columns (:mod:`benchmarks.columnar`), form by form.

Each form of :data:`benchmarks.generate.FORMS` is drawn for its rows at once with numpy:
its EDTF text (built with Arrow's string kernels from small tables of texts) and what
``timeline`` derives from it, computed here to agree (the Parquet loader checks them): the
precision, the ``?``/``~`` flags, the first and last day on the event's own clock, the first
and last instant (UTC) of a time with an offset or zone, and the bounds the CSV export
writes.  Only sets (2% of events) are built one by one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Final
from zoneinfo import ZoneInfo

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from benchmarks import generate as gen

__all__ = ["NULL", "PRECISIONS", "Dates", "days_text", "draw", "join", "take"]

_DAY_S: Final = 86_400
_EPOCH: Final = dt.date(1970, 1, 1).toordinal()
_FIRST: Final = gen._FIRST - _EPOCH  # days since 1970
_LAST: Final = gen._LAST - _EPOCH
NULL: Final = np.iinfo(np.int64).min
"""A null day or instant in the integer columns."""

_FORM_INDEX: Final = {name: i for i, (name, _) in enumerate(gen.FORMS)}
_FORM_P: Final = np.array([w for _, w in gen.FORMS], dtype=float) / sum(w for _, w in gen.FORMS)
PRECISIONS: Final = ("day", "month", "year", "season", "minute", "second")
_DAY, _MONTH, _YEAR, _SEASON, _MINUTE, _SECOND = range(6)
_OFFSET_S: Final = np.array(
    [0 if o == "Z" else (1 if o[0] == "+" else -1) * (int(o[1:3]) * 3600 + int(o[4:6]) * 60)
     for o in gen._OFFSETS],
    dtype=np.int64,
)  # fmt: skip
_SEASON_FIRST_MONTH: Final = {21: 3, 22: 6, 23: 9, 24: 12}
"""Spring, summer, autumn, winter (to February of the next year): their first month."""
_HHMM: Final = pa.array([f"{h:02d}:{m:02d}" for h in range(24) for m in range(60)])
_SS: Final = pa.array([f":{s:02d}" for s in range(60)])


def take(values: pa.Array, indices: np.ndarray) -> pa.Array:
    return values.take(pa.array(indices))


def join(*parts: pa.Array | str) -> pa.Array:
    """Element-wise concatenation of string arrays and constant strings."""
    return pc.binary_join_element_wise(*parts, "")


def days_text(days: np.ndarray) -> pa.Array:
    """``YYYY-MM-DD`` of days since 1970."""
    return pa.array(days.astype(np.int32), pa.int32()).cast(pa.date32()).cast(pa.string())


def _clock_text(seconds: np.ndarray, with_seconds: np.ndarray | bool) -> pa.Array:
    """``YYYY-MM-DDTHH:MM`` (``:SS`` where ``with_seconds``) of seconds since 1970."""
    days, time_of_day = np.divmod(seconds, _DAY_S)
    text = join(days_text(days), "T", take(_HHMM, time_of_day // 60))
    if with_seconds is False:
        return text
    secs = take(_SS, time_of_day % 60)
    if with_seconds is True:
        return join(text, secs)
    return join(text, pc.if_else(pa.array(with_seconds), secs, ""))


def _offset_text(offsets: np.ndarray) -> pa.Array:
    """``+HH:MM`` of offsets in whole minutes, as ``datetime.isoformat`` writes them."""
    unique, inverse = np.unique(offsets, return_inverse=True)
    texts = [
        f"{'-' if o < 0 else '+'}{abs(o) // 3600:02d}:{abs(o) % 3600 // 60:02d}" for o in unique
    ]
    return take(pa.array(texts), inverse)


def _iso_instant(local: np.ndarray, offsets: np.ndarray) -> pa.Array:
    """What ``timeline.export`` writes for an instant: its own clock with seconds and offset,
    or UTC when the offset is not in whole minutes (local mean time, Paris before 1911)."""
    odd = offsets % 60 != 0
    local = np.where(odd, local - offsets, local)
    offsets = np.where(odd, 0, offsets)
    return join(_clock_text(local, True), _offset_text(offsets))


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
class Dates:
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
        self.first_day = np.full(m, NULL)
        self.last_day = np.full(m, NULL)
        self.earliest = np.full(m, NULL)
        self.latest = np.full(m, NULL)
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
        self.text("earliest_csv", rows, days_text(first))
        self.text("latest_csv", rows, days_text(last))

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


def draw(rng: np.random.Generator, m: int) -> Dates:
    """The dates of ``m`` events, each of a form drawn with the weights of ``FORMS``."""
    forms = rng.choice(len(gen.FORMS), size=m, p=_FORM_P)
    day = rng.integers(_FIRST, _LAST + 1, size=m)
    d = Dates(m)
    for name, index in _FORM_INDEX.items():
        rows = np.flatnonzero(forms == index)
        if len(rows):
            _FORM_DRAWERS[name](rng, d, rows, day[rows])
    return d


def _form_day(rng: np.random.Generator, d: Dates, rows: np.ndarray, day: np.ndarray) -> None:
    d.days(rows, day, day, _DAY)
    d.text("when", rows, days_text(day))


def _form_day_range(rng: np.random.Generator, d: Dates, rows: np.ndarray, day: Any) -> None:
    last = day + rng.integers(1, 11, size=len(rows))
    d.days(rows, day, last, _DAY)
    d.text("when", rows, join(days_text(day), "/", days_text(last)))


def _times(rng: np.random.Generator, day: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Local times 06:00–21:55 in steps of 5 minutes, a fifth with seconds: (seconds since
    1970 on the local clock, whether the text has seconds)."""
    k = len(day)
    minutes = rng.integers(6, 22, size=k) * 60 + rng.integers(0, 12, size=k) * 5
    with_seconds = rng.random(k) < 0.2
    seconds = np.where(with_seconds, rng.integers(0, 60, size=k), 0)
    return day * _DAY_S + minutes * 60 + seconds, with_seconds


def _instants(
    d: Dates, rows: np.ndarray, local: np.ndarray, offsets: np.ndarray, precision: Any
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


def _form_offset_time(rng: np.random.Generator, d: Dates, rows: np.ndarray, day: Any) -> None:
    local, with_seconds = _times(rng, day)
    which = rng.integers(0, len(gen._OFFSETS), size=len(rows))
    _instants(d, rows, local, _OFFSET_S[which], np.where(with_seconds, _SECOND, _MINUTE))
    offset = take(pa.array(gen._OFFSETS), which)
    d.text("when", rows, join(_clock_text(local, with_seconds), offset))


def _form_zoned_time(rng: np.random.Generator, d: Dates, rows: np.ndarray, day: Any) -> None:
    local, with_seconds = _times(rng, day)
    zones = rng.integers(0, len(gen._ZONES), size=len(rows)).astype(np.int8)
    offsets, local = _zoned(local, zones)
    _instants(d, rows, local, offsets, np.where(with_seconds, _SECOND, _MINUTE))
    d.zone[rows] = zones
    d.text("when", rows, _clock_text(local, with_seconds))


def _form_timed_range(rng: np.random.Generator, d: Dates, rows: np.ndarray, day: Any) -> None:
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
    offset = take(pa.array(gen._OFFSETS), which)
    when = join(_clock_text(start, False), offset, "/", _clock_text(end, False), offset)
    d.text("when", rows, when)


def _qualify(d: Dates, rows: np.ndarray, marks: np.ndarray) -> pa.Array:
    """The flags of rows qualified by ``marks`` (``?``, ``~``, ``%`` each), and the marks."""
    texts = pa.array(["?", "~", "%"])
    d.uncertain[rows] |= marks != 1
    d.approximate[rows] |= marks != 0
    return take(texts, marks)


def _form_qualified_day(rng: np.random.Generator, d: Dates, rows: np.ndarray, day: Any) -> None:
    d.days(rows, day, day, _DAY)
    mark = _qualify(d, rows, rng.integers(0, 3, size=len(rows)))
    d.text("when", rows, join(days_text(day), mark))


def _form_qualified_range(rng: np.random.Generator, d: Dates, rows: np.ndarray, day: Any) -> None:
    last = day + rng.integers(2, 21, size=len(rows))
    d.days(rows, day, last, _DAY)
    first_mark = _qualify(d, rows, rng.integers(0, 2, size=len(rows)))  # ? or ~
    last_mark = _qualify(d, rows, rng.integers(0, 2, size=len(rows)))
    d.text("when", rows, join(days_text(day), first_mark, "/", days_text(last), last_mark))


def _month_text(day: np.ndarray) -> pa.Array:
    return pc.utf8_slice_codeunits(days_text(day), 0, 7)


def _form_month(rng: np.random.Generator, d: Dates, rows: np.ndarray, day: Any) -> None:
    first, last = _month_bounds(day)
    d.days(rows, first, last, _MONTH)
    d.text("when", rows, _month_text(day))


def _form_approx_month(rng: np.random.Generator, d: Dates, rows: np.ndarray, day: Any) -> None:
    first, last = _month_bounds(day)
    d.days(rows, first, last, _MONTH)
    d.approximate[rows] = True
    d.text("when", rows, join(_month_text(day), "~"))


def _form_unspecified_day(rng: np.random.Generator, d: Dates, rows: np.ndarray, day: Any) -> None:
    first, last = _month_bounds(day)
    d.days(rows, first, last, _MONTH)
    d.text("when", rows, join(_month_text(day), "-XX"))


def _form_month_range(rng: np.random.Generator, d: Dates, rows: np.ndarray, day: Any) -> None:
    months_on = rng.integers(1, 6, size=len(rows))
    first, last = _month_bounds(day, months_on)
    d.days(rows, first, last, _MONTH)
    d.text("when", rows, join(_month_text(day), "/", _month_text(last)))


def _year_bounds(day: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The first and last day of the year of ``day``."""
    years = _year_of(day)
    january = np.ones_like(years)
    return _ymd_days(years, january), _ymd_days(years + 1, january) - 1


def _year_text(day: np.ndarray) -> pa.Array:
    return pc.utf8_slice_codeunits(days_text(day), 0, 4)


def _form_unspecified_month(rng: np.random.Generator, d: Dates, rows: np.ndarray, day: Any) -> None:
    first, last = _year_bounds(day)
    d.days(rows, first, last, _YEAR)
    d.text("when", rows, join(_year_text(day), "-XX"))


def _form_year(rng: np.random.Generator, d: Dates, rows: np.ndarray, day: Any) -> None:
    first, last = _year_bounds(day)
    d.days(rows, first, last, _YEAR)
    marks = rng.integers(0, 4, size=len(rows))  # "", "", "?", "~" as generate draws them
    d.uncertain[rows] = marks == 2
    d.approximate[rows] = marks == 3
    d.text("when", rows, join(_year_text(day), take(pa.array(["", "", "?", "~"]), marks)))


def _form_season(rng: np.random.Generator, d: Dates, rows: np.ndarray, day: Any) -> None:
    season = rng.integers(21, 25, size=len(rows))
    years = _year_of(day)
    first_month = np.array([_SEASON_FIRST_MONTH[s] for s in range(21, 25)])[season - 21]
    first = _ymd_days(years, first_month)
    last = _ymd_days(years, first_month + 3) - 1
    d.days(rows, first, last, _SEASON)
    seasons = pa.array([str(s) for s in range(21, 25)])
    d.text("when", rows, join(_year_text(day), "-", take(seasons, season - 21)))


def _form_set(rng: np.random.Generator, d: Dates, rows: np.ndarray, day: Any) -> None:
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


def _form_open(rng: np.random.Generator, d: Dates, rows: np.ndarray, day: Any) -> None:
    """``2023-05-01/..`` (ongoing), ``2023-05-01/`` (end unknown) near the end of the span,
    ``../1903-02-01`` near its start."""
    k = len(rows)
    shape = rng.integers(0, 3, size=k)
    until = shape == 2
    day = np.where(
        until, _FIRST + rng.integers(0, 5 * 365, size=k), _LAST - rng.integers(0, 3 * 365, size=k)
    )
    d.first_day[rows] = np.where(until, NULL, day)
    d.last_day[rows] = np.where(until, day, NULL)
    d.last[rows] = day
    d.precision[rows] = _DAY
    d.ongoing[rows] = ~until
    d.reportable[rows] = False
    text = days_text(day)
    d.text("earliest_csv", rows, pc.if_else(pa.array(until), "", text))
    d.text("latest_csv", rows, pc.if_else(pa.array(until), text, ""))
    shapes = pa.array(["/..", "/", ""])
    d.text("when", rows, join(pc.if_else(pa.array(until), "../", ""), text, take(shapes, shape)))


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
