"""Go to Date without Qt: what the typed words mean, counted from what, and where the view lands.

The dialog (:class:`viewer.gotodialog.GoToDateDialog`) shows this module's answers;
the canvas lands where :func:`landing` says.  No Qt here, so the rules are
unit-tested directly.

* :func:`references`: the days relative words can count from: today, then the
  publication dates of the selected event's sources, then those of the
  timeline's other sources.  A source without a ``published`` date is not a
  reference (there is nothing to count from).
* :func:`read`: the typed text read by the library (:meth:`When.from_text`),
  as a :class:`Reading`: the date and what it means in words, or the
  library's error.
* :func:`landing`: the visible range for a date: a span of more than a day is
  shown exactly (first to last instant); a day or less is centred, in a view
  at most :data:`DAY_VIEW` wide, so it is picked out rather than lost in a
  view of years.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import Final

import attrs

from timeline.edtf import DAY
from timeline.errors import TimelineError
from timeline.models import Source, Timeline
from timeline.when import When

__all__ = [
    "DAY_VIEW",
    "Reading",
    "Reference",
    "landing",
    "read",
    "references",
    "source_references",
]

DAY_VIEW: Final = 31 * DAY
"""Go to one day (or a time): the widest view it lands in (a month around it)."""


@attrs.frozen
class Reference:
    """A day relative words count from.

    ``label``: how the chooser shows it ("today, 29 Sep 2017" or
    "Blasting News, published one of 28–30 Sep 2017"); ``when``: the day (a
    source's ``published`` may be uncertain); ``source``: the source's id
    (``None`` for today).
    """

    label: str
    when: When
    source: str | None = None


def _source_label(source: Source, published: When, locale: str) -> str:
    name = source.publisher or source.title
    return f"{name}, published {published.describe(locale)}"


def source_references(sources: Sequence[Source], locale: str = "en") -> list[Reference]:
    """The references of ``sources`` that have a ``published`` date, in order, each once."""
    seen: set[str] = set()
    found: list[Reference] = []
    for source in sources:
        if source.id in seen or source.published is None:
            continue
        seen.add(source.id)
        label = _source_label(source, source.published, locale)
        found.append(Reference(label, source.published, source.id))
    return found


def references(
    tl: Timeline | None,
    today: _dt.date | None,
    event_id: str | None = None,
    *,
    locale: str = "en",
    listed: Sequence[Reference] | None = None,
) -> list[Reference]:
    """Today (if known), the selected event's sources, then the timeline's other sources.

    Only sources with a ``published`` date are listed, each once; the
    selected event's come first, in the order it cites them.  ``listed``: the
    :func:`source_references` of ``tl.sources``, where kept (a form opened again on a
    timeline of 25,000 sources describes their dates once).
    """
    found: list[Reference] = []
    if today is not None:
        day = When.parse(today.isoformat())
        found.append(Reference(f"today, {day.describe(locale)}", day))
    if tl is None:
        return found
    cited: list[Source] = []
    if event_id is not None and event_id in tl:
        cited = [source for _citation, source in tl.citations_of(tl[event_id])]
    first = source_references(cited, locale)
    seen = {reference.source for reference in first}
    rest = listed if listed is not None else source_references(tl.sources, locale)
    return [*found, *first, *(r for r in rest if r.source not in seen)]


@attrs.frozen
class Reading:
    """What the typed text means: a date and its meaning in words, or an error.

    ``when`` is ``None`` exactly when ``error`` is set (or the text is empty).
    ``relative``: the words counted from the reference (so the reference
    matters).
    """

    when: When | None = None
    meaning: str = ""
    error: str = ""
    relative: bool = False


def read(text: str, reference: When | None = None, *, locale: str = "en") -> Reading:
    """Read ``text`` (EDTF or words) counting relative words from ``reference``.

    The error is the library's own message (it names the words it could not
    read, or says that a reference is needed).
    """
    from timeline.words import is_relative  # (the words' parser: imported on first use)

    text = text.strip()
    if not text:
        return Reading()
    try:
        when = When.from_text(text, reference=reference, locale=locale)
        relative = is_relative(text, locale=locale)
    except TimelineError as exc:
        return Reading(error=str(exc))
    described = when.describe(locale)
    meaning = described if when.edtf == text else f"{described} ({when.edtf})"
    if relative and reference is not None:
        meaning += f", counted from {reference.describe(locale)}"
    return Reading(when, meaning, relative=relative)


def landing(lo: float, hi: float, view: Sequence[float]) -> tuple[float, float]:
    """The visible range that shows ``[lo, hi]`` (seconds), from the current ``view``.

    More than a day: exactly ``[lo, hi]``.  A day or less: centred on it, at
    the current zoom but no wider than :data:`DAY_VIEW` (and never narrower
    than the day itself).
    """
    if hi < lo:
        lo, hi = hi, lo
    if hi - lo > DAY:
        return lo, hi
    start, end = view
    span = min(max(end - start, hi - lo), DAY_VIEW)
    middle = (lo + hi) / 2
    return middle - span / 2, middle + span / 2
