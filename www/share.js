// Sharing a figure: downloads (PNG at 2x/3x, SVG, CSV of its numbers), the
// embed snippet, the link to the whole view, alt text, and the data table a
// screen reader can reach. Shared by the report page and the embed page.
//
// Links carry JSON, deflated by the browser (CompressionStream) and written
// in base64url: "v1." + payload. Only aggregates ever go into a link: a
// figure's labels and counts, or the reading's corrections and splits; never
// a respondent's row.

import { drawFit, figureSvg, figureCsv, figureAlt, figureTable as figureRows } from './pkg/survey_report.js';
import { el } from './dom.js';

/** The version prefix of every encoded link payload. */
export const LINK_VERSION = 'v1';
/** Longest link payload accepted, in characters (a figure takes about 1-3 KB). */
export const MAX_LINK_CHARS = 64 * 1024;
/** Most bytes a link payload may inflate to (a deflate bomb stops here). */
export const MAX_LINK_BYTES = 512 * 1024;

function toBase64Url(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('it contains characters that are not base64url');
  let bin;
  try {
    bin = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  } catch {
    throw new Error('it is cut short (its base64url text has a wrong length)');
  }
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i += 1) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

async function pump(stream, limit) {
  const reader = stream.getReader();
  const parts = [];
  let size = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      throw new Error(`it inflates to more than ${limit} bytes`);
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** JSON value -> "v1.<base64url(deflate-raw(JSON))>". */
export async function encodeLink(value) {
  const json = new TextEncoder().encode(JSON.stringify(value));
  const packed = await pump(new Blob([json]).stream().pipeThrough(new CompressionStream('deflate-raw')), Infinity);
  return `${LINK_VERSION}.${toBase64Url(packed)}`;
}

/** A URL fragment as text; throws saying so when its % escapes are broken. */
export function fragmentText(fragment) {
  try {
    return decodeURIComponent(fragment);
  } catch {
    throw new Error('its % escapes are broken (was the link cut or changed?)');
  }
}

/** The inverse of encodeLink; throws an Error saying what is wrong with the text. */
export async function decodeLink(text) {
  if (typeof text !== 'string' || text.length === 0) throw new Error('it is empty');
  if (text.length > MAX_LINK_CHARS) throw new Error(`it is ${text.length} characters long (at most ${MAX_LINK_CHARS})`);
  const dot = text.indexOf('.');
  const version = dot < 0 ? '' : text.slice(0, dot);
  if (version !== LINK_VERSION) throw new Error(`it is not a version ${LINK_VERSION} link`);
  const packed = fromBase64Url(text.slice(dot + 1));
  let bytes;
  try {
    bytes = await pump(new Blob([packed]).stream().pipeThrough(new DecompressionStream('deflate-raw')), MAX_LINK_BYTES);
  } catch (e) {
    if (/inflates/.test(e.message)) throw e;
    throw new Error('its data is damaged (it does not inflate)');
  }
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new Error('its data is not valid JSON');
  }
}

/** Text for an HTML attribute value in a snippet someone pastes elsewhere. */
export function escapeAttribute(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** Column names of the figure's table as a reader sees them (the CSV keeps the short ones). */
const COLUMN_NAMES = {
  label: 'Answer', series: 'Group', count: 'Count', base: 'Base', percent: '%',
  ci95_low_percent: '95% interval from (%)', ci95_high_percent: 'to (%)',
  key: 'Key', top_two_percent: 'Top two (%)',
};

/** The figure's numbers as a table: the rows of its CSV, made in Rust. */
export function figureTable(fig) {
  const [head, ...rows] = figureRows(fig);
  // One group only ("All"): its column says nothing.
  const drop = head.indexOf('series') >= 0 && rows.every((r) => r[head.indexOf('series')] === 'All') ? head.indexOf('series') : -1;
  const keep = (cells) => cells.filter((_, i) => i !== drop);
  const numeric = (name) => !['label', 'series', 'key', 'message'].includes(name);
  return el('table', { class: 'data-table' },
    el('caption', {}, `${fig.title} (${fig.subtitle})`),
    el('thead', {}, el('tr', {}, ...keep(head).map((h) => el('th', { scope: 'col', class: numeric(h) ? 'num' : null }, COLUMN_NAMES[h] || h)))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, ...keep(r).map((cell, i) => {
      const name = keep(head)[i];
      return i === 0 ? el('th', { scope: 'row' }, cell) : el('td', { class: numeric(name) ? 'num' : null }, cell);
    })))));
}

/**
 * Contents made when a toggle is first opened: a report can have hundreds
 * of figures, and a closed <details> shows nothing, not even to a screen
 * reader, so nothing is lost by waiting.
 */
function lazyDetails(attrs, summary, make) {
  const details = el('details', attrs, summary);
  details.addEventListener('toggle', () => {
    if (details.open && details.childElementCount === 1) details.append(make());
  });
  return details;
}

/** A "Show table" toggle holding the figure's data table. */
export function tableToggle(fig) {
  return lazyDetails({ class: 'fig-table no-print' }, el('summary', {}, 'Show the numbers as a table', el('span', { class: 'visually-hidden' }, ` of “${fig.title}”`)), () => figureTable(fig));
}

/** Alt text from the numbers (computed in Rust). */
export function altText(fig) {
  if (typeof fig.alt === 'string') return fig.alt;
  try {
    return figureAlt(fig);
  } catch {
    return `${fig.title}. ${fig.subtitle}`;
  }
}

function download(name, blob) {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The figure drawn into a canvas `scale` times its CSS size: text is drawn at that scale, not upscaled. */
export function figurePng(fig, cssWidth, scale) {
  const canvas = document.createElement('canvas');
  drawFit(canvas, fig, cssWidth, scale, false);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be made'))), 'image/png'));
}

/** Width of downloads and embeds, in CSS pixels: what a blog column holds. */
export const EXPORT_WIDTH = 720;

async function copy(text, out, done) {
  out.value = text;
  out.hidden = false;
  try {
    await navigator.clipboard.writeText(text);
    done('Copied to the clipboard.');
  } catch {
    out.focus();
    out.select();
    done('Select the text below and copy it (Ctrl+C / ⌘C).');
  }
}

/**
 * The actions menu of one figure. `context` gives what the menu cannot know:
 * `embedUrl(fig)` and `viewUrl(fig)` (promises of absolute URLs), and
 * `fileStem` for download names.
 */
export function figureActions(fig, context) {
  return lazyDetails({ class: 'fig-actions no-print' },
    // The visible words start the accessible name; the title tells the many menus apart.
    el('summary', {}, 'Share / download', el('span', { class: 'visually-hidden' }, ` “${fig.title}”`)),
    () => actionsBody(fig, context));
}

function actionsBody(fig, context) {
  const status = el('p', { class: 'small fig-actions-status', role: 'status', 'aria-live': 'polite' });
  const out = el('textarea', { class: 'fig-actions-out', readonly: true, rows: 4, hidden: true, 'aria-label': `Text to copy for “${fig.title}”` });
  const say = (text) => { status.textContent = text; };
  const stem = `${context.fileStem || 'survey'}-${fig.id}`;
  const button = (label, action, attrs = {}) => {
    const b = el('button', { type: 'button', class: 'button small-button', ...attrs }, label);
    b.addEventListener('click', async () => {
      try {
        await action();
      } catch (e) {
        say(`Could not do that: ${e && e.message ? e.message : e}`);
      }
    });
    return b;
  };
  const buttons = [
    button('PNG 2×', async () => { download(`${stem}@2x.png`, await figurePng(fig, EXPORT_WIDTH, 2)); say('PNG downloaded (2×).'); }, { 'data-action': 'png2' }),
    button('PNG 3×', async () => { download(`${stem}@3x.png`, await figurePng(fig, EXPORT_WIDTH, 3)); say('PNG downloaded (3×).'); }, { 'data-action': 'png3' }),
    button('SVG', () => { download(`${stem}.svg`, new Blob([figureSvg(fig, EXPORT_WIDTH, false)], { type: 'image/svg+xml' })); say('SVG downloaded.'); }, { 'data-action': 'svg' }),
    // figureCsv is the whole file, its byte-order mark (for Excel) included: the command line writes the same bytes.
    button('Data (CSV)', () => { download(`${stem}.csv`, new Blob([figureCsv(fig)], { type: 'text/csv' })); say('CSV of the numbers downloaded.'); }, { 'data-action': 'csv' }),
    button('Copy embed code', async () => copy(embedSnippet(fig, await context.embedUrl(fig)), out, say), { 'data-action': 'embed' }),
    button('Copy link', async () => copy(await context.viewUrl(fig), out, say), { 'data-action': 'link' }),
    button('Copy alt text', () => copy(altText(fig), out, say), { 'data-action': 'alt' }),
  ];
  return el('div', { class: 'fig-actions-body' }, el('div', { class: 'fig-actions-buttons' }, ...buttons), status, out);
}

/** The <iframe> snippet for a blog post; its height is corrected by the page's message (README). */
export function embedSnippet(fig, url) {
  return `<iframe src="${escapeAttribute(url)}" title="${escapeAttribute(fig.title)}" width="100%" height="480" style="border:0;width:100%" loading="lazy" data-survey-report></iframe>`;
}
