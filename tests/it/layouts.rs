//! One survey, every export shape: each file of tests/data/layouts holds the
//! same six respondents (see EXPECTED.md there, counted by hand) and must
//! give the same report. One data-driven check, one test per file.

use survey_report::{Kind, QuestionReport, Report, Session, OTHER_FREE_TEXT};

const ROLE: &str = "What is your role in your team?";
const DATA: &str = "What kind of data are you working with?";
const GRID: &str = "How relevant are the following obstacles for you?";
const COUNTRY: &str = "In which country do you work?";
const COMMENT: &str = "Is there anything else you would like to tell us?";

const SCALE: [&str; 5] = [
    "Not relevant",
    "Slightly relevant",
    "Moderately relevant",
    "Very relevant",
    "Extremely relevant",
];
const SCALE_NUMERIC: [&str; 5] = ["1", "2", "3", "4", "5"];

/// What EXPECTED.md says of one file.
struct Expected {
    file: &'static str,
    bytes: &'static [u8],
    /// A part of `report.input.layout`.
    layout: &'static str,
    header_rows: usize,
    encoding: &'static str,
    delimiter: &'static str,
    /// A part of `report.input.container`, or None for a bare CSV.
    container: Option<&'static str>,
    /// Metadata columns, by header text or code: all read as skipped.
    metadata: &'static [&'static str],
}

const ONE_ROW: &str = "one header row";
const GOOGLE_META: &[&str] = &["Timestamp"];

fn summary(q: &QuestionReport) -> String {
    let opts: Vec<String> = q
        .options
        .iter()
        .filter(|o| o.count > 0)
        .map(|o| format!("{:?}={}", o.label, o.count))
        .collect();
    format!(
        "[id {:?}, {:?}, columns {:?}, answered {}, header {:?}, options {}]",
        q.id,
        q.kind,
        q.columns,
        q.answered,
        q.header,
        opts.join(", ")
    )
}

fn count(q: &QuestionReport, label: &str) -> u64 {
    q.options.iter().filter(|o| o.label == label).map(|o| o.count).sum()
}

/// Questions whose header is `header`, or starts with it (its item or option part following).
fn by_header<'r>(r: &'r Report, header: &str) -> Vec<&'r QuestionReport> {
    r.questions.iter().filter(|q| q.header.trim() == header).collect()
}

fn near(r: &Report, header: &str) -> String {
    let v: Vec<String> = r
        .questions
        .iter()
        .filter(|q| q.header.starts_with(header))
        .map(summary)
        .collect();
    if v.is_empty() {
        "no question header starts with it".to_string()
    } else {
        format!("questions starting with it: {}", v.join("; "))
    }
}

fn check(e: &Expected) {
    let r = match Session::open_best(e.bytes) {
        Ok(s) => s.report(),
        Err(err) => panic!("{}: reading failed: {err}", e.file),
    };
    let mut f: Vec<String> = Vec::new();

    // The file as read.
    if r.respondents != 6 {
        f.push(format!(
            "respondents {}, expected 6 (rows: {:?})",
            r.respondents, r.rows
        ));
    }
    let input = &r.input;
    if !input.layout.contains(e.layout) {
        f.push(format!(
            "layout {:?}, expected it to mention {:?}",
            input.layout, e.layout
        ));
    }
    if input.header_rows != e.header_rows {
        f.push(format!("header rows {}, expected {}", input.header_rows, e.header_rows));
    }
    if input.encoding != e.encoding {
        f.push(format!("encoding {:?}, expected {:?}", input.encoding, e.encoding));
    }
    if input.delimiter != e.delimiter {
        f.push(format!("delimiter {:?}, expected {:?}", input.delimiter, e.delimiter));
    }
    match (e.container, input.container.as_deref()) {
        (None, None) => {}
        (Some(want), Some(got)) if got.contains(want) => {}
        (want, got) => f.push(format!("container {got:?}, expected {want:?}")),
    }

    // 1 role: single.
    match by_header(&r, ROLE).as_slice() {
        [q] => {
            if q.kind != Kind::Single {
                f.push(format!("role: kind {:?}, expected Single", q.kind));
            }
            if q.answered != 5 {
                f.push(format!("role: answered {}, expected 5", q.answered));
            }
            let want = [
                ("Models", 1),
                ("Data", 2),
                ("Infrastructure", 1),
                ("Both models and infrastructure", 1),
            ];
            let got: Vec<(String, u64)> = q
                .options
                .iter()
                .filter(|o| o.count > 0)
                .map(|o| (o.label.clone(), o.count))
                .collect();
            let mut want_v: Vec<(String, u64)> = want.iter().map(|(l, n)| (l.to_string(), *n)).collect();
            let mut got_sorted = got.clone();
            want_v.sort();
            got_sorted.sort();
            if got_sorted != want_v {
                f.push(format!("role: options {got:?}, expected {want:?}"));
            }
        }
        qs => f.push(format!(
            "role: {} questions headed {ROLE:?}, expected 1; {}",
            qs.len(),
            near(&r, ROLE)
        )),
    }

    // 2 data: multi, one column or the option columns together, other text included.
    let data = by_header(&r, DATA)
        .into_iter()
        .find(|q| q.kind != Kind::Skipped && q.kind != Kind::Text)
        // Typeform heads the option columns with the options only.
        .or_else(|| {
            r.questions
                .iter()
                .find(|q| count(q, "Relational data") > 0 && count(q, "Time series data") > 0)
        });
    match data {
        None => f.push(format!(
            "data: no question holds the options Relational data and Time series data together; {}",
            near(&r, DATA)
        )),
        Some(q) => {
            let what = format!("data {}", summary(q));
            if q.kind != Kind::Multi {
                f.push(format!("{what}: kind {:?}, expected Multi", q.kind));
            }
            if q.answered != 5 {
                f.push(format!("{what}: answered {}, expected 5", q.answered));
            }
            for (label, n) in [
                ("Relational data", 3),
                ("Time series data", 2),
                ("Images", 2),
                ("Text", 3),
            ] {
                if count(q, label) != n {
                    f.push(format!("{what}: {label:?} counted {}, expected {n}", count(q, label)));
                }
            }
            // "Other" ticked, or typed, by one respondent: "Lidar scans".
            let other = count(q, "Other") + count(q, OTHER_FREE_TEXT);
            if other != 1 {
                f.push(format!(
                    "{what}: Other + {OTHER_FREE_TEXT} counted {other}, expected 1 (respondent 2)"
                ));
            }
            let lidar: u64 = q
                .other
                .iter()
                .filter(|o| o.label == "Lidar scans")
                .map(|o| o.count)
                .sum();
            if lidar != 1 || q.other.len() != 1 {
                f.push(format!(
                    "{what}: other answers {:?}, expected exactly \"Lidar scans\" once",
                    q.other
                ));
            }
            let known = [
                "Relational data",
                "Time series data",
                "Images",
                "Text",
                "Other",
                OTHER_FREE_TEXT,
            ];
            for o in &q.options {
                if o.count > 0 && !known.contains(&o.label.as_str()) {
                    f.push(format!(
                        "{what}: option {:?} counted {}, not an option of the survey",
                        o.label, o.count
                    ));
                }
            }
            let total: u64 = q.options.iter().map(|o| o.count).sum();
            if total != 11 {
                f.push(format!("{what}: option counts add up to {total}, expected 11"));
            }
        }
    }

    // 3 grid: one rating question, 3 items from the file.
    let grid = by_header(&r, GRID);
    match grid.as_slice() {
        [q] => {
            if q.kind != Kind::Rating {
                f.push(format!("grid: kind {:?}, expected Rating", q.kind));
            }
            if q.answered != 5 {
                f.push(format!("grid: answered {}, expected 5", q.answered));
            }
            // Items read from the file (a preset may list more items, with no column: those must be empty).
            let from_file: Vec<_> = q.items.iter().filter(|i| i.column.is_some()).collect();
            for i in q.items.iter().filter(|i| i.column.is_none()) {
                if i.answered != 0 {
                    f.push(format!(
                        "grid: item {:?} has no column but {} answers",
                        i.label, i.answered
                    ));
                }
            }
            let want: [(&str, u64, [u64; 5]); 3] = [
                ("Lack of data", 5, [1, 1, 1, 1, 1]),
                ("Messiness of data", 4, [0, 0, 1, 1, 2]),
                ("Accessibility of data", 5, [1, 1, 2, 1, 0]),
            ];
            if from_file.len() != 3 {
                let labels: Vec<&str> = from_file.iter().map(|i| i.label.as_str()).collect();
                f.push(format!(
                    "grid: {} items read from the file {labels:?}, expected 3",
                    from_file.len()
                ));
            }
            for (label, answered, counts) in want {
                let Some(item) = from_file.iter().find(|i| i.label == label) else {
                    f.push(format!("grid: no item {label:?} read from the file"));
                    continue;
                };
                let got: Vec<u64> = item.counts.iter().map(|c| c.count).collect();
                let labels: Vec<&str> = item.counts.iter().map(|c| c.label.as_str()).collect();
                if item.answered != answered || got != counts || item.invalid != 0 {
                    f.push(format!(
                        "grid item {label:?}: answered {} counts {got:?} invalid {}, expected answered {answered} counts {counts:?}",
                        item.answered, item.invalid
                    ));
                }
                if labels != SCALE && labels != SCALE_NUMERIC {
                    f.push(format!(
                        "grid item {label:?}: scale {labels:?}, expected {SCALE:?} (or 1-5)"
                    ));
                }
            }
        }
        qs => f.push(format!(
            "grid: {} questions headed {GRID:?}, expected 1 rating grid; {}",
            qs.len(),
            near(&r, GRID)
        )),
    }

    // 4 country: 5 answers, as options or as other answers.
    match by_header(&r, COUNTRY).as_slice() {
        [q] => {
            if q.answered != 5 {
                f.push(format!("country: answered {}, expected 5", q.answered));
            }
            let mut got: Vec<(String, u64)> = q
                .options
                .iter()
                .chain(&q.other)
                .filter(|o| o.count > 0 && o.label != OTHER_FREE_TEXT)
                .map(|o| (o.label.clone(), o.count))
                .collect();
            got.sort();
            let want: Vec<(String, u64)> = [("España", 1), ("Finland", 2), ("Germany", 1), ("USA", 1)]
                .iter()
                .map(|(l, n)| (l.to_string(), *n))
                .collect();
            if got != want {
                f.push(format!("country: answers {got:?}, expected {want:?}"));
            }
        }
        qs => f.push(format!(
            "country: {} questions headed {COUNTRY:?}, expected 1; {}",
            qs.len(),
            near(&r, COUNTRY)
        )),
    }

    // 5 comment: free text.
    match by_header(&r, COMMENT).as_slice() {
        [q] => {
            if q.kind != Kind::Text {
                f.push(format!("comment: kind {:?}, expected Text {}", q.kind, summary(q)));
            }
            if q.answered != 3 {
                f.push(format!("comment: answered {}, expected 3", q.answered));
            }
        }
        qs => f.push(format!(
            "comment: {} questions headed {COMMENT:?}, expected 1; {}",
            qs.len(),
            near(&r, COMMENT)
        )),
    }

    // Metadata columns are skipped.
    for name in e.metadata {
        match r.questions.iter().find(|q| q.header == *name || q.id == *name) {
            None => f.push(format!("metadata column {name:?}: no question with that header or id")),
            Some(q) if q.kind != Kind::Skipped => f.push(format!(
                "metadata column {name:?}: kind {:?}, expected Skipped {}",
                q.kind,
                summary(q)
            )),
            Some(_) => {}
        }
    }

    // Exactly the five questions (an other-text column may stand alone as text holding "Lidar scans").
    let asked: Vec<&QuestionReport> = r
        .questions
        .iter()
        .filter(|q| q.kind != Kind::Skipped)
        .filter(|q| !(q.kind == Kind::Text && q.samples.iter().all(|s| s.label == "Lidar scans")))
        .collect();
    if asked.len() != 5 {
        let list: Vec<String> = asked.iter().map(|q| summary(q)).collect();
        f.push(format!(
            "{} questions not skipped, expected the 5 of the survey:\n      {}",
            asked.len(),
            list.join("\n      ")
        ));
    }

    if !f.is_empty() {
        panic!("{}: {} problem(s):\n  - {}", e.file, f.len(), f.join("\n  - "));
    }
}

macro_rules! layout_test {
    ($name:ident, $file:literal, layout: $layout:expr, header_rows: $rows:expr, encoding: $enc:expr, delimiter: $delim:expr, container: $cont:expr, metadata: $meta:expr $(,)?) => {
        #[test]
        fn $name() {
            check(&Expected {
                file: $file,
                bytes: include_bytes!(concat!("../data/layouts/", $file)),
                layout: $layout,
                header_rows: $rows,
                encoding: $enc,
                delimiter: $delim,
                container: $cont,
                metadata: $meta,
            });
        }
    };
}

layout_test!(google_forms, "google-forms.csv",
    layout: ONE_ROW, header_rows: 1, encoding: "UTF-8", delimiter: ",", container: None, metadata: GOOGLE_META);

layout_test!(microsoft_forms, "microsoft-forms.csv",
    layout: ONE_ROW, header_rows: 1, encoding: "UTF-8 with BOM", delimiter: ",", container: None,
    metadata: &["ID", "Start time", "Completion time", "Email", "Name"]);

layout_test!(typeform, "typeform.csv",
    layout: ONE_ROW, header_rows: 1, encoding: "UTF-8", delimiter: ",", container: None,
    metadata: &["#", "Start Date (UTC)", "Submit Date (UTC)", "Network ID"]);

layout_test!(surveymonkey, "surveymonkey.csv",
layout: "SurveyMonkey", header_rows: 2, encoding: "UTF-8", delimiter: ",", container: None,
metadata: &[
    "Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address", "First Name", "Last Name",
    "Custom Data 1",
]);

layout_test!(qualtrics, "qualtrics.csv",
layout: "Qualtrics", header_rows: 3, encoding: "UTF-8 with BOM", delimiter: ",", container: None,
metadata: &[
    "StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished", "RecordedDate", "ResponseId",
    "RecipientLastName", "RecipientFirstName", "RecipientEmail", "ExternalReference", "LocationLatitude", "LocationLongitude",
    "DistributionChannel", "UserLanguage",
]);

layout_test!(kaggle_style, "kaggle-style.csv",
    layout: "Kaggle", header_rows: 2, encoding: "UTF-8", delimiter: ",", container: None,
    metadata: &["Duration (in seconds)"]);

layout_test!(excel_semicolon, "excel-semicolon.csv",
    layout: ONE_ROW, header_rows: 1, encoding: "windows-1252", delimiter: ";", container: None, metadata: GOOGLE_META);

layout_test!(utf16_tab, "utf16-tab.txt",
    layout: ONE_ROW, header_rows: 1, encoding: "UTF-16LE", delimiter: "tab", container: None, metadata: GOOGLE_META);

layout_test!(google_forms_gz, "google-forms.csv.gz",
    layout: ONE_ROW, header_rows: 1, encoding: "UTF-8", delimiter: ",", container: Some("gzip"), metadata: GOOGLE_META);

layout_test!(google_forms_zip, "google-forms.zip",
    layout: ONE_ROW, header_rows: 1, encoding: "UTF-8", delimiter: ",", container: Some("zip: google-forms.csv"),
    metadata: GOOGLE_META);
