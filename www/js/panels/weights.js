// The weights panel: weight the respondents by a column of the file, or
// rake them to target shares a person types for one or more margins (a
// table per margin, prefilled with this sample's shares), with an optional
// cap; then what Rust says of the weights it made (report.weights): method,
// iterations, convergence, min / median / max, efficiency, effective n,
// respondents set aside and why, and its warning. Rust makes and checks
// every weight; this only collects what the person asks for.

import { el } from '../../dom.js';
import { shorten } from '../format.js';
import { state } from '../state.js';

const $ = (sel) => document.querySelector(sel);

/**
 * What the person is choosing, kept across re-renders until applied:
 * `method` ('none' | 'column' | 'rake'), `column`, `margins` (question id ->
 * option label -> the target typed, in percent, as text), `trim` (text).
 * `from`: the applied weighting it was made from (JSON), so a new one (a
 * link, Cancel) starts it afresh.
 */
const draft = { from: null, method: 'none', column: '', margins: new Map(), trim: '' };

/** A share (0-1, from Rust) as the percent a target input holds. */
const asPercent = (share) => String(Math.round(share * 1000) / 10);

function resetDraft(weighting) {
  draft.from = JSON.stringify(weighting);
  draft.method = weighting ? (weighting.method === 'column' ? 'column' : 'rake') : 'none';
  draft.column = weighting?.method === 'column' ? weighting.column : '';
  draft.trim = weighting?.trim ? String(weighting.trim) : '';
  draft.margins = new Map();
  if (weighting?.method === 'rake') {
    for (const [id, targets] of Object.entries(weighting.targets)) {
      draft.margins.set(id, new Map(Object.entries(targets).map(([label, share]) => [label, asPercent(share)])));
    }
  }
}

/** The weighting to send for the draft, or throws saying what is missing. */
function weightingOfDraft() {
  const trimText = draft.trim.trim();
  const trim = trimText === '' ? null : Number(trimText);
  if (trim !== null && !(Number.isFinite(trim) && trim > 0)) throw new Error(`the cap “${trimText}” is not a positive number`);
  if (draft.method === 'none') return null;
  if (draft.method === 'column') {
    if (!draft.column) throw new Error('choose a weight column first');
    return { method: 'column', column: draft.column, trim };
  }
  if (!draft.margins.size) throw new Error('add a margin to rake to first');
  const targets = {};
  for (const [id, byLabel] of draft.margins) {
    targets[id] = {};
    for (const [label, text] of byLabel) {
      const value = Number(String(text).trim());
      if (String(text).trim() === '' || !Number.isFinite(value) || value < 0) throw new Error(`the target for “${label}” is not a percentage`);
      targets[id][label] = value / 100;
    }
  }
  return { method: 'rake', targets, trim };
}

/** The method radios. */
function methodChoice(redraw) {
  const radio = (value, label) => {
    const input = el('input', { type: 'radio', name: 'weight-method', id: `weight-method-${value}`, value, checked: draft.method === value });
    input.addEventListener('change', () => {
      draft.method = value;
      redraw();
    });
    return el('label', { class: 'weight-method', for: `weight-method-${value}` }, input, ` ${label}`);
  };
  return el('fieldset', { class: 'weights-method' }, el('legend', {}, 'Weight the respondents'),
    radio('none', 'not weighted'), radio('column', 'by a column of the file'), radio('rake', 'raked to target shares'));
}

/** The weight column select: the columns Rust found numeric, those named like a weight first. */
function columnChoice(report) {
  const columns = [...report.weight_columns].sort((a, b) => Number(b.detected) - Number(a.detected));
  if (!columns.length) return el('p', { class: 'small' }, 'No column of this file holds only numbers of 0 or more, so none can be a weight column.');
  if (!draft.column) draft.column = columns[0].column;
  const select = el('select', { id: 'weight-column' },
    el('option', { value: '' }, 'none'),
    ...columns.map((c) => el('option', { value: c.column, selected: c.column === draft.column }, `${shorten(c.column, 70)}${c.detected ? ' (looks like a weight)' : ''}`)));
  select.addEventListener('change', () => {
    draft.column = select.value;
  });
  return el('p', {}, el('label', { for: 'weight-column' }, 'Weight column '), select);
}

/** One margin's table: option, target share (typed), this sample's share. */
function marginTable(choice, redraw) {
  const targets = draft.margins.get(choice.id);
  const remove = el('button', { type: 'button', class: 'button small-button', 'data-remove-margin': choice.id }, 'Remove', el('span', { class: 'visually-hidden' }, ` the margin “${shorten(choice.header, 60)}”`));
  remove.addEventListener('click', () => {
    draft.margins.delete(choice.id);
    redraw();
    $('#rake-add')?.focus();
  });
  const rows = choice.options.map((o, i) => {
    const id = `target-${choice.id}-${i}`;
    const input = el('input', {
      type: 'number', id, class: 'target-input', min: '0', max: '100', step: '0.1', value: targets.get(o.label) ?? asPercent(o.share),
      'data-margin': choice.id, 'data-option': o.label,
    });
    input.addEventListener('input', () => targets.set(o.label, input.value));
    return el('tr', {},
      el('th', { scope: 'row' }, el('label', { for: id }, o.label)),
      el('td', { class: 'num' }, input, ' %'),
      el('td', { class: 'num' }, `${asPercent(o.share)}%`, el('span', { class: 'small' }, ` (${o.count})`)));
  });
  return el('div', { class: 'margin', 'data-margin': choice.id },
    el('div', { class: 'table-wrap' }, el('table', { class: 'margin-table' },
      el('caption', {}, shorten(choice.header, 90), ' ', remove),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Answer'), el('th', { scope: 'col', class: 'num' }, 'Target share'), el('th', { scope: 'col', class: 'num' }, 'This sample'))),
      el('tbody', {}, ...rows))));
}

/** The raking part: a table per margin and a select to add one. */
function rakeChoice(margins, redraw) {
  const byId = new Map(margins.map((m) => [m.id, m]));
  // A margin of a link whose question this reading lacks is left for Rust to name.
  const tables = [...draft.margins.keys()].filter((id) => byId.has(id)).map((id) => marginTable(byId.get(id), redraw));
  const free = margins.filter((m) => !draft.margins.has(m.id));
  const add = el('select', { id: 'rake-add' }, el('option', { value: '' }, 'choose a question'),
    ...free.map((m) => el('option', { value: m.id }, shorten(m.header, 80))));
  const addButton = el('button', { type: 'button', class: 'button small-button', id: 'rake-add-button' }, 'Add margin');
  addButton.addEventListener('click', () => {
    const m = byId.get(add.value);
    if (!m) return;
    draft.margins.set(m.id, new Map(m.options.map((o) => [o.label, asPercent(o.share)])));
    redraw();
    document.querySelector(`#weights-form .margin[data-margin="${CSS.escape(m.id)}"] input`)?.focus();
  });
  return el('div', { class: 'rake' },
    el('p', { class: 'small' }, 'Type the share each answer has in the population; they start at this sample’s shares. Respondents who did not answer a margin’s question keep their weight for it.'),
    ...tables,
    el('p', {}, el('label', { for: 'rake-add' }, 'Add a margin '), add, ' ', addButton));
}

function trimInput() {
  const input = el('input', { type: 'number', id: 'weight-trim', min: '1', step: '0.5', value: draft.trim, placeholder: 'none', class: 'trim-input' });
  input.addEventListener('input', () => {
    draft.trim = input.value;
  });
  return el('p', {}, el('label', { for: 'weight-trim' }, 'Cap each weight at '), input, ' × the mean weight', el('span', { class: 'small' }, ' (empty: no cap)'));
}

/** What Rust says of the weights it made. */
function weightsResult(w) {
  if (!w) return [el('p', { class: 'small' }, 'Not weighted: every respondent counts once.')];
  const pct = (x) => `${(x * 100).toFixed(1)}%`;
  const num = (x) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3));
  const facts = [
    ['Method', w.source === 'column' ? `weight column “${w.column}”` : `raking (${w.margins.map((m) => shorten(m.header, 40)).join(', ')})`],
    ['Iterations', String(w.iterations)],
    ['Converged', w.converged ? 'yes' : 'no'],
    ['Weights (min / median / max)', `${num(w.min)} / ${num(w.median)} / ${num(w.max)}`],
    ['Efficiency', pct(w.efficiency)],
    ['Effective n', w.effective_n.toFixed(0)],
    ['Cap', w.trim ? `${w.trim} × the mean weight, ${w.trimmed} weights cut` : 'none'],
  ];
  const parts = [];
  if (w.warning) parts.push(el('p', { class: 'weights-warning', 'data-weights-warning': '' }, el('strong', {}, 'Warning: '), w.warning));
  parts.push(el('p', { class: 'weights-label' }, w.label));
  parts.push(el('dl', { class: 'facts', id: 'weights-facts' }, ...facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])));
  if (w.set_aside.length) {
    parts.push(el('p', { class: 'small' }, 'Set aside (weight 0):'), el('ul', { class: 'notices', id: 'weights-set-aside' },
      ...w.set_aside.map((s) => el('li', { class: 'warn' }, `${s.count} ${s.count === 1 ? 'respondent' : 'respondents'}: ${s.reason}${s.rows.length ? ` (rows ${s.rows.join(', ')}${s.count > s.rows.length ? ', …' : ''})` : ''}`))));
  }
  for (const m of w.margins) {
    parts.push(el('div', { class: 'table-wrap' }, el('table', { class: 'margin-result', 'data-margin-result': m.question },
      el('caption', {}, `${shorten(m.header, 90)}${m.unanswered ? ` (${m.unanswered} did not answer: weight kept)` : ''}`),
      el('thead', {}, el('tr', {}, ...['Answer', 'Target', 'This sample', 'Weighted'].map((h, i) => el('th', { scope: 'col', class: i ? 'num' : null }, h)))),
      el('tbody', {}, ...m.options.map((o) => el('tr', {}, el('th', { scope: 'row' }, o.label),
        el('td', { class: 'num' }, pct(o.target)), el('td', { class: 'num' }, pct(o.sample)), el('td', { class: 'num' }, pct(o.weighted))))))));
  }
  return parts;
}

/**
 * The weights panel for the worker's answer `out` (`report`, `margins`,
 * `analysis`); `analyze(change, what)` applies a change (session.js).
 */
export function renderWeights(out, { analyze }) {
  const applied = out.analysis.weighting;
  if (draft.from !== JSON.stringify(applied)) resetDraft(applied);
  const w = out.report.weights;
  $('#weights-summary').textContent = w ? shorten(w.summary || w.label, 90) : 'none';
  $('#weights-summary-warn').hidden = !(w && w.warning);
  const note = el('p', { class: 'small', id: 'weights-note', role: 'status' });
  const form = $('#weights-form');
  const redraw = () => {
    const body = draft.method === 'column' ? columnChoice(out.report) : draft.method === 'rake' ? rakeChoice(out.margins, redraw) : null;
    const apply = el('button', { type: 'button', class: 'button', id: 'weights-apply' }, draft.method === 'none' ? 'Apply: no weights' : 'Apply the weights');
    apply.addEventListener('click', () => {
      let weighting;
      try {
        weighting = weightingOfDraft();
      } catch (e) {
        note.textContent = `Not applied: ${e.message}.`;
        return;
      }
      note.textContent = '';
      const what = weighting ? (weighting.method === 'column' ? `the weights of column “${weighting.column}”` : 'the raking weights') : 'the removal of the weights';
      // The form stays as typed: the next report keeps this draft (it is the one applied).
      draft.from = JSON.stringify(weighting);
      analyze((a) => { a.weighting = weighting; }, what).then(() => $('#weights-apply')?.focus());
    });
    form.replaceChildren(methodChoice(redraw), body ?? '', draft.method === 'none' ? '' : trimInput(), el('p', {}, apply), note);
  };
  redraw();
  $('#weights-result').replaceChildren(...weightsResult(w));
}
