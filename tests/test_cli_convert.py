"""``timeline convert A B``: between TOML, Parquet and CSV, by the extensions, atomically."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_cli import run
from timeline import dumps, load
from timeline.export import to_csv
from timeline.resources import bundled_events_path

pytest.importorskip("pyarrow")

EVENTS = bundled_events_path()


def test_toml_to_parquet_and_back_is_lossless(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    parquet, toml = tmp_path / "events.parquet", tmp_path / "back.toml"
    code, out, err = run(capsys, "convert", str(EVENTS), str(parquet))
    tl = load(EVENTS)
    assert (code, out) == (0, "")
    assert err == f"converted {len(tl)} events from {EVENTS} to {parquet}\n"
    assert load(parquet) == tl
    code, _, _ = run(capsys, "convert", str(parquet), str(toml))
    assert code == 0
    assert toml.read_text(encoding="utf-8") == dumps(tl)


def test_to_csv_writes_the_export_columns(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "events.csv"
    code, _, _ = run(capsys, "convert", str(EVENTS), str(out))
    assert code == 0
    assert out.read_bytes() == to_csv(load(EVENTS)).encode("utf-8")


def test_a_read_only_target_needs_force(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    out.write_bytes(b"old")
    out.chmod(0o444)
    code, _, err = run(capsys, "convert", str(EVENTS), str(out))
    assert code == 1
    assert "read-only" in err
    assert out.read_bytes() == b"old"  # untouched
    code, _, _ = run(capsys, "convert", str(EVENTS), str(out), "--force")
    assert code == 0
    assert load(out) == load(EVENTS)
    assert out.stat().st_mode & 0o222 == 0  # still read-only


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        ("a.toml", "b.txt", "b.txt: cannot tell the format from the extension"),
        ("a.csv", "b.toml", "a.csv: a CSV file holds only part of a timeline"),
    ],
)
def test_formats_it_cannot_convert_are_usage_errors(
    capsys: pytest.CaptureFixture[str], source: str, target: str, message: str
) -> None:
    code, _, err = run(capsys, "convert", source, target)
    assert code == 2
    assert message in err


def test_a_bad_source_is_reported_and_nothing_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('title = "t"\n[[events]]\nid = "a"\ntitle = "A"\nwhen = "2017-13"\n', "utf-8")
    out = tmp_path / "out.parquet"
    code, _, err = run(capsys, "convert", str(bad), str(out))
    assert code == 1
    assert f"{bad}:5: event 'a': when: '2017-13' is not a valid date" in err
    assert not out.exists()


def test_to_a_dataset_partitioned_by_year_and_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder, toml = tmp_path / "events", tmp_path / "back.toml"
    code, _, err = run(capsys, "convert", str(EVENTS), str(folder), "--partition-by", "year")
    tl = load(EVENTS)
    assert code == 0
    assert err == f"converted {len(tl)} events from {EVENTS} to {folder}\n"
    assert sorted(p.name for p in folder.iterdir()) == ["_timeline.json", "year=2017", "year=2018"]
    code, _, _ = run(capsys, "convert", str(folder), str(toml))
    assert code == 0
    assert toml.read_text(encoding="utf-8") == dumps(tl)
    code, _, err = run(capsys, "convert", str(EVENTS), str(folder), "--partition-by", "year")
    assert code == 1
    assert f"{folder}: exists and is not an empty folder" in err
    with pytest.raises(SystemExit) as exit_:
        run(capsys, "convert", str(EVENTS), str(folder), "--partition-by", "month")
    assert exit_.value.code == 2
    assert "invalid choice: 'month'" in capsys.readouterr().err
