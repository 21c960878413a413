"""The worked examples in examples/ run and do what they say."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from timeline import TimelineWarning, load
from timeline.dataset import HEADER_FILE, Dataset
from timeline.resources import bundled_events_path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
DEEP = Path(__file__).resolve().parent / "data" / "viewer" / "deep-time.toml"


def _example(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"examples_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_duckdb_builds_a_dataset_that_timeline_reads_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("duckdb")
    example = _example("duckdb_dataset")
    folder = tmp_path / "events"
    assert example.main([str(bundled_events_path()), str(folder)]) == 0
    out = capsys.readouterr().out
    assert "2017: 14 events start (from the statistics)" in out
    assert "DuckDB: year 2018: 1 events" in out
    assert out.endswith("read back whole: 15 events, the same timeline\n")
    assert sorted(p.name for p in folder.iterdir()) == [HEADER_FILE, "year=2017", "year=2018"]
    assert [p.name for p in (folder / "year=2017").iterdir()] == ["data_0.parquet"]  # DuckDB's
    assert load(folder) == load(bundled_events_path())


def test_duckdb_writes_what_timeline_checks_for_every_kind_of_date(tmp_path: Path) -> None:
    """Deep time, open starts (the null partition), zones: DuckDB's types are read back."""
    pytest.importorskip("duckdb")
    example = _example("duckdb_dataset")
    with pytest.warns(TimelineWarning, match="date32"):  # days beyond it are null
        tl = example.build(DEEP, tmp_path / "deep")
    assert Dataset.open(tmp_path / "deep").load() == tl
    assert "examples_duckdb_dataset" not in sys.modules
