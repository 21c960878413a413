"""The benchmark generator and runner still work (nothing here is timed or judged)."""

from __future__ import annotations

import collections
import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import tomli

from benchmarks import generate as gen
from benchmarks.run import BENCHMARKS, _parse_sizes
from timeline.when import Kind, Precision, When

ROOT = Path(__file__).resolve().parent.parent


def _loads() -> Any:
    """``timeline.loads``, or skip while the loader has not landed."""
    try:
        from timeline import loads
    except ImportError as exc:
        pytest.skip(f"timeline.loads not available: {exc}")
    return loads


def test_generate_is_deterministic_for_a_seed() -> None:
    assert gen.generate(300, seed=7) == gen.generate(300, seed=7)
    assert gen.generate(300, seed=7) != gen.generate(300, seed=8)


def test_generate_text_is_the_document() -> None:
    """The hand-written TOML parses back to exactly the data the benchmarks build models from."""
    assert tomli.loads(gen.generate(500, seed=3)) == gen.document(500, seed=3)


def test_generate_zero_events() -> None:
    doc = tomli.loads(gen.generate(0))
    assert doc == gen.document(0)
    assert doc["events"] == []


def test_generated_timeline_loads() -> None:
    loads = _loads()
    tl = loads(gen.generate(1000, seed=1))
    assert len(tl) == 1000
    assert tl.conflicts(), "some citations report a date that disagrees"


def test_generate_produces_the_mix() -> None:
    n = 3000
    doc = gen.document(n, seed=0)
    events = doc["events"]
    assert len(events) == n
    assert len({e["id"] for e in events}) == n
    count: collections.Counter[str] = collections.Counter()
    lowest, highest = math.inf, -math.inf
    for e in events:
        when = When.parse(e["when"], e.get("tz"))
        count[when.kind.value] += 1
        count["month"] += when.precision == Precision.MONTH and when.kind is Kind.DATE
        count["year"] += when.precision == Precision.YEAR
        count["qualified"] += when.uncertain or when.approximate
        count["timed"] += when.is_timed
        count["zoned"] += "tz" in e
        count["open"] += not (math.isfinite(when.lower) and math.isfinite(when.upper))
        count["cited"] += "sources" in e
        count["places"] += "places" in e
        count["people"] += "people" in e
        count["figures"] += "figures" in e
        count["statuses"] += "status" in e
        count["long summary"] += 190 <= len(e["summary"]) <= 202
        if math.isfinite(when.lower):
            lowest = min(lowest, when.lower)
        if math.isfinite(when.upper):
            highest = max(highest, when.upper)
        for citation in e.get("sources", ()):
            if "reported" in citation:
                reported = When.parse(citation["reported"], citation.get("reported_tz"))
                agrees = reported.contains(when) or when.contains(reported)
                count["reported agrees" if agrees else "reported disagrees"] += 1
    share = {key: value / n for key, value in count.items()}
    assert 0.12 <= share["interval"] <= 0.25
    assert share["set"] >= 0.01
    assert 0.02 <= share["month"] <= 0.08
    assert share["year"] > 0
    assert 0.06 <= share["qualified"] <= 0.15
    assert 0.12 <= share["timed"] <= 0.25
    assert share["zoned"] >= 0.05
    assert 0 < share["open"] <= 0.01
    assert 0.07 <= share["cited"] <= 0.13
    assert count["reported agrees"] > 0
    assert count["reported disagrees"] > 0
    assert share["places"] >= 0.3
    assert share["people"] >= 0.15
    assert share["figures"] >= 0.05
    assert share["statuses"] >= 0.3
    assert share["long summary"] >= 0.95
    assert (highest - lowest) / (365.25 * 86400) >= 50, "spread over decades"


def test_generate_cli_writes_the_same_text(tmp_path: Path) -> None:
    out = tmp_path / "t.toml"
    assert gen.main(["1k", "-o", str(out), "--seed", "5"]) == 0
    assert out.read_text(encoding="utf-8") == gen.generate(1000, seed=5)


@pytest.mark.parametrize(
    ("text", "n"), [("250", 250), ("10k", 10_000), ("100K", 100_000), ("1M", 1_000_000)]
)
def test_parse_size(text: str, n: int) -> None:
    assert gen.parse_size(text) == n


def test_sizes_option() -> None:
    assert _parse_sizes(["between=100k", "frame=10k"]) == {"between": 100_000, "frame": 10_000}
    assert set(_parse_sizes(["5k"])) == set(BENCHMARKS)


def test_quick_run_prints_the_table(tmp_path: Path) -> None:
    """``python -m benchmarks.run --quick`` runs every benchmark and prints the table."""
    markdown = tmp_path / "bench.md"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--quick", "--markdown", str(markdown)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout
    assert "| figure | value | baseline | ratio | target | result |" in out
    assert "Machine:" in out
    assert "Python" in out
    assert "PySide6-Essentials" in out
    lines = out.splitlines()
    start = lines.index("| figure | value | baseline | ratio | target | result |") + 2
    rows = []  # the main table's (the scaling table follows it, figures by size)
    for line in lines[start:]:
        if not line.startswith("| "):
            break
        rows.append(line)
    assert len(rows) >= len(BENCHMARKS)
    assert "### Scaling, 200 to 2k events (log–log slopes)" in out
    for row in rows:
        verdict = row.rstrip(" |").rsplit("|", 1)[1].strip()
        assert verdict == "ran" or verdict.startswith("n/a: "), row
    assert markdown.read_text(encoding="utf-8") in out


def test_measured_launches_read_their_modules_compiled(monkeypatch: pytest.MonkeyPatch) -> None:
    """A measured child starts with the modules' bytecode cached, as a user's machine has it
    after a first launch, even where the environment forbids writing it (this machine's)."""
    from benchmarks import run

    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    env = run._child_env()
    assert "PYTHONDONTWRITEBYTECODE" not in env
    cache = Path(env["PYTHONPYCACHEPREFIX"])
    compiled = {p.parent.name + "/" + p.name.split(".")[0] for p in cache.rglob("*.pyc")}
    # the project's own modules, and what a launch imports besides (pendulum: the models')
    assert {"timeline/models", "viewer/window", "pendulum/__init__"} <= compiled
    assert run._child_env()["PYTHONPYCACHEPREFIX"] == str(cache)  # (filled once a run)


# -- the columnar generator (Parquet and CSV at 1M–10M) and the scaling fit -----------------


def _columnar() -> Any:
    pytest.importorskip("pyarrow")
    from benchmarks import columnar

    return columnar


def test_columnar_file_loads_and_its_csv_is_the_export(tmp_path: Path) -> None:
    """The generated Parquet file loads without a problem (the loader checks every value,
    and every derived column against ``when``), and the CSV written beside it is, row for
    row, what ``timeline export`` writes for the loaded events."""
    columnar = _columnar()
    from timeline import load
    from timeline.export import to_csv

    parquet, csv = tmp_path / "t.parquet", tmp_path / "t.csv"
    # several blocks, so that links and ids across blocks are checked too
    columnar.write(3000, parquet, csv, seed=4, block=1100)
    tl = load(parquet)
    assert len(tl) == 3000
    assert tl.conflicts(), "some citations report a date that disagrees"
    assert any(e.related for e in tl.events)
    ours = csv.read_bytes().decode("utf-8").split("\r\n")
    export = to_csv(tl).split("\r\n")
    assert ours[0] == export[0]
    assert sorted(ours) == sorted(export)  # (the export is in the timeline's order)


def test_columnar_cli_writes_the_same_file(tmp_path: Path) -> None:
    columnar = _columnar()
    import pyarrow.parquet as pq

    out = tmp_path / "t.parquet"
    assert columnar.main(["1k", "-o", str(out), "--seed", "5"]) == 0
    # (as values: Parquet keeps the instants in milliseconds)
    assert pq.read_table(out).to_pylist() == columnar.table(1000, seed=5).to_pylist()


def test_columnar_is_deterministic_for_a_seed() -> None:
    columnar = _columnar()
    assert columnar.table(400, seed=7).equals(columnar.table(400, seed=7))
    assert not columnar.table(400, seed=7).equals(columnar.table(400, seed=8))
    assert columnar.table(0).num_rows == 0


def _mix(tl: Any) -> dict[str, float]:
    """Shares of the events of each kind of date, precision, flag and nested table."""
    count: collections.Counter[str] = collections.Counter()
    for e in tl.events:
        w = e.when
        count[f"kind {w.kind.value}"] += 1
        count[f"precision {w.precision.name}"] += 1
        count[f"status {e.status.value}"] += 1
        count["uncertain"] += w.uncertain
        count["approximate"] += w.approximate
        count["zoned"] += w.tz is not None
        count["open"] += not (math.isfinite(w.lower) and math.isfinite(w.upper))
        count["cited"] += bool(e.sources)
        count["reported"] += sum(c.reported is not None for c in e.sources)
        count["places"] += bool(e.places)
        count["people"] += bool(e.people)
        count["figures"] += bool(e.figures)
        count["related"] += bool(e.related)
        count["tags"] += len(e.tags)
        count["summary"] += len(e.summary)
    return {key: value / len(tl) for key, value in count.items()}


def test_columnar_draws_the_toml_generators_mix(tmp_path: Path) -> None:
    """Not the same events (drawn with numpy), but the same mix: every share of the TOML
    generator's timeline, within sampling error."""
    columnar = _columnar()
    from timeline import load, loads

    n = 6000
    columnar.write(n, tmp_path / "t.parquet", seed=0)
    ours = _mix(load(tmp_path / "t.parquet"))
    theirs = _mix(loads(gen.generate(n, seed=0)))
    assert set(ours) == set(theirs)
    for key, expected in theirs.items():
        if key in ("tags", "summary"):  # means, not shares
            assert ours[key] == pytest.approx(expected, rel=0.03), key
            continue
        sigma = math.sqrt(max(expected * (1 - expected), 1 / n) * 2 / n)
        assert abs(ours[key] - expected) <= 5 * sigma + 0.002, (key, ours[key], expected)


def test_a_first_paint_within_the_small_launchs_noise_is_left_out_of_the_slope() -> None:
    # a run whose 1k and 10k launches were faster than the 10-event one (0.94 / 1.01 s
    # against 1.07 s): their excess clamped to a millisecond made the slope 1.27
    from benchmarks.scale import _points, paint_excess, slope

    alone = 1.07
    paints = {1_000: 1.01, 10_000: 1.12, 100_000: 1.16 + 0.1, 1_000_000: 1.81, 10_000_000: 9.90}
    table: dict[int, dict[str, Any]] = {
        n: {"paint_excess": paint_excess(paint, alone)} for n, paint in paints.items()
    }
    assert (
        table[1_000]["paint_excess"]
        == "within the 10-event launch's noise (-60 ms, under 10% of it)"
    )
    assert isinstance(table[10_000]["paint_excess"], str)  # (50 ms: under a tenth)
    assert table[1_000_000]["paint_excess"] == pytest.approx(0.74)
    points = _points("paint_excess", list(paints), table)
    assert [n for n, _ in points] == [100_000, 1_000_000, 10_000_000]
    fitted = slope(points)
    assert fitted is not None
    assert fitted[0] == pytest.approx(math.log(8.83 / 0.19) / math.log(100), abs=0.01)  # 0.83
    # (the clamped figures gave 1.27: a size's excess of a millisecond is no measurement)
    clamped = [(1_000, 1e-3), (10_000, 1e-3), *points]
    assert (slope(clamped) or (0.0,))[0] > 1.15


def test_scaling_slope() -> None:
    from benchmarks.scale import slope

    linear = [(1_000, 5.0), (10_000, 1.0), (100_000, 10.0), (1_000_000, 100.0)]
    fitted = slope(linear)
    assert fitted is not None
    assert fitted[0] == pytest.approx(1.0)  # 1k (fixed costs) left out
    assert fitted[1:] == (10_000, 1_000_000)
    square = slope([(10_000, 1.0), (100_000, 100.0)])
    assert square is not None
    assert square[0] == pytest.approx(2.0)
    flat = slope([(1_000, 2.0), (2_000, 2.0)])
    assert flat is not None
    assert flat[0] == pytest.approx(0.0)
    assert slope([(10_000, 1.0)]) is None


def test_scaling_row_without_a_slope_says_why() -> None:
    """A figure measured at one size has no slope: the row says so, not the figure itself."""
    from benchmarks.scale import FIGURES, _result

    figure = next(f for f in FIGURES if f.grows)
    none: Any = None  # the context judges a slope; no slope, no judging
    one = _result(none, figure, [200, 2_000], {200: {figure.key: 0.0115}, 2_000: {}})
    assert one.verdict == "n/a: measured at one size only: no slope"
    skipped = {200: {figure.key: "over the memory cap"}, 2_000: {figure.key: "timed out"}}
    assert _result(none, figure, [200, 2_000], skipped).verdict == (
        "n/a: over the memory cap; timed out"
    )
    assert _result(none, figure, [200], {200: {}}).verdict == "n/a: not measured"


def test_the_search_probe_measures_each_case_in_both_modes(tmp_path: Path) -> None:
    """``benchmarks.searchprobe`` runs (its figures are not judged): both modes give the same
    answer to each case, as the status bar says it."""
    columnar = _columnar()
    path = tmp_path / "t.parquet"
    columnar.write(600, path, seed=3)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.searchprobe", str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    by_mode: dict[str, list[tuple[str, str, str]]] = {"gui": [], "worker": []}
    for row in rows:
        assert row["events"] == 600
        assert row["gui_cpu_s"] >= 0
        by_mode[row["mode"]].append((row["case"], row["status"], row["matches"]))
    assert len(by_mode["gui"]) == 9
    assert by_mode["gui"] == by_mode["worker"]
    assert any(not status.startswith("showing 600 ") for _, status, _ in by_mode["gui"])


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_the_scale_children_report_their_own_peak_not_their_parents() -> None:
    # (Linux keeps ru_maxrss across fork and exec: every child of the benchmark's runner
    # reported the runner's 1.5 GB as its peak, for a file of 1k events)
    code = (
        "import os, sys\n"
        "held = bytearray(400 << 20)\n"
        "held[::4096] = b'x' * len(range(0, len(held), 4096))\n"
        "os.execv(sys.executable, [sys.executable, '-c',"
        " 'from benchmarks._scale import _peak_mb; print(_peak_mb())'])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert float(done.stdout) < 200  # (its own: the interpreter and the module, about 20 MB)
