"""The derived columns' fingerprint (:mod:`timeline._derived_print`): the same from the dates
as from the columns that agree with them, cut into parts anywhere; changed by any one value."""

from __future__ import annotations

import datetime as dt
from functools import cache
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pa = pytest.importorskip("pyarrow")
np = pytest.importorskip("numpy")

from timeline import _date_columns  # noqa: E402
from timeline._derived_print import COLUMNS, of_dates, of_table  # noqa: E402
from timeline.codec import from_data  # noqa: E402
from timeline.parquet_io import to_table  # noqa: E402
from timeline.when import When  # noqa: E402

N = 240


@cache
def _table_and_dates() -> tuple[Any, _date_columns.DateColumns]:
    """Generated events' table, and their dates as a phased load reads them."""
    from benchmarks.generate import document

    table = to_table(from_data(document(N)))
    texts, zones = table.column("when"), table.column("tz")
    dates = _date_columns.read_dates(pa, texts, zones)
    rows = dates.unknown()
    whens = [When.parse(texts[int(r)].as_py(), zones[int(r)].as_py()) for r in rows]
    dates.fill(rows.tolist(), whens)
    assert _date_columns.agrees(pa, table, dates)
    return table, dates


def _parts(cuts: list[int]) -> list[tuple[int, int]]:
    ends = sorted({0, N, *cuts})
    return list(pairwise(ends))


def _rows(dates: _date_columns.DateColumns, first: int, last: int) -> _date_columns.DateColumns:
    part = _date_columns.DateColumns(0)
    for name in _date_columns.DateColumns.__slots__:
        setattr(part, name, getattr(dates, name)[first:last])
    return part


@settings(max_examples=60, deadline=None)
@given(cuts=st.lists(st.integers(0, N), max_size=6), names=st.sets(st.sampled_from(COLUMNS)))
def test_the_dates_and_the_columns_give_one_fingerprint_however_cut(
    cuts: list[int], names: set[str]
) -> None:
    table, dates = _table_and_dates()
    dropped = [c for c in COLUMNS if c not in names]
    table = table.drop_columns(dropped)
    whole = of_dates(0, dates, names)
    assert of_table(pa, 0, table) == whole
    by_dates = sum(of_dates(a, _rows(dates, a, b), names) for a, b in _parts(cuts)) % 2**64
    by_table = sum(of_table(pa, a, table.slice(a, b - a)) or 0 for a, b in _parts(cuts)) % 2**64
    assert by_dates == by_table == whole


def _changed(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, str):
        return "second" if value != "second" else "minute"
    if isinstance(value, dt.datetime):
        return value + dt.timedelta(seconds=1)
    if isinstance(value, dt.date):
        return value - dt.timedelta(days=1)
    return dt.date(2000, 1, 1)  # (a day where none was: any other kind is an instant's)


@settings(max_examples=60, deadline=None)
@given(row=st.integers(0, N - 1), column=st.sampled_from(COLUMNS), absent=st.booleans())
def test_any_one_value_changed_changes_it(row: int, column: str, absent: bool) -> None:
    table, dates = _table_and_dates()
    values = table.column(column).to_pylist()
    before = values[row]
    if absent and column.startswith(("earliest", "latest")):
        values[row] = None
    elif before is None:
        kind = table.schema.field(column).type
        values[row] = dt.date(2000, 1, 1) if kind == pa.date32() else dt.datetime(2000, 1, 1)
    else:
        values[row] = _changed(before)
    if values[row] == before:
        return
    kind = table.schema.field(column).type
    column_at = table.schema.get_field_index(column)
    changed = table.set_column(column_at, column, pa.array(values, type=kind))
    assert of_table(pa, 0, changed) != of_dates(0, dates, COLUMNS)


def test_a_value_the_dates_cannot_give_has_no_fingerprint() -> None:
    table, _ = _table_and_dates()
    precision = table.column("precision").to_pylist()
    for wrong in (None, "fortnight"):
        precision[0] = wrong
        at = table.schema.get_field_index("precision")
        assert of_table(pa, 0, table.set_column(at, "precision", pa.array(precision))) is None
    at = table.schema.get_field_index("earliest")
    halves = pa.array([1500] * N, pa.timestamp("ms", tz="UTC"))  # (not whole seconds)
    assert of_table(pa, 0, table.set_column(at, "earliest", halves)) is None
