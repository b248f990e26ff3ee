//! The rows of a file kept compactly: one column at a time, each cell a
//! 16-bit code into that column's dictionary of distinct (trimmed) values.
//!
//! Survey answers repeat, so a 25 MB Kaggle export becomes a few MB of codes;
//! and because the rows stay in memory, changing a column's kind, a figure's
//! question or a split re-runs the analysis without reading the file again.

use std::hash::BuildHasher;

use rustc_hash::FxBuildHasher;

/// Distinct values kept per column; past this a column is free text and new
/// values share one "other text" code (counted, not kept). Joined
/// multi-select columns can have tens of thousands of distinct combinations
/// (Kaggle 2017), so the cap is close to what a 16-bit code can hold.
pub const DICT_CAP: usize = 60_000;
/// Distinct values kept in the whole table, all columns together. Without
/// it, 200 columns of short distinct answers each fill their own
/// [`DICT_CAP`] (12 million entries, gigabytes of bookkeeping for a 48 MB
/// file); past it new values share the "other text" code.
pub const DISTINCT_CAP: usize = 200_000;
/// Bytes the dictionaries of the whole table may hold: 16 MiB, counting each
/// kept value's text and [`ENTRY_BYTES`] of bookkeeping. Values arriving
/// after that share the "other text" code like values past [`DICT_CAP`]
/// (counted, not kept). Columns of choices meet their few values in the
/// first rows, so only free-text columns reach it.
pub const TEXT_CAP: usize = 16 << 20;
/// What one kept value costs besides its text: its `String` (24 bytes) and
/// its count (8), each up to twice over while their vectors grow by
/// doubling, and its slot in the lookup table (2 bytes and a control byte,
/// at most 8/7 full, also doubling).
pub const ENTRY_BYTES: usize = 72;
/// The code of a blank cell.
pub const BLANK: u16 = 0;
/// The code shared by values past the dictionary cap.
pub const OVERFLOW: u16 = u16::MAX;

#[derive(Clone, Debug, Default)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: usize,
    /// What the dictionaries hold so far, across every column (see [`TEXT_CAP`]).
    budget: Budget,
    /// Rows every column's codes have room for while rows are pushed: the
    /// codes are grown filled with [`BLANK`], so a blank cell (most cells
    /// of a wide survey) is not written at all, and the blanks are counted
    /// once, by [`Table::settle`].
    room: usize,
}

/// The dictionaries' shared allowance: bytes (text plus [`ENTRY_BYTES`] per
/// value) and distinct values, both counted as values are kept.
#[derive(Clone, Copy, Debug, Default)]
struct Budget {
    bytes: usize,
    entries: usize,
}

impl Budget {
    const UNLIMITED: Budget = Budget { bytes: 0, entries: 0 };

    fn fits(&self, len: usize, limited: bool) -> bool {
        !limited || (self.bytes.saturating_add(len + ENTRY_BYTES) <= TEXT_CAP && self.entries < DISTINCT_CAP)
    }
}

#[derive(Clone, Debug)]
pub struct Column {
    /// Distinct values by code; `values[0]` is the blank value "".
    pub values: Vec<String>,
    /// How many cells hold each value.
    pub counts: Vec<u64>,
    /// Codes by their value's bytes: the table holds only the codes, hashed
    /// and compared through `values`, so a value's text is kept once (a map
    /// keyed by the bytes kept it twice). hashbrown's `HashTable` is the
    /// std map's own table, with this lookup by a borrowed key.
    index: hashbrown::HashTable<u16>,
    /// The code of each row's cell. In a table still being pushed to, past
    /// its last row too (blank), and `counts[BLANK]` not yet counted.
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
            index: hashbrown::HashTable::new(),
            codes: Vec::new(),
            overflow: 0,
            last: BLANK,
        }
    }
}

/// The cell without the ASCII white space at its ends, or `None` when
/// nothing is left (a blank cell), as `trim_ascii` would; written out so it
/// is inlined into the loop over every cell.
#[inline(always)]
fn trimmed(cell: &[u8]) -> Option<&[u8]> {
    let (mut a, mut b) = (0, cell.len());
    while a < b && cell[a].is_ascii_whitespace() {
        a += 1;
    }
    if a == b {
        return None;
    }
    while cell[b - 1].is_ascii_whitespace() {
        b -= 1;
    }
    Some(&cell[a..b])
}

fn hash(bytes: &[u8]) -> u64 {
    FxBuildHasher.hash_one(bytes)
}

impl Column {
    pub fn push(&mut self, cell: &str) {
        self.push_bytes(cell.as_bytes());
    }

    /// Appends one cell given as UTF-8 bytes (a field straight from the parser).
    pub fn push_bytes(&mut self, cell: &[u8]) {
        let mut unlimited = Budget::UNLIMITED;
        self.push_within(cell, &mut unlimited, false);
    }

    fn find(&self, v: &[u8]) -> Option<u16> {
        let values = &self.values;
        self.index
            .find(hash(v), |&c| values[c as usize].as_bytes() == v)
            .copied()
    }

    /// Appends one cell; a new value is kept only while the table's budget
    /// allows (when `limited`), and the budget then grows by its cost.
    fn push_within(&mut self, cell: &[u8], budget: &mut Budget, limited: bool) {
        let code = match trimmed(cell) {
            Some(v) => self.code_of(v, budget, limited),
            None => {
                self.counts[BLANK as usize] += 1;
                BLANK
            }
        };
        self.codes.push(code);
    }

    /// The code of a non-blank trimmed value, counted; a new value is kept
    /// only while the table's budget allows (when `limited`).
    fn code_of(&mut self, v: &[u8], budget: &mut Budget, limited: bool) -> u16 {
        let last = self.values.get(self.last as usize).map(String::as_bytes);
        let code = if self.last != BLANK && last == Some(v) {
            // Survey columns repeat: the previous row's value often comes again.
            self.last
        } else if let Some(c) = self.find(v) {
            c
        } else {
            self.insert(v, budget, limited)
        };
        match self.counts.get_mut(code as usize) {
            Some(n) => *n += 1,
            None => self.overflow += 1,
        }
        if code != BLANK {
            self.last = code;
        }
        code
    }

    /// A value not found as it came. Other white space at the edges
    /// (no-break spaces, U+2000-U+200A, ...) is trimmed first, so " x" with a
    /// no-break space and "x" share one code, and a padded spelling is never
    /// kept as a key of its own: a file padding one answer differently on
    /// every row takes no memory for it. Kept, unless the dictionary is full.
    fn insert(&mut self, v: &[u8], budget: &mut Budget, limited: bool) -> u16 {
        let text = String::from_utf8_lossy(v);
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return BLANK;
        }
        if trimmed.len() != v.len() || matches!(text, std::borrow::Cow::Owned(_)) {
            if let Some(c) = self.find(trimmed.as_bytes()) {
                return c;
            }
        }
        if self.values.len() > DICT_CAP || !budget.fits(trimmed.len(), limited) {
            return OVERFLOW;
        }
        let c = self.values.len() as u16;
        budget.bytes += trimmed.len() + ENTRY_BYTES;
        budget.entries += 1;
        self.values.push(trimmed.to_string());
        self.counts.push(0);
        let values = &self.values;
        self.index
            .insert_unique(hash(trimmed.as_bytes()), c, |&k| hash(values[k as usize].as_bytes()));
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
            budget: Budget::default(),
            room: 0,
        }
    }

    /// Makes room for `rows` rows in every column at once, so a large
    /// file's codes are not copied (and briefly held twice) as they grow.
    pub fn expect_rows(&mut self, rows: usize) {
        self.make_room(rows);
    }

    fn make_room(&mut self, rows: usize) {
        if rows <= self.room {
            return;
        }
        for col in &mut self.columns {
            // A zeroed allocation and one copy: `resize` writes the blanks
            // one by one.
            let mut codes = vec![BLANK; rows];
            if let Some(head) = codes.get_mut(..col.codes.len()) {
                head.copy_from_slice(&col.codes);
            }
            col.codes = codes;
        }
        self.room = rows;
    }

    /// Appends a row: one cell per column at most; a short row's missing
    /// cells are blank. Blank cells cost nothing here (see `room`).
    pub fn push_row(&mut self, cells: &[&[u8]]) {
        let row = self.rows;
        if row == self.room {
            self.make_room((2 * row).max(64));
        }
        let n = cells.len().min(self.columns.len());
        let (columns, cells) = (&mut self.columns[..n], &cells[..n]);
        for i in 0..n {
            if let Some(v) = trimmed(cells[i]) {
                let col = &mut columns[i];
                let code = col.code_of(v, &mut self.budget, true);
                if let Some(c) = col.codes.get_mut(row) {
                    *c = code;
                }
            }
        }
        self.rows += 1;
    }

    /// Ends pushing rows: the codes past the last row are let go and every
    /// column's blanks counted, so the table reads as one built cell by cell.
    pub fn settle(&mut self) {
        for col in &mut self.columns {
            col.codes.truncate(self.rows);
            let answered: u64 = col.counts.iter().skip(1).sum::<u64>() + col.overflow;
            col.counts[BLANK as usize] = self.rows as u64 - answered;
        }
        self.room = self.rows;
    }

    /// Bytes the table holds, roughly: the codes, plus the kept values with
    /// their bookkeeping (see [`ENTRY_BYTES`]). For tests and limits, not for
    /// billing.
    pub fn heap_bytes(&self) -> usize {
        let codes: usize = self.columns.iter().map(|c| c.codes.capacity() * 2).sum();
        let blanks = self.columns.len() * (ENTRY_BYTES + 64);
        codes + self.budget.bytes + blanks
    }
}

#[cfg(test)]
impl Table {
    /// The table with only the rows `keep` holds, every value keeping its
    /// code (so lookups built on this table serve the smaller one): what
    /// the counting engine's selection tests compare against.
    pub fn only_rows(&self, keep: impl Fn(usize) -> bool) -> Table {
        let mut t = self.clone();
        let rows: Vec<usize> = (0..self.rows).filter(|&r| keep(r)).collect();
        for col in &mut t.columns {
            let codes: Vec<u16> = rows.iter().map(|&r| col.code(r)).collect();
            col.counts.iter_mut().for_each(|n| *n = 0);
            col.overflow = 0;
            for &c in &codes {
                match col.counts.get_mut(c as usize) {
                    Some(n) => *n += 1,
                    None => col.overflow += 1,
                }
            }
            col.codes = codes;
        }
        t.rows = rows.len();
        t
    }
}
