"""Scaling from 1k to 10M events: ``uv run python -m benchmarks.run --only scale``.

For each size (1k, 10k, 100k, 1M, 10M; ``--sizes scale=1M`` stops at 1M, ``--scale-from
1M`` starts there, ``--quick`` runs 200 and 2,000) the same generated events
(:mod:`benchmarks.columnar`: Parquet, and CSV for pandas; TOML converted from the Parquet
file with ``timeline convert`` up to :data:`TOML_MAX`, past which the TOML loader refuses
the file as too big) are measured, each measurement in a fresh process under a memory cap
of :data:`CAP` bytes of address space, :data:`CAP_10M` at 10M (:mod:`benchmarks._scale`,
:mod:`benchmarks._probe`): what cannot hold a size within the cap (or within the time
allowed) is reported as skipped, with the reason.

The figures: ``timeline.load`` of the Parquet file and of the TOML file, ``to_arrow()``
and ``to_pandas()`` of the loaded timeline (against ``read_table`` and ``read_csv``),
one event of it edited and the edited timeline saved to Parquet (against ``pyarrow.parquet``
reading and writing the same file), ``Timeline(...)`` of the loaded events shuffled,
``between()`` of about 200 events, the
viewer's launch to first paint and its frames zoomed in and fully zoomed out; beside them,
in the same run on the same events, ``pandas.read_csv`` (dates parsed),
``pyarrow.parquet.read_table`` and DuckDB.  Each figure's growth is the slope of the
least-squares line through ``(log n, log time)`` from 10k up (1k is mostly fixed costs): 1
is linear, above 1 worse than linear, 0 does not grow.  ``--data DIR`` keeps the generated
files for the next run.
"""

from __future__ import annotations

import json
import math
import os
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from benchmarks.run import (
    _ROOT,
    SMALL,
    Context,
    NotAvailableError,
    Result,
    _capped,
    _child_env,
    _fmt_s,
    _need,
    _probe,
    _size,
)

__all__ = ["CAP", "CAP_10M", "SIZES", "TOML_MAX", "bench_scale", "slope"]

SIZES: Final = (1_000, 10_000, 100_000, 1_000_000, 10_000_000)
QUICK: Final = (200, 2_000)
CAP: Final = 6_000_000_000
"""Bytes of address space each measuring process may use, up to 1M events."""
CAP_10M: Final = 12_000_000_000
"""The same past 1M events (``pyarrow.parquet.read_table`` of 10M events peaks at 6 GB; the
viewer at first paint at 8 GB of RSS, more address space)."""


def _cap(n: int) -> int:
    return CAP if n <= 1_000_000 else CAP_10M


TOML_MAX: Final = 100_000
"""The largest TOML file measured (the loader refuses files over 64 MB: ~140k events)."""


def _timeout(n: int) -> float:
    return 600 + n * 1e-4


@dataclass(frozen=True)
class Figure:
    """A row of the scaling table: a measured key, and how it is judged."""

    key: str
    label: str
    baseline: str | None = None
    """The key of the figure it is compared with (the ratio at the largest size)."""
    grows: str = "linear"
    """``linear`` (judged: slope ≤ 1.15), ``flat`` (≤ 0.25), or ``""`` (not judged)."""


FIGURES: Final = (
    Figure("pandas", "`pandas.read_csv` of the CSV, dates parsed (CPU)", grows=""),
    Figure("arrow", "`pyarrow.parquet.read_table` (CPU)", grows=""),
    Figure("duckdb", "DuckDB `select *` of the Parquet file into Arrow (CPU)", grows=""),
    Figure("load_parquet", "`timeline.load` of Parquet (CPU)", "pandas"),
    Figure("load_toml", "`timeline.load` of TOML (CPU)", "pandas"),
    Figure("to_arrow", "`tl.to_arrow()` of the loaded Parquet timeline (CPU)", "arrow"),
    Figure("to_pandas", "`tl.to_pandas()` of the loaded Parquet timeline (CPU)", "pandas"),
    Figure("edit", "one event of the loaded Parquet timeline edited (CPU)", grows=""),
    Figure(
        "edit_many",
        "a tenth of its events (at most 100k) edited in one change, applied (CPU)",
        grows="",
    ),
    Figure(
        "edit_many_made",
        "the events of that change made, and their new values (CPU)",
        grows="",
    ),
    Figure("save", "the edited timeline written to Parquet (CPU)", "rewrite"),
    Figure("rewrite", "`pyarrow.parquet` reading the file and writing it again (CPU)", grows=""),
    Figure("build", "`Timeline(...)` of the events, shuffled (CPU)", "sort"),
    Figure("sort", "`sorted()` of the same events by start (CPU)", grows=""),
    Figure("between", "`between()`, ~200 hits, per call (CPU)", "bisect", "flat"),
    Figure("bisect", "bisect + slice of a sorted list, as many (CPU)", grows=""),
    Figure("launch_small", "launch → first paint, 10 events (wall, from process start)", grows=""),
    Figure("paint", "launch → first paint (wall, from process start)", "launch_small", ""),
    Figure("paint_excess", "first paint beyond the 10-event launch (wall)", "load_parquet"),
    Figure("zoomed_in", "frame 1600×900 zoomed in to ~200 events (wall)", "rects", "flat"),
    Figure("zoomed_out", "frame 1600×900 fully zoomed out (wall)", "rects", "flat"),
    Figure("rects", "200 plain rectangles + labels (wall)", grows=""),
)
_MEMORY: Final = (
    ("load_peak_mb", "peak memory, `timeline.load` of Parquet"),
    ("viewer_mb", "peak memory, viewer at first paint"),
)


def slope(points: Sequence[tuple[int, float]]) -> tuple[float, int, int] | None:
    """The least-squares slope of ``log value`` against ``log n``, from 10k up when two
    sizes there are measured (else over all), with the first and last size fitted."""
    usable = [(n, v) for n, v in points if v > 0]
    big = [(n, v) for n, v in usable if n >= 10_000]
    chosen = big if len(big) >= 2 else usable
    if len(chosen) < 2:
        return None
    xs = [math.log(n) for n, _ in chosen]
    ys = [math.log(v) for _, v in chosen]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    return sxy / sxx, chosen[0][0], chosen[-1][0]


class _Runner:
    """Generates the files of each size and runs the measuring children."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.folder = ctx.datadir or ctx.workdir
        self.folder.mkdir(parents=True, exist_ok=True)

    def _run(self, args: Sequence[str], n: int) -> tuple[subprocess.CompletedProcess[str] | str,
                                                         float, float]:  # fmt: skip
        """Run a child under the cap: (its result, or why it failed; CPU s; wall s)."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        try:
            done = subprocess.run(
                [sys.executable, *args],
                env=_child_env(),
                cwd=_ROOT,
                capture_output=True,
                text=True,
                timeout=_timeout(n),
                check=False,
                preexec_fn=_capped(_cap(n)),
            )
        except subprocess.TimeoutExpired:
            return f"over {_timeout(n):.0f} s", 0.0, 0.0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return done, cpu, time.perf_counter() - start

    def measure(self, what: str, n: int, *paths: Path | str) -> dict[str, Any]:
        args = ["-m", "benchmarks._scale", str(_cap(n)), what, *map(str, paths)]
        done, _, _ = self._run(args, n)
        if isinstance(done, str):
            return {"error": done}
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        if not lines:
            return {"error": _failure(done)}
        data: dict[str, Any] = json.loads(lines[-1])
        return data

    def files(self, n: int) -> dict[str, Any]:
        """The Parquet, CSV (and TOML) files of ``n`` events, made unless kept."""
        from benchmarks import columnar

        stem = self.folder / f"columnar-v{columnar.VERSION}-{n}"
        parquet, csv = stem.with_suffix(".parquet"), stem.with_suffix(".csv")
        out: dict[str, Any] = {"parquet": parquet, "csv": csv}
        if not (parquet.exists() and csv.exists()):
            args = ["-m", "benchmarks.columnar", str(n), "-o", str(parquet), "--csv", str(csv)]
            done, cpu, wall = self._run(args, n)
            if isinstance(done, str) or done.returncode != 0:
                for path in (parquet, csv):
                    path.unlink(missing_ok=True)
                why = done if isinstance(done, str) else _failure(done)
                raise NotAvailableError(f"generating {_size(n)} events: {why}")
            out["generate_cpu"], out["generate_wall"] = cpu, wall
        out["parquet_mb"] = parquet.stat().st_size / 1e6
        out["csv_mb"] = csv.stat().st_size / 1e6
        if n <= TOML_MAX:
            toml = stem.with_suffix(".toml")
            if not toml.exists():
                done, _, _ = self._run(["-m", "timeline", "convert", str(parquet), str(toml)], n)
                if isinstance(done, str) or done.returncode != 0:
                    toml.unlink(missing_ok=True)
                    out["toml_error"] = done if isinstance(done, str) else _failure(done)
            if toml.exists():
                out["toml"] = toml
        return out

    def saved(self, n: int) -> Path:
        """The file of ``n`` events as the app saves it (``timeline convert``: in date
        order, row groups of :data:`timeline.parquet_io.GROUP_ROWS`), made unless kept.
        :mod:`benchmarks.columnar`'s is shuffled in row groups of 500,000, as another
        tool's might be."""
        parquet: Path = self.files(n)["parquet"]
        saved = parquet.with_name(f"{parquet.stem}-saved.parquet")
        if not saved.exists():
            done, _, _ = self._run(["-m", "timeline", "convert", str(parquet), str(saved)], n)
            if isinstance(done, str) or done.returncode != 0:
                saved.unlink(missing_ok=True)
                why = done if isinstance(done, str) else _failure(done)
                raise NotAvailableError(f"saving {_size(n)} events: {why}")
        return saved

    def paint(self, path: Path, n: int) -> dict[str, Any]:
        try:
            probe = _probe(path, cap=_cap(n), timeout=_timeout(n))
        except subprocess.TimeoutExpired:
            return {"error": f"over {_timeout(n):.0f} s"}
        except NotAvailableError as exc:
            return {"error": str(exc)}
        return probe


def _failure(done: subprocess.CompletedProcess[str]) -> str:
    lines = (done.stderr or done.stdout).strip().splitlines() or ["no output"]
    last = lines[-1][-200:]
    if done.returncode < 0 or "MemoryError" in last or "bad_alloc" in last:
        return f"exit {done.returncode} (over the memory cap?): {last}"
    return f"exit {done.returncode}: {last}"


def _collect(
    runner: _Runner, n: int, values: dict[str, float | str], notes: list[str], viewer: bool
) -> None:
    """Measure every figure at ``n`` events into ``values`` (seconds, MB, or why not); the
    viewer's only when ``viewer``."""
    files = runner.files(n)
    if "generate_wall" in files:
        notes.append(
            f"{_size(n)}: generated in {files['generate_wall']:.1f} s "
            f"({files['generate_cpu']:.1f} s CPU); Parquet {files['parquet_mb']:.0f} MB, "
            f"CSV {files['csv_mb']:.0f} MB"
        )

    def put(data: dict[str, Any], keys: dict[str, str]) -> None:
        for key, name in keys.items():
            if "error" in data:
                values[name] = str(data["error"])
            elif key in data:
                values[name] = float(data[key])

    for reader in ("pandas", "arrow", "duckdb"):  # each in its own process: its own memory
        data = runner.measure("baselines", n, files["parquet"], files["csv"], reader)
        put(data, {f"{reader}_cpu": reader})
    library = runner.measure("library", n, files["parquet"])
    if "build_skipped" in library:
        values["build"] = values["sort"] = str(library["build_skipped"])
    put(
        library,
        {
            "load_cpu": "load_parquet",
            "to_arrow": "to_arrow",
            "to_pandas": "to_pandas",
            "edit": "edit",
            "edit_many": "edit_many",
            "edit_many_made": "edit_many_made",
            "save": "save",
            "rewrite": "rewrite",
            "build": "build",
            "sort": "sort",
            "between": "between",
            "bisect": "bisect",
            "load_peak_mb": "load_peak_mb",
        },
    )
    if "toml" in files:
        put(runner.measure("library", n, files["toml"]), {"load_cpu": "load_toml"})
    elif n <= TOML_MAX:
        values["load_toml"] = f"no TOML file: {files.get('toml_error', '?')}"
    else:
        values["load_toml"] = "over the TOML loader's 64 MB limit"
    if not viewer:
        return
    put(
        runner.measure("frames", n, files["parquet"]),
        {"zoomed_in": "zoomed_in", "zoomed_out": "zoomed_out", "rects": "rects"},
    )
    probe = runner.paint(files["parquet"], n)
    put(probe, {"first_paint_s": "paint"})
    if "vm_hwm_kb" in probe:
        values["viewer_mb"] = probe["vm_hwm_kb"] / 1024


def bench_scale(ctx: Context) -> list[Result]:
    _need("benchmarks.columnar", "write")
    for module in ("duckdb", "pandas", "pyarrow.parquet"):
        _need(module)
    sizes = [
        n for n in (QUICK if ctx.quick else SIZES) if ctx.scale_from <= n <= ctx.sizes["scale"]
    ]
    if not sizes:
        raise NotAvailableError("no size to measure between --scale-from and --sizes scale=")
    runner = _Runner(ctx)
    table: dict[int, dict[str, float | str]] = {}
    notes: list[str] = [f"load average before: {_load_average()}"]
    # (quick: the viewer at the larger size only, no 10-event launch: it checks that they run)
    small = {} if ctx.quick else runner.paint(runner.files(SMALL)["parquet"], SMALL)
    for n in sizes:
        values: dict[str, float | str] = {}
        if "first_paint_s" in small:
            values["launch_small"] = float(small["first_paint_s"])
        _collect(runner, n, values, notes, viewer=not ctx.quick or n == sizes[-1])
        paint, alone = values.get("paint"), values.get("launch_small")
        if isinstance(paint, float) and isinstance(alone, float):
            values["paint_excess"] = paint_excess(paint, alone)
        table[n] = values
    notes.append(f"load average after: {_load_average()}")
    ctx.sections.append(_markdown(sizes, table, notes))
    return [_result(ctx, figure, sizes, table) for figure in FIGURES if figure.grows]


NOISE: Final = 0.1
"""A first paint less than this share of the 10-event launch beyond it is within that
launch's own spread from one run to the next (0.87–1.07 s on one machine in one day)."""


def paint_excess(paint: float, alone: float) -> float | str:
    """The first paint beyond the 10-event launch ``alone`` (seconds), or why it is no figure:
    within the launch's noise (:data:`NOISE`), where the difference of two single launches
    is noise, and its logarithm (once clamped to a millisecond) made the slope of the sizes
    above it steep (1.27 in a run whose 1k and 10k launches were faster than the 10-event
    one)."""
    excess = paint - alone
    if excess < NOISE * alone:
        return (
            f"within the 10-event launch's noise ({excess * 1e3:+.0f} ms, under {NOISE:.0%} of it)"
        )
    return excess


def _load_average() -> str:
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def _points(key: str, sizes: Sequence[int], table: dict[int, dict[str, Any]]) -> list[Any]:
    return [(n, table[n][key]) for n in sizes if isinstance(table[n].get(key), float)]


def _result(
    ctx: Context, figure: Figure, sizes: Sequence[int], table: dict[int, dict[str, Any]]
) -> Result:
    points = _points(figure.key, sizes, table)
    fitted = slope(points)
    if fitted is None:
        # the reasons given for sizes not measured; a size measured is a number, not a reason
        reasons = {v for n in sizes if isinstance(v := table[n].get(figure.key), str)}
        why = "; ".join(sorted(reasons))[:200] or (
            "measured at one size only: no slope" if points else "not measured"
        )
        return Result(f"scaling: {figure.label}", "", "", None, "", f"n/a: {why}")
    value, lo, hi = fitted
    baseline, ratio = "", None
    if figure.baseline is not None:
        base = dict(_points(figure.baseline, sizes, table))
        ours = dict(points)
        common = [n for n in ours if n in base]
        if common:
            n = max(common)
            ratio = ours[n] / base[n]
            base_fit = slope(_points(figure.baseline, sizes, table))
            base_slope = "" if base_fit is None else f", slope {base_fit[0]:.2f}"
            baseline = f"at {_size(n)}: {_fmt_s(ours[n])} vs {_fmt_s(base[n])} {figure.baseline}"
            baseline += base_slope
    limit = 1.15 if figure.grows == "linear" else 0.25
    skipped = [_size(n) for n in sizes if n not in dict(points)]
    skip = f"; skipped at {', '.join(skipped)}" if skipped else ""
    return Result(
        f"scaling: {figure.label}, {_size(lo)}–{_size(hi)}{skip}",
        f"slope {value:.2f}",
        baseline,
        ratio,
        f"slope ≤ {limit}" + (" (linear)" if figure.grows == "linear" else " (flat)"),
        ctx.judge(value <= limit),
    )


def _cell(value: float | str | None, key: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return "skipped: " + value.replace("|", "/")[:120]
    if key.endswith("_mb"):
        return f"{value:,.0f} MB"
    return _fmt_s(value)


def _markdown(
    sizes: Sequence[int], table: dict[int, dict[str, float | str]], notes: list[str]
) -> list[str]:
    head = "| figure | " + " | ".join(_size(n) for n in sizes) + " | slope |"
    lines = [
        f"### Scaling, {_size(sizes[0])} to {_size(sizes[-1])} events (log–log slopes)",
        "",
        head,
        "|---" * (len(sizes) + 2) + "|",
    ]
    rows = [(f.key, f.label) for f in FIGURES] + list(_MEMORY)
    for key, label in rows:
        cells = [_cell(table[n].get(key), key) for n in sizes]
        fitted = slope(_points(key, sizes, table))
        shown = "" if fitted is None else f"{fitted[0]:.2f}"
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {shown} |")
    lines += ["", *(f"- {note}" for note in notes)]
    return lines
