"""The benchmark generator and runner still work (nothing here is timed or judged)."""

from __future__ import annotations

import collections
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
    rows = [line for line in out.splitlines() if line.startswith("| ") and "figure" not in line]
    assert len(rows) >= len(BENCHMARKS)
    for row in rows:
        verdict = row.rstrip(" |").rsplit("|", 1)[1].strip()
        assert verdict == "ran" or verdict.startswith("n/a: "), row
    assert markdown.read_text(encoding="utf-8") in out
