"""An event of a big Parquet file read back on a worker (issue 15): selecting it shows its
keys at once and the rest once read; the window never decodes a row group for it."""

# The fixtures imported from tests.test_window are parameters of the tests here.
# ruff: noqa: F401, F811

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

pq = pytest.importorskip("pyarrow.parquet")

from PySide6.QtCore import Qt, QThread  # noqa: E402
from PySide6.QtWidgets import QWidget  # noqa: E402

import timeline  # noqa: E402
from tests.test_window import WindowFactory, _click_row, make_window, settings_dir  # noqa: E402
from timeline import parquet_source  # noqa: E402
from timeline.columns import EventColumns, reads_back  # noqa: E402
from timeline.models import Event, Timeline  # noqa: E402
from timeline.parquet_io import to_table  # noqa: E402
from timeline.when import When  # noqa: E402
from viewer.details import READING  # noqa: E402
from viewer.eventread import THREAD_NAME  # noqa: E402
from viewer.window import MainWindow  # noqa: E402


class _HeldGroups:
    """``FileSource._group`` held on the thread that reads events back until released (the
    loader's workers go on); which threads decoded the summaries (the GUI thread reads the
    links of the events it draws, a column alone)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.release = threading.Event()
        self.summaries: list[bool] = []  # (on the GUI thread?)
        group = parquet_source.FileSource._group

        def held(source: Any, g: int, columns: tuple[str, ...]) -> Any:
            if "summary" in columns:
                self.summaries.append(threading.current_thread() is threading.main_thread())
            if QThread.currentThread().objectName() == THREAD_NAME:
                self.release.wait(20)
            return group(source, g, columns)

        monkeypatch.setattr(parquet_source.FileSource, "_group", held)


def _open(make_window: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A window on a file whose summaries stay on disk (as ten million events' do), in row
    groups of 4 events."""
    monkeypatch.setattr(parquet_source, "HOLD_BYTES", 0)
    events = [
        Event(f"e{k}", f"Event {k}", When.parse(f"2001-01-{1 + k:02d}"), summary=f"Summary {k}")
        for k in range(20)
    ]
    path = tmp_path / "big.parquet"
    pq.write_table(to_table(Timeline("Big", events)), path, row_group_size=4)
    window = make_window(path)
    tl = window.timeline()
    assert isinstance(tl, Timeline)
    assert isinstance(tl.events, EventColumns)
    assert timeline.is_complete(tl)
    assert reads_back(tl.events, tl.position("e5"))
    return window, tl, path


def _reading(window: MainWindow) -> bool:
    label = window.details.findChild(QWidget, "details-checking")
    return label is not None and label.text() == READING  # type: ignore[attr-defined]


def test_an_event_read_back_is_read_on_a_worker_its_keys_shown_meanwhile(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, tl, _ = _open(make_window, tmp_path, monkeypatch)
    held = _HeldGroups(monkeypatch)
    details = window.details
    _click_row(window, "e5")
    assert window.selected_event() == "e5"
    assert details.findChild(QWidget, "details-title").text() == "Event 5"
    assert _reading(window)
    assert "Summary 5" not in details.text()
    with qtbot.waitSignal(details.reads.read, timeout=20_000):
        held.release.set()
    assert "Summary 5" in details.text()
    assert not _reading(window)
    assert held.summaries == [False]  # (read once, on the worker)
    # the next event of the same row group: made at once (its group decoded, kept)
    assert not reads_back(tl.events, tl.position("e6"))
    _click_row(window, "e6")
    assert "Summary 6" in details.text()


def test_stepping_through_events_reads_only_the_newest_next(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, tl, _ = _open(make_window, tmp_path, monkeypatch)
    held = _HeldGroups(monkeypatch)
    details = window.details
    read: list[str] = []
    details.reads.read.connect(lambda _tl, event_id: read.append(event_id))
    for event_id in ("e1", "e9", "e13", "e17"):  # (each of another row group)
        _click_row(window, event_id)
    assert _reading(window)
    assert details.findChild(QWidget, "details-title").text() == "Event 17"
    held.release.set()
    qtbot.waitUntil(lambda: "Summary 17" in details.text(), timeout=20_000)
    assert read == ["e1", "e17"]  # (e1 under way when asked; e9 and e13 passed over)
    assert tl.position("e9") not in tl.events._made


def test_an_event_whose_file_changed_on_disk_says_so(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, _, path = _open(make_window, tmp_path, monkeypatch)
    held = _HeldGroups(monkeypatch)
    details = window.details
    window.loader().close()  # (not reloaded when the file changes: the read finds it)
    _click_row(window, "e5")
    with path.open("ab") as file:  # written over in place
        file.write(b"\0")
    with qtbot.waitSignal(details.reads.failed, timeout=20_000):
        held.release.set()
    label = details.findChild(QWidget, "details-checking")
    assert label is not None
    assert "changed on disk" in label.text()
    assert "Summary 5" not in details.text()


def test_a_link_s_tooltip_reads_the_titles_held_making_no_event(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from timeline.models import Link
    from viewer.facts import link_tooltip

    monkeypatch.setattr(parquet_source, "HOLD_BYTES", 0)
    events = [
        Event("a", "First <b>", When.parse("2001-01-01"), summary="A"),
        Event("b", "Second", When.parse("2001-01-02"), related=[Link("follows", "a")]),
    ]
    path = tmp_path / "linked.parquet"
    pq.write_table(to_table(Timeline("Linked", events)), path)
    tl = timeline.load(path)
    assert isinstance(tl.events, EventColumns)
    assert reads_back(tl.events, 0)
    text = link_tooltip(tl, 1, "follows", 0)
    assert "Second" in text
    assert "First &lt;b&gt;" in text  # (plain text: escaped)
    assert text.index("Second") < text.index("First")
    assert tl.events.made() == 0  # (neither event made: a big file would read them back)


def _cited_window(make_window: WindowFactory, tmp_path: Path) -> tuple[Any, Timeline]:
    """A window on a file whose summaries stay on disk (``HOLD_BYTES`` patched to 0 by the
    caller), a row group an event: "a" (planned), and "b" whose source reports another
    day in its own words, both in view."""
    from timeline.models import Citation, Source

    said = Citation("nyt", reported=When.parse("2001-01-01"), reported_text="on Monday")
    events = [
        Event("a", "Alpha", When.parse("2001-01-02"), summary="A", status="planned"),
        Event("b", "Beta", When.parse("2001-01-03"), summary="B", sources=[said]),
    ]
    path = tmp_path / "cited.parquet"
    tl0 = Timeline("Cited", events, [Source("nyt", "An article", publisher="The Daily")])
    pq.write_table(to_table(tl0), path, row_group_size=1)
    window = make_window(path)
    tl = window.timeline()
    assert tl is not None
    assert isinstance(tl.events, EventColumns)
    lo = When.parse("2001-01-02").lower
    window.canvas.set_visible_range(lo - 2 * 86400, lo + 2 * 86400)
    return window, tl


def test_an_event_s_tooltip_in_a_big_file_makes_no_event(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # hovering over the events of a file whose summaries stay on disk: the tooltip says what
    # the keys say, and what the sources said from the citations alone (each event made
    # would decode its row group on the GUI thread, summaries and all)
    monkeypatch.setattr(parquet_source, "HOLD_BYTES", 0)
    held = _HeldGroups(monkeypatch)
    held.release.set()  # (recorded, not held)
    window, tl = _cited_window(make_window, tmp_path)
    canvas = window.canvas
    qtbot.waitUntil(lambda: canvas.event_rect("a") is not None)
    rect = canvas.event_rect("a")
    assert rect is not None
    assert reads_back(tl.events, 0)
    tip = canvas.tooltip_at(rect.center())
    assert "Alpha" in tip
    assert "Status: planned" in tip
    assert isinstance(tl.events, EventColumns)
    assert 0 not in tl.events._made  # (not made: its row group not decoded)
    # an event with a report of another day: the source, its words and that day
    rect = canvas.event_rect("b")
    assert rect is not None
    assert reads_back(tl.events, 1)
    tip = canvas.tooltip_at(rect.center())
    assert "Beta" in tip
    assert "Reported differently by The Daily: “on Monday” (1 Jan 2001)" in tip
    assert tl.events.made() == 0  # (neither made)
    assert True not in held.summaries  # (no summary decoded on the GUI thread)
    # the same tooltip as the event's, made
    from viewer.facts import tooltip_of

    assert tip == tooltip_of(tl, tl.events[1])


def test_a_ghost_s_words_are_read_alone_not_the_event_s_row(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a source's ghost drawn with its words: from a file whose summaries stay on disk, the
    # citations alone are read back for it (the event is not made: its whole row group
    # would be decoded on the GUI thread, summaries and all, as the frame is painted)
    monkeypatch.setattr(parquet_source, "HOLD_BYTES", 0)
    held = _HeldGroups(monkeypatch)
    held.release.set()  # (recorded, not held)
    window, tl = _cited_window(make_window, tmp_path)
    canvas = window.canvas
    qtbot.waitUntil(lambda: "b" in canvas.drawn_ghost_labels(), timeout=20_000)
    assert canvas._model.ghost_label(tl.position("b"))[0] == "The Daily: “on Monday”"
    assert isinstance(tl.events, EventColumns)
    assert tl.events.made() == 0  # (neither event made)
    assert True not in held.summaries  # (no summary decoded on the GUI thread)


def test_citations_at_read_the_column_alone_of_a_file_and_of_its_edits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import attrs

    from timeline.columns import citations_at
    from timeline.models import Citation, Source

    monkeypatch.setattr(parquet_source, "HOLD_BYTES", 0)
    events = [
        Event(
            f"e{k}",
            f"Event {k}",
            When.parse(f"2001-01-{1 + k:02d}"),
            summary=f"S{k}",
            sources=[Citation("nyt", reported=When.parse("2000"), reported_text=f"w{k}")]
            if k % 2
            else [],
        )
        for k in range(6)
    ]
    path = tmp_path / "cited.parquet"
    whole = Timeline("Cited", events, [Source("nyt", "An article")])
    pq.write_table(to_table(whole), path, row_group_size=2)
    tl = timeline.load(path)
    assert isinstance(tl.events, EventColumns)
    assert [citations_at(tl.events, p) for p in range(6)] == [e.sources for e in events]
    assert tl.events.made() == 0
    edited = timeline.edit.replace_event(tl, "e2", attrs.evolve(events[2], title="T")).apply(tl)
    assert isinstance(edited.events, EventColumns)
    assert [citations_at(edited.events, p) for p in range(6)] == [e.sources for e in events]
    assert 4 not in edited.events._made  # (a row group not decoded: read alone)
    assert 5 not in edited.events._made


def test_an_event_is_read_while_the_global_pool_is_busy(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a big file's warm-up keeps the application's pool busy for seconds: the details read
    # on a thread of their own, not behind it
    from PySide6.QtCore import QRunnable, QThreadPool

    window, _, _ = _open(make_window, tmp_path, monkeypatch)
    pool = QThreadPool.globalInstance()
    busy = threading.Event()
    started = threading.Semaphore(0)

    class Busy(QRunnable):
        def run(self) -> None:
            started.release()
            busy.wait(20)

    try:
        for _ in range(pool.maxThreadCount()):
            pool.start(Busy())
        for _ in range(pool.maxThreadCount()):
            assert started.acquire(timeout=20)
        with qtbot.waitSignal(window.details.reads.read, timeout=10_000):
            _click_row(window, "e5")
        assert "Summary 5" in window.details.text()
    finally:
        busy.set()
        pool.waitForDone(20_000)


def _busy_cursor() -> bool:
    from PySide6.QtWidgets import QApplication

    cursor = QApplication.overrideCursor()
    return cursor is not None and cursor.shape() == Qt.CursorShape.BusyCursor


def _press(window: MainWindow, key: Any) -> None:
    from PySide6.QtTest import QTest

    window.activateWindow()
    window.canvas.setFocus()
    QTest.keyClick(window.canvas, key)


def _form_asked(
    make_window: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[MainWindow, _HeldGroups]:
    """A window (:func:`_open`) whose event e5 is selected and its form asked for (Enter),
    the read of its row held."""
    window, _, _ = _open(make_window, tmp_path, monkeypatch)
    held = _HeldGroups(monkeypatch)
    _click_row(window, "e5")
    _press(window, Qt.Key.Key_Return)
    return window, held


def test_the_form_of_an_event_not_read_yet_opens_once_it_is_read(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Enter on an event whose row is still being read: the form waits for the worker (the
    # window answers meanwhile, the pointer busy), not a row group decoded on the GUI thread
    from viewer.eventdialog import EventDialog

    window, held = _form_asked(make_window, tmp_path, monkeypatch)
    assert window.findChild(EventDialog) is None
    assert window.details.reads.waiting()
    assert _busy_cursor()
    with qtbot.waitSignal(window.details.reads.read, timeout=20_000):
        held.release.set()
    dialog = window.findChild(EventDialog)
    assert dialog is not None
    assert dialog.isVisible()
    assert dialog.title.text() == "Event 5"
    assert dialog.summary.toPlainText() == "Summary 5"
    assert not window.details.reads.waiting()
    assert not _busy_cursor()
    assert held.summaries == [False]  # (read once, on the worker)


def test_deleting_an_event_not_read_yet_waits_for_it(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_editing import Answers
    from viewer import editing

    answers = Answers()  # (the window closing at the end lets the edit go)
    monkeypatch.setattr(editing, "ask", answers)
    window, tl, _ = _open(make_window, tmp_path, monkeypatch)
    held = _HeldGroups(monkeypatch)
    _click_row(window, "e9")
    _press(window, Qt.Key.Key_Delete)
    assert window.timeline() is tl  # (not yet: its row is being read)
    assert _busy_cursor()
    held.release.set()
    qtbot.waitUntil(lambda: window.timeline() is not tl, timeout=20_000)
    edited = window.timeline()
    assert edited is not None
    assert "e9" not in edited
    assert len(edited) == 19
    assert window.action("undo").text() == "&Undo Delete 'Event 9'"
    assert not _busy_cursor()
    assert True not in held.summaries
    assert answers.asked == []  # (no event links to it: nothing asked)


def test_an_edit_is_read_before_the_events_the_pane_asked_for(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # stepping on while the form of e9 waits: e9 is read next (the user waits on it), then
    # the event shown; the form is e9's
    from viewer.eventdialog import EventDialog

    window, _, _ = _open(make_window, tmp_path, monkeypatch)
    held = _HeldGroups(monkeypatch)
    read: list[str] = []
    window.details.reads.read.connect(lambda _tl, event_id: read.append(event_id))
    _click_row(window, "e1")  # (read under way)
    _click_row(window, "e9")
    _press(window, Qt.Key.Key_Return)  # (e9's form: waits)
    _click_row(window, "e13")
    held.release.set()
    qtbot.waitUntil(lambda: window.findChild(EventDialog) is not None, timeout=20_000)
    dialog = window.findChild(EventDialog)
    assert dialog is not None
    assert dialog.title.text() == "Event 9"
    assert dialog.summary.toPlainText() == "Summary 9"
    assert read[:2] == ["e1", "e9"]
    qtbot.waitUntil(lambda: read[-1:] == ["e13"], timeout=20_000)
    assert read == ["e1", "e9", "e13"]


def test_a_form_waiting_for_its_event_is_dropped_when_the_window_closes(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from viewer.eventdialog import EventDialog

    window, held = _form_asked(make_window, tmp_path, monkeypatch)
    assert _busy_cursor()
    window.close()
    assert not _busy_cursor()
    with qtbot.waitSignal(window.details.reads.read, timeout=20_000):
        held.release.set()
    assert window.findChild(EventDialog) is None


def test_the_kinds_of_link_of_a_file_not_held_are_read_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # an event form offers the kinds of link the timeline has: from a file whose links stay
    # on disk, its links column was read again each time a form opened (0.2 s at 10M)
    from timeline.columns import link_kinds_of
    from timeline.models import Link

    monkeypatch.setattr(parquet_source, "HOLD_BYTES", 0)
    events = [
        Event("a", "A", When.parse("2001-01-01")),
        Event("b", "B", When.parse("2001-01-02"), related=[Link("follows", "a")]),
        Event("c", "C", When.parse("2001-01-03"), related=[Link("caused-by", "b")]),
    ]
    path = tmp_path / "linked.parquet"
    pq.write_table(to_table(Timeline("Linked", events)), path, row_group_size=1)
    tl = timeline.load(path)
    streamed: list[list[str]] = []
    stream = parquet_source.FileSource.stream

    def counted(source: Any, columns: list[str], *args: Any, **kwargs: Any) -> Any:
        streamed.append(list(columns))
        return stream(source, columns, *args, **kwargs)

    monkeypatch.setattr(parquet_source.FileSource, "stream", counted)
    assert link_kinds_of(tl.events) == ["caused-by", "follows"]
    assert streamed == [["related"]]
    kinds = link_kinds_of(tl.events)
    assert kinds == ["caused-by", "follows"]
    kinds.append("mine")  # (the caller's list: what is kept stays)
    edited = timeline.edit.replace_event(
        tl, "a", Event("a", "A", When.parse("2001-01-01"), related=[Link("cites", "c")])
    ).apply(tl)
    assert link_kinds_of(edited.events) == ["caused-by", "cites", "follows"]
    assert streamed == [["related"]]  # (read once, for the edit's timeline too)
