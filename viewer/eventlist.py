"""The event list: a sortable table of the events that pass the filters.

* :class:`EventTableModel` — every event of a timeline, one row each, in
  chronological order; the date column sorts by :class:`~timeline.when.When`
  order, not by its text.
* :class:`EventFilterProxy` — keeps the rows of a set of ids, and sorts.
* :class:`EventList` — the table view; its selection is one event id,
  reported by :attr:`EventList.selection_changed` only when the user changes it.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from timeline.models import Event, Timeline
from viewer.clock import describe_in
from viewer.details import isolate
from viewer.text import plain_tooltip

__all__ = [
    "EVENT_ID_ROLE",
    "EventFilterProxy",
    "EventList",
    "EventTableModel",
    "prepare_search",
]

EVENT_ID_ROLE: Final = int(Qt.ItemDataRole.UserRole) + 1
"""Data role holding a row's event id."""

_Index = QModelIndex | QPersistentModelIndex


def prepare_search(tl: Timeline) -> None:
    """Build the search text of ``tl``'s events now, and its span index (a timeline builds
    it on first use), so that neither is built on the GUI thread (a loader worker calls
    this)."""
    tl.search_texts()
    tl.index_in(None)


class EventTableModel(QAbstractTableModel):
    """Every event of a timeline, one row each, in chronological order."""

    DATE, TITLE, STATUS, TAGS = range(4)
    _HEADERS: Final = ("Date", "Title", "Status", "Tags")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._events: tuple[Event, ...] = ()
        self._rows: dict[str, int] = {}
        self._zone: str | None = None

    def set_zone(self, zone: str | None) -> None:
        """Show the dates' times of day on the clock of ``zone`` (``None``: their own)."""
        if zone == self._zone:
            return
        self._zone = zone
        if self._events:
            first, last = self.index(0, self.DATE), self.index(len(self._events) - 1, self.DATE)
            self.dataChanged.emit(first, last)

    def set_timeline(self, tl: Timeline | None) -> None:
        self.beginResetModel()
        self._events = tl.events if tl is not None else ()
        self._rows = {e.id: i for i, e in enumerate(self._events)}
        self.endResetModel()

    def event_at(self, row: int) -> Event:
        return self._events[row]

    def row_of(self, event_id: str) -> int | None:
        return self._rows.get(event_id)

    # -- QAbstractTableModel ----------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._events)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._HEADERS)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._HEADERS)
        ):
            return self._HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._events):
            return None
        event = self._events[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.DATE:
                return describe_in(event.when, self._zone)
            if column == self.TITLE:
                return event.title
            if column == self.STATUS:
                return event.status.value
            if column == self.TAGS:
                return ", ".join(isolate(t) for t in event.tags)
        elif role == Qt.ItemDataRole.ToolTipRole:
            if column == self.DATE:
                zone = f" ({event.when.tz})" if event.when.tz else ""
                return plain_tooltip(f"EDTF: {event.when.edtf}{zone}")
            if column == self.TITLE:
                return plain_tooltip(event.title)
            if column == self.TAGS and event.tags:
                return plain_tooltip(", ".join(event.tags))
        elif role == EVENT_ID_ROLE:
            return event.id
        elif role == Qt.ItemDataRole.AccessibleTextRole and column == self.DATE:
            return describe_in(event.when, self._zone)
        return None


class EventFilterProxy(QSortFilterProxyModel):
    """Keeps the rows whose event id is in a set; sorts dates by ``When`` order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids: frozenset[str] | None = None
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_ids(self, ids: frozenset[str] | None) -> None:
        """Show only these events (``None``: all)."""
        if ids == self._ids:
            return
        if hasattr(self, "endFilterChange"):  # Qt 6.10+
            self.beginFilterChange()
            self._ids = ids
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._ids = ids
            self.invalidateRowsFilter()

    def ids(self) -> frozenset[str] | None:
        return self._ids

    def _events(self) -> EventTableModel:
        model = self.sourceModel()
        assert isinstance(model, EventTableModel)
        return model

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if self._ids is None:
            return True
        return self._events().event_at(source_row).id in self._ids

    def lessThan(self, left: _Index, right: _Index) -> bool:
        model = self._events()
        a, b = model.event_at(left.row()), model.event_at(right.row())
        column = left.column()
        if column == EventTableModel.DATE:
            return (a.when.sort_key, a.id) < (b.when.sort_key, b.id)
        if column == EventTableModel.STATUS:
            return (a.status.value, a.when.sort_key) < (b.status.value, b.when.sort_key)
        return super().lessThan(left, right)


class EventList(QTableView):
    """The table of events.  One row (event) at a time is selected.

    ``selection_changed(str)`` is emitted when the *user* selects a row
    ("" for none), not when :meth:`select_event` is called; ``activated_event(str)``
    on double-click or Enter.
    """

    selection_changed = Signal(str)
    activated_event = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = EventTableModel(self)
        self._proxy = EventFilterProxy(self)
        self._proxy.setSourceModel(self._model)
        self.setModel(self._proxy)
        self._quiet = False
        self._selected = ""
        self.setObjectName("event-list")
        self.setAccessibleName("Events")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSortingEnabled(True)
        # chronological order until the user clicks a header
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self._proxy.sort(-1)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(EventTableModel.TITLE, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(EventTableModel.DATE, 150)
        header.resizeSection(EventTableModel.TITLE, 260)
        header.resizeSection(EventTableModel.STATUS, 80)
        self.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.doubleClicked.connect(self._on_double_clicked)

    # -- contents -------------------------------------------------------------

    def set_timeline(self, tl: Timeline | None) -> None:
        """Show ``tl``'s events; the selection is kept when its event is still there."""
        keep = self._selected
        self._quiet = True
        try:
            self._model.set_timeline(tl)
        finally:
            self._quiet = False
        self._selected = ""
        if keep:
            self.select_event(keep)

    def set_zone(self, zone: str | None) -> None:
        """Show times of day on the clock of ``zone`` (``None``: each event's own zone)."""
        self._model.set_zone(zone)

    def set_filter(self, ids: frozenset[str] | None) -> None:
        """Show only these events (``None``: all); the selection stays if shown."""
        keep = self._selected
        self._quiet = True
        try:
            self._proxy.set_ids(ids)
        finally:
            self._quiet = False
        self._selected = ""
        if keep:
            self.select_event(keep)

    def row_count(self) -> int:
        """How many rows are shown."""
        return self._proxy.rowCount()

    def event_ids(self) -> list[str]:
        """The ids of the rows shown, top to bottom."""
        return [
            str(self._proxy.index(row, 0).data(EVENT_ID_ROLE))
            for row in range(self._proxy.rowCount())
        ]

    def row_of(self, event_id: str) -> int | None:
        """The visible row of an event (``None`` when it is not shown)."""
        source_row = self._model.row_of(event_id)
        if source_row is None:
            return None
        index = self._proxy.mapFromSource(self._model.index(source_row, 0))
        return index.row() if index.isValid() else None

    # -- selection ------------------------------------------------------------

    def selected_event(self) -> str:
        return self._selected

    def select_event(self, event_id: str | None) -> None:
        """Select (and scroll to) an event's row, without emitting ``selection_changed``."""
        event_id = event_id or ""
        row = self.row_of(event_id) if event_id else None
        self._quiet = True
        try:
            selection = self.selectionModel()
            if row is None:
                selection.clearSelection()
                selection.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)
            else:
                index = self._proxy.index(row, 0)
                selection.setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.scrollTo(index)
        finally:
            self._quiet = False
        self._selected = event_id if row is not None else ""

    def _on_selection_changed(self, *_args: object) -> None:
        rows = self.selectionModel().selectedRows()
        event_id = str(rows[0].data(EVENT_ID_ROLE)) if rows else ""
        if self._quiet:
            return
        if event_id != self._selected:
            self._selected = event_id
            self.selection_changed.emit(event_id)

    def _on_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.activated_event.emit(str(index.data(EVENT_ID_ROLE)))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._selected:
            self.activated_event.emit(self._selected)
            event.accept()
            return
        super().keyPressEvent(event)
