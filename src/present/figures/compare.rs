//! Two editions' figures: per compared question, grouped bars with the
//! first edition's and the second's share of each option (a rating grid's
//! items as their top-two boxes), each with its base and interval, the
//! change in points and its test per row, and the edition significantly
//! higher marked with the other's letter, as a split's groups are.

use super::split::{join_notes, largest_rows};
use super::{mark_analysis, BarRow, BarValue, Bars, Body, Change, Figure, Series, SplitTest, MAX_BARS};
use crate::base::format::and_list;
use crate::report::compare::{comparison_figure_id, ComparedQuestion, Comparison, Share, ALPHA, GROUPS_ID};
use crate::report::ranking::SMALL_GROUP;

/// Every compared question's figure, in the comparison's order.
pub fn compare_figures(c: &Comparison) -> Vec<Figure> {
    let source = source(c);
    let analysis = analysis(c);
    c.questions
        .iter()
        .filter(|q| q.figure.is_some())
        .map(|q| {
            let mut f = question_figure(c, q);
            f.source.clone_from(&source);
            mark_analysis(&mut f, analysis.as_deref());
            f
        })
        .collect()
}

fn bar(s: Option<&Share>) -> BarValue {
    match s {
        Some(s) => BarValue::weighed(s.count, s.base, s.weighted, s.weighted_base, s.effective_base),
        None => BarValue {
            not_offered: true,
            ..BarValue::new(0, 0)
        },
    }
}

/// The base a series states: the most respondents any option was asked
/// of (the same for every option of a question; a grid's items may differ).
fn series(name: &str, letter: &str, shares: impl Iterator<Item = Option<Share>>) -> Series {
    let top = shares.flatten().max_by_key(|s| s.base);
    Series {
        letter: Some(letter.into()),
        effective: top.and_then(|s| s.effective_base),
        ..Series::new(name, top.map_or(0, |s| s.base))
    }
}

fn question_figure(c: &Comparison, q: &ComparedQuestion) -> Figure {
    let (na, nb) = (c.a.name.as_str(), c.b.name.as_str());
    let series = vec![
        series(na, "A", q.options.iter().map(|o| o.a)),
        series(nb, "B", q.options.iter().map(|o| o.b)),
    ];
    let rows: Vec<BarRow> = q
        .options
        .iter()
        .map(|o| {
            let (mut a, mut b) = (bar(o.a.as_ref()), bar(o.b.as_ref()));
            if o.significant {
                // The higher edition says which it is higher than, as a split's letters.
                match o.change {
                    Some(x) if x > 0.0 => b.higher_than = 1,
                    Some(x) if x < 0.0 => a.higher_than = 2,
                    _ => {}
                }
            }
            BarRow {
                change: o.change.map(|points| Change { points, p: o.p, q: o.q }),
                ..BarRow::new(o.label.clone(), vec![a, b])
            }
        })
        .collect();
    let (rows, hidden) = largest_rows(rows, MAX_BARS - 1);
    let only = |edition: &str, pick: &dyn Fn(&crate::report::compare::ComparedOption) -> bool| {
        let names: Vec<String> = q
            .options
            .iter()
            .filter(|o| pick(o))
            .map(|o| format!("\u{201c}{}\u{201d}", o.label))
            .collect();
        (!names.is_empty()).then(|| format!("Only in {edition}: {}.", and_list(&names)))
    };
    let worded =
        (q.a_header != q.b_header).then(|| format!("In {nb} the question read \u{201c}{}\u{201d}.", q.b_header));
    let hidden_note = (hidden > 0).then(|| {
        format!("{hidden} options less often chosen are not shown; \u{201c}How the questions were matched\u{201d} lists every pair of options.")
    });
    let small: Vec<&str> = series
        .iter()
        .filter(|s| s.n < SMALL_GROUP)
        .map(|s| s.name.as_str())
        .collect();
    let note = [
        worded,
        only(na, &|o| o.b.is_none()),
        only(nb, &|o| o.a.is_none()),
        hidden_note,
    ]
    .into_iter()
    .fold(None, join_notes);
    let subtitle = if q.a_id == GROUPS_ID {
        format!("% of all respondents, by the rules of the report's maturity analysis, {na} and {nb}")
    } else if q.grid {
        format!(
            "% rating each item {}, {na} and {nb}",
            crate::base::format::or_list(&q.top.iter().map(|t| format!("\u{201c}{t}\u{201d}")).collect::<Vec<_>>())
        )
    } else {
        format!("% of those who answered, {na} and {nb}")
    };
    let text = format!(
        "Each option's change from {na} to {nb} tested by a two-proportion z test{}, Benjamini-Hochberg corrected \
         within the figure: \u{201c}> A\u{201d} marks a share significantly higher than {na}'s, \u{201c}> B\u{201d} \
         than {nb}'s (q < {ALPHA}).",
        if series.iter().any(|s| s.effective.is_some()) {
            " on effective bases"
        } else {
            ""
        }
    );
    let warning = (!small.is_empty()).then(|| {
        format!(
            "Small base (under {SMALL_GROUP}) in {}: read its changes with care.",
            and_list(&small.iter().map(|s| s.to_string()).collect::<Vec<_>>())
        )
    });
    Figure {
        note,
        test: Some(SplitTest {
            method: Some("two-proportion".into()),
            statistic: None,
            df: None,
            p: None,
            ndf: None,
            ddf: None,
            min_expected: None,
            text,
            warning,
        }),
        ..Figure::new(
            comparison_figure_id(&q.a_id),
            "compare",
            if q.a_id == GROUPS_ID {
                "ML maturity groups".to_string()
            } else {
                q.a_header.clone()
            },
            subtitle,
            Body::Bars(Bars {
                series,
                rows,
                // Bars add up where each respondent is in one bar: a single
                // choice, a rating or the maturity groups, not a grid's items.
                one_answer: !q.grid
                    && (q.a_id == GROUPS_ID
                        || matches!(
                            q.kind,
                            crate::report::types::Kind::Single | crate::report::types::Kind::Rating
                        )),
            }),
        )
    }
}

fn source(c: &Comparison) -> Option<String> {
    let file = |e: &crate::report::compare::Edition| {
        e.file.as_ref().map(|f| {
            if f == &e.name {
                f.clone()
            } else {
                format!("{f} ({})", e.name)
            }
        })
    };
    match (file(&c.a), file(&c.b)) {
        (Some(a), Some(b)) => Some(format!("Data: {a} and {b}.")),
        _ => None,
    }
}

/// Whom each edition's shares describe, when filtered or weighted.
fn analysis(c: &Comparison) -> Option<String> {
    let part = |e: &crate::report::compare::Edition| e.analysis.as_ref().map(|x| format!("{}: {x}", e.name));
    let parts: Vec<String> = [part(&c.a), part(&c.b)].into_iter().flatten().collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}
