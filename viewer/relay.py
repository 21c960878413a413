"""How a worker's job hands its outcome back to the GUI thread: :func:`tell` for a job's own
signal, :class:`OneJob` for steps run one at a time whose outcome (a value, or the exception
raised) is handed to a function on the GUI thread."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Generic, TypeAlias, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, SignalInstance

__all__ = ["OneJob", "Outcome", "outcome_of", "tell"]


def tell(signal: SignalInstance, *args: object) -> None:
    """Emit ``signal`` of a job's relay, unless the window that asked is gone: closed while
    the job ran (its relay deleted; a load's file closed under it). Nobody is left to tell,
    and a traceback on the console would be noise."""
    # A relay lives on the GUI thread, so its connections are queued: emit runs no slot
    # here, and its only RuntimeError is "Signal source has been deleted".
    with contextlib.suppress(RuntimeError):
        signal.emit(*args)


T = TypeVar("T")

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

    def __init__(self, parent: QObject, pool: QThreadPool | None = None) -> None:
        """``pool``: where the steps run (default: the application's global pool)."""
        super().__init__(parent)
        self._pool = pool
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
        pool = self._pool or QThreadPool.globalInstance()
        pool.start(_Runnable(self._relay, step))  # type: ignore[arg-type]

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
