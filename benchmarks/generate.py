"""Realistic synthetic timelines for benchmarks, seeded and deterministic.

``generate(n, seed)`` returns the TOML text of a timeline of ``n`` events in the project format
(docs/format.md); ``document(n, seed)`` returns the same data as the plain dict that
``tomli.loads`` gives for that text, so benchmarks can build models without the loader.

The mix (per 1000 events, drawn independently for each event):

====  =============================================================================
 539  a day ``2017-09-15``
 120  a day range ``2017-09-24/2017-09-27`` (1–10 days)
  80  a date-time with a UTC offset ``2017-09-19T13:00-07:00`` (``Z`` too, some seconds)
  80  a local date-time with an IANA ``tz`` ``2017-09-19T13:00`` + ``tz = "America/Chicago"``
  20  a timed interval on one day ``2017-09-19T13:00Z/2017-09-19T15:30Z``
  70  an uncertain / approximate day ``2017-09-15?`` ``~`` ``%``
  10  an interval with qualified ends ``2017-09-15~/2017-09-20?``
  30  a month ``2017-09``; 10 an approximate month ``2017-09~``; 5 a month range
   5  a day with unspecified digits ``2017-09-XX``; 1 ``2017-XX``
   5  a year ``2017`` (some ``?``/``~``); 2 a season ``2017-22``
  20  a set: ``[a..b]``, ``[a,b,c]`` (one of), ``{a,b}`` (all of), within a month
   3  an open interval: ``2023-05-01/..`` (ongoing), ``2023-05-01/`` (end unknown) near the
      end of the span, ``../1903-02-01`` near its start
====  =============================================================================

Events are spread uniformly over 1900–2024.  About 10% cite 1–3 sources (a third of the
citations with a reported date, half of those disagreeing with the event's date), 45% have
places (nearly all with coordinates), 25% people, 10% figures, 2% links to an earlier event;
every event has a ~200-character summary, 1–3 tags from a vocabulary and a status.

Command line: ``python -m benchmarks.generate 100k -o /tmp/100k.toml [--seed 0]``.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as _dt
import json
import random
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final, TextIO

__all__ = ["FORMS", "document", "generate", "parse_size", "write"]

_FIRST: Final = _dt.date(1900, 1, 1).toordinal()
_LAST: Final = _dt.date(2024, 12, 31).toordinal()

FORMS: Final = (
    ("day", 539),
    ("day_range", 120),
    ("offset_time", 80),
    ("zoned_time", 80),
    ("timed_range", 20),
    ("qualified_day", 70),
    ("qualified_range", 10),
    ("month", 30),
    ("approx_month", 10),
    ("month_range", 5),
    ("unspecified_day", 5),
    ("unspecified_month", 1),
    ("year", 5),
    ("season", 2),
    ("set", 20),
    ("open", 3),
)
"""The shapes of dates and how many of each per 1000 events."""

_FORM_NAMES: Final = tuple(name for name, _ in FORMS)
_CUM_WEIGHTS: Final = tuple(sum(w for _, w in FORMS[: i + 1]) for i in range(len(FORMS)))

_OFFSETS: Final = ("Z", "+00:00", "-05:00", "-04:00", "-07:00", "+01:00", "+02:00", "+05:30")
_ZONES: Final = (
    "America/Chicago",
    "America/New_York",
    "America/Los_Angeles",
    "America/Denver",
    "Europe/London",
    "Europe/Paris",
    "Asia/Tokyo",
    "Australia/Sydney",
)
_STATUSES: Final = ("happened", "planned", "cancelled", "postponed", "disputed")
_STATUS_WEIGHTS: Final = (86, 4, 3, 3, 4)
_TAGS: Final = (
    "enforcement",
    "ice",
    "courts",
    "injunction",
    "sanctuary",
    "protest",
    "legislation",
    "budget",
    "election",
    "police",
    "immigration",
    "detention",
    "asylum",
    "border",
    "labor",
    "housing",
    "transit",
    "health",
    "schools",
    "climate",
    "energy",
    "water",
    "wildfire",
    "storm",
    "trade",
    "tariffs",
    "technology",
    "privacy",
    "media",
    "arts",
    "sports",
    "science",
    "space",
    "military",
    "diplomacy",
    "treaty",
    "strike",
    "census",
    "refugees",
    "appeal",
)
_PLACES: Final = (
    ("Portland, Oregon", 45.52, -122.68),
    ("Chicago, Illinois", 41.88, -87.63),
    ("New York City", 40.71, -74.01),
    ("Los Angeles", 34.05, -118.24),
    ("San Francisco", 37.77, -122.42),
    ("Seattle", 47.61, -122.33),
    ("Denver", 39.74, -104.99),
    ("Houston", 29.76, -95.37),
    ("Miami", 25.76, -80.19),
    ("Washington, D.C.", 38.91, -77.04),
    ("Boston", 42.36, -71.06),
    ("Philadelphia", 39.95, -75.17),
    ("Phoenix", 33.45, -112.07),
    ("Atlanta", 33.75, -84.39),
    ("Minneapolis", 44.98, -93.27),
    ("Austin", 30.27, -97.74),
    ("San Diego", 32.72, -117.16),
    ("El Paso", 31.76, -106.49),
    ("Tijuana", 32.51, -117.04),
    ("Mexico City", 19.43, -99.13),
    ("Toronto", 43.65, -79.38),
    ("London", 51.51, -0.13),
    ("Paris", 48.86, 2.35),
    ("Berlin", 52.52, 13.40),
    ("Madrid", 40.42, -3.70),
    ("Tokyo", 35.68, 139.69),
    ("Sydney", -33.87, 151.21),
    ("São Paulo", -23.55, -46.63),
    ("Lagos", 6.52, 3.38),
    ("Mumbai", 19.08, 72.88),
)
_UNLOCATED: Final = ("Cook County", "the Northwest", "federal district court", "the border")
_FIRST_NAMES: Final = (
    "Tom",
    "Maria",
    "James",
    "Aisha",
    "Wei",
    "Olga",
    "Carlos",
    "Fatima",
    "John",
    "Priya",
    "Kenji",
    "Ana",
    "David",
    "Ngozi",
    "Sophie",
    "Luis",
)
_LAST_NAMES: Final = (
    "Homan",
    "García",
    "Smith",
    "Khan",
    "Chen",
    "Petrova",
    "Rodríguez",
    "Okafor",
    "Müller",
    "Nguyen",
    "Tanaka",
    "O'Brien",
    "Silva",
    "Dubois",
    "Kowalski",
    "Jensen",
)
_ROLES: Final = (
    "Acting Director, ICE",
    "Mayor",
    "Judge",
    "Attorney General",
    "spokesperson",
    "Governor",
    "Senator",
    "organiser",
    "Police Chief",
    "reporter",
)
_SUBJECTS: Final = (
    "City council",
    "Federal judge",
    "State legislature",
    "Governor",
    "Agency",
    "Protesters",
    "Court of appeals",
    "Mayor",
    "Union",
    "Sheriff",
    "Senate",
    "Ministry",
)
_VERBS: Final = (
    "approves",
    "blocks",
    "announces",
    "rejects",
    "delays",
    "expands",
    "ends",
    "challenges",
    "reviews",
    "suspends",
    "funds",
    "debates",
)
_OBJECTS: Final = (
    "transit budget",
    "detention contract",
    "sanctuary ordinance",
    "border policy",
    "housing plan",
    "school funding",
    "water rights",
    "emergency order",
    "trade agreement",
    "census count",
    "police reform",
    "asylum rules",
)
_WORDS: Final = (
    "the",
    "council",
    "voted",
    "after",
    "hours",
    "of",
    "testimony",
    "from",
    "residents",
    "and",
    "officials",
    "who",
    "said",
    "new",
    "rules",
    "would",
    "take",
    "effect",
    "next",
    "month",
    "while",
    "critics",
    "warned",
    "that",
    "costs",
    "could",
    "rise",
    "sharply",
    "court",
    "records",
    "show",
    "agency",
    "filed",
    "an",
    "appeal",
    "on",
    "Monday",
    "according",
    "to",
    "a",
    "statement",
    "released",
    "late",
    "Thursday",
    "in",
    "which",
    "it",
    "cited",
    "public",
    "safety",
    "concerns",
    "négociations",
    "Übergang",
    "reported",
    "—",
    "arrests",
    "were",
    "made",
    "across",
    "several",
    "districts",
    "“quote”",
)
_FIGURES: Final = (
    "arrested",
    "injured",
    "attendees",
    "votes_for",
    "votes_against",
    "detained",
    "released",
    "budget_musd",
)
_PUBLISHERS: Final = (
    "Associated Press",
    "Reuters",
    "The Oregonian",
    "Chicago Tribune",
    "U.S. Immigration and Customs Enforcement",
    "City of Portland",
    "Le Monde",
    "Der Spiegel",
    "El País",
    "Court records",
)
_LINK_KINDS: Final = ("follows", "corrects", "cancelled-because-of", "responds-to")
_REPORTED_TEXTS: Final = (
    "between Monday and Thursday",
    "last week",
    "earlier this month",
    "on Tuesday",
    "over the weekend",
)


def _day(ordinal: int) -> str:
    return _dt.date.fromordinal(ordinal).isoformat()


def _month(ordinal: int) -> str:
    d = _dt.date.fromordinal(ordinal)
    return f"{d.year:04d}-{d.month:02d}"


def _add_months(ordinal: int, months: int) -> tuple[str, int]:
    """The month ``months`` after the one of ``ordinal``, and the ordinal of its last day."""
    d = _dt.date.fromordinal(ordinal)
    total = d.year * 12 + d.month - 1 + months
    year, month = total // 12, total % 12 + 1
    last = _dt.date(year, month, calendar.monthrange(year, month)[1]).toordinal()
    return f"{year:04d}-{month:02d}", last


def _year_end(ordinal: int, extra_years: int = 0) -> int:
    return _dt.date(_dt.date.fromordinal(ordinal).year + extra_years, 12, 31).toordinal()


def _time(rng: random.Random) -> str:
    text = f"T{rng.randint(6, 21):02d}:{rng.randrange(0, 60, 5):02d}"
    if rng.random() < 0.2:
        text += f":{rng.randrange(60):02d}"
    return text


def _when(form: str, rng: random.Random) -> tuple[str, str | None, int]:
    """A ``when`` of the given form: (edtf, tz, ordinal of its last possible day)."""
    day = rng.randint(_FIRST, _LAST)
    if form == "day":
        return _day(day), None, day
    if form == "day_range":
        last = day + rng.randint(1, 10)
        return f"{_day(day)}/{_day(last)}", None, last
    if form == "offset_time":
        return _day(day) + _time(rng) + rng.choice(_OFFSETS), None, day + 1
    if form == "zoned_time":
        return _day(day) + _time(rng), rng.choice(_ZONES), day + 1
    if form == "timed_range":
        hour = rng.randint(6, 15)
        offset = rng.choice(_OFFSETS)
        start = f"{_day(day)}T{hour:02d}:{rng.randrange(0, 60, 15):02d}{offset}"
        end = f"{_day(day)}T{hour + rng.randint(1, 6):02d}:{rng.randrange(0, 60, 15):02d}{offset}"
        return f"{start}/{end}", None, day + 1
    if form == "qualified_day":
        return _day(day) + rng.choice("?~%"), None, day
    if form == "qualified_range":
        last = day + rng.randint(2, 20)
        return f"{_day(day)}{rng.choice('~?')}/{_day(last)}{rng.choice('~?')}", None, last
    if form in ("month", "approx_month", "unspecified_day"):
        suffix = {"month": "", "approx_month": "~", "unspecified_day": "-XX"}[form]
        return _month(day) + suffix, None, _add_months(day, 0)[1]
    if form == "month_range":
        end, last = _add_months(day, rng.randint(1, 5))
        return f"{_month(day)}/{end}", None, last
    year = _dt.date.fromordinal(day).year
    if form == "unspecified_month":
        return f"{year:04d}-XX", None, _year_end(day)
    if form == "year":
        return f"{year:04d}" + rng.choice(("", "", "?", "~")), None, _year_end(day)
    if form == "season":
        return f"{year:04d}-{rng.randint(21, 24)}", None, _year_end(day, 1)
    if form == "set":
        shape = rng.randrange(3)
        if shape == 0:
            last = day + rng.randint(1, 6)
            return f"[{_day(day)}..{_day(last)}]", None, last
        members = sorted({day + rng.randint(0, 30) for _ in range(rng.randint(2, 4))} | {day})
        opening, closing = ("[", "]") if shape == 1 else ("{", "}")
        body = ",".join(_day(m) for m in members)
        return f"{opening}{body}{closing}", None, members[-1]
    if form == "open":
        shape = rng.randrange(3)
        if shape == 2:  # "until": near the start of the span
            day = _FIRST + rng.randrange(5 * 365)
            return f"../{_day(day)}", None, day
        day = _LAST - rng.randrange(3 * 365)  # ongoing, started recently
        return _day(day) + ("/.." if shape == 0 else "/"), None, day
    raise ValueError(form)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(ascii_text.lower().replace(",", "").replace(".", "").split())


def _sources(n: int, rng: random.Random) -> list[dict[str, Any]]:
    sources: list[dict[str, Any]] = []
    for k in range(max(3, n // 40)):
        publisher = rng.choice(_PUBLISHERS)
        source: dict[str, Any] = {
            "id": f"src-{k:05d}-{_slug(publisher)}",
            "title": f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}",
            "publisher": publisher,
            "url": f"https://news.example.org/{_slug(publisher)}/{k}",
            "published": _day(rng.randint(_FIRST, _LAST)),
        }
        if rng.random() < 0.2:
            source["note"] = "Retrieved from the publisher's archive."
        sources.append(source)
    return sources


def _events(n: int, rng: random.Random, source_ids: list[str]) -> Iterator[dict[str, Any]]:
    ids: list[str] = []
    for i in range(n):
        form = rng.choices(_FORM_NAMES, cum_weights=_CUM_WEIGHTS)[0]
        edtf, tz, last_day = _when(form, rng)
        title = f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}"
        event_id = f"{_slug(title)}-{i}"
        event: dict[str, Any] = {"id": event_id, "title": title, "when": edtf}
        if tz is not None:
            event["tz"] = tz
        if form == "open" and not edtf.startswith(".."):
            event["status"] = "ongoing"
        else:
            status = rng.choices(_STATUSES, weights=_STATUS_WEIGHTS)[0]
            if status != "happened" or rng.random() < 0.5:
                event["status"] = status
        summary = " ".join(rng.choices(_WORDS, k=45))[:200].rstrip()
        event["summary"] = summary[0].upper() + summary[1:] + "."
        event["tags"] = rng.sample(_TAGS, rng.randint(1, 3))
        if rng.random() < 0.10:
            figures: dict[str, int | float] = {}
            for name in rng.sample(_FIGURES, rng.randint(1, 2)):
                figures[name] = (
                    round(rng.uniform(0.5, 900.0), 1)
                    if name == "budget_musd"
                    else rng.randint(0, 5000)
                )
            event["figures"] = figures
        if rng.random() < 0.45:
            places: list[dict[str, Any]] = []
            for _ in range(1 if rng.random() < 0.85 else 2):
                if rng.random() < 0.05:
                    places.append({"name": rng.choice(_UNLOCATED)})
                else:
                    name, lat, lon = rng.choice(_PLACES)
                    places.append({"name": name, "lat": lat, "lon": lon})
            event["places"] = places
        if rng.random() < 0.25:
            people: list[dict[str, Any]] = []
            for _ in range(rng.randint(1, 2)):
                person: dict[str, Any] = {
                    "name": f"{rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)}"
                }
                if rng.random() < 0.7:
                    person["role"] = rng.choice(_ROLES)
                people.append(person)
            event["people"] = people
        if rng.random() < 0.10:
            citations: list[dict[str, Any]] = []
            for source_id in rng.sample(source_ids, min(len(source_ids), rng.randint(1, 3))):
                citation: dict[str, Any] = {"source": source_id}
                if rng.random() < 0.5:
                    citation["quote"] = " ".join(rng.choices(_WORDS, k=12))
                if rng.random() < 0.33 and form not in ("set", "open"):
                    if rng.random() < 0.5:  # agrees: the same date as the event
                        citation["reported"] = edtf
                        if tz is not None:
                            citation["reported_tz"] = tz
                    else:  # disagrees: a day after the event's last possible day
                        citation["reported"] = _day(last_day + rng.randint(2, 5))
                    if rng.random() < 0.3:
                        citation["reported_text"] = rng.choice(_REPORTED_TEXTS)
                if rng.random() < 0.1:
                    citation["note"] = "Later corrected."
                citations.append(citation)
            event["sources"] = citations
        if ids and rng.random() < 0.02:
            event["related"] = [{"kind": rng.choice(_LINK_KINDS), "event": rng.choice(ids)}]
        ids.append(event_id)
        yield event


def _header(n: int, seed: int) -> dict[str, str]:
    return {
        "title": f"Synthetic timeline: {n} events (seed {seed})",
        "description": "Generated by benchmarks.generate for scale and speed benchmarks.",
    }


def document(n: int, seed: int = 0) -> dict[str, Any]:
    """The timeline of ``n`` events as plain data: what ``tomli.loads(generate(n, seed))`` gives."""
    rng = random.Random(seed)
    sources = _sources(n, rng)
    doc: dict[str, Any] = _header(n, seed)
    doc["sources"] = sources
    doc["events"] = list(_events(n, rng, [s["id"] for s in sources]))
    return doc


# -- TOML emitter -----------------------------------------------------------------
# A small, fast writer for exactly the shapes above.  JSON string syntax (with
# ``ensure_ascii=False``) is valid TOML basic-string syntax for this text.


def _s(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _v(value: object) -> str:
    if isinstance(value, str):
        return _s(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_v(item) for item in value) + "]"
    raise TypeError(f"cannot write {value!r}")


def _table(prefix: str, table: dict[str, Any]) -> str:
    return prefix + "".join(f"{key} = {_v(value)}\n" for key, value in table.items())


def _event_toml(event: dict[str, Any]) -> str:
    parts = ["\n[[events]]\n"]
    nested = ("figures", "places", "people", "sources", "related")
    for key, value in event.items():
        if key not in nested:
            parts.append(f"{key} = {_v(value)}\n")
    if "figures" in event:
        parts.append(_table("[events.figures]\n", event["figures"]))
    for key in nested[1:]:
        for item in event.get(key, ()):
            parts.append(_table(f"[[events.{key}]]\n", item))
    return "".join(parts)


def _chunks(n: int, seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    sources = _sources(n, rng)
    yield "# Generated by benchmarks.generate: synthetic, not real events.\n"
    yield _table("", _header(n, seed))
    if n == 0:
        yield "events = []\n"  # top-level keys come before the first table
    for source in sources:
        yield _table("\n[[sources]]\n", source)
    for event in _events(n, rng, [s["id"] for s in sources]):
        yield _event_toml(event)


def generate(n: int, seed: int = 0) -> str:
    """TOML text (the project format) of a realistic timeline of ``n`` events."""
    if n < 0:
        raise ValueError("n must be >= 0")
    return "".join(_chunks(n, seed))


def write(n: int, out: TextIO, seed: int = 0) -> None:
    """Write :func:`generate` ``(n, seed)`` to ``out`` without holding it all in memory."""
    for chunk in _chunks(n, seed):
        out.write(chunk)


def parse_size(text: str) -> int:
    """``"100k"`` → 100000, ``"1M"`` → 1000000, ``"250"`` → 250."""
    text = text.strip().lower().replace("_", "")
    factor = 1
    if text.endswith("k"):
        factor, text = 1000, text[:-1]
    elif text.endswith("m"):
        factor, text = 1_000_000, text[:-1]
    return int(float(text) * factor)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.generate", description="Write a synthetic timeline (TOML)."
    )
    parser.add_argument("n", type=parse_size, help="number of events: 1000, 10k, 100k, 1M")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.output is None:
        write(args.n, sys.stdout, args.seed)
    else:
        with args.output.open("w", encoding="utf-8", newline="\n") as out:
            write(args.n, out, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
