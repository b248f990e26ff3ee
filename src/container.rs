//! Compressed inputs: a zip archive or gzip stream holding the CSV, unpacked within limits.
//!
//! Survey exports often arrive compressed: Kaggle ships a `.zip` holding one
//! CSV (beside other files and folders), and some sites serve `.csv.gz`.
//! [`unpack`] recognises both by their magic bytes and hands back the CSV
//! bytes; anything else passes through untouched and unallocated.
//!
//! Decompression is bounded: [`unpack_to`] hands the output on in 1 MiB
//! pieces and counts it, so a zip or gzip bomb fails as soon as it passes the
//! limit, holding one piece, and nothing is ever allocated from the sizes an
//! archive header claims.

#[cfg(test)]
use std::borrow::Cow;
use std::io::{Cursor, Read};

use crate::error::{Error, ErrorKind};
use crate::limits::MAX_INPUT_BYTES;

/// How much a compressed input may unpack to.
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
pub fn unpack_to(
    bytes: &[u8],
    limits: &Limits,
    sink: &mut dyn FnMut(&[u8]) -> Result<(), Error>,
) -> Result<Option<String>, Error> {
    if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(ZIP_EMPTY_MAGIC) {
        unpack_zip(bytes, limits, sink).map(Some)
    } else if bytes.starts_with(GZIP_MAGIC) {
        copy_bounded(
            GzipMembers::new(bytes),
            limits.max_decompressed,
            "the gzip file",
            sink,
            |e| damaged("the gzip file is damaged", &e),
        )?;
        Ok(Some("gzip".to_string()))
    } else {
        Ok(None)
    }
}

/// The most [`unpack_to`] hands over at once.
pub const PIECE: usize = 1 << 20;

/// Reads every member of a gzip file, one after the other, as the gzip tool
/// does; trailing zero bytes (padding some tools add) end the stream, any
/// other trailing bytes are an error.
struct GzipMembers<'a> {
    current: Option<flate2::bufread::GzDecoder<&'a [u8]>>,
    /// Bytes left when the current member began: each member must consume
    /// some, so a decoder that ends without progress cannot loop forever.
    member_start: usize,
}

impl<'a> GzipMembers<'a> {
    fn new(bytes: &'a [u8]) -> GzipMembers<'a> {
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

/// One file entry of a zip archive, as its central directory describes it.
struct Entry {
    index: usize,
    name: String,
    /// The uncompressed size the archive claims: used only to choose.
    claimed_size: u64,
}

fn unpack_zip(
    bytes: &[u8],
    limits: &Limits,
    sink: &mut dyn FnMut(&[u8]) -> Result<(), Error>,
) -> Result<String, Error> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| zip_error(None, &e))?;

    let mut files = Vec::new();
    for index in 0..archive.len() {
        // Raw access reads the header only; nothing is decompressed.
        let file = archive.by_index_raw(index).map_err(|e| zip_error(None, &e))?;
        if file.is_dir() || is_macos_metadata(file.name()) {
            continue;
        }
        files.push(Entry {
            index,
            name: file.name().to_string(),
            claimed_size: file.size(),
        });
    }

    // The largest CSV-like file; on a tie the first in the archive.
    let mut chosen: Option<&Entry> = None;
    for entry in files.iter().filter(|e| is_table_name(&e.name)) {
        if chosen.is_none_or(|c| entry.claimed_size > c.claimed_size) {
            chosen = Some(entry);
        }
    }
    let Some(chosen) = chosen else {
        return Err(no_csv_error(&files));
    };

    let place = format!("the file inside the zip archive ({})", chosen.name);
    let file = archive
        .by_index(chosen.index)
        .map_err(|e| zip_error(Some(&chosen.name), &e))?;
    copy_bounded(file, limits.max_decompressed, &place, sink, |e| {
        damaged(&format!("the zip archive is damaged: {}", chosen.name), &e)
    })?;
    Ok(format!("zip: {}", chosen.name))
}

/// Reads everything from `reader` into `sink`, piece by piece, failing as
/// soon as more than `limit` bytes come out. Nothing is allocated from what
/// a header claims; one piece is held at a time.
fn copy_bounded<R: Read>(
    mut reader: R,
    limit: u64,
    what: &str,
    sink: &mut dyn FnMut(&[u8]) -> Result<(), Error>,
    on_error: impl FnOnce(std::io::Error) -> Error,
) -> Result<(), Error> {
    let mut buf = vec![0u8; PIECE];
    let mut total: u64 = 0;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(on_error(e)),
        };
        total += n as u64;
        if total > limit {
            let limit = format_size(limit);
            return Err(Error::new(
                ErrorKind::NotText,
                format!("{what} unpacks to more than {limit}; the limit is {limit}"),
            ));
        }
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

fn no_csv_error(files: &[Entry]) -> Error {
    if files.is_empty() {
        return Error::new(
            ErrorKind::NotText,
            "the zip archive holds no CSV file; it holds no files at all",
        );
    }
    let names: Vec<&str> = files.iter().take(MAX_LISTED_NAMES).map(|e| e.name.as_str()).collect();
    let more = files.len().saturating_sub(MAX_LISTED_NAMES);
    let mut listed = names.join(", ");
    if more > 0 {
        listed.push_str(&format!(" and {more} more"));
    }
    Error::new(
        ErrorKind::NotText,
        format!("the zip archive holds no CSV file; it holds: {listed}"),
    )
}

/// `entry` names the file inside the archive the error concerns, if any.
fn zip_error(entry: Option<&str>, e: &zip::result::ZipError) -> Error {
    use zip::result::ZipError;
    let place = match entry {
        Some(name) => format!("the file inside the zip archive ({name})"),
        None => "the zip archive".to_string(),
    };
    let message = match e {
        ZipError::UnsupportedArchive(detail) => {
            let detail = lower_first(detail);
            if detail.contains("password") || detail.contains("encrypt") {
                format!("{place} is encrypted; unpack it with its password first")
            } else {
                format!(
                    "{place} uses a zip feature this reader does not support ({detail}); \
                     unpack it first"
                )
            }
        }
        ZipError::InvalidPassword => {
            format!("{place} is encrypted; unpack it with its password first")
        }
        other => {
            let detail = match other {
                ZipError::InvalidArchive(d) if d.contains("EOCD") || d.contains("CDEBlock") => {
                    "its end is missing (was the file cut short?)".to_string()
                }
                ZipError::InvalidArchive(d) => lower_first(d),
                other => lower_first(&other.to_string()),
            };
            match entry {
                Some(name) => format!("the zip archive is damaged: {name}: {detail}"),
                None => format!("the zip archive is damaged: {detail}"),
            }
        }
    };
    Error::new(ErrorKind::NotText, message)
}

fn damaged(prefix: &str, e: &std::io::Error) -> Error {
    Error::new(ErrorKind::NotText, format!("{prefix}: {}", lower_first(&e.to_string())))
}

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
    use std::io::Write;
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

    #[test]
    fn sizes_read_plainly() {
        assert_eq!(format_size(1 << 30), "1024 MiB");
        assert_eq!(format_size(3 << 19), "1.5 MiB");
        assert_eq!(format_size(512 << 10), "512 KiB");
        assert_eq!(format_size(100), "100 bytes");
    }
}
