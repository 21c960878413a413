"""Very large input: loaded within budget, or refused quickly with a clear message.

(Budgets are in CPU time: the suite shares its machine, and a busy neighbour must not
fail a test that did its own work quickly.)

The limits (``timeline.toml_io.MAX_*``, documented in docs/format.md, "Limits") keep
memory and time bounded: a file over :data:`MAX_FILE_BYTES` is refused before it is read,
an over-long text is refused without being copied into a message, and a file with very
many problems stops being checked after :data:`MAX_PROBLEMS`.  The tests build their big
inputs in memory or as sparse files, so they take seconds; a file at the size limit is
loaded only in the opt-in ``slow`` run.
"""

from __future__ import annotations

import os
import re
import time
import tracemalloc
from pathlib import Path

import pytest

from benchmarks import generate as gen
from timeline import Timeline, TimelineLoadError, load, loads, toml_io
from timeline.toml_io import (
    MAX_FILE_BYTES,
    MAX_ID,
    MAX_LONG_TEXT,
    MAX_PROBLEMS,
    MAX_SHORT_TEXT,
    MAX_URL,
)

MB = 1_000_000


def _refused(text: str, *, seconds: float = 5.0) -> TimelineLoadError:
    start = time.process_time()
    with pytest.raises(TimelineLoadError) as exc:
        loads(text, source="big.toml")
    assert time.process_time() - start < seconds
    assert len(str(exc.value)) < 20_000  # the message never carries the big value
    return exc.value


def _event(**fields: str) -> str:
    body = {"id": '"a"', "title": '"A"', "when": '"2017"', **fields}
    return 'title = "t"\n[[events]]\n' + "".join(f"{k} = {v}\n" for k, v in body.items())


# -- limits on one value -----------------------------------------------------------------


def test_a_ten_megabyte_title_is_refused_quickly() -> None:
    error = _refused('title = "' + "x" * (10 * MB) + '"\n')
    assert str(error) == "big.toml:1: title: too long (10,000,000 characters; at most 1,000)"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("title", '"' + "t" * 10 * MB + '"', "title: too long (10,000,000 characters"),
        ("summary", '"' + "s" * 10 * MB + '"', "summary: too long (10,000,000 characters"),
        ("tags", '["' + "g" * 10 * MB + '"]', "tags[0]: too long (10,000,000 characters"),
        ("when", '"' + "2" * 10 * MB + '"', "when: '" + "2" * 40 + "'..."),
        ("tz", '"' + "Z" * 10 * MB + '"', "tz: not a time zone (too long)"),
        ("status", '"' + "s" * 10 * MB + '"', "status: '" + "s" * 57 + "'..."),
        ("id", '"' + "a" * 10 * MB + '"', "events[0].id: too long (10,000,000 characters"),
        ('"' + "k" * 10 * MB + '"', "1", "unknown key '" + "k" * 57 + "'..."),
    ],
    ids=["title", "summary", "tag", "when", "tz", "status", "id", "key"],
)
def test_ten_megabyte_values_are_refused_quickly(key: str, value: str, message: str) -> None:
    error = _refused(_event(**{key: value}))
    assert message in str(error)


@pytest.mark.parametrize(
    ("table", "key", "limit"),
    [
        ("", "title", MAX_SHORT_TEXT),
        ("", "description", MAX_LONG_TEXT),
        ("events", "title", MAX_SHORT_TEXT),
        ("events", "summary", MAX_LONG_TEXT),
        ("sources", "title", MAX_SHORT_TEXT),
        ("sources", "publisher", MAX_SHORT_TEXT),
        ("sources", "note", MAX_LONG_TEXT),
        ("sources", "url", MAX_URL),
        ("events.places", "name", MAX_SHORT_TEXT),
        ("events.people", "name", MAX_SHORT_TEXT),
        ("events.people", "role", MAX_SHORT_TEXT),
        ("events.sources", "quote", MAX_LONG_TEXT),
        ("events.sources", "reported_text", MAX_SHORT_TEXT),
        ("events.sources", "note", MAX_LONG_TEXT),
        ("events.related", "note", MAX_LONG_TEXT),
        ("events", "tags", MAX_SHORT_TEXT),
        ("events", "id", MAX_ID),
        ("events.figures", "name", MAX_SHORT_TEXT),
    ],
)
def test_every_text_field_is_capped_at_its_limit(table: str, key: str, limit: int) -> None:
    def document(size: int) -> str:
        text = ("h" * size) if key != "url" else "https://example.org/" + "p" * (size - 20)
        value = f'"{text}"'
        top = {"title": '"T"'}
        source = {"id": '"s"', "title": '"S"'}
        event = {"id": '"e"', "title": '"E"', "when": '"2017"'}
        extra = ""
        if table == "":
            top[key] = value
        elif table == "sources":
            source[key] = value
        elif table == "events" and key == "tags":
            event["tags"] = f"[{value}]"
        elif table == "events" and key == "id":
            event["id"] = f'"{"a" * size}"'
        elif table == "events":
            event[key] = value
        elif table == "events.figures":
            extra = f"[events.figures]\n{value} = 1\n"
        else:
            required = {
                "events.places": {"name": '"P"'},
                "events.people": {"name": '"P"'},
                "events.sources": {"source": '"s"'},
                "events.related": {"kind": '"k"', "event": '"e"'},
            }[table]
            extra = f"[[{table}]]\n" + "".join(
                f"{k} = {v}\n" for k, v in {**required, key: value}.items()
            )
        lines = [f"{k} = {v}" for k, v in top.items()]
        lines += ["[[sources]]", *(f"{k} = {v}" for k, v in source.items())]
        lines += ["[[events]]", *(f"{k} = {v}" for k, v in event.items())]
        return "\n".join(lines) + "\n" + extra

    tl = loads(document(limit))
    assert isinstance(tl, Timeline)
    with pytest.raises(TimelineLoadError) as exc:
        loads(document(limit + 1))
    (problem,) = exc.value.problems
    assert problem.message.endswith(f"too long ({limit + 1:,} characters; at most {limit:,})")
    assert problem.line is not None


def test_limits_are_what_the_docs_say() -> None:
    docs = (Path(__file__).resolve().parent.parent / "docs" / "format.md").read_text()
    limits = docs[docs.index("## Limits") :]
    for number in (MAX_SHORT_TEXT, MAX_LONG_TEXT, MAX_URL, MAX_ID, MAX_PROBLEMS):
        assert f"{number:,}" in limits, number
    assert f"{MAX_FILE_BYTES // 2**20} MiB" in limits


# -- limits on the file ---------------------------------------------------------------


def test_a_hundred_megabyte_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    with path.open("wb") as handle:  # sparse: no 100 MB written to the disk
        handle.truncate(100 * 2**20)
    tracemalloc.start()
    start = time.process_time()
    try:
        with pytest.raises(TimelineLoadError) as exc:
            load(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.process_time() - start < 1.0
    assert peak < 1 * MB  # nothing was read
    assert str(exc.value) == (
        f"{path}: the file is too big (104,857,600 bytes; at most 67,108,864):"
        " split the timeline into several files"
    )


def test_the_size_check_is_exact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(toml_io, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "t.toml"
    text = 'title = "t"\n'
    path.write_text(text + "#" * (1000 - len(text)))
    assert load(path).title == "t"
    path.write_text(text + "#" * (1001 - len(text)))
    with pytest.raises(TimelineLoadError, match=r"too big \(1,001 bytes; at most 1,000\)"):
        load(path)
    with pytest.raises(TimelineLoadError, match=r"too big \(1,001 characters; at most 1,000\)"):
        loads(text + "#" * (1001 - len(text)))


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_stream_without_size_is_refused_before_it_is_read() -> None:
    start = time.process_time()
    with pytest.raises(TimelineLoadError, match="cannot read: it is a device, not a regular file"):
        load("/dev/zero")
    assert time.process_time() - start < 0.5


# -- many problems, pathological shapes ----------------------------------------------------


def test_a_hundred_thousand_bad_events_stop_after_the_first_problems() -> None:
    text = 'title = "t"\n' + "".join(
        f'[[events]]\nid = "e{i}"\ntitle = "E"\nwhen = "2017-13"\n' for i in range(100_000)
    )
    error = _refused(text, seconds=15.0)
    assert not error.complete
    assert len(error.problems) == MAX_PROBLEMS
    assert error.found >= MAX_PROBLEMS
    assert str(error).startswith(
        f"too many problems: checking stopped after {MAX_PROBLEMS};"
        f" the first {MAX_PROBLEMS} are listed:\n"
    )
    assert str(error).endswith("(fix these and load the file again to see the rest)")
    assert [p.line for p in error.problems] == [5 + 4 * i for i in range(MAX_PROBLEMS)]


def test_a_million_bad_items_in_one_array_make_few_records() -> None:
    text = (
        'title = "t"\n[[events]]\nid = "a"\ntitle = "A"\nwhen = "2017"\ntags = ['
        + ('"",' * 1_000_000)
        + "]\n"
    )
    error = _refused(text, seconds=15.0)
    assert len(error.problems) == MAX_PROBLEMS
    assert error.found == 1_000_000


def test_a_few_problems_are_all_listed() -> None:
    error = _refused(_event(when='"2017-13"', status='"done"'))
    assert error.complete
    assert error.found == len(error.problems) == 2


def test_many_duplicate_ids_are_located_fast() -> None:
    # each duplicate names the line of the first: once a linear scan per problem
    text = 'title = "t"\n' + '[[events]]\nid = "e"\ntitle = "E"\nwhen = "2017"\n' * 50_000
    error = _refused(text, seconds=10.0)
    assert error.problems[0].message == "duplicate event id (first at line 3)"


def test_a_megabyte_line_of_spaces_does_not_stall_the_line_finder() -> None:
    # a header-like line (it starts with "[") of spaces once made a regex backtrack
    text = 'title = "t"\nx = [\n[' + " " * (2 * MB) + "1]]\n" + "[ " + " " * MB + "\n"
    with pytest.raises(TimelineLoadError):
        loads(text)
    text = 'title = "t"\nx = [\n[' + " " * (2 * MB) + "1]]\n"
    error = _refused(text)
    assert str(error) == "big.toml:2: unknown key 'x'"


def test_deep_nesting_is_refused() -> None:
    error = _refused("x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert "invalid TOML" in str(error)


def test_a_realistic_large_file_loads_within_budget() -> None:
    text = gen.generate(10_000, seed=1)
    start = time.process_time()
    tl = loads(text)
    assert len(tl) == 10_000
    assert time.process_time() - start < 15.0


# -- the long run -----------------------------------------------------------------------


@pytest.mark.slow
def test_a_file_just_under_the_limit_loads(pytestconfig: pytest.Config, tmp_path: Path) -> None:
    expression = str(pytestconfig.getoption("markexpr") or "")
    if not re.search(r"\bslow\b", expression) or re.search(r"not\s+slow", expression):
        pytest.skip("loads a 64 MiB file: run with -m slow")
    path = tmp_path / "big.toml"
    with path.open("w", encoding="utf-8") as out:
        gen.write(135_000, out, seed=2)  # about 63 MiB of realistic events
    size = path.stat().st_size
    assert MAX_FILE_BYTES * 0.9 < size <= MAX_FILE_BYTES
    start = time.process_time()
    tl = load(path)
    elapsed = time.process_time() - start
    print(f"\nloaded {size / 2**20:.0f} MiB, {len(tl):,} events in {elapsed:.0f} s")
    assert elapsed < 120
