//! Figures rendered to SVG and PNG, checked for what a reader would see.

use survey_report::{build_figures, render_png, render_svg, Body, Figure};

use crate::{report, SAMPLE};

fn sample_figures() -> Vec<Figure> {
    build_figures(&report(SAMPLE))
}

fn figure<'a>(figs: &'a [Figure], id: &str) -> &'a Figure {
    figs.iter()
        .find(|f| f.id == id)
        .unwrap_or_else(|| panic!("no figure {id}"))
}

/// The text content of every <text> element, in document order.
fn svg_texts(svg: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(start) = rest.find("<text") {
        let after = &rest[start..];
        let open_end = after.find('>').unwrap();
        let close = after.find("</text>").unwrap();
        out.push(
            after[open_end + 1..close]
                .trim()
                .replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">"),
        );
        rest = &after[close..];
    }
    out
}

#[test]
fn the_page_has_every_figure_of_the_results_section() {
    let ids: Vec<String> = sample_figures().iter().map(|f| f.id.clone()).collect();
    assert_eq!(
        ids,
        [
            "continents",
            "countries",
            "fig2",
            "fig3",
            "fig4",
            "fig5",
            "fig6",
            "maturity",
            "pipeline_team_size",
            "pipeline_company_size",
            "pipeline_role"
        ]
    );
}

#[test]
fn fig2_shows_title_base_labels_and_percentages() {
    let figs = sample_figures();
    let fig = figure(&figs, "fig2");
    let texts = svg_texts(&render_svg(fig, 720).unwrap());
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Fig. 2 What is your role in your team?")),
        "{texts:?}"
    );
    let r = report(SAMPLE);
    let role = r.question("role").unwrap();
    let base = format!("% of {} who answered; {} skipped", role.answered, role.skipped);
    assert!(texts.contains(&base), "{base:?} not in {texts:?}");
    let both = role.count_of("Both models and infrastructure").unwrap();
    let pct = format!("{:.0}%", both as f64 * 100.0 / role.answered as f64);
    // The label and its percentage are both on the figure, and it is the first (largest) bar.
    let label_at = texts
        .iter()
        .position(|t| t == "Both models and infrastructure")
        .expect("label");
    assert!(texts[label_at..].contains(&pct), "{pct} after the label in {texts:?}");
    let Body::Bars(b) = &fig.body else { panic!("bars") };
    assert_eq!(b.rows[0].label, "Both models and infrastructure");
    assert!(texts.iter().any(|t| t.contains("95% Wilson intervals")));
}

#[test]
fn multi_select_bases_are_respondents_not_answers() {
    let figs = sample_figures();
    let Body::Bars(b) = &figure(&figs, "fig3").body else {
        panic!("bars")
    };
    let r = report(SAMPLE);
    let q = r.question("data").unwrap();
    assert!(b.rows.iter().all(|row| row.values[0].base == q.answered));
    let total: f64 = b.rows.iter().map(|row| row.values[0].share).sum();
    assert!(
        total > 1.5,
        "shares of a multi-select add up to more than 100%: {total}"
    );
    assert!(figure(&figs, "fig3").subtitle.contains("several answers allowed"));
}

#[test]
fn fig6_has_the_16_obstacles_sorted_by_top_two_box_with_letters() {
    let figs = sample_figures();
    let fig = figure(&figs, "fig6");
    let Body::Likert(l) = &fig.body else { panic!("likert") };
    assert_eq!(l.rows.len(), 16);
    assert!(l.rows.windows(2).all(|w| w[0].top2 >= w[1].top2));
    assert_eq!(l.rows[0].key, "b");
    let texts = svg_texts(&render_svg(fig, 900).unwrap());
    for (key, label) in [
        ("b", "Messiness of data"),
        ("p", "Unclear or unrealistic expectations"),
        ("f", "Not enough budget"),
    ] {
        assert!(
            texts.iter().any(|t| t.starts_with(&format!("({key}) {label}"))),
            "({key}) {label} in {texts:?}"
        );
    }
    assert!(texts.iter().any(|t| t == "5 Extremely relevant"), "legend: {texts:?}");
    let top = format!("{:.0}%", l.rows[0].top2 * 100.0);
    assert!(texts.contains(&top));
}

#[test]
fn comparison_figures_show_both_groups_and_warn_about_small_groups() {
    let figs = sample_figures();
    let fig = figure(&figs, "pipeline_team_size");
    let texts = svg_texts(&render_svg(fig, 720).unwrap());
    assert!(texts.iter().any(|t| t == "Pipeline-centric (n = 22)"), "{texts:?}");
    assert!(texts.iter().any(|t| t.starts_with("Rest (n = ")));
    assert!(texts.iter().any(|t| t.contains("Small group: 22")), "{texts:?}");
    // Ordered options keep the questionnaire's order.
    let Body::Bars(b) = &fig.body else { panic!("bars") };
    let labels: Vec<&str> = b.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["1", "2-5", "6-10", "11-30", "31+"]);
}

#[test]
fn long_labels_wrap_instead_of_overflowing_on_a_phone() {
    let figs = sample_figures();
    let fig = figure(&figs, "fig6");
    let svg = render_svg(fig, 340).unwrap();
    let texts = svg_texts(&svg);
    // At phone width the longest obstacle label cannot fit on one line.
    assert!(!texts
        .iter()
        .any(|t| t == "(f) Not enough budget for purchases (solutions, computing)"));
    assert!(texts.iter().any(|t| t.starts_with("(f) Not enough")), "{texts:?}");
}

#[test]
fn a_missing_question_gives_a_missing_figure() {
    let r = report("Timestamp,What is your role in your team?\nt,Models\n");
    let figs = build_figures(&r);
    let fig6 = figure(&figs, "fig6");
    assert!(matches!(&fig6.body, Body::Missing { message } if message == "question not found in this file"));
    assert!(matches!(figure(&figs, "fig2").body, Body::Bars(_)));
    // Still renders natively, with the message.
    assert!(svg_texts(&render_svg(fig6, 600).unwrap()).contains(&"question not found in this file".to_string()));
}

#[test]
fn png_is_rendered_at_the_requested_scale() {
    let figs = sample_figures();
    let dir = std::env::temp_dir().join(format!("survey-report-png-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("fig2.png");
    render_png(figure(&figs, "fig2"), 600, 2.0, &path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    assert_eq!(width, 1200);
    assert!(height > 300, "{height}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_question_split_by_groups_as_grouped_or_stacked_bars() {
    let session = survey_report::Session::open(SAMPLE.as_bytes(), survey_report::Preset::state_of_ml_2020()).unwrap();
    let r = session.report();
    let sizes = r.question("company_size").unwrap();
    let role = r.question("role").unwrap();
    // Grouped: one series per company size with its n, largest groups first.
    let grouped = session.split("role", "company_size", false).unwrap().unwrap();
    let Body::Bars(b) = &grouped.body else { panic!("bars") };
    assert_eq!(
        b.series.len(),
        sizes
            .options
            .iter()
            .filter(|o| o.count > 0)
            .count()
            .min(survey_report::figures::MAX_SPLIT_GROUPS)
    );
    assert!(b.series.windows(2).all(|w| w[0].n >= w[1].n));
    let largest = sizes.options.iter().max_by_key(|o| o.count).unwrap();
    assert_eq!(b.series[0].name, largest.label);
    // Respondents who answered both questions.
    assert!(b.series.iter().map(|s| s.n).sum::<u64>() <= role.answered.min(sizes.answered));
    let texts = svg_texts(&render_svg(&grouped, 720).unwrap());
    assert!(
        // The largest group is group A; the legend gives each group's letter.
        texts
            .iter()
            .any(|t| t.starts_with(&format!("A: {} (n = ", largest.label))),
        "{texts:?}"
    );
    // Stacked: one 100% bar per group; each bar's counts add up to its n for a single-choice question.
    let stacked = session.split("role", "company_size", true).unwrap().unwrap();
    let Body::Likert(l) = &stacked.body else {
        panic!("stacked")
    };
    assert!(!l.diverging);
    assert_eq!(l.rows.len(), sizes.options.iter().filter(|o| o.count > 0).count());
    for row in &l.rows {
        assert_eq!(row.counts.iter().sum::<u64>(), row.n, "{}", row.label);
    }
    assert!(svg_texts(&render_svg(&stacked, 720).unwrap()).iter().any(|t| t == "n"));
    // A multi-select question cannot be stacked to 100%: it stays grouped.
    assert!(matches!(
        session.split("goals", "company_size", true).unwrap().unwrap().body,
        Body::Bars(_)
    ));
    // Splitting by a question that is not single-choice gives nothing.
    assert!(session.split("role", "goals", false).unwrap().is_none());
}
