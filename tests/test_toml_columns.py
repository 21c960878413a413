"""A big TOML file loads into columns (issue 15): its events checked as they are parsed,
their dates read a whole column at a time, each ``Event`` made when asked for.

The column-backed timeline must agree with the tuple-backed one of the same file
(read row by row) in every public operation (:func:`tests.test_columns._agree`),
and every file the row-by-row path refuses is refused with the same messages.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

pytest.importorskip("numpy")
pytest.importorskip("pyarrow")

from tests.strategies import timelines
from tests.test_columns import _agree
from timeline import Timeline, TimelineLoadError, _files, dumps, load, loads, toml_io
from timeline import _toml_columns as toml_columns
from timeline.codec import Decoder
from timeline.columns import EventColumns, Whens

DATA = Path(__file__).resolve().parent.parent / "data" / "events.toml"


@pytest.fixture
def columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every document, however small, is read into columns first."""
    monkeypatch.setattr(toml_columns, "COLUMNS_FROM", 0)


def _row_by_row(text: str) -> Timeline:
    return toml_io._pieces(text, None, Decoder)


def _both(text: str) -> tuple[Timeline, Timeline]:
    fast = loads(text)
    slow = _row_by_row(text)
    assert isinstance(fast.events, EventColumns)
    assert type(slow.events) is tuple
    return fast, slow


def test_the_sample_data_agrees_in_every_operation(columns: None) -> None:
    _agree(*_both(DATA.read_text(encoding="utf-8")))


def test_generated_events_agree_in_every_operation(columns: None) -> None:
    from benchmarks.generate import document
    from timeline.codec import from_data

    fast, slow = _both(dumps(from_data(document(400))))
    _agree(fast, slow)
    assert all(a == b for a, b in zip(fast.events, slow.events, strict=True))
    assert all(a.when == b.when for a, b in zip(fast.events, slow.events, strict=True))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(tl=timelines())
def test_load_of_dumps_is_the_timeline_as_columns(tl: Timeline, columns: None) -> None:
    fast, slow = _both(dumps(tl))
    _agree(fast, slow)
    assert fast == tl


def test_a_top_too_deep_for_toml_rs_with_eras_after_its_sources_still_loads_in_pieces(
    columns: None,
) -> None:
    """Its sources are cut off to be parsed as a run; the eras after them made that run
    refused, and the whole document was read again row by row (found by hypothesis)."""
    tl = loads(
        'title = "t"\n\n[[sources]]\nid = "s"\ntitle = "S"\n\n'
        f'[[eras]]\ntitle = "{"[" * 300}"\nwhen = "2017/2018"\n\n'
        '[[events]]\nid = "a"\ntitle = "A"\nwhen = "2017-01-01"\n'
    )
    fast, slow = _both(dumps(tl))
    _agree(fast, slow)
    assert fast == tl
    assert fast.eras[0].title == "[" * 300


def test_a_big_file_loads_into_columns_and_makes_only_what_is_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from benchmarks.generate import document
    from timeline.codec import from_data

    path = tmp_path / "big.toml"
    path.write_text(dumps(from_data(document(3000))), encoding="utf-8")
    monkeypatch.setattr(toml_columns, "COLUMNS_FROM", path.stat().st_size)  # (just long enough)
    tl = load(path)
    events = tl.events
    assert isinstance(events, EventColumns)
    assert isinstance(events.whens, Whens)
    assert tl.span() is not None
    assert tl.tags()
    assert tl.keys()
    assert events.made() == 0
    assert events.whens.made() == 2  # (the span's first and last)
    assert events.title(1500) == events[1500].title
    assert events.made() == 1
    assert events.source.statuses() == frozenset(e.status for e in tl)


def test_a_timeline_loaded_into_columns_keeps_not_the_file_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, columns: None
) -> None:
    # (the decoder keeps the bytes for its messages' lines; the timeline kept the decoder
    # through its dates' parser: at 100k events 47 MB held while the timeline lived)
    path = tmp_path / "events.toml"
    path.write_bytes(DATA.read_bytes())
    read: list[bytes] = []

    def reading(target: str, limit: int) -> bytes:
        raw = _files.read_regular(target, limit)
        read.append(raw)
        return raw

    monkeypatch.setattr(toml_io, "read_regular", reading)
    tl = load(path)
    assert isinstance(tl.events, EventColumns)
    gc.collect()
    (raw,) = read
    assert [r for r in gc.get_referrers(raw) if r is not read] == []
    assert not [o for o in gc.get_objects() if isinstance(o, Decoder)]
    # and the dates it makes later still come, from the shared values alone
    assert [e.when for e in tl.events] == [e.when for e in load(DATA).events]


def test_the_size_alone_chooses_columns_whatever_was_imported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # (the old rule read columns from 1 MB when pyarrow and pandas happened to be imported,
    # from 32 MB when they were not: the same load took another path in another process)
    sizes = [1 << 20, 4 << 20, toml_columns.COLUMNS_FROM - 1, toml_columns.COLUMNS_FROM, 40 << 20]
    chosen = [toml_columns.worth_it(size) for size in sizes]
    assert chosen == [False, False, False, True, True]
    monkeypatch.setattr(toml_columns, "available", lambda: True)  # (imported again: not safe)
    for name in ("pyarrow", "pandas", "numpy"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    assert [toml_columns.worth_it(size) for size in sizes] == chosen


def test_a_small_file_and_no_numpy_load_row_by_row(monkeypatch: pytest.MonkeyPatch) -> None:
    text = DATA.read_text(encoding="utf-8")
    assert type(loads(text).events) is tuple  # (under the threshold)
    monkeypatch.setattr(toml_columns, "COLUMNS_FROM", 0)
    assert isinstance(loads(text).events, EventColumns)
    monkeypatch.setattr(toml_columns, "available", lambda: False)
    assert type(loads(text).events) is tuple
    assert loads(text) == _row_by_row(text)


_GOOD = """title = "T"

[[sources]]
id = "s"
title = "A source"

[[events]]
id = "a"
title = "First"
when = "2017-09-24"
related = [{kind = "follows", event = "b"}]

[[events]]
id = "b"
title = "Second"
when = "2017-09-25T10:00"
tz = "Europe/Paris"

[[events.sources]]
source = "s"
reported = "2017-09-24"
"""

_BAD = {
    "bad date": ('when = "2017-09-24"', 'when = "2017-13-40"'),
    "date not a string": ('when = "2017-09-24"', "when = 2017"),
    "missing date": ('when = "2017-09-24"\n', ""),
    "date the column reader leaves": ('when = "2017-09-24"', 'when = "2017-02-29"'),
    "set with a bad member": ('when = "2017-09-24"', 'when = "[2017-09-24, 2017-02-30]"'),
    "bad zone": ('tz = "Europe/Paris"', 'tz = "Europe/Nowhere"'),
    "time missing in its zone": (
        'when = "2017-09-25T10:00"',
        'when = "2017-03-26T02:30"',
    ),
    "bad id": ('id = "a"', 'id = "A a"'),
    "duplicate id": ('id = "b"', 'id = "a"'),
    "unknown source": ('source = "s"', 'source = "t"'),
    "unknown link": ('event = "b"', 'event = "c"'),
    "bad reported date": ('reported = "2017-09-24"', 'reported = "2017-99"'),
    "unknown key": ('title = "First"', 'title = "First"\nwhen_ = "x"'),
    "bad title": ('title = "First"', 'title = "  "'),
    # (the one-value fields are checked a column at a time first: each refusal there
    # leaves the run to the decoder's checks of each event, which word the problem)
    "title not a string": ('title = "First"', "title = 1"),
    "title too long": ('title = "First"', f'title = "{"x" * 1001}"'),
    "id not a string": ('id = "a"', "id = 1"),
    "id too long": ('id = "a"', f'id = "{"a" * 201}"'),
    "id missing": ('id = "a"\n', ""),
    "bad status": ('title = "First"', 'title = "First"\nstatus = "maybe"'),
    "status an array": ('title = "First"', 'title = "First"\nstatus = ["happened"]'),
    "summary not a string": ('title = "First"', 'title = "First"\nsummary = 3'),
    "zone not a string": ('tz = "Europe/Paris"', "tz = 1"),
    "zone an array": ('tz = "Europe/Paris"', 'tz = ["Europe/Paris"]'),
    "title an inline table": ('title = "First"', "title = {a = 1}"),
}


@pytest.mark.parametrize("kind", sorted(_BAD))
def test_every_kind_of_bad_event_is_refused_with_the_row_by_row_message(
    kind: str, columns: None
) -> None:
    old, new = _BAD[kind]
    assert old in _GOOD
    text = _GOOD.replace(old, new, 1)
    with pytest.raises(TimelineLoadError) as slow:
        _row_by_row(text)
    with pytest.raises(TimelineLoadError) as fast:
        loads(text)
    assert str(fast.value) == str(slow.value)
    assert fast.value.problems == slow.value.problems


def test_the_good_document_of_those_loads_into_columns(columns: None) -> None:
    fast, slow = _both(_GOOD)
    _agree(fast, slow)


def test_good_events_are_checked_a_column_at_a_time(
    columns: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the events of a good run never go through the decoder's check of one event
    def one_at_a_time(*args: object) -> None:
        raise AssertionError("an event checked on its own")

    monkeypatch.setattr(toml_columns.ColumnReader, "_event", one_at_a_time)
    fast = loads(_GOOD)
    assert isinstance(fast.events, EventColumns)
    assert fast == _row_by_row(_GOOD)
    with pytest.raises(AssertionError, match="on its own"):  # a bad one still is
        loads(_GOOD.replace('title = "First"', 'title = "  "', 1))


def test_strings_are_arrow_arrays_of_any_text() -> None:
    pa = pytest.importorskip("pyarrow")
    np = pytest.importorskip("numpy")
    values = ["2017", "", "Zürich", "東京", None, "x"]
    given = [v is not None for v in values]
    array = toml_columns._strings(pa, np, values, given)
    assert array.to_pylist() == values
    texts = [v or "" for v in values]
    assert toml_columns._strings(pa, np, texts).to_pylist() == texts
