//! From columns to questions: grouping the columns of one question, and
//! guessing each question's kind (single, multi, rating, number, text,
//! skipped) and options from its header and every value in its columns.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::base::words::normalize;
use crate::infer::values::{self, NumberFormat};
use crate::read::layout::{Head, Hint};
use crate::read::table::{Column, Table};

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

/// Ordered answer scales recognised from their labels, lowest first.
const SCALES: &[&[&str]] = &[
    &[
        "strongly disagree",
        "disagree",
        "somewhat disagree",
        "neither agree nor disagree",
        "neutral",
        "somewhat agree",
        "agree",
        "strongly agree",
    ],
    &[
        "not relevant",
        "slightly relevant",
        "somewhat relevant",
        "moderately relevant",
        "relevant",
        "very relevant",
        "extremely relevant",
    ],
    &[
        "not important",
        "not at all important",
        "slightly important",
        "somewhat important",
        "moderately important",
        "important",
        "very important",
        "extremely important",
        "critical",
    ],
    &[
        "never",
        "rarely",
        "occasionally",
        "sometimes",
        "often",
        "most of the time",
        "usually",
        "very often",
        "always",
    ],
    &[
        "very poor",
        "poor",
        "bad",
        "fair",
        "ok",
        "average",
        "good",
        "very good",
        "excellent",
    ],
    &[
        "very dissatisfied",
        "dissatisfied",
        "somewhat dissatisfied",
        "neutral",
        "somewhat satisfied",
        "satisfied",
        "very satisfied",
    ],
    &[
        "very unlikely",
        "unlikely",
        "somewhat unlikely",
        "neutral",
        "somewhat likely",
        "likely",
        "very likely",
    ],
    &[
        "not useful",
        "slightly useful",
        "somewhat useful",
        "useful",
        "very useful",
        "extremely useful",
    ],
    &[
        "not at all",
        "a little",
        "somewhat",
        "moderately",
        "quite a bit",
        "very much",
        "extremely",
    ],
    &["very difficult", "difficult", "neutral", "easy", "very easy"],
];

/// Words in a header that say several answers are allowed.
const MULTI_HINTS: &[&str] = &[
    "all that apply",
    "select all",
    "check all",
    "choose all",
    "mark all",
    "multiple answers",
];

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

fn is_metadata(name: &str) -> bool {
    let n = normalize(name);
    n.is_empty() && name.trim() == "#" || METADATA.contains(&n.as_str())
}

fn looks_like_datetime(v: &str) -> bool {
    let digits = v.chars().filter(char::is_ascii_digit).count();
    digits >= 6 && v.contains(':') && (v.contains('/') || v.contains('-') || v.contains('.'))
}

fn multi_hint(header: &str) -> bool {
    let h = header.to_lowercase();
    MULTI_HINTS.iter().any(|x| h.contains(x))
}

/// Orders labels by a recognised scale; None when they are not one scale.
pub fn scale_order(labels: &[String]) -> Option<Vec<String>> {
    if labels.len() < 2 {
        return None;
    }
    let norm: Vec<String> = labels.iter().map(|l| strip_point_number(l)).collect();
    for scale in SCALES {
        let pos: Option<Vec<usize>> = norm.iter().map(|l| scale.iter().position(|s| *s == l)).collect();
        if let Some(pos) = pos {
            let mut pairs: Vec<(usize, &String)> = pos.into_iter().zip(labels).collect();
            pairs.sort_by_key(|p| p.0);
            return Some(pairs.into_iter().map(|(_, l)| l.clone()).collect());
        }
    }
    // "1 - Not important", "2", ... : ordered by their leading number.
    if labels.len() > 12 {
        return None;
    }
    let nums: Option<Vec<i64>> = labels.iter().map(|l| leading_number(l)).collect();
    let nums = nums?;
    let mut pairs: Vec<(i64, &String)> = nums.into_iter().zip(labels).collect();
    pairs.sort_by_key(|p| p.0);
    Some(pairs.into_iter().map(|(_, l)| l.clone()).collect())
}

/// "4 - Very relevant" -> "very relevant"; "Very Important" -> "very important".
fn strip_point_number(label: &str) -> String {
    let n = normalize(label);
    match n.split_once(' ') {
        Some((first, rest)) if first.chars().all(|c| c.is_ascii_digit()) => rest.to_string(),
        _ => n,
    }
}

fn leading_number(label: &str) -> Option<i64> {
    let t = label.trim();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let after = &t[digits.len()..];
    let rest = after.trim_start();
    // "2.7" and "2,5" are numbers with decimals, and "2.7, 3.6" is a list: not scale points.
    if digits.is_empty() || t.contains([',', ';']) || after.starts_with('.') {
        return None;
    }
    let fits = rest.is_empty()
        || rest.starts_with(['-', '=', ':', '(', '+', '\u{2013}'])
        || rest.starts_with(char::is_alphabetic);
    fits.then(|| digits.parse().ok()).flatten()
}

/// One piece of a joined cell: where it is in the cell (trimmed) and
/// whether a `;` came before it.
#[derive(Clone, Copy)]
struct Piece {
    start: usize,
    end: usize,
    after_semicolon: bool,
}

/// Splits a joined cell at its separators (`,` and `;`), but not inside
/// parentheses: "Online course (e.g., Coursera, edX)" stays one piece.
fn raw_pieces(cell: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let mut semicolon = false;
    let mut push = |from: usize, to: usize, semicolon: bool| {
        let raw = &cell[from..to];
        let lead = raw.len() - raw.trim_start().len();
        let t = raw.trim();
        if !t.is_empty() {
            out.push(Piece {
                start: from + lead,
                end: from + lead + t.len(),
                after_semicolon: semicolon,
            });
        }
    };
    for (i, ch) in cell.char_indices() {
        match ch {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = (depth - 1).max(0),
            ',' | ';' if depth == 0 => {
                push(start, i, semicolon);
                semicolon = ch == ';';
                start = i + ch.len_utf8();
            }
            _ => {}
        }
    }
    push(start, cell.len(), semicolon);
    out
}

/// Learnt labels longer than this are free text: no questionnaire option is
/// a page long, and it bounds the walk that matches labels in a cell
/// (`MultiSplitter`) to this many bytes per position.
pub const MAX_LABEL_BYTES: usize = 500;

/// Words after which a label goes on listing examples: "Social media such
/// as blogs, R-bloggers, Twitter".
fn lists_examples(label: &str) -> bool {
    let l = label.to_lowercase();
    ["such as", "e.g", "i.e", "including", "for example", "like "]
        .iter()
        .any(|w| l.contains(w))
        || l.ends_with(':')
}

/// The labels of a joined multi-select column, learnt from every value of
/// the column: cells are cut into pieces at separators (not inside
/// parentheses); a piece starting in lower case that only ever follows the
/// same piece continues that label ("Your personal network, such as
/// colleagues"), and so do pieces always chosen together after a label that
/// lists examples ("Social media such as blogs, R-bloggers, Twitter"); two
/// pieces always chosen together are otherwise two labels, and a `;` always
/// separates labels. Pieces that recur, or stand alone in a cell, are
/// labels. A glued label is spelled as in the cell. None when the column
/// does not look like joined answers.
///
/// Every step is a hash-map update per piece, or a sort of the labels: the
/// cost grows as pieces x log(labels).
pub fn joined_labels(col: &Column, header: &str, forced: bool) -> Option<Vec<String>> {
    let answered = col.answered();
    if answered == 0 {
        return None;
    }
    let hinted = forced || multi_hint(header);
    let cells: Vec<(&str, Vec<Piece>, u64)> = col.entries().map(|(_, v, n)| (v, raw_pieces(v), n)).collect();
    let sep_cells: u64 = cells.iter().filter(|(_, p, _)| p.len() >= 2).map(|c| c.2).sum();
    if !hinted && sep_cells * 20 < answered {
        return None;
    }
    // How often each piece occurs, and how often it directly follows another.
    let mut seen: HashMap<&str, u64> = HashMap::new();
    let mut pairs: HashMap<(&str, &str), u64> = HashMap::new();
    let mut first: HashMap<&str, u64> = HashMap::new();
    for (cell, pieces, n) in &cells {
        for (i, p) in pieces.iter().enumerate() {
            let text = &cell[p.start..p.end];
            *seen.entry(text).or_insert(0) += n;
            if i > 0 {
                let prev = &pieces[i - 1];
                *pairs.entry((&cell[prev.start..prev.end], text)).or_insert(0) += n;
            } else {
                *first.entry(text).or_insert(0) += n;
            }
        }
    }
    // A piece continues the label before it when it (nearly) always follows
    // that piece and either starts in lower case ("such as colleagues") or
    // the two (nearly) always come together after words that list examples.
    // "Nearly": a stray free-text answer may repeat a piece.
    let glued = |prev: &str, p: &str, label: &str| -> bool {
        let together = pairs.get(&(prev, p)).copied().unwrap_or(0) as f64;
        let (np, nprev) = (
            seen.get(p).copied().unwrap_or(0) as f64,
            seen.get(prev).copied().unwrap_or(0) as f64,
        );
        // A piece seen once is a stray free-text answer, not part of a label.
        np >= 2.0
            && together >= 0.95 * np
            && ((p.starts_with(char::is_lowercase) && !first.contains_key(p) && together >= 0.5 * nprev)
                || (together >= 0.95 * nprev && together >= 3.0 && lists_examples(label)))
    };
    // Labels (continuations glued on), with the cells holding each.
    let mut counts: HashMap<&str, u64> = HashMap::new();
    let mut alone: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut occurrences = 0u64;
    let mut combos = 0u64;
    for (cell, pieces, n) in &cells {
        // (start, end) of each label in the cell.
        let mut labels: Vec<(usize, usize)> = Vec::new();
        for (i, p) in pieces.iter().enumerate() {
            let text = &cell[p.start..p.end];
            match labels.last_mut() {
                Some(last)
                    if !p.after_semicolon
                        && p.end - last.0 <= MAX_LABEL_BYTES
                        && glued(
                            &cell[pieces[i - 1].start..pieces[i - 1].end],
                            text,
                            &cell[last.0..last.1],
                        ) =>
                {
                    last.1 = p.end;
                }
                _ => labels.push((p.start, p.end)),
            }
        }
        let single = labels.len() == 1;
        if !single {
            combos += n;
        }
        for (from, to) in labels {
            let l = &cell[from..to];
            occurrences += n;
            *counts.entry(l).or_insert(0) += n;
            if single {
                alone.insert(l);
            }
        }
    }
    // Labels recur or stand alone; a piece seen once inside a combination is free text.
    let mut labels: Vec<(&str, u64)> = counts
        .into_iter()
        .filter(|(l, n)| (*n >= 2 || alone.contains(l)) && l.len() <= MAX_LABEL_BYTES)
        .collect();
    let explained: u64 = labels.iter().map(|l| l.1).sum();
    let few = labels.len() <= 120 && labels.len() * 3 <= col.distinct().max(6) + labels.len();
    // Without a hint, combinations must be common enough to be a pattern.
    if !hinted && (combos < 2 || combos * 20 < answered) {
        return None;
    }
    let mostly_labels = few && explained * 10 >= occurrences * 8;
    if !(hinted || mostly_labels) {
        return None; // Mostly one-off sentences: free text with commas.
    }
    labels.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    // Labels differing only in case are one label (matching ignores case).
    let mut taken = std::collections::HashSet::new();
    let out = labels
        .into_iter()
        .filter(|(l, _)| taken.insert(l.to_lowercase()))
        .map(|(l, _)| l.to_string())
        .collect();
    Some(out)
}

/// What one column's values say about its question.
struct Cell {
    kind: Kind,
    options: Vec<String>,
    ordered: bool,
    reason: String,
    number: Option<NumberFormat>,
    warnings: Vec<String>,
    written_in: bool,
}

impl Cell {
    fn new(kind: Kind, options: Vec<String>, ordered: bool, reason: impl Into<String>) -> Cell {
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
fn infer_cell(col: &Column, head: &Head, cx: ReadContext) -> Cell {
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
    // Spellings of infinity or not-a-number ("inf", "1e309") among numbers
    // are not numbers: the question is read as numbers without them, and
    // they are set aside with a warning (never a mean of NaN).
    let non_finite: Vec<(&str, u64)> = col
        .entries()
        .filter(|(_, v, _)| values::is_non_finite(v))
        .map(|(_, v, n)| (v, n))
        .collect();
    let non_finite_cells: u64 = non_finite.iter().map(|e| e.1).sum();
    let format = if col.overflow == 0 && non_finite_cells * 20 <= answered && non_finite_cells < answered {
        let refs: Vec<&str> = values
            .iter()
            .map(String::as_str)
            .filter(|v| !values::is_non_finite(v))
            .collect();
        values::number_format(&refs, cx.semicolon)
    } else {
        None
    };
    if let Some(format) = format {
        let nums: Vec<f64> = values.iter().filter_map(|v| format.parse(v)).collect();
        let ints = nums.iter().all(|x| x.fract() == 0.0);
        let (lo, hi) = nums
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
        let plain = format == NumberFormat::default();
        if plain && ints && lo >= 0.0 && hi <= 10.0 && distinct >= 2 {
            let start = if lo == 0.0 { 0 } else { 1 };
            let scale: Vec<String> = (start..=hi as i64).map(|i| i.to_string()).collect();
            return Cell::new(
                Kind::Rating,
                scale,
                true,
                format!("whole numbers from {start} to {hi}: a rating scale"),
            );
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
                    id: format!("column_{}", c + 1),
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
        None => format!("column_{}", col + 1),
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
fn code_column(head: &Head, c: usize) -> Question {
    Question {
        id: head.code.clone().unwrap_or_else(|| format!("column_{}", c + 1)),
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

/// A group of option columns: multi-select with markers, or a rating grid.
fn group(table: &Table, heads: &[Head], start: usize, end: usize, cx: ReadContext) -> Vec<Question> {
    let head = &heads[start];
    // The block's write-in column: marked by the export, or a last "Other"
    // option column whose cells hold what people typed, not one label.
    let typed_other = |c: usize| {
        heads[c]
            .option
            .as_deref()
            .is_some_and(crate::base::words::is_other_label)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn column(values: &[(&str, usize)]) -> Column {
        let mut c = Column::default();
        for (v, n) in values {
            for _ in 0..*n {
                c.push(v);
            }
        }
        c
    }

    #[test]
    fn joined_labels_keep_commas_inside_labels() {
        let c = column(&[
            ("Online course (e.g., Coursera, edX, Datacamp)", 30),
            ("Books", 20),
            ("Books, Online course (e.g., Coursera, edX, Datacamp)", 15),
            ("Books, University", 5),
            ("University", 10),
        ]);
        let mut labels = joined_labels(&c, "How did you learn R?", false).unwrap();
        labels.sort();
        assert_eq!(
            labels,
            ["Books", "Online course (e.g., Coursera, edX, Datacamp)", "University"]
        );
    }

    #[test]
    fn sentences_with_commas_are_not_multi_select() {
        let c = column(&[
            ("I like it, mostly", 1),
            ("Fast, but hard to learn", 1),
            ("The community, the packages, the docs", 1),
            ("Nothing", 1),
            ("ggplot", 1),
            ("Tidyverse, really", 1),
            ("RStudio", 1),
            ("It is free, open", 1),
            ("Speed", 1),
            ("Plots, plots", 1),
        ]);
        assert_eq!(joined_labels(&c, "What do you like best about R?", false), None);
    }

    #[test]
    fn scales_are_ordered_by_meaning() {
        let labels: Vec<String> = ["Good", "Bad", "Excellent", "OK"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(scale_order(&labels).unwrap(), ["Bad", "OK", "Good", "Excellent"]);
        let labels: Vec<String> = ["Somewhat important", "Very Important", "Critical", "Not Important"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            scale_order(&labels).unwrap(),
            ["Not Important", "Somewhat important", "Very Important", "Critical"]
        );
        let labels: Vec<String> = ["Models", "Data"].iter().map(|s| s.to_string()).collect();
        assert_eq!(scale_order(&labels), None);
    }

    #[test]
    fn markers_mean_chosen() {
        assert!(is_chosen("Python", "Python"));
        assert!(is_chosen("1", "Python") && is_chosen("TRUE", "Python") && is_chosen("x", "Python"));
        assert!(!is_chosen("0", "Python") && !is_chosen("", "Python") && !is_chosen("FALSE", "Python"));
    }
}
