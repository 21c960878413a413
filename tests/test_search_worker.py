"""The search of a big timeline runs on a worker: typing never freezes the window.

The sample timeline is small; each test makes the window search it on the worker
(``on_worker_from = 0``) as it does a timeline of :data:`SEARCH_ON_WORKER_FROM` events,
and replaces the worker's function by one that waits until the test lets it go.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSignalBlocker, Qt, QTimer
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from tests.test_window import WindowFactory, make_window, sample_file, settings_dir
from viewer.sceneparts import Shown
from viewer.searching import SEARCH_ON_WORKER_FROM
from viewer.searchwork import Found, Query, find
from viewer.window import MainWindow

__all__ = ["make_window", "sample_file", "settings_dir"]  # (fixtures)

ALL = "showing 5 of 5 events"


class Gate:
    """The worker's function, held until the test lets each query's search go."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.finished: list[str] = []
        self._open: dict[str, threading.Event] = {}
        self._lock = threading.Lock()

    def release(self, text: str) -> None:
        self._event(text).set()

    def _event(self, text: str) -> threading.Event:
        with self._lock:
            return self._open.setdefault(text, threading.Event())

    def __call__(self, tl: Any, query: Query, **kwargs: Any) -> Found:  # on the worker
        self.asked.append(query.text)
        if not self._event(query.text).wait(10):
            raise TimeoutError(query.text)
        found = find(tl, query, **kwargs)
        self.finished.append(query.text)
        return found


@pytest.fixture
def gated(make_window: WindowFactory, sample_file: Path) -> Iterator[tuple[MainWindow, Gate]]:
    window = make_window(sample_file)
    gate = Gate()
    window.searching.on_worker_from = 0
    window.searching.jobs.work = gate
    yield window, gate
    for text in [*gate.asked, "", "ab", "abc"]:
        gate.release(text)  # (nothing left waiting when the window goes)
    assert window.searching.jobs.wait_idle(10.0)


def test_a_big_timeline_is_searched_on_a_worker() -> None:
    assert 10_000 <= SEARCH_ON_WORKER_FROM <= 100_000  # a million events: 1.2 s on the GUI


def test_the_window_answers_while_a_search_runs_and_keeps_the_previous_answer(
    qtbot: QtBot, gated: tuple[MainWindow, Gate]
) -> None:
    window, gate = gated
    window.focus_search()
    QTest.keyClicks(window.search, "portland")
    qtbot.waitUntil(lambda: gate.asked == ["portland"])  # the typing paused: the search runs
    assert window.filters.pending()
    qtbot.waitUntil(window.filters.pending_label.isVisible)  # "Searching…", laid out
    # the worker is held: the GUI thread still handles timers, clicks and keys
    ticked: list[bool] = []
    QTimer.singleShot(0, lambda: ticked.append(True))
    qtbot.waitUntil(lambda: ticked == [True])
    window.select_event("operation-mega")
    assert window.details.event_id() == "operation-mega"
    QTest.keyClick(window, Qt.Key.Key_F3)  # no answer yet: nothing to step through
    assert window.selected_event() == "operation-mega"
    # the previous answer (everything) stays shown meanwhile
    assert window.status_text() == ALL
    assert len(window.event_list.event_ids()) == 5
    assert window.canvas.matches() == set()
    gate.release("portland")
    qtbot.waitUntil(lambda: window.status_text() == "showing 2 of 5 events")
    assert window.event_list.event_ids() == ["sessions-portland", "operation-safe-city"]
    assert window.canvas.matches() == {"sessions-portland", "operation-safe-city"}
    assert window.match_label.text() == "1 of 2"  # a new search: its first match selected
    assert window.selected_event() == "sessions-portland"
    assert not window.filters.pending()
    QTest.keyClick(window, Qt.Key.Key_F3)
    assert window.selected_event() == "operation-safe-city"


def test_a_stale_answer_is_never_shown(qtbot: QtBot, gated: tuple[MainWindow, Gate]) -> None:
    window, gate = gated
    applied: list[str] = []
    window.searching.applied.connect(lambda found: applied.append(found.query.text))
    window.focus_search()
    QTest.keyClicks(window.search, "ab")
    qtbot.waitUntil(lambda: gate.asked == ["ab"])  # "ab" runs (held)
    QTest.keyClicks(window.search, "c")  # then "abc", before "ab" finished
    gate.release("ab")
    qtbot.waitUntil(lambda: gate.finished == ["ab"])
    qtbot.waitUntil(lambda: gate.asked == ["ab", "abc"])
    assert window.status_text() == ALL  # "ab"'s answer (nothing) is not shown
    assert window.match_label.text() == ""
    gate.release("abc")
    # one worker, answers in order: once "abc"'s is shown, "ab"'s came (and was dropped)
    qtbot.waitUntil(lambda: window.match_label.text() == "no matches")
    assert applied == ["abc"]
    assert window.status_text() == "showing 0 of 5 events"


def test_an_answer_is_shown_only_for_the_query_asked_now(
    qtbot: QtBot, gated: tuple[MainWindow, Gate]
) -> None:
    window, gate = gated
    window.search.setText("portland")
    qtbot.waitUntil(lambda: gate.asked == ["portland"])
    with QSignalBlocker(window.search):  # typed on, its search not asked yet (the typing
        window.search.setText("portland homan")  # has not paused)
    with qtbot.waitSignal(window.searching.jobs.found):
        gate.release("portland")
    assert window.status_text() == ALL  # the answer came for a query no longer asked
    assert window.match_label.text() == ""
    QTest.keyClick(window.search, Qt.Key.Key_Return)  # asked now
    gate.release("portland homan")
    qtbot.waitUntil(lambda: window.status_text() == "showing 1 of 5 events")
    assert window.event_list.event_ids() == ["operation-safe-city"]


def test_an_answer_for_a_timeline_no_longer_shown_is_dropped(
    qtbot: QtBot, gated: tuple[MainWindow, Gate], sample_file: Path
) -> None:
    window, gate = gated
    window.search.setText("portland")
    qtbot.waitUntil(lambda: gate.asked == ["portland"])
    old = window.timeline()
    applied: list[Found] = []
    window.searching.applied.connect(applied.append)
    with qtbot.waitSignal(window.timeline_changed, timeout=10_000):
        window.reload()
    assert window.timeline() is not old
    gate.release("portland")  # the old timeline's search ends, then the new one's runs
    qtbot.waitUntil(lambda: window.status_text() == "showing 2 of 5 events")
    assert gate.asked == ["portland", "portland"]  # (the first gave up: overtaken)
    assert [found.tl for found in applied] == [window.timeline()]  # the old one's dropped
    assert window.event_list.event_ids() == ["sessions-portland", "operation-safe-city"]


def test_clearing_the_filters_applies_at_once_and_drops_the_search_under_way(
    qtbot: QtBot, gated: tuple[MainWindow, Gate]
) -> None:
    window, gate = gated
    window.tag_filter.setCurrentIndex(window.tag_filter.findData("court"))
    qtbot.waitUntil(lambda: gate.asked == [""])
    gate.release("")
    qtbot.waitUntil(lambda: window.status_text() == "showing 1 of 5 events")
    window.search.setText("portland")
    qtbot.waitUntil(lambda: gate.asked == ["", "portland"])
    window.action("clear_filters").trigger()
    assert window.status_text() == ALL  # at once: nothing to search
    assert not window.filters.pending()
    gate.release("portland")
    assert window.searching.jobs.wait_idle(10.0)
    qtbot.wait(1)
    assert window.status_text() == ALL


def test_show_related_clears_the_filters_hiding_the_event_at_once(
    qtbot: QtBot, gated: tuple[MainWindow, Gate]
) -> None:
    window, gate = gated
    window.search.setText("injunction")
    gate.release("injunction")
    qtbot.waitUntil(lambda: window.status_text() == "showing 1 of 5 events")
    window.views.related_requested.emit("operation-safe-city")
    assert window.selected_event() == "operation-safe-city"
    assert window.status_text() == ALL


def test_group_by_and_the_status_filter_use_the_workers_answer(
    qtbot: QtBot, gated: tuple[MainWindow, Gate]
) -> None:
    window, gate = gated
    window.action("group_status").trigger()  # View ▸ Group By ▸ Status
    window.status_filter.setCurrentIndex(window.status_filter.findData("cancelled"))
    qtbot.waitUntil(lambda: gate.asked == [""])
    assert window.status_text() == ALL  # (not yet)
    gate.release("")
    qtbot.waitUntil(lambda: window.status_text() == "showing 1 of 5 events")
    assert window.event_list.event_ids() == ["operation-mega"]
    assert [title for title, _ in window.canvas.bands()] == ["cancelled"]


def test_what_the_canvas_and_the_strip_show_of_a_filter_is_made_on_the_worker(
    qtbot: QtBot, gated: tuple[MainWindow, Gate], monkeypatch: pytest.MonkeyPatch
) -> None:
    window, gate = gated
    gui = threading.get_ident()
    made_on_gui: list[bool] = []
    original = Shown._made

    def spy(self: Shown, *args: Any) -> None:
        made_on_gui.append(threading.get_ident() == gui)
        original(self, *args)

    monkeypatch.setattr(Shown, "_made", spy)
    window.tag_filter.setCurrentIndex(window.tag_filter.findData("ice"))
    gate.release("")
    qtbot.waitUntil(lambda: window.status_text() == "showing 3 of 5 events")
    assert made_on_gui == [False]  # once, on the worker
    assert window.canvas.shown_count() == 3
    assert window.overview.shown_count() == 3
    window.focus_search()
    QTest.keyClicks(window.search, "portland")  # the search changes, the filters do not
    gate.release("portland")
    qtbot.waitUntil(lambda: window.status_text() == "showing 1 of 5 events")
    assert made_on_gui == [False]
    assert window.canvas.matches() == {"operation-safe-city"}
