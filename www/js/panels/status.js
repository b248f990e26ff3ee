// The status line, the error box and the busy line with its progress bar
// and Cancel: what the page says about the read or recomputation under way.

import { el } from '../../dom.js';
import { formatBytes, groupDigits } from '../format.js';

const $ = (sel) => document.querySelector(sel);


const busy = {
  /** The interval that counts a busy line's seconds. */
  ticker: 0,
};

export function setStatus(text) {
  $('#status').textContent = text;
}

/** What of an error goes on the error box as data attributes (`data-kind`, `data-row`, ...). */
const ERROR_FIELDS = ['kind', 'row', 'column', 'byte'];

/**
 * Shows why a file could not be read. `error`, when Rust made it, carries
 * its kind and place: they go on the box as data attributes beside the
 * words, which stay the message alone.
 */
export function showError(message, error = null) {
  const box = $('#error');
  box.replaceChildren(
    el('strong', {}, 'This file could not be read. '),
    el('span', {}, message),
  );
  for (const key of ERROR_FIELDS) {
    const value = error ? error[key] : null;
    if (value === null || value === undefined) delete box.dataset[key];
    else box.dataset[key] = String(value);
  }
  box.hidden = false;
}

export function clearError() {
  const box = $('#error');
  box.hidden = true;
  box.replaceChildren();
  for (const key of ERROR_FIELDS) delete box.dataset[key];
}

function stopTicker() {
  clearInterval(busy.ticker);
  busy.ticker = 0;
}

/** The progress bar of reading `file`, empty. */
export function showProgress(file) {
  stopTicker();
  $('#progress-bar').setAttribute('aria-label', 'Reading the file');
  $('#progress-text').textContent = `Reading ${file.name}…`;
  $('#progress-bar').value = 0;
  $('#progress-bar').max = Math.max(1, file.size);
  $('#progress').hidden = false;
}

/**
 * The busy line of work that reports no fraction done (a recomputation, the
 * counting after a read): an indeterminate bar, what is computed and the
 * seconds so far, and Cancel.
 */
export function showBusy(text, t0) {
  stopTicker();
  const bar = $('#progress-bar');
  bar.removeAttribute('value');
  bar.setAttribute('aria-label', 'Computing the report');
  const tick = () => {
    $('#progress-text').textContent = `${text} · ${Math.floor((performance.now() - t0) / 1000)} s`;
  };
  tick();
  busy.ticker = setInterval(tick, 250);
  $('#progress').hidden = false;
}

/** Progress `p` from the worker while reading `file` (started at `t0`). */
export function updateProgress(p, t0, file, fromView) {
  if (p.phase === 'counting') {
    showBusy(`Read ${file.name}; computing the report${fromView ? ' with the view from the link' : ''}`, performance.now());
    return;
  }
  const secs = (performance.now() - t0) / 1000;
  const rate = p.bytes / Math.max(secs, 0.001);
  const left = rate > 0 ? (p.total - p.bytes) / rate : 0;
  $('#progress-bar').value = p.bytes;
  $('#progress-text').textContent = `${formatBytes(p.bytes)} of ${formatBytes(p.total)} · ${groupDigits(Math.round(p.rows))} rows · ${formatBytes(rate)}/s · about ${Math.ceil(left)} s left`;
}

export function hideProgress() {
  stopTicker();
  $('#progress').hidden = true;
}
