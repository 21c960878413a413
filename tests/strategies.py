"""Hypothesis strategies for timelines, shared by the test suite.

``when_texts()`` gives valid EDTF strings (level 0 and 1, the sets
``[...]`` and ``{...}``, the level 2 forms of ``level2_dates()``) inside years
1–9999; ``when_texts(extended=True)`` also years outside them
(``extended_dates()``: ``-1985``, ``0000``, ``Y170000002``, ``Y-17E7``,
``1950S2``, and intervals and sets over them);
``timelines()`` gives valid :class:`Timeline` values with sources, eras,
citations (with reported dates), links, figures, places, people and awkward
text (quotes, newlines, backslashes, any script).

>>> from tests.strategies import timelines
>>> @given(timelines())                                    # doctest: +SKIP
... def test_round_trip(tl): ...
"""

from __future__ import annotations

import datetime as dt
import functools
import string

from hypothesis import strategies as st

from timeline import (
    Citation,
    Era,
    Event,
    Link,
    Person,
    Place,
    Source,
    Status,
    Timeline,
    When,
    rules,
)

__all__ = [
    "eras",
    "events",
    "extended_dates",
    "ids",
    "level2_dates",
    "nonempty_texts",
    "sources",
    "texts",
    "timelines",
    "when_texts",
    "whens",
    "zones",
]

# Years kept away from 1 and 9999 so that offsets and seasons stay in range.
_MIN = dt.date(2, 1, 1)
_MAX = dt.date(9998, 12, 31)
_ZONES = ("America/Chicago", "America/New_York", "Europe/Paris", "Asia/Kolkata", "UTC")
_QUALIFIERS = st.sampled_from(("", "", "", "?", "~", "%"))


@functools.cache
def zones() -> st.SearchStrategy[str]:
    """A few IANA zone names."""
    return st.sampled_from(_ZONES)


def _days() -> st.SearchStrategy[dt.date]:
    # mostly recent dates, sometimes anything in range
    return st.one_of(
        st.dates(dt.date(1900, 1, 1), dt.date(2030, 12, 31)),
        st.dates(_MIN, _MAX),
    )


@st.composite
def _plain_dates(draw: st.DrawFn, level2: bool = True) -> str:
    """A date of level 0/1 (day, month, year, season or unspecified digits), or of level 2."""
    d = draw(_days())
    forms = ("day", "day", "month", "year", "season", "x")
    form = draw(st.sampled_from((*forms, "level2") if level2 else forms))
    if form == "level2":
        return draw(level2_dates())
    if form == "day":
        text = d.isoformat()
    elif form == "month":
        text = f"{d.year:04d}-{d.month:02d}"
    elif form == "year":
        text = f"{d.year:04d}"
    elif form == "season":
        text = f"{d.year:04d}-{draw(st.integers(21, 24))}"
    else:
        text = draw(
            st.sampled_from(
                (
                    f"{d.year:04d}"[:3] + "X",
                    f"{d.year:04d}"[:2] + "XX",
                    f"{d.year:04d}-{d.month:02d}-XX",
                    f"{d.year:04d}-XX",
                )
            )
        )
    return text + draw(_QUALIFIERS)


_MARKS = ("", "?", "~", "%")


@functools.cache
def level2_dates() -> st.SearchStrategy[str]:
    """A valid level 2 date inside years 1–9999 (see ``_level2_texts``)."""
    return _level2_texts().filter(_fits)


@functools.cache
def extended_dates() -> st.SearchStrategy[str]:
    """A valid date of a year outside 1–9999 (see ``_extended_texts``)."""
    return _extended_texts().filter(_valid)


_BIG_YEARS = st.one_of(
    st.integers(-9999, 0),
    st.integers(-20_000_000_000, -10_000),
    st.integers(10_000, 20_000_000_000),
)


@st.composite
def _extended_texts(draw: st.DrawFn) -> str:
    """A date of a year outside 1–9999, in each form EDTF writes it.

    A four-digit year before 1 (``-1985``, ``0000``; with a month, a day, a
    sub-year grouping, X digits or qualifiers), a year written with ``Y``
    (``Y170000002``, ``Y-170000002``), an exponential year (``Y-17E7``),
    significant digits (``1950S2``, ``-1950S2``, ``Y171010000S3``), or an
    interval or a set with such a year at one end.
    """
    form = draw(st.sampled_from(("short", "short", "y", "exp", "sig", "interval", "set")))
    if form == "short":
        year = draw(st.integers(-9999, 0))
        d = draw(_days())
        sign = "-" if year < 0 else ""
        parts = [f"{sign}{abs(year):04d}", f"{d.month:02d}", f"{min(d.day, 28):02d}"]
        shape = draw(st.sampled_from(("year", "month", "day", "grouping", "x", "left")))
        if shape == "grouping":
            return f"{parts[0]}-{draw(st.integers(21, 41))}" + draw(_QUALIFIERS)
        if shape == "x":
            return sign + f"{abs(year):04d}"[: draw(st.integers(1, 3))].ljust(4, "X")
        if shape == "left":
            return f"{draw(st.sampled_from('?~%'))}{parts[0]}-{parts[1]}-~{parts[2]}"
        count = {"year": 1, "month": 2, "day": 3}[shape]
        return "-".join(parts[:count]) + draw(_QUALIFIERS)
    if form == "y":
        year = draw(_BIG_YEARS.filter(lambda y: abs(y) > 9999))
        return f"Y{year}" + draw(_QUALIFIERS)
    if form == "exp":
        mantissa = draw(st.integers(1, 99))
        exponent = draw(st.integers(1, 8))
        sign = draw(st.sampled_from(("", "-")))
        return f"Y{sign}{mantissa}E{exponent}"
    if form == "sig":
        year = draw(_BIG_YEARS.filter(lambda y: y != 0))
        digits = len(str(abs(year)))
        significant = draw(st.integers(1, digits))
        text = f"{'-' if year < 0 else ''}{abs(year):04d}" if digits <= 4 else f"Y{year}"
        return f"{text}S{significant}"
    if form == "interval":
        start = draw(_extended_texts().filter(lambda t: "/" not in t and t[0] not in "[{"))
        end = draw(st.sampled_from(("..", "", "2017", "1985-04-12")))
        if end == "" and draw(st.booleans()):
            return f"/{start}"
        return f"{start}/{end}" if end or draw(st.booleans()) else f"../{start}"
    member = draw(_extended_texts().filter(lambda t: "/" not in t and t[0] not in "[{"))
    opening, closing = draw(st.sampled_from((("[", "]"), ("{", "}"))))
    return f"{opening}{member},2017-09-15{closing}"


@st.composite
def _level2_texts(draw: st.DrawFn) -> str:
    """A level 2 date inside years 1–9999 (not always canonical: ``When`` rewrites it).

    A sub-year grouping (21–41), qualifiers on some components (left: that one;
    right: it and those before), or X digits anywhere.
    """
    d = draw(_days())
    form = draw(st.sampled_from(("grouping", "qualified", "x_any")))
    if form == "grouping":
        return f"{d.year:04d}-{draw(st.integers(21, 41))}" + draw(_QUALIFIERS)
    parts = [f"{d.year:04d}", f"{d.month:02d}", f"{d.day:02d}"][: draw(st.integers(1, 3))]
    if form == "x_any":
        masks = [draw(st.lists(st.booleans(), min_size=len(p), max_size=len(p))) for p in parts]
        parts = [
            "".join("X" if x else c for c, x in zip(p, m, strict=True))
            for p, m in zip(parts, masks, strict=True)
        ]
    marks = [draw(st.sampled_from(_MARKS)) for _ in parts]
    sides = [draw(st.booleans()) for _ in parts]
    return "-".join(
        (mark + p) if left else (p + mark)
        for p, mark, left in zip(parts, marks, sides, strict=True)
    )


@st.composite
def _date_times(draw: st.DrawFn, offset: bool | None = None) -> str:
    """A date-time to the minute or second, with or without a UTC offset."""
    d = draw(st.dates(dt.date(1900, 1, 1), dt.date(2030, 12, 31)))
    text = f"{d.isoformat()}T{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}"
    if draw(st.booleans()):
        text += f":{draw(st.integers(0, 59)):02d}"
    with_offset = draw(st.booleans()) if offset is None else offset
    if with_offset:
        text += draw(st.sampled_from(("Z", "+02:00", "-07:00", "+05:30", "-00:00", "+14:00")))
    return text


@st.composite
def _intervals(draw: st.DrawFn) -> str:
    start = draw(_days())
    end = start + dt.timedelta(days=draw(st.integers(0, 400)))
    if end > _MAX:
        end = _MAX
    shape = draw(
        st.sampled_from(("days", "days", "open-end", "unknown-end", "open-start", "mixed"))
    )
    if shape == "days":
        return f"{start.isoformat()}{draw(_QUALIFIERS)}/{end.isoformat()}{draw(_QUALIFIERS)}"
    if shape == "open-end":
        return f"{start.isoformat()}/.."
    if shape == "unknown-end":
        return f"{start.isoformat()}/"
    if shape == "open-start":
        return f"../{end.isoformat()}"
    # a vaguer start: its year
    return f"{start.year:04d}/{end.year:04d}-{end.month:02d}"


@st.composite
def _sets(draw: st.DrawFn) -> str:
    days = sorted(draw(st.lists(_days(), min_size=1, max_size=4, unique=True)))
    items = [d.isoformat() for d in days]
    shape = draw(st.sampled_from(("list", "range", "before", "after")))
    if shape == "range" and len(items) >= 2:
        items = [f"{items[0]}..{items[1]}", *items[2:]]
    elif shape == "before":
        items[0] = ".." + items[0]
    elif shape == "after":
        items[-1] = items[-1] + ".."
    opening, closing = draw(st.sampled_from((("[", "]"), ("{", "}"))))
    return opening + ",".join(items) + closing


def _valid(text: str, tz: str | None = None) -> bool:
    # a wall time may not exist in a zone (clocks go forward): not a valid date there
    try:
        When.parse(text, tz=tz)
    except ValueError:
        return False
    return True


def _fits(text: str) -> bool:
    """Valid, with bounds in years 1–9999 (X digits may reach year 0: ``0XXX``)."""
    return _valid(text) and When.parse(text).fits


@functools.cache
def when_texts(level2: bool = True, extended: bool = False) -> st.SearchStrategy[str]:
    """Valid EDTF strings: dates, date-times, intervals and sets.

    ``level2=False`` leaves out the level 2 dates of :func:`level2_dates`;
    ``extended=True`` adds the years outside 1–9999 of :func:`extended_dates`.
    """
    dates = _plain_dates(level2)
    forms = st.one_of(dates, _date_times(), _intervals(), dates, _sets()).filter(_fits)
    return st.one_of(forms, extended_dates()) if extended else forms


@functools.cache
def whens(extended: bool = False) -> st.SearchStrategy[When]:
    """A :class:`When`, sometimes a local date-time with its IANA zone.

    ``extended=True``: sometimes of a year outside 1–9999 (:func:`extended_dates`).
    """
    return st.one_of(
        st.builds(When.parse, when_texts(extended=extended)),
        st.tuples(_date_times(offset=False), zones())
        .filter(lambda pair: _valid(*pair))
        .map(lambda pair: When.parse(*pair)),
    )


_AWKWARD = st.sampled_from(
    ('"', "'", "\\", "\n", "\r\n", "\t", '"""', "'''", "#", "=", "[[x]]", "é", "—", "日本", "🙂")
)


@functools.cache
def texts(max_size: int = 30) -> st.SearchStrategy[str]:
    """Any text TOML can hold, rich in quotes, newlines and backslashes."""
    plain = st.text(st.characters(codec="utf-8"), max_size=max_size)
    return st.lists(st.one_of(plain, _AWKWARD), max_size=4).map("".join)


@functools.cache
def nonempty_texts(max_size: int = 30) -> st.SearchStrategy[str]:
    """Text with at least one visible character."""
    return st.tuples(
        texts(max_size), st.sampled_from(string.ascii_letters + "é日"), texts(max_size)
    ).map("".join)


@functools.cache
def _optional(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str | None]:
    return st.one_of(st.none(), strategy)


@st.composite
def _ids(draw: st.DrawFn) -> str:
    parts = draw(st.lists(_ID_PARTS, min_size=1, max_size=3))
    text = parts[0]
    for part in parts[1:]:
        text += draw(_ID_SEPARATORS) + part
    return text


_ID_PARTS = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=6)
_ID_SEPARATORS = st.sampled_from("-_.")
_IDS = _ids()


def ids() -> st.SearchStrategy[str]:
    """Valid ids (slugs)."""
    return _IDS


_NUMBERS = st.one_of(
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
)


@st.composite
def _places(draw: st.DrawFn) -> Place:
    name = draw(nonempty_texts())
    if draw(st.booleans()):
        return Place(name)
    lat = draw(st.one_of(st.floats(-90, 90), st.integers(-90, 90)))
    lon = draw(st.one_of(st.floats(-180, 180), st.integers(-180, 180)))
    return Place(name, lat=lat, lon=lon)


_people = st.builds(Person, nonempty_texts(), role=_optional(texts()))


@functools.cache
def _optional_when() -> st.SearchStrategy[When | None]:
    return st.one_of(st.none(), whens())


@st.composite
def _citations(draw: st.DrawFn, source_ids: list[str]) -> Citation:
    return Citation(
        draw(st.sampled_from(source_ids)),
        quote=draw(_optional(texts(80))),
        reported=draw(_optional_when()),
        reported_text=draw(_optional(texts())),
        note=draw(_optional(texts())),
    )


_FIGURES = st.dictionaries(nonempty_texts(10), _NUMBERS, max_size=3)
_PLACES = st.lists(_places(), max_size=2)
_PEOPLE = st.lists(_people, max_size=2)
_TAGS = st.lists(nonempty_texts(12), max_size=3)
_SUMMARIES = st.one_of(st.just(""), texts(200))
_STATUSES = st.sampled_from(list(Status))


@st.composite
def events(
    draw: st.DrawFn,
    event_id: str | None = None,
    source_ids: list[str] | None = None,
    link_targets: list[str] | None = None,
    extended: bool = False,
) -> Event:
    """A valid event; citations and links name only the ids given.

    ``extended=True``: its date may lie outside years 1–9999.
    """
    figures = draw(_FIGURES)
    citations: list[Citation] = []
    if source_ids:
        citations = draw(st.lists(_citations(source_ids), max_size=3))
    related: list[Link] = []
    if link_targets:
        related = draw(
            st.lists(
                st.builds(
                    Link,
                    ids(),
                    st.sampled_from(link_targets),
                    note=_optional(texts()),
                ),
                max_size=2,
            )
        )
    return Event(
        event_id if event_id is not None else draw(ids()),
        draw(nonempty_texts()),
        draw(whens(extended)),
        status=draw(_STATUSES),
        summary=draw(_SUMMARIES),
        tags=draw(_TAGS),
        figures=figures,
        places=draw(_PLACES),
        people=draw(_PEOPLE),
        sources=citations,
        related=related,
    )


_PUBLISHED = st.one_of(st.none(), st.builds(When.parse, _plain_dates().filter(_fits)))


@st.composite
def sources(draw: st.DrawFn, source_id: str | None = None) -> Source:
    """A valid source."""
    host = draw(st.text(string.ascii_lowercase, min_size=1, max_size=10))
    return Source(
        source_id if source_id is not None else draw(ids()),
        draw(nonempty_texts()),
        publisher=draw(_optional(texts())),
        url=draw(st.one_of(st.none(), texts(20).map(lambda t: f"https://{host}.org/{t.strip()}"))),
        published=draw(_PUBLISHED),
        note=draw(_optional(texts())),
    )


_COLOURS = st.one_of(
    st.none(), st.text("0123456789abcdefABCDEF", min_size=6, max_size=6).map("#".__add__)
)


@functools.cache
def eras() -> st.SearchStrategy[Era]:
    """A valid era: a period with both ends known, sometimes a colour."""
    periods = whens().filter(lambda w: rules.period(w) is None)
    return st.builds(Era, nonempty_texts(), periods, colour=_COLOURS)


@st.composite
def timelines(
    draw: st.DrawFn,
    max_events: int = 6,
    max_sources: int = 3,
    max_eras: int = 2,
    extended: bool = False,
) -> Timeline:
    """A valid timeline: unique ids, citations and links that resolve.

    ``extended=True``: events may lie outside years 1–9999.
    """
    source_ids = draw(st.lists(ids(), max_size=max_sources, unique=True))
    event_ids = draw(st.lists(ids(), max_size=max_events, unique=True))
    the_sources = [draw(sources(source_id=s)) for s in source_ids]
    the_events = [draw(events(e, source_ids, event_ids, extended)) for e in event_ids]
    return Timeline(
        draw(texts()),
        the_events,
        the_sources,
        description=draw(_SUMMARIES),
        eras=draw(st.lists(eras(), max_size=max_eras)),
    )
