// The editor of one figure: its title, subtitle and source line; which
// options are shown, what they are called, which are merged; their order;
// counts or percents; a rating grid's style. Each change goes to Rust
// (`applyEdits`, which keeps every count and base and says what was merged
// or hidden) and the edited figure replaces the drawn one at once; the
// edits are kept per file and in view links (view.js).

import { applyEdits } from '../pkg/survey_report.js';
import { el } from '../dom.js';
import { messageOf } from './format.js';
import { figureEdits, setFigureEdits } from './view.js';

const quoted = (label) => `“${label}”`;

/** Edits that change nothing, as the editor starts them. */
function blank() {
  return { hide: [], rename: {}, merge: [], order: 'original' };
}

/** The edits as kept: fields that change nothing left out (null when none is left). */
function compact(e) {
  const out = {};
  for (const key of ['title', 'subtitle', 'source', 'labels', 'grid']) if (typeof e[key] === 'string') out[key] = e[key];
  if (e.hide.length) out.hide = e.hide;
  if (Object.keys(e.rename).length) out.rename = e.rename;
  if (e.merge.length) out.merge = e.merge;
  if (e.order !== 'original') out.order = e.order;
  return Object.keys(out).length ? out : null;
}

/** Kept edits (from storage or a link) in the editor's shape. */
function expand(kept) {
  return { ...blank(), ...structuredClone(kept || {}) };
}

/** What a figure's editor offers: the lists of options, and whether they can be merged. */
function optionsOf(fig) {
  const b = fig.body;
  if (b.type === 'bars') {
    return {
      lists: [{ name: 'Options', labels: b.rows.map((r) => r.label), merge: Boolean(b.one_answer), order: true }],
      // Said beside the options where merging is off.
      noMerge: b.one_answer ? null
        : 'Merging is off for this figure: a respondent may have chosen several of these options, and the figure holds only the count of each, so adding them could count one respondent twice.',
      grid: false,
    };
  }
  return {
    lists: [
      { name: 'Items', labels: b.rows.map((r) => r.label), merge: false, order: true },
      { name: b.diverging ? 'Points of the scale' : 'Answers', labels: b.scale, merge: true, order: false },
    ],
    noMerge: 'Items of a grid are questions of their own that each respondent rates: they cannot be merged; points of the scale can.',
    // Only a rating grid has a middle to diverge from (a split's 100% bars do not).
    grid: b.diverging,
  };
}

/**
 * The editor of figure `fig` (as the report built it). `show(edited)` puts
 * an edited figure on the page. Returns `{ shown, control, warning }`: the
 * figure to draw first (its kept edits applied), the "Edit" toggle, and a
 * line saying that kept edits could not be applied (hidden otherwise).
 */
export function figureEditor(fig, show) {
  let edits = expand(figureEdits(fig.id));
  let shown = fig;
  const warning = el('p', { class: 'split-error small', 'data-edit-warning': fig.id, hidden: true });
  const tryApply = (e) => {
    const kept = compact(e);
    return kept ? applyEdits(fig, kept) : fig;
  };
  try {
    shown = tryApply(edits);
  } catch (e) {
    warning.textContent = `The edits kept for this figure could not be applied (${messageOf(e)}); it is drawn as it was built. Open “Edit” to change them or reset.`;
    warning.hidden = false;
  }
  const details = el('details', { class: 'fig-edit no-print', 'data-figure-edit': fig.id },
    el('summary', {}, 'Edit', el('span', { class: 'visually-hidden' }, ` “${fig.title}”`)));
  // Made when first opened: a report can have thousands of figures.
  let status = null;
  let body = null;
  const say = (text) => {
    if (status) status.textContent = text;
  };

  /** Applies the edits now; on an edit the figure cannot take, says why and keeps the last good one. */
  function commit(next) {
    try {
      shown = tryApply(next);
    } catch (e) {
      say(`Not applied: ${messageOf(e)}.`);
      return false;
    }
    edits = next;
    setFigureEdits(fig.id, compact(edits));
    warning.hidden = true;
    say('');
    show(shown);
    return true;
  }

  /** Builds the editor again after a change of its structure, focus kept on the control `focusKey`. */
  function rebuild(focusKey) {
    body.replaceChildren(...sections());
    if (focusKey) body.querySelector(`[data-edit="${CSS.escape(focusKey)}"]`)?.focus();
  }

  const change = (mutate, focusKey) => {
    const next = structuredClone(edits);
    mutate(next);
    if (commit(next)) rebuild(focusKey);
  };

  function textField(key, label, original) {
    const input = el('input', { type: 'text', value: edits[key] ?? original ?? '', 'data-edit': key, 'aria-label': `${label} of the figure`, size: 40 });
    input.addEventListener('input', () => {
      const next = structuredClone(edits);
      if (input.value === (original ?? '')) delete next[key];
      else next[key] = input.value;
      commit(next);
    });
    return el('label', { class: 'split' }, `${label} `, input);
  }

  /** The key of a drawn option: a merge's label, else the option's own (order lists name these). */
  const mergeOf = (label) => edits.merge.find((m) => m.labels.includes(label));

  function optionsList(list, merging) {
    const chosen = new Set();
    const rows = list.labels.map((label) => {
      const merged = mergeOf(label);
      const show = el('input', { type: 'checkbox', checked: !edits.hide.includes(label), disabled: Boolean(merged), 'data-edit': `show:${label}`, 'aria-label': `Show ${quoted(label)}` });
      show.addEventListener('change', () => change((n) => {
        n.hide = show.checked ? n.hide.filter((h) => h !== label) : [...n.hide, label];
      }, `show:${label}`));
      const rename = el('input', { type: 'text', value: edits.rename[label] ?? '', disabled: Boolean(merged), 'data-edit': `rename:${label}`, 'aria-label': `New label for ${quoted(label)}`, size: 18 });
      rename.addEventListener('change', () => change((n) => {
        const to = rename.value.trim();
        if (to && to !== label) n.rename[label] = to;
        else delete n.rename[label];
      }, `rename:${label}`));
      // One line per option, wrapping at any width: the option's name, its
      // new label, and whether it is chosen for a merge.
      const parts = [show, ' ', el('strong', {}, label), ' ', merged ? el('span', { class: 'small' }, `in ${quoted(merged.into)}`) : el('label', { class: 'small' }, 'new label ', rename)];
      if (merging) {
        const pick = el('input', { type: 'checkbox', disabled: Boolean(merged) || edits.hide.includes(label), 'data-edit': `pick:${label}`, 'aria-label': `Choose ${quoted(label)} to merge` });
        pick.addEventListener('change', () => (pick.checked ? chosen.add(label) : chosen.delete(label)));
        parts.push(' ', el('label', { class: 'small' }, pick, ' to merge'));
      }
      return el('li', {}, ...parts);
    });
    const box = el('fieldset', {}, el('legend', {}, `${list.name}: shown when ticked`), el('ul', {}, ...rows));
    const parts = [box];
    if (merging) {
      const name = el('input', { type: 'text', 'data-edit': `merge-name:${list.name}`, 'aria-label': `Label of the merged option (${list.name.toLowerCase()})`, size: 18 });
      const button = el('button', { type: 'button', class: 'button small-button', 'data-edit': `merge:${list.name}` }, 'Merge the chosen');
      button.addEventListener('click', () => {
        const labels = list.labels.filter((l) => chosen.has(l));
        if (labels.length < 2) {
          say('Choose two options or more to merge.');
          return;
        }
        const into = name.value.trim() || labels[0];
        change((n) => {
          n.merge.push({ labels, into });
          n.rename = Object.fromEntries(Object.entries(n.rename).filter(([from]) => !labels.includes(from)));
          if (typeof n.order === 'object') n.order.custom = n.order.custom.filter((k) => !labels.includes(k));
        }, `merge:${list.name}`);
      });
      parts.push(el('p', { class: 'controls' }, el('label', {}, 'Merged label ', name), button));
      const merges = edits.merge.filter((m) => m.labels.some((l) => list.labels.includes(l)));
      for (const m of merges) {
        const hidden = edits.hide.includes(m.into);
        const show = el('input', { type: 'checkbox', checked: !hidden, 'data-edit': `show-merge:${m.into}`, 'aria-label': `Show ${quoted(m.into)}` });
        show.addEventListener('change', () => change((n) => {
          n.hide = show.checked ? n.hide.filter((h) => h !== m.into) : [...n.hide, m.into];
        }, `show-merge:${m.into}`));
        const undo = el('button', { type: 'button', class: 'button small-button', 'data-edit': `unmerge:${m.into}`, 'aria-label': `Unmerge ${quoted(m.into)}` }, 'Unmerge');
        undo.addEventListener('click', () => change((n) => {
          n.merge = n.merge.filter((x) => x.into !== m.into);
          n.hide = n.hide.filter((h) => h !== m.into);
          if (typeof n.order === 'object') n.order.custom = n.order.custom.flatMap((k) => (k === m.into ? m.labels : [k]));
        }, `merge:${list.name}`));
        parts.push(el('p', { class: 'controls small' }, `${m.labels.join(' + ')} as ${quoted(m.into)}`, el('label', {}, show, ' shown'), undo));
      }
    }
    return parts;
  }

  /** The drawn options of the edited figure, by their keys (what a custom order names). */
  function drawnKeys(list) {
    const byLabel = new Map();
    for (const label of list.labels) {
      const m = mergeOf(label);
      byLabel.set(m ? m.into : edits.rename[label] ?? label, m ? m.into : label);
    }
    return shown.body.rows.map((r) => ({ label: r.label, key: byLabel.get(r.label) ?? r.label }));
  }

  function orderSection(list) {
    const current = typeof edits.order === 'object' ? 'custom' : edits.order;
    const select = el('select', { 'data-edit': 'order', 'aria-label': 'Order of the options' },
      ...[['original', 'As built (a scale keeps its order)'], ['frequency', 'Most frequent first'], ['alphabetical', 'Alphabetical'], ['custom', 'Custom (move with the buttons)']]
        .map(([value, text]) => el('option', { value, selected: value === current }, text)));
    const keys = drawnKeys(list);
    select.addEventListener('change', () => change((n) => {
      n.order = select.value === 'custom' ? { custom: keys.map((k) => k.key) } : select.value;
    }, 'order'));
    const move = (i, by) => change((n) => {
      const order = keys.map((k) => k.key);
      [order[i], order[i + by]] = [order[i + by], order[i]];
      n.order = { custom: order };
    }, `move:${keys[i + by].key}:${by < 0 ? 'up' : 'down'}`);
    const items = keys.map(({ label, key }, i) => {
      const up = el('button', { type: 'button', class: 'button small-button', disabled: i === 0, 'data-edit': `move:${key}:up`, 'aria-label': `Move ${quoted(label)} up` }, '↑');
      const down = el('button', { type: 'button', class: 'button small-button', disabled: i === keys.length - 1, 'data-edit': `move:${key}:down`, 'aria-label': `Move ${quoted(label)} down` }, '↓');
      up.addEventListener('click', () => move(i, -1));
      down.addEventListener('click', () => move(i, 1));
      return el('li', {}, up, ' ', down, ' ', label);
    });
    return [el('p', { class: 'controls' }, el('label', {}, 'Order ', select)), el('ol', { class: 'small', 'aria-label': 'Options in their order' }, ...items)];
  }

  function choice(key, label, values, current) {
    const select = el('select', { 'data-edit': key, 'aria-label': label },
      ...values.map(([value, text]) => el('option', { value, selected: value === current }, text)));
    select.addEventListener('change', () => change((n) => { n[key] = select.value; }, key));
    return el('label', {}, `${label} `, select);
  }

  function sections() {
    const o = optionsOf(fig);
    const out = [
      textField('title', 'Title', fig.title),
      textField('subtitle', 'Subtitle', fig.subtitle),
      textField('source', 'Source line', fig.source),
    ];
    for (const list of o.lists) out.push(...optionsList(list, list.merge));
    if (o.noMerge) out.push(el('p', { class: 'small' }, o.noMerge));
    const ordered = o.lists.find((l) => l.order);
    out.push(...orderSection(ordered));
    const styles = [choice('labels', 'Numbers shown', [['percent', 'Percent'], ['count', 'Count']], edits.labels ?? 'percent')];
    if (o.grid) styles.push(choice('grid', 'Grid style', [['diverging', 'Diverging around the middle'], ['stacked', '100% stacked bars']], edits.grid ?? 'diverging'));
    const reset = el('button', { type: 'button', class: 'button small-button', 'data-edit': 'reset' }, 'Reset this figure');
    reset.addEventListener('click', () => {
      if (commit(blank())) {
        rebuild('reset');
        say('The figure is as it was built.');
      }
    });
    out.push(el('p', { class: 'controls' }, ...styles, reset));
    out.push(el('p', { class: 'small' }, 'Changes apply at once to the figure, its downloads, its embed code and the link; counts are never changed, and the figure says what was merged or hidden.'));
    return out;
  }

  details.addEventListener('toggle', () => {
    if (details.open && !body) {
      body = el('div', { class: 'fig-edit-body' });
      status = el('p', { class: 'small fig-actions-status', role: 'status', 'aria-live': 'polite' });
      rebuild();
      details.append(body, status);
    }
  });
  return { shown, control: details, warning };
}
