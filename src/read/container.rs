//! Compressed inputs: a zip archive or gzip stream holding the CSV, unpacked within limits.
//!
//! Survey exports often arrive compressed: Kaggle ships a `.zip` holding one
//! CSV (beside other files and folders), and some sites serve `.csv.gz`.
//! [`unpack_to`] recognises both by their magic bytes and hands on the CSV
//! bytes; anything else passes through untouched.
//!
//! The zip directory is read here, by hand, from the format's fixed records
//! (PKWARE APPNOTE 6.3, sections 4.3.7, 4.3.12, 4.3.14-16): which entry to read,
//! where its data starts, how it is compressed. Why by hand: in the browser the
//! worker reads a zip by slices of the `File` (never holding it whole) and the
//! platform's `DecompressionStream` inflates, so the page needs only these few
//! records; the `zip` crate wants the whole archive as `Read + Seek`, brings its
//! own inflater, and cost 36 KB gzip of the page's 150 KB budget (measured
//! 2026-11-27). Natively the same reader picks the entry and flate2 inflates.
//! The `zip` crate still writes the test archives and checks this reader in tests.
//!
//! Decompression is bounded: [`UnpackCheck`] counts the output as it comes, so
//! a zip or gzip bomb fails as soon as it passes the limit, and nothing is ever
//! allocated from the sizes an archive header claims. It also checks a zip
//! entry's recorded size and CRC-32 at the end.

#[cfg(test)]
use std::borrow::Cow;
#[cfg(not(target_arch = "wasm32"))]
use std::io::Read;

use crate::base::error::{Error, ErrorKind};
#[cfg(not(target_arch = "wasm32"))]
use crate::base::limits::MAX_INPUT_BYTES;

/// How much a compressed input may unpack to (natively; the page's limit
/// is [`MAX_INPUT_BYTES`] too).
#[cfg(not(target_arch = "wasm32"))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Bytes the unpacked CSV may hold at most.
    pub max_decompressed: u64,
}

#[cfg(not(target_arch = "wasm32"))]
impl Default for Limits {
    /// [`MAX_INPUT_BYTES`] (1 GiB): far above any survey export, and the
    /// same limit as an uncompressed file's.
    fn default() -> Limits {
        Limits {
            max_decompressed: MAX_INPUT_BYTES,
        }
    }
}

/// The bytes of the CSV and what they were unpacked from.
#[cfg(test)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unpacked<'a> {
    /// The CSV bytes: borrowed when the input was not compressed.
    pub bytes: Cow<'a, [u8]>,
    /// e.g. "zip: kaggle_survey_2020_responses.csv" or "gzip"; `None` when
    /// the input was not compressed.
    pub container: Option<String>,
}

/// A zip file begins with a local file header; an archive with no entries
/// begins with the end-of-central-directory record instead.
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const ZIP_EMPTY_MAGIC: &[u8] = b"PK\x05\x06";
const GZIP_MAGIC: &[u8] = b"\x1f\x8b";

/// The archives this reader unpacks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Archive {
    Zip,
    Gzip,
}

/// Which archive the file's first bytes say it is, if any: the one test
/// the reader (`Feeder`) and [`unpack_to`] use, made before a file is
/// looked at as text (an empty zip is mostly NUL bytes). `www/worker.js`
/// makes the same test on the first chunk, to unpack in the browser.
pub fn archive_kind(head: &[u8]) -> Option<Archive> {
    if head.starts_with(ZIP_MAGIC) || head.starts_with(ZIP_EMPTY_MAGIC) {
        Some(Archive::Zip)
    } else if head.starts_with(GZIP_MAGIC) {
        Some(Archive::Gzip)
    } else {
        None
    }
}

/// At most this many entry names are listed in the "no CSV" error.
const MAX_LISTED_NAMES: usize = 20;

/// Unpacks a zip archive or gzip stream holding the CSV; any other bytes are
/// returned as they are, borrowed, with `container` `None`.
///
/// From a zip archive the largest file whose name ends in `.csv`, `.tsv` or
/// `.txt` is read (folders and macOS `__MACOSX/` metadata are ignored).
/// (The whole CSV at once, for tests; reading streams with [`unpack_to`].)
#[cfg(test)]
pub fn unpack<'a>(bytes: &'a [u8], limits: &Limits) -> Result<Unpacked<'a>, Error> {
    let mut out = Vec::new();
    match unpack_to(bytes, limits, &mut |piece| {
        out.extend_from_slice(piece);
        Ok(())
    })? {
        Some(container) => Ok(Unpacked {
            bytes: Cow::Owned(out),
            container: Some(container),
        }),
        None => Ok(Unpacked {
            bytes: Cow::Borrowed(bytes),
            container: None,
        }),
    }
}

/// Like [`unpack`], but hands the CSV bytes to `sink` in pieces of at most
/// [`PIECE`] bytes as they are decompressed, so only the compressed input and
/// one piece are held at once. Returns what they were unpacked from ("gzip",
/// "zip: name"), or `None`, calling `sink` never, when `bytes` is not an
/// archive. An error from `sink` stops the unpacking and is returned as it is.
/// (Natively; in the browser the worker unpacks with the same checks.)
#[cfg(not(target_arch = "wasm32"))]
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
#[cfg(not(target_arch = "wasm32"))]
pub const PIECE: usize = 1 << 20;

/// Reads every member of a gzip file, one after the other, as the gzip tool
/// does; trailing zero bytes (padding some tools add) end the stream, any
/// other trailing bytes are an error.
#[cfg(not(target_arch = "wasm32"))]
struct GzipMembers<'a> {
    current: Option<flate2::bufread::GzDecoder<&'a [u8]>>,
    /// Bytes left when the current member began: each member must consume
    /// some, so a decoder that ends without progress cannot loop forever.
    member_start: usize,
}

#[cfg(not(target_arch = "wasm32"))]
impl<'a> GzipMembers<'a> {
    fn new(bytes: &'a [u8]) -> GzipMembers<'a> {
        GzipMembers {
            current: Some(flate2::bufread::GzDecoder::new(bytes)),
            member_start: bytes.len(),
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Read for GzipMembers<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while let Some(decoder) = self.current.as_mut() {
            let n = decoder.read(buf)?;
            if n > 0 || buf.is_empty() {
                return Ok(n);
            }
            // This member is done; the bufread decoder consumed exactly its
            // bytes, so what is left is the next member, padding or nothing.
            let rest = *decoder.get_ref();
            self.current = if rest.iter().all(|&b| b == 0) {
                None
            } else if rest.starts_with(GZIP_MAGIC) && rest.len() < self.member_start {
                self.member_start = rest.len();
                Some(flate2::bufread::GzDecoder::new(rest))
            } else {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("{} bytes of garbage follow the compressed data", rest.len()),
                ));
            };
        }
        Ok(0)
    }
}

#[cfg(not(target_arch = "wasm32"))]
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
#[cfg(not(target_arch = "wasm32"))]
fn slice_at(bytes: &[u8], offset: u64, len: u64) -> Option<&[u8]> {
    let start = usize::try_from(offset).ok()?;
    let end = usize::try_from(offset.checked_add(len)?).ok()?;
    bytes.get(start..end)
}

const EOCD_SIGNATURE: u32 = 0x0605_4b50;
const EOCD_LEN: usize = 22;
const ZIP64_LOCATOR_SIGNATURE: u32 = 0x0706_4b50;
const ZIP64_LOCATOR_LEN: usize = 20;
const ZIP64_EOCD_SIGNATURE: u32 = 0x0606_4b50;
const ZIP64_EOCD_LEN: usize = 56;
const CENTRAL_SIGNATURE: u32 = 0x0201_4b50;
const CENTRAL_LEN: usize = 46;
const LOCAL_SIGNATURE: u32 = 0x0403_4b50;
/// The fixed part of a local file header; its name and extra field follow.
pub const LOCAL_HEADER_LEN: usize = 30;
/// The last bytes of a zip file that can hold its end records: the end of
/// central directory record with the longest comment, and the zip64 records
/// before it.
pub const ZIP_TAIL_BYTES: u64 = (EOCD_LEN + 0xFFFF + ZIP64_LOCATOR_LEN + ZIP64_EOCD_LEN) as u64;
/// Compression methods this reader unpacks.
pub const STORED: u16 = 0;
pub const DEFLATED: u16 = 8;

fn le16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn le32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn le64(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

fn zip_damaged(detail: &str) -> Error {
    Error::new(ErrorKind::NotText, format!("the zip archive is damaged: {detail}"))
}

/// Where a zip's central directory lies, as its end records say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZipDirectory {
    /// Offset of the central directory in the file.
    pub offset: u64,
    /// Its length in bytes.
    pub size: u64,
    /// Entries it claims (never used to allocate).
    pub entries: u64,
    /// Bytes found before the archive proper (a self-extracting stub, or a
    /// zip glued after other data): added to every offset the archive records.
    pub shift: u64,
}

impl ZipDirectory {
    /// Reads the end records from `tail`, the last bytes of a file of
    /// `file_size` bytes (at most [`ZIP_TAIL_BYTES`] are needed).
    pub fn find(tail: &[u8], file_size: u64) -> Result<ZipDirectory, Error> {
        let tail_start = file_size
            .checked_sub(tail.len() as u64)
            .ok_or_else(|| zip_damaged("its end records could not be read"))?;
        // The record is searched from the end: its comment may hold anything.
        let eocd = (0..=tail.len().saturating_sub(EOCD_LEN))
            .rev()
            .filter(|&at| tail.len() >= EOCD_LEN && le32(tail, at) == Some(EOCD_SIGNATURE))
            .find(|&at| le16(tail, at + 20).is_some_and(|comment| at + EOCD_LEN + comment as usize <= tail.len()))
            .ok_or_else(ZipDirectory::cut_short)?;
        let field16 = |at: usize| le16(tail, eocd + at).unwrap_or(0);
        let field32 = |at: usize| le32(tail, eocd + at).unwrap_or(0);
        let (mut disk, mut directory_disk) = (field16(4) as u32, field16(6) as u32);
        let (mut on_disk, mut entries) = (field16(8) as u64, field16(10) as u64);
        let (mut size, mut offset) = (field32(12) as u64, field32(16) as u64);
        // Where the directory must end: just before the end records.
        let mut directory_end = tail_start + eocd as u64;
        let zip64 = on_disk == 0xFFFF || entries == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF;
        if let Some(locator) = eocd.checked_sub(ZIP64_LOCATOR_LEN) {
            if le32(tail, locator) == Some(ZIP64_LOCATOR_SIGNATURE) {
                // The zip64 record is where its locator says (it may carry
                // extra data), or, in an archive with bytes before it, just
                // before the locator.
                let recorded = le64(tail, locator + 8)
                    .and_then(|at| at.checked_sub(tail_start))
                    .and_then(|at| usize::try_from(at).ok());
                let record = [recorded, locator.checked_sub(ZIP64_EOCD_LEN)]
                    .into_iter()
                    .flatten()
                    .find(|&r| r < locator && le32(tail, r) == Some(ZIP64_EOCD_SIGNATURE))
                    .ok_or_else(|| zip_damaged("its zip64 end record is missing or not where its locator says"))?;
                let field64 = |at: usize| le64(tail, record + at).unwrap_or(0);
                disk = le32(tail, record + 16).unwrap_or(0);
                directory_disk = le32(tail, record + 20).unwrap_or(0);
                (on_disk, entries, size, offset) = (field64(24), field64(32), field64(40), field64(48));
                directory_end = tail_start + record as u64;
            } else if zip64 {
                return Err(zip_damaged(
                    "it says it is a zip64 archive, but its zip64 records are missing",
                ));
            }
        }
        if disk != 0 || directory_disk != 0 || on_disk != entries {
            return Err(Error::new(
                ErrorKind::NotText,
                "the zip archive is one part of a split (multi-part) archive; join the parts or unpack them first",
            ));
        }
        let shift = offset
            .checked_add(size)
            .and_then(|end| directory_end.checked_sub(end))
            .ok_or_else(|| zip_damaged("its directory does not fit in the file (was the file cut short?)"))?;
        Ok(ZipDirectory {
            offset: offset + shift,
            size,
            entries,
            shift,
        })
    }

    fn cut_short() -> Error {
        zip_damaged("its end is missing (was the file cut short?)")
    }

    /// Lists the central directory (`listing`, the [`size`](Self::size)
    /// bytes at [`offset`](Self::offset)) and picks the entry to read: the
    /// largest file whose name ends in `.csv`, `.tsv` or `.txt` (folders and
    /// macOS metadata are ignored), the first on a tie.
    pub fn choose(&self, listing: &[u8]) -> Result<ZipEntry, Error> {
        // The first names, for the message when there is no CSV, and how many files.
        let mut names = Vec::new();
        let mut files = 0;
        let mut chosen: Option<ZipEntry> = None;
        let mut at = 0;
        let mut number: u64 = 0;
        while number < self.entries {
            number += 1;
            let (entry, next) = self
                .entry_at(listing, at)
                .ok_or_else(|| zip_damaged(&format!("its directory is garbled at entry {number}")))?;
            at = next;
            if entry.name.ends_with('/') || is_macos_metadata(&entry.name) {
                continue;
            }
            if is_table_name(&entry.name) && chosen.as_ref().is_none_or(|c| entry.size > c.size) {
                chosen = Some(entry.clone());
            }
            files += 1;
            if names.len() < MAX_LISTED_NAMES {
                names.push(entry.name);
            }
        }
        let entry = chosen.ok_or_else(|| no_csv_error(&names, files))?;
        match entry.unsupported() {
            Some(e) => Err(e),
            None => Ok(entry),
        }
    }

    /// The central directory header at `at`, and where the next begins.
    fn entry_at(&self, listing: &[u8], at: usize) -> Option<(ZipEntry, usize)> {
        if le32(listing, at)? != CENTRAL_SIGNATURE {
            return None;
        }
        let name_len = le16(listing, at + 28)? as usize;
        let extra_len = le16(listing, at + 30)? as usize;
        let comment_len = le16(listing, at + 32)? as usize;
        let name_at = at + CENTRAL_LEN;
        let raw_name = listing.get(name_at..name_at + name_len)?;
        let extra = listing.get(name_at + name_len..name_at + name_len + extra_len)?;
        let mut size = le32(listing, at + 24)? as u64;
        let mut compressed = le32(listing, at + 20)? as u64;
        let mut header_offset = le32(listing, at + 42)? as u64;
        // Zip64: the extra field holds, in this order, each of these three
        // that is 0xFFFFFFFF in the header.
        if [size, compressed, header_offset].contains(&0xFFFF_FFFF) {
            let mut field = zip64_extra(extra)?;
            for value in [&mut size, &mut compressed, &mut header_offset] {
                if *value == 0xFFFF_FFFF {
                    *value = le64(field, 0)?;
                    field = field.get(8..)?;
                }
            }
        }
        let entry = ZipEntry {
            // Names flagged UTF-8 (bit 11), and most others in practice, are
            // UTF-8; names in an old DOS code page show with U+FFFD.
            name: String::from_utf8_lossy(raw_name).into_owned(),
            flags: le16(listing, at + 8)?,
            method: le16(listing, at + 10)?,
            crc32: le32(listing, at + 16)?,
            compressed,
            size,
            header_offset: header_offset.checked_add(self.shift)?,
        };
        Some((entry, name_at + name_len + extra_len + comment_len))
    }
}

/// The data of the zip64 extended information extra field (id 1). When
/// there are several the last counts, as the `zip` crate reads them: its
/// writer, for a `large_file` entry, leaves a placeholder field before the
/// real one.
fn zip64_extra(mut extra: &[u8]) -> Option<&[u8]> {
    let mut found = None;
    while extra.len() >= 4 {
        let (id, len) = (le16(extra, 0)?, le16(extra, 2)? as usize);
        let data = extra.get(4..4 + len)?;
        if id == 1 {
            found = Some(data);
        }
        extra = &extra[4 + len..];
    }
    found
}

/// One file of a zip archive, as its central directory describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZipEntry {
    pub name: String,
    pub flags: u16,
    /// 0 stored, 8 deflated; others are refused.
    pub method: u16,
    pub crc32: u32,
    pub compressed: u64,
    /// The unpacked size the archive records: used to choose and checked
    /// after unpacking, never to allocate.
    pub size: u64,
    /// Where the entry's local header begins in the file.
    pub header_offset: u64,
}

impl ZipEntry {
    /// Where the entry's data begins, from the [`LOCAL_HEADER_LEN`] bytes at
    /// [`header_offset`](Self::header_offset) (its name and extra field
    /// lengths are read there: they may differ from the directory's).
    pub fn data_offset(&self, local: &[u8]) -> Result<u64, Error> {
        if le32(local, 0) != Some(LOCAL_SIGNATURE) {
            return Err(zip_damaged(&format!(
                "{}: its data is not where the directory says",
                self.name
            )));
        }
        let name_len = le16(local, 26).unwrap_or(0) as u64;
        let extra_len = le16(local, 28).unwrap_or(0) as u64;
        Ok(self.header_offset + LOCAL_HEADER_LEN as u64 + name_len + extra_len)
    }

    fn place(&self) -> String {
        format!("the file inside the zip archive ({})", self.name)
    }

    /// Encryption and compression methods this reader cannot unpack.
    fn unsupported(&self) -> Option<Error> {
        let place = self.place();
        if self.flags & 1 != 0 {
            return Some(Error::new(
                ErrorKind::NotText,
                format!("{place} is encrypted; unpack it with its password first"),
            ));
        }
        let method = match self.method {
            STORED | DEFLATED => return None,
            9 => "Deflate64",
            12 => "bzip2",
            14 => "LZMA",
            93 => "Zstandard",
            95 => "XZ",
            99 => "AES encryption",
            _ => "an unusual one",
        };
        Some(Error::new(
            ErrorKind::NotText,
            format!(
                "{place} uses a compression method this reader does not support (method {}: {method}); unpack it first, or zip it again with the usual Deflate method",
                self.method
            ),
        ))
    }

    /// The data runs past the end of the file.
    pub fn cut_short(&self) -> Error {
        zip_damaged(&format!(
            "{}: its data runs past the end of the file (was the file cut short?)",
            self.name
        ))
    }

    /// "zip: name", as the report says where the CSV came from.
    pub fn container(&self) -> String {
        format!("zip: {}", self.name)
    }
}

/// The checks on bytes as they are unpacked: the size limit as they come,
/// and a zip entry's recorded size and CRC-32 at the end.
pub struct UnpackCheck {
    what: String,
    limit: u64,
    seen: u64,
    /// A zip entry's name, recorded size and CRC-32.
    expected: Option<(String, u64, u32)>,
    crc: crc::Digest<'static, u32, crc::Table<1>>,
}

/// CRC-32 as zip records it; a 1 KB table, where crc32fast's 16 KB would
/// weigh 12 KB gzip in the page and speed nothing that matters here.
static CRC32: crc::Crc<u32, crc::Table<1>> = crc::Crc::<u32, crc::Table<1>>::new(&crc::CRC_32_ISO_HDLC);

impl UnpackCheck {
    /// A gzip stream (its own CRC is checked by the inflater).
    pub fn gzip(limit: u64) -> UnpackCheck {
        UnpackCheck {
            what: "the gzip file".to_string(),
            limit,
            seen: 0,
            expected: None,
            crc: CRC32.digest(),
        }
    }

    /// The zip entry being unpacked.
    pub fn zip(entry: &ZipEntry, limit: u64) -> UnpackCheck {
        UnpackCheck {
            what: entry.place(),
            limit,
            seen: 0,
            expected: Some((entry.name.clone(), entry.size, entry.crc32)),
            crc: CRC32.digest(),
        }
    }

    /// Counts a piece of unpacked bytes; fails once past the limit.
    pub fn update(&mut self, piece: &[u8]) -> Result<(), Error> {
        self.seen += piece.len() as u64;
        if self.seen > self.limit {
            let limit = format_size(self.limit);
            return Err(Error::new(
                ErrorKind::NotText,
                format!("{} unpacks to more than {limit}; the limit is {limit}", self.what),
            ));
        }
        if self.expected.is_some() {
            self.crc.update(piece);
        }
        Ok(())
    }

    /// After the last piece: a zip entry must match its recorded size and CRC-32.
    pub fn finish(self) -> Result<(), Error> {
        let Some((name, size, crc)) = self.expected else {
            return Ok(());
        };
        if self.seen != size {
            return Err(zip_damaged(&format!(
                "{name}: it unpacked to {} bytes where the archive records {size}",
                self.seen
            )));
        }
        if self.crc.finalize() != crc {
            return Err(zip_damaged(&format!(
                "{name}: its data does not match the checksum the archive records"
            )));
        }
        Ok(())
    }
}

/// Reads everything from `reader` into `sink`, piece by piece, through
/// `check`, which fails as soon as the output passes its limit. One piece is
/// held at a time.
#[cfg(not(target_arch = "wasm32"))]
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

/// Names that could hold the survey table.
fn is_table_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".csv", ".tsv", ".txt"].iter().any(|ext| lower.ends_with(ext))
}

/// macOS Finder adds `__MACOSX/` folders and `._name` resource forks.
fn is_macos_metadata(name: &str) -> bool {
    name.starts_with("__MACOSX/")
        || name.contains("/__MACOSX/")
        || name.rsplit('/').next().is_some_and(|base| base.starts_with("._"))
}

/// `names`: the first [`MAX_LISTED_NAMES`] names of the archive's `files`.
fn no_csv_error(names: &[String], files: usize) -> Error {
    if files == 0 {
        return Error::new(
            ErrorKind::NotText,
            "the zip archive holds no CSV file; it holds no files at all",
        );
    }
    let mut listed = names.join(", ");
    if files > names.len() {
        listed.push_str(&format!(" and {} more", files - names.len()));
    }
    Error::new(
        ErrorKind::NotText,
        format!("the zip archive holds no CSV file; it holds: {listed}"),
    )
}

/// What is said of compressed data that stops before its end, natively and
/// in the page alike: flate2 reports it in words of its own for each place
/// the data can stop ("unexpected end of file", "incomplete deflate
/// stream"), the browser's `DecompressionStream` as "compressed input was
/// truncated", which `www/worker.js` turns into this same text.
#[cfg(not(target_arch = "wasm32"))]
const CUT_SHORT: &str = "its compressed data ends too soon (was the file cut short?)";

#[cfg(not(target_arch = "wasm32"))]
fn damaged(prefix: &str, e: &std::io::Error) -> Error {
    let detail = if e.kind() == std::io::ErrorKind::UnexpectedEof {
        CUT_SHORT.to_string()
    } else {
        lower_first(&e.to_string())
    };
    Error::new(ErrorKind::NotText, format!("{prefix}: {detail}"))
}

#[cfg(not(target_arch = "wasm32"))]
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "1024 MiB", "512 KiB", "1.5 MiB", "100 bytes".
fn format_size(bytes: u64) -> String {
    const KIB: u64 = 1 << 10;
    const MIB: u64 = 1 << 20;
    if bytes >= MIB && bytes % MIB == 0 {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= MIB {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    } else if bytes >= KIB && bytes % KIB == 0 {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};
    use zip::write::SimpleFileOptions;
    use zip::{CompressionMethod, ZipWriter};

    const CSV: &[u8] = b"Timestamp,What is your role in your team?\n2024-01-01,Data\n";

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    /// A deflated zip archive; names ending in '/' become folders.
    fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        for (name, bytes) in entries {
            if name.ends_with('/') {
                writer.add_directory(*name, options).unwrap();
            } else {
                writer.start_file(*name, options).unwrap();
                writer.write_all(bytes).unwrap();
            }
        }
        writer.finish().unwrap().into_inner()
    }

    fn mib(n: u64) -> Limits {
        Limits {
            max_decompressed: n << 20,
        }
    }

    #[test]
    fn default_limit_is_one_gib() {
        assert_eq!(Limits::default().max_decompressed, 1 << 30);
        assert_eq!(format_size(Limits::default().max_decompressed), "1024 MiB");
    }

    #[test]
    fn plain_bytes_pass_through_borrowed() {
        for bytes in [CSV, b"", b"P", b"\x1f", b"PK not a zip"] {
            let out = unpack(bytes, &Limits::default()).unwrap();
            assert!(matches!(out.bytes, Cow::Borrowed(_)));
            assert_eq!(&*out.bytes, bytes);
            assert_eq!(out.container, None);
        }
    }

    #[test]
    fn gzip_round_trips() {
        let packed = gzip(CSV);
        let out = unpack(&packed, &Limits::default()).unwrap();
        assert_eq!(&*out.bytes, CSV);
        assert_eq!(out.container.as_deref(), Some("gzip"));
    }

    #[test]
    fn concatenated_gzip_members_are_all_read() {
        let mut packed = gzip(b"a,b\n");
        packed.extend(gzip(b"1,2\n"));
        let out = unpack(&packed, &Limits::default()).unwrap();
        assert_eq!(&*out.bytes, b"a,b\n1,2\n");
    }

    #[test]
    fn gzip_trailing_zeros_are_padding_and_other_trailing_bytes_an_error() {
        let mut padded = gzip(CSV);
        padded.extend_from_slice(&[0; 512]);
        let out = unpack(&padded, &Limits::default()).unwrap();
        assert_eq!(&*out.bytes, CSV);

        let mut garbage = gzip(CSV);
        garbage.extend_from_slice(b"junk");
        let err = unpack(&garbage, &Limits::default()).unwrap_err();
        assert_eq!(
            err.message(),
            "the gzip file is damaged: 4 bytes of garbage follow the compressed data"
        );
    }

    #[test]
    fn gzip_at_exactly_the_limit_is_fine() {
        let data = vec![b'x'; 1 << 20];
        let packed = gzip(&data);
        let out = unpack(&packed, &mib(1)).unwrap();
        assert_eq!(out.bytes.len(), 1 << 20);
    }

    #[test]
    fn gzip_bomb_fails_fast_with_the_limit_message() {
        let bomb = gzip(&vec![0u8; 50_000_000]);
        assert!(bomb.len() < 100_000, "the bomb compresses well: {}", bomb.len());
        let started = std::time::Instant::now();
        let err = unpack(&bomb, &mib(1)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotText);
        assert_eq!(
            err.message(),
            "the gzip file unpacks to more than 1 MiB; the limit is 1 MiB"
        );
        assert!(started.elapsed().as_secs() < 5, "took {:?}", started.elapsed());
    }

    #[test]
    fn damaged_gzip_errors() {
        let mut packed = gzip(CSV);
        packed.truncate(packed.len() / 2);
        let err = unpack(&packed, &Limits::default()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotText);
        assert!(
            err.message().starts_with("the gzip file is damaged: "),
            "{}",
            err.message()
        );
    }

    #[test]
    fn zip_with_a_csv_and_a_folder_picks_the_csv() {
        let packed = zip(&[
            ("supplementary_data/", b""),
            (
                "supplementary_data/notes.pdf",
                b"%PDF-1.4 lots of bytes here, more than the csv has",
            ),
            ("kaggle_survey_2020_responses.csv", CSV),
        ]);
        let out = unpack(&packed, &Limits::default()).unwrap();
        assert_eq!(&*out.bytes, CSV);
        assert_eq!(out.container.as_deref(), Some("zip: kaggle_survey_2020_responses.csv"));
    }

    #[test]
    fn zip_with_several_csvs_picks_the_largest() {
        let large = CSV.repeat(10);
        let packed = zip(&[
            ("methods.TXT", b"short"),
            ("data/responses.CSV", &large),
            ("codebook.csv", CSV),
        ]);
        let out = unpack(&packed, &Limits::default()).unwrap();
        assert_eq!(&*out.bytes, &large[..]);
        assert_eq!(out.container.as_deref(), Some("zip: data/responses.CSV"));
    }

    #[test]
    fn zip_ignores_macos_metadata() {
        let large = vec![b'x'; 5000];
        let packed = zip(&[
            ("__MACOSX/", b""),
            ("__MACOSX/._survey.csv", &large),
            ("._survey.csv", &large),
            ("survey.csv", CSV),
        ]);
        let out = unpack(&packed, &Limits::default()).unwrap();
        assert_eq!(&*out.bytes, CSV);
        assert_eq!(out.container.as_deref(), Some("zip: survey.csv"));
    }

    #[test]
    fn zip_without_csv_lists_what_it_holds() {
        let packed = zip(&[("a.xlsx", b"PK..."), ("pictures/", b""), ("b.png", b"\x89PNG")]);
        let err = unpack(&packed, &Limits::default()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotText);
        assert_eq!(
            err.message(),
            "the zip archive holds no CSV file; it holds: a.xlsx, b.png"
        );
    }

    #[test]
    fn empty_zip_says_so() {
        let packed = zip(&[]);
        let err = unpack(&packed, &Limits::default()).unwrap_err();
        assert_eq!(
            err.message(),
            "the zip archive holds no CSV file; it holds no files at all"
        );
    }

    #[test]
    fn zip_bomb_fails_fast_with_the_limit_message() {
        let packed = zip(&[("big.csv", &vec![0u8; 50_000_000])]);
        assert!(packed.len() < 200_000, "the bomb compresses well: {}", packed.len());
        let started = std::time::Instant::now();
        let err = unpack(&packed, &mib(1)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotText);
        assert_eq!(
            err.message(),
            "the file inside the zip archive (big.csv) unpacks to more than 1 MiB; the limit is 1 MiB"
        );
        assert!(started.elapsed().as_secs() < 5, "took {:?}", started.elapsed());
    }

    #[test]
    fn truncated_zip_errors() {
        let packed = zip(&[("survey.csv", &CSV.repeat(100))]);
        for cut in [packed.len() - 10, packed.len() / 2, 10] {
            let err = unpack(&packed[..cut], &Limits::default()).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::NotText);
            assert_eq!(
                err.message(),
                "the zip archive is damaged: its end is missing (was the file cut short?)",
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn corrupted_zip_data_errors() {
        let body = CSV.repeat(100);
        let mut packed = zip(&[("survey.csv", &body)]);
        // Flip bytes inside the compressed data (after the 30-byte local
        // header and the 10-byte name), leaving the directory intact.
        for b in &mut packed[45..60] {
            *b ^= 0x5a;
        }
        let err = unpack(&packed, &Limits::default()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotText);
        assert!(
            err.message().starts_with("the zip archive is damaged: survey.csv: "),
            "{}",
            err.message()
        );
    }

    /// What the `zip` crate reads from an archive: the entry we would pick
    /// and its bytes, so this reader is checked against an independent one.
    fn unzip_with_crate(packed: &[u8], name: &str) -> Vec<u8> {
        let mut archive = zip::ZipArchive::new(Cursor::new(packed)).unwrap();
        let mut out = Vec::new();
        archive.by_name(name).unwrap().read_to_end(&mut out).unwrap();
        out
    }

    fn zip_with(options: SimpleFileOptions, entries: &[(&str, &[u8])], comment: Option<&str>) -> Vec<u8> {
        let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in entries {
            writer.start_file(*name, options).unwrap();
            writer.write_all(bytes).unwrap();
        }
        if let Some(comment) = comment {
            writer.set_comment(comment);
        }
        writer.finish().unwrap().into_inner()
    }

    /// Offsets of a 4-byte signature in `bytes`.
    fn find_all(bytes: &[u8], signature: u32) -> Vec<usize> {
        (0..bytes.len().saturating_sub(3))
            .filter(|&i| le32(bytes, i) == Some(signature))
            .collect()
    }

    #[test]
    fn zip_layouts_read_the_same_as_the_zip_crate() {
        let body = CSV.repeat(50);
        let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
        let cases = [
            (
                "deflated",
                zip_with(deflated, &[("a.txt", b"notes"), ("survey.csv", &body)], None),
            ),
            ("stored", zip_with(stored, &[("survey.csv", &body)], None)),
            (
                "zip64 fields",
                zip_with(deflated.large_file(true), &[("survey.csv", &body)], None),
            ),
            (
                "a comment at the end",
                zip_with(deflated, &[("survey.csv", &body)], Some("made by PK\x05\x06 hand")),
            ),
        ];
        for (label, packed) in cases {
            let out = unpack(&packed, &Limits::default()).unwrap_or_else(|e| panic!("{label}: {}", e.message()));
            assert_eq!(out.container.as_deref(), Some("zip: survey.csv"), "{label}");
            assert_eq!(&*out.bytes, &unzip_with_crate(&packed, "survey.csv")[..], "{label}");
            assert_eq!(&*out.bytes, &body[..], "{label}");
        }
    }

    #[test]
    fn zip64_end_records_are_followed() {
        // A zip64 archive built by hand: the classic end record says "see
        // zip64" (all ones) and the zip64 record holds the real values.
        let body = b"q\nyes\n";
        let name = b"s.csv";
        let crc = CRC32.checksum(body);
        let mut out = Vec::new();
        out.extend(LOCAL_SIGNATURE.to_le_bytes());
        out.extend([20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        out.extend(crc.to_le_bytes());
        out.extend((body.len() as u32).to_le_bytes());
        out.extend((body.len() as u32).to_le_bytes());
        out.extend((name.len() as u16).to_le_bytes());
        out.extend(0u16.to_le_bytes());
        out.extend(name);
        out.extend(body);
        let directory_at = out.len() as u64;
        out.extend(CENTRAL_SIGNATURE.to_le_bytes());
        out.extend([45, 0, 45, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        out.extend(crc.to_le_bytes());
        out.extend(0xFFFF_FFFFu32.to_le_bytes()); // compressed: in the extra field
        out.extend(0xFFFF_FFFFu32.to_le_bytes()); // size: in the extra field
        out.extend((name.len() as u16).to_le_bytes());
        out.extend(20u16.to_le_bytes()); // extra field length
        out.extend([0u8; 10]); // comment length, disk, attributes
        out.extend(0u32.to_le_bytes()); // local header offset
        out.extend(name);
        out.extend(1u16.to_le_bytes());
        out.extend(16u16.to_le_bytes());
        out.extend((body.len() as u64).to_le_bytes()); // size first, then compressed
        out.extend((body.len() as u64).to_le_bytes());
        let directory_size = out.len() as u64 - directory_at;
        let record_at = out.len() as u64;
        out.extend(ZIP64_EOCD_SIGNATURE.to_le_bytes());
        out.extend(44u64.to_le_bytes());
        out.extend([45, 0, 45, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        out.extend(1u64.to_le_bytes());
        out.extend(1u64.to_le_bytes());
        out.extend(directory_size.to_le_bytes());
        out.extend(directory_at.to_le_bytes());
        out.extend(ZIP64_LOCATOR_SIGNATURE.to_le_bytes());
        out.extend(0u32.to_le_bytes());
        out.extend(record_at.to_le_bytes());
        out.extend(1u32.to_le_bytes());
        out.extend(EOCD_SIGNATURE.to_le_bytes());
        out.extend([0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF]);
        out.extend([0xFF; 8]);
        out.extend(0u16.to_le_bytes());
        let unpacked = unpack(&out, &Limits::default()).unwrap_or_else(|e| panic!("{}", e.message()));
        assert_eq!(&*unpacked.bytes, body);
        assert_eq!(&*unzip_with_crate(&out, "s.csv"), body, "the zip crate reads it too");

        // A zip64 record carrying extensible data is found by its locator.
        let mut extended = out[..record_at as usize + ZIP64_EOCD_LEN].to_vec();
        extended[record_at as usize + 4..record_at as usize + 12].copy_from_slice(&52u64.to_le_bytes());
        extended.extend_from_slice(&[0xAB; 8]);
        let locator_at = extended.len();
        extended.extend_from_slice(&out[record_at as usize + ZIP64_EOCD_LEN..]);
        assert_eq!(le32(&extended, locator_at), Some(ZIP64_LOCATOR_SIGNATURE));
        let unpacked = unpack(&extended, &Limits::default()).unwrap_or_else(|e| panic!("{}", e.message()));
        assert_eq!(&*unpacked.bytes, body);

        // Without its zip64 records the archive cannot be read.
        let mut cut = out[..record_at as usize].to_vec();
        cut.extend_from_slice(&out[out.len() - EOCD_LEN..]);
        let err = unpack(&cut, &Limits::default()).unwrap_err();
        assert_eq!(
            err.message(),
            "the zip archive is damaged: it says it is a zip64 archive, but its zip64 records are missing"
        );
    }

    #[test]
    fn a_zip_after_other_bytes_is_found_by_its_end_records() {
        // Two archives glued together: offsets in the second count from its
        // own start, so they are shifted by the first's length.
        let first = zip(&[("first.csv", b"a\n1\n")]);
        let second = zip(&[("second.csv", CSV)]);
        let glued = [first.clone(), second].concat();
        let out = unpack(&glued, &Limits::default()).unwrap();
        assert_eq!(out.container.as_deref(), Some("zip: second.csv"));
        assert_eq!(&*out.bytes, CSV);
        let directory = ZipDirectory::find(&glued, glued.len() as u64).unwrap();
        assert_eq!(directory.shift, first.len() as u64);
    }

    #[test]
    fn stored_data_that_differs_from_its_checksum_is_refused() {
        let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
        let mut packed = zip_with(stored, &[("survey.csv", CSV)], None);
        let at = LOCAL_HEADER_LEN + "survey.csv".len() + 5;
        packed[at] ^= 0x20;
        let err = unpack(&packed, &Limits::default()).unwrap_err();
        assert_eq!(
            err.message(),
            "the zip archive is damaged: survey.csv: its data does not match the checksum the archive records"
        );
    }

    #[test]
    fn an_entry_shorter_than_recorded_is_refused() {
        let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
        let mut packed = zip_with(stored, &[("survey.csv", CSV)], None);
        // Raise the size the directory records by one.
        let central = find_all(&packed, CENTRAL_SIGNATURE)[0];
        let size = le32(&packed, central + 24).unwrap() + 1;
        packed[central + 24..central + 28].copy_from_slice(&size.to_le_bytes());
        let err = unpack(&packed, &Limits::default()).unwrap_err();
        assert_eq!(
            err.message(),
            format!(
                "the zip archive is damaged: survey.csv: it unpacked to {} bytes where the archive records {size}",
                CSV.len()
            )
        );
    }

    #[test]
    fn encrypted_split_and_unusual_archives_say_what_to_do() {
        let packed = zip(&[("survey.csv", CSV)]);
        let central = find_all(&packed, CENTRAL_SIGNATURE)[0];

        let mut encrypted = packed.clone();
        encrypted[central + 8] |= 1;
        assert_eq!(
            unpack(&encrypted, &Limits::default()).unwrap_err().message(),
            "the file inside the zip archive (survey.csv) is encrypted; unpack it with its password first"
        );

        let mut bzip2 = packed.clone();
        bzip2[central + 10] = 12;
        assert_eq!(
            unpack(&bzip2, &Limits::default()).unwrap_err().message(),
            "the file inside the zip archive (survey.csv) uses a compression method this reader does not support (method 12: bzip2); unpack it first, or zip it again with the usual Deflate method"
        );

        let mut split = packed.clone();
        let end = find_all(&packed, EOCD_SIGNATURE)[0];
        split[end + 4] = 1;
        assert_eq!(
            unpack(&split, &Limits::default()).unwrap_err().message(),
            "the zip archive is one part of a split (multi-part) archive; join the parts or unpack them first"
        );

        let mut garbled = packed.clone();
        garbled[central] = b'X';
        assert_eq!(
            unpack(&garbled, &Limits::default()).unwrap_err().message(),
            "the zip archive is damaged: its directory is garbled at entry 1"
        );

        let two = zip(&[("notes.txt", b"x"), ("survey.csv", CSV)]);
        let mut moved = two.clone();
        let second = find_all(&two, CENTRAL_SIGNATURE)[1];
        let local = le32(&two, second + 42).unwrap() as usize;
        moved[local] = b'X';
        assert_eq!(
            unpack(&moved, &Limits::default()).unwrap_err().message(),
            "the zip archive is damaged: survey.csv: its data is not where the directory says"
        );
    }

    #[test]
    fn many_files_without_a_csv_are_listed_up_to_twenty() {
        let names: Vec<String> = (0..25).map(|i| format!("f{i}.png")).collect();
        let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"x"[..])).collect();
        let err = unpack(&zip(&entries), &Limits::default()).unwrap_err();
        let listed: Vec<&str> = names.iter().take(20).map(String::as_str).collect();
        assert_eq!(
            err.message(),
            format!(
                "the zip archive holds no CSV file; it holds: {} and 5 more",
                listed.join(", ")
            )
        );
    }

    proptest::proptest! {
        /// Any damage to an archive gives its bytes or a message, never a panic.
        #[test]
        fn damaged_zips_never_panic(
            flips in proptest::collection::vec((0usize..4096, 0u8..=255), 1..8),
            cut in 0usize..4096,
        ) {
            let mut packed = zip(&[("a.csv", &CSV.repeat(20)), ("b.txt", b"notes")]);
            for (at, value) in flips {
                let n = packed.len();
                packed[at % n] = value;
            }
            packed.truncate(packed.len() - cut % packed.len());
            let _ = unpack(&packed, &mib(1));
        }
    }

    #[test]
    fn sizes_read_plainly() {
        assert_eq!(format_size(1 << 30), "1024 MiB");
        assert_eq!(format_size(3 << 19), "1.5 MiB");
        assert_eq!(format_size(512 << 10), "512 KiB");
        assert_eq!(format_size(100), "100 bytes");
    }
}
