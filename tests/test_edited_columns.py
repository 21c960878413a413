"""An edit of a timeline held as columns stays columns (issue 15): the edited timeline agrees
with the same edits made on the tuple-backed timeline of the same file, in every public
operation, and an edit of one event makes that event only (a million events: the first
edit made every other one, a minute of CPU)."""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("pyarrow")

from tests.edit_strategies import one_edit
from tests.strategies import timelines
from tests.strategies import whens as whens_strategy
from tests.test_columns import _agree, _both
from timeline import (
    Citation,
    Event,
    Link,
    Source,
    Status,
    Timeline,
    TimelineError,
    When,
    dump,
    dumps,
    edit,
    load,
    loads,
)
from timeline import _toml_columns as toml_columns
from timeline._edited_columns import EditedIds, EditedRows, rows_apart
from timeline.columns import (
    CountedRows,
    EventColumns,
    FindsMany,
    ManyIds,
    PartedRows,
    TableRows,
    link_kinds_of,
    statuses_of,
    tag_counts_of,
)
from timeline.ops import matching_positions, prepare_search
from timeline.parquet_io import complete, is_complete

DATA = Path(__file__).resolve().parent.parent / "data" / "events.toml"


def _made(tl: Timeline) -> int:
    assert isinstance(tl.events, EventColumns)
    return tl.events.made()


def _edit_both(
    fast: Timeline,
    slow: Timeline,
    data: st.DataObject,
    edits: int,
    edit_of: Callable[[Timeline], st.SearchStrategy[edit.Change | None]] = one_edit,
) -> tuple[Timeline, Timeline]:
    """The same edits (drawn on ``slow`` by ``edit_of``) made on both, each result checked to
    agree."""
    for _ in range(edits):
        change = data.draw(edit_of(slow))
        if change is None:
            continue
        before = fast
        fast, slow = change.apply(fast), change.apply(slow)
        assert isinstance(fast.events, EventColumns)
        assert type(slow.events) is tuple
        _agree(fast, slow, edited=True)
        assert change.revert(fast) == before
    return fast, slow


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tl=timelines(max_events=8), data=st.data())
def test_edits_of_a_parquet_timeline_agree_with_the_same_edits_of_its_events(
    tl: Timeline, data: st.DataObject
) -> None:
    fast, slow = _parquet_both(tl)
    if len(fast):
        fast.index  # noqa: B018 (made before the edits: then edited with them)
        _edit_both(fast, slow, data, data.draw(st.integers(1, 6)))


def _parquet_both(tl: Timeline) -> tuple[Timeline, Timeline]:
    """``tl`` written to Parquet and read back as columns, and row by row (:func:`_both`)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.parquet"
        dump(tl, path)
        return _both(path)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tl=timelines(max_events=8), data=st.data())
def test_edits_of_a_toml_timeline_held_as_columns_agree(tl: Timeline, data: st.DataObject) -> None:
    text = dumps(tl)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(toml_columns, "COLUMNS_FROM", 0)  # (every file loads into columns)
        fast = loads(text)
    slow = loads(text)
    if isinstance(fast.events, EventColumns):
        _edit_both(fast, slow, data, data.draw(st.integers(1, 6)))


def _big(folder: Path, n: int) -> Path:
    events = [
        Event(
            f"e{k:05d}",
            f"Event {k}",
            When.parse(f"{1990 + k % 30}-{1 + k % 12:02d}-{1 + k % 28:02d}"),
            tags=("water",) if k % 3 else ("police", "court"),
            status=Status.PLANNED if k % 7 == 0 else Status.HAPPENED,
        )
        for k in range(n)
    ]
    path = folder / "big.parquet"
    dump(Timeline("Big", events), path)
    return path


def test_an_edit_of_one_event_makes_that_event_only(tmp_path: Path) -> None:
    tl = load(_big(tmp_path, 3000))
    complete(tl)
    target = tl.events[1500]  # (the one event made)
    moved = attrs.evolve(target, title="Moved", when=When.parse("1989-01-01"))
    added = Event("new-one", "New", When.parse("2001-05-05"), tags=("new",))
    tl2 = edit.replace_event(tl, target.id, moved).apply(tl)
    tl3 = edit.add_event(tl2, added).apply(tl2)
    assert isinstance(tl3.events, EventColumns)
    assert isinstance(tl3.events.source, EditedRows)
    assert _made(tl3) == 2  # the edited event and the added one, nothing else
    assert tl3.events[0] is moved
    assert tl3["new-one"] is added
    assert len(tl3) == 3001
    assert tl3.position("new-one") == tl3.events.positions["new-one"]
    assert tl3.tags()[:3] == ["water", "court", "police"]
    assert "new" in tl3.tags()
    assert is_complete(tl3)
    # a chain of edits stays one level deep over the file's rows
    source = tl3.events.source
    assert isinstance(source, EditedRows)
    assert isinstance(tl.events, EventColumns)
    assert source.base is tl.events.source
    # what a viewer reads of one event, from the columns (the event not made)
    new_at, file_at = tl3.position("new-one"), tl3.position("e00007")
    rows = tl3.events.rows
    assert tl3.events.title(new_at) == "New"
    assert tl3.events.title(file_at) == "Event 7"
    assert source.status(rows[new_at]) is Status.HAPPENED
    assert source.status(rows[file_at]) is Status.PLANNED
    assert source.tags(rows[new_at]) == ("new",)
    assert source.tags(rows[file_at]) == ("water",)
    assert source.links(rows[new_at]) == () == source.links(rows[file_at])
    assert source.event(rows[new_at], "new-one", added.when) is added
    assert matching_positions(tl3, text="new") == [new_at]
    prepare_search(tl3)
    assert matching_positions(tl3, text="e00007", status="planned") == [file_at]
    assert _made(tl3) == 2
    # and the whole agrees with the events the file holds, edited the same way
    whole = Timeline("Big", [*list(load(_big(tmp_path, 3000)).events)])
    expected = edit.add_event(
        edit.replace_event(whole, target.id, moved).apply(whole), added
    ).apply(edit.replace_event(whole, target.id, moved).apply(whole))
    assert tl3 == expected


def test_the_rows_of_files_and_edits_read_tables_without_making_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the writers and to_arrow ask for columns only of rows that say they give them
    # (TableRows, PartedRows): rows that stopped saying so would make every event instead
    parquet = load(_big(tmp_path, 300))
    monkeypatch.setattr(toml_columns, "COLUMNS_FROM", 0)
    toml = loads(dumps(parquet))
    for tl in (parquet, toml):
        target = tl.events[7]
        edited = edit.replace_event(tl, target.id, attrs.evolve(target, title="T")).apply(tl)
        for each in (tl, edited):
            assert isinstance(each.events, EventColumns)
            assert isinstance(each.events.source, TableRows)
            before = _made(each)
            table = each.to_arrow()
            assert table.num_rows == 300
            assert _made(each) == before
    assert isinstance(parquet.events, EventColumns)
    assert isinstance(parquet.events.source, PartedRows)
    change = edit.replace_event(parquet, "e00007", attrs.evolve(parquet["e00007"], title="T"))
    after = change.apply(parquet)
    assert isinstance(after.events, EventColumns)
    assert isinstance(after.events.source, PartedRows)
    before = _made(after)
    dump(after, tmp_path / "saved.parquet")
    assert _made(after) == before
    assert load(tmp_path / "saved.parquet")["e00007"].title == "T"


def test_a_status_no_event_has_after_an_edit_is_no_longer_named(tmp_path: Path) -> None:
    tl = load(_big(tmp_path, 50))
    planned = [e for e in tl if e.status is Status.PLANNED]
    for event in planned:
        tl = edit.replace_event(tl, event.id, attrs.evolve(event, status=Status.HAPPENED)).apply(tl)
        assert isinstance(tl.events, EventColumns)
    assert statuses_of(tl.events) == frozenset([Status.HAPPENED])
    assert link_kinds_of(tl.events) == []


def test_the_sample_data_edited_as_columns_saves_as_its_events_would(tmp_path: Path) -> None:
    path = tmp_path / "sample.parquet"
    dump(load(DATA), path)
    fast, slow = _both(path)
    first = slow.events[0]
    change = edit.replace_event(slow, first.id, attrs.evolve(first, title="Retitled"))
    fast, slow = change.apply(fast), change.apply(slow)
    _agree(fast, slow, edited=True)
    dump(fast, tmp_path / "saved.parquet")
    assert load(tmp_path / "saved.parquet") == slow
    assert dumps(fast) == dumps(slow)


def test_the_ids_of_an_edited_timeline_follow_its_rows(tmp_path: Path) -> None:
    path = _big(tmp_path, 300)
    fast = load(path)
    slow = Timeline("Big", list(load(path).events))

    def remove(tl: Timeline) -> edit.Change:
        return edit.remove_event(tl, "e00010")

    def move(tl: Timeline) -> edit.Change:
        return edit.replace_event(
            tl, "e00020", attrs.evolve(tl["e00020"], when=When.parse("2030-01-01"))
        )

    def add(tl: Timeline) -> edit.Change:
        return edit.add_event(tl, Event("a-new-one", "New", When.parse("1995-06-01")))

    def rename(tl: Timeline) -> edit.Change:
        return edit.replace_event(tl, "a-new-one", attrs.evolve(tl["a-new-one"], id="z"))

    for change_of in (remove, move, add, rename):
        change = change_of(slow)
        fast, slow = change.apply(fast), change.apply(slow)
    assert isinstance(fast.events, EventColumns)
    ids = fast.events.ids
    expected = [e.id for e in slow.events]
    assert isinstance(ids, EditedIds)
    assert list(ids) == expected
    assert ids == expected
    assert expected == ids
    assert ids != expected[:-1]
    assert [ids[5], ids[-1]] == [expected[5], expected[-1]]
    assert ids[2:7] == expected[2:7]
    assert ids.at([3, 1, fast.position("z")]) == [expected[3], expected[1], "z"]
    # the file's ids and an edit's give many at once and find many together (no dict made)
    loaded = load(path).events
    assert isinstance(loaded, EventColumns)
    for events in (loaded, fast.events):
        assert isinstance(events.ids, ManyIds)
        assert isinstance(events.positions, FindsMany)
    assert not isinstance(list(ids), ManyIds)
    assert not isinstance(dict.fromkeys(expected, 0), FindsMany)
    assert "e00010" not in ids
    assert "a-new-one" not in ids
    assert "e00020" in ids
    for event_id in ("e00020", "z", "e00299", "e00000"):
        assert fast.position(event_id) == expected.index(event_id)
    for gone in ("e00010", "a-new-one", "nothing"):
        with pytest.raises(KeyError):
            fast.position(gone)
    asked = ["e00020", "z", "e00010", "a-new-one", "nothing", "e00299", "e00000"]
    assert fast.events.find(asked) == [  # (found together: the file's ids hashed at once)
        None if event_id not in expected else expected.index(event_id) for event_id in asked
    ]
    root = load(path).events
    assert isinstance(root, EventColumns)
    order = list(root.ids)
    assert root.find(["e00010", "nothing", "e00299"]) == [
        order.index("e00010"),
        None,
        order.index("e00299"),
    ]
    assert pickle.loads(pickle.dumps(ids)) == expected
    assert pickle.loads(pickle.dumps(fast)) == slow


def test_removing_or_renaming_an_event_makes_only_the_events_that_link_to_it(
    tmp_path: Path,
) -> None:
    events = [
        Event(f"e{k:05d}", f"Event {k}", When.parse(f"{1990 + k % 30}-01-{1 + k % 28:02d}"))
        for k in range(3000)
    ]
    links = (Link("follows", "e00007"),)
    events[100] = attrs.evolve(events[100], related=links)
    events[2000] = attrs.evolve(events[2000], related=(*links, Link("see", "e00008")))
    path = tmp_path / "linked.parquet"
    dump(Timeline("Linked", events), path)
    fast = load(path)
    slow = Timeline("Linked", events)
    complete(fast)
    assert edit.links_to(fast, "e00007") == edit.links_to(slow, "e00007")
    assert _made(fast) == 2  # (the two events that link to it)

    def remove(tl: Timeline) -> edit.Change:
        return edit.remove_event(tl, "e00007", unlink=True)

    def rename(tl: Timeline) -> edit.Change:
        return edit.replace_event(tl, "e00008", attrs.evolve(tl["e00008"], id="renamed"))

    for change_of in (remove, rename):
        change = change_of(slow)
        fast, slow = change.apply(fast), change.apply(slow)
        assert _made(fast) <= 4
    with pytest.raises(edit.LinkedError):
        edit.remove_event(fast, "renamed")
    assert fast == slow


def test_removing_or_renaming_a_source_cited_by_many_events_keeps_the_columns(
    tmp_path: Path,
) -> None:
    # 40 events cite the source: 80 events change in one edit, more than an edit of a
    # timeline of events edits in place (EDITED_AT_MOST); the columns are edited still
    sources = (Source("s", "S"), Source("t", "T"))
    events = [
        Event(
            f"e{k:05d}",
            f"Event {k}",
            When.parse(f"{1990 + k % 30}-01-{1 + k % 28:02d}"),
            sources=(Citation("s"),) if k % 50 == 0 else (Citation("t"),) if k % 7 == 0 else (),
        )
        for k in range(2000)
    ]
    path = tmp_path / "cited.parquet"
    dump(Timeline("Cited", events, sources), path)
    fast = load(path)
    slow = Timeline("Cited", events, sources)
    complete(fast)
    fast.index  # noqa: B018 (built before the edits)
    assert edit.citations_of(fast, "s") == edit.citations_of(slow, "s")
    assert _made(fast) == 40

    def rename(tl: Timeline) -> edit.Change:
        return edit.replace_source(tl, "s", Source("s2", "S"))

    def remove(tl: Timeline) -> edit.Change:
        return edit.remove_source(tl, "s2", uncite=True)

    for change_of in (rename, remove):
        change = change_of(slow)
        fast, slow = change.apply(fast), change.apply(slow)
        assert isinstance(fast.events, EventColumns)
        assert _made(fast) == 40  # (the events that cited it, now without)
    assert fast.between("2000", "2001") == slow.between("2000", "2001")  # (index built again)
    with pytest.raises(TimelineError, match="no source with id 's2'"):
        edit.remove_source(fast, "s2")
    assert fast == slow


@st.composite
def _many_at_once(draw: st.DrawFn, tl: Timeline) -> edit.Change:
    """One change of many events of ``tl``: some taken out and put back with another date
    (often one another event has: ties in the order, broken by id), and new events put in
    with the dates of others (and between them)."""
    events = list(tl.events)
    whens = [e.when for e in events]
    a_when = st.sampled_from(whens) | whens_strategy()
    moved = draw(st.lists(st.sampled_from(events), unique_by=lambda e: e.id, max_size=len(events)))
    put_back = [attrs.evolve(e, when=draw(a_when)) for e in moved]
    taken = {e.id for e in events}
    fresh = []
    for k in range(draw(st.integers(0, 12))):
        model = draw(st.sampled_from(events))
        new_id = f"{model.id[:40]}-new-{k}"
        if new_id not in taken:
            fresh.append(attrs.evolve(model, id=new_id, when=draw(a_when), related=()))
    return edit.Change(
        "many at once", removed_events=tuple(moved), added_events=(*put_back, *fresh)
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tl=timelines(max_events=12), data=st.data())
def test_a_change_of_many_events_at_once_agrees_with_the_same_change_of_its_events(
    tl: Timeline, data: st.DataObject
) -> None:
    fast, slow = _parquet_both(tl)
    if len(fast):  # (the second change edits an edited timeline's columns)
        _edit_both(fast, slow, data, 2, _many_at_once)


def test_an_edit_of_thousands_of_events_keeps_the_columns(tmp_path: Path) -> None:
    # every event cites the source: renaming it changes 10,000 events in one edit (more than
    # the 4,096 past which the timeline used to be built again, making every event)
    events = [
        Event(
            f"e{k:05d}",
            f"Event {k}",
            When.parse(f"{1990 + k % 30}-{1 + k % 12:02d}-{1 + k % 28:02d}"),
            sources=(Citation("s"),),
        )
        for k in range(5000)
    ]
    sources = (Source("s", "S"),)
    path = tmp_path / "cited.parquet"
    dump(Timeline("Cited", events, sources), path)
    fast = load(path)
    slow = Timeline("Cited", events, sources)
    change = edit.replace_source(fast, "s", Source("s2", "S"))
    assert len(change.added_events) == 5000
    fast, slow = change.apply(fast), change.apply(slow)
    assert isinstance(fast.events, EventColumns)
    assert [c.source for e in fast.events for c in e.sources] == ["s2"] * 5000
    assert fast == slow
    assert fast.between("2000", "2001") == slow.between("2000", "2001")


def test_the_rows_an_edit_takes_out_of_a_parquet_file_are_counted_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the file's rows answer for all the rows taken out at once (CountedRows, by Arrow), not
    # one row at a time (100,000 of a million took 0.3 s of the window's time)
    tl = load(_big(tmp_path, 60))
    complete(tl)
    gone = [e.id for e in tl.events[:60:4]]
    edited = tl
    for event_id in gone:
        edited = edit.remove_event(edited, event_id).apply(edited)
    assert isinstance(edited.events, EventColumns)
    rows = edited.events.source
    assert isinstance(rows, EditedRows)
    assert isinstance(rows.base, CountedRows)
    expected = tag_counts_of(tuple(edited.events)), statuses_of(tuple(edited.events))

    def one_at_a_time(*_args: object) -> None:
        raise AssertionError("a row taken out was asked for alone")

    monkeypatch.setattr(type(rows.base), "tags", one_at_a_time)
    monkeypatch.setattr(type(rows.base), "status", one_at_a_time)
    assert (tag_counts_of(edited.events), statuses_of(edited.events)) == expected


def test_an_event_edited_in_its_place_shares_the_keys_and_the_index(tmp_path: Path) -> None:
    # a title (a summary, a citation) edited: the event keeps its date, so its place; the
    # keys and the span index are the timeline's own, not copied (ten million events: the
    # copies took 2 s on the GUI thread), and the result is the same as putting it in anew
    tl = load(_big(tmp_path, 3000))
    complete(tl)
    tl.index  # noqa: B018 (made: an edit edits it)
    target = tl.events[1500]
    titled = attrs.evolve(target, title="Renamed")
    change = edit.replace_event(tl, target.id, titled)
    tl2 = change.apply(tl)
    assert isinstance(tl2.events, EventColumns)
    assert isinstance(tl.events, EventColumns)
    assert tl2.events.keys is tl.events.keys
    assert tl2._indexes.made(None) is tl._indexes.made(None)
    assert tl2.events[1500] is titled
    assert _made(tl2) == 1
    again = attrs.evolve(titled, title="Renamed again", summary="Twice.")
    rows_before = list(tl2.events.rows)
    tl3 = edit.replace_event(tl2, target.id, again).apply(tl2)  # (its row an added one now)
    assert list(tl2.events.rows) == rows_before  # (the timeline before is left as it was)
    assert isinstance(tl3.events, EventColumns)
    assert tl3.events.rows[1500] != rows_before[1500]
    assert tl3.events.keys is tl.events.keys
    assert isinstance(tl3.events.source, EditedRows)
    assert list(tl3.events.source.added.values()) == [again]
    assert change.revert(tl2) == tl
    whole = Timeline("Big", list(load(_big(tmp_path, 3000)).events))
    expected = edit.replace_event(whole, target.id, again).apply(whole)
    assert tl3 == expected
    assert again in tl3.between(target.when, target.when)
    assert tl3.between(target.when, target.when) == expected.between(target.when, target.when)
    # a date changed is no edit in place: the keys are new
    dated = attrs.evolve(target, when=When.parse("1989-01-01"))
    moved = edit.replace_event(tl, target.id, dated).apply(tl)
    assert isinstance(moved.events, EventColumns)
    assert moved.events.keys is not tl.events.keys
    assert moved.events[0] is dated


@given(
    n=st.integers(0, 40),
    made=st.sets(st.integers(0, 39)),
    taken=st.sets(st.integers(0, 39)),
    put=st.lists(st.integers(0, 40), max_size=6),
)
def test_the_items_made_move_with_the_positions_an_edit_takes_out_and_puts_in(
    n: int, made: set[int], taken: set[int], put: list[int]
) -> None:
    # as a list of n places (None: not made) would: compressed, then put into
    import numpy as np

    from timeline._edited_columns import _moved_made

    places: list[str | None] = [f"item {p}" if p in made else None for p in range(n)]
    given = {p: item for p, item in enumerate(places) if item is not None}
    out = sorted(p for p in taken if p < n)
    after = _moved_made(given, np.asarray(out, np.int64), taken=True)
    places = [item for p, item in enumerate(places) if p not in taken]
    assert after == {p: item for p, item in enumerate(places) if item is not None}
    at = np.asarray(sorted(min(p, len(places)) for p in put), np.int64)
    moved = _moved_made(after, at, taken=False)
    for k, p in enumerate(at.tolist()):  # (numpy's insert of a list: before places[p])
        places.insert(p + k, "new")
    assert moved == {p: item for p, item in enumerate(places) if item not in (None, "new")}


def test_the_positions_after_edits_in_place_are_the_roots_without_an_array(
    tmp_path: Path,
) -> None:
    # titles edited (each event put back in its place): the root's positions serve, but for
    # the rows gone; an event moved: an array of every position, as before. Both agree
    # with the positions of the events themselves
    tl = load(_big(tmp_path, 300))
    for k in (5, 120, 5):
        target = tl.events[k]
        tl = edit.replace_event(tl, target.id, attrs.evolve(target, title=f"T{k}")).apply(tl)
    events = tl.events
    assert isinstance(events, EventColumns)
    positions = events.positions
    assert positions._at is None  # type: ignore[attr-defined]
    expected = {event.id: p for p, event in enumerate(list(events))}
    assert dict(positions) == expected
    assert positions.find([events[120].id, "nope", events[7].id]) == [120, None, 7]  # type: ignore[attr-defined]
    assert "nope" not in positions
    moved = events[9]
    tl = edit.replace_event(tl, moved.id, attrs.evolve(moved, when=When.parse("2040"))).apply(tl)
    events = tl.events
    assert isinstance(events, EventColumns)
    assert events.positions._at is not None  # type: ignore[attr-defined]
    assert dict(events.positions) == {event.id: p for p, event in enumerate(list(events))}
    assert events.positions[moved.id] == len(events) - 1


@given(
    n=st.integers(0, 60),
    placed=st.dictionaries(st.integers(0, 59), st.integers(60, 200), max_size=10),
    data=st.data(),
)
def test_placed_rows_answer_as_the_array_of_every_row(
    n: int, placed: dict[int, int], data: st.DataObject
) -> None:
    import numpy as np

    from timeline._placed_rows import PlacedRows, rows_at

    placed = {p: row for p, row in placed.items() if p < n}
    rows = PlacedRows(n, placed)
    whole = [placed.get(p, p) for p in range(n)]
    assert len(rows) == n
    assert list(rows) == whole
    assert np.asarray(rows, np.int64).tolist() == whole
    assert np.asarray(rows, np.float64).dtype == np.float64
    if n:
        p = data.draw(st.integers(-n, n - 1))
        assert rows[p] == whole[p]
    with pytest.raises(IndexError):
        rows[n]
    cut = slice(*data.draw(st.tuples(*[st.none() | st.integers(-70, 70)] * 2)))
    assert rows[cut].tolist() == whole[cut]
    positions = data.draw(st.lists(st.integers(0, n - 1), max_size=30)) if n else []
    asked = np.asarray(positions, np.int64)
    assert rows.at(asked).tolist() == [whole[p] for p in positions]
    assert rows_at(rows, asked).tolist() == rows_at(whole, asked).tolist()
    assert list(pickle.loads(pickle.dumps(rows))) == whole


def test_titles_edited_keep_the_rows_placed_not_an_array_of_every_row(tmp_path: Path) -> None:
    # a title edited at ten million events made an array of every row (80 MB, kept for
    # undo, and a second while it was made): the rows placed are kept instead; many
    # events edited at once, or an event moved, are an array again, as before
    from timeline._edited_columns import PLACED_AT_MOST
    from timeline._placed_rows import PlacedRows

    root = load(_big(tmp_path, 320))
    tl = root
    for k in (5, 120, 5):
        target = tl.events[k]
        tl = edit.replace_event(tl, target.id, attrs.evolve(target, title=f"T{k}")).apply(tl)
        assert isinstance(tl.events, EventColumns)
        rows = tl.events.rows
        assert isinstance(rows, PlacedRows)
    assert isinstance(rows, PlacedRows)
    assert sorted(rows.placed) == [5, 120]
    titles = [event.title for event in root.events]
    titles[5], titles[120] = "T5", "T120"
    assert [event.title for event in tl.events] == titles
    assert tl == Timeline("Big", [*root.events[:5], tl.events[5], *root.events[6:120],
                                  tl.events[120], *root.events[121:]])  # fmt: skip
    olds = list(tl.events)[: 320 // PLACED_AT_MOST]  # (with the two placed: over one in 16)
    change = edit.Change(
        "Many titles",
        removed_events=tuple(olds),
        added_events=tuple(attrs.evolve(event, title="Many") for event in olds),
    )
    many = change.apply(tl)
    assert isinstance(many.events, EventColumns)
    assert not isinstance(many.events.rows, PlacedRows)
    assert [event.title for event in list(many.events)[:21]] == ["Many"] * 20 + [titles[20]]
    assert many.events[120].title == "T120"
    assert change.revert(many) == tl
    moved = tl.events[9]
    tl = edit.replace_event(tl, moved.id, attrs.evolve(moved, when=When.parse("2040"))).apply(tl)
    assert isinstance(tl.events, EventColumns)
    assert not isinstance(tl.events.rows, PlacedRows)
    assert tl.events[len(tl) - 1].id == moved.id


def test_a_status_still_held_after_a_delete_is_counted_not_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # deleting one of millions of events of a status asked for the list of every one of
    # them (a second of the interpreter at ten million): a count says it is still held
    pytest.importorskip("pyarrow")
    from typing import Any

    import timeline
    from timeline import edit, parquet_columns
    from timeline.columns import statuses_of
    from timeline.models import Status

    events = [
        Event(f"e{k}", f"Event {k}", When.parse(f"2001-01-{1 + k:02d}"), status=status)
        for k, status in enumerate(["planned", "planned", "planned", "happened", "cancelled"])
    ]
    path = tmp_path / "statuses.parquet"
    timeline.dump(Timeline("T", events), path)
    tl = timeline.load(path)
    rows = parquet_columns._ParquetRows
    source = tl.events.source  # type: ignore[attr-defined]
    assert isinstance(source, rows)
    for statuses in ({Status.PLANNED}, {Status.CANCELLED}, {Status.HAPPENED, Status.PLANNED}):
        wanted = frozenset(statuses)
        found = source.matching(tl.events.rows, (), None, wanted)  # type: ignore[attr-defined]
        assert source.count_statuses(tl.events.rows, wanted) == len(found)  # type: ignore[attr-defined]
    listed: list[frozenset[Status] | None] = []
    matching = rows.matching

    def recorded(self: Any, rows_: Any, words: Any, tags: Any, statuses: Any) -> list[int]:
        listed.append(statuses)
        return matching(self, rows_, words, tags, statuses)

    monkeypatch.setattr(rows, "matching", recorded)
    one_gone = edit.remove_event(tl, "e1").apply(tl)
    assert statuses_of(one_gone.events) == {Status.PLANNED, Status.HAPPENED, Status.CANCELLED}
    assert listed == []  # (two planned stay: counted)
    last_gone = edit.remove_event(tl, "e4").apply(tl)
    assert statuses_of(last_gone.events) == {Status.PLANNED, Status.HAPPENED}
    assert listed == [frozenset([Status.CANCELLED])]  # (as many as taken out: looked through)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tl=timelines(max_events=8), data=st.data())
def test_timelines_of_one_file_compare_by_their_rows_as_by_their_events(
    tl: Timeline, data: st.DataObject
) -> None:
    # (equality and a save's changes are found from the rows: a row of the file both hold
    # is the same event; only the others are made and compared)
    made = [_parquet_both(tl)]
    for _ in range(data.draw(st.integers(1, 6))):
        fast, slow = data.draw(st.sampled_from(made))  # (edits branch: as after an undo)
        change = data.draw(one_edit(slow))
        if change is not None:
            made.append((change.apply(fast), change.apply(slow)))
    chain = [fast for fast, _ in made]
    if any(not isinstance(t.events, EventColumns) for t in chain):
        return
    for a in chain:
        for b in chain:
            left, right = a.events, b.events
            assert isinstance(left, EventColumns)
            assert isinstance(right, EventColumns)
            assert (left == right) == (tuple(left) == tuple(right))
            apart = rows_apart(left, right)
            assert apart is not None
            for events, positions, others in ((left, apart[0], right), (right, apart[1], left)):
                assert positions == sorted(set(positions))
                held = set(others)
                assert all(events[p] in held for p in range(len(events)) if p not in positions)


def test_saving_one_edit_of_a_toml_file_held_as_columns_makes_no_other_event(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from benchmarks.generate import document
    from timeline import patch as patch_module
    from timeline.codec import from_data
    from timeline.patch import patch

    monkeypatch.setattr(toml_columns, "COLUMNS_FROM", 0)
    monkeypatch.setattr(patch_module, "CHECKED_BELOW", 0)  # (as a big file: not loaded back)
    data = dumps(from_data(document(400))).encode("utf-8")
    tl = loads(data.decode("utf-8"))
    assert isinstance(tl.events, EventColumns)
    event = tl.events[200]
    renamed = attrs.evolve(event, title=event.title + " (edited)")
    edited = edit.replace_event(tl, event.id, renamed).apply(tl)
    patched = patch(data, tl, edited)
    assert patched.rewritten is None
    assert _made(tl) <= 3
    assert _made(edited) <= 3
    assert patched.data.count(b"(edited)") == 1
    assert loads(patched.data.decode("utf-8")) == edited


def test_two_edits_of_one_event_from_the_same_timeline_are_not_equal(tmp_path: Path) -> None:
    # (each puts its event in at the same new row: rows past the file's are compared)
    tl = load(_big(tmp_path, 50))
    event = tl.events[20]
    a, b = (
        edit.replace_event(tl, event.id, attrs.evolve(event, title=title)).apply(tl)
        for title in ("One", "Other")
    )
    assert isinstance(a.events, EventColumns)
    assert isinstance(b.events, EventColumns)
    assert a.events.rows[20] == b.events.rows[20]
    assert a != b
    assert a.events != b.events
    assert rows_apart(a.events, b.events) == ([20], [20])
    same = edit.replace_event(tl, event.id, attrs.evolve(event, title="One")).apply(tl)
    assert same == a


def test_only_a_timeline_and_its_edits_compare_by_rows(tmp_path: Path) -> None:
    # (the rows' answer holds for a root and the edits that keep its rows; columns over the
    # same file in another order are compared event by event)
    tl = load(_big(tmp_path, 30))
    events = tl.events
    assert isinstance(events, EventColumns)
    rows = list(events.rows)
    rows[3], rows[4] = rows[4], rows[3]
    other = EventColumns(events.ids, events.whens, events.keys, rows, events.source)
    assert rows_apart(events, other) is None
    assert events != other
    edited = edit.replace_event(tl, events[3].id, attrs.evolve(events[3], title="T")).apply(tl)
    assert isinstance(edited.events, EventColumns)
    assert rows_apart(events, edited.events) == ([3], [3])
