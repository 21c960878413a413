"""Go to Date's rules without Qt: references, reading the text, where the view lands."""

from __future__ import annotations

import datetime

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.edtf import DAY
from timeline.models import Citation, Event, Source, Timeline
from timeline.when import When
from viewer.goto import DAY_VIEW, Reading, landing, read, references, source_references

W = When.parse
FRIDAY = datetime.date(2017, 9, 29)


def _timeline() -> Timeline:
    sources = [
        Source("blasting", "Seed article", publisher="Blasting News", published=W("2017-09")),
        Source("undated", "A report with no date"),
        Source("release", "ICE release", published=W("2017-09-28")),
        Source("later", "Later report", publisher="KOIN", published=W("2017-10-02")),
    ]
    events = [
        Event(
            "op",
            "Operation",
            W("2017-09-24/2017-09-27"),
            sources=(Citation("release"), Citation("undated"), Citation("blasting")),
        ),
        Event("other", "Other", W("2017-09-15")),
    ]
    return Timeline("T", events, sources=sources)


# -- references ----------------------------------------------------------------------


def test_references_list_today_then_the_selected_events_sources_then_the_rest() -> None:
    found = references(_timeline(), FRIDAY, "op")
    assert [r.source for r in found] == [None, "release", "blasting", "later"]
    assert [r.label for r in found] == [
        "today, 29 Sep 2017",
        "ICE release, published 28 Sep 2017",  # no publisher: its title
        "Blasting News, published Sep 2017",
        "KOIN, published 2 Oct 2017",
    ]
    assert found[0].when == W("2017-09-29")
    assert found[2].when == W("2017-09")


def test_references_without_a_selection_or_a_clock() -> None:
    assert [r.source for r in references(_timeline(), None)] == ["blasting", "release", "later"]
    assert [r.source for r in references(_timeline(), None, "missing")] == [
        "blasting",
        "release",
        "later",
    ]
    assert references(None, None) == []
    assert [r.label for r in references(None, FRIDAY)] == ["today, 29 Sep 2017"]


@given(
    st.lists(st.sampled_from(["blasting", "undated", "release", "later"]), max_size=4),
    st.sampled_from(["op", "other", "missing", None]),
)
def test_references_from_the_sources_kept_are_the_same(
    cited: list[str], event_id: str | None
) -> None:
    # the form keeps the sources' references while the timeline's sources stay the same
    tl = _timeline()
    if cited:  # (the event "op" citing these, in this order, repeats and all)
        op = attrs.evolve(tl["op"], sources=tuple(Citation(c) for c in cited))
        tl = attrs.evolve(tl, events=[op, tl["other"]])
    listed = source_references(tl.sources)
    assert [r.source for r in listed] == ["blasting", "release", "later"]
    kept = references(tl, FRIDAY, event_id, listed=listed)
    assert kept == references(tl, FRIDAY, event_id)
    assert len({r.source for r in kept}) == len(kept)  # (each once)


# -- reading ---------------------------------------------------------------------------


def test_read_edtf_and_absolute_words_need_no_reference() -> None:
    assert read("  ") == Reading()
    assert read("2017-09-19") == Reading(W("2017-09-19"), "19 Sep 2017")
    assert read("Sept. 28, 2017") == Reading(W("2017-09-28"), "28 Sep 2017 (2017-09-28)")


def test_read_relative_words_say_what_they_count_from() -> None:
    reading = read("between Monday and Thursday", W("2017-09-29"))
    assert reading.when == W("2017-09-25/2017-09-28")
    assert reading.meaning == "25–28 Sep 2017 (2017-09-25/2017-09-28), counted from 29 Sep 2017"
    assert reading.relative


def test_read_an_uncertain_reference_widens_the_answer() -> None:
    reading = read("yesterday", W("[2017-09-28..2017-09-30]"))
    assert reading.when == W("[2017-09-27..2017-09-29]")
    assert reading.meaning.startswith("one of 27–29 Sep 2017")
    assert reading.meaning.endswith("counted from one of 28–30 Sep 2017")


def test_read_gives_the_librarys_error() -> None:
    assert read("yesterday").error.startswith("'yesterday' is relative: it needs a reference")
    bad = read("at the last minute", W("2017-09-29"))
    assert bad.when is None
    assert "could not read 'at', 'minute'" in bad.error
    assert read("2017-13-01").when is None
    assert "month 13" in read("2017-13-01").error
    assert read("/..").error.startswith("'/..': could not read '/..'")
    assert read("2017/..") == Reading(W("2017/.."), "from 2017 on")


# -- landing ---------------------------------------------------------------------------

SEP_24 = W("2017-09-24").lower


def test_a_span_of_days_lands_exactly() -> None:
    span = W("2017-09-24/2017-09-28")
    assert landing(span.lower, span.upper, (0.0, 1e9)) == (span.lower, span.upper)
    assert landing(span.upper, span.lower, (0.0, 10.0)) == (span.lower, span.upper)


def test_a_day_is_centred_in_at_most_a_month() -> None:
    lo, hi = SEP_24, SEP_24 + DAY
    start, end = landing(lo, hi, (0.0, 20 * 365 * DAY))  # a view of twenty years
    assert end - start == DAY_VIEW
    assert (start + end) / 2 == (lo + hi) / 2
    start, end = landing(lo, hi, (0.0, 7 * DAY))  # a week: the zoom is kept
    assert (start, end) == (lo - 3 * DAY, hi + 3 * DAY)
    start, end = landing(lo, hi, (0.0, 3600.0))  # an hour: zoomed out to the whole day
    assert (start, end) == (lo, hi)


@given(
    st.integers(-62_000_000_000, 250_000_000_000),
    st.integers(60, 400 * 86400),
    st.integers(60, 100_000_000_000),
)
def test_landing_always_shows_all_of_the_date(lo: int, length: int, view: int) -> None:
    start, end = landing(lo, lo + length, (0.0, view))
    assert start <= lo
    assert lo + length <= end
    if length > DAY:
        assert (start, end) == (lo, lo + length)
    else:
        assert end - start <= max(DAY_VIEW, length) * (1 + 1e-12)
        assert (start + end) / 2 == pytest.approx(lo + length / 2)
