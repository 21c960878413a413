"""The columnar timeline (issue 15): a Parquet file loads into events held as columns.

A column-backed timeline must agree with the tuple-backed one of the same file
(read row by row through the codec) in every public operation, make only the
events asked for, and refuse at load every file the row-by-row path refuses,
with the same messages.
"""

from __future__ import annotations

import copy
import math
import pickle
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from tests.strategies import timelines  # noqa: E402
from timeline import (  # noqa: E402
    Event,
    Timeline,
    TimelineError,
    TimelineLoadError,
    When,
    dump,
    dumps,
    edit,
    load,
    loads,
    parquet_io,
    rules,
)
from timeline._placed_rows import PlacedRows  # noqa: E402
from timeline.codec import to_data  # noqa: E402
from timeline.columns import (  # noqa: E402
    EventColumns,
    Made,
    Whens,
    brief,
    citing_positions,
    citing_source_positions,
    disagreeing_reports,
    link_kinds_of,
    linking_positions,
    links_of,
    statuses_of,
    tag_counts_of,
    titles_of,
)
from timeline.ops import matching_ids, matching_positions  # noqa: E402
from timeline.parquet_io import to_table  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "data" / "events.toml"


def _both(path: Path) -> tuple[Timeline, Timeline]:
    """The timeline of the Parquet file at ``path`` as columns, and read row by row."""
    fast = load(path)
    slow = parquet_io._Reader(str(path), pa, pq.read_table(path)).timeline(as_columns=False)
    assert isinstance(fast.events, EventColumns)
    assert type(slow.events) is tuple
    return fast, slow


def _agree(fast: Timeline, slow: Timeline, *, edited: bool = False) -> None:
    """Every public operation gives the same answer on both; ``edited``: ``fast`` is held as
    columns after edits (some events made, and the kinds of link those edits took out may
    still be named: :meth:`timeline._edited_columns.EditedRows.link_kinds`)."""
    assert isinstance(fast.events, EventColumns)
    made = fast.events.made()
    assert edited or made == 0
    # answered from the columns, no event made
    assert len(fast) == len(slow)
    assert repr(fast) == repr(slow)
    assert fast.keys() == slow.keys()
    assert fast.keys("Asia/Kolkata") == slow.keys("Asia/Kolkata")
    assert fast.span() == slow.span()
    assert fast.tags() == slow.tags()
    assert fast.index.overlapping(-math.inf, math.inf) == slow.index.overlapping(
        -math.inf, math.inf
    )
    ids = [e.id for e in slow]
    for event_id in ids:
        assert event_id in fast
        assert fast.position(event_id) == slow.position(event_id)
    assert "no-such-event" not in fast
    # what a viewer asks of every event (timeline.columns: one function, two answers)
    questions = (
        tag_counts_of,
        statuses_of,
        citing_positions,
        disagreeing_reports,
        titles_of,
    )
    for question in questions:
        assert question(fast.events) == question(slow.events)
    for targets in [(), *((e.id, "no-such-event") for e in slow)][:6]:
        assert linking_positions(fast.events, targets) == linking_positions(slow.events, targets)
    for cited in [(), *((s.id, "no-such-source") for s in slow.sources)][:4]:
        citing = citing_source_positions(fast.events, cited)
        assert citing == citing_source_positions(slow.events, cited)
    assert linking_positions(slow.events, [e.id for e in slow]) == [
        p for p, e in enumerate(slow) if e.related
    ]
    kinds = link_kinds_of(fast.events)
    assert set(kinds) >= set(link_kinds_of(slow.events))
    assert kinds == sorted(kinds)
    assert edited or kinds == link_kinds_of(slow.events)
    for zone in (None, "Asia/Kolkata"):  # the ghosts' spans, from the columns or the dates
        ghosts = disagreeing_reports(fast.events).spans(zone)
        assert ghosts == disagreeing_reports(slow.events).spans(zone)
    for text in _queries(slow):  # the search, at C speed, as through the search texts
        for tag in (None, *slow.tags()[:1]):
            for status in (None, "happened", ["planned", "disputed"]):
                found = matching_ids(fast, text=text, tag=tag, status=status)
                assert found == matching_ids(slow, text=text, tag=tag, status=status)
                at = matching_positions(fast, text=text, tag=tag, status=status)
                assert at == matching_positions(slow, text=text, tag=tag, status=status)
                assert (at is None) == (found is None)
                assert found is None or at == sorted(slow.position(i) for i in found)
    assert fast.events.made() == made
    assert disagreeing_reports(slow.events) == [
        (p, e.conflicting[0].source, e.conflicting[0].reported)
        for p, e in enumerate(slow)
        if e.conflicting
    ]
    assert citing_positions(slow.events) == [p for p, e in enumerate(slow) if e.sources]
    # by id and by position
    for event_id in ids:
        assert fast[event_id] == slow[event_id]
    with pytest.raises(KeyError, match="no event with id 'no-such-event'"):
        fast["no-such-event"]
    for event in slow.events[:5]:
        for mode in ("may", "certain"):
            window = (event.when.start or event.when, event.when.end or event.when)
            if window[0] is not None and window[1] is not None:
                assert fast.between(*window, mode=mode) == slow.between(*window, mode=mode)
    assert fast.between() == slow.between()
    assert fast.between(tz="Asia/Kolkata") == slow.between(tz="Asia/Kolkata")
    if slow.events:
        assert fast.events[0] == slow.events[0]
        assert fast.events[-1] == slow.events[-1]
        assert fast.events[1:3] == slow.events[1:3]
        assert fast.events.index(slow.events[-1]) == len(slow) - 1
        assert slow.events[0] in fast.events
    # the whole: equal, hashed and pickled as the tuple-backed timeline
    assert list(fast) == list(slow)
    assert fast.events == slow.events
    assert slow.events == fast.events
    assert fast.events + () == slow.events  # noqa: RUF005 (the operator itself)
    assert () + fast.events == slow.events  # noqa: RUF005
    assert fast == slow
    assert slow == fast
    assert not fast != slow  # noqa: SIM202 (the operator itself)
    assert hash(fast) == hash(slow)
    assert pickle.loads(pickle.dumps(fast)) == slow
    assert copy.deepcopy(fast) == slow
    assert fast.conflicts() == slow.conflicts()
    assert fast.cited_sources() == slow.cited_sources()
    assert fast.search_texts() == slow.search_texts()
    assert to_data(fast) == to_data(slow)
    assert dumps(fast) == dumps(slow)
    assert loads(dumps(fast)) == fast
    assert fast.to_arrow().equals(slow.to_arrow())
    assert to_table(fast).equals(to_table(slow))  # (the Parquet writer's, from the columns)
    # operations that make a new timeline
    for tag in slow.tags()[:2]:
        assert fast.filter(tag=tag) == slow.filter(tag=tag)
    assert fast.filter(status="planned") == slow.filter(status="planned")
    assert fast.subset(ids[:2]) == slow.subset(ids[:2])
    assert fast.merge(slow).timeline == slow
    assert not fast.diff(slow)
    assert fast.group_by("status") == slow.group_by("status")
    assert fast.group_by("tag") == slow.group_by("tag")
    if ids:
        removed = edit.apply(fast, edit.remove_event(fast, ids[0], unlink=True))
        assert removed == edit.apply(slow, edit.remove_event(slow, ids[0], unlink=True))
        event = Event("added-by-the-test", "Added", When.parse("2017-09-24"))
        assert edit.apply(fast, edit.add_event(fast, event)) == edit.apply(
            slow, edit.add_event(slow, event)
        )


def _queries(tl: Timeline) -> list[str | None]:
    """Searches of some of ``tl``'s texts (in other cases), and of none."""
    queries: list[str | None] = [None, "", "no-such-word-anywhere", "e", "-"]
    for event in tl.events[:: max(1, len(tl) // 5)]:
        texts = [event.id, event.title, event.summary, *event.tags]
        texts += [p.name for p in event.places] + [p.name for p in event.people]
        texts += [c.quote or "" for c in event.sources]
        words = " ".join(texts).split()
        if words:
            queries += [words[0].upper(), words[-1][1:].title(), " ".join(words[1:3])]
            queries.append(f"{words[-1]} {event.id}")
    return queries


def test_the_sample_data_agrees_in_every_operation(tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    dump(load(DATA), path)
    fast, slow = _both(path)
    _agree(fast, slow)
    assert disagreeing_reports(fast.events)  # (the sample has ghosts: the check can fail)
    assert len(statuses_of(fast.events)) > 1


def test_generated_events_agree_in_every_operation(tmp_path: Path) -> None:
    from benchmarks.generate import document
    from timeline.codec import from_data

    path = tmp_path / "generated.parquet"
    dump(from_data(document(400)), path)
    fast, slow = _both(path)
    _agree(fast, slow)
    assert all(a == b for a, b in zip(fast.events, slow.events, strict=True))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(tl=timelines())
def test_a_column_backed_timeline_agrees_with_the_tuple_backed_one(
    tl: Timeline, tmp_path: Path
) -> None:
    path = tmp_path / "t.parquet"
    dump(tl, path, force=True)
    fast, slow = _both(path)
    _agree(fast, slow)
    assert fast == tl


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(tl=timelines(), data=st.data())
def test_rows_in_any_order_load_in_chronological_order(
    tl: Timeline, data: st.DataObject, tmp_path: Path
) -> None:
    """A file written in order (timeline.dump) is kept in its order; one in any other order
    is sorted, as the row-by-row read sorts it."""
    path = tmp_path / "t.parquet"
    dump(tl, path, force=True)
    table = pq.read_table(path)
    rows = data.draw(st.permutations(range(table.num_rows)))
    pq.write_table(table.take(pa.array(rows, pa.int64())), path)
    fast, slow = _both(path)
    assert fast == slow == tl
    assert isinstance(fast.events, EventColumns)
    assert list(fast.events.ids) == [e.id for e in tl.events]
    # (a file in order: each position its own row, no array of them made; ids are unique,
    # so any other order of the rows is out of order)
    assert isinstance(fast.events.rows, PlacedRows) is (rows == sorted(rows))
    assert list(fast.events.rows) == sorted(range(len(rows)), key=rows.__getitem__)


def test_a_day_s_events_in_the_wrong_order_of_ids_are_sorted(tmp_path: Path) -> None:
    """Bounds in order but a tie of ids the wrong way round: sorted, not kept."""
    day = When.parse("2017-09-24")
    tl = Timeline("t", [Event(i, i.upper(), day) for i in ("a", "b", "c")])
    path = tmp_path / "t.parquet"
    table = to_table(tl)
    pq.write_table(table.take(pa.array([0, 2, 1])), path)  # a, c, b
    loaded = load(path)
    assert isinstance(loaded.events, EventColumns)
    assert list(loaded.events.ids) == ["a", "b", "c"]
    assert loaded == tl


@given(st.lists(st.integers(-2, 2)), st.lists(st.integers(-12, 12), max_size=30))
def test_items_made_on_use_are_made_once_and_stand_for_their_list(
    values: list[int], asked: list[int]
) -> None:
    made_at: list[int] = []

    def make(p: int) -> int:
        made_at.append(p)
        return values[p]

    items = Made(len(values), make)
    for p in asked:
        if -len(values) <= p < len(values):
            assert items[p] == values[p]
        else:
            with pytest.raises(IndexError):
                items[p]
    assert items.made() == len(made_at) == len(set(made_at))  # each made once, when asked
    assert all(0 <= p < len(values) for p in made_at)  # (a negative position counts back)
    positions = [p % len(values) for p in asked] if values else []
    assert items.picked(positions) == [values[p] for p in positions]  # (0 is kept, not remade)
    assert items[1:-1] == values[1:-1]
    assert items == values
    assert values == items
    assert hash(items) == hash(tuple(values))
    assert sorted(made_at) == list(range(len(values)))
    assert items.made() == len(values)


def test_items_not_made_take_no_room() -> None:
    # ten million events and their dates not made: no list of ten million places each
    # (160 MB in a viewer that makes the few it draws)
    import sys

    items = Made(10_000_000, lambda p: -p)
    assert sys.getsizeof(items._made) < 4096
    assert items[-1] == -9_999_999
    assert items.get(9_999_999) == -9_999_999
    assert items.get(5) is None
    assert items.made() == 1
    assert items.picked([3, 9_999_999, 3]) == [-3, -9_999_999, -3]
    assert items.made() == 2


def test_only_the_events_asked_for_are_made(tmp_path: Path) -> None:
    from benchmarks.generate import document
    from timeline.codec import from_data

    path = tmp_path / "generated.parquet"
    dump(from_data(document(1000)), path)
    tl = load(path)
    events = tl.events
    assert isinstance(events, EventColumns)
    assert len(tl) == 1000
    assert tl.span() is not None
    assert tl.tags()
    tl.index.overlapping(0.0, 1.0)
    assert tl.keys()
    assert events.made() == 0
    assert isinstance(events.whens, Whens)
    assert events.whens.made() == 2  # (the span's first and last: the others on access)
    assert events.title(500) == events[500].title
    assert events.made() == 1
    some = tl.events[500]
    assert tl[some.id] is some
    assert events.made() == 1
    found = tl.between("2017-09-24", "2017-09-24")
    assert events.made() == 1 + len({e.id for e in found} - {some.id})
    assert sum(1 for _ in tl) == 1000  # iteration makes them all, once
    assert events.made() == 1000
    assert tl.events[500] is some


# -- a file read a part at a time: the big columns checked in parts, read back on access


def _in_parts(monkeypatch: pytest.MonkeyPatch, rows: int) -> None:
    """Make a file's load check ``rows`` rows at a time and read back blocks of half that."""
    from timeline import parquet_source

    monkeypatch.setattr(parquet_source, "PART_ROWS", rows)
    monkeypatch.setattr(parquet_source, "HOLD_BYTES", 0)  # (the summaries... read back)
    monkeypatch.setattr(parquet_source, "BLOCK_ROWS", max(1, rows // 2))
    monkeypatch.setattr(parquet_source, "GROUPS", 1)


def test_a_file_checked_and_read_back_in_parts_agrees(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from benchmarks.generate import document
    from timeline import parquet_columns
    from timeline.codec import from_data
    from timeline.parquet_source import HELD

    _in_parts(monkeypatch, 64)
    monkeypatch.setattr(parquet_columns, "_DENSE", 3)  # (then blocks of rows)
    path = tmp_path / "generated.parquet"
    pq.write_table(to_table(from_data(document(400))), path, row_group_size=100)
    assert pq.ParquetFile(path).num_row_groups == 4
    fast, slow = _both(path)
    source = fast.events.source._source  # type: ignore[attr-defined]
    assert source.held.column_names == [c for c in HELD if c in source.names]
    assert "summary" in source.names  # (checked a part at a time, read back, not held)
    _agree(fast, slow)
    assert all(a == b for a, b in zip(fast.events, slow.events, strict=True))


def test_a_search_reads_the_texts_of_a_file_in_parts_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the texts not held are searched a part of _parquet_search.PART_ROWS rows at a time
    # (their decoding is the peak of a first search at ten million events), not a part
    # as big as the load checks; every part alike at each search, the answers the same
    from benchmarks.generate import document
    from timeline import _parquet_search, parquet_source
    from timeline.codec import from_data

    _in_parts(monkeypatch, 64)
    monkeypatch.setattr(_parquet_search, "PART_ROWS", 24)
    path = tmp_path / "generated.parquet"
    pq.write_table(to_table(from_data(document(400))), path, row_group_size=100)
    fast, slow = _both(path)
    read: list[tuple[int | None, int]] = []
    batches = parquet_source.FileSource._batches

    def recorded(self: Any, columns: Any, groups: Any = None, rows: Any = None) -> Any:
        for batch in batches(self, columns, groups, rows):
            read.append((rows, batch.num_rows))
            yield batch

    monkeypatch.setattr(parquet_source.FileSource, "_batches", recorded)
    for text in _queries(slow)[2:12]:
        assert matching_ids(fast, text=text) == matching_ids(slow, text=text)
    assert read
    assert {rows for rows, _ in read} == {24}
    assert max(n for _, n in read) == 24
    assert sum(n for _, n in read) % len(slow) == 0  # (every row, at each search)


def test_a_brief_of_a_file_read_back_reads_nothing_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a list shows of an event (id, title, date, status, tags) comes from the columns
    held: with the summaries and nested tables left in the file (ten million events), no
    event is made and no row group decoded; the same answer as the event's own."""
    from benchmarks.generate import document
    from timeline.codec import from_data

    _in_parts(monkeypatch, 64)
    path = tmp_path / "generated.parquet"
    pq.write_table(to_table(from_data(document(300))), path, row_group_size=100)
    fast, slow = _both(path)
    source = fast.events.source._source  # type: ignore[attr-defined]
    assert source.reads_back
    briefs = [brief(fast.events, p) for p in range(len(fast))]
    assert fast.events.made() == 0  # type: ignore[attr-defined]
    assert not source._groups  # (no row group read back)
    assert any(b.tags for b in briefs)
    assert len({b.status for b in briefs}) > 1
    for b, event in zip(briefs, slow.events, strict=True):
        assert b == (event.id, event.title, event.when, event.status, event.tags)
    links = [links_of(fast.events, p) for p in range(len(fast))]
    assert links == [e.related for e in slow.events]
    assert any(links)
    assert fast.events.made() == 0  # type: ignore[attr-defined]
    assert {columns for _, columns in source._groups} == {("related",)}  # (that column alone)
    made = fast.events[7]  # once made, from the event itself
    assert brief(fast.events, 7) == brief(slow.events, 7) == briefs[7]
    assert brief(fast.events, 7).title is made.title


def test_a_brief_of_every_kind_of_timeline_is_the_events_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from timeline import _toml_columns as toml_columns

    tl = load(DATA)  # (a small TOML file: a tuple of events)
    monkeypatch.setattr(toml_columns, "COLUMNS_FROM", 0)
    held = loads(dumps(tl))  # (the TOML columns: every part held)
    assert isinstance(held.events, EventColumns)
    assert type(tl.events) is tuple
    for events in (tl.events, held.events):
        for p, event in enumerate(tl.events):
            assert brief(events, p) == (
                event.id,
                event.title,
                event.when,
                event.status,
                event.tags,
            )
            assert links_of(events, p) == event.related
    assert held.events.made() == 0


# -- bad files: refused at load, with the row-by-row path's messages -----------------


def _set(table: Any, column: str, row: int, change: Any) -> Any:
    """``table`` with the value of ``column`` in ``row`` made ``change(value)``."""
    values = table.column(column).to_pylist()
    values[row] = change(values[row])
    kind = table.schema.field(column).type
    return table.set_column(
        table.schema.get_field_index(column), column, pa.array(values, type=kind)
    )


def _add(item: dict[str, Any]) -> Any:
    def change(items: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
        return [*(items or []), item]

    return change


_BAD_ROWS: dict[str, tuple[str, Any]] = {
    "bad id": ("id", lambda v: "Not An Id"),
    "too long id": ("id", lambda v: "a" * 201),
    "too long title of two-byte letters": ("title", lambda v: "é" * 1001),
    "duplicate id": ("id", "duplicate"),
    "blank title": ("title", lambda v: "   "),
    "missing title": ("title", "null"),
    "bad date": ("when", lambda v: "2017-13-01"),
    "missing date": ("when", "null"),
    "unknown zone": ("tz", lambda v: "Mars/Olympus_Mons"),
    "zone of a date that does not exist": ("when", "gap"),
    "bad status": ("status", lambda v: "rumoured"),
    "blank tag": ("tags", lambda v: [*(v or []), " "]),
    "null tag": ("tags", lambda v: [*(v or []), None]),
    "too long summary": ("summary", lambda v: "x" * 100_001),
    "too long summary of two-byte letters": ("summary", lambda v: "é" * 100_001),
    "too long quote of two-byte letters": ("sources", "quote"),
    "figure with both values": ("figures", _add({"name": "n", "integer": 1, "number": 1.5})),
    "figure without a value": ("figures", _add({"name": "n", "integer": None, "number": None})),
    "figure given twice": ("figures", "twice"),
    "figure not finite": ("figures", _add({"name": "n", "integer": None, "number": math.nan})),
    "figure without a name": ("figures", _add({"name": " ", "integer": 1, "number": None})),
    "latitude out of range": ("places", _add({"name": "P", "lat": 91.0, "lon": 0.5})),
    "latitude without longitude": ("places", _add({"name": "P", "lat": 45.0, "lon": None})),
    "NaN longitude": ("places", _add({"name": "P", "lat": 45.0, "lon": math.nan})),
    "place without a name": ("places", _add({"name": None, "lat": None, "lon": None})),
    "person with a blank name": ("people", _add({"name": "", "role": None})),
    "person with a long role": ("people", _add({"name": "A", "role": "r" * 1001})),
    "unknown source": ("sources", _add({"source": "no-such-source"})),
    "bad reported date": ("sources", "reported"),
    "reported_tz without reported": ("sources", "reported_tz"),
    "link to an unknown event": ("related", _add({"kind": "follows", "event": "nowhere"})),
    "bad link kind": ("related", "kind"),
    "disagreeing bound": ("latest_day", "shift"),
    "disagreeing precision": ("precision", lambda v: "year" if v != "year" else "day"),
}


def _bad_table(kind: str) -> Any:
    from benchmarks.generate import document
    from timeline.codec import from_data

    tl = from_data(document(60))
    table = to_table(tl)
    column, change = _BAD_ROWS[kind]
    row = 7
    if change == "duplicate":
        return _set(table, "id", row, lambda v: table.column("id")[3].as_py())
    if change == "null":
        return _set(table, column, row, lambda v: None)
    if change == "gap":  # 02:30 does not exist in Chicago on 12 March 2017
        table = _set(table, "tz", row, lambda v: "America/Chicago")
        return _set(table, "when", row, lambda v: "2017-03-12T02:30")
    if change == "twice":
        return _set(table, "figures", row, lambda v: [*[{"name": "n", "integer": 1}] * 2])
    if change == "quote":
        return _set(
            table, "sources", row, _add({"source": tl.sources[0].id, "quote": "é" * 100_001})
        )
    if change in ("reported", "reported_tz"):
        source = tl.sources[0].id
        item = (
            {"source": source, "reported": "2017-02-30"}
            if change == "reported"
            else {"source": source, "reported": None, "reported_tz": "UTC"}
        )
        return _set(table, "sources", row, _add(item))
    if change == "kind":
        return _set(table, "related", row, _add({"kind": "Not A Kind", "event": tl.events[0].id}))
    if change == "shift":
        days = table.column("latest_day").cast(pa.int32()).to_pylist()
        row = next(r for r, d in enumerate(days) if d is not None)
        days[row] += 1
        return table.set_column(
            table.schema.get_field_index("latest_day"),
            "latest_day",
            pa.array(days, type=pa.int32()).cast(pa.date32()),
        )
    return _set(table, column, row, change)


@pytest.mark.parametrize("kind", sorted(_BAD_ROWS))
def test_every_kind_of_bad_row_is_refused_at_load_with_the_same_message(
    kind: str, tmp_path: Path
) -> None:
    path = tmp_path / "bad.parquet"
    table = _bad_table(kind)
    pq.write_table(table, path)
    with pytest.raises(TimelineLoadError) as fast:
        load(path)
    with pytest.raises(TimelineLoadError) as slow:
        parquet_io._Reader(str(path), pa, pq.read_table(path)).timeline(as_columns=False)
    assert [str(p) for p in fast.value.problems] == [str(p) for p in slow.value.problems]
    assert fast.value.problems  # (and it names the row)
    assert any(p.row is not None for p in fast.value.problems), fast.value.problems


@pytest.mark.parametrize("kind", sorted(_BAD_ROWS))
def test_a_bad_row_in_a_later_part_is_refused_with_the_same_message(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _in_parts(monkeypatch, 4)  # (row 7 is in the second part, and its second row group)
    path = tmp_path / "bad.parquet"
    pq.write_table(_bad_table(kind), path, row_group_size=5)
    with pytest.raises(TimelineLoadError) as fast:
        load(path)
    with pytest.raises(TimelineLoadError) as slow:
        parquet_io._Reader(str(path), pa, pq.read_table(path)).timeline(as_columns=False)
    assert [str(p) for p in fast.value.problems] == [str(p) for p in slow.value.problems]


_REPEATED: list[tuple[str, str | None]] = [
    ("2017-09-24", None), ("2017-09-24", "Europe/Paris"), ("2017-09", None), ("2017~", None),
    ("2017-09-24T13:00", None), ("2017-09-24T13:00", "America/New_York"), ("2017-21", None),
    ("2017-09-24/2017-09-27", None), ("1066-10-14?", "UTC"), ("2017-09-XX", None),
]  # fmt: skip
"""Dates that repeat (short and long, in zones and not, one a season: parsed by When)."""


def _repeated_dates(n: int) -> Any:
    from benchmarks.generate import document
    from timeline.codec import from_data

    data = document(n)
    for i, event in enumerate(data["events"]):
        event["when"], tz = _REPEATED[i * 7 % len(_REPEATED)]
        event.pop("tz", None)
        if tz is not None:
            event["tz"] = tz
    return to_table(from_data(data))


def _spied_repeats(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """What each call of ``_date_columns.repeats`` gives, from now on."""
    from timeline import _date_columns

    found: list[Any] = []
    real = _date_columns.repeats

    def spy(*args: Any) -> Any:
        found.append(real(*args))
        return found[-1]

    monkeypatch.setattr(_date_columns, "repeats", spy)
    return found


def test_a_file_whose_dates_repeat_loads_as_row_by_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The short texts that repeat are read once for the whole column, and each part's
    rows take theirs (``_date_columns.repeats``): the timeline is the row-by-row path's."""
    _in_parts(monkeypatch, 64)
    found = _spied_repeats(monkeypatch)
    path = tmp_path / "repeated.parquet"
    pq.write_table(_repeated_dates(300), path, row_group_size=100)
    fast, slow = _both(path)
    assert len(found) == 1
    assert found[0] is not None  # (read once, spread)
    assert len(found[0].dates) == 7  # (not the times in a zone, nor the interval)
    _agree(fast, slow)
    assert all(a == b for a, b in zip(fast.events, slow.events, strict=True))


@pytest.mark.parametrize(
    "kind",
    ["bad date", "missing date", "zone of a date that does not exist", "disagreeing precision"],
)
def test_a_bad_row_among_dates_that_repeat_is_refused_with_the_same_message(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _in_parts(monkeypatch, 64)
    found = _spied_repeats(monkeypatch)
    table = _repeated_dates(300)
    column, change = _BAD_ROWS[kind]
    row = 130  # (in the third part)
    if change == "null":
        table = _set(table, column, row, lambda v: None)
    elif change == "gap":
        table = _set(table, "tz", row, lambda v: "America/Chicago")
        table = _set(table, "when", row, lambda v: "2017-03-12T02:30")
    else:
        table = _set(table, column, row, change)
    path = tmp_path / "bad.parquet"
    pq.write_table(table, path, row_group_size=100)
    with pytest.raises(TimelineLoadError) as fast:
        load(path)
    assert found
    assert found[0] is not None
    with pytest.raises(TimelineLoadError) as slow:
        parquet_io._Reader(str(path), pa, pq.read_table(path)).timeline(as_columns=False)
    assert [str(p) for p in fast.value.problems] == [str(p) for p in slow.value.problems]
    assert fast.value.problems


def test_texts_of_more_bytes_than_the_limit_but_not_more_letters_load_as_columns(
    tmp_path: Path,
) -> None:
    """A text's length is checked on its bytes first (at most as many letters): one with
    more bytes than the limit is counted in letters, and accepted when they are few enough."""
    from benchmarks.generate import document
    from timeline.codec import from_data

    table = _set(to_table(from_data(document(20))), "summary", 3, lambda v: "é" * 100_000)
    path = tmp_path / "long.parquet"
    pq.write_table(table, path)
    fast, slow = _both(path)
    assert fast == slow
    assert fast.events[fast.events.index(slow.events[0])] == slow.events[0]
    assert "é" * 100_000 in [e.summary for e in fast.events]


def test_a_parquet_file_loads_in_a_new_process(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "events.parquet"
    dump(load(DATA), path)
    code = "import sys, timeline; tl = timeline.load(sys.argv[1]); print(type(tl.events).__name__)"
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr  # (pyarrow.compute imported by the loader)
    assert done.stdout.strip() == "EventColumns"


def test_a_file_written_over_after_the_load_is_not_read_as_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from benchmarks.generate import document
    from timeline.codec import from_data

    _in_parts(monkeypatch, 16)
    path = tmp_path / "generated.parquet"
    tl = from_data(document(100))
    dump(tl, path)
    replaced = load(path)
    dump(tl.filter(status="happened"), path, force=True)  # (a new file renamed over it)
    assert list(replaced) == list(tl)  # (the open file is the one loaded: its own rows)
    dump(tl, path, force=True)
    written_over = load(path)
    with open(path, "r+b") as handle:  # (the same file written in place)
        handle.write(handle.read(4))
    stat = os.stat(path)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    with pytest.raises(TimelineError, match="changed on disk after it was loaded"):
        written_over.events[0]


# -- the rules at C speed agree with the rules -------------------------------------------

_VALUES = st.lists(
    st.one_of(
        st.from_regex(r"[a-z0-9]{1,5}([-_.][a-z0-9]{1,4}){0,2}", fullmatch=True),
        st.text(max_size=8),
        st.just(" \u3000 "),
        st.just("x" * 1001),
        st.just("a" * 201),
        st.integers(),
        st.none(),
    ),
    max_size=6,
)


@given(_VALUES)
def test_all_identifiers_is_identifier_on_each(values: list[object]) -> None:
    assert rules.all_identifiers(values) == all(rules.identifier(v) is None for v in values)


@given(_VALUES)
def test_all_names_is_name_on_each(values: list[object]) -> None:
    assert rules.all_names(values) == all(rules.name(v) is None for v in values)


@given(_VALUES, st.sampled_from([3, 1000]))
def test_all_texts_is_text_on_each(values: list[object], limit: int) -> None:
    assert rules.all_texts(values, limit) == all(rules.text(v, limit) is None for v in values)
    assert rules.all_texts(values) == all(rules.long_text(v) is None for v in values)


_FOLDING = "aAsSkKßẞςσΣİiıIﬁfFéÉüÜ\u212a\u017fǅǆ\u0345ιΐ \n-"
"""Letters whose case folding is not plain lowering (``ß`` folds to ``ss``, ``ς`` to ``σ``,
the Kelvin sign to ``k``, ``ﬁ`` to ``fi``) beside ones whose is."""


@settings(max_examples=200, deadline=None)
@given(
    # (a file's texts are UTF-8, so no lone surrogate; a search box may hand one over)
    texts=st.lists(
        st.text(st.sampled_from(_FOLDING) | st.characters(exclude_categories=["Cs"]), max_size=12),
        max_size=8,
    ),
    query=st.text(st.sampled_from(_FOLDING) | st.characters(), min_size=1, max_size=4),
)
@example(texts=["x"], query="x \ud800")  # (found no row; raised UnicodeEncodeError)
def test_the_column_search_finds_what_casefold_finds(texts: list[str], query: str) -> None:
    from timeline._parquet_search import ColumnSearch

    words = query.casefold().split()
    table = pa.table({"title": pa.array(texts, pa.string())})
    found = ColumnSearch(pa, table).rows(words).to_pylist()
    assert found == [all(w in t.casefold() for w in words) for t in texts]


def test_the_case_table_is_asked_about_a_character_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # each character of a word was matched against every cased character at every search
    # (two matches over about 60,000 strings: 96% of a small timeline's search)
    from timeline import _parquet_search

    chars = _parquet_search._case_table(pa)[0]
    asked: list[str] = []
    real = pa.compute.match_substring

    def spy(strings: Any, pattern: str, **kwargs: Any) -> Any:
        if strings is chars:
            asked.append(pattern)
        return real(strings, pattern, **kwargs)

    monkeypatch.setattr(pa.compute, "match_substring", spy)
    _parquet_search._unlike_char.cache_clear()
    search = _parquet_search.ColumnSearch(pa, pa.table({"title": ["Straße", "Ärger", "stub"]}))
    assert search.rows(["ärg"]).to_pylist() == [False, True, False]
    assert sorted(asked) == ["g", "r", "ä"]
    assert search.rows(["st", "ärg"]).to_pylist() == [False, False, False]
    assert search.rows(["strasse"]).to_pylist() == [True, False, False]
    assert sorted(asked) == ["a", "e", "g", "r", "s", "t", "ä"]  # each once


# -- the ids as an Arrow column, found by hash ------------------------------------------


@settings(deadline=None)
@given(st.lists(st.text(st.characters(exclude_categories=["Cs"]), max_size=40), max_size=30))
def test_an_id_column_hashes_each_text_as_one_text_is_hashed(texts: list[str]) -> None:
    from timeline.id_column import hash_of, hashes_of

    values = pa.array(texts, pa.string())
    assert hashes_of(pa, values).tolist() == [hash_of(t) for t in texts]
    if texts:  # (a slice starts inside the buffers)
        assert hashes_of(pa, values.slice(1)).tolist() == [hash_of(t) for t in texts[1:]]


def test_the_ids_of_many_positions_are_taken_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a search's tens of thousands of matches: one Arrow scalar an id was 0.3 s at 83,000
    from benchmarks.generate import document
    from timeline.codec import from_data
    from timeline.columns import ids_at
    from timeline.id_column import IdColumn

    path = tmp_path / "generated.parquet"
    dump(from_data(document(300)), path)
    fast, slow = _both(path)
    assert isinstance(fast.events, EventColumns)
    assert isinstance(fast.events.ids, IdColumn)
    positions = [299, 0, 7, 7, 150]
    expected = [slow.events[p].id for p in positions]
    assert ids_at(slow.events, positions) == expected
    assert fast.events.ids.at(positions) == expected
    assert fast.events.ids.at([]) == []

    def one_by_one(self: IdColumn, p: Any) -> str:
        raise AssertionError("an id made alone")

    monkeypatch.setattr(IdColumn, "__getitem__", one_by_one)
    assert ids_at(fast.events, positions) == expected
    assert ids_at(fast.events, range(300)) == [e.id for e in slow.events]
    word = slow.events[150].title.split()[0]
    found = matching_ids(fast, text=word)
    assert found is not None
    assert len(found) > 1
    assert found == matching_ids(slow, text=word)


@pytest.mark.parametrize("collide", [False, True])
def test_an_id_column_finds_each_id_and_no_other(
    collide: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    import numpy as np

    from timeline import id_column

    if collide:  # every id one hash: found by the ids themselves
        monkeypatch.setattr(id_column, "hash_of", lambda text: 7)
        monkeypatch.setattr(
            id_column, "hashes_of", lambda pa, values: np.full(len(values), 7, np.uint64)
        )
    by_row = ["c", "a", "b", "e", "d"]
    rows = [1, 2, 0, 4, 3]  # (position p is row rows[p]: a, b, c, d, e)
    ids = id_column.IdColumn(pa, pa.array(by_row), rows)
    assert list(ids) == ["a", "b", "c", "d", "e"] == ids[:]
    assert [ids.position(t) for t in "abcde"] == [0, 1, 2, 3, 4]
    assert ids.position("f") is None
    assert ids.positions_of(pa.array(["e", "x", "a"])) == [4, None, 0]
    assert not ids.duplicated()
    assert id_column.IdColumn(pa, pa.array(["a", "b", "a"]), [0, 1, 2]).duplicated()
    positions = ids.lookup()
    assert positions["c"] == 2
    assert "z" not in positions
    with pytest.raises(KeyError):
        positions["z"]
    assert ids == ["a", "b", "c", "d", "e"]
    assert ids != ["a", "b", "c", "d", "x"]
    assert pickle.loads(pickle.dumps(ids)) == ["a", "b", "c", "d", "e"]
    assert pickle.loads(pickle.dumps(positions)) == {"a": 0, "b": 1, "c": 2, "d": 3, "e": 4}


def test_an_id_column_sorts_its_hashes_without_an_argsort(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hashes' high bits are sorted with each position in the low bits (a sort of
    integers, where an argsort took six times as long at ten million ids): hashes that
    differ only in those bits are told apart by the ids themselves."""
    import numpy as np

    from timeline import id_column

    def by_letter(text: str) -> int:
        return ord(text[0]) % 4  # (within the low bits: every id shares its high bits)

    def no_argsort(*_: object, **__: object) -> None:
        raise AssertionError("an argsort of the hashes")

    monkeypatch.setattr(id_column, "hash_of", by_letter)
    monkeypatch.setattr(
        id_column,
        "hashes_of",
        lambda pa, values: np.array([by_letter(t) for t in values.to_pylist()], np.uint64),
    )
    monkeypatch.setattr(np, "argsort", no_argsort)
    ids = id_column.IdColumn(pa, pa.array(["c", "a", "b", "e", "d"]), [1, 2, 0, 4, 3])
    assert [ids.position(t) for t in "abcde"] == [0, 1, 2, 3, 4]
    assert ids.position("f") is None
    assert ids.positions_of(pa.array(["e", "x", "a"])) == [4, None, 0]
    assert not ids.duplicated()
    assert id_column.IdColumn(pa, pa.array(["a", "b", "a", "c"]), [0, 1, 2, 3]).duplicated()


def test_the_links_to_an_event_are_found_in_the_columns_once_per_question(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a window counts the events that link to the one deleted (to ask first), then the
    # deletion finds them: the column of links is read once for both; another question
    # reads it again, and an answer changed by its caller is not the one kept
    dump(load(DATA), tmp_path / "t.parquet")
    tl = load(tmp_path / "t.parquet")
    assert isinstance(tl.events, EventColumns)
    rows = type(tl.events.source)
    asked: list[frozenset[str]] = []
    real = rows.naming  # type: ignore[attr-defined]

    def counted(self: Any, rows: Any, part: str, field: str, targets: frozenset[str]) -> Any:
        asked.append(targets)
        return real(self, rows, part, field, targets)

    monkeypatch.setattr(rows, "naming", counted)
    target = next(link.event for e in tl for link in e.related if link.event != e.id)
    linking = linking_positions(tl.events, (target,))
    assert linking
    linking.clear()
    change = edit.remove_event(tl, target, unlink=True)
    assert asked == [frozenset({target})]
    assert [e.id for e in change.removed_events[1:]] == [
        e.id for e in tl if e.id != target and any(k.event == target for k in e.related)
    ]
    assert linking_positions(tl.events, ("no-such-event",)) == []
    assert linking_positions(tl.events, (target,))
    assert asked == [frozenset({target}), frozenset({"no-such-event"}), frozenset({target})]
    kept = tl.events._named  # (kept while the timeline lives: 8 bytes a position, no ints)
    assert kept is not None
    assert kept[1].typecode == "q"
