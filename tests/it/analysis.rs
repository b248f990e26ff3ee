//! Reading and counting, on small fixtures whose right answers are known by hand.

use survey_report::{analyze, ErrorKind, Kind, Preset, Report, OTHER_FREE_TEXT};

use crate::report;

/// Five respondents in the Google Forms layout, with the awkward cases:
/// decorated headers, free-text answers, case differences, a skipped row,
/// an unknown country, and ratings given as numbers, labels and both.
const SMALL: &str = "\
Timestamp,What is your role in your team? (Fig. 2),In which country do you work?,What kind of data are you working with?,What are you trying to accomplish in the next 3 months?,How many people work in your data science team?,How relevant are the following obstacles for you? [Lack of data],How relevant are the following obstacles for you? [Messiness of data]
t1,Models,Finland,\"Relational data, Time series data\",\"Automating retraining of models, Deploying models to production\",11-30,5,Very relevant
t2,Both models and infrastructure,USA,\"Images, lidar scans\",Deploying models to production,2-5,1,Not relevant
t3,Team lead,U.K.,,Building data pipelines,1,,3 - Moderately relevant
t4,,,,,,,
t5,models,Narnia,Relational data,,31+,4,maybe
";

fn counts(r: &Report, id: &str) -> Vec<(String, u64)> {
    let q = r.question(id).unwrap_or_else(|| panic!("question {id} not found"));
    q.options
        .iter()
        .filter(|o| o.count > 0)
        .map(|o| (o.label.clone(), o.count))
        .collect()
}

fn pairs(v: &[(&str, u64)]) -> Vec<(String, u64)> {
    v.iter().map(|(l, c)| (l.to_string(), *c)).collect()
}

#[test]
/// An answer the preset does not list is a bar of its own when 1% or more
/// gave it ("Team lead", 1 of 4), never lumped into "Other (free text)".
fn single_choice_keeps_the_files_own_answers_and_tolerates_case() {
    let r = report(SMALL);
    assert_eq!(r.respondents, 5);
    let role = r.question("role").unwrap();
    assert_eq!((role.answered, role.skipped), (4, 1));
    assert_eq!(role.kind, Kind::Single);
    assert_eq!(role.header, "What is your role in your team? (Fig. 2)");
    assert_eq!(
        counts(&r, "role"),
        pairs(&[("Models", 2), ("Both models and infrastructure", 1), ("Team lead", 1)])
    );
    assert!(role.other.is_empty(), "{:?}", role.other);
    assert!(role.not_offered.contains(&"Data".to_string()), "{:?}", role.not_offered);
}

#[test]
fn multi_select_base_is_respondents_and_unknown_answers_are_kept() {
    let r = report(SMALL);
    let data = r.question("data").unwrap();
    assert_eq!(data.kind, Kind::Multi);
    assert_eq!((data.answered, data.skipped), (3, 2));
    assert_eq!(
        counts(&r, "data"),
        pairs(&[
            ("Relational data", 2),
            ("Time series data", 1),
            ("Images", 1),
            (OTHER_FREE_TEXT, 1)
        ])
    );
    assert_eq!(data.other[0].label, "lidar scans");
}

#[test]
fn countries_are_normalised_and_unknown_ones_listed() {
    let r = report(SMALL);
    let g = r.geography.as_ref().unwrap();
    assert_eq!(g.answered, 4);
    assert_eq!(r.countries, 3);
    let names: Vec<&str> = g.countries.iter().map(|c| c.label.as_str()).collect();
    assert!(names.contains(&"United States") && names.contains(&"United Kingdom") && names.contains(&"Finland"));
    assert_eq!(g.unrecognised[0].label, "Narnia");
    let europe = g.continents.iter().find(|c| c.label == "Europe").unwrap();
    assert_eq!(europe.count, 2);
}

#[test]
fn maturity_groups_follow_the_rules_in_order() {
    let r = report(SMALL);
    let m = r.maturity.as_ref().unwrap();
    let got: Vec<(&str, u64)> = m.groups.iter().map(|g| (g.id.as_str(), g.count)).collect();
    // t1 automates retraining (pipeline, although it also deploys), t2 deploys
    // (model), t3 builds pipelines (data), t4 and t5 gave no goal.
    assert_eq!(
        got,
        vec![("pipeline", 1), ("model", 1), ("data", 1), ("unclassified", 2)]
    );
    let team = m.crosstabs.iter().find(|c| c.question == "team_size").unwrap();
    let i = team.options.iter().position(|o| o == "11-30").unwrap();
    assert_eq!(team.counts[0][i], 1);
    assert_eq!(team.answered, vec![1, 1, 1, 1]);
}

#[test]
fn rating_grid_reads_numbers_labels_and_both_and_reports_the_rest() {
    let r = report(SMALL);
    let q = r.question("obstacles").unwrap();
    assert_eq!(q.kind, Kind::Rating);
    assert_eq!(q.header, "How relevant are the following obstacles for you?");
    assert_eq!(q.answered, 4);
    let lack = q.items.iter().find(|i| i.key == "a").unwrap();
    let mess = q.items.iter().find(|i| i.key == "b").unwrap();
    let c = |i: &survey_report::ItemReport| i.counts.iter().map(|c| c.count).collect::<Vec<_>>();
    assert_eq!((lack.answered, c(lack)), (3, vec![1, 0, 0, 1, 1]));
    assert_eq!((mess.answered, c(mess), mess.invalid), (3, vec![1, 0, 1, 1, 0], 1));
    let n = r
        .notices
        .iter()
        .find(|n| n.message.contains("maybe"))
        .expect("a notice for the invalid rating");
    assert_eq!(n.row, Some(6));
    assert_eq!(
        n.column.as_deref(),
        Some("How relevant are the following obstacles for you? [Messiness of data]")
    );
    // Items absent from the file are listed with no column rather than dropped.
    assert_eq!(q.items.len(), 16);
    assert!(q.items.iter().filter(|i| i.column.is_none()).count() == 14);
}

#[test]
fn questions_not_in_the_file_are_listed_as_missing() {
    let r = report(SMALL);
    let missing: Vec<&str> = r.missing.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(missing, vec!["title", "company_size", "industry", "problems"]);
}

#[test]
fn bom_semicolons_and_crlf_are_read() {
    let csv = "\u{feff}Timestamp;What is your role in your team?\r\nx;Models\r\ny;\"Data\"\r\n";
    let r = report(csv);
    assert_eq!(r.input.encoding, "UTF-8 with BOM");
    assert_eq!(r.input.delimiter, ";");
    assert_eq!(counts(&r, "role"), pairs(&[("Models", 1), ("Data", 1)]));
}

#[test]
fn latin1_bytes_are_read_as_windows_1252_and_said_so() {
    let mut bytes = b"Timestamp,In which country do you work?\nx,".to_vec();
    bytes.extend_from_slice(b"Espa\xF1a\n"); // "España" in Latin-1
    let r = analyze(&bytes, &Preset::state_of_ml_2020()).unwrap();
    assert_eq!(r.input.encoding, "windows-1252");
    assert!(r.notices.iter().any(|n| n.message.contains("not valid UTF-8")));
    assert_eq!(r.geography.unwrap().countries[0].label, "Spain");
}

#[test]
fn every_row_is_accounted_for() {
    // Row 3 is blank, row 4 has an extra non-empty field, row 5 is short.
    let csv = "Timestamp,What is your role in your team?\na,Models\n,\nb,Data,oops\nc\nd,Data,\n";
    let r = report(csv);
    assert_eq!(r.rows.read, 5);
    assert_eq!(r.rows.used, 3);
    assert_eq!(r.rows.used + r.rows.set_aside_total(), r.rows.read);
    let reasons: Vec<(&str, u64, Vec<u64>)> = r
        .rows
        .set_aside
        .iter()
        .map(|s| (s.reason.as_str(), s.count, s.rows.clone()))
        .collect();
    assert_eq!(
        reasons,
        vec![
            ("empty row", 1, vec![3]),
            ("more fields than the header (ragged)", 1, vec![4])
        ]
    );
    assert!(r
        .notices
        .iter()
        .any(|n| n.message.contains("row 4: 3 fields, header has 2")));
    assert!(r
        .notices
        .iter()
        .any(|n| n.message.contains("fewer fields than the header (rows 5)")));
    // The short row is used with a blank role; the row with an empty extra field is used.
    assert_eq!(counts(&r, "role"), pairs(&[("Models", 1), ("Data", 1)]));
}

#[test]
fn unreadable_files_fail_with_a_message_that_says_what() {
    let preset = Preset::state_of_ml_2020();
    let cases: &[(&[u8], ErrorKind, &str)] = &[
        (b"", ErrorKind::Empty, "empty"),
        (b"\n\n  \r\n", ErrorKind::Empty, "empty"),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", ErrorKind::NotText, "PNG image"),
        (b"PK\x03\x04rest", ErrorKind::NotText, "zip archive"),
        (b"a,b\n1,\x002\n", ErrorKind::NotText, "NUL byte at offset 6"),
    ];
    for (bytes, kind, words) in cases {
        let e = analyze(bytes, &preset).expect_err("should fail");
        assert_eq!(e.kind(), *kind, "{e}");
        assert!(e.message().contains(words), "{e:?} should mention {words:?}");
    }
}

#[test]
fn header_only_file_reports_zero_respondents() {
    let r = report("Timestamp,What is your role in your team?\n");
    assert_eq!((r.respondents, r.rows.read), (0, 0));
    assert_eq!(r.question("role").unwrap().answered, 0);
}

#[test]
fn unterminated_quote_is_reported() {
    let r = report("Timestamp,What is your role in your team?\na,Models\nb,\"Data\nc,Models\n");
    assert!(
        r.notices
            .iter()
            .any(|n| n.message.contains("never closed") && n.message.contains("line 3")),
        "{:?}",
        r.notices
    );
}

/// A preset is data: a label containing the separator survives splitting.
#[test]
fn custom_preset_with_commas_in_labels() {
    let preset = Preset::from_json(
        r#"{"id":"t","title":"t","questions":[{"id":"learn","kind":"multi","headers":["How did you learn R?"],
        "options":["Online course (e.g., Coursera, edX, Datacamp)","Books","Coursera"]}],"maturity":null,"claims":[]}"#,
    )
    .unwrap();
    let csv = "How did you learn R?\n\"Books, Online course (e.g., Coursera, edX, Datacamp)\"\n\"Coursera, Books\"\n\"Online course (e.g., Coursera, edX, Datacamp)\"\n";
    let r = analyze(csv.as_bytes(), &preset).unwrap();
    assert_eq!(
        counts(&r, "learn"),
        pairs(&[
            ("Online course (e.g., Coursera, edX, Datacamp)", 2),
            ("Books", 2),
            ("Coursera", 1)
        ])
    );
    assert!(r.question("learn").unwrap().other.is_empty());
}

#[test]
fn invalid_preset_names_the_problem() {
    let e = Preset::from_json(r#"{"id":"t","title":"t","questions":[],"maturity":null,"claims":[{"id":"x","paper":"p","check":{"type":"respondents"}}]}"#)
        .expect_err("missing field");
    assert!(e.message().contains("line 1"), "{e}");
    let e = Preset::from_json(
        r#"{"id":"t","title":"t","questions":[],"maturity":null,"claims":[{"id":"x","paper":"p","check":{"type":"in_top","question":"nope","option":"a","k":3}}]}"#,
    )
    .expect_err("unknown question");
    assert!(e.message().contains("unknown question \"nope\""), "{e}");
}

/// A respondent's maturity group is counted in one byte: a preset with
/// more groups than that is refused when loaded, saying why.
#[test]
fn preset_with_too_many_maturity_groups_is_refused() {
    let preset = |n: usize| {
        let groups: Vec<String> = (0..n)
            .map(|i| format!(r#"{{"id":"g{i}","label":"G{i}","description":"","any_answer":true}}"#))
            .collect();
        Preset::from_json(&format!(
            r#"{{"id":"t","title":"t","questions":[{{"id":"goals","kind":"multi","headers":["Goals?"],"options":["a"]}}],
            "maturity":{{"question":"goals","groups":[{}],"unclassified":{{"id":"u","label":"U","description":""}},"compare":[]}},"claims":[]}}"#,
            groups.join(",")
        ))
    };
    assert!(preset(254).is_ok(), "{:?}", preset(254).err());
    let e = preset(255).expect_err("255 groups");
    assert!(
        e.message()
            .contains("maturity has 255 groups; at most 254 are supported"),
        "{e}"
    );
}

#[test]
fn columns_no_question_matches_are_still_summarised() {
    let r = report("Timestamp,Favourite colour,Age\nt,Blue,31\nt,Red,45\nt,Blue,\n");
    let colour = r.questions.iter().find(|q| q.header == "Favourite colour").unwrap();
    assert_eq!(colour.kind, Kind::Single);
    assert!(colour.role.is_none());
    assert_eq!(counts(&r, &colour.id), pairs(&[("Blue", 2), ("Red", 1)]));
    let ts = r.questions.iter().find(|q| q.header == "Timestamp").unwrap();
    assert_eq!(ts.kind, Kind::Skipped);
}

#[test]
fn every_built_in_preset_is_valid() {
    for id in ["state-of-ml-2020", "kaggle-2020"] {
        let p = Preset::built_in(id).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(p.id, id);
    }
    // None is dropped for failing validation.
    assert_eq!(Preset::all_built_in().len(), 2);
}

/// The streaming reader gives the same report whatever the chunk size, also
/// when a chunk ends inside a multi-byte character, a quoted field or a CRLF.
#[test]
fn chunked_reading_matches_reading_at_once() {
    let mut latin1 = b"Timestamp;In which country do you work?;What is your role in your team?\r\n".to_vec();
    for i in 0..50 {
        latin1.extend_from_slice(format!("t{i};Espa").as_bytes());
        latin1.push(0xF1);
        latin1.extend_from_slice(b"a;\"Models\"\r\n");
    }
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("sample", crate::SAMPLE.as_bytes().to_vec()),
        ("small", SMALL.as_bytes().to_vec()),
        ("latin-1", latin1),
        ("utf-16", include_bytes!("../data/layouts/utf16-tab.txt").to_vec()),
        (
            "surveymonkey",
            include_bytes!("../data/layouts/surveymonkey.csv").to_vec(),
        ),
        ("gzip", include_bytes!("../data/layouts/google-forms.csv.gz").to_vec()),
        // Escaped quotes, a quoted newline, then a quote never closed.
        (
            "quotes",
            b"Timestamp,What is your role in your team?\na,\"Models \"\"x\"\"\"\nb,\"Da\nta\"\nc,\"Data\nd,Models\n"
                .to_vec(),
        ),
    ];
    let summary = |r: &Report| -> String {
        let qs: Vec<String> = r
            .questions
            .iter()
            .map(|q| {
                format!(
                    "{}:{:?}:{}:{:?}",
                    q.id,
                    q.kind,
                    q.answered,
                    q.options.iter().map(|o| o.count).collect::<Vec<_>>()
                )
            })
            .collect();
        format!(
            "{} {} {:?} {} {}",
            r.respondents,
            r.input.encoding,
            r.rows,
            qs.join("|"),
            r.notices.len()
        )
    };
    for (name, bytes) in files {
        let report = analyze(&bytes, &Preset::state_of_ml_2020()).unwrap();
        if name == "quotes" {
            assert!(
                report.notices.iter().any(|n| n.message.contains("opened on line 5")),
                "{:?}",
                report.notices
            );
        }
        let whole = summary(&report);
        for size in [1, 2, 3, 7, 64, 4096] {
            let mut feeder = survey_report::Feeder::new();
            for chunk in bytes.chunks(size) {
                feeder.push(chunk).unwrap();
            }
            let mut session = survey_report::Session::from_feeder(feeder).unwrap();
            session.set_preset(Preset::state_of_ml_2020());
            assert_eq!(summary(&session.report()), whole, "{name} in chunks of {size}");
        }
    }
}

/// Peak resident memory of this test process, in bytes (Linux; 0 elsewhere).
fn peak_rss() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmHWM:"))?.to_string();
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        })
        .map_or(0, |kb| kb * 1024)
}

#[test]
/// Issue #12: a view link retyped two columns of 25,000 distinct answers as
/// single choice and split one by the other; the 25,000 × 25,000 table
/// aborted the page. The split is refused, quickly, with bounded memory.
fn a_split_by_a_question_of_thousands_of_options_is_refused() {
    use survey_report::{Overrides, Session};
    const N: usize = 25_000;
    let mut csv = String::from("First thing you would change,Second thing you would change\n");
    for i in 0..N {
        csv.push_str(&format!("first answer {i},second answer {}\n", N - i));
    }
    let mut session = Session::open(csv.as_bytes(), Preset::state_of_ml_2020()).unwrap();
    let report = session.report();
    let keys: Vec<String> = report.questions.iter().map(|q| q.key.clone()).collect();
    assert_eq!(keys.len(), 2, "{keys:?}");
    let mut o = Overrides::default();
    for k in &keys {
        o.kinds.insert(k.clone(), Kind::Single);
    }
    session.set_overrides(o);
    let reporting = std::time::Instant::now();
    let ids: Vec<String> = session.report().questions.iter().map(|q| q.id.clone()).collect();
    let report_took = reporting.elapsed();
    let before = peak_rss();
    let splitting = std::time::Instant::now();
    let err = session.split(&ids[0], &ids[1], true).unwrap_err();
    let took = splitting.elapsed();
    assert_eq!(err.kind(), ErrorKind::TooLarge);
    assert_eq!(
        err.message(),
        "the split of \u{201c}First thing you would change\u{201d} by \u{201c}Second thing you would change\u{201d} \
         would need 25000 \u{d7} 25001 cells; a split is drawn by a question with at most 300 options, into at most \
         1000000 cells: split by a question with fewer options, or read \u{201c}Second thing you would change\u{201d} as free text"
    );
    // The table refused was 5 GB of counts; nothing near that was taken.
    let grown = peak_rss().saturating_sub(before);
    assert!(grown < 256 << 20, "peak memory grew by {grown} bytes");
    // About as long as a report of the file (debug builds on a busy machine
    // are slow, so the bound is relative), not the minutes of counting 625
    // million cells.
    assert!(
        took < report_took * 3 + std::time::Duration::from_secs(5),
        "took {took:?}, a report {report_took:?}"
    );
}

#[test]
/// A split of a question of hundreds of options by a small one is drawn with
/// the most chosen of them, not hundreds of bars.
fn a_split_of_a_question_of_hundreds_of_options_draws_the_most_chosen() {
    use survey_report::{Body, Overrides, Session};
    let mut csv = String::from("Favourite word,Team\n");
    for i in 0..2_000 {
        csv.push_str(&format!("word {},{}\n", i % 400 + (i % 7) * (i % 3), ["a", "b"][i % 2]));
    }
    let mut session = Session::open(csv.as_bytes(), Preset::state_of_ml_2020()).unwrap();
    let keys: Vec<String> = session.report().questions.iter().map(|q| q.key.clone()).collect();
    let mut o = Overrides::default();
    o.kinds.insert(keys[0].clone(), Kind::Single);
    o.kinds.insert(keys[1].clone(), Kind::Single);
    session.set_overrides(o);
    let ids: Vec<String> = session.report().questions.iter().map(|q| q.id.clone()).collect();
    let grouped = session.split(&ids[0], &ids[1], false).unwrap().unwrap();
    let Body::Bars(b) = &grouped.body else {
        panic!("{:?}", grouped.body)
    };
    assert_eq!(b.rows.len(), 24);
    assert!(
        grouped
            .note
            .as_deref()
            .unwrap_or("")
            .contains("less frequent answers are not shown"),
        "{:?}",
        grouped.note
    );
    let stacked = session.split(&ids[0], &ids[1], true).unwrap().unwrap();
    let Body::Likert(l) = &stacked.body else {
        panic!("{:?}", stacked.body)
    };
    // Unordered answers get one distinct colour each (issue 14): the 7 most
    // chosen, then the rest as one segment.
    assert_eq!(l.scale.len(), survey_report::figures::MAX_SPLIT_GROUPS);
    assert!(l.scale[7].ends_with("other answers"), "{:?}", l.scale[7]);
    for row in &l.rows {
        assert_eq!(row.counts.iter().sum::<u64>(), row.n, "{row:?}");
    }
}
