//! Two editions compared (issue #17): pairing of questions and options,
//! the tests of each change against R, corrections, filters and weights
//! carried to both editions, exports, and real editions (Kaggle 2020 and
//! 2021, Spack 2021 and 2022) against their single-file reports.

use std::path::Path;

use serde_json::Value;
use survey_report::{
    alt_text, figure_csv, Analysis, Body, ComparedQuestion, Comparison, Filter, OptionPair, Pairing, QuestionPair,
    Report, Session, Weighting,
};

const A_2020: &str = include_str!("../data/compare/edition-2020.csv");
const B_2021: &str = include_str!("../data/compare/edition-2021.csv");
const REFERENCE: &str = include_str!("../reference/survey.json");
const FIXTURE_A: &str = include_str!("../reference/fixture-a.csv");
const FIXTURE_B: &str = include_str!("../reference/fixture-b.csv");

fn session(csv: &str, name: &str) -> Session {
    let mut s = Session::open_best(csv.as_bytes()).expect("reads");
    s.set_name(name);
    s
}

fn editions() -> (Session, Session) {
    (session(A_2020, "edition-2020.csv"), session(B_2021, "edition-2021.csv"))
}

fn question<'c>(c: &'c Comparison, header_part: &str) -> &'c ComparedQuestion {
    c.questions
        .iter()
        .find(|q| q.a_header.contains(header_part))
        .unwrap_or_else(|| panic!("no compared question headed like {header_part:?}"))
}

fn close(what: &str, got: f64, want: f64) {
    assert!(
        (got - want).abs() <= 1e-9 * want.abs().max(1e-12),
        "{what}: got {got}, R says {want}"
    );
}

#[test]
fn edition_names_come_from_years_in_file_names() {
    let (a, b) = editions();
    let c = a.compare(&b, &Pairing::default()).expect("compares").comparison;
    assert_eq!((c.a.name.as_str(), c.b.name.as_str()), ("2020", "2021"));
    assert_eq!((c.a.respondents, c.b.respondents), (200, 300));
    let named = Pairing {
        names: vec!["Spring".into(), String::new()],
        ..Pairing::default()
    };
    let c = a.compare(&b, &named).expect("compares").comparison;
    assert_eq!((c.a.name.as_str(), c.b.name.as_str()), ("Spring", "2021"));
}

#[test]
fn questions_pair_by_text_when_their_place_differs() {
    let (a, b) = editions();
    let c = a.compare(&b, &Pairing::default()).expect("compares").comparison;
    // The role is the first question in 2020 and the second in 2021.
    let role = question(&c, "What is your role?");
    assert_eq!((role.a_code.as_str(), role.b_code.as_str()), ("column_2", "column_3"));
    assert_eq!(role.matched_by, "text");
    let size = question(&c, "How large is your company?");
    assert_eq!((size.a_code.as_str(), size.b_code.as_str()), ("column_3", "column_2"));
    // Same text in the same place, but "column_4" is no code of the file's.
    assert_eq!(question(&c, "Which tools").matched_by, "text");
    // The question each edition alone asked is listed, not paired.
    assert_eq!(c.unmatched_a.len(), 1);
    assert!(c.unmatched_a[0].header.contains("hear about us"));
    assert_eq!(c.unmatched_b.len(), 1);
    assert!(c.unmatched_b[0].header.contains("containers"));
}

#[test]
fn options_pair_by_words_and_one_edition_only_is_never_zero() {
    let (a, b) = editions();
    let c = a.compare(&b, &Pairing::default()).expect("compares").comparison;
    let emp = question(&c, "employment status");
    let renamed = emp
        .options
        .iter()
        .find(|o| o.a_label.as_deref() == Some("Currently not employed"))
        .expect("the 2020 label");
    assert_eq!(renamed.b_label.as_deref(), Some("Not employed"));
    assert_eq!(renamed.matched_by.as_deref(), Some("similar"));
    assert_eq!((renamed.a.unwrap().count, renamed.b.unwrap().count), (30, 45));
    let tools = question(&c, "Which tools");
    let julia = tools.options.iter().find(|o| o.label == "Julia").expect("Julia");
    assert!(
        julia.a.is_none() && julia.a_label.is_none(),
        "not offered in 2020: no share at all"
    );
    assert_eq!(julia.b.map(|s| s.count), Some(30));
    assert!(julia.change.is_none() && julia.p.is_none() && julia.q.is_none());
    // The figure draws it as not offered and its CSV leaves the count empty.
    let compared = a.compare(&b, &Pairing::default()).expect("compares");
    let fig = compared
        .figures
        .iter()
        .find(|f| Some(&f.id) == tools.figure.as_ref())
        .expect("the tools figure");
    let Body::Bars(bars) = &fig.body else { panic!("bars") };
    let row = bars.rows.iter().find(|r| r.label == "Julia").expect("Julia row");
    assert!(row.values[0].not_offered && !row.values[1].not_offered);
    let csv = figure_csv(fig);
    let julia_2020 = csv
        .lines()
        .find(|l| l.starts_with("Julia,2020"))
        .expect("Julia's 2020 line");
    assert_eq!(julia_2020, "Julia,2020,,,,,,A,,yes,,,");
    assert!(fig
        .note
        .as_deref()
        .unwrap_or("")
        .contains("Only in 2021: \u{201c}Julia\u{201d}"));
    assert!(
        alt_text(fig).contains("Julia: 2020 not offered, 2021 "),
        "{}",
        alt_text(fig)
    );
}

#[test]
fn changes_are_tested_as_r_prop_test_and_said_only_when_significant() {
    let (a, b) = editions();
    let compared = a.compare(&b, &Pairing::default()).expect("compares");
    let c = &compared.comparison;
    let role = question(c, "What is your role?");
    let opt = |label: &str| role.options.iter().find(|o| o.label == label).expect(label);
    // R 4.2: prop.test(c(100, 120), c(200, 300), correct = FALSE)$p.value, and
    // p.adjust(c(p_engineer, p_scientist, p_manager), "BH").
    close("engineer p", opt("Engineer").p.unwrap(), 0.027_325_443_941_614_24);
    close(
        "scientist p",
        opt("Data scientist").p.unwrap(),
        0.022_478_873_366_125_28,
    );
    close("engineer q", opt("Engineer").q.unwrap(), 0.040_988_165_912_421_36);
    close("manager q", opt("Manager").q.unwrap(), 1.0);
    assert!(opt("Engineer").significant && opt("Data scientist").significant && !opt("Manager").significant);
    assert!((opt("Engineer").change.unwrap() - -10.0).abs() < 1e-9);
    // A grid's items as top-two boxes: Documentation 100/200 -> 210/300.
    let grid = question(c, "rate the project");
    assert!(grid.grid);
    assert_eq!(grid.top, vec!["Good".to_string(), "Excellent".to_string()]);
    let docs = grid.options.iter().find(|o| o.label == "Documentation").expect("item");
    assert_eq!((docs.a.unwrap().count, docs.a.unwrap().base), (100, 200));
    assert_eq!((docs.b.unwrap().count, docs.b.unwrap().base), (210, 300));
    close("documentation p", docs.p.unwrap(), 6.370_542_547_528_973e-6);
    // The text: significant changes rise or fall, the rest are about the same.
    let text = compared.comparison.text[0].paragraphs.join("\n");
    assert!(
        text.contains("the share choosing \u{201c}Data scientist\u{201d} rose from 30% to 40% (p = 0.022, q = 0.041)"),
        "{text}"
    );
    assert!(text.contains("\u{201c}Engineer\u{201d} fell from 50% to 40%"), "{text}");
    assert!(
        text.contains("\u{201c}Q2. How large is your company?\u{201d}: about the same"),
        "{text}"
    );
    assert!(
        text.contains(
            "\u{201c}Documentation\u{201d} as \u{201c}Good\u{201d} or \u{201c}Excellent\u{201d} rose from 50% to 70%"
        ),
        "{text}"
    );
    // The figure marks the higher edition, and its CSV has the change and both tests.
    let fig = compared
        .figures
        .iter()
        .find(|f| Some(&f.id) == role.figure.as_ref())
        .expect("role figure");
    let Body::Bars(bars) = &fig.body else { panic!("bars") };
    let eng = bars.rows.iter().find(|r| r.label == "Engineer").unwrap();
    assert_eq!(
        (eng.values[0].higher_than, eng.values[1].higher_than),
        (2, 0),
        "2020 higher than B"
    );
    let sci = bars.rows.iter().find(|r| r.label == "Data scientist").unwrap();
    assert_eq!(
        (sci.values[0].higher_than, sci.values[1].higher_than),
        (0, 1),
        "2021 higher than A"
    );
    let csv = figure_csv(fig);
    let head = csv.lines().next().unwrap();
    assert!(
        head.ends_with("group_letter,higher_than_groups,change_points,p,q"),
        "{head}"
    );
    assert!(csv.contains("Engineer,2020,100,200,50.0,"), "{csv}");
    assert!(csv.contains("Engineer,2021,120,300,40.0,"), "{csv}");
    assert!(csv.contains(",A,B,-10.0,0.027325,0.040988"), "{csv}");
    assert!(
        alt_text(fig).contains("Engineer: 2020 50%, 2021 40% (\u{2212}10 points, a significant change (q = 0.041))")
    );
}

/// Fixture a of tests/reference as edition A and fixture b as B: every
/// option's counts, p and q against R's prop.test and p.adjust.
#[test]
fn fixture_editions_match_r() {
    let reference: Value = serde_json::from_str(REFERENCE).expect("json");
    let a = session(FIXTURE_A, "fixture-a.csv");
    let b = session(FIXTURE_B, "fixture-b.csv");
    let c = a.compare(&b, &Pairing::default()).expect("compares").comparison;
    let editions = reference["editions"].as_object().expect("editions");
    assert_eq!(editions.len(), 5);
    for (id, want) in editions {
        let q = c
            .questions
            .iter()
            .find(|q| &q.a_header == id)
            .unwrap_or_else(|| panic!("{id} paired"));
        let labels: Vec<&str> = want["options"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(q.options.len(), labels.len(), "{id}: options");
        for (i, label) in labels.iter().enumerate() {
            let o = q
                .options
                .iter()
                .find(|o| o.label == *label)
                .unwrap_or_else(|| panic!("{id}: {label}"));
            let (sa, sb) = (o.a.expect("in a"), o.b.expect("in b"));
            assert_eq!(sa.count, want["a_count"][i].as_u64().unwrap(), "{id} {label} a count");
            assert_eq!(sb.count, want["b_count"][i].as_u64().unwrap(), "{id} {label} b count");
            assert_eq!(sa.base, want["a_base"].as_u64().unwrap(), "{id} a base");
            assert_eq!(sb.base, want["b_base"].as_u64().unwrap(), "{id} b base");
            close(&format!("{id} {label} p"), o.p.unwrap(), want["p"][i].as_f64().unwrap());
            close(&format!("{id} {label} q"), o.q.unwrap(), want["q"][i].as_f64().unwrap());
        }
    }
}

#[test]
fn a_person_pairs_and_unpairs_questions_and_options() {
    let (a, b) = editions();
    let plain = a.compare(&b, &Pairing::default()).expect("compares").comparison;
    let role = question(&plain, "What is your role?").a_id.clone();
    let hear = plain.unmatched_a[0].id.clone();
    let containers = plain.unmatched_b[0].id.clone();
    let pairing = Pairing {
        unpaired: vec![role.clone()],
        pairs: vec![QuestionPair {
            a: hear.clone(),
            b: containers.clone(),
        }],
        options: vec![OptionPair {
            question: question(&plain, "employment status").a_id.clone(),
            a: "Currently not employed".into(),
            b: None,
        }],
        ..Pairing::default()
    };
    let c = a.compare(&b, &pairing).expect("compares").comparison;
    assert!(c.questions.iter().all(|q| q.a_id != role), "unpaired");
    assert!(c.unmatched_a.iter().any(|u| u.id == role));
    let made = c
        .questions
        .iter()
        .find(|q| q.a_id == hear)
        .expect("paired by the person");
    assert_eq!(
        (made.b_id.as_str(), made.matched_by.as_str(), made.confidence),
        (containers.as_str(), "you", 1.0)
    );
    let emp = question(&c, "employment status");
    let cur = emp
        .options
        .iter()
        .find(|o| o.a_label.as_deref() == Some("Currently not employed"))
        .unwrap();
    assert!(cur.b.is_none(), "the person unpaired the option");
    assert!(emp
        .options
        .iter()
        .any(|o| o.a_label.is_none() && o.b_label.as_deref() == Some("Not employed")));
    // Mistakes are named.
    let wrong = Pairing {
        pairs: vec![QuestionPair {
            a: "nope".into(),
            b: containers,
        }],
        ..Pairing::default()
    };
    let e = a.compare(&b, &wrong).expect_err("an unknown id");
    assert!(
        e.to_string().contains("no question \u{201c}nope\u{201d} in edition A"),
        "{e}"
    );
}

#[test]
fn filters_and_weights_apply_to_both_editions() {
    let (mut a, b) = editions();
    let role_a = question(
        &a.compare(&b, &Pairing::default()).unwrap().comparison,
        "What is your role?",
    )
    .a_id
    .clone();
    a.set_analysis(Analysis {
        filters: vec![Filter {
            question: role_a,
            options: vec!["Engineer".into()],
        }],
        weighting: None,
    })
    .expect("filter");
    let c = a.compare(&b, &Pairing::default()).expect("compares").comparison;
    assert_eq!((c.a.respondents, c.b.respondents), (100, 120));
    assert!(
        c.b.analysis.as_deref().unwrap_or("").starts_with("Filtered:"),
        "{:?}",
        c.b.analysis
    );
    // B's shares are those of B's own report under the same filter.
    let mut b_alone = session(B_2021, "edition-2021.csv");
    b_alone
        .set_analysis(Analysis {
            filters: vec![Filter {
                question: "column_3".into(),
                options: vec!["Engineer".into()],
            }],
            weighting: None,
        })
        .expect("filter B");
    let rb = b_alone.report();
    for q in c.questions.iter().filter(|q| !q.grid) {
        let single = rb.questions.iter().find(|x| x.id == q.b_id).expect("in B's report");
        for o in q.options.iter().filter(|o| o.b.is_some()) {
            let want = single
                .options
                .iter()
                .find(|x| Some(&x.label) == o.b_label.as_ref())
                .expect("option");
            assert_eq!(o.b.unwrap().count, want.count, "{} {}", q.b_id, o.label);
            assert_eq!(o.b.unwrap().base, single.answered);
        }
    }
    // A filter on a question B lacks is refused by name.
    let (mut a, b) = editions();
    a.set_analysis(Analysis {
        filters: vec![Filter {
            question: "column_8".into(),
            options: vec!["A friend".into()],
        }],
        weighting: None,
    })
    .expect("filter");
    let e = a.compare(&b, &Pairing::default()).expect_err("no pair for the filter");
    assert!(e.to_string().contains("cannot be applied to edition B"), "{e}");

    // A weight column of both files weights both editions: the shares are
    // each file's weighted report's.
    let mut a = session(FIXTURE_A, "fixture-a.csv");
    let mut b = session(FIXTURE_B, "fixture-b.csv");
    let weighting = Analysis {
        filters: vec![],
        weighting: Some(Weighting::Column {
            column: "w".into(),
            trim: None,
        }),
    };
    a.set_analysis(weighting.clone()).expect("weights a");
    let c = a.compare(&b, &Pairing::default()).expect("compares").comparison;
    b.set_analysis(weighting).expect("weights b");
    let (ra, rb): (Report, Report) = (a.report(), b.report());
    let region = c.questions.iter().find(|q| q.a_header == "region").expect("region");
    for o in &region.options {
        let share = |r: &Report, label: &str| {
            let q = r.questions.iter().find(|q| q.header == "region").unwrap();
            q.options
                .iter()
                .find(|x| x.label == label)
                .unwrap()
                .weighted_percent
                .unwrap()
        };
        close("weighted a", o.a.unwrap().percent, share(&ra, &o.label));
        close("weighted b", o.b.unwrap().percent, share(&rb, &o.label));
        assert!(o.a.unwrap().effective_base.is_some());
    }
    assert!(c.a.analysis.as_deref().unwrap_or("").starts_with("Weighted"));
}

const REAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/realdata/");

fn real(name: &str) -> Option<Session> {
    if !Path::new(REAL).is_dir() {
        eprintln!("skipped: ../shared/realdata not found (it is beside the checkout in CI)");
        return None;
    }
    let bytes = std::fs::read(format!("{REAL}{name}")).expect("reads");
    let mut s = Session::open_best(&bytes).expect("opens");
    s.set_name(name);
    Some(s)
}

/// Every compared option's counts and bases are those of each file's own report.
fn check_against_single_reports(c: &Comparison, ra: &Report, rb: &Report) {
    let mut checked = 0;
    for q in c
        .questions
        .iter()
        .filter(|q| q.a_id != "maturity" && q.figure.is_some())
    {
        for (side, r, id) in [(0, ra, &q.a_id), (1, rb, &q.b_id)] {
            let single = r.questions.iter().find(|x| &x.id == id).expect("in its report");
            for o in &q.options {
                let (label, share) = if side == 0 {
                    (&o.a_label, o.a)
                } else {
                    (&o.b_label, o.b)
                };
                let (Some(label), Some(share)) = (label, share) else {
                    assert!(label.is_none() && share.is_none(), "{id}: a label without a share");
                    continue;
                };
                if q.grid {
                    let item = single.items.iter().find(|i| &i.label == label).expect("item");
                    assert_eq!(share.base, item.answered, "{id} {label}");
                } else {
                    let want = single.options.iter().find(|x| &x.label == label).expect("option");
                    assert_eq!((share.count, share.base), (want.count, single.answered), "{id} {label}");
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} options checked");
}

#[test]
fn kaggle_2020_and_2021_pair_renumbered_questions() {
    let (Some(a), Some(b)) = (real("kaggle-survey-2020.zip"), real("kaggle-survey-2021.zip")) else {
        return;
    };
    let c = a.compare(&b, &Pairing::default()).expect("compares").comparison;
    // Questions whose code changed between the years, found by their text.
    for (code_a, code_b, words) in [
        ("Q20", "Q21", "size of the company"),
        ("Q21", "Q22", "responsible for data science workloads"),
        ("Q24", "Q25", "yearly compensation"),
        ("Q26_A", "Q27_A", "cloud computing platforms"),
        ("Q37", "Q40", "data science courses"),
    ] {
        let q = c
            .questions
            .iter()
            .find(|q| q.a_code == code_a)
            .unwrap_or_else(|| panic!("{code_a} paired"));
        assert_eq!(q.b_code, code_b, "{code_a}");
        assert!(
            q.a_header.contains(words) && q.b_header.contains(words),
            "{code_a}: {}",
            q.b_header
        );
        assert!(q.confidence >= 0.9, "{code_a}: {}", q.confidence);
    }
    // A question that kept its code and text.
    let q7 = c.questions.iter().find(|q| q.a_code == "Q7").expect("Q7");
    assert_eq!((q7.b_code.as_str(), q7.matched_by.as_str()), ("Q7", "code and text"));
    // 2021's new industry question (Q20) is not paired with 2020's Q20.
    assert!(c
        .unmatched_b
        .iter()
        .any(|u| u.id == "Q20" && u.header.contains("industry")));
    check_against_single_reports(&c, &a.report(), &b.report());
}

#[test]
fn spack_2021_and_2022_grids_pair_item_by_item() {
    let (Some(a), Some(b)) = (
        real("spack-user-survey-2021-responses.csv"),
        real("spack-user-survey-2022-responses.csv"),
    ) else {
        return;
    };
    let c = a.compare(&b, &Pairing::default()).expect("compares").comparison;
    let grids: Vec<&ComparedQuestion> = c.questions.iter().filter(|q| q.grid).collect();
    assert!(grids.len() >= 2, "{} grids", grids.len());
    let quality = grids
        .iter()
        .find(|q| q.a_header.contains("overall quality"))
        .expect("quality grid");
    assert_eq!(quality.top, vec!["Good".to_string(), "Excellent".to_string()]);
    for item in ["Spack documentation", "Spack community", "Spack packages", "Spack"] {
        let o = quality.options.iter().find(|o| o.label == item).expect(item);
        assert_eq!(o.b_label.as_deref(), Some(item));
        assert!(o.a.is_some() && o.b.is_some() && o.q.is_some());
    }
    let features = grids
        .iter()
        .find(|q| q.a_header.contains("Rank these"))
        .expect("features grid");
    let auto = features
        .options
        .iter()
        .find(|o| o.a_label.as_deref() == Some("Autodetection of system packages"))
        .expect("item");
    assert_eq!(auto.b_label.as_deref(), Some("Better autodetection of system packages"));
    check_against_single_reports(&c, &a.report(), &b.report());
}

/// The paper's sample as edition A, and as edition B with every respondent
/// who works with both models and infrastructure answering twice: the
/// paper's results sentences, compared, say that share rose.
#[test]
fn the_papers_results_are_written_for_the_comparison() {
    let sample = include_str!("../../www/state-of-ml-2020-synthetic.csv");
    let mut lines = sample.lines();
    let mut b = format!("{}\n", lines.next().unwrap());
    for line in lines {
        b.push_str(line);
        b.push('\n');
        if line.contains(",Both models and infrastructure,") {
            b.push_str(line);
            b.push('\n');
        }
    }
    let a = session(sample, "state-of-ml-2020.csv");
    let same = a
        .compare(&session(sample, "state-of-ml-2021.csv"), &Pairing::default())
        .unwrap()
        .comparison;
    assert_eq!(same.text[0].id, "changes-results");
    let said = same.text[0].paragraphs.join("\n");
    assert!(
        said.contains(
            "work with both models and infrastructure is about the same (39% in 2020, 39% in 2021; p = 1.000)"
        ),
        "{said}"
    );
    assert!(said.contains("in both editions"), "{said}");
    let more = a
        .compare(&session(&b, "state-of-ml-2021.csv"), &Pairing::default())
        .unwrap()
        .comparison;
    let role = more.questions.iter().find(|q| q.a_id == "role").expect("role");
    let both = role
        .options
        .iter()
        .find(|o| o.label == "Both models and infrastructure")
        .unwrap();
    assert_eq!(both.b.unwrap().count, 2 * both.a.unwrap().count, "each answered twice");
    assert!(both.significant);
    let said = more.text[0].paragraphs[0].clone();
    let (pa, pb) = (both.a.unwrap().percent, both.b.unwrap().percent);
    let stat = |name: &str, x: f64| {
        if x < 0.001 {
            format!("{name} < 0.001")
        } else {
            format!("{name} = {x:.3}")
        }
    };
    let want = format!(
        "The share of respondents who say that they work with both models and infrastructure rose from {pa:.0}% to {pb:.0}% ({}, {}).",
        stat("p", both.p.unwrap()),
        stat("q", both.q.unwrap())
    );
    assert_eq!(said, want);
    // The general section follows, question by question.
    assert_eq!(more.text[1].id, "changes");
}

/// Every comparison figure passes the checks an embed link's figure gets,
/// draws as SVG that parses as XML, and its CSV names both editions.
#[test]
fn comparison_figures_export_like_any_figure() {
    let mut figures = Vec::new();
    let (a, b) = editions();
    figures.extend(a.compare(&b, &Pairing::default()).unwrap().figures);
    if let (Some(a), Some(b)) = (real("kaggle-survey-2020.zip"), real("kaggle-survey-2021.zip")) {
        figures.extend(a.compare(&b, &Pairing::default()).unwrap().figures);
    }
    assert!(figures.len() >= 5);
    for f in &figures {
        survey_report::check_figure(f).unwrap_or_else(|e| panic!("{}: {e}", f.id));
        let svg = survey_report::render_svg(f, 480).expect("draws");
        roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{}: {e}", f.id));
        let Body::Bars(bars) = &f.body else {
            panic!("{}: bars", f.id)
        };
        assert_eq!(bars.series.len(), 2, "{}", f.id);
        let csv = figure_csv(f);
        let editions: Vec<&str> = bars.series.iter().map(|s| s.name.as_str()).collect();
        for e in &editions {
            assert!(csv.contains(&format!(",{e},")), "{}: {e} in its CSV", f.id);
        }
        assert!(f.test.as_ref().is_some_and(|t| t.text.contains("Benjamini-Hochberg")));
        // An embed drops what points to the page, and keeps the rest.
        let embedded = survey_report::embed_figure(f.clone());
        assert!(!embedded.note.as_deref().unwrap_or("").contains("reading panel"));
        assert!(!embedded
            .note
            .as_deref()
            .unwrap_or("")
            .contains("How the questions were matched"));
        if f.note.as_deref().unwrap_or("").contains("are not shown") {
            // The page's note names the panel listing every pair; the embed's keeps the rest.
            assert!(f.note.as_deref().unwrap().contains("How the questions were matched"));
            assert!(embedded.note.as_deref().unwrap_or("").contains("are not shown"));
        }
        // A figure sent through JSON (an embed link) keeps its editions' marks.
        let back: survey_report::Figure = serde_json::from_str(&serde_json::to_string(f).unwrap()).unwrap();
        let Body::Bars(again) = &back.body else { panic!("bars") };
        for (r, s) in again.rows.iter().zip(&bars.rows) {
            assert_eq!(r.change.is_some(), s.change.is_some());
            let offered = |row: &survey_report::BarRow| row.values.iter().map(|v| v.not_offered).collect::<Vec<_>>();
            assert_eq!(offered(r), offered(s));
        }
    }
}

/// Thousands of questions with one text (a questionnaire that numbers a
/// repeated question) pair in file order, rank by rank, not all with all
/// (which grows as the square of their number: README "Cost").
#[test]
fn many_questions_of_one_text_pair_in_file_order() {
    let n = 3000;
    let csv = |extra: bool| {
        let mut head: Vec<String> = (0..n).map(|i| format!("Q{i}. Which one do you use?")).collect();
        if extra {
            head.insert(0, "Q0. Something else entirely".into());
        }
        let mut out = head.join(",") + "\n";
        for r in 0..10 {
            let mut row: Vec<&str> = (0..n).map(|i| ["a", "b", "c"][(r + i) % 3]).collect();
            if extra {
                row.insert(0, "x");
            }
            out.push_str(&row.join(","));
            out.push('\n');
        }
        out
    };
    let a = session(&csv(false), "a.csv");
    let b = session(&csv(true), "b.csv");
    let c = a.compare(&b, &Pairing::default()).expect("compares").comparison;
    assert_eq!(c.questions.len(), n);
    // B has one more column first: the k-th question of that text in A is the k-th in B.
    for q in &c.questions {
        let col = |code: &str| code.trim_start_matches("column_").parse::<usize>().unwrap();
        assert_eq!(
            col(&q.b_code),
            col(&q.a_code) + 1,
            "{} paired with {}",
            q.a_code,
            q.b_code
        );
        assert_eq!(q.matched_by, "text");
    }
    assert_eq!(c.unmatched_b.len(), 1);
}
