"""The event form's checks (no Qt): problems by field in the library's words."""

from __future__ import annotations

import attrs
from hypothesis import given
from hypothesis import strategies as st

import timeline
from timeline import Event, Timeline, When, edit, rules
from timeline.models import Citation, Figure, Link, Person, Place
from viewer.eventform import CitationRow, FigureRow, Form, LinkRow, PersonRow, check, form_of

TL = Timeline("T", [Event("first-event", "First event", When.parse("2017-09-24"))])


def test_a_good_form_makes_a_new_event_with_a_free_id() -> None:
    checked = check(Form(title="First event", when="2017-09", tags="a\nb", places="Chicago"), TL)
    assert checked.problems == {}
    assert checked.event is not None
    assert checked.event.id == "first-event-2"
    assert checked.event.tags == ("a", "b")
    assert checked.event.places == (Place("Chicago"),)
    assert checked.reading.meaning.startswith("Sep 2017")


def test_each_problem_is_beside_its_field_and_no_event_is_made() -> None:
    checked = check(Form(title="  ", when="2017-13-01", status="maybe"), TL)
    assert checked.event is None
    assert set(checked.problems) == {"title", "when", "status"}
    assert checked.problems["title"] == "must not be empty"
    assert "2017-13-01" in checked.problems["when"]
    assert "is not a status" in checked.problems["status"]
    assert check(Form(title="x"), TL).problems["when"] == "must not be empty"


def test_relative_words_count_from_the_reference() -> None:
    checked = check(Form(title="x", when="the next day"), TL, reference=When.parse("2017-09-24"))
    assert checked.event is not None
    assert checked.event.when.edtf == "2017-09-25"


def test_editing_keeps_the_id_and_what_the_form_does_not_show() -> None:
    event = Event(
        "e", "E", When.parse("2017"), places=(Place("Chicago", lat=41.9, lon=-87.6),), tags=("t",)
    )
    checked = check(form_of(event), TL, editing=event)
    assert checked.event == event


# -- people, figures, citations, related events -----------------------------------

SOURCES_TL = timeline.loads(
    """
title = "T"

[[sources]]
id = "paper"
title = "A paper"
published = "2017-09-29"

[[sources]]
id = "undated"
title = "No date"

[[events]]
id = "first-event"
title = "First event"
when = "2017-09-24T13:00"
tz = "America/Chicago"

[[events.sources]]
source = "paper"
reported = "2017-09-24T13:00"
reported_tz = "America/Chicago"
note = "kept"

[[events.related]]
kind = "follows"
event = "first-event"
note = "kept too"
"""
)


def test_rows_make_people_figures_citations_and_links() -> None:
    form = Form(
        title="Second",
        when="2017-09-25",
        people=(PersonRow("Tom Homan", "Acting Director"), PersonRow("  ", "")),
        figures=(FigureRow("arrested", "498"), FigureRow("share", "2.5")),
        sources=(CitationRow("paper", "last week", "last week", "a quote"),),
        related=(LinkRow("follows", "first-event"), LinkRow()),
    )
    checked = check(form, SOURCES_TL)
    assert checked.problems == {}
    event = checked.event
    assert event is not None
    assert event.people == (Person("Tom Homan", role="Acting Director"),)
    assert event.figures == (Figure("arrested", 498), Figure("share", 2.5))
    (citation,) = event.sources
    # the reported words count from the source's publication date, not from the event's reference
    assert citation == Citation(
        "paper",
        quote="a quote",
        reported=When.parse("2017-09-18/2017-09-24"),
        reported_text="last week",
    )
    assert "counted from 29 Sep 2017" in checked.reported[0].meaning
    assert event.related == (Link("follows", "first-event"),)


def test_row_problems_name_the_row_and_the_field_in_the_librarys_words() -> None:
    form = Form(
        title="Second",
        when="2017",
        people=(PersonRow("", "judge"),),
        figures=(FigureRow("n", "1"), FigureRow("n", "2")),
        sources=(CitationRow("undated", "last week"),),
        related=(LinkRow("Not An Id", "first-event"),),
    )
    checked = check(form, SOURCES_TL)
    assert checked.event is None
    assert checked.problems["people"] == "row 1: name: must not be empty"
    assert checked.problems["figures"] == "row 2: name: 'n' is already the name of row 1"
    assert checked.problems["sources"].startswith("row 1: reported: ")
    assert checked.problems["related"] == (
        f"row 1: kind: {rules.identifier('Not An Id')}"  # the library's words
    )
    bad = Form(
        title="x",
        when="2017",
        figures=(FigureRow("n", "many"),),
        sources=(CitationRow("", "2017"),),
        related=(LinkRow("follows", "no-such-event"),),
    )
    problems = check(bad, SOURCES_TL).problems
    assert problems == {
        "figures": "row 1: value: 'many' is not a number",
        "sources": "row 1: source: choose a source",
        "related": "row 1: event: unknown event 'no-such-event'",
    }
    huge = check(Form(title="x", when="2017", figures=(FigureRow("n", "1e999"),)), SOURCES_TL)
    assert huge.problems == {"figures": f"row 1: value: {rules.figure_value(float('inf'))}"}


def test_a_links_event_typed_as_words_not_chosen_yet_says_what_has_them() -> None:
    from viewer.eventpick import EventFinder

    tl = Timeline(
        "T",
        [
            Event("safe-city", "Operation Safe City", When.parse("2017-09-24")),
            Event("mega", "Operation Mega", When.parse("2017-09-25")),
            Event("results", "ICE announces the results", When.parse("2017-09-28")),
        ],
    )
    finder = EventFinder(tl.events)

    def problem(typed: str) -> str:
        form = Form(title="x", when="2017", related=(LinkRow("follows", typed),))
        return check(form, tl, finder=finder).problems["related"]

    assert problem("OPER") == (
        "row 1: event: not chosen yet: 2 events have these words (choose one in the list)"
    )
    assert problem("oper saf") == (
        "row 1: event: not chosen yet: 'Operation Safe City' has these words"
        " (choose it in the list)"
    )
    assert problem("res") == (  # (by its id too: "results")
        "row 1: event: not chosen yet: 'ICE announces the results' has these words"
        " (choose it in the list)"
    )
    assert problem("oper nothing") == "row 1: event: unknown event 'oper nothing'"
    assert problem("safe-cit") == (
        "row 1: event: not chosen yet: 'Operation Safe City' has these words"
        " (choose it in the list)"
    )
    form = Form(title="x", when="2017", related=(LinkRow("follows", "safe-city"),))
    assert check(form, tl, finder=finder).event is not None  # an id typed whole is that event
    without = Form(title="x", when="2017", related=(LinkRow("follows", "OPER"),))
    assert check(without, tl).problems["related"] == "row 1: event: unknown event 'OPER'"


def test_editing_keeps_zones_the_form_does_not_show_and_shows_the_notes() -> None:
    event = SOURCES_TL["first-event"]
    form = form_of(event)
    assert form.zone == "America/Chicago"
    assert form.id == "first-event"
    assert (form.sources[0].note, form.related[0].note) == ("kept", "kept too")
    assert check(form, SOURCES_TL, editing=event).event == event
    moved = check(attrs.evolve(form, when="2017-09-25T13:00"), SOURCES_TL, editing=event).event
    assert moved is not None
    assert moved.when == When.parse("2017-09-25T13:00", tz="America/Chicago")
    assert moved.sources == event.sources  # the note and the reported zone kept
    assert moved.related == event.related
    bad_zone = check(attrs.evolve(form, zone="Mars/Base"), SOURCES_TL, editing=event)
    assert bad_zone.event is None
    assert "Mars/Base" in bad_zone.problems["zone"]


def test_the_notes_of_citations_and_links_are_edited_in_their_rows() -> None:
    event = SOURCES_TL["first-event"]
    form = form_of(event)
    edited = attrs.evolve(
        form,
        sources=(attrs.evolve(form.sources[0], note="  the second paragraph  "),),
        related=(attrs.evolve(form.related[0], note=""),),
    )
    made = check(edited, SOURCES_TL, editing=event).event
    assert made is not None
    assert made.sources[0].note == "the second paragraph"
    assert made.sources[0].reported == event.sources[0].reported  # its zone still kept
    assert made.related == (Link("follows", "first-event"),)  # a blank note is none
    too_long = "x" * (rules.MAX_LONG_TEXT + 1)
    long = attrs.evolve(form, related=(LinkRow("follows", "first-event", too_long),))
    assert check(long, SOURCES_TL, editing=event).problems == {
        "related": f"row 1: note: {rules.long_text(too_long)}"
    }


def test_the_id_is_typed_or_made_from_the_title_and_a_taken_one_is_refused() -> None:
    made = check(Form(title="First event", when="2017"), TL).event
    assert made is not None
    assert made.id == "first-event-2"  # made, free
    typed = check(Form(title="First event", id=" my-id ", when="2017"), TL).event
    assert typed is not None
    assert typed.id == "my-id"
    taken = check(Form(title="Other", id="first-event", when="2017"), TL)
    assert taken.problems == {"id": "'first-event' is already the id of 'First event'"}
    bad = check(Form(title="Other", id="Not An Id", when="2017"), TL)
    assert bad.problems == {"id": rules.identifier("Not An Id")}  # the library's words
    editing = TL["first-event"]
    blank = check(attrs.evolve(form_of(editing), id=""), TL, editing=editing)
    assert blank.problems == {"id": "must not be empty"}


def test_an_edited_event_given_a_new_id_keeps_its_links_to_itself() -> None:
    event = SOURCES_TL["first-event"]  # it links to itself
    form = attrs.evolve(form_of(event), id="renamed")
    made = check(form, SOURCES_TL, editing=event).event
    assert made is not None
    assert made.id == "renamed"
    change = edit.replace_event(SOURCES_TL, event.id, made)
    after = change.apply(SOURCES_TL)
    assert after["renamed"].related == (Link("follows", "renamed", note="kept too"),)
    assert change.renamed == (("first-event", "renamed"),)


@given(st.lists(st.sampled_from(["", " ", "x", "n", "1", "follows", "paper"]), max_size=8))
def test_a_form_is_an_event_or_problems_never_both(texts: list[str]) -> None:
    """Whatever is typed, check gives an event (a valid one) or problems, not both."""
    parts = [*texts, "", "", "", "", "", "", "", ""]
    form = Form(
        title=parts[0],
        when=parts[1] and "2017",
        people=(PersonRow(parts[2], parts[3]),),
        figures=(FigureRow(parts[4], parts[5]),),
        sources=(CitationRow(parts[6], ""),),
        related=(LinkRow(parts[7], "first-event"),),
    )
    checked = check(form, SOURCES_TL)
    assert (checked.event is None) == bool(checked.problems)
    if checked.event is not None:
        assert edit.add_event(SOURCES_TL, checked.event).apply(SOURCES_TL)[checked.event.id]
