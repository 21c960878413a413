"""The window's status bar: the busy indicator, the clock times are shown on, the event count."""

from __future__ import annotations

from typing import Final

from PySide6.QtWidgets import QStatusBar

from viewer.busy import BusyBar
from viewer.details import TextLabel

__all__ = ["GAP_PX", "StatusLine"]

GAP_PX: Final = 16
"""Room before each label, so "times: UTC" and "showing 3 of 15 events" never run together."""


class StatusLine:
    """The permanent widgets of ``bar``: busy, "times: UTC", "showing 3 of 15 events"."""

    def __init__(self, bar: QStatusBar) -> None:
        self.busy = BusyBar()
        self.zone_label = TextLabel()
        self.zone_label.setObjectName("time-zone")
        self.count_label = TextLabel()
        self.count_label.setObjectName("event-count")
        for label in (self.zone_label, self.count_label):
            label.setContentsMargins(GAP_PX, 0, 0, 0)
        for widget in (self.busy, self.zone_label, self.count_label):
            bar.addPermanentWidget(widget)

    def show_count(self, shown: int, total: int) -> None:
        """``shown`` of ``total`` events pass the filters."""
        noun = "event" if total == 1 else "events"
        self.count_label.setText(f"showing {shown:,} of {total:,} {noun}")

    def show_no_count(self) -> None:
        """No timeline is shown (none opened yet, one loading, or one that failed): no count,
        rather than "showing 0 of 0 events", which reads as an empty timeline."""
        self.count_label.clear()

    def show_zone(self, zone: str | None) -> None:
        """Times are shown on the clock of ``zone`` (``None``: each event's own)."""
        self.zone_label.setText(f"times: {zone or 'each in its own zone'}")
