// The paper's claims checked against the data: what the paper says, what
// the data shows, the verdict and the statistic behind it.

import { el } from '../../dom.js';

/** The style of each verdict (style.css); its words come from Rust (`verdict_label`). */
const VERDICT_CLASS = { holds: 'ok', does_not_hold: 'bad', not_enough_data: 'unsure', not_comparable: 'unsure', not_in_file: 'absent' };

export function renderClaims(r) {
  // data-label heads each cell when narrow screens stack the table (style.css).
  document.querySelector('#claims-table tbody').replaceChildren(...r.claims.map((c, i) => el('tr', { 'data-claim': c.id },
    el('th', { scope: 'row', 'data-label': 'Claim' }, `${i + 1}`, el('code', { class: 'claim-id' }, c.id)),
    el('td', { 'data-label': 'The paper says' }, c.paper),
    el('td', { 'data-label': 'This data shows' }, c.observed, c.note ? el('div', { class: 'note' }, c.note) : null),
    el('td', { 'data-label': 'Verdict' }, el('span', { class: `verdict ${VERDICT_CLASS[c.verdict]}`, 'data-verdict': c.verdict }, c.verdict_label)),
    el('td', { class: 'small', 'data-label': 'Statistic' }, c.statistic))));
}
