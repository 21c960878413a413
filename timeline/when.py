"""Honest dates: :class:`When`, a parsed EDTF (ISO 8601-2) value.

A ``When`` keeps what was written, at the precision it was written, with its
qualifiers, and knows the *strict bounds* of the span in which the real date
lies.  The forms it reads, and how, are in :mod:`timeline.edtf` (the parser);
this module is the value: its bounds and order.  Its description in words, per
locale, is put together by :mod:`timeline.description` (beside :mod:`timeline.i18n`,
which holds the words).
"""

from __future__ import annotations

import calendar
import datetime as _dt
from typing import TYPE_CHECKING, Final

import attrs
import pendulum

from timeline._fast import slot_filler, value_cache
from timeline.bigdate import BigDate
from timeline.description import describe as _describe
from timeline.edtf import EndKind, Kind, Precision
from timeline.edtf import parse as _parse_edtf
from timeline.errors import TimelineError

if TYPE_CHECKING:
    from timeline.order import Gap

__all__ = ["EndKind", "Kind", "Precision", "When"]


def _equal_or_none(a: object, b: object) -> bool:
    return a is b or a == b


@attrs.frozen(eq=False, repr=False)
class When:
    """A date, date-time, interval or set of dates, written in EDTF.

    ``When(text, tz=None)`` parses and validates; :meth:`parse` does the same
    with a cache.  Two values are equal when their canonical EDTF text and
    zone are equal; they sort by :attr:`sort_key` ``(lower, upper, edtf,
    tz)``: earliest first, then the one that ends first.  ``tz`` is kept only
    for values with a time of day; for a date it is dropped (set to ``None``).

    >>> w = When.parse("2017-09-24/2017-09-27")
    >>> str(w), w.earliest, w.latest
    ('2017-09-24/2017-09-27', Date(2017, 9, 24), Date(2017, 9, 27))
    >>> When.parse("2017-09~").describe()
    'c. Sep 2017'
    """

    edtf: str = attrs.field()
    """Canonical EDTF text."""
    tz: str | None = attrs.field(default=None)
    """IANA zone for date-times written without offset (``None``: as written)."""

    kind: Kind = attrs.field(init=False)
    precision: Precision = attrs.field(init=False)
    """How finely the value is known (for intervals and sets: the finest part)."""
    uncertain: bool = attrs.field(init=False)
    """``?`` somewhere in the value: the source is not sure of it."""
    approximate: bool = attrs.field(init=False)
    """``~`` somewhere in the value: the date is about right."""
    unspecified: bool = attrs.field(init=False)
    """Some digits are ``X``: not given."""
    # An interval's ends (``None`` for a date, which is its own start and end,
    # see :attr:`start`: a date holding itself would be a reference cycle, which
    # only the cyclic collector could free)
    _start: When | None = attrs.field(init=False)
    _end: When | None = attrs.field(init=False)
    start_kind: EndKind = attrs.field(init=False)
    end_kind: EndKind = attrs.field(init=False)
    choices: tuple[When, ...] = attrs.field(init=False)
    """A set's members (empty for dates and intervals)."""
    lower: float = attrs.field(init=False)
    """Strict lower bound as seconds since 1970-01-01 (dates read as UTC); ``-inf`` if none."""
    upper: float = attrs.field(init=False)
    """Strict *exclusive* upper bound, seconds; the end of the last possible day (or minute)."""
    _earliest: _dt.date | BigDate | None = attrs.field(init=False)
    _latest: _dt.date | BigDate | None = attrs.field(init=False)
    _season: int = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        _fill(self, **_parse_edtf(self.edtf, self.tz, _parse_cached))
        if self.tz is not None and "T" not in self.edtf:
            # a zone only matters for times of day: "2017-09-15" in any zone is
            # the same value, so it is equal (and hashes) the same
            object.__setattr__(self, "tz", None)

    # -- public API --------------------------------------------------------

    @staticmethod
    def parse(text: str, tz: str | None = None) -> When:
        """Parse EDTF ``text`` (with an optional IANA zone for its times).

        Raises :class:`~timeline.errors.TimelineError` on bad input.

        >>> When.parse("2017-09-19T13:00", tz="America/Los_Angeles").earliest
        DateTime(2017, 9, 19, 13, 0, 0, tzinfo=Timezone('America/Los_Angeles'))
        """
        if not isinstance(text, str):
            raise TimelineError(f"EDTF value must be a string, not {type(text).__name__}: {text!r}")
        return _parse_cached(text, tz)

    @classmethod
    def from_text(
        cls,
        text: str,
        *,
        reference: When | str | None = None,
        locale: str = "en",
        week_start: int = calendar.MONDAY,
    ) -> When:
        """The date ``text`` names in words, worked out against ``reference``.

        See :func:`timeline.words.from_text` and docs/words.md.

        >>> When.from_text("between Monday and Thursday", reference="2017-09-29")
        When('2017-09-25/2017-09-28')
        """
        from timeline.words import from_text  # words builds on When

        return from_text(text, reference=reference, locale=locale, week_start=week_start)

    @property
    def start(self) -> When | None:
        """An interval's start; ``None`` when open or unknown.  For a date: itself."""
        return self if self.kind is Kind.DATE else self._start

    @property
    def end(self) -> When | None:
        """An interval's end; ``None`` when open or unknown.  For a date: itself."""
        return self if self.kind is Kind.DATE else self._end

    @property
    def earliest(self) -> pendulum.Date | pendulum.DateTime | None:
        """The first day (or instant) the value can be; ``None`` when unbounded.

        A ``Date`` or a ``DateTime`` depending on the value, which a type
        checker cannot tell apart (``DateTime`` is a ``Date``): code that
        computes with bounds should use :attr:`earliest_day` or
        :attr:`earliest_time`, whose types do not depend on the value.

        A bound outside years 1–9999 (``-1985``, ``Y170000002``), which
        pendulum cannot hold, raises a :class:`~timeline.errors.TimelineError`
        naming it: :attr:`earliest_bigdate` gives every bound, and
        :attr:`fits` tells whether pendulum holds them.
        """
        return _as_pendulum(self, self._earliest)

    @property
    def latest(self) -> pendulum.Date | pendulum.DateTime | None:
        """The last day (or instant) the value can be; ``None`` when unbounded.

        See :attr:`earliest`; :attr:`latest_day` and :attr:`latest_time` are typed.
        """
        return _as_pendulum(self, self._latest)

    @property
    def earliest_day(self) -> pendulum.Date | None:
        """The first day the value can be, always a ``Date``; ``None`` when unbounded.

        For a time of day, its day on its own clock (``2017-08-25T22:00`` in
        ``America/Chicago`` is 25 August).  Outside years 1–9999 see :attr:`earliest`.
        """
        return _as_day(self, self._earliest)

    @property
    def latest_day(self) -> pendulum.Date | None:
        """The last day the value can be, always a ``Date``; ``None`` when unbounded."""
        return _as_day(self, self._latest)

    @property
    def earliest_bigdate(self) -> BigDate | None:
        """The first day the value can be, in any year, as a :class:`~timeline.bigdate.BigDate`.

        >>> When.parse("-1985").earliest_bigdate
        BigDate(year=-1985, month=1, day=1)
        """
        value = self._earliest
        if value is None or isinstance(value, BigDate):
            return value
        return BigDate.of(value)

    @property
    def latest_bigdate(self) -> BigDate | None:
        """The last day the value can be, in any year (see :attr:`earliest_bigdate`)."""
        value = self._latest
        if value is None or isinstance(value, BigDate):
            return value
        return BigDate.of(value)

    @property
    def fits(self) -> bool:
        """True when every bound lies in years 1–9999, where pendulum's dates hold them."""
        return type(self._earliest) is not BigDate and type(self._latest) is not BigDate

    @property
    def earliest_time(self) -> pendulum.DateTime | None:
        """The first instant, for a value with a time of day; ``None`` for days."""
        value = self._earliest
        return _as_datetime(value) if isinstance(value, _dt.datetime) else None

    @property
    def latest_time(self) -> pendulum.DateTime | None:
        """The last instant, for a value with a time of day; ``None`` for days."""
        value = self._latest
        return _as_datetime(value) if isinstance(value, _dt.datetime) else None

    @property
    def is_interval(self) -> bool:
        return self.kind is Kind.INTERVAL

    @property
    def is_timed(self) -> bool:
        """True when the value has a time of day (its bounds are DateTimes)."""
        return isinstance(self._earliest or self._latest, _dt.datetime)

    @property
    def is_exact(self) -> bool:
        """A single day or instant (or an interval of them) with no qualifier."""
        return (
            self.kind is not Kind.SET
            and self.precision >= Precision.DAY
            and not (self.uncertain or self.approximate or self.unspecified)
            and self.start_kind is EndKind.KNOWN
            and self.end_kind is EndKind.KNOWN
        )

    @property
    def sort_key(self) -> tuple[float, float, str, str]:
        """``(lower, upper, edtf, tz)``: the order of :class:`When` values, a total one."""
        return (self.lower, self.upper, self.edtf, self.tz or "")

    def contains(self, other: When) -> bool:
        """True when ``other``'s whole span lies within this value's span."""
        return self.lower <= other.lower and other.upper <= self.upper

    # Order and distance between uncertain values: the rules are in timeline.order

    def certainly_before(self, other: When) -> bool:
        """However both are read, this ended before ``other`` began (see :mod:`timeline.order`).

        >>> When.parse("2017-09-19").certainly_before(When.parse("2017-09-24/2017-09-27"))
        True
        """
        from timeline import order  # order builds on When

        return order.certainly_before(self, other)

    def possibly_before(self, other: When) -> bool:
        """Some reading of both has this end before ``other`` begins.

        >>> When.parse("2017-09").possibly_before(When.parse("2017-09-24"))
        True
        """
        from timeline import order

        return order.possibly_before(self, other)

    def overlaps(self, other: When) -> bool:
        """Some reading of both has them share an instant (:meth:`possibly_overlaps`).

        Compared on local days (a time of day lies on its own day) and member by
        member for sets; see :mod:`timeline.order`.
        """
        from timeline import order

        return order.possibly_overlaps(self, other)

    def possibly_overlaps(self, other: When) -> bool:
        """Some reading of both has them share an instant (the same as :meth:`overlaps`)."""
        from timeline import order

        return order.possibly_overlaps(self, other)

    def certainly_overlaps(self, other: When) -> bool:
        """However both are read, they share an instant.

        >>> When.parse("2017-09-25").certainly_overlaps(When.parse("2017-09-24/2017-09-27"))
        True
        """
        from timeline import order

        return order.certainly_overlaps(self, other)

    def gap(self, other: When) -> Gap:
        """The time between this and ``other``, as a :class:`~timeline.order.Gap`.

        >>> When.parse("2017-09-19").gap(When.parse("2017-09-24")).describe()
        '5 days'
        """
        from timeline import order

        return order.gap(self, other)

    def __str__(self) -> str:
        return self.edtf

    def __repr__(self) -> str:
        if self.tz is None:
            return f"When({self.edtf!r})"
        return f"When({self.edtf!r}, tz={self.tz!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, When):
            return NotImplemented
        return self.edtf == other.edtf and self.tz == other.tz

    def __hash__(self) -> int:
        return hash((self.edtf, self.tz))

    # Equal sort keys mean equal values (the key holds the edtf and the tz),
    # so these four agree with ``==``: a total order.

    def __lt__(self, other: When) -> bool:
        if not isinstance(other, When):
            return NotImplemented
        return self.sort_key < other.sort_key

    def __le__(self, other: When) -> bool:
        if not isinstance(other, When):
            return NotImplemented
        return self.sort_key <= other.sort_key

    def __gt__(self, other: When) -> bool:
        if not isinstance(other, When):
            return NotImplemented
        return self.sort_key > other.sort_key

    def __ge__(self, other: When) -> bool:
        if not isinstance(other, When):
            return NotImplemented
        return self.sort_key >= other.sort_key

    # -- description -------------------------------------------------------

    def describe(self, locale: str = "en") -> str:
        """A human description: "24–27 Sep 2017", "Sep 2017", "c. 19 Sep 2017".

        The locale is passed explicitly (``en``, ``fr``, ``de``, ``es``); no
        global state is read.  The words are put together by
        :func:`timeline.description.describe`.
        """
        return _describe(self, locale)


# The parser's fields fill a When's computed slots (a speed trick: see timeline._fast)
_fill: Final = slot_filler(
    When,
    skip=("tz",),
    defaults={
        "kind": Kind.DATE,
        "uncertain": False,
        "approximate": False,
        "unspecified": False,
        "start": None,
        "end": None,
        "start_kind": EndKind.KNOWN,
        "end_kind": EndKind.KNOWN,
        "choices": (),
        "season": 0,
    },
)
_parse_cached: Final = value_cache(When)


_UTC: Final = _dt.UTC


def _outside(when: When, value: BigDate) -> TimelineError:
    """The error for a bound that pendulum cannot hold."""
    return TimelineError(
        f"{when!r} has a bound outside years 1–9999, {value.isoformat()}, which pendulum"
        " dates cannot hold: use earliest_bigdate and latest_bigdate (see When.fits)"
    )


def _as_pendulum(
    when: When, value: _dt.date | BigDate | None
) -> pendulum.Date | pendulum.DateTime | None:
    if value is None:
        return None
    if isinstance(value, BigDate):
        raise _outside(when, value)
    if isinstance(value, _dt.datetime):
        return _as_datetime(value)
    if isinstance(value, pendulum.Date):
        return value
    return pendulum.Date(value.year, value.month, value.day)


def _as_datetime(value: _dt.datetime) -> pendulum.DateTime:
    if isinstance(value, pendulum.DateTime):
        return value
    # a plain datetime of a value without zone: the DateTime the value
    # was once parsed to (naive, in pendulum.UTC for Z, else a fixed offset)
    zone = value.tzinfo
    args = (value.year, value.month, value.day, value.hour, value.minute, value.second)
    if zone is None:
        return pendulum.naive(*args)
    if zone is _UTC:
        return pendulum.datetime(*args, tz=pendulum.UTC)
    offset = value.utcoffset()
    assert offset is not None
    return pendulum.datetime(*args, tz=pendulum.FixedTimezone(int(offset.total_seconds())))


def _as_day(when: When, value: _dt.date | BigDate | None) -> pendulum.Date | None:
    """The day of a bound on its own clock (the wall-clock date of a date-time)."""
    if value is None:
        return None
    if type(value) is pendulum.Date:
        return value
    if isinstance(value, BigDate):
        raise _outside(when, value)
    return pendulum.Date(value.year, value.month, value.day)
