// Reading any survey in the page: the reading panel and its corrections (kept
// for the same file across a reload), splitting a figure, pasted cells, and a
// real Kaggle export dropped as a zip.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { useBrowser, upload, canvasStats, verdicts, DATA, readFile } from './helpers.mjs';

const REALDATA = fileURLToPath(new URL('../../../shared/realdata/', import.meta.url));
const LAYOUTS = path.join(DATA, 'layouts');

const withPage = useBrowser(before, after);

/** Polls `check` until it holds (counting runs in a worker, so updates are asynchronous). */
async function waitUntil(check, what, timeout = 10000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting until ${what}`);
}

/** The pixels of a canvas, to tell whether a redraw changed it. */
async function pixels(page, id) {
  return page.$eval(`canvas[data-figure="${id}"]`, (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let h = 0;
    for (let i = 0; i < d.length; i += 97) h = (Math.imul(h, 31) + d[i]) >>> 0;
    return `${c.width}x${c.height}:${h}`;
  });
}

test('a SurveyMonkey export is read: layout shown, questions grouped, figures drawn', async () => {
  await withPage({}, async ({ page, pageErrors }) => {
    await upload(page, { name: 'surveymonkey.csv', buffer: fs.readFileSync(path.join(LAYOUTS, 'surveymonkey.csv')) });
    const facts = await page.textContent('#reading-facts');
    assert.match(facts, /SurveyMonkey/);
    assert.match(await page.textContent('#status'), /6 respondents/);
    // The role question feeds Fig. 2, which is drawn; the grid feeds Fig. 6.
    assertDrawn(await canvasStats(page, '.figures canvas[data-figure]'), ['fig2', 'fig3', 'fig6']);
    const kinds = await page.$$eval('#columns select[data-question]', (ss) => ss.map((s) => s.value));
    assert.ok(kinds.includes('multi') && kinds.includes('rating') && kinds.includes('text') && kinds.includes('skipped'), kinds.join());
    assert.deepEqual(pageErrors, []);
  });
});

/** Drops a zip from disk on the page, as a person would, and waits until it is read. */
async function dropZip(page, file) {
  const before = await page.textContent('#status');
  const b64 = fs.readFileSync(file).toString('base64');
  await page.evaluate(([data, name]) => {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], name, { type: 'application/zip' }));
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, [b64, path.basename(file)]);
  await page.waitForFunction((b) => document.querySelector('#status').textContent !== b, before, { timeout: 60000 });
}

function assertDrawn(stats, ids) {
  for (const id of ids) {
    const s = stats.find((x) => x.id === id);
    assert.ok(s, `canvas ${id} exists`);
    assert.ok(s.ink / s.total > 0.02, `canvas ${id} is drawn (${s.ink} of ${s.total} pixels)`);
  }
}

test('changing a kind and a figure role applies at once and survives a reload of the same file', async () => {
  await withPage({}, async ({ page, pageErrors }) => {
    const file = { name: 'google-forms.csv', buffer: fs.readFileSync(path.join(LAYOUTS, 'google-forms.csv')) };
    await upload(page, file);
    await page.click('#reading-details summary');
    // Fig. 2 is fed by the role question; set it to "not in file".
    await page.selectOption('select[data-role="role"]', '');
    // google-forms.csv asks 4 of the paper's 10 questions: its paper part is folded (attached, not shown).
    await page.waitForSelector('figure.missing[data-figure="fig2"]', { state: 'attached' });
    assert.equal(await page.textContent('figure[data-figure="fig2"] .missing-message'), 'question not found in this file');
    // Read the country question as free text: its figure in "every question" goes away, its answers are listed.
    const countryKey = await page.$eval('select[data-role="country"]', (s) => s.value);
    assert.ok(countryKey, 'the country question was guessed');
    await page.selectOption(`#columns select[data-question="${countryKey}"]`, 'text');
    await page.waitForSelector('#every [data-question="country"] ul.samples');
    assert.equal(await page.$('#every canvas[data-figure="q-country"]'), null);
    assert.match(await page.textContent('#every [data-question="country"] ul.samples'), /Finland/);

    // Reload and drop the same file again: the corrections are back.
    await page.reload();
    await page.waitForSelector('body[data-ready="1"]', { state: 'attached' });
    await upload(page, file);
    await page.waitForSelector('figure.missing[data-figure="fig2"]', { state: 'attached' });
    assert.equal(await page.$eval(`#columns select[data-question="${countryKey}"]`, (s) => s.value), 'text');
    // Another file does not inherit them.
    await upload(page, { name: 'typeform.csv', buffer: fs.readFileSync(path.join(LAYOUTS, 'typeform.csv')) });
    assert.equal(await page.$('figure.missing[data-figure="fig2"]'), null, 'typeform.csv has its own (no) corrections');
    // Undo brings the guesses back for the first file.
    await upload(page, file);
    await page.click('#reading-details summary');
    await page.click('#reset-corrections');
    await page.waitForSelector('canvas[data-figure="fig2"]', { state: 'attached' });
    // A role select holds only its choice until first used, then every question.
    const role = 'select[data-role="role"]';
    const roleKey = await page.$eval(role, (s) => s.value);
    assert.equal(await page.$$eval(`${role} option`, (o) => o.length), 2, '"not in file" and the guess');
    await page.focus(role); // its options are made on focus
    const keys = await page.$$eval(`${role} option`, (o) => o.map((x) => x.value));
    assert.ok(keys.length > 2 && keys.includes(roleKey), JSON.stringify(keys));
    assert.equal(await page.$eval(role, (s) => s.value), roleKey, 'filling keeps the choice');
    const other = keys.find((k) => k && k !== roleKey);
    await page.selectOption(role, other);
    await page.waitForFunction(([sel, k]) => document.querySelector(sel).value === k && !document.querySelector('#report').getAttribute('aria-busy'), [role, other]);
    await page.focus(role);
    await page.selectOption(role, roleKey);
    await page.waitForSelector('canvas[data-figure="fig2"]', { state: 'attached' });
    assert.equal(await page.$eval(role, (s) => s.value), roleKey);
    assert.deepEqual(pageErrors, []);
  });
});

test('a figure split by a single-choice question shows one series per group', async () => {
  await withPage({}, async ({ page, pageErrors }) => {
    const before = await pixels(page, 'q-goals');
    await page.focus('select[data-split="goals"]'); // its options are made on focus
    await page.selectOption('select[data-split="goals"]', 'company_size');
    await page.waitForFunction((b) => {
      const c = document.querySelector('canvas[data-figure="q-goals"]');
      return c && c.dataset.drawn === '1' && `${c.width}x${c.height}` !== b.split(':')[0];
    }, before);
    const label = await page.getAttribute('canvas[data-figure="q-goals"]', 'aria-label');
    assert.match(label, /split by “How many employees does your organization have\?”/);
    assert.notEqual(await pixels(page, 'q-goals'), before, 'the split figure was redrawn');
    // As 100% stacked bars (role is single-choice): the figure changes again.
    const grouped = await pixels(page, 'q-role');
    await page.focus('select[data-split="role"]'); // its options are made on focus
    await page.selectOption('select[data-split="role"]', 'company_size');
    await page.waitForFunction(() => /split by/.test(document.querySelector('canvas[data-figure="q-role"]').getAttribute('aria-label')));
    const groupedSplit = await pixels(page, 'q-role');
    await page.selectOption('select[data-split-mode="role"]', 'stacked');
    await waitUntil(async () => (await pixels(page, 'q-role')) !== groupedSplit, 'the stacked figure is drawn');
    assert.notEqual(await pixels(page, 'q-role'), grouped);
    assert.equal(await page.$eval('select[data-split-mode="goals"]', (s) => s.disabled), true, 'a multi-select cannot be stacked to 100%');
    await page.focus('select[data-split="goals"]'); // its options are made on focus
    await page.selectOption('select[data-split="goals"]', '');
    // Counting runs in a worker: wait for the figure to come back unsplit.
    await page.waitForFunction(() => !/split by/.test(document.querySelector('canvas[data-figure="q-goals"]').getAttribute('aria-label')));
    assert.deepEqual(pageErrors, []);
  });
});

test('cells pasted from a spreadsheet are read like a file', async () => {
  await withPage({}, async ({ page, pageErrors }) => {
    const tsv = 'What is your role in your team?\tIn which country do you work?\nModels\tFinland\nData\tUSA\nModels\tGermany\n';
    const before = await page.textContent('#status');
    await page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.setData('text/plain', text);
      document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, tsv);
    await page.waitForFunction((b) => document.querySelector('#status').textContent !== b, before);
    assert.match(await page.textContent('#status'), /^pasted cells · .* 3 rows \(3 respondents\)/);
    assert.match(await page.textContent('#reading-facts'), /tab/);
    assertDrawn(await canvasStats(page, '.figures canvas[data-figure]'), ['fig2', 'continents']);
    assert.deepEqual(pageErrors, []);
  });
});

test('the Kaggle 2020 zip, dropped on the page, gets the maturity analysis drawn', async (t) => {
  const zip = path.join(REALDATA, 'kaggle-survey-2020.zip');
  if (!fs.existsSync(zip)) {
    t.skip('../shared/realdata not found (it is beside the checkout in CI)');
    return;
  }
  await withPage({}, async ({ page, pageErrors }) => {
    await dropZip(page, zip);
    assert.match(await page.textContent('#status'), /20036 respondents/);
    assert.match(await page.textContent('#reading-facts'), /Kaggle/);
    assert.match(await page.textContent('#reading-facts'), /zip: kaggle_survey_2020_responses\.csv/);
    const stats = await canvasStats(page, '#analysis canvas[data-figure]');
    assertDrawn(stats, ['maturity']);
    assert.ok(stats.length >= 2, `maturity and its comparisons are drawn (${stats.map((s) => s.id)})`);
    const rules = await page.textContent('#rules tbody');
    assert.match(rules, /well established ML methods/);
    const v = await verdicts(page);
    assert.ok(Object.keys(v).length > 0, 'the Kaggle preset has claims');
    assert.deepEqual(pageErrors, []);
  });
});

test('the Kaggle 2021 zip keeps its own job titles, and no closed question lumps 1% or more into free text', async (t) => {
  const zip = path.join(REALDATA, 'kaggle-survey-2021.zip');
  if (!fs.existsSync(zip)) {
    t.skip('../shared/realdata not found (it is beside the checkout in CI)');
    return;
  }
  await withPage({}, async ({ page, pageErrors }) => {
    await dropZip(page, zip);
    assert.match(await page.textContent('#status'), /25973 respondents/);
    await page.waitForFunction(() => (document.querySelector('canvas[data-figure="q-title"]')?.getAttribute('aria-label') || '').length > 0, null, { timeout: 30000 });
    const title = await page.getAttribute('canvas[data-figure="q-title"]', 'aria-label');
    assert.match(title, /Program\/Project Manager \d+% \(849 of 25973\)/);
    assert.doesNotMatch(title, /Product\/Project Manager/, 'the 2020 option the file lacks is not drawn');
    // Every figure drawn so far: the free-text bucket of a closed question stays under 1%.
    const alts = await page.$$eval('canvas[data-figure]', (cs) => cs.map((c) => [c.dataset.figure, c.getAttribute('aria-label') || '']));
    assert.ok(alts.length > 20, `figures drawn: ${alts.length}`);
    for (const [id, alt] of alts) {
      const m = alt.match(/Other \(free text\) [<\d]+% \((\d+) of (\d+)\)/);
      if (m) assert.ok(Number(m[1]) * 100 < Number(m[2]), `${id}: ${m[0]}`);
    }
    assert.match(await page.textContent('#notices'), /not offered in this file: Product\/Project Manager/);
    assertDrawn(await canvasStats(page, '#analysis canvas[data-figure]'), ['maturity']);
    assert.deepEqual(pageErrors, []);
  });
});

test('a pandas export: nan is read as no answer, and the reading panel can count it again', async () => {
  await withPage({}, async ({ page, pageErrors }) => {
    const csv = fs.readFileSync(path.join(DATA, 'layouts/real-shapes/pandas-nan.csv'));
    const read = await readFile(page, 'pandas-nan.csv', csv);
    assert.equal(read.error, null);
    assert.ok(read.notices.some((n) => /^“nan” read as no answer in 5 questions \(39 cells\)/.test(n)), read.notices.join(' | '));
    assert.match(await page.textContent('[data-notice="markers"]'), /Missing-value markers \(“nan”, “N\/A”\) are read as no answer/);
    await page.click('[data-notice="markers"] button');
    await page.waitForSelector('[data-notice="markers"] button[data-markers="kept"]');
    assert.match(await page.textContent('[data-notice="markers"]'), /counted as answers/);
    await page.click('[data-notice="markers"] button');
    await page.waitForSelector('[data-notice="markers"] button[data-markers="read"]');
    assert.deepEqual(pageErrors, []);
  });
});

test('a large file shows progress while it is read, and Cancel stops it and keeps the report', async () => {
  await withPage({}, async ({ page, pageErrors }) => {
    // About 80 MB, made in the page from the sample's rows, and dropped.
    await page.evaluate(async () => {
      const text = await (await fetch('./state-of-ml-2020-synthetic.csv')).text();
      const lines = text.split('\r\n');
      const header = lines[0];
      const body = lines.slice(1).filter((l) => l).join('\r\n') + '\r\n';
      const parts = [header + '\r\n'];
      for (let i = 0; i < 500; i += 1) parts.push(body);
      const file = new File(parts, 'big.csv', { type: 'text/csv' });
      const dt = new DataTransfer();
      dt.items.add(file);
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await page.waitForSelector('#progress:not([hidden])');
    await page.waitForFunction(() => document.querySelector('#progress-bar').value > 0);
    assert.match(await page.textContent("#progress-text"), /^[\d.]+ [KM]?B of [\d.]+ MB · [\d,]+ rows · [\d.]+ [KM]?B\/s · about \d+ s left$/);
    await page.click('#cancel');
    await page.waitForSelector('#progress', { state: 'hidden' });
    assert.equal(await page.textContent('#status'), 'Reading cancelled; still showing state-of-ml-2020-synthetic.csv.');
    // The new reader reads the shown file again; the report is redrawn once it has.
    await page.waitForSelector('#report:not([aria-busy])', { state: 'attached' });
    assert.equal(await page.getAttribute('body', 'data-loaded'), 'state-of-ml-2020-synthetic.csv');
    const v = await verdicts(page);
    // N, countries and pipeline_n count the paper's own sample: not comparable (issue 14).
    assert.ok(Object.values(v).every((x) => x === 'holds' || x === 'not_comparable'), 'the sample report is still shown');
    assert.equal(v.N, 'not_comparable');
    // The page still answers: a split is counted by the new reader.
    await page.focus('select[data-split="goals"]'); // its options are made on focus
    await page.selectOption('select[data-split="goals"]', 'company_size');
    await page.waitForFunction(() => /split by/.test(document.querySelector('canvas[data-figure="q-goals"]').getAttribute('aria-label')), null, { timeout: 15000 });
    assert.deepEqual(pageErrors, []);
  });
});

test('a slow recomputation shows what it computes with Cancel, and Cancel brings the report back (issue #12)', async () => {
  await withPage({}, async ({ page, context, pageErrors }) => {
    // A correction that keeps the worker busy for a minute: the worker is
    // served with a wait in its render whenever a question is read as
    // multi-select (setting a 30,000-answer column to multi took 44 s).
    await context.route('**/worker.js', async (route) => {
      const body = (await (await route.fetch()).text()).replace(
        'function render(id, state = {}) {',
        `function render(id, state = {}) {
          if (Object.values((state.overrides && state.overrides.kinds) || {}).includes('multi')) {
            const until = performance.now() + 60000;
            while (performance.now() < until);
          }`,
      );
      assert.ok(body.includes('60000'), 'the worker was patched');
      await route.fulfill({ body, contentType: 'text/javascript' });
    });
    // The route applies to workers started from now on: Cancel starts one.
    await page.reload();
    await page.waitForSelector('body[data-ready="1"]', { state: 'attached' });
    await page.click('#reading-details summary');
    const select = page.locator('#columns select[data-question]').first();
    const key = await select.getAttribute('data-question');
    const before = await select.inputValue();
    assert.notEqual(before, 'multi');
    const beforeVerdicts = await verdicts(page);
    await select.selectOption('multi');
    // Not at once (a quick correction shows no busy line), but soon.
    await page.waitForSelector('#progress:not([hidden])', { timeout: 3000 });
    await page.waitForFunction(() => /· [1-9]\d* s$/.test(document.querySelector('#progress-text').textContent), null, { timeout: 5000 });
    const busy = await page.textContent('#progress-text');
    assert.match(busy, /^Computing the report with the correction \(“.+” read as multi\) · \d+ s$/);
    assert.equal(await page.getAttribute('#report', 'aria-busy'), 'true');
    await page.click('#cancel');
    await page.waitForSelector('#progress', { state: 'hidden' });
    assert.match(await page.textContent('#status'), /^Cancelled: the correction \(“.+” read as multi\) was not applied; the report is as it was\.$/);
    // The new worker re-opens the file with the corrections the report had.
    await page.waitForSelector('#report:not([aria-busy])', { state: 'attached', timeout: 15000 });
    assert.equal(await page.inputValue(`#columns select[data-question="${key}"]`), before);
    assert.deepEqual(await verdicts(page), beforeVerdicts, 'the previous report is back');
    assert.match(await page.textContent('#status'), /^Cancelled:/);
    // Reloaded, the page still has no "multi" saved for the file.
    const saved = await page.evaluate(() => Object.entries(localStorage).map(([, v]) => v).join(' '));
    assert.doesNotMatch(saved, /multi/);
    // The page still answers: a split is counted by the new worker.
    await page.focus('select[data-split="goals"]');
    await page.selectOption('select[data-split="goals"]', 'company_size');
    await page.waitForFunction(() => /split by/.test(document.querySelector('canvas[data-figure="q-goals"]').getAttribute('aria-label')), null, { timeout: 15000 });
    assert.deepEqual(pageErrors, []);
  });
});
