"""The built wheel, installed into a bare virtual environment without Qt, works.

``uv`` builds the wheel and installs it with the locked versions of its
dependencies, from its cache when it can (``uv sync`` has filled it with the
wheels), else from the index (``uv sync`` from a lock file caches the wheels but
not the index's pages, which an offline install needs: so on a fresh machine).
When ``uv`` is not on PATH, or a package is neither cached nor reachable, the
test is skipped, not failed: it checks the package, not the machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import timeline
from timeline.resources import DISTRIBUTION, VIEWER_MISSING

ROOT = Path(__file__).resolve().parent.parent
UV = shutil.which("uv")

pytestmark = pytest.mark.skipif(UV is None, reason="needs uv on PATH")


_OFFLINE_MISS = ("Network connectivity is disabled", "network was disabled", "offline")
"""What uv says when an offline run needs something its cache lacks (wordings of its versions)."""
_UNREACHABLE = ("Failed to fetch", "error sending request", "dns error", "Connection refused")
"""What uv says when the index cannot be reached."""


def _uv(*argv: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """``uv argv``; when an ``--offline`` run misses the cache, the same run online."""
    result = _run_uv(argv, cwd)
    if result.returncode != 0 and "--offline" in argv and _says(result, _OFFLINE_MISS):
        result = _run_uv(tuple(a for a in argv if a != "--offline"), cwd)
        if result.returncode != 0 and _says(result, _UNREACHABLE):
            pytest.skip(f"uv cannot reach a package: {result.stderr.strip().splitlines()[-1]}")
    assert result.returncode == 0, result.stderr
    return result


def _run_uv(argv: tuple[str, ...], cwd: Path) -> subprocess.CompletedProcess[str]:
    assert UV is not None
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    return subprocess.run(
        [UV, *argv], capture_output=True, text=True, check=False, cwd=cwd, env=env
    )


def _says(result: subprocess.CompletedProcess[str], words: tuple[str, ...]) -> bool:
    return any(w.lower() in result.stderr.lower() for w in words)


@pytest.fixture(scope="module")
def bare_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with only the wheel and its (locked) dependencies: no PySide6."""
    work = tmp_path_factory.mktemp("wheel")
    _uv("build", "--offline", "--wheel", "--out-dir", str(work / "dist"))
    [wheel] = (work / "dist").glob("*.whl")
    assert wheel.name == f"{DISTRIBUTION.replace('-', '_')}-{timeline.__version__}-py3-none-any.whl"
    constraints = work / "constraints.txt"
    exported = _uv("export", "--frozen", "--no-dev", "--no-hashes", "--no-emit-project")
    constraints.write_text(exported.stdout, encoding="utf-8")
    venv = work / "venv"
    _uv("venv", "--offline", "--python", sys.executable, str(venv))
    python = venv / "bin" / "python"
    _uv("pip", "install", "--offline", "--python", str(python), "-c", str(constraints), str(wheel))
    return venv


def _run(venv: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(
        [str(venv / "bin" / argv[0]), *argv[1:]],
        capture_output=True,
        text=True,
        check=False,
        cwd=venv,  # not the checkout: only the installed package can be imported
        env=env,
    )


def test_the_wheel_installs_without_qt_and_works(bare_venv: Path) -> None:
    probe = _run(
        bare_venv,
        "python",
        "-c",
        "import importlib.util, timeline; "
        "print(timeline.__version__, importlib.util.find_spec('PySide6') is None, "
        "timeline.__file__)",
    )
    assert probe.returncode == 0, probe.stderr
    version, no_qt, where = probe.stdout.split()
    assert (version, no_qt) == (timeline.__version__, "True")
    assert where.startswith(str(bare_venv))

    check = _run(bare_venv, "timeline", "check")
    assert (check.returncode, check.stdout, check.stderr) == (0, "ok: 15 events, 21 sources\n", "")
    listed = _run(bare_venv, "timeline", "list", "--format", "tsv")
    assert listed.returncode == 0, listed.stderr
    assert len(listed.stdout.splitlines()) == 16
    assert _run(bare_venv, "timeline", "--version").stdout == f"timeline {timeline.__version__}\n"


def test_the_wheel_says_how_to_get_the_viewer(bare_venv: Path) -> None:
    for command, prog in (("timeline", "timeline view"), ("timeline-viewer", "timeline-viewer")):
        argv = [command, "view"] if command == "timeline" else [command]
        result = _run(bare_venv, *argv)
        assert (result.returncode, result.stdout) == (1, "")
        assert result.stderr == f"{prog}: {VIEWER_MISSING}\n"


def test_the_wheel_imports_recurring_calendars(bare_venv: Path, tmp_path: Path) -> None:
    """recurring-ical-events was a development dependency only: an installed
    package could not expand a recurring event."""
    calendar = tmp_path / "weekly.ics"
    source = Path(__file__).resolve().parent / "data" / "ics" / "recurring-weekly.ics"
    calendar.write_bytes(source.read_bytes())
    out = tmp_path / "weekly.toml"
    result = _run(bare_venv, "timeline", "import", str(calendar), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr
    assert timeline.load(out) == timeline.read_ics(calendar)
