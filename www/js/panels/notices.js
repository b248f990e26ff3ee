// The notices under the reading facts: rows set aside, questions missing,
// the reader's warnings, the switch for missing-value markers, preset
// options the file does not offer, and the rule options to map by hand.

import { el } from '../../dom.js';
import { shorten } from '../format.js';

/** The switch for missing-value markers (`nan`): read as no answer (the notices say where) or counted. */
function markerItems(r, overrides, correct) {
  const kept = Boolean(overrides.keep_markers);
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
function ruleOptionItems(r, overrides, correct) {
  const m = r.maturity;
  if (!m) return [];
  const q = r.questions.find((x) => x.id === m.question);
  if (!q) return [];
  const mapped = (overrides.options || {})[q.id] || {};
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

/** The paper's questions this file does not ask, one line each. */
function missingItems(r) {
  return r.missing.map((m) => el('li', { 'data-missing': m.id },
    `Not in this file: “${m.header}”${m.figure ? ` (${m.figure})` : ''}. Its figure and claims are marked, the rest is reported.`));
}

/** The notes on the paper's questionnaire: its questions this file does not ask, its options a question does not offer. */
export function paperNotes(r) {
  return [...missingItems(r), ...notOfferedItems(r)];
}

/**
 * Fills #notices for report `r` read with `overrides`; `correct` applies a
 * change. What asks for attention (rows set aside, the reader's warnings,
 * the switches) is shown; the notes on the paper's questionnaire (questions
 * and options this file lacks) fold into one line that opens them, so the
 * figures stay on the first screen. `withNotes`: false when the paper's
 * folded part lists them itself (a survey that is not the paper's).
 */
export function renderNotices(r, overrides, { correct }, withNotes = true) {
  const items = [];
  for (const s of r.rows.set_aside) {
    items.push(el('li', { class: 'warn' }, `${s.count} row(s) set aside: ${s.reason} (rows ${s.rows.join(', ')}${s.count > s.rows.length ? ', …' : ''})`));
  }
  for (const n of r.notices) {
    items.push(el('li', { class: 'warn' }, n.message));
  }
  items.push(...markerItems(r, overrides, correct), ...ruleOptionItems(r, overrides, correct));
  const notes = withNotes ? paperNotes(r) : [];
  if (notes.length) {
    items.push(el('li', { class: 'notes' }, el('details', {},
      el('summary', {}, notes.length === 1 ? '1 note on the paper’s questionnaire' : `${notes.length} notes on the paper’s questionnaire`),
      el('ul', {}, ...notes))));
  }
  document.querySelector('#notices').replaceChildren(...items);
}
