"""Time zones: instants sort by when they happened, and nothing depends on the machine's zone.

Date-times in different zones and across daylight-saving changes sort by their instant;
day-precision events are days, not instants, and never move by a day.  The key outputs
(bounds, sort order, ``describe()``, iCalendar bytes, CSV, TimelineJS JSON, TOML) are
computed in subprocesses with ``TZ`` set to the far ends of the world's zones and must be
identical byte for byte.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Final

import pytest

from timeline import Event, Timeline, When, loads

ROOT: Final = Path(__file__).resolve().parent.parent


def _sorted_ids(*events: tuple[str, str, str | None]) -> list[str]:
    tl = Timeline("t", [Event(eid, eid, When.parse(text, tz)) for eid, text, tz in events])
    return [e.id for e in tl]


# -- order -------------------------------------------------------------------------


def test_fall_back_edt_comes_before_est() -> None:
    """On 5 Nov 2017 New York's clocks read 01:00-01:59 twice: first EDT, then EST."""
    edt = When.parse("2017-11-05T01:30-04:00", "America/New_York")
    est = When.parse("2017-11-05T01:30-05:00", "America/New_York")
    assert edt < est
    assert est.lower - edt.lower == 3600
    # 01:45 EDT happened before 01:15 EST, though its clock reads later
    assert _sorted_ids(
        ("late-est", "2017-11-05T01:15-05:00", "America/New_York"),
        ("early-edt", "2017-11-05T01:45-04:00", "America/New_York"),
        ("before", "2017-11-05T00:59", "America/New_York"),
        ("after", "2017-11-05T02:00", "America/New_York"),
    ) == ["before", "early-edt", "late-est", "after"]
    assert edt.describe() == "5 Nov 2017, 01:30 EDT"
    assert est.describe() == "5 Nov 2017, 01:30 EST"


def test_an_ambiguous_local_time_is_one_of_the_two() -> None:
    """Without an offset, 01:30 on the fall-back day is one of the two 01:30s (pendulum
    reads it as the later, EST); write the offset to say which."""
    ambiguous = When.parse("2017-11-05T01:30", "America/New_York")
    assert ambiguous.lower in {
        When.parse("2017-11-05T01:30-04:00").lower,
        When.parse("2017-11-05T01:30-05:00").lower,
    }


def test_a_skipped_local_time_is_refused() -> None:
    with pytest.raises(ValueError, match="does not exist in America/New_York"):
        When.parse("2017-03-12T02:30", "America/New_York")


def test_across_the_date_line() -> None:
    """23:30 in Kiritimati (UTC+14) and 00:30 in Adak (UTC-10 in winter, -9 in summer)
    look like the same date; the Kiritimati one happens first in winter, and at the
    same instant in summer."""
    kiritimati = When.parse("2017-01-15T23:30", "Pacific/Kiritimati")
    adak = When.parse("2017-01-15T00:30", "America/Adak")
    assert kiritimati.lower == When.parse("2017-01-15T09:30Z").lower
    assert adak.lower == When.parse("2017-01-15T10:30Z").lower
    assert kiritimati < adak
    assert _sorted_ids(
        ("adak", "2017-01-15T00:30", "America/Adak"),
        ("kiritimati", "2017-01-15T23:30", "Pacific/Kiritimati"),
    ) == ["kiritimati", "adak"]
    summer_k = When.parse("2017-07-15T23:30", "Pacific/Kiritimati")
    summer_a = When.parse("2017-07-15T00:30", "America/Adak")
    assert summer_k.lower == summer_a.lower
    assert summer_k != summer_a  # the same instant, written differently
    assert sorted([summer_a, summer_k]) == sorted([summer_k, summer_a])  # a total order


def test_a_day_is_a_day_in_any_zone() -> None:
    """A date has no zone: 15 Sep is the same span in Kiritimati and in Adak."""
    day = When.parse("2017-09-15")
    assert When.parse("2017-09-15", "Pacific/Kiritimati") == day
    assert When.parse("2017-09-15", "America/Adak") == day
    assert day.upper - day.lower == 86400
    # its bounds are the day read in UTC, whatever zone the machine or the file uses
    assert day.lower == When.parse("2017-09-15T00:00Z").lower
    assert day.contains(When.parse("2017-09-15T23:59Z"))


def test_offsets_order_by_instant() -> None:
    assert _sorted_ids(
        ("plus14", "2017-09-15T10:00+14:00", None),
        ("minus12", "2017-09-14T10:00-12:00", None),
        ("utc", "2017-09-14T21:00Z", None),
    ) == ["plus14", "utc", "minus12"]


# -- the machine's zone changes nothing ---------------------------------------------

SAMPLE: Final = """
title = "Around the world"

[[sources]]
id = "paper"
title = "A paper"
published = "2017-11-05"

[[events]]
id = "day"
title = "A day"
when = "2017-09-15"

[[events]]
id = "new-year"
title = "New Year's Day"
when = "2018-01-01"

[[events]]
id = "last-day"
title = "The last day"
when = "9999-12-31"

[[events]]
id = "first-day"
title = "The first day"
when = "0001-01-01"

[[events]]
id = "week"
title = "A week"
when = "2017-12-28/2018-01-03"

[[events]]
id = "month"
title = "A month"
when = "2017-02~"

[[events]]
id = "set"
title = "One of"
when = "[2017-12-31,2018-01-01]"

[[events]]
id = "edt"
title = "01:30 EDT"
when = "2017-11-05T01:30-04:00"
tz = "America/New_York"

[[events]]
id = "est"
title = "01:30 EST"
when = "2017-11-05T01:30-05:00"
tz = "America/New_York"

[[events]]
id = "kiritimati"
title = "Late in Kiritimati"
when = "2017-01-15T23:30"
tz = "Pacific/Kiritimati"

[[events]]
id = "adak"
title = "Early in Adak"
when = "2017-01-15T00:30"
tz = "America/Adak"

[[events]]
id = "floating"
title = "A floating time"
when = "2017-12-31T23:59"

[[events]]
id = "offset"
title = "An offset"
when = "2017-12-31T23:00-11:00"

[[events.sources]]
source = "paper"
reported = "2018-01-01"
"""

PROBE: Final = """
import datetime as dt, json, sys, time
sys.path.insert(0, {root!r})
from timeline import loads, dumps
from timeline.ical import to_ics
from timeline.export import to_csv, to_timelinejs
tl = loads(sys.stdin.read())
out = {{
    "local_offset": time.localtime().tm_gmtoff,
    "order": [e.id for e in tl],
    "bounds": {{e.id: [e.when.lower, e.when.upper, str(e.when.earliest), str(e.when.latest)]
               for e in tl}},
    "describe": {{e.id: [e.when.describe(loc) for loc in ("en", "fr", "de", "es")] for e in tl}},
    "ics": to_ics(tl).decode("utf-8"),
    "ics_stamped": to_ics(tl, stamp=dt.datetime(2024, 1, 1, 12, tzinfo=dt.timezone.utc)).decode(),
    "csv": to_csv(tl),
    "json": to_timelinejs(tl),
    "toml": dumps(tl),
    "conflicts": [[e.id, c.source] for e in tl.conflicts() for c in e.conflicting],
}}
print(json.dumps(out, sort_keys=True))
"""

ZONES: Final = ("UTC", "Pacific/Kiritimati", "America/Adak", "America/New_York", "Asia/Kolkata")


def _probe(tz: str) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(root=str(ROOT))],
        input=SAMPLE,
        env={**os.environ, "TZ": tz},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    data: dict[str, object] = json.loads(result.stdout)
    return data


@pytest.fixture(scope="module")
def probes() -> dict[str, dict[str, object]]:
    return {tz: _probe(tz) for tz in ZONES}


def test_the_machine_zone_really_differs(probes: dict[str, dict[str, object]]) -> None:
    offsets = {probes[tz]["local_offset"] for tz in ZONES}
    assert len(offsets) == len(ZONES)  # the subprocesses did run in different zones


@pytest.mark.parametrize(
    "key", ["order", "bounds", "describe", "ics", "ics_stamped", "csv", "json", "toml", "conflicts"]
)
def test_outputs_do_not_depend_on_the_machine_zone(
    probes: dict[str, dict[str, object]], key: str
) -> None:
    reference = probes["UTC"][key]
    for tz in ZONES[1:]:
        assert probes[tz][key] == reference, f"{key} differs under TZ={tz}"


def test_the_outputs_are_right(probes: dict[str, dict[str, object]]) -> None:
    utc = probes["UTC"]
    assert utc["order"] == [
        "first-day",
        "kiritimati",
        "adak",
        "month",
        "day",
        "edt",
        "est",
        "week",
        "set",
        "floating",
        "new-year",
        "offset",  # 23:00 on 31 Dec at UTC-11 is 10:00 on 1 Jan in UTC
        "last-day",
    ]
    bounds = utc["bounds"]
    assert isinstance(bounds, dict)
    assert bounds["day"][2:] == ["2017-09-15", "2017-09-15"]
    assert bounds["new-year"][2:] == ["2018-01-01", "2018-01-01"]
    assert bounds["last-day"][2:] == ["9999-12-31", "9999-12-31"]
    ics = utc["ics"]
    assert isinstance(ics, str)
    assert "DTSTART;VALUE=DATE:20170915\r\n" in ics
    assert "DTSTART;VALUE=DATE:20180101\r\n" in ics
    csv = utc["csv"]
    assert isinstance(csv, str)
    assert ",2017-09-15,2017-09-15," in csv
    # days are local days: 23:00 on 31 Dec at UTC-11 is on 31 Dec, so a paper
    # reporting 1 Jan (the day in UTC) disagrees, whatever the machine's zone
    assert utc["conflicts"] == [["offset", "paper"]]


def test_loading_in_this_process_matches_the_probes(probes: dict[str, dict[str, object]]) -> None:
    tl = loads(SAMPLE)
    assert [e.id for e in tl] == probes["UTC"]["order"]
