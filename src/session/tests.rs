//! The counting engine against a plainer computation: counts over a
//! selection equal the counts of the same file with the other rows
//! removed (read the same way), with and without weights and groups.

use proptest::prelude::*;

use crate::count::engine::{count, group_by_rules, QuestionCounts, Rule};
use crate::count::{Selection, Weights};
use crate::infer::preset::Preset;
use crate::session::Session;

fn sessions() -> Vec<Session> {
    let open = |csv: &str, preset: Preset| Session::open(csv.as_bytes(), preset).expect("the test file reads");
    vec![
        // Single choice, joined multi-select, a grid, countries, maturity groups.
        open(
            include_str!("../../www/state-of-ml-2020-synthetic.csv"),
            Preset::state_of_ml_2020(),
        ),
        // One column per option with an "Other" text column, two header rows.
        open(
            include_str!("../../tests/data/layouts/kaggle-style.csv"),
            Preset::state_of_ml_2020(),
        ),
        // Numbers, free text, write-ins.
        open(
            include_str!("../../tests/data/layouts/real-shapes/excel-numbers.csv"),
            Preset::state_of_ml_2020(),
        ),
        open(
            include_str!("../../tests/data/layouts/real-shapes/google-forms-write-ins.csv"),
            Preset::state_of_ml_2020(),
        ),
    ]
}

/// Counts with the rows of grid examples mapped to the smaller file's.
fn renumbered(mut c: QuestionCounts, rows: &[usize]) -> QuestionCounts {
    for e in &mut c.invalid_examples {
        e.0 = rows.iter().position(|&r| r == e.0).expect("an example row is selected");
    }
    c
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn counts_over_a_selection_equal_counts_of_the_file_without_the_other_rows(
        bits in prop::collection::vec(any::<bool>(), 1..400),
        weights in prop::collection::vec(0.0f64..5.0, 1..50),
    ) {
        for session in sessions() {
            let p = session.prepare();
            let table = &session.data.table;
            let n = table.rows;
            let selection = Selection::from_rows(n, (0..n).filter(|&r| bits[r % bits.len()]));
            let rows = selection.to_rows();
            let small = table.only_rows(|r| selection.contains(r));
            let everyone = Selection::all(small.rows);
            let w_all: Vec<f64> = (0..n).map(|r| weights[r % weights.len()]).collect();
            let w_small: Vec<f64> = rows.iter().map(|&r| w_all[r]).collect();
            let (w_all, w_small) = (Weights::new(w_all).unwrap(), Weights::new(w_small).unwrap());
            // Grouped as the report groups: by the maturity rules, where the file has them.
            let rule = |any_of: Vec<u16>, any_answer| Rule { any_of, any_answer };
            let rules = vec![rule(vec![0], false), rule(vec![1, 2], false), rule(vec![], true)];
            for r in &p.resolvers {
                for w in [None, Some((&w_all, &w_small))] {
                    let by_sel = group_by_rules(table, r, &selection, &rules);
                    let by_small = group_by_rules(&small, r, &everyone, &rules);
                    let a = count(table, r, &selection, w.map(|w| w.0), Some(&by_sel));
                    let b = count(&small, r, &everyone, w.map(|w| w.1), Some(&by_small));
                    prop_assert_eq!(renumbered(a, &rows), b);
                    prop_assert_eq!(by_sel.sizes(), by_small.sizes());
                }
            }
        }
    }
}

#[test]
fn the_test_files_cover_every_encoding_and_kind() {
    use crate::infer::schema::{Encoding, Kind};
    let mut encodings = std::collections::BTreeSet::new();
    let mut kinds = std::collections::BTreeSet::new();
    for s in sessions() {
        for r in s.prepare().resolvers {
            encodings.insert(format!("{:?}", r.encoding));
            kinds.insert(format!("{:?}", r.kind));
        }
    }
    for e in [Encoding::Cell, Encoding::Joined, Encoding::Columns, Encoding::Grid] {
        assert!(
            encodings.contains(&format!("{e:?}")),
            "no {e:?} question in {encodings:?}"
        );
    }
    for k in [Kind::Single, Kind::Multi, Kind::Rating, Kind::Number, Kind::Text] {
        assert!(kinds.contains(&format!("{k:?}")), "no {k:?} question in {kinds:?}");
    }
}

/// The session of the same file with only the rows `keep` holds, read the
/// same way (the questions as guessed on the whole file, so a question
/// keeps its kind and bars however few rows are left).
fn without_other_rows(s: &Session, keep: impl Fn(usize) -> bool) -> Session {
    let mut data = s.data.clone();
    data.table = s.data.table.only_rows(keep);
    Session {
        preset: s.preset.clone(),
        data,
        guessed: s.guessed.clone(),
        overrides: s.overrides.clone(),
        cx: s.cx,
        markers: s.markers.clone(),
        analysis: Default::default(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// Issue #15: a report filtered in the page (AND across questions, OR
    /// within one) is the report of the file with the other rows removed:
    /// every question's bars, bases and grid items, and the maturity groups.
    #[test]
    fn a_filtered_report_equals_the_report_of_the_file_without_the_other_rows(
        picks in prop::collection::vec(
            (any::<prop::sample::Index>(), prop::collection::vec(any::<prop::sample::Index>(), 1..3)),
            1..3,
        ),
    ) {
        use crate::report::types::{Kind, OTHER_FREE_TEXT};
        use crate::session::{Analysis, Filter};
        for mut session in sessions() {
            let all = session.report();
            let choices: Vec<(String, Vec<String>)> = all
                .questions
                .iter()
                .filter(|q| matches!(q.kind, Kind::Single | Kind::Multi | Kind::Rating) && q.items.is_empty())
                .map(|q| {
                    let options = q.options.iter().filter(|o| o.label != OTHER_FREE_TEXT).map(|o| o.label.clone());
                    (q.id.clone(), options.collect::<Vec<_>>())
                })
                .filter(|(_, o)| !o.is_empty())
                .collect();
            if choices.is_empty() {
                continue;
            }
            let filters: Vec<Filter> = picks
                .iter()
                .map(|(q, os)| {
                    let (id, options) = &choices[q.index(choices.len())];
                    Filter {
                        question: id.clone(),
                        options: os.iter().map(|o| options[o.index(options.len())].clone()).collect(),
                    }
                })
                .collect();
            let selection = session.select(&filters).expect("filters from the report's own options");
            session.set_analysis(Analysis { filters, weighting: None }).expect("valid");
            let filtered = session.report();
            let plain = without_other_rows(&session, |r| selection.contains(r)).report();
            prop_assert_eq!(filtered.respondents, selection.len() as u64);
            prop_assert_eq!(filtered.questions.len(), plain.questions.len());
            let mut same_bars = 0;
            for (a, b) in filtered.questions.iter().zip(&plain.questions) {
                prop_assert_eq!(&a.id, &b.id);
                prop_assert_eq!(a.answered, b.answered, "{}", a.id);
                // The bars are the whole file's: a smaller file may learn
                // its bars otherwise (a write-in typed often enough there
                // becomes a bar, a spelling merges into another), which is
                // reading, not counting. Where both read the same bars,
                // every bar has the same count.
                let bars = |q: &crate::report::types::QuestionReport| {
                    q.options.iter().map(|o| (o.label.clone(), o.count)).collect::<std::collections::BTreeMap<_, _>>()
                };
                let (ba, bb) = (bars(a), bars(b));
                if ba.keys().eq(bb.keys()) {
                    prop_assert_eq!(&ba, &bb, "{}", a.id);
                    same_bars += 1;
                }
                let items = |q: &crate::report::types::QuestionReport| {
                    q.items.iter().map(|i| (i.answered, i.counts.iter().map(|c| c.count).collect::<Vec<_>>())).collect::<Vec<_>>()
                };
                prop_assert_eq!(items(a), items(b), "{}", a.id);
            }
            // Most questions read the same bars either way, so most are compared bar by bar.
            prop_assert!(same_bars * 2 >= filtered.questions.len(), "{} of {}", same_bars, filtered.questions.len());
            let groups = |r: &crate::report::types::Report| {
                r.maturity.as_ref().map(|m| m.groups.iter().map(|g| g.count).collect::<Vec<_>>())
            };
            prop_assert_eq!(groups(&filtered), groups(&plain));
        }
    }
}
