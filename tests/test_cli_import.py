"""``timeline import CAL.ics -o OUT.toml``: a calendar into a timeline file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from timeline.cli import main
from timeline.ical_import import EXPAND_LIMIT, read_ics
from timeline.toml_io import load

ICS = Path(__file__).resolve().parent / "data" / "ics"
GOOGLE = str(ICS / "google-calendar.ics")
BROKEN = str(ICS / "third-party" / "icalendar-parsing_error.ics")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_writes_a_timeline_that_loads(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "team.toml"
    code, stdout, err = run(capsys, "import", GOOGLE, "-o", str(out))
    assert (code, stdout) == (0, "")
    assert err == f"imported {len(read_ics(GOOGLE))} events to {out}\n"
    assert load(out) == read_ics(GOOGLE)


def test_ids_from_summaries(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "team.toml"
    assert run(capsys, "import", GOOGLE, "-o", str(out))[0] == 0
    assert "7kukuqrfedlm2f9t0vl9bm4ct3" in [e.id for e in load(out)]
    assert run(capsys, "import", GOOGLE, "-o", str(out), "--ids", "summary")[0] == 0
    ids = [e.id for e in load(out)]
    assert "remarks-at-the-field-office" in ids
    assert "7kukuqrfedlm2f9t0vl9bm4ct3" not in ids


def test_warnings_go_to_stderr_and_strict_refuses(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "out.toml"
    code, stdout, err = run(capsys, "import", BROKEN, "-o", str(out))
    assert (code, stdout) == (0, "")
    assert err.splitlines() == [
        f"timeline: warning: {BROKEN}:13: EXDATE: '' is not a list of dates: left out",
        f"imported 40 events to {out}; 1 warning",
    ]
    out.unlink()
    code, stdout, err = run(capsys, "import", BROKEN, "-o", str(out), "--strict")
    assert (code, stdout) == (1, "")
    assert err == f"timeline: {BROKEN}:13: EXDATE: '' is not a list of dates: left out\n"
    assert not out.exists()


def test_to_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, err = run(capsys, "import", GOOGLE, "-o", "-")
    assert code == 0
    assert stdout.startswith("#:schema ")
    assert err.endswith("events to standard output\n")


def test_expand(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    weekly = str(ICS / "recurring-weekly.ics")
    out = tmp_path / "out.toml"
    assert run(capsys, "import", weekly, "-o", str(out))[0] == 0
    many = len(load(out))
    code, _, err = run(capsys, "import", weekly, "-o", str(out), "--expand", "0")
    assert code == 0
    assert "only its first start is read" in err
    assert len(load(out)) < many
    with pytest.raises(SystemExit):
        main(["import", weekly, "-o", str(out), "--expand", "-1"])
    assert "is not a count" in capsys.readouterr().err


def test_help_names_the_library_default(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    assert f"default: {EXPAND_LIMIT:,}" in " ".join(capsys.readouterr().out.split())


@pytest.mark.parametrize(
    ("target", "message"),
    [("nowhere.ics", "cannot read: no such file"), ("bad.ics", "not a valid iCalendar file")],
)
def test_errors_name_the_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, target: str, message: str
) -> None:
    (tmp_path / "bad.ics").write_bytes(b"not a calendar")
    path = str(tmp_path / target)
    code, stdout, err = run(capsys, "import", path, "-o", str(tmp_path / "out.toml"))
    assert (code, stdout) == (1, "")
    assert err.startswith(f"timeline: error: {path}: {message}")


def test_a_read_only_target_needs_force(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "out.toml"
    out.write_text("old")
    os.chmod(out, 0o444)
    if os.access(out, os.W_OK) and os.geteuid() != 0:  # pragma: no cover
        pytest.skip("cannot make a read-only file here")
    code, _, _ = run(capsys, "import", GOOGLE, "-o", str(out))
    assert code == 1
    assert out.read_text() == "old"
    assert run(capsys, "import", GOOGLE, "-o", str(out), "--force")[0] == 0
    assert load(out) == read_ics(GOOGLE)


def test_check_of_a_calendar_suggests_import(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "check", GOOGLE)
    assert code == 1
    assert out == (
        f"{GOOGLE}:1: an iCalendar file, not a timeline: read it with timeline.read_ics(),"
        " or convert it with `timeline import FILE -o OUT.toml`\n"
    )
