"""iCalendar (RFC 5545) import: our exports exactly, other programs' calendars as events.

:func:`from_ics` reads calendar data; an export of
:func:`timeline.ical.to_ics` comes back equal to the timeline written (from
its ``X-TIMELINE-JSON``), and the events of other programs become events.
How each property maps, and the bounds that keep reading linear in time and
memory (:mod:`timeline._ical_limits`), are documented in ``docs/ical.md``.
"""

from __future__ import annotations

import copy
import datetime as _dt
import json
import os
import re
from collections.abc import Iterator, Sequence
from typing import Any, Final, Literal
from zoneinfo import ZoneInfo

import icalendar

from timeline import rules
from timeline._files import TooBigError, cannot_read, read_regular
from timeline._ical_limits import (
    MAX_ICS_BYTES,
    Namer,
    as_list,
    check_json_depth,
    check_size,
    expand_series,
    series_seconds,
    slug,
    unexpandable,
    zone_seconds,
)
from timeline.codec import MAX_PROBLEMS, from_data
from timeline.edtf import zone
from timeline.errors import Problem, TimelineError, TimelineLoadError, warn_all
from timeline.models import Citation, Event, Place, Source, Status, Timeline
from timeline.rules import MAX_LONG_TEXT, MAX_SHORT_TEXT, MAX_URL, STATUSES
from timeline.when import When

__all__ = [
    "EXPAND_LIMIT",
    "RECURRENCE_LIMIT",
    "RECURRENCE_YEARS",
    "IdsFrom",
    "from_ics",
    "read_ics",
]

IdsFrom = Literal["uid", "summary"]
"""What the ids of other programs' events are made from."""

RECURRENCE_LIMIT: Final = 500
"""At most this many occurrences of one recurring event are imported..."""
RECURRENCE_YEARS: Final = 10
"""...and only those that start within this many years of the first one."""
EXPAND_LIMIT: Final = 2_000
"""The default of ``from_ics(expand=...)``: at most this many occurrences of
recurring events in all are imported from one calendar."""

_UTC: Final = _dt.UTC
_ONE_DAY: Final = _dt.timedelta(days=1)

_ICAL_TO_STATUS: Final = {
    "CONFIRMED": Status.HAPPENED,
    "TENTATIVE": Status.PLANNED,
    "CANCELLED": Status.CANCELLED,
}

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
            for categories in as_list(component.get("CATEGORIES"))
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


def from_ics(
    data: bytes | str,
    *,
    expand: int = EXPAND_LIMIT,
    strict: bool = False,
    ids: IdsFrom = "uid",
) -> Timeline:
    """Read calendar data: our own exports exactly, other calendars as events.

    ``data`` is the calendar itself (bytes or text); to read a file, use
    :func:`read_ics`.  An export of :func:`~timeline.ical.to_ics` comes back
    equal to the timeline written (from its ``X-TIMELINE-JSON``).  Events of
    other programs become events: the id is a slug of the UID; an all-day
    event is a day or an inclusive run of days; a timed event is an EDTF
    date-time in its zone (``X-WR-TIMEZONE`` gives floating times a zone);
    ``STATUS`` maps to a status (an event of a ``METHOD:CANCEL`` calendar is
    cancelled); ``CATEGORIES`` to tags; ``LOCATION``/``GEO`` to a place;
    ``URL`` to a cited source.  ``VEVENT``s outside a ``VCALENDAR`` are read
    too.  A recurring event is expanded: each occurrence is an event whose id
    ends with its date, at most :data:`RECURRENCE_LIMIT` occurrences within
    :data:`RECURRENCE_YEARS` years of the first, and at most ``expand``
    occurrences in all (``0``: each recurring event once, at its first start).

    A ``VEVENT`` without a usable start (no ``DTSTART``, or one that is not
    a date) is skipped, and a broken property is left out (a broken
    recurrence rule: the event's first occurrence is kept), each with a
    :class:`~timeline.errors.TimelineWarning` naming the event (its UID or
    summary), the line of its ``BEGIN:VEVENT`` and the property; so is what
    is read but not as written (text cut to the limits of the format, an
    unknown time zone, a recurring event not expanded).  ``strict=True``
    makes a skipped event or a broken property a :class:`TimelineError`
    instead: the whole calendar or nothing.  Input that is not iCalendar
    raises :class:`TimelineError`.

    ``ids="summary"`` makes the ids of other programs' events from their
    summaries (``"Weekly stand-up"`` -> ``weekly-stand-up``) instead of their
    UIDs, which are often opaque (``7kukuqrfedlm2f9t0vl9bm4ct3@google.com``).
    """
    if isinstance(data, os.PathLike):
        raise TimelineError(
            "from_ics: expected calendar data (bytes or text), not a path:"
            " to read a file, use timeline.read_ics(path)"
        )
    if isinstance(data, str):
        _refuse_file_name(data)
        data = data.encode("utf-8")
    if not isinstance(data, bytes):
        raise TimelineError(f"from_ics: expected bytes or text, not {type(data).__name__}")
    tl, notes = _read(data, expand, strict, ids, None)
    warn_all(notes)
    return tl


def read_ics(
    path: str | os.PathLike[str],
    *,
    expand: int = EXPAND_LIMIT,
    strict: bool = False,
    ids: IdsFrom = "uid",
) -> Timeline:
    """Read the calendar file at ``path`` (``.ics``) as :func:`from_ics` reads its bytes.

    Errors and warnings name the file (and the line of the event):
    ``cal.ics:12: event 'standup@example.com': DTSTART: missing: skipped``.
    A file over 64 MiB, or anything but a regular file (a FIFO, a device),
    is refused before it is read.
    """
    name = os.fspath(path)
    try:
        data = read_regular(name, MAX_ICS_BYTES)
    except TooBigError as exc:
        raise TimelineError(
            f"{name}: the calendar is too big ({exc.size:,} bytes{exc.more}; at most"
            f" {MAX_ICS_BYTES:,})"
        ) from None
    except OSError as exc:
        raise TimelineError(f"{name}: cannot read: {cannot_read(exc, name)}") from None
    try:
        tl, notes = _read(data, expand, strict, ids, name)
    except TimelineLoadError:
        raise  # (its problem names the file)
    except TimelineError as exc:
        raise TimelineError(f"{name}: {exc}") from exc
    warn_all(notes)
    return tl


_CALENDAR_TEXT: Final = re.compile(r"\A[\ufeff\s]*BEGIN:", re.IGNORECASE)
_FILE_SUFFIXES: Final = (".ics", ".ical", ".icalendar", ".ifb")


def _refuse_file_name(text: str) -> None:
    """Refuse text that is a file name rather than a calendar (``from_ics("x.ics")``)."""
    if _CALENDAR_TEXT.match(text) or len(text) > 4096 or "\n" in text:
        return
    named = text.strip()
    try:
        exists = bool(named) and os.path.isfile(named)
    except (OSError, ValueError):  # (a NUL byte, a name too long)
        exists = False
    if exists or named.lower().endswith(_FILE_SUFFIXES):
        raise TimelineError(
            f"from_ics: '{named[:200]}' is a file name, not calendar text:"
            " to read the file, use timeline.read_ics(path)"
        )


def _read(
    data: bytes, expand: int, strict: bool, ids: IdsFrom, file: str | None
) -> tuple[Timeline, list[Problem]]:
    """The timeline in ``data``, and the warnings to give."""
    if isinstance(expand, bool) or not isinstance(expand, int) or expand < 0:
        raise TimelineError(f"from_ics: expand={expand!r} is not a count (0 or more)")
    if ids not in ("uid", "summary"):
        raise TimelineError(f"from_ics: ids={ids!r} is not one of 'uid', 'summary'")
    check_size(len(data))
    if not data.strip():
        raise TimelineError("from_ics: empty input (not an iCalendar file)")
    try:
        roots = list(icalendar.Calendar.from_ical(data, multiple=True))
    except Exception as exc:  # icalendar raises ValueError, KeyError, IndexError...
        raise TimelineError(f"not a valid iCalendar file: {_first_line(exc)}") from exc
    reading = _Reading(expand, strict, ids, file, _vevent_lines(data, roots))
    calendars = _calendars(roots)
    try:
        tl = _read_calendars(calendars, reading)
    except TimelineError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
        raise TimelineError(f"cannot read the calendar ({type(exc).__name__})") from exc
    return tl, reading.warnings()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().split("\n")[0]
    return text if len(text) <= 200 else text[:197] + "..."


def _calendars(roots: Sequence[icalendar.Component]) -> list[icalendar.Calendar]:
    """The ``VCALENDAR``s of the file; ``VEVENT``s (and their ``VTIMEZONE``s)
    outside any, as one more."""
    calendars = [c for c in roots if isinstance(c, icalendar.Calendar)]
    loose = [c for c in roots if _kind(c) in ("VEVENT", "VTIMEZONE")]
    if any(_kind(c) == "VEVENT" for c in loose):
        bare = icalendar.Calendar()
        bare.subcomponents.extend(loose)
        calendars.append(bare)
    if calendars:
        return calendars
    if not roots:
        raise TimelineError(
            "not a calendar of events: no complete VCALENDAR or VEVENT"
            " (a BEGIN line without its END line?)"
        )
    held = ", ".join(sorted({_kind(c)[:40] for c in roots})[:5])
    raise TimelineError(f"not a calendar of events: no VCALENDAR or VEVENT (the file holds {held})")


def _kind(component: icalendar.Component) -> str:
    """A component's name (``VEVENT``), without the stray white space some files leave."""
    return str(component.name or "").strip().upper()


_BEGIN_VEVENT: Final = re.compile(rb"^BEGIN:VEVENT\r?$", re.IGNORECASE | re.MULTILINE)


def _vevent_lines(data: bytes, roots: Sequence[icalendar.Component]) -> dict[int, int]:
    """The line of each ``VEVENT`` component's ``BEGIN:VEVENT`` (by ``id``),
    when the file's ``BEGIN:VEVENT`` lines and icalendar's components match
    one to one (in the order of the file); else none."""
    events = [c for root in roots for c in root.walk() if isinstance(c, icalendar.Event)]
    starts = [m.start() for m in _BEGIN_VEVENT.finditer(data)]
    if len(starts) != len(events):
        return {}
    lines: dict[int, int] = {}
    line, at = 1, 0
    for component, start in zip(events, starts, strict=True):
        line += data.count(b"\n", at, start)
        at = start
        lines[id(component)] = line
    return lines


class _Reading:
    """What one :func:`from_ics` gathers as it goes: the ids taken, the
    sources (by id and by URL), the occurrences still allowed, and the
    warnings to give once the calendar is read."""

    def __init__(
        self, expand: int, strict: bool, ids: IdsFrom, file: str | None, lines: dict[int, int]
    ) -> None:
        self.ids_from = ids
        self.ids = Namer()
        self.sources: dict[str, Source] = {}
        self.source_ids = Namer()
        self.by_url: dict[str, str] = {}
        self.expand = expand
        self.expand_left = expand
        self.strict = strict
        self.file = file
        self.lines = lines
        self.notes: list[Problem] = []
        self.more = 0

    def note(
        self,
        message: str,
        event: str | None,
        field: str | None,
        component: icalendar.Component | None = None,
    ) -> None:
        """A warning: read, but not as written (at the line of ``component``, if known)."""
        line = None if component is None else self.lines.get(id(component))
        self._add(Problem(message, file=self.file, line=line, event=event, field=field))

    def _add(self, problem: Problem) -> None:
        """A warning, kept while there are fewer than :data:`MAX_PROBLEMS` (as the
        loader's problems are): the others are only counted."""
        if len(self.notes) < MAX_PROBLEMS:
            self.notes.append(problem)
        else:
            self.more += 1

    def warnings(self) -> list[Problem]:
        """The warnings kept, and one that says how many more there were."""
        if not self.more:
            return self.notes
        more = Problem(
            f"{self.more:,} more warnings not shown (the first {MAX_PROBLEMS} are)",
            file=self.file,
        )
        return [*self.notes, more]

    def repair(self, component: icalendar.Component, field: str | None, message: str) -> None:
        """A broken part of ``component`` left out, with a warning; an error if strict."""
        problem = Problem(
            message,
            file=self.file,
            line=self.lines.get(id(component)),
            event=_name(component) or None,
            field=field,
        )
        if self.strict:
            raise TimelineLoadError([problem])
        self._add(problem)

    def cut(self, text: str, limit: int, event: str | None, field: str) -> str:
        """``text``, cut to ``limit`` characters with a warning: what the
        models and the TOML loader accept, so that the timeline saves and
        loads back."""
        if len(text) <= limit:
            return text
        self.note(f"{len(text):,} characters cut to {limit:,}", event, field)
        return text[:limit]

    def source_for(self, url: str) -> str:
        """The id of the source with this URL, added if new (one dict look-up)."""
        source_id = self.by_url.get(url)
        if source_id is None:
            source_id = self.source_ids.unique(f"url-{slug(url, 40)}")
            self.sources[source_id] = Source(source_id, url[:MAX_SHORT_TEXT], url=url)
            self.by_url[url] = source_id
        return source_id


def _name(component: icalendar.Component) -> str:
    """How a warning names a component: its UID, else its SUMMARY (cut to 80 characters)."""
    name = (_text(component, "UID") or "").strip() or (_text(component, "SUMMARY") or "").strip()
    return name if len(name) <= 80 else name[:77] + "..."


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
    eras: Any = None  # the first calendar's (the same eras in each of a split export)
    events: list[dict[str, Any]] = []
    foreign: list[tuple[icalendar.Calendar, list[icalendar.Event]]] = []
    for cal in calendars:
        _note_others(cal, reading)
        zone = _text(cal, "X-WR-TIMEZONE")
        if zone_of_calendar is None and zone is not None and _is_zone(zone):
            zone_of_calendar = zone
        header = _text(cal, "X-TIMELINE-JSON")
        if header is not None:
            head = _json_object(header, "calendar X-TIMELINE-JSON")
            title = title or head.get("title", "")
            description = description or head.get("description", "")
            tz = tz or head.get("tz")
            eras = eras or head.get("eras")
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
        for component in cal.walk():
            if not isinstance(component, icalendar.Event):
                continue  # (an Event whatever white space its name has)
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
        "eras": eras or [],
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
        eras=ours.eras,
    )


def _note_others(cal: icalendar.Calendar, reading: _Reading) -> None:
    """A warning for the components of ``cal`` that are not events (a
    ``VTODO``, a ``VJOURNAL``...): a timeline reads ``VEVENT``s only."""
    others: dict[str, int] = {}
    for component in cal.subcomponents:
        kind = _kind(component)
        if kind not in ("VEVENT", "VTIMEZONE"):
            others[kind[:40]] = others.get(kind[:40], 0) + 1
    if others:
        counted = ", ".join(f"{n:,} {kind}" for kind, n in sorted(others.items()))
        reading.note(f"not read: {counted} (a timeline reads events, VEVENT)", None, None)


def _import_foreign(
    cal: icalendar.Calendar, components: list[icalendar.Event], reading: _Reading
) -> Iterator[Event]:
    default_tz = _text(cal, "X-WR-TIMEZONE")
    if default_tz is not None and not _is_zone(default_tz):
        default_tz = None
    zones = _Zones(cal, default_tz, reading)
    cancel = str(cal.get("METHOD", "")).strip().upper() == "CANCEL"
    series: dict[str, list[icalendar.Event]] = {}
    plain: list[icalendar.Event] = []
    usable: list[tuple[str, icalendar.Event]] = []
    for index, component in enumerate(components):
        fixed = _usable(component, reading)
        if fixed is None:
            continue
        # the series a VEVENT belongs to: its UID (one without is a series of its own)
        key = str(fixed.get("UID", "")) or f"\x00{index:09d}"
        usable.append((key, fixed))
        if "RRULE" in fixed or "RDATE" in fixed:
            series.setdefault(key, [])
    for key, component in usable:
        members = series.get(key)
        if members is None:
            plain.append(component)
        else:
            members.append(component)
    for component in plain:
        event = _event_or_skip(component, component, False, zones, reading, cancel)
        if event is not None:
            yield event
    for uid in sorted(series):
        master = _master(series[uid])
        for occurrence, expanded in _expand(cal, series[uid], master, zones, reading):
            event = _event_or_skip(occurrence, master, expanded, zones, reading, cancel)
            if event is not None:
                yield event


def _event_or_skip(
    component: icalendar.Event,
    source: icalendar.Event,
    occurrence: bool,
    zones: _Zones,
    reading: _Reading,
    cancel: bool,
) -> Event | None:
    """The event of ``component`` (``source``: the ``VEVENT`` it comes from,
    for warnings), or ``None`` when it cannot be read (with a warning)."""
    try:
        return _foreign_event(component, occurrence, zones, reading, cancel)
    except TimelineLoadError:
        raise
    except TimelineError as exc:
        why = str(exc)
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
        why = f"cannot be read ({type(exc).__name__})"
    if occurrence:
        start = component.get("DTSTART")
        when = getattr(start, "dt", None)
        at = f" of {when.isoformat()}" if isinstance(when, _dt.date) else ""
        why = f"the occurrence{at}: {why}"
    reading.repair(source, None, f"{why}: skipped")
    return None


_BROKEN_END: Final = "is not a date, date-time or duration: read without an end"


def _usable(component: icalendar.Event, reading: _Reading) -> icalendar.Event | None:
    """``component``, or a copy without its broken properties (each left out
    with a warning, or an error if strict); ``None`` (with a warning) when it
    has no usable start."""
    starts = as_list(component.get("DTSTART"))
    why = ""
    if not starts:
        why = "missing"
    elif len(starts) > 1:
        why = f"given {len(starts)} times"
    elif isinstance(starts[0], icalendar.vBroken) or not isinstance(
        getattr(starts[0], "dt", None), _dt.date
    ):
        why = f"{_shown(starts[0])} is not a date or date-time"
    if why:
        reading.repair(component, "DTSTART", f"{why}: skipped")
        return None
    fixed = component
    drops: list[tuple[str, str]] = []
    for name, consequence in (
        ("DTEND", _BROKEN_END),
        ("DURATION", _BROKEN_END),
        ("RRULE", "is not a valid recurrence rule: only the first occurrence is read"),
        ("RDATE", "is not a list of dates: left out"),
        ("EXDATE", "is not a list of dates: left out"),
        ("RECURRENCE-ID", "is not a date or date-time: read as an event of its own"),
        ("GEO", "is not a latitude and longitude: left out"),
    ):
        values = as_list(component.get(name))
        broken = next((v for v in values if isinstance(v, icalendar.vBroken)), None)
        if broken is not None:
            drops.append((name, f"{_shown(broken)} {consequence}"))
        elif name in ("DTEND", "DURATION") and len(values) > 1:
            drops.append((name, f"given {len(values)} times: read without an end"))
    if "DTEND" in component and "DURATION" in component and not drops:
        drops.append(("DURATION", "both DTEND and DURATION are given: DURATION left out"))
    for name, message in drops:
        reading.repair(component, name, message)
        if fixed is component:
            fixed = copy.copy(component)
            reading.lines.setdefault(id(fixed), reading.lines.get(id(component), 0))
        # (the other lines of a repeated RDATE or EXDATE are kept)
        kept = [v for v in as_list(fixed.pop(name, None)) if not isinstance(v, icalendar.vBroken)]
        if kept and name in ("RDATE", "EXDATE"):
            fixed[name] = kept if len(kept) > 1 else kept[0]
    return fixed


def _shown(value: object) -> str:
    """A property's raw value, quoted and cut, for a message (never a repr)."""
    if isinstance(value, icalendar.vBroken):
        text = str(value)
    else:
        try:
            raw = value.to_ical()  # type: ignore[attr-defined]
        except Exception:
            raw = b""
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    return rules.quoted(text)


def _master(series: list[icalendar.Event]) -> icalendar.Event:
    return next((c for c in series if "RRULE" in c or "RDATE" in c), series[0])


def _expand(
    cal: icalendar.Calendar,
    series: list[icalendar.Event],
    master: icalendar.Event,
    zones: _Zones,
    reading: _Reading,
) -> Iterator[tuple[icalendar.Event, bool]]:
    """The occurrences of one recurring event, each with ``True``; or its
    master alone, with ``False``, when it is not expanded (with a warning)."""
    uid = str(master.get("UID", ""))
    first = master.start
    limit = min(RECURRENCE_LIMIT, reading.expand_left)
    why = "" if limit > 0 else f"more than {reading.expand:,} occurrences in the calendar"
    why = why or zones.unusable(master) or unexpandable(master, series_seconds(RECURRENCE_YEARS))
    if why:
        reading.note(
            f"recurring event not expanded ({why}): only its first start is read",
            uid,
            "RRULE",
            master,
        )
        yield master, False
        return
    try:
        out = expand_series(
            series, cal.walk("VTIMEZONE"), zones.bad, first, limit, RECURRENCE_YEARS
        )
    except (TimelineError, ImportError):
        raise
    except Exception:  # recurring-ical-events, dateutil: whatever the rule makes them raise
        reading.repair(
            master,
            "RRULE",
            "the recurrence cannot be expanded (its rule and dates do not fit together):"
            " only the first occurrence is read",
        )
        yield master, False
        return
    reading.expand_left -= len(out)
    if len(out) == limit < RECURRENCE_LIMIT:
        reading.note(
            f"recurring event cut to its first {limit:,} occurrences: the calendar has"
            f" more than {reading.expand:,} in all (from_ics(expand=...) to read more)",
            uid,
            "RRULE",
            master,
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
    component: icalendar.Event, occurrence: bool, zones: _Zones, reading: _Reading, cancel: bool
) -> Event:
    uid = _text(component, "UID") or ""
    summary = _text(component, "SUMMARY") or ""
    # an export without X-TIMELINE-JSON (lossless=False) still names its
    # events and their EDTF dates exactly (an occurrence has its own date)
    own_id = None if occurrence else _text(component, "X-TIMELINE-ID")
    if own_id is not None and rules.identifier(own_id) is None:
        base = own_id
    else:
        from_uid = slug(uid.split("@")[0], 60) or slug(uid, 60)
        if reading.ids_from == "summary":
            base = slug(summary, 60) or from_uid
        else:
            base = from_uid or slug(summary, 60)
    if occurrence:
        start = component.start
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
    if cancel:  # a METHOD:CANCEL calendar cancels the events it carries
        status = Status.CANCELLED
    if status_x in STATUSES:
        status = STATUSES[status_x]
    tags: dict[str, None] = {}
    for categories in as_list(component.get("CATEGORIES")):
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
            reading.note(f"left out: {len(url):,} characters, at most {MAX_URL:,}", event_id, "URL")
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


def _last_year(cal: icalendar.Calendar) -> int:
    """The latest year of a start or end in the calendar's ``VEVENT``s (a
    zone's rules are read up to it); 1 if there is none."""
    last = 1
    for component in cal.walk():
        if not isinstance(component, icalendar.Event):
            continue
        for name in ("DTSTART", "DTEND", "RECURRENCE-ID"):
            for value in as_list(component.get(name)):
                if not isinstance(value, icalendar.vBroken):
                    moment = getattr(value, "dt", None)
                    if isinstance(moment, _dt.date):
                        last = max(last, moment.year)
    return last


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
        last_year = min(_last_year(cal) + RECURRENCE_YEARS, 9999)
        for tz in cal.walk("VTIMEZONE"):
            for observance in tz.subcomponents:
                why = unexpandable(observance, zone_seconds(observance, last_year))
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
        return self._why(component, "DTSTART", component.start)

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
        self.reading.note(f"{why}: {instead}", event_id, name, component)
        return moment.replace(tzinfo=zone)


def _when_of(component: icalendar.Event, zones: _Zones, name: str) -> When:
    default_tz = zones.default
    start = zones.usable(component, "DTSTART", component.start, name)
    try:
        end: _dt.date = component.end  # from DTEND, or DTSTART + DURATION, or the default
    except (icalendar.InvalidCalendar, OverflowError):
        end = start  # (a DTEND or DURATION that does not fit DTSTART)
        field = "DTEND" if "DTEND" in component else "DURATION"
        zones.reading.note("does not fit DTSTART: read without an end", name, field, component)
    if "DTEND" in component and end is not start:
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
