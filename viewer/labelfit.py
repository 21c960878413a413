"""Fitting a label into the room it has: one line, two lines, or cut (no Qt).

A label is packed into lanes at its *packed* width: one line when it is
short, else two balanced lines (each at most ``cap`` pixels; a line longer
than that is cut).  A number stays with the word after it ("700 m",
"33 miners", "17 September"): the lines never break right after one, as a
newspaper would not, unless there is no other place to break.  When it is
drawn, it takes the form that the room to the next item of its lane allows:
the whole title on one line if it fits, else the two lines, and it is cut
only when not even those fit.

Widths come from functions given by whoever draws (font metrics), so the
rules are tested with a fixed-width font.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final, NamedTuple

__all__ = ["WRAP_FROM_CHARS", "Label", "fit", "pack"]

WRAP_FROM_CHARS: Final = 24
"""Labels shorter than this many average characters are never wrapped."""
_MAX_CHARS: Final = 600
"""Text measured at most (a 10,000-character title is cut before it is measured)."""

_NUMBER: Final = re.compile(r"[(\[]?[#№$€£¥]?\d[\d.,:/–-]*%?")
"""A word that is a number (498, 8,400, 2017-09-24, 9:10, $5, 17%), kept with the next word."""

Width = Callable[[str], float]
Elide = Callable[[str, float], str]


class Label(NamedTuple):
    """A label's forms: the whole text on one line, and the packed form."""

    text: str
    width: float
    """Width of ``text`` on one line."""
    lines: tuple[str, ...]
    """The packed form: one line, or two balanced lines (each cut to the cap)."""
    packed: float
    """Width of the packed form (its longest line)."""


def _breaks(words: list[str]) -> list[int]:
    """Where the line may break (before ``words[k]``): never right after a number, if it can."""
    every = range(1, len(words))
    kept = [k for k in every if _NUMBER.fullmatch(words[k - 1]) is None]
    return kept or list(every)


def _split(words: list[str], width: Width) -> tuple[str, str]:
    """Two lines of ``words`` whose longer line is as short as can be."""
    best = (" ".join(words), "")
    best_w = width(best[0])
    for k in _breaks(words):
        a, b = " ".join(words[:k]), " ".join(words[k:])
        w = max(width(a), width(b))
        if w < best_w:
            best, best_w = (a, b), w
        elif width(a) > best_w:
            break  # the first line only grows from here
    return best


def pack(text: str, width: Width, elide: Elide, cap: float, wrap_from: float) -> Label:
    """The forms of ``text``: lines wider than ``cap`` are cut; wider than ``wrap_from``: two."""
    if len(text) > _MAX_CHARS:
        text = text[: _MAX_CHARS - 1] + "…"
    full = width(text)
    words = text.split(" ")
    if full <= wrap_from or len(words) < 2:
        line = text if full <= cap else elide(text, cap)
        return Label(text, full, (line,), min(full, width(line)))
    a, b = _split(words, width)
    if width(a) > cap:
        a = elide(a, cap)
    if width(b) > cap:
        b = elide(b, cap)
    return Label(text, full, (a, b), max(width(a), width(b)))


def fit(label: Label, room: float, elide: Elide, width: Width) -> tuple[tuple[str, ...], float]:
    """The lines to draw in ``room`` pixels and their width: whole, two lines, or cut."""
    if label.width <= room:
        return (label.text,), label.width
    if label.packed <= room and len(label.lines) == 2:
        return label.lines, label.packed
    if len(label.lines) == 1 and label.packed <= room:
        return label.lines, label.packed
    room = max(room, 24.0)
    lines = tuple(line if width(line) <= room else elide(line, room) for line in label.lines)
    return lines, max(width(line) for line in lines)
