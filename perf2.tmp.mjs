import { chromium } from 'playwright-core';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'] });
const page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
await page.goto('http://127.0.0.1:8000/');
await page.waitForSelector('body[data-ready="1"]', { state: 'attached' });
for (let k = 0; k < 4; k++) {
  const r = await page.evaluate(async (k) => {
    const blob = await (await fetch('./state-of-ml-2020-synthetic.csv')).blob();
    const file = new File([blob], `s${k}.csv`);
    const t0 = performance.now();
    const dt = new DataTransfer(); dt.items.add(file);
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    await new Promise((res) => { const iv = setInterval(() => { if (document.body.dataset.loaded === file.name) { clearInterval(iv); res(); } }, 1); });
    const o = { total: performance.now() - t0, worker: window.__t1, renderSync: window.__t2, renderAll: window.__t3, fh: window.__fh, dr: window.__dr, n: window.__n }; window.__fh = 0; window.__dr = 0; window.__n = 0; return o;
    function lastOutReport() { return null; }
  }, k);
  console.log(JSON.stringify(r));
}
await browser.close();
