"""The details panel's words without Qt: figure names, one card per source."""

from __future__ import annotations

from timeline.models import Citation, Source
from timeline.when import When
from viewer.cards import SourceCard, figure_words, source_cards

W = When.parse


def test_figure_names_are_words() -> None:
    assert figure_words("criminal_convictions") == "criminal convictions"
    assert figure_words("gang_members_or_affiliates") == "gang members or affiliates"
    assert figure_words("arrested") == "arrested"
    assert figure_words("__") == "__"  # nothing left: the name as written


def test_one_card_per_source_those_that_disagree_first() -> None:
    a = Source("a", "A")
    b = Source("b", "B")
    c = Source("c", "C")
    when = W("2017-09-24/2017-09-27")
    agrees = Citation("a", quote="first", reported=when)
    differs = Citation(
        "b", quote="between Monday and Thursday", reported=W("2017-09-25/2017-09-28")
    )
    again = Citation("b", quote="the operation")
    other = Citation("c")
    cards = source_cards([(agrees, a), (differs, b), (other, c), (again, b)], when)
    assert cards == [
        SourceCard(b, (differs, again), True),
        SourceCard(a, (agrees,), False),
        SourceCard(c, (other,), False),
    ]
    assert source_cards([], when) == []
