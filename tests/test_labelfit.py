"""Labels fitted into their room: whole, two lines, or cut only when nothing else fits."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from viewer.labelfit import Label, fit, pack


def width(text: str) -> float:
    return 7.0 * len(text)


def elide(text: str, px: float) -> str:
    keep = max(0, int(px // 7) - 1)
    return text if len(text) <= px // 7 else text[:keep] + "…"


TITLE = "Attorney General Jeff Sessions speaks at the USCIS office in Portland, Oregon"


def test_a_short_label_is_one_line() -> None:
    label = pack("Raid", width, elide, cap=300, wrap_from=160)
    assert label.lines == ("Raid",)
    assert label.packed == 28


def test_a_long_label_packs_into_two_balanced_lines() -> None:
    label = pack(TITLE, width, elide, cap=300, wrap_from=160)
    assert len(label.lines) == 2
    assert " ".join(label.lines) == TITLE
    a, b = (len(line) for line in label.lines)
    assert abs(a - b) <= 12
    assert label.packed == max(width(line) for line in label.lines) < label.width


def test_the_whole_title_where_it_fits_then_two_lines_then_cut() -> None:
    label = pack(TITLE, width, elide, cap=300, wrap_from=160)
    assert fit(label, 2000, elide, width) == ((TITLE,), label.width)
    assert fit(label, label.packed + 1, elide, width) == (label.lines, label.packed)
    lines, w = fit(label, 100, elide, width)
    assert len(lines) == 2
    assert w <= 100
    assert all(line.endswith("…") for line in lines)


def test_a_huge_title_is_cut_before_it_is_measured() -> None:
    calls: list[str] = []

    def counting(text: str) -> float:
        calls.append(text)
        return width(text)

    label = pack("word " * 5000, counting, elide, cap=300, wrap_from=160)
    assert len(label.lines) == 2
    assert all(width(line) <= 300 for line in label.lines)
    assert max(map(len, calls)) <= 600


@given(st.text(alphabet="ab ", min_size=1, max_size=120), st.floats(0, 1000))
def test_what_is_drawn_fits_its_room_or_the_smallest_cut(text: str, room: float) -> None:
    label: Label = pack(text, width, elide, cap=280, wrap_from=140)
    lines, w = fit(label, room, elide, width)
    assert 1 <= len(lines) <= 2
    assert w <= max(room, 24.0) or lines == (label.text,)
    assert w == max(width(line) for line in lines)


def test_a_number_stays_with_the_word_after_it() -> None:
    # balanced at the character, this would break "about 700 | m underground"
    title = "Collapse traps 33 miners about 700 m underground at the San José mine"
    label = pack(title, width, elide, cap=400, wrap_from=160)
    assert " ".join(label.lines) == title
    first, _second = label.lines
    assert not first.endswith(("700", "33")), label.lines
    for text in ("ICE arrests 498 people from 42 countries", "Planned for 8,400 arrests in 5 days"):
        a, _b = pack(text, width, elide, cap=400, wrap_from=100).lines
        assert not a.split()[-1][0].isdigit(), (text, a)


def test_a_label_of_numbers_still_breaks_somewhere() -> None:
    label = pack("1 2 3 4 5 6 7 8 9 10 11 12 13 14 15", width, elide, cap=400, wrap_from=50)
    assert len(label.lines) == 2
