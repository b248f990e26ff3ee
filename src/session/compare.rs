//! Two files compared as editions of one survey: this session is edition A,
//! another edition B. A's filters and weights are translated to B's
//! questions and options through the pairing and applied to both, so both
//! editions' shares describe the same people, counted the same way.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::base::error::{Error, ErrorKind, Result};
use crate::present::changes::{changes_section, results_changes};
use crate::present::figures::{compare_figures, Figure};
use crate::report::compare::{compare, compare_question, match_questions, Comparison, Match, Pairing};
use crate::report::types::{QuestionReport, Report};
use crate::session::analysis::{Analysis, Weighting, CONTINENT};
use crate::session::{Filter, Session};

/// A comparison and its figures.
#[derive(Clone, Debug, Serialize)]
pub struct Compared {
    pub comparison: Comparison,
    pub figures: Vec<Figure>,
}

impl Session {
    /// Compares this file (edition A, filtered and weighted as its analysis
    /// says) with `other` (edition B, under the same analysis translated).
    pub fn compare(&self, other: &Session, pairing: &Pairing) -> Result<Compared> {
        let a = self.report();
        let b = if self.analysis == Analysis::default() {
            other.report_with(&Analysis::default())?
        } else {
            let plain = other.report_with(&Analysis::default())?;
            let matches = match_questions(&a, &plain, pairing)?;
            let translated = translate(&self.analysis, &a, &plain, &matches, pairing)?;
            other.report_with(&translated)?
        };
        let mut comparison = compare(&a, &b, pairing)?;
        comparison.text = vec![changes_section(&comparison)];
        // Both read as the same questionnaire: its results section, compared.
        if self.preset.id == other.preset.id && a.preset.fits && b.preset.fits {
            if let Some(section) = results_changes(&self.preset.text, &comparison) {
                comparison.text.insert(0, section);
            }
        }
        let figures = compare_figures(&comparison);
        Ok(Compared { comparison, figures })
    }
}

fn untranslatable(what: &str, why: String) -> Error {
    Error::new(
        ErrorKind::Usage,
        format!("{what} cannot be applied to edition B: {why}"),
    )
}

/// A's question named `name` (by id, file id or header) and B's question paired with it.
fn paired<'r>(
    name: &str,
    a: &'r Report,
    b: &'r Report,
    matches: &'r [Match],
) -> Option<(&'r QuestionReport, &'r QuestionReport, &'r Match)> {
    let n = crate::base::words::normalize(name);
    let i = a
        .questions
        .iter()
        .position(|q| q.id == name || q.key == name || crate::base::words::normalize(&q.header) == n)?;
    let m = matches.iter().find(|m| m.a == i)?;
    Some((&a.questions[i], &b.questions[m.b], m))
}

/// B's label for each of A's option labels of a paired question.
fn option_labels(
    what: &str,
    qa: &QuestionReport,
    qb: &QuestionReport,
    m: &Match,
    labels: &[String],
    pairing: &Pairing,
) -> Result<Vec<String>> {
    let cq = compare_question(qa, qb, m, pairing);
    labels
        .iter()
        .map(|l| {
            cq.options
                .iter()
                .find(|o| o.a_label.as_deref() == Some(l.as_str()))
                .and_then(|o| o.b_label.clone())
                .ok_or_else(|| {
                    untranslatable(
                        what,
                        format!(
                            "\u{201c}{l}\u{201d} of \u{201c}{}\u{201d} has no option paired with it in B; pair it with one of B's options",
                            qa.header
                        ),
                    )
                })
        })
        .collect()
}

/// A's analysis in B's terms: each filter and raking margin on B's paired
/// question and options, a weight column by the same name.
fn translate(analysis: &Analysis, a: &Report, b: &Report, matches: &[Match], pairing: &Pairing) -> Result<Analysis> {
    let question = |name: &str, what: &str| {
        paired(name, a, b, matches).ok_or_else(|| {
            untranslatable(
                what,
                format!("\u{201c}{name}\u{201d} has no question paired with it in B; pair it, or remove the filter"),
            )
        })
    };
    let mut filters = Vec::new();
    for f in &analysis.filters {
        let what = format!("the filter on \u{201c}{}\u{201d}", f.question);
        let (qa, qb, m) = question(&f.question, &what)?;
        filters.push(Filter {
            question: qb.id.clone(),
            options: option_labels(&what, qa, qb, m, &f.options, pairing)?,
        });
    }
    let weighting = match &analysis.weighting {
        None => None,
        Some(Weighting::Column { column, trim }) => {
            if !b.weight_columns.iter().any(|w| &w.column == column) {
                return Err(untranslatable(
                    &format!("the weight column \u{201c}{column}\u{201d}"),
                    "B has no numeric column by that name; weight by a column both files have, or rake".into(),
                ));
            }
            Some(Weighting::Column {
                column: column.clone(),
                trim: *trim,
            })
        }
        Some(Weighting::Rake { targets, trim }) => {
            let mut out = BTreeMap::new();
            for (id, shares) in targets {
                if id == CONTINENT {
                    out.insert(id.clone(), shares.clone());
                    continue;
                }
                let what = format!("raking on \u{201c}{id}\u{201d}");
                let (qa, qb, m) = question(id, &what)?;
                let labels: Vec<String> = shares.keys().cloned().collect();
                let in_b = option_labels(&what, qa, qb, m, &labels, pairing)?;
                out.insert(qb.id.clone(), in_b.into_iter().zip(shares.values().copied()).collect());
            }
            Some(Weighting::Rake {
                targets: out,
                trim: *trim,
            })
        }
    };
    Ok(Analysis { filters, weighting })
}
