"""A question lists at most a dozen lines of items, the rest counted (viewer.text.listed)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from viewer.text import LISTED_AT_MOST, listed


@given(st.integers(0, 40), st.integers(1, 15))
def test_at_most_that_many_lines_and_the_rest_counted(n: int, at_most: int) -> None:
    made: list[int] = []

    def line(k: int) -> str:
        made.append(k)
        return f"  item {k}"

    lines = listed(range(n), line, at_most)
    assert len(lines) == min(n, at_most)
    if n <= at_most:
        assert lines == [f"  item {k}" for k in range(n)]
        assert made == list(range(n))
    else:  # (only the lines shown are made; the last line counts the others)
        assert made == list(range(at_most - 1))
        assert lines[-1] == f"  … and {n - at_most + 1:,} more"


def test_a_big_count_is_written_with_separators() -> None:
    lines = listed(range(100_319), str)
    assert len(lines) == LISTED_AT_MOST
    assert lines[-1] == "  … and 100,308 more"
