"""The locale tables (timeline/i18n.py): one normalisation, complete tables."""

from __future__ import annotations

import pytest

from timeline import TimelineError, When
from timeline.i18n import LOCALES, describe_words, export_labels, language, month_names


@pytest.mark.parametrize(
    ("locale", "lang"),
    [("fr", "fr"), ("fr_CA", "fr"), ("fr-CA", "fr"), ("FR", "fr"), ("de_DE.UTF-8", "de")],
)
def test_a_locale_is_read_as_its_language(locale: str, lang: str) -> None:
    assert language(locale) == lang


@pytest.mark.parametrize("lookup", [language, describe_words, export_labels, month_names])
def test_an_unsupported_locale_is_refused_everywhere_with_the_same_words(lookup: object) -> None:
    assert callable(lookup)
    with pytest.raises(TimelineError, match=r"locale 'xx_YY' is not supported \(supported: de, "):
        lookup("xx_YY")


def test_every_locale_has_every_word_and_label() -> None:
    assert LOCALES == ("de", "en", "es", "fr")
    for locale in LOCALES:
        assert describe_words(locale).keys() == describe_words("en").keys()
        assert export_labels(locale).keys() == export_labels("en").keys()
        assert len(month_names(locale)) == 12


def test_descriptions_and_exports_read_a_region_alike() -> None:
    from timeline.export import render
    from timeline.models import Event, Status, Timeline

    tl = Timeline("t", [Event("a", "Raid", When.parse("2017-09"), status=Status.CANCELLED)])
    csv = render(tl, "csv", cancelled="prefix", locale="de-AT").decode()
    assert "Abgesagt: Raid" in csv
    assert When.parse("2017-09").describe("de-AT") == "Sept. 2017"
