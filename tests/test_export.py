"""TimelineJS3 JSON, CSV, and the export() entry point (timeline.export)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest

from tests.test_ical import STAMP, safe_city
from timeline.errors import TimelineError
from timeline.export import CSV_COLUMNS, export, render, to_csv, to_timelinejs
from timeline.ical import from_ics, to_ics
from timeline.models import Event, Place, Timeline
from timeline.when import When


def by_id(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["unique_id"]: e for e in data["events"]}


# -- TimelineJS ------------------------------------------------------------------


def test_timelinejs_dates_to_their_precision() -> None:
    events = by_id(to_timelinejs(safe_city()))
    safe = events["operation-safe-city"]
    assert safe["start_date"] == {"year": 2017, "month": 9, "day": 24}
    assert safe["end_date"] == {"year": 2017, "month": 9, "day": 27}
    assert safe["display_date"] == "24–27 Sep 2017"
    assert safe["group"] == "enforcement"
    assert events["chicago-injunction"]["start_date"] == {"year": 2017, "month": 9, "day": 15}
    assert "end_date" not in events["chicago-injunction"]
    month = events["month-approx"]
    assert month["start_date"] == {"year": 2017, "month": 9}
    assert "end_date" not in month
    assert month["display_date"] == "c. Sep 2017"
    assert events["autumn"]["start_date"] == {"year": 2017, "month": 9}
    assert events["autumn"]["end_date"] == {"year": 2017, "month": 11}
    assert events["postponed"]["start_date"] == {"year": 2010}
    assert events["postponed"]["end_date"] == {"year": 2019}
    assert events["sessions-portland"]["start_date"] == {
        "year": 2017,
        "month": 9,
        "day": 19,
        "hour": 13,
        "minute": 0,
    }
    assert events["article-published"]["end_date"] == {"year": 2017, "month": 9, "day": 30}
    assert events["open-ended"]["start_date"] == {"year": 2017, "month": 9, "day": 5}
    assert "end_date" not in events["open-ended"]
    assert events["unknown-start"]["start_date"] == {"year": 2017, "month": 9, "day": 5}
    assert "group" not in events["autumn"]


def test_timelinejs_seconds_and_title_slide() -> None:
    tl = Timeline(
        "A <b>bold</b> title",
        [Event("s", "S", When.parse("2017-09-19T13:00:05Z"))],
        description="One & two\n\nthree",
    )
    data = to_timelinejs(tl)
    assert data["events"][0]["start_date"]["second"] == 5
    assert data["title"]["text"] == {
        "headline": "A &lt;b&gt;bold&lt;/b&gt; title",
        "text": "<p>One &amp; two</p><p>three</p>",
    }
    assert "title" not in to_timelinejs(Timeline(""))


def test_timelinejs_escapes_html() -> None:
    tl = Timeline(
        "t",
        [
            Event(
                "x",
                "<script>alert(1)</script>",
                When.parse("2017-09-15"),
                summary='<img src=x onerror="alert(1)">\nline two',
            )
        ],
    )
    text = to_timelinejs(tl)["events"][0]["text"]
    assert text["headline"] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert "<img" not in text["text"]
    assert text["text"] == "<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;<br>line two</p>"


def test_timelinejs_sources_and_conflicts() -> None:
    text = by_id(to_timelinejs(safe_city()))["operation-safe-city"]["text"]["text"]
    assert '<a href="https://www.ice.gov/news/releases/safe-city">' in text
    assert "⚠ 25–28 Sep 2017" in text
    assert (
        "<p><em>cancelled</em></p>"
        in by_id(to_timelinejs(safe_city()))["operation-mega"]["text"]["text"]
    )


def test_timelinejs_is_json_and_localized() -> None:
    data = to_timelinejs(safe_city(), locale="de")
    json.dumps(data)
    assert by_id(data)["month-approx"]["display_date"] == "ca. Sept. 2017"
    with pytest.raises(TimelineError):
        to_timelinejs(safe_city(), locale="xx")


# -- CSV -----------------------------------------------------------------------------


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_columns_and_values() -> None:
    text = to_csv(safe_city())
    assert text.splitlines()[0] == ",".join(CSV_COLUMNS)
    table = {r["id"]: r for r in rows(text)}
    assert len(table) == len(safe_city())
    safe = table["operation-safe-city"]
    assert safe["edtf"] == "2017-09-24/2017-09-27"
    assert (safe["earliest"], safe["latest"]) == ("2017-09-24", "2017-09-27")
    assert safe["precision"] == "day"
    assert safe["tags"] == "enforcement;ice"
    assert safe["places"] == "Portland, Oregon;Cook County, Ill."
    assert safe["sources"] == "ice-release-2017-09-28;seed-article"
    assert safe["status"] == "happened"
    assert table["sessions-portland"]["tz"] == "America/Los_Angeles"
    assert table["sessions-portland"]["earliest"] == "2017-09-19T13:00:00-07:00"
    assert table["month-approx"]["approximate"] == "true"
    assert table["planned"]["uncertain"] == "true"
    assert table["open-ended"]["latest"] == ""
    assert table["autumn"]["precision"] == "season"


def test_csv_quoting_and_formula_injection() -> None:
    tl = Timeline(
        "t",
        [
            Event(
                "x",
                '=HYPERLINK("http://evil","click")',
                When.parse("2017-09-15"),
                summary='line one, "quoted"\nline two',
                tags=("+cmd", "@sum", "ok"),
                places=(Place("-2+3"),),
            ),
            Event("y", "\tTabbed", When.parse("2017-09-16"), summary="@A1"),
        ],
    )
    text = to_csv(tl)
    table = {r["id"]: r for r in rows(text)}
    assert table["x"]["title"] == '\'=HYPERLINK("http://evil","click")'
    assert table["x"]["summary"] == 'line one, "quoted"\nline two'
    assert table["x"]["tags"] == "'+cmd;'@sum;ok"  # ';' splits cells in de/fr/es
    assert table["x"]["places"] == "'-2+3"
    assert table["y"]["title"] == "'\tTabbed"
    assert table["y"]["summary"] == "'@A1"
    for row in rows(text):
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


# -- export() -------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".ics", ".json", ".csv", ".ICS"])
def test_export_by_extension(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"out{suffix}"
    export(safe_city(), out, stamp=STAMP)
    data = out.read_bytes()
    if suffix.lower() == ".ics":
        assert data == to_ics(safe_city(), stamp=STAMP)
        assert from_ics(data) == safe_city()
    elif suffix == ".json":
        assert json.loads(data) == to_timelinejs(safe_city())
    else:
        assert data.decode("utf-8") == to_csv(safe_city())
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_export_fmt_overrides_extension(tmp_path: Path) -> None:
    out = tmp_path / "events.txt"
    export(safe_city(), str(out), fmt="csv")
    assert out.read_bytes().decode("utf-8") == to_csv(safe_city())
    export(safe_city(), out, fmt="ics")
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


def test_export_to_stdout(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    export(safe_city(), "-", fmt="ics", stamp=STAMP)
    assert capsysbinary.readouterr().out == to_ics(safe_city(), stamp=STAMP)
    export(safe_city(), "-", fmt="json")
    assert json.loads(capsysbinary.readouterr().out) == to_timelinejs(safe_city())


def test_export_to_text_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    export(safe_city(), "-", fmt="csv")
    assert capsys.readouterr().out.replace("\r\n", "\n") == to_csv(safe_city()).replace(
        "\r\n", "\n"
    )


def test_export_errors(tmp_path: Path) -> None:
    with pytest.raises(TimelineError, match="format"):
        export(safe_city(), "-")
    with pytest.raises(TimelineError, match="extension"):
        export(safe_city(), tmp_path / "out.txt")
    with pytest.raises(TimelineError, match="unknown export format"):
        export(safe_city(), tmp_path / "out.ics", fmt="pdf")
    with pytest.raises(TimelineError, match="cancelled"):
        export(safe_city(), tmp_path / "out.csv", cancelled="drop")  # type: ignore[arg-type]
    with pytest.raises(TimelineError):
        export(safe_city(), tmp_path / "missing" / "out.csv")
    assert list(tmp_path.iterdir()) == []


def test_export_keeps_old_file_on_error(tmp_path: Path) -> None:
    out = tmp_path / "out.ics"
    out.write_bytes(b"old")
    with pytest.raises(TimelineError):
        export(safe_city(), out, stamp=dt.datetime(2017, 1, 1))  # naive stamp
    assert out.read_bytes() == b"old"


@pytest.mark.parametrize("fmt", ["ics", "json", "csv"])
def test_cancelled_applies_to_every_format(fmt: str) -> None:
    tl = safe_city()
    kept = render(tl, fmt, stamp=STAMP)
    prefixed = render(tl, fmt, cancelled="prefix", stamp=STAMP)
    omitted = render(tl, fmt, cancelled="omit", stamp=STAMP)
    assert b"Planned nationwide" in kept
    assert b"Cancelled: Planned nationwide" in prefixed
    assert b"Cancelled: " not in kept
    assert b"operation-mega" not in omitted
    assert b"operation-safe-city" in omitted


def test_render_aliases() -> None:
    tl = safe_city()
    assert render(tl, "ical", stamp=STAMP) == render(tl, "ics", stamp=STAMP)
    assert render(tl, "timelinejs") == render(tl, "json")
    assert render(tl, ".CSV") == render(tl, "csv")
