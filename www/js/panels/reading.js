// "How the file was read": the facts of the reading (encoding, rows,
// questionnaire), which question feeds each figure of the paper, and every
// question of the file with its kind, each correctable.

import { kinds } from '../../pkg/survey_report.js';
import { el } from '../../dom.js';
import { groupDigits, plural, shorten } from '../format.js';
import { fillOnFirstUse } from '../lazy-select.js';

const $ = (sel) => document.querySelector(sel);

/** Questions listed in the reading panel at a time; "Show more" lists the next ones. */
const COLUMN_PAGE = 300;


/** How a delimiter is named in the summary line (one character is hard to see). */
const DELIMITER_NAMES = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe', tab: 'tab' };

/**
 * The panel's one summary line: encoding · delimiter · rows used and set
 * aside · header layout (without its list of tools that write it).
 */
function summaryLine(out) {
  const r = out.report;
  const delimiter = DELIMITER_NAMES[r.input.delimiter] ?? `“${r.input.delimiter}”`;
  const setAside = out.rows_set_aside ? `${groupDigits(out.rows_set_aside)} set aside` : 'none set aside';
  const rows = `${groupDigits(r.rows.used)} ${r.rows.used === 1 ? 'row' : 'rows'} used, ${setAside}`;
  const layout = String(r.input.layout).replace(/\s*\(.*\)$/, '');
  return [r.input.encoding, `${delimiter} delimiter`, rows, layout, ...(r.input.container ? [`from ${r.input.container}`] : [])].join(' · ');
}

/** The summary line and the facts list of the panel, from the worker's answer `out`. */
export function renderFacts(out) {
  const line = summaryLine(out);
  $('#reading-summary').textContent = line;
  $('#reading-print').textContent = line;
  const r = out.report;
  const facts = [
    ['Encoding', r.input.encoding],
    ['Delimiter', r.input.delimiter],
    ['Columns', r.input.columns],
    ['Rows read', r.rows.read],
    ['Rows used', r.rows.used],
    ['Rows set aside', out.rows_set_aside],
    ['Header layout', r.input.layout],
    ...(r.input.container ? [['Unpacked from', r.input.container]] : []),
    ['Questionnaire', `${r.preset.title}: ${plural(r.questions.filter((q) => q.role).length, 'of its questions', 'of its questions')} found; ${plural(r.questions.filter((q) => !q.role).length, 'other question', 'other questions')}`],
  ];
  $('#reading-facts').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, String(v))]));
}

/** Which question of the file feeds each part of the paper; `correct` applies a choice. */
export function renderRoles(r, { correct }) {
  const usable = r.questions.filter((q) => q.kind !== 'skipped');
  $('#roles tbody').replaceChildren(...r.mapping.map((m) => {
    const option = (q) => el('option', { value: q.key, selected: q.id === m.question }, shorten(q.header, 90));
    const chosen = usable.find((q) => q.id === m.question);
    const select = el('select', { 'aria-label': `Question feeding ${m.title}`, 'data-role': m.role },
      el('option', { value: '' }, 'not in file'), chosen ? option(chosen) : null);
    fillOnFirstUse(select, () => [el('option', { value: '' }, 'not in file'), ...usable.map(option)]);
    select.addEventListener('change', () => correct((o) => { o.roles[m.role] = select.value || null; },
      select.value ? `${m.title} from “${shorten(select.selectedOptions[0]?.textContent || select.value, 60)}”` : `${m.title} not in the file`));
    return el('tr', { 'data-role-row': m.role },
      el('th', { scope: 'row', 'data-label': 'Figure / part of the analysis' }, m.figure ? `${m.figure}: ` : '', m.title, el('div', { class: 'small' }, m.guessed ? (m.question ? 'guessed from header and options' : 'nothing in the file fits') : 'set by you')),
      el('td', { 'data-label': 'Question of this file' }, select));
  }));
}

function kindSelect(q, kindNames, correct) {
  const select = el('select', { 'aria-label': `Kind of “${q.header}”`, 'data-question': q.key },
    ...kindNames.map((k) => el('option', { value: k, selected: k === q.kind }, k)));
  select.addEventListener('change', () => correct((o) => { o.kinds[q.key] = select.value; }, `“${shorten(q.header, 60)}” read as ${select.value}`));
  return select;
}

function optionPreview(q) {
  if (q.items && q.items.length) return `${q.items.length} items: ${q.items.slice(0, 4).map((i) => i.label).join('; ')}${q.items.length > 4 ? '; …' : ''}`;
  if (q.options && q.options.length) return q.options.slice(0, 5).map((o) => `${o.label} (${o.count})`).join('; ') + (q.options.length > 5 ? `; … ${q.options.length} in all` : '');
  if (q.numbers) return `from ${q.numbers.min} to ${q.numbers.max}`;
  if (q.samples && q.samples.length) return `${q.samples.length}+ distinct answers`;
  return '';
}

/** Every question of the file, a page at a time, with its kind to correct. */
export function renderColumns(r, { correct }) {
  const kindNames = kinds();
  const names = (cols) => cols.map((c) => c + 1).join(', ');
  const row = (q) => el('tr', { 'data-question': q.key },
    el('td', { class: 'num', 'data-label': 'Columns' }, names(q.columns)),
    el('th', { scope: 'row', 'data-label': 'Question' }, q.header, q.role ? el('div', { class: 'small' }, `feeds “${q.role}”${q.figure ? ` (${q.figure})` : ''}`) : null),
    el('td', { 'data-label': 'Kind' }, kindSelect(q, kindNames, correct), el('div', { class: 'small' }, q.reason)),
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
