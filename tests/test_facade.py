"""The public API is what ``timeline`` exports, each name documented."""

from __future__ import annotations

import inspect
import subprocess
import sys

import pytest

import timeline


def test_every_public_name_resolves_and_is_documented() -> None:
    for name in timeline.__all__:
        value = getattr(timeline, name)
        assert inspect.getdoc(value), f"timeline.{name} has no docstring"


def test_lazy_exports_are_the_real_functions() -> None:
    from timeline.ical import from_ics, to_ics, write_ics

    assert timeline.to_ics is to_ics
    assert timeline.write_ics is write_ics
    assert timeline.from_ics is from_ics


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        getattr(timeline, "no_such_name")  # noqa: B009


def test_exports_are_reachable_from_the_package() -> None:
    from timeline.export import to_csv, to_timelinejs
    from timeline.order import Gap

    assert timeline.to_csv is to_csv
    assert timeline.to_timelinejs is to_timelinejs
    assert timeline.Gap is Gap
    assert {"to_csv", "to_timelinejs", "Gap"} <= set(timeline.__all__)
    assert {"export", "ical", "order", "days"} <= set(dir(timeline))


_FRESH = """
import sys, timeline
heavy = ("timeline.export", "timeline.ical", "timeline.ical_import", "timeline.order",
         "timeline.cli", "pandas", "pyarrow")
print(sorted(name for name in heavy if name in sys.modules))
print(timeline.export.to_csv is timeline.to_csv, timeline.ical.to_ics is timeline.to_ics)
import pkgutil
public = [m.name for m in pkgutil.iter_modules(timeline.__path__) if not m.name.startswith("_")]
print(all(getattr(timeline, name).__name__ == f"timeline.{name}" for name in public))
print(hasattr(timeline, "data"), hasattr(timeline, "no_such_module"))
"""


def test_import_timeline_stays_light_and_reaches_every_public_submodule() -> None:
    # a fresh interpreter: after `import timeline`, `timeline.export.to_csv` is there
    # (it was an AttributeError), without importing the exports up front
    result = subprocess.run(
        [sys.executable, "-c", _FRESH], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["[]", "True True", "True", "False False"]


def test_every_public_submodule_is_typed_for_mypy() -> None:
    # `timeline.export.to_csv` is typed only if timeline/__init__.py imports the
    # module under TYPE_CHECKING: a new public module belongs in that list
    import pkgutil
    import re
    from pathlib import Path

    source = Path(timeline.__file__).read_text(encoding="utf-8")
    typed = set(re.findall(r"^    from timeline import (\w+) as \1$", source, flags=re.M))
    public = {m.name for m in pkgutil.iter_modules(timeline.__path__) if not m.name.startswith("_")}
    assert public - typed <= {"errors", "models", "toml_io", "when"}  # (imported for real)
