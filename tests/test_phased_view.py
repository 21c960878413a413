"""A big Parquet file in the viewer: shown from its keys, its rest checked after the first frame
(issue 15), and what the user sees when that check finds a problem."""

# The fixtures imported from tests.test_window are parameters of the tests here.
# ruff: noqa: F401, F811

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from PySide6.QtWidgets import QMessageBox  # noqa: E402

import timeline  # noqa: E402
from tests.test_window import WindowFactory, make_window, settings_dir  # noqa: E402
from timeline.columns import EventColumns  # noqa: E402
from timeline.models import Event, Timeline  # noqa: E402
from timeline.parquet_io import to_table  # noqa: E402
from timeline.rules import MAX_LONG_TEXT  # noqa: E402
from timeline.when import When  # noqa: E402
from viewer import loader as loader_module  # noqa: E402
from viewer.loader import LiveLoader  # noqa: E402
from viewer.window import MainWindow  # noqa: E402

N = 3000
"""Events enough that the first frame draws their density (no event made for it)."""
BAD_ROW = 1234


def _table() -> Any:
    events = [
        Event(
            f"e{i}",
            f"Event {i}",
            When.parse(f"{2000 + i % 20}-{1 + i % 12:02d}-{1 + i % 28:02d}"),
            summary=f"What happened {i}",
        )
        for i in range(N)
    ]
    return to_table(Timeline("Big", events))


def _write(path: Path, *, bad: bool) -> Path:
    table = _table()
    if bad:
        summaries = table.column("summary").to_pylist()
        summaries[BAD_ROW] = "x" * (MAX_LONG_TEXT + 1)
        index = table.schema.get_field_index("summary")
        table = table.set_column(index, "summary", pa.array(summaries, pa.string()))
    pq.write_table(table, path)
    return path


@pytest.fixture
def phased(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files of :data:`N` events are loaded in two phases (as files of 200,000 are)."""
    monkeypatch.setattr(loader_module, "PHASED_FROM", 1000)


def _open(
    qtbot: QtBot, make_window: WindowFactory, path: Path
) -> tuple[MainWindow, LiveLoader, list[Callable[[], None]]]:
    loader = LiveLoader()
    window = make_window(loader=loader)
    held: list[Callable[[], None]] = []
    gate = window.canvas.after_next_paint

    def hold(start: Callable[[], None]) -> None:
        held.append(start)
        gate(lambda: None)

    loader.set_follow_up_gate(hold)
    before = window.canvas.frame_stats.paints
    with qtbot.waitSignal(loader.loaded, timeout=20_000):
        window.open_file(path)
    qtbot.waitUntil(lambda: window.canvas.frame_stats.paints > before)
    return window, loader, held


def test_a_big_file_is_drawn_from_its_keys_then_checked(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, phased: None
) -> None:
    path = _write(tmp_path / "big.parquet", bad=False)
    window, loader, held = _open(qtbot, make_window, path)
    tl = window.timeline()
    assert isinstance(tl, Timeline)
    assert isinstance(tl.events, EventColumns)
    assert not timeline.is_complete(tl)
    assert window.canvas.frame_stats.mode == "density"
    list_view = window.event_list
    first = list_view.model().index(0, 1)
    assert list_view.model().data(first) == tl.events.title(0)  # the list drawn from the keys
    assert tl.events.made() == 0  # nothing of the rest read for the first frame
    assert "checking the rest of the file" in window.statusBar().currentMessage()
    with qtbot.waitSignal(loader.completed, timeout=20_000):
        held[0]()
    assert timeline.is_complete(tl)
    assert window.timeline() is tl
    assert window.statusBar().currentMessage() == f"Loaded {N:,} events from big.parquet"
    assert loader.wait_idle(20)


def test_a_bad_rest_found_after_the_first_frame_empties_the_window_and_says_where(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, phased: None
) -> None:
    path = _write(tmp_path / "bad.parquet", bad=True)
    window, loader, held = _open(qtbot, make_window, path)
    assert window.timeline() is not None  # (its keys are good)
    with qtbot.waitSignal(loader.rejected, timeout=20_000) as rejected:
        held[0]()
    assert loader.wait_idle(20)
    assert window.timeline() is None  # not shown any more
    (problem,) = rejected.args[1]
    assert (problem.file, problem.row, problem.field) == (str(path), BAD_ROW, "summary")
    text = window.banner.text()
    assert text.startswith("Could not open bad.parquet. It will load as soon as it is fixed:")
    assert f"row {BAD_ROW}" in text
    assert "summary" in text
    assert "checking" not in window.statusBar().currentMessage()


def test_a_timeline_found_bad_is_not_offered_to_be_saved(
    qtbot: QtBot,
    make_window: WindowFactory,
    tmp_path: Path,
    phased: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After the rest is refused the window holds nothing to save: Save As does what it does
    after any failed load (nothing), not fail on the refused rest; Sources is off."""
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text: warned.append(text))
    path = _write(tmp_path / "bad.parquet", bad=True)
    window, loader, held = _open(qtbot, make_window, path)
    assert window.action("sources").isEnabled()
    with qtbot.waitSignal(loader.rejected, timeout=20_000):
        held[0]()
    assert loader.wait_idle(20)
    assert not window.editor.has_document()
    assert not window.action("sources").isEnabled()
    target = tmp_path / "saved.toml"
    window.editor.choose_save_path = lambda: str(target)
    window.action("save_as").trigger()
    window.action("save").trigger()
    assert not target.exists()
    assert warned == []
    assert window.current_path() == path  # (still watched: it loads once fixed)


def test_a_reload_is_checked_whole_and_a_bad_one_keeps_the_last_good(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, phased: None
) -> None:
    path = _write(tmp_path / "big.parquet", bad=False)
    window, loader, held = _open(qtbot, make_window, path)
    with qtbot.waitSignal(loader.completed, timeout=20_000):
        held[0]()
    good = window.timeline()
    bad = _write(tmp_path / "next.parquet", bad=True)
    with qtbot.waitSignal(loader.failed, timeout=20_000) as failed:
        os.replace(bad, path)  # (saved by a rename, as editors do)
    (problem,) = failed.args[0]
    assert (problem.row, problem.field) == (BAD_ROW, "summary")
    assert window.timeline() is good
    assert "still showing the last good version" in window.banner.text()
    assert loader.wait_idle(20)


def test_a_big_timelines_span_index_is_made_after_its_first_frame(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, phased: None
) -> None:
    path = _write(tmp_path / "big.parquet", bad=False)
    window, loader, held = _open(qtbot, make_window, path)
    tl = window.timeline()
    assert tl is not None
    assert window.canvas.frame_stats.mode == "density"  # counted: no index needed
    assert not tl.indexed()
    held[0]()
    assert loader.wait_idle(20)
    assert tl.indexed()  # made by the loader's worker, before a frame needs it
    middle = tl.keys()[0][N // 2]
    window.canvas.set_visible_range(middle - 86400.0, middle + 86400.0)
    window.canvas.viewport().repaint()
    assert window.canvas.frame_stats.mode == "events"


def test_a_file_reopened_at_a_view_of_few_events_is_checked_before_it_is_shown(
    qtbot: QtBot, tmp_path: Path, phased: None
) -> None:
    path = _write(tmp_path / "big.parquet", bad=False)
    start = When.parse("2005-03-01").lower
    checked: list[bool] = []  # (when shown: its rest is checked once it is)
    # Kept to the end: a loader is in a reference cycle with its relay, so one dropped here
    # would be freed by the cyclic collector on whichever thread runs it next, maybe a
    # load's worker, and a QObject deleted off its thread crashes (1 run in 7). The app
    # collects on the GUI thread only (viewer/collector.py); this test has no window.
    loaders: list[LiveLoader] = []
    for view in (None, (start - 4e8, start + 4e8), (start, start + 7 * 86400.0)):
        loader = LiveLoader()
        loaders.append(loader)
        loader.loaded.connect(lambda tl: checked.append(timeline.is_complete(tl)))
        with qtbot.waitSignal(loader.loaded, timeout=20_000):
            loader.open(path, view=view)
        loader.close()
        assert loader.wait_idle(20)
    # the whole, or a view of many events: counted in the first frame, checked after it;
    # a week: its events drawn, so checked first
    assert checked == [False, False, True]


@pytest.mark.parametrize("fails", [False, True], ids=["checked", "refused"])
def test_a_window_closed_while_the_rest_is_checked_leaves_no_error_behind(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, fails: bool
) -> None:
    """Closing the window during the check deletes its relay and closes the file under the
    worker ("seek of closed file"): the worker ends quietly and is counted done."""
    import shiboken6

    def complete(tl: Timeline) -> None:
        if fails:
            raise ValueError("seek of closed file")

    monkeypatch.setattr(loader_module, "complete", complete)
    relay = loader_module._Relay()
    tracker = loader_module._Tracker()
    tracker.started()
    ran: list[Timeline] = []
    job = loader_module._FollowUpJob(
        Timeline("Big", []), (ran.append,), tracker, (relay, 1, Path("big.parquet"))
    )
    shiboken6.delete(relay)
    job.run()  # raised RuntimeError: Signal source has been deleted
    assert tracker.wait_idle(0)
    assert len(ran) == (0 if fails else 1)


def test_the_checked_rest_is_drawn_once_when_the_worker_has_made_the_lanes(
    qtbot: QtBot,
    make_window: WindowFactory,
    tmp_path: Path,
    phased: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The check's end alone changes no frame (still drawn from the keys until the lanes are
    made, on the worker): one new frame comes with the lanes, not one before it too."""
    import threading

    from PySide6.QtWidgets import QApplication

    from viewer import warmup
    from viewer.scene import prepare_lanes as made

    lanes = threading.Event()

    def held_lanes(tl: Timeline, zone: str | None) -> None:
        assert lanes.wait(20)
        made(tl, zone)

    monkeypatch.setattr(warmup, "prepare_lanes", held_lanes)
    path = _write(tmp_path / "big.parquet", bad=False)
    window, loader, held = _open(qtbot, make_window, path)
    canvas = window.canvas
    before = canvas.frame_stats.paints
    with qtbot.waitSignal(loader.completed, timeout=20_000):
        held[0]()
    QApplication.processEvents()
    assert canvas.frame_stats.paints == before  # (nothing to draw anew yet)
    lanes.set()
    qtbot.waitUntil(lambda: canvas.frame_stats.paints > before, timeout=20_000)
    assert loader.wait_idle(20)
    QApplication.processEvents()
    assert canvas.frame_stats.paints == before + 1
