// Reading and counting, off the main thread: the file is streamed in chunks
// into the WebAssembly reader, and only the report (aggregates, never rows)
// goes back to the page. It loads the page's own module (pkg/, the same
// URL as the main thread's, so the bytes come once); the embed alone loads
// the drawing-only module (pkg/draw/).

import init, { archiveKind, Loader, ZipReader } from './pkg/survey_report.js';

// The page compiles the module once and posts it first ({ type: 'wasm',
// module }, or `error` when it could not be compiled): nothing is fetched or
// compiled here. Requests that arrive before it wait for `ready`.
const ready = new Promise((resolve, reject) => {
  self.addEventListener('message', function takeModule(event) {
    const msg = event.data;
    if (!msg || msg.type !== 'wasm') return;
    self.removeEventListener('message', takeModule);
    if (msg.error !== undefined) reject(new Error(`the WebAssembly module could not be loaded (${msg.error})`));
    else resolve(init({ module_or_path: msg.module }));
  });
}).then((wasm) => {
  performance.mark('survey-report:worker-ready');
  return wasm;
});
let bench = null; // the Workbench of the file read last
let lastReadMs = null; // for the benchmarks: the last open, from the file to the report's JSON

/** How often progress is reported while reading, in ms. */
const PROGRESS_EVERY = 100;

self.onmessage = async (event) => {
  const msg = event.data;
  try {
    await ready;
    if (msg.type === 'open') await open(msg);
    else if (msg.type === 'render') render(msg.id, msg.state);
    else if (msg.type === 'compare') await compare(msg);
    else if (msg.type === 'stats') {
      // For the benchmarks: the WebAssembly memory this worker holds.
      const wasm = await ready;
      self.postMessage({ type: 'report', id: msg.id, out: { wasmBytes: wasm.memory.buffer.byteLength, readMs: lastReadMs } });
    }
  } catch (err) {
    self.postMessage({ type: 'error', id: msg.id, ...errorFields(err) });
  }
};

/**
 * What the page is told of an error: its message, and the kind and place
 * (row, column, byte) Rust gave it; null for those an error made here
 * (the browser's inflating) does not have.
 */
function errorFields(err) {
  const field = (key) => (err && err[key] !== undefined ? err[key] : null);
  return {
    message: err && err.message ? err.message : String(err),
    kind: field('kind'),
    row: field('row'),
    column: field('column'),
    byte: field('byte'),
  };
}

async function open({ id, file, state }) {
  const started = performance.now();
  // The file shown so far is let go before the next is read, so the two are
  // never in memory together (WebAssembly memory grows but never shrinks).
  // A failed read hides the report, and Cancel starts a new worker, so the
  // old Workbench is never needed again.
  if (bench) {
    bench.free();
    bench = null;
  }
  bench = await readWorkbench(id, file);
  render(id, state);
  lastReadMs = performance.now() - started;
}

/**
 * Reads `file` (a CSV, or a gzip or zip of one) into a Workbench, streamed
 * in chunks with progress messages under request `id`; the counting that
 * follows is announced as its own phase.
 */
async function readWorkbench(id, file) {
  const src = await source(file);
  const { loader } = src;
  let bytes = 0;
  let last = 0;
  let input = src.stream;
  if (src.inflate) {
    // Progress counts the compressed bytes read, out of the compressed size.
    input = input
      .pipeThrough(
        new TransformStream({
          transform(chunk, out) {
            bytes += chunk.length;
            out.enqueue(chunk);
          },
        }),
      )
      .pipeThrough(new DecompressionStream(src.inflate));
  }
  const reader = src.reader || input.getReader();
  let pending = src.first; // a plain file's first chunk, read while looking at its first bytes
  try {
    for (;;) {
      let chunk = pending;
      pending = null;
      try {
        if (!chunk) chunk = await reader.read();
      } catch (err) {
        if (!src.damaged) throw err;
        throw new Error(inflateError(src, err));
      }
      const { value, done } = chunk;
      if (done) break;
      loader.push(value);
      if (!src.inflate) bytes += value.length;
      const now = performance.now();
      if (now - last >= PROGRESS_EVERY) {
        last = now;
        self.postMessage({ type: 'progress', id, bytes, total: src.total, rows: loader.rows() });
      }
    }
    const read = loader.finish(file.name);
    // Counting runs in one go (synchronous wasm): the page shows what it does
    // and the seconds it takes, with Cancel.
    self.postMessage({ type: 'progress', id, phase: 'counting', bytes, total: src.total });
    return read;
  } finally {
    loader.free();
  }
}

let benchB = null; // the Workbench of the second file, edition B, while a comparison is on

/**
 * Reads `file` as edition B of a comparison, or, given no file, ends the
 * comparison; then renders (with `state.pairing`, the report comes with the
 * comparison). The previous second file is let go first, as `open` does.
 */
async function compare({ id, file, state }) {
  if (benchB) {
    benchB.free();
    benchB = null;
  }
  if (file) benchB = await readWorkbench(id, file);
  render(id, state);
}

function render(id, state = {}) {
  if (!bench) throw new Error('no file is loaded');
  let dropped = null;
  if (state.overrides) {
    try {
      bench.setOverrides(state.overrides);
    } catch (err) {
      // Saved corrections that no longer fit the file are dropped; the page says so.
      dropped = err && err.message ? err.message : String(err);
      bench.setOverrides({ kinds: {}, roles: {} });
    }
  }
  const refused = applyAnalysis(state.analysis);
  const out = bench.report();
  out.overrides = bench.overrides();
  out.overridesDropped = dropped;
  out.analysis = bench.analysis();
  out.analysisRefused = refused;
  // The questions a person can rake on, with this sample's shares (the weights panel prefills its targets with them).
  out.margins = bench.margins();
  out.splits = {};
  // A split refused (its table would pass the limits) is a message in its
  // place; the rest of the report stands.
  out.splitErrors = {};
  for (const [question, s] of Object.entries(state.splits || {})) {
    try {
      const fig = bench.split(question, s.by, s.stacked);
      if (fig) out.splits[question] = fig;
    } catch (err) {
      out.splitErrors[question] = err && err.message ? err.message : String(err);
    }
  }
  // While a comparison is on: edition A is this report, with its filters
  // and weights; Rust translates them to B through the matching. A pairing
  // Rust refuses is a message in the comparison's place.
  if (state.pairing && benchB) {
    try {
      const { comparison, figures } = bench.compare(benchB, state.pairing);
      out.comparison = comparison;
      out.compareFigures = figures;
    } catch (err) {
      out.compareError = err && err.message ? err.message : String(err);
    }
  }
  // As JSON text: the page unpacks a string in no time and parses it in one
  // quick JSON.parse, where unpacking the same report as objects took the
  // page's main thread ~90 ms for a Kaggle-sized survey.
  self.postMessage({ type: 'report', id, json: JSON.stringify(out) });
}

/**
 * Makes `analysis` (filters and weights) the one the report uses. Rust
 * checks it against the file as read now and refuses it whole, naming what
 * is wrong; then each filter and the weighting are tried on their own, so a
 * part that no longer fits (a link made on another reading, a question a
 * correction took away) is named and dropped and the rest still applies.
 * Returns the messages of the parts dropped.
 */
function applyAnalysis(analysis) {
  const asked = { filters: analysis?.filters || [], weighting: analysis?.weighting || null };
  try {
    bench.setAnalysis(asked);
    return [];
  } catch {
    // Part of it does not fit: found below, one part at a time.
  }
  const kept = { filters: [], weighting: null };
  const refused = [];
  const attempt = (next, name) => {
    try {
      bench.setAnalysis(next);
      return true;
    } catch (err) {
      refused.push(`${name} (${err && err.message ? err.message : String(err)})`);
      return false;
    }
  };
  for (const f of asked.filters) {
    const next = { ...kept, filters: [...kept.filters, f] };
    if (attempt(next, `the filter on “${String(f && f.question)}”`)) kept.filters = next.filters;
  }
  if (asked.weighting && attempt({ ...kept, weighting: asked.weighting }, 'the weights')) kept.weighting = asked.weighting;
  bench.setAnalysis(kept);
  return refused;
}

/** Reads `blob` whole. */
async function bytesOf(blob) {
  return new Uint8Array(await blob.arrayBuffer());
}

/**
 * The loader for `file` and the stream to feed it. A gzip file or a zip
 * archive is unpacked here by the browser's DecompressionStream: Rust says
 * which archive the first bytes are (`archiveKind`, the reader's own test)
 * and reads the zip's records (src/read/container.rs), so only the slices
 * it names are read, and the loader checks the unpacked bytes (limit, size,
 * CRC-32).
 */
async function source(file) {
  // The first chunk tells an archive from a plain file, and a plain file
  // goes on from it (no extra read before the first byte is parsed).
  const reader = file.stream().getReader();
  const first = await reader.read();
  const magic = first.value || new Uint8Array(0);
  const plain = { loader: null, stream: null, reader: null, first: null, inflate: null, total: file.size, damaged: '' };
  const archive = () => reader.cancel().catch(() => {});
  const kind = archiveKind(magic);
  if (kind === 'gzip') {
    archive();
    return { ...plain, loader: Loader.gzip(), stream: file.stream(), inflate: 'gzip', damaged: 'the gzip file is damaged' };
  }
  if (kind !== 'zip') return { ...plain, loader: new Loader(file.size), reader, first };
  archive();
  const zipReader = new ZipReader(await bytesOf(file.slice(Math.max(0, file.size - ZipReader.tailBytes()))), file.size);
  try {
    const at = zipReader.directoryOffset;
    zipReader.choose(await bytesOf(file.slice(at, at + zipReader.directorySize)));
    const header = zipReader.headerOffset;
    const start = zipReader.dataOffset(await bytesOf(file.slice(header, header + 30)));
    const total = zipReader.compressed;
    return {
      loader: zipReader.loader(),
      stream: file.slice(start, start + total).stream(),
      inflate: zipReader.deflated ? 'deflate-raw' : null,
      total,
      damaged: `the zip archive is damaged: ${zipReader.container.slice('zip: '.length)}`,
    };
  } finally {
    zipReader.free();
  }
}

/** The message for a stream the browser could not inflate. */
function inflateError(src, err) {
  const detail = String((err && err.message) || err).replace(/\.$/, '');
  // "Compressed input was truncated": said as the command line says it (CUT_SHORT in src/read/container.rs).
  if (/truncated/i.test(detail)) return `${src.damaged}: its compressed data ends too soon (was the file cut short?)`;
  const lower = detail.charAt(0).toLowerCase() + detail.slice(1);
  const joined = /junk/i.test(detail)
    ? ' (a gzip file of several joined parts, or with bytes after its end, is read by the command-line tool but not here; unpack it with gunzip first)'
    : '';
  return `${src.damaged}: ${lower}${joined}`;
}
