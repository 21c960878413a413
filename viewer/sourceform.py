"""The source form without Qt: what the user typed, checked by the library's rules.

:func:`check` reads the form's fields (title, id, publisher, URL, published
date in EDTF) into a :class:`~timeline.models.Source` or says, field by field,
what is wrong, in the library's words (:mod:`timeline.rules`; a URL must be
``http://`` or ``https://``; the date is read by :meth:`When.parse`).  The
Sources dialog (:mod:`viewer.sourcesdialog`) shows each problem beside its
field and keeps OK disabled until there are none, so no source is made from
a form with a problem.
"""

from __future__ import annotations

import attrs

from timeline import rules
from timeline.errors import TimelineError
from timeline.ids import make_id
from timeline.models import Source, Timeline
from timeline.when import When

__all__ = ["FIELDS", "CheckedSource", "SourceForm", "check", "form_of"]

FIELDS = ("title", "id", "publisher", "url", "published")
"""The fields of the form, in order (the names of :class:`SourceForm`'s attributes)."""


@attrs.frozen
class SourceForm:
    """What the form's fields hold, as typed."""

    title: str = ""
    id: str = ""
    publisher: str = ""
    url: str = ""
    published: str = ""


@attrs.frozen
class CheckedSource:
    """A checked form: the source, or the problems by field."""

    source: Source | None
    problems: dict[str, str]


def form_of(source: Source) -> SourceForm:
    """The form showing ``source`` (its note is kept by :func:`check`)."""
    return SourceForm(
        title=source.title,
        id=source.id,
        publisher=source.publisher or "",
        url=source.url or "",
        published=source.published.edtf if source.published is not None else "",
    )


def check(form: SourceForm, tl: Timeline | None, editing: Source | None = None) -> CheckedSource:
    """The source the form describes, or its problems.

    ``editing``: the source being edited (its note is kept, and its id when the id is left
    blank); else a new source left without an id gets one made from its title, not used by
    the sources of ``tl``.  A typed id follows the id rule and is no other source's (an
    edited source given a new one: its citations follow, :func:`timeline.edit.replace_source`).
    An empty publisher, URL or date is left out.
    """
    problems: dict[str, str] = {}
    title = form.title.strip()
    if (message := rules.name(title)) is not None:
        problems["title"] = message
    typed = form.id.strip()
    if typed and (message := _id_problem(typed, tl, editing)) is not None:
        problems["id"] = message
    publisher = form.publisher.strip() or None
    if publisher is not None and (message := rules.short_text(publisher)) is not None:
        problems["publisher"] = message
    url = form.url.strip() or None
    if url is not None and (message := rules.url(url)) is not None:
        problems["url"] = message
    published: When | None = None
    if form.published.strip():
        try:
            published = When.parse(form.published.strip())
        except TimelineError as exc:
            problems["published"] = str(exc)
    if problems:
        return CheckedSource(None, problems)
    try:
        if editing is not None:
            source = attrs.evolve(
                editing,
                id=typed or editing.id,
                title=title,
                publisher=publisher,
                url=url,
                published=published,
            )
        else:
            taken = {s.id for s in tl.sources} if tl is not None else set()
            made = typed or make_id(title, taken)
            source = Source(made, title, publisher=publisher, url=url, published=published)
    except TimelineError as exc:  # a rule the fields above do not cover: shown, not raised
        return CheckedSource(None, {"title": str(exc)})
    return CheckedSource(source, {})


def _id_problem(typed: str, tl: Timeline | None, editing: Source | None) -> str | None:
    """What is wrong with the id typed: the id rule, or another source's id."""
    if (message := rules.identifier(typed)) is not None:
        return message
    for other in tl.sources if tl is not None else ():
        if other.id == typed and (editing is None or other.id != editing.id):
            return f"{rules.quoted(typed)} is already the id of {rules.quoted(other.title)}"
    return None
