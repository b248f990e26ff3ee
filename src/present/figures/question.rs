//! One figure per question: bars of a single- or multi-choice question,
//! diverging bars of a rating grid, a histogram of numbers; the paper's
//! figures of one question each are made the same way.

use super::{with_source, BarRow, BarValue, Bars, Body, Figure, Likert, LikertRow, Series};
use crate::base::format::{share_label, trim_number};
use crate::report::ranking::top_two;
use crate::report::types::{Kind, QuestionReport, Report, OTHER_FREE_TEXT};

fn base_text(q: &QuestionReport) -> String {
    let many = if q.kind == Kind::Multi {
        " (several answers allowed)"
    } else {
        ""
    };
    format!(
        "% of {} who answered{many}; {} skipped",
        base_words(q.answered, q.effective_base),
        q.skipped
    )
}

/// A base in words: "318", or weighted "318 (effective n = 241)".
pub(super) fn base_words(n: u64, effective: Option<f64>) -> String {
    match effective {
        Some(e) => format!("{n} (effective n = {e:.0})"),
        None => n.to_string(),
    }
}

pub(super) fn missing(id: &str, section: &str, title: String) -> Figure {
    Figure::new(
        id.to_string(),
        section.to_string(),
        title,
        String::new(),
        Body::Missing {
            message: "question not found in this file".to_string(),
        },
    )
}

/// A figure for one single- or multi-choice question: bars sorted by share
/// (unless the options are ordered), the free-text bucket last.
pub fn question_bars(id: &str, section: &str, title: String, q: &QuestionReport) -> Figure {
    let has_free_text = q.options.iter().any(|o| o.label == OTHER_FREE_TEXT);
    let mut rows: Vec<BarRow> = q
        .options
        .iter()
        // Forms record a filled-in "Other:" as its text, so a questionnaire's
        // own "Other" option is often empty beside the free-text bucket: an
        // empty bar there would only confuse.
        .filter(|o| !(has_free_text && o.count == 0 && o.label.eq_ignore_ascii_case("other")))
        .map(|o| BarRow {
            label: o.label.clone(),
            values: vec![BarValue::weighed(
                o.count,
                q.answered,
                o.weighted,
                q.weighted_base,
                q.effective_base,
            )],
            change: None,
        })
        .collect();
    if !q.ordered {
        rows.sort_by(|a, b| {
            let other = |r: &BarRow| r.label == OTHER_FREE_TEXT;
            other(a)
                .cmp(&other(b))
                .then(b.values[0].share.total_cmp(&a.values[0].share))
        });
    }
    let note = (!q.other.is_empty()).then(|| format!("{OTHER_FREE_TEXT}: {} distinct answers", q.other.len()));
    let quotes = (!q.other.is_empty()).then(|| {
        let shown: Vec<String> = q
            .other
            .iter()
            .take(5)
            .map(|o| format!("\u{201c}{}\u{201d}", o.label))
            .collect();
        format!("e.g. {}", shown.join(", "))
    });
    Figure {
        note,
        quotes,
        // A bar is the respondents who chose its option; the free-text
        // bucket and bins are not options to filter by.
        filter_by: matches!(q.kind, Kind::Single | Kind::Multi | Kind::Rating).then(|| q.id.clone()),
        ..Figure::new(
            id.to_string(),
            section.to_string(),
            title,
            base_text(q),
            Body::Bars(Bars {
                series: vec![Series::new("All", q.answered)],
                rows,
                one_answer: q.kind != Kind::Multi,
            }),
        )
    }
}

pub(super) fn likert(id: &str, section: &str, title: String, q: &QuestionReport) -> Figure {
    let scale: Vec<String> = q
        .items
        .first()
        .map(|i| i.counts.iter().map(|c| c.label.clone()).collect())
        .unwrap_or_default();
    let mut rows: Vec<LikertRow> = q
        .items
        .iter()
        .map(|i| {
            let counts: Vec<u64> = i.counts.iter().map(|c| c.count).collect();
            let weights: Option<Vec<f64>> = i.counts.iter().map(|c| c.weighted).collect();
            let top2 = match (&weights, i.weighted_base) {
                (Some(w), Some(b)) if b > 0.0 => w.iter().rev().take(2).sum::<f64>() / b,
                (Some(_), Some(_)) => 0.0,
                _ if i.answered == 0 => 0.0,
                _ => top_two(&i.counts) as f64 / i.answered as f64,
            };
            LikertRow {
                key: i.key.clone(),
                label: i.label.clone(),
                n: i.answered,
                counts,
                top2,
                weights,
            }
        })
        .collect();
    rows.sort_by(|a, b| b.top2.total_cmp(&a.top2));
    let min_n = rows.iter().map(|r| r.n).min().unwrap_or(0);
    let max_n = rows.iter().map(|r| r.n).max().unwrap_or(0);
    let mut n_text = if min_n == max_n {
        format!("{max_n}")
    } else {
        format!("{min_n}\u{2013}{max_n}")
    };
    let effective: Vec<f64> = q.items.iter().filter_map(|i| i.effective_base).collect();
    if let (Some(lo), Some(hi)) = (
        effective.iter().copied().reduce(f64::min),
        effective.iter().copied().reduce(f64::max),
    ) {
        n_text = if (hi - lo).abs() < 0.5 {
            format!("{n_text} (effective n = {hi:.0})")
        } else {
            format!("{n_text} (effective n = {lo:.0}\u{2013}{hi:.0})")
        };
    }
    Figure::new(
        id.to_string(),
        section,
        title,
        format!(
            "% of {n_text} who rated each item; {} skipped the grid; sorted by share in the top two points",
            q.skipped
        ),
        Body::Likert(Likert {
            scale,
            rows,
            diverging: true,
            ordered: true,
        }),
    )
}

/// One figure per question of the file, in file order: bars for single- and
/// multi-choice questions and single ratings, diverging bars for rating
/// grids, a histogram for numbers. Free text and skipped columns have none
/// (the page lists their answers instead).
pub fn every(report: &Report) -> Vec<Figure> {
    let figures = report
        .questions
        .iter()
        .filter_map(|q| {
            // The country question shows countries, not spellings.
            let q = match &report.geography {
                Some(g) if g.question == q.id => {
                    let mut q = q.clone();
                    q.options = g.countries.clone();
                    q.options.extend(g.unrecognised.iter().cloned());
                    q.other.clear();
                    q
                }
                _ => q.clone(),
            };
            question_figure(&q)
        })
        .collect();
    with_source(figures, report)
}

/// At most this many bars in a figure of the "every question" section.
pub const MAX_BARS: usize = 25;

/// The figure id of a question in the "every question" section.
pub fn question_figure_id(question_id: &str) -> String {
    format!("q-{question_id}")
}

pub fn question_figure(q: &QuestionReport) -> Option<Figure> {
    let id = question_figure_id(&q.id);
    let title = q.header.clone();
    match q.kind {
        Kind::Single | Kind::Multi => {
            let mut f = question_bars(&id, "every", title, q);
            if let Body::Bars(b) = &mut f.body {
                if let Some(more) = keep_largest(b, MAX_BARS - 1, q.answered, q.ordered) {
                    f.note = Some(match f.note.take() {
                        Some(n) => format!("{more} {n}"),
                        None => more,
                    });
                }
            }
            Some(f)
        }
        Kind::Rating if !q.items.is_empty() => Some(likert(&id, "every", title, q)),
        Kind::Rating => {
            let mut f = question_bars(&id, "every", title, q);
            if let Body::Bars(b) = &mut f.body {
                // A scale keeps its order.
                b.rows
                    .sort_by_key(|r| q.options.iter().position(|o| o.label == r.label).unwrap_or(usize::MAX));
            }
            Some(f)
        }
        Kind::Number => {
            let n = q.numbers.as_ref()?;
            let rows = n
                .bins
                .iter()
                .map(|b| BarRow {
                    label: b.label.clone(),
                    values: vec![BarValue::weighed(
                        b.count,
                        q.answered,
                        b.weighted,
                        q.weighted_base,
                        q.effective_base,
                    )],
                    change: None,
                })
                .collect();
            Some(Figure::new(
                id,
                "every",
                title,
                format!(
                    "% of {} who answered, in equal bins; {} skipped; median {}, mean {:.1}",
                    base_words(q.answered, q.effective_base),
                    q.skipped,
                    trim_number(n.median),
                    n.mean
                ),
                Body::Bars(Bars {
                    series: vec![Series::new("All", q.answered)],
                    rows,
                    one_answer: true,
                }),
            ))
        }
        Kind::Text | Kind::Skipped => None,
    }
}

/// Keeps the `keep` largest bars (the free-text bucket among them, by its
/// size like any other), in the order they were; says what was left out.
fn keep_largest(b: &mut Bars, keep: usize, answered: u64, ordered: bool) -> Option<String> {
    if b.rows.len() <= keep + 1 {
        return None;
    }
    let larger_first = |rows: &[BarRow]| -> Vec<u64> { rows.iter().map(|r| u64::MAX - r.values[0].count).collect() };
    let by_size = crate::infer::values::order_of(&larger_first(&b.rows));
    let mut kept = vec![false; b.rows.len()];
    for &i in by_size.iter().take(keep) {
        kept[i] = true;
    }
    let (mut hidden, mut hidden_answers) = (0usize, 0u64);
    let mut k = kept.iter();
    let mut rows: Vec<BarRow> = std::mem::take(&mut b.rows)
        .into_iter()
        .filter(|r| {
            let keep = *k.next().unwrap_or(&true);
            if !keep {
                hidden += 1;
                hidden_answers += r.values[0].count;
            }
            keep
        })
        .collect();
    if !ordered {
        // Shown by size, the free-text bucket in its place among them.
        let keys = larger_first(&rows);
        crate::infer::values::reorder(&mut rows, &keys);
    }
    b.rows = rows;
    let share = share_label(hidden_answers, hidden_answers as f64 / answered.max(1) as f64);
    Some(format!(
        "{hidden} less frequent answers are not shown ({hidden_answers} choices, {share} of those who answered); the reading panel lists every option."
    ))
}
