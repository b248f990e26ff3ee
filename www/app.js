// The report page's entry module: instantiates the WebAssembly module
// (worker-client.js compiled it and started the worker as the page opened),
// wires the controls, reads a view link and shows the sample. The
// work is in js/: worker-client (messaging), session (reading and
// recomputing), view (links and stored corrections), render and panels/
// (one renderer per part of the page), draw-queue (drawing the figures).
// Rust computes every number; these modules only place them. Text from a
// CSV reaches the DOM only through textContent (dom.js), never as markup.

import init, * as wasm from './pkg/survey_report.js';
import { useWasm } from './share.js';
import { messageOf } from './js/format.js';
import { setupInput } from './js/input.js';
import { setStatus, showError } from './js/panels/status.js';
import { loadSample } from './js/session.js';
import { state } from './js/state.js';
import { readViewLink } from './js/view.js';
import { ask, compiled } from './js/worker-client.js';

/** For the benchmarks: the worker's WebAssembly memory, in bytes. */
window.surveyReportStats = () => ask({ type: 'stats' });
/** For the browser tests and benchmarks: figure `id` as drawn now (null when not on the page). */
window.surveyReportFigure = (id) => state.current?.canvases.get(id)?.fig ?? null;

async function main() {
  performance.mark('survey-report:modules');
  useWasm(wasm);
  try {
    // Compiled by worker-client.js as the page opened, and already handed
    // to the worker: only instantiated here.
    await init({ module_or_path: await compiled });
    performance.mark('survey-report:wasm-ready');
  } catch (e) {
    setStatus('');
    showError(`the WebAssembly module could not be loaded (${messageOf(e)}); run ./build.sh serve and open the page it prints`);
    return;
  }
  setupInput();
  await readViewLink();
  await loadSample();
  document.body.dataset.ready = '1';
}

main();
