//! Broken and hostile inputs (`tests/data/bad/`, see its EXPECTED.md, and
//! large ones generated here): each is read, or refused, with a message
//! saying what and where, within bounded time and memory, and every row read
//! is used or set aside.

use std::time::{Duration, Instant};

use survey_report::{
    ErrorKind, Feeder, Report, Session, MAX_CELLS, MAX_COLUMNS, MAX_FIELD_BYTES, MAX_INPUT_BYTES, MAX_ROW_BYTES,
};

/// Reads `bytes` as the page does: pushed in 64 KiB chunks, then the report.
fn read(bytes: &[u8]) -> Result<Report, survey_report::Error> {
    let mut feeder = Feeder::new();
    feeder.set_size_hint(bytes.len() as u64);
    for chunk in bytes.chunks(64 << 10) {
        feeder.push(chunk)?;
    }
    let report = Session::from_feeder(feeder)?.report();
    let rows = &report.rows;
    assert_eq!(rows.read, rows.used + rows.set_aside_total(), "{rows:?}");
    Ok(report)
}

fn file(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/bad/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The error reading `bytes` gives, with its kind.
fn refused(bytes: &[u8]) -> (ErrorKind, String) {
    let e = refusal(bytes);
    (e.kind(), e.message().to_string())
}

/// The error reading `bytes` gives, its place checked against its message.
fn refusal(bytes: &[u8]) -> survey_report::Error {
    match read(bytes) {
        Ok(r) => panic!("read, not refused: {:?} {:?}", r.rows, r.notices),
        Err(e) => placed(e),
    }
}

/// `e`, once its place as data (row, column, byte) is seen to be the place
/// its message names, and no other.
pub fn placed(e: survey_report::Error) -> survey_report::Error {
    let named = place_named(e.message());
    assert_eq!((e.row(), e.column(), e.byte()), named, "the place of {:?}", e.message());
    e
}

/// The place a message names: the numbers after "row ", "column ", and
/// "byte " or "offset " (the first of each followed by a number).
fn place_named(message: &str) -> (Option<u64>, Option<usize>, Option<u64>) {
    let after = |word: &str| -> Option<u64> {
        message.match_indices(word).find_map(|(at, _)| {
            let starts_word = message[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
            let digits: String = message[at + word.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            (starts_word && !digits.is_empty()).then(|| digits.parse().unwrap())
        })
    };
    (
        after("row "),
        after("column ").map(|c| c as usize),
        after("byte ").or_else(|| after("offset ")),
    )
}

#[test]
fn the_place_named_is_read_from_the_message() {
    assert_eq!(
        place_named("row 3, column 2 (\"Role\"): too long"),
        (Some(3), Some(2), None)
    );
    assert_eq!(
        place_named("row 9: the table passes 10 cells (8 rows of 16 columns)"),
        (Some(9), None, None)
    );
    assert_eq!(
        place_named("a NUL byte at offset 8 (40 NUL bytes in its first 48 bytes)"),
        (None, None, Some(8))
    );
    assert_eq!(
        place_named("passed at byte 12; one row, no column"),
        (None, None, Some(12))
    );
    assert_eq!(place_named("the zip archive holds no CSV file"), (None, None, None));
}

/// The set-aside reasons with their counts and first rows.
fn set_aside(r: &Report) -> Vec<(String, u64, Vec<u64>)> {
    r.rows
        .set_aside
        .iter()
        .map(|s| (s.reason.clone(), s.count, s.rows.clone()))
        .collect()
}

fn notices(r: &Report) -> Vec<&str> {
    r.notices.iter().map(|n| n.message.as_str()).collect()
}

fn has_notice(r: &Report, text: &str) -> bool {
    r.notices.iter().any(|n| n.message.contains(text))
}

#[test]
fn empty_file_is_refused() {
    assert_eq!(
        refused(&file("empty.csv")),
        (
            ErrorKind::Empty,
            "the file is empty; choose the CSV export of the survey responses".to_string()
        )
    );
}

#[test]
fn header_only_reports_no_answers() {
    let r = read(&file("header-only.csv")).unwrap();
    assert_eq!((r.rows.read, r.rows.used, r.respondents), (0, 0, 0));
    assert_eq!(r.input.columns, 3);
    assert!(
        has_notice(&r, "the file has a header (1 row(s), 3 columns) but no rows of answers"),
        "{:?}",
        notices(&r)
    );
}

#[test]
fn png_renamed_csv_is_refused_as_an_image() {
    assert_eq!(
        refused(&file("image.png.csv")),
        (
            ErrorKind::NotText,
            "the file is not a CSV: it is a PNG image".to_string()
        )
    );
}

#[test]
fn unterminated_quote_at_the_end_sets_its_row_aside() {
    let r = read(&file("unterminated-quote.csv")).unwrap();
    // Rows 2 and 3 are read; the quote opened in row 3 swallowed the two lines after it.
    assert_eq!((r.rows.read, r.rows.used), (2, 1));
    assert_eq!(
        set_aside(&r),
        [(
            "a quote never closed (the rest of the file in one field)".to_string(),
            1,
            vec![3]
        )]
    );
    let n = r.notices.iter().find(|n| n.row == Some(3)).expect("a notice for row 3");
    assert_eq!(
        n.message,
        "row 3: a quoted field opened on line 3 is never closed, so the rest of the file was read as that one field; the row was set aside. Add the missing closing quote (\") and read the file again"
    );
}

#[test]
fn a_quote_left_open_on_the_last_line_keeps_the_row() {
    let r = read(b"Role,Comments\nData scientist,\"fine\n").unwrap();
    assert_eq!((r.rows.read, r.rows.used), (1, 1));
    assert!(
        has_notice(
            &r,
            "a quoted field opened on line 2 is never closed; the rest of its line was read as that field"
        ),
        "{:?}",
        notices(&r)
    );
}

#[test]
fn nul_bytes_set_their_rows_aside_naming_row_and_column() {
    let r = read(&file("nul-bytes.csv")).unwrap();
    assert_eq!((r.rows.read, r.rows.used), (5, 3));
    assert_eq!(set_aside(&r), [("undecodable (NUL bytes)".to_string(), 2, vec![3, 5])]);
    let n = r.notices.iter().find(|n| n.row == Some(3)).expect("a notice for row 3");
    assert_eq!(n.column.as_deref(), Some("2 (\"What is your role in your team?\")"));
    assert!(
        n.message
            .starts_with("row 3, column 2 (\"What is your role in your team?\"): NUL bytes; the row was set aside"),
        "{}",
        n.message
    );
}

#[test]
fn mostly_nul_is_binary() {
    let mut bytes = b"a,b\n1,2\n".to_vec();
    bytes.extend(std::iter::repeat_n(0u8, 4000));
    let e = refusal(&bytes);
    let (kind, message) = (e.kind(), e.message().to_string());
    assert_eq!(kind, ErrorKind::NotText);
    assert_eq!(
        message,
        "the file is not text: it has a NUL byte at offset 8 (4000 NUL bytes in its first 4008 bytes); if it is a spreadsheet, save it as CSV (UTF-8)"
    );
    assert_eq!((e.row(), e.column(), e.byte()), (None, None, Some(8)));
}

#[test]
fn mixed_line_endings_are_all_line_breaks() {
    let r = read(&file("mixed-line-endings.csv")).unwrap();
    // CRLF, LF and a lone CR each end a row; the blank line is no row.
    assert_eq!((r.rows.read, r.rows.used), (5, 5));
    assert_eq!(r.geography.as_ref().map(|g| g.answered), Some(5));
    assert_eq!(r.countries, 5);
    let role = r.questions.iter().find(|q| q.header.contains("role")).unwrap();
    assert!(
        role.options.iter().all(|o| !o.label.contains('\r')),
        "{:?}",
        role.options
    );
}

#[test]
fn invalid_utf8_in_a_utf8_file_sets_that_row_aside_and_keeps_the_accents() {
    let r = read(&file("invalid-utf8-middle.csv")).unwrap();
    // Still read as UTF-8: the valid accents are not mojibake.
    assert_eq!(r.input.encoding, "UTF-8");
    assert_eq!((r.rows.read, r.rows.used), (5, 4));
    assert_eq!(
        set_aside(&r),
        [(
            "undecodable (bytes not valid in the file's encoding)".to_string(),
            1,
            vec![4]
        )]
    );
    assert!(
        has_notice(
            &r,
            "the file is UTF-8 but has bytes that are not valid UTF-8 (the first at byte offset 160)"
        ),
        "{:?}",
        notices(&r)
    );
    assert!(
        has_notice(&r, "row 4, column 3 (\"In which country do you work?\"): bytes not valid in the file's encoding; the row was set aside"),
        "{:?}",
        notices(&r)
    );
    let geography = r.geography.as_ref().unwrap();
    assert!(
        geography.unrecognised.iter().any(|u| u.label == "Köln"),
        "{geography:?}"
    );
}

#[test]
fn latin1_is_still_read_as_windows_1252() {
    let r = read(b"Role,Country\nData scientist,Espa\xf1a\nManager,K\xf6ln\n").unwrap();
    assert_eq!(r.input.encoding, "windows-1252");
    assert_eq!((r.rows.read, r.rows.used), (2, 2));
}

#[test]
fn utf16_without_bom_is_read_as_utf16() {
    let r = read(&file("utf16le-no-bom.csv")).unwrap();
    assert_eq!(r.input.encoding, "UTF-16LE (no BOM)");
    assert_eq!(r.input.delimiter, "tab");
    assert_eq!((r.rows.read, r.rows.used, r.countries), (3, 3, 3));
    assert!(has_notice(
        &r,
        "the file has no byte-order mark, but every other byte is 0 as in UTF-16LE text; it was read as UTF-16LE"
    ));
    // Big-endian too.
    let text = "Role\tCountry\r\nData scientist\tFinland\r\n";
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    assert_eq!(read(&be).unwrap().input.encoding, "UTF-16BE (no BOM)");
}

/// Bounded time: each generated input is read or refused well within this.
fn within(limit: Duration, started: Instant) {
    assert!(started.elapsed() < limit, "took {:?}", started.elapsed());
}

#[test]
fn a_10_mb_field_sets_its_row_aside_naming_row_and_column() {
    let started = Instant::now();
    let mut bytes = b"Role,Comments,Country\nData scientist,\"".to_vec();
    bytes.extend(std::iter::repeat_n(b'x', 10_000_000));
    bytes.extend_from_slice(b"\",Finland\nManager,short,Spain\n");
    let r = read(&bytes).unwrap();
    assert_eq!((r.rows.read, r.rows.used), (2, 1));
    assert_eq!(
        set_aside(&r),
        [(format!("a field longer than {} MiB", MAX_FIELD_BYTES >> 20), 1, vec![2])]
    );
    let n = r.notices.iter().find(|n| n.row == Some(2)).expect("a notice for row 2");
    assert_eq!(n.column.as_deref(), Some("2 (\"Comments\")"));
    assert_eq!(
        n.message,
        "row 2, column 2 (\"Comments\"): a field longer than 1 MiB, the most that is read; the row was set aside (a quote that never closes could cause this)"
    );
    within(Duration::from_secs(30), started);
}

#[test]
fn a_row_longer_than_the_limit_is_set_aside() {
    // Fields under the field limit, but more than the row limit in all.
    let field = "y".repeat(MAX_FIELD_BYTES / 2);
    let fields = MAX_ROW_BYTES / field.len() + 2;
    let header: Vec<String> = (1..=fields).map(|i| format!("q{i}")).collect();
    let mut csv = header.join(",") + "\n";
    csv += &vec![field.as_str(); fields].join(",");
    csv += "\n";
    csv += &vec!["a"; fields].join(",");
    csv += "\n";
    let r = read(csv.as_bytes()).unwrap();
    assert_eq!((r.rows.read, r.rows.used), (2, 1));
    assert_eq!(set_aside(&r), [("a row longer than 16 MiB".to_string(), 1, vec![2])]);
}

#[test]
fn a_million_columns_fail_fast() {
    let started = Instant::now();
    let header: Vec<String> = (1..=1_000_000).map(|i| format!("c{i}")).collect();
    let mut bytes = header.join(",").into_bytes();
    bytes.extend_from_slice(b"\n1,2,3\n");
    let mut feeder = Feeder::new();
    let mut err = None;
    let mut held = 0;
    for chunk in bytes.chunks(64 << 10) {
        if let Err(e) = feeder.push(chunk) {
            err = Some(e);
            break;
        }
        held = held.max(feeder.held_bytes());
    }
    let err = match err {
        Some(e) => e,
        None => Session::from_feeder(feeder).err().expect("refused"),
    };
    assert_eq!(err.kind(), ErrorKind::TooLarge);
    assert_eq!(
        err.message(),
        format!("row 1 (the header) has more than {MAX_COLUMNS} columns, the most that is read; check the delimiter, and remove the columns you do not need")
    );
    assert_eq!((err.row(), err.column(), err.byte()), (Some(1), None, None));
    placed(err);
    // Nothing per column: the parser's buffers and the bytes not yet parsed.
    assert!(held < 32 << 20, "held {held} bytes");
    within(Duration::from_secs(30), started);
}

#[test]
fn a_data_row_wider_than_the_column_limit_is_ragged() {
    let mut csv = "Role,Country\nData scientist,Finland\n".to_string();
    csv += &vec!["x"; MAX_COLUMNS + 10].join(",");
    csv += "\nManager,Spain\n";
    let r = read(csv.as_bytes()).unwrap();
    assert_eq!((r.rows.read, r.rows.used), (3, 2));
    assert_eq!(
        set_aside(&r),
        [("more fields than the header (ragged)".to_string(), 1, vec![3])]
    );
    assert!(has_notice(
        &r,
        "row 3: more than 16384 fields, header has 2; the row was set aside"
    ));
}

#[test]
fn short_rows_under_a_wide_header_stop_at_the_cell_limit() {
    // 20,000 columns would be refused by the column limit; 16,000 columns
    // of padded one-field rows reach the cell limit after 6,250 rows.
    let width = 16_000u64;
    let header: Vec<String> = (1..=width).map(|i| format!("q{i}")).collect();
    let mut csv = header.join(",") + "\n";
    let rows = MAX_CELLS / width + 1;
    for _ in 0..rows {
        csv += "x\n";
    }
    let e = refusal(csv.as_bytes());
    let (kind, message) = (e.kind(), e.message().to_string());
    assert_eq!(kind, ErrorKind::TooLarge);
    let row = rows + 1; // the header is row 1
    assert_eq!(
        message,
        format!("row {row}: the table passes 100000000 cells ({rows} rows of {width} columns), the most kept in memory; remove the columns you do not need, or split the file into files of fewer rows")
    );
    assert_eq!((e.row(), e.column(), e.byte()), (Some(row), None, None));
}

#[test]
fn a_header_field_past_the_field_limit_is_refused_naming_row_and_column() {
    let mut bytes = b"Role,\"".to_vec();
    bytes.extend(std::iter::repeat_n(b'x', 2 * MAX_FIELD_BYTES));
    bytes.extend_from_slice(b"\",Country\nData scientist,x,Finland\n");
    let e = refusal(&bytes);
    assert_eq!(e.kind(), ErrorKind::TooLarge);
    assert_eq!(
        e.message(),
        "row 1 (the header), column 2: a field longer than 1 MiB, the most that is read; a quote that never closes could cause this: check the quotes in the first row"
    );
    assert_eq!((e.row(), e.column(), e.byte()), (Some(1), Some(2), None));
}

#[test]
fn a_header_row_past_the_row_limit_is_refused_naming_the_row() {
    // Fields under the field limit, more than the row limit in all.
    let field = "h".repeat(MAX_FIELD_BYTES / 2);
    let fields = MAX_ROW_BYTES / field.len() + 2;
    let csv = vec![field.as_str(); fields].join(",") + "\n" + &vec!["a"; fields].join(",") + "\n";
    let e = refusal(csv.as_bytes());
    assert_eq!(e.kind(), ErrorKind::TooLarge);
    assert_eq!(
        e.message(),
        "row 1 (the header) is longer than 16 MiB, the most that is read for one row; check the delimiter and the quotes in the first row"
    );
    assert_eq!((e.row(), e.column(), e.byte()), (Some(1), None, None));
}

/// A deflate stream that inflates to `prefix` then `blocks` MiB of 'x':
/// one MiB is compressed once, with a full flush so it stands alone, and
/// its bytes repeated. About 1 KB per MiB.
fn deflate_bomb(prefix: &[u8], blocks: usize) -> (Vec<u8>, u32, u64) {
    use flate2::{Compress, Compression, Crc, FlushCompress};
    let block = vec![b'x'; 1 << 20];
    let deflate = |data: &[u8]| {
        let mut c = Compress::new(Compression::best(), false);
        let mut out = Vec::with_capacity(data.len() / 100 + 1024);
        c.compress_vec(data, &mut out, FlushCompress::Full).unwrap();
        out
    };
    let mut crc = Crc::new();
    crc.update(prefix);
    let mut stream = deflate(prefix);
    let packed = deflate(&block);
    for _ in 0..blocks {
        stream.extend_from_slice(&packed);
        crc.update(&block);
    }
    // An empty final block ends the stream.
    stream.extend_from_slice(&[0x03, 0x00]);
    (stream, crc.sum(), prefix.len() as u64 + ((blocks as u64) << 20))
}

const BOMB_PREFIX: &[u8] = b"Role,Comments\nData scientist,\"";

#[test]
fn gzip_bomb_is_refused_at_the_limit() {
    let started = Instant::now();
    let blocks = (MAX_INPUT_BYTES >> 20) as usize + 16;
    let (deflate, crc, size) = deflate_bomb(BOMB_PREFIX, blocks);
    let mut gz = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff".to_vec();
    gz.extend_from_slice(&deflate);
    gz.extend_from_slice(&crc.to_le_bytes());
    gz.extend_from_slice(&(size as u32).to_le_bytes());
    assert!(gz.len() < 2 << 20, "{} bytes", gz.len());
    assert_eq!(
        refused(&gz),
        (
            ErrorKind::NotText,
            "the gzip file unpacks to more than 1024 MiB; the limit is 1024 MiB".to_string()
        )
    );
    within(Duration::from_secs(60), started);
}

#[test]
fn zip_bomb_is_refused_at_the_limit() {
    let started = Instant::now();
    let blocks = (MAX_INPUT_BYTES >> 20) as usize + 16;
    let (deflate, crc, size) = deflate_bomb(BOMB_PREFIX, blocks);
    let name = b"bomb.csv";
    let le16 = |v: u16| v.to_le_bytes();
    let le32 = |v: u32| v.to_le_bytes();
    let mut zip = Vec::new();
    // Local file header: version 20, no flags, deflate, no time.
    zip.extend_from_slice(b"PK\x03\x04");
    for part in [le16(20), le16(0), le16(8), le16(0), le16(0)] {
        zip.extend_from_slice(&part);
    }
    for part in [le32(crc), le32(deflate.len() as u32), le32(size as u32)] {
        zip.extend_from_slice(&part);
    }
    zip.extend_from_slice(&le16(name.len() as u16));
    zip.extend_from_slice(&le16(0));
    zip.extend_from_slice(name);
    zip.extend_from_slice(&deflate);
    let directory = zip.len() as u32;
    zip.extend_from_slice(b"PK\x01\x02");
    for part in [le16(20), le16(20), le16(0), le16(8), le16(0), le16(0)] {
        zip.extend_from_slice(&part);
    }
    for part in [le32(crc), le32(deflate.len() as u32), le32(size as u32)] {
        zip.extend_from_slice(&part);
    }
    for part in [le16(name.len() as u16), le16(0), le16(0), le16(0), le16(0)] {
        zip.extend_from_slice(&part);
    }
    zip.extend_from_slice(&le32(0)); // external attributes
    zip.extend_from_slice(&le32(0)); // offset of the local header
    zip.extend_from_slice(name);
    let directory_len = zip.len() as u32 - directory;
    zip.extend_from_slice(b"PK\x05\x06");
    for part in [le16(0), le16(0), le16(1), le16(1)] {
        zip.extend_from_slice(&part);
    }
    zip.extend_from_slice(&le32(directory_len));
    zip.extend_from_slice(&le32(directory));
    zip.extend_from_slice(&le16(0));
    assert!(zip.len() < 2 << 20, "{} bytes", zip.len());
    assert_eq!(
        refused(&zip),
        (
            ErrorKind::NotText,
            "the file inside the zip archive (bomb.csv) unpacks to more than 1024 MiB; the limit is 1024 MiB"
                .to_string()
        )
    );
    within(Duration::from_secs(60), started);
}

/// The page's messages for archives (`tests/browser/archives.test.mjs`
/// checks them there): the command line must say the same of the same bytes.
const NO_FILES: &str = "the zip archive holds no CSV file; it holds no files at all";
const GZIP_CUT: &str = "the gzip file is damaged: its compressed data ends too soon (was the file cut short?)";
const EMPTY: &str = "the file is empty; choose the CSV export of the survey responses";

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        w.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn an_empty_zip_holds_no_files_as_the_page_says() {
    // Issue #12: the end record alone (PK 5 6 and 18 zero bytes) was taken
    // for a binary file ("NUL byte at offset 4") instead of a zip.
    let empty = file("empty.zip");
    assert_eq!(empty, [b"PK\x05\x06".as_slice(), &[0; 18]].concat());
    assert_eq!(refused(&empty), (ErrorKind::NotText, NO_FILES.to_string()));
    // However the bytes arrive: the magic split over two chunks.
    let mut feeder = Feeder::new();
    feeder.push(&empty[..2]).unwrap();
    feeder.push(&empty[2..]).unwrap();
    assert_eq!(
        Session::from_feeder(feeder)
            .err()
            .map(|e| e.message().to_string())
            .as_deref(),
        Some(NO_FILES)
    );
}

#[test]
fn archives_give_the_pages_messages() {
    let csv = b"Timestamp,What is your role in your team?\n2024-01-01,Data\n2024-01-02,Models\n";
    let gz = gzip(csv);
    let mut cases: Vec<(String, Vec<u8>, &str)> = vec![
        (
            "a zip with no CSV".into(),
            zip_of(&[("a.png", b"x"), ("notes/", b"")]),
            "the zip archive holds no CSV file; it holds: a.png",
        ),
        ("an empty gzip".into(), gzip(b""), EMPTY),
        ("the gzip magic alone".into(), b"\x1f\x8b".to_vec(), GZIP_CUT),
    ];
    // Cut anywhere: in its header, its data or its trailer.
    for cut in [3, 9, 10, gz.len() / 2, gz.len() - 8, gz.len() - 1] {
        cases.push((format!("a gzip cut at byte {cut}"), gz[..cut].to_vec(), GZIP_CUT));
    }
    for (what, bytes, message) in &cases {
        let (_, got) = refused(bytes);
        assert_eq!(&got, message, "{what}");
    }
    // The command line prints the same message after the file's name.
    let dir = std::env::temp_dir().join(format!("survey-report-archives-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    cases.push(("empty.zip".into(), file("empty.zip"), NO_FILES));
    for (i, (what, bytes, message)) in cases.iter().enumerate() {
        let path = dir.join(format!("case-{i}.zip"));
        std::fs::write(&path, bytes).unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_survey-report"))
            .args(["analyze", path.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(!out.status.success(), "{what}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            err.trim_end(),
            format!("survey-report: {}: {message}", path.display()),
            "{what}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The synthetic sample's header and rows, the rows repeated without end.
struct Rows {
    header: Vec<u8>,
    rows: Vec<u8>,
    at: usize,
}

impl Rows {
    fn new() -> Rows {
        let sample = crate::SAMPLE.as_bytes();
        let cut = sample.iter().position(|&b| b == b'\n').unwrap() + 1;
        Rows {
            header: sample[..cut].to_vec(),
            rows: sample[cut..].to_vec(),
            at: 0,
        }
    }

    /// The next `n` bytes of rows (whole rows only), appended to `out`.
    fn fill(&mut self, out: &mut Vec<u8>, n: usize) {
        while out.len() < n {
            let take = (n - out.len()).min(self.rows.len() - self.at);
            out.extend_from_slice(&self.rows[self.at..self.at + take]);
            self.at = (self.at + take) % self.rows.len();
        }
        // End on a whole row: finish the one begun.
        let end = self.rows[self.at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        out.extend_from_slice(&self.rows[self.at..self.at + end]);
        self.at = (self.at + end) % self.rows.len();
    }
}

#[test]
fn a_1_gb_file_is_read_within_the_memory_budget() {
    // 10^9 bytes of survey rows, generated as they are pushed (nothing on
    // disk), in the 1 MiB chunks the command line reads.
    const SIZE: u64 = 1_000_000_000;
    let started = Instant::now();
    let mut rows = Rows::new();
    let mut feeder = Feeder::new();
    feeder.set_size_hint(SIZE);
    let mut chunk = rows.header.clone();
    let (mut pushed, mut held) = (0u64, 0usize);
    while pushed < SIZE {
        let want = ((SIZE - pushed) as usize).min(1 << 20);
        rows.fill(&mut chunk, want);
        feeder.push(&chunk).unwrap();
        pushed += chunk.len() as u64;
        held = held.max(feeder.held_bytes());
        chunk.clear();
    }
    let read_in = started.elapsed();
    let report = Session::from_feeder(feeder).unwrap().report();
    let r = &report.rows;
    assert_eq!(r.read, r.used + r.set_aside_total());
    // The sample has no blank or ragged rows: every row is used.
    assert!(r.used > 1_900_000 && r.set_aside_total() == 0, "{r:?}");
    // The memory budget of issue #4: at most 0.2 x the file + 32 MB.
    let budget = (SIZE as f64 * 0.2) as usize + 32_000_000;
    assert!(held < budget, "held {held} bytes, budget {budget}");
    eprintln!(
        "1 GB: read in {read_in:?}, reported in {:?}, {} rows, at most {} MB held",
        started.elapsed(),
        r.used,
        held / 1_000_000
    );
    within(Duration::from_secs(120), started);
}

#[test]
fn past_1_gib_the_file_is_refused_at_the_limit() {
    // One long field: the parser lets its bytes go, so this costs little
    // but the pushing itself.
    let started = Instant::now();
    let mut feeder = Feeder::new();
    feeder.push(b"Role,Comments\nData scientist,\"").unwrap();
    let block = vec![b'x'; 1 << 20];
    let mut pushed = 30u64;
    let err = loop {
        match feeder.push(&block) {
            Ok(()) => pushed += block.len() as u64,
            Err(e) => break e,
        }
        assert!(pushed <= MAX_INPUT_BYTES, "not refused after {pushed} bytes");
    };
    assert_eq!(err.kind(), ErrorKind::TooLarge);
    assert_eq!(err.byte(), Some(MAX_INPUT_BYTES + 1));
    assert_eq!((err.row(), err.column()), (None, None));
    assert_eq!(
        err.message(),
        "the file is larger than 1024 MiB, the most that is read (the limit was passed at byte 1073741825); split it into files of fewer rows, or remove the columns you do not need"
    );
    // The error stays: pushing on or finishing says the same.
    assert_eq!(feeder.push(b"more").unwrap_err(), err);
    assert_eq!(Session::from_feeder(feeder).err().unwrap(), err);
    placed(err);
    within(Duration::from_secs(60), started);
}

/// The command line says the same, and exits non-zero when it refuses.
#[test]
fn cli_prints_the_message_and_exits_non_zero() {
    let bin = env!("CARGO_BIN_EXE_survey-report");
    let path = |name: &str| format!("{}/tests/data/bad/{name}", env!("CARGO_MANIFEST_DIR"));
    for (name, message) in [
        ("empty.csv", "the file is empty"),
        ("image.png.csv", "the file is not a CSV: it is a PNG image"),
    ] {
        let out = std::process::Command::new(bin)
            .args(["analyze", &path(name)])
            .output()
            .unwrap();
        assert!(!out.status.success(), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(name) && err.contains(message), "{err}");
    }
    let out = std::process::Command::new(bin)
        .args(["analyze", &path("nul-bytes.csv")])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("rows: 5 read, 3 used, 2 set aside"), "{text}");
    assert!(text.contains("undecodable (NUL bytes): 2 (rows [3, 5])"), "{text}");
    assert!(
        text.contains("note: row 3, column 2 (\"What is your role in your team?\"): NUL bytes"),
        "{text}"
    );
}

#[test]
fn cli_json_carries_the_row_accounting() {
    let bin = env!("CARGO_BIN_EXE_survey-report");
    let path = format!("{}/tests/data/bad/unterminated-quote.csv", env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new(bin)
        .args(["analyze", &path, "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = &v["rows"];
    assert_eq!((rows["read"].as_u64(), rows["used"].as_u64()), (Some(2), Some(1)));
    let aside = rows["set_aside"].as_array().unwrap();
    assert_eq!(aside.len(), 1);
    assert_eq!(
        aside[0]["reason"],
        "a quote never closed (the rest of the file in one field)"
    );
    assert_eq!(aside[0]["count"], 1);
    assert_eq!(aside[0]["rows"], serde_json::json!([3]));
    let notice = v["notices"].as_array().unwrap().iter().find(|n| n["row"] == 3).unwrap();
    assert!(notice["message"]
        .as_str()
        .unwrap()
        .starts_with("row 3: a quoted field opened on line 3"));
}

/// Inputs the fuzzer crashed on or hung with, run as `fuzz/src/lib.rs`
/// (`drive`, behind both fuzz targets) runs them (the first byte picks the
/// chunk sizes, the rest is the file; inputs of the `survey` target are
/// saved as the file it generated): each now gives a report or a message,
/// soon.
#[test]
fn fuzz_regressions_give_a_report_or_a_message() {
    let dir = format!("{}/tests/data/bad/fuzz-regressions", env!("CARGO_MANIFEST_DIR"));
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return; // None found yet.
    };
    for entry in entries {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        // A panic below names no file; this line does.
        eprintln!("replaying {}", path.display());
        let Some((&seed, file)) = data.split_first() else {
            continue;
        };
        let started = Instant::now();
        let mut feeder = Feeder::new();
        feeder.set_size_hint(file.len() as u64);
        let (mut rest, mut step) = (file, seed as usize % 7);
        let mut pushed = Ok(());
        while !rest.is_empty() && pushed.is_ok() {
            let size = [1, 2, 3, 7, 64, 4096, usize::MAX][step % 7].min(rest.len());
            let (chunk, tail) = rest.split_at(size);
            pushed = feeder.push(chunk);
            rest = tail;
            step = step.wrapping_add(seed as usize / 7 + 1);
        }
        let result = pushed.and_then(|()| Session::from_feeder(feeder));
        match result {
            Ok(session) => {
                let report = session.report();
                let rows = &report.rows;
                assert_eq!(rows.read, rows.used + rows.set_aside_total(), "{}", path.display());
                let mut figures = survey_report::build_figures(&report);
                figures.extend(survey_report::every_figure(&report));
                // The split the fuzzer draws: first question by last.
                let ids: Vec<&str> = report.questions.iter().map(|q| q.id.as_str()).collect();
                if let (Some(a), Some(b)) = (ids.first(), ids.last()) {
                    // A split refused for its size is a message, never a panic.
                    match session.split(a, b, seed & 1 == 1) {
                        Ok(fig) => figures.extend(fig),
                        Err(e) => assert!(!e.message().is_empty()),
                    }
                }
                for fig in &figures {
                    let _ = survey_report::render_svg(fig, 360 + (seed as u32 % 4) * 200);
                }
            }
            Err(e) => assert!(!e.message().is_empty(), "{}", path.display()),
        }
        within(Duration::from_secs(20), started);
    }
}
