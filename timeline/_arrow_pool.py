"""Arrow's allocator for a process that the project's own commands own (no Qt here).

pyarrow allocates with mimalloc by default. On Linux, jemalloc (which pyarrow's wheels
also carry) spares a big Parquet load most of its time in the kernel: mimalloc hands the
pages of the load's many short-lived buffers of tens of megabytes back to the system and
faults fresh ones in again. Loading the ten-million-event file of the benchmarks (a phased
load, in a script) took 8.5-9.0 s with mimalloc, 6.8-7.1 s with jemalloc, its system time
4.2-4.6 -> 1.8 s; ``timeline convert`` of a million events to CSV 16.3-16.6 -> 14.9-15.0 s
(docs/performance.md).

The choice is the process's, so the library's functions never make it: the ``timeline``
command (:func:`timeline.cli.main`) and the viewer (``viewer.app.main``), which own their
processes, ask for jemalloc with :func:`prefer_jemalloc` before pyarrow is first used. A
script can do the same, or set ``ARROW_DEFAULT_MEMORY_POOL=jemalloc`` itself.
"""

from __future__ import annotations

import sys
from collections.abc import MutableMapping
from typing import Final

__all__ = ["ARROW_POOL_ENV", "prefer_jemalloc"]

ARROW_POOL_ENV: Final = "ARROW_DEFAULT_MEMORY_POOL"
"""The environment variable that names Arrow's allocator (read by pyarrow when it first
allocates): ``jemalloc``, ``mimalloc`` or ``system``."""


def prefer_jemalloc(environ: MutableMapping[str, str], platform: str = sys.platform) -> bool:
    """Ask Arrow for jemalloc in this process (``environ``: its environment, before pyarrow is
    first used), on Linux, unless an allocator is named there already (the user's choice
    stands); True when it asked. (pyarrow's wheels for Linux have jemalloc; a build
    without it says so once on stderr and keeps its default.)"""
    if not platform.startswith("linux") or environ.get(ARROW_POOL_ENV):
        return False
    environ[ARROW_POOL_ENV] = "jemalloc"
    return True
