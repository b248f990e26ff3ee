// Two editions side by side (issue #17): a second file, chosen with
// "Compare with another file" or dropped while it is pressed, turns the
// report into a comparison. Real files: Spack 2021 vs 2022, Kaggle 2020 vs
// 2021 (zips whose question codes differ between the years). The figures
// pair both editions, "What changed" says what rose or fell, exports carry
// both editions and the changes, and the person's pairing and names apply.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import Papa from 'papaparse';
import { useBrowser } from './helpers.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
// The real exports sit beside the checkout (../shared/realdata), as in CI.
const REAL = fileURLToPath(new URL('../../../shared/realdata/', import.meta.url));
const SPACK_2021 = path.join(REAL, 'spack-user-survey-2021-responses.csv');
const SPACK_2022 = path.join(REAL, 'spack-user-survey-2022-responses.csv');
const KAGGLE_2020 = path.join(REAL, 'kaggle-survey-2020.zip');
const KAGGLE_2021 = path.join(REAL, 'kaggle-survey-2021.zip');
const SHOTS = '/tmp/s22/shots';
/** Reading and comparing two Kaggle years takes seconds on a busy machine. */
const SLOW = { timeout: 120000 };

const withPage = useBrowser(before, after);

/** Waits until no read or recomputation is under way. */
async function settled(page) {
  await page.waitForFunction(() => !document.querySelector('#report').hasAttribute('aria-busy'), null, SLOW);
}

/** Reads `file` as the report's file (edition A). */
async function openFile(page, file) {
  await page.setInputFiles('#file-input', file);
  await page.waitForFunction((n) => document.body.dataset.loaded === n, path.basename(file), SLOW);
  await settled(page);
}

/** Waits for the comparison to be on the page, its figures drawn. */
async function comparing(page) {
  await page.waitForSelector('body[data-compare] .compare-figures canvas[data-figure][data-drawn="1"]', SLOW);
  await settled(page);
}

/** What the page shows of the comparison: figures (as drawn), text, matching tables. */
function shown(page) {
  return page.evaluate(() => {
    const ids = [...document.querySelectorAll('.compare-figures canvas[data-figure]')].map((c) => c.dataset.figure);
    return {
      heading: document.querySelector('#compare-h').textContent,
      editions: [...document.querySelectorAll('#compare-editions li')].map((li) => li.textContent),
      figures: ids.map((id) => window.surveyReportFigure(id)),
      text: [...document.querySelectorAll('#compare-text p')].map((p) => p.textContent),
      matched: [...document.querySelectorAll('#compare-matched tr[data-matched]')].map((tr) => tr.dataset.matched),
      onlyA: [...document.querySelectorAll('#compare-only-a tr[data-unmatched-a]')].map((tr) => tr.dataset.unmatchedA),
      status: document.querySelector('#status').textContent,
    };
  });
}

/** Runs axe on the comparison and its controls; returns the violations. */
async function auditComparison(page) {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    // `axe` is the global that AXE_SOURCE defined.
    const result = await axe.run({ include: [['#compare'], ['.compare-controls']] }, { resultTypes: ['violations'] });
    return result.violations.map((v) => `[${v.impact}] ${v.id}: ${v.help}\n    ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('\n    ')}`);
  });
}

/** Downloads figure `id`'s CSV through its menu; returns its rows. */
async function figureCsv(page, id) {
  const fig = page.locator(`figure[data-figure="${id}"]`);
  const details = fig.locator('details.fig-actions');
  if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
  const [download] = await Promise.all([page.waitForEvent('download'), fig.locator('button[data-action="csv"]').click()]);
  const text = fs.readFileSync(await download.path(), 'utf8');
  return Papa.parse(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
}

async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name), fullPage: false });
}

test('Spack 2021 vs 2022: paired figures, what changed, a CSV of both editions, unpairing and renaming, no axe violations', SLOW, async () => {
  await withPage({}, async ({ page, pageErrors }) => {
    await openFile(page, SPACK_2021);
    // The button opens the chooser, labelled and pressed while it waits.
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('#compare-choose')]);
    assert.equal(await page.getAttribute('#compare-choose', 'aria-pressed'), 'true');
    await chooser.setFiles(SPACK_2022);
    await comparing(page);
    assert.equal(await page.getAttribute('#compare-choose', 'aria-pressed'), 'false', 'the mode lets go once the second file is read');
    const s = await shown(page);
    assert.match(s.heading, /2021 vs 2022/);
    assert.match(s.editions[0], /^A: 2021 · spack-user-survey-2021-responses\.csv · [\d,]+ respondents/);
    assert.match(s.editions[1], /^B: 2022 · spack-user-survey-2022-responses\.csv · [\d,]+ respondents/);
    // The report's own sections gave way to the comparison.
    assert.equal(await page.isVisible('#every'), false);
    assert.equal(await page.isVisible('#compare-stop'), true);

    // Paired figures: two series each, A then B (drawn "A: 2021 (n = …)"), rows per option.
    assert.ok(s.figures.length >= 10, `${s.figures.length} compared figures`);
    for (const fig of s.figures) {
      assert.equal(fig.body.type, 'bars', fig.id);
      assert.deepEqual(fig.body.series.map((x) => x.letter), ['A', 'B'], fig.id);
      assert.deepEqual(fig.body.series.map((x) => x.name), ['2021', '2022'], fig.id);
      assert.ok(fig.body.series.every((x) => x.n > 0), fig.id);
      assert.ok(fig.body.rows.length >= 1, fig.id);
      assert.ok(fig.body.rows.every((r) => r.values.length === 2), fig.id);
      assert.ok(fig.alt && fig.alt.length > 20, `${fig.id} has its alt text`);
    }
    // Every figure drawn has ink.
    const ink = await page.$$eval('.compare-figures canvas[data-figure]', (cs) => cs.slice(0, 4).map((c) => c.width > 0 && c.height > 0));
    assert.ok(ink.every(Boolean));

    // "What changed": changes that are significant, said with their p; the rest "about the same".
    const changes = s.text.filter((p) => /\b(rose|fell) from \d+% to \d+% \(p [=<] [\d.]+/.test(p));
    assert.ok(changes.length >= 1, `change sentences in\n${s.text.join('\n')}`);
    assert.ok(s.text.some((p) => /about the same/.test(p)), `"about the same" in\n${s.text.join('\n')}`);
    await shot(page, 'compare-spack-top.png');

    // The CSV of a figure carries both editions and the change columns.
    const first = s.figures[0];
    const rows = await figureCsv(page, first.id);
    const head = rows[0];
    for (const column of ['series', 'change_points', 'p', 'q']) assert.ok(head.includes(column), `${column} in ${head.join(', ')}`);
    const series = new Set(rows.slice(1).map((r) => r[head.indexOf('series')]));
    assert.ok([...series].some((x) => /2021/.test(x)) && [...series].some((x) => /2022/.test(x)), `both editions in the CSV: ${[...series].join(', ')}`);
    assert.ok(rows.slice(1).some((r) => r[head.indexOf('change_points')] !== ''), 'a change in points on a row');

    // The matching panel, open, with a question's option pairs; axe finds nothing on the new controls.
    await page.click('#compare-matching > summary');
    await page.locator('#compare-matched details.option-pairs > summary').first().click();
    await page.locator('#compare-matching').scrollIntoViewIfNeeded();
    await shot(page, 'compare-spack-matching.png');
    const violations = await auditComparison(page);
    assert.deepEqual(violations, [], `axe on the comparison:\n${violations.join('\n')}`);

    // Unpairing a compared question removes its figure and lists it only in A.
    const aId = s.matched.find((id) => s.figures.some((f) => f.id === `cmp-${id}`));
    assert.ok(aId, 'a compared question to unpair');
    const select = page.locator(`#compare-matched select[data-pair="${aId}"]`);
    await select.focus(); // fills the list (lazy-select.js)
    await select.selectOption('');
    await page.waitForSelector(`#compare-only-a tr[data-unmatched-a="${aId}"]`, SLOW);
    await comparing(page);
    const unpaired = await shown(page);
    assert.ok(!unpaired.figures.some((f) => f.id === `cmp-${aId}`), `figure cmp-${aId} is gone`);
    assert.ok(unpaired.onlyA.includes(aId));
    assert.ok(!unpaired.matched.includes(aId));
    assert.match(unpaired.status, /^Applied the unpairing of/);

    // Renaming an edition changes the heading and the legends.
    await page.fill('#edition-b', 'Year two');
    await page.press('#edition-b', 'Enter');
    await page.waitForFunction(() => /vs Year two$/.test(document.querySelector('#compare-h').textContent), null, SLOW);
    await comparing(page);
    const renamed = await shown(page);
    assert.ok(renamed.figures.length >= 1);
    for (const fig of renamed.figures) assert.deepEqual(fig.body.series.map((x) => x.name), ['2021', 'Year two'], fig.id);
    await page.locator('.compare-figures figure').first().scrollIntoViewIfNeeded();
    await shot(page, 'compare-spack-renamed.png');

    // A filter (set on A, in the reading panel) applies to both editions.
    await page.click('#filter-bar > summary');
    await page.focus('#filter-question'); // fills the list (lazy-select.js)
    await page.selectOption('#filter-question', renamed.matched[0]);
    await page.locator('#filter-options input').first().check();
    await page.click('#filter-apply');
    await page.waitForFunction(() => [...document.querySelectorAll('#compare-editions li')].every((li) => / · Filtered: /.test(li.textContent)), null, SLOW);
    await comparing(page);
    const filtered = await shown(page);
    const respondents = (line) => Number(line.match(/([\d,]+) respondents/)[1].replace(/,/g, ''));
    for (const i of [0, 1]) assert.ok(respondents(filtered.editions[i]) < respondents(s.editions[i]), filtered.editions[i]);

    // Stop comparing: the single report again.
    await page.click('#compare-stop');
    await page.waitForFunction(() => !document.body.dataset.compare, null, SLOW);
    await settled(page);
    assert.equal(await page.isVisible('#every'), true);
    assert.equal(await page.isVisible('#compare'), false);
    assert.match(await page.textContent('#status'), /Stopped comparing/);
    assert.deepEqual(pageErrors, []);
  });
});

test('a second file dropped while "Compare with another file" is pressed is compared, not opened', SLOW, async () => {
  await withPage({}, async ({ page, pageErrors }) => {
    await openFile(page, SPACK_2021);
    // The chooser the button opens is left unanswered: the file is dropped instead.
    await Promise.all([page.waitForEvent('filechooser'), page.click('#compare-choose')]);
    assert.match(await page.textContent('#compare-hint'), /drop it on the page/);
    const bytes = fs.readFileSync(SPACK_2022).toString('base64');
    await page.evaluate(([b64, name]) => {
      const raw = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dataTransfer = new DataTransfer();
      dataTransfer.items.add(new File([raw], name, { type: 'text/csv' }));
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer, bubbles: true, cancelable: true }));
    }, [bytes, path.basename(SPACK_2022)]);
    await comparing(page);
    const s = await shown(page);
    // The file shown is still the first: the dropped one is edition B.
    assert.equal(await page.evaluate(() => document.body.dataset.loaded), path.basename(SPACK_2021));
    assert.match(s.editions[1], /spack-user-survey-2022-responses\.csv/);
    assert.ok(s.figures.length >= 10);
    assert.deepEqual(pageErrors, []);
  });
});

test('Kaggle 2020 vs 2021 (zips): questions whose codes changed are paired, each figure shows both years', SLOW, async () => {
  await withPage({}, async ({ page, pageErrors }) => {
    await openFile(page, KAGGLE_2020);
    await page.setInputFiles('#compare-input', KAGGLE_2021);
    await comparing(page);
    const s = await shown(page);
    assert.match(s.heading, /2020 vs 2021/);
    const c = await page.evaluate(() => {
      const q = [...document.querySelectorAll('#compare-matched tr[data-matched]')];
      return q.map((tr) => ({ a: tr.dataset.matched, b: tr.querySelector('select').value, by: tr.querySelector('[data-match]').dataset.match }));
    });
    const recoded = c.filter((x) => x.a !== x.b);
    assert.ok(recoded.length >= 3, `questions paired across changed codes: ${JSON.stringify(recoded.slice(0, 5))}`);
    assert.ok(s.figures.length >= 10, `${s.figures.length} compared figures`);
    for (const fig of s.figures) assert.deepEqual(fig.body.series.map((x) => x.letter), ['A', 'B'], fig.id);
    await shot(page, 'compare-kaggle.png');
    assert.deepEqual(pageErrors, []);
  });
});
