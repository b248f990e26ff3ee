// Reads criterion's estimates for the `hostile` benchmark group and prints,
// per shape, the median time at each size and the ratio per doubling of the
// input (2.0 is linear; n log n is a little more; 4.0 is quadratic). Writes
// bench/results/hostile.json. Exits non-zero when a doubling costs more
// than 2.6 times (n log n at these sizes is at most ~2.2, plus noise).
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const base = path.join(root, 'target', 'criterion', 'hostile');
const out = { date: new Date().toISOString(), shapes: {} };
let worst = 0;
if (!fs.existsSync(base)) {
  console.error('no results: run `cargo bench --bench hostile` first');
  process.exit(1);
}
for (const shape of fs.readdirSync(base).filter((d) => d !== 'report').sort()) {
  const sizes = fs
    .readdirSync(path.join(base, shape))
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .sort((a, b) => a - b);
  const rows = [];
  for (const n of sizes) {
    const est = JSON.parse(fs.readFileSync(path.join(base, shape, String(n), 'new', 'estimates.json'), 'utf8'));
    rows.push({ n, median_ms: est.median.point_estimate / 1e6 });
  }
  for (let i = 1; i < rows.length; i++) {
    const ratio = rows[i].median_ms / rows[i - 1].median_ms;
    rows[i].ratio = Number(ratio.toFixed(2));
    worst = Math.max(worst, ratio);
  }
  out.shapes[shape] = rows;
  console.log(`${shape}: ${rows.map((r) => `${r.n} in ${r.median_ms.toFixed(1)} ms${r.ratio ? ` (x${r.ratio})` : ''}`).join(', ')}`);
}
fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench', 'results', 'hostile.json'), JSON.stringify(out, null, 2) + '\n');
console.log(`worst ratio per doubling: ${worst.toFixed(2)} (2.0 linear, 4.0 quadratic)`);
if (worst > 2.6) process.exit(1);
