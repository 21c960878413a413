"""Searches run on a worker thread, the newest only: the window answers while one runs.

:class:`SearchJobs` runs :func:`viewer.searchwork.find` for one query at a time on
its own one-thread pool and reports the answer on the GUI thread
(:attr:`SearchJobs.found`), only when it is for the newest query asked: an answer
that a newer query has overtaken is dropped, and a search still running or waiting
gives up between its steps once it is overtaken (:class:`viewer.searchwork.StaleSearchError`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from timeline.models import Timeline
from viewer.relay import tell
from viewer.restcheck import refused
from viewer.searchwork import Found, Query, StaleSearchError, find

__all__ = ["SearchJobs", "SearchWork"]

SearchWork = Callable[..., Found]
"""``work(tl, query, before=..., stop=..., zone=..., make=True)``: :func:`viewer.searchwork.find`,
or a test's."""


class _Relay(QObject):
    """Carries a worker's answer back to the GUI thread (queued connection)."""

    done = Signal(int, object, object)  # generation, Found or None, exception or None


class _Newest:
    """The generation of the newest query (plain Python: read by the workers)."""

    def __init__(self) -> None:
        self.value = 0


class _SearchJob(QRunnable):
    """One search on a worker.  Like the loader's jobs, it holds no reference to the
    :class:`SearchJobs` (a QObject must not be destroyed on a worker thread)."""

    def __init__(
        self, relay: _Relay, generation: int, newest: _Newest, run: Callable[..., Found]
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._relay = relay
        self._generation = generation
        self._newest = newest
        self._run = run

    def run(self) -> None:
        generation, newest = self._generation, self._newest

        def stale() -> bool:
            return newest.value != generation

        found: Found | None = None
        error: BaseException | None = None
        try:
            if not stale():  # (overtaken while it waited: nothing to do)
                found = self._run(stop=stale)
        except StaleSearchError:
            pass
        # Every failure goes to the GUI thread, which raises it: a search that breaks
        # is a bug to see, never a worker lost or a window left "searching" for ever.
        except BaseException as exc:
            error = exc
        tell(self._relay.done, generation, found, error)


class SearchJobs(QObject):
    """Runs searches on a worker thread; reports the newest one's answer.

    Signals (on the GUI thread): ``found(Found)``: the answer to the newest query;
    ``busy_changed(bool)``: a search started (``True``) or its answer came or it was
    cancelled (``False``).  :attr:`work` is the function run (tests replace it).
    """

    found = Signal(object)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.work: SearchWork = find
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # (one at a time: the newest waits for the one running)
        self._newest = _Newest()
        self._asked: tuple[Timeline | None, Query] | None = None
        # No parent: a worker may still hold the relay when this goes.
        self._relay = _Relay()
        self._relay.done.connect(self._on_done)

    def busy(self) -> bool:
        """Whether a search is under way (its answer not come yet)."""
        return self._asked is not None

    def asked(self, tl: Timeline | None, query: Query) -> bool:
        """Whether the search under way is for ``query`` in ``tl``."""
        asked = self._asked
        return asked is not None and asked[0] is tl and asked[1] == query

    def start(
        self, tl: Timeline | None, query: Query, before: Found | None, zone: str | None
    ) -> None:
        """Search ``tl`` for ``query`` on the worker (``before``: the answer shown now), and
        make what the views show of it on the clock of ``zone`` (:func:`find`'s ``make``)."""
        was_busy = self.busy()
        self._newest.value += 1
        self._asked = (tl, query)
        work = self.work

        def run(*, stop: Callable[[], bool]) -> Found:
            return work(tl, query, before=before, stop=stop, zone=zone, make=True)

        self._pool.start(_SearchJob(self._relay, self._newest.value, self._newest, run))
        if not was_busy:
            self.busy_changed.emit(True)

    def cancel(self) -> None:
        """Drop the search under way (its answer will not be reported)."""
        self._newest.value += 1
        if self._asked is not None:
            self._asked = None
            self.busy_changed.emit(False)

    def wait_idle(self, timeout_s: float = 10.0) -> bool:
        """Block until no search runs on the worker (for shutdown and tests)."""
        return self._pool.waitForDone(round(timeout_s * 1000))

    def _on_done(self, generation: int, found: Found | None, error: BaseException | None) -> None:
        if generation != self._newest.value:
            return  # overtaken
        asked, self._asked = self._asked, None
        self.busy_changed.emit(False)
        if error is not None and not refused(asked[0] if asked else None, error):
            raise error  # (the rest of a big file refused: the window's banner says so)
        if found is not None:
            self.found.emit(found)
