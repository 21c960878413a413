"""timeline: dated events with honest dates.

Load a timeline, ask what happened when, and what the sources said::

    >>> import timeline
    >>> tl = timeline.load("data/events.toml")  # doctest: +SKIP
    >>> tl["operation-safe-city"].when.describe()  # doctest: +SKIP
    '24–27 Sep 2017'

The iCalendar functions (``to_ics``, ``write_ics``, ``from_ics``, ``read_ics``) and
the other exports (``to_csv``, ``to_timelinejs``, ``export``'s module) are imported
on first use, so that ``import timeline`` stays quick for scripts and the
command line.  So are the public submodules: after ``import timeline``,
``timeline.export.to_csv`` and ``timeline.ical.to_ics`` work.
"""

from typing import TYPE_CHECKING, Any

from timeline.bigdate import BigDate
from timeline.errors import Problem, TimelineError, TimelineLoadError, TimelineWarning, noted
from timeline.ids import make_id
from timeline.models import (
    Citation,
    Era,
    Event,
    Figure,
    Link,
    Person,
    Place,
    Source,
    Status,
    Timeline,
)
from timeline.toml_io import dump, dumps, load, loads
from timeline.when import Kind, Precision, When

if TYPE_CHECKING:
    # the public submodules, imported on first use (see __getattr__)
    from timeline import bigdate as bigdate
    from timeline import cli as cli
    from timeline import codec as codec
    from timeline import columns as columns
    from timeline import dataset as dataset
    from timeline import days as days
    from timeline import description as description
    from timeline import edit as edit
    from timeline import edtf as edtf
    from timeline import export as export
    from timeline import grouping as grouping
    from timeline import i18n as i18n
    from timeline import ical as ical
    from timeline import ical_import as ical_import
    from timeline import id_column as id_column
    from timeline import ids as ids
    from timeline import index as index
    from timeline import ops as ops
    from timeline import order as order
    from timeline import parquet_columns as parquet_columns
    from timeline import parquet_io as parquet_io
    from timeline import parquet_source as parquet_source
    from timeline import patch as patch
    from timeline import report_edits as report_edits
    from timeline import reported as reported
    from timeline import resources as resources
    from timeline import rules as rules
    from timeline import shift as shift
    from timeline import tables as tables
    from timeline import words as words
    from timeline import words_grammar as words_grammar
    from timeline import words_tables as words_tables
    from timeline import words_tree as words_tree
    from timeline.export import to_csv, to_timelinejs
    from timeline.ical import to_ics, write_ics
    from timeline.ical_import import from_ics, read_ics
    from timeline.ops import Difference, FieldChange, MergeConflict, Merged, TimelineDiff
    from timeline.order import Gap
    from timeline.parquet_io import complete, is_complete
    from timeline.patch import Document

__version__ = "0.1.0"
"""The version of the distribution (``edtf-timeline`` on PyPI); the one place it is set."""

__all__ = [
    "BigDate",
    "Citation",
    "Difference",
    "Document",
    "Era",
    "Event",
    "FieldChange",
    "Figure",
    "Gap",
    "Kind",
    "Link",
    "MergeConflict",
    "Merged",
    "Person",
    "Place",
    "Precision",
    "Problem",
    "Source",
    "Status",
    "Timeline",
    "TimelineDiff",
    "TimelineError",
    "TimelineLoadError",
    "TimelineWarning",
    "When",
    "complete",
    "dump",
    "dumps",
    "edit",
    "from_ics",
    "is_complete",
    "load",
    "loads",
    "make_id",
    "noted",
    "patch",
    "read_ics",
    "to_csv",
    "to_ics",
    "to_timelinejs",
    "write_ics",
]

_LAZY = {
    "complete": "timeline.parquet_io",
    "is_complete": "timeline.parquet_io",
    "to_ics": "timeline.ical",
    "write_ics": "timeline.ical",
    "from_ics": "timeline.ical_import",
    "read_ics": "timeline.ical_import",
    "to_csv": "timeline.export",
    "to_timelinejs": "timeline.export",
    "Gap": "timeline.order",
    "Document": "timeline.patch",
    "Difference": "timeline.ops",
    "FieldChange": "timeline.ops",
    "MergeConflict": "timeline.ops",
    "Merged": "timeline.ops",
    "TimelineDiff": "timeline.ops",
}


def __getattr__(name: str) -> Any:
    import importlib

    module = _LAZY.get(name)
    if module is None:
        if _is_submodule(name):  # a public submodule: timeline.export.to_csv
            return importlib.import_module(f"timeline.{name}")  # (which sets the attribute)
        raise AttributeError(f"module 'timeline' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def _is_submodule(name: str) -> bool:
    import importlib.util

    if name.startswith("_") or not name.isidentifier():
        return False
    spec = importlib.util.find_spec(f"timeline.{name}")
    return spec is not None and spec.origin is not None  # (not the data folder)


def __dir__() -> list[str]:
    import pkgutil

    public = {m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")}
    return sorted({*globals(), *__all__, *public})
