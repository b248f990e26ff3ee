//! A question split by the groups of another: grouped bars, or 100%
//! stacked bars for a single-choice question, with the smallest groups and
//! the least chosen answers merged past what a figure can show: past
//! [`MAX_SPLIT_GROUPS`] colours, the smallest groups are one series, "Other
//! groups", whose counts are the sum of theirs, so every respondent who
//! answered both questions is still drawn and the note names the groups merged.

use super::question::question_figure_id;
use super::{BarRow, BarValue, Bars, Body, Figure, Likert, LikertRow, Series, MAX_BARS};
use crate::base::error::{Error, ErrorKind, Result};
use crate::base::limits::{MAX_SPLIT_BY_OPTIONS, MAX_SPLIT_CELLS};
use crate::report::ranking::SMALL_GROUP;

/// How many groups a split draws as series at most, one colour each (the
/// theme's palette has as many distinct colours); past it the smallest
/// groups are merged into [`OTHER_GROUPS`]. Also how many options a 100%
/// stacked split of unordered answers draws as segments.
pub const MAX_SPLIT_GROUPS: usize = 8;

/// The name of the series (or row) that sums the smallest groups.
pub const OTHER_GROUPS: &str = "Other groups";

/// How many merged groups the note names before "and N more".
const NAMED_MERGED: usize = 12;

/// Joint counts of a question by the options of a single-choice question:
/// `counts[group][option]` and the respondents of each group who answered.
#[derive(Clone, Debug)]
pub struct SplitCounts {
    pub options: Vec<String>,
    pub groups: Vec<String>,
    pub counts: Vec<Vec<u64>>,
    pub answered: Vec<u64>,
}

impl SplitCounts {
    /// Zeroed counts of `options` by `groups`, for the split of the question
    /// headed `header` by the one headed `by_header`. Refused, before
    /// anything is allocated, past `MAX_SPLIT_BY_OPTIONS` groups or
    /// `MAX_SPLIT_CELLS` cells (README "Limits and guarantees").
    pub fn new(header: &str, by_header: &str, options: Vec<String>, groups: Vec<String>) -> Result<SplitCounts> {
        let cells = groups.len().saturating_mul(options.len());
        if groups.len() > MAX_SPLIT_BY_OPTIONS || cells > MAX_SPLIT_CELLS {
            return Err(Error::new(
                ErrorKind::TooLarge,
                format!(
                    "the split of \u{201c}{header}\u{201d} by \u{201c}{by_header}\u{201d} would need {} \u{d7} {} cells; \
                     a split is drawn by a question with at most {MAX_SPLIT_BY_OPTIONS} options, into at most {MAX_SPLIT_CELLS} cells: \
                     split by a question with fewer options, or read \u{201c}{by_header}\u{201d} as free text",
                    groups.len(),
                    options.len()
                ),
            ));
        }
        Ok(SplitCounts {
            counts: vec![vec![0; options.len()]; groups.len()],
            answered: vec![0; groups.len()],
            options,
            groups,
        })
    }
}

/// A question's bars split by another question's groups (grouped bars),
/// largest groups first, with each group's size in the legend.
pub fn split_figure(question_id: &str, header: &str, by_header: &str, split: &SplitCounts) -> Figure {
    let (shown, merged) = keep_largest_groups(groups_by_size(split), MAX_SPLIT_GROUPS);
    let mut series: Vec<Series> = shown
        .iter()
        .map(|&g| Series {
            name: split.groups[g].clone(),
            n: split.answered[g],
        })
        .collect();
    let merged_n: u64 = merged.iter().map(|&g| split.answered[g]).sum();
    if !merged.is_empty() {
        series.push(Series {
            name: OTHER_GROUPS.to_string(),
            n: merged_n,
        });
    }
    let rows = split
        .options
        .iter()
        .enumerate()
        .map(|(oi, label)| {
            let mut values: Vec<BarValue> = shown
                .iter()
                .map(|&g| BarValue::new(split.counts[g][oi], split.answered[g]))
                .collect();
            if !merged.is_empty() {
                values.push(BarValue::new(
                    merged.iter().map(|&g| split.counts[g][oi]).sum(),
                    merged_n,
                ));
            }
            BarRow {
                label: label.clone(),
                values,
            }
        })
        .filter(|r| r.values.iter().any(|v| v.count > 0))
        .collect();
    let (rows, hidden) = largest_rows(rows, MAX_BARS - 1);
    let small = series
        .iter()
        .filter(|s| s.n < SMALL_GROUP)
        .map(|s| s.name.clone())
        .collect::<Vec<_>>();
    Figure {
        id: question_figure_id(question_id),
        section: "every".into(),
        title: header.to_string(),
        subtitle: format!("% of each group who answered, split by \u{201c}{by_header}\u{201d}"),
        note: join_notes(
            merged_note(split, &merged),
            join_notes(hidden_note(hidden), small_groups_note(&small)),
        ),
        quotes: None,
        alt: None,
        source: None,
        edited: None,
        labels: Default::default(),
        body: Body::Bars(Bars {
            series,
            rows,
            // Not known here: the split question may be multi-choice.
            one_answer: false,
        }),
    }
}

/// The `keep` rows with the most answers over all groups, in their order,
/// and how many were left out: a split of a question of thousands of
/// options draws the ones most chosen, not thousands of bars.
fn largest_rows(rows: Vec<BarRow>, keep: usize) -> (Vec<BarRow>, usize) {
    if rows.len() <= keep + 1 {
        return (rows, 0);
    }
    let fewer_first: Vec<u64> = rows
        .iter()
        .map(|r| u64::MAX - r.values.iter().map(|v| v.count).sum::<u64>())
        .collect();
    let mut kept = vec![false; rows.len()];
    for &i in crate::infer::values::order_of(&fewer_first).iter().take(keep) {
        kept[i] = true;
    }
    let hidden = rows.len() - keep;
    let rows = rows.into_iter().zip(kept).filter(|(_, k)| *k).map(|(r, _)| r).collect();
    (rows, hidden)
}

fn hidden_note(hidden: usize) -> Option<String> {
    (hidden > 0).then(|| format!("{hidden} less frequent answers are not shown; the reading panel lists every option."))
}

fn join_notes(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(format!("{a} {b}")),
        (a, b) => a.or(b),
    }
}

/// Names the groups too small to read much into, if any.
fn small_groups_note(small: &[String]) -> Option<String> {
    (!small.is_empty()).then(|| format!("Small groups (under {}): {}.", SMALL_GROUP, small.join(", ")))
}

/// The `keep` largest of `order` (largest first), or `keep - 1` and the
/// rest to merge when there are more: the merged ones take the last place.
fn keep_largest_groups(order: Vec<usize>, keep: usize) -> (Vec<usize>, Vec<usize>) {
    if order.len() > keep {
        (order[..keep - 1].to_vec(), order[keep - 1..].to_vec())
    } else {
        (order, vec![])
    }
}

/// Says which groups "Other groups" sums, with their sizes.
fn merged_note(split: &SplitCounts, merged: &[usize]) -> Option<String> {
    if merged.is_empty() {
        return None;
    }
    let mut names: Vec<String> = merged
        .iter()
        .take(NAMED_MERGED)
        .map(|&g| format!("{} ({})", split.groups[g], split.answered[g]))
        .collect();
    if merged.len() > NAMED_MERGED {
        names.push(format!("and {} more", merged.len() - NAMED_MERGED));
    }
    Some(format!(
        "{OTHER_GROUPS} sums the {} smallest groups: {}.",
        merged.len(),
        names.join(", ")
    ))
}

/// The split's groups that have answers, largest first.
fn groups_by_size(split: &SplitCounts) -> Vec<usize> {
    let mut order: Vec<usize> = (0..split.groups.len()).filter(|&g| split.answered[g] > 0).collect();
    order.sort_by(|&a, &b| split.answered[b].cmp(&split.answered[a]));
    order
}

/// A single-choice question split by groups as 100% stacked bars: one bar
/// per group (with its size), one segment per option.
pub fn stacked_split_figure(
    question_id: &str,
    header: &str,
    by_header: &str,
    split: &SplitCounts,
    ordered: bool,
) -> Figure {
    // A bar per group, up to MAX_BARS: past that, the smallest groups are
    // one bar, their counts summed.
    let (shown, merged) = keep_largest_groups(groups_by_size(split), MAX_BARS);
    // A segment per option, up to MAX_BARS for a scale (its colours are a
    // gradient) and MAX_SPLIT_GROUPS for unordered answers (one distinct
    // colour each): past that, the options least chosen are one segment
    // (one answer per respondent, so they add up).
    let (scale, segment_of) = stacked_segments(split, ordered);
    let row_of = |label: String, groups: &[usize]| {
        let mut counts = vec![0; scale.len()];
        for &g in groups {
            for (o, &c) in split.counts[g].iter().enumerate() {
                counts[segment_of[o]] += c;
            }
        }
        LikertRow {
            key: String::new(),
            label,
            n: groups.iter().map(|&g| split.answered[g]).sum(),
            counts,
            top2: 0.0,
        }
    };
    let mut rows: Vec<LikertRow> = shown.iter().map(|&g| row_of(split.groups[g].clone(), &[g])).collect();
    if !merged.is_empty() {
        rows.push(row_of(OTHER_GROUPS.to_string(), &merged));
    }
    let small: Vec<String> = rows
        .iter()
        .filter(|r| r.n < SMALL_GROUP)
        .map(|r| r.label.clone())
        .collect();
    Figure {
        id: question_figure_id(question_id),
        section: "every".into(),
        title: header.to_string(),
        subtitle: format!("% of each group who answered, split by \u{201c}{by_header}\u{201d}; n = group size"),
        note: join_notes(merged_note(split, &merged), small_groups_note(&small)),
        quotes: None,
        alt: None,
        source: None,
        edited: None,
        labels: Default::default(),
        body: Body::Likert(Likert {
            scale,
            rows,
            diverging: false,
            ordered,
        }),
    }
}

/// The segments of a stacked split and each option's segment: every option
/// when there are at most `MAX_BARS` (an ordered scale) or
/// `MAX_SPLIT_GROUPS` (unordered answers), else one fewer, the most chosen
/// (an ordered scale's first ones), and one for the rest.
fn stacked_segments(split: &SplitCounts, ordered: bool) -> (Vec<String>, Vec<usize>) {
    let n = split.options.len();
    let most = if ordered { MAX_BARS } else { MAX_SPLIT_GROUPS };
    if n <= most {
        return (split.options.clone(), (0..n).collect());
    }
    let keep = most - 1;
    let mut kept = vec![false; n];
    if ordered {
        kept[..keep].fill(true);
    } else {
        let fewer_first: Vec<u64> = (0..n)
            .map(|o| u64::MAX - split.counts.iter().map(|row| row[o]).sum::<u64>())
            .collect();
        for &o in crate::infer::values::order_of(&fewer_first).iter().take(keep) {
            kept[o] = true;
        }
    }
    let mut scale = Vec::with_capacity(most);
    let mut segment_of = vec![keep; n];
    for o in 0..n {
        if kept[o] {
            segment_of[o] = scale.len();
            scale.push(split.options[o].clone());
        }
    }
    scale.push(format!("{} other answers", n - keep));
    (scale, segment_of)
}
