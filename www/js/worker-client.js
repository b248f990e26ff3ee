// The page's side of worker.js: one request at a time, its progress, and
// Cancel (the worker is ended and a fresh one started: wasm cannot be
// interrupted). An error from the worker arrives as an Error carrying what
// Rust said of it: `kind` and, where known, `row`, `column`, `byte`.
//
// index.html loads this module on its own (async and render-blocking, ahead
// of app.js's module graph), and it imports nothing: as soon as it arrives
// it starts compiling the WebAssembly module and starts the worker, while
// the rest of the page's JavaScript is still arriving. The module is compiled once, here; the main
// thread instantiates it (app.js) and every worker is handed it, so the
// worker neither fetches nor compiles it again (and the two threads share
// the compiled code).

const WASM_URL = new URL('../pkg/survey_report_bg.wasm', import.meta.url);

/** Compiles the wasm as it downloads (from the bytes when the host serves it under another type). */
async function compileWasm() {
  const response = await fetch(WASM_URL);
  if (!response.ok) throw new Error(`${WASM_URL.pathname}: HTTP ${response.status}`);
  if (typeof WebAssembly.compileStreaming === 'function' && /^application\/wasm\b/.test(response.headers.get('Content-Type') || '')) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

/** The page's WebAssembly module, compiled: resolves once, for the main thread and every worker. */
export const compiled = compileWasm();
// A failure is shown by app.js, which awaits `compiled`; a worker is told it too.
compiled.catch(() => {});

/** An Error from the worker's error message, with the kind and the place. */
function errorFrom(msg) {
  const err = new Error(msg.message);
  err.kind = msg.kind ?? null;
  err.row = msg.row ?? null;
  err.column = msg.column ?? null;
  err.byte = msg.byte ?? null;
  return err;
}

const client = {
  worker: null,
  /** `{ id, resolve, reject, onProgress, type, what }` of the request under way. */
  pending: null,
  nextId: 1,
};

/** Starts a worker (at load, and again after a Cancel) and hands it the compiled module. */
function startWorker() {
  const worker = new Worker(new URL('../worker.js', import.meta.url), { type: 'module' });
  compiled.then(
    (module) => worker.postMessage({ type: 'wasm', module }),
    (e) => worker.postMessage({ type: 'wasm', error: e && e.message ? e.message : String(e) }),
  );
  worker.onmessage = (event) => {
    const msg = event.data;
    const { pending } = client;
    if (!pending || msg.id !== pending.id) return;
    if (msg.type === 'progress') pending.onProgress(msg);
    else if (msg.type === 'report') pending.resolve(msg.json === undefined ? msg.out : JSON.parse(msg.json));
    else if (msg.type === 'error') pending.reject(errorFrom(msg));
  };
  worker.onerror = (e) => {
    if (client.pending) client.pending.reject(new Error(e.message || 'the reader stopped unexpectedly'));
  };
  client.worker = worker;
}

startWorker();

/**
 * Sends a request to the worker; resolves with its report. `what` names a
 * recomputation for the busy line and for Cancel's message.
 */
export function ask(msg, onProgress = () => {}, what = '') {
  const id = client.nextId++;
  return new Promise((resolve, reject) => {
    client.pending = { id, resolve, reject, onProgress, type: msg.type, what };
    client.worker.postMessage({ ...msg, id });
  }).finally(() => {
    if (client.pending && client.pending.id === id) client.pending = null;
  });
}

/**
 * Ends the request under way at once: its promise rejects with an
 * AbortError and a new worker is started. Returns `{ type, what }` of the
 * request ended, or null when none was under way.
 */
export function abortRequest() {
  const p = client.pending;
  if (!p) return null;
  client.pending = null;
  client.worker.terminate();
  startWorker();
  const err = new Error('cancelled');
  err.name = 'AbortError';
  p.reject(err);
  return { type: p.type, what: p.what };
}
