"""Speed tricks of the library, in one place: each builds what the checked path builds, faster.

A 100,000-event file must load in about the time ``tomli`` takes to parse it.
The ordinary path (attrs ``__init__``, validators, converters, one ``When`` per
date written) is correct but would double that.  Every trick here skips work
that is *proven unneeded*, and must leave objects **equal** to those of the
checked path, with the same derived state (``tests/test_fast.py`` builds both
and compares them):

:func:`slot_filler`
    Sets an attrs class's computed slots through the slots' own descriptors,
    by keyword: half the cost of ``object.__setattr__``, which looks each name
    up.  ``When`` fills its sixteen slots with it from the parser's fields.  Must
    set every slot (a missing one would raise ``AttributeError`` on first read).

:func:`trusted_maker`
    Builds an attrs object from *checked* values without running its
    validators and converters (the loader has checked every value itself,
    to the models' rules, with messages naming the file and line).  Not
    ``attrs.validators.disabled()``: that switch is process-wide, and the
    viewer loads on a worker thread while the GUI thread may build models.
    Must be given values in the form the converters would make (tuples, a
    ``Status``), and run what ``__attrs_post_init__`` derives (``finish``).

:func:`trusted_evolve`
    ``attrs.evolve`` by a trusted maker: for an edit that changes checked objects
    in ways that keep them good (an id already checked put in place of another, an
    item taken out of a tuple).  Renaming a source cited by 100,000 events made
    each citing event again through every validator: seconds of CPU.

:func:`value_cache`
    Shares immutable values made from the same arguments (the parsed dates:
    interval ends and set members repeat).  Must only wrap a pure function
    of hashable arguments whose results are immutable.

:class:`Sharing`
    One load's tables of repeated values: one string per distinct short text
    (tags, names, source ids...), one tuple per tag list, one ``Place`` per name
    and coordinates, one ``Person`` per name and role, one ``When`` per date
    text and zone.  The tables live as long as the load: no keys are left
    behind for the cyclic collector.  Must only share values that are equal
    *and written back alike* (``45`` and ``45.0`` are equal but are not).

:func:`collector_paused`
    Pauses the cyclic garbage collector while a big file loads: it makes
    millions of objects, none of them garbage, which the collector would
    rescan again and again.  The switch is process-wide, so it is only used
    when the caller asks for it (``load(path, pause_gc=True)``), and the
    collector is left as it was found.

The fillers and makers are generated (as attrs generates ``__init__``): they
take keyword arguments and cost about what written-out setters cost (a
keyword call is a few percent dearer than a positional one, per object).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import threading
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final, ParamSpec, TypeVar

import attrs

__all__ = [
    "Sharing",
    "collector_held",
    "collector_paused",
    "slot_filler",
    "trusted_maker",
    "value_cache",
]

P = ParamSpec("P")
T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")


def _generate(
    name: str, owner: type, params: list[str], body: list[str], scope: dict[str, Any]
) -> Callable[..., Any]:
    """Compile ``def name(params): body`` with ``scope`` as its globals."""
    source = f"def {name}({', '.join(params)}):\n" + "".join(f"    {line}\n" for line in body)
    code = compile(source, f"<timeline._fast {name} of {owner.__name__}>", "exec")
    namespace: dict[str, Any] = {}
    exec(code, scope, namespace)
    function: Callable[..., Any] = namespace[name]
    function.__qualname__ = f"{name}[{owner.__name__}]"
    return function


def _setter_name(field: str) -> str:
    return f"_set{field}" if field.startswith("_") else f"_set_{field}"


def slot_filler(
    cls: type, *, skip: tuple[str, ...] = (), defaults: Mapping[str, object] | None = None
) -> Callable[..., None]:
    """``fill(obj, *, field=value, ...)``: sets every attrs field of ``cls`` but ``skip``.

    Each field is named by its ``__init__`` alias (``_start`` is ``start``);
    ``defaults`` gives the values of fields that may be left out.
    """
    defaults = dict(defaults or {})
    scope: dict[str, Any] = {}
    params = ["obj", "*"]
    body: list[str] = []
    for field in attrs.fields(cls):
        if field.name in skip:
            continue
        setter = _setter_name(field.name)
        scope[setter] = cls.__dict__[field.name].__set__
        if field.alias in defaults:
            scope[f"_default_{field.alias}"] = defaults.pop(field.alias)
            params.append(f"{field.alias}=_default_{field.alias}")
        else:
            params.append(field.alias)
        body.append(f"{setter}(obj, {field.alias})")
    if defaults:
        raise TypeError(f"{cls.__name__} has no fields {sorted(defaults)}")
    return _generate("fill", cls, params, body, scope)


def trusted_maker(
    cls: Callable[P, T],
    *,
    convert: Mapping[str, Callable[[Any], object]] | None = None,
    finish: Callable[[T], None] | None = None,
) -> Callable[P, T]:
    """An unchecked constructor of attrs class ``cls``, called with keywords only.

    It takes the ``__init__`` fields by name (those with a default may be left
    out), applies ``convert[name]`` to those named there, sets them, then calls
    ``finish(obj)`` for the state ``__attrs_post_init__`` would derive.
    """
    assert isinstance(cls, type)
    convert = dict(convert or {})
    scope: dict[str, Any] = {"_new": object.__new__, "_cls": cls, "_finish": finish}
    params = ["*"]
    body = ["obj = _new(_cls)"]
    for field in attrs.fields(cls):
        if not field.init:
            continue
        setter = _setter_name(field.name)
        scope[setter] = cls.__dict__[field.name].__set__
        if field.default is attrs.NOTHING:
            params.append(field.alias)
        else:
            if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
                raise TypeError(f"{cls.__name__}.{field.name}: factories are not supported")
            scope[f"_default_{field.alias}"] = field.default
            params.append(f"{field.alias}=_default_{field.alias}")
        value = field.alias
        if field.alias in convert:
            scope[f"_convert_{field.alias}"] = convert.pop(field.alias)
            value = f"_convert_{field.alias}({value})"
        body.append(f"{setter}(obj, {value})")
    if convert:
        raise TypeError(f"{cls.__name__} has no fields {sorted(convert)}")
    if finish is not None:
        body.append("_finish(obj)")
    body.append("return obj")
    maker: Callable[P, T] = _generate("make", cls, params, body, scope)
    return maker


def trusted_evolve(make: Callable[..., T], item: T, **changes: object) -> T:
    """``attrs.evolve(item, **changes)``, made by ``make`` (:func:`trusted_maker` of
    ``item``'s class): nothing checked again.  Only for changes that keep a checked
    ``item`` good, in the form the converters make (a tuple, not a list)."""
    kind: Any = type(item)
    values = {f.alias: getattr(item, f.name) for f in attrs.fields(kind) if f.init}
    values.update(changes)
    return make(**values)


def value_cache(make: Callable[[K, V], T], maxsize: int = 65536) -> Callable[[K, V], T]:
    """``make``, remembering its last ``maxsize`` results (``cache_clear()`` empties it)."""
    cached: Callable[[K, V], T] = functools.lru_cache(maxsize=maxsize)(make)
    return cached


class Sharing:
    """The tables of values shared within one load (see the module's notes).

    ``text(s, s)`` is the first string equal to ``s`` (a dict's
    ``setdefault``, bound: the cheapest call there is).
    """

    def __init__(self) -> None:
        self._strings: dict[str, str] = {}
        self.text: Final = self._strings.setdefault
        self._tags: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._places: dict[tuple[str, float | None, float | None, type, type], Any] = {}
        self._people: dict[tuple[str, str | None], Any] = {}
        self._dates: dict[str | tuple[str, str], Any] = {}

    def tags(self, tags: tuple[str, ...]) -> tuple[str, ...]:
        """One tuple for each tag list, of shared strings."""
        shared = self._tags.get(tags)
        if shared is None:
            text = self.text
            shared = tuple([text(t, t) for t in tags])
            self._tags[shared] = shared  # (its own key: one tuple, not two)
        return shared

    def known_tags(self, tags: tuple[object, ...]) -> tuple[str, ...] | None:
        """The shared tuple of a tag list made before (so checked then), else ``None``."""
        try:
            return self._tags.get(tags)  # type: ignore[arg-type]
        except TypeError:  # an array or a table among the tags: not one made before
            return None

    def known_tag_lists(self, tag_lists: list[tuple[object, ...]]) -> list[tuple[str, ...] | None]:
        """:meth:`known_tags` of each of ``tag_lists`` (a ``TypeError`` when one holds an
        unhashable value)."""
        return list(map(self._tags.get, tag_lists))  # type: ignore[arg-type]

    def known_person(self, name: object, role: object) -> Any:
        """The shared person of this name and role made before (so checked then), else
        ``None`` (a ``TypeError`` when one is unhashable)."""
        return self._people.get((name, role))  # type: ignore[arg-type]

    def known_place(self, name: str, lat: object, lon: object) -> Any:
        """The shared place of this name and coordinates made before, else ``None``.

        (Made before means checked then: the loader checks only new ones.
        ``lat`` and ``lon`` must be hashable.)
        """
        return self._places.get((name, lat, lon, type(lat), type(lon)))  # type: ignore[arg-type]

    def place(self, make: Callable[..., T], name: str, lat: float | None, lon: float | None) -> T:
        """``make(name=, lat=, lon=)``, shared when the same name and coordinates repeat."""
        if lat == 0 or lon == 0:
            # 0, 0.0 and -0.0 are equal (and hash alike) but are written back
            # differently: such a place is not shared
            return make(name=self.text(name, name), lat=lat, lon=lon)
        # the types in the key too: 45 and 45.0 are equal, but written apart
        key = (name, lat, lon, type(lat), type(lon))
        place: T | None = self._places.get(key)
        if place is None:
            place = self._places[key] = make(name=self.text(name, name), lat=lat, lon=lon)
        return place

    def person(self, make: Callable[..., T], name: str, role: str | None) -> T:
        """``make(name=, role=)``, shared when the same name and role repeat."""
        key = (name, role)
        person: T | None = self._people.get(key)
        if person is None:
            text = self.text
            person = self._people[key] = make(
                name=text(name, name), role=None if role is None else text(role, role)
            )
        return person

    def date(self, make: Callable[[str, str | None], T], text: str, tz: str | None) -> T:
        """``make(text, tz)``, once for each text and zone (errors are not kept).

        Keyed by the text alone when there is no zone: no key tuple per date.
        (A table of the load's own, not a process-wide cache, whose keys would
        be left for the cyclic collector to scan once the load is done.)
        """
        key = text if tz is None else (text, tz)
        value: T | None = self._dates.get(key)
        if value is None:
            value = self._dates[key] = make(text, tz)
        return value


# CPython has no per-thread switch: a load on a worker thread pauses the
# collector for every thread.  What they make is still freed by reference
# counting; only garbage in reference cycles waits, until the load ends.  Loads
# may run on several threads at once: a count, under a lock, makes the first
# one pause the collector and the last one restore it (only if it ran before).
_collector_lock: Final = threading.Lock()
_collector_holds = 0
_collector_was_enabled = False


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (process-wide) for the ``with`` block."""
    global _collector_holds, _collector_was_enabled
    with _collector_lock:
        if _collector_holds == 0:
            _collector_was_enabled = gc.isenabled()
            gc.disable()
        _collector_holds += 1
    try:
        yield
    finally:
        with _collector_lock:
            _collector_holds -= 1
            if _collector_holds == 0 and _collector_was_enabled:
                gc.enable()


def collector_held() -> bool:
    """Whether a ``with collector_paused()`` block runs now (on any thread): a collector
    driven by the application (the viewer's, on its GUI thread) waits until it ends."""
    return _collector_holds > 0
