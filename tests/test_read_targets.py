"""Reading: only regular files are read; a FIFO or a device never hangs a reader.

A FIFO opened for reading waits for a writer, for ever if none comes: ``timeline
check`` on one hung, and so did the viewer, which then ignored Ctrl+Q and its
window's close button.  Every reader of a path refuses anything that is not a
regular file, before reading a byte.
"""

# The fixtures imported from tests.test_window are parameters of the tests here.
# ruff: noqa: F401, F811

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Final

import pytest
from pytestqt.qtbot import QtBot

from tests.test_window import WindowFactory, make_window, sample_file, settings_dir, window
from timeline import Timeline, TimelineLoadError, load, loads
from viewer.loader import LiveLoader
from viewer.window import MainWindow

WAIT_S: Final = 10.0


def _release(fifo: Path) -> None:
    """Free a reader blocked on ``fifo`` (the old behaviour): open and close its other end."""
    with contextlib.suppress(OSError):
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))


def _load_in_a_thread(path: Path) -> BaseException | None:
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            load(path)
        except BaseException as exc:
            outcome.append(exc)
        else:
            outcome.append(None)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(WAIT_S)
    if thread.is_alive():
        _release(path)
        thread.join(WAIT_S)
        pytest.fail(f"load({path}) blocked")
    return outcome[0]


def test_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "events.toml"
    os.mkfifo(fifo)
    exc = _load_in_a_thread(fifo)
    assert isinstance(exc, TimelineLoadError)
    assert str(exc) == f"{fifo}: cannot read: it is a pipe (FIFO), not a regular file"


def test_a_device_is_refused() -> None:
    with pytest.raises(TimelineLoadError) as exc:
        load("/dev/null")
    assert str(exc.value) == "/dev/null: cannot read: it is a device, not a regular file"


def test_a_symlink_to_a_fifo_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    link = tmp_path / "events.toml"
    link.symlink_to(fifo)
    exc = _load_in_a_thread(link)
    assert isinstance(exc, TimelineLoadError)
    assert "it is a pipe (FIFO), not a regular file" in str(exc)


def test_cli_check_on_a_fifo_ends(tmp_path: Path) -> None:
    fifo = tmp_path / "events.toml"
    os.mkfifo(fifo)
    try:
        run = subprocess.run(
            [sys.executable, "-m", "timeline", "check", str(fifo)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except subprocess.TimeoutExpired:
        _release(fifo)
        pytest.fail("timeline check hung on a FIFO")
    assert run.returncode == 1
    assert f"{fifo}: cannot read: it is a pipe (FIFO), not a regular file" in run.stdout


def test_the_viewer_opening_a_fifo_shows_why_and_still_closes(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    fifo = tmp_path / "events.toml"
    os.mkfifo(fifo)
    try:
        window.open_file(fifo)
        qtbot.waitUntil(lambda: "not a regular file" in window.banner.text(), timeout=5_000)
        assert f"{fifo}: cannot read: it is a pipe (FIFO), not a regular file" in (
            window.banner.text()
        )
        started = time.monotonic()
        assert window.close()
        assert time.monotonic() - started < 1.0
        assert not window.isVisible()
        assert window.loader().wait_idle(0)  # no load left running
    finally:
        _release(fifo)


def test_the_live_loader_refuses_a_fifo_whatever_its_load_function(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """No worker is started on a FIFO, even with a load that would block on one."""
    fifo = tmp_path / "events.toml"
    os.mkfifo(fifo)
    started: list[Path] = []

    def blocking_load(path: Path) -> Timeline:
        started.append(path)
        return loads(path.read_text(encoding="utf-8"))  # blocks on a FIFO

    loader = LiveLoader(load=blocking_load, debounce_ms=10)
    try:
        with qtbot.waitSignal(loader.failed, timeout=5_000) as failed:
            loader.open(fifo)
        (problem,) = failed.args[0]
        assert str(problem) == f"{fifo}: cannot read: it is a pipe (FIFO), not a regular file"
        assert started == []
        assert not loader.is_busy()
        assert loader.wait_idle(0)
    finally:
        loader.close()
        _release(fifo)
        loader.wait_idle(WAIT_S)
