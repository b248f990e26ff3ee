//! Multi-select answers joined in one cell ("Books, Online course (e.g.,
//! Coursera, edX)"): whether a column holds them, and the option labels
//! learnt from every cell of it.

use std::collections::{HashMap, HashSet};

use super::MAX_LABEL_BYTES;
use crate::read::table::Column;

/// Words in a header that say several answers are allowed.
const MULTI_HINTS: &[&str] = &[
    "all that apply",
    "select all",
    "check all",
    "choose all",
    "mark all",
    "multiple answers",
];

/// Whether a header says several answers are allowed ("select all that apply").
pub(super) fn multi_hint(header: &str) -> bool {
    let h = header.to_lowercase();
    MULTI_HINTS.iter().any(|x| h.contains(x))
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
    let mut alone: HashSet<&str> = HashSet::new();
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
    let mut taken = HashSet::new();
    let out = labels
        .into_iter()
        .filter(|(l, _)| taken.insert(l.to_lowercase()))
        .map(|(l, _)| l.to_string())
        .collect();
    Some(out)
}
