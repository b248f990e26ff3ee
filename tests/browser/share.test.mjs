// Sharing figures (issue #5) and untrusted links (issue #6): every export is
// a valid file with the figure's numbers, an embed link draws the same figure
// with no CSV, links carry no response text, and crafted links fail with a
// message and run nothing.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import zlib from 'node:zlib';
import Papa from 'papaparse';
import { useBrowser, canvasStats, upload, SAMPLE_PATH } from './helpers.mjs';

const withPage = useBrowser(before, after);
const EXPORT_WIDTH = 720;
const FIG = 'fig2';

/** Opens the share menu of figure `id` and clicks the button of `action`. */
async function act(page, id, action) {
  const fig = page.locator(`figure[data-figure="${id}"]`);
  const details = fig.locator('details.fig-actions');
  if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
  await fig.locator(`button[data-action="${action}"]`).click();
}

async function downloaded(page, id, action) {
  const [download] = await Promise.all([page.waitForEvent('download'), act(page, id, action)]);
  return { name: download.suggestedFilename(), bytes: fs.readFileSync(await download.path()) };
}

function pngSize(bytes) {
  assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG', 'PNG signature');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** The figure's data table, as text rows (opens the toggle). */
async function tableRows(page, scope) {
  const details = page.locator(`${scope} details.fig-table`);
  if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
  await details.locator('table').waitFor(); // made when first opened
  return details.locator('table tr').evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
}

/** The text the menu shows for copying after `action` (embed code, link, alt text). */
async function copied(page, id, action) {
  const out = page.locator(`figure[data-figure="${id}"] textarea.fig-actions-out`);
  // Cleared first: the box still holds what the figure's last action put there,
  // and a link is made asynchronously, so waiting for "not empty" alone could
  // read the previous action's text.
  if (await out.count()) await out.evaluate((el) => { el.value = ''; });
  await act(page, id, action);
  await page.waitForFunction((el) => el.value.length > 0 && !el.hidden, await out.elementHandle());
  return out.inputValue();
}

/** An embed snippet's src, as the browser reads the attribute. */
function srcOf(snippet) {
  return /src="([^"]+)"/.exec(snippet)[1].replace(/&amp;/g, '&');
}

/** The figure's link in an embed snippet's src: after '#', before the embed's options ("&w=720"). */
function fragmentOf(snippet) {
  return decodeURIComponent(new URL(srcOf(snippet)).hash.slice(1)).split('&')[0];
}

function linkPayload(text) {
  const m = /^v1\.([A-Za-z0-9_-]+)$/.exec(text);
  assert.ok(m, `a v1 payload: ${text.slice(0, 40)}`);
  return JSON.parse(zlib.inflateRawSync(Buffer.from(m[1], 'base64url')).toString('utf8'));
}

function deflateLink(value) {
  const json = typeof value === 'string' ? value : JSON.stringify(value);
  return `v1.${zlib.deflateRawSync(Buffer.from(json)).toString('base64url')}`;
}

test('PNG downloads are drawn at 2x and 3x, SVG parses with the labels, CSV carries the numbers', async () => {
  await withPage({}, async ({ page, pageErrors }) => {
    const p2 = await downloaded(page, FIG, 'png2');
    const p3 = await downloaded(page, FIG, 'png3');
    assert.match(p2.name, /fig2@2x\.png$/);
    const s2 = pngSize(p2.bytes);
    const s3 = pngSize(p3.bytes);
    assert.equal(s2.width, EXPORT_WIDTH * 2);
    assert.equal(s3.width, EXPORT_WIDTH * 3);
    // Drawn at the scale, not upscaled: heights scale too, and the file decodes.
    assert.ok(Math.abs(s3.height - s2.height * 1.5) <= 3, `heights ${s2.height} and ${s3.height}`);
    const decoded = await page.evaluate(async (b64) => {
      const blob = new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: 'image/png' });
      const bmp = await createImageBitmap(blob);
      return [bmp.width, bmp.height];
    }, p3.bytes.toString('base64'));
    assert.deepEqual(decoded, [s3.width, s3.height]);

    const rows = await tableRows(page, `figure[data-figure="${FIG}"]`);
    const labels = rows.slice(1).map((r) => r[0]);
    assert.ok(labels.length >= 4, `fig2 has answers: ${labels}`);

    const svg = await downloaded(page, FIG, 'svg');
    assert.match(svg.name, /fig2\.svg$/);
    const svgText = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      if (doc.querySelector('parsererror')) return null;
      return [...doc.querySelectorAll('text')].map((t) => t.textContent).join(' ');
    }, svg.bytes.toString('utf8'));
    assert.ok(svgText !== null, 'the SVG parses as XML');
    const words = svgText.replace(/\s+/g, ' ');
    for (const label of labels) assert.ok(words.includes(label), `SVG shows “${label}”`);
    assert.ok(words.includes('Fig. 2'), 'SVG has the title');

    const csv = await downloaded(page, FIG, 'csv');
    const text = csv.bytes.toString('utf8');
    assert.equal(text.charCodeAt(0), 0xfeff, 'UTF-8 byte-order mark for Excel');
    const parsed = Papa.parse(text.slice(1).trim(), { header: true }).data;
    assert.equal(parsed.length, labels.length);
    assert.deepEqual(rows[0], ['Answer', 'Count', 'Base', '%', '95% interval from (%)', 'to (%)']);
    for (const [i, r] of rows.slice(1).entries()) {
      const c = parsed[i];
      assert.deepEqual([c.label, c.count, c.base, c.percent, c.ci95_low_percent, c.ci95_high_percent], r, `row ${i + 1}`);
      assert.ok(Math.abs(Number(c.percent) - (100 * c.count) / c.base) < 0.051, 'percent = count / base');
      assert.ok(Number(c.ci95_low_percent) <= Number(c.percent) && Number(c.percent) <= Number(c.ci95_high_percent));
    }
    assert.deepEqual(pageErrors, []);
  });
});

test('alt text is read from the numbers and is the canvas\'s accessible name', async () => {
  await withPage({}, async ({ page }) => {
    const alt = await copied(page, FIG, 'alt');
    const label = await page.getAttribute(`canvas[data-figure="${FIG}"]`, 'aria-label');
    assert.equal(label, alt);
    const rows = await tableRows(page, `figure[data-figure="${FIG}"]`);
    assert.match(alt, /^Bar chart: Fig\. 2/);
    for (const [label, count, base] of rows.slice(1)) {
      const share = (100 * count) / base;
      const said = `${label} ${count > 0 && share < 0.5 ? '<1' : Math.round(share)}% (${count} of ${base})`;
      assert.ok(alt.includes(said), `alt text has “${said}”: ${alt}`);
    }
  });
});

test('an embed link draws the same figure and table in a fresh page, with no CSV and no response text', async () => {
  let snippet;
  let reportRows;
  let reportAlt;
  const fragments = [];
  await withPage({}, async ({ page }) => {
    snippet = await copied(page, FIG, 'embed');
    reportRows = await tableRows(page, `figure[data-figure="${FIG}"]`);
    reportAlt = await page.getAttribute(`canvas[data-figure="${FIG}"]`, 'aria-label');
    for (const id of ['fig3', 'fig6', 'maturity', 'pipeline_role', 'countries']) {
      fragments.push(fragmentOf(await copied(page, id, 'embed')));
    }
  });
  assert.match(snippet, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\.html#v1\.[A-Za-z0-9_-]+&amp;w=720&amp;survey=State\+of\+ML\+2020" title="Fig\. 2[^"]*" width="720" height="\d+"/);
  const src = srcOf(snippet);
  fragments.push(fragmentOf(snippet));

  for (const f of fragments) {
    const fig = linkPayload(f);
    // `analysis` and `test` when filtered, weighted or split; never `filter_by` (the page's, not the embed's).
    const fields = ['analysis', 'body', 'id', 'note', 'section', 'source', 'subtitle', 'test', 'title'];
    assert.ok(Object.keys(fig).every((k) => fields.includes(k)), `only figure fields: ${Object.keys(fig)}`);
  }

  const path = src.replace(/^http:\/\/127\.0\.0\.1:\d+\//, '');
  await withPage({ path, viewport: { width: 600, height: 800 } }, async ({ page, pageErrors, failedRequests }) => {
    const [stats] = await canvasStats(page, 'canvas[data-figure]');
    assert.equal(stats.id, FIG);
    assert.ok(stats.ink / stats.total > 0.03, 'the embed draws the figure');
    assert.ok(stats.cssWidth <= 600 && stats.cssWidth >= 560, `fits its frame: ${stats.cssWidth}`);
    assert.deepEqual(await tableRows(page, 'main'), reportRows);
    // The same alt text, but for the answers quoted from the file, which stay out of links.
    assert.match(reportAlt, /, e\.g\. “/, 'the sample quotes write-ins in fig2');
    assert.equal(await page.getAttribute('canvas[data-figure]', 'aria-label'), reportAlt.replace(/, e\.g\. “.*?”(?=\.)/, ''));
    // Issue #14: the credit names the file's survey and links to the report only when the author asks.
    // The sample is the preset's survey: the credit names it (issue #14).
    assert.match(await page.textContent('.embed-credit'), /^State of ML 2020\. Made with survey-report\.$/);
    assert.equal(await page.locator('a[href="./"]').count(), 0, 'no link to the report unless asked');
    // Only the page's own files were requested: no CSV, no server call.
    const requested = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
    assert.ok(requested.every((p) => /^\/(pkg\/draw\/survey_report(_bg\.wasm|\.js)|share\.js|dom\.js|embed\.js|style\.css|embed\.css)$/.test(p)), requested.join(', '));
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(failedRequests, []);
  });
});

test('links carry aggregates only: no free-text answer of the file is in any embed or view link', async () => {
  // The sample with a free-text column whose every answer is unique.
  const rows = Papa.parse(fs.readFileSync(SAMPLE_PATH, 'utf8'), { header: false }).data.filter((r) => r.length > 1);
  rows[0].push('Anything else you would like to tell us?');
  const role = rows[0].indexOf('What is your role in your team?');
  assert.ok(role > 0, 'the sample has the role question');
  for (let i = 1; i < rows.length; i += 1) {
    rows[i].push(i % 3 ? `my private remark number ${i} (secret-${i * 7919})` : '');
    // Write-ins ("Other: ...") are respondents' words too.
    if (i % 40 === 0) rows[i][role] = `secret-write-in ${i}`;
  }
  const buffer = Buffer.from(Papa.unparse(rows));
  await withPage({}, async ({ page }) => {
    await upload(page, { name: 'with-comments.csv', buffer });
    await page.waitForSelector('body[data-loaded="with-comments.csv"]');
    // The free text is in the report (as samples), so it was read.
    assert.ok((await page.textContent('#every-list')).includes('secret-'), 'free text is shown in the page');
    assert.match(await page.getAttribute('canvas[data-figure="fig2"]', 'aria-label'), /secret-write-in/, 'write-ins are quoted in the page');
    const ids = await page.$$eval('figure[data-figure] canvas[data-figure]', (cs) => cs.map((c) => c.dataset.figure));
    assert.ok(ids.length >= 15, `figures to share: ${ids.length}`);
    for (const id of ids) {
      const json = JSON.stringify(linkPayload(fragmentOf(await copied(page, id, 'embed'))));
      assert.ok(!json.includes('secret-') && !json.includes('private remark'), `response text in the embed link of ${id}`);
    }
    const view = await copied(page, ids[0], 'link');
    const state = JSON.stringify(linkPayload(decodeURIComponent(new URL(view).hash.slice('#view='.length))));
    assert.ok(!state.includes('secret-'), 'response text in the view link');
  });
});

test('an embed tells its parent page its height, and follows the frame\'s width', async () => {
  await withPage({}, async ({ page, context }) => {
    // The auto-resize script is an option of the menu (issue #14): pasted
    // with the frame into a blog page, it makes the frame as tall as the figure.
    await page.locator('figure[data-figure="fig6"] details.fig-actions summary').click();
    await page.locator('figure[data-figure="fig6"] input[data-embed="script"]').check();
    const snippet = await copied(page, 'fig6', 'embed');
    assert.match(snippet, /<\/iframe>\n<script>/);
    // A page with no Content-Security-Policy of its own, as a blog is; of the
    // page's origin, since Chromium refuses a 127.0.0.1 frame in any other.
    const blog = await context.newPage();
    const url = new URL('__blog.html', page.url()).href;
    await blog.route(url, (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html><body style="margin:0"><div id="column" style="width:420px">${snippet}</div></body>` }));
    await blog.goto(url);
    const frame = await (await blog.waitForSelector('iframe')).contentFrame();
    await frame.waitForSelector('body[data-ready="1"]', { state: 'attached' });
    const fitted = async () => {
      await blog.waitForFunction(() => {
        const f = document.querySelector('iframe');
        return Math.abs(f.getBoundingClientRect().height - f.contentDocument.documentElement.getBoundingClientRect().height) < 1;
      });
      return blog.$eval('iframe', (f) => f.getBoundingClientRect().height);
    };
    const narrow = await fitted();
    await blog.$eval('#column', (c) => { c.style.width = '900px'; });
    await blog.waitForFunction((h) => document.querySelector('iframe').getBoundingClientRect().height !== h, narrow);
    const wide = await fitted();
    assert.ok(narrow > 300, `height reported: ${narrow}`);
    assert.ok(wide < narrow, `wider frame, shorter figure: ${narrow}, ${wide}`);
    assert.equal(await blog.$eval('iframe', (f) => f.getBoundingClientRect().width), 720, 'at most the width chosen');
  });
});

test('a link restores the view (corrections and splits) when the same file is opened', async () => {
  let link;
  await withPage({}, async ({ page }) => {
    const split = page.locator('select[data-split="role"]');
    await split.focus(); // its options are made on focus
    const by = await split.locator('option').nth(1).getAttribute('value');
    await split.selectOption(by);
    await page.waitForSelector('.question[data-question="role"] canvas[data-drawn="1"]');
    link = await copied(page, 'q-role', 'link');
    const state = linkPayload(decodeURIComponent(new URL(link).hash.slice('#view='.length)));
    assert.deepEqual(state.splits, { role: { by, stacked: false } });
    assert.equal(state.file.name, 'state-of-ml-2020-synthetic.csv');
    assert.deepEqual(Object.keys(state).sort(), ['file', 'focus', 'overrides', 'splits']);
    link = { path: link.replace(/^http:\/\/127\.0\.0\.1:\d+\//, ''), by };
  });
  await withPage({ path: link.path }, async ({ page, pageErrors }) => {
    // The sample is the file the link names, so the view applies on arrival.
    assert.equal(await page.inputValue('select[data-split="role"]'), link.by);
    assert.match(await page.textContent('#status'), /Restored the view from the link/);
    assert.deepEqual(pageErrors, []);
  });
});

const PWNED = '<img src=x onerror="window.__pwned=1">';

test('crafted embed links fail with a message saying what is wrong, and run nothing', async () => {
  const good = (label) => ({
    id: 'x', section: 'every', title: `T ${PWNED}`, subtitle: '% of 10', note: null, source: null,
    body: { type: 'bars', series: [{ name: 'All', n: 10 }], rows: [{ label, values: [{ count: 1, base: 10, share: 0.1, lo: 0.02, hi: 0.4 }] }] },
  });
  const bad = good('a');
  bad.body.rows[0].values.push(bad.body.rows[0].values[0]);
  const cases = [
    ['', /nothing after #/],
    ['hello', /not a version v1 link/],
    ['v1.%%%', /its % escapes are broken/],
    ['v1.A', /cut short/],
    ['v1.***', /not base64url/],
    ['v1.' + Buffer.from('not deflate at all').toString('base64url'), /damaged/],
    [deflateLink('{"id": '), /not valid JSON/],
    [deflateLink({ id: 'x' }), /missing field|invalid type|cannot be shown/],
    [deflateLink(bad), /bar 1 has 2 values for 1 series/],
    [`v1.${zlib.deflateRawSync(Buffer.alloc(4 << 20, 32)).toString('base64url')}`, /inflates to more than/],
    ['v1.' + 'A'.repeat(70000), /characters long/],
  ];
  for (const [frag, message] of cases) {
    await withPage({ path: `embed.html#${frag}`, ready: 'body[data-ready]' }, async ({ page, pageErrors }) => {
      assert.equal(await page.getAttribute('body', 'data-ready'), 'error', `${frag.slice(0, 30)} is refused`);
      const text = await page.textContent('[role="alert"]');
      assert.match(text, /^This embedded figure cannot be shown: /);
      assert.match(text, message, `${frag.slice(0, 30)}: ${text}`);
      assert.deepEqual(pageErrors, []);
    });
  }
  // A valid figure whose text is markup shows it as text.
  await withPage({ path: `embed.html#${deflateLink(good(`"><svg onload="window.__pwned=2">${PWNED}`))}` }, async ({ page, pageErrors }) => {
    await page.waitForTimeout(200);
    assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no script ran');
    assert.equal(await page.locator('main img, main svg, main script').count(), 0);
    const rows = await tableRows(page, 'main');
    assert.equal(rows[1][0], `"><svg onload="window.__pwned=2">${PWNED}`);
    assert.deepEqual(pageErrors, []);
  });
});

test('a crafted view link shows a message and the page still works', async () => {
  for (const frag of ['#view=garbage', `#view=${deflateLink({ file: { name: PWNED, size: 'x' } })}`, `#view=${deflateLink([1, 2])}`]) {
    await withPage({ path: frag }, async ({ page, pageErrors }) => {
      const text = await page.textContent('#view-note');
      assert.match(text, /^This link's view could not be read: /);
      assert.equal(await page.evaluate(() => window.__pwned), undefined);
      assert.equal(await page.locator('#view-note img').count(), 0);
      // The sample report is still there.
      assert.ok((await canvasStats(page, '.figures canvas[data-figure]')).length >= 8);
      assert.deepEqual(pageErrors, []);
    });
  }
  // A well-formed view of another file waits for that file; its name stays text.
  const other = deflateLink({ file: { name: PWNED, size: 10 }, overrides: { kinds: {}, roles: {} }, splits: {} });
  await withPage({ path: `#view=${other}` }, async ({ page }) => {
    assert.match(await page.textContent('#view-note'), /drop that file on the page/);
    assert.ok((await page.textContent('#view-note')).includes(PWNED));
    assert.equal(await page.locator('#view-note img').count(), 0);
  });
});

test('markup in a CSV stays text in the page, the SVG export, the alt text and the embed; no script runs', async () => {
  const payloads = [
    '<script>window.__pwned=1</script>',
    '<img src=x onerror="window.__pwned=2">',
    '"><svg onload="window.__pwned=3">',
    'javascript:window.__pwned=4',
  ];
  const rows = Papa.parse(fs.readFileSync(SAMPLE_PATH, 'utf8'), { header: false }).data.filter((r) => r.length > 1);
  // A question of the file's own whose answers are the payloads: each becomes a bar.
  rows[0].push('Which markup do you like best?');
  for (let i = 1; i < rows.length; i += 1) rows[i].push(payloads[i % 4]);
  const buffer = Buffer.from(Papa.unparse(rows));
  let embedPath;
  await withPage({}, async ({ page, pageErrors }) => {
    await upload(page, { name: 'markup.csv', buffer });
    await page.waitForSelector('body[data-loaded="markup.csv"]');
    const id = await page.$eval('.question canvas[aria-label*="Which markup"]', (c) => c.dataset.figure);
    const table = (await tableRows(page, `figure[data-figure="${id}"]`)).map((r) => r[0]);
    for (const p of payloads) assert.ok(table.includes(p), `“${p}” is a row of the table: ${table}`);
    const alt = await page.getAttribute(`canvas[data-figure="${id}"]`, 'aria-label');
    for (const p of payloads) assert.ok(alt.includes(p), `alt text has “${p}” literally`);
    const svg = (await downloaded(page, id, 'svg')).bytes.toString('utf8');
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return {
        error: !!doc.querySelector('parsererror'),
        elements: [...new Set([...doc.querySelectorAll('*')].map((e) => e.localName))],
        handlers: [...doc.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => a.name)).filter((n) => n.startsWith('on')),
        text: [...doc.querySelectorAll('text')].map((t) => t.textContent).join('\n'),
      };
    }, svg);
    assert.equal(parsed.error, false, 'the SVG parses');
    assert.deepEqual(parsed.elements.filter((n) => !['svg', 'rect', 'text', 'line', 'polyline', 'path', 'g', 'circle'].includes(n)), [], 'only drawing elements');
    assert.deepEqual(parsed.handlers, [], 'no event handler attributes');
    for (const p of ['<script>window.__pwned=1</script>', '<img src=x onerror="window.__pwned=2">']) {
      assert.ok(parsed.text.includes(p), `the SVG shows “${p}” as text`);
    }
    embedPath = /src="http:\/\/127\.0\.0\.1:\d+\/([^"]+)"/.exec(await copied(page, id, 'embed'))[1];
    assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no script ran in the page');
    assert.deepEqual(pageErrors, []);
  });
  await withPage({ path: embedPath }, async ({ page, pageErrors }) => {
    const rows = (await tableRows(page, 'main')).map((r) => r[0]);
    for (const p of payloads) assert.ok(rows.includes(p), `the embed shows “${p}” as text`);
    assert.equal(await page.locator('main img, main script, main svg').count(), 0);
    assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no script ran in the embed');
    assert.deepEqual(pageErrors, []);
  });
});

test('the page and the embed ship the Content-Security-Policy and run under it', async () => {
  const required = ["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "object-src 'none'", "base-uri 'none'"];
  for (const [path, ready] of [['', 'body[data-ready="1"]'], [`embed.html#${deflateLink({ id: 'x', section: 's', title: 't', subtitle: 's', note: null, source: null, body: { type: 'bars', series: [{ name: 'All', n: 2 }], rows: [{ label: 'a', values: [{ count: 1, base: 2, share: 0.5, lo: 0.1, hi: 0.9 }] }] } })}`, 'body[data-ready="1"]']]) {
    await withPage({ path, ready }, async ({ page, pageErrors }) => {
      const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
      for (const d of required) assert.ok(csp.split(';').map((x) => x.trim()).includes(d), `${path || 'index'}: CSP has ${d}`);
      assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline script');
      assert.equal(await page.locator('[style]').count() - await page.locator('canvas[style]').count(), 0, 'no inline style attributes in the markup');
      // The policy is enforced: an inline script added now does not run.
      const ran = await page.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = 'window.__inline = 1';
        document.head.append(s);
        return window.__inline === 1;
      });
      assert.equal(ran, false, 'inline script is blocked');
      assert.ok((await canvasStats(page)).every((c) => c.drawn === '1'), 'figures drawn under the policy');
      assert.deepEqual(pageErrors, []);
    });
  }
});

test('each part of a view link the file has no place for is named in the status (issue #12)', async () => {
  const size = fs.statSync(SAMPLE_PATH).size;
  const key = await withPage({}, ({ page }) => page.getAttribute('#columns tr[data-question]', 'data-question'));
  const view = {
    file: { name: 'state-of-ml-2020-synthetic.csv', size },
    overrides: { kinds: { [key]: 'foo', Q99: 'single' }, roles: { nosuchrole: null }, options: {} },
    splits: { role: { by: 'Q98', stacked: false }, Q97: { by: 'role', stacked: false }, goals: { by: 'company_size', stacked: false } },
    focus: 'q-nope',
  };
  await withPage({ path: `#view=${deflateLink(view)}` }, async ({ page, pageErrors }) => {
    const status = await page.textContent('#status');
    assert.match(status, /^Restored the view from the link on state-of-ml-2020-synthetic\.csv, except: /);
    for (const part of [
      `kind “foo” for “${key}” (not a kind)`, 'kind for “Q99” (no such question)',
      'role “nosuchrole” (not in the questionnaire)', 'split by “Q98” (no such question)',
      'split of “Q97” (no such question)', 'figure “q-nope” (not in this report)',
    ]) assert.ok(status.includes(part), `${part} in: ${status}`);
    // What did fit is applied: the split of goals is drawn.
    assert.doesNotMatch(status, /goals/);
    assert.equal(await page.inputValue('select[data-split="goals"]'), 'company_size');
    assert.deepEqual(pageErrors, []);
  });
  // A view that fits says only that it was restored.
  await withPage({ path: `#view=${deflateLink({ ...view, overrides: { kinds: {}, roles: {} }, splits: {}, focus: 'fig2' })}` }, async ({ page }) => {
    assert.equal(await page.textContent('#status'), 'Restored the view from the link on state-of-ml-2020-synthetic.csv.');
  });
});

test('a view link splitting a 25,000-answer column by another shows why in its place, and the rest of the report (issue #12)', async () => {
  const n = 25000;
  let csv = 'First thing you would change,Second thing you would change,Team\n';
  for (let i = 0; i < n; i += 1) csv += `first answer ${i},second answer ${n - i},${['a', 'b'][i % 2]}\n`;
  const buffer = Buffer.from(csv);
  const name = 'two-free-text.csv';
  const ids = await withPage({}, async ({ page }) => {
    await upload(page, { name, buffer });
    await page.waitForFunction((n) => document.body.dataset.loaded === n, name);
    return page.$$eval('#columns tr[data-question]', (rows) => rows.map((r) => r.dataset.question));
  });
  assert.equal(ids.length, 3, ids.join(', '));
  const [a, b] = ids;
  const view = {
    file: { name, size: buffer.length },
    overrides: { kinds: { [a]: 'single', [b]: 'single' }, roles: {}, options: {} },
    splits: { [a]: { by: b, stacked: false } },
  };
  await withPage({ path: `#view=${deflateLink(view)}` }, async ({ page, pageErrors, consoleErrors }) => {
    await upload(page, { name, buffer });
    await page.waitForFunction((n) => document.body.dataset.loaded === n && !document.querySelector('#report').hasAttribute('aria-busy'), name, { timeout: 60000 });
    const message = await page.textContent(`[data-split-error="${a}"]`);
    assert.match(message, /^This split is not drawn: the split of “First thing you would change” by “Second thing you would change” would need 25000 × 25001 cells; a split is drawn by a question with at most 300 options/);
    assert.match(await page.textContent('#status'), /except: split of “.+” by “.+” \(too large: see the message in its place\)/);
    // The rest of the report stands: the question's own figure and the other questions.
    assert.ok(await page.locator(`.question[data-question="${a}"] canvas[data-figure]`).count() === 1);
    assert.ok(await page.locator(`.question[data-question="${ids[2]}"] canvas[data-drawn="1"]`).count() === 1);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(consoleErrors, []);
  });
});
