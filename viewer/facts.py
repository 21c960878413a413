"""How each event is drawn, as plain numbers: its shape and spans on the display clock.

:func:`facts_of` turns an :class:`~timeline.models.Event` (:func:`facts_at`: the
event at a position, not made when the timeline holds it as columns) into an
:class:`EventFacts`: the shape of its mark (``point``, ``vague``, ``bar``,
``set``), its bounds, the span where it certainly is, the choices of a set,
the span of the first source that disagrees, and its label (title, qualifier
marks, status suffix).  The canvas makes them lazily, for events near the
view, and the scene and the painters read them.

No Qt: the scene that places events (:mod:`viewer.scene`) and its tests share this.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence
from typing import Final, NamedTuple

from timeline.columns import (
    Brief,
    EventColumns,
    Ghosts,
    brief,
    citations_at,
    conflicting,
    first_conflicting,
    titles_at,
    whens_at,
)
from timeline.days import local_bounds
from timeline.models import Citation, Era, Event, Status, Timeline
from timeline.when import EndKind, Kind, Precision, When
from viewer.text import TOOLTIP_MAX_CHARS, plain_tooltip

__all__ = [
    "STATUS_SUFFIX",
    "EventFacts",
    "conflicting_at",
    "era_tooltip",
    "facts_at",
    "facts_of",
    "finite_span",
    "ghost_of",
    "ghost_text",
    "kind_words",
    "link_tooltip",
    "reported_by",
    "tooltip_of",
]

STATUS_SUFFIX: Final[dict[Status, str]] = {
    Status.ONGOING: " …",
    Status.POSTPONED: " (postponed)",
    Status.DISPUTED: " (disputed)",
}
"""Appended to the label of an event with that status (none for the others)."""

_YEAR: Final = 365.2425 * 86400.0


class EventFacts(NamedTuple):
    """Drawing facts of one event, computed once per timeline (and display zone)."""

    id: str
    title: str
    label: str
    """Title with qualifier marks and status suffix."""
    status: Status
    shape: str
    """``point`` (exact date), ``vague`` (imprecise date), ``bar`` (interval), ``set``."""
    lower: float
    upper: float
    mid: float
    core: tuple[float, float] | None
    """Where the event certainly is (drawn solid)."""
    halo: bool
    start_open: EndKind
    end_open: EndKind
    choices: tuple[float, ...]
    one_of: bool
    ghost: tuple[float, float, str] | None
    """The first disagreeing report: its span and source id."""
    hatch: tuple[float, float]
    """The finite possible span, drawn hatched where it is not certain."""

    @property
    def anchor(self) -> float:
        """Where the mark and label start from: the middle of a marker, else the start."""
        return self.mid if self.shape == "point" or self.halo else self.lower


def _finite(x: float, default: float) -> float:
    return x if math.isfinite(x) else default


def facts_of(event: Event, zone: str | None) -> EventFacts:
    """How ``event`` is drawn, on the clock of the display ``zone`` (``None``: its own)."""
    return _facts(event, ghost_of(event, zone), zone)


def facts_at(
    events: Sequence[Event], pos: int, zone: str | None, disagreeing: Ghosts
) -> EventFacts:
    """How the event at ``pos`` of ``events`` (a timeline's) is drawn (:func:`facts_of`):
    from the columns when they are columns, the event not made (:func:`timeline.columns.brief`:
    a file of ten million events reads a made event's row back, a row group decoded), its
    ghost from ``disagreeing``, the timeline's first disagreeing reports by position
    (:func:`viewer.digest.reports_of`)."""
    if not isinstance(events, EventColumns):
        return facts_of(events[pos], zone)
    ghost = None
    k = bisect_left(disagreeing.positions, pos)
    if k < len(disagreeing) and disagreeing.positions[k] == pos:
        ((_, (lower, upper)),) = disagreeing.spans(zone, k, k + 1)
        ghost = lower, upper, disagreeing.sources[k]
    return _facts(brief(events, pos), ghost, zone)


def _facts(
    event: Event | Brief, ghost: tuple[float, float, str] | None, zone: str | None
) -> EventFacts:
    when = event.when
    marks = ("?" if when.uncertain else "") + ("~" if when.approximate else "")
    label = event.title + (f" {marks}" if marks else "") + STATUS_SUFFIX.get(event.status, "")
    lower, upper = local_bounds(when, zone)
    core: tuple[float, float] | None = None
    halo = False
    choices: tuple[float, ...] = ()
    one_of = False
    if when.kind is Kind.DATE:
        if when.is_exact:
            shape = "point"
            core = (lower, upper)
        else:
            shape = "vague"
            if when.precision >= Precision.DAY and not when.unspecified:
                core = (lower, upper)
                halo = True
        mid = (lower + upper) / 2
    elif when.kind is Kind.INTERVAL:
        shape = "bar"
        s, e = when.start, when.end
        s_lo, s_hi = local_bounds(s, zone) if s is not None else (math.inf, math.inf)
        e_lo, e_hi = local_bounds(e, zone) if e is not None else (-math.inf, -math.inf)
        c_lo = (s_lo if s.is_exact else s_hi) if s is not None else math.inf
        c_hi = (e_hi if e.is_exact else e_lo) if e is not None else -math.inf
        if s is None and e is not None:
            c_lo = e_lo if e.is_exact else e_hi
        if e is None and s is not None:
            c_hi = s_hi if s.is_exact else s_lo
        if c_lo < c_hi:
            core = (c_lo, c_hi)
        mid = (_finite(lower, upper) + _finite(upper, lower)) / 2
    else:
        shape = "set"
        choices = tuple(sum(local_bounds(c, zone)) / 2 for c in when.choices)
        one_of = when.edtf.startswith("[")
        mid = (_finite(lower, upper) + _finite(upper, lower)) / 2
    return EventFacts(
        id=event.id,
        title=event.title,
        label=label,
        status=event.status,
        shape=shape,
        lower=lower,
        upper=upper,
        mid=mid,
        core=core,
        halo=halo,
        start_open=when.start_kind if when.kind is Kind.INTERVAL else EndKind.KNOWN,
        end_open=when.end_kind if when.kind is Kind.INTERVAL else EndKind.KNOWN,
        choices=choices,
        one_of=one_of,
        ghost=ghost,
        hatch=_hatch(when, zone),
    )


def ghost_of(event: Event, zone: str | None) -> tuple[float, float, str] | None:
    """The span of the first report that disagrees with the event's date, and its source."""
    citation = first_conflicting(event.sources, event.when)
    if citation is None or citation.reported is None:
        return None
    lo, hi = local_bounds(citation.reported, zone)
    return lo, hi, citation.source


def ghost_text(tl: Timeline, pos: int) -> str:
    """What the ghost of the event at ``pos`` says: the source's name and its own words.

    ``Blasting News: “between Monday and Thursday”`` (see :func:`reported_by`);
    ``""`` when no source disagrees.  The event is not made where that would read its row
    back from a big file (:func:`~timeline.columns.citations_at`: its citations alone).
    """
    events = tl.events
    citation = first_conflicting(citations_at(events, pos), whens_at(events, [pos])[0])
    return "" if citation is None else reported_by(tl, citation)


def conflicting_at(events: Sequence[Event], pos: int) -> tuple[Citation, ...]:
    """What :attr:`Event.conflicting` says of the event at ``pos``, the event not made
    where that would read its row back from a big file (its citations read alone)."""
    return conflicting(citations_at(events, pos), whens_at(events, [pos])[0])


def reported_by(tl: Timeline, citation: Citation, *, with_date: bool = False) -> str:
    """Who reported what: the publisher (else the source's title, else its id), then the
    source's own words for the date in quotes (else the date it reported, described).

    ``with_date`` adds the reported date after the words: ``… “…” (25–28 Sep 2017)``.
    """
    try:
        source = tl.source(citation.source)
        name = source.publisher or source.title
    except KeyError:
        name = citation.source
    reported = citation.reported
    date = reported.describe() if reported is not None else ""
    words = citation.reported_text
    if not words:
        return f"{name}: {date}" if date else name
    said = f"{name}: “{words}”"
    return f"{said} ({date})" if with_date and date else said


def _hatch(when: When, zone: str | None) -> tuple[float, float]:
    lo, hi = local_bounds(when, zone)
    if when.kind is Kind.INTERVAL:
        if when.start is None and when.end is not None:
            lo = local_bounds(when.end, zone)[0]
        if when.end is None and when.start is not None:
            hi = local_bounds(when.start, zone)[1]
    elif when.kind is Kind.SET and when.choices:
        members = [local_bounds(c, zone) for c in when.choices]
        first = min(b[0] for b in members)
        lo = min(lo, first) if math.isfinite(lo) else first
        hi = max(b[1] for b in members) if not math.isfinite(hi) else hi
    return lo, hi


def finite_span(when: When, zone: str | None) -> tuple[float, float]:
    """``when``'s span on ``zone``'s clock, open ends replaced by a year from the known end."""
    lo, hi = local_bounds(when, zone)
    if not math.isfinite(lo) and not math.isfinite(hi):
        return 0.0, _YEAR
    if not math.isfinite(lo):
        lo = hi - _YEAR
    if not math.isfinite(hi):
        hi = lo + _YEAR
    return lo, hi


def tooltip_of(tl: Timeline, event: Event | Brief, conflicting: Sequence[Citation] = ()) -> str:
    """The canvas's tooltip of ``event``: rich text with the data escaped, lines cut short.
    Of a :class:`~timeline.columns.Brief` (an event's keys: its rest not checked yet, or
    not read back from a big file), the reports of other dates are ``conflicting`` (see
    :func:`conflicting_at`); of an :class:`Event`, its own."""
    lines = [event.title, event.when.describe()]
    if event.status is not Status.HAPPENED:
        lines.append(f"Status: {event.status.value}")
    if event.tags:
        lines.append("Tags: " + ", ".join(event.tags))
    for citation in event.conflicting if isinstance(event, Event) else conflicting:
        lines.append("Reported differently by " + reported_by(tl, citation, with_date=True))
    # each line cut short: a 10,000-character title must not make a huge tooltip
    return plain_tooltip("\n".join(_cut(line) for line in lines), limit=2000)


def era_tooltip(era: Era) -> str:
    """The tooltip of an era's band: its title and its dates (rich text, the data escaped)."""
    lines = [f"Era: {era.title}", era.when.describe()]
    return plain_tooltip("\n".join(_cut(line) for line in lines), limit=2000)


def link_tooltip(tl: Timeline, source: int, kind: str, target: int) -> str:
    """The tooltip of a connector: the link's kind in words, between the two titles (read
    from the titles held: neither event made, which a big file would read back)."""
    first, second = titles_at(tl.events, [source, target])
    lines = [first, f"{kind_words(kind)} →", second]
    return plain_tooltip("\n".join(_cut(line) for line in lines), limit=2000)


def kind_words(kind: str) -> str:
    """A link's kind in words: ``reports-on`` → ``reports on``."""
    return kind.replace("-", " ").replace("_", " ")


def _cut(line: str) -> str:
    return line if len(line) <= TOOLTIP_MAX_CHARS else line[: TOOLTIP_MAX_CHARS - 1] + "…"
