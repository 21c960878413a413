"""A worker's outcome handed to the GUI thread (viewer.relay.tell)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shiboken6
from PySide6.QtCore import QObject, Signal
from pytestqt.qtbot import QtBot

from viewer.relay import tell


class _Relay(QObject):
    done = Signal(str)


def test_a_relay_still_there_is_told(qtbot: QtBot) -> None:
    relay = _Relay()
    with qtbot.waitSignal(relay.done) as told:
        tell(relay.done, "found")
    assert told.args == ["found"]


def test_a_relay_deleted_with_its_window_is_not_told_and_nothing_is_raised() -> None:
    relay = _Relay()
    signal = relay.done
    shiboken6.delete(relay)
    tell(signal, "found")  # raised RuntimeError: Signal source has been deleted
