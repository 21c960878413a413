"""Eras in the scene (viewer/eras.py, viewer/scene.py): which are drawn, where, their titles."""

from __future__ import annotations

import itertools

import attrs
import pytest

from tests.test_scene import Mono
from timeline.models import Era, Event, Timeline
from timeline.when import When
from viewer.eras import BESIDE, ERA_CAP, ERA_PALETTE, PAD, EraSpans, colour_of, readable_ink
from viewer.scene import AXIS_H, TOP, SceneModel
from viewer.viewport import Viewport

W = When.parse
DAY = 86400.0

HOMAN = Era("Homan, acting director", W("2017-01-30/2018-06-30"))
SAFE_CITY = Era("Safe City", W("2017-09-24/2017-09-27"), colour="#cc6677")
LATER = Era("Much later", W("2019-03"))


def _model(*eras: Era, events: tuple[Event, ...] | None = None) -> SceneModel:
    m = SceneModel(Mono())
    evs = events if events is not None else (Event("a", "Alpha", W("2017-09-25")),)
    m.set_timeline(Timeline("T", evs, eras=eras))
    return m


def _view(start: str, end: str, width: int = 1000) -> Viewport:
    return Viewport(W(start).lower, W(end).upper, width)


def test_only_the_eras_in_view_are_placed_in_order_of_their_start() -> None:
    m = _model(LATER, SAFE_CITY, HOMAN)
    scene = m.build(_view("2017-09-01", "2017-09-30"), 400)
    assert [m.tl.eras[b.era].title for b in scene.eras] == [  # type: ignore[union-attr]
        "Homan, acting director",
        "Safe City",
    ]
    assert m.build(_view("2016-01-01", "2016-12-31"), 400).eras == []


def test_a_band_spans_its_era_and_is_clamped_near_the_view() -> None:
    m = _model(SAFE_CITY, HOMAN)
    view = _view("2017-09-01", "2017-09-30", 300)  # 10 px a day
    scene = m.build(view, 400)
    homan, safe_city = scene.eras
    assert homan.x0 < 0
    assert homan.x1 > 300
    assert homan.x0 >= -50
    assert homan.x1 <= 350
    assert safe_city.x0 == pytest.approx(230.0)  # 24 September
    assert safe_city.x1 == pytest.approx(270.0)  # the end of the 27th
    assert safe_city.colour == "#cc6677"
    assert homan.colour == ERA_PALETTE[0]  # none given: the palette's, by index


def test_titles_are_whole_when_they_fit_and_cut_only_when_they_do_not() -> None:
    m = _model(SAFE_CITY, HOMAN)
    wide = m.build(_view("2017-09-21", "2017-09-30", 1000), 400)  # 100 px a day
    homan, safe_city = wide.eras
    assert homan.text == "Homan, acting director"
    assert homan.label_x == PAD  # starts inside the view's part of its band
    assert safe_city.text == "Safe City"
    assert safe_city.label_x == pytest.approx(300.0 + PAD)
    assert safe_city.label_w == 7 * len("Safe City")
    narrow = m.build(_view("2017-09-01", "2017-10-31", 610), 400)  # 10 px a day: 40 px
    beside = narrow.eras[1]  # too long for its band, written whole just after it
    assert beside.text == BESIDE + "Safe City"
    assert beside.beside
    assert beside.label_x == pytest.approx(beside.x1 + PAD)
    assert not narrow.eras[0].beside
    # with the next era starting right after it, there is no room beside: cut in the band
    # (no two eras overlap: the era row has one line)
    m = _model(SAFE_CITY, Era("Next", W("2017-09-28/2017-10-31")))
    cut = m.build(_view("2017-09-01", "2017-10-31", 610), 400).eras[0]
    assert cut.text.endswith("…")
    assert len(cut.text) < len("Safe City")
    assert cut.label_w <= 40 - 2 * PAD
    assert not cut.beside
    tiny = m.build(_view("2017-01-01", "2017-12-31", 365), 400)  # 1 px a day: 4 px
    assert tiny.eras[0].text == ""  # not even a letter and "…", and no room beside


def test_a_title_an_overlapping_era_hides_goes_whole_on_the_second_line() -> None:
    # "Next" starts the day before Safe City ends: no room in the band or beside it
    m = _model(SAFE_CITY, Era("Next", W("2017-09-27/2017-10-31")))
    scene = m.build(_view("2017-09-01", "2017-10-31", 610), 400)
    safe_city, following = scene.eras
    assert (safe_city.text, safe_city.line) == ("Safe City", 1)  # whole, was "Sa…"
    assert safe_city.x0 + PAD == safe_city.label_x  # from where its band starts
    assert (following.text, following.line) == ("Next", 0)
    assert scene.era_h == 2 * scene.geometry.era_h  # the row has two lines
    assert scene.lanes_top == TOP + scene.era_h
    # the title on the second line is that era's, under the pointer
    assert scene.era_at(safe_city.label_x + 5, AXIS_H + 1.5 * scene.geometry.era_h) == safe_city
    # a title that fits its band stays on the first line, and so do the others
    wide = m.build(_view("2017-09-20", "2017-10-05", 1600), 400)
    assert [band.line for band in wide.eras] == [0, 0]
    # two titles on the second line never overlap
    third = Era("Third long title", W("2017-09-26/2017-10-31"))
    crowded = _model(SAFE_CITY, Era("Next", W("2017-09-25/2017-10-31")), third)
    bands = crowded.build(_view("2017-09-01", "2017-10-31", 610), 400).eras
    seconds = sorted((b.label_x, b.label_x + b.label_w) for b in bands if b.line == 1)
    assert len(seconds) >= 2
    assert all(a_end + PAD <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(seconds))


def test_a_title_beside_its_band_stops_before_the_next_era_and_pushes_later_titles() -> None:
    rescue = Era("Rescue", W("2010-10-12/2010-10-13"))
    aftermath = Era("Aftermath", W("2010-10-22/2010-11-30"))
    m = _model(rescue, aftermath, events=(Event("a", "Alpha", W("2010-10-13")),))
    scene = m.build(_view("2010-08-01", "2010-11-30", 1220), 400)  # 10 px a day
    first, second = scene.eras
    assert first.text == BESIDE + "Rescue"
    assert first.label_x + first.label_w <= second.x0 - PAD
    assert second.text == "Aftermath"
    assert second.label_x >= first.label_x + first.label_w + PAD


def test_a_title_goes_where_its_own_row_shows_and_never_over_another() -> None:
    first = Era("A long title of a long period", W("2017-09-01/2017-09-30"))
    second = Era("Second", W("2017-09-02/2017-09-10"))  # drawn over the first
    m = _model(first, second)
    scene = m.build(_view("2017-09-01", "2017-09-30", 900), 400)
    a, b = scene.eras
    assert (a.text, b.text) == ("A long title of a long period", "Second")
    assert b.x0 <= b.label_x  # in its band
    assert b.label_x + b.label_w <= b.x1
    assert a.label_x >= b.x1  # not on the second's tint, where the first's row shows
    assert a.label_x >= b.label_x + b.label_w + PAD


def test_a_title_with_too_little_of_its_own_row_goes_on_the_second_line_not_on_another() -> None:
    # zoomed into Safe City, Homan's row shows only after it: "Homan, acting director" goes
    # whole on the second line (on its own tint), not on Safe City's tint beside its title,
    # nor cut ("Homan, acting…") after Safe City as it was with one line
    m = _model(SAFE_CITY, HOMAN)
    scene = m.build(_view("2017-09-24", "2017-09-28", 500), 400)  # 100 px a day
    homan, safe_city = scene.eras
    assert (safe_city.text, safe_city.line) == ("Safe City", 0)
    assert (homan.text, homan.line) == ("Homan, acting director", 1)
    assert homan.label_x == PAD  # where its band starts in view
    assert homan.label_x + homan.label_w <= 500


def test_the_era_row_moves_the_lanes_down_only_when_there_are_eras() -> None:
    view = _view("2017-09-20", "2017-09-30")
    plain = _model().build(view, 400)
    assert plain.era_h == 0
    assert plain.lanes_top == TOP
    assert plain.clip_top == AXIS_H
    with_eras = _model(LATER).build(view, 400)  # an era out of view keeps the row
    assert with_eras.eras == []
    assert with_eras.era_h == with_eras.geometry.era_h > 0
    assert with_eras.lanes_top == TOP + with_eras.era_h
    assert with_eras.items[0].y == plain.items[0].y + with_eras.era_h
    assert with_eras.hit(with_eras.items[0].mark.cx, with_eras.items[0].mark.cy) is not None


def test_eras_are_placed_in_density_and_empty_scenes_too() -> None:
    many = tuple(Event(f"e{i}", f"E{i}", W("2017-09-25")) for i in range(300))
    m = _model(SAFE_CITY, events=many)
    density = m.build(_view("2017-09-01", "2017-09-30", 500), 400)
    assert density.mode == "density"
    assert [m.tl.eras[b.era] for b in density.eras] == [SAFE_CITY]  # type: ignore[union-attr]
    empty = _model(SAFE_CITY, events=()).build(_view("2017-09-01", "2017-09-30", 500), 400)
    assert empty.mode == "empty"
    assert len(empty.eras) == 1


def test_the_era_at_a_point_is_the_last_drawn_under_the_axis() -> None:
    m = _model(SAFE_CITY, HOMAN)
    scene = m.build(_view("2017-09-21", "2017-09-30", 1000), 400)
    assert scene.era_at(350.0, 300.0) == scene.eras[1]  # Safe City, over Homan
    assert scene.era_at(100.0, 300.0) == scene.eras[0]
    assert scene.era_at(350.0, AXIS_H - 1) is None  # the axis is not an era


def test_eras_follow_the_display_zone_and_the_timeline() -> None:
    timed = Era("Shift", W("2017-09-25T09:00/2017-09-25T17:00", "America/New_York"))
    m = _model(timed)
    own = m.era_spans().lowers[0]
    m.set_zone("UTC")
    assert m.era_spans().lowers[0] == own + 4 * 3600  # 09:00 EDT is 13:00 UTC
    assert m.tl is not None
    m.set_timeline(attrs.evolve(m.tl, eras=()))
    assert len(m.era_spans()) == 0


def test_colours_and_ink() -> None:
    assert colour_of(SAFE_CITY, 5) == "#cc6677"
    assert colour_of(HOMAN, len(ERA_PALETTE) + 1) == ERA_PALETTE[1]
    assert readable_ink(1.0, 1.0, 0.9) == "#000000"
    assert readable_ink(0.1, 0.1, 0.4) == "#ffffff"
    assert all(readable_ink(*_rgb(c)) == "#000000" for c in ERA_PALETTE)  # light: black reads


def _rgb(colour: str) -> tuple[float, float, float]:
    return tuple(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def test_spans_of_a_timeline_without_eras() -> None:
    spans = EraSpans.of(Timeline("T"), None)
    assert len(spans) == 0
    assert spans.place(0.0, 1.0, float, 100.0, len, lambda t, px: t) == ([], 0)


def test_at_most_era_cap_eras_are_placed_in_a_view_and_the_rest_counted() -> None:
    many = [Era(f"Era {i}", W("2017-09-01/2017-09-30")) for i in range(ERA_CAP + 36)]
    m = _model(*many)
    scene = m.build(_view("2017-09-01", "2017-09-30"), 400)
    assert len(scene.eras) == ERA_CAP
    assert scene.eras_more == 36
    assert [b.era for b in scene.eras] == list(range(ERA_CAP))  # the first by start
    assert _model(*many[:3]).build(_view("2017-09-01", "2017-09-30"), 400).eras_more == 0
