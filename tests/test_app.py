"""The ``timeline-viewer`` command and ``python -m viewer``."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.test_window import SAMPLE_IDS, settings_dir  # noqa: F401  (a fixture)
from viewer import app
from viewer.window import MainWindow

DATA = Path(__file__).parent / "data" / "viewer"
ROOT = Path(__file__).resolve().parent.parent


def test_python_m_viewer_help_exits_0() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-m", "viewer", "--help"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "usage: timeline-viewer [-h] [--version] [FILE]" in result.stdout
    assert "FILE" in result.stdout


def test_parse_args() -> None:
    assert app.parse_args([]).file is None
    assert app.parse_args(["x.toml"]).file == "x.toml"
    with pytest.raises(SystemExit) as exit_info:
        app.parse_args(["a", "b"])
    assert exit_info.value.code == 2


def _run_main(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> tuple[int, list[MainWindow]]:
    """Run ``main(argv)`` with the event loop replaced: it waits for the file, then returns."""
    seen: list[MainWindow] = []

    def fake_exec(_self: object = None) -> int:
        windows = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]
        assert len(windows) == 1
        window = windows[0]
        qtbot.waitUntil(lambda: window.timeline() is not None, timeout=10_000)
        seen.append(window)
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    code = app.main(argv)
    return code, seen


def test_main_opens_the_file_given(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    settings_dir: Path,  # noqa: F811
) -> None:
    code, seen = _run_main(qtbot, monkeypatch, [str(DATA / "sample.toml")])
    assert code == 0
    assert len(seen) == 1
    # Arrow's allocator asked for before pyarrow is first used (timeline._arrow_pool)
    expected = "jemalloc" if sys.platform.startswith("linux") else None
    assert os.environ.get("ARROW_DEFAULT_MEMORY_POOL") == expected
    window = seen[0]
    assert window.event_list.event_ids() == SAMPLE_IDS
    assert window.status_text() == "showing 5 of 5 events"
    assert "Viewer test timeline" in window.windowTitle()
    assert QApplication.applicationName() == app.APPLICATION


def test_main_without_a_file_opens_the_bundled_events(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    settings_dir: Path,  # noqa: F811
) -> None:
    monkeypatch.setattr(app, "bundled_events_path", lambda: DATA / "markup.toml")
    code, seen = _run_main(qtbot, monkeypatch, [])
    assert code == 0
    tl = seen[0].timeline()
    assert tl is not None
    assert tl.title == "Markup is text"
    # the next start without a file opens the file shown last
    monkeypatch.setattr(app, "bundled_events_path", lambda: DATA / "no-such-file.toml")
    code, seen = _run_main(qtbot, monkeypatch, [])
    tl = seen[0].timeline()
    assert tl is not None
    assert tl.title == "Markup is text"


def test_the_bundled_events_file_exists() -> None:
    path = app.bundled_events_path()
    assert path.name == "events.toml"
    assert path.is_file()


# -- the launch hook of the benchmarks ---------------------------------------------------


def _launch(args: list[str], tmp_path: Path, **extra_env: str) -> subprocess.CompletedProcess[str]:
    config = tmp_path / "config"
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(config),
        HOME=str(tmp_path),
    )
    env.pop(app.EXIT_AFTER_FIRST_PAINT_ENV, None)  # only where a test asks for it
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, "-m", "viewer", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


FIRST_PAINT = re.compile(
    r"first frame with 5 events painted (\d+\.\d{3}) s after process start "
    r"\(first_paint_s=(\d+\.\d+)\)"
)


@pytest.mark.parametrize(
    ("args", "env"),
    [
        ([], {app.EXIT_AFTER_FIRST_PAINT_ENV: "1"}),
        (["--exit-after-first-paint"], {}),
    ],
)
def test_exit_after_first_paint_reports_the_time_and_quits(
    tmp_path: Path, args: list[str], env: dict[str, str]
) -> None:
    done = _launch([*args, str(DATA / "sample.toml")], tmp_path, **env)
    assert done.returncode == 0, done.stderr
    found = FIRST_PAINT.search(done.stderr)
    assert found is not None, done.stderr
    assert 0 < float(found.group(2)) < 120
    # a measuring run leaves the user's settings alone
    assert not (tmp_path / "config").exists() or not any((tmp_path / "config").rglob("*.conf"))


def test_exit_after_first_paint_fails_when_nothing_can_be_painted(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("title = [", encoding="utf-8")
    done = _launch([str(bad)], tmp_path, **{app.EXIT_AFTER_FIRST_PAINT_ENV: "1"})
    assert done.returncode == 1
    assert "no frame painted" in done.stderr
    assert f"{bad}:1: invalid TOML" in done.stderr


def test_the_exit_after_first_paint_flag_is_hidden() -> None:
    assert app.parse_args(["--exit-after-first-paint", "x.toml"]).exit_after_first_paint
    assert not app.parse_args(["x.toml"]).exit_after_first_paint


def test_seconds_since_start_counts_from_the_process_start() -> None:
    elapsed, since = app.seconds_since_start()
    assert elapsed > 0
    assert since in ("process start", "import of viewer.app")


def test_main_collects_cyclic_garbage_on_the_gui_thread_only_while_it_runs(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    settings_dir: Path,  # noqa: F811
) -> None:
    import gc

    automatic: list[bool] = []

    def fake_exec(_self: object = None) -> int:
        automatic.append(gc.isenabled())
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert app.main([str(DATA / "sample.toml")]) == 0
    assert automatic == [False]  # (viewer.collector runs it from a timer instead)
    assert gc.isenabled()
