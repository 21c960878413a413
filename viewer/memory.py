"""What a worker's heavy work freed, handed back to the system (no Qt here).

Arrow's allocator itself is chosen for the viewer's process by ``viewer.app.main``
(:func:`timeline._arrow_pool.prefer_jemalloc`: jemalloc on Linux).

Two allocators keep what is freed for later use, where the viewer's big
timelines leave it unused: Arrow's (mimalloc keeps it in the heap of the thread that freed
it, so that only that thread can give it back; jemalloc in its arenas; both through
:meth:`pyarrow.MemoryPool.release_unused`); and the C library's (glibc's ``malloc_trim``).
At ten million events the reports of the citations alone left 0.55 GB so kept on the
loader's worker; the follow-ups after a load (:mod:`viewer.loader`) and an edit's warm-up
(:mod:`viewer.warmaway`) give it back after each step, on their own thread.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable

__all__ = ["give_back_memory"]


def _find_malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim`` (``None`` elsewhere: macOS, Windows, musl)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


_malloc_trim = _find_malloc_trim()


def give_back_memory() -> None:
    """Hand back to the system the memory freed and kept by Arrow's allocator on this thread
    (when pyarrow is loaded: never imported for it) and by the C library."""
    pa = sys.modules.get("pyarrow")
    if pa is not None:
        pa.default_memory_pool().release_unused()
    if _malloc_trim is not None:
        _malloc_trim(0)
