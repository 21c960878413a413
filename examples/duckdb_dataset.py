"""Build a partitioned Parquet dataset with DuckDB, then open it with timeline.

    pip install "edtf-timeline[duckdb]"          # or, in a clone: uv sync
    python examples/duckdb_dataset.py [TIMELINE] [FOLDER]

1. The events arrive as one Parquet file, as an export from elsewhere would
   (here: TIMELINE, the bundled events by default, written by ``timeline.dump``).
2. DuckDB (embedded: no server) splits them into one folder per year, each
   partition sorted by its first day, in row groups small enough for the
   footers' statistics to say where the events are in time:
   ``COPY (...) TO 'FOLDER' (FORMAT PARQUET, PARTITION_BY (year))``, the layout
   Spark's ``df.write.partitionBy("year").parquet(...)`` writes too.
3. The header (title, sources, eras) goes beside the files, in ``_timeline.json``.
4. timeline opens the folder: the density of every year from the footers alone,
   the events of one window, then the whole timeline, equal to the one we began
   with; and DuckDB queries the same folder as a table.

The layout is documented in docs/format.md, "Datasets".
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

import duckdb

import timeline
from timeline.dataset import Dataset, write_header, year_edges
from timeline.resources import bundled_events_path

ROWS_PER_GROUP = 16_384
"""Rows per row group: each group's footer statistics place its events in time."""

PARTITION = """
COPY (
    SELECT *, year(earliest_day) AS year
    FROM read_parquet($source)
    ORDER BY earliest_day NULLS LAST, id
) TO '{folder}' (FORMAT PARQUET, PARTITION_BY (year), ROW_GROUP_SIZE {rows}, COMPRESSION zstd)
"""
"""An event belongs to the partition of the year of its first day (``earliest_day``)."""

PER_YEAR = """
SELECT year, count(*) AS events, min(earliest_day) AS first, max(latest_day) AS last
FROM read_parquet($files, hive_partitioning = true)
GROUP BY year ORDER BY year NULLS LAST
"""


def build(source: Path, folder: Path) -> timeline.Timeline:
    """Write the timeline ``source`` as a dataset in ``folder`` with DuckDB; the timeline."""
    tl = timeline.load(source)
    with tempfile.TemporaryDirectory() as scratch:
        export = Path(scratch) / "events.parquet"
        timeline.dump(tl, export)  # step 1: one file
        with duckdb.connect() as con:  # step 2: partitioned by DuckDB
            sql = PARTITION.format(folder=_quoted(folder), rows=ROWS_PER_GROUP)
            con.execute(sql, {"source": str(export)})
    write_header(tl, folder)  # step 3: the header beside the files
    return tl


def _quoted(path: Path) -> str:
    # COPY ... TO takes a literal, not a parameter
    return str(path).replace("'", "''")


def show(folder: Path) -> timeline.Timeline:
    """Open the dataset in ``folder`` as the viewer does, and print what it holds."""
    write = sys.stdout.write
    dataset = Dataset.open(folder)  # the folder and the footers; no row read
    write(f"{dataset.title}: {dataset.rows} events in {len(dataset.parts)} files\n")
    first, last = dataset.span()
    if first == first:  # (not NaN: the dataset has dated events)
        years = _year(first), _year(last)
        counts = dataset.density(year_edges(*years))
        for year, count in zip(range(years[0], years[1] + 1), counts, strict=True):
            write(f"  {year}: {count:.0f} events start (from the statistics)\n")
        month = (first, first + 30)
        window = dataset.load(month)  # the files touching the first month, no others
        files = len(dataset.touching(*month))
        write(f"the first 30 days: {len(window)} events read from {files} file(s)\n")
    tl = dataset.load()  # every file, every check
    with duckdb.connect() as con:  # the same folder is a table for DuckDB
        pattern = str(folder / "**" / "*.parquet")
        for year, events, first_day, last_day in con.execute(
            PER_YEAR, {"files": pattern}
        ).fetchall():
            write(f"  DuckDB: year {year}: {events} events, {first_day} to {last_day}\n")
    return tl


def _year(day: float) -> int:
    return (dt.date(1970, 1, 1) + dt.timedelta(days=day)).year


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("timeline", nargs="?", default=str(bundled_events_path()))
    parser.add_argument("folder", nargs="?", help="where to write the dataset (a new folder)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(args.folder or os.path.join(scratch, "events"))
        tl = build(Path(args.timeline), folder)
        back = show(folder)
        same = "the same timeline" if back == tl else "NOT the same timeline"
        sys.stdout.write(f"read back whole: {len(back)} events, {same}\n")
        return 0 if back == tl else 1


if __name__ == "__main__":
    raise SystemExit(main())
