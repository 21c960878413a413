"""The event form's checks (no Qt): problems by field in the library's words."""

from __future__ import annotations

from timeline import Event, Timeline, When
from timeline.models import Place
from viewer.eventform import Form, check, form_of

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
