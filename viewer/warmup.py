"""What a window's loader makes on its worker for each timeline it loads, and when.

Before the timeline is shown, what its first frame needs (:func:`viewer.digest.prepare_view`:
the digest, the bounds and, but for a phased load, the span index); after that frame is
painted (the loader's follow-ups, held back until then by the canvas: they would compete
with the frame for the processor), the rest of a phased load checked (by the loader itself,
first), then what later actions need: the span index of a phased load, the lane index of
the first zoomed-in frame, the search's texts, the lookup of events by id and what an event
form offers (:func:`viewer.formchoices.prepare_form`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from viewer.digest import prepare_index, prepare_lookup, prepare_reports, prepare_view
from viewer.eventlist import prepare_search
from viewer.formchoices import prepare_form
from viewer.memory import give_back_memory
from viewer.relay import tell
from viewer.scene import prepare_lanes

if TYPE_CHECKING:
    from timeline.models import Timeline
    from viewer.canvas import TimelineCanvas
    from viewer.loader import LiveLoader

__all__ = ["prepare_loads"]


class _Made(QObject):
    """Tells the canvas, on its thread, that the loader's worker made what its frames need."""

    timeline = Signal(object)


def prepare_loads(
    loader: LiveLoader, canvas: TimelineCanvas, zone: Callable[[Timeline], str | None]
) -> None:
    """Have ``loader`` prepare each timeline for ``canvas`` on its worker; ``zone(tl)`` is the
    display zone of ``tl`` (``None``: each event's own)."""
    loader.add_preparation(lambda tl: prepare_view(tl, zone(tl)))
    made = _Made(canvas)  # (a worker's word, queued to the GUI thread)
    made.timeline.connect(canvas.made_for_frames)

    def for_frames(tl: Timeline) -> None:
        try:
            # (each part's freed memory given back before the next: the warm-up's peak
            # at ten million events 0.6 GB lower than with the three in one step)
            prepare_index(tl, zone(tl))
            give_back_memory()
            prepare_reports(tl)
            give_back_memory()
            prepare_lanes(tl, zone(tl))
        finally:  # (a timeline drawn from its keys is drawn whole now, or made so on use)
            tell(made.timeline, tl)

    loader.add_follow_up(for_frames)
    loader.add_follow_up(prepare_search)
    loader.add_follow_up(prepare_lookup)
    loader.add_follow_up(prepare_form)
    loader.set_follow_up_gate(canvas.after_next_paint)
    loader.completed.connect(canvas.rest_checked)  # (drawn whole: its ghosts and links)
