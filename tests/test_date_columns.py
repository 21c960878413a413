"""Dates read a whole column at a time (timeline._date_columns, issue 15).

The Parquet loader reads the common EDTF forms on the bytes of the whole
``when`` column; what it vouches for must be exactly what ``When`` makes of
the same text and zone, and it must never vouch for a text ``When`` refuses.
"""

from __future__ import annotations

import re
from typing import Any, Final

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

pa = pytest.importorskip("pyarrow")
np = pytest.importorskip("numpy")

from timeline._date_columns import DateColumns, read_dates, read_with, repeats  # noqa: E402
from timeline.errors import TimelineError  # noqa: E402
from timeline.when import When  # noqa: E402

_VALUES = [s for s in DateColumns.__slots__ if s != "known" and not s.startswith("has_")]
_GIVEN = [s for s in DateColumns.__slots__ if s.startswith("has_")]

ZONES = [
    None,
    "UTC",
    "America/New_York",
    "Europe/London",
    "Australia/Lord_Howe",  # clocks move by 30 minutes
    "Asia/Kolkata",
    "Pacific/Apia",  # skipped 30 December 2011
    "America/St_Johns",
]


def _expected(text: str, tz: str | None) -> DateColumns | None:
    try:
        when = When(text, tz)
    except TimelineError:
        return None
    expected = DateColumns(1)
    expected.fill([0], [when])
    return expected


def _compare(texts: list[str], zones: list[str | None]) -> DateColumns:
    """Read ``texts`` whole; each one vouched for agrees with ``When``; return what was read."""
    dates = read_dates(pa, pa.array(texts, pa.string()), pa.array(zones, pa.string()))
    assert len(dates) == len(texts)
    for i, (text, tz) in enumerate(zip(texts, zones, strict=True)):
        expected = _expected(text, tz)
        if expected is None:
            assert not dates.known[i], (text, tz)  # never vouch for what When refuses
            continue
        if not dates.known[i]:
            assert not _must_read(text, tz), (text, tz)
            continue
        for name in _GIVEN:
            assert getattr(dates, name)[i] == getattr(expected, name)[0], (name, text, tz)
        for name in _VALUES:
            given = f"has_{name}" if f"has_{name}" in _GIVEN else None
            if given is not None and not getattr(expected, given)[0]:
                continue
            assert getattr(dates, name)[i] == getattr(expected, name)[0], (name, text, tz)
    return dates


_END: Final = (
    r"[0-9]{4}(?:-(?:[0-9]{2}|XX)(?:-(?:[0-9]{2}|XX))?)?[?~%]?"
    r"|[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::[0-9]{2})?(?:Z|[+-][0-9]{2}:[0-9]{2})?"
)
_FORMS: Final = re.compile(rf"(?:{_END})|(?:{_END}|\.\.)?/(?:{_END}|\.\.)?")
_SEASON: Final = re.compile(r"(?:^|/)[0-9]{4}-(?:2[1-9]|3[0-9]|4[01])[?~%]?(?:/|$)")
_EDGE_YEAR: Final = re.compile(r"(?:^|/)(?:0001|9999)-")


def _must_read(text: str, tz: str | None) -> bool:
    """A text ``When`` accepts that the column reader must read itself: of its forms (no
    season, no X month before a known day), outside a zone, no time of day near the
    ends of years 1–9999; a set whose members are such dates, without times."""
    if text[:1] in ("[", "{") and text[-1:] in ("]", "}"):
        members = re.split(r",|\.\.", text[1:-1])
        return all(m == "" or (_must_read(m, None) and "T" not in m) for m in members)
    if tz is not None or not _FORMS.fullmatch(text) or _SEASON.search(text):
        return False
    if "XX-" in text and "XX-XX" not in text:
        return False  # (2017-XX-15: some day 15)
    return not ("T" in text and _EDGE_YEAR.search(text))


# -- texts of the recognised forms, valid or nearly so --------------------------------------

_years = st.one_of(
    st.integers(0, 9999), st.sampled_from([0, 1, 4, 100, 400, 1582, 1900, 1970, 2000, 9999])
)
_months = st.one_of(st.integers(1, 12), st.sampled_from([0, 2, 13, 21, 24, 41]))
_days = st.one_of(st.integers(1, 28), st.sampled_from([0, 29, 30, 31, 32]))
_qualifiers = st.sampled_from(["", "", "?", "~", "%"])


@st.composite
def _dates(draw: st.DrawFn) -> str:
    year = f"{draw(_years):04d}"
    form = draw(st.sampled_from(["y", "ym", "ymd", "ymd", "yX", "ymX", "yXX"]))
    if form == "y":
        text = year
    elif form == "ym":
        text = f"{year}-{draw(_months):02d}"
    elif form == "ymd":
        text = f"{year}-{draw(_months):02d}-{draw(_days):02d}"
    elif form == "yX":
        text = f"{year}-XX"
    elif form == "ymX":
        text = f"{year}-{draw(_months):02d}-XX"
    else:
        text = f"{year}-XX-XX"
    return text + draw(_qualifiers)


_offsets = st.one_of(
    st.just(""),
    st.just("Z"),
    st.builds(
        lambda sign, h, m: f"{sign}{h:02d}:{m:02d}",
        st.sampled_from("+-"),
        st.one_of(st.integers(0, 14), st.just(15)),
        st.sampled_from([0, 30, 45, 59, 60]),
    ),
)


@st.composite
def _times(draw: st.DrawFn) -> str:
    year = draw(st.one_of(st.integers(1, 9999), st.integers(1960, 2040), st.just(1)))
    month = draw(st.one_of(st.integers(1, 12), st.sampled_from([3, 4, 10, 11, 12])))
    day = draw(st.one_of(_days, st.integers(24, 31)))
    hour = draw(st.one_of(st.integers(0, 23), st.sampled_from([0, 1, 2, 3, 24])))
    minute = draw(st.one_of(st.integers(0, 59), st.sampled_from([0, 30, 59, 60])))
    second = draw(st.one_of(st.none(), st.integers(0, 59), st.just(60)))
    clock = f"{hour:02d}:{minute:02d}" + ("" if second is None else f":{second:02d}")
    return f"{year:04d}-{month:02d}-{day:02d}T{clock}{draw(_offsets)}"


_ends = st.one_of(_dates(), _times())


@st.composite
def _sets(draw: st.DrawFn) -> str:
    items = draw(
        st.lists(
            st.one_of(_dates(), st.builds(lambda a, b: f"{a}..{b}", _dates(), _dates())),
            min_size=1,
            max_size=4,
        )
    )
    if draw(st.booleans()):
        items[0] = ".." + items[0].split("..")[0]
    if draw(st.booleans()):
        items[-1] = items[-1].split("..")[-1] + ".."
    if draw(st.integers(0, 9)) == 0:
        items.append(draw(_times()))  # (a time in a set: left to When)
    brackets = draw(st.sampled_from(["[]", "{}", "[}", "[]"]))
    return brackets[0] + ",".join(items) + brackets[1]


@st.composite
def _texts(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["date", "time", "interval", "interval", "open", "set"]))
    if kind == "set":
        return draw(_sets())
    if kind == "date":
        return draw(_dates())
    if kind == "time":
        return draw(_times())
    if kind == "interval":
        return f"{draw(_ends)}/{draw(_ends)}"
    end = draw(_ends)
    other = draw(st.sampled_from(["..", ""]))
    return f"{other}/{end}" if draw(st.booleans()) else f"{end}/{other}"


_EDGES = [
    "2016-02-29", "2017-02-29", "2000-02-29", "1900-02-29", "0000-02-29", "0000", "0000-12-31",
    "9999-12-31", "2017-04-31", "2017-09", "2017-13", "2017-00", "2017-21", "2017-09-24~",
    "2017-09-24%", "2017?", "2017-XX", "2017-09-XX?", "2017-XX-XX", "2017-XX-15",
    "2017-09-24T13:00", "2017-09-24T13:00:05", "2017-09-24T13:00Z", "2017-09-24T13:00+14:00",
    "2017-09-24T13:00-12:00", "2017-09-24T13:00+14:01", "2017-09-24T13:00-12:30",
    "0001-01-01T00:00+01:00", "0001-01-01T00:00", "9999-12-31T23:59-01:00", "9999-12-31T23:59Z",
    "0000-01-01T00:00", "2017-09-24T24:00", "2017-09-24T13:60", "2017-09-24T13:00:60",
    "2017-09-24T13:00?", "2017-09-24/2017-09-27", "2017-09-27/2017-09-24", "2017/2017",
    "2017-09-24T13:00Z/2017-09-24T12:00Z", "2017-09-24T13:00+02:00/2017-09-24T12:30Z",
    "2017-09-24T23:00-05:00/2017-09-24", "2017-09-24T13:00-05:00/2017-09-25",
    "../2017-09-24", "2017-09-24/..", "/2017", "2017/",
    "../..", "/", "../", "2017-09-24//2017", "2017-09-24/2017-09-25/2017", " 2017", "2017 ",
    "2017-9-24", "2017-09-24T1:00", "2017-09-24T13:00+0200", "2017-09-24T13:00+02",
    "[2017-09-24..2017-09-27]", "{2017,2018}", "[2017-09-24T10:00,2017-09-27]", "[..2017,2019..]",
    "[2017,..2018]", "[2018..2017]", "[]", "{}", "[2017}", "[2017, 2018]", "[..]", "[2017...2018]",
    "{2017-09~,2016-02-29?,2017-XX-XX}", "[2017-02-29]", "[2017-21]", "-1985", "Y170000002",
    "201X", "2017-09-24\x00",
    "２０１７", "2017-09-24T13:00Z~", "",
]  # fmt: skip


def test_the_edges_agree_with_when() -> None:
    texts = [t for t in _EDGES for _ in ZONES]
    zones = [z for _ in _EDGES for z in ZONES]
    dates = _compare(texts, zones)
    # the common forms are read here, not left to When (the test would prove nothing)
    read = {t for t, z, k in zip(texts, zones, dates.known, strict=True) if k and z is None}
    for text in ("2016-02-29", "0000", "2017-09", "2017-09-24~", "2017-XX", "2017-09-XX?",
                 "2017-09-24T13:00", "2017-09-24T13:00+14:00", "2017-09-24/2017-09-27",
                 "2017-09-24T13:00-05:00/2017-09-25", "../2017-09-24", "2017/"):  # fmt: skip
        assert text in read, text
    assert "[2017-09-24..2017-09-27]" in read
    assert not dates.known[texts.index("[2017-09-24T10:00,2017-09-27]")]


def test_times_in_a_zone_around_the_clock_changes() -> None:
    """A wall time that is ambiguous or skipped in its zone is left to When; the others
    are read in the zone, with or without an offset that must be the zone's."""
    _zone_changes()


def test_a_zone_arrow_cannot_read_is_read_one_time_at_a_time(monkeypatch: Any) -> None:
    from timeline import _date_columns

    def refused(*args: object) -> None:
        raise pa.ArrowInvalid("Cannot locate timezone")

    monkeypatch.setattr(_date_columns._Ends, "_in_zone", refused)
    _zone_changes()


def _zone_changes() -> None:
    texts: list[str] = []
    zones: list[str | None] = []
    for day in ("2017-03-12", "2017-11-05", "2017-03-26", "2017-10-29", "2011-12-29",
                "2011-12-30", "2011-12-31", "2038-03-29", "2040-11-04", "1850-06-01",
                "1901-12-31", "2036-12-31", "2037-01-01"):  # fmt: skip
        for hour in range(24):
            for minute in ("00", "30", "59"):
                for offset in ("", "Z", "-05:00", "-04:00", "+01:00", "+00:00", "+14:00"):
                    for tz in ("America/New_York", "Europe/London", "Pacific/Apia"):
                        texts.append(f"{day}T{hour:02d}:{minute}{offset}")
                        zones.append(tz)
    dates = _compare(texts, zones)
    assert dates.known.sum() > len(texts) // 10


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_texts(), st.sampled_from(ZONES)), min_size=1, max_size=40))
@example([("2016-02-29/2016-03", None), ("2011-12-30T10:00", "Pacific/Apia")])
@example([("0000/2038-03-29T00:00", "America/New_York")])  # (Arrow's zones: an hour off)
def test_what_is_read_whole_is_what_when_makes(rows: list[tuple[str, str | None]]) -> None:
    _compare([t for t, _ in rows], [z for _, z in rows])


def test_rows_past_the_width_and_chunks() -> None:
    """Long texts (past the bytes looked at) are left to When; a column of more rows than
    one chunk reads each chunk's rows where they are."""
    from timeline import _date_columns

    long = "2017-09-24T13:00:05+05:30/2017-09-24T13:00:06+05:30"
    texts = [long, "2017-09-24" + "~" * 30, *(f"{1900 + i % 200:04d}-01" for i in range(50))]
    dates = _compare(texts, [None] * len(texts))
    assert dates.known[0]
    assert not dates.known[1]
    assert dates.known[2:].all()
    n = _date_columns._CHUNK + 5
    column = pa.array([f"{1000 + i % 9000:04d}" for i in range(n)], pa.string())
    many = read_dates(pa, column.slice(3), None)  # (an array that starts at an offset)
    assert many.known.all()
    assert many.lower[-1] == When(f"{1000 + (n - 1) % 9000:04d}").lower
    assert (
        many.lower[_date_columns._CHUNK]
        == When(f"{1000 + (_date_columns._CHUNK + 3) % 9000:04d}").lower
    )


def test_the_day_tables_give_every_month_of_every_year() -> None:
    """The days of the calendar are read from tables of years 0000-9999: each month's first
    day is the civil calendar's, and each month ends the day before the next one starts."""
    import calendar

    from timeline import _date_columns
    from timeline.bigdate import days_from_civil

    years = np.repeat(np.arange(10_000), 12)
    months = np.tile(np.arange(1, 13), 10_000)
    lengths = _date_columns._month_days(years, months)
    firsts = _date_columns._days(years, months, np.ones_like(years))
    lasts = _date_columns._days(years, months, lengths)
    assert np.array_equal(lasts[:-1] + 1, firsts[1:])  # (no day missed, none twice)
    assert lasts[-1] == days_from_civil(9999, 12, 31)
    for k in range(0, len(years), 7):  # (a month of every year, each month as often)
        y, m = int(years[k]), int(months[k])
        assert firsts[k] == days_from_civil(y, m, 1), (y, m)
        assert lengths[k] == calendar.monthrange(y or 2000, m)[1], (y, m)  # (0000: leap)


def test_each_month_s_first_day_and_length_are_one_read_of_a_table() -> None:
    """The first day and the length of each month of years 0000-9999 are one flat table each,
    at ``year * 13 + month`` (one read per date, where a table by leap year and month took
    three: a third of the dates' time at a million events)."""
    import calendar

    from timeline import _date_columns
    from timeline.bigdate import days_from_civil

    for year in (0, 1, 4, 100, 400, 1582, 1900, 1970, 2000, 2017, 2024, 9999):
        for month in range(1, 13):
            at = year * 13 + month
            assert _date_columns._MONTH_START[at] == days_from_civil(year, month, 1)
            length = calendar.monthrange(year or 2000, month)[1]  # (0000 is leap, as 2000)
            assert _date_columns._MONTH_LENGTH[at] == length, (year, month)


# -- each short text read once (repeats) ----------------------------------------------------

_SHORT_TEXTS = st.sampled_from([
    "2017", "2017\x00", "2017-09-24", "2017-09-24\x00", "2017-09-24~", "2017-09-2", "2017-21",
    "2017-09-24T13:00", "2017-11-05T01:30", "2011-12-30T10:00", "2017-XX-XX", "2017/2018", "",
    "2017-09-24T13:0Z", "T", "１７",
])  # fmt: skip
"""Texts of 16 bytes or fewer: a byte past the text, times of day (read in a zone)."""


def _all_equal(a: DateColumns, b: DateColumns) -> None:
    for name in DateColumns.__slots__:
        assert np.array_equal(getattr(a, name), getattr(b, name)), name


@st.composite
def _kinds(draw: st.DrawFn) -> list[tuple[str, str | None]]:
    """Up to 9 texts and zones, often one the same as another but for a zero byte after it."""
    kinds = draw(
        st.lists(
            st.tuples(st.one_of(_SHORT_TEXTS, _dates(), _texts()), st.sampled_from(ZONES)),
            min_size=1,
            max_size=8,
        )
    )
    if draw(st.booleans()):
        text, zone = kinds[0]
        kinds.append((text + "\x00", draw(st.sampled_from([zone, None]))))
    return kinds


@settings(max_examples=200, deadline=None)
@given(_kinds(), st.lists(st.integers(0, 8), min_size=1, max_size=60), st.integers(0, 5))
def test_each_short_text_read_once_is_read_as_in_each_row(
    kinds: list[tuple[str, str | None]], picks: list[int], first: int
) -> None:
    """The dates of a column whose short texts are read once (:func:`repeats`, spread to
    their rows) are those of reading every row, in any zones, a part of it too; each
    distinct short text is read once (not a time of day in a zone: left to its rows)."""
    rows = [kinds[i % len(kinds)] for i in picks]
    texts = pa.array([t for t, _ in rows], pa.string())
    zones = pa.array([z for _, z in rows], pa.string())
    short = [len(t.encode()) <= 16 and not (z is not None and "T" in t) for t, z in rows]
    found = repeats(pa, texts, zones, always=True)
    assume(found is not None)  # (none short: every row read on its own)
    assert found is not None
    assert len(found.dates) == len({t for (t, _), s in zip(rows, short, strict=True) if s})
    assert ((found.codes >= 0) == short).all()
    _all_equal(read_with(pa, texts, zones, found), read_dates(pa, texts, zones))
    first = min(first, len(rows) - 1)
    part = (texts.slice(first), zones.slice(first))
    _all_equal(read_with(pa, *part, found.rows(first, len(rows))), read_dates(pa, *part))


def test_texts_of_one_hash_are_told_apart(monkeypatch: Any) -> None:
    """Short texts whose hashes are the same (here: every text of a length) are each read
    as they are: a row whose bytes are not those of the text its hash found is read on
    its own."""
    from timeline import _date_columns

    monkeypatch.setattr(_date_columns, "_MIX", (np.uint64(0), np.uint64(0)))
    kinds = ["2017-09-24", "2017-09-25", "1999-12-31", "2017-21", "2017-09", "2017", "1066"]
    texts = pa.array([kinds[i * 3 % len(kinds)] for i in range(100)], pa.string())
    found = repeats(pa, texts, None, always=True)
    assert found is not None
    assert len(found.dates) == 3  # (a text of each length: the others read on their own)
    _all_equal(read_with(pa, texts, None, found), read_dates(pa, texts, None))
