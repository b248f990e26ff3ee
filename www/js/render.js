// Puts a report on the page: every panel from the worker's answer, then
// the figures drawn. A figure whose data did not change keeps its canvas.
// While a comparison is on, the report's own sections give way to it; the
// reading panel, the filters and the weights stay (they act on edition A).

import { drawAll, yieldToPage } from './draw-queue.js';
import { renderClaims } from './panels/claims.js';
import { renderComparison, showComparing } from './panels/compare.js';
import { renderEvery } from './panels/every.js';
import { renderFilters } from './panels/filters.js';
import { renderNotices } from './panels/notices.js';
import { renderPaperFigures, renderText } from './panels/paper.js';
import { renderColumns, renderFacts, renderRoles } from './panels/reading.js';
import { renderRules } from './panels/rules.js';
import { frameReport } from './panels/survey.js';
import { renderWeights } from './panels/weights.js';
import { state } from './state.js';

const render = {
  /** The renderFigures under way; a newer one supersedes it. */
  token: null,
};

/**
 * Builds the figures with `build(canvases, stillCurrent)` (false when a
 * newer render took over), keeps the canvases of those unchanged, and
 * draws them.
 */
async function renderFigures(out, build) {
  const mine = {};
  render.token = mine;
  const previous = state.current ? state.current.canvases : new Map();
  const canvases = new Map();
  if (!(await build(canvases, () => render.token === mine))) return;
  // A figure whose data did not change keeps its drawn canvas.
  for (const [id, entry] of canvases) {
    const old = previous.get(id);
    if (old && JSON.stringify(old.fig) === JSON.stringify(entry.fig)) {
      entry.canvas.replaceWith(old.canvas);
      entry.canvas = old.canvas;
    }
  }
  state.current = { figures: out.figures, canvases };
  return drawAll();
}

/**
 * Puts report `out` on the page; resolves when every figure is drawn.
 * `actions`: `{ correct(change, what), refresh(what), analyze(change, what),
 * repair(change, what) }`,
 * what the panels' controls call.
 */
export async function renderReport(out, actions) {
  // The report arrived in a task of its own (unpacking the message can take
  // tens of ms for a wide survey); building the page starts in the next.
  await yieldToPage();
  const { report } = out;
  // Visible first: canvases are sized from their laid-out width.
  document.querySelector('#report').hidden = false;
  // The paper's survey, or the file's own: the title and the order of the sections.
  const fits = frameReport(report);
  renderFacts(out);
  renderNotices(report, out.overrides, actions, fits);
  renderRoles(report, actions);
  renderColumns(report, actions);
  renderFilters(report, actions);
  renderWeights(out, actions);
  const comparing = Boolean(out.comparison || out.compareError);
  showComparing(comparing);
  if (comparing) {
    return renderFigures(out, (canvases) => {
      renderComparison(out, canvases, actions);
      return true;
    });
  }
  renderText(report);
  const drawn = renderFigures(out, (canvases, stillCurrent) => {
    renderPaperFigures(out.figures, canvases, out.report);
    return renderEvery(out, canvases, stillCurrent, actions);
  });
  renderRules(report);
  renderClaims(report);
  return drawn;
}
