// Filters: the chips above the report (each filter with the respondents
// left, a click removes it), "Clear filters", the filter bar (a question
// and any of its answers), and what a click on a bar or a row's button in a
// figure's table asks for. The counting is Rust's (report.selection); this
// only edits the list of filters and says it.

import { el } from '../../dom.js';
import { shorten } from '../format.js';
import { fillOnFirstUse } from '../lazy-select.js';
import { state } from '../state.js';

const $ = (sel) => document.querySelector(sel);

/** A question's header as figures' subtitles shorten it (Rust's `short`, 48 characters). */
const HEADER_CHARS = 48;

/** Most answers the filter bar lists as checkboxes for one question. */
const MAX_FILTER_OPTIONS = 60;

/**
 * What the filter controls call: `analyze(change, what)` (session.js), and
 * the questions the bar offers for the report shown, both set by renderFilters.
 */
const wiring = { analyze: null, questions: [] };

/** The header of report question `id`, shortened, or the id itself. */
function headerOf(id) {
  const q = state.out?.report.questions.find((x) => x.id === id);
  return shorten(q ? q.header : id, HEADER_CHARS);
}

/** "Company size = 151-500 or 501-1000". */
export function filterWords(question, options, header = headerOf(question)) {
  return `${shorten(header, HEADER_CHARS)} = ${options.join(' or ')}`;
}

/**
 * Filters the report to the respondents who gave answer(s) `options` to
 * question `question` (replacing that question's filter; the same single
 * answer again removes it).
 */
export function filterTo(question, options) {
  const current = state.analysis.filters.find((f) => f.question === question);
  const same = current && current.options.length === options.length && current.options.every((o) => options.includes(o));
  const words = filterWords(question, options);
  return wiring.analyze((a) => {
    a.filters = a.filters.filter((f) => f.question !== question);
    if (!same) a.filters.push({ question, options: [...options] });
  }, same ? `the removal of the filter ${words}` : `the filter ${words}`);
}

/** Removes the filter on `question`. */
function removeFilter(question, words) {
  return wiring.analyze((a) => {
    a.filters = a.filters.filter((f) => f.question !== question);
  }, `the removal of the filter ${words}`);
}

/**
 * The options a drawn row stands for in the report: its label, or, in a
 * figure a person edited, the labels it was renamed from or merged out of.
 */
export function rowOptions(label, edits) {
  if (!edits) return [label];
  const renamed = Object.entries(edits.rename || {}).filter(([, to]) => to === label).map(([from]) => from);
  const names = renamed.length ? renamed : [label];
  return names.flatMap((name) => (edits.merge || []).find((m) => m.into === name)?.labels || [name]);
}

/** The questions the filter bar offers: those with answers to choose (Rust refuses the rest by name). */
function filterable(report) {
  return report.questions.filter((q) => ['single', 'multi', 'rating'].includes(q.kind) && q.options && q.options.length >= 1);
}

/** The chips of the filters applied, the selection line and "Clear filters". */
function renderChips(report) {
  const sel = report.selection;
  const filters = sel ? sel.filters : [];
  const n = sel ? sel.respondents : report.respondents;
  $('#selection-line').textContent = sel ? sel.label : `Every respondent (n = ${report.respondents}).`;
  $('#filter-chips').replaceChildren(...filters.map((f) => {
    const words = filterWords(f.question, f.options, f.header);
    // Its name is its visible words after "Remove the filter", so speech input finds it by what it says.
    const chip = el('button', { type: 'button', class: 'chip', 'data-filter': f.question },
      el('span', { class: 'visually-hidden' }, 'Remove the filter '), words,
      el('span', { class: 'chip-n' }, ` · n = ${n}`), el('span', { class: 'chip-x', 'aria-hidden': 'true' }, ' ×'));
    chip.addEventListener('click', () => removeFilter(f.question, words).then(() => $('#filter-chips .chip, #filter-question')?.focus()));
    return el('li', {}, chip);
  }));
  $('#clear-filters').hidden = filters.length === 0;
  // Unfiltered, the line says nothing the status line does not: it shows with a filter.
  $('#analyze .selection').hidden = filters.length === 0;
}

/** The answers of question `id` as checkboxes, those of its filter checked. */
function optionBoxes(report, id) {
  const q = report.questions.find((x) => x.id === id);
  const box = $('#filter-options');
  const legend = el('legend', {}, q ? `Answers to “${shorten(q.header, 80)}” (any of them)` : 'Answers');
  if (!q) {
    box.replaceChildren(legend);
    box.hidden = true;
    return;
  }
  const chosen = new Set(state.analysis.filters.find((f) => f.question === id)?.options || []);
  const shown = q.options.slice(0, MAX_FILTER_OPTIONS);
  const boxes = shown.map((o, i) => {
    const input = el('input', { type: 'checkbox', id: `filter-opt-${i}`, value: o.label, checked: chosen.has(o.label) });
    return el('label', { class: 'filter-option', for: `filter-opt-${i}` }, input, ` ${o.label} `, el('span', { class: 'small' }, `(${o.count})`));
  });
  // replaceChildren writes a null as the text "null": only nodes are passed.
  const more = q.options.length > shown.length
    ? [el('p', { class: 'small' }, `The ${shown.length} most chosen of ${q.options.length} answers are listed; click a bar for another.`)]
    : [];
  box.replaceChildren(legend, ...boxes, ...more);
  box.hidden = false;
}

/** The filter bar: which question, which of its answers, Apply. */
function renderBar(report) {
  const select = $('#filter-question');
  const questions = filterable(report);
  wiring.questions = questions;
  const was = select.value;
  const current = questions.find((q) => q.id === was);
  // Only the current choice until the select is first used again (wireBar fills it).
  select.replaceChildren(el('option', { value: '' }, 'choose a question'), ...(current ? [questionOption(current)] : []));
  delete select.dataset.filled;
  select.value = current ? was : '';
  optionBoxes(report, select.value);
  $('#filter-apply').disabled = !select.value;
}

const questionOption = (q) => el('option', { value: q.id }, shorten(q.header, 80));

/** Wires the filter bar's controls once. */
function wireBar() {
  const select = $('#filter-question');
  if (select.dataset.wired) return;
  select.dataset.wired = '1';
  // One listener for every report: it lists the questions of the report shown.
  fillOnFirstUse(select, () => [el('option', { value: '' }, 'choose a question'), ...wiring.questions.map(questionOption)]);
  select.addEventListener('change', () => {
    optionBoxes(state.out.report, select.value);
    $('#filter-apply').disabled = !select.value;
  });
  $('#filter-apply').addEventListener('click', () => {
    const id = select.value;
    if (!id) return;
    const options = [...document.querySelectorAll('#filter-options input:checked')].map((i) => i.value);
    if (!options.length) {
      const current = state.analysis.filters.find((f) => f.question === id);
      if (current) removeFilter(id, filterWords(id, current.options));
      else $('#filter-note').textContent = 'Tick one or more answers first.';
      return;
    }
    $('#filter-note').textContent = '';
    const words = filterWords(id, options);
    wiring.analyze((a) => {
      a.filters = a.filters.filter((f) => f.question !== id);
      a.filters.push({ question: id, options });
    }, `the filter ${words}`).then(() => $('#filter-apply')?.focus());
  });
  $('#clear-filters').addEventListener('click', () => {
    wiring.analyze((a) => { a.filters = []; }, 'the removal of every filter').then(() => $('#filter-question')?.focus());
  });
}

/** The filters part of the page for report `report`; `analyze` applies a change (session.js). */
export function renderFilters(report, { analyze }) {
  wiring.analyze = analyze;
  wireBar();
  renderChips(report);
  renderBar(report);
}
