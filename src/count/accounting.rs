//! Every non-empty cell of a question's columns placed once: in a bar, a
//! write-in, or set aside with the reason. Read from the columns'
//! dictionaries (a count per distinct value), so it costs no pass over the
//! rows; it describes the file as read, whatever selection is counted.

use serde::{Deserialize, Serialize};

use crate::infer::markers::Blanked;
use crate::infer::resolve::Resolver;
use crate::infer::schema::{Encoding, Kind, Question};
use crate::infer::values::NumberFormat;
use crate::read::table::Table;

/// The non-empty cells of a question's columns, each in exactly one place:
/// `cells = in_bars + write_ins + sum(set_aside.count)`. A cell naming
/// options and free text at once counts in bars (its text is listed too).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AnswerAccounting {
    pub cells: u64,
    /// Cells counted in a bar (an option, a scale point, a number's bin).
    pub in_bars: u64,
    /// Cells of free text: write-ins, listed (and counted as "Other" where the question has no Other option).
    pub write_ins: u64,
    pub set_aside: Vec<AnswersSetAside>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnswersSetAside {
    pub reason: String,
    pub count: u64,
}

impl AnswerAccounting {
    pub fn set_aside(&mut self, reason: &str, count: u64) {
        if count == 0 {
            return;
        }
        match self.set_aside.iter_mut().find(|s| s.reason == reason) {
            Some(s) => s.count += count,
            None => self.set_aside.push(AnswersSetAside {
                reason: reason.to_string(),
                count,
            }),
        }
    }

    /// Whether every cell is in exactly one place.
    pub fn balances(&self) -> bool {
        self.cells == self.in_bars + self.write_ins + self.set_aside.iter().map(|s| s.count).sum::<u64>()
    }
}

/// Every non-empty cell of a question's columns, placed once: in a bar, a
/// write-in, or set aside with the reason. Read from the columns'
/// dictionaries (a count per distinct value), so it costs no pass over the rows.
pub fn account(q: &Question, r: &Resolver, table: &Table, blanked: &[&Blanked]) -> AnswerAccounting {
    let mut acc = AnswerAccounting::default();
    for b in blanked {
        acc.cells += b.cells;
        acc.set_aside(&format!("\u{201c}{}\u{201d} read as no answer", b.value), b.cells);
    }
    for &c in &q.columns {
        let col = &table.columns[c];
        acc.cells += col.answered();
        let all = col.answered();
        if Some(c) == r.other_text {
            acc.write_ins += all;
            continue;
        }
        match (q.kind, &r.encoding) {
            (Kind::Skipped, _) => acc.set_aside(&format!("not an answer: {}", q.reason), all),
            (Kind::Text, _) => acc.write_ins += all,
            (Kind::Number, _) => {
                let plain = NumberFormat::default();
                let format = q.number.as_ref().unwrap_or(&plain);
                let numbers: u64 = col
                    .entries()
                    .filter(|(_, v, _)| format.parse(v).is_some())
                    .map(|e| e.2)
                    .sum();
                acc.in_bars += numbers;
                acc.set_aside("not a number", all - numbers);
            }
            (_, Encoding::Columns) => {
                let k = r.option_columns.iter().position(|&o| o == c);
                let flags = k.and_then(|k| r.chosen.get(k));
                let chosen: u64 = col
                    .entries()
                    .filter(|(code, _, _)| flags.and_then(|f| f.get(*code as usize)).copied().unwrap_or(false))
                    .map(|e| e.2)
                    .sum::<u64>()
                    + col.overflow;
                acc.in_bars += chosen;
                acc.set_aside("a not-chosen mark (0, no, false)", all - chosen);
            }
            (_, Encoding::Grid) => {
                let item = r.items.iter().position(|i| i.column == Some(c));
                let Some(k) = item else {
                    acc.set_aside("an item of the grid the preset does not list", all);
                    continue;
                };
                let points: u64 = col
                    .entries()
                    .filter(|(code, _, _)| r.points[k].get(*code as usize).copied().flatten().is_some())
                    .map(|e| e.2)
                    .sum();
                acc.in_bars += points;
                acc.set_aside("not a point of the scale", all - points);
            }
            _ => {
                let mut bars = 0;
                for (code, _, n) in col.entries() {
                    match r.codes.get(code as usize) {
                        Some(m) if !m.chosen.is_empty() => bars += n,
                        _ => acc.write_ins += n,
                    }
                }
                // Values past the dictionary's caps are counted as free text.
                acc.write_ins += col.overflow;
                acc.in_bars += bars;
            }
        }
    }
    acc
}
