"""The timeline canvas, driven as a user would: through its public API and input events."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from timeline.models import Citation, Event, Source, Status, Timeline
from timeline.when import When
from viewer.canvas import AXIS_H, TimelineCanvas
from viewer.framing import story_view
from viewer.style import OKABE_ITO
from viewer.viewport import Viewport

W = When.parse
DAY = 86400.0


def small_timeline() -> Timeline:
    return Timeline(
        "Test",
        [
            Event("injunction", "Injunction", W("2017-09-15"), tags=["court"]),
            Event("raid", "Raid", W("2017-09-19"), tags=["police"]),
            Event(
                "week",
                "Protest week",
                W("2017-09-24/2017-09-27"),
                tags=["protest"],
                sources=[Citation("nyt", reported=W("2017-09-25/2017-09-28"))],
            ),
            Event("meeting", "Meeting", W("2017-09"), tags=["protest"]),
            Event("march", "March", W("2017-09-30"), tags=["protest"], status=Status.CANCELLED),
            Event("occupation", "Occupation", W("2017-09-20/.."), tags=["protest"]),
            Event("html", "<b>x</b>", W("2017-09-22"), tags=["court"]),
        ],
        [Source("nyt", "An article")],
    )


@pytest.fixture
def canvas(qtbot: QtBot) -> TimelineCanvas:
    c = TimelineCanvas()
    qtbot.addWidget(c)
    c.resize(1200, 600)
    c.show()
    qtbot.waitExposed(c)
    c.set_timeline(small_timeline())
    c.set_legend_visible(False)
    return c


def x_of(canvas: TimelineCanvas, t: float) -> float:
    start, end = canvas.visible_range()
    return (t - start) * canvas.viewport().width() / (end - start)


def centre(canvas: TimelineCanvas, event_id: str) -> QPoint:
    rect = canvas.event_rect(event_id)
    assert rect is not None, event_id
    return rect.center().toPoint()


def wheel(canvas: TimelineCanvas, pos: QPointF, dy: int, mods: Qt.KeyboardModifier) -> None:
    vp = canvas.viewport()
    event = QWheelEvent(
        pos,
        QPointF(vp.mapToGlobal(pos.toPoint())),
        QPoint(0, 0),
        QPoint(0, dy),
        Qt.MouseButton.NoButton,
        mods,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(vp, event)


def image_of(canvas: TimelineCanvas) -> QImage:
    image = canvas.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    return (
        image.scaled(round(image.width() / ratio), round(image.height() / ratio))
        if ratio != 1
        else image
    )


# -- geometry ------------------------------------------------------------------


def test_fits_all_events_and_marks_them_at_their_dates(canvas: TimelineCanvas) -> None:
    tl = canvas.timeline()
    assert tl is not None
    assert canvas.shown_count() == len(tl) == canvas.visible_count()
    for event_id in ("injunction", "raid", "html", "march"):
        when = tl[event_id].when
        rect = canvas.event_rect(event_id)
        assert rect is not None
        assert rect.center().x() == pytest.approx(
            x_of(canvas, (when.lower + when.upper) / 2), abs=1
        )
    week = canvas.event_rect("week")
    assert week is not None
    assert week.left() == pytest.approx(x_of(canvas, W("2017-09-24").lower), abs=1)
    assert week.right() == pytest.approx(x_of(canvas, W("2017-09-27").upper), abs=1.5)


def test_marks_in_a_lane_do_not_overlap(canvas: TimelineCanvas) -> None:
    tl = canvas.timeline()
    assert tl is not None
    rects = [canvas.event_rect(e.id) for e in tl]
    for i, a in enumerate(rects):
        for b in rects[i + 1 :]:
            assert a is not None
            assert b is not None
            assert not a.intersects(b)


def test_lanes_do_not_jump_when_panning(canvas: TimelineCanvas) -> None:
    before = canvas.event_rect("raid")
    assert before is not None
    start, end = canvas.visible_range()
    canvas.set_visible_range(start + 2 * DAY, end + 2 * DAY)
    after = canvas.event_rect("raid")
    assert after is not None
    assert after.top() == before.top()
    assert after.center().x() < before.center().x()


def test_event_rect_is_none_when_out_of_view_or_filtered(canvas: TimelineCanvas) -> None:
    canvas.set_visible_range(W("2017-09-14").lower, W("2017-09-16").upper)
    assert canvas.event_rect("injunction") is not None
    assert canvas.event_rect("raid") is None
    canvas.fit_all()
    canvas.set_filter(frozenset({"raid", "week"}))
    assert canvas.shown_count() == 2
    assert canvas.event_rect("injunction") is None
    assert canvas.event_rect("raid") is not None
    canvas.set_filter(None)
    assert canvas.shown_count() == 7


# -- selection ---------------------------------------------------------------------


def test_click_on_a_marker_selects_it(canvas: TimelineCanvas, qtbot: QtBot) -> None:
    with qtbot.waitSignal(canvas.selection_changed) as blocker:
        QTest.mouseClick(
            canvas.viewport(),
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
            centre(canvas, "raid"),
        )
    assert blocker.args == ["raid"]
    assert canvas.selected_event() == "raid"


def test_click_on_empty_space_clears(canvas: TimelineCanvas, qtbot: QtBot) -> None:
    canvas.select_event("raid")
    empty = QPoint(canvas.viewport().width() - 5, canvas.viewport().height() - 5)
    with qtbot.waitSignal(canvas.selection_changed) as blocker:
        QTest.mouseClick(
            canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, empty
        )
    assert blocker.args == [""]
    assert canvas.selected_event() is None


def test_keys_walk_in_chronological_order(canvas: TimelineCanvas, qtbot: QtBot) -> None:
    tl = canvas.timeline()
    assert tl is not None
    order = [e.id for e in tl.events]
    canvas.select_event("raid")
    with qtbot.waitSignal(canvas.selection_changed) as blocker:
        QTest.keyClick(canvas, Qt.Key.Key_Right)
    assert blocker.args == [order[order.index("raid") + 1]]
    QTest.keyClick(canvas, Qt.Key.Key_Left)
    assert canvas.selected_event() == "raid"
    QTest.keyClick(canvas, Qt.Key.Key_End)
    assert canvas.selected_event() == order[-1]
    QTest.keyClick(canvas, Qt.Key.Key_Home)
    assert canvas.selected_event() == order[0]
    with qtbot.waitSignal(canvas.activated) as activated:
        QTest.keyClick(canvas, Qt.Key.Key_Return)
    assert activated.args == [order[0]]


def test_select_next_skips_filtered_and_scrolls_into_view(canvas: TimelineCanvas) -> None:
    canvas.set_filter(frozenset({"injunction", "march"}))
    canvas.set_visible_range(W("2017-09-14").lower, W("2017-09-16").upper)
    canvas.select_event("injunction")
    canvas.select_next()
    assert canvas.selected_event() == "march"
    start, end = canvas.visible_range()
    assert start < W("2017-09-30").lower < end
    assert canvas.event_rect("march") is not None


def test_double_click_activates(canvas: TimelineCanvas, qtbot: QtBot) -> None:
    with qtbot.waitSignal(canvas.activated) as blocker:
        QTest.mouseDClick(
            canvas.viewport(),
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
            centre(canvas, "week"),
        )
    assert blocker.args == ["week"]


def test_selection_kept_across_reload(canvas: TimelineCanvas, qtbot: QtBot) -> None:
    canvas.select_event("raid")
    view = canvas.visible_range()
    canvas.set_timeline(small_timeline(), keep_view=True)
    assert canvas.selected_event() == "raid"
    assert canvas.visible_range() == view
    smaller = Timeline("T", [Event("other", "Other", W("2017-01-01"))])
    with qtbot.waitSignal(canvas.selection_changed) as blocker:
        canvas.set_timeline(smaller)
    assert blocker.args == [""]


# -- navigation ---------------------------------------------------------------------


def test_ctrl_wheel_zooms_around_the_cursor(canvas: TimelineCanvas, qtbot: QtBot) -> None:
    pos = QPointF(300.0, 200.0)
    t_before = W("2017-09-19").lower
    start, end = canvas.visible_range()
    x = x_of(canvas, t_before)
    pos = QPointF(x, 200.0)
    with qtbot.waitSignal(canvas.view_changed):
        wheel(canvas, pos, 240, Qt.KeyboardModifier.ControlModifier)
    new_start, new_end = canvas.visible_range()
    assert new_end - new_start < end - start
    assert x_of(canvas, t_before) == pytest.approx(x, abs=0.5)


def test_plain_wheel_scrolls_in_time(canvas: TimelineCanvas, qtbot: QtBot) -> None:
    start, end = canvas.visible_range()
    with qtbot.waitSignal(canvas.view_changed):
        wheel(canvas, QPointF(100, 100), -120, Qt.KeyboardModifier.NoModifier)
    new_start, new_end = canvas.visible_range()
    assert new_start > start
    assert new_end - new_start == pytest.approx(end - start)
    with qtbot.waitSignal(canvas.view_changed):
        wheel(canvas, QPointF(100, 100), 120, Qt.KeyboardModifier.ShiftModifier)
    assert canvas.visible_range()[0] == pytest.approx(start)


def test_drag_pans(canvas: TimelineCanvas, qtbot: QtBot) -> None:
    start, end = canvas.visible_range()
    spp = (end - start) / canvas.viewport().width()
    vp = canvas.viewport()
    QTest.mousePress(
        vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(600, 500)
    )
    QTest.mouseMove(vp, QPoint(650, 500))
    QTest.mouseMove(vp, QPoint(700, 500))
    QTest.mouseRelease(
        vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(700, 500)
    )
    new_start, _ = canvas.visible_range()
    assert new_start == pytest.approx(start - 100 * spp, rel=1e-6)
    assert canvas.selected_event() is None  # a drag is not a click


def test_keyboard_zoom_and_scrollbar(canvas: TimelineCanvas, qtbot: QtBot) -> None:
    start, end = canvas.visible_range()
    bar = canvas.horizontalScrollBar()
    QTest.keyClick(canvas, Qt.Key.Key_Plus)
    s2, e2 = canvas.visible_range()
    assert e2 - s2 == pytest.approx((end - start) / 1.25)
    assert (s2 + e2) / 2 == pytest.approx((start + end) / 2)
    assert bar.pageStep() < bar.maximum() + bar.pageStep()
    value = bar.value()
    bar.setValue(bar.maximum())
    assert canvas.visible_range()[0] > s2
    assert bar.value() != value
    QTest.keyClick(canvas, Qt.Key.Key_Minus)
    s3, e3 = canvas.visible_range()
    assert e3 - s3 == pytest.approx(end - start)


def test_go_to_and_zoom_to_event(canvas: TimelineCanvas) -> None:
    canvas.zoom_to_event("week")
    start, end = canvas.visible_range()
    assert start < W("2017-09-24").lower
    assert W("2017-09-27").upper < end
    assert end - start < 10 * DAY
    canvas.go_to(W("2017-12-25"))
    start, end = canvas.visible_range()
    assert (start + end) / 2 == pytest.approx((W("2017-12-25").lower + W("2017-12-25").upper) / 2)


def test_pinch_zooms(canvas: TimelineCanvas) -> None:
    from PySide6.QtGui import QNativeGestureEvent, QPointingDevice

    start, end = canvas.visible_range()
    pos = QPointF(400, 200)
    event = QNativeGestureEvent(
        Qt.NativeGestureType.ZoomNativeGesture,
        QPointingDevice.primaryPointingDevice(),
        2,
        pos,
        pos,
        pos,
        0.5,
        QPointF(0, 0),
        0,
    )
    QApplication.sendEvent(canvas.viewport(), event)
    new_start, new_end = canvas.visible_range()
    assert new_end - new_start == pytest.approx((end - start) / 1.5)


# -- drawing -------------------------------------------------------------------------


def test_markers_are_drawn_in_their_tag_colour(canvas: TimelineCanvas) -> None:
    image = image_of(canvas)
    tl = canvas.timeline()
    assert tl is not None
    order = tl.tags()  # most used first gets the first palette colour
    c = centre(canvas, "raid")
    assert image.pixelColor(c) == QColor(OKABE_ITO[order.index("police")])
    c = centre(canvas, "injunction")
    assert image.pixelColor(c) == QColor(OKABE_ITO[order.index("court")])


def _row_colours(image: QImage, canvas: TimelineCanvas, event_id: str) -> list[QColor]:
    rect = canvas.event_rect(event_id)
    assert rect is not None
    y = round(rect.center().y())
    return [image.pixelColor(x, y) for x in range(round(rect.left()) + 3, round(rect.right()) - 3)]


def test_uncertain_span_is_hatched_and_certain_span_solid(canvas: TimelineCanvas) -> None:
    image = image_of(canvas)
    protest = QColor(OKABE_ITO[0])  # "protest" is the most used tag
    week = _row_colours(image, canvas, "week")
    assert week
    assert all(c == protest for c in week)
    meeting = _row_colours(image, canvas, "meeting")
    distinct = {c.rgb() for c in meeting}
    assert len(distinct) >= 2  # faded background and hatch lines
    assert protest.rgb() not in distinct  # never the solid colour of a certain span


def test_cancelled_event_is_hollow(canvas: TimelineCanvas) -> None:
    image = image_of(canvas)
    c = centre(canvas, "march")
    base = canvas.palette().color(canvas.palette().ColorRole.Base)
    assert image.pixelColor(c) == base


def test_open_interval_fades(canvas: TimelineCanvas) -> None:
    image = image_of(canvas)
    rect = canvas.event_rect("occupation")
    assert rect is not None
    y = round(rect.center().y())
    x0 = round(x_of(canvas, W("2017-09-21").lower)) + 2
    near, far = image.pixelColor(x0, y), image.pixelColor(x0 + 200, y)
    base = canvas.palette().color(canvas.palette().ColorRole.Base)
    assert near != base
    assert abs(far.lightness() - base.lightness()) < abs(near.lightness() - base.lightness())


def test_tooltip_of_a_huge_title_is_cut_and_escaped(qtbot: QtBot) -> None:
    huge = "<b>" + "x" * 997  # the longest title there can be: 1,000 characters
    tl = Timeline("t", [Event("huge", huge, W("2017-09-15"))])
    c = TimelineCanvas()
    qtbot.addWidget(c)
    c.resize(800, 400)
    c.show()
    qtbot.waitExposed(c)
    c.set_timeline(tl)
    rect = c.event_rect("huge")
    assert rect is not None
    tip = c.tooltip_at(rect.center())
    assert "&lt;b&gt;xxx" in tip
    assert "<b>" not in tip
    assert len(tip) < 600  # not the 1,000 characters of the title
    assert "pre-wrap" in tip  # long lines wrap instead of making a huge tooltip


def test_titles_are_plain_text(canvas: TimelineCanvas) -> None:
    rect = canvas.event_rect("html")
    assert rect is not None
    tip = canvas.tooltip_at(rect.center())
    assert "&lt;b&gt;x&lt;/b&gt;" in tip
    assert "<b>x</b>" not in tip
    # The label is drawn as its characters: as wide as "<b>x</b>", not as a bold "x".
    image = image_of(canvas)
    base = canvas.palette().color(canvas.palette().ColorRole.Base).rgb()
    top, left = round(rect.top()) - 14, round(rect.left())
    ink = [
        x
        for x in range(left, left + 150)
        if any(image.pixelColor(x, y).rgb() != base for y in range(top + 1, top + 13))
    ]
    width = max(ink) - min(ink)
    fm = canvas.fontMetrics()
    assert width == pytest.approx(fm.horizontalAdvance("<b>x</b>"), abs=4)


def test_legend_lists_tags_and_marks(canvas: TimelineCanvas) -> None:
    items = canvas.legend_items()
    tags = [label for label, kind in items if kind == "tag"]
    assert {"protest", "court", "police"} <= set(tags)
    assert any("open end" in label for label, _ in items)


def test_legend_is_a_badge_in_the_axis_that_opens_on_click(
    canvas: TimelineCanvas, qtbot: QtBot
) -> None:
    tl = canvas.timeline()
    assert tl is not None
    badge = canvas.legend_badge_rect()
    assert not canvas.legend_visible()
    assert badge.bottom() <= AXIS_H  # in the axis strip: it covers no event
    for event in tl:
        rect = canvas.event_rect(event.id)
        assert rect is None or not rect.intersects(badge)
    closed = image_of(canvas)
    canvas.select_event("raid")
    vp = canvas.viewport()
    QTest.mouseClick(
        vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, badge.center().toPoint()
    )
    assert canvas.legend_visible()
    assert canvas.selected_event() == "raid"  # a click on the legend selects nothing
    assert image_of(canvas) != closed
    assert "click to close" in canvas.tooltip_at(badge.center())
    QTest.mouseClick(
        vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, badge.center().toPoint()
    )
    assert not canvas.legend_visible()
    canvas.set_legend_visible(True)
    QTest.keyClick(canvas, Qt.Key.Key_Escape)
    assert not canvas.legend_visible()


# -- export ------------------------------------------------------------------------------


def test_render_image_shows_the_whole_timeline(canvas: TimelineCanvas) -> None:
    canvas.set_visible_range(W("2017-09-14").lower, W("2017-09-16").upper)
    image = canvas.render_image(1000)
    assert image.width() == 1000
    assert image.height() > 200
    base = canvas.palette().color(canvas.palette().ColorRole.Base).rgb()
    protest = QColor(OKABE_ITO[0]).rgb()
    court = QColor(OKABE_ITO[1]).rgb()
    colours = {image.pixel(x, y) for x in range(0, 1000, 2) for y in range(40, image.height(), 2)}
    assert protest in colours
    assert court in colours
    # The first event (the month of September, hatched) starts near the left edge.
    column_ink = [
        x
        for x in range(1000)
        if any(image.pixel(x, y) != base for y in range(50, image.height() // 2))
    ]
    assert min(column_ink) < 60
    assert canvas.visible_range()[0] == W("2017-09-14").lower  # the view is untouched


def test_exported_legend_has_a_strip_of_its_own(canvas: TimelineCanvas) -> None:
    image = canvas.render_image(1000)
    base = canvas.palette().color(canvas.palette().ColorRole.Base).rgb()
    # The strip starts with a rule across the whole width, under the events.
    rules = [
        y
        for y in range(image.height() // 3, image.height())
        if len({image.pixel(x, y) for x in range(image.width())}) == 1 and image.pixel(0, y) != base
    ]
    assert rules
    top = rules[0]
    above = {image.pixel(x, y) for x in range(0, 1000, 2) for y in range(AXIS_H, top)}
    below = {image.pixel(x, y) for x in range(0, 1000, 2) for y in range(top + 1, image.height())}
    tags = {QColor(c).rgb() for c in OKABE_ITO[:3]}  # protest, court, police
    assert tags <= above  # events drawn, not covered
    assert tags <= below  # and each colour explained in the strip


def test_render_svg(canvas: TimelineCanvas, tmp_path: Path) -> None:
    path = tmp_path / "timeline.svg"
    canvas.render_svg(path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<?xml")
    assert "Protest week" in text
    assert "&lt;b&gt;x&lt;/b&gt;" in text


# -- scale -----------------------------------------------------------------------------------


def spread(n_near: int, n_far: int) -> Timeline:
    """``n_near`` events in September 2017 and ``n_far`` in other years."""
    events = [
        Event(f"near-{i}", f"Near {i}", W(f"2017-09-{1 + i % 28:02d}"), tags=["a"])
        for i in range(n_near)
    ]
    days = [
        f"{y:04d}-{m:02d}-{d:02d}"
        for y in range(1900, 2017)
        for m in range(1, 13)
        for d in range(1, 29)
    ]
    events += [
        Event(f"far-{i}", f"Far {i}", W(days[i % len(days)]), tags=["b"]) for i in range(n_far)
    ]
    return Timeline("Scale", events)


@pytest.mark.parametrize("n_far", [1_000 - 60, 100_000 - 60])
def test_paint_touches_only_visible_events(
    qtbot: QtBot, n_far: int, request: pytest.FixtureRequest
) -> None:
    c = TimelineCanvas()
    qtbot.addWidget(c)
    c.resize(1600, 900)
    c.show()
    qtbot.waitExposed(c)
    c.set_timeline(spread(60, n_far))
    c.set_visible_range(W("2017-09-01").lower, W("2017-09-30").upper)
    before = c.frame_stats.paints
    c.viewport().update()
    qtbot.waitUntil(lambda: c.frame_stats.paints > before)
    stats = c.frame_stats
    assert stats.mode == "events"
    assert stats.events_touched == 60 == c.visible_count()
    assert stats.laid_out < 1000  # lanes are laid out near the view, not for every event
    # Zoomed out on everything: counted by bisection, no event walked.
    c.fit_all()
    before = c.frame_stats.paints
    c.viewport().update()
    qtbot.waitUntil(lambda: c.frame_stats.paints > before)
    assert c.frame_stats.mode == "density"
    assert c.frame_stats.events_touched == 0
    # In the thick of the far events: still only what is near the view is laid out.
    c.set_visible_range(W("1901-03-01").lower, W("1901-03-31").upper)
    before = c.frame_stats.paints
    c.viewport().update()
    qtbot.waitUntil(lambda: c.frame_stats.paints > before)
    stats = c.frame_stats
    assert stats.mode == "events"
    assert stats.events_touched == c.visible_count() > 0
    assert stats.laid_out < 20 * stats.events_touched + 500


def test_lanes_stay_put_while_panning_a_big_timeline(qtbot: QtBot) -> None:
    c = TimelineCanvas()
    qtbot.addWidget(c)
    c.resize(1600, 900)
    c.show()
    qtbot.waitExposed(c)
    tl = spread(0, 20_000)
    c.set_timeline(tl)
    start, end = W("1930-01-01").lower, W("1930-01-20").upper
    c.set_visible_range(start, end)
    rows = {
        e.id: r.top() for e in tl.between("1930-01-01", "1930-01-20") if (r := c.event_rect(e.id))
    }
    assert len(rows) > 10
    for shift in (7, 30, -60, 0):  # far enough to lay out new chunks, then back
        c.set_visible_range(start + shift * DAY, end + shift * DAY)
        for event_id, top in rows.items():
            rect = c.event_rect(event_id)
            assert rect is None or rect.top() == top


def test_fit_all_leaves_room_for_the_last_label(qtbot: QtBot) -> None:
    c = TimelineCanvas()
    qtbot.addWidget(c)
    c.resize(900, 400)
    c.show()
    qtbot.waitExposed(c)
    title = "Appeals court affirms the injunction"
    c.set_timeline(
        Timeline(
            "T",
            [
                Event("a", "Start", W("2017-01-30/2018-06-29")),
                Event("b", title, W("2018-04-19")),
            ],
        )
    )
    c.fit_all()
    label = c.label_rect("b")
    assert label is not None
    assert c.drawn_labels()["b"].replace("\n", " ") == title  # whole, on one line or two
    assert label.left() >= 0
    assert label.right() < c.viewport().width()
    assert c.event_at(label.center()) == "b"  # the label is drawn there


def test_events_that_do_not_fit_scroll_vertically(qtbot: QtBot) -> None:
    c = TimelineCanvas()
    qtbot.addWidget(c)
    c.resize(800, 300)
    c.show()
    qtbot.waitExposed(c)
    c.set_timeline(
        Timeline("Same day", [Event(f"e{i}", f"Event {i}", W("2017-09-15")) for i in range(40)])
    )
    before = c.frame_stats.paints
    c.viewport().update()
    qtbot.waitUntil(lambda: c.frame_stats.paints > before)
    stats = c.frame_stats
    assert stats.overflow == 0  # no "+N more": the lanes scroll
    assert stats.drawn + stats.hidden == 40
    assert stats.hidden > 0
    assert c.visible_count() == 40
    bar = c.verticalScrollBar()
    qtbot.waitUntil(bar.isVisible)  # (Qt shows it by a queued call after the paint)
    assert bar.maximum() > 0
    first = set(c.drawn_labels())
    # Alt+wheel scrolls the lanes; the time range stays
    span = c.visible_range()
    for _ in range(100):
        wheel(c, QPointF(300, 150), -120, Qt.KeyboardModifier.AltModifier)
    assert c.visible_range() == span
    assert bar.value() == bar.maximum()
    last = set(c.drawn_labels())
    assert last
    assert not last & first
    # the last event is reachable with the keyboard too: selecting it scrolls to its lane
    bar.setValue(0)
    assert "e39" not in c.drawn_labels()
    c.select_event("e39")
    assert "e39" in c.drawn_labels()


class _Recorder(QPainter):
    """A painter that notes each text drawn, and whether its font was struck through."""

    def __init__(self, device: QImage) -> None:
        super().__init__(device)
        self.texts: list[tuple[str, bool]] = []

    def drawText(self, *args: object) -> None:  # type: ignore[override]
        self.texts.append((str(args[-1]), self.font().strikeOut()))
        super().drawText(*args)  # type: ignore[call-overload]


def test_the_more_note_is_never_struck_through(qtbot: QtBot) -> None:
    c = TimelineCanvas()
    qtbot.addWidget(c)
    c.resize(800, 300)
    c.show()
    qtbot.waitExposed(c)
    events = [
        Event(f"e{i}", f"Cancelled {i}", W("2017-09-15"), status=Status.CANCELLED)
        for i in range(150)
    ]
    c.set_timeline(Timeline("Crowded", events))
    c.scroll_lanes(1e9)  # down to the last lanes: cancelled labels drawn just before the note
    scene = c.scene_model.build(
        story_view(c.scene_model, c.view()), 300, c.verticalScrollBar().value()
    )
    assert scene.overflow
    image = QImage(800, 300, QImage.Format.Format_ARGB32_Premultiplied)
    painter = _Recorder(image)
    try:
        c.paint_scene(painter, scene, c.legend(), "badge")
    finally:
        painter.end()
    texts = painter.texts
    notes = [i for i, (text, _) in enumerate(texts) if "more here" in text]
    assert len(notes) == 1
    before, note = texts[notes[0] - 1], texts[notes[0]]
    assert before[0].startswith("Cancelled")
    assert before[1]  # the cancelled label just before it is struck through ...
    assert not note[1]  # ... the note is not


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_tooltip_event_is_handled(canvas: TimelineCanvas) -> None:
    from PySide6.QtGui import QHelpEvent

    c = centre(canvas, "raid")
    event = QHelpEvent(QEvent.Type.ToolTip, c, canvas.viewport().mapToGlobal(c))
    assert QApplication.sendEvent(canvas.viewport(), event)
    assert "Raid" in canvas.tooltip_at(QPointF(c))


_LONG = "Protest outside the federal building downtown over the detention of seventeen workers"


def _cluster(qtbot: QtBot, height: int) -> TimelineCanvas:
    """A canvas ``height`` px tall showing twelve events 40 px apart, each titled with about
    90 characters (two lines of 45 when whole: about seven events' room)."""
    c = TimelineCanvas()
    qtbot.addWidget(c)
    c.resize(1100, height)
    c.show()
    qtbot.waitExposed(c)
    c.set_legend_visible(False)
    events = [Event(f"e{i}", f"{_LONG} {i}", W(f"2017-09-{1 + i:02d}")) for i in range(12)]
    c.set_timeline(Timeline("Cluster", events))
    start = W("2017-09-01").lower
    width = c.viewport().width()
    c.set_view(Viewport(start - 2 * DAY, start + (width / 40 - 2) * DAY, width))  # 40 px a day
    return c


def _lanes(canvas: TimelineCanvas) -> dict[float, list[str]]:
    """The events drawn, by the top of their lane, left to right."""
    lanes: dict[float, list[str]] = {}
    for event_id in sorted(canvas.drawn_labels(), key=lambda e: int(e[1:])):
        rect = canvas.event_rect(event_id)
        assert rect is not None
        lanes.setdefault(rect.top(), []).append(event_id)
    return lanes


def test_a_dense_cluster_of_long_labels_shares_lanes_when_its_lanes_overflow_the_view(
    qtbot: QtBot,
) -> None:
    tall = _cluster(qtbot, 900)  # room for every lane: each title whole
    whole = _lanes(tall)
    assert len(tall.drawn_labels()) == 12
    assert all("…" not in text for text in tall.drawn_labels().values())
    short = _cluster(qtbot, 560)  # the same lanes would overflow: the labels share lanes
    shared = _lanes(short)
    drawn = short.drawn_labels()
    assert len(drawn) == 12  # every event in sight, no lane scrolled away
    assert len(shared) < len(whole)
    cut = [text for text in drawn.values() if "…" in text]
    assert cut  # where the next event of its lane leaves too little room
    for row in shared.values():  # and no label runs over the next event of its lane
        for a, b in itertools.pairwise(row):
            label, mark = short.label_rect(a), short.event_rect(b)
            assert label is not None
            assert mark is not None
            assert label.right() <= mark.left(), (a, b)
    last = max(drawn, key=lambda e: int(e[1:]))
    assert drawn[last].replace("\n", " ") == f"{_LONG} 11"  # room to its right: whole


def test_density_bars_are_whole_pixels_a_pixel_apart(qtbot: QtBot) -> None:
    """Bars of whole pixels, each a pixel from the next (bars of fractional edges were rounded
    by the raster engine, some touching, some not, and cost twice the time to fill): a row
    across the bars holds the bars' colour and the background's, in even steps."""
    c = TimelineCanvas()
    qtbot.addWidget(c)
    c.resize(1599, 900)  # (bins of a fraction of a pixel over 4)
    c.show()
    qtbot.waitExposed(c)
    c.set_timeline(spread(60, 100_000 - 60))
    c.fit_all()
    image = c.viewport().grab().toImage()
    assert c.frame_stats.mode == "density"
    row = [image.pixelColor(x, image.height() // 2).name() for x in range(image.width())]
    assert len(set(row)) == 2
    background = row[0]
    runs = [(colour, len(list(same))) for colour, same in itertools.groupby(row)]
    bars = [n for colour, n in runs if colour != background]
    gaps = [n for colour, n in runs[1:-1] if colour == background]
    assert len(bars) > 300
    assert set(bars) <= {3, 4}
    assert gaps.count(1) > 0.9 * len(gaps)  # (wider: a bin without events)
