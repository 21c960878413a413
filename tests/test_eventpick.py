"""Finding an event to link to by words of its title or id (no Qt)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from timeline import Event, When
from viewer.eventpick import SHOWN, EventFinder

DAY = When.parse("2017-09-24")
EVENTS = [
    Event("operation-safe-city", "Operation Safe City", DAY),
    Event("safe-city-announced", "ICE announces the results", DAY),
    Event("operation-mega", "Operation Mega", DAY),
    Event("sessions-portland", "Sessions speaks in PORTLAND", DAY),
]


def test_every_word_typed_is_in_the_title_or_the_id_in_any_case() -> None:
    finder = EventFinder(EVENTS)
    assert finder.find("safe").positions == [0, 1]  # the second by its id
    assert finder.find("OPERATION  safe").positions == [0]
    assert finder.find("portland speaks").positions == [3]  # words in any order
    assert finder.find("mega safe") == ([], 0)
    assert finder.find("ration").positions == [0, 2]  # anywhere in a word
    assert finder.find("  ") == ([0, 1, 2, 3], 4)  # no word: every event


def test_a_search_gives_the_first_events_found_and_counts_them_all() -> None:
    events = [Event(f"rally-{i}", f"Rally {i}", DAY) for i in range(SHOWN + 7)]
    found = EventFinder(events).find("rally")
    assert found.positions == list(range(SHOWN))
    assert found.total == SHOWN + 7
    assert EventFinder(events).find("rally 5", limit=3) == ([5, 15, 25], 12)


_WORD = st.text(alphabet="abcAB -é", min_size=1, max_size=8).filter(lambda s: s.strip())


@given(st.lists(_WORD, min_size=1, max_size=12), st.text(alphabet="abAé ", max_size=6))
def test_an_event_is_found_exactly_when_it_holds_every_word(titles: list[str], text: str) -> None:
    events = [Event(f"e{i}", title, DAY) for i, title in enumerate(titles)]
    found = EventFinder(events).find(text, limit=len(events))
    words = text.casefold().split()
    expected = [
        i
        for i, e in enumerate(events)
        if all(w in e.title.casefold() or w in e.id.casefold() for w in words)
    ]
    assert found.positions == expected
    assert found.total == len(expected)
