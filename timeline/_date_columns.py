"""EDTF dates read a whole column at a time: the Parquet loader's dates at C speed.

A Parquet file holds each event's date as EDTF text (``when``, and ``tz``).
Parsing each distinct text into a :class:`~timeline.when.When` costs 8–36 µs;
a million events have hundreds of thousands of distinct texts.  Nearly all of
them are of a few common forms, which :func:`read_dates` recognises on the
bytes of the whole column (numpy), computing their bounds, local keys,
precision and qualifiers vectorised, by the rules of :mod:`timeline.edtf`:

* a year, a month or a day (``2017``, ``2017-09``, ``2017-09-24``), with one
  qualifier ``?``, ``~`` or ``%`` after it, or unspecified ``X`` digits in the
  month or day (``2017-XX``, ``2017-09-XX``, ``2017-XX-XX``); years 0000–9999;
* a time of day (``2017-09-24T13:00``, ``...T13:00:05``), without offset, with
  ``Z`` or with ``+HH:MM`` / ``-HH:MM``, in years 1–9999, read in the row's
  zone when it has one (each distinct wall time and zone looked up once, as
  the parser does; a time that is ambiguous or missing there is not vouched for);
* an interval of these (``a/b``), with an open (``..``) or unknown (empty) end;
* a set of dates (no times: ``[2017-09-24..2017-09-27]``, ``{2017,2018-03~}``, with
  ``..`` ranges and open first or last members).

A row the recogniser cannot vouch for (any other form, a value the rules
refuse, an edge of the calendar) is left ``known = False``: the caller parses
it with :class:`~timeline.when.When` and :meth:`DateColumns.fill` puts its
values in.  A property test checks that every recognised form gives what
``When`` gives.  This module never words an error: refusing is ``When``'s.
"""

from __future__ import annotations

import datetime as _dt
import math
from array import array
from collections.abc import Callable, Sequence
from contextlib import closing
from typing import TYPE_CHECKING, Any, Final

import numpy as np

from timeline import _threads
from timeline._arrow_numpy import combined, from_numpy, int64s, scalar, strings, to_numpy, validity
from timeline.columns import Keys
from timeline.days import local_keys
from timeline.edtf import DAY, KEY_MAX, KEY_MIN, MAX_OFFSET_S, MIN_OFFSET_S, Precision, zone

if TYPE_CHECKING:
    import numpy.typing as npt

    from timeline.when import When

    Bools = npt.NDArray[np.bool_]
    Ints = npt.NDArray[np.int64]
    Floats = npt.NDArray[np.float64]
    Ints32 = npt.NDArray[np.int32]
    Bytes = npt.NDArray[np.uint8]
    Words = npt.NDArray[np.uint64]

__all__ = [
    "PRECISION_NAMES",
    "DateColumns",
    "Repeats",
    "agrees",
    "read_dates",
    "read_with",
    "repeats",
    "string_array",
]

PRECISION_NAMES: Final = tuple(p.name.lower() for p in sorted(Precision))
"""The ``precision`` column's words, by :class:`~timeline.edtf.Precision` value."""

_WIDTH: Final = 26
"""Bytes of an end looked at: the longest, ``2017-09-24T13:00:05+05:30``, and one more."""
_CHUNK: Final = 1 << 18
"""Rows read at a time (bounds the byte matrices' memory)."""
_EDGE: Final = 2 * int(DAY)
"""An instant this close to the ends of years 1–9999 is left to the parser."""
_T_MIN: Final = int(KEY_MIN) + _EDGE
_T_MAX: Final = int(KEY_MAX) - _EDGE

_DASH, _COLON, _T, _X, _Z, _PLUS, _SLASH, _DOT = (ord(c) for c in "-:TXZ+/.")
_BRACKET, _BRACE, _CLOSING = ord("["), ord("{"), {ord("["): ord("]"), ord("{"): ord("}")}
_QUALIFIERS: Final = {ord("?"): 1, ord("~"): 2, ord("%"): 3}
_MONTH_DAYS: Final = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], np.int64)
_YEAR, _MONTH, _DAY = int(Precision.YEAR), int(Precision.MONTH), int(Precision.DAY)
_MINUTE, _SECOND = int(Precision.MINUTE), int(Precision.SECOND)


class DateColumns:
    """The dates of a column's rows: bounds, local keys and what is derived from them.

    ``known[r]``: row ``r``'s values are set (recognised, or :meth:`fill`\\ ed).
    ``lower``/``upper`` are :attr:`When.lower`/:attr:`When.upper` (the sort keys),
    ``local_lower``/``local_upper`` the local keys (:func:`timeline.days.local_keys`);
    ``precision`` a :class:`Precision` value; the day and instant columns are those of
    a Parquet file (days and seconds since 1970), each with a mask of where it is given.
    """

    __slots__ = (
        "approximate",
        "earliest",
        "first_day",
        "has_earliest",
        "has_first_day",
        "has_last_day",
        "has_latest",
        "known",
        "last_day",
        "latest",
        "local_lower",
        "local_upper",
        "lower",
        "precision",
        "uncertain",
        "upper",
    )

    def __init__(self, n: int) -> None:
        self.known: Bools = np.zeros(n, np.bool_)
        self.lower: Floats = np.zeros(n, np.float64)
        self.upper: Floats = np.zeros(n, np.float64)
        self.local_lower: Floats = np.zeros(n, np.float64)
        self.local_upper: Floats = np.zeros(n, np.float64)
        self.precision: Ints = np.zeros(n, np.int64)
        self.uncertain: Bools = np.zeros(n, np.bool_)
        self.approximate: Bools = np.zeros(n, np.bool_)
        self.first_day: Ints = np.zeros(n, np.int64)
        self.has_first_day: Bools = np.zeros(n, np.bool_)
        self.last_day: Ints = np.zeros(n, np.int64)
        self.has_last_day: Bools = np.zeros(n, np.bool_)
        self.earliest: Ints = np.zeros(n, np.int64)
        self.has_earliest: Bools = np.zeros(n, np.bool_)
        self.latest: Ints = np.zeros(n, np.int64)
        self.has_latest: Bools = np.zeros(n, np.bool_)

    def __len__(self) -> int:
        return len(self.known)

    def unknown(self) -> Ints:
        """The rows not known yet (for :meth:`fill`)."""
        result: Ints = np.flatnonzero(~self.known)
        return result

    def put(self, rows: Ints, dates: DateColumns) -> None:
        """Set rows ``rows`` to ``dates`` (as many rows)."""
        for name in self.__slots__:
            getattr(self, name)[rows] = getattr(dates, name)

    def fill(self, rows: Sequence[int], whens: Sequence[When]) -> None:
        """Set rows ``rows`` from their parsed dates ``whens`` (what the parser vouches for)."""
        from timeline.tables import date32_days, derived_of

        if not len(rows):
            return
        at = np.asarray(rows, np.int64)
        derived = derived_of(list(whens))
        lows, highs = local_keys(whens)
        self.lower[at] = [w.lower for w in whens]
        self.upper[at] = [w.upper for w in whens]
        self.local_lower[at] = lows
        self.local_upper[at] = highs
        self.precision[at] = [int(w.precision) for w in whens]
        self.uncertain[at] = [w.uncertain for w in whens]
        self.approximate[at] = [w.approximate for w in whens]
        for name, values, given in (
            ("earliest_day", self.first_day, self.has_first_day),
            ("latest_day", self.last_day, self.has_last_day),
            ("earliest", self.earliest, self.has_earliest),
            ("latest", self.latest, self.has_latest),
        ):
            column = derived[name]
            if name.endswith("_day"):
                column = date32_days(column)
            given[at] = [v is not None for v in column]
            values[at] = [0 if v is None else v for v in column]
        self.known[at] = True

    def fill_unknown(
        self, pa: Any, texts: Any, zones: Any, when: Callable[[str, str | None], When]
    ) -> None:
        """Set the rows left unknown from their texts ``texts`` and zones ``zones`` (Arrow
        arrays of these rows; ``None``: no zones), each parsed by ``when``."""
        others = self.unknown()
        if not len(others):
            return
        at = int64s(pa, others)
        given = texts.take(at).to_pylist()
        places = [None] * len(given) if zones is None else zones.take(at).to_pylist()
        self.fill(others.tolist(), [when(text, tz) for text, tz in zip(given, places, strict=True)])

    def keys_in(self, order: Any) -> Keys:
        """The events' keys in ``order`` (row numbers, a sequence or an integer array), each
        column an ``array("d")``: 8 bytes a key, where a list holds a pointer and a float."""
        return keys_in(order, self.lower, self.upper, self.local_lower, self.local_upper)


def keys_in(
    order: Any, lower: Floats, upper: Floats, local_lower: Floats, local_upper: Floats
) -> Keys:
    """The keys of the rows in ``order`` (:meth:`DateColumns.keys_in`; ``None``: the rows'
    own order) from their columns (a loader that reads the dates a part at a time keeps
    these four alone), the four taken on threads (numpy's gathers release the GIL)."""
    columns = (lower, upper, local_lower, local_upper)
    workers = _threads.WORKERS if len(lower if order is None else order) >= _CHUNK else 1

    def taken(column: Floats) -> array[float]:
        return compact("d", column if order is None else column[order])

    with closing(_threads.in_order(taken, columns, workers)) as keys:
        return Keys(*(key for _, key in keys))


def compact(kind: str, values: Any) -> array[Any]:
    """A numpy array's values as an :class:`array.array` of ``kind`` (8 bytes a value where a
    list holds a pointer and an object of 24–32 bytes)."""
    out = array(kind)
    out.frombytes(np.ascontiguousarray(values).data.cast("B"))  # (one copy)
    return out


# -- reading the bytes -------------------------------------------------------------------


def _civil_days(y: Ints, m: Ints, d: Ints) -> Ints:
    """Days from 1970-01-01 to ``y-m-d`` (:func:`timeline.bigdate.days_from_civil`)."""
    y = y - (m <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * ((m + 9) % 12) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    result: Ints = era * 146097 + doe - 719468
    return result


_YEARS: Final = np.arange(10_000, dtype=np.int64)
_LEAP: Final = ((_YEARS % 4 == 0) & ((_YEARS % 100 != 0) | (_YEARS % 400 == 0))).astype(np.int64)
_NEW_YEAR: Final = _civil_days(_YEARS, np.ones_like(_YEARS), np.ones_like(_YEARS))
"""The day (from 1970-01-01) of each year's 1 January, years 0000-9999."""
_LENGTHS: Final = np.stack([_MONTH_DAYS, _MONTH_DAYS + (np.arange(13) == 2)])
"""The days of each month (1-12) of a common year and of a leap year."""
_BEFORE: Final = np.concatenate([np.zeros((2, 1), np.int64), np.cumsum(_LENGTHS, 1)[:, :-1]], 1)
"""The days of a common and of a leap year before each month (1-12)."""


_MONTH_START: Final = (_NEW_YEAR[:, None] + _BEFORE[_LEAP]).ravel()
"""The day (from 1970-01-01) each month starts, at ``year * 13 + month`` (years 0000-9999):
one read a date, where the tables by leap year and month took three (and a 2-D index)."""
_MONTH_LENGTH: Final = _LENGTHS[_LEAP].ravel()
"""The days of each month, at ``year * 13 + month``."""


def _month_at(y: Ints, m: Ints) -> Ints:
    """Where month ``m`` (1-12) of year ``y`` is in the tables by month (a year outside
    0000-9999 reads one of those: a day of no meaning, which the caller does not keep)."""
    at = np.clip(y, 0, 9999)
    at *= 13
    at += m
    return at


def _days(y: Ints, m: Ints, d: Ints) -> Ints:
    """Days from 1970-01-01 to ``y-m-d``, years 0000-9999 and months 1-12 (read from tables:
    a year outside gives a day of no meaning, which the caller does not keep)."""
    result: Ints = _MONTH_START[_month_at(y, m)]
    result += d
    result -= 1
    return result


def _month_days(y: Ints, m: Ints) -> Ints:
    """The days of month ``m`` (1-12) of year ``y`` (0000-9999, as for :func:`_days`)."""
    result: Ints = _MONTH_LENGTH[_month_at(y, m)]
    return result


class _Ends:
    """Dates read from a matrix of their bytes (``e[k]``: byte ``k`` of each one, zero past
    its text): where each one ends (``length``), whether it is one the rules accept
    (``ok``), its wall time, span, offset, precision and qualifiers."""

    def __init__(self, e: npt.NDArray[np.uint8]) -> None:
        n = e.shape[1]

        def dig(k: int) -> Bools:  # (a byte below '0' wraps past 9)
            found: Bools = (e[k] - np.uint8(48)) < 10
            return found

        def num(k: int) -> Ints:
            value: Ints = e[k].astype(np.int64)
            value -= 48
            return value

        def two(k: int) -> Ints:
            value = num(k)
            value *= 10
            value += num(k + 1)
            return value

        year_ok = dig(0) & dig(1) & dig(2) & dig(3)
        m_x = (e[5] == _X) & (e[6] == _X)
        has_m = year_ok & (e[4] == _DASH) & ((dig(5) & dig(6)) | m_x)
        d_x = (e[8] == _X) & (e[9] == _X)
        has_d = has_m & (e[7] == _DASH) & ((dig(8) & dig(9)) | d_x)
        m_x &= has_m
        d_x &= has_d
        month_given = has_m & ~m_x
        full = has_d & ~d_x & ~m_x  # a whole day, which a time may follow
        has_t = full & (e[10] == _T) & (e[13] == _COLON)
        has_t &= dig(11) & dig(12) & dig(14) & dig(15)
        has_s = has_t & (e[16] == _COLON) & dig(17) & dig(18)
        # where each one's date or time ends: 4, 7, 10, 16 or 19
        pos = np.full(n, 4, np.int64)
        pos[has_m] = 7
        pos[has_d] = 10
        pos[has_t] = 16
        pos[has_s] = 19
        after = np.where(has_d, e[10], np.where(has_m, e[7], e[4]))
        after = np.where(has_t, np.where(has_s, e[19], e[16]), after)
        qual = np.zeros(n, np.int64)
        for mark, bits in _QUALIFIERS.items():
            qual[after == mark] = bits
        qual[has_t] = 0  # (a qualifier after a time: its length says it is not read)
        zulu = has_t & (after == _Z)
        o = [np.where(has_s, e[19 + k], e[16 + k]) for k in range(1, 6)]  # (after a time)
        o_dig = [(b - np.uint8(48)) < 10 for b in o]
        signed = has_t & ((after == _PLUS) | (after == _DASH)) & (o[2] == _COLON)
        signed &= o_dig[0] & o_dig[1] & o_dig[3] & o_dig[4]
        self.length: Ints = pos + (qual > 0) + zulu + 6 * signed

        year = two(0) * 100 + two(2)
        month = np.where(month_given, two(5), 0)
        ok = year_ok & (month <= 12) & (~month_given | (month >= 1))
        ok &= ~(m_x & has_d & ~d_x)  # (2017-XX-15: the parser's)
        first_month = np.where(ok & month_given, month, 1)
        last_month = np.where(ok & month_given, month, 12)
        month_days = _month_days(year, last_month)
        day = np.where(full, two(8), 1)
        ok &= ~full | ((day >= 1) & (day <= month_days))
        first_day = _days(year, first_month, np.where(ok, day, 1))
        last_day = np.where(full, first_day, _days(year, last_month, month_days))

        hour, minute = two(11), two(14)
        second = np.where(has_s, two(17), 0)
        offset_minutes = (o[3].astype(np.int64) - 48) * 10 + (o[4].astype(np.int64) - 48)
        offset_hours = (o[0].astype(np.int64) - 48) * 10 + (o[1].astype(np.int64) - 48)
        offset = np.where(after == _DASH, -1, 1) * (offset_hours * 3600 + offset_minutes * 60)
        offset = np.where(signed, offset, 0)
        ok &= ~has_t | ((year >= 1) & (hour <= 23) & (minute <= 59) & (second <= 59))
        ok &= ~signed | (
            (offset_minutes <= 59) & (offset >= MIN_OFFSET_S) & (offset <= MAX_OFFSET_S)
        )
        clock = np.where(has_t, hour * 3600 + minute * 60 + second, 0)
        self.ok: Bools = ok
        self.timed: Bools = has_t
        self.written: Bools = zulu | signed
        """An offset written (``Z`` or ``±HH:MM``)."""
        self.aware: Bools = self.written.copy()
        """An instant: an offset written, or a zone (set by :func:`_zoned`)."""
        self.offset: Ints = offset
        self.wall: Ints = first_day * int(DAY) + clock
        self.span: Ints = np.where(
            has_t, np.where(has_s, 1, 60), (last_day - first_day + 1) * int(DAY)
        )
        self.precision: Ints = np.where(
            has_t,
            np.where(has_s, _SECOND, _MINUTE),
            np.where(full, _DAY, np.where(month_given, _MONTH, _YEAR)),
        )
        self.qualifiers: Ints = qual
        self.first_day: Ints = first_day
        """The local day it starts on (``wall``'s)."""
        self.last_day: Ints = last_day
        """The local day it ends on (that of its last second)."""

    def lower(self) -> Ints:
        """Each one's first instant (seconds; a time without offset or zone: its wall)."""
        result: Ints = self.wall - np.where(self.aware, self.offset, 0)
        return result

    def zoned(self, pa: Any, pick: Ints, zones: list[str]) -> None:
        """Read the times of ends ``pick`` in their zones ``zones`` (IANA names, which the
        caller has checked): those of each zone at once with Arrow's zone database (from
        1902 to 2036; the others with Python's, one at a time), each vouched for where its
        wall time in the zone is what was written; one ambiguous there
        (two instants) or skipped when the clocks changed (none), or whose written offset
        is not the zone's, is left to the parser (``ok`` false)."""
        if not len(pick):
            return
        names = np.array(zones, dtype=object)
        walls = self.wall[pick]
        listed = (walls >= _LISTED[0]) & (walls < _LISTED[1])
        for name in set(zones):
            in_zone = names == name
            these = pick[in_zone & listed]
            try:
                found = self._in_zone(pa, these, name)
            except pa.ArrowException:  # (a zone Arrow's database lacks: one at a time)
                found = self._one_at_a_time(these, name)
            self._vouch(these, found)
            others = pick[in_zone & ~listed]
            self._vouch(others, self._one_at_a_time(others, name))

    def _vouch(self, these: Ints, found: Ints) -> None:
        """Ends ``these`` are at offsets ``found`` (``_NO_OFFSET``: left to the parser)."""
        if len(these):
            vouched = found != _NO_OFFSET
            self.ok[these[~vouched]] = False
            self.offset[these[vouched]] = found[vouched]
            self.aware[these[vouched]] = True

    def _in_zone(self, pa: Any, these: Ints, name: str) -> Ints:
        """The offsets of zone ``name`` at ends ``these`` (``_NO_OFFSET``: not vouched)."""
        pc = pa.compute
        walls = self.wall[these]
        written = self.written[these]
        offsets = self.offset[these]
        naive = from_numpy(pa, walls, pa.timestamp("s"))
        instants = {}
        for side in ("earliest", "latest"):
            zoned = pc.assume_timezone(naive, timezone=name, ambiguous=side, nonexistent=side)
            instants[side] = np.asarray(to_numpy(pa, zoned.cast(pa.int64())), np.int64)
        instant = np.where(written, walls - offsets, instants["earliest"])
        local = pc.local_timestamp(from_numpy(pa, instant, pa.timestamp("s", tz=name)))
        local_walls = np.asarray(to_numpy(pa, local.cast(pa.int64())), np.int64)
        vouched = local_walls == walls  # (the zone's offset there is the one written)
        vouched &= written | (instants["earliest"] == instants["latest"])
        found: Ints = np.where(vouched, walls - instant, _NO_OFFSET)
        return found

    def _one_at_a_time(self, these: Ints, name: str) -> Ints:
        epoch = _dt.datetime(1970, 1, 1)
        written = np.where(self.written[these], self.offset[these], _NO_OFFSET).tolist()
        found = [
            _zone_offset(epoch, wall, name, given)
            for wall, given in zip(self.wall[these].tolist(), written, strict=True)
        ]
        return np.array([_NO_OFFSET if f is None else f for f in found], np.int64)

    def check_instants(self) -> None:
        """An instant must lie in years 1–9999 in UTC too; one near those ends is left to
        the parser."""
        instants = self.lower()
        self.ok &= ~self.aware | ((instants >= _T_MIN) & (instants < _T_MAX))


_NO_OFFSET: Final = -(10**9)
_LISTED: Final = (
    int((_dt.datetime(1902, 1, 1) - _dt.datetime(1970, 1, 1)).total_seconds()),
    int((_dt.datetime(2037, 1, 1) - _dt.datetime(1970, 1, 1)).total_seconds()),
)
"""The wall times read with Arrow's zone database: those of the transitions a zone file
lists (32-bit seconds from 1970).  Before and after, the zone's rule is applied, where
Arrow's and Python's readings differ (New York in late March 2038 is an hour apart):
Python's zoneinfo, which the parser uses, reads those, one at a time."""


def _zone_offset(epoch: _dt.datetime, wall: int, name: str, written: int) -> int | None:
    """The offset of zone ``name`` at wall time ``wall``, or (``written`` an offset given with
    it) ``written`` if it is the zone's there; ``None`` when the parser must decide."""
    try:
        tz = zone(name)
        if written != _NO_OFFSET:
            instant = wall - written
            if not _T_MIN <= instant < _T_MAX:
                return None
            actual = _dt.datetime.fromtimestamp(instant, tz).utcoffset()
            return written if actual is not None and actual.total_seconds() == written else None
        local = epoch + _dt.timedelta(seconds=wall)
        first = local.replace(tzinfo=tz).utcoffset()
        if first is None or first != local.replace(tzinfo=tz, fold=1).utcoffset():
            return None  # ambiguous, or skipped when the clocks changed
        return int(first.total_seconds())
    except Exception:  # (a zone the rules refuse, a date beyond Python's)
        return None


def _matrix(data: npt.NDArray[np.uint8], starts: Ints, avail: Ints) -> npt.NDArray[np.uint8]:
    """The bytes ``data[starts[i] + k]`` for ``k < _WIDTH``, zero from ``avail[i]`` on, as
    ``e[k, i]`` (a row of each byte's place: the readers read whole rows)."""
    windows = np.lib.stride_tricks.sliding_window_view(data, _WIDTH)
    e: npt.NDArray[np.uint8] = np.ascontiguousarray(windows[np.minimum(starts, len(windows) - 1)].T)
    e *= np.arange(_WIDTH)[:, None] < avail[None, :]
    return e


# -- whole rows ------------------------------------------------------------------------


def read_dates(pa: Any, texts: Any, zones: Any) -> DateColumns:
    """The dates of the rows of ``texts`` (an Arrow string column without nulls) in the
    zones ``zones`` (an Arrow string column, or ``None``): the recognised ones set, the
    others left to the caller (``known`` false)."""
    texts = string_array(pa, texts)
    if zones is not None:
        zones = string_array(pa, zones)
        if zones.null_count == len(zones):
            zones = None
    n = len(texts)
    out = DateColumns(n)
    buffers = texts.buffers()
    offsets = np.frombuffer(buffers[1], np.int32)[texts.offset : texts.offset + n + 1]
    raw = np.frombuffer(buffers[2], np.uint8) if buffers[2] is not None else np.zeros(0, np.uint8)
    data = np.concatenate([raw, np.zeros(_WIDTH, np.uint8)])
    for first in range(0, n, _CHUNK):
        last = min(n, first + _CHUNK)
        starts = offsets[first:last].astype(np.int64)
        lengths = offsets[first + 1 : last + 1].astype(np.int64) - starts
        chunk_zones = None if zones is None else zones.slice(first, last - first)
        _read_rows(pa, out, first, data, starts, lengths, chunk_zones)
    opening = data[np.minimum(offsets[:-1], len(raw))]
    sets = np.flatnonzero(~out.known & ((opening == _BRACKET) | (opening == _BRACE)))
    if len(sets):
        _read_sets(pa, out, sets, texts.take(int64s(pa, sets)), data, offsets)
    return out


def string_array(pa: Any, values: Any) -> Any:
    """``values`` (an Arrow column of strings of any layout) as one array of ``string``."""
    if isinstance(values, pa.ChunkedArray):
        values = combined(pa, values)
    if not values.type.equals(pa.string()):
        values = values.cast(pa.string())
    return values


# -- texts read once for all their rows -------------------------------------------------

_SHORT: Final = 16
"""The longest text :func:`repeats` reads once for all the rows that have it (two 64-bit
words): the days, months and years, which repeat; times and intervals seldom do."""
_SHORT_ROWS: Final = 1 << 20
"""Rows whose short texts are found at a time (on threads)."""
_LOW_BYTES: Final = np.array([(1 << (8 * k)) - 1 for k in range(8)] + [2**64 - 1], np.uint64)
"""The mask of a word's first ``k`` bytes (little-endian), at ``k`` (0-8)."""
_BYTES_1: Final = np.uint64(0x0101010101010101)
_BYTES_80: Final = np.uint64(0x8080808080808080)
_BYTES_T: Final = np.uint64(0x0101010101010101 * _T)
_MIX: Final = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F))


class Repeats:
    """The dates of a column's short texts, each distinct one read once (:func:`repeats`):
    row ``r``'s are row ``codes[r]`` of ``dates``; ``codes[r]`` is -1 for a row read on
    its own (a longer text, a time of day in a zone)."""

    __slots__ = ("codes", "dates", "same")

    def __init__(
        self, codes: Ints32, dates: DateColumns, same: dict[str, Any] | None = None
    ) -> None:
        self.codes = codes
        self.dates = dates
        self.same = same if same is not None else _same_in_all(dates)
        """The columns of ``dates`` of one value (those of every row: set, not taken)."""

    def rows(self, first: int, n: int) -> Repeats:
        """The same for rows ``first`` to ``first + n`` of the column (a part of it)."""
        return Repeats(self.codes[first : first + n], self.dates, self.same)

    def taken(self) -> DateColumns:
        """The dates of the rows (those of the rows read on their own: of no meaning)."""
        codes = self.codes.astype(np.intp)  # (numpy's index: converted once, not once a column)
        out = DateColumns(0)
        for name in DateColumns.__slots__:
            if name in self.same:
                setattr(out, name, np.full(len(codes), self.same[name]))
            else:
                setattr(out, name, np.take(getattr(self.dates, name), codes))
        return out


def _same_in_all(dates: DateColumns) -> dict[str, Any]:
    """The columns of ``dates`` that have one value, and that value."""
    same = {}
    for name in DateColumns.__slots__:
        column = getattr(dates, name)
        if len(column) and (column == column[0]).all():
            same[name] = column[0]
    return same


def repeats(pa: Any, texts: Any, zones: Any, *, always: bool = False) -> Repeats | None:
    """The dates of the short texts (:data:`_SHORT` bytes at most) of the rows of ``texts``
    (an Arrow string column; its nulls are not read) in zones ``zones`` (or ``None``), each
    distinct text read once; ``None`` when they repeat too little to gain (unless
    ``always``): the rows that repeat another fewer than an eighth of the column, or the
    distinct texts more than a third of the short ones (each read once costs about twice
    what a row taking its dates saves).  A short text is read alike in every row that has
    it, save a time of day (a ``T``) in a zone, which is left to its row.  The texts are
    told apart by their bytes and length: hashed to 64 bits (Arrow's ``dictionary_encode``
    of those), each row checked against the one its hash found (a row whose text differs,
    two texts of one hash, is left to its row)."""
    texts = string_array(pa, texts)
    n = len(texts)
    if not n:
        return None
    zoned = None
    if zones is not None and (zones := string_array(pa, zones)).null_count < len(zones):
        zoned = validity(zones)
    valid = validity(texts) if texts.null_count else None
    buffers = texts.buffers()
    offsets = np.frombuffer(buffers[1], np.int32)[texts.offset : texts.offset + n + 1]
    raw = np.frombuffer(buffers[2], np.uint8) if buffers[2] is not None else np.zeros(0, np.uint8)
    words = _Words(raw)

    def short(first: int) -> tuple[Ints32, Words, Words, Bytes, Words]:
        return _short_texts(words, offsets, valid, zoned, first, min(n, first + _SHORT_ROWS))

    chunks = range(0, n, _SHORT_ROWS)
    workers = _threads.WORKERS if len(chunks) > 1 else 1
    with closing(_threads.in_order(short, chunks, workers)) as found:
        parts = [f for _, f in found]
    rows, low, high, lengths, mixed = (np.concatenate([p[k] for p in parts]) for k in range(5))
    del parts
    encoded = pa.compute.dictionary_encode(from_numpy(pa, mixed.view(np.int64), pa.int64()))
    del mixed
    codes = to_numpy(pa, encoded.indices)
    distinct = len(encoded.dictionary)
    if not distinct or (
        not always and (8 * (len(rows) - distinct) < n or 3 * distinct > len(rows))
    ):
        return None
    one = np.empty(distinct, np.int32)
    one[codes] = np.arange(len(rows), dtype=np.int32)  # (a row of each hash: any)
    same = low[one][codes] == low
    same &= high[one][codes] == high
    same &= lengths[one][codes] == lengths
    by_row: Ints32 = np.full(n, -1, np.int32)
    by_row[rows[same]] = codes[same]
    return Repeats(by_row, read_dates(pa, texts.take(int64s(pa, rows[one])), None))


class _Words:
    """The bytes of a column's texts read 8 at a time, where they are (the last ones from a
    copy with zeros after them)."""

    def __init__(self, data: npt.NDArray[np.uint8]) -> None:
        self.size = len(data)
        self.words: Words = np.ndarray((max(0, self.size - 7),), "<u8", data, strides=(1,))
        self.words.flags.writeable = False  # (word i: the 8 bytes from byte i)
        self.tail = max(0, self.size - 2 * _SHORT)
        padded = np.concatenate([data[self.tail :], np.zeros(_SHORT, np.uint8)])
        self.near: Words = np.ndarray((len(padded) - 7,), "<u8", padded, strides=(1,))

    def at(self, starts: Ints) -> tuple[Words, Words]:
        """The first two words of the bytes from each of ``starts`` (in order)."""
        far = int(np.searchsorted(starts, self.size - _SHORT, side="right"))
        low, high = np.empty(len(starts), np.uint64), np.empty(len(starts), np.uint64)
        low[:far] = self.words[starts[:far]]
        high[:far] = self.words[starts[:far] + 8]
        near = starts[far:] - self.tail
        low[far:] = self.near[near]
        high[far:] = self.near[near + 8]
        return low, high


def _short_texts(
    words: _Words, offsets: Any, valid: Bools | None, zoned: Bools | None, first: int, last: int
) -> tuple[Ints32, Words, Words, Bytes, Words]:
    """The rows from ``first`` to ``last`` whose texts :func:`repeats` reads once, their
    bytes as two words each (zero past the text), their lengths and a hash of the three: a
    text of :data:`_SHORT` bytes at most, not null, not a time (a ``T``) in a zone."""
    starts = offsets[first:last].astype(np.int64)
    lengths = offsets[first + 1 : last + 1].astype(np.int64) - starts
    pick = lengths <= _SHORT
    if valid is not None:
        pick &= valid[first:last]
    rows = np.flatnonzero(pick)
    length = lengths[rows]
    low, high = words.at(starts[rows])
    low &= _LOW_BYTES[np.minimum(length, 8)]
    high &= _LOW_BYTES[np.clip(length - 8, 0, 8)]
    if zoned is not None:
        in_zone = np.flatnonzero(zoned[first:last][rows])
        timed = in_zone[_has_t(low[in_zone]) | _has_t(high[in_zone])]
        if len(timed):
            keep = np.ones(len(rows), np.bool_)
            keep[timed] = False
            rows, low, high, length = rows[keep], low[keep], high[keep], length[keep]
    rows += first
    mixed = low * _MIX[0]
    mixed += high * _MIX[1]
    mixed += length.astype(np.uint64)
    return rows.astype(np.int32), low, high, length.astype(np.uint8), mixed


def _has_t(words: Words) -> Bools:
    """Whether each word has a byte ``T`` (a zero byte of ``words ^ TTTTTTTT``)."""
    x = words ^ _BYTES_T
    found: Bools = ((x - _BYTES_1) & ~x & _BYTES_80) != 0
    return found


def read_with(pa: Any, texts: Any, zones: Any, repeats: Repeats | None) -> DateColumns:
    """:func:`read_dates` of ``texts`` in ``zones``, the dates of their short texts taken
    from ``repeats`` (:func:`repeats` of these rows, or ``None``), the others read."""
    if repeats is None:
        return read_dates(pa, texts, zones)
    out = repeats.taken()
    own = np.flatnonzero(repeats.codes < 0)
    if len(own):
        at = int64s(pa, own)
        zones = None if zones is None else string_array(pa, zones).take(at)
        out.put(own, read_dates(pa, string_array(pa, texts).take(at), zones))
    return out


def _zone_names(pa: Any, zones: Any, ends: _Ends, rows: Ints) -> tuple[Ints, list[str]]:
    """The ends among ``rows`` (ends' rows in the chunk) to read in a zone, and the zones."""
    if zones is None:
        return np.zeros(0, np.int64), []
    given = validity(zones)[rows]
    pick = np.flatnonzero(ends.ok & ends.timed & given)
    names: list[str] = zones.take(int64s(pa, rows[pick])).to_pylist()
    return pick, names


def _read_rows(
    pa: Any, out: DateColumns, first: int, data: npt.NDArray[np.uint8], starts: Ints,
    lengths: Ints, zones: Any,
) -> None:  # fmt: skip
    n = len(starts)
    rows = np.arange(n)
    e = _matrix(data, starts, np.minimum(lengths, _WIDTH))
    left = _Ends(e)
    unknown_start = e[0] == _SLASH
    open_start = (e[0] == _DOT) & (e[1] == _DOT) & (e[2] == _SLASH)
    left_length = np.where(unknown_start, 0, np.where(open_start, 2, left.length))
    slash = e[np.minimum(left_length, _WIDTH - 1), rows] == _SLASH
    single = left.ok & (left_length == lengths)
    interval = (left.ok | unknown_start | open_start) & slash & (left_length < lengths)
    left.ok &= single | interval
    left.zoned(pa, *_zone_names(pa, zones, left, rows))
    left.check_instants()

    inner = np.flatnonzero(interval)
    avail = lengths[inner] - left_length[inner] - 1
    r = _matrix(data, starts[inner] + left_length[inner] + 1, np.minimum(avail, _WIDTH))
    right = _Ends(r)
    right.ok &= right.length == avail
    right.zoned(pa, *_zone_names(pa, zones, right, inner))
    right.check_instants()

    s = np.flatnonzero(single & left.ok)
    _put(out, first + s, left, s, right=None, ends=None)
    has_start = left.ok[inner]
    has_end = right.ok
    end_ok = has_end | (avail == 0) | ((avail == 2) & (r[0] == _DOT) & (r[1] == _DOT))
    start_ok = has_start | unknown_start[inner] | open_start[inner]
    ok = start_ok & end_ok & (has_start | has_end)
    lower_end = right.lower() + right.span
    ok &= ~(has_start & has_end) | (lower_end > left.lower()[inner])  # (not before its start)
    j = np.flatnonzero(ok)
    _put(out, first + inner[j], left, inner[j], right=right, ends=(j, has_start[j], has_end[j]))


def _read_sets(
    pa: Any, out: DateColumns, rows: Ints, texts: Any, data: npt.NDArray[np.uint8], offsets: Any
) -> None:
    """Read the sets of dates among ``rows`` (their texts ``texts``): each member a date (no
    time of day), ``a..b`` ranges, ``..a`` first and ``a..`` last (the parser's rules)."""
    pc = pa.compute
    starts = offsets[rows].astype(np.int64)
    ends = offsets[rows + 1].astype(np.int64)
    closing = np.array([_CLOSING[b] for b in data[starts].tolist()], np.uint8)
    closed = (ends - starts >= 2) & (data[np.maximum(ends - 1, 0)] == closing)
    items = pc.split_pattern(pc.utf8_slice_codeunits(texts, 1, -1), ",")
    item_row = np.asarray(to_numpy(pa, pc.list_parent_indices(items)), np.int64)
    per_row = np.asarray(to_numpy(pa, pc.list_value_length(items)), np.int64)
    first_item = np.concatenate([[0], np.cumsum(per_row)[:-1]])
    parts = pc.split_pattern(pc.list_flatten(items), "..")
    part_item = np.asarray(to_numpy(pa, pc.list_parent_indices(parts)), np.int64)
    per_item = np.asarray(to_numpy(pa, pc.list_value_length(parts)), np.int64)
    members = string_array(pa, pc.list_flatten(parts))
    m_buffers = members.buffers()
    m_offsets = np.frombuffer(m_buffers[1], np.int32)[
        members.offset : members.offset + len(members) + 1
    ]
    m_raw = (
        np.frombuffer(m_buffers[2], np.uint8) if m_buffers[2] is not None else np.zeros(0, np.uint8)
    )
    m_data = np.concatenate([m_raw, np.zeros(_WIDTH, np.uint8)])
    m_starts = m_offsets[:-1].astype(np.int64)
    m_lengths = m_offsets[1:].astype(np.int64) - m_starts
    dates = _Ends(_matrix(m_data, m_starts, np.minimum(m_lengths, _WIDTH)))
    good = dates.ok & (dates.length == m_lengths) & ~dates.timed
    empty = m_lengths == 0
    lower = dates.lower()
    upper = lower + dates.span
    # each item: a date, a range a..b, or an open ..a (first) or a.. (last)
    n_items = len(per_item)
    first_part = np.concatenate([[0], np.cumsum(per_item)[:-1]]).astype(np.int64)
    a = np.minimum(first_part, max(len(good) - 1, 0))
    b = np.minimum(first_part + 1, max(len(good) - 1, 0))
    single = (per_item == 1) & good[a]
    pair = per_item == 2
    in_row = np.arange(n_items) - first_item[item_row]
    last_in_row = in_row == per_row[item_row] - 1
    ranged = pair & good[a] & good[b] & (upper[b] > lower[a])
    open_before = pair & empty[a] & good[b] & (in_row == 0)
    open_after = pair & good[a] & empty[b] & last_in_row
    item_ok = single | ranged | open_before | open_after
    bad_items = np.bincount(item_row[~item_ok], minlength=len(rows))
    ok = closed & (bad_items == 0) & (per_row > 0)
    # the bounds: over the members given (an open side: unbounded)
    member_item = part_item
    member_row = item_row[member_item]
    given = good & ~empty
    inf = math.inf
    lows = np.full(len(rows), inf)
    highs = np.full(len(rows), -inf)
    np.minimum.at(lows, member_row[given], lower[given].astype(np.float64))
    np.maximum.at(highs, member_row[given], upper[given].astype(np.float64))
    precision = np.full(len(rows), -1, np.int64)
    np.maximum.at(precision, member_row[given], dates.precision[given])
    qualifiers = np.zeros(len(rows), np.int64)
    np.bitwise_or.at(qualifiers, member_row[given], dates.qualifiers[given])
    opened = np.bincount(item_row[open_before], minlength=len(rows)) > 0
    left_open = np.bincount(item_row[open_after], minlength=len(rows)) > 0
    lows = np.where(opened, -inf, lows)
    highs = np.where(left_open, inf, highs)
    pick = np.flatnonzero(ok)
    at = rows[pick]
    lo, hi = lows[pick], highs[pick]
    out.known[at] = True
    out.lower[at] = lo
    out.upper[at] = hi
    out.local_lower[at] = lo
    out.local_upper[at] = hi
    out.precision[at] = precision[pick]
    out.uncertain[at] = (qualifiers[pick] & 1) > 0
    out.approximate[at] = (qualifiers[pick] & 2) > 0
    has_first = ~opened[pick]
    has_last = ~left_open[pick]
    with np.errstate(invalid="ignore"):
        first_day = np.where(has_first, np.floor_divide(lo, DAY), 0).astype(np.int64)
        last_day = np.where(has_last, -np.floor_divide(-hi, DAY) - 1, 0).astype(np.int64)
    out.first_day[at] = first_day
    out.has_first_day[at] = has_first
    out.last_day[at] = np.where(has_first, np.maximum(last_day, first_day), last_day)
    out.has_last_day[at] = has_last
    out.has_earliest[at] = False
    out.has_latest[at] = False


def _put(
    out: DateColumns,
    at: Ints,
    left: _Ends,
    li: Ints,
    *,
    right: _Ends | None,
    ends: tuple[Ints, Bools, Bools] | None,
) -> None:
    """Set rows ``at`` of ``out``: single dates (``left``'s ``li``), or intervals from
    ``left``'s ``li`` and ``right``'s ``ends[0]``, given where ``ends[1]``, ``ends[2]``."""
    if not len(at):
        return
    seconds = left.lower()[li]  # (the instants, exact: from the integers)
    lower = seconds.astype(np.float64)
    upper = lower + left.span[li]
    local_lower = left.wall[li].astype(np.float64)
    local_upper = local_lower + left.span[li]
    precision = left.precision[li]
    qualifiers: Ints = left.qualifiers[li]
    timed = left.timed[li]
    instant = left.aware[li] & timed
    has_first = np.ones(len(at), np.bool_)
    has_last = has_first.copy()
    first_day = left.first_day[li]
    last_day = left.last_day[li]
    latest = seconds
    if right is not None and ends is not None:
        ri, has_start, has_end = ends
        r_seconds = right.lower()[ri]
        r_lower = r_seconds.astype(np.float64)
        lower = np.where(has_start, lower, -math.inf)
        upper = np.where(has_end, r_lower + right.span[ri], math.inf)
        local_lower = np.where(has_start, local_lower, -math.inf)
        local_upper = np.where(has_end, right.wall[ri] + right.span[ri], math.inf)
        local_upper = np.maximum(local_upper, local_lower)
        precision = np.maximum(
            np.where(has_start, precision, -1), np.where(has_end, right.precision[ri], -1)
        )
        qualifiers = np.bitwise_or(
            np.where(has_start, qualifiers, 0), np.where(has_end, right.qualifiers[ri], 0)
        )
        r_instant = right.aware[ri] & right.timed[ri]
        instant = (~has_start | instant) & (~has_end | r_instant)
        timed = precision >= _MINUTE
        has_first, has_last = has_start, has_end
        first_day = np.where(has_start, first_day, 0)
        last_day = np.where(has_end, right.last_day[ri], 0)  # (one before the start: below)
        latest = r_seconds
    instant &= timed
    out.known[at] = True
    out.lower[at] = lower
    out.upper[at] = upper
    out.local_lower[at] = local_lower
    out.local_upper[at] = local_upper
    out.precision[at] = precision
    out.uncertain[at] = (qualifiers & 1) > 0
    out.approximate[at] = (qualifiers & 2) > 0
    out.first_day[at] = first_day
    out.has_first_day[at] = has_first
    out.last_day[at] = np.where(has_first, np.maximum(last_day, first_day), last_day)
    out.has_last_day[at] = has_last
    out.earliest[at] = np.where(instant & has_first, seconds, 0)
    out.has_earliest[at] = instant & has_first
    out.latest[at] = np.where(instant & has_last, latest, 0)
    out.has_latest[at] = instant & has_last


# -- the file's own derived columns ----------------------------------------------------


def agrees(pa: Any, table: Any, dates: DateColumns) -> bool:
    """True when the columns derived from ``when`` that ``table`` has (``precision``,
    ``uncertain``, ``approximate``, the days and the instants) are those of ``dates``
    (every row known); a column that cannot be read so (instants not in whole seconds)
    disagrees."""
    pc = pa.compute
    names = set(table.schema.names)
    if "precision" in names:
        given = table.column("precision")
        if given.null_count:
            return False
        codes = pc.index_in(given, value_set=strings(pa, PRECISION_NAMES))
        if codes.null_count or not np.array_equal(to_numpy(pa, codes), dates.precision):
            return False
    for name, flags in (("uncertain", dates.uncertain), ("approximate", dates.approximate)):
        if name in names:
            given = table.column(name)
            if given.null_count or not np.array_equal(to_numpy(pa, given), flags):
                return False
    for name, values, present, as_numbers in (
        ("earliest_day", dates.first_day, dates.has_first_day, (pa.date32(), pa.int32())),
        ("latest_day", dates.last_day, dates.has_last_day, (pa.date32(), pa.int32())),
        ("earliest", dates.earliest, dates.has_earliest, (pa.timestamp("s", tz="UTC"), pa.int64())),
        ("latest", dates.latest, dates.has_latest, (pa.timestamp("s", tz="UTC"), pa.int64())),
    ):
        if name not in names:
            continue
        given = table.column(name)
        try:
            for kind in as_numbers:
                given = given.cast(kind)
        except pa.ArrowInvalid:
            return False  # (not whole seconds: the row-by-row path says so)
        valid = validity(given)
        if not np.array_equal(valid, present):
            return False
        numbers = np.asarray(to_numpy(pa, pc.fill_null(given, scalar(pa, 0, given.type))), np.int64)
        if not np.array_equal(numbers[present], values[present]):
            return False
    return True
