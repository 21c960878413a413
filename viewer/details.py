"""The details panel: everything known about the selected event.

Every string from the data is shown as *plain text*: the panel is built from
:class:`QLabel` widgets with ``Qt.PlainText``, so a title such as
``<img src=x>`` reads literally and nothing in a file can run or load.
Source links open in the browser only for ``http`` and ``https`` URLs; any
other scheme is shown as text and never opened.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from PySide6.QtCore import QEvent, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont, QKeyEvent, QMouseEvent, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from timeline.columns import brief, reads_back
from timeline.models import Citation, Event, Link, Place, Timeline
from timeline.parquet_io import is_complete
from viewer.cards import SourceCard, figure_words, source_cards
from viewer.clock import describe_in
from viewer.eventread import EventReads

__all__ = ["DetailsPanel", "LinkLabel", "TextLabel", "is_openable_url", "isolate"]

_OPENABLE_SCHEMES = frozenset({"http", "https"})

TEXT_MIN_WIDTH = 60
"""The narrowest a wrapped text label asks to be, however long its longest word."""

_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def isolate(text: str) -> str:
    """``text`` ready to be put inside a line of ours.

    A right-to-left override (U+202E) or another bidirectional control in the
    data would otherwise reorder the rest of the line ("— role", "(45.52° N)").
    Text with such a control is wrapped in a first-strong isolate (U+2068 …
    U+2069); any other text is returned as it is.
    """
    if _BIDI_CONTROLS.isdisjoint(text):
        return text
    return f"\u2068{text}\u2069"


class TextLabel(QLabel):
    """A plain-text label that never asks for more width than :data:`TEXT_MIN_WIDTH`.

    A word-wrapped :class:`QLabel` asks to be as wide as its longest word: a
    10,000-character title without a space would make the panel (or the
    window) 70,000 pixels wide and lay every other line out at that width.
    This one wraps what can be wrapped and clips a longer word at its edge
    (the whole text stays selectable and copyable).
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setText(text)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        if self.wordWrap():
            hint.setWidth(min(hint.width(), TEXT_MIN_WIDTH))
        return hint

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if self.wordWrap():
            hint.setWidth(min(hint.width(), 40 * max(1, self.fontMetrics().averageCharWidth())))
        return hint


def is_openable_url(url: str) -> bool:
    """True when ``url`` is an http(s) URL with a host: the only kind we open."""
    qurl = QUrl(url.strip(), QUrl.ParsingMode.StrictMode)
    return qurl.isValid() and qurl.scheme().lower() in _OPENABLE_SCHEMES and bool(qurl.host())


def _plain(text: str, *, wrap: bool = True, selectable: bool = True) -> QLabel:
    label = TextLabel(text)
    label.setWordWrap(wrap)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _bold(label: QLabel, scale: float = 1.0) -> QLabel:
    font = QFont(label.font())
    font.setBold(True)
    if scale != 1.0 and font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


def _italic(label: QLabel) -> QLabel:
    font = QFont(label.font())
    font.setItalic(True)
    label.setFont(font)
    return label


def _muted(label: QLabel) -> QLabel:
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


_PRESS_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)
"""The keys that follow a focused link."""


class LinkLabel(TextLabel):
    """A plain-text label that acts as a link: click, Enter or Space emit ``clicked``.

    It is never a rich-text anchor: what it does on a click is decided by the
    code that connects ``clicked``, not by the text.
    """

    clicked = Signal()

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setForegroundRole(QPalette.ColorRole.Link)
        font = QFont(self.font())
        font.setUnderline(True)
        self.setFont(font)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._pressed = False

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._pressed = True
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._pressed:
            self._pressed = False
            if self.rect().contains(event.position().toPoint()):
                self.clicked.emit()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _PRESS_KEYS:
            self.clicked.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        # Enter on a focused link follows it: a window's Enter shortcut (Edit Event) must
        # not take the key first
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() in _PRESS_KEYS
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            event.accept()
            return True
        return super().event(event)


def _coordinate(value: float, positive: str, negative: str) -> str:
    return f"{abs(value):.4f}° {positive if value >= 0 else negative}"


def _place_text(place: Place) -> str:
    if place.lat is None or place.lon is None:
        return place.name
    lat = _coordinate(place.lat, "N", "S")
    lon = _coordinate(place.lon, "E", "W")
    return f"{isolate(place.name)} ({lat}, {lon})"


def _number(value: float) -> str:
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,}"


def reported_text(citation: Citation, established: Event, zone: str | None = None) -> str | None:
    """The "reported 25–28 Sep 2017 ('between Monday and Thursday')" line, if any.

    Times of day are on the clock of ``zone`` (``None``: their own).
    """
    if citation.reported is None and not citation.reported_text:
        return None
    text = "reported"
    if citation.reported is not None:
        text += f" {describe_in(citation.reported, zone)}"
    if citation.reported_text:
        text += f" ('{isolate(citation.reported_text)}')"
    if citation.disagrees_with(established.when):
        text = f"⚠ {text} — differs from the record ({describe_in(established.when, zone)})"
    return text


class DetailsPanel(QScrollArea):
    """Shows one event.  ``event_requested(str)`` asks to select a related event.

    ``edit_requested(str)``: its "Edit…" link was followed (the event's id).
    ``outside_requested(str)``: a link to an event not read (a dataset read a window at a
    time) was followed: the id of the event it leads to.
    """

    event_requested = Signal(str)
    edit_requested = Signal(str)
    outside_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("details")
        self.setAccessibleName("Event details")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._event_id = ""
        self._zone: str | None = None
        self._tl: Timeline | None = None
        self._outside: Mapping[str, tuple[Link, ...]] = {}
        self._incoming: Mapping[str, int] = {}
        self.reads = EventReads(self)
        """Makes the events read back from a big file on a worker (also for the actions
        that need one whole: :meth:`EventReads.when_made`)."""
        self.reads.read.connect(self._on_read)
        self.reads.failed.connect(self._on_read_failed)
        self._rebuild(None, None)

    # -- public API -------------------------------------------------------------

    def event_id(self) -> str:
        """The id of the event shown ("" for none)."""
        return self._event_id

    def show_event(self, tl: Timeline | None, event_id: str | None) -> None:
        """Show the event ``event_id`` of ``tl`` (nothing when ``None`` or unknown).

        While the rest of ``tl`` is being checked (a big file's, :mod:`viewer.restcheck`),
        what its keys say (title, date, status, tags) and that the rest follows: the event
        made now would wait for that check (:meth:`refresh` shows it whole then).
        An event read back from the file (:func:`timeline.columns.reads_back`) is made on a
        worker (:class:`viewer.eventread.EventReads`): its keys are shown until it is.
        """
        event: Event | None = None
        whole = tl is None or is_complete(tl)
        note = CHECKING
        if tl is not None and event_id and event_id in tl:
            if whole and reads_back(tl.events, tl.position(event_id)):
                whole, note = False, READING
                self.reads.ask(tl, event_id)
            event = tl[event_id] if whole else _from_keys(tl, event_id)
        self._event_id = event.id if event is not None else ""
        self._tl = tl
        self._rebuild(tl, event, whole=whole, note=note)

    def _on_read(self, tl: Timeline, event_id: str) -> None:
        if tl is self._tl and event_id == self._event_id:
            self.show_event(tl, event_id)

    def _on_read_failed(self, tl: Timeline, event_id: str, message: str) -> None:
        if tl is self._tl and event_id == self._event_id:
            self._rebuild(tl, _from_keys(tl, event_id), whole=False, note=message)

    def refresh(self, tl: Timeline) -> None:
        """The rest of ``tl`` is checked: show its event whole, if it is the one shown."""
        if tl is self._tl and self._event_id:
            self.show_event(tl, self._event_id)

    def set_outside(
        self, links: Mapping[str, tuple[Link, ...]], incoming: Mapping[str, int] | None = None
    ) -> None:
        """The links of the events shown to events not read, by the linking event's id, and
        how many events not read link to each event shown, by its id."""
        self._outside = links
        self._incoming = incoming or {}

    def set_zone(self, zone: str | None) -> None:
        """Show times of day on the clock of ``zone`` (``None``: each event's own zone)."""
        if zone != self._zone:
            self._zone = zone
            self.show_event(self._tl, self._event_id or None)

    def text(self) -> str:
        """Every line the panel shows, top to bottom (for copying and for tests)."""
        content = self.widget()
        labels = content.findChildren(QLabel) if content is not None else []
        return "\n".join(label.text() for label in labels if label.text())

    # -- building -----------------------------------------------------------------

    def _rebuild(
        self, tl: Timeline | None, event: Event | None, *, whole: bool = True, note: str = ""
    ) -> None:
        content = QWidget()
        content.setObjectName("details-content")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(6)
        if tl is None or event is None:
            hint = _muted(_plain("No event selected.\nSelect one on the timeline or in the list."))
            hint.setObjectName("details-empty")
            layout.addWidget(hint)
        else:
            self._fill(layout, tl, event, whole=whole, note=note)
        layout.addStretch(1)
        # The old content may hold the link being clicked: delete it later.
        old = self.takeWidget()
        self.setWidget(content)
        if old is not None:
            old.hide()
            old.deleteLater()

    def _heading(self, layout: QVBoxLayout, text: str) -> None:
        label = _bold(_plain(text, selectable=False))
        label.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(label)

    def _fill(
        self, layout: QVBoxLayout, tl: Timeline, event: Event, *, whole: bool, note: str
    ) -> None:
        title = _bold(_plain(event.title), 1.3)
        title.setObjectName("details-title")
        layout.addWidget(title)
        edit = LinkLabel("Edit…")
        edit.setObjectName("details-edit")
        edit.setToolTip("Edit this event (Enter)")
        edit.setAccessibleName("Edit this event")
        event_id = event.id
        edit.clicked.connect(lambda: self.edit_requested.emit(event_id))
        layout.addWidget(edit)

        date = _bold(_plain(describe_in(event.when, self._zone)))
        date.setObjectName("details-date")
        layout.addWidget(date)
        edtf = f"EDTF {event.when.edtf}"
        if event.when.tz:
            edtf += f" · time zone {event.when.tz}"
        qualifiers = []
        if event.when.uncertain:
            qualifiers.append("uncertain")
        if event.when.approximate:
            qualifiers.append("approximate")
        if event.when.unspecified:
            qualifiers.append("partly unspecified")
        if qualifiers:
            edtf += f" · {', '.join(qualifiers)}"
        layout.addWidget(_muted(_plain(edtf)))

        status = _plain(f"Status: {event.status.value}")
        status.setObjectName("details-status")
        layout.addWidget(status)
        if event.tags:
            layout.addWidget(_plain(f"Tags: {', '.join(isolate(t) for t in event.tags)}"))

        conflicting = event.conflicting
        if conflicting:
            count = len(conflicting)
            noun = "source reports" if count == 1 else "sources report"
            warning = _bold(_plain(f"⚠ {count} {noun} a different date than the record"))
            warning.setObjectName("details-conflict")
            layout.addWidget(warning)

        if event.summary.strip():
            summary = _plain(event.summary.strip())
            summary.setObjectName("details-summary")
            layout.addWidget(summary)

        if event.places:
            self._heading(layout, "Places")
            for place in event.places:
                layout.addWidget(_plain(_place_text(place)))
        if event.people:
            self._heading(layout, "People")
            for person in event.people:
                text = (
                    person.name
                    if not person.role
                    else f"{isolate(person.name)} — {isolate(person.role)}"
                )
                layout.addWidget(_plain(text))
        if event.figures:
            self._heading(layout, "Figures")
            for figure in event.figures:
                name = figure_words(figure.name)
                layout.addWidget(_plain(f"{isolate(name)}: {_number(figure.value)}"))

        if not whole:
            rest = _muted(_plain(note or CHECKING))
            rest.setObjectName("details-checking")
            layout.addWidget(rest)
            return
        cards = source_cards(tl.citations_of(event), event.when)
        if cards:
            self._heading(layout, "Sources")
            for card in cards:  # one per source, those that disagree first
                layout.addWidget(self._source_box(card, event))

        related = tl.related_to(event.id)
        outside = self._outside.get(event.id, ())
        incoming = self._incoming.get(event.id, 0)
        if related or outside or incoming:
            self._heading(layout, "Related events")
            for link, other in related:
                row = QWidget()
                row_layout = QVBoxLayout(row)
                row_layout.setContentsMargins(0, 0, 0, 0)
                row_layout.setSpacing(0)
                when_text = describe_in(other.when, self._zone)
                kind = _muted(_plain(f"{link.kind.replace('-', ' ')} · {when_text}"))
                row_layout.addWidget(kind)
                target = LinkLabel(other.title)
                target.setObjectName("related-link")
                target.setToolTip(f"Select {other.id}")
                target.setAccessibleName(f"Related event: {other.title}")
                other_id = other.id
                target.clicked.connect(lambda i=other_id: self.event_requested.emit(i))
                row_layout.addWidget(target)
                if link.note:
                    row_layout.addWidget(_italic(_plain(link.note)))
                layout.addWidget(row)
            for link in outside:
                layout.addWidget(self._outside_row(link))
            if incoming:
                noun = "event" if incoming == 1 else "events"
                text = f"Linked from {incoming:,} {noun} not read yet (in parts not read)"
                linked = _muted(_plain(text))
                linked.setObjectName("details-linked-from")
                layout.addWidget(linked)

    def _outside_row(self, link: Link) -> QWidget:
        """A link to an event not read: its kind, that it is not read, and its id to follow."""
        row = QWidget()
        row_layout = QVBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.setSpacing(0)
        kind = f"{link.kind.replace('-', ' ')} · not read yet (a part of the dataset not read)"
        row_layout.addWidget(_muted(_plain(kind)))
        target = LinkLabel(link.event)  # (its title is in its file, not read)
        target.setObjectName("outside-link")
        target.setToolTip(f"Read the part of the dataset that holds {link.event}, and select it")
        target.setAccessibleName(f"Related event not read: {link.event}")
        target.clicked.connect(lambda i=link.event: self.outside_requested.emit(i))
        row_layout.addWidget(target)
        if link.note:
            row_layout.addWidget(_italic(_plain(link.note)))
        return row

    def _source_box(self, card: SourceCard, event: Event) -> QFrame:
        source = card.source
        box = QFrame()
        box.setObjectName("source")
        box.setFrameShape(QFrame.Shape.StyledPanel)
        inner = QVBoxLayout(box)
        inner.setContentsMargins(8, 6, 8, 6)
        inner.setSpacing(3)
        inner.addWidget(_bold(_plain(source.title)))
        byline = []
        if source.publisher:
            byline.append(isolate(source.publisher))
        if source.published is not None:
            byline.append(f"published {describe_in(source.published, self._zone)}")
        if byline:
            inner.addWidget(_muted(_plain(", ".join(byline))))
        if source.url:
            if is_openable_url(source.url):
                link = LinkLabel(source.url)
                link.setObjectName("source-link")
                link.setToolTip("Open in the browser")
                url = source.url.strip()
                link.clicked.connect(lambda u=url: QDesktopServices.openUrl(QUrl(u)))
                inner.addWidget(link)
            else:
                shown = _muted(_plain(f"{isolate(source.url)} (not a web link; not opened)"))
                shown.setObjectName("source-url-inert")
                inner.addWidget(shown)
        for citation in card.citations:
            if citation.quote:
                inner.addWidget(_italic(_plain(f"“{isolate(citation.quote)}”")))
            reported = reported_text(citation, event, self._zone)
            if reported is not None:
                label = _plain(reported)
                if citation.disagrees_with(event.when):
                    _bold(label)
                    label.setObjectName("reported-differs")
                else:
                    label.setObjectName("reported")
                inner.addWidget(label)
            if citation.note:
                inner.addWidget(_muted(_plain(citation.note)))
        if source.note:
            inner.addWidget(_muted(_plain(source.note)))
        return box


CHECKING: Final = (
    "The summary, places, people, figures, sources and related events show once the rest"
    " of the file is checked…"
)
"""What the panel says of an event of a big file whose rest is being checked."""

READING: Final = (
    "The summary, places, people, figures, sources and related events show once they are"
    " read from the file…"
)
"""What the panel says of an event of a big file being read back on a worker."""


def _from_keys(tl: Timeline, event_id: str) -> Event:
    """The event ``event_id`` of ``tl`` as its keys say it (its id, title, date, status and
    tags: :func:`timeline.columns.brief`), the rest left out; ``tl``'s event is not made."""
    known = brief(tl.events, tl.position(event_id))
    return Event(known.id, known.title, known.when, status=known.status, tags=known.tags)
