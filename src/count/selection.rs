//! Which respondents a count covers: all of them, or a set of rows kept as
//! a bitset (one bit per row: a million respondents take 125 KB).
//!
//! A hand-written bitset rather than a crate: it needs only and, or,
//! count and walking the set rows, a few dozen lines, and the page's wasm
//! pays for every dependency.

use crate::infer::resolve::{Answer, Resolver};
use crate::read::table::Table;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    rows: usize,
    /// None: every row. Otherwise bit `r % 64` of word `r / 64` is row `r`;
    /// bits past `rows` are always 0.
    words: Option<Vec<u64>>,
}

impl Selection {
    /// Every one of `rows` respondents.
    pub fn all(rows: usize) -> Selection {
        Selection { rows, words: None }
    }

    /// No respondent.
    pub fn none(rows: usize) -> Selection {
        Selection {
            rows,
            words: Some(vec![0; rows.div_ceil(64)]),
        }
    }

    /// The given rows (0-based, counted from the first respondent); rows
    /// past the last are not respondents and are left out.
    pub fn from_rows(rows: usize, selected: impl IntoIterator<Item = usize>) -> Selection {
        let mut s = Selection::none(rows);
        for r in selected {
            s.insert(r);
        }
        s
    }

    /// The rows of `within` for which `keep` holds.
    pub fn filter(within: &Selection, mut keep: impl FnMut(usize) -> bool) -> Selection {
        let mut s = Selection::none(within.rows);
        within.for_each(|r| {
            if keep(r) {
                s.insert(r);
            }
        });
        s
    }

    fn insert(&mut self, row: usize) {
        if let (Some(words), true) = (self.words.as_mut(), row < self.rows) {
            words[row / 64] |= 1 << (row % 64);
        }
    }

    /// The bitset's words, None when every row is selected.
    pub(crate) fn words(&self) -> Option<&[u64]> {
        self.words.as_deref()
    }

    /// Respondents in the file (selected or not).
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Respondents selected.
    pub fn len(&self) -> usize {
        match &self.words {
            None => self.rows,
            Some(w) => w.iter().map(|x| x.count_ones() as usize).sum(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether every respondent is selected (the report's usual case).
    pub fn is_all(&self) -> bool {
        self.len() == self.rows
    }

    pub fn contains(&self, row: usize) -> bool {
        row < self.rows && self.words.as_ref().is_none_or(|w| w[row / 64] & (1 << (row % 64)) != 0)
    }

    /// Respondents in both.
    pub fn and(&self, other: &Selection) -> Selection {
        self.combine(other, |a, b| a & b)
    }

    /// Respondents in either.
    pub fn or(&self, other: &Selection) -> Selection {
        self.combine(other, |a, b| a | b)
    }

    fn combine(&self, other: &Selection, op: impl Fn(u64, u64) -> u64) -> Selection {
        let rows = self.rows.min(other.rows);
        let full = Selection::full_words(rows);
        let a = self.words.as_deref().unwrap_or(&full);
        let b = other.words.as_deref().unwrap_or(&full);
        let words = (0..rows.div_ceil(64)).map(|i| op(a[i], b[i]) & full[i]).collect();
        Selection {
            rows,
            words: Some(words),
        }
    }

    /// The words of a selection of every row.
    fn full_words(rows: usize) -> Vec<u64> {
        let mut w = vec![u64::MAX; rows.div_ceil(64)];
        if rows % 64 != 0 {
            if let Some(last) = w.last_mut() {
                *last = (1u64 << (rows % 64)) - 1;
            }
        }
        w
    }

    /// Calls `f` with each selected row, in order.
    #[inline]
    pub fn for_each(&self, mut f: impl FnMut(usize)) {
        match &self.words {
            None => (0..self.rows).for_each(f),
            Some(words) => {
                for (i, &w) in words.iter().enumerate() {
                    let mut bits = w;
                    while bits != 0 {
                        f(i * 64 + bits.trailing_zeros() as usize);
                        bits &= bits - 1;
                    }
                }
            }
        }
    }

    /// The selected rows, in order.
    pub fn to_rows(&self) -> Vec<usize> {
        let mut out = Vec::with_capacity(self.len());
        self.for_each(|r| out.push(r));
        out
    }
}

/// "Question Q answered with any of options A, B": the resolver of Q and
/// the indexes of A and B among its bars.
pub struct Condition<'a> {
    pub resolver: &'a Resolver,
    pub options: Vec<u16>,
}

/// The respondents meeting every condition (AND across conditions), each
/// met by choosing any of its options (OR within one).
pub fn select(table: &Table, conditions: &[Condition]) -> Selection {
    let mut selected = Selection::all(table.rows);
    let mut a = Answer::default();
    for c in conditions {
        selected = Selection::filter(&selected, |row| {
            c.resolver.read(table, row, &mut a);
            a.answered && a.chosen.iter().any(|o| c.options.contains(o))
        });
    }
    selected
}
