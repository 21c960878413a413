"""Test set-up shared by the whole suite."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path

# Qt runs without a screen in tests; set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from hypothesis import settings

# CI (``.ci/run`` sets TIMELINE_CI=1) runs the property tests with a fixed seed and no
# per-example deadline: a red CI then means a real, reproducible failure, not a draw that
# no run before made or a loaded machine.  Locally every run explores new examples.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("TIMELINE_CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
EVENTS_TOML = ROOT / "data" / "events.toml"


# What the offscreen platform says about window-manager requests it cannot
# honour.  These exact messages, and nothing else, are let through the suite's
# qt_log_level_fail = WARNING (pytest-qt's ini ignore list would need
# pyproject.toml; a marker added here keeps it in one place).
OFFSCREEN_QT_MESSAGES = (
    r"^This plugin does not support propagateSizeHints\(\)$",
    r"^This plugin does not support raise\(\)$",
    r"^This plugin does not support grabbing the keyboard$",  # a popup (a completer's)
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Ignore the offscreen platform's messages in every test, alongside its own ignores."""
    if os.environ.get("QT_QPA_PLATFORM") != "offscreen":
        return
    for item in items:
        mark = item.get_closest_marker("qt_log_ignore")
        args = (*mark.args, *OFFSCREEN_QT_MESSAGES) if mark else OFFSCREEN_QT_MESSAGES
        kwargs = dict(mark.kwargs) if mark else {}
        item.add_marker(pytest.mark.qt_log_ignore(*args, **kwargs), append=False)


@pytest.fixture(autouse=True)
def _arrow_pool_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The ``timeline`` command's and the viewer's ``main`` name Arrow's allocator in the
    environment (:mod:`timeline._arrow_pool`): put it back as it was after each test."""
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)


@pytest.fixture(autouse=True)
def _qt_garbage_collected_on_the_gui_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """After a test with Qt objects, collect its cyclic garbage here, on the GUI thread.

    Left for later, a closed window's or loader's cycles may be collected by the next test's
    worker thread (any thread that allocates can set off a collection), and Qt objects
    destroyed off the GUI thread crash the process (segfaults seen in CI's
    test_canvas_reading.py and test_phased_view.py).
    """
    yield
    if "qtbot" in request.fixturenames:
        gc.collect()


@pytest.fixture
def events_path() -> Path:
    """The project's real data file."""
    return EVENTS_TOML


@pytest.fixture
def data_dir() -> Path:
    """The folder of test data files."""
    return DATA
