"""The CSV of a timeline held as columns (issue 15) is written from its columns, a column at a
time by Arrow, and is the CSV its events give, byte for byte (the oracle: ``to_csv`` of the
same events in a timeline of ``Event`` objects, written row by row)."""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

pytest.importorskip("pyarrow")

from tests.strategies import timelines
from timeline import (
    Citation,
    Event,
    Place,
    Source,
    Status,
    Timeline,
    When,
    dump,
    dumps,
    load,
    loads,
)
from timeline import _toml_columns as toml_columns
from timeline.columns import EventColumns
from timeline.export import to_csv


def _made(tl: Timeline) -> int:
    assert isinstance(tl.events, EventColumns)
    return tl.events.made()


def _as_parquet(tl: Timeline, folder: Path) -> Timeline:
    path = folder / "t.parquet"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (days further than Arrow's date32: named, null)
        dump(tl, path)
    return load(path)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines(max_events=8, extended=True))
def test_the_csv_of_a_parquet_timeline_is_the_one_of_its_events(tl: Timeline) -> None:
    with tempfile.TemporaryDirectory() as name:
        loaded = _as_parquet(tl, Path(name))
        text = to_csv(loaded)
        if len(tl):
            assert _made(loaded) == 0
        assert text == to_csv(tl)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines(max_events=8))
def test_the_csv_of_a_toml_timeline_held_as_columns_is_the_one_of_its_events(
    tl: Timeline,
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(toml_columns, "COLUMNS_FROM", 0)  # (every file loads into columns)
        loaded = loads(dumps(tl))
    text = to_csv(loaded)
    if len(tl):
        assert _made(loaded) == 0
    assert text == to_csv(tl)


_DATES = [
    ("2021-03-28T02:30", "Europe/Paris"),  # a wall time the zone skips (refused)
    ("2021-10-31T02:30", "Europe/Paris"),  # one it has twice
    ("1900-01-01T10:00", "Europe/Paris"),  # local mean time: +00:09:21, written in UTC
    ("2017-09-28T10:00", "America/New_York"),
    ("2017-09-28T10:00:30", "Asia/Kolkata"),
    ("2017-09-28T10:00Z", None),
    ("2017-09-28T10:00:30+05:30", None),
    ("2017-09-28T10:00", None),
    ("2017-09-28T10:00+02:00", "Europe/Paris"),
    ("2017-09-28T10:00/2017-09-30", None),
    ("2017-09-28/2017-09-30T18:00-04:00", None),
    ("2017-09-28T10:00-04:00/2017-09-28T12:00", "America/New_York"),
    ("../2017-09-28T10:00Z", None),
    ("2017-09-28T10:00Z/..", None),
    ("[2017-09-28T10:00Z, 2017-10-01]", None),
    ("0900-03-05", None),
    ("-0044-03-15", None),
    ("Y170000002", None),
    ("2017-09~", None),
    ("2017-XX-21", None),
    ("../1900", None),
]


def test_times_zones_and_far_days_are_written_as_their_dates_word_them(tmp_path: Path) -> None:
    events = []
    for k, (text, zone) in enumerate(_DATES):
        try:
            when = When.parse(text, tz=zone)
        except Exception:
            continue
        events.append(Event(f"e{k:02d}", f"Event {k}", when))
    assert len(events) >= len(_DATES) - 3
    tl = Timeline("Dates", events)
    loaded = _as_parquet(tl, tmp_path)
    assert to_csv(loaded) == to_csv(tl)
    assert "2021-10-31T02:30:00+01:00" in to_csv(tl)  # (of the two, its When's)
    assert "1900-01-01T09:50:39+00:00" in to_csv(tl)  # (Paris's mean time, in UTC)


def test_cells_a_spreadsheet_would_run_or_split_are_guarded_and_quoted(tmp_path: Path) -> None:
    tl = Timeline(
        "Cells",
        [
            Event(
                "a", "=SUM(A1:A9)", When.parse("2017-09-24"), summary='He said "go", then\r\nleft'
            ),
            Event(
                "b",
                "Plain, with a comma",
                When.parse("2017-09-25"),
                tags=("@home", "x"),
                places=(Place("+1 Street"),),
                sources=(Citation("s"),),
                status=Status.CANCELLED,
                summary="\tstarts with a tab; -1 after a separator",
            ),
            Event("c", "C", When.parse("2017-09-26"), summary="line one\n=cmd on line two"),
        ],
        sources=(Source("s", "S"),),
    )
    loaded = _as_parquet(tl, tmp_path)
    text = to_csv(loaded)
    assert text == to_csv(tl)
    assert "'=SUM(A1:A9)" in text
    assert "'@home" in text
    assert '"He said ""go"", then\r\nleft"' in text
    assert _made(loaded) == 0


_SPACES = [c for c in map(chr, range(0x3001)) if c.isspace()]
"""What Python's ``\\s`` matches (in this range: all of it), before a formula character."""


def test_every_space_before_a_formula_is_guarded_as_the_events_guard_it(tmp_path: Path) -> None:
    # RE2's \s (Arrow's searches) is ASCII only: '\x1f=a' went unguarded from the columns
    events = [
        Event(f"e{k}", "T", When.parse("2000-01-01"), tags=(f"{c}=a", f"b;{c}@c"))
        for k, c in enumerate(_SPACES)
        if c not in "\r\n"  # (not in a tag)
    ]
    tl = Timeline("Spaces", events)
    expected = to_csv(tl)
    assert expected.count("'=a") == len(events)
    assert to_csv(_as_parquet(tl, tmp_path)) == expected
