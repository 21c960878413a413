"""Ids made from words: the one slug maker of the id rule (:data:`timeline.rules.ID_PATTERN`).

:func:`make_id` is public (``timeline.make_id``): a script that adds events
makes their ids with it, and the iCalendar importer makes its ids with the
same two functions it is built of, :func:`slug` and :func:`unique_id`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container
from typing import Final

from timeline.rules import MAX_ID

__all__ = ["DEFAULT_LIMIT", "make_id", "slug", "unique_id"]

#: The longest slug :func:`make_id` makes by default (characters, before a ``-2`` suffix).
DEFAULT_LIMIT: Final = 60

_WORDS: Final = re.compile(r"[a-z0-9]+").findall
_SUFFIX_ROOM: Final = 21  # "-" and the digits of any count a set can hold


def _words(text: str, *, fold: bool = True) -> list[str]:
    """The runs of ASCII letters and digits of ``text``, lower-cased, accents dropped."""
    if not fold:
        return _WORDS(text.lower())
    folded = unicodedata.normalize("NFKD", text.casefold())  # (casefold: "ß" -> "ss")
    return _WORDS(folded.encode("ascii", "ignore").decode("ascii"))


def slug(text: str, limit: int = DEFAULT_LIMIT, *, fold: bool = True) -> str:
    """The words of ``text`` as an id: ``"Operation Safe City!"`` -> ``"operation-safe-city"``.

    Lower-case ASCII letters and digits, accents dropped (``"Café"`` ->
    ``"cafe"``), words joined by ``-``; whole words only, as many as fit in
    ``limit`` characters.  ``""`` when no word fits (no letter or digit, or
    a first word longer than ``limit``).  ``fold=False`` keeps the earlier
    rule, which dropped accented letters instead (``"caf"``): the iCalendar
    export's UIDs are made with it, so that they stay what they were.
    """
    made = ""
    for word in _words(text, fold=fold):
        candidate = f"{made}-{word}" if made else word
        if len(candidate) > limit:
            break
        made = candidate
    return made


def unique_id(base: str, taken: Container[str], first: int = 2) -> tuple[str, int]:
    """``base`` if it is not ``taken``, else ``base-2``, ``base-3``...: the first free one.

    Returns the id and the number it ends with (``0`` for ``base`` itself);
    counting starts at ``first``, so that a caller making many ids from one
    base can carry on where it stopped instead of counting from 2 again.
    """
    if base not in taken:
        return base, 0
    n = first
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}", n


def make_id(title: str, taken: Container[str] = (), *, limit: int = DEFAULT_LIMIT) -> str:
    """An id for an event (or a source) titled ``title``, not among ``taken``.

    The id is the :func:`slug` of the title (a first word longer than
    ``limit`` cut to it; ``"event"`` for a title with no letter or digit),
    with ``-2``, ``-3``... added when that is taken.  ``taken`` is any
    container of ids: a set, or a :class:`~timeline.models.Timeline` (its
    event ids)::

        >>> make_id("Operation Safe City")
        'operation-safe-city'
        >>> make_id("Réunion à Zürich", taken={"reunion-a-zurich"})
        'reunion-a-zurich-2'

    The id always follows the id rule (:data:`timeline.rules.ID_PATTERN`).
    Each call counts from 2; to make thousands of ids from the same title,
    add each one to ``taken`` (a set) as you go.
    """
    if not 1 <= limit <= MAX_ID - _SUFFIX_ROOM:
        raise ValueError(f"make_id: limit {limit!r} is not from 1 to {MAX_ID - _SUFFIX_ROOM}")
    base = slug(title, limit)
    if not base:
        words = _words(title)
        base = words[0][:limit] if words else "event"
    return unique_id(base, taken)[0]
