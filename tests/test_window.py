"""The main window, used as a user would: open, select, search, edit the file, export."""

from __future__ import annotations

import datetime
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, QSettings, Qt, QThreadPool
from PySide6.QtGui import QColor, QKeySequence, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

import timeline
from timeline.errors import Problem, TimelineError, TimelineLoadError
from timeline.models import Timeline
from timeline.when import When
from viewer.details import LinkLabel
from viewer.gotodialog import GoToDateDialog
from viewer.legenddialog import LegendDialog
from viewer.loader import LiveLoader, problems_of
from viewer.painters.labels import FOUND
from viewer.style import mix
from viewer.window import MainWindow

DATA = Path(__file__).parent / "data" / "viewer"
SAMPLE_IDS = [
    "chicago-injunction",
    "operation-mega",
    "sessions-portland",
    "operation-safe-city",
    "safe-city-announced",
]

# -- fixtures -------------------------------------------------------------------


@pytest.fixture
def settings_dir(tmp_path: Path, qapp: QApplication) -> Iterator[Path]:
    """QSettings go to a temporary folder: tests never touch the user's config."""
    folder = tmp_path / "settings"
    folder.mkdir()
    org, app = QCoreApplication.organizationName(), QCoreApplication.applicationName()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.SystemScope, str(folder))
    QCoreApplication.setOrganizationName("timeline-tests")
    QCoreApplication.setApplicationName("viewer-tests")
    yield folder
    QCoreApplication.setOrganizationName(org)
    QCoreApplication.setApplicationName(app)


@pytest.fixture
def sample_file(tmp_path: Path) -> Path:
    """A copy of the sample timeline that a test may edit."""
    folder = tmp_path / "work"
    folder.mkdir()
    target = folder / "events.toml"
    shutil.copy(DATA / "sample.toml", target)
    return target


WindowFactory = Callable[..., MainWindow]


@pytest.fixture
def make_window(qtbot: QtBot, settings_dir: Path) -> WindowFactory:
    def make(path: Path | None = None, *, loader: LiveLoader | None = None) -> MainWindow:
        window = MainWindow(loader=loader)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        if path is not None:
            with qtbot.waitSignal(window.timeline_changed, timeout=10_000):
                window.open_file(path)
        return window

    return make


@pytest.fixture
def window(make_window: WindowFactory, sample_file: Path) -> MainWindow:
    return make_window(sample_file)


def _click_row(window: MainWindow, event_id: str) -> None:
    view = window.event_list
    row = view.row_of(event_id)
    assert row is not None, event_id
    rect = view.visualRect(view.model().index(row, 1))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _titles(window: MainWindow) -> list[str]:
    model = window.event_list.model()
    return [str(model.index(r, 1).data()) for r in range(model.rowCount())]


def _edit(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8").replace(old, new)
    assert new in text
    return text


# -- opening and selecting --------------------------------------------------------


def test_opening_a_file_lists_its_events(window: MainWindow, sample_file: Path) -> None:
    assert window.event_list.event_ids() == SAMPLE_IDS
    assert window.status_text() == "showing 5 of 5 events"
    assert "Viewer test timeline" in window.windowTitle()
    assert "events.toml" in window.windowTitle()
    assert not window.banner.isVisible()
    canvas_tl = window.canvas.timeline()
    assert canvas_tl is not None
    assert [e.id for e in canvas_tl] == SAMPLE_IDS
    assert window.canvas.shown_count() == 5
    assert window.recent_files() == [str(sample_file)]


def test_clicking_a_row_shows_its_details_and_selects_it_on_the_canvas(
    window: MainWindow,
) -> None:
    _click_row(window, "operation-safe-city")
    assert window.canvas.selected_event() == "operation-safe-city"
    assert window.selected_event() == "operation-safe-city"
    text = window.details.text()
    assert "Operation Safe City" in text
    assert "24–27 Sep 2017" in text
    assert "ICE arrests 498 in Operation Safe City" in text
    assert "differs from the record" in text
    assert window.action("zoom_selection").isEnabled()


def test_right_key_on_the_canvas_selects_the_next_event_in_the_list(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.activateWindow()
    window.canvas.setFocus()
    _click_row(window, "operation-mega")
    window.canvas.setFocus()
    QTest.keyClick(window.canvas, Qt.Key.Key_Right)
    assert window.canvas.selected_event() == "sessions-portland"
    assert window.event_list.selected_event() == "sessions-portland"
    assert "Sessions speaks in Portland" in window.details.text()
    QTest.keyClick(window.canvas, Qt.Key.Key_End)
    assert window.event_list.selected_event() == "safe-city-announced"
    QTest.keyClick(window.canvas, Qt.Key.Key_Home)
    assert window.event_list.selected_event() == "chicago-injunction"
    QTest.keyClick(window.canvas, Qt.Key.Key_Left)  # already first
    assert window.event_list.selected_event() == "chicago-injunction"


def test_ctrl_i_on_the_canvas_shows_the_details(window: MainWindow) -> None:
    window.activateWindow()
    assert not window.action("details").isEnabled()  # nothing selected yet
    window.splitter.setSizes([300, 500, 0])  # the details panel collapsed
    window.select_event("operation-mega")
    window.canvas.setFocus()
    QTest.keyClick(window.canvas, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert window.splitter.sizes()[2] > 0
    assert window.details.hasFocus()
    assert "Operation Mega" in window.details.text()


def test_go_actions_walk_the_events(window: MainWindow) -> None:
    window.action("first").trigger()
    assert window.event_list.selected_event() == SAMPLE_IDS[0]
    window.action("next").trigger()
    window.action("next").trigger()
    assert window.event_list.selected_event() == SAMPLE_IDS[2]
    window.action("previous").trigger()
    assert window.details.event_id() == SAMPLE_IDS[1]
    window.action("last").trigger()
    assert window.canvas.selected_event() == SAMPLE_IDS[-1]


def test_canvas_selection_is_not_echoed_back(window: MainWindow) -> None:
    from_canvas: list[str] = []
    from_list: list[str] = []
    window.canvas.selection_changed.connect(from_canvas.append)
    window.event_list.selection_changed.connect(from_list.append)
    window.canvas.select_event("operation-mega")  # the user picks on the canvas
    assert window.event_list.selected_event() == "operation-mega"
    _click_row(window, "safe-city-announced")  # then in the list
    assert window.canvas.selected_event() == "safe-city-announced"
    # each view reported only its own user's choice: nothing bounced back
    assert from_canvas == ["operation-mega"]
    assert from_list == ["safe-city-announced"]


def test_a_related_event_link_selects_that_event(window: MainWindow) -> None:
    window.select_event("operation-safe-city")
    link = window.details.findChildren(LinkLabel, "related-link")[0]
    QTest.mouseClick(link, Qt.MouseButton.LeftButton)
    assert window.canvas.selected_event() == "safe-city-announced"
    assert window.event_list.selected_event() == "safe-city-announced"
    assert window.details.event_id() == "safe-city-announced"


# -- search and filters -------------------------------------------------------------


def test_typing_a_search_filters_the_list_and_highlights_on_the_canvas(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search.hasFocus()
    QTest.keyClicks(window.search, "portland")
    qtbot.waitUntil(lambda: window.status_text() == "showing 2 of 5 events")
    assert window.event_list.event_ids() == ["sessions-portland", "operation-safe-city"]
    assert window.canvas.shown_count() == 5  # the matches among the events around them
    assert window.canvas.matches() == {"sessions-portland", "operation-safe-city"}
    QTest.keyClicks(window.search, " homan")
    qtbot.waitUntil(lambda: window.status_text() == "showing 1 of 5 events")
    assert window.event_list.event_ids() == ["operation-safe-city"]
    assert window.canvas.matches() == {"operation-safe-city"}
    window.search.clear()
    qtbot.waitUntil(lambda: window.status_text() == "showing 5 of 5 events")
    assert window.canvas.shown_count() == 5
    assert window.canvas.matches() == set()
    qtbot.waitUntil(lambda: not window.match_label.isVisible())


def _found_pixels(window: MainWindow) -> int:
    """Pixels of the canvas in the colour that marks search matches."""
    image = window.canvas.viewport().grab().toImage()
    base = window.canvas.palette().color(QPalette.ColorRole.Base)
    found = mix(base, FOUND, 0.45).rgb()
    return sum(
        image.pixel(x, y) == found
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    )


def test_search_for_portland_highlights_and_f3_steps_through_the_matches(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.activateWindow()
    window.select_event("chicago-injunction")
    assert _found_pixels(window) == 0
    window.focus_search()
    QTest.keyClicks(window.search, "Portland")
    # the first match (in time) is selected and in view, the other one highlighted
    qtbot.waitUntil(lambda: window.match_label.text() == "1 of 2")
    qtbot.waitUntil(window.match_label.isVisible)  # the toolbar lays it out on its next pass
    assert window.selected_event() == "sessions-portland"
    assert window.canvas.selected_event() == "sessions-portland"
    assert window.canvas.event_rect("sessions-portland") is not None
    assert _found_pixels(window) > 20
    QTest.keyClick(window, Qt.Key.Key_F3)
    assert window.match_label.text() == "2 of 2"
    assert window.selected_event() == "operation-safe-city"
    assert "Operation Safe City" in window.details.text()
    QTest.keyClick(window, Qt.Key.Key_F3)  # round to the first again
    assert window.match_label.text() == "1 of 2"
    assert window.selected_event() == "sessions-portland"
    QTest.keyClick(window, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert window.match_label.text() == "2 of 2"
    assert window.selected_event() == "operation-safe-city"
    QTest.keyClick(window.search, Qt.Key.Key_Return)  # Enter in the box: the next match
    assert window.selected_event() == "sessions-portland"
    # selecting another event: the count says how many, F3 goes on from there
    window.select_event("chicago-injunction")
    assert window.match_label.text() == "2 matches"
    QTest.keyClick(window, Qt.Key.Key_F3)
    assert window.selected_event() == "sessions-portland"
    window.search.setText("no such words")
    qtbot.waitUntil(lambda: window.match_label.text() == "no matches")
    assert not window.action("find_next").isEnabled()
    assert _found_pixels(window) == 0


def test_the_overview_strip_counts_what_the_filters_show(window: MainWindow) -> None:
    strip = window.overview
    safe_city = When.parse("2017-09-25")
    x = round(strip.x_for(safe_city.lower + 43200))

    def bar_at(x: int) -> bool:
        image = strip.grab().toImage()
        background = image.pixel(1, 3)
        return any(image.pixel(x + dx, image.height() - 4) != background for dx in (-1, 0, 1))

    assert strip.shown_count() == 5
    assert bar_at(x)
    window.tag_filter.setCurrentIndex(window.tag_filter.findData("court"))
    assert strip.shown_count() == 1
    assert not bar_at(x)  # the operation is filtered out
    assert bar_at(round(strip.x_for(When.parse("2017-09-15").lower + 43200)))
    window.search.setText("portland")  # a search highlights: the strip still counts the filters
    window.action("clear_filters").trigger()
    assert strip.shown_count() == 5
    assert bar_at(x)


def test_tag_and_status_filters(window: MainWindow) -> None:
    tags = [window.tag_filter.itemData(i) for i in range(window.tag_filter.count())]
    assert tags == [None, "ice", "enforcement", "court", "grants", "speech"]
    assert window.tag_filter.itemText(1) == "ice (3)"
    window.tag_filter.setCurrentIndex(window.tag_filter.findData("enforcement"))
    assert window.status_text() == "showing 2 of 5 events"
    assert window.event_list.event_ids() == ["operation-mega", "operation-safe-city"]
    window.status_filter.setCurrentIndex(window.status_filter.findData("cancelled"))
    assert window.event_list.event_ids() == ["operation-mega"]
    assert window.canvas.shown_count() == 1
    window.action("clear_filters").trigger()
    assert window.status_text() == "showing 5 of 5 events"


def test_a_filtered_out_selection_is_cleared(window: MainWindow) -> None:
    window.select_event("chicago-injunction")
    window.tag_filter.setCurrentIndex(window.tag_filter.findData("ice"))
    assert window.selected_event() == ""
    assert window.canvas.selected_event() is None
    assert "No event selected" in window.details.text()


# -- live reload ----------------------------------------------------------------------


def test_editing_the_file_in_place_updates_the_window(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    window.search.setText("operation")
    qtbot.waitUntil(lambda: window.status_text() == "showing 2 of 5 events")
    window.select_event("operation-safe-city")
    window.canvas.zoom_by(2.0)
    view = window.canvas.visible_range()
    text = _edit(
        sample_file, 'title = "Operation Safe City"', 'title = "Operation Safe City (4 days)"'
    )
    with sample_file.open("w", encoding="utf-8") as handle:  # in place: same inode
        handle.write(text)
    qtbot.waitUntil(lambda: "Operation Safe City (4 days)" in _titles(window), timeout=10_000)
    assert window.status_text() == "showing 2 of 5 events"  # the search still applies
    assert window.selected_event() == "operation-safe-city"
    assert "Operation Safe City (4 days)" in window.details.text()
    assert window.canvas.visible_range() == pytest.approx(view)  # the view is kept
    assert not window.banner.isVisible()


def test_a_slow_load_shows_a_busy_indicator_and_never_blocks(
    qtbot: QtBot, make_window: WindowFactory, sample_file: Path
) -> None:
    release = threading.Event()

    def slow_load(path: Path) -> Timeline:
        release.wait(10)
        return timeline.load(path)

    window = make_window(loader=LiveLoader(load=slow_load))
    window.open_file(sample_file)
    qtbot.waitUntil(window.busy.isVisible, timeout=5_000)  # the GUI thread is free
    assert window.event_list.event_ids() == []
    assert window.status_text() == ""  # not "showing 0 of 0 events" while it loads
    release.set()
    qtbot.waitUntil(lambda: window.event_list.event_ids() == SAMPLE_IDS, timeout=10_000)
    assert not window.busy.isVisible()
    assert window.status_text() == "showing 5 of 5 events"


def test_reload_action_reads_the_file_again(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    with qtbot.waitSignal(window.timeline_changed, timeout=10_000):
        window.action("reload").trigger()
    assert window.event_list.event_ids() == SAMPLE_IDS


# -- go to date ---------------------------------------------------------------------------


def test_go_to_date_takes_edtf_and_explains_errors(qtbot: QtBot, window: MainWindow) -> None:
    window.canvas.zoom_by(8.0)
    window.action("go_to_date").trigger()
    dialog = window.findChild(GoToDateDialog)
    assert isinstance(dialog, GoToDateDialog)
    qtbot.waitUntil(dialog.isVisible)
    dialog.edit.setText("2017-13-01")
    assert dialog.error.isVisibleTo(dialog)
    assert "month 13" in dialog.error.text()
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.isVisible()  # an invalid date is not accepted
    dialog.edit.setText("2017-09-19")
    assert not dialog.error.isVisibleTo(dialog)
    assert dialog.meaning.text() == "19 Sep 2017"
    QTest.keyClick(dialog.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    start, end = window.canvas.visible_range()
    day = When.parse("2017-09-19")
    assert start <= day.lower
    assert day.upper <= end


def test_go_to_a_range_shows_exactly_those_days(qtbot: QtBot, window: MainWindow) -> None:
    window.canvas.setFocus()
    QTest.keyClick(window.canvas, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(GoToDateDialog)
    assert isinstance(dialog, GoToDateDialog)
    qtbot.waitUntil(dialog.isVisible)
    QTest.keyClicks(dialog.edit, "2017-09-24/2017-09-28")
    assert dialog.meaning.text() == "24–28 Sep 2017"
    QTest.keyClick(dialog.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    span = When.parse("2017-09-24/2017-09-28")
    assert window.canvas.visible_range() == pytest.approx((span.lower, span.upper), abs=1.0)
    window.canvas.grab()  # painted at the canvas's width, the range is kept
    assert window.canvas.visible_range() == pytest.approx((span.lower, span.upper), abs=1.0)
    assert window.overview.visible_range() == pytest.approx((span.lower, span.upper), abs=1.0)


def test_go_to_a_vague_date_shows_all_of_it(qtbot: QtBot, window: MainWindow) -> None:
    window.canvas.zoom_by(20.0)
    dialog = window.ask_go_to_date()
    dialog.edit.setText("[2017-09-27..2017-09-29]")
    dialog.accept()
    span = When.parse("[2017-09-27..2017-09-29]")
    assert window.canvas.visible_range() == pytest.approx((span.lower, span.upper), abs=1.0)


def test_go_to_date_reads_words_relative_to_today(
    qtbot: QtBot, settings_dir: Path, sample_file: Path
) -> None:
    friday = datetime.date(2017, 9, 29)
    window = MainWindow(today=lambda: friday)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.timeline_changed, timeout=10_000):
        window.open_file(sample_file)
    assert window.today() == friday
    window.canvas.zoom_by(20.0)
    window.action("go_to_date").trigger()
    dialog = window.findChild(GoToDateDialog)
    assert isinstance(dialog, GoToDateDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.reference.currentText() == "today, 29 Sep 2017"
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    dialog.edit.setText("at the last minute")
    assert dialog.error.isVisibleTo(dialog)
    assert "could not read 'at', 'minute'" in dialog.error.text()
    assert not ok.isEnabled()
    dialog.edit.clear()
    QTest.keyClicks(dialog.edit, "between Monday and Thursday")
    assert not dialog.error.isVisibleTo(dialog)
    assert dialog.meaning.text() == (
        "25–28 Sep 2017 (2017-09-25/2017-09-28), counted from 29 Sep 2017"
    )
    QTest.keyClick(dialog.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    span = When.parse("2017-09-25/2017-09-28")
    assert window.canvas.visible_range() == pytest.approx((span.lower, span.upper), abs=1.0)


def test_go_to_date_counts_words_from_the_selected_events_source(
    qtbot: QtBot, settings_dir: Path, sample_file: Path
) -> None:
    window = MainWindow(today=lambda: datetime.date(2026, 12, 1))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.timeline_changed, timeout=10_000):
        window.open_file(sample_file)
    _click_row(window, "operation-safe-city")
    QTest.keyClick(window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(GoToDateDialog)
    assert isinstance(dialog, GoToDateDialog)
    qtbot.waitUntil(dialog.isVisible)
    dialog.activateWindow()  # as the window manager does
    qtbot.waitUntil(dialog.edit.hasFocus)
    choices = [dialog.reference.itemText(i) for i in range(dialog.reference.count())]
    assert choices == [
        "today, 1 Dec 2026",
        "U.S. Immigration and Customs Enforcement, published 28 Sep 2017",
        "Blasting News, published Sep 2017",
    ]
    QTest.keyClicks(dialog.edit, "between Monday and Thursday")
    assert dialog.meaning.text().startswith("23–26 Nov 2026")
    QTest.keyClick(dialog.reference, Qt.Key.Key_Down)  # the ICE release, a Thursday
    assert dialog.meaning.text() == (
        "25–28 Sep 2017 (2017-09-25/2017-09-28), counted from 28 Sep 2017"
    )
    QTest.keyClick(dialog.reference, Qt.Key.Key_Down)  # the article: some day in September
    assert dialog.meaning.text().startswith("one of ")
    assert dialog.meaning.text().endswith("counted from Sep 2017")
    dialog.edit.setText("yesterday")
    assert dialog.meaning.text().startswith("one of 31 Aug – 29 Sep 2017")
    QTest.keyClick(dialog.reference, Qt.Key.Key_Up)
    QTest.keyClick(dialog.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    day = When.parse("2017-09-27")
    start, end = window.canvas.visible_range()
    assert start <= day.lower < day.upper <= end
    # the choice is remembered
    again = window.ask_go_to_date()
    assert again.reference.currentText().startswith("U.S. Immigration")


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_go_to_date_never_clips_its_help_or_error(qtbot: QtBot, scale: float) -> None:
    dialog = GoToDateDialog(None, "", datetime.date(2017, 9, 29))
    qtbot.addWidget(dialog)
    font = dialog.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    dialog.setFont(font)
    dialog.show()
    qtbot.waitExposed(dialog)
    QTest.keyClicks(dialog.edit, "between Monday and Thursday at the last minute of the week")
    assert dialog.error.isVisible()

    def whole(label: QLabel) -> bool:
        inside = dialog.rect().contains(label.geometry())
        return inside and label.height() >= label.heightForWidth(label.width())

    for label in (dialog.prompt, dialog.error):
        qtbot.waitUntil(lambda label=label: whole(label))  # type: ignore[misc]
        assert label.wordWrap()
    dialog.resize(200, dialog.height())  # narrower: the text wraps onto more lines
    for label in (dialog.prompt, dialog.error):
        qtbot.waitUntil(lambda label=label: whole(label))  # type: ignore[misc]


# -- export ----------------------------------------------------------------------------------


def _save_to(monkeypatch: pytest.MonkeyPatch, path: Path, selected: str = "") -> list[str]:
    asked: list[str] = []

    def fake(*args: object, **kwargs: object) -> tuple[str, str]:
        asked.append(str(args[1] if len(args) > 1 else kwargs.get("caption", "")))
        return str(path), selected

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    return asked


def test_export_image_png_and_svg(
    monkeypatch: pytest.MonkeyPatch, window: MainWindow, tmp_path: Path
) -> None:
    png = tmp_path / "out.png"
    _save_to(monkeypatch, png)
    window.action("export_image").trigger()
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = tmp_path / "out"
    _save_to(monkeypatch, svg, "SVG image (*.svg)")
    window.action("export_image").trigger()
    written = tmp_path / "out.svg"
    assert written.exists()
    assert b"<svg" in written.read_bytes()


def test_export_ics_writes_a_calendar(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, window: MainWindow, tmp_path: Path
) -> None:
    pytest.importorskip("timeline.export")
    icalendar = pytest.importorskip("icalendar")
    target = tmp_path / "out.ics"
    _save_to(monkeypatch, target)
    with qtbot.waitSignal(window.export_finished, timeout=20_000) as blocker:
        window.action("export_ics").trigger()
    assert blocker.args == [str(target), ""]
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    summaries = {str(c.get("SUMMARY")) for c in calendar.walk("VEVENT")}
    assert "Operation Safe City" in summaries


def test_export_exports_what_is_shown(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, window: MainWindow, tmp_path: Path
) -> None:
    pytest.importorskip("timeline.export")
    window.tag_filter.setCurrentIndex(window.tag_filter.findData("court"))
    target = tmp_path / "court.csv"
    _save_to(monkeypatch, target)
    with qtbot.waitSignal(window.export_finished, timeout=20_000) as blocker:
        window.action("export_csv").trigger()
    assert blocker.args == [str(target), ""]
    text = target.read_text(encoding="utf-8")
    assert "chicago-injunction" in text
    assert "operation-mega" not in text


def test_export_leaves_out_or_marks_cancelled_events_as_chosen(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, window: MainWindow, tmp_path: Path
) -> None:
    pytest.importorskip("timeline.export")
    assert window.cancelled_mode() == "keep"
    for mode in ("omit", "prefix"):
        window.action(f"cancelled_{mode}").trigger()
        assert window.cancelled_mode() == mode
        target = tmp_path / f"{mode}.json"
        _save_to(monkeypatch, target)
        with qtbot.waitSignal(window.export_finished, timeout=20_000) as blocker:
            window.action("export_json").trigger()
        assert blocker.args == [str(target), ""]
        text = target.read_text(encoding="utf-8")
        assert "Operation Safe City" in text
        if mode == "omit":
            assert "Operation Mega" not in text
        else:
            assert "Cancelled: Operation Mega" in text
    assert not window.action("cancelled_keep").isChecked()
    assert window.action("cancelled_prefix").isChecked()


def test_export_cancelled_in_the_dialog_writes_nothing(
    monkeypatch: pytest.MonkeyPatch, window: MainWindow, tmp_path: Path
) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    window.action("export_image").trigger()
    window.action("export_json").trigger()
    assert list(tmp_path.glob("*.png")) == []
    assert window.findChildren(QMessageBox) == []


def test_open_action_uses_the_file_dialog(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, make_window: WindowFactory, sample_file: Path
) -> None:
    window = make_window()
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileName",
        staticmethod(lambda *a, **k: (str(sample_file), "Timelines (*.toml)")),
    )
    with qtbot.waitSignal(window.timeline_changed, timeout=10_000):
        window.action("open").trigger()
    assert window.event_list.event_ids() == SAMPLE_IDS
    window.recent_menu.aboutToShow.emit()
    texts = [a.text() for a in window.recent_menu.actions() if a.text()]
    assert texts[0].startswith("&1 events.toml")
    assert texts[-1] == "Clear Menu"


# -- what the user sees ------------------------------------------------------------------


def test_markup_in_titles_is_shown_literally(make_window: WindowFactory) -> None:
    window = make_window(DATA / "markup.toml")
    assert _titles(window) == ["<img src=x>"]
    window.select_event("img")
    title = window.details.findChild(QLabel, "details-title")
    assert isinstance(title, QLabel)
    assert title.text() == "<img src=x>"
    assert title.textFormat() == Qt.TextFormat.PlainText


def test_menus_hold_every_action_with_its_shortcut(window: MainWindow) -> None:
    menus = {
        m.title().replace("&", ""): m
        for m in window.menuBar().findChildren(type(window.recent_menu))
        if m.title()
    }
    assert {"File", "View", "Go", "Help", "Export", "Open Recent"} <= set(menus)
    expected = {
        "open": "Ctrl+O",
        "reload": "Ctrl+R",
        "export_ics": "Ctrl+E",
        "go_to_date": "Ctrl+G",
        "find": "Ctrl+F",
        "find_next": "F3",
        "find_previous": "Shift+F3",
        "zoom_in": "+",
        "zoom_out": "-",
        "previous": "Left",
        "next": "Right",
        "first": "Home",
        "last": "End",
        "details": "Ctrl+I",
        "new_event": "Ctrl+N",
        "edit_event": "Return",
        "delete_event": "Del",
        "new": "Ctrl+Shift+N",
    }
    for name, key in expected.items():
        shortcut = window.action(name).shortcut().toString(QKeySequence.SequenceFormat.PortableText)
        assert shortcut == key, name
    in_menus = {a.objectName() for m in menus.values() for a in m.actions()}
    for name in (
        "open",
        "reload",
        "export_ics",
        "export_image",
        "export_json",
        "export_csv",
        "quit",
        "zoom_in",
        "zoom_out",
        "fit_all",
        "zoom_selection",
        "go_to_date",
        "find_next",
        "find_previous",
        "previous",
        "next",
        "first",
        "last",
        "details",
        "legend",
        "about",
        "new_event",
        "edit_event",
        "delete_event",
        "new_era",
    ):
        assert name in in_menus, name


def _close(a: int, b: int) -> bool:
    """Two ARGB pixels alike (within antialiasing's rounding)."""
    return all(abs(((a >> shift) & 255) - ((b >> shift) & 255)) <= 24 for shift in (0, 8, 16))


def test_legend_shows_the_canvas_legends_symbols_and_about_is_plain_text(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.action("legend").trigger()
    dialog = window.findChild(LegendDialog)
    assert isinstance(dialog, LegendDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert "interval" in dialog.text()
    assert "ice" in dialog.text()
    assert all(w.textFormat() == Qt.TextFormat.PlainText for w in dialog.words)
    # each symbol is the one the canvas's legend panel draws for that entry
    canvas = window.canvas
    canvas.set_legend_visible(True)
    legend = canvas.legend()
    shown = canvas.viewport().grab().toImage()
    box = legend.panel_rect()
    row = max(14.0, legend.fm.height() + 1)
    rows = legend.rows()
    assert [w.text() for w in dialog.words] == [label for label, _, _ in rows]
    for i, ((_label, kind, _colour), symbol) in enumerate(zip(rows, dialog.symbols, strict=True)):
        picture = symbol.pixmap().toImage()
        x0, y0 = round(box.left() + 8), round(box.top() + 5 + i * row + row / 2 - 5)
        if kind == "hatched":  # a pattern, anchored where each painter starts: its colours
            ours = {picture.pixel(4 + dx, 4 + dy) for dx in range(22) for dy in range(8)}
            theirs = {shown.pixel(x0 + dx, y0 + 1 + dy) for dx in range(22) for dy in range(8)}
            assert ours == theirs
            continue
        same = max(  # the canvas's rows fall on fractions of a pixel: the best alignment
            sum(
                _close(picture.pixel(4 + dx, 3 + dy), shown.pixel(x0 + ox + dx, y0 + oy + dy))
                for dx in range(22)
                for dy in range(10)
            )
            for ox in (-1, 0, 1)
            for oy in (-1, 0, 1)
        )
        assert same >= 0.9 * 220, (kind, same)
    dialog.close()
    about = window.show_about()
    assert "Timeline Viewer" in about.text()
    about.close()


def _luminance(colour: QColor) -> float:
    return 0.2126 * colour.redF() + 0.7152 * colour.greenF() + 0.0722 * colour.blueF()


@pytest.mark.parametrize("dark", [False, True])
def test_text_is_readable_in_light_and_dark_palettes(
    qtbot: QtBot, window: MainWindow, sample_file: Path, dark: bool
) -> None:
    palette = QPalette()
    if dark:
        for role, colour in (
            (QPalette.ColorRole.Window, "#202124"),
            (QPalette.ColorRole.WindowText, "#e8eaed"),
            (QPalette.ColorRole.Base, "#171717"),
            (QPalette.ColorRole.Text, "#e8eaed"),
            (QPalette.ColorRole.ToolTipBase, "#3c3c3c"),
            (QPalette.ColorRole.ToolTipText, "#f0f0f0"),
            (QPalette.ColorRole.Link, "#8ab4f8"),
            (QPalette.ColorRole.PlaceholderText, "#9aa0a6"),
        ):
            palette.setColor(role, QColor(colour))
    else:
        for role, colour in (
            (QPalette.ColorRole.Window, "#f5f5f5"),
            (QPalette.ColorRole.WindowText, "#202020"),
            (QPalette.ColorRole.ToolTipBase, "#ffffdc"),
            (QPalette.ColorRole.ToolTipText, "#000000"),
            (QPalette.ColorRole.Link, "#0b57d0"),
            (QPalette.ColorRole.PlaceholderText, "#6b6b6b"),
        ):
            palette.setColor(role, QColor(colour))
    window.setPalette(palette)
    window.select_event("operation-safe-city")
    sample_file.write_text("broken = [", encoding="utf-8")
    qtbot.waitUntil(window.banner.isVisible, timeout=10_000)
    checks: list[tuple[QLabel, QColor]] = []
    for label in window.details.findChildren(QLabel):
        if label.isVisibleTo(window) and label.text():
            background = label.palette().color(window.details.viewport().backgroundRole())
            checks.append((label, background))
    banner_text = window.banner.findChild(QLabel, "banner-text")
    assert isinstance(banner_text, QLabel)
    checks.append((banner_text, window.banner.palette().color(window.banner.backgroundRole())))
    assert len(checks) > 10
    for label, background in checks:
        foreground = label.palette().color(label.foregroundRole())
        contrast = abs(_luminance(foreground) - _luminance(background))
        assert contrast > 0.3, (label.text(), foreground.name(), background.name())


# -- remembered state --------------------------------------------------------------------


def test_a_second_window_restores_geometry_file_and_view(
    qtbot: QtBot, make_window: WindowFactory, sample_file: Path
) -> None:
    first = make_window(sample_file)
    first.resize(760, 540)  # the offscreen screen is 800×600
    first.splitter.setSizes([200, 600, 200])
    first.canvas.zoom_to_event("operation-safe-city")
    view = first.canvas.visible_range()
    sizes = first.splitter.sizes()
    first.close()

    second = make_window()
    assert second.size().width() == 760
    assert second.size().height() == 540
    assert second.splitter.sizes() == sizes
    assert second.last_file() == str(sample_file)
    assert second.recent_files() == [str(sample_file)]
    with qtbot.waitSignal(second.timeline_changed, timeout=10_000):
        second.open_file(second.last_file() or "")
    assert second.canvas.visible_range() == pytest.approx(view)


# -- the loader on its own ------------------------------------------------------------------


def test_a_load_overtaken_by_a_newer_one_is_dropped(qtbot: QtBot, tmp_path: Path) -> None:
    first, second = tmp_path / "first.toml", tmp_path / "second.toml"
    shutil.copy(DATA / "sample.toml", first)
    shutil.copy(DATA / "markup.toml", second)
    gates = {first: threading.Event(), second: threading.Event()}

    def gated_load(path: Path) -> Timeline:
        gates[path].wait(10)
        return timeline.load(path)

    pool = QThreadPool()
    pool.setMaxThreadCount(2)
    loader = LiveLoader(load=gated_load, pool=pool)
    titles: list[str] = []
    busy: list[bool] = []
    loader.loaded.connect(lambda tl: titles.append(tl.title))
    loader.busy_changed.connect(busy.append)
    loader.open(first)
    loader.open(second)  # the user opens another file before the first is read
    assert loader.is_busy()
    gates[second].set()
    qtbot.waitUntil(lambda: titles == ["Markup is text"], timeout=10_000)
    gates[first].set()
    assert loader.wait_idle(10)
    assert pool.waitForDone(10_000)
    QCoreApplication.processEvents()  # deliver the late result, which must be dropped
    assert titles == ["Markup is text"]
    assert busy == [True, False]
    loader.close()


def test_closing_the_loader_drops_a_load_in_flight(qtbot: QtBot, sample_file: Path) -> None:
    gate = threading.Event()

    def gated_load(path: Path) -> Timeline:
        gate.wait(10)
        return timeline.load(path)

    loader = LiveLoader(load=gated_load)
    titles: list[str] = []
    loader.loaded.connect(lambda tl: titles.append(tl.title))
    loader.open(sample_file)
    with qtbot.waitSignal(loader.busy_changed) as blocker:
        loader.close()
    assert blocker.args == [False]
    assert loader.path() is None
    gate.set()
    assert loader.wait_idle(10)
    QCoreApplication.processEvents()
    assert titles == []


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (FileNotFoundError(2, "No such file or directory"), "{path}: No such file or directory"),
        (PermissionError(13, "Permission denied"), "{path}: Permission denied"),
        (TimelineError("bad date"), "{path}: bad date"),
        (
            TimelineLoadError([Problem("unknown key", file="f.toml", line=3, field="titel")]),
            "f.toml:3: titel: unknown key",
        ),
        (RuntimeError("boom"), "{path}: RuntimeError: boom"),
    ],
)
def test_every_load_failure_is_a_problem_with_the_file(
    error: Exception, expected: str, tmp_path: Path
) -> None:
    path = tmp_path / "x.toml"
    assert [str(p) for p in problems_of(error, path)] == [expected.format(path=path)]


def test_print_draws_the_timeline_on_a_page(window: MainWindow, tmp_path: Path) -> None:
    printing = pytest.importorskip("PySide6.QtPrintSupport")
    file_menu = window.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu)
    assert "print" in {a.objectName() for a in file_menu.actions()}
    printer = printing.QPrinter(printing.QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(printing.QPrinter.OutputFormat.PdfFormat)
    target = tmp_path / "timeline.pdf"
    printer.setOutputFileName(str(target))
    assert window.printing.print_to(printer)
    assert target.read_bytes()[:5] == b"%PDF-"


# -- empty state, focus ---------------------------------------------------------------


def _axis_drawn(window: MainWindow) -> bool:
    """True when the canvas shows a time axis (its line under the labels is not the base)."""
    image = window.canvas.viewport().grab().toImage()
    base = window.canvas.palette().color(QPalette.ColorRole.Base).rgb()
    return any(image.pixel(x, 40) != base for x in range(0, image.width(), 7))


def test_the_canvas_says_why_it_is_empty_instead_of_a_1970_axis(
    qtbot: QtBot, make_window: WindowFactory, sample_file: Path
) -> None:
    release = threading.Event()

    def slow_load(path: Path) -> Timeline:
        release.wait(10)
        return timeline.load(path)

    window = make_window(loader=LiveLoader(load=slow_load))
    assert window.canvas.empty_text().startswith("No timeline open: File ▸ Open")
    assert not _axis_drawn(window)
    assert window.overview.window_rect() is None  # no window over nothing
    window.open_file(sample_file)
    assert window.canvas.empty_text() == "Loading events.toml…"
    assert not _axis_drawn(window)
    with qtbot.waitSignal(window.timeline_changed, timeout=10_000):
        release.set()
    assert window.canvas.empty_text() == ""
    assert _axis_drawn(window)


def test_a_file_that_fails_at_start_says_so_on_the_canvas(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('title = "T"\n[[events]]\nid = "a"\n', encoding="utf-8")
    window = make_window()
    window.open_file(broken)
    qtbot.waitUntil(window.banner.isVisible, timeout=10_000)
    assert window.canvas.empty_text().startswith("Could not open broken.toml")
    assert not _axis_drawn(window)
    missing = tmp_path / "missing.toml"
    window.open_file(missing)
    qtbot.waitUntil(lambda: "was not found" in window.canvas.empty_text(), timeout=10_000)


def test_tab_walks_the_panes_in_order_and_the_focused_one_has_a_ring(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.activateWindow()
    qtbot.waitActive(window)
    window.focus_search()
    assert window.focus_ring.target() is None  # the search box marks its own focus

    def press(key: Qt.Key) -> QWidget:
        focused = QApplication.focusWidget()
        assert focused is not None
        QTest.keyClick(focused, key)
        now = QApplication.focusWidget()
        assert now is not None
        return now

    reached = [press(Qt.Key.Key_Tab) for _ in range(5)]
    assert reached[:4] == [
        window.tag_filter,
        window.status_filter,
        window.event_list,
        window.canvas,
    ]
    assert reached[4] is window.details or window.details.isAncestorOf(reached[4])
    assert window.focus_ring.target() is window.details
    press(Qt.Key.Key_Backtab)
    assert press(Qt.Key.Key_Backtab) is window.event_list
    for pane in (window.event_list, window.canvas, window.details):
        pane.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(lambda pane=pane: window.focus_ring.target() is pane)  # type: ignore[misc]
        ring = window.focus_ring.rect()
        assert ring is not None
        assert ring.topLeft() == pane.mapTo(window, QPoint(0, 0))
        assert ring.size() == pane.size()
        image = window.grab().toImage()
        highlight = window.palette().color(QPalette.ColorRole.Highlight).rgb()
        middle = ring.center()
        for x, y in (
            (middle.x(), ring.top()),
            (middle.x(), ring.bottom()),
            (ring.left(), middle.y()),
            (ring.right(), middle.y()),
        ):
            assert image.pixel(x, y) == highlight, (pane.objectName(), x, y)
