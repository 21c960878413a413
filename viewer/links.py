"""Which links (``related``) a frame draws, and how: a calm canvas, as a newsroom shows it.

By default only the selected event's links are drawn, highlighted, each with
its kind written on it (at its middle, else where it covers no mark or label).
With View ▸ Show All Links every link between events in the frame is drawn as
well, as a faint hint under them.  Either way only links between events placed
in the frame (:attr:`Scene.connectors`), so it stays O(visible).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, NamedTuple

from timeline.models import Event
from viewer.facts import kind_words
from viewer.scene import Box, Connector, Measure, Scene

__all__ = ["SPOTS", "DrawnLink", "WrittenKind", "drawn_links", "kind_box", "written_kinds"]


class DrawnLink(NamedTuple):
    """A connector as drawn: ``chosen`` when it is the selected event's (highlighted)."""

    connector: Connector
    chosen: bool


class WrittenKind(NamedTuple):
    """A highlighted link's kind as written on it: the words, and where (a box on the curve)."""

    connector: Connector
    text: str
    box: Box


def drawn_links(
    connectors: Sequence[Connector], events: Sequence[Event], selected: str | None, show_all: bool
) -> list[DrawnLink]:
    """The links drawn, in painting order: the faint ones (all links only) under the chosen.

    A link is chosen when the selected event is at either end of it.
    """
    chosen: list[DrawnLink] = []
    faint: list[DrawnLink] = []
    for c in connectors:
        if selected is not None and selected in (events[c.source].id, events[c.target].id):
            chosen.append(DrawnLink(c, True))
        elif show_all:
            faint.append(DrawnLink(c, False))
    return faint + chosen


SPOTS: Final = (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8)
"""Where along a link its kind may be written, in order of preference (0: start, 1: end)."""


def kind_box(c: Connector, width: float, height: float, taken: Sequence[Box] = ()) -> Box:
    """Where the link's kind is written: centred on the curve, at its middle unless that
    covers one of ``taken`` (marks, labels, other kinds) and a spot of :data:`SPOTS` does not."""
    boxes = []
    for t in SPOTS:
        x, y = c.at(t)
        box = Box(x - width / 2, y - height / 2, width, height)
        if not any(_overlap(box, other) for other in taken):
            return box
        boxes.append(box)
    return boxes[0]


def _overlap(a: Box, b: Box) -> bool:
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


def written_kinds(
    scene: Scene, drawn: Sequence[DrawnLink], measure: Measure, also: Sequence[Box] = ()
) -> list[WrittenKind]:
    """The kinds written on the highlighted links of ``drawn``, small, each where it covers no
    mark, label, box of ``also`` (a ghost's words) or kind written before it if it can
    (:func:`kind_box`)."""
    chosen = [link.connector for link in drawn if link.chosen]
    if not chosen:
        return []
    taken = [placed.mark for placed in scene.items]
    taken += [scene.label_box(placed) for placed in scene.items]
    taken += also
    height = measure.small_line_height() + 2
    out: list[WrittenKind] = []
    for c in chosen:
        text = kind_words(c.kind)
        box = kind_box(c, measure.small_width(text) + 6, height, taken)
        taken.append(box)
        out.append(WrittenKind(c, text, box))
    return out
