"""The window's actions and menus: what each does, its keys, and where it stands.

:func:`build_actions` makes every action of :class:`~viewer.window.MainWindow`
by name (tests and the window find them by it: ``window.action("open")``),
their slots being the window's and its controllers' (:mod:`viewer.filesession`,
:mod:`viewer.exporting`, :mod:`viewer.printing`, :mod:`viewer.editing`);
:func:`build_menus` lays them out in the menu bar.  Keys that also edit text
(arrows, Home, End, Enter, + and -) act only when the focus is in the views,
never in the search box.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Final, NamedTuple

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from viewer.canvas import ZOOM_STEP
from viewer.clock import CHOICES
from viewer.groups import GROUP_KEYS
from viewer.printing import print_support

if TYPE_CHECKING:
    from viewer.window import MainWindow

__all__ = ["Key", "Menus", "build_actions", "build_menus", "make_action"]

Key = QKeySequence | QKeySequence.StandardKey | str
"""A shortcut: a key sequence, a platform's standard key, or its text (``"Ctrl+R"``)."""
KEY_TYPES: Final = (QKeySequence, QKeySequence.StandardKey, str)


class Menus(NamedTuple):
    """The menus the window fills or labels itself."""

    recent: QMenu
    zone: QMenu
    group: QMenu


def make_action(
    parent: QObject,
    name: str,
    text: str,
    slot: Callable[[], object],
    shortcut: Key | Sequence[Key] | None = None,
    *,
    tip: str | None = None,
) -> QAction:
    action = QAction(text, parent)
    action.setObjectName(name)
    if shortcut is not None:
        keys = [shortcut] if isinstance(shortcut, KEY_TYPES) else list(shortcut)
        sequences: list[QKeySequence] = []
        for key in keys:
            if isinstance(key, QKeySequence.StandardKey):
                sequences += QKeySequence.keyBindings(key)
            else:
                sequences.append(QKeySequence(key))
        unique = list(dict.fromkeys(s.toString() for s in sequences if not s.isEmpty()))
        action.setShortcuts([QKeySequence(k) for k in unique])
    if tip:
        action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    return action


def build_actions(w: MainWindow) -> dict[str, QAction]:
    """Every action of the window, by name; the keys that also edit text act in the views only."""
    actions: dict[str, QAction] = {}

    def a(
        name: str,
        text: str,
        slot: Callable[[], object],
        shortcut: Key | Sequence[Key] | None = None,
        *,
        tip: str | None = None,
    ) -> QAction:
        actions[name] = make_action(w, name, text, slot, shortcut, tip=tip)
        return actions[name]

    std = QKeySequence.StandardKey
    a("open", "&Open…", lambda: w.files.choose(), std.Open, tip="Open a timeline file")
    a("reload", "&Reload", lambda: w.files.reload(), "Ctrl+R", tip="Load the file again")
    # Ctrl+N is Edit ▸ New Event (the common case); a new file is Ctrl+Shift+N
    a("new", "&New", w.editor.new, "Ctrl+Shift+N", tip="Start a new, empty timeline")
    a("save", "&Save", w.editor.save, std.Save, tip="Save the changes into the file")
    a("save_as", "Save &As…", w.editor.save_as, std.SaveAs)
    stack = w.editor.stack
    for name, make, key in (
        ("undo", stack.createUndoAction, "Ctrl+Z"),
        ("redo", stack.createRedoAction, "Ctrl+Shift+Z"),
    ):
        action = make(w, f"&{name.capitalize()}")
        action.setObjectName(name)
        keys = [QKeySequence(key), *QKeySequence.keyBindings(getattr(std, name.capitalize()))]
        action.setShortcuts(list({k.toString(): k for k in keys}.values()))
        actions[name] = action
    actions.update(w.authoring.actions)
    w.authoring.update_actions()
    a("export_ics", "&iCalendar…", lambda: w.exports.choose("ics"), "Ctrl+E")
    a("export_image", "I&mage (PNG/SVG)…", w.printing.choose_image)
    a("export_pdf", "&PDF…", w.printing.choose_pdf)
    a("export_json", "&TimelineJS JSON…", lambda: w.exports.choose("json"))
    a("export_csv", "&CSV…", lambda: w.exports.choose("csv"))
    actions.update(w.exports.cancelled_actions)
    actions.update(w.zones.actions)
    actions.update(w.groupings.actions)
    a("print", "&Print…", w.printing.print_timeline, std.Print)
    a("quit", "&Quit", w.close, std.Quit)
    a("find", "&Find…", w.focus_search, std.Find)
    a("find_next", "Find &Next", w.find_next, "F3", tip="Select the next search match")
    a("find_previous", "Find Pre&vious", w.find_previous, "Shift+F3")
    for name, short, tip in (
        ("find_previous", "▲", "Previous match (Shift+F3)"),
        ("find_next", "▼", "Next match (F3)"),
    ):
        actions[name].setIconText(short)
        actions[name].setToolTip(tip)
    a("zoom_in", "Zoom &In", lambda: w.canvas.zoom_by(ZOOM_STEP), ["+", "=", std.ZoomIn])
    a("zoom_out", "Zoom &Out", lambda: w.canvas.zoom_by(1 / ZOOM_STEP), ["-", std.ZoomOut])
    a("fit_all", "&Fit All", w.canvas.fit_all, "Ctrl+0")
    a("zoom_selection", "Zoom to &Selection", w.zoom_to_selection, "Ctrl+Shift+S")
    a("go_to_date", "&Go to Date…", w.ask_go_to_date, "Ctrl+G")
    a("clear_filters", "&Clear Search and Filters", w.clear_filters, "Ctrl+Shift+F")
    a("previous", "&Previous Event", w.canvas.select_previous, "Left")
    a("next", "&Next Event", w.canvas.select_next, "Right")
    a("first", "&First Event", w.canvas.select_first, "Home")
    a("last", "&Last Event", w.canvas.select_last, "End")
    a("details", "Show &Details", w.show_details, "Ctrl+I")
    a("legend", "&Legend", w.show_legend, "F1")
    a("about", "&About", w.show_about)
    # Keys that also edit text (arrows, Home, End, Enter, + and -) act only
    # when the focus is in the views, never in the search box.
    central = w.splitter
    views_only = ("previous", "next", "first", "last", "zoom_in", "zoom_out")
    for name in (*views_only, "edit_event", "delete_event"):
        action = actions[name]
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        central.addAction(action)
    for name in ("zoom_selection", "details"):
        actions[name].setEnabled(False)
    return actions


def build_menus(w: MainWindow, acts: Mapping[str, QAction]) -> Menus:
    """The menu bar: File, Edit, View, Go, Help."""
    bar = w.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addAction(acts["new"])
    file_menu.addAction(acts["open"])
    recent_menu = file_menu.addMenu("Open &Recent")
    recent_menu.setObjectName("recent-menu")
    file_menu.addAction(acts["reload"])
    file_menu.addSeparator()
    file_menu.addAction(acts["save"])
    file_menu.addAction(acts["save_as"])
    file_menu.addSeparator()
    export_menu = file_menu.addMenu("&Export")
    for name in ("export_ics", "export_image", "export_pdf", "export_json", "export_csv"):
        export_menu.addAction(acts[name])
    export_menu.addSeparator()
    cancelled_menu = export_menu.addMenu("Cancelled &Events")
    cancelled_menu.addActions(list(w.exports.cancelled_actions.values()))
    if print_support():
        file_menu.addAction(acts["print"])
    file_menu.addSeparator()
    file_menu.addAction(acts["quit"])

    edit_menu = bar.addMenu("&Edit")
    edit_menu.addAction(acts["undo"])
    edit_menu.addAction(acts["redo"])
    edit_menu.addSeparator()
    edit_menu.addAction(acts["new_event"])
    edit_menu.addAction(acts["edit_event"])
    edit_menu.addAction(acts["delete_event"])

    view_menu = bar.addMenu("&View")
    for name in ("zoom_in", "zoom_out", "fit_all", "zoom_selection"):
        view_menu.addAction(acts[name])
    view_menu.addSeparator()
    zone_menu = view_menu.addMenu("Time &Zone")
    zone_menu.setObjectName("zone-menu")
    for choice in CHOICES:
        zone_menu.addAction(acts[f"zone_{choice}"])
    group_menu = view_menu.addMenu("&Group By")
    group_menu.setObjectName("group-menu")
    for key in ("none", *GROUP_KEYS):
        group_menu.addAction(acts[f"group_{key}"])
    view_menu.addSeparator()
    view_menu.addAction(acts["go_to_date"])
    view_menu.addSeparator()
    w.filters.add_find_actions(acts["find_previous"], acts["find_next"])
    view_menu.addAction(acts["find"])
    view_menu.addAction(acts["find_next"])
    view_menu.addAction(acts["find_previous"])
    view_menu.addAction(acts["clear_filters"])

    go_menu = bar.addMenu("&Go")
    for name in ("previous", "next", "first", "last"):
        go_menu.addAction(acts[name])
    go_menu.addSeparator()
    go_menu.addAction(acts["details"])

    help_menu = bar.addMenu("&Help")
    help_menu.addAction(acts["legend"])
    help_menu.addAction(acts["about"])
    return Menus(recent_menu, zone_menu, group_menu)
