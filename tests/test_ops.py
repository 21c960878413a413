"""Operations on timelines: subset, filter, matching, merge and diff (timeline.ops)."""

from __future__ import annotations

import json

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import timeline
from tests.strategies import timelines
from timeline import Citation, Event, Link, Source, Status, Timeline, TimelineError, When
from timeline.ops import Difference, FieldChange, MergeConflict, matching, matching_ids

_SLOW = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _tl() -> Timeline:
    """a <- b -> c (links), a and b cite s1, c cites s2; s3 is cited by no one."""
    sources = [Source("s1", "One"), Source("s2", "Two"), Source("s3", "Three")]
    events = [
        Event(
            "a",
            "Arrest in Portland",
            When.parse("2017-09-01"),
            sources=[Citation("s1")],
            tags=["ice"],
        ),
        Event(
            "b",
            "Bail hearing",
            When.parse("2017-09-05"),
            sources=[Citation("s1")],
            related=[Link("follows", "a"), Link("before", "c")],
            tags=["courts"],
        ),
        Event(
            "c",
            "Court ruling",
            When.parse("2017-09-15"),
            sources=[Citation("s2")],
            status="planned",
            tags=["courts", "ice"],
        ),
    ]
    return Timeline("T", events, sources, description="d", tz="America/Chicago")


# -- subset and filter ------------------------------------------------------------


def test_subset_drops_links_to_events_left_out_and_sources_no_one_cites_any_more() -> None:
    small = _tl().subset(["b"])
    assert [e.id for e in small] == ["b"]
    assert small["b"].related == ()
    assert [s.id for s in small.sources] == ["s1", "s3"]  # s2 was cited by c only; s3 by no one
    assert (small.title, small.description, small.tz) == ("T", "d", "America/Chicago")


def test_subset_keeps_links_between_events_kept() -> None:
    small = _tl().subset({"a", "b"})
    assert small["b"].related == (Link("follows", "a"),)
    assert [s.id for s in small.sources] == ["s1", "s3"]


def test_prune_links_false_names_the_dangling_links() -> None:
    with pytest.raises(TimelineError, match=r"'b' -> 'c' \(before\)") as caught:
        _tl().subset(["a", "b"], prune_links=False)
    assert "prune_links=True" in str(caught.value)
    kept = _tl().subset(["a", "c"], prune_links=False)
    assert [e.id for e in kept] == ["a", "c"]  # no link leaves the subset: fine


def test_prune_sources_false_keeps_every_source() -> None:
    small = _tl().subset(["a"], prune_sources=False)
    assert [s.id for s in small.sources] == ["s1", "s2", "s3"]


def test_subset_of_every_id_is_the_timeline_itself() -> None:
    tl = _tl()
    assert tl.subset(["c", "a", "b"]) is tl


def test_subset_refuses_unknown_ids_and_takes_one_string_as_one_id() -> None:
    with pytest.raises(TimelineError, match=r"subset: no event with id 'nope', 'zzz'"):
        _tl().subset(["a", "zzz", "nope"])
    assert [e.id for e in _tl().subset("a")] == ["a"]
    assert len(_tl().subset([])) == 0


def test_filter_keeps_the_fast_path_and_drops_sources_no_one_cites_any_more() -> None:
    tl = _tl()
    assert tl.filter() is tl
    assert tl.filter(text="") is tl
    assert tl.filter(start="2017") is tl
    courts = tl.filter(tag="courts")
    assert [e.id for e in courts] == ["b", "c"]
    assert [s.id for s in courts.sources] == ["s1", "s2", "s3"]
    ice = tl.filter(tag="ice", status="planned")
    assert [e.id for e in ice] == ["c"]
    assert [s.id for s in ice.sources] == ["s2", "s3"]
    assert [s.id for s in tl.filter(tag="ice", prune_sources=False).sources] == ["s1", "s2", "s3"]
    with pytest.raises(TimelineError, match="'b' -> 'a'"):
        tl.filter(tag="courts", prune_links=False)


def test_filter_where_takes_any_test_of_an_event() -> None:
    tl = _tl()
    assert [e.id for e in tl.filter(where=lambda e: len(e.related) > 0)] == ["b"]
    assert [e.id for e in tl.filter(where=lambda e: "ing" in e.title, tag="courts")] == ["b", "c"]
    assert tl.filter(where=lambda e: True) is tl


def test_filter_status_is_checked_with_the_rules_words() -> None:
    with pytest.raises(TimelineError, match="'sunk' is not a status"):
        _tl().filter(status="sunk")


def test_matching_ids_is_none_without_a_criterion() -> None:
    tl = _tl()
    assert matching_ids(tl) is None
    assert matching_ids(tl, text="   ") is None
    assert matching_ids(tl, text="RULING") == frozenset({"c"})
    assert matching_ids(tl, tag="ice") == frozenset({"a", "c"})
    assert matching_ids(tl, status=Status.PLANNED) == frozenset({"c"})
    assert matching_ids(tl, text="r", tag="courts", status="happened") == frozenset({"b"})
    assert matching_ids(tl, tag="nope") == frozenset()


def test_matching_text_and_window_together() -> None:
    tl = _tl()
    found = matching(tl, text="hearing ruling", start="2017-09")
    assert list(found) == []
    found = matching(tl, text="bail", start="2017-09-02", end="2017-09-30")
    assert [e.id for e in found] == ["b"]
    assert [e.id for e in matching(tl, text="a", end="2017-09-04")] == ["a"]


def test_matching_window_text_and_tag_together() -> None:
    tl = _tl()
    found = matching(tl, text="r", tag="courts", start="2017-09-10")
    assert [e.id for e in found] == ["c"]
    assert list(matching(tl, text="r", tag="courts", status="happened", end="2017-09-10")) == [
        tl["b"]
    ]


def test_matching_any_of_several_tags_or_statuses() -> None:
    tl = _tl()
    assert [e.id for e in matching(tl, tag=["ice", "nope"])] == ["a", "c"]
    assert [e.id for e in matching(tl, tag=[])] == []
    assert [e.id for e in matching(tl, status=["planned", Status.HAPPENED], text="i")] == [
        "a",
        "b",
        "c",
    ]
    assert [e.id for e in matching(tl, tag=("courts",), status=["planned"], text="c")] == ["c"]


def test_cited_sources_are_kept_with_the_timeline() -> None:
    tl = _tl()
    assert tl.cited_sources() == frozenset({"s1", "s2"})
    assert tl.cited_sources() is tl.cited_sources()


@_SLOW
@given(
    tl=timelines(),
    text=st.sampled_from(["", "a", "a e", "x"]),
    tag=st.none() | st.sampled_from(["a", "b"]),
    status=st.none() | st.sampled_from(list(Status)),
    window=st.booleans(),
)
def test_matching_is_every_criterion_at_once(
    tl: Timeline, text: str, tag: str | None, status: Status | None, window: bool
) -> None:
    start = "2000" if window else None
    found = matching(tl, text=text, tag=tag, status=status, start=start)
    words = text.casefold().split()
    inside = {e.id for e in tl.between(start)} if window else {e.id for e in tl}
    expected = [
        e
        for e in tl
        if (tag is None or tag in e.tags)
        and (status is None or e.status is status)
        and all(w in timeline.models.search_text(e) for w in words)
        and e.id in inside
    ]
    assert list(found) == expected


@_SLOW
@given(tl=timelines(), data=st.data())
def test_a_subset_is_valid_and_keeps_what_it_can(tl: Timeline, data: st.DataObject) -> None:
    ids = data.draw(st.sets(st.sampled_from([e.id for e in tl]))) if len(tl) else set()
    small = tl.subset(ids)
    assert {e.id for e in small} == ids
    again = Timeline(
        small.title,
        small.events,
        small.sources,
        tz=small.tz,
        description=small.description,
        eras=small.eras,
    )
    assert again == small  # it constructs: links and citations resolve
    assert small.eras == tl.eras  # the story's periods stay whatever events are kept
    for event in small:
        before = tl[event.id]
        assert event.related == tuple(r for r in before.related if r.event in ids)
        assert attrs.evolve(event, related=before.related) == before
    cited = {c.source for e in tl for c in e.sources}
    cited_now = {c.source for e in small for c in e.sources}
    assert [s.id for s in small.sources] == [
        s.id for s in tl.sources if s.id in cited_now or s.id not in cited
    ]


@_SLOW
@given(tl=timelines())
def test_subset_of_all_ids_is_the_timeline(tl: Timeline) -> None:
    assert tl.subset([e.id for e in tl]) == tl


# -- diff ---------------------------------------------------------------------------


def test_event_diff_names_the_fields_and_both_values() -> None:
    a = _tl()["c"]
    b = attrs.evolve(a, title="Court ruling (postponed)", status="postponed")
    assert a.diff(a) == ()
    assert a.diff(b) == (
        FieldChange("title", "Court ruling", "Court ruling (postponed)"),
        FieldChange("status", Status.PLANNED, Status.POSTPONED),
    )
    assert str(a.diff(b)[1]) == 'status: "planned" -> "postponed"'


def test_timeline_diff_added_removed_changed() -> None:
    a = _tl()
    b = attrs.evolve(
        a,
        title="T2",
        events=[
            attrs.evolve(a["a"], when=When.parse("2017-09-02")),
            attrs.evolve(a["b"], related=[Link("follows", "a")]),
            Event("d", "Deportation", When.parse("2017-10")),
        ],
        sources=[Source("s1", "One, revised"), Source("s2", "Two"), Source("s4", "Four")],
    )
    d = a.diff(b)
    assert d
    assert [e.id for e in d.added] == ["d"]
    assert [e.id for e in d.removed] == ["c"]
    assert [c.id for c in d.changed] == ["a", "b"]
    assert d.changed[0] == Difference(
        "event", "a", (FieldChange("when", When.parse("2017-09-01"), When.parse("2017-09-02")),)
    )
    assert [s.id for s in d.added_sources] == ["s4"]
    assert [s.id for s in d.removed_sources] == ["s3"]
    assert [c.id for c in d.changed_sources] == ["s1"]
    assert d.fields == (FieldChange("title", "T", "T2"),)
    text = str(d)
    assert "+ event 'd': Deportation (2017-10)" in text
    assert "- event 'c': Court ruling (2017-09-15)" in text
    assert '~ event \'a\':\n  when: "2017-09-01" -> "2017-09-02"' in text
    assert 'timeline title: "T" -> "T2"' in text
    data = json.loads(json.dumps(d.to_data()))
    assert data["equal"] is False
    assert data["events"]["added"] == ["d"]
    assert data["events"]["changed"][1]["fields"][0]["ours"] == [
        {"kind": "follows", "event": "a"},
        {"kind": "before", "event": "c"},
    ]


def test_diff_of_equal_timelines_is_empty() -> None:
    d = _tl().diff(_tl())
    assert not d
    assert str(d) == "no differences"
    assert d.to_data()["equal"] is True


@_SLOW
@given(a=timelines(), b=timelines())
def test_diff_laws(a: Timeline, b: Timeline) -> None:
    assert not a.diff(a)
    d = a.diff(b)
    ours, theirs = {e.id for e in a}, {e.id for e in b}
    assert [e.id for e in d.added] == [e.id for e in b if e.id not in ours]
    assert [e.id for e in d.removed] == [e.id for e in a if e.id not in theirs]
    for change in d.changed:
        assert change.fields == a[change.id].diff(b[change.id]) != ()
    if a == b:
        assert not d
    if not d:
        assert a.events == b.events
        assert set(a.sources) == set(b.sources)


def test_apply_makes_the_differences() -> None:
    a = _tl()
    b = attrs.evolve(
        a,
        title="T2",
        tz=None,
        events=[
            attrs.evolve(a["a"], when=When.parse("2017-09-02"), tags=[]),
            attrs.evolve(a["b"], related=[Link("follows", "a")]),
            Event("d", "Deportation", When.parse("2017-10")),
        ],
        sources=[Source("s1", "One, revised"), Source("s2", "Two"), Source("s4", "Four")],
    )
    made = a.diff(b).apply(a)
    assert made == b
    assert not made.diff(b)
    with pytest.raises(TimelineError, match=r"events missing 'd'"):
        b.diff(a).apply(b.subset(["a", "b"]))
    with pytest.raises(TimelineError, match=r"events missing 'c'; already there 'd'"):
        a.diff(b).apply(b)


@_SLOW
@given(a=timelines(), b=timelines())
def test_apply_of_a_diff_gives_the_other_timeline(a: Timeline, b: Timeline) -> None:
    made = a.diff(b).apply(a)
    assert made.events == b.events
    assert (made.title, made.description, made.tz) == (b.title, b.description, b.tz)
    assert set(made.sources) == set(b.sources)  # (in a's order, then b's new ones)
    assert not made.diff(b)


# -- merge ---------------------------------------------------------------------------


def test_merge_of_disjoint_timelines_has_both() -> None:
    a = _tl()
    b = Timeline(
        "B",
        [
            Event(
                "x", "X", When.parse("2018"), sources=[Citation("t")], related=[Link("after", "y")]
            ),
            Event("y", "Y", When.parse("2016")),
        ],
        [Source("t", "Tee")],
        description="other",
        tz="UTC",
    )
    merged = a.merge(b)
    assert merged.clashes == ()
    tl = merged.timeline
    assert [e.id for e in tl] == ["y", "a", "b", "c", "x"]
    assert [s.id for s in tl.sources] == ["s1", "s2", "s3", "t"]
    assert (tl.title, tl.description, tl.tz) == ("T", "d", "America/Chicago")  # ours
    bare = Timeline("Bare", [Event("z", "Z", When.parse("2019"))])
    backed = bare.merge(b).timeline
    assert (backed.title, backed.description, backed.tz) == ("Bare", "other", "UTC")


def test_merge_clashes_error_ours_theirs() -> None:
    a = _tl()
    b = Timeline(
        "B",
        [
            attrs.evolve(a["a"], title="Arrest", tags=["ice", "portland"]),
            Event("e", "E", When.parse("2017")),
        ],
        [Source("s1", "One (2nd ed.)")],
    )
    with pytest.raises(MergeConflict) as caught:
        a.merge(b)
    clashes = caught.value.clashes
    assert [(c.kind, c.id) for c in clashes] == [("event", "a"), ("source", "s1")]
    assert [f.field for f in clashes[0].fields] == ["title", "tags"]
    assert clashes[0].fields[1] == FieldChange("tags", ("ice",), ("ice", "portland"))
    message = str(caught.value)
    assert "2 clashes" in message
    assert "event 'a':" in message
    assert 'title: "Arrest in Portland" -> "Arrest"' in message
    assert isinstance(caught.value, TimelineError)

    ours = a.merge(b, on_conflict="ours")
    assert ours.clashes == clashes
    assert ours.timeline["a"] == a["a"]
    assert ours.timeline.source("s1") == a.source("s1")
    assert "e" in ours.timeline
    theirs = a.merge(b, on_conflict="theirs")
    assert theirs.timeline["a"] == b["a"]
    assert theirs.timeline.source("s1").title == "One (2nd ed.)"
    with pytest.raises(TimelineError, match="on_conflict 'mine'"):
        a.merge(b, on_conflict="mine")  # type: ignore[arg-type]


@_SLOW
@given(a=timelines())
def test_merging_a_timeline_with_itself_is_itself(a: Timeline) -> None:
    merged = a.merge(a)
    assert merged.clashes == ()
    assert merged.timeline == a


@_SLOW
@given(a=timelines(), b=timelines())
def test_merge_of_disjoint_timelines_contains_both(a: Timeline, b: Timeline) -> None:
    assume(not {e.id for e in a} & {e.id for e in b})
    assume(not {s.id for s in a.sources} & {s.id for s in b.sources})
    merged = a.merge(b)
    assert merged.clashes == ()
    assert set(merged.timeline.events) == set(a.events) | set(b.events)
    assert merged.timeline.sources == a.sources + b.sources


@_SLOW
@given(a=timelines(), b=timelines(), side=st.sampled_from(["ours", "theirs"]))
def test_merge_keeps_every_id_and_the_chosen_side(a: Timeline, b: Timeline, side: str) -> None:
    merged = a.merge(b, on_conflict=side)  # type: ignore[arg-type]
    tl = merged.timeline
    assert {e.id for e in tl} == {e.id for e in a} | {e.id for e in b}
    first, second = (a, b) if side == "ours" else (b, a)
    for e in tl:
        assert e == (first[e.id] if e.id in first else second[e.id])
    assert {c.id for c in merged.clashes if c.kind == "event"} == {
        e.id for e in a if e.id in b and b[e.id] != e
    }


def test_the_new_names_are_exported() -> None:
    for name in ("Difference", "FieldChange", "Merged", "MergeConflict", "TimelineDiff", "make_id"):
        assert name in timeline.__all__
        assert getattr(timeline, name) is not None
