"""timeline.make_id: the id rule's own slug maker, and the importer's ids made by it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import timeline
from timeline import Event, Timeline, When
from timeline._ical_limits import Namer
from timeline.ids import slug, unique_id
from timeline.rules import ID_PATTERN, MAX_ID, identifier


def test_make_id_is_the_slug_of_the_title() -> None:
    assert timeline.make_id("Operation Safe City!") == "operation-safe-city"
    assert timeline.make_id("  DACA: rescinded (2017)  ") == "daca-rescinded-2017"
    assert timeline.make_id("O'Brien's hearing") == "o-brien-s-hearing"


def test_accents_are_dropped_not_the_letters() -> None:
    assert timeline.make_id("Réunion à Zürich") == "reunion-a-zurich"
    assert timeline.make_id("Straße") == "strasse"
    assert timeline.make_id("El País") == "el-pais"


def test_a_title_without_letters_or_digits_is_an_event() -> None:
    assert timeline.make_id("!!!") == "event"
    assert timeline.make_id("会议") == "event"
    assert timeline.make_id("", taken={"event"}) == "event-2"


def test_taken_ids_get_a_number() -> None:
    assert timeline.make_id("Hearing", taken={"hearing"}) == "hearing-2"
    assert timeline.make_id("Hearing", taken={"hearing", "hearing-2"}) == "hearing-3"
    tl = Timeline("t", [Event("hearing", "Hearing", When.parse("2017"))])
    assert timeline.make_id("Hearing", taken=tl) == "hearing-2"  # a timeline's event ids


def test_whole_words_up_to_the_limit() -> None:
    title = "one two three four five six seven eight nine ten eleven twelve thirteen"
    made = timeline.make_id(title)
    assert made == "one-two-three-four-five-six-seven-eight-nine-ten-eleven"
    assert len(made) <= 60
    assert timeline.make_id(title, limit=8) == "one-two"
    assert timeline.make_id("x" * 100, limit=10) == "x" * 10  # one long word: cut
    with pytest.raises(ValueError, match="limit"):
        timeline.make_id("a", limit=0)
    with pytest.raises(ValueError, match="limit"):
        timeline.make_id("a", limit=MAX_ID)


def test_slug_keeps_the_earlier_rule_on_request() -> None:
    assert slug("Café de Flore", fold=False) == "caf-de-flore"  # iCalendar UIDs stay as they were
    assert slug("Café de Flore") == "cafe-de-flore"
    assert slug("x" * 100, 10) == ""


def test_unique_id_counts_on_from_where_it_stopped() -> None:
    assert unique_id("a", set()) == ("a", 0)
    assert unique_id("a", {"a"}) == ("a-2", 2)
    assert unique_id("a", {"a", "a-5"}, first=5) == ("a-6", 6)


def test_the_importers_namer_follows_the_same_rule() -> None:
    namer = Namer(["hearing"])
    assert namer.unique("hearing") == timeline.make_id("Hearing", taken={"hearing"})
    assert namer.unique("hearing") == "hearing-3"
    assert namer.unique("") == "event"


@given(st.text(max_size=300), st.sets(st.text(alphabet="abc-2", max_size=8), max_size=20))
def test_make_id_follows_the_id_rule_and_is_free(title: str, taken: set[str]) -> None:
    made = timeline.make_id(title, taken=taken)
    assert identifier(made) is None
    assert ID_PATTERN.fullmatch(made)
    assert made not in taken
    assert len(made) <= MAX_ID


@given(st.from_regex(r"[a-z0-9]+(-[a-z0-9]+)*", fullmatch=True).filter(lambda s: len(s) <= 60))
def test_an_id_made_of_words_is_its_own_slug(made: str) -> None:
    assert timeline.make_id(made) == made
