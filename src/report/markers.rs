//! The missing-value markers read as no answer, as reported: each value
//! with its cells and the questions holding it, and a notice for each.

use crate::infer::markers::Blanked;
use crate::read::ingest::Notice;
use crate::report::types::{MarkerReport, QuestionReport};

/// The markers read as no answer, with the questions holding each, and one notice per marker.
pub fn marker_report(
    blanked: &[Blanked],
    questions: &[QuestionReport],
    notices: &mut Vec<Notice>,
) -> Vec<MarkerReport> {
    let mut out: Vec<MarkerReport> = Vec::new();
    // Maps, not searches: a wide file may blank a marker in every column.
    let question_of: rustc_hash::FxHashMap<usize, &str> = questions
        .iter()
        .flat_map(|q| q.columns.iter().map(move |&c| (c, q.id.as_str())))
        .collect();
    let mut by_value: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
    let mut listed: rustc_hash::FxHashSet<(usize, &str)> = rustc_hash::FxHashSet::default();
    for b in blanked {
        let q = question_of.get(&b.column).copied();
        let i = *by_value.entry(b.value.as_str()).or_insert_with(|| {
            out.push(MarkerReport {
                value: b.value.clone(),
                cells: 0,
                questions: Vec::new(),
            });
            out.len() - 1
        });
        let m = &mut out[i];
        m.cells += b.cells;
        if let Some(q) = q.filter(|q| listed.insert((i, q))) {
            m.questions.push(q.to_string());
        }
    }
    for m in &out {
        let n = m.questions.len();
        notices.push(Notice {
            row: None,
            column: None,
            message: format!(
                "\u{201c}{}\u{201d} read as no answer in {n} question{} ({} cells): the file uses it for an empty cell; keep it as an answer in the reading panel",
                m.value,
                if n == 1 { "" } else { "s" },
                m.cells
            ),
        });
    }
    out
}
