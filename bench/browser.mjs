#!/usr/bin/env node
// The browser half of the benchmarks: the page (Rust -> WebAssembly in a Web
// Worker) against JavaScript baselines (PapaParse, uDSV, each with the same
// plain JS counting; DuckDB-wasm in SQL), in the same headless Chromium, on
// the same files, plus the page's cold open and weight. See bench/README.md.
//
//   node bench/browser.mjs [--runs N] [--quick] [--fresh] [--inputs sample,kaggle,large]
//
// Targets are reported, never asserted: the exit code is non-zero only when
// something could not be measured (a missing tool, a page error, a timeout).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../tests/browser/server.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BENCH = path.join(ROOT, 'bench');
const INPUT_DIR = path.join(BENCH, 'inputs');
const RESULT_DIR = path.join(BENCH, 'results');
const CLI = path.join(ROOT, 'target', 'release', 'survey-report');
const MB = 1e6; // decimal megabytes throughout, as bench/results/native.json

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--enable-precise-memory-info',
];

const INPUTS = [
  { key: 'sample', args: ['sample'], runs: 5, label: 'sample (331 rows)' },
  { key: 'kaggle', args: ['kaggle'], runs: 5, label: 'kaggle (20k × 355)' },
  { key: 'large', args: ['large', '--mb', '200'], runs: 5, label: 'large (200 MB)' },
];

const log = (...a) => console.error('[bench]', ...a);

// ---------------------------------------------------------------- arguments

function parseArgs(argv) {
  const opts = { runs: null, quick: false, fresh: false, inputs: null, cold: false };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (a === '--quick') opts.quick = true;
    else if (a === '--fresh') opts.fresh = true;
    else if (a === '--cold') opts.cold = true;
    else if (a === '--runs' || a.startsWith('--runs=')) {
      const v = a.includes('=') ? a.split('=')[1] : argv[++i];
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new Error(`--runs wants a positive integer, not ${v}`);
      opts.runs = n;
    } else if (a === '--inputs' || a.startsWith('--inputs=')) {
      const v = a.includes('=') ? a.split('=')[1] : argv[++i];
      opts.inputs = String(v).split(',').filter(Boolean);
      for (const k of opts.inputs) if (!INPUTS.some((x) => x.key === k)) throw new Error(`unknown input ${k}`);
    } else if (a === '--help' || a === '-h') {
      console.log('usage: node bench/browser.mjs [--runs N] [--quick] [--fresh] [--inputs sample,kaggle,large] [--cold]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (try --help)`);
  }
  return opts;
}

// ---------------------------------------------------------------- inputs

function ensureCli() {
  if (fs.existsSync(CLI)) return;
  log('target/release/survey-report is missing: cargo build --release --bin survey-report');
  const r = spawnSync('cargo', ['build', '--release', '--bin', 'survey-report'], { cwd: ROOT, stdio: 'inherit', timeout: 30 * 60 * 1000 });
  if (r.error) throw new Error(`cargo build failed: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`cargo build failed (exit ${r.status})`);
}

/** Writes bench/inputs/<key>.csv with the CLI, when missing or with --fresh. */
function ensureInput(input, fresh) {
  const file = path.join(INPUT_DIR, `${input.key}.csv`);
  if (!fresh && fs.existsSync(file) && fs.statSync(file).size > 0) return file;
  ensureCli();
  fs.mkdirSync(INPUT_DIR, { recursive: true });
  const tmp = `${file}.tmp`;
  log(`generating ${path.relative(ROOT, file)}: survey-report bench-input ${input.args.join(' ')}`);
  const fd = fs.openSync(tmp, 'w');
  let r;
  try {
    r = spawnSync(CLI, ['bench-input', ...input.args], { stdio: ['ignore', fd, 'inherit'], timeout: 10 * 60 * 1000 });
  } finally {
    fs.closeSync(fd);
  }
  if (r.error || r.status !== 0) {
    fs.rmSync(tmp, { force: true });
    throw new Error(`survey-report bench-input ${input.args.join(' ')} failed: ${r.error ? r.error.message : `exit ${r.status}`}`);
  }
  fs.renameSync(tmp, file);
  return file;
}

// ---------------------------------------------------------------- helpers

function median(xs) {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

const max = (xs) => (xs.length ? Math.max(...xs) : null);

/** Rejects after `ms` if `promise` has not settled. */
function timeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: timed out after ${Math.round(ms / 1000)} s`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Generous per-run limit: 60 s plus 1 s per MB. */
const runTimeout = (bytes) => 60000 + Math.ceil(bytes / MB) * 1000;

function readNative() {
  const file = path.join(RESULT_DIR, 'native.json');
  if (!fs.existsSync(file)) return null;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    log(`bench/results/native.json is not valid JSON (${e.message}); ignoring it`);
    return null;
  }
}

// ---------------------------------------------------------------- in the page

/**
 * Added to every report page before its scripts: records when each report
 * from the worker (a message carrying the report's JSON) reaches the main
 * thread, the moment every count is ready, and when body[data-ready] is set.
 */
function pageInit() {
  window.__bench = { reports: [], ready: null };
  const Native = window.Worker;
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        if (e.data && e.data.type === 'report' && typeof e.data.json === 'string') window.__bench.reports.push(performance.now());
      });
    }
  };
  new MutationObserver((records, observer) => {
    if (document.body && document.body.dataset.ready === '1') {
      window.__bench.ready = performance.now();
      observer.disconnect();
    }
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-ready'] });
}

/**
 * Runs in the report page: one timed drop of a fresh File built from the
 * input, then a scroll through the page until every figure is drawn.
 */
async function pageRun({ url, name, timeoutMs, resetName }) {
  // The input is fetched once per page and kept as a Blob (outside the timing).
  window.__benchBlob = window.__benchBlob || {};
  let blob = window.__benchBlob[url];
  if (!blob) {
    const resp = await fetch(url);
    if (!resp.ok) throw new Error(`GET ${url}: HTTP ${resp.status}`);
    blob = await resp.blob();
    window.__benchBlob = { [url]: blob };
  }
  const errorBox = document.querySelector('#error');
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));

  /** Drops `file` on the page; resolves with performance.now() once body[data-loaded] names it. */
  const drop = (file, limit) => {
    let timer;
    let observer;
    const done = new Promise((resolve, reject) => {
      const check = () => {
        if (document.body.dataset.loaded === file.name) {
          resolve(performance.now());
          return true;
        }
        if (!errorBox.hidden && errorBox.textContent.includes(file.name)) {
          reject(new Error(`the page could not read ${file.name}: ${errorBox.textContent}`));
          return true;
        }
        return false;
      };
      observer = new MutationObserver(() => { if (check()) observer.disconnect(); });
      observer.observe(document.body, { attributes: true, attributeFilter: ['data-loaded'] });
      observer.observe(errorBox, { attributes: true, childList: true, subtree: true });
      timer = setTimeout(() => reject(new Error(`${file.name}: body[data-loaded] not set after ${limit} ms`)), limit);
    });
    const dataTransfer = new DataTransfer();
    dataTransfer.items.add(file);
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer, bubbles: true, cancelable: true }));
    return done.finally(() => {
      clearTimeout(timer);
      observer.disconnect();
    });
  };

  // Untimed: a two-row file first, so no figure of the last run is kept
  // (a figure whose data did not change keeps its drawn canvas), and back
  // to the top of the page, where a reader drops a file.
  await drop(new File([`bench reset\n${name}\n`], resetName, { type: 'text/csv' }), 30000);
  window.scrollTo(0, 0);
  await frame();
  await frame();

  const file = new File([blob], name, { type: 'text/csv' });
  const tasks = { max: 0, count: 0, maxToLoaded: 0 };
  let phase = 'drop';
  const takeTasks = (entries) => {
    for (const e of entries) {
      tasks.max = Math.max(tasks.max, e.duration);
      if (phase === 'drop') tasks.maxToLoaded = Math.max(tasks.maxToLoaded, e.duration);
      tasks.count += 1;
    }
  };
  const longTasks = new PerformanceObserver((list) => takeTasks(list.getEntries()));
  longTasks.observe({ type: 'longtask' });
  const heapNow = () => (performance.memory ? performance.memory.usedJSHeapSize : 0);
  let peakHeap = heapNow();
  const sampler = setInterval(() => { peakHeap = Math.max(peakHeap, heapNow()); }, 100);

  const { state } = await import('/www/js/state.js'); // the page's own module instance
  /** Canvases of the report shown that are laid out (not in a closed <details>) and not drawn yet. */
  const undrawn = () => [...(state.current ? state.current.canvases.values() : [])]
    .map((e) => e.canvas)
    .filter((c) => c.isConnected && c.dataset.drawn !== '1' && c.getClientRects().length > 0);
  const pendingBatches = () => document.querySelectorAll('#every-list [aria-busy="true"]').length;

  let t0;
  let loaded;
  let allDrawn;
  let scrollSteps = 0;
  try {
    t0 = performance.now();
    loaded = await drop(file, timeoutMs);
    phase = 'scroll';
    // Scrolling through: two viewports at a time (each comes within the
    // page's draw margin), waiting at each stop for the figures in view;
    // at the bottom, any figure still waiting is scrolled to.
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      if (performance.now() > deadline) throw new Error(`${name}: figures still not drawn after scrolling for ${timeoutMs} ms`);
      await frame();
      const inView = undrawn().filter((c) => {
        const r = c.getBoundingClientRect();
        return r.bottom > 0 && r.top < window.innerHeight;
      });
      if (inView.length) continue;
      const atBottom = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
      if (!atBottom) {
        window.scrollBy(0, 2 * window.innerHeight);
        scrollSteps += 1;
        continue;
      }
      if (pendingBatches()) continue;
      const left = undrawn();
      if (!left.length) break;
      left[0].scrollIntoView({ block: 'center' });
      scrollSteps += 1;
    }
    allDrawn = performance.now();
  } finally {
    clearInterval(sampler);
  }
  // Long-task entries are delivered after their task ends.
  await new Promise((r) => setTimeout(r, 150));
  takeTasks(longTasks.takeRecords());
  longTasks.disconnect();
  const heapAfter = heapNow();
  peakHeap = Math.max(peakHeap, heapAfter);
  const after = (list) => list.find((t) => t >= t0) ?? null;
  const firstScreen = after(performance.getEntriesByName('survey-report:first-screen').map((e) => e.startTime));
  const countsReady = after(window.__bench.reports);
  const stats = await window.surveyReportStats();
  const m = /· (\d+) rows \((\d+) respondents\)/.exec(document.querySelector('#status').textContent);
  // For the counts check on the sample: the non-empty cells the reader saw
  // in each column of a one-column question.
  const cells = {};
  for (const q of state.out?.report?.questions ?? []) {
    if (q.encoding === 'cell' && q.columns.length === 1 && q.answers) cells[q.columns[0]] = q.answers.cells;
  }
  window.scrollTo(0, 0);
  return {
    ms: loaded - t0,
    firstScreenMs: firstScreen === null ? null : firstScreen - t0,
    countsMs: countsReady === null ? null : countsReady - t0,
    allDrawnMs: allDrawn - t0,
    scrollSteps,
    figures: state.current ? state.current.canvases.size : 0,
    bytes: file.size,
    rows: m ? Number(m[1]) : null,
    respondents: m ? Number(m[2]) : null,
    cells,
    longTaskMax: tasks.max,
    longTaskMaxToLoaded: tasks.maxToLoaded,
    longTaskCount: tasks.count,
    heapAfter,
    heapPeak: peakHeap,
    wasmBytes: stats && stats.wasmBytes,
    // The worker's part: from the file to the report's JSON (read, count,
    // figures' data), the same work as the native criterion bench.
    workerMs: stats && stats.readMs,
  };
}

// ---------------------------------------------------------------- runs

function watchPage(page, where, problems) {
  page.on('pageerror', (err) => problems.push(`${where}: page error: ${err && err.message ? err.message : err}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/favicon\.ico/.test(msg.location()?.url ?? '')) problems.push(`${where}: console error: ${msg.text()}`);
  });
}

async function newPage(browser, contexts) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  contexts.add(context);
  await context.route('**/favicon.ico', (route) => route.fulfill({ status: 204, body: '' }));
  const page = await context.newPage();
  page.setDefaultTimeout(30000);
  const close = async () => {
    contexts.delete(context);
    await context.close().catch(() => {});
  };
  return { page, context, close };
}

/** Ours: one fresh report page per input, a warm-up drop, then `runs` timed drops. */
async function benchOurs(browser, contexts, base, input, runs, problems) {
  const { page, close } = await newPage(browser, contexts);
  const where = `page (${input.key})`;
  watchPage(page, where, problems);
  try {
    await page.addInitScript(pageInit);
    await page.goto(`${base}www/index.html`, { timeout: 30000 });
    await page.waitForSelector('body[data-ready="1"]', { state: 'attached', timeout: 30000 });
    const url = `/bench/inputs/${input.key}.csv`;
    const limit = runTimeout(input.bytes);
    const once = (name) => timeout(page.evaluate(pageRun, { url, name, timeoutMs: limit, resetName: `reset-${name}` }), 2 * limit + 60000, `${where} ${name}`);
    const warm = await once(`warmup-${input.key}.csv`);
    log(`  ours warm-up: ${warm.ms.toFixed(0)} ms`);
    const out = [];
    for (let i = 1; i <= runs; i += 1) {
      const r = await once(`${input.key}-run${i}.csv`);
      log(`  ours run ${i}/${runs}: first screen ${f(r.firstScreenMs, 0)} ms, counts ${f(r.countsMs, 0)} ms, drawn ${r.ms.toFixed(0)} ms, every figure ${r.allDrawnMs.toFixed(0)} ms (${r.figures} figures, ${r.scrollSteps} scroll steps); worker ${r.workerMs.toFixed(0)} ms; longest task ${r.longTaskMax.toFixed(0)} ms; wasm ${(r.wasmBytes / MB).toFixed(1)} MB`);
      out.push(r);
    }
    return out;
  } finally {
    await close();
  }
}

/** The JavaScript baselines: each a page of bench/ with `window[global].run(args)`. */
const BASELINES = {
  full: { page: 'papaparse.html', global: 'papaparseBench', label: 'PapaParse full parse' },
  step: { page: 'papaparse.html', global: 'papaparseBench', label: 'PapaParse step' },
  udsv: { page: 'udsv.html', global: 'udsvBench', label: 'uDSV streaming' },
  duckdb: { page: 'duckdb.html', global: 'duckdbBench', label: 'DuckDB-wasm' },
};

/** A baseline: each run in a fresh page, warmed up on the sample first. */
async function benchBaseline(browser, contexts, base, input, mode, runs, problems) {
  const b = BASELINES[mode];
  const out = [];
  const url = `/bench/inputs/${input.key}.csv`;
  const limit = runTimeout(input.bytes) * 2;
  for (let i = 1; i <= runs; i += 1) {
    const { page, close } = await newPage(browser, contexts);
    const where = `${b.label} (${input.key})`;
    watchPage(page, where, problems);
    try {
      await page.goto(`${base}bench/${b.page}`, { timeout: 30000 });
      await page.waitForSelector('body[data-ready="1"]', { state: 'attached', timeout: 30000 });
      const r = await timeout(
        page.evaluate(([g, a]) => window[g].run(a), [b.global, { url, name: `${input.key}-run${i}.csv`, mode, warmupUrl: '/bench/inputs/sample.csv', timeoutMs: limit }]),
        limit * 3 + 60000,
        `${where} run ${i}`,
      );
      const inst = r.instantiateMs === undefined ? '' : ` (instantiate ${r.instantiateMs.toFixed(0)} ms, apart)`;
      log(`  ${b.label} run ${i}/${runs}: ${r.ms.toFixed(1)} ms, ${(r.bytes / MB / (r.ms / 1000)).toFixed(1)} MB/s, ${r.rows} rows${inst}, longest task ${r.longTaskMax.toFixed(0)} ms`);
      out.push(r);
    } finally {
      await close();
    }
  }
  return out;
}

/** gzip -9 of a response body (node zlib), as the bench counts page weight. */
const gz = (buf) => zlib.gzipSync(buf, { level: 9 }).length;
const isCode = (u) => /\.(m?js|wasm)$/.test(new URL(u).pathname);

/**
 * Cold open: a fresh browser context per run, navigation -> the sample's
 * first figure drawn and -> body[data-ready] (the sample report drawn).
 * The first run also records what the page loaded before it was drawn.
 */
async function benchColdOpen(browser, contexts, base, runs, problems) {
  const out = [];
  let loaded = null;
  for (let i = 1; i <= runs; i += 1) {
    const { page, context, close } = await newPage(browser, contexts);
    watchPage(page, 'cold open', problems);
    const responses = [];
    let drawn = false;
    context.on('response', (resp) => { if (!drawn) responses.push(resp); });
    try {
      await page.addInitScript(pageInit);
      await page.goto(`${base}www/index.html`, { timeout: 30000 });
      await page.waitForSelector('body[data-ready="1"]', { state: 'attached', timeout: 30000 });
      drawn = true;
      const r = await page.evaluate(() => {
        const first = performance.getEntriesByName('survey-report:first-figure')[0];
        // The page's phase marks (www/app.js, www/js/session.js), each the first of its name.
        const marks = {};
        for (const m of performance.getEntriesByType('mark')) {
          const name = m.name.replace(/^survey-report:/, '');
          if (name !== m.name && !(name in marks)) marks[name] = m.startTime;
        }
        return { firstFigureMs: first ? first.startTime : null, readyMs: window.__bench.ready, marks };
      });
      log(`  cold open ${i}/${runs}: first figure ${f(r.firstFigureMs, 0)} ms, sample report drawn ${f(r.readyMs, 0)} ms (${phaseLine(r.marks)})`);
      out.push(r);
      if (!loaded) loaded = await weighResponses(responses);
    } finally {
      await close();
    }
  }
  const names = [...new Set(out.flatMap((r) => Object.keys(r.marks)))];
  const phases = Object.fromEntries(names.map((n) => [n, median(out.map((r) => r.marks[n] ?? null).filter((x) => x !== null))]));
  return { runs: out, first_figure_ms: median(out.map((r) => r.firstFigureMs)), ready_ms: median(out.map((r) => r.readyMs)), phases, loaded };
}

/** `{ mark: ms }` as "modules 80, wasm-ready 95, …", in the order they came. */
function phaseLine(marks) {
  return Object.entries(marks).filter(([, ms]) => ms !== null).sort((a, b) => a[1] - b[1]).map(([n, ms]) => `${n} ${f(ms, 0)}`).join(', ');
}

/** The wasm + JS among `responses` (each URL once), with their gzip -9 sizes. */
async function weighResponses(responses) {
  const seen = new Map();
  for (const resp of responses) {
    const url = resp.url();
    if (seen.has(url) || !url.startsWith('http') || resp.status() !== 200) continue;
    let body;
    try {
      body = await resp.body();
    } catch {
      continue; // a response whose body the browser no longer holds
    }
    seen.set(url, { file: new URL(url).pathname.replace(/^\//, ''), code: isCode(url), bytes: body.length, gzip: gz(body) });
  }
  const files = [...seen.values()].sort((a, b) => a.file.localeCompare(b.file));
  const code = files.filter((x) => x.code);
  return {
    files,
    requests: responses.length,
    wasm_plus_js: { bytes: code.reduce((a, x) => a + x.bytes, 0), gzip: code.reduce((a, x) => a + x.gzip, 0) },
    all: { bytes: files.reduce((a, x) => a + x.bytes, 0), gzip: files.reduce((a, x) => a + x.gzip, 0) },
  };
}

/** embed.html showing one of the sample's figures, in a fresh context: what it loads until drawn. */
async function benchEmbed(browser, contexts, base, problems) {
  let fragment;
  {
    const { page, close } = await newPage(browser, contexts);
    watchPage(page, 'embed link', problems);
    try {
      await page.goto(`${base}www/index.html`, { timeout: 30000 });
      await page.waitForSelector('body[data-ready="1"]', { state: 'attached', timeout: 30000 });
      fragment = await page.evaluate(async () => {
        const { encodeLink } = await import('/www/share.js');
        const { state } = await import('/www/js/state.js');
        const [id] = state.current.canvases.keys();
        return `${await encodeLink(window.surveyReportFigure(id))}&w=720`;
      });
    } finally {
      await close();
    }
  }
  const { page, context, close } = await newPage(browser, contexts);
  watchPage(page, 'embed', problems);
  const responses = [];
  let drawn = false;
  context.on('response', (resp) => { if (!drawn) responses.push(resp); });
  try {
    await page.goto(`${base}www/embed.html#${fragment}`, { timeout: 30000 });
    await page.waitForSelector('body[data-ready="1"]', { state: 'attached', timeout: 30000 });
    drawn = true;
    return await weighResponses(responses);
  } finally {
    await close();
  }
}

function summarise(runs, key = 'ms') {
  if (!runs || !runs.length) return null;
  const bytes = runs[0].bytes;
  const ms = median(runs.map((r) => r[key]));
  return { runs: runs.length, bytes, median_ms: ms, mb_per_s: ms ? bytes / MB / (ms / 1000) : null };
}

// ---------------------------------------------------------------- report

const f = (x, d = 1) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(d));
const fx = (x) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : `${x.toFixed(2)}×`);
const fms = (x) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(x < 1000 ? 1 : 0));
const mark = (ok) => (ok === null ? '–' : ok ? '✓' : '✗');
/** `baseline ÷ ours` times: how many times faster ours is (null when either is missing). */
const speedup = (baselineMs, oursMs) => (baselineMs && oursMs ? baselineMs / oursMs : null);

function table(headers, rows, align) {
  const lines = [`| ${headers.join(' | ')} |`, `|${align.map((a) => (a === 'r' ? '---:' : ':---')).join('|')}|`];
  for (const r of rows) lines.push(`| ${r.join(' | ')} |`);
  return lines.join('\n');
}

/**
 * Each baseline's counts against PapaParse step mode (all inputs: rows,
 * non-empty cells per column, the digest of every value's count), and on the
 * sample against ours: the rows and the non-empty cells of every one-column
 * question.
 */
function countsCheck(results) {
  const lines = [];
  let ok = true;
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  for (const r of results) {
    const ref = r.raw.step?.[0];
    for (const mode of ['full', 'udsv', 'duckdb']) {
      const x = r.raw[mode]?.[0];
      if (!ref || !x) continue;
      const good = x.rows === ref.rows && same(x.cells, ref.cells) && x.digest === ref.digest;
      ok &&= good;
      lines.push(`- ${mark(good)} ${r.input}: ${BASELINES[mode].label} counts = PapaParse step counts (${x.rows} rows, ${x.counted} cells in ${x.distinct} distinct values, digest ${x.digest.toString(16)}${good ? '' : ` against ${ref.rows} rows, ${ref.counted} cells, digest ${ref.digest.toString(16)}`})`);
    }
    if (r.input === 'sample' && ref) {
      const ours = r.raw.ours[0];
      const wrong = Object.entries(ours.cells).filter(([col, n]) => ref.cells[Number(col)] !== n);
      const good = ours.rows === ref.rows && wrong.length === 0;
      ok &&= good;
      lines.push(`- ${mark(good)} sample: ours = the baselines (${ours.rows} rows against ${ref.rows}; non-empty cells of the ${Object.keys(ours.cells).length} one-column questions${wrong.length ? `; differ in columns ${wrong.map(([c]) => c).join(', ')}` : ' equal'})`);
    }
  }
  return { ok, lines };
}

function evaluateTargets(by, cold, weight, quick) {
  const skipped = quick ? 'not measured (--quick)' : 'not measured';
  const targets = [];
  const add = (issue, name, ok, detail) => targets.push({ issue, target: name, ok, detail });
  const k = by.kaggle;
  const l = by.large;
  const s = by.sample;
  if (k) {
    add(16, 'Kaggle: drop → first screen drawn ≤ 150 ms', k.ours.first_screen_ms === null ? null : k.ours.first_screen_ms <= 150, `${fms(k.ours.first_screen_ms)} ms`);
    add(16, 'Kaggle: drop → every count ready ≥ 3× faster than uDSV', k.vs.counts.udsv === null ? null : k.vs.counts.udsv >= 3, `${fx(k.vs.counts.udsv)} (${fms(k.ours.counts_ms)} ms against ${fms(k.udsv?.median_ms)} ms)`);
    add(16, 'Kaggle: worker ≥ 200 MB/s', k.worker.mb_per_s >= 200, `${f(k.worker.mb_per_s)} MB/s`);
  } else for (const t of ['Kaggle: drop → first screen drawn ≤ 150 ms', 'Kaggle: drop → every count ready ≥ 3× faster than uDSV', 'Kaggle: worker ≥ 200 MB/s']) add(16, t, null, skipped);
  if (l) {
    add(16, '200 MB: drop → everything drawn ≥ 3× faster than uDSV', l.vs.all.udsv === null ? null : l.vs.all.udsv >= 3, `${fx(l.vs.all.udsv)} (${fms(l.ours.all_drawn_ms)} ms against ${fms(l.udsv?.median_ms)} ms)`);
    add(16, '200 MB: worker ≥ 400 MB/s', l.worker.mb_per_s >= 400, `${f(l.worker.mb_per_s)} MB/s`);
    add(16, '200 MB: no main-thread task over 50 ms', l.long_task_max_ms <= 50, `longest ${f(l.long_task_max_ms, 0)} ms over ${l.ours.runs} runs, drop to every figure drawn`);
  } else for (const t of ['200 MB: drop → everything drawn ≥ 3× faster than uDSV', '200 MB: worker ≥ 400 MB/s', '200 MB: no main-thread task over 50 ms']) add(16, t, null, skipped);
  if (s) add(16, 'sample: drop → drawn ≤ 100 ms', s.ours.drawn_ms <= 100, `${fms(s.ours.drawn_ms)} ms (every figure after scrolling: ${fms(s.ours.all_drawn_ms)} ms)`);
  else add(16, 'sample: drop → drawn ≤ 100 ms', null, 'not measured');
  add(16, 'cold open: navigation → first figure ≤ 300 ms', cold.first_figure_ms === null ? null : cold.first_figure_ms <= 300, `${fms(cold.first_figure_ms)} ms (median of ${cold.runs.length})`);
  add(16, 'cold open: navigation → sample report drawn ≤ 500 ms', cold.ready_ms === null ? null : cold.ready_ms <= 500, `${fms(cold.ready_ms)} ms`);
  add(16, 'page: wasm + JS loaded before the report is drawn ≤ 250 KB gzip', cold.loaded.wasm_plus_js.gzip <= 250 * 1000, `${f(cold.loaded.wasm_plus_js.gzip / 1000)} KB`);
  add(16, 'embed.html: wasm + JS for one figure ≤ 150 KB gzip', weight.embed.wasm_plus_js.gzip <= 150 * 1000, `${f(weight.embed.wasm_plus_js.gzip / 1000)} KB`);
  // Issue #4's, kept: against PapaParse and native, and memory.
  if (l) {
    add(4, '200 MB: ≥ 3× PapaParse full parse', l.vs.all.full === null ? null : l.vs.all.full >= 3, fx(l.vs.all.full));
    add(4, '200 MB: ≥ 1.5× PapaParse step mode', l.vs.all.step === null ? null : l.vs.all.step >= 1.5, fx(l.vs.all.step));
    add(4, '200 MB: worker ≥ 0.6× native', l.ratio_native_worker === null ? null : l.ratio_native_worker >= 0.6,
      l.ratio_native_worker === null ? 'no bench/results/native.json (run the criterion bench first)' : fx(l.ratio_native_worker));
    add(4, '200 MB drawn in ≤ 2 s', l.ours.drawn_ms <= 2000, `${fms(l.ours.drawn_ms)} ms`);
  }
  for (const r of Object.values(by)) {
    const limit = 0.2 * r.bytes + 32 * MB;
    add(4, `${r.input}: memory ≤ 0.2 × file + 32 MB (wasm memory)`, r.wasm_bytes <= limit, `${f(r.wasm_bytes / MB)} MB of ${f(limit / MB)} MB`);
  }
  return targets;
}

function render(results, cold, weight, targets, check, machine) {
  const main = table(
    ['input', 'MB', 'rows', 'first screen ms', 'counts ready ms', 'drawn ms', 'every figure ms', 'worker ms', 'worker MB/s', 'longest task ms', 'wasm MB', 'PapaParse full ms', 'PapaParse step ms', 'uDSV ms', 'DuckDB ms', 'DuckDB instantiate ms', 'native MB/s'],
    results.map((r) => [
      r.input, f(r.bytes / MB, r.bytes < 10 * MB ? 2 : 1), String(r.rows ?? '–'),
      fms(r.ours.first_screen_ms), fms(r.ours.counts_ms), fms(r.ours.drawn_ms), fms(r.ours.all_drawn_ms),
      fms(r.worker.median_ms), f(r.worker.mb_per_s), f(r.long_task_max_ms, 0), f(r.wasm_bytes / MB),
      fms(r.full?.median_ms), fms(r.step?.median_ms), fms(r.udsv?.median_ms), fms(r.duckdb?.median_ms), fms(r.duckdb_instantiate_ms), f(r.native_mb_per_s),
    ]),
    ['l', ...Array(16).fill('r')],
  );
  const ratios = table(
    ['input', 'ours', '÷ PapaParse full', '÷ PapaParse step', '÷ uDSV', '÷ DuckDB'],
    results.flatMap((r) => [
      [r.input, 'counts ready', fx(r.vs.counts.full), fx(r.vs.counts.step), fx(r.vs.counts.udsv), fx(r.vs.counts.duckdb)],
      [r.input, 'every figure drawn', fx(r.vs.all.full), fx(r.vs.all.step), fx(r.vs.all.udsv), fx(r.vs.all.duckdb)],
    ]),
    ['l', 'l', 'r', 'r', 'r', 'r'],
  );
  const weightTable = table(
    ['loaded by', 'file', 'bytes', 'gzip -9 bytes'],
    [
      ...cold.loaded.files.map((x) => ['page', x.file, String(x.bytes), String(x.gzip)]),
      ['page', '**wasm + JS**', `**${cold.loaded.wasm_plus_js.bytes}**`, `**${cold.loaded.wasm_plus_js.gzip}**`],
      ...weight.embed.files.map((x) => ['embed', x.file, String(x.bytes), String(x.gzip)]),
      ['embed', '**wasm + JS**', `**${weight.embed.wasm_plus_js.bytes}**`, `**${weight.embed.wasm_plus_js.gzip}**`],
    ],
    ['l', 'l', 'r', 'r'],
  );
  return [
    `Browser benchmark, ${machine.date.slice(0, 10)}: ${machine.cpu}, ${machine.cores} cores (nproc ${machine.nproc}), Chromium ${machine.chromium}, node ${machine.node}; PapaParse ${machine.papaparse}, uDSV ${machine.udsv}, DuckDB-wasm ${machine.duckdb_wasm}. Medians of ${machine.runs} runs; MB = 10^6 bytes.`,
    '',
    main,
    '',
    'Ours, from a real drop: *first screen*, every figure in the first viewport drawn; *counts ready*, the worker\'s report on the main thread; *drawn*, body[data-loaded] (every figure built drawn, the lazily built ones once near); *every figure*, after scrolling through to the last one. *Worker*: its part, file → report JSON. Longest task: the main thread, drop to every figure drawn, over all runs. Baselines: parse + the same counts (DuckDB: read_csv + GROUP BY), its instantiate apart.',
    '',
    ratios,
    '',
    'Ratios: the baseline\'s time ÷ ours (above 1: ours is faster).',
    '',
    `Cold open (fresh context, ${cold.runs.length} runs): navigation → first figure ${fms(cold.first_figure_ms)} ms, → sample report drawn ${fms(cold.ready_ms)} ms. The page's marks, medians in ms from navigation: ${phaseLine(cold.phases) || 'none'}.`,
    '',
    weightTable,
    '',
    'Counts check:',
    '',
    ...check.lines,
    '',
    'Targets:',
    '',
    ...targets.map((t) => `- ${mark(t.ok)} ${t.target} (#${t.issue}): ${t.detail}`),
    '',
  ].join('\n');
}

// ---------------------------------------------------------------- main

const versionOf = (pkg) => {
  try {
    return JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    throw new Error(`node_modules/${pkg} is missing: run npm ci (it is a devDependency)`);
  }
};

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  let inputs = INPUTS.filter((i) => !(opts.quick && i.key === 'large'));
  if (opts.inputs) inputs = inputs.filter((i) => opts.inputs.includes(i.key));
  if (!inputs.length) throw new Error('no inputs selected');
  for (const i of inputs) i.runs = opts.runs ?? (opts.quick ? 1 : i.runs);
  const coldRuns = opts.runs ?? (opts.quick ? 1 : 5);

  for (const rel of ['pkg/survey_report_bg.wasm', 'pkg/survey_report.js', 'www/pkg']) {
    if (!fs.existsSync(path.join(ROOT, rel))) throw new Error(`${rel} is missing: run ./build.sh build first`);
  }
  const versions = { papaparse: versionOf('papaparse'), udsv: versionOf('udsv'), duckdb_wasm: versionOf('@duckdb/duckdb-wasm') };
  if (!fs.existsSync('/usr/bin/chromium')) throw new Error('Chromium is missing at /usr/bin/chromium (apt-get install chromium)');

  // The sample is also the baselines' warm-up file: always there.
  const needed = opts.cold ? new Set() : new Set(inputs.map((i) => i.key).concat('sample'));
  for (const input of INPUTS) {
    if (!needed.has(input.key)) continue;
    input.file = ensureInput(input, opts.fresh);
    input.bytes = fs.statSync(input.file).size;
  }

  const native = readNative();
  const problems = [];
  const contexts = new Set();
  let server = null;
  let browser = null;
  const cleanup = async () => {
    for (const c of contexts) await c.close().catch(() => {});
    if (browser) await browser.close().catch(() => {});
    browser = null;
    if (server) await server.close().catch(() => {});
    server = null;
  };
  const onSignal = (sig) => {
    log(`${sig}: closing the browser and the server`);
    cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const results = [];
  let chromiumVersion = null;
  let cold = null;
  const weight = {};
  try {
    server = await serve(ROOT);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, timeout: 60000 });
    chromiumVersion = browser.version();
    log(`serving ${ROOT} at ${server.url}; Chromium ${chromiumVersion}; PapaParse ${versions.papaparse}, uDSV ${versions.udsv}, DuckDB-wasm ${versions.duckdb_wasm}`);

    if (opts.cold) {
      // Only the cold open, printed; bench/results/ is left as it was.
      log(`cold open only: ${coldRuns} run(s), each in a fresh browser context`);
      const c = await benchColdOpen(browser, contexts, server.url, coldRuns, problems);
      console.log(`Cold open (fresh context, ${c.runs.length} runs): navigation → first figure ${f(c.first_figure_ms)} ms, → sample report drawn ${f(c.ready_ms)} ms; marks: ${phaseLine(c.phases)}; wasm + JS ${f(c.loaded.wasm_plus_js.gzip / 1000)} KB gzip in ${c.loaded.requests} requests.`);
      for (const p of problems) console.log(`problem: ${p}`);
      if (problems.length) process.exitCode = 1;
      return;
    }
    for (const input of inputs) {
      log(`${input.key}: ${(input.bytes / MB).toFixed(2)} MB, ${input.runs} run(s)`);
      const raw = { ours: await benchOurs(browser, contexts, server.url, input, input.runs, problems) };
      for (const mode of Object.keys(BASELINES)) raw[mode] = await benchBaseline(browser, contexts, server.url, input, mode, input.runs, problems);
      const ours = raw.ours;
      const o = {
        runs: ours.length,
        first_screen_ms: median(ours.map((r) => r.firstScreenMs)),
        counts_ms: median(ours.map((r) => r.countsMs)),
        drawn_ms: median(ours.map((r) => r.ms)),
        all_drawn_ms: median(ours.map((r) => r.allDrawnMs)),
        figures: ours[0].figures,
        scroll_steps: ours[0].scrollSteps,
      };
      const w = summarise(ours, 'workerMs');
      const base = Object.fromEntries(Object.keys(BASELINES).map((m) => [m, summarise(raw[m])]));
      const nat = native && native.inputs && native.inputs[input.key] ? native.inputs[input.key].mb_per_s : null;
      const vs = (oursMs) => Object.fromEntries(Object.keys(BASELINES).map((m) => [m, speedup(base[m]?.median_ms, oursMs)]));
      results.push({
        input: input.key,
        bytes: input.bytes,
        rows: ours[0].rows,
        respondents: ours[0].respondents,
        ours: o,
        worker: { median_ms: w.median_ms, mb_per_s: w.mb_per_s },
        long_task_max_ms: max(ours.map((r) => r.longTaskMax)),
        long_task_max_to_drawn_ms: max(ours.map((r) => r.longTaskMaxToLoaded)),
        js_heap_peak_bytes: max(ours.map((r) => r.heapPeak)),
        wasm_bytes: max(ours.map((r) => r.wasmBytes)),
        ...base,
        duckdb_instantiate_ms: median(raw.duckdb.map((r) => r.instantiateMs)),
        duckdb_bundle: raw.duckdb[0]?.bundle ?? null,
        vs: { counts: vs(o.counts_ms), all: vs(o.all_drawn_ms) },
        native_mb_per_s: nat,
        ratio_native_worker: nat ? w.mb_per_s / nat : null,
        raw,
      });
    }
    log(`cold open: ${coldRuns} run(s), each in a fresh browser context`);
    cold = await benchColdOpen(browser, contexts, server.url, coldRuns, problems);
    log('embed.html: one of the sample\'s figures');
    weight.embed = await benchEmbed(browser, contexts, server.url, problems);
  } finally {
    await cleanup();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }

  const cpus = os.cpus();
  const machine = {
    date: new Date().toISOString(),
    cpu: cpus[0] ? cpus[0].model : null,
    cores: cpus.length,
    nproc: os.availableParallelism ? os.availableParallelism() : cpus.length,
    total_memory_bytes: os.totalmem(),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    chromium: chromiumVersion,
    ...versions,
    runs: [...new Set(inputs.map((i) => i.runs))].join('/'),
  };
  const by = Object.fromEntries(results.map((r) => [r.input, r]));
  const check = countsCheck(results);
  const targets = evaluateTargets(by, cold, weight, opts.quick);
  const text = render(results, cold, weight, targets, check, machine);
  console.log(text);

  const json = {
    date: machine.date,
    machine,
    options: { runs: Object.fromEntries(inputs.map((i) => [i.key, i.runs])), cold_runs: coldRuns, quick: opts.quick, warmup: 'ours: one untimed drop per page; baselines: one untimed parse of the sample per page', unit: 'MB = 1e6 bytes' },
    inputs: by,
    cold_open: cold,
    weight: { page: cold.loaded, embed: weight.embed },
    native: native || null,
    counts_check: check,
    targets,
    problems,
    markdown: text,
  };
  fs.mkdirSync(RESULT_DIR, { recursive: true });
  const out = path.join(RESULT_DIR, 'browser.json');
  fs.writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`);
  fs.writeFileSync(path.join(RESULT_DIR, 'table.md'), `${text}\n`);
  log(`wrote ${path.relative(ROOT, out)} and bench/results/table.md`);
  if (problems.length) {
    // Errors on a page mean the numbers may not be what they seem.
    throw new Error(`the pages reported errors:\n  ${problems.join('\n  ')}`);
  }
  if (!check.ok) throw new Error('a baseline\'s counts differ from the others\' (see "Counts check")');
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`bench/browser.mjs: ${e && e.stack ? e.stack : e}`);
    process.exit(1);
  },
);
