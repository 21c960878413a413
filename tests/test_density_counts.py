"""The density histogram's counts (:func:`viewer.sceneparts.density_counts`): bisected by
numpy for many bounds, in Python for few, the same counts either way."""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.sceneparts import density_counts

pytest.importorskip("numpy")

_TIMES = st.one_of(
    st.integers(-1000, 1000).map(float),
    st.sampled_from([-float("inf"), float("inf")]),
)


def _counted(lowers: list[float], uppers: list[float], edges: list[float]) -> list[int]:
    """What the events overlapping each bar are, one by one (the definition)."""
    spans = list(zip(lowers, uppers, strict=True))
    return [sum(1 for lo, hi in spans if lo < b and hi > a) for a, b in pairwise(edges)]


@settings(max_examples=200, deadline=None)
@given(
    spans=st.lists(st.tuples(_TIMES, _TIMES), max_size=60),
    edges=st.lists(st.integers(-1100, 1100).map(float), min_size=2, max_size=12, unique=True),
    whole_from=st.sampled_from([0, 10**9]),
)
def test_the_counts_are_those_of_bisection_with_numpy_or_without(
    spans: list[tuple[float, float]], edges: list[float], whole_from: int
) -> None:
    spans = [(lo, hi) for lo, hi in spans if lo <= hi]
    lowers = array("d", sorted(lo for lo, _ in spans))
    uppers = array("d", sorted(hi for _, hi in spans))
    edges = sorted(edges)
    found = density_counts(lowers, uppers, edges, whole_from=whole_from)  # (0: by numpy)
    below = [bisect_right(uppers, t) for t in edges]
    before = [bisect_left(lowers, t) for t in edges]
    assert found == [before[i + 1] - below[i] for i in range(len(edges) - 1)]
    assert found == _counted([lo for lo, _ in spans], [hi for _, hi in spans], edges)
    assert all(type(n) is int for n in found)
