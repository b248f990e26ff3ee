// The DuckDB-wasm baseline for bench/browser.mjs: DuckDB's own worker and
// wasm, loaded from node_modules (no CDN), reads the dropped File through
// its browser file reader with read_csv and computes the same aggregates
// as the JavaScript baselines in SQL: a count per distinct trimmed,
// non-empty value of every column (UNPIVOT + GROUP BY), and the row count.
// Instantiating DuckDB (its 34 MB wasm) is timed apart from the run.

import * as duckdb from '/node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser.mjs';
import { digestOf } from './counts.js';
import { fetchFile, watchLongTasks, withTimeout } from './run.js';

const DIST = new URL('/node_modules/@duckdb/duckdb-wasm/dist/', location.href).href;
const BUNDLES = {
  mvp: { mainModule: `${DIST}duckdb-mvp.wasm`, mainWorker: `${DIST}duckdb-browser-mvp.worker.js` },
  eh: { mainModule: `${DIST}duckdb-eh.wasm`, mainWorker: `${DIST}duckdb-browser-eh.worker.js` },
};
/** JavaScript's String.prototype.trim for the ASCII whitespace a CSV holds. */
const TRIM = "' ' || chr(9) || chr(10) || chr(13)";

let db = null;
let conn = null;
let bundleName = null;

async function instantiate() {
  const bundle = await duckdb.selectBundle(BUNDLES);
  bundleName = bundle.mainModule.endsWith('eh.wasm') ? 'eh' : 'mvp';
  const worker = new Worker(bundle.mainWorker);
  db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
  conn = await db.connect();
}

const quoteIdent = (name) => `"${String(name).replaceAll('"', '""')}"`;

/** Reads `file` and counts: resolves with the row count and the value counts as triples. */
async function count(file, name) {
  await db.registerFileHandle(name, file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
  try {
    const csv = `read_csv('${name.replaceAll("'", "''")}', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`;
    await conn.query(`CREATE OR REPLACE TEMP TABLE t AS SELECT * FROM ${csv}`);
    const rows = Number((await conn.query('SELECT count(*) AS n FROM t')).getChild('n').get(0));
    const columns = (await conn.query("SELECT column_name FROM duckdb_columns() WHERE table_name = 't' ORDER BY column_index"))
      .getChild('column_name').toArray();
    const result = await conn.query(
      `SELECT name, trim(value, ${TRIM}) AS v, count(*) AS n
         FROM (UNPIVOT t ON COLUMNS(*) INTO NAME name VALUE value)
        WHERE trim(value, ${TRIM}) <> ''
        GROUP BY ALL`,
    );
    await conn.query('DROP TABLE t');
    return { rows, columns: Array.from(columns, String), result };
  } finally {
    await db.dropFile(name);
  }
}

/** The summary the other baselines give (counts.js), from DuckDB's answer. */
function summarise({ rows, columns, result }) {
  const index = new Map(columns.map((c, i) => [c, i]));
  const names = result.getChild('name').toArray();
  const values = result.getChild('v').toArray();
  const ns = result.getChild('n').toArray();
  const cells = columns.map(() => 0);
  const triples = [];
  let counted = 0;
  for (let i = 0; i < names.length; i += 1) {
    const col = index.get(names[i]);
    const n = Number(ns[i]);
    cells[col] += n;
    counted += n;
    triples.push([col, values[i], n]);
  }
  // Columns with no answer at all are not in DuckDB's answer; counts.js leaves them out of `columns` only at the end.
  let last = cells.length;
  while (last > 0 && cells[last - 1] === 0) last -= 1;
  return { rows, columns: last, distinct: names.length, counted, cells: cells.slice(0, last), digest: digestOf(triples) };
}

window.duckdbBench = {
  /**
   * Instantiates DuckDB (timed apart), warms up on `warmupUrl` (untimed),
   * then times reading and counting `url`.
   */
  async run({ url, name, warmupUrl, timeoutMs }) {
    const i0 = performance.now();
    await withTimeout(instantiate(), timeoutMs, 'DuckDB instantiate');
    const instantiateMs = performance.now() - i0;
    if (warmupUrl) {
      const warm = await fetchFile(warmupUrl, `warmup-${name}`);
      await withTimeout(count(warm, `warmup-${name}`), timeoutMs, 'duckdb warm-up');
    }
    const file = await fetchFile(url, name);
    const tasks = watchLongTasks();
    const t0 = performance.now();
    const out = await withTimeout(count(file, name), timeoutMs, `duckdb ${name}`);
    const ms = performance.now() - t0;
    const longTasks = await tasks.stop();
    const version = await db.getVersion();
    return {
      ms,
      bytes: file.size,
      ...summarise(out),
      instantiateMs,
      bundle: bundleName,
      version,
      heapAfter: performance.memory ? performance.memory.usedJSHeapSize : null,
      longTaskMax: longTasks.max,
      longTaskCount: longTasks.count,
    };
  },
};
document.body.dataset.ready = '1';
