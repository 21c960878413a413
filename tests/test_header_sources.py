"""A header's sources checked a key at a time over all of them (timeline/_decoder_head.py):
the same timeline and the same problems as the one-by-one checks, which word every problem."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.strategies import timelines
from timeline import Timeline, TimelineLoadError
from timeline._decoder_head import _HeadReader
from timeline.codec import from_data, to_data
from timeline.rules import MAX_SHORT_TEXT

_VALUES: dict[str, list[Any]] = {
    "id": ["a", "b", "src-1", "Bad Id", "", 5, None, "x" * 200],
    "title": ["T", "Another", "  ", "", 7, None, "t" * (MAX_SHORT_TEXT + 1)],
    "publisher": [None, "P", "", 3, "p" * (MAX_SHORT_TEXT + 1)],
    "url": [None, "https://a.example/x", "http://b.example", "ftp://x", "https://", 4],
    "published": [None, "2017-09-24", "2017", "2017-09~", "2017-02-30", "2017-13", 5, "soon"],
    "note": [None, "n", "", 7],
    "publsher": [None, None, None, None, None, None, "P"],
}


@st.composite
def _headers(draw: st.DrawFn) -> dict[str, Any]:
    """Header data whose sources are mostly good, with some wrong value or key now and then."""
    bad = draw(st.booleans())
    sources: list[Any] = []
    for i in range(draw(st.integers(0, 6))):
        source: dict[str, Any] = {"id": f"s{i}", "title": f"Source {i}"}
        for key, values in _VALUES.items():
            pool = values if bad else [v for v in values[:3] if key != "publsher"]
            if pool:
                value = draw(st.sampled_from(pool))
                if value is None:
                    source.pop(key, None)
                else:
                    source[key] = value
        sources.append(source)
    stray = draw(st.booleans())
    if bad and stray and sources:
        sources.insert(draw(st.integers(0, len(sources))), draw(st.sampled_from([1, "s", None])))
    if bad and draw(st.booleans()):
        sources.append(dict(sources[0]) if sources and type(sources[0]) is dict else [])
    return {"title": "Header", "sources": sources}


def _outcome(data: dict[str, Any]) -> Timeline | list[str]:
    try:
        return from_data(data, file="header.json")
    except TimelineLoadError as exc:
        return [str(p) for p in exc.problems]


@settings(max_examples=300, deadline=None)
@given(_headers())
def test_the_checks_in_bulk_give_what_the_checks_one_by_one_give(data: dict[str, Any]) -> None:
    bulk = _outcome(data)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_HeadReader, "_good_sources", lambda self, raw: False)
        assert _outcome(data) == bulk


@settings(max_examples=50, deadline=None)
@given(timelines(max_events=2, max_sources=6))
def test_good_sources_are_not_checked_one_by_one(tl: Timeline) -> None:
    with pytest.MonkeyPatch.context() as patch:

        def refuse(*args: object) -> None:
            raise AssertionError("a source checked one by one")

        patch.setattr(_HeadReader, "_source", refuse)
        assert from_data(to_data(tl)) == tl


def test_one_bad_source_among_good_ones_is_named_as_before() -> None:
    sources = [
        {"id": f"s{i}", "title": "T", "url": "https://a.example", "published": "2017-09-24"}
        for i in range(5)
    ]
    sources[3]["url"] = "ftp://x"
    sources[4]["published"] = "2017-02-30"
    with pytest.raises(TimelineLoadError) as exc:
        from_data({"title": "H", "sources": sources}, file="h")
    assert [str(p) for p in exc.value.problems] == [
        "h: sources[3].url: 'ftp://x' is not an http(s) URL",
        "h: sources[4].published: '2017-02-30' is not a valid date (day 30: Feb 2017 has 28 days)",
    ]
