"""Showing text from data files safely: plain text, never markup; and lists of it cut to what
a dialog can show (no Qt here)."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Final, TypeVar

__all__ = ["LISTED_AT_MOST", "TOOLTIP_MAX_CHARS", "counted", "listed", "plain_tooltip"]

TOOLTIP_MAX_CHARS: Final = 300
"""A tooltip shows at most this much of a text (the rest is in the details panel)."""


T = TypeVar("T")

LISTED_AT_MOST: Final = 12
"""A question lists at most this many lines of items (the events citing a source, the links
to an event), the rest counted: a source cited by 100,000 events asked a question of 100,000
lines, taller than any screen, its buttons out of reach."""


def listed(
    items: Sequence[T], line: Callable[[T], str], at_most: int = LISTED_AT_MOST
) -> list[str]:
    """The line of each of ``items`` (``line(item)``), or when there are more than
    ``at_most``, of the first ``at_most - 1`` and a last line counting the rest ("  … and
    99,989 more"): only the lines shown are made."""
    shown = len(items) if len(items) <= at_most else max(0, at_most - 1)
    lines = [line(item) for item in items[:shown]]
    if shown < len(items):
        lines.append(f"  … and {len(items) - shown:,} more")
    return lines


def counted(n: int, word: str) -> str:
    """``n`` of ``word``, in a question: "1 event", "100,319 events"."""
    return f"{n:,} {word}{'s' * (n != 1)}"


def plain_tooltip(text: str, limit: int = TOOLTIP_MAX_CHARS) -> str:
    """A tooltip that shows ``text`` literally.

    Qt shows a tooltip as rich text when it merely *looks* like markup, so a
    title such as ``<img src="file:///etc/passwd">`` would be rendered (and its
    image loaded).  The text is escaped inside a paragraph, cut to ``limit``
    characters, and wrapped so that a long title makes a readable tooltip.
    Lines of ``text`` stay lines.
    """
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"
