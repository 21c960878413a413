"""The window's actions and menus: each action's name, text and keys, and where it stands.

:data:`ACTIONS` lists the window's own actions by name (tests and the window
find them by it: ``window.action("open")``); what each does is the window's
to say (:func:`build_actions` takes a slot for each name).  The window's
controllers bring their own (Undo and Redo here from the undo stack, the
cancelled-events, time zone and grouping choices from theirs), and
:func:`build_menus` lays them all out in the menu bar.  Keys that also edit
text (arrows, Home, End, Enter, + and -) act only when the focus is in the
views, never in the search box.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Final, NamedTuple, Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

from viewer.canvas import ZOOM_STEP, TimelineCanvas
from viewer.clock import CHOICES
from viewer.exporting import CANCELLED_MODES
from viewer.groups import GROUP_KEYS
from viewer.printing import print_support

__all__ = [
    "ACTIONS",
    "Key",
    "Menus",
    "build_actions",
    "build_menus",
    "canvas_slots",
    "make_action",
    "undo_actions",
]

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


STD = QKeySequence.StandardKey

ACTIONS: Final[tuple[tuple[str, str, Key | Sequence[Key] | None, str | None], ...]] = (
    ("open", "&Open…", STD.Open, "Open a timeline file"),
    (
        "open_folder",
        "Open &Folder…",
        "Ctrl+Shift+O",
        "Open a partitioned Parquet dataset (a folder)",
    ),
    ("reload", "&Reload", "Ctrl+R", "Load the file again"),
    ("new", "&New", "Ctrl+Shift+N", "Start a new, empty timeline"),  # Ctrl+N: New Event
    ("save", "&Save", STD.Save, "Save the changes into the file"),
    ("save_as", "Save &As…", STD.SaveAs, None),
    ("export_ics", "&iCalendar…", "Ctrl+E", None),
    ("export_image", "I&mage (PNG/SVG)…", None, None),
    ("export_pdf", "&PDF…", None, None),
    ("export_json", "&TimelineJS JSON…", None, None),
    ("export_csv", "&CSV…", None, None),
    ("print", "&Print…", STD.Print, None),
    ("quit", "&Quit", STD.Quit, None),
    ("find", "&Find…", STD.Find, None),
    ("find_next", "Find &Next", "F3", "Select the next search match"),
    ("find_previous", "Find Pre&vious", "Shift+F3", None),
    ("zoom_in", "Zoom &In", ["+", "=", STD.ZoomIn], None),
    ("zoom_out", "Zoom &Out", ["-", STD.ZoomOut], None),
    ("fit_all", "&Fit All", "Ctrl+0", None),
    ("zoom_selection", "Zoom to &Selection", "Ctrl+Shift+S", None),
    ("go_to_date", "&Go to Date…", "Ctrl+G", None),
    ("clear_filters", "&Clear Search and Filters", "Ctrl+Shift+F", None),
    ("previous", "&Previous Event", "Left", None),
    ("next", "&Next Event", "Right", None),
    ("first", "&First Event", "Home", None),
    ("last", "&Last Event", "End", None),
    ("details", "Show &Details", "Ctrl+I", None),
    ("legend", "&Legend", "F1", None),
    ("about", "&About", None, None),
)
"""The window's own actions: name, menu text, keys, status tip.  What each does is the window's."""

FIND_BUTTONS: Final = {
    "find_previous": ("▲", "Previous match (Shift+F3)"),
    "find_next": ("▼", "Next match (F3)"),
}
"""Find Previous and Find Next as buttons of the search bar: their text and tooltip."""

VIEW_KEYS: Final = (
    "previous",
    "next",
    "first",
    "last",
    "zoom_in",
    "zoom_out",
    "edit_event",
    "delete_event",
)
"""Actions whose keys also edit text (arrows, Home, End, + and -, Enter, Del): they act only
when the focus is in the views, never in the search box."""


class UndoSteps(Protocol):
    """What Undo and Redo do (:class:`viewer.changeaway.ChangeAway`: a big change's step is
    taken on a worker)."""

    def undo(self) -> None: ...
    def redo(self) -> None: ...


def undo_actions(parent: QObject, stack: QUndoStack, steps: UndoSteps) -> dict[str, QAction]:
    """Edit ▸ Undo and Redo, named after the change they undo or redo (the stack's), doing
    ``steps``' ``undo`` and ``redo``."""
    actions: dict[str, QAction] = {}
    for name, make, slot, key in (
        ("undo", stack.createUndoAction, steps.undo, "Ctrl+Z"),
        ("redo", stack.createRedoAction, steps.redo, "Ctrl+Shift+Z"),
    ):
        action = make(parent, f"&{name.capitalize()}")
        action.setObjectName(name)
        action.triggered.disconnect()  # (from the stack's own step)
        action.triggered.connect(slot)
        keys = [QKeySequence(key), *QKeySequence.keyBindings(getattr(STD, name.capitalize()))]
        action.setShortcuts(list({k.toString(): k for k in keys}.values()))
        actions[name] = action
    return actions


def canvas_slots(canvas: TimelineCanvas) -> dict[str, Callable[[], object]]:
    """What the actions that steer the canvas do: zoom, fit, and stepping through events."""
    return {
        "zoom_in": lambda: canvas.zoom_by(ZOOM_STEP),
        "zoom_out": lambda: canvas.zoom_by(1 / ZOOM_STEP),
        "fit_all": canvas.fit_all,
        "previous": canvas.select_previous,
        "next": canvas.select_next,
        "first": canvas.select_first,
        "last": canvas.select_last,
    }


def build_actions(
    parent: QObject,
    slots: Mapping[str, Callable[[], object]],
    views: QWidget,
    others: Mapping[str, QAction],
) -> dict[str, QAction]:
    """The actions of :data:`ACTIONS`, each running its slot, and the controllers' ``others``.

    The view keys act in ``views`` only.
    """
    actions = {
        name: make_action(parent, name, text, slots[name], keys, tip=tip)
        for name, text, keys, tip in ACTIONS
    }
    actions.update(others)
    for name, (short, tip) in FIND_BUTTONS.items():
        actions[name].setIconText(short)
        actions[name].setToolTip(tip)
    for name in VIEW_KEYS:
        action = actions[name]
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        views.addAction(action)
    for name in ("zoom_selection", "details"):  # until something is selected
        actions[name].setEnabled(False)
    return actions


def build_menus(bar: QMenuBar, acts: Mapping[str, QAction]) -> Menus:
    """The menu bar: File, Edit, View, Go, Help."""
    file_menu = bar.addMenu("&File")
    file_menu.addAction(acts["new"])
    file_menu.addAction(acts["open"])
    file_menu.addAction(acts["open_folder"])
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
    for mode in CANCELLED_MODES:
        cancelled_menu.addAction(acts[f"cancelled_{mode}"])
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
    edit_menu.addAction(acts["new_era"])
    edit_menu.addSeparator()
    edit_menu.addAction(acts["sources"])

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
    view_menu.addAction(acts["all_links"])
    view_menu.addSeparator()
    view_menu.addAction(acts["go_to_date"])
    view_menu.addSeparator()
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
