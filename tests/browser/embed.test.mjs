// Embeds a person can publish (issue #14): the embed code's frame holds the
// whole figure at the width chosen and in narrower columns with no script,
// the theme chosen is the one drawn, long labels wrap instead of being cut,
// and the embed says nothing about the report page it is not in.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { useBrowser } from './helpers.mjs';

const withPage = useBrowser(before, after);
const SHOTS = process.env.EMBED_SHOTS; // a folder to save screenshots in, when set

/** Opens figure `id`'s menu, sets the embed options and returns the embed code. */
async function embedCode(page, id, { width = 720, theme = 'auto', credit = false, script = false } = {}) {
  const fig = page.locator(`figure[data-figure="${id}"]`);
  const details = fig.locator('details.fig-actions');
  if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
  const preset = [360, 540, 720].includes(width);
  await fig.locator('select[data-embed="width"]').selectOption(preset ? String(width) : 'custom');
  if (!preset) await fig.locator('input[data-embed="custom"]').fill(String(width));
  await fig.locator('select[data-embed="theme"]').selectOption(theme);
  await fig.locator('input[data-embed="credit"]').setChecked(credit);
  await fig.locator('input[data-embed="script"]').setChecked(script);
  const out = fig.locator('textarea.fig-actions-out');
  if (await out.count()) await out.evaluate((el) => { el.value = ''; });
  await fig.locator('button[data-action="embed"]').click();
  await page.waitForFunction((el) => el.value.length > 0 && !el.hidden, await out.elementHandle());
  return out.inputValue();
}

function frameSize(snippet) {
  const height = Number(/ height="(\d+)"/.exec(snippet)[1]);
  const width = Number(/ width="(\d+)"/.exec(snippet)[1]);
  assert.match(snippet, new RegExp(`style="border:0;width:100%;max-width:${width}px;height:${height}px"`));
  return { width, height };
}

function figureOf(snippet) {
  const hash = decodeURIComponent(new URL(/src="([^"]+)"/.exec(snippet)[1].replace(/&amp;/g, '&')).hash.slice(1));
  const link = hash.split('&')[0];
  return JSON.parse(zlib.inflateRawSync(Buffer.from(link.slice(3), 'base64url')).toString('utf8'));
}

/**
 * A blog page as a person pastes the embed code into, with no
 * Content-Security-Policy of its own: `show(snippet, column)` puts it in a
 * column `column` px wide, waits for the embed to draw and returns what the
 * frame shows. It is served from the page's origin: Chromium refuses a
 * frame of 127.0.0.1 in a page of any other (local network access).
 */
async function blog(context, origin) {
  const host = await context.newPage();
  const url = new URL('__blog.html', origin).href;
  let body = '';
  await host.route(url, (route) => route.fulfill({ contentType: 'text/html', body }));
  async function show(snippet, column) {
    body = `<!doctype html><html><body style="margin:0"><div style="width:${column}px">${snippet}</div></body></html>`;
    await host.goto(url);
    const frame = await (await host.waitForSelector('iframe')).contentFrame();
    await frame.waitForSelector('body[data-ready]', { state: 'attached' });
    await host.waitForTimeout(30);
    const rect = await host.$eval('iframe', (f) => f.getBoundingClientRect().toJSON());
    return {
      frameWidth: rect.width,
      frameHeight: rect.height,
      ...(await frame.evaluate(() => {
        const doc = document.documentElement;
        const canvas = document.querySelector('canvas');
        return {
          ready: document.body.dataset.ready,
          docHeight: doc.scrollHeight,
          docWidth: doc.scrollWidth,
          canvasBottom: canvas ? canvas.getBoundingClientRect().bottom : null,
          layoutWidth: canvas ? Number(canvas.dataset.layoutWidth) : null,
          credit: document.querySelector('.embed-credit')?.textContent,
          creditLinks: document.querySelectorAll('.embed-credit a').length,
          caption: document.querySelector('figcaption')?.textContent,
        };
      })),
    };
  }
  return { show, shot: (path) => host.screenshot({ path, fullPage: true }) };
}

test('the embed code holds every figure of the sample at 360 and 720 px, and in narrower columns, with no script', async () => {
  await withPage({ viewport: { width: 1366, height: 900 } }, async ({ page, context, pageErrors }) => {
    const { show } = await blog(context, page.url());
    const ids = await page.$$eval('figure[data-figure] canvas[data-figure]', (cs) => cs.map((c) => c.dataset.figure));
    assert.ok(ids.length >= 15, `figures: ${ids.length}`);
    for (const id of ids) {
      for (const width of [360, 720]) {
        const snippet = await embedCode(page, id, { width });
        assert.ok(!snippet.includes('<script'), 'no script unless asked');
        const size = frameSize(snippet);
        assert.equal(size.width, width);
        // At the width chosen, and in a column narrower than that.
        for (const column of width === 720 ? [720, 360] : [360]) {
          const got = await show(snippet, column);
          const at = `${id} made for ${width} px in a ${column} px column`;
          assert.equal(got.ready, '1', at);
          assert.equal(got.frameWidth, column, at);
          assert.equal(got.frameHeight, size.height, at);
          assert.ok(got.docHeight <= got.frameHeight, `${at}: page ${got.docHeight} px in a ${got.frameHeight} px frame`);
          assert.ok(got.docWidth <= column, `${at}: ${got.docWidth} px wide`);
          assert.ok(got.canvasBottom <= got.frameHeight, `${at}: the figure ends at ${got.canvasBottom}`);
          // At the chosen width the figure is drawn as it is, not shrunk.
          if (column === width) assert.equal(got.layoutWidth, width, at);
        }
      }
    }
    assert.deepEqual(pageErrors, []);
  });
});

test('a custom width is carried in the link, and the resize script is added only when asked', async () => {
  await withPage({}, async ({ page }) => {
    const snippet = await embedCode(page, 'fig6', { width: 600, script: true });
    assert.equal(frameSize(snippet).width, 600);
    assert.match(snippet, /#v1\.[A-Za-z0-9_-]+&amp;w=600&amp;fit=content(&amp;survey=[^"&]+)?"/);
    assert.match(snippet, /<\/iframe>\n<script>addEventListener\('message'/);
    // Out of range, it is held to what the embed supports.
    assert.equal(frameSize(await embedCode(page, 'fig6', { width: 100 })).width, 360);
  });
});

test('the theme the author chose is drawn whatever the reader prefers; "follow the reader" follows', async () => {
  const dark = (rgb) => rgb.slice(0, 3).reduce((a, b) => a + b, 0) < 3 * 80;
  const cases = [
    ['dark', 'light', true], ['light', 'dark', false], ['auto', 'dark', true], ['auto', 'light', false],
  ];
  let code;
  await withPage({}, async ({ page }) => {
    code = {};
    for (const theme of ['dark', 'light', 'auto']) code[theme] = await embedCode(page, 'fig2', { theme });
  });
  for (const [theme, reader, wantDark] of cases) {
    const src = /src="([^"]+)"/.exec(code[theme])[1].replace(/&amp;/g, '&');
    const path = new URL(src).pathname.slice(1) + new URL(src).hash;
    await withPage({ path, colorScheme: reader, viewport: { width: 720, height: 900 } }, async ({ page, pageErrors }) => {
      const corner = await page.$eval('canvas[data-figure]', (c) => [...c.getContext('2d').getImageData(2, 2, 1, 1).data]);
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number));
      const at = `theme ${theme}, reader ${reader}`;
      assert.equal(dark(corner), wantDark, `${at}: canvas ${corner}`);
      assert.equal(dark(bg), wantDark, `${at}: page ${bg}`);
      if (SHOTS) {
        for (const width of [360, 720]) {
          await page.setViewportSize({ width, height: 1000 });
          await page.waitForTimeout(150);
          await page.screenshot({ path: `${SHOTS}/embed-${theme}-${reader}-${width}.png`, fullPage: true });
        }
      }
      assert.deepEqual(pageErrors, []);
    });
  }
});

test('at 360 px no label of the sample\'s figures is cut: every word of every label is drawn', async () => {
  await withPage({}, async ({ page }) => {
    const ids = await page.$$eval('figure[data-figure] canvas[data-figure]', (cs) => cs.map((c) => c.dataset.figure));
    let wrapped = 0;
    for (const id of ids) {
      const fig = figureOf(await embedCode(page, id, { width: 360 }));
      const texts = await page.evaluate(async (f) => {
        const { figureSvg } = await import('./pkg/survey_report.js');
        const svg = new DOMParser().parseFromString(figureSvg(f, 360, false), 'image/svg+xml');
        return [...svg.querySelectorAll('text')].map((t) => t.textContent);
      }, fig);
      const drawn = texts.join('').replace(/\s+/g, '');
      const rows = fig.body.rows.map((r) => (r.key ? `(${r.key}) ${r.label}` : r.label));
      for (const label of rows) {
        assert.ok(drawn.includes(label.replace(/\s+/g, '')), `${id}: "${label}" is drawn whole at 360 px`);
      }
      assert.ok(texts.every((t) => !t.includes('\u2026')), `${id}: nothing ends in an ellipsis: ${texts.filter((t) => t.includes('\u2026'))}`);
      wrapped += rows.filter((l) => !texts.includes(l)).length;
    }
    assert.ok(wrapped > 0, 'some labels of the sample need more than one line at 360 px');
  });
});

test('the embed leaves out what points to the report page, and credits the file\'s survey; the link only when asked', async () => {
  await withPage({}, async ({ page, context }) => {
    const { show } = await blog(context, page.url());
    const ids = await page.$$eval('figure[data-figure] canvas[data-figure]', (cs) => cs.map((c) => c.dataset.figure));
    let pointed = null;
    for (const id of ids) {
      const snippet = await embedCode(page, id);
      if ((figureOf(snippet).note || '').includes('reading panel')) {
        pointed = { id, snippet };
        break;
      }
    }
    assert.ok(pointed, 'a figure of the sample has a note about the reading panel');
    const plain = await show(pointed.snippet, 720);
    assert.ok(!plain.caption.includes('reading panel'), `${pointed.id}: ${plain.caption}`);
    assert.match(plain.caption, /less frequent answers are not shown/);
    // The sample is the preset's survey: the credit names it.
    assert.match(plain.credit, /^State of ML 2020\./, 'names the survey the numbers are from');
    assert.match(plain.credit, /Made with survey-report\.$/);
    assert.equal(plain.creditLinks, 0, 'no link unless asked');
    const linked = await show(await embedCode(page, pointed.id, { credit: true }), 720);
    assert.equal(linked.creditLinks, 1, 'the credit links to the report when asked');
  });
});

// Real exports nobody here wrote, beside the checkout as in CI.
const REALDATA = new URL('../../../shared/realdata/', import.meta.url);

test('figures of every real export embed whole at 360 px with no script', async (t) => {
  const fs = await import('node:fs');
  const { fileURLToPath } = await import('node:url');
  const dir = fileURLToPath(REALDATA);
  if (!fs.existsSync(dir)) {
    t.skip('../shared/realdata not found (it is beside the checkout in CI)');
    return;
  }
  const files = fs.readdirSync(dir).filter((f) => /\.(csv|zip)$/.test(f) && !/schema/.test(f)).sort();
  assert.ok(files.length >= 5, `real exports: ${files}`);
  for (const file of files) {
    await withPage({ viewport: { width: 1366, height: 900 } }, async ({ page, context, pageErrors }) => {
      await page.setInputFiles('#file-input', `${dir}/${file}`);
      await page.waitForFunction((n) => document.body.dataset.loaded === n, file, { timeout: 120000 });
      const { show } = await blog(context, page.url());
      // The first figures the page shows (its own questions' for a survey that is not the paper's).
      const ids = await page.$$eval('figure[data-figure] canvas[data-figure]', (cs) => cs
        .filter((c) => c.closest('figure').offsetParent !== null)
        .map((c) => c.dataset.figure)
        .slice(0, 4));
      assert.ok(ids.length >= 2, `${file}: figures shown: ${ids}`);
      for (const id of ids) {
        const snippet = await embedCode(page, id, { width: 360 });
        const size = frameSize(snippet);
        const got = await show(snippet, 360);
        const at = `${file}, ${id} at 360 px`;
        assert.equal(got.ready, '1', at);
        assert.ok(got.docHeight <= size.height, `${at}: page ${got.docHeight} px in a ${size.height} px frame`);
        assert.ok(got.docWidth <= 360, `${at}: ${got.docWidth} px wide`);
        assert.ok(got.canvasBottom <= size.height, `${at}: the figure ends at ${got.canvasBottom}`);
        // A survey that is not the preset's is credited under its own name.
        const fits = await page.evaluate(() => !document.querySelector('#paper-compare')?.contains(document.querySelector('#who')));
        const title = (await page.textContent('#page-title')).trim();
        if (!fits) assert.ok(got.credit.startsWith(`${title}.`), `${at}: the credit "${got.credit}" names the survey "${title}"`);
      }
      assert.deepEqual(pageErrors, [], file);
    });
  }
});
