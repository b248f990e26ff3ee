//! The zip records this reader needs, read by hand (PKWARE APPNOTE 6.3,
//! sections 4.3.7, 4.3.12, 4.3.14-16): where the central directory lies,
//! which entry to read, where its data starts and how it is compressed.
//!
//! Why by hand: in the browser the worker reads a zip by slices of the
//! `File` (never holding it whole) and the platform's `DecompressionStream`
//! inflates, so the page needs only these few records; the `zip` crate wants
//! the whole archive as `Read + Seek`, brings its own inflater, and cost
//! 36 KB gzip of the page's 150 KB budget (measured 2026-11-27). Natively
//! the same records pick the entry and flate2 inflates (`unpack`). The `zip`
//! crate still writes the test archives and checks this reader in tests.
//!
//! Nothing here allocates from a size an archive claims.

use crate::base::error::{Error, ErrorKind};

pub(super) const EOCD_SIGNATURE: u32 = 0x0605_4b50;
pub(super) const EOCD_LEN: usize = 22;
pub(super) const ZIP64_LOCATOR_SIGNATURE: u32 = 0x0706_4b50;
const ZIP64_LOCATOR_LEN: usize = 20;
pub(super) const ZIP64_EOCD_SIGNATURE: u32 = 0x0606_4b50;
pub(super) const ZIP64_EOCD_LEN: usize = 56;
pub(super) const CENTRAL_SIGNATURE: u32 = 0x0201_4b50;
const CENTRAL_LEN: usize = 46;
pub(super) const LOCAL_SIGNATURE: u32 = 0x0403_4b50;
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

pub(super) fn le32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn le64(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

pub(super) fn zip_damaged(detail: &str) -> Error {
    Error::new(ErrorKind::NotText, format!("the zip archive is damaged: {detail}"))
}

/// At most this many entry names are listed in the "no CSV" error.
const MAX_LISTED_NAMES: usize = 20;

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

    pub(super) fn cut_short() -> Error {
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

    pub(super) fn place(&self) -> String {
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
