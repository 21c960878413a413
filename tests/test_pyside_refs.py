"""Guards against PySide6 builds that drop references to ``None``.

PySide6 6.12.0 decrements the reference count of ``None`` on every call of a
Qt method that returns ``void`` under CPython < 3.12.  After enough calls (a
viewer paints thousands of times) the count reaches zero and the interpreter
aborts.  pyproject.toml excludes that version for Python < 3.12; these tests
catch a build with the same fault, and an environment that slipped past the pin.

From Python 3.12 on, ``None`` is immortal (PEP 683): its reference count never
changes, so the first test still runs but passes trivially there.  The check
that matters runs on 3.11.
"""

from __future__ import annotations

import sys
from importlib import metadata

import PySide6
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter, QPen
from PySide6.QtWidgets import QApplication, QWidget

CALLS = 10_000
SLACK = 500
"""Other code may take or drop a few references meanwhile; the fault drops one per call."""


def test_void_qt_calls_keep_the_references_to_none(qapp: QApplication) -> None:
    image = QImage(16, 16, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    pen = QPen(Qt.GlobalColor.black)
    widget = QWidget()
    try:
        before = sys.getrefcount(None)
        for n in range(CALLS):
            painter.setPen(pen)  # void QPainter::setPen(const QPen &)
            widget.setWindowTitle("t" if n % 2 else "u")  # void QWidget::setWindowTitle
        after = sys.getrefcount(None)
    finally:
        painter.end()
        widget.deleteLater()
    assert after >= before - SLACK, (
        f"{before - after} references to None lost in {2 * CALLS} void Qt calls: "
        f"PySide6 {PySide6.__version__} has the None reference leak"
    )


def _pyside_version() -> str:
    for dist in ("PySide6-Essentials", "PySide6"):
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
    return PySide6.__version__


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_the_installed_pyside6_is_not_the_leaking_release() -> None:
    version = _pyside_version()
    assert version == PySide6.__version__ or PySide6.__version__.startswith(version)
    assert version != "6.12.0", (
        "PySide6 6.12.0 leaks references to None under Python < 3.12; "
        "pyproject.toml excludes it: reinstall with `uv sync`"
    )
