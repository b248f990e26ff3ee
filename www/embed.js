// One figure, embedded in someone's page with an <iframe>. Its numbers come
// from the URL fragment (never sent to any server); nothing else is loaded.
//
// The fragment is the figure's link ("v1.…") and then the author's options
// ("&w=720&theme=dark&credit=link&fit=content&survey=…", share.js
// embedOptions). Without fit=content the frame has the fixed height of the
// embed code, and when the frame is narrower than the author chose (the
// figure gets taller as its labels wrap) the figure is laid out wider and
// drawn smaller so all of it fits: never cut, no scrollbar. With fit=content
// (the author added the resize script) it is drawn at the frame's width and
// the page tells its parent its height after every draw (README: "Embeds").

// The drawing-only module (pkg/draw/): no reader, no presets.
import init, * as wasm from './pkg/draw/survey_report.js';
import { el } from './dom.js';
import { decodeLink, fragmentText, altText, tableToggle, creditText, EMBED_THEMES, embedWidth, useWasm } from './share.js';

const { drawFit, figureHeight, checkFigure, embedFigure } = wasm;
useWasm(wasm);

const root = document.querySelector('#embed');
const prefersDark = matchMedia('(prefers-color-scheme: dark)');
let figure = null;
let canvas = null;
let lastKey = '';
let options = { theme: 'auto', fit: 'frame', width: null, creditLink: false, survey: '' };
/** Height of everything but the figure, measured with the table closed. */
let chrome = 0;

const isDark = () => (options.theme === 'auto' ? prefersDark.matches : options.theme === 'dark');
const framed = () => window.parent !== window;

function tellHeight() {
  const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
  if (framed()) window.parent.postMessage({ type: 'survey-report:height', height }, '*');
}

/** The options after the figure in the fragment; unknown or bad values are ignored. */
function readOptions(text) {
  const q = new URLSearchParams(text);
  const theme = q.get('theme');
  return {
    theme: Object.hasOwn(EMBED_THEMES, theme) ? theme : 'auto',
    // Links made before the options (no "w") are drawn as they were: at the
    // frame's width, telling the parent the height (their code had no fixed fit).
    fit: q.get('fit') === 'content' || !q.has('w') ? 'content' : 'frame',
    width: q.has('w') ? embedWidth(q.get('w')) : null,
    creditLink: q.get('credit') === 'link',
    survey: (q.get('survey') || '').slice(0, 200),
  };
}

/**
 * The width to lay the figure out at so it fits `room` CSS pixels of height
 * when drawn `width` wide: the frame's width when it fits, else the
 * narrowest wider layout that, scaled down to `width`, is short enough.
 */
function layoutWidth(width, room) {
  if (options.fit === 'content' || !framed() || room <= 0) return width;
  const fits = (w) => (figureHeight(figure, w) * width) / w <= room;
  if (fits(width)) return width;
  let lo = width;
  let hi = Math.max(width * 2, options.width || 0);
  while (!fits(hi) && hi < width * 8) hi *= 2;
  while (hi - lo > 2) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

function draw() {
  if (!figure) return;
  const width = Math.max(260, Math.floor(root.clientWidth));
  const dpr = window.devicePixelRatio || 1;
  const key = `${width}:${window.innerHeight}:${dpr}:${isDark()}`;
  if (key === lastKey) return;
  lastKey = key;
  const layout = layoutWidth(width, window.innerHeight - chrome);
  // Drawn at `layout` CSS pixels into a backing store `width` x dpr wide.
  const h = (drawFit(canvas, figure, layout, (dpr * width) / layout, isDark()) * width) / layout;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${h}px`;
  canvas.dataset.drawn = '1';
  canvas.dataset.layoutWidth = String(layout);
  const details = root.querySelector('details');
  if (!details || !details.open) {
    const measured = Math.ceil(document.documentElement.getBoundingClientRect().height - canvas.getBoundingClientRect().height);
    // The credit may wrap differently at this width: fit again with its real height.
    if (measured !== chrome) {
      chrome = measured;
      lastKey = '';
      draw();
      return;
    }
  }
  tellHeight();
}

function fail(message) {
  root.replaceChildren(el('p', { class: 'error', role: 'alert' }, `This embedded figure cannot be shown: ${message}.`),
    el('p', { class: 'small' }, el('a', { href: './', target: '_blank', rel: 'noopener' }, 'Open the survey report')));
  document.body.dataset.ready = 'error';
  tellHeight();
}

/** The credit: the survey the numbers are from, and the tool, linked only when the author asked. */
function credit(fig) {
  const c = creditText(fig, options.survey);
  const made = options.creditLink ? el('a', { href: './', target: '_blank', rel: 'noopener' }, c.made) : c.made;
  return el('p', { class: 'small embed-credit' }, c.from, made, c.end);
}

async function main() {
  await init();
  let fig;
  try {
    const text = fragmentText(location.hash.slice(1));
    const amp = text.indexOf('&');
    const link = amp < 0 ? text : text.slice(0, amp);
    if (!link) throw new Error('the link has no figure in it (nothing after #)');
    options = readOptions(amp < 0 ? '' : text.slice(amp + 1));
    fig = await decodeLink(link);
    checkFigure(fig);
    fig = embedFigure(fig);
  } catch (e) {
    fail(e && e.message ? e.message.replace(/\.$/, '') : String(e));
    return;
  }
  figure = fig;
  document.documentElement.dataset.theme = options.theme;
  document.title = fig.title;
  canvas = el('canvas', { role: 'img', 'aria-label': altText(fig), 'data-figure': fig.id });
  root.replaceChildren(
    // The title is drawn in the figure; screen readers get it as the heading.
    el('h1', { class: 'visually-hidden' }, fig.title),
    el('figure', { class: 'figure', 'data-figure': fig.id }, canvas,
      // The note is drawn under the figure; screen readers get it here.
      el('figcaption', { class: 'visually-hidden' }, `${fig.title}. ${fig.subtitle}`, fig.note ? ` ${fig.note}` : '')),
    tableToggle(fig),
    credit(fig));
  draw();
  new ResizeObserver(() => draw()).observe(root);
  window.addEventListener('resize', () => draw());
  prefersDark.addEventListener('change', () => { lastKey = ''; draw(); });
  root.querySelector('details').addEventListener('toggle', tellHeight);
  document.body.dataset.ready = '1';
}

main().catch((e) => fail(e && e.message ? e.message : String(e)));
