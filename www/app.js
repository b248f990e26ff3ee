// The page: file input, drop zone, and turning the report the wasm module
// returns into DOM. Rust computes every number; this file only places them.
// Text from a CSV reaches the DOM only through textContent, never as markup.

import init, { drawFit } from './pkg/survey_report.js';
import { el } from './dom.js';
import { altText, decodeLink, encodeLink, figureActions, fragmentText, tableToggle } from './share.js';

const SAMPLE_URL = './state-of-ml-2020-synthetic.csv';
const SAMPLE_NAME = 'state-of-ml-2020-synthetic.csv';

const $ = (sel) => document.querySelector(sel);
let current = null; // { figures, canvases: Map<id, {canvas, fig}> }
let worker = null; // reads and counts files (worker.js)
let lastOut = null; // the report shown, with its corrections
let shown = null; // { file, synthetic } of the report shown
let pending = null; // { id, resolve, reject, onProgress } of the request under way
let nextId = 1;
let fileKey = null; // where this file's corrections are kept in localStorage
const splits = new Map(); // question id -> { by: question id, stacked: bool }
let currentSplits = {}; // question id -> the split figure the worker drew
let currentSplitErrors = {}; // question id -> why its split was refused (too large a table)
let lastGood = null; // { overrides, splits } of the report shown: what Cancel goes back to
let pendingView = null; // a view from a link (#view=...), waiting for its file
let loading = 0; // reads under way (aria-busy on #report until none is left)
const KINDS = ['single', 'multi', 'rating', 'number', 'text', 'skipped'];
const darkScheme = matchMedia('(prefers-color-scheme: dark)');
let printing = false; // between beforeprint and afterprint

/** Figures use the dark palette when the page does (style.css), never on paper. */
function prefersDark() {
  return darkScheme.matches && !printing;
}

function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** "1 other question", "3 other questions". */
function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

function setStatus(text) {
  $('#status').textContent = text;
}

function showError(message) {
  const box = $('#error');
  box.replaceChildren(
    el('strong', {}, 'This file could not be read. '),
    el('span', {}, message),
  );
  box.hidden = false;
}

function clearError() {
  const box = $('#error');
  box.hidden = true;
  box.replaceChildren();
}

function startWorker() {
  worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = (event) => {
    const msg = event.data;
    if (!pending || msg.id !== pending.id) return;
    if (msg.type === 'progress') pending.onProgress(msg);
    else if (msg.type === 'report') pending.resolve(msg.json === undefined ? msg.out : JSON.parse(msg.json));
    else if (msg.type === 'error') pending.reject(new Error(msg.message));
  };
  worker.onerror = (e) => {
    if (pending) pending.reject(new Error(e.message || 'the reader stopped unexpectedly'));
  };
}

/**
 * Sends a request to the worker; resolves with its report. `what` names a
 * recomputation for the busy line and for Cancel's message.
 */
function ask(msg, onProgress = () => {}, what = '') {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending = { id, resolve, reject, onProgress, type: msg.type, what };
    worker.postMessage({ ...msg, id });
  }).finally(() => {
    if (pending && pending.id === id) pending = null;
  });
}

/**
 * Where a file's corrections are kept: its name, size and a fingerprint of its
 * first and last 64 KB (FNV-1a), so the same file dropped again finds them.
 * Only this key is stored, never the content.
 */
async function keyFor(file) {
  const part = 65536;
  const head = new Uint8Array(await file.slice(0, part).arrayBuffer());
  const tail = new Uint8Array(await file.slice(Math.max(part, file.size - part)).arrayBuffer());
  let h = 0x811c9dc5;
  for (const bytes of [head, tail]) {
    for (let i = 0; i < bytes.length; i += 1) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  return `survey-report:corrections:${file.name}:${file.size}:${h.toString(16)}`;
}

function savedCorrections(key) {
  try {
    return JSON.parse(localStorage.getItem(key) || 'null');
  } catch {
    return null;
  }
}

function saveCorrections() {
  try {
    localStorage.setItem(fileKey, JSON.stringify(lastOut.overrides));
  } catch {
    // Storage may be full or disabled; the corrections still apply now.
  }
}

/** Reads a file in the worker, with progress; renders the report or a clear error. */
async function load(file, { synthetic = false, quiet = false, state = null } = {}) {
  const t0 = performance.now();
  // The report shown is about to be replaced: assistive technology (and the
  // tests) wait for aria-busy to clear.
  loading += 1;
  $('#report').setAttribute('aria-busy', 'true');
  try {
    return await loadNow(file, { synthetic, quiet, t0, given: state });
  } finally {
    // A cancelled read ends after the re-read Cancel starts: clear only when none is left.
    loading -= 1;
    if (loading === 0) $('#report').removeAttribute('aria-busy');
  }
}


async function loadNow(file, { synthetic, quiet, t0, given }) {
  const key = await keyFor(file);
  const view = given ? null : takeView(file);
  // A view's parts that cannot apply to any file (a kind that does not
  // exist, a malformed entry) are set aside here and named in the status.
  const checked = view ? checkViewParts(view) : null;
  const state = given || (checked
    ? checked.state
    : { overrides: savedCorrections(key) || { kinds: {}, roles: {}, options: {}, keep_markers: false }, splits: {} });
  showProgress(file);
  let out;
  try {
    out = await ask({ type: 'open', file, state }, (p) => updateProgress(p, t0, file, Boolean(view)));
  } catch (e) {
    hideProgress();
    if (e.name === 'AbortError') return false;
    $('#report').hidden = true;
    $('#synthetic').hidden = true;
    current = null;
    lastOut = null;
    shown = null;
    delete document.body.dataset.loaded;
    setStatus(`${file.name} (${formatBytes(file.size)}): not read`);
    showError(`${file.name}: ${e && e.message ? e.message : e}`);
    return false;
  }
  hideProgress();
  splits.clear();
  for (const [q, sp] of Object.entries(state.splits || {})) splits.set(q, sp);
  const refused = checked ? [...checked.refused, ...viewMisfits(state, out)] : [];
  fileKey = key;
  shown = { file, synthetic };
  clearError();
  lastOut = out;
  lastGood = { overrides: out.overrides, splits: Object.fromEntries(splits) };
  await render(out);
  $('#synthetic').hidden = !synthetic;
  document.body.dataset.loaded = file.name;
  if (view) {
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

/** How long a recomputation runs before its busy line and Cancel show, in ms. */
const BUSY_DELAY = 300;

/**
 * Re-counts with the current corrections and splits, and re-renders. It runs
 * in the worker under the same busy line and Cancel as a file read: `what`
 * ("the correction (…)", "the split of …") says what is being computed, and
 * Cancel goes back to the report as it was. Resolves true once applied.
 */
async function refresh(what = 'the change') {
  const state = { overrides: lastOut.overrides, splits: Object.fromEntries(splits) };
  const t0 = performance.now();
  loading += 1;
  $('#report').setAttribute('aria-busy', 'true');
  // Synchronous wasm reports no fraction done: the line shows the seconds.
  const timer = setTimeout(() => showBusy(`Computing the report with ${what}`, t0), BUSY_DELAY);
  try {
    let out;
    try {
      out = await ask({ type: 'render', state }, () => {}, what);
    } catch (e) {
      if (e.name === 'AbortError') return false; // Cancel said so and restores the report.
      backToLastGood();
      setStatus(`Could not apply ${what}: ${e && e.message ? e.message : e}. The report is as it was.`);
      return false;
    } finally {
      clearTimeout(timer);
      hideProgress();
    }
    lastOut = out;
    lastGood = { overrides: out.overrides, splits: Object.fromEntries(splits) };
    await render(out);
    return true;
  } finally {
    loading -= 1;
    if (loading === 0) $('#report').removeAttribute('aria-busy');
  }
}

/** Puts the corrections and splits back as they were for the report shown. */
function backToLastGood() {
  if (!lastGood) return;
  if (lastOut) lastOut.overrides = structuredClone(lastGood.overrides);
  splits.clear();
  for (const [q, sp] of Object.entries(lastGood.splits)) splits.set(q, sp);
}

/** Applies a change to the corrections (`what` names it) and re-renders what it affects. */
async function correct(change, what) {
  const o = structuredClone(lastOut.overrides);
  o.kinds = o.kinds || {};
  o.roles = o.roles || {};
  change(o);
  lastOut.overrides = o;
  if (await refresh(`the correction (${what})`)) saveCorrections();
}

let ticker = 0; // the interval that counts a busy line's seconds

function showProgress(file) {
  stopTicker();
  $('#progress-bar').setAttribute('aria-label', 'Reading the file');
  $('#progress-text').textContent = `Reading ${file.name}…`;
  $('#progress-bar').value = 0;
  $('#progress-bar').max = Math.max(1, file.size);
  $('#progress').hidden = false;
}

/** Made once: toLocaleString builds a new formatter at every call (milliseconds each). */
const ROWS_FORMAT = new Intl.NumberFormat('en');

/**
 * The busy line of work that reports no fraction done (a recomputation, the
 * counting after a read): an indeterminate bar, what is computed and the
 * seconds so far, and Cancel.
 */
function showBusy(text, t0) {
  stopTicker();
  const bar = $('#progress-bar');
  bar.removeAttribute('value');
  bar.setAttribute('aria-label', 'Computing the report');
  const tick = () => {
    $('#progress-text').textContent = `${text} · ${Math.floor((performance.now() - t0) / 1000)} s`;
  };
  tick();
  ticker = setInterval(tick, 250);
  $('#progress').hidden = false;
}

function stopTicker() {
  clearInterval(ticker);
  ticker = 0;
}

function updateProgress(p, t0, file, fromView) {
  if (p.phase === 'counting') {
    showBusy(`Read ${file.name}; computing the report${fromView ? ' with the view from the link' : ''}`, performance.now());
    return;
  }
  const secs = (performance.now() - t0) / 1000;
  const rate = p.bytes / Math.max(secs, 0.001);
  const left = rate > 0 ? (p.total - p.bytes) / rate : 0;
  $('#progress-bar').value = p.bytes;
  $('#progress-text').textContent = `${formatBytes(p.bytes)} of ${formatBytes(p.total)} · ${ROWS_FORMAT.format(Math.round(p.rows))} rows · ${formatBytes(rate)}/s · about ${Math.ceil(left)} s left`;
}

function hideProgress() {
  stopTicker();
  $('#progress').hidden = true;
}

/**
 * Stops the reading or recomputation at once (the worker is ended; wasm
 * cannot be interrupted): the previous report stays, with the corrections
 * and splits it was computed with.
 */
function cancel() {
  if (!pending) return;
  const p = pending;
  pending = null;
  worker.terminate();
  startWorker();
  const err = new Error('cancelled');
  err.name = 'AbortError';
  p.reject(err);
  hideProgress();
  backToLastGood();
  if (p.type === 'render') setStatus(`Cancelled: ${p.what} was not applied; the report is as it was.`);
  else setStatus(shown ? `Reading cancelled; still showing ${shown.file.name}.` : 'Reading cancelled.');
  // The new worker reads the shown file again, with the state of the report
  // shown, so corrections keep working on it.
  if (shown) load(shown.file, { synthetic: shown.synthetic, quiet: true, state: lastGood });
}

/** What the per-figure menu needs from the page: links and file names. */
const SHARE_CONTEXT = {
  // Quoted answers are respondents' own words: they stay out of links (and
  // so does the alt text, which quotes them; the embed makes its own).
  embedUrl: async ({ quotes, alt, ...fig }) => new URL(`embed.html#${await encodeLink(fig)}`, location.href).href,
  viewUrl: async (fig) => {
    const state = {
      file: { name: shown.file.name, size: shown.file.size },
      overrides: lastOut.overrides,
      splits: Object.fromEntries(splits),
      focus: fig.id,
    };
    return new URL(`#view=${await encodeLink(state)}`, location.href).href;
  },
  get fileStem() {
    return shown ? shown.file.name.replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_') : 'survey';
  },
};

/** Most splits a link may ask for (a report has one per question at most). */
const MAX_VIEW_SPLITS = 2000;

/** Checks the shape of a view from a link; throws saying what is wrong. */
function checkView(v) {
  if (!isObject(v) || !isObject(v.file) || typeof v.file.name !== 'string' || !Number.isSafeInteger(v.file.size)) {
    throw new Error('it does not name a file');
  }
  if (!isObject(v.overrides) || !isObject(v.splits)) throw new Error('it has no corrections or splits');
  const entries = Object.entries(v.splits);
  if (entries.length > MAX_VIEW_SPLITS) throw new Error(`it asks for ${entries.length} splits`);
  const splitsOk = entries.every(([, sp]) => isObject(sp) && typeof sp.by === 'string' && typeof sp.stacked === 'boolean');
  if (!splitsOk) throw new Error('a split in it is not {by, stacked}');
  if (v.focus !== undefined && typeof v.focus !== 'string') throw new Error('its figure is not a name');
  return { file: v.file, overrides: v.overrides, splits: v.splits, focus: v.focus };
}

/** Reads a view from the address (#view=...), if there is one. */
async function readViewLink() {
  const hash = location.hash;
  if (!hash.startsWith('#view=')) return;
  try {
    pendingView = checkView(await decodeLink(fragmentText(hash.slice('#view='.length))));
  } catch (e) {
    $('#view-note').textContent = `This link's view could not be read: ${e && e.message ? e.message : e}. The page works as usual: drop a file to see its report.`;
    $('#view-note').hidden = false;
    return;
  }
  $('#view-note').textContent = `This link shows a view of ${pendingView.file.name} (${formatBytes(pendingView.file.size)}): drop that file on the page to see it. Nothing from the file is in the link.`;
  $('#view-note').hidden = false;
}

const isObject = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);

/**
 * Sets aside the parts of a view that cannot apply to any file: a kind that
 * is not one, entries of the wrong shape. Returns the state to send and the
 * refused parts, each named for the status.
 */
function checkViewParts(view) {
  const refused = [];
  const o = view.overrides;
  const kinds = {};
  for (const [key, kind] of Object.entries(isObject(o.kinds) ? o.kinds : {})) {
    if (KINDS.includes(kind)) kinds[key] = kind;
    else refused.push(`kind “${String(kind)}” for “${key}” (not a kind)`);
  }
  const roles = {};
  for (const [role, q] of Object.entries(isObject(o.roles) ? o.roles : {})) {
    if (q === null || typeof q === 'string') roles[role] = q;
    else refused.push(`the question for “${role}” (not a question id)`);
  }
  const options = {};
  for (const [id, map] of Object.entries(isObject(o.options) ? o.options : {})) {
    if (isObject(map) && Object.values(map).every((v) => typeof v === 'string')) options[id] = map;
    else refused.push(`the answers named for “${id}” (not a list of answers)`);
  }
  if (o.keep_markers !== undefined && typeof o.keep_markers !== 'boolean') refused.push('keep_markers (not true or false)');
  const overrides = { kinds, roles, options, keep_markers: o.keep_markers === true };
  return { state: { overrides, splits: view.splits }, refused };
}

/**
 * The parts of a view this file has no place for: a question, role or split
 * it lacks, a split its questions cannot make. Refused splits are dropped,
 * except one refused for its size: its message stands in its place.
 */
function viewMisfits(state, out) {
  const r = out.report;
  const refused = [];
  if (out.overridesDropped) refused.push(`the corrections (${out.overridesDropped})`);
  const keys = new Set(r.questions.map((q) => q.key));
  const ids = new Set(r.questions.map((q) => q.id));
  const roles = new Set(r.mapping.map((m) => m.role));
  const o = state.overrides;
  for (const key of Object.keys(o.kinds)) if (!keys.has(key)) refused.push(`kind for “${key}” (no such question)`);
  for (const [role, q] of Object.entries(o.roles)) {
    if (!roles.has(role)) refused.push(`role “${role}” (not in the questionnaire)`);
    else if (q !== null && !keys.has(q)) refused.push(`“${role}” from “${q}” (no such question)`);
  }
  for (const id of Object.keys(o.options)) if (!roles.has(id)) refused.push(`the answers named for “${id}” (not in the questionnaire)`);
  for (const [q, sp] of Object.entries(state.splits)) {
    let why = null;
    if (!ids.has(q)) why = `split of “${q}” (no such question)`;
    else if (!ids.has(sp.by)) why = `split by “${sp.by}” (no such question)`;
    else if (out.splitErrors[q]) {
      refused.push(`split of “${q}” by “${sp.by}” (too large: see the message in its place)`);
      continue;
    } else if (!out.splits[q]) why = `split of “${q}” by “${sp.by}” (not a question it can be split by)`;
    if (why) {
      refused.push(why);
      splits.delete(q);
    }
  }
  return refused;
}

/** ", except: a, b" for a status line; at most ten parts named. */
function exceptList(refused) {
  if (!refused.length) return '';
  const named = refused.slice(0, 10).join(', ');
  return `, except: ${named}${refused.length > 10 ? `, and ${refused.length - 10} more` : ''}`;
}

/** Scrolls to figure `id` (building its part of the page first); false if the report has none. */
function focusFigure(id) {
  const node = document.querySelector(`[data-figure="${CSS.escape(id)}"]`) || buildFigureBatch(id);
  node?.scrollIntoView();
  return Boolean(node);
}

/** The link's view, if it was made for this file (same name and size); used once. */
function takeView(file) {
  if (!pendingView || pendingView.file.name !== file.name || pendingView.file.size !== file.size) return null;
  const v = pendingView;
  pendingView = null;
  $('#view-note').hidden = true;
  return v;
}

async function loadFile(file) {
  return load(file, { synthetic: false });
}

/** Cells pasted from a spreadsheet arrive as tab-separated text: read them like a file. */
async function loadPasted(text) {
  return load(new File([text], 'pasted cells', { type: 'text/plain' }), { synthetic: false });
}

async function loadSample() {
  setStatus('Loading the sample…');
  const resp = await fetch(SAMPLE_URL);
  if (!resp.ok) {
    showError(`the bundled sample could not be fetched (HTTP ${resp.status})`);
    return false;
  }
  const blob = await resp.blob();
  return load(new File([blob], SAMPLE_NAME, { type: 'text/csv' }), { synthetic: true });
}

/** Puts a report on the page; resolves when every figure is drawn. */
async function render(out) {
  // The report arrived in a task of its own (unpacking the message can take
  // tens of ms for a wide survey); building the page starts in the next.
  await yieldToPage();
  const { report, figures, every } = out;
  currentSplits = out.splits || {};
  currentSplitErrors = out.splitErrors || {};
  // Visible first: canvases are sized from their laid-out width.
  $('#report').hidden = false;
  renderReading(report);
  renderText(report);
  const drawn = renderFigures(figures, every, report);
  renderRules(report);
  renderClaims(report);
  return drawn;
}

function renderReading(r) {
  const facts = [
    ['Encoding', r.input.encoding],
    ['Delimiter', r.input.delimiter],
    ['Columns', r.input.columns],
    ['Rows read', r.rows.read],
    ['Rows used', r.rows.used],
    ['Rows set aside', r.rows.set_aside.reduce((a, s) => a + s.count, 0)],
    ['Header layout', r.input.layout],
    ...(r.input.container ? [['Unpacked from', r.input.container]] : []),
    ['Questionnaire', `${r.preset.title}: ${plural(r.questions.filter((q) => q.role).length, 'of its questions', 'of its questions')} found; ${plural(r.questions.filter((q) => !q.role).length, 'other question', 'other questions')}`],
  ];
  $('#reading-facts').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, String(v))]));
  const items = [];
  for (const s of r.rows.set_aside) {
    items.push(el('li', { class: 'warn' }, `${s.count} row(s) set aside: ${s.reason} (rows ${s.rows.join(', ')}${s.count > s.rows.length ? ', …' : ''})`));
  }
  for (const m of r.missing) {
    items.push(el('li', {}, `Not in this file: “${m.header}”${m.figure ? ` (${m.figure})` : ''}. Its figure and claims are marked, the rest is reported.`));
  }
  for (const n of r.notices) {
    items.push(el('li', { class: 'warn' }, n.message));
  }
  items.push(...markerItems(r), ...notOfferedItems(r), ...ruleOptionItems(r));
  $('#notices').replaceChildren(...items);
  renderRoles(r);
  renderColumns(r);
}

/** The switch for missing-value markers (`nan`): read as no answer (the notices say where) or counted. */
function markerItems(r) {
  const kept = Boolean(lastOut.overrides.keep_markers);
  if (!kept && !r.markers.length) return [];
  const toggle = el('button', { type: 'button', 'data-markers': kept ? 'kept' : 'read' },
    kept ? 'Read them as no answer again' : 'Count them as answers');
  toggle.addEventListener('click', () => correct((o) => { o.keep_markers = !kept; },
    kept ? 'missing-value markers read as no answer' : 'missing-value markers counted as answers'));
  const text = kept
    ? 'Missing-value markers (nan, N/A) are counted as answers, as you asked. '
    : `Missing-value markers (${r.markers.map((m) => `“${m.value}”`).join(', ')}) are read as no answer. `;
  return [el('li', { 'data-notice': 'markers' }, text, toggle)];
}

/** Preset options the file does not offer: listed, never drawn as 0%. */
function notOfferedItems(r) {
  return r.questions.filter((q) => q.role && q.not_offered && q.not_offered.length).map((q) =>
    el('li', { 'data-not-offered': q.id }, `“${shorten(q.header, 70)}”: not offered in this file: ${q.not_offered.join('; ')}.`));
}

/** Options the maturity rules name that the file lacks, each mappable to one of the file's answers. */
function ruleOptionItems(r) {
  const m = r.maturity;
  if (!m) return [];
  const q = r.questions.find((x) => x.id === m.question);
  if (!q) return [];
  const mapped = (lastOut.overrides.options || {})[q.id] || {};
  const labels = m.answers || [];
  const out = [];
  for (const g of m.groups) {
    for (const opt of g.options || []) {
      if (opt.found && !mapped[opt.option]) continue;
      const select = el('select', { 'aria-label': `Answer of this file that means “${opt.option}”`, 'data-rule-option': opt.option },
        el('option', { value: '' }, 'not in this file'),
        ...labels.map((l) => el('option', { value: l, selected: mapped[opt.option] === l }, shorten(l, 80))));
      select.addEventListener('change', () => correct((o) => {
        o.options = o.options || {};
        const forQ = { ...(o.options[q.id] || {}) };
        if (select.value) forQ[opt.option] = select.value; else delete forQ[opt.option];
        o.options[q.id] = forQ;
      }, select.value ? `“${shorten(select.value, 60)}” means “${opt.option}”` : `“${opt.option}” not in this file`));
      out.push(el('li', { class: opt.found ? '' : 'warn' },
        `The rule for ${g.label} names “${opt.option}”, ${opt.found ? 'mapped by you to: ' : 'which this file does not offer; it means: '}`, select));
    }
  }
  return out;
}

function kindSelect(q) {
  const select = el('select', { 'aria-label': `Kind of “${q.header}”`, 'data-question': q.key },
    ...KINDS.map((k) => el('option', { value: k, selected: k === q.kind }, k)));
  select.addEventListener('change', () => correct((o) => { o.kinds[q.key] = select.value; }, `“${shorten(q.header, 60)}” read as ${select.value}`));
  return select;
}

/** Questions listed in the reading panel at a time; "Show more" lists the next ones. */
const COLUMN_PAGE = 300;

function renderColumns(r) {
  const names = (cols) => cols.map((c) => c + 1).join(', ');
  const row = (q) => el('tr', { 'data-question': q.key },
    el('td', { class: 'num', 'data-label': 'Columns' }, names(q.columns)),
    el('th', { scope: 'row', 'data-label': 'Question' }, q.header, q.role ? el('div', { class: 'small' }, `feeds “${q.role}”${q.figure ? ` (${q.figure})` : ''}`) : null),
    el('td', { 'data-label': 'Kind' }, kindSelect(q), el('div', { class: 'small' }, q.reason)),
    el('td', { class: 'num', 'data-label': 'Answered' }, q.kind === 'skipped' ? '–' : String(q.answered)),
    el('td', { class: 'small', 'data-label': 'Options' }, optionPreview(q)));
  const body = $('#columns tbody');
  // A wide file lists its questions a page at a time: 16,384 rows of selects
  // would take seconds to build and lay out.
  const page = (from) => {
    const rows = r.questions.slice(from, from + COLUMN_PAGE).map(row);
    const left = r.questions.length - from - rows.length;
    if (left <= 0) return rows;
    const more = el('button', { type: 'button', class: 'button small-button', 'data-more-columns': '' },
      `Show ${Math.min(left, COLUMN_PAGE)} more (${left} not listed yet)`);
    const moreRow = el('tr', { class: 'more-row' }, el('td', { colspan: 5 }, more));
    more.addEventListener('click', () => {
      const next = page(from + COLUMN_PAGE);
      moreRow.replaceWith(...next);
      next[0]?.querySelector('select')?.focus();
    });
    return [...rows, moreRow];
  };
  body.replaceChildren(...page(0));
}

function optionPreview(q) {
  if (q.items && q.items.length) return `${q.items.length} items: ${q.items.slice(0, 4).map((i) => i.label).join('; ')}${q.items.length > 4 ? '; …' : ''}`;
  if (q.options && q.options.length) return q.options.slice(0, 5).map((o) => `${o.label} (${o.count})`).join('; ') + (q.options.length > 5 ? `; … ${q.options.length} in all` : '');
  if (q.numbers) return `from ${q.numbers.min} to ${q.numbers.max}`;
  if (q.samples && q.samples.length) return `${q.samples.length}+ distinct answers`;
  return '';
}

function renderRoles(r) {
  const usable = r.questions.filter((q) => q.kind !== 'skipped');
  $('#roles tbody').replaceChildren(...r.mapping.map((m) => {
    const option = (q) => el('option', { value: q.key, selected: q.id === m.question }, shorten(q.header, 90));
    const chosen = usable.find((q) => q.id === m.question);
    const select = el('select', { 'aria-label': `Question feeding ${m.title}`, 'data-role': m.role },
      el('option', { value: '' }, 'not in file'), chosen ? option(chosen) : null);
    fillOnFirstUse(select, () => [el('option', { value: '' }, 'not in file'), ...usable.map(option)]);
    select.addEventListener('change', () => correct((o) => { o.roles[m.role] = select.value || null; },
      select.value ? `${m.title} from “${shorten(select.selectedOptions[0]?.textContent || select.value, 60)}”` : `${m.title} not in the file`));
    return el('tr', {},
      el('th', { scope: 'row', 'data-label': 'Figure / part of the analysis' }, m.figure ? `${m.figure}: ` : '', m.title, el('div', { class: 'small' }, m.guessed ? (m.question ? 'guessed from header and options' : 'nothing in the file fits') : 'set by you')),
      el('td', { 'data-label': 'Question of this file' }, select));
  }));
}

function shorten(text, n) {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

function renderText(r) {
  const byHeading = Object.fromEntries(r.text.map((s) => [s.heading[0], s]));
  $('#text-collection').textContent = byHeading.A ? byHeading.A.paragraphs.join(' ') : '';
  $('#text-results').replaceChildren(...(byHeading.B?.paragraphs ?? []).map((p) => el('p', {}, p)));
  $('#text-analysis').replaceChildren(...(byHeading.C?.paragraphs ?? []).map((p) => el('p', {}, p)));
}

function figureBlock(fig, canvases) {
  const captionId = `cap-${fig.id}`;
  if (fig.body.type === 'missing') {
    return el('figure', { class: 'figure missing', 'data-figure': fig.id },
      el('figcaption', { id: captionId }, el('strong', {}, fig.title)),
      el('p', { class: 'missing-message' }, fig.body.message),
      el('p', { class: 'small' }, 'If the file asks it in other words, pick that question under ',
        el('a', { href: '#reading-details' }, 'How the file was read'), '.'));
  }
  const canvas = el('canvas', { role: 'img', 'aria-label': altText(fig), 'data-figure': fig.id });
  canvases.set(fig.id, { canvas, fig });
  return el('figure', { class: 'figure', 'data-figure': fig.id, 'aria-labelledby': captionId },
    canvas,
    el('figcaption', { id: captionId, class: 'visually-hidden' }, `${fig.title}. ${fig.subtitle}`),
    el('div', { class: 'fig-tools' }, figureActions(fig, SHARE_CONTEXT), tableToggle(fig)));
}

let renderToken = null; // the renderFigures under way; a newer one supersedes it

async function renderFigures(figures, every, report) {
  const mine = {};
  renderToken = mine;
  const previous = current ? current.canvases : new Map();
  const canvases = new Map();
  for (const holder of document.querySelectorAll('.figures')) holder.replaceChildren();
  for (const fig of figures) {
    const holder = document.querySelector(`.figures[data-section="${fig.section}"]`);
    if (holder) holder.append(figureBlock(fig, canvases));
  }
  if (!(await renderEvery(every, report, canvases, () => renderToken === mine))) return;
  // A figure whose data did not change keeps its drawn canvas.
  for (const [id, entry] of canvases) {
    const old = previous.get(id);
    if (old && JSON.stringify(old.fig) === JSON.stringify(entry.fig)) {
      entry.canvas.replaceWith(old.canvas);
      entry.canvas = old.canvas;
    }
  }
  current = { figures, canvases };
  return drawAll();
}

/**
 * Questions of the "every question" section built with the report; the rest
 * wait in batches of `EVERY_BATCH`, each built when it comes within
 * `BUILD_MARGIN` of the viewport. A file of 16,384 columns would otherwise
 * put 16,384 figures, canvases and menus into the page at once: seconds of
 * style and layout on every task, gigabytes of canvases.
 */
const EAGER_QUESTIONS = 200;
const EVERY_BATCH = 50;
const BUILD_MARGIN = '1500px 0px';
/** A question's height until it is built (CSS px): keeps the scrollbar about right. */
const QUESTION_HEIGHT_GUESS = 360;
/** Figures built lazily are drawn when they come this near the viewport. */
const DRAW_MARGIN = '800px 0px';

let batchObserver = null; // the "every question" batches waiting to be built
let figureBatch = new Map(); // figure id -> the placeholder of its batch, until built
const lazyCanvases = new WeakSet(); // canvases drawn only once near the viewport
const nearCanvases = new WeakSet(); // those that have come near it
let drawFrame = 0;
const nearObserver = new IntersectionObserver((entries) => {
  let any = false;
  for (const e of entries) {
    if (e.isIntersecting && !nearCanvases.has(e.target)) {
      nearCanvases.add(e.target);
      any = true;
    }
  }
  if (any) scheduleDraw();
}, { rootMargin: DRAW_MARGIN });

/** Draws what needs drawing in the next frame (once for many triggers). */
function scheduleDraw() {
  cancelAnimationFrame(drawFrame);
  drawFrame = requestAnimationFrame(() => drawAll());
}

/** Builds the batch holding figure `id`, if one waits; returns the figure's element. */
function buildFigureBatch(id) {
  const holder = figureBatch.get(id);
  if (!holder) return null;
  holder.build();
  return document.querySelector(`[data-figure="${CSS.escape(id)}"]`);
}

/**
 * Builds the "every question" section, giving the main thread back between
 * slices (a survey can have hundreds of questions), the first
 * `EAGER_QUESTIONS` at once and the rest as they scroll near. Resolves false
 * when a newer render took over meanwhile.
 */
async function renderEvery(every, report, canvases, stillCurrent) {
  const byId = new Map(every.map((f) => [f.id, f]));
  const singles = report.questions.filter((q) => q.kind === 'single' && q.options.length >= 2 && q.options.length <= 30);
  batchObserver?.disconnect();
  batchObserver = null;
  // The lazily built figures of the last render are about to leave the page.
  nearObserver.disconnect();
  figureBatch = new Map();
  // Each slice goes into the page as it is built: laying out hundreds of
  // blocks at once would be one long task, a slice at a time is not.
  const list = $('#every-list');
  let blocks = [];
  let first = true;
  const flush = () => {
    if (first) list.replaceChildren(...blocks);
    else list.append(...blocks);
    first = false;
    blocks = [];
  };
  let slice = performance.now();
  const eager = report.questions.slice(0, EAGER_QUESTIONS);
  for (const q of eager) {
    blocks.push(questionBlock(q, byId, singles, canvases));
    if (performance.now() - slice > DRAW_SLICE) {
      flush();
      await yieldToPage();
      if (!stillCurrent()) return false;
      slice = performance.now();
    }
  }
  const rest = report.questions.slice(EAGER_QUESTIONS);
  if (rest.length) {
    const observer = new IntersectionObserver((entries) => {
      for (const e of entries) if (e.isIntersecting) e.target.build?.();
    }, { rootMargin: BUILD_MARGIN });
    batchObserver = observer;
    for (let from = 0; from < rest.length; from += EVERY_BATCH) {
      const batch = rest.slice(from, from + EVERY_BATCH);
      const holder = el('div', { class: 'every-batch', 'aria-busy': 'true' });
      holder.style.minHeight = `${batch.length * QUESTION_HEIGHT_GUESS}px`;
      holder.build = () => {
        if (holder.built || observer !== batchObserver) return;
        holder.built = true;
        observer.unobserve(holder);
        const built = batch.map((q) => questionBlock(q, byId, singles, canvases));
        for (const q of batch) figureBatch.delete(`q-${q.id}`);
        holder.replaceWith(...built);
        for (const b of built) {
          for (const canvas of b.querySelectorAll('canvas[data-figure]')) {
            lazyCanvases.add(canvas);
            nearObserver.observe(canvas);
          }
        }
      };
      for (const q of batch) figureBatch.set(`q-${q.id}`, holder);
      blocks.push(holder);
      observer.observe(holder);
    }
  }
  flush();
  return true;
}

/** One question of the "every question" section. */
function questionBlock(q, byId, singles, canvases) {
  const head = el('h3', { class: 'q-title' }, q.header);
  const meta = el('p', { class: 'small' }, `${q.kind}${q.kind === 'skipped' ? '' : ` · ${q.answered} answered, ${q.skipped} skipped`}`);
  if (q.kind === 'skipped') {
    return el('div', { class: 'question', 'data-question': q.id }, head, el('p', { class: 'small' }, `Skipped: ${q.reason}.`));
  }
  if (q.kind === 'text') {
    const list = el('ul', { class: 'samples' }, ...q.samples.map((s) => el('li', {}, s.label, s.count > 1 ? el('span', { class: 'small' }, ` ×${s.count}`) : null)));
    return el('div', { class: 'question', 'data-question': q.id }, head, meta,
      el('p', { class: 'small' }, `Free text: the ${q.samples.length} most frequent of the answers.`), list);
  }
  let fig = byId.get(`q-${q.id}`);
  const chosen = splits.get(q.id);
  const by = chosen && chosen.by;
  if (by && currentSplits[q.id]) fig = currentSplits[q.id];
  const parts = [head, meta];
  // A split refused for its size: the message in its place, the question's own figure below.
  if (by && currentSplitErrors[q.id]) {
    parts.push(el('p', { class: 'split-error warn', 'data-split-error': q.id }, `This split is not drawn: ${currentSplitErrors[q.id]}.`));
  }
  if (fig) parts.push(figureBlock(fig, canvases));
  const canSplit = (q.kind === 'single' || q.kind === 'multi' || (q.kind === 'rating' && !q.items.length)) && singles.some((s) => s.id !== q.id);
  if (canSplit) {
    const option = (s) => el('option', { value: s.id, selected: s.id === by }, shorten(s.header, 70));
    const chosen = singles.find((s) => s.id === by);
    const select = el('select', { 'aria-label': `Split “${q.header}” by`, 'data-split': q.id },
      el('option', { value: '' }, 'no split'), chosen ? option(chosen) : null);
    fillOnFirstUse(select, () => [el('option', { value: '' }, 'no split'), ...singles.filter((s) => s.id !== q.id).map(option)]);
    // 100% stacking needs one answer per respondent: not for multi-select.
    const mode = el('select', { 'aria-label': `How to show “${q.header}” split`, 'data-split-mode': q.id, disabled: !by || q.kind === 'multi' },
      el('option', { value: 'grouped', selected: !(chosen && chosen.stacked) }, 'grouped bars'),
      el('option', { value: 'stacked', selected: !!(chosen && chosen.stacked) }, '100% stacked bars'));
    const update = (focus) => {
      const byHeader = select.selectedOptions[0]?.textContent || select.value;
      const what = select.value ? `the split of “${shorten(q.header, 60)}” by “${byHeader}”` : `the removal of the split of “${shorten(q.header, 60)}”`;
      if (select.value) splits.set(q.id, { by: select.value, stacked: mode.value === 'stacked' && q.kind !== 'multi' });
      else splits.delete(q.id);
      refresh(what).then(() => document.querySelector(focus)?.focus());
    };
    select.addEventListener('change', () => update(`select[data-split="${CSS.escape(q.id)}"]`));
    mode.addEventListener('change', () => update(`select[data-split-mode="${CSS.escape(q.id)}"]`));
    parts.push(el('div', { class: 'split small' }, el('label', {}, 'Split by ', select), ' ', el('label', {}, 'as ', mode)));
  }
  return el('div', { class: 'question', 'data-question': q.id }, ...parts);
}

/**
 * Gives `select` its full list of options (made by `options`) when it is
 * first focused or pressed; until then it holds only its current choice.
 * Keyboard, mouse and screen readers all focus a select before choosing. A
 * wide survey would otherwise put thousands of <option>s into the page at
 * once (the split-by and figure-role selects list every question), a third
 * of the style and layout time of showing its report.
 */
function fillOnFirstUse(select, options) {
  const fill = () => {
    if (select.dataset.filled) return;
    select.dataset.filled = '1';
    const value = select.value;
    select.replaceChildren(...options());
    select.value = value;
  };
  select.addEventListener('focus', fill);
  select.addEventListener('pointerdown', fill);
}

/**
 * Gives the main thread back to the page for a moment. A message to itself,
 * unlike setTimeout(0), is not clamped to 4 ms when it repeats.
 */
function yieldToPage() {
  if (globalThis.scheduler && typeof scheduler.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

/**
 * Longest stretch of building or drawing before the page gets the main
 * thread back, in ms. One figure can take 10-30 ms on a slow machine, so the
 * slice leaves room for it under the 50 ms of a long task.
 */
const DRAW_SLICE = 12;
let drawing = null; // the drawAll under way; a newer one supersedes it

/**
 * Sizes each canvas to its CSS width times devicePixelRatio and draws it,
 * giving the main thread back between figures so no task runs long.
 * Canvases already drawn at their size are left alone.
 */
async function drawAll(options) {
  if (!current) return;
  // `now`: every figure in this task, for beforeprint (print lays out right after it).
  const now = options?.now === true;
  const mine = {};
  drawing = mine;
  // Paper gets at least two device pixels per CSS pixel, so PDFs stay sharp.
  const dpr = printing ? Math.max(2, window.devicePixelRatio || 1) : window.devicePixelRatio || 1;
  const dark = prefersDark();
  const theme = dark ? 'dark' : 'light';
  // Building the report's DOM was one task; reading the widths below lays the
  // page out, so that starts in the next (printing draws all in this task).
  if (!now) {
    await yieldToPage();
    if (drawing !== mine) return;
  }
  // Widths are read before drawing, and once per list of figures: every
  // figure of a list is as wide as the first. Reading each canvas's width
  // between drawings would lay the page out again each time: 200 ms for a
  // Kaggle-sized survey.
  const widths = new Map();
  const widthOf = (canvas) => {
    const list = canvas.closest('.figures, #every-list') || canvas.parentElement;
    if (!widths.has(list)) widths.set(list, Math.max(260, Math.floor(canvas.parentElement.clientWidth)));
    return widths.get(list);
  };
  // A figure built as the page scrolled is drawn once it is near the
  // viewport (printing draws every figure built).
  const jobs = [...current.canvases.values()]
    .filter(({ canvas }) => canvas.isConnected && (now || !lazyCanvases.has(canvas) || nearCanvases.has(canvas)))
    .map(({ canvas, fig }) => ({ canvas, fig, cssWidth: widthOf(canvas) }));
  if (!now) await yieldToPage();
  let slice = performance.now();
  for (const { canvas, fig, cssWidth } of jobs) {
    if (drawing !== mine) return;
    const width = Math.round(cssWidth * dpr);
    if (canvas.width === width && canvas.dataset.drawn === '1' && canvas.dataset.dpr === String(dpr) && canvas.dataset.theme === theme) continue;
    const cssHeight = drawFit(canvas, fig, cssWidth, dpr, dark);
    canvas.style.width = `${cssWidth}px`;
    canvas.style.height = `${cssHeight}px`;
    canvas.dataset.dpr = String(dpr);
    canvas.dataset.drawn = '1';
    canvas.dataset.theme = theme;
    if (!now && performance.now() - slice > DRAW_SLICE) {
      await yieldToPage();
      slice = performance.now();
    }
  }
}

function renderRules(r) {
  const body = $('#rules tbody');
  if (!r.maturity) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: 4 }, 'The 3-month goals question is not in this file, so respondents cannot be classified.')));
    return;
  }
  body.replaceChildren(...r.maturity.groups.map((g, i) => el('tr', {},
    el('td', {}, String(i + 1)),
    el('th', { scope: 'row' }, g.label, el('div', { class: 'small' }, g.description)),
    el('td', {}, g.rule),
    el('td', { class: 'num' }, String(g.count)))));
}

const VERDICT_CLASS = { holds: 'ok', does_not_hold: 'bad', not_enough_data: 'unsure', not_in_file: 'absent' };
const VERDICT_TEXT = { holds: 'holds', does_not_hold: 'does not hold', not_enough_data: 'not enough data', not_in_file: 'question not in file' };

function renderClaims(r) {
  // data-label heads each cell when narrow screens stack the table (style.css).
  $('#claims-table tbody').replaceChildren(...r.claims.map((c, i) => el('tr', { 'data-claim': c.id },
    el('th', { scope: 'row', 'data-label': 'Claim' }, `${i + 1}`, el('code', { class: 'claim-id' }, c.id)),
    el('td', { 'data-label': 'The paper says' }, c.paper),
    el('td', { 'data-label': 'This data shows' }, c.observed, c.note ? el('div', { class: 'note' }, c.note) : null),
    el('td', { 'data-label': 'Verdict' }, el('span', { class: `verdict ${VERDICT_CLASS[c.verdict]}`, 'data-verdict': c.verdict }, VERDICT_TEXT[c.verdict])),
    el('td', { class: 'small', 'data-label': 'Statistic' }, c.statistic))));
}

function setupInput() {
  // The hint under a missing figure opens the corrections it points to.
  document.addEventListener('click', (e) => {
    const a = e.target.closest && e.target.closest('a[href="#reading-details"]');
    if (a) $('#reading-details').open = true;
  });
  const input = $('#file-input');
  $('#choose').addEventListener('click', () => input.click());
  input.addEventListener('change', async () => {
    if (input.files && input.files[0]) await loadFile(input.files[0]);
    input.value = '';
  });
  $('#load-sample').addEventListener('click', () => loadSample());
  $('#reset-corrections').addEventListener('click', async () => {
    if (!lastOut) return;
    localStorage.removeItem(fileKey);
    lastOut.overrides = { kinds: {}, roles: {}, options: {}, keep_markers: false };
    await refresh('the reset of the corrections');
  });
  $('#cancel').addEventListener('click', cancel);
  document.addEventListener('paste', (e) => {
    const target = e.target;
    if (target && (target.closest('input, textarea, [contenteditable]'))) return;
    const text = e.clipboardData && e.clipboardData.getData('text/plain');
    if (!text || !text.trim()) return;
    e.preventDefault();
    loadPasted(text);
  });

  const overlay = $('#drop-overlay');
  let depth = 0;
  const hasFiles = (e) => e.dataTransfer && Array.from(e.dataTransfer.types || []).includes('Files');
  window.addEventListener('dragenter', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth += 1;
    overlay.hidden = false;
  });
  window.addEventListener('dragover', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  });
  window.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) overlay.hidden = true;
  });
  window.addEventListener('drop', async (e) => {
    e.preventDefault();
    depth = 0;
    overlay.hidden = true;
    const file = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
    if (file) await loadFile(file);
  });

  let frame = 0;
  new ResizeObserver(() => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(drawAll);
  }).observe($('#report'));
  // A change of devicePixelRatio (zoom, moving to another screen) needs a redraw.
  const watchDpr = () => {
    matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`).addEventListener('change', () => { drawAll(); watchDpr(); }, { once: true });
  };
  watchDpr();
  // The figures follow the colour scheme when it changes (OS setting, time of day).
  darkScheme.addEventListener('change', () => drawAll());
  window.addEventListener('beforeprint', () => {
    printing = true;
    drawAll({ now: true });
  });
  window.addEventListener('afterprint', () => {
    printing = false;
    drawAll();
  });
}

/** For the benchmarks: the worker's WebAssembly memory, in bytes. */
window.surveyReportStats = () => ask({ type: 'stats' });

async function main() {
  try {
    await init();
  } catch (e) {
    setStatus('');
    showError(`the WebAssembly module could not be loaded (${e && e.message ? e.message : e}); run ./build.sh serve and open the page it prints`);
    return;
  }
  startWorker();
  setupInput();
  await readViewLink();
  await loadSample();
  document.body.dataset.ready = '1';
}

main();
