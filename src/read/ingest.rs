//! Bytes to a table: unpacking (zip, gzip), decoding, delimiter sniffing,
//! the header layout, and the accounting of every row (used, or set aside
//! with a reason).
//!
//! Rows go into a [`Table`] of per-column dictionary codes, so memory grows
//! with the answers' variety, not with the file's size.

use serde::{Deserialize, Serialize};

use crate::base::error::{Error, ErrorKind, Result};
use crate::base::limits::{MAX_CELLS, MAX_COLUMNS, MAX_FIELD_BYTES, MAX_HEADER_BYTES, MAX_INPUT_BYTES, MAX_ROW_BYTES};
use crate::read::container;
use crate::read::decode;
use crate::read::layout::{self, Head, Layout};
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

/// How many records are looked at to decide the header layout.
const SNIFF_RECORDS: usize = 4;

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

/// Bytes looked at before deciding the encoding and the delimiter.
const SNIFF_BYTES: usize = 1 << 20;

/// Reads a file pushed in chunks, as a browser streams it: the first
/// megabyte decides the encoding and the delimiter, then each chunk is
/// decoded and parsed at once, so memory holds the table, not the file.
/// A zip or gzip archive is collected whole, unpacked, and read the same way.
pub struct Feeder {
    /// Bytes held until the encoding is decided (and whole archives).
    head: Vec<u8>,
    /// The whole file's size, when the caller knows it: once the first
    /// megabyte is read, the table reserves room for the rows to come.
    size_hint: Option<u64>,
    archive: bool,
    /// Reading what an archive unpacked to: an archive inside is not unpacked again.
    nested: bool,
    /// Bytes the caller unpacked (the browser's worker does): what from,
    /// and the checks on them.
    unpacked: Option<(String, container::UnpackCheck)>,
    started: Option<Started>,
    bytes_in: u64,
    /// The error that ended the input: pushing on or finishing returns it again.
    failed: Option<Error>,
}

struct Started {
    decoder: decode::Decoder,
    /// Bytes of a byte-order mark still to skip.
    bom_left: usize,
    utf8_checked: bool,
    bad_utf8_at: Option<u64>,
    decoded_bytes: u64,
    csv: csv_core::Reader,
    out: Vec<u8>,
    out_len: usize,
    ends: Vec<usize>,
    ends_len: usize,
    text: String,
    quotes: QuoteState,
    rows: Rows,
    /// Why the record being parsed will not be kept, once it passed a limit:
    /// it is parsed on to its end without keeping its bytes.
    skip: Option<Skip>,
    /// Fields of the record being skipped whose ends were let go.
    skipped_fields: usize,
}

/// A limit the record being parsed passed.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Skip {
    /// More than [`MAX_COLUMNS`] fields.
    Columns,
    /// A field longer than [`MAX_FIELD_BYTES`]; its column, from 1.
    Field(usize),
    /// More than [`MAX_ROW_BYTES`] in all.
    Row,
}

/// Where the table being built stands.
#[derive(Default)]
struct Rows {
    out: Ingested,
    pending: Vec<(u64, Vec<String>)>,
    state: Option<(Table, usize)>,
    acc: RowAccounting,
    notices: Vec<Notice>,
    short_rows: (u64, Vec<u64>),
    row_no: u64,
    encoding: String,
    delimiter: u8,
    container: Option<String>,
    /// The decoder met bytes it could not decode (they became U+FFFD).
    decode_errors: bool,
    /// The row a never-closed quote made of the rest of the file, set aside.
    unterminated_row: Option<u64>,
}

impl Default for Feeder {
    fn default() -> Feeder {
        Feeder::new()
    }
}

impl Feeder {
    pub fn new() -> Feeder {
        Feeder {
            head: Vec::new(),
            size_hint: None,
            archive: false,
            nested: false,
            unpacked: None,
            started: None,
            bytes_in: 0,
            failed: None,
        }
    }

    /// A feeder for bytes the caller unpacks from an archive, as the browser
    /// does with its own inflater: `container` says what from ("gzip",
    /// "zip: name"), and `check` bounds the bytes and checks them at the end.
    pub fn unpacked(container: String, check: container::UnpackCheck) -> Feeder {
        Feeder {
            nested: true,
            unpacked: Some((container, check)),
            ..Feeder::new()
        }
    }

    /// Tells the size of the whole file, so memory can be reserved once.
    pub fn set_size_hint(&mut self, bytes: u64) {
        self.size_hint = Some(bytes);
    }

    /// Bytes pushed so far and data rows read so far, for a progress bar.
    pub fn progress(&self) -> (u64, u64) {
        (self.bytes_in, self.started.as_ref().map_or(0, |s| s.rows.acc.read))
    }

    /// Bytes held while reading, roughly: input not yet parsed, the parser's
    /// buffers and the table. For the tests of the memory bounds.
    pub fn held_bytes(&self) -> usize {
        let started = self.started.as_ref().map_or(0, |s| {
            s.out.capacity()
                + s.ends.capacity() * std::mem::size_of::<usize>()
                + s.text.capacity()
                + s.rows.state.as_ref().map_or(0, |(t, _)| t.heap_bytes())
        });
        self.head.capacity() + started
    }

    pub fn push(&mut self, chunk: &[u8]) -> Result<()> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let pushed = self.push_chunk(chunk);
        if let Err(e) = &pushed {
            self.failed = Some(e.clone());
            self.head = Vec::new();
            self.started = None;
        }
        pushed
    }

    fn push_chunk(&mut self, chunk: &[u8]) -> Result<()> {
        if let Some((_, check)) = &mut self.unpacked {
            check.update(chunk)?;
        }
        self.bytes_in += chunk.len() as u64;
        if self.bytes_in > MAX_INPUT_BYTES {
            return Err(Error::new(
                ErrorKind::TooLarge,
                format!(
                    "the file is larger than {} MiB, the most that is read (the limit was passed at byte {}); split it into files of fewer rows, or remove the columns you do not need",
                    MAX_INPUT_BYTES >> 20,
                    MAX_INPUT_BYTES + 1
                ),
            )
            .at_byte(MAX_INPUT_BYTES + 1));
        }
        if let Some(s) = &mut self.started {
            return s.feed(chunk, false);
        }
        self.head.extend_from_slice(chunk);
        if !self.nested && container::archive_kind(&self.head).is_some() {
            self.archive = true;
        }
        if !self.archive && self.head.len() >= SNIFF_BYTES {
            let head = std::mem::take(&mut self.head);
            let mut s = Started::new(&head, None, false)?;
            s.feed(&head, false)?;
            if let (Some(total), Some((table, _))) = (self.size_hint, s.rows.state.as_mut()) {
                // Rows per byte so far, times the file, with a little room.
                let rows = (s.rows.acc.read as f64 / head.len() as f64 * total as f64 * 1.05) as usize;
                table.expect_rows(rows);
            }
            self.started = Some(s);
        }
        Ok(())
    }

    /// Ends the input and returns what was read.
    pub fn finish(mut self) -> Result<Ingested> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        if let Some((container, check)) = self.unpacked.take() {
            check.finish()?;
            let mut out = self.finish()?;
            out.info.container = Some(container);
            return Ok(out);
        }
        if self.started.is_none() {
            let head = std::mem::take(&mut self.head);
            #[cfg(target_arch = "wasm32")]
            if self.archive {
                return Err(Error::new(
                    ErrorKind::NotText,
                    "internal: a zip or gzip archive reached the reader still packed; the page unpacks archives first",
                ));
            }
            #[cfg(not(target_arch = "wasm32"))]
            if self.archive {
                // Unpacked piece by piece into a feeder of its own, so the
                // unpacked CSV is never held whole.
                let mut inner = Feeder::new();
                inner.nested = true;
                let container =
                    container::unpack_to(&head, &container::Limits::default(), &mut |piece| inner.push(piece))?;
                let mut out = inner.finish()?;
                out.info.container = container;
                return Ok(out);
            }
            let mut s = Started::new(&head, None, true)?;
            s.feed(&head, false)?;
            self.started = Some(s);
        }
        let mut s = self.started.take().expect("started above");
        s.feed(&[], true)?;
        s.rows.finish(s.quotes.unterminated())
    }
}

impl Started {
    /// Decides the encoding and delimiter from the first bytes.
    fn new(head: &[u8], container: Option<String>, whole: bool) -> Result<Started> {
        if head.iter().all(|b| b.is_ascii_whitespace()) {
            return Err(Error::new(
                ErrorKind::Empty,
                "the file is empty; choose the CSV export of the survey responses",
            ));
        }
        let mut notices = Vec::new();
        let (decoder, bom_len, name) = match decode::for_bom(head) {
            Some((d, n, name)) => (d, n, name.to_string()),
            None if utf16_without_bom(head).is_some() => {
                let big_endian = utf16_without_bom(head) == Some(true);
                let name = if big_endian { "UTF-16BE" } else { "UTF-16LE" };
                notices.push(Notice {
                    row: None,
                    column: None,
                    message: format!(
                        "the file has no byte-order mark, but every other byte is 0 as in {name} text; it was read as {name}. If the text looks wrong, re-export it as \"CSV UTF-8\""
                    ),
                });
                (decode::Decoder::utf16(big_endian), 0, format!("{name} (no BOM)"))
            }
            None => {
                if let Some(kind) = binary_kind(head) {
                    return Err(Error::new(ErrorKind::NotText, kind));
                }
                // Valid UTF-8 so far (a sequence cut at the end of the sniffed
                // bytes is fine): UTF-8. UTF-8 text with a few bad bytes is
                // still UTF-8 (the rows holding them are set aside);
                // otherwise Windows-1252.
                match std::str::from_utf8(head) {
                    Err(e) if (e.error_len().is_some() || whole) && mostly_utf8(head) => {
                        notices.push(Notice {
                            row: None,
                            column: None,
                            message: format!(
                                "the file is UTF-8 but has bytes that are not valid UTF-8 (the first at byte offset {}); the rows holding them were set aside as undecodable",
                                e.valid_up_to()
                            ),
                        });
                        (decode::Decoder::utf8(), 0, "UTF-8".to_string())
                    }
                    Err(e) if e.error_len().is_some() || whole => {
                        notices.push(Notice {
                            row: None,
                            column: None,
                            message: format!(
                                "the file is not valid UTF-8 (first bad byte at offset {}); it was read as Windows-1252 (Latin-1). If accents look wrong, re-export it as \"CSV UTF-8\"",
                                e.valid_up_to()
                            ),
                        });
                        (decode::Decoder::Windows1252, 0, "windows-1252".to_string())
                    }
                    _ => (decode::Decoder::utf8(), 0, "UTF-8".to_string()),
                }
            }
        };
        // Sniff the delimiter on the decoded head.
        let mut text = String::new();
        decoder.clone().decode(
            &head[bom_len..head.len().min(SNIFF_BYTES).max(bom_len)],
            false,
            &mut text,
        );
        let delimiter = sniff_delimiter(&text);
        let utf8_checked = matches!(decoder, decode::Decoder::Utf8 { .. });
        let name_for_rows = name;
        Ok(Started {
            decoder,
            bom_left: bom_len,
            utf8_checked,
            bad_utf8_at: None,
            decoded_bytes: 0,
            csv: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            out: vec![0; 4096],
            out_len: 0,
            ends: vec![0; 64],
            ends_len: 0,
            text: String::new(),
            quotes: QuoteState::new(delimiter),
            skip: None,
            skipped_fields: 0,
            rows: Rows {
                notices,
                encoding: name_for_rows,
                delimiter,
                container,
                ..Rows::default()
            },
        })
    }

    /// Decodes `chunk` and parses every complete record in it.
    fn feed(&mut self, chunk: &[u8], last: bool) -> Result<()> {
        self.text.clear();
        let skip = self.bom_left.min(chunk.len());
        self.bom_left -= skip;
        let had_errors = self.decoder.decode(&chunk[skip..], last, &mut self.text);
        self.rows.decode_errors |= had_errors;
        if had_errors && self.utf8_checked && self.bad_utf8_at.is_none() && self.decoded_bytes >= SNIFF_BYTES as u64 {
            self.bad_utf8_at = Some(self.decoded_bytes);
            self.rows.notices.push(Notice {
                row: None,
                column: None,
                message: format!(
                    "bytes that are not valid UTF-8 appear at or after byte {} (in the part read after the first megabyte); the rows holding them were set aside as undecodable",
                    self.decoded_bytes
                ),
            });
        }
        self.decoded_bytes += chunk.len() as u64;
        self.quotes.scan(self.text.as_bytes());
        let text = std::mem::take(&mut self.text);
        let read = self.parse(text.as_bytes(), last);
        self.text = text;
        read
    }

    /// Parses decoded text into records. Its buffers grow only up to the
    /// limits: a record past one is parsed on to its end, its bytes let go.
    fn parse(&mut self, mut input: &[u8], last: bool) -> Result<()> {
        loop {
            // The input has ended: a record csv_core flushes now is the last one.
            let at_end = last && input.is_empty();
            let (res, nin, nout, nend) =
                self.csv
                    .read_record(input, &mut self.out[self.out_len..], &mut self.ends[self.ends_len..]);
            input = &input[nin..];
            self.out_len += nout;
            self.ends_len += nend;
            match res {
                csv_core::ReadRecordResult::InputEmpty => {
                    if !last || !input.is_empty() {
                        break;
                    }
                    // The end of the input: csv_core flushes the last record on empty input.
                }
                csv_core::ReadRecordResult::OutputFull => {
                    let n = self.out.len();
                    if n < MAX_ROW_BYTES {
                        self.out.resize((n * 2).min(MAX_ROW_BYTES), 0);
                        continue;
                    }
                    if self.skip.is_none() {
                        // The field being read is the one after the last end.
                        let start = self.ends_len.checked_sub(1).map_or(0, |i| self.ends[i]);
                        let column = self.skipped_fields + self.ends_len + 1;
                        self.skip = Some(if self.out_len.saturating_sub(start) > MAX_FIELD_BYTES {
                            Skip::Field(column)
                        } else {
                            Skip::Row
                        });
                    }
                    // The bytes are let go; the ends csv_core writes from now
                    // on point past them, so this record is never split.
                    self.out_len = 0;
                    self.skipped_fields += self.ends_len;
                    self.ends_len = 0;
                }
                csv_core::ReadRecordResult::OutputEndsFull => {
                    let n = self.ends.len();
                    if n <= MAX_COLUMNS {
                        self.ends.resize((n * 2).min(MAX_COLUMNS + 1), 0);
                        continue;
                    }
                    self.skip.get_or_insert(Skip::Columns);
                    self.skipped_fields += self.ends_len;
                    self.ends_len = 0;
                    self.out_len = 0;
                }
                csv_core::ReadRecordResult::Record => {
                    let unterminated = at_end && self.quotes.unterminated().is_some();
                    // The ends buffer holds one field more than the limit,
                    // so a record of exactly MAX_COLUMNS + 1 fields is seen here.
                    let wide = (self.ends_len > MAX_COLUMNS).then_some(Skip::Columns);
                    let skip = self.skip.take().or(wide).or_else(|| {
                        // A field may be longer than the limit and still fit the buffer.
                        let mut start = 0;
                        self.ends[..self.ends_len]
                            .iter()
                            .position(|&end| {
                                let long = end.saturating_sub(start) > MAX_FIELD_BYTES;
                                start = end;
                                long
                            })
                            .map(|i| Skip::Field(i + 1))
                    });
                    match skip {
                        Some(skip) => self.rows.oversized(skip, unterminated)?,
                        None => {
                            let data = &self.out[..self.out_len];
                            // One scan of the whole record; fields are looked at one by one
                            // only when it finds a NUL (per-field scans cost 15% on wide files).
                            let nul = memchr::memchr(0, data).is_some();
                            let fields = record_fields(data, &self.ends[..self.ends_len]);
                            self.rows.record(&fields, unterminated, nul)?;
                        }
                    }
                    self.out_len = 0;
                    self.ends_len = 0;
                    self.skipped_fields = 0;
                }
                csv_core::ReadRecordResult::End => break,
            }
        }
        Ok(())
    }
}

/// The fields of a record csv-core just parsed, as bytes: the input was
/// decoded to UTF-8 and csv-core splits only at ASCII bytes, so each field is
/// UTF-8 too; the table decodes a value once, when it is first seen.
fn record_fields<'a>(data: &'a [u8], ends: &[usize]) -> Vec<&'a [u8]> {
    let mut fields = Vec::with_capacity(ends.len());
    let mut start = 0;
    for &end in ends {
        // Ends always lie within the record; `get` keeps a surprise from panicking.
        fields.push(data.get(start..end).unwrap_or_default());
        start = end.max(start);
    }
    fields
}

impl Rows {
    /// One parsed record: header detection first, then data rows.
    /// `unterminated`: the last record, inside a quote that never closed.
    /// `nul`: the record holds a NUL byte somewhere.
    fn record(&mut self, fields: &[&[u8]], unterminated: bool, nul: bool) -> Result<()> {
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
    fn oversized(&mut self, skip: Skip, unterminated: bool) -> Result<()> {
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

    fn start(&mut self) -> Result<()> {
        self.state = Some(start_table(
            &mut self.pending,
            &mut self.out,
            &self.encoding,
            self.delimiter,
            &self.container,
        ));
        for (n, r) in std::mem::take(&mut self.pending) {
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
        table.push_row(fields.iter().copied());
        Ok(())
    }

    fn finish(mut self, unterminated: Option<usize>) -> Result<Ingested> {
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

/// Tracks quoting across chunks, to say where a never-closed quote opened.
/// It jumps from quote to newline with `memchr`, so it costs little per byte.
struct QuoteState {
    delimiter: u8,
    in_quotes: bool,
    /// The byte before was a closing quote (which `""` turns back into text).
    just_closed: bool,
    /// The last byte of the previous chunk (a newline before the first).
    prev: u8,
    line: usize,
    opened_line: usize,
}

impl QuoteState {
    fn new(delimiter: u8) -> QuoteState {
        QuoteState {
            delimiter,
            in_quotes: false,
            just_closed: false,
            prev: b'\n',
            line: 1,
            opened_line: 0,
        }
    }

    fn scan(&mut self, text: &[u8]) {
        let mut i = 0;
        // A line ends at LF, CR LF or a lone CR (old Mac exports), counted once.
        while let Some(off) = memchr::memchr3(b'"', b'\n', b'\r', &text[i..]) {
            let j = i + off;
            if j > i {
                self.just_closed = false; // Other bytes came between: no `""`.
            }
            let prev = if j == 0 { self.prev } else { text[j - 1] };
            if text[j] == b'\r' || text[j] == b'\n' {
                if !(text[j] == b'\n' && prev == b'\r') {
                    self.line += 1;
                }
                self.just_closed = false;
            } else if self.in_quotes {
                self.in_quotes = false;
                self.just_closed = true;
            } else if self.just_closed {
                self.in_quotes = true; // `""` inside a quoted field
                self.just_closed = false;
            } else if prev == self.delimiter || prev == b'\n' || prev == b'\r' {
                self.in_quotes = true;
                self.opened_line = self.line;
            }
            i = j + 1;
        }
        if i < text.len() {
            self.just_closed = false;
        }
        if let Some(&last) = text.last() {
            self.prev = last;
        }
    }

    fn unterminated(&self) -> Option<usize> {
        self.in_quotes.then_some(self.opened_line)
    }
}

/// Decides the layout from the pending records, takes its header rows out
/// of them, and starts the table.
fn start_table(
    pending: &mut Vec<(u64, Vec<String>)>,
    out: &mut Ingested,
    encoding: &str,
    delimiter: u8,
    container: &Option<String>,
) -> (Table, usize) {
    let first: Vec<Vec<String>> = pending.iter().map(|(_, r)| r.clone()).collect();
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

fn join_rows(rows: &[u64]) -> String {
    rows.iter().map(u64::to_string).collect::<Vec<_>>().join(", ")
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
        // Only an archive inside an archive gets this far (see container::archive_kind).
        (
            b"PK\x05\x06",
            "an empty zip archive; choose the CSV export of the survey responses",
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
    // Text with stray NULs is read (the rows holding one are set aside);
    // binary formats have NULs in more than one byte in ten.
    let head = &bytes[..bytes.len().min(8192)];
    let nuls = memchr::memchr_iter(0, head).count();
    if nuls > 0 && nuls * 10 > head.len() {
        let pos = memchr::memchr(0, head).unwrap_or(0);
        return Some(format!(
            "the file is not text: it has a NUL byte at offset {pos} ({nuls} NUL bytes in its first {} bytes); if it is a spreadsheet, save it as CSV (UTF-8)",
            head.len()
        ));
    }
    None
}

/// UTF-16 without a byte-order mark: in most pairs of bytes (ASCII text,
/// delimiters and line breaks), one is 0 and the other not. Some(true) for
/// big-endian.
fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    let head = &bytes[..bytes.len().min(8192)];
    let pairs = head.len() / 2;
    if pairs < 2 {
        return None;
    }
    let le = head.chunks_exact(2).filter(|p| p[0] != 0 && p[1] == 0).count();
    let be = head.chunks_exact(2).filter(|p| p[0] == 0 && p[1] != 0).count();
    if le * 4 >= pairs * 3 {
        Some(false)
    } else if be * 4 >= pairs * 3 {
        Some(true)
    } else {
        None
    }
}

/// Whether bytes that are not all valid UTF-8 are still UTF-8 text with a few
/// bad bytes: more valid non-ASCII characters than invalid sequences.
/// Windows-1252 text almost never forms a valid multi-byte sequence by chance.
fn mostly_utf8(bytes: &[u8]) -> bool {
    // Lead bytes of multi-byte characters in valid UTF-8.
    let leads = |valid: &[u8]| valid.iter().filter(|&&b| b >= 0xC0).count();
    let (mut good, mut bad) = (0, 0);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(_) => return good + leads(rest) > bad,
            Err(e) => {
                good += leads(&rest[..e.valid_up_to()]);
                match e.error_len() {
                    Some(n) => {
                        bad += 1;
                        rest = &rest[e.valid_up_to() + n..];
                    }
                    None => return good > bad,
                }
            }
        }
    }
}

/// Picks the delimiter that splits the first lines most consistently.
fn sniff_delimiter(text: &str) -> u8 {
    const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
    // Lines end at LF, CR LF or a lone CR.
    let lines: Vec<&str> = text
        .split(['\n', '\r'])
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
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

fn delimiter_name(d: u8) -> &'static str {
    match d {
        b';' => ";",
        b'\t' => "tab",
        b'|' => "|",
        _ => ",",
    }
}
