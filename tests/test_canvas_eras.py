"""Eras on the canvas, seen as a user sees them: bands behind the events, titles under the axis."""

from __future__ import annotations

import attrs
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from tests.test_canvas import image_of
from timeline import Era, Event, Timeline, load
from timeline.resources import bundled_events_path
from timeline.when import When
from viewer.canvas import AXIS_H, TimelineCanvas
from viewer.eras import BESIDE, PAD
from viewer.painters.eras import BAND_MIX, row_colour
from viewer.painters.legend import ERA_LEGEND
from viewer.style import mix

W = When.parse
HOMAN = "Thomas D. Homan, Acting Director of ICE"
SAFE_CITY = 'ICE\'s "Operation Safe City"'


@pytest.fixture
def canvas(qtbot: QtBot) -> TimelineCanvas:
    """A canvas of 1600×900 showing the bundled data, in its first view."""
    c = TimelineCanvas()
    qtbot.addWidget(c)
    c.resize(1600, 900)
    c.show()
    qtbot.waitExposed(c)
    c.set_timeline(load(bundled_events_path()))
    return c


def _drawn(canvas: TimelineCanvas) -> dict[str, tuple[QPointF, QPointF]]:
    """The era titles drawn: the title's box's centre, and a point of the band below the row."""
    out = {}
    for text, band, label in canvas.drawn_eras():
        if label is not None:
            out[text] = (label.center(), QPointF(band.center().x(), band.bottom() - 20))
    return out


def test_the_bundled_data_shows_its_era_title_under_the_axis(canvas: TimelineCanvas) -> None:
    drawn = _drawn(canvas)
    assert HOMAN in drawn  # whole: the era crosses the first view
    image = image_of(canvas)
    width = canvas.viewport().width()
    for _, _, label in canvas.drawn_eras():
        if label is None:
            continue
        assert label.left() >= 0
        assert label.right() <= width
        assert label.top() >= AXIS_H  # under the axis, above the lanes
    (centre, _) = drawn[HOMAN]
    # the title is drawn in ink on the era's tint, in the row
    tl = canvas.timeline()
    assert tl is not None
    base = canvas.palette().color(canvas.palette().ColorRole.Base)
    tint = row_colour(tl.eras[0].colour or "", base)
    row_y = round(AXIS_H + 3)
    assert _has(image, tint, range(int(centre.x()) - 60, int(centre.x()) + 60), row_y)
    xs = range(int(centre.x()) - 30, int(centre.x()) + 30)
    ink = [image.pixelColor(x, round(centre.y())).lightness() for x in xs]
    assert min(ink) < 100  # dark text on the light tint


def _has(image: QImage, colour: QColor, xs: range, y: int) -> bool:
    """Some pixel of row ``y`` at ``xs`` is ``colour`` (to a unit of each 8-bit channel)."""
    want = colour.toRgb()

    def near(found: QColor) -> bool:
        return (
            abs(found.red() - want.red()) <= 1
            and abs(found.green() - want.green()) <= 1
            and abs(found.blue() - want.blue()) <= 1
        )

    return any(near(image.pixelColor(x, y)) for x in xs if 0 <= x < image.width())


def test_zoomed_to_the_operation_its_era_title_is_whole(canvas: TimelineCanvas) -> None:
    canvas.set_visible_range(W("2017-09-20").lower, W("2017-09-30").upper)
    drawn = _drawn(canvas)
    assert set(drawn) == {HOMAN, SAFE_CITY}
    (label, _) = drawn[SAFE_CITY]
    start, end = canvas.visible_range()
    x24 = (W("2017-09-24").lower - start) * canvas.viewport().width() / (end - start)
    assert label.x() > x24  # inside its band


def test_hovering_a_band_names_the_era_and_its_dates(canvas: TimelineCanvas) -> None:
    canvas.set_visible_range(W("2017-09-20").lower, W("2017-09-30").upper)
    _, inside = _drawn(canvas)[SAFE_CITY]
    assert canvas.event_at(inside) is None  # nothing else there
    tip = canvas.tooltip_at(inside)
    assert "Era: ICE&#x27;s &quot;Operation Safe City&quot;\n24–27 Sep 2017" in tip
    (label, _) = _drawn(canvas)[HOMAN]
    assert "Acting Director of ICE\n30 Jan 2017 – 29 Jun 2018" in canvas.tooltip_at(label)
    assert canvas.tooltip_at(QPointF(label.x(), AXIS_H - 10)) == ""  # the axis is no era


def test_only_eras_in_view_are_drawn(canvas: TimelineCanvas) -> None:
    canvas.set_visible_range(W("2017-08-01").lower, W("2017-08-31").upper)
    assert [text for text, _, _ in canvas.drawn_eras()] == [HOMAN]
    canvas.set_visible_range(W("2019-01-01").lower, W("2019-12-31").upper)
    assert canvas.drawn_eras() == []


def test_the_legend_mentions_eras_only_when_there_are_some(canvas: TimelineCanvas) -> None:
    assert (ERA_LEGEND[1], "mark") in canvas.legend_items()
    assert ERA_LEGEND[0] in [kind for _, kind, _ in canvas.legend().rows()]
    tl = canvas.timeline()
    assert tl is not None
    canvas.set_timeline(attrs.evolve(tl, eras=()))
    assert (ERA_LEGEND[1], "mark") not in canvas.legend_items()
    assert canvas.drawn_eras() == []


def test_exported_images_show_the_eras(canvas: TimelineCanvas) -> None:
    image = canvas.render_image(1200)
    tl = canvas.timeline()
    assert tl is not None
    base = canvas.palette().color(canvas.palette().ColorRole.Base)
    tint = row_colour(tl.eras[0].colour or "", base)
    assert _has(image, tint, range(0, 1200, 3), round(AXIS_H + 3))


def test_era_titles_are_plain_text(qtbot: QtBot) -> None:
    c = TimelineCanvas()
    qtbot.addWidget(c)
    c.resize(800, 400)
    c.show()
    qtbot.waitExposed(c)
    era = Era("<b>bold</b> & co", W("2017-09-01/2017-09-30"))
    c.set_timeline(Timeline("T", [Event("a", "A", W("2017-09-15"))], eras=[era]))
    c.set_visible_range(W("2017-09-01").lower, W("2017-09-30").upper)
    ((text, band, _),) = c.drawn_eras()
    assert text == "<b>bold</b> & co"
    tip = c.tooltip_at(QPointF(band.center().x(), band.bottom() - 10))
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in tip


def test_overlapping_eras_both_tint_the_lanes(canvas: TimelineCanvas) -> None:
    canvas.set_visible_range(W("2017-09-20").lower, W("2017-09-30").upper)
    tl = canvas.timeline()
    assert tl is not None
    base = canvas.palette().color(canvas.palette().ColorRole.Base)
    homan, safe_city = (QColor(era.colour or "") for era in tl.eras)
    only_homan = mix(base, homan, BAND_MIX)
    both = mix(only_homan, safe_city, BAND_MIX)
    image = image_of(canvas)
    _, inside = _drawn(canvas)[SAFE_CITY]
    y = round(inside.y())
    assert _has(image, both, range(round(inside.x()) - 5, round(inside.x()) + 5), y)
    assert _has(image, only_homan, range(5, 40), y)


def test_an_era_too_narrow_for_its_title_names_it_beside_its_band(canvas: TimelineCanvas) -> None:
    # the first view: Operation Safe City's four days are a sliver; its title was "IC…"
    eras = {text: (band, label) for text, band, label in canvas.drawn_eras()}
    title = BESIDE + SAFE_CITY
    assert title in eras, list(eras)
    band, label = eras[title]
    assert label is not None
    assert label.left() == pytest.approx(band.right() + PAD)
    assert label.right() <= canvas.viewport().width()
    # drawn on the plain background in dark ink, not on Homan's tint
    image = image_of(canvas)
    xs = range(int(label.left()), int(label.right()))
    ink = [image.pixelColor(x, round(label.center().y())).lightness() for x in xs]
    assert min(ink) < 100
    # hovering the title names its era, not the era behind it
    assert "Operation Safe City" in canvas.tooltip_at(label.center())
