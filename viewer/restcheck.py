"""What waits for the rest of a big Parquet file to be checked, without freezing the window.

A big Parquet file is shown from its keys, and the rest of it (the summaries, the nested
tables, the links) is checked on a worker after the first frame (:mod:`viewer.loader`: a
phased load, 1.4 s at a million events).  An action that needs whole events (the event
form, deleting an event, the sources, saving) would make them on the GUI thread, which
would wait for that check, the window frozen.  Instead :meth:`RestCheck.when_whole` says
whether the timeline shown is whole; when it is not, the action waits: the pointer is busy,
the status bar says what waits, and the action is done once the rest is checked
(:attr:`viewer.loader.LiveLoader.completed`), if that timeline is still shown.  The last
action asked for is the one done.  When the rest is refused
(:attr:`~viewer.loader.LiveLoader.rejected`) the action is dropped: the window empties and
its banner says why, the one message the user sees.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication

from timeline.errors import TimelineError
from timeline.models import Timeline
from timeline.parquet_io import is_complete
from viewer.loader import LiveLoader

__all__ = ["RestCheck", "WhenWhole", "at_once", "refused"]

WhenWhole = Callable[[str, Callable[[], object]], bool]
"""``when_whole(what, action)``: true when the timeline shown is whole (do it now); else
``action`` is done once it is, and the answer is false."""


def at_once(_what: str, _action: Callable[[], object]) -> bool:
    """A :data:`WhenWhole` for a window without a loader: every timeline is whole."""
    return True


def refused(tl: Timeline | None, exc: BaseException) -> bool:
    """Whether ``exc``, raised by work on ``tl``, is the refusal of its rest (a phased load's
    second phase failed: :attr:`LiveLoader.rejected` reports it to the window)."""
    return tl is not None and isinstance(exc, TimelineError) and not is_complete(tl)


class RestCheck(QObject):
    """The actions waiting for the rest of the timeline shown to be checked (one at a time).

    ``shown()``: the timeline the window shows; ``status(text, ms)``: the status bar.
    :attr:`whole` is emitted (before the waiting action is done) when the rest of the
    timeline shown has passed its checks.
    """

    whole = Signal(Timeline)

    def __init__(
        self,
        parent: QObject,
        loader: LiveLoader,
        shown: Callable[[], Timeline | None],
        status: Callable[[str, int], None],
    ) -> None:
        super().__init__(parent)
        self._shown = shown
        self._status = status
        self._waiting: tuple[Timeline, str, Callable[[], object]] | None = None
        loader.completed.connect(self._on_completed)
        loader.rejected.connect(self._on_rejected)
        loader.loaded.connect(self._on_loaded)

    def when_whole(self, what: str, action: Callable[[], object]) -> bool:
        """Whether the timeline shown is whole (or none is shown): do ``what`` now. Else
        ``action`` is done once it is (instead of an action waiting already), and the
        status bar says that ``what`` waits."""
        tl = self._shown()
        if tl is None or is_complete(tl):
            return True
        if self._waiting is None:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        self._waiting = (tl, what, action)
        self._status(f"{what}: waiting for the rest of the file to be checked…", 0)
        return False

    def drop(self) -> None:
        """Drop what waits (the file is closed, the window goes)."""
        self._end()

    def waiting(self) -> str | None:
        """What waits (its ``what``), if anything."""
        return None if self._waiting is None else self._waiting[1]

    def _end(self) -> tuple[Timeline, str, Callable[[], object]] | None:
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            QApplication.restoreOverrideCursor()
        return waiting

    def _on_completed(self, tl: Timeline) -> None:
        if self._shown() is not tl:
            return
        waiting = self._end()
        self.whole.emit(tl)
        if waiting is not None and waiting[0] is tl:
            waiting[2]()

    def _on_rejected(self, tl: Timeline, _problems: object) -> None:
        if self._waiting is not None and self._waiting[0] is tl:
            self._end()  # (dropped: the banner says why)

    def _on_loaded(self, tl: Timeline) -> None:
        if self._waiting is not None and self._waiting[0] is not tl:
            self._end()  # (another timeline comes: what waited was for the one shown)
