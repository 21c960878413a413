"""Editing on the canvas by dragging: dragged events become changes on the undo stack.

:class:`DragEditing` is a window-level controller (the window creates it and
keeps only the wiring): it lets the canvas drag events while editing is
possible (a timeline from a file, or a new one, is shown), and turns each
drop into a :func:`timeline.edit.replace_event` change named "Move 'title'"
or "Resize 'title'", pushed on the editor's undo stack (made on a worker when it moves an
event of a big timeline: :func:`viewer.changeaway.is_big`).  Why a drag cannot
be (a set of dates, an open end) goes to the status bar.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Protocol

import attrs
from PySide6.QtCore import QObject

from timeline import edit
from timeline.errors import TimelineError
from timeline.models import Timeline
from timeline.parquet_io import is_complete
from timeline.when import When
from viewer.canvas import TimelineCanvas
from viewer.changeaway import is_big
from viewer.editing import Editor

__all__ = ["DragEditing", "DragHost"]

_MESSAGE_MS = 6000


class DragHost(Protocol):
    """What dragging needs of its window."""

    def timeline(self) -> Timeline | None: ...


class DragEditing(QObject):
    """Dragging events on ``canvas`` edits the timeline through ``editor``."""

    def __init__(
        self,
        host: DragHost,
        canvas: TimelineCanvas,
        editor: Editor,
        show_message: Callable[[str, int], None],
    ) -> None:
        super().__init__(editor)
        self._host = host
        self._editor = editor
        self._show_message = show_message
        canvas.set_drag_enabled(self.can_edit)
        canvas.event_dropped.connect(self._dropped)
        canvas.edit_refused.connect(lambda why: show_message(why, _MESSAGE_MS))

    def can_edit(self) -> bool:
        """Whether the timeline shown can be edited (it has a document to save into) by a
        drag: not while the rest of a big file is checked (an event grabbed is made, which
        would wait for that check, the window frozen under the pointer)."""
        tl = self._host.timeline()
        return tl is not None and self._editor.has_document() and is_complete(tl)

    def _dropped(self, event_id: str, when: object, verb: str) -> None:
        tl = self._host.timeline()
        if tl is None or event_id not in tl or not isinstance(when, When):
            return
        event = tl[event_id]
        try:
            change = edit.replace_event(
                tl,
                event_id,
                attrs.evolve(event, when=when),
                description=f"{verb} {edit.named(event)}",
            )
        except TimelineError as exc:
            self._show_message(f"Could not {verb.lower()} {edit.named(event)}: {exc}", _MESSAGE_MS)
            return
        done = f"{verb}d {edit.named(event)}: {when.describe()}"
        if is_big(change, len(tl)):  # (the events between its places renumbered: a worker)
            doing = f"{verb.removesuffix('e')}ing {edit.named(event)}…"  # (Moving, Resizing)
            then = functools.partial(self._show_message, done, _MESSAGE_MS)
            self._editor.away.push(tl, lambda: change, doing, then)  # (or says it cannot yet)
            return
        self._editor.push(change)
        self._show_message(done, _MESSAGE_MS)
