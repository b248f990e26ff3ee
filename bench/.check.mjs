import { chromium } from '/work/main/node_modules/playwright-core/index.mjs';
import { serve } from '/work/main/tests/browser/server.mjs';
const server = await serve('/work/main');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu'] });
try {
  for (const mode of ['complete-only', 'full', 'step']) {
    const page = await browser.newPage();
    await page.goto(server.url + 'bench/papaparse.html');
    await page.waitForSelector('body[data-ready="1"]', { state: 'attached' });
    const r = await page.evaluate((a) => window.papaparseBench.run(a), { url: '/bench/inputs/kaggle.csv', name: 'k.csv', mode, timeoutMs: 60000 });
    console.log(mode, JSON.stringify({ rows: r.rows, columns: r.columns, distinct: r.distinct, counted: r.counted }));
    await page.close();
  }
  const { execSync } = await import('node:child_process');
  console.log(execSync(`curl -s --path-as-is -o /dev/null -w '%{http_code} ' ${server.url}www/../package.json ${server.url}%2e%2e/etc/passwd ${server.url}www/pkg/survey_report.js`).toString());
} finally { await browser.close(); await server.close(); }
