#!/usr/bin/env node
// The browser half of the benchmarks: the page (Rust -> WebAssembly in a Web
// Worker) against a JavaScript baseline (PapaParse + plain JS aggregates), in
// the same headless Chromium, on the same files. See bench/README.md.
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
import { createRequire } from 'node:module';
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
  const opts = { runs: null, quick: false, fresh: false, inputs: null };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (a === '--quick') opts.quick = true;
    else if (a === '--fresh') opts.fresh = true;
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
      console.log('usage: node bench/browser.mjs [--runs N] [--quick] [--fresh] [--inputs sample,kaggle,large]');
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

function gzipSizes() {
  // Every script of www/ and www/js/ but the embed page's own, which the
  // report page never loads (pkg/ is listed below).
  const scripts = fs.readdirSync(path.join(ROOT, 'www'), { recursive: true })
    .filter((f) => f.endsWith('.js') && f !== 'embed.js' && !f.startsWith('pkg'))
    .sort()
    .map((f) => [`www/${f}`, 'js']);
  const files = [
    ['pkg/survey_report_bg.wasm', 'wasm'],
    ['pkg/survey_report.js', 'js'],
    ...scripts,
    ['www/index.html', 'other'],
    ['www/style.css', 'other'],
  ];
  const rows = files.map(([rel, kind]) => {
    const buf = fs.readFileSync(path.join(ROOT, rel));
    return { file: rel, kind, bytes: buf.length, gzip: zlib.gzipSync(buf, { level: 9 }).length };
  });
  const sum = (pred, k) => rows.filter(pred).reduce((a, r) => a + r[k], 0);
  const code = (r) => r.kind === 'wasm' || r.kind === 'js';
  return {
    files: rows,
    wasm_plus_js: { bytes: sum(code, 'bytes'), gzip: sum(code, 'gzip') },
    all: { bytes: sum(() => true, 'bytes'), gzip: sum(() => true, 'gzip') },
  };
}

// ---------------------------------------------------------------- in the page

/** Runs in the report page: one timed drop of a fresh File built from the input. */
async function pageRun({ url, name, timeoutMs }) {
  // The input is fetched once per page and kept as a Blob (outside the timing).
  window.__benchBlob = window.__benchBlob || {};
  let blob = window.__benchBlob[url];
  if (!blob) {
    const resp = await fetch(url);
    if (!resp.ok) throw new Error(`GET ${url}: HTTP ${resp.status}`);
    blob = await resp.blob();
    window.__benchBlob = { [url]: blob };
  }
  const file = new File([blob], name, { type: 'text/csv' });
  const errorBox = document.querySelector('#error');

  const tasks = { max: 0, count: 0 };
  const takeTasks = (entries) => {
    for (const e of entries) {
      tasks.max = Math.max(tasks.max, e.duration);
      tasks.count += 1;
    }
  };
  const longTasks = new PerformanceObserver((list) => takeTasks(list.getEntries()));
  longTasks.observe({ type: 'longtask' });
  const heapNow = () => (performance.memory ? performance.memory.usedJSHeapSize : 0);
  let peakHeap = heapNow();
  const sampler = setInterval(() => { peakHeap = Math.max(peakHeap, heapNow()); }, 100);

  let timer;
  let observer;
  const done = new Promise((resolve, reject) => {
    const check = () => {
      if (document.body.dataset.loaded === name) {
        resolve(performance.now());
        return true;
      }
      if (!errorBox.hidden && errorBox.textContent.includes(name)) {
        reject(new Error(`the page could not read ${name}: ${errorBox.textContent}`));
        return true;
      }
      return false;
    };
    observer = new MutationObserver(() => { if (check()) observer.disconnect(); });
    observer.observe(document.body, { attributes: true, attributeFilter: ['data-loaded'] });
    observer.observe(errorBox, { attributes: true, childList: true, subtree: true });
    timer = setTimeout(() => reject(new Error(`${name}: body[data-loaded] not set after ${timeoutMs} ms`)), timeoutMs);
  });

  let t1;
  const t0 = performance.now();
  try {
    const dataTransfer = new DataTransfer();
    dataTransfer.items.add(file);
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer, bubbles: true, cancelable: true }));
    t1 = await done;
  } finally {
    clearTimeout(timer);
    observer.disconnect();
    clearInterval(sampler);
  }
  // Long-task entries are delivered after their task ends.
  await new Promise((r) => setTimeout(r, 150));
  takeTasks(longTasks.takeRecords());
  longTasks.disconnect();
  const heapAfter = heapNow();
  peakHeap = Math.max(peakHeap, heapAfter);
  const stats = await window.surveyReportStats();
  const m = /· (\d+) rows \((\d+) respondents\)/.exec(document.querySelector('#status').textContent);
  return {
    ms: t1 - t0,
    bytes: file.size,
    rows: m ? Number(m[1]) : null,
    respondents: m ? Number(m[2]) : null,
    longTaskMax: tasks.max,
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
  const page = await context.newPage();
  page.setDefaultTimeout(30000);
  const close = async () => {
    contexts.delete(context);
    await context.close().catch(() => {});
  };
  return { page, close };
}

/** Ours: one fresh report page per input, a warm-up drop, then `runs` timed drops. */
async function benchOurs(browser, contexts, base, input, runs, problems) {
  const { page, close } = await newPage(browser, contexts);
  const where = `page (${input.key})`;
  watchPage(page, where, problems);
  try {
    await page.goto(`${base}www/index.html`, { timeout: 30000 });
    await page.waitForSelector('body[data-ready="1"]', { state: 'attached', timeout: 30000 });
    const url = `/bench/inputs/${input.key}.csv`;
    const limit = runTimeout(input.bytes);
    const once = (name) => timeout(page.evaluate(pageRun, { url, name, timeoutMs: limit }), limit + 30000, `${where} ${name}`);
    const warm = await once(`warmup-${input.key}.csv`);
    log(`  ours warm-up: ${warm.ms.toFixed(0)} ms`);
    const out = [];
    for (let i = 1; i <= runs; i += 1) {
      const r = await once(`${input.key}-run${i}.csv`);
      log(`  ours run ${i}/${runs}: ${r.ms.toFixed(1)} ms, ${(r.bytes / MB / (r.ms / 1000)).toFixed(1)} MB/s (worker ${r.workerMs.toFixed(1)} ms), longest task ${r.longTaskMax.toFixed(0)} ms, wasm ${(r.wasmBytes / MB).toFixed(1)} MB`);
      out.push(r);
    }
    return out;
  } finally {
    await close();
  }
}

/** PapaParse: each run in a fresh bench/papaparse.html, warmed up on the sample first. */
async function benchPapa(browser, contexts, base, input, mode, runs, problems) {
  const out = [];
  const url = `/bench/inputs/${input.key}.csv`;
  const limit = runTimeout(input.bytes) * 2;
  for (let i = 1; i <= runs; i += 1) {
    const { page, close } = await newPage(browser, contexts);
    const where = `papaparse ${mode} (${input.key})`;
    watchPage(page, where, problems);
    try {
      await page.goto(`${base}bench/papaparse.html`, { timeout: 30000 });
      await page.waitForSelector('body[data-ready="1"]', { state: 'attached', timeout: 30000 });
      const r = await timeout(
        page.evaluate((a) => window.papaparseBench.run(a), { url, name: `${input.key}-run${i}.csv`, mode, warmupUrl: '/bench/inputs/sample.csv', timeoutMs: limit }),
        limit * 2 + 30000,
        `${where} run ${i}`,
      );
      log(`  papaparse ${mode} run ${i}/${runs}: ${r.ms.toFixed(1)} ms, ${(r.bytes / MB / (r.ms / 1000)).toFixed(1)} MB/s, ${r.rows} rows, longest task ${r.longTaskMax.toFixed(0)} ms`);
      out.push(r);
    } finally {
      await close();
    }
  }
  return out;
}

function summarise(runs) {
  if (!runs || !runs.length) return null;
  const bytes = runs[0].bytes;
  const ms = median(runs.map((r) => r.ms));
  return { runs: runs.length, bytes, median_ms: ms, mb_per_s: bytes / MB / (ms / 1000), raw: runs };
}

// ---------------------------------------------------------------- report

const f = (x, d = 1) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(d));
const fx = (x) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : `${x.toFixed(2)}×`);
const mark = (ok) => (ok === null ? '–' : ok ? '✓' : '✗');

function table(headers, rows, align) {
  const lines = [`| ${headers.join(' | ')} |`, `|${align.map((a) => (a === 'r' ? '---:' : ':---')).join('|')}|`];
  for (const r of rows) lines.push(`| ${r.join(' | ')} |`);
  return lines.join('\n');
}

function evaluateTargets(results, sizes, quick) {
  const by = Object.fromEntries(results.map((r) => [r.input, r]));
  const large = by.large;
  const skipped = quick ? 'not measured (--quick)' : 'not measured';
  const targets = [];
  const add = (name, ok, detail) => targets.push({ target: name, ok, detail });

  if (large) {
    add('≥ 3× PapaParse full parse (200 MB)', large.ratio_full === null ? null : large.ratio_full >= 3, `${fx(large.ratio_full)}`);
    add('≥ 1.5× PapaParse step mode (200 MB)', large.ratio_step === null ? null : large.ratio_step >= 1.5, `${fx(large.ratio_step)}`);
    // Like with like: the worker's read + count against the native bench
    // of the same work; the page's drop → drawn ratio is shown beside it.
    add('≥ 0.6× native (200 MB)', large.ratio_native_worker === null ? null : large.ratio_native_worker >= 0.6,
      large.ratio_native_worker === null
        ? 'no bench/results/native.json (run the criterion bench first)'
        : `${fx(large.ratio_native_worker)} for the same work (the worker's read + count); ${fx(large.ratio_native)} from drop to every figure drawn`);
    add('200 MB drawn in ≤ 2 s (median)', large.ours.median_ms <= 2000, `${f(large.ours.median_ms, 0)} ms`);
    add('200 MB: no main-thread task over 50 ms', large.long_task_max_ms <= 50, `longest ${f(large.long_task_max_ms, 0)} ms over ${large.ours.runs} runs`);
  } else {
    for (const t of ['≥ 3× PapaParse full parse (200 MB)', '≥ 1.5× PapaParse step mode (200 MB)', '≥ 0.6× native (200 MB)', '200 MB drawn in ≤ 2 s (median)', '200 MB: no main-thread task over 50 ms']) add(t, null, skipped);
  }
  if (by.sample) add('331 rows drawn in ≤ 100 ms (median)', by.sample.ours.median_ms <= 100, `${f(by.sample.ours.median_ms, 1)} ms`);
  else add('331 rows drawn in ≤ 100 ms (median)', null, 'not measured');
  add('wasm + JS ≤ 150 KB gzip', sizes.wasm_plus_js.gzip <= 150 * 1000, `${f(sizes.wasm_plus_js.gzip / 1000, 1)} KB`);
  for (const r of results) {
    const limit = 0.2 * r.bytes + 32 * MB;
    add(`memory ≤ 0.2 × file + 32 MB (${r.input}, wasm memory)`, r.wasm_bytes <= limit, `${f(r.wasm_bytes / MB)} MB of ${f(limit / MB)} MB`);
  }
  return targets;
}

function render(results, sizes, targets, native) {
  const rows = results.map((r) => [
    r.input,
    f(r.bytes / MB, r.bytes < 10 * MB ? 2 : 1),
    String(r.rows ?? '–'),
    f(r.ours.median_ms, r.ours.median_ms < 1000 ? 1 : 0),
    f(r.ours.mb_per_s),
    f(r.long_task_max_ms, 0),
    f(r.js_heap_peak_bytes / MB),
    f(r.wasm_bytes / MB),
    f(r.papaparse_full?.mb_per_s),
    fx(r.ratio_full),
    f(r.papaparse_step?.mb_per_s),
    fx(r.ratio_step),
    f(r.native_mb_per_s),
    fx(r.ratio_native),
    f(r.worker.mb_per_s),
    fx(r.ratio_native_worker),
  ]);
  const main = table(
    ['input', 'size MB', 'rows', 'ours median ms', 'ours MB/s', 'longest main-thread task ms', 'peak JS heap MB', 'wasm memory MB', 'PapaParse full MB/s', 'ours ÷ full', 'PapaParse step MB/s', 'ours ÷ step', 'native MB/s', 'ours ÷ native', 'worker MB/s', 'worker ÷ native'],
    rows,
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
  const sizeTable = table(
    ['file', 'bytes', 'gzip -9 bytes'],
    [
      ...sizes.files.map((s) => [s.file, String(s.bytes), String(s.gzip)]),
      ['**wasm + JS**', `**${sizes.wasm_plus_js.bytes}**`, `**${sizes.wasm_plus_js.gzip}**`],
      ['all of the above', String(sizes.all.bytes), String(sizes.all.gzip)],
    ],
    ['l', 'r', 'r'],
  );
  const targetLines = targets.map((t) => `- ${mark(t.ok)} ${t.target}: ${t.detail}`);
  return [
    '## Browser benchmark',
    '',
    main,
    '',
    'MB = 10^6 bytes. Ours: drop → every figure drawn (median). Worker: its part of the same runs, file → report (read, count, figures\' data), the work the native bench times. Longest task: max over the timed runs.',
    native ? '' : 'Native: no bench/results/native.json (written by the criterion run of ./build.sh bench).',
    '',
    '### What the page loads',
    '',
    sizeTable,
    '',
    '### Targets',
    '',
    ...targetLines,
    '',
  ].join('\n');
}

// ---------------------------------------------------------------- main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  let inputs = INPUTS.filter((i) => !(opts.quick && i.key === 'large'));
  if (opts.inputs) inputs = inputs.filter((i) => opts.inputs.includes(i.key));
  if (!inputs.length) throw new Error('no inputs selected');
  for (const i of inputs) i.runs = opts.runs ?? (opts.quick ? 1 : i.runs);

  for (const rel of ['pkg/survey_report_bg.wasm', 'pkg/survey_report.js', 'www/pkg']) {
    if (!fs.existsSync(path.join(ROOT, rel))) throw new Error(`${rel} is missing: run ./build.sh build first`);
  }
  const require = createRequire(import.meta.url);
  let papaPath;
  try {
    papaPath = require.resolve('papaparse/papaparse.min.js', { paths: [ROOT] });
  } catch {
    throw new Error('node_modules/papaparse is missing: run npm ci (it is a devDependency)');
  }
  const papaVersion = JSON.parse(fs.readFileSync(path.join(path.dirname(papaPath), 'package.json'), 'utf8')).version;
  if (!fs.existsSync('/usr/bin/chromium')) throw new Error('Chromium is missing at /usr/bin/chromium (apt-get install chromium)');

  // The sample is also the PapaParse warm-up file: always there.
  const needed = new Set(inputs.map((i) => i.key).concat('sample'));
  for (const input of INPUTS) {
    if (!needed.has(input.key)) continue;
    input.file = ensureInput(input, opts.fresh);
    input.bytes = fs.statSync(input.file).size;
  }

  const sizes = gzipSizes();
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
  try {
    server = await serve(ROOT);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, timeout: 60000 });
    chromiumVersion = browser.version();
    log(`serving ${ROOT} at ${server.url}; Chromium ${chromiumVersion}; PapaParse ${papaVersion}`);

    for (const input of inputs) {
      log(`${input.key}: ${(input.bytes / MB).toFixed(2)} MB, ${input.runs} run(s)`);
      const ours = await benchOurs(browser, contexts, server.url, input, input.runs, problems);
      const full = await benchPapa(browser, contexts, server.url, input, 'full', input.runs, problems);
      const step = await benchPapa(browser, contexts, server.url, input, 'step', input.runs, problems);
      const o = summarise(ours);
      const w = summarise(ours.map((r) => ({ ...r, ms: r.workerMs })));
      const pf = summarise(full);
      const ps = summarise(step);
      const nat = native && native.inputs && native.inputs[input.key] ? native.inputs[input.key].mb_per_s : null;
      results.push({
        input: input.key,
        bytes: input.bytes,
        rows: ours[0].rows,
        respondents: ours[0].respondents,
        ours: o,
        worker: { median_ms: w.median_ms, mb_per_s: w.mb_per_s },
        long_task_max_ms: max(ours.map((r) => r.longTaskMax)),
        js_heap_peak_bytes: max(ours.map((r) => r.heapPeak)),
        wasm_bytes: max(ours.map((r) => r.wasmBytes)),
        papaparse_full: pf && { ...pf, rows: full[0].rows, heap_with_rows_bytes: max(full.map((r) => r.heapWithRows ?? 0)), long_task_max_ms: max(full.map((r) => r.longTaskMax)) },
        papaparse_step: ps && { ...ps, rows: step[0].rows, long_task_max_ms: max(step.map((r) => r.longTaskMax)) },
        native_mb_per_s: nat,
        ratio_full: pf ? o.mb_per_s / pf.mb_per_s : null,
        ratio_step: ps ? o.mb_per_s / ps.mb_per_s : null,
        ratio_native: nat ? o.mb_per_s / nat : null,
        ratio_native_worker: nat ? w.mb_per_s / nat : null,
      });
    }
  } finally {
    await cleanup();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }

  const targets = evaluateTargets(results, sizes, opts.quick);
  const text = render(results, sizes, targets, native);
  console.log(text);

  const cpus = os.cpus();
  const json = {
    date: new Date().toISOString(),
    machine: {
      cpu: cpus[0] ? cpus[0].model : null,
      cores: cpus.length,
      total_memory_bytes: os.totalmem(),
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      node: process.version,
      chromium: chromiumVersion,
      papaparse: papaVersion,
    },
    options: { runs: Object.fromEntries(inputs.map((i) => [i.key, i.runs])), quick: opts.quick, warmup: 'one untimed load per page before the timed runs', unit: 'MB = 1e6 bytes' },
    inputs: Object.fromEntries(results.map((r) => [r.input, r])),
    sizes,
    native: native || null,
    targets,
    problems,
    markdown: text,
  };
  fs.mkdirSync(RESULT_DIR, { recursive: true });
  const out = path.join(RESULT_DIR, 'browser.json');
  fs.writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`);
  log(`wrote ${path.relative(ROOT, out)}`);
  if (problems.length) {
    // Errors on a page mean the numbers may not be what they seem.
    throw new Error(`the pages reported errors:\n  ${problems.join('\n  ')}`);
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`bench/browser.mjs: ${e && e.stack ? e.stack : e}`);
    process.exit(1);
  },
);
