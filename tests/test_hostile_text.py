"""Hostile text in a timeline file is shown as text, laid out, and never opened.

``tests/data/viewer/hostile.toml`` holds markup, ``javascript:`` links,
right-to-left overrides, zero-width characters, emoji, combining marks and very
long titles.  Everywhere the viewer shows them (list, details, tooltips,
canvas) they read literally; nothing in them is a link; only an http(s) source
link opens, and only on a click.
"""

# The fixtures imported from tests.test_window are parameters of the tests here.
# ruff: noqa: F401, F811

from __future__ import annotations

import html
import itertools
import shutil
from pathlib import Path

import attrs
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

import timeline
from tests.test_window import WindowFactory, make_window, settings_dir
from timeline.models import Event, Place, Timeline
from timeline.rules import MAX_SHORT_TEXT
from timeline.when import When
from viewer.details import LinkLabel, isolate
from viewer.eventlist import EventTableModel
from viewer.window import MainWindow

DATA = Path(__file__).parent / "data" / "viewer"
HOSTILE = DATA / "hostile.toml"
WAIT_MS = 10_000

MARKUP_TITLES = {
    "img": "<img src=x onerror=alert(1)>",
    "anchor": '<a href="javascript:alert(1)">x</a>',
}
OTHER_TITLES = {
    "rtl": "Invoice \u202efdp.exe\u202c and zero\u200bwidth\u200d\ufeffjoin",
    "emoji": "🎉🔥 Family 👨\u200d👩\u200d👧\u200d👦 and flags 🇺🇸🇬🇧",
    "combining": (
        "Ze\u0301ro a\u0300\u0301\u0302\u0303\u0304 "
        "Z\u0335\u0321\u0322a\u0337\u0317l\u0338g\u0336o\u0334"
    ),
    "long": "L" * 1000,
}
TITLES = {**MARKUP_TITLES, **OTHER_TITLES}


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every URL the viewer asks the desktop to open (nothing is really opened)."""
    urls: list[str] = []

    def fake_open(url: QUrl) -> bool:
        urls.append(url.toString())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(fake_open))
    return urls


@pytest.fixture
def hostile_file(tmp_path: Path) -> Path:
    target = tmp_path / "hostile.toml"
    shutil.copy(HOSTILE, target)
    return target


@pytest.fixture
def window(make_window: WindowFactory, hostile_file: Path, opened: list[str]) -> MainWindow:
    """A window with no file yet (``opened`` is active from the start)."""
    win = make_window()
    win.resize(1200, 800)
    return win


@pytest.fixture
def shown(qtbot: QtBot, window: MainWindow, hostile_file: Path) -> MainWindow:
    with qtbot.waitSignal(window.timeline_changed, timeout=WAIT_MS):
        window.open_file(hostile_file)
    return window


def _details_labels(window: MainWindow) -> list[QLabel]:
    return [w for w in window.details.findChildren(QLabel) if w.isVisibleTo(window.details)]


def _no_label_is_a_link(root: QWidget) -> None:
    for label in root.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText, label.text()[:80]
        assert not label.openExternalLinks(), label.text()[:80]
        flags = label.textInteractionFlags()
        assert not flags & Qt.TextInteractionFlag.LinksAccessibleByMouse, label.text()[:80]
        assert not flags & Qt.TextInteractionFlag.LinksAccessibleByKeyboard, label.text()[:80]


# -- the list --------------------------------------------------------------------------------


def test_the_list_shows_every_title_literally(shown: MainWindow) -> None:
    model = shown.event_list.model()
    rows = {
        str(model.index(r, 0).data(Qt.ItemDataRole.UserRole + 1)): r
        for r in range(model.rowCount())
    }
    for event_id, title in TITLES.items():
        index = model.index(rows[event_id], EventTableModel.TITLE)
        assert index.data(Qt.ItemDataRole.DisplayRole) == title
        assert shown.event_list.textElideMode() == Qt.TextElideMode.ElideRight
        assert not shown.event_list.wordWrap()
    tags = model.index(rows["img"], EventTableModel.TAGS).data()
    assert tags == "<i>tag</i>"


def test_list_tooltips_are_escaped_so_markup_is_never_rendered(shown: MainWindow) -> None:
    model = shown.event_list.model()
    for r in range(model.rowCount()):
        tip = str(model.index(r, EventTableModel.TITLE).data(Qt.ItemDataRole.ToolTipRole))
        title = str(model.index(r, EventTableModel.TITLE).data())
        assert "<img" not in tip
        assert "<a " not in tip
        shown_text = title if len(title) <= 300 else title[:299] + "…"
        assert html.escape(shown_text) in tip
    tags_tip = str(model.index(0, EventTableModel.TAGS).data(Qt.ItemDataRole.ToolTipRole))
    assert "&lt;i&gt;tag&lt;/i&gt;" in tags_tip


# -- the details panel -------------------------------------------------------------------------


@pytest.mark.parametrize("event_id", list(TITLES))
def test_the_details_title_is_the_literal_plain_text(shown: MainWindow, event_id: str) -> None:
    shown.select_event(event_id)
    title = shown.details.findChild(QLabel, "details-title")
    assert isinstance(title, QLabel)
    assert title.textFormat() == Qt.TextFormat.PlainText
    assert title.text() == TITLES[event_id]
    _no_label_is_a_link(shown.details)


def test_markup_in_summaries_quotes_places_and_sources_reads_literally(shown: MainWindow) -> None:
    shown.select_event("img")
    texts = [label.text() for label in _details_labels(shown)]
    assert '<a href="javascript:alert(1)">x</a>' in texts  # the place
    assert '“<a href="javascript:alert(1)">click me</a>”' in texts  # the quote
    assert "<img src=x onerror=alert(1)>" in texts  # the source's title
    assert '<a href="javascript:alert(1)">x</a>' in texts  # its publisher
    assert any(t.startswith("See javascript:alert(1) or file:///etc/passwd") for t in texts)
    _no_label_is_a_link(shown.details)


def test_a_right_to_left_override_stays_inside_its_own_text(shown: MainWindow) -> None:
    shown.select_event("rtl")
    texts = [label.text() for label in _details_labels(shown)]
    assert "\u2068\u202eevil\u2069 — the role stays readable" in texts
    assert "reported ('\u2068\u202elater\u2069')" in texts
    assert isolate("plain") == "plain"  # text without controls is left alone
    assert isolate("\u202ex") == "\u2068\u202ex\u2069"


def test_only_an_http_source_link_opens_and_only_on_a_click(
    qtbot: QtBot, shown: MainWindow, opened: list[str]
) -> None:
    shown.select_event("img")
    links = shown.details.findChildren(LinkLabel, "source-link")
    assert [link.text() for link in links] == ["https://example.org/a?q=%3Cb%3E&r=1"]
    link = links[0]
    inert = [label.text() for label in shown.details.findChildren(QLabel, "source-url-inert")]
    assert inert == ["https://example.org/<script>alert(1)</script> (not a web link; not opened)"]
    # showing, hovering, focusing and selecting text open nothing
    QTest.mouseMove(link)
    link.setFocus()
    for label in _details_labels(shown):
        if not isinstance(label, LinkLabel):
            QTest.mouseClick(label, Qt.MouseButton.LeftButton)
            QTest.mouseDClick(label, Qt.MouseButton.LeftButton)
    assert opened == []
    # a right click or a press that is released elsewhere opens nothing either
    QTest.mouseClick(link, Qt.MouseButton.RightButton)
    QTest.mousePress(link, Qt.MouseButton.LeftButton)
    QTest.mouseRelease(link, Qt.MouseButton.LeftButton, pos=QPoint(-5, -5))
    assert opened == []
    QTest.mouseClick(link, Qt.MouseButton.LeftButton)
    assert opened == ["https://example.org/a?q=%3Cb%3E&r=1"]


@pytest.mark.parametrize("scheme", ["javascript", "file", "data"])
def test_a_file_with_a_non_web_source_url_is_a_clear_load_error(
    qtbot: QtBot, window: MainWindow, opened: list[str], scheme: str
) -> None:
    path = DATA / f"url-{scheme}.toml"
    with pytest.raises(timeline.TimelineError, match=r"sources\[0\]\.url: .* is not an http"):
        timeline.load(path)
    window.open_file(path)
    qtbot.waitUntil(window.banner.isVisible, timeout=WAIT_MS)
    text = window.banner.text()
    assert f"Could not open url-{scheme}.toml" in text
    assert f"{path}:6: sources[0].url: '{scheme}:" in text
    assert "is not an http(s) URL" in text
    assert window.timeline() is None
    _no_label_is_a_link(window)
    assert opened == []


def test_a_non_web_url_that_slips_past_the_loader_is_never_opened(
    qtbot: QtBot, window: MainWindow, opened: list[str]
) -> None:
    """The details panel does not rely on the loader's check (see also test_details)."""
    from timeline.models import Citation, Source

    with attrs.validators.disabled():
        sources = [
            Source("js", "Script", url="javascript:alert(1)"),
            Source("file", "Local", url="file:///etc/passwd"),
            Source("data", "Data", url="data:text/html,<b>x</b>"),
        ]
    event = Event("e", "E", When.parse("2017-09-15"), sources=[Citation(s.id) for s in sources])
    window.details.show_event(Timeline("t", [event], sources), "e")
    assert window.details.findChildren(LinkLabel, "source-link") == []
    for label in window.details.findChildren(QLabel, "source-url-inert"):
        QTest.mouseClick(label, Qt.MouseButton.LeftButton)
        QTest.keyClick(label, Qt.Key.Key_Return)
    assert opened == []


# -- the canvas ----------------------------------------------------------------------------------


def test_canvas_tooltips_escape_the_text(shown: MainWindow) -> None:
    canvas = shown.canvas
    for event_id, title in MARKUP_TITLES.items():
        canvas.zoom_to_event(event_id)
        rect = canvas.event_rect(event_id)
        assert rect is not None, event_id
        tip = canvas.tooltip_at(rect.center())
        assert html.escape(title) in tip
        assert title not in tip


def test_the_canvas_paints_hostile_text(shown: MainWindow) -> None:
    image = shown.canvas.render_image(1200)
    assert not image.isNull()
    pixmap = shown.grab()
    assert not pixmap.isNull()


# -- layout --------------------------------------------------------------------------------------


def _long_timeline() -> Timeline:
    """Titles, names and tags as long as they can be (1,000 characters), long summaries."""
    word = "W" * MAX_SHORT_TEXT
    words = " ".join(["word"] * 200)[:MAX_SHORT_TEXT]
    events = [
        Event("word", word, When.parse("2017-09-10"), summary=word * 10, tags=["T" * 1000]),
        Event(
            "words",
            words,
            When.parse("2017-09-12"),
            summary=" ".join(["word"] * 2_000),
            places=[Place("P" * MAX_SHORT_TEXT)],
        ),
    ]
    return Timeline("x" * MAX_SHORT_TEXT, events)


def _vertically_apart(widgets: list[QWidget]) -> None:
    boxes = sorted((w.geometry() for w in widgets), key=lambda r: r.top())
    for upper, lower in itertools.pairwise(boxes):
        assert upper.bottom() < lower.top(), (upper, lower)


@pytest.mark.parametrize("event_id", ["word", "words"])
def test_a_1000_character_title_does_not_widen_the_window(
    qtbot: QtBot, window: MainWindow, event_id: str
) -> None:
    window.resize(1000, 700)
    qtbot.waitUntil(lambda: window.width() == 1000)
    sizes = window.splitter.sizes()
    columns = [window.event_list.columnWidth(c) for c in range(3)]
    tl = _long_timeline()
    window.loader().loaded.emit(tl)  # as if loaded from a file
    window.select_event(event_id)
    QApplication.processEvents()
    assert window.width() == 1000
    assert window.minimumSizeHint().width() < 1000
    assert window.splitter.sizes() == sizes
    assert [window.event_list.columnWidth(c) for c in range(3)] == columns
    # the details content is as wide as the panel: the long text wraps or is clipped
    content = window.details.widget()
    assert content is not None
    assert content.width() <= window.details.viewport().width()
    title = window.details.findChild(QLabel, "details-title")
    assert isinstance(title, QLabel)
    assert title.text() == tl[event_id].title
    assert title.width() <= content.width()
    layout_children = [
        w
        for w in content.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        if w.isVisibleTo(content)
    ]
    _vertically_apart(layout_children)
    # the tag filter cuts a long tag short
    assert window.tag_filter.width() < 600
    assert window.tag_filter.itemData(1) == "T" * 1000
    # the canvas tooltip is escaped and painted without error
    rect = window.canvas.event_rect(event_id)
    if rect is not None:
        assert html.escape(tl[event_id].title[:50]) in window.canvas.tooltip_at(rect.center())
    assert not window.grab().isNull()


def test_a_long_word_in_the_banner_does_not_widen_the_window(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.resize(900, 600)
    qtbot.waitUntil(lambda: window.width() == 900)
    window.banner.show_message("https://example.org/" + "x" * 8000)
    QApplication.processEvents()
    assert window.width() == 900
    assert window.minimumSizeHint().width() < 900


def test_an_emoji_title_on_the_canvas(shown: MainWindow) -> None:
    shown.canvas.zoom_to_event("emoji")
    rect = shown.canvas.event_rect("emoji")
    assert rect is not None
    assert shown.canvas.event_at(QPointF(rect.center())) == "emoji"
