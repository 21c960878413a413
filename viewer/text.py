"""Showing text from data files safely: plain text, never markup (no Qt here)."""

from __future__ import annotations

import html
from typing import Final

__all__ = ["TOOLTIP_MAX_CHARS", "plain_tooltip"]

TOOLTIP_MAX_CHARS: Final = 300
"""A tooltip shows at most this much of a text (the rest is in the details panel)."""


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
