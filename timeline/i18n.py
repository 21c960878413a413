"""The words of the library, per locale, and how a locale is read.

Every text the library writes for people (a date's description, the labels of
an exported calendar's descriptions, the prefix of a cancelled event) comes
from the tables here; nothing reads the process's locale settings.  A locale
is given explicitly, as a language (``"fr"``) or a language and region
(``"fr_CA"``, ``"fr-CA"``): :func:`language` reads it, the one place that does.
"""

from __future__ import annotations

from typing import Any, Final

from timeline.errors import TimelineError

__all__ = [
    "LOCALES",
    "MONTHS_EN",
    "describe_words",
    "export_labels",
    "language",
    "month_names",
    "year_label",
    "years_label",
]

MONTHS_EN: Final = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)

# The words of When.describe, per locale.
_DESCRIBE: Final[dict[str, dict[str, Any]]] = {
    "en": {
        "months": MONTHS_EN,
        "seasons": {
            21: "Spring {}",
            22: "Summer {}",
            23: "Autumn {}",
            24: "Winter {}",
            25: "Northern spring {}",
            26: "Northern summer {}",
            27: "Northern autumn {}",
            28: "Northern winter {}",
            29: "Southern spring {}",
            30: "Southern summer {}",
            31: "Southern autumn {}",
            32: "Southern winter {}",
            33: "Q1 {}",
            34: "Q2 {}",
            35: "Q3 {}",
            36: "Q4 {}",
            37: "Jan–Apr {}",
            38: "May–Aug {}",
            39: "Sep–Dec {}",
            40: "H1 {}",
            41: "H2 {}",
        },
        "parts": (
            ("year uncertain", "year approximate", "year uncertain and approximate"),
            ("month uncertain", "month approximate", "month uncertain and approximate"),
            ("day uncertain", "day approximate", "day uncertain and approximate"),
        ),
        "some_month": "day {} of a month",
        "circa": "c. {}",
        "from_open": "from {} on",
        "from_unknown": "from {} (end unknown)",
        "until_open": "until {}",
        "until_unknown": "until {} (start unknown)",
        "after": "after {}",
        "before": "before {}",
        "one_of": "one of {}",
        "all_of": "all of {}",
        "or": " or ",
        "and": " and ",
        "decade": "{}s",
        "unknown": "unknown date",
        "bce": "{} BCE",
        "million_ago": "{} million years ago",
        "million_ago_1": "1 million years ago",
        "billion_ago": "{} billion years ago",
        "billion_ago_1": "1 billion years ago",
        "thousands": ",",
        "point": ".",
    },
    "fr": {
        "months": (
            "janv.",
            "févr.",
            "mars",
            "avr.",
            "mai",
            "juin",
            "juil.",
            "août",
            "sept.",
            "oct.",
            "nov.",
            "déc.",
        ),
        "seasons": {
            21: "printemps {}",
            22: "été {}",
            23: "automne {}",
            24: "hiver {}",
            25: "printemps boréal {}",
            26: "été boréal {}",
            27: "automne boréal {}",
            28: "hiver boréal {}",
            29: "printemps austral {}",
            30: "été austral {}",
            31: "automne austral {}",
            32: "hiver austral {}",
            33: "1er trimestre {}",
            34: "2e trimestre {}",
            35: "3e trimestre {}",
            36: "4e trimestre {}",
            37: "1er quadrimestre {}",
            38: "2e quadrimestre {}",
            39: "3e quadrimestre {}",
            40: "1er semestre {}",
            41: "2e semestre {}",
        },
        "parts": (
            ("année incertaine", "année approximative", "année incertaine et approximative"),
            ("mois incertain", "mois approximatif", "mois incertain et approximatif"),
            ("jour incertain", "jour approximatif", "jour incertain et approximatif"),
        ),
        "some_month": "le {} d'un mois",
        "circa": "vers {}",
        "from_open": "depuis {}",
        "from_unknown": "à partir de {} (fin inconnue)",
        "until_open": "jusqu'au {}",
        "until_unknown": "jusqu'au {} (début inconnu)",
        "after": "après {}",
        "before": "avant {}",
        "one_of": "l'une des dates {}",
        "all_of": "toutes les dates {}",
        "or": " ou ",
        "and": " et ",
        "decade": "années {}",
        "unknown": "date inconnue",
        "bce": "{} av. J.-C.",
        "million_ago": "il y a {} millions d'années",
        "million_ago_1": "il y a 1 million d'années",
        "billion_ago": "il y a {} milliards d'années",
        "billion_ago_1": "il y a 1 milliard d'années",
        "thousands": "\u202f",
        "point": ",",
    },
    "de": {
        "months": (
            "Jan.",
            "Feb.",
            "März",
            "Apr.",
            "Mai",
            "Juni",
            "Juli",
            "Aug.",
            "Sept.",
            "Okt.",
            "Nov.",
            "Dez.",
        ),
        "seasons": {
            21: "Frühling {}",
            22: "Sommer {}",
            23: "Herbst {}",
            24: "Winter {}",
            25: "Frühling {} (Nordhalbkugel)",
            26: "Sommer {} (Nordhalbkugel)",
            27: "Herbst {} (Nordhalbkugel)",
            28: "Winter {} (Nordhalbkugel)",
            29: "Frühling {} (Südhalbkugel)",
            30: "Sommer {} (Südhalbkugel)",
            31: "Herbst {} (Südhalbkugel)",
            32: "Winter {} (Südhalbkugel)",
            33: "1. Quartal {}",
            34: "2. Quartal {}",
            35: "3. Quartal {}",
            36: "4. Quartal {}",
            37: "1. Tertial {}",
            38: "2. Tertial {}",
            39: "3. Tertial {}",
            40: "1. Halbjahr {}",
            41: "2. Halbjahr {}",
        },
        "parts": (
            ("Jahr unsicher", "Jahr ungefähr", "Jahr unsicher und ungefähr"),
            ("Monat unsicher", "Monat ungefähr", "Monat unsicher und ungefähr"),
            ("Tag unsicher", "Tag ungefähr", "Tag unsicher und ungefähr"),
        ),
        "some_month": "der {}. eines Monats",
        "circa": "ca. {}",
        "from_open": "ab {}",
        "from_unknown": "ab {} (Ende unbekannt)",
        "until_open": "bis {}",
        "until_unknown": "bis {} (Beginn unbekannt)",
        "after": "nach {}",
        "before": "vor {}",
        "one_of": "eines von {}",
        "all_of": "alle von {}",
        "or": " oder ",
        "and": " und ",
        "decade": "{}er",
        "unknown": "unbekanntes Datum",
        "bce": "{} v. Chr.",
        "million_ago": "vor {} Millionen Jahren",
        "million_ago_1": "vor 1 Million Jahren",
        "billion_ago": "vor {} Milliarden Jahren",
        "billion_ago_1": "vor 1 Milliarde Jahren",
        "thousands": ".",
        "point": ",",
    },
    "es": {
        "months": (
            "ene.",
            "feb.",
            "mar.",
            "abr.",
            "may.",
            "jun.",
            "jul.",
            "ago.",
            "sept.",
            "oct.",
            "nov.",
            "dic.",
        ),
        "seasons": {
            21: "primavera {}",
            22: "verano {}",
            23: "otoño {}",
            24: "invierno {}",
            25: "primavera boreal {}",
            26: "verano boreal {}",
            27: "otoño boreal {}",
            28: "invierno boreal {}",
            29: "primavera austral {}",
            30: "verano austral {}",
            31: "otoño austral {}",
            32: "invierno austral {}",
            33: "1.er trimestre {}",
            34: "2.º trimestre {}",
            35: "3.er trimestre {}",
            36: "4.º trimestre {}",
            37: "1.er cuatrimestre {}",
            38: "2.º cuatrimestre {}",
            39: "3.er cuatrimestre {}",
            40: "1.er semestre {}",
            41: "2.º semestre {}",
        },
        "parts": (
            ("año incierto", "año aproximado", "año incierto y aproximado"),
            ("mes incierto", "mes aproximado", "mes incierto y aproximado"),
            ("día incierto", "día aproximado", "día incierto y aproximado"),
        ),
        "some_month": "el día {} de un mes",
        "circa": "h. {}",
        "from_open": "desde {}",
        "from_unknown": "desde {} (fin desconocido)",
        "until_open": "hasta {}",
        "until_unknown": "hasta {} (inicio desconocido)",
        "after": "después de {}",
        "before": "antes de {}",
        "one_of": "una de {}",
        "all_of": "todas {}",
        "or": " o ",
        "and": " y ",
        "decade": "años {}",
        "unknown": "fecha desconocida",
        "bce": "{} a. C.",
        "million_ago": "hace {} millones de años",
        "million_ago_1": "hace 1 millón de años",
        "billion_ago": "hace {} mil millones de años",
        "billion_ago_1": "hace mil millones de años",
        "thousands": ".",
        "point": ",",
    },
}


# The labels of exports: an iCalendar event's human-readable DESCRIPTION, and the
# title prefix of cancelled events (iCalendar, TimelineJS, CSV).
_LABELS: Final[dict[str, dict[str, str]]] = {
    "en": {
        "date": "Date",
        "status": "Status",
        "figures": "Figures",
        "people": "People",
        "sources": "Sources",
        "related": "Related",
        "reported": "reported",
        "differs": "⚠ reported differently",
        "established": "established",
        "cancelled": "Cancelled: ",
        "precision": "known to the {}",
        "approximate": "approximate",
        "uncertain": "uncertain",
        "unspecified": "some digits not given",
        "set": "one of several dates",
        "all": "several dates",
        "open_end": "no end",
        "unknown_end": "end not known",
        "open_start": "no start",
        "unknown_start": "start not known",
        "shown_known": "only the known end is shown",
        "shown_span": "shown as the whole span it may fall in",
        "millennium": "millennium",
        "century": "century",
        "decade": "decade",
        "year": "year",
        "season": "season",
        "month": "month",
        "day": "day",
        "minute": "minute",
        "second": "second",
    },
    "fr": {
        "date": "Date",
        "status": "Statut",
        "figures": "Chiffres",
        "people": "Personnes",
        "sources": "Sources",
        "related": "Liens",
        "reported": "date donnée",
        "differs": "⚠ date donnée différente",
        "established": "établie",
        "cancelled": "Annulé : ",
        "precision": "connue au {} près",
        "approximate": "approximative",
        "uncertain": "incertaine",
        "unspecified": "chiffres non donnés",
        "set": "l'une de plusieurs dates",
        "all": "plusieurs dates",
        "open_end": "sans fin",
        "unknown_end": "fin inconnue",
        "open_start": "sans début",
        "unknown_start": "début inconnu",
        "shown_known": "seule l'extrémité connue est montrée",
        "shown_span": "montrée sur toute la période possible",
        "millennium": "millénaire",
        "century": "siècle",
        "decade": "décennie",
        "year": "an",
        "season": "saison",
        "month": "mois",
        "day": "jour",
        "minute": "minute",
        "second": "seconde",
    },
    "de": {
        "date": "Datum",
        "status": "Status",
        "figures": "Zahlen",
        "people": "Personen",
        "sources": "Quellen",
        "related": "Verweise",
        "reported": "gemeldet",
        "differs": "⚠ abweichend gemeldet",
        "established": "belegt",
        "cancelled": "Abgesagt: ",
        "precision": "genau bis auf {}",
        "approximate": "ungefähr",
        "uncertain": "unsicher",
        "unspecified": "Ziffern nicht angegeben",
        "set": "eines von mehreren Daten",
        "all": "mehrere Daten",
        "open_end": "ohne Ende",
        "unknown_end": "Ende unbekannt",
        "open_start": "ohne Beginn",
        "unknown_start": "Beginn unbekannt",
        "shown_known": "nur das bekannte Ende wird gezeigt",
        "shown_span": "über den ganzen möglichen Zeitraum gezeigt",
        "millennium": "Jahrtausend",
        "century": "Jahrhundert",
        "decade": "Jahrzehnt",
        "year": "Jahr",
        "season": "Jahreszeit",
        "month": "Monat",
        "day": "Tag",
        "minute": "Minute",
        "second": "Sekunde",
    },
    "es": {
        "date": "Fecha",
        "status": "Estado",
        "figures": "Cifras",
        "people": "Personas",
        "sources": "Fuentes",
        "related": "Relacionados",
        "reported": "según la fuente",
        "differs": "⚠ fecha distinta según la fuente",
        "established": "establecida",
        "cancelled": "Cancelado: ",
        "precision": "precisa al {}",
        "approximate": "aproximada",
        "uncertain": "incierta",
        "unspecified": "dígitos no dados",
        "set": "una de varias fechas",
        "all": "varias fechas",
        "open_end": "sin fin",
        "unknown_end": "fin desconocido",
        "open_start": "sin inicio",
        "unknown_start": "inicio desconocido",
        "shown_known": "solo se muestra el extremo conocido",
        "shown_span": "mostrada en todo el periodo posible",
        "millennium": "milenio",
        "century": "siglo",
        "decade": "decenio",
        "year": "año",
        "season": "estación",
        "month": "mes",
        "day": "día",
        "minute": "minuto",
        "second": "segundo",
    },
}


LOCALES: Final = tuple(sorted(_DESCRIBE))
"""The languages the library writes in."""


def language(locale: str) -> str:
    """The language of ``locale`` (``"fr_CA"``, ``"fr-CA"`` and ``"FR"`` are ``"fr"``).

    Raises :class:`~timeline.errors.TimelineError` for a language the library
    does not write in.
    """
    lang = locale.replace("-", "_").split("_")[0].lower()
    if lang not in _DESCRIBE:
        raise TimelineError(f"locale {locale!r} is not supported (supported: {', '.join(LOCALES)})")
    return lang


def describe_words(locale: str) -> dict[str, Any]:
    """The words :meth:`~timeline.when.When.describe` uses for ``locale``."""
    return _DESCRIBE[language(locale)]


def _grouped(number: int, words: dict[str, Any]) -> str:
    """``number`` with its thousands separated as the language does (170,000,002)."""
    return f"{number:,}".replace(",", str(words["thousands"]))


def _millions(years: int, words: dict[str, Any]) -> str:
    """``years`` in millions, to three significant digits (170, 1.5, 0.25)."""
    return f"{years / 1e6:.3g}".replace(".", str(words["point"]))


_MILLION: Final = 1_000_000


def year_label(year: int, words: dict[str, Any]) -> str:
    """A year (astronomical numbering, as EDTF's) in the words of :func:`describe_words`.

    Years 1 to 9999 as numbers; later ones with thousands separated; year 0
    and before as years BCE (year 0 is 1 BCE, -1985 is 1986 BCE); a million
    years before the common era and more as millions of years ago.

    >>> en = describe_words("en")
    >>> year_label(2017, en), year_label(-1985, en), year_label(-170000002, en)
    ('2017', '1986 BCE', '170 million years ago')
    """
    if 1 <= year <= 9999:
        return str(year)
    if year > 9999:
        return _grouped(year, words)
    before = 1 - year
    if before < _MILLION:
        return str(words["bce"]).format(before if before <= 9999 else _grouped(before, words))
    return _ago(before, words)


def _ago(before: int, words: dict[str, Any]) -> str:
    """``before`` years (a million or more) ago, in millions or billions of years."""
    if before >= 1000 * _MILLION:
        billions = _millions(before // 1000, words)
        return str(words["billion_ago_1" if billions == "1" else "billion_ago"]).format(billions)
    millions = _millions(before, words)
    return str(words["million_ago_1" if millions == "1" else "million_ago"]).format(millions)


def years_label(first: int, last: int, words: dict[str, Any]) -> str:
    """The years ``first`` to ``last``: "1900–1999", "2000–1991 BCE", "172–171 million years ago".

    (Year numbers are astronomical, as in :func:`year_label`.)
    """
    if first == last:
        return year_label(first, words)
    if first >= 1 and last <= 9999:
        return f"{first}–{last}"
    if last <= 0:
        before_first, before_last = 1 - first, 1 - last
        if before_last >= _MILLION:
            if before_first < 1000 * _MILLION:
                a, b = _millions(before_first, words), _millions(before_last, words)
                if a == b:
                    return year_label(first, words)
                return str(words["million_ago"]).format(f"{a}–{b}")
            if before_last >= 1000 * _MILLION:
                a, b = _millions(before_first // 1000, words), _millions(before_last // 1000, words)
                if a == b:
                    return year_label(first, words)
                return str(words["billion_ago"]).format(f"{a}–{b}")
        elif before_first < _MILLION:
            a_s = before_first if before_first <= 9999 else _grouped(before_first, words)
            b_s = before_last if before_last <= 9999 else _grouped(before_last, words)
            return str(words["bce"]).format(f"{a_s}–{b_s}")
    return f"{year_label(first, words)} – {year_label(last, words)}"


def month_names(locale: str = "en") -> tuple[str, ...]:
    """The twelve short month names :meth:`~timeline.when.When.describe` uses for ``locale``."""
    return tuple(describe_words(locale)["months"])


def export_labels(locale: str) -> dict[str, str]:
    """The labels of exported descriptions and of cancelled titles for ``locale``."""
    return _LABELS[language(locale)]
