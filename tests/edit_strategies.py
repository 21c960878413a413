"""Hypothesis strategies for edits (timeline.edit), shared by the edit and patch tests."""

from __future__ import annotations

import attrs
from hypothesis import strategies as st

from tests.strategies import eras, events, ids, sources
from timeline import Timeline, edit

__all__ = ["edit_sequences", "one_edit"]


@st.composite
def edit_sequences(
    draw: st.DrawFn, timelines: st.SearchStrategy[Timeline], max_edits: int = 6
) -> tuple[Timeline, list[edit.Change], Timeline]:
    """(a timeline, edits made on it one after the other, the edited timeline)."""
    start = tl = draw(timelines)
    changes: list[edit.Change] = []
    for _ in range(draw(st.integers(0, max_edits))):
        change = draw(one_edit(tl))
        if change is None:
            continue
        tl = change.apply(tl)
        changes.append(change)
    return start, changes, tl


@st.composite
def one_edit(draw: st.DrawFn, tl: Timeline) -> edit.Change | None:
    source_ids = [s.id for s in tl.sources]
    event_ids = [e.id for e in tl.events]
    """An edit of ``tl``: add, replace, rename or remove an event, add, rename or remove a
    source, add, replace or remove an era."""
    kinds = ["add", "replace", "rename", "remove", "source", "resource", "unsource"]
    kinds += ["era", "reera", "unera"]
    kind = draw(st.sampled_from(kinds))
    if kind == "era":
        return edit.add_era(tl, draw(eras()))
    if kind in ("reera", "unera") and tl.eras:
        old = draw(st.sampled_from(tl.eras))
        if kind == "unera":
            return edit.remove_era(tl, old)
        return edit.replace_era(tl, old, draw(eras()))
    if kind == "add":
        new_id = draw(ids().filter(lambda i: i not in tl))
        event = draw(events(new_id, source_ids, [*event_ids, new_id]))
        return edit.add_event(tl, event)
    if kind == "source":
        new_id = draw(ids().filter(lambda i: i not in source_ids))
        return edit.add_source(tl, draw(sources(new_id)))
    if kind == "resource" and source_ids:  # a source given a new id: its citations follow
        old_id = draw(st.sampled_from(source_ids))
        new_id = draw(ids().filter(lambda i: i not in source_ids))
        return edit.replace_source(tl, old_id, attrs.evolve(tl.source(old_id), id=new_id))
    if kind == "unsource" and source_ids:
        return edit.remove_source(tl, draw(st.sampled_from(source_ids)), uncite=True)
    if not event_ids:
        return None
    target = draw(st.sampled_from(event_ids))
    if kind == "remove":
        return edit.remove_event(tl, target, unlink=True)
    if kind == "rename":
        new_id = draw(ids().filter(lambda i: i not in tl))
        return edit.replace_event(tl, target, attrs.evolve(tl[target], id=new_id))
    event = draw(events(target, source_ids, event_ids))
    return edit.replace_event(tl, target, event)
