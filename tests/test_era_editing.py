"""Eras edited in the window as a user does it: Edit ▸ New Era, the canvas's menu on an era."""

# The fixtures imported from tests.test_window are parameters of the tests here.
# ruff: noqa: F401, F811

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from tests.test_authoring import _type
from tests.test_editing import Answers
from tests.test_window import DATA, WindowFactory, make_window, settings_dir
from timeline import Era, When, load, rules
from viewer import editing
from viewer.eradialog import EraDialog
from viewer.eraform import EraForm, check, form_of
from viewer.window import MainWindow

RESCUE = Era("Rescue", When.parse("2017-09-20/2017-09-22"), colour="#4477AA")
ERAS = """
# The eras, by hand: keep this comment.
[[eras]]
title = "Rescue"
when = "2017-09-20/2017-09-22"
colour = "#4477AA"
"""


@pytest.fixture(autouse=True)
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    recorder = Answers()
    monkeypatch.setattr(editing, "ask", recorder)
    return recorder


# -- the form's checks (no Qt) ---------------------------------------------------------


def test_a_good_form_makes_the_era_and_each_problem_is_beside_its_field() -> None:
    checked = check(EraForm("Rescue", "2017-09-20/2017-09-22", "#4477AA"))
    assert checked.era == RESCUE
    assert checked.reading.meaning == "20–22 Sep 2017"
    words = check(EraForm(" Rescue ", "September 2017")).era
    assert words is not None
    assert (words.title, words.colour) == ("Rescue", None)  # blank colour: the viewer's
    bad = check(EraForm("", "2017-09-20/..", "blue"))
    assert bad.era is None
    assert bad.problems == {
        "title": "must not be empty",
        "when": rules.period(When.parse("2017-09-20/..")),  # the library's words
        "colour": rules.colour("blue"),
    }
    assert check(EraForm("x", "")).problems == {"when": "must not be empty"}
    assert "2017-13" in check(EraForm("x", "2017-13")).problems["when"]


def test_editing_keeps_the_zone_of_dates_left_as_they_were() -> None:
    era = Era("Night", When.parse("2017-09-20T22:00/2017-09-21T06:00", tz="America/Chicago"))
    assert check(form_of(era), era).era == era
    assert check(form_of(era)).era != era  # a new era's dates have no zone


# -- in the window ---------------------------------------------------------------------


@pytest.fixture
def era_file(tmp_path: Path) -> Path:
    """The sample timeline with an era (and a comment above it) that a test may edit."""
    target = tmp_path / "eras.toml"
    target.write_text((DATA / "sample.toml").read_text(encoding="utf-8") + ERAS, encoding="utf-8")
    return target


def _dialog(qtbot: QtBot, window: MainWindow) -> EraDialog:
    def shown() -> list[EraDialog]:
        return [d for d in window.findChildren(EraDialog) if d.isVisible()]

    qtbot.waitUntil(lambda: len(shown()) == 1)
    return shown()[0]


def _menu_on_era(window: MainWindow, title: str) -> QMenu:
    """The canvas's context menu on the band of the era drawn with ``title`` (in a view of it)."""
    canvas = window.canvas
    canvas.set_view(canvas.view().fitted(RESCUE.when.lower, RESCUE.when.upper, margin=0.5))
    (band,) = [band for text, band, _label in window.canvas.drawn_eras() if text == title]
    point = QPoint(int(band.center().x()), int(band.bottom()) - 20)
    return window.authoring.eras.menu_at(window.canvas, point)


def _texts(menu: QMenu) -> list[str]:
    return [action.text() for action in menu.actions()]


def test_new_era_from_the_edit_menu_is_drawn_undone_and_saved_with_the_comments(
    qtbot: QtBot, make_window: WindowFactory, era_file: Path, answers: Answers
) -> None:
    window = make_window(era_file)
    new_era = window.action("new_era")
    assert new_era.isEnabled()
    edit_menu = window.menuBar().actions()[1].menu()
    assert isinstance(edit_menu, QMenu)
    assert new_era in edit_menu.actions()
    new_era.trigger()
    dialog = _dialog(qtbot, window)
    assert not dialog.ok.isEnabled()
    _type(dialog.title, "Operation Safe City")
    _type(dialog.when, "2017-09-24/..")
    assert "open or unknown end" in dialog.problems["when"].text()
    assert not dialog.ok.isEnabled()
    _type(dialog.when, "2017-09-24/2017-09-27")
    assert dialog.meaning.text() == "24–27 Sep 2017"
    with qtbot.waitSignal(window.timeline_changed):
        QTest.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    tl = window.timeline()
    assert tl is not None
    safe_city = Era("Operation Safe City", When.parse("2017-09-24/2017-09-27"))
    assert tl.eras == (RESCUE, safe_city)
    drawn = [text for text, _band, _label in window.canvas.drawn_eras()]
    assert any(text.endswith("Operation Safe City") for text in drawn)  # (maybe beside it)
    assert window.action("undo").text() == "&Undo Add era 'Operation Safe City'"
    assert window.editor.save()
    assert answers.asked == []  # patched, not written whole
    text = era_file.read_text(encoding="utf-8")
    assert "# The eras, by hand: keep this comment." in text
    assert load(era_file).eras == (RESCUE, safe_city)
    window.action("undo").trigger()
    assert window.editor.save()
    assert load(era_file).eras == (RESCUE,)


def test_the_canvas_menu_on_an_era_edits_and_deletes_it(
    qtbot: QtBot, make_window: WindowFactory, era_file: Path
) -> None:
    original = era_file.read_bytes()
    window = make_window(era_file)
    menu = _menu_on_era(window, "Rescue")
    assert _texts(menu) == ["Edit Era 'Rescue'…", "Delete Era 'Rescue'", "", "New Era Here…"]
    menu.actions()[0].trigger()
    dialog = _dialog(qtbot, window)
    assert dialog.windowTitle() == "Edit Era"
    assert (dialog.title.text(), dialog.when.text(), dialog.colour.text()) == (
        "Rescue",
        "2017-09-20/2017-09-22",
        "#4477AA",
    )
    _type(dialog.title, "Rescue & relief")
    with qtbot.waitSignal(window.timeline_changed):
        QTest.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    tl = window.timeline()
    assert tl is not None
    assert [era.title for era in tl.eras] == ["Rescue & relief"]
    assert window.action("undo").text() == "&Undo Rename era 'Rescue' to 'Rescue && relief'"
    menu = _menu_on_era(window, "Rescue & relief")
    assert _texts(menu)[1] == "Delete Era 'Rescue && relief'"  # an & shown, not a shortcut
    with qtbot.waitSignal(window.timeline_changed):
        menu.actions()[1].trigger()
    tl = window.timeline()
    assert tl is not None
    assert tl.eras == ()
    assert window.canvas.drawn_eras() == []
    window.action("undo").trigger()
    window.action("undo").trigger()
    tl = window.timeline()
    assert tl is not None
    assert tl.eras == (RESCUE,)
    assert window.editor.save()
    assert era_file.read_bytes() == original  # every edit undone: the file as it was


def test_the_canvas_menu_off_the_eras_adds_one_on_the_date_under_the_pointer(
    qtbot: QtBot, make_window: WindowFactory, era_file: Path
) -> None:
    window = make_window(era_file)
    canvas = window.canvas
    canvas.zoom_to_event("operation-mega")
    x = canvas.view().x_for(When.parse("2017-09-18").lower + 43_200)
    menu = window.authoring.eras.menu_at(canvas, QPoint(int(x), canvas.viewport().height() - 10))
    assert _texts(menu) == ["New Era Here…"]
    menu.actions()[0].trigger()
    dialog = _dialog(qtbot, window)
    assert dialog.windowTitle() == "New Era"
    assert dialog.when.text() == "2017-09-18"  # the day under the pointer


def test_a_form_whose_era_went_while_it_was_open_says_why_it_was_not_saved(
    qtbot: QtBot, make_window: WindowFactory, era_file: Path
) -> None:
    window = make_window(era_file)
    dialog = window.authoring.eras.edit_era(RESCUE)
    assert dialog is not None
    assert dialog.focusWidget() is dialog.title  # the first field
    assert dialog.message.isHidden()
    assert window.authoring.eras.delete_era(RESCUE)  # (as another window's edit, or undo)
    _type(dialog.title, "Rescue & relief")
    QTest.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # open still: nothing made, the error beside the buttons
    assert dialog.message.isVisible()
    assert dialog.message.text() == (
        "Not saved: era 'Rescue' changed (or went) while this form was open;"
        " cancel, and edit it again"
    )
    tl = window.timeline()
    assert tl is not None
    assert tl.eras == ()
