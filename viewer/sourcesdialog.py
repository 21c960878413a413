"""Edit ▸ Sources…: the timeline's sources, added, edited and removed in a dialog.

:class:`viewer.sourceediting.SourcesEditing`, a window-level controller, owns the
action and opens :class:`SourcesDialog`, the list of sources with Add, Edit and Remove.
Add and Edit open :class:`SourceDialog`, one source's form: title, id,
publisher, URL and published date (EDTF), each problem beside its field in the
library's words (:mod:`viewer.sourceform`), OK disabled while there is one.
Every change is one step on the window's undo stack (:mod:`timeline.edit`:
"Undo Add source 'Release'").  Removing a source that events cite lists those
events first: remove the citations too (the same undo step), or cancel.  Text
from the file is shown as plain text.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

import attrs
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from timeline import edit
from timeline.columns import citing_source_positions
from timeline.edit import Change
from timeline.errors import TimelineError
from timeline.models import Source, Timeline
from viewer import editing
from viewer.changeaway import CHANGE_AWAY_FROM, STILL_CHANGING
from viewer.checkedform import CheckedFormDialog, note
from viewer.editing import Editor
from viewer.sourceediting import DIALOG_NAME
from viewer.sourceform import FIELDS, CheckedSource, SourceForm, check, form_of
from viewer.text import counted, listed

if TYPE_CHECKING:
    from viewer.sourceediting import SourcesHost

__all__ = ["REMOVE_CITED", "SourceDialog", "SourcesDialog"]

LABELS: Final = {
    "title": "&Title",
    "id": "I&d",
    "publisher": "&Publisher",
    "url": "&URL",
    "published": "Pu&blished",
}
_PLACEHOLDERS: Final = {
    "id": "made from the title",
    "url": "https://…",
    "published": "EDTF: 2017-09-28, 2017-09, 2017-09~",
}
RENAMED: Final = "Was {old}: the events' citations of it will follow the new id."
"""Under the id of an edited source given a new one (edit.replace_source)."""
REMOVE_CITED: Final = "Remove Source and Citations"
"""The answer that removes a cited source with its citations."""
_ID_ROLE: Final = Qt.ItemDataRole.UserRole


class SourceDialog(CheckedFormDialog[CheckedSource, Source]):
    """The form of one source: empty to add one, filled to edit one.

    ``commit(source)`` is called on OK with the checked source and returns an
    error to show (the dialog stays open) or ``None`` (it closes).
    """

    def __init__(
        self,
        parent: QWidget | None,
        tl: Timeline | None,
        commit: Callable[[Source], str | None],
        editing: Source | None = None,
    ) -> None:
        super().__init__(
            parent,
            commit,
            name="source-form",
            noun="Source",
            editing=editing is not None,
            labels=LABELS,
            placeholders=_PLACEHOLDERS,
        )
        self._tl = tl
        self._editing = editing
        self.title, self.id, self.publisher, self.url, self.published = (
            self.fields[f] for f in FIELDS
        )
        self.id_note = note("source-form-id-note")
        """Under the id of an edited source given a new one: its citations follow."""
        self.columns["id"].addWidget(self.id_note)
        if editing is not None:
            self.id.setPlaceholderText(f"left blank: {editing.id}, kept")
        self.start(attrs.asdict(form_of(editing)) if editing is not None else {}, width=60)

    def set_form(self, form: SourceForm) -> None:
        """Fill the fields from ``form``."""
        for field in FIELDS:
            self.fields[field].setText(getattr(form, field))

    def form(self) -> SourceForm:
        """What the fields hold."""
        return SourceForm(**self.values())

    def _check(self) -> CheckedSource:
        return check(self.form(), self._tl, self._editing)

    def _made(self, checked: CheckedSource) -> Source | None:
        return checked.source

    def _show(self, checked: CheckedSource) -> None:
        editing, source = self._editing, checked.source
        was = editing.id if editing and source and source.id != editing.id else None
        self.id_note.setText("" if was is None else RENAMED.format(old=was))
        self.id_note.setVisible(was is not None)


class SourcesDialog(QDialog):
    """The timeline's sources, in their order, with Add, Edit and Remove."""

    def __init__(self, parent: QWidget, host: SourcesHost, editor: Editor) -> None:
        super().__init__(parent)
        self.setObjectName(DIALOG_NAME)
        self.setWindowTitle("Sources")
        self._host = host
        self._editor = editor
        self._widget = parent
        self.list = QListWidget()
        self.list.setObjectName("sources-list")
        self.list.setAccessibleName("Sources")
        self.list.itemDoubleClicked.connect(lambda _item: self.edit_source())
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.add_button = QPushButton("&Add…")
        self.edit_button = QPushButton("&Edit…")
        self.remove_button = QPushButton("&Remove")
        self.add_button.clicked.connect(lambda: self.add_source())
        self.edit_button.clicked.connect(lambda: self.edit_source())
        self.remove_button.clicked.connect(lambda: self.remove_source())
        row = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        self.refresh()
        self.resize(
            70 * max(1, self.fontMetrics().averageCharWidth()), 24 * self.fontMetrics().height()
        )

    # -- the list ---------------------------------------------------------------------

    def refresh(self) -> None:
        """Show the timeline's sources again (the one selected stays selected)."""
        chosen = self.selected_id()
        self.list.clear()
        tl = self._host.timeline()
        for source in tl.sources if tl is not None else ():
            item = QListWidgetItem(_label(source))  # (an item's text is plain text)
            item.setData(_ID_ROLE, source.id)
            self.list.addItem(item)
            if source.id == chosen:
                self.list.setCurrentItem(item)
        self.add_button.setEnabled(tl is not None)
        self._update_buttons()

    def source_ids(self) -> list[str]:
        """The ids of the sources listed, in order."""
        return [str(self.list.item(i).data(_ID_ROLE)) for i in range(self.list.count())]

    def selected_id(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(_ID_ROLE))

    def select(self, source_id: str) -> None:
        """Select the source ``source_id`` in the list."""
        self.list.setCurrentRow(self.source_ids().index(source_id))

    def _shown(self, source_id: str) -> None:
        """Select ``source_id`` once a change made on a worker is shown (unless the dialog
        was closed meanwhile)."""
        if shiboken6.isValid(self) and source_id in self.source_ids():
            self.select(source_id)

    def _update_buttons(self) -> None:
        chosen = self.selected_id() is not None
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    # -- the actions --------------------------------------------------------------

    def _source(self, source_id: str | None) -> Source | None:
        tl = self._host.timeline()
        source_id = source_id or self.selected_id()
        if tl is None or source_id is None:
            return None
        return next((s for s in tl.sources if s.id == source_id), None)

    def add_source(self) -> SourceDialog | None:
        """Open an empty source form; OK adds the source after the others."""
        tl = self._host.timeline()
        if tl is None:
            return None
        return self._open(SourceDialog(self, tl, lambda source: self._add(source)))

    def edit_source(self, source_id: str | None = None) -> SourceDialog | None:
        """Open the form of the source (default: the one selected); OK replaces it."""
        source = self._source(source_id)
        if source is None:
            return None
        old_id = source.id

        def commit(new: Source) -> str | None:
            return self._replace(old_id, new)

        return self._open(SourceDialog(self, self._host.timeline(), commit, editing=source))

    def remove_source(self, source_id: str | None = None) -> bool:
        """Remove the source (default: the one selected); whether it was removed (or, cited
        by many events, its removal started on a worker: :mod:`viewer.changeaway`).

        When events cite it, they are listed first: remove the citations too (in the
        same undo step), or cancel.
        """
        tl = self._host.timeline()
        source = self._source(source_id)
        if tl is None or source is None:
            return False
        # (found in the columns, only the events listed made: a source cited by 100,000
        # events of a million asked after 7 s of making them all)
        citing = citing_source_positions(tl.events, (source.id,))
        count = counted(len(citing), "event")
        if citing:
            text = "\n".join(
                [
                    f"These events cite {edit.named(source)}:",
                    *listed(citing, lambda p: f"  {edit.named(tl.events[p])}"),
                    f"Remove the source and its citations in {count}?",
                ]
            )
            choice = editing.ask(self, "Remove Source", text, [REMOVE_CITED, "Cancel"])
            if choice != REMOVE_CITED:
                return False

        def make() -> Change:
            return edit.remove_source(tl, source.id, uncite=bool(citing))

        if len(citing) >= CHANGE_AWAY_FROM:  # (seconds at a million: made on a worker)
            text = f"Removing {edit.named(source)} and its citations in {count}…"
            return self._editor.away.push(tl, make, text)
        return self._push(make) is None

    def _open(self, dialog: SourceDialog) -> SourceDialog:
        dialog.present()
        return dialog

    def _add(self, source: Source) -> str | None:
        tl = self._host.timeline()
        if tl is None:
            return "no timeline is open"
        error = self._push(lambda: edit.add_source(tl, source))
        if error is None:
            self.select(source.id)
        return error

    def _replace(self, source_id: str, source: Source) -> str | None:
        tl = self._host.timeline()
        if tl is None:
            return "no timeline is open"
        make = functools.partial(edit.replace_source, tl, source_id, source)
        if source.id != source_id:  # (its citations follow: thousands made on a worker)
            citing = len(citing_source_positions(tl.events, (source_id,)))
            if citing >= CHANGE_AWAY_FROM:  # (checked here first: the form tells why not)
                try:
                    edit.check_replace_source(tl, source_id, source)
                except TimelineError as exc:
                    return str(exc)
                text = f"Changing the id of {edit.named(source)} in {counted(citing, 'event')}…"
                shown = functools.partial(self._shown, source.id)
                return None if self._editor.away.push(tl, make, text, shown) else STILL_CHANGING
        error = self._push(make)
        if error is None:
            self.select(source.id)
        return error

    def _push(self, make: Callable[[], Change]) -> str | None:
        """Make the change (on the undo stack): ``None``, or why it could not be."""
        try:
            change = make()
        except TimelineError as exc:
            return str(exc)
        if change.added_sources or change.removed_sources or change.added_events:
            self._editor.push(change)
        return None


def _label(source: Source) -> str:
    """A source's line in the list: "Publisher: Title (28 Sep 2017)"."""
    text = f"{source.publisher}: {source.title}" if source.publisher else source.title
    if source.published is not None:
        text += f" ({source.published.describe()})"
    return " ".join(text.split())
