"""The rules every value of a timeline follows: one place for the models and the loader.

A rule is a pure function that takes a value and returns ``None`` when it is
good, else the words that say what is wrong (``"too long (1,001 characters; at
most 1,000)"``).  The models' validators (:mod:`timeline.models`) put
``Class.field: `` before the words, the TOML loader (:mod:`timeline.toml_io`)
``file:line: event 'id': field: ``; the words are the same.  So whatever a model
accepts, :func:`~timeline.toml_io.dumps` writes and :func:`~timeline.toml_io.loads`
reads back equal, and whatever the loader refuses, the constructor refuses with
the same words.

The limits are documented in ``docs/format.md`` ("Limits").  Rules are cheap:
the loader calls them for every value of a file.
"""

from __future__ import annotations

import datetime as _dt
import enum
import math
import re
from collections.abc import Sequence
from itertools import repeat
from typing import Final, TypeGuard

from timeline.edtf import Kind
from timeline.when import When

__all__ = [
    "ID_PATTERN",
    "LATITUDE",
    "LONGITUDE",
    "MAX_ID",
    "MAX_INTEGER",
    "MAX_LONG_TEXT",
    "MAX_SHORT_TEXT",
    "MAX_URL",
    "MIN_INTEGER",
    "STATUSES",
    "URL_SCHEMES",
    "Status",
    "all_identifiers",
    "all_names",
    "all_texts",
    "colour",
    "coordinates",
    "figure_name",
    "figure_value",
    "identifier",
    "latitude",
    "long_text",
    "longitude",
    "name",
    "period",
    "quoted",
    "short_text",
    "status",
    "tag",
    "text",
    "too_long",
    "url",
    "wrong_type",
]


class Status(enum.StrEnum):
    """What became of an event."""

    HAPPENED = "happened"
    PLANNED = "planned"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"
    ONGOING = "ongoing"
    DISPUTED = "disputed"


#: The statuses by name (``"happened"``...), in the order of :class:`Status`.
STATUSES: Final[dict[str, Status]] = {s.value: s for s in Status}

#: An id (of an event, a source, a link ``kind``): lower-case ASCII letters and
#: digits, with single ``-``, ``_`` or ``.`` between them.
ID_PATTERN: Final = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*")
#: Longest id (characters).
MAX_ID: Final = 200
#: Longest title, name, role, tag, publisher, figure name or reported_text (characters).
MAX_SHORT_TEXT: Final = 1_000
#: Longest description, summary, quote or note (characters).
MAX_LONG_TEXT: Final = 100_000
#: Longest url (characters).
MAX_URL: Final = 8_192
#: The schemes a source's ``url`` may have.
URL_SCHEMES: Final = ("http", "https")
#: Latitudes run from -90 to 90 degrees, longitudes from -180 to 180 (WGS 84).
LATITUDE: Final = 90.0
LONGITUDE: Final = 180.0
#: The integers a figure may be: TOML's, 64-bit signed.
MIN_INTEGER: Final = -(2**63)
MAX_INTEGER: Final = 2**63 - 1

_ID_MATCH: Final = ID_PATTERN.fullmatch
_URL_MATCH: Final = re.compile(
    "(?:" + "|".join(URL_SCHEMES) + r")://[^\s/]+"
).match  # a scheme, then a host
_COLOUR_MATCH: Final = re.compile(r"#[0-9a-fA-F]{6}").fullmatch
_BAD_ID: Final = "is not a valid id (lower-case letters, digits, and - _ . between them)"
_SCHEMES: Final = " or ".join(f"{s}://" for s in URL_SCHEMES)


# -- words ---------------------------------------------------------------------


def quoted(value: str) -> str:
    """A text for a message, quoted, and cut short after 60 characters."""
    return repr(value) if len(value) <= 60 else repr(value[:57]) + "..."


def too_long(value: str, limit: int) -> str:
    """``too long (1,001 characters; at most 1,000)``."""
    return f"too long ({len(value):,} characters; at most {limit:,})"


def _type_name(value: object) -> str:
    """The name of a value's type, in TOML's words when it has one."""
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "array"
    if isinstance(value, dict):
        return "table"
    if isinstance(value, _dt.datetime):
        return "date-time"
    if isinstance(value, _dt.date):
        return "date"
    if isinstance(value, _dt.time):
        return "time"
    return type(value).__name__


def _number(value: int | float) -> str:
    """A number for a message (a huge integer cut short)."""
    if isinstance(value, int) and not -(10**30) < value < 10**30:
        if not -(10**4000) < value < 10**4000:  # (str() refuses beyond 4,300 digits)
            return f"{'-' if value < 0 else ''}an integer of over 4,000 digits"
        digits = str(value)
        return f"{digits[:12]}... ({len(digits.lstrip('-')):,} digits)"
    return repr(value)


def _shown(value: object) -> str:
    """How a value of the wrong type is shown in a message (``""``: not shown)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else repr(value[:37] + "...")
    if isinstance(value, _dt.date | _dt.time):
        return value.isoformat()
    return ""


def wrong_type(value: object, expected: str) -> str:
    """``expected a string, found integer 42``."""
    shown = _shown(value)
    message = f"expected {expected}, found {_type_name(value)}" + (f" {shown}" if shown else "")
    if isinstance(value, _dt.date | _dt.time):
        message += f' (write dates as EDTF text in quotes: "{value.isoformat()}")'
    return message


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


# -- the rules -------------------------------------------------------------------


def identifier(value: object) -> str | None:
    """An id: see :data:`ID_PATTERN`, at most :data:`MAX_ID` characters."""
    if not isinstance(value, str):
        return wrong_type(value, "a string")
    if len(value) > MAX_ID:
        return too_long(value, MAX_ID)
    if _ID_MATCH(value) is None:
        return f"{quoted(value)} {_BAD_ID}"
    return None


def text(value: object, limit: int = MAX_LONG_TEXT) -> str | None:
    """Any text of at most ``limit`` characters (empty too)."""
    if not isinstance(value, str):
        return wrong_type(value, "a string")
    if len(value) > limit:
        return too_long(value, limit)
    return None


def long_text(value: object) -> str | None:
    """A description, summary, quote or note: at most :data:`MAX_LONG_TEXT` characters."""
    if isinstance(value, str) and len(value) <= MAX_LONG_TEXT:  # (inline: called per value)
        return None
    return text(value, MAX_LONG_TEXT)


def short_text(value: object) -> str | None:
    """A timeline's title, a publisher, a role, a ``reported_text``: :data:`MAX_SHORT_TEXT`."""
    if isinstance(value, str) and len(value) <= MAX_SHORT_TEXT:
        return None
    return text(value, MAX_SHORT_TEXT)


def name(value: object) -> str | None:
    """A title or a name: not blank, at most :data:`MAX_SHORT_TEXT` characters."""
    if not isinstance(value, str):
        return wrong_type(value, "a string")
    if not value.strip():
        return "must not be empty"
    if len(value) > MAX_SHORT_TEXT:
        return too_long(value, MAX_SHORT_TEXT)
    return None


#: A tag follows the rule of a name.
tag: Final = name


def all_identifiers(values: Sequence[object]) -> bool:
    """True when :func:`identifier` accepts each of ``values``, checked at C speed (a
    column of a million ids); the caller asks :func:`identifier` what is wrong."""
    return (
        all(map(isinstance, values, repeat(str)))
        and max(map(len, values), default=0) <= MAX_ID  # type: ignore[arg-type]
        and all(map(_ID_MATCH, values))  # type: ignore[arg-type]
    )


def all_texts(values: Sequence[object], limit: int = MAX_LONG_TEXT) -> bool:
    """True when :func:`text` accepts each of ``values`` (at most ``limit`` characters),
    checked at C speed."""
    return (
        all(map(isinstance, values, repeat(str))) and max(map(len, values), default=0) <= limit  # type: ignore[arg-type]
    )


def all_names(values: Sequence[object]) -> bool:
    """True when :func:`name` accepts each of ``values``, checked at C speed."""
    return (
        all(map(isinstance, values, repeat(str)))
        and all(map(str.strip, values))  # type: ignore[arg-type]
        and max(map(len, values), default=0) <= MAX_SHORT_TEXT  # type: ignore[arg-type]
    )


def url(value: object) -> str | None:
    """A source's URL: ``http://`` or ``https://`` and a host, at most :data:`MAX_URL`."""
    if not isinstance(value, str):
        return wrong_type(value, "a string")
    if len(value) > MAX_URL:
        return too_long(value, MAX_URL)
    if _URL_MATCH(value) is None:
        return f"{quoted(value)} is not an http(s) URL"
    return None


def status(value: object) -> str | None:
    """One of :data:`STATUSES` (or a :class:`Status`)."""
    if isinstance(value, str):
        if value in STATUSES:
            return None
        return f"{quoted(value)} is not a status (one of: {', '.join(STATUSES)})"
    return wrong_type(value, "a string")


def _coordinate(value: object, limit: float) -> str | None:
    if not _is_number(value):
        return wrong_type(value, "a number")
    # (compared as they are: a huge integer is out of range, not an OverflowError;
    # NaN compares false, so it is out of range too)
    if not -limit <= value <= limit:
        return f"{_number(value)} is out of range (-{limit:g} to {limit:g})"
    return None


def latitude(value: object) -> str | None:
    """A latitude: a number from -90 to 90 (degrees, WGS 84)."""
    return _coordinate(value, LATITUDE)


def longitude(value: object) -> str | None:
    """A longitude: a number from -180 to 180 (degrees, WGS 84)."""
    return _coordinate(value, LONGITUDE)


def coordinates(lat: object, lon: object) -> str | None:
    """A place has both coordinates, or neither."""
    if (lat is None) != (lon is None):
        return "give both lat and lon, or neither"
    return None


def figure_name(value: object) -> str | None:
    """A figure's name: not blank, at most :data:`MAX_SHORT_TEXT` characters."""
    if not isinstance(value, str):
        return wrong_type(value, "a string")
    if not value.strip():
        return "a figure needs a name"
    if len(value) > MAX_SHORT_TEXT:
        return "the name is " + too_long(value, MAX_SHORT_TEXT)
    return None


def figure_value(value: object) -> str | None:
    """A figure's value: a finite float, or an integer of 64 bits (as TOML has them)."""
    if not _is_number(value):
        return wrong_type(value, "a number")
    if isinstance(value, float):
        return None if math.isfinite(value) else f"{value!r} is not a finite number"
    if not MIN_INTEGER <= value <= MAX_INTEGER:
        return (
            f"{_number(value)} is out of range"
            f" (integers are 64-bit: {MIN_INTEGER:,} to {MAX_INTEGER:,})"
        )
    return None


def colour(value: object) -> str | None:
    """An era's colour: ``#rrggbb``, ``#`` and six hexadecimal digits (``#4477aa``)."""
    if not isinstance(value, str):
        return wrong_type(value, "a string")
    if _COLOUR_MATCH(value) is None:
        return f"{quoted(value)} is not a colour (write # and six hexadecimal digits: #4477aa)"
    return None


def period(value: object) -> str | None:
    """An era's ``when``: a date or an interval whose start and end are both known.

    A band needs two edges: an open or unknown end (``2017-01-30/..``,
    ``2017-01-30/``) has none, and a set (``[2017-09-28,2017-10-02]``) is not
    one period.
    """
    if not isinstance(value, When):
        return wrong_type(value, "a When (use When.parse)")
    if value.kind is Kind.SET:
        return (
            f"{quoted(value.edtf)} is a set of dates: an era is one period (a date or an interval)"
        )
    if not (math.isfinite(value.lower) and math.isfinite(value.upper)):
        return (
            f"{quoted(value.edtf)} has an open or unknown end: an era needs its start and its end"
        )
    return None
