"""Errors raised by the library.

Every problem with input data is a :class:`TimelineError`.  Errors found while
loading a file are :class:`Problem` records gathered into one
:class:`TimelineLoadError`, so that a user sees every mistake of a file at once.
"""

from __future__ import annotations

import attrs

__all__ = ["Problem", "TimelineError", "TimelineLoadError"]


class TimelineError(ValueError):
    """Bad input: a date that is not EDTF, a model field out of range, a bad file.

    >>> from timeline import When
    >>> When.parse("2017-13-01")
    Traceback (most recent call last):
    ...
    timeline.errors.TimelineError: '2017-13-01' is not a valid date (month 13)
    """


@attrs.frozen
class Problem:
    """One problem in a file: where it is, and what is wrong.

    ``str(problem)`` reads ``file:line: event 'id': field: message``; parts that
    are not known are left out.
    """

    message: str
    file: str | None = None
    line: int | None = None
    event: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        elif self.line is not None:
            where = f"line {self.line}: "
        if self.event is not None:
            where += f"event {self.event!r}: "
        if self.field is not None:
            where += f"{self.field}: "
        return where + self.message


class TimelineLoadError(TimelineError):
    """A file could not be loaded; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        head = "\n".join(str(p) for p in self.problems)
        if count > 1:
            head = f"{count} problems:\n{head}"
        super().__init__(head)
