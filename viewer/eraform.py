"""The era form without Qt: what the user typed, checked by the library's rules.

:func:`check` reads the form's fields (title; dates in EDTF or words, read as
the event form and Go to Date read them, :func:`viewer.goto.read`; colour,
``#rrggbb`` or blank for the viewer's choice) into an
:class:`~timeline.models.Era` or says, field by field, what is wrong, in the
library's words (:mod:`timeline.rules`: an era is one period whose start and
end are both known).  The era dialog (:mod:`viewer.eraediting`) shows each
problem beside its field and keeps OK disabled until there are none.
"""

from __future__ import annotations

from typing import Final

import attrs

from timeline import rules
from timeline.errors import TimelineError
from timeline.models import Era
from viewer.goto import Reading, read

__all__ = ["FIELDS", "CheckedEra", "EraForm", "check", "form_of"]

FIELDS: Final = ("title", "when", "colour")
"""The fields of the form, in order (the names of :class:`EraForm`'s attributes)."""


@attrs.frozen
class EraForm:
    """What the form's fields hold, as typed."""

    title: str = ""
    when: str = ""
    colour: str = ""


@attrs.frozen
class CheckedEra:
    """A checked form: the era, or the problems by field (and what the dates mean)."""

    era: Era | None
    problems: dict[str, str]
    reading: Reading


def form_of(era: Era) -> EraForm:
    """The form showing ``era``."""
    return EraForm(era.title, era.when.edtf, era.colour or "")


def check(form: EraForm, editing: Era | None = None) -> CheckedEra:
    """The era the form describes, or its problems.

    ``editing``: the era being edited (the zone of its dates is kept when they
    are left as they were).
    """
    problems: dict[str, str] = {}
    title = form.title.strip()
    if (message := rules.name(title)) is not None:
        problems["title"] = message
    reading = read(form.when)
    when = reading.when
    if reading.error:
        problems["when"] = reading.error
    elif when is None:
        problems["when"] = "must not be empty"
    elif (message := rules.period(when)) is not None:
        problems["when"] = message
    elif editing is not None and when.edtf == editing.when.edtf:
        when = editing.when
    colour = form.colour.strip() or None
    if colour is not None and (message := rules.colour(colour)) is not None:
        problems["colour"] = message
    if problems or when is None:
        return CheckedEra(None, problems, reading)
    try:
        era = Era(title, when, colour=colour)
    except TimelineError as exc:  # a rule the fields above do not cover: shown, not raised
        return CheckedEra(None, {"title": str(exc)}, reading)
    return CheckedEra(era, {}, reading)
