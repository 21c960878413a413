"""Print and File ▸ Export ▸ PDF, used as a user would: vector text, title, legend, pages."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu
from pytestqt.qtbot import QtBot

from timeline import load
from viewer.window import MainWindow

ROOT = Path(__file__).parent.parent
SAMPLE = Path(__file__).parent / "data" / "viewer" / "sample.toml"


@pytest.fixture
def settings_dir(tmp_path: Path, qapp: QApplication) -> Iterator[Path]:
    """QSettings go to a temporary folder: tests never touch the user's config."""
    folder = tmp_path / "settings"
    folder.mkdir()
    org, app = QCoreApplication.organizationName(), QCoreApplication.applicationName()
    QCoreApplication.setOrganizationName("timeline-tests")
    QCoreApplication.setApplicationName("printing")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder
    QCoreApplication.setOrganizationName(org)
    QCoreApplication.setApplicationName(app)


def _open(qtbot: QtBot, path: Path) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.timeline_changed, timeout=10_000):
        window.open_file(path)
    return window


def _export_pdf(monkeypatch: pytest.MonkeyPatch, window: MainWindow, target: Path) -> PdfReader:
    """File ▸ Export ▸ PDF…, the file dialog answering ``target`` (without its suffix)."""
    asked: list[str] = []

    def fake(*args: object, **kwargs: object) -> tuple[str, str]:
        asked.append(str(args[1]))
        return str(target.with_suffix("")), "PDF document (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    file_menu = window.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu)
    export_menu = next(a.menu() for a in file_menu.actions() if a.text() == "&Export")
    assert isinstance(export_menu, QMenu)
    assert "export_pdf" in {a.objectName() for a in export_menu.actions()}
    window.action("export_pdf").trigger()
    assert asked == ["Export PDF"]
    assert target.read_bytes()[:5] == b"%PDF-"
    return PdfReader(target)


def _words(text: str) -> str:
    """Whitespace as single spaces, ligatures (the PDF's "ﬀ") as their letters."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))


@pytest.mark.usefixtures("settings_dir")
def test_pdf_export_has_text_title_legend_and_page_numbers(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    window = _open(qtbot, SAMPLE)
    pdf = _export_pdf(monkeypatch, window, tmp_path / "sample.pdf")
    count = len(pdf.pages)
    assert pdf.metadata is not None
    assert pdf.metadata.title == "Viewer test timeline"
    for number, page in enumerate(pdf.pages, 1):
        text = _words(page.extract_text())
        assert "Viewer test timeline" in text  # the title, as text, on every page
        assert f"Page {number} of {count}" in text
        assert "cancelled (struck through)" in text  # the legend
        assert "/Font" in str(page["/Resources"])
    assert "Saved the PDF" in window.statusBar().currentMessage()


@pytest.mark.usefixtures("settings_dir")
def test_the_bundled_data_shows_every_title_in_its_pdf(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = ROOT / "data" / "events.toml"
    window = _open(qtbot, path)
    pdf = _export_pdf(monkeypatch, window, tmp_path / "events.pdf")
    text = _words(" ".join(page.extract_text() for page in pdf.pages))
    missing = [e.title for e in load(path).events if _words(e.title) not in text]
    assert missing == []
    # the eras: a band's title in the era row, and the legend's entry
    assert "Thomas D. Homan, Acting Director of ICE" in text
    assert "era: a named period" in text


def _long_timeline(path: Path, years: int) -> Path:
    lines = ['title = "A long century"', ""]
    for year in range(1900, 1900 + years):
        lines += [
            "[[events]]",
            f'id = "e{year}"',
            f'title = "Something that happened in the year {year}"',
            f'when = "{year}-06-01"',
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.mark.usefixtures("settings_dir")
def test_a_long_span_takes_several_pages_each_with_its_dates(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    window = _open(qtbot, _long_timeline(tmp_path / "long.toml", 120))
    pdf = _export_pdf(monkeypatch, window, tmp_path / "long.pdf")
    assert len(pdf.pages) > 1
    text = [_words(page.extract_text()) for page in pdf.pages]
    assert "Page 2 of" in text[1]
    assert "Something that happened in the year 1900" in text[0]
    assert "Something that happened in the year 2019" in text[-1]
    firsts = [re.search(r"(\d+ \w{3} \d{4}) – (\d+ \w{3} \d{4})", t) for t in text]
    assert all(firsts), "every page says its dates"
    first, last = firsts[0], firsts[-1]
    assert first is not None
    assert int(first[1][-4:]) < 1900
    assert last is not None
    assert int(last[2][-4:]) > 2019


@pytest.mark.usefixtures("settings_dir")
def test_print_draws_pages_with_vector_text(qtbot: QtBot, tmp_path: Path) -> None:
    printing = pytest.importorskip("PySide6.QtPrintSupport")
    window = _open(qtbot, SAMPLE)
    printer = printing.QPrinter(printing.QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(printing.QPrinter.OutputFormat.PdfFormat)
    target = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(target))
    assert window.printing.print_to(printer)
    text = _words(PdfReader(target).pages[0].extract_text())
    assert "Viewer test timeline" in text
    assert "Injunction granted in City of Chicago v. Sessions" in text
