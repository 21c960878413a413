"""iCalendar (RFC 5545) export and import, built on :mod:`icalendar` 7.

:func:`to_ics` writes a :class:`~timeline.models.Timeline` as a calendar that
any calendar program can open; :func:`from_ics` reads it back, exactly, and
also reads ordinary calendars written by other programs.  All folding,
escaping and time-zone (``VTIMEZONE``) work is left to :mod:`icalendar`.

How each field maps is documented in ``docs/ical.md``.  In short:

* an exact day, or an exact run of days, is an all-day event
  (``DTEND`` exclusive); an exact time keeps its zone (with a ``VTIMEZONE``),
  or is written in UTC when it was given with an offset only;
* anything less exact (a month, a season, ``~``, ``?``, ``X`` digits, a set)
  is an all-day event over the whole span it may fall in, marked
  ``TRANSP:TRANSPARENT``, and the description says how precise it is;
* the id, EDTF text, zone and status travel in ``X-TIMELINE-*`` properties,
  and whatever else the standard properties would not give back exactly
  (people, figures, citations, links; text they would change) as JSON in
  ``X-TIMELINE-JSON``, so nothing is lost.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import re
from collections.abc import Iterator
from typing import Any, Final, Literal
from zoneinfo import ZoneInfo

import icalendar

from timeline import rules
from timeline._atomic import atomic_write
from timeline._ical_limits import (
    Namer,
    check_json_depth,
    check_size,
    expand_series,
    series_seconds,
    unexpandable,
)
from timeline.codec import event_to_data, from_data, head_to_data
from timeline.edtf import zone
from timeline.errors import Problem, TimelineError, warn_all
from timeline.i18n import export_labels
from timeline.models import Citation, Event, Place, Source, Status, Timeline
from timeline.rules import MAX_LONG_TEXT, MAX_SHORT_TEXT, MAX_URL, STATUSES
from timeline.when import EndKind, Kind, Precision, When

__all__ = ["EXPAND_LIMIT", "CancelledMode", "from_ics", "to_ics", "write_ics"]

CancelledMode = Literal["keep", "prefix", "omit"]

PRODID: Final = "-//timeline//Timeline export//EN"
FORMAT_VERSION: Final = 3
"""Version of the JSON carried in ``X-TIMELINE-JSON``.  Format 1 carried the
whole event; format 2 only what the event's other properties do not carry
exactly.  Both are read."""

RECURRENCE_LIMIT: Final = 500
"""At most this many occurrences of one recurring event are imported..."""
RECURRENCE_YEARS: Final = 10
"""...and only those that start within this many years of the first one."""
EXPAND_LIMIT: Final = 2_000
"""The default of ``from_ics(expand=...)``: at most this many occurrences of
recurring events in all are imported from one calendar."""

_UTC: Final = _dt.UTC
_ONE_DAY: Final = _dt.timedelta(days=1)
_ONE_MINUTE: Final = _dt.timedelta(minutes=1)
_ONE_SECOND: Final = _dt.timedelta(seconds=1)
_FALLBACK_STAMP: Final = _dt.datetime(1970, 1, 1, tzinfo=_UTC)

_STATUS_TO_ICAL: Final = {
    Status.HAPPENED: "CONFIRMED",
    Status.PLANNED: "TENTATIVE",
    Status.CANCELLED: "CANCELLED",
    Status.POSTPONED: "TENTATIVE",
    Status.ONGOING: "CONFIRMED",
    Status.DISPUTED: "TENTATIVE",
}
_ICAL_TO_STATUS: Final = {
    "CONFIRMED": Status.HAPPENED,
    "TENTATIVE": Status.PLANNED,
    "CANCELLED": Status.CANCELLED,
}

_PLAIN_URL: Final = re.compile(r"https?://[^\s\x00-\x1f\x7f]+")
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


_LINE_BREAK: Final = re.compile("\r\n|[\r\x85\u2028\u2029]")
"""Line breaks other than LF: CRLF, CR, NEL (U+0085), and the Unicode line
and paragraph separators, which programs that split lines on them would
break a content line at."""


def _clean(text: str) -> str:
    """Text fit for an iCalendar TEXT value: RFC 5545 allows no control
    characters but tab (and new lines, which icalendar escapes); any other
    line break becomes a new line.  The exact text travels in
    ``X-TIMELINE-JSON``."""
    return _CONTROL.sub("", _LINE_BREAK.sub("\n", text))


# -- export -----------------------------------------------------------------


def to_ics(
    tl: Timeline,
    *,
    stamp: _dt.datetime | None = None,
    cancelled: CancelledMode = "keep",
    locale: str = "en",
    lossless: bool = True,
) -> bytes:
    """The timeline as iCalendar bytes (UTF-8, CRLF, folded at 75 octets).

    ``stamp`` is the ``DTSTAMP`` of every event (an aware datetime; it is
    written in UTC).  By default it is derived from the data: the latest
    ``published`` date of the timeline's sources (midnight UTC), or
    1970-01-01 if none has one, so that the same timeline always gives the
    same bytes.  ``cancelled`` says what becomes of cancelled events:
    ``"keep"`` them as ``STATUS:CANCELLED``, ``"prefix"`` their title with
    "Cancelled: ", or ``"omit"`` them (links to them are dropped too).
    ``locale`` is the language of the descriptions (``en fr de es``).
    ``lossless=False`` leaves out ``X-TIMELINE-JSON`` (what only it carries:
    people, figures, citations, links, the exact text...): a smaller file for
    calendar programs only, which :func:`from_ics` reads as another program's.

    >>> from timeline import Event, Timeline, When
    >>> tl = Timeline("T", [Event("a", "A", When.parse("2017-09-24/2017-09-27"))])
    >>> b"DTEND;VALUE=DATE:20170928" in to_ics(tl)
    True
    """
    if not isinstance(tl, Timeline):
        raise TimelineError(f"to_ics: expected a Timeline, not {type(tl).__name__}")
    if cancelled not in ("keep", "prefix", "omit"):
        raise TimelineError(
            f"to_ics: cancelled={cancelled!r} is not one of 'keep', 'prefix', 'omit'"
        )
    labels = export_labels(locale)
    dtstamp = _stamp(tl) if stamp is None else _utc_stamp(stamp)
    if cancelled == "omit":
        tl = tl.filter(status=[s for s in Status if s is not Status.CANCELLED])

    cal = icalendar.Calendar()
    cal.add("PRODID", PRODID)
    cal.add("VERSION", "2.0")
    cal.add("CALSCALE", "GREGORIAN")
    # (set as TEXT here: icalendar's calendar_name/description setters write
    # the X-WR- copies without escaping new lines)
    if tl.title.strip():
        cal.add("NAME", icalendar.vText(_clean(tl.title)))
        cal.add("X-WR-CALNAME", icalendar.vText(_clean(tl.title)))
    if tl.description.strip():
        cal.add("DESCRIPTION", icalendar.vText(_clean(tl.description)))
        cal.add("X-WR-CALDESC", icalendar.vText(_clean(tl.description)))
    if tl.tz is not None:  # the timeline's own zone (what calendar programs show it in)
        cal.add("X-WR-TIMEZONE", icalendar.vText(tl.tz))
    if lossless:
        cal.add("X-TIMELINE-JSON", icalendar.vText(_dumps(_timeline_header(tl))))

    writer = _EventWriter(tl, dtstamp, cancelled, labels, locale, lossless)
    components = cal.subcomponents
    for event in tl.events:
        components.append(writer.component(event))
    if writer.zones:
        # VTIMEZONEs cover the years of the timed events (and a little more),
        # so that their size and content depend on the data only; one per
        # zone, in name order, before the events (as add_missing_timezones).
        assert writer.first is not None
        assert writer.last is not None
        first = _dt.date(max(writer.first.year - 1, 1), 1, 1)
        last = _dt.date(min(writer.last.year + 2, 9999), 1, 1)
        components[:0] = [_vtimezone(tzid, first, last) for tzid in sorted(writer.zones)]
    data: bytes = cal.to_ical()
    return data


def _vtimezone(tzid: str, first: _dt.date, last: _dt.date) -> icalendar.Timezone:
    """The ``VTIMEZONE`` of ``tzid`` from ``first`` to ``last``, as icalendar
    builds it, made readable by every program: one date per ``RDATE`` line
    (ical.js and vobject read only the first date of a line, so later years
    came out an hour off) and no ``COMMENT`` (which libical refuses in a
    ``VTIMEZONE``)."""
    zone = icalendar.Timezone.from_tzid(tzid, first_date=first, last_date=last)
    zone.pop("COMMENT", None)
    for observance in zone.subcomponents:
        rdates = observance.pop("RDATE", None)
        if rdates is None:
            continue
        observance["RDATE"] = [
            icalendar.vDDDLists([value.dt]) for line in _as_list(rdates) for value in line.dts
        ]
    return zone


def write_ics(
    tl: Timeline,
    path: str | os.PathLike[str],
    *,
    stamp: _dt.datetime | None = None,
    cancelled: CancelledMode = "keep",
    locale: str = "en",
    lossless: bool = True,
    force: bool = False,
) -> None:
    """Write :func:`to_ics` of the timeline to ``path``, atomically.

    A read-only file is refused unless ``force``.
    """
    atomic_write(
        path,
        to_ics(tl, stamp=stamp, cancelled=cancelled, locale=locale, lossless=lossless),
        force=force,
    )


def _utc_stamp(stamp: object) -> _dt.datetime:
    if not isinstance(stamp, _dt.datetime):
        raise TimelineError(f"stamp: expected a datetime, not {type(stamp).__name__}")
    if stamp.tzinfo is None or stamp.utcoffset() is None:
        raise TimelineError(f"stamp: {stamp.isoformat()} has no time zone (give one, e.g. UTC)")
    value = stamp.astimezone(_UTC)
    return _dt.datetime(
        value.year, value.month, value.day, value.hour, value.minute, value.second, tzinfo=_UTC
    )


def _stamp(tl: Timeline) -> _dt.datetime:
    """The default DTSTAMP: the latest publication date of a source."""
    best: _dt.datetime | None = None
    for source in tl.sources:
        if source.published is None or source.published.latest is None:
            continue
        latest = source.published.latest
        if isinstance(latest, _dt.datetime):
            moment = _utc_stamp(latest if latest.tzinfo else latest.replace(tzinfo=_UTC))
        else:
            moment = _dt.datetime(latest.year, latest.month, latest.day, tzinfo=_UTC)
        best = moment if best is None else max(best, moment)
    return best if best is not None else _FALLBACK_STAMP


def _slug(text: str, limit: int = 48) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    return slug


def _uid_domain(title: str) -> str:
    slug = _slug(title)
    if not slug:
        slug = hashlib.sha256(title.encode()).hexdigest()[:12]
    return f"{slug}.timeline"


def uid_of(tl: Timeline, event: Event) -> str:
    """The UID of ``event`` in the export of ``tl``: stable across exports."""
    return f"{event.id}@{_uid_domain(tl.title)}"


_TEXT_UNSAFE: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029\\\ufeff]")


def _plain(text: str) -> bool:
    """True when ``text`` comes back exactly from an iCalendar TEXT value: no
    control character but tab and new line (which :func:`_clean` would
    change), no backslash (icalendar reads a backslash before ``N`` or ``n``
    as a line break, whatever escaped it) and no U+FEFF (icalendar drops a
    byte-order mark that begins a value)."""
    return _TEXT_UNSAFE.search(text) is None


class _EventWriter:
    """Builds the ``VEVENT`` of each event of one export.

    What is the same for every event (DTSTAMP, the status values, the
    labels) is made once; the zones of timed events and their first and last
    days are gathered for the VTIMEZONE components.
    """

    def __init__(
        self,
        tl: Timeline,
        stamp: _dt.datetime,
        cancelled: CancelledMode,
        labels: dict[str, str],
        locale: str,
        lossless: bool,
    ) -> None:
        self.tl = tl
        self.cancelled = cancelled
        self.labels = labels
        self.locale = locale
        self.lossless = lossless
        self.domain = _uid_domain(tl.title)
        self.zones: set[str] = set()
        self.first: _dt.date | None = None
        self.last: _dt.date | None = None
        # icalendar values shared by the events (never changed once built)
        self.stamp = icalendar.vDDDTypes(stamp)
        self.status = {s: icalendar.vText(_STATUS_TO_ICAL[s]) for s in Status}
        self.status_x = {s: icalendar.vText(s.value) for s in Status}
        self.transparent = icalendar.vText("TRANSPARENT")
        urls: dict[str, str | None] = {}
        for source in tl.sources:
            url = source.url
            urls[source.id] = url if url is not None and _PLAIN_URL.fullmatch(url) else None
        self.urls = urls

    def component(self, event: Event) -> icalendar.Event:
        start, end, duration, exact = _calendar_dates(event.when)
        title = event.title
        if self.cancelled == "prefix" and event.status is Status.CANCELLED:
            title = self.labels["cancelled"] + title
        summary = _clean(title)
        description = _clean(_description(self.tl, event, exact, self.labels, self.locale))
        # Values are built as icalendar's own types and set directly (the
        # component is a dict of them): what add() would do, minus its type
        # inference; each name is set once.
        text = icalendar.vText
        vevent = icalendar.Event()
        vevent["SUMMARY"] = text(summary)
        vevent["DTSTART"] = icalendar.vDDDTypes(start)
        if end is not None:
            vevent["DTEND"] = icalendar.vDDDTypes(end)
        if duration is not None:
            vevent["DURATION"] = icalendar.vDDDTypes(duration)
        vevent["DTSTAMP"] = self.stamp
        vevent["UID"] = text(f"{event.id}@{self.domain}")
        status = event.status
        vevent["STATUS"] = self.status[status]
        if not exact:
            vevent["TRANSP"] = self.transparent
        if event.tags:
            vevent["CATEGORIES"] = icalendar.vCategory([_clean(t) for t in event.tags])
        places = event.places
        if places:
            location = _clean("; ".join(p.name for p in places))
            if location:
                vevent["LOCATION"] = text(location)
            geo = next(((p.lat, p.lon) for p in places if p.lat is not None), None)
            if geo is not None:
                lat, lon = geo
                assert lon is not None  # a Place has both or neither
                vevent["GEO"] = icalendar.vGeo((lat, lon))
        url = next((u for c in event.sources if (u := self.urls.get(c.source))), None)
        if url is not None:
            vevent["URL"] = icalendar.vUri(url)
        vevent["DESCRIPTION"] = text(description)
        vevent["X-TIMELINE-ID"] = text(event.id)
        vevent["X-TIMELINE-STATUS"] = self.status_x[status]
        vevent["X-TIMELINE-EDTF"] = text(event.when.edtf)
        if event.when.tz is not None:
            vevent["X-TIMELINE-TZ"] = text(event.when.tz)
        if self.lossless:
            body = _event_to_json(event, summary, description)
            vevent["X-TIMELINE-JSON"] = text(_dumps(body))
        if isinstance(start, _dt.datetime) and start.tzinfo is not None:
            for name in ("DTSTART", "DTEND"):
                tzid = getattr(vevent.get(name), "params", {}).get("TZID")
                if tzid is not None and tzid != "UTC":
                    self.zones.add(tzid)
            day = start.date()
            if self.first is None or day < self.first:
                self.first = day
            if self.last is None or day > self.last:
                self.last = day
        return vevent


# -- dates ------------------------------------------------------------------

_Start = _dt.date | _dt.datetime


def _calendar_dates(
    when: When,
) -> tuple[_Start, _Start | None, _dt.timedelta | None, bool]:
    """``(DTSTART, DTEND, DURATION, exact)`` for a value."""
    if when.kind is Kind.INTERVAL and (when.start is None or when.end is None):
        known = when.start if when.start is not None else when.end
        assert known is not None
        start, end, duration, _ = _calendar_dates(known)
        return start, end, duration, False
    if when.is_exact:
        if when.precision == Precision.DAY:
            lo, hi = _day_bounds(when)
            return (*_all_day(lo, hi), True)
        timed = _timed(when)
        if timed is not None:
            return (*timed, None, True)
    lo, hi = _day_bounds(when)
    return (*_all_day(lo, hi), False)


def _as_date(value: _dt.date) -> _dt.date:
    return _dt.date(value.year, value.month, value.day)


def _day_bounds(when: When) -> tuple[_dt.date, _dt.date]:
    """The first and last day the value may fall on (finite parts only)."""
    lows = [when.earliest] if when.earliest is not None else []
    highs = [when.latest] if when.latest is not None else []
    if not lows or not highs:
        parts = when.choices or tuple(p for p in (when.start, when.end) if p is not None)
        lows = [p.earliest for p in parts if p.earliest is not None]
        highs = [p.latest for p in parts if p.latest is not None]
    lo = min(_as_date(d) for d in lows)
    hi = max(_as_date(d) for d in highs)
    return lo, max(lo, hi)


def _all_day(lo: _dt.date, hi: _dt.date) -> tuple[_dt.date, _dt.date | None, _dt.timedelta | None]:
    if hi < _dt.date.max:
        return lo, hi + _ONE_DAY, None
    if lo == hi:  # a one-day all-day event needs no end
        return lo, None, None
    return lo, None, (hi - lo) + _ONE_DAY  # DTEND would be past year 9999


def _timed(when: When) -> tuple[_dt.datetime, _dt.datetime | None] | None:
    """DTSTART and DTEND of an exact timed value, or ``None`` if mixed."""
    parts = (when,) if when.kind is Kind.DATE else (when.start, when.end)
    moments: list[_dt.datetime] = []
    for part in parts:
        assert part is not None
        value = part.earliest
        if not isinstance(value, _dt.datetime):
            return None
        moments.append(value)
    naive = [m.tzinfo is None for m in moments]
    if any(naive) and not all(naive):
        return None
    zone = ZoneInfo(when.tz) if when.tz is not None and not any(naive) else None
    instants: list[_dt.datetime] = []
    for m in moments:
        plain = _dt.datetime(m.year, m.month, m.day, m.hour, m.minute, m.second)
        if m.tzinfo is None:
            instants.append(plain)  # floating time, as written
        else:
            offset = m.utcoffset()
            assert offset is not None
            instants.append((plain - offset).replace(tzinfo=_UTC))
    start = instants[0]
    end = instants[-1]
    if end == start:
        # A DTSTART without DTEND would end at the same instant (RFC 5545
        # 3.6.1), and clients differ on how they draw that (khal shows a whole
        # day).  The value is known to its minute (or second): that is its span.
        # (Added to the instant, not to the wall clock, which may repeat.)
        step = _ONE_SECOND if when.precision is Precision.SECOND else _ONE_MINUTE
        try:
            end = start + step
        except OverflowError:  # the last minute of year 9999: no room for an end
            return _in_zone(start, zone), None
    return _in_zone(start, zone), _in_zone(end, zone)


def _in_zone(instant: _dt.datetime, zone: ZoneInfo | None) -> _dt.datetime:
    """``instant`` (UTC, or floating) as DTSTART/DTEND writes it: as a local
    time in ``zone`` (``TZID=``) unless that local time happens twice, then
    in UTC.

    A local time that happens twice, when the clocks go back, is ambiguous
    in a ``TZID=`` value: RFC 5545 (3.3.5) reads it as the first occurrence,
    ical.js 2 as the second.  Both 01:30 of the fall-back night in New York
    are written in UTC (``20171105T053000Z``, ``20171105T063000Z``), which
    every reader takes the same way.
    """
    if zone is None or instant.tzinfo is None:
        return instant
    try:
        local = instant.astimezone(zone)
    except OverflowError:  # pragma: no cover - at the very ends of year 1 or 9999
        return instant
    if local.replace(fold=0).utcoffset() != local.replace(fold=1).utcoffset():
        return instant
    return local


# -- description ------------------------------------------------------------


def _precision_note(when: When, labels: dict[str, str]) -> str:
    notes: list[str] = []
    if when.kind is Kind.SET:
        notes.append(labels["set"] if when.edtf.startswith("[") else labels["all"])
    if when.kind is Kind.INTERVAL:
        for kind, side in ((when.start_kind, "start"), (when.end_kind, "end")):
            if kind is EndKind.OPEN:
                notes.append(labels[f"open_{side}"])
            elif kind is EndKind.UNKNOWN:
                notes.append(labels[f"unknown_{side}"])
    if when.precision < Precision.DAY:
        notes.append(labels["precision"].format(labels[when.precision.name.lower()]))
    for flag in ("approximate", "uncertain", "unspecified"):
        if getattr(when, flag):
            notes.append(labels[flag])
    if when.kind is Kind.INTERVAL and (when.start is None or when.end is None):
        notes.append(labels["shown_known"])
    elif not when.is_exact:
        notes.append(labels["shown_span"])
    return "; ".join(notes)


def _number(value: float) -> str:
    if isinstance(value, int):
        return str(value)
    return repr(value)


def _description(
    tl: Timeline, event: Event, exact: bool, labels: dict[str, str], locale: str
) -> str:
    blocks: list[str] = []
    if event.summary.strip():
        blocks.append(event.summary.strip())
    date_line = f"{labels['date']}: {event.when.describe(locale)}"
    if not exact:
        date_line += f" ({_precision_note(event.when, labels)})"
    lines = [date_line]
    if event.status is not Status.HAPPENED:
        lines.append(f"{labels['status']}: {event.status.value}")
    if event.figures:
        figures = "; ".join(f"{f.name}: {_number(f.value)}" for f in event.figures)
        lines.append(f"{labels['figures']}: {figures}")
    if event.people:
        people = "; ".join(f"{p.name} ({p.role})" if p.role else p.name for p in event.people)
        lines.append(f"{labels['people']}: {people}")
    blocks.append("\n".join(lines))
    if event.sources:
        lines = [f"{labels['sources']}:"]
        for citation, source in tl.citations_of(event):
            lines.extend(_citation_lines(event, citation, source, labels, locale))
        blocks.append("\n".join(lines))
    if event.related:
        lines = [f"{labels['related']}:"]
        for link in event.related:
            name = tl[link.event].title if link.event in tl else link.event
            line = f"- {link.kind}: {name}"
            if link.note:
                line += f" ({link.note})"
            lines.append(line)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _citation_lines(
    event: Event, citation: Citation, source: Source, labels: dict[str, str], locale: str
) -> list[str]:
    head = f"- {source.title}"
    details = [d for d in (source.publisher, _describe(source.published, locale)) if d]
    if details:
        head += f" ({', '.join(details)})"
    if source.url:
        head += f" {source.url}"
    lines = [head]
    if citation.quote:
        lines.append(f"  “{citation.quote}”")
    if citation.reported is not None or citation.reported_text:
        reported = _describe(citation.reported, locale) or ""
        if citation.reported_text:
            words = f"“{citation.reported_text}”"
            reported = f"{reported} ({words})" if reported else words
        if citation.disagrees_with(event.when):
            lines.append(
                f"  {labels['differs']}: {reported}"
                f" — {labels['established']}: {event.when.describe(locale)}"
            )
        else:
            lines.append(f"  {labels['reported']}: {reported}")
    if citation.note:
        lines.append(f"  {citation.note}")
    return lines


def _describe(when: When | None, locale: str) -> str | None:
    return when.describe(locale) if when is not None else None


# -- JSON of the lossless copy ----------------------------------------------


def _dumps(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    # JSON leaves DEL raw, and iCalendar refuses control characters.  icalendar's
    # TEXT escaping reads a backslash before "N" as a line break (the RFC's
    # "\N"), so such an "N" (only ever the end of an escaped backslash "\\")
    # is written as the JSON escape "\u004e": same JSON value, no "\N".
    # Line breaks that are not LF (NEL, U+2028, U+2029) are JSON escapes too.
    for char in "\x7f\x85\u2028\u2029":
        if char in text:
            text = text.replace(char, f"\\u{ord(char):04x}")
    return text.replace("\\N", "\\\\u004e")


def _timeline_header(tl: Timeline) -> dict[str, Any]:
    """The calendar's JSON: the format, and the timeline's plain data but its events."""
    return {"format": FORMAT_VERSION, **head_to_data(tl)}


def _place_in_location(places: tuple[Place, ...]) -> bool:
    """True when ``LOCATION`` and ``GEO`` give back the places exactly: one
    place, a plain name, and float coordinates (or none)."""
    if len(places) != 1:
        return False
    place = places[0]
    return _plain(place.name) and (
        place.lat is None or (type(place.lat) is float and type(place.lon) is float)
    )


#: Keys of an event's plain data that its ``X-TIMELINE-*`` properties carry.
_CARRIED: Final = ("id", "when", "tz", "status")


def _event_to_json(event: Event, summary: str, description: str) -> dict[str, Any]:
    """What of the event's plain data its other properties do not carry exactly.

    The id, date and status are in ``X-TIMELINE-ID``, ``-EDTF``, ``-TZ`` and
    ``-STATUS``; the title is left out when ``SUMMARY`` is it, the tags when
    ``CATEGORIES`` are they, a single place when ``LOCATION``/``GEO`` are it;
    the summary, when it begins the ``DESCRIPTION``, is its length there.
    """
    data = event_to_data(event)
    for key in _CARRIED:
        data.pop(key, None)
    title = event.title
    if title == summary and _plain(title):
        del data["title"]
    text = event.summary
    if text and text == text.strip() and _plain(text) and description.startswith(text + "\n\n"):
        data["summary"] = len(text)
    if event.tags and all(_plain(t) for t in event.tags):
        del data["tags"]
    if event.places and _place_in_location(event.places):
        del data["places"]
    return data


# -- reading the lossless copy ------------------------------------------------


def _json_object(text: str, what: str) -> dict[str, Any]:
    check_json_depth(text, what)
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise TimelineError(f"{what}: not valid JSON: {exc}") from exc
    if not isinstance(value, dict):
        raise TimelineError(f"{what}: expected an object, not {type(value).__name__}")
    return value


def _date_of_format_2(table: dict[str, Any], key: str, tz_key: str | None) -> None:
    """Formats 1 and 2 wrote a date as ``{"edtf": ..., "tz": ...}``: as plain data,
    its text under ``key`` and its zone under ``tz_key``."""
    value = table.get(key)
    if not isinstance(value, dict):
        return
    edtf, tz = value.get("edtf"), value.get("tz")
    if not isinstance(edtf, str) or not (tz is None or isinstance(tz, str)):
        raise TimelineError(f"X-TIMELINE-JSON: {key}: a date needs text 'edtf' and optional 'tz'")
    table[key] = edtf
    if tz is not None and tz_key is not None:
        table[tz_key] = tz


def _event_of_format_2(data: dict[str, Any]) -> None:
    """An event's JSON of format 1 or 2 as plain data (format 3): dates as text
    and zone, figures as a table instead of ``[name, value]`` pairs."""
    _date_of_format_2(data, "when", "tz")
    for citation in data.get("sources") or ():
        if isinstance(citation, dict):
            _date_of_format_2(citation, "reported", "reported_tz")
    figures = data.get("figures")
    if isinstance(figures, list):
        pairs = [
            f for f in figures if isinstance(f, list) and len(f) == 2 and isinstance(f[0], str)
        ]
        if len(pairs) != len(figures) or len({name for name, _ in pairs}) != len(pairs):
            raise TimelineError("X-TIMELINE-JSON: figures: expected [name, value] pairs")
        data["figures"] = dict(pairs)


def _event_data(body: str, component: icalendar.Event) -> dict[str, Any]:
    """The plain data of an event: its ``X-TIMELINE-JSON`` and, for what that
    leaves out, the other properties of its ``VEVENT``."""
    data = _json_object(body, "event X-TIMELINE-JSON")
    _event_of_format_2(data)
    if "id" not in data:
        data["id"] = _text(component, "X-TIMELINE-ID")
    if "when" not in data:
        data["when"] = _text(component, "X-TIMELINE-EDTF")
        data["tz"] = _text(component, "X-TIMELINE-TZ")
    if "status" not in data:
        data["status"] = _text(component, "X-TIMELINE-STATUS")
    if "title" not in data:
        data["title"] = _text(component, "SUMMARY")
    summary = data.get("summary")
    if type(summary) is int and summary >= 0:  # the first characters of DESCRIPTION
        data["summary"] = (_text(component, "DESCRIPTION") or "")[:summary]
    if "tags" not in data:
        data["tags"] = [
            str(cat)
            for categories in _as_list(component.get("CATEGORIES"))
            for cat in getattr(categories, "cats", ())
        ]
    if "places" not in data:
        location = _text(component, "LOCATION")
        geo = component.get("GEO")
        if location is None:
            data["places"] = []
        elif geo is None:
            data["places"] = [{"name": location}]
        else:
            data["places"] = [{"name": location, "lat": geo.latitude, "lon": geo.longitude}]
    # (a key left None is absent for the codec, as in format 1's nulls)
    return {key: value for key, value in data.items() if value is not None}


# -- import -----------------------------------------------------------------


def from_ics(data: bytes | str, *, expand: int = EXPAND_LIMIT) -> Timeline:
    """Read a calendar: our own exports exactly, other calendars as events.

    An export of :func:`to_ics` comes back equal to the timeline written
    (from its ``X-TIMELINE-JSON``).  Events of other programs become events:
    the id is a slug of the UID; an all-day event is a day or an inclusive
    run of days; a timed event is an EDTF date-time in its zone
    (``X-WR-TIMEZONE`` gives floating times a zone); ``STATUS`` maps to a
    status; ``CATEGORIES`` to tags; ``LOCATION``/``GEO`` to a place;
    ``URL`` to a cited source.  A recurring event is expanded: each
    occurrence is an event whose id ends with its date, at most
    :data:`RECURRENCE_LIMIT` occurrences within :data:`RECURRENCE_YEARS`
    years of the first, and at most ``expand`` occurrences in all (``0``: each
    recurring event once, at its first start).  Bad input raises
    :class:`TimelineError`; what is read but not as written (text cut to the
    limits of the format, an unknown time zone, a recurring event not
    expanded) is told by a :class:`~timeline.errors.TimelineWarning`.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not isinstance(data, bytes):
        raise TimelineError(f"from_ics: expected bytes or text, not {type(data).__name__}")
    if isinstance(expand, bool) or not isinstance(expand, int) or expand < 0:
        raise TimelineError(f"from_ics: expand={expand!r} is not a count (0 or more)")
    check_size(len(data))
    if not data.strip():
        raise TimelineError("from_ics: empty input (not an iCalendar file)")
    try:
        calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except Exception as exc:  # icalendar raises ValueError, KeyError, IndexError...
        raise TimelineError(f"not a valid iCalendar file: {exc}") from exc
    calendars = [c for c in calendars if c.name == "VCALENDAR"]
    if not calendars:
        raise TimelineError("not an iCalendar file: no VCALENDAR")
    reading = _Reading(expand)
    try:
        tl = _read_calendars(calendars, reading)
    except TimelineError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
        raise TimelineError(f"cannot read the calendar: {exc}") from exc
    warn_all(reading.notes)
    return tl


class _Reading:
    """What one :func:`from_ics` gathers as it goes: the ids taken, the
    sources (by id and by URL), the occurrences still allowed, and the
    warnings to give once the calendar is read."""

    def __init__(self, expand: int) -> None:
        self.ids = Namer()
        self.sources: dict[str, Source] = {}
        self.source_ids = Namer()
        self.by_url: dict[str, str] = {}
        self.expand = expand
        self.expand_left = expand
        self.notes: list[Problem] = []

    def cut(self, text: str, limit: int, event: str | None, field: str) -> str:
        """``text``, cut to ``limit`` characters with a warning: what the
        models and the TOML loader accept, so that the timeline saves and
        loads back."""
        if len(text) <= limit:
            return text
        self.notes.append(
            Problem(f"{len(text):,} characters cut to {limit:,}", event=event, field=field)
        )
        return text[:limit]

    def source_for(self, url: str) -> str:
        """The id of the source with this URL, added if new (one dict look-up)."""
        source_id = self.by_url.get(url)
        if source_id is None:
            source_id = self.source_ids.unique(f"url-{_slug(url, 40)}")
            self.sources[source_id] = Source(source_id, url[:MAX_SHORT_TEXT], url=url)
            self.by_url[url] = source_id
        return source_id


def _text(component: icalendar.cal.component.Component, name: str) -> str | None:
    """A TEXT property's value (X- properties, which icalendar keeps raw, unescaped)."""
    value = component.get(name)
    if value is None:
        return None
    if isinstance(value, list):
        value = value[0]
    if isinstance(value, icalendar.vUnknown):
        raw = value.to_ical()
        text = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
        return str(icalendar.parser.unescape_backslash(text))
    return str(value)


def _read_calendars(calendars: list[icalendar.Calendar], reading: _Reading) -> Timeline:
    """Our exports' events (with ``X-TIMELINE-JSON``) are read as plain data by
    the codec; other events are imported, after them."""
    title = ""
    description = ""
    tz: Any = None  # the timeline's zone: its X-TIMELINE-JSON's, else X-WR-TIMEZONE
    zone_of_calendar: str | None = None
    sources: list[Any] = []
    source_ids: set[object] = set()
    events: list[dict[str, Any]] = []
    foreign: list[tuple[icalendar.Calendar, list[icalendar.Event]]] = []
    for cal in calendars:
        zone = _text(cal, "X-WR-TIMEZONE")
        if zone_of_calendar is None and zone is not None and _is_zone(zone):
            zone_of_calendar = zone
        header = _text(cal, "X-TIMELINE-JSON")
        if header is not None:
            head = _json_object(header, "calendar X-TIMELINE-JSON")
            title = title or head.get("title", "")
            description = description or head.get("description", "")
            tz = tz or head.get("tz")
            items = head.get("sources", [])
            if not isinstance(items, list):
                raise TimelineError("calendar X-TIMELINE-JSON: sources: expected a list")
            for item in items:
                if isinstance(item, dict):
                    _date_of_format_2(item, "published", None)
                    if item.get("id") in source_ids:
                        continue  # the same source in several calendars
                    source_ids.add(item.get("id"))
                sources.append(item)
        else:
            title = title or reading.cut(
                _text(cal, "X-WR-CALNAME") or _text(cal, "NAME") or "",
                MAX_SHORT_TEXT,
                None,
                "calendar name",
            )
            description = description or reading.cut(
                _text(cal, "X-WR-CALDESC") or _text(cal, "DESCRIPTION") or "",
                MAX_LONG_TEXT,
                None,
                "calendar description",
            )
        others: list[icalendar.Event] = []
        for component in cal.walk("VEVENT"):
            if not isinstance(component, icalendar.Event):
                continue
            body = _text(component, "X-TIMELINE-JSON")
            if body is not None:
                events.append(_event_data(body, component))
            else:
                others.append(component)
        if others:
            foreign.append((cal, others))
    data = {
        "title": title,
        "description": description,
        "tz": tz or zone_of_calendar,
        "sources": sources,
        "events": events,
    }
    ours = from_data(data, file="X-TIMELINE-JSON")
    if not foreign:
        return ours
    reading.ids = Namer(e.id for e in ours.events)
    reading.sources.update((s.id, s) for s in ours.sources)
    reading.source_ids = Namer(reading.sources)
    for source in ours.sources:
        if source.url is not None:
            reading.by_url.setdefault(source.url, source.id)
    imported = [
        event for cal, components in foreign for event in _import_foreign(cal, components, reading)
    ]
    return Timeline(
        ours.title,
        [*ours.events, *imported],
        tuple(reading.sources.values()),
        description=ours.description,
        tz=ours.tz,
    )


def _import_foreign(
    cal: icalendar.Calendar, components: list[icalendar.Event], reading: _Reading
) -> Iterator[Event]:
    default_tz = _text(cal, "X-WR-TIMEZONE")
    if default_tz is not None and not _is_zone(default_tz):
        default_tz = None
    zones = _Zones(cal, default_tz, reading)
    series: dict[str, list[icalendar.Event]] = {}
    plain: list[icalendar.Event] = []
    for component in components:
        if "RRULE" in component or "RDATE" in component:
            series.setdefault(str(component.get("UID", "")), [])
    for component in components:
        members = series.get(str(component.get("UID", "")))
        if members is None:
            plain.append(component)
        else:
            members.append(component)
    for component in plain:
        yield _foreign_event(component, False, zones, reading)
    for uid in sorted(series):
        for occurrence, expanded in _expand(cal, series[uid], zones, reading):
            yield _foreign_event(occurrence, expanded, zones, reading)


def _start(component: icalendar.Event, name: str) -> _dt.date:
    try:
        return component.start
    except icalendar.InvalidCalendar as exc:
        raise TimelineError(f"event {name!r}: no valid DTSTART ({exc})") from exc


def _expand(
    cal: icalendar.Calendar, series: list[icalendar.Event], zones: _Zones, reading: _Reading
) -> Iterator[tuple[icalendar.Event, bool]]:
    """The occurrences of one recurring event, each with ``True``; or its
    master alone, with ``False``, when it is not expanded (with a warning)."""
    master = next((c for c in series if "RRULE" in c or "RDATE" in c), series[0])
    uid = str(master.get("UID", ""))
    first = _start(master, uid)
    limit = min(RECURRENCE_LIMIT, reading.expand_left)
    why = "" if limit > 0 else f"more than {reading.expand:,} occurrences in the calendar"
    why = why or zones.unusable(master) or unexpandable(master, series_seconds(RECURRENCE_YEARS))
    if why:
        reading.notes.append(
            Problem(
                f"recurring event not expanded ({why}): only its first start is read",
                event=uid,
                field="RRULE",
            )
        )
        yield master, False
        return
    try:
        out = expand_series(
            series, cal.walk("VTIMEZONE"), zones.bad, first, limit, RECURRENCE_YEARS
        )
    except TimelineError:
        raise
    except Exception as exc:
        raise TimelineError(f"recurring event {uid!r} cannot be expanded: {exc}") from exc
    reading.expand_left -= len(out)
    if len(out) == limit < RECURRENCE_LIMIT:
        reading.notes.append(
            Problem(
                f"recurring event cut to its first {limit:,} occurrences: the calendar has"
                f" more than {reading.expand:,} in all (from_ics(expand=...) to read more)",
                event=uid,
                field="RRULE",
            )
        )
    for occurrence in out:
        yield occurrence, True


def _is_zone(name: str) -> bool:
    """True when ``name`` is a zone a :class:`When` accepts (the rule of :func:`edtf.zone`)."""
    try:
        zone(name)
    except TimelineError:
        return False
    return True


def _foreign_event(
    component: icalendar.Event, occurrence: bool, zones: _Zones, reading: _Reading
) -> Event:
    uid = _text(component, "UID") or ""
    summary = _text(component, "SUMMARY") or ""
    # an export without X-TIMELINE-JSON (lossless=False) still names its
    # events and their EDTF dates exactly (an occurrence has its own date)
    own_id = None if occurrence else _text(component, "X-TIMELINE-ID")
    if own_id is not None and rules.identifier(own_id) is None:
        base = own_id
    else:
        base = _slug(uid.split("@")[0], 60) or _slug(uid, 60) or _slug(summary, 60)
    if occurrence:
        start = _start(component, uid)
        suffix = (
            start.strftime("%Y%m%dt%H%M%S")
            if isinstance(start, _dt.datetime)
            else start.strftime("%Y%m%d")
        )
        base = f"{base}-{suffix}" if base else suffix
    event_id = reading.ids.unique(base)
    when = None if occurrence else _own_when(component)
    if when is None:
        when = _when_of(component, zones, event_id)
    status_x = _text(component, "X-TIMELINE-STATUS")
    status = _ICAL_TO_STATUS.get(str(component.get("STATUS", "")).upper(), Status.HAPPENED)
    if status_x in STATUSES:
        status = STATUSES[status_x]
    tags: dict[str, None] = {}
    for categories in _as_list(component.get("CATEGORIES")):
        for cat in getattr(categories, "cats", ()):
            text = str(cat).strip()
            if text:
                tags[reading.cut(text, MAX_SHORT_TEXT, event_id, "CATEGORIES")] = None
    places: list[Place] = []
    location = (_text(component, "LOCATION") or "").strip()
    if location:
        location = reading.cut(location, MAX_SHORT_TEXT, event_id, "LOCATION")
        geo = component.get("GEO")
        if geo is not None:
            places.append(Place(location, lat=geo.latitude, lon=geo.longitude))
        else:
            places.append(Place(location))
    citations: list[Citation] = []
    url = _text(component, "URL")
    if url and rules.url(url[:MAX_URL]) is None:  # an http(s) URL, maybe too long
        if len(url) > MAX_URL:
            reading.notes.append(
                Problem(
                    f"left out: {len(url):,} characters, at most {MAX_URL:,}",
                    event=event_id,
                    field="URL",
                )
            )
        else:
            citations.append(Citation(reading.source_for(url)))
    title = reading.cut(summary.strip() or uid or event_id, MAX_SHORT_TEXT, event_id, "SUMMARY")
    return Event(
        event_id,
        title,
        when,
        status=status,
        summary=reading.cut(
            _text(component, "DESCRIPTION") or "", MAX_LONG_TEXT, event_id, "DESCRIPTION"
        ),
        places=places,
        tags=tuple(tags),
        sources=citations,
    )


def _own_when(component: icalendar.Event) -> When | None:
    """The date in ``X-TIMELINE-EDTF`` (and ``-TZ``), if there is a valid one."""
    edtf = _text(component, "X-TIMELINE-EDTF")
    if edtf is None:
        return None
    try:
        return When.parse(edtf, _text(component, "X-TIMELINE-TZ"))
    except ValueError:  # TimelineError is one
        return None


def _as_list(value: object) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


class _Zones:
    """The zones of one calendar's times: its ``X-WR-TIMEZONE`` (the zone of
    floating times), and what stands for a zone that cannot be used: a
    ``TZID`` that is neither an IANA name nor a ``VTIMEZONE`` of the file
    (``Mars/Olympus``), or a ``VTIMEZONE`` whose rules would cost too much to
    read (``FREQ=SECONDLY``).  Such a time is read in the calendar's
    ``X-WR-TIMEZONE`` if it names a zone, else in UTC, with a warning."""

    def __init__(self, cal: icalendar.Calendar, default_tz: str | None, reading: _Reading) -> None:
        self.default = default_tz
        self.reading = reading
        self.bad: dict[str, str] = {}
        seconds = series_seconds(9999)
        for tz in cal.walk("VTIMEZONE"):
            for observance in tz.subcomponents:
                why = unexpandable(observance, seconds)
                if why:
                    self.bad[str(tz.get("TZID", ""))] = why

    def _why(self, component: icalendar.Event, name: str, moment: _dt.date) -> str:
        if not isinstance(moment, _dt.datetime):
            return ""
        tzid = getattr(component.get(name), "params", {}).get("TZID")
        if tzid is None:
            return ""
        if moment.tzinfo is None:
            return f"unknown time zone {str(tzid)[:80]!r}"
        why = self.bad.get(str(tzid))
        if why and not isinstance(moment.tzinfo, ZoneInfo):
            return f"time zone {str(tzid)[:80]!r} not read ({why})"
        return ""

    def unusable(self, component: icalendar.Event) -> str:
        """Why the zone of the ``DTSTART`` cannot be used, or ``""``."""
        return self._why(component, "DTSTART", _start(component, str(component.get("UID", ""))))

    def usable(
        self, component: icalendar.Event, name: str, moment: _dt.date, event_id: str
    ) -> _dt.date:
        """``moment`` (the value of property ``name``), in the fallback zone
        if its own cannot be used."""
        why = self._why(component, name, moment)
        if not why:
            return moment
        assert isinstance(moment, _dt.datetime)
        if self.default is not None:
            zone: _dt.tzinfo = ZoneInfo(self.default)
            instead = f"read in {self.default}, the calendar's X-WR-TIMEZONE"
        else:
            zone, instead = _UTC, "read as UTC"
        self.reading.notes.append(Problem(f"{why}: {instead}", event=event_id, field=name))
        return moment.replace(tzinfo=zone)


def _when_of(component: icalendar.Event, zones: _Zones, name: str) -> When:
    default_tz = zones.default
    start = zones.usable(component, "DTSTART", _start(component, name), name)
    try:
        end: _dt.date = component.end  # from DTEND, or DTSTART + DURATION, or the default
    except icalendar.InvalidCalendar as exc:
        raise TimelineError(f"event {name!r}: bad DTEND or DURATION ({exc})") from exc
    if "DTEND" in component:
        end = zones.usable(component, "DTEND", end, name)
    elif isinstance(end, _dt.datetime) and isinstance(start, _dt.datetime):
        end = end.replace(tzinfo=start.tzinfo)  # DTSTART + DURATION, in the same zone
    if not isinstance(start, _dt.datetime):
        # all-day: DTEND is exclusive
        last = start
        if not isinstance(end, _dt.datetime):
            last = max(start, end - _ONE_DAY)
        if last == start:
            return When.parse(start.isoformat())
        return When.parse(f"{start.isoformat()}/{last.isoformat()}")
    tz, start_text = _moment(start, default_tz)
    if not isinstance(end, _dt.datetime) or not _comparable(start, end) or end <= start:
        return When.parse(start_text, tz)
    if tz is not None:
        zone = ZoneInfo(tz)
        end_text = _local(end if end.tzinfo is not None else end.replace(tzinfo=zone), zone)
    elif end.tzinfo is None:
        end_text = _clock(end)
    else:
        end_tz, end_text = _moment(end, None)
        if end_tz is not None:  # the start had no zone: write the end in UTC
            end_text = _clock(end.astimezone(_UTC)) + "Z"
    if end_text == start_text:
        return When.parse(start_text, tz)
    return When.parse(f"{start_text}/{end_text}", tz)


def _comparable(a: _dt.datetime, b: object) -> bool:
    return isinstance(b, _dt.datetime) and (a.tzinfo is None) == (b.tzinfo is None)


def _clock(moment: _dt.datetime) -> str:
    text = moment.strftime("%Y-%m-%dT%H:%M")
    if moment.second:
        text += moment.strftime(":%S")
    return text


def _moment(moment: _dt.datetime, default_tz: str | None) -> tuple[str | None, str]:
    """``(tz, edtf)`` of a DTSTART/DTEND date-time."""
    if moment.tzinfo is None:
        if default_tz:  # a floating time in the calendar's zone, read as a TZID time is
            zone = ZoneInfo(default_tz)
            return default_tz, _local(moment.replace(tzinfo=zone), zone)
        return None, _clock(moment)
    offset = moment.utcoffset()
    key = getattr(moment.tzinfo, "key", None)
    if isinstance(key, str) and key not in ("UTC", "Etc/UTC") and _is_zone(key):
        return key, _local(moment, ZoneInfo(key))
    if offset == _dt.timedelta(0):
        if default_tz:  # Google writes UTC times and names the calendar's zone
            return default_tz, _local(moment, ZoneInfo(default_tz))
        return None, _clock(moment) + "Z"
    # a zone that is not an IANA name (a custom VTIMEZONE): keep the offset
    assert offset is not None
    return None, _clock(moment) + _offset(offset)


def _offset(offset: _dt.timedelta) -> str:
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _local(moment: _dt.datetime, zone: ZoneInfo) -> str:
    """EDTF of the aware ``moment`` as a local time in ``zone``, where it
    exists (a time the clocks skip is read, as RFC 5545 says, with the offset
    before the change: ``02:30`` of a spring-forward night is ``03:30``), and
    with its offset where it happens twice (a local time alone reads as the
    later one; RFC 5545 means the first)."""
    local = moment.astimezone(_UTC).astimezone(zone)
    text = _clock(local)
    offset = local.utcoffset()
    if offset != local.replace(fold=1 - local.fold).utcoffset():
        assert offset is not None
        text += _offset(offset)
    return text
