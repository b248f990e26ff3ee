//! Claims on data built to make each verdict come out one way.

use survey_report::{fisher_exact, wilson, Verdict, Z95};

use crate::report;

const ROLE: &str = "What is your role in your team?";
const GOALS: &str = "What are you trying to accomplish in the next 3 months?";
const TEAM: &str = "How many people work in your data science team?";

/// Rows of (role, goals, team size) repeated `n` times each.
fn csv(rows: &[(&str, &str, &str, usize)]) -> String {
    let mut s = format!("{ROLE},{GOALS},{TEAM}\n");
    for (role, goals, team, n) in rows {
        for _ in 0..*n {
            s.push_str(&format!("{role},\"{goals}\",{team}\n"));
        }
    }
    s
}

fn verdict(r: &survey_report::Report, id: &str) -> (Verdict, String, String) {
    let c = r.claims.iter().find(|c| c.id == id).unwrap();
    (c.verdict, c.observed.clone(), c.statistic.clone())
}

#[test]
fn share_interval_holds_when_the_wilson_interval_contains_40_percent() {
    // 36 of 100: the interval is about 27%-46%, containing 40%.
    let r = report(&csv(&[
        ("Both models and infrastructure", "Optimizing models", "1", 36),
        ("Models", "Optimizing models", "1", 64),
    ]));
    let (v, observed, stat) = verdict(&r, "both_share");
    assert_eq!(v, Verdict::Holds, "{observed} {stat}");
    assert!(observed.starts_with("36% (36 of 100)"), "{observed}");
    let (lo, hi) = wilson(36, 100, Z95);
    assert!(
        stat.contains(&format!("{:.0}%\u{2013}{:.0}%", lo * 100.0, hi * 100.0)),
        "{stat}"
    );
    // 20 of 100: the interval is about 13%-29%.
    let r = report(&csv(&[
        ("Both models and infrastructure", "Optimizing models", "1", 20),
        ("Models", "Optimizing models", "1", 80),
    ]));
    assert_eq!(verdict(&r, "both_share").0, Verdict::DoesNotHold);
}

#[test]
fn missing_questions_make_their_claims_not_in_file() {
    let r = report(&csv(&[("Models", "Optimizing models", "1", 20)]));
    for id in [
        "problems_top",
        "obstacles_top",
        "expectations",
        "europe",
        "countries",
        "data_top",
    ] {
        assert_eq!(verdict(&r, id).0, Verdict::NotInFile, "{id}");
    }
    // N counts the paper's own respondents: shown beside this file's, not judged (issue 14).
    assert_eq!(verdict(&r, "N").0, Verdict::NotComparable);
}

#[test]
fn too_few_answers_are_not_enough_data() {
    let r = report(&csv(&[("Both models and infrastructure", "Optimizing models", "1", 4)]));
    assert_eq!(verdict(&r, "both_share").0, Verdict::NotEnoughData);
    assert_eq!(verdict(&r, "goals_top").0, Verdict::NotEnoughData);
}

#[test]
fn over_representation_uses_fisher_and_says_when_the_group_is_small() {
    // Pipeline-centric: 8 of 10 in teams of 11-30; the rest: 10 of 90.
    let r = report(&csv(&[
        ("Models", "Automating retraining of models", "11-30", 8),
        ("Models", "Automating retraining of models", "2-5", 2),
        ("Models", "Optimizing models", "11-30", 10),
        ("Models", "Optimizing models", "2-5", 80),
    ]));
    let c = r.claims.iter().find(|c| c.id == "pipeline_team").unwrap();
    assert_eq!(c.verdict, Verdict::Holds, "{} {}", c.observed, c.statistic);
    assert!(
        c.observed
            .contains("80% of pipeline-centric (8/10) vs 11% of the rest (10/90)"),
        "{}",
        c.observed
    );
    let p = fisher_exact(8, 2, 10, 80).p_greater;
    assert!(p < 0.001, "{p}");
    assert!(c.statistic.contains("p < 0.001"), "{}", c.statistic);
    assert!(
        c.note.as_deref().unwrap_or("").contains("small group: only 10"),
        "{:?}",
        c.note
    );

    // Same direction, too few to tell: 3 of 6 against 30 of 94.
    let r = report(&csv(&[
        ("Models", "Automating retraining of models", "11-30", 3),
        ("Models", "Automating retraining of models", "2-5", 3),
        ("Models", "Optimizing models", "11-30", 30),
        ("Models", "Optimizing models", "2-5", 64),
    ]));
    let c = r.claims.iter().find(|c| c.id == "pipeline_team").unwrap();
    assert_eq!(c.verdict, Verdict::NotEnoughData, "{} {}", c.observed, c.statistic);
    let p = fisher_exact(3, 3, 30, 64).p_greater;
    assert!(
        p > 0.05 && c.statistic.contains(&format!("p = {p:.3}")),
        "{p} {}",
        c.statistic
    );

    // Opposite direction: does not hold.
    let r = report(&csv(&[
        ("Models", "Automating retraining of models", "2-5", 10),
        ("Models", "Optimizing models", "11-30", 30),
        ("Models", "Optimizing models", "2-5", 60),
    ]));
    assert_eq!(verdict(&r, "pipeline_team").0, Verdict::DoesNotHold);
}

#[test]
fn rankings_must_be_strict_and_in_the_claimed_order() {
    fn g(goals: &str, n: usize) -> (&str, &str, &str, usize) {
        ("Models", goals, "1", n)
    }
    let order = [
        g("Developing models for production use", 40),
        g("Deploying models to production", 30),
        g("Optimizing models", 20),
        g("Proving the potential of machine learning", 15),
        g("Building data pipelines", 5),
    ];
    let r = report(&csv(&order));
    assert_eq!(verdict(&r, "goals_top").0, Verdict::Holds);
    // 90 model-centric > 20 data-centric > 0 pipeline-centric.
    assert_eq!(verdict(&r, "maturity_order").0, Verdict::Holds);
    // Swap two of the top four: the order claim no longer holds.
    let swapped = [order[1], order[0], order[2], order[3], order[4]];
    let r = report(&csv(&[
        ("Models", "Developing models for production use", "1", 30),
        ("Models", "Deploying models to production", "1", 40),
        swapped[2],
        swapped[3],
        swapped[4],
    ]));
    assert_eq!(verdict(&r, "goals_top").0, Verdict::DoesNotHold);
    // A tie at the boundary with an unclaimed goal is not "top four".
    let r = report(&csv(&[
        order[0],
        order[1],
        order[2],
        order[3],
        g("Building data pipelines", 15),
    ]));
    assert_eq!(verdict(&r, "goals_top").0, Verdict::DoesNotHold);
}
