"""Loading a timeline file off the GUI thread, and reloading it when it changes.

:class:`LiveLoader` owns one path.  It loads it on a :class:`QThreadPool`
worker and reports back on the GUI thread with :attr:`LiveLoader.loaded`
(a good :class:`~timeline.models.Timeline`), :attr:`LiveLoader.failed` (the
problems of a bad file) or :attr:`LiveLoader.missing` (the file is gone).

A big Parquet file is loaded in two phases (:func:`timeline.load` with ``phased=True``):
its keys are checked and shown, and the rest is checked on a worker once its first frame
is painted; :attr:`LiveLoader.completed` or :attr:`LiveLoader.rejected` (the problems found
then: the timeline shown is bad) follows.  A reload of a file shown is checked whole before
it is shown, so that a bad one never replaces the last good one.

It watches the file *and its folder*: editors that save by writing a temporary
file and renaming it over the old one replace the file, and a watch on the old
file alone would go quiet.  Changes are debounced, so that a burst of writes
reloads once, and a result that a newer load has overtaken is dropped.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import threading
from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import (
    QFileSystemWatcher,
    QObject,
    QRunnable,
    QThreadPool,
    QTimer,
    Signal,
)

from timeline._fast import collector_paused
from timeline._files import not_a_regular_file
from timeline.columns import EventColumns
from timeline.dataset import Dataset, is_dataset
from timeline.errors import Problem, TimelineError, TimelineLoadError
from timeline.models import Link, Timeline
from timeline.parquet_io import complete, is_complete
from viewer.datasetplan import BUDGET, Beside, Plan, around, plan
from viewer.memory import give_back_memory
from viewer.relay import tell

__all__ = [
    "DEBOUNCE_MS",
    "PHASED_FROM",
    "DatasetReads",
    "LiveLoader",
    "LoadFunction",
    "problems_of",
    "settle_memory",
]

DEBOUNCE_MS = 200
"""How long the file must stay quiet before it is reloaded."""

PHASED_FROM = 200_000
"""A Parquet file of fewer events than this is checked whole before it is shown (its rest
takes a fraction of a second; and every event a first frame draws would complete it)."""

DRAWN_UNDER = 2_000
"""A file reopened at a view (remembered) holding fewer events than this is checked whole
before its first frame: that frame may draw its events, not count them."""

_WATCHED_FILES = 500
"""A dataset with more files than this is watched by its folders alone."""

LoadFunction = Callable[[Path], Timeline]


def _default_load(path: Path) -> Timeline:
    import timeline

    # the viewer owns its process; a Parquet file's rest is checked after the first frame
    return timeline.load(path, pause_gc=True, phased=True)


class DatasetReads:
    """Reads windows of a partitioned dataset (a folder) on a worker: the view each read is
    for (given on the GUI thread), and what each read read, by load (plain Python)."""

    def __init__(self, budget: int = BUDGET) -> None:
        self.budget = budget
        self.view: tuple[float, float] | None = None
        """The view (seconds) the next read is for; ``None``: the dataset's end."""
        self.target: str | None = None
        """An event not read that the next read is for (a link to it followed), once."""
        self.results: dict[int, tuple[Dataset, Plan]] = {}
        self.beside: dict[int, Beside] = {}
        """What each read gives besides its events: the links to events not read and from
        them, the events not read counted."""
        self.opened: Dataset | None = None
        """The dataset the last read opened: the next read reopens it (:meth:`Dataset.reopen`:
        the footers and the checked header of the files not changed are kept)."""

    def reader(self, generation: int) -> LoadFunction:
        """The load function of one read, for the view (or the event) given now."""
        view, budget, target = self.view, self.budget, self.target
        results, beside = self.results, self.beside
        self.target = None

        def read(path: Path) -> Timeline:  # on the worker thread
            before = self.opened
            if before is not None and before.folder == os.fspath(path):
                dataset = before.reopen()
            else:
                dataset = Dataset.open(path)
            self.opened = dataset
            days = dataset.locate(target) if target is not None else None
            wanted = view
            if days is not None and view is not None:
                wanted = around(days, view[1] - view[0])
            chosen = plan(dataset, wanted, budget)
            with collector_paused():  # (as the viewer loads a file)
                window = dataset.read(chosen.window)
            results[generation] = (dataset, chosen)
            beside[generation] = Beside.of(window)
            return window.timeline

        return read


def problems_of(exc: BaseException, path: Path) -> tuple[Problem, ...]:
    """The problems an exception raised while loading ``path`` stands for."""
    if isinstance(exc, TimelineLoadError) and exc.problems:
        return exc.problems
    if isinstance(exc, OSError):
        return (Problem(exc.strerror or str(exc), file=str(path)),)
    if isinstance(exc, TimelineError):
        return (Problem(str(exc), file=str(path)),)
    return (Problem(f"{type(exc).__name__}: {exc}", file=str(path)),)


class _Relay(QObject):
    """Carries a worker's result back to the GUI thread (queued connection)."""

    succeeded = Signal(int, Timeline)
    broke = Signal(int, tuple)
    completed = Signal(int, Timeline)
    rejected = Signal(int, Timeline, tuple)


class _Tracker:
    """Counts the loads running on workers (plain Python: safe on any thread)."""

    def __init__(self) -> None:
        self._running = 0
        self._idle = threading.Condition()

    def started(self) -> None:
        with self._idle:
            self._running += 1

    def done(self) -> None:
        with self._idle:
            self._running -= 1
            self._idle.notify_all()

    def wait_idle(self, timeout_s: float) -> bool:
        with self._idle:
            return self._idle.wait_for(lambda: self._running == 0, timeout_s)


class _Held:
    """The start of a shown load's follow-ups, held by the window's gate until its first
    frame; counted as running (:meth:`_Tracker.started`) until started or :meth:`dropped`
    (the file closed first: a window closing then waits for none)."""

    def __init__(self, start: Callable[[], object], tracker: _Tracker) -> None:
        tracker.started()
        self._start: Callable[[], object] | None = start
        self._tracker = tracker

    def __call__(self) -> None:
        start, self._start = self._start, None
        if start is not None:
            start()  # (the job tells the tracker when it is done)

    def dropped(self) -> None:
        if self._start is not None:
            self._start = None
            self._tracker.done()


class _LoadJob(QRunnable):
    """One load on a worker.

    It holds no reference to the :class:`LiveLoader`: the job is deleted on the
    worker thread, and were it the last holder of the loader, the loader (a
    QObject with a file watcher and a timer) would be destroyed there too, which
    corrupts Qt's state (seen as heap corruption in the test suite).
    """

    def __init__(
        self,
        relay: _Relay,
        generation: int,
        path: Path,
        load: LoadFunction,
        tracker: _Tracker,
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._relay = relay
        self._generation = generation
        self._path = path
        self._load = load
        self._tracker = tracker

    def run(self) -> None:
        try:
            try:
                result = self._load(self._path)
            # Every failure is reported, even SystemExit from a plug-in: an
            # exception escaping run() would leave the window busy for ever.
            except BaseException as exc:
                tell(self._relay.broke, self._generation, _safe_problems(exc, self._path))
            else:
                tell(self._relay.succeeded, self._generation, result)
        finally:
            self._tracker.done()


class _FollowUpJob(QRunnable):
    """The follow-ups of a load that was shown, on a worker (no reference to the loader):
    first the rest of a phased load checked (``check``: the outcome relayed), then the
    steps (not after a rest refused)."""

    def __init__(
        self,
        tl: Timeline,
        steps: tuple[Callable[[Timeline], object], ...],
        tracker: _Tracker,
        check: tuple[_Relay, int, Path] | None = None,
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._tl = tl
        self._steps = steps
        self._tracker = tracker
        self._check = check

    def run(self) -> None:
        try:
            if self._check is not None:
                relay, generation, path = self._check
                try:
                    with collector_paused():  # (as the load)
                        complete(self._tl)
                except BaseException as exc:
                    tell(relay.rejected, generation, self._tl, _safe_problems(exc, path))
                    return
                finally:
                    give_back_memory()  # (what the check read: this thread's to give back)
                tell(relay.completed, generation, self._tl)
            # A follow-up only makes ahead what is made on use anyway: a failure is
            # left for that use to meet, never a crash of a worker.
            with contextlib.suppress(Exception):
                for step in self._steps:
                    step(self._tl)
                    give_back_memory()  # (before the next step: the warm-up's peak lower)
        finally:
            self._tracker.done()


def _safe_problems(exc: BaseException, path: Path) -> tuple[Problem, ...]:
    """:func:`problems_of`, and something to show even when ``str(exc)`` raises."""
    try:
        return problems_of(exc, path)
    except Exception:
        return (Problem(f"{type(exc).__name__} (its message could not be read)", file=str(path)),)


def settle_memory() -> None:
    """After a load: collect once, then keep the collector off the objects that live on.

    A 100,000-event timeline is millions of objects; every full collection
    rescanned them (0.3 to 0.4 s pauses while panning).  They are collected
    once here, then frozen (:func:`gc.freeze`): later collections skip them.
    The models hold no reference cycles, so a frozen timeline that is replaced
    is still freed, by reference counting.  What an earlier load froze is
    unfrozen first, so that cyclic garbage frozen with it is found now.  It runs
    on the GUI thread (what it frees may be Qt objects, which must not be
    destroyed elsewhere), once per load, after the timeline's first frame (frozen
    as it is shown, settled then: :meth:`LiveLoader._on_succeeded`), instead of
    a pause on every full collection.
    Then the memory freed by the load (the parsed tables) is handed back to
    the system where the allocators can (:func:`viewer.memory.give_back_memory`).
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    give_back_memory()


def _after_the_frame(start: Callable[[], object] | None) -> None:
    """What waits for a load's first frame: ``start`` its follow-ups, and settle the memory
    (:func:`settle_memory`) once the event loop is back, not inside the paint that lets this
    run (:meth:`viewer.canvaspaint.CanvasPainting.after_next_paint`), whose frame would wait."""
    if start is not None:
        start()
    QTimer.singleShot(0, settle_memory)


def _now(start: Callable[[], None]) -> None:
    start()


def _load_and_prepare(
    load: LoadFunction,
    prepare: tuple[Callable[[Timeline], object], ...],
    *,
    whole: bool,
    view: tuple[float, float] | None = None,
) -> LoadFunction:
    """``load``, then ``prepare``; a phased load's rest checked now when ``whole``, small
    (:data:`PHASED_FROM`) or shown first at a ``view`` of few events (:data:`DRAWN_UNDER`),
    else after the first frame."""

    def run(path: Path) -> Timeline:  # on the worker thread
        tl = load(path)
        if not isinstance(tl, Timeline):
            raise TypeError(f"the load returned {type(tl).__name__}, not a Timeline")
        # the collector paused, as for the load: the steps make many objects, and every
        # full collection they set off would scan the timeline's millions (0.4 s of the
        # span index's 1.3 s at 1M events); settle_memory collects once after them
        with collector_paused():
            if whole or len(tl) < PHASED_FROM or _draws_events(tl, view):
                complete(tl)
            for step in prepare:
                step(tl)
        return tl  # (settled on the GUI thread: LiveLoader._on_succeeded)

    return run


def _draws_events(tl: Timeline, view: tuple[float, float] | None) -> bool:
    """Whether a timeline not complete (a phased load's: held as columns) holds few events
    in ``view`` (seconds, by their local keys), which its first frame would draw."""
    events = tl.events
    if view is None or is_complete(tl) or not isinstance(events, EventColumns):
        return False
    import numpy as np  # (a phased load needs it)

    lowers = np.asarray(events.keys.local_lowers, np.float64)
    uppers = np.asarray(events.keys.local_uppers, np.float64)
    return int(np.count_nonzero((lowers < view[1]) & (uppers > view[0]))) < DRAWN_UNDER


def _signature(path: Path) -> tuple[int, int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    if is_dataset(path):  # a folder: what is in it changes, not the folder
        return (st.st_ino, hash(tuple(_listing(path))), 0, 0)
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_mode)


def _listing(folder: Path) -> list[tuple[str, int, int]]:
    """Every file and folder of a dataset, with its size and time (not hidden ones: a job
    writing its output in ``_temporary`` or ``.tmp`` is not done)."""
    found: list[tuple[str, int, int]] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(("_", ".")))
        for name in sorted(files):
            if name.startswith(".") or (name.startswith("_") and name != "_timeline.json"):
                continue
            try:
                st = os.stat(os.path.join(root, name))
            except OSError:
                continue
            found.append((os.path.join(root, name), st.st_size, st.st_mtime_ns))
        found.append((root, -1, 0))  # (a folder)
    return found


class LiveLoader(QObject):
    """Loads one file in the background and reloads it whenever it changes.

    Signals (always on the GUI thread):

    * ``loaded(Timeline)`` — the file loaded; show it.
    * ``failed(tuple[Problem, ...])`` — the file has errors; keep the last good one.
    * ``missing(str)`` — the file is not there (deleted, or being replaced).
    * ``busy_changed(bool)`` — a load started (``True``) or ended (``False``).
    * ``completed(Timeline)`` — the rest of a timeline loaded in two phases and shown
      (:func:`timeline.is_complete` false when :attr:`loaded`) passed its checks.
    * ``rejected(Timeline, tuple[Problem, ...])`` — it did not: the timeline shown is bad.
    """

    loaded = Signal(Timeline)
    failed = Signal(tuple)
    missing = Signal(str)
    busy_changed = Signal(bool)
    completed = Signal(Timeline)
    rejected = Signal(Timeline, tuple)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        load: LoadFunction | None = None,
        debounce_ms: int = DEBOUNCE_MS,
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(parent)
        self._load = load or _default_load
        self._prepare: list[Callable[[Timeline], object]] = []
        self._follow_ups: list[Callable[[Timeline], object]] = []
        self._gate: Callable[[Callable[[], None]], object] = _now
        self._held: _Held | None = None
        self._pool = pool or QThreadPool.globalInstance()
        self._path: Path | None = None
        self._generation = 0
        self._pending = 0  # generation of the load in flight, 0 when idle
        self._loaded_signature: tuple[int, int, int, int] | None = None
        self._force = False
        # No parent: a worker may still hold the relay when the loader goes.
        self._relay = _Relay()
        self._relay.succeeded.connect(self._on_succeeded)
        self._relay.broke.connect(self._on_broke)
        self._relay.completed.connect(self._on_completed)
        self._relay.rejected.connect(self._on_rejected)
        self._whole = False
        """A good timeline of the file was shown: a reload is checked whole before it is."""
        self._shown = 0
        """The load whose timeline is shown (0: none): its rest's check is reported even
        when a newer load has started since (a reload that fails keeps it shown)."""
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_file_changed)
        self._watcher.directoryChanged.connect(self._on_directory_changed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._on_quiet)
        self._tracker = _Tracker()  # loads on workers, finished or not in the GUI's view
        self.datasets = DatasetReads()
        """How a folder (a partitioned dataset) is read: a window at a time."""
        self._read: tuple[Dataset, Plan] | None = None
        self._beside = Beside()

    # -- public API ---------------------------------------------------------

    def path(self) -> Path | None:
        """The file being shown and watched (``None`` before :meth:`open`)."""
        return self._path

    def is_busy(self) -> bool:
        """True while a load runs."""
        return self._pending != 0

    def dataset(self) -> tuple[Dataset, Plan] | None:
        """The dataset shown and the window of it read (``None``: a file is shown)."""
        return self._read

    def outside(self) -> Mapping[str, tuple[Link, ...]]:
        """The links of the events read to events not read, by the linking event's id."""
        return self._beside.outside

    def beside(self) -> Beside:
        """What the window of the dataset read gives besides its events (nothing: a file)."""
        return self._beside

    def follow_link(self, event_id: str, view: tuple[float, float]) -> bool:
        """Read the window of a dataset that holds the event ``event_id`` (not read; at
        ``view``, seconds, if no file has it); ``False`` when it cannot start now."""
        if self._read is None or self._path is None or self.is_busy():
            return False
        self.datasets.view, self.datasets.target = view, event_id
        self.reload()
        return True

    def follow(self, view: tuple[float, float]) -> Plan | None:
        """The view of a dataset moved: read the window for it when the one read does not
        cover it and the new one fits the budget; the plan (``None``: nothing to read)."""
        read = self._read
        if read is None or self._path is None or read[1].covers(view):
            return None
        chosen = plan(read[0], view, self.datasets.budget)
        if chosen.fits and not self.is_busy():
            self.datasets.view = view
            self.reload()
        return chosen

    def add_preparation(self, prepare: Callable[[Timeline], object]) -> None:
        """Run ``prepare(tl)`` on the worker after each good load, before it is shown (e.g. to
        make what the first frame needs).

        It must be thread-safe and must not touch Qt widgets.
        """
        self._prepare.append(prepare)

    def prepare(self, tl: Timeline) -> None:
        """Run the preparations (:meth:`add_preparation`) on ``tl`` here, as after a load (an
        edit's timeline made on a worker: shown without making them on the GUI thread). A
        preparation that fails leaves its part to be made on use."""
        for prepare in self._prepare:
            with contextlib.suppress(Exception):
                prepare(tl)

    def add_follow_up(self, step: Callable[[Timeline], object]) -> None:
        """Run ``step(tl)`` on a worker after each good load is shown (:attr:`loaded`).

        For what a later action needs and the first frame does not (the search
        texts), so that it delays neither the first frame nor that action.  It
        must be thread-safe and must not touch Qt widgets.
        """
        self._follow_ups.append(step)

    def set_follow_up_gate(self, gate: Callable[[Callable[[], None]], object]) -> None:
        """Start the follow-ups of each load when ``gate(start)`` calls ``start`` (at once by
        default): a window's gate waits for the first frame of the timeline shown
        (:meth:`viewer.canvaspaint.CanvasPainting.after_next_paint`), so that the worker does
        not compete with that frame.  They count as running (:meth:`wait_idle`) from the
        moment the timeline is shown."""
        self._gate = gate

    def open(
        self, path: str | os.PathLike[str], *, view: tuple[float, float] | None = None
    ) -> None:
        """Watch ``path`` (instead of any earlier file) and load it now (a dataset: the
        window for ``view``, in seconds, or for its end)."""
        self._unwatch()
        self._path = Path(path).absolute()
        self._whole = False
        self._shown = 0
        self._loaded_signature = None
        self._read, self._beside = None, Beside()
        self.datasets.view, self.datasets.opened = view, None
        self._watch()
        self.reload()

    def reload(self) -> None:
        """Load the file again now, changed or not."""
        self._timer.stop()
        self._force = True
        self._on_quiet()

    def close(self) -> None:
        """Stop watching; results of loads still running are dropped."""
        self._timer.stop()
        self._unwatch()
        self._path = None
        self._shown = 0
        self._read, self._beside = None, Beside()
        self.datasets.opened = None
        self._generation += 1
        if self._held is not None:  # (its first frame not painted: its follow-ups not started)
            self._held.dropped()
            self._held = None
        if self._pending:
            self._pending = 0
            self.busy_changed.emit(False)

    def wait_idle(self, timeout_s: float = 10.0) -> bool:
        """Block until no load runs on a worker (for shutdown and tests)."""
        return self._tracker.wait_idle(timeout_s)

    # -- watching -----------------------------------------------------------

    def _watch(self) -> None:
        assert self._path is not None
        paths = [str(self._path.parent)]
        if self._path.is_file():
            paths.append(str(self._path))
        self._watcher.addPaths(paths)
        self._watch_dataset()

    def _watch_dataset(self) -> None:
        """A dataset's folders (a file added or replaced in one), and its files when they are
        few (a file rewritten in place), those not watched yet."""
        path = self._path
        if path is None or not is_dataset(path):
            return
        listing = _listing(path)
        folders = [name for name, size, _ in listing if size < 0]
        files = [name for name, size, _ in listing if size >= 0]
        wanted = folders + (files if len(files) <= _WATCHED_FILES else [])
        watched = set(self._watcher.files() + self._watcher.directories())
        new = [p for p in wanted if p not in watched and os.path.exists(p)]
        if new:
            self._watcher.addPaths(new)

    def _unwatch(self) -> None:
        watched = self._watcher.files() + self._watcher.directories()
        if watched:
            self._watcher.removePaths(watched)

    def _on_file_changed(self, _path: str) -> None:
        self._force = True
        self._timer.start()

    def _on_directory_changed(self, _path: str) -> None:
        self._timer.start()

    def _on_quiet(self) -> None:
        path = self._path
        if path is None:
            return
        # A file replaced by rename is a new file: watch it again.  (A folder
        # created at the path is not watched as the file: the load reports it.)
        if path.is_file() and str(path) not in self._watcher.files():
            self._watcher.addPath(str(path))
        if str(path.parent) not in self._watcher.directories() and path.parent.exists():
            self._watcher.addPath(str(path.parent))
        self._watch_dataset()
        signature = _signature(path)
        if signature is None:
            self._loaded_signature = None
            self._force = False
            self._generation += 1  # a load still running would show a file that is gone
            if self._pending:
                self._pending = 0
                self.busy_changed.emit(False)
            self.missing.emit(str(path))
            return
        if not self._force and signature == self._loaded_signature:
            return  # something else in the folder changed
        self._force = False
        self._loaded_signature = signature
        why = not_a_regular_file(signature[3]) if signature[3] else None
        if why is not None:
            # Refused here, not on a worker: reading a FIFO would block the worker
            # for ever, and with it the shutdown, whatever the load function.
            self._generation += 1
            if self._pending:
                self._pending = 0
                self.busy_changed.emit(False)
            self.failed.emit((Problem(f"cannot read: {why}", file=str(path)),))
            return
        self._start(path)

    # -- loading ------------------------------------------------------------

    def _start(self, path: Path) -> None:
        self._generation += 1
        was_busy = self._pending != 0
        self._pending = self._generation
        self._tracker.started()
        read = self.datasets.reader(self._generation) if is_dataset(path) else self._load
        view = None if is_dataset(path) else self.datasets.view  # (a file's view remembered)
        load = _load_and_prepare(read, tuple(self._prepare), whole=self._whole, view=view)
        self._pool.start(_LoadJob(self._relay, self._generation, path, load, self._tracker))
        if not was_busy:
            self.busy_changed.emit(True)

    def _finish(self, generation: int) -> bool:
        """True when ``generation`` is the newest load (its result counts)."""
        if generation != self._pending:
            return False
        self._pending = 0
        self.busy_changed.emit(False)
        return True

    def _on_succeeded(self, generation: int, tl: Timeline) -> None:
        read = self.datasets.results.pop(generation, None)
        beside = self.datasets.beside.pop(generation, Beside())
        if self._finish(generation):
            self._read, self._beside = read, beside
            checked = is_complete(tl)
            self._whole = self._whole or checked
            self._shown = generation
            self.loaded.emit(tl)
            # Frozen at once (the first frame's collections skip what the load made), and
            # settled once that frame is painted, which does not need it: a full collection
            # scans every object of the process, the launch's modules too (0.05 s of CPU
            # with 10 events, 0.1 s at a million).  Here, on the GUI thread, and not on the
            # worker: a full collection may find a closed window's cyclic garbage, and Qt
            # objects destroyed off the GUI thread crashed the process (a segfault in
            # gc.collect on the worker, once in CI).
            gc.freeze()
            self._held = None
            if self._follow_ups or not checked:
                check = None if checked else (self._relay, generation, self._path or Path())
                job = _FollowUpJob(tl, tuple(self._follow_ups), self._tracker, check)
                self._held = _Held(functools.partial(self._pool.start, job), self._tracker)
            self._gate(functools.partial(_after_the_frame, self._held))

    def _on_broke(self, generation: int, problems: tuple[Problem, ...]) -> None:
        if self._finish(generation):
            self.failed.emit(problems)

    def _on_completed(self, generation: int, tl: Timeline) -> None:
        if generation == self._shown:  # (still shown: not replaced, nor closed)
            self._whole = True
            self.completed.emit(tl)

    def _on_rejected(self, generation: int, tl: Timeline, problems: tuple[Problem, ...]) -> None:
        if generation == self._shown:
            self.rejected.emit(tl, problems)
