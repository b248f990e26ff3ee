// Drawing the figures: each canvas sized to its CSS width times
// devicePixelRatio and drawn by Rust (`drawFit`), in slices that give the
// main thread back, so no task runs long. Figures built lazily are drawn
// only once near the viewport; printing draws everything at once, light.

import { drawFit } from '../pkg/survey_report.js';
import { state } from './state.js';

/**
 * Longest stretch of building or drawing before the page gets the main
 * thread back, in ms. One figure can take 10-30 ms on a slow machine, so the
 * slice leaves room for it under the 50 ms of a long task.
 */
export const DRAW_SLICE = 12;
/** Figures built lazily are drawn when they come this near the viewport. */
const DRAW_MARGIN = '800px 0px';

const darkScheme = matchMedia('(prefers-color-scheme: dark)');

const queue = {
  /** The drawAll under way; a newer one supersedes it. */
  drawing: null,
  /** The animation frame of scheduleDraw. */
  frame: 0,
};
/** Reports whose first figure / first screen have been marked (screenTiming). */
const marked = { firstFigure: new WeakSet(), firstScreen: new WeakSet() };
const lazyCanvases = new WeakSet(); // canvases drawn only once near the viewport
const nearCanvases = new WeakSet(); // those that have come near it
const nearObserver = new IntersectionObserver((entries) => {
  let any = false;
  for (const e of entries) {
    if (e.isIntersecting && !nearCanvases.has(e.target)) {
      nearCanvases.add(e.target);
      any = true;
    }
  }
  if (any) scheduleDraw();
}, { rootMargin: DRAW_MARGIN });

/** Figures use the dark palette when the page does (style.css), never on paper. */
function prefersDark() {
  return darkScheme.matches && !state.printing;
}

/** Calls `redraw` when the colour scheme changes (OS setting, time of day). */
export function onSchemeChange(redraw) {
  darkScheme.addEventListener('change', redraw);
}

/** Draws `canvas` only once it comes near the viewport (or the page is printed). */
export function drawWhenNear(canvas) {
  lazyCanvases.add(canvas);
  nearObserver.observe(canvas);
}

/** Stops watching the lazily drawn canvases: they are about to leave the page. */
export function forgetLazyCanvases() {
  nearObserver.disconnect();
}

/** Draws what needs drawing in the next frame (once for many triggers). */
export function scheduleDraw() {
  cancelAnimationFrame(queue.frame);
  queue.frame = requestAnimationFrame(() => drawAll());
}

/**
 * Gives the main thread back to the page for a moment. A message to itself,
 * unlike setTimeout(0), is not clamped to 4 ms when it repeats.
 */
export function yieldToPage() {
  if (globalThis.scheduler && typeof scheduler.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

/**
 * Sizes each canvas to its CSS width times devicePixelRatio and draws it,
 * giving the main thread back between figures so no task runs long.
 * Canvases already drawn at their size are left alone.
 */
export async function drawAll(options) {
  if (!state.current) return;
  // `now`: every figure in this task, for beforeprint (print lays out right after it).
  const now = options?.now === true;
  const mine = {};
  queue.drawing = mine;
  // Paper gets at least two device pixels per CSS pixel, so PDFs stay sharp.
  const dpr = state.printing ? Math.max(2, window.devicePixelRatio || 1) : window.devicePixelRatio || 1;
  const dark = prefersDark();
  const theme = dark ? 'dark' : 'light';
  // Building the report's DOM was one task; reading the widths below lays the
  // page out, so that starts in the next (printing draws all in this task).
  if (!now) {
    await yieldToPage();
    if (queue.drawing !== mine) return;
  }
  // Widths are read before drawing, and once per list of figures: every
  // figure of a list is as wide as the first. Reading each canvas's width
  // between drawings would lay the page out again each time: 200 ms for a
  // Kaggle-sized survey.
  const widths = new Map();
  const widthOf = (canvas) => {
    const list = canvas.closest('.figures, #every-list') || canvas.parentElement;
    if (!widths.has(list)) widths.set(list, Math.max(260, Math.floor(canvas.parentElement.clientWidth)));
    return widths.get(list);
  };
  // A figure built as the page scrolled is drawn once it is near the
  // viewport (printing draws every figure built).
  const jobs = [...state.current.canvases.values()]
    .filter(({ canvas }) => canvas.isConnected && (now || !lazyCanvases.has(canvas) || nearCanvases.has(canvas)))
    .map(({ canvas, fig }) => ({ canvas, fig, cssWidth: widthOf(canvas) }));
  const timing = now ? null : screenTiming();
  if (!now) await yieldToPage();
  let slice = performance.now();
  for (const { canvas, fig, cssWidth } of jobs) {
    if (queue.drawing !== mine) return;
    const width = Math.round(cssWidth * dpr);
    if (canvas.width === width && canvas.dataset.drawn === '1' && canvas.dataset.dpr === String(dpr) && canvas.dataset.theme === theme) continue;
    const cssHeight = drawFit(canvas, fig, cssWidth, dpr, dark);
    canvas.style.width = `${cssWidth}px`;
    canvas.style.height = `${cssHeight}px`;
    canvas.dataset.dpr = String(dpr);
    canvas.dataset.drawn = '1';
    canvas.dataset.theme = theme;
    if (timing) timing.drew(canvas);
    if (!now && performance.now() - slice > DRAW_SLICE) {
      await yieldToPage();
      slice = performance.now();
    }
  }
}

/**
 * For the benchmarks (bench/browser.mjs): a `performance.mark` when the
 * first figure of the report shown is drawn ("survey-report:first-figure")
 * and when every figure in the viewport is ("survey-report:first-screen"),
 * once per report. The rectangles are read where drawAll has just laid the
 * page out, before any drawing, so this adds no layout.
 */
function screenTiming() {
  const report = state.current;
  if (marked.firstScreen.has(report)) return null;
  // Every canvas of the report, not only this pass's jobs: one in view whose
  // IntersectionObserver entry has not come yet is drawn by a later pass.
  const visible = new Set();
  for (const { canvas } of report.canvases.values()) {
    if (!canvas.isConnected || canvas.dataset.drawn === '1') continue;
    const r = canvas.getBoundingClientRect();
    if (r.bottom > 0 && r.top < window.innerHeight) visible.add(canvas);
  }
  const screenDone = () => {
    marked.firstScreen.add(report);
    performance.mark('survey-report:first-screen');
  };
  if (!visible.size) {
    // Nothing in view waits for drawing: the first screen is all there.
    screenDone();
    return { drew: () => firstFigure(report) };
  }
  return {
    drew(canvas) {
      firstFigure(report);
      if (visible.delete(canvas) && !visible.size) screenDone();
    },
  };
}

function firstFigure(report) {
  if (marked.firstFigure.has(report)) return;
  marked.firstFigure.add(report);
  performance.mark('survey-report:first-figure');
}
