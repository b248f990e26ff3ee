//! The checks on bytes as an archive unpacks, the same natively and in the
//! page: the size limit as the bytes come, so a zip or gzip bomb fails as
//! soon as it passes it, and a zip entry's recorded size and CRC-32 at the end.

use crate::base::error::{Error, ErrorKind};
use crate::read::container::zip::{zip_damaged, ZipEntry};

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
pub(super) static CRC32: crc::Crc<u32, crc::Table<1>> = crc::Crc::<u32, crc::Table<1>>::new(&crc::CRC_32_ISO_HDLC);

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

/// "1024 MiB", "512 KiB", "1.5 MiB", "100 bytes".
pub(super) fn format_size(bytes: u64) -> String {
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
