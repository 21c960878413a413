"""The details panel: what it shows, as plain text, and which links it opens."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFrame, QLabel
from pytestqt.qtbot import QtBot

import timeline
from timeline.models import Citation, Event, Source, Timeline
from timeline.when import When
from viewer.details import DetailsPanel, LinkLabel, is_openable_url

DATA = Path(__file__).parent / "data" / "viewer"


@pytest.fixture
def sample() -> Timeline:
    return timeline.load(DATA / "sample.toml")


@pytest.fixture
def panel(qtbot: QtBot) -> DetailsPanel:
    widget = DetailsPanel()
    qtbot.addWidget(widget)
    widget.resize(420, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    urls: list[str] = []

    def fake_open(url: QUrl) -> bool:
        urls.append(url.toString())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(fake_open))
    return urls


def _labels(panel: DetailsPanel, name: str) -> list[QLabel]:
    return [w for w in panel.findChildren(QLabel, name) if w.isVisibleTo(panel)]


def test_nothing_selected(panel: DetailsPanel, sample: Timeline) -> None:
    assert "No event selected" in panel.text()
    panel.show_event(sample, "no-such-event")
    assert panel.event_id() == ""
    assert "No event selected" in panel.text()


def test_shows_everything_known_about_an_event(panel: DetailsPanel, sample: Timeline) -> None:
    panel.show_event(sample, "operation-safe-city")
    assert panel.event_id() == "operation-safe-city"
    text = panel.text()
    for expected in (
        "Operation Safe City",
        "24–27 Sep 2017",
        "EDTF 2017-09-24/2017-09-27",
        "Status: happened",
        "Tags: enforcement, ice",
        "A four-day arrest operation.",
        "Portland, Oregon (45.5200° N, 122.6800° W)",
        "Tom Homan — Acting Director, ICE",
        "arrested: 498",
        "ICE arrests 498 in Operation Safe City",
        "U.S. Immigration and Customs Enforcement, published 28 Sep 2017",
        "“four-day operation that ended Wednesday”",
        "Sanctuary cities targeted by ICE raids",
        "Blasting News, published Sep 2017",
        "ICE announces the results",
    ):
        assert expected in text, expected


def test_a_report_that_differs_from_the_record_is_marked(
    panel: DetailsPanel, sample: Timeline
) -> None:
    panel.show_event(sample, "operation-safe-city")
    differs = _labels(panel, "reported-differs")
    assert [d.text() for d in differs] == [
        "⚠ reported 25–28 Sep 2017 ('between Monday and Thursday') — differs from the record "
        "(24–27 Sep 2017)"
    ]
    assert differs[0].font().bold()
    agrees = _labels(panel, "reported")
    assert [a.text() for a in agrees] == ["reported 24–27 Sep 2017"]
    assert "1 source reports a different date" in panel.text()

    panel.show_event(sample, "chicago-injunction")  # "two weeks ago", consistent
    assert _labels(panel, "reported-differs") == []
    assert [a.text() for a in _labels(panel, "reported")] == [
        "reported c. 15 Sep 2017 ('two weeks ago')"
    ]
    assert "different date" not in panel.text()


def test_time_zone_and_place_without_markup(panel: DetailsPanel, sample: Timeline) -> None:
    panel.show_event(sample, "sessions-portland")
    text = panel.text()
    assert "19 Sep 2017, 13:00 PDT" in text
    assert "EDTF 2017-09-19T13:00 · time zone America/Los_Angeles" in text


def test_markup_in_the_data_is_shown_literally(panel: DetailsPanel) -> None:
    tl = timeline.load(DATA / "markup.toml")
    panel.show_event(tl, "img")
    title = _labels(panel, "details-title")[0]
    assert title.text() == "<img src=x>"
    assert title.textFormat() == Qt.TextFormat.PlainText
    for label in panel.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText, label.text()
    text = panel.text()
    assert "<script>alert(1)</script> & more" in text
    assert "<b>bold</b> source" in text
    assert "“<a href='javascript:alert(1)'>click</a>”" in text


def test_an_https_source_opens_on_click(
    qtbot: QtBot, panel: DetailsPanel, sample: Timeline, opened: list[str]
) -> None:
    panel.show_event(sample, "operation-safe-city")
    links = panel.findChildren(LinkLabel, "source-link")
    assert [link.text() for link in links] == ["https://www.ice.gov/news/safe-city"]
    QTest.mouseClick(links[0], Qt.MouseButton.LeftButton)
    assert opened == ["https://www.ice.gov/news/safe-city"]


def test_other_schemes_are_text_and_never_open(
    qtbot: QtBot, panel: DetailsPanel, opened: list[str]
) -> None:
    # The loader refuses such URLs; the panel must not rely on it.
    with attrs.validators.disabled():
        sources = [
            Source("js", "Script", url="javascript:alert(document.cookie)"),
            Source("file", "Local", url="file:///etc/passwd"),
            Source("data", "Data", url="data:text/html,<script>alert(1)</script>"),
        ]
    event = Event("e", "E", When.parse("2017-09-15"), sources=[Citation(s.id) for s in sources])
    tl = Timeline("t", [event], sources)
    panel.show_event(tl, "e")
    assert panel.findChildren(LinkLabel, "source-link") == []
    inert = [label.text() for label in _labels(panel, "source-url-inert")]
    assert inert == [
        "javascript:alert(document.cookie) (not a web link; not opened)",
        "file:///etc/passwd (not a web link; not opened)",
        "data:text/html,<script>alert(1)</script> (not a web link; not opened)",
    ]
    for label in _labels(panel, "source-url-inert"):
        QTest.mouseClick(label, Qt.MouseButton.LeftButton)
    assert opened == []


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/a?b=1", True),
        ("http://example.org", True),
        ("HTTPS://EXAMPLE.ORG", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("ftp://example.org", False),
        ("https://", False),
        ("//example.org", False),
        ("", False),
    ],
)
def test_is_openable_url(url: str, ok: bool) -> None:
    assert is_openable_url(url) is ok


def test_related_events_are_links_that_ask_for_selection(
    qtbot: QtBot, panel: DetailsPanel, sample: Timeline
) -> None:
    panel.show_event(sample, "operation-safe-city")
    links = panel.findChildren(LinkLabel, "related-link")
    assert [link.text() for link in links] == ["ICE announces the results"]
    assert "announced by · 28 Sep 2017" in panel.text()
    with qtbot.waitSignal(panel.event_requested) as blocker:
        QTest.mouseClick(links[0], Qt.MouseButton.LeftButton)
    assert blocker.args == ["safe-city-announced"]
    links[0].setFocus()
    with qtbot.waitSignal(panel.event_requested) as blocker:
        QTest.keyClick(links[0], Qt.Key.Key_Return)
    assert blocker.args == ["safe-city-announced"]


def test_a_link_may_replace_the_panel_it_is_in(
    qtbot: QtBot, panel: DetailsPanel, sample: Timeline
) -> None:
    panel.event_requested.connect(lambda event_id: panel.show_event(sample, event_id))
    panel.show_event(sample, "operation-safe-city")
    link = panel.findChildren(LinkLabel, "related-link")[0]
    QTest.mouseClick(link, Qt.MouseButton.LeftButton)
    assert panel.event_id() == "safe-city-announced"
    qtbot.waitUntil(lambda: len(panel.findChildren(LinkLabel, "related-link")) == 0)


def test_figures_in_words_and_one_card_per_source_disagreeing_first(
    panel: DetailsPanel, events_path: Path
) -> None:
    tl = timeline.load(events_path)
    panel.show_event(tl, "operation-safe-city")
    text = panel.text()
    assert "criminal convictions: 317" in text
    assert "criminal_convictions" not in text
    boxes = [b for b in panel.findChildren(QFrame, "source") if b.isVisibleTo(panel)]
    titles = [b.findChildren(QLabel)[0].text() for b in boxes]
    seed = tl.source("seed-article")
    assert titles.count(seed.title) == 1  # cited twice: one card with both quotes
    assert titles[0] == seed.title  # it disagrees with the record: first
    assert seed.note is not None
    assert text.count(seed.note.strip()) == 1
    first = boxes[0].findChildren(QLabel)
    assert any(label.objectName() == "reported-differs" for label in first)
    quotes = [c.quote for c in tl["operation-safe-city"].sources if c.source == seed.id]
    for quote in quotes:
        assert quote is not None
        assert any(quote in label.text() for label in first)
