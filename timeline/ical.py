"""iCalendar (RFC 5545) export, built on :mod:`icalendar` 7.

:func:`to_ics` writes a :class:`~timeline.models.Timeline` as a calendar that
any calendar program can open; :func:`~timeline.ical_import.from_ics` reads it
back, exactly, and also reads ordinary calendars written by other programs
(:mod:`timeline.ical_import`; ``from_ics`` and ``read_ics`` are importable
from here too).  All folding, escaping and time-zone (``VTIMEZONE``) work is
left to :mod:`icalendar`.

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
from typing import Any, Final, Literal
from zoneinfo import ZoneInfo

import icalendar

from timeline._atomic import atomic_write
from timeline._ical_limits import as_list, slug
from timeline.codec import event_to_data, head_to_data
from timeline.errors import Problem, TimelineError, warn_all
from timeline.i18n import export_labels
from timeline.ical_import import EXPAND_LIMIT, from_ics
from timeline.models import Citation, Event, Place, Source, Status, Timeline
from timeline.when import EndKind, Kind, Precision, When

__all__ = ["EXPAND_LIMIT", "CancelledMode", "from_ics", "to_ics", "write_ics"]

CancelledMode = Literal["keep", "prefix", "omit"]

PRODID: Final = "-//timeline//Timeline export//EN"
FORMAT_VERSION: Final = 3
"""Version of the JSON carried in ``X-TIMELINE-JSON``.  Format 1 carried the
whole event; format 2 only what the event's other properties do not carry
exactly.  Both are read."""


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
    if not all(e.when.fits for e in tl.events):
        tl = _without_outside_years(tl)

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


def _without_outside_years(tl: Timeline) -> Timeline:
    """``tl`` without the events outside years 1–9999, each named in a warning.

    iCalendar dates hold years 1 to 9999 only: such an event is left out (and
    links to it dropped), never written with a wrong date.
    """
    warn_all(
        (
            Problem(
                f"{e.when} lies outside years 1–9999, which iCalendar cannot hold: left out",
                event=e.id,
                field="when",
            )
            for e in tl.events
            if not e.when.fits
        ),
        stacklevel=3,
    )
    return tl.filter(where=lambda e: e.when.fits)


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
            icalendar.vDDDLists([value.dt]) for line in as_list(rdates) for value in line.dts
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
        if source.published is None or not source.published.fits or source.published.latest is None:
            continue
        latest = source.published.latest
        if isinstance(latest, _dt.datetime):
            moment = _utc_stamp(latest if latest.tzinfo else latest.replace(tzinfo=_UTC))
        else:
            moment = _dt.datetime(latest.year, latest.month, latest.day, tzinfo=_UTC)
        best = moment if best is None else max(best, moment)
    return best if best is not None else _FALLBACK_STAMP


def _uid_domain(title: str) -> str:
    name = slug(title, 48, fold=False)  # (the UIDs of earlier exports, unchanged)
    if not name:
        name = hashlib.sha256(title.encode()).hexdigest()[:12]
    return f"{name}.timeline"


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
