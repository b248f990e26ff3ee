//! What the first megabyte of a file says about all of it: whether it is
//! text at all, its encoding (a byte-order mark, UTF-16 without one, UTF-8,
//! or Windows-1252), and its delimiter.

use crate::base::error::{Error, ErrorKind, Result};
use crate::read::container::{self, Archive};
use crate::read::decode::{self, Decoder};
use crate::read::rows::Notice;

/// Bytes looked at before deciding the encoding and the delimiter.
pub const SNIFF_BYTES: usize = 1 << 20;

/// How the file is to be read, as its first bytes say.
pub struct Sniffed {
    pub decoder: Decoder,
    /// Bytes of a byte-order mark to skip before the text.
    pub bom_len: usize,
    /// The encoding as the report names it: "UTF-8", "UTF-16LE (no BOM)", ...
    pub encoding: String,
    pub delimiter: u8,
    /// What the person should know about the reading, shown beside the report.
    pub notices: Vec<Notice>,
}

/// Decides the encoding and delimiter from `head`, the first bytes (the
/// whole file when `whole`). Fails when the file is empty or not text.
pub fn sniff(head: &[u8], whole: bool) -> Result<Sniffed> {
    if head.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::new(
            ErrorKind::Empty,
            "the file is empty; choose the CSV export of the survey responses",
        ));
    }
    let mut notices = Vec::new();
    let (decoder, bom_len, encoding) = match decode::for_bom(head) {
        Some((d, n, name)) => (d, n, name.to_string()),
        None if utf16_without_bom(head).is_some() => {
            let big_endian = utf16_without_bom(head) == Some(true);
            let name = if big_endian { "UTF-16BE" } else { "UTF-16LE" };
            notices.push(note(format!(
                "the file has no byte-order mark, but every other byte is 0 as in {name} text; it was read as {name}. If the text looks wrong, re-export it as \"CSV UTF-8\""
            )));
            (Decoder::utf16(big_endian), 0, format!("{name} (no BOM)"))
        }
        None => {
            if let Some(e) = not_text(head) {
                return Err(e);
            }
            // Valid UTF-8 so far (a sequence cut at the end of the sniffed
            // bytes is fine): UTF-8. UTF-8 text with a few bad bytes is
            // still UTF-8 (the rows holding them are set aside);
            // otherwise Windows-1252.
            match std::str::from_utf8(head) {
                Err(e) if (e.error_len().is_some() || whole) && mostly_utf8(head) => {
                    notices.push(note(format!(
                        "the file is UTF-8 but has bytes that are not valid UTF-8 (the first at byte offset {}); the rows holding them were set aside as undecodable",
                        e.valid_up_to()
                    )));
                    (Decoder::utf8(), 0, "UTF-8".to_string())
                }
                Err(e) if e.error_len().is_some() || whole => {
                    notices.push(note(format!(
                        "the file is not valid UTF-8 (first bad byte at offset {}); it was read as Windows-1252 (Latin-1). If accents look wrong, re-export it as \"CSV UTF-8\"",
                        e.valid_up_to()
                    )));
                    (Decoder::Windows1252, 0, "windows-1252".to_string())
                }
                _ => (Decoder::utf8(), 0, "UTF-8".to_string()),
            }
        }
    };
    // Sniff the delimiter on the decoded head.
    let mut text = String::new();
    decoder.clone().decode(
        &head[bom_len..head.len().min(SNIFF_BYTES).max(bom_len)],
        false,
        &mut text,
    );
    Ok(Sniffed {
        decoder,
        bom_len,
        encoding,
        delimiter: sniff_delimiter(&text),
        notices,
    })
}

/// A notice about the whole file (no row, no column).
fn note(message: String) -> Notice {
    Notice {
        row: None,
        column: None,
        message,
    }
}

/// The delimiter as the report names it: ",", ";", "tab" or "|".
pub fn delimiter_name(d: u8) -> &'static str {
    match d {
        b';' => ";",
        b'\t' => "tab",
        b'|' => "|",
        _ => ",",
    }
}

/// Recognises files that are not text at all, and says what they look like.
fn not_text(bytes: &[u8]) -> Option<Error> {
    let refused = |what: &str| {
        Some(Error::new(
            ErrorKind::NotText,
            format!("the file is not a CSV: it is {what}"),
        ))
    };
    // Only an archive inside an archive gets this far: the reader unpacks
    // the file it is given (or refuses it, in the page, which unpacks first).
    match container::archive_kind(bytes) {
        Some(Archive::Zip) if container::is_empty_zip(bytes) => {
            return refused("an empty zip archive; choose the CSV export of the survey responses")
        }
        Some(Archive::Zip) => {
            return refused(
                "a zip archive (or an .xlsx workbook); save the sheet as CSV, or unzip it and choose the CSV inside",
            )
        }
        Some(Archive::Gzip) => return refused("a gzip archive; decompress it and choose the CSV inside"),
        None => {}
    }
    let magic: &[(&[u8], &str)] = &[
        (b"\x89PNG", "a PNG image"),
        (b"%PDF", "a PDF document"),
        (b"\xD0\xCF\x11\xE0", "an old Excel/Office document; save it as CSV"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
    ];
    if let Some((_, what)) = magic.iter().find(|(m, _)| bytes.starts_with(m)) {
        return refused(what);
    }
    // Text with stray NULs is read (the rows holding one are set aside);
    // binary formats have NULs in more than one byte in ten.
    let head = &bytes[..bytes.len().min(8192)];
    let nuls = memchr::memchr_iter(0, head).count();
    if nuls > 0 && nuls * 10 > head.len() {
        let pos = memchr::memchr(0, head).unwrap_or(0);
        return Some(
            Error::new(
                ErrorKind::NotText,
                format!(
                    "the file is not text: it has a NUL byte at offset {pos} ({nuls} NUL bytes in its first {} bytes); if it is a spreadsheet, save it as CSV (UTF-8)",
                    head.len()
                ),
            )
            .at_byte(pos as u64),
        );
    }
    None
}

/// UTF-16 without a byte-order mark: in most pairs of bytes (ASCII text,
/// delimiters and line breaks), one is 0 and the other not. Some(true) for
/// big-endian.
fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    let head = &bytes[..bytes.len().min(8192)];
    let pairs = head.len() / 2;
    if pairs < 2 {
        return None;
    }
    let le = head.chunks_exact(2).filter(|p| p[0] != 0 && p[1] == 0).count();
    let be = head.chunks_exact(2).filter(|p| p[0] == 0 && p[1] != 0).count();
    if le * 4 >= pairs * 3 {
        Some(false)
    } else if be * 4 >= pairs * 3 {
        Some(true)
    } else {
        None
    }
}

/// Whether bytes that are not all valid UTF-8 are still UTF-8 text with a few
/// bad bytes: more valid non-ASCII characters than invalid sequences.
/// Windows-1252 text almost never forms a valid multi-byte sequence by chance.
fn mostly_utf8(bytes: &[u8]) -> bool {
    // Lead bytes of multi-byte characters in valid UTF-8.
    let leads = |valid: &[u8]| valid.iter().filter(|&&b| b >= 0xC0).count();
    let (mut good, mut bad) = (0, 0);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(_) => return good + leads(rest) > bad,
            Err(e) => {
                good += leads(&rest[..e.valid_up_to()]);
                match e.error_len() {
                    Some(n) => {
                        bad += 1;
                        rest = &rest[e.valid_up_to() + n..];
                    }
                    None => return good > bad,
                }
            }
        }
    }
}

/// Picks the delimiter that splits the first lines most consistently.
fn sniff_delimiter(text: &str) -> u8 {
    const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
    // Lines end at LF, CR LF or a lone CR.
    let lines: Vec<&str> = text
        .split(['\n', '\r'])
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    let mut best = (b',', 0usize, 0usize); // (delimiter, lines agreeing, count per line)
    for &d in &CANDIDATES {
        let counts: Vec<usize> = lines.iter().map(|l| count_outside_quotes(l, d)).collect();
        let Some(&first) = counts.first() else { continue };
        if first == 0 {
            continue;
        }
        let agreeing = counts.iter().filter(|&&c| c == first).count();
        if (agreeing, first) > (best.1, best.2) {
            best = (d, agreeing, first);
        }
    }
    best.0
}

/// Counts `d` outside double quotes on one line (quotes spanning lines are
/// rare in header rows, which is what decides the delimiter).
fn count_outside_quotes(line: &str, d: u8) -> usize {
    let mut in_quotes = false;
    let mut n = 0;
    for &b in line.as_bytes() {
        if b == b'"' {
            in_quotes = !in_quotes;
        } else if b == d && !in_quotes {
            n += 1;
        }
    }
    n
}
