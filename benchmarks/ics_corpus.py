"""Read a folder of other programs' ``.ics`` files with icalendar and with ``from_ics``.

    uv run python -m benchmarks.ics_corpus DIR [-v] [--timeout 30]

For every ``*.ics`` file under ``DIR`` (recursively, in name order) it prints
nothing unless something is wrong, then the figures:

* the files icalendar reads (``Calendar.from_ical(data, multiple=True)``
  raises nothing) and the files :func:`timeline.ical.from_ics` reads;
* the files where the dates differ: an event whose start is not the start
  icalendar reads for any ``VEVENT`` of the file (each recurring event is
  compared at its first start: ``from_ics(data, expand=0)``);
* the ``VEVENT``s icalendar gives a start to that we skipped, and the warnings;
* each failure's message (the first line, cut to 200 characters), and the
  files that took longest.

A file is given ``--timeout`` seconds (SIGALRM: a hang is reported as one).
Start times compare as instants when icalendar reads a zone, as wall-clock
times when it reads a floating time (``from_ics`` may give it the calendar's
``X-WR-TIMEZONE``), and as days for all-day events.  The figures are in the
README (Reliability: other programs' calendars).
"""

from __future__ import annotations

import argparse
import datetime as dt
import signal
import sys
import time
import warnings
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import Any, Final

import icalendar

from timeline.errors import TimelineWarning
from timeline.ical import from_ics
from timeline.models import Timeline
from timeline.when import Kind, When

__all__ = ["main"]

Key = tuple[str, Any]
_UTC: Final = dt.UTC


class _TimeoutError(Exception):
    pass


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    raise _TimeoutError


def _first_line(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."


def _key(value: dt.date) -> Key:
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None and value.utcoffset() is not None:
            moment = value.astimezone(_UTC).replace(tzinfo=None, microsecond=0)
            return ("instant", moment)
        return ("wall", value.replace(microsecond=0))
    return ("day", value)


def _their_starts(calendars: Sequence[icalendar.Component]) -> list[Key]:
    """The DTSTART icalendar reads for each VEVENT (a recurring event once: the
    first VEVENT of its UID with an RRULE or RDATE)."""
    starts: list[Key] = []
    for cal in calendars:
        events = [c for c in cal.walk("VEVENT") if isinstance(c, icalendar.Event)]
        masters: dict[str, icalendar.Event] = {}
        for event in events:
            if ("RRULE" in event or "RDATE" in event) and event.get("UID"):
                masters.setdefault(str(event.get("UID")), event)
        for event in events:  # (a VEVENT without a UID is a series of its own)
            master = masters.get(str(event.get("UID", "")))
            if master is not None and master is not event:
                continue  # an override or another part of a series read at its master
            value = event.get("DTSTART")
            if value is None or isinstance(value, icalendar.vBroken | list):
                continue  # no start icalendar can read
            start = value.dt
            if isinstance(start, dt.date):
                starts.append(_key(start))
    return starts


def _our_keys(when: When) -> list[Key]:
    """The keys an event's start may match: its instant, its wall clock, its day."""
    part = when.start if when.kind is Kind.INTERVAL and when.start is not None else when
    value = part.earliest
    if value is None:
        return []
    if isinstance(value, dt.datetime):
        keys = [_key(value)]
        if value.tzinfo is not None:
            plain = dt.datetime(
                value.year, value.month, value.day, value.hour, value.minute, value.second
            )
            keys.append(("wall", plain))
        return keys
    return [("day", dt.date(value.year, value.month, value.day))]


def _differing(theirs: list[Key], ours: Timeline) -> list[str]:
    """Our events whose start matches none of icalendar's (each used once)."""
    left = Counter(theirs)
    odd: list[str] = []
    for event in ours.events:
        for key in _our_keys(event.when):
            if left[key] > 0:
                left[key] -= 1
                break
        else:
            odd.append(f"{event.id}: {event.when.edtf} {event.when.tz or ''}".rstrip())
    return odd


def _files(folder: Path) -> Iterator[Path]:
    yield from sorted(p for p in folder.rglob("*") if p.suffix.lower() == ".ics" and p.is_file())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ics_corpus", description=__doc__)
    parser.add_argument("folder", type=Path, help="a folder of .ics files (searched recursively)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every warning too")
    parser.add_argument("--timeout", type=int, default=30, help="seconds per file (default 30)")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGALRM, _alarm)

    files = list(_files(args.folder))
    theirs_ok = ours_ok = both = differ = 0
    skipped = warned = compared = 0
    failures: list[tuple[str, str, str]] = []
    times: list[tuple[float, str]] = []
    for path in files:
        name = str(path.relative_to(args.folder))
        data = path.read_bytes()
        calendars: list[icalendar.Component] | None
        try:
            calendars = list(icalendar.Calendar.from_ical(data, multiple=True))
            theirs_ok += 1
        except Exception:
            calendars = None
        signal.alarm(args.timeout)
        begin = time.perf_counter()
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", TimelineWarning)
                tl = from_ics(data)
                first = from_ics(data, expand=0)
        except _TimeoutError:
            failures.append((name, "hang", f"no answer in {args.timeout} s"))
            continue
        except Exception as exc:
            kind = "error" if isinstance(exc, ValueError) else f"CRASH {type(exc).__name__}"
            if calendars is None:
                kind += " (icalendar fails too)"
            else:
                kind += f" (icalendar reads {len(calendars)} components)"
            failures.append((name, kind, _first_line(exc)))
            continue
        finally:
            signal.alarm(0)
            times.append((time.perf_counter() - begin, name))
        ours_ok += 1
        notes = [str(w.message) for w in caught if issubclass(w.category, TimelineWarning)]
        warned += bool(notes)
        if args.verbose:
            for note in dict.fromkeys(notes):
                print(f"{name}: warning: {note}")
        if calendars is None:
            continue
        both += 1
        theirs = _their_starts(calendars)
        skipped += max(len(theirs) - len(first.events), 0)
        odd = _differing(theirs, first)
        compared += len(first.events)
        if odd:
            differ += 1
            print(f"{name}: dates differ: {'; '.join(odd[:3])}" + (" ..." if len(odd) > 3 else ""))
        del tl

    for name, kind, message in failures:
        print(f"{name}: {kind}: {message}")
    print()
    print(f"files:                 {len(files)}")
    print(f"icalendar reads:       {theirs_ok}")
    print(f"from_ics reads:        {ours_ok}")
    print(f"  of icalendar's:      {both}")
    print(f"  with warnings:       {warned}")
    print(f"dates differ:          {differ} (of {compared} events compared)")
    print(f"VEVENTs skipped:       {skipped} (in files both read)")
    crashes = sum(1 for _, kind, _ in failures if not kind.startswith("error"))
    print(f"crashes and hangs:     {crashes}")
    slow = sorted(times, reverse=True)[:3]
    print("slowest:               " + ", ".join(f"{name} {s:.2f} s" for s, name in slow))
    return 0


if __name__ == "__main__":
    sys.exit(main())
