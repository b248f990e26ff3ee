//! The first bytes of each archive this reader unpacks: the one place in
//! the crate that tells an archive from a plain file.

/// The archives this reader unpacks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Archive {
    Zip,
    Gzip,
}

/// A zip's first entry begins with a local file header (APPNOTE 4.3.7).
const ZIP_LOCAL_HEADER: &[u8] = b"PK\x03\x04";
/// An archive with no entries is its end of central directory record alone
/// (APPNOTE 4.3.16): mostly NUL bytes, so it must be told before the bytes
/// are looked at as text.
const ZIP_END_RECORD: &[u8] = b"PK\x05\x06";
/// The first part of a split (spanned) archive begins with the spanning
/// signature, before its first local header (APPNOTE 8.5.3).
const ZIP_SPANNED: &[u8] = b"PK\x07\x08";
/// A split archive that fitted in one part may keep the temporary spanning
/// marker "PK00" (APPNOTE 8.5.4). Only with the local header after it: a CSV
/// may well begin with "PK00".
const ZIP_ONE_PART: &[u8] = b"PK00PK\x03\x04";
/// A gzip member's ID1 and ID2 (RFC 1952, 2.3.1).
const GZIP_MEMBER: &[u8] = b"\x1f\x8b";

/// Each archive's first bytes, and which archive they say it is.
const MAGIC: [(&[u8], Archive); 5] = [
    (ZIP_LOCAL_HEADER, Archive::Zip),
    (ZIP_END_RECORD, Archive::Zip),
    (ZIP_SPANNED, Archive::Zip),
    (ZIP_ONE_PART, Archive::Zip),
    (GZIP_MEMBER, Archive::Gzip),
];

/// Which archive the file's first bytes say it is, if any: the one test
/// the reader (`Feeder`), `unpack_to` and the page's worker (through
/// `web.rs`) make, before a file is looked at as text. Bytes too few to
/// hold a whole signature are no archive: the reader asks again as more come.
pub fn archive_kind(head: &[u8]) -> Option<Archive> {
    MAGIC
        .iter()
        .find(|(magic, _)| head.starts_with(magic))
        .map(|&(_, archive)| archive)
}

/// A zip archive with no entries at all (its end record alone), which
/// [`archive_kind`] calls a zip: said apart when such an archive turns up
/// inside another.
pub fn is_empty_zip(head: &[u8]) -> bool {
    head.starts_with(ZIP_END_RECORD)
}
