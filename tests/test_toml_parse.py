"""The fast TOML parser (toml-rs) where it is safe, tomli elsewhere: the same data, the same
messages, and no crash on input that would overflow toml-rs's stack."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import tomli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks import generate as gen
from timeline import TimelineLoadError, _toml_parse, load, loads, toml_io

DATA = Path(__file__).resolve().parent / "data"
BAD = sorted((DATA / "bad").glob("*.toml"))

needs_toml_rs = pytest.mark.skipif(_toml_parse.toml_rs is None, reason="toml-rs not installed")


@pytest.fixture
def tomli_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The loader as on a platform without toml-rs."""
    monkeypatch.setattr(_toml_parse, "toml_rs", None)
    monkeypatch.setattr(_toml_parse, "FAST", False)


def _outcome(parse: object, text: str) -> tuple[str, object]:
    try:
        return "ok", parse(text)  # type: ignore[operator]
    except Exception:
        return "error", None


# -- when toml-rs may parse -----------------------------------------------------------


@needs_toml_rs
@pytest.mark.parametrize(
    ("text", "allowed"),
    [
        ('title = "t"\ntags = ["a", "b"]\n', True),
        ('when = "{2017-01-01,2017-02-01}"\n', True),  # an EDTF set in a string
        ('x = "a = {b}"\n', False),  # maybe a table: tomli (only slower)
        ("x = { a = 1 }\n", False),  # an inline table
        ("x = [1,\n{ a = 1 }]\n", False),
        ("x = [ # a comment\n  { a = 1 }]\n", False),
        ("\ufeffx = 1\n", False),  # a byte order mark: tomli's error
        ("x = " + "[" * 256 + "]" * 256 + "\n", True),
        ("x = " + "[" * 257 + "]" * 257 + "\n", False),  # deeper than allowed
    ],
)
def test_fast_parsing_is_allowed_only_where_it_is_safe(text: str, allowed: bool) -> None:
    assert _toml_parse.fast_allowed(text) is allowed
    assert _outcome(_toml_parse.parse, text) == _outcome(tomli.loads, text)


@needs_toml_rs
def test_a_line_break_in_an_inline_table_is_refused_as_by_tomli() -> None:
    # toml-rs accepts a line break between "=" and the value; TOML 1.1 does not
    text = "x = { a =\n 1 }\n"
    assert _outcome(_toml_parse.toml_rs.loads, text)[0] == "ok"  # type: ignore[union-attr]
    with pytest.raises(tomli.TOMLDecodeError):
        _toml_parse.parse(text)


_TOKENS = st.sampled_from(
    [
        "a", "b", "=", " = ", "[", "]", "{", "}", ",", ".", "\n", " ", "#", '"', "'", '"""',
        "'''", "1", "-", "+", "_", "e", "1979-05-27", "T07:32", "Z", "inf", "nan", "true",
        "\\", "\\n", "\\u00e9", "é", "[[events]]\n", "x = 1\n", '"s"', "\r\n", "\t", ":30",
    ]
)  # fmt: skip


@needs_toml_rs
@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_TOKENS, max_size=40).map("".join))
def test_what_the_fast_parser_gives_is_what_tomli_gives(text: str) -> None:
    fast = _outcome(_toml_parse.parse, text)
    if fast[0] == "ok":  # (compared as text: nan is not equal to itself)
        assert repr(fast) == repr(_outcome(tomli.loads, text))


# -- what the loader makes of it ---------------------------------------------------------


@needs_toml_rs
def test_no_stack_overflow_on_deep_nesting_in_a_thread() -> None:
    # toml-rs recurses without a limit: 100,000 "[" would kill the process, here in a
    # thread with a small stack (the smallest default of a platform)
    code = (
        "import threading\n"
        "from timeline import loads, TimelineLoadError\n"
        "threading.stack_size(512 * 1024)\n"
        "def run():\n"
        "    for text in ('x = ' + '[' * 100_000 + ']' * 100_000,\n"
        "                 'x = ' + '[' * 250 + ']' * 250,\n"
        "                 'title = \"t\"\\n[[events]]\\nx = '\n"
        "                 + '[{a=' * 5000 + '1' + '}]' * 5000):\n"
        "        try:\n"
        "            loads(text)\n"
        "        except TimelineLoadError:\n"
        "            pass\n"
        "    print('survived')\n"
        "t = threading.Thread(target=run)\n"
        "t.start()\n"
        "t.join()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "survived"


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_bad_files_give_the_same_messages_without_toml_rs(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(path.parent)
    with pytest.raises(TimelineLoadError) as fast:
        load(path.name)
    monkeypatch.setattr(_toml_parse, "toml_rs", None)
    monkeypatch.setattr(_toml_parse, "FAST", False)
    with pytest.raises(TimelineLoadError) as slow:
        load(path.name)
    assert [str(p) for p in fast.value.problems] == [str(p) for p in slow.value.problems]


def test_a_generated_file_loads_alike_with_and_without_toml_rs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = gen.generate(600, seed=3)
    fast = loads(text)
    monkeypatch.setattr(_toml_parse, "toml_rs", None)
    monkeypatch.setattr(_toml_parse, "FAST", False)
    assert loads(text) == fast


@needs_toml_rs
def test_deep_runs_and_sources_are_cut_until_toml_rs_may_parse_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = gen.generate(400, seed=4)
    given: list[str] = []
    parse = _toml_parse.parse

    def spy(piece: str, *, allowed: bool | None = None) -> object:
        given.append(piece)
        return parse(piece, allowed=allowed)

    monkeypatch.setattr(_toml_parse, "parse", spy)
    monkeypatch.setattr(toml_io, "_PIECE", 1 << 20)  # one run of all the events
    tl = loads(text)
    assert len(tl) == 400
    assert len(given) > 4  # the run and the sources were cut
    assert all(_toml_parse.fast_allowed(piece) for piece in given)


def test_without_toml_rs_pieces_are_parsed_by_tomli(tomli_only: None) -> None:
    assert not _toml_parse.fast_allowed('x = "1"\n')
    tl = loads(gen.generate(50, seed=5))
    assert len(tl) == 50
