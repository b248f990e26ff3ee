// The JavaScript baseline for bench/browser.mjs: PapaParse reading the same
// files as the page, plus plain JavaScript computing the aggregates our
// reader computes (for every column, a count per distinct trimmed value, and
// the row count). Driven from node through window.papaparseBench.run().

const Papa = window.Papa;
if (!Papa) throw new Error('window.Papa is missing: /node_modules/papaparse/papaparse.min.js did not load');

/** Per-column Maps of trimmed value -> count; empty answers are not counted. */
class Counts {
  constructor() {
    this.columns = [];
    this.rows = 0;
  }

  /** Counts one row given as an array of fields. */
  addArray(fields) {
    this.rows += 1;
    const cols = this.columns;
    for (let i = 0; i < fields.length; i += 1) {
      const v = fields[i].trim();
      if (v === '') continue;
      let m = cols[i];
      if (m === undefined) {
        m = new Map();
        cols[i] = m;
      }
      m.set(v, (m.get(v) || 0) + 1);
    }
  }

  /** Counts one row given as an object keyed by header (PapaParse header: true). */
  addObject(row, keys) {
    this.rows += 1;
    const cols = this.columns;
    for (let i = 0; i < keys.length; i += 1) {
      const raw = row[keys[i]];
      if (typeof raw !== 'string') continue; // a short row, or __parsed_extra
      const v = raw.trim();
      if (v === '') continue;
      let m = cols[i];
      if (m === undefined) {
        m = new Map();
        cols[i] = m;
      }
      m.set(v, (m.get(v) || 0) + 1);
    }
  }

  summary() {
    let distinct = 0;
    let counted = 0;
    for (const m of this.columns) {
      if (!m) continue;
      distinct += m.size;
      for (const c of m.values()) counted += c;
    }
    return { rows: this.rows, columns: this.columns.length, distinct, counted };
  }
}

/**
 * (1) Full parse: header: true, in PapaParse's worker; then the aggregates
 * over all rows. With only `complete` (no `step`/`chunk`) PapaParse does not
 * stream: the worker reads the whole file as one string, parses it, and posts
 * every row back in one message, which the main thread must deserialise.
 */
function fullParse(file) {
  return new Promise((resolve, reject) => {
    Papa.parse(file, {
      header: true,
      worker: true,
      skipEmptyLines: true,
      complete(results) {
        try {
          const rows = results.data;
          const keys = results.meta.fields || [];
          const counts = new Counts();
          for (let i = 0; i < rows.length; i += 1) counts.addObject(rows[i], keys);
          const heap = performance.memory ? performance.memory.usedJSHeapSize : null; // rows still held
          resolve({ ...counts.summary(), heapWithRows: heap });
        } catch (e) {
          reject(e);
        }
      },
      error(err) {
        reject(new Error(`PapaParse: ${err && err.message ? err.message : err}`));
      },
    });
  });
}

/** (2) Step mode: no worker, header: false, counted row by row on the main thread. */
function stepParse(file) {
  return new Promise((resolve, reject) => {
    const counts = new Counts();
    let first = true; // the header row is not counted
    Papa.parse(file, {
      header: false,
      skipEmptyLines: true,
      step(results) {
        if (first) {
          first = false;
          return;
        }
        counts.addArray(results.data);
      },
      complete() {
        resolve({ ...counts.summary(), heapWithRows: null });
      },
      error(err) {
        reject(new Error(`PapaParse: ${err && err.message ? err.message : err}`));
      },
    });
  });
}

const MODES = { full: fullParse, step: stepParse };

async function fetchFile(url, name) {
  const resp = await fetch(url);
  if (!resp.ok) throw new Error(`GET ${url}: HTTP ${resp.status}`);
  const blob = await resp.blob();
  return new File([blob], name, { type: 'text/csv' });
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no result after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Records long tasks (> 50 ms) on this page's main thread until stop(). */
function watchLongTasks() {
  const seen = { max: 0, count: 0, total: 0 };
  const take = (entries) => {
    for (const e of entries) {
      seen.max = Math.max(seen.max, e.duration);
      seen.count += 1;
      seen.total += e.duration;
    }
  };
  const observer = new PerformanceObserver((list) => take(list.getEntries()));
  observer.observe({ type: 'longtask' });
  return {
    async stop() {
      // Entries arrive after their task ends: give the last one time to land.
      await new Promise((r) => setTimeout(r, 150));
      take(observer.takeRecords());
      observer.disconnect();
      return seen;
    },
  };
}

window.papaparseBench = {
  version: Papa.version || null,
  /**
   * Fetches `url` as a File (untimed), optionally warms up on `warmupUrl`
   * in the same mode (untimed), then times one parse + aggregation.
   */
  async run({ url, name, mode, warmupUrl, timeoutMs }) {
    const parse = MODES[mode];
    if (!parse) throw new Error(`unknown mode ${mode}`);
    if (warmupUrl) {
      const warm = await fetchFile(warmupUrl, `warmup-${name}`);
      await withTimeout(parse(warm), timeoutMs, `${mode} warm-up`);
    }
    const file = await fetchFile(url, name);
    const tasks = watchLongTasks();
    const t0 = performance.now();
    const result = await withTimeout(parse(file), timeoutMs, `${mode} ${name}`);
    const ms = performance.now() - t0;
    const longTasks = await tasks.stop();
    const heapAfter = performance.memory ? performance.memory.usedJSHeapSize : null;
    return { ms, bytes: file.size, ...result, heapAfter, longTaskMax: longTasks.max, longTaskCount: longTasks.count };
  },
};
document.body.dataset.ready = '1';
