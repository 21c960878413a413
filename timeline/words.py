"""Dates from words: "between Monday and Thursday", relative to a reference date.

:func:`from_text` reads a phrase (``"Sept. 28, 2017"``, ``"two weeks ago"``,
``"earlier this month"``) and returns the :class:`~timeline.When` of every day
it can mean.  Relative words are worked out against a *reference*, usually the
date a source was published, which may itself be uncertain
(``[2017-09-28..2017-09-30]``): then every reading of the reference is worked
out, and the answer covers them all, exactly when they agree.

How it works: the text is cut into words (:mod:`timeline.words_tables` gives
each a meaning for the locale), the words are parsed into a small tree
(:mod:`timeline.words_grammar`, :mod:`timeline.words_tree`), and the tree is
evaluated once per day the reference can be, giving EDTF texts; those are
combined into one ``When`` here.  Nothing is guessed:
a word that is not understood, or words that do not make a date, raise a
:class:`~timeline.errors.TimelineError` that names them.  docs/words.md lists
every form and the conventions (a bare weekday is the most recent one on or
before the reference; weeks start on Monday unless ``week_start`` says
otherwise).
"""

from __future__ import annotations

import calendar
import datetime as _dt
import functools
import math
import re
from typing import Final

from timeline.errors import TimelineError
from timeline.i18n import language
from timeline.when import Kind, Precision, When
from timeline.words_grammar import parse
from timeline.words_tree import Node, as_day, lower_of, needs_reference, quoted, upper_of

__all__ = ["MAX_LENGTH", "MAX_READINGS", "from_text", "is_relative"]

MAX_LENGTH: Final = 200
"""The longest text read, in characters (a date phrase is short)."""
MAX_READINGS: Final = 400
"""The most days a reference may span for relative words (one reading per day)."""


# -- readings ---------------------------------------------------------------------


_EPOCH: Final = _dt.date(1970, 1, 1).toordinal()
# a day, or one of a range of days: "2017-09-29", "[2017-09-28..2017-09-30]"
_DAYS_RE: Final = re.compile(
    r"([0-9]{4}-[0-9]{2}-[0-9]{2})|\[([0-9]{4}-[0-9]{2}-[0-9]{2})\.\.([0-9]{4}-[0-9]{2}-[0-9]{2})\]"
)


@functools.lru_cache(maxsize=1024)
def _reference_days(reference: When | str) -> tuple[_dt.date, ...]:
    """Each day the reference can be."""
    if isinstance(reference, str):  # the common shapes, without building a When
        days = _DAYS_RE.fullmatch(reference)
        if days is not None:
            try:
                first = _dt.date.fromisoformat(days[1] or days[2])
                last = _dt.date.fromisoformat(days[1] or days[3])
            except ValueError:
                pass  # (the EDTF parser says what is wrong with it)
            else:
                count = (last - first).days + 1
                if 0 < count <= MAX_READINGS:
                    return tuple(first + _dt.timedelta(days=k) for k in range(count))
    ref = When.parse(reference) if isinstance(reference, str) else reference
    if not isinstance(ref, When):
        raise TimelineError(
            f"reference must be a When or EDTF text, not {type(reference).__name__}"
        )
    if not (math.isfinite(ref.lower) and math.isfinite(ref.upper)):
        raise TimelineError(f"reference {ref.edtf!r} is open-ended: relative words need its days")
    if not ref.fits:
        raise TimelineError(
            f"reference {ref.edtf!r} lies outside years 1–9999: relative words are read"
            " against days of years 1–9999 only"
        )
    if ref.is_timed:  # its own local days
        lo, hi = ref.earliest, ref.latest
        assert lo is not None
        assert hi is not None
        first, last = as_day(lo), as_day(hi)
    else:  # days: the bounds count whole days from 1970-01-01
        first = _dt.date.fromordinal(_EPOCH + int(ref.lower // 86400))
        last = _dt.date.fromordinal(_EPOCH + int(ref.upper // 86400) - 1)
    count = (last - first).days + 1
    if count > MAX_READINGS:
        raise TimelineError(
            f"reference {ref.edtf!r} spans {count:,} days: too vague for relative words"
            f" (at most {MAX_READINGS})"
        )
    return tuple(first + _dt.timedelta(days=k) for k in range(count))


def _combine(values: list[str], phrase: str) -> When:
    """One ``When`` for every value a phrase can take: exact when they agree."""
    unique = list(dict.fromkeys(values))
    if not unique:
        raise TimelineError(f"{quoted(phrase)} names no day relative to the reference")
    if len(unique) == 1:
        return When.parse(unique[0])
    if all(_DAY_VALUE.fullmatch(v) for v in unique):  # days: no When for each
        text = "[" + ",".join(_day_runs(sorted(unique))) + "]"
        if len(text) <= MAX_LENGTH:
            return When.parse(text)
    whens = sorted((When.parse(v) for v in unique), key=lambda w: w.sort_key)
    if all(w.kind is Kind.DATE and not w.is_timed for w in whens):
        text = "[" + ",".join(_runs(whens)) + "]"
        if len(text) <= MAX_LENGTH:
            return When.parse(text)
    lo = min(whens, key=lower_of).earliest
    hi = max(whens, key=upper_of).latest
    left = "" if lo is None else as_day(lo).isoformat()
    right = "" if hi is None else as_day(hi).isoformat()
    return When.parse(f"[{left}..{right}]" if left != right else left)


_DAY_VALUE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[?~%]?")


def _day_runs(days: list[str]) -> list[str]:
    """Sorted days (``2017-09-14``, ``2017-09-15~``) as set members, runs as ``a..b``."""
    out: list[str] = []
    first = last = ""
    previous = 0
    for text in days:
        ordinal = _dt.date.fromisoformat(text[:10]).toordinal()
        if last and ordinal == previous + 1 and text[10:] == last[10:]:
            last, previous = text, ordinal
            continue
        if last:
            out.append(first if first == last else f"{first}..{last}")
        first = last = text
        previous = ordinal
    if last:
        out.append(first if first == last else f"{first}..{last}")
    return out


def _runs(whens: list[When]) -> list[str]:
    """Members of a set: runs of consecutive days (with the same marks) as ``a..b``."""
    out: list[str] = []
    run: list[When] = []
    for w in whens:
        if (
            run
            and w.precision is Precision.DAY
            and run[-1].precision is Precision.DAY
            and w.edtf[10:] == run[-1].edtf[10:]
            and w.lower == run[-1].upper
        ):
            run.append(w)
            continue
        if run:
            out.append(run[0].edtf if len(run) == 1 else f"{run[0].edtf}..{run[-1].edtf}")
        run = [w]
    if run:
        out.append(run[0].edtf if len(run) == 1 else f"{run[0].edtf}..{run[-1].edtf}")
    return out


def from_text(
    text: str,
    *,
    reference: When | str | None = None,
    locale: str = "en",
    week_start: int = calendar.MONDAY,
) -> When:
    """The :class:`~timeline.When` of every day ``text`` can mean.

    ``reference`` (a ``When`` or EDTF text, e.g. a source's ``published``) is
    the day relative words count from; when it is uncertain, the answer covers
    every reading of it.  ``week_start`` (``calendar.MONDAY`` … ``calendar.SUNDAY``)
    is the first day of a week for "this week", "last Monday" and the like.
    Raises :class:`~timeline.errors.TimelineError` naming what it could not read.
    """
    if week_start not in range(7) or isinstance(week_start, bool):
        raise TimelineError(f"week_start must be 0 (Monday) to 6 (Sunday), not {week_start!r}")
    phrase, node = _read(text, locale)
    if not node.needs_ref:
        return _combine(node.values(None, week_start, phrase), phrase)
    if reference is None:
        raise needs_reference(phrase)
    values: list[str] = []
    for day in _reference_days(reference):
        values.extend(node.values(day, week_start, phrase))
    return _combine(values, phrase)


def is_relative(text: str, *, locale: str = "en") -> bool:
    """True when ``text`` needs a reference date ("yesterday"; not "Sept. 28, 2017").

    Raises :class:`~timeline.errors.TimelineError` when the words are not read.
    """
    return _read(text, locale)[1].needs_ref


def _read(text: str, locale: str) -> tuple[str, Node]:
    """The phrase, stripped, and its tree; bad input raises."""
    if not isinstance(text, str):
        raise TimelineError(f"expected text, not {type(text).__name__}")
    if not isinstance(locale, str):
        raise TimelineError(f"locale must be text, not {type(locale).__name__}")
    phrase = text.strip()
    if not phrase:
        raise TimelineError("no date: the text is empty")
    if len(phrase) > MAX_LENGTH:
        raise TimelineError(
            f"{quoted(phrase)} is too long to be a date ({len(phrase):,} characters;"
            f" at most {MAX_LENGTH})"
        )
    lang = language(locale)  # an unsupported locale is an error, even for EDTF text
    return phrase, parse(phrase, lang)
