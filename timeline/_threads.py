"""Work of one load spread over a few threads (numpy and Arrow release the GIL in their
loops), none of them outliving the call that started it.

:func:`in_order` maps a function over items on a small pool, the results given back in
the items' order, so that a caller sees what it would have seen calling it item by item
(the first item whose call raised raises there, after the items before it); :func:`both`
runs two functions at once and raises as running them one after the other would have (the
first one's exception before the second's).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Generator, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Final, TypeVar

__all__ = ["WORKERS", "both", "in_order"]

T = TypeVar("T")
R = TypeVar("R")
S = TypeVar("S")

WORKERS: Final = max(1, min(os.cpu_count() or 1, 4))
"""The threads a load uses at most for one step (the machine's cores, up to four)."""


def in_order(
    fn: Callable[[T], R], items: Iterable[T], workers: int = WORKERS
) -> Generator[tuple[T, R]]:
    """Each of ``items`` with ``fn`` of it, in the items' order, ``fn`` called on up to
    ``workers`` threads (the items are taken on the caller's thread, at most twice
    ``workers`` ahead of the one given back). An exception of ``fn`` is raised here, at
    its item. The threads end before the iteration does (close it, or run it out: a
    ``for`` loop left by an exception closes it once it is collected; use
    :func:`contextlib.closing` to be sure)."""
    if workers <= 1:
        for item in items:
            yield item, fn(item)
        return
    ahead = 2 * workers
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="timeline-load") as pool:
        pending: deque[tuple[T, Future[R]]] = deque()
        try:
            for item in items:
                pending.append((item, pool.submit(fn, item)))
                if len(pending) >= ahead:
                    first, future = pending.popleft()
                    yield first, future.result()
            while pending:
                first, future = pending.popleft()
                yield first, future.result()
        finally:
            for _, future in pending:
                future.cancel()
            # (leaving the pool's block waits for what already runs)


def both(first: Callable[[], R], second: Callable[[], S], *, parallel: bool = True) -> tuple[R, S]:
    """``first()`` and ``second()``, the first on a thread of its own while the caller runs
    the second; raises the first's exception if it raised, else the second's (as calling
    them one after the other would have). The thread has ended when this returns or raises."""
    if not parallel or WORKERS <= 1:
        return first(), second()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="timeline-load") as pool:
        future = pool.submit(first)
        try:
            got = second()
        except BaseException:
            future.result()  # (its exception first, as it would have come first)
            raise
        return future.result(), got
