//! What a person asks of the data beyond "everyone, as sampled": filters
//! (only these respondents) and weights (a weight column of the file, or
//! raking to target shares), checked and turned into a `Selection` and
//! `Weights` for the counting engine.
//!
//! Weights are made over every respondent and filters applied after them,
//! as a survey analyst subsets a weighted design: a filtered share is a
//! domain estimate of the weighted population.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::base::error::{Error, ErrorKind, Result};
use crate::base::format::{and_list, or_list, percent};
use crate::base::weighting::{self, Margin};
use crate::base::words::normalize;
use crate::count::{Selection, Weights};
use crate::infer::geo;
use crate::infer::preset::SpecKind;
use crate::infer::resolve::{Answer, Resolver};
use crate::infer::schema::{Kind, Question};
use crate::infer::values::NumberFormat;
use crate::report::types::{
    can_split_by, FilterInfo, MarginInfo, MarginOption, SelectionInfo, WeightColumn, WeightSetAside, WeightsInfo,
};
use crate::session::{Filter, Prepared, Session};

/// The margin name that rakes on the continent of the country question.
pub const CONTINENT: &str = "continent";

/// Raking stops when no weighted margin moves by more than this share of
/// the total in an iteration (as `survey::rake`'s `epsilon`).
pub const RAKE_EPSILON: f64 = 1e-6;
/// Raking gives up after this many iterations, and says so.
pub const RAKE_MAX_ITERATIONS: usize = 100;
/// Weights less efficient than this are warned about.
pub const LOW_EFFICIENCY: f64 = 0.4;
/// Target shares may miss 1 by this much (rounding in a typed table); they
/// are scaled to sum to 1 exactly.
const SHARE_SLACK: f64 = 0.005;
/// Rows listed per reason a weight was set aside.
const ROWS_LISTED: usize = 20;

/// Filters and weights for the report.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    #[serde(default)]
    pub filters: Vec<Filter>,
    #[serde(default)]
    pub weighting: Option<Weighting>,
}

/// Where the weights come from. `trim` caps every weight at that multiple
/// of the mean weight, the excess spread over the others (and, for raking,
/// raked again).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Weighting {
    /// A column of the file (its name as the reading panel shows it) holds
    /// each respondent's weight.
    Column {
        column: String,
        #[serde(default)]
        trim: Option<f64>,
    },
    /// Raked to target shares: question id (or [`CONTINENT`]) -> option
    /// label -> share, the shares of a margin summing to 1.
    Rake {
        targets: BTreeMap<String, BTreeMap<String, f64>>,
        #[serde(default)]
        trim: Option<f64>,
    },
}

/// A question a person can rake on, with this sample's shares (to prefill
/// the targets with).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MarginChoice {
    pub id: String,
    pub header: String,
    pub answered: u64,
    pub options: Vec<MarginShare>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MarginShare {
    pub label: String,
    pub count: u64,
    pub share: f64,
}

/// An analysis resolved against the file as read now.
pub(super) struct Applied {
    pub selection: Selection,
    pub weights: Option<Weights>,
    pub selection_info: Option<SelectionInfo>,
    pub weights_info: Option<WeightsInfo>,
}

fn malformed(message: String) -> Error {
    Error::new(ErrorKind::Malformed, message)
}

/// Each respondent's group in a margin (None: no answer), and the groups' names.
struct MarginRows {
    id: String,
    header: String,
    of_row: Vec<Option<u16>>,
    labels: Vec<String>,
}

impl Session {
    /// Checks `analysis` against the file as read and makes it the one the
    /// report and splits use. On an error (a question, option, column or
    /// target the file does not have, shares that do not add up) nothing
    /// changes, and the message names what is wrong.
    pub fn set_analysis(&mut self, analysis: Analysis) -> Result<()> {
        let p = self.prepare();
        self.apply(&analysis, &p)?;
        self.analysis = analysis;
        Ok(())
    }

    pub fn analysis(&self) -> &Analysis {
        &self.analysis
    }

    /// The analysis resolved: who is selected, their weights, and both in words.
    pub(super) fn apply(&self, a: &Analysis, p: &Prepared) -> Result<Applied> {
        let rows = self.data.table.rows;
        let (mut weights, mut weights_info, weighted_rows) = match &a.weighting {
            None => (None, None, Selection::all(rows)),
            Some(w) => {
                let (weights, info, kept) = self.make_weights(w, p)?;
                (Some(weights), Some(info), kept)
            }
        };
        let filtered = if a.filters.is_empty() {
            None
        } else {
            Some(self.select_prepared(&a.filters, p)?)
        };
        let selection = match &filtered {
            Some(s) => s.and(&weighted_rows),
            None => weighted_rows,
        };
        let selection_info = filtered
            .as_ref()
            .map(|_| self.selection_info(&a.filters, p, &selection));
        if let (Some(info), Some(w)) = (weights_info.as_mut(), weights.as_ref()) {
            describe_weights(info, w, &selection);
        }
        if weights.as_ref().is_some_and(|w| w.is_empty()) {
            weights = None;
        }
        Ok(Applied {
            selection,
            weights,
            selection_info,
            weights_info,
        })
    }

    fn selection_info(&self, filters: &[Filter], p: &Prepared, selection: &Selection) -> SelectionInfo {
        let infos: Vec<FilterInfo> = merge_filters(&canonical(filters, p))
            .into_iter()
            .map(|f| {
                let qi = p.find(&f.question);
                let header = qi.map_or(f.question.clone(), |qi| p.qs[qi].header.clone());
                FilterInfo {
                    question: qi.map_or(f.question.clone(), |qi| p.ids[qi].clone()),
                    header,
                    options: f.options,
                }
            })
            .collect();
        let words: Vec<String> = infos
            .iter()
            .map(|f| format!("{} = {}", short(&f.header), or_list(&f.options)))
            .collect();
        let n = selection.len() as u64;
        SelectionInfo {
            label: format!("Filtered: {} (n = {n})", words.join("; ")),
            filters: infos,
            respondents: n,
            of: self.data.rows.used,
        }
    }

    /// Weights per respondent, how they were made, and the respondents with a weight.
    fn make_weights(&self, w: &Weighting, p: &Prepared) -> Result<(Weights, WeightsInfo, Selection)> {
        let rows = self.data.table.rows;
        match w {
            Weighting::Column { column, trim } => {
                let (mut values, set_aside, kept) = self.weight_column(column, p)?;
                let mut trimmed = 0;
                if let Some(cap) = trim_cap(*trim, &values)? {
                    let t = weighting::trim(&values, cap);
                    trimmed = t.trimmed;
                    values = t.weights;
                }
                let info = WeightsInfo {
                    column: Some(column.clone()),
                    set_aside,
                    ..unmeasured(
                        "column",
                        format!("Weighted by the column \u{201c}{column}\u{201d}"),
                        format!("the column \u{201c}{column}\u{201d}"),
                        *trim,
                        trimmed,
                    )
                };
                Ok((Weights::new(values)?, info, kept))
            }
            Weighting::Rake { targets, trim } => {
                if targets.is_empty() {
                    return Err(malformed(
                        "raking needs at least one margin: give target shares for a question".into(),
                    ));
                }
                let mut margins = Vec::new();
                let mut shares = Vec::new();
                for (id, t) in targets {
                    let m = self.margin_rows(id, p)?;
                    shares.push(target_shares(&m, t)?);
                    margins.push(m);
                }
                let views: Vec<Margin> = margins
                    .iter()
                    .zip(&shares)
                    .map(|(m, s)| Margin {
                        of_row: &m.of_row,
                        targets: s,
                    })
                    .collect();
                let start = vec![1.0; rows];
                let (raked, trimmed) = match trim_cap(*trim, &start)? {
                    Some(cap) => weighting::rake_and_trim(&start, &views, cap, RAKE_EPSILON, RAKE_MAX_ITERATIONS),
                    None => (weighting::rake(&start, &views, RAKE_EPSILON, RAKE_MAX_ITERATIONS), 0),
                };
                let infos: Vec<MarginInfo> = margins
                    .iter()
                    .zip(&shares)
                    .map(|(m, s)| margin_info(m, s, &raked.weights))
                    .collect();
                let names: Vec<String> = margins.iter().map(|m| short(&m.header)).collect();
                let info = WeightsInfo {
                    margins: infos,
                    iterations: raked.iterations,
                    converged: raked.converged,
                    ..unmeasured(
                        "rake",
                        format!("Weighted: raked to {}", and_list(&names)),
                        format!("raked to {}", and_list(&names)),
                        *trim,
                        trimmed,
                    )
                };
                Ok((Weights::new(raked.weights)?, info, Selection::all(rows)))
            }
        }
    }

    /// The weights in column `name`: each row's number, and the rows set
    /// aside (empty, not a number, negative) with weight 0 and left out.
    fn weight_column(&self, name: &str, p: &Prepared) -> Result<(Vec<f64>, Vec<WeightSetAside>, Selection)> {
        let table = &self.data.table;
        let Some(c) = self.data.names.iter().position(|n| n == name) else {
            return Err(malformed(format!(
                "weight column \u{201c}{name}\u{201d}: the file has no column of that name; choose one of the columns the reading panel lists"
            )));
        };
        let format = number_format(&p.qs, c);
        let column = &table.columns[c];
        // Each distinct value read once.
        let read: Vec<std::result::Result<f64, &'static str>> = column
            .values
            .iter()
            .enumerate()
            .map(|(code, v)| {
                if code == 0 || v.trim().is_empty() {
                    return Err("no weight given");
                }
                match format.parse(v) {
                    Some(x) if !x.is_finite() => Err("not a finite number"),
                    Some(x) if x < 0.0 => Err("a negative weight"),
                    Some(x) => Ok(x),
                    None => Err("not a number"),
                }
            })
            .collect();
        let mut values = vec![0.0; table.rows];
        let mut aside: BTreeMap<&'static str, WeightSetAside> = BTreeMap::new();
        let mut kept = Vec::with_capacity(table.rows);
        let first_row = self.data.info.header_rows as u64 + 1;
        for (row, v) in values.iter_mut().enumerate() {
            match read[column.code(row) as usize] {
                Ok(x) => {
                    *v = x;
                    kept.push(row);
                }
                Err(reason) => {
                    let e = aside.entry(reason).or_insert_with(|| WeightSetAside {
                        reason: reason.to_string(),
                        count: 0,
                        rows: Vec::new(),
                    });
                    e.count += 1;
                    if e.rows.len() < ROWS_LISTED {
                        e.rows.push(row as u64 + first_row);
                    }
                }
            }
        }
        if kept.is_empty() || values.iter().all(|&w| w == 0.0) {
            return Err(malformed(format!(
                "weight column \u{201c}{name}\u{201d}: no respondent has a weight above 0 in it; choose another column"
            )));
        }
        let set_aside = aside.into_values().collect();
        Ok((values, set_aside, Selection::from_rows(table.rows, kept)))
    }

    /// Each respondent's group for margin `id`: a single-choice question's
    /// answer, or the continent of the country question.
    fn margin_rows(&self, id: &str, p: &Prepared) -> Result<MarginRows> {
        let table = &self.data.table;
        let mut a = Answer::default();
        if id == CONTINENT {
            let Some(qi) = self.country_question(p) else {
                return Err(malformed(
                    "raking on continent: the file has no country question to read continents from".into(),
                ));
            };
            let r = &p.resolvers[qi];
            let of_label: Vec<Option<u16>> = r.labels.iter().map(|l| continent_of(l)).collect();
            let of_row = (0..table.rows)
                .map(|row| {
                    r.read(table, row, &mut a);
                    let chosen = a
                        .chosen
                        .first()
                        .and_then(|&o| of_label.get(o as usize).copied().flatten());
                    chosen.or_else(|| a.other.as_deref().and_then(continent_of))
                })
                .collect();
            return Ok(MarginRows {
                id: id.to_string(),
                header: CONTINENT.into(),
                of_row,
                labels: geo::Continent::ALL.iter().map(|c| c.name().to_string()).collect(),
            });
        }
        let Some(qi) = p.find(id) else {
            return Err(malformed(format!(
                "raking on \u{201c}{id}\u{201d}: the report has no question with that id; rake on a single-choice question or on \u{201c}{CONTINENT}\u{201d}"
            )));
        };
        let r = &p.resolvers[qi];
        if !can_rake(&p.qs[qi], r) {
            return Err(malformed(format!(
                "raking on \u{201c}{id}\u{201d}: only a single-choice question can be raked on (each respondent in one group)"
            )));
        }
        let of_row = (0..table.rows)
            .map(|row| {
                r.read(table, row, &mut a);
                a.chosen.first().copied().filter(|_| a.answered)
            })
            .collect();
        Ok(MarginRows {
            id: p.ids[qi].clone(),
            header: p.qs[qi].header.clone(),
            of_row,
            labels: r.labels.clone(),
        })
    }

    fn country_question(&self, p: &Prepared) -> Option<usize> {
        let pi = self.preset.questions.iter().position(|s| s.kind == SpecKind::Country)?;
        p.mapping[pi]
    }

    /// The questions a person can rake on, with this sample's shares:
    /// single-choice questions, and the continent when there is a country question.
    pub fn margins(&self) -> Vec<MarginChoice> {
        let p = self.prepare();
        let mut out = Vec::new();
        let mut ids: Vec<String> = Vec::new();
        if self.country_question(&p).is_some() {
            ids.push(CONTINENT.to_string());
        }
        for (qi, q) in p.qs.iter().enumerate() {
            if can_rake(q, &p.resolvers[qi]) {
                ids.push(p.ids[qi].clone());
            }
        }
        for id in ids {
            let Ok(m) = self.margin_rows(&id, &p) else { continue };
            let mut counts = vec![0u64; m.labels.len()];
            for g in m.of_row.iter().flatten() {
                counts[*g as usize] += 1;
            }
            let answered: u64 = counts.iter().sum();
            if answered == 0 {
                continue;
            }
            out.push(MarginChoice {
                id: m.id,
                header: m.header,
                answered,
                options: m
                    .labels
                    .iter()
                    .zip(&counts)
                    .filter(|(_, &n)| n > 0)
                    .map(|(l, &n)| MarginShare {
                        label: l.clone(),
                        count: n,
                        share: n as f64 / answered as f64,
                    })
                    .collect(),
            });
        }
        out
    }

    /// Columns whose values read as numbers of 0 or more (some above 0;
    /// all of them, or nine in ten for a column named like a weight):
    /// those a person can weight by, the ones named like a weight first.
    pub(super) fn weight_columns(&self, qs: &[Question]) -> Vec<WeightColumn> {
        let table = &self.data.table;
        let mut out: Vec<WeightColumn> = Vec::new();
        for (c, name) in self.data.names.iter().enumerate() {
            let Some(column) = table.columns.get(c) else { continue };
            let numeric = qs.iter().any(|q| q.kind == Kind::Number && q.columns == [c]);
            if !numeric && !looks_like_weight(name) {
                continue;
            }
            let format = number_format(qs, c);
            let (mut good, mut bad, mut positive) = (0u64, 0u64, false);
            for (v, n) in column.values.iter().zip(&column.counts).skip(1) {
                match format.parse(v) {
                    Some(x) if x.is_finite() && x >= 0.0 => {
                        positive |= x > 0.0;
                        good += n;
                    }
                    _ => bad += n,
                }
            }
            // A column named like a weight is offered with a few bad cells
            // (they are set aside when it is used); another only when every
            // value is a weight.
            let offered = if looks_like_weight(name) {
                good >= 9 * bad
            } else {
                bad == 0
            };
            if offered && positive {
                out.push(WeightColumn {
                    column: name.clone(),
                    detected: looks_like_weight(name),
                });
            }
        }
        out.sort_by_key(|w| !w.detected);
        out
    }
}

/// Whether respondents can be raked on `q`: one answer each.
fn can_rake(q: &Question, r: &Resolver) -> bool {
    can_split_by(q.kind, &r.encoding) && !r.labels.is_empty()
}

/// The continent named by a country answer, as its index in `Continent::ALL`.
fn continent_of(answer: &str) -> Option<u16> {
    let c = geo::lookup(answer)?;
    geo::Continent::ALL
        .iter()
        .position(|x| *x == c.continent)
        .map(|i| i as u16)
}

/// The target share of each group of `m`, checked: every label is one of
/// the margin's, every share a number of 0 or more, the shares summing to 1,
/// and every group someone is in given a target.
fn target_shares(m: &MarginRows, t: &BTreeMap<String, f64>) -> Result<Vec<f64>> {
    let mut shares = vec![0.0; m.labels.len()];
    let mut given = vec![false; m.labels.len()];
    for (label, &share) in t {
        let Some(i) = m.labels.iter().position(|l| l == label) else {
            return Err(malformed(format!(
                "raking on \u{201c}{}\u{201d}: it has no option \u{201c}{label}\u{201d}; its options are {}",
                m.id,
                or_list(
                    &m.labels
                        .iter()
                        .map(|l| format!("\u{201c}{l}\u{201d}"))
                        .collect::<Vec<_>>()
                )
            )));
        };
        if !share.is_finite() || share < 0.0 {
            return Err(malformed(format!(
                "raking on \u{201c}{}\u{201d}: the target for \u{201c}{label}\u{201d} is {share}; give a share from 0 to 1",
                m.id
            )));
        }
        shares[i] = share;
        given[i] = true;
    }
    let sum: f64 = shares.iter().sum();
    if (sum - 1.0).abs() > SHARE_SLACK {
        return Err(malformed(format!(
            "raking on \u{201c}{}\u{201d}: the target shares sum to {}; they must sum to 1 (100%)",
            m.id,
            crate::base::format::trim_number(sum)
        )));
    }
    let mut in_group = vec![0u64; m.labels.len()];
    for g in m.of_row.iter().flatten() {
        in_group[*g as usize] += 1;
    }
    for (i, label) in m.labels.iter().enumerate() {
        if in_group[i] > 0 && !given[i] {
            return Err(malformed(format!(
                "raking on \u{201c}{}\u{201d}: give a target for \u{201c}{label}\u{201d} ({} respondents chose it), 0 to weight them out",
                m.id, in_group[i]
            )));
        }
        if in_group[i] == 0 && shares[i] > 0.0 {
            return Err(malformed(format!(
                "raking on \u{201c}{}\u{201d}: no respondent chose \u{201c}{label}\u{201d}, so no weighting can reach its target of {}; set it to 0",
                m.id,
                percent(shares[i])
            )));
        }
    }
    Ok(shares.iter().map(|s| s / sum).collect())
}

/// The margin as reached: per option its target, the sample's and the
/// weighted share among those who answered.
fn margin_info(m: &MarginRows, targets: &[f64], weights: &[f64]) -> MarginInfo {
    let mut n = vec![0u64; m.labels.len()];
    let mut w = vec![0.0; m.labels.len()];
    let mut unanswered = 0;
    for (row, g) in m.of_row.iter().enumerate() {
        match g {
            Some(g) => {
                n[*g as usize] += 1;
                w[*g as usize] += weights.get(row).copied().unwrap_or(0.0);
            }
            None => unanswered += 1,
        }
    }
    let (n_all, w_all) = (n.iter().sum::<u64>().max(1) as f64, w.iter().sum::<f64>());
    MarginInfo {
        question: m.id.clone(),
        header: m.header.clone(),
        options: m
            .labels
            .iter()
            .enumerate()
            .filter(|(i, _)| n[*i] > 0 || targets[*i] > 0.0)
            .map(|(i, l)| MarginOption {
                label: l.clone(),
                target: targets[i],
                sample: n[i] as f64 / n_all,
                weighted: if w_all > 0.0 { w[i] / w_all } else { 0.0 },
            })
            .collect(),
        unanswered,
    }
}

/// A weighting's description before its weights are measured over the
/// respondents selected ([`describe_weights`] fills in their spread).
fn unmeasured(source: &str, label: String, summary: String, trim: Option<f64>, trimmed: usize) -> WeightsInfo {
    WeightsInfo {
        source: source.to_string(),
        column: None,
        margins: Vec::new(),
        iterations: 0,
        converged: true,
        efficiency: 0.0,
        effective_n: 0.0,
        min: 0.0,
        median: 0.0,
        max: 0.0,
        trimmed,
        trim,
        set_aside: Vec::new(),
        warning: None,
        label,
        summary,
    }
}

/// The cap `trim` asks for: that multiple of the mean weight.
fn trim_cap(trim: Option<f64>, weights: &[f64]) -> Result<Option<f64>> {
    let Some(t) = trim else { return Ok(None) };
    if !t.is_finite() || t <= 1.0 {
        return Err(malformed(format!(
            "trim {t}: the cap is a multiple of the mean weight and must be above 1 (e.g. 5)"
        )));
    }
    let kept: Vec<f64> = weights.iter().copied().filter(|w| *w > 0.0).collect();
    let mean = kept.iter().sum::<f64>() / kept.len().max(1) as f64;
    Ok(Some(t * mean))
}

/// Fills in the weights' spread and efficiency over the respondents of
/// `selection`, and the warning.
fn describe_weights(info: &mut WeightsInfo, w: &Weights, selection: &Selection) {
    let mut v: Vec<f64> = Vec::with_capacity(selection.len());
    selection.for_each(|row| v.push(w.of(row)));
    v.sort_by(f64::total_cmp);
    let (sum, sum_sq) = v.iter().fold((0.0, 0.0), |(s, q), x| (s + x, q + x * x));
    let n = v.len();
    info.effective_n = weighting::effective_n(sum, sum_sq);
    info.efficiency = weighting::efficiency(sum, sum_sq, n);
    info.min = v.first().copied().unwrap_or(0.0);
    info.max = v.last().copied().unwrap_or(0.0);
    info.median = match n {
        0 => 0.0,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    };
    info.label = format!("{} (effective n = {:.0})", info.label, info.effective_n);
    info.summary = format!("{} (effective n = {:.0})", info.summary, info.effective_n);
    let mut warnings = Vec::new();
    if !info.converged {
        warnings.push(format!(
            "raking did not converge in {} iterations: the weighted margins miss their targets (see the table)",
            info.iterations
        ));
    }
    if info.efficiency < LOW_EFFICIENCY {
        warnings.push(format!(
            "the weights are {} efficient: {n} respondents count as {:.0}, so intervals are wide; consider fewer margins or trimming",
            percent(info.efficiency),
            info.effective_n
        ));
    }
    info.warning = (!warnings.is_empty()).then(|| warnings.join("; "));
}

/// The filters with each question named by its id in the report (a person
/// may name it by the file's id or its header).
pub(super) fn canonical(filters: &[Filter], p: &Prepared) -> Vec<Filter> {
    filters
        .iter()
        .map(|f| Filter {
            question: p.find(&f.question).map_or(f.question.clone(), |qi| p.ids[qi].clone()),
            options: f.options.clone(),
        })
        .collect()
}

/// One filter per question, options in the order first given.
pub(crate) fn merge_filters(filters: &[Filter]) -> Vec<Filter> {
    let mut out: Vec<Filter> = Vec::new();
    for f in filters {
        if f.options.is_empty() {
            continue;
        }
        match out.iter_mut().find(|x| x.question == f.question) {
            Some(x) => {
                for o in &f.options {
                    if !x.options.contains(o) {
                        x.options.push(o.clone());
                    }
                }
            }
            None => out.push(f.clone()),
        }
    }
    out
}

/// A header short enough for a figure's subtitle: its first 48
/// characters, cut at a word.
fn short(header: &str) -> String {
    const MAX: usize = 48;
    let h = header.trim();
    if h.chars().count() <= MAX {
        return h.to_string();
    }
    let cut: String = h.chars().take(MAX).collect();
    let at = cut.rfind(' ').filter(|&i| i > MAX / 2).unwrap_or(cut.len());
    format!("{}\u{2026}", cut[..at].trim_end_matches([',', ';', ':', ' ']))
}

/// How the numbers of column `c` are written (its question's format, or plain).
fn number_format(qs: &[Question], c: usize) -> NumberFormat {
    qs.iter()
        .find(|q| q.columns == [c])
        .and_then(|q| q.number.clone())
        .unwrap_or_default()
}

/// A column name that says weight: `weight`, `weights`, `wt`, `w`, `wgt`,
/// or a word of it starting with "weight" (`final_weight`, `weight_2020`).
pub fn looks_like_weight(name: &str) -> bool {
    let n = normalize(name);
    let words: Vec<&str> = n
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    matches!(words.as_slice(), ["w"])
        || words
            .iter()
            .any(|w| matches!(*w, "wt" | "wgt" | "wght") || w.starts_with("weight"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weight_names() {
        for yes in [
            "weight",
            "Weights",
            "wt",
            "w",
            "final_weight",
            "WEIGHT_2020",
            "pop wgt",
            "Weighting",
        ] {
            assert!(looks_like_weight(yes), "{yes}");
        }
        for no in ["width", "w2", "age", "wait time", "heavyweight", "country"] {
            assert!(!looks_like_weight(no), "{no}");
        }
    }

    #[test]
    fn filters_on_one_question_merge() {
        let f = |q: &str, o: &[&str]| Filter {
            question: q.into(),
            options: o.iter().map(|s| s.to_string()).collect(),
        };
        let merged = merge_filters(&[f("a", &["x"]), f("b", &["y"]), f("a", &["z", "x"])]);
        assert_eq!(merged, vec![f("a", &["x", "z"]), f("b", &["y"])]);
    }

    #[test]
    fn long_headers_are_cut_at_a_word() {
        assert_eq!(short("Company size"), "Company size");
        let s = short("What is the size of the company you work for, in employees, roughly?");
        assert!(s.ends_with('\u{2026}') && s.chars().count() <= 49, "{s}");
    }
}
