// Wide files within the limits (issue #12): 2,000 columns of one row must not
// block the page (no task over 200 ms), and 16,384 columns (the most read)
// must show their report within 5 s, the "every question" section built and
// drawn as it scrolls into view.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './helpers.mjs';

const withPage = useBrowser(before, after);

/** A one-row file of `n` single-choice columns. */
function wide(n) {
  const header = Array.from({ length: n }, (_, i) => `Question ${i + 1}`).join(',');
  const row = Array.from({ length: n }, (_, i) => ['yes', 'no', 'maybe'][i % 3]).join(',');
  return Buffer.from(`${header}\n${row}\n`);
}

/** Starts recording long tasks (over 50 ms) of the main thread. */
async function watchLongTasks(page) {
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(Math.round(e.duration));
    }).observe({ type: 'longtask' });
  });
}

/** Drops `buffer` as `name`; resolves with the ms until its report is shown and drawn. */
async function readWide(page, name, buffer, timeout) {
  const t0 = Date.now();
  await page.setInputFiles('#file-input', { name, mimeType: 'text/csv', buffer });
  await page.waitForFunction((n) => document.body.dataset.loaded === n && !document.querySelector('#report').hasAttribute('aria-busy'), name, { timeout, polling: 50 });
  return Date.now() - t0;
}

test('a file of 2,000 columns and one row never blocks the page for 200 ms', async () => {
  await withPage({}, async ({ page, pageErrors }) => {
    await watchLongTasks(page);
    const ms = await readWide(page, 'wide-2000.csv', wide(2000), 30000);
    // Tasks still running (lazy batches, drawing) are counted too.
    await page.evaluate(() => new Promise((r) => setTimeout(r, 500)));
    const tasks = await page.evaluate(() => window.__longTasks);
    console.log(`2,000 columns: shown in ${ms} ms; long tasks ${JSON.stringify(tasks)}`);
    assert.ok(Math.max(0, ...tasks) < 200, `long tasks: ${tasks.join(', ')} ms`);
    assert.equal(await page.locator('#columns tbody tr[data-question]').count(), 300, 'the reading panel lists a page of questions');
    await page.click('#reading-details summary');
    await page.click('button[data-more-columns]');
    assert.equal(await page.locator('#columns tbody tr[data-question]').count(), 600, '"Show more" lists the next page');
    assert.deepEqual(pageErrors, []);
  });
});

test('a file of 16,384 columns shows its report within 5 s; the last figure is drawn when scrolled to', async () => {
  await withPage({}, async ({ page, pageErrors }) => {
    const ms = await readWide(page, 'wide-16384.csv', wide(16384), 60000);
    const shown = await page.evaluate(() => ({
      canvases: document.querySelectorAll('#every canvas').length,
      heap: performance.memory ? performance.memory.usedJSHeapSize : 0,
      facts: document.querySelector('#reading-facts').textContent,
    }));
    console.log(`16,384 columns: shown in ${ms} ms, ${shown.canvases} canvases, JS heap ${(shown.heap / 1e6).toFixed(0)} MB`);
    assert.match(shown.facts, /Columns16384/);
    assert.ok(ms < 5000, `the report took ${ms} ms`);
    assert.ok(shown.canvases <= 400, `${shown.canvases} canvases in the page before scrolling`);
    assert.ok(shown.heap < 300e6, `JS heap ${shown.heap} bytes`);
    // Scroll to the end of "every question": the batches there are built and
    // the last question's figure is drawn, without building those between.
    const last = await page.evaluate(async () => {
      const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 30)));
      const list = document.querySelector('#every-list');
      for (let i = 0; i < 50; i += 1) {
        list.lastElementChild.scrollIntoView();
        await frame();
        const q = list.lastElementChild;
        if (q.matches('.question') && q.querySelector('canvas[data-drawn="1"]')) {
          return { header: q.querySelector('h3').textContent, canvases: document.querySelectorAll('#every canvas').length };
        }
      }
      return null;
    });
    assert.ok(last, 'the last figure was drawn');
    assert.equal(last.header, 'Question 16384');
    assert.ok(last.canvases < 1000, `${last.canvases} canvases built after scrolling to the end`);
    assert.deepEqual(pageErrors, []);
  });
});
