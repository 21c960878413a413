"""Child processes of :mod:`benchmarks.run`: the viewer started from nothing, measured.

``python -m benchmarks._probe FILE`` imports the viewer, loads ``FILE``, shows the main
window (or, before the window lands, a bare canvas) on the offscreen platform, waits for
the first paint of the canvas and prints one JSON line:

``{"first_paint_s": ..., "first_paint_cpu_s": ..., "load_s": ..., "vm_rss_kb": ...,
"vm_hwm_kb": ..., "how": ...}``

``first_paint_s`` counts from the start of the process (``/proc/self/stat``) when that can be
read, else from the start of this module; ``first_paint_cpu_s`` is the CPU time of the whole
process (every thread) until then.

``python -m benchmarks._probe FILE --frames`` then paints the window's canvas at several
zooms around the middle of the timeline (:data:`ZOOMS`: all of it, a tenth, a year, a month,
a day, an hour), :data:`REPAINTS` times each with a small pan between, once the loader's
worker is idle, and adds ``frames``: per zoom the CPU milliseconds of the GUI thread
(``time.thread_time``) and the wall milliseconds of the first and the median repaint, the mode drawn
(``density`` or ``events``) and the events in view; and ``vm_hwm_after_kb``.
``--timeout=SECONDS`` (default 300): give up waiting for the first paint after that long.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

_T0 = time.perf_counter()

ZOOMS: tuple[tuple[str, float | None], ...] = (
    ("all", None),
    ("a tenth", 0.1),
    ("a year", 365 * 86400.0),
    ("a month", 30 * 86400.0),
    ("a day", 86400.0),
    ("an hour", 3600.0),
)
"""The spans the frames are measured at: a fraction of the whole, or seconds."""
REPAINTS = 9


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
    try:  # the process as the app sets it up (viewer.app.main): Arrow's allocator
        from timeline._arrow_pool import prefer_jemalloc
    except ImportError:  # pragma: no cover (a checkout from before it)
        pass
    else:
        prefer_jemalloc(os.environ)
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
        result["first_paint_cpu_s"] = time.process_time()
        result["events"] = len(canvas.timeline())
        result.update(memory_kb())
        if "--frames" in argv[1:]:
            loader = getattr(window, "loader", None)  # (the main window's)
            if loader is not None:  # the search texts are built on a worker after the paint
                loader().wait_idle(timeout)
            result["frames"] = frames(canvas)
            result["vm_hwm_after_kb"] = memory_kb().get("vm_hwm_kb", 0)
        app.quit()

    watcher = _FirstPaint()
    viewport.installEventFilter(watcher)
    window.show()
    timeout = next((float(a.split("=", 1)[1]) for a in argv if a.startswith("--timeout=")), 300)
    QTimer.singleShot(int(timeout * 1000), app.quit)
    app.exec()
    print(json.dumps(result), flush=True)
    settings_dir.cleanup()
    return 0 if "first_paint_s" in result else 1


def frames(canvas: Any) -> dict[str, dict[str, Any]]:
    """Repaint ``canvas`` at each of :data:`ZOOMS` around the middle; the times of each."""
    out: dict[str, dict[str, Any]] = {}
    viewport = canvas.viewport()
    lo, hi = canvas.visible_range()
    middle, whole = (lo + hi) / 2, hi - lo
    for name, span in ZOOMS:
        width = whole if span is None else span * whole if span < 1 else span
        cpu: list[float] = []
        wall: list[float] = []
        for k in range(REPAINTS):
            shift = width / 50 * (k % 3)  # a small pan between repaints
            canvas.set_visible_range(middle - width / 2 + shift, middle + width / 2 + shift)
            start, start_cpu = time.perf_counter(), time.thread_time()
            viewport.repaint()
            wall.append(time.perf_counter() - start)
            cpu.append(time.thread_time() - start_cpu)
        stats = canvas.frame_stats
        out[name] = {
            "first_cpu_ms": cpu[0] * 1e3,
            "first_ms": wall[0] * 1e3,
            "cpu_ms": statistics.median(cpu) * 1e3,
            "ms": statistics.median(wall) * 1e3,
            "mode": stats.mode,
            "in_view": canvas.visible_count(),
        }
    return out


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
