"""Events made from a big file on a worker (issue 15): the window answers while one is read.

An event of a big Parquet file whose summaries, places and citations stay on disk is made by
reading its row back (:func:`timeline.columns.reads_back`): tens of milliseconds from a
file the app saved, up to a second where another tool wrote row groups of a million rows.
:class:`EventReads` makes one at a time on a worker and tells the GUI thread when it is made
(:attr:`EventReads.read`); asked for others meanwhile, it reads only the newest next (a
user stepping through events skips those passed over).

An action that needs the whole event (the event form, deleting it) waits for it the same
way (:meth:`EventReads.when_made`): the pointer is busy, and the action is done once the
event is made, its read before any asked for the details pane.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QApplication

from timeline.columns import reads_back
from timeline.models import Timeline
from viewer.relay import OneJob, Outcome

__all__ = ["THREAD_NAME", "EventReads"]

THREAD_NAME: Final = "event-reads"
"""The name of the thread the events are read on (``QThread.objectName``)."""


class EventReads(QObject):
    """``read(tl, event_id)``: the event is made (``tl[event_id]`` is quick now).
    ``failed(tl, event_id, message)``: reading it failed (the file changed on disk…)."""

    read = Signal(object, str)
    failed = Signal(object, str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # (a thread of its own: the global pool's may all be busy with a big file's warm-up
        # for seconds, and the details would wait behind it)
        self._pool = QThreadPool(self)
        self._pool.setObjectName(THREAD_NAME)  # (its thread's name: seen in a profiler)
        self._pool.setMaxThreadCount(1)
        self._job = OneJob(self, self._pool)
        self._wanted: tuple[Timeline, str] | None = None
        self._then: tuple[Timeline, str, Callable[[], object]] | None = None
        """The action waiting for its event to be made (the last one asked for)."""

    def ask(self, tl: Timeline, event_id: str) -> None:
        """Make event ``event_id`` of ``tl`` on a worker (after the one being made, if any;
        instead of one asked for before and not started)."""
        self._wanted = (tl, event_id)
        if not self._job.running():
            self._next()

    def when_made(self, tl: Timeline, event_id: str, action: Callable[[], object]) -> bool:
        """Whether event ``event_id`` of ``tl`` is made at once (do the action now). Else
        it is read on the worker, first, with the pointer busy, and ``action`` is done once
        it is made (instead of an action waiting already); dropped if the read fails."""
        if event_id not in tl or not reads_back(tl.events, tl.position(event_id)):
            return True
        if self._then is None:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        self._then = (tl, event_id, action)
        if not self._job.running():
            self._next()
        return False

    def waiting(self) -> bool:
        """Whether an action waits for its event (:meth:`when_made`)."""
        return self._then is not None

    def drop(self) -> None:
        """Drop the action waiting, if any (the window goes)."""
        if self._then is not None:
            self._then = None
            QApplication.restoreOverrideCursor()

    def finish(self) -> None:
        """Wait for the event being made and the one asked for next (tests, closing)."""
        self._job.finish()

    def _next(self) -> None:
        then = self._then
        if then is not None and reads_back(then[0].events, then[0].position(then[1])):
            tl, event_id = then[0], then[1]  # (the action's event first: a user waits on it)
            if self._wanted is not None and self._wanted[0] is tl and self._wanted[1] == event_id:
                self._wanted = None
        elif self._wanted is not None:
            (tl, event_id), self._wanted = self._wanted, None
        else:
            return
        self._job.start(lambda: tl[event_id], lambda outcome: self._done(tl, event_id, outcome))

    def _done(self, tl: Timeline, event_id: str, outcome: Outcome[object]) -> None:
        then, action = self._then, None
        if then is not None:
            this = then[0] is tl and then[1] == event_id
            if this or not reads_back(then[0].events, then[0].position(then[1])):
                self.drop()  # (its event made: by this read, or meanwhile by another)
                action = None if this and isinstance(outcome, Exception) else then[2]
        self._next()
        if isinstance(outcome, Exception):
            self.failed.emit(tl, event_id, str(outcome))
        else:
            self.read.emit(tl, event_id)
        if action is not None:
            action()
