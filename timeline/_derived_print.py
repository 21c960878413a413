"""A fingerprint of the columns derived from ``when``: what lets a phased load compare them
with the dates after its first frame, without keeping either (issue 15).

A Parquet file holds, beside each event's EDTF text, the columns derived from it
(``precision``, ``uncertain``, ``approximate``, ``earliest_day``, ``latest_day``,
``earliest``, ``latest``), which must agree with it. A load that is not phased reads them
and compares them with the dates part by part (:func:`timeline._date_columns.agrees`); at
ten million events that is 2.3 s of CPU (1.2 s decoding them, 1.1 s comparing), which a
phased load no longer spends before the first frame. Its first phase, which reads the dates
for the keys anyway, sums :func:`of_dates` over its parts; its second phase
(:func:`timeline.complete`) sums :func:`of_table` over the columns the file holds; the two
must be equal.

The fingerprint is ``sum(x[r] * w(r)) mod 2**64`` over the rows, where ``x[r]`` is
``sum(K[c] * v[c][r])`` over the columns (``v``: each value as the dates give it, an absent
day or instant as :data:`ABSENT`) and ``w(r)`` a number made from the row's position
(splitmix64); every ``K[c]`` and ``w(r)`` is odd. A sum: the parts may be cut anywhere. One
value changed always changes it (an odd number times a difference that is not 0 mod 2**64
is not 0 mod 2**64); values changed in several places leave it unchanged with a chance of
about one in 2**64. A column the file cannot give as the dates do (a null where a value is
required, a precision not in the list, an instant not in whole seconds) has no fingerprint
(``None``): it disagrees, as :func:`~timeline._date_columns.agrees` says.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any, Final

import numpy as np

from timeline._arrow_numpy import scalar, strings, to_numpy, validity
from timeline._date_columns import PRECISION_NAMES
from timeline.parquet_source import DERIVED

if TYPE_CHECKING:
    import numpy.typing as npt

    from timeline._date_columns import DateColumns

    Words = npt.NDArray[np.uint64]

__all__ = ["ABSENT", "COLUMNS", "of_dates", "of_table"]

COLUMNS: Final = DERIVED
"""The columns derived from ``when``, in the order of their factors."""

ABSENT: Final = -(2**63)
"""An absent day or instant (no value either can have)."""

_FACTORS: Final = tuple(
    np.uint64((0x9E3779B97F4A7C15 + 2 * k * 0xD1B54A32D192ED03) % 2**64 | 1)
    for k in range(len(COLUMNS))
)
_GOLDEN: Final = np.uint64(0x9E3779B97F4A7C15)
_MIX_1: Final = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2: Final = np.uint64(0x94D049BB133111EB)


def _weights(first: int, n: int) -> Words:
    """``w(r)`` of rows ``first`` to ``first + n``: splitmix64 of the position, made odd."""
    z = np.arange(first, first + n, dtype=np.uint64)
    z *= _GOLDEN
    z += _GOLDEN
    z ^= z >> np.uint64(30)
    z *= _MIX_1
    z ^= z >> np.uint64(27)
    z *= _MIX_2
    z ^= z >> np.uint64(31)
    z |= np.uint64(1)
    return z


def _print(first: int, columns: list[tuple[int, Any]]) -> int:
    """The fingerprint of rows from ``first`` whose columns (by factor) are ``columns``."""
    if not columns:
        return 0
    n = len(columns[0][1])
    x = np.zeros(n, np.uint64)
    for k, values in columns:
        x += np.asarray(values).astype(np.int64, copy=False).view(np.uint64) * _FACTORS[k]
    x *= _weights(first, n)
    return int(x.sum(dtype=np.uint64))


def of_dates(first: int, dates: DateColumns, names: Collection[str]) -> int:
    """The fingerprint of the derived columns ``names`` of rows from ``first``, as their
    dates ``dates`` (every row known) give them."""
    given = {
        "precision": dates.precision,
        "uncertain": dates.uncertain,
        "approximate": dates.approximate,
        "earliest_day": np.where(dates.has_first_day, dates.first_day, ABSENT),
        "latest_day": np.where(dates.has_last_day, dates.last_day, ABSENT),
        "earliest": np.where(dates.has_earliest, dates.earliest, ABSENT),
        "latest": np.where(dates.has_latest, dates.latest, ABSENT),
    }
    return _print(first, [(k, given[c]) for k, c in enumerate(COLUMNS) if c in names])


def of_table(pa: Any, first: int, table: Any) -> int | None:
    """The fingerprint of the derived columns ``table`` holds (rows from ``first``), as the
    file gives them; ``None`` when one cannot be read as the dates give it."""
    pc = pa.compute
    names = set(table.schema.names)
    columns: list[tuple[int, Any]] = []
    for k, name in enumerate(COLUMNS):
        if name not in names:
            continue
        given = table.column(name)
        if name == "precision":
            if given.null_count:
                return None
            codes = pc.index_in(given, value_set=strings(pa, PRECISION_NAMES))
            if codes.null_count:
                return None
            columns.append((k, to_numpy(pa, codes)))
        elif name in ("uncertain", "approximate"):
            if given.null_count:
                return None
            columns.append((k, to_numpy(pa, given)))
        else:
            day = name.endswith("_day")
            kinds = (pa.date32(), pa.int32()) if day else (pa.timestamp("s", tz="UTC"), pa.int64())
            try:
                for kind in kinds:
                    given = given.cast(kind)
            except pa.ArrowInvalid:
                return None  # (not whole seconds)
            present = validity(given)
            filled = pc.fill_null(given, scalar(pa, 0, given.type))
            values = np.asarray(to_numpy(pa, filled), np.int64)
            columns.append((k, np.where(present, values, ABSENT)))
    return _print(first, columns)
