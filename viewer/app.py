"""The ``timeline-viewer`` command: open a timeline file in the desktop viewer.

For measurements, ``TIMELINE_VIEWER_EXIT_AFTER_FIRST_PAINT=1`` in the
environment (or the hidden ``--exit-after-first-paint`` flag) makes the viewer
quit as soon as the timeline canvas has painted its first frame with the file's
events, after printing to stderr how long that took since the process started
(``benchmarks/run.py`` times launches with it).  Such a run neither reads nor
writes the user's settings, so every launch starts from the same state, and,
started as a command, it ends without the interpreter's teardown.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final

from timeline import __version__
from timeline._arrow_pool import prefer_jemalloc
from timeline.dataset import is_dataset
from viewer.startup import display_problem, missing_qt

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from viewer.window import MainWindow

__all__ = [
    "EXIT_AFTER_FIRST_PAINT_ENV",
    "bundled_events_path",
    "main",
    "parse_args",
    "seconds_since_start",
]

ORGANIZATION = "timeline"
APPLICATION = "Timeline Viewer"
EXIT_AFTER_FIRST_PAINT_ENV: Final = "TIMELINE_VIEWER_EXIT_AFTER_FIRST_PAINT"

_IMPORTED_AT: Final = time.perf_counter()


def _process_age_at_import() -> float | None:
    """Seconds between the start of this process and now, from ``/proc`` (Linux only)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        with open("/proc/uptime", encoding="ascii") as uptime:
            up = float(uptime.read().split()[0])
        return max(0.0, up - int(fields[19]) / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return None


_AGE_AT_IMPORT: Final = _process_age_at_import()


def seconds_since_start() -> tuple[float, str]:
    """How long this process has run, and from when that is counted.

    The process start time comes from ``/proc/self/stat`` (clock ticks, so to
    about 10 ms); without ``/proc`` it counts from the import of this module.
    """
    since_import = time.perf_counter() - _IMPORTED_AT
    if _AGE_AT_IMPORT is not None:
        return _AGE_AT_IMPORT + since_import, "process start"
    return since_import, "import of viewer.app"


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
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {__version__}",
        help="print the version and exit",
    )
    parser.add_argument(
        "--exit-after-first-paint", action="store_true", help=argparse.SUPPRESS
    )  # for benchmarks; also TIMELINE_VIEWER_EXIT_AFTER_FIRST_PAINT=1
    return parser.parse_args(argv)


def bundled_events_path() -> Path:
    """The events file shipped with the package (the repository's in a checkout)."""
    from timeline.resources import bundled_events_path as library_path

    return library_path()


def _exit_after_first_paint_requested(args: argparse.Namespace) -> bool:
    value = os.environ.get(EXIT_AFTER_FIRST_PAINT_ENV, "").strip().lower()
    return bool(args.exit_after_first_paint) or value not in ("", "0", "false", "no")


def _exit_after_first_paint(app: QApplication, window: MainWindow) -> None:
    """Quit once the canvas has painted a frame of the loaded file; report the time.

    A file that fails to load never paints one: the run then stops with
    status 1 and the problems on stderr.
    """
    from PySide6.QtCore import QEvent, QObject, QTimer

    done = False

    def finish() -> None:
        nonlocal done
        if done:
            return
        done = True
        elapsed, since = seconds_since_start()
        tl = window.timeline()
        count = len(tl) if tl is not None else 0
        print(
            f"timeline-viewer: first frame with {count} events painted "
            f"{elapsed:.3f} s after {since} (first_paint_s={elapsed:.6f})",
            file=sys.stderr,
            flush=True,
        )
        app.exit(0)

    def fail(*_args: object) -> None:
        nonlocal done
        if done:
            return
        done = True
        print(f"timeline-viewer: no frame painted:\n{window.banner.text()}", file=sys.stderr)
        app.exit(1)

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (
                event.type() == QEvent.Type.Paint
                and window.timeline() is not None
                and window.canvas.timeline() is window.timeline()
            ):
                QTimer.singleShot(0, finish)  # once this paint is over
            return False

    watcher = FirstPaint(window)
    window.canvas.viewport().installEventFilter(watcher)
    # the banner is filled in the same slot, so read it after the slot
    window.loader().failed.connect(lambda *_: QTimer.singleShot(0, fail))
    window.loader().missing.connect(lambda *_: QTimer.singleShot(0, fail))


def main(argv: list[str] | None = None) -> int:
    """Run the viewer; returns the exit status."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    measure = _exit_after_first_paint_requested(args)
    prefer_jemalloc(os.environ)  # (Arrow's allocator: before pyarrow is first used)

    try:
        from PySide6.QtCore import QCoreApplication, QSettings
        from PySide6.QtWidgets import QApplication

        from viewer.collector import GuiCollector
        from viewer.window import MainWindow
    except ImportError as error:
        print(missing_qt(error), file=sys.stderr)
        return 1
    from viewer.clock import system_zone

    app = QApplication.instance()
    if app is None:
        problem = display_problem(os.environ)
        if problem is not None:  # Qt would abort the process, with a misleading message
            print(problem, file=sys.stderr)
            return 1
        app = QApplication([sys.argv[0] if sys.argv else "timeline-viewer"])
    assert isinstance(app, QApplication)
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QApplication.setApplicationDisplayName(APPLICATION)

    scratch = tempfile.TemporaryDirectory(prefix="timeline-viewer-") if measure else None
    settings = (
        QSettings(str(Path(scratch.name) / "settings.ini"), QSettings.Format.IniFormat)
        if scratch is not None
        else None
    )
    collector = GuiCollector(app)  # (cyclic garbage collected on this thread only)
    collector.start()
    window = MainWindow(settings=settings, system_zone=system_zone(os.environ))
    if measure:
        _exit_after_first_paint(app, window)
    if args.file:
        path = Path(args.file)
    else:
        last = window.last_file()
        again = last is not None and (Path(last).is_file() or is_dataset(last))
        path = Path(last) if last is not None and again else bundled_events_path()
    window.open_file(path)
    window.show()
    try:
        status = int(app.exec())
    finally:
        window.close()
        window.deleteLater()
        collector.stop()
        if scratch is not None:
            scratch.cleanup()
    if measure and argv is None:
        # A measuring run from the command line has nothing left to save: skip
        # the interpreter's teardown (about 3 s with 100,000 events), which
        # would otherwise count in the benchmark's wall time.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    return status
