"""The viewer across deep time: a timeline from 300 million years ago to today.

The axis is labelled in years BCE and in millions of years ago, the view zooms
and scrolls across the eras, and the window opens, draws and prints it.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from pytestqt.qtbot import QtBot

import timeline
from tests.test_canvas import wheel
from tests.test_window import (  # the window fixtures: a temporary QSettings folder
    WindowFactory,
    make_window,
    settings_dir,
)
from timeline.bigdate import year_start_key
from viewer.canvas import TimelineCanvas
from viewer.pages import page_dates
from viewer.ticks import label_px, ticks
from viewer.viewport import T_MAX, T_MIN, Viewport

__all__ = ["make_window", "settings_dir"]  # (fixtures, used by name)

DEEP = Path(__file__).parent / "data" / "viewer" / "deep-time.toml"


def _labels(a: int, b: int, width: int = 1200) -> list[str]:
    view = Viewport(year_start_key(a), year_start_key(b), width)
    return [t.label for t in ticks(view) if t.label and not t.major]


def test_the_axis_labels_millions_of_years() -> None:
    assert _labels(-300_000_000, 2027)[:3] == [
        "300 million years ago",
        "250 million years ago",
        "200 million years ago",
    ]
    assert "1 million years ago" in _labels(-2_000_000, 0)
    assert _labels(-15_000, -5_000)[:2] == ["15,000 BCE", "14,000 BCE"]
    assert "10,000 BCE" in _labels(-15_000, -5_000)
    # both sides of the common era read round: there is no year 0 between them
    around = _labels(-3000, 3000)
    assert around[around.index("500 BCE") + 1] == "500"
    assert _labels(-5_000_000_000, 2027)[:2] == ["5 billion years ago", "4 billion years ago"]
    assert _labels(2016, 2019)[:1] == ["Jan"]  # (as before: months under the years)


@pytest.mark.parametrize(
    ("a", "b"),
    [(-300_000_000, 2027), (-2_000_000, 0), (-15_000, -5_000), (-1990, -1980), (9990, 12_000)],
)
def test_far_labels_never_run_into_each_other(a: int, b: int) -> None:
    view = Viewport(year_start_key(a), year_start_key(b), 1000)
    minor = [t for t in ticks(view) if t.label and not t.major]
    need = label_px(view)
    assert need >= 80
    assert all(q.x - p.x >= need for p, q in itertools.pairwise(minor))
    longest = max(len(t.label) for t in minor)
    assert need >= longest * 6  # room for the longest label at the axis's size


def test_the_view_reaches_every_year_a_value_may_have() -> None:
    whole = Viewport(T_MIN, T_MAX, 800)
    assert (whole.start, whole.end) == (T_MIN, T_MAX)
    assert ticks(whole)
    far = Viewport(T_MIN, T_MIN + 60.0, 800)  # a minute is too short for a float out there
    assert far.span > 60.0
    assert far.end > far.start
    assert ticks(far)


def test_pages_say_their_years() -> None:
    assert page_dates(year_start_key(-300_000_000), year_start_key(2026)) == (
        "300 million years ago – 2026"
    )
    assert page_dates(year_start_key(-1986), year_start_key(-1984)) == (
        "1 Jan 1987 BCE – 1 Jan 1985 BCE"
    )


@pytest.fixture
def deep_canvas(qtbot: QtBot) -> TimelineCanvas:
    c = TimelineCanvas()
    qtbot.addWidget(c)
    c.resize(1200, 600)
    c.show()
    qtbot.waitExposed(c)
    c.set_timeline(timeline.load(DEEP))
    c.set_legend_visible(False)
    return c


def test_the_canvas_draws_deep_time_and_zooms_across_it(deep_canvas: TimelineCanvas) -> None:
    tl = deep_canvas.timeline()
    assert tl is not None
    assert deep_canvas.shown_count() == len(tl) == 10
    start, end = deep_canvas.visible_range()
    assert start <= tl.events[0].when.lower
    assert end >= tl.events[-1].when.upper
    assert any("million years ago" in label for label in deep_canvas.axis_labels())
    for event_id in ("permian", "chicxulub", "caesar", "today"):
        assert deep_canvas.event_rect(event_id) is not None, event_id
    # zoom in (Ctrl+wheel) on the right edge, where the last ten thousand years are
    right = QPointF(deep_canvas.viewport().width() - 5, 300)
    for _ in range(40):
        wheel(deep_canvas, right, 120, Qt.KeyboardModifier.ControlModifier)
    start2, end2 = deep_canvas.visible_range()
    assert end2 - start2 < (end - start) / 1000
    assert deep_canvas.axis_labels()
    # and scroll (the wheel without a modifier) back into the past
    for _ in range(20):
        wheel(deep_canvas, right, 120, Qt.KeyboardModifier.NoModifier)
    start3, _ = deep_canvas.visible_range()
    assert start3 != start2
    assert deep_canvas.axis_labels()


def test_the_window_opens_deep_time_and_shows_it(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window(DEEP)
    assert window.status_text() == "showing 10 of 10 events"
    window.resize(1400, 800)
    picture = tmp_path / "deep-time.png"
    assert window.grab().save(str(picture))
    assert picture.stat().st_size > 10_000
    dates = [window.event_list.model().index(r, 0).data() for r in range(3)]
    assert dates[0] == "299–252 million years ago"


@pytest.mark.parametrize(
    ("year", "span_years", "expected"),
    [
        (-1985, 0.02, "-1985-04-12"),
        (-1985, 1, "-1985-04"),
        (-1985, 100, "-1985"),
        (0, 100, "0000"),
        (-170_000_002, 0.02, "Y-170000002"),  # EDTF writes no month or day for such a year
        (12_000, 100, "Y12000"),
    ],
)
def test_a_double_click_in_deep_time_names_that_year(
    year: int, span_years: float, expected: str
) -> None:
    from viewer.pointdate import date_at

    t = year_start_key(year) + 101.5 * 86400.0  # 12 April (or 11, in a leap year)
    if year in (0, -170_000_002, 12_000):
        t = year_start_key(year) + 86400.0
    span = span_years * 365.25 * 86400.0
    text = date_at(t, Viewport(t - span / 2, t + span / 2, 1000))
    if expected == "-1985-04-12":
        assert text in ("-1985-04-12", "-1985-04-11")
    else:
        assert text == expected
    assert timeline.When.parse(text)  # a date the event form takes
