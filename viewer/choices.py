"""Remembered choices of the View menu as checkable actions (Time Zone, Group By, Show All Links).

A choice owns its actions (named ``<prefix>_<key>``, one checked at a
time), validates what it is set to, remembers it through the function it is
given, and says when it changes; the window decides what a choice means.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QActionGroup

from timeline.days import zone as zone_named
from viewer.clock import CHOICES, choice_label, resolve
from viewer.groups import GROUP_KEYS

__all__ = ["Choice", "GroupChoice", "ZoneChoice", "remembered_toggle"]


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


class ZoneChoice(Choice):
    """View ▸ Time Zone: times in the timeline's zone, each event's own, UTC or the system's.

    The entries name the zones they stand for (``Timeline's zone (Europe/Paris)``);
    the timeline's is offered only when the timeline has a zone, the system's
    only when it is known.
    """

    def __init__(
        self,
        parent: QObject,
        current: str,
        *,
        remember: Callable[[str], object],
        system_zone: str | None,
    ) -> None:
        options = {choice: choice for choice in CHOICES}  # labelled by label_for
        super().__init__(
            parent, "zone", options, current, what="time zone choice", remember=remember
        )
        self._system_zone = system_zone
        self.label_for(None)

    def today(self) -> _dt.date:
        """Today in the system's zone (else the process's local day)."""
        if self._system_zone is not None:
            return _dt.datetime.now(zone_named(self._system_zone)).date()
        return _dt.date.today()

    def zone(self, tl_zone: str | None) -> str | None:
        """The zone times are shown in, for a timeline in ``tl_zone`` (``None``: each event's)."""
        return resolve(self.value(), tl_zone, self._system_zone)

    def label_for(self, tl_zone: str | None) -> None:
        """Name the entries for a timeline in ``tl_zone``."""
        for choice in CHOICES:
            self.action(choice).setText(choice_label(choice, tl_zone, self._system_zone))
        self.action("timeline").setVisible(tl_zone is not None)
        self.action("system").setVisible(self._system_zone is not None)


class GroupChoice(Choice):
    """View ▸ Group By: None, Tag, Status, Source, Place (:data:`viewer.groups.GROUP_KEYS`).

    :attr:`grouped` carries what the rows are grouped by, ``None`` for not grouped.
    """

    grouped = Signal(object)

    def __init__(self, parent: QObject, current: str, *, remember: Callable[[str], object]) -> None:
        options = {key: f"&{key.capitalize()}" for key in ("none", *GROUP_KEYS)}
        super().__init__(parent, "group", options, current, what="grouping", remember=remember)
        self.chosen.connect(lambda key: self.grouped.emit(None if key == "none" else key))


def remembered_toggle(
    parent: QObject, name: str, text: str, checked: bool, *, remember: Callable[[bool], object]
) -> QAction:
    """A checkable action called ``name``, checked as remembered, remembering each toggle."""
    action = QAction(text, parent)
    action.setObjectName(name)
    action.setCheckable(True)
    action.setChecked(checked)
    action.toggled.connect(remember)
    return action
