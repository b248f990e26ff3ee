//! Real export shapes (tests/data/layouts/real-shapes, counted by hand in
//! its EXPECTED.md): Kaggle 2019's code columns, renamed options of a later
//! edition, SurveyMonkey's Other column, unnamed ordered scales, pandas'
//! `nan`, many write-ins, and numbers as spreadsheets write them.
//!
//! Data-driven: every question section of EXPECTED.md (its column, its
//! `answered`, its table of options) is checked against the report, so the
//! hand counts and the code cannot drift apart; a few cases the tables
//! cannot say are checked by hand below.

use survey_report::{Kind, QuestionReport, Report, Session, OTHER_FREE_TEXT};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/layouts/real-shapes/");

fn report(file: &str) -> Report {
    let bytes = std::fs::read(format!("{DIR}{file}")).unwrap_or_else(|e| panic!("{file}: {e}"));
    Session::open_best(&bytes)
        .unwrap_or_else(|e| panic!("{file}: {e}"))
        .report()
}

/// One "#### " section of EXPECTED.md.
#[derive(Debug)]
struct Section {
    title: String,
    column: usize,
    answered: Option<u64>,
    /// Options as the table lists them, and whether in scale order.
    options: Vec<(String, u64)>,
    ordered: bool,
}

fn sections(file: &str) -> Vec<Section> {
    let text = std::fs::read_to_string(format!("{DIR}EXPECTED.md")).expect("EXPECTED.md");
    let start = text
        .find(&format!(". `{file}`\n"))
        .expect("the file's part of EXPECTED.md");
    let part = &text[start..];
    let part = &part[..part[1..].find("\n## ").map_or(part.len(), |e| e + 1)];
    let mut out = Vec::new();
    for sec in part.split("\n#### ").skip(1) {
        let title = sec.lines().next().unwrap_or("").to_string();
        let column = sec.lines().find_map(|l| {
            let rest = l.strip_prefix("- column ").or_else(|| l.strip_prefix("- columns "))?;
            rest.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
        });
        let Some(column) = column else { continue };
        let answered = sec.lines().find_map(|l| {
            let rest = l.strip_prefix("- answered **")?;
            rest.split("**").next()?.parse().ok()
        });
        let mut options = Vec::new();
        let mut ordered = false;
        let mut in_table = false;
        for l in sec.lines() {
            if l.starts_with("| option") {
                in_table = options.is_empty();
                ordered = l.contains("scale order");
                continue;
            }
            if !l.starts_with('|') {
                if !options.is_empty() {
                    in_table = false;
                }
                continue;
            }
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            if in_table && cells.len() >= 3 && cells[1].starts_with('`') {
                if let Ok(n) = cells[2].trim_matches('*').parse::<u64>() {
                    options.push((cells[1].trim_matches('`').trim().to_string(), n));
                }
            }
        }
        out.push(Section {
            title,
            column,
            answered,
            options,
            ordered,
        });
    }
    out
}

fn count(q: &QuestionReport, label: &str) -> Option<u64> {
    let shown = q
        .renamed
        .iter()
        .find(|r| r.file_label.eq_ignore_ascii_case(label))
        .map_or(label, |r| r.label.as_str());
    q.options
        .iter()
        .chain(&q.other) // an answer written in once is listed with its count
        .find(|o| o.label.eq_ignore_ascii_case(shown))
        .map(|o| o.count)
}

/// Every section of the file's EXPECTED.md against the report.
fn check(file: &str) -> Report {
    let r = report(file);
    let mut f = Vec::new();
    let secs = sections(file);
    assert!(!secs.is_empty(), "{file}: no question sections in EXPECTED.md");
    for s in &secs {
        let Some(q) = r.questions.iter().find(|q| q.columns.first() == Some(&s.column)) else {
            f.push(format!("{}: no question starts at column {}", s.title, s.column));
            continue;
        };
        if !q.answers.balances() {
            f.push(format!("{}: answers do not balance: {:?}", s.title, q.answers));
        }
        if let Some(n) = s.answered {
            if q.answered != n {
                f.push(format!("{}: answered {}, expected {n}", s.title, q.answered));
            }
        }
        for (label, n) in &s.options {
            match count(q, label) {
                Some(c) if c == *n => {}
                // An option nobody chose cannot be seen in a one-column file: it is not drawn.
                None if *n == 0 && q.encoding != survey_report::Encoding::Columns => {}
                got => f.push(format!("{}: {label:?} counted {got:?}, expected {n}", s.title)),
            }
        }
        if s.ordered && !s.options.is_empty() {
            let order: Vec<String> = q
                .options
                .iter()
                .filter(|o| o.label != OTHER_FREE_TEXT)
                .map(|o| o.label.clone())
                .collect();
            let want: Vec<String> = s
                .options
                .iter()
                .filter(|(_, n)| *n > 0 || q.encoding == survey_report::Encoding::Columns)
                .map(|(l, _)| {
                    q.renamed
                        .iter()
                        .find(|r| r.file_label == *l)
                        .map_or(l.clone(), |r| r.label.clone())
                })
                .collect();
            if order != want || !q.ordered {
                f.push(format!(
                    "{}: order {order:?} (ordered: {}), expected {want:?}",
                    s.title, q.ordered
                ));
            }
        }
    }
    assert!(f.is_empty(), "{file}: {} disagreements:\n{}", f.len(), f.join("\n"));
    r
}

fn question_at(r: &Report, column: usize) -> &QuestionReport {
    r.questions
        .iter()
        .find(|q| q.columns.contains(&column))
        .unwrap_or_else(|| panic!("no question holds column {column}"))
}

#[test]
fn kaggle_2019_code_columns_are_skipped_and_its_spellings_kept() {
    let r = check("kaggle-2019-shape.csv");
    for code_col in [3, 7, 17, 30] {
        let q = question_at(&r, code_col);
        assert_eq!(q.kind, Kind::Skipped, "{q:?}");
        assert!(q.reason.contains("codes"), "{}", q.reason);
        assert_eq!(q.columns, vec![code_col]);
    }
    let title = r.question("title").expect("Q5 feeds the title");
    assert_eq!(title.renamed[0].file_label, "Not employed");
    assert!(title.other.is_empty() && title.count_of(OTHER_FREE_TEXT).is_none());
}

#[test]
fn a_later_edition_keeps_its_renamed_options() {
    let r = check("kaggle-2021-renamed.csv");
    let title = r.question("title").expect("title");
    assert!(title.count_of("Program/Project Manager").is_some_and(|n| n > 0));
    assert!(title.options.iter().all(|o| o.count > 0), "{:?}", title.options);
}

#[test]
fn surveymonkey_other_column_joins_its_multi_select() {
    let r = check("surveymonkey-multi-other.csv");
    let q = r
        .questions
        .iter()
        .find(|q| q.header == "Which languages are you proficient in?")
        .expect("one question for the block");
    assert_eq!(q.kind, Kind::Multi);
    assert!(q.other.iter().any(|o| o.label == "Julia"), "{:?}", q.other);
}

#[test]
fn unnamed_scales_brackets_and_spans_keep_their_order() {
    check("unknown-scales.csv");
}

#[test]
fn pandas_nan_is_no_answer_and_can_be_kept() {
    let r = check("pandas-nan.csv");
    let nan = r
        .markers
        .iter()
        .find(|m| m.value == "nan")
        .expect("nan read as no answer");
    assert!(nan.cells > 0 && !nan.questions.is_empty());
    assert!(r
        .notices
        .iter()
        .any(|n| n.message.contains("\u{201c}nan\u{201d} read as no answer")));
    let bytes = std::fs::read(format!("{DIR}pandas-nan.csv")).unwrap();
    let mut s = Session::open_best(&bytes).unwrap();
    let mut o = s.overrides().clone();
    o.keep_markers = true;
    s.set_overrides(o);
    let kept = s.report();
    assert!(kept.markers.is_empty());
    let q = kept.questions.iter().find(|q| q.columns == vec![3]).unwrap();
    assert_eq!(
        q.answered, kept.respondents,
        "with the markers kept, every cell is an answer"
    );
}

#[test]
fn many_write_ins_are_never_cut_from_the_figure() {
    let r = check("google-forms-write-ins.csv");
    let q = r
        .questions
        .iter()
        .find(|q| q.header.starts_with("Which IDE"))
        .expect("IDE question");
    let fig = survey_report::every_figure(&r)
        .into_iter()
        .find(|f| f.title == q.header)
        .expect("a figure");
    let survey_report::Body::Bars(bars) = &fig.body else {
        panic!("bars")
    };
    let shown: Vec<String> = bars.rows.iter().map(|r| r.label.clone()).collect();
    // The biggest bars are all there, whichever they are.
    let mut by_size: Vec<_> = q.options.iter().collect();
    by_size.sort_by_key(|o| std::cmp::Reverse(o.count));
    for o in by_size.iter().take(5) {
        assert!(shown.contains(&o.label), "{:?} missing from {shown:?}", o.label);
    }
}

#[test]
fn numbers_and_date_serials_as_spreadsheets_write_them() {
    let r = check("excel-numbers.csv");
    assert!(
        r.notices.iter().any(|n| n.message.contains("date serial")),
        "{:?}",
        r.notices
    );
    let hours = r
        .questions
        .iter()
        .find(|q| q.header.starts_with("Hours per week"))
        .expect("hours");
    assert_eq!(hours.kind, Kind::Number);
    assert!(hours.reason.contains("decimal comma"), "{}", hours.reason);
    let r = check("excel-thousands.csv");
    assert!(r.questions.iter().filter(|q| q.kind == Kind::Number).count() >= 3);
}
