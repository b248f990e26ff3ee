// Reading and counting, off the main thread: the file is streamed in chunks
// into the WebAssembly reader, and only the report (aggregates, never rows)
// goes back to the page. The page draws with its own instance of the module.

import init, { Loader } from './pkg/survey_report.js';

const ready = init();
let bench = null; // the Workbench of the file read last

/** How often progress is reported while reading, in ms. */
const PROGRESS_EVERY = 100;

self.onmessage = async (event) => {
  const msg = event.data;
  try {
    await ready;
    if (msg.type === 'open') await open(msg);
    else if (msg.type === 'render') render(msg.id, msg.state);
    else if (msg.type === 'stats') {
      // For the benchmarks: the WebAssembly memory this worker holds.
      const wasm = await ready;
      self.postMessage({ type: 'report', id: msg.id, out: { wasmBytes: wasm.memory.buffer.byteLength } });
    }
  } catch (err) {
    self.postMessage({ type: 'error', id: msg.id, message: err && err.message ? err.message : String(err) });
  }
};

async function open({ id, file, state }) {
  // The file shown so far is let go before the next is read, so the two are
  // never in memory together (WebAssembly memory grows but never shrinks).
  // A failed read hides the report, and Cancel starts a new worker, so the
  // old Workbench is never needed again.
  if (bench) {
    bench.free();
    bench = null;
  }
  const loader = new Loader(file.size);
  const total = file.size;
  let bytes = 0;
  let last = 0;
  const reader = file.stream().getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      loader.push(value);
      bytes += value.length;
      const now = performance.now();
      if (now - last >= PROGRESS_EVERY) {
        last = now;
        self.postMessage({ type: 'progress', id, bytes, total, rows: loader.rows() });
      }
    }
    bench = loader.finish(file.name);
  } finally {
    loader.free();
  }
  render(id, state);
}

function render(id, state = {}) {
  if (!bench) throw new Error('no file is loaded');
  if (state.overrides) {
    try {
      bench.setOverrides(state.overrides);
    } catch {
      // Saved corrections that no longer fit the file are dropped.
      bench.setOverrides({ kinds: {}, roles: {} });
    }
  }
  const out = bench.report();
  out.overrides = bench.overrides();
  out.splits = {};
  for (const [question, s] of Object.entries(state.splits || {})) {
    const fig = bench.split(question, s.by, s.stacked);
    if (fig) out.splits[question] = fig;
  }
  // As JSON text: the page unpacks a string in no time and parses it in one
  // quick JSON.parse, where unpacking the same report as objects took the
  // page's main thread ~90 ms for a Kaggle-sized survey.
  self.postMessage({ type: 'report', id, json: JSON.stringify(out) });
}
