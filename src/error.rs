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

/// An error with its kind and a lower-case message naming the place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
        }
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;
