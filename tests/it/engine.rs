//! The counting engine over a selection of respondents, with weights,
//! through the session: weights of 1 give the plain counts, weighted sums
//! and filters equal sums and rows taken here from the file's cells. (That
//! counts over a selection equal those of the file with the other rows
//! removed is a property test in `src/session/tests.rs`: it needs the
//! smaller table read the same way, which only the crate can build.)

use survey_report::{Filter, Preset, Selection, Session};

use crate::SAMPLE;

/// A survey of `n` respondents with a number, free text, a joined
/// multi-select and two single choices, from a fixed seed.
fn survey(n: usize) -> String {
    let mut out = String::from("Age,What else?,Which tools do you use?,Team,Seniority\n");
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |m: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x % m
    };
    let tools = ["Python", "R", "Julia", "Excel", "SQL"];
    for _ in 0..n {
        let age = if next(10) == 0 {
            String::new()
        } else {
            (20 + next(40)).to_string()
        };
        let text = match next(4) {
            0 => String::new(),
            1 => "more docs".to_string(),
            _ => format!("note {}", next(30)),
        };
        let chosen: Vec<&str> = tools.iter().copied().filter(|_| next(3) == 0).collect();
        let team = ["Data", "Platform", "Research"][next(3) as usize];
        let seniority = ["Junior", "Senior", ""][next(3) as usize];
        out.push_str(&format!("{age},{text},\"{}\",{team},{seniority}\n", chosen.join(", ")));
    }
    out
}

#[test]
fn the_whole_selection_gives_the_report() {
    let session = Session::open(SAMPLE.as_bytes(), Preset::state_of_ml_2020()).expect("reads");
    let all = Selection::all(session.respondents());
    let a = serde_json::to_value(session.report()).expect("serialises");
    let b = serde_json::to_value(session.report_over(&all)).expect("serialises");
    assert_eq!(a, b);
}

#[test]
fn weights_of_one_give_the_plain_counts() {
    for csv in [SAMPLE.to_string(), survey(300)] {
        let session = Session::open(csv.as_bytes(), Preset::state_of_ml_2020()).expect("reads");
        let all = Selection::all(session.respondents());
        let ones = session
            .weights(vec![1.0; session.respondents()])
            .expect("valid weights");
        let plain = session.counts(&all, None);
        let mut weighted = session.counts(&all, Some(&ones));
        // Free text's summed weights are kept only when weighted: of ones, its counts.
        for c in &mut weighted {
            let texts = &c.counts.other_texts;
            assert_eq!(c.counts.other_weights.len(), texts.len(), "{}", c.id);
            for (t, w) in &c.counts.other_weights {
                assert_eq!(*w, texts[t] as f64, "{}: {t}", c.id);
            }
            c.counts.other_weights.clear();
        }
        assert_eq!(plain, weighted);
        // The plain counts are the report's.
        let report = session.report();
        for counted in &plain {
            let (id, c) = (&counted.id, &counted.counts);
            let q = report.question(id).expect("each counted question is reported");
            if matches!(q.kind, survey_report::Kind::Single | survey_report::Kind::Multi) && q.items.is_empty() {
                assert_eq!(q.answered, c.base.respondents, "{id}");
                assert_eq!(c.base.weight, c.base.respondents as f64, "{id}");
                assert_eq!(c.base.weight_sq, c.base.respondents as f64, "{id}");
                for o in &q.options {
                    if o.label != survey_report::OTHER_FREE_TEXT {
                        let k = counted
                            .labels
                            .iter()
                            .position(|l| *l == o.label)
                            .expect("a bar of the report is counted");
                        assert_eq!(c.options[k].respondents, o.count, "{id}: {}", o.label);
                        assert_eq!(c.options[k].weight, o.count as f64, "{id}: {}", o.label);
                    }
                }
            }
        }
    }
}

/// The cells of one column of a one-header-row CSV, by data row.
fn column(csv: &str, name: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let at = reader
        .headers()
        .expect("a header")
        .iter()
        .position(|h| h == name)
        .expect("the column");
    reader
        .records()
        .map(|r| r.expect("well-formed")[at].trim().to_string())
        .collect()
}

#[test]
fn weighted_sums_equal_sums_over_the_cells() {
    let csv = survey(500);
    let session = Session::open(csv.as_bytes(), Preset::state_of_ml_2020()).expect("reads");
    let n = session.respondents();
    let w: Vec<f64> = (0..n).map(|i| 0.25 + (i % 7) as f64 * 0.5).collect();
    let weights = session.weights(w.clone()).expect("valid weights");
    let all = Selection::all(n);
    let counts = session.counts(&all, Some(&weights));
    let report = session.report();
    let team = column(&csv, "Team");
    let q = report
        .questions
        .iter()
        .find(|q| q.header == "Team")
        .expect("the team question");
    let counted = counts.iter().find(|c| c.id == q.id).expect("counted");
    let c = &counted.counts;
    let mut sum = 0.0;
    let mut sum_sq = 0.0;
    for (i, cell) in team.iter().enumerate() {
        if !cell.is_empty() {
            sum += w[i];
            sum_sq += w[i] * w[i];
        }
    }
    assert!((c.base.weight - sum).abs() < 1e-9, "{} vs {sum}", c.base.weight);
    assert!((c.base.weight_sq - sum_sq).abs() < 1e-9);
    assert_eq!(c.base.respondents, team.iter().filter(|c| !c.is_empty()).count() as u64);
    for label in ["Data", "Platform", "Research"] {
        let k = q.options.iter().position(|o| o.label == label).expect("an option");
        let expected: f64 = team.iter().zip(&w).filter(|(c, _)| *c == label).map(|(_, w)| w).sum();
        let t = c
            .options
            .iter()
            .find(|t| t.respondents == q.options[k].count)
            .expect("the option's tally");
        // Option tallies are in the resolver's order; find this one by both sums.
        let found = c
            .options
            .iter()
            .any(|t| (t.weight - expected).abs() < 1e-9 && t.respondents == q.options[k].count);
        assert!(
            found,
            "{label}: no tally of weight {expected} (one of {} respondents: {t:?})",
            q.options[k].count
        );
    }
}

#[test]
fn filters_and_across_questions_and_or_within_one() {
    let csv = survey(600);
    let session = Session::open(csv.as_bytes(), Preset::state_of_ml_2020()).expect("reads");
    let report = session.report();
    let id = |header: &str| {
        report
            .questions
            .iter()
            .find(|q| q.header == header)
            .expect("question")
            .id
            .clone()
    };
    let (team, seniority) = (id("Team"), id("Seniority"));
    let filter = |q: &str, o: &[&str]| Filter {
        question: q.to_string(),
        options: o.iter().map(|s| s.to_string()).collect(),
    };
    let sel = session
        .select(&[filter(&team, &["Data", "Research"]), filter(&seniority, &["Senior"])])
        .expect("a valid filter");
    let (teams, levels) = (column(&csv, "Team"), column(&csv, "Seniority"));
    let expected: Vec<usize> = (0..teams.len())
        .filter(|&i| (teams[i] == "Data" || teams[i] == "Research") && levels[i] == "Senior")
        .collect();
    assert!(expected.len() > 50, "the test file should give a sizeable selection");
    assert_eq!(sel.to_rows(), expected);
    // The same through the set operations.
    let one = |q: &str, o: &str| session.select(&[filter(q, &[o])]).expect("valid");
    let combined = one(&team, "Data")
        .or(&one(&team, "Research"))
        .and(&one(&seniority, "Senior"));
    assert_eq!(combined, sel);
    // A report over it counts only those respondents.
    let over = session.report_over(&sel);
    assert_eq!(over.respondents, expected.len() as u64);
    let t = over.questions.iter().find(|q| q.id == team).expect("team");
    assert_eq!(t.answered, expected.len() as u64);
    assert_eq!(t.count_of("Platform").unwrap_or(0), 0);
    let data = expected.iter().filter(|&&i| teams[i] == "Data").count() as u64;
    assert_eq!(t.count_of("Data"), Some(data));
}

#[test]
fn a_bad_filter_or_weight_says_what_is_wrong() {
    let session = Session::open(SAMPLE.as_bytes(), Preset::state_of_ml_2020()).expect("reads");
    let bad = |question: &str, option: &str| {
        session
            .select(&[Filter {
                question: question.into(),
                options: vec![option.into()],
            }])
            .expect_err("refused")
            .to_string()
    };
    assert!(bad("no_such_question", "x").contains("no question with that id"));
    assert!(bad("role", "No such role").contains("it has no option \u{201c}No such role\u{201d}"));
    assert!(bad("obstacles", "Very relevant").contains("only a question with options"));
    let n = session.respondents();
    let e = session.weights(vec![1.0; n - 1]).expect_err("too few").to_string();
    assert!(
        e.contains(&format!("{} weights given for {n} respondents", n - 1)),
        "{e}"
    );
    let mut w = vec![1.0; n];
    w[4] = f64::NAN;
    let e = session.weights(w).expect_err("not a number").to_string();
    assert!(e.starts_with("respondent 5: the weight NaN"), "{e}");
}

#[test]
fn selection_set_operations() {
    let a = Selection::from_rows(130, [0, 1, 64, 127, 129, 500]);
    let b = Selection::from_rows(130, [1, 2, 64, 128]);
    assert_eq!(a.len(), 5, "a row past the last is not selected");
    assert_eq!(a.and(&b).to_rows(), vec![1, 64]);
    assert_eq!(a.or(&b).to_rows(), vec![0, 1, 2, 64, 127, 128, 129]);
    let all = Selection::all(130);
    assert_eq!(all.and(&b), b);
    assert_eq!(all.or(&a).len(), 130);
    assert!(all.is_all() && !a.is_all() && Selection::none(3).is_empty());
}
