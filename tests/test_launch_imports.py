"""What the viewer's launch leaves for later: the modules that only a later action needs.

Every module imported on the way to the first paint is read (compiled, where no bytecode is
cached) and run before the window shows anything.  The forms and dialogs, the image and PDF
exports, the words' parser (Go to Date), the grouping, the TOML writer and, for a Parquet
file, the TOML reader and the patcher of saved files are imported when first used instead
(issue 15; docs/performance.md, "The launch's imports").  Each check runs in a fresh
interpreter: this one imported them all long ago.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

LATER: dict[str, tuple[str, ...]] = {
    "new_event": (
        "viewer.eventdialog",
        "viewer.eventform",
        "viewer.eventchooser",
        "viewer.checkedform",
    ),
    "go_to_words": ("timeline.words", "timeline.words_grammar"),
    "new_era": ("viewer.eradialog", "viewer.eraform"),
    "sources": ("viewer.sourcesdialog", "viewer.sourceform"),
    "legend": ("viewer.legenddialog",),
    "export_image": ("viewer.export_image",),
    "export_pdf": ("viewer.paged", "viewer.pages"),
    "group_tag": ("timeline.grouping",),
    "save_as_toml": ("tomli_w", "timeline.patch", "timeline._toml_parse", "timeline._toml_columns"),
}
"""Each action of the user session below, and the modules it imports (none before it)."""

TOML_READING = ("timeline.patch", "timeline._toml_parse", "timeline._toml_columns")
"""What a TOML file's load itself imports (its document is kept to patch on save)."""


def _later(kind: str) -> list[str]:
    names = [name for names in LATER.values() for name in names]
    return sorted(n for n in names if kind != "toml" or n not in TOML_READING)


def _run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PYTEST_QT_API="pyside6",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        HOME=str(tmp_path),
    )
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def parquet_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    columnar = pytest.importorskip("benchmarks.columnar")  # (numpy, pyarrow)
    made = tmp_path_factory.mktemp("launch") / "events.parquet"
    columnar.write(60, made, block=25)
    return made


_BIG_ONLY: dict[str, list[str]] = {"parquet": [], "toml": ["numpy"]}
"""What only a big timeline needs (numpy, 0.1 s to import: the sample's first frame drew
its lanes through a widening by numpy, 0.51 -> 0.66 s to the first paint)."""


@pytest.mark.parametrize("kind", ["parquet", "toml"])
def test_the_first_paint_imports_none_of_what_later_actions_need(
    parquet_file: Path, tmp_path: Path, kind: str
) -> None:
    pytest.importorskip("PySide6")
    path = parquet_file if kind == "parquet" else ROOT / "data" / "events.toml"
    code = f"""
    import json, sys
    from viewer.app import main

    status = main([sys.argv[1], "--exit-after-first-paint"])
    assert status == 0, status
    print(json.dumps(sorted(n for n in {_later(kind) + _BIG_ONLY[kind]!r} if n in sys.modules)))
    """
    done = _run(["-c", textwrap.dedent(code), str(path)], tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


_SESSION = '''
"""A user's session in a fresh interpreter: each action imports its modules, none before."""

import sys
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog

FILE = Path(PARQUET)
LATER = LATER_MODULES


def _loaded(names):
    return sorted(name for name in names if name in sys.modules)


def _shown(kind):
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and type(w).__name__ == kind]


def _close(qtbot, kind):
    qtbot.waitUntil(lambda: len(_shown(kind)) == 1)
    dialog = _shown(kind)[0]
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not _shown(kind))
    return dialog


def test_each_action_imports_what_it_needs_when_used(qtbot, monkeypatch, tmp_path):
    from viewer.window import MainWindow

    window = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    window.open_file(FILE)
    qtbot.waitUntil(lambda: window.timeline() is not None, timeout=60_000)
    qtbot.waitUntil(lambda: window.canvas.frame_stats.paints > 0)
    every = [name for names in LATER.values() for name in names]
    assert _loaded(every) == []
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)

    def done(action):  # (a load, say, imports on the loader's worker: waited for)
        qtbot.waitUntil(lambda: _loaded(LATER[action]) == sorted(LATER[action]), timeout=60_000)

    QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # New Event
    _close(qtbot, "EventDialog")
    done("new_event")

    QTest.keyClick(window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)  # Go to Date
    qtbot.waitUntil(lambda: len(_shown("GoToDateDialog")) == 1)
    dialog = _shown("GoToDateDialog")[0]
    QTest.keyClicks(dialog.edit, "between Monday and Thursday")
    assert dialog.meaning.text()
    _close(qtbot, "GoToDateDialog")
    done("go_to_words")

    window.action("new_era").trigger()  # Edit > New Era
    _close(qtbot, "EraDialog")
    done("new_era")

    window.action("sources").trigger()  # Edit > Sources
    _close(qtbot, "SourcesDialog")
    done("sources")

    QTest.keyClick(window, Qt.Key.Key_F1)  # Help > Legend
    _close(qtbot, "LegendDialog")
    done("legend")

    picture = tmp_path / "out.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(picture), ""))
    window.action("export_image").trigger()  # File > Export > Image
    assert picture.read_bytes()[:4] == b"\\x89PNG"
    done("export_image")

    pdf = tmp_path / "out.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(pdf), ""))
    window.action("export_pdf").trigger()  # File > Export > PDF
    assert pdf.read_bytes()[:5] == b"%PDF-"
    done("export_pdf")

    window.action("group_tag").trigger()  # View > Group By > Tag
    done("group_tag")

    toml = tmp_path / "saved.toml"
    window.editor.choose_save_path = lambda: str(toml)
    window.action("save_as").trigger()  # File > Save As, a TOML file: written, then opened
    qtbot.waitUntil(lambda: window.current_path() == toml, timeout=60_000)
    assert "\\ntitle = " in toml.read_text(encoding="utf-8")
    done("save_as_toml")
'''


def test_each_action_imports_its_modules_when_the_user_first_takes_it(
    parquet_file: Path, tmp_path: Path
) -> None:
    """The session (pytest-qt, in a fresh interpreter) acts as a user: keys and menu items."""
    pytest.importorskip("PySide6")
    pytest.importorskip("pytestqt")
    session = tmp_path / "session_test.py"
    session.write_text(
        _SESSION.replace("PARQUET", repr(str(parquet_file))).replace("LATER_MODULES", repr(LATER)),
        encoding="utf-8",
    )
    (tmp_path / "pytest.ini").write_text("[pytest]\nqt_api = pyside6\n", encoding="utf-8")
    done = _run(
        ["-m", "pytest", "-q", "-p", "no:cacheprovider", "-c", "pytest.ini", session.name],
        tmp_path,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
