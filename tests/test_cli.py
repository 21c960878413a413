"""Tests of the ``timeline`` command (``timeline.cli``)."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import timeline
from timeline.cli import build_parser, main
from timeline.resources import bundled_events_path

CLI_DATA = Path(__file__).resolve().parent / "data" / "cli"
GOOD = str(CLI_DATA / "good.toml")
BAD = str(CLI_DATA / "bad.toml")
EMPTY = str(CLI_DATA / "none.toml")
OTHER = str(CLI_DATA / "other.toml")  # good.toml revised: safe-city clashes, one event more


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- help -------------------------------------------------------------------------


def _subcommands() -> list[str]:
    parser = build_parser()
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return sorted(actions[0].choices)


def test_the_commands() -> None:
    assert _subcommands() == [
        "check",
        "completion",
        "conflicts",
        "convert",
        "date",
        "diff",
        "export",
        "import",
        "list",
        "merge",
        "view",
    ]


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                found.extend(_parsers(sub))
    return found


def test_every_command_and_option_has_help() -> None:
    missing = []
    parsers = _parsers(build_parser())
    assert len(parsers) == 1 + len(_subcommands())
    for parser in parsers:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    if not choice.help:
                        missing.append(f"{parser.prog} {choice.dest}")
            elif not action.help or action.help == argparse.SUPPRESS:
                name = "/".join(action.option_strings) or action.dest
                missing.append(f"{parser.prog} {name}")
    assert missing == []


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out == f"timeline {timeline.__version__}\n"


@pytest.mark.parametrize("command", [[], *([c] for c in _subcommands())])
def test_every_command_has_help(capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([*command, "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: timeline {' '.join(command)}".rstrip())
    # a description, not just the usage line
    assert len([line for line in out.splitlines() if line.strip()]) > 3


def test_python_m_timeline_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "timeline", "--help"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "100"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: timeline")
    for command in _subcommands():
        assert command in result.stdout


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code == 2
    assert "usage: timeline" in capsys.readouterr().err


# -- check --------------------------------------------------------------------------


def test_check_good(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "check", GOOD) == (0, "ok: 5 events, 2 sources\n", "")


def test_check_lists_every_problem(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", BAD)
    assert code == 1
    assert out.splitlines() == [
        f"{BAD}:6: event 'bad-month': when: '2017-13' "
        "is not a valid date (month 13: expected 01–12, "
        "or 21–41 for a season, quarter, quadrimester or semester)",
        f"{BAD}:9: events[1].id: 'Bad Id' is not a valid id "
        "(lower-case letters, digits, and - _ . between them)",
        f"{BAD}:19: event 'no-source': sources[0].source: unknown source 'missing'",
    ]
    assert err == "3 problems\n"


def test_check_a_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.toml")
    code, out, err = run(capsys, "check", missing)
    assert code == 1
    assert out == f"{missing}: cannot read: no such file\n"
    assert "Traceback" not in err


def test_check_the_bundled_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check")
    assert code == 0
    assert out.startswith("ok: ")


def test_bundled_events_path() -> None:
    path = bundled_events_path()
    assert path.name == "events.toml"
    assert path.is_file()


def test_check_json_good(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", GOOD, "--format", "json")
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "file": GOOD,
        "ok": True,
        "events": 5,
        "sources": 2,
        "problems": [],
        "found": 0,
        "warnings": [],
    }


def test_check_json_lists_every_problem(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", BAD, "--format", "json")
    assert (code, err) == (1, "")
    report = json.loads(out)
    assert report["ok"] is False
    assert report["found"] == 3
    assert report["problems"][0] == {
        "file": BAD,
        "line": 6,
        "event": "bad-month",
        "field": "when",
        "message": "'2017-13' is not a valid date (month 13: expected 01–12, "
        "or 21–41 for a season, quarter, quadrimester or semester)",
    }
    assert [p["line"] for p in report["problems"]] == [6, 9, 19]
    assert report["problems"][1]["event"] is None


def test_check_json_of_a_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.toml")
    code, out, _ = run(capsys, "check", missing, "--format", "json")
    assert code == 1
    assert json.loads(out)["problems"] == [
        {
            "file": missing,
            "line": None,
            "event": None,
            "field": None,
            "message": "cannot read: no such file",
        }
    ]


def test_check_json_of_the_bundled_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["file"] == str(bundled_events_path())
    assert report["ok"] is True


# -- list ---------------------------------------------------------------------------


def test_list_table(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, err = run(capsys, "list", GOOD)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "date                    status     id          title",
        "15 Sep 2017             happened   injunction  Injunction granted",
        "17–21 Sep 2017          cancelled  mega        Operation Mega, planned nationwide",
        "19 Sep 2017, 13:00 PDT  happened   speech      Speech in Portland",
        "24–27 Sep 2017          happened   safe-city   Operation Safe City",
        "29 Sep 2017?            happened   published   The article is published",
    ]


def test_list_is_cut_to_the_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "50")
    _, out, _ = run(capsys, "list", GOOD)
    lines = out.splitlines()
    assert all(len(line) <= 50 for line in lines)
    assert lines[2] == "17–21 Sep 2017          cancelled  mega        Op…"


@pytest.mark.parametrize(
    ("options", "ids"),
    [
        ([], ["injunction", "mega", "speech", "safe-city", "published"]),
        (["--from", "2017-09-19", "--to", "2017-09-24"], ["mega", "speech", "safe-city"]),
        (
            ["--from", "2017-09-19", "--to", "2017-09-24", "--mode", "certain"],
            ["speech"],
        ),
        (["--from", "2017-09-28"], ["published"]),
        (["--from", "2017-09-28", "--mode", "certain"], []),  # 29 Sep 2017? is not certain
        (["--tag", "ice"], ["mega", "safe-city"]),
        (["--tag", "courts", "policy"], ["injunction", "speech"]),
        (["--tag", "courts", "--tag", "policy"], ["injunction", "speech"]),
        (["--status", "cancelled"], ["mega"]),
        (["--place", "portland"], ["safe-city"]),
        (["--search", "operation"], ["mega", "safe-city"]),
        (["--search", "operation nationwide"], ["mega"]),
        (["--tag", "ice", "--status", "happened"], ["safe-city"]),
    ],
)
def test_list_filters(
    capsys: pytest.CaptureFixture[str], options: list[str], ids: list[str]
) -> None:
    code, out, _ = run(capsys, "list", GOOD, "--format", "json", *options)
    assert code == 0
    assert [item["id"] for item in json.loads(out)] == ids


def test_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "list", GOOD, "--format", "json", "--search", "speech")
    assert json.loads(out) == [
        {
            "id": "speech",
            "title": "Speech in Portland",
            "when": "2017-09-19T13:00",
            "tz": "America/Los_Angeles",
            "date": "19 Sep 2017, 13:00 PDT",
            "earliest": "2017-09-19T13:00:00-07:00",
            "latest": "2017-09-19T13:00:00-07:00",
            "status": "happened",
            "tags": ["policy"],
        }
    ]


def test_list_tsv_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "list", GOOD, "--format", "tsv", "--locale", "fr", "--tag", "ice")
    assert out.splitlines() == [
        "edtf\tdate\tstatus\tid\ttitle",
        "2017-09-17/2017-09-21\t17–21 sept. 2017\tcancelled\tmega\t"
        "Operation Mega, planned nationwide",
        "2017-09-24/2017-09-27\t24–27 sept. 2017\thappened\tsafe-city\tOperation Safe City",
    ]


def test_list_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "list", EMPTY) == (0, "", "no events\n")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--from", "2017-13"],
            "argument --from: '2017-13' is not a valid date (month 13: expected 01–12, "
            "or 21–41 for a season, quarter, quadrimester or semester)",
        ),
        (["--to", "soon"], "argument --to: 'soon' is not a valid date"),
        (["--locale", "xx"], "argument --locale: locale 'xx' is not supported"),
        (["--status", "done"], "argument --status: invalid choice: 'done'"),
        (["--mode", "maybe"], "argument --mode: invalid choice: 'maybe'"),
    ],
)
def test_list_usage_errors(
    capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as info:
        main(["list", GOOD, *options])
    assert info.value.code == 2
    assert message in capsys.readouterr().err


def test_list_window_that_ends_before_it_starts(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "list", GOOD, "--from", "2017-09-24", "--to", "2017-09-15")
    assert (code, out) == (1, "")
    assert (
        err
        == "timeline: error: between: the window ends (2017-09-15) before it starts (2017-09-24)\n"
    )


def test_list_a_bad_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "list", BAD)
    assert (code, out) == (1, "")
    assert err.splitlines()[0] == (
        f"timeline: {BAD}:6: event 'bad-month': when: '2017-13' "
        "is not a valid date (month 13: expected 01–12, "
        "or 21–41 for a season, quarter, quadrimester or semester)"
    )
    assert len(err.splitlines()) == 3
    assert "Traceback" not in err


# -- conflicts --------------------------------------------------------------------------


def test_conflicts(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "conflicts", GOOD)
    assert code == 0
    assert out.splitlines() == [
        "safe-city: Operation Safe City",
        "  established: 24–27 Sep 2017  [2017-09-24/2017-09-27]",
        '  = record: 24–27 Sep 2017  [2017-09-24/2017-09-27]  "from Sunday through Wednesday"',
        '  ≠ article: 25–28 Sep 2017  [2017-09-25/2017-09-28]  "between Monday and Thursday"',
    ]


def test_no_conflicts(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "conflicts", EMPTY) == (0, "no conflicts\n", "")


def test_conflicts_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "conflicts", GOOD, "--format", "json", "--locale", "fr")
    assert (code, err) == (0, "")
    [event] = json.loads(out)
    assert event == {
        "id": "safe-city",
        "title": "Operation Safe City",
        "when": "2017-09-24/2017-09-27",
        "tz": None,
        "date": "24–27 sept. 2017",
        "earliest": "2017-09-24",
        "latest": "2017-09-27",
        "status": "happened",
        "tags": event["tags"],
        "reports": [
            {
                "source": "record",
                "when": "2017-09-24/2017-09-27",
                "tz": None,
                "date": "24–27 sept. 2017",
                "earliest": "2017-09-24",
                "latest": "2017-09-27",
                "text": "from Sunday through Wednesday",
                "disagrees": False,
            },
            {
                "source": "article",
                "when": "2017-09-25/2017-09-28",
                "tz": None,
                "date": "25–28 sept. 2017",
                "earliest": "2017-09-25",
                "latest": "2017-09-28",
                "text": "between Monday and Thursday",
                "disagrees": True,
            },
        ],
    }


def test_no_conflicts_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "conflicts", EMPTY, "--format", "json") == (0, "[]\n", "")


def test_list_and_conflicts_describe_an_event_alike(capsys: pytest.CaptureFixture[str]) -> None:
    _, listed, _ = run(capsys, "list", GOOD, "--format", "json", "--search", "safe city")
    _, conflicting, _ = run(capsys, "conflicts", GOOD, "--format", "json")
    [item] = json.loads(listed)
    [event] = json.loads(conflicting)
    assert {k: v for k, v in event.items() if k != "reports"} == item


# -- export -----------------------------------------------------------------------------


def test_export_to_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pytest.importorskip("timeline.export")
    out = tmp_path / "events.ics"
    code, stdout, err = run(capsys, "export", GOOD, "-o", str(out), "--cancelled", "omit")
    assert (code, stdout, err) == (0, "", "")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("BEGIN:VCALENDAR")
    assert text.count("BEGIN:VEVENT") == 4  # the cancelled one is left out


def test_export_filtered_csv(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pytest.importorskip("timeline.export")
    out = tmp_path / "events.csv"
    assert run(capsys, "export", GOOD, "-o", str(out), "--tag", "ice")[0] == 0
    rows = out.read_text(encoding="utf-8").splitlines()
    assert len(rows) == 3  # a header and two events
    assert rows[1].startswith("mega,")


def test_export_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("timeline.export")
    code, out, _ = run(capsys, "export", GOOD, "-o", "-", "--format", "json")
    assert code == 0
    assert json.loads(out)


def test_export_defaults_to_the_bundled_data(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pytest.importorskip("timeline.export")
    out = tmp_path / "events.csv"
    assert run(capsys, "export", "-o", str(out)) == (0, "", "")
    rows = out.read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + len(timeline.load(bundled_events_path()))


def test_export_to_stdout_needs_a_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "export", GOOD, "-o", "-")
    assert (code, out) == (2, "")
    assert err == "timeline export: error: --format is required with -o -\n"


def test_export_to_an_unknown_extension(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pytest.importorskip("timeline.export")
    code, out, err = run(capsys, "export", GOOD, "-o", str(tmp_path / "events.txt"))
    assert (code, out) == (1, "")
    assert err.startswith("timeline: error: ")
    assert "Traceback" not in err


# -- view --------------------------------------------------------------------------------


class _Done:
    returncode = 3


def test_view_runs_the_viewer_in_its_own_process(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []

    def fake_run(args: list[str], **kwargs: Any) -> _Done:
        calls.append(args)
        return _Done()

    monkeypatch.setattr(subprocess, "run", fake_run)
    assert main(["view", GOOD]) == 3
    assert main(["view"]) == 3
    assert calls == [
        [sys.executable, "-m", "viewer", GOOD],
        [sys.executable, "-m", "viewer", str(bundled_events_path())],
    ]


# -- merge and diff ------------------------------------------------------------------------


def test_merge_with_clashes_writes_nothing_and_lists_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "merged.toml"
    code, stdout, err = run(capsys, "merge", GOOD, OTHER, "-o", str(out))
    assert code == 1
    assert stdout == ""
    assert "event 'safe-city':" in err
    assert 'when: "2017-09-24/2017-09-27" -> "2017-09-24/2017-09-28"' in err
    assert "1 clash (same id, different fields): nothing written" in err
    assert not out.exists()


@pytest.mark.parametrize(("side", "when"), [("ours", "2017-09-27"), ("theirs", "2017-09-28")])
def test_merge_on_conflict_keeps_one_side(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, side: str, when: str
) -> None:
    out = tmp_path / "merged.toml"
    code, stdout, err = run(capsys, "merge", GOOD, OTHER, "-o", str(out), "--on-conflict", side)
    assert (code, err) == (0, "")
    assert f"merged: 6 events, 3 sources; 1 clash settled ({side})" in stdout
    assert "event 'safe-city':" in stdout
    merged = timeline.load(out)
    assert merged.title == "CLI test timeline"  # A's
    assert str(merged["safe-city"].when).endswith(when)
    assert "hearing" in merged
    assert [s.id for s in merged.sources] == ["record", "article", "letter"]


def test_merge_json_and_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, err = run(capsys, "merge", GOOD, EMPTY, "-o", "-", "--format", "json")
    assert code == 0
    assert timeline.loads(stdout) == timeline.load(GOOD)  # the TOML on stdout, the report on stderr
    report = json.loads(err)
    assert report == {
        "ok": True,
        "out": "-",
        "on_conflict": "error",
        "events": 5,
        "sources": 2,
        "clashes": [],
    }
    code, stdout, _ = run(capsys, "merge", GOOD, OTHER, "-o", "-", "--format", "json")
    assert code == 1
    assert stdout == ""


def test_merge_json_lists_the_clashes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = str(tmp_path / "m.toml")
    code, stdout, _ = run(capsys, "merge", GOOD, OTHER, "-o", out, "--format", "json")
    assert code == 1
    report = json.loads(stdout)
    assert report["ok"] is False
    assert report["events"] is None
    [clash] = report["clashes"]
    assert (clash["kind"], clash["id"]) == ("event", "safe-city")
    fields = {f["field"]: f for f in clash["fields"]}
    assert list(fields) == ["when", "places", "sources"]
    assert fields["when"] == {
        "field": "when",
        "ours": "2017-09-24/2017-09-27",
        "theirs": "2017-09-24/2017-09-28",
    }
    assert fields["places"]["ours"] == [{"name": "Portland, Oregon"}]
    assert fields["places"]["theirs"] == []


def test_merge_of_a_bad_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "merge", GOOD, BAD, "-o", str(tmp_path / "m.toml"))
    assert code == 1
    assert "bad.toml:" in err


def test_diff_of_equal_files_says_nothing_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "diff", GOOD, GOOD) == (0, "", "")
    code, stdout, _ = run(capsys, "diff", GOOD, GOOD, "--format", "json")
    assert code == 0
    assert json.loads(stdout)["equal"] is True


def test_diff_lists_the_differences_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, err = run(capsys, "diff", GOOD, OTHER)
    assert (code, err) == (1, "")
    lines = stdout.splitlines()
    assert 'timeline title: "CLI test timeline" -> "CLI test timeline, revised"' in lines
    assert "+ event 'hearing': Hearing on the operation (2017-10)" in lines
    assert "- event 'mega': Operation Mega, planned nationwide (2017-09-17/2017-09-21)" in lines
    assert "~ event 'safe-city':" in lines
    assert '  when: "2017-09-24/2017-09-27" -> "2017-09-24/2017-09-28"' in lines
    assert "+ source 'letter': A letter to the editor" in lines
    assert "- source 'article': A newspaper article" in lines


def test_diff_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, _ = run(capsys, "diff", GOOD, OTHER, "--format", "json")
    assert code == 1
    found = json.loads(stdout)
    assert (found["a"], found["b"], found["equal"]) == (GOOD, OTHER, False)
    assert found["events"]["added"] == ["hearing"]
    assert found["events"]["removed"] == ["injunction", "mega", "speech", "published"]
    assert [c["id"] for c in found["events"]["changed"]] == ["safe-city"]
    assert found["sources"] == {"added": ["letter"], "removed": ["article"], "changed": []}
    assert [f["field"] for f in found["fields"]] == ["title"]


def test_diff_errors_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, stdout, err = run(capsys, "diff", GOOD, BAD)
    assert (code, stdout) == (2, "")
    assert "bad.toml:" in err
    code, _, err = run(capsys, "diff", str(tmp_path / "missing.toml"), GOOD)
    assert code == 2
    assert "missing.toml" in err


# -- completion ---------------------------------------------------------------------------


def test_zsh_completion(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "completion", "zsh")
    assert code == 0
    assert out.startswith("#compdef timeline")
    assert "--format" in out
    assert "_files" in out  # FILE arguments complete file names


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("timeline li", "list"),
        ("timeline co", "completion conflicts convert"),
        ("timeline list --status ca", "cancelled"),
        ("timeline conflicts --form", "--format"),
        ("timeline check --format j", "json"),
        ("timeline di", "diff"),
        ("timeline merge --on", "--on-conflict"),
        ("timeline merge a b --on-conflict th", "theirs"),
    ],
)
def test_bash_completion_completes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, line: str, expected: str
) -> None:
    code, out, _ = run(capsys, "completion", "bash")
    assert code == 0
    script = tmp_path / "timeline.bash"
    script.write_text(out, encoding="utf-8")
    words = line.split(" ")
    probe = (
        f"source {script}; COMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; "
        f'COMP_LINE="{line}"; COMP_POINT={len(line)}; '
        f"_shtab_timeline timeline {words[-1]} {words[-2]}; "
        'echo "${COMPREPLY[*]}"'
    )
    result = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, check=False)
    assert (result.returncode, result.stderr) == (0, "")
    assert sorted(result.stdout.split()) == expected.split()


def test_docs_name_every_command_and_option() -> None:
    docs = (Path(__file__).resolve().parent.parent / "docs" / "cli.md").read_text("utf-8")
    missing = [f"command {c}" for c in _subcommands() if f"`{c}" not in docs]
    for parser in _parsers(build_parser()):
        for action in parser._actions:
            for option in action.option_strings:
                documented = option in docs or option in ("--help", "--output")
                if option.startswith("--") and not documented:
                    missing.append(f"{parser.prog} {option}")
    assert missing == []
