"""The canvas's horizontal scrollbar: where the view is in the shown events' span."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Final

from PySide6.QtWidgets import QScrollBar

from viewer.viewport import Viewport

__all__ = ["TimeScrollbar"]

_UNITS: Final = 100_000


class TimeScrollbar:
    """Keeps ``bar`` in step with the view; moving the bar asks for a view by ``navigate``."""

    def __init__(self, bar: QScrollBar, navigate: Callable[[Viewport], None]) -> None:
        self._bar = bar
        self._navigate = navigate
        self._syncing = False
        self._view: Viewport | None = None
        self._extent: tuple[float, float] = (math.nan, math.nan)
        bar.valueChanged.connect(self._moved)

    def _range(self) -> tuple[float, float]:
        v = self._view
        assert v is not None
        lo, hi = self._extent
        if math.isnan(lo):
            return v.start, v.end
        pad = (hi - lo) * 0.05
        return min(lo - pad, v.start), max(hi + pad, v.end)

    def sync(self, view: Viewport, extent: tuple[float, float] | None) -> None:
        """Show ``view`` within ``extent`` (the shown events' first and last bound)."""
        self._view = view
        self._extent = extent if extent is not None else (math.nan, math.nan)
        lo, hi = self._range()
        total = max(hi - lo, 1e-9)
        page = max(1, round(_UNITS * view.span / total))
        bar = self._bar
        self._syncing = True
        try:
            bar.setRange(0, max(0, _UNITS - page))
            bar.setPageStep(page)
            bar.setSingleStep(max(1, page // 10))
            bar.setValue(round(_UNITS * (view.start - lo) / total))
        finally:
            self._syncing = False

    def _moved(self, value: int) -> None:
        if self._syncing or self._view is None:
            return
        lo, hi = self._range()
        start = lo + (hi - lo) * value / _UNITS
        view = self._view
        self._navigate(Viewport(start, start + view.span, view.width_px))


class LaneScrollbar:
    """The vertical scrollbar over the lanes: shown when the lanes are taller than the view.

    ``offset`` is how far the lanes are scrolled up (pixels); moving the bar
    calls ``moved`` with the new offset.
    """

    def __init__(self, bar: QScrollBar, moved: Callable[[float], None]) -> None:
        self._bar = bar
        self._moved = moved
        self._syncing = False
        self.offset = 0.0
        bar.valueChanged.connect(self._changed)

    def sync(self, content: int, height: int, step: float) -> bool:
        """Fit the bar to ``content`` pixels of lanes in ``height``; ``True``: the offset moved."""
        top = max(0, content - height)
        bar = self._bar
        self._syncing = True
        try:
            bar.setRange(0, top)
            bar.setPageStep(max(1, height))
            bar.setSingleStep(max(1, round(step)))
            old = self.offset
            self.offset = float(min(max(0, round(self.offset)), top))
            bar.setValue(round(self.offset))
        finally:
            self._syncing = False
        return self.offset != old

    def scroll_by(self, dy: float) -> None:
        """Scroll the lanes by ``dy`` pixels (positive: down, to later lanes)."""
        bar = self._bar
        bar.setValue(min(max(bar.minimum(), round(bar.value() + dy)), bar.maximum()))

    def reveal(self, top: float, bottom: float, height: float) -> None:
        """Scroll the least so that lanes' pixels ``top`` to ``bottom`` (unscrolled) show."""
        if top < self.offset:
            self._bar.setValue(round(top))
        elif bottom > self.offset + height:
            self._bar.setValue(round(min(top, bottom - height)))

    def _changed(self, value: int) -> None:
        if not self._syncing:
            self.offset = float(value)
            self._moved(self.offset)
