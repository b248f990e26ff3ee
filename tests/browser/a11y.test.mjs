// Accessibility in a real browser: an axe-core audit of the sample report in
// both colour schemes and at a phone width, figures drawn in the dark palette
// (on arrival and when the scheme changes), light figures while printing, and
// the keyboard: the skip link, the file chooser, a visible focus ring.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { useBrowser, FIGURE_IDS } from './helpers.mjs';

const require = createRequire(import.meta.url);
// Evaluated in the page through the DevTools protocol, which the page's CSP
// (script-src 'self') does not govern, unlike an injected <script> tag.
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const PHONE = { width: 390, height: 844 };
const BLOCKING = new Set(['serious', 'critical']);
const PAPER_CANVASES = '.figures canvas[data-figure]';

const withPage = useBrowser(before, after);

/** Runs axe on the whole page; returns its violations, worst first. */
async function audit(page) {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    // `axe` is the global that AXE_SOURCE defined.
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  });
  const rank = { critical: 0, serious: 1, moderate: 2, minor: 3 };
  return violations.sort((a, b) => rank[a.impact] - rank[b.impact]);
}

/** One readable paragraph per violation: rule, impact, help, first nodes. */
function describe(violations) {
  return violations.map((v) => {
    const nodes = v.nodes.slice(0, 5).map((n) => `    ${n.target}\n      ${n.summary.replace(/\n/g, '\n      ')}`);
    const more = v.nodes.length > 5 ? [`    … and ${v.nodes.length - 5} more`] : [];
    return [`  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`, ...nodes, ...more].join('\n');
  }).join('\n');
}

function assertNoBlocking(violations, where) {
  const blocking = violations.filter((v) => BLOCKING.has(v.impact));
  const rest = violations.filter((v) => !BLOCKING.has(v.impact));
  if (rest.length) console.log(`axe, ${where}: not failing on\n${describe(rest)}`);
  assert.equal(blocking.length, 0, `axe, ${where}: serious or critical violations\n${describe(blocking)}`);
}

/** Switches the colour scheme and waits until every figure is drawn in it. */
async function useScheme(page, scheme) {
  await page.emulateMedia({ colorScheme: scheme });
  await waitForTheme(page, scheme);
}

async function waitForTheme(page, theme) {
  await page.waitForFunction((t) => {
    const cs = [...document.querySelectorAll('canvas[data-figure]')];
    return cs.length > 0 && cs.every((c) => !c.isConnected || (c.dataset.drawn === '1' && c.dataset.theme === t));
  }, theme, { timeout: 15000 });
}

/** Reloads the page (keeping emulated media) and waits until it is ready. */
async function reload(page) {
  await page.reload();
  await page.waitForSelector('body[data-ready="1"]', { state: 'attached', timeout: 20000 });
}

/**
 * For each paper figure: the WCAG relative luminance of its background (the
 * top-left pixel, inside the padding) and the share of its pixels that are
 * much lighter and much darker than that background.
 */
async function canvasTones(page) {
  return page.$$eval('.figures canvas[data-figure]', (canvases) => canvases.map((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const lin = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    const lum = (i) => 0.2126 * lin(d[i]) + 0.7152 * lin(d[i + 1]) + 0.0722 * lin(d[i + 2]);
    const bg = lum(0);
    let light = 0;
    let dark = 0;
    for (let i = 0; i < d.length; i += 4) {
      const l = lum(i);
      if (l > 0.6) light += 1;
      if (l < 0.05) dark += 1;
    }
    const n = d.length / 4;
    return { id: c.dataset.figure, theme: c.dataset.theme, bg, light: light / n, dark: dark / n };
  }));
}

function assertTones(tones, scheme) {
  assert.deepEqual(tones.map((t) => t.id).sort(), [...FIGURE_IDS].sort());
  for (const t of tones) {
    assert.equal(t.theme, scheme, `${t.id}: drawn ${scheme}`);
    if (scheme === 'dark') {
      assert.ok(t.bg < 0.05, `${t.id}: background luminance ${t.bg.toFixed(3)} is dark`);
      // Titles, labels and values in light ink (thin, antialiased: few pixels).
      assert.ok(t.light > 0.002, `${t.id}: ${(t.light * 100).toFixed(2)}% light pixels (text)`);
    } else {
      assert.ok(t.bg > 0.9, `${t.id}: background luminance ${t.bg.toFixed(3)} is light`);
      assert.ok(t.dark > 0.002, `${t.id}: ${(t.dark * 100).toFixed(2)}% dark pixels (text)`);
    }
  }
}

/** Opens the corrections panel so its tables and selects are audited too. */
async function openDetails(page) {
  await page.evaluate(() => { document.querySelector('#reading-details').open = true; });
}

for (const scheme of ['light', 'dark']) {
  for (const [size, viewport] of [['desktop', undefined], ['phone', PHONE]]) {
    test(`axe finds nothing serious in the sample report, ${scheme}, ${size}`, async () => {
      await withPage({ viewport }, async ({ page, pageErrors }) => {
        await page.emulateMedia({ colorScheme: scheme });
        await reload(page);
        await waitForTheme(page, scheme);
        await openDetails(page);
        assertNoBlocking(await audit(page), `${scheme}, ${size}`);
        assert.deepEqual(pageErrors, []);
      });
    });
  }
}

test('axe finds nothing serious when a file cannot be read, in both schemes', async () => {
  await withPage({}, async ({ page }) => {
    const before = await page.textContent('#status');
    await page.setInputFiles('#file-input', { name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from([0, 1, 2, 0, 0, 255]) });
    await page.waitForFunction((b) => document.querySelector('#status').textContent !== b, before);
    assert.equal(await page.isVisible('#error'), true, 'the error is shown');
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      assertNoBlocking(await audit(page), `error, ${scheme}`);
    }
  });
});

test('figures are drawn dark on arrival in a dark scheme, with light text', async () => {
  await withPage({}, async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await reload(page);
    await waitForTheme(page, 'dark');
    assertTones(await canvasTones(page), 'dark');
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, 'rgb(30, 31, 34)', 'the page is dark too, the colour of the figures');
  });
});

test('figures are redrawn when the colour scheme changes at runtime', async () => {
  await withPage({ deviceScaleFactor: 2 }, async ({ page }) => {
    await useScheme(page, 'light');
    assertTones(await canvasTones(page), 'light');
    await useScheme(page, 'dark');
    const dark = await canvasTones(page);
    assertTones(dark, 'dark');
    await useScheme(page, 'light');
    assertTones(await canvasTones(page), 'light');
    // The backing store still matches the CSS size at this devicePixelRatio.
    const sizes = await page.$$eval(PAPER_CANVASES, (cs) => cs.map((c) => ({ id: c.dataset.figure, w: c.width, css: c.getBoundingClientRect().width })));
    for (const s of sizes) assert.ok(Math.abs(s.w - s.css * 2) <= 1, `${s.id}: ${s.w} backing px for ${s.css} CSS px at 2x`);
  });
});

test('printing draws every figure light, even in a dark scheme, and restores dark after', async () => {
  await withPage({}, async ({ page }) => {
    await useScheme(page, 'dark');
    // Registered after the page's own listener, so it sees the canvases as printed.
    await page.evaluate(() => {
      window.printedThemes = null;
      addEventListener('beforeprint', () => {
        window.printedThemes = [...document.querySelectorAll('canvas[data-figure]')].map((c) => c.dataset.theme);
      });
    });
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 10000, `a PDF was made (${pdf.length} bytes)`);
    const printed = await page.evaluate(() => window.printedThemes);
    assert.ok(printed && printed.length >= FIGURE_IDS.length, 'beforeprint saw the figures');
    assert.deepEqual([...new Set(printed)], ['light'], 'every figure was light when printed');
    await waitForTheme(page, 'dark');
    // The print stylesheet hides the controls.
    await page.emulateMedia({ media: 'print' });
    for (const sel of ['#choose', '#load-sample', '.toc', '#reading-details', '.skip-link']) {
      assert.equal(await page.isVisible(sel), false, `${sel} is not printed`);
    }
    assert.equal(await page.isVisible('figure[data-figure="fig6"]'), true, 'the figures are printed');
  });
});

test('keyboard: the skip link leads to the report, Enter and Space open the file chooser, focus is visible', async () => {
  for (const scheme of ['light', 'dark']) {
    // A fresh page for each key: Chromium may open no chooser right after an
    // intercepted one, even across a reload.
    for (const key of ['Enter', ' ']) {
      await withPage({ colorScheme: scheme }, async ({ page }) => {
        // Listening turns on Playwright's file-chooser interception, which
        // takes a round trip to the browser: done before any key is pressed,
        // so no chooser opens un-intercepted (and unseen).
        const choosers = [];
        page.on('filechooser', (c) => choosers.push(c));
        await page.evaluate(() => 0);
        // The first Tab reaches the skip link, shown on screen when focused.
        await page.keyboard.press('Tab');
        const skip = await page.evaluate(() => {
          const a = document.activeElement;
          const r = a.getBoundingClientRect();
          return { cls: a.className, text: a.textContent, top: r.top, bottom: r.bottom };
        });
        assert.equal(skip.cls, 'skip-link', `${scheme}: the first Tab stop is the skip link`);
        assert.ok(skip.top >= 0 && skip.bottom <= 900, `${scheme}: the focused skip link is on screen (${skip.top}..${skip.bottom})`);
        await page.keyboard.press('Enter');
        await page.keyboard.press('Tab');
        const next = await page.evaluate(() => document.activeElement.closest('#report') !== null);
        assert.ok(next, `${scheme}: after the skip link, Tab moves inside the report`);

        await page.focus('.skip-link');
        await page.keyboard.press('Tab');
        assert.equal(await page.evaluate(() => document.activeElement.id), 'choose', `${scheme}: Choose a CSV is the next Tab stop`);
        const ring = await page.evaluate(() => {
          const s = getComputedStyle(document.activeElement);
          return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor, bg: getComputedStyle(document.body).backgroundColor };
        });
        assert.equal(ring.style, 'solid', `${scheme}: a focus ring is drawn`);
        assert.ok(ring.width >= 2, `${scheme}: the ring is ${ring.width}px wide`);
        const ratio = contrast(ring.color, ring.bg);
        assert.ok(ratio >= 3, `${scheme}: ring ${ring.color} on ${ring.bg} is ${ratio.toFixed(2)}:1`);
        await page.keyboard.press(key);
        await page.waitForFunction(() => true); // a round trip, so the event has arrived
        for (let i = 0; i < 50 && choosers.length === 0; i += 1) await page.waitForTimeout(100);
        assert.equal(choosers.length, 1, `${scheme}: ${JSON.stringify(key)} on Choose a CSV opens the file chooser`);
      });
    }
  }
});

/** WCAG contrast ratio of two CSS rgb() colours. */
function contrast(a, b) {
  const lum = (css) => {
    const [r, g, b2] = css.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b2;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

test('axe finds nothing serious in an open share menu and data table, and in an embed, in both schemes', async () => {
  let embedPath;
  await withPage({}, async ({ page }) => {
    const fig = page.locator('figure[data-figure="fig6"]');
    await fig.locator('details.fig-actions summary').click();
    await fig.locator('button[data-action="embed"]').click();
    await fig.locator('details.fig-table summary').click();
    await fig.locator('details.fig-table table').waitFor();
    embedPath = /src="http:\/\/127\.0\.0\.1:\d+\/([^"]+)"/.exec(await fig.locator('textarea').inputValue())[1];
    for (const scheme of ['light', 'dark']) {
      await useScheme(page, scheme);
      assertNoBlocking(await audit(page), `share menu, ${scheme}`);
    }
  });
  for (const scheme of ['light', 'dark']) {
    await withPage({ path: embedPath, colorScheme: scheme }, async ({ page, pageErrors }) => {
      await page.click('details.fig-table summary');
      await page.locator('details.fig-table table').waitFor();
      assertNoBlocking(await audit(page), `embed, ${scheme}`);
      assert.deepEqual(pageErrors, []);
    });
  }
});
