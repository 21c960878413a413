"""The related-event chooser of the event form: a list of every event, and type to find one.

:class:`EventChoices` lists a timeline's events for a combo box, each row made
when shown (a timeline may hold 100,000).  :class:`EventSearch` makes that combo
box a search box as reference managers have it: typing narrows a popup to the
events whose title or id holds every word typed (:class:`viewer.eventpick.EventFinder`),
Up/Down move in it and Enter (or a click) chooses; the arrow still opens the
whole list.  No step reads every row of the combo box's model (Qt's own
completer and its search for the text typed would, making a label for each of
100,000 events).  Titles are plain text: item text and tooltips, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter

from timeline.models import Event, Timeline
from viewer.eventpick import EventFinder
from viewer.text import plain_tooltip

__all__ = [
    "CHOICE_CHARS",
    "PROMPT",
    "EventChoices",
    "EventSearch",
    "LabelChoices",
    "chosen_event",
    "short",
]

_ROOT: Final = QModelIndex()
_DISPLAY: Final = int(Qt.ItemDataRole.DisplayRole)
_ID: Final = Qt.ItemDataRole.UserRole
_SHOWN: Final = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.EditRole,  # an editable combo box's text
    Qt.ItemDataRole.ToolTipRole,
)
_MATCH: Final = Qt.MatchFlag.MatchStartsWith | Qt.MatchFlag.MatchWrap

CHOICE_CHARS: Final = 60
"""An event or a source in a chooser is cut to this many characters (its tooltip is whole)."""
PROMPT: Final = "Type to find an event (words of its title or id)"
"""The chooser's placeholder while no event is chosen."""


def short(text: str) -> str:
    """``text`` on one line, cut to :data:`CHOICE_CHARS` characters with "…"."""
    text = " ".join(text.split())
    return text if len(text) <= CHOICE_CHARS else text[: CHOICE_CHARS - 1] + "…"


def _label(event: Event) -> str:
    return f"{event.title} ({event.when.describe()})"


def _tooltip(label: str) -> str | None:
    return plain_tooltip(label) if len(label) > CHOICE_CHARS else None


class LabelChoices(QAbstractListModel):
    """``(label, value)`` choices for a combo box, each row's item made when shown (the
    sources of a timeline may be 25,000: a model of items made them all each time an
    event form opened). The label is shown cut to :data:`CHOICE_CHARS` (whole when not
    ``cut``), whole in its tooltip; the value is the ``UserRole`` data."""

    def __init__(
        self,
        pairs: Sequence[tuple[str, str | None]],
        *,
        cut: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._pairs = list(pairs)
        self._cut = cut
        self._rows: dict[str, int] = {}
        for row, (_label, value) in enumerate(self._pairs):
            if value is not None:
                self._rows.setdefault(value, row)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._pairs)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> object:
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self._pairs):
            return None
        label, value = self._pairs[row]
        if role == _ID:
            return value
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(label) if self._cut else None
        if role in _SHOWN:
            return short(label) if self._cut else label
        return None

    def append(self, label: str, value: str) -> None:
        """A choice at the end (a value not offered, shown as it is)."""
        row = len(self._pairs)
        self.beginInsertRows(_ROOT, row, row)
        self._pairs.append((label, value))
        self._rows.setdefault(value, row)
        self.endInsertRows()

    def match(
        self,
        start: QModelIndex | QPersistentModelIndex,
        role: int,
        value: object,
        hits: int = 1,
        flags: Qt.MatchFlag = Qt.MatchFlag.MatchExactly,
    ) -> list[QModelIndex]:
        """A value's row found in constant time (``QComboBox.findData``); else as Qt does."""
        exact = Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchCaseSensitive
        if role == _ID and isinstance(value, str) and hits == 1 and flags == exact:
            row = self._rows.get(value, -1)
            return [self.index(row)] if row >= 0 else []
        return super().match(start, role, value, hits, flags)


class EventChoices(QAbstractListModel):
    """The events of a timeline to choose from, made on demand (a timeline may hold 100,000).

    Row 0 is no event (value ``""``, shown blank: the chooser's placeholder says
    what to do); then the events in time order, each shown as its title and
    date, its id as the value (``UserRole``).
    """

    def __init__(self, tl: Timeline | None) -> None:
        super().__init__()
        self._tl = tl
        self._events = tl.events if tl is not None else ()
        self.finder = EventFinder(self._events)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._events) + 1

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> object:
        row = index.row()
        if not index.isValid() or not 0 <= row <= len(self._events):
            return None
        event = self._events[row - 1] if row else None
        if role == _ID:
            return event.id if event is not None else ""
        if role not in _SHOWN:
            return None
        if event is None:
            return None if role == Qt.ItemDataRole.ToolTipRole else ""
        label = _label(event)
        return _tooltip(label) if role == Qt.ItemDataRole.ToolTipRole else short(label)

    def match(
        self,
        start: QModelIndex | QPersistentModelIndex,
        role: int,
        value: object,
        hits: int = 1,
        flags: Qt.MatchFlag = _MATCH,
    ) -> list[QModelIndex]:
        """The row of the event whose id is ``value`` (``UserRole``), found by id; no row for
        a text: the combo box looks for the text typed when editing ends (Enter, or the
        focus leaving), which would make every event's label, and the search finds events
        by words (:class:`EventSearch`)."""
        if role == _ID and isinstance(value, str) and (row := self.row_of(value)) >= 0:
            return [self.index(row)]
        return []

    def row_of(self, event_id: str) -> int:
        """The row of the event ``event_id`` (-1: none), in constant time."""
        if self._tl is None or event_id not in self._tl:
            return -1
        return self._tl.position(event_id) + 1

    def event_at(self, position: int) -> Event:
        """The event at ``position`` in time order (row ``position + 1``)."""
        return self._events[position]


class EventSearch(QObject):
    """Type-to-find on a combo box of :class:`EventChoices` (made editable for the words).

    ``found``: the popup's rows (the events found, then a row that is not
    chosen saying how many more there are, or that none has the words).
    """

    def __init__(self, combo: QComboBox, choices: EventChoices) -> None:
        super().__init__(combo)
        self._combo = combo
        self._choices = choices
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.setDuplicatesEnabled(True)  # Return then looks for no row of the text typed
        line = combo.lineEdit()
        assert line is not None  # (editable)
        line.setPlaceholderText(PROMPT)
        self.found = QStandardItemModel(self)
        self.completer = QCompleter(self.found, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(12)
        popup = self.completer.popup()
        assert popup is not None
        popup.setMinimumWidth(popup.fontMetrics().averageCharWidth() * (CHOICE_CHARS + 4))
        line.setCompleter(self.completer)  # the line's, not the combo's: see the module
        line.textEdited.connect(self._narrow)  # before the line asks the completer to show
        by_index: Any = self.completer.activated  # the overload of a row, not of its text
        by_index[QModelIndex].connect(self._chosen)

    def _narrow(self, text: str) -> None:
        found = self._choices.finder.find(text)
        self.found.clear()
        for position in found.positions:
            event = self._choices.event_at(position)
            label = _label(event)
            item = QStandardItem(short(label))
            item.setData(event.id, _ID)
            if (tip := _tooltip(label)) is not None:
                item.setToolTip(tip)
            item.setEditable(False)
            self.found.appendRow(item)
        more = found.total - len(found.positions)
        if more or not found.total:
            words = f"{more:,} more: type more words" if more else "No event has these words"
            note = QStandardItem(words)
            note.setFlags(Qt.ItemFlag.NoItemFlags)
            self.found.appendRow(note)

    def _chosen(self, index: QModelIndex) -> None:
        event_id = index.data(_ID)
        if event_id:
            self._combo.setCurrentIndex(self._choices.row_of(str(event_id)))
            self._combo.setEditText(self._combo.itemText(self._combo.currentIndex()))


def chosen_event(combo: QComboBox) -> str:
    """The id chosen in an :class:`EventSearch` combo box: its current event while the text
    shows it, else the text typed (an id typed whole is read as that id)."""
    index = combo.currentIndex()
    text = combo.currentText()
    if index > 0 and text == combo.itemText(index):
        return str(combo.itemData(index, _ID) or "")
    return text.strip()
