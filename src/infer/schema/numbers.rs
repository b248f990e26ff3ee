//! A column of numbers: every answer a number in one format (`NumberFormat`:
//! decimal commas, thousands separators, a unit), with spellings of
//! infinity set aside; whole numbers from 0 or 1 up to 10 are a rating scale.

use super::kind::Cell;
use super::{Kind, ReadContext};
use crate::infer::values::{self, NumberFormat};
use crate::read::table::Column;

/// What a column of numbers holds (a number question, or a rating scale of
/// whole numbers), read from `values`, the column's distinct values; None
/// when its answers are not numbers.
pub(super) fn number_cell(col: &Column, values: &[String], cx: ReadContext) -> Option<Cell> {
    let answered = col.answered();
    // Spellings of infinity or not-a-number ("inf", "1e309") among numbers
    // are not numbers: the question is read as numbers without them, and
    // they are set aside with a warning (never a mean of NaN).
    let non_finite: Vec<(&str, u64)> = col
        .entries()
        .filter(|(_, v, _)| values::is_non_finite(v))
        .map(|(_, v, n)| (v, n))
        .collect();
    let non_finite_cells: u64 = non_finite.iter().map(|e| e.1).sum();
    if col.overflow > 0 || non_finite_cells * 20 > answered || non_finite_cells >= answered {
        return None;
    }
    let refs: Vec<&str> = values
        .iter()
        .map(String::as_str)
        .filter(|v| !values::is_non_finite(v))
        .collect();
    let format = values::number_format(&refs, cx.semicolon)?;
    let nums: Vec<f64> = values.iter().filter_map(|v| format.parse(v)).collect();
    let ints = nums.iter().all(|x| x.fract() == 0.0);
    let (lo, hi) = nums
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
    let plain = format == NumberFormat::default();
    if plain && ints && lo >= 0.0 && hi <= 10.0 && col.distinct() >= 2 {
        let start = if lo == 0.0 { 0 } else { 1 };
        let scale: Vec<String> = (start..=hi as i64).map(|i| i.to_string()).collect();
        return Some(Cell::new(
            Kind::Rating,
            scale,
            true,
            format!("whole numbers from {start} to {hi}: a rating scale"),
        ));
    }
    let all = if non_finite_cells == 0 {
        "all answers are numbers".to_string()
    } else {
        format!("all answers but {non_finite_cells} (infinity or not-a-number) are numbers")
    };
    let reason = match format.describe() {
        Some(how) => format!("{all}, written {how}"),
        None => all,
    };
    let mut cell = Cell::new(Kind::Number, vec![], false, reason);
    cell.number = Some(format);
    cell.warnings = non_finite
        .iter()
        .map(|(v, n)| {
            format!(
                "\u{201c}{v}\u{201d} ({n} cell{}) is not a finite number; set aside from the numbers (correct it in the file if a number was meant)",
                if *n == 1 { "" } else { "s" }
            )
        })
        .collect();
    Some(cell)
}
