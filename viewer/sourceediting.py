"""Edit ▸ Sources…: the window's action, which opens the sources dialog.

:class:`SourcesEditing` is a window-level controller: it owns the action and
opens :class:`viewer.sourcesdialog.SourcesDialog` (the list of sources with Add,
Edit and Remove), imported when first opened: the window's launch does not need it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QWidget

from timeline.models import Timeline
from viewer.editing import Editor

if TYPE_CHECKING:
    from viewer.sourcesdialog import SourcesDialog

__all__ = ["DIALOG_NAME", "SourcesEditing", "SourcesHost"]

DIALOG_NAME: Final = "sources-dialog"
"""The object name of the sources dialog."""


class SourcesHost(Protocol):
    """What the sources dialog needs of its window."""

    def timeline(self) -> Timeline | None: ...


class SourcesEditing(QObject):
    """The window's Edit ▸ Sources… action, and the dialog it opens."""

    def __init__(self, host: SourcesHost, editor: Editor, parent: QWidget) -> None:
        super().__init__(parent)
        self._host = host
        self._editor = editor
        self._widget = parent
        self.action = QAction("&Sources…", parent)
        self.action.setObjectName("sources")
        self.action.setStatusTip("Add, edit and remove the timeline's sources")
        self.action.triggered.connect(lambda _checked=False: self.open())
        self.update_action()

    def can_edit(self) -> bool:
        """Whether the timeline shown can be edited (it has a document to save into)."""
        return self._host.timeline() is not None and self._editor.has_document()

    def update_action(self) -> None:
        """Enable the action while editing is possible; show an open dialog's list again."""
        self.action.setEnabled(self.can_edit())
        for dialog in self._dialogs():
            dialog.refresh()

    def _dialogs(self) -> list[SourcesDialog]:
        """The sources dialogs open (none before the first is opened, nor its module imported)."""
        found = self._widget.findChildren(QDialog, DIALOG_NAME)
        if not found:
            return []
        from viewer.sourcesdialog import SourcesDialog

        return [dialog for dialog in found if isinstance(dialog, SourcesDialog)]

    def open(self) -> SourcesDialog | None:
        """Open the Sources dialog (the one open, if there is one)."""
        if not self.can_edit() or not self._editor.when_whole("Sources", self.open):
            return None  # (it counts the citations of every event)
        for dialog in self._dialogs():
            dialog.raise_()
            dialog.activateWindow()
            return dialog
        from viewer.sourcesdialog import SourcesDialog

        dialog = SourcesDialog(self._widget, self._host, self._editor)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()  # not modal: the window stays usable (undo, save, the events)
        return dialog
