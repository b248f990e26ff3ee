// One figure on the page: a canvas the draw queue fills, its hidden
// caption, the per-figure menu and data table (share.js) and its editor
// (edit.js); or, for a figure whose question is not in the file, the
// message and where to correct it.

import { el } from '../../dom.js';
import { altText, figureActions, tableToggle } from '../../share.js';
import { scheduleDraw } from '../draw-queue.js';
import { figureEditor } from '../edit.js';
import { SHARE_CONTEXT } from '../view.js';

const captionText = (fig) => `${fig.title}. ${fig.subtitle}`;

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
  const caption = el('figcaption', { id: captionId, class: 'visually-hidden' }, captionText(editor.shown));
  let actions = figureActions(editor.shown, SHARE_CONTEXT);
  let table = tableToggle(editor.shown);
  // The menu and the table hold the figure they were made with: each edit
  // makes them again for the edited one, open if they were.
  function show(edited) {
    entry.fig = edited;
    entry.canvas.setAttribute('aria-label', altText(edited));
    delete entry.canvas.dataset.drawn;
    caption.textContent = captionText(edited);
    const next = [figureActions(edited, SHARE_CONTEXT), tableToggle(edited)];
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
    editor.warning,
    el('div', { class: 'fig-tools' }, actions, table, editor.control));
}
