"""The rest's check of a phased load held on its worker until a test lets it through."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QTimer

from timeline.columns import EventColumns
from timeline.models import Timeline

HELD_S = 5.0
"""How long a held check waits at most (then it runs, and ``in_time`` says it was late)."""


class HeldCheck:
    """The rest's check of ``tl``, on its worker, held until :meth:`release_from_the_event_loop`
    (called on the GUI thread: the check passes in time only if the window kept answering)."""

    def __init__(self, tl: Timeline) -> None:
        events = tl.events
        assert isinstance(events, EventColumns)
        source = events.source
        check: Callable[[], None] = source._rest  # type: ignore[attr-defined]
        self.entered = threading.Event()
        self.let_through = threading.Event()
        self.in_time: list[bool] = []

        def held() -> None:
            self.entered.set()
            self.in_time.append(self.let_through.wait(HELD_S))
            check()

        source._rest = held  # type: ignore[attr-defined]

    def release_from_the_event_loop(self) -> None:
        QTimer.singleShot(0, self.let_through.set)
