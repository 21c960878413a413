"""Files that ship with the package."""

from __future__ import annotations

import importlib.resources
from pathlib import Path

__all__ = ["bundled_events_path"]


def bundled_events_path() -> Path:
    """The bundled data file ``events.toml``.

    An installed wheel carries it inside the package (``timeline/data/``, see
    ``pyproject.toml``); in a source checkout it is the repository's
    ``data/events.toml`` beside the package folder.
    """
    packaged = importlib.resources.files("timeline") / "data" / "events.toml"
    if isinstance(packaged, Path) and packaged.is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / "data" / "events.toml"
