"""Tests of :class:`timeline.when.When`: examples, errors, and properties.

The ``edtf`` package is the oracle for the strict bounds of level 0 and 1
values.  Known, intended deviations from it (excluded from the comparison):

* Winter (season 24) runs from December into February of the next year for
  us (meteorological winter); ``edtf`` 5.0 ends it on 31 December.
* An open (``..``) or unknown (empty) interval end is unbounded for us;
  ``edtf`` invents a bound ten years away (or fails on ``..``).
* ``edtf`` needs seconds in a time of day and refuses ``+00:00``; it fails on ``2017-XX`` inside an
  interval, on ``201X-XX`` with a qualifier, on a qualified season and on
  years below 1000 written with X.  Those forms are not sent to it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import warnings
from typing import Any

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import timeline.edtf as edtf_module
from tests.strategies import level2_dates
from timeline import BigDate, Precision, TimelineError, When
from timeline.when import EndKind, Kind

D = pendulum.Date
B = BigDate


def _big(day: dt.date | BigDate | None) -> BigDate | None:
    """A bound as a BigDate, as ``When.earliest_bigdate`` gives it."""
    return day if day is None or isinstance(day, BigDate) else BigDate.of(day)


# -- examples -----------------------------------------------------------------

# text, canonical str, earliest, latest, precision, qualifiers (?, ~, X), en, fr
VALID: list[tuple[str, str, Any, Any, Precision, str, str, str]] = [
    ("2017", "2017", D(2017, 1, 1), D(2017, 12, 31), Precision.YEAR, "", "2017", "2017"),
    ("2017-09", "2017-09", D(2017, 9, 1), D(2017, 9, 30), Precision.MONTH, "", "Sep 2017",
     "sept. 2017"),
    ("2017-09-15", "2017-09-15", D(2017, 9, 15), D(2017, 9, 15), Precision.DAY, "",
     "15 Sep 2017", "15 sept. 2017"),
    (" 2017-09-15 ", "2017-09-15", D(2017, 9, 15), D(2017, 9, 15), Precision.DAY, "",
     "15 Sep 2017", "15 sept. 2017"),
    ("0001-01-01", "0001-01-01", D(1, 1, 1), D(1, 1, 1), Precision.DAY, "", "1 Jan 1",
     "1 janv. 1"),
    ("9999-12-31", "9999-12-31", D(9999, 12, 31), D(9999, 12, 31), Precision.DAY, "",
     "31 Dec 9999", "31 déc. 9999"),
    ("2016-02-29", "2016-02-29", D(2016, 2, 29), D(2016, 2, 29), Precision.DAY, "",
     "29 Feb 2016", "29 févr. 2016"),
    # seasons
    ("2017-21", "2017-21", D(2017, 3, 1), D(2017, 5, 31), Precision.SEASON, "", "Spring 2017",
     "printemps 2017"),
    ("2017-22", "2017-22", D(2017, 6, 1), D(2017, 8, 31), Precision.SEASON, "", "Summer 2017",
     "été 2017"),
    ("2017-23~", "2017-23~", D(2017, 9, 1), D(2017, 11, 30), Precision.SEASON, "~",
     "c. Autumn 2017", "vers automne 2017"),
    ("2017-24", "2017-24", D(2017, 12, 1), D(2018, 2, 28), Precision.SEASON, "", "Winter 2017",
     "hiver 2017"),
    ("2015-24", "2015-24", D(2015, 12, 1), D(2016, 2, 29), Precision.SEASON, "", "Winter 2015",
     "hiver 2015"),
    # qualifiers
    ("2017-09-15?", "2017-09-15?", D(2017, 9, 15), D(2017, 9, 15), Precision.DAY, "?",
     "15 Sep 2017?", "15 sept. 2017?"),
    ("2017-09-19~", "2017-09-19~", D(2017, 9, 19), D(2017, 9, 19), Precision.DAY, "~",
     "c. 19 Sep 2017", "vers 19 sept. 2017"),
    ("2017-09%", "2017-09%", D(2017, 9, 1), D(2017, 9, 30), Precision.MONTH, "?~",
     "c. Sep 2017?", "vers sept. 2017?"),
    # unspecified digits
    ("201X", "201X", D(2010, 1, 1), D(2019, 12, 31), Precision.DECADE, "X", "2010s",
     "années 2010"),
    ("19XX", "19XX", D(1900, 1, 1), D(1999, 12, 31), Precision.CENTURY, "X", "1900–1999",
     "1900–1999"),
    ("1XXX", "1XXX", D(1000, 1, 1), D(1999, 12, 31), Precision.MILLENNIUM, "X", "1000–1999",
     "1000–1999"),
    ("0XXX", "0XXX", B(0, 1, 1), D(999, 12, 31), Precision.MILLENNIUM, "X", "1 BCE – 999",
     "1 av. J.-C. – 999"),
    ("2017-XX", "2017-XX", D(2017, 1, 1), D(2017, 12, 31), Precision.YEAR, "X", "2017", "2017"),
    ("2017-XX-XX", "2017-XX-XX", D(2017, 1, 1), D(2017, 12, 31), Precision.YEAR, "X", "2017",
     "2017"),
    ("201X-XX-XX", "201X-XX-XX", D(2010, 1, 1), D(2019, 12, 31), Precision.DECADE, "X",
     "2010s", "années 2010"),
    ("2017-02-XX", "2017-02-XX", D(2017, 2, 1), D(2017, 2, 28), Precision.MONTH, "X",
     "Feb 2017", "févr. 2017"),
    ("201X?", "201X?", D(2010, 1, 1), D(2019, 12, 31), Precision.DECADE, "?X", "2010s?",
     "années 2010?"),
    # intervals
    ("2017-09-24/2017-09-27", "2017-09-24/2017-09-27", D(2017, 9, 24), D(2017, 9, 27),
     Precision.DAY, "", "24–27 Sep 2017", "24–27 sept. 2017"),
    ("2017-09-28/2017-10-02", "2017-09-28/2017-10-02", D(2017, 9, 28), D(2017, 10, 2),
     Precision.DAY, "", "28 Sep – 2 Oct 2017", "28 sept. – 2 oct. 2017"),
    ("2017-01-30/2018-06-29", "2017-01-30/2018-06-29", D(2017, 1, 30), D(2018, 6, 29),
     Precision.DAY, "", "30 Jan 2017 – 29 Jun 2018", "30 janv. 2017 – 29 juin 2018"),
    ("2017-09-24/2017-09-24", "2017-09-24/2017-09-24", D(2017, 9, 24), D(2017, 9, 24),
     Precision.DAY, "", "24 Sep 2017", "24 sept. 2017"),
    ("2017-09/2017-10", "2017-09/2017-10", D(2017, 9, 1), D(2017, 10, 31), Precision.MONTH, "",
     "Sep – Oct 2017", "sept. – oct. 2017"),
    ("2017-11/2018-02", "2017-11/2018-02", D(2017, 11, 1), D(2018, 2, 28), Precision.MONTH, "",
     "Nov 2017 – Feb 2018", "nov. 2017 – févr. 2018"),
    ("2017/2018", "2017/2018", D(2017, 1, 1), D(2018, 12, 31), Precision.YEAR, "",
     "2017–2018", "2017–2018"),
    ("2017-09-15/2017-09", "2017-09-15/2017-09", D(2017, 9, 15), D(2017, 9, 30), Precision.DAY,
     "", "15 Sep 2017 – Sep 2017", "15 sept. 2017 – sept. 2017"),
    ("2017-09-24?/2017-09-27~", "2017-09-24?/2017-09-27~", D(2017, 9, 24), D(2017, 9, 27),
     Precision.DAY, "?~", "24 Sep 2017? – c. 27 Sep 2017", "24 sept. 2017? – vers 27 sept. 2017"),
    ("2017-24/2018-01", "2017-24/2018-01", D(2017, 12, 1), D(2018, 1, 31), Precision.MONTH, "",
     "Winter 2017 – Jan 2018", "hiver 2017 – janv. 2018"),
    ("2017-09-24/..", "2017-09-24/..", D(2017, 9, 24), None, Precision.DAY, "",
     "from 24 Sep 2017 on", "depuis 24 sept. 2017"),
    ("../2017-09-27", "../2017-09-27", None, D(2017, 9, 27), Precision.DAY, "",
     "until 27 Sep 2017", "jusqu'au 27 sept. 2017"),
    ("2017-09-24/", "2017-09-24/", D(2017, 9, 24), None, Precision.DAY, "",
     "from 24 Sep 2017 (end unknown)", "à partir de 24 sept. 2017 (fin inconnue)"),
    ("/2017-09-27", "/2017-09-27", None, D(2017, 9, 27), Precision.DAY, "",
     "until 27 Sep 2017 (start unknown)", "jusqu'au 27 sept. 2017 (début inconnu)"),
    # sets (level 2)
    ("[2017-09-28..2017-09-30]", "[2017-09-28..2017-09-30]", D(2017, 9, 28), D(2017, 9, 30),
     Precision.DAY, "", "one of 28–30 Sep 2017", "l'une des dates 28–30 sept. 2017"),
    ("[2017-09-24..]", "[2017-09-24..]", D(2017, 9, 24), None, Precision.DAY, "",
     "after 24 Sep 2017", "après 24 sept. 2017"),
    ("[..2017-09-24]", "[..2017-09-24]", None, D(2017, 9, 24), Precision.DAY, "",
     "before 24 Sep 2017", "avant 24 sept. 2017"),
    ("[2017-09-24, 2017-10]", "[2017-09-24,2017-10]", D(2017, 9, 24), D(2017, 10, 31),
     Precision.DAY, "", "one of 24 Sep 2017 or Oct 2017",
     "l'une des dates 24 sept. 2017 ou oct. 2017"),
    ("{2017-09-28,2017-09-30}", "{2017-09-28,2017-09-30}", D(2017, 9, 28), D(2017, 9, 30),
     Precision.DAY, "", "all of 28 Sep 2017 and 30 Sep 2017",
     "toutes les dates 28 sept. 2017 et 30 sept. 2017"),
    ("[2017-09-24?..2017-09-27]", "[2017-09-24?..2017-09-27]", D(2017, 9, 24), D(2017, 9, 27),
     Precision.DAY, "?", "one of 24 Sep 2017? – 27 Sep 2017",
     "l'une des dates 24 sept. 2017? – 27 sept. 2017"),
    ("{2017-09..2017-10}", "{2017-09..2017-10}", D(2017, 9, 1), D(2017, 10, 31), Precision.MONTH,
     "", "all of Sep – Oct 2017", "toutes les dates sept. – oct. 2017"),
    ("{2017,2018..2019}", "{2017,2018..2019}", D(2017, 1, 1), D(2019, 12, 31), Precision.YEAR,
     "", "all of 2017 and 2018–2019", "toutes les dates 2017 et 2018–2019"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "canonical", "earliest", "latest", "precision", "marks", "en", "fr"), VALID
)
def test_valid_values(
    text: str,
    canonical: str,
    earliest: pendulum.Date | BigDate | None,
    latest: pendulum.Date | BigDate | None,
    precision: Precision,
    marks: str,
    en: str,
    fr: str,
) -> None:
    w = When.parse(text)
    assert str(w) == canonical
    assert (w.earliest_bigdate, w.latest_bigdate) == (_big(earliest), _big(latest))
    if w.fits:  # (else pendulum cannot hold a bound: 0XXX starts in year 0)
        assert w.earliest == earliest
        assert w.latest == latest
        for bound in (w.earliest, w.latest):
            # a Date, never a DateTime at midnight (pendulum.DateTime subclasses Date)
            assert bound is None or type(bound) is pendulum.Date
    assert w.precision is precision
    assert (w.uncertain, w.approximate, w.unspecified) == ("?" in marks, "~" in marks, "X" in marks)
    assert w.describe() == en
    assert w.describe("en") == en
    assert w.describe("fr") == fr
    assert w.describe("fr_FR") == fr
    assert When.parse(canonical) == w


@pytest.mark.parametrize(
    ("text", "kind", "start_kind", "end_kind"),
    [
        ("2017", Kind.DATE, EndKind.KNOWN, EndKind.KNOWN),
        ("2017/2018", Kind.INTERVAL, EndKind.KNOWN, EndKind.KNOWN),
        ("../2018", Kind.INTERVAL, EndKind.OPEN, EndKind.KNOWN),
        ("2017/", Kind.INTERVAL, EndKind.KNOWN, EndKind.UNKNOWN),
        ("[2017..]", Kind.SET, EndKind.KNOWN, EndKind.OPEN),
        ("{2017,2018}", Kind.SET, EndKind.KNOWN, EndKind.KNOWN),
    ],
)
def test_kinds(text: str, kind: Kind, start_kind: EndKind, end_kind: EndKind) -> None:
    w = When.parse(text)
    assert w.kind is kind
    assert w.is_interval is (kind is Kind.INTERVAL)
    assert (w.start_kind, w.end_kind) == (start_kind, end_kind)


def test_parts_of_interval_and_set() -> None:
    w = When.parse("2017-09-24/..")
    assert w.start == When.parse("2017-09-24")
    assert w.end is None
    assert w.upper == float("inf")
    d = When.parse("2017-09-24")
    assert d.start is d
    assert d.end is d
    s = When.parse("[2017,2018..2019]")
    assert s.choices == (When("2017"), When("2018"), When("2019"))


def test_describe_in_other_locales() -> None:
    w = When.parse("2017-09-24/2017-09-27")
    assert w.describe("de") == "24–27 Sept. 2017"
    assert w.describe("es") == "24–27 sept. 2017"
    assert When.parse("2017-24").describe("de") == "Winter 2017"
    assert When.parse("2017-09~").describe("es") == "h. sept. 2017"


def test_describe_refuses_an_unknown_locale() -> None:
    with pytest.raises(
        TimelineError, match=r"^locale 'xx' is not supported \(supported: de, en, es, fr\)$"
    ):
        When.parse("2017").describe("xx")


# -- date-times and zones -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tz", "canonical", "instant", "en"),
    [
        ("2017-09-19T13:00Z", None, "2017-09-19T13:00Z",
         pendulum.datetime(2017, 9, 19, 13, tz="UTC"), "19 Sep 2017, 13:00 UTC"),
        ("2017-09-19T13:00-07:00", None, "2017-09-19T13:00-07:00",
         pendulum.datetime(2017, 9, 19, 20, tz="UTC"), "19 Sep 2017, 13:00 UTC−07:00"),
        ("2017-09-15T10:00+0530", None, "2017-09-15T10:00+05:30",
         pendulum.datetime(2017, 9, 15, 4, 30, tz="UTC"), "15 Sep 2017, 10:00 UTC+05:30"),
        ("2017-09-15T10:00+05", None, "2017-09-15T10:00+05:00",
         pendulum.datetime(2017, 9, 15, 5, tz="UTC"), "15 Sep 2017, 10:00 UTC+05:00"),
        ("2017-09-19T13:00:05Z", None, "2017-09-19T13:00:05Z",
         pendulum.datetime(2017, 9, 19, 13, 0, 5, tz="UTC"), "19 Sep 2017, 13:00:05 UTC"),
        ("2017-09-19T13:00", "America/Los_Angeles", "2017-09-19T13:00",
         pendulum.datetime(2017, 9, 19, 20, tz="UTC"), "19 Sep 2017, 13:00 PDT"),
        ("2017-09-19T13:00-07:00", "America/Los_Angeles", "2017-09-19T13:00-07:00",
         pendulum.datetime(2017, 9, 19, 20, tz="UTC"), "19 Sep 2017, 13:00 PDT"),
        ("2017-08-25T22:00", "America/Chicago", "2017-08-25T22:00",
         pendulum.datetime(2017, 8, 26, 3, tz="UTC"), "25 Aug 2017, 22:00 CDT"),
    ],
)  # fmt: skip
def test_date_times(
    text: str, tz: str | None, canonical: str, instant: pendulum.DateTime, en: str
) -> None:
    w = When.parse(text, tz=tz)
    assert str(w) == canonical
    assert w.tz == tz
    assert w.is_timed
    earliest = w.earliest
    assert isinstance(earliest, pendulum.DateTime)
    assert earliest == instant
    assert w.latest == earliest
    if tz is not None:  # kept in that zone
        assert earliest.timezone_name == tz
    assert w.describe() == en
    assert When.parse(canonical, tz=tz) == w


def test_naive_date_time_stays_naive() -> None:
    w = When.parse("2017-09-19T13:00")
    earliest = w.earliest
    assert isinstance(earliest, pendulum.DateTime)
    assert earliest.tzinfo is None
    assert w.precision is Precision.MINUTE
    assert w.describe() == "19 Sep 2017, 13:00"


def test_zone_applies_to_both_ends_of_an_interval() -> None:
    w = When.parse("2017-09-19T13:00/2017-09-19T15:00", tz="America/Chicago")
    assert w.describe() == "19 Sep 2017, 13:00–15:00 CDT"
    assert w.upper - w.lower == 2 * 3600 + 60
    other = When.parse("2017-09-19T13:00/2017-09-20T10:00", tz="America/Chicago")
    assert other.describe() == "19 Sep 2017, 13:00 CDT – 20 Sep 2017, 10:00 CDT"


def test_zone_is_dropped_for_dates() -> None:
    w = When.parse("2017-09-19", tz="America/Chicago")
    assert w.tz is None
    assert w == When.parse("2017-09-19")
    assert hash(w) == hash(When.parse("2017-09-19"))
    assert When.parse("2017-09", tz="Europe/Paris") == When.parse("2017-09")


def test_same_text_in_two_zones_differs() -> None:
    a = When.parse("2017-09-19T13:00", tz="America/Chicago")
    b = When.parse("2017-09-19T13:00", tz="America/Los_Angeles")
    assert a != b
    assert a < b  # 13:00 in Chicago comes two hours earlier


# -- invalid values ---------------------------------------------------------------

_FORMS = "not EDTF: expected forms like 2017, 2017-09, 2017-09-15, 2017-09-15T13:00Z"
_QUALIFIER = (
    "a qualifier ? ~ % goes just before a year, month or day (that one alone) or just after"
    " it (it and those before it), once: 2017-09-15?, 2004?-06-11, ?2004-06-~11"
)
_MONTHS = "expected 01–12 (X digits stand for months, not for 21–41)"
_GROUPING_DAY = "a season, quarter, quadrimester or semester has no day"
_MONTH_OR_GROUPING = "expected 01–12, or 21–41 for a season, quarter, quadrimester or semester"

INVALID: list[tuple[str, str]] = [
    ("2017-13", f"month 13: {_MONTH_OR_GROUPING}"),
    ("2017-13-01", "month 13: expected 01–12"),
    ("2017-00", f"month 00: {_MONTH_OR_GROUPING}"),
    ("2017-20", f"month 20: {_MONTH_OR_GROUPING}"),
    ("2017-42", f"month 42: {_MONTH_OR_GROUPING}"),
    ("2017-2X", f"month 2X: {_MONTHS}"),
    ("2017-13-01T10:00", "month 13: expected 01–12"),
    ("2017-02-31T10:00", "day 31: Feb 2017 has 28 days"),
    ("2017-02-30", "day 30: Feb 2017 has 28 days"),
    ("2016-02-30", "day 30: Feb 2016 has 29 days"),
    ("1900-02-29", "day 29: Feb 1900 has 28 days"),
    ("2017-09-31", "day 31: Sep 2017 has 30 days"),
    ("2017-09-00", "day 00: expected 01–30"),
    ("2017-09-32", "day 32: expected 01–30"),
    ("2017-10-32", "day 32: expected 01–31"),
    ("2017-21-05", _GROUPING_DAY),
    ("2001-34-01", _GROUPING_DAY),
    (
        "2001-~21",
        "a season, quarter, quadrimester or semester takes a qualifier only at its"
        " end, as in 2001-21~",
    ),
    ("2017-09-19T25:00", "hour 25: expected 00–23"),
    ("2017-09-15T24:00", "hour 24: expected 00–23"),
    ("2017-09-19T13:60", "minute 60: expected 00–59"),
    ("2017-09-19T13:00:60", "second 60: expected 00–59"),
    ("2017-09-19T13:00+05:75", "UTC offset +05:75: its minutes expected 00–59"),
    ("2017-09-15T13:00+15:00", "UTC offset +15:00: offsets run from -12:00 to +14:00"),
    ("2017-09-27/2017-09-24", "the end is before the start"),
    ("2018/2017-12", "the end is before the start"),
    ("2017/2018/2019", "an interval has exactly one '/'"),
    ("../..", "an interval needs at least one known end"),
    ("/", "an interval needs at least one known end"),
    ("Y2017", "'Y' marks a year of more than four digits, as in Y170000002"),
    ("20170", "a year of more than four digits starts with 'Y', as in Y170000002"),
    ("Y17E7-01", "a year written with 'Y' has no month or day"),
    ("-XXXXX", "unspecified digits X stand in a year of four digits (201X, 1X9X, -01XX)"),
    ("garbage", _FORMS),
    ("17", _FORMS),
    ("2017-9-5", _FORMS),
    ("2017-09-19T13", _FORMS),
    ("2017-09-15??", _QUALIFIER),
    ("??2017", _QUALIFIER),
    ("2017-?", _QUALIFIER),
    ("2017-09-15T13:00?", "qualifiers ? ~ % apply to dates, not to date-times"),
    ("?2017-09-15T13:00", "qualifiers ? ~ % apply to dates, not to date-times"),
    ("XXXX-02-30", "day 30: no month 02 has it"),
    ("XXX1-02-29", "no year XXX1 has that day"),
    ("2017-09-4X", "day 4X: expected 01–31"),
    ("[[2017]]", "'[2017]' cannot be nested here"),
    ("{2017,[2018]}", "'[2018]' cannot be nested here"),
    ("[2017/2018]", "'2017/2018' cannot be nested here"),
    ("[2017", "a set opened with '[' must close with ']'"),
    ("[]", "an empty set"),
    ("[..]", "'..' needs a date on at least one side"),
    ("[2017..,2018]", "'date..' may only close a set"),
    ("[2018,..2017]", "'..date' may only open a set"),
    ("[2018..2017]", "a range in a set ends before it starts"),
]


@pytest.mark.parametrize(("text", "why"), INVALID)
def test_invalid_values(text: str, why: str) -> None:
    expected = f"{text!r} is not a valid date ({why})"
    with pytest.raises(TimelineError) as info:
        When(text)
    assert str(info.value) == expected
    with pytest.raises(TimelineError) as again:
        When.parse(text)
    assert str(again.value) == expected


def test_invalid_part_is_named_with_the_whole() -> None:
    with pytest.raises(TimelineError) as info:
        When.parse("2017-02-30/2017-03")
    assert str(info.value) == (
        "'2017-02-30/2017-03': '2017-02-30' is not a valid date (day 30: Feb 2017 has 28 days)"
    )


@pytest.mark.parametrize(
    ("text", "tz", "message"),
    [
        ("2017-09-19T13:00-05:00", "America/Los_Angeles",
         "'2017-09-19T13:00-05:00' is not a valid date "
         "(offset -05:00 is not the offset of America/Los_Angeles at that time)"),
        ("2017-03-12T02:30", "America/Chicago",
         "'2017-03-12T02:30' is not a valid date "
         "(02:30 does not exist in America/Chicago that day (clocks change))"),
        ("2017-09-19T13:00", "Mars/Olympus",
         "unknown time zone 'Mars/Olympus' (use an IANA name such as 'America/Chicago')"),
    ],
)  # fmt: skip
def test_invalid_zones(text: str, tz: str, message: str) -> None:
    with pytest.raises(TimelineError) as info:
        When.parse(text, tz=tz)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "empty date"),
        ("   ", "empty date"),
        (2017, "EDTF value must be a string, not int: 2017"),
        (None, "EDTF value must be a string, not NoneType: None"),
        ("2" * 201, f"{'2' * 40!r}... is not a valid date (too long)"),
    ],
)
def test_invalid_inputs(value: Any, message: str) -> None:
    with pytest.raises(TimelineError) as info:
        When.parse(value)
    assert str(info.value) == message


# -- order, equality, spans ------------------------------------------------------


def test_order_earliest_then_the_one_that_ends_first() -> None:
    texts = ["2017-09-24/2017-09-27", "2017-09", "2017-09-24", "2017", "2017-09-01", "../2017"]
    ordered = sorted(When.parse(t) for t in texts)
    assert [str(w) for w in ordered] == [
        "../2017",
        "2017",
        "2017-09-01",
        "2017-09",
        "2017-09-24",
        "2017-09-24/2017-09-27",
    ]


def test_comparison_with_other_types() -> None:
    w = When.parse("2017")
    assert w != "2017"
    with pytest.raises(TypeError):
        _ = w < "2017"  # type: ignore[operator]
    with pytest.raises(TypeError):
        _ = w <= 2017  # type: ignore[operator]


def test_contains_and_overlaps() -> None:
    month = When.parse("2017-09")
    days = When.parse("2017-09-24/2017-09-27")
    report = When.parse("2017-09-25/2017-09-28")
    assert month.contains(days)
    assert not days.contains(month)
    assert days.overlaps(report)
    assert not days.contains(report)
    assert not report.contains(days)
    assert not When.parse("2017-09-23").overlaps(When.parse("2017-09-24"))


@pytest.mark.parametrize(
    ("text", "exact"),
    [
        ("2017-09-15", True),
        ("2017-09-19T13:00Z", True),
        ("2017-09-24/2017-09-27", True),
        ("2017-09", False),
        ("2017-09-15?", False),
        ("2017-09-24/..", False),
        ("[2017-09-28..2017-09-30]", False),
    ],
)
def test_is_exact(text: str, exact: bool) -> None:
    assert When.parse(text).is_exact is exact


def test_repr() -> None:
    assert repr(When.parse("2017-09")) == "When('2017-09')"
    assert repr(When.parse("2017-09-19T13:00", tz="America/Chicago")) == (
        "When('2017-09-19T13:00', tz='America/Chicago')"
    )


def test_plain_days_take_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plain ``YYYY-MM-DD``, ``YYYY`` and ``YYYY-MM`` never reach the general regular expression.

    (Speed itself is measured by the benchmarks, not here.)
    """
    calls: list[str] = []
    general = edtf_module._DATE_RE

    class Spy:
        def fullmatch(self, text: str) -> re.Match[str] | None:
            calls.append(text)
            return general.fullmatch(text)

    monkeypatch.setattr(edtf_module, "_DATE_RE", Spy())
    for text in ("2017-09-15", "1999-12-31", "2016-02-29"):
        assert When(text).precision is Precision.DAY
    for text, precision in (("2017", Precision.YEAR), ("2017-09", Precision.MONTH)):
        assert When(text).precision is precision
    assert calls == []
    When("2017-21")
    assert calls == ["2017-21"]


# -- generated values -------------------------------------------------------------

_ZONES = ("America/Chicago", "America/Los_Angeles", "Europe/Paris", "Asia/Kolkata", "UTC")


@st.composite
def dates(draw: st.DrawFn, *, oracle: bool = False) -> str:
    """A level 0 or 1 date (no time), with or without a qualifier.

    ``oracle=True`` draws only what the ``edtf`` package parses and bounds as we
    do (no winter, no qualified seasons, no X in years below 1000).
    """
    year = draw(st.integers(1, 9999))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
    forms = ["year", "month", "day", "day", "season", "x_year", "x_month", "x_day"]
    form = draw(st.sampled_from(forms))
    y = f"{year:04d}"
    if form == "year":
        text = y
    elif form == "month":
        text = f"{y}-{month:02d}"
    elif form == "day":
        text = f"{y}-{month:02d}-{day:02d}"
    elif form == "season":
        seasons = [21, 22, 23] if oracle or year == 9999 else [21, 22, 23, 24]
        text = f"{y}-{draw(st.sampled_from(seasons))}"
        if oracle:  # edtf 5.0 does not take a qualifier on a season
            return text
    elif form == "x_year":
        n = draw(st.integers(1, 3))
        if oracle and year < 1000:
            year += 1000
            y = f"{year:04d}"
        suffix = draw(st.sampled_from(["", "-XX", "-XX-XX"]))
        text = y[: 4 - n] + "X" * n + suffix
        if oracle and suffix:  # edtf 5.0 fails on 201X-XX with a qualifier
            return text
    elif form == "x_month":
        text = f"{y}-XX" + draw(st.sampled_from(["", "-XX"]))
    else:
        text = f"{y}-{month:02d}-XX"
    return text + draw(st.sampled_from(["", "", "?", "~", "%"]))


@st.composite
def date_times(draw: st.DrawFn, *, oracle: bool = False) -> tuple[str, str | None]:
    """A date-time, with an offset, or in a zone (away from clock changes)."""
    moment = draw(st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2100, 12, 31)))
    seconds = oracle or draw(st.booleans())
    text = moment.strftime("%Y-%m-%dT%H:%M:%S" if seconds else "%Y-%m-%dT%H:%M")
    choice = draw(st.sampled_from(["naive", "Z", "offset", "zone"]))
    if choice == "Z":
        return text + "Z", None
    if choice == "offset":
        hours = draw(st.integers(-12, 14))  # the real offsets: -12:00 to +14:00
        minutes = 0 if hours in (-12, 14) else draw(st.sampled_from([0, 30, 45]))
        if oracle and hours == minutes == 0:  # edtf 5.0 refuses +00:00
            return text + "Z", None
        return f"{text}{'-' if hours < 0 else '+'}{abs(hours):02d}:{minutes:02d}", None
    if choice == "zone" and not oracle:
        hour = draw(st.integers(4, 23))  # clocks change between 00:00 and 04:00
        return text[:11] + f"{hour:02d}" + text[13:], draw(st.sampled_from(_ZONES))
    return text, None


def _ordered(a: When, b: When) -> tuple[When, When]:
    return (a, b) if a.lower <= b.lower else (b, a)


@st.composite
def whens(draw: st.DrawFn) -> When:
    """Any value we support: dates, date-times, intervals and sets."""
    shape = draw(st.sampled_from(["date", "date", "level2", "time", "interval", "open", "set"]))
    if shape == "date":
        return When.parse(draw(dates()))
    if shape == "level2":
        return When.parse(draw(level2_dates()))
    if shape == "time":
        text, tz = draw(date_times())
        return When.parse(text, tz=tz)
    if shape == "interval":
        ends = st.one_of(dates(), level2_dates())
        a, b = _ordered(When.parse(draw(ends)), When.parse(draw(ends)))
        return When.parse(f"{a}/{b}")
    if shape == "open":
        d = draw(dates())
        return When.parse(draw(st.sampled_from([f"{d}/..", f"../{d}", f"{d}/", f"/{d}"])))
    members = sorted(When.parse(t) for t in draw(st.lists(dates(), min_size=1, max_size=4)))
    items = [str(m) for m in members]
    brackets = draw(st.sampled_from(["[]", "{}"]))
    if brackets == "[]" and draw(st.booleans()):
        items[-1] += ".."
    return When.parse(brackets[0] + ",".join(items) + brackets[1])


@given(whens())
def test_round_trip_through_str(w: When) -> None:
    again = When.parse(str(w), tz=w.tz)
    assert again == w
    assert str(again) == str(w)
    assert (again.lower, again.upper) == (w.lower, w.upper)
    assert When(str(w), w.tz) == w  # uncached too


@given(whens())
def test_bounds_are_consistent(w: When) -> None:
    assert w.lower < w.upper
    # (as BigDates: X digits in years below 10 reach year 0, which pendulum cannot hold)
    earliest, latest = w.earliest_bigdate, w.latest_bigdate
    if w.fits:
        assert (w.earliest is None, w.latest is None) == (earliest is None, latest is None)
    assert (earliest is None) == (w.lower == float("-inf"))
    assert (latest is None) == (w.upper == float("inf"))
    if earliest is not None and latest is not None:
        assert earliest <= latest
    w.describe()
    w.describe("fr")


@given(st.lists(whens(), min_size=2, max_size=6))
def test_order_is_total_and_agrees_with_sort_key(ws: list[When]) -> None:
    assert sorted(ws) == sorted(ws, key=lambda w: w.sort_key)
    for a in ws:
        for b in ws:
            assert [a < b, a == b, a > b].count(True) == 1
            assert (a <= b) == (a < b or a == b)
            assert (a >= b) == (a > b or a == b)
            assert (a == b) == (a.sort_key == b.sort_key)
            if a == b:
                assert hash(a) == hash(b)


# -- the edtf oracle --------------------------------------------------------------


def _oracle(text: str) -> tuple[dt.date, dt.date]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import edtf

        parsed = edtf.parse_edtf(text)
        return (
            edtf.struct_time_to_date(parsed.lower_strict()),
            edtf.struct_time_to_date(parsed.upper_strict()),
        )


def _day(value: pendulum.Date | pendulum.DateTime | None) -> dt.date:
    assert value is not None
    if isinstance(value, dt.datetime):
        return value.date()  # the day as written, in its own offset
    return dt.date(value.year, value.month, value.day)


@st.composite
def oracle_values(draw: st.DrawFn) -> str:
    """Level 0 and 1 values whose strict bounds edtf computes as we intend."""
    shape = draw(st.sampled_from(["date", "date", "time", "interval", "set"]))
    if shape == "date":
        return draw(dates(oracle=True))
    if shape == "time":
        return draw(date_times(oracle=True))[0]
    if shape == "interval":
        # edtf 5.0 fails on an interval end with an X month; leave X out here
        plain = dates(oracle=True).filter(lambda t: "X" not in t)
        a, b = _ordered(When.parse(draw(plain)), When.parse(draw(plain)))
        return f"{a}/{b}"
    # edtf 5.0 wants two members or more, and no seasons or X digits among them
    members = dates(oracle=True).filter(
        lambda t: "X" not in t and When.parse(t).precision is not Precision.SEASON
    )
    items = sorted(When.parse(t) for t in draw(st.lists(members, min_size=2, max_size=3)))
    brackets = draw(st.sampled_from(["[]", "{}"]))
    return brackets[0] + ",".join(str(i) for i in items) + brackets[1]


@settings(deadline=None)  # edtf takes milliseconds per value (pyparsing)
@given(oracle_values())
def test_strict_bounds_agree_with_edtf(text: str) -> None:
    w = When.parse(text)
    assert (_day(w.earliest), _day(w.latest)) == _oracle(text)


@pytest.mark.parametrize(
    ("text", "ours", "theirs"),
    [
        ("2017-24", (dt.date(2017, 12, 1), dt.date(2018, 2, 28)),
         (dt.date(2017, 12, 1), dt.date(2017, 12, 31))),
        ("2017-09-24/", (dt.date(2017, 9, 24), None), (dt.date(2017, 9, 24), dt.date(2027, 9, 24))),
    ],
)  # fmt: skip
def test_documented_deviations_from_edtf(
    text: str, ours: tuple[dt.date, dt.date | None], theirs: tuple[dt.date, dt.date]
) -> None:
    w = When.parse(text)
    latest = None if w.latest is None else _day(w.latest)
    assert (_day(w.earliest), latest) == ours
    assert _oracle(text) == theirs


@pytest.mark.parametrize(
    "text",
    [
        "2017-09-15",
        "2017-09",
        "2017-09-15T13:00Z",
        "2017-09-24/2017-09-27",
        "[2017-09-28..2017-09-30]",
        "2017-09-15/..",
        "{2017,2018}",
        "201X",
    ],
)
def test_every_slot_is_set_and_no_value_holds_itself(text: str) -> None:
    import gc

    import attrs

    w = When(text)
    for field in attrs.fields(When):
        getattr(w, field.name)  # set (an unset slot raises AttributeError)
    assert w not in gc.get_referents(w)  # no reference cycle: freed without the collector
    if w.kind.value == "date":
        assert w.start is w
        assert w.end is w


def test_a_repeated_local_time_is_the_later_unless_an_offset_says_otherwise() -> None:
    later = When.parse("2017-11-05T01:30", tz="America/New_York")
    first = When.parse("2017-11-05T01:30-04:00", tz="America/New_York")
    assert isinstance(later.earliest, dt.datetime)
    assert isinstance(first.earliest, dt.datetime)
    assert later.earliest.utcoffset() == dt.timedelta(hours=-5)
    assert first.earliest.utcoffset() == dt.timedelta(hours=-4)
    assert first < later
    assert later.lower - first.lower == 3600


def test_month_names_are_those_of_descriptions() -> None:
    from timeline.i18n import month_names

    assert month_names("en")[8] == "Sep"
    assert When.parse("2017-09").describe("fr") == f"{month_names('fr')[8]} 2017"
    with pytest.raises(TimelineError, match="not supported"):
        month_names("xx")
