"""The viewer's search and filters at a size: what the GUI thread spends on each, measured.

``python -m benchmarks.searchprobe FILE`` opens ``FILE`` in the main window (offscreen), waits
for the loader's worker, then applies searches and filters as the filter bar does once the
typing pauses: a word of the middle event's title, its first three letters, a word found
nowhere, a tag, the tag with the word, a status, and clearing them.  Each twice in one
process: searched on the GUI thread (``gui``: as every search was before issue 15's worker)
and on the worker (``worker``: the window's own choice at this size), the one after the
other, every case changing what the one before it applied.  One JSON
line per case: the GUI thread's CPU seconds (``time.thread_time``) from the change until
its answer is shown, the process's CPU, the wall time, the GUI thread's longest stall (the
lateness of a 5 ms timer; on a loaded machine it counts the waits for a core too) and what
the status bar then says.  Memory is the caller's to cap (``prlimit --as=...``).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from viewer.digest import digest_of
    from viewer.window import MainWindow

    folder = tempfile.TemporaryDirectory(prefix="timeline-searchprobe-")
    settings = QSettings(str(Path(folder.name) / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings)
    window.resize(1600, 900)
    window.show()
    loop = QEventLoop()
    window.timeline_changed.connect(loop.quit)
    window.open_file(argv[0])
    loop.exec()
    while not window.loader().wait_idle(0.05):  # (the search prepared once the first frame
        app.processEvents()  # is painted: the events are let through meanwhile)
    tl = window.timeline()
    assert tl is not None
    n = len(tl)
    word = tl.events[n // 2].title.split()[0].upper()
    tag = digest_of(tl).tags[0][0]
    searching, filters = window.searching, window.filters
    worst = [0.0, 0.0]  # the longest gap between ticks, the last tick

    def tick() -> None:
        now = time.perf_counter()
        worst[0] = max(worst[0], now - worst[1])
        worst[1] = now

    ticker = QTimer()
    ticker.setInterval(5)
    ticker.timeout.connect(tick)

    def typed(text: str) -> Callable[[], None]:
        def act() -> None:
            window.search.setText(text)
            searching.apply()  # (the typing paused)

        return act

    def tagged(value: str | None) -> Callable[[], None]:
        return lambda: window.tag_filter.setCurrentIndex(max(0, window.tag_filter.findData(value)))

    def status(value: str | None) -> Callable[[], None]:
        return lambda: window.status_filter.setCurrentIndex(
            max(0, window.status_filter.findData(value))
        )

    cases: list[tuple[str, Callable[[], None]]] = [
        (f"search {word!r}", typed(word)),
        (f"search {word[:3]!r}", typed(word[:3])),
        ("search 'zzzzqq'", typed("zzzzqq")),
        ("search cleared", typed("")),
        (f"tag {tag!r}", tagged(tag)),
        (f"tag and search {word!r}", typed(word)),
        ("tag cleared", tagged(None)),
        ("status 'happened'", status("happened")),
        ("clear all", filters.clear),
    ]
    for mode in ("gui", "worker"):
        searching.on_worker_from = n + 1 if mode == "gui" else 0
        for name, act in cases:
            done = QEventLoop()
            searching.applied.connect(done.quit)
            worst[:] = [0.0, time.perf_counter()]
            ticker.start()
            thread, process, wall = time.thread_time(), time.process_time(), time.perf_counter()
            act()
            if searching.jobs.busy():
                done.exec()
            result: dict[str, Any] = {
                "events": n,
                "mode": mode,
                "case": name,
                "gui_cpu_s": round(time.thread_time() - thread, 4),
                "process_cpu_s": round(time.process_time() - process, 4),
                "wall_s": round(time.perf_counter() - wall, 4),
            }
            app.processEvents()
            ticker.stop()
            searching.applied.disconnect(done.quit)
            result["longest_stall_ms"] = round(worst[0] * 1000)
            result["status"] = window.status_text()
            result["matches"] = window.match_label.text()
            print(json.dumps(result), flush=True)
    window.close()
    folder.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
