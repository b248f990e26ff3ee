// The classification rules table of "C. Analysis": each maturity group in
// rule order with its rule in words and its respondents.

import { el } from '../../dom.js';

export function renderRules(r) {
  const body = document.querySelector('#rules tbody');
  if (!r.maturity) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: 4 }, 'The 3-month goals question is not in this file, so respondents cannot be classified.')));
    return;
  }
  body.replaceChildren(...r.maturity.groups.map((g, i) => el('tr', {},
    el('td', {}, String(i + 1)),
    el('th', { scope: 'row' }, g.label, el('div', { class: 'small' }, g.description)),
    el('td', {}, g.rule),
    el('td', { class: 'num' }, String(g.count)))));
}
