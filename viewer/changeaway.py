"""A change of many events of a big timeline, made and applied on a worker.

Removing a source cited by 100,000 events of a million makes each of those events and
edits the timeline's columns: about 9 s of CPU, which froze the window.  The sources
dialog and the delete of an event know beforehand how many events such a change touches
(from the columns); from :data:`CHANGE_AWAY_FROM` they hand it to :class:`ChangeAway`,
which makes the change and applies it on a worker (:class:`viewer.relay.OneJob`), the
busy indicator and the status bar saying so, then puts it on the undo stack as any other
(:meth:`viewer.editing.Editor.push`, the timeline it made shown as is).

Undo and Redo of such a change (:func:`is_big`) are made the same way (:meth:`ChangeAway.undo`
and :meth:`ChangeAway.redo`, the window's Edit ▸ Undo and Redo): the change reverted or
applied on a worker, then the stack's step taken, the timeline made shown
(:attr:`viewer.editing.ChangeCommand.made`).

Timelines are immutable: the worker reads the one it was given while the window shows it.
Should the window show another by the time the worker ends (another edit, an undo, a file
opened), the change (or the step) is dropped, and the status bar says so: it was made for a
timeline no longer shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Final, TypeVar

from PySide6.QtWidgets import QMessageBox, QWidget

from timeline.edit import Change
from timeline.errors import TimelineError
from viewer.formchoices import carry_references
from viewer.relay import OneJob, Outcome
from viewer.scene import carry_lanes
from viewer.viewport import carry_bounds

if TYPE_CHECKING:
    from timeline.models import Event, Timeline
    from timeline.when import When
    from viewer.editing import ChangeCommand, Editor

__all__ = [
    "CHANGE_AWAY_FROM",
    "MOVES_AWAY_FROM",
    "STILL_CHANGING",
    "ChangeAway",
    "carry_made",
    "is_big",
]

T = TypeVar("T")

CHANGE_AWAY_FROM: Final = 2_000
"""A change of this many events or more is made on a worker (at a million events, making
2,000 events and applying the change is about a fifth of a second)."""

MOVES_AWAY_FROM: Final = 1_000_000
"""A timeline of this many events or more takes an event out, puts one in, or moves one (to
another date or id) on a worker: the events after it (or between its places) are renumbered
in its span indexes and columns (seconds at ten million, where an event edited in its place
is a few hundredths)."""

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
        self.prepare: Callable[[Timeline], object] = lambda _tl: None
        """Make on the worker what showing the timeline made needs (what a load's worker
        makes: :meth:`viewer.loader.LiveLoader.prepare`), not on the GUI thread once it is
        made (2.5 s at ten million events: the statuses present, the bounds sorted, the
        lookup by id)."""

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

        def work() -> tuple[Change, Timeline]:
            change = make()
            edited = change.apply(tl)
            carry_made(tl, edited, change)
            self.prepare(edited)
            return change, edited

        def made(outcome: tuple[Change, Timeline]) -> None:
            change, edited = outcome
            if self._editor.shown() is not tl:
                self.report(f"Not done: {change.description} {_MEANWHILE}", 6000)
                return
            self._editor.push(change, applied=edited)
            then()

        return self._run(work, text, made)

    def undo(self) -> None:
        """Edit ▸ Undo: the last change undone (a big one on a worker: :func:`is_big`)."""
        self._take(undo=True)

    def redo(self) -> None:
        """Edit ▸ Redo: the change undone last made again (a big one on a worker)."""
        self._take(undo=False)

    def _take(self, *, undo: bool) -> None:
        from viewer.editing import ChangeCommand  # (that module imports this one)

        stack = self._editor.stack
        index = stack.index() - 1 if undo else stack.index()
        command = stack.command(index) if 0 <= index < stack.count() else None
        shown = self._editor.shown()
        size = 0 if shown is None else len(shown)
        if isinstance(command, ChangeCommand) and is_big(command.change, size):
            self._step_away(command, undo=undo)
        elif undo:
            stack.undo()
        else:
            stack.redo()

    def _step_away(self, command: ChangeCommand, *, undo: bool) -> None:
        """Undo (or redo) ``command``, the next one of the undo stack, on a worker: its
        change reverted (or applied) to the timeline shown there, then the stack's step
        taken, showing it (not while a change is being made already: the status bar says
        :data:`STILL_CHANGING`)."""
        editor, stack = self._editor, self._editor.stack
        tl, index, change = editor.shown(), stack.index(), command.change
        if tl is None:
            return

        def work() -> Timeline:
            edited = change.revert(tl) if undo else change.apply(tl)
            carry_made(tl, edited, change.inverse() if undo else change)
            self.prepare(edited)
            return edited

        def made(edited: Timeline) -> None:
            if editor.shown() is not tl or stack.index() != index:
                done = "undone" if undo else "redone"
                self.report(f"Not {done}: {change.description} {_MEANWHILE}", 6000)
                return
            command.made = edited
            if undo:
                stack.undo()
            else:
                stack.redo()

        verb = "Undoing" if undo else "Redoing"
        self._run(work, f"{verb} {change.description}…", made)

    def _run(self, work: Callable[[], T], text: str, done: Callable[[T], None]) -> bool:
        """Run ``work`` on a worker, the status bar saying ``text`` and the busy indicator
        shown; ``done`` gets what it gave (a :class:`TimelineError` is told in a message)."""
        if self.running():
            self.report(STILL_CHANGING, 4000)
            return False
        self.busy(True)
        self.report(text, 0)
        self.start(work, lambda outcome: self._ended(outcome, done))
        return True

    def _ended(self, outcome: Outcome[T], done: Callable[[T], None]) -> None:
        self.busy(False)
        self.report("", 0)
        if isinstance(outcome, TimelineError):
            QMessageBox.warning(self._widget, "Edit", f"Could not change the timeline: {outcome}")
            return
        if isinstance(outcome, Exception):
            raise outcome
        done(outcome)


def carry_made(old: Timeline, new: Timeline, made: Change) -> None:
    """Have ``new``, ``old`` with ``made`` made (an undo's: the change's inverse), take what
    the viewer made of ``old`` that holds for it too: the bounds, the reports (kept or
    edited), the lane index and the sources' references (:func:`viewer.viewport.carry_bounds`,
    :func:`viewer.scene.carry_lanes`, :func:`viewer.formchoices.carry_references`); on the
    worker before the timeline is prepared (else made again there: the reports at ten
    million events, 11 s) and by the editor when it shows it."""
    carry_bounds(old, new)
    carry_lanes(old, new, made)
    carry_references(old, new)


def is_big(change: Change, size: int = 0) -> bool:
    """Whether ``change`` touches so many events that it is made on a worker, or takes
    events out of, puts them in or moves them in a timeline of ``size`` events so big that
    the others are renumbered for seconds (:data:`MOVES_AWAY_FROM`).  An event given the same
    id and date stays in its place: a new title, summary or citation is not big."""
    added, removed = change.added_events, change.removed_events
    if max(len(added), len(removed)) >= CHANGE_AWAY_FROM:
        return True
    return size >= MOVES_AWAY_FROM and _places(added) != _places(removed)


def _places(events: tuple[Event, ...]) -> set[tuple[str, When]]:
    """Where ``events`` go in the order of a timeline: their ids and dates."""
    return {(event.id, event.when) for event in events}


_MEANWHILE: Final = "(the timeline changed meanwhile)"
