// Views and corrections that outlive the page: corrections and figure
// edits kept in localStorage per file, view links (#view=...) read, checked
// and applied to their file, and the links the per-figure menu makes.

import { applyEdits, kinds } from '../pkg/survey_report.js';
import { decodeLink, encodeLink, fragmentText } from '../share.js';
import { formatBytes, messageOf } from './format.js';
import { noAnalysis, splitsObject, state } from './state.js';
import { surveyName } from './panels/survey.js';

const $ = (sel) => document.querySelector(sel);

/** Most splits a link may ask for (a report has one per question at most). */
const MAX_VIEW_SPLITS = 2000;

const isObject = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);

/**
 * Where a file's corrections are kept: its name, size and a fingerprint of its
 * first and last 64 KB (FNV-1a), so the same file dropped again finds them.
 * Only this key is stored, never the content.
 */
export async function keyFor(file) {
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

export function savedCorrections(key) {
  try {
    return JSON.parse(localStorage.getItem(key) || 'null');
  } catch {
    return null;
  }
}

/** Keeps the corrections of the report shown for its file. */
export function saveCorrections() {
  try {
    localStorage.setItem(state.fileKey, JSON.stringify(state.out.overrides));
  } catch {
    // Storage may be full or disabled; the corrections still apply now.
  }
}

/** Forgets the corrections kept for the file shown. */
export function forgetCorrections() {
  localStorage.removeItem(state.fileKey);
}

/**
 * The person's edits of the figures of the file shown (figure id ->
 * FigureEdits, see js/edit.js), kept in localStorage beside its corrections
 * and carried in view links. `pending`: a link's edits, waiting for their file.
 */
const edits = { key: null, byFigure: new Map(), pending: null };

const editsKey = (fileKey) => fileKey.replace(':corrections:', ':edits:');

/** Reads the edits of the file shown once it changes: a link's, else the stored ones. */
function loadEdits() {
  if (edits.key === state.fileKey && !edits.pending) return;
  edits.key = state.fileKey;
  edits.byFigure = new Map();
  const p = edits.pending;
  const file = state.shown && state.shown.file;
  if (p && file && p.file.name === file.name && p.file.size === file.size) {
    edits.pending = null;
    for (const [id, e] of Object.entries(p.edits)) edits.byFigure.set(id, e);
    saveEdits();
    return;
  }
  try {
    const saved = JSON.parse(localStorage.getItem(editsKey(state.fileKey)) || 'null');
    for (const [id, e] of Object.entries(isObject(saved) ? saved : {})) if (isObject(e)) edits.byFigure.set(id, e);
  } catch {
    // Unreadable storage: no edits.
  }
}

function saveEdits() {
  if (!state.fileKey) return;
  try {
    if (edits.byFigure.size) localStorage.setItem(editsKey(state.fileKey), JSON.stringify(editsObject()));
    else localStorage.removeItem(editsKey(state.fileKey));
  } catch {
    // Storage may be full or disabled; the edits still apply now.
  }
}

/** The edits of figure `id` of the file shown, or null. */
export function figureEdits(id) {
  if (!state.fileKey) return null;
  loadEdits();
  return edits.byFigure.get(id) || null;
}

/** Keeps (or, given null, forgets) the edits of figure `id` of the file shown. */
export function setFigureEdits(id, value) {
  loadEdits();
  if (value) edits.byFigure.set(id, value);
  else edits.byFigure.delete(id);
  saveEdits();
}

/** Every figure's edits, as a plain object (for links and storage). */
export function editsObject() {
  return Object.fromEntries(edits.byFigure);
}

/** What the per-figure menu needs from the page: links and file names. */
export const SHARE_CONTEXT = {
  // Quoted answers are respondents' own words: they stay out of links (and
  // so does the alt text, which quotes them; the embed makes its own). An
  // embed has no report to filter, so the question its bars filter by stays
  // out too; what the figure was filtered and weighted by stays in.
  embedUrl: async ({ quotes, alt, filter_by: filterBy, ...fig }) => new URL(`embed.html#${await encodeLink(fig)}`, location.href).href,
  viewUrl: async (fig) => {
    const view = {
      file: { name: state.shown.file.name, size: state.shown.file.size },
      overrides: state.out.overrides,
      splits: splitsObject(),
      focus: fig.id,
    };
    // Filters and weights travel with the view (targets and labels only, never a row).
    const a = state.analysis;
    if (a.filters.length || a.weighting) view.analysis = a;
    loadEdits();
    if (edits.byFigure.size) view.edits = editsObject();
    return new URL(`#view=${await encodeLink(view)}`, location.href).href;
  },
  /** The survey the embed's credit names (the preset's, or the file's own). */
  get surveyTitle() {
    return state.out ? surveyName(state.out.report) : undefined;
  },
  get fileStem() {
    return state.shown ? state.shown.file.name.replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_') : 'survey';
  },
};

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
  // Links made before figures could be edited have no edits; before filters, no analysis.
  return {
    file: v.file, overrides: v.overrides, splits: v.splits, focus: v.focus,
    edits: v.edits === undefined ? {} : v.edits,
    analysis: v.analysis === undefined ? noAnalysis() : v.analysis,
  };
}

/** Reads a view from the address (#view=...), if there is one. */
export async function readViewLink() {
  const hash = location.hash;
  if (!hash.startsWith('#view=')) return;
  try {
    state.pendingView = checkView(await decodeLink(fragmentText(hash.slice('#view='.length))));
  } catch (e) {
    $('#view-note').textContent = `This link's view could not be read: ${messageOf(e)}. The page works as usual: drop a file to see its report.`;
    $('#view-note').hidden = false;
    return;
  }
  const { file } = state.pendingView;
  $('#view-note').textContent = `This link shows a view of ${file.name} (${formatBytes(file.size)}): drop that file on the page to see it. Nothing from the file is in the link.`;
  $('#view-note').hidden = false;
}

/** The link's view, if it was made for this file (same name and size); used once. */
export function takeView(file) {
  const v = state.pendingView;
  if (!v || v.file.name !== file.name || v.file.size !== file.size) return null;
  state.pendingView = null;
  $('#view-note').hidden = true;
  return v;
}

/**
 * Sets aside the parts of a view that cannot apply to any file: a kind that
 * is not one, entries of the wrong shape. Returns the state to send and the
 * refused parts, each named for the status.
 */
export function checkViewParts(view) {
  const refused = [];
  const o = view.overrides;
  const known = kinds();
  const kindOf = {};
  for (const [key, kind] of Object.entries(isObject(o.kinds) ? o.kinds : {})) {
    if (known.includes(kind)) kindOf[key] = kind;
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
  const overrides = { kinds: kindOf, roles, options, keep_markers: o.keep_markers === true };
  // The figure edits wait for the report of this file (js/edit.js applies them).
  const figureEditsAsked = {};
  if (isObject(view.edits)) {
    for (const [id, e] of Object.entries(view.edits)) {
      if (isObject(e)) figureEditsAsked[id] = e;
      else refused.push(`the edits of figure “${id}” (not a set of edits)`);
    }
  } else refused.push('the figure edits (not a list of figures)');
  edits.pending = { file: view.file, edits: figureEditsAsked };
  return { state: { overrides, splits: view.splits, analysis: checkAnalysis(view.analysis, refused) }, refused };
}

const isNumberOrNull = (x) => x === null || x === undefined || (typeof x === 'number' && Number.isFinite(x));

/**
 * The filters and weights of a view, those of the wrong shape set aside
 * into `refused`; whether the file has their questions, answers and
 * columns is Rust's to say (worker.js names each one it refuses).
 */
function checkAnalysis(a, refused) {
  const out = noAnalysis();
  if (!isObject(a)) {
    refused.push('the filters and weights (not a list of filters)');
    return out;
  }
  for (const f of Array.isArray(a.filters) ? a.filters : []) {
    if (isObject(f) && typeof f.question === 'string' && Array.isArray(f.options) && f.options.length && f.options.every((o) => typeof o === 'string')) {
      out.filters.push({ question: f.question, options: f.options });
    } else refused.push(`a filter (${isObject(f) && typeof f.question === 'string' ? `on “${f.question}”, ` : ''}not a question and its answers)`);
  }
  if (a.filters !== undefined && !Array.isArray(a.filters)) refused.push('the filters (not a list)');
  const w = a.weighting;
  if (w === null || w === undefined) return out;
  const targetsOk = (t) => isObject(t) && Object.values(t).every((m) => isObject(m) && Object.values(m).every((x) => typeof x === 'number' && Number.isFinite(x)));
  if (isObject(w) && w.method === 'column' && typeof w.column === 'string' && isNumberOrNull(w.trim)) {
    out.weighting = { method: 'column', column: w.column, trim: w.trim ?? null };
  } else if (isObject(w) && w.method === 'rake' && targetsOk(w.targets) && isNumberOrNull(w.trim)) {
    out.weighting = { method: 'rake', targets: w.targets, trim: w.trim ?? null };
  } else refused.push('the weights (not a weight column or raking targets)');
  return out;
}

/**
 * The parts of a view this file has no place for: a question, role or split
 * it lacks, a split its questions cannot make. Refused splits are dropped
 * from `state.splits`, except one refused for its size: its message stands
 * in its place.
 */
export function viewMisfits(asked, out) {
  const r = out.report;
  const refused = [];
  if (out.overridesDropped) refused.push(`the corrections (${out.overridesDropped})`);
  const keys = new Set(r.questions.map((q) => q.key));
  const ids = new Set(r.questions.map((q) => q.id));
  const roles = new Set(r.mapping.map((m) => m.role));
  const o = asked.overrides;
  for (const key of Object.keys(o.kinds)) if (!keys.has(key)) refused.push(`kind for “${key}” (no such question)`);
  for (const [role, q] of Object.entries(o.roles)) {
    if (!roles.has(role)) refused.push(`role “${role}” (not in the questionnaire)`);
    else if (q !== null && !keys.has(q)) refused.push(`“${role}” from “${q}” (no such question)`);
  }
  for (const id of Object.keys(o.options)) if (!roles.has(id)) refused.push(`the answers named for “${id}” (not in the questionnaire)`);
  for (const [q, sp] of Object.entries(asked.splits)) {
    let why = null;
    if (!ids.has(q)) why = `split of “${q}” (no such question)`;
    else if (!ids.has(sp.by)) why = `split by “${sp.by}” (no such question)`;
    else if (out.splitErrors[q]) {
      refused.push(`split of “${q}” by “${sp.by}” (too large: see the message in its place)`);
      continue;
    } else if (!out.splits[q]) why = `split of “${q}” by “${sp.by}” (not a question it can be split by)`;
    if (why) {
      refused.push(why);
      state.splits.delete(q);
    }
  }
  // Edits of a figure this report lacks, or that it cannot take (a label it
  // does not have), are named and dropped; the figure is drawn as it was built.
  if (edits.pending) {
    const figures = new Map([...out.figures, ...out.every, ...Object.values(out.splits || {})].map((f) => [f.id, f]));
    for (const [id, e] of Object.entries(edits.pending.edits)) {
      const fig = figures.get(id);
      let why = fig ? null : 'not in this report';
      if (fig) {
        try {
          applyEdits(fig, e);
        } catch (err) {
          why = messageOf(err);
        }
      }
      if (why) {
        refused.push(`the edits of figure “${id}” (${why})`);
        delete edits.pending.edits[id];
      }
    }
  }
  return refused;
}
