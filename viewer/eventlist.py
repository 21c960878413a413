"""The event list: a sortable table of the events that pass the filters.

* :class:`EventTableModel` — the events of a timeline that pass the filter,
  one row each, in chronological order until a column is sorted; the date
  column sorts by :class:`~timeline.when.When` order, not by its text.  Rows
  are answered by position (:class:`viewer.rows.RowOrder`): a timeline of a
  million events opens without a pass over its events, and only the rows
  drawn are read.
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
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from timeline.columns import Brief, brief
from timeline.models import Event, Timeline
from viewer import rows
from viewer.clock import describe_in
from viewer.details import isolate
from viewer.find import Known
from viewer.rows import RowOrder, tags_text
from viewer.text import plain_tooltip

__all__ = [
    "EVENT_ID_ROLE",
    "EventList",
    "EventTableModel",
    "prepare_search",
]

EVENT_ID_ROLE: Final = int(Qt.ItemDataRole.UserRole) + 1
"""Data role holding a row's event id."""

_Index = QModelIndex | QPersistentModelIndex


def prepare_search(tl: Timeline) -> None:
    """Make what the first search of ``tl`` reads now, so that it does not (a loader worker
    calls this once the timeline is shown): :func:`timeline.ops.prepare_search`."""
    from timeline import ops  # (imported here: not needed before the first frame)

    ops.prepare_search(tl)


class EventTableModel(QAbstractTableModel):
    """The events of a timeline that pass the filter, one row each; sortable by column.

    Chronological until :meth:`sort` (a click on a header) orders them by a
    column; ``sort(-1)`` goes back to the timeline's order.  The filter and
    the sort are kept when the timeline is replaced (a reload, an edit).
    """

    DATE, TITLE, STATUS, TAGS = rows.DATE, rows.TITLE, rows.STATUS, rows.TAGS
    _HEADERS: Final = ("Date", "Title", "Status", "Tags")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tl: Timeline | None = None
        self._ids: frozenset[str] | None = None
        self._column = -1
        self._descending = False
        self._order = RowOrder(None)
        self._zone: str | None = None

    def set_zone(self, zone: str | None) -> None:
        """Show the dates' times of day on the clock of ``zone`` (``None``: their own)."""
        if zone == self._zone:
            return
        self._zone = zone
        if len(self._order):
            first, last = self.index(0, self.DATE), self.index(len(self._order) - 1, self.DATE)
            self.dataChanged.emit(first, last)

    def set_timeline(self, tl: Timeline | None) -> None:
        """Show ``tl``'s events (the filter and the sort are kept)."""
        self.beginResetModel()
        self._tl = tl
        self._order = self._ordered()
        self.endResetModel()

    def set_ids(self, ids: frozenset[str] | None, known: Known | None = None) -> None:
        """Show only these events (``None``: all; ``known``: their positions)."""
        if ids == self._ids:
            return
        self.beginResetModel()
        self._ids = ids
        self._order = self._ordered(known)
        self.endResetModel()

    def ids(self) -> frozenset[str] | None:
        return self._ids

    def _ordered(self, known: Known | None = None) -> RowOrder:
        return RowOrder(
            self._tl,
            self._ids,
            self._column,
            descending=self._descending,
            isolate=isolate,
            known=known,
        )

    def event_at(self, row: int) -> Event:
        assert self._tl is not None
        return self._tl.events[self._order.position(row)]

    def brief_at(self, row: int) -> Brief:
        """What the row shows of its event (:func:`timeline.columns.brief`: the event is not
        made, so a file's row is not read back for it)."""
        assert self._tl is not None
        return brief(self._tl.events, self._order.position(row))

    def row_of(self, event_id: str) -> int | None:
        """The row of an event (``None``: not shown)."""
        tl = self._tl
        if tl is None or event_id not in tl:
            return None
        return self._order.row(tl.position(event_id))

    # -- QAbstractTableModel ----------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._order)

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

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the rows by ``column`` (-1: the timeline's order); the selection follows."""
        descending = order == Qt.SortOrder.DescendingOrder
        if not 0 <= column < len(self._HEADERS):
            column, descending = -1, False
        if (column, descending) == (self._column, self._descending):
            return
        self.layoutAboutToBeChanged.emit()
        before = self._order
        self._column, self._descending = column, descending
        self._order = self._ordered()
        old = self.persistentIndexList()
        new = []
        for index in old:
            row = self._order.row(before.position(index.row()))
            new.append(QModelIndex() if row is None else self.index(row, index.column()))
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._order):
            return None
        event = self.brief_at(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.DATE:
                return describe_in(event.when, self._zone)
            if column == self.TITLE:
                return event.title
            if column == self.STATUS:
                return event.status.value
            if column == self.TAGS:
                return tags_text(event, isolate)
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
        self.setModel(self._model)
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
        self._model.sort(-1)
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

    def set_filter(self, ids: frozenset[str] | None, known: Known | None = None) -> None:
        """Show only these events (``None``: all; ``known``: their positions, as the search
        found them); the selection stays if shown."""
        keep = self._selected
        self._quiet = True
        try:
            self._model.set_ids(ids, known)
        finally:
            self._quiet = False
        self._selected = ""
        if keep:
            self.select_event(keep)

    def row_count(self) -> int:
        """How many rows are shown."""
        return self._model.rowCount()

    def event_ids(self) -> list[str]:
        """The ids of the rows shown, top to bottom."""
        return [self._model.brief_at(row).id for row in range(self._model.rowCount())]

    def row_of(self, event_id: str) -> int | None:
        """The visible row of an event (``None`` when it is not shown)."""
        return self._model.row_of(event_id)

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
                index = self._model.index(row, 0)
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
