"""What the user does while a big Parquet file's rest is being checked (issue 15): the window
answers, an action that needs whole events waits for the check and is done after it, and a
rest found bad then is told once, by the banner."""

# The fixtures imported from tests.test_window are parameters of the tests here.
# ruff: noqa: F401, F811

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

pytest.importorskip("pyarrow")

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

import timeline
from tests.held_check import HeldCheck
from tests.test_phased_view import BAD_ROW, N, _open, _write, phased
from tests.test_window import WindowFactory, _click_row, make_window, settings_dir
from timeline.columns import EventColumns
from timeline.models import Timeline
from viewer import editing
from viewer.eventdialog import EventDialog
from viewer.window import MainWindow


def _busy_cursor() -> bool:
    cursor = QApplication.overrideCursor()
    return cursor is not None and cursor.shape() == Qt.CursorShape.BusyCursor


def _messages(window: MainWindow) -> list[str]:
    return [box.text() for box in window.findChildren(QMessageBox) if box.isVisible()]


def test_an_edit_asked_during_the_check_waits_for_it_and_the_window_answers(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, phased: None
) -> None:
    path = _write(tmp_path / "big.parquet", bad=False)
    window, loader, held = _open(qtbot, make_window, path)
    tl = window.timeline()
    assert tl is not None
    assert not timeline.is_complete(tl)
    gate = HeldCheck(tl)
    _click_row(window, "e5")  # selected: the details say what the keys say
    assert window.selected_event() == "e5"
    details = window.details
    assert details.findChild(QWidget, "details-checking") is not None
    assert details.findChild(QWidget, "details-title").text() == "Event 5"  # type: ignore[union-attr]
    assert "What happened 5" not in details.text()
    assert window.action("edit_event").isEnabled()
    window.activateWindow()
    window.canvas.setFocus()
    QTest.keyClick(window.canvas, Qt.Key.Key_Return)  # Edit Event: it waits
    assert window.findChildren(EventDialog) == []
    assert window.statusBar().currentMessage().startswith("Edit Event: waiting for the rest")
    assert _busy_cursor()
    held[0]()  # (the check starts on its worker, held by the gate)
    with qtbot.waitSignal(loader.completed, timeout=20_000):
        gate.release_from_the_event_loop()
    assert gate.in_time == [True]  # the window answered while the edit waited
    (dialog,) = window.findChildren(EventDialog)  # then the edit was done
    assert dialog.title.text() == "Event 5"
    assert dialog.summary.toPlainText() == "What happened 5"
    assert "What happened 5" in details.text()  # the details whole now
    assert details.findChild(QWidget, "details-checking") is None
    assert not _busy_cursor()
    dialog.close()
    assert loader.wait_idle(20)


def test_actions_waiting_when_the_rest_is_refused_are_dropped_and_the_banner_says_why(
    qtbot: QtBot,
    make_window: WindowFactory,
    tmp_path: Path,
    phased: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An edit waiting, an export and a search under way when the rest is refused: no
    dialog, no error raised, no export's message of the load's error: the banner alone."""
    path = _write(tmp_path / "bad.parquet", bad=True)
    window, loader, held = _open(qtbot, make_window, path)
    tl = window.timeline()
    assert tl is not None
    gate = HeldCheck(tl)
    window.searching.on_worker_from = 0  # (searched on a worker, as a big file is)
    exported = tmp_path / "out.csv"
    monkeypatch.setattr(window.exports, "ask_path", lambda *_: (str(exported), ""))
    window.action("export_csv").trigger()  # (written on a worker: it waits there)
    QTest.keyClicks(window.search, "happened")  # (searched on a worker: it waits there)
    _click_row(window, "e5")
    window.action("edit_event").trigger()
    assert _busy_cursor()
    held[0]()
    with (
        qtbot.waitSignal(loader.rejected, timeout=20_000),
        qtbot.waitSignal(window.export_finished, timeout=20_000),
    ):
        gate.release_from_the_event_loop()
    qtbot.waitUntil(lambda: not window.searching.jobs.busy(), timeout=20_000)
    assert gate.in_time == [True]
    assert window.timeline() is None
    assert window.findChildren(EventDialog) == []
    assert _messages(window) == []  # (the export's failure is not a dialog of the load's error)
    assert not exported.exists()
    assert not _busy_cursor()
    text = window.banner.text()
    assert text.startswith("Could not open bad.parquet.")
    assert f"row {BAD_ROW}" in text
    assert "summary" in text
    assert loader.wait_idle(20)


def test_an_action_waiting_for_a_check_is_dropped_when_the_file_is_closed(
    qtbot: QtBot,
    make_window: WindowFactory,
    tmp_path: Path,
    phased: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []

    def ask(_parent: object, title: str, *_: object) -> str:
        asked.append(title)
        return "Cancel"

    monkeypatch.setattr(editing, "ask", ask)
    path = _write(tmp_path / "big.parquet", bad=False)
    window, loader, held = _open(qtbot, make_window, path)
    _click_row(window, "e5")
    window.action("delete_event").trigger()
    assert _busy_cursor()
    window.action("new").trigger()  # File ▸ New: nothing unsaved (the deletion waited)
    assert asked == []
    assert not _busy_cursor()
    held[0]()
    assert loader.wait_idle(20)
    QApplication.processEvents()  # (the check's outcome: not reported, the file closed)
    new = window.timeline()
    assert new is not None
    assert len(new) == 0


def test_a_reload_that_fails_during_the_check_leaves_the_shown_timeline_checked(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, phased: None
) -> None:
    """The file written over with something unreadable while its rest is checked: the
    timeline shown stays, and its check still ends (the edit waiting for it is done)."""
    path = _write(tmp_path / "big.parquet", bad=False)
    window, loader, held = _open(qtbot, make_window, path)
    shown = window.timeline()
    _click_row(window, "e5")
    window.action("edit_event").trigger()
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"not a parquet file")
    os.replace(broken, path)
    with qtbot.waitSignal(loader.failed, timeout=20_000):
        window.action("reload").trigger()  # File ▸ Reload (the watcher may see it first)
    assert window.timeline() is shown
    with qtbot.waitSignal(loader.completed, timeout=20_000):
        held[0]()
    (dialog,) = window.findChildren(EventDialog)
    assert dialog.title.text() == "Event 5"
    assert not _busy_cursor()
    dialog.close()
    assert loader.wait_idle(20)


def test_an_edit_made_as_the_check_ends_still_ends_checking_in_the_status_bar(
    qtbot: QtBot,
    make_window: WindowFactory,
    tmp_path: Path,
    phased: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The check ended on its worker, its signal not yet delivered, when an edit is made (the
    timeline is whole: the edit is done at once): the status bar stops saying "checking"."""
    monkeypatch.setattr(editing, "ask", lambda *_: "Discard")  # (the window closes unsaved)
    path = _write(tmp_path / "big.parquet", bad=False)
    window, loader, held = _open(qtbot, make_window, path)
    loaded = window.timeline()
    assert loaded is not None
    assert "checking the rest of the file" in window.statusBar().currentMessage()
    _click_row(window, "e5")
    held[0]()
    assert loader.wait_idle(20)  # (ended; the window is told when events are processed)
    assert timeline.is_complete(loaded)
    window.action("delete_event").trigger()  # (no links: done without asking)
    edited = window.timeline()
    assert edited is not loaded
    assert edited is not None
    assert "e5" not in edited
    with qtbot.waitSignal(loader.completed, timeout=20_000):
        pass
    assert "checking" not in window.statusBar().currentMessage()
    assert window.statusBar().currentMessage() == f"Loaded {N:,} events from big.parquet"
    assert window.timeline() is edited
