"""Stepping through search matches (viewer.find), without Qt."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from viewer.find import Matches


def test_matches_are_kept_in_time_order_once() -> None:
    m = Matches.of([9, 3, 3, 6])
    assert m.positions == (3, 6, 9)
    assert len(m) == 3
    assert 6 in m
    assert 4 not in m
    assert "6" not in m
    assert m.current is None
    assert m.label() == "3 matches"


def test_labels() -> None:
    assert Matches().label() == "no matches"
    assert Matches.of([4]).label() == "1 match"
    assert Matches.of([4]).first().label() == "1 of 1"
    assert Matches.of([1, 4, 8]).at(8).label() == "3 of 3"
    assert Matches.of([1, 4, 8]).at(5).label() == "3 matches"


def test_first_and_at() -> None:
    m = Matches.of([4, 1, 8])
    assert m.first().current_position() == 1
    assert m.at(8).current_position() == 8
    assert m.at(2).current is None
    assert m.at(None).current is None
    assert Matches().first() == Matches()


def test_step_forward_and_back_from_the_selection_wraps() -> None:
    m = Matches.of([2, 5, 9])
    assert m.step(+1, None).current_position() == 2
    assert m.step(-1, None).current_position() == 9
    assert m.step(+1, 2).current_position() == 5
    assert m.step(+1, 3).current_position() == 5  # the selection is not a match
    assert m.step(+1, 9).current_position() == 2  # wraps
    assert m.step(+1, 10).current_position() == 2
    assert m.step(-1, 5).current_position() == 2
    assert m.step(-1, 4).current_position() == 2
    assert m.step(-1, 2).current_position() == 9  # wraps
    assert m.step(-1, 0).current_position() == 9
    assert Matches().step(+1, 3) == Matches()


@given(st.sets(st.integers(0, 50), min_size=1), st.integers(-1, 51))
def test_stepping_visits_every_match_in_order(positions: set[int], start: int) -> None:
    m = Matches.of(positions)
    seen: list[int] = []
    pos: int | None = start
    for _ in range(len(positions)):
        m = m.step(+1, pos)
        pos = m.current_position()
        assert pos is not None
        seen.append(pos)
    assert sorted(seen) == sorted(positions)
    back = m
    for expected in reversed(seen[:-1]):
        back = back.step(-1, back.current_position())
        assert back.current_position() == expected


def test_positions_of_ids_and_known_positions_only_for_their_timeline() -> None:
    from pathlib import Path

    import timeline
    from viewer.find import positions_of

    tl = timeline.load(Path(__file__).resolve().parent.parent / "data" / "events.toml")
    ids = [e.id for e in tl.events]
    for chosen in (ids[::3], ids[5:7], ids, [], [*ids[:2], "no-such-event"]):
        expected = sorted(tl.position(i) for i in chosen if i in tl)
        assert list(positions_of(tl, frozenset(chosen))) == expected  # (few or many ids)
    assert positions_of(tl, frozenset(ids[:2]), (tl, [0, 1])) == [0, 1]
    other = tl.subset(ids[1:])
    assert positions_of(other, frozenset(ids[1:3]), (tl, [1, 2])) == [0, 1]  # not its own
