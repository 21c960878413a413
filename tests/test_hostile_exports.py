"""Hostile text in exports: no formula in any spreadsheet, no markup in TimelineJS.

CSV is read by spreadsheets with whatever separator their locale uses (``;``
in de/fr/es Excel, tab, ``|``): a cell may start after any of them, or after a
line break inside a quoted field.  TimelineJS inserts every text it shows as
HTML.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator
from typing import Any, Final

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import Event, Place, Timeline, When
from timeline.export import to_csv, to_timelinejs

_FORMULA: Final = ("=", "+", "-", "@")
_SEPARATORS: Final = (",", ";", "\t", "|")


def _pieces(text: str) -> Iterator[str]:
    """Every cell a spreadsheet could see: by each separator, then by line."""
    for separator in _SEPARATORS:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=separator):
            for field in row:
                yield from re.split(r"[\r\n]", field)


def _starts_a_formula(piece: str) -> bool:
    return piece.lstrip(' \t"').startswith(_FORMULA)


def _timeline(title: str, tag: str = "t", summary: str = "") -> Timeline:
    return Timeline(
        "T",
        [Event("a", title, When.parse("2017-09-15"), summary=summary, tags=(tag,))],
    )


def test_a_formula_after_a_semicolon_is_neutralised() -> None:
    text = to_csv(_timeline("a;=1+1"))
    (row,) = csv.DictReader(io.StringIO(text, newline=""))
    assert row["title"] == "a;'=1+1"
    assert not any(_starts_a_formula(p) for p in _pieces(text))


def test_a_formula_after_a_line_break_in_a_quoted_field_is_neutralised() -> None:
    text = to_csv(_timeline("title", summary='first line\r\n=HYPERLINK("http://evil")\n @SUM(1)'))
    (row,) = csv.DictReader(io.StringIO(text, newline=""))
    assert row["summary"] == "first line\r\n'=HYPERLINK(\"http://evil\")\n '@SUM(1)"
    assert not any(_starts_a_formula(p) for p in _pieces(text))


_HOSTILE: Final = st.text(
    alphabet=st.sampled_from(list("=+-@,;|\t\r\n \"'ab1")), min_size=1, max_size=12
).filter(str.strip)


@settings(max_examples=200, deadline=None)
@given(title=_HOSTILE, tag=_HOSTILE, summary=_HOSTILE, place=_HOSTILE)
def test_no_cell_starts_a_formula_whatever_the_separator(
    title: str, tag: str, summary: str, place: str
) -> None:
    tl = Timeline(
        "T",
        [
            Event(
                "a",
                title,
                When.parse("2017-09-15"),
                summary=summary,
                tags=(tag, tag + "x"),
                places=(Place(place),),
            )
        ],
    )
    text = to_csv(tl)
    for piece in _pieces(text):
        assert not _starts_a_formula(piece), (piece, text)


# -- TimelineJS ------------------------------------------------------------------------

_EVIL: Final = '<img src=x onerror=alert(1)>&"'
# the only markup the exporter writes itself
_OURS: Final = re.compile(r"</?(?:p|br|em|ul|li)>|<a href=\"[^\"<>]*\">|</a>")


def _strings(value: Any) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str):
                yield key, item
            else:
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_the_group_from_a_tag_is_escaped() -> None:
    data = to_timelinejs(_timeline("title", tag=_EVIL))
    assert data["events"][0]["group"] == html.escape(_EVIL)


def test_no_text_field_of_timelinejs_carries_markup() -> None:
    tl = Timeline(
        _EVIL,
        [
            Event(
                "a",
                _EVIL,
                When.parse("2017-09~"),
                summary=_EVIL + "\n\n" + _EVIL,
                tags=(_EVIL,),
                places=(Place(_EVIL),),
            )
        ],
        description=_EVIL,
    )
    data = to_timelinejs(tl)
    json.dumps(data)
    seen = set()
    for key, value in _strings(data):
        seen.add(key)
        assert "<" not in _OURS.sub("", value), (key, value)
        assert ">" not in _OURS.sub("", value), (key, value)
    assert {"group", "headline", "text", "display_date"} <= seen
