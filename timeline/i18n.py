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

__all__ = ["LOCALES", "MONTHS_EN", "describe_words", "export_labels", "language", "month_names"]

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
        "seasons": {21: "Spring", 22: "Summer", 23: "Autumn", 24: "Winter"},
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
        "seasons": {21: "printemps", 22: "été", 23: "automne", 24: "hiver"},
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
        "seasons": {21: "Frühling", 22: "Sommer", 23: "Herbst", 24: "Winter"},
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
        "seasons": {21: "primavera", 22: "verano", 23: "otoño", 24: "invierno"},
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


def month_names(locale: str = "en") -> tuple[str, ...]:
    """The twelve short month names :meth:`~timeline.when.When.describe` uses for ``locale``."""
    return tuple(describe_words(locale)["months"])


def export_labels(locale: str) -> dict[str, str]:
    """The labels of exported descriptions and of cancelled titles for ``locale``."""
    return _LABELS[language(locale)]
