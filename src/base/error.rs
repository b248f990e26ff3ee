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

    /// The byte offset in the file.
    pub fn at_byte(mut self, byte: u64) -> Error {
        self.byte = Some(byte);
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
