//! Options ranked by share, and the sizes below which a share or a group
//! means little: what the claims, the text and the figures all read off a
//! report, so they rank and warn alike.

use crate::base::stats::{self, Z95};
use crate::report::types::{Kind, OptionCount, QuestionReport, OTHER_FREE_TEXT};

/// Rankings and shares need at least this many answers to mean anything.
pub const MIN_ANSWERS: u64 = 10;
/// A group smaller than this cannot be compared with the rest at all.
pub const MIN_GROUP: u64 = 5;
/// Below this size a group is called small, and its comparisons weak evidence.
pub const SMALL_GROUP: u64 = 30;

/// One ranked entry: an option or grid item with its count and base, and
/// (weighted) its summed weight, the base's and the base's effective size.
#[derive(Clone, Debug)]
pub struct Ranked {
    pub label: String,
    pub count: u64,
    pub base: u64,
    pub weight: f64,
    pub weight_base: f64,
    pub effective: f64,
}

impl Ranked {
    /// Unweighted: the summed weights are the counts.
    pub fn counted(label: String, count: u64, base: u64) -> Ranked {
        Ranked {
            label,
            count,
            base,
            weight: count as f64,
            weight_base: base as f64,
            effective: base as f64,
        }
    }

    pub fn share(&self) -> f64 {
        if self.weight_base <= 0.0 {
            0.0
        } else {
            self.weight / self.weight_base
        }
    }

    /// The share's 95% Wilson interval, on the effective base.
    pub fn interval(&self) -> (f64, f64) {
        if self.weight == self.count as f64 && self.effective == self.base as f64 {
            stats::wilson(self.count, self.base, Z95)
        } else {
            stats::wilson_share(self.share(), self.effective, Z95)
        }
    }
}

/// Options of a question ranked by share of respondents, largest first; for
/// a rating grid, items ranked by the share rating in the top two points.
/// The free-text bucket is not a category and is left out. Weighted shares
/// when the report is weighted.
pub fn ranking(q: &QuestionReport) -> Vec<Ranked> {
    ranking_as(q, q.weighted_base.is_some())
}

/// [`ranking`], by counts even in a weighted report when not `weighted`.
pub fn ranking_as(q: &QuestionReport, weighted: bool) -> Vec<Ranked> {
    let entry = |label: &str, count: u64, base: u64, w: Option<f64>, wb: Option<f64>, eff: Option<f64>| {
        let mut r = Ranked::counted(label.to_string(), count, base);
        if let (true, Some(w), Some(wb), Some(eff)) = (weighted, w, wb, eff) {
            r.weight = w;
            r.weight_base = wb;
            r.effective = eff;
        }
        r
    };
    let mut v: Vec<Ranked> = if q.kind == Kind::Rating {
        q.items
            .iter()
            .map(|i| {
                let w = i.counts.iter().rev().take(2).map(|c| c.weighted).sum::<Option<f64>>();
                entry(
                    &i.label,
                    top_two(&i.counts),
                    i.answered,
                    w,
                    i.weighted_base,
                    i.effective_base,
                )
            })
            .collect()
    } else {
        q.options
            .iter()
            .filter(|o| o.label != OTHER_FREE_TEXT)
            .map(|o| {
                entry(
                    &o.label,
                    o.count,
                    q.answered,
                    o.weighted,
                    q.weighted_base,
                    q.effective_base,
                )
            })
            .collect()
    };
    by_share(&mut v);
    v
}

/// Sorts largest share first; the sort is stable, so ties keep the
/// questionnaire's order.
pub fn by_share(v: &mut [Ranked]) {
    v.sort_by(|a, b| b.share().total_cmp(&a.share()));
}

/// Respondents in the two highest points of a scale.
pub fn top_two(counts: &[OptionCount]) -> u64 {
    counts.iter().rev().take(2).map(|c| c.count).sum()
}
