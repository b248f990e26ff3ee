//! Bytes to a table: unpacking (zip, gzip), decoding, delimiter sniffing,
//! the header layout, and the accounting of every row (used, or set aside
//! with a reason).
//!
//! Rows go into a [`Table`] of per-column dictionary codes, so memory grows
//! with the answers' variety, not with the file's size.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::container;
use crate::error::{Error, ErrorKind, Result};
use crate::layout::{self, Head, Layout};
use crate::table::Table;

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

    fn set_aside(&mut self, reason: &str, row: u64) {
        const EXAMPLES: usize = 10;
        match self.set_aside.iter_mut().find(|s| s.reason == reason) {
            Some(s) => {
                s.count += 1;
                if s.rows.len() < EXAMPLES {
                    s.rows.push(row);
                }
            }
            None => self.set_aside.push(SetAside {
                reason: reason.to_string(),
                count: 1,
                rows: vec![row],
            }),
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

/// How many records are looked at to decide the header layout.
const SNIFF_RECORDS: usize = 4;

/// Reads `bytes` (a CSV, or a zip/gzip holding one). Fails only when there
/// is no table at all (empty, binary, no header); everything else becomes
/// notices and set-aside rows.
pub fn read(bytes: &[u8]) -> Result<Ingested> {
    let unpacked = container::unpack(bytes, &container::Limits::default())?;
    let mut notices = Vec::new();
    let (text, encoding) = decode(&unpacked.bytes, &mut notices)?;
    let delimiter = sniff_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());

    let mut acc = RowAccounting::default();
    let mut row_no: u64 = 0;
    // The first non-blank records, with their row numbers, until the layout is known.
    let mut pending: Vec<(u64, csv::StringRecord)> = Vec::new();
    let mut state: Option<(Table, usize)> = None; // (table, header width)
    let mut out = Ingested::default();
    let mut short_rows: (u64, Vec<u64>) = (0, Vec::new());
    let mut records = reader.records();
    loop {
        let record = match records.next() {
            None => break,
            Some(Err(e)) => {
                // The csv crate in flexible mode only fails on I/O or UTF-8,
                // neither of which can happen on a decoded string; keep the
                // row counted anyway so nothing goes missing silently.
                row_no += 1;
                acc.read += 1;
                acc.set_aside("unreadable", row_no);
                notices.push(Notice {
                    row: Some(row_no),
                    column: None,
                    message: format!("row {row_no}: {e}"),
                });
                continue;
            }
            Some(Ok(r)) => r,
        };
        row_no += 1;
        if state.is_none() {
            if pending.is_empty() && is_blank(&record) {
                row_no -= 1; // Blank lines before the header are not rows.
                continue;
            }
            pending.push((row_no, record));
            if pending.len() < SNIFF_RECORDS {
                continue;
            }
            state = Some(start_table(
                &mut pending,
                &mut out,
                &encoding,
                delimiter,
                &unpacked.container,
            ));
            let (table, width) = state.as_mut().expect("just set");
            for (n, r) in std::mem::take(&mut pending) {
                add_row(table, *width, n, r, &mut acc, &mut notices, &mut short_rows);
            }
            continue;
        }
        let (table, width) = state.as_mut().expect("checked above");
        add_row(table, *width, row_no, record, &mut acc, &mut notices, &mut short_rows);
    }
    if state.is_none() && !pending.is_empty() {
        state = Some(start_table(
            &mut pending,
            &mut out,
            &encoding,
            delimiter,
            &unpacked.container,
        ));
        let (table, width) = state.as_mut().expect("just set");
        for (n, r) in std::mem::take(&mut pending) {
            add_row(table, *width, n, r, &mut acc, &mut notices, &mut short_rows);
        }
    }
    let Some((table, _)) = state else {
        return Err(Error::new(
            ErrorKind::Empty,
            "the file has no header row: it is empty or holds only blank lines; export the survey responses as CSV with the questions in the first row",
        ));
    };
    if short_rows.0 > 0 {
        notices.push(Notice {
            row: short_rows.1.first().copied(),
            column: None,
            message: format!(
                "{} row(s) had fewer fields than the header (rows {}{}); the missing answers were read as blank",
                short_rows.0,
                join_rows(&short_rows.1),
                if short_rows.0 as usize > short_rows.1.len() {
                    ", ..."
                } else {
                    ""
                }
            ),
        });
    }
    if let Some(line) = unterminated_quote(&text, delimiter) {
        notices.push(Notice {
            row: None,
            column: None,
            message: format!(
                "a quoted field opened on line {line} is never closed; the rest of the file was read as that one field"
            ),
        });
    }
    out.table = table;
    out.rows = acc;
    out.notices = notices;
    Ok(out)
}

/// Decides the layout from the pending records, takes its header rows out
/// of them, and starts the table.
fn start_table(
    pending: &mut Vec<(u64, csv::StringRecord)>,
    out: &mut Ingested,
    encoding: &str,
    delimiter: u8,
    container: &Option<String>,
) -> (Table, usize) {
    let first: Vec<Vec<String>> = pending
        .iter()
        .map(|(_, r)| r.iter().map(str::to_string).collect())
        .collect();
    let mut layout = layout::detect(&first);
    // A layout needs its header rows and at least the header: a file shorter
    // than that is read with one header row.
    if layout.header_rows() > first.len() {
        layout = Layout::OneRow;
    }
    let k = layout.header_rows();
    let header_rows: Vec<Vec<String>> = first[..k].to_vec();
    pending.drain(..k);
    let heads = layout::heads(layout, &header_rows);
    let names = unique_names(&heads);
    let width = heads.len();
    out.info = InputInfo {
        encoding: encoding.to_string(),
        delimiter: delimiter_name(delimiter).to_string(),
        columns: width,
        layout: layout.name().to_string(),
        header_rows: k,
        container: container.clone(),
        name: None,
    };
    out.layout = Some(layout);
    out.heads = heads;
    out.names = names;
    (Table::new(width), width)
}

fn add_row(
    table: &mut Table,
    width: usize,
    row: u64,
    mut record: csv::StringRecord,
    acc: &mut RowAccounting,
    notices: &mut Vec<Notice>,
    short_rows: &mut (u64, Vec<u64>),
) {
    acc.read += 1;
    if is_blank(&record) {
        acc.set_aside("empty row", row);
        return;
    }
    if record.len() > width {
        if record.iter().skip(width).any(|f| !f.trim().is_empty()) {
            acc.set_aside("more fields than the header (ragged)", row);
            notices.push(Notice {
                row: Some(row),
                column: None,
                message: format!(
                    "row {row}: {} fields, header has {width}; the row was set aside because its answers may be shifted (check quoting of commas)",
                    record.len()
                ),
            });
            return;
        }
        record.truncate(width);
    } else if record.len() < width {
        short_rows.0 += 1;
        if short_rows.1.len() < 10 {
            short_rows.1.push(row);
        }
    }
    acc.used += 1;
    table.push_row(record.iter());
}

/// Column names made unique: empty ones become "Column N", repeats get " (2)".
fn unique_names(heads: &[Head]) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(heads.len());
    for (i, h) in heads.iter().enumerate() {
        let base = if h.name.trim().is_empty() {
            format!("Column {}", i + 1)
        } else {
            h.name.trim().to_string()
        };
        let mut name = base.clone();
        let mut n = 2;
        while names.contains(&name) {
            name = format!("{base} ({n})");
            n += 1;
        }
        names.push(name);
    }
    names
}

fn join_rows(rows: &[u64]) -> String {
    rows.iter().map(u64::to_string).collect::<Vec<_>>().join(", ")
}

fn is_blank(record: &csv::StringRecord) -> bool {
    record.iter().all(|f| f.trim().is_empty())
}

/// Decodes the bytes to text: UTF-8 (with or without BOM), UTF-16 with a
/// BOM, and Windows-1252 when the bytes are not valid UTF-8.
fn decode<'a>(bytes: &'a [u8], notices: &mut Vec<Notice>) -> Result<(Cow<'a, str>, String)> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::new(
            ErrorKind::Empty,
            "the file is empty; choose the CSV export of the survey responses",
        ));
    }
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            notices.push(Notice {
                row: None,
                column: None,
                message: format!(
                    "some bytes are not valid {}; they were replaced by \u{FFFD}",
                    enc.name()
                ),
            });
        }
        let name = if enc == encoding_rs::UTF_8 {
            "UTF-8 with BOM".to_string()
        } else {
            enc.name().to_string()
        };
        return Ok((text, name));
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(Error::new(ErrorKind::NotText, kind));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((Cow::Borrowed(text), "UTF-8".to_string())),
        Err(e) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            notices.push(Notice {
                row: None,
                column: None,
                message: format!(
                    "the file is not valid UTF-8 (first bad byte at offset {}); it was read as Windows-1252 (Latin-1). If accents look wrong, re-export it as \"CSV UTF-8\"",
                    e.valid_up_to()
                ),
            });
            Ok((text, "windows-1252".to_string()))
        }
    }
}

/// Recognises files that are not text at all and says what they look like.
fn binary_kind(bytes: &[u8]) -> Option<String> {
    let magic: &[(&[u8], &str)] = &[
        (b"\x89PNG", "a PNG image"),
        (b"%PDF", "a PDF document"),
        (
            b"PK\x03\x04",
            "a zip archive (or an .xlsx workbook); save the sheet as CSV, or unzip it and choose the CSV inside",
        ),
        (b"\xD0\xCF\x11\xE0", "an old Excel/Office document; save it as CSV"),
        (b"\x1F\x8B", "a gzip archive; decompress it and choose the CSV inside"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
    ];
    for (m, what) in magic {
        if bytes.starts_with(m) {
            return Some(format!("the file is not a CSV: it is {what}"));
        }
    }
    let head = &bytes[..bytes.len().min(8192)];
    if let Some(pos) = head.iter().position(|&b| b == 0) {
        return Some(format!(
            "the file is not text: it has a NUL byte at offset {pos}; if it is a spreadsheet, save it as CSV (UTF-8)"
        ));
    }
    None
}

/// Picks the delimiter that splits the first lines most consistently.
fn sniff_delimiter(text: &str) -> u8 {
    const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(20).collect();
    let mut best = (b',', 0usize, 0usize); // (delimiter, lines agreeing, count per line)
    for &d in &CANDIDATES {
        let counts: Vec<usize> = lines.iter().map(|l| count_outside_quotes(l, d)).collect();
        let Some(&first) = counts.first() else { continue };
        if first == 0 {
            continue;
        }
        let agreeing = counts.iter().filter(|&&c| c == first).count();
        if (agreeing, first) > (best.1, best.2) {
            best = (d, agreeing, first);
        }
    }
    best.0
}

/// Counts `d` outside double quotes on one line (quotes spanning lines are
/// rare in header rows, which is what decides the delimiter).
fn count_outside_quotes(line: &str, d: u8) -> usize {
    let mut in_quotes = false;
    let mut n = 0;
    for &b in line.as_bytes() {
        if b == b'"' {
            in_quotes = !in_quotes;
        } else if b == d && !in_quotes {
            n += 1;
        }
    }
    n
}

/// If the file ends inside a quoted field, the line where that field opened.
fn unterminated_quote(text: &str, delimiter: u8) -> Option<usize> {
    let mut in_quotes = false;
    let mut just_closed = false; // a quote that may be the first half of `""`
    let mut opened_line = 0;
    let mut line = 1;
    let mut at_field_start = true;
    for &b in text.as_bytes() {
        if b == b'"' {
            if in_quotes {
                in_quotes = false;
                just_closed = true;
            } else if just_closed {
                in_quotes = true; // `""` inside a quoted field
                just_closed = false;
            } else if at_field_start {
                in_quotes = true;
                opened_line = line;
            }
            at_field_start = false;
            continue;
        }
        just_closed = false;
        if b == b'\n' {
            line += 1;
        }
        at_field_start = !in_quotes && (b == delimiter || b == b'\n' || b == b'\r');
    }
    in_quotes.then_some(opened_line)
}

fn delimiter_name(d: u8) -> &'static str {
    match d {
        b';' => ";",
        b'\t' => "tab",
        b'|' => "|",
        _ => ",",
    }
}
