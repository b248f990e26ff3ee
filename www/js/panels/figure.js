// One figure on the page: a canvas the draw queue fills, its hidden
// caption, the per-figure menu and data table (share.js); or, for a figure
// whose question is not in the file, the message and where to correct it.

import { el } from '../../dom.js';
import { altText, figureActions, tableToggle } from '../../share.js';
import { SHARE_CONTEXT } from '../view.js';

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
  const canvas = el('canvas', { role: 'img', 'aria-label': altText(fig), 'data-figure': fig.id });
  canvases.set(fig.id, { canvas, fig });
  return el('figure', { class: 'figure', 'data-figure': fig.id, 'aria-labelledby': captionId },
    canvas,
    el('figcaption', { id: captionId, class: 'visually-hidden' }, `${fig.title}. ${fig.subtitle}`),
    el('div', { class: 'fig-tools' }, figureActions(fig, SHARE_CONTEXT), tableToggle(fig)));
}
