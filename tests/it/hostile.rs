//! Hostile input, round two (issue #12): each class of input the second
//! adversarial pass found, generated here, read as the page reads it (a
//! `Feeder` fed 64 KiB chunks, then a `Session`). Cost is measured by the
//! `hostile` benchmark group (`benches/ingest.rs`) and memory by
//! `tests/memory.rs`; the time guards here only catch a hang.

use std::time::{Duration, Instant};

use survey_report::{ErrorKind, Feeder, Kind, Overrides, QuestionReport, Report, Session, MAX_COLUMNS};

fn session(bytes: &[u8]) -> Result<Session, survey_report::Error> {
    let mut feeder = Feeder::new();
    feeder.set_size_hint(bytes.len() as u64);
    for chunk in bytes.chunks(64 << 10) {
        feeder.push(chunk)?;
    }
    Session::from_feeder(feeder)
}

fn read(bytes: &[u8]) -> Report {
    let report = session(bytes).unwrap_or_else(|e| panic!("refused: {e}")).report();
    let rows = &report.rows;
    assert_eq!(rows.read, rows.used + rows.set_aside_total(), "{rows:?}");
    for q in &report.questions {
        assert!(balances(q), "{}: {:?}", q.header, q.answers);
    }
    report
}

/// Every cell of the question in exactly one place.
fn balances(q: &QuestionReport) -> bool {
    let a = &q.answers;
    a.cells == a.in_bars + a.write_ins + a.set_aside.iter().map(|s| s.count).sum::<u64>()
}

/// The error reading `bytes` gives, its place as data checked against the
/// place its message names.
fn refusal(bytes: &[u8]) -> survey_report::Error {
    match session(bytes) {
        Ok(_) => panic!("read, not refused"),
        Err(e) => crate::bad::placed(e),
    }
}

fn question<'a>(r: &'a Report, header: &str) -> &'a QuestionReport {
    r.questions.iter().find(|q| q.header == header).unwrap_or_else(|| {
        panic!(
            "no question {header:?} in {:?}",
            r.questions.iter().map(|q| &q.header).collect::<Vec<_>>()
        )
    })
}

fn counts(q: &QuestionReport) -> Vec<(&str, u64)> {
    q.options.iter().map(|o| (o.label.as_str(), o.count)).collect()
}

fn within(limit: Duration, started: Instant) {
    assert!(started.elapsed() < limit, "took {:?}", started.elapsed());
}

#[test]
fn repeated_header_names_are_numbered_once_each() {
    let started = Instant::now();
    let header = vec!["Q"; MAX_COLUMNS].join(",");
    let row = vec!["a"; MAX_COLUMNS].join(",");
    let s = session(format!("{header}\n{row}\n").as_bytes()).unwrap();
    let names = s.column_names();
    assert_eq!(names.len(), MAX_COLUMNS);
    assert_eq!((names[0].as_str(), names[1].as_str()), ("Q", "Q (2)"));
    assert_eq!(names[MAX_COLUMNS - 1], format!("Q ({MAX_COLUMNS})"));
    let distinct: std::collections::HashSet<&String> = names.iter().collect();
    assert_eq!(distinct.len(), MAX_COLUMNS);
    // A name the file already has is skipped over, not repeated.
    let s = session(b"Q,Q (2),Q,,\n1,2,3,4,5\n").unwrap();
    assert_eq!(s.column_names(), ["Q", "Q (2)", "Q (3)", "Column 4", "Column 5"]);
    within(Duration::from_secs(30), started);
}

#[test]
fn sixteen_thousand_columns_are_read_and_one_more_is_refused() {
    let started = Instant::now();
    let wide = |n: usize| {
        let header: Vec<String> = (1..=n).map(|i| format!("c{i}")).collect();
        format!("{}\n{}\n", header.join(","), vec!["1"; n].join(","))
    };
    let r = read(wide(MAX_COLUMNS).as_bytes());
    assert_eq!(r.questions.iter().map(|q| q.columns.len()).sum::<usize>(), MAX_COLUMNS);
    let e = refusal(wide(MAX_COLUMNS + 1).as_bytes());
    // The place is data as well as prose.
    assert_eq!((e.row(), e.column(), e.byte()), (Some(1), None, None));
    let (kind, message) = (e.kind(), e.message().to_string());
    assert_eq!(kind, ErrorKind::TooLarge);
    assert!(
        message.starts_with("row 1 (the header) has more than 16384 columns"),
        "{message}"
    );
    within(Duration::from_secs(60), started);
}

#[test]
fn a_header_past_1_mib_is_refused_saying_so() {
    let name = "Q".repeat(500);
    let bytes = format!(
        "{}\n{}\n",
        vec![name.as_str(); 16_384].join(","),
        vec!["a"; 16_384].join(",")
    );
    let e = refusal(bytes.as_bytes());
    let (kind, message) = (e.kind(), e.message().to_string());
    assert_eq!(kind, ErrorKind::TooLarge);
    assert!(
        message.starts_with("row 1 (the header) holds 8000 KiB of column names, more than the 1024 KiB that are read"),
        "{message}"
    );
    assert_eq!((e.row(), e.column(), e.byte()), (Some(1), None, None));
}

/// A multi-select whose header asks for every answer, `n` rows each
/// choosing "Tool i" and "Tool i+1": every label is chosen twice.
fn joined(n: usize) -> String {
    let mut csv = String::from("\"Which tools do you use? (Select all that apply)\"\n");
    for i in 1..=n {
        csv.push_str(&format!("\"Tool {i};Tool {}\"\n", i % n + 1));
    }
    csv
}

#[test]
fn twenty_thousand_joined_labels_are_each_counted() {
    let started = Instant::now();
    let r = read(joined(20_000).as_bytes());
    let q = question(&r, "Which tools do you use? (Select all that apply)");
    assert_eq!(q.kind, Kind::Multi);
    assert_eq!(q.answered, 20_000);
    assert_eq!(q.options.len(), 20_000, "{:?}", &q.options[..5]);
    assert!(
        q.options.iter().all(|o| o.count == 2),
        "{:?}",
        q.options.iter().find(|o| o.count != 2)
    );
    assert_eq!(q.answers.write_ins, 0);
    within(Duration::from_secs(60), started);
}

#[test]
fn reading_30000_free_text_answers_as_multi_select_is_bounded() {
    let started = Instant::now();
    let mut csv = String::from("Comments,Role\n");
    for i in 0..30_000 {
        csv.push_str(&format!("\"answer number {i}, with words\",Engineer\n"));
    }
    let mut s = session(csv.as_bytes()).unwrap();
    let before = s.report();
    let q = question(&before, "Comments");
    assert_eq!(q.kind, Kind::Text);
    let mut o = Overrides::default();
    o.kinds.insert(q.key.clone(), Kind::Multi);
    s.set_overrides(o);
    let after = s.report();
    let q = question(&after, "Comments");
    assert_eq!(q.kind, Kind::Multi);
    assert_eq!(q.answered, 30_000);
    assert!(balances(q), "{:?}", q.answers);
    // "with words" follows every answer: a label; the numbered parts are free text.
    assert_eq!(
        q.count_of("with words"),
        Some(30_000),
        "{:?}",
        &q.options[..q.options.len().min(5)]
    );
    within(Duration::from_secs(60), started);
}

#[test]
fn labels_always_chosen_together_stay_two_options() {
    let mut csv = String::from("\"Which languages do you use? (Select all that apply)\"\n");
    csv += &"Python;SQL\n".repeat(5);
    csv += &"R\n".repeat(5);
    csv += &"Julia;R\n".repeat(3);
    let r = read(csv.as_bytes());
    let q = question(&r, "Which languages do you use? (Select all that apply)");
    assert_eq!(counts(q), [("R", 8), ("Python", 5), ("SQL", 5), ("Julia", 3)]);
    assert_eq!(q.answers.write_ins, 0);
    // The same with ", " between them (Google Forms joins so).
    let csv = csv
        .replace("Python;SQL", "\"Python, SQL\"")
        .replace("Julia;R", "\"Julia, R\"");
    let r = read(csv.as_bytes());
    let q = question(&r, "Which languages do you use? (Select all that apply)");
    assert_eq!(counts(q), [("R", 8), ("Python", 5), ("SQL", 5), ("Julia", 3)]);
}

#[test]
fn spellings_alike_up_to_quoting_and_spaces_are_one_option() {
    let mut csv = String::from("Role\n");
    csv += &"\"Data \"\"scientist\"\n".repeat(3);
    csv += &"Data scientist\n".repeat(5);
    csv += &"Data\u{a0}scientist\n".repeat(2);
    csv += "\u{2003}Data  scientist.\u{2009}\n";
    csv += &"Engineer\n".repeat(4);
    csv += &"<1MB\n".repeat(3);
    csv += &"1MB\n".repeat(3);
    let r = read(csv.as_bytes());
    let q = question(&r, "Role");
    // The most used spelling names the bar; `<1MB` and `1MB` stay apart.
    let mut got = counts(q);
    got.sort();
    assert_eq!(got, [("1MB", 3), ("<1MB", 3), ("Data scientist", 11), ("Engineer", 4)]);
    assert!(q.options.iter().all(|o| o.count > 0));
}

#[test]
fn padding_with_unicode_spaces_is_one_value() {
    let spaces = ['\u{a0}', '\u{2000}', '\u{2002}', '\u{2005}', '\u{2009}', '\u{200a}'];
    let mut csv = String::from("id,role\n");
    for i in 0..5_000 {
        let pad: String = (0..1 + i % 7).map(|k| spaces[(i + k) % spaces.len()]).collect();
        let tail: String = pad.chars().rev().collect();
        csv.push_str(&format!("{i},{pad}Data scientist{tail}\n"));
    }
    let r = read(csv.as_bytes());
    let q = question(&r, "role");
    assert_eq!(counts(q), [("Data scientist", 5_000)]);
}

#[test]
fn cr_only_line_endings_are_sniffed_and_read() {
    let mut lines = vec!["id;name;comment".to_string()];
    lines.extend((0..50).map(|i| format!("{i};n{i};\"a, b, c\"")));
    let r = read((lines.join("\r") + "\r").as_bytes());
    assert_eq!(r.rows.read, 50);
    assert_eq!(r.rows.used, 50);
    assert_eq!(
        r.questions.len(),
        3,
        "{:?}",
        r.questions.iter().map(|q| &q.header).collect::<Vec<_>>()
    );
    assert_eq!(question(&r, "comment").answered, 50);
    // Mixed: CR, LF and CR LF in one file.
    let mixed = "id;role\r1;a\n2;b\r\n3;c\r4;d\n";
    let r = read(mixed.as_bytes());
    assert_eq!((r.rows.read, r.rows.used), (4, 4));
    // An unterminated quote in a CR-only file names the line it opened on.
    let mut lines = vec![
        "id;name;comment".to_string(),
        "1;a;b".to_string(),
        "2;\"open".to_string(),
    ];
    lines.extend((3..8).map(|i| format!("{i};n;x")));
    let r = read((lines.join("\r") + "\r").as_bytes());
    assert!(
        r.notices.iter().any(|n| n
            .message
            .starts_with("row 3: a quoted field opened on line 3 is never closed")),
        "{:?}",
        r.notices
    );
}

#[test]
fn infinity_and_not_a_number_are_not_numbers() {
    let mut csv = String::from("years\n");
    for i in 0..100 {
        csv.push_str(&format!("{}\n", 1 + i % 30));
    }
    csv += "inf\n1e309\n-Infinity\n";
    let r = read(csv.as_bytes());
    let q = question(&r, "years");
    assert_eq!(q.kind, Kind::Number, "{}", q.reason);
    let n = q.numbers.as_ref().expect("a number summary");
    assert_eq!((n.min, n.max), (1.0, 30.0));
    assert!(n.mean.is_finite());
    assert!(
        q.answers
            .set_aside
            .iter()
            .any(|s| s.reason == "not a number" && s.count == 3),
        "{:?}",
        q.answers
    );
    for v in ["inf", "1e309", "-Infinity"] {
        assert!(
            r.notices.iter().any(|m| m
                .message
                .contains(&format!("\u{201c}{v}\u{201d} (1 cell) is not a finite number"))),
            "{v}: {:?}",
            r.notices
        );
    }
}

#[test]
fn a_quote_never_closed_in_the_header_has_its_own_message() {
    let e = refusal(b"id,\"role,country\n1,a,b\n2,c,d\n");
    assert_eq!((e.row(), e.column()), (Some(1), Some(2)));
    assert_eq!(e.byte(), None);
    let (kind, message) = (e.kind(), e.message().to_string());
    assert_eq!(kind, ErrorKind::Malformed);
    assert!(
        message.starts_with(
            "row 1 (the header), column 2 (\u{201c}role,country\u{201d}): a quote opened in the header is never closed"
        ),
        "{message}"
    );
    assert!(!message.contains("export the responses"), "{message}");
}
