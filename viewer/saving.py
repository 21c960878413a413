"""Saving a big timeline on a worker, so that the window stays responsive while it is written.

A million events take seconds to write (Parquet: about 7 s; the first save of a big TOML
file, which scans its text to patch it: about 6 s at 100,000 events).  :class:`Saving`
runs such steps one at a time on a worker thread (a :class:`viewer.relay.OneJob`) and
hands each outcome (the value, or the exception raised) to the GUI thread, with what the
library noted while it ran (:func:`timeline.noted`: a spill given up, a date a column
cannot hold), which the window shows once the save ends.
:meth:`~viewer.relay.OneJob.finish` waits for the step under way and hands its outcome at
once: leaving the timeline (closing the window, opening another file) waits for its save to
end instead of asking about changes being written.

Timelines are immutable, so a worker reads the one being saved while the window shows it
and edits make new ones; the editor (:mod:`viewer.editing`) decides what the outcome means.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final, TypeVar

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from timeline.errors import Problem, TimelineError, noted
from viewer.banner import problem_lines
from viewer.messages import warning, with_notes
from viewer.relay import OneJob, Outcome, outcome_of

__all__ = ["SAVE_AWAY_FROM", "Saving"]

T = TypeVar("T")

SAVE_AWAY_FROM: Final = 10_000
"""A timeline of this many events or more is saved on a worker (a smaller one is written in
well under a second, and is saved at once, as before)."""


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
        self._noted: list[Problem] = []
        """What the library noted during the steps of the save under way."""

    def step(self, away: bool, work: Callable[[], T], done: Callable[[Outcome[T]], None]) -> None:
        """Do ``work`` on a worker (``away``) or here; then ``done`` with its outcome (what
        the library noted meanwhile is kept for :meth:`tell_noted`)."""

        def noting() -> tuple[T, list[Problem]]:
            with noted() as problems:  # (this thread's only: a worker's, or this one's)
                value = work()
            return value, problems

        def told(outcome: Outcome[tuple[T, list[Problem]]]) -> None:
            if isinstance(outcome, Exception):
                done(outcome)
                return
            value, problems = outcome
            self._noted += problems
            done(value)

        if away:
            self.start(noting, told)
        else:
            told(outcome_of(noting))

    def tell_noted(self, parent: QWidget, saved: str) -> QMessageBox | None:
        """Show over ``parent`` what the library noted while saving (``saved``: what was
        saved), if anything; the box, or ``None``."""
        problems, self._noted = self._noted, []
        if not problems:
            return None
        return warning(parent, "Save", with_notes(saved, problem_lines(problems)))

    def begin(self, text: str) -> None:
        """A save on a worker begins: the status bar says ``text``, the busy indicator shows."""
        self._shown = True
        self.busy(True)
        self.report(text, 0)

    def end(self, text: str) -> None:
        """A save has ended (``text``: what the status bar says then, for a while); what
        was noted and not told is forgotten."""
        self._noted = []
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
