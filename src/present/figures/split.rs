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
use crate::base::stats;
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
    /// The same in summed weights, when weighted.
    pub weighted: Option<SplitWeights>,
}

/// A split's weighted sums: `counts[group][option]` (Σw), and each group's
/// Σw and Σw² of those who answered.
#[derive(Clone, Debug, Default)]
pub struct SplitWeights {
    pub counts: Vec<Vec<f64>>,
    pub answered: Vec<f64>,
    pub answered_sq: Vec<f64>,
}

impl SplitWeights {
    /// Σw of the groups `gs` for option `o` (None: of those who answered),
    /// their Σw, and their Kish effective base.
    fn of(&self, gs: &[usize], o: Option<usize>) -> (f64, f64, f64) {
        let w: f64 = gs.iter().map(|&g| self.answered[g]).sum();
        let sq: f64 = gs.iter().map(|&g| self.answered_sq[g]).sum();
        let x = o.map_or(w, |o| gs.iter().map(|&g| self.counts[g][o]).sum());
        (x, w, if sq > 0.0 { w * w / sq } else { 0.0 })
    }
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
            weighted: None,
        })
    }
}

/// A question's bars split by another question's groups (grouped bars),
/// largest groups first, with each group's size in the legend.
pub fn split_figure(question_id: &str, header: &str, by_header: &str, split: &SplitCounts) -> Figure {
    let (shown, merged) = keep_largest_groups(groups_by_size(split), MAX_SPLIT_GROUPS);
    // Each series is one group, or the merged ones together.
    let mut members: Vec<Vec<usize>> = shown.iter().map(|&g| vec![g]).collect();
    if !merged.is_empty() {
        members.push(merged.clone());
    }
    let w = split.weighted.as_ref();
    let series: Vec<Series> = members
        .iter()
        .enumerate()
        .map(|(i, gs)| {
            let name = if i < shown.len() {
                split.groups[gs[0]].clone()
            } else {
                OTHER_GROUPS.to_string()
            };
            let mut s = Series::new(name, gs.iter().map(|&g| split.answered[g]).sum());
            s.effective = w.map(|w| w.of(gs, None).2);
            s
        })
        .collect();
    let rows = split
        .options
        .iter()
        .enumerate()
        .map(|(oi, label)| {
            let values: Vec<BarValue> = members
                .iter()
                .zip(&series)
                .map(|(gs, s)| {
                    let weights = w.map(|w| w.of(gs, Some(oi)));
                    BarValue::weighed(
                        gs.iter().map(|&g| split.counts[g][oi]).sum(),
                        s.n,
                        weights.map(|x| x.0),
                        weights.map(|x| x.1),
                        weights.map(|x| x.2),
                    )
                })
                .collect();
            BarRow {
                label: label.clone(),
                values,
                change: None,
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
        note: join_notes(
            merged_note(split, &merged),
            join_notes(hidden_note(hidden), small_groups_note(&small)),
        ),
        ..Figure::new(
            question_figure_id(question_id),
            "every",
            header.to_string(),
            format!("% of each group who answered, split by \u{201c}{by_header}\u{201d}"),
            Body::Bars(Bars {
                series,
                rows,
                // Not known here: the split question may be multi-choice.
                one_answer: false,
            }),
        )
    }
}

/// The `keep` rows with the most answers over all groups, in their order,
/// and how many were left out: a split of a question of thousands of
/// options draws the ones most chosen, not thousands of bars.
pub(super) fn largest_rows(rows: Vec<BarRow>, keep: usize) -> (Vec<BarRow>, usize) {
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

pub(super) fn join_notes(a: Option<String>, b: Option<String>) -> Option<String> {
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
        let mut weights = split.weighted.as_ref().map(|_| vec![0.0; scale.len()]);
        for &g in groups {
            for (o, &c) in split.counts[g].iter().enumerate() {
                counts[segment_of[o]] += c;
                if let (Some(ws), Some(w)) = (weights.as_mut(), split.weighted.as_ref()) {
                    ws[segment_of[o]] += w.counts[g][o];
                }
            }
        }
        LikertRow {
            key: String::new(),
            label,
            n: groups.iter().map(|&g| split.answered[g]).sum(),
            counts,
            top2: 0.0,
            weights,
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
        note: join_notes(merged_note(split, &merged), small_groups_note(&small)),
        ..Figure::new(
            question_figure_id(question_id),
            "every",
            header.to_string(),
            format!("% of each group who answered, split by \u{201c}{by_header}\u{201d}; n = group size"),
            Body::Likert(Likert {
                scale,
                rows,
                diverging: false,
                ordered,
            }),
        )
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

/// The letters of the groups whose bits are set in `bits` ("B, C"), None
/// for none: group g is letter g of the alphabet.
pub fn letters(bits: u32) -> Option<String> {
    if bits == 0 {
        return None;
    }
    let names: Vec<String> = (0..32).filter(|g| bits & (1 << g) != 0).map(letter).collect();
    Some(names.join(", "))
}

/// The letter of group `g`: A, B, ... Z, then AA, AB, ...
pub fn letter(g: usize) -> String {
    if g < 26 {
        ((b'A' + g as u8) as char).to_string()
    } else {
        format!("{}{}", letter(g / 26 - 1), letter(g % 26))
    }
}

/// A series as its legend names it: "A: Data scientist (n = 120)", with
/// the effective base when weighted.
pub fn legend_name(s: &Series) -> String {
    let n = match s.effective {
        Some(e) => format!("n = {}, effective n = {e:.0}", s.n),
        None => format!("n = {}", s.n),
    };
    match &s.letter {
        Some(l) => format!("{l}: {} ({n})", s.name),
        None => format!("{} ({n})", s.name),
    }
}

/// Column-proportion tests: each option's share compared between every
/// two groups of at least [`SMALL_GROUP`] respondents by a two-sided
/// two-proportion z test (on effective bases when weighted), the p-values
/// Benjamini-Hochberg corrected together within the figure; a group
/// significantly higher than another at 5% gets that group's bit in
/// `higher_than`. Gives each series its letter; returns the tests made and
/// the groups too small to be lettered.
pub fn letter_groups(b: &mut Bars) -> (usize, Vec<String>) {
    for (g, s) in b.series.iter_mut().enumerate() {
        s.letter = Some(letter(g));
    }
    let big: Vec<usize> = (0..b.series.len())
        .filter(|&g| b.series[g].n >= SMALL_GROUP && g < 32)
        .collect();
    let small = b
        .series
        .iter()
        .filter(|s| s.n < SMALL_GROUP)
        .map(|s| s.name.clone())
        .collect();
    let base = |v: &BarValue| v.effective_base.unwrap_or(v.base as f64);
    let mut tests: Vec<(usize, usize, usize, f64)> = Vec::new();
    for (r, row) in b.rows.iter().enumerate() {
        for (i, &g) in big.iter().enumerate() {
            for &h in &big[i + 1..] {
                let (Some(vg), Some(vh)) = (row.values.get(g), row.values.get(h)) else {
                    continue;
                };
                let (_, p) = stats::two_proportion(vg.share, base(vg), vh.share, base(vh));
                if p.is_finite() {
                    tests.push((r, g, h, p));
                }
            }
        }
    }
    let q = stats::benjamini_hochberg(&tests.iter().map(|t| t.3).collect::<Vec<f64>>());
    for (&(r, g, h, _), &q) in tests.iter().zip(&q) {
        if q >= LETTER_ALPHA {
            continue;
        }
        let (sg, sh) = (b.rows[r].values[g].share, b.rows[r].values[h].share);
        if sg > sh {
            b.rows[r].values[g].higher_than |= 1 << h;
        } else if sh > sg {
            b.rows[r].values[h].higher_than |= 1 << g;
        }
    }
    (tests.len(), small)
}

/// The level at which a group is lettered higher than another.
pub const LETTER_ALPHA: f64 = 0.05;
