"""Editing eras in the window: Edit ▸ New Era, and the canvas's menu on an era's band.

:class:`EraEditing` owns the New Era action and the canvas's context menu:
on an era's band (or its title) it offers Edit Era and Delete Era, and
everywhere New Era (on the date under the pointer).  :class:`viewer.eradialog.EraDialog`
is the form (title, dates in EDTF or words, colour), checked without Qt by
:mod:`viewer.eraform`, imported when first opened.  Each edit is one
:mod:`timeline.edit` change on the window's undo stack ("Undo Add era
'Rescue'"), saved into the file's ``[[eras]]`` tables by :mod:`timeline.patch`
like any edit.  Titles from the file are plain text: line edits, plain labels,
and menu texts whose ``&`` is doubled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QPoint, QPointF, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from timeline import edit
from timeline.errors import TimelineError
from timeline.models import Era, Timeline
from viewer.canvas import TimelineCanvas
from viewer.editing import Editor

if TYPE_CHECKING:  # (the dialog and its form: imported when first opened)
    from viewer.eradialog import EraDialog
    from viewer.eraform import EraForm

__all__ = ["EraEditing", "EraHost"]


class EraHost(Protocol):
    """What era editing needs of its window."""

    def timeline(self) -> Timeline | None: ...


class EraEditing(QObject):
    """The window's era editing: Edit ▸ New Era, and the canvas's menu on its era bands."""

    def __init__(self, host: EraHost, editor: Editor, parent: QWidget) -> None:
        super().__init__(parent)
        self._host = host
        self._editor = editor
        self._widget = parent
        action = QAction("New &Era…", parent)
        action.setObjectName("new_era")
        action.setStatusTip("Add an era: a named period drawn behind the events")
        action.triggered.connect(lambda _checked=False: self.new_era())
        self.actions: dict[str, QAction] = {"new_era": action}

    def listen(self, canvas: TimelineCanvas) -> None:
        """A right-click (or the menu key) on the canvas opens :meth:`menu_at` there."""
        area = canvas.viewport()
        area.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        area.customContextMenuRequested.connect(
            lambda pos: self.menu_at(canvas, pos).exec(area.mapToGlobal(pos))
        )

    def update_actions(self) -> None:
        self.actions["new_era"].setEnabled(self._host.timeline() is not None)

    def menu_at(self, canvas: TimelineCanvas, pos: QPoint) -> QMenu:
        """The canvas's menu at ``pos`` (viewport coordinates): Edit and Delete the era there,
        if any; New Era on the date under the pointer (as precise as the zoom)."""
        menu = QMenu(canvas)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        tl = self._host.timeline()
        if tl is None:
            return menu
        index = canvas.era_at(QPointF(pos))
        if index is not None:
            era = tl.eras[index]
            name = _menu_text(edit.named(era))
            edit_action = menu.addAction(f"Edit Era {name}…")
            edit_action.triggered.connect(lambda: self.edit_era(era))
            delete_action = menu.addAction(f"Delete Era {name}")
            delete_action.triggered.connect(lambda: self.delete_era(era))
            menu.addSeparator()
        from viewer.pointdate import date_at

        when = date_at(canvas.view().time_at(pos.x()), canvas.view())
        new_action = menu.addAction("New Era Here…")
        new_action.triggered.connect(lambda: self.new_era(when))
        return menu

    # -- the actions ---------------------------------------------------------------

    def new_era(self, when: str = "") -> EraDialog | None:
        """Open an empty era form (its dates ``when``); OK adds the era."""
        from viewer.eraform import EraForm

        return self._open(None, EraForm(when=when))

    def edit_era(self, era: Era) -> EraDialog | None:
        """Open the form filled with ``era``; OK replaces it."""
        from viewer.eraform import form_of

        return self._open(era, form_of(era))

    def delete_era(self, era: Era) -> bool:
        """Delete ``era`` (one undo step); whether it was deleted."""
        if not self._editor.when_whole("Delete Era", lambda: self.delete_era(era)):
            return False  # (an edit makes every event)
        tl = self._host.timeline()
        if tl is None or era not in tl.eras:
            return False
        self._editor.push(edit.remove_era(tl, era))
        return True

    def _open(self, editing: Era | None, form: EraForm) -> EraDialog | None:
        from viewer.eradialog import EraDialog

        if self._host.timeline() is None:
            return None
        what = "New Era" if editing is None else "Edit Era"
        if not self._editor.when_whole(what, lambda: self._open(editing, form)):
            return None  # (its OK makes every event)
        for old in self._widget.findChildren(EraDialog):
            old.close()
        dialog = EraDialog(
            self._widget, lambda era: self._commit(editing, era), editing=editing, form=form
        )
        dialog.present()
        return dialog

    def _commit(self, editing: Era | None, era: Era) -> str | None:
        """Make the form's era (on the undo stack): ``None``, or why it could not be."""
        tl = self._host.timeline()
        if tl is None:
            return "no timeline is open"
        try:
            if editing is None:
                change = edit.add_era(tl, era)
            else:
                change = edit.replace_era(tl, editing, era)
        except TimelineError:  # the file changed on disk while the form was open
            name = edit.named(editing if editing is not None else era)
            return (
                f"era {name} changed (or went) while this form was open; cancel, and edit it again"
            )
        if change.added_eras or change.removed_eras:
            self._editor.push(change)
        return None


def _menu_text(text: str) -> str:
    """``text`` for a menu item: its ``&`` shown, not taken as a shortcut's mark."""
    return text.replace("&", "&&")
