// Reading a file and recomputing its report: sends the file or the new
// corrections and splits to the worker, under the busy line and Cancel,
// then renders the answer; on failure or Cancel the report shown stays as
// it was, with the corrections and splits it was computed with.

import { formatBytes, exceptList, messageOf } from './format.js';
import { clearError, hideProgress, setStatus, showBusy, showError, showProgress, updateProgress } from './panels/status.js';
import { noAnalysis, noCorrections, setSplits, splitsObject, state } from './state.js';
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
const actions = { correct, refresh, analyze };

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
  state.analysis = out.analysis;
  // Filters and weights of a link this file cannot take, named by Rust.
  const refused = checked ? [...checked.refused, ...viewMisfits(asked, out), ...out.analysisRefused] : [];
  state.fileKey = key;
  state.shown = { file, synthetic };
  clearError();
  state.out = out;
  state.lastGood = { overrides: out.overrides, splits: splitsObject(), analysis: out.analysis };
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
  const asked = { overrides: state.out.overrides, splits: splitsObject(), analysis: state.analysis };
  const t0 = performance.now();
  return busyWhile(async () => {
    // Synchronous wasm reports no fraction done: the line shows the seconds.
    const timer = setTimeout(() => showBusy(`Computing the report with ${what}`, t0), BUSY_DELAY);
    let out;
    try {
      out = await ask({ type: 'render', state: asked }, () => {}, what);
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
    state.lastGood = { overrides: out.overrides, splits: splitsObject(), analysis: out.analysis };
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
  const a = structuredClone(state.analysis);
  change(a);
  state.analysis = a;
  const t0 = performance.now();
  if (!(await refresh(what))) return false;
  if (state.out.analysisRefused.length) return false;
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
  // shown, so corrections keep working on it.
  const { shown } = state;
  if (shown) load(shown.file, { synthetic: shown.synthetic, quiet: true, given: state.lastGood });
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
