//! Bytes to a table, the front of the reading layer: [`read`] for bytes in
//! memory, [`Feeder`] for a file pushed in chunks; both give an
//! [`Ingested`]: the table, how its header was read, and the accounting of
//! every row (used, or set aside with a reason).
//!
//! The work is done by the modules beside this one: `container` unpacks
//! zip and gzip, `sniff` decides the encoding and the delimiter, `feeder`
//! decodes and parses the chunks, `header` reads the header rows, `rows`
//! keeps or sets aside each row, and `platform` holds what the page does
//! differently. Rows go into a [`Table`](crate::read::table::Table) of
//! per-column dictionary codes, so memory grows with the answers' variety,
//! not with the file's size.

use crate::base::error::Result;

pub use crate::read::feeder::Feeder;
pub use crate::read::rows::{Ingested, InputInfo, Notice, RowAccounting, SetAside};

/// Reads `bytes` (a CSV, or a zip/gzip holding one). Fails only when there
/// is no table at all (empty, binary, no header); everything else becomes
/// notices and set-aside rows.
pub fn read(bytes: &[u8]) -> Result<Ingested> {
    let mut feeder = Feeder::new();
    // In pieces, so the decoded text held at once stays small.
    for chunk in bytes.chunks(1 << 20) {
        feeder.push(chunk)?;
    }
    feeder.finish()
}
