"""Eras on the canvas, without Qt: which are in view, where their bands and titles go.

An era (:class:`timeline.models.Era`) is drawn as a translucent band from its
start to its end behind the lanes, with its title in a row of its own under
the time axis.  :class:`EraSpans` holds, per timeline and display zone, the
eras' bounds on the canvas's clock; :meth:`EraSpans.place` finds those in a
view (a pass over the eras, which are few) and fits their titles.  A band
drawn later covers the ones before it, so the titles are placed from the top
band down, each where its own row shows (not on a later era's tint) and
never over another title: whole in the first stretch of its row that holds
it; else whole just after its band, pointing back at it (``◂ Rescue``), where
the row is free up to the start of the next era to start (an era that starts
inside it leaves no room); else, when eras overlap, whole on the era row's
second line, from where its band starts in view (drawn on a patch of its own
tint: the line has room for the titles their bands' overlaps hide); else cut
with "…" in the widest free stretch of its row, and left out when not even a
letter and "…" fit.  A timeline whose eras overlap (one starts before another
ends) has that second line in every view, so the lanes do not move as the view
changes.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import Final, NamedTuple

import attrs

from timeline.days import local_bounds
from timeline.models import Era, Timeline

__all__ = [
    "BESIDE",
    "ERA_CAP",
    "ERA_PALETTE",
    "PAD",
    "EraBand",
    "EraSpans",
    "colour_of",
    "readable_ink",
]

ERA_PALETTE: Final[tuple[str, ...]] = (
    "#77AADD",  # light blue
    "#EE8866",  # orange
    "#44BB99",  # mint
    "#EEDD88",  # light yellow
    "#FFAABB",  # pink
    "#99DDFF",  # light cyan
    "#BBCC33",  # pear
)
"""Colours of eras that give none (Paul Tol's "light" scheme, which reads behind text), by
the era's place in the timeline."""
ERA_CAP: Final = 64
"""Eras drawn in one view at most: the first by start; the others are counted (a frame's
cost grows with the square of the eras overlapping in it)."""
PAD: Final = 4.0
"""Room between a band's edge and its title, and after a title."""
BESIDE: Final = "◂ "
"""Before a title written beside its band (the band is too narrow for it)."""
_MIN_TEXT: Final = "W…"
"""The least that is worth drawing of a cut title."""


def colour_of(era: Era, index: int) -> str:
    """The era's colour (``#rrggbb``): its own, else the palette's by its index."""
    return era.colour if era.colour is not None else ERA_PALETTE[index % len(ERA_PALETTE)]


def readable_ink(red: float, green: float, blue: float) -> str:
    """Black or white, whichever reads better on the colour ``(red, green, blue)`` (0 to 1).

    By the WCAG contrast ratio of each against the colour's relative luminance.
    """

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    on_black = (luminance + 0.05) / 0.05
    on_white = 1.05 / (luminance + 0.05)
    return "#000000" if on_black >= on_white else "#ffffff"


class EraBand(NamedTuple):
    """One era in a frame: its band (clamped near the view) and its title as drawn."""

    era: int
    """The era's index in :attr:`Timeline.eras`."""
    x0: float
    x1: float
    colour: str
    """``#rrggbb``: the era's own colour, or the palette's."""
    text: str
    """The title as drawn (whole, cut with "…", or beside the band after :data:`BESIDE`);
    ``""`` when nothing fits."""
    label_x: float
    label_w: float
    line: int = 0
    """The era row's line the title is on: 0, or 1 (the second, when eras overlap)."""

    @property
    def beside(self) -> bool:
        """True when the title is written beside the band (after it), not in it."""
        return bool(self.text) and self.line == 0 and self.label_x >= self.x1


@attrs.frozen
class EraSpans:
    """The eras of a timeline with their bounds on the clock of a display zone."""

    lowers: tuple[float, ...]
    uppers: tuple[float, ...]
    titles: tuple[str, ...]
    colours: tuple[str, ...]
    lines: int = attrs.field(default=1, kw_only=True)
    """Lines of the era row: 2 when two eras overlap (a title their overlap hides goes on the
    second), else 1."""

    @classmethod
    def of(cls, tl: Timeline, zone: str | None) -> EraSpans:
        """The eras of ``tl``, bounded on ``zone``'s wall clock (``None``: each its own)."""
        bounds = [local_bounds(era.when, zone) for era in tl.eras]
        return cls(
            tuple(b[0] for b in bounds),
            tuple(b[1] for b in bounds),
            tuple(era.title for era in tl.eras),
            tuple(colour_of(era, i) for i, era in enumerate(tl.eras)),
            lines=2 if _overlap(bounds) else 1,
        )

    def __len__(self) -> int:
        return len(self.titles)

    def place(
        self,
        lo: float,
        hi: float,
        x_of: Callable[[float], float],
        width: float,
        text_width: Callable[[str], float],
        elide: Callable[[str, float], str],
    ) -> tuple[list[EraBand], int]:
        """The eras overlapping ``[lo, hi)``, in order of their start, with fitted titles,
        and how many more overlap it beyond :data:`ERA_CAP`.

        ``x_of`` maps a time to x, kept near the view (the canvas's ruler);
        titles stay inside ``[0, width]``, in their own row's visible part or just after
        their band.
        """
        least = text_width(_MIN_TEXT)
        in_view = [
            i
            for i, (a, b) in enumerate(zip(self.lowers, self.uppers, strict=True))
            if a < hi and b > lo
        ]
        more = max(0, len(in_view) - ERA_CAP)
        spans = [(i, x_of(self.lowers[i]), x_of(self.uppers[i])) for i in in_view[:ERA_CAP]]
        starts = sorted(x0 for _, x0, _ in spans)
        taken: list[tuple[float, float]] = []  # the titles placed so far, with their margins
        hidden: list[tuple[float, int, list[tuple[float, float]]]] = []  # for the second line
        fitted: dict[int, tuple[str, float, float, int]] = {}
        for k in reversed(range(len(spans))):  # the band drawn on top first: its row shows
            i, x0, x1 = spans[k]
            line = " ".join(self.titles[i].split())  # a title's line breaks are spaces here
            w = text_width(line)
            on_top = [(max(a, 0.0), min(b, width)) for _, a, b in spans[k + 1 :]]
            own = _free([(max(x0, 0.0), min(x1, width))], on_top)
            room = _free(own, taken)
            found = next(((a + PAD, line, w) for a, b in room if w <= b - a - 2 * PAD), None)
            if found is None:  # beside its band, where the row is free up to the next era
                n = bisect_right(starts, x0)
                nxt = min(starts[n] if n < len(starts) else width, width)
                beside, bw = BESIDE + line, text_width(BESIDE + line)
                after = _free([(x1, nxt)], taken)
                found = next(
                    ((a + PAD, beside, bw) for a, b in after if a == x1 and bw <= b - a - 2 * PAD),
                    None,
                )
            if found is None and self.lines > 1:  # the second line's, left to right, below
                hidden.append((x0, k, own))
                continue
            if found is None:  # cut, in the widest free stretch of its own row
                found = _cut(line, room, text_width, elide, least)
            x, text, tw = found
            if text:
                taken.append((x - PAD, x + tw + PAD))
            fitted[k] = (text, x, tw, 0)
        second: list[tuple[float, float]] = []  # the titles on the second line, with margins
        for x0, k, own in sorted(hidden):  # in order of their start: each from where it starts
            i, _x0, x1 = spans[k]
            line = " ".join(self.titles[i].split())
            w = text_width(line)
            free = _free([(min(max(x0, 0.0), width), width)], second)
            at = next((a + PAD for a, b in free if a < x1 and w <= b - a - 2 * PAD), None)
            if at is not None:
                second.append((at - PAD, at + w + PAD))
                fitted[k] = (line, at, w, 1)
                continue
            x, text, tw = _cut(line, _free(own, taken), text_width, elide, least)
            if text:
                taken.append((x - PAD, x + tw + PAD))
            fitted[k] = (text, x, tw, 0)
        out = [
            EraBand(i, x0, x1, self.colours[i], *fitted[k]) for k, (i, x0, x1) in enumerate(spans)
        ]
        return out, more


def _overlap(bounds: Sequence[tuple[float, float]]) -> bool:
    """True when two of the spans ``(lower, upper)`` overlap (one starts before another ends)."""
    end = -math.inf
    for lower, upper in sorted(bounds):
        if lower < end:
            return True
        end = max(end, upper)
    return False


def _free(
    stretches: list[tuple[float, float]], covered: list[tuple[float, float]]
) -> list[tuple[float, float]]:
    """The parts of ``stretches`` that none of ``covered`` covers, left to right."""
    out = sorted((a, b) for a, b in stretches if b > a)
    for c0, c1 in covered:
        kept: list[tuple[float, float]] = []
        for a, b in out:
            if c1 <= a or c0 >= b:
                kept.append((a, b))
                continue
            if a < c0:
                kept.append((a, c0))
            if c1 < b:
                kept.append((c1, b))
        out = kept
    return out


def _cut(
    title: str,
    room: list[tuple[float, float]],
    text_width: Callable[[str], float],
    elide: Callable[[str, float], str],
    least: float,
) -> tuple[float, str, float]:
    """The title cut with "…" in the widest stretch of ``room``: where, the text, its width."""
    a, b = max(room or [(0.0, 0.0)], key=lambda ab: ab[1] - ab[0])
    cut, cw = _fitted(title, b - a - 2 * PAD, text_width, elide, least)
    return a + PAD, cut, cw


def _fitted(
    title: str,
    room: float,
    text_width: Callable[[str], float],
    elide: Callable[[str, float], str],
    least: float,
) -> tuple[str, float]:
    """The title whole when it fits in ``room``, else cut with "…", else nothing."""
    line = title
    w = text_width(line)
    if w <= room:
        return line, w
    if room < least:
        return "", 0.0
    cut = elide(line, room)
    if not cut or cut == "…":
        return "", 0.0
    return cut, text_width(cut)


def visible_titles(bands: Sequence[EraBand]) -> list[str]:
    """The titles drawn (for tests and accessibility)."""
    return [band.text for band in bands if band.text]
