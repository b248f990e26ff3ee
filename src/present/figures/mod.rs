//! Figures as data: what each figure shows (labels, counts, shares,
//! intervals, base), built from a [`Report`], and drawn by [`draw`] through
//! any plotters backend: a canvas in the browser, SVG or PNG natively.
//!
//! Built by family: the paper's figures (`paper`: who answered, the
//! preset's figures of one question each, the maturity analysis), one per
//! question of the file (`question`; a Net Promoter Score question as its
//! three groups, `nps`), and a question split by another (`split`).

mod compare;
mod draw;
pub mod edit;
mod export;
#[cfg(not(target_arch = "wasm32"))]
mod native;
mod nps;
mod paper;
mod question;
mod split;

pub use compare::compare_figures;
pub use draw::{bar_rect, draw_figure, figure_height, hit_test, set_text_measure, BarHit, BarRect, TextMeasure, Theme};
pub use export::{
    alt_text, check_figure, embed_figure, figure_csv, figure_table, file_stem, limits as figure_limits, render_svg,
    render_svg_themed,
};
#[cfg(not(target_arch = "wasm32"))]
pub use native::render_png;
pub use nps::{nps_figure, signed_points, NPS_GROUPS};
pub use paper::{build, TOP_COUNTRIES};
pub use question::{question_bars, question_figure, question_figure_id, MAX_BARS};
pub use split::{
    legend_name, letter, letter_groups, letters, split_figure, stacked_split_figure, SplitCounts, SplitWeights,
    LETTER_ALPHA, MAX_SPLIT_GROUPS, OTHER_GROUPS,
};

use serde::{Deserialize, Serialize};

use crate::base::stats::{self, Z95};
use crate::report::types::Report;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// Stable id ("fig2", "maturity", "q-Q3"); an exported figure's file
    /// name is made from it by [`file_stem`], never taken as it is.
    pub id: String,
    /// Which part of the page the figure belongs to ("who", "results", "analysis").
    pub section: String,
    pub title: String,
    /// The base, e.g. "% of 318 who answered; 13 skipped".
    pub subtitle: String,
    pub note: Option<String>,
    /// Answers quoted from the file (examples of write-ins), drawn after the
    /// note. Kept apart because they are respondents' own words: links that
    /// share a figure leave them out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quotes: Option<String>,
    /// The figure's alt text, when the page asked for it with the figure
    /// (computed where the figure is made, so the page does not hand every
    /// figure back to WebAssembly for it); see [`alt_text`](crate::alt_text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt: Option<String>,
    /// Where the numbers come from ("Data: survey.csv"), so a figure copied
    /// out of the page still says it; synthetic data says so.
    #[serde(default)]
    pub source: Option<String>,
    /// What a person's edits merged and hid ("Merged: A + B as C; hidden:
    /// D."), made by [`edit::apply`]: drawn under the note and the last row
    /// of the figure's table and CSV.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edited: Option<String>,
    /// What the number beside each bar or in each segment says.
    #[serde(default, skip_serializing_if = "ValueLabels::is_percent")]
    pub labels: ValueLabels,
    pub body: Body,
    /// The report question whose options the rows are: a bar of a row
    /// filters the report to those who chose its label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter_by: Option<String>,
    /// What the figure's respondents are (filtered, weighted), in words:
    /// also at the end of the subtitle, and the last row of its table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analysis: Option<String>,
    /// A split figure's test of independence and how its letters were made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test: Option<SplitTest>,
}

/// A split's test of independence (Pearson's chi-square, or Rao-Scott's
/// corrected F when weighted) and the column-proportion letters' method.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SplitTest {
    /// "pearson" or "rao-scott"; absent when no overall test applies (a
    /// multiple-choice question, fewer than two groups or options).
    pub method: Option<String>,
    pub statistic: Option<f64>,
    pub df: Option<f64>,
    pub p: Option<f64>,
    pub ndf: Option<f64>,
    pub ddf: Option<f64>,
    pub min_expected: Option<f64>,
    /// The test and the letters in words, drawn under the figure.
    pub text: String,
    /// An expected count under 5, or groups too small to be lettered.
    pub warning: Option<String>,
}

impl Figure {
    /// A figure with its id, section, title, subtitle and body, and
    /// nothing else yet.
    pub fn new(
        id: impl Into<String>,
        section: impl Into<String>,
        title: String,
        subtitle: String,
        body: Body,
    ) -> Figure {
        Figure {
            id: id.into(),
            section: section.into(),
            title,
            subtitle,
            note: None,
            quotes: None,
            alt: None,
            source: None,
            edited: None,
            labels: ValueLabels::default(),
            body,
            filter_by: None,
            analysis: None,
            test: None,
        }
    }
}

/// The number written beside each bar (and in each segment of a grid).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueLabels {
    /// The share, "39%".
    #[default]
    Percent,
    /// The respondents counted, "124".
    Count,
}

impl ValueLabels {
    pub fn is_percent(&self) -> bool {
        *self == ValueLabels::Percent
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Body {
    Bars(Bars),
    Likert(Likert),
    /// The question is not in the file; the page shows the message instead.
    Missing {
        message: String,
    },
}

/// Horizontal bars, one or more series per row (grouped bars).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bars {
    pub series: Vec<Series>,
    pub rows: Vec<BarRow>,
    /// Each respondent is in at most one bar of a series (a single-choice
    /// question, a rating, bins of a number, groups), so bars can be added
    /// up when merged; false where a respondent may be in several (a
    /// multi-choice question) or it is not known.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub one_answer: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub name: String,
    /// Respondents in the series' base.
    pub n: u64,
    /// A split's group letter ("A"), which other groups' letters refer to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub letter: Option<String>,
    /// Kish's effective base, when weighted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<f64>,
}

impl Series {
    pub fn new(name: impl Into<String>, n: u64) -> Series {
        Series {
            name: name.into(),
            n,
            letter: None,
            effective: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BarRow {
    pub label: String,
    /// One value per series.
    pub values: Vec<BarValue>,
    /// In a comparison of two editions: the change from the first series to
    /// the second and its test.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<Change>,
}

/// A share's change between two editions, in percentage points (second
/// minus first), with its two-proportion test's p and its Benjamini-Hochberg
/// q within the figure.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub points: f64,
    pub p: Option<f64>,
    pub q: Option<f64>,
}

impl BarRow {
    pub fn new(label: impl Into<String>, values: Vec<BarValue>) -> BarRow {
        BarRow {
            label: label.into(),
            values,
            change: None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BarValue {
    pub count: u64,
    pub base: u64,
    /// Weighted when `weighted` is given: `weighted / weighted_base`.
    pub share: f64,
    /// 95% Wilson interval of the share (on the effective base when weighted).
    pub lo: f64,
    pub hi: f64,
    /// Weighted: the bar's summed weight, its base's, and the base's Kish
    /// effective size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weighted: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weighted_base: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_base: Option<f64>,
    /// In a split: bit g set when this group's share is higher than group
    /// g's at 5% after Benjamini-Hochberg correction within the figure.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub higher_than: u32,
    /// The option is not offered in this series' edition (a comparison):
    /// drawn as "not offered", never as 0%.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_offered: bool,
}

fn is_zero(x: &u32) -> bool {
    *x == 0
}

impl Figure {
    /// The note as drawn: the note, then any quoted answers.
    pub fn note_text(&self) -> Option<String> {
        match (&self.note, &self.quotes) {
            (Some(n), Some(q)) => Some(format!("{n}, {q}")),
            (Some(n), None) => Some(n.clone()),
            (None, q) => q.clone(),
        }
    }
}

impl BarValue {
    pub fn new(count: u64, base: u64) -> BarValue {
        let (lo, hi) = stats::wilson(count, base, Z95);
        let share = if base == 0 { 0.0 } else { count as f64 / base as f64 };
        BarValue {
            count,
            base,
            share,
            lo,
            hi,
            weighted: None,
            weighted_base: None,
            effective_base: None,
            higher_than: 0,
            not_offered: false,
        }
    }

    /// A bar of `count` respondents of `base`, and, when weighted, of
    /// summed weight `weight` of `weighted_base` with the base's effective
    /// size `effective`: the share is then weighted and its interval the
    /// Wilson interval on the effective base.
    pub fn weighed(
        count: u64,
        base: u64,
        weight: Option<f64>,
        weighted_base: Option<f64>,
        effective: Option<f64>,
    ) -> BarValue {
        let mut v = BarValue::new(count, base);
        if let (Some(w), Some(wb), Some(eff)) = (weight, weighted_base, effective) {
            v.share = if wb > 0.0 { w / wb } else { 0.0 };
            (v.lo, v.hi) = stats::wilson_share(v.share, eff, Z95);
            v.weighted = Some(w);
            v.weighted_base = Some(wb);
            v.effective_base = Some(eff);
        }
        v
    }
}

/// Diverging stacked bars over an ordered scale.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Likert {
    pub scale: Vec<String>,
    pub rows: Vec<LikertRow>,
    /// Diverging around the scale's middle (ratings); otherwise each row is
    /// one 100% bar from the left (a question split by groups).
    #[serde(default = "yes")]
    pub diverging: bool,
    /// The categories are ordered (a scale) and get the diverging palette;
    /// otherwise categorical colours.
    #[serde(default = "yes")]
    pub ordered: bool,
}

fn yes() -> bool {
    true
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LikertRow {
    /// The paper's letter, e.g. "b".
    pub key: String,
    pub label: String,
    pub n: u64,
    pub counts: Vec<u64>,
    /// Share rating in the top two points ("top-2-box").
    pub top2: f64,
    /// Weighted: each point's summed weight (shares are of their sum).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weights: Option<Vec<f64>>,
}

impl LikertRow {
    pub fn share(&self, point: usize) -> f64 {
        if let Some(w) = &self.weights {
            let total: f64 = w.iter().sum();
            return if total > 0.0 {
                w.get(point).copied().unwrap_or(0.0) / total
            } else {
                0.0
            };
        }
        if self.n == 0 {
            0.0
        } else {
            self.counts.get(point).copied().unwrap_or(0) as f64 / self.n as f64
        }
    }
}

/// One figure per question of the file, in file order
/// ([`question::every`]), a Net Promoter Score question drawn as its three
/// groups ([`nps_figure`]) in its place.
pub fn every(report: &Report) -> Vec<Figure> {
    let mut figures = question::every(report);
    // Few files have one: the figures are searched only for those there are.
    for (q, nps) in report.questions.iter().filter_map(|q| Some((q, q.nps.as_ref()?))) {
        let id = question_figure_id(&q.id);
        if let Some(f) = figures.iter_mut().find(|f| f.id == id) {
            let source = f.source.take();
            *f = nps_figure(q, nps);
            f.source = source;
        }
    }
    figures
}

/// The source line of every figure drawn from a file called `name`.
pub fn source_line(name: Option<&str>) -> Option<String> {
    let name = name?;
    Some(if name.to_lowercase().contains("synthetic") {
        format!("Data: {name}, a synthetic sample (not the paper's responses).")
    } else {
        format!("Data: {name}.")
    })
}

fn with_source(mut figures: Vec<Figure>, report: &Report) -> Vec<Figure> {
    let source = source_line(report.input.name.as_deref());
    let analysis = analysis_line(report);
    for f in &mut figures {
        if !matches!(f.body, Body::Missing { .. }) {
            f.source.clone_from(&source);
            mark_analysis(f, analysis.as_deref());
        }
    }
    figures
}

/// Whom a report's figures describe, when not every respondent unweighted:
/// "Filtered: Company size = 151-500 (n = 48). Weighted: raked to
/// continent (effective n = 41)".
pub fn analysis_line(report: &Report) -> Option<String> {
    analysis_words(report.selection.as_ref(), report.weights.as_ref())
}

pub use crate::report::types::analysis_words;

/// Says `analysis` in the figure: at the end of its subtitle (so the
/// drawing, the alt text and an embed say it) and in `analysis` (the last
/// row of its table and CSV).
pub fn mark_analysis(f: &mut Figure, analysis: Option<&str>) {
    if let Some(a) = analysis {
        f.subtitle = if f.subtitle.is_empty() {
            a.to_string()
        } else {
            format!("{}. {a}", f.subtitle.trim_end_matches('.'))
        };
        f.analysis = Some(a.to_string());
    }
}
