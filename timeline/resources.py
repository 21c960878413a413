"""What ships with the package: its name on PyPI, and its files."""

from __future__ import annotations

import importlib.resources
from pathlib import Path
from typing import Final

__all__ = [
    "DISTRIBUTION",
    "REPOSITORY",
    "SCHEMA_URL",
    "VIEWER_INSTALL",
    "VIEWER_MISSING",
    "bundled_events_path",
]

DISTRIBUTION: Final = "edtf-timeline"
"""The distribution's name on PyPI (``timeline`` is taken); the import package is ``timeline``."""

_GITHUB: Final = "edtf-timeline/edtf-timeline"

REPOSITORY: Final = f"https://github.com/{_GITHUB}"
"""The project's repository (also in ``pyproject.toml``'s project URLs)."""

SCHEMA_URL: Final = (
    f"https://raw.githubusercontent.com/{_GITHUB}/main/timeline/timeline.schema.json"
)
"""The JSON Schema of the file format at the repository: a ``#:schema`` that works anywhere."""

VIEWER_INSTALL: Final = f'pip install "{DISTRIBUTION}[viewer]"'
"""How to get the desktop viewer, which is an extra (it needs PySide6)."""

VIEWER_MISSING: Final = f"the viewer needs PySide6, which is not installed: {VIEWER_INSTALL}"
"""What ``timeline view`` and ``timeline-viewer`` say when PySide6 is missing."""


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
