"""Checks of whole Arrow columns against the loader's rules, for the Parquet loader
(:mod:`timeline.parquet_columns`): each at C speed where Arrow can, each distinct value once
where a rule must be asked; a value refused raises :class:`_RefusedError`, and the caller reads
the table again row by row, which names each problem."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any, Final

from timeline import rules
from timeline.rules import MAX_SHORT_TEXT

__all__ = ["ColumnChecks", "one_array"]

_ID_REGEX: Final = f"^(?:{rules.ID_PATTERN.pattern})$"
"""The id rule's pattern for Arrow's regular expressions (RE2: the same for this one)."""


def one_array(values: Any) -> Any:
    """A chunked column as one array (itself, when it has one chunk: no copy)."""
    return values.combine_chunks() if values.num_chunks != 1 else values.chunk(0)


class _RefusedError(Exception):
    """A check failed: the row-by-row path reads the table and says what is wrong."""


class ColumnChecks:
    """The checks of whole columns of :attr:`table` (Arrow ``pa``, its compute functions
    ``pc``; numpy and the string helpers from ``date_columns``)."""

    pa: Any
    pc: Any
    table: Any
    date_columns: Any

    def _column(self, column: str, table: Any = None) -> Any:
        table = self.table if table is None else table
        return table.column(column) if column in table.schema.names else None

    def _present(self, values: Any) -> None:
        """Every value given (a required one)."""
        if values is None or values.null_count:
            raise _RefusedError

    @staticmethod
    def _good(rule: Callable[[object], str | None], values: Iterable[object]) -> None:
        """``rule`` accepts each of ``values`` (give the distinct ones)."""
        if any(map(rule, values)):
            raise _RefusedError

    def _all(self, values: Any) -> bool:
        """True when every value that is not null is true (and when there is none)."""
        return self.pc.all(values, skip_nulls=True, min_count=0).as_py() is True

    def _distinct(self, values: Any) -> list[Any]:
        distinct: list[Any] = self.pc.unique(values).to_pylist()
        return distinct

    def _strings(self, column: str) -> Any:
        """A column of strings as one Arrow array of ``string`` (whatever its layout): the
        held column itself when it is one already (``combine_chunks`` of one chunk copies
        it: the ids and titles of ten million events, 0.77 GB, were held twice)."""
        return self.date_columns.string_array(self.pa, one_array(self.table.column(column)))

    def _identifiers(self, values: Any) -> None:
        """Each of ``values`` an id (:func:`rules.identifier`'s rule, its pattern in Arrow)."""
        if self._longer(values, rules.MAX_ID):
            raise _RefusedError
        if not self._all(self.pc.match_substring_regex(values, _ID_REGEX)):
            raise _RefusedError

    def _names(self, values: Any) -> None:
        """Each of ``values`` a name (:func:`rules.name`'s rule): one with a letter or digit
        of ASCII is not blank; the others are asked of the rule."""
        pc = self.pc
        if self._longer(values, MAX_SHORT_TEXT):
            raise _RefusedError
        others = values.filter(pc.invert(pc.match_substring_regex(values, "[0-9A-Za-z]")))
        if not rules.all_names(others.to_pylist()):
            raise _RefusedError

    def _text(self, values: Any, limit: int) -> None:
        """Null or a text of at most ``limit`` characters (:func:`rules.text`'s rule)."""
        if values is None or len(values) == values.null_count:
            return
        if self._longer(values, limit):
            raise _RefusedError

    def _longer(self, values: Any, limit: int) -> bool:
        """Whether a text of ``values`` has more than ``limit`` characters: none when none
        has more bytes (read from the offsets), else counted."""
        if self._most_bytes(values) <= limit:
            return False  # (no text has more characters than bytes)
        longest = self.pc.max(self.pc.utf8_length(values)).as_py()
        return longest is not None and longest > limit

    def _most_bytes(self, values: Any) -> float:
        """The most bytes a text of ``values`` (strings) can have, read from its offsets
        (a null's too, and infinity for a layout without offsets): at C speed, where
        counting the characters reads every byte (200 MB of summaries at 1M events)."""
        np = self.date_columns.np
        types = self.pa.types
        most = 0
        for chunk in values.chunks if isinstance(values, self.pa.ChunkedArray) else [values]:
            kind = chunk.type
            if not (types.is_string(kind) or types.is_large_string(kind)):
                return math.inf
            width = np.int64 if types.is_large_string(kind) else np.int32
            offsets = np.frombuffer(chunk.buffers()[1], width)
            offsets = offsets[chunk.offset : chunk.offset + len(chunk) + 1]
            if len(offsets) > 1:
                most = max(most, int(np.diff(offsets).max()))
        return most
