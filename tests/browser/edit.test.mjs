// Figures a person edits before publishing (issue #14): rename, merge and
// hide on the sample's Fig. 2 reach the drawn figure, the SVG and CSV
// downloads, the data table and the embed; the view link and the browser's
// storage bring them back; reset gives the figure as built.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import Papa from 'papaparse';
import { useBrowser } from './helpers.mjs';

const withPage = useBrowser(before, after);
const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const FIG = 'fig2';
const SAID = 'Merged: Other + Other (free text) as Something else; hidden: Management.';

const card = (page, id = FIG) => page.locator(`figure[data-figure="${id}"]`);
const control = (page, key, id = FIG) => card(page, id).locator(`[data-edit="${key}"]`);

async function openEditor(page, id = FIG) {
  const details = card(page, id).locator('details.fig-edit');
  if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
  await control(page, 'reset', id).waitFor();
}

/** Opens the share menu and clicks `action`; resolves to the download's text. */
async function downloaded(page, action, id = FIG) {
  const details = card(page, id).locator('details.fig-actions');
  if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
  const [download] = await Promise.all([page.waitForEvent('download'), card(page, id).locator(`button[data-action="${action}"]`).click()]);
  return fs.readFileSync(await download.path(), 'utf8');
}

async function copied(page, action) {
  const details = card(page).locator('details.fig-actions');
  if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
  const out = card(page).locator('textarea.fig-actions-out');
  await card(page).locator(`button[data-action="${action}"]`).click();
  await page.waitForFunction((el) => el.value.length > 0 && !el.hidden, await out.elementHandle());
  return out.inputValue();
}

/** The words of an SVG's <text> elements, one space between, parsed as XML in the page. */
async function svgWords(page, svg) {
  const words = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    if (doc.querySelector('parsererror')) return null;
    return [...doc.querySelectorAll('text')].map((t) => t.textContent.trim()).join(' ');
  }, svg);
  assert.ok(words !== null, 'the SVG parses');
  return words.replace(/\s+/g, ' ');
}

const csvRows = (text) => Papa.parse(text.replace(/^\uFEFF/, '').trim(), { header: false }).data;

/** Waits until the figure on the page is drawn and says `words` in its accessible name. */
async function drawnWith(page, words, id = FIG) {
  await page.waitForFunction(([id, words]) => {
    const c = document.querySelector(`canvas[data-figure="${id}"]`);
    return c && c.dataset.drawn === '1' && c.getAttribute('aria-label').includes(words);
  }, [id, words]);
}

async function edit(page) {
  await openEditor(page);
  await control(page, 'rename:Models').fill('ML models');
  await control(page, 'rename:Models').press('Tab');
  await control(page, 'pick:Other').check();
  await control(page, 'pick:Other (free text)').check();
  await control(page, 'merge-name:Options').fill('Something else');
  await control(page, 'merge:Options').click();
  await control(page, 'show:Management').uncheck();
  await drawnWith(page, SAID);
}

function counts(rows) {
  return Object.fromEntries(rows.slice(1).map((r) => [r[0], Number(r[2])]));
}

test('rename, merge and hide on Fig. 2 reach the figure, its SVG and CSV, its table and its embed; the link and storage keep them; reset undoes them', async () => {
  let link;
  let before;
  await withPage({}, async ({ page, pageErrors }) => {
    before = await downloaded(page, 'csv');
    const was = counts(csvRows(before));
    const wasSvg = await svgWords(page, await downloaded(page, 'svg'));
    assert.ok(wasSvg.includes('Management') && !wasSvg.includes('ML models'));
    await edit(page);

    const label = await page.getAttribute(`canvas[data-figure="${FIG}"]`, 'aria-label');
    assert.match(label, /ML models \d+%/);
    assert.ok(!/Management \d/.test(label), 'the hidden bar is not read out');

    const words = await svgWords(page, await downloaded(page, 'svg'));
    for (const w of ['ML models', 'Something else', SAID]) assert.ok(words.includes(w), `the SVG says ${w}: ${words}`);
    assert.ok(!words.includes('Management 9'), 'the hidden bar is not in the SVG');

    const rows = csvRows(await downloaded(page, 'csv'));
    const now = counts(rows);
    assert.equal(now['ML models'], was.Models, 'renamed: the same count');
    assert.equal(now['Something else'], was.Other + was['Other (free text)'], 'merged: the sum');
    assert.equal(now.Data, was.Data, 'the others as they were');
    assert.ok(!('Management' in now) && !('Models' in now));
    assert.equal(rows.at(-1)[0], SAID, 'the CSV ends with what was merged and hidden');
    const beforeRows = csvRows(before);
    const base = beforeRows.find((r) => r[0] === 'Data');
    assert.deepEqual(rows.find((r) => r[0] === 'Data'), base, 'percent and interval of Data unchanged');

    // The page's table is made from the edited figure too.
    const table = card(page).locator('details.fig-table');
    await table.locator('summary').click();
    await table.locator('table').waitFor(); // made when first opened
    const cells = await table.locator('table tr').evaluateAll((trs) => trs.map((tr) => tr.cells[0].textContent));
    assert.ok(cells.includes('ML models') && cells.includes('Something else') && !cells.includes('Management'));
    assert.equal(cells.at(-1), SAID);

    // The embed carries the edited figure.
    const snippet = await copied(page, 'embed');
    const payload = decodeURIComponent(/src="[^"#]*#v1\.([^"]+)"/.exec(snippet)[1]);
    const embedded = JSON.parse(zlib.inflateRawSync(Buffer.from(payload, 'base64url')).toString('utf8'));
    assert.ok(embedded.body.rows.some((r) => r.label === 'ML models'));
    assert.equal(embedded.edited, SAID);

    link = await copied(page, 'link');
    // Kept in this browser: the page opened again shows the edits.
    await page.reload();
    await page.waitForSelector('body[data-ready="1"]');
    await drawnWith(page, SAID);
    assert.deepEqual(pageErrors, []);
  });

  // A fresh browser (nothing stored) opened on the view link.
  await withPage({ path: new URL(link).hash }, async ({ page, pageErrors }) => {
    assert.equal(await page.textContent('#status'), 'Restored the view from the link on state-of-ml-2020-synthetic.csv.');
    await drawnWith(page, SAID);
    const words = await svgWords(page, await downloaded(page, 'svg'));
    assert.ok(words.includes('ML models') && words.includes(SAID), words);
    await openEditor(page);
    assert.equal(await control(page, 'rename:Models').inputValue(), 'ML models');
    assert.equal(await control(page, 'show:Management').isChecked(), false);

    await control(page, 'reset').click();
    await drawnWith(page, 'Models');
    const label = await page.getAttribute(`canvas[data-figure="${FIG}"]`, 'aria-label');
    assert.ok(!label.includes('ML models') && label.includes('Management'), label);
    assert.equal(await downloaded(page, 'csv'), before, 'reset: the CSV as built, byte for byte');
    assert.equal(await control(page, 'show:Management').isChecked(), true);
    // Reset is kept too (opened without the link, which would restore its edits again).
    await page.evaluate(() => history.replaceState(null, '', location.pathname));
    await page.reload();
    await page.waitForSelector('body[data-ready="1"]');
    await page.waitForFunction((id) => document.querySelector(`canvas[data-figure="${id}"]`)?.dataset.drawn === '1', FIG);
    assert.ok(!(await page.getAttribute(`canvas[data-figure="${FIG}"]`, 'aria-label')).includes('ML models'));
    assert.deepEqual(pageErrors, []);
  });
});

test('title, order, counts and grid style apply at once; a multi-choice figure says why it cannot merge', async () => {
  await withPage({}, async ({ page, pageErrors }) => {
    await openEditor(page);
    await control(page, 'title').fill('What the respondents do');
    await drawnWith(page, 'What the respondents do');
    assert.match(await page.textContent(`#cap-${FIG}`), /^What the respondents do\. % of \d+ who answered/);

    await control(page, 'order').selectOption('alphabetical');
    const order = await card(page).locator('ol li').allTextContents();
    const labels = order.map((t) => t.replace(/^[↑↓\s]+/, ''));
    assert.deepEqual(labels, [...labels].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    // The figure drawn (read out in its alt text) is in that order too.
    const alt = await page.getAttribute(`canvas[data-figure="${FIG}"]`, 'aria-label');
    const at = labels.map((l) => alt.indexOf(`${l} `));
    assert.ok(at.every((x, i) => x >= 0 && (i === 0 || x > at[i - 1])), `${labels} in ${alt}`);
    // A custom order from the buttons: the second moved up.
    await control(page, `move:${labels[1]}:up`).click();
    const moved = (await card(page).locator('ol li').allTextContents()).map((t) => t.replace(/^[↑↓\s]+/, ''));
    assert.deepEqual(moved.slice(0, 2), [labels[1], labels[0]]);
    assert.equal(await control(page, 'order').inputValue(), 'custom');
    const rows = csvRows(await downloaded(page, 'csv'));
    assert.deepEqual(rows.slice(1, 3).map((r) => r[0]), [labels[1], labels[0]], 'the CSV in the order drawn');

    await control(page, 'labels').selectOption('count');
    const words = await svgWords(page, await downloaded(page, 'svg'));
    const count = rows.find((r) => r[0] === labels[0])[2];
    assert.ok(words.includes(` ${count} `), `the count ${count} beside its bar: ${words}`);

    // Fig. 3 is multi-choice: no merge boxes, and the reason.
    await openEditor(page, 'fig3');
    assert.equal(await card(page, 'fig3').locator('[data-edit^="pick:"]').count(), 0);
    assert.match(await card(page, 'fig3').textContent(), /Merging is off for this figure: a respondent may have chosen several/);

    // Fig. 6 is a rating grid: 100% stacked bars.
    await openEditor(page, 'fig6');
    await control(page, 'grid', 'fig6').selectOption('stacked');
    await drawnWith(page, '100% stacked bar chart', 'fig6');

    // Every control of an editor has a name.
    const unnamed = await page.$$eval('details.fig-edit[open] :is(input, select, button)', (els) => els
      .filter((e) => !(e.getAttribute('aria-label') || e.labels?.length || e.textContent.trim()))
      .map((e) => e.outerHTML));
    assert.deepEqual(unnamed, []);
    assert.deepEqual(pageErrors, []);
  });
});

test('axe finds nothing serious in an open editor, light and dark', async () => {
  for (const colorScheme of ['light', 'dark']) {
    await withPage({ colorScheme }, async ({ page }) => {
      await openEditor(page);
      await openEditor(page, 'fig6');
      await page.evaluate(AXE_SOURCE);
      const serious = await page.evaluate(async () => {
        const r = await axe.run(document.querySelectorAll('details.fig-edit[open]'), { resultTypes: ['violations'] });
        return r.violations.filter((v) => ['serious', 'critical'].includes(v.impact)).map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      });
      assert.deepEqual(serious, [], colorScheme);
    });
  }
});

test('a view link whose edits name an option the figure lacks says so and draws the figure as built', async () => {
  const size = fs.statSync(new URL('../../www/state-of-ml-2020-synthetic.csv', import.meta.url)).size;
  const view = {
    file: { name: 'state-of-ml-2020-synthetic.csv', size },
    overrides: { kinds: {}, roles: {}, options: {} },
    splits: {},
    edits: { fig2: { hide: ['Astronaut'] }, nosuchfigure: { title: 'x' }, fig3: { title: 'Data types' } },
  };
  const path = `#view=v1.${zlib.deflateRawSync(Buffer.from(JSON.stringify(view))).toString('base64url')}`;
  await withPage({ path }, async ({ page, pageErrors }) => {
    const status = await page.textContent('#status');
    assert.match(status, /the edits of figure “fig2” \(.*no option “Astronaut”\)/);
    assert.match(status, /the edits of figure “nosuchfigure” \(not in this report\)/);
    await drawnWith(page, 'Data types', 'fig3');
    assert.deepEqual(pageErrors, []);
  });
});
