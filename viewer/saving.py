"""Saving a big timeline on a worker, so that the window stays responsive while it is written.

A million events take seconds to write (Parquet: about 7 s; the first save of a big TOML
file, which scans its text to patch it: about 6 s at 100,000 events).  :class:`OneJob`
runs one such step at a time on a worker thread and hands its outcome (the value, or the
exception raised) to the GUI thread.  :meth:`OneJob.finish` waits for the step under way
and hands its outcome at once: leaving the timeline (closing the window, opening another
file) waits for its save to end instead of asking about changes being written.

Timelines are immutable, so a worker reads the one being saved while the window shows it
and edits make new ones; the editor (:mod:`viewer.editing`) decides what the outcome means.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Final, Generic, TypeAlias, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from timeline.errors import TimelineError
from viewer.relay import tell

__all__ = ["SAVE_AWAY_FROM", "OneJob", "Outcome", "Saving", "outcome_of"]

T = TypeVar("T")

SAVE_AWAY_FROM: Final = 10_000
"""A timeline of this many events or more is saved on a worker (a smaller one is written in
well under a second, and is saved at once, as before)."""

Outcome: TypeAlias = T | Exception
"""What a step gave: its value, or the exception it raised."""


def outcome_of(work: Callable[[], T]) -> Outcome[T]:
    """Run ``work`` here: its value, or the exception it raised."""
    try:
        return work()
    except Exception as exc:  # handed to the GUI thread, never lost in a thread
        return exc


class _Relay(QObject):
    ended = Signal(int)  # the step's number; its outcome is held by the job


class _Step(Generic[T]):
    """One step: its work, what is done with its outcome, and the outcome once it has one."""

    def __init__(self, number: int, work: Callable[[], T], done: Callable[[Outcome[T]], None]):
        self.number = number
        self.work = work
        self.done = done
        self.outcome: list[Outcome[T]] = []
        """The outcome, once the work has ended."""
        self.ended = threading.Event()


class _Runnable(QRunnable):
    def __init__(self, relay: _Relay, step: _Step[object]) -> None:
        super().__init__()
        self._relay = relay
        self._step = step

    def run(self) -> None:
        step = self._step
        step.outcome.append(outcome_of(step.work))
        step.ended.set()
        tell(self._relay.ended, step.number)


class OneJob(QObject):
    """Steps run on a worker one at a time, each outcome handed to its ``done`` on the GUI
    thread, once (by the event loop, or by :meth:`finish`)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._relay = _Relay(self)
        self._relay.ended.connect(self._hand)
        self._numbers = 0
        self._step: _Step[object] | None = None

    def running(self) -> bool:
        """Whether a step is under way (or has ended and its outcome is not handed yet)."""
        return self._step is not None

    def start(self, work: Callable[[], T], done: Callable[[Outcome[T]], None]) -> None:
        """Run ``work`` on a worker; ``done`` gets its outcome on the GUI thread."""
        if self._step is not None:
            raise RuntimeError("OneJob.start: a step is under way")
        self._numbers += 1
        step: _Step[T] = _Step(self._numbers, work, done)
        self._step = step  # type: ignore[assignment]  # (one step at a time, of any type)
        QThreadPool.globalInstance().start(_Runnable(self._relay, step))  # type: ignore[arg-type]

    def finish(self) -> None:
        """Wait for the steps under way (a ``done`` may start another) and hand their
        outcomes now."""
        while self._step is not None:
            step = self._step
            step.ended.wait()
            self._hand(step.number)

    def _hand(self, number: int) -> None:
        step = self._step
        if step is None or step.number != number:
            return  # (handed already, by finish)
        self._step = None
        step.done(step.outcome[0])


class Saving(OneJob):
    """The steps of the saves of one window, each on a worker (a big timeline) or at once,
    and what the window shows while one runs on a worker: the status bar (:attr:`report`)
    and the busy indicator (:attr:`busy`)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.report: Callable[[str, int], None] = lambda _text, _ms: None
        """The status bar (text, milliseconds): a save on a worker says it runs, and ends."""
        self.busy: Callable[[bool], None] = lambda _busy: None
        """The window's busy indicator, shown while a save runs on a worker."""
        self._shown = False

    def step(self, away: bool, work: Callable[[], T], done: Callable[[Outcome[T]], None]) -> None:
        """Do ``work`` on a worker (``away``) or here; then ``done`` with its outcome."""
        if away:
            self.start(work, done)
        else:
            done(outcome_of(work))

    def begin(self, text: str) -> None:
        """A save on a worker begins: the status bar says ``text``, the busy indicator shows."""
        self._shown = True
        self.busy(True)
        self.report(text, 0)

    def end(self, text: str) -> None:
        """A save has ended (``text``: what the status bar says then, for a while)."""
        if self._shown:
            self._shown = False
            self.busy(False)
            self.report(text, 4000 if text else 0)

    def failed(self, outcome: object, parent: QWidget) -> bool:
        """Whether ``outcome`` is a step's failure to write (the user is told why, in a
        message box over ``parent``); another exception is raised here."""
        if not isinstance(outcome, Exception):
            return False
        self.end("")
        if not isinstance(outcome, (OSError, TimelineError)):
            raise outcome
        QMessageBox.warning(parent, "Save", f"Could not save: {outcome}")
        return True
