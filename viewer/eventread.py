"""Events made from a big file on a worker (issue 15): the window answers while one is read.

An event of a big Parquet file whose summaries, places and citations stay on disk is made by
reading its row back (:func:`timeline.columns.reads_back`): tens of milliseconds from a
file the app saved, up to a second where another tool wrote row groups of a million rows.
:class:`EventReads` makes one at a time on a worker and tells the GUI thread when it is made
(:attr:`EventReads.read`); asked for others meanwhile, it reads only the newest next (a
user stepping through events skips those passed over).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QThreadPool, Signal

from timeline.models import Timeline
from viewer.relay import OneJob, Outcome

__all__ = ["EventReads"]


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
        self._pool.setMaxThreadCount(1)
        self._job = OneJob(self, self._pool)
        self._wanted: tuple[Timeline, str] | None = None

    def ask(self, tl: Timeline, event_id: str) -> None:
        """Make event ``event_id`` of ``tl`` on a worker (after the one being made, if any;
        instead of one asked for before and not started)."""
        self._wanted = (tl, event_id)
        if not self._job.running():
            self._next()

    def finish(self) -> None:
        """Wait for the event being made and the one asked for next (tests, closing)."""
        self._job.finish()

    def _next(self) -> None:
        wanted, self._wanted = self._wanted, None
        if wanted is None:
            return
        tl, event_id = wanted
        self._job.start(lambda: tl[event_id], lambda outcome: self._done(tl, event_id, outcome))

    def _done(self, tl: Timeline, event_id: str, outcome: Outcome[object]) -> None:
        self._next()
        if isinstance(outcome, Exception):
            self.failed.emit(tl, event_id, str(outcome))
        else:
            self.read.emit(tl, event_id)
