//! A group of option columns of one question: one column per option holding
//! a marker (`Encoding::Columns`), or one column per item holding a point of
//! a shared scale (`Encoding::Grid`); and whether a marker means "chosen".

use super::scales::scale_order;
use super::{holds_codes, id_for, single, Encoding, Kind, Question, ReadContext};
use crate::base::words::{is_other_label, normalize};
use crate::read::layout::{Head, Hint};
use crate::read::table::Table;

/// Cells that mark an option chosen, and cells that mark it not chosen
/// (compared in lower case).
const TRUE_MARKS: &[&str] = &[
    "1", "x", "yes", "y", "true", "selected", "checked", "\u{2713}", "\u{2714}",
];
const FALSE_MARKS: &[&str] = &["0", "no", "n", "false", "not selected", "unchecked"];

/// Whether a cell of a one-column-per-option group means "chosen".
pub fn is_chosen(value: &str, label: &str) -> bool {
    let v = value.trim();
    if v.is_empty() {
        return false;
    }
    let n = v.to_lowercase();
    !FALSE_MARKS.contains(&n.as_str()) || normalize(v) == normalize(label)
}

/// A group of option columns: multi-select with markers, or a rating grid.
pub(super) fn group(table: &Table, heads: &[Head], start: usize, end: usize, cx: ReadContext) -> Vec<Question> {
    let head = &heads[start];
    // The block's write-in column: marked by the export, or a last "Other"
    // option column whose cells hold what people typed, not one label.
    let typed_other = |c: usize| {
        heads[c].option.as_deref().is_some_and(is_other_label)
            && table.columns[c].distinct() > 1
            && !holds_codes(&table.columns[c])
    };
    let other_text = (start..end)
        .find(|&c| heads[c].hint == Hint::OtherText)
        .or_else(|| (end - start >= 3 && typed_other(end - 1)).then_some(end - 1));
    let cols: Vec<usize> = (start..end)
        .filter(|&c| heads[c].hint != Hint::OtherText && Some(c) != other_text)
        .collect();
    let label = |c: usize| heads[c].option.clone().unwrap_or_default();
    // Markers: each column holds one value only (its label, or a mark such as
    // 1, x, TRUE), besides blanks and "not chosen" marks.
    let chosen_values = |c: usize| -> Vec<&str> {
        table.columns[c]
            .entries()
            .map(|(_, v, _)| v)
            .filter(|v| !FALSE_MARKS.contains(&v.trim().to_lowercase().as_str()))
            .collect()
    };
    let marker = cols.iter().all(|&c| chosen_values(c).len() <= 1);
    // The label a respondent saw is the cell's own text when it is not a mark.
    let label = |c: usize| -> String {
        match chosen_values(c).first() {
            Some(v) if !TRUE_MARKS.contains(&v.to_lowercase().as_str()) && marker => v.to_string(),
            _ => label(c),
        }
    };
    let base = Question {
        id: id_for(head, start),
        header: head.question.clone(),
        kind: Kind::Multi,
        encoding: Encoding::Columns,
        columns: (start..end).collect(),
        options: cols.iter().map(|&c| label(c)).collect(),
        items: vec![],
        ordered: false,
        other_text,
        reason: "one column per option".into(),
        number: None,
        warnings: Vec::new(),
        written_in: false,
    };
    if marker {
        return vec![Question {
            columns: cols.clone(),
            ..base
        }
        .with_other(other_text)];
    }
    // A grid: the columns share one vocabulary of answers.
    let mut vocab: Vec<String> = Vec::new();
    for &c in &cols {
        for (_, v, _) in table.columns[c].entries() {
            if !vocab.iter().any(|x| x == v) {
                vocab.push(v.to_string());
            }
        }
    }
    let numeric = vocab
        .iter()
        .all(|v| v.parse::<i64>().is_ok_and(|n| (0..=10).contains(&n)));
    let scale = if numeric && vocab.len() >= 2 {
        let hi = vocab.iter().filter_map(|v| v.parse::<i64>().ok()).max().unwrap_or(5);
        let lo = vocab
            .iter()
            .filter_map(|v| v.parse::<i64>().ok())
            .min()
            .unwrap_or(1)
            .min(1);
        Some((lo..=hi).map(|i| i.to_string()).collect())
    } else if vocab.len() <= 12 {
        scale_order(&vocab).or_else(|| (vocab.len() >= 2).then(|| vocab.clone()))
    } else {
        None
    };
    match scale {
        Some(scale) => vec![Question {
            kind: Kind::Rating,
            encoding: Encoding::Grid,
            columns: cols.clone(),
            items: cols.iter().map(|&c| label(c)).collect(),
            ordered: true,
            options: scale,
            reason: "one column per item, sharing one scale".into(),
            ..base
        }],
        // Unrelated columns that happen to share a question: read each alone.
        None => (start..end).map(|c| single(table, &heads[c], c, cx)).collect(),
    }
}

impl Question {
    fn with_other(mut self, other: Option<usize>) -> Question {
        if let Some(o) = other {
            self.other_text = Some(o);
            if !self.columns.contains(&o) {
                self.columns.push(o);
            }
        }
        self
    }
}
