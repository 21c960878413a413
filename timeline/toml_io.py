"""Read and write timelines as TOML (the format is described in ``docs/format.md``).

:func:`loads` and :func:`load` check a whole file and raise one
:class:`~timeline.errors.TimelineLoadError` listing *every* problem found, each
with its file, line, event and field.  They raise no other exception type,
whatever the input.  :func:`dumps` and :func:`dump` write a file that
:func:`loads` reads back to an equal :class:`~timeline.models.Timeline`.

This module only maps between TOML text and plain data: the plain data is
checked and turned into models (and back) by :mod:`timeline.codec`.  The
loader is on the hot path (a 100,000-event file must load in about the time
``tomli`` takes to parse it): a file is parsed in pieces, and line numbers are
searched for only when there is something to report (:class:`_Locator` turns
the codec's paths into lines).
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import os
import re
from collections.abc import Iterator, Sequence
from typing import Any, Final

from timeline import parquet_io
from timeline._atomic import atomic_write
from timeline._fast import collector_paused
from timeline._files import TooBigError, cannot_read, read_regular
from timeline.codec import (
    KEYS,
    MAX_ID,
    MAX_LONG_TEXT,
    MAX_PROBLEMS,
    MAX_SHORT_TEXT,
    MAX_URL,
    Decoder,
    _Path,
    era_to_data,
    event_to_data,
    head_to_data,
    source_to_data,
)
from timeline.errors import Problem, TimelineError, TimelineLoadError
from timeline.models import Era, Event, Source, Timeline
from timeline.resources import SCHEMA_URL

__all__ = [
    "KEYS",
    "MAX_FILE_BYTES",
    "MAX_ID",
    "MAX_LONG_TEXT",
    "MAX_PROBLEMS",
    "MAX_SHORT_TEXT",
    "MAX_URL",
    "SCHEMA_COMMENT",
    "dump",
    "dumps",
    "eras_toml",
    "event_toml",
    "load",
    "loads",
    "source_toml",
]

SCHEMA_COMMENT: Final = f"#:schema {SCHEMA_URL}"
"""First line written by :func:`dumps`: the schema by its URL, which resolves wherever
the file is saved (a relative path would only from one folder)."""

# -- limits (docs/format.md, "Limits") -------------------------------------------
# A realistic 100,000-event file is about 47 MB and loads in seconds; a file is
# refused before it is read when it is larger than this (memory grows to about
# ten times the file size while a file is parsed).
MAX_FILE_BYTES: Final = 64 * 1024 * 1024


# -- public API ---------------------------------------------------------------


def loads(text: str, *, source: str | None = None, pause_gc: bool = False) -> Timeline:
    """Parse and check a timeline from TOML ``text``.

    ``source`` names the file in error messages.  A leading UTF-8 byte order
    mark is ignored.  Raises :class:`~timeline.errors.TimelineLoadError`
    listing every problem found.  ``pause_gc``: as for :func:`load`.
    """
    if not isinstance(text, str):
        raise TimelineLoadError(
            [Problem(f"expected TOML text (str), not {type(text).__name__}", file=source)]
        )
    if len(text) > MAX_FILE_BYTES:
        raise TimelineLoadError([Problem(_too_big(len(text), "characters"), file=source)])
    if text.startswith("\ufeff"):
        text = text[1:]
    return _load_document(text, source, pause_gc)


def _load_document(doc: str | bytes, source: str | None, pause_gc: bool) -> Timeline:
    """The timeline of ``doc``: TOML text, or a file's bytes (UTF-8, maybe with a BOM).

    First piece by piece (:func:`_pieces`): the events are built as
    their tables are parsed, so that neither the whole text (for a file) nor
    the whole parsed document is ever held.  A document that does not split
    cleanly, or has any TOML or UTF-8 error, is read again whole, which gives
    the exact message.

    A big document is first read into columns (:mod:`timeline._toml_columns`,
    when numpy and pyarrow are installed: :func:`~timeline._toml_columns.worth_it`):
    its events checked as their tables are parsed, their dates read a whole column
    at a time, each ``Event`` made when asked for.  When anything is
    refused there, the document is read again row by row, which says what.
    """
    from timeline import _toml_columns  # (the TOML readers: imported by the first TOML load)

    with collector_paused() if pause_gc else contextlib.nullcontext():
        try:
            if _toml_columns.worth_it(len(doc)):
                try:
                    return _pieces(doc, source, _toml_columns.ColumnReader)
                except _toml_columns.RefusedError:
                    pass  # (something is wrong: read row by row, which says what)
            return _pieces(doc, source, Decoder)
        except _NotInPiecesError:
            pass
        if isinstance(doc, bytes):
            text = _decode(doc, source)
            del doc  # the text is what the messages need from now on
            text = text.removeprefix("\ufeff")
        else:
            text = doc
        return _loads(text, source)


def _decode(raw: bytes, name: str | None) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = raw[exc.start]
        raise TimelineLoadError(
            [
                Problem(
                    f"not UTF-8 text (byte 0x{byte:02x} at offset {exc.start})",
                    file=name,
                    line=line,
                )
            ]
        ) from None


def _loads(text: str, source: str | None) -> Timeline:
    import tomli

    try:
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        column = getattr(exc, "colno", None)
        message = getattr(exc, "msg", None) or str(exc)
        where = f" (column {column})" if column is not None else ""
        raise TimelineLoadError(
            [Problem(f"invalid TOML: {message}{where}", file=source, line=line)]
        ) from None
    except (RecursionError, MemoryError, ValueError) as exc:
        huge = _huge_integer(text, source) if isinstance(exc, ValueError) else None
        raise TimelineLoadError(
            [huge or Problem(f"invalid TOML: {type(exc).__name__}: {exc}", file=source)]
        ) from None
    return Decoder(source, _Lines(text)).timeline(data)


# A decimal integer too long for Python to read (over 4,300 digits), where a value
# starts: after ``=``, ``[``, ``{`` or ``,``.  The parser stops on it without saying
# where; the first such run in the text is where it stopped.
_HUGE_DECIMAL: Final = re.compile(r"[=\[{,][ \t]*[+-]?((?:[0-9]_?){4301,})")
_KEY_BEFORE: Final = re.compile(r"""([A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')[ \t]*=[ \t]*[+-]?$""")


def _huge_integer(text: str, source: str | None) -> Problem | None:
    """The problem of a decimal integer too long to read, at its line and key."""
    found = _HUGE_DECIMAL.search(text)
    if found is None:
        return None
    start = found.start(1)
    line_start = text.rfind("\n", 0, start) + 1
    key = _KEY_BEFORE.search(text, line_start, start)
    digits = found[1].replace("_", "")
    return Problem(
        f"an integer of {len(digits):,} digits is out of range (integers are 64-bit)",
        file=source,
        line=text.count("\n", 0, start) + 1,
        field=key[1].strip("\"'") if key is not None else None,
    )


def load(path: str | os.PathLike[str], *, pause_gc: bool = False, phased: bool = False) -> Timeline:
    """Read and check the timeline file at ``path`` (UTF-8 TOML; Parquet when its name ends
    in ``.parquet``: :func:`timeline.parquet_io.load`, which needs pyarrow; a folder is a
    partitioned Parquet dataset: :func:`timeline.dataset.load`, when it holds one).

    Raises :class:`~timeline.errors.TimelineLoadError` when the file cannot be
    read, is not UTF-8, is not TOML, or breaks any rule of the format.

    ``pause_gc=True`` pauses Python's cyclic garbage collector during the load,
    for *every* thread of the process (a big file loads a fifth to a third
    faster: see :func:`timeline._fast.collector_paused`).  An application that
    owns its process may ask for it; by default a load changes nothing
    process-wide.

    ``phased=True``: a Parquet file returns once its keys are checked, the rest checked by
    :func:`timeline.complete` (:func:`timeline.parquet_io.load`); any other file is
    checked whole before this returns, as without it.
    """
    name = os.fspath(path)
    if parquet_io.is_parquet(name):
        with collector_paused() if pause_gc else contextlib.nullcontext():
            return parquet_io.load(name, phased=phased)
    from timeline import dataset

    if dataset.is_dataset(name):  # a folder of partitioned Parquet files
        with collector_paused() if pause_gc else contextlib.nullcontext():
            return dataset.load(name)
    return _load_document(_read_file(name), name, pause_gc)


def _read_file(name: str) -> bytes:
    """The bytes of the timeline file ``name``, as :func:`load` reads them (its errors too)."""
    try:
        raw = _read_bounded(name, name)
    except OSError as exc:
        raise TimelineLoadError(
            [Problem(f"cannot read: {cannot_read(exc, name)}", file=name)]
        ) from None
    if _ICALENDAR.match(raw):
        raise TimelineLoadError(
            [
                Problem(
                    "an iCalendar file, not a timeline: read it with timeline.read_ics(),"
                    " or convert it with `timeline import FILE -o OUT.toml`",
                    file=name,
                    line=1,
                )
            ]
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TimelineLoadError(
            [Problem("not UTF-8 text (it looks like UTF-16: save it as UTF-8)", file=name, line=1)]
        )
    # the bytes are half the size of the text (which takes two bytes a
    # character once one is beyond Latin-1): they are decoded piece by piece
    return raw


_ICALENDAR: Final = re.compile(
    rb"(?:\xef\xbb\xbf)?\s*BEGIN:VCALENDAR|(?:\xef\xbb\xbf)?\s*BEGIN:VEVENT", re.I
)
"""The start of an iCalendar file (never of a TOML one: a key needs ``=``)."""


def _read_bounded(target: str | os.PathLike[str], name: str) -> bytes:
    """The bytes of the regular file ``target`` (:func:`timeline._files.read_regular`);
    :class:`TimelineLoadError` naming ``name`` when it is over :data:`MAX_FILE_BYTES`,
    :class:`OSError` when it cannot be read."""
    try:
        return read_regular(target, MAX_FILE_BYTES)
    except TooBigError as exc:
        problem = Problem(_too_big(exc.size, f"bytes{exc.more}"), file=name)
        raise TimelineLoadError([problem]) from None


def _too_big(size: int, unit: str) -> str:
    return (
        f"the file is too big ({size:,} {unit}; at most {MAX_FILE_BYTES:,}):"
        " split the timeline into several files"
    )


def dumps(tl: Timeline) -> str:
    """The timeline as TOML text, readable and in a stable layout.

    The first line is the ``#:schema`` comment; then ``title`` and
    ``description``, the ``[[sources]]`` in their order, the ``[[eras]]`` by
    start, and the ``[[events]]`` in chronological order, each with its keys in the order of
    :data:`~timeline.codec.KEYS` (the plain data of :func:`~timeline.codec.to_data`).
    Text with line breaks is written as multi-line strings.
    """
    data = head_to_data(tl)
    sources = data.pop("sources", ())
    data.pop("eras", None)
    chunks = [SCHEMA_COMMENT + "\n", _table(data)]
    for source in sources:
        chunks.append(_source_text(source))
    chunks.append(eras_toml(tl.eras))
    for event in tl.events:
        chunks.append(_event_text(event_to_data(event)))
    return "".join(chunks)


def event_toml(event: Event) -> str:
    """The ``[[events]]`` table of ``event`` as :func:`dumps` writes it, blank line before it."""
    return _event_text(event_to_data(event))


def eras_toml(eras: Sequence[Era]) -> str:
    """The ``[[eras]]`` tables as :func:`dumps` writes them, a blank line before each."""
    return "".join("\n[[eras]]\n" + _table(era_to_data(era)) for era in eras)


def source_toml(source: Source) -> str:
    """The ``[[sources]]`` table of ``source`` as :func:`dumps` writes it, blank line before it."""
    return _source_text(source_to_data(source))


_EXPORTS: Final = frozenset({"csv", "ics", "json"})
"""The extensions of the exports, which :func:`dump` does not write."""


def dump(tl: Timeline, path: str | os.PathLike[str], *, force: bool = False) -> None:
    """Write the timeline to ``path`` atomically (UTF-8, ``\\n`` line ends; Parquet when its
    name ends in ``.parquet``: :func:`timeline.parquet_io.dump`, which needs pyarrow).

    The old file stays intact until the new one is complete; on failure a
    :class:`~timeline.errors.TimelineError` names the file.  A read-only file
    is refused unless ``force`` (see :func:`timeline._atomic.atomic_write`).  A name
    ending in ``.csv``, ``.ics`` or ``.json`` is refused: those are exports
    (:func:`timeline.export.export`), which ``load`` does not read back.
    """
    suffix = os.fspath(path).lower().rpartition(".")[2]
    if suffix in _EXPORTS:
        raise TimelineError(
            f"{os.fspath(path)}: timeline.dump writes TOML or Parquet (.toml, .parquet);"
            f" a .{suffix} file is an export: timeline.export(tl, {os.fspath(path)!r})"
        )
    if parquet_io.is_parquet(path):
        parquet_io.dump(tl, path, force=force)
        return
    atomic_write(path, dumps(tl).encode("utf-8"), force=force)


# -- writing ------------------------------------------------------------------


def _table(values: dict[str, Any]) -> str:
    import tomli_w  # (the writer: imported by the first save)

    # tomli_w turns "\r\n" into "\n" in multi-line strings: keep those one-line.
    multiline = not any(isinstance(v, str) and "\r" in v for v in values.values())
    return tomli_w.dumps(values, multiline_strings=multiline)


def _array_line(key: str, texts: list[str]) -> str:
    """``tags = [...]`` on one line when it is short, else one item a line."""
    import tomli_w

    line = f"{key} = [" + ", ".join(tomli_w.dumps({"t": t})[4:-1] for t in texts) + "]\n"
    if len(line) <= 100:
        return line
    return tomli_w.dumps({key: texts})


def _source_text(source: dict[str, Any]) -> str:
    return "\n[[sources]]\n" + _table(source)


def _event_text(event: dict[str, Any]) -> str:
    """An event's plain data as an ``[[events]]`` table: its text, number and
    date keys, then its lists of text on one line, then its sub-tables."""
    head = {k: v for k, v in event.items() if type(v) is not list and type(v) is not dict}
    parts = ["\n[[events]]\n", _table(head)]
    for key, value in event.items():
        if isinstance(value, dict):
            parts.append(f"\n[events.{key}]\n" + _table(value))
        elif isinstance(value, list):
            if isinstance(value[0], dict):
                parts.extend(f"\n[[events.{key}]]\n" + _table(item) for item in value)
            else:
                parts.append(_array_line(key, value))
    return "".join(parts)


# -- reading in pieces ---------------------------------------------------------------


class _NotInPiecesError(Exception):
    """The document cannot be read piece by piece: read it whole."""


#: About how much of the document is parsed at a time (characters or bytes) with
#: toml-rs: small enough that most pieces nest shallowly enough for it (see
#: :mod:`timeline._toml_parse`); 16 times that with ``tomli`` alone.
_PIECE: Final = 1 << 14


def _split(doc: str | bytes, size: int) -> Iterator[str | bytes]:
    """The top of ``doc``, up to its first ``[[events]]`` line, then runs of events.

    Each run starts at an ``[[events]]`` line (a line of exactly that) and is
    about ``size`` long.
    """
    header: str | bytes = b"\n[[events]]\n" if isinstance(doc, bytes) else "\n[[events]]\n"
    start = doc.find(header)  # type: ignore[arg-type]
    if start < 0:
        yield doc
        return
    yield doc[: start + 1]
    start += 1
    while True:
        end = doc.find(header, start + size)  # type: ignore[arg-type]
        if end < 0:
            yield doc[start:]
            return
        yield doc[start : end + 1]
        start = end + 1


def _pieces(doc: str | bytes, source: str | None, reader: type[Decoder]) -> Timeline:
    """The timeline of the document, parsed a piece at a time.

    The document is cut before ``[[events]]`` header lines: the top (title,
    description, sources) and runs of whole events (the top itself before its
    ``[[sources]]`` lines, and a run before more of its ``[[events]]`` lines,
    when it is too deep for toml-rs: :func:`_parse_run`).  Each piece is parsed
    on its own, its events checked and built by the codec's :class:`Decoder` and
    its tables dropped.  The result is the one of a whole read when every
    piece is TOML and holds what a piece should: the top no events, each run
    events only (a ``[[events]]`` inside a multi-line string would leave a
    piece with an unterminated string).  Otherwise :class:`_NotInPiecesError`
    is raised and the caller reads the document whole.  ``reader`` checks the
    events (the codec's :class:`Decoder`, or one that keeps them as columns).
    """
    from timeline import _toml_parse

    decoder = reader(source, _Lines(doc))
    pieces = _split(doc, _PIECE if _toml_parse.FAST else _PIECE * 16)
    decoder.top(_parse_piece(next(pieces), top=True))
    index = 0
    for piece in pieces:
        raw_events = _parse_piece(piece, top=False)
        if not decoder.stopped:
            decoder.add_events(list(enumerate(raw_events, index)))
        # (once stopped, the rest is still parsed: a TOML error comes first)
        index += len(raw_events)
    return decoder.finish()


def _parse_piece(piece: str | bytes, *, top: bool) -> Any:
    """The top's table, or a run's list of event tables; :class:`_NotInPiecesError` else."""
    try:
        text = piece.decode("utf-8") if isinstance(piece, bytes) else piece
        if not top:
            return _parse_run(text, "events")
        data = _parse_top(text.removeprefix("\ufeff"))
    except _NotInPiecesError:
        raise
    except Exception:  # any problem: the whole document gives the exact message
        raise _NotInPiecesError from None
    if "events" in data:
        raise _NotInPiecesError
    return data


def _parse_top(text: str) -> dict[str, Any]:
    """The top's table; its ``[[sources]]`` parsed as runs when it is too deep for toml-rs."""
    from timeline import _toml_parse

    if _toml_parse.FAST and not _toml_parse.fast_allowed(text):
        cut = text.find("\n[[sources]]\n")
        if cut >= 0:
            head = _toml_parse.parse(text[: cut + 1])
            if "sources" in head:
                raise _NotInPiecesError
            try:
                head["sources"] = _parse_run(text[cut + 1 :], "sources")
            except _NotInPiecesError:  # (not sources alone after it: eras, say) whole
                return _toml_parse.parse(text)
            return head
    return _toml_parse.parse(text)


def _parse_run(text: str, key: str) -> list[dict[str, Any]]:
    """The tables of ``text``, a run of ``[[key]]`` tables (it starts with such a header line).

    A run too deep for toml-rs is cut in two before a ``[[key]]`` line near its
    middle, and each half parsed as a run, down to a single table (which ``tomli``
    parses).  :class:`_NotInPiecesError` unless the run holds ``[[key]]`` tables only.
    """
    from timeline import _toml_parse

    allowed = _toml_parse.FAST and _toml_parse.fast_allowed(text)
    if _toml_parse.FAST and not allowed:
        header = f"\n[[{key}]]\n"
        middle = len(text) // 2
        cut = text.find(header, middle)
        if cut < 0:
            cut = text.rfind(header, 0, middle)
        if cut >= 0:
            return _parse_run(text[: cut + 1], key) + _parse_run(text[cut + 1 :], key)
    data = _toml_parse.parse(text, allowed=allowed)  # (not counted twice: 3% of a load)
    tables = data.get(key)
    if len(data) != 1 or type(tables) is not list or any(type(t) is not dict for t in tables):
        raise _NotInPiecesError
    return tables


def _header(line: str) -> tuple[str, bool] | None:
    """``(name, is an array)`` of a table header line, else ``None``.

    (Plain string operations, no backtracking regex: a file may hold a
    megabyte-long line.)
    """
    body = line.strip()
    if not body.startswith("["):
        return None
    body = body.partition("#")[0].rstrip()
    array = body.startswith("[[") and body.endswith("]]")
    inner = body[2:-2] if array else body[1:-1]
    if not body.endswith("]") or "[" in inner or "]" in inner:
        return None
    name = ".".join(part.strip() for part in inner.split("."))
    name = name.replace('"', "").replace("'", "")
    return name, array


_KEY_RE: Final = re.compile(r"""\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*[.=]""")


class _Lines:
    """The line of a path in a document, for the decoder's messages: the
    document is only scanned (:class:`_Locator`) once a problem is reported."""

    def __init__(self, doc: str | bytes) -> None:
        self.doc = doc  # the text, or a file's bytes

    @functools.cached_property
    def _locator(self) -> _Locator:
        doc = self.doc
        if isinstance(doc, bytes):
            # (a part not yet read may not be UTF-8: then the document is read
            # again whole, and that error reported alone)
            doc = doc.decode("utf-8", "replace").removeprefix("\ufeff")
        return _Locator(doc)

    def __call__(self, path: _Path) -> int | None:
        return self._locator.line(path)


class _Locator:
    """Finds the line of a value in TOML text (a best effort, for messages).

    ``tomli`` gives no positions, so the text is scanned: table headers mark
    sections, and a key is found by its ``key =`` line inside its section.
    """

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        # (line index, table name, is an array-of-tables header)
        self.sections: list[tuple[int, str, bool]] = [(0, "", False)]
        # the sections of each name, and those that are array headers, in order:
        # looked up by bisection, so that locating stays fast in huge files
        self.named: dict[str, list[int]] = {}
        self.arrays: dict[str, list[int]] = {}
        in_string: str | None = None
        for n, line in enumerate(self.lines):
            if in_string is not None:
                if line.count(in_string) % 2 == 1:
                    in_string = None
                continue
            header = _header(line)
            if header is not None:
                self.sections.append((n, *header))
                continue
            for quote in ('"""', "'''"):
                if line.count(quote) % 2 == 1:
                    in_string = quote
                    break

        for k, (_, name, is_array) in enumerate(self.sections):
            self.named.setdefault(name, []).append(k)
            if is_array:
                self.arrays.setdefault(name, []).append(k)

    @staticmethod
    def _within(indexes: list[int], first: int, stop: int) -> list[int]:
        """The members of sorted ``indexes`` in ``range(first, stop)``."""
        return indexes[bisect.bisect_left(indexes, first) : bisect.bisect_left(indexes, stop)]

    def _end(self, start: int, name: str) -> int:
        """Index of the first section after ``start`` that is outside table ``name``."""
        for k in range(start + 1, len(self.sections)):
            other = self.sections[k][1]
            if not other.startswith(name + "."):
                return k
        return len(self.sections)

    def _key_line(self, section: int, key: str) -> int | None:
        first = self.sections[section][0] + (1 if section else 0)
        stop = (
            self.sections[section + 1][0] if section + 1 < len(self.sections) else len(self.lines)
        )
        for n in range(first, stop):
            m = _KEY_RE.match(self.lines[n])
            if m is not None and (m[1] or m[2] or m[3]) == key:
                return n + 1
        return None

    def line(self, path: _Path) -> int | None:
        section, end, name = 0, len(self.sections), ""
        found: int | None = None
        k = 0
        while k < len(path):
            key = path[k]
            if isinstance(key, int):  # only after an array name, handled below
                return found
            full = f"{name}.{key}" if name else key
            index = path[k + 1] if k + 1 < len(path) else None
            if isinstance(index, int):
                hits = self._within(self.arrays.get(full, []), section + 1, end)
                if index >= len(hits):
                    line = self._key_line(section, key)
                    return line if line is not None else found
                section = hits[index]
                end = self._end(section, full)
                name = full
                found = self.sections[section][0] + 1
                k += 2
                continue
            line = self._key_line(section, key)
            if line is not None:
                return line
            tables = self._within(self.named.get(full, []), section + 1, end)
            if not tables:
                return found
            section = tables[0]
            end = self._end(section, full)
            name = full
            found = self.sections[section][0] + 1
            k += 1
        return found
