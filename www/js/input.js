// What the person does to the page: choose, drop or paste a file, load the
// sample, undo corrections, Cancel, compare with a second file (chosen, or
// dropped while "Compare with another file" is pressed) and stop comparing;
// and what makes figures redraw: a
// resize, a new devicePixelRatio, a colour scheme change, printing.

import { drawAll, onSchemeChange } from './draw-queue.js';
import { cancel, compareWith, loadFile, loadPasted, loadSample, resetCorrections, stopComparing } from './session.js';
import { state } from './state.js';

const $ = (sel) => document.querySelector(sel);

function setupFileInput() {
  // The hint under a missing figure opens the corrections it points to.
  document.addEventListener('click', (e) => {
    const a = e.target.closest && e.target.closest('a[href="#reading-details"]');
    if (a) $('#reading-details').open = true;
  });
  const input = $('#file-input');
  $('#choose').addEventListener('click', () => input.click());
  input.addEventListener('change', async () => {
    if (input.files && input.files[0]) await loadFile(input.files[0]);
    input.value = '';
  });
  $('#load-sample').addEventListener('click', () => loadSample());
  $('#reset-corrections').addEventListener('click', resetCorrections);
  $('#cancel').addEventListener('click', cancel);
  document.addEventListener('paste', (e) => {
    const target = e.target;
    if (target && (target.closest('input, textarea, [contenteditable]'))) return;
    const text = e.clipboardData && e.clipboardData.getData('text/plain');
    if (!text || !text.trim()) return;
    e.preventDefault();
    loadPasted(text);
  });
}

/**
 * "Compare with another file": pressed, it opens the file chooser, and a
 * file dropped on the page is read as the second file (edition B) instead
 * of replacing the first; it lets go once a second file is chosen or
 * dropped, or when pressed again. A phone has the button at the end of the
 * sections' line instead (style.css): a row of its own in the header would
 * push the first figure off the first screen.
 */
const compareMode = {
  on: false,
  /** The drop overlay's words for a first file, as index.html writes them. */
  dropWords: null,
};

function setCompareMode(on) {
  compareMode.on = on;
  for (const button of document.querySelectorAll('#compare-choose, #compare-choose-toc')) button.setAttribute('aria-pressed', String(on));
  $('#compare-hint').textContent = on ? 'Choose the second file, or drop it on the page.' : '';
  const words = $('#drop-overlay p');
  if (compareMode.dropWords === null) compareMode.dropWords = words.textContent;
  words.textContent = on ? 'Drop the second file to compare it with the one shown' : compareMode.dropWords;
}

/** Reads `file` as the second file, the mode let go first. */
async function compareFile(file) {
  setCompareMode(false);
  await compareWith(file);
}

function setupCompare() {
  const input = $('#compare-input');
  for (const button of document.querySelectorAll('#compare-choose, #compare-choose-toc')) {
    button.addEventListener('click', () => {
      setCompareMode(!compareMode.on);
      if (compareMode.on) input.click();
    });
  }
  input.addEventListener('change', async () => {
    const file = input.files && input.files[0];
    input.value = '';
    if (file) await compareFile(file);
  });
  $('#compare-stop').addEventListener('click', async () => {
    setCompareMode(false);
    if (await stopComparing()) $('#compare-choose').focus();
  });
}

function setupDrop() {
  const overlay = $('#drop-overlay');
  let depth = 0;
  const hasFiles = (e) => e.dataTransfer && Array.from(e.dataTransfer.types || []).includes('Files');
  window.addEventListener('dragenter', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth += 1;
    overlay.hidden = false;
  });
  window.addEventListener('dragover', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  });
  window.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) overlay.hidden = true;
  });
  window.addEventListener('drop', async (e) => {
    e.preventDefault();
    depth = 0;
    overlay.hidden = true;
    const file = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
    if (file && compareMode.on) await compareFile(file);
    else if (file) await loadFile(file);
  });
}

function setupRedraws() {
  let frame = 0;
  new ResizeObserver(() => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(drawAll);
  }).observe($('#report'));
  // A change of devicePixelRatio (zoom, moving to another screen) needs a redraw.
  const watchDpr = () => {
    matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`).addEventListener('change', () => { drawAll(); watchDpr(); }, { once: true });
  };
  watchDpr();
  // The figures follow the colour scheme when it changes (OS setting, time of day).
  onSchemeChange(() => drawAll());
  window.addEventListener('beforeprint', () => {
    state.printing = true;
    drawAll({ now: true });
  });
  window.addEventListener('afterprint', () => {
    state.printing = false;
    drawAll();
  });
}

/** Wires the page's controls and redraws. */
export function setupInput() {
  setupFileInput();
  setupCompare();
  setupDrop();
  setupRedraws();
}
