"""``Timeline.to_pandas()`` and ``Timeline.to_arrow()``: one row per event, typed columns."""

from __future__ import annotations

import datetime as dt
import math
import sys

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import timeline
from tests.strategies import timelines
from timeline import Timeline
from timeline.tables import COLUMNS, _days, _days_one_by_one, derived_of

DATA = "data/events.toml"


def test_bundled_data_as_a_data_frame() -> None:
    tl = timeline.load(DATA)
    df = tl.to_pandas()
    assert list(df.columns) == list(COLUMNS)
    assert len(df) == len(tl)
    assert list(df["id"]) == [e.id for e in tl.events]
    assert str(df["earliest_day"].dtype) == "datetime64[s]"
    assert str(df["earliest"].dtype) == "datetime64[s, UTC]"
    rows = df.set_index("id")
    harvey = rows.loc["harvey-landfall"]  # 22:00 CDT on 25 August: 03:00 UTC on the 26th
    assert harvey["when"] == "2017-08-25T22:00"
    assert harvey["tz"] == "America/Chicago"
    assert harvey["earliest_day"] == pd.Timestamp("2017-08-25")
    assert harvey["earliest"] == pd.Timestamp("2017-08-26T03:00", tz="UTC")
    assert harvey["precision"] == "minute"
    safe_city = rows.loc["operation-safe-city"]
    assert (safe_city["earliest_day"], safe_city["latest_day"]) == (
        pd.Timestamp("2017-09-24"),
        pd.Timestamp("2017-09-27"),
    )
    assert pd.isna(safe_city["earliest"])  # days are no instants
    assert safe_city["status"] == "happened"
    assert "enforcement" in safe_city["tags"]
    assert "ice-release-2017-09-28" in safe_city["sources"]
    assert rows.loc["operation-mega"]["status"] == "cancelled"


def test_bundled_data_as_an_arrow_table() -> None:
    tl = timeline.load(DATA)
    table = tl.to_arrow()
    assert table.column_names == list(COLUMNS)
    assert table.num_rows == len(tl)
    assert table.schema.field("earliest_day").type == pa.date32()
    assert table.schema.field("latest").type == pa.timestamp("s", tz="UTC")
    assert table.schema.field("tags").type == pa.list_(pa.string())
    row = table.to_pylist()[[e.id for e in tl.events].index("harvey-landfall")]
    assert row["earliest_day"] == dt.date(2017, 8, 25)
    assert row["latest"] == dt.datetime(2017, 8, 26, 3, 0, tzinfo=dt.UTC)


def test_years_1_to_9999_and_open_ends() -> None:
    tl = timeline.loads(
        'title = "T"\n'
        '[[events]]\nid = "a"\ntitle = "A"\nwhen = "0001-01-01/.."\n'
        '[[events]]\nid = "b"\ntitle = "B"\nwhen = "../9999-12-31T23:59Z"\n'
    )
    df = tl.to_pandas().set_index("id")
    assert df.loc["a", "earliest_day"] == pd.Timestamp("0001-01-01")
    assert list(df.index) == ["b", "a"]  # (the one open at its start first)
    assert df["latest_day"].isna().tolist() == [False, True]
    assert df["earliest"].isna().tolist() == [True, True]  # open; a day
    assert df.loc["b", "latest"] == pd.Timestamp("9999-12-31T23:59", tz="UTC")
    rows = {r["id"]: r for r in tl.to_arrow().to_pylist()}
    assert rows["a"]["earliest_day"] == dt.date(1, 1, 1)
    assert rows["a"]["latest_day"] is None
    assert rows["b"]["latest_day"] == dt.date(9999, 12, 31)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(Timeline("t", [timeline.Event("a", "A", timeline.When.parse("../2000-01-01"))]))
@given(timelines(max_events=8))
def test_rows_and_bounds_match_the_events(tl: Timeline) -> None:
    df = tl.to_pandas()
    table = tl.to_arrow()
    assert list(df.columns) == list(COLUMNS) == table.column_names
    assert len(df) == len(tl) == table.num_rows
    for event, row in zip(tl.events, table.to_pylist(), strict=True):
        w = event.when
        assert row["id"] == event.id
        assert row["when"] == w.edtf
        assert row["earliest_day"] == w.earliest_day
        assert row["latest_day"] == w.latest_day
        if row["earliest"] is not None:
            assert w.earliest_time is not None
            assert row["earliest"] == w.earliest_time
        if row["latest"] is not None:
            assert row["latest"] == w.latest_time
        assert row["tags"] == list(event.tags)
    # (pandas' where(..., None) keeps NaT in a date column: read each cell instead)
    assert [None if pd.isna(d) else d.date() for d in df["earliest_day"]] == [
        e.when.earliest_day for e in tl.events
    ]


@pytest.mark.parametrize(
    ("method", "module", "extra"),
    [("to_pandas", "pandas", "pandas"), ("to_arrow", "pyarrow", "arrow")],
)
def test_a_missing_package_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, method: str, module: str, extra: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # as if not installed
    tl = timeline.load(DATA)
    with pytest.raises(ImportError, match=rf'pip install "edtf-timeline\[{extra}\]"'):
        getattr(tl, method)()


_KEYS = st.floats(min_value=-1e16, max_value=1e16, allow_nan=False)
_ANY_KEYS = st.floats(allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(_KEYS, _ANY_KEYS, st.just(-math.inf)),
            st.one_of(_KEYS, _ANY_KEYS, st.just(math.inf)),
        ),
        max_size=30,
    )
)
def test_days_of_a_whole_column_are_those_counted_one_by_one(
    keys: list[tuple[float, float]],
) -> None:
    lowers = [lo for lo, _ in keys]
    uppers = [hi for _, hi in keys]
    slow = _days_one_by_one(lowers, uppers)
    fast = _days(lowers, uppers)
    if all(abs(k) < 1e16 or math.isinf(k) for k in lowers + uppers):
        assert fast == slow  # (days within 64 bits: always by column)
    else:
        assert fast is None or fast == slow  # (too far: counted one by one instead)
    first, last = derived_of([]).get("earliest_day"), derived_of([]).get("latest_day")
    assert first == last == []


def test_a_day_too_far_for_64_bits_is_counted_one_by_one() -> None:
    far = 1e300  # (a year of about 3e292: a Python int holds its day)
    assert _days([far], [math.inf]) is None
    assert _days_one_by_one([far], [math.inf]) == ([int(far // 86400)], [None])
