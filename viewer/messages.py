"""The window's message boxes: plain text, not blocking, deleted when closed."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

__all__ = [
    "APP_NAME",
    "about",
    "message",
    "no_events_text",
    "warning",
    "window_title",
    "with_notes",
]

APP_NAME: Final = "Timeline Viewer"


def window_title(title: str, file_name: str | None) -> str:
    """The window's title: the timeline's title, the file's name, the application.

    ``[*]`` marks where Qt shows unsaved changes (after the file's name, else
    the first part).
    """
    parts = [part for part in (title, f"{file_name}[*]" if file_name else "") if part]
    parts.append(APP_NAME)
    if not file_name:
        parts[0] += "[*]"
    return " — ".join(parts)


def no_events_text(path: Path | None) -> str:
    """What the canvas says over a timeline with no events (from ``path``, if any)."""
    return (
        f"{path.name if path else 'This timeline'} has no events yet: "
        "double-click here or use Edit ▸ New Event (Ctrl+N) to add one."
    )


def with_notes(done: str, notes: Sequence[str]) -> str:
    """What a box says when ``done`` (``"Exported to out.ics"``) came with ``notes`` (what
    the library noted: :func:`timeline.noted`), one to a line."""
    return "\n".join([f"{done}, with notes:", "", *(f"• {note}" for note in notes)])


def message(parent: QWidget, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    """Open a box saying ``text`` (plain text) over ``parent``; returns it."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def warning(parent: QWidget, title: str, text: str) -> QMessageBox:
    """An error or a warning over ``parent``."""
    return message(parent, QMessageBox.Icon.Warning, title, text)


def about(parent: QWidget) -> QMessageBox:
    """Help ▸ About."""
    text = (
        f"{APP_NAME}\n\nTimelines of dated events with honest (EDTF) dates: "
        "every date at the precision it is known, with the sources that give it."
    )
    return message(parent, QMessageBox.Icon.Information, f"About {APP_NAME}", text)
