//! Figures as data: what each figure shows (labels, counts, shares,
//! intervals, base), built from a [`Report`], and drawn by [`draw`] through
//! any plotters backend: a canvas in the browser, SVG or PNG natively.

mod draw;
mod export;
#[cfg(not(target_arch = "wasm32"))]
mod native;

pub use draw::{draw_figure, figure_height, set_text_measure, TextMeasure, Theme};
pub use export::{
    alt_text, check_figure, figure_csv, figure_table, file_stem, limits as figure_limits, render_svg, render_svg_themed,
};
#[cfg(not(target_arch = "wasm32"))]
pub use native::render_png;

use serde::{Deserialize, Serialize};

use crate::base::error::{Error, ErrorKind, Result};
use crate::base::format::{share_label, trim_number};
use crate::base::limits::{MAX_SPLIT_BY_OPTIONS, MAX_SPLIT_CELLS};
use crate::base::stats::{self, Z95};
use crate::report::ranking::{top_two, SMALL_GROUP};
use crate::report::types::{Kind, QuestionReport, Report, OTHER_FREE_TEXT};

/// How many countries the "top countries" figure shows.
pub const TOP_COUNTRIES: usize = 15;

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
    pub body: Body,
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

fn base_text(q: &QuestionReport) -> String {
    let many = if q.kind == Kind::Multi {
        " (several answers allowed)"
    } else {
        ""
    };
    format!("% of {} who answered{many}; {} skipped", q.answered, q.skipped)
}

fn missing(id: &str, section: &str, title: String) -> Figure {
    Figure {
        id: id.to_string(),
        section: section.to_string(),
        title,
        subtitle: String::new(),
        note: None,
        quotes: None,
        alt: None,
        source: None,
        body: Body::Missing {
            message: "question not found in this file".to_string(),
        },
    }
}

/// A figure for one single- or multi-choice question: bars sorted by share
/// (unless the options are ordered), the free-text bucket last.
pub fn question_bars(id: &str, section: &str, title: String, q: &QuestionReport) -> Figure {
    let has_free_text = q.options.iter().any(|o| o.label == OTHER_FREE_TEXT);
    let mut rows: Vec<BarRow> = q
        .options
        .iter()
        // Forms record a filled-in "Other:" as its text, so a questionnaire's
        // own "Other" option is often empty beside the free-text bucket: an
        // empty bar there would only confuse.
        .filter(|o| !(has_free_text && o.count == 0 && o.label.eq_ignore_ascii_case("other")))
        .map(|o| BarRow {
            label: o.label.clone(),
            values: vec![BarValue::new(o.count, q.answered)],
        })
        .collect();
    if !q.ordered {
        rows.sort_by(|a, b| {
            let other = |r: &BarRow| r.label == OTHER_FREE_TEXT;
            other(a)
                .cmp(&other(b))
                .then(b.values[0].share.total_cmp(&a.values[0].share))
        });
    }
    let note = (!q.other.is_empty()).then(|| format!("{OTHER_FREE_TEXT}: {} distinct answers", q.other.len()));
    let quotes = (!q.other.is_empty()).then(|| {
        let shown: Vec<String> = q
            .other
            .iter()
            .take(5)
            .map(|o| format!("\u{201c}{}\u{201d}", o.label))
            .collect();
        format!("e.g. {}", shown.join(", "))
    });
    Figure {
        id: id.to_string(),
        section: section.to_string(),
        title,
        subtitle: base_text(q),
        note,
        quotes,
        alt: None,
        source: None,
        body: Body::Bars(Bars {
            series: vec![Series {
                name: "All".to_string(),
                n: q.answered,
            }],
            rows,
        }),
    }
}

fn paper_title(q_header: &str, fig: Option<&str>) -> String {
    match fig {
        Some(f) => format!("{f} {q_header}"),
        None => q_header.to_string(),
    }
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

/// Every figure of the paper's results section, in page order.
pub fn build(report: &Report) -> Vec<Figure> {
    with_source(build_figures(report), report)
}

fn build_figures(report: &Report) -> Vec<Figure> {
    let mut out = Vec::new();
    // Who answered.
    match &report.geography {
        Some(g) => {
            let total = g.answered;
            let bars = |rows: Vec<BarRow>| {
                Body::Bars(Bars {
                    series: vec![Series {
                        name: "All".into(),
                        n: total,
                    }],
                    rows,
                })
            };
            let unrec: u64 = g.unrecognised.iter().map(|o| o.count).sum();
            let note = (unrec > 0).then(|| {
                format!(
                    "{unrec} answer(s) name no known country: {}",
                    g.unrecognised
                        .iter()
                        .take(5)
                        .map(|o| format!("\u{201c}{}\u{201d}", o.label))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            });
            out.push(Figure {
                id: "continents".into(),
                section: "who".into(),
                title: "Respondents by continent".into(),
                subtitle: format!(
                    "% of {total} who named their country; {} skipped",
                    report.respondents.saturating_sub(total)
                ),
                note: note.clone(),
                quotes: None,
                alt: None,
                source: None,
                body: bars(
                    g.continents
                        .iter()
                        .map(|c| BarRow {
                            label: c.label.clone(),
                            values: vec![BarValue::new(c.count, total)],
                        })
                        .collect(),
                ),
            });
            let shown = g.countries.len().min(TOP_COUNTRIES);
            out.push(Figure {
                id: "countries".into(),
                section: "who".into(),
                title: format!("Top {shown} of {} countries", g.countries.len()),
                subtitle: format!("% of {total} who named their country"),
                note,
                quotes: None,
                alt: None,
                source: None,
                body: bars(
                    g.countries
                        .iter()
                        .take(TOP_COUNTRIES)
                        .map(|c| BarRow {
                            label: c.label.clone(),
                            values: vec![BarValue::new(c.count, total)],
                        })
                        .collect(),
                ),
            });
        }
        None => {
            out.push(missing("continents", "who", "Respondents by continent".into()));
            out.push(missing("countries", "who", "Top countries".into()));
        }
    }
    // The paper's figures of one question each, as the preset lists them.
    for f in &report.preset.figures {
        let q = report.question(&f.role);
        let header = q
            .map(|q| q.header.clone())
            .or_else(|| report.missing.iter().find(|m| m.id == f.role).map(|m| m.header.clone()))
            .unwrap_or_else(|| f.role.clone());
        let title = paper_title(&header, Some(&f.title));
        out.push(match q {
            Some(q) if q.kind == Kind::Rating && !q.items.is_empty() => likert(&f.id, "results", title, q),
            Some(q) => question_bars(&f.id, "results", title, q),
            None => missing(&f.id, "results", title),
        });
    }
    // The analysis of III.C.
    match &report.maturity {
        Some(m) => {
            let n = report.respondents;
            out.push(Figure {
                id: "maturity".into(),
                section: "analysis".into(),
                title: "ML maturity groups".into(),
                subtitle: format!("% of all {n} respondents, by the rules in the table below"),
                note: None,
                quotes: None,
                alt: None,
                source: None,
                body: Body::Bars(Bars {
                    series: vec![Series { name: "All".into(), n }],
                    rows: m
                        .groups
                        .iter()
                        .map(|g| BarRow {
                            label: g.label.clone(),
                            values: vec![BarValue::new(g.count, n)],
                        })
                        .collect(),
                }),
            });
            let first = &m.groups[0];
            for (qid, title) in &m.compare {
                let id = format!("{}_{qid}", first.id);
                let Some(ct) = m.crosstabs.iter().find(|c| c.question == *qid) else {
                    out.push(missing(
                        &id,
                        "analysis",
                        format!("{}: {}", first.label, title.to_lowercase()),
                    ));
                    continue;
                };
                let n_first = ct.answered[0];
                let n_rest: u64 = ct.answered[1..].iter().sum();
                let rows = ct
                    .options
                    .iter()
                    .enumerate()
                    .map(|(oi, o)| {
                        let rest: u64 = ct.counts[1..].iter().map(|r| r[oi]).sum();
                        BarRow {
                            label: o.clone(),
                            values: vec![BarValue::new(ct.counts[0][oi], n_first), BarValue::new(rest, n_rest)],
                        }
                    })
                    .collect();
                let small = (n_first < SMALL_GROUP).then(|| {
                    format!(
                        "Small group: {n_first} {} respondents; read the intervals, not just the bars.",
                        first.label.to_lowercase()
                    )
                });
                out.push(Figure {
                    id,
                    section: "analysis".into(),
                    title: format!("{title}: {} vs the rest", first.label.to_lowercase()),
                    subtitle: format!(
                        "% of each group who answered: {} n = {n_first}, rest n = {n_rest}",
                        first.label.to_lowercase()
                    ),
                    note: small,
                    quotes: None,
                    alt: None,
                    source: None,
                    body: Body::Bars(Bars {
                        series: vec![
                            Series {
                                name: first.label.clone(),
                                n: n_first,
                            },
                            Series {
                                name: "Rest".into(),
                                n: n_rest,
                            },
                        ],
                        rows,
                    }),
                });
            }
        }
        None => out.push(missing("maturity", "analysis", "ML maturity groups".into())),
    }
    out
}

fn likert(id: &str, section: &str, title: String, q: &QuestionReport) -> Figure {
    let scale: Vec<String> = q
        .items
        .first()
        .map(|i| i.counts.iter().map(|c| c.label.clone()).collect())
        .unwrap_or_default();
    let mut rows: Vec<LikertRow> = q
        .items
        .iter()
        .map(|i| {
            let counts: Vec<u64> = i.counts.iter().map(|c| c.count).collect();
            let top2 = if i.answered == 0 {
                0.0
            } else {
                top_two(&i.counts) as f64 / i.answered as f64
            };
            LikertRow {
                key: i.key.clone(),
                label: i.label.clone(),
                n: i.answered,
                counts,
                top2,
            }
        })
        .collect();
    rows.sort_by(|a, b| b.top2.total_cmp(&a.top2));
    let min_n = rows.iter().map(|r| r.n).min().unwrap_or(0);
    let max_n = rows.iter().map(|r| r.n).max().unwrap_or(0);
    let n_text = if min_n == max_n {
        format!("{max_n}")
    } else {
        format!("{min_n}\u{2013}{max_n}")
    };
    Figure {
        id: id.to_string(),
        section: section.into(),
        title,
        subtitle: format!(
            "% of {n_text} who rated each item; {} skipped the grid; sorted by share in the top two points",
            q.skipped
        ),
        note: None,
        quotes: None,
        alt: None,
        source: None,
        body: Body::Likert(Likert {
            scale,
            rows,
            diverging: true,
            ordered: true,
        }),
    }
}

/// One figure per question of the file, in file order: bars for single- and
/// multi-choice questions and single ratings, diverging bars for rating
/// grids, a histogram for numbers. Free text and skipped columns have none
/// (the page lists their answers instead).
pub fn every(report: &Report) -> Vec<Figure> {
    let figures = report
        .questions
        .iter()
        .filter_map(|q| {
            // The country question shows countries, not spellings.
            let q = match &report.geography {
                Some(g) if g.question == q.id => {
                    let mut q = q.clone();
                    q.options = g.countries.clone();
                    q.options.extend(g.unrecognised.iter().cloned());
                    q.other.clear();
                    q
                }
                _ => q.clone(),
            };
            question_figure(&q)
        })
        .collect();
    with_source(figures, report)
}

/// At most this many bars in a figure of the "every question" section.
pub const MAX_BARS: usize = 25;

/// The figure id of a question in the "every question" section.
pub fn question_figure_id(question_id: &str) -> String {
    format!("q-{question_id}")
}

pub fn question_figure(q: &QuestionReport) -> Option<Figure> {
    let id = question_figure_id(&q.id);
    let title = q.header.clone();
    match q.kind {
        Kind::Single | Kind::Multi => {
            let mut f = question_bars(&id, "every", title, q);
            if let Body::Bars(b) = &mut f.body {
                if let Some(more) = keep_largest(b, MAX_BARS - 1, q.answered, q.ordered) {
                    f.note = Some(match f.note.take() {
                        Some(n) => format!("{more} {n}"),
                        None => more,
                    });
                }
            }
            Some(f)
        }
        Kind::Rating if !q.items.is_empty() => Some(likert(&id, "every", title, q)),
        Kind::Rating => {
            let mut f = question_bars(&id, "every", title, q);
            if let Body::Bars(b) = &mut f.body {
                // A scale keeps its order.
                b.rows
                    .sort_by_key(|r| q.options.iter().position(|o| o.label == r.label).unwrap_or(usize::MAX));
            }
            Some(f)
        }
        Kind::Number => {
            let n = q.numbers.as_ref()?;
            let rows = n
                .bins
                .iter()
                .map(|b| BarRow {
                    label: b.label.clone(),
                    values: vec![BarValue::new(b.count, q.answered)],
                })
                .collect();
            Some(Figure {
                id,
                section: "every".into(),
                title,
                subtitle: format!(
                    "% of {} who answered, in equal bins; {} skipped; median {}, mean {:.1}",
                    q.answered,
                    q.skipped,
                    trim_number(n.median),
                    n.mean
                ),
                note: None,
                quotes: None,
                alt: None,
                source: None,
                body: Body::Bars(Bars {
                    series: vec![Series {
                        name: "All".into(),
                        n: q.answered,
                    }],
                    rows,
                }),
            })
        }
        Kind::Text | Kind::Skipped => None,
    }
}

/// Keeps the `keep` largest bars (the free-text bucket among them, by its
/// size like any other), in the order they were; says what was left out.
fn keep_largest(b: &mut Bars, keep: usize, answered: u64, ordered: bool) -> Option<String> {
    if b.rows.len() <= keep + 1 {
        return None;
    }
    let larger_first = |rows: &[BarRow]| -> Vec<u64> { rows.iter().map(|r| u64::MAX - r.values[0].count).collect() };
    let by_size = crate::infer::values::order_of(&larger_first(&b.rows));
    let mut kept = vec![false; b.rows.len()];
    for &i in by_size.iter().take(keep) {
        kept[i] = true;
    }
    let (mut hidden, mut hidden_answers) = (0usize, 0u64);
    let mut k = kept.iter();
    let mut rows: Vec<BarRow> = std::mem::take(&mut b.rows)
        .into_iter()
        .filter(|r| {
            let keep = *k.next().unwrap_or(&true);
            if !keep {
                hidden += 1;
                hidden_answers += r.values[0].count;
            }
            keep
        })
        .collect();
    if !ordered {
        // Shown by size, the free-text bucket in its place among them.
        let keys = larger_first(&rows);
        crate::infer::values::reorder(&mut rows, &keys);
    }
    b.rows = rows;
    let share = share_label(hidden_answers, hidden_answers as f64 / answered.max(1) as f64);
    Some(format!(
        "{hidden} less frequent answers are not shown ({hidden_answers} choices, {share} of those who answered); the reading panel lists every option."
    ))
}

/// How many groups a split shows at most; smaller groups are merged.
pub const MAX_SPLIT_GROUPS: usize = 6;

/// Joint counts of a question by the options of a single-choice question:
/// `counts[group][option]` and the respondents of each group who answered.
#[derive(Clone, Debug)]
pub struct SplitCounts {
    pub options: Vec<String>,
    pub groups: Vec<String>,
    pub counts: Vec<Vec<u64>>,
    pub answered: Vec<u64>,
}

impl SplitCounts {
    /// Zeroed counts of `options` by `groups`, for the split of the question
    /// headed `header` by the one headed `by_header`. Refused, before
    /// anything is allocated, past `MAX_SPLIT_BY_OPTIONS` groups or
    /// `MAX_SPLIT_CELLS` cells (README "Limits and guarantees").
    pub fn new(header: &str, by_header: &str, options: Vec<String>, groups: Vec<String>) -> Result<SplitCounts> {
        let cells = groups.len().saturating_mul(options.len());
        if groups.len() > MAX_SPLIT_BY_OPTIONS || cells > MAX_SPLIT_CELLS {
            return Err(Error::new(
                ErrorKind::TooLarge,
                format!(
                    "the split of \u{201c}{header}\u{201d} by \u{201c}{by_header}\u{201d} would need {} \u{d7} {} cells; \
                     a split is drawn by a question with at most {MAX_SPLIT_BY_OPTIONS} options, into at most {MAX_SPLIT_CELLS} cells: \
                     split by a question with fewer options, or read \u{201c}{by_header}\u{201d} as free text",
                    groups.len(),
                    options.len()
                ),
            ));
        }
        Ok(SplitCounts {
            counts: vec![vec![0; options.len()]; groups.len()],
            answered: vec![0; groups.len()],
            options,
            groups,
        })
    }
}

/// A question's bars split by another question's groups (grouped bars),
/// largest groups first, with each group's size in the legend.
pub fn split_figure(question_id: &str, header: &str, by_header: &str, split: &SplitCounts) -> Figure {
    let order = groups_by_size(split);
    let (shown, merged) = if order.len() > MAX_SPLIT_GROUPS {
        (
            order[..MAX_SPLIT_GROUPS - 1].to_vec(),
            order[MAX_SPLIT_GROUPS - 1..].to_vec(),
        )
    } else {
        (order, vec![])
    };
    let mut series: Vec<Series> = shown
        .iter()
        .map(|&g| Series {
            name: split.groups[g].clone(),
            n: split.answered[g],
        })
        .collect();
    let merged_n: u64 = merged.iter().map(|&g| split.answered[g]).sum();
    if !merged.is_empty() {
        series.push(Series {
            name: format!("{} other groups", merged.len()),
            n: merged_n,
        });
    }
    let rows = split
        .options
        .iter()
        .enumerate()
        .map(|(oi, label)| {
            let mut values: Vec<BarValue> = shown
                .iter()
                .map(|&g| BarValue::new(split.counts[g][oi], split.answered[g]))
                .collect();
            if !merged.is_empty() {
                values.push(BarValue::new(
                    merged.iter().map(|&g| split.counts[g][oi]).sum(),
                    merged_n,
                ));
            }
            BarRow {
                label: label.clone(),
                values,
            }
        })
        .filter(|r| r.values.iter().any(|v| v.count > 0))
        .collect();
    let (rows, hidden) = largest_rows(rows, MAX_BARS - 1);
    let small = series
        .iter()
        .filter(|s| s.n < SMALL_GROUP)
        .map(|s| s.name.clone())
        .collect::<Vec<_>>();
    Figure {
        id: question_figure_id(question_id),
        section: "every".into(),
        title: header.to_string(),
        subtitle: format!("% of each group who answered, split by \u{201c}{by_header}\u{201d}"),
        note: join_notes(hidden_note(hidden), small_groups_note(&small)),
        quotes: None,
        alt: None,
        source: None,
        body: Body::Bars(Bars { series, rows }),
    }
}

/// The `keep` rows with the most answers over all groups, in their order,
/// and how many were left out: a split of a question of thousands of
/// options draws the ones most chosen, not thousands of bars.
fn largest_rows(rows: Vec<BarRow>, keep: usize) -> (Vec<BarRow>, usize) {
    if rows.len() <= keep + 1 {
        return (rows, 0);
    }
    let fewer_first: Vec<u64> = rows
        .iter()
        .map(|r| u64::MAX - r.values.iter().map(|v| v.count).sum::<u64>())
        .collect();
    let mut kept = vec![false; rows.len()];
    for &i in crate::infer::values::order_of(&fewer_first).iter().take(keep) {
        kept[i] = true;
    }
    let hidden = rows.len() - keep;
    let rows = rows.into_iter().zip(kept).filter(|(_, k)| *k).map(|(r, _)| r).collect();
    (rows, hidden)
}

fn hidden_note(hidden: usize) -> Option<String> {
    (hidden > 0).then(|| format!("{hidden} less frequent answers are not shown; the reading panel lists every option."))
}

fn join_notes(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(format!("{a} {b}")),
        (a, b) => a.or(b),
    }
}

/// Names the groups too small to read much into, if any.
fn small_groups_note(small: &[String]) -> Option<String> {
    (!small.is_empty()).then(|| format!("Small groups (under {}): {}.", SMALL_GROUP, small.join(", ")))
}

/// The split's groups that have answers, largest first.
fn groups_by_size(split: &SplitCounts) -> Vec<usize> {
    let mut order: Vec<usize> = (0..split.groups.len()).filter(|&g| split.answered[g] > 0).collect();
    order.sort_by(|&a, &b| split.answered[b].cmp(&split.answered[a]));
    order
}

/// A single-choice question split by groups as 100% stacked bars: one bar
/// per group (with its size), one segment per option.
pub fn stacked_split_figure(
    question_id: &str,
    header: &str,
    by_header: &str,
    split: &SplitCounts,
    ordered: bool,
) -> Figure {
    let order = groups_by_size(split);
    // A segment per option, up to MAX_BARS: past that, the options least
    // chosen are one segment (one answer per respondent, so they add up).
    let (scale, segment_of) = stacked_segments(split, ordered);
    let rows: Vec<LikertRow> = order
        .iter()
        .take(MAX_BARS)
        .map(|&g| {
            let mut counts = vec![0; scale.len()];
            for (o, &c) in split.counts[g].iter().enumerate() {
                counts[segment_of[o]] += c;
            }
            LikertRow {
                key: String::new(),
                label: split.groups[g].clone(),
                n: split.answered[g],
                counts,
                top2: 0.0,
            }
        })
        .collect();
    let small: Vec<String> = rows
        .iter()
        .filter(|r| r.n < SMALL_GROUP)
        .map(|r| r.label.clone())
        .collect();
    Figure {
        id: question_figure_id(question_id),
        section: "every".into(),
        title: header.to_string(),
        subtitle: format!("% of each group who answered, split by \u{201c}{by_header}\u{201d}; n = group size"),
        note: small_groups_note(&small),
        quotes: None,
        alt: None,
        source: None,
        body: Body::Likert(Likert {
            scale,
            rows,
            diverging: false,
            ordered,
        }),
    }
}

/// The segments of a stacked split and each option's segment: every option
/// when there are at most `MAX_BARS`, else the `MAX_BARS - 1` most chosen
/// (an ordered scale's first ones) and one for the rest.
fn stacked_segments(split: &SplitCounts, ordered: bool) -> (Vec<String>, Vec<usize>) {
    let n = split.options.len();
    if n <= MAX_BARS {
        return (split.options.clone(), (0..n).collect());
    }
    let keep = MAX_BARS - 1;
    let mut kept = vec![false; n];
    if ordered {
        kept[..keep].fill(true);
    } else {
        let fewer_first: Vec<u64> = (0..n)
            .map(|o| u64::MAX - split.counts.iter().map(|row| row[o]).sum::<u64>())
            .collect();
        for &o in crate::infer::values::order_of(&fewer_first).iter().take(keep) {
            kept[o] = true;
        }
    }
    let mut scale = Vec::with_capacity(MAX_BARS);
    let mut segment_of = vec![keep; n];
    for o in 0..n {
        if kept[o] {
            segment_of[o] = scale.len();
            scale.push(split.options[o].clone());
        }
    }
    scale.push(format!("{} other answers", n - keep));
    (scale, segment_of)
}
