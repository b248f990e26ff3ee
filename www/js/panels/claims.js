// The paper's claims checked against the data: what the paper says, what
// the data shows, the verdict and the statistic behind it; with weights on,
// the same claim checked on the weighted data beside it (Rust's
// `claims[i].weighted`), both verdicts side by side.

import { el } from '../../dom.js';

/** The style of each verdict (style.css); its words come from Rust (`verdict_label`). */
const VERDICT_CLASS = { holds: 'ok', does_not_hold: 'bad', not_enough_data: 'unsure', not_comparable: 'unsure', not_in_file: 'absent' };

const HEAD = ['Claim', 'The paper says', 'This data shows', 'Verdict', 'Statistic'];
const WEIGHTED_HEAD = ['Claim', 'The paper says', 'Unweighted', 'Verdict', 'Weighted', 'Weighted verdict'];

const verdict = (v, label, weighted) => el('span', { class: `verdict ${VERDICT_CLASS[v]}`, [weighted ? 'data-weighted-verdict' : 'data-verdict']: v }, label);

/** What a check shows: the observation, its note, and (weighted) its statistic under it. */
const shows = (c, withStatistic) => [
  c.observed,
  c.note ? el('div', { class: 'note' }, c.note) : null,
  withStatistic && c.statistic ? el('div', { class: 'small' }, c.statistic) : null,
];

export function renderClaims(r) {
  const weighted = r.claims.some((c) => c.weighted);
  const head = weighted ? WEIGHTED_HEAD : HEAD;
  document.querySelector('#claims-table thead').replaceChildren(el('tr', {}, ...head.map((h) => el('th', { scope: 'col' }, h))));
  // data-label heads each cell when narrow screens stack the table (style.css).
  document.querySelector('#claims-table tbody').replaceChildren(...r.claims.map((c, i) => {
    const cells = [
      el('th', { scope: 'row', 'data-label': 'Claim' }, `${i + 1}`, el('code', { class: 'claim-id' }, c.id)),
      el('td', { 'data-label': 'The paper says' }, c.paper),
    ];
    if (!weighted) {
      cells.push(
        el('td', { 'data-label': 'This data shows' }, ...shows(c, false)),
        el('td', { 'data-label': 'Verdict' }, verdict(c.verdict, c.verdict_label, false)),
        el('td', { class: 'small', 'data-label': 'Statistic' }, c.statistic),
      );
    } else {
      const w = c.weighted;
      cells.push(
        el('td', { 'data-label': 'Unweighted' }, ...shows(c, true)),
        el('td', { 'data-label': 'Verdict' }, verdict(c.verdict, c.verdict_label, false)),
        el('td', { 'data-label': 'Weighted', class: 'weighted-cell' }, ...(w ? shows(w, true) : ['not checked weighted'])),
        el('td', { 'data-label': 'Weighted verdict' }, w ? verdict(w.verdict, w.verdict_label, true) : ''),
      );
    }
    return el('tr', { 'data-claim': c.id }, ...cells);
  }));
}
