"""The viewer's cyclic garbage collection: on the GUI thread, from a timer."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from timeline._fast import collector_held, collector_paused
from viewer.collector import GuiCollector
from viewer.collectpolicy import Collecting

# -- the rule (no Qt) ---------------------------------------------------------------------


def test_the_youngest_generation_past_its_threshold_is_due() -> None:
    rule = Collecting((700, 10, 10))
    assert rule.due((0, 0, 0), 0.0) is None
    assert rule.due((700, 10, 10), 0.0) is None  # (at the threshold: not past it)
    assert rule.due((701, 0, 0), 0.0) == 0
    assert rule.due((701, 11, 0), 0.0) == 1
    assert rule.due((5, 11, 0), 0.0) == 1
    assert rule.due((701, 11, 11), 0.0) == 2


def test_a_full_collection_waits_until_its_cost_is_a_small_share_of_the_time() -> None:
    rule = Collecting((700, 10, 10), full_share=0.05)
    assert rule.due((0, 0, 11), 100.0) == 2
    rule.collected(2, 100.0, 100.5)  # half a second: the next one 10 s after it ended
    assert rule.due((0, 0, 11), 105.0) is None
    assert rule.due((0, 11, 11), 105.0) == 1  # (a younger one meanwhile)
    assert rule.due((0, 0, 11), 110.4) is None
    assert rule.due((0, 0, 11), 110.5) == 2
    rule.collected(1, 111.0, 115.0)  # (only full collections are timed)
    assert rule.due((0, 0, 11), 111.0) == 2


def test_a_threshold_of_zero_turns_collection_off() -> None:
    assert Collecting((0, 10, 10)).due((10**6, 10**6, 10**6), 0.0) is None
    assert Collecting((700, 0, 0)).due((701, 10**6, 10**6), 0.0) == 0


def test_a_share_out_of_range_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match=r"full_share: expected a share in \(0, 1\], got 0"):
        Collecting((700, 10, 10), full_share=0)


# -- the timer on the GUI thread ----------------------------------------------------------


class _Marker:
    """Notes the thread that destroys it (as a Qt object's destruction would matter)."""

    def __init__(self, seen: list[threading.Thread]) -> None:
        self.seen = seen
        self.itself = self  # a cycle: only the cyclic collector frees it

    def __del__(self) -> None:
        self.seen.append(threading.current_thread())


def _churn(kept: list[object]) -> None:
    """Allocate far past the youngest generation's threshold and keep it, as a loader's
    worker does."""
    kept.extend([i] for i in range(50_000))


@pytest.fixture
def collector(qtbot: QtBot) -> Iterator[GuiCollector]:
    enabled = gc.isenabled()
    made = GuiCollector(interval_ms=10)
    made.start()
    yield made
    made.stop()
    assert gc.isenabled() == enabled


def test_garbage_made_on_the_gui_thread_is_collected_there_not_by_a_workers_allocations(
    qtbot: QtBot, collector: GuiCollector
) -> None:
    seen: list[threading.Thread] = []
    _Marker(seen)
    kept: list[object] = []
    worker = threading.Thread(target=_churn, args=(kept,))
    worker.start()
    worker.join()
    assert seen == []  # automatic collection would have destroyed it on the worker
    qtbot.waitUntil(lambda: bool(seen), timeout=5_000)
    assert seen == [threading.main_thread()]


def test_nothing_is_collected_while_a_load_pauses_the_collector(
    qtbot: QtBot, collector: GuiCollector
) -> None:
    seen: list[threading.Thread] = []
    kept: list[object] = []
    with collector_paused():
        assert collector_held()
        _Marker(seen)
        _churn(kept)
        for _ in range(5):  # five ticks pass without a collection
            with qtbot.waitSignal(collector._timer.timeout, timeout=5_000):
                pass
        assert seen == []
    assert not collector_held()
    qtbot.waitUntil(lambda: bool(seen), timeout=5_000)
    assert seen == [threading.main_thread()]


def test_stop_gives_collection_back_as_it_was(qtbot: QtBot) -> None:
    assert gc.isenabled()
    made = GuiCollector()
    made.start()
    assert made.running()
    assert not gc.isenabled()
    made.start()  # (twice: no second record of the state)
    made.stop()
    assert not made.running()
    assert gc.isenabled()
    gc.disable()
    try:
        made.start()
        made.stop()
        assert not gc.isenabled()  # it was off before: left off
    finally:
        gc.enable()
