"""Where the tables of a timeline file are, found by scanning its bytes (for :mod:`timeline.patch`).

No TOML parser gives positions, and a full one written in Python would read a
100,000-event file (47 MB) in many seconds; this finds what the patcher needs
in a fraction of one, with the C-speed searches of ``bytes`` and ``re``:

* the multi-line strings (``\"\"\"...\"\"\"`` and ``'''...'''``): only the lines that
  hold a triple quote can open or close one, so only those lines are lexed
  (from their start, skipping one-line strings and comments);
* the *sections*: each top-level ``[[events]]``, ``[[sources]]`` or ``[[eras]]`` table from
  its header line (outside any multi-line string) to the next top-level
  header; an event's sub-tables (``[[events.places]]``, ``[events.figures]``)
  are part of its section;
* a section's body (up to its last line of content: the blank and comment
  lines after it lead to what follows), its leading comment lines (directly
  above its header, no blank line between), and the comments inside it.

The scan is a best effort that errs on the side of doubt: the patcher parses
every section it changes, with ``tomli``, and checks that it holds exactly
the table expected before it touches a byte.  A section cut wrongly (a header
line inside a multi-line array, say) does not parse as one table, and the
patcher then rewrites the whole file instead.
"""

from __future__ import annotations

import bisect
import re
from itertools import compress
from typing import Final, cast

import attrs

__all__ = ["Scan", "Section"]

# A line that may be a top-level header is ``[`` after the line's indent, but not
# an event's sub-table (those belong to the event's section).  Searched in the
# bytes with a newline put in front, so that a match's start is a line's start.
# An event's sub-table header outside an events section (it would belong to the
# last event of the file, wherever it stands): looked for in other sections.
_SUB_TABLE: Final = re.compile(rb"\n[ \t]*\[\[?[ \t]*[\"']?events[\"']?[ \t]*\.")
# A boundary that is not the usual ``[[events]]`` line with the file's line end (those
# are found apart, see _usual_headers), by the file's line end.
_OTHER_BOUNDARY: Final = {
    newline: re.compile(
        rb"\n[ \t]*\[(?!\[events\]\]" + newline + rb")(?![ \t]*\[?[ \t]*events[ \t]*\.)"
    )
    for newline in (b"\n", b"\r\n")
}
_TRIPLE: Final = re.compile(rb"\"\"\"|'''")
# One token of a line outside multi-line strings: a triple quote opening one, a
# one-line string, a comment, or the end of the line.
_TOKEN: Final = re.compile(rb"\"\"\"|'''|\"(?:[^\"\\\n]|\\[^\n])*\"|'[^'\n]*'|#[^\n]*|\n")
_BASIC_END: Final = re.compile(rb"\\[\s\S]|\"\"\"")
_KIND: Final = {"events": "events", "sources": "sources", "eras": "eras"}


@attrs.frozen
class Section:
    """A top-level table of the file: ``kind`` is ``events``, ``sources``, ``eras`` or ``other``."""

    kind: str
    start: int
    """Offset of its header line."""
    end: int
    """Offset of the next section's header line (or the end of the file)."""


class Scan:
    """The multi-line strings and the sections of a timeline file's bytes."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        first = data.find(b"\n")
        self.newline = b"\r\n" if first > 0 and data[first - 1] == 13 else b"\n"
        self._strings = _multiline_strings(data)
        self._string_starts = [a for a, _ in self._strings]
        self.starts: list[int] = []
        """Where each section's header line starts, in order."""
        self.kinds: list[str] = []
        """The kind of each section."""
        self.stray: int | None = None
        """Offset of an event's sub-table header outside an events section, if any."""
        self._find_sections()

    # -- strings ---------------------------------------------------------------

    def in_string(self, pos: int) -> bool:
        """True when offset ``pos`` is inside a multi-line string (after its opening quotes)."""
        k = bisect.bisect_right(self._string_starts, pos) - 1
        return k >= 0 and pos < self._strings[k][1]

    # -- sections --------------------------------------------------------------

    def _find_sections(self) -> None:
        data = self.data
        padded = b"\n" + data  # (so that a match's start is the offset of its line)
        # the usual header line, found at C speed (no match object for each)
        starts = _usual_headers(padded, self.newline)
        # and every other line that may be a header: few, and the only ones looked at
        # one by one below (a file of 100,000 events has 100,000 usual ones)
        others = [m.start() for m in _OTHER_BOUNDARY[self.newline].finditer(padded)]
        del padded
        if self._strings:  # header lines inside multi-line strings are text
            starts = self._outside_strings(starts)
            others = self._outside_strings(others)
        kinds: list[str | None] = ["events"] * len(starts)
        if others:
            usual = starts
            starts = sorted([*usual, *others])
            kinds = ["events"] * len(starts)
            at = {start: k for k, start in enumerate(starts)}
            for start in others:
                kinds[at[start]] = None
            last_kind = None
            k_last = -1
            for start in others:  # in order; a usual header before one is an event's
                k = at[start]
                if k_last < k - 1:
                    last_kind = "events"
                k_last = k
                end = data.find(b"\n", start)
                header = _header(data[start : len(data) if end < 0 else end])
                if header is None:
                    continue  # not a header: dropped below
                name, is_array = header
                if name.startswith("events."):
                    if last_kind == "events":
                        kinds[k] = "-"  # an event's sub-table written with quotes: its event's
                        continue
                    self.stray = start
                kinds[k] = last_kind = _KIND.get(name, "other") if is_array else "other"
        if None in kinds or "-" in kinds:
            keep = [kind not in (None, "-") for kind in kinds]
            starts = list(compress(starts, keep))
            kinds = list(compress(kinds, keep))
        self.starts = starts
        self.kinds = cast("list[str]", kinds)
        if self.stray is None and others:
            for k in compress(range(len(kinds)), map("events".__ne__, kinds)):
                section = self.section(k)
                found = _SUB_TABLE.search(data, max(section.start - 1, 0), section.end)
                if found is not None:
                    self.stray = found.start() + 1
                    break

    def _outside_strings(self, starts: list[int]) -> list[int]:
        """The members of sorted ``starts`` outside multi-line strings."""
        inside = self._inside_strings(starts)
        return [s for s in starts if s not in inside] if inside else starts

    def _inside_strings(self, starts: list[int]) -> set[int]:
        """The members of sorted ``starts`` that are inside multi-line strings."""
        inside: set[int] = set()
        for a, b in self._strings:
            i = bisect.bisect_right(starts, a)
            while i < len(starts) and starts[i] < b:
                inside.add(starts[i])
                i += 1
        return inside

    def __len__(self) -> int:
        return len(self.starts)

    def section(self, k: int) -> Section:
        """Section ``k``."""
        end = self.starts[k + 1] if k + 1 < len(self.starts) else len(self.data)
        return Section(self.kinds[k], self.starts[k], end)

    def last(self, kind: str) -> int | None:
        """The index of the last section of ``kind``, if any."""
        for k in range(len(self.kinds) - 1, -1, -1):
            if self.kinds[k] == kind:
                return k
        return None

    @property
    def top_end(self) -> int:
        """Where the first section starts (the top: title, description, tz)."""
        return self.starts[0] if self.starts else len(self.data)

    def section_at(self, pos: int) -> int | None:
        """The index of the section holding offset ``pos`` (``None``: the top)."""
        k = bisect.bisect_right(self.starts, pos) - 1
        return k if k >= 0 else None

    def body_end(self, start: int, end: int) -> int:
        """The end of the last line of content in ``[start, end)`` (blank and comment lines after it
        are not content); ``start`` when there is none."""
        data = self.data
        pos = end
        while pos > start:
            line_start = data.rfind(b"\n", start, pos - 1) + 1
            if line_start <= start:
                line_start = start
            if not self._blank_or_comment(line_start, pos):
                return pos
            pos = line_start
        return start

    def lead_start(self, start: int, floor: int) -> int:
        """Where the comment lines directly above the header at ``start`` begin (no
        blank line between; not before ``floor``)."""
        data = self.data
        pos = start
        while pos > floor:
            line_start = data.rfind(b"\n", floor, pos - 1) + 1
            if line_start < floor:
                line_start = floor
            line = data[line_start:pos].strip()
            if not line.startswith(b"#") or self.in_string(line_start):
                return pos
            pos = line_start
        return pos

    def blank_before(self, pos: int, floor: int) -> int:
        """Where the blank lines directly before offset ``pos`` (a line start) begin."""
        data = self.data
        while pos > floor:
            line_start = data.rfind(b"\n", floor, pos - 1) + 1
            if line_start < floor:
                line_start = floor
            if data[line_start:pos].strip() or self.in_string(line_start):
                return pos
            pos = line_start
        return pos

    def comments(self, start: int, end: int) -> list[bytes]:
        """The comments in ``[start, end)`` outside strings, in order, without line ends."""
        data = self.data
        found: list[bytes] = []
        pos = start
        while pos < end:
            k = bisect.bisect_right(self._string_starts, pos) - 1
            if k >= 0 and pos < self._strings[k][1]:
                pos = self._strings[k][1]
                continue
            match = _TOKEN.search(data, pos, end)
            if match is None:
                break
            token = match.group()
            if token.startswith(b"#"):
                found.append(token.rstrip(b"\r"))
                pos = match.end()
            elif token in (b'"""', b"'''"):
                k = bisect.bisect_left(self._string_starts, match.end())
                known = k < len(self._strings) and self._strings[k][0] == match.end()
                pos = self._strings[k][1] if known else match.end()
            else:
                pos = match.end()
        return found

    def _blank_or_comment(self, line_start: int, line_end: int) -> bool:
        line = self.data[line_start:line_end].strip()
        return (not line or line.startswith(b"#")) and not self.in_string(line_start)


def _usual_headers(padded: bytes, newline: bytes) -> list[int]:
    """The offsets (in the bytes without the newline put in front) of the lines that are
    exactly ``[[events]]``."""
    separator = b"\n[[events]]" + newline
    out: list[int] = []
    find, append = padded.find, out.append
    pos = find(separator)
    while pos >= 0:  # (a find per header: faster than a regex's match objects)
        append(pos)
        pos = find(separator, pos + 1)
    return out


def _header(line: bytes) -> tuple[str, bool] | None:
    """``(name, is an array)`` of a table header line, else ``None`` (as the loader's)."""
    body = line.strip()
    if not body.startswith(b"["):
        return None
    body = body.partition(b"#")[0].rstrip()
    array = body.startswith(b"[[") and body.endswith(b"]]")
    inner = body[2:-2] if array else body[1:-1]
    if not body.endswith(b"]") or b"[" in inner or b"]" in inner:
        return None
    try:
        text = inner.decode("utf-8")
    except UnicodeDecodeError:
        return None
    name = ".".join(part.strip().strip("\"'") for part in text.split("."))
    return name, array


def _multiline_strings(data: bytes) -> list[tuple[int, int]]:
    """The spans of the multi-line strings, from after their opening quotes to after their
    closing ones, in order.  Only lines holding a triple quote are lexed."""
    spans: list[tuple[int, int]] = []
    if b'"""' not in data and b"'''" not in data:
        return spans
    pos = 0  # lexed up to here, outside strings
    search = _TRIPLE.search
    while (found := search(data, pos)) is not None:  # (a closing one is skipped: lexed)
        line_start = data.rfind(b"\n", 0, found.start()) + 1
        pos = _lex_line(data, max(pos, line_start), spans)
    return spans


def _lex_line(data: bytes, pos: int, spans: list[tuple[int, int]]) -> int:
    """Lex from ``pos`` (outside strings) to the end of its line, or on through the
    multi-line strings it opens; record them; return where lexing stopped."""
    while True:
        token = _TOKEN.search(data, pos)
        if token is None:
            return len(data)
        text = token.group()
        if text == b"\n":
            return token.end()
        if text == b'"""':
            close = _basic_end(data, token.end())
        elif text == b"'''":
            close = data.find(b"'''", token.end())
            close = len(data) if close < 0 else _run_end(data, close, b"'")
        else:  # a one-line string or a comment
            pos = token.end()
            continue
        spans.append((token.end(), close))
        pos = close


def _basic_end(data: bytes, pos: int) -> int:
    """After the quotes closing the multi-line basic string whose text starts at ``pos``."""
    while True:
        found = _BASIC_END.search(data, pos)
        if found is None:
            return len(data)
        if found.group() == b'"""':
            return _run_end(data, found.start(), b'"')
        pos = found.end()  # an escape: skip the escaped character


def _run_end(data: bytes, start: int, quote: bytes) -> int:
    """After a closing triple quote at ``start``: up to two more quotes are the string's."""
    end = start + 3
    extra = 0
    while extra < 2 and data[end : end + 1] == quote:
        end += 1
        extra += 1
    return end


# -- comments that follow a rewritten table ------------------------------------------

# Where a comment stands in a table: (sub-table name and index, or None for the
# table's own keys; the key it is above, or None for the sub-table's header).
Anchor = tuple[tuple[str, int] | None, str | None]
_KEY: Final = re.compile(rb"[ \t]*(\"[^\"\n]*\"|'[^'\n]*'|[A-Za-z0-9_-]+)")


def anchored_comments(scan: Scan, start: int, end: int) -> list[tuple[Anchor, list[bytes]]]:
    """The comments of the table in ``[start, end)`` of ``scan``, each with what it is above.

    A comment line is above the next key or sub-table header; a comment at the
    end of a line is above that line.  Lines of multi-line strings are skipped.
    """
    found: list[tuple[Anchor, list[bytes]]] = []
    pending: list[bytes] = []
    for line_start, line_end, anchor in _lines(scan, start, end):
        comments = scan.comments(line_start, line_end)
        if anchor is None:  # a blank or comment line
            pending += comments
        elif pending or comments:
            found.append((anchor, pending + comments))
            pending = []
    if pending:
        found.append(((None, None), pending))
    return found


def place_comments(
    text: bytes, newline: bytes, comments: list[tuple[Anchor, list[bytes]]]
) -> tuple[bytes, list[bytes]]:
    """``text`` (a table as written by the writer) with the comments put above what they
    were above; the comments whose place it lacks, for the caller to put above it."""
    wanted = dict(comments)
    scan = Scan(text)
    parts: list[bytes] = []
    pos = 0
    for line_start, _, anchor in _lines(scan, 0, len(text)):
        if anchor is not None and anchor != (None, None) and anchor in wanted:
            parts += (text[pos:line_start], b"".join(c + newline for c in wanted.pop(anchor)))
            pos = line_start
    parts.append(text[pos:])
    left = [c for anchor, block in comments if anchor in wanted for c in block]
    return b"".join(parts), left


def _lines(scan: Scan, start: int, end: int) -> list[tuple[int, int, Anchor | None]]:
    """The lines of a table in ``[start, end)``: (start, end, anchor); anchor ``None`` for a
    blank or comment line or one inside a multi-line string."""
    data = scan.data
    out: list[tuple[int, int, Anchor | None]] = []
    table: tuple[str, int] | None = None
    seen: dict[str, int] = {}
    pos = start
    while pos < end:
        line_end = data.find(b"\n", pos, end)
        line_end = end if line_end < 0 else line_end + 1
        body = data[pos:line_end].strip()
        anchor: Anchor | None = None
        if body and not body.startswith(b"#") and not scan.in_string(pos):
            header = _header(data[pos:line_end])
            if header is not None and header[0] not in _KIND:
                name = header[0].partition(".")[2]
                seen[name] = seen.get(name, -1) + 1
                table = (name, seen[name])
                anchor = (table, None)
            elif header is not None:
                anchor = (None, None)
            else:
                key = _KEY.match(data, pos, line_end)
                anchor = (
                    table,
                    key.group(1).strip(b"\"'").decode("utf-8", "replace") if key else "",
                )
        out.append((pos, line_end, anchor))
        pos = line_end
    return out
