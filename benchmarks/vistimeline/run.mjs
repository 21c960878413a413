// vis-timeline in headless Chromium on one items file: python -m benchmarks.vistimeline runs it.
//
//   node run.mjs --items FILE --middle MS --whole MS --zooms JSON [--chromium PATH]
//                [--timeout S] [--repaints N] [--width 1600] [--height 900]
//
// Serves this folder's page (index.html, bench.js, vis-timeline's standalone build) and
// the items on 127.0.0.1, and measures two sessions, each in a fresh Chromium (a new
// --user-data-dir) given --timeout seconds to its first paint (and the frames as many
// again from there):
//   "open":   the page as vis-timeline opens it (fitted to all items, as the viewer opens
//             a file): first paint, from the page's start and from the browser's launch;
//             the JS heap and the processes' memory then.
//   "frames": the page opened at an hour beside the middle, then at each zoom (narrowest
//             first, so that the zooms that can finish are measured before those that
//             cannot) --repaints windows with a small pan between, as benchmarks/_probe.py
//             does: per step the wall time to the painted redraw and the main thread's busy
//             time (CDP Performance.getMetrics TaskDuration).
// A session that runs out of time is closed and reported as such. Prints one JSON line.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

function options(argv) {
  const out = {
    chromium: process.env.VIS_CHROMIUM || "/usr/bin/chromium",
    timeout: 120,
    repaints: 9,
    width: 1600,
    height: 900,
  };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, "");
    out[key] = argv[i + 1];
  }
  for (const key of ["timeout", "repaints", "width", "height", "middle", "whole"]) {
    out[key] = Number(out[key]);
  }
  out.zooms = JSON.parse(out.zooms);
  return out;
}

function serve(itemsPath) {
  const files = {
    "/": [path.join(HERE, "index.html"), "text/html"],
    "/bench.js": [path.join(HERE, "bench.js"), "text/javascript"],
    "/vis-timeline-graph2d.min.js": [
      path.join(HERE, "node_modules/vis-timeline/standalone/umd/vis-timeline-graph2d.min.js"),
      "text/javascript",
    ],
    "/items.json": [itemsPath, "application/json"],
  };
  const server = http.createServer((request, response) => {
    const found = files[new URL(request.url, "http://127.0.0.1").pathname];
    if (!found) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "Content-Type": found[1], "Cache-Control": "no-store" });
    fs.createReadStream(found[0]).pipe(response);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

// -- the browser's processes, from /proc -----------------------------------------------

function processesOf(userDataDir) {
  const found = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let cmdline;
    try {
      cmdline = fs.readFileSync(`/proc/${name}/cmdline`, "utf8");
    } catch {
      continue;
    }
    if (cmdline.includes(userDataDir) || cmdline.includes(`--type=`) && isChildOfAny(name, found)) {
      found.push({ pid: Number(name), renderer: cmdline.includes("--type=renderer") });
    }
  }
  return found;
}

function isChildOfAny(pid, found) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    return found.some((p) => p.pid === ppid);
  } catch {
    return false;
  }
}

function statusKb(pid) {
  const out = {};
  try {
    for (const line of fs.readFileSync(`/proc/${pid}/status`, "utf8").split("\n")) {
      const [key, rest] = line.split(":");
      if (key === "VmRSS" || key === "VmHWM") out[key] = Number.parseInt(rest, 10);
    }
  } catch {
    // gone
  }
  return out;
}

function memory(userDataDir) {
  let rss = 0;
  let rendererHwm = 0;
  let rendererRss = 0;
  const processes = processesOf(userDataDir);
  for (const p of processes) {
    const kb = statusKb(p.pid);
    rss += kb.VmRSS || 0;
    if (p.renderer && (kb.VmHWM || 0) > rendererHwm) {
      rendererHwm = kb.VmHWM || 0;
      rendererRss = kb.VmRSS || 0;
    }
  }
  return {
    processes: processes.length,
    rss_all_kb: rss,
    renderer_rss_kb: rendererRss,
    renderer_hwm_kb: rendererHwm,
  };
}

async function heap(cdp) {
  const { metrics } = await cdp.send("Performance.getMetrics");
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
  return {
    js_heap_used_kb: Math.round(m.JSHeapUsedSize / 1024),
    js_heap_total_kb: Math.round(m.JSHeapTotalSize / 1024),
    dom_nodes: m.Nodes,
    task_s: m.TaskDuration,
  };
}

// -- a session --------------------------------------------------------------------------

class Timeout extends Error {}

function within(promise, deadline, what) {
  const left = deadline - Date.now();
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Timeout(what)), Math.max(left, 0));
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

async function session(opts, url, body) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "vis-bench-"));
  let deadline = Date.now() + opts.timeout * 1000;
  const launched = Date.now();
  const out = { status: "ok" };
  let context;
  try {
    context = await within(
      chromium.launchPersistentContext(userDataDir, {
        executablePath: opts.chromium,
        headless: true,
        args: [...FLAGS, `--window-size=${opts.width},${opts.height}`],
        viewport: { width: opts.width, height: opts.height },
        env: { ...process.env, TZ: "UTC" }, // the items are local keys, drawn as UTC
        timeout: opts.timeout * 1000,
      }),
      deadline,
      "launch",
    );
    const page = context.pages()[0] || (await context.newPage());
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    page.on("pageerror", (error) => {
      out.page_error = String(error).slice(0, 300);
    });
    await within(page.goto(url, { timeout: 0 }), deadline, "navigation");
    const first = await within(
      page.evaluate(async () => {
        await window.bench.ready;
        return {
          paint_ms: window.bench.firstPaint,
          origin_ms: performance.timeOrigin,
          phases: window.bench.phases,
          items: window.bench.items,
        };
      }),
      deadline,
      "first paint",
    );
    deadline = Date.now() + opts.timeout * 1000; // what follows has its own time
    out.first_paint_ms = first.paint_ms; // from the page's start (navigation)
    out.launch_to_paint_ms = first.origin_ms + first.paint_ms - launched;
    out.phases = first.phases;
    out.items = first.items;
    out.in_view = await within(page.evaluate(() => window.bench.inView()), deadline, "count");
    out.memory = { ...(await heap(cdp)), ...memory(userDataDir) };
    if (body) await body(page, cdp, deadline, out, userDataDir);
  } catch (error) {
    if (error instanceof Timeout) {
      out.status = "timeout";
      out.timed_out_in = error.message;
    } else {
      out.status = "error";
      out.error = String((error && error.stack) || error).slice(0, 600);
    }
    out.memory_at_end = memory(userDataDir);
  } finally {
    await closeOrKill(context, userDataDir);
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  return out;
}

async function closeOrKill(context, userDataDir) {
  const pids = processesOf(userDataDir).map((p) => p.pid);
  if (context) {
    try {
      await within(context.close(), Date.now() + 10_000, "close");
      return;
    } catch {
      // a renderer stuck in a redraw: end the browser's processes (only those of this run)
    }
  }
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // gone
    }
  }
}

async function frames(opts, page, cdp, deadline, out, userDataDir) {
  const zooms = {};
  out.zooms = zooms;
  // the floor: a step's two frames and the measuring, with nothing redrawn
  const idle = { status: "ok", steps: [] };
  for (let k = 0; k < opts.repaints; k++) {
    const before = await within(heap(cdp), deadline, "metrics");
    const step = await within(page.evaluate(() => window.bench.idle()), deadline, "idle");
    const after = await within(heap(cdp), deadline, "metrics");
    idle.steps.push({ ms: step.ms, set_ms: 0, busy_ms: (after.task_s - before.task_s) * 1e3 });
  }
  summarise(idle);
  out.idle = idle;
  for (const [name, span] of [...opts.zooms].reverse()) { // the narrowest first
    const width = span === null ? opts.whole : span < 1 ? span * opts.whole : span * 1000;
    const steps = [];
    const zoom = { status: "ok", steps };
    zooms[name] = zoom;
    try {
      for (let k = 0; k < opts.repaints; k++) {
        const shift = (width / 50) * (k % 3); // a small pan between repaints
        const start = opts.middle - width / 2 + shift;
        const before = await within(heap(cdp), deadline, "metrics");
        const step = await within(
          page.evaluate(([s, e]) => window.bench.step(s, e), [start, start + width]),
          deadline,
          `${name}, step ${k + 1}`,
        );
        const after = await within(heap(cdp), deadline, "metrics");
        steps.push({ ms: step.ms, set_ms: step.set_ms, busy_ms: (after.task_s - before.task_s) * 1e3 });
      }
      zoom.in_view = await within(page.evaluate(() => window.bench.inView()), deadline, "count");
    } catch (error) {
      zoom.status = error instanceof Timeout ? "timeout" : "error";
      zoom.error = String(error.message || error).slice(0, 300);
      throw error; // (the session is closed: the zooms after are not run)
    } finally {
      summarise(zoom);
    }
  }
  out.memory_after = { ...(await heap(cdp)), ...memory(userDataDir) };
}

function median(values) {
  const sorted = values.filter((v) => v !== null).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function summarise(zoom) {
  const steps = zoom.steps;
  if (steps.length === 0) return;
  zoom.first_ms = steps[0].ms;
  zoom.first_busy_ms = steps[0].busy_ms;
  zoom.ms = median(steps.map((s) => s.ms));
  zoom.busy_ms = median(steps.map((s) => s.busy_ms));
  zoom.no_redraw = steps.filter((s) => s.ms === null).length;
}

async function main() {
  const opts = options(process.argv.slice(2));
  const server = await serve(opts.items);
  const cluster = Number(opts.cluster || 0); // (vis-timeline's clustering, maxItems; 0: none)
  const base = `http://127.0.0.1:${server.address().port}/${cluster ? `?cluster=${cluster}&` : "?"}`;
  const version = spawnSync(opts.chromium, ["--version"], { encoding: "utf8" });
  const result = {
    cluster,
    chromium: (version.stdout || "").trim(),
    vis_timeline: JSON.parse(
      fs.readFileSync(path.join(HERE, "node_modules/vis-timeline/package.json"), "utf8"),
    ).version,
  };
  try {
    result.open = await session(opts, base, null);
    const hour = 3600e3;
    const start = opts.middle + hour / 2; // an hour beside the first zoom's, so it pans
    result.frames = await session(opts, `${base}start=${start}&end=${start + hour}`, (...a) =>
      frames(opts, ...a),
    );
    // the zooms not reached when the session stopped
    const zooms = result.frames.zooms || {};
    for (const [name] of opts.zooms) {
      if (!(name in zooms)) {
        const why = result.frames.first_paint_ms === undefined ? "no first paint" : "a narrower zoom did not finish";
        zooms[name] = { status: `not run (${why})` };
      }
    }
    result.frames.zooms = zooms;
  } finally {
    server.close();
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${(error && error.stack) || error}\n`);
  process.exit(1);
});
