// The aggregates every JavaScript baseline computes, the same ones our reader
// does: for every column a count per distinct trimmed, non-empty value, and
// the row count. Shared by the PapaParse and uDSV pages so they run the same
// counting code; DuckDB computes them in SQL and is summarised by `digestOf`.

/** FNV-1a over a string, 32 bits. */
export function fnv(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * An order-free digest of (column, value, count) triples: two baselines that
 * counted the same values in the same columns give the same digest.
 */
export function digestOf(triples) {
  let sum = 0;
  for (const [column, value, count] of triples) {
    sum = (sum + Math.imul(fnv(`${column}\u0000${value}`), count)) >>> 0;
  }
  return sum;
}

/** Per-column Maps of trimmed value -> count; empty answers are not counted. */
export class Counts {
  constructor() {
    this.columns = [];
    this.rows = 0;
  }

  /** Counts one row given as an array of fields. */
  addArray(fields) {
    this.rows += 1;
    const cols = this.columns;
    for (let i = 0; i < fields.length; i += 1) {
      const v = fields[i].trim();
      if (v === '') continue;
      let m = cols[i];
      if (m === undefined) {
        m = new Map();
        cols[i] = m;
      }
      m.set(v, (m.get(v) || 0) + 1);
    }
  }

  /** Counts one row given as an object keyed by header (PapaParse header: true). */
  addObject(row, keys) {
    this.rows += 1;
    const cols = this.columns;
    for (let i = 0; i < keys.length; i += 1) {
      const raw = row[keys[i]];
      if (typeof raw !== 'string') continue; // a short row, or __parsed_extra
      const v = raw.trim();
      if (v === '') continue;
      let m = cols[i];
      if (m === undefined) {
        m = new Map();
        cols[i] = m;
      }
      m.set(v, (m.get(v) || 0) + 1);
    }
  }

  /**
   * Rows, columns, distinct values and cells counted, the non-empty cells of
   * each column, and the digest of every (column, value, count); computed
   * after the clock stops.
   */
  summary() {
    let distinct = 0;
    let counted = 0;
    const cells = [];
    const triples = [];
    for (let i = 0; i < this.columns.length; i += 1) {
      const m = this.columns[i];
      let n = 0;
      if (m) {
        distinct += m.size;
        for (const [v, c] of m) {
          n += c;
          triples.push([i, v, c]);
        }
      }
      cells[i] = n;
      counted += n;
    }
    return { rows: this.rows, columns: this.columns.length, distinct, counted, cells, digest: digestOf(triples) };
  }
}
