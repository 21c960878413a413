"""The scene (what is placed where), tested directly: no Qt, no widget."""

from __future__ import annotations

import gc
import math
from pathlib import Path
from typing import Any

import attrs
import pytest

from timeline.models import Citation, Event, Link, Source, Timeline
from timeline.when import When
from viewer.facts import facts_of
from viewer.framing import fitted_all, story_view
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

    def line_height(self) -> float:
        return 14.0

    def small_line_height(self) -> float:
        return 12.0


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
    hit = scene.hit(first.mark.cx, first.mark.cy)
    assert hit == first
    assert scene.hit(first.label_x + 3, scene.label_box(first).y + 5) == first
    assert scene.hit(-500, -500) is None


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


def test_labels_take_the_free_space_and_stay_inside_the_view() -> None:
    title = "A title long enough to be wrapped in two lines when room is short"
    tl = Timeline(
        "T",
        [
            Event("left", title, W("2017-09-01")),
            Event("right", title, W("2017-09-30")),
        ],
    )
    m = SceneModel(Mono())
    m.set_timeline(tl)
    view = Viewport(W("2017-09-01").lower, W("2017-10-01").lower, 1000)
    scene = m.build(view, 600)
    by_id = {tl.events[p.pos].id: p for p in scene.items}
    for placed in by_id.values():
        assert placed.lines == (title,)  # whole, on one line: there is room
        box = scene.label_box(placed)
        assert box.x >= 0
        assert box.x + box.w <= 1000
    # the right one is pinned inside the view, left of its mark
    assert by_id["right"].label_x < by_id["right"].mark.x


def test_a_label_near_the_right_edge_moves_left_to_stay_whole_rather_than_be_cut() -> None:
    # 150 px from the edge: too little for its two lines, so it was cut ("abro…")
    title = "Miners invited to Greece and to football clubs abroad for a long visit"
    tl = Timeline("T", [Event("trip", title, W("2010-11-01/2010-12-31"))])
    m = SceneModel(Mono())
    m.set_timeline(tl)
    view = Viewport(W("2010-08-01").lower, W("2010-11-15").lower, 1060)  # 10 px a day
    (placed,) = m.build(view, 600).items
    assert " ".join(placed.lines) == title  # whole (on one line or two)
    assert placed.label_x < placed.mark.x  # moved left of its bar, inside the view
    assert placed.label_x + placed.label_w <= 1060


def test_the_first_view_is_where_the_events_are_not_the_span_of_a_long_one() -> None:
    events = [Event("long", "Long", W("2010-01-01/2019-12-31"))]
    events += [Event(f"e{i}", f"E{i}", W(f"2017-09-{i + 1:02d}")) for i in range(10)]
    m = SceneModel(Mono())
    m.set_timeline(Timeline("T", events))
    view = story_view(m, Viewport(0.0, 1.0, 1000))
    assert view.start <= W("2017-09-01").lower
    assert view.end >= W("2017-09-10").upper
    assert view.span < 60 * DAY  # not ten years
    whole = fitted_all(m, Viewport(0.0, 1.0, 1000), 0.05)
    assert whole.span > 9 * 365 * DAY


def test_packing_leaves_no_staircase_where_labels_do_not_meet() -> None:
    events = [Event(f"e{i}", f"Event {i}", W(f"2017-{i + 1:02d}-01")) for i in range(12)]
    m = SceneModel(Mono())
    m.set_timeline(Timeline("T", events))
    scene = m.build(Viewport(W("2017-01-01").lower, W("2018-01-01").lower, 1200), 600)
    assert {p.lane for p in scene.items} == {0}  # a month apart, 100 px: one lane


def test_lanes_out_of_sight_are_counted_and_scrolled_to() -> None:
    tl = Timeline("T", [Event(f"e{i:02d}", f"Same day {i}", W("2017-09-15")) for i in range(30)])
    m = SceneModel(Mono())
    m.set_timeline(tl)
    view = Viewport(W("2017-09-10").lower, W("2017-09-20").lower, 800)
    top = m.build(view, 300)
    assert top.hidden > 0
    assert len(top.items) + top.hidden == 30
    assert top.content_height > 300
    bottom = m.build(view, 300, scroll=top.content_height - 300)
    assert {p.pos for p in bottom.items}.isdisjoint({p.pos for p in top.items})
    assert max(p.lane for p in bottom.items) == top.lanes - 1


def test_a_ghost_names_the_source_and_its_words() -> None:
    m = model()
    pos = m.tl.position("d")  # type: ignore[union-attr]
    assert m.ghost_label(pos)[0] == "Daily Planet: \u201cFriday\u201d"


def tagged() -> Timeline:
    return Timeline(
        "T",
        [
            Event("a", "Alpha", W("2017-09-01"), tags=["courts"]),
            Event("b", "Bravo", W("2017-09-02"), tags=["police", "courts"]),
            Event("c", "Charlie", W("2017-09-03"), tags=["police"]),
            Event("d", "Delta", W("2017-09-04")),
        ],
    )


def test_grouping_by_tag_puts_each_event_in_the_band_of_each_of_its_tags() -> None:
    m = SceneModel(Mono())
    tl = tagged()
    m.set_timeline(tl)
    m.set_group("tag")
    scene = m.build(Viewport(W("2017-08-30").lower, W("2017-09-08").lower, 1000), 2000)
    assert [b.title for b in scene.bands] == ["courts", "police", "no tag"]
    where: dict[str, set[str]] = {}
    for placed in scene.items:
        band = next(b for b in scene.bands if b.top <= placed.y < b.bottom)
        where.setdefault(tl.events[placed.pos].id, set()).add(band.title)
    assert where == {"a": {"courts"}, "b": {"courts", "police"}, "c": {"police"}, "d": {"no tag"}}
    assert scene.bands[0].bottom <= scene.bands[1].top  # bands do not overlap
    m.set_group(None)
    assert m.build(scene.viewport, 2000).bands == []


def test_a_band_packs_its_lanes_and_keeps_them_while_panning() -> None:
    events = [Event(f"e{i:03d}", f"Event {i}", W("2017-09-01"), tags=["x"]) for i in range(3)]
    events += [
        Event(f"f{i:03d}", f"Other {i}", W(f"2017-{1 + i % 12:02d}-{1 + i % 28:02d}"), tags=["y"])
        for i in range(200)
    ]
    m = SceneModel(Mono())
    tl = Timeline("T", events)
    m.set_timeline(tl)
    m.set_group("tag")
    start, end = W("2017-08-25").lower, W("2017-09-10").lower

    def lanes(shift: float) -> dict[str, int]:
        scene = m.build(Viewport(start + shift, end + shift, 1000), 1 << 20)
        return {tl.events[p.pos].id: p.lane for p in scene.items}

    first = lanes(0.0)
    assert {first[f"e{i:03d}"] for i in range(3)} == {0, 1, 2}  # same day: three lanes
    for shift in (2 * DAY, -3 * DAY, 0.0):
        moved = lanes(shift)
        assert all(moved[p] == lane for p, lane in first.items() if p in moved)


def linked() -> Timeline:
    from timeline.models import Link

    return Timeline(
        "T",
        [
            Event("report", "Report", W("2017-09-10"), related=[Link("reports-on", "raid")]),
            Event("raid", "Raid", W("2017-09-01")),
            Event("far", "Far", W("2018-09-01"), related=[Link("follows", "raid")]),
        ],
    )


def test_a_connector_joins_linked_events_placed_in_the_frame_only() -> None:
    m = SceneModel(Mono())
    tl = linked()
    m.set_timeline(tl)
    scene = m.build(Viewport(W("2017-08-25").lower, W("2017-09-20").lower, 1000), 600)
    assert [(tl.events[c.source].id, tl.events[c.target].id, c.kind) for c in scene.connectors] == [
        ("report", "raid", "reports-on")
    ]
    c = scene.connectors[0]
    raid = next(p for p in scene.items if tl.events[p.pos].id == "raid")
    assert c.x1 == pytest.approx(raid.mark.x + raid.mark.w + 1)  # arrives at the raid's mark
    mid_x, mid_y = c.points()[8]
    assert scene.connector_at(mid_x, mid_y) == c
    assert scene.connector_at(mid_x, mid_y + 40) is None


@pytest.mark.parametrize("zone", [None, "Asia/Tokyo"])
def test_a_file_read_back_is_drawn_from_its_columns_without_making_events(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch, zone: str | None
) -> None:
    # ten million events leave their summaries and nested tables in the file and an event
    # made reads its row group back: the facts a frame draws come from the columns held
    # and the digest's ghosts, equal to the events' own
    from pathlib import Path

    pq = pytest.importorskip("pyarrow.parquet")
    from benchmarks.generate import document
    from timeline import load, parquet_source
    from timeline.codec import from_data
    from timeline.columns import EventColumns
    from timeline.parquet_io import to_table
    from viewer.digest import reports_of
    from viewer.facts import facts_at

    monkeypatch.setattr(parquet_source, "HOLD_BYTES", 0)
    path = Path(str(tmp_path)) / "big.parquet"
    import attrs

    from timeline.models import Link

    plain = from_data(document(400))
    linked = [  # (every third event links to the next: the frames draw connectors)
        attrs.evolve(e, related=(*e.related, Link("follows", plain.events[p + 1].id)))
        if p % 3 == 0 and p + 1 < len(plain)
        else e
        for p, e in enumerate(plain.events)
    ]
    given = Timeline(plain.title, linked, plain.sources)
    pq.write_table(to_table(given), path, row_group_size=100)
    tl = load(path)
    events = tl.events
    assert isinstance(events, EventColumns)
    ghosts = reports_of(tl)
    assert len(ghosts) > 3  # (the generated sources report other dates)
    facts = [facts_at(events, p, zone, ghosts) for p in range(len(tl))]
    assert events.made() == 0
    assert facts == [facts_of(e, zone) for e in given.events]
    assert sum(f.ghost is not None for f in facts) == len(ghosts)
    assert facts_at(given.events, 5, zone, ghosts) == facts[5]  # (a tuple: the event's own)
    scene = SceneModel(Mono())
    scene.set_zone(zone)
    scene.set_timeline(tl)
    assert [scene.info(p) for p in range(0, 400, 7)] == facts[::7]
    assert events.made() == 0  # (the scene's facts made none either)
    before = SceneModel(Mono())
    before.set_zone(zone)
    before.set_timeline(given)
    lowers = events.keys.lowers
    for first in (100, 200, 300):  # frames of events (labels, links), as the events' own
        view = Viewport(lowers[first], lowers[first + 30], 1600)
        frame, expected = scene.build(view, 2000), before.build(view, 2000)
        assert frame.mode == "events"
        assert frame.items
        assert frame.items == expected.items
        assert frame.connectors
        assert frame.connectors == expected.connectors
    ghosted = {p for p in range(400) if facts[p].ghost is not None}
    made = set(events._made)
    assert made <= ghosted  # (only a ghost's words read its event: the citation's own words)


def test_a_timeline_whose_rest_is_not_checked_is_placed_from_its_keys(tmp_path: Path) -> None:
    """A phased load's first frames read no ghost or link (the rest, checked on a worker,
    which they would wait for); once its rest is checked and the worker made the span index
    and lanes of every event, the next scene has them."""
    pq = pytest.importorskip("pyarrow.parquet")
    from timeline.parquet_io import complete, is_complete, load, to_table
    from viewer.digest import prepare_index
    from viewer.scene import prepare_lanes

    whole = timeline()
    whole = attrs.evolve(
        whole,
        events=[
            attrs.evolve(e, related=[Link("follows", "c")]) if e.id == "d" else e
            for e in whole.events
        ],
    )
    path = tmp_path / "t.parquet"
    pq.write_table(to_table(whole), path)
    tl = load(path, phased=True)
    m = SceneModel(Mono())
    m.set_timeline(tl)
    view = Viewport(W("2017-08-30").lower, W("2017-09-25").lower, 800)
    first = m.build(view, 300)
    assert not is_complete(tl)  # nothing read of the rest
    assert sorted(m.info(p.pos).id for p in first.items) == ["a", "b", "c", "d"]
    assert all(m.info(p.pos).ghost is None for p in first.items)
    assert first.connectors == []
    complete(tl)
    checked = m.build(view, 300)  # (the span index and the lanes of all not made yet)
    assert all(m.info(p.pos).ghost is None for p in checked.items)
    assert not tl.indexed()  # (not made here: the loader's worker makes them)
    prepare_index(tl, None)
    prepare_lanes(tl, None)
    again = m.build(view, 300)
    d = tl.position("d")
    assert m.info(d).ghost is not None
    assert [(c.source, c.target) for c in again.connectors] == [(d, tl.position("c"))]


def test_the_spans_of_every_event_are_widened_to_their_ghosts_by_numpy_as_one_by_one(
    tmp_path: Path,
) -> None:
    # a Parquet timeline's reports keep their numbers as machine numbers; the lane index of
    # every event widens each span to its ghost by numpy, the same spans as one by one
    pq = pytest.importorskip("pyarrow.parquet")
    from array import array

    from benchmarks.generate import document
    from timeline import load
    from timeline.codec import from_data
    from timeline.parquet_io import to_table
    from viewer import scene
    from viewer.digest import reports_of
    from viewer.viewport import EventBounds

    path = tmp_path / "t.parquet"
    pq.write_table(to_table(from_data(document(400))), path)
    tl = load(path)
    reports = reports_of(tl)
    assert len(reports) > 3
    assert sum(len(gc.get_referents(v)) for v in (reports.positions, *reports.bounds)) <= 3
    bounds = EventBounds.of(tl, None)
    one_by_one = scene._widened(
        (bounds.lowers, bounds.uppers), dict(reports.spans(None)), scene._same
    )
    assert scene._widened_by_numpy(bounds, reports) == one_by_one
    starts, ends, _ = scene._whole(tl, None)
    assert (starts, ends) == one_by_one
    assert (starts, ends) != (array("d", bounds.lowers), array("d", bounds.uppers))


def test_an_edit_that_keeps_dates_and_citations_keeps_the_lane_index(tmp_path: Path) -> None:
    # a title edited: the spans and their ghosts are the same, so is the lane index of
    # every event (made again: about a second at ten million events); a citation or a date
    # edited, or a source, is another index
    pytest.importorskip("pyarrow.parquet")
    from timeline import dump, edit, load
    from timeline.columns import disagreeing_reports
    from viewer import scene
    from viewer.digest import has_reports, reports_of
    from viewer.viewport import carry_bounds

    dump(timeline(), tmp_path / "t.parquet")
    tl = load(tmp_path / "t.parquet")
    whole = scene._WHOLE(tl, None)
    cited = next(e for e in tl.events if e.sources)

    def carried(change: edit.Change) -> bool:
        new = change.apply(tl)
        carry_bounds(tl, new)
        scene.carry_lanes(tl, new, change)
        # (the reports carried, or edited: a date or a citation changed)
        assert has_reports(new)
        assert reports_of(new) == disagreeing_reports(new.events)
        return scene._WHOLE.peek(new, None) is whole

    titled = edit.replace_event(tl, cited.id, attrs.evolve(cited, title="Renamed"))
    assert carried(titled)
    uncited = attrs.evolve(cited, sources=())
    assert not carried(edit.replace_event(tl, cited.id, uncited))
    moved = attrs.evolve(cited, when=When.parse("1999-01-01"))
    assert not carried(edit.replace_event(tl, cited.id, moved))
    assert not carried(edit.add_source(tl, Source("late", "Late")))
    # the lanes carried without the reports (carry_lanes carries both), the warm-up still
    # makes the edited timeline's reports on its worker
    new = titled.apply(tl)
    carry_bounds(tl, new)
    scene._WHOLE.carry(tl, new)
    model = SceneModel(Mono())
    model.set_timeline(new)
    work = scene.heavy_warmth(model, 1)
    assert work is not None
    assert not has_reports(new)
    work()
    assert has_reports(new)
    assert scene._WHOLE.peek(new, None) is whole


def test_an_edit_that_keeps_dates_and_citations_takes_the_reports_of_the_timeline_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a title edited before the reports of the timeline before are made (the loader's
    # worker still makes them): the edited timeline's are those, made once; an undo makes
    # no ring; a date edited has its own, edited from those
    pytest.importorskip("pyarrow.parquet")
    from timeline import dump, edit, load
    from timeline.columns import disagreeing_reports as real
    from viewer import digest as digest_module
    from viewer import scene
    from viewer.digest import has_reports, reports_of

    made: list[int] = []

    def counted(events: Any) -> Any:
        made.append(len(events))
        return real(events)

    monkeypatch.setattr(digest_module, "disagreeing_reports", counted)
    dump(timeline(), tmp_path / "t.parquet")
    tl = load(tmp_path / "t.parquet")
    cited = next(e for e in tl.events if e.sources)
    titled = edit.replace_event(tl, cited.id, attrs.evolve(cited, title="Renamed"))
    new = titled.apply(tl)
    scene.carry_lanes(tl, new, titled)
    scene.carry_lanes(new, tl, titled.inverse())  # (the undo: no ring)
    assert not has_reports(new)
    assert not has_reports(tl)
    before = reports_of(new)  # (made once, of the timeline before)
    assert has_reports(tl)
    assert reports_of(tl) is before
    assert made == [len(tl)]
    moved = attrs.evolve(cited, when=When.parse("1999-01-01"))
    dated_change = edit.replace_event(tl, cited.id, moved)
    dated = dated_change.apply(tl)
    scene.carry_lanes(tl, dated, dated_change)
    assert reports_of(dated) is not before
    assert reports_of(dated) == real(dated.events)
    assert made == [len(tl)]  # (edited from those before: no pass over every citation)
