// Reading a file and recomputing its report: sends the file or the new
// corrections and splits to the worker, under the busy line and Cancel,
// then renders the answer; on failure or Cancel the report shown stays as
// it was, with the corrections and splits it was computed with. A second
// file is read the same way as edition B of a comparison, and the pairing
// of its questions travels with every recomputation while it is on.

import { formatBytes, exceptList, messageOf } from './format.js';
import { clearError, hideProgress, setStatus, showBusy, showError, showProgress, updateProgress } from './panels/status.js';
import { noAnalysis, noCorrections, noPairing, pairingAsked, setSplits, splitsObject, state } from './state.js';
import { checkViewParts, forgetCorrections, keyFor, saveCorrections, savedCorrections, takeView, viewMisfits } from './view.js';
import { abortRequest, ask } from './worker-client.js';

const $ = (sel) => document.querySelector(sel);

// The report's renderers (every panel, and what they import) are not needed
// to send the first file to the worker: they load while it is read, so the
// page's first modules are only those that ask for it (a cold open sends the
// sample as soon as they and the wasm are in).
const renderer = import('./render.js');
const everyPanel = import('./panels/every.js');
// A module that failed to load rejects where it is awaited, not here.
renderer.catch(() => {});
everyPanel.catch(() => {});

const SAMPLE_URL = './state-of-ml-2020-synthetic.csv';
const SAMPLE_NAME = 'state-of-ml-2020-synthetic.csv';
/** How long a recomputation runs before its busy line and Cancel show, in ms. */
const BUSY_DELAY = 300;

/** What the panels' controls call. */
const actions = { correct, refresh, analyze, repair };

/** Marks the report busy (aria-busy) for the duration of `work`, however it ends. */
async function busyWhile(work) {
  // Assistive technology (and the tests) wait for aria-busy to clear.
  state.loading += 1;
  $('#report').setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    // A cancelled read ends after the re-read Cancel starts: clear only when none is left.
    state.loading -= 1;
    if (state.loading === 0) $('#report').removeAttribute('aria-busy');
  }
}

/** Reads a file in the worker, with progress; renders the report or a clear error. */
export async function load(file, { synthetic = false, quiet = false, given = null } = {}) {
  const t0 = performance.now();
  return busyWhile(() => loadNow(file, { synthetic, quiet, t0, given }));
}

async function loadNow(file, { synthetic, quiet, t0, given }) {
  const key = await keyFor(file);
  const view = given ? null : takeView(file);
  // A view's parts that cannot apply to any file (a kind that does not
  // exist, a malformed entry) are set aside here and named in the status.
  const checked = view ? checkViewParts(view) : null;
  const asked = given || (checked
    ? checked.state
    : { overrides: savedCorrections(key) || noCorrections(), splits: {}, analysis: noAnalysis() });
  // A new file is compared with the second file afresh: its questions are
  // not the ones the pairing named. Cancel's re-read keeps the pairing.
  const compare = given ? given.compare : state.compare && { file: state.compare.file, pairing: noPairing() };
  asked.pairing = compare ? compare.pairing : null;
  showProgress(file);
  let out;
  try {
    out = await ask({ type: 'open', file, state: asked }, (p) => updateProgress(p, t0, file, Boolean(view)));
  } catch (e) {
    hideProgress();
    if (e.name === 'AbortError') return false;
    $('#report').hidden = true;
    $('#synthetic').hidden = true;
    state.current = null;
    state.out = null;
    state.shown = null;
    delete document.body.dataset.loaded;
    setStatus(`${file.name} (${formatBytes(file.size)}): not read`);
    showError(`${file.name}: ${messageOf(e)}`, e);
    return false;
  }
  performance.mark('survey-report:report');
  hideProgress();
  setSplits(asked.splits);
  state.compare = compare || null;
  state.analysis = out.analysis;
  // Filters and weights of a link this file cannot take, named by Rust.
  const refused = checked ? [...checked.refused, ...viewMisfits(asked, out), ...out.analysisRefused] : [];
  state.fileKey = key;
  state.shown = { file, synthetic };
  clearError();
  state.out = out;
  state.lastGood = lastGoodOf(out);
  const { renderReport } = await renderer;
  await renderReport(out, actions);
  $('#synthetic').hidden = !synthetic;
  document.body.dataset.loaded = file.name;
  if (view) {
    const { focusFigure } = await everyPanel;
    if (view.focus && !focusFigure(view.focus)) refused.push(`figure “${view.focus}” (not in this report)`);
    setStatus(`Restored the view from the link on ${file.name}${exceptList(refused)}.`);
    return true;
  }
  if (quiet) return true;
  const ms = performance.now() - t0;
  const r = out.report;
  setStatus(`${file.name} · ${formatBytes(file.size)} · ${r.rows.read} rows (${r.respondents} respondents) · read and drawn in ${ms.toFixed(0)} ms`);
  return true;
}

/**
 * Re-counts with the current corrections and splits, and re-renders. It runs
 * in the worker under the same busy line and Cancel as a file read: `what`
 * ("the correction (…)", "the split of …") says what is being computed, and
 * Cancel goes back to the report as it was. Resolves true once applied.
 */
export async function refresh(what = 'the change') {
  return recompute(what, { type: 'render' });
}

/** What a recomputation asks of the worker: the corrections, splits, filters and weights and the pairing in force. */
function askedState() {
  return { overrides: state.out.overrides, splits: splitsObject(), analysis: state.analysis, pairing: pairingAsked() };
}

/** What Cancel goes back to once report `out` is shown. */
function lastGoodOf(out) {
  const { compare } = state;
  return {
    overrides: out.overrides,
    splits: splitsObject(),
    analysis: out.analysis,
    compare: compare && { file: compare.file, pairing: structuredClone(compare.pairing) },
  };
}

/** `refresh`, with the worker's message given (`{ type: 'render' }`, or a comparison's `{ type: 'compare', file }`). */
async function recompute(what, message) {
  const asked = askedState();
  const t0 = performance.now();
  return busyWhile(async () => {
    // Synchronous wasm reports no fraction done: the line shows the seconds.
    const timer = setTimeout(() => showBusy(`Computing the report with ${what}`, t0), BUSY_DELAY);
    let out;
    try {
      out = await ask({ ...message, state: asked }, () => {}, what);
    } catch (e) {
      if (e.name === 'AbortError') return false; // Cancel said so and restores the report.
      backToLastGood();
      setStatus(`Could not apply ${what}: ${messageOf(e)}. The report is as it was.`);
      return false;
    } finally {
      clearTimeout(timer);
      hideProgress();
    }
    state.out = out;
    // What Rust took: a filter or weight it refused is named, the rest applies.
    state.analysis = out.analysis;
    state.lastGood = lastGoodOf(out);
    if (out.analysisRefused.length) setStatus(`Not applied: ${out.analysisRefused.join('; ')}.`);
    const { renderReport } = await renderer;
    await renderReport(out, actions);
    return true;
  });
}

/**
 * Applies a change to the filters and weights (`change(analysis)` edits a
 * copy; `what` names it) and re-renders the whole report over them; the
 * status says how many respondents it now describes.
 */
export async function analyze(change, what) {
  const before = state.analysis;
  const a = structuredClone(before);
  change(a);
  state.analysis = a;
  const t0 = performance.now();
  const compared = Boolean(state.out && state.out.comparison);
  if (!(await refresh(what))) return false;
  if (state.out.analysisRefused.length) return false;
  const refused = compared && state.out.compareError;
  if (refused) {
    // Filters or weights edition B cannot take (a question not paired):
    // the comparison goes back to the one before them, and says why.
    state.analysis = before;
    await refresh('the filters and weights as they were');
    setStatus(`Not applied: ${what} (${refused}); the comparison is as it was.`);
    return false;
  }
  const r = state.out.report;
  const parts = [r.selection?.label, r.weights?.label].filter(Boolean);
  setStatus(`Applied ${what}: ${parts.length ? parts.join('; ') : `every respondent (${r.respondents}), unweighted`} · drawn in ${(performance.now() - t0).toFixed(0)} ms`);
  return true;
}

/** Puts the corrections and splits back as they were for the report shown. */
function backToLastGood() {
  if (!state.lastGood) return;
  if (state.out) state.out.overrides = structuredClone(state.lastGood.overrides);
  setSplits(state.lastGood.splits);
  state.analysis = structuredClone(state.lastGood.analysis || noAnalysis());
  const { compare } = state.lastGood;
  state.compare = compare ? { file: compare.file, pairing: structuredClone(compare.pairing) } : null;
}

/** Applies a change to the corrections (`what` names it) and re-renders what it affects. */
async function correct(change, what) {
  const o = structuredClone(state.out.overrides);
  o.kinds = o.kinds || {};
  o.roles = o.roles || {};
  change(o);
  state.out.overrides = o;
  if (await refresh(`the correction (${what})`)) saveCorrections();
}

/** Undoes every correction of the file shown. */
export async function resetCorrections() {
  if (!state.out) return;
  forgetCorrections();
  state.out.overrides = noCorrections();
  await refresh('the reset of the corrections');
}

/**
 * Stops the reading or recomputation at once (the worker is ended; wasm
 * cannot be interrupted): the previous report stays, with the corrections
 * and splits it was computed with.
 */
export function cancel() {
  const ended = abortRequest();
  if (!ended) return;
  hideProgress();
  backToLastGood();
  if (ended.type === 'render') setStatus(`Cancelled: ${ended.what} was not applied; the report is as it was.`);
  else setStatus(state.shown ? `Reading cancelled; still showing ${state.shown.file.name}.` : 'Reading cancelled.');
  // The new worker reads the shown file again, with the state of the report
  // shown, so corrections keep working on it; and the second file, when the
  // report shown was a comparison.
  const { shown, lastGood } = state;
  if (!shown) return;
  load(shown.file, { synthetic: shown.synthetic, quiet: true, given: lastGood }).then((ok) => {
    const again = lastGood && lastGood.compare;
    if (ok && again) compareWith(again.file, { pairing: again.pairing, quiet: true });
  });
}

export async function loadFile(file) {
  return load(file, { synthetic: false });
}

/** Cells pasted from a spreadsheet arrive as tab-separated text: read them like a file. */
export async function loadPasted(text) {
  return load(new File([text], 'pasted cells', { type: 'text/plain' }), { synthetic: false });
}

export async function loadSample() {
  setStatus('Loading the sample…');
  const resp = await fetch(SAMPLE_URL);
  if (!resp.ok) {
    showError(`the bundled sample could not be fetched (HTTP ${resp.status})`);
    return false;
  }
  const blob = await resp.blob();
  performance.mark('survey-report:sample-fetched');
  return load(new File([blob], SAMPLE_NAME, { type: 'text/csv' }), { synthetic: true });
}

/**
 * Reads `file` as edition B and shows the comparison of the file shown
 * (edition A, with its filters and weights) with it, under the same
 * progress and Cancel as a read. `pairing`: the person's pairing (none for
 * a new second file). If it cannot be read, the file shown is reported
 * alone again (the worker let the previous second file go first).
 */
export async function compareWith(file, { pairing = noPairing(), quiet = false } = {}) {
  if (!state.out) {
    setStatus('Open a file first: the second file is compared with it.');
    return false;
  }
  const t0 = performance.now();
  return busyWhile(async () => {
    const asked = { ...askedState(), pairing };
    showProgress(file);
    let out;
    try {
      out = await ask({ type: 'compare', file, state: asked }, (p) => updateProgress(p, t0, file, false));
    } catch (e) {
      hideProgress();
      if (e.name === 'AbortError') return false;
      state.compare = null;
      await recompute('the report without the comparison', { type: 'compare', file: null });
      showError(`${file.name}: ${messageOf(e)}`, e);
      setStatus(`${file.name} (${formatBytes(file.size)}): not read; showing ${state.shown.file.name} alone.`);
      return false;
    }
    hideProgress();
    clearError();
    state.compare = { file, pairing };
    state.out = out;
    state.analysis = out.analysis;
    state.lastGood = lastGoodOf(out);
    const { renderReport } = await renderer;
    await renderReport(out, actions);
    if (quiet) return true;
    const c = out.comparison;
    if (!c) setStatus(`${file.name} was read, but the comparison could not be made: ${out.compareError}.`);
    else setStatus(`Comparing ${c.a.name} (${c.a.file}) with ${c.b.name} (${c.b.file}) · read and drawn in ${(performance.now() - t0).toFixed(0)} ms`);
    return true;
  });
}

/** Ends the comparison: the file shown is reported alone, the second file let go. */
export async function stopComparing() {
  if (!state.compare) return false;
  state.compare = null;
  if (!(await recompute('the end of the comparison', { type: 'compare', file: null }))) return false;
  setStatus(`Stopped comparing; showing ${state.shown.file.name} alone.`);
  return true;
}

/**
 * Applies a change to the pairing of the comparison (`change(pairing)`
 * edits a copy; `what` names it) and shows the comparison made with it.
 */
export async function repair(change, what) {
  if (!state.compare) return false;
  const before = state.compare.pairing;
  const pairing = structuredClone(before);
  change(pairing);
  state.compare = { ...state.compare, pairing };
  if (!(await refresh(what))) return false;
  const refused = state.out.compareError;
  if (refused) {
    // A pairing Rust refuses: the comparison goes back to the one before it.
    state.compare = { ...state.compare, pairing: before };
    await refresh('the pairing as it was');
    setStatus(`Not applied: ${what} (${refused}); the comparison is as it was.`);
    return false;
  }
  setStatus(`Applied ${what}.`);
  return true;
}
