"""The TOML loader and writer: good files, every kind of error, round trips, atomic writes."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.strategies import timelines
from timeline import (
    Event,
    Status,
    Timeline,
    TimelineError,
    TimelineLoadError,
    When,
    dump,
    dumps,
    load,
    loads,
)
from timeline.toml_io import KEYS, SCHEMA_COMMENT

DATA = Path(__file__).resolve().parent / "data"
GOOD = sorted((DATA / "good").glob("*.toml"))
BAD = sorted((DATA / "bad").glob("*.toml"))


def _problems(exc: pytest.ExceptionInfo[TimelineLoadError]) -> list[str]:
    return [str(p) for p in exc.value.problems]


# -- good files ------------------------------------------------------------------


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.name)
def test_good_file_loads_and_round_trips(path: Path) -> None:
    tl = load(path)
    text = dumps(tl)
    assert text.startswith(SCHEMA_COMMENT + "\n")
    assert loads(text) == tl
    assert dumps(loads(text)) == text  # the layout is stable


def test_full_sample_reads_every_key() -> None:
    tl = load(DATA / "good" / "full.toml")
    assert tl.title == "Immigration enforcement and sanctuary jurisdictions, 2017"
    assert tl.description.startswith("A sample timeline")
    assert [s.id for s in tl.sources] == ["ice-release-2017-09-28", "seed-article"]
    release = tl.source("ice-release-2017-09-28")
    assert release.publisher == "U.S. Immigration and Customs Enforcement"
    assert release.published == When.parse("2017-09-28")
    # events come out in chronological order, whatever the file's order
    assert [e.id for e in tl][:2] == ["decade", "open-ended"]
    op = tl["operation-safe-city"]
    assert op.when == When.parse("2017-09-24/2017-09-27", "America/Chicago")
    assert op.status is Status.HAPPENED
    assert op.tags == ("enforcement", "ice", "sanctuary")
    assert op.figure("arrested") == 498
    assert op.figure("share-with-record") == 0.65
    assert [(p.name, p.lat, p.lon) for p in op.places] == [
        ("Portland, Oregon", 45.52, -122.68),
        ("several cities", None, None),
    ]
    assert [(p.name, p.role) for p in op.people] == [
        ("Tom Homan", "Acting Director, ICE"),
        ("A spokesperson", None),
    ]
    seed = op.sources[1]
    assert seed.reported == When.parse("2017-09-25/2017-09-28")
    assert seed.reported_text == "between Monday and Thursday"
    assert op.conflicting == (seed,)
    assert [(link.kind, link.event) for link in op.related] == [("follows", "sessions-portland")]
    timed = tl["sessions-portland"].sources[0].reported
    assert timed == When.parse("2017-09-19T16:00", "America/New_York")
    assert tl["a-vague-one"].status is Status.DISPUTED


def test_bom_and_crlf_are_accepted() -> None:
    path = DATA / "good" / "bom-crlf.toml"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    tl = load(path)
    assert tl["a"].summary == "Two\nlines."
    assert loads("\ufefftitle = 'x'").title == "x"


def test_dumps_layout() -> None:
    tl = load(DATA / "good" / "full.toml")
    text = dumps(tl)
    lines = text.splitlines()
    assert lines[0] == SCHEMA_COMMENT
    assert lines[1].startswith("title = ")
    assert lines[2] == 'description = """'
    # sources before events, events in chronological order
    assert text.index("[[sources]]") < text.index("[[events]]")
    event_ids = [line[6:-1] for line in lines if line.startswith('id = "')][2:]
    assert event_ids == [e.id for e in tl]
    # keys of an event in the natural order; happened is the default and left out
    block = text[text.index('id = "operation-safe-city"') :]
    order = ["id =", "title =", "when =", "summary =", "tags =", "[events.figures]"]
    positions = [block.index(key) for key in order]
    assert positions == sorted(positions)
    assert 'tags = ["enforcement", "ice", "sanctuary"]' in block
    assert 'status = "happened"' not in text
    assert 'status = "planned"' in text


def test_dumps_keeps_carriage_returns() -> None:
    tl = loads(
        'title = "x"\n[[events]]\nid = "a"\ntitle = "A"\nwhen = "2017"\nsummary = "a\\r\\nb\\nc"'
    )
    assert loads(dumps(tl)) == tl


# -- bad files -------------------------------------------------------------------


def _expected(path: Path) -> list[str]:
    """The ``# expect:`` lines that open a bad file (after a BOM; UTF-16 read as such)."""
    raw = path.read_bytes()
    text = raw.decode("utf-16") if raw.startswith(b"\xff\xfe") else raw.decode("utf-8", "replace")
    expected = []
    for line in text.removeprefix("\ufeff").split("\n"):
        line = line.removesuffix("\r")
        if not line.startswith("# expect: "):
            break
        expected.append(line.removeprefix("# expect: "))
    return expected


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_bad_file_reports_every_problem(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _expected(path)
    assert expected, f"{path.name} has no '# expect:' line"
    monkeypatch.chdir(path.parent)
    with pytest.raises(TimelineLoadError) as exc:
        load(path.name)
    assert _problems(exc) == expected


def test_there_are_enough_bad_files() -> None:
    assert len(BAD) >= 49


def test_the_bad_corpus_covers_every_kind_of_problem() -> None:
    """Each kind of problem the issue lists has at least one file that shows it."""
    every = "\n".join(line for path in BAD for line in _expected(path))
    for needle in (
        "invalid TOML",
        "expected a string, found",
        "expected an array of tables, found",
        "(day 29: Feb 2017 has 28 days)",
        "(month 13: expected 01–12)",
        "(hour 25: expected 00–23)",
        "unknown time zone",
        "the end is before the start",
        "duplicate event id",
        "duplicate source id",
        "unknown event",
        "unknown source",
        "did you mean",
        "not UTF-8 text",
        "it looks like UTF-16",
        "title: missing (required)",
        "only years 1 to 9999 are supported, in UTC too",
        "too long",
    ):
        assert needle in every, needle
    assert (DATA / "bad" / "bom-error.toml").read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"\x00" in (DATA / "bad" / "nul-byte.toml").read_bytes()
    assert b"\r\n" in (DATA / "bad" / "crlf-error.toml").read_bytes()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "title: missing (required)"),
        (b"   \n\t\n", "title: missing (required)"),
        (b"\xef\xbb\xbf", "title: missing (required)"),
        (b"# only a comment\n", "title: missing (required)"),
    ],
    ids=["zero-bytes", "whitespace", "only-a-bom", "only-a-comment"],
)
def test_empty_files(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "empty.toml"
    path.write_bytes(content)
    with pytest.raises(TimelineLoadError) as exc:
        load(path)
    assert _problems(exc) == [f"{path}: {expected}"]


def test_message_lists_all_problems() -> None:
    text = (
        'title = "t"\n[[events]]\nid = "a"\ntitle = "A"\nwhen = "2017-13"\n[[events]]\nid = "b"\n'
    )
    with pytest.raises(TimelineLoadError) as exc:
        loads(text, source="x.toml")
    assert str(exc.value) == (
        "3 problems:\n"
        "x.toml:5: event 'a': when: '2017-13' is not a valid date (month 13: expected 01–12, "
        "or 21–41 for a season, quarter, quadrimester or semester)\n"
        "x.toml:6: event 'b': title: missing (required)\n"
        "x.toml:6: event 'b': when: missing (required)"
    )
    first = exc.value.problems[0]
    assert (first.file, first.line, first.event, first.field) == ("x.toml", 5, "a", "when")


def test_one_problem_is_one_line() -> None:
    with pytest.raises(TimelineLoadError) as exc:
        loads("")
    assert str(exc.value) == "title: missing (required)"
    assert isinstance(exc.value, TimelineError)


def test_syntax_error_has_line_and_column() -> None:
    with pytest.raises(TimelineLoadError) as exc:
        loads('title = "x"\n\nwhen = [1, 2', source="f.toml")
    (problem,) = exc.value.problems
    assert problem.line == 3
    assert str(problem).startswith("f.toml:3: invalid TOML: ")
    assert "(column " in str(problem)


def test_duplicate_keys_are_a_syntax_error() -> None:
    with pytest.raises(TimelineLoadError, match=r"^f.toml:2: invalid TOML: "):
        loads('title = "x"\ntitle = "y"\n', source="f.toml")


def test_no_file_name_without_source() -> None:
    with pytest.raises(TimelineLoadError) as exc:
        loads('title = "x"\n[[events]]\nid = "a"\ntitle = "A"\nwhen = "2017-02-30"\n')
    assert _problems(exc) == [
        "line 5: event 'a': when: '2017-02-30' is not a valid date (day 30: Feb 2017 has 28 days)"
    ]


def test_line_numbers_skip_multiline_strings() -> None:
    text = (
        'title = "t"\n'
        'description = """\n'
        "[[events]]\n"
        'when = "not this one"\n'
        '"""\n'
        "[[events]]\n"
        'id = "a"\n'
        'title = "A"\n'
        'when = "2017-13"\n'
    )
    with pytest.raises(TimelineLoadError) as exc:
        loads(text)
    assert exc.value.problems[0].line == 9


def test_dotted_and_quoted_keys_are_found() -> None:
    text = (
        'title = "t"\n'
        "[[events]]\n"
        'id = "a"\n'
        '"title" = "A"\n'
        'when = "2017"\n'
        'figures.arrested = "many"\n'
    )
    with pytest.raises(TimelineLoadError) as exc:
        loads(text)
    assert _problems(exc) == [
        "line 6: event 'a': figures.arrested: expected a number, found string 'many'"
    ]


def test_many_events_unknown_ids_stay_fast_and_clear() -> None:
    events = "".join(f'[[events]]\nid = "e{i}"\ntitle = "E"\nwhen = "2017"\n' for i in range(6000))
    text = f'title = "t"\n{events}[[events.related]]\nkind = "follows"\nevent = "e1x"\n'
    with pytest.raises(TimelineLoadError) as exc:
        loads(text)
    assert _problems(exc) == [
        f"line {6000 * 4 + 4}: event 'e5999': related[0].event: unknown event 'e1x'"
    ]


# -- reading files ---------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    with pytest.raises(TimelineLoadError) as exc:
        load(path)
    assert str(exc.value) == f"{path}: cannot read: no such file"


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(TimelineLoadError) as exc:
        load(tmp_path)
    assert str(exc.value) == f"{tmp_path}: cannot read: it is a directory"
    (problem,) = exc.value.problems
    assert (problem.file, problem.line, problem.event, problem.field) == (
        str(tmp_path),
        None,
        None,
        None,
    )


def test_missing_folder(tmp_path: Path) -> None:
    path = tmp_path / "no-such-folder" / "events.toml"
    with pytest.raises(TimelineLoadError) as exc:
        load(path)
    assert str(exc.value) == f"{path}: cannot read: no such file"


def test_path_through_a_file(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x")
    path = tmp_path / "a-file" / "events.toml"
    with pytest.raises(TimelineLoadError) as exc:
        load(path)
    assert str(exc.value) == f"{path}: cannot read: Not a directory"


def test_broken_symlink(tmp_path: Path) -> None:
    path = tmp_path / "link.toml"
    path.symlink_to(tmp_path / "gone.toml")
    with pytest.raises(TimelineLoadError) as exc:
        load(path)
    assert str(exc.value) == f"{path}: cannot read: no such file"


def test_load_accepts_str_and_pathlike(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text('title = "x"\n')
    assert load(str(path)) == load(path) == Timeline("x")


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.toml"
    path.write_text('title = "x"\n')

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(TimelineLoadError) as exc:
        load(path)
    assert str(exc.value) == f"{path}: cannot read: Permission denied"


def test_loads_refuses_bytes() -> None:
    with pytest.raises(TimelineLoadError, match="expected TOML text"):
        loads(b'title = "x"')  # type: ignore[arg-type]


# -- writing files ---------------------------------------------------------------


def test_dump_and_load(tmp_path: Path) -> None:
    tl = load(DATA / "good" / "full.toml")
    target = tmp_path / "events.toml"
    dump(tl, target)
    assert load(target) == tl
    assert target.read_bytes().startswith(SCHEMA_COMMENT.encode() + b"\n")
    assert b"\r" not in target.read_bytes()


def test_dump_failure_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "events.toml"
    target.write_text("old contents\n")
    tl = load(DATA / "good" / "full.toml")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(TimelineError, match="cannot write: No space left on device") as exc:
        dump(tl, target)
    assert str(target) in str(exc.value)
    assert target.read_text() == "old contents\n"
    assert [p.name for p in tmp_path.iterdir()] == ["events.toml"]  # no temporary file left


def test_dump_to_a_directory(tmp_path: Path) -> None:
    with pytest.raises(TimelineError, match="it is a directory"):
        dump(Timeline("x"), tmp_path)


# -- properties ------------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines())
def test_round_trip(tl: Timeline) -> None:
    text = dumps(tl)
    assert loads(text) == tl
    assert dumps(loads(text)) == text


_TOML_BITS = st.sampled_from(
    [
        'title = "t"\n',
        "[[events]]\n",
        "[[sources]]\n",
        "[[events.sources]]\n",
        "[[events.places]]\n",
        "[events.figures]\n",
        "[[events.related]]\n",
        'id = "a"\n',
        'id = "b"\n',
        "id = 3\n",
        'title = "A"\n',
        'when = "2017-09-15"\n',
        'when = "9999-12-31T23:59-12:00"\n',
        'tz = "Pacific/Kiritimati"\n',
        "when = 2017-09-15\n",
        'when = ["2017"]\n',
        'source = "a"\n',
        'event = "a"\n',
        'kind = "follows"\n',
        "lat = 1e999\n",
        "lon = -0.0\n",
        'name = ""\n',
        'reported = "[..]"\n',
        'reported_tz = "x"\n',
        "x = { y = [1, { z = 2 }] }\n",
        "tags = [[], {}]\n",
        'status = ["happened"]\n',
        'url = "https://x"\n',
        "published = 1979-05-27T07:32:00Z\n",
        "events = 1\n",
        "sources = [{}]\n",
        "a = nan\n",
        "=\n",
        '"""\n',
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TOML_BITS, max_size=12).map("".join))
def test_loads_raises_only_timeline_load_error(text: str) -> None:
    try:
        loads(text)
    except TimelineLoadError as exc:
        problems = exc.problems
    else:
        return
    assert problems
    assert all(str(p) for p in problems)


def test_keys_cover_every_table() -> None:
    assert set(KEYS) == {
        "",
        "sources",
        "eras",
        "events",
        "events.places",
        "events.people",
        "events.sources",
        "events.related",
    }


# -- the loader builds the models without their validators ---------------------------


def _assert_as_if_validated(tl: Timeline) -> None:
    """Every model of ``tl`` equals, field for field and type for type, a validated rebuild."""
    import attrs

    def same(obj: Any) -> None:
        rebuilt = attrs.evolve(obj)  # the public, checked constructor
        assert rebuilt == obj
        for field in attrs.fields(type(obj)):
            mine, theirs = getattr(obj, field.name), getattr(rebuilt, field.name)
            assert type(mine) is type(theirs), (obj, field.name)
            if isinstance(mine, tuple):
                for item in mine:
                    if attrs.has(type(item)):
                        same(item)

    rebuilt = Timeline(tl.title, tl.events, tl.sources, description=tl.description, eras=tl.eras)
    assert rebuilt == tl
    assert rebuilt.events == tl.events  # the same order
    for event in tl.events:
        same(event)
    for source in tl.sources:
        same(source)
    for era in tl.eras:
        same(era)


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.name)
def test_loaded_models_are_what_the_checked_constructors_make(path: Path) -> None:
    _assert_as_if_validated(load(path))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines())
def test_loaded_models_are_what_the_checked_constructors_make_any(tl: Timeline) -> None:
    _assert_as_if_validated(loads(dumps(tl)))


def test_pieces_and_whole_give_the_same_timeline(monkeypatch: pytest.MonkeyPatch) -> None:
    from timeline import toml_io

    text = (DATA.parent.parent / "data" / "events.toml").read_text(encoding="utf-8")
    monkeypatch.setattr(toml_io, "_PIECE", 1)  # a piece per event
    in_pieces = loads(text)
    whole = toml_io._loads(text, None)
    assert in_pieces == whole
    assert dumps(in_pieces) == dumps(whole)


@pytest.mark.parametrize(
    "text",
    [
        # an [[events]] line inside a multi-line string: read whole
        'title = "t"\n[[events]]\nid = "a"\ntitle = "A"\nwhen = "2017"\nsummary = """\n'
        '[[events]]\n"""\n',
        # sources after the events: read whole
        'title = "t"\n[[events]]\nid = "a"\ntitle = "A"\nwhen = "2017"\n'
        '[[events.sources]]\nsource = "s"\n[[sources]]\nid = "s"\ntitle = "S"\n',
    ],
)
def test_documents_that_do_not_split_are_read_whole(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from timeline import toml_io

    monkeypatch.setattr(toml_io, "_PIECE", 1)
    tl = loads(text)
    assert [e.id for e in tl.events] == ["a"]
    assert tl == toml_io._loads(text, None)


def _collector_during_loads(
    monkeypatch: pytest.MonkeyPatch, *, pause_gc: bool | None = None
) -> tuple[list[bool], list[bool]]:
    """``gc.isenabled()`` as seen by the loader while it parses each date, for load and loads."""
    import gc

    from timeline import _decoder as codec  # (the decoder's checks, moved out of codec)

    seen: list[bool] = []

    def spy(text: str, tz: str | None = None) -> When:
        seen.append(gc.isenabled())
        return When(text, tz)

    monkeypatch.setattr(codec, "When", spy)  # the decoder's own name for the date type
    path = DATA.parent.parent / "data" / "events.toml"
    text = path.read_text(encoding="utf-8")
    if pause_gc is None:  # the default
        load(path)
        from_file = list(seen)
        seen.clear()
        loads(text)
    else:
        load(path, pause_gc=pause_gc)
        from_file = list(seen)
        seen.clear()
        loads(text, pause_gc=pause_gc)
    return from_file, seen


def test_a_default_load_leaves_the_collector_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    assert gc.isenabled()
    from_file, from_text = _collector_during_loads(monkeypatch)
    assert from_file
    assert from_text
    assert all(from_file)
    assert all(from_text)
    gc.disable()
    try:
        _collector_during_loads(monkeypatch)
        assert not gc.isenabled()  # nor does it turn it on
    finally:
        gc.enable()


def test_a_load_may_ask_to_pause_the_collector(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from_file, from_text = _collector_during_loads(monkeypatch, pause_gc=True)
    assert from_file
    assert from_text
    assert not any(from_file)
    assert not any(from_text)
    assert gc.isenabled()  # restored


def test_the_pause_nests_and_leaves_the_collector_as_found() -> None:
    import gc

    from timeline._fast import collector_paused

    seen: list[bool] = []
    with collector_paused():
        seen.append(gc.isenabled())
        with collector_paused():  # nested, as with loads on two threads
            seen.append(gc.isenabled())
        seen.append(gc.isenabled())
    assert seen == [False, False, False]
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()


def test_equal_coordinates_written_differently_come_back_as_written() -> None:
    # 45, 45.0, 0 and -0.0 compare equal in pairs; sharing one Place between
    # them would write the first one's form back for the others
    text = """title = "t"

[[events]]
id = "a"
title = "A"
when = "2017"

[[events.places]]
name = "P"
lat = 45
lon = 0

[[events]]
id = "b"
title = "B"
when = "2018"

[[events.places]]
name = "P"
lat = 45.0
lon = -0.0
"""
    tl = loads(text)
    a, b = tl["a"].places[0], tl["b"].places[0]
    assert (repr(a.lat), repr(a.lon)) == ("45", "0")
    assert (repr(b.lat), repr(b.lon)) == ("45.0", "-0.0")
    assert loads(dumps(tl)) == tl
    assert dumps(loads(dumps(tl))) == dumps(tl)


@pytest.mark.parametrize("name", ["out.csv", "OUT.ICS", "out.json"])
def test_dump_to_an_export_s_name_is_refused_and_names_export(tmp_path: Path, name: str) -> None:
    # (it wrote TOML text into a file named .csv: a user who wanted a CSV got neither)
    tl = Timeline("T", [Event("a", "A", When.parse("2017-09-24"))])
    with pytest.raises(TimelineError, match=r"timeline\.export\(tl, .*"):
        dump(tl, tmp_path / name)
    assert not (tmp_path / name).exists()
