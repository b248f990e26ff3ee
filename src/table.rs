//! The rows of a file kept compactly: one column at a time, each cell a
//! 16-bit code into that column's dictionary of distinct (trimmed) values.
//!
//! Survey answers repeat, so a 25 MB Kaggle export becomes a few MB of codes;
//! and because the rows stay in memory, changing a column's kind, a figure's
//! question or a split re-runs the analysis without reading the file again.

use rustc_hash::FxHashMap;

/// Distinct values kept per column; past this a column is free text and new
/// values share one "other text" code (counted, not kept). Joined
/// multi-select columns can have tens of thousands of distinct combinations
/// (Kaggle 2017), so the cap is close to what a 16-bit code can hold.
pub const DICT_CAP: usize = 60_000;
/// Bytes of distinct text the whole table keeps: 32 MiB. Values arriving
/// after that share the "other text" code like values past [`DICT_CAP`]
/// (counted, not kept). Columns of choices meet their few values in the
/// first rows, so only free-text columns reach it; without it the distinct
/// long answers of a hostile file could be kept two or three times over.
pub const TEXT_CAP: usize = 32 << 20;
/// The code of a blank cell.
pub const BLANK: u16 = 0;
/// The code shared by values past the dictionary cap.
pub const OVERFLOW: u16 = u16::MAX;

#[derive(Clone, Debug, Default)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: usize,
    /// Bytes of distinct text kept so far, across every column (see [`TEXT_CAP`]).
    text: usize,
}

#[derive(Clone, Debug)]
pub struct Column {
    /// Distinct values by code; `values[0]` is the blank value "".
    pub values: Vec<String>,
    /// How many cells hold each value.
    pub counts: Vec<u64>,
    /// Codes by the cell's bytes (trimmed of ASCII space), so a repeated
    /// value is found without decoding or copying it.
    index: FxHashMap<Vec<u8>, u16>,
    codes: Vec<u16>,
    /// Cells whose value was not kept because the dictionary was full.
    pub overflow: u64,
    /// The last non-blank code pushed, tried before the hash lookup.
    last: u16,
}

impl Default for Column {
    fn default() -> Column {
        Column {
            values: vec![String::new()],
            counts: vec![0],
            index: FxHashMap::default(),
            codes: Vec::new(),
            overflow: 0,
            last: BLANK,
        }
    }
}

impl Column {
    pub fn push(&mut self, cell: &str) {
        self.push_bytes(cell.as_bytes());
    }

    /// Appends one cell given as UTF-8 bytes (a field straight from the parser).
    pub fn push_bytes(&mut self, cell: &[u8]) {
        let mut unlimited = 0;
        self.push_within(cell, &mut unlimited, usize::MAX);
    }

    /// Appends one cell; a new value is kept only while `*text + its length`
    /// stays within `cap` (and `*text` then grows by that length).
    fn push_within(&mut self, cell: &[u8], text: &mut usize, cap: usize) {
        let v = cell.trim_ascii();
        let code = if v.is_empty() {
            BLANK
        } else if self.last != BLANK && self.last != OVERFLOW && self.values[self.last as usize].as_bytes() == v {
            // Survey columns repeat: the previous row's value often comes again.
            self.last
        } else if let Some(&c) = self.index.get(v) {
            c
        } else if text.saturating_add(v.len()) > cap {
            OVERFLOW
        } else {
            let kept = self.values.len();
            let c = self.insert(v);
            if self.values.len() > kept {
                *text += v.len();
            }
            c
        };
        if code == OVERFLOW {
            self.overflow += 1;
        } else {
            self.counts[code as usize] += 1;
        }
        if code != BLANK {
            self.last = code;
        }
        self.codes.push(code);
    }

    /// A value not seen before: kept, unless the dictionary is full. Other
    /// white space at the edges (no-break spaces) is trimmed here, so " x"
    /// with a no-break space and "x" share one code.
    fn insert(&mut self, v: &[u8]) -> u16 {
        let text = String::from_utf8_lossy(v);
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return BLANK;
        }
        if trimmed.len() != v.len() {
            if let Some(&c) = self.index.get(trimmed.as_bytes()) {
                self.index.insert(v.to_vec(), c);
                return c;
            }
        }
        if self.values.len() > DICT_CAP {
            return OVERFLOW;
        }
        let c = self.values.len() as u16;
        self.values.push(trimmed.to_string());
        self.counts.push(0);
        self.index.insert(v.to_vec(), c);
        if trimmed.len() != v.len() {
            self.index.insert(trimmed.as_bytes().to_vec(), c);
        }
        c
    }

    pub fn code(&self, row: usize) -> u16 {
        self.codes.get(row).copied().unwrap_or(BLANK)
    }

    /// The value of a code ("" for blank and for overflowed text).
    pub fn value(&self, code: u16) -> &str {
        self.values.get(code as usize).map_or("", String::as_str)
    }

    /// Non-blank cells.
    pub fn answered(&self) -> u64 {
        self.counts.iter().skip(1).sum::<u64>() + self.overflow
    }

    /// Distinct non-blank values kept (overflowed ones not included).
    /// Reads every cell holding `code` as empty (a missing-value marker such
    /// as `nan`); returns how many cells that was. The value stays in the
    /// dictionary, with no cell pointing at it.
    pub fn blank_out(&mut self, code: u16) -> u64 {
        let Some(n) = self.counts.get(code as usize).copied() else {
            return 0;
        };
        if code == BLANK || n == 0 {
            return 0;
        }
        for c in &mut self.codes {
            if *c == code {
                *c = BLANK;
            }
        }
        self.counts[code as usize] = 0;
        self.counts[BLANK as usize] += n;
        if self.last == code {
            self.last = BLANK;
        }
        n
    }

    /// Empty cells.
    pub fn blanks(&self) -> u64 {
        self.counts[BLANK as usize]
    }

    pub fn distinct(&self) -> usize {
        self.counts.iter().skip(1).filter(|&&n| n > 0).count()
    }

    /// (code, value, count) of every kept non-blank value.
    pub fn entries(&self) -> impl Iterator<Item = (u16, &str, u64)> {
        self.values
            .iter()
            .enumerate()
            .skip(1)
            .map(|(i, v)| (i as u16, v.as_str(), self.counts[i]))
            .filter(|e| e.2 > 0) // a value blanked out by `blank_out`
    }
}

impl Table {
    pub fn new(width: usize) -> Table {
        Table {
            columns: (0..width).map(|_| Column::default()).collect(),
            rows: 0,
            text: 0,
        }
    }

    /// Appends a row; `cells` has exactly one entry per column.
    /// Reserves room for `rows` rows in every column at once, so a large
    /// file's codes are not copied (and briefly held twice) as they grow.
    pub fn expect_rows(&mut self, rows: usize) {
        for col in &mut self.columns {
            let have = col.codes.len();
            if rows > have {
                col.codes.reserve_exact(rows - have);
            }
        }
    }

    pub fn push_row<'a>(&mut self, cells: impl IntoIterator<Item = &'a [u8]>) {
        let mut n = 0;
        for (col, cell) in self.columns.iter_mut().zip(cells) {
            col.push_within(cell, &mut self.text, TEXT_CAP);
            n += 1;
        }
        // A short row's missing cells are blank (cheaply: many short rows
        // under a wide header is what the cell limit guards against).
        for col in self.columns.iter_mut().skip(n) {
            col.codes.push(BLANK);
            col.counts[BLANK as usize] += 1;
        }
        self.rows += 1;
    }

    /// Bytes the table holds, roughly: the codes, plus the kept text (held
    /// twice, as the value and as its lookup key) and the per-value counts.
    /// For tests and limits, not for billing.
    pub fn heap_bytes(&self) -> usize {
        let codes: usize = self.columns.iter().map(|c| c.codes.capacity() * 2).sum();
        let values: usize = self.columns.iter().map(|c| c.values.len() * (24 + 8 + 24 + 8)).sum();
        codes + self.text * 2 + values
    }
}
