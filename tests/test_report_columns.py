"""The dates the citations report, read as columns (issue 15: the ghosts before the first frame).

A Parquet file's reported dates are read a whole column at a time and compared with
their events' keys at C speed (:mod:`timeline._report_columns`); the answers must be those
of the events themselves (:meth:`Event.conflicting`, :func:`timeline.days.local_bounds`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
pytest.importorskip("numpy")

from timeline import Citation, Event, Source, Timeline, When, dump, load, parquet_io  # noqa: E402
from timeline.columns import EventColumns, Ghosts, disagreeing_reports  # noqa: E402
from timeline.days import local_bounds  # noqa: E402

ZONES = (None, "Asia/Kolkata", "America/Chicago")


def _w(text: str, tz: str | None = None) -> When:
    return When.parse(text, tz=tz)


def _event(n: int, when: When, *reported: When | None) -> Event:
    citations = [Citation("wire", reported=r) for r in reported]
    return Event(f"e{n:02}", f"Event {n}", when, sources=citations)


# Each event and what its sources report: a report that is an instant is compared as an
# instant with an event that is one, else by local days (timeline.days.disagrees).
EVENTS = [
    # Harvey's landfall, an instant: 22:00 in Chicago is 03:00 UTC the next day
    _event(0, _w("2017-08-25T22:00", "America/Chicago"), _w("2017-08-26T03:00Z")),  # same
    _event(1, _w("2017-08-25T22:00", "America/Chicago"), _w("2017-08-26")),  # another day
    _event(2, _w("2017-08-25T22:00", "America/Chicago"), _w("2017-08-25")),  # its day
    # a day, and instants on it by local days (23:00 at -04:00 is the 26th in UTC)
    _event(3, _w("2017-08-25"), _w("2017-08-25T23:00-04:00")),  # on the 25th, locally
    _event(4, _w("2017-08-26"), _w("2017-08-25T23:00-04:00")),  # not the 26th, locally
    # the first disagreeing report is the ghost; one agreeing before it is passed over
    _event(5, _w("2017-09"), _w("2017-09-12"), None, _w("2017-10"), _w("2018")),
    # forms the column reader leaves to the parser: a season, a set with a time, a zone
    _event(6, _w("2017"), _w("2017-21")),
    _event(7, _w("2017-06"), _w("2017-21")),
    _event(8, _w("2017-06-01T10:00", "Europe/Paris"), _w("2017-06-01T08:00Z")),  # same
    _event(9, _w("2017-06-01T10:00", "Europe/Paris"), _w("2017-06-01T10:00", "Asia/Tokyo")),
    _event(10, _w("../2017-03-01"), _w("2016")),  # the open start holds it
    _event(11, _w("2017-03-01/.."), _w("2016/2017")),  # neither holds the other
    _event(12, _w("2017-03-01T09:30+01:00"), _w("[2017-03-01..2017-03-03]")),  # holds it
]


def _made(tl: Timeline) -> int:
    """How many events of the column-backed ``tl`` have been made."""
    assert isinstance(tl.events, EventColumns)
    return tl.events.made()


def _both(tmp_path: Path, events: list[Event]) -> tuple[Timeline, Timeline]:
    path = tmp_path / "reports.parquet"
    dump(Timeline("Reports", events, [Source("wire", "Wire")]), path, force=True)
    fast = load(path)
    slow = parquet_io._Reader(str(path), pa, pq.read_table(path)).timeline(as_columns=False)
    assert isinstance(fast.events, EventColumns)
    return fast, slow


def test_reported_dates_read_as_columns_disagree_as_the_events_say(tmp_path: Path) -> None:
    fast, slow = _both(tmp_path, EVENTS)
    expected = [
        (p, e.conflicting[0].source, e.conflicting[0].reported)
        for p, e in enumerate(slow)
        if e.conflicting
    ]
    found = disagreeing_reports(fast.events)
    assert isinstance(found, Ghosts)
    assert found == expected
    assert found == disagreeing_reports(slow.events)
    ids = {slow.events[p].id for p, _, _ in expected}
    assert ids == {"e01", "e04", "e05", "e07", "e09", "e11"}
    assert _made(fast) == 0  # (only the dates of events reported as instants)


@pytest.mark.parametrize("zone", ZONES)
def test_the_ghosts_are_placed_on_any_clock_as_their_dates_say(
    tmp_path: Path, zone: str | None
) -> None:
    fast, slow = _both(tmp_path, EVENTS)
    for tl in (fast, slow):
        ghosts = disagreeing_reports(tl.events)
        spans = ghosts.spans(zone)
        assert spans == [(p, local_bounds(when, zone)) for p, _, when in ghosts]
        assert ghosts.spans(zone, 1, 3) == spans[1:3]
    assert _made(fast) == 0


def test_ghosts_not_read_make_no_date(tmp_path: Path) -> None:
    fast, _ = _both(tmp_path, EVENTS)
    ghosts = disagreeing_reports(fast.events)
    ghosts.spans(None)
    ghosts.spans("Asia/Kolkata")
    made = ghosts.made()
    assert made == 2  # the times of day with a zone or offset (e04, e09), in another zone
    assert ghosts[-1] == list(ghosts)[-1]
    assert ghosts[1:2] == [ghosts[1]]
    with pytest.raises(IndexError):
        ghosts[len(ghosts)]


def test_a_timeline_without_reported_dates_has_no_ghosts(tmp_path: Path) -> None:
    fast, slow = _both(tmp_path, [_event(0, _w("2017")), _event(1, _w("2018"), None)])
    assert disagreeing_reports(fast.events) == [] == disagreeing_reports(slow.events)
    assert disagreeing_reports(fast.events).spans("Asia/Kolkata") == []


@pytest.mark.parametrize("size", [1, 2, 5])
def test_the_reports_read_a_chunk_at_a_time_are_those_of_the_whole_column(
    tmp_path: Path, size: int
) -> None:
    # the citations come a part of the file at a time (slices of one column here, a list's
    # positions counted from its own chunk): the same reports, in the same order
    from timeline._report_columns import report_columns

    path = tmp_path / "reports.parquet"
    dump(Timeline("Reports", EVENTS, [Source("wire", "Wire")]), path, force=True)
    column = pq.read_table(path).column("sources").combine_chunks()
    rows = list(range(len(EVENTS)))[::-1]  # (positions other than rows)

    def parse(text: str, zone: str | None) -> When:
        return When.parse(text, tz=zone)

    whole = report_columns(pa, [column], rows, parse)
    chunks = [column.slice(k, size) for k in range(0, len(column), size)]
    parts = report_columns(pa, iter(chunks), rows, parse)
    assert whole is not None
    assert parts is not None
    assert parts.positions.tolist() == whole.positions.tolist()
    assert parts.sources.to_pylist() == whole.sources.to_pylist()
    assert parts._texts.to_pylist() == whole._texts.to_pylist()
    assert sorted(set(parts.positions.tolist())) == sorted(
        len(EVENTS) - 1 - k for k, e in enumerate(EVENTS) if any(c.reported for c in e.sources)
    )
    assert report_columns(pa, iter([]), rows, parse) is None
