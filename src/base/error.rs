//! The one error type of the crate: a kind to branch on and a message that
//! says what went wrong and where (file, row, column, byte).

use std::fmt;

/// What went wrong, broadly; the message says exactly what and where.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The input has no bytes or no header row.
    Empty,
    /// The bytes are not text a CSV could be made of (binary, undecodable).
    NotText,
    /// The CSV structure itself is broken beyond recovery.
    Malformed,
    /// The input passes one of the limits in `limits` (bytes, columns, cells, ...).
    TooLarge,
    /// A preset or state file is invalid.
    Preset,
    /// Drawing a figure failed.
    Draw,
    /// A figure from outside the analysis (an embed link) is invalid.
    Figure,
    /// Reading or writing a file on the command line failed.
    Io,
    /// The command line was called wrongly (a flag without its value, an
    /// unknown command): the usage is printed after the message.
    Usage,
    /// The reader of the command line's output went away before it was all
    /// written (`survey-report sample | head`): not a failure, the command
    /// stops quietly.
    BrokenPipe,
}

/// An error with its kind, a lower-case message naming the place, and the
/// place as data where the reader knows it (row, column, byte), so a caller
/// can point at it without reading the prose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    row: Option<u64>,
    column: Option<usize>,
    byte: Option<u64>,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
            row: None,
            column: None,
            byte: None,
        }
    }

    /// The row the error is in (1 is the header row, as in the messages).
    pub fn at_row(mut self, row: u64) -> Error {
        self.row = Some(row);
        self
    }

    /// The column (1-based, as in the messages).
    pub fn at_column(mut self, column: usize) -> Error {
        self.column = Some(column);
        self
    }

    /// The byte offset in the file (in the CSV unpacked, when it came packed).
    pub fn at_byte(mut self, byte: u64) -> Error {
        self.byte = Some(byte);
        self
    }

    /// The same error said of `what` ("FILE: message"): the kind and the
    /// place stay.
    pub fn within(mut self, what: impl fmt::Display) -> Error {
        self.message = format!("{what}: {}", self.message);
        self
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn row(&self) -> Option<u64> {
        self.row
    }

    pub fn column(&self) -> Option<usize> {
        self.column
    }

    pub fn byte(&self) -> Option<u64> {
        self.byte
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    /// The page receives the kind by serde: each is one snake_case word.
    #[test]
    fn kinds_serialise_as_the_page_reads_them() {
        let kinds = [
            (ErrorKind::Empty, "empty"),
            (ErrorKind::NotText, "not_text"),
            (ErrorKind::Malformed, "malformed"),
            (ErrorKind::TooLarge, "too_large"),
            (ErrorKind::Preset, "preset"),
            (ErrorKind::Draw, "draw"),
            (ErrorKind::Figure, "figure"),
            (ErrorKind::Io, "io"),
            (ErrorKind::Usage, "usage"),
            (ErrorKind::BrokenPipe, "broken_pipe"),
        ];
        for (kind, name) in kinds {
            assert_eq!(serde_json::to_value(kind).unwrap(), serde_json::json!(name));
        }
    }

    #[test]
    fn an_error_said_within_a_file_keeps_its_kind_and_place() {
        let e = Error::new(ErrorKind::TooLarge, "row 3, column 2: too long")
            .at_row(3)
            .at_column(2)
            .within("survey.csv");
        assert_eq!(e.message(), "survey.csv: row 3, column 2: too long");
        assert_eq!(e.to_string(), e.message());
        assert_eq!(
            (e.kind(), e.row(), e.column(), e.byte()),
            (ErrorKind::TooLarge, Some(3), Some(2), None)
        );
    }
}
