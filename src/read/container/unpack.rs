//! Unpacking natively, as the command line and the tests do: the archive
//! is in memory, the entry's bytes are inflated with flate2 and handed on
//! piece by piece. (In the page the worker reads the same zip records and
//! inflates with `DecompressionStream`, through the same `UnpackCheck`.)

use std::io::Read;

use crate::base::error::{Error, ErrorKind};
use crate::base::limits::MAX_INPUT_BYTES;
use crate::read::container::check::UnpackCheck;
use crate::read::container::gzip::GzipMembers;
use crate::read::container::magic::{archive_kind, Archive};
use crate::read::container::zip::{ZipDirectory, DEFLATED, LOCAL_HEADER_LEN, ZIP_TAIL_BYTES};

/// How much a compressed input may unpack to (natively; the page's limit
/// is [`MAX_INPUT_BYTES`] too).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Bytes the unpacked CSV may hold at most.
    pub max_decompressed: u64,
}

impl Default for Limits {
    /// [`MAX_INPUT_BYTES`] (1 GiB): far above any survey export, and the
    /// same limit as an uncompressed file's.
    fn default() -> Limits {
        Limits {
            max_decompressed: MAX_INPUT_BYTES,
        }
    }
}

/// Unpacks a zip archive or gzip stream holding the CSV, handing the CSV
/// bytes to `sink` in pieces of at most [`PIECE`] bytes as they are
/// decompressed, so only the compressed input and one piece are held at once.
/// From a zip archive the largest file whose name ends in `.csv`, `.tsv` or
/// `.txt` is read (folders and macOS `__MACOSX/` metadata are ignored). Returns what they were unpacked from ("gzip",
/// "zip: name"), or `None`, calling `sink` never, when `bytes` is not an
/// archive. An error from `sink` stops the unpacking and is returned as it is.
/// (Natively; in the browser the worker unpacks with the same checks.)
pub fn unpack_to(
    bytes: &[u8],
    limits: &Limits,
    sink: &mut dyn FnMut(&[u8]) -> Result<(), Error>,
) -> Result<Option<String>, Error> {
    match archive_kind(bytes) {
        Some(Archive::Zip) => unpack_zip(bytes, limits, sink).map(Some),
        Some(Archive::Gzip) => {
            let mut check = UnpackCheck::gzip(limits.max_decompressed);
            copy_bounded(GzipMembers::new(bytes), &mut check, sink, |e| {
                damaged("the gzip file is damaged", &e)
            })?;
            check.finish()?;
            Ok(Some("gzip".to_string()))
        }
        None => Ok(None),
    }
}

/// The most [`unpack_to`] hands over at once.
pub const PIECE: usize = 1 << 20;

fn unpack_zip(
    bytes: &[u8],
    limits: &Limits,
    sink: &mut dyn FnMut(&[u8]) -> Result<(), Error>,
) -> Result<String, Error> {
    let size = bytes.len() as u64;
    let tail = &bytes[(size.saturating_sub(ZIP_TAIL_BYTES)) as usize..];
    let directory = ZipDirectory::find(tail, size)?;
    let listing = slice_at(bytes, directory.offset, directory.size).ok_or_else(ZipDirectory::cut_short)?;
    let entry = directory.choose(listing)?;
    let local = slice_at(bytes, entry.header_offset, LOCAL_HEADER_LEN as u64).unwrap_or(&[]);
    let start = entry.data_offset(local)?;
    let data = slice_at(bytes, start, entry.compressed).ok_or_else(|| entry.cut_short())?;
    let mut check = UnpackCheck::zip(&entry, limits.max_decompressed);
    let on_error = |e: std::io::Error| damaged(&format!("the zip archive is damaged: {}", entry.name), &e);
    if entry.method == DEFLATED {
        copy_bounded(flate2::bufread::DeflateDecoder::new(data), &mut check, sink, on_error)?;
    } else {
        copy_bounded(data, &mut check, sink, on_error)?;
    }
    check.finish()?;
    Ok(entry.container())
}

/// `len` bytes of `bytes` from `offset`, if the file holds them.
fn slice_at(bytes: &[u8], offset: u64, len: u64) -> Option<&[u8]> {
    let start = usize::try_from(offset).ok()?;
    let end = usize::try_from(offset.checked_add(len)?).ok()?;
    bytes.get(start..end)
}

/// Reads everything from `reader` into `sink`, piece by piece, through
/// `check`, which fails as soon as the output passes its limit. One piece is
/// held at a time.
fn copy_bounded<R: Read>(
    mut reader: R,
    check: &mut UnpackCheck,
    sink: &mut dyn FnMut(&[u8]) -> Result<(), Error>,
    on_error: impl FnOnce(std::io::Error) -> Error,
) -> Result<(), Error> {
    let mut buf = vec![0u8; PIECE];
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(on_error(e)),
        };
        check.update(&buf[..n])?;
        sink(&buf[..n])?;
    }
}

/// What is said of compressed data that stops before its end, natively and
/// in the page alike: flate2 reports it in words of its own for each place
/// the data can stop ("unexpected end of file", "incomplete deflate
/// stream"), the browser's `DecompressionStream` as "compressed input was
/// truncated", which `www/worker.js` turns into this same text.
const CUT_SHORT: &str = "its compressed data ends too soon (was the file cut short?)";

fn damaged(prefix: &str, e: &std::io::Error) -> Error {
    let detail = if e.kind() == std::io::ErrorKind::UnexpectedEof {
        CUT_SHORT.to_string()
    } else {
        lower_first(&e.to_string())
    };
    Error::new(ErrorKind::NotText, format!("{prefix}: {detail}"))
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
