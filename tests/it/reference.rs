//! The weighting and the tests of issue #15 against R's survey package: the
//! fixtures and the values R computed on them are in tests/reference/
//! (regenerate with `Rscript tests/reference/survey.R`, see its README.md).
//! R is not needed to run these tests.

use std::collections::HashMap;

use serde_json::Value;
use survey_report::{
    benjamini_hochberg, pearson, rake, rake_and_trim, rao_scott, rao_scott_subset, Margin, TestMethod,
};

const JSON: &str = include_str!("../reference/survey.json");
const FIXTURE_A: &str = include_str!("../reference/fixture-a.csv");
const FIXTURE_B: &str = include_str!("../reference/fixture-b.csv");

/// The tolerance of every comparison, relative to the reference value (or
/// absolute below 1).
const TOLERANCE: f64 = 1e-6;

/// A fixture's columns by header; a blank cell is None.
struct Fixture {
    columns: HashMap<String, Vec<Option<String>>>,
    rows: usize,
}

impl Fixture {
    fn read(name: &str) -> Fixture {
        let text = match name {
            "a" => FIXTURE_A,
            "b" => FIXTURE_B,
            _ => panic!("no fixture {name}"),
        };
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
        let mut columns: HashMap<String, Vec<Option<String>>> =
            headers.iter().map(|h| (h.clone(), Vec::new())).collect();
        let mut rows = 0;
        for record in reader.records() {
            let record = record.unwrap();
            for (h, cell) in headers.iter().zip(record.iter()) {
                columns
                    .get_mut(h)
                    .unwrap()
                    .push((!cell.is_empty()).then(|| cell.to_string()));
            }
            rows += 1;
        }
        Fixture { columns, rows }
    }

    fn column(&self, name: &str) -> &[Option<String>] {
        self.columns.get(name).unwrap_or_else(|| panic!("no column {name}"))
    }

    /// Each row's index of its answer in `options`, None for a blank.
    fn groups(&self, question: &str, options: &[String]) -> Vec<Option<u16>> {
        self.column(question)
            .iter()
            .map(|cell| {
                cell.as_ref().map(|v| {
                    let i = options
                        .iter()
                        .position(|o| o == v)
                        .unwrap_or_else(|| panic!("{question}: {v}"));
                    i as u16
                })
            })
            .collect()
    }

    /// The weight column `w`, or 1 for every row when `start` is "one".
    fn start(&self, start: &str) -> Vec<f64> {
        match start {
            "one" => vec![1.0; self.rows],
            column => self
                .column(column)
                .iter()
                .map(|c| c.as_deref().unwrap().parse().unwrap())
                .collect(),
        }
    }
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

fn numbers(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(|s| s.as_f64().unwrap()).collect()
}

/// Asserts that `got` is within [`TOLERANCE`] of R's `want`.
fn close(what: &str, got: f64, want: f64) {
    let scale = want.abs().max(1.0);
    assert!(
        (got - want).abs() <= TOLERANCE * scale,
        "{what}: {got} against R's {want}"
    );
}

/// Asserts that a p-value matches R's to [`TOLERANCE`] relative, small ones too.
fn close_p(what: &str, got: f64, want: f64) {
    assert!(
        (got - want).abs() <= TOLERANCE * want.abs(),
        "{what}: p = {got} against R's {want}"
    );
}

/// Checks each option's weighted share among the respondents who answered.
fn check_shares(what: &str, fixture: &Fixture, weights: &[f64], shares: &Value) {
    for (question, expected) in shares.as_object().unwrap() {
        let options = strings(&expected["options"]);
        let groups = fixture.groups(question, &options);
        let answered: f64 = groups
            .iter()
            .zip(weights)
            .filter(|(g, _)| g.is_some())
            .map(|(_, w)| w)
            .sum();
        for (k, want) in numbers(&expected["share"]).into_iter().enumerate() {
            let got: f64 = groups
                .iter()
                .zip(weights)
                .filter(|(g, _)| **g == Some(k as u16))
                .map(|(_, w)| w)
                .sum::<f64>()
                / answered;
            close(&format!("{what}: share of {question} = {}", options[k]), got, want);
        }
    }
}

/// Checks rao_scott under `weights` against R's svychisq on a weights-only
/// design over the whole fixture.
fn check_rao_scott(what: &str, fixture: &Fixture, weights: &[f64], want: &Value) {
    let (row_options, col_options) = (strings(&want["row_options"]), strings(&want["col_options"]));
    let rows = fixture.groups(want["rows"].as_str().unwrap(), &row_options);
    let cols = fixture.groups(want["cols"].as_str().unwrap(), &col_options);
    let cells: Vec<Option<(u16, u16)>> = rows.iter().zip(&cols).map(|(r, c)| Some(((*r)?, (*c)?))).collect();
    let got = rao_scott(&cells, weights, row_options.len(), col_options.len()).unwrap();
    close(&format!("{what}: F"), got.statistic, want["f"].as_f64().unwrap());
    close(&format!("{what}: ndf"), got.ndf.unwrap(), want["ndf"].as_f64().unwrap());
    close(&format!("{what}: ddf"), got.ddf.unwrap(), want["ddf"].as_f64().unwrap());
    close_p(what, got.p, want["p"].as_f64().unwrap());
}

fn reference() -> Value {
    serde_json::from_str(JSON).unwrap()
}

#[test]
fn raking_matches_survey_rake() {
    let reference = reference();
    let rakings = reference["rakings"].as_object().unwrap();
    assert_eq!(rakings.len(), 4);
    for (name, case) in rakings {
        let fixture = Fixture::read(case["fixture"].as_str().unwrap());
        let start = fixture.start(case["start"].as_str().unwrap());
        // In R's order: each pass post-stratifies on the margins in turn.
        let order = strings(&case["margin_order"]);
        let margins: Vec<&Value> = order.iter().map(|q| &case["margins"][q]).collect();
        let groups: Vec<Vec<Option<u16>>> = order
            .iter()
            .zip(&margins)
            .map(|(q, m)| fixture.groups(q, &strings(&m["options"])))
            .collect();
        let targets: Vec<Vec<f64>> = margins.iter().map(|m| numbers(&m["shares"])).collect();
        let margins: Vec<Margin> = groups
            .iter()
            .zip(&targets)
            .map(|(g, t)| Margin { of_row: g, targets: t })
            .collect();
        let raked = match case["cap"].as_f64() {
            None => rake(&start, &margins, 1e-6, 100),
            Some(cap) => {
                let (raked, trimmed) = rake_and_trim(&start, &margins, cap, 1e-6, 100);
                assert_eq!(trimmed as u64, case["trimmed"].as_u64().unwrap(), "{name}: trimmed");
                raked
            }
        };
        assert!(raked.converged, "{name}: {raked:?}");
        assert!(raked.max_change < 1e-6, "{name}");
        assert_eq!(
            raked.iterations as u64,
            case["iterations"].as_u64().unwrap(),
            "{name}: passes"
        );
        let want = numbers(&case["weights"]);
        assert_eq!(raked.weights.len(), want.len());
        for (i, (&got, &want)) in raked.weights.iter().zip(&want).enumerate() {
            close(&format!("{name}: weight of row {}", i + 1), got, want);
        }
        check_shares(name, &fixture, &raked.weights, &case["shares"]);
        check_rao_scott(&format!("{name}, raked"), &fixture, &raked.weights, &case["test"]);
    }
}

#[test]
fn weighted_shares_match_svymean() {
    let reference = reference();
    for (name, shares) in reference["column_shares"].as_object().unwrap() {
        let fixture = Fixture::read(name);
        check_shares(
            &format!("fixture {name}, column w"),
            &fixture,
            &fixture.start("w"),
            shares,
        );
    }
}

#[test]
fn tests_of_independence_match_svychisq_and_chisq_test() {
    let reference = reference();
    let tests = reference["tests"].as_object().unwrap();
    assert_eq!(tests.len(), 5);
    for (name, case) in tests {
        let fixture = Fixture::read(case["fixture"].as_str().unwrap());
        let (row_options, col_options) = (strings(&case["row_options"]), strings(&case["col_options"]));
        let rows = fixture.groups(case["rows"].as_str().unwrap(), &row_options);
        let cols = fixture.groups(case["cols"].as_str().unwrap(), &col_options);
        let cells: Vec<Option<(u16, u16)>> = rows.iter().zip(&cols).map(|(r, c)| Some(((*r)?, (*c)?))).collect();
        let in_subset: Vec<bool> = numbers(&case["in_subset"]).iter().map(|&x| x == 1.0).collect();
        let weights = fixture.start("w");
        let (r, c) = (row_options.len(), col_options.len());

        let want = &case["rao_scott"];
        let filtered = case["subset"].as_str().unwrap() != "";
        let got = if filtered {
            rao_scott_subset(&cells, &weights, &in_subset, r, c)
        } else {
            rao_scott(&cells, &weights, r, c)
        };
        let got = got.unwrap_or_else(|| panic!("{name}: no test"));
        assert_eq!(got.method, TestMethod::RaoScott);
        close(&format!("{name}: F"), got.statistic, want["f"].as_f64().unwrap());
        close(&format!("{name}: ndf"), got.ndf.unwrap(), want["ndf"].as_f64().unwrap());
        close(&format!("{name}: ddf"), got.ddf.unwrap(), want["ddf"].as_f64().unwrap());
        close_p(name, got.p, want["p"].as_f64().unwrap());
        if filtered {
            // The filtered-out respondents passed as None to rao_scott give the
            // same F and ndf; only ddf counts them (see the doc of rao_scott).
            let outside: Vec<Option<(u16, u16)>> = cells
                .iter()
                .zip(&in_subset)
                .map(|(&cell, &inside)| cell.filter(|_| inside))
                .collect();
            let all = rao_scott(&outside, &weights, r, c).unwrap();
            close(&format!("{name}: F, filter as None"), all.statistic, got.statistic);
            close(
                &format!("{name}: ndf, filter as None"),
                all.ndf.unwrap(),
                got.ndf.unwrap(),
            );
            close(
                &format!("{name}: ddf, filter as None"),
                all.ddf.unwrap(),
                got.ndf.unwrap() * (cells.len() - 1) as f64,
            );
        }

        let mut table = vec![vec![0_u64; c]; r];
        for (cell, &inside) in cells.iter().zip(&in_subset) {
            if let (Some((i, j)), true) = (cell, inside) {
                table[usize::from(*i)][usize::from(*j)] += 1;
            }
        }
        let want = &case["pearson"];
        let got = pearson(&table).unwrap();
        close(
            &format!("{name}: X²"),
            got.statistic,
            want["statistic"].as_f64().unwrap(),
        );
        assert_eq!(got.df, want["df"].as_f64().unwrap(), "{name}: df");
        close_p(&format!("{name}: Pearson"), got.p, want["p"].as_f64().unwrap());
        close(
            &format!("{name}: min expected"),
            got.min_expected,
            want["min_expected"].as_f64().unwrap(),
        );
    }
}

#[test]
fn benjamini_hochberg_matches_p_adjust() {
    let reference = reference();
    let got = benjamini_hochberg(&numbers(&reference["bh"]["p"]));
    for (i, (got, want)) in got.iter().zip(numbers(&reference["bh"]["adjusted"])).enumerate() {
        close(&format!("BH {i}"), *got, want);
    }
}
