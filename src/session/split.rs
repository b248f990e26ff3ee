//! One question split by the answers of a single-choice question.

use crate::base::error::Result;
use crate::base::format::p_value;
use crate::base::stats::{self, Independence, TestMethod};
use crate::count::{self, Grouping, Selection, Weights};
use crate::infer::resolve::{Answer, Resolver};
use crate::infer::schema::Kind;
use crate::present::figures::{self, Body, Figure, SplitCounts, SplitTest, SplitWeights};
use crate::report::question::kept;
use crate::report::ranking::SMALL_GROUP;
use crate::report::types::{can_split, can_split_by, OTHER_FREE_TEXT};
use crate::session::Session;

impl Session {
    /// Counts of question `id` by the groups of single-choice question `by`,
    /// for a split figure. None when either is missing or `by` is not single.
    /// An error when its table would pass the limits on a split
    /// (`MAX_SPLIT_BY_OPTIONS`, `MAX_SPLIT_CELLS`).
    pub fn split(&self, id: &str, by: &str, stacked: bool) -> Result<Option<Figure>> {
        let p = self.prepare();
        let applied = self.apply(&self.analysis, &p)?;
        let (selection, weights) = (&applied.selection, applied.weights.as_ref());
        let Some(qi) = p.find(id) else {
            return Ok(None);
        };
        let Some(bi) = p.find(by) else {
            return Ok(None);
        };
        let id = p.ids[qi].as_str();
        let (q, b) = (&p.resolvers[qi], &p.resolvers[bi]);
        if qi == bi || !can_split(p.qs[qi].kind, &q.encoding) || !can_split_by(p.qs[bi].kind, &b.encoding) {
            return Ok(None);
        }
        // The options, then the free-text bucket, so each group adds up.
        let other_at = q.labels.len();
        let mut options = q.labels.clone();
        options.push(OTHER_FREE_TEXT.to_string());
        let (header, by_header) = (&p.qs[qi].header, &p.qs[bi].header);
        let mut split = SplitCounts::new(header, by_header, options, b.labels.clone())?;
        let table = &self.data.table;
        let groups = count::engine::group_by_answer(table, b, selection);
        let counted = count::count(table, q, selection, weights, Some(&groups));
        let mut sums = SplitWeights::default();
        for (g, c) in counted.groups.iter().enumerate() {
            split.answered[g] = c.base.respondents;
            for (o, t) in c.options.iter().enumerate() {
                split.counts[g][o] = t.respondents;
            }
            split.counts[g][other_at] = c.other.respondents;
            let mut w: Vec<f64> = c.options.iter().map(|t| t.weight).collect();
            w.push(c.other.weight);
            sums.counts.push(w);
            sums.answered.push(c.base.weight);
            sums.answered_sq.push(c.base.weight_sq);
        }
        if weights.is_some() {
            split.weighted = Some(sums);
        }
        // The test of independence, on every option and group answered
        // (before the figure merges any): one answer per respondent only.
        let one_answer = p.qs[qi].kind != Kind::Multi;
        let independence = one_answer.then(|| self.independence(q, &groups, selection, weights, &split, other_at));
        if split.counts.iter().all(|row| row[other_at] == 0) {
            split.options.pop();
            for row in &mut split.counts {
                row.pop();
            }
            if let Some(w) = split.weighted.as_mut() {
                for row in &mut w.counts {
                    row.pop();
                }
            }
        }
        // Preset options and groups this file does not offer are not drawn.
        let keep: Vec<bool> = (0..split.options.len())
            .map(|o| !q.preset_only.get(o).copied().unwrap_or(false) || split.counts.iter().any(|row| row[o] > 0))
            .collect();
        split.options = kept(&split.options, &keep);
        for row in &mut split.counts {
            *row = kept(row, &keep);
        }
        if let Some(w) = split.weighted.as_mut() {
            for row in &mut w.counts {
                *row = kept(row, &keep);
            }
        }
        let keep: Vec<bool> = (0..split.groups.len())
            .map(|g| !b.preset_only.get(g).copied().unwrap_or(false) || split.answered[g] > 0)
            .collect();
        split.groups = kept(&split.groups, &keep);
        split.counts = kept(&split.counts, &keep);
        split.answered = kept(&split.answered, &keep);
        if let Some(w) = split.weighted.as_mut() {
            w.counts = kept(&w.counts, &keep);
            w.answered = kept(&w.answered, &keep);
            w.answered_sq = kept(&w.answered_sq, &keep);
        }
        // 100% stacking needs one answer per respondent: single choice and ratings only.
        let mut figure = if stacked && p.qs[qi].kind != Kind::Multi {
            figures::stacked_split_figure(id, &p.qs[qi].header, &p.qs[bi].header, &split, p.qs[qi].ordered)
        } else {
            figures::split_figure(id, &p.qs[qi].header, &p.qs[bi].header, &split)
        };
        figure.source = figures::source_line(self.data.info.name.as_deref());
        // Column-proportion letters on grouped bars (a stacked bar has none).
        let lettered = match &mut figure.body {
            Body::Bars(bars) => Some(figures::letter_groups(bars)),
            _ => None,
        };
        let test = split_test(independence.flatten(), lettered, weights.is_some(), one_answer);
        figure.note = match (figure.note.take(), &test.warning) {
            (Some(n), Some(w)) => Some(format!("{} {w} {n}", test.text)),
            (Some(n), None) => Some(format!("{} {n}", test.text)),
            (None, Some(w)) => Some(format!("{} {w}", test.text)),
            (None, None) => Some(test.text.clone()),
        };
        figure.test = Some(test);
        let analysis = figures::analysis_words(applied.selection_info.as_ref(), applied.weights_info.as_ref());
        figures::mark_analysis(&mut figure, analysis.as_deref());
        Ok(Some(figure))
    }

    /// The test of independence of question `q` (one answer each) and the
    /// groups: Pearson's chi-square on the counts, or with weights the
    /// Rao-Scott corrected F. None past [`MAX_TEST_CELLS`] cells.
    fn independence(
        &self,
        q: &Resolver,
        groups: &Grouping,
        selection: &Selection,
        weights: Option<&Weights>,
        split: &SplitCounts,
        other_at: usize,
    ) -> Option<Independence> {
        let cells = split.counts.iter().filter(|r| r.iter().any(|&c| c > 0)).count()
            * (0..split.options.len())
                .filter(|&o| split.counts.iter().any(|r| r[o] > 0))
                .count();
        if cells > MAX_TEST_CELLS {
            return None;
        }
        let Some(w) = weights else {
            return stats::pearson(&split.counts);
        };
        let table = &self.data.table;
        let mut a = Answer::default();
        let mut of_row: Vec<Option<(u16, u16)>> = vec![None; table.rows];
        selection.for_each(|row| {
            let Some(g) = groups.of_row[row] else { return };
            q.read(table, row, &mut a);
            if !a.answered {
                return;
            }
            let o = match a.chosen.first() {
                Some(&o) => o as usize,
                None if a.other.is_some() => other_at,
                None => return,
            };
            of_row[row] = Some((g, o as u16));
        });
        if selection.is_all() {
            stats::rao_scott(&of_row, &w.values, split.groups.len(), split.options.len())
        } else {
            let inside: Vec<bool> = (0..table.rows).map(|r| selection.contains(r)).collect();
            stats::rao_scott_subset(&of_row, &w.values, &inside, split.groups.len(), split.options.len())
        }
    }
}

/// A split's test is made only up to this many cells (groups by options
/// answered): past it the table is too sparse to test, and the weighted
/// test's covariance matrix too large to compute in the page.
pub const MAX_TEST_CELLS: usize = 400;

/// The test and the letters in words, with any warning.
fn split_test(
    t: Option<Independence>,
    lettered: Option<(usize, Vec<String>)>,
    weighted: bool,
    one_answer: bool,
) -> SplitTest {
    let mut text = match &t {
        Some(t) if t.method == TestMethod::RaoScott => format!(
            "Rao-Scott corrected F = {:.2} on {:.2} and {:.1} df, {}.",
            t.statistic,
            t.ndf.unwrap_or(0.0),
            t.ddf.unwrap_or(0.0),
            p_value(t.p)
        ),
        Some(t) => format!(
            "Pearson\u{2019}s \u{3c7}\u{b2} = {:.2}, df = {}, {}.",
            t.statistic,
            t.df,
            p_value(t.p)
        ),
        None if !one_answer => "No overall test: a respondent may choose several options.".to_string(),
        None => "No overall test: too few groups or options answered, or too many to test.".to_string(),
    };
    let mut warnings = Vec::new();
    if let Some(t) = t.as_ref().filter(|t| t.min_expected < 5.0) {
        warnings.push(format!(
            "An expected count is under 5 (smallest {:.1}): the test is approximate.",
            t.min_expected
        ));
    }
    if let Some((tests, small)) = &lettered {
        if *tests > 0 {
            text.push_str(&format!(
                " \u{201c}> B\u{201d}: higher than group B at 5% (two-proportion z tests{}, Benjamini-Hochberg corrected within the figure).",
                if weighted { " on effective bases" } else { "" }
            ));
        }
        if !small.is_empty() {
            warnings.push(format!(
                "Not lettered, under {SMALL_GROUP} respondents: {}.",
                small.join(", ")
            ));
        }
    }
    SplitTest {
        method: t.map(|t| match t.method {
            TestMethod::Pearson => "pearson".to_string(),
            TestMethod::RaoScott => "rao-scott".to_string(),
        }),
        statistic: t.map(|t| t.statistic),
        df: t.map(|t| t.df),
        p: t.map(|t| t.p),
        ndf: t.and_then(|t| t.ndf),
        ddf: t.and_then(|t| t.ddf),
        min_expected: t.map(|t| t.min_expected),
        text,
        warning: (!warnings.is_empty()).then(|| warnings.join(" ")),
    }
}

/// A split as data, for the command line's `split --json`: each group
/// (as the figure draws them: the largest, then "Other groups") with its
/// letter, size, effective size and per option the count, summed weight,
/// percent and the groups it is higher than; and the test.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct SplitReport {
    pub question: String,
    pub by: String,
    pub header: String,
    pub groups: Vec<SplitGroup>,
    pub test: Option<SplitTest>,
    /// Whom it describes (filtered, weighted), when not everyone unweighted.
    pub analysis: Option<String>,
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct SplitGroup {
    pub label: String,
    pub letter: Option<String>,
    pub n: u64,
    pub effective_n: Option<f64>,
    pub options: Vec<SplitOption>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct SplitOption {
    pub label: String,
    pub count: u64,
    pub weighted: Option<f64>,
    pub percent: f64,
    pub ci95: (f64, f64),
    /// The letters of the groups this group's share is higher than.
    pub letters: Vec<String>,
}

impl Session {
    /// [`Session::split`] as data (grouped bars): None when either question
    /// is missing or cannot be split or split by.
    pub fn split_report(&self, id: &str, by: &str) -> Result<Option<SplitReport>> {
        let Some(fig) = self.split(id, by, false)? else {
            return Ok(None);
        };
        let Body::Bars(b) = &fig.body else { return Ok(None) };
        let groups = b
            .series
            .iter()
            .enumerate()
            .map(|(g, s)| SplitGroup {
                label: s.name.clone(),
                letter: s.letter.clone(),
                n: s.n,
                effective_n: s.effective,
                options: b
                    .rows
                    .iter()
                    .filter_map(|r| {
                        let v = r.values.get(g)?;
                        Some(SplitOption {
                            label: r.label.clone(),
                            count: v.count,
                            weighted: v.weighted,
                            percent: 100.0 * v.share,
                            ci95: (100.0 * v.lo, 100.0 * v.hi),
                            letters: (0..32)
                                .filter(|h| v.higher_than & (1 << h) != 0)
                                .map(figures::letter)
                                .collect(),
                        })
                    })
                    .collect(),
            })
            .collect();
        Ok(Some(SplitReport {
            question: id.to_string(),
            by: by.to_string(),
            header: fig.title.clone(),
            groups,
            test: fig.test.clone(),
            analysis: fig.analysis.clone(),
            note: fig.note.clone(),
        }))
    }
}
