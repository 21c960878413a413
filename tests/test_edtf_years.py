"""EDTF complete: every example of the specification, years before 1 and after 9999.

The examples are those of the Library of Congress EDTF specification (levels
0, 1 and 2), each with the bounds it implies; python-edtf's test suite is the
oracle where it is right (its documented differences, kept here as tests:
it pads unknown interval ends by ten years, ends winter in December, and takes
the strict bounds of ``1950S2`` to be the estimate 1950, where the
specification says "some year between 1900 and 1999").
"""

from __future__ import annotations

import json
import math
import warnings
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import timeline
from tests.strategies import extended_dates, timelines, whens
from timeline import BigDate, Precision, TimelineError, TimelineWarning, When
from timeline.bigdate import YEAR_LIMIT, civil_from_days, days_from_civil


def _day(text: str | None) -> BigDate | None:
    """``-1985-04-12``, ``+170000002-01-01`` or ``2017-09-15`` as a BigDate."""
    if text is None:
        return None
    sign = -1 if text[0] == "-" else 1
    year, month, day = text.lstrip("+-").split("-")
    return BigDate(sign * int(year), int(month), int(day))


def _bounds(w: When) -> tuple[str | None, str | None]:
    lo, hi = w.earliest_bigdate, w.latest_bigdate
    return (None if lo is None else lo.isoformat(), None if hi is None else hi.isoformat())


# -- the specification's examples ------------------------------------------------------

# text, first day, last day (None: open or unknown)
SPEC: list[tuple[str, str | None, str | None]] = [
    # level 0: dates, date-times, intervals
    ("1985-04-12", "1985-04-12", "1985-04-12"),
    ("1985-04", "1985-04-01", "1985-04-30"),
    ("1985", "1985-01-01", "1985-12-31"),
    ("1985-04-12T23:20:30", "1985-04-12", "1985-04-12"),
    ("1985-04-12T23:20:30Z", "1985-04-12", "1985-04-12"),
    ("1985-04-12T23:20:30-04", "1985-04-12", "1985-04-12"),
    ("1985-04-12T23:20:30+04:30", "1985-04-12", "1985-04-12"),
    ("1964/2008", "1964-01-01", "2008-12-31"),
    ("2004-06/2006-08", "2004-06-01", "2006-08-31"),
    ("2004-02-01/2005-02-08", "2004-02-01", "2005-02-08"),
    ("2004-02-01/2005-02", "2004-02-01", "2005-02-28"),
    ("2004-02-01/2005", "2004-02-01", "2005-12-31"),
    ("2005/2006-02", "2005-01-01", "2006-02-28"),
    # level 1: letter-prefixed years, seasons, qualifiers, unspecified digits,
    # extended intervals, negative years
    ("Y170000002", "+170000002-01-01", "+170000002-12-31"),
    ("Y-170000002", "-170000002-01-01", "-170000002-12-31"),
    ("2001-21", "2001-03-01", "2001-05-31"),
    ("1984?", "1984-01-01", "1984-12-31"),
    ("2004-06~", "2004-06-01", "2004-06-30"),
    ("2004-06-11%", "2004-06-11", "2004-06-11"),
    ("201X", "2010-01-01", "2019-12-31"),
    ("20XX", "2000-01-01", "2099-12-31"),
    ("2004-XX", "2004-01-01", "2004-12-31"),
    ("1985-04-XX", "1985-04-01", "1985-04-30"),
    ("1985-XX-XX", "1985-01-01", "1985-12-31"),
    ("1985-04-12/..", "1985-04-12", None),
    ("1985-04/..", "1985-04-01", None),
    ("1985/..", "1985-01-01", None),
    ("../1985-04-12", None, "1985-04-12"),
    ("../1985-04", None, "1985-04-30"),
    ("../1985", None, "1985-12-31"),
    ("1985-04-12/", "1985-04-12", None),
    ("1985-04/", "1985-04-01", None),
    ("1985/", "1985-01-01", None),
    ("/1985-04-12", None, "1985-04-12"),
    ("/1985-04", None, "1985-04-30"),
    ("/1985", None, "1985-12-31"),
    ("-1985", "-1985-01-01", "-1985-12-31"),
    # level 2: exponential years, significant digits, sub-year groupings, sets,
    # qualification of components, unspecified digits anywhere, intervals
    ("Y-17E7", "-170000000-01-01", "-170000000-12-31"),
    ("1950S2", "1900-01-01", "1999-12-31"),
    ("Y171010000S3", "+171000000-01-01", "+171999999-12-31"),
    ("Y3388E2S3", "+338000-01-01", "+338999-12-31"),
    ("2001-34", "2001-04-01", "2001-06-30"),
    ("[1667,1668,1670..1672]", "1667-01-01", "1672-12-31"),
    ("[..1760-12-03]", None, "1760-12-03"),
    ("[1760-12..]", "1760-12-01", None),
    ("[1760-01,1760-02,1760-12..]", "1760-01-01", None),
    ("[1667,1760-12]", "1667-01-01", "1760-12-31"),
    ("[..1984]", None, "1984-12-31"),
    ("{1667,1668,1670..1672}", "1667-01-01", "1672-12-31"),
    ("{1960,1961-12}", "1960-01-01", "1961-12-31"),
    ("{..1984}", None, "1984-12-31"),
    ("2004-06~-11", "2004-06-11", "2004-06-11"),
    ("2004?-06-11", "2004-06-11", "2004-06-11"),
    ("?2004-06-~11", "2004-06-11", "2004-06-11"),
    ("2004-%06-11", "2004-06-11", "2004-06-11"),
    ("156X-12-25", "1560-12-25", "1569-12-25"),
    ("15XX-12-25", "1500-12-25", "1599-12-25"),
    ("XXXX-12-XX", "0000-12-01", "9999-12-31"),
    ("1XXX-XX", "1000-01-01", "1999-12-31"),
    ("1XXX-12", "1000-12-01", "1999-12-31"),
    ("1984-1X", "1984-10-01", "1984-12-31"),
    ("2004-06-~01/2004-06-~20", "2004-06-01", "2004-06-20"),
    ("2004-06-XX/2004-07-03", "2004-06-01", "2004-07-03"),
]


@pytest.mark.parametrize(("text", "first", "last"), SPEC)
def test_every_example_of_the_specification(text: str, first: str | None, last: str | None) -> None:
    w = When.parse(text)
    assert _bounds(w) == (first, last)
    assert When.parse(str(w)) == w
    assert When(str(w), w.tz) == w  # uncached
    lo, hi = _day(first), _day(last)
    # the keys agree with the days (a day's key is its midnight, read as UTC)
    if lo is not None and w.precision < Precision.MINUTE:
        assert w.lower == lo.days() * 86400.0
    if hi is not None and w.precision < Precision.MINUTE:
        assert w.upper == (hi.days() + 1) * 86400.0
    if lo is None:
        assert w.lower == -math.inf
    if hi is None:
        assert w.upper == math.inf
    assert w.describe()  # every example has words, in every language
    for locale in ("fr", "de", "es"):
        assert w.describe(locale)


@pytest.mark.parametrize(
    ("text", "precision", "en"),
    [
        ("-1985", Precision.YEAR, "1986 BCE"),
        ("0000", Precision.YEAR, "1 BCE"),
        ("-0043-03-15", Precision.DAY, "15 Mar 44 BCE"),
        ("Y170000002", Precision.YEAR, "170,000,002"),
        ("Y-170000002", Precision.YEAR, "170 million years ago"),
        ("Y-17E7", Precision.YEAR, "170 million years ago"),
        ("Y-45E8", Precision.YEAR, "4.5 billion years ago"),
        ("1950S2", Precision.CENTURY, "1900–1999"),
        ("1953S3", Precision.DECADE, "1950s"),
        ("-1950S2", Precision.CENTURY, "2000–1901 BCE"),
        ("Y-171010000S3", Precision.MILLENNIUM, "172–171 million years ago"),
        ("Y-17000S2", Precision.MILLENNIUM, "18,000–17,001 BCE"),
        ("-01XX", Precision.CENTURY, "200–101 BCE"),
        ("-1985/2001", Precision.YEAR, "1986 BCE – 2001"),
        ("-0001-24", Precision.SEASON, "Winter 2 BCE"),
        ("../Y-17E7", Precision.YEAR, "until 170 million years ago"),
    ],
)
def test_years_outside_1_to_9999(text: str, precision: Precision, en: str) -> None:
    w = When.parse(text)
    assert w.precision is precision
    assert w.describe() == en
    assert not w.fits or text in ("1950S2", "1953S3")
    assert When.parse(str(w)) == w


def test_descriptions_of_far_years_in_every_language() -> None:
    w = When.parse("Y-17E7")
    assert [w.describe(loc) for loc in ("en", "fr", "de", "es")] == [
        "170 million years ago",
        "il y a 170 millions d'années",
        "vor 170 Millionen Jahren",
        "hace 170 millones de años",
    ]
    b = When.parse("-1985-04-12")
    assert [b.describe(loc) for loc in ("en", "fr", "de", "es")] == [
        "12 Apr 1986 BCE",
        "12 avr. 1986 av. J.-C.",
        "12 Apr. 1986 v. Chr.",
        "12 abr. 1986 a. C.",
    ]
    assert When.parse("Y-1E6").describe("es") == "hace 1 millón de años"
    assert When.parse("Y120000").describe("fr") == "120\u202f000"


def test_pendulum_bounds_say_which_value_they_cannot_hold() -> None:
    w = When.parse("-1985")
    assert not w.fits
    with pytest.raises(TimelineError) as info:
        _ = w.earliest
    assert str(info.value) == (
        "When('-1985') has a bound outside years 1–9999, -1985-01-01, which pendulum dates"
        " cannot hold: use earliest_bigdate and latest_bigdate (see When.fits)"
    )
    with pytest.raises(TimelineError, match="-1985-12-31"):
        _ = w.latest_day
    # an interval from before year 1 to a year that fits: its end is still a pendulum date
    mixed = When.parse("-0300/2017")
    assert mixed.earliest_bigdate == BigDate(-300, 1, 1)
    assert mixed.end is not None
    assert mixed.end.latest == When.parse("2017").latest
    assert When.parse("2017-09-15").fits


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("-0000", "year -0000: year zero is written 0000"),
        ("Y0170000", "a year written with 'Y' starts with a digit 1–9, as in Y170000002"),
        ("Y17E7-01", "a year written with 'Y' has no month or day"),
        ("1950S2-01", "a year with significant digits has no month or day"),
        ("1950S5", "S5: a year of 4 digits has 1 to 4 significant digits"),
        ("1950S0", "S0: a year of 4 digits has 1 to 4 significant digits"),
        ("-19850", "a year of more than four digits starts with 'Y', as in Y170000002"),
        ("-1985-02-29", "day 29: Feb -1985 has 28 days"),
        ("-XXXXX", "unspecified digits X stand in a year of four digits (201X, 1X9X, -01XX)"),
    ],
)
def test_malformed_years_say_what_was_expected(text: str, why: str) -> None:
    with pytest.raises(TimelineError) as info:
        When.parse(text)
    assert str(info.value) == f"{text!r} is not a valid date ({why})"


def test_leap_years_before_the_common_era_are_astronomical() -> None:
    assert When.parse("-0004-02-29").latest_bigdate == BigDate(-4, 2, 29)  # 5 BCE: a leap year
    assert When.parse("0000-02-29").earliest_bigdate == BigDate(0, 2, 29)
    assert When.parse("-0100-02").latest_bigdate == BigDate(-100, 2, 28)  # a century, not /400


def test_values_order_across_the_eras() -> None:
    texts = ["2017", "Y-17E7", "-1985", "0000", "Y170000002", "1950S2", "../Y-2E8", "-0001-24"]
    ordered = sorted(When.parse(t) for t in texts)
    assert [str(w) for w in ordered] == [
        "../Y-2E8",
        "Y-17E7",
        "-1985",
        "-0001-24",
        "0000",
        "1950S2",
        "2017",
        "Y170000002",
    ]


# -- the value type of days of any year --------------------------------------------------


@given(st.integers(-YEAR_LIMIT, YEAR_LIMIT), st.integers(1, 12), st.integers(1, 28))
def test_days_and_dates_convert_both_ways(year: int, month: int, day: int) -> None:
    days = days_from_civil(year, month, day)
    assert civil_from_days(days) == (year, month, day)
    assert BigDate.from_days(days) == BigDate(year, month, day)
    assert float(days) * 86400.0 == days * 86400  # keys of days stay exact


@given(st.dates())
def test_days_agree_with_python_dates(day: Any) -> None:
    assert days_from_civil(day.year, day.month, day.day) == day.toordinal() - 719163
    assert BigDate.of(day).isoformat() == day.isoformat()


def test_bigdate_is_checked() -> None:
    with pytest.raises(TimelineError, match=r"^BigDate.month: 13 is no month \(expected 1–12\)$"):
        BigDate(2017, 13, 1)
    with pytest.raises(TimelineError, match=r"^BigDate.day: 29 is no day of -1-02"):
        BigDate(-1, 2, 29)
    with pytest.raises(TimelineError, match="out of range"):
        BigDate(YEAR_LIMIT + 1, 1, 1)
    assert BigDate(-1985, 4, 12).isoformat() == "-1985-04-12"
    assert BigDate(12000, 1, 1).isoformat() == "+12000-01-01"
    assert BigDate(-1985, 4, 12) < BigDate(0, 1, 1) < BigDate(1, 1, 1)
    with pytest.raises(TimelineError, match="outside years 1–9999"):
        BigDate(0, 1, 1).to_date()


# -- laws over generated values of every form --------------------------------------------


@settings(max_examples=300, deadline=None)
@given(whens(extended=True))
def test_parse_of_text_is_the_value(w: When) -> None:
    assert When.parse(str(w), w.tz) == w
    assert When(str(w), w.tz) == w
    assert When(str(w), w.tz).sort_key == w.sort_key


@given(st.builds(When.parse, extended_dates()))
def test_extended_bounds_are_consistent(w: When) -> None:
    lo, hi = w.earliest_bigdate, w.latest_bigdate
    assert w.lower < w.upper
    if lo is not None:
        assert w.lower == lo.days() * 86400.0
    if lo is not None and hi is not None:
        assert lo <= hi
        assert w.upper == (hi.days() + 1) * 86400.0
    assert w.describe()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines(extended=True))
def test_toml_round_trip_across_the_eras(tl: timeline.Timeline) -> None:
    assert timeline.loads(timeline.dumps(tl)) == tl


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines(extended=True))
def test_exports_hold_every_year_or_say_what_they_leave_out(tl: timeline.Timeline) -> None:
    outside = {e.id for e in tl.events if not e.when.fits}
    csv_text = timeline.to_csv(tl)
    assert csv_text.count("\r\n") >= len(tl.events) + 1
    data = timeline.to_timelinejs(tl)
    json.dumps(data)
    assert len(data["events"]) == len(tl.events)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ics = timeline.to_ics(tl)
    named = {w.message.problem.event for w in caught if isinstance(w.message, TimelineWarning)}
    assert named == outside
    assert ics.count(b"BEGIN:VEVENT") == len(tl.events) - len(outside)


# -- exports ---------------------------------------------------------------------------


def _deep() -> timeline.Timeline:
    return timeline.Timeline(
        "Deep time",
        [
            timeline.Event("chicxulub", "Chicxulub impact", When.parse("Y-66043000")),
            timeline.Event("caesar", "Caesar killed", When.parse("-0043-03-15")),
            timeline.Event("moon", "Moon landing", When.parse("1969-07-20")),
        ],
    )


def test_csv_writes_the_days_of_any_year() -> None:
    rows = timeline.to_csv(_deep()).splitlines()
    # a cell starting with '-' gets the apostrophe that keeps spreadsheets from
    # reading a formula, as any other cell does (and it keeps -1985-01-01 a date)
    assert rows[1].startswith("chicxulub,Chicxulub impact,Y-66043000,,'-66043000-01-01,")
    assert rows[2].startswith("caesar,Caesar killed,'-0043-03-15,,'-0043-03-15,'-0043-03-15,")


def test_timelinejs_writes_astronomical_years_and_switches_scale_when_it_must() -> None:
    data = timeline.to_timelinejs(_deep())
    assert data["events"][0]["start_date"] == {"year": -66043000}
    assert data["events"][1]["start_date"] == {"year": -43, "month": 3, "day": 15}
    assert data["scale"] == "cosmological"  # JavaScript dates end at 271821 BCE
    near = timeline.Timeline("T", _deep().events[1:])
    assert "scale" not in timeline.to_timelinejs(near)


def test_icalendar_leaves_out_what_it_cannot_hold_and_names_it() -> None:
    with pytest.warns(TimelineWarning) as caught:
        data = timeline.to_ics(_deep())
    assert [str(w.message) for w in caught] == [
        "event 'chicxulub': when: Y-66043000 lies outside years 1–9999, which iCalendar"
        " cannot hold: left out",
        "event 'caesar': when: -0043-03-15 lies outside years 1–9999, which iCalendar cannot"
        " hold: left out",
    ]
    assert data.count(b"BEGIN:VEVENT") == 1
    assert b"DTSTART;VALUE=DATE:19690720" in data


def test_between_and_conflicts_across_the_eras() -> None:
    tl = _deep()
    assert [e.id for e in tl.between("Y-7E7", "0001")] == ["chicxulub", "caesar"]
    assert [e.id for e in tl.between("-0100", "-0001")] == ["caesar"]
    reported = timeline.Timeline(
        "T",
        [
            timeline.Event(
                "caesar",
                "Caesar killed",
                When.parse("-0043-03-15"),
                sources=[timeline.Citation("s", reported=When.parse("-0044"))],
            )
        ],
        [timeline.Source("s", "A source")],
    )
    assert [e.id for e in reported.conflicts()] == ["caesar"]


def test_gaps_longer_than_timedelta_say_so() -> None:
    assert When.parse("-1985").gap(When.parse("-1980")).describe() == "1462 to 2191 days"
    with pytest.raises(TimelineError, match="longer than a timedelta holds"):
        When.parse("Y-17E7").gap(When.parse("2017"))


def test_tables_hold_far_days_and_arrow_names_what_it_cannot() -> None:
    np = pytest.importorskip("numpy")
    pytest.importorskip("pandas")
    frame = _deep().to_pandas()
    days = frame["earliest_day"].to_numpy()
    assert days[0] == np.datetime64(BigDate(-66043000, 1, 1).days(), "D").astype("datetime64[s]")
    assert days[1] == np.datetime64("-0043-03-15", "s")
    pa = pytest.importorskip("pyarrow")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = _deep().to_arrow()
    assert [str(w.message).split(" lies")[0] for w in caught] == [
        "event 'chicxulub': earliest_day: Y-66043000",
        "event 'chicxulub': latest_day: Y-66043000",
    ]
    column = table.column("earliest_day").cast(pa.int32()).to_pylist()
    # beyond date32's 5.8 million years: null, and said; 44 BCE fits
    assert column == [None, BigDate(-43, 3, 15).days(), BigDate(1969, 7, 20).days()]


# -- python-edtf as the oracle --------------------------------------------------------

# The inputs of python-edtf's own test suite (edtf/parser/tests.py: EXAMPLES),
# compared with its strict bounds, except where it differs from the
# specification or from our documented choices (DEVIATIONS below).
PYTHON_EDTF = [
    "2001-02-03", "2008-12", "2008", "-0999", "0000", "2001-02-03T09:30:01",
    "2004-01-01T10:10:10Z", "2004-01-01T10:10:10+05:00", "1985-04-12T23:20:30", "1964/2008",
    "2004-06/2006-08", "2004-02-01/2005-02-08", "2004-02-01/2005-02", "2004-02-01/2005",
    "2005/2006-02", "-2005/-1999-02", "1984?", "2004-06-11?", "2004-06?", "1984~", "1984%",
    "199X", "19XX", "1999-XX", "1999-01-XX", "1999-XX-XX", "-01XX", "-0275~", "-0001~",
    "0000~", "16XX~", "16XX%", "1XXX", "1XXX~", "156X~", "-01XX~", "../2006",
    "2004-01-01/..", "1984~/2004-06", "1984/2004-06~", "1984?/2004%", "1984~/2004~",
    "1984-06?/2004-08?", "1984-06-02?/2004-08-08~", "Y170000002", "Y-170000002", "2001-21",
    "2003-22", "2000-23", "2004-06-11%", "2004?-06-11", "2004-06~-11", "2004-06-~11",
    "2004-%06", "2004-?06-?11", "2004?-06-~11", "?2004-%06", "2004?-%06", "2004?-~06-~04",
    "2011-~06-~04", "156X-12-25", "15XX-12-25", "1560-XX-25", "15XX-12-XX", "XXXX-XX-23",
    "[1667, 1668, 1670..1672]", "[..1760-12-03]", "[1760-12..]", "[1760-01, 1760-02, 1760-12..]",
    "[1667, 1760-12]", "{1667,1668, 1670..1672}", "{1960, 1961-12}", "196X", "19XX",
    "2004-06-~01/2004-06-~20", "2004-06-XX/2004-07-03", "Y17E7", "Y-17E7", "2001-29",
    "2001-34",
]  # fmt: skip

# Where we differ, on purpose: (ours, python-edtf's strict bounds)
DEVIATIONS: dict[str, tuple[tuple[str | None, str | None], tuple[str, str]]] = {
    # an unknown end: unbounded for us, ten years on for python-edtf
    "/2006": ((None, "2006-12-31"), ("1996-12-31", "2006-12-31")),
    "2004-06-01/": (("2004-06-01", None), ("2004-06-01", "2014-06-01")),
    "1984-06-02?/": (("1984-06-02", None), ("1984-06-02", "1994-06-02")),
    # winter runs into February for us (meteorological), ends in December there
    "2010-24": (("2010-12-01", "2011-02-28"), ("2010-12-01", "2010-12-31")),
    # significant digits: the specification's "some year between 1900 and 1999"
    # is our span; python-edtf's strict bounds are the estimate (its fuzzy ones our span)
    "1950S2": (("1900-01-01", "1999-12-31"), ("1950-01-01", "1950-12-31")),
    "1953S2": (("1900-01-01", "1999-12-31"), ("1953-01-01", "1953-12-31")),
    "1953S3": (("1950-01-01", "1959-12-31"), ("1953-01-01", "1953-12-31")),
    "Y17101E4S3": (("+171000000-01-01", "+171999999-12-31"),
                   ("171010000-01-01", "171010000-12-31")),
    "Y3388E2S3": (("+338000-01-01", "+338999-12-31"), ("338800-01-01", "338800-12-31")),
    "Y171010000S3": (("+171000000-01-01", "+171999999-12-31"),
                     ("171010000-01-01", "171010000-12-31")),
}  # fmt: skip

# python-edtf's BAD_EXAMPLES (those that are text), refused here too
PYTHON_EDTF_BAD = [
    "", "not a edtf string", "Y17E7-12-26", "2016-13-08", "2016-02-39", "-0000-01-01",
    "2004-(06)?-11", "2004-06-(11)~", "2004-(06)%", "2004-(06-11)?", "2004?-06-(11)~",
    "(2004-(06)~)?", "(2004)?-06-04~", "(2011)-06-04~", "2011-(06-04)~",
    "2004-06-(01)~/2004-06-(20)~",
]  # fmt: skip

# python-edtf's APPROXIMATE_UNCERTAIN_EXAMPLES: (uncertain, approximate, both)
PYTHON_EDTF_QUALIFIED = [
    ("2004", (False, False, False)), ("2006-06-11", (False, False, False)),
    ("-0999", (False, False, False)), ("1984?", (True, False, False)),
    ("2004-06-11?", (True, False, False)), ("1984~", (False, True, False)),
    ("1984%", (False, False, True)), ("1984~/2004-06", (False, True, False)),
    ("2004-%06", (False, False, True)), ("2004?-~06-~04", (True, True, False)),
    ("2004?-06-04", (True, False, False)), ("2011-~06-~04", (False, True, False)),
    ("2004-06-~01/2004-06-~20", (False, True, False)), ("156X~", (False, True, False)),
    ("?1945/1959", (True, False, False)), ("?1945", (True, False, False)),
    ("?1945-01", (True, False, False)), ("?1945-01-01", (True, False, False)),
    ("~1945/1959", (False, True, False)), ("~1945", (False, True, False)),
    ("~1945-01", (False, True, False)), ("~1945-01-01", (False, True, False)),
    ("%1945/1959", (False, False, True)), ("%1945", (False, False, True)),
    ("%1945-01", (False, False, True)), ("%1945-01-01", (False, False, True)),
]  # fmt: skip


def _oracle(text: str) -> tuple[str | None, str | None]:
    """python-edtf's strict bounds of ``text``, as ISO days (``None`` for infinities)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import edtf

        parsed = edtf.parse_edtf(text)

    def iso(value: Any) -> str | None:
        if isinstance(value, float):
            return None
        return BigDate(value.tm_year, value.tm_mon, value.tm_mday).isoformat()

    return iso(parsed.lower_strict()), iso(parsed.upper_strict())


@pytest.mark.parametrize("text", PYTHON_EDTF)
def test_bounds_agree_with_python_edtf(text: str) -> None:
    assert _bounds(When.parse(text)) == _oracle(text)


@pytest.mark.parametrize("text", sorted(DEVIATIONS))
def test_documented_deviations_from_python_edtf(text: str) -> None:
    ours, theirs = DEVIATIONS[text]
    assert _bounds(When.parse(text)) == ours
    assert _oracle(text) == tuple(_day(t).isoformat() for t in theirs)  # type: ignore[union-attr]


@pytest.mark.parametrize("text", PYTHON_EDTF_BAD)
def test_what_python_edtf_refuses_is_refused(text: str) -> None:
    with pytest.raises(TimelineError):
        When.parse(text)


@pytest.mark.parametrize(("text", "flags"), PYTHON_EDTF_QUALIFIED)
def test_qualifiers_agree_with_python_edtf(text: str, flags: tuple[bool, bool, bool]) -> None:
    uncertain, approximate, both = flags
    w = When.parse(text)
    assert (w.uncertain, w.approximate) == (uncertain or both, approximate or both)


def test_calendar_groups_say_they_count_in_years_1_to_9999() -> None:
    assert list(_deep().group_by("tag")) == [""]
    with pytest.raises(TimelineError) as info:
        _deep().group_by("year")
    assert str(info.value) == (
        "group_by('year'): calendar units are counted in years 1–9999, and event"
        " 'chicxulub' (Y-66043000) lies outside them"
    )


@pytest.mark.parametrize("text", ["-1985", "Y-17E7", "1950S2", "-0300/2017", "0XXX"])
def test_moving_dates_outside_1_to_9999_is_refused_not_done_wrong(text: str) -> None:
    from timeline.shift import Unit, shift

    if When.parse(text).fits:  # 1950S2 lies in 1900-1999: it moves by its own step or not
        with pytest.raises(TimelineError, match="cannot be moved"):
            shift(When.parse(text), 1, Unit.YEAR)
        return
    with pytest.raises(TimelineError) as info:
        shift(When.parse(text), 1, Unit.YEAR)
    assert "outside years 1–9999 is not supported yet" in str(info.value)


def test_relative_words_need_a_reference_in_years_1_to_9999() -> None:
    with pytest.raises(TimelineError) as info:
        When.from_text("three years ago", reference="-0040")
    assert str(info.value) == (
        "reference '-0040' lies outside years 1–9999: relative words are read against days"
        " of years 1–9999 only"
    )


def test_the_command_line_exports_deep_time_and_says_what_it_left_out(
    tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from pathlib import Path

    from timeline.cli import main

    deep = Path(__file__).parent / "data" / "viewer" / "deep-time.toml"
    assert main(["export", str(deep), "-o", str(tmp_path / "deep.ics")]) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 8  # eight of the ten events lie before year 1
    assert err[0] == (
        "timeline: warning: event 'permian': when: Y-298900000/Y-251902000 lies outside years"
        " 1–9999, which iCalendar cannot hold: left out"
    )
    assert (tmp_path / "deep.ics").read_bytes().count(b"BEGIN:VEVENT") == 2
    for out in ("deep.csv", "deep.json"):
        assert main(["export", str(deep), "-o", str(tmp_path / out)]) == 0
    assert json.loads((tmp_path / "deep.json").read_text())["events"][0]["start_date"] == {
        "year": -298900000
    }
    assert main(["list", str(deep), "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed[0]["earliest"] == "-298900000-01-01"
    assert listed[0]["date"] == "299–252 million years ago"
