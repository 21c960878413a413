"""Help ▸ Legend: the canvas's own symbols, each beside its meaning, and the keys.

Every entry's picture is drawn by the same code that draws the canvas's
legend (:meth:`viewer.painters.legend.Legend.sample`), in the canvas's
colours, so the dialog and the canvas cannot disagree.  Texts are plain.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QVBoxLayout, QWidget

from viewer.details import TextLabel
from viewer.painters.legend import Legend

__all__ = ["KEYS_HELP", "LegendDialog", "open_legend"]

KEYS_HELP: Final = (
    "Keys: ← → previous/next event · Home/End first/last · Enter edit · Ctrl+I details · "
    "Ctrl+N new event · Del delete · "
    "+ − zoom · Ctrl+F search · F3 / Shift+F3 next/previous match · Ctrl+G go to a date · "
    "Ctrl+R reload"
)
"""How to move around with the keys, under the legend."""

_SAMPLE_W, _SAMPLE_H = 30, 16


class LegendDialog(QDialog):
    """The legend's entries (symbol and words), then ``keys`` (how to move around)."""

    def __init__(self, legend: Legend, palette: QPalette, keys: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("legend")
        self.setWindowTitle("Legend")
        layout = QVBoxLayout(self)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        base = palette.color(QPalette.ColorRole.Base)
        self.symbols: list[TextLabel] = []
        self.words: list[TextLabel] = []
        for row, (label, kind, colour) in enumerate(legend.rows()):
            ratio = self.devicePixelRatioF()
            picture = QPixmap(round(_SAMPLE_W * ratio), round(_SAMPLE_H * ratio))
            picture.setDevicePixelRatio(ratio)
            picture.fill(base)
            painter = QPainter(picture)
            try:
                legend.sample(painter, kind, QRectF(4, 3, 22, 10), colour, base)
            finally:
                painter.end()
            symbol = TextLabel()
            symbol.setObjectName(f"legend-symbol-{kind}")
            symbol.setPixmap(picture)
            symbol.setAccessibleName(label)
            words = TextLabel(label)
            words.setObjectName("legend-words")
            grid.addWidget(symbol, row, 0)
            grid.addWidget(words, row, 1)
            self.symbols.append(symbol)
            self.words.append(words)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        help_text = TextLabel(keys)
        help_text.setObjectName("legend-keys")
        help_text.setWordWrap(True)
        layout.addWidget(help_text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def text(self) -> str:
        """Every entry's words, then the keys (for copying and for tests)."""
        keys = self.findChild(TextLabel, "legend-keys")
        return "\n".join([*(w.text() for w in self.words), keys.text() if keys else ""])


def open_legend(parent: QWidget, legend: Legend, palette: QPalette) -> LegendDialog:
    """Help ▸ Legend over ``parent`` (not blocking; an older one closes); returns it."""
    for old in parent.findChildren(LegendDialog):
        old.close()
    dialog = LegendDialog(legend, palette, KEYS_HELP, parent)
    dialog.open()
    return dialog
