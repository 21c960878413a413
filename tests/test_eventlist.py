"""The event list: rows, When-order sorting, filtering, selection without echoes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

import timeline
from tests.counting import counting
from timeline.models import Event, Status, Timeline
from timeline.ops import matching_ids
from timeline.when import When
from viewer.eventlist import EVENT_ID_ROLE, EventList, EventTableModel

DATA = Path(__file__).parent / "data" / "viewer"


@pytest.fixture
def sample() -> Timeline:
    return timeline.load(DATA / "sample.toml")


@pytest.fixture
def event_list(qtbot: QtBot, sample: Timeline) -> EventList:
    view = EventList()
    qtbot.addWidget(view)
    view.resize(700, 300)
    view.set_timeline(sample)
    view.show()
    qtbot.waitExposed(view)
    return view


def _click_row(qtbot: QtBot, view: EventList, row: int) -> None:
    rect = view.visualRect(view.model().index(row, 1))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_rows_are_the_events_in_chronological_order(
    event_list: EventList, sample: Timeline
) -> None:
    assert event_list.event_ids() == [e.id for e in sample]
    model = event_list.model()
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == [
        "Date",
        "Title",
        "Status",
        "Tags",
    ]
    row = event_list.row_of("operation-safe-city")
    assert row is not None
    assert model.index(row, 0).data() == "24–27 Sep 2017"
    assert model.index(row, 1).data() == "Operation Safe City"
    assert model.index(row, 2).data() == "happened"
    assert model.index(row, 3).data() == "enforcement, ice"
    assert "EDTF: 2017-09-24/2017-09-27" in model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)


def test_date_column_sorts_by_when_not_by_text(qtbot: QtBot) -> None:
    # By text "15 Sep 2017" < "2017" < "3 Jan 2018" < "Sep 2017"; by date it is not.
    tl = Timeline(
        "t",
        [
            Event("a", "A", When.parse("2017-09")),
            Event("b", "B", When.parse("2017")),
            Event("c", "C", When.parse("2017-09-15")),
            Event("d", "D", When.parse("2018-01-03")),
        ],
    )
    view = EventList()
    qtbot.addWidget(view)
    view.set_timeline(tl)
    assert view.event_ids() == ["b", "a", "c", "d"]  # chronological before any sort
    view.sortByColumn(EventTableModel.DATE, Qt.SortOrder.DescendingOrder)
    assert view.event_ids() == ["d", "c", "a", "b"]
    view.sortByColumn(EventTableModel.DATE, Qt.SortOrder.AscendingOrder)
    assert view.event_ids() == ["b", "a", "c", "d"]
    view.sortByColumn(EventTableModel.TITLE, Qt.SortOrder.DescendingOrder)
    assert view.event_ids() == ["d", "c", "b", "a"]


def test_matching_ids_follow_timeline_filter(sample: Timeline) -> None:
    assert matching_ids(sample) is None
    for text in ("portland", "ICE", "homan", "four-day", "nothing-like-this", "safe city"):
        assert matching_ids(sample, text=text) == frozenset(e.id for e in sample.filter(text=text))
    assert matching_ids(sample, tag="ice") == frozenset(e.id for e in sample.filter(tag="ice"))
    cancelled = matching_ids(sample, status=Status.CANCELLED)
    assert cancelled == frozenset({"operation-mega"})
    both = matching_ids(sample, text="operation", tag="enforcement", status=Status.HAPPENED)
    assert both == frozenset({"operation-safe-city"})


def test_filter_hides_rows_and_keeps_the_selection_when_shown(event_list: EventList) -> None:
    event_list.select_event("operation-safe-city")
    event_list.set_filter(frozenset({"operation-safe-city", "operation-mega"}))
    assert event_list.row_count() == 2
    assert event_list.selected_event() == "operation-safe-city"
    event_list.set_filter(frozenset({"operation-mega"}))
    assert event_list.event_ids() == ["operation-mega"]
    assert event_list.selected_event() == ""
    event_list.set_filter(None)
    assert event_list.row_count() == 5


def test_a_click_reports_the_selection_once(qtbot: QtBot, event_list: EventList) -> None:
    seen: list[str] = []
    event_list.selection_changed.connect(seen.append)
    row = event_list.row_of("sessions-portland")
    assert row is not None
    _click_row(qtbot, event_list, row)
    assert seen == ["sessions-portland"]
    assert event_list.selected_event() == "sessions-portland"
    _click_row(qtbot, event_list, row)  # the same row again: no new report
    assert seen == ["sessions-portland"]


def test_select_event_from_outside_does_not_echo(event_list: EventList) -> None:
    seen: list[str] = []
    event_list.selection_changed.connect(seen.append)
    event_list.select_event("operation-mega")
    assert event_list.selected_event() == "operation-mega"
    rows = event_list.selectionModel().selectedRows()
    assert [r.data(EVENT_ID_ROLE) for r in rows] == ["operation-mega"]
    event_list.select_event(None)
    assert event_list.selectionModel().selectedRows() == []
    event_list.select_event("no-such-event")
    assert event_list.selected_event() == ""
    assert seen == []


def test_keyboard_moves_the_selection_and_enter_activates(
    qtbot: QtBot, event_list: EventList, sample: Timeline
) -> None:
    seen: list[str] = []
    activated: list[str] = []
    event_list.selection_changed.connect(seen.append)
    event_list.activated_event.connect(activated.append)
    event_list.setFocus()
    event_list.select_event(sample.events[0].id)
    QTest.keyClick(event_list, Qt.Key.Key_Down)
    assert seen == [sample.events[1].id]
    QTest.keyClick(event_list, Qt.Key.Key_Return)
    assert activated == [sample.events[1].id]


def test_reload_keeps_the_selection(event_list: EventList, sample: Timeline) -> None:
    event_list.select_event("safe-city-announced")
    event_list.set_timeline(sample.filter(tag="ice"))
    assert event_list.selected_event() == "safe-city-announced"
    event_list.set_timeline(sample.filter(tag="court"))
    assert event_list.selected_event() == ""


def test_markup_is_shown_as_text(qtbot: QtBot) -> None:
    tl = timeline.load(DATA / "markup.toml")
    model = EventTableModel()
    model.set_timeline(tl)
    assert model.index(0, 1).data() == "<img src=x>"
    assert model.index(0, 3).data() == "<i>tag</i>"
    assert model.data(QModelIndex()) is None
    view = EventList()
    qtbot.addWidget(view)
    view.set_timeline(tl)
    assert view.model().index(0, 1).data() == "<img src=x>"


def test_a_big_timeline_opens_reading_only_the_rows_drawn(qtbot: QtBot) -> None:
    # rows are answered by position: no pass over the events (a column-backed timeline
    # would make every Event), only the rows on screen are read
    tl = Timeline(
        "big",
        [
            Event(f"e{i:05}", f"Event {i}", When.parse(f"2017-{1 + i % 12:02}-01"))
            for i in range(5000)
        ],
    )
    events = counting(tl)
    view = EventList()
    qtbot.addWidget(view)
    view.resize(700, 300)
    view.set_timeline(tl)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: bool(events.read))  # the rows on screen are drawn
    assert view.row_count() == 5000
    assert events.passes == 0
    assert 0 < len(events.read) < 100
    view.select_event(tl.events[4321].id)
    assert view.selected_event() == tl.events[4321].id
    assert view.row_of(tl.events[4321].id) == 4321


def test_rows_of_a_file_read_back_make_no_event(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ten million events keep their summaries and nested tables in the file, read back a
    # row group at a time for an event made (about half a second each): the rows drawn
    # show the columns held (timeline.columns.brief) and read nothing back
    pq = pytest.importorskip("pyarrow.parquet")
    from benchmarks.generate import document
    from timeline import parquet_source
    from timeline.codec import from_data
    from timeline.columns import EventColumns
    from timeline.parquet_io import to_table

    monkeypatch.setattr(parquet_source, "HOLD_BYTES", 0)
    path = tmp_path / "big.parquet"
    pq.write_table(to_table(from_data(document(600))), path, row_group_size=100)
    tl = timeline.load(path)
    assert isinstance(tl.events, EventColumns)
    assert tl.events.source._source.reads_back  # type: ignore[attr-defined]
    view = EventList()
    qtbot.addWidget(view)
    view.resize(700, 300)
    view.set_timeline(tl)
    view.show()
    qtbot.waitExposed(view)
    model = view.model()
    qtbot.waitUntil(lambda: view.rowViewportPosition(0) >= 0)
    shown = [[model.index(r, c).data() for c in range(4)] for r in range(20)]
    assert view.event_ids() == [tl.events.ids[p] for p in range(600)]
    assert tl.events.made() == 0
    assert not tl.events.source._source._groups  # type: ignore[attr-defined]
    rows = [tl.events[r] for r in range(20)]  # (now made: the same texts)
    assert shown == [[model.index(r, c).data() for c in range(4)] for r in range(20)]
    assert [s[1] for s in shown] == [e.title for e in rows]
    assert any(s[3] for s in shown)


def test_a_sort_keeps_the_selected_event_selected(event_list: EventList) -> None:
    event_list.select_event("operation-mega")
    for column, order in (
        (EventTableModel.TITLE, Qt.SortOrder.DescendingOrder),
        (EventTableModel.STATUS, Qt.SortOrder.DescendingOrder),
    ):
        event_list.sortByColumn(column, order)
        rows = event_list.selectionModel().selectedRows()
        assert [r.data(EVENT_ID_ROLE) for r in rows] == ["operation-mega"]
        assert event_list.row_of("operation-mega") == rows[0].row()
    event_list.set_filter(frozenset({"operation-mega", "sessions-portland"}))
    # still by status, happened first
    assert event_list.event_ids() == ["sessions-portland", "operation-mega"]
