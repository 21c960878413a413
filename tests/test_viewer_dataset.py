"""The viewer opens a partitioned Parquet dataset (a folder): File ▸ Open Folder, a window of
events at a time within a budget, panning reads the files of the new view, and a dataset that
changes while open is reloaded like a file."""

# The fixtures imported from tests.test_window are parameters of the tests here.
# ruff: noqa: F401, F811

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from tests.test_window import WindowFactory, _click_row, make_window, settings_dir
from timeline import Event, Link, Timeline, When
from viewer.datasetplan import DAY
from viewer.details import LinkLabel
from viewer.loader import LiveLoader
from viewer.window import MainWindow

pytest.importorskip("pyarrow")

from timeline.dataset import Dataset, write

WAIT_MS = 10_000


def _years() -> Timeline:
    """Two events a year from 2014 to 2018, none spanning years."""
    events = [
        Event(f"e{year}{n}", f"Event {n} of {year}", When.parse(f"{year}-0{3 + 4 * n}-1{n}"))
        for year in range(2014, 2019)
        for n in (0, 1)
    ]
    return Timeline("Years", events)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "events"
    write(_years(), target)
    return target


def _ids(window: MainWindow) -> list[str]:
    tl = window.timeline()
    assert tl is not None
    return [e.id for e in tl]


def test_open_folder_shows_a_dataset_within_the_budget_whole(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, make_window: WindowFactory, folder: Path
) -> None:
    window = make_window()
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *args, **kwargs: str(folder))
    )
    with qtbot.waitSignal(window.timeline_changed, timeout=WAIT_MS):
        window.action("open_folder").trigger()
    assert _ids(window) == [e.id for e in _years()]
    assert window.statusBar().currentMessage() == "Loaded 10 events from events"
    assert "Years" in window.windowTitle()


def _pan(window: MainWindow, seconds: float) -> None:
    """Drag the canvas to show ``seconds`` earlier (negative: later), as a user does."""
    canvas = window.canvas
    viewport = canvas.viewport()
    y = viewport.height() // 2
    start, end = canvas.visible_range()
    pixels = seconds / ((end - start) / viewport.width())
    step = viewport.width() // 3
    while abs(pixels) >= 1:
        dx = int(max(-step, min(step, pixels)))
        if dx == 0:
            break
        x = viewport.width() // 2 - dx // 2
        QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         QPoint(x, y))  # fmt: skip
        QTest.mouseMove(viewport, QPoint(x + dx // 2, y))
        QTest.mouseMove(viewport, QPoint(x + dx, y))
        QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                           QPoint(x + dx, y))  # fmt: skip
        pixels -= dx


def test_panning_reads_the_files_of_the_view_and_lets_the_others_go(
    qtbot: QtBot, make_window: WindowFactory, folder: Path
) -> None:
    loader = LiveLoader()
    loader.datasets.budget = 4  # two years of events at a time
    messages: list[str] = []
    window = make_window(loader=loader)
    window.statusBar().messageChanged.connect(messages.append)
    with qtbot.waitSignal(window.timeline_changed, timeout=WAIT_MS):
        window.open_file(folder)
    # the first view: the dataset's end, as much of it as the budget allows
    assert _ids(window) == ["e20170", "e20171", "e20180", "e20181"]
    assert "Read 4 of 10 events from events (the files of this view)" in messages
    _settled(qtbot, window, loader)
    with qtbot.waitSignal(window.timeline_changed, timeout=WAIT_MS):
        _pan(window, 3 * 365 * DAY)
    _settled(qtbot, window, loader)
    ids = _ids(window)
    assert "e20150" in ids or "e20151" in ids  # 2015 is in view now: its file was read
    assert "e20181" not in ids  # and 2018's let go
    assert len(ids) <= 4
    start, end = window.canvas.visible_range()
    assert Dataset.open(folder).rows_touching(start // DAY, end // DAY) <= 4


def _settled(qtbot: QtBot, window: MainWindow, loader: LiveLoader) -> None:
    """Wait until the window read covers the view and nothing is being read."""

    def settled() -> bool:
        read = loader.dataset()
        covered = read is not None and read[1].covers(window.canvas.visible_range())
        return covered and not loader.is_busy()

    qtbot.waitUntil(settled, timeout=WAIT_MS)


def test_a_view_with_more_than_the_budget_says_so(
    qtbot: QtBot, make_window: WindowFactory, folder: Path
) -> None:
    loader = LiveLoader()
    loader.datasets.budget = 4
    window = make_window(folder, loader=loader)
    before = _ids(window)
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    for _ in range(12):
        QTest.keyClick(window.canvas, Qt.Key.Key_Minus)
    qtbot.waitUntil(lambda: any("zoom in to read them" in m for m in messages), timeout=WAIT_MS)
    assert any(m.endswith("events in view: zoom in to read them (at most 4 at a time)")
               for m in messages)  # fmt: skip
    assert _ids(window) == before  # nothing read


def test_a_dataset_that_changes_while_open_is_reloaded(
    qtbot: QtBot, make_window: WindowFactory, folder: Path
) -> None:
    window = make_window(folder)
    more = Timeline("More", [Event("new", "New", When.parse("2019-05-05"))])
    write(more, folder.parent / "more")
    with qtbot.waitSignal(window.timeline_changed, timeout=WAIT_MS):
        (folder.parent / "more" / "year=2019").rename(folder / "year=2019")
    assert "new" in _ids(window)
    bad = folder / "year=2016" / "part-0.parquet"
    (folder / "year=2016" / "part-0.parquet").rename(folder / "year=2017" / "part-9.parquet")
    qtbot.waitUntil(lambda: "not in this partition" in window.banner.text(), timeout=WAIT_MS)
    assert f"{folder / 'year=2017' / 'part-9.parquet'}: row 0: earliest_day" in (
        window.banner.text()
    )
    assert "new" in _ids(window)  # the last good one is still shown
    assert not bad.exists()


def test_the_overview_shows_the_whole_dataset_from_its_statistics(
    qtbot: QtBot, make_window: WindowFactory, folder: Path
) -> None:
    loader = LiveLoader()
    loader.datasets.budget = 4
    window = make_window(folder, loader=loader)
    _settled(qtbot, window, loader)
    assert "e20140" not in _ids(window)  # 2014's file is not read...
    strip = window.overview
    image = strip.grab().toImage()
    ratio = image.devicePixelRatio()

    def column(day: str) -> set[int]:
        days = (dt.date.fromisoformat(day) - dt.date(1970, 1, 1)).days
        x = strip.x_for(days * DAY)
        assert 0 <= x < strip.width()
        rows = range(image.height() - 8, image.height() - 3)
        return {image.pixelColor(int(x * ratio), y).rgb() for y in rows}

    background = column("2016-12-01")  # no event starts between July 2016 and March 2017
    assert len(background) == 1
    assert column("2014-05-01") != background  # ...but its events are counted in the strip


def _seconds(day: str) -> float:
    return (dt.date.fromisoformat(day) - dt.date(1970, 1, 1)).days * DAY


def test_zoomed_out_past_the_window_the_canvas_draws_the_events_not_read(
    qtbot: QtBot, make_window: WindowFactory, folder: Path
) -> None:
    loader = LiveLoader()
    loader.datasets.budget = 4
    window = make_window(folder, loader=loader)
    _settled(qtbot, window, loader)
    canvas = window.canvas
    assert "e20160" not in _ids(window)  # 2014 to 2016 are not read
    for _ in range(30):
        if canvas.visible_range()[0] < _seconds("2014-01-01"):
            break
        QTest.keyClick(canvas, Qt.Key.Key_Minus)
    assert canvas.visible_range()[0] < _seconds("2014-01-01")
    # their six events are counted where they start, from the files' statistics
    qtbot.waitUntil(lambda: canvas.frame_stats.unread == pytest.approx(6.0), timeout=WAIT_MS)
    assert "e20160" not in _ids(window)  # (over the budget: still not read)
    image = canvas.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    base = canvas.palette().color(QPalette.ColorRole.Base).rgb()
    y = int(image.height() / 2)

    def colours(first: str, last: str) -> list[int]:
        a, b = (int(canvas.view().x_for(_seconds(d)) * ratio) for d in (first, last))
        assert 0 <= a < b < image.width()
        return [image.pixelColor(x, y).rgb() for x in range(a, b)]

    in_2014 = colours("2014-04-01", "2014-06-20")  # between its two events
    assert sum(c != base for c in in_2014) > 0.8 * len(in_2014)
    assert len(set(in_2014) - {base}) >= 2  # hatched: unlike any event read
    gap = colours("2016-09-01", "2016-12-31")  # no event starts there
    assert sum(c != base for c in gap) < 0.3 * len(gap)


def test_a_link_to_an_event_not_read_is_shown_and_following_it_reads_its_window(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    events = list(_years().events)
    linked = events[-2]  # e20180
    events[-2] = Event(linked.id, linked.title, linked.when, related=(Link("follows", "e20150"),))
    write(Timeline("Years", events), tmp_path / "linked")
    loader = LiveLoader()
    loader.datasets.budget = 4
    window = make_window(tmp_path / "linked", loader=loader)
    _settled(qtbot, window, loader)
    assert "e20180" in _ids(window)
    assert "e20150" not in _ids(window)
    _click_row(window, "e20180")
    assert "follows · not read yet (a part of the dataset not read)" in window.details.text()
    (link,) = window.details.findChildren(LinkLabel, "outside-link")
    assert link.text() == "e20150"
    with qtbot.waitSignal(window.timeline_changed, timeout=WAIT_MS):
        QTest.mouseClick(link, Qt.MouseButton.LeftButton)
    assert "e20150" in _ids(window)  # 2015's part was read...
    assert window.views.selection == "e20150"  # ...and the event it leads to selected
    assert "Event 0 of 2015" in window.details.text()
    start, end = window.canvas.visible_range()
    assert start <= _seconds("2015-03-10") <= end


def test_an_event_read_says_how_many_events_not_read_link_to_it(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    events = list(_years().events)
    for k in (2, 3):  # both events of 2015 link to e20180
        e = events[k]
        events[k] = Event(e.id, e.title, e.when, related=(Link("follows", "e20180"),))
    write(Timeline("Years", events), tmp_path / "linked")
    loader = LiveLoader()
    loader.datasets.budget = 4
    window = make_window(tmp_path / "linked", loader=loader)
    _settled(qtbot, window, loader)
    assert "e20150" not in _ids(window)
    _click_row(window, "e20180")
    assert "Linked from 2 events not read yet (in parts not read)" in window.details.text()
    _click_row(window, "e20181")
    assert "Linked from" not in window.details.text()


def test_a_link_to_an_id_no_file_has_says_so_when_followed(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    events = list(_years().events)
    linked = events[-1]  # e20181
    events[-1] = Event(linked.id, linked.title, linked.when, related=(Link("cites", "e20150"),))
    write(Timeline("Years", events), tmp_path / "linked")
    # e20150 leaves the dataset (a file replaced by a job): the link leads nowhere now
    (tmp_path / "linked" / "year=2015" / "part-0.parquet").unlink()
    loader = LiveLoader()
    loader.datasets.budget = 4
    window = make_window(tmp_path / "linked", loader=loader)
    _settled(qtbot, window, loader)
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    _click_row(window, "e20181")
    (link,) = window.details.findChildren(LinkLabel, "outside-link")
    with qtbot.waitSignal(window.timeline_changed, timeout=WAIT_MS):
        QTest.mouseClick(link, Qt.MouseButton.LeftButton)
    assert "No event e20150 in the dataset: the link leads nowhere" in messages
    assert window.views.selection == "e20181"  # (kept)
