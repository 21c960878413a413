"""The words :func:`timeline.words.from_text` reads, per locale.

Each locale maps words (and phrases of several words) to what they mean for
the grammar in :mod:`timeline.words`: a month, a weekday, a number, a unit of
time, or a keyword such as ``LAST`` or ``BETWEEN``.  Keys are lower case with
accents removed (``août`` is ``aout``); a trailing full stop is optional on
every word (``sept.`` and ``sept`` are the same).  The short month names that
:meth:`timeline.When.describe` writes are taken from :func:`timeline.i18n.month_names`
and added here, so the two never drift apart.

Words that are left out on purpose (fillers such as ``the``, ``le``, ``am``,
``el``) map to ``FILLER``; any other word that is not here is not understood,
and :func:`~timeline.words.from_text` says so, naming it.
"""

from __future__ import annotations

import functools
import unicodedata
from typing import Final, NamedTuple

from timeline.errors import TimelineError
from timeline.i18n import language, month_names

__all__ = ["LOCALES", "Meaning", "Words", "fold", "table"]

# A meaning: (kind, value).  Kinds:
#   MONTH 1-12, WDAY 0-6 (Monday 0), SEASON 21-24, NUM n, UNIT d/w/m/y,
#   REL n (days from the reference: yesterday -1), and keywords with value 0:
#   THIS LAST NEXT AGO IN BETWEEN AND FROM TO ON SINCE UNTIL BEFORE AFTER
#   CIRCA EARLY MID LATE EARLIER LATER ONE_OF ALL_OF OR END_UNKNOWN
#   START_UNKNOWN UTC THAT ENDED BEGAN WEEKEND DAYPART PAST CENTURY FILLER
Meaning = tuple[str, int | str]

_K = 0  # the value of a keyword


def fold(text: str) -> str:
    """``text`` in lower case, accents removed, typographic apostrophes plain."""
    text = text.lower().replace("’", "'")
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


# -- English ------------------------------------------------------------------

_EN: Final[dict[str, Meaning]] = {
    **{
        name: ("MONTH", i + 1)
        for i, names in enumerate(
            (
                "january jan",
                "february feb",
                "march mar",
                "april apr",
                "may",
                "june jun",
                "july jul",
                "august aug",
                "september sep sept",
                "october oct",
                "november nov",
                "december dec",
            )
        )
        for name in names.split()
    },
    **{
        name: ("WDAY", i)
        for i, names in enumerate(
            (
                "monday mon",
                "tuesday tue tues",
                "wednesday wed",
                "thursday thu thur thurs",
                "friday fri",
                "saturday sat",
                "sunday sun",
            )
        )
        for name in names.split()
    },
    "spring": ("SEASON", 21),
    "summer": ("SEASON", 22),
    "autumn": ("SEASON", 23),
    "fall": ("SEASON", 23),
    "winter": ("SEASON", 24),
    **{
        name: ("NUM", i)
        for i, name in enumerate(
            [
                "zero",
                "one",
                "two",
                "three",
                "four",
                "five",
                "six",
                "seven",
                "eight",
                "nine",
                "ten",
                "eleven",
                "twelve",
            ]
        )
    },
    "a": ("NUM", 1),
    "an": ("NUM", 1),
    "a few": ("NUM", "few"),
    "several": ("NUM", "few"),
    "few": ("NUM", "few"),
    "a couple of": ("NUM", "couple"),
    "day": ("UNIT", "d"),
    "days": ("UNIT", "d"),
    "week": ("UNIT", "w"),
    "weeks": ("UNIT", "w"),
    "month": ("UNIT", "m"),
    "months": ("UNIT", "m"),
    "year": ("UNIT", "y"),
    "years": ("UNIT", "y"),
    "today": ("REL", 0),
    "yesterday": ("REL", -1),
    "tomorrow": ("REL", 1),
    "the day before yesterday": ("REL", -2),
    "the day after tomorrow": ("REL", 2),
    "this": ("THIS", _K),
    "last": ("LAST", _K),
    "past": ("PAST", _K),
    "previous": ("LAST", _K),
    "next": ("NEXT", _K),
    "coming": ("NEXT", _K),
    "ago": ("AGO", _K),
    "in": ("IN", _K),
    "between": ("BETWEEN", _K),
    "and": ("AND", _K),
    "from": ("FROM", _K),
    "to": ("TO", _K),
    "through": ("TO", _K),
    "thru": ("TO", _K),
    "until": ("UNTIL", _K),
    "till": ("UNTIL", _K),
    "on": ("ON", _K),
    "since": ("SINCE", _K),
    "before": ("BEFORE", _K),
    "after": ("AFTER", _K),
    "c": ("CIRCA", _K),
    "ca": ("CIRCA", _K),
    "circa": ("CIRCA", _K),
    "about": ("CIRCA", _K),
    "around": ("CIRCA", _K),
    "approximately": ("CIRCA", _K),
    "approx": ("CIRCA", _K),
    "early": ("EARLY", _K),
    "mid": ("MID", _K),
    "late": ("LATE", _K),
    "the beginning of": ("EARLY", _K),
    "the start of": ("EARLY", _K),
    "the middle of": ("MID", _K),
    "the end of": ("LATE", _K),
    "earlier": ("EARLIER", _K),
    "later": ("LATER", _K),
    "one of": ("ONE_OF", _K),
    "all of": ("ALL_OF", _K),
    "or": ("OR", _K),
    "end unknown": ("END_UNKNOWN", _K),
    "start unknown": ("START_UNKNOWN", _K),
    "weekend": ("WEEKEND", _K),
    "week-end": ("WEEKEND", _K),
    "century": ("CENTURY", _K),
    "over": ("FILLER", _K),  # "over the weekend"
    "morning": ("DAYPART", _K),
    "afternoon": ("DAYPART", _K),
    "evening": ("DAYPART", _K),
    "night": ("DAYPART", _K),
    "tonight": ("REL", 0),
    "that": ("THAT", _K),
    "which": ("THAT", _K),
    "ended": ("ENDED", _K),
    "ending": ("ENDED", _K),
    "began": ("BEGAN", _K),
    "beginning": ("BEGAN", _K),
    "started": ("BEGAN", _K),
    "starting": ("BEGAN", _K),
    "the": ("FILLER", _K),
    "of": ("FILLER", _K),
}

# -- French -------------------------------------------------------------------

_FR: Final[dict[str, Meaning]] = {
    **{
        name: ("MONTH", i + 1)
        for i, names in enumerate(
            (
                "janvier janv",
                "fevrier fevr fev",
                "mars",
                "avril avr",
                "mai",
                "juin",
                "juillet juil",
                "aout",
                "septembre sept",
                "octobre oct",
                "novembre nov",
                "decembre dec",
            )
        )
        for name in names.split()
    },
    **{
        name: ("WDAY", i)
        for i, name in enumerate(
            ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
        )
    },
    "printemps": ("SEASON", 21),
    "ete": ("SEASON", 22),
    "automne": ("SEASON", 23),
    "hiver": ("SEASON", 24),
    **{
        name: ("NUM", i)
        for i, name in enumerate(
            [
                "zero",
                "un",
                "deux",
                "trois",
                "quatre",
                "cinq",
                "six",
                "sept",
                "huit",
                "neuf",
                "dix",
                "onze",
                "douze",
            ]
        )
        if name != "sept"  # "sept" is September (as describe() writes it)
    },
    "une": ("NUM", 1),
    "quelques": ("NUM", "few"),
    "jour": ("UNIT", "d"),
    "jours": ("UNIT", "d"),
    "semaine": ("UNIT", "w"),
    "semaines": ("UNIT", "w"),
    "mois": ("UNIT", "m"),
    "mois-ci": ("UNIT", "m"),
    "an": ("UNIT", "y"),
    "ans": ("UNIT", "y"),
    "l'an": ("UNIT", "y"),
    "annee": ("UNIT", "y"),
    "l'annee": ("UNIT", "y"),
    "annees": ("UNIT", "y"),  # also "années 1990", a decade
    "week-end": ("WEEKEND", _K),
    "weekend": ("WEEKEND", _K),
    "siecle": ("CENTURY", _K),
    "matin": ("DAYPART", _K),
    "apres-midi": ("DAYPART", _K),
    "soir": ("DAYPART", _K),
    "nuit": ("DAYPART", _K),
    "aujourd'hui": ("REL", 0),
    "hier": ("REL", -1),
    "demain": ("REL", 1),
    "avant-hier": ("REL", -2),
    "apres-demain": ("REL", 2),
    "ce": ("THIS", _K),
    "cet": ("THIS", _K),
    "cette": ("THIS", _K),
    "dernier": ("LAST", _K),
    "derniere": ("LAST", _K),
    "passe": ("LAST", _K),
    "passee": ("LAST", _K),
    "prochain": ("NEXT", _K),
    "prochaine": ("NEXT", _K),
    "il y a": ("AGO", _K),
    "dans": ("IN", _K),
    "en": ("IN", _K),
    "entre": ("BETWEEN", _K),
    "et": ("AND", _K),
    "du": ("FROM", _K),
    "de": ("FILLER", _K),
    "d'": ("FILLER", _K),
    "au": ("TO", _K),
    "a": ("TO", _K),
    "jusqu'au": ("UNTIL", _K),
    "jusqu'a": ("UNTIL", _K),
    "depuis": ("SINCE", _K),
    "a partir du": ("SINCE", _K),
    "a partir de": ("SINCE", _K),
    "avant": ("BEFORE", _K),
    "apres": ("AFTER", _K),
    "vers": ("CIRCA", _K),
    "environ": ("CIRCA", _K),
    "circa": ("CIRCA", _K),
    "debut": ("EARLY", _K),
    "au debut de": ("EARLY", _K),
    "mi": ("MID", _K),
    "fin": ("LATE", _K),
    "a la fin de": ("LATE", _K),
    "plus tot": ("EARLIER", _K),
    "plus tard": ("LATER", _K),
    "l'une des dates": ("ONE_OF", _K),
    "toutes les dates": ("ALL_OF", _K),
    "ou": ("OR", _K),
    "fin inconnue": ("END_UNKNOWN", _K),
    "debut inconnu": ("START_UNKNOWN", _K),
    "le": ("FILLER", _K),
    "la": ("FILLER", _K),
    "l'": ("FILLER", _K),
    "les": ("FILLER", _K),
    "des": ("FILLER", _K),
    "er": ("FILLER", _K),
}

# -- German -------------------------------------------------------------------

_DE: Final[dict[str, Meaning]] = {
    **{
        name: ("MONTH", i + 1)
        for i, names in enumerate(
            (
                "januar jan jänner",
                "februar feb",
                "marz maerz mrz",
                "april apr",
                "mai",
                "juni jun",
                "juli jul",
                "august aug",
                "september sept sep",
                "oktober okt",
                "november nov",
                "dezember dez",
            )
        )
        for name in names.split()
    },
    **{
        name: ("WDAY", i)
        for i, names in enumerate(
            (
                "montag mo",
                "dienstag di",
                "mittwoch mi",
                "donnerstag do",
                "freitag fr",
                "samstag sonnabend sa",
                "sonntag so",
            )
        )
        for name in names.split()
    },
    "fruhling": ("SEASON", 21),
    "fruhjahr": ("SEASON", 21),
    "sommer": ("SEASON", 22),
    "herbst": ("SEASON", 23),
    "winter": ("SEASON", 24),
    **{
        name: ("NUM", i)
        for i, name in enumerate(
            [
                "null",
                "eins",
                "zwei",
                "drei",
                "vier",
                "funf",
                "sechs",
                "sieben",
                "acht",
                "neun",
                "zehn",
                "elf",
                "zwolf",
            ]
        )
    },
    "ein": ("NUM", 1),
    "eine": ("NUM", 1),
    "einem": ("NUM", 1),
    "einer": ("NUM", 1),
    "einigen": ("NUM", "few"),
    "wenigen": ("NUM", "few"),
    "tag": ("UNIT", "d"),
    "tage": ("UNIT", "d"),
    "tagen": ("UNIT", "d"),
    "woche": ("UNIT", "w"),
    "wochen": ("UNIT", "w"),
    "monat": ("UNIT", "m"),
    "monate": ("UNIT", "m"),
    "monaten": ("UNIT", "m"),
    "monats": ("UNIT", "m"),
    "jahr": ("UNIT", "y"),
    "jahre": ("UNIT", "y"),
    "jahren": ("UNIT", "y"),
    "jahres": ("UNIT", "y"),
    "wochenende": ("WEEKEND", _K),
    "jahrhundert": ("CENTURY", _K),
    "jahrhunderts": ("CENTURY", _K),
    "vormittag": ("DAYPART", _K),
    "nachmittag": ("DAYPART", _K),
    "abend": ("DAYPART", _K),
    "nacht": ("DAYPART", _K),
    "heute": ("REL", 0),
    "gestern": ("REL", -1),
    "morgen": ("REL", 1),
    "vorgestern": ("REL", -2),
    "ubermorgen": ("REL", 2),
    "diese": ("THIS", _K),
    "diesen": ("THIS", _K),
    "dieser": ("THIS", _K),
    "dieses": ("THIS", _K),
    "diesem": ("THIS", _K),
    "letzte": ("LAST", _K),
    "letzten": ("LAST", _K),
    "letzter": ("LAST", _K),
    "letztes": ("LAST", _K),
    "vergangene": ("LAST", _K),
    "vergangenen": ("LAST", _K),
    "vergangenes": ("LAST", _K),
    "vorige": ("LAST", _K),
    "vorigen": ("LAST", _K),
    "voriges": ("LAST", _K),
    "nachste": ("NEXT", _K),
    "nachsten": ("NEXT", _K),
    "nachstes": ("NEXT", _K),
    "kommende": ("NEXT", _K),
    "kommenden": ("NEXT", _K),
    "in": ("IN", _K),
    "zwischen": ("BETWEEN", _K),
    "und": ("AND", _K),
    "von": ("FROM", _K),
    "vom": ("FROM", _K),
    "bis": ("UNTIL", _K),  # "bis X" until; "von X bis Y" from X to Y
    "bis zum": ("UNTIL", _K),
    "seit": ("SINCE", _K),
    "ab": ("SINCE", _K),
    "vor": ("BEFORE", _K),  # "vor X" before; "vor zwei Wochen" two weeks ago
    "nach": ("AFTER", _K),
    "ca": ("CIRCA", _K),
    "circa": ("CIRCA", _K),
    "etwa": ("CIRCA", _K),
    "um": ("CIRCA", _K),
    "anfang": ("EARLY", _K),
    "mitte": ("MID", _K),
    "ende": ("LATE", _K),
    "fruher": ("EARLIER", _K),
    "spater": ("LATER", _K),
    "eines von": ("ONE_OF", _K),
    "alle von": ("ALL_OF", _K),
    "oder": ("OR", _K),
    "ende unbekannt": ("END_UNKNOWN", _K),
    "beginn unbekannt": ("START_UNKNOWN", _K),
    "am": ("ON", _K),
    "im": ("IN", _K),
    "der": ("FILLER", _K),
    "die": ("FILLER", _K),
    "das": ("FILLER", _K),
    "des": ("FILLER", _K),
    "dem": ("FILLER", _K),
    "den": ("FILLER", _K),
}

# -- Spanish ------------------------------------------------------------------

_ES: Final[dict[str, Meaning]] = {
    **{
        name: ("MONTH", i + 1)
        for i, names in enumerate(
            (
                "enero ene",
                "febrero feb",
                "marzo mar",
                "abril abr",
                "mayo may",
                "junio jun",
                "julio jul",
                "agosto ago",
                "septiembre setiembre sept sep set",
                "octubre oct",
                "noviembre nov",
                "diciembre dic",
            )
        )
        for name in names.split()
    },
    **{
        name: ("WDAY", i)
        for i, name in enumerate(
            ["lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo"]
        )
    },
    "primavera": ("SEASON", 21),
    "verano": ("SEASON", 22),
    "otono": ("SEASON", 23),
    "invierno": ("SEASON", 24),
    **{
        name: ("NUM", i)
        for i, name in enumerate(
            [
                "cero",
                "uno",
                "dos",
                "tres",
                "cuatro",
                "cinco",
                "seis",
                "siete",
                "ocho",
                "nueve",
                "diez",
                "once",
                "doce",
            ]
        )
    },
    "un": ("NUM", 1),
    "una": ("NUM", 1),
    "unos": ("NUM", "few"),
    "unas": ("NUM", "few"),
    "dia": ("UNIT", "d"),
    "dias": ("UNIT", "d"),
    "semana": ("UNIT", "w"),
    "semanas": ("UNIT", "w"),
    "mes": ("UNIT", "m"),
    "meses": ("UNIT", "m"),
    "ano": ("UNIT", "y"),
    "anos": ("UNIT", "y"),  # also "años 1990", a decade
    "fin de semana": ("WEEKEND", _K),
    "por la manana": ("DAYPART", _K),
    "por la tarde": ("DAYPART", _K),
    "por la noche": ("DAYPART", _K),
    "anoche": ("REL", -1),
    "noche": ("DAYPART", _K),
    "hoy": ("REL", 0),
    "ayer": ("REL", -1),
    "manana": ("REL", 1),
    "anteayer": ("REL", -2),
    "antier": ("REL", -2),
    "pasado manana": ("REL", 2),
    "este": ("THIS", _K),
    "esta": ("THIS", _K),
    "pasado": ("LAST", _K),
    "pasada": ("LAST", _K),
    "ultimo": ("LAST", _K),
    "ultima": ("LAST", _K),
    "proximo": ("NEXT", _K),
    "proxima": ("NEXT", _K),
    "que viene": ("NEXT", _K),
    "hace": ("AGO", _K),
    "dentro de": ("IN", _K),
    "en": ("IN", _K),
    "entre": ("BETWEEN", _K),
    "y": ("AND", _K),
    "del": ("FROM", _K),
    "al": ("TO", _K),
    "a": ("TO", _K),
    "hasta": ("UNTIL", _K),
    "hasta el": ("UNTIL", _K),
    "desde": ("SINCE", _K),
    "desde el": ("SINCE", _K),
    "antes de": ("BEFORE", _K),
    "despues de": ("AFTER", _K),
    "h": ("CIRCA", _K),
    "hacia": ("CIRCA", _K),
    "circa": ("CIRCA", _K),
    "alrededor de": ("CIRCA", _K),
    "aproximadamente": ("CIRCA", _K),
    "a principios de": ("EARLY", _K),
    "principios de": ("EARLY", _K),
    "a mediados de": ("MID", _K),
    "mediados de": ("MID", _K),
    "a finales de": ("LATE", _K),
    "finales de": ("LATE", _K),
    "a fines de": ("LATE", _K),
    "fines de": ("LATE", _K),
    "mas temprano": ("EARLIER", _K),
    "mas tarde": ("LATER", _K),
    "una de": ("ONE_OF", _K),
    "todas": ("ALL_OF", _K),
    "o": ("OR", _K),
    "fin desconocido": ("END_UNKNOWN", _K),
    "inicio desconocido": ("START_UNKNOWN", _K),
    "el": ("FILLER", _K),
    "la": ("FILLER", _K),
    "los": ("FILLER", _K),
    "las": ("FILLER", _K),
    "de": ("FILLER", _K),
}

_TABLES: Final = {"en": _EN, "fr": _FR, "de": _DE, "es": _ES}
LOCALES: Final = tuple(sorted(_TABLES))

# every locale: "UTC" in a time's offset
_COMMON: Final[dict[str, Meaning]] = {"utc": ("UTC", _K), "gmt": ("UTC", _K), "z": ("UTC", _K)}


class Words(NamedTuple):
    """The words of one locale, ready for reading."""

    single: dict[str, Meaning]
    """One-word entries, by folded word."""
    phrases: dict[tuple[str, ...], Meaning]
    """Entries of several words, by their folded words."""
    starters: frozenset[str]
    """The first words of ``phrases``: only these start a longer look-up."""
    longest: int
    """The most words in a phrase."""


@functools.cache
def table(locale: str) -> Words | None:
    """The words of ``locale``; ``None`` when the locale is not supported."""
    try:
        lang = language(locale)
    except TimelineError:
        return None
    words = _TABLES.get(lang)
    if words is None:
        return None
    merged: dict[str, Meaning] = {fold(key): value for key, value in {**_COMMON, **words}.items()}
    for i, name in enumerate(month_names(lang)):
        merged.setdefault(fold(name).rstrip("."), ("MONTH", i + 1))
    single = {key: value for key, value in merged.items() if " " not in key}
    phrases = {tuple(key.split()): value for key, value in merged.items() if " " in key}
    return Words(
        single,
        phrases,
        frozenset(key[0] for key in phrases),
        max(len(key) for key in phrases),
    )
