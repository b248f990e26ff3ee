// `./build.sh dist` (tools/dist.mjs): the folder it writes, served alone,
// is the whole page: the sample report draws, a dropped CSV is read, an
// embed draws, every file but the two pages has a content-hashed name, the
// CSP meta is the one of www/, and _headers caches the hashed files a year.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const HASHED = /\.[0-9a-f]{10}\.[a-z]+$/;
const CSP = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/;

let dir;
let server;
let browser;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'survey-report-dist-'));
  const r = spawnSync(process.execPath, [path.join(REPO, 'tools', 'dist.mjs'), '--out', dir], { encoding: 'utf8' });
  assert.equal(r.status, 0, `tools/dist.mjs failed: ${r.stderr}`);
  server = await serve(dir);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A page of dist/ in a fresh context, recording errors and every request. */
async function open(pathAndHash) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.route('**/favicon.ico', (route) => route.fulfill({ status: 204, body: '' }));
  const page = await context.newPage();
  const problems = [];
  const requests = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  context.on('response', (resp) => {
    requests.push(new URL(resp.url()).pathname);
    if (resp.status() >= 400) problems.push(`${resp.status()} ${resp.url()}`);
  });
  await page.goto(new URL(pathAndHash, server.url).href);
  await page.waitForSelector('body[data-ready="1"]', { state: 'attached', timeout: 30000 });
  return { page, problems, requests, close: () => context.close() };
}

test('dist/ is regular files only; every file but the pages is hashed and cached a year in _headers', () => {
  const files = fs.readdirSync(dir, { recursive: true, withFileTypes: true });
  assert.equal(files.filter((e) => e.isSymbolicLink()).length, 0);
  const rel = files.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath ?? e.path, e.name)));
  const hashed = rel.filter((f) => !['index.html', 'embed.html', '_headers'].includes(f));
  assert.ok(hashed.some((f) => /^pkg\/survey_report_bg\.[0-9a-f]{10}\.wasm$/.test(f)), `no hashed wasm among ${hashed.join(', ')}`);
  assert.ok(hashed.some((f) => /^state-of-ml-2020-synthetic\.[0-9a-f]{10}\.csv$/.test(f)), 'no hashed sample');
  for (const f of hashed) assert.match(f, HASHED, `${f} has no content hash`);
  const headers = fs.readFileSync(path.join(dir, '_headers'), 'utf8');
  for (const f of hashed) assert.match(headers, new RegExp(`^/${f.replaceAll('.', '\\.')}\\n  Cache-Control: public, max-age=31536000, immutable$`, 'm'));
  assert.match(headers, /^\/index\.html\n {2}Cache-Control: no-cache$/m);
  for (const page of ['index.html', 'embed.html']) {
    const csp = CSP.exec(fs.readFileSync(path.join(dir, page), 'utf8'));
    assert.ok(csp, `${page} lost its CSP meta`);
    assert.equal(csp[1], CSP.exec(fs.readFileSync(path.join(REPO, 'www', page), 'utf8'))[1]);
  }
});

test('served alone, dist/ draws the sample report and reads a dropped CSV, loading hashed files only', async () => {
  const { page, problems, requests, close } = await open('index.html');
  try {
    const drawn = await page.$$eval('canvas[data-figure]', (cs) => cs.filter((c) => c.dataset.drawn === '1').length);
    assert.ok(drawn >= 5, `only ${drawn} figures drawn`);
    assert.match(await page.textContent('#status'), /331 rows/);
    const loaded = requests.filter((p) => p !== '/' && p !== '/index.html' && p !== '/favicon.ico');
    assert.ok(loaded.some((p) => p.endsWith('.wasm')), 'the wasm was not loaded');
    for (const p of loaded) assert.match(p, HASHED, `${p} is not a hashed file`);

    const csv = 'Role,Team size\nData,3\nModels,5\nData,8\n';
    await page.evaluate((text) => {
      const dataTransfer = new DataTransfer();
      dataTransfer.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer, bubbles: true, cancelable: true }));
    }, csv);
    await page.waitForFunction(() => document.body.dataset.loaded === 'dropped.csv', null, { timeout: 30000 });
    assert.match(await page.textContent('#status'), /dropped\.csv .*3 rows/);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('an embed of dist/ draws its figure', async () => {
  // The embed link is made by the page's own code, loaded from dist/ by its hashed name.
  const shareFile = fs.readdirSync(dir).find((f) => /^share\.[0-9a-f]{10}\.js$/.test(f));
  assert.ok(shareFile, 'no hashed share.js');
  const { page, problems, close } = await open('index.html');
  try {
    const hash = await page.evaluate(async (file) => {
      const { encodeLink } = await import(`/${file}`);
      const id = document.querySelector('canvas[data-figure]').dataset.figure;
      return `${await encodeLink(window.surveyReportFigure(id))}&w=540`;
    }, shareFile);
    await page.goto(new URL(`embed.html#${hash}`, server.url).href);
    await page.waitForSelector('body[data-ready="1"]', { state: 'attached', timeout: 30000 });
    assert.equal(await page.$eval('canvas', (c) => c.dataset.drawn), '1');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
