"""An edit of a timeline held as columns, kept as columns (issue 15).

A timeline loaded from a big file holds its events as columns
(:class:`~timeline.columns.EventColumns`), each ``Event`` made when asked for.  An edit
(:mod:`timeline.edit`) used to turn it into a tuple of its events: the first change to
one event of a million made all the others (a minute of CPU, and gigabytes).  Here the
edited timeline is columns again: its ids, keys, rows and what was made already are the
old ones with the removed positions taken out and the added events put in
(:func:`edited_columns`: O(n) at C speed), and :class:`EditedRows` answers the
questions of :class:`~timeline.columns.Rows` from the file's rows that stay and the
events put in.

The rows of an edited timeline are numbered on the first one held as columns (the
*root*, loaded from the file): row ``r`` below the root's length is the root's position
``r`` (its event is the file's), and the rows from there on are the events put in by
edits, in the order they were put in.  A chain of edits stays one level deep: each
edit starts from the root and the events put in so far.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import chain, compress
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Final, TypeVar, cast, overload

import numpy as np

from timeline._copies import array_from_buffer
from timeline._placed_rows import PlacedRows, rows_at
from timeline.columns import (
    CitingRows,
    CountedRows,
    CountingRows,
    EventColumns,
    Keys,
    Made,
    ManyIds,
    ManyRows,
    NamingRows,
    PartedRows,
    ReadBackRows,
    Rows,
    TableRows,
    Whens,
    found_positions,
    names_one_of,
)
from timeline.days import local_keys
from timeline.id_column import IdSequence
from timeline.models import _order

if TYPE_CHECKING:
    from timeline.models import Citation, Event, Link, Status
    from timeline.when import When

T = TypeVar("T")

__all__ = [
    "EditedIds",
    "EditedRows",
    "base_rows",
    "edited_columns",
    "positions_apart",
    "rows_apart",
]

_CHUNK: Final = 65_536
"""Ids taken together when iterated."""


class EditedRows:
    """The rows of a timeline held as columns after edits: the root's positions that stay
    (answered by ``base``, the root's :class:`~timeline.columns.Rows`, at the root's row of
    each) and the events put in (``added``: by row, from the root's length on).

    ``removed``: the root's positions taken out.  ``size``: the root's length."""

    __slots__ = ("added", "base", "removed", "root_ids", "root_rows", "root_whens", "size")

    def __init__(
        self,
        base: Rows,
        root_rows: Sequence[int],
        root_ids: Sequence[str],
        root_whens: Sequence[When],
        added: Mapping[int, Event],
        removed: frozenset[int],
    ) -> None:
        self.base = base
        self.root_rows = root_rows
        self.root_ids = root_ids
        self.root_whens = root_whens
        self.size = len(root_rows)
        self.added = added
        self.removed = removed

    # -- one row ---------------------------------------------------------------------

    def event(self, row: int, event_id: str, when: When) -> Event:
        if row >= self.size:
            return self.added[row]
        return self.base.event(self.root_rows[row], event_id, when)

    def events(self, rows: Sequence[int], ids: Sequence[str], whens: Sequence[When]) -> list[Event]:
        """The events of ``rows`` (:class:`~timeline.columns.ManyRows`): the file's together
        when the root's rows make many at once."""
        size, base = self.size, self.base
        found: list[Event | None] = [None] * len(rows)
        kept = [k for k, row in enumerate(rows) if row < size]
        if isinstance(base, ManyRows) and len(kept) > 1:
            root_rows = self.root_rows
            made = base.events(
                [root_rows[rows[k]] for k in kept], [ids[k] for k in kept], [whens[k] for k in kept]
            )
            for k, event in zip(kept, made, strict=True):
                found[k] = event
        for k, row in enumerate(rows):
            if found[k] is None:
                found[k] = self.event(row, ids[k], whens[k])
        return found  # type: ignore[return-value]  # (each one made above)

    def title(self, row: int) -> str:
        return self.added[row].title if row >= self.size else self.base.title(self.root_rows[row])

    def citations(self, row: int) -> tuple[Citation, ...]:
        """The citations of ``row``: an event put in's own, else the root's rows' (those
        that read them alone: :func:`~timeline.columns.citations_at` asks only where
        :meth:`reads_back`)."""
        base = self.base
        if row >= self.size:
            return self.added[row].sources
        if not isinstance(base, CitingRows):
            raise TypeError("the root's rows do not read citations alone")
        return base.citations(self.root_rows[row])

    def reads_back(self, row: int) -> bool:
        """Whether making the event of ``row`` reads the file (one of the file's rows whose
        root reads them back: :class:`~timeline.columns.ReadBackRows`)."""
        base = self.base
        return (
            row < self.size
            and isinstance(base, ReadBackRows)
            and base.reads_back(self.root_rows[row])
        )

    def status(self, row: int) -> Status:
        if row >= self.size:
            return self.added[row].status
        return self.base.status(self.root_rows[row])

    def tags(self, row: int) -> tuple[str, ...]:
        return self.added[row].tags if row >= self.size else self.base.tags(self.root_rows[row])

    def links(self, row: int) -> tuple[Link, ...]:
        if row >= self.size:
            return self.added[row].related
        return self.base.links(self.root_rows[row])

    def titles(self, rows: Sequence[int]) -> list[str]:
        rows_ = np.asarray(rows, np.int64)
        kept = rows_ < self.size
        root_rows = np.asarray(self.root_rows, np.int64)
        titles = self.base.titles(root_rows[rows_[kept]].tolist())
        return _merged(rows_, kept, titles, lambda row: self.added[row].title)

    # -- every row -------------------------------------------------------------------

    def _removed_rows(self) -> list[int]:
        """The root's rows (in its source) of the positions taken out."""
        root_rows = self.root_rows
        return [root_rows[r] for r in sorted(self.removed)]

    def tag_counts(self) -> dict[str, int]:
        counts = self.base.tag_counts()
        for tag, taken in self._removed_tag_counts().items():
            left = counts[tag] - taken
            if left:
                counts[tag] = left
            else:
                del counts[tag]
        added = Counter(chain.from_iterable(event.tags for event in self.added.values()))
        for tag, n in added.items():  # (the events put in, counted at C speed)
            counts[tag] = counts.get(tag, 0) + n
        return counts

    def _removed_tag_counts(self) -> dict[str, int]:
        """How many of the rows taken out have each tag (by the root's batch question when
        it has one: a Parquet file's, at C speed)."""
        rows = self._removed_rows()
        if isinstance(self.base, CountedRows):
            return self.base.tag_counts_at(rows)
        return dict(Counter(chain.from_iterable(map(self.base.tags, rows))))

    def _removed_statuses(self) -> set[Status]:
        """The statuses of the rows taken out (as :meth:`_removed_tag_counts`)."""
        rows = self._removed_rows()
        if isinstance(self.base, CountedRows):
            return self.base.statuses_at(rows)
        return set(map(self.base.status, rows))

    def statuses(self) -> frozenset[Status]:
        found = set(self.base.statuses())
        added = {event.status for event in self.added.values()}
        gone = self._removed_statuses() - added
        for status in gone:
            if not self._still_held(status):
                found.discard(status)
        return frozenset(found | added)

    def _still_held(self, status: Status) -> bool:
        """Whether a root row that stays has ``status``: where the root counts its rows,
        more of them than were taken out do (a list of every row of a status, at ten million
        events, held the interpreter for a second: a delete on a worker froze the window);
        else those found are looked through."""
        base, only, gone = self.base, frozenset([status]), len(self.removed)
        if isinstance(base, CountingRows) and base.count_statuses(self.root_rows, only) > gone:
            return True
        held = base.matching(self.root_rows, (), None, only)
        return not self.removed.issuperset(held)

    def link_kinds(self) -> list[str]:
        """The kinds of link of the file's rows and of the events put in: a kind whose every
        link was in the events an edit took out is still named (what a form offers)."""
        kinds = set(self.base.link_kinds())
        kinds.update(link.kind for event in self.added.values() for link in event.related)
        return sorted(kinds)

    def _positions(self, rows: Sequence[int]) -> Any:
        """By root position, its position in ``rows`` (-1: taken out)."""
        rows_ = np.asarray(rows, np.int64)
        at = np.full(self.size, -1, np.int64)
        kept = np.flatnonzero(rows_ < self.size)
        at[rows_[kept]] = kept
        return at

    def _added_at(self, rows: Sequence[int]) -> list[tuple[int, Event]]:
        """The events put in, with their positions in ``rows``."""
        rows_ = np.asarray(rows, np.int64)
        added = self.added
        return [(p, added[int(rows_[p])]) for p in np.flatnonzero(rows_ >= self.size).tolist()]

    def _moved(self, found: Sequence[int], rows: Sequence[int]) -> list[int]:
        """The root's positions ``found`` as positions in ``rows`` (those that stay)."""
        at = self._positions(rows)[np.asarray(found, np.int64)]
        moved: list[int] = at[at >= 0].tolist()
        return moved

    def citing(self, rows: Sequence[int]) -> list[int]:
        found = self._moved(self.base.citing(self.root_rows), rows)
        found += [p for p, event in self._added_at(rows) if event.sources]
        return sorted(found)

    def naming(
        self, rows: Sequence[int], part: str, field: str, targets: frozenset[str]
    ) -> list[int] | None:
        """The positions whose rows have an item of ``part`` naming one of ``targets`` in its
        ``field``; ``None`` when the root's rows cannot find them
        (:func:`timeline.columns.naming_positions` passes over the events)."""
        if not isinstance(self.base, NamingRows):
            return None
        named = self.base.naming(self.root_rows, part, field, targets)
        if named is None:
            return None
        found = self._moved(named, rows)
        found += [
            p for p, event in self._added_at(rows) if names_one_of(event, part, field, targets)
        ]
        return sorted(found)

    def reports(self, rows: Sequence[int]) -> list[tuple[int, str, When]]:
        at = self._positions(rows)
        found = [
            (int(at[p]), source_id, when)
            for p, source_id, when in self.base.reports(self.root_rows)
            if at[p] >= 0
        ]
        for p, event in self._added_at(rows):
            found += [(p, c.source, c.reported) for c in event.sources if c.reported is not None]
        found.sort(key=lambda report: report[0])  # (stable: each event's in its order)
        return found

    def matching(
        self,
        rows: Sequence[int],
        words: Sequence[str],
        tags: frozenset[str] | None,
        statuses: frozenset[Status] | None,
    ) -> list[int]:
        from timeline.models import search_text

        found = self._moved(self.base.matching(self.root_rows, words, tags, statuses), rows)
        for p, event in self._added_at(rows):
            if tags is not None and tags.isdisjoint(event.tags):
                continue
            if statuses is not None and event.status not in statuses:
                continue
            text = search_text(event)
            if all(word in text for word in words):
                found.append(p)
        return sorted(found)

    def prepare_matching(self) -> None:
        self.base.prepare_matching()

    # -- tables ----------------------------------------------------------------------

    def arrow_columns(self, rows: Sequence[int]) -> dict[str, Any] | None:
        """The columns of :meth:`Timeline.to_arrow <timeline.models.Timeline.to_arrow>` in
        the order ``rows``: the file's rows' from the root's rows, the events put in from
        themselves (``None`` when the root's rows give no such columns)."""
        from timeline.tables import event_arrays

        return self._with_added(lambda base: base.arrow_columns, rows, event_arrays)

    def nested_columns(self, rows: Sequence[int]) -> dict[str, Any] | None:
        """The Parquet writer's nested columns in the order ``rows``, as
        :meth:`arrow_columns`."""
        from timeline.parquet_io import nested_arrays

        return self._with_added(lambda base: base.nested_columns, rows, nested_arrays)

    def part_columns(
        self, parts: Sequence[Any], folder: str
    ) -> Iterator[tuple[dict[str, Any] | None, dict[str, Any] | None]]:
        """:meth:`arrow_columns` and :meth:`nested_columns` of each of ``parts`` (the
        Parquet writer's): the root's rows read for them all at once when it can (a file of
        shuffled rows read once, spilled in ``folder``)."""
        from timeline.parquet_io import nested_arrays
        from timeline.tables import event_arrays

        base = self.base
        if not isinstance(base, PartedRows):
            for rows in parts:
                yield self.arrow_columns(rows), self.nested_columns(rows)
            return
        root_rows = np.asarray(self.root_rows, np.int64)
        asked = [np.asarray(rows, np.int64) for rows in parts]
        given = base.part_columns([root_rows[rows[rows < self.size]] for rows in asked], folder)
        for asked_rows, (arrays, nested) in zip(asked, given, strict=True):
            yield (
                self._merged(arrays, asked_rows, event_arrays),
                self._merged(nested, asked_rows, nested_arrays),
            )

    def _with_added(
        self,
        method: Callable[[TableRows], Callable[[Sequence[int]], dict[str, Any] | None]],
        rows: Sequence[int],
        made: Callable[[Any, list[Event]], dict[str, Any]],
    ) -> dict[str, Any] | None:
        """The columns the root's rows give (by ``method`` of them) for the positions of
        ``rows`` that are the file's, and ``made`` gives for the events put in, each at its
        position (``None`` when the root's rows cannot give columns)."""
        if not isinstance(self.base, TableRows):
            return None
        read = method(self.base)
        rows_ = np.asarray(rows, np.int64)
        root_rows = np.asarray(self.root_rows, np.int64)
        return self._merged(read(root_rows[rows_[rows_ < self.size]].tolist()), rows_, made)

    def _merged(
        self,
        given: dict[str, Any] | None,
        rows: Any,
        made: Callable[[Any, list[Event]], dict[str, Any]],
    ) -> dict[str, Any] | None:
        """The columns of the positions of ``rows``: ``given`` (the root's, of those that
        are the file's rows) with what ``made`` gives for the events put in, each at its
        position (``None`` if ``given`` is)."""
        kept = rows < self.size
        if given is None or kept.all():
            return given
        import pyarrow as pa

        from timeline._arrow_tables import in_order

        added = made(pa, [self.added[row] for row in rows[~kept].tolist()])
        count = int(np.count_nonzero(kept))
        order = np.empty(len(rows), np.int64)  # (position p: which of the two, joined)
        order[kept] = np.arange(count)
        order[~kept] = np.arange(count, len(rows))
        parts = {
            key: [*(c.chunks if isinstance(c, pa.ChunkedArray) else [c]), added[key]]
            for key, c in given.items()
        }
        kinds = {key: column.type for key, column in given.items()}
        return in_order(pa, parts, kinds, order.tolist(), len(rows))


class EditedIds(IdSequence):
    """The ids of an edited timeline by position (its rows ``rows``, as :class:`EditedRows`
    numbers them): the root's id of each of the file's rows (``root_ids``), the event's own
    of each put in (``added``).  Not a list of them: the root's ids (an Arrow column of ten
    million) are not made Python strings, nor each one's position a dictionary, by an
    edit."""

    __slots__ = ("_added", "_positions", "_rows", "_size", "root_ids")

    def __init__(self, root_ids: Sequence[str], rows: Sequence[int], added: Mapping[int, Event]):
        self.root_ids = root_ids
        self._rows = rows
        self._size = len(root_ids)
        self._added = added
        self._positions: Mapping[str, int] | None = None

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, p: int) -> str: ...

    @overload
    def __getitem__(self, p: slice) -> list[str]: ...

    def __getitem__(self, p: int | slice) -> str | list[str]:
        if isinstance(p, slice):
            return self.at(range(len(self._rows))[p])
        row = self._rows[p]
        return self.root_ids[row] if row < self._size else self._added[row].id

    def __iter__(self) -> Iterator[str]:
        n = len(self._rows)
        for first in range(0, n, _CHUNK):
            yield from self.at(range(first, min(n, first + _CHUNK)))

    def at(self, positions: Iterable[int]) -> list[str]:
        """The ids at ``positions``, in their order (the root's taken together)."""
        rows_ = rows_at(self._rows, np.fromiter(positions, np.int64))
        kept = rows_ < self._size
        taken = rows_[kept].tolist()
        root = self.root_ids
        found = root.at(taken) if isinstance(root, ManyIds) else [root[r] for r in taken]
        return _merged(rows_, kept, found, lambda row: self._added[row].id)

    def __contains__(self, value: object) -> bool:
        return isinstance(value, str) and value in self.lookup()

    def __repr__(self) -> str:
        return f"<EditedIds: {len(self)} ids>"

    def lookup(self) -> Mapping[str, int]:
        """Each id's position (:attr:`EventColumns.positions`): the root's lookup of the
        file's ids, each moved to its position now, and the events put in."""
        positions = self._positions
        if positions is None:
            positions = self._positions = _EditedPositions(self)
        return positions


class _EditedPositions(Mapping[str, int]):
    """Each id of :class:`EditedIds` and its position.

    After edits that kept every event in its place (a title, a summary, a citation
    edited: each event put back where it was), a root row is at its own position or gone:
    the positions are the root's, but for the rows gone, and no array of every position
    is made (at ten million events, 0.2-0.4 s on the GUI thread and 80 MB per edit)."""

    __slots__ = ("_added", "_at", "_gone", "_ids", "_root")

    def __init__(self, ids: EditedIds) -> None:
        root_ids = ids.root_ids
        self._root = (
            root_ids.lookup()
            if isinstance(root_ids, ManyIds)
            else {t: p for p, t in enumerate(root_ids)}
        )
        size = ids._size
        self._at: Any = None
        """By root position, its position now (``None``: its own, unless ``_gone``)."""
        self._gone: frozenset[int] = frozenset()
        given = ids._rows
        rows: Any
        moved: Any
        if isinstance(given, PlacedRows):  # (each row placed an event put in: not made whole)
            moved = np.fromiter(sorted(given.placed), np.int64, len(given.placed))
            rows = given
        else:
            rows = np.asarray(given, np.int64)
            moved = np.flatnonzero(rows != np.arange(len(rows))) if len(rows) == size else None
        if moved is not None and (not len(moved) or int(rows_at(rows, moved).min()) >= size):
            self._gone = frozenset(moved.tolist())  # (each an event put in its place)
            put_in = moved
        else:
            kept = rows < size
            at = np.full(size, -1, np.int64)  # (by root position: its position now)
            at[rows[kept]] = np.flatnonzero(kept)
            self._at = at
            put_in = np.flatnonzero(~kept)
        added = ids._added  # (the positions put in made Python ints at once)
        put_ids = [added[r].id for r in rows_at(rows, put_in).tolist()]
        self._added: dict[str, int] = dict(zip(put_ids, put_in.tolist(), strict=True))
        self._ids = ids

    def __getitem__(self, text: str) -> int:
        p = self._added.get(text)
        if p is not None:
            return p
        q = self._now(self._root[text])  # (KeyError: no such id in the file)
        if q < 0:
            raise KeyError(text)  # (taken out by an edit)
        return q

    def _now(self, r: int) -> int:
        """The position now of root position ``r`` (``-1``: taken out)."""
        if self._at is None:
            return -1 if r in self._gone else r
        return int(self._at[r])

    def __contains__(self, text: object) -> bool:
        try:
            self[text]  # type: ignore[index]
        except (KeyError, TypeError):
            return False
        return True

    def find(self, texts: Sequence[str]) -> list[int | None]:
        """The position of each of ``texts`` (``None``: no such id): the root's ids found
        together when its lookup can (:meth:`EventColumns.find`)."""
        out = [self._added.get(text) for text in texts]
        missing = [k for k, p in enumerate(out) if p is None]
        found = found_positions(self._root, [texts[k] for k in missing])
        for k, r in zip(missing, found, strict=True):
            q = -1 if r is None else self._now(r)
            if q >= 0:
                out[k] = q
        return out

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)


def base_rows(source: Rows) -> Rows:
    """The rows of the file under ``source``: itself, or the root's of an edited timeline."""
    return source.base if isinstance(source, EditedRows) else source


def positions_apart(a: EventColumns, b: EventColumns) -> list[int] | None:
    """The positions where ``a`` and ``b`` (as long as each other) may hold different
    events, when both are the same file's rows (a root, or edits of it); else ``None``.

    Elsewhere both hold the same row of the file, so the same event: an edit gives every
    event it puts in (a new title too) a row of its own, past the root's.  Found at C
    speed, where comparing the events made every one of both (a save of a 100k-event
    file after one edit spent 0.3 s on it)."""
    numbered = _numbered(a, b)
    if numbered is None or len(numbered[1]) != len(numbered[2]):
        return None
    size, rows_a, rows_b = numbered
    found: list[int] = np.flatnonzero((rows_a != rows_b) | (rows_a >= size)).tolist()
    return found


def rows_apart(a: EventColumns, b: EventColumns) -> tuple[list[int], list[int]] | None:
    """The positions of ``a`` whose event ``b`` may not hold, and those of ``b`` whose
    event ``a`` may not hold (each ascending), when both are the same file's rows (a root,
    or edits of it); else ``None``.  An event put in by an edit is always among them (two
    edits may number theirs alike)."""
    numbered = _numbered(a, b)
    if numbered is None:
        return None
    size, rows_a, rows_b = numbered
    return _not_held(rows_a, rows_b, size), _not_held(rows_b, rows_a, size)


def _not_held(rows: Any, others: Any, size: int) -> list[int]:
    """The positions of ``rows`` whose row is not one of the root's rows in ``others``."""
    held = np.zeros(size + 1, dtype=bool)  # (the last: every row put in by an edit)
    held[others[others < size]] = True
    found: list[int] = np.flatnonzero(~held[np.minimum(rows, size)]).tolist()
    return found


def _numbered(a: EventColumns, b: EventColumns) -> tuple[int, Any, Any] | None:
    """When ``a`` and ``b`` have one root (the timeline loaded that edits start from: its
    file's rows and its row of each position, the very objects an edit keeps; a root is its
    own), its length and each one's rows in its numbering: each position's position in the
    root, or past the root's length an event put in by an edit; else ``None``."""
    (root, rows_a), (other, rows_b) = _root_numbering(a), _root_numbering(b)
    if root[0] is not other[0] or root[1] is not other[1]:
        return None
    return len(root[1]), rows_a, rows_b


def _root_numbering(columns: EventColumns) -> tuple[tuple[Rows, Sequence[int]], Any]:
    """The root of ``columns`` and each position's row in its numbering (:func:`_numbered`)."""
    source = columns.source
    if isinstance(source, EditedRows):
        return (source.base, source.root_rows), np.asarray(columns.rows, np.int64)
    return (source, columns.rows), np.arange(len(columns), dtype=np.int64)


def edited_columns(
    old: EventColumns, removed: Sequence[Event], added: Sequence[Event]
) -> tuple[EventColumns, list[int], list[tuple[int, Event]]]:
    """The events of ``old`` with ``removed`` taken out and ``added`` put in, as columns;
    the positions taken out (in ``old``, last first) and those put in (in the result,
    each event at its final position, first first): what :func:`timeline.models._edited`
    edits the index with.  ``removed`` are events of ``old``; ``added`` have new ids.

    O(n) at C speed and O(k log n) for the ``k`` events put in, however many change
    (each column filtered once and the events put in merged into it once: renaming a
    source cited by 100,000 events of a million is one pass, not one per event)."""
    source = old.source
    if isinstance(source, EditedRows):
        base, root_rows, root_whens = source.base, source.root_rows, source.root_whens
        root_ids = source.root_ids
        live = dict(source.added)
        gone = set(source.removed)
        old_rows: Sequence[int] = old.rows
    else:  # (the root: its rows are numbered by its positions from now on)
        base, root_rows, root_whens, root_ids = source, old.rows, old.whens, old.ids
        live, gone = {}, set()
        old_rows = PlacedRows(len(old), {})
    size = len(root_rows)
    next_row = max(live, default=size - 1) + 1
    whens_made = _made_of(old.whens)
    held = old.find([event.id for event in removed])
    assert None not in held  # (checked by the edit)

    in_place = _in_place(removed, added, cast("list[int]", held))
    if in_place is not None:
        # Each event put back where it was, its date unchanged (a title, a summary, a
        # citation edited): the keys are shared and one row changes per event, where
        # putting them in anew copies every column twice (2 s at ten million events).
        made_events = dict(old._made)
        at = [p for p, _ in in_place]
        _let_go([old_rows[p] for p in at], size, gone, live)
        placed = {p: next_row + k for k, (p, _) in enumerate(in_place)}
        live.update(zip(placed.values(), (event for _, event in in_place), strict=True))
        for p, event in in_place:
            whens_made[p], made_events[p] = event.when, event
        return (
            _assembled(
                old,
                (base, root_rows, root_ids, root_whens),
                live,
                gone,
                _placed(old_rows, placed),
                old.keys,
                (whens_made, made_events),
            ),
            at[::-1],
            in_place,
        )

    rows = np.asarray(old_rows, np.int64)
    keys = [np.asarray(column, np.float64) for column in old.keys]
    events_made: dict[int, Event] = old._made
    taken = sorted(cast("list[int]", held), reverse=True)
    if taken:
        _let_go(rows[taken].tolist(), size, gone, live)
        keep = np.ones(len(rows), np.bool_)
        keep[taken] = False
        rows = rows[keep]
        keys = [column[keep] for column in keys]
        out = np.asarray(taken[::-1], np.int64)  # (ascending)
        whens_made = _moved_made(whens_made, out, taken=True)
        events_made = _moved_made(events_made, out, taken=True)

    put_in = sorted(added, key=_order)
    at = _insertion_points(put_in, rows, keys[0], keys[1], lambda row: live[row].id, root_ids)
    news = list(range(next_row, next_row + len(put_in)))
    put = [(p + k, event) for k, (p, event) in enumerate(zip(at.tolist(), put_in, strict=True))]
    if put_in:
        whens_in = [event.when for event in put_in]
        local_lower, local_upper = local_keys(whens_in, None)
        values = (
            [when.lower for when in whens_in],
            [when.upper for when in whens_in],
            local_lower,
            local_upper,
        )
        rows = np.insert(rows, at, news)
        keys = [np.insert(column, at, value) for column, value in zip(keys, values, strict=True)]
        whens_made = _moved_made(whens_made, at, taken=False)
        events_made = _moved_made(events_made, at, taken=False)
        for (p, event), when in zip(put, whens_in, strict=True):
            whens_made[p], events_made[p] = when, event
        live.update(zip(news, put_in, strict=True))
    elif not taken:
        events_made = dict(events_made)
    key_lists = Keys(*(_array("d", column) for column in keys))
    events = _assembled(
        old,
        (base, root_rows, root_ids, root_whens),
        live,
        gone,
        rows,
        key_lists,
        (whens_made, events_made),
    )
    return events, taken, put


PLACED_AT_MOST: Final = 16
"""Rows placed are kept as :class:`PlacedRows` while at most one position in this many is
placed (a dictionary's item takes about as much as that many int64s)."""


def _placed(rows: Sequence[int], placed: dict[int, int]) -> Any:
    """``rows`` with the positions of ``placed`` given its rows (``rows`` left as it was):
    :class:`PlacedRows` when ``rows`` are and few are placed, else a numpy array."""
    if isinstance(rows, PlacedRows):
        merged = {**rows.placed, **placed}
        if len(merged) * PLACED_AT_MOST <= len(rows):
            return PlacedRows(len(rows), merged)
    # (a copy: ``rows`` are the timeline before's)
    out = rows.__array__() if isinstance(rows, PlacedRows) else np.array(rows, np.int64)
    out[np.fromiter(placed, np.int64, len(placed))] = np.fromiter(placed.values(), np.int64)
    return out


def _let_go(rows: Iterable[int], size: int, gone: set[int], live: dict[int, Event]) -> None:
    """The ``rows`` taken out: the root's (below ``size``) noted ``gone``, an added event's
    dropped from ``live``."""
    for row in rows:
        if row < size:
            gone.add(row)
        else:
            del live[row]


def _in_place(
    removed: Sequence[Event], added: Sequence[Event], held: Sequence[int]
) -> list[tuple[int, Event]] | None:
    """Each of ``added`` with the position of the event of ``removed`` (at ``held``) it
    replaces, in order, when every one replaces one of the same id and date (so its place
    is the same); else ``None``."""
    if not removed or len(removed) != len(added):
        return None
    by_id = {event.id: event for event in added}
    pairs: list[tuple[int, Event]] = []
    for p, gone in zip(held, removed, strict=True):
        event = by_id.get(gone.id)
        if event is None or event.when != gone.when:
            return None
        pairs.append((p, event))
    return sorted(pairs, key=itemgetter(0))


def _assembled(
    old: EventColumns,
    root: tuple[Rows, Sequence[int], Sequence[str], Sequence[When]],
    live: dict[int, Event],
    gone: set[int],
    rows: Any,
    keys: Keys,
    made: tuple[dict[int, When], dict[int, Event]],
) -> EventColumns:
    """The edited columns: ``rows`` (:class:`PlacedRows` or a numpy array: the root's rows
    below its length, else ``live``'s), their keys, and the dates and events made so far."""
    base, root_rows, root_ids, root_whens = root
    size = len(root_rows)
    row_list = rows if isinstance(rows, PlacedRows) else _array("q", rows)

    def when_of(p: int) -> When:
        row = row_list[p]
        return root_whens[row] if row < size else live[row].when

    edited = EditedRows(base, root_rows, root_ids, root_whens, live, frozenset(gone))
    ids = EditedIds(root_ids, row_list, live)
    whens = Whens(len(row_list), when_of, made=made[0])
    return EventColumns(ids, whens, keys, row_list, edited, made=made[1])


def _insertion_points(
    put_in: Sequence[Event],
    rows: Any,
    lowers: Any,
    uppers: Any,
    added_id: Callable[[int], str],
    root_ids: Sequence[str],
) -> Any:
    """Where each of ``put_in`` (in chronological order) goes among the positions ``rows``
    (their keys ``lowers``, ``uppers``; the id of a row: the root's below its length,
    else ``added_id(row)``): each one's count of positions before it, non-decreasing.

    Found by numpy on the first key; an event whose first key others share too is placed
    among those by bisection on the whole order (its upper key, then its id)."""
    firsts = np.fromiter((event.when.lower for event in put_in), np.float64, len(put_in))
    at = np.searchsorted(lowers, firsts, "left")
    ends = np.searchsorted(lowers, firsts, "right")
    size = len(root_ids)

    def order_at(q: int) -> tuple[float, float, str]:
        row = int(rows[q])
        return (float(lowers[q]), float(uppers[q]), root_ids[row] if row < size else added_id(row))

    for k in np.flatnonzero(ends > at).tolist():
        at[k] = bisect_left(
            range(len(rows)), _order(put_in[k]), int(at[k]), int(ends[k]), key=order_at
        )
    return at


def _moved_made(made: dict[int, T], at: Any, *, taken: bool) -> dict[int, T]:
    """A new dict of the items ``made`` (by position) at their positions once the positions
    ``at`` (ascending, an integer array) are taken out (``taken``: those items dropped, the
    later ones moved down), or once an item is put in before each of the positions ``at``
    (non-decreasing, numpy's ``insert``: the items from there on moved up)."""
    found = list(made.items())  # (at once: another thread may make an item meanwhile)
    if not found or not len(at):
        return dict(found)
    places = np.fromiter((p for p, _ in found), np.int64, len(found))
    if taken:
        before = np.searchsorted(at, places, side="left")
        kept = (before == len(at)) | (at[np.minimum(before, len(at) - 1)] != places)
        moved = (places - before)[kept].tolist()
        return dict(zip(moved, compress((item for _, item in found), kept.tolist()), strict=True))
    moved = (places + np.searchsorted(at, places, side="right")).tolist()
    return dict(zip(moved, (item for _, item in found), strict=True))


def _merged(rows: Any, kept: Any, given: list[str], added: Callable[[int], str]) -> list[str]:
    """By position of ``rows`` (an integer array): ``given`` in order where ``kept`` (the
    file's rows), ``added(row)`` elsewhere (the events put in)."""
    if kept.all():
        return given
    out = [""] * len(rows)
    for k, text in zip(np.flatnonzero(kept).tolist(), given, strict=True):
        out[k] = text
    for k in np.flatnonzero(~kept).tolist():
        out[k] = added(int(rows[k]))
    return out


def _array(code: str, values: Any) -> array[Any]:
    """The numpy array ``values`` as an ``array`` of ``code`` (one copy, a piece at a time:
    :mod:`timeline._copies`)."""
    return array_from_buffer(code, np.ascontiguousarray(values))


def _made_of(whens: Sequence[When]) -> dict[int, When]:
    """The dates made so far by position, as a new dict."""
    if isinstance(whens, Made):
        return dict(whens._made)
    return dict(enumerate(whens))
