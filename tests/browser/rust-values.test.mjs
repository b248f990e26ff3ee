// The page shows what Rust sends instead of re-deriving it (issue #13): an
// error's kind and place, the question the classification rules read (from
// the preset), which questions can be split and by which, the kinds and the
// verdicts' words. Rust's side is asked directly, in the page, through the
// same wasm module the page uses.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, readFile, SAMPLE_NAME } from './helpers.mjs';

const withPage = useBrowser(before, after);

const KAGGLE_TITLE = 'Kaggle Machine Learning & Data Science Survey 2020';

/** Waits until no read or recomputation is under way. */
async function settled(page) {
  await page.waitForFunction(() => !document.querySelector('#report').hasAttribute('aria-busy'));
}

/** The error box's data attributes. */
function errorData(page) {
  return page.$eval('#error', (box) => ({ ...box.dataset }));
}

/**
 * The report Rust makes of the bundled sample, read with `overrides`,
 * straight from the reader module (a Workbench of its own, in the page).
 */
async function rustReport(page, overrides = null) {
  return page.evaluate(async ([name, o]) => {
    // The page's module, as the worker loads it.
    const wasm = await import(new URL('pkg/survey_report.js', location.href).href);
    await wasm.default();
    const bytes = new Uint8Array(await (await fetch(name)).arrayBuffer());
    const bench = new wasm.Workbench(bytes, name);
    try {
      if (o) bench.setOverrides(o);
      return { ...bench.report(), kinds: wasm.kinds() };
    } finally {
      bench.free();
    }
  }, [SAMPLE_NAME, overrides]);
}

/** `{ question id: [split-by choices] }` of every split menu, each filled first (they fill on focus). */
async function splitMenus(page) {
  return page.$$eval('select[data-split]', (selects) => Object.fromEntries(selects.map((s) => {
    s.dispatchEvent(new Event('focus'));
    return [s.dataset.split, [...s.options].map((o) => o.value).filter(Boolean)];
  })));
}

/** The split menus Rust's report calls for: questions it can split, by those it can split by (menus show 2-30 groups). */
function expectedMenus(report) {
  const by = report.questions.filter((q) => q.can_split_by && q.options.length >= 2 && q.options.length <= 30);
  return Object.fromEntries(report.questions
    .filter((q) => q.can_split && by.some((b) => b.id !== q.id))
    .map((q) => [q.id, by.filter((b) => b.id !== q.id).map((b) => b.id)]));
}

test('an error reaches the page with its kind and its place, the words unchanged', async () => {
  await withPage({}, async ({ page, pageErrors }) => {
    // A quote opened in the header and never closed: row 1, column 2.
    let r = await readFile(page, 'open-quote.csv', Buffer.from('a,"b\n1,2\n3,4\n'));
    assert.match(r.error, /^This file could not be read\. open-quote\.csv: row 1 \(the header\), column 2 \(“b”\): a quote opened in the header is never closed/);
    assert.deepEqual(await errorData(page), { kind: 'malformed', row: '1', column: '2' });

    // Binary bytes: the kind, and the byte of the first NUL as the message says.
    r = await readFile(page, 'binary.csv', Buffer.from([65, 66, 0, 1, 2, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0]));
    assert.match(r.error, /^This file could not be read\. binary\.csv: the file is not text: it has a NUL byte at offset 2 /);
    assert.deepEqual(await errorData(page), { kind: 'not_text', byte: '2' });

    // A file that reads clears the box and its data.
    await page.click('#load-sample');
    await page.waitForSelector(`body[data-loaded="${SAMPLE_NAME}"]`);
    assert.equal(await page.$eval('#error', (box) => box.hidden), true);
    assert.deepEqual(await errorData(page), {});
    assert.deepEqual(pageErrors, []);
  });
});

test('without the question the classification rules read, the page names it from the preset (Kaggle: not "3-month goals")', async () => {
  await withPage({}, async ({ page, pageErrors }) => {
    // Kaggle 2020 headers, without Q22 (the employer's use of ML) that its rules read.
    const headers = [
      'In which country do you currently reside?',
      'Select the title most similar to your current role (or most recent title if retired):',
      'What is the size of the company where you are employed?',
      'Approximately how many individuals are responsible for data science workloads at your place of business?',
    ];
    const rows = [
      'India,Data Scientist,0-49 employees,1-2',
      'United States of America,Data Analyst,50-249 employees,3-4',
      'Brazil,Student,0-49 employees,0',
    ];
    const csv = `${headers.map((h) => `"${h}"`).join(',')}\n${rows.join('\n')}\n`;
    const r = await readFile(page, 'kaggle-like.csv', Buffer.from(csv));
    assert.equal(r.error, null);
    assert.ok(r.facts.Questionnaire.startsWith(`${KAGGLE_TITLE}:`), r.facts.Questionnaire);
    const kaggle = await page.textContent('#rules td[data-unclassified]');
    assert.equal(kaggle, 'The question the rules read, “Does your current employer incorporate machine learning methods into their business?”, is not in this file, so respondents cannot be classified.');
    assert.doesNotMatch(kaggle, /3-month/);

    // The State of ML preset names its own question: the sample with its goals question unmapped.
    await page.click('#load-sample');
    await page.waitForSelector(`body[data-loaded="${SAMPLE_NAME}"]`);
    await settled(page);
    await page.click('#reading-details summary');
    await page.selectOption('select[data-role="goals"]', '');
    await page.waitForSelector('#rules td[data-unclassified]');
    assert.equal(await page.textContent('#rules td[data-unclassified]'),
      'The question the rules read, “What are you trying to accomplish in the next 3 months?”, is not in this file, so respondents cannot be classified.');
    await settled(page);
    await page.click('#reset-corrections');
    await page.waitForSelector('#rules td[data-unclassified]', { state: 'detached' });
    assert.deepEqual(pageErrors, []);
  });
});

test('the split menus follow what Rust sends: a grid read as single choice is neither split nor split by', async () => {
  await withPage({}, async ({ page, pageErrors }) => {
    await settled(page);
    const report = (await rustReport(page)).report;
    const menus = await splitMenus(page);
    assert.deepEqual(menus, expectedMenus(report));
    assert.ok(menus.goals.includes('company_size'), JSON.stringify(menus));

    // The obstacles grid read as single choice: its kind says single, but
    // Rust splits no grid and splits nothing by one.
    const key = report.questions.find((q) => q.id === 'obstacles').key;
    const read = await rustReport(page, { kinds: { [key]: 'single' }, roles: {} });
    const obstacles = read.report.questions.find((q) => q.id === 'obstacles');
    assert.deepEqual([obstacles.kind, obstacles.encoding, obstacles.can_split, obstacles.can_split_by], ['single', 'grid', false, false]);
    await page.click('#reading-details summary');
    await page.selectOption(`#columns select[data-question="${key}"]`, 'single');
    await page.waitForFunction(() => /^single/.test(document.querySelector('[data-question="obstacles"] .small').textContent));
    await settled(page);
    const after = await splitMenus(page);
    assert.deepEqual(after, expectedMenus(read.report));
    assert.equal(after.obstacles, undefined, 'no split menu under the grid');
    assert.ok(Object.values(after).every((choices) => !choices.includes('obstacles')), JSON.stringify(after));
    assert.deepEqual(pageErrors, []);
  });
});

test('a split shown as 100% stacked bars keeps "100% stacked bars" in its menu', async () => {
  await withPage({}, async ({ page, pageErrors }) => {
    await settled(page);
    await page.focus('select[data-split="role"]');
    await page.selectOption('select[data-split="role"]', 'company_size');
    await page.waitForFunction(() => !document.querySelector('select[data-split-mode="role"]').disabled);
    await settled(page);
    await page.selectOption('select[data-split-mode="role"]', 'stacked');
    await page.waitForFunction(() => /100%/.test(document.querySelector('canvas[data-figure="q-role"]').getAttribute('aria-label')));
    await settled(page);
    assert.equal(await page.$eval('select[data-split-mode="role"]', (s) => s.value), 'stacked');
    assert.equal(await page.$eval('select[data-split="role"]', (s) => s.value), 'company_size');
    assert.deepEqual(pageErrors, []);
  });
});

test('the kind menus list the kinds Rust reads, and verdicts, set-aside rows and text come from the report', async () => {
  await withPage({}, async ({ page, pageErrors }) => {
    await settled(page);
    const { report, kinds, rows_set_aside: setAside } = await rustReport(page);
    assert.deepEqual(kinds, ['single', 'multi', 'rating', 'number', 'text', 'skipped']);
    const menus = await page.$$eval('#columns select[data-question]', (ss) => ss.map((s) => [...s.options].map((o) => o.value)));
    assert.ok(menus.length > 0 && menus.every((m) => JSON.stringify(m) === JSON.stringify(kinds)), JSON.stringify(menus[0]));
    const shown = await page.$$eval('#claims-table span.verdict', (ss) => ss.map((s) => s.textContent));
    assert.deepEqual(shown, report.claims.map((c) => c.verdict_label));
    assert.ok(shown.includes('holds'));
    const facts = await page.$$eval('#reading-facts dt', (dts) => Object.fromEntries(dts.map((dt) => [dt.textContent, dt.nextElementSibling.textContent])));
    assert.equal(facts['Rows set aside'], String(setAside));
    const text = Object.fromEntries(report.text.map((s) => [s.id, s.paragraphs]));
    assert.deepEqual(Object.keys(text), ['collection', 'results', 'analysis']);
    assert.equal(await page.textContent('#text-collection'), text.collection.join(' '));
    assert.deepEqual(await page.$$eval('#text-results p', (ps) => ps.map((p) => p.textContent)), text.results);
    assert.deepEqual(await page.$$eval('#text-analysis p', (ps) => ps.map((p) => p.textContent)), text.analysis);
    assert.deepEqual(pageErrors, []);
  });
});
