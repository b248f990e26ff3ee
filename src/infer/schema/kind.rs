//! What one column holds, guessed from its header and every value in it:
//! metadata (timestamps, ids), dates, numbers, an ordered scale, free-text
//! sentences, joined multi-select answers, or a set of options.

use super::joined::{joined_labels, multi_hint};
use super::numbers::number_cell;
use super::scales::scale_order;
use super::{Kind, ReadContext};
use crate::base::words::normalize;
use crate::infer::values::{self, NumberFormat};
use crate::read::layout::{Head, Hint};
use crate::read::table::Column;

/// Headers of columns that hold no answer: timestamps, ids, contact data.
const METADATA: &[&str] = &[
    "timestamp",
    "start date",
    "end date",
    "submitted at",
    "submit date utc",
    "start date utc",
    "start time",
    "completion time",
    "last modified time",
    "respondent id",
    "collector id",
    "response id",
    "responseid",
    "ip address",
    "ipaddress",
    "email",
    "email address",
    "name",
    "first name",
    "last name",
    "custom data 1",
    "id",
    "network id",
    "duration in seconds",
    "time from start to finish seconds",
    "recorded date",
    "recordeddate",
    "status",
    "progress",
    "finished",
    "startdate",
    "enddate",
    "user language",
    "userlanguage",
    "distribution channel",
    "distributionchannel",
    "location latitude",
    "location longitude",
    "locationlatitude",
    "locationlongitude",
    "recipient last name",
    "recipient first name",
    "recipient email",
    "external reference",
    "externalreference",
    "response type",
    "submission id",
    "token",
];

fn is_metadata(name: &str) -> bool {
    let n = normalize(name);
    n.is_empty() && name.trim() == "#" || METADATA.contains(&n.as_str())
}

fn looks_like_datetime(v: &str) -> bool {
    let digits = v.chars().filter(char::is_ascii_digit).count();
    digits >= 6 && v.contains(':') && (v.contains('/') || v.contains('-') || v.contains('.'))
}

/// What one column's values say about its question.
pub(super) struct Cell {
    pub(super) kind: Kind,
    pub(super) options: Vec<String>,
    pub(super) ordered: bool,
    pub(super) reason: String,
    pub(super) number: Option<NumberFormat>,
    pub(super) warnings: Vec<String>,
    pub(super) written_in: bool,
}

impl Cell {
    pub(super) fn new(kind: Kind, options: Vec<String>, ordered: bool, reason: impl Into<String>) -> Cell {
        Cell {
            kind,
            options,
            ordered,
            reason: reason.into(),
            number: None,
            warnings: Vec::new(),
            written_in: false,
        }
    }
}

/// Guesses the kind of a one-column question from its values.
pub(super) fn infer_cell(col: &Column, head: &Head, cx: ReadContext) -> Cell {
    let answered = col.answered();
    let distinct = col.distinct();
    let values: Vec<String> = col.entries().map(|(_, v, _)| v.to_string()).collect();
    if is_metadata(&head.name) || head.code.as_deref().is_some_and(is_metadata) {
        return Cell::new(
            Kind::Skipped,
            vec![],
            false,
            "a metadata column (timestamp, id, contact)",
        );
    }
    if answered == 0 {
        return Cell::new(Kind::Text, vec![], false, "no answers in the file");
    }
    let datetimes: u64 = col
        .entries()
        .filter(|(_, v, _)| looks_like_datetime(v))
        .map(|e| e.2)
        .sum();
    if datetimes * 10 >= answered * 9 {
        return Cell::new(Kind::Skipped, vec![], false, "dates and times");
    }
    if head.hint == Hint::OpenEnded {
        return Cell::new(Kind::Text, vec![], false, "the export marks it open-ended");
    }
    if let Some(cell) = number_cell(col, &values, cx) {
        return cell;
    }
    if let Some(scale) = scale_order(&values) {
        let mut cell = Cell::new(Kind::Rating, scale, true, "the answers form an ordered scale");
        cell.warnings = date_serials_among_ranges(col);
        return cell;
    }
    // Answers that rarely repeat and read as sentences (end with . ! ? or
    // run long) are free text, however few there are.
    let words: u64 = col
        .entries()
        .map(|(_, v, n)| v.split_whitespace().count() as u64 * n)
        .sum();
    let sentence_like: u64 = col
        .entries()
        .filter(|(_, v, _)| v.ends_with(['.', '!', '?']) || v.contains('\n'))
        .map(|e| e.2)
        .sum();
    let unique = (distinct as u64) * 10 >= answered * 7;
    let sentences = unique && (sentence_like * 2 >= answered || words >= answered * 8);
    if sentences && !multi_hint(&head.question) {
        return Cell::new(
            Kind::Text,
            vec![],
            false,
            format!("{distinct} distinct answers written as sentences: free text"),
        );
    }
    if let Some(labels) = joined_labels(col, &head.question, false) {
        return Cell::new(Kind::Multi, labels, false, "several answers joined in one cell");
    }
    if !sentences && (distinct <= 30 || (distinct <= 200 && distinct as u64 * 4 <= answered)) {
        let labels = by_count(col.entries().map(|(_, v, n)| (v, n)));
        let mut cell = match values::ordinal_order(&labels) {
            Some(order) => Cell::new(
                Kind::Single,
                order,
                true,
                format!("{distinct} distinct answers, ordered (brackets, spans or a scale)"),
            ),
            None => Cell::new(Kind::Single, labels, false, format!("{distinct} distinct answers")),
        };
        cell.warnings = date_serials_among_ranges(col);
        return cell;
    }
    // A choice with an "Other:" box that writes the typed text into the cell
    // (Google Forms): a few answers given again and again, and a tail of
    // answers each given once. The repeated ones are the options; the tail
    // is written in.
    if !sentences && col.overflow == 0 {
        let repeated = |n: u64| n >= 2 && n * 100 >= answered;
        let frequent: Vec<(&str, u64)> = col
            .entries()
            .filter(|e| repeated(e.2))
            .map(|(_, v, n)| (v, n))
            .collect();
        let in_options: u64 = frequent.iter().map(|f| f.1).sum();
        let tail_once = col.entries().all(|(_, _, n)| n == 1 || repeated(n));
        if (2..=30).contains(&frequent.len()) && in_options * 2 >= answered && tail_once {
            let written = distinct - frequent.len();
            let mut cell = Cell::new(
                Kind::Single,
                by_count(frequent.into_iter()),
                false,
                format!("{distinct} distinct answers: options chosen again and again, and {written} written in once each (free text)"),
            );
            cell.written_in = true;
            return cell;
        }
    }
    Cell::new(
        Kind::Text,
        vec![],
        false,
        format!(
            "{distinct}{} distinct answers: free text",
            if col.overflow > 0 { "+" } else { "" }
        ),
    )
}

/// Values, most frequent first; ties by label, so the order is deterministic.
fn by_count<'a>(values: impl Iterator<Item = (&'a str, u64)>) -> Vec<String> {
    let mut v: Vec<(&str, u64)> = values.collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v.into_iter().map(|x| x.0.to_string()).collect()
}

/// A column of ranges ("2-5", "6-10") in which some cells are whole numbers
/// that read as dates: a spreadsheet turned "2-5" into 5 February and saved
/// its serial number. One warning per such value, with its count.
fn date_serials_among_ranges(col: &Column) -> Vec<String> {
    let answered = col.answered();
    let ranges: u64 = col.entries().filter(|(_, v, _)| values::is_range(v)).map(|e| e.2).sum();
    if ranges * 2 < answered {
        return Vec::new();
    }
    col.entries()
        .filter_map(|(_, v, n)| {
            let date = values::date_serial(v)?;
            Some(format!(
                "{v:?} ({n} answer{}) looks like a spreadsheet's date serial ({date}) in a column of ranges: a program such as Excel probably turned a range like \"{}-{}\" into a date; fix the cells in the file to count them as that range",
                if n == 1 { "" } else { "s" },
                date[5..7].trim_start_matches('0'),
                date[8..10].trim_start_matches('0'),
            ))
        })
        .collect()
}
