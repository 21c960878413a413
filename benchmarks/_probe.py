"""Child processes of :mod:`benchmarks.run`: the viewer started from nothing, measured.

``python -m benchmarks._probe FILE`` imports the viewer, loads ``FILE``, shows the main
window (or, before the window lands, a bare canvas) on the offscreen platform, waits for
the first paint of the canvas and prints one JSON line:

``{"first_paint_s": ..., "load_s": ..., "vm_rss_kb": ..., "vm_hwm_kb": ..., "how": ...}``

``first_paint_s`` counts from the start of the process (``/proc/self/stat``) when that can be
read, else from the start of this module.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

_T0 = time.perf_counter()


def process_age_s() -> float | None:
    """Seconds since this process started, from ``/proc`` (``None`` if not readable)."""
    try:
        stat = Path("/proc/self/stat").read_text()
        ticks = int(stat.rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return uptime - ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def memory_kb() -> dict[str, int]:
    """VmRSS and VmHWM of this process, in kB (empty if ``/proc`` is not there)."""
    found: dict[str, int] = {}
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                found["vm_rss_kb" if key == "VmRSS" else "vm_hwm_kb"] = int(rest.split()[0])
    except OSError:
        pass
    return found


_AGE0 = process_age_s()


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    path = Path(argv[0])
    from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication.instance() or QApplication([])
    result: dict[str, Any] = {}
    window: QWidget
    canvas: Any
    settings_dir = tempfile.TemporaryDirectory(prefix="timeline-probe-")
    try:
        from viewer.window import MainWindow

        settings = QSettings(str(Path(settings_dir.name) / "s.ini"), QSettings.Format.IniFormat)
        main_window = MainWindow(settings=settings)
        canvas = _find_canvas(main_window)
    except Exception as exc:
        # the window is not there (or broken): load here and show a bare canvas
        import timeline
        from viewer.canvas import TimelineCanvas

        result["how"] = f"TimelineCanvas loaded by the probe (MainWindow: {exc!r})"[:300]
        t_load = time.perf_counter()
        tl = timeline.load(path, pause_gc=True)  # as the viewer loads
        result["load_s"] = time.perf_counter() - t_load
        canvas = TimelineCanvas()
        canvas.set_timeline(tl)
        window = canvas

        def loaded() -> bool:
            return True
    else:
        result["how"] = "MainWindow.open_file (background load), first paint with events"
        window = main_window
        main_window.open_file(path)

        def loaded() -> bool:
            return main_window.timeline() is not None and canvas.timeline() is not None

    window.resize(1600, 900)
    viewport: QWidget = canvas.viewport()

    class _FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and loaded() and "first_paint_s" not in result:
                QTimer.singleShot(0, _finish)  # after this paint is done
            return False

    def _finish() -> None:
        if "first_paint_s" in result:
            return
        result["first_paint_s"] = time.perf_counter() - _T0 + (_AGE0 or 0.0)
        result["events"] = len(canvas.timeline())
        result.update(memory_kb())
        app.quit()

    watcher = _FirstPaint()
    viewport.installEventFilter(watcher)
    window.show()
    QTimer.singleShot(300_000, app.quit)
    app.exec()
    print(json.dumps(result), flush=True)
    settings_dir.cleanup()
    return 0 if "first_paint_s" in result else 1


def _find_canvas(window: Any) -> Any:
    """The main window's timeline canvas: an attribute, else a child of that class."""
    from viewer.canvas import TimelineCanvas

    for name in ("canvas", "_canvas", "timeline_canvas"):
        candidate = getattr(window, name, None)
        if isinstance(candidate, TimelineCanvas):
            return candidate
    found = window.findChild(TimelineCanvas)
    if found is None:
        raise ImportError("MainWindow has no TimelineCanvas")
    return found


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
