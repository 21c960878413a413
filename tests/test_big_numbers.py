"""Huge TOML integers, in any field, are a clear problem naming the line and field.

TOML's parser reads integers of any size: ``lat = 0x1`` and 256 zeros crashed the
load with ``OverflowError``, a 3,600-digit hexadecimal title with ``ValueError``
(Python refuses to turn an integer of over 4,300 digits into text), and a
decimal one of over 4,300 digits stopped the parser without saying where.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

import pytest

from timeline import TimelineLoadError, loads

FULL: Final = Path(__file__).resolve().parent / "data" / "good" / "full.toml"
LINES: Final = FULL.read_text(encoding="utf-8").splitlines()
# every one-line `key = value` of a file that uses every key of the format
_ASSIGNMENT: Final = re.compile(r"([a-z_-]+) = (?!\"\"\")(.+)")
FIELDS: Final = [
    (number, match[1])
    for number, line in enumerate(LINES, start=1)
    if (match := _ASSIGNMENT.fullmatch(line))
]
HUGE: Final = {
    "hex-257-digits": "0x1" + "0" * 256,
    "hex-3600-digits": "0x" + "f" * 3600,
    "octal-5000-digits": "0o" + "7" * 5000,
    "int64-plus-one": str(2**63),
    "decimal-4400-digits": "9" * 4400,
    "negative-decimal-5000-digits": "-" + "1" * 5_000,
    "decimal-with-underscores": "1_000" * 1_100,
}


def test_the_fields_cover_every_kind_of_value() -> None:
    keys = {key for _, key in FIELDS}
    assert {"title", "id", "when", "tz", "status", "url", "lat", "lon", "tags"} <= keys
    assert {"arrested", "reported", "reported_tz", "quote", "kind", "event"} <= keys


@pytest.mark.parametrize("number", sorted(HUGE), ids=str)
@pytest.mark.parametrize(("line", "key"), FIELDS, ids=[f"{n}-{k}" for n, k in FIELDS])
def test_a_huge_integer_is_a_problem_at_its_line_and_field(
    line: int, key: str, number: str
) -> None:
    lines = list(LINES)
    lines[line - 1] = f"{key} = {HUGE[number]}"
    with pytest.raises(TimelineLoadError) as exc:
        loads("\n".join(lines) + "\n", source="full.toml")
    problems = [p for p in exc.value.problems if p.line == line]
    assert problems, str(exc.value)[:500]
    (problem,) = problems
    assert problem.field is not None
    assert problem.field.split(".")[-1].split("[")[0] == key, str(problem)[:300]
    assert len(str(problem)) < 400  # the number is cut short in the message
