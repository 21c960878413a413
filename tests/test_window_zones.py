"""View ▸ Time Zone: the axis, the list and the details read the chosen zone's clock.

The timeline names its zone (America/Chicago); the system zone is passed in
explicitly (Asia/Kolkata), never read from the machine.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from timeline.when import When
from viewer.window import MainWindow

TEXT = """
title = "Harvey"
tz = "America/Chicago"

[[events]]
id = "landfall"
title = "Landfall"
when = "2017-08-25T22:00"
tz = "America/Chicago"

[[events]]
id = "delhi"
title = "Evening in Delhi"
when = "2017-08-26T07:00+05:30"

[[events]]
id = "day"
title = "A whole day"
when = "2017-08-26"
"""


@pytest.fixture
def settings_dir(tmp_path: Path, qapp: QApplication) -> Iterator[Path]:
    folder = tmp_path / "settings"
    folder.mkdir()
    org, app = QCoreApplication.organizationName(), QCoreApplication.applicationName()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QCoreApplication.setOrganizationName("timeline-tests")
    QCoreApplication.setApplicationName("viewer-zone-tests")
    yield folder
    QCoreApplication.setOrganizationName(org)
    QCoreApplication.setApplicationName(app)


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, settings_dir: Path) -> MainWindow:
    path = tmp_path / "harvey.toml"
    path.write_text(TEXT, encoding="utf-8")
    window = MainWindow(system_zone="Asia/Kolkata")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.timeline_changed, timeout=10_000):
        window.open_file(path)
    return window


def _zone_menu(window: MainWindow) -> QMenu:
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert isinstance(view, QMenu)
    zones = next(a.menu() for a in view.actions() if a.text() == "Time &Zone")
    assert isinstance(zones, QMenu)
    return zones


def _choose(window: MainWindow, qtbot: QtBot, text: str) -> None:
    """Pick an entry of View ▸ Time Zone as a user does (the menu's own action)."""
    menu = _zone_menu(window)
    action = next(a for a in menu.actions() if a.text() == text)
    assert isinstance(action, QAction)
    assert action.isVisible()
    assert action.isEnabled()
    action.trigger()
    qtbot.waitUntil(lambda: action.isChecked())


def _list_date(window: MainWindow, event_id: str) -> str:
    view = window.event_list
    row = view.row_of(event_id)
    assert row is not None
    return str(view.model().index(row, 0).data())


def test_the_zone_menu_switches_axis_list_and_details(window: MainWindow, qtbot: QtBot) -> None:
    menu = _zone_menu(window)
    texts = [a.text() for a in menu.actions() if a.isVisible()]
    assert texts == [
        "Timeline's Zone (America/Chicago)",
        "Each Event's Own Zone",
        "UTC",
        "System Zone (Asia/Kolkata)",
    ]
    # the timeline's zone is the default
    assert window.display_zone() == "America/Chicago"
    assert _list_date(window, "landfall") == "25 Aug 2017, 22:00 CDT"
    assert _list_date(window, "delhi") == "25 Aug 2017, 20:30 CDT"
    assert _list_date(window, "day") == "26 Aug 2017"
    window.select_event("landfall")
    landfall = When.parse("2017-08-25T22:00", tz="America/Chicago")
    wall = landfall.lower - 5 * 3600  # 22:00 on the Chicago clock, as floating seconds
    window.canvas.set_visible_range(wall - 3600, wall + 3600)
    assert "22:00" in window.canvas.axis_labels()
    assert "03:00" not in window.canvas.axis_labels()
    assert "22:00 CDT" in window.details.text()

    _choose(window, qtbot, "UTC")
    assert window.display_zone() == "UTC"
    # the landfall stays in view; the axis reads UTC
    assert "03:00" in window.canvas.axis_labels()
    assert "22:00" not in window.canvas.axis_labels()
    assert _list_date(window, "landfall") == "26 Aug 2017, 03:00 UTC"
    assert _list_date(window, "day") == "26 Aug 2017"  # a day is a day everywhere
    assert "26 Aug 2017, 03:00 UTC" in window.details.text()
    assert window.zone_label.text() == "times: UTC"

    _choose(window, qtbot, "System Zone (Asia/Kolkata)")
    assert "08:30" in window.canvas.axis_labels()
    assert _list_date(window, "landfall") == "26 Aug 2017, 08:30 IST"
    assert _list_date(window, "delhi") == "26 Aug 2017, 07:00 IST"

    _choose(window, qtbot, "Each Event's Own Zone")
    assert window.display_zone() is None
    assert "22:00" in window.canvas.axis_labels()
    assert _list_date(window, "landfall") == "25 Aug 2017, 22:00 CDT"
    assert _list_date(window, "delhi") == "26 Aug 2017, 07:00 UTC+05:30"


def test_the_canvas_draws_events_on_the_display_clock(window: MainWindow, qtbot: QtBot) -> None:
    canvas = window.canvas
    landfall = When.parse("2017-08-25T22:00", tz="America/Chicago")
    wall = landfall.lower - 5 * 3600
    canvas.set_visible_range(wall - 3600, wall + 3600)
    qtbot.waitUntil(lambda: canvas.event_rect("landfall") is not None)
    rect = canvas.event_rect("landfall")
    assert rect is not None
    middle = canvas.viewport().width() / 2
    assert abs(rect.center().x() - middle) < 20  # 22:00 is in the middle of 21:00–23:00
    _choose(window, qtbot, "UTC")
    moved = canvas.event_rect("landfall")
    assert moved is not None
    assert abs(moved.center().x() - middle) < 20  # the view moved with the moment in its middle


def test_go_to_date_uses_local_days(window: MainWindow, qtbot: QtBot) -> None:
    """Go to 25 August: the landfall (22:00 CDT) is in the day shown, in its own zone."""
    _choose(window, qtbot, "Each Event's Own Zone")
    window.go_to(When.parse("2017-08-25"))
    start, end = window.canvas.visible_range()
    landfall = When.parse("2017-08-25T22:00", tz="America/Chicago")
    assert start <= landfall.lower - 5 * 3600 < end
    qtbot.waitUntil(lambda: window.canvas.event_rect("landfall") is not None)


def test_the_zone_choice_is_remembered(window: MainWindow, qtbot: QtBot) -> None:
    _choose(window, qtbot, "UTC")
    again = MainWindow(system_zone="Asia/Kolkata")
    qtbot.addWidget(again)
    assert again.zone_choice() == "utc"
    assert again.action("zone_utc").isChecked()
