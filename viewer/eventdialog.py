"""The event form: a dialog to add an event or edit one, checked as the user types.

Every field's problem is shown beside it, in the library's words, and OK stays
disabled while any remains; the rules are :mod:`viewer.eventform`'s (no Qt
there), the date is read as Go to Date reads it (EDTF or words, relative words
counted from the chosen reference, :mod:`viewer.goto`).  OK hands the event to
``commit`` (the window's undo stack); the dialog closes only when it was taken,
so the timeline is never left invalid.  Every text from the file is plain text:
line edits, plain-text edits, combo box items and plain labels.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

import attrs
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from timeline.models import Event, Timeline
from timeline.rules import STATUSES
from viewer.checkedform import CheckedDialog
from viewer.details import TextLabel
from viewer.eventchooser import EventChoices, EventSearch, LabelChoices, chosen_event
from viewer.eventform import (
    FIELDS,
    Checked,
    CitationRow,
    FigureRow,
    Form,
    LinkRow,
    PersonRow,
    check,
)
from viewer.formchoices import link_kinds
from viewer.goto import Reference
from viewer.text import plain_tooltip

__all__ = ["Column", "EventChoices", "EventDialog", "Rows"]

LABELS: Final = {
    "title": "&Title",
    "id": "&Id",
    "when": "&Date",
    "zone": "Time &zone",
    "status": "&Status",
    "summary": "S&ummary",
    "tags": "Ta&gs",
    "places": "&Places",
    "people": "P&eople",
    "figures": "&Figures",
    "sources": "S&ources",
    "related": "&Related events",
}
"""The label of each field of :data:`viewer.eventform.FIELDS`."""

LINK_KINDS: Final = ("follows", "responds-to", "reports-on", "corrects", "caused-by")
"""Kinds of link offered in the chooser, after those the timeline already uses."""


@attrs.frozen
class Column:
    """One editor of a row: a line edit, or a chooser of ``(label, value)`` choices.

    ``editable``: the chooser also takes typed text (its value is the text).
    ``line``: the row's line it stands on (a citation's quote goes under it).
    """

    name: str
    label: str
    choices: LabelChoices | EventChoices | None = None
    editable: bool = False
    line: int = 0


class Rows(QWidget):
    """A list of rows (a person, a figure, a citation, a link), added and removed by the user.

    ``changed`` is emitted when a row's text, choice or number of rows changes.
    """

    changed = Signal()

    def __init__(
        self, name: str, columns: Sequence[Column], add_text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._columns = list(columns)
        self._rows: list[tuple[QWidget, list[QLineEdit | QComboBox]]] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(add_text)
        self.add_button.setObjectName(f"{name}-add")
        self.add_button.clicked.connect(lambda: self.add_row())
        self._layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)

    def count(self) -> int:
        return len(self._rows)

    def editors(self, row: int) -> list[QLineEdit | QComboBox]:
        """The editors of row ``row``, one per column."""
        return self._rows[row][1]

    def values(self) -> list[tuple[str, ...]]:
        """Each row's text, column by column (a chooser's value)."""
        return [tuple(_value(e) for e in editors) for _row, editors in self._rows]

    def set_values(self, rows: Sequence[Sequence[str]]) -> None:
        while self._rows:
            self.remove_row(0)
        for values in rows:
            self.add_row(values)

    def add_row(self, values: Sequence[str] = ()) -> list[QLineEdit | QComboBox]:
        """Add a row holding ``values``; its editors (the first has the focus)."""
        row = QWidget()
        grid = QGridLayout(row)
        grid.setContentsMargins(0, 0, 0, 0)
        editors: list[QLineEdit | QComboBox] = []
        places: dict[int, int] = {}
        for i, column in enumerate(self._columns):
            value = values[i] if i < len(values) else ""
            editor = self._editor(column, value)
            at = places.get(column.line, 0)
            places[column.line] = at + 1
            grid.addWidget(editor, column.line, at, 1, 1 if column.line == 0 else 8)
            editors.append(editor)
        remove = QToolButton()
        remove.setText("−")
        remove.setAccessibleName("Remove this row")
        remove.setToolTip("Remove this row")
        grid.addWidget(remove, 0, places.get(0, 0))
        self._layout.insertWidget(len(self._rows), row)
        self._rows.append((row, editors))
        remove.clicked.connect(lambda: self.remove_row(self._index_of(row)))
        editors[0].setFocus()
        self.changed.emit()
        return editors

    def remove_row(self, index: int) -> None:
        row, _editors = self._rows.pop(index)
        row.hide()
        row.deleteLater()
        self.changed.emit()

    def _index_of(self, row: QWidget) -> int:
        return next(i for i, (widget, _editors) in enumerate(self._rows) if widget is row)

    def _editor(self, column: Column, value: str) -> QLineEdit | QComboBox:
        editor: QLineEdit | QComboBox
        if column.choices is None:
            editor = QLineEdit(value)
            editor.setPlaceholderText(column.label)
            editor.textChanged.connect(self.changed)
        else:
            editor = QComboBox()
            editor.setModel(column.choices)
            editor.setEditable(column.editable)
            editor.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            editor.setMinimumContentsLength(16)
            choices = column.choices
            if isinstance(choices, EventChoices):
                EventSearch(editor, choices)
                index = choices.row_of(value) if value else 0
            elif not value:
                index = 0
            else:
                index = editor.findData(value)
            if index < 0 and editor.isEditable():
                editor.setEditText(value)
            elif index < 0 and isinstance(choices, LabelChoices):
                choices.append(value, value)  # not offered: shown as it is
                editor.setCurrentIndex(editor.count() - 1)
            else:
                editor.setCurrentIndex(index)
            editor.currentIndexChanged.connect(self.changed)
            editor.editTextChanged.connect(self.changed)
        editor.setObjectName(f"{self.objectName()}-{column.name}")
        editor.setAccessibleName(column.label)
        return editor


def _value(editor: QLineEdit | QComboBox) -> str:
    if isinstance(editor, QLineEdit):
        return editor.text()
    if isinstance(editor.model(), EventChoices):
        return chosen_event(editor)
    if editor.isEditable():
        index = editor.findText(editor.currentText())
        data = editor.itemData(index) if index >= 0 else None
        return str(data) if data else editor.currentText()
    return str(editor.currentData() or "")


def _choices(pairs: Sequence[tuple[str, str]], first: str = "") -> LabelChoices:
    return LabelChoices([(first, ""), *pairs] if first else pairs)


class EventDialog(CheckedDialog[Checked, Event]):
    """The form of one event: empty (or prefilled) to add one, filled to edit one.

    ``commit(event)`` is called on OK with the checked event and returns an
    error to show (the dialog stays open, the line under the fields saying it) or
    ``None`` (it closes) (:class:`viewer.checkedform.CheckedDialog`).
    ``choices``: what relative words in the date count from (today, the
    sources' publication dates); ``reference``: the chosen one's source id.
    """

    checked_changed = Signal()
    """The form was checked again (after each change of a field)."""

    def __init__(
        self,
        parent: QWidget | None,
        tl: Timeline | None,
        commit: Callable[[Event], str | None],
        *,
        editing: Event | None = None,
        form: Form | None = None,
        choices: Sequence[Reference] = (),
        reference: str | None = None,
    ) -> None:
        super().__init__(parent, commit)
        self.setObjectName("event-form")
        self.setWindowTitle("Edit Event" if editing is not None else "New Event")
        self._tl = tl
        self._editing = editing
        self._choices = list(choices)
        layout = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        self._form = QFormLayout(body)
        self._form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)
        self._build_fields()
        self.summary_line = self.message = _wrapped("", "event-form-problems")
        """What is left to fix, or why the event was not saved."""
        layout.addWidget(self.summary_line)
        self._add_buttons(layout, "Add Event" if editing is None else "Save Event")
        self.set_form(form if form is not None else Form())
        if reference is not None:
            self.reference.setCurrentIndex(max(0, self.reference.findData(reference)))
        self._connect()
        self.recheck()
        chars = self.fontMetrics().averageCharWidth()
        self.resize(110 * chars, 48 * self.fontMetrics().height())

    # -- building ------------------------------------------------------------------

    def _build_fields(self) -> None:
        tl = self._tl
        self.title = QLineEdit()
        self.id = QLineEdit()
        self.id_note = _wrapped("", "event-form-id-note")
        self.id_note.hide()
        self.when = QLineEdit()
        self.when.setPlaceholderText(
            "EDTF (2017-09-24, 2017-09-24/2017-09-27, 2017-09~) or words (late September 2017)"
        )
        self.meaning = _wrapped("", "event-form-meaning")
        self.reference = QComboBox()
        self.reference.setObjectName("event-form-reference")
        self.reference.setAccessibleName("Count relative words from")
        self.reference.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.reference.setMinimumContentsLength(24)
        pairs = [(choice.label, choice.source) for choice in self._choices]
        self.reference.setModel(LabelChoices(pairs, cut=False, parent=self.reference))
        self.reference.setVisible(bool(self._choices))
        self.zone = QLineEdit()
        self.zone.setPlaceholderText("for times of day: an IANA zone (America/Chicago)")
        self.status = QComboBox()
        for name in STATUSES:
            self.status.addItem(name, name)
        self.summary = QPlainTextEdit()
        self.tags = QPlainTextEdit()
        self.tags.setPlaceholderText("one a line")
        self.places = QPlainTextEdit()
        self.places.setPlaceholderText("one a line")
        for edit in (self.summary, self.tags, self.places):
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(4 * self.fontMetrics().lineSpacing())
        sources = [(_source_label(s.title, s.publisher), s.id) for s in (tl.sources if tl else ())]
        self.people = Rows("people", [Column("name", "Name"), Column("role", "Role")], "Add Person")
        self.figures = Rows(
            "figures", [Column("name", "Name"), Column("value", "Number")], "Add Figure"
        )
        self.sources = Rows(
            "sources",
            [
                Column("source", "Source", _choices(sources, "Choose a source…")),
                Column("reported", "Date it reports (EDTF or words)"),
                Column("reported_text", "In its words"),
                Column("quote", "Quote", line=1),
                Column("note", "Note (yours, about this citation)", line=2),
            ],
            "Cite a Source",
        )
        kinds = dict.fromkeys([*(link_kinds(tl) if tl else ()), *LINK_KINDS])
        self._events = EventChoices(tl)
        """The events a link may point to (every row of the related events' choosers)."""
        self.related = Rows(
            "related",
            [
                Column("kind", "How", _choices([(k, k) for k in kinds]), editable=True),
                Column("event", "Event", self._events),
                Column("note", "Note (yours, about this link)", line=1),
            ],
            "Link an Event",
        )
        editors: dict[str, QWidget] = {
            "title": self.title,
            "id": self.id,
            "when": self.when,
            "zone": self.zone,
            "status": self.status,
            "summary": self.summary,
            "tags": self.tags,
            "places": self.places,
            "people": self.people,
            "figures": self.figures,
            "sources": self.sources,
            "related": self.related,
        }
        for field in FIELDS:
            editor = editors[field]
            if field not in ("people", "figures", "sources", "related"):
                editor.setObjectName(f"event-form-{field}")
            editor.setAccessibleName(LABELS[field].replace("&", ""))
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(editor)
            if field == "id":
                column.addWidget(self.id_note)
            if field == "when":
                column.addWidget(self.meaning)
                line = QHBoxLayout()
                self.reference_label = TextLabel("Count relative words from")
                self.reference_label.setBuddy(self.reference)
                self.reference_label.setVisible(bool(self._choices))
                line.addWidget(self.reference_label)
                line.addWidget(self.reference, 1)
                column.addLayout(line)
            problem = _wrapped("", f"event-form-problem-{field}")
            font = problem.font()
            font.setBold(True)
            problem.setFont(font)
            problem.hide()
            column.addWidget(problem)
            self.problems[field] = problem
            label = TextLabel(LABELS[field])
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setBuddy(editor)
            self._form.addRow(label, box)

    def _connect(self) -> None:
        self.title.textChanged.connect(self.recheck)
        self.id.textChanged.connect(self.recheck)
        self.when.textChanged.connect(self.recheck)
        self.zone.textChanged.connect(self.recheck)
        self.reference.currentIndexChanged.connect(self.recheck)
        self.status.currentIndexChanged.connect(self.recheck)
        for edit in (self.summary, self.tags, self.places):
            edit.textChanged.connect(self.recheck)
        for rows in (self.people, self.figures, self.sources, self.related):
            rows.changed.connect(self.recheck)

    # -- the form ------------------------------------------------------------------

    def set_form(self, form: Form) -> None:
        """Fill the fields from ``form``."""
        self.title.setText(form.title)
        self.id.setText(form.id)
        self.when.setText(form.when)
        self.zone.setText(form.zone)
        self.status.setCurrentIndex(max(0, self.status.findData(form.status)))
        self.summary.setPlainText(form.summary)
        self.tags.setPlainText(form.tags)
        self.places.setPlainText(form.places)
        for rows, items in (
            (self.people, form.people),
            (self.figures, form.figures),
            (self.sources, form.sources),
            (self.related, form.related),
        ):
            rows.set_values([attrs.astuple(item) for item in items])

    def form(self) -> Form:
        """What the fields hold."""
        return Form(
            title=self.title.text(),
            id=self.id.text(),
            when=self.when.text(),
            zone=self.zone.text(),
            status=str(self.status.currentData()),
            summary=self.summary.toPlainText(),
            tags=self.tags.toPlainText(),
            places=self.places.toPlainText(),
            people=tuple(PersonRow(*v) for v in self.people.values()),
            figures=tuple(FigureRow(*v) for v in self.figures.values()),
            sources=tuple(CitationRow(*v) for v in self.sources.values()),
            related=tuple(LinkRow(*v) for v in self.related.values()),
        )

    def chosen_reference(self) -> Reference | None:
        index = self.reference.currentIndex()
        return self._choices[index] if 0 <= index < len(self._choices) else None

    def made(self) -> Event | None:
        """The event the form describes (``None`` while it has a problem)."""
        return self._made(self.checked())

    def recheck(self) -> None:
        super().recheck()
        self.checked_changed.emit()

    def _check(self) -> Checked:
        chosen = self.chosen_reference()
        return check(
            self.form(),
            self._tl,
            self._editing,
            chosen.when if chosen is not None else None,
            finder=self._events.finder,
        )

    def _made(self, checked: Checked) -> Event | None:
        return checked.event

    def _show(self, checked: Checked) -> None:
        self._show_id(checked)
        self.meaning.setText(checked.reading.meaning)
        self.meaning.setVisible(bool(checked.reading.meaning))
        self.reference.setEnabled(checked.reading.relative or not checked.reading.when)
        for row, reading in enumerate(checked.reported):
            editor = self.sources.editors(row)[1]
            editor.setToolTip(plain_tooltip(reading.meaning) if reading.meaning else "")
        names = [LABELS[f].replace("&", "") for f in FIELDS if f in checked.problems]
        self.summary_line.setText(f"To fix before saving: {', '.join(names)}." if names else "")
        self.summary_line.setVisible(bool(names))

    def _show_id(self, checked: Checked) -> None:
        """What the id will be when left blank; that links follow an edited event's new id."""
        editing = self._editing
        if editing is None:
            made = checked.event.id if checked.event is not None else ""
            self.id.setPlaceholderText(f"made from the title: {made}" if made else _MADE)
            return
        typed = self.id.text().strip()
        renamed = bool(typed) and typed != editing.id and "id" not in checked.problems
        self.id_note.setText(RENAMED.format(old=editing.id) if renamed else "")
        self.id_note.setVisible(renamed)


_MADE: Final = "made from the title"
RENAMED: Final = "Was {old}: the links of other events to it will follow the new id."
"""Under the id of an edited event given a new one (the links follow: edit.replace_event)."""


def _source_label(title: str, publisher: str | None) -> str:
    return f"{publisher}: {title}" if publisher else title


def _wrapped(text: str, name: str) -> TextLabel:
    label = TextLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return label
