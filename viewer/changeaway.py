"""A change of many events of a big timeline, made and applied on a worker.

Removing a source cited by 100,000 events of a million makes each of those events and
edits the timeline's columns: about 9 s of CPU, which froze the window.  The sources
dialog and the delete of an event know beforehand how many events such a change touches
(from the columns); from :data:`CHANGE_AWAY_FROM` they hand it to :class:`ChangeAway`,
which makes the change and applies it on a worker (:class:`viewer.relay.OneJob`), the
busy indicator and the status bar saying so, then puts it on the undo stack as any other
(:meth:`viewer.editing.Editor.push`, the timeline it made shown as is).

Timelines are immutable: the worker reads the one it was given while the window shows it.
Should the window show another by the time the worker ends (another edit, an undo, a file
opened), the change is dropped, and the status bar says so: it was made for a timeline no
longer shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from PySide6.QtWidgets import QMessageBox, QWidget

from timeline.edit import Change
from timeline.errors import TimelineError
from viewer.relay import OneJob, Outcome

if TYPE_CHECKING:
    from timeline.models import Timeline
    from viewer.editing import Editor

__all__ = ["CHANGE_AWAY_FROM", "STILL_CHANGING", "ChangeAway"]

CHANGE_AWAY_FROM: Final = 2_000
"""A change of this many events or more is made on a worker (at a million events, making
2,000 events and applying the change is about a fifth of a second)."""

STILL_CHANGING: Final = "Still changing the timeline: try again once it is done"
"""Why another change is not made while one is made on a worker."""


class ChangeAway(OneJob):
    """One change at a time made and applied on a worker for an editor (see the module)."""

    def __init__(self, editor: Editor, widget: QWidget) -> None:
        super().__init__(editor)
        self._editor = editor
        self._widget = widget
        self.report: Callable[[str, int], None] = lambda _text, _ms: None
        """The status bar (text, milliseconds)."""
        self.busy: Callable[[bool], None] = lambda _busy: None
        """The window's busy indicator, shown while a change is made on a worker."""

    def push(
        self,
        tl: Timeline,
        make: Callable[[], Change],
        text: str,
        then: Callable[[], object] = lambda: None,
    ) -> bool:
        """Make the change ``make`` gives of ``tl`` (the timeline shown) on a worker, apply
        it there, then push it and call ``then`` (the status bar says ``text`` meanwhile);
        ``False`` when a change is being made already (nothing done: the status bar says
        :data:`STILL_CHANGING`)."""
        if self.running():
            self.report(STILL_CHANGING, 4000)
            return False

        def work() -> tuple[Change, Timeline]:
            change = make()
            return change, change.apply(tl)

        self.busy(True)
        self.report(text, 0)
        self.start(work, lambda outcome: self._made(tl, outcome, then))
        return True

    def _made(
        self,
        tl: Timeline,
        outcome: Outcome[tuple[Change, Timeline]],
        then: Callable[[], object],
    ) -> None:
        self.busy(False)
        self.report("", 0)
        if isinstance(outcome, TimelineError):
            QMessageBox.warning(self._widget, "Edit", f"Could not change the timeline: {outcome}")
            return
        if isinstance(outcome, Exception):
            raise outcome
        change, edited = outcome
        if self._editor.shown() is not tl:
            self.report(f"Not done: {change.description} (the timeline changed meanwhile)", 6000)
            return
        self._editor.push(change, applied=edited)
        then()
