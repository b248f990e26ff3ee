//! The Net Promoter Score of a "how likely are you to recommend" question
//! answered on the 0-10 scale: the share of promoters (9-10) minus the share
//! of detractors (0-6), in points from -100 to +100, with its interval.

use crate::base::stats::Z95;
use crate::report::types::{Kind, Nps, QuestionReport};

/// The words a header must hold to be read as the recommendation question.
const WORDS: [&str; 2] = ["likely", "recommend"];

/// The NPS of `q`, when its header reads like "How likely are you to
/// recommend ...?" (both [`WORDS`], in any case) and every answer is a whole
/// number from 0 to 10, some 9 or 10 (so a 1-5 rating under the same words
/// is not read as one). None otherwise, and with no answers.
pub fn nps_of(q: &QuestionReport) -> Option<Nps> {
    let header = q.header.to_lowercase();
    if !WORDS.iter().all(|w| header.contains(w))
        || !matches!(q.kind, Kind::Rating | Kind::Single)
        || !q.items.is_empty()
    {
        return None;
    }
    let mut by_point = [0u64; 11];
    let mut weight_of = [0.0f64; 11];
    let mut top = 0;
    for o in q.options.iter().filter(|o| o.count > 0) {
        let point: usize = o.label.trim().parse().ok().filter(|&p| p <= 10)?;
        by_point[point] += o.count;
        weight_of[point] += o.weighted.unwrap_or(0.0);
        top = top.max(point);
    }
    if top < 9 {
        return None;
    }
    let mut nps = Nps::from_counts(
        by_point[..7].iter().sum(),
        by_point[7..9].iter().sum(),
        by_point[9..].iter().sum(),
    );
    if let Some(eff) = q.effective_base {
        let groups = [
            weight_of[..7].iter().sum(),
            weight_of[7..9].iter().sum(),
            weight_of[9..].iter().sum(),
        ];
        nps.weigh(groups, eff);
    }
    Some(nps)
}

impl Nps {
    /// The score and its 95% interval from the three groups' sizes. The
    /// score is the difference of two shares of one multinomial sample, so
    /// its variance is (p_P + p_D - (p_P - p_D)^2) / n (Rocks, "Interval
    /// Estimation for the 'Net Promoter Score'", The American Statistician
    /// 70(4), 2016, the Wald interval of section 2); the interval is the
    /// score plus or minus 1.96 standard errors, kept within -100..100.
    pub fn from_counts(detractors: u64, passives: u64, promoters: u64) -> Nps {
        let n = detractors + passives + promoters;
        let (p, d) = if n == 0 {
            (0.0, 0.0)
        } else {
            (promoters as f64 / n as f64, detractors as f64 / n as f64)
        };
        let score = p - d;
        let se = if n == 0 {
            0.0
        } else {
            ((p + d - score * score).max(0.0) / n as f64).sqrt()
        };
        Nps {
            detractors,
            passives,
            promoters,
            n,
            score: 100.0 * score,
            lo: (100.0 * (score - Z95 * se)).max(-100.0),
            hi: (100.0 * (score + Z95 * se)).min(100.0),
            weighted: None,
            effective_n: None,
        }
    }

    /// Weighted: the score from the groups' summed weights (detractors,
    /// passives, promoters) and its interval on the effective base.
    pub fn weigh(&mut self, groups: [f64; 3], effective: f64) {
        let total: f64 = groups.iter().sum();
        let (p, d) = if total > 0.0 {
            (groups[2] / total, groups[0] / total)
        } else {
            (0.0, 0.0)
        };
        let score = p - d;
        let se = if effective > 0.0 {
            ((p + d - score * score).max(0.0) / effective).sqrt()
        } else {
            0.0
        };
        self.score = 100.0 * score;
        self.lo = (100.0 * (score - Z95 * se)).max(-100.0);
        self.hi = (100.0 * (score + Z95 * se)).min(100.0);
        self.weighted = Some(groups);
        self.effective_n = Some(effective);
    }
}
