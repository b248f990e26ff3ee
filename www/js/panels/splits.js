// The split controls under a question of "every question": which
// single-choice question to split it by, and grouped or 100% stacked bars.

import { el } from '../../dom.js';
import { shorten } from '../format.js';
import { fillOnFirstUse } from '../lazy-select.js';
import { state } from '../state.js';

/**
 * The most groups a split-by question may have to be offered in the menus:
 * more would make a figure nobody can read (Rust draws up to its own limit,
 * MAX_SPLIT_BY_OPTIONS, for a view link that asks).
 */
const MENU_MAX_GROUPS = 30;

/**
 * The questions the menus offer to split by: those Rust says others can be
 * split by (`can_split_by`), with 2 to `MENU_MAX_GROUPS` options.
 */
export function splitByChoices(report) {
  return report.questions.filter((q) => q.can_split_by && q.options.length >= 2 && q.options.length <= MENU_MAX_GROUPS);
}

/**
 * The split controls of question `q`, or null when it cannot be split
 * (`can_split`, from Rust) or there is nothing to split it by.
 * `singles`: the questions it can be split by; `refresh(what)` recomputes
 * the report with the splits of `state.splits`.
 */
export function splitControls(q, singles, refresh) {
  if (!q.can_split || !singles.some((s) => s.id !== q.id)) return null;
  const split = state.splits.get(q.id);
  const by = split && split.by;
  const option = (s) => el('option', { value: s.id, selected: s.id === by }, shorten(s.header, 70));
  const byQuestion = singles.find((s) => s.id === by);
  const select = el('select', { 'aria-label': `Split “${q.header}” by`, 'data-split': q.id },
    el('option', { value: '' }, 'no split'), byQuestion ? option(byQuestion) : null);
  fillOnFirstUse(select, () => [el('option', { value: '' }, 'no split'), ...singles.filter((s) => s.id !== q.id).map(option)]);
  // 100% stacking needs one answer per respondent: not for multi-select.
  const mode = el('select', { 'aria-label': `How to show “${q.header}” split`, 'data-split-mode': q.id, disabled: !by || q.kind === 'multi' },
    el('option', { value: 'grouped', selected: !(split && split.stacked) }, 'grouped bars'),
    el('option', { value: 'stacked', selected: Boolean(split && split.stacked) }, '100% stacked bars'));
  const update = (focus) => {
    const byHeader = select.selectedOptions[0]?.textContent || select.value;
    const what = select.value ? `the split of “${shorten(q.header, 60)}” by “${byHeader}”` : `the removal of the split of “${shorten(q.header, 60)}”`;
    if (select.value) state.splits.set(q.id, { by: select.value, stacked: mode.value === 'stacked' && q.kind !== 'multi' });
    else state.splits.delete(q.id);
    refresh(what).then(() => document.querySelector(focus)?.focus());
  };
  select.addEventListener('change', () => update(`select[data-split="${CSS.escape(q.id)}"]`));
  mode.addEventListener('change', () => update(`select[data-split-mode="${CSS.escape(q.id)}"]`));
  return el('div', { class: 'split small' }, el('label', {}, 'Split by ', select), ' ', el('label', {}, 'as ', mode));
}
