"""Errors raised by the library.

Every problem with input data is a :class:`TimelineError`.  Errors found while
loading a file are :class:`Problem` records gathered into one
:class:`TimelineLoadError`, so that a user sees every mistake of a file at once.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterable, Iterator
from contextvars import ContextVar

import attrs

__all__ = [
    "Problem",
    "TimelineError",
    "TimelineLoadError",
    "TimelineWarning",
    "noted",
    "warn_all",
]


class TimelineError(ValueError):
    """Bad input: a date that is not EDTF, a model field out of range, a bad file.

    >>> from timeline import When
    >>> When.parse("2017-13-01")
    Traceback (most recent call last):
    ...
    timeline.errors.TimelineError: '2017-13-01' is not a valid date (month 13: expected 01–12)
    """


@attrs.frozen
class Problem:
    """One problem in a file: where it is, and what is wrong.

    ``str(problem)`` reads ``file:line: event 'id': field: message``; parts that
    are not known are left out.  A table (a Parquet file) has rows instead of
    lines: ``file: row 7: event 'id': field: message``, rows counted from 0 as
    pyarrow and pandas count them.
    """

    message: str
    file: str | None = None
    line: int | None = None
    event: str | None = None
    field: str | None = None
    row: int | None = None

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        elif self.line is not None:
            where = f"line {self.line}: "
        if self.row is not None:
            where += f"row {self.row}: "
        if self.event is not None:
            where += f"event {self.event!r}: "
        if self.field is not None:
            where += f"{self.field}: "
        return where + self.message


class TimelineLoadError(TimelineError):
    """A file could not be loaded; ``problems`` lists the problems found.

    A file with very many problems is not checked to the end: checking stops
    after ``timeline.toml_io.MAX_PROBLEMS`` of them, ``problems`` lists that
    many (in file order), ``found`` says how many were found in all and
    ``complete`` is ``False``.
    """

    def __init__(
        self, problems: list[Problem] | tuple[Problem, ...], *, found: int | None = None
    ) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        self.complete: bool = found is None
        self.found: int = count if found is None else found
        head = "\n".join(str(p) for p in self.problems)
        if not self.complete:
            head = (
                f"too many problems: checking stopped after {self.found:,};"
                f" the first {count} are listed:\n{head}\n"
                "... (fix these and load the file again to see the rest)"
            )
        elif count > 1:
            head = f"{count} problems:\n{head}"
        super().__init__(head)

    def __reduce__(self) -> tuple[object, ...]:
        # picklable (e.g. across a process pool) despite the keyword argument
        return (_rebuild, (self.problems, None if self.complete else self.found))


def _rebuild(problems: tuple[Problem, ...], found: int | None) -> TimelineLoadError:
    return TimelineLoadError(problems, found=found)


class TimelineWarning(UserWarning):
    """Input was read, but not exactly as written: text cut to a limit, an
    unknown time zone replaced, a recurring event not fully expanded...

    Issued with :func:`warnings.warn` (filter or record them with the
    :mod:`warnings` module), or gathered by :func:`noted` instead; ``problem``
    says where, as a :class:`Problem` does for errors.

    >>> import warnings, timeline
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warnings.warn(TimelineWarning(Problem("cut", event="e", field="title")))
    >>> str(caught[0].message)
    "event 'e': title: cut"
    """

    def __init__(self, problem: Problem | str) -> None:
        self.problem: Problem = problem if isinstance(problem, Problem) else Problem(problem)
        super().__init__(str(self.problem))

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.problem,))


_NOTED: ContextVar[list[Problem] | None] = ContextVar("timeline_noted", default=None)
"""Where :func:`warn_all` gathers the problems, in this context (:func:`noted`)."""


@contextlib.contextmanager
def noted() -> Iterator[list[Problem]]:
    """Gather the problems the library would warn of (each :class:`TimelineWarning`) in a
    list, instead of issuing them, for the code run in the ``with`` block.

    Unlike :func:`warnings.catch_warnings`, this is safe in threads: it gathers what
    this thread (or asyncio task) does, and leaves the warnings of the others alone;
    and each problem is gathered every time (a warning said once at a place is not
    said again, by default).  An application that runs a save or an export on a worker
    thread shows its user what was noted.

    >>> from timeline import Event, Timeline, When, to_ics
    >>> far = Timeline("T", [Event("far", "Far", When.parse("Y-12000"))])
    >>> with noted() as problems:
    ...     _ = to_ics(far)
    >>> print(problems[0])
    event 'far': when: Y-12000 lies outside years 1–9999, which iCalendar cannot hold: left out
    """
    problems: list[Problem] = []
    token = _NOTED.set(problems)
    try:
        yield problems
    finally:
        _NOTED.reset(token)


def warn_all(problems: Iterable[Problem], *, stacklevel: int = 2) -> None:
    """Issue a :class:`TimelineWarning` for each problem, attributed to the
    caller ``stacklevel`` frames up (2: the caller of the function that calls
    this); within :func:`noted`, gather them there instead."""
    gathered = _NOTED.get()
    if gathered is not None:
        gathered.extend(problems)
        return
    for problem in problems:
        warnings.warn(TimelineWarning(problem), stacklevel=stacklevel + 1)
