"""Make the README's pictures with the viewer itself.

``uv run python scripts/screenshot.py`` opens ``data/events.toml`` in the main
window (offscreen, with throw-away settings), selects
``operation-safe-city`` so that the details panel shows its disagreeing
sources, and writes:

* ``docs/screenshot.png`` — the whole window (``MainWindow.grab()``);
* ``docs/timeline.png`` — the whole timeline, through the viewer's own image
  export (``Printing.export_image``, i.e. ``TimelineCanvas.render_image``).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SELECTED = "operation-safe-city"
SIZE = (1600, 1000)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=ROOT / "data" / "events.toml")
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--event", default=SELECTED, help="the event to select")
    parser.add_argument(
        "--around",
        default="",
        help="the time range the window shows (EDTF interval; default: the first view)",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication, QLabel

    from viewer.window import MainWindow

    app = QApplication.instance() or QApplication(["timeline-screenshot"])
    with tempfile.TemporaryDirectory(prefix="timeline-screenshot-") as scratch:
        settings = QSettings(str(Path(scratch) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings=settings)
        window.resize(*SIZE)
        window.show()

        loop = QEventLoop()
        window.timeline_changed.connect(loop.quit)
        window.loader().failed.connect(loop.quit)
        window.loader().missing.connect(loop.quit)
        QTimer.singleShot(120_000, loop.quit)
        window.open_file(args.file)
        loop.exec()
        tl = window.timeline()
        if tl is None:
            print(f"could not load {args.file}:\n{window.banner.text()}", file=sys.stderr)
            return 1
        if args.event not in tl:
            print(f"{args.file} has no event {args.event!r}", file=sys.stderr)
            return 1
        first_view = window.canvas.visible_range()
        window.canvas.fit_all()
        args.out.mkdir(parents=True, exist_ok=True)
        image = args.out / "timeline.png"
        if not window.printing.export_image(str(image)):  # before selecting: no highlight in it
            print(f"could not write {image}", file=sys.stderr)
            return 1

        window.statusBar().clearMessage()  # "Saved the image to <a local path>"
        window.select_event(args.event)
        # the window shows what it opens on (where the events are), or --around
        from timeline import When

        start, end = first_view
        if args.around:
            start, end = When.parse(args.around).lower, When.parse(args.around).upper
        window.canvas.set_visible_range(start, end)
        for _ in range(3):  # let layouts and the canvas settle
            app.processEvents()
        # show the source that disagrees with the record
        differs = window.details.findChild(QLabel, "reported-differs")
        if differs is not None:
            window.details.ensureWidgetVisible(differs, 0, 120)
            app.processEvents()
        shot = args.out / "screenshot.png"
        if not window.grab().save(str(shot), "PNG"):
            print(f"could not write {shot}", file=sys.stderr)
            return 1
        for path in (shot, image):
            print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
