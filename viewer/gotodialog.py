"""View ▸ Go to Date: the dialog that reads a date in EDTF or in words as the user types.

What a text means is :mod:`viewer.goto`'s answer (Qt-free); this is its dialog,
and :class:`GoToDate`, the window's controller that opens it and goes there.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from typing import Final, Protocol

from PySide6.QtCore import QEvent, QSettings, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from timeline.models import Timeline
from timeline.when import When
from viewer.details import TextLabel
from viewer.goto import Reference, read, references
from viewer.text import plain_tooltip

__all__ = ["GoToDate", "GoToDateDialog", "open_go_to_date"]

DIALOG_CHARS: Final = 60
"""Go to Date opens this many average characters wide (its text wraps within)."""


class GoToDateDialog(QDialog):
    """Asks for a date in EDTF or in words; shows what it means, or the error, as the user types.

    Relative words ("last week", "between Monday and Thursday") count from the
    reference chosen under the text: today (which the caller passes: the
    dialog reads no clock) or a source's publication date (see
    :func:`viewer.goto.references` and docs/words.md).  Every text is plain
    and word-wrapped: nothing is clipped at any size or scale.
    """

    date_chosen = Signal(When)

    def __init__(
        self,
        parent: QWidget | None = None,
        text: str = "",
        today: _dt.date | None = None,
        *,
        choices: Sequence[Reference] | None = None,
        reference: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("go-to-date")
        self.setWindowTitle("Go to Date")
        self._choices = list(choices) if choices is not None else references(None, today)
        layout = QVBoxLayout(self)
        self.prompt = self._wrapped(
            "Date, in EDTF (2017-09-15, 2017-09-24/2017-09-27) or in words (Sept. 15, 2017;"
            " early September 2017; last week; between Monday and Thursday):",
            "go-to-date-help",
        )
        layout.addWidget(self.prompt)
        self.edit = QLineEdit(text)
        self.edit.setObjectName("go-to-date-edit")
        self.edit.setAccessibleName("Date")
        self.prompt.setBuddy(self.edit)
        layout.addWidget(self.edit)
        self.reference_label = self._wrapped("Count relative words from:", "go-to-date-from")
        layout.addWidget(self.reference_label)
        self.reference = QComboBox()
        self.reference.setObjectName("go-to-date-reference")
        self.reference.setAccessibleName("Count relative words from")
        self.reference.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.reference.setMinimumContentsLength(24)
        for choice in self._choices:
            self.reference.addItem(choice.label, choice.source)
            self.reference.setItemData(
                self.reference.count() - 1, plain_tooltip(choice.label), Qt.ItemDataRole.ToolTipRole
            )
        self.reference.setCurrentIndex(max(0, self.reference.findData(reference)))
        self.reference_label.setBuddy(self.reference)
        self.reference_label.setVisible(bool(self._choices))
        self.reference.setVisible(bool(self._choices))
        layout.addWidget(self.reference)
        self.meaning = self._wrapped("", "go-to-date-meaning")
        layout.addWidget(self.meaning)
        self.error = self._wrapped("", "go-to-date-error")
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.edit.textChanged.connect(self._check)
        self.reference.currentIndexChanged.connect(lambda _index: self._check(self.edit.text()))
        self._when: When | None = None
        self.resize(DIALOG_CHARS * self.fontMetrics().averageCharWidth(), self.height())
        self._check(text)

    @staticmethod
    def _wrapped(text: str, name: str) -> TextLabel:
        label = TextLabel(text)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        return label

    def when(self) -> When | None:
        return self._when

    def chosen_reference(self) -> Reference | None:
        """What relative words count from (``None``: nothing, so they are refused)."""
        index = self.reference.currentIndex()
        return self._choices[index] if 0 <= index < len(self._choices) else None

    def _check(self, text: str) -> None:
        chosen = self.chosen_reference()
        reading = read(text, chosen.when if chosen is not None else None)
        self._when = reading.when
        self.error.setText(reading.error)
        self.error.setVisible(bool(reading.error))
        self.meaning.setText(reading.meaning)
        self.meaning.setVisible(bool(reading.meaning))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(reading.when is not None)
        self._fit_height()

    def _fit_height(self) -> None:
        """Be at least as tall as the wrapped text needs at this width.

        Qt does not do it for a window: a longer error, a larger font or a
        narrower dialog would clip the text.
        """
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        need = layout.totalHeightForWidth(self.width())
        if need > 0 and need != self.minimumHeight():
            self.setMinimumHeight(need)
            if self.height() < need:
                self.resize(self.width(), need)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit_height()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_height()

    def accept(self) -> None:
        if self._when is None:
            return
        super().accept()
        self.date_chosen.emit(self._when)


def open_go_to_date(
    parent: QWidget, settings: QSettings, choices: Sequence[Reference]
) -> GoToDateDialog:
    """Open Go to Date over ``parent`` (not blocking; an older one closes); returns it.

    It starts with the date and the reference chosen last time, and remembers
    them in ``settings``.
    """
    for old in parent.findChildren(GoToDateDialog):
        old.close()
        old.deleteLater()
    dialog = GoToDateDialog(
        parent,
        str(settings.value("view/last_date", "") or ""),
        choices=choices,
        reference=str(settings.value("view/last_reference", "") or "") or None,
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.date_chosen.connect(lambda when: settings.setValue("view/last_date", when.edtf))
    dialog.reference.currentIndexChanged.connect(
        lambda _index: settings.setValue(
            "view/last_reference", dialog.reference.currentData() or ""
        )
    )
    dialog.open()
    dialog.edit.selectAll()
    dialog.edit.setFocus()
    return dialog


class _Showing(Protocol):
    """What Go to Date needs of the window's views."""

    @property
    def timeline(self) -> Timeline | None: ...
    @property
    def selection(self) -> str: ...


class GoToDate:
    """View ▸ Go to Date of a window: the dialog, opened over ``parent``, and where it lands.

    ``today()`` is the day relative words count from; ``go(when)`` shows
    ``when`` (the canvas's :meth:`go_to`); ``status(text, ms)`` says where.
    """

    def __init__(
        self,
        parent: QWidget,
        settings: QSettings,
        views: _Showing,
        today: Callable[[], _dt.date],
        go: Callable[[When], object],
        status: Callable[[str, int], object],
    ) -> None:
        self._parent = parent
        self._settings = settings
        self._views = views
        self.today = today
        self._go = go
        self._status = status

    def ask(self) -> GoToDateDialog:
        """Open the dialog (not blocking); returns it."""
        views = self._views
        choices = references(views.timeline, self.today(), views.selection or None)
        dialog = open_go_to_date(self._parent, self._settings, choices)
        dialog.date_chosen.connect(self.go_to)
        return dialog

    def go_to(self, when: When) -> None:
        """Show ``when`` and say so in the status bar."""
        self._go(when)
        self._status(f"Showing {when.describe()}", 4000)
