"""What the details panel says, without Qt: figure names in words, one card per source.

* :func:`figure_words`: a figure's name as a reader says it
  (``criminal_convictions`` → "criminal convictions").
* :func:`source_cards`: an event's citations grouped by source, one
  :class:`SourceCard` each (a source cited twice, with two quotes, is one card
  with both, its own note once), the sources that disagree with the event's
  date first, otherwise in the order the event cites them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

import attrs

from timeline.models import Citation, Source
from timeline.when import When

__all__ = ["SourceCard", "figure_words", "source_cards"]

_SEPARATORS: Final = re.compile(r"[_\s]+")


def figure_words(name: str) -> str:
    """``criminal_convictions`` → ``criminal convictions`` (underscores are spaces)."""
    return _SEPARATORS.sub(" ", name).strip() or name


@attrs.frozen
class SourceCard:
    """One source and what the event cites from it; ``disagrees``: a reported date differs."""

    source: Source
    citations: tuple[Citation, ...]
    disagrees: bool


def source_cards(citations: Iterable[tuple[Citation, Source]], when: When) -> list[SourceCard]:
    """One card per source, those that disagree with ``when`` first (stable otherwise)."""
    grouped: dict[str, tuple[Source, list[Citation]]] = {}
    for citation, source in citations:
        grouped.setdefault(source.id, (source, []))[1].append(citation)
    cards = [
        SourceCard(source, tuple(cited), any(c.disagrees_with(when) for c in cited))
        for source, cited in grouped.values()
    ]
    return sorted(cards, key=lambda card: not card.disagrees)
