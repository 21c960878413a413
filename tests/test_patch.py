"""timeline.patch: saving edits into the file's own text, keeping what was not changed."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.edit_strategies import edit_sequences
from tests.strategies import timelines
from timeline import Event, Source, Timeline, When, dumps, edit, loads
from timeline import patch as patch_module
from timeline._scan import Scan
from timeline.patch import Document, Patched, patch

DATA = Path(__file__).resolve().parent.parent / "data" / "events.toml"
ORIGINAL = DATA.read_bytes()
SEED = loads(ORIGINAL.decode("utf-8"))


def _changed_lines(old: bytes, new: bytes) -> set[int]:
    """Line numbers (1-based) of ``old`` that the diff to ``new`` touches."""
    matcher = difflib.SequenceMatcher(
        None, old.decode().splitlines(), new.decode().splitlines(), autojunk=False
    )
    touched: set[int] = set()
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag != "equal":
            touched.update(range(i1 + 1, max(i2, i1 + 1) + 1))
    return touched


def _event_lines(data: bytes, event_id: str) -> range:
    """The lines of the ``[[events]]`` table of ``event_id`` (up to the next table)."""
    lines = data.decode().splitlines()
    at = lines.index(f'id = "{event_id}"')
    first = max(i for i in range(at) if lines[i] == "[[events]]")
    nexts = [i for i in range(at, len(lines)) if lines[i] in ("[[events]]", "[[sources]]")]
    last = nexts[0] if nexts else len(lines)
    return range(first + 1, last + 1)


def _patched(original: bytes, after: Timeline, **kw: object) -> Patched:
    result = patch(original, loads(original.decode()), after, **kw)  # type: ignore[arg-type]
    assert result.rewritten is None, result.rewritten
    assert loads(result.text) == after
    return result


# -- the bundled data ----------------------------------------------------------------


def test_changing_one_title_changes_only_that_events_lines() -> None:
    event = SEED["operation-safe-city"]
    after = edit.replace_event(SEED, event.id, attrs.evolve(event, title="Safe City")).apply(SEED)
    new = _patched(ORIGINAL, after).data
    touched = _changed_lines(ORIGINAL, new)
    assert touched
    assert touched <= set(_event_lines(ORIGINAL, event.id))
    assert b'title = "Safe City"\n' in new
    # its comments stay, above what they were above
    for comment in re.findall(rb"\n(#[^\n]*)", ORIGINAL):
        assert comment in new


def test_undo_all_writes_the_original_bytes() -> None:
    change = edit.remove_event(SEED, "byrne-jag-conditions", unlink=True)
    edited = change.apply(SEED)
    assert patch(ORIGINAL, SEED, change.revert(edited)).data == ORIGINAL
    assert patch(ORIGINAL, SEED, SEED).data is ORIGINAL


def test_a_removed_event_goes_with_its_own_leading_comment() -> None:
    after = edit.remove_event(SEED, "harvey-landfall", unlink=True).apply(SEED)
    new = _patched(ORIGINAL, after).data
    assert b"NHC landfall times" not in new
    assert b"\n\n\n" not in new  # no blank lines left behind
    kept = ORIGINAL.count(b"\n#") - 2
    assert new.count(b"\n#") == kept


def test_a_new_event_goes_after_the_last_one_and_a_new_source_after_the_last_source() -> None:
    source = Source("new-source", "A new source")
    event = Event("new-event", "A new event", When.parse("1999"))
    after = edit.apply(SEED, edit.add_source(SEED, source))
    after = edit.apply(after, edit.add_event(after, event))
    new = _patched(ORIGINAL, after).data
    assert new.startswith(ORIGINAL[: ORIGINAL.rindex(b"\n[[sources]]")])
    assert new.endswith(b'\n\n[[events]]\nid = "new-event"\ntitle = "A new event"\nwhen = "1999"\n')
    assert new.index(b'id = "new-source"') < new.index(b"\n[[events]]")


def test_a_new_id_keeps_the_events_place() -> None:
    event = SEED["chicago-sues"]
    change = edit.replace_event(SEED, event.id, attrs.evolve(event, id="chicago-files"))
    new = _patched(ORIGINAL, change.apply(SEED), renamed=change.renamed).data
    assert new.index(b'"chicago-files"') < new.index(b'id = "harvey-landfall"')
    # without the hint it is a removal and an addition: still right, at the end
    moved = _patched(ORIGINAL, change.apply(SEED)).data
    assert moved.index(b'id = "chicago-files"') > moved.index(b'id = "harvey-landfall"')


def test_a_source_given_a_new_id_keeps_its_place_and_its_citations_follow() -> None:
    old = SEED.source("ice-release-2017-09-28")
    change = edit.replace_source(SEED, old.id, attrs.evolve(old, id="ice-release"))
    after = change.apply(SEED)
    new = _patched(ORIGINAL, after).data
    assert b"ice-release-2017-09-28" not in new
    assert new.index(b'id = "ice-release"') < new.index(b'id = "koin-2017-09-28"')
    # only the source's id line and the citing events' tables change
    source_line = ORIGINAL.decode().splitlines().index(f'id = "{old.id}"') + 1
    citing = {e.id for e in SEED.events for c in e.sources if c.source == old.id}
    allowed = {source_line}.union(*(_event_lines(ORIGINAL, i) for i in citing))
    changed = _changed_lines(ORIGINAL, new)
    assert source_line in changed
    assert changed <= allowed
    # with a source added after the others as well: still in its place
    more = edit.add_source(after, Source("another", "Another")).apply(after)
    new = _patched(ORIGINAL, more).data
    assert new.index(b'id = "ice-release"') < new.index(b'id = "koin-2017-09-28"')
    assert new.index(b'id = "another"') > new.index(b'id = "koin-2017-09-28"')


def test_document_saves_atomically_and_keeps_the_comments(tmp_path: Path) -> None:
    path = tmp_path / "events.toml"
    path.write_bytes(ORIGINAL)
    doc = Document.load(path)
    tl = doc.timeline
    event = tl["daca-rescinded"]
    saved = doc.save(edit.replace_event(tl, event.id, attrs.evolve(event, tags=["x"])).apply(tl))
    assert saved.rewritten is None
    assert path.read_bytes() == saved.data
    assert saved.timeline["daca-rescinded"].tags == ("x",)
    assert Document.load(path).timeline == saved.timeline
    assert b"# NHC landfall times" in saved.data
    assert not list(tmp_path.glob(".*.tmp"))


# -- unusual but valid TOML -------------------------------------------------------------

HEAD = '# a comment at the top\ntitle = "T"\n\n[[sources]]\nid = "s"\ntitle = "S"\n\n'


def _retitled(text: str, event_id: str = "b", title: str = "New") -> tuple[Timeline, Patched]:
    before = loads(text)
    after = edit.replace_event(before, event_id, attrs.evolve(before[event_id], title=title))
    return after.apply(before), patch(text, before, after.apply(before))


@pytest.mark.parametrize(
    "body",
    [
        # inline tables and arrays of them
        '[[events]]\nid = "b"\ntitle = "B"\nwhen = "2017"\n'
        'places = [{name = "P", lat = 1, lon = 2}]\n',
        # dotted keys
        '[[events]]\nid = "b"\ntitle = "B"\nwhen = "2017"\nfigures.arrested = 4\n',
        # comments between fields and at the ends of lines
        '[[events]]  # head\nid = "b" # the id\n# about the title\ntitle = "B"\nwhen = "2017"\n',
        # quoted keys, literal strings, odd spacing
        "[[ events ]]\n\"id\" = 'b'\n  title   =   'B'\nwhen='2017'\n",
        # a sub-table written with quotes
        '[[events]]\nid = "b"\ntitle = "B"\nwhen = "2017"\n[["events".people]]\nname = "N"\n',
        # a multi-line string holding what looks like a table
        '[[events]]\nid = "b"\ntitle = "B"\nwhen = "2017"\n'
        'summary = """\n[[events]]\nid = "x"\n"""\n',
        "[[events]]\nid = 'b'\ntitle = 'B'\nwhen = '2017'\nsummary = '''\n[[events]]\n# no'''\n",
    ],
)
def test_unusual_tables_are_patched(body: str) -> None:
    text = HEAD + '[[events]]\nid = "a"\ntitle = "A"\nwhen = "2016"\n\n' + body + "\n# the end\n"
    after, result = _retitled(text)
    assert result.rewritten is None
    assert loads(result.text) == after
    assert result.text.startswith(text[: text.index(body)])
    assert result.text.endswith("\n# the end\n")
    for comment in re.findall(r"#[^\n]*", body):
        if "no" not in comment:
            assert comment in result.text


def test_comments_stay_above_what_they_annotate() -> None:
    text = HEAD + (
        '[[events]]\nid = "b"\ntitle = "B"\n# when: from the court record\nwhen = "2017"\n\n'
        '# the first place\n[[events.places]]\nname = "P"\n\n'
        '# the second place\n[[events.places]]\nname = "Q"\n'
    )
    _, result = _retitled(text)
    assert result.rewritten is None
    assert '# when: from the court record\nwhen = "2017"' in result.text
    assert '# the second place\n[[events.places]]\nname = "Q"' in result.text
    assert '# the first place\n[[events.places]]\nname = "P"' in result.text


def test_crlf_files_stay_crlf() -> None:
    text = (HEAD + '[[events]]\nid = "b"\ntitle = "B"\nwhen = "2017"\nsummary = "x"\n').replace(
        "\n", "\r\n"
    )
    after, result = _retitled(text)
    assert result.rewritten is None
    assert loads(result.text) == after
    assert "\n" not in result.text.replace("\r\n", "")
    added = edit.add_event(after, Event("c", "C", When.parse("2018"))).apply(after)
    more = patch(text, loads(text), added)
    assert more.rewritten is None
    assert "\n" not in more.text.replace("\r\n", "")


def test_a_file_without_a_final_line_end() -> None:
    text = HEAD + '[[events]]\nid = "b"\ntitle = "B"\nwhen = "2017"'
    _, result = _retitled(text)
    assert result.rewritten is None
    assert result.text.endswith('title = "New"\nwhen = "2017"')
    before = loads(text)
    added = edit.add_event(before, Event("c", "C", When.parse("2018"))).apply(before)
    more = _patched(text.encode(), added)
    assert more.text.startswith(text + "\n\n[[events]]\n")


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (
            'title = "T"\nevents = [{id = "b", title = "B", when = "2017"}]\n',
            "is not written as a [[events]] table of its own",
        ),
        (
            HEAD.replace(
                "[[sources]]", '[[events]]\nid = "b"\ntitle = "B"\nwhen = "2017"\n\n[[sources]]'
            )
            + '[[events.places]]\nname = "P"\n',
            "sub-table stands after another table",
        ),
    ],
)
def test_what_cannot_be_patched_is_rewritten_whole_with_the_reason(text: str, why: str) -> None:
    after, result = _retitled(text)
    assert result.rewritten is not None
    assert why in result.rewritten
    assert loads(result.text) == after


def test_a_changed_title_rewrites_the_file_and_says_why() -> None:
    result = patch(ORIGINAL, SEED, attrs.evolve(SEED, title="Other"))
    assert result.rewritten is not None
    assert "title" in result.rewritten
    assert loads(result.text) == attrs.evolve(SEED, title="Other")


def test_sources_added_to_a_file_without_sources() -> None:
    text = 'title = "T"\n\n# Events\n\n[[events]]\nid = "b"\ntitle = "B"\nwhen = "2017"\n'
    before = loads(text)
    after = edit.add_source(before, Source("s", "S")).apply(before)
    result = _patched(text.encode(), after)
    assert result.text == (
        'title = "T"\n\n[[sources]]\nid = "s"\ntitle = "S"\n\n# Events\n\n'
        '[[events]]\nid = "b"\ntitle = "B"\nwhen = "2017"\n'
    )


# -- any edits -------------------------------------------------------------------------


@st.composite
def _decorated(draw: st.DrawFn, tl: Timeline) -> str:
    """``dumps(tl)`` with comments and blank lines about, maybe CRLF, maybe no final newline."""
    lines = dumps(tl).split("\n")
    out: list[str] = []
    in_string = False
    for line in lines:
        if not in_string and line.startswith("[") and draw(st.booleans()):
            out.append(draw(st.sampled_from(["# about this", "", "# a\n# b", "#"])))
        out.append(line)
        if line.count('"""') % 2:
            in_string = not in_string
    text = "\n".join(out)
    if draw(st.booleans()):
        text = text.rstrip("\n")
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return text


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edit_sequences(timelines(max_events=5, max_sources=3)), st.data())
def test_any_edits_patch_a_decorated_file(
    case: tuple[Timeline, list[edit.Change], Timeline], data: st.DataObject
) -> None:
    start, changes, end = case
    text = data.draw(_decorated(start))
    renamed = [pair for change in changes for pair in change.renamed]
    result = patch(text, loads(text), end, renamed=renamed)
    assert result.rewritten is None
    assert loads(result.text) == end
    undone = end
    for change in reversed(changes):
        undone = change.revert(undone)
    assert patch(text, loads(text), undone).text == text


_SEED_EDITS = edit_sequences(st.just(SEED), max_edits=5)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_SEED_EDITS)
def test_any_edits_of_the_bundled_file_load_back_and_undo_to_the_same_bytes(
    case: tuple[Timeline, list[edit.Change], Timeline],
) -> None:
    start, changes, end = case
    result = patch(ORIGINAL, start, end)
    assert result.rewritten is None
    assert loads(result.text) == end
    undone = end
    for change in reversed(changes):
        undone = change.revert(undone)
    assert patch(ORIGINAL, start, undone).data == ORIGINAL


def test_document_undo_after_a_save_writes_the_loaded_bytes(tmp_path: Path) -> None:
    path = tmp_path / "events.toml"
    path.write_bytes(ORIGINAL)
    doc = Document.load(path)
    tl = doc.timeline
    first = edit.replace_event(tl, "chicago-sues", attrs.evolve(tl["chicago-sues"], id="sued"))
    doc = doc.save(first.apply(tl), renamed=first.renamed)
    tl = doc.timeline
    second = edit.replace_event(tl, "sued", attrs.evolve(tl["sued"], id="chicago-files"))
    doc = doc.save(second.apply(tl), renamed=second.renamed)
    assert doc.renamed == (("chicago-sues", "chicago-files"),)
    assert doc.rewritten is None
    # renamed twice, still in its place
    assert doc.data.index(b'"chicago-files"') < doc.data.index(b'id = "harvey-landfall"')
    undone = first.revert(second.revert(doc.timeline))
    doc = doc.save(undone, renamed=[("chicago-files", "chicago-sues")])
    assert path.read_bytes() == ORIGINAL


def test_a_comment_whose_key_is_gone_goes_above_the_table_with_a_note() -> None:
    text = HEAD + '[[events]]\nid = "b"\ntitle = "B"\nwhen = "2017"\n# why\nsummary = "S"\n'
    before = loads(text)
    after = edit.replace_event(before, "b", attrs.evolve(before["b"], summary="")).apply(before)
    result = _patched(text.encode(), after)
    assert result.text.endswith('# why\n[[events]]\nid = "b"\ntitle = "B"\nwhen = "2017"\n')
    assert result.notes == ("event 'b': 1 comment kept above its table (their place is gone)",)


def test_a_file_with_a_byte_order_mark() -> None:
    text = '\ufefftitle = "T"\n'
    before = loads(text)
    after = edit.add_event(before, Event("a", "A", When.parse("2017"))).apply(before)
    result = _patched(text.encode(), after)
    assert result.data.startswith(b'\xef\xbb\xbftitle = "T"\n\n[[events]]\nid = "a"')


def test_a_document_scans_the_bytes_it_loaded_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[bytes] = []

    class CountedScan(Scan):
        def __init__(self, data: bytes) -> None:
            made.append(data)
            super().__init__(data)

    monkeypatch.setattr(patch_module, "Scan", CountedScan)
    path = tmp_path / "events.toml"
    path.write_bytes(ORIGINAL)
    doc = Document.load(path)
    tl = doc.timeline
    for title in ("One", "Two", "Three"):
        event = tl["daca-rescinded"]
        edited = edit.replace_event(tl, event.id, attrs.evolve(event, title=title)).apply(tl)
        assert doc.patch(edited).rewritten is None
        doc = doc.save(edited)
        tl = doc.timeline
        assert Document.load(path).timeline == tl
    assert made == [ORIGINAL]  # every save patches the bytes as loaded, scanned once


def test_a_kept_scan_still_refuses_a_stray_sub_table(tmp_path: Path) -> None:
    event = '[[events]]\nid = "b"\ntitle = "B"\nwhen = "2017"\n\n[[sources]]'
    text = HEAD.replace("[[sources]]", event) + '[[events.places]]\nname = "P"\n'
    path = tmp_path / "stray.toml"
    path.write_text(text, encoding="utf-8")
    doc = Document.load(path)
    tl = doc.timeline
    edited = edit.replace_event(tl, "b", attrs.evolve(tl["b"], title="C")).apply(tl)
    for _ in range(2):  # the second time with the scan kept from the first
        assert doc.patch(edited).rewritten == (
            "line 13: an event's sub-table stands after another table"
            " (it belongs to the last event before it)"
        )


# -- sources given new ids: told, or found by their place


_TWO_SOURCES = b"""title = "T"

[[sources]]
id = "a"
title = "A"

# The article: its dates are wrong in places.
[[sources]]
id = "b"
title = "B"

[[events]]
id = "e"
title = "E"
when = "2017"
"""


def test_a_source_removed_and_another_added_are_not_paired_when_the_renames_are_told() -> None:
    # the comment above the source removed is about it: it goes with it, and the new source
    # is added after the others, as a new one is; not knowing the renames, the new source is
    # taken for the one removed given a new id (in its place, the comment kept)
    before = loads(_TWO_SOURCES.decode())
    removed = edit.remove_source(before, "b").apply(before)
    after = edit.add_source(removed, Source("c", "C")).apply(removed)
    told = _patched(_TWO_SOURCES, after, renamed_sources=()).text
    assert told == _TWO_SOURCES.decode().replace(
        '# The article: its dates are wrong in places.\n[[sources]]\nid = "b"\ntitle = "B"\n',
        '[[sources]]\nid = "c"\ntitle = "C"\n',
    )
    guessed = _patched(_TWO_SOURCES, after).text
    assert '# The article: its dates are wrong in places.\n[[sources]]\nid = "c"' in guessed


def test_a_source_told_renamed_is_written_in_its_place_with_its_comment(tmp_path: Path) -> None:
    before = loads(_TWO_SOURCES.decode())
    change = edit.replace_source(before, "b", Source("b2", "B"))
    assert change.renamed_sources == (("b", "b2"),)
    assert change.inverse().renamed_sources == (("b2", "b"),)
    assert edit.replace_source(before, "b", Source("b", "B, edited")).renamed_sources == ()
    after = change.apply(before)
    new = _patched(_TWO_SOURCES, after, renamed_sources=change.renamed_sources).text
    assert new == _TWO_SOURCES.decode().replace('id = "b"', 'id = "b2"')
    # a document gathers the renames from save to save: b to b2, then b2 to b3
    doc = Document.parse(_TWO_SOURCES)
    doc = doc.save(after, tmp_path / "t.toml", renamed_sources=change.renamed_sources)
    again = edit.replace_source(after, "b2", Source("b3", "B"))
    assert doc.renamed_sources == (("b", "b2"),)
    patched = doc.patch(again.apply(after), renamed_sources=again.renamed_sources)
    assert patched.text == _TWO_SOURCES.decode().replace('id = "b"', 'id = "b3"')
