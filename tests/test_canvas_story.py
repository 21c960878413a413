"""The canvas tells the story of the bundled data on its own, seen as a user sees it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSettings, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from timeline.resources import bundled_events_path
from timeline.when import When
from viewer.window import MainWindow

W = When.parse


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, qapp: QApplication) -> Iterator[MainWindow]:
    """The viewer at 1600×1000 with data/events.toml, as it first opens (fresh settings)."""
    org, app = QCoreApplication.organizationName(), QCoreApplication.applicationName()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    QCoreApplication.setOrganizationName("timeline-tests")
    QCoreApplication.setApplicationName("viewer-story-tests")
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1600, 1000)
    w.show()
    qtbot.waitExposed(w)
    with qtbot.waitSignal(w.timeline_changed, timeout=10_000):
        w.open_file(bundled_events_path())
    yield w
    QCoreApplication.setOrganizationName(org)
    QCoreApplication.setApplicationName(app)


def test_the_first_view_shows_the_story_with_every_title_whole(window: MainWindow) -> None:
    canvas = window.canvas
    tl = canvas.timeline()
    assert tl is not None
    drawn = canvas.drawn_labels()
    story = [e for e in tl if W("2017-07-01").lower <= e.when.lower < W("2017-10-01").lower]
    assert len(story) >= 13
    for event in story:  # the whole story of July to September is on screen ...
        assert event.id in drawn, event.id
    for event_id, text in drawn.items():  # ... and no title is cut
        label = text.replace("\n", " ")
        assert "…" not in label, label
        assert label.startswith(tl[event_id].title), label
        rect = canvas.label_rect(event_id)
        assert rect is not None
        assert rect.left() >= 0
        assert rect.right() <= canvas.viewport().width()
        assert rect.bottom() <= canvas.viewport().height()
    # the 17-month interval does not set the scale: it crosses the view, its label inside
    start, end = canvas.visible_range()
    assert end - start < 120 * 86400
    assert drawn["homan-acting-director"] == tl["homan-acting-director"].title


def test_the_ghost_names_blasting_news_and_its_words(window: MainWindow) -> None:
    canvas = window.canvas
    tl = canvas.timeline()
    assert tl is not None
    pos = tl.position("operation-safe-city")
    text = canvas.scene_model.ghost_label(pos)[0]
    assert text == "Blasting News: \u201cbetween Monday and Thursday\u201d"
    rect = canvas.event_rect("operation-safe-city")
    assert rect is not None
    tip = canvas.tooltip_at(QPointF(rect.center()))
    assert "Blasting News: \u201cbetween Monday and Thursday\u201d (25\u201328 Sep 2017)" in tip
    assert "seed-article" not in tip


def _whole_and_inside(canvas: object) -> dict[str, str]:
    from viewer.canvas import TimelineCanvas

    assert isinstance(canvas, TimelineCanvas)
    drawn = canvas.drawn_labels()
    width = canvas.viewport().width()
    for event_id, text in drawn.items():
        rect = canvas.label_rect(event_id)
        assert rect is not None
        assert rect.left() >= 0
        assert rect.right() <= width
        assert "…" not in text
    return drawn


def test_fit_all_keeps_the_labels_at_the_edges_whole(window: MainWindow) -> None:
    canvas = window.canvas
    canvas.fit_all()
    assert "homan-acting-director" in _whole_and_inside(canvas)  # at the left edge
    canvas.select_event("seventh-circuit-affirms")  # the last event: its lane scrolls into view
    assert "seventh-circuit-affirms" in _whole_and_inside(canvas)  # at the right edge


def test_grouping_by_tag_puts_each_event_in_its_tags_band_and_is_remembered(
    window: MainWindow, qtbot: QtBot
) -> None:
    assert window.group_by() == "none"
    window.action("group_tag").trigger()  # View ▸ Group By ▸ Tag
    canvas = window.canvas
    tl = canvas.timeline()
    assert tl is not None
    assert canvas.group_by() == "tag"
    bands = canvas.bands()
    titles = [title for title, _ in bands]
    assert titles[:3] == ["corrections", "courts", "enforcement"]
    checked = 0
    for event_id in canvas.drawn_labels():
        rect = canvas.event_rect(event_id)
        assert rect is not None
        inside = [title for title, band in bands if band.top() <= rect.top() < band.bottom()]
        assert len(inside) == 1
        assert inside[0] in tl[event_id].tags
        checked += 1
    assert checked >= 5
    # remembered: a new window opens grouped by tag
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.group_by() == "tag"
    assert again.action("group_tag").isChecked()
    window.action("group_none").trigger()
    assert canvas.bands() == []


def _highlight_pixels(window: MainWindow, box: QRectF) -> int:
    """How many pixels in ``box`` (canvas viewport) are of the highlight colour, or near it."""
    canvas = window.canvas
    image = canvas.viewport().grab().toImage()
    colour = canvas.palette().color(QPalette.ColorRole.Highlight)
    r = box.toAlignedRect()
    near = 0
    for x in range(r.left(), r.right()):
        for y in range(r.top(), r.bottom()):
            pixel = QColor(image.pixel(x, y))
            distance = (
                abs(pixel.red() - colour.red())
                + abs(pixel.green() - colour.green())
                + abs(pixel.blue() - colour.blue())
            )
            near += distance < 60
    return near


def test_only_the_selected_events_links_are_drawn_with_their_kind_and_hover(
    window: MainWindow, qtbot: QtBot
) -> None:
    canvas = window.canvas
    tl = canvas.timeline()
    assert tl is not None
    assert canvas.connectors() == []  # nothing selected: a calm canvas, no curve across it
    scene = canvas._scene()
    link = next(c for c in scene.connectors if tl.events[c.source].id == "operation-mega-reported")
    x, y = next(p for p in link.points()[4:-4] if scene.hit(*p) is None)
    assert "reports on" not in canvas.tooltip_at(QPointF(x, y))  # no tooltip for an undrawn link
    assert canvas.link_kinds() == []
    # the user clicks the event: its links are drawn, highlighted, their kind written on them
    mark = canvas.event_rect("operation-mega-reported")
    assert mark is not None
    with qtbot.waitSignal(canvas.selection_changed):
        QTest.mouseClick(
            canvas.viewport(),
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
            mark.center().toPoint(),
        )
    drawn = canvas.connectors()
    assert ("operation-mega-reported", "operation-mega", "reports-on") in drawn
    assert drawn == canvas.connectors(chosen=True)
    assert all("operation-mega-reported" in (a, b) for a, b, _ in drawn)
    shown = set(canvas.drawn_labels())
    assert all(a in shown and b in shown for a, b, _ in drawn)  # only between drawn events
    written = {(a, b): (text, box) for a, b, text, box in canvas.link_kinds()}
    assert set(written) == {(a, b) for a, b, _ in drawn}
    text, kind_at = written["operation-mega-reported", "operation-mega"]
    assert text == "reports on"
    assert _highlight_pixels(window, kind_at) > 0
    for _, box in written.values():  # readable: over no label or mark
        for event_id in canvas.drawn_labels():
            assert not box.intersects(canvas.label_rect(event_id) or QRectF())
            assert not box.intersects(canvas.event_rect(event_id) or QRectF())
    # hover the curve where no event is: the tooltip names the kind of link between the titles
    tip = canvas.tooltip_at(QPointF(x, y))
    assert "reports on \u2192" in tip
    assert tl["operation-mega"].title.replace('"', "&quot;") in tip
    # View ▸ Show All Links: the others too, faint; remembered
    window.action("all_links").trigger()
    assert canvas.connectors(chosen=False)
    assert len(canvas.connectors()) == len(canvas._scene().connectors)
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.action("all_links").isChecked()
    assert again.canvas.all_links()
    window.action("all_links").trigger()
    assert canvas.connectors() == drawn


def test_the_overview_strip_shows_the_eras_where_they_are_and_names_them(
    window: MainWindow, qtbot: QtBot
) -> None:
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    strip = window.overview
    tl = window.timeline()
    assert tl is not None
    drawn = dict(strip.drawn_eras())
    assert list(drawn) == [era.title for era in tl.eras]  # the canvas's eras, in order
    safe_city = tl.eras[1]
    band = drawn[safe_city.title]
    lo, hi = window.canvas.scene_model.era_spans().lowers[1], safe_city.when
    assert band.left() == pytest.approx(strip.x_for(lo), abs=0.5)
    assert band.right() == pytest.approx(strip.x_for(hi.upper), abs=1.5)
    # tinted with the era's colour where there are no bars (the strip's top row)
    picture = strip.grab().toImage()
    ratio = picture.devicePixelRatio()
    top = 2

    def hue_at(x: float) -> QColor:
        return QColor(picture.pixel(round(x * ratio), top))

    outside = hue_at(2)  # before the eras: plain background
    inside = hue_at(band.center().x())
    assert inside != outside
    era_colour = QColor(safe_city.colour or "")

    def distance(a: QColor, b: QColor) -> int:
        return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue())

    assert distance(inside, era_colour) < distance(outside, era_colour) - 30
    # hovering the band names the era (the tooltip Qt asks for on hover)
    where = QPoint(round(band.center().x()), 10)
    QApplication.sendEvent(strip, QHelpEvent(QEvent.Type.ToolTip, where, strip.mapToGlobal(where)))
    assert "Operation Safe City" in QToolTip.text()
    assert "Era:" in strip.tooltip_at(band.center().x())
    QToolTip.hideText()


def test_the_overview_strip_draws_no_more_eras_than_the_canvas(qtbot: QtBot) -> None:
    from timeline import Era, Event, Timeline
    from viewer.eras import ERA_CAP
    from viewer.views import Views

    views = Views()
    qtbot.addWidget(views)
    views.resize(1200, 600)
    days = [W(f"2017-01-01/2017-12-{d:02d}") for d in range(1, 29)]
    eras = [Era(f"Era {i}", days[i % 28]) for i in range(ERA_CAP + 10)]
    tl = Timeline("T", [Event("a", "A", W("2017-03-01"))], eras=eras)
    views.set_timeline(tl, None, fresh=True)
    assert len(views.overview.drawn_eras()) == ERA_CAP
