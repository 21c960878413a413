"""Print and picture exports of the window: File ▸ Print, File ▸ Export ▸ Image and PDF.

A window-level controller: the window keeps the menu wiring and hands this the
canvas and its ways to ask for a file name, to report an error and to say what
happened in the status bar.  The drawing itself is the canvas's
(:mod:`viewer.export_image`, :mod:`viewer.paged`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtWidgets import QDialog, QWidget

from timeline._atomic import atomic_write
from timeline.errors import TimelineError

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from viewer.canvas import TimelineCanvas

__all__ = ["Printing", "print_support"]

AskPath = Callable[[str, str, str], tuple[str, str]]
"""Ask for a file name: ``(title, suffix, filters) -> (chosen, selected filter)``."""


class Printing:
    """Print the timeline and save it as a picture (PNG or SVG) or a PDF."""

    def __init__(
        self,
        parent: QWidget,
        canvas: TimelineCanvas,
        ask_path: AskPath,
        error: Callable[[str, str], object],
        status: Callable[[str, int], None],
    ) -> None:
        self._parent = parent
        self._canvas = canvas
        self._ask_path = ask_path
        self._error = error
        self._status = status

    def slots(self) -> dict[str, Callable[[], object]]:
        """What File ▸ Export ▸ Image and PDF and File ▸ Print do (by action name)."""
        return {
            "export_image": self.choose_image,
            "export_pdf": self.choose_pdf,
            "print": self.print_timeline,
        }

    def choose_image(self) -> None:
        """Ask where to save the picture (PNG or SVG), then save it."""
        if self._canvas.timeline() is None:
            self._error("Nothing to export", "No timeline is loaded.")
            return
        chosen, selected = self._ask_path(
            "Export Image", "png", "PNG image (*.png);;SVG image (*.svg)"
        )
        if not chosen:
            return
        suffix = Path(chosen).suffix.lower()
        if suffix not in (".png", ".svg"):
            chosen += ".svg" if "svg" in selected.lower() else ".png"
        self.export_image(chosen)

    def export_image(self, path: str) -> bool:
        """Save the whole timeline as a picture (PNG or SVG by the file's suffix)."""
        try:
            if Path(path).suffix.lower() == ".svg":
                self._canvas.render_svg(path)
            else:
                image = self._canvas.render_image()
                data = QByteArray()
                buffer = QBuffer(data)
                buffer.open(QIODevice.OpenModeFlag.WriteOnly)
                # PySide6 wants str here, whatever its stubs say
                if image.isNull() or not image.save(buffer, "PNG"):  # type: ignore[call-overload]
                    raise OSError("could not encode the image")
                buffer.close()
                atomic_write(path, bytes(data.data()))
        except (OSError, TimelineError, RuntimeError) as exc:
            self._error("Export failed", f"Could not save the image to {path}:\n{exc}")
            return False
        self._status(f"Saved the image to {path}", 6000)
        return True

    def choose_pdf(self) -> None:
        """Ask where to save the PDF, then save it."""
        if self._canvas.timeline() is None:
            self._error("Nothing to export", "No timeline is loaded.")
            return
        chosen, _selected = self._ask_path("Export PDF", "pdf", "PDF document (*.pdf)")
        if not chosen:
            return
        if not Path(chosen).suffix:
            chosen += ".pdf"
        self.export_pdf(chosen)

    def export_pdf(self, path: str) -> bool:
        """Save the shown events as a PDF: landscape A4 pages, vector text, title and legend."""
        from PySide6.QtGui import QPageSize, QPdfWriter

        from viewer.paged import landscape, paint_pages  # (the pages: imported on first use)

        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        writer = QPdfWriter(buffer)
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        landscape(writer)
        title = self._title()
        writer.setTitle(title)
        writer.setCreator("Timeline Viewer")
        try:
            count = paint_pages(self._canvas, writer, title)
            del writer  # ends the document
            buffer.close()
            if not count:
                raise OSError("could not draw the pages")
            atomic_write(path, bytes(data.data()))
        except (OSError, TimelineError, RuntimeError) as exc:
            self._error("Export failed", f"Could not save the PDF to {path}:\n{exc}")
            return False
        pages = "1 page" if count == 1 else f"{count} pages"
        self._status(f"Saved the PDF to {path} ({pages})", 6000)
        return True

    def _title(self) -> str:
        tl = self._canvas.timeline()
        return (tl.title if tl is not None else "") or "Timeline"

    def print_timeline(self) -> None:
        """Ask for a printer, then print the shown events on as many pages as they need."""
        if not print_support() or self._canvas.timeline() is None:
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from viewer.paged import landscape

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        landscape(printer)
        printer.setDocName(self._title())
        dialog = QPrintDialog(printer, self._parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if not self.print_to(printer):
            self._error("Print failed", "Could not print: the printer did not start.")

    def print_to(self, printer: QPrinter) -> bool:
        """Draw the shown events on ``printer``, page by page (:mod:`viewer.paged`)."""
        from viewer.paged import paint_pages

        return paint_pages(self._canvas, printer, self._title()) > 0


@functools.cache
def print_support() -> bool:
    """True when QtPrintSupport can be imported (it is optional in some builds)."""
    try:
        from PySide6 import QtPrintSupport  # noqa: F401
    except ImportError:
        return False
    return True
