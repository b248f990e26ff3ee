// The page: file input, drop zone, and turning the report the wasm module
// returns into DOM. Rust computes every number; this file only places them.
// Text from a CSV reaches the DOM only through textContent, never as markup.

import init, { analyze, draw, figureHeight } from './pkg/survey_report.js';

const SAMPLE_URL = './state-of-ml-2020-synthetic.csv';
const SAMPLE_NAME = 'state-of-ml-2020-synthetic.csv';

const $ = (sel) => document.querySelector(sel);
let current = null; // { figures, canvases: Map<id, {canvas, fig}> }

/** Creates an element; string children become text nodes, never HTML. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
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

/** Reads bytes, renders the report or a clear error; returns true on success. */
async function load(name, bytes, { synthetic = false } = {}) {
  const t0 = performance.now();
  let out;
  try {
    out = analyze(bytes);
  } catch (e) {
    $('#report').hidden = true;
    $('#synthetic').hidden = true;
    current = null;
    delete document.body.dataset.loaded;
    setStatus(`${name} (${formatBytes(bytes.length)}): not read`);
    showError(`${name}: ${e && e.message ? e.message : e}`);
    return false;
  }
  clearError();
  render(out);
  const ms = performance.now() - t0;
  const r = out.report;
  setStatus(`${name} · ${formatBytes(bytes.length)} · ${r.rows.read} rows (${r.respondents} respondents) · read and drawn in ${ms.toFixed(0)} ms`);
  $('#synthetic').hidden = !synthetic;
  document.body.dataset.loaded = name;
  return true;
}

async function loadFile(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  return load(file.name, bytes, { synthetic: false });
}

async function loadSample() {
  setStatus('Loading the sample…');
  const resp = await fetch(SAMPLE_URL);
  if (!resp.ok) {
    showError(`the bundled sample could not be fetched (HTTP ${resp.status})`);
    return false;
  }
  const bytes = new Uint8Array(await resp.arrayBuffer());
  return load(SAMPLE_NAME, bytes, { synthetic: true });
}

function render(out) {
  const { report, figures } = out;
  // Visible first: canvases are sized from their laid-out width.
  $('#report').hidden = false;
  renderReading(report);
  renderText(report);
  renderFigures(figures);
  renderRules(report);
  renderClaims(report);
}

function renderReading(r) {
  const facts = [
    ['Encoding', r.input.encoding],
    ['Delimiter', r.input.delimiter],
    ['Columns', r.input.columns],
    ['Rows read', r.rows.read],
    ['Rows used', r.rows.used],
    ['Rows set aside', r.rows.set_aside.reduce((a, s) => a + s.count, 0)],
    ['Questions found', `${r.questions.filter((q) => q.from_preset).length} of the questionnaire's, ${r.questions.filter((q) => !q.from_preset).length} other columns`],
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
  $('#notices').replaceChildren(...items);
}

function renderText(r) {
  const byHeading = Object.fromEntries(r.text.map((s) => [s.heading[0], s]));
  $('#text-collection').textContent = byHeading.A ? byHeading.A.paragraphs.join(' ') : '';
  $('#text-results').replaceChildren(...(byHeading.B?.paragraphs ?? []).map((p) => el('p', {}, p)));
  $('#text-analysis').replaceChildren(...(byHeading.C?.paragraphs ?? []).map((p) => el('p', {}, p)));
}

function renderFigures(figures) {
  const canvases = new Map();
  for (const holder of document.querySelectorAll('.figures')) holder.replaceChildren();
  for (const fig of figures) {
    const holder = document.querySelector(`.figures[data-section="${fig.section}"]`);
    if (!holder) continue;
    const captionId = `cap-${fig.id}`;
    if (fig.body.type === 'missing') {
      holder.append(el('figure', { class: 'figure missing', 'data-figure': fig.id },
        el('figcaption', { id: captionId }, el('strong', {}, fig.title)),
        el('p', { class: 'missing-message' }, fig.body.message)));
      continue;
    }
    const canvas = el('canvas', { role: 'img', 'aria-label': `${fig.title}. ${fig.subtitle}`, 'data-figure': fig.id });
    holder.append(el('figure', { class: 'figure', 'data-figure': fig.id, 'aria-labelledby': captionId },
      canvas,
      el('figcaption', { id: captionId, class: 'visually-hidden' }, `${fig.title}. ${fig.subtitle}`)));
    canvases.set(fig.id, { canvas, fig });
  }
  current = { figures, canvases };
  drawAll();
}

/** Sizes each canvas to its CSS width times devicePixelRatio and draws it. */
function drawAll() {
  if (!current) return;
  const dpr = window.devicePixelRatio || 1;
  for (const { canvas, fig } of current.canvases.values()) {
    const cssWidth = Math.max(260, Math.floor(canvas.parentElement.clientWidth));
    const width = Math.round(cssWidth * dpr);
    const height = figureHeight(fig, width, dpr, false);
    if (canvas.width === width && canvas.height === height && canvas.dataset.drawn === '1') continue;
    canvas.width = width;
    canvas.height = height;
    canvas.style.width = `${cssWidth}px`;
    canvas.style.height = `${height / dpr}px`;
    draw(canvas, fig, dpr, false);
    canvas.dataset.drawn = '1';
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
  const input = $('#file-input');
  $('#choose').addEventListener('click', () => input.click());
  input.addEventListener('change', async () => {
    if (input.files && input.files[0]) await loadFile(input.files[0]);
    input.value = '';
  });
  $('#load-sample').addEventListener('click', () => loadSample());

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

  let pending = 0;
  new ResizeObserver(() => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(drawAll);
  }).observe($('#report'));
  // A change of devicePixelRatio (zoom, moving to another screen) needs a redraw.
  const watchDpr = () => {
    matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`).addEventListener('change', () => { drawAll(); watchDpr(); }, { once: true });
  };
  watchDpr();
}

async function main() {
  try {
    await init();
  } catch (e) {
    setStatus('');
    showError(`the WebAssembly module could not be loaded (${e && e.message ? e.message : e}); run ./build.sh serve and open the page it prints`);
    return;
  }
  setupInput();
  await loadSample();
  document.body.dataset.ready = '1';
}

main();
