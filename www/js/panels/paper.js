// The paper's sections recomputed: the text of "A. Data collection", "B.
// Results" and "C. Analysis", and the paper's figures, each in the page
// section its figure names.

import { el } from '../../dom.js';
import { figureBlock } from './figure.js';

/**
 * The text of the paper's sections, each into `#text-<its id>`: a
 * paragraph (`<p>`, data collection) gets its sentences run together, a
 * block one paragraph each. A section the report lacks is left empty.
 */
export function renderText(r) {
  const byId = new Map(r.text.map((s) => [s.id, s]));
  for (const target of document.querySelectorAll('#report [id^="text-"]')) {
    const paragraphs = byId.get(target.id.slice('text-'.length))?.paragraphs ?? [];
    if (target.tagName === 'P') target.textContent = paragraphs.join(' ');
    else target.replaceChildren(...paragraphs.map((p) => el('p', {}, p)));
  }
}

/** The paper's figures, each into `.figures[data-section=…]`; canvases go into `canvases`. */
export function renderPaperFigures(figures, canvases) {
  for (const holder of document.querySelectorAll('.figures')) holder.replaceChildren();
  for (const fig of figures) {
    const holder = document.querySelector(`.figures[data-section="${fig.section}"]`);
    if (holder) holder.append(figureBlock(fig, canvases));
  }
}
