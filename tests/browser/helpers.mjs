// Shared set-up for the browser tests: a static server over www/, a headless
// Chromium, and pages that record their errors.

import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';

// SURVEY_REPORT_WWW serves another copy of the page (e.g. to check that a
// deliberately broken copy makes the tests fail).
export const ROOT = process.env.SURVEY_REPORT_WWW
  ? path.resolve(process.env.SURVEY_REPORT_WWW)
  : fileURLToPath(new URL('../../www/', import.meta.url));
export const DATA = fileURLToPath(new URL('../data/', import.meta.url));
export const SAMPLE_PATH = path.join(ROOT, 'state-of-ml-2020-synthetic.csv');
export const SAMPLE_NAME = 'state-of-ml-2020-synthetic.csv';

export const FIGURE_IDS = [
  'continents', 'countries', 'fig2', 'fig3', 'fig4', 'fig5', 'fig6',
  'maturity', 'pipeline_team_size', 'pipeline_company_size', 'pipeline_role',
];

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const isFavicon = (url) => {
  try {
    return new URL(url).pathname === '/favicon.ico';
  } catch {
    return false;
  }
};

/** Starts the server and the browser once; returns `{ url, browser, openPage, close }`. */
export async function launch() {
  const server = await serve(ROOT);
  let browser;
  try {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  } catch (e) {
    await server.close();
    throw e;
  }
  const contexts = new Set();

  /**
   * Opens the page in a fresh context, waits for `body[data-ready="1"]`.
   * Returns `{ page, context, pageErrors, consoleErrors, failedRequests, close }`.
   */
  async function openPage({
    deviceScaleFactor = 1, viewport = { width: 1280, height: 900 }, path = '', ready = 'body[data-ready="1"]', colorScheme = 'light',
  } = {}) {
    const context = await browser.newContext({ deviceScaleFactor, viewport, colorScheme, acceptDownloads: true });
    contexts.add(context);
    const page = await context.newPage();
    const pageErrors = [];
    const consoleErrors = [];
    const failedRequests = [];
    page.on('pageerror', (err) => pageErrors.push(String(err && err.stack ? err.stack : err)));
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      if (isFavicon(msg.location()?.url ?? '')) return;
      consoleErrors.push(`${msg.text()} @ ${msg.location()?.url ?? '?'}`);
    });
    page.on('response', (resp) => {
      if (resp.status() >= 400 && !isFavicon(resp.url())) failedRequests.push(`${resp.status()} ${resp.url()}`);
    });
    page.on('requestfailed', (req) => {
      if (!isFavicon(req.url())) failedRequests.push(`failed ${req.url()}: ${req.failure()?.errorText}`);
    });
    await page.goto(new URL(path, server.url).href);
    await page.waitForSelector(ready, { state: 'attached', timeout: 20000 });
    const close = async () => {
      contexts.delete(context);
      await context.close();
    };
    return { page, context, pageErrors, consoleErrors, failedRequests, close };
  }

  async function close() {
    for (const c of contexts) await c.close().catch(() => {});
    await browser.close().catch(() => {});
    await server.close();
  }

  return { url: server.url, browser, openPage, close };
}

/** Standalone: server + browser + one page. `close()` shuts everything. */
export async function openPage(options) {
  const env = await launch();
  try {
    const p = await env.openPage(options);
    return { ...p, url: env.url, close: env.close };
  } catch (e) {
    await env.close();
    throw e;
  }
}

/** Uploads `{ name, mimeType, buffer }` through #file-input and waits for the page to react. */
export async function upload(page, { name, mimeType = 'text/csv', buffer }) {
  const before = await page.textContent('#status');
  await page.setInputFiles('#file-input', { name, mimeType, buffer });
  await waitForStatusChange(page, before);
}

/**
 * Uploads `buffer` as `name` and waits until it is read or refused; returns
 * what the page says: the error text (or null), the reading facts and the
 * notice lines.
 */
export async function readFile(page, name, buffer) {
  await upload(page, { name, buffer });
  await page.waitForFunction((n) => document.body.dataset.loaded === n || !document.querySelector('#error').hidden, name);
  return page.evaluate(() => ({
    error: document.querySelector('#error').hidden ? null : document.querySelector('#error').textContent,
    facts: Object.fromEntries([...document.querySelectorAll('#reading-facts dt')].map((dt) => [dt.textContent, dt.nextElementSibling.textContent])),
    notices: [...document.querySelectorAll('#notices li')].map((li) => li.textContent),
  }));
}

/** Waits until #status no longer reads `before` (loads are synchronous after the file is read). */
export async function waitForStatusChange(page, before) {
  await page.waitForFunction((b) => document.querySelector('#status').textContent !== b, before, { timeout: 15000 });
}

/**
 * For each drawn canvas: its backing size, rendered CSS size, devicePixelRatio,
 * and how many pixels are ink (opaque and not white).
 */
export async function canvasStats(page, selector = 'canvas[data-figure]') {
  return page.$$eval(selector, (canvases) =>
    canvases.map((c) => {
      const rect = c.getBoundingClientRect();
      let ink = 0;
      let total = 0;
      let readError = null;
      if (c.width > 0 && c.height > 0) {
        try {
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          total = d.length / 4;
          for (let i = 0; i < d.length; i += 4) {
            if (d[i + 3] > 0 && (d[i] < 245 || d[i + 1] < 245 || d[i + 2] < 245)) ink += 1;
          }
        } catch (e) {
          readError = String(e);
        }
      }
      return {
        id: c.dataset.figure,
        drawn: c.dataset.drawn,
        width: c.width,
        height: c.height,
        cssWidth: rect.width,
        cssHeight: rect.height,
        dpr: window.devicePixelRatio,
        ink,
        total,
        readError,
      };
    }),
  );
}

/** `{ claimId: verdict }` from the claims table. */
export async function verdicts(page) {
  return page.$$eval('#claims-table tbody tr[data-claim]', (rows) =>
    Object.fromEntries(rows.map((r) => [r.dataset.claim, r.querySelector('span.verdict')?.dataset.verdict ?? null])),
  );
}

/** Splits the sample into its CRLF lines, checking the no-embedded-newline assumption. */
export function csvLines(text) {
  const lines = text.split('\r\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Number of fields in one CSV line (RFC 4180 quoting, no embedded newlines). */
export function fieldCount(line) {
  let n = 1;
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') i += 1;
        else quoted = false;
      }
    } else if (ch === '"') quoted = true;
    else if (ch === ',') n += 1;
  }
  if (quoted) throw new Error(`unterminated quote in line: ${line.slice(0, 80)}`);
  return n;
}

/** Quotes a CSV field when it needs it. */
export function csvField(s) {
  s = String(s);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * One server and browser for a test file: registers before/after hooks and
 * returns `withPage(options, fn)`, which opens a fresh page, runs `fn` with
 * it and closes it whatever happens.
 */
export function useBrowser(before, after) {
  let env;
  before(async () => {
    env = await launch();
  });
  after(async () => {
    await env?.close();
  });
  return async function withPage(options, fn) {
    const p = await env.openPage(options);
    try {
      return await fn(p);
    } finally {
      await p.close();
    }
  };
}
