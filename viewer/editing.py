"""The window's editing: an undo stack of :class:`timeline.edit.Change` and saving.

:class:`Editor` keeps a :class:`QUndoStack` whose commands each hold one
``Change`` (redo applies it, undo reverts it) and a :class:`timeline.patch.Document`
(the file's bytes as loaded), so that Save writes the edits into the file's own
text, atomically (a Parquet file, which has no text, is written whole).  The
stack's clean state is the window's "unsaved changes" mark.  A big timeline is
saved on a worker (:mod:`viewer.saving`), the window answering: edits made meanwhile
are kept and stay unsaved, and leaving the timeline waits for the save.  Before the window
drops unsaved edits (close, open another file, a change of the file on disk) it
asks.  The editing rules are the library's
(:mod:`timeline.edit`, :mod:`timeline.patch`); nothing here repeats them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import attrs
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from timeline.edit import Change
from timeline.models import Timeline
from timeline.parquet_io import is_parquet
from timeline.toml_io import dump, dumps
from viewer.changeaway import ChangeAway, carry_made
from viewer.relay import Outcome
from viewer.restcheck import WhenWhole, at_once
from viewer.saving import SAVE_AWAY_FROM, Saving

if TYPE_CHECKING:  # (timeline.patch is imported by the first TOML file or edit, not at launch)
    from timeline.patch import Document, Patched


__all__ = ["ChangeCommand", "Editor", "EditorHost", "ask"]

UNTITLED = "Untitled"
_SAVE_FILTER = "Timelines (*.toml);;Parquet tables (*.parquet);;All files (*)"


class EditorHost(Protocol):
    """What the editor needs of its window."""

    def timeline(self) -> Timeline | None: ...
    def show_edited(self, tl: Timeline, *, fresh: bool = False) -> None: ...
    def current_path(self) -> Path | None: ...
    def open_file(self, path: str) -> None: ...

    def close_file(self) -> None: ...


def ask(parent: QWidget | None, title: str, text: str, choices: Sequence[str]) -> str:
    """Ask a question with the buttons ``choices`` (the last one is Escape); the one chosen.

    Plain text only: ``text`` may hold titles from the file.  Tests replace this function.
    """
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton)
    box.setTextFormat(Qt.TextFormat.PlainText)
    buttons = [box.addButton(c, QMessageBox.ButtonRole.ActionRole) for c in choices]
    box.setDefaultButton(buttons[0])
    box.setEscapeButton(buttons[-1])
    box.exec()
    clicked = box.clickedButton()
    for choice, button in zip(choices, buttons, strict=True):
        if clicked is button:
            return choice
    return choices[-1]


class ChangeCommand(QUndoCommand):
    """One :class:`Change` on the undo stack: redo applies it, undo reverts it."""

    def __init__(
        self, editor: Editor, change: Change, serial: int, applied: Timeline | None = None
    ) -> None:
        super().__init__(change.description.replace("&", "&&"))  # not a menu mnemonic
        self.change = change
        self.serial = serial
        """The command's number in its editor (told apart from another in its place)."""
        self._editor = editor
        self.made = applied
        """The timeline the next redo or undo makes of the one shown, made already (on a
        worker, :mod:`viewer.changeaway`): that step shows it."""

    def redo(self) -> None:
        made, self.made = self.made, None
        self._editor._run(self.change, undo=False, applied=made)

    def undo(self) -> None:
        made, self.made = self.made, None
        self._editor._run(self.change, undo=True, applied=made)


class Editor(QObject):
    """The undo stack and the document of one window."""

    saved = Signal(str, str)
    """A save has ended: the file, and why it failed ("" when it was written)."""

    def __init__(self, host: EditorHost, parent: QWidget) -> None:
        super().__init__(parent)
        self._host = host
        self._widget = parent
        self.stack = QUndoStack(self)
        self._document: Document | None = None
        self._table: tuple[Timeline, Path] | None = None
        """A Parquet file's timeline, whose document (its TOML text) is made when needed."""
        self._renamed: tuple[list[tuple[str, str]], list[tuple[str, str]]] = ([], [])
        """The ids of events and of sources given new ones (and taken back) since the last
        save, in order."""
        self.choose_save_path: Callable[[], str] = self._choose_save_path
        self.when_whole: WhenWhole = at_once
        """Whether the timeline shown is whole, else the action is done once it is: an edit
        or a save makes every event (:mod:`viewer.restcheck`; a big file's rest is checked
        after it is shown)."""
        self.saving = Saving(self)
        """The saves' steps, a big timeline's on a worker (:mod:`viewer.saving`)."""
        self.away = ChangeAway(self, parent)
        """A change of many events made on a worker (:mod:`viewer.changeaway`)."""
        self.watch_file: Callable[[Path], None] = lambda path: host.open_file(str(path))
        """Watch a file saved as while it was edited, the edits kept (the window's file
        session sets it; by default the file is opened)."""
        self._serial = 0
        self._generation = 0
        """Counts the documents taken (a save that ends after another came changes nothing)."""

    # -- state ----------------------------------------------------------------

    def is_dirty(self) -> bool:
        return not self.stack.isClean()

    @property
    def document(self) -> Document | None:
        """The document edits are saved into (``None``: none, e.g. nothing is open).

        For a Parquet file it is made on first use: its TOML text, the whole
        timeline written out (seconds for a million events), is only needed to
        save as TOML.
        """
        if self._document is None and self._table is not None:
            tl, path = self._table
            self._document = _written(tl, path)
            self._table = None
        return self._document

    @document.setter
    def document(self, document: Document | None) -> None:
        self._document = document
        self._table = None

    def has_document(self) -> bool:
        """Whether there is a document to save into (without making one)."""
        return self._document is not None or self._table is not None

    def _origin(self) -> tuple[Timeline, Path | None] | None:
        """The timeline of the document and its file, without making the document."""
        if self._table is not None:
            return self._table
        doc = self._document
        return None if doc is None else (doc.timeline, doc.path)

    def push(self, change: Change, *, applied: Timeline | None = None) -> None:
        """Make ``change`` (on the undo stack); ``applied``: the timeline it makes of the
        one shown, made already (on a worker: :attr:`away`)."""
        self._serial += 1
        self.stack.push(ChangeCommand(self, change, self._serial, applied))

    def shown(self) -> Timeline | None:
        """The timeline the window shows."""
        return self._host.timeline()

    def _run(self, change: Change, *, undo: bool, applied: Timeline | None = None) -> None:
        tl = self._host.timeline()
        assert tl is not None
        edited = applied if applied is not None else change.revert(tl) if undo else change.apply(tl)
        made = change.inverse() if undo else change
        self._renamed[0].extend(made.renamed)
        self._renamed[1].extend(made.renamed_sources)
        carry_made(tl, edited, made)
        self._host.show_edited(edited)

    def forget(self) -> None:
        """Hold no document and no history (the window shows nothing: a timeline found bad
        after it was shown is never offered to be saved)."""
        self._reset(None)

    def _reset(self, document: Document | tuple[Timeline, Path] | None) -> None:
        self._generation += 1
        if isinstance(document, tuple):
            self._reset_table(*document)
        else:
            self.document = document
        self._renamed = ([], [])
        self.stack.clear()
        self.stack.setClean()

    # -- loading ----------------------------------------------------------------

    def take_loaded(self, tl: Timeline, path: Path | None, *, fresh: bool) -> bool:
        """A timeline the loader read from ``path``: whether the window shows it.

        A fresh open, or a change of the file while nothing is unsaved, starts a new
        history.  The file as this window last saved it (the watcher sees the save)
        keeps the history, and does not replace unsaved edits.  A change while there
        are unsaved edits asks: reload theirs, keep mine, or save mine elsewhere.
        """
        if not fresh and self.saving.running():
            self.saving.finish()  # (the file seen changed is this save's, in all likelihood)
        origin = self._origin()
        if not fresh and origin is not None and tl == origin[0]:
            return not self.is_dirty()  # shown again (the same) when nothing is unsaved
        if fresh or origin is None or not self.is_dirty():
            self._reset(_document(tl, path))
            return True
        name = path.name if path is not None else "The file"
        choice = ask(
            self._widget,
            "File Changed on Disk",
            f"{name} changed on disk, and you have unsaved changes.",
            ["Reload Theirs", "Save Mine As…", "Keep Mine"],
        )
        if choice == "Reload Theirs":
            self._reset(_document(tl, path))
            return True
        if choice == "Save Mine As…":
            self.save_as()
        return False

    # -- saving -------------------------------------------------------------------

    def save(self, *, wait: bool = False) -> bool:
        """Save into the file (Save As when there is none): whether it was saved, or (a big
        timeline, unless ``wait``) its save started on a worker (:mod:`viewer.saving`)."""
        if not self.when_whole("Save", self.save):
            return False
        origin = self._origin()
        if origin is None or origin[1] is None:
            return self.save_as(wait=wait)
        return self._save_to(None, wait=wait)

    def save_as(self, *, wait: bool = False) -> bool:
        if not self.when_whole("Save As", self.save_as):
            return False
        if self.saving.running():
            self.saving.report("Still saving: Save As once it is done", 4000)
            return False
        path = self.choose_save_path()
        if not path:
            return False
        return self._save_to(Path(path), wait=wait)

    def is_saving(self) -> bool:
        """Whether a save runs on a worker."""
        return self.saving.running()

    def _mark(self) -> tuple[int, int]:
        """Where the history is: the undo stack's index and the serial of its last command
        done (an edit undone and another made in its place is another mark)."""
        index = self.stack.index()
        last = self.stack.command(index - 1) if index > 0 else None
        return index, last.serial if isinstance(last, ChangeCommand) else 0

    def _save_to(self, path: Path | None, *, wait: bool) -> bool:
        tl = self._host.timeline()
        origin = self._origin()
        if tl is None or origin is None:
            return False
        if self.saving.running():
            self.saving.report("Still saving: save again once it is done", 4000)
            return False
        target = path if path is not None else origin[1]
        assert target is not None
        events, sources = self._renamed
        save = _Save(tl, target, path is not None, tuple(events), tuple(sources), self._mark(),
                     self._generation)  # fmt: skip
        away = not wait and len(tl) >= SAVE_AWAY_FROM
        if away:
            self.saving.begin(f"Saving {len(tl):,} events to {target.name}…")
        if is_parquet(target):
            write = functools.partial(dump, tl, target)
            self.saving.step(away, write, functools.partial(self._table_saved, save))
            return True
        table, document = self._table, self._document

        def patch() -> tuple[Document, Patched, Document | None]:
            """The document to patch, the patch, and the document saved unless asked first."""
            doc = document if document is not None else _written(*table) if table else None
            assert doc is not None
            patched = save.patch(doc)
            return doc, patched, None if patched.rewritten is not None else save.write(doc, patched)

        self.saving.step(away, patch, functools.partial(self._patched, save, away))
        return True

    def _patched(
        self, save: _Save, away: bool, outcome: Outcome[tuple[Document, Patched, Document | None]]
    ) -> None:
        if self._failed(save, outcome):
            return
        assert not isinstance(outcome, Exception)
        document, patched, saved = outcome
        if self._table is not None and self._generation == save.generation:
            self.document = document  # (a Parquet file's TOML text, made for this save)
        if saved is not None:
            self._document_saved(save, saved)
            return
        choice = ask(
            self._widget,
            "Save",
            "The file will be written whole, and its comments and layout lost:"
            f" {patched.rewritten}.",
            ["Save", "Cancel"],
        )
        if choice != "Save":
            self.saving.end("")
            return
        write = functools.partial(save.write, document, patched)
        self.saving.step(away, write, functools.partial(self._document_saved, save))

    def _document_saved(self, save: _Save, outcome: Outcome[Document]) -> None:
        if self._failed(save, outcome):
            return
        assert not isinstance(outcome, Exception)
        if self._generation == save.generation:
            self.document = outcome
        self._saved(save)

    def _table_saved(self, save: _Save, outcome: Outcome[None]) -> None:
        """Saved to a Parquet file: written whole (it has no text to patch), atomically."""
        if self._failed(save, outcome):
            return
        if self._generation == save.generation:
            self._reset_table(save.timeline, save.target)
        self._saved(save)

    def _failed(self, save: _Save, outcome: object) -> bool:
        """Whether a step of a save failed (the user is told why); its other errors raised."""
        failed = self.saving.failed(outcome, self._widget)
        if failed:
            self.saved.emit(str(save.target), str(outcome))
        return failed

    def _saved(self, save: _Save) -> None:
        """``save`` has written its file: the history is clean there, if it is still there.

        Edits made while a big timeline was saved on a worker are not in the file: the window
        stays marked as changed (it is marked so even when they are undone)."""
        said = f"Saved {len(save.timeline):,} events to {save.target.name}"
        self.saving.tell_noted(self._widget, said)
        self.saving.end(said)
        if self._generation != save.generation:
            self.saved.emit(str(save.target), "")
            return  # (another file or timeline came meanwhile: its history is not this one's)
        del self._renamed[0][: len(save.renamed)], self._renamed[1][: len(save.renamed_sources)]
        unchanged = self._mark() == save.mark
        if unchanged:
            self.stack.setClean()
        else:
            self.stack.resetClean()
        self.saved.emit(str(save.target), "")
        if not save.elsewhere:
            return
        if unchanged:
            self._host.open_file(str(save.target))  # (watched from now on: its history starts)
        else:
            self.watch_file(save.target)  # (the edits made while it was saved kept)

    def _reset_table(self, tl: Timeline, path: Path) -> None:
        self._document = None
        self._table = (tl, path)

    def _choose_save_path(self) -> str:
        origin = self._origin()
        current = origin[1] if origin is not None else None
        start = str(current) if current is not None else f"{UNTITLED}.toml"
        path, _filter = QFileDialog.getSaveFileName(
            self._widget, "Save Timeline As", start, _SAVE_FILTER
        )
        return path

    # -- leaving ----------------------------------------------------------------------

    def may_discard(self) -> bool:
        """Whether the unsaved edits may go (asks: Save / Discard / Cancel). A save under way
        ends first."""
        self.saving.finish()
        if not self.is_dirty():
            return True
        choice = ask(
            self._widget,
            "Unsaved Changes",
            "Save the changes to this timeline?",
            ["Save", "Discard", "Cancel"],
        )
        if choice == "Save":
            return self.save(wait=True) and not self.is_dirty()
        return choice == "Discard"

    def new(self) -> None:
        """Start a new, empty timeline (no file until it is saved)."""
        if not self.may_discard():
            return
        tl = Timeline(UNTITLED, [])
        self._host.close_file()
        self._reset(_written(tl, None))
        self._host.show_edited(tl, fresh=True)


@attrs.frozen
class _Save:
    """A save under way: what is written where, and the history it was asked at."""

    timeline: Timeline
    target: Path
    elsewhere: bool
    """Save As (a file other than the one shown)."""
    renamed: tuple[tuple[str, str], ...]
    """The ids given new ones since the last save, written into this one."""
    renamed_sources: tuple[tuple[str, str], ...]
    """The same of the sources' ids."""
    mark: tuple[int, int]
    generation: int

    def patch(self, doc: Document) -> Patched:
        """``doc``'s bytes patched to hold the timeline saved (:meth:`Document.patch`)."""
        return doc.patch(self.timeline, renamed=self.renamed, renamed_sources=self.renamed_sources)

    def write(self, doc: Document, patched: Patched) -> Document:
        """``doc`` saved with ``patched`` (its :meth:`patch`) where this save writes."""
        return doc.save(
            self.timeline,
            self.target if self.elsewhere else None,
            renamed=self.renamed,
            renamed_sources=self.renamed_sources,
            patched=patched,
        )


def _document(tl: Timeline, path: Path | None) -> Document | tuple[Timeline, Path] | None:
    """The document of the file the loader read ``tl`` from (its bytes read now); for a
    Parquet file, the file and its timeline, whose document is the TOML text of ``tl``
    (saved to TOML, it is written whole), made when needed (:attr:`Editor.document`)."""
    if path is None:
        return None
    if is_parquet(path):
        return (tl, path)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return _read(data, tl, path)


def _read(data: bytes, tl: Timeline, path: Path | None) -> Document:
    """The document of the bytes ``data`` (a file's, or written), which read as ``tl``.

    :mod:`timeline.patch` is imported here, by the first TOML file or edit, not at launch
    (``tests/test_launch_imports.py``)."""
    from timeline.patch import Document

    return Document(data, tl, path)


def _written(tl: Timeline, path: Path | None) -> Document:
    """The document of ``tl`` written whole as TOML (a Parquet file's, or a new timeline's)."""
    return _read(dumps(tl).encode("utf-8"), tl, path)
