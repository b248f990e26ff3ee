//! Filters, weights and tests through the session (issue #15): a filtered
//! report is the report of the selected respondents; a weight column and
//! raking weight every share; splits carry their test and letters; every
//! mistake is refused by name.

use std::collections::BTreeMap;

use survey_report::{Analysis, Body, Filter, Preset, Report, Session, Verdict, Weighting};

use crate::SAMPLE;

fn sample() -> Session {
    Session::open(SAMPLE.as_bytes(), Preset::state_of_ml_2020()).expect("the sample reads")
}

fn filter(question: &str, options: &[&str]) -> Filter {
    Filter {
        question: question.into(),
        options: options.iter().map(|s| s.to_string()).collect(),
    }
}

/// The sample's CSV with a last column `wt` from `weight(row)` (as typed).
fn with_weights(weight: impl Fn(usize) -> String) -> String {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(SAMPLE.as_bytes());
    let mut w = csv::Writer::from_writer(Vec::new());
    for (i, rec) in rdr.records().enumerate() {
        let mut rec: Vec<String> = rec.expect("valid CSV").iter().map(String::from).collect();
        rec.push(if i == 0 { "wt".into() } else { weight(i - 1) });
        w.write_record(&rec).expect("writes");
    }
    String::from_utf8(w.into_inner().expect("flushes")).expect("UTF-8")
}

/// The options of a question with their counts, for comparing reports.
fn counts(r: &Report, id: &str) -> Vec<(String, u64)> {
    r.question(id)
        .map(|q| q.options.iter().map(|o| (o.label.clone(), o.count)).collect())
        .unwrap_or_default()
}

#[test]
fn a_filtered_report_is_the_report_of_those_respondents() {
    let mut s = sample();
    let sizes = s.report().question("company_size").expect("company size").clone();
    let chosen: Vec<&str> = sizes.options.iter().take(2).map(|o| o.label.as_str()).collect();
    let filters = vec![
        filter("company_size", &chosen[..1]),
        filter("company_size", &chosen[1..]),
    ];
    let selection = s.select(&filters).expect("valid filter");
    let by_hand = s.report_over(&selection);
    s.set_analysis(Analysis {
        filters: filters.clone(),
        weighting: None,
    })
    .expect("valid analysis");
    let r = s.report();
    let expected: u64 = sizes.options.iter().take(2).map(|o| o.count).sum();
    assert_eq!(r.respondents, expected);
    assert_eq!(r.respondents, selection.len() as u64);
    for q in &r.questions {
        assert_eq!(counts(&r, &q.id), counts(&by_hand, &q.id), "{}", q.id);
    }
    // Both options of one question OR together, said once.
    let info = r.selection.as_ref().expect("the report says it is filtered");
    assert_eq!(info.filters.len(), 1);
    assert_eq!(info.filters[0].options, chosen);
    assert_eq!(info.respondents, expected);
    assert!(info.label.starts_with("Filtered: ") && info.label.ends_with(&format!("(n = {expected})")));
    // Every figure says so, and so do their tables.
    let figures = survey_report::build_figures(&r);
    for f in figures.iter().filter(|f| !matches!(f.body, Body::Missing { .. })) {
        assert!(f.subtitle.contains(&info.label), "{}: {}", f.id, f.subtitle);
        let table = survey_report::figure_table(f);
        assert_eq!(
            table.last().map(|row| row[0].as_str()),
            Some(info.label.as_str()),
            "{}",
            f.id
        );
        assert!(survey_report::alt_text(f).contains(&info.label), "{}", f.id);
    }
    // Cleared, the report is everyone's again.
    s.set_analysis(Analysis::default()).expect("clears");
    assert!(s.report().selection.is_none());
}

#[test]
fn mistakes_in_an_analysis_are_named_and_change_nothing() {
    let mut s = sample();
    let cases = [
        (
            Analysis {
                filters: vec![filter("no_such_question", &["x"])],
                weighting: None,
            },
            "no_such_question",
        ),
        (
            Analysis {
                filters: vec![filter("company_size", &["No such size"])],
                weighting: None,
            },
            "No such size",
        ),
        (
            Analysis {
                filters: vec![],
                weighting: Some(Weighting::Column {
                    column: "nope".into(),
                    trim: None,
                }),
            },
            "nope",
        ),
        (
            Analysis {
                filters: vec![],
                weighting: Some(Weighting::Rake {
                    targets: BTreeMap::from([("company_size".into(), BTreeMap::from([("Elsewhere".into(), 1.0)]))]),
                    trim: None,
                }),
            },
            "Elsewhere",
        ),
    ];
    for (a, named) in cases {
        let e = s.set_analysis(a).expect_err("refused");
        assert!(e.to_string().contains(named), "{e}");
        assert!(s.report().selection.is_none() && s.report().weights.is_none());
    }
    // Shares that do not sum to 1.
    let r = s.report();
    let q = r.question("company_size").expect("company size");
    let half: BTreeMap<String, f64> = q.options.iter().map(|o| (o.label.clone(), 0.5)).collect();
    let e = s
        .set_analysis(Analysis {
            filters: vec![],
            weighting: Some(Weighting::Rake {
                targets: BTreeMap::from([("company_size".into(), half)]),
                trim: None,
            }),
        })
        .expect_err("shares must sum to 1");
    assert!(e.to_string().contains("sum to"), "{e}");
}

#[test]
fn a_weight_column_weights_every_share_and_sets_bad_weights_aside() {
    // Weight 2 for every third respondent, 1 for the others; two bad cells.
    let csv = with_weights(|i| match i {
        5 => "".into(),
        7 => "-1".into(),
        i if i % 3 == 0 => "2".into(),
        _ => "1".into(),
    });
    let mut s = Session::open(csv.as_bytes(), Preset::state_of_ml_2020()).expect("reads");
    let r = s.report();
    let wc = r.weight_columns.iter().find(|c| c.column == "wt");
    assert!(wc.is_some_and(|c| c.detected), "{:?}", r.weight_columns);
    let unweighted = r.question("role").expect("role").clone();
    s.set_analysis(Analysis {
        filters: vec![],
        weighting: Some(Weighting::Column {
            column: "wt".into(),
            trim: None,
        }),
    })
    .expect("valid weights");
    let r = s.report();
    let w = r.weights.as_ref().expect("weighted");
    assert_eq!(w.source, "column");
    let reasons: Vec<(&str, u64)> = w.set_aside.iter().map(|a| (a.reason.as_str(), a.count)).collect();
    assert!(
        reasons.contains(&("no weight given", 1)) && reasons.contains(&("a negative weight", 1)),
        "{reasons:?}"
    );
    assert_eq!(r.respondents, 329);
    // Σw by hand from the CSV, per option of the role question.
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    let head: Vec<String> = rdr.headers().expect("header").iter().map(String::from).collect();
    let role_col = head
        .iter()
        .position(|h| *h == unweighted.header)
        .expect("the role column");
    let mut by_hand: BTreeMap<String, f64> = BTreeMap::new();
    let (mut total, mut total_sq) = (0.0, 0.0);
    for rec in rdr.records() {
        let rec = rec.expect("row");
        let Ok(wt) = rec[head.len() - 1].parse::<f64>() else {
            continue;
        };
        if wt < 0.0 || rec[role_col].is_empty() {
            continue;
        }
        *by_hand.entry(rec[role_col].to_string()).or_default() += wt;
        total += wt;
        total_sq += wt * wt;
    }
    let q = r.question("role").expect("role");
    assert!((q.weighted_base.expect("weighted base") - total).abs() < 1e-9);
    let listed: Vec<&str> = q.options.iter().map(|o| o.label.as_str()).collect();
    for o in &q.options {
        // Typed-in answers are one bar: the weights of every answer no option names.
        let expected = if o.label == survey_report::OTHER_FREE_TEXT {
            by_hand
                .iter()
                .filter(|(k, _)| !listed.contains(&k.as_str()))
                .map(|(_, w)| w)
                .sum()
        } else {
            by_hand.get(&o.label).copied().unwrap_or(0.0)
        };
        assert!((o.weighted.expect("weighted") - expected).abs() < 1e-9, "{}", o.label);
        let pct = o.weighted_percent.expect("weighted percent");
        assert!((pct - 100.0 * expected / total).abs() < 1e-9);
    }
    // Kish by hand: (Σw)² / Σw².
    let eff = q.effective_base.expect("effective base");
    assert!((eff - total * total / total_sq).abs() < 1e-9, "{eff}");
    assert!(eff < q.answered as f64);
    // Claims side by side.
    assert!(r.claims.iter().all(|c| c.weighted.is_some()));
    // Figures say they are weighted and give effective bases.
    let figs = survey_report::build_figures(&r);
    let fig2 = figs
        .iter()
        .find(|f| f.filter_by.as_deref() == Some("role"))
        .expect("the role figure");
    assert!(fig2.subtitle.contains("effective n = ") && fig2.subtitle.contains("Weighted by the column"));
    let csv_text = survey_report::figure_csv(fig2);
    assert!(
        csv_text.contains("weighted_count,weighted_base,effective_base"),
        "{csv_text}"
    );
}

#[test]
fn raking_reaches_the_target_margins() {
    let mut s = sample();
    let margins = s.margins();
    assert!(margins.iter().any(|m| m.id == "continent"), "continent can be raked on");
    let size = margins.iter().find(|m| m.id == "company_size").expect("company size");
    // Equal shares for every size, and continents as sampled but Europe halved.
    let n = size.options.len() as f64;
    let sizes: BTreeMap<String, f64> = size.options.iter().map(|o| (o.label.clone(), 1.0 / n)).collect();
    let cont = margins.iter().find(|m| m.id == "continent").expect("continent");
    let mut continents: BTreeMap<String, f64> = cont.options.iter().map(|o| (o.label.clone(), o.share)).collect();
    let europe = continents.get_mut("Europe").expect("Europe is sampled");
    let moved = *europe / 2.0;
    *europe -= moved;
    let others = continents.len() as f64 - 1.0;
    for (k, v) in continents.iter_mut() {
        if k != "Europe" {
            *v += moved / others;
        }
    }
    s.set_analysis(Analysis {
        filters: vec![],
        weighting: Some(Weighting::Rake {
            targets: BTreeMap::from([
                ("company_size".into(), sizes.clone()),
                ("continent".into(), continents.clone()),
            ]),
            trim: None,
        }),
    })
    .expect("valid targets");
    let r = s.report();
    let w = r.weights.as_ref().expect("weighted");
    assert!(w.converged && w.iterations > 1, "{w:?}");
    for m in &w.margins {
        let targets = if m.question == "continent" { &continents } else { &sizes };
        for o in &m.options {
            assert!(
                (o.weighted - targets[&o.label]).abs() < 1e-5,
                "{} {}: {o:?}",
                m.question,
                o.label
            );
        }
    }
    // The report's own shares are the raked ones.
    let q = r.question("company_size").expect("company size");
    for o in &q.options {
        assert!((o.weighted_percent.expect("weighted") / 100.0 - sizes[&o.label]).abs() < 1e-5);
    }
    assert!(w.efficiency > 0.0 && w.efficiency <= 1.0);
    assert!(w.min <= w.median && w.median <= w.max);
    // Trimmed to 1.5 x the mean: fewer extreme weights, still raked.
    s.set_analysis(Analysis {
        filters: vec![],
        weighting: Some(Weighting::Rake {
            targets: BTreeMap::from([("continent".into(), continents)]),
            trim: Some(1.5),
        }),
    })
    .expect("valid trim");
    let t = s.report().weights.expect("weighted");
    assert!(t.trimmed > 0 && t.trim == Some(1.5), "{t:?}");
}

#[test]
fn splits_are_tested_and_lettered() {
    let mut s = sample();
    let fig = s.split("role", "company_size", false).unwrap().expect("a split");
    let t = fig.test.as_ref().expect("tested");
    assert_eq!(t.method.as_deref(), Some("pearson"));
    let (stat, df, p) = (t.statistic.unwrap(), t.df.unwrap(), t.p.unwrap());
    assert!(stat > 0.0 && df >= 1.0 && (0.0..=1.0).contains(&p));
    // The statistic by hand from the split's own table.
    let Body::Bars(b) = &fig.body else { panic!("bars") };
    assert!(b.series.iter().all(|s| s.letter.is_some()));
    let rep = s.split_report("role", "company_size").unwrap().expect("a split report");
    assert_eq!(rep.groups.len(), b.series.len());
    assert_eq!(rep.test.as_ref().and_then(|t| t.method.as_deref()), Some("pearson"));
    // Weighted by raking: Rao-Scott.
    let r = s.report();
    let cont = r.geography.as_ref().expect("geography");
    let total: u64 = cont.continents.iter().map(|c| c.count).sum();
    let targets: BTreeMap<String, f64> = cont
        .continents
        .iter()
        .map(|c| (c.label.clone(), c.count as f64 / total as f64))
        .collect();
    s.set_analysis(Analysis {
        filters: vec![],
        weighting: Some(Weighting::Rake {
            targets: BTreeMap::from([("continent".into(), targets)]),
            trim: None,
        }),
    })
    .expect("valid");
    let fig = s.split("role", "company_size", false).unwrap().expect("a split");
    let t = fig.test.as_ref().expect("tested");
    assert_eq!(t.method.as_deref(), Some("rao-scott"));
    assert!(t.ndf.is_some() && t.ddf.is_some());
    assert!(fig.subtitle.contains("Weighted: raked to continent"));
}

#[test]
fn weights_of_the_sample_as_it_is_change_no_verdict() {
    // Raking to the sample's own margins gives weights of 1: every weighted
    // verdict is the unweighted one.
    let mut s = sample();
    let m = s.margins();
    let size = m.iter().find(|m| m.id == "company_size").expect("company size");
    let targets: BTreeMap<String, f64> = size.options.iter().map(|o| (o.label.clone(), o.share)).collect();
    s.set_analysis(Analysis {
        filters: vec![],
        weighting: Some(Weighting::Rake {
            targets: BTreeMap::from([("company_size".into(), targets)]),
            trim: None,
        }),
    })
    .expect("valid");
    let r = s.report();
    let w = r.weights.as_ref().expect("weighted");
    assert!((w.min - 1.0).abs() < 1e-9 && (w.max - 1.0).abs() < 1e-9, "{w:?}");
    for c in &r.claims {
        let wc = c.weighted.as_ref().expect("weighted claim");
        assert_eq!(wc.verdict, c.verdict, "{}", c.id);
    }
    assert!(r.claims.iter().any(|c| c.verdict == Verdict::Holds));
}

#[test]
fn numbers_and_net_promoter_scores_are_weighted_too() {
    // Ages and 0-10 recommendations with weights 1 and 3.
    let mut csv = String::from("Age,How likely are you to recommend us to a friend?,wt\n");
    let rows = [
        (20, 10, 1.0),
        (30, 9, 3.0),
        (40, 3, 1.0),
        (50, 0, 3.0),
        (60, 8, 1.0),
        (25, 10, 1.0),
    ];
    for _ in 0..5 {
        for (age, nps, w) in rows {
            csv.push_str(&format!("{age},{nps},{w}\n"));
        }
    }
    let mut s = Session::open(csv.as_bytes(), Preset::state_of_ml_2020()).expect("reads");
    s.set_analysis(Analysis {
        filters: vec![],
        weighting: Some(Weighting::Column {
            column: "wt".into(),
            trim: None,
        }),
    })
    .expect("valid");
    let r = s.report();
    let age = r.questions.iter().find(|q| q.header == "Age").expect("age");
    let n = age.numbers.as_ref().expect("a number summary");
    let (sw, swx) = rows
        .iter()
        .fold((0.0, 0.0), |(a, b), (x, _, w)| (a + w, b + w * *x as f64));
    assert!((n.mean - swx / sw).abs() < 1e-9, "{}", n.mean);
    let binned: f64 = n.bins.iter().map(|b| b.weighted.expect("weighted bins")).sum();
    assert!((binned - 5.0 * sw).abs() < 1e-9);
    let rec = r.questions.iter().find(|q| q.nps.is_some()).expect("an NPS question");
    let nps = rec.nps.expect("NPS");
    // Promoters 10, 9, 10 (weights 1, 3, 1); detractors 3, 0 (1, 3).
    let expected = 100.0 * (5.0 - 4.0) / sw;
    assert!((nps.score - expected).abs() < 1e-9, "{} vs {expected}", nps.score);
    assert!(nps.effective_n.is_some_and(|e| e < 30.0));
}

/// R's survey package on the same fixture (tests/reference/), through the
/// whole session: a file read, questions named by header, raked or
/// weighted by its column, filtered and split.
mod against_r {
    use std::collections::BTreeMap;

    use serde_json::Value;
    use survey_report::{Analysis, Preset, Session, Weighting};

    use super::filter;

    const FIXTURE: &str = include_str!("../reference/fixture-a.csv");
    const R: &str = include_str!("../reference/survey.json");

    fn close(a: f64, b: f64, what: &str) {
        assert!((a - b).abs() <= 1e-6 * b.abs().max(1.0), "{what}: {a} vs R's {b}");
    }

    fn fixture() -> Session {
        Session::open(FIXTURE.as_bytes(), Preset::state_of_ml_2020()).expect("the fixture reads")
    }

    #[test]
    fn raked_shares_and_the_raked_test_are_rs() {
        let r: Value = serde_json::from_str(R).expect("valid JSON");
        let raking = &r["rakings"]["a-from-1"];
        let mut targets = BTreeMap::new();
        for (name, m) in raking["margins"].as_object().expect("margins") {
            let options = m["options"].as_array().expect("options");
            let shares = m["shares"].as_array().expect("shares");
            let t: BTreeMap<String, f64> = options
                .iter()
                .zip(shares)
                .map(|(o, s)| (o.as_str().unwrap().to_string(), s.as_f64().unwrap()))
                .collect();
            targets.insert(name.clone(), t);
        }
        let mut s = fixture();
        s.set_analysis(Analysis {
            filters: vec![],
            weighting: Some(Weighting::Rake { targets, trim: None }),
        })
        .expect("valid targets");
        let report = s.report();
        let w = report.weights.as_ref().expect("weighted");
        assert_eq!(w.iterations as u64, raking["iterations"].as_u64().unwrap());
        for (name, sh) in raking["shares"].as_object().expect("shares") {
            let q = report
                .questions
                .iter()
                .find(|q| q.header == *name)
                .expect("the question");
            for (label, share) in sh["options"]
                .as_array()
                .unwrap()
                .iter()
                .zip(sh["share"].as_array().unwrap())
            {
                let o = q
                    .options
                    .iter()
                    .find(|o| o.label == label.as_str().unwrap())
                    .expect("the option");
                close(
                    o.weighted_percent.unwrap() / 100.0,
                    share.as_f64().unwrap(),
                    &format!("{name} {label}"),
                );
            }
        }
        let t = &raking["test"];
        let split = s
            .split_report(t["rows"].as_str().unwrap(), t["cols"].as_str().unwrap())
            .unwrap()
            .expect("a split");
        let test = split.test.expect("tested");
        assert_eq!(test.method.as_deref(), Some("rao-scott"));
        close(test.statistic.unwrap(), t["f"].as_f64().unwrap(), "F");
        close(test.ndf.unwrap(), t["ndf"].as_f64().unwrap(), "ndf");
        close(test.ddf.unwrap(), t["ddf"].as_f64().unwrap(), "ddf");
        close(test.p.unwrap(), t["p"].as_f64().unwrap(), "p");
    }

    #[test]
    fn a_filtered_test_weighted_by_the_column_is_rs() {
        let r: Value = serde_json::from_str(R).expect("valid JSON");
        let t = &r["tests"]["a-size-by-region-agree-yes"];
        let mut s = fixture();
        s.set_analysis(Analysis {
            filters: vec![filter("agree", &["yes"])],
            weighting: None,
        })
        .expect("valid filter");
        let unweighted = s.split_report("size", "region").unwrap().expect("a split");
        let p = unweighted.test.expect("tested");
        assert_eq!(p.method.as_deref(), Some("pearson"));
        close(p.statistic.unwrap(), t["pearson"]["statistic"].as_f64().unwrap(), "X2");
        close(p.p.unwrap(), t["pearson"]["p"].as_f64().unwrap(), "p");
        s.set_analysis(Analysis {
            filters: vec![filter("agree", &["yes"])],
            weighting: Some(Weighting::Column {
                column: "w".into(),
                trim: None,
            }),
        })
        .expect("valid analysis");
        let weighted = s.split_report("size", "region").unwrap().expect("a split");
        let rs = weighted.test.expect("tested");
        let want = &t["rao_scott"];
        close(rs.statistic.unwrap(), want["f"].as_f64().unwrap(), "F");
        close(rs.ndf.unwrap(), want["ndf"].as_f64().unwrap(), "ndf");
        close(rs.ddf.unwrap(), want["ddf"].as_f64().unwrap(), "ddf");
        close(rs.p.unwrap(), want["p"].as_f64().unwrap(), "p");
        assert!(weighted.analysis.is_some_and(|a| a.contains("Filtered: agree = yes")));
    }
}
