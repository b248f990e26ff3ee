// Sharing a figure: downloads (PNG at 2x/3x, SVG, CSV of its numbers), the
// embed snippet, the link to the whole view, alt text, and the data table a
// screen reader can reach. Shared by the report page and the embed page.
//
// Links carry JSON, deflated by the browser (CompressionStream) and written
// in base64url: "v1." + payload. Only aggregates ever go into a link: a
// figure's labels and counts, or the reading's corrections and splits; never
// a respondent's row.

// The wasm functions come from the module the page chose (useWasm): the
// report page's, which also reads, or the embed's drawing-only module.
let wasm = null;

/** Gives share.js the wasm module's drawing and export functions. */
export function useWasm(module) {
  wasm = module;
}

const drawFit = (...a) => wasm.drawFit(...a);
const figureHeight = (...a) => wasm.figureHeight(...a);
const figureSvg = (...a) => wasm.figureSvg(...a);
const figureCsv = (...a) => wasm.figureCsv(...a);
const figureAlt = (...a) => wasm.figureAlt(...a);
const figureRows = (...a) => wasm.figureTable(...a);
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
  group_letter: 'Group letter', higher_than_groups: 'Higher than groups (5%, BH)',
};

/**
 * The figure's numbers as a table: the rows of its CSV, made in Rust.
 * `rowButton(label)`, when given, may make a row's first cell a control
 * (the report page's filter buttons); null keeps it text.
 */
export function figureTable(fig, { rowButton = null } = {}) {
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
      return i === 0 ? el('th', { scope: 'row' }, (rowButton && rowButton(cell)) || cell) : el('td', { class: numeric(name) ? 'num' : null }, cell);
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

/** A "Show table" toggle holding the figure's data table (`options` as figureTable takes them). */
export function tableToggle(fig, options = {}) {
  return lazyDetails({ class: 'fig-table no-print' }, el('summary', {}, 'Show the numbers as a table', el('span', { class: 'visually-hidden' }, ` of “${fig.title}”`)), () => figureTable(fig, options));
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
  const embed = embedChoices(fig);
  const buttons = [
    button('PNG 2×', async () => { download(`${stem}@2x.png`, await figurePng(fig, EXPORT_WIDTH, 2)); say('PNG downloaded (2×).'); }, { 'data-action': 'png2' }),
    button('PNG 3×', async () => { download(`${stem}@3x.png`, await figurePng(fig, EXPORT_WIDTH, 3)); say('PNG downloaded (3×).'); }, { 'data-action': 'png3' }),
    button('SVG', () => { download(`${stem}.svg`, new Blob([figureSvg(fig, EXPORT_WIDTH, false)], { type: 'image/svg+xml' })); say('SVG downloaded.'); }, { 'data-action': 'svg' }),
    // figureCsv is the whole file, its byte-order mark (for Excel) included: the command line writes the same bytes.
    button('Data (CSV)', () => { download(`${stem}.csv`, new Blob([figureCsv(fig)], { type: 'text/csv' })); say('CSV of the numbers downloaded.'); }, { 'data-action': 'csv' }),
    button('Copy embed code', async () => copy(embedSnippet(fig, await context.embedUrl(fig), { ...embed.read(), survey: context.surveyTitle }), out, say), { 'data-action': 'embed' }),
    button('Copy link', async () => copy(await context.viewUrl(fig), out, say), { 'data-action': 'link' }),
    button('Copy alt text', () => copy(altText(fig), out, say), { 'data-action': 'alt' }),
  ];
  return el('div', { class: 'fig-actions-body' }, el('div', { class: 'fig-actions-buttons' }, ...buttons), embed.fieldset, status, out);
}

/** Widths offered for an embed, in CSS pixels; "custom" takes any in EMBED_WIDTHS_RANGE. */
export const EMBED_WIDTHS = [360, 540, 720];
/** The narrowest and widest embed a person may ask for (labels wrap down to 360). */
export const EMBED_WIDTHS_RANGE = [360, 1200];
/** Themes an embed can be pinned to; "auto" follows the reader's setting. */
export const EMBED_THEMES = { auto: 'Follow the reader', light: 'Light', dark: 'Dark' };

/** The embed's options in the menu: width, theme, credit link, resize script. */
function embedChoices(fig) {
  const id = (name) => `embed-${name}-${fig.id}`;
  const width = el('select', { id: id('width'), 'data-embed': 'width' },
    ...EMBED_WIDTHS.map((w) => el('option', { value: String(w), selected: w === EXPORT_WIDTH }, `${w} px`)),
    el('option', { value: 'custom' }, 'custom'));
  const custom = el('input', {
    type: 'number', id: id('custom'), 'data-embed': 'custom', min: String(EMBED_WIDTHS_RANGE[0]), max: String(EMBED_WIDTHS_RANGE[1]),
    step: '10', value: String(EXPORT_WIDTH), hidden: true, 'aria-label': 'Embed width in pixels',
  });
  width.addEventListener('change', () => { custom.hidden = width.value !== 'custom'; });
  const theme = el('select', { id: id('theme'), 'data-embed': 'theme' },
    ...Object.entries(EMBED_THEMES).map(([value, label]) => el('option', { value }, label)));
  const check = (name, label) => {
    const box = el('input', { type: 'checkbox', id: id(name), 'data-embed': name });
    return [box, el('label', { class: 'embed-check' }, box, ` ${label}`)];
  };
  const [credit, creditLabel] = check('credit', 'link the credit to the report');
  const [script, scriptLabel] = check('script', 'add the auto-resize script');
  const fieldset = el('fieldset', { class: 'embed-options' }, el('legend', {}, 'Embed code options'),
    el('label', { for: id('width') }, 'Width '), width, custom, ' ',
    el('label', { for: id('theme') }, 'Theme '), theme, ' ', creditLabel, ' ', scriptLabel);
  const read = () => ({
    width: embedWidth(width.value === 'custom' ? custom.value : width.value),
    theme: theme.value,
    linkReport: credit.checked,
    script: script.checked,
  });
  return { fieldset, read };
}

/** A width asked for, as a whole number of pixels within EMBED_WIDTHS_RANGE. */
export function embedWidth(value) {
  const w = Math.round(Number(value));
  const [lo, hi] = EMBED_WIDTHS_RANGE;
  return Number.isFinite(w) ? Math.min(hi, Math.max(lo, w)) : EXPORT_WIDTH;
}

/** The embed's credit line: the survey its numbers are from, then the tool. */
export function creditText(fig, survey) {
  const from = (survey || fig.source || '').trim().replace(/\.$/, '');
  return { from: from ? `${from}. ` : '', made: 'Made with survey-report', end: '.' };
}

/** Size and line height of the credit (embed.css), in CSS pixels. */
const CREDIT_FONT = 13;
const CREDIT_LINE = 18;
/** The table toggle (28) and the margins around it and the credit (4 + 4 + 8). */
const EMBED_CHROME_FIXED = 44;

/** Lines the credit takes in an embed `width` px wide (word wrap measured by a canvas, in the page's font). */
function creditLines(text, width) {
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = `${CREDIT_FONT}px ${getComputedStyle(document.body).fontFamily}`;
  const room = width - 16; // the credit's side margins
  let lines = 1;
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (line && ctx.measureText(next).width > room) {
      lines += 1;
      line = word;
    } else {
      line = next;
    }
  }
  return lines;
}

/**
 * Height of the embed page around its figure at `width`, in CSS pixels: the
 * table toggle and the credit (embed.css fixes their sizes). The browser
 * test checks it against the page at every width of the sample's figures.
 */
export function embedChrome(fig, width, survey) {
  const c = creditText(fig, survey);
  return EMBED_CHROME_FIXED + CREDIT_LINE * creditLines(`${c.from}${c.made}${c.end}`, width);
}

/** The embed's options as the part of its fragment after the figure ("&w=720&theme=dark"). */
export function embedOptions({ width, theme, linkReport, script, survey }) {
  const q = new URLSearchParams();
  q.set('w', String(width));
  if (theme && theme !== 'auto') q.set('theme', theme);
  if (linkReport) q.set('credit', 'link');
  // With the script the parent sizes the frame to the page; without it the
  // page fits the figure into the frame it was given.
  if (script) q.set('fit', 'content');
  if (survey) q.set('survey', String(survey).slice(0, 200));
  return q.toString();
}

/** The listener a blog page needs for the auto-resize option (README: "Embeds"). */
export const RESIZE_SCRIPT = "<script>addEventListener('message', (e) => { if (e.data && e.data.type === 'survey-report:height') for (const f of document.querySelectorAll('iframe[data-survey-report]')) if (f.contentWindow === e.source) f.style.height = e.data.height + 'px'; });</script>";

/**
 * The <iframe> snippet for a blog post, `options` as embedChoices reads
 * them. Its height is the figure's at the chosen width plus the page's
 * chrome; it is at most that wide and as wide as the column when the column
 * is narrower. A narrower figure needs more height (labels wrap), which a
 * CSS aspect-ratio would take away, so the height stays and the embed page
 * fits the figure into it (embed.js): nothing is cut and no scrollbar shows,
 * with or without the optional script.
 */
export function embedSnippet(fig, url, options = {}) {
  const width = embedWidth(options.width ?? EXPORT_WIDTH);
  const height = Math.ceil(figureHeight(fig, width)) + embedChrome(fig, width, options.survey);
  const src = `${url}&${embedOptions({ ...options, width })}`;
  const frame = `<iframe src="${escapeAttribute(src)}" title="${escapeAttribute(fig.title)}" width="${width}" height="${height}" style="border:0;width:100%;max-width:${width}px;height:${height}px" loading="lazy" data-survey-report></iframe>`;
  return options.script ? `${frame}\n${RESIZE_SCRIPT}` : frame;
}
