//! The header: how many of the first records are header rows (the layout),
//! what each column is called, and the names made unique for the report.

use crate::read::layout::{self, Head, Layout};

/// The header as read from the first records.
pub struct Header {
    pub layout: Layout,
    /// How many of the first records it takes.
    pub rows: usize,
    pub heads: Vec<Head>,
    /// Column names as shown: the header text, made unique.
    pub names: Vec<String>,
}

/// Decides the layout from the first records (all of them, or the first
/// few of a longer file) and reads the header from its rows.
pub fn read(first: &[Vec<String>]) -> Header {
    let mut layout = layout::detect(first);
    // A layout needs its header rows and at least the header: a file shorter
    // than that is read with one header row.
    if layout.header_rows() > first.len() {
        layout = Layout::OneRow;
    }
    let rows = layout.header_rows();
    let heads = layout::heads(layout, &first[..rows]);
    let names = unique_names(&heads);
    Header {
        layout,
        rows,
        heads,
        names,
    }
}

/// Column names made unique: empty ones become "Column N", repeats get " (2)".
/// Linear in the number of columns: a set of the names taken, and per base
/// name the next suffix to try, so 16,384 copies of one name are numbered in
/// one pass (restarting at " (2)" for each copy was quadratic).
fn unique_names(heads: &[Head]) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(heads.len());
    let mut taken = rustc_hash::FxHashSet::default();
    let mut next: rustc_hash::FxHashMap<String, usize> = rustc_hash::FxHashMap::default();
    for (i, h) in heads.iter().enumerate() {
        let base = if h.name.trim().is_empty() {
            format!("Column {}", i + 1)
        } else {
            h.name.trim().to_string()
        };
        let name = if taken.contains(&base) {
            let n = next.entry(base.clone()).or_insert(2);
            let mut name = format!("{base} ({n})");
            while taken.contains(&name) {
                *n += 1;
                name = format!("{base} ({n})");
            }
            *n += 1;
            name
        } else {
            base
        };
        taken.insert(name.clone());
        names.push(name);
    }
    names
}
