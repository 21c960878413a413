"""Read our iCalendar export with ical.js (Mozilla's parser, used by Thunderbird) under node.

    uv run python scripts/read_with_icaljs.py [--version 2.2.1]

Installs ical.js with npm into a temporary folder, exports 50 years of noon events in four
zones with daylight saving (both hemispheres) plus both 01:30 of a fall-back night, reads
every DTSTART with ical.js (registering the file's VTIMEZONEs) and compares its UTC instant
with the timeline's.  Prints how many were read wrongly; exit status 1 if any.  Needs node
and npm (not part of the test suite, which reads the same files with vobject, ical and
icalendar).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from timeline import Event, Timeline, When, to_ics

ZONES = ("America/New_York", "Europe/Paris", "Australia/Sydney", "America/Sao_Paulo")

READER = """
const ICAL = require('ical.js');
const fs = require('fs');
const comp = new ICAL.Component(ICAL.parse(fs.readFileSync(process.argv[2], 'utf8')));
for (const vtz of comp.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(vtz);
for (const ve of comp.getAllSubcomponents('vevent')) {
  const event = new ICAL.Event(ve);
  console.log(ve.getFirstPropertyValue('x-timeline-id'), event.startDate.toUnixTime());
}
"""


def sample() -> Timeline:
    events = [
        Event(f"z{z}-{year}-{month}", "t", When.parse(f"{year}-{month:02d}-15T12:00", zone))
        for z, zone in enumerate(ZONES)
        for year in range(1990, 2040)
        for month in (1, 4, 7, 10)
    ]
    events += [
        Event("fall-back-first", "t", When.parse("2017-11-05T01:30-04:00", "America/New_York")),
        Event("fall-back-second", "t", When.parse("2017-11-05T01:30-05:00", "America/New_York")),
        Event("fall-back-plain", "t", When.parse("2017-11-05T01:30", "America/New_York")),
    ]
    return Timeline("ical.js check", events)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default="2.2.1", help="ical.js version (default 2.2.1)")
    args = parser.parse_args()
    if shutil.which("node") is None or shutil.which("npm") is None:
        print("node and npm are needed", file=sys.stderr)
        return 2
    tl = sample()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        subprocess.run(
            ["npm", "install", "--silent", "--no-audit", "--no-fund", f"ical.js@{args.version}"],
            cwd=folder,
            check=True,
        )
        (folder / "read.cjs").write_text(READER, encoding="utf-8")
        (folder / "export.ics").write_bytes(to_ics(tl))
        out = subprocess.run(
            ["node", "read.cjs", "export.ics"],
            cwd=folder,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    wrong: list[str] = []
    for line in out.splitlines():
        event_id, seconds = line.split()
        earliest = tl[event_id].when.earliest
        assert isinstance(earliest, dt.datetime)
        if float(seconds) != earliest.timestamp():
            wrong.append(event_id)
    print(f"ical.js {args.version}: {len(wrong)} of {len(tl)} events read at the wrong instant")
    for event_id in wrong[:10]:
        print(f"  {event_id}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
