"""EDTF level 2 inside years 1–9999: sub-year groupings, qualified components, X anywhere.

The examples are those of the Library of Congress specification (Level 2), with
the bounds it implies; ``edtf`` (python-edtf) is the oracle where it is right
(see the deviations below and in docs/format.md).  Valid EDTF that is not read
yet (years outside 1–9999, exponents, significant digits) is named as such.
"""

from __future__ import annotations

import datetime as dt
import warnings

import pendulum
import pytest

from timeline import BigDate, Precision, TimelineError, When

D = pendulum.Date
B = BigDate


def _big(day: dt.date | BigDate) -> BigDate:
    return day if isinstance(day, BigDate) else BigDate.of(day)


# text, canonical, earliest, latest, precision, en, fr, de, es
LEVEL2: list[tuple[str, str, D | B, D | B, Precision, str, str, str, str]] = [
    # sub-year groupings (21-24 are level 1)
    ("2001-25", "2001-25", D(2001, 3, 1), D(2001, 5, 31), Precision.SEASON,
     "Northern spring 2001", "printemps boréal 2001", "Frühling 2001 (Nordhalbkugel)",
     "primavera boreal 2001"),
    ("2001-28", "2001-28", D(2001, 12, 1), D(2002, 2, 28), Precision.SEASON,
     "Northern winter 2001", "hiver boréal 2001", "Winter 2001 (Nordhalbkugel)",
     "invierno boreal 2001"),
    ("2001-29", "2001-29", D(2001, 9, 1), D(2001, 11, 30), Precision.SEASON,
     "Southern spring 2001", "printemps austral 2001", "Frühling 2001 (Südhalbkugel)",
     "primavera austral 2001"),
    ("2003-30", "2003-30", D(2003, 12, 1), D(2004, 2, 29), Precision.SEASON,
     "Southern summer 2003", "été austral 2003", "Sommer 2003 (Südhalbkugel)",
     "verano austral 2003"),
    ("2001-31", "2001-31", D(2001, 3, 1), D(2001, 5, 31), Precision.SEASON,
     "Southern autumn 2001", "automne austral 2001", "Herbst 2001 (Südhalbkugel)",
     "otoño austral 2001"),
    ("2001-32~", "2001-32~", D(2001, 6, 1), D(2001, 8, 31), Precision.SEASON,
     "c. Southern winter 2001", "vers hiver austral 2001", "ca. Winter 2001 (Südhalbkugel)",
     "h. invierno austral 2001"),
    ("2001-33", "2001-33", D(2001, 1, 1), D(2001, 3, 31), Precision.SEASON,
     "Q1 2001", "1er trimestre 2001", "1. Quartal 2001", "1.er trimestre 2001"),
    ("2001-34", "2001-34", D(2001, 4, 1), D(2001, 6, 30), Precision.SEASON,
     "Q2 2001", "2e trimestre 2001", "2. Quartal 2001", "2.º trimestre 2001"),
    ("2001-36?", "2001-36?", D(2001, 10, 1), D(2001, 12, 31), Precision.SEASON,
     "Q4 2001?", "4e trimestre 2001?", "4. Quartal 2001?", "4.º trimestre 2001?"),
    ("2001-37", "2001-37", D(2001, 1, 1), D(2001, 4, 30), Precision.SEASON,
     "Jan–Apr 2001", "1er quadrimestre 2001", "1. Tertial 2001", "1.er cuatrimestre 2001"),
    ("2001-39", "2001-39", D(2001, 9, 1), D(2001, 12, 31), Precision.SEASON,
     "Sep–Dec 2001", "3e quadrimestre 2001", "3. Tertial 2001", "3.er cuatrimestre 2001"),
    ("2001-40", "2001-40", D(2001, 1, 1), D(2001, 6, 30), Precision.SEASON,
     "H1 2001", "1er semestre 2001", "1. Halbjahr 2001", "1.er semestre 2001"),
    ("2001-41", "2001-41", D(2001, 7, 1), D(2001, 12, 31), Precision.SEASON,
     "H2 2001", "2e semestre 2001", "2. Halbjahr 2001", "2.º semestre 2001"),
    # qualification of components: left of one, it alone; right of one, it and those before
    ("2004-06-~11", "2004-06-~11", D(2004, 6, 11), D(2004, 6, 11), Precision.DAY,
     "11 Jun 2004 (day approximate)", "11 juin 2004 (jour approximatif)",
     "11 Juni 2004 (Tag ungefähr)", "11 jun. 2004 (día aproximado)"),
    ("?2004-06-~11", "?2004-06-~11", D(2004, 6, 11), D(2004, 6, 11), Precision.DAY,
     "11 Jun 2004 (year uncertain, day approximate)",
     "11 juin 2004 (année incertaine, jour approximatif)",
     "11 Juni 2004 (Jahr unsicher, Tag ungefähr)",
     "11 jun. 2004 (año incierto, día aproximado)"),
    ("2004?-06-11", "2004?-06-11", D(2004, 6, 11), D(2004, 6, 11), Precision.DAY,
     "11 Jun 2004 (year uncertain)", "11 juin 2004 (année incertaine)",
     "11 Juni 2004 (Jahr unsicher)", "11 jun. 2004 (año incierto)"),
    ("2004-%06-11", "2004-%06-11", D(2004, 6, 11), D(2004, 6, 11), Precision.DAY,
     "11 Jun 2004 (month uncertain and approximate)",
     "11 juin 2004 (mois incertain et approximatif)",
     "11 Juni 2004 (Monat unsicher und ungefähr)",
     "11 jun. 2004 (mes incierto y aproximado)"),
    ("2004-06~-11", "2004-06~-11", D(2004, 6, 11), D(2004, 6, 11), Precision.DAY,
     "11 Jun 2004 (year approximate, month approximate)",
     "11 juin 2004 (année approximative, mois approximatif)",
     "11 Juni 2004 (Jahr ungefähr, Monat ungefähr)",
     "11 jun. 2004 (año aproximado, mes aproximado)"),
    # the same meaning written otherwise: one canonical text
    ("?2004-06-11", "2004?-06-11", D(2004, 6, 11), D(2004, 6, 11), Precision.DAY,
     "11 Jun 2004 (year uncertain)", "11 juin 2004 (année incertaine)",
     "11 Juni 2004 (Jahr unsicher)", "11 jun. 2004 (año incierto)"),
    ("%2004-%06-%11", "2004-06-11%", D(2004, 6, 11), D(2004, 6, 11), Precision.DAY,
     "c. 11 Jun 2004?", "vers 11 juin 2004?", "ca. 11 Juni 2004?", "h. 11 jun. 2004?"),
    ("~2004-~06", "2004-06~", D(2004, 6, 1), D(2004, 6, 30), Precision.MONTH,
     "c. Jun 2004", "vers juin 2004", "ca. Juni 2004", "h. jun. 2004"),
    ("2004?-~06", "?2004-~06", D(2004, 6, 1), D(2004, 6, 30), Precision.MONTH,
     "Jun 2004 (year uncertain, month approximate)",
     "juin 2004 (année incertaine, mois approximatif)",
     "Juni 2004 (Jahr unsicher, Monat ungefähr)",
     "jun. 2004 (año incierto, mes aproximado)"),
    # unspecified digits anywhere: the first and last real day they allow
    ("156X-12-25", "156X-12-25", D(1560, 12, 25), D(1569, 12, 25), Precision.DECADE,
     "25 Dec, 1560s", "25 déc., années 1560", "25 Dez., 1560er", "25 dic., años 1560"),
    ("15XX-12-25", "15XX-12-25", D(1500, 12, 25), D(1599, 12, 25), Precision.CENTURY,
     "25 Dec, 1500–1599", "25 déc., 1500–1599", "25 Dez., 1500–1599", "25 dic., 1500–1599"),
    ("15XX-12-XX", "15XX-12-XX", D(1500, 12, 1), D(1599, 12, 31), Precision.CENTURY,
     "Dec, 1500–1599", "déc., 1500–1599", "Dez., 1500–1599", "dic., 1500–1599"),
    ("XXXX-12-XX", "XXXX-12-XX", B(0, 12, 1), D(9999, 12, 31), Precision.MILLENNIUM,
     "Dec, 1 BCE – 9999", "déc., 1 av. J.-C. – 9999", "Dez., 1 v. Chr. – 9999",
     "dic., 1 a. C. – 9999"),
    ("1XXX-XX", "1XXX-XX", D(1000, 1, 1), D(1999, 12, 31), Precision.MILLENNIUM,
     "1000–1999", "1000–1999", "1000–1999", "1000–1999"),
    ("1XXX-12", "1XXX-12", D(1000, 12, 1), D(1999, 12, 31), Precision.MILLENNIUM,
     "Dec, 1000–1999", "déc., 1000–1999", "Dez., 1000–1999", "dic., 1000–1999"),
    ("1984-1X", "1984-1X", D(1984, 10, 1), D(1984, 12, 31), Precision.YEAR,
     "1 Oct – 31 Dec 1984", "1 oct. – 31 déc. 1984", "1 Okt. – 31 Dez. 1984",
     "1 oct. – 31 dic. 1984"),
    ("2017-XX-15", "2017-XX-15", D(2017, 1, 15), D(2017, 12, 15), Precision.YEAR,
     "day 15 of a month, 2017", "le 15 d'un mois, 2017", "der 15. eines Monats, 2017",
     "el día 15 de un mes, 2017"),
    ("20XX-02-29", "20XX-02-29", D(2000, 2, 29), D(2096, 2, 29), Precision.CENTURY,
     "29 Feb, 2000–2099", "29 févr., 2000–2099", "29 Feb., 2000–2099", "29 feb., 2000–2099"),
    ("201X-24", "201X-24", D(2010, 12, 1), D(2020, 2, 29), Precision.DECADE,
     "Winter 2010s", "hiver années 2010", "Winter 2010er", "invierno años 2010"),
    ("1X9X", "1X9X", D(1090, 1, 1), D(1999, 12, 31), Precision.MILLENNIUM,
     "1X9X", "1X9X", "1X9X", "1X9X"),
    ("XXXX", "XXXX", B(0, 1, 1), D(9999, 12, 31), Precision.MILLENNIUM,
     "1 BCE – 9999", "1 av. J.-C. – 9999", "1 v. Chr. – 9999", "1 a. C. – 9999"),
    ("?156X-12-~25", "?156X-12-~25", D(1560, 12, 25), D(1569, 12, 25), Precision.DECADE,
     "25 Dec, 1560s (year uncertain, day approximate)",
     "25 déc., années 1560 (année incertaine, jour approximatif)",
     "25 Dez., 1560er (Jahr unsicher, Tag ungefähr)",
     "25 dic., años 1560 (año incierto, día aproximado)"),
    # intervals of level 2 dates
    ("2004-06-~01/2004-06-~20", "2004-06-~01/2004-06-~20", D(2004, 6, 1), D(2004, 6, 20),
     Precision.DAY, "1 Jun 2004 (day approximate) – 20 Jun 2004 (day approximate)",
     "1 juin 2004 (jour approximatif) – 20 juin 2004 (jour approximatif)",
     "1 Juni 2004 (Tag ungefähr) – 20 Juni 2004 (Tag ungefähr)",
     "1 jun. 2004 (día aproximado) – 20 jun. 2004 (día aproximado)"),
    ("2004-06-XX/2004-07-03", "2004-06-XX/2004-07-03", D(2004, 6, 1), D(2004, 7, 3),
     Precision.DAY, "Jun 2004 – 3 Jul 2004", "juin 2004 – 3 juil. 2004",
     "Juni 2004 – 3 Juli 2004", "jun. 2004 – 3 jul. 2004"),
    ("2001-33/2001-34", "2001-33/2001-34", D(2001, 1, 1), D(2001, 6, 30), Precision.SEASON,
     "Q1 2001 – Q2 2001", "1er trimestre 2001 – 2e trimestre 2001",
     "1. Quartal 2001 – 2. Quartal 2001", "1.er trimestre 2001 – 2.º trimestre 2001"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "canonical", "earliest", "latest", "precision", "en", "fr", "de", "es"), LEVEL2
)
def test_level2_values(
    text: str,
    canonical: str,
    earliest: D | B,
    latest: D | B,
    precision: Precision,
    en: str,
    fr: str,
    de: str,
    es: str,
) -> None:
    w = When.parse(text)
    assert str(w) == canonical
    assert (w.earliest_bigdate, w.latest_bigdate) == (_big(earliest), _big(latest))
    if w.fits:
        assert (w.earliest, w.latest) == (earliest, latest)
    assert w.precision is precision
    assert [w.describe(loc) for loc in ("en", "fr", "de", "es")] == [en, fr, de, es]
    assert When.parse(canonical) == w
    assert When(canonical) == w  # uncached
    assert w.unspecified is ("X" in canonical)


@pytest.mark.parametrize(
    ("text", "uncertain", "approximate"),
    [
        ("2004-06-~11", False, True),
        ("?2004-06-~11", True, True),
        ("2004?-06-11", True, False),
        ("2004-%06-11", True, True),
        ("2004-06-11", False, False),
    ],
)
def test_component_qualifiers_make_the_value_qualified(
    text: str, uncertain: bool, approximate: bool
) -> None:
    w = When.parse(text)
    assert (w.uncertain, w.approximate) == (uncertain, approximate)
    assert not w.is_exact or not (uncertain or approximate)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Y-21E9", "'Y-21E9' is valid EDTF, but years beyond 20,000,000,000 either way are not"
         " supported yet"),
        ("Y1E100", "'Y1E100' is valid EDTF, but years beyond 20,000,000,000 either way are not"
         " supported yet"),
        ("-0001-01-01T10:00", "'-0001-01-01T10:00' is valid EDTF, but times of day outside"
         " years 1–9999 are not supported yet"),
        ("[Y1E100,2001]", "'[Y1E100,2001]': 'Y1E100' is valid EDTF, but years beyond"
         " 20,000,000,000 either way are not supported yet"),
    ],
)  # fmt: skip
def test_valid_edtf_not_supported_yet_says_so(text: str, message: str) -> None:
    with pytest.raises(TimelineError) as info:
        When.parse(text)
    assert str(info.value) == message


def test_a_sub_year_grouping_is_not_a_month() -> None:
    assert When.parse("2001-34").describe() == "Q2 2001"
    with pytest.raises(
        TimelineError,
        match=r"\(month 42: expected 01–12, "
        r"or 21–41 for a season, quarter, quadrimester or semester\)$",
    ):
        When.parse("2001-42")


# -- python-edtf as the oracle ----------------------------------------------------


def _oracle(text: str) -> tuple[dt.date, dt.date]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import edtf

        parsed = edtf.parse_edtf(text)
        return (
            edtf.struct_time_to_date(parsed.lower_strict()),
            edtf.struct_time_to_date(parsed.upper_strict()),
        )


@pytest.mark.parametrize(
    "text",
    [
        "2001-21", "2001-22", "2001-23", "2001-25", "2001-26", "2001-27", "2001-29", "2001-31",
        "2001-32", "2001-33", "2001-34", "2001-35", "2001-36", "2001-37", "2001-38", "2001-39",
        "2001-40", "2001-41",
        "2004-06-~11", "?2004-06-~11", "2004?-06-11", "2004-%06-11", "2004-06~-11",
        "156X-12-25", "15XX-12-25", "15XX-12-XX", "1XXX-XX", "1XXX-12",
        "2004-06-~01/2004-06-~20", "2004-06-XX/2004-07-03",
    ],
)  # fmt: skip
def test_bounds_agree_with_edtf(text: str) -> None:
    w = When.parse(text)
    assert (w.earliest, w.latest) == _oracle(text)


@pytest.mark.parametrize(
    ("text", "ours", "theirs"),
    [
        # winters (north, 24 and 28; the southern summer, 30) run into February for us
        ("2001-28", (dt.date(2001, 12, 1), dt.date(2002, 2, 28)),
         (dt.date(2001, 12, 1), dt.date(2001, 12, 31))),
        ("2001-30", (dt.date(2001, 12, 1), dt.date(2002, 2, 28)),
         (dt.date(2001, 12, 1), dt.date(2001, 12, 31))),
    ],
)  # fmt: skip
def test_documented_deviations_from_edtf(
    text: str, ours: tuple[dt.date, dt.date], theirs: tuple[dt.date, dt.date]
) -> None:
    w = When.parse(text)
    assert (w.earliest, w.latest) == ours
    assert _oracle(text) == theirs
