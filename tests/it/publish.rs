//! A report a person can publish (issue 14): split figures whose groups
//! each get their own colour, merging the smallest past the palette.

use survey_report::figures::{figure_csv, figure_table, render_svg, MAX_SPLIT_GROUPS, OTHER_GROUPS};
use survey_report::{Body, Kind, Overrides, Preset, Session};

/// A file of 600 respondents: "Team" has 12 groups of sizes 100, 90, ...,
/// 12 (the last is 600 minus the others), "Tool" three answers by row.
fn twelve_groups() -> (String, Vec<(String, u64)>) {
    let sizes: Vec<u64> = vec![100, 90, 80, 70, 60, 50, 40, 30, 25, 20, 18, 17];
    let mut csv = String::from("Tool,Team\n");
    let mut groups = Vec::new();
    let mut row = 0;
    for (g, &n) in sizes.iter().enumerate() {
        let name = format!("team {}", (b'A' + g as u8) as char);
        for _ in 0..n {
            csv.push_str(&format!("{},{name}\n", ["hammer", "saw", "drill"][row % 3]));
            row += 1;
        }
        groups.push((name, n));
    }
    (csv, groups)
}

fn session_of(csv: &str) -> (Session, Vec<String>) {
    let mut session = Session::open(csv.as_bytes(), Preset::state_of_ml_2020()).unwrap();
    let keys: Vec<String> = session.report().questions.iter().map(|q| q.key.clone()).collect();
    let mut o = Overrides::default();
    for k in &keys {
        o.kinds.insert(k.clone(), Kind::Single);
    }
    session.set_overrides(o);
    let ids = session.report().questions.iter().map(|q| q.id.clone()).collect();
    (session, ids)
}

#[test]
fn a_split_by_twelve_groups_draws_eight_series_with_other_groups_summing_the_rest() {
    let (csv, groups) = twelve_groups();
    let (session, ids) = session_of(&csv);
    let fig = session.split(&ids[0], &ids[1], false).unwrap().unwrap();
    let Body::Bars(b) = &fig.body else {
        panic!("{:?}", fig.body)
    };
    assert_eq!(MAX_SPLIT_GROUPS, 8);
    assert_eq!(b.series.len(), 8);
    // The seven largest groups by name and size, then the five smallest summed.
    for (s, (name, n)) in b.series.iter().zip(&groups[..7]) {
        assert_eq!((&s.name, s.n), (name, *n));
    }
    let other = &b.series[7];
    assert_eq!(other.name, OTHER_GROUPS);
    assert_eq!(other.n, 30 + 25 + 20 + 18 + 17);
    assert_eq!(
        b.series.iter().map(|s| s.n).sum::<u64>(),
        600,
        "every respondent is drawn"
    );
    // Each answer's count in "Other groups" is the sum over the merged groups:
    // rows are dealt hammer, saw, drill in turn from row 0, and the merged
    // groups are rows 490..600 (110 rows from an index divisible by 490 % 3 = 1).
    let dealt = |tool: usize| (490..600).filter(|r| r % 3 == tool).count() as u64;
    for (tool, name) in ["hammer", "saw", "drill"].iter().enumerate() {
        let row = b.rows.iter().find(|r| r.label == *name).unwrap();
        assert_eq!(row.values[7].count, dealt(tool), "{name}");
        assert_eq!(row.values[7].base, 110);
    }
    let note = fig.note.as_deref().unwrap_or_default();
    assert!(
        note.contains(
            "Other groups sums the 5 smallest groups: team H (30), team I (25), team J (20), team K (18), team L (17)."
        ),
        "{note}"
    );
    // The SVG names the merged series and says which it holds.
    let svg = render_svg(&fig, 720).unwrap();
    assert!(svg.contains("Other groups (n = 110)"), "legend");
    assert!(svg.contains("team H (30)"), "note");
    // The table and the CSV have the merged series' counts.
    let table = figure_table(&fig);
    let hammer_other = table.iter().find(|r| r[0] == "hammer" && r[1] == OTHER_GROUPS).unwrap();
    assert_eq!(hammer_other[2], dealt(0).to_string());
    assert_eq!(hammer_other[3], "110");
    assert!(figure_csv(&fig).contains(&format!("hammer,Other groups,{},110,", dealt(0))));
}

#[test]
fn a_stacked_split_merges_the_smallest_groups_and_unordered_answers_past_the_palette() {
    // 30 groups (past the 25 bars a figure draws) answering 10 unordered
    // answers (past the 8 colours).
    let pets = [
        "cat", "dog", "hen", "fish", "frog", "goat", "duck", "crab", "mole", "newt",
    ];
    let mut csv = String::from("Pet,Town\n");
    for i in 0..900 {
        csv.push_str(&format!("{},town {:02}\n", pets[i % 10], i % 30));
    }
    let (session, ids) = session_of(&csv);
    let fig = session.split(&ids[0], &ids[1], true).unwrap().unwrap();
    let Body::Likert(l) = &fig.body else {
        panic!("{:?}", fig.body)
    };
    assert_eq!(l.scale.len(), MAX_SPLIT_GROUPS);
    assert_eq!(l.scale[7], "3 other answers");
    assert_eq!(l.rows.len(), 25);
    assert_eq!(l.rows[24].label, OTHER_GROUPS);
    assert_eq!(l.rows[24].n, 6 * 30);
    assert_eq!(l.rows.iter().map(|r| r.n).sum::<u64>(), 900);
    for row in &l.rows {
        assert_eq!(row.counts.iter().sum::<u64>(), row.n, "{}", row.label);
    }
    assert!(
        fig.note
            .as_deref()
            .unwrap_or_default()
            .contains("sums the 6 smallest groups"),
        "{:?}",
        fig.note
    );
}

/// The preset the page would choose for `bytes`, and how well it fits.
fn fit_of(bytes: &[u8]) -> (String, usize, usize, bool) {
    let r = Session::open_best(bytes).unwrap().report();
    (r.preset.id, r.preset.found, r.preset.asked, r.preset.fits)
}

#[test]
fn preset_fit_counts_the_preset_questions_the_file_has() {
    // The synthetic sample is the paper's questionnaire: all ten questions
    // that carry answers (the timestamp is skipped) are found.
    assert_eq!(
        fit_of(crate::SAMPLE.as_bytes()),
        ("state-of-ml-2020".into(), 10, 10, true)
    );
    // The layout fixtures ask four of the paper's ten questions (role,
    // data, obstacles, country) and a comment: under half, so no fit.
    let mlops = |found| ("state-of-ml-2020".to_string(), found, 10, false);
    for (file, bytes, want) in [
        (
            "google-forms.csv",
            &include_bytes!("../data/layouts/google-forms.csv")[..],
            mlops(4),
        ),
        (
            "microsoft-forms.csv",
            include_bytes!("../data/layouts/microsoft-forms.csv"),
            mlops(4),
        ),
        // Typeform's multi-select is not matched to the preset's "data".
        ("typeform.csv", include_bytes!("../data/layouts/typeform.csv"), mlops(3)),
        (
            "surveymonkey.csv",
            include_bytes!("../data/layouts/surveymonkey.csv"),
            mlops(4),
        ),
        (
            "qualtrics.csv",
            include_bytes!("../data/layouts/qualtrics.csv"),
            mlops(4),
        ),
        (
            "excel-semicolon.csv",
            include_bytes!("../data/layouts/excel-semicolon.csv"),
            mlops(4),
        ),
        (
            "utf16-tab.txt",
            include_bytes!("../data/layouts/utf16-tab.txt"),
            mlops(4),
        ),
        (
            "kaggle-style.csv",
            include_bytes!("../data/layouts/kaggle-style.csv"),
            mlops(4),
        ),
    ] {
        assert_eq!(fit_of(bytes), want, "{file}");
    }
}

const REALDATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/realdata/");

/// A real export from ../shared/realdata, or None (said on stderr) when the
/// folder is absent, as in a user's clone (see realdata.rs).
fn realdata(name: &str) -> Option<Vec<u8>> {
    if !std::path::Path::new(REALDATA).is_dir() {
        eprintln!("skipped: ../shared/realdata not found (it is beside the checkout in CI)");
        return None;
    }
    Some(std::fs::read(format!("{REALDATA}{name}")).unwrap_or_else(|e| panic!("reading {name}: {e}")))
}

#[test]
fn a_survey_about_r_fits_no_mlops_preset() {
    let Some(bytes) = realdata("r-community-survey-2019.csv") else {
        return;
    };
    let (id, found, asked, fits) = fit_of(&bytes);
    assert!(!fits, "{id}: {found} of {asked}");
    assert!(found * 2 < asked, "{id}: {found} of {asked}");
}

/// The verdict and note of claim `id` in `r`.
fn claim<'r>(r: &'r survey_report::Report, id: &str) -> &'r survey_report::ClaimResult {
    r.claims
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no claim {id}"))
}

#[test]
fn counts_of_the_papers_own_sample_are_not_comparable_on_any_file() {
    use survey_report::Verdict;
    // The synthetic sample: N, the countries and the pipeline-centric count
    // are the paper's sample's, whatever this file holds.
    let r = crate::report(crate::SAMPLE);
    for id in ["N", "countries", "pipeline_n"] {
        let c = claim(&r, id);
        assert_eq!(
            (c.verdict, c.verdict_label.as_str()),
            (Verdict::NotComparable, "not comparable"),
            "{id}"
        );
        let note = c.note.as_deref().unwrap_or_default();
        assert!(
            note.starts_with("the published figure counts its own 331 respondents"),
            "{id}: {note}"
        );
        assert!(
            c.statistic.starts_with("paper: "),
            "{id}: the numbers are still shown: {}",
            c.statistic
        );
    }
    assert!(serde_json::to_string(claim(&r, "N"))
        .unwrap()
        .contains(r#""verdict":"not_comparable""#));
    // A Kaggle-like file (the layout fixture and a Kaggle 2018-shaped one):
    // never "does not hold" for the paper's sample's numbers.
    let kaggle_2018_like = kaggle_2018_like();
    for (file, bytes) in [
        (
            "kaggle-style.csv",
            &include_bytes!("../data/layouts/kaggle-style.csv")[..],
        ),
        ("kaggle 2018-like", kaggle_2018_like.as_bytes()),
    ] {
        let r = Session::open_best(bytes).unwrap().report();
        assert_eq!(claim(&r, "N").verdict, Verdict::NotComparable, "{file}");
        let preset = Preset::built_in(&r.preset.id).unwrap();
        for spec in preset.claims.iter().filter(|s| s.sample_count) {
            assert_ne!(claim(&r, &spec.id).verdict, Verdict::DoesNotHold, "{file}: {}", spec.id);
        }
    }
    // Claims on the file's own answers keep their verdicts.
    assert_eq!(claim(&r, "both_share").verdict, Verdict::Holds);
}

/// A file shaped like Kaggle's 2018 export (two header rows: codes, then
/// questions; "Q3" the country) with 40 respondents in 4 countries.
fn kaggle_2018_like() -> String {
    let mut csv = String::from(
        "Time from Start to Finish (seconds),Q1,Q3,Q6\n\
         Duration (in seconds),What is your gender? - Selected Choice,In which country do you currently reside?,Select the title most similar to your current role (or most recent title if retired): - Selected Choice\n",
    );
    let countries = ["India", "United States of America", "China", "Brazil"];
    let titles = ["Data Scientist", "Student", "Software Engineer"];
    for i in 0..40 {
        csv.push_str(&format!(
            "{},{},{},{}\n",
            300 + i,
            ["Male", "Female"][i % 2],
            countries[i % 4],
            titles[i % 3]
        ));
    }
    csv
}

#[test]
fn sample_count_is_only_for_checks_that_compare_a_count() {
    let mut v: serde_json::Value = serde_json::from_str(include_str!("../../presets/state-of-ml-2020.json")).unwrap();
    let both = v["claims"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|c| c["id"] == "both_share")
        .unwrap();
    both["sample_count"] = serde_json::json!(true);
    let err = Preset::from_json(&v.to_string()).unwrap_err();
    assert_eq!(
        err.message(),
        "preset \"state-of-ml-2020\": claim \"both_share\": sample_count is for checks that compare a count (respondents, distinct_countries, group_count)"
    );
}

/// A file whose first question is "How likely are you to recommend ...?"
/// answered `counts[p]` times with each point p of 0 to 10, then 5 blanks.
fn recommend_file(header: &str, counts: [u64; 11]) -> String {
    let mut csv = format!("{header},Team\n");
    for (point, &n) in counts.iter().enumerate() {
        for i in 0..n {
            csv.push_str(&format!("{point},{}\n", ["a", "b"][i as usize % 2]));
        }
    }
    csv.push_str(&",a\n".repeat(5));
    csv
}

#[test]
fn a_recommend_question_on_0_to_10_gets_its_net_promoter_score() {
    use survey_report::figures::{every, figure_table, NPS_GROUPS};
    // 200 answers: detractors (0-6) 5+5+5+5+10+10+10 = 50, passives (7-8)
    // 40+50 = 90, promoters (9-10) 35+25 = 60.
    let counts = [5, 5, 5, 5, 10, 10, 10, 40, 50, 35, 25];
    let csv = recommend_file(
        "How likely are you to recommend our tool to a friend or colleague?",
        counts,
    );
    let r = crate::report(&csv);
    let q = &r.questions[0];
    let nps = q.nps.expect("an NPS question");
    assert_eq!((nps.detractors, nps.passives, nps.promoters, nps.n), (50, 90, 60, 200));
    // By hand: 60/200 - 50/200 = 0.30 - 0.25 = +5 points. The variance of
    // the difference of two multinomial shares is
    // (0.30 + 0.25 - 0.05^2) / 200 = 0.5475 / 200 = 0.0027375, so the
    // standard error is 0.0523211 and the 95% interval 5 +/- 1.959964 *
    // 5.23211 = 5 +/- 10.2547: -5.2547 to 15.2547.
    assert!((nps.score - 5.0).abs() < 1e-9, "{}", nps.score);
    assert!((nps.lo - -5.2547).abs() < 1e-3, "{}", nps.lo);
    assert!((nps.hi - 15.2547).abs() < 1e-3, "{}", nps.hi);
    // The figure: one 100% bar of the three groups, the score in the subtitle.
    let fig = every(&r).into_iter().find(|f| f.id == format!("q-{}", q.id)).unwrap();
    let Body::Likert(l) = &fig.body else {
        panic!("{:?}", fig.body)
    };
    assert_eq!(l.scale, NPS_GROUPS.map(String::from).to_vec());
    assert_eq!(l.rows[0].counts, vec![50, 90, 60]);
    assert!(!l.diverging && l.ordered);
    assert!(
        fig.subtitle
            .starts_with("Net Promoter Score +5 (95% interval \u{2212}5 to +15)"),
        "{}",
        fig.subtitle
    );
    assert!(
        fig.subtitle.ends_with("of 200 who answered; 5 skipped"),
        "{}",
        fig.subtitle
    );
    let svg = render_svg(&fig, 720).unwrap();
    assert!(
        svg.contains("Promoters (9\u{2013}10)") && svg.contains("NPS +5"),
        "drawn with its groups"
    );
    let table = figure_table(&fig);
    assert_eq!(&table[1][2..6], &["200", "50", "90", "60"].map(String::from));
}

#[test]
fn the_score_is_read_only_for_a_recommend_question_on_0_to_10() {
    let counts = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
    // All promoters and all detractors: the score at its ends, the interval
    // of width 0 (every answer the same group).
    let all_promoters = crate::report(&recommend_file(
        "How likely is it that you would recommend R?",
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 10],
    ));
    let n = all_promoters.questions[0].nps.unwrap();
    assert_eq!((n.score, n.lo, n.hi), (100.0, 100.0, 100.0));
    // Other words, or a 1-5 scale under the same words: no score.
    for csv in [
        recommend_file("How satisfied are you with R?", counts),
        recommend_file("How likely are you to recommend R?", [0, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0]),
    ] {
        assert_eq!(crate::report(&csv).questions[0].nps, None);
    }
    // The score is not written into a report that has none.
    let json = serde_json::to_string(&crate::report(crate::SAMPLE)).unwrap();
    assert!(!json.contains("\"nps\""));
}
