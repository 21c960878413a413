"""The scene (what is placed where), tested directly: no Qt, no widget."""

from __future__ import annotations

import math

import pytest

from timeline.models import Citation, Event, Source, Timeline
from timeline.when import When
from viewer.facts import facts_of
from viewer.scene import LEAD, OFF, TOP, Box, Ruler, SceneModel
from viewer.viewport import Viewport

W = When.parse
DAY = 86400.0


class Mono:
    """Every character 7 px wide."""

    def width(self, text: str) -> float:
        return 7.0 * len(text)

    def elide(self, text: str, px: float) -> str:
        return text[: max(0, int(px // 7) - 1)] + "…"

    def small_width(self, text: str) -> float:
        return 6.0 * len(text)

    def small_elide(self, text: str, px: float) -> str:
        return text[: max(0, int(px // 6) - 1)] + "…"

    def average_char(self) -> float:
        return 7.0


def timeline() -> Timeline:
    return Timeline(
        "T",
        [
            Event("a", "Alpha", W("2017-09-01")),
            Event("b", "Bravo", W("2017-09-02")),
            Event("c", "Charlie week", W("2017-09-10/2017-09-14")),
            Event(
                "d",
                "Delta",
                W("2017-09-20"),
                sources=[Citation("src", reported=W("2017-09-22"), reported_text="Friday")],
            ),
        ],
        [Source("src", "A report", publisher="Daily Planet")],
    )


def model() -> SceneModel:
    m = SceneModel(Mono())
    m.set_timeline(timeline())
    return m


def test_the_ruler_clamps_once_near_the_view() -> None:
    r = Ruler(0.0, 2.0, 100.0)
    assert r.x(10.0) == 20.0
    assert r.x(-1e9) == -OFF
    assert r.x(math.inf) == 100.0 + OFF
    assert r.raw(-1e9) == -2e9


def test_events_are_placed_at_their_dates_in_lanes_that_do_not_overlap() -> None:
    m = model()
    view = Viewport(W("2017-08-30").lower, W("2017-09-25").lower, 1000)
    scene = m.build(view, 600)
    assert scene.mode == "events"
    placed = {m.tl.events[p.pos].id: p for p in scene.items}  # type: ignore[union-attr]
    assert set(placed) == {"a", "b", "c", "d"}
    a = placed["a"]
    assert a.mark.cx == pytest.approx(view.x_for(W("2017-09-01").lower + DAY / 2))
    assert a.label_x == pytest.approx(a.mark.cx - LEAD)
    c = placed["c"]
    assert c.mark.x == pytest.approx(view.x_for(W("2017-09-10").lower))
    assert c.mark.x + c.mark.w == pytest.approx(view.x_for(W("2017-09-14").upper))
    # a and b are a day apart: their labels would collide in one lane
    assert placed["a"].lane != placed["b"].lane
    assert all(p.y >= TOP for p in scene.items)


def test_hit_finds_a_mark_then_a_label() -> None:
    m = model()
    view = Viewport(W("2017-08-30").lower, W("2017-09-25").lower, 1000)
    scene = m.build(view, 600)
    first = scene.items[0]
    hit = scene.hit(first.mark.cx, first.mark.cy, lambda pos: m.label(pos)[1])
    assert hit == first
    assert scene.hit(first.label_x + 3, first.y + 5, lambda pos: m.label(pos)[1]) == first
    assert scene.hit(-500, -500, lambda pos: 10.0) is None


def test_too_many_events_make_a_density_scene() -> None:
    tl = Timeline("T", [Event(f"e{i}", f"E{i}", W("2017-09-01")) for i in range(100)])
    m = SceneModel(Mono())
    m.set_timeline(tl)
    scene = m.build(Viewport(W("2017-08-01").lower, W("2017-10-01").lower, 200), 400)
    assert scene.mode == "density"
    assert scene.items == []


def test_a_filter_hides_events_from_the_scene() -> None:
    m = model()
    m.set_filter(frozenset({"a", "d"}))
    view = Viewport(W("2017-08-30").lower, W("2017-09-25").lower, 1000)
    ids = {m.tl.events[p.pos].id for p in m.build(view, 600).items}  # type: ignore[union-attr]
    assert ids == {"a", "d"}
    assert m.passes("a")
    assert not m.passes("b")


def test_facts_of_a_disagreeing_source_keep_its_span() -> None:
    facts = facts_of(timeline()["d"], None)
    assert facts.ghost is not None
    assert facts.ghost[:2] == (W("2017-09-22").lower, W("2017-09-22").upper)
    assert facts.ghost[2] == "src"


def test_box_contains_with_a_margin() -> None:
    box = Box(10, 10, 4, 4)
    assert box.contains(12, 12)
    assert not box.contains(16, 12)
    assert box.contains(16, 12, 2.0)
