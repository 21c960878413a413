"""How a worker's job hands its outcome back to the GUI thread."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import SignalInstance

__all__ = ["tell"]


def tell(signal: SignalInstance, *args: object) -> None:
    """Emit ``signal`` of a job's relay, unless the window that asked is gone: closed while
    the job ran (its relay deleted; a load's file closed under it). Nobody is left to tell,
    and a traceback on the console would be noise."""
    # A relay lives on the GUI thread, so its connections are queued: emit runs no slot
    # here, and its only RuntimeError is "Signal source has been deleted".
    with contextlib.suppress(RuntimeError):
        signal.emit(*args)
