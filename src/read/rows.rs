//! From records to the table, with every row accounted for: the first
//! records make the header, each later one is kept as a row or set aside
//! with its reason (empty, ragged, undecodable, past a limit), and what the
//! person should know becomes a notice. `read = used + set aside`, always.

use serde::{Deserialize, Serialize};

use crate::base::error::{Error, ErrorKind, Result};
use crate::base::limits::{MAX_CELLS, MAX_COLUMNS, MAX_FIELD_BYTES, MAX_HEADER_BYTES, MAX_ROW_BYTES};
use crate::read::header;
use crate::read::layout::{Head, Layout};
use crate::read::table::Table;

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct InputInfo {
    /// "UTF-8", "UTF-8 with BOM", "UTF-16LE", "windows-1252", ...
    pub encoding: String,
    /// The delimiter as text: ",", ";", "tab" or "|".
    pub delimiter: String,
    pub columns: usize,
    /// The header layout, in words.
    pub layout: String,
    pub header_rows: usize,
    /// "zip: data.csv" or "gzip" when the CSV came packed.
    pub container: Option<String>,
    /// The file's name, when the caller gave it.
    #[serde(default)]
    pub name: Option<String>,
}

/// Every row read is either used or set aside, and `read = used + set aside`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RowAccounting {
    pub read: u64,
    pub used: u64,
    pub set_aside: Vec<SetAside>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SetAside {
    pub reason: String,
    pub count: u64,
    /// The first few row numbers, for the message.
    pub rows: Vec<u64>,
}

impl RowAccounting {
    pub fn set_aside_total(&self) -> u64 {
        self.set_aside.iter().map(|s| s.count).sum()
    }

    /// Sets row `row` aside; true while it is among the first few of its
    /// reason, whose notices are worth showing (the rest are counted).
    fn set_aside(&mut self, reason: &str, row: u64) -> bool {
        const EXAMPLES: usize = 10;
        match self.set_aside.iter_mut().find(|s| s.reason == reason) {
            Some(s) => {
                s.count += 1;
                if s.rows.len() < EXAMPLES {
                    s.rows.push(row);
                    return true;
                }
                false
            }
            None => {
                self.set_aside.push(SetAside {
                    reason: reason.to_string(),
                    count: 1,
                    rows: vec![row],
                });
                true
            }
        }
    }
}

/// A non-fatal finding about the input, shown beside the report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    pub row: Option<u64>,
    pub column: Option<String>,
    pub message: String,
}

/// What reading produced: the table, how its header was read, the
/// accounting and the notices.
#[derive(Clone, Debug, Default)]
pub struct Ingested {
    pub table: Table,
    pub layout: Option<Layout>,
    pub heads: Vec<Head>,
    /// Column names as shown: the header text, made unique.
    pub names: Vec<String>,
    pub info: InputInfo,
    pub rows: RowAccounting,
    pub notices: Vec<Notice>,
}

/// A limit the record being parsed passed: it is parsed on to its end
/// without keeping its bytes, then refused (in the header) or set aside.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Skip {
    /// More than [`MAX_COLUMNS`] fields.
    Columns,
    /// A field longer than [`MAX_FIELD_BYTES`]; its column, from 1.
    Field(usize),
    /// More than [`MAX_ROW_BYTES`] in all.
    Row,
}

/// How many records are looked at to decide the header layout.
const SNIFF_RECORDS: usize = 4;

/// Where the table being built stands.
#[derive(Default)]
pub struct Rows {
    out: Ingested,
    /// The first records, until they decide the header: row number and fields.
    pending: Vec<(u64, Vec<String>)>,
    /// The table once the header is read, and its width.
    state: Option<(Table, usize)>,
    acc: RowAccounting,
    notices: Vec<Notice>,
    /// Rows with fewer fields than the header: how many, and the first few.
    short_rows: (u64, Vec<u64>),
    row_no: u64,
    encoding: String,
    /// The delimiter as the report names it.
    delimiter: &'static str,
    /// The decoder met bytes it could not decode (they became U+FFFD).
    decode_errors: bool,
    /// The row a never-closed quote made of the rest of the file, set aside.
    unterminated_row: Option<u64>,
}

impl Rows {
    /// Rows of a file in `encoding` split at `delimiter` (its name), with
    /// the notices reading it has given so far.
    pub fn new(encoding: String, delimiter: &'static str, notices: Vec<Notice>) -> Rows {
        Rows {
            notices,
            encoding,
            delimiter,
            ..Rows::default()
        }
    }

    /// Data rows read so far.
    pub fn read_so_far(&self) -> u64 {
        self.acc.read
    }

    /// Bytes the table holds.
    pub fn table_bytes(&self) -> usize {
        self.state.as_ref().map_or(0, |(t, _)| t.heap_bytes())
    }

    /// Reserves room for about `rows` rows, once the header is read.
    pub fn expect_rows(&mut self, rows: usize) {
        if let Some((table, _)) = self.state.as_mut() {
            table.expect_rows(rows);
        }
    }

    /// The decoder met bytes it could not decode: fields holding U+FFFD
    /// are undecodable from now on.
    pub fn saw_decode_errors(&mut self) {
        self.decode_errors = true;
    }

    /// A finding to show beside the report.
    pub fn notice(&mut self, notice: Notice) {
        self.notices.push(notice);
    }

    /// One parsed record: header detection first, then data rows.
    /// `unterminated`: the last record, inside a quote that never closed.
    /// `nul`: the record holds a NUL byte somewhere.
    pub fn record(&mut self, fields: &[&[u8]], unterminated: bool, nul: bool) -> Result<()> {
        self.row_no += 1;
        // A quote that never closed made one field of every line after it:
        // the row is not an answer. (One closing on its own line is.)
        let swallowed = unterminated
            && fields
                .last()
                .is_some_and(|f| f.trim_ascii_end().iter().any(|&b| b == b'\n' || b == b'\r'));
        if swallowed && self.state.is_none() && self.pending.is_empty() {
            // The header itself never closed a quote: every later line is in it.
            let column = fields.len();
            let start: String = String::from_utf8_lossy(fields.last().map_or(&[][..], |f| &f[..f.len().min(60)]))
                .chars()
                .take_while(|&c| c != '\n' && c != '\r')
                .take(30)
                .collect();
            return Err(Error::new(
                ErrorKind::Malformed,
                format!(
                    "row {} (the header), column {column} (\u{201c}{start}\u{201d}): a quote opened in the header is never closed, so every line after it was read as part of that header field and no answers were read; add the missing closing quote (\") in the first row, or remove the stray one, and read the file again",
                    self.row_no
                ),
            )
            .at_row(self.row_no)
            .at_column(column));
        }
        if swallowed && self.state.is_none() && !self.pending.is_empty() {
            self.start()?;
        }
        if self.state.is_none() {
            if self.pending.is_empty() && fields.iter().all(|f| f.trim_ascii().is_empty()) {
                self.row_no -= 1; // Blank lines before the header are not rows.
                return Ok(());
            }
            let bytes: usize = fields.iter().map(|f| f.len()).sum();
            if self.pending.is_empty() && bytes > MAX_HEADER_BYTES {
                return Err(Error::new(
                    ErrorKind::TooLarge,
                    format!(
                        "row {} (the header) holds {} KiB of column names, more than the {} KiB that are read; the names are held with every question, so check the delimiter and quotes of the first row, and shorten or remove columns",
                        self.row_no,
                        bytes >> 10,
                        MAX_HEADER_BYTES >> 10
                    ),
                )
                .at_row(self.row_no));
            }
            self.pending.push((
                self.row_no,
                fields.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect(),
            ));
            if self.pending.len() >= SNIFF_RECORDS {
                self.start()?;
            }
            return Ok(());
        }
        if swallowed {
            self.acc.read += 1;
            self.acc.set_aside(UNTERMINATED, self.row_no);
            self.unterminated_row = Some(self.row_no);
            return Ok(());
        }
        self.add(self.row_no, fields, nul)
    }

    /// A record that passed a limit: never kept; a header row that did is
    /// refused, a data row is set aside.
    pub fn oversized(&mut self, skip: Skip, unterminated: bool) -> Result<()> {
        self.row_no += 1;
        let row = self.row_no;
        if self.state.is_none() {
            if self.pending.is_empty() {
                return Err(match skip {
                    Skip::Columns => Error::new(
                        ErrorKind::TooLarge,
                        format!(
                            "row {row} (the header) has more than {MAX_COLUMNS} columns, the most that is read; check the delimiter, and remove the columns you do not need"
                        ),
                    )
                    .at_row(row),
                    Skip::Field(column) => Error::new(
                        ErrorKind::TooLarge,
                        format!(
                            "row {row} (the header), column {column}: a field longer than {} MiB, the most that is read; a quote that never closes could cause this: check the quotes in the first row",
                            MAX_FIELD_BYTES >> 20
                        ),
                    )
                    .at_row(row)
                    .at_column(column),
                    Skip::Row => Error::new(
                        ErrorKind::TooLarge,
                        format!(
                            "row {row} (the header) is longer than {} MiB, the most that is read for one row; check the delimiter and the quotes in the first row",
                            MAX_ROW_BYTES >> 20
                        ),
                    )
                    .at_row(row),
                });
            }
            // The rows before decide the header.
            self.start()?;
        }
        let width = self.state.as_ref().map_or(0, |(_, w)| *w);
        self.acc.read += 1;
        if unterminated {
            self.acc.set_aside(UNTERMINATED, row);
            self.unterminated_row = Some(row);
            return Ok(());
        }
        let (reason, message) = match skip {
            Skip::Columns => (
                RAGGED.to_string(),
                format!(
                    "row {row}: more than {MAX_COLUMNS} fields, header has {width}; the row was set aside (check quoting of delimiters)"
                ),
            ),
            Skip::Field(column) => (
                format!("a field longer than {} MiB", MAX_FIELD_BYTES >> 20),
                format!(
                    "row {row}, column {}: a field longer than {} MiB, the most that is read; the row was set aside (a quote that never closes could cause this)",
                    self.column_name(column),
                    MAX_FIELD_BYTES >> 20
                ),
            ),
            Skip::Row => (
                format!("a row longer than {} MiB", MAX_ROW_BYTES >> 20),
                format!(
                    "row {row}: longer than {} MiB, the most that is read for one row; the row was set aside",
                    MAX_ROW_BYTES >> 20
                ),
            ),
        };
        if self.acc.set_aside(&reason, row) {
            self.notices.push(Notice {
                row: Some(row),
                column: match skip {
                    Skip::Field(column) => Some(self.column_name(column)),
                    _ => None,
                },
                message,
            });
        }
        Ok(())
    }

    /// A column by number (from 1), as the report names it.
    fn column_name(&self, column: usize) -> String {
        match self.out.names.get(column.wrapping_sub(1)) {
            Some(name) => format!("{column} ({name:?})"),
            None => column.to_string(),
        }
    }

    /// Reads the header from the pending records and starts the table; the
    /// records after the header rows are its first data rows.
    fn start(&mut self) -> Result<()> {
        let (numbers, first): (Vec<u64>, Vec<Vec<String>>) = std::mem::take(&mut self.pending).into_iter().unzip();
        let header = header::read(&first);
        let width = header.heads.len();
        self.out.info = InputInfo {
            encoding: self.encoding.clone(),
            delimiter: self.delimiter.to_string(),
            columns: width,
            layout: header.layout.name().to_string(),
            header_rows: header.rows,
            container: None,
            name: None,
        };
        self.out.layout = Some(header.layout);
        self.out.heads = header.heads;
        self.out.names = header.names;
        self.state = Some((Table::new(width), width));
        for (n, r) in numbers.into_iter().zip(&first).skip(header.rows) {
            let r: Vec<&[u8]> = r.iter().map(String::as_bytes).collect();
            self.add(n, &r, true)?;
        }
        Ok(())
    }

    /// Accounts for a data row: set aside (empty, ragged, undecodable) or
    /// kept in the table. `nul`: the row may hold a NUL byte.
    fn add(&mut self, row: u64, fields: &[&[u8]], nul: bool) -> Result<()> {
        let Some((table, width)) = self.state.as_mut() else {
            return Ok(());
        };
        let width = *width;
        self.acc.read += 1;
        if fields.iter().all(|f| f.trim_ascii().is_empty()) {
            self.acc.set_aside("empty row", row);
            return Ok(());
        }
        let mut fields = fields;
        if fields.len() > width {
            if fields.iter().skip(width).any(|f| !f.trim_ascii().is_empty()) {
                if self.acc.set_aside(RAGGED, row) {
                    self.notices.push(Notice {
                        row: Some(row),
                        column: None,
                        message: format!(
                            "row {row}: {} fields, header has {width}; the row was set aside because its answers may be shifted (check quoting of commas)",
                            fields.len()
                        ),
                    });
                }
                return Ok(());
            }
            fields = &fields[..width];
        }
        let bad = if nul || self.decode_errors {
            undecodable(fields, self.decode_errors)
        } else {
            None
        };
        if let Some((column, what)) = bad {
            let reason = format!("undecodable ({what})");
            if self.acc.set_aside(&reason, row) {
                let name = self.column_name(column);
                self.notices.push(Notice {
                    row: Some(row),
                    column: Some(name.clone()),
                    message: format!(
                        "row {row}, column {name}: {what}; the row was set aside. If many rows are, re-export the file as \"CSV UTF-8\""
                    ),
                });
            }
            return Ok(());
        }
        if (table.rows as u64 + 1) * width as u64 > MAX_CELLS {
            return Err(Error::new(
                ErrorKind::TooLarge,
                format!(
                    "row {row}: the table passes {MAX_CELLS} cells ({} rows of {width} columns), the most kept in memory; remove the columns you do not need, or split the file into files of fewer rows",
                    table.rows + 1
                ),
            )
                .at_row(row));
        }
        if fields.len() < width {
            self.short_rows.0 += 1;
            if self.short_rows.1.len() < 10 {
                self.short_rows.1.push(row);
            }
        }
        self.acc.used += 1;
        table.push_row(fields);
        Ok(())
    }

    pub fn finish(mut self, unterminated: Option<usize>) -> Result<Ingested> {
        if self.state.is_none() && !self.pending.is_empty() {
            self.start()?;
        }
        let Some((table, _)) = self.state else {
            return Err(Error::new(
                ErrorKind::Empty,
                "the file has no header row: it is empty or holds only blank lines; export the survey responses as CSV with the questions in the first row",
            ));
        };
        if self.acc.read == 0 {
            self.notices.push(Notice {
                row: None,
                column: None,
                message: format!(
                    "the file has a header ({} row(s), {} columns) but no rows of answers; export the responses, not only the questions",
                    self.out.info.header_rows, self.out.info.columns
                ),
            });
        }
        let (count, rows) = &self.short_rows;
        if *count > 0 {
            self.notices.push(Notice {
                row: rows.first().copied(),
                column: None,
                message: format!(
                    "{count} row(s) had fewer fields than the header (rows {}{}); the missing answers were read as blank",
                    join_rows(rows),
                    if *count as usize > rows.len() { ", ..." } else { "" }
                ),
            });
        }
        if let Some(line) = unterminated {
            self.notices.push(Notice {
                row: self.unterminated_row,
                column: None,
                message: match self.unterminated_row {
                    Some(row) => format!(
                        "row {row}: a quoted field opened on line {line} is never closed, so the rest of the file was read as that one field; the row was set aside. Add the missing closing quote (\") and read the file again"
                    ),
                    None => format!(
                        "a quoted field opened on line {line} is never closed; the rest of its line was read as that field"
                    ),
                },
            });
        }
        let mut out = self.out;
        let mut table = table;
        table.settle();
        out.table = table;
        out.rows = self.acc;
        out.notices = self.notices;
        Ok(out)
    }
}

const RAGGED: &str = "more fields than the header (ragged)";
const UNTERMINATED: &str = "a quote never closed (the rest of the file in one field)";

/// The first field holding bytes that are not text: a NUL, or (when the
/// decoder met bytes it could not decode) the U+FFFD that replaced them.
/// A file that also holds a genuine U+FFFD has that row set aside too: the
/// decoder does not say where its replacements went, and such files are rare.
fn undecodable(fields: &[&[u8]], decode_errors: bool) -> Option<(usize, &'static str)> {
    const REPLACEMENT: &[u8] = "\u{FFFD}".as_bytes();
    fields.iter().enumerate().find_map(|(i, f)| {
        if memchr::memchr(0, f).is_some() {
            Some((i + 1, "NUL bytes"))
        } else if decode_errors && memchr::memmem::find(f, REPLACEMENT).is_some() {
            Some((i + 1, "bytes not valid in the file's encoding"))
        } else {
            None
        }
    })
}

fn join_rows(rows: &[u64]) -> String {
    rows.iter().map(u64::to_string).collect::<Vec<_>>().join(", ")
}
