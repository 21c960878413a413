"""khal, a command-line calendar we did not write, reads our export day by day."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import timeline

KHAL = shutil.which("khal", path=str(Path(sys.executable).parent)) or shutil.which("khal")

pytestmark = pytest.mark.skipif(KHAL is None, reason="khal is not installed")

CONFIG = """\
[calendars]
[[test]]
path = {calendar}
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = UTC
default_timezone = UTC
"""

# "2017-09-24-2017-09-27 Title :: ..." (all-day) or "2017-08-26 03:00-2017-08-26 03:01 Title"
LINE = re.compile(
    r"^(?P<status>CANCELLED |TENTATIVE )?"
    r"(?P<start>\d{4}-\d{2}-\d{2})(?: \d{2}:\d{2})?-(?P<end>\d{4}-\d{2}-\d{2})(?: \d{2}:\d{2})? "
    r"(?P<title>.*?)(?: :: |$)"
)


def _khal_days(
    ics: Path, tmp_path: Path
) -> tuple[dict[str, tuple[dt.date, dt.date]], dict[str, str]]:
    """Each event's first and last day, and its status mark, as khal prints them."""
    config_home = tmp_path / "config"
    (config_home / "khal").mkdir(parents=True)
    calendar = tmp_path / "calendar"
    calendar.mkdir()
    (config_home / "khal" / "config").write_text(CONFIG.format(calendar=calendar))
    env = {**os.environ, "XDG_CONFIG_HOME": str(config_home), "TZ": "UTC"}
    assert KHAL is not None
    done = subprocess.run(
        [KHAL, "printics", str(ics)], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "error" not in done.stderr.lower(), done.stderr
    days: dict[str, tuple[dt.date, dt.date]] = {}
    statuses: dict[str, str] = {}
    for line in done.stdout.splitlines():
        m = LINE.match(line)
        if m:
            days[m["title"]] = (
                dt.date.fromisoformat(m["start"]),
                dt.date.fromisoformat(m["end"]),
            )
            statuses[m["title"]] = (m["status"] or "").strip()
    return days, statuses


def test_khal_reads_every_event_on_its_days(events_path: Path, tmp_path: Path) -> None:
    tl = timeline.load(events_path)
    ics = tmp_path / "events.ics"
    timeline.write_ics(tl, ics)
    days, statuses = _khal_days(ics, tmp_path)
    assert len(days) == len(tl)
    for event in tl:
        lower, upper = event.when.lower, event.when.upper
        if event.when.is_timed:  # khal shows timed events in UTC (TZ and config)
            first = dt.datetime.fromtimestamp(lower, dt.UTC).date()
            last = dt.datetime.fromtimestamp(upper, dt.UTC).date()
        else:
            first = dt.date(1970, 1, 1) + dt.timedelta(seconds=lower)
            last = dt.date(1970, 1, 1) + dt.timedelta(seconds=upper) - dt.timedelta(days=1)
        assert days[event.title] == (first, last), event.id
    assert statuses[tl["operation-mega"].title] == "CANCELLED"


def test_khal_sees_safe_city_from_sunday_to_wednesday(events_path: Path, tmp_path: Path) -> None:
    tl = timeline.load(events_path)
    ics = tmp_path / "events.ics"
    timeline.write_ics(tl, ics)
    days, _ = _khal_days(ics, tmp_path)
    assert days[tl["operation-safe-city"].title] == (dt.date(2017, 9, 24), dt.date(2017, 9, 27))
