"""Authoring in the window: Edit ▸ New Event, Edit Event, Delete Event, and the eras.

A window-level controller: it owns the three actions and opens the event form
(:class:`viewer.eventdialog.EventDialog`); what the form makes goes through
the window's undo stack (:class:`viewer.editing.Editor`) as a
:mod:`timeline.edit` change, so every edit is undone by name ("Undo Add
'Rally'").  The window wires the canvas and the details panel to it.  The eras'
editing (:class:`viewer.eraediting.EraEditing`: New Era, the canvas's menu on
an era) is part of it, its actions among these.
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Final, Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from timeline import edit
from timeline.columns import linking_positions
from timeline.errors import TimelineError
from timeline.models import Event, Timeline
from viewer import editing
from viewer.canvas import TimelineCanvas
from viewer.changeaway import CHANGE_AWAY_FROM, MOVES_AWAY_FROM, STILL_CHANGING, is_big
from viewer.details import DetailsPanel
from viewer.editing import Editor
from viewer.eraediting import EraEditing
from viewer.eventread import EventReads
from viewer.formchoices import listed_references
from viewer.goto import references
from viewer.text import counted, listed
from viewer.viewport import Viewport

if TYPE_CHECKING:
    from viewer.eventdialog import EventDialog
    from viewer.eventform import Form

__all__ = ["Authoring", "AuthoringHost"]


class AuthoringHost(Protocol):
    """What authoring needs of its window."""

    def timeline(self) -> Timeline | None: ...
    def selected_event(self) -> str: ...
    def select_event(self, event_id: str | None) -> None: ...
    def today(self) -> _dt.date: ...


class Authoring(QObject):
    """The window's event authoring: its actions, and the form they open."""

    def __init__(
        self,
        host: AuthoringHost,
        editor: Editor,
        parent: QWidget,
        reveal: Callable[[str], object] | None = None,
    ) -> None:
        """``reveal(event_id)``: select an added or edited event and bring it into view."""
        super().__init__(parent)
        self._host = host
        self._reveal = reveal if reveal is not None else host.select_event
        self._editor = editor
        self._widget = parent
        self._reads: EventReads | None = None
        """Where an event read back from a big file is made (the details pane's, once
        :meth:`listen`): the form waits for it, the window answering meanwhile."""
        self.actions: dict[str, QAction] = {}
        self._add_action(
            "new_event",
            "&New Event…",
            self.new_event,
            [QKeySequence("Ctrl+N")],
            "Add an event to the timeline",
        )
        enter = [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)]
        self._add_action("edit_event", "&Edit Event…", self.edit_event, enter, "Edit the event")
        self._add_action(
            "delete_event",
            "&Delete Event",
            self.delete_event,
            [QKeySequence(QKeySequence.StandardKey.Delete)],
            "Delete the selected event",
        )
        self.eras = EraEditing(host, editor, parent)
        self.actions.update(self.eras.actions)

    def _add_action(
        self,
        name: str,
        text: str,
        slot: Callable[[], object],
        keys: list[QKeySequence],
        tip: str,
    ) -> QAction:
        action = QAction(text, self._widget)
        action.setObjectName(name)
        action.setShortcuts(keys)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.actions[name] = action
        return action

    def listen(self, canvas: TimelineCanvas, details: DetailsPanel) -> None:
        """Double-click or Enter on an event edits it; a double-click on empty canvas adds one."""
        canvas.activated.connect(self.edit_event)
        details.edit_requested.connect(self.edit_event)
        self._reads = details.reads
        canvas.background_activated.connect(lambda t: self.add_at(t, canvas.view()))
        self.eras.listen(canvas)

    def update_actions(self) -> None:
        """Enable what can be done: a timeline to add to, a selected event to edit or delete."""
        tl = self._host.timeline()
        self.actions["new_event"].setEnabled(tl is not None)
        event_id = self._host.selected_event()
        selected = tl is not None and bool(event_id) and event_id in tl  # (no event made)
        self.actions["edit_event"].setEnabled(selected)
        self.actions["delete_event"].setEnabled(selected)
        self.eras.update_actions()

    def _when_made(self, event_id: str, action: Callable[[], object]) -> bool:
        """Whether the event ``event_id`` is made at once (do ``action`` now); else it is
        read back on a worker, and ``action`` is done then (:meth:`EventReads.when_made`)."""
        tl = self._host.timeline()
        return tl is None or self._reads is None or self._reads.when_made(tl, event_id, action)

    def _selected(self, event_id: str | None = None) -> Event | None:
        """The event ``event_id`` (default: the selected one), if it is in the timeline."""
        tl = self._host.timeline()
        event_id = event_id or self._host.selected_event()
        return tl[event_id] if tl is not None and event_id and event_id in tl else None

    # -- the form ---------------------------------------------------------------

    def _open(self, editing: Event | None, form: Form) -> EventDialog | None:
        from viewer.eventdialog import EventDialog  # (the form: built on first use)

        tl = self._host.timeline()
        if tl is None:
            return None
        if not self._editor.when_whole(
            "New Event" if editing is None else "Edit Event", lambda: self._open(editing, form)
        ):
            return None
        for old in self._widget.findChildren(EventDialog):
            old.close()
        event_id = editing.id if editing is not None else None
        listed = listed_references(tl)  # (made by the loader's worker, kept by edits)
        choices = references(tl, self._host.today(), event_id, listed=listed)
        dialog = EventDialog(
            self._widget,
            tl,
            lambda event: self._commit(editing, event),
            editing=editing,
            form=form,
            choices=choices,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        dialog.title.setFocus()
        return dialog

    def _commit(self, editing: Event | None, event: Event) -> str | None:
        """Make the form's event (on the undo stack): ``None``, or why it could not be."""
        tl = self._host.timeline()
        if tl is None:
            return "no timeline is open"
        if editing is not None and (editing.id not in tl or tl[editing.id] != editing):
            # the file changed on disk while the form was open: never overwrite that unseen
            return (
                f"{_short(editing.title)} changed (or went) while this form was open;"
                " cancel, and edit it again"
            )
        try:
            if editing is None:
                change = edit.add_event(tl, event)
            elif self._relinks_many(tl, editing.id, event.id):
                return self._replace_away(tl, editing, event)
            else:
                change = edit.replace_event(tl, editing.id, event)
        except TimelineError as exc:
            return str(exc)
        if is_big(change, len(tl)):  # (the events after its place renumbered: a worker)
            return self._away(tl, change, event, adding=editing is None)
        if change.added_events or change.removed_events:
            self._editor.push(change)
        self._reveal(event.id)
        return None

    def _away(self, tl: Timeline, change: edit.Change, event: Event, *, adding: bool) -> str | None:
        """Put the event in a big timeline (or move it there) on a worker (checked here:
        the form said why it could not be)."""
        text = f"{'Adding' if adding else 'Moving'} {_short(event.title)}…"
        if not self._editor.away.push(tl, lambda: change, text, lambda: self._reveal(event.id)):
            return STILL_CHANGING
        return None

    def _relinks_many(self, tl: Timeline, old_id: str, new_id: str) -> bool:
        """Whether giving the event ``old_id`` the id ``new_id`` changes the links of so many
        events that it is made on a worker (counted in the columns; none made)."""
        return new_id != old_id and len(_linking_others(tl, old_id)) >= CHANGE_AWAY_FROM

    def _replace_away(self, tl: Timeline, editing: Event, event: Event) -> str | None:
        """Give the event a new id that thousands of events link to, on a worker (checked
        here first: the form tells why it cannot be)."""
        edit.check_replace_event(tl, editing.id, event)
        make = functools.partial(edit.replace_event, tl, editing.id, event)
        text = f"Changing the id of {_short(editing.title)} and the links to it…"
        if not self._editor.away.push(tl, make, text, lambda: self._reveal(event.id)):
            return STILL_CHANGING
        return None

    # -- the actions ---------------------------------------------------------------

    def new_event(self, when: str = "") -> EventDialog | None:
        """Open an empty form (its date ``when``, as EDTF); OK adds the event."""
        from viewer.eventform import Form

        return self._open(None, Form(when=when))

    def add_at(self, t: float, view: Viewport) -> EventDialog | None:
        """Open a form to add an event on the date at time ``t``, as precise as ``view``.

        (A double-click on an empty stretch of the canvas: the day, month or
        year under the pointer, :func:`viewer.pointdate.date_at`.)
        """
        from viewer.pointdate import date_at

        return self.new_event(date_at(t, view))

    def edit_event(self, event_id: str | None = None) -> EventDialog | None:
        """Open the form filled with the event (default: the selected one); OK replaces it."""
        event_id = event_id or self._host.selected_event()
        again = functools.partial(self.edit_event, event_id)
        if not self._editor.when_whole("Edit Event", again) or not self._when_made(event_id, again):
            return None
        event = self._selected(event_id)
        if event is None:
            return None
        self._host.select_event(event.id)
        from viewer.eventform import form_of

        return self._open(event, form_of(event))

    def delete_event(self, event_id: str | None = None) -> bool:
        """Delete the event (default: the selected one); whether it was deleted.

        When other events link to it, the links are listed first: delete them
        too (in the same undo step), or cancel.
        """
        event_id = event_id or self._host.selected_event()
        again = functools.partial(self.delete_event, event_id)
        if not self._editor.when_whole("Delete Event", again):
            return False
        if not self._when_made(event_id, again):
            return False
        tl = self._host.timeline()
        event = self._selected(event_id)
        if tl is None or event is None:
            return False
        linking = _linking_others(tl, event.id)  # (only the events listed are made)
        count = counted(len(linking), "event")
        if linking:
            text = "\n".join(
                [
                    f"Other events link to {_short(event.title)}:",
                    *listed(linking, lambda p: _linking_line(tl.events[p], event.id)),
                    f"Delete it and remove the links to it from {count} too?",
                ]
            )
            choice = editing.ask(self._widget, "Delete Event", text, [DELETE_LINKED, "Cancel"])
            if choice != DELETE_LINKED:
                return False
        make = functools.partial(edit.remove_event, tl, event.id, unlink=bool(linking))
        # (seconds at a million: made on a worker; so is any delete at ten million, the
        # events after it renumbered)
        if len(linking) >= CHANGE_AWAY_FROM or len(tl) >= MOVES_AWAY_FROM:
            links = f" and the links to it from {count}" if linking else ""
            return self._editor.away.push(tl, make, f"Deleting {_short(event.title)}{links}…")
        self._editor.push(make())
        return True


DELETE_LINKED: Final = "Delete Event and Links"
"""The answer that deletes a linked event with the links to it."""


def _linking_others(tl: Timeline, event_id: str) -> list[int]:
    """The positions of the other events that link to ``event_id`` (found in the columns,
    no event made)."""
    own = tl.position(event_id)
    return [p for p in linking_positions(tl.events, (event_id,)) if p != own]


def _linking_line(linking: Event, target: str) -> str:
    """A line of the delete question: an event that links to ``target``, and how."""
    kinds = dict.fromkeys(k.kind.replace("-", " ") for k in linking.related if k.event == target)
    return f"  {_short(linking.title)} ({', '.join(kinds)})"


def _short(title: str, limit: int = 60) -> str:
    title = " ".join(title.split())
    return f"'{title}'" if len(title) <= limit else f"'{title[: limit - 1]}…'"
