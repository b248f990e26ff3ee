// Reads criterion's estimates for the ingest benchmark and writes
// bench/results/native.json ({inputs: {name: {mb_per_s, mean_ms}}}), which
// bench/browser.mjs uses for the browser / native ratio.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const base = path.join(root, 'target', 'criterion', 'ingest+analysis');
const out = { inputs: {}, date: new Date().toISOString() };
for (const name of ['sample', 'kaggle', 'large']) {
  const est = path.join(base, name, 'new', 'estimates.json');
  const bench = path.join(base, name, 'new', 'benchmark.json');
  if (!fs.existsSync(est) || !fs.existsSync(bench)) continue;
  const e = JSON.parse(fs.readFileSync(est, 'utf8'));
  const b = JSON.parse(fs.readFileSync(bench, 'utf8'));
  const bytes = b.throughput && (b.throughput.Bytes ?? b.throughput.BytesDecimal);
  const ns = e.median.point_estimate;
  out.inputs[name] = { bytes, median_ms: ns / 1e6, mb_per_s: bytes / 1e6 / (ns / 1e9) };
}
fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench', 'results', 'native.json'), JSON.stringify(out, null, 2));
// The report alone (a file read once): bench/results/native.json's "report".
out.report = {};
for (const name of ['sample', 'kaggle', 'large', 'sample-100k']) {
  const dir = path.join(root, 'target', 'criterion', 'report', name, 'new');
  if (!fs.existsSync(path.join(dir, 'estimates.json'))) continue;
  const e = JSON.parse(fs.readFileSync(path.join(dir, 'estimates.json'), 'utf8'));
  out.report[name] = { median_ms: e.median.point_estimate / 1e6 };
}
fs.writeFileSync(path.join(root, 'bench', 'results', 'native.json'), JSON.stringify(out, null, 2));
console.log('native (criterion, median):');
for (const [k, v] of Object.entries(out.inputs)) console.log(`  ${k}: ${(v.bytes / 1e6).toFixed(1)} MB in ${v.median_ms.toFixed(1)} ms = ${v.mb_per_s.toFixed(1)} MB/s`);
console.log('report alone, file read once (criterion, median):');
for (const [k, v] of Object.entries(out.report)) console.log(`  ${k}: ${v.median_ms.toFixed(2)} ms`);
