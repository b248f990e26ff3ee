//! From columns to questions: grouping the columns of one question, and
//! guessing each question's kind (single, multi, rating, number, text,
//! skipped) and options from its header and every value in its columns.
//!
//! This file holds the question types and the walk over the columns
//! (`infer`); the guessing is split by job:
//! - `kind`: what one column holds (metadata, dates, sentences, options);
//! - `numbers`: a column of numbers, or whole numbers that make a scale;
//! - `scales`: answer scales known by their labels ("Disagree" < "Agree");
//! - `joined`: the labels of multi-select answers joined in one cell;
//! - `grid`: a group of option columns, as markers or a rating grid.

use serde::{Deserialize, Serialize};

use crate::base::words::normalize;
use crate::infer::values::NumberFormat;
use crate::read::layout::{Head, Hint};
use crate::read::table::{Column, Table};

mod grid;
mod joined;
mod kind;
mod numbers;
mod scales;
#[cfg(test)]
mod tests;

pub use grid::is_chosen;
pub use joined::joined_labels;
pub use scales::scale_order;

use grid::group;
use kind::{infer_cell, Cell};

/// Learnt labels longer than this are free text: no questionnaire option is
/// a page long, and it bounds the walk that matches labels in a cell
/// (`MultiSplitter`) to this many bytes per position.
pub const MAX_LABEL_BYTES: usize = 500;

/// What kind of question a column (or group of columns) holds, as guessed
/// here from its header and values, or as a person corrected it. Defined in
/// the module that guesses it, so reading never imports the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Single,
    Multi,
    Rating,
    Number,
    Text,
    Skipped,
}

/// How a question's answers sit in the columns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// One value per cell (single, rating, number, text, skipped).
    Cell,
    /// Several answers joined in one cell, split by known labels.
    Joined,
    /// One column per option: a marker (label, 1, x, TRUE, ...) means chosen.
    Columns,
    /// One column per item, each holding a point of the scale.
    Grid,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub header: String,
    pub kind: Kind,
    pub encoding: Encoding,
    pub columns: Vec<usize>,
    /// Option labels (single, multi) or scale points (rating), in order.
    pub options: Vec<String>,
    /// Item labels of a rating grid, one per column.
    pub items: Vec<String>,
    /// Options have a natural order (scales, sizes).
    pub ordered: bool,
    /// A column of free text typed beside an "Other" choice.
    pub other_text: Option<usize>,
    /// Why the kind was chosen, shown in the reading panel.
    pub reason: String,
    /// Numbers: how the column writes them.
    #[serde(default)]
    pub number: Option<NumberFormat>,
    /// Findings about the answers worth a notice (date serials among ranges).
    #[serde(default)]
    pub warnings: Vec<String>,
    /// Answers given once each are written in, not options (a choice whose
    /// "Other:" box writes its text into the cell).
    #[serde(default)]
    pub written_in: bool,
}

/// What the file says about its numbers: a `;`-delimited file writes
/// decimal commas.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReadContext {
    pub semicolon: bool,
}

/// Whether a companion "Other - Text" column holds numeric codes into a
/// separate file of write-ins (Kaggle 2018-2019: -1 for none) rather than text.
pub fn holds_codes(col: &Column) -> bool {
    col.answered() > 0
        && col.overflow == 0
        && col
            .entries()
            .all(|(_, v, _)| v.strip_prefix('-').unwrap_or(v).bytes().all(|b| b.is_ascii_digit()) && !v.is_empty())
}

/// The questions of a file, in column order.
pub fn infer(table: &Table, heads: &[Head], cx: ReadContext) -> Vec<Question> {
    let mut out: Vec<Question> = Vec::new();
    let mut c = 0;
    while c < heads.len() {
        let head = &heads[c];
        // A group: consecutive columns of the same question, each with an option.
        let mut end = c + 1;
        if head.option.is_some() {
            while end < heads.len()
                && heads[end].question == head.question
                && (heads[end].option.is_some()
                    || (heads[end].hint == Hint::OtherText && !holds_codes(&table.columns[end])))
            {
                end += 1;
            }
        }
        // Typeform heads each option's column with the option alone: a run of
        // columns that each hold only their own header text is one multi-select.
        let self_labelled = |k: usize| {
            let h = &heads[k];
            h.option.is_none() && h.hint == Hint::None && {
                let mut values = table.columns[k].entries();
                matches!((values.next(), values.next()), (Some((_, v, _)), None) if normalize(v) == normalize(&h.name))
            }
        };
        if end - c == 1 && self_labelled(c) {
            let mut run = c + 1;
            while run < heads.len() && self_labelled(run) {
                run += 1;
            }
            if run - c >= 2 {
                let mut cols: Vec<usize> = (c..run).collect();
                let options: Vec<String> = cols.iter().map(|&k| heads[k].name.clone()).collect();
                // A following "Other" column holds what was typed for it.
                let other = (run < heads.len() && normalize(&heads[run].name).starts_with("other")).then_some(run);
                if let Some(o) = other {
                    cols.push(o);
                }
                out.push(Question {
                    id: positional_id(c),
                    header: options.join(" / "),
                    kind: Kind::Multi,
                    encoding: Encoding::Columns,
                    columns: cols,
                    options,
                    items: vec![],
                    ordered: false,
                    other_text: other,
                    reason: "columns headed by their option, each holding only it".into(),
                    number: None,
                    warnings: Vec::new(),
                    written_in: false,
                });
                c = run + usize::from(other.is_some());
                continue;
            }
        }
        if head.hint == Hint::OtherText && holds_codes(&table.columns[c]) {
            out.push(code_column(head, c));
        } else if end - c >= 2 {
            out.extend(group(table, heads, c, end, cx));
        } else if head.hint == Hint::OtherText
            && out
                .last()
                .is_some_and(|q| q.kind != Kind::Skipped && q.other_text.is_none())
        {
            if let Some(q) = out.last_mut() {
                q.other_text = Some(c);
                q.columns.push(c);
            }
        } else {
            out.push(single(table, head, c, cx));
        }
        c = end;
    }
    dedupe_ids(&mut out);
    out
}

fn id_for(head: &Head, col: usize) -> String {
    match &head.code {
        Some(code) if head.option.is_some() => match code.find("_Part_") {
            Some(i) => code[..i].to_string(),
            None => crate::read::layout::code_base(code).unwrap_or(code).to_string(),
        },
        Some(code) => code.clone(),
        None => positional_id(col),
    }
}

fn dedupe_ids(qs: &mut [Question]) {
    let mut seen = std::collections::HashSet::new();
    for q in qs.iter_mut() {
        if !seen.insert(q.id.clone()) {
            q.id = format!("{}_{}", q.id, q.columns[0] + 1);
            seen.insert(q.id.clone());
        }
    }
}

/// A companion column of codes into a file this one does not include: not
/// answers, so skipped with the reason, never merged into its question.
/// The id of a question the file gives no code: "column_" and its first
/// column's number (from 1).
pub fn positional_id(column: usize) -> String {
    format!("column_{}", column + 1)
}

/// Whether `id` is a [`positional_id`], not a code of the file's.
pub fn is_positional_id(id: &str) -> bool {
    id.strip_prefix("column_")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

fn code_column(head: &Head, c: usize) -> Question {
    Question {
        id: head.code.clone().unwrap_or_else(|| positional_id(c)),
        header: head.name.clone(),
        kind: Kind::Skipped,
        encoding: Encoding::Cell,
        columns: vec![c],
        options: vec![],
        items: vec![],
        ordered: false,
        other_text: None,
        reason:
            "the write-ins of the question before it, as numeric codes into a separate file (-1: none): not answers"
                .into(),
        number: None,
        warnings: Vec::new(),
        written_in: false,
    }
}

fn single(table: &Table, head: &Head, c: usize, cx: ReadContext) -> Question {
    let Cell {
        kind,
        options,
        ordered,
        reason,
        number,
        warnings,
        written_in,
    } = infer_cell(&table.columns[c], head, cx);
    let encoding = if kind == Kind::Multi {
        Encoding::Joined
    } else {
        Encoding::Cell
    };
    Question {
        id: id_for(head, c),
        header: if head.option.is_some() {
            head.name.clone()
        } else {
            head.question.clone()
        },
        kind,
        encoding,
        columns: vec![c],
        options,
        items: vec![],
        ordered,
        other_text: None,
        reason,
        number,
        warnings,
        written_in,
    }
}

impl Question {
    /// Re-reads the question as `kind`, as a person asked in the reading panel.
    pub fn retyped(&self, table: &Table, kind: Kind) -> Question {
        let mut q = self.clone();
        q.kind = kind;
        q.reason = "set by you".into();
        let col = &table.columns[self.columns[0]];
        match (kind, &self.encoding) {
            (Kind::Multi, Encoding::Cell | Encoding::Joined) => {
                q.encoding = Encoding::Joined;
                q.options = joined_labels(col, &self.header, true).unwrap_or_default();
                q.ordered = false;
            }
            (Kind::Single | Kind::Rating, Encoding::Cell | Encoding::Joined) => {
                q.encoding = Encoding::Cell;
                let values: Vec<String> = col.entries().map(|(_, v, _)| v.to_string()).collect();
                q.ordered = kind == Kind::Rating;
                q.options = if kind == Kind::Rating {
                    scale_order(&values).unwrap_or(values)
                } else {
                    values
                };
            }
            (Kind::Number | Kind::Text | Kind::Skipped, _) => {
                q.encoding = Encoding::Cell;
                q.columns.truncate(1);
                q.options.clear();
            }
            // Grids and option groups keep their columns; only a re-read as a
            // cell kind (above) changes their encoding.
            _ => {}
        }
        q
    }
}
