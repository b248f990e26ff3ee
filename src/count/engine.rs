//! The counting engine: one question's answers tallied over a selection of
//! respondents, each with a weight, optionally by groups of respondents.
//!
//! The report's usual case is every respondent with a weight of 1: then
//! the weighted sums are the counts, filled in once at the end, so the
//! pass over the rows does the same work as a plain count.

use std::collections::HashMap;

use serde::Serialize;

use crate::count::selection::Selection;
use crate::count::weights::Weights;
use crate::infer::resolve::{Answer, GridPoint, Resolver};
use crate::infer::schema::{Encoding, Kind};
use crate::read::table::Table;

/// Respondents and their summed weight.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Tally {
    pub respondents: u64,
    pub weight: f64,
}

/// Who a share is of: respondents, Σw and Σw² (for effective sizes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Base {
    pub respondents: u64,
    pub weight: f64,
    pub weight_sq: f64,
}

/// One question counted.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct QuestionCounts {
    /// Respondents who gave at least one answer.
    pub base: Base,
    /// Per bar of the resolver, respondents choosing it.
    pub options: Vec<Tally>,
    /// Respondents whose free text names no bar (and who did not choose an
    /// "Other" option, whose content such text is).
    pub other: Tally,
    /// Free-text answers as typed, with the respondents typing each.
    pub other_texts: HashMap<String, u64>,
    /// Weighted: the summed weight of the respondents typing each free-text
    /// answer (empty when not weighted).
    pub other_weights: HashMap<String, f64>,
    /// Rating grids: per item.
    pub items: Vec<ItemCounts>,
    /// Numbers and free text: per dictionary code of the question's column,
    /// the respondents giving that value (code 0, blank, stays 0).
    pub values: Vec<Tally>,
    /// Per group of the grouping counted by, if any.
    pub groups: Vec<GroupCounts>,
    /// Grid answers off the scale, as (row, item), the first 20.
    pub invalid_examples: Vec<(usize, usize)>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ItemCounts {
    /// Respondents giving the item a point of the scale.
    pub base: Base,
    /// Per point of the scale.
    pub points: Vec<Tally>,
    /// Answers that are not a point of the scale.
    pub invalid: u64,
}

/// A question counted within one group of respondents.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct GroupCounts {
    pub base: Base,
    pub options: Vec<Tally>,
    pub other: Tally,
}

/// Respondents in groups (each in at most one): maturity groups, or the
/// options of the single-choice question a split is by.
#[derive(Clone, Debug, PartialEq)]
pub struct Grouping {
    /// The group of each row, None for a row in no group.
    pub of_row: Vec<Option<u16>>,
    pub groups: usize,
}

/// Running sums for one question: counts always, weights only when the
/// respondents are weighted (`W`).
struct Sums {
    n: Vec<u64>,
    w: Vec<f64>,
}

impl Sums {
    fn new(len: usize, weighted: bool) -> Sums {
        Sums {
            n: vec![0; len],
            w: if weighted { vec![0.0; len] } else { Vec::new() },
        }
    }

    #[inline(always)]
    fn add<const W: bool>(&mut self, i: usize, w: f64) {
        if let Some(n) = self.n.get_mut(i) {
            *n += 1;
            if W {
                self.w[i] += w;
            }
        }
    }

    fn tallies(&self) -> Vec<Tally> {
        (0..self.n.len())
            .map(|i| Tally {
                respondents: self.n[i],
                weight: self.w.get(i).copied().unwrap_or(self.n[i] as f64),
            })
            .collect()
    }
}

/// Σ1, Σw and Σw² of a base as it grows.
#[derive(Default)]
struct BaseSums {
    n: u64,
    w: f64,
    w2: f64,
}

impl BaseSums {
    #[inline(always)]
    fn add<const W: bool>(&mut self, w: f64) {
        self.n += 1;
        if W {
            self.w += w;
            self.w2 += w * w;
        }
    }

    fn base(&self, weighted: bool) -> Base {
        if weighted {
            Base {
                respondents: self.n,
                weight: self.w,
                weight_sq: self.w2,
            }
        } else {
            Base {
                respondents: self.n,
                weight: self.n as f64,
                weight_sq: self.n as f64,
            }
        }
    }

    fn tally(&self, weighted: bool) -> Tally {
        let b = self.base(weighted);
        Tally {
            respondents: b.respondents,
            weight: b.weight,
        }
    }
}

/// A group's running sums: its base, its bars and its free-text bucket.
struct GroupSums {
    base: BaseSums,
    options: Sums,
    other: BaseSums,
}

/// Every running sum of one question's count.
struct Tallies<'a> {
    table: &'a Table,
    r: &'a Resolver,
    grid: bool,
    /// Numbers and free text: tallied by the value's code, not resolved.
    by_value: bool,
    base: BaseSums,
    options: Sums,
    other: BaseSums,
    other_texts: HashMap<String, u64>,
    other_weights: HashMap<String, f64>,
    items: Vec<(BaseSums, Sums, u64)>,
    values: Sums,
    groups: Vec<GroupSums>,
    invalid_examples: Vec<(usize, usize)>,
    a: Answer,
}

/// Counts question `r` over the respondents of `selection`, weighted by
/// `weights` (every weight 1 when None), and within each group of `by`.
pub fn count(
    table: &Table,
    r: &Resolver,
    selection: &Selection,
    weights: Option<&Weights>,
    by: Option<&Grouping>,
) -> QuestionCounts {
    let weighted = weights.is_some();
    let labels = r.labels.len();
    let grid = r.encoding == Encoding::Grid;
    let by_value = !grid && matches!(r.kind, Kind::Number | Kind::Text | Kind::Skipped);
    let value_codes = if by_value && matches!(r.kind, Kind::Number | Kind::Text) {
        table.columns[r.columns[0]].values.len()
    } else {
        0
    };
    let mut t = Tallies {
        table,
        r,
        grid,
        by_value,
        base: BaseSums::default(),
        options: Sums::new(labels, weighted),
        other: BaseSums::default(),
        other_texts: HashMap::new(),
        other_weights: HashMap::new(),
        items: r
            .items
            .iter()
            .map(|_| (BaseSums::default(), Sums::new(labels, weighted), 0))
            .collect(),
        values: Sums::new(value_codes, weighted),
        groups: (0..by.map_or(0, |g| g.groups))
            .map(|_| GroupSums {
                base: BaseSums::default(),
                options: Sums::new(labels, weighted),
                other: BaseSums::default(),
            })
            .collect(),
        invalid_examples: Vec::new(),
        a: Answer::default(),
    };
    // One pass, compiled four times: the usual case (no weights, no
    // groups) carries neither in its loop.
    match (weights, by) {
        (None, None) => t.pass::<false, false>(selection, &[], &[]),
        (None, Some(g)) => t.pass::<false, true>(selection, &[], &g.of_row),
        (Some(w), None) => t.pass::<true, false>(selection, &w.values, &[]),
        (Some(w), Some(g)) => t.pass::<true, true>(selection, &w.values, &g.of_row),
    }
    QuestionCounts {
        base: t.base.base(weighted),
        options: t.options.tallies(),
        other: t.other.tally(weighted),
        other_texts: t.other_texts,
        other_weights: t.other_weights,
        items: t
            .items
            .iter()
            .map(|(b, points, invalid)| ItemCounts {
                base: b.base(weighted),
                points: points.tallies(),
                invalid: *invalid,
            })
            .collect(),
        values: t.values.tallies(),
        groups: t
            .groups
            .iter()
            .map(|g| GroupCounts {
                base: g.base.base(weighted),
                options: g.options.tallies(),
                other: g.other.tally(weighted),
            })
            .collect(),
        invalid_examples: t.invalid_examples,
    }
}

impl Tallies<'_> {
    /// Every selected row once, in order.
    fn pass<const W: bool, const G: bool>(&mut self, selection: &Selection, weights: &[f64], groups: &[Option<u16>]) {
        match selection.words() {
            None => {
                for row in 0..selection.rows() {
                    self.row::<W, G>(row, weights, groups);
                }
            }
            Some(words) => {
                for (i, &word) in words.iter().enumerate() {
                    let mut bits = word;
                    while bits != 0 {
                        self.row::<W, G>(i * 64 + bits.trailing_zeros() as usize, weights, groups);
                        bits &= bits - 1;
                    }
                }
            }
        }
    }

    #[inline(always)]
    fn row<const W: bool, const G: bool>(&mut self, row: usize, weights: &[f64], groups: &[Option<u16>]) {
        let w = if W {
            weights.get(row).copied().unwrap_or(0.0)
        } else {
            1.0
        };
        if self.by_value {
            let code = self.table.columns[self.r.columns[0]].code(row);
            if code != 0 {
                self.base.add::<W>(w);
                self.values.add::<W>(code as usize, w);
            }
            return;
        }
        self.r.read(self.table, row, &mut self.a);
        let a = &self.a;
        if self.grid {
            for (k, p) in a.points.iter().enumerate() {
                let (item_base, points, invalid) = &mut self.items[k];
                match *p {
                    GridPoint::Blank => {}
                    GridPoint::Point(p) => {
                        item_base.add::<W>(w);
                        points.add::<W>(p as usize, w);
                    }
                    GridPoint::NotOnScale => {
                        *invalid += 1;
                        if self.invalid_examples.len() < 20 {
                            self.invalid_examples.push((row, k));
                        }
                    }
                }
            }
            if a.answered {
                self.base.add::<W>(w);
            }
            return;
        }
        if !a.answered {
            // Text typed beside an "Other" option that was not chosen: listed.
            if let Some(text) = a.other.as_ref().filter(|t| !t.is_empty()) {
                *self.other_texts.entry(text.clone()).or_insert(0) += 1;
                if W {
                    *self.other_weights.entry(text.clone()).or_insert(0.0) += w;
                }
            }
            return;
        }
        self.base.add::<W>(w);
        for &o in &a.chosen {
            self.options.add::<W>(o as usize, w);
        }
        // Text typed for a chosen "Other" option is that option's content,
        // not a second answer: it is listed, not counted again.
        let free = a.other.is_some() && !self.r.other_option.is_some_and(|o| a.chosen.contains(&o));
        if free {
            self.other.add::<W>(w);
        }
        if let Some(text) = a.other.as_ref().filter(|t| !t.is_empty()) {
            *self.other_texts.entry(text.clone()).or_insert(0) += 1;
            if W {
                *self.other_weights.entry(text.clone()).or_insert(0.0) += w;
            }
        }
        if G {
            if let Some(g) = groups.get(row).copied().flatten() {
                let g = &mut self.groups[g as usize];
                g.base.add::<W>(w);
                for &o in &a.chosen {
                    g.options.add::<W>(o as usize, w);
                }
                if free {
                    g.other.add::<W>(w);
                }
            }
        }
    }
}

/// Each respondent of `selection` in the group of the first bar they chose
/// of `r` (a single-choice question: its one answer), None for the others.
pub fn group_by_answer(table: &Table, r: &Resolver, selection: &Selection) -> Grouping {
    let mut of_row = vec![None; table.rows];
    let mut a = Answer::default();
    selection.for_each(|row| {
        r.read(table, row, &mut a);
        of_row[row] = a.chosen.first().copied();
    });
    Grouping {
        of_row,
        groups: r.labels.len(),
    }
}

/// A rule placing a respondent in a group: chose any of `any_of` (bar
/// indexes), or gave any answer at all.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub any_of: Vec<u16>,
    pub any_answer: bool,
}

/// Each respondent of `selection` in the first rule group whose options
/// they chose (a rule with `any_answer` takes any answer), or in the last
/// group (`rules.len()`, "unclassified") when none applies.
pub fn group_by_rules(table: &Table, r: &Resolver, selection: &Selection, rules: &[Rule]) -> Grouping {
    let mut of_row = vec![None; table.rows];
    let mut a = Answer::default();
    selection.for_each(|row| {
        r.read(table, row, &mut a);
        let g = if a.answered {
            rules
                .iter()
                .position(|rule| rule.any_answer || rule.any_of.iter().any(|o| a.chosen.contains(o)))
                .unwrap_or(rules.len())
        } else {
            rules.len()
        };
        of_row[row] = Some(g as u16);
    });
    Grouping {
        of_row,
        groups: rules.len() + 1,
    }
}

impl Grouping {
    /// The summed weight of each group.
    pub fn weights(&self, w: &Weights) -> Vec<f64> {
        let mut sums = vec![0.0; self.groups];
        for (row, g) in self.of_row.iter().enumerate() {
            if let Some(g) = g {
                sums[*g as usize] += w.of(row);
            }
        }
        sums
    }

    /// Respondents in each group.
    pub fn sizes(&self) -> Vec<u64> {
        let mut n = vec![0; self.groups];
        for g in self.of_row.iter().flatten() {
            n[*g as usize] += 1;
        }
        n
    }
}
