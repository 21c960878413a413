"""What the canvas's idle warm-up would make on the GUI thread for a big timeline, made on a
worker instead.

After a load, the loader's worker makes what the first zoomed-in frame needs
(:mod:`viewer.warmup`). An edit makes a new timeline, and the canvas warms it up while idle
(:meth:`viewer.canvaspaint.CanvasPainting._warm`), a step at a time; two of its steps are a
pass over every event (the disagreeing reports, the lane index: about a second each at a
million), which froze the window twice after each edit of a million-event timeline.
:class:`WarmAway` makes them on a worker and says so on the GUI thread: the canvas then
goes on warming up (what is left is quick).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from timeline.models import Timeline
from viewer.relay import tell

__all__ = ["WARM_AWAY_FROM", "WarmAway"]

WARM_AWAY_FROM: Final = 200_000
"""A timeline of this many events or more is warmed up on a worker (as a file of this many is
loaded in two phases: :data:`viewer.loader.PHASED_FROM`)."""


class _Relay(QObject):
    made = Signal(object)  # the timeline warmed up


class _Job(QRunnable):
    def __init__(self, relay: _Relay, tl: Timeline, work: Callable[[], object]) -> None:
        super().__init__()
        self._relay = relay
        self._tl = tl
        self._work = work

    def run(self) -> None:
        try:
            self._work()
        except Exception:
            pass
        finally:
            tell(self._relay.made, self._tl)


class WarmAway(QObject):
    """One warm-up on a worker at a time; :attr:`made` tells the GUI thread it ended."""

    made = Signal(object)
    """The warm-up of this timeline ended (what it made is kept: :mod:`viewer.memo`)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._relay = _Relay(self)
        self._relay.made.connect(self._on_made)
        self._under_way: Timeline | None = None

    def start(self, tl: Timeline, work: Callable[[], object]) -> None:
        """Do ``work`` (the warm-up of ``tl``) on a worker, unless one for ``tl`` runs."""
        if self._under_way is tl:
            return
        self._under_way = tl
        QThreadPool.globalInstance().start(_Job(self._relay, tl, work))

    def _on_made(self, tl: Timeline) -> None:
        if self._under_way is tl:
            self._under_way = None
        self.made.emit(tl)
