// "Every question": one block per question of the file, with its figure
// (or its split figure) and split controls. The first questions are built
// with the report, the rest in batches as they scroll near, so a survey of
// thousands of columns never puts thousands of figures into the page at once.

import { el } from '../../dom.js';
import { DRAW_SLICE, drawWhenNear, forgetLazyCanvases, yieldToPage } from '../draw-queue.js';
import { state } from '../state.js';
import { figureBlock } from './figure.js';
import { splitByChoices, splitControls } from './splits.js';

const $ = (sel) => document.querySelector(sel);

/**
 * Questions of the "every question" section built with the report; the rest
 * wait in batches of `EVERY_BATCH`, each built when it comes within
 * `BUILD_MARGIN` of the viewport. A file of 16,384 columns would otherwise
 * put 16,384 figures, canvases and menus into the page at once: seconds of
 * style and layout on every task, gigabytes of canvases.
 */
const EAGER_QUESTIONS = 200;
const EVERY_BATCH = 50;
const BUILD_MARGIN = '1500px 0px';
/** A question's height until it is built (CSS px): keeps the scrollbar about right. */
const QUESTION_HEIGHT_GUESS = 360;

const batches = {
  /** The batches of the last render waiting to be built. */
  observer: null,
  /** Figure id -> the placeholder of its batch, until built. */
  byFigure: new Map(),
};

/**
 * A question's base as the page prints it: "318 answered, 13 skipped", or,
 * weighted, "answered: n = 318, effective n = 241 · 13 skipped" (Kish's
 * effective base, from Rust).
 */
export function baseWords(q) {
  if (q.effective_base === undefined || q.effective_base === null) return `${q.answered} answered, ${q.skipped} skipped`;
  return `answered: n = ${q.answered}, effective n = ${Math.round(q.effective_base)} · ${q.skipped} skipped`;
}

/** One question of the "every question" section. */
function questionBlock(q, ctx) {
  const head = el('h3', { class: 'q-title' }, q.header);
  const meta = el('p', { class: 'small', 'data-base': q.id }, `${q.kind}${q.kind === 'skipped' ? '' : ` · ${baseWords(q)}`}`);
  if (q.kind === 'skipped') {
    return el('div', { class: 'question skipped', 'data-question': q.id }, head, el('p', { class: 'small' }, `Skipped: ${q.reason}.`));
  }
  if (q.kind === 'text') {
    // The list scrolls past 14 lines: focusable, so a keyboard can scroll it.
    const list = el('ul', { class: 'samples', tabindex: '0', 'aria-label': `The most frequent answers to “${q.header}”` }, ...q.samples.map((s) => el('li', {}, s.label, s.count > 1 ? el('span', { class: 'small' }, ` ×${s.count}`) : null)));
    return el('div', { class: 'question', 'data-question': q.id }, head, meta,
      el('p', { class: 'small' }, `Free text: the ${q.samples.length} most frequent of the answers.`), list);
  }
  let fig = ctx.byId.get(ctx.figureOf[q.id]);
  const split = state.splits.get(q.id);
  const by = split && split.by;
  if (by && ctx.splitFigures[q.id]) fig = ctx.splitFigures[q.id];
  const parts = [head, meta];
  // A split refused for its size: the message in its place, the question's own figure below.
  if (by && ctx.splitErrors[q.id]) {
    parts.push(el('p', { class: 'split-error warn', 'data-split-error': q.id }, `This split is not drawn: ${ctx.splitErrors[q.id]}.`));
  }
  if (fig) parts.push(figureBlock(fig, ctx.canvases));
  const controls = splitControls(q, ctx.singles, ctx.refresh);
  if (controls) parts.push(controls);
  return el('div', { class: 'question', 'data-question': q.id }, ...parts);
}

/**
 * Builds the "every question" section of `out`, giving the main thread
 * back between slices (a survey can have hundreds of questions), the first
 * `EAGER_QUESTIONS` at once and the rest as they scroll near. Resolves false
 * when a newer render took over meanwhile.
 */
export async function renderEvery(out, canvases, stillCurrent, { refresh }) {
  const { report } = out;
  const ctx = {
    byId: new Map(out.every.map((f) => [f.id, f])),
    figureOf: out.question_figures,
    singles: splitByChoices(report),
    splitFigures: out.splits || {},
    splitErrors: out.splitErrors || {},
    canvases,
    refresh,
  };
  batches.observer?.disconnect();
  batches.observer = null;
  // The lazily built figures of the last render are about to leave the page.
  forgetLazyCanvases();
  batches.byFigure = new Map();
  // Each slice goes into the page as it is built: laying out hundreds of
  // blocks at once would be one long task, a slice at a time is not.
  const list = $('#every-list');
  let blocks = [];
  let first = true;
  const flush = () => {
    if (first) list.replaceChildren(...blocks);
    else list.append(...blocks);
    first = false;
    blocks = [];
  };
  let slice = performance.now();
  const eager = report.questions.slice(0, EAGER_QUESTIONS);
  for (const q of eager) {
    blocks.push(questionBlock(q, ctx));
    if (performance.now() - slice > DRAW_SLICE) {
      flush();
      await yieldToPage();
      if (!stillCurrent()) return false;
      slice = performance.now();
    }
  }
  const rest = report.questions.slice(EAGER_QUESTIONS);
  if (rest.length) {
    const observer = new IntersectionObserver((entries) => {
      for (const e of entries) if (e.isIntersecting) e.target.build?.();
    }, { rootMargin: BUILD_MARGIN });
    batches.observer = observer;
    for (let from = 0; from < rest.length; from += EVERY_BATCH) {
      const batch = rest.slice(from, from + EVERY_BATCH);
      const holder = el('div', { class: 'every-batch', 'aria-busy': 'true' });
      holder.style.minHeight = `${batch.length * QUESTION_HEIGHT_GUESS}px`;
      holder.build = () => {
        if (holder.built || observer !== batches.observer) return;
        holder.built = true;
        observer.unobserve(holder);
        const built = batch.map((q) => questionBlock(q, ctx));
        for (const q of batch) batches.byFigure.delete(ctx.figureOf[q.id]);
        holder.replaceWith(...built);
        for (const b of built) {
          for (const canvas of b.querySelectorAll('canvas[data-figure]')) drawWhenNear(canvas);
        }
      };
      for (const q of batch) if (ctx.figureOf[q.id]) batches.byFigure.set(ctx.figureOf[q.id], holder);
      blocks.push(holder);
      observer.observe(holder);
    }
  }
  flush();
  return true;
}

/** Builds the batch holding figure `id`, if one waits; returns the figure's element. */
function buildFigureBatch(id) {
  const holder = batches.byFigure.get(id);
  if (!holder) return null;
  holder.build();
  return document.querySelector(`[data-figure="${CSS.escape(id)}"]`);
}

/** Scrolls to figure `id` (building its part of the page first); false if the report has none. */
export function focusFigure(id) {
  const node = document.querySelector(`[data-figure="${CSS.escape(id)}"]`) || buildFigureBatch(id);
  // A figure of the paper's part folded for a survey that is not the paper's: opened first.
  const folded = node?.closest('details:not([open])');
  if (folded) folded.open = true;
  node?.scrollIntoView();
  return Boolean(node);
}
