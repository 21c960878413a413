"""timeline: dated events with honest dates.

Load a timeline, ask what happened when, and what the sources said::

    >>> import timeline
    >>> tl = timeline.load("data/events.toml")  # doctest: +SKIP
    >>> tl["operation-safe-city"].when.describe()  # doctest: +SKIP
    '24–27 Sep 2017'

The iCalendar functions (``to_ics``, ``write_ics``, ``from_ics``) are imported
on first use, so that ``import timeline`` stays quick for scripts and the
command line.  TimelineJS and CSV exports live in :mod:`timeline.export`.
"""

from typing import TYPE_CHECKING, Any

from timeline import edit
from timeline.errors import Problem, TimelineError, TimelineLoadError, TimelineWarning
from timeline.models import Citation, Event, Figure, Link, Person, Place, Source, Status, Timeline
from timeline.toml_io import dump, dumps, load, loads
from timeline.when import Kind, Precision, When

if TYPE_CHECKING:
    from timeline.ical import to_ics, write_ics
    from timeline.ical_import import from_ics

__version__ = "0.1.0"
"""The version of the distribution (``edtf-timeline`` on PyPI); the one place it is set."""

__all__ = [
    "Citation",
    "Event",
    "Figure",
    "Kind",
    "Link",
    "Person",
    "Place",
    "Precision",
    "Problem",
    "Source",
    "Status",
    "Timeline",
    "TimelineError",
    "TimelineLoadError",
    "TimelineWarning",
    "When",
    "dump",
    "dumps",
    "edit",
    "from_ics",
    "load",
    "loads",
    "to_ics",
    "write_ics",
]

_LAZY = {
    "to_ics": "timeline.ical",
    "write_ics": "timeline.ical",
    "from_ics": "timeline.ical_import",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'timeline' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
