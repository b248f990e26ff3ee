//! A person's edits to a figure (issue #14): each edit applied, seen in the
//! SVG a reader gets and in the CSV rows, the counts behind a merged or
//! hidden option unchanged, and labels the figure lacks refused by name.

use std::collections::BTreeMap;

use survey_report::{
    apply_edits, build_figures, check_figure, figure_csv, figure_table, render_svg, Body, Figure, FigureEdits,
    GridStyle, Merge, Order, ValueLabels,
};

use crate::{report, SAMPLE};

fn sample(id: &str) -> Figure {
    build_figures(&report(SAMPLE))
        .into_iter()
        .find(|f| f.id == id)
        .unwrap_or_else(|| panic!("no figure {id}"))
}

/// Label -> (count, base) of a one-series bar figure, in drawn order.
fn bars(f: &Figure) -> Vec<(String, u64, u64)> {
    let Body::Bars(b) = &f.body else {
        panic!("{} is not bars", f.id)
    };
    b.rows
        .iter()
        .map(|r| (r.label.clone(), r.values[0].count, r.values[0].base))
        .collect()
}

fn count_of(f: &Figure, label: &str) -> (u64, f64) {
    let Body::Bars(b) = &f.body else { panic!("not bars") };
    let r = b
        .rows
        .iter()
        .find(|r| r.label == label)
        .unwrap_or_else(|| panic!("no bar {label}"));
    (r.values[0].count, r.values[0].share)
}

/// The text of every <text> element of the figure's SVG, joined by " | ".
fn svg_text(f: &Figure) -> String {
    let svg = render_svg(f, 720).expect("renders");
    let mut out = Vec::new();
    let mut rest = svg.as_str();
    while let Some(start) = rest.find("<text") {
        let after = &rest[start..];
        let open = after.find('>').unwrap();
        let close = after.find("</text>").unwrap();
        out.push(after[open + 1..close].trim().replace("&amp;", "&"));
        rest = &after[close..];
    }
    out.join(" | ")
}

fn csv_rows(f: &Figure) -> Vec<Vec<String>> {
    let text = figure_csv(f);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .map(|r| r.expect("valid CSV").iter().map(String::from).collect())
        .collect()
}

fn edits(f: impl FnOnce(&mut FigureEdits)) -> FigureEdits {
    let mut e = FigureEdits::default();
    f(&mut e);
    e
}

fn rename(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

fn merge(labels: &[&str], into: &str) -> Merge {
    Merge {
        labels: labels.iter().map(|l| l.to_string()).collect(),
        into: into.into(),
    }
}

fn refused(fig: &Figure, e: &FigureEdits, words: &str) {
    match apply_edits(fig, e) {
        Ok(_) => panic!("{e:?} was applied; it should be refused with {words:?}"),
        Err(err) => assert!(
            err.message().contains(words),
            "{:?} does not say {words:?}",
            err.message()
        ),
    }
}

#[test]
fn title_subtitle_and_source_are_the_ones_typed_and_an_empty_source_leaves_it_out() {
    let fig = sample("fig2");
    let e = edits(|e| {
        e.title = Some("What our readers do".into());
        e.subtitle = Some("Share of 321 who answered".into());
        e.source = Some("Source: State of ML 2020".into());
    });
    let out = apply_edits(&fig, &e).unwrap();
    let text = svg_text(&out);
    for words in [
        "What our readers do",
        "Share of 321 who answered",
        "Source: State of ML 2020",
    ] {
        assert!(text.contains(words), "{words} not in the SVG: {text}");
    }
    assert!(!text.contains(&fig.title), "the old title is gone");
    assert_eq!(bars(&out), bars(&fig), "the numbers are untouched");
    assert_eq!(out.edited, None, "nothing merged or hidden, nothing said");

    let out = apply_edits(&fig, &edits(|e| e.source = Some(" ".into()))).unwrap();
    assert_eq!(out.source, None);
    assert!(!svg_text(&out).contains("Data: "));
}

#[test]
fn rename_merge_and_hide_on_fig2_keep_every_count_and_base_and_say_what_was_done() {
    let fig = sample("fig2");
    let (models, models_share) = count_of(&fig, "Models");
    let (other, _) = count_of(&fig, "Other");
    let (free, _) = count_of(&fig, "Other (free text)");
    let (data, data_share) = count_of(&fig, "Data");
    let base = bars(&fig)[0].2;
    let e = edits(|e| {
        e.rename = rename(&[("Models", "ML models")]);
        e.merge = vec![merge(&["Other", "Other (free text)"], "Something else")];
        e.hide = vec!["Management".into()];
    });
    let out = apply_edits(&fig, &e).unwrap();
    check_figure(&out).expect("an edited figure is a valid figure");
    // Renamed: the same count and share under the new label.
    assert_eq!(count_of(&out, "ML models"), (models, models_share));
    // Merged: the sum over the same base (single choice: no one counted twice).
    let (merged, merged_share) = count_of(&out, "Something else");
    assert_eq!(merged, other + free);
    assert!((merged_share - merged as f64 / base as f64).abs() < 1e-12);
    // Hidden: gone, and the others' percentages as they were.
    assert!(bars(&out).iter().all(|(l, _, b)| l != "Management" && *b == base));
    assert_eq!(count_of(&out, "Data"), (data, data_share));
    let said = "Merged: Other + Other (free text) as Something else; hidden: Management.";
    assert_eq!(out.edited.as_deref(), Some(said));

    let text = svg_text(&out);
    for words in ["ML models", "Something else", said] {
        assert!(text.contains(words), "{words} not in the SVG: {text}");
    }
    assert!(!text.contains("Management |"), "the hidden bar is not drawn: {text}");

    let rows = csv_rows(&out);
    assert_eq!(rows[0][..4], ["label", "series", "count", "base"]);
    let row = |label: &str| {
        rows.iter()
            .find(|r| r[0] == label)
            .unwrap_or_else(|| panic!("no row {label}"))
    };
    assert_eq!(row("ML models")[2], models.to_string());
    assert_eq!(row("Something else")[2..4], [merged.to_string(), base.to_string()]);
    assert!(rows.iter().all(|r| r[0] != "Management" && r[0] != "Models"));
    let last = rows.last().unwrap();
    assert_eq!(last[0], said, "the CSV ends with what was merged and hidden");
    assert_eq!(last.len(), rows[0].len(), "as wide as the other rows");
    assert_eq!(
        figure_table(&out).last().unwrap()[0],
        said,
        "and so does the page's table"
    );
}

#[test]
fn merging_options_of_a_multi_choice_question_is_refused_saying_why() {
    let fig = sample("fig3");
    let e = edits(|e| e.merge = vec![merge(&["Text", "Images"], "Unstructured")]);
    refused(&fig, &e, "could count one respondent twice");
    // Hiding and renaming there are fine.
    let e = edits(|e| {
        e.hide = vec!["Text".into()];
        e.rename = rename(&[("Images", "Pictures")]);
    });
    let out = apply_edits(&fig, &e).unwrap();
    assert_eq!(count_of(&out, "Pictures"), count_of(&fig, "Images"));
}

#[test]
fn labels_the_figure_lacks_are_refused_by_name() {
    let fig = sample("fig2");
    refused(
        &fig,
        &edits(|e| e.hide = vec!["Astronaut".into()]),
        "no option \u{201c}Astronaut\u{201d}",
    );
    refused(
        &fig,
        &edits(|e| e.rename = rename(&[("Astronaut", "x")])),
        "\u{201c}Astronaut\u{201d}",
    );
    refused(
        &fig,
        &edits(|e| e.merge = vec![merge(&["Models", "Astronaut"], "x")]),
        "\u{201c}Astronaut\u{201d}",
    );
    refused(
        &fig,
        &edits(|e| e.order = Order::Custom(vec!["Data".into(), "Astronaut".into()])),
        "\u{201c}Astronaut\u{201d}",
    );
    // A rename onto another bar's label would draw two bars of one name.
    refused(
        &fig,
        &edits(|e| e.rename = rename(&[("Models", "Data")])),
        "merge them instead",
    );
    refused(
        &fig,
        &edits(|e| e.grid = Some(GridStyle::Stacked)),
        "only a rating grid",
    );
}

#[test]
fn orders_frequency_alphabetical_custom_and_as_built() {
    let fig = sample("fig2");
    let labels = |f: &Figure| bars(f).into_iter().map(|r| r.0).collect::<Vec<_>>();
    let alpha = apply_edits(&fig, &edits(|e| e.order = Order::Alphabetical)).unwrap();
    let mut sorted = labels(&fig);
    sorted.sort_by_key(|l| l.to_lowercase());
    assert_eq!(labels(&alpha), sorted);

    let freq = apply_edits(&fig, &edits(|e| e.order = Order::Frequency)).unwrap();
    let counts: Vec<u64> = bars(&freq).iter().map(|r| r.1).collect();
    let free_text_last = labels(&freq).last().cloned();
    assert_eq!(
        free_text_last.as_deref(),
        Some("Other (free text)"),
        "the free-text bucket stays last"
    );
    assert!(
        counts[..counts.len() - 1].windows(2).all(|w| w[0] >= w[1]),
        "{counts:?}"
    );

    // Custom: the named first (a renamed one by its old or new label), the rest as built.
    let e = edits(|e| {
        e.rename = rename(&[("Models", "ML models")]);
        e.order = Order::Custom(vec!["Data".into(), "Models".into()]);
    });
    let custom = apply_edits(&fig, &e).unwrap();
    let got = labels(&custom);
    assert_eq!(got[..2], ["Data", "ML models"]);
    let rest: Vec<String> = labels(&fig)
        .into_iter()
        .filter(|l| l != "Data" && l != "Models")
        .collect();
    assert_eq!(got[2..], rest[..]);
    let as_built = apply_edits(&fig, &edits(|e| e.order = Order::Original)).unwrap();
    assert_eq!(labels(&as_built), labels(&fig));
}

#[test]
fn count_labels_draw_the_counts_and_the_csv_keeps_both() {
    let fig = sample("fig2");
    let out = apply_edits(&fig, &edits(|e| e.labels = Some(ValueLabels::Count))).unwrap();
    let text = svg_text(&out);
    let (models, share) = count_of(&fig, "Models");
    assert!(
        text.contains(&format!("| {models} |")),
        "{models} beside its bar: {text}"
    );
    let pct = format!("| {:.0}% |", share * 100.0);
    assert!(!text.contains(&pct), "no {pct} label: {text}");
    assert!(svg_text(&fig).contains(&pct), "the unedited figure has it");
    assert_eq!(
        csv_rows(&out),
        csv_rows(&fig),
        "the CSV has counts and percents either way"
    );
}

#[test]
fn a_rating_grid_as_stacked_bars_with_points_merged_and_an_item_hidden() {
    let fig = sample("fig6");
    let Body::Likert(l) = &fig.body else {
        panic!("fig6 is a grid")
    };
    assert!(l.diverging);
    let (top, second) = (l.scale[4].clone(), l.scale[3].clone());
    let item = l.rows[0].clone();
    let hidden = l.rows[1].label.clone();
    let e = edits(|e| {
        e.grid = Some(GridStyle::Stacked);
        e.merge = vec![merge(&[&second, &top], "Relevant")];
        e.hide = vec![hidden.clone()];
        e.rename = rename(&[(&item.label, "Messy data")]);
    });
    let out = apply_edits(&fig, &e).unwrap();
    check_figure(&out).expect("valid");
    let Body::Likert(k) = &out.body else {
        panic!("still a grid")
    };
    assert!(!k.diverging);
    assert_eq!(k.scale.len(), 4);
    assert_eq!(k.scale[3], "Relevant");
    let row = &k.rows[0];
    assert_eq!(row.label, "Messy data");
    assert_eq!(row.n, item.n, "the base is kept");
    assert_eq!(row.counts[3], item.counts[3] + item.counts[4]);
    assert_eq!(row.counts[..3], item.counts[..3]);
    assert!(k.rows.iter().all(|r| r.label != hidden));
    let said = format!("Merged: {second} + {top} as Relevant; hidden: {hidden}.");
    assert_eq!(out.edited.as_deref(), Some(said.as_str()));
    let text = svg_text(&out);
    assert!(text.contains("Relevant") && text.contains("Messy data"), "{text}");
    let rows = csv_rows(&out);
    assert!(rows[0].contains(&"Relevant (count)".to_string()), "{:?}", rows[0]);
    assert!(
        !rows[0].contains(&"top_two_percent".to_string()),
        "stacked bars have no top-two column"
    );
    assert_eq!(rows.last().unwrap()[0], said);
    // A grid's items are questions of their own: they cannot be added up.
    let e = edits(|e| e.merge = vec![merge(&[&item.label, &hidden], "x")]);
    refused(&fig, &e, "cannot be added");
    // 100% bars that were never a scale with a middle cannot be drawn around one.
    refused(
        &out,
        &edits(|e| e.grid = Some(GridStyle::Diverging)),
        "only a rating grid",
    );
}

#[test]
fn no_edits_give_the_figure_back_unchanged() {
    for fig in build_figures(&report(SAMPLE)) {
        assert_eq!(apply_edits(&fig, &FigureEdits::default()).unwrap(), fig, "{}", fig.id);
    }
}

#[test]
fn edits_read_from_json_as_the_page_sends_them() {
    let e: FigureEdits = serde_json::from_str(
        r#"{"hide":["Management"],"merge":[{"labels":["Other","Other (free text)"],"into":"Other"}],
            "order":{"custom":["Data"]},"labels":"count","grid":null}"#,
    )
    .unwrap();
    assert_eq!(e.order, Order::Custom(vec!["Data".into()]));
    assert_eq!(e.labels, Some(ValueLabels::Count));
    let out = apply_edits(&sample("fig2"), &e).unwrap();
    assert_eq!(bars(&out)[0].0, "Data");
    assert!(
        serde_json::from_str::<FigureEdits>(r#"{"hidden":["x"]}"#).is_err(),
        "an unknown field is refused"
    );
}

#[test]
fn a_figure_from_outside_with_an_overlong_edit_note_is_refused() {
    let mut fig = sample("fig2");
    fig.edited = Some("x".repeat(survey_report::figure_limits::TEXT_CHARS + 1));
    let err = check_figure(&fig).expect_err("refused");
    assert!(
        err.message().contains("what was edited is 2001 characters long"),
        "{}",
        err.message()
    );
}
