"""The event form without Qt: what the user typed, checked by the library's rules.

:func:`check` reads the form's fields into an :class:`~timeline.models.Event`
or says, field by field, what is wrong, in the library's words
(:mod:`timeline.rules`, :meth:`When.from_text` through :func:`viewer.goto.read`,
the relative words counted from a chosen source's publication date as Go to Date
does).  The dialog shows the problems beside their fields and keeps OK disabled
until there are none; no event is built from a form with a problem, so the
timeline is never left invalid.
"""

from __future__ import annotations

import attrs

from timeline import rules
from timeline.errors import TimelineError
from timeline.ids import make_id
from timeline.models import Event, Place, Status, Timeline
from timeline.when import When
from viewer.goto import Reading, read

__all__ = ["FIELDS", "Checked", "Form", "check", "form_of"]

FIELDS = ("title", "when", "status", "summary", "tags", "places")
"""The fields of the form, in order (the names of :class:`Form`'s attributes)."""


@attrs.frozen
class Form:
    """What the form's fields hold: text, as typed (tags and places one per line)."""

    title: str = ""
    when: str = ""
    status: str = Status.HAPPENED.value
    summary: str = ""
    tags: str = ""
    places: str = ""


@attrs.frozen
class Checked:
    """A checked form: the event, or the problems by field (and what the date means)."""

    event: Event | None
    problems: dict[str, str]
    reading: Reading


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def form_of(event: Event) -> Form:
    """The form showing ``event`` (its other fields are kept by :func:`check`)."""
    return Form(
        title=event.title,
        when=event.when.edtf,
        status=event.status.value,
        summary=event.summary,
        tags="\n".join(event.tags),
        places="\n".join(p.name for p in event.places),
    )


def check(
    form: Form,
    tl: Timeline | None,
    editing: Event | None = None,
    reference: When | None = None,
) -> Checked:
    """The event the form describes, or its problems.

    ``editing``: the event being edited (its id, people, figures, sources, links
    and the coordinates of places kept by name are kept); else a new event gets
    an id made from its title, not used in ``tl``.
    """
    problems: dict[str, str] = {}
    title = form.title.strip()
    if (message := rules.name(title)) is not None:
        problems["title"] = message
    reading = read(form.when, reference)
    if reading.error:
        problems["when"] = reading.error
    elif reading.when is None:
        problems["when"] = "must not be empty"
    if (message := rules.status(form.status)) is not None:
        problems["status"] = message
    if (message := rules.long_text(form.summary)) is not None:
        problems["summary"] = message
    tags = _lines(form.tags)
    for tag in tags:
        if (message := rules.tag(tag)) is not None:
            problems["tags"] = f"{rules.quoted(tag[:40])}: {message}"
            break
    names = _lines(form.places)
    for name in names:
        if (message := rules.name(name)) is not None:
            problems["places"] = f"{rules.quoted(name[:40])}: {message}"
            break
    if problems or reading.when is None:
        return Checked(None, problems, reading)
    known = {p.name: p for p in editing.places} if editing is not None else {}
    places = tuple(known.get(n) or Place(n) for n in names)
    try:
        if editing is not None:
            event = attrs.evolve(
                editing,
                title=title,
                when=reading.when,
                status=form.status,
                summary=form.summary,
                tags=tuple(tags),
                places=places,
            )
        else:
            taken = tl if tl is not None else ()
            event = Event(
                make_id(title, taken),
                title,
                reading.when,
                status=form.status,
                summary=form.summary,
                tags=tuple(tags),
                places=places,
            )
    except TimelineError as exc:  # a rule the fields above do not cover: shown, not raised
        return Checked(None, {"title": str(exc)}, reading)
    return Checked(event, {}, reading)
