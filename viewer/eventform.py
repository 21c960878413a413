"""The event form without Qt: what the user typed, checked by the library's rules.

:func:`check` reads the form's fields into an :class:`~timeline.models.Event`
or says, field by field, what is wrong, in the library's words
(:mod:`timeline.rules`, :meth:`When.from_text` through :func:`viewer.goto.read`,
the relative words counted from a chosen source's publication date as Go to Date
does).  The dialog (:mod:`viewer.eventdialog`) shows the problems beside their
fields and keeps OK disabled until there are none; no event is built from a
form with a problem, so the timeline is never left invalid.

The lists (people, figures, citations, related events) are rows of text, one
row a person, a figure, a citation or a link; a row left wholly blank is no
row.  A citation's reported date is EDTF or words, the relative words counted
from that source's publication date ("last week" in an article of 29 Sep 2017).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final, TypeVar

import attrs

from timeline import rules
from timeline.errors import TimelineError
from timeline.ids import make_id
from timeline.models import Citation, Event, Figure, Link, Person, Place, Status, Timeline
from timeline.when import When
from viewer.eventpick import EventFinder
from viewer.goto import Reading, read

__all__ = [
    "FIELDS",
    "Checked",
    "CitationRow",
    "FigureRow",
    "Form",
    "LinkRow",
    "PersonRow",
    "check",
    "form_of",
]

FIELDS: Final = (
    "title",
    "id",
    "when",
    "zone",
    "status",
    "summary",
    "tags",
    "places",
    "people",
    "figures",
    "sources",
    "related",
)
"""The fields of the form, in order (the names of :class:`Form`'s attributes)."""


@attrs.frozen
class PersonRow:
    """A person as typed: name, and role (may be blank)."""

    name: str = ""
    role: str = ""


@attrs.frozen
class FigureRow:
    """A figure as typed: name, and the number as text ("498", "2.5")."""

    name: str = ""
    value: str = ""


@attrs.frozen
class CitationRow:
    """A citation as typed: the source's id, the date it reports (EDTF or words), its words,
    a quote from it and a note about it."""

    source: str = ""
    reported: str = ""
    reported_text: str = ""
    quote: str = ""
    note: str = ""


@attrs.frozen
class LinkRow:
    """A link as typed: how the events relate (an id such as ``follows``), the other's id,
    and a note about it."""

    kind: str = ""
    event: str = ""
    note: str = ""


@attrs.frozen
class Form:
    """What the form's fields hold: text, as typed (tags and places one per line).

    ``id``: the event's id; blank for a new event, one is made from its title.
    """

    title: str = ""
    id: str = ""
    when: str = ""
    zone: str = ""
    status: str = Status.HAPPENED.value
    summary: str = ""
    tags: str = ""
    places: str = ""
    people: tuple[PersonRow, ...] = ()
    figures: tuple[FigureRow, ...] = ()
    sources: tuple[CitationRow, ...] = ()
    related: tuple[LinkRow, ...] = ()


@attrs.frozen
class Checked:
    """A checked form: the event, or the problems by field (and what the dates mean).

    ``reported``: what each citation row's reported date means (a blank row's
    is empty), in the order of the rows.
    """

    event: Event | None
    problems: dict[str, str]
    reading: Reading
    reported: tuple[Reading, ...] = ()


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _number_text(value: float) -> str:
    return str(value) if isinstance(value, int) else repr(value)


def form_of(event: Event) -> Form:
    """The form showing ``event`` (its other fields are kept by :func:`check`)."""
    return Form(
        title=event.title,
        id=event.id,
        when=event.when.edtf,
        zone=event.when.tz or "",
        status=event.status.value,
        summary=event.summary,
        tags="\n".join(event.tags),
        places="\n".join(p.name for p in event.places),
        people=tuple(PersonRow(p.name, p.role or "") for p in event.people),
        figures=tuple(FigureRow(f.name, _number_text(f.value)) for f in event.figures),
        sources=tuple(
            CitationRow(
                c.source,
                c.reported.edtf if c.reported is not None else "",
                c.reported_text or "",
                c.quote or "",
                c.note or "",
            )
            for c in event.sources
        ),
        related=tuple(LinkRow(link.kind, link.event, link.note or "") for link in event.related),
    )


def _blank(row: PersonRow | FigureRow | CitationRow | LinkRow) -> bool:
    return not any(str(value).strip() for value in attrs.astuple(row))


def _row_problem(index: int, field: str, message: str) -> str:
    return f"row {index}: {field}: {message}"


def _number(text: str) -> int | float:
    """The number typed: an integer, else a float (``1_000`` and ``2.5e3`` are read)."""
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        raise TimelineError(f"{rules.quoted(text)} is not a number") from None


class _Checker:
    """One check of a form: the problems found so far, by field."""

    def __init__(
        self,
        form: Form,
        tl: Timeline | None,
        editing: Event | None,
        finder: EventFinder | None = None,
    ) -> None:
        self.form = form
        self.tl = tl
        self.editing = editing
        self.finder = finder
        self.problems: dict[str, str] = {}

    def problem(self, field: str, message: str) -> None:
        self.problems.setdefault(field, message)  # the first problem of a field is shown

    def when(self, reading: Reading) -> When | None:
        if reading.error:
            self.problem("when", reading.error)
        elif reading.when is None:
            self.problem("when", "must not be empty")
        zone = self.form.zone.strip()
        if zone:
            try:
                When.parse("2000-01-01T00:00", tz=zone)
            except TimelineError as exc:
                self.problem("zone", str(exc))
                return None
        when = reading.when
        if when is None:
            return None
        old = self.editing.when if self.editing is not None else None
        if old is not None and when.edtf == old.edtf and (old.tz or "") == zone:
            return old
        if zone and when.tz is None:
            return When.parse(when.edtf, tz=zone)
        return when

    def names(self, field: str, rule: Callable[[object], str | None]) -> list[str]:
        values = _lines(str(getattr(self.form, field)))
        for value in values:
            if (message := rule(value)) is not None:
                self.problem(field, f"{rules.quoted(value[:40])}: {message}")
                break
        return values

    def people(self) -> tuple[Person, ...]:
        people: list[Person] = []
        for i, row in enumerate(self.form.people, start=1):
            if _blank(row):
                continue
            if (message := rules.name(row.name.strip())) is not None:
                self.problem("people", _row_problem(i, "name", message))
            elif (message := rules.short_text(row.role.strip())) is not None:
                self.problem("people", _row_problem(i, "role", message))
            else:
                people.append(Person(row.name.strip(), role=row.role.strip() or None))
        return tuple(people)

    def figures(self) -> tuple[Figure, ...]:
        figures: list[Figure] = []
        seen: dict[str, int] = {}
        for i, row in enumerate(self.form.figures, start=1):
            if _blank(row):
                continue
            name = row.name.strip()
            if (message := rules.figure_name(name)) is not None:
                self.problem("figures", _row_problem(i, "name", message))
                continue
            if name in seen:
                message = f"{rules.quoted(name)} is already the name of row {seen[name]}"
                self.problem("figures", _row_problem(i, "name", message))
                continue
            seen[name] = i
            try:
                value = _number(row.value.strip())
            except TimelineError as exc:
                self.problem("figures", _row_problem(i, "value", str(exc)))
                continue
            if (message := rules.figure_value(value)) is not None:
                self.problem("figures", _row_problem(i, "value", message))
                continue
            figures.append(Figure(name, value))
        return tuple(figures)

    def citations(self) -> tuple[tuple[Citation, ...], tuple[Reading, ...]]:
        """The citations, and what each row's reported date means."""
        old = list(self.editing.sources) if self.editing is not None else []
        citations: list[Citation] = []
        readings: list[Reading] = []
        for i, row in enumerate(self.form.sources, start=1):
            if _blank(row):
                readings.append(Reading())
                continue
            source_id = row.source.strip()
            published = self._published(source_id)
            reading = read(row.reported, published)
            readings.append(reading)
            if not source_id:
                self.problem("sources", _row_problem(i, "source", "choose a source"))
                continue
            if published is _UNKNOWN:
                unknown = f"unknown source {rules.quoted(source_id)}"
                self.problem("sources", _row_problem(i, "source", unknown))
                continue
            if reading.error:
                self.problem("sources", _row_problem(i, "reported", reading.error))
                continue
            if (message := rules.short_text(row.reported_text.strip())) is not None:
                self.problem("sources", _row_problem(i, "reported words", message))
            elif (message := rules.long_text(row.quote.strip())) is not None:
                self.problem("sources", _row_problem(i, "quote", message))
            elif (message := rules.long_text(row.note.strip())) is not None:
                self.problem("sources", _row_problem(i, "note", message))
            else:
                kept = _take(old, _citation_key, source_id)
                reported = reading.when
                if kept is not None and reported is not None and kept.reported is not None:
                    same = kept.reported.edtf == reported.edtf
                    reported = kept.reported if same else reported  # its zone kept
                citations.append(
                    Citation(
                        source_id,
                        quote=row.quote.strip() or None,
                        reported=reported,
                        reported_text=row.reported_text.strip() or None,
                        note=row.note.strip() or None,
                    )
                )
        return tuple(citations), tuple(readings)

    def _published(self, source_id: str) -> When | None:
        if self.tl is None or not source_id:
            return None
        try:
            return self.tl.source(source_id).published
        except KeyError:
            return _UNKNOWN

    def related(self, new_id: str) -> tuple[Link, ...]:
        """The links; one to the event's own id, old or new, is a link to itself."""
        own = {new_id, self.editing.id} if self.editing is not None else {new_id}
        links: list[Link] = []
        for i, row in enumerate(self.form.related, start=1):
            if _blank(row):
                continue
            kind, target = row.kind.strip(), row.event.strip()
            if (message := rules.identifier(kind)) is not None:
                self.problem("related", _row_problem(i, "kind", message))
            elif not target:
                self.problem("related", _row_problem(i, "event", "choose an event"))
            elif target not in own and (self.tl is None or target not in self.tl):
                self.problem("related", _row_problem(i, "event", self._not_chosen(target)))
            elif (message := rules.long_text(row.note.strip())) is not None:
                self.problem("related", _row_problem(i, "note", message))
            else:
                links.append(Link(kind, target, note=row.note.strip() or None))
        return tuple(links)

    def _not_chosen(self, typed: str) -> str:
        """Why ``typed``, no event's id, is not a link's event: the events whose title or id
        hold its words are still to be chosen from (the chooser lists them), else it is
        unknown."""
        found = self.finder.find(typed, limit=1) if self.finder is not None else None
        if found is None or not found.total or self.tl is None:
            return f"unknown event {rules.quoted(typed)}"
        if found.total == 1:
            title = self.tl.events[found.positions[0]].title
            return f"not chosen yet: {rules.quoted(title)} has these words (choose it in the list)"
        return f"not chosen yet: {found.total:,} events have these words (choose one in the list)"

    def event_id(self, title: str) -> str:
        """The id typed (checked: a new one must be free), else one made from the title."""
        typed = self.form.id.strip()
        tl, editing = self.tl, self.editing
        if not typed:
            if editing is not None:
                self.problem("id", "must not be empty")
            return make_id(title, tl if tl is not None else ())
        if (message := rules.identifier(typed)) is not None:
            self.problem("id", message)
        elif tl is not None and typed in tl and (editing is None or typed != editing.id):
            other = rules.quoted(tl[typed].title)
            self.problem("id", f"{rules.quoted(typed)} is already the id of {other}")
        return typed


_UNKNOWN: Final = When.parse("0001")
"""Stands for "no such source" where a publication date is looked up."""


_T = TypeVar("_T")


def _take(items: list[_T], key: Callable[[_T], object], value: object) -> _T | None:
    """The first item whose ``key`` is ``value``, taken out of ``items`` (each is kept once)."""
    for index, item in enumerate(items):
        if key(item) == value:
            return items.pop(index)
    return None


def _citation_key(citation: Citation) -> str:
    return citation.source


def check(
    form: Form,
    tl: Timeline | None,
    editing: Event | None = None,
    reference: When | None = None,
    *,
    finder: EventFinder | None = None,
) -> Checked:
    """The event the form describes, or its problems.

    ``editing``: the event being edited: what the form does not show is kept
    (the coordinates of places kept by name, the zones of unchanged dates, the
    reported date's zone of a citation of the same source).  The id is the one
    typed (an edited event's may change: :func:`timeline.edit.replace_event`
    then updates the links to it; a new one must be free); a new event's left
    blank is made from its title, not used in ``tl``.  ``finder``: the events of ``tl`` found
    by words (:class:`viewer.eventpick.EventFinder`), for a link's event typed as words of
    its title or id and not chosen yet: the problem says how many events have them instead
    of calling the words an unknown event.
    """
    checker = _Checker(form, tl, editing, finder)
    title = form.title.strip()
    if (message := rules.name(title)) is not None:
        checker.problem("title", message)
    event_id = checker.event_id(title)
    reading = read(form.when, reference)
    when = checker.when(reading)
    if (message := rules.status(form.status)) is not None:
        checker.problem("status", message)
    if (message := rules.long_text(form.summary)) is not None:
        checker.problem("summary", message)
    tags = checker.names("tags", rules.tag)
    names = checker.names("places", rules.name)
    people = checker.people()
    figures = checker.figures()
    citations, reported = checker.citations()
    related = checker.related(event_id)
    problems = checker.problems
    if problems or when is None:
        return Checked(None, problems, reading, reported)
    known = {p.name: p for p in editing.places} if editing is not None else {}
    try:
        event = Event(
            event_id,
            title,
            when,
            status=form.status,
            summary=form.summary,
            tags=tuple(tags),
            places=tuple(known.get(n) or Place(n) for n in names),
            people=people,
            figures=figures,
            sources=citations,
            related=related,
        )
    except TimelineError as exc:  # a rule the fields above do not cover: shown, not raised
        return Checked(None, {"title": str(exc)}, reading, reported)
    return Checked(event, {}, reading, reported)
