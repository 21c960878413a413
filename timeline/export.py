"""Exports: TimelineJS3 JSON, CSV, and the one entry point :func:`export`.

:func:`export` picks the format from the file name (``.ics``, ``.json``,
``.csv``) or from ``fmt``, writes atomically, and writes to standard output
when ``out`` is ``"-"``.  The command line calls exactly this.
"""

from __future__ import annotations

import csv
import datetime as _dt
import html
import io
import json
import os
import re
import sys
from pathlib import Path
from typing import Any, Final

import attrs

from timeline._atomic import atomic_write
from timeline.bigdate import BigDate
from timeline.codec import event_to_data
from timeline.columns import EventColumns, whens_at
from timeline.edtf import DAY, KEY_MAX, KEY_MIN
from timeline.errors import TimelineError
from timeline.i18n import export_labels
from timeline.ical import CancelledMode, to_ics
from timeline.models import Era, Event, Status, Timeline
from timeline.when import Kind, Precision, When

__all__ = ["CSV_COLUMNS", "FORMATS", "export", "to_csv", "to_timelinejs"]

FORMATS: Final = ("ics", "json", "csv")
"""The formats :func:`export` writes."""

_ALIASES: Final = {
    "ics": "ics",
    "ical": "ics",
    "icalendar": "ics",
    "json": "json",
    "timelinejs": "json",
    "csv": "csv",
}

CSV_COLUMNS: Final = (
    "id",
    "title",
    "edtf",
    "tz",
    "earliest",
    "latest",
    "precision",
    "uncertain",
    "approximate",
    "status",
    "tags",
    "places",
    "summary",
    "sources",
)

# -- TimelineJS3 -----------------------------------------------------------------


def _first(when: When) -> _dt.date | BigDate:
    """The first day (or instant) of a value bounded below (a BigDate outside years 1–9999)."""
    value = when.earliest if when.fits else when.earliest_bigdate
    assert value is not None
    return value


def _last(when: When) -> _dt.date | BigDate:
    """The last day (or instant) of a value bounded above (see :func:`_first`)."""
    value = when.latest if when.fits else when.latest_bigdate
    assert value is not None
    return value


# TimelineJS draws dates as JavaScript Dates (its "human" scale), which hold
# years -271821 to 275760; beyond, its "cosmological" scale counts in years.
_JS_YEARS: Final = range(-271_820, 275_760)


def _tl_date(value: _dt.date | BigDate, precision: Precision) -> dict[str, int]:
    """A TimelineJS date object, only as fine as the value is known."""
    out = {"year": value.year}
    if precision >= Precision.SEASON:
        out["month"] = value.month
    if precision >= Precision.DAY:
        out["day"] = value.day
    if precision >= Precision.MINUTE and isinstance(value, _dt.datetime):
        out["hour"] = value.hour
        out["minute"] = value.minute
        if precision >= Precision.SECOND:
            out["second"] = value.second
    return out


def _bounds(when: When) -> tuple[dict[str, int], dict[str, int] | None]:
    """``start_date`` and ``end_date`` (``None`` when the same) of a value."""
    if when.kind is Kind.SET:
        members = when.choices
        first = min(members, key=lambda m: m.lower)
        last = max(members, key=lambda m: m.upper)
        start = _tl_date(_first(first), first.precision)
        end = _tl_date(_last(last), last.precision)
    elif when.kind is Kind.INTERVAL:
        parts = [p for p in (when.start, when.end) if p is not None]
        first, last = parts[0], parts[-1]
        start = _tl_date(_first(first), first.precision)
        end = _tl_date(_last(last), last.precision)
        if len(parts) == 1:  # an open or unknown end: only the known one
            return start, None
    else:
        start = _tl_date(_first(when), when.precision)
        end = _tl_date(_last(when), when.precision)
    return start, (end if end != start else None)


def _paragraphs(text: str) -> str:
    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    return "".join(
        "<p>" + "<br>".join(html.escape(line) for line in b.split("\n")) + "</p>" for b in blocks
    )


def _event_text(tl: Timeline, event: Event, locale: str) -> str:
    parts = [_paragraphs(event.summary)]
    if event.status is not Status.HAPPENED:
        parts.append(f"<p><em>{html.escape(event.status.value)}</em></p>")
    links = []
    for citation, source in tl.citations_of(event):
        label = html.escape(source.title)
        if source.url:
            label = f'<a href="{html.escape(source.url, quote=True)}">{label}</a>'
        if citation.disagrees_with(event.when) and citation.reported is not None:
            label += " — ⚠ " + html.escape(citation.reported.describe(locale))
        links.append(f"<li>{label}</li>")
    if links:
        parts.append("<ul>" + "".join(links) + "</ul>")
    return "".join(parts)


def to_timelinejs(tl: Timeline, locale: str = "en") -> dict[str, Any]:
    """The timeline as TimelineJS3 JSON (a dict ready for :func:`json.dumps`).

    Dates carry only the fields the value really has (a month has no day);
    ``display_date`` is :meth:`When.describe` in ``locale``; all text
    (headlines, texts, ``display_date``, ``group``) is HTML-escaped, since
    TimelineJS inserts it as HTML.  ``group`` is the first tag, ``unique_id``
    the event id (an id has no markup characters).  The timeline's eras are
    TimelineJS ``eras`` (``start_date``, ``end_date`` and the title as
    ``text.headline``; TimelineJS has no colour for them).  Years are
    astronomical (``-1985`` is 1986 BCE, as EDTF's); a year beyond what
    JavaScript dates hold (before -271820 or after 275759) sets TimelineJS's
    ``"scale": "cosmological"``, which counts in years.

    >>> from timeline import Event, Timeline, When
    >>> tl = Timeline("T", [Event("a", "A", When.parse("2017-09"))])
    >>> to_timelinejs(tl)["events"][0]["start_date"]
    {'year': 2017, 'month': 9}
    """
    if not isinstance(tl, Timeline):
        raise TimelineError(f"to_timelinejs: expected a Timeline, not {type(tl).__name__}")
    events: list[dict[str, Any]] = []
    cosmological = False
    for event in tl.events:
        start, end = _bounds(event.when)
        if not event.when.fits:
            years = (start["year"], (end or start)["year"])
            cosmological = cosmological or any(y not in _JS_YEARS for y in years)
        item: dict[str, Any] = {"start_date": start}
        if end is not None:
            item["end_date"] = end
        item["display_date"] = html.escape(event.when.describe(locale))
        item["text"] = {
            "headline": html.escape(event.title),
            "text": _event_text(tl, event, locale),
        }
        if event.tags:
            item["group"] = html.escape(event.tags[0])
        item["unique_id"] = event.id
        events.append(item)
    out: dict[str, Any] = {}
    if tl.title.strip() or tl.description.strip():
        out["title"] = {
            "text": {"headline": html.escape(tl.title), "text": _paragraphs(tl.description)}
        }
    out["events"] = events
    if tl.eras:
        out["eras"] = [_era(era) for era in tl.eras]
        for era in out["eras"]:
            years = (era["start_date"]["year"], era["end_date"]["year"])
            cosmological = cosmological or any(y not in _JS_YEARS for y in years)
    if cosmological:
        out["scale"] = "cosmological"
    return out


def _era(era: Era) -> dict[str, Any]:
    """A TimelineJS era: both dates are required (a one-day era ends on its start)."""
    start, end = _bounds(era.when)
    return {
        "start_date": start,
        "end_date": start if end is None else end,
        "text": {"headline": html.escape(era.title)},
    }


# -- CSV -----------------------------------------------------------------------------

_ONE_MINUTE: Final = _dt.timedelta(minutes=1)
_CONTROL_START: Final = ("\t", "\r")
# A formula character where a spreadsheet may start a cell: at the start, or
# after any separator a spreadsheet may split on (``,`` ``;`` tab ``|``, whatever
# the file was written with: Excel uses ``;`` in de/fr/es locales) or after a line
# break (in a quoted field), with spaces and quotes before it.
_FORMULA_AT_CELL_START: Final = re.compile(r"(^|[,;|\t\r\n])([\s\"]*)(?=[=+\-@])")
# (the same places, found faster: most cells have none, and this is per cell)
_FORMULA_AFTER_SEPARATOR: Final = re.compile(r"[,;|\t\r\n][\s\"]*[=+\-@]").search
_FORMULA_AT_START: Final = re.compile(r"[\s\"]*[=+\-@]").match


def _cell(value: str) -> str:
    """A cell no spreadsheet will run as a formula (OWASP CSV injection).

    An apostrophe goes before every formula character (``= + - @``) that could
    start a cell, whichever separator the spreadsheet splits the file on, and
    before a leading tab or carriage return.
    """
    if value.startswith(_CONTROL_START):
        value = "'" + value
    elif _FORMULA_AT_START(value) is None and _FORMULA_AFTER_SEPARATOR(value) is None:
        return value
    return _FORMULA_AT_CELL_START.sub(r"\1\2'", value)


def _iso(value: _dt.date | BigDate | None) -> str:
    """ISO 8601 text of a bound.  An instant whose zone then had an offset in
    seconds (local mean time before standard time: Paris was ``+00:09:21``
    until 1911) is written in UTC: ISO 8601 offsets have hours and minutes
    only, and readers such as pandas refuse ``+00:09:21``."""
    if value is None:
        return ""
    if isinstance(value, _dt.datetime):
        offset = value.utcoffset()
        if offset is not None and offset % _ONE_MINUTE:
            value = value.astimezone(_dt.UTC)
    return value.isoformat()


def to_csv(tl: Timeline) -> str:
    """One row per event, with a header row; columns :data:`CSV_COLUMNS`.

    Lists (tags, places, source ids) are joined with ``;``; booleans are
    ``true``/``false``; ``earliest``/``latest`` are ISO dates (or date-times)
    and empty when unbounded.  An apostrophe goes before anything a
    spreadsheet could take for the start of a formula (``= + - @`` at the
    start of a cell, after any separator ``, ; | tab`` or after a line break;
    a leading tab or CR), so that no formula runs whatever separator the file
    is read with.
    """
    if not isinstance(tl, Timeline):
        raise TimelineError(f"to_csv: expected a Timeline, not {type(tl).__name__}")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    held = _held_csv(tl)
    if held is not None:
        return buffer.getvalue() + held
    for row in map(_row, tl.events):
        # one search per row finds whether any cell needs a guard (a line break
        # before each cell stands for its start); most rows need none
        joined = "\n" + "\n".join(row)
        if _FORMULA_AFTER_SEPARATOR(joined) or "\n\t" in joined or "\n\r" in joined:
            row = [_cell(value) for value in row]
        writer.writerow(row)
    return buffer.getvalue()


def _row(e: Event) -> list[str]:
    """An event's CSV row (:data:`CSV_COLUMNS`)."""
    w = e.when
    data = event_to_data(e)  # the plain columns; the rest is worked out from the date
    return [
        data["id"],
        data["title"],
        data["when"],
        data.get("tz", ""),
        *_bounds_text(w),
        w.precision.name.lower(),
        "true" if w.uncertain else "false",
        "true" if w.approximate else "false",
        data.get("status", Status.HAPPENED.value),
        ";".join(data.get("tags", ())),
        ";".join(p["name"] for p in data.get("places", ())),
        data.get("summary", ""),
        ";".join(c["source"] for c in data.get("sources", ())),
    ]


def _bounds_text(w: When) -> tuple[str, str]:
    """The ``earliest`` and ``latest`` cells of a date."""
    if w.fits:
        return _iso(w.earliest), _iso(w.latest)
    return _iso(w.earliest_bigdate), _iso(w.latest_bigdate)


def _held_csv(tl: Timeline) -> str | None:
    """The rows of the CSV of a timeline held as columns (after the header), made a column
    at a time by Arrow as :func:`to_csv` writes them row by row: the cells of
    :func:`_held_columns`, each guarded (:func:`_cell`: only those a search finds) and
    quoted as :mod:`csv` quotes them (one with a comma, a quote or a line break), joined by
    commas, each row ended by ``CRLF``; ``None`` for a timeline of events."""
    columns = _held_columns(tl)
    if columns is None:
        return None
    import pyarrow as pa
    import pyarrow.compute as pc

    from timeline._arrow_numpy import strings, trues

    text = pa.string()
    quote, nothing = _scalar(pa, '"', text), _scalar(pa, "", text)
    cells = []
    for given in columns:
        column = strings(pa, given) if isinstance(given, list) else given
        guard = trues(pa, pc.match_substring_regex(column, _GUARD_RE2))
        if guard.any():  # (few: guarded one by one, as the rows are)
            values = column.to_pylist()
            for k in guard.nonzero()[0].tolist():
                values[k] = _cell(values[k])
            column = strings(pa, values)
        special = pc.match_substring_regex(column, '[,"\r\n]')
        escaped = pc.binary_join_element_wise(
            quote, pc.replace_substring(column, '"', '""'), quote, nothing
        )
        cells.append(pc.if_else(special, escaped, column))
    lines = pc.binary_join_element_wise(*cells, _scalar(pa, ",", text))
    return "".join([line + "\r\n" for line in lines.to_pylist()])


def _held_columns(tl: Timeline) -> list[Any] | None:
    """The cells of a timeline held as columns, by column (:data:`CSV_COLUMNS`), read from
    its columns (:func:`timeline.tables.held_arrays`: no event made; a date made only for a
    time of day, or a day outside years 1 to 9999, whose cells its ``When`` words); ``None``
    for a timeline of events.  Each column is a list, or an Arrow ``string`` array (no
    null)."""
    events = tl.events
    if not isinstance(events, EventColumns) or not events:
        return None
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from timeline._arrow_numpy import to_numpy, trues, validity
    from timeline.tables import held_arrays  # (numpy and pyarrow: held as columns)

    arrays = held_arrays(pa, tl)
    if arrays is None:
        return None
    texts, zones = _texts(pa, arrays["when"]), _texts(pa, arrays["tz"])
    bounds: list[list[str]] = []
    wordy = np.zeros(len(events), np.bool_)  # (the rows whose dates word their cells)
    timed: list[Any] = []
    keys = events.keys
    for day, instant, key, open_end in (
        ("earliest_day", "earliest", keys.local_lowers, -np.inf),
        ("latest_day", "latest", keys.local_uppers, np.inf),
    ):
        days = _one(arrays[day])
        numbers = to_numpy(pa, days.cast(pa.int32()).fill_null(_scalar(pa, 0, pa.int32())))
        known = validity(days) & (numbers >= _FIRST_DAY) & (numbers <= _LAST_DAY)
        unbounded = np.asarray(key, np.float64) == open_end
        wordy |= ~(known | unbounded)
        instants = _one(arrays[instant])
        timed.append((validity(instants), instants))
        bounds.append(_texts(pa, days.cast(pa.string())))
    zone_of: dict[str, Any] = {}  # (each zone once, for this export)
    with_time = trues(pa, pc.match_substring(arrays["when"], "T"))  # (a time of day)
    for side, (has, instants) in enumerate(timed):
        seconds = to_numpy(pa, instants.cast(pa.int64()).fill_null(_scalar(pa, 0, pa.int64())))
        column = bounds[side]
        for p in np.flatnonzero((has | with_time) & ~wordy).tolist():
            worded = _instant_text(
                texts[p], side, zones[p], int(seconds[p]) if has[p] else None, zone_of
            )
            if worded is None:
                wordy[p] = True
            elif worded:
                column[p] = worded
    positions = np.flatnonzero(wordy).tolist()
    for p, when in zip(positions, whens_at(events, positions), strict=True):
        bounds[0][p], bounds[1][p] = _bounds_text(when)
    flags = [
        np.where(trues(pa, arrays[name]), "true", "false").tolist()
        for name in ("uncertain", "approximate")
    ]
    return [
        _filled(pa, arrays["id"]),
        _filled(pa, arrays["title"]),
        _filled(pa, arrays["when"]),
        _filled(pa, arrays["tz"]),
        *bounds,
        _filled(pa, arrays["precision"]),
        *flags,
        _filled(pa, arrays["status"]),
        _joined(pa, arrays["tags"]),
        _joined(pa, arrays["places"]),
        _filled(pa, arrays["summary"]),
        _joined(pa, arrays["sources"]),
    ]


_PLAIN_TIME: Final = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(Z|[+-]\d{2}:\d{2})?")
"""A date and time of day, nothing uncertain, approximate or left out."""


def _instant_text(
    text: str, side: int, zone: str, seconds: int | None, zones: dict[str, Any]
) -> str | None:
    """The cell of bound ``side`` (0: earliest, 1: latest) of the date ``text`` (EDTF) in
    ``zone`` (``""``: none), whose instant is ``seconds`` (since 1970, UTC; ``None``: not
    in the table), as its ``When`` words it (:func:`_bounds_text`); ``""`` when that side
    has no time of day (its day is the cell); ``None`` when only the ``When`` can say (an
    uncertain time, a set, a time given in an offset and a zone, a wall time a zone
    skips, an instant the table does not hold)."""
    parts = text.split("/")
    if len(parts) > 2:
        return None
    part = parts[min(side, len(parts) - 1)]
    if "T" not in part and "[" not in part and "{" not in part:
        return ""
    found = _PLAIN_TIME.fullmatch(part)
    if found is None or seconds is None:
        return None
    wall = _dt.datetime.fromisoformat(part)
    if not zone:
        return _iso(wall)  # (naive; or in its offset, Z as +00:00)
    if found.group(1) is not None:
        return None
    tzinfo = zones.get(zone)
    if tzinfo is None:
        from zoneinfo import ZoneInfo

        tzinfo = zones[zone] = ZoneInfo(zone)
    local = _dt.datetime.fromtimestamp(seconds, tzinfo)
    if local.replace(tzinfo=None) != wall:
        return None  # (a wall time the zone skips: its When says which it is)
    return _iso(local)


_SPACE_RE2: Final = (
    r"\t\n\x0b\f\r\x1c-\x1f \x85\xa0\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}"
    r"\x{205f}\x{3000}"
)
r"""What Python's ``\s`` matches in text (RE2's ``\s`` is ASCII only: a cell starting with
``\x1f=`` went unguarded in the CSV made from the columns, guarded from the events)."""
_GUARD_RE2: Final = rf'(^[\t\r])|(^[{_SPACE_RE2}"]*[=+\-@])|([,;|\t\r\n][{_SPACE_RE2}"]*[=+\-@])'
"""A cell that needs a guard (:func:`_cell`), in RE2 (Arrow's regular expressions)."""

_FIRST_DAY: Final = int(KEY_MIN // DAY)
_LAST_DAY: Final = int(KEY_MAX // DAY) - 1
"""The days (since 1970) of years 1 to 9999: what a ``date`` holds, and its ISO text."""


def _one(column: Any) -> Any:
    """A column as one array: an array as it is, a chunked one combined (Arrow's compute
    functions give either)."""
    return column.combine_chunks() if hasattr(column, "combine_chunks") else column


def _scalar(pa: Any, value: object, kind: Any) -> Any:
    from timeline._arrow_numpy import scalar

    return scalar(pa, value, kind)


def _filled(pa: Any, column: Any) -> Any:
    """A column of strings as one array, ``""`` for null."""
    return _one(column).fill_null(_scalar(pa, "", pa.string()))


def _texts(pa: Any, column: Any) -> list[str]:
    """A column of strings as a list, ``""`` for null."""
    return list(_filled(pa, column).to_pylist())


def _joined(pa: Any, column: Any) -> Any:
    """A column of lists of strings, each joined with ``;`` (``""`` for none)."""
    import pyarrow.compute as pc

    return _filled(pa, pc.binary_join(_one(column), _scalar(pa, ";", pa.string())))


# -- export ------------------------------------------------------------------------------


def _format_of(out: str | os.PathLike[str], fmt: str | None) -> str:
    if fmt is not None:
        name = _ALIASES.get(str(fmt).lower().lstrip("."))
        if name is None:
            raise TimelineError(f"unknown export format {fmt!r} (use one of: {', '.join(FORMATS)})")
        return name
    if str(out) == "-":
        raise TimelineError(
            f"a format is needed to write to standard output (one of: {', '.join(FORMATS)})"
        )
    suffix = Path(out).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise TimelineError(
            f"{out}: cannot tell the format from the extension "
            f"(use .ics, .json or .csv, or give a format)"
        )
    return suffix


def _with_cancelled(tl: Timeline, cancelled: CancelledMode, locale: str) -> Timeline:
    if cancelled == "keep":
        return tl
    if cancelled == "omit":
        return tl.filter(status=[s for s in Status if s is not Status.CANCELLED])
    if cancelled == "prefix":
        prefix = export_labels(locale)["cancelled"]
        return attrs.evolve(
            tl,
            events=[
                attrs.evolve(e, title=prefix + e.title) if e.status is Status.CANCELLED else e
                for e in tl.events
            ],
        )
    raise TimelineError(f"cancelled={cancelled!r} is not one of 'keep', 'prefix', 'omit'")


def render(
    tl: Timeline,
    fmt: str,
    *,
    cancelled: CancelledMode = "keep",
    stamp: _dt.datetime | None = None,
    locale: str = "en",
) -> bytes:
    """The bytes of ``tl`` in format ``fmt`` (``ics``, ``json`` or ``csv``)."""
    name = _format_of("-", fmt)
    if name == "ics":
        return to_ics(tl, stamp=stamp, cancelled=cancelled, locale=locale)
    tl = _with_cancelled(tl, cancelled, locale)
    if name == "json":
        text = json.dumps(to_timelinejs(tl, locale), ensure_ascii=False, indent=2) + "\n"
        return text.encode("utf-8")
    return to_csv(tl).encode("utf-8")


def export(
    tl: Timeline,
    out: str | os.PathLike[str],
    *,
    fmt: str | None = None,
    cancelled: CancelledMode = "keep",
    stamp: _dt.datetime | None = None,
    locale: str = "en",
    force: bool = False,
) -> None:
    """Write ``tl`` to ``out`` as iCalendar, TimelineJS3 JSON or CSV.

    The format is ``fmt`` if given, else the extension of ``out`` (``.ics``,
    ``.json``, ``.csv``).  ``out == "-"`` writes to standard output (``fmt``
    is then required).  Files are written atomically: on any error the old
    file is left as it was.  ``cancelled`` (``keep``, ``prefix``, ``omit``)
    applies to every format; ``stamp`` is the iCalendar ``DTSTAMP``.  A
    device, FIFO or ``/dev/stdout`` is written to, never replaced; a
    read-only file is refused unless ``force``.  Problems raise
    :class:`TimelineError`.
    """
    data = render(tl, _format_of(out, fmt), cancelled=cancelled, stamp=stamp, locale=locale)
    if str(out) == "-":
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is not None:
            sys.stdout.flush()
            buffer.write(data)
            buffer.flush()
        else:
            sys.stdout.write(data.decode("utf-8"))
            sys.stdout.flush()
        return
    atomic_write(out, data, force=force)
