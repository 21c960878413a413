"""Time zones and UTC offsets: only real ones.

Real UTC offsets run from -12:00 to +14:00 (``+14:59`` was accepted), and a zone
is an IANA name: ``localtime`` (whatever the machine's zone is), ``Factory``,
``posixrules`` and the ``posix/`` and ``right/`` copies of the database are not.
One rule, used by the EDTF parser and the loader alike.
"""

from __future__ import annotations

import pytest

from timeline import TimelineError, TimelineLoadError, When, dumps, from_ics, loads


@pytest.mark.parametrize("offset", ["+14:00", "-12:00", "+05:45", "-09:30", "+00:00", "Z"])
def test_real_offsets_are_read(offset: str) -> None:
    assert str(When.parse(f"2017-09-19T13:00{offset}")) == f"2017-09-19T13:00{offset}"


@pytest.mark.parametrize(
    "offset", ["+14:01", "+14:30", "+14:59", "-12:01", "-12:30", "-14:00", "-14:59"]
)
def test_offsets_beyond_the_real_ones_are_refused(offset: str) -> None:
    with pytest.raises(TimelineError) as exc:
        When.parse(f"2017-09-19T13:00{offset}")
    assert str(exc.value) == (
        f"'2017-09-19T13:00{offset}' is not a valid date"
        f" (UTC offset {offset}: offsets run from -12:00 to +14:00)"
    )


@pytest.mark.parametrize("offset", ["+1400", "-1201", "+15"])
def test_the_short_forms_follow_the_same_rule(offset: str) -> None:
    text = f"2017-09-19T13:00{offset}"
    if offset == "+1400":
        assert When.parse(text).earliest is not None
    else:
        with pytest.raises(TimelineError, match="offsets run from -12:00 to"):
            When.parse(text)


NOT_ZONES = ["localtime", "Factory", "posixrules", "right/UTC", "posix/Europe/Paris", "posix/UTC"]


@pytest.mark.parametrize("name", NOT_ZONES)
def test_names_that_are_not_iana_zones_are_refused(name: str) -> None:
    with pytest.raises(TimelineError) as exc:
        When.parse("2017-09-19T13:00", tz=name)
    assert str(exc.value) == (
        f"unknown time zone {name!r} (use an IANA name such as 'America/Chicago')"
    )


@pytest.mark.parametrize("name", ["America/Chicago", "UTC", "Etc/GMT+5", "Asia/Kolkata"])
def test_iana_names_are_read(name: str) -> None:
    assert When.parse("2017-09-19T13:00", tz=name).tz == name


@pytest.mark.parametrize("name", ["localtime", "Factory"])
def test_the_loader_refuses_them_at_their_line(name: str) -> None:
    text = f"""title = "T"

[[sources]]
id = "s"
title = "S"

[[events]]
id = "a"
title = "A"
when = "2017-09-19T13:00"
tz = "{name}"

[[events.sources]]
source = "s"
reported = "2017-09-19T14:00"
reported_tz = "{name}"
"""
    with pytest.raises(TimelineLoadError) as exc:
        loads(text, source="t.toml")
    why = f"unknown time zone {name!r} (use an IANA name such as 'America/Chicago')"
    assert [str(p) for p in exc.value.problems] == [
        f"t.toml:11: event 'a': tz: {why}",
        f"t.toml:16: event 'a': sources[0].reported_tz: {why}",
    ]


@pytest.mark.parametrize("name", ["localtime", "Factory"])
def test_a_calendar_with_such_a_zone_imports_to_a_timeline_that_reloads(name: str) -> None:
    data = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//test//EN\r\n"
        f"X-WR-TIMEZONE:{name}\r\n"
        "BEGIN:VEVENT\r\nUID:a@example.org\r\nDTSTAMP:20170101T000000Z\r\n"
        f"DTSTART;TZID={name}:20170919T130000\r\nSUMMARY:A\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    ).encode()
    tl = from_ics(data)
    assert tl.events[0].when.tz != name
    assert getattr(tl, "tz", None) != name
    assert loads(dumps(tl)) == tl


def test_a_known_zone_is_read_once_and_a_refused_name_every_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The parser reads a zone's file once, not once per time of day (80 µs each)."""
    import pendulum

    from timeline import edtf

    read: list[str] = []
    original = pendulum.timezone

    def timezone(name: str) -> pendulum.Timezone:
        read.append(name)
        return original(name)

    monkeypatch.setattr(pendulum, "timezone", timezone)
    for minute in range(3):
        When.parse(f"2017-09-19T13:0{minute}", tz="Pacific/Chatham")
    assert read.count("Pacific/Chatham") <= 1
    for _ in range(2):
        with pytest.raises(TimelineError, match="unknown time zone 'Nowhere/Atlantis'"):
            edtf.zone("Nowhere/Atlantis")
        with pytest.raises(TimelineError, match="unknown time zone 'posixrules'"):
            edtf.zone("posixrules")
