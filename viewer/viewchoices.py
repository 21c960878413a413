"""The View menu's remembered choices applied to a window's views: Time Zone, Group By, links.

:class:`ViewChoices` is a window-level controller: it owns the choices
(:mod:`viewer.choices`), remembers them in the window's state and applies
them: the clock every view shows times on (and the status bar names), the
canvas's rows by group, and whether the canvas draws every link in view.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from timeline.models import Timeline
from viewer.choices import GroupChoice, ZoneChoice, remembered_toggle
from viewer.statusline import StatusLine
from viewer.views import Views
from viewer.windowstate import WindowState

__all__ = ["ViewChoices"]


class ViewChoices(QObject):
    """View ▸ Time Zone, View ▸ Group By and View ▸ Show All Links of one window."""

    def __init__(
        self,
        parent: QObject,
        state: WindowState,
        views: Views,
        status: StatusLine,
        *,
        system_zone: str | None,
    ) -> None:
        super().__init__(parent)
        self._views = views
        self._status = status
        canvas = views.canvas
        self.zones = ZoneChoice(
            parent, state.zone_choice(), remember=state.set_zone_choice, system_zone=system_zone
        )
        """View ▸ Time Zone (:class:`viewer.choices.ZoneChoice`)."""
        self.zones.chosen.connect(lambda _choice: self._apply_zone())
        self.groupings = GroupChoice(parent, state.group_by(), remember=state.set_group_by)
        """View ▸ Group By: rows by group, each a labelled band with its own lanes."""
        self.groupings.grouped.connect(canvas.set_group_by)
        self.all_links = remembered_toggle(
            parent, "all_links", "Show All &Links", state.all_links(), remember=state.set_all_links
        )
        """View ▸ Show All Links: every link in view, faint (else the selected event's only)."""
        self.all_links.toggled.connect(canvas.set_all_links)
        canvas.set_all_links(self.all_links.isChecked())
        self.groupings.set(self.groupings.value())
        self.actions: dict[str, QAction] = {
            **self.zones.actions,
            **self.groupings.actions,
            "all_links": self.all_links,
        }
        """Their actions by name (``zone_utc``, ``group_tag``, ``all_links``...)."""

    def display_zone(self) -> str | None:
        """The zone times are shown in (``None``: each event's own zone)."""
        tl = self._views.timeline
        return self.zones.zone(tl.tz if tl is not None else None)

    def zone_for(self, tl: Timeline) -> str | None:
        """The zone to show ``tl`` in: its entries named for its zone, the status bar says it."""
        self.zones.label_for(tl.tz)
        zone = self.zones.zone(tl.tz)
        self._status.show_zone(zone)
        return zone

    def _apply_zone(self) -> None:
        """Every view shows times in the display zone."""
        zone = self.display_zone()
        self._views.set_zone(zone)
        self._status.show_zone(zone)
