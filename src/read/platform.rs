//! What reading does differently in the page, in one place. Natively the
//! reader unpacks a zip or gzip file itself; in the page the worker unpacks
//! it before the reader sees it (by slices of the `File`, with the browser's
//! `DecompressionStream`, see `web.rs`), so an archive that reaches the
//! reader still packed is a bug, said as one.

use crate::base::error::Result;

/// Unpacks the archive `bytes` into `sink`, piece by piece, and says what
/// the CSV came from ("gzip", "zip: name").
#[cfg(not(target_arch = "wasm32"))]
pub fn unpack(bytes: &[u8], sink: &mut dyn FnMut(&[u8]) -> Result<()>) -> Result<Option<String>> {
    use crate::read::container::{unpack_to, Limits};
    unpack_to(bytes, &Limits::default(), sink)
}

/// In the page: refuses, as the worker unpacks archives first.
#[cfg(target_arch = "wasm32")]
pub fn unpack(_bytes: &[u8], _sink: &mut dyn FnMut(&[u8]) -> Result<()>) -> Result<Option<String>> {
    use crate::base::error::{Error, ErrorKind};
    Err(Error::new(
        ErrorKind::NotText,
        "internal: a zip or gzip archive reached the reader still packed; the page unpacks archives first",
    ))
}
