"""The viewer opens a Parquet timeline (File ▸ Open offers it) and saves it back as Parquet."""

# The fixtures imported from tests.test_window are parameters of the tests here.
# ruff: noqa: F401, F811

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

import timeline
from tests.test_editing import answers
from tests.test_window import (
    SAMPLE_IDS,
    WindowFactory,
    make_window,
    sample_file,
    settings_dir,
)
from timeline import edit
from timeline.columns import EventColumns
from viewer import rows

pytest.importorskip("pyarrow")


@pytest.fixture
def parquet_file(sample_file: Path) -> Path:
    target = sample_file.with_suffix(".parquet")
    timeline.dump(timeline.load(sample_file), target)
    return target


def test_open_offers_parquet_files_and_shows_their_events(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, make_window: WindowFactory, parquet_file: Path
) -> None:
    window = make_window()
    offered: list[str] = []

    def choose(*args: object, **kwargs: object) -> tuple[str, str]:
        offered.append(str(args[3]))
        return str(parquet_file), "Timelines (*.toml *.parquet)"

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(choose))
    with qtbot.waitSignal(window.timeline_changed, timeout=10_000):
        window.action("open").trigger()
    assert "*.parquet" in offered[0]
    assert window.event_list.event_ids() == SAMPLE_IDS


def test_saving_a_parquet_timeline_writes_parquet(
    qtbot: QtBot, make_window: WindowFactory, parquet_file: Path
) -> None:
    window = make_window(parquet_file)
    tl = window.timeline()
    assert tl is not None
    event_id = SAMPLE_IDS[0]
    window.editor.push(
        edit.replace_event(tl, event_id, attrs.evolve(tl[event_id], title="Renamed"))
    )
    assert window.isWindowModified()
    # the edited timeline is still held as the file's columns (no other event made), and
    # the list shows the new title
    edited = window.timeline()
    assert edited is not None
    assert isinstance(edited.events, EventColumns)
    assert edited.events.made() < len(SAMPLE_IDS)
    shown = window.event_list
    row = shown.row_of(event_id)
    assert row is not None
    assert shown.model().index(row, rows.TITLE).data() == "Renamed"
    QTest.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not window.isWindowModified()
    assert parquet_file.read_bytes()[:4] == b"PAR1"  # still Parquet, not TOML text
    assert timeline.load(parquet_file) == window.timeline()
    assert timeline.load(parquet_file)[event_id].title == "Renamed"


def test_a_parquet_file_is_not_written_out_as_toml_until_saved_as_toml(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    make_window: WindowFactory,
    parquet_file: Path,
    tmp_path: Path,
) -> None:
    # the TOML text of a million-event table is seconds of work: opening, editing and
    # saving back to Parquet never make it; Save As TOML does, once
    from viewer import editing

    written: list[int] = []
    real_dumps = timeline.dumps

    def counting_dumps(tl: timeline.Timeline) -> str:
        written.append(len(tl))
        return real_dumps(tl)

    monkeypatch.setattr(editing, "dumps", counting_dumps)
    window = make_window(parquet_file)
    tl = window.timeline()
    assert tl is not None
    assert window.drag_editing.can_edit()
    assert window.sources.can_edit()
    event_id = SAMPLE_IDS[0]
    window.editor.push(edit.replace_event(tl, event_id, attrs.evolve(tl[event_id], title="X")))
    QTest.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not window.isWindowModified()
    assert written == []
    target = tmp_path / "as.toml"
    window.editor.choose_save_path = lambda: str(target)
    with qtbot.waitSignal(window.timeline_changed, timeout=10_000):
        assert window.editor.save_as()
    assert written == [len(SAMPLE_IDS)]
    assert timeline.load(target)[event_id].title == "X"
