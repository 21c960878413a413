"""The grammar of date phrases: words to a tree of :mod:`timeline.words_tree` nodes.

The text is cut into tokens (numbers, times, dashes and words); words, and phrases of
several words, take their meaning from the locale's table (:mod:`timeline.words_tables`);
a recursive-descent parser (:class:`_Parser`) reads the tokens.  A word that is not in the
table, or tokens that do not make a date, raise a :class:`~timeline.errors.TimelineError`
naming them.  docs/words.md lists the forms.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Final, NamedTuple

from timeline.errors import TimelineError
from timeline.when import When
from timeline.words_tables import LOCALES, fold, table
from timeline.words_tables import Words as _Words
from timeline.words_tree import (
    Abs,
    Ago,
    Fixed,
    Lasting,
    Node,
    Open,
    Partial,
    PartOfPeriod,
    Period,
    Qualified,
    Range,
    RelDay,
    Rolling,
    SeasonOf,
    Set,
    Weekday,
    WeekdayRange,
    Weekend,
    Within,
    quoted,
)

__all__ = ["parse", "words_of"]


# -- words ----------------------------------------------------------------------


class _Tok(NamedTuple):
    kind: str
    value: int | str
    start: int  # where the words begin in the text
    end: int
    digits: int  # how many digits a number was written with (0: a word)


_LEX: Final = re.compile(
    r"""
    (?P<time>[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)
    |(?P<decade>[0-9]*0)(?:s|er)(?![^\W\d_])
    |(?P<num>[0-9]+)(?:st|nd|rd|th|er|e|\.)?(?![^\W\d_])
    |(?P<word>[^\W\d_]+(?:['’-][^\W\d_]+)*['’]?\.?)
    |(?P<dash>[-–—−])
    |(?P<sign>\+)
    |(?P<q>\?)
    |(?P<skip>[\s,()]+)
    """,
    re.VERBOSE,
)
_EDTF_LIKE: Final = re.compile(r"[0-9X?~%/.\[\]{},:TZ+\-]*[0-9][0-9X?~%/.\[\]{},:TZ+\-]*")


def _name(chunk: str) -> str:
    """A chunk of text as an error names it (invisible characters by code point)."""
    if all(unicodedata.category(c) == "Cf" for c in chunk):
        codes = ", ".join(dict.fromkeys(f"U+{ord(c):04X}" for c in chunk))
        return f"the invisible formatting character{'s' if len(chunk) > 1 else ''} {codes}"
    return repr(chunk)


def _tokens(text: str, lang: str) -> tuple[list[_Tok], list[str]]:
    """The meaningful words of ``text`` (fillers dropped), and the names of those not known.

    An unknown word is also a token (``UNKNOWN``): one may name the thing a duration
    measures ("a four-day *operation* that ended Wednesday"); anywhere else it is an error.
    """
    words = words_of(lang)
    raw: list[tuple[str, str, int, int]] = []  # (kind, text, start, end); words folded
    unknown: list[str] = []
    pos = 0
    for m in _LEX.finditer(text):
        if m.start() != pos:
            _gap(text[pos : m.start()], unknown)
        pos = m.end()
        kind = m.lastgroup
        assert kind is not None
        if kind == "word":
            raw.append((kind, _fold_word(m[kind]), m.start(), pos))
        elif kind != "skip":
            raw.append((kind, m[kind], m.start(), pos))
    if pos != len(text):
        _gap(text[pos:], unknown)
    toks: list[_Tok] = []
    i = 0
    while i < len(raw):
        kind, piece, start, end = raw[i]
        if kind == "word":
            i += _words(raw, i, words, toks, unknown, text)
            continue
        if kind == "num":
            toks.append(_Tok("NUM", int(piece), start, end, len(piece)))
        elif kind == "decade":
            toks.append(_Tok("DECADE", int(piece), start, end, len(piece)))
        else:
            toks.append(_Tok(_SYMBOLS[kind], piece if kind == "time" else 0, start, end, 0))
        i += 1
    return toks, unknown


def _unread(text: str, unknown: list[str]) -> TimelineError:
    names = list(dict.fromkeys(unknown))
    return TimelineError(
        f"{quoted(text)}: could not read {', '.join(names[:6])}{', ...' * (len(names) > 6)}"
        " (see docs/words.md for what is understood)"
    )


_SYMBOLS: Final = {"time": "TIME", "dash": "DASH", "sign": "SIGN", "q": "Q"}


@functools.lru_cache(maxsize=8192)
def _fold_word(word: str) -> str:
    return fold(word).rstrip(".")


def _gap(chunk: str, unknown: list[str]) -> None:
    """Characters no token matches: each run between spaces is named."""
    unknown.extend(_name(piece) for piece in chunk.split())


def _words(
    raw: list[tuple[str, str, int, int]],
    i: int,
    words: _Words,
    out: list[_Tok],
    unknown: list[str],
    text: str,
) -> int:
    """Read the longest known phrase of words at ``raw[i]``; return how many words it took."""
    word = raw[i][1]
    if word in words.starters:
        n = 1
        while n < words.longest and i + n < len(raw) and raw[i + n][0] == "word":
            n += 1
        for size in range(n, 1, -1):
            meaning = words.phrases.get(tuple(raw[j][1] for j in range(i, i + size)))
            if meaning is not None:
                if meaning[0] != "FILLER":
                    out.append(_Tok(meaning[0], meaning[1], raw[i][2], raw[i + size - 1][3], 0))
                return size
    meaning = words.single.get(word)
    if meaning is not None:
        if meaning[0] != "FILLER":
            out.append(_Tok(meaning[0], meaning[1], raw[i][2], raw[i][3], 0))
        return 1
    # one word made of parts: "mid-September", "d'août"
    parts = [p for p in re.split(r"(?<=')|-", word) if p]
    if len(parts) > 1 and all(p in words.single for p in parts):
        for p in parts:
            meaning = words.single[p]
            if meaning[0] != "FILLER":
                out.append(_Tok(meaning[0], meaning[1], raw[i][2], raw[i][3], 0))
        return 1
    unknown.append(repr(text[raw[i][2] : raw[i][3]]))
    out.append(_Tok("UNKNOWN", word, raw[i][2], raw[i][3], 0))
    return 1


def words_of(lang: str) -> _Words:
    found = table(lang)
    if found is None:
        raise TimelineError(f"locale {lang!r} is not supported (supported: {', '.join(LOCALES)})")
    return found


# -- the grammar ----------------------------------------------------------------


class _Parser:
    """Recursive descent over the words of one phrase (see docs/words.md)."""

    def __init__(self, text: str, toks: list[_Tok]) -> None:
        self.text = text
        self.toks = toks
        self.i = 0
        self.nouns = 0  # unknown words read as what a duration measures

    # helpers
    def peek(self, offset: int = 0) -> str:
        j = self.i + offset
        return self.toks[j].kind if j < len(self.toks) else ""

    def take(self, *kinds: str) -> _Tok | None:
        if self.i < len(self.toks) and self.toks[self.i].kind in kinds:
            self.i += 1
            return self.toks[self.i - 1]
        return None

    def fail(self) -> TimelineError:
        if self.i >= len(self.toks):
            return TimelineError(
                f"{quoted(self.text)} is not a complete date"
                " (see docs/words.md for what is understood)"
            )
        rest = self.text[self.toks[self.i].start :].strip()
        read = self.text[: self.toks[self.i].start].strip()
        after = f" after {quoted(read)}" if read else ""
        return TimelineError(
            f"{quoted(self.text)}: could not read {quoted(rest)}{after}"
            " (see docs/words.md for what is understood)"
        )

    # phrase := set | open | range | expr
    def phrase(self) -> Node:
        node = self._phrase()
        if self.i < len(self.toks):
            raise self.fail()
        return node

    def _phrase(self) -> Node:
        kind = self.peek()
        if kind in ("ONE_OF", "ALL_OF"):
            self.i += 1
            return self.set_items(kind == "ONE_OF")
        if kind == "BEFORE" and not (self.peek(1) == "NUM" and self.peek(2) == "UNIT"):
            self.i += 1
            return Open(self.expr(), "before")
        if kind == "AFTER":
            self.i += 1
            return Open(self.expr(), "after")
        if kind == "SINCE":
            self.i += 1
            first = self.expr()
            if self.take("END_UNKNOWN"):
                return Open(first, "from_unknown")
            if self.take("TO", "UNTIL", "DASH"):
                return _range(first, self.expr())
            return Open(first, "from_open")
        if kind == "UNTIL":
            self.i += 1
            last = self.expr()
            return Open(last, "until_unknown" if self.take("START_UNKNOWN") else "until_open")
        if kind == "BETWEEN":
            self.i += 1
            first = self.expr()
            if not self.take("AND", "DASH"):
                raise self.fail()
            return _range(first, self.expr())
        if kind == "FROM":
            self.i += 1
            first = self.expr()
            if self.take("ON"):
                return Open(first, "from_open")
            if self.take("END_UNKNOWN"):
                return Open(first, "from_unknown")
            if not self.take("TO", "UNTIL", "DASH"):
                raise self.fail()
            return _range(first, self.expr())
        first = self.expr()
        if self.take("TO", "UNTIL", "DASH"):
            return _range(first, self.expr())
        return first

    def set_items(self, one_of: bool) -> Node:
        items: list[tuple[str, Node]] = []
        while True:
            if self.take("BEFORE"):
                items.append(("before", Open(self.expr(), "before")))
            elif self.take("AFTER"):
                items.append(("after", Open(self.expr(), "after")))
            else:
                first = self.expr()
                if self.take("DASH", "TO"):
                    items.append(("range", _range(first, self.expr())))
                else:
                    items.append(("date", first))
            if not self.take("OR" if one_of else "AND"):
                return Set(items, one_of)

    # expr := [circa] core [?]
    def expr(self) -> Node:
        approx = self.take("CIRCA") is not None
        node = self.core()
        if isinstance(node, (RelDay, Weekday)) or (
            isinstance(node, Abs) and node.parts.day is not None and node.parts.time is None
        ):
            self.take("DAYPART")  # "Tuesday night", "yesterday morning": that day
        uncertain = self.take("Q") is not None
        if not (approx or uncertain):
            return node
        if isinstance(node, Abs):
            parts = node.parts.copy()
            parts.approx |= approx
            parts.uncertain |= uncertain
            return Abs(parts)
        return Qualified(node, approx, uncertain)

    def core(self) -> Node:
        self.take("ON")
        kind = self.peek()
        if kind == "REL":
            self.i += 1
            return RelDay(int(self.toks[self.i - 1].value))
        tok = self.toks[self.i] if kind else None
        if tok is not None and kind == self.peek(1) == "NUM" and tok.digits == 0 and tok.value == 1:
            self.i += 1  # "a" before a number: "a 4-day operation"
        if kind == "NUM" and self.peek(1) == "CENTURY" and 1 <= int(self.toks[self.i].value) <= 99:
            # "the 20th century": 1901-2000 strictly, 1900-1999 as commonly meant; both
            century = int(self.toks[self.i].value)
            self.i += 2
            return Fixed(f"{max(100 * century - 100, 1):04d}/{100 * century:04d}")
        if kind == "NUM" and self.toks[self.i].digits <= 2:
            dashed = self.peek(1) == "DASH"  # "4-day"
            if self.peek(2 if dashed else 1) == "UNIT":
                count = self.toks[self.i].value
                measure = str(self.toks[self.i + (2 if dashed else 1)].value)
                self.i += 3 if dashed else 2
                if not dashed and self.take("AGO"):
                    return Ago(count, measure, -1)
                return self.lasting(count, measure)
        if kind in ("AGO", "BEFORE") and self.peek(1) == "NUM" and self.peek(2) == "UNIT":
            count, unit = self.toks[self.i + 1].value, self.toks[self.i + 2].value
            self.i += 3
            return Ago(count, str(unit), -1)
        if kind == "IN":
            self.i += 1
            if self.peek() == "NUM" and self.peek(1) == "UNIT":
                count, unit = self.toks[self.i].value, self.toks[self.i + 1].value
                self.i += 2
                return Ago(count, str(unit), 1)
            return self.core()
        if kind in ("THIS", "LAST", "NEXT"):
            self.i += 1
            return self.modified(kind)
        if kind == "PAST":
            self.i += 1
            return self.rolling()
        if kind == "SEASON" and self.peek(1) in ("THIS", "LAST", "NEXT"):  # "l'été dernier"
            season = int(self.toks[self.i].value)
            self.i += 2
            return SeasonOf(season, self.toks[self.i - 1].kind.lower())
        if kind == "WEEKEND":
            self.i += 1
            mod = self.take("THIS", "LAST", "NEXT")
            return Weekend("bare" if mod is None else mod.kind.lower())
        if kind == "WDAY":
            if self.peek(1) in ("NUM", "MONTH"):
                weekday = int(self.toks[self.i].value)
                self.i += 1
                return self.absolute(weekday)
            weekday = int(self.toks[self.i].value)
            self.i += 1
            mod = self.take("THIS", "LAST", "NEXT")
            mode = "bare" if mod is None else mod.kind.lower()
            return Weekday(weekday, mode)
        if kind == "UNIT":
            named = self.toks[self.i]
            if named.value == "y" and self.peek(1) == "NUM":  # "années 1990", "años 1990"
                return self.absolute()
            self.i += 1
            mod = self.take("THIS", "LAST", "NEXT")
            if mod is None:
                self.i -= 1
                raise self.fail()
            return _period(str(named.value), mod.kind)
        if kind in ("EARLIER", "LATER"):
            self.i += 1
            self.take("IN")
            period = self.period_after()
            if period is None:
                raise self.fail()
            return Within(period, kind == "LATER")
        if kind in ("EARLY", "MID", "LATE"):
            self.i += 1
            self.take("DASH")
            part = kind.lower()
            period = self.period_after()
            if period is not None:
                return PartOfPeriod(period, part)
            inner = self.core()
            if isinstance(inner, (RelDay, Weekday)):
                return inner  # "late Tuesday", "early yesterday": that day
            if not isinstance(inner, Abs):
                raise self.fail()
            parts = inner.parts.copy()
            parts.part = part
            return Abs(parts)
        return self.absolute()

    def rolling(self) -> Node:
        """ "the past week", "the past two weeks", "the past few days": up to the reference."""
        count: int | str = 1
        if self.peek() == "NUM":
            count = self.toks[self.i].value
            self.i += 1
        unit = self.take("UNIT")
        if unit is None:
            raise self.fail()
        return Rolling(count, str(unit.value))

    def lasting(self, count: int | str, unit: str) -> Node:
        """ "four-day [operation] that ended Wednesday", "a two-week trial beginning Monday"."""
        if self.take("UNKNOWN") is not None:
            self.nouns += 1
        self.take("THAT")
        edge = self.take("ENDED", "BEGAN")
        if edge is None or isinstance(count, str) or unit not in ("d", "w") or count < 1:
            raise self.fail()
        days = count * (7 if unit == "w" else 1)
        return Lasting(days, self.expr(), ended=edge.kind == "ENDED")

    def modified(self, mod: str) -> Node:
        if mod == "THIS" and self.take("PAST"):  # "this past weekend", "this past week"
            if self.peek() in ("WDAY", "WEEKEND"):
                return self.core()
            return self.rolling()
        if self.take("WEEKEND"):
            return Weekend(mod.lower())
        if self.peek() == "SEASON":
            season = int(self.toks[self.i].value)
            self.i += 1
            return SeasonOf(season, mod.lower())
        if self.take("DAYPART"):  # "this morning", "last night"
            return RelDay(-1 if mod == "LAST" else 0 if mod == "THIS" else 1)
        if self.peek() == "WDAY":
            weekday = int(self.toks[self.i].value)
            self.i += 1
            return Weekday(weekday, mod.lower())
        unit = self.take("UNIT")
        if unit is None:
            raise self.fail()
        return _period(str(unit.value), mod)

    def period_after(self) -> Period | None:
        """``this month``, ``month this``, ``last year``...; ``None`` (nothing taken) if not one."""
        start = self.i
        mod = self.take("THIS", "LAST", "NEXT")
        unit = self.take("UNIT")
        if unit is not None and mod is None:
            mod = self.take("THIS", "LAST", "NEXT")
        if unit is None or unit.value == "d":
            self.i = start
            return None
        return _period(str(unit.value), mod.kind if mod is not None else "THIS")

    def absolute(self, weekday: int | None = None) -> Node:
        p = Partial()
        p.weekday = weekday
        tok = self.toks[self.i] if self.i < len(self.toks) else None
        if tok is None:
            raise self.fail()
        kind = tok.kind
        if kind == "NUM" and tok.digits and self.peek(1) == "MONTH":
            p.day = self.day_of(tok)
            p.month = int(self.toks[self.i + 1].value)
            self.i += 2
            self._year(p)
        elif kind == "MONTH":
            p.month = int(tok.value)
            self.i += 1
            nxt = self.toks[self.i] if self.i < len(self.toks) else None
            if (
                nxt is not None
                and nxt.kind == "NUM"
                and 0 < nxt.digits <= 2
                and int(nxt.value) <= 31
            ):
                p.day = self.day_of(nxt)
                self.i += 1
            self._year(p)
        elif kind == "NUM" and tok.digits:
            then = self.peek(1)
            year_next = then == "NUM" and self.toks[self.i + 1].digits >= 3
            day_like = tok.digits <= 2 and int(tok.value) <= 31
            if day_like and (then in ("DASH", "AND", "TO", "UNTIL") or year_next):
                p.day = self.day_of(tok)
                self.i += 1
                self._year(p)
            else:
                p.year = int(tok.value)
                self.i += 1
        elif kind == "SEASON":
            p.season = int(tok.value)
            self.i += 1
            self._year(p)
        elif kind == "DECADE":
            p.decade = self._decade(tok)
            self.i += 1
        elif kind == "UNIT" and tok.value == "y" and self.peek(1) == "NUM":
            p.decade = self._decade(self.toks[self.i + 1])
            self.i += 2
        elif kind != "TIME":
            raise self.fail()
        time = self.take("TIME")
        if time is not None:
            p.time = _time(str(time.value))
            if self.take("UTC"):
                p.offset = "Z"
                if self.peek() in ("SIGN", "DASH") and self.peek(1) == "TIME":
                    sign = "+" if self.toks[self.i].kind == "SIGN" else "-"
                    offset = str(self.toks[self.i + 1].value)
                    self.i += 2
                    p.offset = f"{sign}{_time(offset)[:5]}"
        elif not p.dated:
            raise self.fail()
        return Abs(p)

    def day_of(self, tok: _Tok) -> int:
        if not 1 <= int(tok.value) <= 31:
            raise self.fail()
        return int(tok.value)

    def _year(self, p: Partial) -> None:
        tok = self.toks[self.i] if self.i < len(self.toks) else None
        if tok is not None and tok.kind == "NUM" and tok.digits:
            p.year = int(tok.value)
            self.i += 1

    def _decade(self, tok: _Tok) -> str:
        value = int(tok.value)
        if not 10 <= value <= 9990 or value % 10:
            raise self.fail()
        return f"{value // 10:03d}X"


def _time(text: str) -> str:
    parts = text.split(":")
    if len(parts[0]) == 1:
        parts[0] = "0" + parts[0]
    return ":".join(parts)


def _period(unit: str, mod: str) -> Period:
    return Period(unit, {"THIS": 0, "LAST": -1, "NEXT": 1}[mod])


def _fill(a: Partial, b: Partial) -> tuple[Partial, Partial]:
    """The two ends of a range share what only one of them says ("24–27 Sep 2017")."""
    a, b = a.copy(), b.copy()
    if not b.dated and b.time is not None:  # "13:00–14:00 UTC": the same day
        b.year, b.month, b.day = a.year, a.month, a.day
    if a.month is None and a.day is not None:
        a.month = b.month
    if b.month is None and b.day is not None:
        b.month = a.month
    if a.year is None and a.decade is None and b.year is not None and a.dated:
        a.year = b.year
        if a.month is not None and b.month is not None and a.month > b.month:
            a.year -= 1  # "Dec 28 – Jan 3, 2018"
    if b.year is None and b.decade is None and a.year is not None and b.dated:
        b.year = a.year
    if a.time is not None and a.offset is None:
        a.offset = b.offset
    return a, b


def _range(first: Node, last: Node) -> Node:
    if (
        isinstance(first, Weekday)
        and isinstance(last, Weekday)
        and first.mode == last.mode == "bare"
    ):
        return WeekdayRange(first.weekday, last.weekday)
    if isinstance(first, Abs) and isinstance(last, Abs):
        a, b = _fill(first.parts, last.parts)
        return Range(Abs(a), Abs(b))
    return Range(first, last)


@functools.lru_cache(maxsize=4096)
def parse(text: str, lang: str) -> Node:
    """The tree of ``text`` read in language ``lang`` (cached: phrases repeat)."""
    if _EDTF_LIKE.fullmatch(text):
        try:
            return Fixed(When.parse(text).edtf)
        except TimelineError as edtf_error:
            try:
                return _read(text, lang)
            except TimelineError:
                raise edtf_error from None
    return _read(text, lang)


def _read(text: str, lang: str) -> Node:
    toks, unknown = _tokens(text, lang)
    parser = _Parser(text, toks)
    if not unknown:
        return parser.phrase()
    try:
        node = parser.phrase()
    except TimelineError:
        raise _unread(text, unknown) from None
    if parser.nouns != len(unknown):  # an unknown word outside the one place it may be
        raise _unread(text, unknown)
    return node
