//! Decoded text to records of fields, within the limits. Most records of a
//! survey export are plain: whole in the text at hand, each quoted field
//! closed just before a delimiter or a line end, far from every limit. Those
//! are split where they lie, jumping from delimiter to delimiter with
//! `memchr`, and their fields are slices of the text: nothing is copied and
//! no per-byte state machine runs. Every other record (one cut by the end of
//! a chunk, a doubled quote `""`, text after a closing quote, one long or
//! wide enough to come near a limit, the last one of the file) goes to
//! csv-core from its first byte. The fast path reads exactly what csv-core
//! reads (the tests below compare them on random text); csv-core's buffers
//! grow only up to the limits, and a record past one is parsed on to its end
//! without keeping its bytes.

use memchr::{memchr, memchr3};

use crate::base::error::Result;
use crate::base::limits::{MAX_COLUMNS, MAX_FIELD_BYTES, MAX_ROW_BYTES};
use crate::read::rows::Skip;

/// One record, as the rows layer takes it.
pub enum Record<'a> {
    /// A record whose fields are kept.
    Fields {
        fields: &'a [&'a [u8]],
        /// The last record, inside a quote that never closed.
        unterminated: bool,
        /// The record holds a NUL byte somewhere.
        nul: bool,
    },
    /// A record past a limit: its bytes were let go.
    Oversized { skip: Skip, unterminated: bool },
}

/// Splits text pushed in pieces into records.
pub struct Splitter {
    delimiter: u8,
    /// No text split yet: a UTF-8 byte-order mark opening the first text is
    /// dropped, as csv-core drops one from the first text it is given.
    first: bool,
    csv: csv_core::Reader,
    /// csv-core holds the start of a record: the text that follows is its
    /// until the record ends.
    in_csv: bool,
    out: Vec<u8>,
    out_len: usize,
    ends: Vec<usize>,
    ends_len: usize,
    /// Why the record csv-core is parsing will not be kept, once it passed a limit.
    skip: Option<Skip>,
    /// Fields in the last plain record: slots for as many are made at once.
    width: usize,
    /// Fields of the record being skipped whose ends were let go.
    skipped_fields: usize,
}

/// What the fast path made of the text from a position on.
enum Plain {
    /// A plain record from `start` to `end` (its line end); its `fields`
    /// are the first of the caller's slots.
    Record { start: usize, end: usize, fields: usize },
    /// The record starting at `start` has more fields than there are slots.
    Full { start: usize },
    /// Only line ends were left.
    Blank,
    /// The record starting at `start` is for csv-core.
    Hand { start: usize },
}

/// The longest record the fast path keeps, counting its delimiters and
/// quotes: shorter than the field limit, so a record it keeps passes no
/// limit, and every longer one is checked by csv-core.
const PLAIN_BYTES: usize = MAX_FIELD_BYTES;

const BOM: &[u8] = b"\xEF\xBB\xBF";

impl Splitter {
    pub fn new(delimiter: u8) -> Splitter {
        let mut csv = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
        // csv-core drops a byte-order mark from the first text it is given;
        // it first sees text in the middle of the file, where one is a
        // character, so it is given a blank line (which it skips) first.
        // `first` drops the mark at the start of the file instead.
        let _ = csv.read_record(b"\n", &mut [0; 1], &mut [0; 1]);
        Splitter {
            delimiter,
            first: true,
            csv,
            in_csv: false,
            out: vec![0; 4096],
            out_len: 0,
            ends: vec![0; 64],
            ends_len: 0,
            skip: None,
            width: 16,
            skipped_fields: 0,
        }
    }

    /// Bytes of the buffers csv-core writes records into.
    pub fn held_bytes(&self) -> usize {
        self.out.capacity() + self.ends.capacity() * std::mem::size_of::<usize>()
    }

    /// Splits the next piece of text, passing every complete record to
    /// `sink`; `last` ends the input, and `open_quote` then says whether it
    /// ended inside a quote.
    pub fn split(
        &mut self,
        text: &[u8],
        last: bool,
        open_quote: bool,
        sink: &mut dyn FnMut(Record) -> Result<()>,
    ) -> Result<()> {
        let mut pos = 0;
        if self.first && !text.is_empty() {
            self.first = false;
            if text.starts_with(BOM) {
                pos = BOM.len();
            }
        }
        // One scan of the whole text: records are scanned for a NUL one by
        // one only when it holds one.
        let nul_free = memchr(0, text).is_none();
        let mut slots: Vec<&[u8]> = vec![&[]; self.width];
        while pos < text.len() {
            if self.in_csv {
                pos += self.csv_core(&text[pos..], false, false, sink)?;
                continue;
            }
            match plain(text, pos, self.delimiter, &mut slots) {
                Plain::Record { start, end, fields } => {
                    let nul = !nul_free && memchr(0, &text[start..end]).is_some();
                    sink(Record::Fields {
                        fields: &slots[..fields],
                        unterminated: false,
                        nul,
                    })?;
                    pos = end;
                    self.width = fields;
                }
                Plain::Full { start } => {
                    // Slots for the fields of the widest record so far, and
                    // the record read again.
                    slots.resize((2 * slots.len()).clamp(16, MAX_COLUMNS), &[]);
                    pos = start;
                }
                Plain::Blank => break,
                Plain::Hand { start } => {
                    pos = start;
                    self.in_csv = true;
                }
            }
        }
        if last {
            // csv-core ends the record it holds (if any) on empty input.
            self.csv_core(&[], true, open_quote, sink)?;
        }
        Ok(())
    }

    /// Parses with csv-core until it ends a record (returning the bytes
    /// used), or to the end of `input`. With `last` and no input, ends the
    /// record it holds; `open_quote`: the input ended inside a quote.
    fn csv_core(
        &mut self,
        mut input: &[u8],
        last: bool,
        open_quote: bool,
        sink: &mut dyn FnMut(Record) -> Result<()>,
    ) -> Result<usize> {
        let given = input.len();
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
                    let unterminated = at_end && open_quote;
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
                    let sent = match skip {
                        Some(skip) => sink(Record::Oversized { skip, unterminated }),
                        None => {
                            let data = &self.out[..self.out_len];
                            let nul = memchr(0, data).is_some();
                            let fields = record_fields(data, &self.ends[..self.ends_len]);
                            sink(Record::Fields {
                                fields: &fields,
                                unterminated,
                                nul,
                            })
                        }
                    };
                    self.out_len = 0;
                    self.ends_len = 0;
                    self.skipped_fields = 0;
                    self.in_csv = false;
                    sent?;
                    if !last {
                        break;
                    }
                }
                csv_core::ReadRecordResult::End => break,
            }
        }
        Ok(given - input.len())
    }
}

/// Splits the record starting at `pos` (after any line ends) into
/// `slots`, if it is plain: csv-core would read it the same, it ends in
/// `text`, and it passes no limit.
fn plain<'t>(text: &'t [u8], mut pos: usize, delimiter: u8, slots: &mut [&'t [u8]]) -> Plain {
    let len = text.len();
    // Blank lines are skipped, as csv-core skips them (and the LF of a CR LF).
    while pos < len && matches!(text[pos], b'\n' | b'\r') {
        pos += 1;
    }
    if pos == len {
        return Plain::Blank;
    }
    let start = pos;
    let mut n = 0;
    loop {
        // `pos` is where a field starts: the text ending after a delimiter
        // leaves the record to csv-core, as more of it may come.
        if pos == len {
            return Plain::Hand { start };
        }
        let b = text[pos];
        if b == delimiter && n < slots.len() {
            // Empty fields are most cells of a wide survey: the shortest way.
            slots[n] = &[];
            n += 1;
            pos += 1;
            continue;
        }
        // `after` is the byte after the field.
        let (field, after): (&[u8], usize) = if b == delimiter || b == b'\n' || b == b'\r' {
            (&[], pos)
        } else if b == b'"' {
            match memchr(b'"', &text[pos + 1..]) {
                Some(k) => (&text[pos + 1..pos + 1 + k], pos + 2 + k),
                None => return Plain::Hand { start },
            }
        } else {
            // A quote inside an unquoted field is text, as csv-core reads it.
            match memchr3(delimiter, b'\n', b'\r', &text[pos..]) {
                Some(k) => (&text[pos..pos + k], pos + k),
                None => return Plain::Hand { start },
            }
        };
        if n == slots.len() {
            return if n == MAX_COLUMNS {
                Plain::Hand { start }
            } else {
                Plain::Full { start }
            };
        }
        // Text after a closing quote (a doubled quote is one) and the end
        // of the text leave the record to csv-core.
        let end = if after < len { text[after] } else { b'"' };
        if end == delimiter {
            slots[n] = field;
            n += 1;
            pos = after + 1;
        } else if (end == b'\n' || end == b'\r') && after - start <= PLAIN_BYTES {
            slots[n] = field;
            return Plain::Record {
                start,
                end: after,
                fields: n + 1,
            };
        } else {
            return Plain::Hand { start };
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What was read, record by record: the fields, or the limit passed,
    /// with the `unterminated` and `nul` flags.
    #[derive(Debug, PartialEq)]
    enum Seen {
        Fields(Vec<Vec<u8>>, bool, bool),
        Oversized(Skip, bool),
    }

    /// Splits `text` in pieces cut at `cuts`.
    fn split(text: &[u8], cuts: &[usize], delimiter: u8, open_quote: bool) -> Vec<Seen> {
        let mut seen = Vec::new();
        let mut sink = |r: Record| {
            seen.push(match r {
                Record::Fields {
                    fields,
                    unterminated,
                    nul,
                } => Seen::Fields(fields.iter().map(|f| f.to_vec()).collect(), unterminated, nul),
                Record::Oversized { skip, unterminated } => Seen::Oversized(skip, unterminated),
            });
            Ok(())
        };
        let mut s = Splitter::new(delimiter);
        for piece in pieces(text, cuts) {
            s.split(piece, false, open_quote, &mut sink).unwrap();
        }
        s.split(&[], true, open_quote, &mut sink).unwrap();
        seen
    }

    /// The pieces `split` gives: `text` cut at `cuts`.
    fn pieces<'t>(text: &'t [u8], cuts: &[usize]) -> Vec<&'t [u8]> {
        let mut cuts: Vec<usize> = cuts.iter().map(|&c| c.min(text.len())).collect();
        cuts.sort_unstable();
        let mut at = 0;
        let mut v = Vec::new();
        for cut in cuts {
            v.push(&text[at..cut]);
            at = cut;
        }
        v.push(&text[at..]);
        v
    }

    /// csv-core alone over the same pieces, as the reader was before the
    /// fast path (an empty piece is not given: to csv-core it ends the input).
    fn reference(text: &[u8], cuts: &[usize], delimiter: u8, open_quote: bool) -> Vec<Seen> {
        let mut csv = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
        let (mut out, mut ends) = (vec![0; text.len() + 1], vec![0; text.len() + 2]);
        let (mut out_len, mut ends_len) = (0, 0);
        let mut seen = Vec::new();
        let mut pieces: Vec<&[u8]> = pieces(text, cuts).into_iter().filter(|p| !p.is_empty()).collect();
        pieces.push(&[]);
        let last = pieces.len() - 1;
        for (i, mut input) in pieces.into_iter().enumerate() {
            loop {
                let at_end = input.is_empty();
                if at_end && i < last {
                    break;
                }
                let (res, nin, nout, nend) = csv.read_record(input, &mut out[out_len..], &mut ends[ends_len..]);
                input = &input[nin..];
                out_len += nout;
                ends_len += nend;
                match res {
                    csv_core::ReadRecordResult::Record => {
                        let data = &out[..out_len];
                        let fields = record_fields(data, &ends[..ends_len])
                            .iter()
                            .map(|f| f.to_vec())
                            .collect();
                        seen.push(Seen::Fields(fields, at_end && open_quote, data.contains(&0)));
                        (out_len, ends_len) = (0, 0);
                    }
                    csv_core::ReadRecordResult::End => return seen,
                    csv_core::ReadRecordResult::InputEmpty => {}
                    other => panic!("buffers sized to the text: {other:?}"),
                }
            }
        }
        seen
    }

    fn check(text: &[u8], cuts: &[usize]) {
        for delimiter in [b',', b';'] {
            assert_eq!(
                split(text, cuts, delimiter, true),
                reference(text, cuts, delimiter, true),
                "{:?} cut at {cuts:?}",
                String::from_utf8_lossy(text)
            );
        }
    }

    #[test]
    fn plain_and_awkward_records_read_as_csv_core_reads_them() {
        let cases: &[&[u8]] = &[
            b"a,b,c\n1,2,3\n",
            b"a,b\r\n\r\n\n1,\"x, y\"\r\n,\n",
            b"\xEF\xBB\xBFa,b\n1,2",
            b"a,\"b\"\"c\",d\n\"e\"f,g\n",
            b"a,\"open\nstill, open",
            b"x \"y\" z,\"\"\n,,,\n\"\",\"\"\n",
            b"a\0b,c\n",
            b"a,b,",
            b"\n\n",
            b"",
            b"\r",
            b"\"",
        ];
        for &text in cases {
            // csv-core alone takes a first piece that is only the mark as the
            // end of the input; the feeder never cuts there (it drops the
            // file's mark before splitting).
            for cut in 0..=text.len() {
                if !(text.starts_with(BOM) && cut == BOM.len()) {
                    check(text, &[cut]);
                }
            }
        }
    }

    #[test]
    fn a_byte_order_mark_is_dropped_only_at_the_start() {
        let text = b"a\n\xEF\xBB\xBFb\n";
        let seen = split(text, &[2], b',', false);
        assert_eq!(seen[1], Seen::Fields(vec![b"\xEF\xBB\xBFb".to_vec()], false, false));
    }

    #[test]
    fn a_long_record_passes_to_csv_core_and_its_limit() {
        let mut text = b"a,b\n1,\"".to_vec();
        text.resize(text.len() + MAX_FIELD_BYTES + 1, b'x');
        text.extend_from_slice(b"\"\n2,3\n");
        let seen = split(&text, &[], b',', false);
        assert_eq!(seen[1], Seen::Oversized(Skip::Field(2), false));
        assert_eq!(seen[2], Seen::Fields(vec![b"2".to_vec(), b"3".to_vec()], false, false));
    }

    proptest! {
        #[test]
        fn random_text_reads_as_csv_core_reads_it(
            bytes in proptest::collection::vec(prop_oneof![
                Just(b'a'), Just(b' '), Just(b','), Just(b';'), Just(b'"'), Just(b'\n'), Just(b'\r'), Just(0u8),
            ], 0..80),
            cuts in proptest::collection::vec(0usize..80, 0..4),
        ) {
            check(&bytes, &cuts);
        }
    }
}
