"""The command line never sends a terminal control characters from the data.

A title like ``ESC ]0;pwned BEL`` retitles a terminal and ``ESC [2J`` clears
it; ``U+202E`` reverses what follows.  Everything printed for a terminal shows
them escaped (``\\x1b``); JSON keeps the exact strings (as JSON escapes).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Final

import pytest

from timeline.cli import main

RETITLE: Final = "\x1b]0;pwned\x07"
CLEAR: Final = "\x1b[2J"
CSI8: Final = "\x9b2J"  # the C1 form of ESC [
REVERSE: Final = "\u202e"
HOSTILE: Final = RETITLE + "News" + CLEAR + CSI8 + REVERSE + "\x7f"
SHOWN: Final = r"\x1b]0;pwned\x07News\x1b[2J\x9b2J\u202e\x7f"


def _toml(text: str) -> str:
    return json.dumps(text)  # a JSON string is a TOML basic string


@pytest.fixture
def hostile_file(tmp_path: Path) -> Path:
    path = tmp_path / "events.toml"
    path.write_text(
        f"""title = "T"

[[sources]]
id = "paper"
title = {_toml(HOSTILE)}

[[events]]
id = "a"
title = {_toml(HOSTILE)}
when = "2017-09-24/2017-09-27"

[[events.sources]]
source = "paper"
reported = "2017-10"
reported_text = {_toml(HOSTILE)}
""",
        encoding="utf-8",
    )
    return path


def _no_controls(text: str) -> None:
    assert not any(c in text for c in "\x1b\x07\x9b\u202e\x7f"), repr(text)


@pytest.mark.parametrize("fmt", ["table", "tsv"])
def test_list_shows_control_characters_escaped(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    hostile_file: Path,
    fmt: str,
) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    assert main(["list", str(hostile_file), "--format", fmt]) == 0
    out = capsys.readouterr().out
    _no_controls(out)
    assert SHOWN in out


def test_list_json_keeps_the_exact_strings(
    capsys: pytest.CaptureFixture[str], hostile_file: Path
) -> None:
    assert main(["list", str(hostile_file), "--format", "json"]) == 0
    out = capsys.readouterr().out
    _no_controls(out)
    assert json.loads(out)[0]["title"] == HOSTILE


def test_conflicts_show_control_characters_escaped(
    capsys: pytest.CaptureFixture[str], hostile_file: Path
) -> None:
    assert main(["conflicts", str(hostile_file)]) == 0
    out = capsys.readouterr().out
    _no_controls(out)
    assert f"a: {SHOWN}" in out
    assert f'"{SHOWN}"' in out


def test_problems_show_control_characters_escaped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / f"x{CLEAR}.toml"
    path.write_text(
        f'title = "T"\n\n[[events]]\nid = "a"\ntitle = "t"\nwhen = "2017"\n'
        f"figures = {{ {_toml(HOSTILE)} = true }}\n",
        encoding="utf-8",
    )
    assert main(["check", str(path)]) == 1
    out, err = capsys.readouterr()
    _no_controls(out + err)
    assert f"figures.{SHOWN}" in out
    assert main(["list", str(path)]) == 1
    err = capsys.readouterr().err
    _no_controls(err)
    assert r"x\x1b[2J.toml" in err
    assert main(["list", str(tmp_path / f"missing{CLEAR}.toml")]) == 1
    err = capsys.readouterr().err
    _no_controls(err)
    assert r"missing\x1b[2J.toml" in err


def test_check_warnings_show_control_characters_escaped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / f"w{CLEAR}.toml"
    path.write_text(
        """title = "T"

[[sources]]
id = "paper"
title = "P"
published = "2017-09-29"

[[events]]
id = "a"
title = "A"
when = "2017-09-24/2017-09-27"

[[events.sources]]
source = "paper"
reported = "2017-10"
reported_text = "between Monday and Thursday"
""",
        encoding="utf-8",
    )
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    _no_controls(out)
    assert r"w\x1b[2J.toml:16: event 'a': sources[0].reported_text: warning:" in out
