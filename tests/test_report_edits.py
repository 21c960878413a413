"""The disagreeing reports of an edited timeline, edited from those before (issue 15).

:func:`timeline.report_edits.reports_after` keeps the reports of the events an edit leaves
(renumbered) and finds those of the events it puts in: they must be what a pass over
every citation of the edited timeline finds (:func:`timeline.columns.disagreeing_reports`).
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.edit_strategies import one_edit
from tests.strategies import timelines
from timeline import Citation, Event, Source, Timeline, When, edit
from timeline.columns import Ghosts, disagreeing_reports
from timeline.report_edits import reports_after


def _same(found: Ghosts, expected: Ghosts) -> None:
    assert list(found) == list(expected)
    assert list(found.positions) == list(expected.positions)
    assert [list(side) for side in found.bounds] == [list(side) for side in expected.bounds]
    assert list(found.timed) == list(expected.timed)
    assert found.spans("Asia/Kolkata") == expected.spans("Asia/Kolkata")


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_the_reports_edited_are_those_of_the_edited_timeline(data: st.DataObject) -> None:
    tl = data.draw(timelines(max_events=8, max_sources=3))
    change = data.draw(one_edit(tl))
    if change is None:
        return
    undo = data.draw(st.booleans())
    edited = change.apply(tl)
    old, new, made = (edited, tl, change.inverse()) if undo else (tl, edited, change)
    before = disagreeing_reports(old.events)
    _same(reports_after(before, old, new, made), disagreeing_reports(new.events))


def _w(text: str) -> When:
    return When.parse(text)


def _events(n: int) -> list[Event]:
    """``n`` events a day apart; every third one's source reports the day before."""
    return [
        Event(
            f"e{k:03}",
            f"Event {k}",
            _w(f"2017-{1 + k // 28:02}-{1 + k % 28:02}"),
            sources=(Citation("wire", reported=_w(f"2016-{1 + k // 28:02}-{1 + k % 28:02}")),)
            if k % 3 == 0
            else (),
        )
        for k in range(n)
    ]


def test_an_event_moved_keeps_the_others_reports_and_their_dates_unread(
    tmp_path: Path,
) -> None:
    pytest.importorskip("pyarrow")
    from timeline import dump, load

    path = tmp_path / "many.parquet"
    dump(Timeline("Many", _events(200), [Source("wire", "Wire")]), path, force=True)
    tl = load(path)
    before = disagreeing_reports(tl.events)
    assert len(before) == 67
    moved = attrs.evolve(
        tl["e003"], when=_w("2017-05-01"), sources=(Citation("wire", reported=_w("2017-04")),)
    )
    change = edit.replace_event(tl, "e003", moved)
    new = change.apply(tl)
    after = reports_after(before, tl, new, change)
    assert before.made() == 0  # (no report's date read: each made when first read)
    assert len(after) == len(before)
    k = list(after.positions).index(new.position("e003"))
    assert after.sources[k] == "wire"
    assert after.when(k) == _w("2017-04")
    _same(after, disagreeing_reports(new.events))
