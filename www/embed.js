// One figure, embedded in someone's page with an <iframe>. Its numbers come
// from the URL fragment (never sent to any server); nothing else is loaded.
// The page tells its parent its height after every draw (README: "Embeds").

import init, { drawFit, checkFigure } from './pkg/survey_report.js';
import { el } from './dom.js';
import { decodeLink, fragmentText, altText, tableToggle } from './share.js';

const root = document.querySelector('#embed');
const dark = matchMedia('(prefers-color-scheme: dark)');
let figure = null;
let canvas = null;
let lastKey = '';

function tellHeight() {
  const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
  if (window.parent !== window) window.parent.postMessage({ type: 'survey-report:height', height }, '*');
}

function draw() {
  if (!figure) return;
  const width = Math.max(260, Math.floor(root.clientWidth));
  const dpr = window.devicePixelRatio || 1;
  const key = `${width}:${dpr}:${dark.matches}`;
  if (key === lastKey) return;
  lastKey = key;
  const h = drawFit(canvas, figure, width, dpr, dark.matches);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${h}px`;
  canvas.dataset.drawn = '1';
  tellHeight();
}

function fail(message) {
  root.replaceChildren(el('p', { class: 'error', role: 'alert' }, `This embedded figure cannot be shown: ${message}.`),
    el('p', { class: 'small' }, el('a', { href: './', target: '_blank', rel: 'noopener' }, 'Open the survey report')));
  document.body.dataset.ready = 'error';
  tellHeight();
}

async function main() {
  await init();
  let fig;
  try {
    const hash = fragmentText(location.hash.slice(1));
    if (!hash) throw new Error('the link has no figure in it (nothing after #)');
    fig = await decodeLink(hash);
    checkFigure(fig);
  } catch (e) {
    fail(e && e.message ? e.message.replace(/\.$/, '') : String(e));
    return;
  }
  figure = fig;
  document.title = fig.title;
  canvas = el('canvas', { role: 'img', 'aria-label': altText(fig), 'data-figure': fig.id });
  root.replaceChildren(
    // The title is drawn in the figure; screen readers get it as the heading.
    el('h1', { class: 'visually-hidden' }, fig.title),
    el('figure', { class: 'figure', 'data-figure': fig.id }, canvas,
      el('figcaption', { class: 'visually-hidden' }, `${fig.title}. ${fig.subtitle}`)),
    tableToggle(fig),
    el('p', { class: 'small embed-credit' },
      el('a', { href: './', target: '_blank', rel: 'noopener' }, 'Made with survey-report'),
      ': the full report, and yours from your own CSV, in the browser.'));
  draw();
  new ResizeObserver(() => draw()).observe(root);
  dark.addEventListener('change', () => { lastKey = ''; draw(); });
  root.querySelector('details').addEventListener('toggle', tellHeight);
  document.body.dataset.ready = '1';
}

main().catch((e) => fail(e && e.message ? e.message : String(e)));
