"""The project's seed data set, ``data/events.toml``, against the established record.

The established facts come from the research notes (``docs/research.md``): an
event's ``when`` is the record's date; what the seed article said is kept as a
citation with its own ``reported`` date.  These tests pin the record, the
disagreements that must stay visible, and the neutrality of the wording.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pendulum
import pytest
import tomli

import timeline
from timeline import Citation, Event, Status, Timeline, When

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "timeline" / "timeline.schema.json"
RESEARCH = ROOT / "docs" / "research.md"

MAIN_IDS = ("operation-safe-city", "operation-mega", "sessions-portland", "chicago-injunction")
OTHER_IDS = (
    "byrne-jag-conditions",
    "chicago-sues",
    "harvey-landfall",
    "daca-rescinded",
    "operation-mega-reported",
    "irma-florida-landfall",
    "safe-city-announced",
    "portland-figure-corrected",
    "article-published",
    "homan-acting-director",
    "seventh-circuit-affirms",
)

#: Charged words that may appear only inside quotation marks.
CHARGED = re.compile(r"\b(illegal\w*|alien\w*|sanctuar\w*|criminal\w*)", re.IGNORECASE)
#: A quoted passage: straight or typographic double quotes.
QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")


@pytest.fixture(scope="module")
def tl(events_toml: Path) -> Timeline:
    return timeline.load(events_toml)


@pytest.fixture(scope="module")
def events_toml() -> Path:
    return ROOT / "data" / "events.toml"


@pytest.fixture(scope="module")
def raw(events_toml: Path) -> dict[str, Any]:
    with events_toml.open("rb") as f:
        return tomli.load(f)


def _article_citations(event: Event) -> list[Citation]:
    return [c for c in event.sources if c.source == "seed-article"]


def _day(value: object) -> pendulum.Date:
    assert isinstance(value, pendulum.Date)
    return pendulum.Date(value.year, value.month, value.day)


# -- the file as a whole -------------------------------------------------------------


def test_first_line_names_the_schema(events_toml: Path) -> None:
    first = events_toml.read_text(encoding="utf-8").splitlines()[0]
    assert first == "#:schema ../timeline/timeline.schema.json"


def test_title_and_description(tl: Timeline) -> None:
    assert tl.title.strip()
    assert tl.description.strip()


def test_every_seed_id_is_present(tl: Timeline) -> None:
    missing = [i for i in (*MAIN_IDS, *OTHER_IDS) if i not in tl]
    assert missing == []


def test_every_event_has_a_citation(tl: Timeline) -> None:
    assert [e.id for e in tl if not e.sources] == []


def test_every_source_is_cited(tl: Timeline, raw: dict[str, Any]) -> None:
    cited = {c.source for e in tl for c in e.sources}
    assert [s["id"] for s in raw["sources"] if s["id"] not in cited] == []


def test_every_source_url_is_http(raw: dict[str, Any]) -> None:
    for source in raw["sources"]:
        if "url" in source:
            assert re.match(r"https?://[^\s/]+/", source["url"]), source["id"]


def test_sources_with_known_urls(tl: Timeline) -> None:
    assert tl.source("seed-article").url == (
        "https://us.blastingnews.com/news/2017/09/"
        "sanctuary-cities-targeted-by-ice-raids-002048517.html"
    )
    assert tl.source("opb-2017-09-19").url == (
        "https://www.opb.org/news/article/jeff-sessions-portland-visit-protest/"
    )
    # No URL is invented where the research gives none.
    assert tl.source("ice-release-2017-09-28").url is None
    assert tl.source("nbc-news-2017-09-07").url is None


def test_every_place_has_coordinates(tl: Timeline) -> None:
    for event in tl:
        for place in event.places:
            assert place.lat is not None, (event.id, place.name)
            assert place.lon is not None, (event.id, place.name)


def test_places_are_where_they_say(tl: Timeline) -> None:
    def near(event_id: str, lat: float, lon: float, within: float = 0.2) -> bool:
        return any(
            p.lat is not None
            and p.lon is not None
            and abs(p.lat - lat) < within
            and abs(p.lon - lon) < within
            for p in tl[event_id].places
        )

    assert near("irma-florida-landfall", 24.67, -81.50)  # Cudjoe Key
    assert near("harvey-landfall", 28.02, -97.05)  # Rockport, Texas
    assert near("sessions-portland", 45.53, -122.68)  # Pearl District, Portland
    assert near("chicago-injunction", 41.88, -87.63)  # Dirksen courthouse, Chicago
    assert len(tl["operation-safe-city"].places) == 10


def test_tags_are_a_small_consistent_set(tl: Timeline) -> None:
    allowed = {"enforcement", "courts", "policy", "hurricanes", "media", "corrections"}
    assert set(tl.tags()) <= allowed
    assert all(e.tags for e in tl)


# -- the record --------------------------------------------------------------------


def test_operation_safe_city_ran_sunday_to_wednesday(tl: Timeline) -> None:
    when = tl["operation-safe-city"].when
    assert when.earliest == pendulum.Date(2017, 9, 24)
    assert when.latest == pendulum.Date(2017, 9, 27)
    assert tl["operation-safe-city"].status is Status.HAPPENED


def test_operation_safe_city_figures(tl: Timeline) -> None:
    e = tl["operation-safe-city"]
    assert e.figure("arrested") == 498
    assert e.figure("criminal_convictions") == 317
    assert e.figure("immigration_fugitives") == 68
    assert e.figure("previously_deported") == 104
    assert e.figure("gang_members_or_affiliates") == 18
    assert e.figure("countries") == 42


def test_announced_area_figures_add_up(tl: Timeline) -> None:
    e = tl["safe-city-announced"]
    assert e.when == When.parse("2017-09-28")
    areas = {f.name: f.value for f in e.figures if f.name != "total"}
    assert areas == {
        "baltimore": 28,
        "cook_county": 30,
        "denver": 63,
        "los_angeles": 101,
        "new_york": 45,
        "philadelphia": 107,
        "portland": 33,
        "santa_clara_county": 27,
        "washington_dc": 14,
        "massachusetts": 50,
    }
    assert sum(areas.values()) == e.figure("total") == tl["operation-safe-city"].figure("arrested")


def test_portland_figure_correction(tl: Timeline) -> None:
    e = tl["portland-figure-corrected"]
    assert e.when == When.parse("2017-09-29")
    assert e.figure("northwest_region") == 33
    assert e.figure("portland") == 4
    assert e.figure("oregon") == 7
    assert ("corrects", "safe-city-announced") in {(k.kind, k.event) for k in e.related}
    # The first figure is kept where it was released: both sides stay visible.
    assert tl["safe-city-announced"].figure("portland") == 33


def test_operation_mega_was_cancelled_before_its_planned_days(tl: Timeline) -> None:
    e = tl["operation-mega"]
    assert e.status is Status.CANCELLED
    assert e.when.earliest == pendulum.Date(2017, 9, 17)
    assert e.when.latest == pendulum.Date(2017, 9, 21)
    assert e.figure("planned_arrests") == 8400
    reported = tl["operation-mega-reported"]
    assert reported.when.latest is not None
    assert e.when.earliest is not None
    assert _day(e.when.earliest).diff(_day(reported.when.latest)).in_days() == 10
    assert ("reports-on", "operation-mega") in {(k.kind, k.event) for k in reported.related}


def test_operation_mega_cancellation_causes(tl: Timeline) -> None:
    links = {(k.kind, k.event) for k in tl["operation-mega"].related}
    assert ("cancelled-because-of", "harvey-landfall") in links
    assert ("cancelled-because-of", "irma-florida-landfall") in links


def test_sessions_portland_is_a_day_with_the_time_reported(tl: Timeline) -> None:
    e = tl["sessions-portland"]
    assert e.when == When.parse("2017-09-19")
    timed = [c.reported for c in e.sources if c.reported is not None and c.reported.is_timed]
    assert timed == [When.parse("2017-09-19T13:00", tz="America/Los_Angeles")]
    assert not e.conflicting


def test_chicago_injunction(tl: Timeline) -> None:
    e = tl["chicago-injunction"]
    assert e.when == When.parse("2017-09-15")
    assert any(p.name == "Harry D. Leinenweber" for p in e.people)
    links = {(k.kind, k.event) for k in e.related}
    assert ("follows", "chicago-sues") in links
    assert ("affirms", "chicago-injunction") in {
        (k.kind, k.event) for k in tl["seventh-circuit-affirms"].related
    }
    assert ("responds-to", "byrne-jag-conditions") in {
        (k.kind, k.event) for k in tl["chicago-sues"].related
    }


def test_hurricane_landfalls_are_timed_in_their_zones(tl: Timeline) -> None:
    harvey = tl["harvey-landfall"].when
    assert harvey.tz == "America/Chicago"
    start = harvey.earliest
    assert isinstance(start, pendulum.DateTime)
    assert start.in_timezone("UTC").date() == pendulum.Date(2017, 8, 26)
    assert start.date() == pendulum.Date(2017, 8, 25)
    irma = tl["irma-florida-landfall"].when
    assert irma == When.parse("2017-09-10T09:10", tz="America/New_York")
    assert isinstance(irma.earliest, pendulum.DateTime)
    assert irma.earliest.in_timezone("UTC").hour == 13


def test_homan_tenure_is_a_day_range(tl: Timeline) -> None:
    when = tl["homan-acting-director"].when
    assert when.earliest == pendulum.Date(2017, 1, 30)
    assert when.latest == pendulum.Date(2018, 6, 29)


def test_each_era_is_the_established_period_of_an_event(tl: Timeline) -> None:
    # an era adds no date of its own: it names a period the events establish
    periods = {era.title: era.when for era in tl.eras}
    assert periods == {
        "Thomas D. Homan, Acting Director of ICE": tl["homan-acting-director"].when,
        'ICE\'s "Operation Safe City"': tl["operation-safe-city"].when,
    }


def test_article_date_is_one_of_three_days(tl: Timeline) -> None:
    expected = When.parse("[2017-09-28..2017-09-30]")
    assert tl["article-published"].when == expected
    assert tl.source("seed-article").published == expected
    assert "29 September" in tl["article-published"].summary
    assert ("reports-on", "operation-safe-city") in {
        (k.kind, k.event) for k in tl["article-published"].related
    }


# -- the article against the record -------------------------------------------------


def test_conflicts_are_the_operation_days_only(tl: Timeline) -> None:
    ids = [e.id for e in tl.conflicts()]
    assert "operation-safe-city" in ids
    assert "operation-mega" not in ids
    assert ids == ["operation-safe-city"]


def test_article_report_of_the_operation_days(tl: Timeline) -> None:
    e = tl["operation-safe-city"]
    (conflicting,) = e.conflicting
    assert conflicting.source == "seed-article"
    assert conflicting.reported == When.parse("2017-09-25/2017-09-28")
    assert conflicting.reported_text == "between Monday and Thursday"
    # ICE's own account agrees with the record.
    agreeing = {c.source for c in e.sources if c.reported is not None} - {"seed-article"}
    assert agreeing == {"ice-release-2017-09-28", "oregonian-2017-09-29"}


def test_article_reports_that_agree_with_the_record(tl: Timeline) -> None:
    for event_id, reported, words in [
        ("operation-mega", "2017-09", "This month"),
        ("sessions-portland", "2017-09", "earlier this month"),
        ("chicago-injunction", "2017-09-15~", "two weeks ago"),
    ]:
        event = tl[event_id]
        (citation,) = [c for c in _article_citations(event) if c.reported is not None]
        assert citation.reported == When.parse(reported), event_id
        assert citation.reported_text == words, event_id
        assert not citation.disagrees_with(event.when), event_id


def test_last_minute_claim_is_noted_as_contradicted(tl: Timeline) -> None:
    claims = [
        c
        for c in _article_citations(tl["operation-mega"])
        if c.quote is not None and "last minute" in c.quote
    ]
    assert len(claims) == 1
    assert claims[0].note is not None
    assert "7 September" in claims[0].note


def test_article_credit_to_fox_news_is_noted(tl: Timeline) -> None:
    note = tl.source("seed-article").note
    assert note is not None
    assert "Fox News" in note
    assert "NBC News" in note


def _words(text: str) -> str:
    return " ".join(text.split())


def test_other_quotes_are_verbatim_from_the_research() -> None:
    research = _words(RESEARCH.read_text(encoding="utf-8"))  # lines are wrapped there
    tl = timeline.load(ROOT / "data" / "events.toml")
    quotes = [
        (event.id, citation.quote)
        for event in tl
        for citation in event.sources
        if citation.quote is not None and citation.source != "seed-article"
    ]
    assert len(quotes) == 6
    for event_id, quote in quotes:
        assert _words(quote) in research, (event_id, quote)


def test_the_research_names_every_event_and_source(tl: Timeline) -> None:
    research = RESEARCH.read_text(encoding="utf-8")
    for event in tl:
        assert f"`{event.id}`" in research, event.id
    for source in tl.sources:
        assert f"`{source.id}`" in research, source.id
        if source.url is not None:
            assert f"<{source.url}>" in research, source.url


def test_the_research_is_neutral() -> None:
    text = re.sub(r"<https?://[^>]*>", "", RESEARCH.read_text(encoding="utf-8"))  # addresses
    assert CHARGED.findall(_unquoted(text)) == []


# -- neutral wording ---------------------------------------------------------------


def _unquoted(text: str) -> str:
    return QUOTED.sub("", text)


def test_no_charged_words_outside_quotation_marks(tl: Timeline) -> None:
    texts: list[tuple[str, str]] = [("title", tl.title), ("description", tl.description)]
    for event in tl:
        texts += [(f"{event.id}.title", event.title), (f"{event.id}.summary", event.summary)]
        texts += [(f"{event.id}.places", p.name) for p in event.places]
        texts += [(f"{event.id}.people", p.role or "") for p in event.people]
        texts += [(f"{event.id}.citation.note", c.note or "") for c in event.sources]
        texts += [(f"{event.id}.related.note", k.note or "") for k in event.related]
    for source_id in {c.source for e in tl for c in e.sources}:
        source = tl.source(source_id)
        texts += [(f"{source_id}.title", source.title), (f"{source_id}.note", source.note or "")]
    texts += [(f"eras[{i}].title", era.title) for i, era in enumerate(tl.eras)]
    found = [(where, m) for where, text in texts for m in CHARGED.findall(_unquoted(text))]
    assert found == []


def test_the_charged_word_scan_sees_unquoted_words() -> None:
    assert CHARGED.findall(_unquoted('ICE targets "sanctuary" cities')) == []
    assert CHARGED.findall(_unquoted("ICE targets sanctuary cities")) == ["sanctuary"]
    assert CHARGED.findall(_unquoted("Criminal Aliens")) == ["Criminal", "Aliens"]


# -- the JSON schema ---------------------------------------------------------------


def test_file_matches_the_json_schema(raw: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    errors = sorted(validator_class(schema).iter_errors(raw), key=lambda e: list(e.path))
    assert [f"{list(e.path)}: {e.message}" for e in errors] == []
