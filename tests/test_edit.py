"""timeline.edit: operations on a Timeline, with link checks, undo and descriptions."""

from __future__ import annotations

import math
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.edit_strategies import edit_sequences
from tests.strategies import timelines
from timeline import (
    Citation,
    Event,
    Link,
    Source,
    Timeline,
    TimelineError,
    When,
    edit,
    load,
    models,
)

DATA = Path(__file__).resolve().parent.parent / "data" / "events.toml"


@pytest.fixture(scope="module")
def tl() -> Timeline:
    return load(DATA)


def _event(event_id: str, day: str = "2017-09-24", **kw: object) -> Event:
    return Event(event_id, f"Event {event_id}", When.parse(day), **kw)  # type: ignore[arg-type]


def test_add_apply_revert(tl: Timeline) -> None:
    new = _event("new-event", related=[Link("follows", "chicago-sues")])
    change = edit.add_event(tl, new)
    assert change.description == "Add 'Event new-event'"
    after = change.apply(tl)
    assert after["new-event"] == new
    assert len(after) == len(tl) + 1
    assert change.revert(after) == tl
    assert tl.events == change.revert(after).events


def test_add_refuses_a_used_id_and_unknown_references(tl: Timeline) -> None:
    with pytest.raises(TimelineError, match=r"event\.id: 'chicago-sues' is already the id of"):
        edit.add_event(tl, _event("chicago-sues"))
    with pytest.raises(TimelineError, match=r"event.sources\[0\].source: unknown source 'nope'"):
        edit.add_event(tl, _event("x", sources=[Citation("nope")]))
    with pytest.raises(TimelineError, match=r"event.related\[0\].event: unknown event 'nope'"):
        edit.add_event(tl, _event("x", related=[Link("follows", "nope")]))
    # a link to itself is fine
    edit.add_event(tl, _event("x", related=[Link("follows", "x")]))


def test_move_and_other_descriptions(tl: Timeline) -> None:
    old = tl["chicago-sues"]
    moved = attrs.evolve(old, when=When.parse("2017-08-09"))
    assert edit.replace_event(tl, old.id, moved).description == f"Move {_q(old.title)}"
    longer = attrs.evolve(old, when=When.parse("2017-08-09/2017-08-10"))
    assert edit.replace_event(tl, old.id, longer).description.startswith("Change the date of")
    retitled = attrs.evolve(old, title="Chicago sues")
    assert edit.replace_event(tl, old.id, retitled).description.endswith("to 'Chicago sues'")
    summary = attrs.evolve(old, summary="Other words.")
    assert edit.replace_event(tl, old.id, summary).description.startswith("Edit ")
    assert edit.replace_event(tl, old.id, summary, description="Mine").description == "Mine"


def _q(text: str) -> str:
    return f"'{text}'" if len(text) <= 40 else f"'{text[:39].rstrip()}…'"


def test_replace_with_a_new_id_updates_the_links(tl: Timeline) -> None:
    old = tl["byrne-jag-conditions"]
    change = edit.replace_event(tl, old.id, attrs.evolve(old, id="byrne"))
    assert "(2 links updated)" in change.description
    assert change.renamed == (("byrne-jag-conditions", "byrne"),)
    after = change.apply(tl)
    assert "byrne-jag-conditions" not in after
    assert [i for i, _ in edit.links_to(after, "byrne")] == ["chicago-sues", "chicago-injunction"]
    assert change.revert(after) == tl


@pytest.mark.parametrize("replace", [edit.replace_event, edit.check_replace_event])
def test_replace_refuses_an_id_in_use(tl: Timeline, replace: object) -> None:
    old = tl["byrne-jag-conditions"]
    assert callable(replace)
    with pytest.raises(TimelineError, match=r"event\.id: 'chicago-sues' is already the id"):
        replace(tl, old.id, attrs.evolve(old, id="chicago-sues"))
    with pytest.raises(TimelineError, match="event_id: no event with id 'nope'"):
        replace(tl, "nope", old)
    unknown = attrs.evolve(old, id="byrne", related=[Link("follows", "nope")])
    with pytest.raises(TimelineError, match=r"event.related\[0\].event: unknown event 'nope'"):
        replace(tl, old.id, unknown)
    # checked as replace_event checks: a link to itself follows its new id
    itself = attrs.evolve(tl["chicago-sues"], id="sues", related=[Link("follows", "chicago-sues")])
    edit.check_replace_event(tl, "chicago-sues", itself)  # (raises nothing)
    assert edit.replace_event(tl, "chicago-sues", itself).added_events[0].related[0].event == "sues"


def test_remove_reports_the_links_then_removes_them_on_request(tl: Timeline) -> None:
    with pytest.raises(edit.LinkedError, match="linked to by 'chicago-sues'") as caught:
        edit.remove_event(tl, "byrne-jag-conditions")
    assert [i for i, _ in caught.value.links] == ["chicago-sues", "chicago-injunction"]
    change = edit.remove_event(tl, "byrne-jag-conditions", unlink=True)
    assert change.description.endswith("and 2 links to it")
    after = change.apply(tl)
    assert "byrne-jag-conditions" not in after
    assert not edit.links_to(after, "byrne-jag-conditions")
    assert after["chicago-injunction"].related == tuple(
        link for link in tl["chicago-injunction"].related if link.event != "byrne-jag-conditions"
    )
    assert change.revert(after) == tl


def test_sources(tl: Timeline) -> None:
    new = Source("new-source", "A new source")
    added = edit.add_source(tl, new)
    after = added.apply(tl)
    assert after.sources[-1] == new
    assert added.revert(after) == tl
    with pytest.raises(TimelineError, match=r"source\.id: 'new-source' is already used"):
        edit.add_source(after, new)

    cited = edit.citations_of(tl, "seed-article")
    assert cited
    with pytest.raises(edit.LinkedError, match="'seed-article' is cited by") as caught:
        edit.remove_source(tl, "seed-article")
    assert caught.value.citations == cited
    gone = edit.remove_source(tl, "seed-article", uncite=True)
    after = gone.apply(tl)
    assert not edit.citations_of(after, "seed-article")
    assert gone.revert(after) == tl

    renamed = edit.replace_source(tl, "seed-article", attrs.evolve(tl.sources[0], id="seed"))
    after = renamed.apply(tl)
    assert after.sources[0].id == "seed"
    assert len(edit.citations_of(after, "seed")) == len(cited)
    assert renamed.revert(after) == tl


@pytest.mark.parametrize("replace", [edit.replace_source, edit.check_replace_source])
def test_replace_source_refuses_an_id_in_use_or_an_unknown_source(
    tl: Timeline, replace: object
) -> None:
    assert callable(replace)
    first, second = tl.sources[0], tl.sources[1]
    with pytest.raises(TimelineError, match=rf"source\.id: '{second.id}' is already used"):
        replace(tl, first.id, attrs.evolve(first, id=second.id))
    with pytest.raises(TimelineError, match="no source with id 'nope'"):
        replace(tl, "nope", first)
    with pytest.raises(TimelineError, match="replace_source: source: "):
        replace(tl, first.id, "not a source")
    replace(tl, first.id, attrs.evolve(first, id="a-free-id"))  # (raises nothing)


def test_apply_out_of_order_fails_loudly(tl: Timeline) -> None:
    change = edit.remove_event(tl, "chicago-sues", unlink=True)
    after = change.apply(tl)
    with pytest.raises(TimelineError, match="does not hold"):
        change.apply(after)
    with pytest.raises(TimelineError, match="already used"):
        edit.add_event(tl, _event("x")).apply(edit.add_event(tl, _event("x")).apply(tl))


def test_no_op_replacement_changes_nothing(tl: Timeline) -> None:
    change = edit.replace_event(tl, "chicago-sues", tl["chicago-sues"])
    assert change.apply(tl) is tl


# -- any sequence of edits, undone, gives the timeline back ------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edit_sequences(timelines(max_events=5, max_sources=3)))
def test_undo_all_gives_the_timeline_back(
    case: tuple[Timeline, list[edit.Change], Timeline],
) -> None:
    start, changes, end = case
    tl = end
    for change in reversed(changes):
        tl = change.revert(tl)
    assert tl == start
    # and the result of every step is a valid timeline, as if built from scratch
    assert (
        Timeline(end.title, end.events, end.sources, description=end.description, eras=end.eras)
        == end
    )
    assert edit.apply(start, *changes) == end


# -- an edited timeline is what building it again gives, derived state included ------


def _windows(tl: Timeline, tz: str | None) -> list[tuple[float, float]]:
    lowers, uppers = tl.keys(tz)
    bounds = sorted({*lowers, *uppers})[:12]
    return [(a, b) for a in bounds for b in bounds if a <= b] + [(-math.inf, math.inf)]


def _as_if_rebuilt(tl: Timeline) -> None:
    rebuilt = Timeline(tl.title, tl.events, tl.sources, description=tl.description, tz=tl.tz)
    assert tl.events == rebuilt.events  # the same order, not only equal as timelines
    assert tl._by_id == rebuilt._by_id
    assert tl._sources_by_id == rebuilt._sources_by_id
    assert len(tl.index) == len(rebuilt.index) == len(tl)
    for tz in (None, "Asia/Kolkata"):
        for lo, hi in _windows(rebuilt, tz):
            assert tl.index_in(tz).overlapping(lo, hi) == rebuilt.index_in(tz).overlapping(lo, hi)
            assert tl.index_in(tz).within(lo, hi) == rebuilt.index_in(tz).within(lo, hi)
    assert tl.search_texts() == rebuilt.search_texts()
    assert [tl.position(e.id) for e in tl] == list(range(len(tl)))
    assert tl.cited_sources() == rebuilt.cited_sources()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edit_sequences(timelines(max_events=8, max_sources=3)), st.booleans())
def test_an_edited_timeline_is_what_building_it_again_gives(
    case: tuple[Timeline, list[edit.Change], Timeline], derived_first: bool
) -> None:
    start, changes, _ = case
    if derived_first:  # kept state made before the edits is edited with them
        start.search_texts()
        start.index_in("Asia/Kolkata")
    tl = start
    for change in changes:
        tl = change.apply(tl)
        _as_if_rebuilt(tl)
    for change in reversed(changes):
        tl = change.revert(tl)
        _as_if_rebuilt(tl)
    assert tl == start


def test_a_large_change_builds_the_timeline_again(
    tl: Timeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(models, "EDITED_AT_MOST", 0)
    change = edit.replace_event(tl, "chicago-sues", attrs.evolve(tl["chicago-sues"], id="sued"))
    edited = change.apply(tl)
    assert "sued" in edited
    _as_if_rebuilt(edited)
    assert change.revert(edited) == tl


def test_eras_are_added_replaced_and_removed_by_value_in_order(tl: Timeline) -> None:
    homan, safe_city = tl.eras
    early = models.Era("Before", When.parse("2016-01-01/2016-12-31"))
    added = edit.add_era(tl, early)
    assert added.description == "Add era 'Before'"
    after = added.apply(tl)
    assert after.eras == (early, homan, safe_city)  # in order of their start
    assert after.events == tl.events
    assert added.revert(after) == tl
    longer = attrs.evolve(safe_city, when=When.parse("2017-09-24/2017-09-30"))
    replaced = edit.replace_era(after, safe_city, longer)
    assert replaced.description == "Change the dates of era 'ICE's \"Operation Safe City\"'"
    assert replaced.apply(after).eras == (early, homan, longer)
    renamed = edit.replace_era(after, early, attrs.evolve(early, title="Earlier"))
    assert renamed.description == "Rename era 'Before' to 'Earlier'"
    recoloured = edit.replace_era(after, early, attrs.evolve(early, colour="#112233"))
    assert recoloured.description == "Edit era 'Before'"
    removed = edit.remove_era(after, homan)
    assert removed.description == "Delete era 'Thomas D. Homan, Acting Director of ICE'"
    assert removed.apply(after).eras == (early, safe_city)
    assert removed.revert(removed.apply(after)) == after
    assert edit.replace_era(tl, homan, homan).apply(tl) is tl  # no change


def test_an_era_not_in_the_timeline_cannot_be_replaced_or_removed(tl: Timeline) -> None:
    missing = models.Era("Missing", When.parse("2016"))
    with pytest.raises(TimelineError, match=r"remove_era: the timeline has no era 'Missing' 2016"):
        edit.remove_era(tl, missing)
    with pytest.raises(TimelineError, match=r"replace_era: the timeline has no era 'Missing'"):
        edit.replace_era(tl, missing, missing)
    with pytest.raises(TimelineError, match=r"add_era: era: 'Missing' is not a Era"):
        edit.add_era(tl, "Missing")  # type: ignore[arg-type]
    change = edit.add_era(tl, missing)
    with pytest.raises(TimelineError, match=r"does not hold era 'Missing' as expected"):
        change.revert(tl)  # an undo stack out of order fails loudly
