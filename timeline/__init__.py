"""timeline: dated events with honest dates.

>>> import timeline
>>> tl = timeline.load("data/events.toml")  # doctest: +SKIP
>>> tl["operation-safe-city"].when.describe()  # doctest: +SKIP
'24–27 Sep 2017'
"""

from timeline.errors import Problem, TimelineError, TimelineLoadError
from timeline.models import Citation, Event, Figure, Link, Person, Place, Source, Status, Timeline
from timeline.toml_io import dump, dumps, load, loads
from timeline.when import Kind, Precision, When

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
    "When",
    "dump",
    "dumps",
    "load",
    "loads",
]
