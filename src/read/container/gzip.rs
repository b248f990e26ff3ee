//! A gzip file's members, read one after the other (natively; in the page
//! the browser's `DecompressionStream` inflates).

use std::io::Read;

use crate::read::container::magic::{archive_kind, Archive};

/// Reads every member of a gzip file, one after the other, as the gzip tool
/// does; trailing zero bytes (padding some tools add) end the stream, any
/// other trailing bytes are an error.
pub(super) struct GzipMembers<'a> {
    current: Option<flate2::bufread::GzDecoder<&'a [u8]>>,
    /// Bytes left when the current member began: each member must consume
    /// some, so a decoder that ends without progress cannot loop forever.
    member_start: usize,
}

impl<'a> GzipMembers<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> GzipMembers<'a> {
        GzipMembers {
            current: Some(flate2::bufread::GzDecoder::new(bytes)),
            member_start: bytes.len(),
        }
    }
}

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
            } else if archive_kind(rest) == Some(Archive::Gzip) && rest.len() < self.member_start {
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
