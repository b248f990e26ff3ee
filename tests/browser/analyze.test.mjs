// Filters, weights and tests in the page (issue #15): a click on a bar
// filters the whole report to the respondents the file itself has for that
// answer, the keyboard does the same from a figure's table, chips remove
// filters, a link brings them back, raking targets typed in the weights
// panel weight the report and the claims are shown weighted beside
// unweighted, and axe finds nothing serious on the new controls.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { useBrowser, csvLines, readFile, SAMPLE_PATH, SAMPLE_NAME } from './helpers.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const withPage = useBrowser(before, after);

/** The fields of one CSV line (RFC 4180 quoting; the sample has no newline in a field). */
function fields(line) {
  const out = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cell);
      cell = '';
    } else cell += ch;
  }
  out.push(cell);
  return out;
}

const SAMPLE_ROWS = csvLines(fs.readFileSync(SAMPLE_PATH, 'utf8')).slice(1).map(fields);

/** Respondents of the sample whose cell in column `column` is one of `labels`: counted here, apart from Rust. */
function countInFile(column, labels) {
  return SAMPLE_ROWS.filter((r) => labels.includes(r[column])).length;
}

const CLI = fileURLToPath(new URL('../../target/release/survey-report', import.meta.url));

/**
 * Respondents the command line counts for the same filter (`analyze --json
 * --filter QID=OPTION`), or null when the native binary is not built
 * (./build.sh build makes it).
 */
function countByCli(questionId, label) {
  if (!fs.existsSync(CLI)) return null;
  const r = spawnSync(CLI, ['analyze', SAMPLE_PATH, '--json', '--filter', `${questionId}=${label.replace(/\|/g, '\\|')}`], { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, `survey-report analyze --filter: ${r.stderr}`);
  return JSON.parse(r.stdout).selection.respondents;
}

function deflateLink(value) {
  return `v1.${zlib.deflateRawSync(Buffer.from(JSON.stringify(value))).toString('base64url')}`;
}

/** Waits until no recomputation is under way and every figure on the page is drawn. */
async function settled(page) {
  await page.waitForFunction(() => !document.querySelector('#report').hasAttribute('aria-busy')
    && [...document.querySelectorAll('.figures canvas[data-figure]')].every((c) => c.dataset.drawn === '1'), null, { timeout: 20000 });
}

/**
 * A bar to click: the first paper figure that filters by a single-choice
 * question, its first row with a share over 10%, and where on the screen
 * Rust says that bar is (`barRect`, from the layout it drew).
 */
async function barToClick(page) {
  return page.evaluate(async () => {
    const { barRect } = await import('./pkg/survey_report.js');
    for (const c of document.querySelectorAll('.figures canvas[data-filter-by]')) {
      const fig = window.surveyReportFigure(c.dataset.figure);
      if (!fig || fig.body.type !== 'bars' || fig.body.series.length !== 1) continue;
      const row = fig.body.rows.findIndex((r) => r.values[0].share > 0.1);
      if (row < 0) continue;
      c.scrollIntoView({ block: 'center' });
      const rect = barRect(fig, Math.round(parseFloat(c.style.width)), row, 0, Number(c.dataset.dpr));
      const box = c.getBoundingClientRect();
      return {
        figure: fig.id, question: c.dataset.filterBy, label: fig.body.rows[row].label,
        x: box.left + rect.x + rect.width / 2, y: box.top + rect.y + rect.height / 2,
      };
    }
    return null;
  });
}

/** The column of report question `id` and its kind, read from the reading panel's table of questions. */
async function columnOf(page, id) {
  // The every-question block of the question names it; the reading panel lists its columns (1-based).
  return page.evaluate((qid) => {
    const header = document.querySelector(`.question[data-question="${CSS.escape(qid)}"] .q-title`)?.textContent;
    const row = [...document.querySelectorAll('#columns tr[data-question]')].find((r) => r.querySelector('th')?.firstChild?.textContent === header);
    return row ? { header, column: Number(row.querySelector('td.num').textContent.split(',')[0]) - 1, kind: row.querySelector('select').value } : null;
  }, id);
}

/** Every figure on the page, as drawn: id and subtitle. */
async function subtitles(page) {
  return page.evaluate(() => [...document.querySelectorAll('canvas[data-figure]')].map((c) => {
    const fig = window.surveyReportFigure(c.dataset.figure);
    return { id: c.dataset.figure, subtitle: fig ? fig.subtitle : null };
  }));
}

test('a click on a bar filters the whole report to the respondents the file has for that answer; its chip removes it', async () => {
  await withPage({}, async ({ page, pageErrors }) => {
    await settled(page);
    const bar = await barToClick(page);
    assert.ok(bar, 'a paper figure filters by its question');
    const where = await columnOf(page, bar.question);
    assert.ok(where, `the reading panel lists ${bar.question}`);
    const textBefore = await page.textContent('#text-results');
    await page.mouse.click(bar.x, bar.y);
    await page.waitForSelector(`#filter-chips .chip[data-filter="${bar.question}"]`);
    await settled(page);
    const n = countInFile(where.column, [bar.label]);
    assert.ok(n > 0 && n < SAMPLE_ROWS.length, `${n} of ${SAMPLE_ROWS.length} chose ${bar.label}`);
    const cli = countByCli(bar.question, bar.label);
    if (cli !== null) assert.equal(cli, n, 'the command line counts the same respondents');
    // The selection says the filter and the file's own count, and so does every figure.
    const line = await page.textContent('#selection-line');
    assert.ok(line.startsWith('Filtered: '), line);
    assert.ok(line.includes(` = ${bar.label}`) && line.endsWith(`(n = ${n})`), `${line}: n = ${n}`);
    assert.match(await page.textContent(`#filter-chips .chip[data-filter="${bar.question}"]`), new RegExp(`= ${bar.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} · n = ${n} ×$`));
    const figures = await subtitles(page);
    assert.ok(figures.length > 10, `${figures.length} figures`);
    for (const f of figures) assert.ok(f.subtitle && f.subtitle.includes('Filtered:'), `${f.id}: ${f.subtitle}`);
    // Its alt text says so too.
    assert.match(await page.getAttribute(`canvas[data-figure="${bar.figure}"]`, 'aria-label'), /Filtered: /);
    // The filtered question's own figure is all that answer.
    const own = await page.evaluate((id) => window.surveyReportFigure(id), bar.figure);
    const chosen = own.body.rows.find((r) => r.label === bar.label);
    assert.equal(chosen.values[0].count, n);
    assert.equal(chosen.values[0].base, n);
    assert.notEqual(await page.textContent('#text-results'), textBefore, 'the results text is recomputed');
    // The chip removes the filter: everyone again.
    await page.click(`#filter-chips .chip[data-filter="${bar.question}"]`);
    await page.waitForFunction(() => document.querySelectorAll('#filter-chips .chip').length === 0);
    await settled(page);
    assert.equal(await page.textContent('#selection-line'), `Every respondent (n = ${SAMPLE_ROWS.length}).`);
    for (const f of await subtitles(page)) assert.ok(!f.subtitle.includes('Filtered:'), `${f.id}: ${f.subtitle}`);
    assert.equal(await page.isVisible('#clear-filters'), false);
    assert.deepEqual(pageErrors, []);
  });
});

test('the keyboard filters from a figure\'s table, the filter bar ORs answers within a question, and Clear filters ends both', async () => {
  await withPage({}, async ({ page, pageErrors }) => {
    await settled(page);
    const bar = await barToClick(page);
    const where = await columnOf(page, bar.question);
    const summary = page.locator(`figure[data-figure="${bar.figure}"] details.fig-table > summary`);
    await summary.focus();
    await page.keyboard.press('Enter');
    const button = page.locator(`figure[data-figure="${bar.figure}"] button.row-filter`).first();
    await button.waitFor();
    const label = await button.getAttribute('data-filter-option');
    const name = await button.getAttribute('aria-label');
    assert.match(name, /^Filter: .+ = .+$/);
    assert.ok(name.endsWith(` = ${label}`), name);
    await button.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector(`#filter-chips .chip[data-filter="${bar.question}"]`);
    await settled(page);
    assert.ok((await page.textContent('#selection-line')).endsWith(`(n = ${countInFile(where.column, [label])})`));

    // The filter bar: two answers of the same question are either of them.
    await page.click('#filter-bar > summary');
    await page.focus('#filter-question'); // its options are made when first used (lazy-select.js)
    await page.selectOption('#filter-question', bar.question);
    const boxes = page.locator('#filter-options input[type="checkbox"]');
    // Only the legend, the answers and their counts: no stray "null" text.
    assert.doesNotMatch(await page.textContent('#filter-options'), /null/);
    const labels = [await boxes.nth(0).getAttribute('value'), await boxes.nth(1).getAttribute('value')];
    for (let i = 0; i < await boxes.count(); i += 1) await boxes.nth(i).setChecked(i < 2);
    await page.click('#filter-apply');
    await page.waitForFunction((ls) => ls.every((l) => document.querySelector('#selection-line').textContent.includes(l)), labels);
    await settled(page);
    assert.ok((await page.textContent('#selection-line')).endsWith(`(n = ${countInFile(where.column, labels)})`), await page.textContent('#selection-line'));
    assert.equal(await page.locator('#filter-chips .chip').count(), 1, 'one chip per question');

    await page.click('#clear-filters');
    await page.waitForFunction(() => document.querySelectorAll('#filter-chips .chip').length === 0);
    assert.deepEqual(pageErrors, []);
  });
});

test('after another file is read, the filter bar lists its questions, not the last file\'s (regression: a listener per report kept the first)', async () => {
  await withPage({}, async ({ page, pageErrors }) => {
    await settled(page);
    await page.focus('#filter-question');
    await page.focus('#choose');
    const csv = 'Favourite fruit,Team\napple,a\npear,b\napple,b\n';
    const read = await readFile(page, 'fruit.csv', Buffer.from(csv));
    assert.equal(read.error, null);
    await page.click('#filter-bar > summary');
    await page.focus('#filter-question');
    const listed = await page.$$eval('#filter-question option', (os) => os.map((o) => o.textContent).filter((t) => t !== 'choose a question'));
    assert.deepEqual(listed.sort(), ['Favourite fruit', 'Team']);
    assert.deepEqual(pageErrors, []);
  });
});

test('a link with filters restores them; a filter naming a question or answer the file lacks is refused by name, the rest applied', async () => {
  const size = fs.statSync(SAMPLE_PATH).size;
  const link = await withPage({}, async ({ page }) => {
    await settled(page);
    const bar = await barToClick(page);
    await page.mouse.click(bar.x, bar.y);
    await page.waitForSelector(`#filter-chips .chip[data-filter="${bar.question}"]`);
    await settled(page);
    const details = page.locator(`figure[data-figure="${bar.figure}"] details.fig-actions`);
    await details.locator('summary').click();
    await details.locator('button[data-action="link"]').click();
    const out = details.locator('textarea.fig-actions-out');
    await page.waitForFunction((el) => el.value.length > 0, await out.elementHandle());
    return { url: await out.inputValue(), bar, line: await page.textContent('#selection-line') };
  });
  const hash = new URL(link.url).hash;
  await withPage({ path: hash }, async ({ page, pageErrors }) => {
    await settled(page);
    assert.match(await page.textContent('#status'), /^Restored the view from the link on state-of-ml-2020-synthetic\.csv\.$/);
    assert.equal(await page.textContent('#selection-line'), link.line);
    assert.equal(await page.locator(`#filter-chips .chip[data-filter="${link.bar.question}"]`).count(), 1);
    assert.deepEqual(pageErrors, []);
  });
  const view = {
    file: { name: SAMPLE_NAME, size },
    overrides: { kinds: {}, roles: {} },
    splits: {},
    analysis: {
      filters: [
        { question: 'no_such_question', options: ['x'] },
        { question: link.bar.question, options: ['no such answer'] },
        { question: link.bar.question, options: [link.bar.label] },
      ],
      weighting: null,
    },
  };
  await withPage({ path: `#view=${deflateLink(view)}` }, async ({ page, pageErrors }) => {
    await settled(page);
    const status = await page.textContent('#status');
    assert.match(status, /except: /);
    assert.ok(status.includes('no_such_question'), status);
    assert.ok(status.includes('no such answer'), status);
    assert.equal(await page.textContent('#selection-line'), link.line, 'the filter that fits is applied');
    assert.deepEqual(pageErrors, []);
  });
});

test('raking targets typed in the weights panel weight the report: the panel says what the weights cost, and the claims are shown weighted beside unweighted', async () => {
  await withPage({}, async ({ page, pageErrors }) => {
    await settled(page);
    await page.click('#weights-panel > summary');
    await page.check('#weight-method-rake');
    const choices = await page.$$eval('#rake-add option', (os) => os.map((o) => o.value).filter(Boolean));
    assert.ok(choices.length > 0, 'there are questions to rake on');
    const margin = choices.includes('continent') ? 'continent' : choices[0];
    await page.selectOption('#rake-add', margin);
    await page.click('#rake-add-button');
    const inputs = page.locator(`#weights-form input.target-input[data-margin="${margin}"]`);
    const k = await inputs.count();
    assert.ok(k >= 2, `${k} answers to rake ${margin} on`);
    // Even targets: far from the sample's shares, so the weights differ from 1.
    const even = Math.floor(1000 / k) / 10;
    for (let i = 0; i < k; i += 1) await inputs.nth(i).fill(String(i === k - 1 ? Math.round((100 - even * (k - 1)) * 10) / 10 : even));
    await page.click('#weights-apply');
    await page.waitForSelector('#weights-facts');
    await settled(page);
    const facts = await page.$$eval('#weights-facts dt', (dts) => Object.fromEntries(dts.map((dt) => [dt.textContent, dt.nextElementSibling.textContent])));
    assert.match(facts.Method, /^raking/);
    assert.match(facts.Iterations, /^\d+$/);
    assert.match(facts.Converged, /^(yes|no)$/);
    assert.match(facts['Weights (min / median / max)'], /^[\d.]+ \/ [\d.]+ \/ [\d.]+$/);
    assert.match(facts.Efficiency, /^\d+(\.\d)?%$/);
    assert.match(facts['Effective n'], /^\d+$/);
    assert.notEqual(await page.textContent('#weights-summary'), 'none');
    // The margin reached: each answer's weighted share is its target.
    const reached = await page.$$eval(`table[data-margin-result="${margin}"] tbody tr`, (rows) => rows.map((r) => [r.cells[1].textContent, r.cells[3].textContent]));
    assert.equal(reached.length, k);
    for (const [target, weighted] of reached) assert.equal(weighted, target);
    // The claims: unweighted and weighted side by side, each with its verdict.
    const heads = await page.$$eval('#claims-table thead th', (ths) => ths.map((t) => t.textContent));
    assert.deepEqual(heads, ['Claim', 'The paper says', 'Unweighted', 'Verdict', 'Weighted', 'Weighted verdict']);
    const weighted = await page.$$eval('#claims-table tbody tr', (rows) => rows.filter((r) => r.querySelector('[data-weighted-verdict]')).length);
    assert.ok(weighted > 0, 'claims are checked weighted');
    // Bases say their effective size; every figure says it is weighted.
    assert.match(await page.textContent('.question [data-base]'), /n = \d+, effective n = \d+/);
    for (const f of await subtitles(page)) assert.ok(/weight/i.test(f.subtitle), `${f.id}: ${f.subtitle}`);
    assert.deepEqual(pageErrors, []);
    // The weights travel in the view link: opened, the report is weighted the same.
    const details = page.locator('figure[data-figure="fig2"] details.fig-actions');
    await details.locator('summary').click();
    await details.locator('button[data-action="link"]').click();
    const out = details.locator('textarea.fig-actions-out');
    await page.waitForFunction((el) => el.value.length > 0, await out.elementHandle());
    const url = await out.inputValue();
    const summary = await page.textContent('#weights-summary');
    const rows = await page.$$eval('#weights-facts dd', (dds) => dds.map((d) => d.textContent));
    await withPage({ path: new URL(url).hash }, async ({ page: again }) => {
      await settled(again);
      assert.equal(await again.textContent('#weights-summary'), summary);
      assert.deepEqual(await again.$$eval('#weights-facts dd', (dds) => dds.map((d) => d.textContent)), rows);
    });
  });
});

test('a weight column is offered first when its name says weight; a respondent without a weight is set aside with the reason and the row', async () => {
  await withPage({}, async ({ page, pageErrors }) => {
    await settled(page);
    // (A column with a negative or non-numeric value is not offered as a weight column at all: Rust's weight_columns.)
    const csv = 'Team,Favourite fruit,weight\na,apple,1\nb,pear,2\nb,apple,0.5\na,pear,3\na,apple,\nb,pear,1.5\n';
    const read = await readFile(page, 'weighted.csv', Buffer.from(csv));
    assert.equal(read.error, null);
    await page.click('#weights-panel > summary');
    await page.check('#weight-method-column');
    const offered = await page.$$eval('#weight-column option', (os) => os.map((o) => [o.value, o.selected]));
    assert.deepEqual(offered.find(([, selected]) => selected), ['weight', true], JSON.stringify(offered));
    await page.click('#weights-apply');
    await page.waitForSelector('#weights-facts');
    await settled(page);
    const facts = await page.$$eval('#weights-facts dt', (dts) => Object.fromEntries(dts.map((dt) => [dt.textContent, dt.nextElementSibling.textContent])));
    assert.equal(facts.Method, 'weight column “weight”');
    const setAside = await page.$$eval('#weights-set-aside li', (lis) => lis.map((li) => li.textContent));
    assert.deepEqual(setAside, ['1 respondent: no weight given (rows 6)']);
    assert.deepEqual(pageErrors, []);
  });
});

test('a split figure says its test of independence under it, and its table the groups\' letters', async () => {
  await withPage({}, async ({ page, pageErrors }) => {
    await settled(page);
    const select = 'select[data-split="role"]';
    await page.focus(select); // its options are made when first used (lazy-select.js)
    await page.selectOption(select, 'company_size');
    const line = page.locator('.question[data-question="role"] .split-test');
    await line.waitFor();
    await settled(page);
    const fig = await page.evaluate(() => {
      const c = document.querySelector('.question[data-question="role"] canvas[data-figure]');
      return window.surveyReportFigure(c.dataset.figure);
    });
    assert.ok(fig.test, 'the split figure has a test');
    assert.equal(fig.test.method, 'pearson');
    assert.ok((await line.textContent()).startsWith(fig.test.text), await line.textContent());
    const table = page.locator('.question[data-question="role"] details.fig-table');
    await table.locator('summary').click();
    await table.locator('table').waitFor(); // made when first opened
    const head = await table.locator('thead th').allTextContents();
    assert.ok(head.includes('Group letter'), head.join(' | '));
    const letters = await table.locator('tbody tr').evaluateAll((rows, i) => rows.map((r) => r.cells[i]?.textContent), head.indexOf('Group letter'));
    assert.ok(letters.some((l) => /^[A-Z]$/.test(l)), letters.join(','));
    assert.deepEqual(pageErrors, []);
  });
});

test('axe finds no serious violation on the filters, the chips and the weights panel', async () => {
  await withPage({}, async ({ page }) => {
    await settled(page);
    const bar = await barToClick(page);
    await page.mouse.click(bar.x, bar.y);
    await page.waitForSelector('#filter-chips .chip');
    await settled(page);
    await page.click('#filter-bar > summary');
    await page.focus('#filter-question'); // its options are made when first used (lazy-select.js)
    await page.selectOption('#filter-question', bar.question);
    await page.click('#weights-panel > summary');
    await page.check('#weight-method-rake');
    const first = await page.$$eval('#rake-add option', (os) => os.map((o) => o.value).find(Boolean));
    await page.selectOption('#rake-add', first);
    await page.click('#rake-add-button');
    await page.locator(`figure[data-figure="${bar.figure}"] details.fig-table > summary`).click();
    await page.locator(`figure[data-figure="${bar.figure}"] button.row-filter`).first().waitFor();
    await page.evaluate(AXE_SOURCE);
    const violations = await page.evaluate(async () => {
      const result = await axe.run({ include: [['#analyze'], ['.fig-table[open]']] }, { resultTypes: ['violations'] });
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`);
    });
    assert.deepEqual(violations, []);
  });
});
