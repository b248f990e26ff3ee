//! Figures as data: what each figure shows (labels, counts, shares,
//! intervals, base), built from a [`Report`], and drawn by [`draw`] through
//! any plotters backend: a canvas in the browser, SVG or PNG natively.
//!
//! Built by family: the paper's figures (`paper`: who answered, the
//! preset's figures of one question each, the maturity analysis), one per
//! question of the file (`question`; a Net Promoter Score question as its
//! three groups, `nps`), and a question split by another (`split`).

mod draw;
pub mod edit;
mod export;
#[cfg(not(target_arch = "wasm32"))]
mod native;
mod nps;
mod paper;
mod question;
mod split;

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
pub use split::{split_figure, stacked_split_figure, SplitCounts, MAX_SPLIT_GROUPS, OTHER_GROUPS};

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
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BarRow {
    pub label: String,
    /// One value per series.
    pub values: Vec<BarValue>,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BarValue {
    pub count: u64,
    pub base: u64,
    pub share: f64,
    /// 95% Wilson interval of the share.
    pub lo: f64,
    pub hi: f64,
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
        }
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
}

impl LikertRow {
    pub fn share(&self, point: usize) -> f64 {
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
    for f in &mut figures {
        if !matches!(f.body, Body::Missing { .. }) {
            f.source.clone_from(&source);
        }
    }
    figures
}
