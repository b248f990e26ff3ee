// Two editions side by side (issue #17): the heading "A vs B" with both
// files and their respondents, the editions' names to edit, how the
// questions and their options were matched (each pairing correctable),
// "What changed" and one figure per compared question. Rust matched,
// counted and tested everything (Workbench.compare); this only places it,
// and turns the person's choices into the pairing the next render sends.

import { el } from '../../dom.js';
import { groupDigits, plural, shorten } from '../format.js';
import { fillOnFirstUse } from '../lazy-select.js';
import { state } from '../state.js';
import { figureBlock } from './figure.js';

const $ = (sel) => document.querySelector(sel);

/** Made once: a confidence (0..1, from Rust) written as a percent, and counts with thousands separators. */
const PERCENT = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 0 });

/** Characters of a question's header shown in a select or a table cell. */
const HEADER_CHARS = 90;

/** The comparison's section of the page, made once and kept after "How the file was read". */
function section() {
  let s = $('#compare');
  if (s) return s;
  s = el('section', { id: 'compare', class: 'compare', 'aria-labelledby': 'compare-h' },
    el('h2', { id: 'compare-h' }),
    el('ul', { id: 'compare-editions', class: 'compare-editions' }),
    el('div', { class: 'edition-names', role: 'group', 'aria-labelledby': 'edition-names-label' },
      el('span', { id: 'edition-names-label', class: 'small' }, 'Names of the editions:'),
      nameField('a'), nameField('b')),
    el('p', { id: 'compare-error', class: 'warn compare-error', role: 'alert', hidden: true }),
    el('details', { id: 'compare-matching', class: 'compare-matching' },
      el('summary', {}, 'How the questions were matched: ', el('span', { id: 'compare-matching-summary' }), ' ', el('span', { class: 'reading-more' }, 'pair or unpair them')),
      el('p', { class: 'small' }, 'Questions are matched by their code where both files ask the same question under it, else by their wording and options. Pick another question of B for a question of A, or “not compared”: the comparison is made again at once. Options are matched the same way; an option one edition does not offer is shown as “not offered”, never as 0%.'),
      ...matchTable('Questions of both editions', 'compare-matched', ['Question of A', 'Paired with, in B', 'Match']),
      ...matchTable('Only in A', 'compare-only-a', ['Question of A', 'Kind', 'Pair it with, in B']),
      ...matchTable('Only in B', 'compare-only-b', ['Question of B', 'Kind'])),
    el('section', { id: 'compare-changed', class: 'compare-changed', 'aria-labelledby': 'compare-changed-h' },
      el('h2', { id: 'compare-changed-h' }, 'What changed'),
      el('div', { id: 'compare-text', class: 'prose' })),
    el('div', { class: 'figures compare-figures', 'data-section': 'compare' }));
  return s;
}

/** The input naming edition `side` ('a' or 'b'); a change sends the new names. */
/** A heading and an empty table with column headings `heads`, for the matching panel. */
function matchTable(heading, id, heads) {
  return [
    el('h3', {}, heading),
    el('div', { class: 'table-wrap' }, el('table', { id },
      el('thead', {}, el('tr', {}, ...heads.map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody'))),
  ];
}

function nameField(side) {
  const id = `edition-${side}`;
  return el('span', { class: 'edition-name' },
    el('label', { for: id }, `Edition ${side.toUpperCase()}`), ' ',
    el('input', { type: 'text', id, maxlength: 60, autocomplete: 'off', 'data-edition': side }));
}

/** What the section's controls call: `repair(change, what)` (session.js), set by each render. */
const wiring = { repair: null };

/** Wires the names' inputs once: they call the repair of the report shown. */
function wireNames() {
  const inputs = ['a', 'b'].map((side) => $(`#edition-${side}`));
  if (inputs[0].dataset.wired) return;
  for (const input of inputs) {
    input.dataset.wired = '1';
    input.addEventListener('change', () => {
      const c = state.out?.comparison;
      if (!c || !wiring.repair) return;
      // An emptied name goes back to the one the file gives (Rust makes it).
      const names = inputs.map((i) => i.value.trim());
      const said = names.map((n, i) => n || `the file's name for ${'AB'[i]}`);
      wiring.repair((p) => { p.names = names; }, `the names ${said[0]} and ${said[1]}`);
    });
  }
}

/** One edition in the heading's list: "A: 2020 · kaggle-survey-2020.zip · 20,036 respondents · Filtered: …". */
function editionLine(letter, e) {
  return el('li', { 'data-edition': letter },
    el('strong', {}, `${letter}: ${e.name}`),
    ` · ${e.file} · ${groupDigits(e.respondents)} ${e.respondents === 1 ? 'respondent' : 'respondents'}`,
    e.analysis ? el('span', { class: 'small' }, ` · ${e.analysis}`) : null);
}

/**
 * "What changed": the comparison's sentences, a heading and its paragraphs
 * per part. A first part headed "What changed …" heads the section instead.
 */
function renderText(c) {
  const lead = c.text[0]?.heading && /^what changed/i.test(c.text[0].heading) ? c.text[0] : null;
  $('#compare-changed-h').textContent = lead ? lead.heading : 'What changed';
  $('#compare-text').replaceChildren(...c.text.flatMap((part) => [
    part !== lead && part.heading ? el('h3', { 'data-text': part.id }, part.heading) : null,
    ...part.paragraphs.map((p) => el('p', { 'data-text-of': part.id }, p)),
  ].filter(Boolean)));
}

/** Every question of B a question of A can be paired with: those matched and those only in B. */
function questionsOfB(c) {
  const matched = c.questions.map((q) => ({ id: q.b_id, header: q.b_header }));
  return [...matched, ...c.unmatched_b.map((q) => ({ id: q.id, header: q.header }))];
}

/**
 * A select pairing question `aId` of A with a question of B (`current`, or
 * none): it holds its choice until first used, then every question of B.
 */
function pairSelect(aId, aHeader, current, c) {
  const option = (q) => el('option', { value: q.id, selected: q.id === current?.id }, shorten(q.header, HEADER_CHARS));
  const none = () => el('option', { value: '', selected: !current }, 'not compared');
  const select = el('select', { 'aria-label': `Question of B paired with “${shorten(aHeader, HEADER_CHARS)}”`, 'data-pair': aId },
    none(), current ? option(current) : null);
  fillOnFirstUse(select, () => [none(), ...questionsOfB(c).map(option)]);
  select.addEventListener('change', () => {
    const b = select.value;
    const words = b
      ? `the pairing of “${shorten(aHeader, 50)}” with “${shorten(select.selectedOptions[0]?.textContent || b, 50)}”`
      : `the unpairing of “${shorten(aHeader, 50)}”`;
    wiring.repair((p) => {
      // A question of A, and one of B, is in one pair at most.
      p.pairs = p.pairs.filter((x) => x.a !== aId && (!b || x.b !== b));
      p.unpaired = p.unpaired.filter((x) => x !== aId);
      if (b) p.pairs.push({ a: aId, b });
      else p.unpaired.push(aId);
    }, words);
  });
  return select;
}

/** How a question was matched: "93% · similar text and options", or "you". */
function matchWords(q) {
  return q.matched_by === 'you' ? 'paired by you' : `${PERCENT.format(q.confidence)} · ${q.matched_by}`;
}

/**
 * The option pairs of compared question `q`, folded: a select per option of
 * A naming its option in B ("not offered in B" unpairs it), and the options
 * only B offers. Built when first opened; null for a question not compared.
 */
function optionPairs(q) {
  if (!q.figure || !q.options.length) return null;
  const inB = q.options.filter((o) => o.b_label !== null).map((o) => o.b_label);
  const paired = q.options.filter((o) => o.a_label !== null && o.b_label !== null).length;
  const onlyA = q.options.filter((o) => o.b_label === null).length;
  const onlyB = q.options.filter((o) => o.a_label === null).length;
  const summary = [`${paired} paired`, onlyA ? `${onlyA} only in A` : null, onlyB ? `${onlyB} only in B` : null].filter(Boolean).join(', ');
  const box = el('details', { class: 'option-pairs', 'data-options-of': q.a_id }, el('summary', {}, `Options of “${shorten(q.a_header, 60)}”: ${summary}`));
  box.addEventListener('toggle', () => {
    if (!box.open || box.dataset.built) return;
    box.dataset.built = '1';
    box.append(el('table', { class: 'data-table' },
      el('caption', { class: 'visually-hidden' }, `Options of “${shorten(q.a_header, HEADER_CHARS)}” in A and in B`),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'In A'), el('th', { scope: 'col' }, 'In B'), el('th', { scope: 'col' }, 'Matched'))),
      el('tbody', {}, ...q.options.map((o) => optionRow(q, o, inB)))));
  });
  return box;
}

/** One option of question `q`: its label in A and a select of B's labels, or a label only B offers. */
function optionRow(q, o, inB) {
  const how = o.matched_by === 'you' ? 'by you' : o.matched_by || '';
  if (o.a_label === null) {
    return el('tr', { 'data-option-b': o.b_label }, el('td', {}, el('span', { class: 'small' }, 'not offered in A')), el('td', {}, o.b_label), el('td', { class: 'small' }, 'only in B'));
  }
  const option = (label) => el('option', { value: label, selected: label === o.b_label }, label);
  const select = el('select', { 'aria-label': `Option of B paired with “${o.a_label}” (${shorten(q.a_header, 60)})`, 'data-option-a': o.a_label },
    el('option', { value: '', selected: o.b_label === null }, 'not offered in B'), ...inB.map(option));
  select.addEventListener('change', () => {
    const b = select.value || null;
    wiring.repair((p) => {
      p.options = p.options.filter((x) => !(x.question === q.a_id && x.a === o.a_label));
      p.options.push({ question: q.a_id, a: o.a_label, b });
    }, b ? `the option “${o.a_label}” paired with “${b}”` : `the option “${o.a_label}” unpaired`);
  });
  return el('tr', {}, el('th', { scope: 'row' }, o.a_label), el('td', {}, select), el('td', { class: 'small' }, how));
}

/** The matching panel: the questions of both editions, those only in A (each pairable), those only in B. */
function renderMatching(c) {
  const compared = c.questions.filter((q) => q.figure).length;
  $('#compare-matching-summary').textContent = [
    `${plural(c.questions.length, 'question', 'questions')} in both (${compared} compared)`,
    `${c.unmatched_a.length} only in A`,
    `${c.unmatched_b.length} only in B`,
  ].join(', ');
  // Each question's option pairs fold out in a row of their own, as wide as the table.
  $('#compare-matched tbody').replaceChildren(...c.questions.flatMap((q) => {
    const row = el('tr', { 'data-matched': q.a_id },
      el('th', { scope: 'row' }, shorten(q.a_header, HEADER_CHARS), el('div', { class: 'small' }, `${q.a_id} · ${q.kind}${q.grid ? ' · grid: top-two boxes' : ''}`)),
      el('td', {}, pairSelect(q.a_id, q.a_header, { id: q.b_id, header: q.b_header }, c),
        el('div', { class: 'small' }, q.b_header !== q.a_header ? `${q.b_id}: ${shorten(q.b_header, HEADER_CHARS)}` : q.b_id)),
      el('td', { class: 'small', 'data-match': q.matched_by }, matchWords(q), q.reason ? el('div', {}, `not compared: ${q.reason}`) : null));
    const options = optionPairs(q);
    return options ? [row, el('tr', { class: 'options-row', 'data-options-row': q.a_id }, el('td', { colspan: 3 }, options))] : [row];
  }));
  $('#compare-only-a tbody').replaceChildren(...c.unmatched_a.map((q) => el('tr', { 'data-unmatched-a': q.id },
    el('th', { scope: 'row' }, shorten(q.header, HEADER_CHARS), el('div', { class: 'small' }, q.id)),
    el('td', { class: 'small' }, q.kind),
    el('td', {}, pairSelect(q.id, q.header, null, c)))));
  $('#compare-only-b tbody').replaceChildren(...c.unmatched_b.map((q) => el('tr', { 'data-unmatched-b': q.id },
    el('th', { scope: 'row' }, shorten(q.header, HEADER_CHARS), el('div', { class: 'small' }, q.id)),
    el('td', { class: 'small' }, q.kind))));
}

/** The figures of the compared questions, each with where its two questions come from; canvases go into `canvases`. */
function renderFigures(c, figures, canvases) {
  const byId = new Map(figures.map((f) => [f.id, f]));
  const blocks = c.questions.filter((q) => q.figure && byId.has(q.figure)).map((q) => el('div', { class: 'compare-question', 'data-compare-question': q.a_id },
    figureBlock(byId.get(q.figure), canvases),
    el('p', { class: 'small compare-source' }, `A: ${q.a_id} · B: ${q.b_id}${q.b_header !== q.a_header ? ` (“${shorten(q.b_header, HEADER_CHARS)}”)` : ''} · ${q.matched_by === 'you' ? 'paired by you' : `matched by ${q.matched_by} (${PERCENT.format(q.confidence)})`}`)));
  document.querySelector('.compare-figures').replaceChildren(...blocks);
}

/**
 * Puts the comparison of the worker's answer `out` on the page (the
 * section made once, after "How the file was read"); the figures'
 * canvases go into `canvases`. `repair(change, what)` applies a change of
 * the pairing. A pairing Rust refused is its message, and no figure.
 */
export function renderComparison(out, canvases, { repair }) {
  wiring.repair = repair;
  const s = section();
  $('#reading').after(s);
  wireNames();
  const c = out.comparison;
  const error = $('#compare-error');
  error.hidden = !out.compareError;
  error.textContent = out.compareError ? `The comparison could not be made: ${out.compareError}.` : '';
  if (!c) {
    $('#compare-h').textContent = 'Comparison';
    for (const id of ['#compare-editions', '#compare-text', '.compare-figures', '#compare-matched tbody', '#compare-only-a tbody', '#compare-only-b tbody']) $(id).replaceChildren();
    return;
  }
  $('#compare-h').textContent = `${c.a.name} vs ${c.b.name}`;
  $('#compare-editions').replaceChildren(editionLine('A', c.a), editionLine('B', c.b));
  $('#edition-a').value = c.a.name;
  $('#edition-b').value = c.b.name;
  renderMatching(c);
  renderText(c);
  renderFigures(c, out.compareFigures || [], canvases);
}

/** Shows the page as a comparison (true) or as the single report; the controls follow. */
export function showComparing(comparing) {
  if (comparing) document.body.dataset.compare = '1';
  else delete document.body.dataset.compare;
  $('#compare-stop').hidden = !comparing;
  // The toc's link to the comparison, after "How the file was read" (style.css hides it when not comparing).
  if (comparing && !$('.toc a[href="#compare"]')) $('.toc a[href="#reading"]').after(el('a', { href: '#compare' }, 'Comparison'));
}
