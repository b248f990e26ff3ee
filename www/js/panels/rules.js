// The classification rules table of "C. Analysis": each maturity group in
// rule order with its rule in words and its respondents.

import { el } from '../../dom.js';

/** Why no respondent is classified: the rules' question is not in the file, or there are no rules. */
function unclassified(r) {
  const id = r.preset.rules_question;
  if (!id) return `The questionnaire “${r.preset.title}” has no classification rules, so respondents are not classified.`;
  const title = r.mapping.find((m) => m.role === id)?.title ?? id;
  return `The question the rules read, “${title}”, is not in this file, so respondents cannot be classified.`;
}

export function renderRules(r) {
  const body = document.querySelector('#rules tbody');
  if (!r.maturity) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: 4, 'data-unclassified': '' }, unclassified(r))));
    return;
  }
  // data-label heads each cell when narrow screens stack the table (style.css).
  body.replaceChildren(...r.maturity.groups.map((g, i) => el('tr', {},
    el('td', { 'data-label': 'Order' }, String(i + 1)),
    el('th', { scope: 'row', 'data-label': 'Group' }, g.label, el('div', { class: 'small' }, g.description)),
    el('td', { 'data-label': 'Rule' }, g.rule),
    el('td', { class: 'num', 'data-label': 'Respondents' }, String(g.count)))));
}
