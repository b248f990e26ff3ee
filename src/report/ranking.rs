//! Options ranked by share, and the sizes below which a share or a group
//! means little: what the claims, the text and the figures all read off a
//! report, so they rank and warn alike.

use crate::report::types::{Kind, OptionCount, QuestionReport, OTHER_FREE_TEXT};

/// Rankings and shares need at least this many answers to mean anything.
pub const MIN_ANSWERS: u64 = 10;
/// A group smaller than this cannot be compared with the rest at all.
pub const MIN_GROUP: u64 = 5;
/// Below this size a group is called small, and its comparisons weak evidence.
pub const SMALL_GROUP: u64 = 30;

/// One ranked entry: an option or grid item with its count and base.
#[derive(Clone, Debug)]
pub struct Ranked {
    pub label: String,
    pub count: u64,
    pub base: u64,
}

impl Ranked {
    pub fn share(&self) -> f64 {
        if self.base == 0 {
            0.0
        } else {
            self.count as f64 / self.base as f64
        }
    }
}

/// Options of a question ranked by share of respondents, largest first; for
/// a rating grid, items ranked by the share rating in the top two points.
/// The free-text bucket is not a category and is left out.
pub fn ranking(q: &QuestionReport) -> Vec<Ranked> {
    let mut v: Vec<Ranked> = if q.kind == Kind::Rating {
        q.items
            .iter()
            .map(|i| Ranked {
                label: i.label.clone(),
                count: top_two(&i.counts),
                base: i.answered,
            })
            .collect()
    } else {
        q.options
            .iter()
            .filter(|o| o.label != OTHER_FREE_TEXT)
            .map(|o| Ranked {
                label: o.label.clone(),
                count: o.count,
                base: q.answered,
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
