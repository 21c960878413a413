"""What the window remembers (viewer.windowstate): stored values read back, bad ones ignored."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from viewer.windowstate import MAX_RECENT, WindowState


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "viewer.ini"), QSettings.Format.IniFormat)


def test_a_view_range_is_remembered_for_its_own_file_only(settings: QSettings) -> None:
    state = WindowState(settings)
    state.set_view_range(Path("/data/a.toml"), (10.0, 20.5))
    settings.sync()
    again = WindowState(QSettings(settings.fileName(), QSettings.Format.IniFormat))
    assert again.view_range(Path("/data/a.toml")) == (10.0, 20.5)
    assert again.view_range(Path("/data/b.toml")) is None


@pytest.mark.parametrize(
    ("start", "end"), [("nan", "20"), ("10", "inf"), ("20", "10"), ("5", "5"), ("x", "20")]
)
def test_a_broken_view_range_is_not_used(settings: QSettings, start: str, end: str) -> None:
    settings.setValue("view/file", "/data/a.toml")
    settings.setValue("view/start", start)
    settings.setValue("view/end", end)
    assert WindowState(settings).view_range(Path("/data/a.toml")) is None


def test_unknown_choices_fall_back_to_the_defaults(settings: QSettings) -> None:
    settings.setValue("view/zone", "Mars/Olympus")
    settings.setValue("view/group_by", "colour")
    state = WindowState(settings)
    assert state.zone_choice() == "timeline"
    assert state.group_by() == "none"
    state.set_zone_choice("utc")
    state.set_group_by("tag")
    assert (state.zone_choice(), state.group_by()) == ("utc", "tag")


def test_recent_files_newest_first_without_repeats_and_capped(settings: QSettings) -> None:
    state = WindowState(settings)
    assert state.recent_files() == []
    for n in range(MAX_RECENT + 3):
        state.add_recent(Path(f"/data/{n}.toml"))
    state.add_recent(Path("/data/5.toml"))
    recent = state.recent_files()
    assert len(recent) == MAX_RECENT
    assert recent[:2] == [str(Path("/data/5.toml")), str(Path(f"/data/{MAX_RECENT + 2}.toml"))]
    assert len(set(recent)) == len(recent)
    state.clear_recent()
    assert state.recent_files() == []


def test_a_single_recent_file_stored_as_text_is_read(settings: QSettings) -> None:
    settings.setValue("file/recent", "/data/a.toml")  # an ini file keeps a one-item list so
    assert WindowState(settings).recent_files() == ["/data/a.toml"]
    settings.setValue("file/recent", 42)
    assert WindowState(settings).recent_files() == []


@pytest.mark.parametrize(("stored", "read"), [("yes", False), (3, False), ("true", True)])
def test_show_all_links_is_off_unless_stored_on(
    settings: QSettings, stored: object, read: bool
) -> None:
    state = WindowState(settings)
    assert state.all_links() is False
    settings.setValue("view/all_links", stored)
    assert state.all_links() is read
    state.set_all_links(True)
    settings.sync()
    assert WindowState(QSettings(settings.fileName(), QSettings.Format.IniFormat)).all_links()
