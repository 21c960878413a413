"""Child processes of the scaling benchmark (``benchmarks.run --only scale``).

Each measures one file in a fresh process under a memory cap (``RLIMIT_AS``; a measurement
that needs more fails with ``MemoryError`` instead of starving the machine) and prints one
JSON line.  Times are CPU seconds of this process (``time.process_time``) and wall seconds;
``peak_mb`` is the process's peak resident memory.

``python -m benchmarks._scale CAP_BYTES library FILE``
    ``timeline.load(FILE, pause_gc=True)`` (``load_cpu``, ``load_wall``); for a Parquet file
    also ``between()`` on a window of about 200 events in the middle, per call (``between``,
    CPU), against a bisect slice of a sorted list of the same length (``bisect``), and
    ``Timeline(title, events, sources)`` of its events shuffled (``build``, CPU) against
    sorting them by start (``sort``); one event's title changed (``edit``) and the edited
    timeline written to Parquet (``save``), against ``pyarrow.parquet`` reading the file
    and writing it again (``rewrite``), CPU; a tenth of the events (at most 100,000) given
    new titles in one change (``edit_many``: its ``apply``, CPU; ``edit_many_made``: making
    those events and their new values, CPU).
``python -m benchmarks._scale CAP_BYTES baselines PARQUET CSV [arrow|duckdb|pandas...]``
    What an analyst would run instead (all three, or those named): ``pandas.read_csv`` of
    the CSV with ``earliest`` and ``latest`` parsed (``pandas``),
    ``pyarrow.parquet.read_table`` (``arrow``) and DuckDB's ``select * from 'PARQUET'``
    into an Arrow table (``duckdb``), each CPU and wall.
``python -m benchmarks._scale CAP_BYTES frames FILE``
    The 1600×900 canvas (offscreen) with the loaded file: the median frame zoomed in to
    about 200 events (``zoomed_in``) and fully zoomed out (``zoomed_out``), against 200 plain
    rectangles with labels (``rects``).
"""

from __future__ import annotations

import gc
import json
import os
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from operator import attrgetter
from pathlib import Path
from typing import Any

__all__ = ["main"]


def _cap(limit: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _peak_mb() -> float:
    """This process's peak resident memory (MB): ``VmHWM``, which starts again at ``exec``.

    (Not ``ru_maxrss``: Linux keeps it across ``fork`` and ``exec``, so a child of the
    benchmark's runner reported the runner's own peak, 1.5 GB for a file of 1k events.)"""
    from benchmarks._probe import memory_kb

    found = memory_kb().get("vm_hwm_kb")
    if found is None:  # (no /proc)
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return found / 1024


def _timed(fn: Callable[[], object], repeats: int = 1) -> tuple[float, float, Any]:
    """Median CPU and wall seconds of ``repeats`` calls of ``fn``, and its last result."""
    cpu: list[float] = []
    wall: list[float] = []
    result: Any = None
    for _ in range(repeats):
        result = None
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(cpu), statistics.median(wall), result


def _repeats(path: Path) -> int:
    """Fewer repeats for bigger files (the size is in the generated file's name)."""
    size = path.stat().st_size
    return 5 if size < 2e6 else 3 if size < 20e6 else 1


def library(path: Path) -> dict[str, Any]:
    import timeline
    from benchmarks.run import _when_cache_clear

    clear = _when_cache_clear()

    def load() -> Any:
        clear()
        return timeline.load(path, pause_gc=True)

    load_cpu, load_wall, tl = _timed(load, _repeats(path))
    out: dict[str, Any] = {"events": len(tl), "load_cpu": load_cpu, "load_wall": load_wall}
    out["load_peak_mb"] = _peak_mb()
    if path.suffix == ".parquet":
        out.update(_between(tl))
        out.update(_tables(tl))
        out.update(_edit_and_save(tl, path))
        source = getattr(getattr(tl.events, "source", None), "_source", None)
        if getattr(source, "reads_back", False):  # (10M: the rest of each event in the file)
            out["build_skipped"] = (
                "not measured: every event made reads its row back from the file, and "
                "ten million Event objects do not fit in the cap"
            )
        else:
            out.update(_build(tl))
    out["peak_mb"] = _peak_mb()
    return out


def _between(tl: Any) -> dict[str, Any]:
    """``between()`` of a window with about 200 events, CPU per call, against a bisect slice."""
    from benchmarks.run import _per_call, between_case

    start, end, hits, baseline = between_case(tl)
    between = tl.between
    clock = time.process_time
    times: list[float] = []
    base: list[float] = []
    for _ in range(30):
        base += _per_call(baseline, 20, 1, clock)
        times += _per_call(lambda: between(start, end), 20, 1, clock)
    return {"hits": hits, "between": statistics.median(times), "bisect": statistics.median(base)}


def _tables(tl: Any) -> dict[str, Any]:
    """``tl.to_arrow()`` and ``tl.to_pandas()`` of the loaded timeline (read from its
    columns: no event made), CPU."""
    import pandas  # noqa: F401 (imported before the clock starts, as for read_csv)

    arrow_cpu, _, _ = _timed(tl.to_arrow, _repeats_of(len(tl)))
    pandas_cpu, _, _ = _timed(tl.to_pandas, _repeats_of(len(tl)))
    return {"to_arrow": arrow_cpu, "to_pandas": pandas_cpu}


def _edit_and_save(tl: Any, path: Path) -> dict[str, Any]:
    """One event's title changed (``edit``, CPU: the timeline stays columns) and the edited
    timeline written to Parquet (``save``, CPU), against ``pyarrow.parquet`` reading the same
    file and writing it again, zstd (``rewrite``: an analyst's round trip)."""
    import tempfile

    import attrs
    import pyarrow.parquet as pq

    import timeline
    from timeline import edit

    event = tl.events[len(tl) // 2]
    change = edit.replace_event(tl, event.id, attrs.evolve(event, title=event.title + " (edited)"))
    edit_cpu, _, edited = _timed(lambda: change.apply(tl))
    many_made, _, many = _timed(lambda: _retitled(tl, min(len(tl) // 10, 100_000)))
    many_cpu, _, _ = _timed(lambda: many.apply(tl))
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "edited.parquet"
        save_cpu, _, _ = _timed(lambda: timeline.dump(edited, target))
        rewrite_cpu, _, _ = _timed(
            lambda: pq.write_table(pq.read_table(path), target, compression="zstd")
        )
    return {
        "edit": edit_cpu,
        "edit_many": many_cpu,
        "edit_many_made": many_made,
        "save": save_cpu,
        "rewrite": rewrite_cpu,
    }


def _retitled(tl: Any, count: int) -> Any:
    """One change giving ``count`` events, spread over the timeline, new titles (as renaming
    a source cited by that many would change them: the columns edited in one pass)."""
    import attrs

    from timeline import edit
    from timeline.columns import events_at

    step = max(1, len(tl) // max(1, count))
    old = events_at(tl.events, range(0, len(tl), step)[:count])
    new = [attrs.evolve(event, title=event.title + " (edited)") for event in old]
    return edit.Change("Retitle", removed_events=tuple(old), added_events=tuple(new))


def _repeats_of(n: int) -> int:
    return 5 if n <= 10_000 else 3 if n <= 100_000 else 1


def _build(tl: Any) -> dict[str, Any]:
    """``Timeline(title, events, sources)`` of the events shuffled, against sorting them."""
    from timeline.models import Timeline

    events = list(tl.events)
    random.Random(0).shuffle(events)
    build_cpu, _, built = _timed(
        lambda: Timeline(tl.title, events, tl.sources, description=tl.description)
    )
    del built
    sort_cpu, _, _ = _timed(lambda: sorted(events, key=attrgetter("when.lower")))
    return {"build": build_cpu, "sort": sort_cpu}


def baselines(parquet: Path, csv: Path, names: Sequence[str] = ()) -> dict[str, Any]:
    """The readers ``names`` (all when empty: ``arrow``, ``duckdb``, ``pandas``), in turn."""
    import duckdb
    import pandas
    import pyarrow.parquet as pq

    def read_csv() -> object:
        frame = pandas.read_csv(csv)
        for column in ("earliest", "latest"):
            frame[column] = pandas.to_datetime(
                frame[column], format="ISO8601", utc=True, errors="coerce"
            )
        return frame

    def read_duckdb() -> object:
        # (the path is ours: a generated file in the benchmark's folder)
        relation = duckdb.sql(f"select * from '{parquet}'")
        assert relation is not None
        return relation.to_arrow_table()

    repeats = _repeats(parquet)
    out: dict[str, Any] = {}
    readers: dict[str, Callable[[], object]] = {
        "arrow": lambda: pq.read_table(parquet),
        "duckdb": read_duckdb,
        "pandas": read_csv,
    }
    for name in names or readers:
        cpu, wall, result = _timed(readers[name], repeats)  # (a table or a frame)
        out[name + "_cpu"], out[name + "_wall"] = cpu, wall
        out["rows"] = len(result)
        del result
    out["peak_mb"] = _peak_mb()
    return out


def frames(path: Path) -> dict[str, Any]:
    from PySide6.QtGui import QImage

    import timeline
    from benchmarks.run import (
        HEIGHT,
        VISIBLE,
        WIDTH,
        _baseline_frames,
        _canvas_for,
        _render_frames,
        _window_for,
    )

    tl = timeline.load(path, pause_gc=True)
    canvas = _canvas_for(tl)
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_ARGB32_Premultiplied)
    lo, hi, hits = _window_for(tl, VISIBLE)
    out: dict[str, Any] = {"events": len(tl), "hits": hits}
    canvas.set_visible_range(lo, hi)
    _render_frames(canvas, image, 3)  # warm up: fonts, caches
    out["zoomed_in"] = statistics.median(_render_frames(canvas, image, 30))
    canvas.fit_all()
    _render_frames(canvas, image, 3)
    out["zoomed_out"] = statistics.median(_render_frames(canvas, image, 30))
    out["rects"] = statistics.median(_baseline_frames(image, 30))
    out["peak_mb"] = _peak_mb()
    return out


def main(argv: list[str]) -> int:
    limit, what, *paths = argv
    _cap(int(limit))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        if what == "library":
            result = library(Path(paths[0]))
        elif what == "baselines":
            result = baselines(Path(paths[0]), Path(paths[1]), paths[2:])
        elif what == "frames":
            result = frames(Path(paths[0]))
        else:
            raise SystemExit(f"unknown measurement {what!r}")
    except MemoryError:
        result = {"error": f"over the memory cap ({int(limit) / 1e9:.0f} GB of address space)"}
    except Exception as exc:  # (pyarrow's allocation failures are not MemoryError)
        why = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
        if "alloc" in why.lower() or "memory" in why.lower():
            why = f"over the memory cap ({int(limit) / 1e9:.0f} GB of address space): {why}"
        result = {"error": why}
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
