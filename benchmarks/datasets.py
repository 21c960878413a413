"""A partitioned dataset read a window at a time: ``uv run python -m benchmarks.run --only
datasets``.

The generated timeline (:func:`benchmarks.generate.document`, 100k events by default) is
written as a dataset partitioned by year (:func:`timeline.dataset.write`), and the window of
the year that holds its middle event is read as the viewer reads it: the dataset reopened
(:meth:`Dataset.reopen`: the footers and the checked header of the files not changed kept)
and the events touching the window read and checked (:meth:`Dataset.read`, with what it did
not read counted and the links into it from there).  The baseline is what an analyst would
run instead: ``pyarrow.dataset`` reading the rows touching the same window (its filter on
``earliest_day`` and ``latest_day``), with no check and no model.  Also the first window
after :meth:`Dataset.open`, which decodes and checks the header and reads every file's links.
"""

from __future__ import annotations

import datetime as dt
import shutil
from typing import Any

from benchmarks.generate import document
from benchmarks.run import Context, Result, _need, _paired, _paired_row, _size

__all__ = ["bench_datasets"]

_EPOCH = dt.date(1970, 1, 1)


def bench_datasets(ctx: Context) -> list[Result]:
    """A window of a dataset as the viewer reads it, and the first window, against
    ``pyarrow.dataset`` reading the same window's rows."""
    pds = _need("pyarrow.dataset", "dataset", "field")
    datasets = _need("timeline.dataset", "Dataset", "write")
    codec = _need("timeline.codec", "from_data")
    n = ctx.sizes["datasets"]
    if n not in ctx._timelines:  # (built from plain data, as the Parquet benchmark's)
        ctx._timelines[n] = codec.from_data(document(n))
    tl = ctx._timelines[n]
    folder = ctx.workdir / f"dataset-{n}"
    if folder.exists():
        shutil.rmtree(folder)
    datasets.write(tl, folder)
    files = sum(1 for _ in folder.rglob("*.parquet"))
    middle = tl.events[len(tl.events) // 2].when.earliest_day
    first, last = dt.date(middle.year, 1, 1), dt.date(middle.year, 12, 31)
    window = (float((first - _EPOCH).days), float((last - _EPOCH).days))
    opened = datasets.Dataset.open(folder)
    events = len(opened.read(window).timeline)

    def reopened_window() -> object:
        return opened.reopen().read(window)

    def first_window() -> object:
        return datasets.Dataset.open(folder).read(window)

    def pyarrow_window() -> Any:
        rows = pds.field("earliest_day") <= last
        rows &= pds.field("latest_day") >= first
        return pds.dataset(folder, partitioning="hive").to_table(filter=rows)

    repeats = ctx.repeats(7)
    against = "`pyarrow.dataset` reading the rows touching the same window (no checks)"
    what = f"{events:,} events of {_size(n)} in {files} files"
    return [
        _paired_row(
            ctx,
            f"dataset: a window as the viewer reads it (reopened, read), the year {middle.year}"
            f" ({what})",
            _paired(reopened_window, pyarrow_window, repeats),
            against,
            "",
            None,
        ),
        _paired_row(
            ctx,
            "dataset: the first window after opening it (footers read, header decoded and"
            f" checked, every file's links read), {what}",
            _paired(first_window, pyarrow_window, repeats),
            against,
            "",
            None,
        ),
    ]
