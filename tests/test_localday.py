"""A day is the local day: timed events lie on the calendar day of their own zone.

Events near midnight in Pacific/Kiritimati (UTC+14), America/Adak (UTC−10 in
January), Asia/Kolkata (UTC+05:30) and UTC, read in one-day windows; ``tz=``
reads them all on one zone's clock; a source reporting the local day agrees.
"""

from __future__ import annotations

import datetime as _dt
import zoneinfo
from pathlib import Path
from typing import Final

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from timeline import Citation, Event, Source, Timeline, TimelineError, When, dumps, load, loads
from timeline.cli import main
from timeline.days import compared_bounds, local_bounds, local_keys

# (id, when, tz, its own local day)
NEAR_MIDNIGHT: Final = (
    ("kiritimati-early", "2017-01-15T00:30", "Pacific/Kiritimati", "2017-01-15"),  # 14th 10:30Z
    ("kiritimati-late", "2017-01-15T23:30", "Pacific/Kiritimati", "2017-01-15"),  # 15th 09:30Z
    ("kiritimati-next", "2017-01-16T00:10", "Pacific/Kiritimati", "2017-01-16"),  # 15th 10:10Z
    ("adak-before", "2017-01-14T23:50", "America/Adak", "2017-01-14"),  # 15th 09:50Z
    ("adak-early", "2017-01-15T00:05", "America/Adak", "2017-01-15"),  # 15th 10:05Z
    ("adak-late", "2017-01-15T23:30", "America/Adak", "2017-01-15"),  # 16th 09:30Z
    ("kolkata-early", "2017-01-15T00:10", "Asia/Kolkata", "2017-01-15"),  # 14th 18:40Z
    ("kolkata-late", "2017-01-15T23:50+05:30", None, "2017-01-15"),  # 15th 18:20Z
    ("kolkata-next", "2017-01-16T04:00", "Asia/Kolkata", "2017-01-16"),  # 15th 22:30Z
    ("utc-early", "2017-01-15T00:00Z", None, "2017-01-15"),
    ("utc-late", "2017-01-15T23:59Z", None, "2017-01-15"),
    ("utc-next", "2017-01-16T00:00Z", None, "2017-01-16"),
    ("floating", "2017-01-15T23:59", None, "2017-01-15"),  # no zone: a wall-clock time
    ("day", "2017-01-15", None, "2017-01-15"),
)


@pytest.fixture(scope="module")
def midnight() -> Timeline:
    return Timeline(
        "midnight",
        [Event(i, i, When.parse(text, tz)) for i, text, tz, _ in NEAR_MIDNIGHT],
    )


def _ids(events: list[Event] | Timeline) -> set[str]:
    return {e.id for e in events}


def _on(day: str) -> set[str]:
    return {i for i, _, _, local in NEAR_MIDNIGHT if local == day}


def _utc_day(event: Event, zone: str = "UTC") -> str:
    when = event.when
    if not when.is_timed or when.earliest.tzinfo is None:  # type: ignore[union-attr]
        return str(when)[:10]
    instant = _dt.datetime.fromtimestamp(when.lower, _dt.UTC)
    return instant.astimezone(zoneinfo.ZoneInfo(zone)).date().isoformat()


@pytest.mark.parametrize("day", ["2017-01-14", "2017-01-15", "2017-01-16"])
@pytest.mark.parametrize("mode", ["may", "certain"])
def test_one_day_windows_are_local_days(midnight: Timeline, day: str, mode: str) -> None:
    assert _ids(midnight.between(day, day, mode=mode)) == _on(day)  # type: ignore[arg-type]
    assert _ids(midnight.filter(start=day, end=day, mode=mode)) == _on(day)  # type: ignore[arg-type]


def test_the_old_utc_reading_would_differ(midnight: Timeline) -> None:
    """The fixture really is near midnight: in UTC, six events are on another day."""
    own = {i: day for i, _, _, day in NEAR_MIDNIGHT}
    moved = {e.id for e in midnight if _utc_day(e) != own[e.id]}
    assert moved == {
        "kiritimati-early",
        "kiritimati-next",
        "adak-before",
        "adak-late",
        "kolkata-early",
        "kolkata-next",
    }


@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Pacific/Kiritimati", "Asia/Kolkata"])
@pytest.mark.parametrize("day", ["2017-01-14", "2017-01-15", "2017-01-16"])
def test_tz_reads_every_event_on_one_clock(midnight: Timeline, zone: str, day: str) -> None:
    expected = {e.id for e in midnight if _utc_day(e, zone) == day}
    assert _ids(midnight.between(day, day, tz=zone)) == expected
    assert _ids(midnight.between(day, day, mode="certain", tz=zone)) == expected
    assert _ids(midnight.filter(start=day, end=day, tz=zone)) == expected


def test_new_york_time() -> None:
    """What happened on 25 August in New York time: Harvey's landfall (23:00 EDT)."""
    tl = load(Path(__file__).resolve().parent.parent / "data" / "events.toml")
    assert "harvey-landfall" in _ids(tl.between("2017-08-25", "2017-08-25"))
    assert "harvey-landfall" not in _ids(tl.between("2017-08-26", "2017-08-26"))
    assert "harvey-landfall" in _ids(tl.between("2017-08-25", "2017-08-25", tz="America/New_York"))
    assert "harvey-landfall" in _ids(tl.between("2017-08-26", "2017-08-26", tz="UTC"))
    assert "harvey-landfall" not in _ids(tl.between("2017-08-25", "2017-08-25", tz="UTC"))


def test_a_bad_tz_is_refused(midnight: Timeline) -> None:
    with pytest.raises(TimelineError, match=r"tz: unknown time zone 'Mars/Olympus'"):
        midnight.between("2017-01-15", "2017-01-15", tz="Mars/Olympus")


def test_a_timed_window_end_is_read_on_the_same_clock(midnight: Timeline) -> None:
    # from 23:00 on the 15th, each event on its own clock
    late = _ids(midnight.between("2017-01-15T23:00", "2017-01-15T23:59"))
    assert late == {"kiritimati-late", "adak-late", "kolkata-late", "utc-late", "floating", "day"}


def test_local_keys_of_intervals_and_sets() -> None:
    # the ends on different clocks: 10:00 on the 1st at +14 is before 01:00 at -10
    # as instants, but reads later: the local span is no shorter than a point
    across = When.parse("2017-09-01T10:00+14:00/2017-09-01T01:00-10:00")
    lo, hi = local_bounds(across)
    assert lo == hi == _key("2017-09-01T10:00")
    one_of = When.parse("[2017-09-01T23:30-10:00,2017-09-02T00:30+14:00]")
    assert local_bounds(one_of) == (_key("2017-09-01T23:30"), _key("2017-09-02T00:31"))
    opened = When.parse("2017-09-01T23:30-10:00/..")
    assert local_bounds(opened) == (_key("2017-09-01T23:30"), float("inf"))
    day = When.parse("2017-09-01")
    assert local_bounds(day) == (day.lower, day.upper)
    assert local_bounds(day, "Pacific/Kiritimati") == (day.lower, day.upper)
    lowers, uppers = local_keys([day, across, one_of])
    assert lowers == [day.lower, lo, _key("2017-09-01T23:30")]
    assert uppers == [day.upper, hi, _key("2017-09-02T00:31")]
    assert lowers[0] is day.lower  # a day's keys are its own bounds, not copies


def _key(text: str) -> float:
    return _dt.datetime.fromisoformat(text).replace(tzinfo=_dt.UTC).timestamp()


# -- conflicts --------------------------------------------------------------------


HARVEY: Final = When.parse("2017-08-25T22:00", tz="America/Chicago")


def test_a_report_of_the_local_day_agrees() -> None:
    assert not Citation("nhc", reported=When.parse("2017-08-25")).disagrees_with(HARVEY)
    assert Citation("nhc", reported=When.parse("2017-08-26")).disagrees_with(HARVEY)
    assert not Citation("nhc", reported=When.parse("2017-08")).disagrees_with(HARVEY)
    # the same instant on another clock agrees; an hour later does not
    same = When.parse("2017-08-25T23:00-04:00")
    assert not Citation("nyt", reported=same).disagrees_with(HARVEY)
    assert compared_bounds(same, HARVEY)[0] == (same.lower, same.upper)
    later = When.parse("2017-08-26T00:00-04:00")
    assert Citation("nyt", reported=later).disagrees_with(HARVEY)
    # a report without zone is a wall-clock time: 22:00 that evening
    floating = When.parse("2017-08-25T22:00")
    assert not Citation("tv", reported=floating).disagrees_with(HARVEY)


def test_conflicts_use_the_local_day() -> None:
    tl = Timeline(
        "harvey",
        [
            Event(
                "landfall",
                "Landfall",
                HARVEY,
                sources=[Citation("a", reported=When.parse("2017-08-25"))],
            ),
            Event(
                "landfall-b",
                "Landfall (b)",
                HARVEY,
                sources=[Citation("b", reported=When.parse("2017-08-26"))],
            ),
        ],
        [Source("a", "A"), Source("b", "B")],
    )
    assert [e.id for e in tl.conflicts()] == ["landfall-b"]


# -- the law ------------------------------------------------------------------------

_ZONES: Final = sorted(
    z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV"))
)
_INSTANTS: Final = st.datetimes(
    min_value=_dt.datetime(1971, 1, 1), max_value=_dt.datetime(2037, 12, 31)
).map(lambda d: d.replace(second=0, microsecond=0, tzinfo=_dt.UTC))


@settings(max_examples=150, deadline=None)
@example(  # 01:00 happened twice in Choibalsan that night: written without offset, the later
    _dt.datetime(2001, 9, 28, 16, 0, tzinfo=_dt.UTC), "Asia/Choibalsan", "Africa/Abidjan", False
)
@given(_INSTANTS, st.sampled_from(_ZONES), st.sampled_from(_ZONES), st.booleans())
def test_an_event_is_in_the_window_of_its_own_local_day(
    instant: _dt.datetime, own: str, other: str, with_offset: bool
) -> None:
    """For any zone and instant: the one-day window of the event's local day holds it,
    the windows of the days before and after do not; with ``tz`` the same on that clock."""
    local = instant.astimezone(zoneinfo.ZoneInfo(own))
    offset = local.utcoffset()
    assert offset is not None
    if with_offset and offset.total_seconds() % 60 == 0:
        minutes = int(offset.total_seconds()) // 60
        sign = "-" if minutes < 0 else "+"
        text = f"{local:%Y-%m-%dT%H:%M}{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
        when = When.parse(text)
    else:
        when = When.parse(f"{local:%Y-%m-%dT%H:%M}", tz=own)
    # (a wall-clock time that happens twice, written without offset, is the later one)
    actual = _dt.datetime.fromtimestamp(when.lower, _dt.UTC)
    assert actual.astimezone(zoneinfo.ZoneInfo(own)).replace(tzinfo=None) == local.replace(
        tzinfo=None
    )
    tl = Timeline("one", [Event("e", "E", when)])
    elsewhere = actual.astimezone(zoneinfo.ZoneInfo(other)).date()
    for zone, day in ((None, local.date()), (other, elsewhere)):
        for mode in ("may", "certain"):
            assert tl.between(str(day), str(day), mode=mode, tz=zone)
        before, after = day - _dt.timedelta(days=1), day + _dt.timedelta(days=1)
        assert not tl.between(str(before), str(before), tz=zone)
        assert not tl.between(str(after), str(after), tz=zone)


# -- the timeline's own zone ----------------------------------------------------------


def test_a_timeline_names_its_zone(tmp_path: Path) -> None:
    tl = Timeline("t", tz="America/Chicago")
    assert tl.tz == "America/Chicago"
    assert 'tz = "America/Chicago"' in dumps(tl)
    assert loads(dumps(tl)) == tl
    assert Timeline("t") != tl
    with pytest.raises(TimelineError, match=r"^Timeline\.tz: unknown time zone 'Mars/Olympus'"):
        Timeline("t", tz="Mars/Olympus")
    with pytest.raises(TimelineError, match=r"^Timeline\.tz: must be a string"):
        Timeline("t", tz=5)  # type: ignore[arg-type]
    bad = tmp_path / "bad.toml"
    bad.write_text('title = "t"\n\ntz = "Mars/Olympus"\n', encoding="utf-8")
    with pytest.raises(TimelineError) as info:
        load(bad)
    assert str(info.value).startswith(f"{bad}:3: tz: unknown time zone 'Mars/Olympus'")


def test_the_timeline_zone_does_not_move_the_days(midnight: Timeline) -> None:
    import attrs

    zoned = attrs.evolve(midnight, tz="Pacific/Kiritimati")
    assert _ids(zoned.between("2017-01-15", "2017-01-15")) == _on("2017-01-15")


# -- the command line ------------------------------------------------------------------


@pytest.fixture(scope="module")
def midnight_file(tmp_path_factory: pytest.TempPathFactory, midnight: Timeline) -> str:
    path = tmp_path_factory.mktemp("localday") / "midnight.toml"
    path.write_text(dumps(midnight), encoding="utf-8")
    return str(path)


def _listed(capsys: pytest.CaptureFixture[str], *argv: str) -> set[str]:
    code = main(["list", *argv, "--format", "tsv"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return {line.split("\t")[3] for line in out.splitlines()[1:]}


@pytest.mark.parametrize("day", ["2017-01-14", "2017-01-15", "2017-01-16"])
def test_cli_lists_local_days(
    capsys: pytest.CaptureFixture[str], midnight_file: str, midnight: Timeline, day: str
) -> None:
    assert _listed(capsys, midnight_file, "--from", day, "--to", day) == _on(day)
    assert _listed(capsys, midnight_file, "--from", day, "--to", day, "--mode", "certain") == _on(
        day
    )
    in_delhi = {e.id for e in midnight if _utc_day(e, "Asia/Kolkata") == day}
    assert _listed(capsys, midnight_file, "--from", day, "--to", day, "--tz", "Asia/Kolkata") == (
        in_delhi
    )


def test_cli_harvey_on_its_day(capsys: pytest.CaptureFixture[str]) -> None:
    assert "harvey-landfall" in _listed(capsys, "--from", "2017-08-25", "--to", "2017-08-25")
    assert "harvey-landfall" not in _listed(
        capsys, "--from", "2017-08-25", "--to", "2017-08-25", "--tz", "UTC"
    )


def test_cli_refuses_a_bad_zone(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["list", "--tz", "Mars/Olympus"])
    assert info.value.code == 2
    assert "unknown time zone 'Mars/Olympus'" in capsys.readouterr().err


def test_the_timeline_zone_travels_in_icalendar() -> None:
    from timeline import from_ics, to_ics

    tl = Timeline(
        "t",
        [Event("landfall", "Landfall", HARVEY), Event("day", "Day", When.parse("2017-08-25"))],
        tz="America/Chicago",
    )
    data = to_ics(tl)
    assert b"X-WR-TIMEZONE:America/Chicago\r\n" in data
    assert from_ics(data) == tl
    assert b"X-WR-TIMEZONE" not in to_ics(Timeline("t"))
    assert from_ics(to_ics(Timeline("t"))).tz is None


@pytest.mark.parametrize(("zone", "expected"), [((), True), (("--tz", "UTC"), False)])
def test_cli_export_filters_by_local_day(
    capsys: pytest.CaptureFixture[str], zone: tuple[str, ...], expected: bool
) -> None:
    import csv
    import io

    from timeline.resources import bundled_events_path

    window = ("--from", "2017-08-25", "--to", "2017-08-25", *zone)
    code = main(["export", str(bundled_events_path()), "-o", "-", "--format", "csv", *window])
    out, err = capsys.readouterr()
    assert code == 0, err
    ids = {row["id"] for row in csv.DictReader(io.StringIO(out))}
    assert ("harvey-landfall" in ids) is expected
