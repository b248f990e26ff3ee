//! The chunk feeder: bytes pushed as they arrive (a browser streams a
//! `File`, the command line reads 1 MiB at a time) are decoded and parsed
//! at once (see `split`), so memory holds the table, not the file. The
//! parser's buffers grow only up to the limits in `limits`: a record past
//! one is parsed on to its end without keeping its bytes.

use crate::base::error::{Error, ErrorKind, Result};
use crate::base::limits::MAX_INPUT_BYTES;
use crate::read::container::{self, UnpackCheck};
use crate::read::decode::Decoder;
use crate::read::platform;
use crate::read::quotes::QuoteState;
use crate::read::rows::{Ingested, Notice, Rows};
use crate::read::sniff::{self, SNIFF_BYTES};
use crate::read::split::{Record, Splitter};

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
    unpacked: Option<(String, UnpackCheck)>,
    started: Option<Started>,
    bytes_in: u64,
    /// The error that ended the input: pushing on or finishing returns it again.
    failed: Option<Error>,
}

/// Reading once the encoding and the delimiter are decided.
struct Started {
    decoder: Decoder,
    /// Bytes of a byte-order mark still to skip.
    bom_left: usize,
    utf8_checked: bool,
    bad_utf8_at: Option<u64>,
    decoded_bytes: u64,
    split: Splitter,
    text: String,
    quotes: QuoteState,
    rows: Rows,
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
    pub fn unpacked(container: String, check: UnpackCheck) -> Feeder {
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
        (self.bytes_in, self.started.as_ref().map_or(0, |s| s.rows.read_so_far()))
    }

    /// Bytes held while reading, roughly: input not yet parsed, the parser's
    /// buffers and the table. For the tests of the memory bounds.
    pub fn held_bytes(&self) -> usize {
        let started = self
            .started
            .as_ref()
            .map_or(0, |s| s.split.held_bytes() + s.text.capacity() + s.rows.table_bytes());
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
            let mut s = Started::new(&head, false)?;
            s.feed(&head, false)?;
            if let Some(total) = self.size_hint {
                // Rows per byte so far, times the file, with a little room.
                let rows = (s.rows.read_so_far() as f64 / head.len() as f64 * total as f64 * 1.05) as usize;
                s.rows.expect_rows(rows);
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
            if self.archive {
                // Unpacked piece by piece into a feeder of its own, so the
                // unpacked CSV is never held whole.
                let mut inner = Feeder {
                    nested: true,
                    ..Feeder::new()
                };
                let container = platform::unpack(&head, &mut |piece| inner.push(piece))?;
                let mut out = inner.finish()?;
                out.info.container = container;
                return Ok(out);
            }
            let mut s = Started::new(&head, true)?;
            s.feed(&head, false)?;
            self.started = Some(s);
        }
        let mut s = self.started.take().expect("started above");
        s.feed(&[], true)?;
        s.rows.finish(s.quotes.unterminated())
    }
}

impl Started {
    /// Decides the encoding and delimiter from the first bytes (the whole
    /// file when `whole`).
    fn new(head: &[u8], whole: bool) -> Result<Started> {
        let sniffed = sniff::sniff(head, whole)?;
        let delimiter = sniffed.delimiter;
        Ok(Started {
            utf8_checked: matches!(sniffed.decoder, Decoder::Utf8 { .. }),
            decoder: sniffed.decoder,
            bom_left: sniffed.bom_len,
            bad_utf8_at: None,
            decoded_bytes: 0,
            split: Splitter::new(delimiter),
            text: String::new(),
            quotes: QuoteState::new(delimiter),
            rows: Rows::new(sniffed.encoding, sniff::delimiter_name(delimiter), sniffed.notices),
        })
    }

    /// Decodes `chunk` and parses every complete record in it.
    fn feed(&mut self, chunk: &[u8], last: bool) -> Result<()> {
        self.text.clear();
        let skip = self.bom_left.min(chunk.len());
        self.bom_left -= skip;
        let had_errors = self.decoder.decode(&chunk[skip..], last, &mut self.text);
        if had_errors {
            self.rows.saw_decode_errors();
        }
        if had_errors && self.utf8_checked && self.bad_utf8_at.is_none() && self.decoded_bytes >= SNIFF_BYTES as u64 {
            self.bad_utf8_at = Some(self.decoded_bytes);
            self.rows.notice(Notice {
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

    /// Splits decoded text into records, each kept as a row or set aside.
    fn parse(&mut self, input: &[u8], last: bool) -> Result<()> {
        let rows = &mut self.rows;
        let open_quote = self.quotes.unterminated().is_some();
        self.split.split(input, last, open_quote, &mut |record| match record {
            Record::Fields {
                fields,
                unterminated,
                nul,
            } => rows.record(fields, unterminated, nul),
            Record::Oversized { skip, unterminated } => rows.oversized(skip, unterminated),
        })
    }
}
