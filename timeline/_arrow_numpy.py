"""Arrow arrays to numpy and back without pandas.

pyarrow imports pandas, when it is installed, on ``pyarrow.array`` of anything (a list or a
numpy array), ``pyarrow.scalar``, a compute function given a Python value, and
``Array.to_numpy`` of any type: 1.5 to 2.7 s of CPU before the first frame of the viewer,
which never uses pandas.  ``Array.from_buffers``, ``take``, ``to_pylist`` and
``numpy.frombuffer`` of an Arrow buffer do not import it: the functions here go through
them.  ``pa`` is the ``pyarrow`` module (imported by the caller, as elsewhere).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from itertools import chain
from operator import is_
from typing import Any, cast

import numpy as np
import numpy.typing as npt

__all__ = [
    "combined",
    "from_numpy",
    "from_python",
    "int64s",
    "kept_items",
    "scalar",
    "strings",
    "to_numpy",
    "trues",
    "validity",
]

_is_none = partial(is_, None)

_NUMPY_OF_WIDTH = {8: np.int8, 16: np.int16, 32: np.int32, 64: np.int64}
_UNSIGNED_OF_WIDTH = {8: np.uint8, 16: np.uint16, 32: np.uint32, 64: np.uint64}
_FLOAT_OF_WIDTH = {16: np.float16, 32: np.float32, 64: np.float64}


def combined(pa: Any, values: Any) -> Any:
    """``values`` (an Arrow array or chunked array) as one array: ``combine_chunks`` (which
    makes the empty array of no chunks with ``pyarrow.array``)."""
    if not isinstance(values, pa.ChunkedArray):
        return values
    if values.num_chunks == 0:
        return pa.nulls(0, values.type)
    return values.combine_chunks()


def _chunks(values: Any) -> list[Any]:
    chunks = getattr(values, "chunks", None)
    return [values] if chunks is None else list(chunks)


def _bits(buffer: Any, offset: int, n: int) -> npt.NDArray[np.bool_]:
    """Bits ``offset`` to ``offset + n`` of a bitmap (least significant bit first)."""
    first = offset // 8
    packed = np.frombuffer(buffer, np.uint8)[first : (offset + n + 7) // 8]
    bits = np.unpackbits(packed, bitorder="little")[offset - 8 * first : offset - 8 * first + n]
    return bits.astype(np.bool_)


def _dtype(pa: Any, kind: Any) -> Any:
    types = pa.types
    if types.is_signed_integer(kind):
        return _NUMPY_OF_WIDTH[kind.bit_width]
    if types.is_unsigned_integer(kind):
        return _UNSIGNED_OF_WIDTH[kind.bit_width]
    if types.is_floating(kind):
        return _FLOAT_OF_WIDTH[kind.bit_width]
    raise TypeError(f"not a number type: {kind}")


def to_numpy(pa: Any, values: Any) -> npt.NDArray[Any]:
    """``values`` (an Arrow array or chunked array of integers, floats or booleans, without
    nulls) as a numpy array: what ``values.to_numpy()`` gives for them (a copy where the
    chunks are several or the values booleans, else a read-only view)."""
    kind = values.type
    chunks = _chunks(values)
    if any(chunk.null_count for chunk in chunks):
        raise ValueError("nulls cannot be read as numbers")
    boolean = pa.types.is_boolean(kind)
    dtype = np.bool_ if boolean else _dtype(pa, kind)
    parts: list[npt.NDArray[Any]] = []
    for chunk in chunks:
        n, offset = len(chunk), chunk.offset
        buffer = chunk.buffers()[1]
        if not n:
            parts.append(np.zeros(0, dtype))
        elif boolean:
            parts.append(_bits(buffer, offset, n))
        else:
            parts.append(np.frombuffer(buffer, dtype)[offset : offset + n])
    if len(parts) == 1:
        return parts[0]
    return np.concatenate(parts) if parts else np.zeros(0, dtype)


def trues(pa: Any, values: Any) -> npt.NDArray[np.bool_]:
    """Whether each value of ``values`` (an Arrow boolean array or chunked array) is true
    (a null is not)."""
    parts: list[npt.NDArray[np.bool_]] = []
    for chunk in _chunks(values):
        n = len(chunk)
        data = chunk.buffers()[1]
        flags = _bits(data, chunk.offset, n) if n and data is not None else np.zeros(n, np.bool_)
        parts.append(flags & validity(chunk) if chunk.null_count else flags)
    if len(parts) == 1:
        return parts[0]
    return np.concatenate(parts) if parts else np.zeros(0, np.bool_)


def validity(values: Any) -> npt.NDArray[np.bool_]:
    """Whether each value of ``values`` (an Arrow array or chunked array) is not null."""
    parts: list[npt.NDArray[np.bool_]] = []
    for chunk in _chunks(values):
        n = len(chunk)
        bitmap = chunk.buffers()[0] if chunk.null_count else None
        if bitmap is None:  # (none null; a null type has no bitmap and all null)
            parts.append(np.full(n, chunk.null_count == 0, np.bool_))
        else:
            parts.append(_bits(bitmap, chunk.offset, n))
    if len(parts) == 1:
        return parts[0]
    return np.concatenate(parts) if parts else np.zeros(0, np.bool_)


def from_numpy(pa: Any, values: Any, kind: Any) -> Any:
    """``values`` (a numpy array or a sequence of numbers or booleans) as an Arrow array
    of type ``kind`` (integers, floats, booleans, or a type stored as integers such as a
    timestamp), none null."""
    if pa.types.is_boolean(kind):
        flags = np.asarray(values, np.bool_)
        data = pa.py_buffer(np.packbits(flags, bitorder="little"))
        return pa.Array.from_buffers(kind, len(flags), [None, data])
    storage = kind if not hasattr(kind, "unit") else pa.int64()
    if pa.types.is_date32(kind):
        storage = pa.int32()
    array = np.ascontiguousarray(values, _dtype(pa, storage))
    return pa.Array.from_buffers(kind, len(array), [None, pa.py_buffer(array)])


def int64s(pa: Any, values: Any) -> Any:
    """``values`` (integers) as an Arrow array of ``int64``."""
    return from_numpy(pa, values, pa.int64())


def strings(pa: Any, values: Sequence[str | None]) -> Any:
    """``values`` as an Arrow array of ``string`` (``None``: null)."""
    nulls = _has_none(values)
    texts = cast("Sequence[str]", ["" if v is None else v for v in values] if nulls else values)
    joined = "".join(texts)
    data = joined.encode()
    if len(data) == len(joined):  # (ASCII: a character is a byte, no text encoded alone)
        lengths = np.fromiter(map(len, texts), np.int64, len(texts))
    else:  # (each loop in C: a million texts in 0.1 s)
        lengths = np.fromiter(map(len, map(str.encode, texts)), np.int64, len(texts))
    offsets = np.zeros(len(texts) + 1, np.int64)
    np.cumsum(lengths, out=offsets[1:])
    large = offsets[-1] >= 2**31
    kind = pa.large_string() if large else pa.string()
    bitmap = None
    if nulls:
        bitmap = pa.py_buffer(np.packbits([v is not None for v in values], bitorder="little"))
    buffers = [
        bitmap,
        pa.py_buffer(offsets if large else offsets.astype(np.int32)),
        pa.py_buffer(data),
    ]
    array = pa.Array.from_buffers(kind, len(texts), buffers)
    return array.cast(pa.string()) if large else array


def scalar(pa: Any, value: Any, kind: Any) -> Any:
    """``value`` (a string, number or boolean) as an Arrow scalar of type ``kind``."""
    if pa.types.is_string(kind):
        return strings(pa, [value])[0]
    return from_numpy(pa, [value], kind)[0]


def from_python(pa: Any, values: Sequence[Any], kind: Any) -> Any:
    """``values`` (Python values, ``None``: null) as an Arrow array of type ``kind``, as
    ``pyarrow.array(values, kind)`` makes it, for the types of a timeline's table: strings,
    booleans, integers, floats, dates and timestamps (given as integers), lists (of any
    sequence) and structs (of dicts: a missing key is null)."""
    types = pa.types
    if types.is_string(kind):
        return strings(pa, values)
    n = len(values)
    nulls = _has_none(values)
    bitmap = None
    if nulls:
        present = np.array([v is not None for v in values], np.bool_)
        bitmap = pa.py_buffer(np.packbits(present, bitorder="little"))
    if types.is_list(kind):
        given = [() if v is None else v for v in values] if nulls else values
        lengths = np.fromiter(map(len, given), np.int64, n)
        offsets = np.zeros(n + 1, np.int64)
        np.cumsum(lengths, out=offsets[1:])
        flat = list(chain.from_iterable(given))
        child = from_python(pa, flat, kind.value_type)
        data = pa.py_buffer(offsets.astype(np.int32))
        return pa.Array.from_buffers(kind, n, [bitmap, data], children=[child])
    if types.is_struct(kind):
        fields = [kind.field(i) for i in range(kind.num_fields)]
        children = [
            from_python(pa, [None if v is None else v.get(f.name) for v in values], f.type)
            for f in fields
        ]
        return pa.Array.from_buffers(kind, n, [bitmap], children=children)
    filled = [v if v is not None else False for v in values] if nulls else values
    made = from_numpy(pa, filled, kind)
    if bitmap is None:
        return made
    return pa.Array.from_buffers(kind, n, [bitmap, made.buffers()[1]])


def _has_none(values: Sequence[Any]) -> bool:
    """Whether any of ``values`` is ``None`` (by identity, in C: no value of a table's
    column equals ``None`` but ``None``)."""
    return any(map(_is_none, values))


def kept_items(pa: Any, lists: Any, keep: Any) -> Any:
    """``lists`` (an Arrow list or large list array, or chunked array) with only the items
    where ``keep`` is true (one flag for each item of ``lists.flatten()``, in order): what
    ``pyarrow.array`` of its ``to_pylist()`` so filtered makes, of the same type (a null list
    stays null), for any type of item (a dictionary is kept whole: the same values)."""
    lists = combined(pa, lists)
    n = len(lists)
    flags = np.asarray(keep, np.bool_)
    items = lists.flatten()
    if len(flags) != len(items):
        raise ValueError(f"{len(flags)} flags for {len(items)} items")
    valid = validity(lists)
    lengths = np.diff(np.asarray(to_numpy(pa, lists.offsets), np.int64)) * valid
    ends = np.cumsum(lengths)  # (a null list's items, if any, are not flattened)
    kept_before = np.concatenate([[0], np.cumsum(flags, dtype=np.int64)])
    offsets = np.zeros(n + 1, np.int64)
    offsets[1:] = kept_before[ends]
    large = pa.types.is_large_list(lists.type)
    bitmap = None if lists.null_count == 0 else pa.py_buffer(np.packbits(valid, bitorder="little"))
    data = pa.py_buffer(offsets if large else offsets.astype(np.int32))
    kept = items.filter(from_numpy(pa, flags, pa.bool_()))
    return pa.Array.from_buffers(lists.type, n, [bitmap, data], children=[kept])
