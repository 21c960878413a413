"""What a dataset keeps for all its reads (timeline/dataset.py): each file's footer, read
once, and the header, decoded and checked once; Dataset.reopen keeps them for the files
that have not changed and notices those that have."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from timeline import Citation, Event, Source, Timeline, TimelineLoadError, When  # noqa: E402
from timeline import dataset as dataset_module  # noqa: E402
from timeline.codec import Decoder  # noqa: E402
from timeline.dataset import HEADER_FILE, Dataset, write  # noqa: E402

EPOCH = dt.date(1970, 1, 1)


def _day(text: str) -> float:
    return float((dt.date.fromisoformat(text) - EPOCH).days)


def _years() -> Timeline:
    """Two events a year in 2014-2017, citing the header's sources s0 and s1."""
    sources = [Source(f"s{i}", f"Source {i}", published=When.parse("2010-01-02")) for i in range(3)]
    events = [
        Event(
            f"e{y}-{k}",
            f"Event {y} {k}",
            When.parse(f"{y}-0{k + 3}-10"),
            sources=(Citation(f"s{k}"),),
        )
        for y in range(2014, 2018)
        for k in range(2)
    ]
    return Timeline("Years", events, sources)


def _write(tmp_path: Path) -> Path:
    folder = tmp_path / "ds"
    write(_years(), folder)
    return folder


def _file(folder: Path, year: int) -> Path:
    (path,) = (folder / f"year={year}").glob("*.parquet")
    return path


def _later(path: Path) -> None:
    """Make the file's times of change later (as a write a moment later does)."""
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))


def test_the_header_is_decoded_once_for_every_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dataset = Dataset.open(_write(tmp_path))
    decoded: list[object] = []
    top = Decoder.top

    def counting(self: Decoder, data: Any) -> None:
        if isinstance(data, dict):
            decoded.append(data)
        top(self, data)

    monkeypatch.setattr(Decoder, "top", counting)
    for year in ("2015", "2016", "2015"):
        window = dataset.read((_day(f"{year}-01-01"), _day(f"{year}-12-31")))
        assert [e.id for e in window.timeline] == [f"e{year}-0", f"e{year}-1"]
        assert window.timeline.sources == _years().sources
    assert len(decoded) == 1
    assert dataset.header() is dataset.header()
    assert dataset.load() == _years()


def test_a_read_parses_no_footer_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dataset = Dataset.open(_write(tmp_path))
    given: list[object] = []
    opened = pq.ParquetFile

    def recording(source: object, *args: object, **kwargs: Any) -> object:
        given.append(kwargs.get("metadata"))
        return opened(source, *args, **kwargs)

    monkeypatch.setattr(pq, "ParquetFile", recording)
    window = dataset.read((_day("2016-01-01"), _day("2016-12-31")))
    assert [e.id for e in window.timeline] == ["e2016-0", "e2016-1"]
    assert dataset.locate("e2017-1") == (_day("2017-04-10"), _day("2017-04-10"))
    assert given
    assert all(m is not None for m in given)


def test_reopen_keeps_what_it_read_of_the_files_not_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _write(tmp_path)
    dataset = Dataset.open(folder)
    dataset.header()
    footers: list[str] = []
    footer = dataset_module._footer

    def counting(pa: Any, pq: Any, path: str, *args: Any) -> Any:
        footers.append(path)
        return footer(pa, pq, path, *args)

    monkeypatch.setattr(dataset_module, "_footer", counting)
    again = dataset.reopen()
    assert footers == []
    assert again == dataset
    assert again.header() is dataset.header()  # (not decoded again)

    # a file rewritten: its footer is read again, and its new rows are read
    path = _file(folder, 2016)
    table = pq.read_table(path)
    pq.write_table(table.slice(0, 1), path)
    _later(path)
    changed = dataset.reopen()
    assert footers == [str(path)]
    assert [p.rows for p in changed.parts] == [2, 2, 1, 2]
    assert [e.id for e in changed.load((_day("2016-01-01"), _day("2016-12-31")))] == ["e2016-0"]

    # a file added and one removed
    _file(folder, 2014).unlink()
    write(Timeline("More", [Event("e2020", "2020", When.parse("2020-05-05"))]), tmp_path / "x")
    (folder / "year=2020").mkdir()
    os.replace(_file(tmp_path / "x", 2020), folder / "year=2020" / "part-0.parquet")
    footers.clear()
    moved = changed.reopen()
    assert footers == [str(folder / "year=2020" / "part-0.parquet")]
    assert [dict(p.keys)["year"] for p in moved.parts] == [2015, 2016, 2017, 2020]
    assert moved.header() is dataset.header()


def test_reopen_reads_a_changed_header(tmp_path: Path) -> None:
    folder = _write(tmp_path)
    dataset = Dataset.open(folder)
    assert dataset.header() is not None
    head = json.loads((folder / HEADER_FILE).read_text())
    head["title"] = "Renamed"
    head["sources"] = head["sources"][:1]
    (folder / HEADER_FILE).write_text(json.dumps(head))
    _later(folder / HEADER_FILE)
    again = dataset.reopen()
    assert again.title == "Renamed"
    header = again.header()
    assert header is not None
    assert [s.id for s in header.sources] == ["s0"]
    # its events cite s1 and s2, which it no longer has: named as a file's load names them
    with pytest.raises(TimelineLoadError, match="unknown source 's1'"):
        again.load((_day("2016-01-01"), _day("2016-12-31")))
    assert dataset.load() == _years()  # (the dataset opened before keeps its header)


def test_a_file_changed_after_its_footer_was_read_is_read_as_it_is(tmp_path: Path) -> None:
    folder = _write(tmp_path)
    dataset = Dataset.open(folder)
    path = _file(folder, 2016)
    table = pq.read_table(path)
    pq.write_table(pa.concat_tables([table, table.slice(0, 1)]), path, row_group_size=1)
    _later(path)
    with pytest.raises(TimelineLoadError, match="duplicate event id"):
        dataset.load((_day("2016-01-01"), _day("2016-12-31")))


def test_a_header_with_a_problem_is_named_with_the_rows_problems(tmp_path: Path) -> None:
    folder = _write(tmp_path)
    (folder / HEADER_FILE).write_text(json.dumps({"title": "T", "tz": "Mars/Base"}))
    dataset = Dataset.open(folder)
    assert dataset.header() is None
    with pytest.raises(TimelineLoadError) as exc:
        dataset.load((_day("2016-01-01"), _day("2016-12-31")))
    fields = {(p.field, p.row) for p in exc.value.problems}
    assert ("tz", None) in fields  # the header's
    assert any(f == "sources[0].source" for f, _ in fields)  # the rows' (citing s0, unknown)


def test_the_viewer_s_reads_reopen_the_dataset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from viewer.loader import DatasetReads

    folder = _write(tmp_path).absolute()
    reads = DatasetReads(budget=3)
    footers: list[str] = []
    footer = dataset_module._footer

    def counting(pa: Any, pq: Any, path: str, *args: Any) -> Any:
        footers.append(path)
        return footer(pa, pq, path, *args)

    monkeypatch.setattr(dataset_module, "_footer", counting)
    first = reads.reader(1)(folder)
    assert len(footers) == 4
    assert len(first) <= 3
    reads.view = (_day("2015-01-01") * 86_400, _day("2015-12-31") * 86_400)
    second = reads.reader(2)(folder)
    assert len(footers) == 4  # (reopened: no footer read again)
    assert [e.id for e in second] == ["e2015-0", "e2015-1"]
    assert reads.results[2][0].header() is reads.results[1][0].header()
