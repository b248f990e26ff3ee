//! The container's tests: archives written by the `zip` crate and flate2
//! (and some by hand), unpacked by this reader.

use std::borrow::Cow;
use std::io::{Cursor, Read, Write};

use ::zip::write::SimpleFileOptions;
use ::zip::{CompressionMethod, ZipWriter};

use super::check::{format_size, CRC32};
use super::zip::LOCAL_HEADER_LEN;
use super::zip::{
    le32, CENTRAL_SIGNATURE, EOCD_LEN, EOCD_SIGNATURE, LOCAL_SIGNATURE, ZIP64_EOCD_LEN, ZIP64_EOCD_SIGNATURE,
    ZIP64_LOCATOR_SIGNATURE,
};
use super::{archive_kind, is_empty_zip, unpack_to, Archive, Limits, ZipDirectory};
use crate::base::error::{Error, ErrorKind};

/// The bytes of the CSV and what they were unpacked from.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Unpacked<'a> {
    /// The CSV bytes: borrowed when the input was not compressed.
    bytes: Cow<'a, [u8]>,
    /// e.g. "zip: kaggle_survey_2020_responses.csv" or "gzip"; `None` when
    /// the input was not compressed.
    container: Option<String>,
}

/// Unpacks the whole CSV at once with [`unpack_to`]; any other bytes are
/// returned as they are, borrowed, with `container` `None`.
fn unpack<'a>(bytes: &'a [u8], limits: &Limits) -> Result<Unpacked<'a>, Error> {
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

#[test]
fn archives_are_told_by_their_first_bytes() {
    let zip = Some(Archive::Zip);
    let gzip = Some(Archive::Gzip);
    let cases: [(&str, &[u8], Option<Archive>); 19] = [
        ("a gzip member", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff", gzip),
        ("the gzip magic alone", b"\x1f\x8b", gzip),
        ("a zip's local file header", b"PK\x03\x04\x14\x00\x00\x00\x08\x00", zip),
        ("the local header's signature alone", b"PK\x03\x04", zip),
        (
            "an empty zip: its end record",
            b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0",
            zip,
        ),
        ("a spanned zip's first part", b"PK\x07\x08PK\x03\x04\x14\x00", zip),
        ("a spanned zip kept in one part", b"PK00PK\x03\x04\x14\x00", zip),
        ("no bytes", b"", None),
        ("one byte of gzip", b"\x1f", None),
        ("one byte of zip", b"P", None),
        ("two bytes of zip", b"PK", None),
        ("three bytes of a local header", b"PK\x03", None),
        ("three bytes of an end record", b"PK\x05", None),
        ("the one-part marker without its local header", b"PK00", None),
        ("a CSV that begins with PK00", b"PK00,PK01\n1,2\n", None),
        ("a central directory header first", b"PK\x01\x02\x14\x00", None),
        ("gzip's bytes the wrong way round", b"\x8b\x1f\x08", None),
        ("a CSV", b"Timestamp,What is your role in your team?\n", None),
        ("a CSV that begins with PK", b"PK,name\n1,a\n", None),
    ];
    for (what, head, kind) in cases {
        assert_eq!(archive_kind(head), kind, "{what}");
    }
    assert!(is_empty_zip(b"PK\x05\x06\0\0"));
    assert!(!is_empty_zip(b"PK\x03\x04"));
}

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
