"""The ``timeline`` command: a thin layer over the library.

Each command opens the data, calls one library function and prints the
result.  Bad input (a :class:`~timeline.errors.TimelineError`) becomes a clean
message on stderr and exit code 1; a bad command line exits with 2 (argparse).

The library never imports Qt: ``timeline view`` runs the viewer as a separate
process (``python -m viewer``).

Text from a data file is shown with its control characters escaped (``\\x1b``,
``\\u202e``) in everything printed for a terminal, so that a title cannot
retitle, clear or reorder the terminal; ``--format json`` keeps the exact
strings (escaped the JSON way), and exports write the exact bytes.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from typing import Any, Final, TextIO, TypeVar

from timeline import __version__
from timeline._arrow_pool import prefer_jemalloc
from timeline._files import open_regular
from timeline.bigdate import BigDate
from timeline.days import zone
from timeline.errors import Problem, TimelineError, TimelineLoadError
from timeline.i18n import language
from timeline.models import Event, Status, Timeline
from timeline.resources import VIEWER_MISSING, bundled_events_path
from timeline.toml_io import dump, dumps, load
from timeline.when import When

__all__ = ["build_parser", "main"]

_PROG: Final = "timeline"
_STATUSES: Final = tuple(s.value for s in Status)

Command = Callable[[argparse.Namespace], int]


# -- helpers ------------------------------------------------------------------


def _edtf(text: str) -> When:
    """argparse type: an EDTF value, refused with the library's own message."""
    try:
        return When.parse(text)
    except TimelineError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _path(file: str | None) -> str:
    """``file``, or the bundled data file when none is given."""
    return file if file is not None else os.fspath(bundled_events_path())


def _zone_name(text: str) -> str:
    """argparse type: an IANA time zone, refused with the library's own message."""
    try:
        zone(text, "--tz")
    except TimelineError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _open(file: str | None) -> Timeline:
    """Load ``file``, or the bundled data file when none is given."""
    return load(_path(file))


def _filtered(tl: Timeline, args: argparse.Namespace) -> Timeline:
    """The timeline narrowed by the ``list``/``export`` filter options."""
    return tl.filter(
        tag=args.tag,
        status=args.status,
        place=args.place,
        text=args.search,
        start=args.start,
        end=args.end,
        mode=args.mode,
        tz=args.tz,
    )


def _fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, with an ellipsis when cut."""
    if len(text) <= width:
        return text
    return text[: max(width - 1, 0)] + "…" if width > 0 else ""


def _one_line(text: str) -> str:
    return _visible(" ".join(text.split()))


# What a terminal acts on instead of showing: C0 and C1 controls (ESC starts the
# sequences that retitle or clear it; C1 CSI and OSC do the same on some
# terminals), DEL, and the bidirectional controls that reorder what follows.
_BEYOND_ASCII_CONTROLS: Final = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_CONTROL_RE: Final = re.compile(f"[\x00-\x1f{_BEYOND_ASCII_CONTROLS}]")
# JSON escapes C0 controls itself; the others are escaped the JSON way
_JSON_CONTROL_RE: Final = re.compile(f"[{_BEYOND_ASCII_CONTROLS}]")


def _escaped(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape").decode("ascii")


def _visible(text: str) -> str:
    """``text`` with every control character shown as an escape (``\\x1b``)."""
    return _CONTROL_RE.sub(_escaped, text)


def _json_escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def _say(text: object, *, file: TextIO | None = None) -> None:
    """Print a line for a terminal, with control characters made visible."""
    print(_visible(str(text)), file=file)


def _iso(value: _dt.date | BigDate | None) -> str | None:
    return None if value is None else value.isoformat()


def _locale(text: str) -> str:
    """argparse type: a locale the library can describe dates in."""
    try:
        language(text)
    except TimelineError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _count(text: str) -> int:
    """argparse type: a count, 0 or more."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a count (0 or more)")
    return value


_WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _weekday(text: str) -> int:
    """argparse type: a weekday name in English (monday ... sunday)."""
    name = text.strip().lower()
    if name not in _WEEKDAYS:
        raise argparse.ArgumentTypeError(f"{text!r} is not a weekday (monday ... sunday)")
    return _WEEKDAYS.index(name)


# -- commands -----------------------------------------------------------------


def _problem_item(problem: Problem) -> dict[str, Any]:
    return {
        "file": problem.file,
        "line": problem.line,
        "event": problem.event,
        "field": problem.field,
        "message": problem.message,
    }


def _cmd_check(args: argparse.Namespace) -> int:
    file = _path(args.file)
    try:
        tl = load(file)
    except TimelineLoadError as exc:
        if args.format == "json":
            _write_json(
                {
                    "file": file,
                    "ok": False,
                    "problems": [_problem_item(p) for p in exc.problems],
                    "found": exc.found,
                },
                sys.stdout,
            )
            return 1
        for problem in exc.problems:
            _say(problem)
        count = len(exc.problems)
        print(f"{count} problem{'s' if count != 1 else ''}", file=sys.stderr)
        return 1
    warnings = _word_warnings(tl, file, args.locale)
    failed = bool(warnings) and args.strict
    if args.format == "json":
        _write_json(
            {
                "file": file,
                "ok": not failed,
                "events": len(tl),
                "sources": len(tl.sources),
                "problems": [],
                "found": 0,
                "warnings": [_problem_item(w) for w in warnings],
            },
            sys.stdout,
        )
        return 1 if failed else 0
    for warning in warnings:
        _say(warning)
    count = len(warnings)
    counted = f"{count} warning{'s' if count != 1 else ''}"
    if failed:
        print(f"{counted} (--strict)", file=sys.stderr)
        return 1
    print(f"ok: {len(tl)} events, {len(tl.sources)} sources" + (f"; {counted}" if count else ""))
    return 0


def _word_warnings(tl: Timeline, file: str, locale: str) -> list[Problem]:
    """Citations whose words, read against the source's publication, differ from ``reported``."""
    from timeline.reported import check_reported_words, word_problems

    checks = check_reported_words(tl, locale=locale)
    try:
        with open_regular(file) as handle:
            text: str | None = handle.read().decode("utf-8", errors="replace")
    except OSError:  # gone (or swapped) since it was loaded: the warnings without lines
        text = None
    return word_problems(checks, file=file, text=text, locale=locale)


def _cmd_date(args: argparse.Namespace) -> int:
    when = When.from_text(
        args.text, reference=args.ref, locale=args.locale, week_start=args.week_start
    )
    print(when.edtf)
    print(when.describe(args.locale))
    return 0


def _table(events: Sequence[Event], locale: str, out: TextIO) -> None:
    rows = [(e.when.describe(locale), e.status.value, e.id, _one_line(e.title)) for e in events]
    if not rows:
        print("no events", file=sys.stderr)
        return
    header = ("date", "status", "id", "title")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
    width = shutil.get_terminal_size((100, 24)).columns
    for row in [header, *rows]:
        line = "  ".join(cell.ljust(w) for cell, w in zip(row[:3], widths, strict=True))
        print(_fit(f"{line}  {row[3]}", width), file=out)


def _tsv(events: Sequence[Event], locale: str, out: TextIO) -> None:
    print("edtf\tdate\tstatus\tid\ttitle", file=out)
    for e in events:
        cells = (str(e.when), e.when.describe(locale), e.status.value, e.id, e.title)
        print("\t".join(_one_line(c) for c in cells), file=out)


def _date_item(when: When, locale: str) -> dict[str, Any]:
    """A date in JSON output: EDTF, zone, words, and its bounds (ISO 8601)."""
    return {
        "when": str(when),
        "tz": when.tz,
        "date": when.describe(locale),
        "earliest": _iso(when.earliest if when.fits else when.earliest_bigdate),
        "latest": _iso(when.latest if when.fits else when.latest_bigdate),
    }


def _event_item(e: Event, locale: str) -> dict[str, Any]:
    """An event in JSON output (``list``, ``conflicts``; shapes in docs/cli.md)."""
    return {
        "id": e.id,
        "title": e.title,
        **_date_item(e.when, locale),
        "status": e.status.value,
        "tags": list(e.tags),
    }


def _write_json(value: object, out: TextIO) -> None:
    # (the strings stay exact: a control character is a JSON escape, as JSON has C0 ones)
    text = json.dumps(value, ensure_ascii=False, indent=2)
    out.write(_JSON_CONTROL_RE.sub(_json_escaped, text))
    out.write("\n")


def _json(events: Sequence[Event], locale: str, out: TextIO) -> None:
    _write_json([_event_item(e, locale) for e in events], out)


_FORMATS: Final = {"table": _table, "tsv": _tsv, "json": _json}


def _cmd_list(args: argparse.Namespace) -> int:
    tl = _filtered(_open(args.file), args)
    _FORMATS[args.format](tl.events, args.locale, sys.stdout)
    return 0


def _conflicts_json(tl: Timeline, events: Sequence[Event], locale: str, out: TextIO) -> None:
    items = [
        {
            **_event_item(event, locale),
            "reports": [
                {
                    "source": source.id,
                    **_date_item(citation.reported, locale),
                    "text": citation.reported_text,
                    "disagrees": citation.disagrees_with(event.when),
                }
                for citation, source in tl.citations_of(event)
                if citation.reported is not None
            ],
        }
        for event in events
    ]
    _write_json(items, out)


def _cmd_conflicts(args: argparse.Namespace) -> int:
    tl = _open(args.file)
    locale = args.locale
    events = tl.conflicts()
    if args.format == "json":
        _conflicts_json(tl, events, locale, sys.stdout)
        return 0
    if not events:
        print("no conflicts")
        return 0
    for number, event in enumerate(events):
        if number:
            print()
        print(f"{event.id}: {_one_line(event.title)}")
        _say(f"  established: {event.when.describe(locale)}  [{event.when}]")
        for citation, source in tl.citations_of(event):
            reported = citation.reported
            if reported is None:
                continue
            mark = "≠" if citation.disagrees_with(event.when) else "="
            line = f"  {mark} {source.id}: {reported.describe(locale)}  [{reported}]"
            if citation.reported_text:
                line += f'  "{_one_line(citation.reported_text)}"'
            _say(line)
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    if args.out == "-" and args.format is None:
        print(f"{_PROG} export: error: --format is required with -o -", file=sys.stderr)
        return 2
    try:  # imported here: the other commands work without it, and start faster
        from timeline.export import export
    except ModuleNotFoundError as exc:
        if exc.name != "timeline.export":
            raise
        print(f"{_PROG} export: error: exporting is not available", file=sys.stderr)
        return 1
    tl = _filtered(_open(args.file), args)
    _warned(
        lambda: export(
            tl,
            args.out,
            fmt=args.format,
            cancelled=args.cancelled,
            locale=args.locale,
            force=args.force,
        )
    )  # (an iCalendar file leaves out the events outside years 1-9999, and says so)
    return 0


_T = TypeVar("_T")


def _warned(work: Callable[[], _T]) -> tuple[_T, int]:
    """``work()``, each :class:`TimelineWarning` it gives said on standard error, and how many."""
    from timeline.errors import noted

    with noted() as notes:
        result = work()
    for note in notes:
        _say(f"{_PROG}: warning: {note}", file=sys.stderr)
    return result, len(notes)


def _cmd_import(args: argparse.Namespace) -> int:
    from timeline.ical_import import EXPAND_LIMIT, read_ics

    expand = EXPAND_LIMIT if args.expand is None else args.expand
    tl, count = _warned(
        lambda: read_ics(args.calendar, expand=expand, strict=args.strict, ids=args.ids)
    )
    if args.out == "-":
        sys.stdout.write(dumps(tl))
    else:
        dump(tl, args.out, force=args.force)
    counted = f"; {count} warning{'s' if count != 1 else ''}" if count else ""
    where = "standard output" if args.out == "-" else args.out
    _say(f"imported {len(tl)} events to {where}{counted}", file=sys.stderr)
    return 0


_CONVERT_TO: Final = {".toml": "toml", ".parquet": "parquet", ".csv": "csv"}


def _cmd_convert(args: argparse.Namespace) -> int:
    source, target = args.source, args.target
    kind = _CONVERT_TO.get(os.path.splitext(target)[1].lower())
    if args.partition_by is not None:
        kind = "dataset"
    if kind is None:
        print(
            f"{_PROG} convert: error: {target}: cannot tell the format from the extension"
            " (use .toml, .parquet or .csv; or a folder with --partition-by year)",
            file=sys.stderr,
        )
        return 2
    if source.lower().endswith(".csv"):
        print(
            f"{_PROG} convert: error: {source}: a CSV file holds only part of a timeline"
            " (no sources, citations, coordinates...): convert from TOML or Parquet",
            file=sys.stderr,
        )
        return 2
    tl = load(source)
    if kind == "csv":
        from timeline.export import export

        export(tl, target, fmt="csv", force=args.force)
    elif kind == "dataset":
        from timeline.dataset import write

        write(tl, target, partition_by=args.partition_by.split(","))
    else:  # TOML, or Parquet by the extension
        dump(tl, target, force=args.force)
    _say(f"converted {len(tl)} events from {source} to {target}", file=sys.stderr)
    return 0


def _cmd_merge(args: argparse.Namespace) -> int:
    from timeline.ops import MergeConflict  # (only these commands need it)

    ours, theirs = load(args.a), load(args.b)
    to_stdout = args.out == "-"
    report = sys.stderr if to_stdout else sys.stdout
    try:
        merged = ours.merge(theirs, on_conflict=args.on_conflict)
    except MergeConflict as exc:
        if args.format == "json":
            _write_json(_merge_item(args, None, exc.clashes), report)
        else:
            for clash in exc.clashes:
                _say(clash, file=sys.stderr)
            count = len(exc.clashes)
            print(
                f"{count} clash{'es' * (count != 1)} (same id, different fields): nothing "
                "written; --on-conflict ours or theirs settles them",
                file=sys.stderr,
            )
        return 1
    tl = merged.timeline
    if to_stdout:
        sys.stdout.write(dumps(tl))
    else:
        dump(tl, args.out, force=args.force)
    if args.format == "json":
        _write_json(_merge_item(args, tl, merged.clashes), report)
        return 0
    for clash in merged.clashes:
        _say(clash, file=report)
    settled = len(merged.clashes)
    summary = f"merged: {len(tl)} events, {len(tl.sources)} sources"
    if settled:
        summary += f"; {settled} clash{'es' * (settled != 1)} settled ({args.on_conflict})"
    print(summary, file=report)
    return 0


def _merge_item(args: argparse.Namespace, tl: Timeline | None, clashes: Sequence[Any]) -> Any:
    """``timeline merge --format json``: what was written, and the clashes."""
    return {
        "ok": tl is not None,
        "out": args.out,
        "on_conflict": args.on_conflict,
        "events": None if tl is None else len(tl),
        "sources": None if tl is None else len(tl.sources),
        "clashes": [c.to_data() for c in clashes],
    }


def _cmd_diff(args: argparse.Namespace) -> int:
    try:
        ours, theirs = load(args.a), load(args.b)
    except (TimelineError, OSError) as exc:  # exit 2, as diff(1): 1 means "different"
        _report(exc)
        return 2
    found = ours.diff(theirs)
    if args.format == "json":
        _write_json({"a": args.a, "b": args.b, **found.to_data()}, sys.stdout)
    elif found:
        for line in str(found).splitlines():
            _say(line)
    return 1 if found else 0


def _cmd_view(args: argparse.Namespace) -> int:
    if importlib.util.find_spec("PySide6") is None:
        print(f"{_PROG} view: {VIEWER_MISSING}", file=sys.stderr)
        return 1
    return subprocess.run(
        [sys.executable, "-m", "viewer", _path(args.file)], check=False
    ).returncode


_SHELLS: Final = ("bash", "zsh", "tcsh", "fish")


def _cmd_completion(args: argparse.Namespace) -> int:
    import shtab  # only this command needs it

    parser = build_parser()
    for action in _walk_actions(parser):
        if action.metavar in ("FILE", "OUT", "CALENDAR", "A", "B"):
            action.complete = shtab.FILE  # type: ignore[attr-defined]
    sys.stdout.write(shtab.complete(parser, shell=args.shell))
    return 0


def _walk_actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    """Every option and argument of ``parser`` and of its subcommands."""
    actions: list[argparse.Action] = []
    for action in parser._actions:
        actions.append(action)
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                actions.extend(_walk_actions(sub))
    return actions


# -- parser -------------------------------------------------------------------


def _add_file(parser: argparse.ArgumentParser, *, optional: bool) -> None:
    if optional:
        parser.add_argument(
            "file",
            nargs="?",
            metavar="FILE",
            help="a timeline TOML file (default: the bundled data/events.toml)",
        )
    else:
        parser.add_argument("file", metavar="FILE", help="a timeline TOML file")


def _add_filters(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("filters")
    group.add_argument(
        "--from",
        dest="start",
        type=_edtf,
        metavar="EDTF",
        help="only events from this date on (EDTF: 2017, 2017-09, 2017-09-24, ...)",
    )
    group.add_argument(
        "--to", dest="end", type=_edtf, metavar="EDTF", help="only events up to this date"
    )
    group.add_argument(
        "--mode",
        choices=("may", "certain"),
        default="may",
        help="'may': events that may fall in the window (default); "
        "'certain': only those certainly inside it",
    )
    group.add_argument(
        "--tz",
        type=_zone_name,
        metavar="ZONE",
        help="read the days of --from/--to on this IANA zone's clock (default: each timed "
        "event on its own local day)",
    )
    group.add_argument(
        "--tag", nargs="+", action="extend", metavar="T", help="events with any of these tags"
    )
    group.add_argument(
        "--status",
        nargs="+",
        action="extend",
        choices=_STATUSES,
        metavar="S",
        help=f"events with any of these statuses ({', '.join(_STATUSES)})",
    )
    group.add_argument("--place", metavar="P", help="events at a place whose name contains P")
    group.add_argument(
        "--search", metavar="TEXT", help="events whose text contains every word of TEXT"
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``timeline`` command."""
    parser = argparse.ArgumentParser(
        prog=_PROG,
        description="Timelines of dated events with honest (EDTF) dates: check, list, "
        "compare sources, merge, diff, export, import calendars, convert, view.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {__version__}",
        help="print the version and exit",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = commands.add_parser(
        "check",
        help="check a timeline file",
        description="Check a timeline file; list every problem (file:line: event: field: "
        "message). Exit status 0 when the file is good, 1 otherwise.",
    )
    _add_file(check, optional=True)
    check.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="the problems one per line (default), or a JSON object (see docs/cli.md)",
    )
    check.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 when a citation's words (reported_text), read against its source's "
        "published date, neither contain nor lie within its reported date (a warning otherwise)",
    )
    check.add_argument(
        "--locale",
        type=_locale,
        default="en",
        help="the language of the citations' words and of the messages (default: en)",
    )
    check.set_defaults(func=_cmd_check)

    date = commands.add_parser(
        "date",
        help="read a date written in words",
        description='Read a date written in words ("two weeks ago", "between Monday and '
        'Thursday", "Sept. 28, 2017") and print its EDTF and its description. Relative '
        "words need --ref, the day they count from (EDTF; may be uncertain, such as "
        "[2017-09-28..2017-09-30]). See docs/words.md.",
    )
    date.add_argument("text", metavar="TEXT", help="the words")
    date.add_argument("--ref", metavar="EDTF", help="the reference date (e.g. when published)")
    date.add_argument(
        "--locale",
        type=_locale,
        default="en",
        help="the language of the words and of the description: en, fr, de, es (default: en)",
    )
    date.add_argument(
        "--week-start",
        type=_weekday,
        default="monday",
        help="the first day of a week, for 'this week' and the like (default: monday)",
    )
    date.set_defaults(func=_cmd_date)

    list_ = commands.add_parser(
        "list",
        help="list events in chronological order",
        description="List the events of a timeline in chronological order, "
        "optionally filtered by date window, tag, status, place or text.",
    )
    _add_file(list_, optional=True)
    _add_filters(list_)
    list_.add_argument(
        "--locale",
        type=_locale,
        default="en",
        help="language of the dates: en, fr, de, es (default: en)",
    )
    list_.add_argument(
        "--format",
        choices=tuple(_FORMATS),
        default="table",
        help="an aligned table (default), tab-separated values or JSON (see docs/cli.md)",
    )
    list_.set_defaults(func=_cmd_list)

    conflicts = commands.add_parser(
        "conflicts",
        help="show events whose sources disagree",
        description="Show the events whose sources report a date that cannot be the "
        "established one, with each source's reported date and words "
        "(≠ disagrees, = agrees).",
    )
    _add_file(conflicts, optional=True)
    conflicts.add_argument(
        "--locale", type=_locale, default="en", help="language of the dates (default: en)"
    )
    conflicts.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="readable text (default), or a JSON list of events (see docs/cli.md)",
    )
    conflicts.set_defaults(func=_cmd_conflicts)

    export = commands.add_parser(
        "export",
        help="export events to iCalendar, JSON or CSV",
        description="Export the (filtered) events of a timeline. The format follows the "
        "extension of OUT (.ics, .json, .csv); with -o - the result goes to standard "
        "output and --format is required.",
    )
    _add_file(export, optional=True)
    export.add_argument(
        "-o",
        "--output",
        dest="out",
        required=True,
        metavar="OUT",
        help="the file to write (its extension gives the format), or - for standard output",
    )
    export.add_argument(
        "--format", choices=("ics", "json", "csv"), help="the format (default: from OUT)"
    )
    export.add_argument(
        "--force",
        action="store_true",
        help="overwrite OUT even if it is read-only (its mode stays read-only)",
    )
    export.add_argument(
        "--cancelled",
        choices=("keep", "prefix", "omit"),
        default="keep",
        help="what becomes of cancelled events (default: keep)",
    )
    export.add_argument(
        "--locale",
        type=_locale,
        default="en",
        help="language of the dates written out: en, fr, de, es (default: en)",
    )
    _add_filters(export)
    export.set_defaults(func=_cmd_export)

    import_ = commands.add_parser(
        "import",
        help="read an iCalendar file into a timeline file",
        description="Read a calendar (.ics) and write its events as a timeline TOML file. "
        "An event that cannot be read (no start) is skipped and a broken property left "
        "out, each with a warning on stderr (file:line: event: property: why); --strict "
        "refuses the calendar instead. Exit status 0 when written, 1 otherwise.",
    )
    import_.add_argument("calendar", metavar="CALENDAR", help="the iCalendar file to read (.ics)")
    import_.add_argument(
        "-o",
        "--output",
        dest="out",
        required=True,
        metavar="OUT",
        help="the timeline TOML file to write, or - for standard output",
    )
    import_.add_argument(
        "--ids",
        choices=("uid", "summary"),
        default="uid",
        help="make the events' ids from their UIDs (default) or from their summaries "
        "(readable: 'Weekly stand-up' -> weekly-stand-up)",
    )
    import_.add_argument(
        "--strict",
        action="store_true",
        help="refuse the whole calendar when an event cannot be read or a property is "
        "broken, instead of skipping it with a warning",
    )
    import_.add_argument(
        "--expand",
        type=_count,
        metavar="N",
        help="read at most N occurrences of recurring events in all (default: 2,000, "
        "timeline.ical_import.EXPAND_LIMIT; 0: each recurring event once, at its first start)",
    )
    import_.add_argument(
        "--force",
        action="store_true",
        help="overwrite OUT even if it is read-only (its mode stays read-only)",
    )
    import_.set_defaults(func=_cmd_import)

    convert = commands.add_parser(
        "convert",
        help="convert a timeline between TOML, Parquet and CSV",
        description="Read the timeline file A (Parquet when its name ends in .parquet, TOML "
        "otherwise) and write it to B in the format of B's extension: .toml, .parquet (both "
        "lossless) or .csv (one row per event, the columns of `timeline export`). B is "
        "written atomically. With --partition-by year, B is a folder: a partitioned Parquet "
        "dataset (one folder per year, as Spark, DuckDB and Polars write them; A may be one "
        'too). Parquet needs pyarrow (pip install "edtf-timeline[arrow]"). '
        "Exit status 0 when written, 1 on bad data or a failed write, 2 on a bad command line.",
    )
    convert.add_argument(
        "source",
        metavar="A",
        help="the timeline to read (.toml, .parquet, or a dataset's folder)",
    )
    convert.add_argument("target", metavar="B", help="the file to write (.toml, .parquet or .csv)")
    convert.add_argument(
        "--force",
        action="store_true",
        help="overwrite B even if it is read-only (its mode stays read-only)",
    )
    convert.add_argument(
        "--partition-by",
        metavar="KEYS",
        choices=("year", "year,month"),
        help="write B as a dataset folder partitioned by the year (or year,month) each event"
        " starts in; B must not exist or be empty",
    )
    convert.set_defaults(func=_cmd_convert)

    merge = commands.add_parser(
        "merge",
        help="merge two timelines into one file",
        description="Merge two timeline files into OUT: the events and sources of both, "
        "each id once. The same id with different fields is a clash: by default nothing is "
        "written, the clashes are listed and the exit status is 1; --on-conflict ours or "
        "theirs keeps A's or B's version (the clashes are still listed). The title is A's; "
        "its description and tz too, or B's when A has none.",
    )
    merge.add_argument("a", metavar="A", help="a timeline TOML file (ours)")
    merge.add_argument("b", metavar="B", help="another timeline TOML file (theirs)")
    merge.add_argument(
        "-o",
        "--output",
        dest="out",
        required=True,
        metavar="OUT",
        help="the TOML file to write (atomically), or - for standard output",
    )
    merge.add_argument(
        "--on-conflict",
        choices=("error", "ours", "theirs"),
        default="error",
        help="what a clash does: 'error' (default: list the clashes, write nothing, exit 1), "
        "'ours' (keep A's version) or 'theirs' (keep B's)",
    )
    merge.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="the report: readable text (default) or a JSON object (see docs/cli.md)",
    )
    merge.add_argument(
        "--force",
        action="store_true",
        help="overwrite OUT even if it is read-only (its mode stays read-only)",
    )
    merge.set_defaults(func=_cmd_merge)

    diff = commands.add_parser(
        "diff",
        help="show what differs between two timelines",
        description="Show the events and sources added (+), removed (-) and changed (~) from "
        "A to B, with each changed field's two values, and the timeline's own title, "
        "description and tz where they differ. Exit status, as diff(1): 0 when there is no "
        "difference, 1 when there are differences, 2 on an error.",
    )
    diff.add_argument("a", metavar="A", help="a timeline TOML file (the old one)")
    diff.add_argument("b", metavar="B", help="another timeline TOML file (the new one)")
    diff.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="one line per difference (default; nothing when equal), or a JSON object "
        "(see docs/cli.md)",
    )
    diff.set_defaults(func=_cmd_diff)

    view = commands.add_parser(
        "view",
        help="open the desktop viewer",
        description="Open a timeline in the desktop viewer (a separate process).",
    )
    _add_file(view, optional=True)
    view.set_defaults(func=_cmd_view)

    completion = commands.add_parser(
        "completion",
        help="print a shell completion script",
        description="Print a script that completes the timeline command, its options and "
        'their values in a shell. Bash: eval "$(timeline completion bash)" in ~/.bashrc; '
        "zsh: timeline completion zsh > ~/.zfunc/_timeline (a folder on $fpath).",
    )
    completion.add_argument("shell", choices=_SHELLS, help="the shell to complete in")
    completion.set_defaults(func=_cmd_completion)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``timeline`` command with ``argv`` (default: ``sys.argv[1:]``)."""
    args = build_parser().parse_args(argv)
    prefer_jemalloc(os.environ)  # (Arrow's allocator, before pyarrow is first used)
    command: Command = args.func
    try:
        return command(args)
    except (TimelineError, OSError) as exc:  # bad data; writing an export, or the pipe closed
        _report(exc)
        return 1
    except KeyboardInterrupt:
        return 130


def _report(exc: TimelineError | OSError) -> None:
    """Say what went wrong on stderr (a closed pipe: nothing, and stdout silenced)."""
    if isinstance(exc, BrokenPipeError):
        _silence_stdout()
    elif isinstance(exc, TimelineLoadError):
        for problem in exc.problems:
            _say(f"{_PROG}: {problem}", file=sys.stderr)
    else:
        _say(f"{_PROG}: error: {exc}", file=sys.stderr)


def _silence_stdout() -> None:
    """After a closed pipe (``timeline list | head``), drop what is still buffered."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
