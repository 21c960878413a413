"""Data exports of the window: File ▸ Export ▸ iCalendar, TimelineJS JSON and CSV.

A window-level controller, beside :mod:`viewer.printing` (print, picture and
PDF).  It exports the events the window shows (after the search and the
filters), on a worker thread so the window stays responsive; the file is
written atomically by :func:`timeline.export.export`.  It keeps its own
preferences: the folder last exported to and how cancelled events are treated
(File ▸ Export ▸ Cancelled Events).
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Final

from PySide6.QtCore import QObject, QRunnable, QSettings, QStandardPaths, QThreadPool, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QFileDialog, QWidget

from timeline.errors import noted
from timeline.models import Timeline
from viewer.banner import problem_lines
from viewer.busy import BusyBar
from viewer.loader import problems_of
from viewer.messages import with_notes
from viewer.relay import tell
from viewer.restcheck import refused
from viewer.text import counted

__all__ = ["CANCELLED_MODES", "EXPORT_FORMATS", "Exporting", "documents_dir"]

EXPORT_FORMATS: Final = {
    "ics": ("iCalendar", "iCalendar (*.ics)"),
    "json": ("TimelineJS JSON", "TimelineJS JSON (*.json)"),
    "csv": ("CSV", "CSV (*.csv)"),
}

CANCELLED_MODES: Final = {
    "keep": "&Keep as They Are",
    "prefix": "&Mark “Cancelled:” in the Title",
    "omit": "&Leave Out",
}
"""How exports treat cancelled events (``timeline.export.export(cancelled=...)``)."""


def documents_dir() -> str:
    """The user's documents folder (else the home folder): where file dialogs start."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return location or str(Path.home())


class _ExportRelay(QObject):
    finished = Signal(str, str, object)  # path, error ("" when it worked), notes (list[str])


REFUSED: Final = "\x00refused"
"""The error of an export stopped by the refusal of the rest of the file shown (a big
file's, checked after it is shown): the window's banner says why, not the export."""


class _ExportJob(QRunnable):
    def __init__(
        self, relay: _ExportRelay, work: Callable[[], object], path: str, tl: Timeline
    ) -> None:
        super().__init__()
        self._relay = relay
        self._work = work
        self._path = path
        self._tl = tl

    def run(self) -> None:
        try:
            with noted() as problems:  # (this worker's: an event a format cannot hold, left out)
                self._work()
        except Exception as exc:  # reported in the window, never lost in a thread
            if refused(self._tl, exc):
                tell(self._relay.finished, self._path, REFUSED, [])
                return
            message = "\n".join(str(p) for p in problems_of(exc, Path(self._path)))
            tell(self._relay.finished, self._path, message or type(exc).__name__, [])
        else:
            tell(self._relay.finished, self._path, "", problem_lines(problems))


class Exporting(QObject):
    """Export the events shown to iCalendar, TimelineJS JSON or CSV, in the background.

    ``shown``: the timeline to export (``None``: nothing loaded); ``current``:
    the file shown (its folder and name make the suggested file name);
    ``error`` and ``status`` report to the user; ``busy`` is the window's
    busy indicator.  The cancelled-events choices are :attr:`cancelled_actions`,
    for the window's menu.
    """

    finished = Signal(str, str)
    """An export ended: the path and an error ("" when it worked)."""

    def __init__(
        self,
        parent: QWidget,
        settings: QSettings,
        *,
        shown: Callable[[], Timeline | None],
        current: Callable[[], Path | None],
        error: Callable[[str, str], object],
        status: Callable[[str, int], None],
        busy: BusyBar,
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._settings = settings
        self._shown = shown
        self._current = current
        self._error = error
        self._status = status
        self._busy = busy
        self._running = False
        self._relay = _ExportRelay(self)
        self._relay.finished.connect(self._on_finished)
        self.cancelled_actions: dict[str, QAction] = {}
        """``cancelled_keep``, ``cancelled_prefix``, ``cancelled_omit``: checkable, exclusive."""
        group = QActionGroup(self)
        group.setExclusive(True)
        for mode, label in CANCELLED_MODES.items():
            action = QAction(label, parent)
            action.setObjectName(f"cancelled_{mode}")
            action.setCheckable(True)
            action.triggered.connect(functools.partial(self._on_cancelled_chosen, mode))
            group.addAction(action)
            self.cancelled_actions[f"cancelled_{mode}"] = action
        self.cancelled_actions[f"cancelled_{self.cancelled_mode()}"].setChecked(True)

    def ask_path(self, title: str, suffix: str, filters: str) -> tuple[str, str]:
        """Ask where to save (in the folder last exported to); the file and the filter chosen."""
        path = self._current()
        folder = str(self._settings.value("export/folder", "") or "") or (
            str(path.parent) if path else documents_dir()
        )
        stem = path.stem if path else "timeline"
        suggested = str(Path(folder) / f"{stem}.{suffix}")
        chosen, selected = QFileDialog.getSaveFileName(self._parent, title, suggested, filters)
        if chosen:
            self._settings.setValue("export/folder", str(Path(chosen).parent))
        return chosen, selected

    def slots(self) -> dict[str, Callable[[], object]]:
        """What File ▸ Export ▸ iCalendar, JSON and CSV do (by action name)."""
        formats = ("ics", "json", "csv")
        return {f"export_{fmt}": functools.partial(self.choose, fmt) for fmt in formats}

    def choose(self, fmt: str) -> None:
        """Ask where to export the events shown, then export them in the background."""
        tl = self._shown()
        if tl is None:
            self._error("Nothing to export", "No timeline is loaded.")
            return
        name, filters = EXPORT_FORMATS[fmt]
        chosen, _selected = self.ask_path(f"Export {name}", fmt, filters)
        if not chosen:
            return
        if not Path(chosen).suffix:
            chosen += f".{fmt}"
        self.export(tl, chosen, fmt)

    def cancelled_mode(self) -> str:
        """How exports treat cancelled events: ``keep``, ``prefix`` or ``omit``."""
        mode = str(self._settings.value("export/cancelled", "keep") or "keep")
        return mode if mode in CANCELLED_MODES else "keep"

    def set_cancelled_mode(self, mode: str) -> None:
        if mode not in CANCELLED_MODES:
            raise ValueError(f"cancelled mode {mode!r} is not one of {', '.join(CANCELLED_MODES)}")
        self._settings.setValue("export/cancelled", mode)
        self.cancelled_actions[f"cancelled_{mode}"].setChecked(True)

    def _on_cancelled_chosen(self, mode: str, _checked: bool = False) -> None:
        self.set_cancelled_mode(mode)

    def is_running(self) -> bool:
        return self._running

    def export(self, tl: Timeline, path: str, fmt: str | None = None) -> bool:
        """Export ``tl`` to ``path`` in the background; :attr:`finished` reports."""
        try:
            export_fn: Callable[..., object] = importlib.import_module("timeline.export").export
        except (ImportError, AttributeError) as exc:
            self._error("Export unavailable", f"Exporting is not available: {exc}")
            return False
        if self._running:
            self._error("Export running", "Another export is still running.")
            return False
        self._running = True
        mode = self.cancelled_mode()

        def work() -> None:  # on a worker thread: the file is written atomically
            export_fn(tl, path, fmt=fmt, cancelled=mode)

        self._busy.set_busy("export", True)
        self._status(f"Exporting {counted(len(tl), 'event')} to {Path(path).name}…", 0)
        QThreadPool.globalInstance().start(_ExportJob(self._relay, work, path, tl))
        return True

    def _on_finished(self, path: str, error: str, notes: list[str]) -> None:
        self._running = False
        self._busy.set_busy("export", False)
        if not error:
            self._status(f"Exported to {path}", 6000)
            if notes:  # (the file is written, without what it cannot hold: said, not hidden)
                self._error("Export", with_notes(f"Exported to {path}", notes))
        elif error == REFUSED:
            self._status(f"Not exported to {Path(path).name}: the file has errors", 6000)
            error = "the file has errors"
        else:
            self._status("", 0)
            self._error("Export failed", f"Could not export to {path}:\n{error}")
        self.finished.emit(path, error)
