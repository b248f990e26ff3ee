//! Bytes to rows: decoding, delimiter sniffing, the header row, and the
//! accounting of every row (used, or set aside with a reason).
//!
//! Rows are handed one at a time to a [`Sink`], so the analysis keeps only
//! aggregates and never a copy of the table.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Result};

/// What the analysis receives: the header once, then each usable row.
pub trait Sink {
    fn header(&mut self, header: &Header);
    /// `row` is the spreadsheet row number (the header is row 1).
    fn row(&mut self, row: u64, record: &csv::StringRecord);
}

/// The header row and how the file was read.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Header {
    /// Column names as the file gives them, trimmed; empty names become
    /// "Column N" and repeated names get " (2)", " (3)" appended.
    pub names: Vec<String>,
    pub info: InputInfo,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct InputInfo {
    /// "UTF-8", "UTF-8 with BOM", "UTF-16LE", "windows-1252", ...
    pub encoding: String,
    /// The delimiter as text: ",", ";", "tab" or "|".
    pub delimiter: String,
    pub columns: usize,
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

/// The result of reading: the accounting and the notices.
#[derive(Clone, Debug, Default)]
pub struct Read {
    pub rows: RowAccounting,
    pub notices: Vec<Notice>,
}

/// Reads `bytes` as a CSV and feeds `sink`. Fails only when there is no
/// table at all (empty, binary, no header); everything else is reported as
/// notices and set-aside rows.
pub fn read(bytes: &[u8], sink: &mut dyn Sink) -> Result<Read> {
    let mut notices = Vec::new();
    let (text, encoding) = decode(bytes, &mut notices)?;
    let delimiter = sniff_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());

    let mut records = reader.records();
    let mut header: Option<Header> = None;
    let mut acc = RowAccounting::default();
    let mut spreadsheet_row: u64 = 0;
    let mut short_rows: (u64, Vec<u64>) = (0, Vec::new());
    loop {
        let mut record = match records.next() {
            None => break,
            Some(Err(e)) => {
                // The csv crate in flexible mode only fails on I/O or UTF-8,
                // neither of which can happen on a decoded string; keep the
                // row counted anyway so nothing goes missing silently.
                spreadsheet_row += 1;
                acc.read += 1;
                acc.set_aside("unreadable", spreadsheet_row);
                notices.push(Notice {
                    row: Some(spreadsheet_row),
                    column: None,
                    message: format!("row {spreadsheet_row}: {e}"),
                });
                continue;
            }
            Some(Ok(r)) => r,
        };
        spreadsheet_row += 1;
        let Some(h) = &header else {
            if is_blank(&record) {
                continue; // Blank lines before the header are not rows.
            }
            let names = header_names(&record);
            let h = Header {
                info: InputInfo {
                    encoding: encoding.clone(),
                    delimiter: delimiter_name(delimiter).to_string(),
                    columns: names.len(),
                },
                names,
            };
            sink.header(&h);
            header = Some(h);
            spreadsheet_row = 1;
            continue;
        };
        acc.read += 1;
        if is_blank(&record) {
            acc.set_aside("empty row", spreadsheet_row);
            continue;
        }
        let width = h.names.len();
        if record.len() > width {
            let extra_filled = record.iter().skip(width).any(|f| !f.trim().is_empty());
            if extra_filled {
                acc.set_aside("more fields than the header (ragged)", spreadsheet_row);
                notices.push(Notice {
                    row: Some(spreadsheet_row),
                    column: None,
                    message: format!(
                        "row {spreadsheet_row}: {} fields, header has {width}; the row was set aside because its answers may be shifted (check quoting of commas)",
                        record.len()
                    ),
                });
                continue;
            }
            record.truncate(width);
        } else if record.len() < width {
            short_rows.0 += 1;
            if short_rows.1.len() < 10 {
                short_rows.1.push(spreadsheet_row);
            }
            while record.len() < width {
                record.push_field("");
            }
        }
        acc.used += 1;
        sink.row(spreadsheet_row, &record);
    }
    if header.is_none() {
        return Err(Error::new(
            ErrorKind::Empty,
            "the file has no header row: it is empty or holds only blank lines; export the survey responses as CSV with the questions in the first row",
        ));
    }
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
    if let Some(last) = unterminated_quote(&text, delimiter) {
        notices.push(Notice {
            row: None,
            column: None,
            message: format!(
                "a quoted field opened on line {last} is never closed; the rest of the file was read as that one field"
            ),
        });
    }
    Ok(Read { rows: acc, notices })
}

fn join_rows(rows: &[u64]) -> String {
    rows.iter().map(u64::to_string).collect::<Vec<_>>().join(", ")
}

fn is_blank(record: &csv::StringRecord) -> bool {
    record.iter().all(|f| f.trim().is_empty())
}

fn header_names(record: &csv::StringRecord) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(record.len());
    for (i, raw) in record.iter().enumerate() {
        let base = raw.trim();
        let base = if base.is_empty() {
            format!("Column {}", i + 1)
        } else {
            base.to_string()
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
