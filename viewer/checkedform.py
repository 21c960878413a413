"""A dialog of line edits checked as the user types: the base of the era and source forms.

:class:`CheckedFormDialog` lays out one line edit a field, each with its label
and, under it, the field's problem in bold (hidden while there is none); an
OK button that stays disabled while any field has a problem; and a line under
the fields where a refused commit says why ("Not saved: …", the dialog stays
open).  What the fields mean is the subclass's: :meth:`~CheckedFormDialog._check`
reads them (without Qt: :mod:`viewer.eraform`, :mod:`viewer.sourceform`) and
:meth:`~CheckedFormDialog._made` picks what the checked form makes, or
``None`` while it has a problem.  Text from the file is shown as plain text.

:class:`CheckedDialog` is what every checked form shares, the event form
(:class:`viewer.eventdialog.EventDialog`) included: the check as the user types
(each field's problem under it, OK enabled while there is none) and OK handing what
the form makes to ``commit`` (the dialog stays open, saying why, when it is refused).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Generic, Protocol, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from viewer.details import TextLabel

__all__ = ["Checked", "CheckedDialog", "CheckedFormDialog", "note"]


class Checked(Protocol):
    """A checked form: at least its problems, by field."""

    @property
    def problems(self) -> Mapping[str, str]: ...


C = TypeVar("C", bound=Checked)
T = TypeVar("T")


class CheckedDialog(QDialog, Generic[C, T]):
    """A dialog whose form is checked as the user types, and whose OK commits what it makes.

    ``commit(made)`` is called on OK with what the checked form makes and returns an
    error to show (the dialog stays open) or ``None`` (it closes).  The subclass builds
    the fields, with a label under each for its problem (:attr:`problems`, by field), a
    line for a refused commit (:attr:`message`) and the buttons (:meth:`_add_buttons`),
    then checks the form the first time (:meth:`recheck`).
    """

    message: TextLabel
    """Where a refused commit says why ("Not saved: …"): the subclass's."""
    ok: QPushButton
    buttons: QDialogButtonBox

    def __init__(self, parent: QWidget | None, commit: Callable[[T], str | None]) -> None:
        super().__init__(parent)
        self._commit = commit
        self._checked: C | None = None
        self.problems: dict[str, TextLabel] = {}
        """The label of each field's problem, by field (hidden while it has none)."""

    def _add_buttons(self, layout: QVBoxLayout, ok_text: str) -> None:
        """OK (called ``ok_text``) and Cancel, at the end of ``layout``."""
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok is not None
        self.ok = ok
        self.ok.setText(ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def checked(self) -> C:
        """The form as last checked."""
        if self._checked is None:
            self.recheck()
        assert self._checked is not None
        return self._checked

    def recheck(self) -> None:
        """Check the form again: each problem beside its field, OK enabled when there is none."""
        checked = self._check()
        self._checked = checked
        for field, label in self.problems.items():
            message = checked.problems.get(field, "")
            label.setText(message)
            label.setVisible(bool(message))
        self._show(checked)
        self.ok.setEnabled(self._made(checked) is not None)

    def accept(self) -> None:
        made = self._made(self.checked())
        if made is None:
            return
        error = self._commit(made)
        if error:
            self.message.setText(f"Not saved: {error}")
            self.message.show()
            return
        super().accept()

    # -- what the subclass says ----------------------------------------------------------

    def _check(self) -> C:
        """The fields checked."""
        raise NotImplementedError

    def _made(self, checked: C) -> T | None:
        """What ``checked`` makes, or ``None`` while it has a problem."""
        raise NotImplementedError

    def _show(self, checked: C) -> None:
        """Show what else the subclass says of ``checked`` (called by :meth:`recheck`)."""


class CheckedFormDialog(CheckedDialog[C, T]):
    """A form of line edits (``labels``: field -> label, in order) checked as the user types.

    ``commit(made)`` is called on OK with what the checked form makes and
    returns an error to show (the dialog stays open) or ``None`` (it closes).
    ``noun`` names what is made: the dialog is "New Era" with "Add Era" (or,
    ``editing`` one, "Edit Era" with "Save Era").
    The widgets are named ``{name}-{field}``, ``{name}-problem-{field}`` and
    ``{name}-message``.  A subclass builds its own widgets after this
    constructor, then calls :meth:`start`.
    """

    def __init__(
        self,
        parent: QWidget | None,
        commit: Callable[[T], str | None],
        *,
        name: str,
        noun: str,
        editing: bool,
        labels: Mapping[str, str],
        placeholders: Mapping[str, str],
    ) -> None:
        super().__init__(parent, commit)
        self.setObjectName(name)
        self.setWindowTitle(f"Edit {noun}" if editing else f"New {noun}")
        self.fields: dict[str, QLineEdit] = {}
        self.columns: dict[str, QVBoxLayout] = {}
        """Each field's column: its editor, then its problem (a subclass may add to it)."""
        layout = QVBoxLayout(self)
        rows = QFormLayout()
        rows.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for field, text in labels.items():
            editor = QLineEdit()
            editor.setObjectName(f"{name}-{field}")
            editor.setAccessibleName(text.replace("&", ""))
            editor.setPlaceholderText(placeholders.get(field, ""))
            problem = note(f"{name}-problem-{field}")
            font = problem.font()
            font.setBold(True)
            problem.setFont(font)
            column = QVBoxLayout()
            column.addWidget(editor)
            column.addWidget(problem)
            label = TextLabel(text)
            label.setBuddy(editor)
            rows.addRow(label, column)
            self.fields[field] = editor
            self.columns[field] = column
            self.problems[field] = problem
        layout.addLayout(rows)
        self.message = note(f"{name}-message")
        layout.addWidget(self.message)
        self._add_buttons(layout, f"Save {noun}" if editing else f"Add {noun}")

    def start(self, values: Mapping[str, str], width: int) -> None:
        """Fill the fields with ``values`` (the others blank), check them from now on as
        the user types, and make the dialog ``width`` average characters wide."""
        for field, editor in self.fields.items():
            editor.setText(values.get(field, ""))
            editor.textChanged.connect(self.recheck)
        self.recheck()
        self.resize(width * max(1, self.fontMetrics().averageCharWidth()), self.sizeHint().height())

    def present(self) -> None:
        """Open the form over its window (deleted when closed), its first field focused."""
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.open()
        next(iter(self.fields.values())).setFocus()

    def values(self) -> dict[str, str]:
        """What the fields hold, by field."""
        return {field: editor.text() for field, editor in self.fields.items()}

    def recheck(self) -> None:
        super().recheck()
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))  # a problem shows


def note(name: str) -> TextLabel:
    """A hidden word-wrapped plain-text label named ``name``, for a line shown when needed."""
    label = TextLabel("")
    label.setObjectName(name)
    label.setWordWrap(True)
    label.hide()
    return label
