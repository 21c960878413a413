"""A timeline as a table: :meth:`Timeline.to_pandas` and :meth:`Timeline.to_arrow`.

One row per event, in the timeline's order, with these columns:

================  ======================  ===================================================
column            pandas / Arrow type     value
================  ======================  ===================================================
``id``            str / string
``title``         str / string
``status``        str / string            ``happened``, ``planned``...
``when``          str / string            the EDTF text (``2017-09-24/2017-09-27``)
``tz``            str / string            the event's IANA zone, or null
``precision``     str / string            ``day``, ``month``, ``minute``...
``uncertain``     bool                    ``?`` somewhere in the date
``approximate``   bool                    ``~`` somewhere in the date
``earliest_day``  datetime64[s] / date32  the first day it can be, on its own clock
``latest_day``    datetime64[s] / date32  the last day it can be (inclusive)
``earliest``      datetime64[s, UTC] /    the first instant, for a time with a zone or
                  timestamp[s, UTC]       offset (every part of it); else null
``latest``        (the same)              the last instant (``13:00`` is 13:00:00), or null
``tags``          tuple / list of str     the tags
``places``        tuple / list of str     the places' names
``sources``       tuple / list of str     the ids of the sources it cites
``summary``       str / string
================  ======================  ===================================================

* **Days** (a date, a month, an interval of days...) fill ``earliest_day`` and
  ``latest_day`` only: a calendar day is no instant, and the same wherever it is
  read.  A **time with a zone or offset** fills all four; its days are those
  of its own clock (Harvey's landfall, 22:00 CDT on 25 August, is on the 25th,
  at ``2017-08-26 03:00:00+00:00``).  A **time without zone or offset** is a
  wall-clock time, no instant: its days only.  These are :attr:`When.earliest_day
  <timeline.when.When.earliest_day>`, ``latest_day``, ``earliest_time`` and
  ``latest_time``, in UTC.
* **Open or unknown ends** are null (``2017-09-24/..`` has no ``latest_day``).
* Years 1 to 9999 fit: the columns count in seconds, not nanoseconds.  pandas
  has no date type of its own, so its day columns are midnights without zone.
  Days outside years 1–9999 (``-1985``, ``Y-17E7``) are there too (pandas's
  seconds reach 292 billion years); Arrow's ``date32`` holds about 5.8
  million years either side of 1970, and a day beyond is null (with a
  :class:`~timeline.errors.TimelineWarning` naming the event).

pandas and pyarrow are optional (``pip install "edtf-timeline[analysis]"``),
imported only by these functions: ``import timeline`` never loads them.

A timeline loaded from a Parquet file (or a dataset's window), or from a big TOML file, is
held as columns: its table is read from them, not from its events, and no event is made
(:mod:`timeline._arrow_tables`: a million events from Parquet in about 2.5 s of CPU for
``to_arrow``, where making every event first took 52 s; 100k from TOML 0.9–1.0 s, where
making them took 5.1 s). The table is the same either way.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING, Any, Final

from timeline.columns import EventColumns, TableRows, whens_of
from timeline.days import is_instant, local_keys
from timeline.edtf import DAY
from timeline.errors import Problem, warn_all
from timeline.models import Event, Timeline
from timeline.when import Kind, Precision, When

if TYPE_CHECKING:
    import pandas
    import pyarrow

__all__ = ["COLUMNS", "arrow_arrays", "table_arrays", "to_arrow", "to_pandas"]

COLUMNS: Final = (
    "id",
    "title",
    "status",
    "when",
    "tz",
    "precision",
    "uncertain",
    "approximate",
    "earliest_day",
    "latest_day",
    "earliest",
    "latest",
    "tags",
    "places",
    "sources",
    "summary",
)
"""The columns of :func:`to_pandas` and :func:`to_arrow`, in order."""

_DISTRIBUTION: Final = "edtf-timeline"
_NAT: Final = -(2**63)  # numpy's "not a time"


def _need(module: str, extra: str, caller: str) -> Any:
    """Import ``module``, or say which extra installs it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(
            f"{caller} needs {module.split('.')[0]}, which is not installed: "
            f'pip install "{_DISTRIBUTION}[{extra}]"'
        ) from exc


_TIMED: Final = (Precision.MINUTE, Precision.SECOND)
_NONE: Final[tuple[str, ...]] = ()


def _columns(tl: Timeline) -> dict[str, list[Any]]:
    """The table as lists, days and instants as integers (days and seconds since 1970),
    ``None`` where null, the list columns as tuples.

    Few new containers per row (a shared empty tuple, the event's own ``tags``):
    each one counts towards the cyclic collector's next full pass over the timeline.
    """
    return _columns_of(tl.events)


def _columns_of(events: Sequence[Event]) -> dict[str, list[Any]]:
    """:func:`_columns` of ``events`` (in their order)."""
    return {
        "id": [e.id for e in events],
        "title": [e.title for e in events],
        "status": [e.status._value_ for e in events],  # (.value is a slow property)
        **derived_of(whens_of(events)),
        "tags": [e.tags for e in events],
        "places": [tuple([p.name for p in e.places]) if e.places else _NONE for e in events],
        "sources": [tuple([c.source for c in e.sources]) if e.sources else _NONE for e in events],
        "summary": [e.summary for e in events],
    }


def _derived(tl: Timeline) -> dict[str, list[Any]]:
    """The columns of the events' dates, in :data:`COLUMNS` order: ``when`` and ``tz``, then
    what is derived from them (``precision`` to ``latest``), as :func:`_columns` has them."""
    return derived_of(whens_of(tl.events))


def derived_of(whens: Sequence[When]) -> dict[str, list[Any]]:
    """The columns of :func:`_derived` for the dates ``whens`` (a loader checks a file's
    derived columns against them before it builds any event)."""
    lowers, uppers = local_keys(whens)  # the local keys: each value on its own clock
    days = _days(lowers, uppers)
    if days is not None:
        first_days, last_days = days
    else:
        first_days, last_days = _days_one_by_one(lowers, uppers)
    firsts: list[int | None] = []
    lasts: list[int | None] = []
    minute, second = _TIMED
    date = Kind.DATE
    for w in whens:
        precision = w.precision
        if not (precision is minute or precision is second) or not is_instant(w):
            firsts.append(None)
            lasts.append(None)
            continue
        first = None if w.lower == -math.inf else int(w.lower)
        firsts.append(first)
        if w.kind is date:  # its one instant
            lasts.append(first)
        else:
            latest = w.latest_time
            lasts.append(None if latest is None else int(latest.timestamp()))
    return {
        "when": [w.edtf for w in whens],
        "tz": [w.tz for w in whens],
        "precision": [_PRECISIONS[w.precision] for w in whens],
        "uncertain": [w.uncertain for w in whens],
        "approximate": [w.approximate for w in whens],
        "earliest_day": first_days,
        "latest_day": last_days,
        "earliest": firsts,
        "latest": lasts,
    }


def _days(
    lowers: Sequence[float], uppers: Sequence[float]
) -> tuple[list[int | None], list[int | None]] | None:
    """The first and last days of the local keys ``lowers``, ``uppers`` (:func:`derived_of`'s
    ``earliest_day``, ``latest_day``), a whole column at a time with numpy, as
    :func:`_days_one_by_one` counts them; ``None`` when a day is too far for 64 bits."""
    import numpy as np  # (the callers' pandas or pyarrow need it)

    lo = np.asarray(lowers, np.float64)
    hi = np.asarray(uppers, np.float64)
    has_lo = lo != -math.inf
    has_hi = hi != math.inf
    start = np.floor_divide(np.where(has_lo, lo, 0.0), DAY)  # (as float //: Python's rule)
    end = -np.floor_divide(-np.where(has_hi, hi, 0.0), DAY) - 1  # (the day before the end's)
    if len(lo) and max(np.abs(start).max(), np.abs(end).max()) >= 2**53:
        return None
    end = np.where(has_lo & (end < start), start, end)
    first_days: list[int | None] = start.astype(np.int64).tolist()
    last_days: list[int | None] = end.astype(np.int64).tolist()
    for days, given in ((first_days, has_lo), (last_days, has_hi)):
        for i in np.flatnonzero(~given).tolist():
            days[i] = None
    return first_days, last_days


def _days_one_by_one(
    lowers: Sequence[float], uppers: Sequence[float]
) -> tuple[list[int | None], list[int | None]]:
    """:func:`_days`, a value at a time (any size of day)."""
    first_days: list[int | None] = []
    last_days: list[int | None] = []
    for lo, hi in zip(lowers, uppers, strict=True):
        start = None if lo == -math.inf else int(lo // DAY)
        first_days.append(start)
        if hi == math.inf:
            last_days.append(None)
        else:
            end = -int(-hi // DAY) - 1  # (the day before the one the exclusive end starts)
            last_days.append(end if start is None or end >= start else start)
    return first_days, last_days


_PRECISIONS: Final = {p: p.name.lower() for p in Precision}


_DAY_COLUMNS: Final = ("earliest_day", "latest_day")
_LISTS: Final = ("tags", "places", "sources")
_INSTANT_COLUMNS: Final = ("earliest", "latest")


_DATE32: Final = range(-(2**31), 2**31)


def _within_date32(tl: Timeline, name: str, days: list[int | None]) -> list[int | None]:
    """``days``, with null for a day Arrow's ``date32`` cannot hold, each named in a warning."""
    outside = [i for i, d in enumerate(days) if d is not None and d not in _DATE32]
    if not outside:
        return days
    events = tl.events
    warn_all((_beyond_date32(events[i].when, events[i].id, name) for i in outside), stacklevel=3)
    return date32_days(days)


def date32_days(days: list[int | None]) -> list[int | None]:
    """``days`` with null for each day Arrow's ``date32`` cannot hold (no warning)."""
    return [d if d is None or d in _DATE32 else None for d in days]


def to_arrow(tl: Timeline) -> pyarrow.Table:
    """``tl`` as a :class:`pyarrow.Table` with :data:`COLUMNS` (see the module).

    Raises :class:`ImportError` naming the extra to install when pyarrow is missing.
    A day further than ``date32`` holds (about 5.8 million years from 1970) is
    null, with a :class:`~timeline.errors.TimelineWarning` naming the event.
    """
    pa = _need("pyarrow", "arrow", "Timeline.to_arrow()")
    arrays = table_arrays(pa, tl)
    return pa.Table.from_arrays([arrays[name] for name in COLUMNS], names=list(COLUMNS))


_WHOLE: Final = slice(None)
"""Every position (of :func:`checked_part`)."""


def table_arrays(pa: Any, tl: Timeline) -> dict[str, Any]:
    """The columns of :func:`to_arrow` by name (Arrow arrays or chunked arrays; the Parquet
    writer's too): read from the columns of a timeline held as columns, else from its
    events; each day further than ``date32`` holds is null, named in a warning."""
    held = _read(tl)
    return arrow_arrays(pa, date32_columns(tl)) if held is None else checked_part(tl, _WHOLE, held)


def checked_part(tl: Timeline, part: slice, arrays: dict[str, Any]) -> dict[str, Any]:
    """``arrays`` (the table's columns of the positions ``part`` of a timeline held as
    columns, read from them), each day further than ``date32`` holds named in a warning
    (the Parquet writer makes a big file a row group at a time)."""
    _warn_beyond(tl.events, _beyond(tl, part, arrays))
    return arrays


def held_arrays(pa: Any, tl: Timeline) -> dict[str, Any] | None:
    """The columns of :func:`to_arrow` read from the columns of a timeline held as columns
    (no event made, no warning: a day further than ``date32`` holds is null); ``None`` for
    a timeline of events."""
    return _read(tl)


def _read(tl: Timeline) -> dict[str, Any] | None:
    """The table's columns (Arrow) read from the columns of a
    timeline held as columns (a Parquet file, a dataset's window:
    :mod:`timeline._arrow_tables`), no event made.  ``None`` for a timeline of events (or
    one whose rows were read one at a time)."""
    events = tl.events
    if not isinstance(events, EventColumns) or not events:  # (none: none to make)
        return None
    source = events.source
    return source.arrow_columns(events.rows) if isinstance(source, TableRows) else None


def _beyond(tl: Timeline, part: slice, arrays: dict[str, Any]) -> dict[str, list[int]]:
    """By day column, the positions (of ``part``) of the days further than ``date32``
    holds: null in ``arrays``, though the timeline's bound is not open."""
    import numpy as np  # (pyarrow needs it)

    from timeline._arrow_numpy import validity

    events = tl.events
    assert isinstance(events, EventColumns)
    keys = events.keys
    whole = part == _WHOLE
    start = part.indices(len(events))[0]
    beyond: dict[str, list[int]] = {}
    for name, bounds, open_end in (
        ("earliest_day", keys.local_lowers, -math.inf),
        ("latest_day", keys.local_uppers, math.inf),
    ):  # (a day absent though its bound is not: further than date32 holds)
        ours = np.asarray(bounds if whole else bounds[part], np.float64)
        lost = ~validity(arrays[name]) & (ours != open_end)
        beyond[name] = (np.flatnonzero(lost) + start).tolist()
    return beyond


def _warn_beyond(events: Sequence[Event], beyond: dict[str, list[int]]) -> None:
    """Warn of each day further than ``date32`` holds, at its position (by column)."""
    assert isinstance(events, EventColumns)
    whens, ids = events.whens, events.ids
    warn_all(
        (
            _beyond_date32(whens[p], ids[p], name)
            for name, positions in beyond.items()
            for p in positions
        ),
        stacklevel=3,
    )


def _beyond_date32(when: When, event_id: str, name: str) -> Problem:
    return Problem(
        f"{when} lies outside what Arrow's date32 holds (about 5.8 million"
        " years either side of 1970): null",
        event=event_id,
        field=name,
    )


def event_arrays(pa: Any, events: Sequence[Event]) -> dict[str, pyarrow.Array]:
    """The columns of :func:`to_arrow` of ``events`` (in their order), by name; a day
    further than ``date32`` holds is null, not named (the caller names it)."""
    columns = _columns_of(events)
    for name in _DAY_COLUMNS:
        columns[name] = date32_days(columns[name])
    return arrow_arrays(pa, columns)


def date32_columns(tl: Timeline) -> dict[str, list[Any]]:
    """:func:`_columns` with null (and a warning naming the event) for each day further
    than Arrow's ``date32`` holds: the columns :func:`to_arrow` and Parquet files have."""
    columns = _columns(tl)
    for name in _DAY_COLUMNS:
        columns[name] = _within_date32(tl, name, columns[name])
    return columns


def arrow_arrays(pa: Any, columns: dict[str, list[Any]]) -> dict[str, pyarrow.Array]:
    """The Arrow arrays of :data:`COLUMNS` from ``columns`` (as :func:`_columns` makes them;
    those it has), by name; ``pa`` is the pyarrow module (the Parquet writer makes its
    columns with it too)."""
    text, words = pa.string(), pa.list_(pa.string())
    types = {
        "uncertain": pa.bool_(),
        "approximate": pa.bool_(),
        "earliest_day": pa.date32(),
        "latest_day": pa.date32(),
        "earliest": pa.timestamp("s", tz="UTC"),
        "latest": pa.timestamp("s", tz="UTC"),
        "tags": words,
        "places": words,
        "sources": words,
    }
    from timeline._arrow_numpy import from_python  # (numpy; pyarrow.array imports pandas)

    arrays: dict[str, pyarrow.Array] = {}
    for name in [c for c in COLUMNS if c in columns]:
        kind = types.get(name, text)
        values = columns[name]
        if name in _DAY_COLUMNS:
            arrays[name] = from_python(pa, values, pa.int32()).cast(kind)
        elif name in _INSTANT_COLUMNS:
            arrays[name] = from_python(pa, values, pa.int64()).cast(kind)
        else:
            arrays[name] = from_python(pa, values, kind)
    return arrays


def to_pandas(tl: Timeline) -> pandas.DataFrame:
    """``tl`` as a :class:`pandas.DataFrame` with :data:`COLUMNS` (see the module).

    Raises :class:`ImportError` naming the extra to install when pandas is missing.
    """
    pd = _need("pandas", "pandas", "Timeline.to_pandas()")
    np = importlib.import_module("numpy")  # (pandas needs it)
    columns: dict[str, Any] | None = _held_series(tl)
    if columns is None:
        columns = dict(_columns(tl))
        for name in (*_DAY_COLUMNS, *_INSTANT_COLUMNS):
            numbers = [_NAT if n is None else n for n in columns[name]]
            columns[name] = np.array(numbers, dtype=np.int64)
    for name in _DAY_COLUMNS:
        days = columns[name]
        columns[name] = pd.Series(days.view("datetime64[D]").astype("datetime64[s]"))
    for name in _INSTANT_COLUMNS:
        seconds = columns[name]
        columns[name] = pd.Series(seconds.view("datetime64[s]")).dt.tz_localize("UTC")
    frame: pandas.DataFrame = pd.DataFrame(columns, columns=list(COLUMNS))
    return frame


def _held_series(tl: Timeline) -> dict[str, Any] | None:
    """The columns of :func:`to_pandas` read from the columns of a timeline held as columns
    (:func:`_read`), no event made, as :func:`_columns` gives them but for the days and
    instants (numpy ``int64``, ``NaT`` where null) and the texts (as pyarrow gives them to
    pandas); ``None`` for a timeline of events."""
    events = tl.events
    if not isinstance(events, EventColumns):
        return None
    pa = _need("pyarrow", "arrow", "Timeline.to_pandas()")  # (held as columns: installed)
    arrays = _read(tl)
    if arrays is None:
        return None
    import numpy as np

    from timeline._arrow_numpy import scalar, to_numpy, validity

    beyond = _beyond(tl, _WHOLE, arrays)
    columns: dict[str, Any] = {}
    for name in COLUMNS:
        column = arrays[name]
        if name in _DAY_COLUMNS or name in _INSTANT_COLUMNS:
            column = column.cast(pa.int32() if name in _DAY_COLUMNS else pa.int64())
            filled = column.fill_null(scalar(pa, 0, column.type))
            numbers = np.asarray(to_numpy(pa, filled), np.int64)  # (before NaT: 64 bits)
            columns[name] = np.where(validity(column), numbers, np.int64(_NAT))
        elif name in _LISTS:
            columns[name] = _tuples(pa, column)
        elif pa.types.is_boolean(column.type):
            columns[name] = to_numpy(pa, column)
        elif column.null_count == len(column):  # (as a list of None is: no type to infer)
            columns[name] = [None] * len(column)
        else:
            columns[name] = column.to_pandas()
    whens = events.whens
    for name, positions in beyond.items():  # (pandas holds them: the days themselves)
        days = derived_of([whens[p] for p in positions])[name]
        columns[name][positions] = days
    return columns


def _tuples(pa: Any, column: Any) -> list[tuple[str, ...]]:
    """A list column (no nulls) as a tuple per row, each distinct tuple made once: a new
    container per row would count towards the cyclic collector's next full pass (a
    million rows: 2.5 s of collections over the timeline's objects)."""
    from timeline._arrow_numpy import to_numpy

    out: list[tuple[str, ...]] = []
    seen: dict[tuple[str, ...], tuple[str, ...]] = {}
    keep = seen.setdefault
    for chunk in column.chunks:
        words = chunk.flatten().to_pylist()
        offsets = to_numpy(pa, chunk.offsets).tolist()
        base = offsets[0]  # (flatten starts at the chunk's first value)
        for start, end in pairwise(offsets):
            if start == end:
                out.append(_NONE)
            else:
                row = tuple(words[start - base : end - base])
                out.append(keep(row, row))
    return out
