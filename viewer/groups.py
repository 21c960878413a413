"""Rows by group: which events go in which band, and what each band is called (no Qt).

View ▸ Group By puts the events in labelled bands, one per tag, status,
source or place (:func:`timeline.grouping.positions`); an event with two tags
is in both bands.  Each band packs its own lanes (the canvas's scene lays
them out per band, as it does the whole timeline ungrouped).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from timeline.models import Timeline

__all__ = ["GROUP_KEYS", "band_title", "bands_of"]

GROUP_KEYS: Final = ("tag", "status", "source", "place")
"""What View ▸ Group By offers besides None."""

_NONE_TITLES: Final = {
    "tag": "no tag",
    "status": "no status",
    "source": "no source",
    "place": "no place",
}


def band_title(tl: Timeline, key: str, name: str) -> str:
    """The title of the band of group ``name``: a source by its publisher (else its title)."""
    from timeline.grouping import NONE  # (timeline.grouping: imported when grouped)

    if name == NONE:
        return _NONE_TITLES.get(key, "other")
    if key == "source":
        try:
            source = tl.source(name)
        except KeyError:
            return name
        return source.publisher or source.title
    return name


def bands_of(tl: Timeline, key: str, shown: Sequence[int]) -> list[tuple[str, list[int]]]:
    """``(title, positions)`` of each band, in the library's order, of the ``shown`` positions.

    Groups with no shown event are left out.  ``shown`` is ascending.
    """
    if key not in GROUP_KEYS:
        raise ValueError(f"no grouping {key!r} (one of {', '.join(GROUP_KEYS)})")
    from timeline.grouping import positions

    keep = shown if isinstance(shown, range) else frozenset(shown)
    out: list[tuple[str, list[int]]] = []
    for name, at in positions(tl, key).items():  # type: ignore[arg-type]
        members = (
            at
            if isinstance(keep, range) and len(keep) == len(tl.events)
            else [p for p in at if p in keep]
        )
        if members:
            out.append((band_title(tl, key, name), members))
    return out
