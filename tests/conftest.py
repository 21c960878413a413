"""Test set-up shared by the whole suite."""

from __future__ import annotations

import os
from pathlib import Path

# Qt runs without a screen in tests; set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
EVENTS_TOML = ROOT / "data" / "events.toml"


@pytest.fixture
def events_path() -> Path:
    """The project's real data file."""
    return EVENTS_TOML


@pytest.fixture
def data_dir() -> Path:
    """The folder of test data files."""
    return DATA
