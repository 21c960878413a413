"""A remembered, exclusive choice of the View menu as checkable actions (Time Zone, Group By).

The choice owns its actions (named ``<prefix>_<key>``, one checked at a
time), validates what it is set to, remembers it through the function it is
given, and says when it changes; the window decides what a choice means.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QActionGroup

__all__ = ["Choice"]


class Choice(QObject):
    """One of ``options`` (key → menu text), chosen through checkable actions.

    ``what`` names the choice in errors (``"grouping"``); ``remember`` stores
    a new choice.  :attr:`chosen` carries the key when the user or
    :meth:`set` changes it.
    """

    chosen = Signal(str)

    def __init__(
        self,
        parent: QObject,
        prefix: str,
        options: Mapping[str, str],
        current: str,
        *,
        what: str,
        remember: Callable[[str], object],
    ) -> None:
        super().__init__(parent)
        self._what = what
        self._remember = remember
        self._value = current if current in options else next(iter(options))
        self.actions: dict[str, QAction] = {}
        """The actions by name (``<prefix>_<key>``), in the order of ``options``."""
        self._by_key: dict[str, QAction] = {}
        group = QActionGroup(self)
        group.setExclusive(True)
        for key, text in options.items():
            action = QAction(text, parent)
            action.setObjectName(f"{prefix}_{key}")
            action.setCheckable(True)
            action.triggered.connect(lambda _checked=False, key=key: self.set(key))
            group.addAction(action)
            self.actions[action.objectName()] = action
            self._by_key[key] = action
        self._by_key[self._value].setChecked(True)

    def value(self) -> str:
        return self._value

    def action(self, key: str) -> QAction:
        return self._by_key[key]

    def set(self, key: str) -> None:
        """Choose ``key`` (its action checked, remembered, :attr:`chosen` emitted)."""
        if key not in self._by_key:
            raise ValueError(f"no {self._what} {key!r} (one of {', '.join(self._by_key)})")
        self._value = key
        self._remember(key)
        self._by_key[key].setChecked(True)
        self.chosen.emit(key)
