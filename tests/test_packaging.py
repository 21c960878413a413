"""The package as people install it: without Qt, with one version, with its license."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

import timeline
from timeline.resources import DISTRIBUTION, REPOSITORY, VIEWER_MISSING
from viewer.startup import XCB_LIBRARIES, display_problem, missing_qt, x_server_answers

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

_NO_QT = """\
import sys
# as if PySide6 were not installed: 'import PySide6' raises ModuleNotFoundError
sys.modules["PySide6"] = None
sys.modules["shiboken6"] = None
"""


@pytest.fixture(scope="module")
def no_qt_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An environment whose Pythons cannot import PySide6 (a sitecustomize blocks it)."""
    folder = tmp_path_factory.mktemp("no-qt")
    (folder / "sitecustomize.py").write_text(_NO_QT, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
    env["PYTHONPATH"] = str(folder)
    return env


def _run(env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *argv], capture_output=True, text=True, check=False, env=env, cwd=ROOT
    )


def test_the_blocker_blocks(no_qt_env: dict[str, str]) -> None:
    result = _run(no_qt_env, "-c", "import PySide6")
    assert result.returncode == 1
    assert "ModuleNotFoundError" in result.stderr


def test_library_and_cli_work_without_qt(no_qt_env: dict[str, str]) -> None:
    result = _run(no_qt_env, "-c", "import timeline, timeline.cli, timeline.ical, timeline.export")
    assert (result.returncode, result.stderr) == (0, "")
    check = _run(no_qt_env, "-m", "timeline", "check")
    assert (check.returncode, check.stderr) == (0, "")
    assert check.stdout.startswith("ok: ")
    listed = _run(no_qt_env, "-m", "timeline", "list", "--format", "tsv")
    assert listed.returncode == 0
    assert "operation-safe-city" in listed.stdout


@pytest.mark.parametrize(
    ("argv", "prog"),
    [(["-m", "timeline", "view"], "timeline view"), (["-m", "viewer"], "timeline-viewer")],
)
def test_viewer_without_qt_says_how_to_get_it(
    no_qt_env: dict[str, str], argv: list[str], prog: str
) -> None:
    result = _run(no_qt_env, *argv)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == f"{prog}: {VIEWER_MISSING}\n"
    assert f'pip install "{DISTRIBUTION}[viewer]"' in result.stderr


# -- the checks before Qt starts ----------------------------------------------------


def test_missing_qt_message() -> None:
    missing = ModuleNotFoundError("No module named 'PySide6'", name="PySide6")
    assert missing_qt(missing) == f"timeline-viewer: {VIEWER_MISSING}"
    # PySide6 is installed but a system library is not: say so, do not suggest pip
    broken = ImportError(
        "libEGL.so.1: cannot open shared object file: No such file or directory",
        name="PySide6.QtGui",
    )
    assert missing_qt(broken) == (
        "timeline-viewer: Qt cannot be loaded: "
        "libEGL.so.1: cannot open shared object file: No such file or directory"
    )


def _all_load(soname: str) -> bool:
    return True


def _answers(display: str) -> bool:
    return True


def _silent(display: str) -> bool:
    return False


def test_no_display() -> None:
    message = display_problem({}, platform="linux", loads=_all_load)
    assert message is not None
    assert message.startswith("timeline-viewer: no display (DISPLAY is not set)")
    assert "xvfb-run" in message
    assert "\n" not in message


def test_missing_xcb_libraries_are_named_with_their_packages() -> None:
    absent = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
    message = display_problem(
        {"DISPLAY": ":0"},
        platform="linux",
        loads=lambda soname: soname not in absent,
        connects=_answers,
    )
    assert message == (
        "timeline-viewer: Qt's X11 (xcb) platform needs libxcb-icccm.so.4, "
        "libxcb-keysyms.so.1, not found: on Debian/Ubuntu, "
        "apt-get install libxcb-icccm4 libxcb-keysyms1"
    )


@pytest.mark.parametrize(
    "env",
    [
        {"DISPLAY": ":0"},
        {"WAYLAND_DISPLAY": "wayland-0"},
        {"QT_QPA_PLATFORM": "offscreen"},
        {"QT_QPA_PLATFORM": "vnc:size=800x600"},
    ],
)
def test_a_usable_platform_is_not_a_problem(env: dict[str, str]) -> None:
    assert display_problem(env, platform="linux", loads=_all_load, connects=_answers) is None


def test_a_display_without_an_x_server() -> None:
    message = display_problem(
        {"DISPLAY": ":99"}, platform="linux", loads=_all_load, connects=_silent
    )
    assert message == (
        "timeline-viewer: cannot connect to the X server of DISPLAY=:99 (none runs there, "
        "or it refuses this user): start one, or use `xvfb-run timeline-viewer`"
    )


def test_no_x_server_answers_on_a_display_nobody_runs() -> None:
    # the real check, through libxcb (False too where libxcb is not installed)
    assert x_server_answers(":31999") is False


def test_xcb_chosen_explicitly_is_checked() -> None:
    env = {"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}
    assert display_problem(env, platform="linux", loads=_all_load, connects=_answers) is not None


def test_other_systems_are_left_to_qt() -> None:
    assert display_problem({}, platform="darwin", loads=_all_load) is None
    assert display_problem({}, platform="win32", loads=_all_load) is None


def test_every_xcb_library_has_a_package() -> None:
    assert all(soname.startswith("lib") and ".so." in soname for soname in XCB_LIBRARIES)
    assert "libxcb-cursor.so.0" in XCB_LIBRARIES


# -- metadata -------------------------------------------------------------------------


def test_one_version() -> None:
    assert PYPROJECT["project"]["dynamic"] == ["version"]
    assert PYPROJECT["tool"]["hatch"]["version"]["path"] == "timeline/__init__.py"
    assert metadata.version(DISTRIBUTION) == timeline.__version__


def test_distribution_name() -> None:
    assert PYPROJECT["project"]["name"] == DISTRIBUTION


def test_the_viewer_is_an_extra() -> None:
    project = PYPROJECT["project"]
    assert not any("pyside" in d.lower() for d in project["dependencies"])
    viewer = project["optional-dependencies"]["viewer"]
    assert "PySide6-Essentials>=6.8,!=6.12.0; python_version < '3.12'" in viewer
    # a clone gets it through the default (dev) group
    assert f"{DISTRIBUTION}[viewer]" in PYPROJECT["dependency-groups"]["dev"]


def test_license_file_matches_the_declared_license() -> None:
    assert PYPROJECT["project"]["license"] == "MIT"
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert "Permission is hereby granted, free of charge" in text


def test_changelog_has_an_unreleased_section() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "keepachangelog.com" in text
    assert "\n## [Unreleased]\n" in text


def test_metadata_for_an_index() -> None:
    project = PYPROJECT["project"]
    assert project["authors"]
    assert "License :: OSI Approved :: MIT License" not in project["classifiers"]  # PEP 639
    assert "Typing :: Typed" in project["classifiers"]
    assert {"Homepage", "Repository", "Issues", "Changelog"} <= set(project["urls"])
    assert all(url.startswith(REPOSITORY) for url in project["urls"].values())


# -- the repository stands on its own -------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "README.md",
        "CHANGELOG.md",
        "data/events.toml",
        *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs").glob("*.md")),
    ],
)
def test_no_references_outside_the_repository(path: str) -> None:
    text = (ROOT / path).read_text(encoding="utf-8")
    assert "../shared" not in text
    assert "/work/" not in text
    assert "shared/research" not in text


def test_the_viewer_has_a_version(no_qt_env: dict[str, str]) -> None:
    result = _run(no_qt_env, "-m", "viewer", "--version")  # answers without Qt, too
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == f"timeline-viewer {timeline.__version__}\n"
