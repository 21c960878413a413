"""Writers and odd targets: nothing at the path is ever replaced by what it is not.

Devices, FIFOs and ``/dev/stdout`` are written in place (never renamed over);
a file keeps its owner, group, mode and hard links; a read-only file is refused
unless forced; stale temporary files of killed writers are cleaned, live ones
never.  Real files throughout (FIFOs, hard links, ``chmod``, ``mknod`` as root);
what root cannot observe (``chown`` refused) is simulated.
"""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

import pytest

from timeline import TimelineError, dump, dumps, load
from timeline._atomic import STALE_AFTER_S, atomic_write
from timeline.cli import main
from timeline.export import export, render

DATA: Final = Path(__file__).resolve().parent / "data"
GOOD: Final = DATA / "good" / "full.toml"
OLD: Final = b"the old contents, which must survive\n"
ROOT: Final = os.geteuid() == 0
as_root = pytest.mark.skipif(not ROOT, reason="needs root (mknod, chown to another user)")


def _new() -> bytes:
    return dumps(load(GOOD)).encode("utf-8")


# -- not regular files: written in place, never replaced --------------------------------


class _Reader(threading.Thread):
    """Reads a FIFO to its end (opening blocks until the writer opens it)."""

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True)
        self.path = path
        self.data = b""

    def run(self) -> None:
        with self.path.open("rb") as handle:
            self.data = handle.read()


def _once_read(write: Callable[[], None]) -> None:
    """Call ``write`` (to a FIFO) until its reader has opened its end: until then the write
    is refused at once, as nobody reads."""
    deadline = time.monotonic() + 10
    while True:
        try:
            write()
            return
        except TimelineError as exc:
            refusal = str(exc)
        assert "no process is reading" in refusal
        assert time.monotonic() < deadline
        time.sleep(0.01)


def test_a_fifo_is_written_through_and_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo)
    reader = _Reader(fifo)
    reader.start()
    tl = load(GOOD)
    _once_read(lambda: export(tl, fifo))
    reader.join(10)
    assert reader.data == render(tl, "csv")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_a_fifo_nobody_reads_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "events.toml"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(TimelineError) as exc:
        dump(load(GOOD), fifo)
    assert time.monotonic() - started < 5
    assert str(exc.value) == f"{fifo}: cannot write: it is a pipe (FIFO) that no process is reading"
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.toml"]


@as_root
def test_a_device_is_written_to_not_replaced(tmp_path: Path) -> None:
    null = tmp_path / "null"
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # what /dev/null is
    export(load(GOOD), null, fmt="ics")
    dump(load(GOOD), null)
    assert stat.S_ISCHR(null.lstat().st_mode)
    assert null.lstat().st_rdev == os.makedev(1, 3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


_EXPORT_TO_STDOUT: Final = (
    *(sys.executable, "-m", "timeline", "export", str(GOOD)),
    *("-o", "/dev/stdout", "--format", "csv"),
)


def test_cli_export_to_dev_stdout_in_a_pipe() -> None:
    run = subprocess.run(
        _EXPORT_TO_STDOUT,
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert run.stderr == b""
    assert run.returncode == 0
    assert run.stdout == render(load(GOOD), "csv")


def test_cli_export_to_dev_stdout_appends_as_the_shell_asked(tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_bytes(OLD)
    with log.open("ab") as out:  # ``>> log.csv``
        run = subprocess.run(
            _EXPORT_TO_STDOUT,
            stdout=out,
            stderr=subprocess.PIPE,
            check=False,
            timeout=60,
        )
    assert run.returncode == 0, run.stderr
    assert log.read_bytes() == OLD + render(load(GOOD), "csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.csv"]


# -- owner, group, mode, links ---------------------------------------------------------


@as_root
def test_owner_group_and_mode_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "events.toml"
    target.write_bytes(OLD)
    os.chown(target, 1234, 2345)
    target.chmod(0o640)
    dump(load(GOOD), target)
    info = target.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (1234, 2345, 0o640)
    assert target.read_bytes() == _new()


def test_an_owner_that_cannot_be_kept_is_kept_by_writing_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "events.toml"
    target.write_bytes(OLD)
    before = target.stat()
    fake_owner = (before.st_uid + 1, before.st_gid + 1)
    real_stat = os.stat

    def owned_by_someone_else(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        info = real_stat(path, *args, **kwargs)
        if Path(path) == target:
            fields = list(info)
            fields[4], fields[5] = fake_owner
            return os.stat_result(fields)
        return info

    def refused(*args: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "stat", owned_by_someone_else)
    monkeypatch.setattr(os, "fchown", refused)
    dump(load(GOOD), target)
    monkeypatch.undo()
    assert target.read_bytes() == _new()
    assert target.stat().st_ino == before.st_ino  # the same file: its owner stays
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.toml"]


def test_hard_links_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "events.toml"
    other = tmp_path / "copy.toml"
    target.write_bytes(OLD * 1000)  # longer than the new contents: the rest is cut
    os.link(target, other)
    dump(load(GOOD), target)
    assert target.read_bytes() == other.read_bytes() == _new()
    assert target.stat().st_nlink == 2
    assert target.stat().st_ino == other.stat().st_ino


def test_a_failed_write_through_a_hard_link_puts_the_old_bytes_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "events.toml"
    target.write_bytes(OLD)
    os.link(target, tmp_path / "copy.toml")
    real_write = os.write
    calls = {"n": 0}

    def half_then_full(fd: int, data: Any) -> int:
        calls["n"] += 1
        if calls["n"] == 1:
            return real_write(fd, bytes(data[: len(data) // 2]))
        if calls["n"] == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(TimelineError, match="cannot write: No space left on device"):
        dump(load(GOOD), target)
    monkeypatch.undo()
    assert target.read_bytes() == (tmp_path / "copy.toml").read_bytes() == OLD


# -- read-only ---------------------------------------------------------------------------


def test_a_read_only_file_is_refused_unless_forced(tmp_path: Path) -> None:
    target = tmp_path / "events.toml"
    target.write_bytes(OLD)
    target.chmod(0o444)
    with pytest.raises(TimelineError) as exc:
        dump(load(GOOD), target)
    assert str(exc.value) == (
        f"{target}: cannot write: it is read-only (use --force, or force=True, to overwrite it)"
    )
    assert target.read_bytes() == OLD
    dump(load(GOOD), target, force=True)
    assert target.read_bytes() == _new()
    assert stat.S_IMODE(target.stat().st_mode) == 0o444


def test_a_file_we_may_not_write_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "events.toml"
    target.write_bytes(OLD)
    target.chmod(0o644)  # someone else's, say: we (not root) may not write it
    monkeypatch.setattr(os, "access", lambda *args, **kwargs: False)
    with pytest.raises(TimelineError, match="it is read-only"):
        atomic_write(target, b"new")
    assert target.read_bytes() == OLD


def test_cli_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(OLD)
    target.chmod(0o444)
    assert main(["export", str(GOOD), "-o", str(target)]) == 1
    assert "read-only" in capsys.readouterr().err
    assert target.read_bytes() == OLD
    assert main(["export", str(GOOD), "-o", str(target), "--force"]) == 0
    assert target.read_bytes() == render(load(GOOD), "csv")


# -- stale temporary files ---------------------------------------------------------------


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _aged(path: Path, seconds: float) -> Path:
    path.write_bytes(b"x" * 100)
    then = time.time() - seconds
    os.utime(path, (then, then))
    return path


def test_stale_temporaries_of_killed_writers_are_removed(tmp_path: Path) -> None:
    dead, alive = _dead_pid(), os.getpid()
    old, fresh = STALE_AFTER_S + 60, 5.0
    removed = [
        _aged(tmp_path / f".events.toml.{dead}.abcd_123.tmp", old),
        _aged(tmp_path / ".events.toml.k2j4_x9q.tmp", old),  # an older writer: no PID
    ]
    kept = [
        _aged(tmp_path / f".events.toml.{alive}.abcd_123.tmp", old),  # its writer runs
        _aged(tmp_path / f".events.toml.{dead}.abcd_124.tmp", fresh),  # too recent
        _aged(tmp_path / ".events.toml.k2j4_x9r.tmp", fresh),
        _aged(tmp_path / ".events.toml.backup.tmp", old),  # not our pattern
        _aged(tmp_path / f".other.toml.{dead}.abcd_123.tmp", old),  # another file's
        _aged(tmp_path / f".events.toml.{dead}.abcd_123.tmp.keep", old),
    ]
    dump(load(GOOD), tmp_path / "events.toml")
    assert not any(p.exists() for p in removed)
    assert all(p.exists() for p in kept)


# -- content written by a function (streamed) ---------------------------------------------


def _writes(*parts: bytes) -> Any:
    def write(file: Any) -> None:
        for part in parts:
            file.write(part)

    return write


def test_a_writing_function_streams_into_the_replacing_file(tmp_path: Path) -> None:
    path = tmp_path / "t.bin"
    path.write_bytes(OLD)
    atomic_write(path, _writes(b"new ", b"bytes\n"))
    assert path.read_bytes() == b"new bytes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.bin"]


def test_a_writing_function_that_fails_leaves_the_old_file_and_no_temporary(
    tmp_path: Path,
) -> None:
    path = tmp_path / "t.bin"
    path.write_bytes(OLD)

    def write(file: Any) -> None:
        file.write(b"half of it")
        raise RuntimeError("the table could not be made")

    with pytest.raises(RuntimeError, match="could not be made"):  # (its own error, unchanged)
        atomic_write(path, write)
    assert path.read_bytes() == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.bin"]


def test_a_writing_function_is_gathered_for_a_hard_linked_file(tmp_path: Path) -> None:
    path, other = tmp_path / "t.bin", tmp_path / "other.bin"
    path.write_bytes(OLD)
    os.link(path, other)
    atomic_write(path, _writes(b"through ", b"the link\n"))
    assert other.read_bytes() == b"through the link\n"
    assert path.stat().st_ino == other.stat().st_ino


def test_a_writing_function_writes_to_a_fifo_in_place(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = _Reader(fifo)
    reader.start()
    _once_read(lambda: atomic_write(fifo, _writes(b"a", b"b")))
    reader.join(10)
    assert reader.data == b"ab"
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
