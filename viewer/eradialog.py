"""The era form: an era's title, dates (EDTF or words) and colour, checked as typed.

:class:`EraDialog` is opened by :class:`viewer.eraediting.EraEditing` (Edit ▸ New Era, the
canvas's menu on an era); its fields are checked without Qt by :mod:`viewer.eraform`.
Imported on first use: the window's launch does not need it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import attrs
from PySide6.QtWidgets import QWidget

from timeline.models import Era
from viewer.checkedform import CheckedFormDialog, note
from viewer.eraform import FIELDS, CheckedEra, EraForm, check, form_of
from viewer.eras import ERA_PALETTE

__all__ = ["LABELS", "EraDialog"]

LABELS: Final = {"title": "&Title", "when": "&Dates", "colour": "&Colour"}
"""The label of each field of :data:`viewer.eraform.FIELDS`."""
_PLACEHOLDERS: Final = {
    "title": "Operation Safe City",
    "when": "EDTF (2017-09-24/2017-09-27) or words (late September 2017)",
    "colour": f"#rrggbb ({ERA_PALETTE[0]}), or blank: the viewer chooses",
}


class EraDialog(CheckedFormDialog[CheckedEra, Era]):
    """The form of one era: empty (or with its dates) to add one, filled to edit one.

    ``commit(era)`` is called on OK with the checked era and returns an error
    to show (the dialog stays open) or ``None`` (it closes).
    """

    def __init__(
        self,
        parent: QWidget | None,
        commit: Callable[[Era], str | None],
        *,
        editing: Era | None = None,
        form: EraForm | None = None,
    ) -> None:
        super().__init__(
            parent,
            commit,
            name="era-form",
            noun="Era",
            editing=editing is not None,
            labels=LABELS,
            placeholders=_PLACEHOLDERS,
        )
        self._editing = editing
        self.title, self.when, self.colour = (self.fields[f] for f in FIELDS)
        self.meaning = note("era-form-meaning")
        self.columns["when"].insertWidget(1, self.meaning)  # under the dates, above a problem
        start = form if form is not None else form_of(editing) if editing is not None else None
        self.start(attrs.asdict(start) if start is not None else {}, width=80)

    def form(self) -> EraForm:
        """What the fields hold."""
        return EraForm(**self.values())

    def _check(self) -> CheckedEra:
        return check(self.form(), self._editing)

    def _made(self, checked: CheckedEra) -> Era | None:
        return checked.era

    def _show(self, checked: CheckedEra) -> None:
        self.meaning.setText(checked.reading.meaning)
        self.meaning.setVisible(bool(checked.reading.meaning))
