"""The text search and the tag and status filters of a column-backed timeline, at C speed.

:func:`timeline.ops.matching` looks for each word of a search, case-folded, in
an event's :func:`~timeline.models.search_text`: its id, title, summary, tags,
places, people and quotes.  For a timeline held as the columns of an Arrow
table this is the same question asked of the columns (``pyarrow.compute``),
without a Python string per event: a word is found in a row when it is found in
one of its texts (a word has no white space, and the search text joins the
texts with line ends, so no word runs from one text into the next).

Exactly as :meth:`str.casefold` finds it: the texts are searched by Arrow's
case-insensitive match, which pairs characters by Unicode's simple case
folding.  Where that and ``casefold`` could differ, Python decides: a
character that folds to more than one (``ß`` to ``ss``) puts its texts on
Python's side, folded once; and at each search, each character of the words is
matched against every character with a case, so that one that Arrow would pair
otherwise than ``casefold`` (a newer or older Unicode table) puts the texts
holding it on Python's side for that search.

No Qt here; pyarrow is given by the caller (an optional dependency).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, Final

from timeline.rules import Status

__all__ = ["PART_ROWS", "ColumnSearch"]

_SCALAR_TEXTS: Final = ("id", "title", "summary")
_LIST_TEXTS: Final = (("tags", None), ("places", "name"), ("people", "name"), ("sources", "quote"))
"""The texts of :func:`timeline.models.search_text`: columns of one text a row, and columns of
lists of texts (or of structs, with the field that is the text)."""

PART_ROWS: Final = 32_768
"""The rows of a file whose texts are searched at once (ten million events read as parts
of 131,072 rows, as a load checks them: the warm-up's first pass over the texts 0.19 GB
above what it started from, its peak; parts of 32,768: 0.09 GB, in the same time)."""

_CASED_PLANES: Final = 0x20000
"""Every character with a case (in any Unicode version so far) lies below this."""


@functools.cache
def _case_table(pa: Any) -> tuple[Any, Any, str]:
    """The characters whose case folding a search must check (every character below
    :data:`_CASED_PLANES` that Python folds to another, or does not know: another Unicode
    version may give it a case), their folding, and a pattern of those that fold to more
    than one character.  Made once (about 0.1 s)."""
    chars: list[str] = []
    folds: list[str] = []
    for i in range(_CASED_PLANES):
        c = chr(i)
        folded = c.casefold()
        if folded != c or (unicodedata.category(c) == "Cn"):
            chars.append(c)
            folds.append(folded)
    long = [c for c, f in zip(chars, folds, strict=True) if len(f) != 1]
    pattern = "[" + "".join(re.escape(c) for c in long) + "]"
    from timeline._arrow_numpy import strings  # (numpy)

    return strings(pa, chars), strings(pa, folds), pattern


class _Texts:
    """One column of texts searched: its values, the lists that hold them (``None``: value
    ``i`` is row ``i``'s), and the values Python folds (those with a character that folds to
    more than one)."""

    def __init__(
        self, pa: Any, values: Any, rows: Any, known: tuple[Any, list[str]] | None = None
    ) -> None:
        self.pa = pa
        self.values = values
        self.rows = rows
        self.by_python: Any = None
        """Which values Python folds at every search (``None``: none)."""
        self.folded: list[str] = []
        """Those values, folded, in order."""
        pc = pa.compute
        if known is not None:  # (found at an earlier search of the same values)
            self.by_python, self.folded = known
        elif len(values) > values.null_count and not pc.all(pc.string_is_ascii(values)).as_py():
            self.by_python, self.folded = self._folded(_case_table(pa)[2])

    def _folded(self, pattern: str) -> tuple[Any, list[str]]:
        """Which values match ``pattern``, and those values folded (``None``: none)."""
        from timeline._arrow_numpy import combined, scalar  # (numpy)

        pa, pc = self.pa, self.pa.compute
        matched = pc.match_substring_regex(self.values, pattern)
        marked = combined(pa, pc.fill_null(matched, scalar(pa, False, pa.bool_())))
        if not pc.any(marked).as_py():
            return None, []
        return marked, [t.casefold() for t in self.values.filter(marked).to_pylist()]

    def found(self, word: str, unlike: list[str]) -> Any:
        """Whether each value holds ``word`` (case-folded) once folded; ``unlike``: the
        characters that Arrow's case-insensitive match pairs with one of ``word``
        otherwise than ``casefold`` does (their texts are Python's for this search)."""
        from timeline._arrow_numpy import combined, from_numpy, scalar  # (numpy)

        pa, pc = self.pa, self.pa.compute
        matched = pc.match_substring(self.values, word, ignore_case=True)
        found = combined(pa, pc.fill_null(matched, scalar(pa, False, pa.bool_())))
        by_python, folded = self.by_python, self.folded
        if unlike:
            long = _case_table(self.pa)[2][1:-1]
            by_python, folded = self._folded(
                "[" + long + "".join(re.escape(c) for c in unlike) + "]"
            )
        if by_python is not None:
            hits = from_numpy(pa, [word in text for text in folded], pa.bool_())
            found = pc.replace_with_mask(found, by_python, hits)
        return found


def _unlike(pa: Any, word: str) -> list[str]:
    """The characters that Arrow's case-insensitive match pairs with a character of ``word``
    otherwise than ``casefold`` does (none, with the Unicode tables of this writing)."""
    unlike: list[str] = []
    for c in sorted(set(word)):
        unlike += _unlike_char(pa, c)
    return unlike


@functools.lru_cache(maxsize=1 << 16)
def _unlike_char(pa: Any, c: str) -> tuple[str, ...]:
    """:func:`_unlike` of one character: asked once per character (two matches over the
    :func:`_case_table`, about 4 ms: a search's every word asked it again for each of its
    characters)."""
    from timeline._arrow_numpy import scalar  # (numpy)

    pc = pa.compute
    chars, folds, _ = _case_table(pa)
    same = pc.equal(folds, scalar(pa, c, pa.string()))
    differ = pc.xor(pc.match_substring(chars, c, ignore_case=True), same)
    return tuple(chars.filter(differ).to_pylist())


class ColumnSearch:
    """The text search and the tag and status filters over the rows of one Arrow table, or
    of a :class:`~timeline.parquet_source.Source` (a file's: the texts it does not hold
    are streamed from the file at each search, a part at a time)."""

    def __init__(self, pa: Any, table: Any) -> None:
        from timeline.parquet_source import Source, TableSource

        self._pa = pa
        self._source: Source = table if isinstance(table, Source) else TableSource(table)
        self._held = self._source.held
        self._names = set(self._source.names)
        self._columns: list[tuple[str, str | None, bool]] = [
            (name, None, False) for name in _SCALAR_TEXTS if name in self._names
        ] + [(name, field, True) for name, field in _LIST_TEXTS if name in self._names]
        """The text columns: name, the field of a struct that is the text, whether a list."""
        self._folding: dict[tuple[int, int], tuple[Any, list[str]]] | None = None
        """For each part and text column, the values Python folds (made once)."""
        self._held_texts: list[_Texts] | None = None
        """The texts searched, when every text column is held (made once, kept)."""

    def prepare(self) -> None:
        """Make what a search reads (the texts Python folds; the texts themselves when they
        are all held): once, on first use."""
        if self._folding is None:
            folding: dict[tuple[int, int], tuple[Any, list[str]]] = {}
            held = self._source.holds([name for name, _, _ in self._columns])
            for k, part in enumerate(self._parts()):
                texts_of_part = self._texts_of(part, None)
                if held:
                    self._held_texts = texts_of_part
                for j, texts in enumerate(texts_of_part):
                    folding[k, j] = (texts.by_python, texts.folded)
                del part
                # (each part's texts given back to the system before the next is read: Arrow's
                # allocator kept them, 0.4 GB more at the peak at ten million events)
                self._pa.default_memory_pool().release_unused()
            self._folding = folding

    def _parts(self) -> Any:
        """The text columns of every row, a part at a time (:data:`PART_ROWS` rows of a file:
        what a part's decoding takes at once is the peak of a search's first pass)."""
        return self._source.stream([name for name, _, _ in self._columns], part_rows=PART_ROWS)

    def _texts_of(self, part: Any, folding: Any) -> list[_Texts]:
        """The texts searched of one part (``folding``: the part's values Python folds,
        known already; ``None``: find them)."""
        from timeline._arrow_numpy import combined  # (numpy)

        pa = self._pa
        texts: list[_Texts] = []
        for j, (name, field, listed) in enumerate(self._columns):
            known = None if folding is None else folding[j]
            if not listed:
                texts.append(_Texts(pa, part.column(name), None, known))
                continue
            lists = combined(pa, part.column(name))
            values = lists.values  # (every value the offsets reach: under a null list too)
            if field is not None:
                index = values.type.get_field_index(field)
                if index < 0:
                    values = pa.nulls(len(values), pa.string())
                else:
                    values = values.flatten()[index]  # (a null struct: a null text)
            texts.append(_Texts(pa, values, lists, known))
        return texts

    def rows(
        self,
        words: Sequence[str],
        tags: frozenset[str] | None = None,
        statuses: frozenset[Status] | None = None,
    ) -> Any:
        """Which rows have every one of ``words`` (case-folded) in their texts, one of
        ``tags`` and one of ``statuses`` (``None``: any): a boolean array, by row."""
        from timeline._arrow_numpy import scalar, strings  # (numpy)

        pa, pc = self._pa, self._pa.compute
        kept: Any = None
        if statuses is not None:
            wanted = strings(pa, [s.value for s in sorted(statuses)])
            if "status" in self._names:
                happened = scalar(pa, Status.HAPPENED.value, pa.string())
                given = pc.fill_null(self._held.column("status"), happened)
                kept = pc.is_in(given, value_set=wanted)
            elif Status.HAPPENED not in statuses:  # (every event happened)
                kept = self._none()
        if tags is not None:
            wanted_tags = strings(pa, sorted(tags))
            kept = _and(pc, kept, self._rows_of_lists("tags", lambda v: pc.is_in(v, wanted_tags)))
        if words:
            if not all(map(_encodable, words)):  # (a lone surrogate: in no text of UTF-8)
                return self._none()
            self.prepare()
            kept = _and(pc, kept, self._words(words))
        return pc.invert(self._none()) if kept is None else kept

    def _words(self, words: Sequence[str]) -> Any:
        """Which rows have every one of ``words`` in their texts."""
        pa, pc = self._pa, self._pa.compute
        if not self._columns:
            return self._none()
        assert self._folding is not None
        unlike = [_unlike(pa, word) for word in words]
        found: list[Any] = []
        parts = [None] if self._held_texts is not None else self._parts()
        for k, part in enumerate(parts):
            texts = self._held_texts or self._texts_of(
                part, [self._folding[k, j] for j in range(len(self._columns))]
            )
            kept: Any = None
            for word, different in zip(words, unlike, strict=True):
                hits_of_word: Any = None
                for text in texts:
                    hits = text.found(word, different)
                    if text.rows is not None:
                        hits = _any_of_each(pa, text.rows, hits)
                    hits_of_word = hits if hits_of_word is None else pc.or_(hits_of_word, hits)
                kept = _and(pc, kept, hits_of_word)
            found.append(kept)
        if not found:
            return self._none()
        return pa.concat_arrays(found) if len(found) > 1 else found[0]

    def _none(self) -> Any:
        """No row, as a boolean array."""
        from timeline._arrow_numpy import from_numpy  # (numpy)

        n = self._source.num_rows
        return from_numpy(self._pa, [False] * n, self._pa.bool_())

    def _rows_of_lists(self, name: str, test: Callable[[Any], Any]) -> Any:
        """The rows with a value of list column ``name`` that passes ``test``."""
        if name not in self._names:
            return self._none()
        from timeline._arrow_numpy import combined, scalar  # (numpy)

        pa = self._pa
        lists = combined(pa, self._held.column(name))
        hits = pa.compute.fill_null(test(lists.values), scalar(pa, False, pa.bool_()))
        return _any_of_each(pa, lists, hits)


def _encodable(word: str) -> bool:
    """Whether ``word`` can be written in UTF-8, as every text of an Arrow string column is:
    one that cannot (a lone surrogate, which a search box can hand over) is in none of them."""
    try:
        word.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _any_of_each(pa: Any, lists: Any, hits: Any) -> Any:
    """Whether each list of ``lists`` has a value that ``hits`` (by value of its values) marks
    (a null list: none), at C speed: the marks counted up to each list's end."""
    from timeline._arrow_numpy import int64s, scalar  # (numpy)

    pc = pa.compute
    counted = pa.concat_arrays([int64s(pa, [0]), pc.cumulative_sum(pc.cast(hits, pa.int64()))])
    ends = counted.take(lists.offsets)
    found = pc.greater(pc.subtract(ends[1:], ends[:-1]), scalar(pa, 0, pa.int64()))
    return pc.and_(found, pc.is_valid(lists))


def _and(pc: Any, kept: Any, more: Any) -> Any:
    return more if kept is None else pc.and_(kept, more)
