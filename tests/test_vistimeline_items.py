"""The events as vis-timeline items (benchmarks/vistimeline.py): the mapping, not the timing.

The benchmark itself needs Node and Chromium and is not run here.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmarks.vistimeline import POINT_MAX_S, extent, item, items, items_of
from timeline import dump, load, loads

DAY = 86400.0
T = 1_506_211_200.0  # 2017-09-24T00:00:00Z

TOML = """\
title = "Items"

[[events]]
id = "a-day"
title = "Court <rules> & appeals"
when = "2017-09-24"

[[events]]
id = "a-month"
title = "A month"
when = "2017-10"

[[events]]
id = "a-minute"
title = "A minute"
when = "2017-09-25T10:30"

[[events]]
id = "open-start"
title = "Open start"
when = "../2017-09-27"

[[events]]
id = "open-end"
title = "Open end"
when = "2017-09-26/.."
"""


def test_an_event_of_at_most_a_day_is_a_point_at_its_lower_bound() -> None:
    day = item("d", "D", T, T + DAY, first=T, last=T + DAY)
    minute = item("m", "M", T + 3600, T + 3660, first=T, last=T + DAY)
    assert day == {"id": "d", "content": "D", "start": 1_506_211_200_000, "type": "point"}
    assert minute["type"] == "point"
    assert minute["start"] == (T + 3600) * 1000
    assert "end" not in minute


def test_a_longer_event_is_a_range_between_its_bounds() -> None:
    got = item("r", "R", T, T + 2 * DAY, first=T, last=T + 2 * DAY)
    assert got == {
        "id": "r",
        "content": "R",
        "start": T * 1000,
        "end": (T + 2 * DAY) * 1000,
        "type": "range",
    }


def test_an_open_bound_runs_to_the_timelines_edge() -> None:
    first, last = T - 100 * DAY, T + 100 * DAY
    start_open = item("s", "S", -math.inf, T, first=first, last=last)
    end_open = item("e", "E", T, math.inf, first=first, last=last)
    assert (start_open["start"], start_open["end"]) == (first * 1000, T * 1000)
    assert (end_open["start"], end_open["end"]) == (T * 1000, last * 1000)


def test_the_title_is_escaped_as_vis_timeline_reads_content_as_html() -> None:
    assert item("x", "<b>A & B</b>", T, T, first=T, last=T)["content"] == (
        "&lt;b&gt;A &amp; B&lt;/b&gt;"
    )


def test_items_place_open_bounds_at_the_finite_extremes() -> None:
    got = items(
        ["a", "b", "c"], ["A", "B", "C"], [-math.inf, T, T + 5 * DAY], [T, T + DAY, math.inf]
    )
    assert got[0]["start"] == T * 1000  # the earliest finite bound; the event ends there
    assert got[0]["type"] == "point"
    assert got[2] == {
        "id": "c",
        "content": "C",
        "start": (T + 5 * DAY) * 1000,
        "type": "point",  # (its open end is placed at its own start: the latest bound)
    }
    assert extent(got) == (T * 1000, (T + 5 * DAY) * 1000)
    assert extent([]) == (0, 0)


def test_items_of_a_timeline_from_toml_and_from_parquet_agree(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    tl = loads(TOML)
    from_toml = items_of(tl)
    dump(tl, tmp_path / "t.parquet")
    from_columns = items_of(load(tmp_path / "t.parquet"))
    assert from_columns == from_toml
    by_id = {x["id"]: x for x in from_toml}
    assert [x["id"] for x in from_toml] == [e.id for e in tl.events]
    assert by_id["a-day"]["type"] == by_id["a-minute"]["type"] == "point"
    assert by_id["a-day"]["content"] == "Court &lt;rules&gt; &amp; appeals"
    assert by_id["a-month"]["type"] == "range"
    assert by_id["a-month"]["end"] - by_id["a-month"]["start"] == 31 * DAY * 1000
    lo, hi = extent(from_toml)
    assert by_id["open-start"]["start"] == lo
    assert by_id["open-end"]["end"] == hi == by_id["a-month"]["end"]


_BOUND = st.floats(min_value=-1e11, max_value=1e11)


@given(
    st.lists(
        st.tuples(st.one_of(_BOUND, st.just(-math.inf)), st.one_of(_BOUND, st.just(math.inf))),
        max_size=20,
    )
)
def test_every_item_starts_before_it_ends_and_is_a_point_only_if_short(
    bounds: list[tuple[float, float]],
) -> None:
    spans = [(lo, max(lo, hi)) for lo, hi in bounds]
    got = items(
        [str(i) for i in range(len(spans))],
        ["t"] * len(spans),
        [lo for lo, _ in spans],
        [hi for _, hi in spans],
    )
    for x, (lo, _) in zip(got, spans, strict=True):
        if x["type"] == "range":
            assert x["start"] < x["end"]
            assert x["end"] - x["start"] > POINT_MAX_S * 1000 - 1
        else:
            assert "end" not in x
        if not math.isinf(lo):
            assert x["start"] == round(lo * 1000)
