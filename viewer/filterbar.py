"""The window's search and filter bar: the search box and its matches, the tag and status filters.

The tag and status filters hide events everywhere; the search keeps the
event list to its matches and *highlights* them on the canvas, among the
events around them.  The bar says what it asks (:meth:`FilterBar.query`, which
:mod:`viewer.searching` answers by the library's one search rule), counts the
matches ("2 of 5") and steps through them (F3 / Shift+F3,
:class:`viewer.find.Matches`); the window applies the answer to its views and
the selection.

Typing is debounced (:data:`SEARCH_DELAY_MS`): a search runs once the typing
pauses, or at once on Enter.  While a search of a big timeline runs on a worker
the bar says "Searching…" and the previous answer stays shown.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QLineEdit, QToolBar, QWidget

from timeline.models import Status, Timeline
from viewer.details import TextLabel, isolate
from viewer.digest import digest_of
from viewer.find import Matches
from viewer.searchwork import Query
from viewer.text import plain_tooltip

__all__ = ["MAX_FILTER_LABEL", "SEARCH_DELAY_MS", "FilterBar"]

SEARCH_DELAY_MS: Final = 120
MAX_FILTER_LABEL: Final = 40
"""A tag longer than this is cut short in the tag filter (its full text is the tooltip)."""


class FilterBar(QToolBar):
    """Search box, match count with ▲ ▼, tag filter, status filter.

    :attr:`changed`: the filters or the search changed (the search once the
    typing pauses); :attr:`next_requested`: Enter in the search box when the
    search was already applied (go to the next match).
    """

    changed = Signal()
    next_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Search", parent)
        self.setObjectName("search-toolbar")
        self.setMovable(False)
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("Search (Ctrl+F)")
        self.search.setAccessibleName("Search events")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)
        self.tag_filter = QComboBox()
        self.tag_filter.setObjectName("tag-filter")
        self.tag_filter.setAccessibleName("Tag")
        self.tag_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("status-filter")
        self.status_filter.setAccessibleName("Status")
        self.fill(None)
        self.addWidget(self.search)
        self.match_label = TextLabel()
        self.match_label.setObjectName("search-matches")
        self.match_label.setAccessibleName("Search matches")
        self.match_label.setContentsMargins(6, 0, 6, 0)
        self._match_action = self.addWidget(self.match_label)  # shown while searching
        self._match_action.setVisible(False)
        self.pending_label = TextLabel("Searching…")
        self.pending_label.setObjectName("search-pending")
        self.pending_label.setAccessibleName("Search under way")
        self.pending_label.setContentsMargins(6, 0, 6, 0)
        self._pending_action = self.addWidget(self.pending_label)  # shown while one runs
        self._pending_action.setVisible(False)
        self._after_matches = self.addSeparator()
        self.addWidget(TextLabel(" Tag "))
        self.addWidget(self.tag_filter)
        self.addWidget(TextLabel(" Status "))
        self.addWidget(self.status_filter)
        self._find_actions: list[QAction] = []
        self.matches = Matches()
        """The search's matches (positions in the timeline) and the current one."""
        self._searched = ""

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.changed)
        self.search.textChanged.connect(self._timer.start)
        self.search.returnPressed.connect(self._on_return)
        self.tag_filter.currentIndexChanged.connect(self.changed)
        self.status_filter.currentIndexChanged.connect(self.changed)

    def add_find_actions(self, previous: QAction, following: QAction) -> None:
        """Find Previous and Find Next (▲ ▼) go beside the match count."""
        self._find_actions = [previous, following]
        self.insertActions(self._after_matches, self._find_actions)
        for action in self._find_actions:
            action.setEnabled(False)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def clear(self) -> None:
        """All tags, all statuses, no search (then :attr:`changed`)."""
        with QSignalBlocker(self.tag_filter), QSignalBlocker(self.status_filter):
            self.tag_filter.setCurrentIndex(0)
            self.status_filter.setCurrentIndex(0)
        self.search.clear()
        self.changed.emit()

    def fill(self, tl: Timeline | None) -> None:
        """The tags of ``tl`` (most used first, with counts) and its statuses; keeps the choice."""
        tag = self.tag_filter.currentData()
        status = self.status_filter.currentData()
        with QSignalBlocker(self.tag_filter), QSignalBlocker(self.status_filter):
            self.tag_filter.clear()
            self.tag_filter.addItem("All tags", None)
            digest = digest_of(tl) if tl is not None else None
            present = digest.statuses if digest is not None else frozenset()
            for t, count in digest.tags if digest is not None else ():  # as Timeline.tags()
                shown = t if len(t) <= MAX_FILTER_LABEL else t[: MAX_FILTER_LABEL - 1] + "…"
                self.tag_filter.addItem(f"{isolate(shown)} ({count})", t)
                if shown != t:
                    self.tag_filter.setItemData(
                        self.tag_filter.count() - 1, plain_tooltip(t), Qt.ItemDataRole.ToolTipRole
                    )
            index = self.tag_filter.findData(tag) if tag is not None else 0
            self.tag_filter.setCurrentIndex(max(index, 0))
            self.status_filter.clear()
            self.status_filter.addItem("All statuses", None)
            for s in Status:
                if s in present or s.value == status:
                    self.status_filter.addItem(s.value, s.value)
            index = self.status_filter.findData(status) if status is not None else 0
            self.status_filter.setCurrentIndex(max(index, 0))

    def asked(self) -> Query:
        """:meth:`query`, being applied now (a search waiting for the typing to pause is
        not run again)."""
        self._timer.stop()
        return self.query()

    def query(self) -> Query:
        """What the bar asks now: the search box's text, the tag and the status chosen."""
        tag = self.tag_filter.currentData()
        status = self.status_filter.currentData()
        return Query(
            self.search.text(),
            None if tag is None else str(tag),
            None if status is None else str(status),
        )

    def show_matches(
        self, matches: Matches, words: str, selected: int | None, *, loaded: bool
    ) -> bool:
        """The search for ``words`` (case-folded; "": none) found ``matches``; count them
        (``selected``: the selected event's position; ``loaded``: a timeline is shown).

        True for a new search that matches something (the window then selects its first
        match).
        """
        new_search = words != self._searched
        self._searched = words
        self.matches = matches if loaded and words else Matches()
        self.follow(selected, loaded=loaded)
        return new_search and bool(len(self.matches))

    def set_pending(self, pending: bool) -> None:
        """Say that a search is under way (its answer not shown yet), or no longer."""
        self._pending_action.setVisible(pending)

    def pending(self) -> bool:
        """Whether the bar says that a search is under way ("Searching…")."""
        return self._pending_action.isVisible()

    def searching(self) -> bool:
        """Whether a search is applied (its matches highlighted)."""
        return bool(self._searched)

    def follow(self, selected: int | None, *, loaded: bool) -> None:
        """The selected event (its position) is the current match if it is one; the count shown.

        (``loaded``: a timeline is shown; else no count.)
        """
        self.matches = self.matches.at(selected)
        shown = loaded and bool(self._searched)
        self.match_label.setText(self.matches.label() if shown else "")
        self._match_action.setVisible(shown)
        for action in self._find_actions:
            action.setEnabled(bool(len(self.matches)))

    def step(self, direction: int, selected: int | None, *, first: bool = False) -> int | None:
        """The position of the match after (``+1``) or before (``-1``) ``selected``.

        (``first``: the first match.)  ``None`` when nothing matches.
        """
        if not len(self.matches):
            return None
        matches = self.matches.first() if first else self.matches.step(direction, selected)
        return matches.current_position()

    def _on_return(self) -> None:
        """Enter in the search box: the search now (its first match), else the next match."""
        pending = self._timer.isActive()
        self.changed.emit()
        if not pending:
            self.next_requested.emit()
