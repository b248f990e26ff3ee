//! Missing-value markers (`nan`, and `N/A` where a column has no empty
//! cell) read as empty cells, with the columns as the file gave them kept
//! so the person can have the markers back as answers.

use crate::infer::values;
use crate::read::table::{Column, Table};

/// A marker blanked out in one column.
#[derive(Clone, Debug)]
pub struct Blanked {
    pub column: usize,
    pub value: String,
    pub cells: u64,
}

/// The markers blanked out of a table, and what it held before.
#[derive(Clone, Debug, Default)]
pub struct Markers {
    pub blanked: Vec<Blanked>,
    /// The changed columns as the file gave them.
    originals: Vec<(usize, Column)>,
}

impl Markers {
    /// Blanks out every marker cell of `table`.
    pub fn blank(table: &mut Table) -> Markers {
        let mut out = Markers::default();
        for (c, col) in table.columns.iter_mut().enumerate() {
            let blanks = col.blanks();
            let found: Vec<(u16, String)> = col
                .entries()
                .filter(|(_, v, _)| values::is_missing_marker(v, blanks))
                .map(|(code, v, _)| (code, v.to_string()))
                .collect();
            if found.is_empty() {
                continue;
            }
            out.originals.push((c, col.clone()));
            for (code, value) in found {
                let cells = col.blank_out(code);
                out.blanked.push(Blanked {
                    column: c,
                    value,
                    cells,
                });
            }
        }
        out
    }

    /// Puts the marker cells back as the file gave them.
    pub fn restore(&mut self, table: &mut Table) {
        for (c, col) in self.originals.drain(..) {
            table.columns[c] = col;
        }
        self.blanked.clear();
    }
}
