"""What the library notes while the window saves or exports (``timeline.noted``) is shown in
the window, not only written to standard error: the file is written, and the user is told
what it could not hold as it is (deep-time dates past Arrow's ``date32`` left null beside
their EDTF text; events before year 1 left out of an iCalendar file)."""

# The fixtures imported from tests.test_window are parameters here.
# ruff: noqa: F401, F811

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

import timeline
from tests.test_window import WindowFactory, _save_to, make_window, settings_dir
from viewer import editing
from viewer.window import MainWindow

DEEP = Path(__file__).parent / "data" / "viewer" / "deep-time.toml"
WAIT_MS = 20_000


@pytest.fixture
def deep(make_window: WindowFactory, tmp_path: Path) -> MainWindow:
    path = tmp_path / "deep-time.toml"
    shutil.copy(DEEP, path)
    return make_window(path)


def _boxes(window: MainWindow) -> list[str]:
    return [box.text() for box in window.findChildren(QMessageBox) if box.isVisible()]


def _noted(window: MainWindow) -> tuple[str, list[str]]:
    """The one box shown: its first line, and the notes below the blank line."""
    (text,) = _boxes(window)
    first, blank, *lines = text.splitlines()
    assert blank == ""
    return first, lines


def _close_boxes(window: MainWindow) -> None:
    for box in window.findChildren(QMessageBox):
        box.close()


@pytest.mark.parametrize("away", [False, True], ids=["here", "on-a-worker"])
def test_a_save_says_what_the_file_could_not_hold(
    qtbot: QtBot, deep: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, away: bool
) -> None:
    pytest.importorskip("pyarrow")
    if away:
        monkeypatch.setattr(editing, "SAVE_AWAY_FROM", 1)
    target = tmp_path / "deep.parquet"
    deep.editor.choose_save_path = lambda: str(target)
    with qtbot.waitSignal(deep.editor.saved, timeout=WAIT_MS) as saved:
        deep.action("save_as").trigger()
    assert saved.args == [str(target), ""]
    first, lines = _noted(deep)
    assert first == f"Saved {len(timeline.load(DEEP))} events to deep.parquet, with notes:"
    assert "• event 'permian': earliest_day: Y-298900000/Y-251902000 lies outside" in lines[0]
    assert timeline.load(target) == deep.timeline()  # (the dates kept, as EDTF)
    # a save with nothing to note says nothing more
    _close_boxes(deep)
    with qtbot.waitSignal(deep.editor.saved, timeout=WAIT_MS):
        deep.editor.choose_save_path = lambda: str(tmp_path / "deep-copy.toml")
        deep.action("save_as").trigger()
    assert _boxes(deep) == []


def test_an_export_says_which_events_it_left_out(
    qtbot: QtBot, deep: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("timeline.export")
    icalendar = pytest.importorskip("icalendar")
    target = tmp_path / "deep.ics"
    _save_to(monkeypatch, target)
    for _ in range(2):  # (said each time, not once a session as a warning is)
        _close_boxes(deep)
        with qtbot.waitSignal(deep.export_finished, timeout=WAIT_MS) as blocker:
            deep.action("export_ics").trigger()
        assert blocker.args == [str(target), ""]
        first, lines = _noted(deep)
        assert first == f"Exported to {target}, with notes:"
        assert lines[0] == (
            "• event 'permian': when: Y-298900000/Y-251902000 lies outside years 1–9999,"
            " which iCalendar cannot hold: left out"
        )
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    uids = {str(c.get("UID")).partition("@")[0] for c in calendar.walk("VEVENT")}
    assert uids == {"moon-landing", "today"}
