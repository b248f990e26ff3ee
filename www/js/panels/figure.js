// One figure on the page: a canvas the draw queue fills, its hidden
// caption, the per-figure menu and data table (share.js) and its editor
// (edit.js); or, for a figure whose question is not in the file, the
// message and where to correct it.

import { hitTest } from '../../pkg/survey_report.js';
import { el } from '../../dom.js';
import { altText, figureActions, tableToggle } from '../../share.js';
import { scheduleDraw } from '../draw-queue.js';
import { figureEditor } from '../edit.js';
import { state } from '../state.js';
import { figureEdits, SHARE_CONTEXT } from '../view.js';
import { filterTo, filterWords, rowOptions } from './filters.js';

const captionText = (fig) => `${fig.title}. ${fig.subtitle}`;

/** The report options drawn row `label` of figure `id` stands for (a renamed or merged row: those it was made from). */
const optionsOf = (id, label) => rowOptions(label, figureEdits(id));

/**
 * A click on a bar of a figure that can filter (`filter_by`): Rust finds
 * the row under the pointer from the layout it drew (`hitTest`, at the
 * canvas's own width and pixel ratio), and the report is filtered to those
 * who gave that answer. The figure drawn is read from the page's canvases
 * when clicked, so an edit or a kept canvas is always the one tested.
 */
function clickToFilter(canvas, id, question) {
  canvas.dataset.filterBy = question;
  canvas.addEventListener('click', (e) => {
    const shown = state.current?.canvases.get(id)?.fig;
    if (!shown || shown.body.type !== 'bars') return;
    const rect = canvas.getBoundingClientRect();
    const cssWidth = parseFloat(canvas.style.width) || rect.width;
    const k = rect.width > 0 ? cssWidth / rect.width : 1;
    const hit = hitTest(shown, Math.round(cssWidth), (e.clientX - rect.left) * k, (e.clientY - rect.top) * k, Number(canvas.dataset.dpr) || 1);
    if (!hit) return;
    filterTo(question, optionsOf(id, shown.body.rows[hit.row].label));
  });
}

/**
 * The keyboard's way to the same filter: in the figure's table, each row's
 * answer is a button named "Filter: Company size = 151-500". Rows that are
 * not an answer (a note, a test) stay text.
 */
function filterButtons(fig) {
  if (!fig.filter_by || fig.body.type !== 'bars') return {};
  const labels = new Set(fig.body.rows.map((r) => r.label));
  return {
    rowButton: (label) => {
      if (!labels.has(label)) return null;
      const options = optionsOf(fig.id, label);
      const b = el('button', { type: 'button', class: 'row-filter', 'aria-label': `Filter: ${filterWords(fig.filter_by, options)}`, 'data-filter-option': label }, label);
      b.addEventListener('click', () => filterTo(fig.filter_by, options));
      return b;
    },
  };
}

/** A split's test of independence and its letters, in words under the figure (Rust draws them in it too). */
function testLine(fig) {
  const t = fig.test;
  if (!t) return null;
  return el('p', { class: 'small split-test', 'data-split-test': fig.id }, t.text, t.warning ? el('span', { class: 'warn' }, ` ${t.warning}`) : null);
}

/** The block of figure `fig`; its canvas is added to `canvases` (id -> {canvas, fig}). */
export function figureBlock(fig, canvases) {
  const captionId = `cap-${fig.id}`;
  if (fig.body.type === 'missing') {
    return el('figure', { class: 'figure missing', 'data-figure': fig.id },
      el('figcaption', { id: captionId }, el('strong', {}, fig.title)),
      el('p', { class: 'missing-message' }, fig.body.message),
      el('p', { class: 'small' }, 'If the file asks it in other words, pick that question under ',
        el('a', { href: '#reading-details' }, 'How the file was read'), '.'));
  }
  // The figure as the person edited it (`fig` itself when not): what is
  // drawn, and what the menu exports and embeds.
  const editor = figureEditor(fig, (edited) => show(edited));
  const entry = { canvas: el('canvas', { role: 'img', 'aria-label': altText(editor.shown), 'data-figure': fig.id }), fig: editor.shown };
  canvases.set(fig.id, entry);
  if (fig.filter_by) clickToFilter(entry.canvas, fig.id, fig.filter_by);
  const caption = el('figcaption', { id: captionId, class: 'visually-hidden' }, captionText(editor.shown));
  let actions = figureActions(editor.shown, SHARE_CONTEXT);
  let table = tableToggle(editor.shown, filterButtons(editor.shown));
  // The menu and the table hold the figure they were made with: each edit
  // makes them again for the edited one, open if they were.
  function show(edited) {
    entry.fig = edited;
    entry.canvas.setAttribute('aria-label', altText(edited));
    delete entry.canvas.dataset.drawn;
    caption.textContent = captionText(edited);
    const next = [figureActions(edited, SHARE_CONTEXT), tableToggle(edited, filterButtons(edited))];
    [actions, table].forEach((old, i) => {
      next[i].open = old.open;
      old.replaceWith(next[i]);
    });
    [actions, table] = next;
    scheduleDraw();
  }
  return el('figure', { class: 'figure', 'data-figure': fig.id, 'aria-labelledby': captionId },
    entry.canvas,
    caption,
    testLine(editor.shown),
    editor.warning,
    el('div', { class: 'fig-tools' }, actions, table, editor.control));
}
