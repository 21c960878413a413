"""The fast path of a big TOML load: the events kept as columns, their dates read whole.

Profiled on a 100,000-event file (CPU seconds, collector paused): toml-rs parses
it in 0.75 s, the decoder's checks take 1.4 s, parsing the 75,000 distinct dates
into :class:`~timeline.when.When` objects 1.4 s, building the ``Event`` objects
0.1 s and putting them in order 0.3 s.  The dates are the share worth taking:
:class:`ColumnReader` is the codec's decoder with every check and message of
the row-by-row path, except that an event's date is only type-checked while its
table is read; the texts are then read a whole column at a time by
:func:`timeline._date_columns.read_dates` (numpy; the few forms it does not
vouch for parsed by ``When``, each distinct one once) and the events are kept as
:class:`~timeline.columns.EventColumns`: each ``When`` and ``Event`` made when
first asked for, from the parts the decoder checked (:class:`TomlRows`).
Each run of events is checked a column at a time, as in the row-by-row path
(:func:`timeline._decoder_runs.checked_run`, the same rules); a run where any
value might be refused is checked event by event.

It never words an error: when anything is refused (a problem the decoder
found, a date ``When`` refuses), :class:`RefusedError` is raised and the caller
reads the document row by row, which reports every problem as it always has.
numpy and pyarrow are optional: :func:`available` says whether this path can run.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import accumulate
from typing import Any, Final

from timeline._chronology import order
from timeline._decoder import _Path
from timeline._decoder_events import Rest, made_event
from timeline._decoder_runs import Run
from timeline._fast import Sharing
from timeline.codec import Decoder
from timeline.errors import TimelineLoadError
from timeline.models import Event, Link, Status, Timeline, _columnar_timeline, search_text
from timeline.rules import wrong_type
from timeline.when import When

__all__ = [
    "COLUMNS_FROM",
    "ColumnReader",
    "RefusedError",
    "TomlRows",
    "available",
    "worth_it",
]

_TITLE: Final = 0
_STATUS: Final = 1
_SUMMARY: Final = 2
_PLACES: Final = 3
_TAGS: Final = 5
_SOURCES: Final = 7
_RELATED: Final = 8
_PARTS: Final = {"sources": _SOURCES, "related": _RELATED}
"""The place in a row's parts of each part :meth:`TomlRows.naming` searches."""
_NO_DATE: Any = None
"""The date of an event made only for its search text (:func:`search_text` reads none)."""


class RefusedError(Exception):
    """Something is refused: the row-by-row path reads the document and says what."""


COLUMNS_FROM: Final = 16 << 20
"""A document this long or longer (characters or bytes: about 36,000 events) loads into
columns, importing numpy and pyarrow for it when they are not yet; a shorter one row by
row.  The size alone chooses: the same call takes the same path whatever another module
imported (:func:`worth_it`).  Columns save about 20 µs an event; the imports cost 0.3 s of
CPU, and 1.3 s more for pandas, which ``pyarrow.array`` imports when it is installed: from
16 MiB a load that imports them all loses at most 0.9 s (break-even near 80,000 events),
and one in a process that has them already gains at least 0.7 s."""


def worth_it(size: int) -> bool:
    """True when a document of ``size`` characters or bytes loads into columns: it is
    :data:`COLUMNS_FROM` or longer, and numpy and pyarrow are installed."""
    return size >= COLUMNS_FROM and available()


def available() -> bool:
    """True when numpy and pyarrow, which read the dates, are installed."""
    try:
        import numpy  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


class ColumnReader(Decoder):
    """The decoder, keeping each checked event's parts instead of building it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._ids: list[str] = []
        self._date_texts: list[str] = []
        self._date_zones: list[str | None] = []
        self._rests: list[Rest] = []
        self._parsed = _DateParser(self._shared)
        """What parses the dates of the events kept (each distinct one once); the timeline
        keeps it, not the decoder."""

    def add_events(self, tables: list[tuple[int, Any]]) -> None:
        super().add_events(tables)
        if self.count:
            raise RefusedError  # (the row-by-row path lists every problem)

    def _keep_run(self, run: Run) -> bool:
        """Keep the events of a run :func:`checked_run` found good, their dates unread."""
        self._rests += run.rests()
        self._ids += run.ids
        self._date_texts += run.dates
        self._date_zones += run.zones
        return True

    def _event_date(
        self, path: _Path, event: str | None, field: str, text: object, tz: str | None
    ) -> Any:
        if type(text) is not str:
            self._add(path, event, field, wrong_type(text, "a string (an EDTF date)"))
            return None
        return (text, tz)  # read with the others once every event is read

    def _keep(self, event_id: str, when: Any, rest: Rest) -> None:
        self._ids.append(event_id)
        self._date_texts.append(when[0])
        self._date_zones.append(when[1])
        self._rests.append(rest)

    def finish(self) -> Timeline:
        try:
            head = super().finish()  # (the links checked; the events are kept here)
        except TimelineLoadError:
            raise RefusedError from None
        dated = _Dates(self)
        dates = dated.read()
        ids = self._ids
        positions = order(dates.lower, dates.upper, ids, arrays=True)  # (numpy's sort)
        return _columnar_timeline(
            head,
            ids=[ids[r] for r in positions],
            when=_Dated(self, positions).when,
            keys=dates.keys_in(positions),
            positions=positions,
            rows=TomlRows(ids, self._rests, dated),
        )


class _DateParser:
    """Parses a kept event's date: holds the decoder's shared values, not the decoder.

    (The timeline keeps this for the dates it makes later; a bound method of the decoder
    kept the decoder, and with it the whole file's bytes for its messages' lines: 47 MB
    for the 100k-event file, for as long as the timeline lived.)"""

    __slots__ = ("_shared",)

    def __init__(self, shared: Sharing) -> None:
        self._shared = shared

    def __call__(self, text: str, tz: str | None) -> When:
        """The date ``text`` in zone ``tz`` (each distinct one parsed once); refused: raised."""
        try:
            return self._shared.date(When, text, tz)
        except Exception:
            raise RefusedError from None


class _Dated:
    """Makes the date of a position when first asked for, from its row's text and zone."""

    def __init__(self, reader: ColumnReader, positions: list[int]) -> None:
        self._rows = positions
        self._date_texts = reader._date_texts
        self._date_zones = reader._date_zones
        self._parsed = reader._parsed

    def when(self, p: int) -> When:
        row = self._rows[p]
        return self._parsed(self._date_texts[row], self._date_zones[row])


class _Dates:
    """The dates' texts and zones of a document's events by row: read whole by the load
    (:meth:`ColumnReader.finish`), and again when asked for (:meth:`TomlRows.arrow_columns`)."""

    def __init__(self, reader: ColumnReader) -> None:
        self.texts = reader._date_texts
        self.zones = reader._date_zones
        self._parsed = reader._parsed

    def read(self) -> Any:
        """The dates by row (:class:`timeline._date_columns.DateColumns`), as the load read
        them (the forms it does not vouch for parsed, each distinct one once)."""
        texts, zones = self.texts, self.zones
        dates = _read_dates(texts, zones)
        others = dates.unknown().tolist()
        if others:
            dates.fill(others, [self._parsed(texts[r], zones[r]) for r in others])
        return dates


class TomlRows:
    """The checked events of a TOML document by row (:class:`~timeline.columns.Rows`):
    each one's id and parts but its date, as the decoder checked them."""

    __slots__ = ("_dates", "_ids", "_rests", "_search")

    def __init__(self, ids: list[str], rests: list[Rest], dates: _Dates) -> None:
        self._ids = ids
        self._rests = rests
        self._dates = dates
        self._search: list[str] | None = None

    def arrow_columns(self, rows: Sequence[int]) -> dict[str, Any]:
        """The columns of :meth:`Timeline.to_arrow <timeline.models.Timeline.to_arrow>` in
        the order ``rows`` (the row of each position), from the checked parts and the dates
        read whole, no ``Event`` or ``When`` made."""
        import numpy as np
        import pyarrow as pa

        from timeline._arrow_numpy import int64s
        from timeline._arrow_tables import dated, words
        from timeline.tables import arrow_arrays

        rests = [self._rests[r] for r in rows]
        texts, zones, ids = self._dates.texts, self._dates.zones, self._ids
        columns: dict[str, list[Any]] = {
            "id": [ids[r] for r in rows],
            "title": [rest[_TITLE] for rest in rests],
            "status": [rest[_STATUS]._value_ for rest in rests],
            "when": [texts[r] for r in rows],
            "tz": [zones[r] for r in rows],
            "tags": [rest[_TAGS] for rest in rests],
            "summary": [rest[_SUMMARY] for rest in rests],
        }
        arrays = arrow_arrays(pa, columns)
        # (no tuple a row: each new container counts towards the collector's next pass)
        places = [rest[_PLACES] for rest in rests]
        arrays["places"] = words(pa, places, [p.name for row in places for p in row])
        cited = [rest[_SOURCES] for rest in rests]
        arrays["sources"] = words(pa, cited, [c.source for row in cited for c in row])
        order = int64s(pa, np.asarray(rows, np.int64))
        for name, by_row in dated(pa, self._dates.read()).items():
            arrays[name] = by_row.take(order)
        return {name: pa.chunked_array([array]) for name, array in arrays.items()}

    def event(self, row: int, event_id: str, when: When) -> Event:
        return made_event(event_id, when, self._rests[row])

    def nested_columns(self, rows: Sequence[int]) -> dict[str, Any]:
        """The Parquet writer's nested columns in the order ``rows``, from the checked parts
        (:meth:`dateless`: no date made)."""
        import pyarrow as pa

        from timeline.parquet_io import nested_arrays

        return nested_arrays(pa, self.dateless(rows))

    def dateless(self, rows: Sequence[int]) -> list[Event]:
        """The events of ``rows`` without their dates (``when`` is ``None``; not kept): for
        what needs only their other parts (the Parquet writer's nested columns), no date
        made."""
        rests, ids = self._rests, self._ids
        return [made_event(ids[r], _NO_DATE, rests[r]) for r in rows]

    def title(self, row: int) -> str:
        return self._rests[row][_TITLE]

    def status(self, row: int) -> Status:
        status: Status = self._rests[row][_STATUS]
        return status

    def tags(self, row: int) -> tuple[str, ...]:
        tags: tuple[str, ...] = self._rests[row][_TAGS]
        return tags

    def links(self, row: int) -> tuple[Link, ...]:
        links: tuple[Link, ...] = self._rests[row][_RELATED]
        return links

    def titles(self, rows: Sequence[int]) -> list[str]:
        rests = self._rests
        return [rests[row][_TITLE] for row in rows]

    def tag_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for rest in self._rests:
            for tag in rest[_TAGS]:
                counts[tag] = counts.get(tag, 0) + 1
        return counts

    def statuses(self) -> frozenset[Status]:
        return frozenset([rest[_STATUS] for rest in self._rests])

    def link_kinds(self) -> list[str]:
        return sorted({link.kind for rest in self._rests for link in rest[_RELATED]})

    # -- questions about every row (timeline.columns' tuple-backed answers agree)

    def citing(self, rows: Sequence[int]) -> list[int]:
        rests = self._rests
        return [p for p, row in enumerate(rows) if rests[row][_SOURCES]]

    def naming(
        self, rows: Sequence[int], part: str, field: str, targets: frozenset[str]
    ) -> list[int]:
        """The positions whose rows have an item of ``part`` naming one of ``targets`` in its
        ``field`` (:func:`timeline.columns.naming_positions`)."""
        rests, at = self._rests, _PARTS[part]
        return [
            p
            for p, row in enumerate(rows)
            if rests[row][at] and any(getattr(item, field) in targets for item in rests[row][at])
        ]

    def reports(self, rows: Sequence[int]) -> list[tuple[int, str, When]]:
        rests = self._rests
        return [
            (p, c.source, c.reported)
            for p, row in enumerate(rows)
            for c in rests[row][_SOURCES]
            if c.reported is not None
        ]

    def matching(
        self,
        rows: Sequence[int],
        words: Sequence[str],
        tags: frozenset[str] | None,
        statuses: frozenset[Status] | None,
    ) -> list[int]:
        rests = self._rests
        texts = self._texts()
        found = []
        for p, row in enumerate(rows):
            rest = rests[row]
            if tags is not None and tags.isdisjoint(rest[_TAGS]):
                continue
            if statuses is not None and rest[_STATUS] not in statuses:
                continue
            text = texts[row]
            if all(w in text for w in words):
                found.append(p)
        return found

    def prepare_matching(self) -> None:
        self._texts()

    def _texts(self) -> list[str]:
        """:func:`~timeline.models.search_text` of each row, made once."""
        texts = self._search
        if texts is None:
            # (the rule is search_text's: an event made for it alone, its date not read)
            texts = self._search = [
                search_text(made_event(i, _NO_DATE, rest))
                for i, rest in zip(self._ids, self._rests, strict=True)
            ]
        return texts


def _read_dates(texts: Sequence[str], zones: Sequence[str | None]) -> Any:
    """The dates of ``texts`` in ``zones`` (:class:`timeline._date_columns.DateColumns`)."""
    import numpy as np
    import pyarrow as pa

    from timeline import _date_columns

    given = [zone is not None for zone in zones]
    return _date_columns.read_dates(
        pa, _strings(pa, np, texts), _strings(pa, np, zones, given) if any(given) else None
    )


def _strings(
    pa: Any, np: Any, values: Sequence[str | None], given: list[bool] | None = None
) -> Any:
    """``values`` as an Arrow array of strings (``None`` as null where not ``given``), made
    from its buffers: ``pyarrow.array`` of a list imports pandas, which costs more than the
    whole column (1.5 s of CPU)."""
    texts: list[str] = [v or "" for v in values]
    data = "".join(texts).encode()
    if len(data) == sum(map(len, texts)):  # ASCII: a character is a byte
        lengths: Any = map(len, texts)
    else:
        lengths = (len(t.encode()) for t in texts)
    offsets = np.fromiter(accumulate(lengths, initial=0), np.int64, len(texts) + 1)
    if offsets[-1] >= 2**31:
        raise RefusedError  # (not in a file under the size limit)
    buffers = [None, pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(data)]
    if given is not None:
        buffers[0] = pa.py_buffer(np.packbits(np.array(given, np.bool_), bitorder="little"))
    return pa.Array.from_buffers(pa.string(), len(texts), buffers)
