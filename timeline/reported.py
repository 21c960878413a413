"""Do a citation's words say what its reported date says?

A citation keeps a source's own words for a date (``reported_text``: "between Monday and
Thursday") and the date they were taken to mean (``reported``: ``2017-09-25/2017-09-28``).
:func:`check_reported_words` reads the words again with :func:`timeline.words.from_text`,
relative to the source's ``published`` date, and compares: the two *agree* when one span
contains the other (the words may be vaguer than the EDTF, or the EDTF vaguer than the
words); otherwise the citation is worth a second look.  ``timeline check`` prints those as
warnings (errors with ``--strict``).

Words that are not a date ("at the last minute"), or not a form :mod:`timeline.words`
reads, are not checked; nor are relative words whose source has no ``published`` date.
"""

from __future__ import annotations

import calendar
import enum

import attrs
import tomli

from timeline.errors import Problem, TimelineError
from timeline.models import Timeline
from timeline.toml_io import _Locator
from timeline.when import When
from timeline.words import from_text, is_relative

__all__ = ["Reading", "WordsCheck", "check_reported_words", "word_problems"]


class Reading(enum.Enum):
    """What came of reading a citation's words."""

    AGREES = "agrees"
    DISAGREES = "disagrees"
    UNREAD = "unread"  # not a date, or a form not understood
    NO_REFERENCE = "no reference"  # relative words, and the source has no published date


@attrs.frozen
class WordsCheck:
    """One citation's words read again and compared with its ``reported`` date."""

    event: str
    citation: int
    """The citation's index in the event's ``sources``."""
    source: str
    text: str
    reported: When
    reading: Reading
    read: When | None = None
    """What the words mean (``None`` unless read)."""
    reference: When | None = None
    """The source's ``published`` date they were read against (``None``: absolute words)."""
    why: str = ""
    """Why the words were not read (the :class:`~timeline.errors.TimelineError` message)."""

    @property
    def field(self) -> str:
        return f"sources[{self.citation}].reported_text"

    def message(self, locale: str = "en") -> str:
        """A sentence saying what the words mean and how that compares."""
        if self.read is None:
            return f"{self.text!r} not checked: {self.why or self.reading.value}"
        against = (
            "" if self.reference is None else f" (published {self.reference.describe(locale)})"
        )
        said = f"{self.text!r}{against} means {self.read} ({self.read.describe(locale)})"
        reported = f"reported {self.reported} ({self.reported.describe(locale)})"
        if self.reading is Reading.AGREES:
            return f"{said}, which agrees with {reported}"
        return f"{said}, which neither contains nor lies within {reported}"


def check_reported_words(
    tl: Timeline, *, locale: str = "en", week_start: int = calendar.MONDAY
) -> list[WordsCheck]:
    """Every citation with both ``reported`` and ``reported_text``, read and compared."""
    published = {s.id: s.published for s in tl.sources}
    out: list[WordsCheck] = []
    for event in tl.events:
        for index, citation in enumerate(event.sources):
            text, reported = citation.reported_text, citation.reported
            if text is None or reported is None:
                continue
            base = WordsCheck(event.id, index, citation.source, text, reported, Reading.UNREAD)
            reference = published.get(citation.source)
            try:
                relative = is_relative(text, locale=locale)
                if relative and reference is None:
                    out.append(attrs.evolve(base, reading=Reading.NO_REFERENCE))
                    continue
                ref = reference if relative else None
                read = from_text(text, reference=ref, locale=locale, week_start=week_start)
            except TimelineError as exc:
                out.append(attrs.evolve(base, why=str(exc)))
                continue
            agrees = read.contains(reported) or reported.contains(read)
            reading = Reading.AGREES if agrees else Reading.DISAGREES
            out.append(attrs.evolve(base, reading=reading, read=read, reference=ref))
    return out


def word_problems(
    checks: list[WordsCheck],
    *,
    file: str | None = None,
    text: str | None = None,
    locale: str = "en",
) -> list[Problem]:
    """The disagreeing checks as warnings (``Problem``), located in the file ``text`` if given."""
    lines: dict[tuple[str, int], int | None] = {}
    bad = [c for c in checks if c.reading is Reading.DISAGREES]
    if text is not None and bad:
        lines = _lines(text, bad)
    return [
        Problem(
            "warning: " + c.message(locale),
            file=file,
            line=lines.get((c.event, c.citation)),
            event=c.event,
            field=c.field,
        )
        for c in bad
    ]


def _lines(text: str, checks: list[WordsCheck]) -> dict[tuple[str, int], int | None]:
    """The line of each check's ``reported_text`` (best effort: ``None`` if not found)."""
    try:
        events = tomli.loads(text.removeprefix("\ufeff")).get("events", [])
    except tomli.TOMLDecodeError:
        return {}
    order = {e.get("id"): i for i, e in enumerate(events) if isinstance(e, dict)}
    locator = _Locator(text)
    out: dict[tuple[str, int], int | None] = {}
    for c in checks:
        index = order.get(c.event)
        if index is not None:
            path = ("events", index, "sources", c.citation, "reported_text")
            out[(c.event, c.citation)] = locator.line(path)
    return out
