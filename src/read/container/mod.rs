//! Compressed inputs: a zip archive or gzip stream holding the CSV, unpacked within limits.
//!
//! Survey exports often arrive compressed: Kaggle ships a `.zip` holding one
//! CSV (beside other files and folders), and some sites serve `.csv.gz`.
//! [`archive_kind`] recognises both by their first bytes, the one test of it
//! in the crate; anything else is read as it is.
//!
//! - `magic`: those first bytes.
//! - `zip`: the zip records, read by hand, the same natively and in the page.
//! - `check`: [`UnpackCheck`], which counts the unpacked bytes as they come,
//!   so a zip or gzip bomb fails as soon as it passes the limit, and checks a
//!   zip entry's recorded size and CRC-32 at the end. Nothing is ever
//!   allocated from the sizes an archive header claims.
//! - `unpack` and `gzip` (natively only): [`unpack_to`] inflates with
//!   flate2. In the page the worker reads the zip records through `web.rs`
//!   and inflates with the browser's `DecompressionStream`.

mod check;
#[cfg(not(target_arch = "wasm32"))]
mod gzip;
mod magic;
#[cfg(not(target_arch = "wasm32"))]
mod unpack;
mod zip;

#[cfg(test)]
mod tests;

pub use check::UnpackCheck;
pub use magic::{archive_kind, is_empty_zip, Archive};
#[cfg(not(target_arch = "wasm32"))]
pub use unpack::{unpack_to, Limits};
pub use zip::{ZipDirectory, ZipEntry, DEFLATED, ZIP_TAIL_BYTES};
