//! Where quotes open and close across chunks of decoded text, so that a
//! quote never closed can be named by the line it opened on (csv-core
//! parses the quotes themselves, but does not count lines).

/// Tracks quoting across chunks, to say where a never-closed quote opened.
/// It jumps from quote to newline with `memchr`, so it costs little per byte.
pub struct QuoteState {
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
    pub fn new(delimiter: u8) -> QuoteState {
        QuoteState {
            delimiter,
            in_quotes: false,
            just_closed: false,
            prev: b'\n',
            line: 1,
            opened_line: 0,
        }
    }

    /// Follows the quotes and line breaks of the next piece of text.
    pub fn scan(&mut self, text: &[u8]) {
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

    /// The line the quote still open opened on, if one is.
    pub fn unterminated(&self) -> Option<usize> {
        self.in_quotes.then_some(self.opened_line)
    }
}
