//! What single cell values mean, whatever question they answer: markers
//! that stand for "no answer" (`nan`, `N/A`), numbers as people and
//! spreadsheets write them ("2,5", "1,000", "5 years", "10%"), the order of
//! brackets, time spans and unnamed scales, and spreadsheet date serials
//! that were ranges before Excel read them.
//!
//! Written by hand: these are survey-export conventions, not a format any
//! maintained crate parses (number-parsing crates read one locale's numbers,
//! not a column that mixes "2,5" with "10 hours").
//!
//! Split by job: `numbers` (how a column writes its numbers), `order` (the
//! order of brackets, spans and scales, and the one sort every reordering
//! goes through), `ranges` (ranges and the date serials they became); the
//! missing-value markers and the answer key are here.

mod numbers;
mod order;
mod ranges;
#[cfg(test)]
mod tests;

pub use numbers::{is_non_finite, number_format, NumberFormat};
pub use order::{f64_key, order_of, ordinal_order, reorder};
pub use ranges::{date_serial, is_range};

/// Cells that only ever mean "no value": what pandas, R and spreadsheets
/// write into an empty cell. Read as no answer wherever a column holds them.
const STRONG_MARKERS: &[&str] = &[
    "nan", "NaN", "NAN", "null", "NULL", "Null", "#N/A", "#NA", "NaT", "<NA>",
];

/// Cells that mean "no value" only in a column that has no empty cell at
/// all, i.e. that uses them as its empty value: elsewhere "N/A" may be a
/// real answer ("N/A - I do not work with models").
const WEAK_MARKERS: &[&str] = &["NA", "N/A", "n/a", "N/a", "na", "-", "--", "."];

/// Whether `value` is a missing-value marker in a column with `blanks`
/// empty cells.
pub fn is_missing_marker(value: &str, blanks: u64) -> bool {
    STRONG_MARKERS.contains(&value) || (blanks == 0 && WEAK_MARKERS.contains(&value))
}

/// An answer up to case, white space and quoting: spellings with one key
/// are one answer, counted as one bar. Any Unicode white space (no-break
/// and typographic spaces included) and `-`, `_`, `/` read as one space;
/// quotes, apostrophes, brackets and sentence punctuation are dropped
/// (`Data "scientist` is `Data scientist`, `Don't know` is `Dont know`);
/// zero-width characters are dropped. Digits, letters and the symbols that
/// change a meaning stay: `<1MB` is not `1MB`, `C++` is not `C`, and a `.`
/// or `,` between digits stays (`1.5` is not `15`).
pub fn answer_key(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for (i, &c) in chars.iter().enumerate() {
        let digit_at = |j: Option<usize>| j.and_then(|j| chars.get(j)).is_some_and(char::is_ascii_digit);
        let keep = match c {
            c if c.is_alphanumeric() => true,
            c if c.is_whitespace() || matches!(c, '-' | '_' | '/' | '\u{2010}'..='\u{2015}') => {
                space = !out.is_empty();
                continue;
            }
            '.' | ',' => digit_at(i.checked_sub(1)) && digit_at(Some(i + 1)),
            '"' | '\'' | '`' | '\u{b4}' | '\u{2018}'..='\u{201f}' | '\u{ab}' | '\u{bb}' => false,
            '(' | ')' | '[' | ']' | '{' | '}' | '!' | '?' | ':' | ';' | '*' | '\u{2026}' => false,
            '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => false,
            _ => true,
        };
        if keep {
            if space {
                out.push(' ');
                space = false;
            }
            out.extend(c.to_lowercase());
        }
    }
    out
}
