// The report as a person publishes it (issue #14): data tables that read at
// phone to desktop widths, in the page and in the embed, light and dark.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import path from 'node:path';
import { useBrowser, DATA } from './helpers.mjs';

const withPage = useBrowser(before, after);

const WIDTHS = [360, 390, 720, 1366];
const SCHEMES = ['light', 'dark'];

/** Opens the data table under figure `id` (made when first opened). */
async function openTable(page, scope) {
  const details = page.locator(`${scope} details.fig-table`);
  if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
  await details.locator('table').waitFor();
}

/**
 * How `table` sits in its box: its width against the box it scrolls in, and
 * every word of its cells that the layout broke across lines or that spills
 * out of its cell. Measured with a Range over each word: a word cut
 * mid-word has client rects on two lines. A line may end after a hyphen or
 * an en dash ("Pipeline-/centric", "33%–/44%"), as in print: each side
 * counts as a word.
 */
function measureTable(table) {
  const box = table.closest('.fig-table, .table-wrap');
  const style = box ? getComputedStyle(box) : null;
  const broken = [];
  const spilling = [];
  for (const cell of table.querySelectorAll('th, td, caption')) {
    if (cell.scrollWidth > cell.clientWidth + 1) spilling.push(cell.textContent.slice(0, 60));
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      // A word inside an element hidden on purpose (visually-hidden) is not drawn.
      if (node.parentElement.closest('.visually-hidden')) continue;
      for (const m of node.data.matchAll(/[^\s\-–]+[-–]*/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
  }
  const tableWidth = table.getBoundingClientRect().width;
  return {
    tableWidth,
    boxWidth: box ? box.clientWidth : null,
    scrolls: Boolean(style) && ['auto', 'scroll'].includes(style.overflowX),
    boxRight: box ? box.getBoundingClientRect().right : null,
    viewport: document.documentElement.clientWidth,
    broken,
    spilling,
  };
}

function assertReads(m, what) {
  assert.ok(m.boxWidth !== null, `${what}: the table sits in a box`);
  assert.ok(m.tableWidth <= m.boxWidth + 1 || m.scrolls, `${what}: ${m.tableWidth} px wide in a ${m.boxWidth} px box that does not scroll`);
  assert.ok(m.boxRight <= m.viewport + 1, `${what}: its box ends at ${m.boxRight} px, past the ${m.viewport} px page`);
  assert.deepEqual(m.broken, [], `${what}: words broken mid-word`);
  assert.deepEqual(m.spilling, [], `${what}: cells whose text spills out`);
}

test('the data tables of Fig. 2 and Fig. 6 and the rules table read at 360-1366 px, light and dark', async () => {
  for (const width of WIDTHS) {
    for (const colorScheme of SCHEMES) {
      await withPage({ viewport: { width, height: 800 }, colorScheme }, async ({ page, pageErrors }) => {
        for (const id of ['fig2', 'fig6']) {
          await openTable(page, `figure[data-figure="${id}"]`);
          const m = await page.locator(`figure[data-figure="${id}"] details.fig-table table`).evaluate(measureTable);
          assertReads(m, `${id} at ${width} px, ${colorScheme}`);
        }
        const rules = await page.locator('#rules').evaluate(measureTable);
        assertReads(rules, `rules at ${width} px, ${colorScheme}`);
        const claims = await page.locator('#claims-table').evaluate(measureTable);
        assertReads(claims, `claims at ${width} px, ${colorScheme}`);
        assert.deepEqual(pageErrors, []);
      });
    }
  }
});

test('in the embed, the data tables of Fig. 2 and Fig. 6 read at 360 and 720 px', async () => {
  const paths = {};
  await withPage({}, async ({ page }) => {
    for (const id of ['fig2', 'fig6']) {
      const fig = page.locator(`figure[data-figure="${id}"]`);
      await fig.locator('details.fig-actions summary').click();
      const out = fig.locator('textarea.fig-actions-out');
      await fig.locator('button[data-action="embed"]').click();
      await page.waitForFunction((el) => el.value.length > 0 && !el.hidden, await out.elementHandle());
      paths[id] = /src="http:\/\/127\.0\.0\.1:\d+\/([^"]+)"/.exec(await out.inputValue())[1];
    }
  });
  for (const width of [360, 720]) {
    for (const colorScheme of SCHEMES) {
      for (const id of ['fig2', 'fig6']) {
        await withPage({ path: paths[id], viewport: { width, height: 900 }, colorScheme }, async ({ page, pageErrors }) => {
          await openTable(page, 'main');
          const m = await page.locator('main details.fig-table table').evaluate(measureTable);
          assertReads(m, `embed ${id} at ${width} px, ${colorScheme}`);
          assert.deepEqual(pageErrors, []);
        });
      }
    }
  }
});

const FIRST_SCREENS = [{ width: 1366, height: 768 }, { width: 390, height: 844 }];

/** Where the title, the file line, the reading line and the first drawn figure sit on the first screen. */
async function firstScreen(page) {
  await page.waitForFunction(() => document.querySelector('canvas[data-figure][data-drawn="1"]'));
  return page.evaluate(() => {
    const box = (sel) => {
      const n = typeof sel === 'string' ? document.querySelector(sel) : sel;
      if (!n) return null;
      const r = n.getBoundingClientRect();
      return { top: r.top + scrollY, bottom: r.bottom + scrollY, height: r.height };
    };
    const canvases = [...document.querySelectorAll('#report canvas[data-figure]')].filter((c) => c.getBoundingClientRect().height > 0);
    canvases.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
    return {
      fold: innerHeight,
      title: box('h1'),
      titleText: document.querySelector('h1').textContent,
      documentTitle: document.title,
      file: box('#status'),
      reading: box('#reading-details > summary'),
      readingOpen: document.querySelector('#reading-details').open,
      figure: canvases[0] ? { id: canvases[0].dataset.figure, ...box(canvases[0].closest('figure')) } : null,
    };
  });
}

function assertFirstScreen(s, what) {
  assert.ok(s.title.bottom <= s.fold, `${what}: the title ends at ${s.title.bottom}, under the fold ${s.fold}`);
  assert.ok(s.file.bottom <= s.fold, `${what}: the file line ends at ${s.file.bottom}`);
  assert.ok(s.figure, `${what}: a figure is drawn`);
  assert.ok(s.figure.top < s.fold, `${what}: the first figure (${s.figure.id}) starts at ${s.figure.top}, under the fold ${s.fold}`);
}

test('the sample: the title, the file line and the first figure are on the first screen; the reading is one line that opens', async () => {
  for (const viewport of FIRST_SCREENS) {
    await withPage({ viewport }, async ({ page, pageErrors }) => {
      const s = await firstScreen(page);
      assertFirstScreen(s, `sample at ${viewport.width}x${viewport.height}`);
      assert.equal(s.figure.id, 'continents');
      assert.match(s.titleText, /^Who Needs MLOps\?/);
      // One line of summary (two on a phone), the panel closed, and everything it had a click away.
      assert.equal(s.readingOpen, false);
      assert.match(await page.textContent('#reading-summary'), /^UTF-8 · comma delimiter · 331 rows used, none set aside · one header row$/);
      assert.ok(s.reading.height <= (viewport.width < 600 ? 70 : 30), `the reading line is ${s.reading.height} px tall`);
      assert.equal(await page.isVisible('#reading-facts'), false);
      await page.click('#reading-details > summary');
      assert.equal(await page.isVisible('#reading-facts'), true);
      assert.equal(await page.isVisible('#roles select[data-role="role"]'), true);
      assert.deepEqual(pageErrors, []);
    });
  }
});

// The real exports sit beside the checkout (../shared/realdata), as in CI.
const R_SURVEY = fileURLToPath(new URL('../../../shared/realdata/r-community-survey-2019.csv', import.meta.url));

test('a survey that is not the paper\'s is reported as itself: its own title, its first figure on the first screen, the paper folded', { skip: !fs.existsSync(R_SURVEY) && 'the real export is not on this machine' }, async () => {
  for (const viewport of FIRST_SCREENS) {
    await withPage({ viewport }, async ({ page, pageErrors }) => {
      await page.setInputFiles('#file-input', R_SURVEY);
      await page.waitForFunction(() => document.body.dataset.loaded === 'r-community-survey-2019.csv', null, { timeout: 30000 });
      const s = await firstScreen(page);
      assertFirstScreen(s, `R survey at ${viewport.width}x${viewport.height}`);
      assert.equal(s.titleText.trim(), 'r-community-survey-2019');
      assert.doesNotMatch(s.documentTitle, /MLOps/);
      assert.match(s.figure.id, /^q-/, 'the first figure is one of the file\'s questions');
      // "Every question" comes first; the paper's sections are in the closed "Compare" box.
      const order = await page.$$eval('#report > section, #report > details', (ns) => ns.map((n) => n.id));
      assert.deepEqual(order, ['reading', 'every', 'paper-compare']);
      assert.equal(await page.$eval('#paper-compare', (d) => d.open), false);
      assert.match(await page.textContent('#paper-compare > summary'), /^Compare with the paper’s questionnaire · this file asks 3 of its 10 questions$/);
      for (const id of ['who', 'results', 'analysis', 'claims']) {
        assert.equal(await page.$eval(`#${id}`, (n) => n.parentElement.id), 'paper-compare', `#${id} is in the box`);
        assert.equal(await page.isVisible(`#${id}`), false, `#${id} is folded`);
      }
      // The "not in this file" lines are the box's, not the reading line's.
      assert.equal(await page.$$eval('#notices li', (lis) => lis.filter((li) => /Not in this file/.test(li.textContent)).length), 0);
      assert.ok(await page.$$eval('#paper-missing li', (lis) => lis.filter((li) => /^Not in this file/.test(li.textContent)).length) >= 5);
      // Opened, its figures are drawn at the box's width.
      await page.click('#paper-compare > summary');
      await page.waitForFunction(() => {
        const c = document.querySelector('#who canvas[data-figure]');
        return c && Math.abs(c.getBoundingClientRect().width - c.parentElement.clientWidth) <= 1;
      });
      assert.equal(await page.isVisible('#claims-table'), true);
      // A correction recomputes the report: the box stays open.
      await page.click('#reading-details > summary');
      await page.selectOption('select[data-role="industry"]', '');
      await page.waitForFunction(() => !document.querySelector('#report').getAttribute('aria-busy') && !document.querySelector('select[data-role="industry"]').value);
      await page.waitForSelector('#paper-missing li[data-missing="industry"]', { state: 'attached' });
      assert.equal(await page.$eval('#paper-compare', (d) => d.open), true);
      assert.deepEqual(pageErrors, []);
    });
  }
});

test('a typed title replaces the file\'s, and is kept for that file', { skip: !fs.existsSync(R_SURVEY) && 'the real export is not on this machine' }, async () => {
  await withPage({}, async ({ page }) => {
    const load = async () => {
      await page.setInputFiles('#file-input', R_SURVEY);
      await page.waitForFunction(() => document.body.dataset.loaded === 'r-community-survey-2019.csv', null, { timeout: 30000 });
    };
    await load();
    assert.equal(await page.isVisible('#survey-title'), true);
    await page.fill('#survey-title', 'Learning R, 2019');
    assert.equal(await page.textContent('#page-title'), 'Learning R, 2019');
    assert.equal(await page.title(), 'Learning R, 2019');
    // The sample fits the paper: its title comes back, the input goes.
    await page.click('#load-sample');
    await page.waitForFunction(() => document.body.dataset.loaded === 'state-of-ml-2020-synthetic.csv' && document.body.dataset.survey === 'paper');
    assert.equal(await page.textContent('#page-title'), 'Who Needs MLOps?');
    assert.equal(await page.isVisible('#survey-title'), false);
    const order = await page.$$eval('#report > section, #report > details', (ns) => ns.map((n) => n.id));
    assert.deepEqual(order, ['reading', 'who', 'results', 'analysis', 'claims', 'every']);
    // The same file again finds its title.
    await load();
    assert.equal(await page.inputValue('#survey-title'), 'Learning R, 2019');
    assert.equal(await page.textContent('#page-title'), 'Learning R, 2019');
  });
});

test('a card for a paper figure the file lacks names the figure and its question, and leads to that question\'s row', async () => {
  await withPage({}, async ({ page }) => {
    const lines = fs.readFileSync(path.join(DATA, 'layouts/google-forms.csv'), 'utf8');
    await page.setInputFiles('#file-input', { name: 'google-forms.csv', mimeType: 'text/csv', buffer: Buffer.from(lines) });
    await page.waitForFunction(() => document.body.dataset.loaded === 'google-forms.csv');
    const card = page.locator('figure.missing[data-figure="fig4"]');
    assert.equal(await card.locator('figcaption').textContent(), 'Fig. 4: What kind of problems is your company solving with machine learning?');
    assert.equal(await card.locator('.missing-message').textContent(), 'question not found in this file');
    await page.click('#paper-compare > summary');
    await card.locator('a[data-role-link]').click();
    assert.equal(await page.$eval('#reading-details', (d) => d.open), true);
    assert.equal(await page.evaluate(() => document.activeElement.dataset.role), 'problems', 'the select of the row that feeds Fig. 4 has focus');
    assert.equal(await page.isVisible('#roles tr[data-role-row="problems"]'), true);
    // Every card's pointer leads to a row that exists.
    const roles = await page.$$eval('figure.missing a[data-role-link]', (as) => as.map((a) => a.dataset.roleLink));
    assert.ok(roles.length > 0);
    for (const role of roles) assert.equal(await page.locator(`#roles tr[data-role-row="${role}"]`).count(), 1, role);
  });
});

test('axe finds nothing serious in a survey reported as itself, its paper part open, light and dark, desktop and phone', { skip: !fs.existsSync(R_SURVEY) && 'the real export is not on this machine' }, async () => {
  const axe = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  for (const viewport of FIRST_SCREENS) {
    for (const colorScheme of SCHEMES) {
      await withPage({ viewport, colorScheme }, async ({ page }) => {
        await page.setInputFiles('#file-input', R_SURVEY);
        await page.waitForFunction(() => document.body.dataset.loaded === 'r-community-survey-2019.csv', null, { timeout: 30000 });
        await page.click('#paper-compare > summary');
        // Evaluated through the DevTools protocol, which the page's CSP does not govern.
        await page.evaluate(axe);
        const blocking = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`));
        assert.deepEqual(blocking, [], `${viewport.width} px, ${colorScheme}`);
      });
    }
  }
});
