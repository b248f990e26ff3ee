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

/** Figures of the paper made from the respondents' country (report.geography), not from a figure spec. */
const GEOGRAPHY_FIGURES = new Set(['continents', 'countries']);

/**
 * The preset question a missing figure needs: its figure spec's role; the
 * rules' question for the maturity groups; the question a comparison of the
 * analysis ends with ("<group>_<question>"); the country for the geography.
 */
function neededRole(fig, r) {
  const spec = r.preset.figures.find((f) => f.id === fig.id);
  if (spec) return spec.role;
  if (fig.id === 'maturity') return r.preset.rules_question;
  if (GEOGRAPHY_FIGURES.has(fig.id)) return r.mapping.find((m) => m.role === 'country')?.role ?? null;
  return r.mapping.find((m) => fig.id.endsWith(`_${m.role}`))?.role ?? null;
}

/**
 * The card of a paper's figure whose question is not in the file: titled
 * with the preset's figure title and the question it needs, pointing to
 * that question's row of the reading panel, where another question of the
 * file can be picked (no pointer when the panel has no row for it).
 */
function missingCard(fig, r) {
  const role = neededRole(fig, r);
  const spec = r.preset.figures.find((f) => f.id === fig.id);
  const row = r.mapping.find((m) => m.role === role);
  const question = row?.title ?? r.missing.find((m) => m.id === role)?.header ?? null;
  const title = spec && question ? `${spec.title}: ${question}` : fig.title;
  const captionId = `cap-${fig.id}`;
  const parts = [
    el('figcaption', { id: captionId }, el('strong', {}, title)),
    el('p', { class: 'missing-message' }, fig.body.message),
  ];
  if (question) parts.push(el('p', { class: 'small missing-needs' }, `It needs the question “${question}”.`));
  if (row) {
    const link = el('a', { href: '#reading-details', 'data-role-link': row.role }, 'How the file was read');
    link.addEventListener('click', (e) => {
      e.preventDefault();
      const details = document.querySelector('#reading-details');
      details.open = true;
      const target = document.querySelector(`#roles tr[data-role-row="${CSS.escape(row.role)}"]`);
      (target || details).scrollIntoView({ block: 'center' });
      target?.querySelector('select')?.focus({ preventScroll: true });
    });
    parts.push(el('p', { class: 'small' }, 'If the file asks it in other words, pick that question under ', link, '.'));
  }
  return el('figure', { class: 'figure missing', 'data-figure': fig.id, 'aria-labelledby': captionId }, ...parts);
}

/** The paper's figures of report `r`, each into `.figures[data-section=…]`; canvases go into `canvases`. */
export function renderPaperFigures(figures, canvases, r) {
  for (const holder of document.querySelectorAll('.figures')) holder.replaceChildren();
  for (const fig of figures) {
    const holder = document.querySelector(`.figures[data-section="${fig.section}"]`);
    if (!holder) continue;
    holder.append(fig.body.type === 'missing' ? missingCard(fig, r) : figureBlock(fig, canvases));
  }
}
