// The page's side of worker.js: one request at a time, its progress, and
// Cancel (the worker is ended and a fresh one started: wasm cannot be
// interrupted). An error from the worker arrives as an Error carrying what
// Rust said of it: `kind` and, where known, `row`, `column`, `byte`.

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

/** Starts the worker (again, after a Cancel). */
export function startWorker() {
  const worker = new Worker(new URL('../worker.js', import.meta.url), { type: 'module' });
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
