"""Saving a big timeline on a worker (issue 15): the window answers while the file is written,
the edits made meanwhile are kept (and not marked saved), leaving waits for the save."""

# The fixtures imported from tests.test_window and tests.test_editing are parameters here.
# ruff: noqa: F401, F811

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

import timeline
from tests.test_editing import WAIT_MS, Answers, _key, _rename, answers
from tests.test_window import WindowFactory, make_window, sample_file, settings_dir, window
from timeline.patch import Document
from viewer import editing
from viewer.window import MainWindow

HELD_S = 5.0


class HeldPatch:
    """A save's patch of the file's text, held on its worker until the GUI thread's event loop
    lets it through (``in_time``: it did, so the window kept answering)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.entered = threading.Event()
        self.let_through = threading.Event()
        self.in_time: list[bool] = []
        self.threads: list[bool] = []
        patch = Document.patch

        def held(doc: Document, *args: Any, **kwargs: Any) -> Any:
            self.threads.append(threading.current_thread() is threading.main_thread())
            self.entered.set()
            self.in_time.append(self.let_through.wait(HELD_S))
            return patch(doc, *args, **kwargs)

        monkeypatch.setattr(Document, "patch", held)

    def release_from_the_event_loop(self) -> None:
        QTimer.singleShot(0, self.let_through.set)


@pytest.fixture
def away(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sample timeline is saved on a worker (as one of 10,000 events is)."""
    monkeypatch.setattr(editing, "SAVE_AWAY_FROM", 1)


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> HeldPatch:
    return HeldPatch(monkeypatch)


def _start_held_save(qtbot: QtBot, window: MainWindow, held: HeldPatch) -> None:
    """Rename an event, then Ctrl+S: the save waits on its worker (``held``)."""
    _rename(window, "operation-mega", "Mega renamed")
    _key(qtbot, window, Qt.Key.Key_S)
    assert held.entered.wait(HELD_S)


def _let_the_save_end(qtbot: QtBot, window: MainWindow, held: HeldPatch) -> None:
    with qtbot.waitSignal(window.editor.saved, timeout=WAIT_MS):
        held.release_from_the_event_loop()


def _events(window: MainWindow) -> int:
    tl = window.timeline()
    assert tl is not None
    return len(tl)


def _busy_shown(window: MainWindow) -> bool:
    return not window.busy.isHidden()


def test_a_big_timeline_is_saved_on_a_worker_while_the_window_answers(
    qtbot: QtBot, window: MainWindow, sample_file: Path, away: None, held: HeldPatch
) -> None:
    _start_held_save(qtbot, window, held)  # (Ctrl+S returned at once)
    assert held.threads == [False]  # (patched on a worker)
    n = _events(window)
    assert window.statusBar().currentMessage() == f"Saving {n:,} events to events.toml…"
    assert _busy_shown(window)
    assert window.isWindowModified()  # not saved yet
    assert b"Mega renamed" not in sample_file.read_bytes()
    with qtbot.waitSignal(window.editor.saved, timeout=WAIT_MS) as saved:
        held.release_from_the_event_loop()
    assert held.in_time == [True]
    assert saved.args == [str(sample_file), ""]
    assert not window.isWindowModified()
    assert b'"Mega renamed"' in sample_file.read_bytes()
    assert window.statusBar().currentMessage() == f"Saved {n:,} events to events.toml"
    assert not _busy_shown(window)
    assert timeline.load(sample_file) == window.timeline()


def test_an_edit_made_while_saving_is_kept_and_not_marked_saved(
    qtbot: QtBot, window: MainWindow, sample_file: Path, away: None, held: HeldPatch
) -> None:
    _start_held_save(qtbot, window, held)
    _rename(window, "sessions-portland", "Portland renamed")  # while the file is written
    _let_the_save_end(qtbot, window, held)
    text = sample_file.read_bytes()
    assert b'"Mega renamed"' in text
    assert b"Portland renamed" not in text
    assert window.isWindowModified()  # the second edit is not in the file
    tl = window.timeline()
    assert tl is not None
    assert tl["sessions-portland"].title == "Portland renamed"
    with qtbot.waitSignal(window.editor.saved, timeout=WAIT_MS):
        _key(qtbot, window, Qt.Key.Key_S)  # (the gate is open now)
    assert not window.isWindowModified()
    assert timeline.load(sample_file) == window.timeline()


def test_an_edit_undone_and_another_made_in_its_place_while_saving_is_not_marked_saved(
    qtbot: QtBot, window: MainWindow, sample_file: Path, away: None, held: HeldPatch
) -> None:
    """The history is back at the same length when the save ends, but at another edit."""
    _start_held_save(qtbot, window, held)
    _key(qtbot, window, Qt.Key.Key_Z)
    _rename(window, "operation-mega", "Mega named again")
    _let_the_save_end(qtbot, window, held)
    assert b'"Mega renamed"' in sample_file.read_bytes()
    assert window.isWindowModified()


def test_an_edit_undone_and_redone_while_saving_is_marked_saved(
    qtbot: QtBot, window: MainWindow, sample_file: Path, away: None, held: HeldPatch
) -> None:
    _start_held_save(qtbot, window, held)
    _key(qtbot, window, Qt.Key.Key_Z)
    _key(qtbot, window, Qt.Key.Key_Z, shift=True)
    _let_the_save_end(qtbot, window, held)
    assert not window.isWindowModified()
    assert timeline.load(sample_file) == window.timeline()


def test_closing_the_window_while_saving_waits_for_the_save_and_asks_nothing(
    qtbot: QtBot, window: MainWindow, sample_file: Path, away: None, answers: Answers
) -> None:
    _rename(window, "operation-mega", "Mega renamed")
    _key(qtbot, window, Qt.Key.Key_S)
    assert window.editor.is_saving() or not window.isWindowModified()
    assert window.close()  # (no event handled between: the save's end is taken by the close)
    assert answers.asked == []
    assert b'"Mega renamed"' in sample_file.read_bytes()
    assert not window.editor.is_saving()


def _edited_to_save_as(window: MainWindow, target: Path) -> Path:
    """``target``, after an edit and with File > Save As aimed at it."""
    _rename(window, "operation-mega", "Mega renamed")
    window.editor.choose_save_path = lambda: str(target)
    return target


def test_save_as_on_a_worker_then_shows_the_new_file(
    qtbot: QtBot, window: MainWindow, sample_file: Path, tmp_path: Path, away: None
) -> None:
    target = _edited_to_save_as(window, tmp_path / "copy.toml")
    with qtbot.waitSignal(window.files.loaded, timeout=WAIT_MS):
        window.action("save_as").trigger()
    assert window.current_path() == target
    assert not window.isWindowModified()
    assert "copy.toml" in window.windowTitle()
    assert b'"Mega renamed"' in target.read_bytes()
    assert b"Mega renamed" not in sample_file.read_bytes()


def test_save_as_with_an_edit_made_meanwhile_watches_the_new_file_and_keeps_the_edit(
    qtbot: QtBot,
    window: MainWindow,
    sample_file: Path,
    tmp_path: Path,
    away: None,
    held: HeldPatch,
) -> None:
    target = _edited_to_save_as(window, tmp_path / "copy.toml")
    window.action("save_as").trigger()
    assert held.entered.wait(HELD_S)
    _rename(window, "sessions-portland", "Portland renamed")
    with qtbot.waitSignal(window.loader().loaded, timeout=WAIT_MS):  # (the copy, watched)
        held.release_from_the_event_loop()
    assert window.current_path() == target
    assert "copy.toml" in window.windowTitle()
    assert window.isWindowModified()
    tl = window.timeline()
    assert tl is not None
    assert tl["sessions-portland"].title == "Portland renamed"  # the edit kept, not reloaded
    assert window.action("undo").text() == (
        "&Undo Rename 'Sessions speaks in Portland' to 'Portland renamed'"
    )
    assert b"Portland renamed" not in target.read_bytes()
    with qtbot.waitSignal(window.editor.saved, timeout=WAIT_MS):
        _key(qtbot, window, Qt.Key.Key_S)  # into the copy now
    assert b'"Portland renamed"' in target.read_bytes()
    assert b"renamed" not in sample_file.read_bytes()


def test_a_save_on_a_worker_that_fails_says_why_and_keeps_the_edits(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    away: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _title, text: warned.append(text))
    target = _edited_to_save_as(window, tmp_path / "no such folder" / "copy.toml")
    with qtbot.waitSignal(window.editor.saved, timeout=WAIT_MS) as saved:
        window.action("save_as").trigger()
    assert saved.args[0] == str(target)
    assert saved.args[1]  # why
    assert len(warned) == 1
    assert warned[0].startswith("Could not save:")
    assert window.isWindowModified()
    assert not _busy_shown(window)
    assert not target.exists()
    assert window.current_path() != target


def test_a_big_timeline_saved_as_parquet_on_a_worker(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, away: None
) -> None:
    pytest.importorskip("pyarrow")
    target = _edited_to_save_as(window, tmp_path / "copy.parquet")
    with qtbot.waitSignal(window.files.loaded, timeout=WAIT_MS):
        window.action("save_as").trigger()
    assert window.current_path() == target
    assert not window.isWindowModified()
    assert timeline.load(target) == window.timeline()
