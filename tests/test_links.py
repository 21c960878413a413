"""Which links a frame draws (viewer.links): the selected event's, highlighted; others faint
only with Show All Links."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.models import Event, Link
from timeline.when import When
from viewer.facts import kind_words
from viewer.links import SPOTS, DrawnLink, drawn_links, kind_box
from viewer.scene import Box, Connector

W = When.parse

EVENTS = [
    Event("a", "A", W("2017-09-01"), related=[Link("reports-on", "b")]),
    Event("b", "B", W("2017-09-02"), related=[Link("follows", "c")]),
    Event("c", "C", W("2017-09-03")),
    Event("d", "D", W("2017-09-04"), related=[Link("cites", "c")]),
]
AB = Connector(0, 1, "reports-on", 10, 20, 110, 60)
BC = Connector(1, 2, "follows", 120, 60, 200, 100)
DC = Connector(3, 2, "cites", 300, 140, 210, 100)
ALL = [AB, BC, DC]


def test_nothing_selected_draws_no_link_unless_all_links_are_asked_for() -> None:
    assert drawn_links(ALL, EVENTS, None, False) == []
    assert drawn_links(ALL, EVENTS, None, True) == [DrawnLink(c, False) for c in ALL]


def test_the_selected_events_links_either_way_are_chosen_and_drawn_last() -> None:
    assert drawn_links(ALL, EVENTS, "b", False) == [DrawnLink(AB, True), DrawnLink(BC, True)]
    assert drawn_links(ALL, EVENTS, "c", True) == [
        DrawnLink(AB, False),
        DrawnLink(BC, True),
        DrawnLink(DC, True),
    ]
    assert drawn_links(ALL, EVENTS, "gone", False) == []


@given(st.sampled_from([None, "a", "b", "c", "d"]), st.booleans())
def test_drawn_links_are_the_scenes_own_and_all_links_only_adds_faint_ones(
    selected: str | None, show_all: bool
) -> None:
    drawn = drawn_links(ALL, EVENTS, selected, show_all)
    assert all(link.connector in ALL for link in drawn)
    chosen = [link for link in drawn if link.chosen]
    assert chosen == [link for link in drawn_links(ALL, EVENTS, selected, False)]
    assert drawn[len(drawn) - len(chosen) :] == chosen  # highlighted on top
    assert len(drawn) == (len(ALL) if show_all else len(chosen))


def test_the_kind_is_written_in_words_on_the_curve_where_it_covers_nothing() -> None:
    assert kind_words("reports-on") == "reports on"
    assert kind_words("part_of") == "part of"
    x, y = AB.at(0.5)
    assert AB.points(2) == [AB.at(0.0), (x, y), AB.at(1.0)]
    assert AB.at(0.0) == (AB.x0, AB.y0)
    box = kind_box(AB, 40, 12)  # nothing in the way: centred on the middle
    assert (box.x + box.w / 2, box.y + box.h / 2) == pytest.approx((x, y))
    label = Box(x - 5, y - 5, 10, 10)  # a label there: moved along the curve, off it
    moved = kind_box(AB, 40, 12, [label])
    assert moved != box
    cx, cy = moved.x + moved.w / 2, moved.y + moved.h / 2
    assert any((cx, cy) == pytest.approx(AB.at(t)) for t in SPOTS)
    assert not moved.contains(x, y)
    everywhere = Box(-1000, -1000, 3000, 3000)  # no spot is free: the middle after all
    assert kind_box(AB, 40, 12, [everywhere]) == box


@given(
    st.lists(
        st.tuples(*[st.floats(-50, 350, allow_nan=False)] * 2, *[st.floats(1, 80)] * 2),
        max_size=6,
    )
)
def test_the_kind_never_covers_what_it_was_told_of_when_some_spot_is_free(
    boxes: list[tuple[float, float, float, float]],
) -> None:
    taken = [Box(*b) for b in boxes]
    free = [
        t
        for t in SPOTS
        if not any(_meets(Box(AB.at(t)[0] - 20, AB.at(t)[1] - 6, 40, 12), other) for other in taken)
    ]
    box = kind_box(AB, 40, 12, taken)
    if free:
        assert (box.x + 20, box.y + 6) == pytest.approx(AB.at(free[0]))
        assert not any(_meets(box, other) for other in taken)


def _meets(a: Box, b: Box) -> bool:
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h
