"""Edit ▸ Sources…: adding, editing and removing sources as a user (issue 11)."""

# The fixtures imported from tests.test_window and tests.test_editing are parameters here.
# ruff: noqa: F401, F811

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

import timeline
from tests.test_editing import Answers, answers
from tests.test_window import WindowFactory, make_window, sample_file, settings_dir, window
from timeline import edit
from timeline.models import Source, Timeline
from viewer import sourcesdialog
from viewer.busy import BusyBar
from viewer.sourceform import SourceForm, check
from viewer.sourcesdialog import REMOVE_CITED, SourceDialog, SourcesDialog
from viewer.window import MainWindow

_LEFT = Qt.MouseButton.LeftButton


def _open(window: MainWindow) -> SourcesDialog:
    action = window.action("sources")
    assert action.isEnabled()
    action.trigger()
    dialog = window.findChild(SourcesDialog)
    assert isinstance(dialog, SourcesDialog)
    return dialog


def _form(dialog: SourcesDialog) -> SourceDialog:
    form = dialog.findChild(SourceDialog)
    assert isinstance(form, SourceDialog)
    return form


def _type(form: SourceDialog, field: str, text: str) -> None:
    editor = form.fields[field]
    editor.selectAll()
    QTest.keyClick(editor, Qt.Key.Key_Delete)
    QTest.keyClicks(editor, text)


def _new_id(window: MainWindow, old: str, new: str) -> SourcesDialog:
    """Edit ▸ Sources…, the source ``old`` edited: its id typed ``new``, then OK."""
    dialog = _open(window)
    dialog.select(old)
    QTest.mouseClick(dialog.edit_button, _LEFT)
    form = _form(dialog)
    _type(form, "id", new)
    QTest.mouseClick(form.ok, _LEFT)
    return dialog


def _commented(path: Path, source_id: str, note: str) -> None:
    """Write the comment line ``note`` just above the table of the source ``source_id``."""
    text = path.read_text(encoding="utf-8")
    header = f'[[sources]]\nid = "{source_id}"'
    assert header in text
    path.write_text(text.replace(header, f"{note}\n{header}"), encoding="utf-8")


def _lines(dialog: SourcesDialog) -> list[str]:
    return [dialog.list.item(i).text() for i in range(dialog.list.count())]


def test_sources_are_listed_and_one_is_added_saved_and_undone(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    dialog = _open(window)
    assert dialog.source_ids() == ["release", "article"]
    assert _lines(dialog)[1] == "Blasting News: Sanctuary cities targeted by ICE raids (Sep 2017)"
    QTest.mouseClick(dialog.add_button, _LEFT)
    form = _form(dialog)
    assert not form.ok.isEnabled()
    assert form.problems["title"].text() == "must not be empty"
    _type(form, "title", "Court filing <b>in full</b>")
    _type(form, "url", "ftp://example.org/filing")
    _type(form, "published", "2017-13")
    assert not form.ok.isEnabled()
    assert form.problems["url"].text() == "'ftp://example.org/filing' is not an http(s) URL"
    assert "2017-13" in form.problems["published"].text()
    assert form.problems["title"].isHidden()
    _type(form, "url", "https://example.org/filing")
    _type(form, "published", "2017-09-29")
    _type(form, "publisher", "PACER")
    assert form.ok.isEnabled()
    QTest.mouseClick(form.ok, _LEFT)
    assert not form.isVisible()
    assert dialog.source_ids() == ["release", "article", "court-filing-b-in-full-b"]
    assert _lines(dialog)[2] == "PACER: Court filing <b>in full</b> (29 Sep 2017)"  # as typed
    assert dialog.selected_id() == "court-filing-b-in-full-b"
    assert window.action("undo").text() == "&Undo Add source 'Court filing <b>in full</b>'"
    QTest.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not window.isWindowModified()
    saved = timeline.load(sample_file)
    assert saved.source("court-filing-b-in-full-b") == Source(
        "court-filing-b-in-full-b",
        "Court filing <b>in full</b>",
        publisher="PACER",
        url="https://example.org/filing",
        published=timeline.When.parse("2017-09-29"),
    )
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dialog.source_ids() == ["release", "article"]


def test_a_source_is_edited_in_its_place(qtbot: QtBot, window: MainWindow) -> None:
    dialog = _open(window)
    dialog.select("release")
    QTest.mouseClick(dialog.edit_button, _LEFT)
    form = _form(dialog)
    assert form.fields["published"].text() == "2017-09-28"
    _type(form, "publisher", "ICE")
    _type(form, "published", "2017-09-28~")
    QTest.mouseClick(form.ok, _LEFT)
    tl = window.timeline()
    assert tl is not None
    assert [s.id for s in tl.sources] == ["release", "article"]
    assert tl.source("release").publisher == "ICE"
    assert tl.source("release").published == timeline.When.parse("2017-09-28~")
    assert (
        window.action("undo").text() == "&Undo Edit source 'ICE arrests 498 in Operation Safe City'"
    )


def test_a_source_given_a_new_id_takes_its_citations_along(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    before = window.timeline()
    dialog = _open(window)
    dialog.select("release")
    QTest.mouseClick(dialog.edit_button, _LEFT)
    form = _form(dialog)
    assert form.id.text() == "release"
    assert not form.id_note.isVisible()
    _type(form, "id", "article")
    assert form.problems["id"].text() == (
        "'article' is already the id of 'Sanctuary cities targeted by ICE raids'"
    )
    assert not form.ok.isEnabled()
    _type(form, "id", "ice-release")
    assert form.id_note.isVisible()
    assert form.id_note.text() == "Was release: the events' citations of it will follow the new id."
    QTest.mouseClick(form.ok, _LEFT)
    assert dialog.source_ids() == ["ice-release", "article"]
    assert dialog.selected_id() == "ice-release"
    tl = window.timeline()
    assert tl is not None
    assert [c.source for c in tl["safe-city-announced"].sources] == ["ice-release"]
    assert not any(c.source == "release" for e in tl.events for c in e.sources)
    assert window.action("undo").text() == (
        "&Undo Change the id of source 'ICE arrests 498 in Operation Safe City' to 'ice-release'"
        " (2 citing events updated)"
    )
    assert window.editor.save()
    text = sample_file.read_text(encoding="utf-8")
    assert 'source = "release"' not in text
    assert text.count('source = "ice-release"') == 2
    window.action("undo").trigger()
    assert window.timeline() == before


def test_removing_a_cited_source_lists_the_events_first(
    qtbot: QtBot, window: MainWindow, answers: Answers
) -> None:
    dialog = _open(window)
    dialog.select("release")
    answers.answers = ["Cancel", REMOVE_CITED]
    QTest.mouseClick(dialog.remove_button, _LEFT)
    assert "'Operation Safe City'" in answers.asked[0]
    assert "'ICE announces the results'" in answers.asked[0]
    assert answers.asked[0].endswith("Remove the source and its citations in 2 events?")
    assert dialog.source_ids() == ["release", "article"]
    assert not window.action("undo").isEnabled()
    QTest.mouseClick(dialog.remove_button, _LEFT)
    assert dialog.source_ids() == ["article"]
    tl = window.timeline()
    assert tl is not None
    assert all(c.source != "release" for e in tl.events for c in e.sources)
    assert window.action("undo").text() == (
        "&Undo Delete source 'ICE arrests 498 in Operation Safe City' and 2 citations of it"
    )
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    tl = window.timeline()
    assert tl is not None
    assert dialog.source_ids() == ["release", "article"]
    assert [c.source for c in tl["safe-city-announced"].sources] == ["release"]


def test_sources_need_an_open_timeline(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    assert not window.action("sources").isEnabled()


# -- the form's rules, without Qt -------------------------------------------------------------


def test_the_form_keeps_the_id_and_note_of_the_source_edited() -> None:
    old = Source("release", "Release", note="kept")
    checked = check(SourceForm(title="New title", url=" "), None, old)
    assert checked.source == Source("release", "New title", note="kept")


def test_the_form_takes_a_typed_id_or_makes_one() -> None:
    tl = Timeline("T", [], [Source("release", "Release"), Source("story", "Story")])
    assert check(SourceForm(title="A release"), tl).source == Source("a-release", "A release")
    assert check(SourceForm(title="Release"), tl).source == Source("release-2", "Release")
    assert check(SourceForm(title="T", id=" mine "), tl).source == Source("mine", "T")
    old = tl.source("release")
    assert check(SourceForm(title="Release", id="release"), tl, old).source == old
    assert check(SourceForm(title="Release", id="new"), tl, old).source == Source("new", "Release")
    taken = check(SourceForm(title="Release", id="story"), tl, old)
    assert taken.problems == {"id": "'story' is already the id of 'Story'"}
    assert list(check(SourceForm(title="T", id="two words"), tl).problems) == ["id"]


@pytest.mark.parametrize(
    ("form", "field"),
    [
        (SourceForm(title=" "), "title"),
        (SourceForm(title="T", url="javascript:alert(1)"), "url"),
        (SourceForm(title="T", url="data:text/html,x"), "url"),
        (SourceForm(title="T", published="next Tuesday"), "published"),
        (SourceForm(title="T", publisher="x" * 1001), "publisher"),
    ],
)
def test_each_problem_is_named_by_its_field(form: SourceForm, field: str) -> None:
    checked = check(form, None)
    assert checked.source is None
    assert list(checked.problems) == [field]


def _cited_window(make_window: WindowFactory, tmp_path: Path, n: int) -> MainWindow:
    """A window on a timeline of ``n`` events, each citing the source ``wire``."""
    events = [
        timeline.Event(
            f"e{k:02d}",
            f"Event {k}",
            timeline.When.parse(f"2017-09-{1 + k % 28:02d}"),
            sources=(timeline.Citation("wire"),),
        )
        for k in range(n)
    ]
    path = tmp_path / "cited.toml"
    sources = (Source("wire", "Wire story"), Source("other", "Other"))
    timeline.dump(timeline.Timeline("Cited", events, sources), path)
    return make_window(path)


def test_a_source_cited_by_many_events_lists_a_dozen_and_counts_the_rest(
    qtbot: QtBot, make_window: WindowFactory, answers: Answers, tmp_path: Path
) -> None:
    # a question listing every citing event grew past the screen (100,000 lines at a
    # million events), its buttons out of reach
    window = _cited_window(make_window, tmp_path, 30)
    dialog = _open(window)
    dialog.select("wire")
    answers.answers = [REMOVE_CITED]
    QTest.mouseClick(dialog.remove_button, _LEFT)
    lines = answers.asked[0].splitlines()
    assert lines[0] == "These events cite 'Wire story':"
    assert len(lines) == 1 + 12 + 1
    assert lines[1].startswith("  'Event ")
    assert lines[-2] == "  … and 19 more"
    assert lines[-1] == "Remove the source and its citations in 30 events?"
    tl = window.timeline()
    assert tl is not None
    assert dialog.source_ids() == ["other"]
    assert all(not e.sources for e in tl.events)


def _held_removal(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The removal of the source ``wire`` held until the event returned is set (the worker
    waits: what the window shows meanwhile can be checked)."""
    release = threading.Event()
    removing = edit.remove_source

    def held(tl: Timeline, source_id: str, *, uncite: bool = False) -> edit.Change:
        if source_id == "wire":
            assert release.wait(20)
        return removing(tl, source_id, uncite=uncite)

    monkeypatch.setattr(edit, "remove_source", held)
    return release


@pytest.fixture
def removing_wire(
    make_window: WindowFactory, answers: Answers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[MainWindow, SourcesDialog, threading.Event]:
    """A window whose source ``wire``, cited by 30 events, the user has asked to remove with
    its citations: made on a worker (from :data:`CHANGE_AWAY_FROM` events, lowered to 10:
    seconds at a million, the window frozen), held until the event returned is set."""
    monkeypatch.setattr(sourcesdialog, "CHANGE_AWAY_FROM", 10)
    release = _held_removal(monkeypatch)
    window = _cited_window(make_window, tmp_path, 30)
    dialog = _open(window)
    dialog.select("wire")
    answers.answers = [REMOVE_CITED]
    QTest.mouseClick(dialog.remove_button, _LEFT)
    return window, dialog, release


def test_a_source_cited_by_many_events_is_removed_on_a_worker(
    qtbot: QtBot, removing_wire: tuple[MainWindow, SourcesDialog, threading.Event]
) -> None:
    window, dialog, release = removing_wire
    before = window.timeline()
    status = window.statusBar().currentMessage()
    assert status == "Removing 'Wire story' and its citations in 30 events…"
    assert dialog.source_ids() == ["wire", "other"]  # (not yet: on the worker)
    busy = window.findChild(BusyBar, "busy")
    assert busy is not None
    assert busy.isVisible()
    release.set()
    qtbot.waitUntil(lambda: dialog.source_ids() == ["other"], timeout=20_000)
    tl = window.timeline()
    assert tl is not None
    assert all(not e.sources for e in tl.events)
    assert window.statusBar().currentMessage() == ""
    assert not busy.isVisible()
    assert window.action("undo").text() == "&Undo Delete source 'Wire story' and 30 citations of it"
    window.action("undo").trigger()
    assert window.timeline() == before
    assert dialog.source_ids() == ["wire", "other"]


def test_a_source_cited_by_many_events_is_given_a_new_id_on_a_worker(
    qtbot: QtBot,
    make_window: WindowFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sourcesdialog, "CHANGE_AWAY_FROM", 10)
    window = _cited_window(make_window, tmp_path, 30)
    before = window.timeline()
    dialog = _new_id(window, "wire", "newswire")
    assert window.timeline() is before  # (not yet: on the worker)
    assert window.statusBar().currentMessage() == ("Changing the id of 'Wire story' in 30 events…")
    qtbot.waitUntil(lambda: dialog.source_ids() == ["newswire", "other"], timeout=20_000)
    tl = window.timeline()
    assert tl is not None
    assert {c.source for e in tl.events for c in e.sources} == {"newswire"}
    assert window.action("undo").text() == (
        "&Undo Change the id of source 'Wire story' to 'newswire' (30 citing events updated)"
    )
    assert dialog.selected_id() == "newswire"  # (selected once shown, as a change made here)


def test_a_new_id_taken_while_the_form_was_open_is_refused_in_the_form_not_on_a_worker(
    make_window: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sourcesdialog, "CHANGE_AWAY_FROM", 10)
    window = _cited_window(make_window, tmp_path, 30)
    dialog = _open(window)
    dialog.select("wire")
    QTest.mouseClick(dialog.edit_button, _LEFT)
    form = _form(dialog)
    _type(form, "id", "newswire")
    assert not form.message.isVisible()  # (free when typed)
    tl = window.timeline()
    assert tl is not None
    window.editor.push(edit.add_source(tl, Source("newswire", "Newswire")))  # meanwhile
    after = window.timeline()
    QTest.mouseClick(form.ok, _LEFT)
    assert form.isVisible()  # (the form stays, saying why)
    assert form.message.text() == (
        "Not saved: replace_source: source.id: 'newswire' is already used"
    )
    assert not window.editor.away.running()
    assert "Changing the id" not in window.statusBar().currentMessage()
    assert window.timeline() is after


def test_a_change_made_on_a_worker_is_dropped_when_the_timeline_changed_meanwhile(
    qtbot: QtBot, removing_wire: tuple[MainWindow, SourcesDialog, threading.Event]
) -> None:
    window, dialog, release = removing_wire
    dialog.select("other")  # meanwhile, another source removed (no event cites it)
    QTest.mouseClick(dialog.remove_button, _LEFT)
    assert dialog.source_ids() == ["wire"]
    release.set()
    qtbot.waitUntil(lambda: not window.editor.away.running(), timeout=20_000)
    assert window.statusBar().currentMessage() == (
        "Not done: Delete source 'Wire story' and 30 citations of it"
        " (the timeline changed meanwhile)"
    )
    assert dialog.source_ids() == ["wire"]
    tl = window.timeline()
    assert tl is not None
    assert all(e.sources for e in tl.events)
    assert window.action("undo").text() == "&Undo Delete source 'Other'"


def test_a_source_removed_then_another_added_leaves_no_comment_of_the_one_removed(
    qtbot: QtBot, make_window: WindowFactory, sample_file: Path, answers: Answers
) -> None:
    # the comment above the last source is about it: removed with it, not kept above the
    # source added after it (the save is told which sources were given new ids, and none was)
    _commented(sample_file, "article", "# Blasting News: its dates are wrong in places.")
    window = make_window(sample_file)
    dialog = _open(window)
    dialog.select("article")
    answers.answers = [REMOVE_CITED]
    QTest.mouseClick(dialog.remove_button, _LEFT)
    assert dialog.source_ids() == ["release"]
    QTest.mouseClick(dialog.add_button, _LEFT)
    form = _form(dialog)
    _type(form, "title", "Court filing")
    QTest.mouseClick(form.ok, _LEFT)
    assert dialog.source_ids() == ["release", "court-filing"]
    QTest.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not window.isWindowModified()
    saved = sample_file.read_text(encoding="utf-8")
    assert "wrong in places" not in saved
    assert 'id = "court-filing"' in saved
    assert timeline.load(sample_file) == window.timeline()


def test_a_source_given_a_new_id_keeps_its_comment_and_place_in_the_file(
    qtbot: QtBot, make_window: WindowFactory, sample_file: Path
) -> None:
    _commented(sample_file, "release", "# The agency's own release.")
    window = make_window(sample_file)
    _new_id(window, "release", "ice-release")
    QTest.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not window.isWindowModified()
    saved = sample_file.read_text(encoding="utf-8")
    assert '# The agency\'s own release.\n[[sources]]\nid = "ice-release"' in saved
    assert saved.index('id = "ice-release"') < saved.index('id = "article"')
    assert timeline.load(sample_file) == window.timeline()
