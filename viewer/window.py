"""The main window: the views of one timeline, the search bar, the menus, and the controllers.

The window shows one file and wires together the parts a reader expects:

* the views (:mod:`viewer.views`): the event list, the canvas over the
  overview, the details; one timeline, one selection;
* the search and filter bar (:mod:`viewer.filterbar`);
* the file (:mod:`viewer.filesession`): loaded off the GUI thread, reloaded
  when it changes on disk; a file with errors never replaces what is shown;
* editing and saving (:mod:`viewer.editing`), exports (:mod:`viewer.exporting`),
  printing (:mod:`viewer.printing`), what the window remembers
  (:mod:`viewer.windowstate`), and the actions and menus (:mod:`viewer.menus`).
"""

from __future__ import annotations

import datetime as _dt
import itertools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Final

from PySide6.QtCore import (
    QSettings,
    Qt,
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
from viewer.busy import BusyBar
from viewer.canvas import ZOOM_STEP
from viewer.choices import Choice, ZoneChoice
from viewer.details import TextLabel
from viewer.dragedit import DragEditing
from viewer.editing import Editor
from viewer.eventlist import prepare_search
from viewer.exporting import Exporting
from viewer.filesession import FileSession
from viewer.filterbar import FilterBar
from viewer.focusring import FocusRing
from viewer.goto import references
from viewer.gotodialog import GoToDateDialog, open_go_to_date
from viewer.groups import GROUP_KEYS
from viewer.legenddialog import LegendDialog, open_legend
from viewer.loader import LiveLoader
from viewer.menus import build_actions, build_menus, undo_actions
from viewer.printing import Printing
from viewer.sourcesdialog import SourcesEditing
from viewer.views import Views
from viewer.windowstate import RecentMenu, WindowState

__all__ = ["MainWindow"]

APP_NAME: Final = "Timeline Viewer"
NO_FILE_TEXT: Final = "No timeline open: File ▸ Open… (Ctrl+O), or drop a .toml file here."
"""What the canvas says before a file is opened."""


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
        self._today = today
        self.setObjectName("main-window")
        self._state = WindowState(settings)
        """What the window remembers (:mod:`viewer.windowstate`)."""

        loader = loader if loader is not None else LiveLoader()
        loader.add_preparation(prepare_search)
        self.editor = Editor(self, self)
        self.editor.stack.cleanChanged.connect(self._on_clean_changed)
        self._build_widgets()
        self.authoring = Authoring(self, self.editor, self, self.views.bring_into_view)
        """Edit ▸ New Event, Edit Event, Delete Event (:mod:`viewer.authoring`)."""
        self.timeline_changed.connect(self.authoring.update_actions)
        self.canvas.activated.connect(self.authoring.edit_event)
        self.details.edit_requested.connect(self.authoring.edit_event)
        self.canvas.background_activated.connect(
            lambda t: self.authoring.add_at(t, self.canvas.view())
        )
        self.zones = ZoneChoice(
            self,
            self._state.zone_choice(),
            remember=self._state.set_zone_choice,
            system_zone=system_zone,
        )
        """View ▸ Time Zone (:class:`viewer.choices.ZoneChoice`)."""
        self.zones.chosen.connect(lambda _choice: self._apply_zone())
        self.groupings = Choice(
            self,
            "group",
            {key: f"&{key.capitalize()}" for key in ("none", *GROUP_KEYS)},
            self._state.group_by(),
            what="grouping",
            remember=self._state.set_group_by,
        )
        """View ▸ Group By: rows by group, each a labelled band with its own lanes."""
        self.groupings.chosen.connect(
            lambda key: self.canvas.set_group_by(None if key == "none" else key)
        )
        self.all_links = QAction("Show All &Links", self)
        """View ▸ Show All Links: every link in view, faint (else the selected event's only)."""
        self.all_links.setObjectName("all_links")
        self.all_links.setCheckable(True)
        self.all_links.setChecked(self._state.all_links())
        self.all_links.toggled.connect(self._state.set_all_links)
        self.all_links.toggled.connect(self.canvas.set_all_links)
        self.canvas.set_all_links(self.all_links.isChecked())
        self.exports = Exporting(
            self,
            self._state.settings,
            shown=self._export_timeline,
            current=self.current_path,
            error=self._error,
            status=self.statusBar().showMessage,
            busy=self.busy,
        )
        """iCalendar, JSON and CSV exports (:mod:`viewer.exporting`)."""
        self.exports.finished.connect(self.export_finished)
        self.printing = Printing(
            self, self.canvas, self.exports.ask_path, self._error, self.statusBar().showMessage
        )
        """Print and picture exports (:mod:`viewer.printing`)."""
        self.drag_editing = DragEditing(
            self, self.canvas, self.editor, self.statusBar().showMessage
        )
        """Dragging events on the canvas (:mod:`viewer.dragedit`)."""
        self.sources = SourcesEditing(self, self.editor, self)
        """Edit ▸ Sources… (:mod:`viewer.sourcesdialog`)."""
        self.timeline_changed.connect(self.sources.update_action)
        self._actions = build_actions(
            self,
            self._slots(),
            self.views,
            {
                **undo_actions(self, self.editor.stack),
                **self.authoring.actions,
                "sources": self.sources.action,
                **self.exports.cancelled_actions,
                **self.zones.actions,
                **self.groupings.actions,
                "all_links": self.all_links,
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
        self.splitter.sized = self._state.restore_window(self, self.splitter.splitters())
        self.set_group_by(self._state.group_by())
        self.update_title()
        self._update_count()
        self.canvas.set_empty_text(NO_FILE_TEXT)
        self.focus_ring = FocusRing(self, [self.event_list, self.canvas, self.details])
        chain = [self.search, self.tag_filter, self.status_filter, self.event_list]
        for first, second in itertools.pairwise([*chain, self.canvas, self.details]):
            QWidget.setTabOrder(first, second)

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
        self.views.related_requested.connect(self._on_related_requested)
        self.banner = Banner()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.filters = FilterBar()
        """Search and filters (:mod:`viewer.filterbar`)."""
        self.search = self.filters.search
        self.tag_filter = self.filters.tag_filter
        self.status_filter = self.filters.status_filter
        self.match_label = self.filters.match_label
        self.addToolBar(self.filters)
        self.filters.changed.connect(self._apply_filter)
        self.filters.next_requested.connect(self.find_next)

        # status bar
        self.count_label = TextLabel()
        self.count_label.setObjectName("event-count")
        self.busy: BusyBar = BusyBar()
        self.zone_label = TextLabel()
        self.zone_label.setObjectName("time-zone")
        self.statusBar().addPermanentWidget(self.busy)
        self.statusBar().addPermanentWidget(self.zone_label)
        self.statusBar().addPermanentWidget(self.count_label)

    def _slots(self) -> dict[str, Callable[[], object]]:
        """What each of the window's actions (:data:`viewer.menus.ACTIONS`) does."""
        canvas, exports, printing = self.canvas, self.exports, self.printing
        return {
            "open": lambda: self.files.choose(),
            "reload": self.reload,
            "new": self.editor.new,
            "save": self.editor.save,
            "save_as": self.editor.save_as,
            "export_ics": lambda: exports.choose("ics"),
            "export_image": printing.choose_image,
            "export_pdf": printing.choose_pdf,
            "export_json": lambda: exports.choose("json"),
            "export_csv": lambda: exports.choose("csv"),
            "print": printing.print_timeline,
            "quit": self.close,
            "find": self.focus_search,
            "find_next": self.find_next,
            "find_previous": self.find_previous,
            "zoom_in": lambda: canvas.zoom_by(ZOOM_STEP),
            "zoom_out": lambda: canvas.zoom_by(1 / ZOOM_STEP),
            "fit_all": canvas.fit_all,
            "zoom_selection": self.zoom_to_selection,
            "go_to_date": self.ask_go_to_date,
            "clear_filters": self.clear_filters,
            "previous": canvas.select_previous,
            "next": canvas.select_next,
            "first": canvas.select_first,
            "last": canvas.select_last,
            "details": self.show_details,
            "legend": self.show_legend,
            "about": self.show_about,
        }

    # -- public API ----------------------------------------------------------------

    def action(self, name: str) -> QAction:
        """The action called ``name`` (``open``, ``export_ics``, ``next``, ...)."""
        return self._actions[name]

    def actions_by_name(self) -> dict[str, QAction]:
        return dict(self._actions)

    def timeline(self) -> Timeline | None:
        """The timeline shown (the last good one)."""
        return self.views.timeline

    def zone_choice(self) -> str:
        """The chosen entry of View ▸ Time Zone (one of :data:`viewer.clock.CHOICES`)."""
        return self.zones.value()

    def display_zone(self) -> str | None:
        """The zone times are shown in (``None``: each event's own zone)."""
        tl = self.views.timeline
        return self.zones.zone(tl.tz if tl is not None else None)

    def group_by(self) -> str:
        """The entry of View ▸ Group By: ``none``, ``tag``, ``status``, ``source``, ``place``."""
        return self.canvas.group_by() or "none"

    def set_group_by(self, key: str) -> None:
        """Rows by group, each a labelled band with its own lanes (``none``: all together)."""
        self.groupings.set(key)

    def set_zone_choice(self, choice: str) -> None:
        """Show times in the timeline's zone, each event's own, UTC or the system's."""
        self.zones.set(choice)

    def _apply_zone(self) -> None:
        """Every view shows times in the display zone."""
        zone = self.display_zone()
        self.views.set_zone(zone)
        self.zone_label.setText(f"times: {zone or 'each in its own zone'}")

    def current_path(self) -> Path | None:
        return self.files.path()

    def loader(self) -> LiveLoader:
        return self.files.loader

    def selected_event(self) -> str:
        return self.views.selection

    def status_text(self) -> str:
        """The permanent status bar text: "showing N of M events"."""
        return self.count_label.text()

    def open_file(self, path: str | os.PathLike[str]) -> None:
        """Show ``path`` (:meth:`viewer.filesession.FileSession.open`)."""
        self.files.open(path)

    def reload(self) -> None:
        self.files.reload()

    def focus_search(self) -> None:
        self.filters.focus_search()

    def clear_filters(self) -> None:
        self.filters.clear()

    def select_event(self, event_id: str | None) -> None:
        """Select an event in every view (``None``: nothing)."""
        self.views.select(event_id or "")

    def zoom_to_selection(self) -> None:
        if self.views.selection:
            self.canvas.zoom_to_event(self.views.selection)

    def go_to(self, when: When) -> None:
        self.canvas.go_to(when)
        self.statusBar().showMessage(f"Showing {when.describe()}", 4000)

    def today(self) -> _dt.date:
        """The day Go to Date counts relative words from: today in the system's zone.

        (``today`` given to the window replaces the clock, as tests do.)
        """
        return self._today() if self._today is not None else self.zones.today()

    def ask_go_to_date(self) -> GoToDateDialog:
        """Open the Go to Date dialog (not blocking); returns it."""
        choices = references(self.views.timeline, self.today(), self.views.selection or None)
        dialog = open_go_to_date(self, self._state.settings, choices)
        dialog.date_chosen.connect(self.go_to)
        return dialog

    def show_details(self) -> None:
        self.splitter.show_details()

    def show_legend(self) -> LegendDialog:
        """Help ▸ Legend: the canvas's symbols beside their meanings, then the keys."""
        return open_legend(self, self.canvas.legend(), self.canvas.palette())

    def show_about(self) -> QMessageBox:
        text = (
            f"{APP_NAME}\n\nTimelines of dated events with honest (EDTF) dates: "
            "every date at the precision it is known, with the sources that give it."
        )
        return self._message(QMessageBox.Icon.Information, f"About {APP_NAME}", text)

    # -- files ----------------------------------------------------------------

    def recent_files(self) -> list[str]:
        return self._state.recent_files()

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
        path = self.current_path()
        self.canvas.set_empty_text(
            f"{path.name if path else 'This timeline'} has no events yet: "
            "double-click here or use Edit ▸ New Event (Ctrl+N) to add one."
        )
        self.banner.clear()
        self.zones.label_for(tl.tz)
        zone = self.zones.zone(tl.tz)
        self.zone_label.setText(f"times: {zone or 'each in its own zone'}")
        self.views.set_timeline(tl, zone, fresh=fresh)
        self.filters.fill(tl)
        self._apply_filter()
        self.views.settle(fresh=fresh, view=view)
        self.update_title()

    def show_nothing(self, why: str) -> None:
        """Show no timeline; the empty canvas says ``why``."""
        self.views.clear()
        self.filters.fill(None)
        self._apply_filter()
        self.canvas.set_empty_text(why)

    # -- filtering -------------------------------------------------------------------

    def _apply_filter(self) -> None:
        """Apply the filters and the search.

        The tag and status filters hide events everywhere; the search keeps
        the list to its matches and *highlights* them on the canvas, among the
        events around them, and a new search selects its first match.
        """
        tl = self.views.timeline
        shown, ids = self.filters.chosen(tl) if tl is not None else (None, None)
        self.views.set_filter(shown, ids)
        self._update_matches()
        self._update_count()

    def _update_matches(self) -> None:
        """The search's matches: highlighted on the canvas, counted "n of m" by the search box."""
        tl, ids = self.views.timeline, self.views.ids
        first = self.filters.count_matches(tl, ids, self.views.selected_position())
        self.canvas.set_matches(ids if tl is not None and self.filters.searching() else None)
        if first:
            self.find_next(first=True)

    def find_next(self, *, first: bool = False) -> None:
        """Select the next match after the selected event (F3), or the ``first`` one."""
        self._find_step(+1, first=first)

    def find_previous(self) -> None:
        """Select the match before the selected event (Shift+F3)."""
        self._find_step(-1)

    def _find_step(self, direction: int, *, first: bool = False) -> None:
        tl = self.views.timeline
        pos = self.filters.step(direction, self.views.selected_position(), first=first)
        if tl is not None and pos is not None:
            self.views.bring_into_view(tl.events[pos].id)

    def _update_count(self) -> None:
        tl, ids = self.views.timeline, self.views.ids
        total = len(tl) if tl is not None else 0
        shown = total if ids is None else len(ids)
        noun = "event" if total == 1 else "events"
        self.count_label.setText(f"showing {shown} of {total} {noun}")

    # -- selection ------------------------------------------------------------------

    def _on_selected(self, event_id: str) -> None:
        self.filters.follow(self.views.selected_position(), loaded=self.views.timeline is not None)
        self._actions["zoom_selection"].setEnabled(bool(event_id))
        self._actions["details"].setEnabled(bool(event_id))
        self.authoring.update_actions()

    def _on_related_requested(self, event_id: str) -> None:
        if self.views.ids is not None and event_id not in self.views.ids:
            self.clear_filters()  # a related event hidden by the filters: show everything
        self.views.bring_into_view(event_id)

    # -- export ------------------------------------------------------------------

    def _export_timeline(self) -> Timeline | None:
        """What is exported: the events shown (after search and filters)."""
        tl, ids = self.views.timeline, self.views.ids
        if tl is None:
            return None
        if ids is None:
            return tl
        return tl.subset(ids)  # (links to events left out, and sources, dropped)

    def cancelled_mode(self) -> str:
        """How exports treat cancelled events: ``keep``, ``prefix`` or ``omit``."""
        return self.exports.cancelled_mode()

    # -- dialogs --------------------------------------------------------------------

    def _message(self, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def _error(self, title: str, text: str) -> QMessageBox:
        return self._message(QMessageBox.Icon.Warning, title, text)

    # -- state -------------------------------------------------------------------------

    def update_title(self) -> None:
        path = self.current_path()
        parts = []
        tl = self.views.timeline
        if tl is not None and tl.title:
            parts.append(tl.title)
        if path is not None:
            parts.append(f"{path.name}[*]")
            self.setWindowFilePath(str(path))
        parts.append(APP_NAME)
        if path is None:  # Qt needs the mark of unsaved changes somewhere
            parts[0] += "[*]"
        self.setWindowTitle(" — ".join(parts))

    def _on_clean_changed(self, clean: bool) -> None:
        self.setWindowModified(not clean)

    def last_file(self) -> str | None:
        """The file shown when the window was last closed (``None`` if none)."""
        return self._state.last_file()

    def save_state(self) -> None:
        """Remember geometry, splitters, the file and the visible range."""
        self._state.save_window(self, self.splitter.splitters())
        path = self.current_path()
        if path is not None:
            self._state.set_last_file(path)
            if self.views.view_range is not None and self.views.timeline is not None:
                self._state.set_view_range(path, self.views.view_range)
        self._state.sync()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.splitter.size_once()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.editor.may_discard():
            event.ignore()
            return
        self.save_state()
        self.files.shut_down()
        super().closeEvent(event)
