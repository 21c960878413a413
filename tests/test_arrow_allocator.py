"""Arrow's allocator asked for by the commands that own their process (``timeline._arrow_pool``:
the ``timeline`` command, the viewer)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from timeline import cli
from timeline._arrow_pool import ARROW_POOL_ENV, prefer_jemalloc

ROOT = Path(__file__).resolve().parent.parent


def test_jemalloc_is_asked_for_on_linux() -> None:
    environ: dict[str, str] = {}
    assert prefer_jemalloc(environ, "linux")
    assert environ == {ARROW_POOL_ENV: "jemalloc"}


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_elsewhere_arrow_keeps_its_default(platform: str) -> None:
    environ: dict[str, str] = {}
    assert not prefer_jemalloc(environ, platform)
    assert environ == {}


@pytest.mark.parametrize("chosen", ["system", "mimalloc"])
def test_an_allocator_the_user_named_stands(chosen: str) -> None:
    environ = {ARROW_POOL_ENV: chosen}
    assert not prefer_jemalloc(environ, "linux")
    assert environ == {ARROW_POOL_ENV: chosen}


def test_a_process_that_asks_loads_parquet_with_jemalloc(tmp_path: Path) -> None:
    """Asked for at the start of a process, jemalloc is what pyarrow then allocates with (a
    fresh process: this one's pyarrow has chosen already)."""
    pa = pytest.importorskip("pyarrow")
    if "jemalloc" not in pa.supported_memory_backends():
        pytest.skip("this pyarrow was built without jemalloc")
    import timeline

    path = tmp_path / "events.parquet"
    timeline.dump(timeline.load(ROOT / "data" / "events.toml"), path)
    script = (
        "import os, sys\n"
        "from timeline._arrow_pool import prefer_jemalloc\n"
        "prefer_jemalloc(os.environ, 'linux')\n"
        "import pyarrow, timeline\n"
        "tl = timeline.load(sys.argv[1])\n"
        "print(len(tl), pyarrow.default_memory_pool().backend_name)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != ARROW_POOL_ENV}
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["15", "jemalloc"]
    assert "Unsupported backend" not in done.stderr


def test_the_timeline_command_asks_before_it_reads(capsys: pytest.CaptureFixture[str]) -> None:
    """``timeline`` names jemalloc in its environment (on Linux) before any command runs;
    the conftest puts the environment back."""
    assert cli.main(["list", str(ROOT / "data" / "events.toml")]) == 0
    assert "Homan" in capsys.readouterr().out
    expected = "jemalloc" if sys.platform.startswith("linux") else None
    assert os.environ.get(ARROW_POOL_ENV) == expected


def test_the_viewer_uses_the_same_choice() -> None:
    from viewer import app

    assert app.main.__globals__["prefer_jemalloc"] is prefer_jemalloc  # (what main calls)
