//! Streaming text decoders for the encodings survey exports come in: UTF-8,
//! UTF-16 (LE/BE, Excel's "Unicode text") and Windows-1252 (old Excel and
//! Latin-1 files).
//!
//! Written by hand rather than with `encoding_rs`: that crate links the
//! tables of every legacy encoding (Big5, GBK, Shift_JIS, ...) into the
//! WebAssembly module, about 200 KB, more than the page's whole size budget,
//! while these three need the standard library and a 32-entry table.

/// Which encoding, and the bytes of a character cut at a chunk's end.
#[derive(Clone, Debug)]
pub enum Decoder {
    Utf8 {
        carry: Vec<u8>,
    },
    Utf16 {
        big_endian: bool,
        carry: Vec<u8>,
        high: Option<u16>,
    },
    Windows1252,
}

/// Windows-1252 bytes 0x80..=0x9F; the rest of the range is Latin-1.
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}', '\u{02C6}',
    '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{8D}', '\u{017D}', '\u{8F}', '\u{90}', '\u{2018}', '\u{2019}',
    '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}', '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}',
    '\u{0153}', '\u{9D}', '\u{017E}', '\u{0178}',
];

/// The encoding a byte-order mark announces, and the mark's length.
pub fn for_bom(bytes: &[u8]) -> Option<(Decoder, usize, &'static str)> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        Some((Decoder::utf8(), 3, "UTF-8 with BOM"))
    } else if bytes.starts_with(b"\xFF\xFE") {
        Some((
            Decoder::Utf16 {
                big_endian: false,
                carry: Vec::new(),
                high: None,
            },
            2,
            "UTF-16LE",
        ))
    } else if bytes.starts_with(b"\xFE\xFF") {
        Some((
            Decoder::Utf16 {
                big_endian: true,
                carry: Vec::new(),
                high: None,
            },
            2,
            "UTF-16BE",
        ))
    } else {
        None
    }
}

impl Decoder {
    pub fn utf8() -> Decoder {
        Decoder::Utf8 { carry: Vec::new() }
    }

    pub fn utf16(big_endian: bool) -> Decoder {
        Decoder::Utf16 {
            big_endian,
            carry: Vec::new(),
            high: None,
        }
    }

    /// Appends the text of `chunk` to `out`; `last` ends the input. Returns
    /// whether anything could not be decoded (it becomes U+FFFD).
    pub fn decode(&mut self, chunk: &[u8], last: bool, out: &mut String) -> bool {
        match self {
            Decoder::Windows1252 => {
                out.reserve(chunk.len());
                out.extend(chunk.iter().map(|&b| match b {
                    0x80..=0x9F => CP1252_HIGH[(b - 0x80) as usize],
                    _ => b as char,
                }));
                false
            }
            Decoder::Utf8 { carry } => {
                let joined;
                let mut bytes: &[u8] = if carry.is_empty() {
                    chunk
                } else {
                    carry.extend_from_slice(chunk);
                    joined = std::mem::take(carry);
                    &joined
                };
                let mut bad = false;
                loop {
                    match std::str::from_utf8(bytes) {
                        Ok(s) => {
                            out.push_str(s);
                            break;
                        }
                        Err(e) => {
                            let (good, rest) = bytes.split_at(e.valid_up_to());
                            out.push_str(std::str::from_utf8(good).unwrap_or_default());
                            match e.error_len() {
                                Some(n) => {
                                    out.push('\u{FFFD}');
                                    bad = true;
                                    bytes = &rest[n..];
                                }
                                // A character cut at the chunk's end: keep it for the next one.
                                None if !last => {
                                    carry.extend_from_slice(rest);
                                    break;
                                }
                                None => {
                                    out.push('\u{FFFD}');
                                    bad = true;
                                    break;
                                }
                            }
                        }
                    }
                }
                bad
            }
            Decoder::Utf16 {
                big_endian,
                carry,
                high,
            } => {
                carry.extend_from_slice(chunk);
                let pairs = carry.len() / 2;
                let mut bad = false;
                for i in 0..pairs {
                    let (a, b) = (carry[2 * i], carry[2 * i + 1]);
                    let unit = if *big_endian {
                        u16::from_be_bytes([a, b])
                    } else {
                        u16::from_le_bytes([a, b])
                    };
                    match (high.take(), unit) {
                        (None, 0xD800..=0xDBFF) => *high = Some(unit),
                        (Some(h), 0xDC00..=0xDFFF) => {
                            let c = 0x10000 + (((h as u32) - 0xD800) << 10) + (unit as u32 - 0xDC00);
                            out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
                        }
                        (h, u) => {
                            if h.is_some() {
                                out.push('\u{FFFD}');
                                bad = true;
                            }
                            if (0xD800..=0xDBFF).contains(&u) {
                                *high = Some(u);
                            } else {
                                match char::from_u32(u as u32) {
                                    Some(c) => out.push(c),
                                    None => {
                                        out.push('\u{FFFD}');
                                        bad = true;
                                    }
                                }
                            }
                        }
                    }
                }
                carry.drain(..pairs * 2);
                if last && (!carry.is_empty() || high.is_some()) {
                    out.push('\u{FFFD}');
                    carry.clear();
                    *high = None;
                    bad = true;
                }
                bad
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes `bytes` in chunks of `size`.
    fn chunked(mut d: Decoder, bytes: &[u8], size: usize) -> (String, bool) {
        let mut out = String::new();
        let mut bad = false;
        let chunks: Vec<&[u8]> = bytes.chunks(size.max(1)).collect();
        for (i, c) in chunks.iter().enumerate() {
            bad |= d.decode(c, i + 1 == chunks.len(), &mut out);
        }
        if chunks.is_empty() {
            bad |= d.decode(&[], true, &mut out);
        }
        (out, bad)
    }

    #[test]
    fn utf8_across_chunk_boundaries() {
        let text = "Espa\u{f1}a, \u{1F600} K\u{f6}ln, \u{65e5}\u{672c}";
        for size in 1..8 {
            assert_eq!(
                chunked(Decoder::utf8(), text.as_bytes(), size),
                (text.to_string(), false),
                "chunks of {size}"
            );
        }
    }

    #[test]
    fn invalid_utf8_is_replaced_and_reported() {
        let (out, bad) = chunked(Decoder::utf8(), b"ab\xFFcd\xE2\x82", 2);
        assert_eq!((out.as_str(), bad), ("ab\u{FFFD}cd\u{FFFD}", true));
    }

    #[test]
    fn utf16_both_byte_orders_with_surrogates() {
        let text = "Caf\u{e9} \u{1F600};x";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for size in 1..6 {
            let d = || Decoder::Utf16 {
                big_endian: false,
                carry: vec![],
                high: None,
            };
            assert_eq!(chunked(d(), &le, size), (text.to_string(), false));
            let d = Decoder::Utf16 {
                big_endian: true,
                carry: vec![],
                high: None,
            };
            assert_eq!(chunked(d, &be, size), (text.to_string(), false));
        }
        // A lone high surrogate and an odd last byte are reported.
        let (out, bad) = chunked(
            Decoder::Utf16 {
                big_endian: false,
                carry: vec![],
                high: None,
            },
            &[0x3D, 0xD8, 0x41, 0x00, 0x42],
            2,
        );
        assert_eq!((out.as_str(), bad), ("\u{FFFD}A\u{FFFD}", true));
    }

    #[test]
    fn windows_1252_maps_the_c1_range() {
        let (out, bad) = chunked(Decoder::Windows1252, b"\x80 \x93quoted\x94 Espa\xF1a \xFF", 3);
        assert_eq!(
            (out.as_str(), bad),
            ("\u{20AC} \u{201C}quoted\u{201D} Espa\u{f1}a \u{ff}", false)
        );
    }

    #[test]
    fn boms_are_recognised() {
        assert_eq!(
            for_bom(b"\xEF\xBB\xBFa").map(|(_, n, name)| (n, name)),
            Some((3, "UTF-8 with BOM"))
        );
        assert_eq!(
            for_bom(b"\xFF\xFEa\0").map(|(_, n, name)| (n, name)),
            Some((2, "UTF-16LE"))
        );
        assert_eq!(
            for_bom(b"\xFE\xFF\0a").map(|(_, n, name)| (n, name)),
            Some((2, "UTF-16BE"))
        );
        assert!(for_bom(b"abc").is_none());
    }
}
