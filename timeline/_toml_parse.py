"""Parsing a piece of TOML text: with toml-rs when it is installed and safe, else tomli.

`toml-rs <https://pypi.org/project/toml-rs/>`_ (Rust) parses our files three to
five times faster than ``tomli``, and gives the same values for every document
of the TOML test suite that ``tomli`` accepts (TOML 1.1, as ``tomli`` >= 2.4).
Where it differs, the piece goes to ``tomli`` instead:

* **Deep nesting.**  toml-rs recurses without a limit and a deep enough array
  (some thousands of ``[``) overflows the thread's stack: the process dies.
  Nesting can only be as deep as the ``[`` and ``{`` in a piece, so a piece with
  more than :data:`MAX_OPENERS` of them is never given to it (the loader cuts
  the document into pieces small enough: 256 levels need well under 512 KiB
  of stack, the smallest default of a thread).
* **Inline tables.**  toml-rs accepts a line break between a key, ``=`` and
  the value inside an inline table (``{ a =\\n 1 }``), which TOML 1.1 forbids
  and ``tomli`` rejects.  Our writer never writes inline tables; a piece that
  may hold one (a ``{`` where a value starts) goes to ``tomli``.
* **A byte order mark** at the start is accepted by toml-rs, not by ``tomli``:
  the loader strips it before parsing; a piece that starts with one goes to
  ``tomli``.

Only a *successful* parse is taken from toml-rs: a piece that fails (with
either parser) makes the loader read the document again whole with ``tomli``
(``timeline.toml_io``), so every error message is ``tomli``'s, exactly as
without toml-rs.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any, Final

import tomli

__all__ = ["FAST", "MAX_OPENERS", "parse"]

toml_rs: ModuleType | None
try:
    import toml_rs
except ImportError:  # (an optional speed-up: the platforms without a wheel go without)
    toml_rs = None

FAST: Final = toml_rs is not None
"""True when toml-rs is installed: the loader then cuts documents into smaller pieces."""

MAX_OPENERS: Final = 256
"""The most ``[`` and ``{`` (so the deepest nesting) of a piece toml-rs may parse."""


def fast_allowed(text: str) -> bool:
    """True when toml-rs may parse ``text`` (see the module: nesting, inline tables, BOM)."""
    if toml_rs is None or text.startswith("\ufeff"):
        return False
    braces = text.count("{")
    if text.count("[") + braces > MAX_OPENERS:
        return False
    return braces == 0 or not _may_hold_inline_table(text)


def _may_hold_inline_table(text: str) -> bool:
    """True when a ``{`` of ``text`` may open an inline table.

    One that does stands where a value starts: after ``=``, ``[``, ``,`` or ``{``
    and spaces on its line, or first on its line (after a comment, maybe).  A
    ``{`` after anything else is inside a string (an EDTF set: ``"{2017,2018}"``).
    """
    find = text.find
    pos = find("{")
    while pos >= 0:
        before = pos - 1
        while before >= 0 and text[before] in " \t":
            before -= 1
        if before < 0 or text[before] in "=[,{\n\r":
            return True
        pos = find("{", pos + 1)
    return False


def parse(text: str, *, allowed: bool | None = None) -> dict[str, Any]:
    """The data of TOML ``text``, as ``tomli.loads`` gives it; its exceptions when invalid
    (toml-rs's for a piece it was given: the caller reads the document again with ``tomli``).
    ``allowed``: :func:`fast_allowed` of ``text``, when the caller knows it already."""
    if allowed is None:
        allowed = fast_allowed(text)
    if toml_rs is not None and allowed:
        try:
            data: dict[str, Any] = toml_rs.loads(text, toml_version="1.1.0")
        except Exception:
            raise
        except BaseException as exc:  # a Rust panic (pyo3's PanicException) is no Exception
            if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
                raise
            raise ValueError(f"toml-rs failed: {exc}") from None
        return data
    return tomli.loads(text)
