// phaselab dashboard: the four pages (runs, run, sweep, compare) over the JSON of /api/*.
// Plain JavaScript and uPlot (served from the jar's WebJar); nothing is fetched from the network.
"use strict";

// Hooks for the browser test: loadId changes only when the page is reloaded; chartPoints(group)
// is how many points of the run's own metrics a chart draws.
const phaselab = (window.phaselab = { loadId: Math.random().toString(36).slice(2), charts: {} });
const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"];
const GREY = "#9aa0a8";

async function api(endpoint, params = {}) {
  const url = new URL("/api/" + endpoint, location.href);
  Object.entries(params).forEach(([k, v]) => url.searchParams.set(k, v));
  const r = await fetch(url);
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || "HTTP " + r.status);
  return body;
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  Object.entries(attrs).forEach(([k, v]) => (k === "dataset" ? Object.assign(e.dataset, v) : e.setAttribute(k, v)));
  children.forEach((c) => e.append(c instanceof Node ? c : document.createTextNode(c == null ? "" : String(c))));
  return e;
}

const fmt = (v, digits = 4) => (v == null || Number.isNaN(v) ? "–" : typeof v === "number" ? v.toFixed(digits) : v);
const query = (k) => new URL(location.href).searchParams.get(k);
const median = (xs) => {
  const s = xs.filter((x) => x != null && Number.isFinite(x)).sort((a, b) => a - b);
  return s.length === 0 ? null : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// One chart: named series of [x, y] points (x ascending), aligned on the union of their x.
// style: {width, dash, colour, markers}; logX/logY drop non-positive values.
// Tick labels that stay distinct at any scale: scientific notation where the range needs it
// (below 1e-3 or from 1e5: learning rates of 1e-5 read "1e-5, 2e-5", not "0, 0"), else just
// enough decimals to tell neighbouring ticks apart.
function tickLabels(values) {
  const finite = values.filter((v) => v != null && Number.isFinite(v));
  const big = Math.max(0, ...finite.map(Math.abs));
  const scientific = big !== 0 && (big < 1e-3 || big >= 1e5);
  for (let digits = 0; digits <= 12; digits++) {
    const labels = values.map((v) => (v == null ? "" : v === 0 ? "0" : scientific ? v.toExponential(digits).replace("e+", "e")
      : v.toFixed(digits)));
    if (new Set(labels).size === labels.length) return labels;
  }
  return values.map((v) => (v == null ? "" : v.toPrecision(15)));
}

// Few points on a long axis are invisible as a line: draw markers when a series has this many or fewer.
const MARKER_POINTS = 3;

function drawChart(container, key, title, series, { logX = false, logY = false, ownPoints = 0, xMax = null } = {}) {
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p[0])))].filter((x) => !logX || x > 0).sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const data = [xs];
  series.forEach((s) => {
    const ys = new Array(xs.length).fill(null);
    s.points.forEach(([x, y]) => {
      if (index.has(x) && y != null && Number.isFinite(y) && (!logY || y > 0)) ys[index.get(x)] = y;
    });
    data.push(ys);
  });
  let box = container.querySelector(`[data-key="${CSS.escape(key)}"]`);
  if (!box) {
    box = el("div", { class: "chart", dataset: { key, group: title } }, el("h3", {}, title));
    container.append(box);
  }
  box.dataset.points = String(ownPoints);
  const old = phaselab.charts[key];
  const shape = JSON.stringify([series.map((s) => s.label + (s.points.length <= MARKER_POINTS ? "·" : "")), logX, logY]);
  if (old && old.shape === shape) {
    old.xMax = xMax;
    old.plot.setData(data);
    return;
  }
  if (old) old.plot.destroy();
  const opts = {
    width: Math.max(480, box.clientWidth - 16), height: 260,
    scales: {
      // the x-axis covers the run's steps so far, not just this series' (a probe every 3,000 steps)
      x: logX || xMax == null ? { time: false, distr: logX ? 3 : 1 } : { time: false, distr: 1,
        range: (u, min, max) => [0, Math.max(max, phaselab.charts[key] ? phaselab.charts[key].xMax : xMax, 1)] },
      y: { distr: logY ? 3 : 1 },
    },
    series: [{ label: "step" }, ...series.map((s, i) => ({
      label: s.label, stroke: s.colour || PALETTE[i % PALETTE.length], width: s.width || 1.5, dash: s.dash, spanGaps: true,
      points: { show: !!s.markers || s.points.length <= MARKER_POINTS, size: 7, fill: s.colour || PALETTE[i % PALETTE.length] },
    }))],
    axes: [{ label: "step", values: (u, splits) => tickLabels(splits) }, { values: (u, splits) => tickLabels(splits), size: 70 }],
    legend: { live: true },
  };
  phaselab.charts[key] = { xMax, shape };
  phaselab.charts[key].plot = new uPlot(opts, data, box);
}

// ---- runs table ------------------------------------------------------------------------------
async function indexPage() {
  const state = { key: "path", dir: 1, rows: [] };
  const tbody = document.querySelector("#runs tbody");
  const taskFilter = document.getElementById("task-filter");
  const statusFilter = document.getElementById("status-filter");
  const compare = document.getElementById("compare-selected");
  const selected = new Set();
  document.querySelectorAll("#runs th[data-key]").forEach((th) =>
    th.addEventListener("click", () => {
      state.dir = state.key === th.dataset.key ? -state.dir : 1;
      state.key = th.dataset.key;
      render();
    }));
  [taskFilter, statusFilter].forEach((s) => s.addEventListener("change", render));
  compare.addEventListener("click", () => (location.href = "/compare?runs=" + encodeURIComponent([...selected].join(","))));

  function render() {
    document.querySelectorAll("#runs th").forEach((th) => th.classList.remove("sorted-asc", "sorted-desc"));
    document.querySelector(`#runs th[data-key="${state.key}"]`).classList.add(state.dir > 0 ? "sorted-asc" : "sorted-desc");
    const rows = state.rows.filter((r) => (!taskFilter.value || r.task === taskFilter.value)
      && (!statusFilter.value || r.status === statusFilter.value));
    rows.sort((a, b) => {
      const x = a[state.key], y = b[state.key];
      return (x == null) - (y == null) || (x < y ? -1 : x > y ? 1 : 0) * state.dir;
    });
    tbody.replaceChildren(...rows.map((r) => {
      const box = el("input", { type: "checkbox" });
      box.checked = selected.has(r.path);
      box.addEventListener("change", () => {
        box.checked ? selected.add(r.path) : selected.delete(r.path);
        compare.disabled = selected.size === 0;
      });
      const link = el("a", { href: "/run?path=" + encodeURIComponent(r.path) }, r.path);
      if (r.error) return el("tr", { dataset: { run: r.path } }, el("td", {}, box), el("td", {}, link), el("td", { colspan: 8 }, "unreadable config: " + r.error));
      return el("tr", { dataset: { run: r.path } }, el("td", {}, box), el("td", {}, link), el("td", {}, r.task), el("td", {}, r.model),
        el("td", { class: "num" }, r.params.toLocaleString()), el("td", { class: "num" }, r.step.toLocaleString()),
        el("td", { class: "state", dataset: { status: r.status } }, r.status), el("td", { class: "num" }, fmt(r.main)),
        el("td", { class: "num" }, fmt(r.other)), el("td", { class: "hint" }, `${r.main_metric} / ${r.other_metric}`));
    }));
    if (!rows.length) {
      const why = state.rows.length ? "no run matches the filters"
        : `no runs in ${state.folder} yet; train one with: phaselab train configs/demo.yaml (or phaselab demo)`;
      tbody.replaceChildren(el("tr", { class: "empty" }, el("td", { colspan: 10, class: "hint" }, why)));
    }
  }

  async function refresh() {
    const d = await api("runs");
    document.getElementById("folder").textContent = d.folder;
    state.rows = d.runs;
    const tasks = [...new Set(d.runs.map((r) => r.task).filter(Boolean))].sort();
    const have = [...taskFilter.options].map((o) => o.value);
    tasks.filter((t) => !have.includes(t)).forEach((t) => taskFilter.append(el("option", {}, t)));
    document.getElementById("sweeps").replaceChildren(...(d.sweeps.length ? d.sweeps.map((s) =>
      el("li", {}, el("a", { href: "/sweep?path=" + encodeURIComponent(s.path) }, s.path), ` (${s.points} points)`))
      : [el("li", { class: "hint empty" }, "no sweeps in this folder; start one with: phaselab sweep configs/grokking/question-cpu-sweep.yaml")]));
    state.folder = d.folder;
    render();
  }
  await refresh();
  setInterval(refresh, 5000);
}

// ---- one run, live ---------------------------------------------------------------------------
async function runPage() {
  const path = query("path");
  document.getElementById("run-name").textContent = path;
  const series = new Map(); // metric -> [[step, value]]
  let info = { reference: {} };
  const groups = {}; // metric -> chart group, as the rows arrive
  let offset = 0;
  const logSteps = document.getElementById("log-steps");
  logSteps.addEventListener("change", () => { Object.values(phaselab.charts).forEach((c) => c.plot.destroy()); phaselab.charts = {};
    document.getElementById("charts").replaceChildren(); draw(); });

  async function refreshInfo() {
    info = await api("run", { path });
    const status = document.getElementById("run-status");
    status.textContent = info.status;
    status.dataset.status = info.status;
    document.getElementById("config").textContent = info.config;
    document.getElementById("log").textContent = info.log.join("\n");
    document.getElementById("checkpoints").replaceChildren(...info.checkpoints.map((s) => el("li", {}, "step " + s)));
  }

  async function poll() {
    const t = await api("metrics", { path, from: offset });
    Object.assign(groups, t.groups);
    if (t.reset) series.clear();
    t.rows.forEach(([step, metric, value]) => {
      if (!series.has(metric)) series.set(metric, []);
      series.get(metric).push([step, value]);
    });
    offset = t.offset;
    if (t.more) return poll(); // a long run opened late: the rest before drawing
    if (t.rows.length || t.reset) draw();
  }

  function draw() {
    const byGroup = new Map();
    for (const [metric, points] of series) {
      const group = groups[metric];
      if (!group) continue;
      if (!byGroup.has(group)) byGroup.set(group, []);
      byGroup.get(group).push({ label: metric, points });
    }
    const container = document.getElementById("charts");
    const empty = container.querySelector(".empty");
    if (!byGroup.size && !empty) {
      container.append(el("p", { class: "hint empty" }, "no metrics yet: the run has not logged a step (rows appear here as it writes them)"));
    } else if (byGroup.size && empty) {
      empty.remove();
    }
    const runLast = Math.max(0, ...[...series.values()].flatMap((pts) => pts.map((p) => p[0])));
    for (const [group, list] of byGroup) {
      const own = list.reduce((n, s) => n + s.points.length, 0);
      const lastStep = Math.max(...list.flatMap((s) => s.points.map((p) => p[0])));
      const all = group === "Accuracy" ? list.concat(referenceSeries(info.reference, lastStep)) : list;
      drawChart(container, group, group, all, { logX: logSteps.checked, ownPoints: own, xMax: runLast });
      if (group === "Accuracy") referenceNote(container, info.reference, runLast);
    }
    document.getElementById("row-count").textContent = `${[...series.values()].reduce((n, s) => n + s.length, 0)} rows`;
  }

  await refreshInfo();
  await poll();
  setInterval(() => poll().catch(console.error), 1000);
  setInterval(() => refreshInfo().then(draw).catch(console.error), 5000);
}

// Under the accuracy chart: what keeps the grey reference from being this run's expectation.
function referenceNote(container, reference, lastStep) {
  const box = container.querySelector('[data-key="Accuracy"]');
  if (!box || !reference || !reference.layers) return;
  const notes = [];
  if (reference.run_layers !== reference.layers || reference.run_width !== reference.width) {
    notes.push(`reference: ${reference.layers} layers, d ${reference.width}; this run: ${reference.run_layers} layers, d ${reference.run_width ?? "?"}`);
  }
  const first = Math.min(...(reference.gen || []).map((r) => r[0]));
  if (Number.isFinite(first) && lastStep < first) {
    notes.push(`the reference starts at step ${first.toLocaleString("en")}; this run is at step ${lastStep.toLocaleString("en")}, so no reference point is drawn yet`);
  }
  let p = box.querySelector(".reference-note");
  if (!p) { p = el("p", { class: "hint reference-note" }); box.append(p); }
  p.textContent = notes.length ? `${reference.citation}: ${notes.join("; ")}` : `grey: ${reference.citation}, ${reference.layers} layers`;
}

// The reference median (dashed) and 10–90% (thin) of each split, up to the run's last step.
function referenceSeries(reference, lastStep) {
  if (!reference || !reference.layers) return [];
  const out = [];
  for (const split of ["gen", "id"]) {
    const rows = (reference[split] || []).filter((r) => r[0] <= Math.max(lastStep, 1));
    if (!rows.length) continue;
    const name = `reference ${split} (${reference.layers}L)`;
    // markers: the reference is measured every few thousand steps, so a short run meets one or two of its points
    out.push({ label: name + " median", points: rows.map((r) => [r[0], r[1]]), colour: GREY, dash: [6, 4], width: 2, markers: true });
    out.push({ label: name + " p10", points: rows.map((r) => [r[0], r[2]]), colour: GREY, width: 0.7, markers: true });
    out.push({ label: name + " p90", points: rows.map((r) => [r[0], r[3]]), colour: GREY, width: 0.7, markers: true });
  }
  return out;
}

// ---- a sweep: status grid and curves per depth -------------------------------------------------
async function sweepPage() {
  const path = query("path");
  const logSteps = document.getElementById("log-steps");
  logSteps.addEventListener("change", () => { Object.values(phaselab.charts).forEach((c) => c.plot.destroy()); phaselab.charts = {};
    document.getElementById("charts").replaceChildren(); refresh(); });

  async function refresh() {
    const d = await api("sweep", { path });
    document.getElementById("sweep-name").textContent = d.name;
    document.querySelector("#grid tbody").replaceChildren(...d.points.map((p) =>
      el("tr", { dataset: { point: p.id } }, el("td", {}, el("a", { href: "/run?path=" + encodeURIComponent(d.path + "/" + p.id) }, p.id)),
        el("td", {}, p.depth ?? ""), el("td", {}, p.seed ?? ""), el("td", { class: "state", dataset: { state: p.state } }, p.state),
        el("td", { class: "hint" }, p.last_log))));
    if (!d.main_metric) return;
    const byDepth = new Map();
    d.points.filter((p) => p.curves).forEach((p) => {
      if (!byDepth.has(p.depth)) byDepth.set(p.depth, []);
      byDepth.get(p.depth).push(p);
    });
    const container = document.getElementById("charts");
    for (const [depth, points] of [...byDepth].sort((a, b) => a[0] - b[0])) {
      for (const metric of [d.main_metric, d.other_metric]) {
        const seeds = points.map((p, i) => ({ label: "seed " + p.seed, points: p.curves[metric], colour: PALETTE[i % PALETTE.length], width: 0.8 }));
        const steps = [...new Set(seeds.flatMap((s) => s.points.map((q) => q[0])))].sort((a, b) => a - b);
        const med = steps.map((x) => [x, median(seeds.map((s) => (s.points.find((q) => q[0] === x) || [])[1]))]);
        const lastStep = steps.length ? steps[steps.length - 1] : 0;
        const split = metric.startsWith("eval/ood/") ? "gen" : metric.startsWith("eval/id/") ? "id" : null;
        const ref = split ? referenceSeries({ ...d.reference, [split === "gen" ? "id" : "gen"]: [] }, lastStep) : [];
        const all = [...ref, ...seeds, { label: "median over seeds", points: med, colour: "#1d2330", width: 3 }];
        drawChart(container, depth + "|" + metric, `${depth} layers: ${metric}`, all,
          { logX: logSteps.checked, ownPoints: seeds.reduce((n, s) => n + s.points.length, 0) });
      }
    }
    if (d.reference && d.reference.layers) {
      document.getElementById("reference-note").textContent =
        `grey: ${d.reference.citation}, ${d.reference.layers} layers (median dashed, 10–90% over their seeds).`;
    }
  }
  await refresh();
  setInterval(() => refresh().catch(console.error), 3000);
}

// ---- compare: one metric over chosen runs -------------------------------------------------------
async function comparePage() {
  const chosen = new Set((query("runs") || "").split(",").filter(Boolean));
  const data = new Map(); // run -> Map(metric -> points)
  const metricSelect = document.getElementById("metric");
  const [logX, logY, smoothing] = ["log-x", "log-y", "smoothing"].map((id) => document.getElementById(id));
  const runs = (await api("runs")).runs.filter((r) => !r.error);
  document.getElementById("run-picker").replaceChildren(...runs.map((r) => {
    const box = el("input", { type: "checkbox", value: r.path });
    box.checked = chosen.has(r.path);
    box.addEventListener("change", async () => { box.checked ? chosen.add(r.path) : chosen.delete(r.path); await load(); draw(); });
    return el("label", {}, box, ` ${r.path} (${r.task})`);
  }));
  [logX, logY, smoothing, metricSelect].forEach((c) => c.addEventListener("input", () => {
    document.getElementById("smoothing-value").textContent = smoothing.value;
    draw();
  }));

  async function load() {
    for (const run of chosen) {
      if (data.has(run)) continue;
      const m = new Map();
      let from = 0;
      for (let more = true; more;) { // a long run's metrics come in pieces of at most 8 MB
        const t = await api("metrics", { path: run, from });
        t.rows.forEach(([step, metric, value]) => { if (!m.has(metric)) m.set(metric, []); m.get(metric).push([step, value]); });
        from = t.offset;
        more = t.more;
      }
      data.set(run, m);
    }
    const metrics = new Set([...chosen].flatMap((r) => [...(data.get(r) || new Map()).keys()]));
    const keep = metricSelect.value || query("metric") || "train/loss";
    metricSelect.replaceChildren(...[...metrics].sort().map((m) => el("option", {}, m)));
    if (metrics.has(keep)) metricSelect.value = keep;
  }

  function draw() {
    const metric = metricSelect.value;
    const alpha = Number(smoothing.value);
    const series = [...chosen].filter((r) => data.get(r) && data.get(r).has(metric)).map((r) => {
      let ema = null; // exponential moving average, as TensorBoard's smoothing
      return { label: r, points: data.get(r).get(metric).map(([x, y]) => [x, (ema = ema == null || !Number.isFinite(y) ? y : alpha * ema + (1 - alpha) * y)]) };
    });
    const container = document.getElementById("charts");
    Object.values(phaselab.charts).forEach((c) => c.plot.destroy());
    phaselab.charts = {};
    container.replaceChildren();
    if (series.length) drawChart(container, "compare", metric, series, { logX: logX.checked, logY: logY.checked,
      ownPoints: series.reduce((n, s) => n + s.points.length, 0) });
  }
  await load();
  draw();
}

const pages = { index: indexPage, run: runPage, sweep: sweepPage, compare: comparePage };
pages[document.body.dataset.page]().catch((e) => {
  document.querySelector("main").prepend(el("p", { class: "error", id: "error" }, "phaselab dashboard: " + e.message));
});
