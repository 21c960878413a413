"""The ``timeline-viewer`` command: open a timeline file in the desktop viewer."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["bundled_events_path", "main", "parse_args"]

ORGANIZATION = "timeline"
APPLICATION = "Timeline Viewer"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="timeline-viewer",
        description=(
            "Show a timeline file (TOML, see docs/format.md) in a desktop window. "
            "The window reloads the file whenever it changes on disk."
        ),
        epilog=(
            "Without FILE, the file shown last is opened again, or else the "
            "timeline bundled with the package."
        ),
    )
    parser.add_argument("file", metavar="FILE", nargs="?", help="the timeline file to open")
    return parser.parse_args(argv)


def bundled_events_path() -> Path:
    """The events file shipped with the package (the repository's in a checkout)."""
    from timeline.resources import bundled_events_path as library_path

    return library_path()


def main(argv: list[str] | None = None) -> int:
    """Run the viewer; returns the exit status."""
    args = parse_args(sys.argv[1:] if argv is None else argv)

    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from viewer.window import MainWindow

    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else "timeline-viewer"])
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QApplication.setApplicationDisplayName(APPLICATION)

    window = MainWindow()
    if args.file:
        path = Path(args.file)
    else:
        last = window.last_file()
        path = Path(last) if last and Path(last).is_file() else bundled_events_path()
    window.open_file(path)
    window.show()
    try:
        return int(app.exec())
    finally:
        window.close()
        window.deleteLater()
