"""Writers: every write is atomic and every failure is clean; no text escapes iCalendar.

Each writer (``dump``, ``write_ics``, ``export`` to ``.ics``, ``.json``, ``.csv``) meets
each fault: permission denied on create, write, chmod or rename, a full disk on write or
fsync, a target that is a folder, a folder that is missing or is a file.  The tests run as
root, so the faults are simulated by monkeypatching ``os`` functions.  After any failure
the old file is byte-for-byte the same, no temporary file is left, and the error is a
:class:`TimelineError` naming the file and the reason.

Then, iCalendar injection: text with CR, LF, ``BEGIN:``, ``:``, ``;``, ``,``, backslashes,
Unicode line separators and control characters, in every text field, never makes a
property or component of its own (hypothesis, round trip through ``from_ics``).
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Final

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.strategies import ids
from timeline import (
    Citation,
    Event,
    Link,
    Person,
    Place,
    Source,
    Status,
    Timeline,
    TimelineError,
    When,
    dump,
    dumps,
    load,
)
from timeline.export import export, render
from timeline.ical import from_ics, to_ics, write_ics

DATA: Final = Path(__file__).resolve().parent / "data"
STAMP: Final = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
OLD: Final = b"the old contents, which must survive\n"


def _timeline() -> Timeline:
    return load(DATA / "good" / "full.toml")


Writer = Callable[[Timeline, Path], None]

WRITERS: Final[dict[str, tuple[str, Writer]]] = {
    "dump": ("events.toml", lambda tl, path: dump(tl, path)),
    "write_ics": ("events.ics", lambda tl, path: write_ics(tl, path, stamp=STAMP)),
    "export-ics": ("out.ics", lambda tl, path: export(tl, path, stamp=STAMP)),
    "export-json": ("out.json", lambda tl, path: export(tl, path)),
    "export-csv": ("out.csv", lambda tl, path: export(tl, path)),
}


def _expected_bytes(writer: str, tl: Timeline) -> bytes:
    if writer == "dump":
        return dumps(tl).encode("utf-8")
    if writer == "write_ics":
        return to_ics(tl, stamp=STAMP)
    return render(tl, writer.removeprefix("export-"), stamp=STAMP)


@pytest.fixture(params=sorted(WRITERS))
def writer(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -- success ------------------------------------------------------------------------


def test_writes_the_bytes_and_nothing_else(tmp_path: Path, writer: str) -> None:
    name, write = WRITERS[writer]
    tl = _timeline()
    target = tmp_path / name
    write(tl, target)
    assert target.read_bytes() == _expected_bytes(writer, tl)
    write(tl, target)  # over an existing file
    assert target.read_bytes() == _expected_bytes(writer, tl)
    assert _listing(tmp_path) == [name]


def test_the_write_is_temp_fsync_replace_in_the_same_folder(
    tmp_path: Path, writer: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    name, write = WRITERS[writer]
    target = tmp_path / name
    target.write_bytes(OLD)
    calls: list[tuple[str, Any]] = []
    real_fsync, real_replace, real_write = os.fsync, os.replace, os.write

    def spy_write(fd: int, data: Any) -> int:
        calls.append(("write", fd))
        return real_write(fd, data)

    def spy_fsync(fd: int) -> None:
        calls.append(("fsync", stat.S_ISDIR(os.fstat(fd).st_mode)))
        real_fsync(fd)

    def spy_replace(src: Any, dst: Any) -> None:
        calls.append(("replace", (Path(src).parent, Path(src).name, Path(dst))))
        assert target.read_bytes() == OLD  # untouched until the rename
        real_replace(src, dst)

    monkeypatch.setattr(os, "write", spy_write)
    monkeypatch.setattr(os, "fsync", spy_fsync)
    monkeypatch.setattr(os, "replace", spy_replace)
    write(_timeline(), target)
    kinds = [c[0] for c in calls]
    assert kinds[0] == "write"
    assert kinds[-3:] == ["fsync", "replace", "fsync"]  # file, rename, then the folder
    assert calls[-3][1] is False  # the file's fsync
    assert calls[-1][1] is True  # the folder's fsync
    folder, temp, dst = calls[-2][1]
    assert folder == tmp_path
    assert temp.startswith(f".{name}.")
    assert temp.endswith(".tmp")
    assert dst == target


def test_permission_bits_are_kept(tmp_path: Path, writer: str) -> None:
    name, write = WRITERS[writer]
    target = tmp_path / name
    target.write_bytes(OLD)
    target.chmod(0o640)
    write(_timeline(), target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_new_file_follows_the_umask(tmp_path: Path, writer: str) -> None:
    name, write = WRITERS[writer]
    old = os.umask(0o027)
    try:
        write(_timeline(), tmp_path / name)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o640


def test_a_symlink_is_written_through(tmp_path: Path, writer: str) -> None:
    name, write = WRITERS[writer]
    real = tmp_path / "real" / name
    real.parent.mkdir()
    real.write_bytes(OLD)
    link = tmp_path / name
    link.symlink_to(real)
    tl = _timeline()
    write(tl, link)
    assert link.is_symlink()
    assert real.read_bytes() == _expected_bytes(writer, tl)
    assert _listing(real.parent) == [name]


# -- faults ----------------------------------------------------------------------------


def _denied(*args: object, **kwargs: object) -> Any:
    raise PermissionError(errno.EACCES, "Permission denied")


def _disk_full(*args: object, **kwargs: object) -> Any:
    raise OSError(errno.ENOSPC, "No space left on device")


def _half_then_full(real: Callable[[int, Any], int]) -> Callable[[int, Any], int]:
    """``os.write`` that writes part of the data, then finds the disk full."""
    state = {"calls": 0}

    def write(fd: int, data: Any) -> int:
        state["calls"] += 1
        if state["calls"] == 1 and len(data) > 1:
            return real(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, "No space left on device")

    return write


FAULTS: Final[dict[str, tuple[str, Callable[[pytest.MonkeyPatch], None]]]] = {
    "create-denied": (
        "Permission denied",
        lambda mp: mp.setattr(os, "open", _denied),
    ),
    "write-disk-full": (
        "No space left on device",
        lambda mp: mp.setattr(os, "write", _half_then_full(os.write)),
    ),
    "fsync-disk-full": (
        "No space left on device",
        lambda mp: mp.setattr(os, "fsync", _disk_full),
    ),
    "chmod-denied": (
        "Permission denied",
        lambda mp: mp.setattr(os, "chmod", _denied),
    ),
    "replace-denied": (
        "Permission denied",
        lambda mp: mp.setattr(os, "replace", _denied),
    ),
    "replace-disk-full": (
        "No space left on device",
        lambda mp: mp.setattr(os, "replace", _disk_full),
    ),
    "stat-denied": (
        "Permission denied",
        lambda mp: mp.setattr(Path, "stat", _denied),
    ),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, writer: str, fault: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    name, write = WRITERS[writer]
    target = tmp_path / name
    target.write_bytes(OLD)
    tl = _timeline()
    reason, install = FAULTS[fault]
    with monkeypatch.context() as mp:
        install(mp)
        with pytest.raises(TimelineError) as exc:
            write(tl, target)
    assert str(exc.value) == f"{target}: cannot write: {reason}"
    assert target.read_bytes() == OLD
    assert _listing(tmp_path) == [name]


@pytest.mark.parametrize("fault", ["create-denied", "write-disk-full", "replace-denied"])
def test_a_failed_first_write_leaves_nothing(
    tmp_path: Path, writer: str, fault: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    name, write = WRITERS[writer]
    reason, install = FAULTS[fault]
    tl = _timeline()  # (read before the fault: reading opens a file too)
    with monkeypatch.context() as mp:
        install(mp)
        with pytest.raises(TimelineError, match=f"cannot write: {reason}"):
            write(tl, tmp_path / name)
    assert _listing(tmp_path) == []


def test_the_target_is_a_folder(tmp_path: Path, writer: str) -> None:
    name, write = WRITERS[writer]
    target = tmp_path / name
    target.mkdir()
    (target / "inside").write_bytes(OLD)
    with pytest.raises(TimelineError) as exc:
        write(_timeline(), target)
    assert str(exc.value) == f"{target}: cannot write: it is a directory"
    assert _listing(target) == ["inside"]
    assert _listing(tmp_path) == [name]


def test_the_folder_is_missing(tmp_path: Path, writer: str) -> None:
    name, write = WRITERS[writer]
    target = tmp_path / "missing" / name
    with pytest.raises(TimelineError) as exc:
        write(_timeline(), target)
    assert str(exc.value) == f"{target}: cannot write: the folder {target.parent} does not exist"
    assert _listing(tmp_path) == []


def test_the_folder_is_a_file(tmp_path: Path, writer: str) -> None:
    name, write = WRITERS[writer]
    (tmp_path / "file").write_bytes(OLD)
    target = tmp_path / "file" / name
    with pytest.raises(TimelineError) as exc:
        write(_timeline(), target)
    assert str(exc.value) == f"{target}: cannot write: the folder {target.parent} is not a folder"
    assert (tmp_path / "file").read_bytes() == OLD


def test_a_failure_is_a_timeline_error_and_an_os_cause(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "replace", _disk_full)
    with pytest.raises(TimelineError) as exc:
        dump(_timeline(), tmp_path / "t.toml")
    assert isinstance(exc.value.__cause__, OSError)
    assert exc.value.__cause__.errno == errno.ENOSPC


# -- iCalendar injection -----------------------------------------------------------------

_HOSTILE_PIECES: Final = (
    "\r",
    "\n",
    "\r\n",
    "\r\n ",
    "\n\t",
    ":",
    ";",
    ",",
    "\\",
    "\\n",
    "\\N",
    "\\,",
    '"',
    "'",
    "BEGIN:VEVENT",
    "END:VEVENT",
    "BEGIN:VCALENDAR",
    "END:VCALENDAR",
    "BEGIN:VALARM",
    "UID:evil@example.org",
    "DTSTART:20170101T000000Z",
    "X-TIMELINE-JSON:{}",
    "SUMMARY;LANGUAGE=en:x",
    "\x00",
    "\x1b",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\x0b",
    "\x0c",
    "\x1c",
    "\ufeff",
    "é",
    "🙂",
    "日本",
    " ",
    "x" * 80,
)


def hostile(min_pieces: int = 0) -> st.SearchStrategy[str]:
    """Text built from pieces that would make iCalendar lines if not escaped."""
    return st.lists(
        st.one_of(st.sampled_from(_HOSTILE_PIECES), st.text(max_size=5)),
        min_size=min_pieces,
        max_size=6,
    ).map("".join)


def visible() -> st.SearchStrategy[str]:
    """Hostile text with a visible character (required text must not be blank)."""
    return st.builds(lambda a, b: a + "v" + b, hostile(), hostile())


_OPTIONAL = st.one_of(st.none(), hostile(1))


@st.composite
def hostile_timelines(draw: st.DrawFn) -> Timeline:
    """A timeline with hostile text in every text field."""
    source_ids = draw(st.lists(ids(), min_size=1, max_size=2, unique=True))
    sources = [
        Source(
            sid,
            draw(visible()),
            publisher=draw(_OPTIONAL),
            url=draw(st.one_of(st.none(), hostile().map(lambda t: "https://example.org/" + t))),
            published=draw(st.one_of(st.none(), st.just(When.parse("2017-09-28")))),
            note=draw(_OPTIONAL),
        )
        for sid in source_ids
    ]
    event_ids = draw(st.lists(ids(), min_size=1, max_size=3, unique=True))
    whens = (
        When.parse("2017-09-15"),
        When.parse("2017-09-19T13:00", "America/New_York"),
        When.parse("2017-09-24/2017-09-27"),
        When.parse("2017-09~"),
    )
    events = [
        Event(
            eid,
            draw(visible()),
            draw(st.sampled_from(whens)),
            status=draw(st.sampled_from(list(Status))),
            summary=draw(hostile()),
            tags=draw(st.lists(visible(), max_size=3)),
            figures={draw(visible()): draw(st.integers(-1000, 1000))},
            places=[Place(draw(visible())), Place(draw(visible()), lat=45.5, lon=-122.7)],
            people=[Person(draw(visible()), role=draw(_OPTIONAL))],
            sources=[
                Citation(
                    draw(st.sampled_from(source_ids)),
                    quote=draw(_OPTIONAL),
                    reported=draw(st.one_of(st.none(), st.just(When.parse("2017-09")))),
                    reported_text=draw(_OPTIONAL),
                    note=draw(_OPTIONAL),
                )
            ],
            related=[Link("follows", draw(st.sampled_from(event_ids)), note=draw(_OPTIONAL))],
        )
        for eid in event_ids
    ]
    return Timeline(draw(hostile()), events, sources, description=draw(hostile()))


# Every property our exporter writes; anything else on a line of its own was injected.
_PROPERTIES: Final = {
    "BEGIN",
    "END",
    "PRODID",
    "VERSION",
    "CALSCALE",
    "NAME",
    "X-WR-CALNAME",
    "DESCRIPTION",
    "X-WR-CALDESC",
    "X-TIMELINE-JSON",
    "UID",
    "DTSTAMP",
    "DTSTART",
    "DTEND",
    "DURATION",
    "SUMMARY",
    "STATUS",
    "TRANSP",
    "CATEGORIES",
    "LOCATION",
    "GEO",
    "URL",
    "X-TIMELINE-EDTF",
    "X-TIMELINE-ID",
    "X-TIMELINE-STATUS",
    "X-TIMELINE-TZ",
    # the VTIMEZONE of the New York event
    "TZID",
    "TZNAME",
    "TZOFFSETFROM",
    "TZOFFSETTO",
    "RDATE",
    "RRULE",
    "COMMENT",
}


def _unfolded_lines(data: bytes) -> Iterator[str]:
    yield from data.replace(b"\r\n ", b"").replace(b"\r\n\t", b"").decode("utf-8").split("\r\n")


def check_no_injection(tl: Timeline, data: bytes) -> None:
    lines = data.split(b"\r\n")
    assert lines[-1] == b""
    assert b"\r" not in data.replace(b"\r\n", b"")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in lines)
    assert lines.count(b"BEGIN:VEVENT") == len(tl.events)
    assert lines.count(b"END:VEVENT") == len(tl.events)
    assert lines.count(b"BEGIN:VCALENDAR") == lines.count(b"END:VCALENDAR") == 1
    assert not any(line.startswith(b"BEGIN:VALARM") for line in lines)
    for line in _unfolded_lines(data):
        if line:
            name = line.split(":", 1)[0].split(";", 1)[0]
            assert name in _PROPERTIES, line
    cal = icalendar.Calendar.from_ical(data)
    assert len(cal.walk("VEVENT")) == len(tl.events)
    uids = [str(e["UID"]) for e in cal.walk("VEVENT")]
    assert len(set(uids)) == len(uids)
    assert "evil@example.org" not in uids


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(hostile_timelines(), st.sampled_from(("keep", "prefix")))
def test_no_text_makes_a_property_or_component(tl: Timeline, cancelled: Any) -> None:
    data = to_ics(tl, stamp=STAMP, cancelled=cancelled)
    check_no_injection(tl, data)
    if cancelled == "keep":
        assert from_ics(data) == tl


def test_hostile_text_in_every_field_by_example(tmp_path: Path) -> None:
    evil = "x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil@example.org\r\nSUMMARY;a=b:c,d\\n\u2028\x85"
    tl = Timeline(
        evil,
        [
            Event(
                "a",
                evil,
                When.parse("2017-09-15"),
                summary=evil,
                tags=(evil,),
                figures={evil: 1},
                places=(Place(evil), Place(evil, lat=1.0, lon=2.0)),
                people=(Person(evil, role=evil),),
                sources=(Citation("s", quote=evil, reported_text=evil, note=evil),),
                related=(Link("k", "a", note=evil),),
            )
        ],
        [Source("s", evil, publisher=evil, url="https://example.org/" + evil, note=evil)],
        description=evil,
    )
    target = tmp_path / "evil.ics"
    write_ics(tl, target, stamp=STAMP)
    data = target.read_bytes()
    check_no_injection(tl, data)
    assert from_ics(data) == tl
    export(tl, tmp_path / "evil.csv")
    export(tl, tmp_path / "evil.json")
    dump(tl, tmp_path / "evil.toml")
    assert load(tmp_path / "evil.toml") == tl
