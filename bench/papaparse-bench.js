// The JavaScript baseline for bench/browser.mjs: PapaParse reading the same
// files as the page, plus plain JavaScript computing the aggregates our
// reader computes (for every column, a count per distinct trimmed value, and
// the row count, bench/counts.js). Driven from node through
// window.papaparseBench.run().

import { Counts } from './counts.js';
import { timeRun } from './run.js';

const Papa = window.Papa;
if (!Papa) throw new Error('window.Papa is missing: /node_modules/papaparse/papaparse.min.js did not load');

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
          resolve({ counts, heapWithRows: heap });
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
        resolve({ counts, heapWithRows: null });
      },
      error(err) {
        reject(new Error(`PapaParse: ${err && err.message ? err.message : err}`));
      },
    });
  });
}

const MODES = { full: fullParse, step: stepParse };

window.papaparseBench = {
  version: Papa.version || null,
  /** One timed parse + count of `url` in `mode` (run.js timeRun). */
  run: ({ mode, ...rest }) => {
    const parse = MODES[mode];
    if (!parse) throw new Error(`unknown mode ${mode}`);
    return timeRun(parse, { mode, ...rest });
  },
};
document.body.dataset.ready = '1';
