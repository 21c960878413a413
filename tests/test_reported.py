"""Citations' words read against their sources' publication dates (``timeline check``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from timeline import When, load
from timeline.cli import main
from timeline.reported import Reading, check_reported_words, word_problems
from timeline.resources import bundled_events_path

WORDS = str(Path(__file__).resolve().parent / "data" / "cli" / "words.toml")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_each_citation_is_read_and_compared() -> None:
    checks = check_reported_words(load(WORDS))
    assert [(c.citation, c.reading) for c in checks] == [
        (0, Reading.AGREES),  # from Sunday through Wednesday, published Friday 29
        (1, Reading.DISAGREES),  # between Monday and Thursday is 25-28, not 24-27
        (2, Reading.UNREAD),  # at the last minute
        (3, Reading.NO_REFERENCE),  # yesterday, and no publication date
        (4, Reading.DISAGREES),  # Sept. 28, 2017 needs no reference
    ]
    assert checks[1].read == When.parse("2017-09-25/2017-09-28")
    assert checks[1].reference == When.parse("2017-09-29")
    assert checks[4].reference is None
    assert "could not read 'at', 'minute'" in checks[2].why


def test_warnings_name_file_line_event_and_field() -> None:
    text = Path(WORDS).read_text(encoding="utf-8")
    problems = word_problems(check_reported_words(load(WORDS)), file=WORDS, text=text)
    assert [str(p) for p in problems] == [
        f"{WORDS}:25: event 'raid': sources[1].reported_text: warning: 'between Monday and "
        "Thursday' (published 29 Sep 2017) means 2017-09-25/2017-09-28 (25–28 Sep 2017), which "
        "neither contains nor lies within reported 2017-09-24/2017-09-27 (24–27 Sep 2017)",
        f"{WORDS}:40: event 'raid': sources[4].reported_text: warning: 'Sept. 28, 2017' means "
        "2017-09-28 (28 Sep 2017), which neither contains nor lies within reported 2017-09-21 "
        "(21 Sep 2017)",
    ]


def test_check_warns_and_strict_fails(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", WORDS)
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(f"{WORDS}:25: event 'raid': sources[1].reported_text: warning: ")
    assert lines[-1] == "ok: 1 events, 2 sources; 2 warnings"
    assert err == ""
    code, out, err = run(capsys, "check", WORDS, "--strict")
    assert code == 1
    assert len(out.splitlines()) == 2
    assert err == "2 warnings (--strict)\n"


def test_check_json_lists_the_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", WORDS, "--format", "json", "--strict")
    assert code == 1
    doc = json.loads(out)
    assert doc["ok"] is False
    assert [(w["line"], w["field"]) for w in doc["warnings"]] == [
        (25, "sources[1].reported_text"),
        (40, "sources[4].reported_text"),
    ]


def test_the_bundled_data_checks_itself(capsys: pytest.CaptureFixture[str]) -> None:
    """Every citation whose words are relative, and whose source is dated, agrees."""
    checks = check_reported_words(load(bundled_events_path()))
    relative = [c for c in checks if c.reference is not None]
    assert {(c.event, c.text) for c in relative} == {
        ("chicago-injunction", "two weeks ago"),
        ("operation-mega", "This month"),
        ("sessions-portland", "earlier this month"),
        ("operation-safe-city", "four-day operation that ended Wednesday"),
        ("operation-safe-city", "from Sunday through Wednesday"),
        ("operation-safe-city", "between Monday and Thursday"),
    }
    assert all(c.reading is Reading.AGREES for c in relative)
    assert not [c for c in checks if c.reading is Reading.DISAGREES]
    assert run(capsys, "check", "--strict")[0] == 0


def test_the_readme_example_holds_in_the_data() -> None:
    tl = load(bundled_events_path())
    (said,) = [c for c in tl["operation-safe-city"].sources if c.source == "seed-article"][:1]
    published = tl.source("seed-article").published
    assert said.reported_text == "between Monday and Thursday"
    assert When.from_text(said.reported_text, reference=published) == said.reported


# -- timeline date ----------------------------------------------------------------


def test_date_prints_edtf_and_words(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "date", "two weeks ago", "--ref", "2017-09-29") == (
        0,
        "2017-09-15~\nc. 15 Sep 2017\n",
        "",
    )
    code, out, _ = run(
        capsys, "date", "between Monday and Thursday", "--ref", "[2017-09-28..2017-09-30]"
    )
    assert (code, out) == (0, "2017-09-25/2017-09-28\n25–28 Sep 2017\n")
    code, out, _ = run(capsys, "date", "cette semaine", "--ref", "2017-09-29", "--locale", "fr")
    assert (code, out) == (0, "2017-09-25/2017-10-01\n25 sept. – 1 oct. 2017\n")
    code, out, _ = run(capsys, "date", "this week", "--ref", "2017-09-29", "--week-start", "sunday")
    assert (code, out) == (0, "2017-09-24/2017-09-30\n24–30 Sep 2017\n")


def test_date_errors(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "date", "yesterday")
    assert (code, out) == (1, "")
    assert "'yesterday' is relative: it needs a reference date" in err
    code, out, err = run(capsys, "date", "at the last minute", "--ref", "2017-09-29")
    assert (code, out) == (1, "")
    assert "could not read 'at', 'minute'" in err
    with pytest.raises(SystemExit) as info:
        main(["date", "this week", "--week-start", "caturday"])
    assert info.value.code == 2
