"""The file a window shows: opening it, reloading it as it changes, and what the user is told.

A window-level controller over the :class:`~viewer.loader.LiveLoader` (which
loads off the GUI thread, watches the file and its folder, and debounces).
It decides what a load means for the window:

* a file opened (or the first good load) is shown *fresh*: at the range that
  was in view when it was last closed, else its story's first view, and it goes
  first in File ▸ Open Recent;
* a reload is offered to the editor first (:meth:`viewer.editing.Editor.take_loaded`:
  unsaved edits are never silently replaced), then shown keeping the view;
* a file with errors never replaces what is shown: the last good timeline
  stays and the banner lists the problems until the file is fixed; a file
  that could not be opened at all leaves the window empty, saying why;
* a load that takes a while shows the busy bar (never for a short one);
* a big Parquet file is shown from its keys, the status bar saying "checking the rest of
  the file" until its rest is checked; if that finds problems, the window shows nothing and
  the banner lists them, as for a file that could not be opened.  Meanwhile an action that
  needs whole events waits for it (:mod:`viewer.restcheck`), the window responsive.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Final, Protocol

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, SignalInstance
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog, QMainWindow

from timeline.errors import Problem
from timeline.models import Link, Timeline
from timeline.parquet_io import is_complete
from viewer import datasetplan
from viewer.banner import Banner, problem_lines
from viewer.busy import BusyBar
from viewer.datasetplan import Unread, statistics
from viewer.editing import Editor
from viewer.exporting import documents_dir
from viewer.loader import LiveLoader
from viewer.overview import Density
from viewer.restcheck import RestCheck
from viewer.text import counted
from viewer.windowstate import RecentMenu, WindowState

__all__ = ["BUSY_DELAY_MS", "FOLLOW_MS", "FileHost", "FileSession", "Statistics"]

Statistics = tuple[tuple[float, float] | None, Density | None]
"""A dataset's span (seconds) and density for the overview (``None, None``: the events')."""

BUSY_DELAY_MS: Final = 250
"""A load shorter than this shows no busy indicator (no flicker)."""

FOLLOW_MS: Final = 150
"""How long the view of a dataset must rest before the window for it is read."""


def _prepare_edited(loader: LiveLoader, tl: Timeline) -> None:
    """What showing ``tl``, made by a change on a worker, needs: what a load's worker makes
    before its timeline is shown, and the lookup by id, which a load's makes after (the
    canvas asks for the event selected at once: 0.7 s at ten million events)."""
    from viewer.digest import prepare_lookup

    loader.prepare(tl)
    prepare_lookup(tl)


class FileHost(Protocol):
    """What the file session needs of its window."""

    def timeline(self) -> Timeline | None: ...
    def show_loaded(self, tl: Timeline, *, fresh: bool, view: tuple[float, float] | None) -> None:
        """Show ``tl`` from the file (``fresh``: newly opened, at ``view`` if given)."""

    def show_nothing(self, why: str) -> None:
        """Show no timeline; the empty canvas says ``why``."""

    def update_title(self) -> None: ...
    def select_event(self, event_id: str | None) -> None: ...
    def view_range(self) -> tuple[float, float] | None:
        """The range of time (seconds) the canvas shows (``None``: no timeline)."""


class FileSession(QObject):
    """Open, reload and close the window's file; report loads, errors and a missing file."""

    loaded = Signal()
    """A timeline from the file (first or reloaded) is now shown."""

    def __init__(
        self,
        window: QMainWindow,
        host: FileHost,
        loader: LiveLoader,
        *,
        editor: Editor,
        state: WindowState,
        recent: RecentMenu,
        banner: Banner,
        busy: BusyBar,
        empty_text: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._host = host
        self.loader = loader
        self._editor = editor
        self._state = state
        self._recent = recent
        self._banner = banner
        self._busy = busy
        self._empty_text = empty_text
        self._fresh_open = False
        """A file was opened and not yet shown (its first load is fresh)."""
        self._restore_range: tuple[float, float] | None = None
        self._select_after: str | None = None
        """An event not read whose window is being read (a link followed): selected then."""
        self._checking: Timeline | None = None
        """The timeline loaded whose rest is being checked, the status bar saying so (the
        one shown, or one made from it by an edit done after the check ended on its worker
        and before the window was told)."""
        loader.setParent(self)
        loader.loaded.connect(self._on_loaded)
        loader.failed.connect(self._on_failed)
        loader.missing.connect(self._on_missing)
        loader.busy_changed.connect(self._on_busy_changed)
        loader.completed.connect(self._on_completed)
        loader.rejected.connect(self._on_rejected)
        self.rest = RestCheck(self, loader, host.timeline, self._status)
        """The actions waiting for the rest of a big file to be checked (the editor's)."""
        editor.when_whole = self.rest.when_whole
        editor.watch_file = self.watch
        editor.saving.report = self._status
        editor.saving.busy = functools.partial(busy.set_busy, "save")
        editor.away.report = self._status
        editor.away.busy = functools.partial(busy.set_busy, "change")
        editor.away.prepare = functools.partial(_prepare_edited, loader)
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(BUSY_DELAY_MS)
        self._busy_timer.timeout.connect(self._show_busy)
        self._follow_timer = QTimer(self)
        self._follow_timer.setSingleShot(True)
        self._follow_timer.setInterval(FOLLOW_MS)
        self._follow_timer.timeout.connect(self._follow)
        window.setAcceptDrops(True)
        window.installEventFilter(self)  # a file dropped on the window opens

    def path(self) -> Path | None:
        return self.loader.path()

    def open(self, path: str | os.PathLike[str]) -> None:
        """Show ``path``: load it in the background and watch it for changes.

        With unsaved changes, asks first (Save / Discard / Cancel).
        """
        if not self._editor.may_discard():
            return
        target = Path(path).absolute()
        self._fresh_open = True
        self._restore_range = self._state.view_range(target)
        self._state.set_last_file(target)
        if self._host.timeline() is None:
            self._empty_text(f"Loading {target.name}…")
        self.loader.open(target, view=self._restore_range)
        self._host.update_title()

    def watch(self, path: Path) -> None:
        """Watch ``path`` from now on, the file the timeline shown was just saved as while it
        was edited: not opened afresh (the editor keeps its history and the edits made since
        the save began; its load is the file as the editor saved it)."""
        target = path.absolute()
        self._state.set_last_file(target)
        self._recent.add(target)
        self.loader.open(target, view=None)
        self._host.update_title()

    def choose(self) -> None:
        """File ▸ Open: ask for a file (from the folder of the one shown), then open it."""
        current = self.loader.path()
        start = str(current.parent) if current is not None else documents_dir()
        path, _filter = QFileDialog.getOpenFileName(
            self._window, "Open Timeline", start, "Timelines (*.toml *.parquet);;All files (*)"
        )
        if path:
            self.open(path)

    def choose_folder(self) -> None:
        """File ▸ Open Folder: ask for a partitioned Parquet dataset (a folder), then open it."""
        current = self.loader.path()
        start = str(current.parent) if current is not None else documents_dir()
        path = QFileDialog.getExistingDirectory(self._window, "Open Dataset Folder", start)
        if path:
            self.open(path)

    def listen(self, view_changed: SignalInstance, link_followed: SignalInstance) -> None:
        """Follow the canvas's view (``view_changed(start, end)``: a dataset reads the window
        for it) and the links to events not read (``link_followed(event_id)``)."""
        view_changed.connect(self.follow_view)
        link_followed.connect(self.follow_link)

    def follow_view(self, _start: float = 0.0, _end: float = 0.0) -> None:
        """The canvas's view moved: a dataset reads the window for it, once it rests."""
        if self.loader.dataset() is not None:
            self._follow_timer.start()

    def _follow(self) -> None:
        view = self._host.view_range()
        if view is None:
            return
        if self._editor.is_dirty():
            read = self.loader.dataset()
            if read is not None and not read[1].covers(view):
                self._status("Unsaved changes: save them (File ▸ Save As) to read other years")
            return
        chosen = self.loader.follow(view)
        if chosen is not None and not chosen.fits:
            self._status(
                f"{chosen.rows:,} events in view: zoom in to read them"
                f" (at most {self.loader.datasets.budget:,} at a time)",
                4000,
            )

    def statistics(self) -> Statistics:
        """What the overview counts instead of the events shown: a dataset read a window at
        a time, from its files' statistics (``None, None``: the events shown)."""
        read = self.loader.dataset()
        if read is None or read[1].window is None:
            return None, None
        return statistics(read[0])

    def follow_link(self, event_id: str) -> None:
        """A link to an event not read was followed: read the window that holds it, then
        select it."""
        view = self._host.view_range()
        if view is None:
            return
        if self._editor.is_dirty():
            self._status("Unsaved changes: save them (File ▸ Save As) to read other years")
        elif self.loader.follow_link(event_id, view):
            self._select_after = event_id
            self._status(f"Reading the part of the dataset that holds {event_id}…")
        else:
            self._status("Still reading: follow the link again when it is done", 4000)

    def parts(
        self,
    ) -> tuple[Unread | None, Mapping[str, tuple[Link, ...]], Mapping[str, int], *Statistics]:
        """What the views show of a dataset read a window at a time besides the events read
        (:meth:`viewer.views.Views.set_parts`): the others, counted from the files'
        statistics and the rows read, for the canvas (``None``: every event is read); the
        links of the events read to events not read, by the linking event's id, and how many
        events not read link to each event read; the overview's statistics."""
        read, beside = self.loader.dataset(), self.loader.beside()
        budget = self.loader.datasets.budget
        unread = None if read is None else datasetplan.unread(*read, budget, beside.not_read)
        return unread, beside.outside, beside.incoming, *self.statistics()

    def reload(self) -> None:
        if self.loader.path() is not None:
            self.loader.reload()

    def close(self) -> None:
        """Stop watching the file (File ▸ New)."""
        self.rest.drop()
        self.loader.close()
        self._fresh_open = False
        self._checking = None

    def shut_down(self) -> None:
        """The window closes: stop watching, and let a load under way end (at most 5 s)."""
        self.rest.drop()
        self.loader.close()
        self.loader.wait_idle(5.0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A local file dragged onto the window is accepted, and opened when dropped."""
        kind = event.type()
        if watched is not self._window or kind not in (QEvent.Type.DragEnter, QEvent.Type.Drop):
            return super().eventFilter(watched, event)
        assert isinstance(event, QDropEvent)  # (QDragEnterEvent is one)
        urls = event.mimeData().urls()
        local = bool(urls) and urls[0].isLocalFile()
        if local:
            event.acceptProposedAction()
            if kind == QEvent.Type.Drop:
                self.open(urls[0].toLocalFile())
        elif kind == QEvent.Type.DragEnter:
            event.ignore()
        return True

    def _status(self, text: str, timeout: int = 0) -> None:
        self._window.statusBar().showMessage(text, timeout)

    def _on_loaded(self, tl: Timeline) -> None:
        fresh = self._fresh_open or self._host.timeline() is None
        self._fresh_open = False
        path = self.loader.path()
        if not self._editor.take_loaded(tl, path, fresh=fresh):
            self._banner.clear()  # the file is good again, whatever is shown
            return  # the file as this window saved it, or unsaved edits kept
        view = self._restore_range if fresh else None
        if fresh:
            self._restore_range = None
        self._host.show_loaded(tl, fresh=fresh, view=view)
        if path is not None and fresh:
            self._recent.add(path)
        self._checking = None if is_complete(tl) else tl
        if self._checking is None:
            self._status(self._loaded_text(tl, path), 4000)
        else:
            self._status(f"{self._loaded_text(tl, path)}; checking the rest of the file…")
        target, self._select_after = self._select_after, None
        if target is not None and target in tl:
            self._host.select_event(target)  # (scrolled into view)
        elif target is not None:
            self._status(f"No event {target} in the dataset: the link leads nowhere", 6000)
        self.loaded.emit()
        if self.loader.dataset() is not None:
            self._follow_timer.start()  # (the view may have moved on while it was read)

    def _loaded_text(self, tl: Timeline, path: Path | None) -> str:
        name = path.name if path else "the file"
        read = self.loader.dataset()
        if read is None or read[1].window is None:
            return f"Loaded {counted(len(tl), 'event')} from {name}"
        return f"Read {len(tl):,} of {read[0].rows:,} events from {name} (the files of this view)"

    def _on_completed(self, tl: Timeline) -> None:
        if self._checking is tl:
            self._checking = None
            self._status(self._loaded_text(tl, self.loader.path()), 4000)

    def _on_rejected(self, tl: Timeline, problems: tuple[Problem, ...]) -> None:
        """The rest of the timeline shown was found bad: show it no longer (nothing good of
        the file was shown before: a reload is checked whole)."""
        if self._checking is tl:
            self._checking = None
            self._status("")
        if self._host.timeline() is not tl:
            return
        self._fresh_open = True  # (shown as a file that could not be opened)
        self._on_failed(problems)

    def _on_failed(self, problems: tuple[Problem, ...]) -> None:
        path = self.loader.path()
        name = path.name if path is not None else "the file"
        if self._fresh_open or self._host.timeline() is None:
            self._fresh_open = False
            self._show_nothing(
                f"Could not open {name}: the problems are listed above. "
                "The timeline appears here as soon as the file is fixed."
            )
            head = f"Could not open {name}. It will load as soon as it is fixed:"
        else:
            head = f"{name} has errors; still showing the last good version:"
        self._banner.show_message("\n".join([head, *problem_lines(problems)]))
        self._host.update_title()

    def _on_missing(self, path: str) -> None:
        name = Path(path).name
        if self._fresh_open or self._host.timeline() is None:
            self._fresh_open = False
            self._show_nothing(f"{name} was not found. It will load when it appears.")
            text = f"{name} was not found ({path}). It will load when it appears."
        else:
            text = (
                f"{name} was removed ({path}); still showing the last version loaded. "
                "It will reload when the file is back."
            )
        self._banner.show_message(text)

    def _show_nothing(self, why: str) -> None:
        """Show no timeline, and hold none to save (the editor forgets the last one)."""
        self._editor.forget()
        self._host.show_nothing(why)

    def _on_busy_changed(self, busy: bool) -> None:
        if busy:
            self._busy_timer.start()
        else:
            self._busy_timer.stop()
            self._busy.set_busy("load", False)

    def _show_busy(self) -> None:
        if self.loader.is_busy():
            self._busy.set_busy("load", True)
            self._status("Loading…")
