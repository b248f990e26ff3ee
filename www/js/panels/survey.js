// Which survey the page reports. A file that asks at least half of the
// preset's questions is the paper's survey: the page is the paper's results
// section. Any other file is reported as itself: its own title (its name, or
// one the person types), "Every question" first, and the paper's sections
// folded into "Compare with the paper's questionnaire".

import { el } from '../../dom.js';
import { scheduleDraw } from '../draw-queue.js';
import { state } from '../state.js';
import { paperNotes } from './notices.js';

const $ = (sel) => document.querySelector(sel);

/** The page sections of the paper, in their order. */
const PAPER_SECTIONS = ['who', 'results', 'analysis', 'claims'];

/** The paper's title and subtitle as index.html writes them, kept for files that fit. */
const paper = { title: null, sub: null, documentTitle: null };

/** The toc's link to the folded paper part, wired once. */
let compareLinkWired = false;

/**
 * Whether the file is the preset's survey: `{ fits, found, asked }`.
 * TO SWITCH: once the report carries `report.preset.fits` (with `found` and
 * `asked`), that field decides and the count below goes; until then the same
 * rule is counted here from `report.mapping` (questions found of those asked).
 */
export function presetFit(r) {
  if (typeof r.preset.fits === 'boolean') return { fits: r.preset.fits, found: r.preset.found, asked: r.preset.asked };
  const asked = r.mapping.length;
  const found = r.mapping.filter((m) => m.question !== null && m.question !== undefined).length;
  return { fits: asked > 0 && found * 2 >= asked, found, asked };
}

/** Where the title a person typed for a file is kept: beside its corrections, same fingerprint. */
function titleKey() {
  return state.fileKey ? state.fileKey.replace(/^survey-report:corrections:/, 'survey-report:title:') : null;
}

function savedTitle() {
  try {
    return titleKey() ? localStorage.getItem(titleKey()) || '' : '';
  } catch {
    return '';
  }
}

function saveTitle(text) {
  try {
    if (!titleKey()) return;
    if (text) localStorage.setItem(titleKey(), text);
    else localStorage.removeItem(titleKey());
  } catch {
    // Storage may be full or disabled; the title still shows now.
  }
}

/** The survey a figure of this report is from, as an embed's credit names it:
 * the preset's title when the file is its survey, else the title typed for
 * the file or its name. */
export function surveyName(r) {
  return presetFit(r).fits ? r.preset.title : savedTitle() || fileTitle(r);
}

/** The file's own title: its name without the extension(s). */
function fileTitle(r) {
  return String(r.input.name || 'Survey').replace(/(\.(csv|tsv|txt|zip|gz))+$/i, '') || 'Survey';
}

function showTitle(text, sub) {
  $('#page-title').textContent = text;
  $('#page-sub').textContent = sub;
  document.title = sub ? `${text}: ${sub}` : text;
}

/** The title line: the paper's, or the survey's own with its input. */
function placeTitle(fits, r) {
  if (paper.title === null) {
    paper.title = $('#page-title').textContent;
    paper.sub = $('#page-sub').textContent;
    paper.documentTitle = document.title;
  }
  const input = $('#survey-title');
  $('#title-edit').hidden = fits;
  if (fits) {
    $('#page-title').textContent = paper.title;
    $('#page-sub').textContent = paper.sub;
    document.title = paper.documentTitle;
    return;
  }
  const own = fileTitle(r);
  // The file line under it already says how many answered.
  const sub = '';
  input.placeholder = own;
  input.value = savedTitle();
  input.oninput = () => {
    saveTitle(input.value.trim());
    showTitle(input.value.trim() || own, sub);
  };
  showTitle(input.value.trim() || own, sub);
}

/** The folded paper part, made once. */
function compareBox() {
  let box = $('#paper-compare');
  if (!box) {
    box = el('details', { id: 'paper-compare', class: 'paper-compare' },
      el('summary', {}, el('span', { class: 'compare-title' }, 'Compare with the paper’s questionnaire'), el('span', { id: 'compare-count', class: 'small' })),
      el('p', { id: 'compare-note', class: 'small' }),
      el('ul', { id: 'paper-missing', class: 'notices' }));
    // Figures in a closed box were sized to nothing: drawn again at their width once open.
    box.addEventListener('toggle', () => scheduleDraw());
  }
  return box;
}

/** The sections in the order of a file that fits (the paper first) or not ("Every question" first). */
function placeSections(fits, r, fit) {
  const reading = $('#reading');
  const every = $('#every');
  const sections = PAPER_SECTIONS.map((id) => document.getElementById(id));
  const box = compareBox();
  if (fits) {
    reading.after(...sections, every);
    box.remove();
  } else {
    box.querySelector('#compare-count').textContent = ` · this file asks ${fit.found} of its ${fit.asked} questions`;
    box.querySelector('#compare-note').textContent = `This file is not the survey of the paper (${r.preset.title}): its questions are reported above. Below, the paper's sections recomputed from the questions it shares with the paper's questionnaire.`;
    box.querySelector('#paper-missing').replaceChildren(...paperNotes(r));
    // Folded when the page turns to the file's own report; a recomputation
    // (a correction, a split) leaves it as the person left it.
    if (!box.isConnected) box.open = false;
    box.append(...sections);
    reading.after(every, box);
  }
  for (const a of document.querySelectorAll('.toc a[data-toc="paper"]')) a.hidden = !fits;
  $('.toc a[data-toc="compare"]').hidden = fits;
}

/** Frames the page for report `r` as the paper's survey or as its own; returns whether it fits. */
export function frameReport(r) {
  const fit = presetFit(r);
  if (!compareLinkWired) {
    // The toc's link to the folded paper part opens it.
    $('.toc a[data-toc="compare"]').addEventListener('click', () => { compareBox().open = true; });
    compareLinkWired = true;
  }
  document.body.dataset.survey = fit.fits ? 'paper' : 'own';
  placeTitle(fit.fits, r);
  placeSections(fit.fits, r, fit);
  return fit.fits;
}

