"""Live reload under bad input and faults, with real file operations.

Every case follows one rule: a reload that fails keeps the last good timeline
on screen, the banner says why (``file:line: event: field: message``), and the
window recovers by itself once the file is good again.  Nothing here sleeps:
each step waits for what the user would see.
"""

# The fixtures imported from tests.test_window are parameters of the tests here.
# ruff: noqa: F401, F811

from __future__ import annotations

import gc
import os
import threading
import weakref
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QThreadPool, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import timeline

# The window fixtures of the viewer tests (a temporary QSettings folder, a copy
# of the sample file, a window showing it).
from tests.test_window import (
    SAMPLE_IDS,
    WindowFactory,
    make_window,
    sample_file,
    settings_dir,
    window,
)
from timeline.models import Timeline
from viewer.loader import LiveLoader
from viewer.window import MainWindow

WAIT_MS = 10_000


def _titles(window: MainWindow) -> list[str]:
    model = window.event_list.model()
    return [str(model.index(r, 1).data()) for r in range(model.rowCount())]


def _still_showing_the_last_good(window: MainWindow) -> None:
    assert window.event_list.event_ids() == SAMPLE_IDS
    assert window.status_text() == "showing 5 of 5 events"
    canvas_tl = window.canvas.timeline()
    assert canvas_tl is not None
    assert [e.id for e in canvas_tl] == SAMPLE_IDS


def _recovered(qtbot: QtBot, window: MainWindow, title: str) -> None:
    qtbot.waitUntil(lambda: title in _titles(window), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=WAIT_MS)


def _retitled(good: str, title: str) -> str:
    text = good.replace('title = "Operation Mega"', f'title = "{title}"')
    assert title in text
    return text


def _write_in_place(path: Path, text: str) -> None:
    """Rewrite the file's bytes (same inode), as ``>`` in a shell or a plain save does."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write(text)


# -- bad contents ------------------------------------------------------------------------


def test_a_syntax_error_keeps_the_last_good_timeline_until_fixed(
    qtbot: QtBot,
    window: MainWindow,
    sample_file: Path,
) -> None:
    good = sample_file.read_text(encoding="utf-8")
    lines = good.splitlines()
    lines[5] = "url = https://broken"  # a TOML syntax error on line 6
    _write_in_place(sample_file, "\n".join(lines) + "\n")
    qtbot.waitUntil(window.banner.isVisible, timeout=WAIT_MS)
    banner = window.banner.text()
    assert f"{sample_file}:6: invalid TOML" in banner
    assert "events.toml has errors; still showing the last good version" in banner
    _still_showing_the_last_good(window)

    _write_in_place(sample_file, _retitled(good, "Operation Mega (fixed)"))
    _recovered(qtbot, window, "Operation Mega (fixed)")


def test_a_bad_value_names_the_file_line_event_and_field(
    qtbot: QtBot,
    window: MainWindow,
    sample_file: Path,
) -> None:
    good = sample_file.read_text(encoding="utf-8")
    bad = good.replace('when = "2017-09-28"', 'when = "2017-13-45"')
    line = bad.splitlines().index('when = "2017-13-45"') + 1
    _write_in_place(sample_file, bad)
    qtbot.waitUntil(window.banner.isVisible, timeout=WAIT_MS)
    prefix = f"{sample_file}:{line}: event 'safe-city-announced': when: "
    assert any(row.startswith(prefix) for row in window.banner.text().splitlines())
    _still_showing_the_last_good(window)
    _write_in_place(sample_file, _retitled(good, "Operation Mega (fixed)"))
    _recovered(qtbot, window, "Operation Mega (fixed)")


def test_a_half_written_file_waits_for_the_rest(
    qtbot: QtBot,
    window: MainWindow,
    sample_file: Path,
) -> None:
    good = _retitled(sample_file.read_text(encoding="utf-8"), "Operation Mega (complete)")
    cut = good.index('role = "Acting Director, ICE"') + len('role = "Act')
    _write_in_place(sample_file, good[:cut])  # truncated in the middle of a table
    qtbot.waitUntil(window.banner.isVisible, timeout=WAIT_MS)
    assert f"{sample_file}:" in window.banner.text()
    _still_showing_the_last_good(window)
    with sample_file.open("a", encoding="utf-8") as handle:  # the writer finishes
        handle.write(good[cut:])
    _recovered(qtbot, window, "Operation Mega (complete)")
    assert window.event_list.event_ids() == SAMPLE_IDS


def test_an_empty_file_keeps_the_last_good_timeline(
    qtbot: QtBot,
    window: MainWindow,
    sample_file: Path,
) -> None:
    good = sample_file.read_text(encoding="utf-8")
    _write_in_place(sample_file, "")
    qtbot.waitUntil(window.banner.isVisible, timeout=WAIT_MS)
    assert f"{sample_file}: title: missing" in window.banner.text()
    _still_showing_the_last_good(window)
    _write_in_place(sample_file, _retitled(good, "Operation Mega (refilled)"))
    _recovered(qtbot, window, "Operation Mega (refilled)")


def test_a_file_broken_from_the_start_loads_once_fixed(
    qtbot: QtBot,
    make_window: WindowFactory,
    sample_file: Path,
) -> None:
    good = sample_file.read_text(encoding="utf-8")
    sample_file.write_text('title = "x"\n[[events]]\nid = "a"\n', encoding="utf-8")
    window = make_window()
    window.open_file(sample_file)
    qtbot.waitUntil(window.banner.isVisible, timeout=WAIT_MS)
    assert "Could not open events.toml" in window.banner.text()
    assert f"{sample_file}:" in window.banner.text()
    assert window.event_list.event_ids() == []
    assert window.status_text() == ""  # no count: no timeline is shown, not an empty one
    _write_in_place(sample_file, good)
    qtbot.waitUntil(lambda: window.event_list.event_ids() == SAMPLE_IDS, timeout=WAIT_MS)
    assert not window.banner.isVisible()


# -- the file comes and goes ---------------------------------------------------------------


def test_a_deleted_file_shows_a_banner_and_comes_back(
    qtbot: QtBot,
    window: MainWindow,
    sample_file: Path,
) -> None:
    good = sample_file.read_text(encoding="utf-8")
    sample_file.unlink()
    qtbot.waitUntil(window.banner.isVisible, timeout=WAIT_MS)
    assert "events.toml was removed" in window.banner.text()
    _still_showing_the_last_good(window)
    sample_file.write_text(_retitled(good, "Operation Mega again"), encoding="utf-8")
    _recovered(qtbot, window, "Operation Mega again")


def test_a_file_replaced_by_rename_updates_the_window_every_time(
    qtbot: QtBot,
    window: MainWindow,
    sample_file: Path,
) -> None:
    """Write a temporary file and rename it over the old one (vim, VS Code, gedit)."""
    good = sample_file.read_text(encoding="utf-8")
    for n in range(1, 4):
        temp = sample_file.with_name(f".events.toml.{n}.tmp")
        temp.write_text(_retitled(good, f"Operation Mega v{n}"), encoding="utf-8")
        os.replace(temp, sample_file)  # a new inode each time
        _recovered(qtbot, window, f"Operation Mega v{n}")


def test_a_backup_then_rename_save_updates_the_window(
    qtbot: QtBot,
    window: MainWindow,
    sample_file: Path,
) -> None:
    """Rename the old file to ``file~``, then write the new one (vim's backup)."""
    good = sample_file.read_text(encoding="utf-8")
    backup = sample_file.with_name("events.toml~")
    for n in range(1, 3):
        os.replace(sample_file, backup)
        sample_file.write_text(_retitled(good, f"Operation Mega b{n}"), encoding="utf-8")
        _recovered(qtbot, window, f"Operation Mega b{n}")
        assert backup.exists()
    # the file still being watched is the new one, not the backup
    _write_in_place(backup, "broken = [")
    _write_in_place(sample_file, _retitled(good, "Operation Mega b3"))
    _recovered(qtbot, window, "Operation Mega b3")


def test_a_file_moved_away_and_back(
    qtbot: QtBot,
    window: MainWindow,
    sample_file: Path,
    tmp_path: Path,
) -> None:
    away = tmp_path / "elsewhere.toml"
    os.replace(sample_file, away)
    qtbot.waitUntil(window.banner.isVisible, timeout=WAIT_MS)
    assert "events.toml was removed" in window.banner.text()
    _still_showing_the_last_good(window)
    _write_in_place(away, _retitled(away.read_text(encoding="utf-8"), "Operation Mega moved"))
    with qtbot.waitSignal(window.timeline_changed, timeout=WAIT_MS):
        os.replace(away, sample_file)
    _recovered(qtbot, window, "Operation Mega moved")


def test_a_directory_created_at_the_path(
    qtbot: QtBot,
    window: MainWindow,
    sample_file: Path,
) -> None:
    good = sample_file.read_text(encoding="utf-8")
    sample_file.unlink()
    qtbot.waitUntil(lambda: "was removed" in window.banner.text(), timeout=WAIT_MS)
    sample_file.mkdir()
    qtbot.waitUntil(lambda: "it is a directory" in window.banner.text(), timeout=WAIT_MS)
    assert f"{sample_file}: cannot read: it is a directory" in window.banner.text()
    _still_showing_the_last_good(window)
    sample_file.rmdir()
    sample_file.write_text(_retitled(good, "Operation Mega (a file again)"), encoding="utf-8")
    _recovered(qtbot, window, "Operation Mega (a file again)")


# -- faults ---------------------------------------------------------------------------------


def test_a_file_that_cannot_be_read_keeps_the_last_good_timeline(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    window: MainWindow,
    sample_file: Path,
) -> None:
    """Permission denied.  Tests run as root, who may read anything: the read is made to fail."""
    real_open = os.open

    def denied(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(path) == sample_file and flags & os.O_ACCMODE == os.O_RDONLY:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    sample_file.chmod(0o000)  # what a user would do; the watcher reports the change
    qtbot.waitUntil(window.banner.isVisible, timeout=WAIT_MS)
    assert f"{sample_file}: cannot read: Permission denied" in window.banner.text()
    _still_showing_the_last_good(window)

    monkeypatch.undo()
    sample_file.chmod(0o644)  # readable again: reloaded by itself
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=WAIT_MS)
    _still_showing_the_last_good(window)


class _Flaky:
    """A load function that fails with ``error`` while it is set."""

    def __init__(self) -> None:
        self.error: BaseException | None = None
        self.result: object = None

    def __call__(self, path: Path) -> Timeline:
        if self.error is not None:
            raise self.error
        if self.result is not None:
            return self.result  # type: ignore[return-value]  # a broken plug-in
        return timeline.load(path)


class _UnprintableError(Exception):
    def __str__(self) -> str:
        raise RuntimeError("no message")


@pytest.mark.parametrize(
    ("error", "result", "expected"),
    [
        (ZeroDivisionError("division by zero"), None, "ZeroDivisionError: division by zero"),
        (KeyError("events"), None, "KeyError: 'events'"),
        (RecursionError("too deep"), None, "RecursionError: too deep"),
        (SystemExit(3), None, "SystemExit: 3"),
        (_UnprintableError(), None, "_UnprintableError (its message could not be read)"),
        (None, {"not": "a timeline"}, "TypeError: the load returned dict, not a Timeline"),
    ],
)
def test_an_unexpected_failure_of_the_load_is_a_banner_not_a_crash(
    qtbot: QtBot,
    make_window: WindowFactory,
    sample_file: Path,
    error: BaseException | None,
    result: object,
    expected: str,
) -> None:
    load = _Flaky()
    window = make_window(sample_file, loader=LiveLoader(load=load))
    window.select_event("operation-safe-city")
    load.error, load.result = error, result
    window.reload()
    qtbot.waitUntil(window.banner.isVisible, timeout=WAIT_MS)
    assert f"{sample_file}: {expected}" in window.banner.text()
    _still_showing_the_last_good(window)
    qtbot.waitUntil(lambda: not window.loader().is_busy(), timeout=WAIT_MS)
    assert not window.busy.isVisible()
    # the window still works
    window.action("next").trigger()
    assert window.selected_event() == "safe-city-announced"
    assert "ICE announces the results" in window.details.text()
    load.error = load.result = None
    with qtbot.waitSignal(window.timeline_changed, timeout=WAIT_MS):
        window.reload()
    assert not window.banner.isVisible()
    assert window.selected_event() == "safe-city-announced"


def test_a_load_in_flight_does_not_keep_the_loader_alive(qtbot: QtBot, sample_file: Path) -> None:
    """A worker must never be the last owner of the loader.

    The loader is a QObject with a file watcher and a timer; destroyed on the
    worker thread it corrupted Qt's state (an abort in the test suite).
    """
    gate = threading.Event()

    def gated_load(path: Path) -> Timeline:
        gate.wait(10)
        return timeline.load(path)

    pool = QThreadPool()
    loader = LiveLoader(load=gated_load, pool=pool)
    loader.open(sample_file)
    assert loader.is_busy()
    ref = weakref.ref(loader)
    loader.close()
    del loader
    gc.collect()
    try:
        assert ref() is None  # gone now, on this (the GUI) thread
    finally:
        gate.set()
        assert pool.waitForDone(10_000)


def test_settling_after_a_load_freezes_what_lives_on_and_frees_what_does_not(
    sample_file: Path,
) -> None:
    from viewer.loader import settle_memory

    tl = timeline.load(sample_file)
    try:
        settle_memory()
        assert gc.get_freeze_count() > 0
        ref = weakref.ref(tl.events[0])  # (its When may live on in the parse cache)
        del tl
        assert ref() is None  # frozen, yet freed by reference counting: no cycles
    finally:
        gc.unfreeze()


def test_the_viewer_asks_for_the_collector_to_be_paused_while_it_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The viewer owns its process: its loads may pause the collector (a library call does not)."""
    from viewer import loader

    seen: list[bool] = []
    real_load = timeline.load

    def spy(path: Path, **options: bool) -> Timeline:
        tl = real_load(path, **options)
        seen.append(gc.isenabled())
        seen.append(options.get("pause_gc", False))
        return tl

    monkeypatch.setattr(timeline, "load", spy)
    path = tmp_path / "t.toml"
    path.write_text('title = "t"\n', encoding="utf-8")
    assert loader._default_load(path).title == "t"
    assert seen == [True, True]  # asked for, and the collector is back on after


def _mime(url: QUrl) -> QMimeData:
    data = QMimeData()
    data.setUrls([url])
    return data


def _enter(data: QMimeData) -> QDragEnterEvent:
    return QDragEnterEvent(
        QPoint(50, 50),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )


def test_a_file_dropped_on_the_window_opens(
    qtbot: QtBot, make_window: WindowFactory, sample_file: Path
) -> None:
    window = make_window()
    local = _mime(QUrl.fromLocalFile(str(sample_file)))  # (kept: events do not own it)
    remote = _mime(QUrl("https://example.org/events.toml"))
    enter = _enter(local)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    refused = _enter(remote)
    QApplication.sendEvent(window, refused)
    assert not refused.isAccepted()
    drop = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        local,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.timeline_changed, timeout=WAIT_MS):
        QApplication.sendEvent(window, drop)
    assert window.event_list.event_ids() == SAMPLE_IDS
    assert window.current_path() == sample_file.absolute()


@pytest.mark.parametrize(
    ("count", "said"),
    [(1, "Loaded 1 event from one.toml"), (1200, "Loaded 1,200 events from one.toml")],
)
def test_the_status_bar_counts_the_events_loaded_as_a_reader_writes_numbers(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, count: int, said: str
) -> None:
    path = tmp_path / "one.toml"
    path.write_text(
        'title = "t"\n'
        + "".join(
            f'[[events]]\nid = "e{i}"\ntitle = "E {i}"\nwhen = "2017-09-2{i % 8}"\n'
            for i in range(count)
        ),
        encoding="utf-8",
    )
    window = make_window()
    window.open_file(path)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == said, timeout=WAIT_MS)
