"""What the canvas's idle warm-up would make on the GUI thread for a big timeline, made on a
worker instead.

After a load, the loader's worker makes what the first zoomed-in frame needs
(:mod:`viewer.warmup`). An edit makes a new timeline, and the canvas warms it up while idle
(:meth:`viewer.canvaspaint.CanvasPainting._warm`), a step at a time; two of its steps are a
pass over every event (the disagreeing reports, the lane index: about a second each at a
million), which froze the window twice after each edit of a million-event timeline.
:class:`WarmAway` makes them on a worker, one timeline at a time, and says so on the GUI
thread: the canvas then goes on warming up what it shows (what is left is quick, or the
heavy part of a timeline shown since, on the worker in its turn).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Final

from PySide6.QtCore import Signal

from timeline.models import Timeline
from viewer.memory import give_back_memory
from viewer.relay import OneJob

__all__ = ["WARM_AWAY_FROM", "WarmAway"]

WARM_AWAY_FROM: Final = 200_000
"""A timeline of this many events or more is warmed up on a worker (as a file of this many is
loaded in two phases: :data:`viewer.loader.PHASED_FROM`)."""


class WarmAway(OneJob):
    """One warm-up on a worker at a time; :attr:`made` tells the GUI thread it ended."""

    made = Signal(object)
    """The warm-up of this timeline ended (what it made is kept: :mod:`viewer.memo`; had it
    failed, the GUI thread makes it again, and reports that)."""

    def warm(self, tl: Timeline, work: Callable[[], object]) -> None:
        """Do ``work`` (the warm-up of ``tl``) on a worker, unless a warm-up runs (when it
        ends, :attr:`made` has the canvas warm on with the timeline it then shows)."""
        if not self.running():
            self.start(functools.partial(_then_give_back, work), lambda _: self.made.emit(tl))


def _then_give_back(work: Callable[[], object]) -> object:
    """``work``, then the memory it freed handed back (:mod:`viewer.memory`), on its thread."""
    try:
        return work()
    finally:
        give_back_memory()
