"""Dates from words: how many phrases a second ``When.from_text`` reads.

``uv run python -m benchmarks.words`` prints the figures; ``uv run python -m benchmarks.run
--only words`` puts them in the table.  The phrases are generated (seeded) from the forms
of docs/words.md in the four locales, with numbers, days and years drawn so that almost
every phrase is new: *cold* clears the caches before each pass (the parse cache, the
references' days and the parsed dates: every phrase is read and every answer built from
scratch), *warm* reads them again with the caches full (news repeats its phrases).
Half the references are single days, half uncertain (three days, as the seed article's).
The baseline is building the answers' ``When`` values from their EDTF text (``When(edtf)``,
no cache): the least any reader that returns a ``When`` must do.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from typing import Final

from timeline import When, when, words, words_grammar
from timeline.words import from_text

__all__ = ["TARGET", "measure", "phrases"]

TARGET: Final = 10_000
"""Phrases a second, cold."""

_MONTHS: Final = {
    "en": ("January", "Feb.", "March", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct."),
    "fr": ("janvier", "févr.", "mars", "avril", "mai", "juin", "juillet", "août", "sept.", "oct."),
    "de": ("Januar", "Feb.", "März", "April", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt."),
    "es": ("enero", "feb.", "marzo", "abril", "mayo", "junio", "julio", "ago.", "sept.", "oct."),
}
_WEEKDAYS: Final = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
}
_FORMS: Final = {
    "en": (
        "{m} {d}, {y}",
        "{d} {m} {y}",
        "between {d} and {d2} {m} {y}",
        "from {m} {d} to {m} {d2}, {y}",
        "{d}–{d2} {m} {y}",
        "circa {y}",
        "early {m} {y}",
        "{n} days ago",
        "{n} weeks ago",
        "yesterday",
        "{w}",
        "last {w}",
        "between {w} and {w2}",
        "from {w} through {w2}",
        "earlier this month",
        "in {m}",
        "{m} {d}",
        "this week",
    ),
    "fr": (
        "le {d} {m} {y}",
        "du {d} au {d2} {m} {y}",
        "il y a {n} jours",
        "hier",
        "{w} dernier",
        "entre {w} et {w2}",
        "plus tôt ce mois-ci",
        "en {m}",
    ),
    "de": (
        "am {d}. {m} {y}",
        "vom {d}. bis {d2}. {m} {y}",
        "vor {n} Tagen",
        "gestern",
        "letzten {w}",
        "zwischen {w} und {w2}",
        "im {m}",
    ),
    "es": (
        "el {d} de {m} de {y}",
        "del {d} al {d2} de {m} de {y}",
        "hace {n} días",
        "ayer",
        "el {w} pasado",
        "entre el {w} y el {w2}",
        "en {m}",
    ),
}


def phrases(n: int, seed: int = 12) -> list[tuple[str, str, str]]:
    """``n`` (text, reference, locale) triples, seeded."""
    rng = random.Random(seed)
    out: list[tuple[str, str, str]] = []
    first = dt.date(1990, 1, 1).toordinal()
    for _ in range(n):
        locale = rng.choice(("en", "en", "fr", "de", "es"))
        form = rng.choice(_FORMS[locale])
        d = rng.randint(1, 26)
        text = form.format(
            m=rng.choice(_MONTHS[locale]),
            d=d,
            d2=d + rng.randint(1, 2),
            y=rng.randint(1900, 2030),
            n=rng.randint(2, 12),
            w=rng.choice(_WEEKDAYS[locale]),
            w2=rng.choice(_WEEKDAYS[locale]),
        )
        day = dt.date.fromordinal(first + rng.randrange(12_000))
        if rng.random() < 0.5:
            reference = day.isoformat()
        else:
            reference = f"[{day.isoformat()}..{(day + dt.timedelta(days=2)).isoformat()}]"
        out.append((text, reference, locale))
    return out


def _answers(items: Sequence[tuple[str, str, str]]) -> list[str]:
    out = []
    for text, reference, locale in items:
        with contextlib.suppress(ValueError):  # "earlier this month" on the 1st
            out.append(from_text(text, reference=reference, locale=locale).edtf)
    return out


def _read_all(items: Sequence[tuple[str, str, str]]) -> None:
    for text, reference, locale in items:
        with contextlib.suppress(ValueError):
            from_text(text, reference=reference, locale=locale)


def _rates(
    fn: Callable[[], object], count: int, repeats: int, before: Callable[[], None]
) -> tuple[float, float]:
    """Calls a second of wall-clock time and of this process's CPU time (medians)."""
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(repeats):
        before()
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(count / (time.perf_counter() - start))
        cpu.append(count / max(time.process_time() - start_cpu, 1e-9))
    return statistics.median(wall), statistics.median(cpu)


def measure(n: int = 20_000, repeats: int = 5) -> dict[str, float]:
    """Phrases a second, cold and warm, and the baseline (``When`` values a second).

    Each figure comes twice: per second of wall-clock time (``cold``, ``warm``,
    ``baseline``) and per second of this process's CPU time (``cold_cpu`` ...), which a
    machine shared with other work disturbs much less.
    """
    items = phrases(n)
    answers = _answers(items)

    def nothing() -> None:
        pass

    def build() -> None:
        for edtf in answers:
            When(edtf)

    when_cache_clear = getattr(when._parse_cached, "cache_clear", lambda: None)

    def clear() -> None:  # every cache a phrase goes through: parses, days, dates
        words_grammar.parse.cache_clear()
        words._reference_days.cache_clear()
        when_cache_clear()

    cold, cold_cpu = _rates(lambda: _read_all(items), n, repeats, clear)
    warm_items = items[:4000]
    _read_all(warm_items)  # fill the cache (4,096 phrases) with what warm reads
    warm, warm_cpu = _rates(lambda: _read_all(warm_items), len(warm_items), repeats, nothing)
    baseline, baseline_cpu = _rates(build, len(answers), repeats, nothing)
    return {
        "cold": cold,
        "warm": warm,
        "baseline": baseline,
        "cold_cpu": cold_cpu,
        "warm_cpu": warm_cpu,
        "baseline_cpu": baseline_cpu,
        "read": len(answers) / n,
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    n = int(args[0]) if args else 20_000
    f = measure(n)
    print(f"When.from_text, {n:,} generated phrases (en, fr, de, es; {f['read']:.0%} read)")
    print(f"load average: {' / '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("                                   per second of wall time   per CPU second")
    rows = (
        ("cold (caches cleared)", "cold"),
        ("warm (the phrases again)", "warm"),
        ("baseline: When(edtf) of answers", "baseline"),
    )
    for label, key in rows:
        print(f"  {label:33} {f[key]:>12,.0f} {f[key + '_cpu']:>22,.0f}")
    print(f"target: cold ≥ {TARGET:,} phrases a second")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
