"""What the window remembers between runs, in its :class:`QSettings`.

One place for the keys and the reading of stored values (which may be missing,
of the wrong type or from an older version: each falls back to its default):
the window's geometry and splitters, the file shown last and the part of it in
view, the recent files (File ▸ Open Recent), the time zone and grouping
chosen in the View menu, and whether it shows all links.  Exports keep their own preferences
(:mod:`viewer.exporting`), and so does Go to Date (:mod:`viewer.gotodialog`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from PySide6.QtCore import QByteArray, QObject, QSettings, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow, QMenu, QSplitter

from viewer.clock import CHOICES
from viewer.groups import GROUP_KEYS
from viewer.text import plain_tooltip

__all__ = ["DEFAULT_SIZE", "MAX_RECENT", "RecentMenu", "WindowState"]

MAX_RECENT: Final = 8
DEFAULT_SIZE: Final = (1600, 1000)
"""The window's size at first start (within the screen), before it remembers one."""


def _settings_list(settings: QSettings, key: str) -> list[str]:
    value = settings.value(key, [])
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list | tuple):
        return [str(v) for v in value if v]
    return []


def _settings_float(settings: QSettings, key: str) -> float | None:
    value = settings.value(key)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


class WindowState:
    """The window's remembered state: typed reads and writes of its settings."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self.settings = settings if settings is not None else QSettings()
        """The settings themselves, for the controllers that keep their own keys."""

    # -- the window -------------------------------------------------------------------

    def restore_window(self, window: QMainWindow, splitters: Mapping[str, QSplitter]) -> bool:
        """Give ``window`` and its ``splitters`` (by key) their remembered geometry and state.

        A window never seen gets :data:`DEFAULT_SIZE` (within the screen).  True
        when the first splitter has remembered sizes (else the window gives it
        its own, once shown).
        """
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            window.restoreGeometry(geometry)
        else:
            screen = QGuiApplication.primaryScreen()
            available = screen.availableGeometry() if screen is not None else None
            width = min(DEFAULT_SIZE[0], available.width() - 40) if available else DEFAULT_SIZE[0]
            height = min(DEFAULT_SIZE[1], available.height() - 40) if available else DEFAULT_SIZE[1]
            window.resize(max(width, 640), max(height, 480))
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            window.restoreState(state)
        sized = False
        for index, (key, splitter) in enumerate(splitters.items()):
            value = self.settings.value(f"window/{key}")
            if isinstance(value, QByteArray) and not value.isEmpty():
                restored = splitter.restoreState(value)
                sized = sized or (restored and index == 0)
        return sized

    def save_window(self, window: QMainWindow, splitters: Mapping[str, QSplitter]) -> None:
        self.settings.setValue("window/geometry", window.saveGeometry())
        self.settings.setValue("window/state", window.saveState())
        for key, splitter in splitters.items():
            self.settings.setValue(f"window/{key}", splitter.saveState())

    def save(
        self,
        window: QMainWindow,
        splitters: Mapping[str, QSplitter],
        path: Path | None,
        view: tuple[float, float] | None,
    ) -> None:
        """Remember the window, its splitters, the file shown and the range in ``view``."""
        self.save_window(window, splitters)
        if path is not None:
            self.set_last_file(path)
            if view is not None:
                self.set_view_range(path, view)
        self.sync()

    def sync(self) -> None:
        self.settings.sync()

    # -- the file and the view -------------------------------------------------------------

    def last_file(self) -> str | None:
        """The file shown when the window was last closed (``None`` if none)."""
        value = self.settings.value("file/last", "")
        return str(value) if value else None

    def set_last_file(self, path: Path) -> None:
        self.settings.setValue("file/last", str(path))

    def view_range(self, path: Path) -> tuple[float, float] | None:
        """The range in view when ``path`` was last closed (``None``: not remembered)."""
        if str(self.settings.value("view/file", "") or "") != str(path):
            return None
        start = _settings_float(self.settings, "view/start")
        end = _settings_float(self.settings, "view/end")
        if start is None or end is None or not start < end:
            return None
        return start, end

    def set_view_range(self, path: Path, view: tuple[float, float]) -> None:
        self.settings.setValue("view/file", str(path))
        self.settings.setValue("view/start", view[0])
        self.settings.setValue("view/end", view[1])

    # -- recent files ------------------------------------------------------------------

    def recent_files(self) -> list[str]:
        return _settings_list(self.settings, "file/recent")

    def add_recent(self, path: Path) -> None:
        """``path`` first among the recent files (at most :data:`MAX_RECENT`)."""
        recent = [p for p in self.recent_files() if p != str(path)]
        recent.insert(0, str(path))
        self.settings.setValue("file/recent", recent[:MAX_RECENT])

    def clear_recent(self) -> None:
        self.settings.setValue("file/recent", [])

    # -- the View menu ----------------------------------------------------------------

    def zone_choice(self) -> str:
        """View ▸ Time Zone: one of :data:`viewer.clock.CHOICES` (default: the timeline's)."""
        stored = self.settings.value("view/zone")
        return stored if isinstance(stored, str) and stored in CHOICES else "timeline"

    def set_zone_choice(self, choice: str) -> None:
        self.settings.setValue("view/zone", choice)

    def group_by(self) -> str:
        """View ▸ Group By: ``none`` or one of :data:`viewer.groups.GROUP_KEYS`."""
        stored = str(self.settings.value("view/group_by", "none") or "none")
        return stored if stored in GROUP_KEYS else "none"

    def set_group_by(self, key: str) -> None:
        self.settings.setValue("view/group_by", key)

    def all_links(self) -> bool:
        """View ▸ Show All Links (default: off, only the selected event's links)."""
        stored = self.settings.value("view/all_links", False)
        return stored is True or str(stored).lower() == "true"

    def set_all_links(self, on: bool) -> None:
        self.settings.setValue("view/all_links", on)


class RecentMenu(QObject):
    """Fills File ▸ Open Recent: the recent files, newest first (a missing one greyed), and Clear.

    The menu is filled from the :class:`WindowState` each time it is about to
    show; :attr:`chosen` says which file was picked.
    """

    chosen = Signal(str)

    def __init__(self, state: WindowState, menu: QMenu) -> None:
        super().__init__(menu)
        self._state = state
        self._menu = menu
        menu.aboutToShow.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        menu = self._menu
        menu.clear()
        recent = self._state.recent_files()
        for index, name in enumerate(recent, start=1):
            shown = f"{Path(name).name} — {Path(name).parent}".replace("&", "&&")
            action = menu.addAction(f"&{index} {shown}")
            action.setToolTip(plain_tooltip(name, 1000))
            action.setEnabled(Path(name).exists())
            action.triggered.connect(lambda _checked=False, p=name: self.chosen.emit(p))
        if recent:
            menu.addSeparator()
            menu.addAction("Clear Menu", self._clear)
        menu.setEnabled(bool(recent))

    def _clear(self) -> None:
        self._state.clear_recent()
        self.refresh()

    def add(self, path: Path) -> None:
        """``path`` was opened: first in the menu."""
        self._state.add_recent(path)
        self.refresh()
