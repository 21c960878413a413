"""Authoring in the window as a user: the event form, New Event, Edit, Delete, double-click."""

# The fixtures imported from tests.test_window are parameters of the tests here.
# ruff: noqa: F401, F811

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import attrs
import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

import timeline
from tests.test_editing import Answers
from tests.test_window import WindowFactory, make_window, sample_file, settings_dir, window
from timeline import edit
from timeline.columns import EventColumns
from timeline.models import Citation, Link, Person, Timeline
from timeline.when import When
from viewer import editing
from viewer.busy import BusyBar
from viewer.changeaway import STILL_CHANGING
from viewer.details import LinkLabel
from viewer.eventchooser import EventChoices
from viewer.eventdialog import EventDialog
from viewer.eventform import form_of
from viewer.eventlist import EVENT_ID_ROLE
from viewer.window import MainWindow


@pytest.fixture(autouse=True)
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    recorder = Answers()
    monkeypatch.setattr(editing, "ask", recorder)
    return recorder


def _form(qtbot: QtBot, window: MainWindow) -> EventDialog:
    """The event form the window shows (a closed one may wait to be deleted)."""

    def shown() -> list[EventDialog]:
        return [d for d in window.findChildren(EventDialog) if d.isVisible()]

    qtbot.waitUntil(lambda: len(shown()) == 1)
    return shown()[0]


def _type(widget: QWidget, text: str) -> None:
    """Replace the field's text by typing (select all, then the keys)."""
    widget.setFocus()
    QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(widget, text)


def _activate(qtbot: QtBot, window: MainWindow) -> None:
    """The window is the active one (its shortcuts take keys)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def _list_titles(window: MainWindow) -> list[str]:
    model = window.event_list.model()
    return [str(model.index(r, 1).data()) for r in range(model.rowCount())]


def test_new_event_from_the_form_is_added_undone_and_the_file_comes_back(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    original = sample_file.read_bytes()
    _activate(qtbot, window)
    assert window.action("new_event").shortcut().toString() == "Ctrl+N"
    assert window.action("new").shortcut().toString() == "Ctrl+Shift+N"
    QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = _form(qtbot, window)
    assert dialog.windowTitle() == "New Event"
    assert not dialog.ok.isEnabled()  # nothing typed yet
    _type(dialog.title, "Rally at City Hall")
    _type(dialog.when, "2017-09-20")
    assert dialog.meaning.text() == "20 Sep 2017"
    _type(dialog.tags, "protest")
    assert dialog.ok.isEnabled()
    with qtbot.waitSignal(window.timeline_changed):
        QTest.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    tl = window.timeline()
    assert tl is not None
    assert tl["rally-at-city-hall"].tags == ("protest",)
    assert "Rally at City Hall" in _list_titles(window)
    assert window.canvas.event_rect("rally-at-city-hall") is not None  # drawn on the canvas
    assert window.selected_event() == "rally-at-city-hall"
    assert window.action("undo").text() == "&Undo Add 'Rally at City Hall'"
    assert window.isWindowModified()
    QTest.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert timeline.load(sample_file)["rally-at-city-hall"].title == "Rally at City Hall"
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "Rally at City Hall" not in _list_titles(window)
    QTest.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert sample_file.read_bytes() == original


def test_a_bad_date_shows_the_librarys_error_and_disables_ok(
    qtbot: QtBot, window: MainWindow
) -> None:
    before = window.timeline()
    window.action("new_event").trigger()
    dialog = _form(qtbot, window)
    _type(dialog.title, "Rally")
    _type(dialog.when, "2017-13-45")
    problem = dialog.problems["when"]
    assert problem.isVisible()
    assert "2017-13-45" in problem.text()
    assert problem.textFormat() == Qt.TextFormat.PlainText
    assert not dialog.ok.isEnabled()
    assert "Date" in dialog.summary_line.text()
    QTest.keyClick(dialog.when, Qt.Key.Key_Return)  # Enter does not get past the problem
    assert dialog.isVisible()
    assert window.timeline() is before
    _type(dialog.when, "late September 2017")
    assert not problem.isVisible()
    assert dialog.meaning.text().startswith("one of 21–30 Sep 2017")
    assert dialog.ok.isEnabled()
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert window.timeline() is before


def test_enter_edits_the_selected_event_and_keeps_what_the_form_does_not_show(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.activateWindow()
    window.select_event("operation-safe-city")
    window.canvas.setFocus()
    QTest.keyClick(window.canvas, Qt.Key.Key_Return)
    dialog = _form(qtbot, window)
    assert dialog.windowTitle() == "Edit Event"
    assert dialog.title.text() == "Operation Safe City"
    assert dialog.when.text() == "2017-09-24/2017-09-27"
    assert dialog.meaning.text() == "24–27 Sep 2017"
    assert dialog.sources.count() == 2
    assert dialog.related.values() == [("announced-by", "safe-city-announced", "")]
    tl = window.timeline()
    assert tl is not None
    old = tl["operation-safe-city"]
    _type(dialog.title, "Safe City")
    _type(dialog.summary, "Four days of arrests.")
    with qtbot.waitSignal(window.timeline_changed):
        QTest.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    tl = window.timeline()
    assert tl is not None
    edited = tl["operation-safe-city"]
    assert (edited.title, edited.summary) == ("Safe City", "Four days of arrests.")
    assert edited.places == old.places  # coordinates kept
    assert (edited.sources, edited.related, edited.figures) == (
        old.sources,
        old.related,
        old.figures,
    )
    assert window.action("undo").text() == "&Undo Edit 'Operation Safe City'"
    window.action("undo").trigger()
    assert window.timeline() == window.editor.document.timeline  # type: ignore[union-attr]


def test_double_click_on_an_event_and_the_details_link_open_the_form(
    qtbot: QtBot, window: MainWindow
) -> None:
    canvas = window.canvas
    canvas.zoom_to_event("operation-mega")
    rect = canvas.event_rect("operation-mega")
    assert rect is not None
    QTest.mouseDClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    dialog = _form(qtbot, window)
    assert window.selected_event() == "operation-mega"
    assert dialog.title.text() == window.timeline()["operation-mega"].title  # type: ignore[index]
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    window.select_event("sessions-portland")
    link = window.details.findChild(LinkLabel, "details-edit")
    assert isinstance(link, LinkLabel)
    QTest.mouseClick(link, Qt.MouseButton.LeftButton)
    dialog = _form(qtbot, window)
    assert dialog.title.text() == "Sessions speaks in Portland"
    assert dialog.zone.text() == "America/Los_Angeles"


def test_enter_on_a_related_link_in_the_details_follows_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.activateWindow()
    window.select_event("operation-safe-city")
    link = window.details.findChildren(LinkLabel, "related-link")[0]
    link.setFocus()
    QTest.keyClick(link, Qt.Key.Key_Return)
    assert window.selected_event() == "safe-city-announced"
    assert window.findChild(EventDialog) is None


def _ids(window: MainWindow) -> list[str]:
    tl = window.timeline()
    assert tl is not None
    return [e.id for e in tl.events]


def test_delete_with_links_asks_and_cancel_keeps_everything(
    qtbot: QtBot, window: MainWindow, answers: Answers
) -> None:
    window.activateWindow()
    before = window.timeline()
    window.select_event("safe-city-announced")
    window.canvas.setFocus()
    answers.answers = ["Cancel"]
    QTest.keyClick(window.canvas, Qt.Key.Key_Delete)
    assert len(answers.asked) == 1
    assert "'Operation Safe City' (announced by)" in answers.asked[0]
    assert answers.asked[0].endswith("Delete it and remove the links to it from 1 event too?")
    assert window.timeline() is before
    assert not window.isWindowModified()
    answers.answers = ["Delete Event and Links"]
    QTest.keyClick(window.canvas, Qt.Key.Key_Delete)
    tl = window.timeline()
    assert tl is not None
    assert "safe-city-announced" not in tl
    assert tl["operation-safe-city"].related == ()
    assert "safe-city-announced" not in [
        window.event_list.model().index(r, 0).data(EVENT_ID_ROLE)
        for r in range(window.event_list.model().rowCount())
    ]
    assert window.action("undo").text().startswith("&Undo Delete 'ICE announces")
    window.action("undo").trigger()
    assert window.timeline() == before


def _hub_window(make_window: WindowFactory, tmp_path: Path, n: int) -> MainWindow:
    """A window on the event ``hub`` and ``n`` events that link to it, ``hub`` selected and
    the canvas focused (Delete deletes it)."""
    hub = timeline.Event("hub", "The hub", When.parse("2017-09-01"))
    events = [
        timeline.Event(
            f"e{k:02d}",
            f"Event {k}",
            When.parse(f"2017-09-{2 + k % 27:02d}"),
            related=(Link("follows", "hub"),),
        )
        for k in range(n)
    ]
    path = tmp_path / "linked.toml"
    timeline.dump(timeline.Timeline("Linked", [hub, *events]), path)
    window = make_window(path)
    window.activateWindow()
    window.select_event("hub")
    window.canvas.setFocus()
    return window


def test_delete_of_an_event_many_link_to_lists_a_dozen_and_counts_the_rest(
    qtbot: QtBot, make_window: WindowFactory, answers: Answers, tmp_path: Path
) -> None:
    window = _hub_window(make_window, tmp_path, 40)
    answers.answers = ["Delete Event and Links"]
    QTest.keyClick(window.canvas, Qt.Key.Key_Delete)
    lines = answers.asked[0].splitlines()
    assert lines[0] == "Other events link to 'The hub':"
    assert len(lines) == 1 + 12 + 1
    assert lines[1].endswith(" (follows)")
    assert lines[-2] == "  … and 29 more"
    assert lines[-1] == "Delete it and remove the links to it from 40 events too?"
    tl = window.timeline()
    assert tl is not None
    assert "hub" not in tl
    assert all(not e.related for e in tl.events)


def _held_changes(monkeypatch: pytest.MonkeyPatch, *names: str) -> threading.Event:
    """``edit.Change``'s methods ``names`` (``apply``, ``revert``) held where they run (a
    worker) until the event returned is set."""
    release = threading.Event()
    for name in names:
        real = getattr(edit.Change, name)

        def held(change: edit.Change, tl: timeline.Timeline, real: Any = real) -> timeline.Timeline:
            assert release.wait(20)
            result: timeline.Timeline = real(change, tl)
            return result

        monkeypatch.setattr(edit.Change, name, held)
    return release


def _away_from(monkeypatch: pytest.MonkeyPatch, name: str, value: int) -> None:
    """The threshold ``name`` of :mod:`viewer.changeaway` lowered to ``value``, and the copy
    :mod:`viewer.authoring` imported of it."""
    from viewer import authoring, changeaway

    monkeypatch.setattr(authoring, name, value)
    monkeypatch.setattr(changeaway, name, value)


def _undone_on_the_worker(
    qtbot: QtBot,
    window: MainWindow,
    release: threading.Event,
    name: str,
    back: timeline.Timeline,
) -> None:
    """Edit ▸ Undo of the change ``name``, held on its worker until ``release`` is set: the
    status bar says so and the timeline shown stays meanwhile, then it is ``back``."""
    shown = window.timeline()
    assert shown is not None
    release.clear()
    window.action("undo").trigger()
    assert _made_on_the_worker(qtbot, window, release, f"Undoing {name}…", shown) == back


def _made_on_the_worker(
    qtbot: QtBot,
    window: MainWindow,
    release: threading.Event,
    doing: str,
    shown: timeline.Timeline,
) -> timeline.Timeline:
    """The timeline a change held on its worker (until ``release`` is set) makes: the status
    bar says ``doing`` and ``shown`` stays meanwhile."""
    assert window.statusBar().currentMessage() == doing
    assert window.timeline() is shown  # (not yet: on the worker)
    release.set()
    qtbot.waitUntil(lambda: window.timeline() is not shown, timeout=20_000)
    made = window.timeline()
    assert made is not None
    return made


def test_an_event_many_link_to_is_deleted_undone_and_redone_on_a_worker(
    qtbot: QtBot,
    make_window: WindowFactory,
    answers: Answers,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _away_from(monkeypatch, "CHANGE_AWAY_FROM", 10)
    release = _held_changes(monkeypatch, "revert")
    window = _hub_window(make_window, tmp_path, 20)
    before = window.timeline()
    answers.answers = ["Delete Event and Links"]
    QTest.keyClick(window.canvas, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: "hub" not in (window.timeline() or {}), timeout=20_000)
    deleted = window.timeline()
    assert deleted is not None
    assert all(not e.related for e in deleted.events)
    undo, redo = window.action("undo"), window.action("redo")
    assert undo.text() == "&Undo Delete 'The hub' and 20 links to it"
    undo.trigger()
    assert window.statusBar().currentMessage() == "Undoing Delete 'The hub' and 20 links to it…"
    busy = window.findChild(BusyBar, "busy")
    assert busy is not None
    assert busy.isVisible()
    assert window.timeline() is deleted  # (not yet: on the worker)
    assert undo.text() == "&Undo Delete 'The hub' and 20 links to it"
    release.set()
    qtbot.waitUntil(lambda: window.timeline() == before, timeout=20_000)
    assert not busy.isVisible()
    assert window.statusBar().currentMessage() == ""
    assert redo.text() == "&Redo Delete 'The hub' and 20 links to it"
    assert not undo.isEnabled()
    redo.trigger()
    assert window.statusBar().currentMessage() == "Redoing Delete 'The hub' and 20 links to it…"
    qtbot.waitUntil(lambda: window.timeline() == deleted, timeout=20_000)
    assert undo.text() == "&Undo Delete 'The hub' and 20 links to it"

    release.clear()  # an undo dropped: the timeline changed while it was made
    undo.trigger()
    window.select_event("e03")
    window.action("edit_event").trigger()
    other = _form(qtbot, window)
    _type(other.title, "Event three")
    QTest.mouseClick(other.ok, Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: not window.editor.away.running(), timeout=20_000)
    assert window.statusBar().currentMessage() == (
        "Not undone: Delete 'The hub' and 20 links to it (the timeline changed meanwhile)"
    )
    tl = window.timeline()
    assert tl is not None
    assert "hub" not in tl
    assert tl["e03"].title == "Event three"
    assert undo.text() == "&Undo Rename 'Event 3' to 'Event three'"


def test_in_a_big_timeline_an_event_is_deleted_undone_and_added_on_a_worker(
    qtbot: QtBot,
    make_window: WindowFactory,
    answers: Answers,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # at ten million events taking an event out (or putting one in) renumbers the others
    # for seconds: the window hands it to a worker, as a change of many events
    _away_from(monkeypatch, "MOVES_AWAY_FROM", 5)
    release = _held_changes(monkeypatch, "apply", "revert")
    window = _hub_window(make_window, tmp_path, 6)
    before = window.timeline()
    assert before is not None
    prepared: list[tuple[timeline.Timeline, bool]] = []  # (and on the GUI thread?)
    prepare = window.editor.away.prepare

    def recorded(tl: timeline.Timeline) -> None:
        prepared.append((tl, threading.current_thread() is threading.main_thread()))
        prepare(tl)

    window.editor.away.prepare = recorded
    window.select_event("e03")
    window.canvas.setFocus()
    QTest.keyClick(window.canvas, Qt.Key.Key_Delete)
    assert answers.asked == []  # (nothing links to it)
    deleted = _made_on_the_worker(qtbot, window, release, "Deleting 'Event 3'…", before)
    assert "e03" not in deleted
    assert len(deleted) == len(before) - 1
    assert prepared == [(deleted, False)]  # (what showing it needs: made on the worker)
    assert window.action("undo").text() == "&Undo Delete 'Event 3'"
    _undone_on_the_worker(qtbot, window, release, "Delete 'Event 3'", before)
    # a new event: checked in the form, put in on the worker
    release.clear()
    window.action("new_event").trigger()
    dialog = _form(qtbot, window)
    _type(dialog.title, "A new event")
    _type(dialog.when, "2017-09-03")
    QTest.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert window.statusBar().currentMessage() == "Adding 'A new event'…"
    shown = window.timeline()
    assert shown is not None
    assert len(shown) == len(before)
    release.set()
    qtbot.waitUntil(lambda: len(window.timeline() or ()) == len(before) + 1, timeout=20_000)
    assert window.selected_event() == "a-new-event"


def test_in_a_big_timeline_an_event_moved_to_another_date_is_moved_on_a_worker(
    qtbot: QtBot,
    make_window: WindowFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a new date moves the event: the events between its two places are renumbered (seconds
    # at ten million); a new title keeps its place and is made at once
    from viewer import changeaway

    monkeypatch.setattr(changeaway, "MOVES_AWAY_FROM", 5)
    window = _hub_window(make_window, tmp_path, 6)
    window.select_event("e03")
    window.action("edit_event").trigger()
    dialog = _form(qtbot, window)
    _type(dialog.title, "Event three")
    QTest.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    titled = window.timeline()  # (at once: no worker)
    assert titled is not None
    assert titled["e03"].title == "Event three"

    release = _held_changes(monkeypatch, "apply", "revert")  # (only a worker may wait)
    window.action("edit_event").trigger()
    dialog = _form(qtbot, window)
    _type(dialog.when, "2030-01-01")
    QTest.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    moved = _made_on_the_worker(qtbot, window, release, "Moving 'Event three'…", titled)
    assert [e.id for e in moved][-1] == "e03"
    assert moved["e03"].when == When.parse("2030-01-01")
    assert window.selected_event() == "e03"
    assert window.action("undo").text() == "&Undo Move 'Event three'"
    _undone_on_the_worker(qtbot, window, release, "Move 'Event three'", titled)


def test_a_new_id_of_an_event_many_link_to_is_given_on_a_worker(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from viewer import authoring

    monkeypatch.setattr(authoring, "CHANGE_AWAY_FROM", 10)
    release = threading.Event()
    replacing = edit.replace_event

    def held(tl: timeline.Timeline, event_id: str, event: timeline.Event) -> edit.Change:
        if event_id == "hub":
            assert release.wait(20)
        return replacing(tl, event_id, event)

    monkeypatch.setattr(edit, "replace_event", held)
    window = _hub_window(make_window, tmp_path, 20)
    before = window.timeline()
    window.action("edit_event").trigger()
    dialog = _form(qtbot, window)
    _type(dialog.id, "centre")
    QTest.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert window.statusBar().currentMessage() == (
        "Changing the id of 'The hub' and the links to it…"
    )
    assert window.timeline() is before  # (not yet: on the worker)
    window.action("edit_event").trigger()  # a second one waits for the first
    again = _form(qtbot, window)
    _type(again.id, "middle")
    QTest.mouseClick(again.ok, Qt.MouseButton.LeftButton)
    assert again.isVisible()
    assert (
        again.message.text() == "Not saved: Still changing the timeline: try again once it is done"
    )
    again.reject()
    window.select_event("e03")  # another edit meanwhile: the worker's change is dropped
    window.action("edit_event").trigger()
    other = _form(qtbot, window)
    _type(other.title, "Event three")
    QTest.mouseClick(other.ok, Qt.MouseButton.LeftButton)
    assert not other.isVisible()  # (an edit of one event is made at once)
    release.set()
    qtbot.waitUntil(lambda: not window.editor.away.running(), timeout=20_000)
    assert window.statusBar().currentMessage() == (
        "Not done: Change the id of 'The hub' to 'centre' (20 links updated)"
        " (the timeline changed meanwhile)"
    )
    window.action("undo").trigger()  # the title's edit
    assert window.timeline() == before
    window.select_event("hub")
    window.action("edit_event").trigger()
    dialog = _form(qtbot, window)
    _type(dialog.id, "centre")
    QTest.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.selected_event() == "centre", timeout=20_000)
    tl = window.timeline()
    assert tl is not None
    assert "hub" not in tl
    assert [e.related for e in tl.events if e.id != "centre"] == [(Link("follows", "centre"),)] * 20
    assert window.action("undo").text() == (
        "&Undo Change the id of 'The hub' to 'centre' (20 links updated)"
    )
    window.action("undo").trigger()
    assert window.timeline() == before


def test_delete_without_links_does_not_ask(
    qtbot: QtBot, window: MainWindow, answers: Answers
) -> None:
    window.activateWindow()
    window.select_event("operation-mega")
    window.event_list.setFocus()
    QTest.keyClick(window.event_list, Qt.Key.Key_Delete)
    assert answers.asked == []
    assert "operation-mega" not in _ids(window)
    assert window.action("undo").text() == "&Undo Delete 'Operation Mega'"
    window.search.setFocus()
    QTest.keyClicks(window.search, "x")
    QTest.keyClick(window.search, Qt.Key.Key_Delete)  # Del in the search box edits the text
    assert window.action("undo").text() == "&Undo Delete 'Operation Mega'"


def _double_click_at(window: MainWindow, fraction: float) -> None:
    canvas = window.canvas
    x = round(canvas.view().width_px * fraction)
    y = canvas.viewport().height() // 2
    assert canvas.event_at(QPointF(x, y)) is None  # an empty stretch
    QTest.mouseDClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, y))


def test_double_click_on_empty_canvas_adds_an_event_on_that_day(
    qtbot: QtBot, window: MainWindow
) -> None:
    day = 86400.0
    sep_1 = 17410 * day  # 2017-09-01, before the sample's events
    window.canvas.set_visible_range(sep_1, sep_1 + 10 * day)  # zoomed to days
    _double_click_at(window, 0.55)  # 5.5 days in: 6 Sep 2017, midday
    dialog = _form(qtbot, window)
    assert dialog.when.text() == "2017-09-06"
    assert dialog.meaning.text() == "6 Sep 2017"
    _type(dialog.title, "Council vote")
    with qtbot.waitSignal(window.timeline_changed):
        QTest.keyClick(dialog.title, Qt.Key.Key_Return)  # Enter in the form is OK
    tl = window.timeline()
    assert tl is not None
    assert tl["council-vote"].when == When.parse("2017-09-06")
    assert "Council vote" in _list_titles(window)
    assert window.canvas.event_rect("council-vote") is not None
    assert window.canvas.drawn_labels()["council-vote"] == "Council vote"
    # zoomed out to months, the month under the pointer
    window.canvas.set_visible_range(sep_1 - 300 * day, sep_1 + 300 * day)
    _double_click_at(window, 0.03)
    assert _form(qtbot, window).when.text() == "2016-11"


def test_citations_people_and_links_are_rows_the_user_adds(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.action("new_event").trigger()
    dialog = _form(qtbot, window)
    _type(dialog.title, "Raid reported")
    _type(dialog.when, "2017-09-25")
    QTest.mouseClick(dialog.people.add_button, Qt.MouseButton.LeftButton)
    name, role = dialog.people.editors(0)
    _type(name, "Tom Homan")
    _type(role, "Acting Director")
    QTest.mouseClick(dialog.sources.add_button, Qt.MouseButton.LeftButton)
    source, reported, words, _quote, _note = dialog.sources.editors(0)
    assert dialog.ok.isEnabled()  # a blank row is no row
    _type(reported, "last week")
    assert not dialog.ok.isEnabled()  # a row without its source
    assert dialog.problems["sources"].text() == "row 1: source: choose a source"
    assert isinstance(source, QComboBox)
    source.setFocus()
    QTest.keyClick(source, Qt.Key.Key_Down)  # the first source: the ICE release
    assert "counted from 28 Sep 2017" in reported.toolTip()  # its publication date
    _type(words, "last week")
    QTest.mouseClick(dialog.related.add_button, Qt.MouseButton.LeftButton)
    kind, other, _note = dialog.related.editors(0)
    _type(kind, "reports-on")
    assert isinstance(other, QComboBox)
    other.setCurrentIndex(other.findData("operation-safe-city"))
    QTest.mouseClick(dialog.figures.add_button, Qt.MouseButton.LeftButton)
    QTest.mouseClick(dialog.figures.add_button, Qt.MouseButton.LeftButton)
    remove = dialog.figures.findChildren(QToolButton)[1]
    QTest.mouseClick(remove, Qt.MouseButton.LeftButton)  # a row removed; blank rows are no rows
    assert dialog.figures.count() == 1
    assert dialog.problems["sources"].text() == ""
    with qtbot.waitSignal(window.timeline_changed):
        QTest.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    tl = window.timeline()
    assert tl is not None
    event = tl["raid-reported"]
    assert event.people == (Person("Tom Homan", role="Acting Director"),)
    assert event.sources == (
        Citation(
            "release", reported=When.parse("2017-09-18/2017-09-24"), reported_text="last week"
        ),
    )
    assert event.related == (Link("reports-on", "operation-safe-city"),)
    assert event.figures == ()


def test_a_new_timeline_gets_its_first_event_by_a_double_click(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    window = make_window()
    _activate(qtbot, window)
    assert not window.action("new_event").isEnabled()  # nothing to add to
    QTest.keyClick(
        window,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.action("new_event").isEnabled()
    assert "double-click here" in window.canvas.empty_text()
    _double_click_at(window, 0.5)
    dialog = _form(qtbot, window)
    assert dialog.when.text()  # the date under the pointer
    _type(dialog.title, "First")
    with qtbot.waitSignal(window.timeline_changed):
        QTest.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert _ids(window) == ["first"]
    assert window.canvas.event_rect("first") is not None


def test_an_event_added_out_of_view_is_brought_into_view(qtbot: QtBot, window: MainWindow) -> None:
    window.canvas.zoom_to_event("operation-mega")
    window.action("new_event").trigger()
    dialog = _form(qtbot, window)
    _type(dialog.title, "Much later")
    _type(dialog.when, "2019-03-01")
    with qtbot.waitSignal(window.timeline_changed):
        QTest.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    rect = window.canvas.event_rect("much-later")
    assert rect is not None
    assert window.canvas.viewport().rect().toRectF().intersects(rect)


def test_text_from_the_file_is_plain_in_the_form(qtbot: QtBot) -> None:
    markup = '<img src="file:///etc/passwd"><b>bold</b> and a title long enough to be cut'
    tl = timeline.Timeline(
        "T",
        [
            timeline.Event("a", markup, When.parse("2017-09-24"), sources=[Citation("s")]),
            timeline.Event("b", "B", When.parse("2017-09-25"), related=[Link("follows", "a")]),
        ],
        [timeline.Source("s", markup)],
    )
    dialog = EventDialog(None, tl, lambda _event: None, editing=tl["b"], form=form_of(tl["b"]))
    qtbot.addWidget(dialog)
    (_kind, chooser, _note) = dialog.related.editors(0)
    assert isinstance(chooser, QComboBox)
    assert chooser.currentText() == markup[:59] + "…"  # cut, never rendered
    assert chooser.itemData(chooser.currentIndex(), Qt.ItemDataRole.ToolTipRole).startswith(
        "<p style='white-space:pre-wrap'>&lt;img"
    )
    dialog.sources.add_row()
    source = dialog.sources.editors(0)[0]
    assert isinstance(source, QComboBox)
    assert source.itemText(1) == markup[:59] + "…"
    assert all(
        label.textFormat() == Qt.TextFormat.PlainText for label in dialog.findChildren(QLabel)
    )


def test_an_event_changed_while_its_form_is_open_is_not_overwritten(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.select_event("operation-mega")
    window.action("edit_event").trigger()
    dialog = _form(qtbot, window)
    _type(dialog.summary, "Mine")
    tl = window.timeline()
    assert tl is not None
    # meanwhile (a reload of the file changed on disk, say) the event changes
    theirs = attrs.evolve(tl["operation-mega"], title="Theirs")
    window.editor.push(edit.replace_event(tl, "operation-mega", theirs))
    QTest.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "changed (or went) while this form was open" in dialog.summary_line.text()
    tl = window.timeline()
    assert tl is not None
    assert tl["operation-mega"] == theirs


def _popup(line: QLineEdit) -> QAbstractItemView:
    """The popup list of the line's completer."""
    completer = line.completer()
    assert completer is not None
    popup = completer.popup()
    assert popup is not None
    return popup


def test_the_related_event_chooser_narrows_as_you_type_and_keys_choose(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.select_event("operation-mega")
    window.action("edit_event").trigger()
    dialog = _form(qtbot, window)
    QTest.mouseClick(dialog.related.add_button, Qt.MouseButton.LeftButton)
    kind, chooser, _note = dialog.related.editors(0)
    _type(kind, "follows")
    assert isinstance(chooser, QComboBox)
    line = chooser.lineEdit()
    assert line is not None
    assert line.placeholderText().startswith("Type to find an event")
    _type(line, "SAFE")
    popup = _popup(line)
    qtbot.waitUntil(popup.isVisible)
    shown = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert shown == [  # by title and by id ("safe-city-announced"), in time order
        "Operation Safe City (24–27 Sep 2017)",
        "ICE announces the results (28 Sep 2017)",
    ]
    QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Return)
    assert chooser.currentText() == "ICE announces the results (28 Sep 2017)"
    assert dialog.related.values() == [("follows", "safe-city-announced", "")]
    _type(line, "safe nothing")
    qtbot.waitUntil(popup.isVisible)
    note = popup.model().index(0, 0)
    assert note.data() == "No event has these words"
    assert not note.flags() & Qt.ItemFlag.ItemIsSelectable  # not a choice
    assert dialog.problems["related"].text() == "row 1: event: unknown event 'safe nothing'"
    assert not dialog.ok.isEnabled()
    _type(line, "operation-safe-city")  # an id typed whole is that event
    QTest.keyClick(popup, Qt.Key.Key_Escape)
    with qtbot.waitSignal(window.timeline_changed):
        QTest.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    tl = window.timeline()
    assert tl is not None
    assert tl["operation-mega"].related[-1] == Link("follows", "operation-safe-city")


def _rows_asked(monkeypatch: pytest.MonkeyPatch, model: type[QAbstractItemModel]) -> set[int]:
    """The rows whose data the views ask ``model`` (a class) for, from now on."""
    asked: set[int] = set()
    real = model.data

    def data(self: QAbstractItemModel, index: QModelIndex, role: int = 0) -> object:
        asked.add(index.row())
        return real(self, index, role)

    monkeypatch.setattr(model, "data", data)
    return asked


def test_typing_in_the_chooser_makes_no_row_of_every_event(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = [
        timeline.Event(f"rally-{i}", f"Rally {i}", When.parse("2017-09-24")) for i in range(3000)
    ]
    tl = timeline.Timeline("T", events)
    dialog = EventDialog(None, tl, lambda _event: None)
    qtbot.addWidget(dialog)
    asked = _rows_asked(monkeypatch, EventChoices)
    dialog.related.add_row()
    chooser = dialog.related.editors(0)[1]
    assert isinstance(chooser, QComboBox)
    line = chooser.lineEdit()
    assert line is not None
    _type(line, "rally 299")
    QTest.keyClick(line, Qt.Key.Key_Return)
    popup = _popup(line)
    assert popup.model().rowCount() == 13  # rally-299, rally-2990 to 2999, Rally 1299, 2299
    assert asked  # the rows shown were made
    assert len(asked) < 20  # not every event's


def test_a_form_on_thousands_of_sources_makes_only_the_rows_shown(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the citation's source chooser and "Count relative words from" list every source (25,000
    # in a big generated timeline): their rows are made when shown, not when the form opens
    from viewer.eventchooser import LabelChoices
    from viewer.goto import references

    asked = _rows_asked(monkeypatch, LabelChoices)
    long = "A long title of a report on the operations " * 2
    day = When.parse("2017-09-01")
    sources = [timeline.Source(f"s{i}", f"{long}{i}", published=day) for i in range(3000)]
    tl = timeline.Timeline("T", [timeline.Event("e", "E", day)], sources=sources)
    dialog = EventDialog(None, tl, lambda _event: None, choices=references(tl, None))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.sources.add_row()
    chooser = dialog.sources.editors(0)[0]
    assert isinstance(chooser, QComboBox)
    assert chooser.count() == 3001  # ("Choose a source…" first)
    assert dialog.reference.count() == 3000
    assert len(asked) < 50
    row = chooser.findData("s2999")  # (by id, not by every row's label)
    assert row == 3000
    assert len(asked) < 50
    chooser.setCurrentIndex(row)
    assert chooser.currentText().endswith("…")  # (cut short; whole in its tooltip)
    tip = chooser.itemData(row, Qt.ItemDataRole.ToolTipRole)
    assert isinstance(tip, str)
    assert tip.rstrip("</p>").endswith(" 2999")
    assert dialog.reference.itemText(2999).endswith(" 2999, published 1 Sep 2017")  # (whole)


def test_the_form_describes_the_sources_dates_once_while_they_stay_the_same(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    # made by the loader's worker (viewer.formchoices), then kept while the sources are the
    # same: an edit of an event's title makes another timeline with equal sources
    from viewer import formchoices
    from viewer.goto import source_references as real

    qtbot.waitUntil(lambda: window.loader().wait_idle(0), timeout=20_000)  # (the follow-ups)
    made: list[int] = []

    def counted(sources: Any, locale: str = "en") -> Any:
        made.append(len(sources))
        return real(sources, locale)

    monkeypatch.setattr(formchoices, "source_references", counted)
    before = window.timeline()
    assert before is not None
    window.select_event("operation-safe-city")
    window.action("edit_event").trigger()
    dialog = _form(qtbot, window)
    assert dialog.reference.count() > 1  # (today, then the sources with a date)
    _type(dialog.title, "Operation Safe City, renamed")
    QTest.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    edited = window.timeline()
    assert edited is not before
    assert edited is not None
    assert edited.sources == before.sources
    window.select_event("safe-city-announced")
    window.action("edit_event").trigger()
    dialog = _form(qtbot, window)
    assert dialog.reference.count() > 1
    dialog.close()
    window.action("new_event").trigger()
    _form(qtbot, window).close()
    assert made == []  # (made before, on the worker, for the timeline loaded)


def test_a_new_id_is_given_in_the_form_and_the_links_to_it_follow(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    window.select_event("safe-city-announced")
    window.action("edit_event").trigger()
    dialog = _form(qtbot, window)
    assert dialog.id.text() == "safe-city-announced"
    assert not dialog.id_note.isVisible()
    _type(dialog.id, "operation-mega")
    assert dialog.problems["id"].text() == "'operation-mega' is already the id of 'Operation Mega'"
    assert not dialog.ok.isEnabled()
    _type(dialog.id, "ice-results")
    assert dialog.id_note.isVisible()
    assert dialog.id_note.text().startswith("Was safe-city-announced: the links of other events")
    with qtbot.waitSignal(window.timeline_changed):
        QTest.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    tl = window.timeline()
    assert tl is not None
    assert "safe-city-announced" not in tl
    assert tl["operation-safe-city"].related == (Link("announced-by", "ice-results"),)
    assert window.action("undo").text() == (
        "&Undo Change the id of 'ICE announces the results' to 'ice-results' (1 link updated)"
    )
    assert window.editor.save()
    text = sample_file.read_text(encoding="utf-8")
    assert "safe-city-announced" not in text
    assert text.index('id = "ice-results"') < text.index('id = "operation-mega"')  # in place
    assert text.count('event = "ice-results"') == 1
    window.action("undo").trigger()
    tl = window.timeline()
    assert tl is not None
    assert tl["operation-safe-city"].related == (Link("announced-by", "safe-city-announced"),)


def test_the_notes_of_a_citation_and_a_link_are_typed_in_their_rows(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.select_event("operation-safe-city")
    window.action("edit_event").trigger()
    dialog = _form(qtbot, window)
    *_cited, citation_note = dialog.sources.editors(0)
    *_linked, link_note = dialog.related.editors(0)
    assert isinstance(citation_note, QLineEdit)
    assert citation_note.placeholderText() == "Note (yours, about this citation)"
    _type(citation_note, "Its count of arrests is the release's.")
    _type(link_note, "<b>same week</b>")
    with qtbot.waitSignal(window.timeline_changed):
        QTest.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    tl = window.timeline()
    assert tl is not None
    event = tl["operation-safe-city"]
    assert event.sources[0].note == "Its count of arrests is the release's."
    assert event.related[0].note == "<b>same week</b>"  # plain text, kept as typed
    assert window.action("undo").text() == "&Undo Edit 'Operation Safe City'"
    window.action("edit_event").trigger()
    again = _form(qtbot, window)
    assert again.related.values()[0][2] == "<b>same week</b>"


def _big_window(make_window: WindowFactory, tmp_path: Path) -> tuple[MainWindow, Timeline]:
    """A window showing 3,000 generated events from a Parquet file (held as columns)."""
    pytest.importorskip("pyarrow")
    columnar = pytest.importorskip("benchmarks.columnar")  # (numpy)
    path = tmp_path / "big.parquet"
    columnar.write(3000, path)
    window = make_window(path)
    tl = window.timeline()
    assert tl is not None
    assert isinstance(tl.events, EventColumns)
    return window, tl


def test_the_form_of_a_linked_event_of_a_big_timeline_makes_no_other_event(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    window, tl = _big_window(make_window, tmp_path)
    assert isinstance(tl.events, EventColumns)
    other = timeline.load(tmp_path / "big.parquet")  # (the same events, not the window's)
    linked = next(e for e in other if e.related)
    window.select_event(linked.id)
    before = tl.events.made()
    window.action("edit_event").trigger()
    dialog = _form(qtbot, window)
    assert [v[1] for v in dialog.related.values()] == [link.event for link in linked.related]
    # (the kinds of link offered were gathered from every event, making each: 12.8 s at 100k)
    assert tl.events.made() - before < 10
    QTest.mouseClick(dialog.related.add_button, Qt.MouseButton.LeftButton)
    row = dialog.related.count() - 1
    kind, chooser, _note = dialog.related.editors(row)
    _type(kind, "follows")
    assert isinstance(chooser, QComboBox)
    line = chooser.lineEdit()
    assert line is not None
    typed = linked.title.split()[0][:3]
    _type(line, typed)
    popup = _popup(line)
    qtbot.waitUntil(popup.isVisible)
    having = sum(1 for e in other if typed.casefold() in f"{e.title}\n{e.id}".casefold())
    assert having > 1
    assert dialog.problems["related"].text() == (  # (was "unknown event 'She'")
        f"row {row + 1}: event: not chosen yet: {having:,} events have these words"
        " (choose one in the list)"
    )
    assert not dialog.ok.isEnabled()
    assert tl.events.made() - before < 3 * 50  # the rows the popup showed (50 a key at most)


def test_a_title_edited_in_a_big_timeline_keeps_the_bounds_and_lanes_the_window_made(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    # the event keeps its date, so its place: the edited timeline shares the keys, and the
    # window does not sort every key again on the GUI thread (0.2 s at ten million events)
    window, tl = _big_window(make_window, tmp_path)
    from viewer.scene import _WHOLE
    from viewer.viewport import _BOUNDS

    zone = window.view_choices.zone_for(tl)
    bounds = _BOUNDS.peek(tl, zone)
    assert bounds is not None  # (made to show it)
    qtbot.waitUntil(lambda: _WHOLE.peek(tl, zone) is not None)  # (the loader's follow-up)
    lanes = _WHOLE.peek(tl, zone)
    target = tl.events[1200]
    window.select_event(target.id)
    window.action("edit_event").trigger()
    dialog = _form(qtbot, window)
    _type(dialog.title, "Renamed in place")
    with qtbot.waitSignal(window.timeline_changed):
        QTest.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    edited = window.timeline()
    assert edited is not None
    assert edited is not tl
    assert edited[target.id].title == "Renamed in place"
    assert _BOUNDS.peek(edited, zone) is bounds
    assert _WHOLE.peek(edited, zone) is lanes  # (its dates and citations kept)
    window.action("undo").trigger()
    undone = window.timeline()
    assert undone is not None
    assert undone[target.id].title == target.title
    assert _BOUNDS.peek(undone, zone) is bounds


def test_what_the_form_offers_is_made_by_the_loaders_worker(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the link kinds (the links column read whole) and the sources' dates described: 0.38 s
    # of the first form of a big file, made on the worker once the first frame is painted
    from viewer import formchoices

    wire = timeline.Source("wire", "Wire", published=When.parse("2017-09-03"))
    first = timeline.Event("a", "First", When.parse("2017-09-01"))
    second = timeline.Event(
        "b",
        "Second",
        When.parse("2017-09-02"),
        related=(Link("follows", "a"),),
        sources=(timeline.Citation("wire"),),
    )
    pytest.importorskip("pyarrow")
    path = tmp_path / "linked.parquet"  # (held as columns: the kinds read from a column)
    timeline.dump(timeline.Timeline("Linked", [first, second], [wire]), path)
    window = make_window(path)
    qtbot.waitUntil(lambda: window.loader().wait_idle(0), timeout=20_000)  # (the follow-ups)
    made_here: list[str] = []

    def not_here(*_args: object) -> object:
        made_here.append(threading.current_thread().name)
        raise AssertionError("made on the GUI thread")

    monkeypatch.setattr(formchoices, "link_kinds_of", not_here)
    monkeypatch.setattr(formchoices, "source_references", not_here)
    window.select_event("b")
    window.action("edit_event").trigger()
    dialog = _form(qtbot, window)
    assert made_here == []
    tl = window.timeline()
    assert tl is not None
    assert formchoices.link_kinds(tl) == ["follows"]
    assert [r.source for r in formchoices.listed_references(tl)] == ["wire"]
    dialog.reject()
