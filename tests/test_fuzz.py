"""Fuzzing: broken timelines, EDTF edge cases and mangled calendars never crash the library.

Every case must either succeed or raise :class:`timeline.TimelineError` (for files, a
:class:`timeline.TimelineLoadError` whose problems all point inside the file); any other
exception, or a case that runs over its time budget (a few seconds, more for big input),
fails the test.  A loaded result must also round-trip through ``dumps``.

The normal suite runs a fixed, seeded set: :data:`SHORT_MUTATIONS` mutations of
``data/events.toml`` (half byte-wise, half token-wise), :data:`SHORT_ICS` mutations of its
iCalendar export, and hypothesis tests of :data:`SHORT_EXAMPLES` examples each.  The long
run is opt-in::

    uv run --frozen pytest -m slow -s tests/test_fuzz.py                     # 20,000 cases
    TIMELINE_FUZZ_CASES=100000 uv run --frozen pytest -s tests/test_fuzz.py  # any number

and prints how many cases of each kind it ran.  A failure names the case's seed; replay it
with ``_toml_case(seed)`` / ``_ics_case(seed)``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import re
import signal
import threading
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Final

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline import (
    Event,
    Timeline,
    TimelineError,
    TimelineLoadError,
    TimelineWarning,
    When,
    dumps,
    load,
    loads,
)
from timeline.ical import from_ics, to_ics
from timeline.toml_io import KEYS

ROOT: Final = Path(__file__).resolve().parent.parent
SEED_FILE: Final = ROOT / "data" / "events.toml"
SEED: Final = 20170924  # base seed of the mutation runs

SHORT_MUTATIONS: Final = 300
SHORT_ICS: Final = 60
SHORT_EXAMPLES: Final = 200
LONG_DEFAULT: Final = 20_000
STAMP: Final = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


# -- time limits -----------------------------------------------------------------------


class Hang(BaseException):
    """A case ran over its time budget (a BaseException: no ``except Exception`` eats it)."""


def budget(size: int) -> float:
    """Seconds a case of ``size`` bytes may take: generous, but far from a hang."""
    return 3.0 + 5.0 * size / 1_000_000


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block with :class:`Hang` after ``seconds`` of CPU time, or ten times
    that on the wall clock (main thread, Unix).

    CPU time, because the suite shares its machine: a busy neighbour can stall a case
    for seconds of wall time, but only a loop in our code burns our CPU.
    """
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        start = time.process_time()
        yield
        if time.process_time() - start > seconds:
            raise Hang(f"took more than {seconds:.1f} s of CPU time")
        return

    def cpu(signum: int, frame: object) -> None:
        raise Hang(f"took more than {seconds:.1f} s of CPU time")

    def wall(signum: int, frame: object) -> None:
        raise Hang(f"took more than {10 * seconds:.1f} s")

    previous = signal.signal(signal.SIGPROF, cpu), signal.signal(signal.SIGALRM, wall)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    signal.setitimer(signal.ITIMER_REAL, 10 * seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGPROF, previous[0])
        signal.signal(signal.SIGALRM, previous[1])


def _spin(seconds: float) -> None:
    with time_limit(seconds):
        while True:
            pass


def test_time_limit_stops_a_loop() -> None:
    with pytest.raises(Hang):
        _spin(0.2)


# -- what every case must satisfy -------------------------------------------------------


def check_loaded(result: Callable[[], Timeline], text_lines: int, *, file: str | None) -> str:
    """Run a load; ``"ok"`` or ``"error"``.  Anything else fails."""
    error: TimelineLoadError | None = None
    try:
        tl = result()
    except TimelineLoadError as exc:
        error = exc
    if error is not None:
        assert error.problems, "a TimelineLoadError with no problem"
        for problem in error.problems:
            assert str(problem).strip()
            assert problem.file == file
            if problem.line is not None:
                assert 1 <= problem.line <= text_lines + 1, problem
        return "error"
    assert isinstance(tl, Timeline)
    text = dumps(tl)
    assert loads(text) == tl, "a loaded timeline does not round-trip"
    return "ok"


# -- mutations of the TOML seed ------------------------------------------------------

EDTF_EDGES: Final = (
    "Y170000002",
    "Y-170000002",
    "-2017",
    "0000",
    "0001",
    "9999",
    "10000",
    "9999-24",
    "0001-01-01",
    "9999-12-31",
    "9999-12-31T23:59-12:00",
    "0001-01-01T00:00+14:00",
    "0001-01-01T00:00Z",
    "9999-12-31T23:59:59Z",
    "..",
    "../..",
    "/",
    "/..",
    "../",
    "2017/..",
    "../2017",
    "?2017",
    "2017?-09",
    "2017-?09",
    "2017-09?-15",
    "2017-09-?15",
    "2017-09-15?",
    "2017-09-15??",
    "~2017~",
    "%2017-09",
    "2017-09-15T13:00?",
    "2017-02-29",
    "2016-02-29",
    "2017-13",
    "2017-00",
    "2017-09-31",
    "2017-09-19T25:00",
    "2017-09-19T23:60",
    "2017-09-19T23:59:60",
    "2017-09-19T13:00+15:00",
    "2017-09-19T13:00+14:60",
    "2017-03-12T02:30",
    "2017-11-05T01:30",
    "２０１７",
    "２０１７-０９",
    "٢٠١٧",
    " 2017 ",
    "\t2017\n",
    "2017\x00",
    "\x002017",
    "2017-09-15\u200b",
    "",
    "   ",
    "X",
    "XXXX",
    "201X-XX-XX",
    "2017-XX-15",
    "[2017",
    "{2017",
    "[]",
    "{}",
    "[..]",
    "[..2017..]",
    "[2018..2017]",
    "{2017,,2018}",
    "[[2017]]",
    "[2017/2018]",
    "2017/2018/2019",
    "2017-09-15/2017-09-14",
    "2017-21/2017-24",
    "9999-23/9999-24",
    "2017-09-15T13:00Z/2017-09-15T12:00Z",
    "1" * 201,
    "2017-" * 50,
    "[" + ",".join(["2017"] * 60) + "]",
    "2017" + "?" * 100,
)
"""EDTF edge cases: out-of-range years, every qualifier position, opens, junk."""

_VALUES: Final = (
    "1",
    "-0",
    "1e999",
    "nan",
    "-inf",
    "true",
    "[]",
    "{}",
    "[[]]",
    '[1, "a"]',
    "{ a = 1 }",
    '""',
    '"   "',
    '"\\u0000"',
    "1979-05-27",
    "1979-05-27T07:32:00Z",
    "07:32:00",
    '"""\nmulti\nline"""',
    "'''raw\\n'''",
    '"https://example.org"',
    '"Etc/GMT+12"',
    '"Pacific/Kiritimati"',
    '"America/Chicagoo"',
    '"happened"',
    '"x"',
    '"' + "x" * 1200 + '"',
)
"""TOML values of every type, to put where another type belongs."""

_KEY_RE: Final = re.compile(r"^(\s*)([A-Za-z0-9_\"'.-]+)(\s*=\s*)(.*)$")
_HEADER_LINE: Final = re.compile(r"^\s*\[")
_ALL_KEYS: Final = sorted({k for keys in KEYS.values() for k in keys} | {"titel", "x", "whn"})
_INTERESTING_BYTES: Final = (
    b'"',
    b"'",
    b"[",
    b"]",
    b"[[",
    b"=",
    b"\n",
    b"\r",
    b"\\",
    b"#",
    b".",
    b",",
    b"{",
    b"}",
    b'"""',
    b"\x00",
    b"\xff",
    b"\xc3",
    b"\xef\xbb\xbf",
    b"\xe2\x80\xa8",
    b"9999",
    b"/..",
)


def _toml_string(value: str) -> str:
    return tomli_w.dumps({"x": value})[4:-1]


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    """Flip, insert, delete, duplicate or cut bytes, one to four times."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(6)
        at = rng.randrange(len(buf) + 1)
        if op == 0 and buf:  # flip one bit
            i = min(at, len(buf) - 1)
            buf[i] ^= 1 << rng.randrange(8)
        elif op == 1:  # insert something interesting
            buf[at:at] = rng.choice(_INTERESTING_BYTES)
        elif op == 2:  # insert random bytes
            buf[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif op == 3:  # delete a run
            del buf[at : at + rng.randint(1, 64)]
        elif op == 4:  # duplicate a run elsewhere
            run = bytes(buf[at : at + rng.randint(1, 200)])
            where = rng.randrange(len(buf) + 1)
            buf[where:where] = run
        elif buf:  # cut the file short
            del buf[rng.randrange(len(buf)) :]
    return bytes(buf)


def mutate_tokens(text: str, rng: random.Random) -> str:
    """Swap values between keys, put EDTF edge cases in dates, retype, rename, delete
    lines and duplicate tables, one to three times."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        keyed = [i for i, line in enumerate(lines) if _KEY_RE.match(line)]
        headers = [i for i, line in enumerate(lines) if _HEADER_LINE.match(line)]
        op = rng.randrange(8)
        if op == 0 and len(keyed) >= 2:  # swap the values of two keys
            a, b = rng.sample(keyed, 2)
            ma, mb = _KEY_RE.match(lines[a]), _KEY_RE.match(lines[b])
            assert ma is not None
            assert mb is not None
            lines[a] = ma[1] + ma[2] + ma[3] + mb[4]
            lines[b] = mb[1] + mb[2] + mb[3] + ma[4]
        elif op == 1:  # a date becomes an EDTF edge case
            dates = [i for i in keyed if lines[i].lstrip().startswith(("when", "reported ", "pub"))]
            if dates:
                i = rng.choice(dates)
                m = _KEY_RE.match(lines[i])
                assert m is not None
                lines[i] = m[1] + m[2] + m[3] + _toml_string(rng.choice(EDTF_EDGES))
        elif op == 2 and keyed:  # a value of another type
            i = rng.choice(keyed)
            m = _KEY_RE.match(lines[i])
            assert m is not None
            lines[i] = m[1] + m[2] + m[3] + rng.choice(_VALUES)
        elif op == 3 and keyed:  # another (or an unknown) key
            i = rng.choice(keyed)
            m = _KEY_RE.match(lines[i])
            assert m is not None
            lines[i] = m[1] + rng.choice(_ALL_KEYS) + m[3] + m[4]
        elif op == 4 and lines:  # delete lines
            at = rng.randrange(len(lines))
            del lines[at : at + rng.choice((1, 1, 1, 3, 10))]
        elif op == 5 and headers:  # duplicate a table
            start = rng.choice(headers)
            later = [h for h in headers if h > start]
            stop = later[0] if later else len(lines)
            block = lines[start:stop]
            where = rng.choice([*headers, len(lines)])
            lines[where:where] = block
        elif op == 6 and len(lines) >= 2:  # swap two lines
            a, b = rng.sample(range(len(lines)), 2)
            lines[a], lines[b] = lines[b], lines[a]
        elif op == 7 and headers:  # turn [[x]] into [x] or the reverse
            i = rng.choice(headers)
            line = lines[i]
            lines[i] = (
                line.replace("[[", "[").replace("]]", "]")
                if "[[" in line
                else (line.replace("[", "[[").replace("]", "]]"))
            )
    return "\n".join(lines)


_SEED_BYTES: Final = SEED_FILE.read_bytes()
_SEED_TEXT: Final = _SEED_BYTES.decode("utf-8")


def _toml_case(seed: int, tmp: Path) -> tuple[str, str]:
    """One mutation case: ``(kind, outcome)``.  Even seeds mutate bytes (through
    ``load`` of a file), odd seeds tokens (through ``loads``)."""
    rng = random.Random(seed)
    if seed % 2 == 0:
        data = mutate_bytes(_SEED_BYTES, rng)
        path = tmp / "mutated.toml"
        path.write_bytes(data)
        lines = data.count(b"\n") + 1
        with time_limit(budget(len(data))):
            outcome = check_loaded(lambda: load(path), lines, file=str(path))
        return "toml-bytes", outcome
    text = mutate_tokens(_SEED_TEXT, rng)
    with time_limit(budget(len(text))):
        outcome = check_loaded(
            lambda: loads(text, source="mutated.toml"), text.count("\n") + 1, file="mutated.toml"
        )
    return "toml-tokens", outcome


def _run_toml_cases(seeds: range, tmp: Path) -> Counter[tuple[str, str]]:
    counts: Counter[tuple[str, str]] = Counter()
    for seed in seeds:
        try:
            counts[_toml_case(seed, tmp)] += 1
        except (AssertionError, Exception, Hang) as exc:
            raise AssertionError(f"mutation case seed={seed}: {exc!r}") from exc
    return counts


def test_mutated_files_load_or_fail_cleanly(tmp_path: Path) -> None:
    counts = _run_toml_cases(range(SEED, SEED + SHORT_MUTATIONS), tmp_path)
    assert sum(counts.values()) == SHORT_MUTATIONS
    # the mutations are not all rejected, nor all harmless: both paths are exercised
    for kind in ("toml-bytes", "toml-tokens"):
        assert counts[kind, "ok"] > 0, counts
        assert counts[kind, "error"] > 0, counts


def test_seed_file_loads() -> None:
    load(SEED_FILE)


# -- mutations of an iCalendar export ----------------------------------------------------

_ICS: Final = to_ics(loads(_SEED_TEXT), stamp=STAMP)
_ICS_LINES: Final = (
    b"BEGIN:VEVENT",
    b"END:VEVENT",
    b"BEGIN:VCALENDAR",
    b"END:VCALENDAR",
    b"BEGIN:VTIMEZONE",
    b"DTSTART:99991231T235959Z",
    b"DTSTART;VALUE=DATE:00010101",
    b"DTSTART;TZID=Mars/Base:20170101T000000",
    b"DTEND;VALUE=DATE:20170101",
    b"DURATION:-P1D",
    b"DURATION:P99999999D",
    b"RRULE:FREQ=SECONDLY",
    b"RRULE:FREQ=DAILY;COUNT=100000",
    b"X-TIMELINE-JSON:{",
    b'X-TIMELINE-JSON:{"id":1}',
    b"X-TIMELINE-JSON:[]",
    b"UID:",
    b"GEO:91;181",
    b" folded continuation",
)


def mutate_ics(data: bytes, rng: random.Random) -> bytes:
    """Byte mutations, or line mutations: delete, duplicate, swap, insert lines, break
    a value."""
    if rng.random() < 0.4:
        return mutate_bytes(data, rng)
    lines = data.split(b"\r\n")
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(5)
        at = rng.randrange(len(lines))
        if op == 0:
            del lines[at : at + rng.choice((1, 1, 2, 5))]
        elif op == 1:
            lines.insert(rng.randrange(len(lines) + 1), lines[at])
        elif op == 2:
            other = rng.randrange(len(lines))
            lines[at], lines[other] = lines[other], lines[at]
        elif op == 3:
            lines.insert(at, rng.choice(_ICS_LINES))
        else:  # break the value after the colon
            name, colon, value = lines[at].partition(b":")
            if colon and value:
                cut = rng.randrange(len(value))
                lines[at] = name + colon + value[:cut] + rng.choice(_INTERESTING_BYTES)
        if not lines:
            break
    return b"\r\n".join(lines)


def _ics_case(seed: int) -> str:
    """``error``, ``ok``, or ``warned``: read, with only TimelineWarnings (an
    unknown zone, text cut to the limits...)."""
    data = mutate_ics(_ICS, random.Random(seed))
    with time_limit(budget(len(data))), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            tl = from_ics(data)
        except TimelineError:
            return "error"
    assert isinstance(tl, Timeline)
    others = [w for w in caught if not issubclass(w.category, TimelineWarning)]
    assert not others, [str(w.message) for w in others]
    return "warned" if caught else "ok"


def _run_ics_cases(seeds: range) -> Counter[tuple[str, str]]:
    counts: Counter[tuple[str, str]] = Counter()
    for seed in seeds:
        try:
            counts["ics", _ics_case(seed)] += 1
        except (AssertionError, Exception, Hang) as exc:
            raise AssertionError(f"ics case seed={seed}: {exc!r}") from exc
    return counts


def test_mutated_calendars_read_or_fail_cleanly() -> None:
    counts = _run_ics_cases(range(SEED, SEED + SHORT_ICS))
    assert sum(counts.values()) == SHORT_ICS
    assert counts["ics", "ok"] > 0, counts
    assert counts["ics", "error"] > 0, counts


# -- EDTF ------------------------------------------------------------------------------

ZONES: Final = (
    None,
    "UTC",
    "Pacific/Kiritimati",
    "Etc/GMT+12",
    "Etc/GMT-14",
    "America/Adak",
    "America/New_York",
    "Australia/Lord_Howe",
    "Mars/Olympus_Mons",
    "",
    "../../etc/passwd",
    "\x00",
)
_EDTF_ALPHABET: Final = "0123456789X-/.:TZ+?~%[]{}, Y\x00２٣\u200b"


def check_when(text: str, tz: str | None) -> str:
    """``When.parse`` succeeds, with a usable result, or raises TimelineError."""
    message: str | None = None
    try:
        w = When.parse(text, tz)
    except TimelineError as exc:
        message = str(exc)
    if message is not None:
        assert message
        assert len(message) < 1000  # messages quote long input cut short
        return "error"
    assert w.lower <= w.upper
    assert When.parse(w.edtf, w.tz) == w  # the canonical text reads back the same
    for locale in ("en", "fr", "de", "es"):
        assert w.describe(locale)
    # (pendulum holds years 1-9999; other bounds are BigDates, and say so when asked otherwise)
    bounds = (w.earliest, w.latest) if w.fits else (w.earliest_bigdate, w.latest_bigdate)
    _ = (bounds, w.sort_key, w.is_timed, w.is_exact)
    return "ok"


def _edtf_pieces() -> st.SearchStrategy[str]:
    year = st.sampled_from(("0001", "9999", "2017", "0000", "201X", "Y17", "-2017"))
    month = st.sampled_from(("", "-01", "-12", "-13", "-21", "-24", "-XX", "-02"))
    day = st.sampled_from(("", "-01", "-29", "-31", "-XX", "-00"))
    clock = st.sampled_from(("", "T00:00", "T23:59", "T25:00", "T23:59:59", "T12:00Z"))
    offset = st.sampled_from(("", "Z", "+14:00", "-14:00", "-12:00", "+05:45"))
    qual = st.sampled_from(("", "?", "~", "%"))
    return st.builds(
        lambda *parts: "".join(parts),
        st.sampled_from(("", "", "?", "~")),
        year,
        month,
        day,
        clock,
        offset,
        qual,
    )


def _edtf_texts() -> st.SearchStrategy[str]:
    piece = st.one_of(_edtf_pieces(), st.sampled_from(EDTF_EDGES))
    return st.one_of(
        st.sampled_from(EDTF_EDGES),
        piece,
        st.builds(lambda a, b: f"{a}/{b}", st.one_of(piece, st.just("..")), piece),
        st.builds(
            lambda items, o: o[0] + ",".join(items) + o[1],
            st.lists(piece, min_size=1, max_size=3),
            st.sampled_from(("[]", "{}")),
        ),
        st.text(_EDTF_ALPHABET, max_size=40),
        st.text(max_size=40),
    )


@settings(
    max_examples=SHORT_EXAMPLES,
    deadline=dt.timedelta(seconds=2),
    suppress_health_check=[HealthCheck.too_slow],
)
@given(_edtf_texts(), st.sampled_from(ZONES))
def test_when_parse_succeeds_or_raises_timeline_error(text: str, tz: str | None) -> None:
    check_when(text, tz)


@pytest.mark.parametrize("tz", ZONES, ids=repr)
def test_edtf_edge_cases(tz: str | None) -> None:
    outcomes = Counter(check_when(text, tz) for text in EDTF_EDGES)
    assert outcomes["error"] > outcomes["ok"] > 0 or tz not in ZONES[:8]


@pytest.mark.parametrize(
    ("text", "tz", "message"),
    [
        (
            "9999-12-31T23:59-12:00",
            "Pacific/Kiritimati",
            "only years 1 to 9999 are supported, in UTC too",
        ),
        ("9999-12-31T23:59-12:00", None, "only years 1 to 9999 are supported, in UTC too"),
        ("0001-01-01T00:00+14:00", None, "only years 1 to 9999 are supported, in UTC too"),
        ("0001-01-01T00:00Z", "Etc/GMT+12", "only years 1 to 9999 are supported, in Etc/GMT+12"),
        ("9999-12-31T23:59", "Etc/GMT+12", "only years 1 to 9999 are supported, in UTC too"),
    ],
)
def test_year_edges_with_zones_are_refused_cleanly(text: str, tz: str | None, message: str) -> None:
    """Found by fuzzing: these raised OverflowError (and to_ics overflowed on the third)."""
    with pytest.raises(TimelineError, match=re.escape(message)):
        When.parse(text, tz)


def test_year_edges_inside_utc_still_work() -> None:
    for text, tz in [
        ("9999-12-31T13:59", "Pacific/Kiritimati"),
        ("0001-01-01T10:00-12:00", None),
        ("9999-12-31T23:59:59Z", None),
        ("9999-12-31T09:59", "Etc/GMT+12"),
        ("0001-01-01T00:00", "Etc/GMT+12"),
        ("9999-12-31T23:59", "Pacific/Kiritimati"),
        ("0001-01-01T14:00+14:00", None),
        ("9999-12-31T23:59Z", None),
    ]:
        w = When.parse(text, tz)
        assert When.parse(w.edtf, w.tz) == w
        tl = Timeline("t", [Event("a", "A", w)])
        assert from_ics(to_ics(tl, stamp=STAMP)) == tl
        assert loads(dumps(tl)) == tl
        assert w.describe()


# -- hypothesis-generated documents ---------------------------------------------------

_SCALARS = st.one_of(
    st.text(max_size=20),
    st.sampled_from(EDTF_EDGES),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=st.just(dt.UTC)),
    st.times(),
)


def _containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    )


_ANY = st.recursive(_SCALARS, _containers, max_leaves=8)


def _table(keys: tuple[str, ...], good: dict[str, st.SearchStrategy[Any]]) -> Any:
    """A table with some of ``keys`` (values right or of any type) and maybe a stray key."""
    values = {k: st.one_of(good.get(k, _ANY), _ANY) for k in keys}
    return st.fixed_dictionaries(
        {}, optional={**values, "titel": _ANY, "": _ANY, "Ünïcode key": _ANY}
    )


_ID = st.sampled_from(("a", "b", "c", "Bad Id", "", "a" * 201))
_GOOD: dict[str, st.SearchStrategy[Any]] = {
    "id": _ID,
    "source": _ID,
    "event": _ID,
    "kind": st.sampled_from(("follows", "Follows")),
    "title": st.text(max_size=30),
    "when": st.one_of(st.sampled_from(EDTF_EDGES), st.sampled_from(("2017", "2017-09-15"))),
    "reported": st.sampled_from(EDTF_EDGES),
    "published": st.sampled_from(EDTF_EDGES),
    "tz": st.sampled_from([z for z in ZONES if z is not None]),
    "reported_tz": st.sampled_from([z for z in ZONES if z is not None]),
    "status": st.sampled_from(("happened", "planned", "done")),
    "tags": st.lists(st.text(max_size=5), max_size=3),
    "figures": st.dictionaries(st.text(max_size=5), st.one_of(st.integers(), st.floats())),
    "lat": st.floats(),
    "lon": st.floats(),
    "url": st.sampled_from(("https://example.org", "ftp://x", "https://")),
}
_EVENT = st.builds(
    lambda base, places, people, sources, related: {
        **base,
        **({"places": places} if places else {}),
        **({"people": people} if people else {}),
        **({"sources": sources} if sources else {}),
        **({"related": related} if related else {}),
    },
    _table(KEYS["events"][:10], _GOOD),
    st.lists(_table(KEYS["events.places"], _GOOD), max_size=2),
    st.lists(_table(KEYS["events.people"], _GOOD), max_size=2),
    st.lists(_table(KEYS["events.sources"], _GOOD), max_size=2),
    st.lists(_table(KEYS["events.related"], _GOOD), max_size=2),
)
_DOCUMENTS = st.fixed_dictionaries(
    {},
    optional={
        "title": st.one_of(st.text(max_size=20), _ANY),
        "description": _ANY,
        "sources": st.one_of(st.lists(_table(KEYS["sources"], _GOOD), max_size=3), _ANY),
        "events": st.one_of(st.lists(_EVENT, max_size=4), _ANY),
        "sorces": _ANY,
    },
)


def _toml_text(document: dict[str, Any]) -> str | None:
    try:
        return tomli_w.dumps(document)
    except (TypeError, ValueError):  # not every generated value is TOML (a NaN key, ...)
        return None


@settings(
    max_examples=SHORT_EXAMPLES,
    deadline=dt.timedelta(seconds=2),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(_DOCUMENTS)
def test_generated_documents_load_or_fail_cleanly(document: dict[str, Any]) -> None:
    text = _toml_text(document)
    if text is None:
        return
    check_loaded(lambda: loads(text, source="gen.toml"), text.count("\n") + 1, file="gen.toml")


# -- the long run ----------------------------------------------------------------------


def long_cases(config: pytest.Config) -> int:
    """Cases of the long run: ``TIMELINE_FUZZ_CASES``, or the default under ``-m slow``;
    0 when the long run was not asked for."""
    if os.environ.get("TIMELINE_FUZZ_CASES"):
        return int(os.environ["TIMELINE_FUZZ_CASES"])
    expression = str(config.getoption("markexpr") or "")
    if re.search(r"\bslow\b", expression) and not re.search(r"not\s+slow", expression):
        return LONG_DEFAULT
    return 0


@pytest.mark.slow
def test_long_fuzz(pytestconfig: pytest.Config, tmp_path: Path) -> None:
    """The on-demand run: the cases are split between TOML mutations (80%), mutated
    calendars (5%, they are slower), EDTF texts and generated documents."""
    total = long_cases(pytestconfig)
    if not total:
        pytest.skip("the long fuzz runs with -m slow or TIMELINE_FUZZ_CASES=<n>")
    toml_n = total * 80 // 100
    ics_n = total * 5 // 100
    edtf_n = total * 10 // 100
    doc_n = total - toml_n - ics_n - edtf_n
    start = time.perf_counter()
    base = SEED + 1_000_000  # away from the short run's seeds
    counts = _run_toml_cases(range(base, base + toml_n), tmp_path)
    counts += _run_ics_cases(range(base, base + ics_n))

    rng = random.Random(base)
    edtf: Counter[str] = Counter()
    for _ in range(edtf_n):
        if rng.random() < 0.5:
            text = rng.choice(EDTF_EDGES)
            if rng.random() < 0.5:
                text = f"{text}/{rng.choice(EDTF_EDGES)}"
        else:
            size = rng.randint(0, 40)
            text = "".join(rng.choice(_EDTF_ALPHABET) for _ in range(size))
        edtf[check_when(text, rng.choice(ZONES))] += 1
    for outcome, n in edtf.items():
        counts["edtf", outcome] += n

    documents: Counter[str] = Counter()

    @settings(
        max_examples=max(doc_n, 1),
        deadline=dt.timedelta(seconds=5),
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(_DOCUMENTS)
    def documents_case(document: dict[str, Any]) -> None:
        text = _toml_text(document)
        if text is None:
            documents["skipped"] += 1
            return
        documents[
            check_loaded(lambda: loads(text, source="g.toml"), text.count("\n") + 1, file="g.toml")
        ] += 1

    documents_case()
    for outcome, n in documents.items():
        counts["documents", outcome] += n

    elapsed = time.perf_counter() - start
    print(f"\nlong fuzz: {sum(counts.values()):,} cases in {elapsed:.0f} s")
    for (kind, outcome), n in sorted(counts.items()):
        print(f"  {kind:12} {outcome:8} {n:>9,}")
