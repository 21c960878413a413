"""The main window: the views of one timeline, the search bar, the menus, and the controllers.

The window shows one file and wires together the parts a reader expects:

* the views (:mod:`viewer.views`): the event list, the canvas over the
  overview, the details; one timeline, one selection;
* the search and filter bar (:mod:`viewer.filterbar`), applied to the views
  (:mod:`viewer.searching`), and the status bar (:mod:`viewer.statusline`);
* the View menu's remembered choices (:mod:`viewer.viewchoices`) and Go to
  Date (:class:`viewer.gotodialog.GoToDate`);
* the file (:mod:`viewer.filesession`): loaded off the GUI thread, reloaded
  when it changes on disk; a file with errors never replaces what is shown;
* editing and saving (:mod:`viewer.editing`), exports (:mod:`viewer.exporting`),
  printing (:mod:`viewer.printing`), what the window remembers
  (:mod:`viewer.windowstate`), the actions and menus (:mod:`viewer.menus`,
  each controller giving the slots of its own actions) and the message boxes
  (:mod:`viewer.messages`).

The window itself keeps the wiring and a small facade (``open_file``,
``select_event``, ``status_text``...) that the controllers' protocols and the
tests use.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Final

from PySide6.QtCore import (
    QSettings,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from timeline.models import Timeline
from timeline.when import When
from viewer.authoring import Authoring
from viewer.banner import Banner
from viewer.dragedit import DragEditing
from viewer.editing import Editor
from viewer.exporting import Exporting
from viewer.filesession import FileSession
from viewer.filterbar import FilterBar
from viewer.focusring import FocusRing, tab_order
from viewer.gotodialog import GoToDate, GoToDateDialog
from viewer.loader import LiveLoader
from viewer.menus import build_actions, build_menus, canvas_slots, undo_actions
from viewer.messages import about, no_events_text, warning, window_title
from viewer.printing import Printing
from viewer.searching import Searching
from viewer.sourceediting import SourcesEditing
from viewer.statusline import StatusLine
from viewer.viewchoices import ViewChoices
from viewer.views import Views
from viewer.warmup import prepare_loads
from viewer.windowstate import RecentMenu, WindowState

__all__ = ["MainWindow"]

NO_FILE_TEXT: Final = "No timeline open: File ▸ Open… (Ctrl+O), or drop a .toml file here."
"""What the canvas says before a file is opened."""


def _stacked(top: QWidget, rest: QWidget) -> QWidget:
    """``top`` over ``rest``, which takes the height left."""
    central = QWidget()
    layout = QVBoxLayout(central)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(top)
    layout.addWidget(rest, 1)
    return central


class MainWindow(QMainWindow):
    """The viewer's main window.

    ``settings``: where the window remembers its state (default: ``QSettings()``
    of the application).  ``loader``: the file loader (tests pass one with a
    slow load function).  ``system_zone``: the system's IANA time zone, read
    by the caller (:func:`viewer.clock.system_zone`), offered in View ▸ Time
    Zone.  ``today``: a clock for the day Go to Date counts relative words from
    (default: today in the system's zone).
    """

    timeline_changed = Signal()
    """A timeline (first or reloaded) is now shown."""
    export_finished = Signal(str, str)
    """An export ended: the path and an error ("" when it worked)."""

    def __init__(
        self,
        *,
        settings: QSettings | None = None,
        loader: LiveLoader | None = None,
        system_zone: str | None = None,
        today: Callable[[], _dt.date] | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("main-window")
        self._state = WindowState(settings)
        """What the window remembers (:mod:`viewer.windowstate`)."""

        loader = loader if loader is not None else LiveLoader()
        self.editor = Editor(self, self)
        self.editor.stack.cleanChanged.connect(self._on_clean_changed)
        self._build_widgets()
        prepare_loads(loader, self.canvas, lambda tl: self.zones.zone(tl.tz))  # (its worker)
        self.authoring = Authoring(self, self.editor, self, self.views.bring_into_view)
        """Edit ▸ New Event, Edit Event, Delete Event (:mod:`viewer.authoring`)."""
        self.timeline_changed.connect(self.authoring.update_actions)
        self.authoring.listen(self.canvas, self.details)
        self.view_choices = ViewChoices(
            self, self._state, self.views, self.status_line, system_zone=system_zone
        )
        """View ▸ Time Zone, Group By, Show All Links (:mod:`viewer.viewchoices`)."""
        self.zones = self.view_choices.zones
        self.going = GoToDate(
            self,
            self._state.settings,
            self.views,
            today if today is not None else self.zones.today,
            self.canvas.go_to,
            self.statusBar().showMessage,
        )
        """View ▸ Go to Date (:class:`viewer.gotodialog.GoToDate`)."""
        self.exports = Exporting(
            self,
            self._state.settings,
            shown=self.searching.shown_timeline,
            current=self.current_path,
            error=self._warning,
            status=self.statusBar().showMessage,
            busy=self.busy,
        )
        """iCalendar, JSON and CSV exports (:mod:`viewer.exporting`)."""
        self.exports.finished.connect(self.export_finished)
        self.printing = Printing(
            self, self.canvas, self.exports.ask_path, self._warning, self.statusBar().showMessage
        )
        """Print and picture exports (:mod:`viewer.printing`)."""
        self.drag_editing = DragEditing(
            self, self.canvas, self.editor, self.statusBar().showMessage
        )
        """Dragging events on the canvas (:mod:`viewer.dragedit`)."""
        self.sources = SourcesEditing(self, self.editor, self)
        """Edit ▸ Sources… (:mod:`viewer.sourceediting`, :mod:`viewer.sourcesdialog`)."""
        self.timeline_changed.connect(self.sources.update_action)
        self._actions = build_actions(
            self,
            self._slots(),
            self.views,
            {
                **undo_actions(self, self.editor.stack, self.editor.away),
                **self.authoring.actions,
                "sources": self.sources.action,
                **self.exports.cancelled_actions,
                **self.view_choices.actions,
            },
        )
        self.authoring.update_actions()
        self.filters.add_find_actions(self._actions["find_previous"], self._actions["find_next"])
        menus = build_menus(self.menuBar(), self._actions)
        self.recent_menu, self.zone_menu, self.group_menu = menus
        self._recent = RecentMenu(self._state, self.recent_menu)
        self._recent.chosen.connect(self.open_file)
        self.files = FileSession(
            self,
            self,
            loader,
            editor=self.editor,
            state=self._state,
            recent=self._recent,
            banner=self.banner,
            busy=self.busy,
            empty_text=self.canvas.set_empty_text,
        )
        """The file shown, loaded and reloaded as it changes (:mod:`viewer.filesession`)."""
        self.files.loaded.connect(self.timeline_changed)
        self.files.listen(self.canvas.view_changed, self.details.outside_requested)
        self.files.rest.whole.connect(self.details.refresh)  # (its event whole once checked)
        self.splitter.sized = self._state.restore_window(self, self.splitter.splitters())
        self.update_title()
        self.searching.apply()
        self.canvas.set_empty_text(NO_FILE_TEXT)
        self.focus_ring = FocusRing(self, [self.event_list, self.canvas, self.details])
        filters = [self.search, self.tag_filter, self.status_filter]
        tab_order([*filters, self.event_list, self.canvas, self.details])

    # -- construction ---------------------------------------------------------

    def _build_widgets(self) -> None:
        self.views = Views()
        """The list, the canvas, the overview and the details (:mod:`viewer.views`)."""
        self.splitter = self.views
        self.canvas = self.views.canvas
        self.overview = self.views.overview
        self.event_list = self.views.event_list
        self.details = self.views.details
        self.views.selected.connect(self._on_selected)
        self.banner = Banner()
        self.setCentralWidget(_stacked(self.banner, self.views))

        self.filters = FilterBar()
        """Search and filters (:mod:`viewer.filterbar`)."""
        self.search = self.filters.search
        self.tag_filter = self.filters.tag_filter
        self.status_filter = self.filters.status_filter
        self.match_label = self.filters.match_label
        self.addToolBar(self.filters)
        self.status_line = StatusLine(self.statusBar())
        """Busy, the clock times are shown on, the count (:mod:`viewer.statusline`)."""
        self.busy, self.zone_label = self.status_line.busy, self.status_line.zone_label
        self.searching = Searching(self.filters, self.views, self.status_line)
        """The search and filters applied to the views (:mod:`viewer.searching`)."""

    def _slots(self) -> dict[str, Callable[[], object]]:
        """What each of the window's actions (:data:`viewer.menus.ACTIONS`) does."""
        return {
            "open": lambda: self.files.choose(),
            "open_folder": lambda: self.files.choose_folder(),
            "reload": self.reload,
            "new": self.editor.new,
            "save": self.editor.save,
            "save_as": self.editor.save_as,
            **self.exports.slots(),
            **self.printing.slots(),
            "quit": self.close,
            **self.searching.slots(),
            **canvas_slots(self.canvas),
            "zoom_selection": self._zoom_to_selection,
            "go_to_date": self.going.ask,
            "details": self.views.show_details,
            "legend": lambda: _open_legend(self),
            "about": self.show_about,
        }

    # -- public API ----------------------------------------------------------------

    def action(self, name: str) -> QAction:
        """The action called ``name`` (``open``, ``export_ics``, ``next``, ...)."""
        return self._actions[name]

    def timeline(self) -> Timeline | None:
        """The timeline shown (the last good one)."""
        return self.views.timeline

    def zone_choice(self) -> str:
        """The chosen entry of View ▸ Time Zone (one of :data:`viewer.clock.CHOICES`)."""
        return self.zones.value()

    def display_zone(self) -> str | None:
        """The zone times are shown in (``None``: each event's own zone)."""
        return self.view_choices.display_zone()

    def group_by(self) -> str:
        """The entry of View ▸ Group By: ``none``, ``tag``, ``status``, ``source``, ``place``."""
        return self.canvas.group_by() or "none"

    def current_path(self) -> Path | None:
        return self.files.path()

    def view_range(self) -> tuple[float, float] | None:
        """The range of time (seconds) the canvas shows (``None``: no timeline)."""
        return self.views.view_range if self.views.timeline is not None else None

    def loader(self) -> LiveLoader:
        return self.files.loader

    def selected_event(self) -> str:
        return self.views.selection

    def status_text(self) -> str:
        """The permanent status bar text: "showing N of M events"."""
        return self.status_line.count_label.text()

    def recent_files(self) -> list[str]:
        return self._state.recent_files()

    def open_file(self, path: str | os.PathLike[str]) -> None:
        """Show ``path`` (:meth:`viewer.filesession.FileSession.open`)."""
        self.files.open(path)

    def reload(self) -> None:
        self.files.reload()

    def focus_search(self) -> None:
        self.filters.focus_search()

    def select_event(self, event_id: str | None) -> None:
        """Select an event in every view (``None``: nothing)."""
        self.views.select(event_id or "")

    def go_to(self, when: When) -> None:
        """Show ``when`` (a range exactly, a day centred) and say so."""
        self.going.go_to(when)

    def today(self) -> _dt.date:
        """The day Go to Date counts relative words from (the system's, or the given clock)."""
        return self.going.today()

    def ask_go_to_date(self) -> GoToDateDialog:
        """Open the Go to Date dialog (not blocking); returns it."""
        return self.going.ask()

    def show_about(self) -> QMessageBox:
        return about(self)

    # -- showing -----------------------------------------------------------------

    def show_loaded(self, tl: Timeline, *, fresh: bool, view: tuple[float, float] | None) -> None:
        """Show ``tl`` from the file (``fresh``: newly opened, at ``view`` if given)."""
        self._show(tl, fresh=fresh, view=view)

    def show_edited(self, tl: Timeline, *, fresh: bool = False) -> None:
        """Show ``tl``, an edit of the timeline shown (or a new one when ``fresh``)."""
        self._show(tl, fresh=fresh)
        self.timeline_changed.emit()

    def close_file(self) -> None:
        """Stop showing and watching the file (File ▸ New)."""
        self.files.close()

    def _show(self, tl: Timeline, *, fresh: bool, view: tuple[float, float] | None = None) -> None:
        self.canvas.set_empty_text(no_events_text(self.current_path()))
        self.banner.clear()
        self.views.set_parts(*self.files.parts())  # (with the events read: one frame)
        self.views.set_timeline(tl, self.view_choices.zone_for(tl), fresh=fresh)
        self.searching.fill(tl)
        self.views.settle(fresh=fresh, view=view)
        self.update_title()

    def show_nothing(self, why: str) -> None:
        """Show no timeline; the empty canvas says ``why``."""
        self.views.clear()
        self.searching.fill(None)
        self.canvas.set_empty_text(why)
        self.sources.update_action()

    # -- selection ------------------------------------------------------------------

    def _zoom_to_selection(self) -> None:
        if self.views.selection:
            self.canvas.zoom_to_event(self.views.selection)

    def _on_selected(self, event_id: str) -> None:
        self.searching.follow_selection()
        self._actions["zoom_selection"].setEnabled(bool(event_id))
        self._actions["details"].setEnabled(bool(event_id))
        self.authoring.update_actions()

    # -- export ------------------------------------------------------------------

    def cancelled_mode(self) -> str:
        """How exports treat cancelled events: ``keep``, ``prefix`` or ``omit``."""
        return self.exports.cancelled_mode()

    def _warning(self, title: str, text: str) -> QMessageBox:
        return warning(self, title, text)

    # -- state -------------------------------------------------------------------------

    def update_title(self) -> None:
        path, tl = self.current_path(), self.views.timeline
        if path is not None:
            self.setWindowFilePath(str(path))
        self.setWindowTitle(window_title(tl.title if tl else "", path.name if path else None))

    def _on_clean_changed(self, clean: bool) -> None:
        self.setWindowModified(not clean)

    def last_file(self) -> str | None:
        """The file shown when the window was last closed (``None`` if none)."""
        return self._state.last_file()

    def save_state(self) -> None:
        """Remember geometry, splitters, the file and the visible range."""
        views = self.views
        view = views.view_range if views.timeline is not None else None
        self._state.save(self, views.splitters(), self.current_path(), view)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.splitter.size_once()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.editor.may_discard():
            event.ignore()
            return
        self.save_state()
        self.details.reads.drop()  # (else a form waiting for its event opens once closed)
        self.files.shut_down()
        super().closeEvent(event)


def _open_legend(window: MainWindow) -> None:
    """Help ▸ Legend (its dialog's module imported on first use)."""
    from viewer.legenddialog import open_legend

    open_legend(window, window.canvas.legend(), window.canvas.palette())
