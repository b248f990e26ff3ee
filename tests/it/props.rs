//! Property tests over generated CSVs (proptest): whatever the quoting,
//! delimiter, line endings, ragged or empty rows, invalid UTF-8 or NUL bytes,
//! and however the bytes are cut into chunks, reading never panics, gives a
//! report or an error with a message, accounts for every row read, and
//! gives the same result pushed in chunks as read whole. `fuzz/` drives the
//! same path with arbitrary bytes.

use proptest::prelude::*;
use survey_report::{Feeder, Report, Session};

/// One field: plain words, empty, quoted (with delimiters, quotes and line
/// breaks inside), or raw bytes that may not be text at all.
fn field() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => "[A-Za-z0-9 ]{1,12}".prop_map(String::into_bytes),
        1 => Just(Vec::new()),
        1 => Just(b"  ".to_vec()),
        2 => "[A-Za-z ,;\t\"\r\n]{0,12}".prop_map(|s| {
            let mut q = b"\"".to_vec();
            q.extend(s.replace('"', "\"\"").into_bytes());
            q.push(b'"');
            q
        }),
        1 => prop::sample::select(vec!["Data scientist", "Finland", "Espa\u{f1}a", "Yes", "1-5", "Agree"])
            .prop_map(|s| s.as_bytes().to_vec()),
        1 => prop::collection::vec(any::<u8>(), 0..8),
        1 => prop::sample::select(vec![&b"\xff"[..], b"\x00", b"\xe2\x82", b"\xc3\xa9", b"\"", b"\xef\xbb\xbf"])
            .prop_map(|b| b.to_vec()),
    ]
}

/// A CSV: a header of 1-6 columns, then up to 24 rows, some ragged or
/// empty, each ended by LF, CRLF or CR, the last maybe not ended at all.
fn csv() -> impl Strategy<Value = Vec<u8>> {
    (1usize..7, prop::sample::select(vec![b',', b';', b'\t']))
        .prop_flat_map(|(width, delimiter)| {
            let row = prop::collection::vec(field(), 0..width + 3);
            let ending = prop::sample::select(vec![&b"\n"[..], b"\r\n", b"\r"]);
            (
                prop::collection::vec("[A-Za-z?]{1,10}", width),
                prop::collection::vec((row, ending), 0..24),
                Just(delimiter),
                any::<bool>(),
            )
        })
        .prop_map(|(header, rows, delimiter, end_last)| {
            let mut out = header.join(&(delimiter as char).to_string()).into_bytes();
            out.extend_from_slice(b"\n");
            let n = rows.len();
            for (i, (fields, ending)) in rows.into_iter().enumerate() {
                out.extend(fields.join(&delimiter));
                if i + 1 < n || end_last {
                    out.extend_from_slice(ending);
                }
            }
            out
        })
}

/// What reading gives, comparable: the report as JSON, or the error.
fn outcome(result: survey_report::Result<Report>) -> Result<serde_json::Value, String> {
    match result {
        Ok(report) => {
            let rows = &report.rows;
            assert_eq!(rows.read, rows.used + rows.set_aside_total(), "{rows:?}");
            Ok(serde_json::to_value(&report).expect("a report serialises"))
        }
        Err(e) => {
            assert!(!e.message().is_empty(), "an error without a message");
            Err(e.message().to_string())
        }
    }
}

/// Pushed in chunks of the given sizes (cycled), as a browser streams.
fn chunked(bytes: &[u8], sizes: &[usize]) -> survey_report::Result<Report> {
    let mut feeder = Feeder::new();
    feeder.set_size_hint(bytes.len() as u64);
    let mut rest = bytes;
    for &size in sizes.iter().cycle() {
        if rest.is_empty() {
            break;
        }
        let (chunk, tail) = rest.split_at(size.clamp(1, rest.len()));
        feeder.push(chunk)?;
        rest = tail;
    }
    Ok(Session::from_feeder(feeder)?.report())
}

proptest! {
    // 500 cases each: about 10 s in the dev profile on a 2-core machine.
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn generated_csvs_are_read_whole_or_in_chunks_alike(
        bytes in csv(),
        sizes in prop::collection::vec(1usize..40, 1..6),
    ) {
        let whole = outcome(Session::open_best(&bytes).map(|s| s.report()));
        let pieces = outcome(chunked(&bytes, &sizes));
        prop_assert_eq!(whole, pieces);
    }

    #[test]
    fn arbitrary_bytes_give_a_report_or_a_message(
        bytes in prop::collection::vec(any::<u8>(), 0..400),
        sizes in prop::collection::vec(1usize..40, 1..6),
    ) {
        let whole = outcome(Session::open_best(&bytes).map(|s| s.report()));
        let pieces = outcome(chunked(&bytes, &sizes));
        prop_assert_eq!(whole, pieces);
    }
}

/// A chunk that holds only the first bytes of a multi-byte character
/// decodes to no text; that must not read as the end of the file (the
/// parser takes empty input as the end). Byte by byte, and in pieces of 2
/// and 3 around each accented letter, the file reads as it does whole.
#[test]
fn a_chunk_that_decodes_to_nothing_is_not_the_end_of_the_file() {
    let mut csv = String::from("Name,Où travaillez-vous ?,Rôle\n");
    for i in 0..40 {
        csv.push_str(&format!("résumé {i},Zürich — ☃ {},Ingénieur\n", i % 3));
    }
    let bytes = csv.as_bytes();
    let whole = outcome(chunked(bytes, &[bytes.len()]));
    for sizes in [&[1usize][..], &[2], &[3], &[1, 2, 3, 5]] {
        let pieces = outcome(chunked(bytes, sizes));
        assert_eq!(pieces, whole, "chunks of {sizes:?}");
    }
    let report = chunked(bytes, &[1]).expect("reads");
    assert_eq!(report.respondents, 40);
}
