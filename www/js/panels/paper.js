// The paper's sections recomputed: the text of "A. Data collection", "B.
// Results" and "C. Analysis", and the paper's figures, each in the page
// section its figure names.

import { el } from '../../dom.js';
import { figureBlock } from './figure.js';

const $ = (sel) => document.querySelector(sel);

/** The text of the paper's sections. */
export function renderText(r) {
  const byHeading = Object.fromEntries(r.text.map((s) => [s.heading[0], s]));
  $('#text-collection').textContent = byHeading.A ? byHeading.A.paragraphs.join(' ') : '';
  $('#text-results').replaceChildren(...(byHeading.B?.paragraphs ?? []).map((p) => el('p', {}, p)));
  $('#text-analysis').replaceChildren(...(byHeading.C?.paragraphs ?? []).map((p) => el('p', {}, p)));
}

/** The paper's figures, each into `.figures[data-section=…]`; canvases go into `canvases`. */
export function renderPaperFigures(figures, canvases) {
  for (const holder of document.querySelectorAll('.figures')) holder.replaceChildren();
  for (const fig of figures) {
    const holder = document.querySelector(`.figures[data-section="${fig.section}"]`);
    if (holder) holder.append(figureBlock(fig, canvases));
  }
}
