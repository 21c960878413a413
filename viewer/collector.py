"""The viewer's cyclic garbage collection, run on the GUI thread from a timer.

CPython runs a collection on whichever thread allocates past the collector's threshold.
The viewer's workers (the loader, the searches, the warm-up) allocate a lot, and a cycle
holding Qt objects (a closed window's, a replaced loader's or model's) collected there
destroys those objects off the GUI thread: the process crashes (seen in the test suite as
segfaults).  :class:`GuiCollector` turns automatic collection off while the application runs
and collects from a timer on the GUI thread instead (pyqtgraph's ``GarbageCollector`` does
the same), by the rule of :class:`viewer.collectpolicy.Collecting`.  A load that pauses the
collector (:func:`timeline._fast.collector_paused`, for speed) is waited for.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from timeline._fast import collector_held
from viewer.collectpolicy import Collecting

__all__ = ["TICK_MS", "GuiCollector"]

TICK_MS = 250
"""How often the counts are looked at (garbage in cycles waits at most this long)."""


class GuiCollector(QObject):
    """Collects cyclic garbage on the thread it lives on (the GUI thread), from a timer,
    between :meth:`start` and :meth:`stop`."""

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        interval_ms: int = TICK_MS,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._policy = Collecting(gc.get_threshold())
        self._was_enabled = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.tick)

    def start(self) -> None:
        """Turn automatic collection off and collect from the timer instead."""
        if self._timer.isActive():
            return
        self._policy = Collecting(gc.get_threshold())
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        """Stop the timer and give collection back to CPython (if it ran before)."""
        if not self._timer.isActive():
            return
        self._timer.stop()
        if self._was_enabled:
            gc.enable()

    def running(self) -> bool:
        """Whether collection is driven from here now."""
        return self._timer.isActive()

    def tick(self) -> None:
        """Collect what is due now (nothing while a load pauses the collector)."""
        if collector_held():
            return
        clock = self._clock
        now = clock()
        generation = self._policy.due(gc.get_count(), now)
        if generation is None:
            return
        gc.collect(generation)
        self._policy.collected(generation, now, clock())
