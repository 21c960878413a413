"""Big synthetic timelines straight to columns: Parquet (and CSV) of 1M–10M events, seeded.

``benchmarks.generate`` writes TOML through one Python dict per event: right for 100k events,
far too slow for 10M.  This module draws the same mix (the forms of dates of
:data:`benchmarks.generate.FORMS` and their weights, the same offsets, zones, statuses,
tags, places, people, figures, citations with agreeing and disagreeing reported dates,
links to earlier events, ~200-character summaries) as numpy arrays, a block of rows at a
time, and writes them as the project's Parquet file (the schema of
:func:`timeline.parquet_io.to_table`, ``docs/format.md`` "Parquet"): the EDTF text in
``when`` with the columns derived from it (``precision``, ``uncertain``, ``approximate``,
``earliest_day``, ``latest_day``, ``earliest``, ``latest``) computed to agree with it, and
the header (title, description, sources) in the file's metadata.  The same events can be
written as CSV with the columns of ``timeline export`` (:func:`timeline.export.to_csv`),
for the pandas baseline.  The events are drawn independently, so this is not the TOML
generator's file of the same seed: the same mix, not the same events.

Differences from ``benchmarks.generate``: the timeline cites ``n / 40`` sources as there,
but at most :data:`MAX_SOURCES` (the header is JSON in the file's metadata); a local time
in a zone that daylight saving skips or repeats is moved an hour on (the loader refuses
the first; there are none in practice, times are 06:00–21:55).

Command line::

    python -m benchmarks.columnar 10M -o /tmp/10M.parquet [--csv /tmp/10M.csv] [--seed 0]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from benchmarks import generate as gen
from benchmarks._columnar_dates import NULL, PRECISIONS, Dates, days_text, draw, join, take
from timeline import codec
from timeline.export import CSV_COLUMNS
from timeline.parquet_io import to_table

__all__ = ["BLOCK", "MAX_SOURCES", "VERSION", "blocks", "main", "table", "write"]

VERSION: Final = 1
"""Changes when the same arguments make other events (names of kept files carry it)."""

BLOCK: Final = 500_000
"""Rows drawn and written at a time (a Parquet row group each)."""
MAX_SOURCES: Final = 25_000
"""The most sources a generated timeline has (as many as the TOML generator's at 1M)."""

_STATUS_P: Final = np.array(gen._STATUS_WEIGHTS, dtype=float) / sum(gen._STATUS_WEIGHTS)
_ONGOING: Final = len(gen._STATUSES)
_STATUS_TEXT: Final = pa.array([*gen._STATUSES, "ongoing"])


# -- the columns besides the dates -----------------------------------------------------


def _offsets(counts: np.ndarray) -> pa.Array:
    offsets = np.zeros(len(counts) + 1, np.int32)
    np.cumsum(counts, out=offsets[1:])
    return pa.array(offsets)


def _lists(counts: np.ndarray, values: pa.Array, *, null_when_empty: bool = True) -> pa.Array:
    """Rows of ``counts[i]`` consecutive ``values`` each (null where none, as ``dump`` writes)."""
    mask = pa.array(counts == 0) if null_when_empty else None
    return pa.ListArray.from_arrays(_offsets(counts), values, mask=mask)


def _distinct(rng: np.random.Generator, counts: np.ndarray, pool: int) -> np.ndarray:
    """For each row, ``counts[i]`` distinct numbers below ``pool`` in random order, flat."""
    most = int(counts.max(initial=0))
    picks = np.empty((len(counts), most), np.int64)
    for j in range(most):
        r = rng.integers(0, pool - j, size=len(counts))
        for prior in np.sort(picks[:, :j], axis=1).T:  # the r-th number not picked yet
            r += r >= prior
        picks[:, j] = r
    return picks[np.arange(most) < counts[:, None]]


@functools.cache
def _triples() -> pa.Array:
    """Every sequence of three words of the vocabulary (238,328): a text of ``3k`` random
    words is ``k`` random triples, drawn three times faster."""
    words = gen._WORDS
    return pa.array([f"{a} {b} {c}" for a in words for b in words for c in words])


def _words(rng: np.random.Generator, m: int, k: int) -> pa.Array:
    """``m`` texts of ``k`` (a multiple of 3) random words from the generator's vocabulary."""
    triples = _triples()
    flat = take(triples, rng.integers(0, len(triples), size=m * (k // 3)))
    return pc.binary_join(_lists(np.full(m, k // 3), flat, null_when_empty=False), " ")


def _summaries(rng: np.random.Generator, m: int) -> pa.Array:
    """As ``generate`` writes them: 45 words cut at 200 characters, capitalised, a full stop."""
    text = pc.utf8_rtrim_whitespace(pc.utf8_slice_codeunits(_words(rng, m, 45), 0, 200))
    first = pc.utf8_upper(pc.utf8_slice_codeunits(text, 0, 1))
    return join(first, pc.utf8_slice_codeunits(text, 1), ".")


def _masked(values: np.ndarray, mask: np.ndarray) -> pa.Array:
    return pa.array(values, mask=mask)


def _struct_lists(
    schema: pa.Schema, name: str, counts: np.ndarray, children: dict[str, pa.Array]
) -> pa.Array:
    """The list-of-struct column ``name`` (its fields in the schema's order, any not given
    null) of ``counts[i]`` items per row."""
    struct = schema.field(name).type.value_type
    total = int(counts.sum())
    arrays = []
    for i in range(struct.num_fields):
        child = struct.field(i)
        given = children.get(child.name)
        arrays.append(pa.nulls(total, child.type) if given is None else given.cast(child.type))
    items = pa.StructArray.from_arrays(arrays, fields=list(struct))
    return _lists(counts, items)


def _some(rng: np.random.Generator, m: int, p: float, low: int, high: int) -> np.ndarray:
    """How many items each of ``m`` rows has: none, or (with probability ``p``) ``low`` to
    ``high``."""
    return np.where(rng.random(m) < p, rng.integers(low, high + 1, size=m), 0)


def _choice_text(rng: np.random.Generator, texts: Sequence[str], k: int) -> pa.Array:
    return take(pa.array(list(texts)), rng.integers(0, len(texts), size=k))


def _nullable(rng: np.random.Generator, values: pa.Array, p: float) -> pa.Array:
    """``values``, each kept with probability ``p`` (else null)."""
    return pc.if_else(
        pa.array(rng.random(len(values)) < p), values, pa.nulls(len(values), values.type)
    )


@dataclass
class _Generator:
    """Draws blocks of rows; keeps what later rows refer to (earlier events' titles)."""

    n: int
    seed: int
    schema: pa.Schema
    source_ids: pa.Array
    titles: pa.Array
    slugs: pa.Array
    codes: np.ndarray  # every event's title (its index in ``titles``)

    @classmethod
    def make(cls, n: int, seed: int) -> _Generator:
        import random

        sources = gen._sources(min(n, 40 * MAX_SOURCES), random.Random(seed))
        head = {
            "title": f"Synthetic timeline: {n} events (seed {seed})",
            "description": "Generated by benchmarks.columnar for scale benchmarks.",
            "sources": sources,
            "events": [],
        }
        schema = to_table(codec.from_data(head)).schema
        titles = [f"{s} {v} {o}" for s in gen._SUBJECTS for v in gen._VERBS for o in gen._OBJECTS]
        return cls(
            n,
            seed,
            schema,
            pa.array([s["id"] for s in sources]),
            pa.array(titles),
            pa.array([gen._slug(t) for t in titles]),
            np.zeros(n, np.int16),
        )

    def ids(self, rows: np.ndarray) -> pa.Array:
        number = pa.array(rows, pa.int64()).cast(pa.string())
        return join(take(self.slugs, self.codes[rows]), "-", number)

    def block(self, rng: np.random.Generator, start: int, m: int) -> dict[str, pa.Array]:
        """The columns of events ``start`` to ``start + m`` (the Parquet schema's, and the
        texts the CSV needs: ``earliest_csv``, ``latest_csv``)."""
        rows = np.arange(start, start + m)
        d = draw(rng, m)
        when = d.strings("when")
        tz_index = pa.array(d.zone.astype(np.int64), mask=d.zone < 0)
        tz = pa.array(list(gen._ZONES)).take(tz_index)
        self.codes[rows] = rng.integers(0, len(self.titles), size=m)
        status = rng.choice(len(gen._STATUSES), size=m, p=_STATUS_P)
        status = np.where(d.ongoing, _ONGOING, status)
        out: dict[str, pa.Array] = {
            "id": self.ids(rows),
            "title": take(self.titles, self.codes[rows]),
            "status": take(_STATUS_TEXT, status),
            "when": when,
            "tz": tz,
            "precision": take(pa.array(PRECISIONS), d.precision),
            "uncertain": pa.array(d.uncertain),
            "approximate": pa.array(d.approximate),
            "earliest_day": _masked(d.first_day, d.first_day == NULL).cast(pa.int32()),
            "latest_day": _masked(d.last_day, d.last_day == NULL).cast(pa.int32()),
            "earliest": _masked(d.earliest, d.earliest == NULL),
            "latest": _masked(d.latest, d.latest == NULL),
            "summary": _summaries(rng, m),
            "earliest_csv": d.strings("earliest_csv", ""),
            "latest_csv": d.strings("latest_csv", ""),
        }
        for name in ("earliest_day", "latest_day"):
            out[name] = out[name].cast(pa.date32())
        for name in ("earliest", "latest"):
            out[name] = out[name].cast(pa.timestamp("s", tz="UTC"))
        tag_counts = rng.integers(1, 4, size=m)
        tags = take(pa.array(list(gen._TAGS)), _distinct(rng, tag_counts, len(gen._TAGS)))
        out["tags"] = _lists(tag_counts, tags, null_when_empty=False)
        out["figures"] = self._figures(rng, m)
        out["places"] = self._places(rng, m)
        out["people"] = self._people(rng, m)
        out["sources"] = self._citations(rng, d, when, tz)
        out["related"] = self._related(rng, rows)
        return out

    def _figures(self, rng: np.random.Generator, m: int) -> pa.Array:
        counts = _some(rng, m, 0.10, 1, 2)
        names = _distinct(rng, counts, len(gen._FIGURES))
        money = names == gen._FIGURES.index("budget_musd")
        k = len(names)
        integer = rng.integers(0, 5001, size=k)
        number = np.round(rng.uniform(0.5, 900.0, size=k), 1)
        children = {
            "name": take(pa.array(list(gen._FIGURES)), names),
            "integer": _masked(integer, money),
            "number": _masked(number, ~money),
        }
        return _struct_lists(self.schema, "figures", counts, children)

    def _places(self, rng: np.random.Generator, m: int) -> pa.Array:
        counts = np.where(rng.random(m) < 0.45, np.where(rng.random(m) < 0.85, 1, 2), 0)
        k = int(counts.sum())
        unlocated = rng.random(k) < 0.05
        which = rng.integers(0, len(gen._PLACES), size=k)
        names = pc.if_else(
            pa.array(unlocated),
            _choice_text(rng, gen._UNLOCATED, k),
            take(pa.array([p[0] for p in gen._PLACES]), which),
        )
        lat = np.array([p[1] for p in gen._PLACES])[which]
        lon = np.array([p[2] for p in gen._PLACES])[which]
        children = {
            "name": names,
            "lat": _masked(lat, unlocated),
            "lon": _masked(lon, unlocated),
        }
        return _struct_lists(self.schema, "places", counts, children)

    def _people(self, rng: np.random.Generator, m: int) -> pa.Array:
        counts = _some(rng, m, 0.25, 1, 2)
        k = int(counts.sum())
        names = join(
            _choice_text(rng, gen._FIRST_NAMES, k), " ", _choice_text(rng, gen._LAST_NAMES, k)
        )
        children = {"name": names, "role": _nullable(rng, _choice_text(rng, gen._ROLES, k), 0.7)}
        return _struct_lists(self.schema, "people", counts, children)

    def _citations(
        self, rng: np.random.Generator, d: Dates, when: pa.Array, tz: pa.Array
    ) -> pa.Array:
        m = d.m
        pool = len(self.source_ids)
        counts = np.minimum(_some(rng, m, 0.10, 1, 3), pool)
        row = np.repeat(np.arange(m), counts)
        k = len(row)
        reported = (rng.random(k) < 0.33) & d.reportable[row]
        agrees = rng.random(k) < 0.5
        later = days_text(d.last[row] + rng.integers(2, 6, size=k))
        event_when, event_tz = when.take(pa.array(row)), tz.take(pa.array(row))
        nothing = pa.nulls(k, pa.string())
        given, agreeing = pa.array(reported), pa.array(reported & agrees)
        children = {
            "source": take(self.source_ids, _distinct(rng, counts, pool)),
            "quote": _nullable(rng, _words(rng, k, 12), 0.5),
            "reported": pc.if_else(given, pc.if_else(agreeing, event_when, later), nothing),
            "reported_tz": pc.if_else(agreeing, event_tz, nothing),
            "reported_text": pc.if_else(
                given, _nullable(rng, _choice_text(rng, gen._REPORTED_TEXTS, k), 0.3), nothing
            ),
            "note": _nullable(rng, pa.array(["Later corrected."] * k, pa.string()), 0.1),
        }
        return _struct_lists(self.schema, "sources", counts, children)

    def _related(self, rng: np.random.Generator, rows: np.ndarray) -> pa.Array:
        counts = ((rng.random(len(rows)) < 0.02) & (rows > 0)).astype(np.int64)
        linking = rows[counts == 1]
        earlier = (rng.random(len(linking)) * linking).astype(np.int64)
        children = {
            "kind": _choice_text(rng, gen._LINK_KINDS, len(linking)),
            "event": self.ids(earlier),
        }
        return _struct_lists(self.schema, "related", counts, children)


# -- tables, files ------------------------------------------------------------------------


def _csv_cell(values: pa.Array) -> pa.Array:
    """A cell as the ``csv`` module writes it: quoted when it holds ``,`` ``"`` or a line end."""
    needs = pc.match_substring_regex(values, '[,"\r\n]')
    if not pc.any(needs).as_py():
        return values
    some = values.filter(needs)
    return pc.replace_with_mask(
        values, needs, join('"', pc.replace_substring(some, '"', '""'), '"')
    )


def _joined(lists: pa.Array, field: str | None = None) -> pa.Array:
    """Each row's list (of a struct's ``field``) joined with ``;`` (empty where null)."""
    if field is not None:
        values = pc.struct_field(lists.flatten(), field)
        lists = pa.ListArray.from_arrays(lists.offsets, values, mask=lists.is_null())
    return pc.binary_join(lists, ";").fill_null("")


def _csv_lines(columns: dict[str, pa.Array]) -> pa.Array:
    """The rows of :func:`timeline.export.to_csv` (CRLF-terminated) of a block's columns."""
    flag = {True: "true", False: "false"}
    cells = {
        "id": columns["id"],
        "title": columns["title"],
        "edtf": columns["when"],
        "tz": columns["tz"].fill_null(""),
        "earliest": columns["earliest_csv"],
        "latest": columns["latest_csv"],
        "precision": columns["precision"],
        "uncertain": pc.if_else(columns["uncertain"], flag[True], flag[False]),
        "approximate": pc.if_else(columns["approximate"], flag[True], flag[False]),
        "status": columns["status"],
        "tags": _joined(columns["tags"]),
        "places": _joined(columns["places"], "name"),
        "summary": columns["summary"],
        "sources": _joined(columns["sources"], "source"),
    }
    return join(
        pc.binary_join_element_wise(*(_csv_cell(cells[c]) for c in CSV_COLUMNS), ","), "\r\n"
    )


def blocks(
    n: int, seed: int = 0, *, block: int = BLOCK, csv: bool = False
) -> Iterator[tuple[pa.Table, pa.Array | None]]:
    """The timeline of ``n`` events, ``block`` rows at a time: each block's Parquet table
    (the schema and header metadata of :func:`timeline.parquet_io.to_table`) and, when
    ``csv``, its CSV rows."""
    if n < 0:
        raise ValueError("n must be >= 0")
    return _blocks(_Generator.make(n, seed), block, csv)


def _blocks(maker: _Generator, block: int, csv: bool) -> Iterator[tuple[pa.Table, pa.Array | None]]:
    rng = np.random.default_rng(maker.seed)
    names = maker.schema.names
    for start in range(0, maker.n, block):
        columns = maker.block(rng, start, min(block, maker.n - start))
        part = pa.Table.from_arrays([columns[c] for c in names], schema=maker.schema)
        yield part, _csv_lines(columns) if csv else None


def table(n: int, seed: int = 0, *, block: int = BLOCK) -> pa.Table:
    """The whole timeline of ``n`` events as one Arrow table (for small ``n``)."""
    parts = [part for part, _ in blocks(n, seed, block=block)]
    if not parts:
        return _Generator.make(0, seed).schema.empty_table()
    return pa.concat_tables(parts)


def _write_lines(out: Any, lines: pa.Array) -> None:
    """The bytes of a string array's values, as they lie in its buffer (no copy)."""
    offsets = np.frombuffer(lines.buffers()[1], np.int32)[
        lines.offset : lines.offset + len(lines) + 1
    ]
    out.write(memoryview(lines.buffers()[2])[offsets[0] : offsets[-1]])


def write(
    n: int,
    parquet: str | Path,
    csv: str | Path | None = None,
    *,
    seed: int = 0,
    block: int = BLOCK,
) -> None:
    """Write the timeline of ``n`` events to ``parquet`` (zstd, as ``timeline.dump``) and,
    when given, the same events' CSV to ``csv``."""
    if n < 0:
        raise ValueError("n must be >= 0")
    maker = _Generator.make(n, seed)
    with contextlib.ExitStack() as stack:
        writer = pq.ParquetWriter(str(parquet), maker.schema, compression="zstd")
        stack.callback(writer.close)
        csv_out = None if csv is None else stack.enter_context(Path(csv).open("wb"))
        if csv_out is not None:
            csv_out.write((",".join(CSV_COLUMNS) + "\r\n").encode())
        for part, lines in _blocks(maker, block, csv_out is not None):
            writer.write_table(part, row_group_size=block)
            if csv_out is not None and lines is not None:
                _write_lines(csv_out, lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.columnar",
        description="Write a synthetic timeline as Parquet (and CSV), straight from columns.",
    )
    parser.add_argument("n", type=gen.parse_size, help="number of events: 1M, 10M, 250k")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the Parquet file")
    parser.add_argument("--csv", type=Path, help="also write the same events as CSV here")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    write(args.n, args.output, args.csv, seed=args.seed)
    print(f"{args.n:,} events in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
