"""The ids of a column-backed timeline as one Arrow text column, found by a hash of each id.

A million ids as Python strings are 90 MB, and a dictionary from each to its
position 60 MB more (built on the first ``tl["id"]``: 0.7 s).  A loader that
holds the ids as an Arrow column (:mod:`timeline.parquet_columns`) keeps them
there: :class:`IdColumn` reads ``ids[p]`` from the column (the row of position
``p``), and finds an id by a 64-bit hash of its UTF-8 bytes: the hashes of all
ids, computed at C speed on the column's bytes, their high bits sorted with their
positions (16 bytes an id; the positions sorted along in the low bits), bisected, and
each candidate confirmed against the id itself, so that high bits shared by two ids
never give a wrong answer.  The same sorted
hashes find the duplicate ids of a file at load.

The hash (FNV-1a over the bytes read as little-endian 64-bit words, zero-padded,
then the length) is computed by numpy for a column and by Python for one id:
:func:`hash_of` and :func:`hashes_of` must agree (``tests/test_columns.py``).
"""

from __future__ import annotations

import struct
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from operator import eq
from typing import TYPE_CHECKING, Any, Final, overload

import numpy as np

from timeline._arrow_numpy import int64s, strings, trues
from timeline._placed_rows import rows_at

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["IdColumn", "IdPositions", "IdSequence", "hash_of", "hashes_of"]

_OFFSET: Final = 0xCBF29CE484222325
_PRIME: Final = 0x100000001B3
_MASK: Final = (1 << 64) - 1
_CHUNK: Final = 65_536
"""Ids hashed at a time (their bytes copied into a matrix of whole words)."""


def hash_of(text: str) -> int:
    """The hash of one id (:func:`hashes_of` gives the same for each of a column's)."""
    data = text.encode("utf-8")
    n = len(data)
    h = _OFFSET
    for (word,) in struct.iter_unpack("<Q", data + bytes(-n % 8)):
        h = ((h ^ word) * _PRIME) & _MASK
    return ((h ^ n) * _PRIME) & _MASK


def hashes_of(pa: Any, values: Any) -> npt.NDArray[np.uint64]:
    """The hash of each text of ``values`` (an Arrow array of ``string``, no nulls)."""
    n = len(values)
    buffers = values.buffers()
    offsets = np.frombuffer(buffers[1], np.int32)[values.offset : values.offset + n + 1]
    raw = np.frombuffer(buffers[2], np.uint8) if buffers[2] is not None else np.zeros(0, np.uint8)
    out = np.empty(n, np.uint64)
    width = 8 * -(-int(np.max(np.diff(offsets), initial=0)) // 8)
    data = np.concatenate([raw, np.zeros(width + 8, np.uint8)])  # (a window past the end)
    windows = np.lib.stride_tricks.sliding_window_view(data, max(width, 8))
    k = np.arange(max(width, 8))
    for first in range(0, n, _CHUNK):
        last = min(n, first + _CHUNK)
        starts = offsets[first:last].astype(np.int64)
        lengths = offsets[first + 1 : last + 1].astype(np.int64) - starts
        matrix = windows[starts]  # (each text's bytes and what follows: a copy)
        matrix *= k[None, :] < lengths[:, None]
        words = np.ascontiguousarray(matrix.view("<u8").T)  # (words[w]: each text's w-th)
        counts = (lengths + 7) // 8  # (each text's words: the rest are not mixed in)
        h = np.full(last - first, _OFFSET, np.uint64)
        for w in range(width // 8):
            mixed = h ^ words[w]
            mixed *= np.uint64(_PRIME)
            np.copyto(h, mixed, where=counts > w)
        h ^= lengths.astype(np.uint64)
        h *= np.uint64(_PRIME)
        out[first:last] = h
    return out


class IdSequence(Sequence[str]):
    """Ids by position that compare as the list of them (equal to any sequence of the same
    ids, unhashable as a list) and pickle as that list."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if other is self:
            return True
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(other) == len(self) and all(map(eq, self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return (list, (list(self),))  # a pickle holds the ids, as a list


class IdColumn(IdSequence):
    """The ids of a timeline's events by position: ``values`` (an Arrow ``string`` array,
    by row) at the row of each position (``rows``), found by :meth:`position`."""

    __slots__ = ("_hashes", "_index", "_lock", "_pa", "_rows", "_values")

    def __init__(self, pa: Any, values: Any, rows: Sequence[int], *, hashes: Any = None) -> None:
        """``hashes``: :func:`hashes_of` ``values``, when computed before (else computed
        when an id is first looked up: a phased load draws its first frame without them)."""
        self._pa = pa
        self._values = values
        self._rows = rows
        self._hashes: npt.NDArray[np.uint64] | None = hashes
        self._index: tuple[np.uint64, npt.NDArray[np.int64], npt.NDArray[np.uint64]] | None = None
        self._lock = threading.Lock()

    def _indexed(self) -> tuple[np.uint64, npt.NDArray[np.int64], npt.NDArray[np.uint64]]:
        """The mask of the hashes' high bits, the position of each sorted hash, and the
        sorted high bits (made once, by the first thread that asks; the others wait)."""
        index = self._index
        if index is not None:
            return index
        with self._lock:
            if self._index is None:
                self._index = self._made()
            return self._index

    def _made(self) -> tuple[np.uint64, npt.NDArray[np.int64], npt.NDArray[np.uint64]]:
        hashes = self._hashes
        if hashes is None:
            hashes = hashes_of(self._pa, self._values)
        self._hashes = None  # (by row: not needed once sorted by position)
        by_position = hashes[np.asarray(self._rows, np.int64)]
        # Each position in the low bits of its id's hash, and the whole sorted: the hashes'
        # high bits in order with the position of each (a sort of integers, a sixth of an
        # argsort's time at ten million); equal high bits are each confirmed, as equal hashes.
        low = np.uint64((1 << max(1, (len(by_position) - 1).bit_length())) - 1)
        high = ~low
        by_position &= high
        by_position |= np.arange(len(by_position), dtype=np.uint64)
        by_position.sort()
        order: npt.NDArray[np.int64] = (by_position & low).astype(np.int64)
        by_position &= high
        return high, order, by_position

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, p: int) -> str: ...

    @overload
    def __getitem__(self, p: slice) -> list[str]: ...

    def __getitem__(self, p: int | slice) -> str | list[str]:
        if isinstance(p, slice):
            return list(map(self.__getitem__, range(len(self))[p]))
        text: str = self._values[self._rows[p]].as_py()
        return text

    def __iter__(self) -> Iterator[str]:
        rows = np.asarray(self._rows, np.int64)
        for first in range(0, len(rows), _CHUNK):
            yield from self._values.take(int64s(self._pa, rows[first : first + _CHUNK])).to_pylist()

    def at(self, positions: Iterable[int]) -> list[str]:
        """The ids at ``positions``, in their order, taken by Arrow a chunk at a time (one
        :meth:`__getitem__` each makes an Arrow scalar: 0.3 s for 83,000 ids)."""
        rows = self._rows
        picked = [rows[p] for p in positions]
        found: list[str] = []
        for first in range(0, len(picked), _CHUNK):
            chunk = int64s(self._pa, picked[first : first + _CHUNK])
            found += self._values.take(chunk).to_pylist()
        return found

    def __contains__(self, value: object) -> bool:
        return isinstance(value, str) and self.position(value) is not None

    def __repr__(self) -> str:
        return f"<IdColumn: {len(self)} ids>"

    def lookup(self) -> IdPositions:
        """Each id's position, as a mapping (:attr:`EventColumns.positions`)."""
        return IdPositions(self)

    def position(self, text: str) -> int | None:
        """The position of id ``text`` (``None``: no such id)."""
        high, order, found = self._indexed()
        h = np.uint64(hash_of(text)) & high
        i = int(np.searchsorted(found, h))
        while i < len(found) and found[i] == h:
            p = int(order[i])
            if self[p] == text:
                return p
            i += 1
        return None

    def positions_of(self, texts: Any) -> list[int | None]:
        """The position of each id of ``texts`` (an Arrow ``string`` array), at C speed
        (those whose hash is another id's too are looked up one by one)."""
        pa = self._pa
        if not len(texts):
            return []
        high, order, found = self._indexed()
        at = np.searchsorted(found, hashes_of(pa, texts) & high)
        at = np.minimum(at, len(found) - 1)
        candidates = order[at] if len(found) else np.zeros(len(texts), np.int64)
        rows = rows_at(self._rows, candidates) if len(found) else candidates
        same = pa.compute.equal(self._values.take(int64s(pa, rows)), texts) if len(found) else None
        hit = np.zeros(len(texts), np.bool_) if same is None else trues(pa, same)
        out: list[int | None] = candidates.tolist()
        for k in np.flatnonzero(~hit).tolist():
            out[k] = self.position(texts[k].as_py())
        return out

    def duplicated(self) -> bool:
        """Whether an id is given twice."""
        _, order, found = self._indexed()
        same = np.flatnonzero(found[1:] == found[:-1])
        if not len(same):
            return False
        shared = np.zeros(len(found), np.bool_)  # (the ids of a hash shared: the same id?)
        shared[same] = True
        shared[same + 1] = True
        runs: dict[int, list[str]] = {}
        for k in np.flatnonzero(shared).tolist():
            runs.setdefault(int(found[k]), []).append(self[int(order[k])])
        return any(len(set(texts)) < len(texts) for texts in runs.values())


class IdPositions(Mapping[str, int]):
    """Each id's position, from an :class:`IdColumn` (:attr:`EventColumns.positions`)."""

    __slots__ = ("_ids",)

    def __init__(self, ids: IdColumn) -> None:
        self._ids = ids

    def __getitem__(self, text: str) -> int:
        p = self._ids.position(text) if isinstance(text, str) else None
        if p is None:
            raise KeyError(text)
        return p

    def __contains__(self, text: object) -> bool:
        return isinstance(text, str) and self._ids.position(text) is not None

    def find(self, texts: Sequence[str]) -> list[int | None]:
        """The position of each of ``texts`` (``None``: no such id), at C speed."""
        return self._ids.positions_of(strings(self._ids._pa, texts))

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (dict(zip(self._ids, range(len(self._ids)), strict=True)),))
