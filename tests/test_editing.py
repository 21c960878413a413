"""Editing in the window as a user: undo, redo, save, unsaved changes asked about."""

# The fixtures imported from tests.test_window are parameters of the tests here.
# ruff: noqa: F401, F811

from __future__ import annotations

import difflib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

import timeline
from tests.test_window import WindowFactory, make_window, sample_file, settings_dir, window
from timeline import edit
from timeline import patch as patch_module
from timeline.models import Event
from timeline.when import When
from viewer import editing
from viewer.window import MainWindow

WAIT_MS = 10_000


class Answers:
    """Stands for the user answering the editor's questions, in turn; records them."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.asked: list[str] = []

    def __call__(
        self, parent: QWidget | None, title: str, text: str, choices: Sequence[str]
    ) -> str:
        self.asked.append(text)
        if not self.answers:  # the window closing at the end of a test: let the edits go
            return "Discard" if "Discard" in choices else choices[-1]
        answer = self.answers.pop(0)
        assert answer in choices, (answer, choices)
        return answer


@pytest.fixture(autouse=True)
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    recorder = Answers()
    monkeypatch.setattr(editing, "ask", recorder)
    return recorder


def _rename(window: MainWindow, event_id: str, title: str) -> None:
    tl = window.timeline()
    assert tl is not None
    window.editor.push(edit.replace_event(tl, event_id, attrs.evolve(tl[event_id], title=title)))


def _key(qtbot: QtBot, window: MainWindow, key: Qt.Key, shift: bool = False) -> None:
    mods = Qt.KeyboardModifier.ControlModifier
    if shift:
        mods |= Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(window, key, mods)


def _changed_lines(before: bytes, after: bytes) -> list[str]:
    diff = difflib.unified_diff(
        before.decode().splitlines(), after.decode().splitlines(), lineterm="", n=0
    )
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def test_undo_is_named_after_the_change_and_marks_the_title(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert not window.isWindowModified()
    assert not window.action("undo").isEnabled()
    _rename(window, "operation-mega", "Mega renamed")
    assert window.isWindowModified()
    assert window.action("undo").text() == "&Undo Rename 'Operation Mega' to 'Mega renamed'"
    tl = window.timeline()
    assert tl is not None
    assert tl["operation-mega"].title == "Mega renamed"
    assert "Mega renamed" in [
        str(window.event_list.model().index(r, 1).data())
        for r in range(window.event_list.model().rowCount())
    ]
    _key(qtbot, window, Qt.Key.Key_Z)
    tl = window.timeline()
    assert tl is not None
    assert tl["operation-mega"].title != "Mega renamed"
    assert not window.isWindowModified()
    _key(qtbot, window, Qt.Key.Key_Z, shift=True)
    tl = window.timeline()
    assert tl is not None
    assert tl["operation-mega"].title == "Mega renamed"


def test_save_changes_only_the_edited_event_and_undo_all_gives_the_bytes_back(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    original = sample_file.read_bytes()
    _rename(window, "operation-mega", "Mega renamed")
    _rename(window, "sessions-portland", "Portland renamed")
    _key(qtbot, window, Qt.Key.Key_S)
    assert not window.isWindowModified()
    saved = sample_file.read_bytes()
    changed = _changed_lines(original, saved)
    assert len(changed) == 4, changed
    assert all("title = " in line for line in changed), changed
    assert timeline.loads(saved.decode()) == window.timeline()
    # the watcher sees the save: it is not news, the history stays
    window.loader().reload()
    qtbot.waitUntil(lambda: not window.loader().is_busy(), timeout=WAIT_MS)
    assert window.action("undo").isEnabled()
    _key(qtbot, window, Qt.Key.Key_Z)
    _key(qtbot, window, Qt.Key.Key_Z)
    assert window.isWindowModified()  # the file holds the renames
    _key(qtbot, window, Qt.Key.Key_S)
    assert sample_file.read_bytes() == original


def test_save_patches_the_file_once(
    qtbot: QtBot, window: MainWindow, sample_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the editor asks the document for the patch (to warn of a whole rewrite) and then
    # writes that same patch: making it twice doubled the cost of Ctrl+S on big files
    made: list[str] = []
    real = patch_module._patch

    def counted(*args: Any) -> patch_module.Patched:
        made.append("patch")
        return real(*args)

    monkeypatch.setattr(patch_module, "_patch", counted)
    _rename(window, "operation-mega", "Mega renamed")
    _key(qtbot, window, Qt.Key.Key_S)
    assert not window.isWindowModified()
    assert made == ["patch"]
    assert timeline.load(sample_file)["operation-mega"].title == "Mega renamed"


def test_closing_with_unsaved_changes_asks(
    qtbot: QtBot, window: MainWindow, sample_file: Path, answers: Answers
) -> None:
    original = sample_file.read_bytes()
    _rename(window, "operation-mega", "Mega renamed")
    answers.answers = ["Cancel"]
    assert not window.close()
    assert window.isVisible()
    assert answers.asked == ["Save the changes to this timeline?"]
    answers.answers = ["Discard"]
    assert window.close()
    assert sample_file.read_bytes() == original


def test_closing_and_saving(
    qtbot: QtBot, window: MainWindow, sample_file: Path, answers: Answers
) -> None:
    _rename(window, "operation-mega", "Mega renamed")
    answers.answers = ["Save"]
    assert window.close()
    assert timeline.load(sample_file)["operation-mega"].title == "Mega renamed"


def test_opening_another_file_with_unsaved_changes_asks(
    qtbot: QtBot, window: MainWindow, sample_file: Path, answers: Answers, tmp_path: Path
) -> None:
    other = tmp_path / "other.toml"
    other.write_bytes(sample_file.read_bytes())
    _rename(window, "operation-mega", "Mega renamed")
    answers.answers = ["Cancel"]
    window.open_file(other)
    assert window.current_path() == sample_file.absolute()
    tl = window.timeline()
    assert tl is not None
    assert tl["operation-mega"].title == "Mega renamed"


def _external_edit(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    tl = timeline.loads(text)
    title = tl["operation-mega"].title
    path.write_text(text.replace(f'"{title}"', '"Changed by someone else"', 1), encoding="utf-8")


def test_a_change_on_disk_while_dirty_asks_and_keep_mine_keeps_them(
    qtbot: QtBot, window: MainWindow, sample_file: Path, answers: Answers
) -> None:
    _rename(window, "sessions-portland", "Mine")
    answers.answers = ["Keep Mine"]
    _external_edit(sample_file)
    window.loader().reload()
    qtbot.waitUntil(lambda: bool(answers.asked), timeout=WAIT_MS)
    assert "changed on disk" in answers.asked[0]
    tl = window.timeline()
    assert tl is not None
    assert tl["sessions-portland"].title == "Mine"
    assert window.isWindowModified()


def test_a_change_on_disk_while_dirty_reload_theirs(
    qtbot: QtBot, window: MainWindow, sample_file: Path, answers: Answers
) -> None:
    _rename(window, "sessions-portland", "Mine")
    answers.answers = ["Reload Theirs"]
    _external_edit(sample_file)
    with qtbot.waitSignal(window.timeline_changed, timeout=WAIT_MS):
        window.loader().reload()
    tl = window.timeline()
    assert tl is not None
    assert tl["operation-mega"].title == "Changed by someone else"
    assert tl["sessions-portland"].title != "Mine"
    assert not window.isWindowModified()
    assert not window.action("undo").isEnabled()


def test_a_change_on_disk_while_clean_just_reloads(
    qtbot: QtBot, window: MainWindow, sample_file: Path, answers: Answers
) -> None:
    _external_edit(sample_file)
    with qtbot.waitSignal(window.timeline_changed, timeout=WAIT_MS):
        window.loader().reload()
    tl = window.timeline()
    assert tl is not None
    assert tl["operation-mega"].title == "Changed by someone else"
    assert answers.asked == []


def test_new_timeline_then_save_as(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window()
    window.action("new").trigger()
    tl = window.timeline()
    assert tl is not None
    assert len(tl) == 0
    event = Event("first", "First event", When.parse("2017-09-24"))
    window.editor.push(edit.add_event(tl, event))
    assert window.isWindowModified()
    target = tmp_path / "new.toml"
    window.editor.choose_save_path = lambda: str(target)
    with qtbot.waitSignal(window.timeline_changed, timeout=WAIT_MS):
        window.action("save").trigger()  # File ▸ Save: no file yet, so Save As
    assert timeline.load(target)["first"].title == "First event"
    assert window.current_path() == target.absolute()
    assert not window.isWindowModified()
