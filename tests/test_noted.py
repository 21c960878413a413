"""``timeline.noted``: the problems the library warns of, gathered in one thread only.

An application runs a save or an export on a worker thread and shows its user what the
library noted (an event left out of an iCalendar file); :func:`warnings.catch_warnings`
cannot do that safely while other threads run.
"""

from __future__ import annotations

import threading

import pytest

from timeline import Event, Problem, Timeline, TimelineWarning, When, noted, to_ics

FAR = Timeline(
    "T",
    [
        Event("far", "Far", When.parse("Y-12000")),
        Event("near", "Near", When.parse("2017-09-01")),
    ],
)


def test_the_problems_are_gathered_instead_of_warned_each_time() -> None:
    # (pytest turns a warning into an error here: none is issued)
    with noted() as problems:
        to_ics(FAR)
        to_ics(FAR)  # (a warning at the same place is said once; a note each time)
    assert [p.event for p in problems] == ["far", "far"]
    assert all(isinstance(p, Problem) and p.field == "when" for p in problems)
    assert "left out" in str(problems[0])
    with pytest.warns(TimelineWarning, match="far"):  # (outside the block: warned again)
        to_ics(FAR)


def test_blocks_nest_and_each_gathers_its_own() -> None:
    with noted() as outer:
        to_ics(FAR)
        with noted() as inner:
            to_ics(FAR)
        to_ics(FAR)
    assert len(inner) == 1
    assert len(outer) == 2


def test_a_thread_gathers_its_own_problems_and_not_another_threads() -> None:
    inside, outside = threading.Event(), threading.Event()
    gathered: list[Problem] = []

    def worker() -> None:
        with noted() as problems:
            inside.set()
            outside.wait(10)  # (while this thread gathers, the main thread warns)
            to_ics(FAR)
        gathered.extend(problems)

    thread = threading.Thread(target=worker)
    thread.start()
    assert inside.wait(10)
    try:
        with pytest.warns(TimelineWarning, match="far") as caught:
            to_ics(FAR)
    finally:
        outside.set()
        thread.join(10)
    assert len(caught) == 1
    assert [p.event for p in gathered] == ["far"]
