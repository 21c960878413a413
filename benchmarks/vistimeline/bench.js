// The page side of benchmarks/vistimeline/run.mjs (python -m benchmarks.vistimeline).
//
// Loads /items.json (the events as vis-timeline items), makes a vis.DataSet and a
// vis.Timeline with vis-timeline's defaults (stacked items, its own initial fit to all
// items) unless the query gives ?start=MS&end=MS (and ?cluster=N: its clustering option,
// maxItems N), and records when the first frame with the
// items was painted: vis-timeline's onInitialDrawComplete, then the next frame's paint once
// no more 'changed' (redraw) events come. window.bench.step(start, end) sets the window
// (no animation) and resolves when the redraw it causes has been painted.
"use strict";
(function () {
  const params = new URLSearchParams(location.search);
  // after the rendering step of the next frame (rAF runs before it, a task after it)
  const nextPaint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const bench = { changed: 0, timeline: null, phases: {}, firstPaint: null, error: null };
  window.bench = bench;

  // The time of the paint after the last redraw since `since` redraws were counted; `null`
  // when no redraw came within three frames (the window did not change).
  async function settle(since) {
    let paintedAt = null;
    let idle = 0;
    for (;;) {
      const before = bench.changed;
      await nextPaint();
      const now = performance.now();
      if (bench.changed !== before || (paintedAt === null && bench.changed > since)) {
        paintedAt = now;
        continue;
      }
      if (paintedAt !== null) return paintedAt;
      if (++idle >= 3) return null;
    }
  }

  async function open() {
    const phases = bench.phases;
    phases.script = performance.now();
    const response = await fetch("/items.json");
    const items = await response.json();
    phases.parsed = performance.now();
    const data = new vis.DataSet(items);
    phases.dataset = performance.now();
    let drawn;
    const initialDraw = new Promise((resolve) => { drawn = resolve; });
    const options = { height: "100%", onInitialDrawComplete: () => drawn() };
    if (params.has("cluster")) {
      options.cluster = { maxItems: Number(params.get("cluster")) };
    }
    if (params.has("start")) {
      options.start = Number(params.get("start"));
      options.end = Number(params.get("end"));
    }
    const timeline = new vis.Timeline(document.getElementById("timeline"), data, options);
    phases.constructed = performance.now();
    bench.timeline = timeline;
    timeline.on("changed", () => { bench.changed += 1; });
    bench.changed = 1; // (the constructor's redraws, before the listener)
    await initialDraw;
    phases.initialDrawComplete = performance.now();
    bench.firstPaint = await settle(0);
    bench.items = data.length;
    return bench.firstPaint;
  }

  bench.ready = open().catch((error) => {
    bench.error = String((error && error.stack) || error);
    throw error;
  });

  bench.step = async function (start, end) {
    const since = bench.changed;
    const t0 = performance.now();
    bench.timeline.setWindow(start, end, { animation: false });
    const set = performance.now();
    const painted = await settle(since);
    return { ms: painted === null ? null : painted - t0, set_ms: set - t0 };
  };

  // what a step costs besides the redraw: the two frames it waits for, nothing changed
  bench.idle = async function () {
    const t0 = performance.now();
    await nextPaint();
    await nextPaint();
    return { ms: performance.now() - t0, set_ms: 0 };
  };

  // the items drawn (a point is drawn as .vis-point and .vis-dot, a box with a line too)
  bench.inView = () => document.querySelectorAll(".vis-item:not(.vis-dot):not(.vis-line)").length;
  bench.window = () => {
    const w = bench.timeline.getWindow();
    return [w.start.valueOf(), w.end.valueOf()];
  };
})();
