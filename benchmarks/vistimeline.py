"""vis-timeline beside the viewer on the same generated events, in one run (issue 15).

``uv run python -m benchmarks.vistimeline --sizes 1k,10k,100k[,1M] [--install]``

For each size, the events of :mod:`benchmarks.columnar` (seeded; its Parquet file, the
schema ``timeline.dump`` writes) are

- given to the viewer: ``python -m benchmarks._probe FILE --frames`` in its own process
  (offscreen Qt, a 1600×900 window): launch to first paint, then the frames at each zoom of
  :data:`benchmarks._probe.ZOOMS` (all, a tenth, a year, a month, a day, an hour);
- loaded with :func:`timeline.load` and written as vis-timeline items (:func:`items`) to a
  JSON file that the page ``benchmarks/vistimeline/index.html`` loads into a ``vis.DataSet``
  and a ``vis.Timeline`` (its defaults: stacked items, fitted to all on opening; ``--cluster
  N``: with its clustering option, ``cluster: {maxItems: N}``), in headless
  Chromium driven by playwright-core (``benchmarks/vistimeline/run.mjs``, a 1600×900
  window): first paint, then the same zooms, each :data:`benchmarks._probe.REPAINTS`
  windows with the probe's small pans (``setWindow`` without animation, waiting for the
  redraw's ``changed`` event and the frame's paint).

and one table compares them, with the ratios (vis-timeline / viewer).  Each browser session
has ``--timeout`` seconds (120) to its first paint and as many again for what follows (the
viewer's probe has as long); what does not finish in time is reported so.

The events as items: ``id``, ``content`` (the title, HTML-escaped: vis-timeline shows
``content`` as HTML), ``start`` and, for a range, ``end`` in milliseconds: the event's local
keys (:meth:`timeline.Timeline.keys`, the bounds the viewer draws: each date on its own
clock, shown as UTC, so Chromium runs with ``TZ=UTC``).  An event of at most a day
(:data:`POINT_MAX_S`: a day, a time, a minute) is a ``point`` at its lower bound; a longer
one a ``range`` from its lower to its upper bound; an open bound (``../1900``, ``1990/..``)
is placed at the earliest lower or the latest upper bound of the timeline, so that the item
runs to the edge of the whole timeline.

Setting up (once; the Node packages go to ``benchmarks/vistimeline/node_modules``, which
git ignores)::

    apt-get install -y chromium nodejs npm     # Debian's Chromium: /usr/bin/chromium
    uv run python -m benchmarks.vistimeline --install --sizes 1k

``--install`` runs ``npm ci`` there (the versions of ``package-lock.json``: vis-timeline's
standalone build and playwright-core, which downloads no browser).  ``--chromium PATH`` (or
``VIS_CHROMIUM``) names another Chromium.  ``--data DIR`` keeps the generated files
(``benchmarks/out/vistimeline`` by default); ``--json FILE`` writes every figure measured.
"""

from __future__ import annotations

import argparse
import html
import json
import math
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from benchmarks._probe import REPAINTS, ZOOMS
from benchmarks.generate import parse_size

__all__ = [
    "POINT_MAX_S",
    "extent",
    "item",
    "items",
    "items_of",
    "main",
    "table",
    "write_items",
]

_ROOT: Final = Path(__file__).resolve().parent.parent
PAGE: Final = Path(__file__).resolve().parent / "vistimeline"
"""The page, its runner and the Node packages' manifest and lock."""
DEFAULT_CHROMIUM: Final = "/usr/bin/chromium"
POINT_MAX_S: Final = 86400.0
"""The longest event drawn as a point (seconds between its bounds): a day."""
CAP: Final = 6_000_000_000
"""Bytes of address space the viewer's probe may use (as ``benchmarks.scale`` up to 1M)."""


# -- the events as vis-timeline items -------------------------------------------------------


def _ms(seconds: float) -> int:
    return round(seconds * 1000)


def item(
    event_id: str, title: str, lower: float, upper: float, *, first: float, last: float
) -> dict[str, Any]:
    """One event as a vis-timeline item: a point at ``lower`` if it lasts at most
    :data:`POINT_MAX_S`, else a range to ``upper``; an open lower bound (``-inf``) is put at
    ``first``, an open upper one (``inf``) at ``last`` (the timeline's finite extremes)."""
    if math.isinf(lower):
        lower = min(first, upper)
    if math.isinf(upper):
        upper = max(last, lower)
    content = html.escape(title, quote=False)
    if upper - lower <= POINT_MAX_S:
        return {"id": event_id, "content": content, "start": _ms(lower), "type": "point"}
    return {
        "id": event_id,
        "content": content,
        "start": _ms(lower),
        "end": _ms(upper),
        "type": "range",
    }


def items(
    ids: Sequence[str], titles: Sequence[str], lowers: Sequence[float], uppers: Sequence[float]
) -> list[dict[str, Any]]:
    """The events (by position) as vis-timeline items (:func:`item`)."""
    finite = [x for x in (*lowers, *uppers) if not math.isinf(x)]
    first, last = (min(finite), max(finite)) if finite else (0.0, 0.0)
    return [
        item(i, t, lo, hi, first=first, last=last)
        for i, t, lo, hi in zip(ids, titles, lowers, uppers, strict=True)
    ]


def items_of(tl: Any) -> list[dict[str, Any]]:
    """The events of the timeline ``tl`` as vis-timeline items, from its columns when it
    has them (no event made)."""
    from timeline.columns import EventColumns

    lowers, uppers = tl.keys()
    events = tl.events
    if isinstance(events, EventColumns):
        ids: Sequence[str] = events.ids
        titles: Sequence[str] = events.source.titles(events.rows)
    else:
        ids = [e.id for e in events]
        titles = [e.title for e in events]
    return items(ids, titles, lowers, uppers)


def extent(found: Sequence[dict[str, Any]]) -> tuple[int, int]:
    """The first start and the last end (or start) of ``found``, in milliseconds."""
    if not found:
        return 0, 0
    return (
        min(x["start"] for x in found),
        max(x.get("end", x["start"]) for x in found),
    )


def write_items(parquet: Path, out: Path) -> dict[str, Any]:
    """Load ``parquet``, write its events' items to ``out``; the page's whole and middle."""
    import timeline

    tl = timeline.load(parquet, pause_gc=True)
    found = items_of(tl)
    del tl
    lo, hi = extent(found)
    kinds = {"point": 0, "range": 0}
    for x in found:
        kinds[x["type"]] += 1
    tmp = out.with_suffix(".part")
    with tmp.open("w", encoding="utf-8") as f:
        json.dump(found, f, ensure_ascii=False, separators=(",", ":"))
    tmp.replace(out)
    facts = {"middle_ms": (lo + hi) / 2, "whole_ms": hi - lo, **kinds}
    out.with_suffix(".facts.json").write_text(json.dumps(facts))
    return facts


# -- running ------------------------------------------------------------------------------


def _label(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1000 and n % 1000 == 0:
        return f"{n // 1000}k"
    return str(n)


def install() -> None:
    """``npm ci`` into ``benchmarks/vistimeline/node_modules`` (the lock's versions)."""
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm not found: apt-get install -y nodejs npm")
    print(f"npm ci in {PAGE}", file=sys.stderr)
    subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=PAGE, check=True)


def _ready(chromium: str) -> str | None:
    """Why the browser side cannot run (``None``: it can)."""
    if shutil.which("node") is None:
        return "node not found: apt-get install -y nodejs npm"
    if not (PAGE / "node_modules" / "vis-timeline").is_dir():
        return "the Node packages are not installed: run with --install (npm ci)"
    if not Path(chromium).exists():
        return f"no Chromium at {chromium}: apt-get install -y chromium, or --chromium PATH"
    return None


def files(folder: Path, n: int) -> tuple[Path, Path, dict[str, Any]]:
    """The Parquet file of ``n`` events and its items, made unless kept; their facts."""
    from benchmarks import columnar

    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / f"columnar-v{columnar.VERSION}-{_label(n)}"
    parquet, js = stem.with_suffix(".parquet"), stem.with_suffix(".items.json")
    if not parquet.exists():
        start = time.perf_counter()
        part = parquet.with_suffix(".part")
        columnar.write(n, part)
        part.replace(parquet)
        print(f"  generated {parquet.name} in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    facts_path = js.with_suffix(".facts.json")
    if js.exists() and facts_path.exists() and js.stat().st_mtime >= parquet.stat().st_mtime:
        facts: dict[str, Any] = json.loads(facts_path.read_text())
    else:
        start = time.perf_counter()
        facts = write_items(parquet, js)
        print(f"  wrote {js.name} in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return parquet, js, facts


def run_vis(
    js: Path, facts: dict[str, Any], *, chromium: str, timeout: float, cluster: int = 0
) -> dict[str, Any]:
    """vis-timeline on the items of ``js`` (``run.mjs``'s JSON, or ``{"error": ...}``);
    ``cluster``: with its clustering option (``cluster: {maxItems: cluster}``), else none."""
    node = shutil.which("node") or "node"
    zooms = [[name, span] for name, span in ZOOMS]
    args = [
        node,
        str(PAGE / "run.mjs"),
        *("--items", str(js), "--chromium", chromium, "--timeout", str(timeout)),
        *("--middle", str(facts["middle_ms"]), "--whole", str(facts["whole_ms"])),
        *("--zooms", json.dumps(zooms), "--repaints", str(REPAINTS)),
        *("--cluster", str(cluster)),
    ]
    try:
        done = subprocess.run(
            args, cwd=PAGE, capture_output=True, text=True, timeout=4 * timeout + 120, check=False
        )
    except subprocess.TimeoutExpired:
        return {"error": f"the runner did not finish in {4 * timeout + 120:.0f} s"}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        last = (done.stderr or done.stdout).strip().splitlines() or ["no output"]
        return {"error": f"run.mjs failed ({done.returncode}): {last[-1][-300:]}"}
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def run_viewer(parquet: Path, *, timeout: float) -> dict[str, Any]:
    """The viewer's probe (first paint and frames) on ``parquet``, or ``{"error": ...}``."""
    from benchmarks.run import NotAvailableError, _probe

    try:
        return _probe(parquet, cap=CAP, timeout=timeout, frames=True)
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish in {timeout:.0f} s"}
    except NotAvailableError as exc:
        return {"error": str(exc)}


# -- the table ------------------------------------------------------------------------------


def _f(value: float | None, unit: str = "", digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}{unit}"


def _ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b <= 0:
        return ""
    return f"{a / b:.1f}×" if a / b < 100 else f"{a / b:,.0f}×"


def _status(session: dict[str, Any]) -> str | None:
    """Why a session has no figure: ``did not finish in … (at …)``, an error, or ``None``."""
    status = session.get("status")
    if status == "timeout":
        return f"did not finish ({session.get('timed_out_in', '')})"
    if status == "error":
        return f"error: {str(session.get('error', ''))[:80]}"
    return None


def table(rows: Sequence[dict[str, Any]], *, timeout: float) -> str:
    """The comparison as a Markdown table: per size, first paint, memory and each zoom's
    median frame of both, and vis-timeline / viewer."""
    clustered = sorted({row["vis"].get("cluster") or 0 for row in rows} - {0})
    name = "vis-timeline" + (f" (cluster maxItems {clustered[0]})" if clustered else "")
    out = [
        f"| events | figure | {name} | viewer | vis / viewer |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        size, vis, ours = _label(row["n"]), row["vis"], row["viewer"]
        if "error" in vis:
            out.append(f"| {size} | vis-timeline | {vis['error']} | | |")
            vis = {}
        if "error" in ours:
            out.append(f"| {size} | viewer | | {ours['error']} | |")
            ours = {}
        opened = vis.get("open", {})
        late = _status(opened)
        ours_paint = ours.get("first_paint_s")
        ours_paint_ms = None if ours_paint is None else ours_paint * 1e3
        if late:
            vis_paint = f"{late} in {timeout:.0f} s"
            out.append(
                f"| {size} | launch → first paint (all in view) | {vis_paint} | "
                f"{_f(ours_paint_ms, ' ms', 0)} | |"
            )
        elif opened:
            launch = opened.get("launch_to_paint_ms")
            out.append(
                f"| {size} | launch → first paint (all in view) | {_f(launch, ' ms', 0)} "
                f"(page start → paint {_f(opened.get('first_paint_ms'), ' ms', 0)}) | "
                f"{_f(ours_paint_ms, ' ms', 0)} | {_ratio(launch, ours_paint_ms)} |"
            )
        ours_hwm = ours.get("vm_hwm_kb")
        if opened.get("memory"):
            out.append(
                _memory_row(size, "memory at first paint (peak RSS)", opened["memory"], ours_hwm)
            )
        elif opened.get("memory_at_end"):
            end = opened["memory_at_end"]
            out.append(
                f"| {size} | memory when stopped (peak RSS) | renderer "
                f"{_f(_mb(end.get('renderer_hwm_kb')), ' MB', 0)}, all processes "
                f"{_f(_mb(end.get('rss_all_kb')), ' MB', 0)} | {_f(_mb(ours_hwm), ' MB', 0)} | |"
            )
        frames = vis.get("frames", {})
        if frames.get("first_paint_ms") is not None:
            launch = frames.get("launch_to_paint_ms")
            out.append(
                f"| {size} | vis-timeline opened at an hour: launch → first paint | "
                f"{_f(launch, ' ms', 0)} (page start → paint "
                f"{_f(frames.get('first_paint_ms'), ' ms', 0)}) | "
                f"{_f(ours_paint_ms, ' ms', 0)} (all) | {_ratio(launch, ours_paint_ms)} |"
            )
            out.append(_memory_row(size, "… its memory (peak RSS)", frames["memory"], ours_hwm))
        zooms = frames.get("zooms", {})
        idle = frames.get("idle", {})
        if idle:
            out.append(
                f"| {size} | a step with nothing redrawn (the measuring's floor) | "
                f"{_f(idle.get('ms'), ' ms')} wall, {_f(idle.get('busy_ms'), ' ms')} busy | | |"
            )
        ours_frames = ours.get("frames", {})
        for name, _ in ZOOMS:
            theirs, mine = zooms.get(name, {}), ours_frames.get(name, {})
            if theirs.get("status") not in (None, "ok"):
                cell = f"{theirs['status']}" + (
                    f" after {len(theirs.get('steps', []))} steps" if theirs.get("steps") else ""
                )
                if theirs["status"] == "timeout":
                    cell = f"did not finish in {timeout:.0f} s" + cell[len("timeout") :]
            elif theirs:
                cell = (
                    f"{_f(theirs.get('ms'))} ms wall, {_f(theirs.get('busy_ms'))} ms busy "
                    f"({theirs.get('in_view', '?')} items drawn)"
                )
            else:
                cell = "–"
            mine_cell = (
                f"{_f(mine.get('ms'))} ms wall, {_f(mine.get('cpu_ms'))} ms CPU "
                f"({mine.get('in_view', '?')} in view, {mine.get('mode', '?')})"
                if mine
                else "–"
            )
            ratios = ""
            if theirs.get("status") == "ok" and mine:
                ratios = (
                    f"{_ratio(theirs.get('ms'), mine.get('ms'))} wall, "
                    f"{_ratio(theirs.get('busy_ms'), mine.get('cpu_ms'))} busy/CPU"
                )
            out.append(f"| {size} | frame, {name} (median) | {cell} | {mine_cell} | {ratios} |")
    return "\n".join(out)


def _memory_row(size: str, what: str, memory: dict[str, Any], ours_hwm: float | None) -> str:
    renderer = memory.get("renderer_hwm_kb")
    return (
        f"| {size} | {what} | renderer {_f(_mb(renderer), ' MB', 0)}, JS heap "
        f"{_f(_mb(memory.get('js_heap_used_kb')), ' MB', 0)}, all processes "
        f"{_f(_mb(memory.get('rss_all_kb')), ' MB', 0)} | {_f(_mb(ours_hwm), ' MB', 0)} | "
        f"{_ratio(renderer, ours_hwm)} |"
    )


def _mb(kb: float | None) -> float | None:
    return None if kb is None else kb / 1024


# -- the command ------------------------------------------------------------------------------


def _sizes(text: str) -> list[int]:
    return [parse_size(part) for part in text.split(",") if part.strip()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.vistimeline",
        description="vis-timeline (headless Chromium) beside the viewer on the same events.",
    )
    parser.add_argument("--sizes", type=_sizes, default=_sizes("1k,10k,100k"))
    parser.add_argument("--install", action="store_true", help="npm ci the page's packages first")
    parser.add_argument(
        "--chromium",
        default=os.environ.get("VIS_CHROMIUM", DEFAULT_CHROMIUM),
        help=f"the Chromium to run (VIS_CHROMIUM; default {DEFAULT_CHROMIUM})",
    )
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per session")
    parser.add_argument("--data", type=Path, default=_ROOT / "benchmarks" / "out" / "vistimeline")
    parser.add_argument("--json", type=Path, help="write every figure measured here")
    parser.add_argument("--no-viewer", action="store_true", help="measure vis-timeline only")
    parser.add_argument(
        "--cluster",
        type=int,
        default=0,
        metavar="N",
        help="vis-timeline with its clustering option, cluster: {maxItems: N} (default: none)",
    )
    args = parser.parse_args(argv)
    if args.install:
        install()
    why = _ready(args.chromium)
    if why is not None:
        print(why, file=sys.stderr)
        return 2
    rows: list[dict[str, Any]] = []
    for n in args.sizes:
        print(f"{_label(n)} events", file=sys.stderr)
        parquet, js, facts = files(args.data, n)
        load = os.getloadavg()[0]
        vis = run_vis(js, facts, chromium=args.chromium, timeout=args.timeout, cluster=args.cluster)
        ours = {} if args.no_viewer else run_viewer(parquet, timeout=args.timeout)
        rows.append(
            {"n": n, "facts": facts, "vis": vis, "viewer": ours, "load": [load, os.getloadavg()[0]]}
        )
        if args.json is not None:
            args.json.write_text(json.dumps(rows, indent=1))
    print(table(rows, timeout=args.timeout))
    loads = [x for row in rows for x in row["load"]]
    print(
        f"\nload average (1 min) before and after each size: {min(loads):.1f}–{max(loads):.1f}. "
        "vis-timeline's wall time waits for the next frame; its busy time is the renderer's "
        "main thread (CDP TaskDuration), the viewer's CPU time its GUI thread's."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
