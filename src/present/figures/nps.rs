//! The figure of a Net Promoter Score question: its respondents as
//! detractors, passives and promoters in one 100% bar, the score and its
//! interval in the subtitle, the answers 0 to 10 in the note. It takes the
//! place of the question's bars in the "every question" section.

use super::question::question_figure_id;
use super::{Body, Figure, Likert, LikertRow};
use crate::report::types::{Nps, QuestionReport};

/// The three groups, in scale order (detractors first).
pub const NPS_GROUPS: [&str; 3] = [
    "Detractors (0\u{2013}6)",
    "Passives (7\u{2013}8)",
    "Promoters (9\u{2013}10)",
];

/// A score in whole points with its sign: "+12", "\u{2212}5", "0".
pub fn signed_points(x: f64) -> String {
    let r = x.round();
    if r > 0.0 {
        format!("+{r:.0}")
    } else if r < 0.0 {
        format!("\u{2212}{:.0}", -r)
    } else {
        0.to_string()
    }
}

/// The figure of question `q`, whose score is `nps`.
pub fn nps_figure(q: &QuestionReport, nps: &Nps) -> Figure {
    let answers: Vec<String> = q
        .options
        .iter()
        .filter(|o| o.count > 0)
        .map(|o| format!("{}: {}", o.label.trim(), o.count))
        .collect();
    Figure {
        note: Some(format!("Answers from 0 to 10: {}.", answers.join(", "))),
        ..Figure::new(
            question_figure_id(&q.id),
            "every",
            q.header.clone(),
            format!(
            "Net Promoter Score {} (95% interval {} to {}): % promoters minus % detractors, of {} who answered; {} skipped",
            signed_points(nps.score),
            signed_points(nps.lo),
            signed_points(nps.hi),
            super::question::base_words(nps.n, nps.effective_n),
            q.skipped
        ),
            Body::Likert(Likert {
            scale: NPS_GROUPS.map(String::from).to_vec(),
            rows: vec![LikertRow {
                key: String::new(),
                label: format!("NPS {}", signed_points(nps.score)),
                n: nps.n,
                counts: vec![nps.detractors, nps.passives, nps.promoters],
                top2: 0.0,
                weights: nps.weighted.map(|w| w.to_vec()),
            }],
            diverging: false,
            ordered: true,
        }),
        )
    }
}
