//! One layout pass: every line of text wrapped and measured, and every
//! block placed, in device pixels. Drawing and sizing the canvas share it.

use super::text::{text_width, wrap};
use super::theme::Theme;
use crate::present::figures::{Body, Figure};

// CSS-pixel sizes of the type scale.
pub(super) const TITLE: f64 = 15.0;
pub(super) const BODY: f64 = 12.5;
pub(super) const SMALL: f64 = 11.0;
pub(super) const PAD: f64 = 12.0;
/// Most lines a row's label wraps onto; longer labels (free text pasted as an
/// option) end in an ellipsis on the last.
const LABEL_LINES: usize = 6;

/// Where everything goes, in device pixels.
pub(super) struct Layout {
    /// Where and what the header of the right-hand value column says.
    pub(super) column_head: Option<(f64, String)>,
    pub(super) title: Vec<String>,
    pub(super) subtitle: Vec<String>,
    /// Top of the plot rows.
    pub(super) rows_top: f64,
    /// Each row's label lines and height.
    pub(super) rows: Vec<(Vec<String>, f64)>,
    pub(super) plot_x0: f64,
    pub(super) plot_x1: f64,
    pub(super) legend_top: f64,
    pub(super) legend: Vec<Vec<(usize, String, f64)>>,
    pub(super) axis_top: f64,
    pub(super) note: Vec<String>,
    pub(super) note_top: f64,
    pub(super) height: f64,
}

pub(super) fn line_h(size: f64) -> f64 {
    size * 1.35
}

pub(super) fn layout(fig: &Figure, width: u32, t: &Theme) -> Layout {
    let w = width as f64;
    let pad = t.px(PAD);
    let inner = (w - 2.0 * pad).max(t.px(60.0));
    let (ts, bs, ss) = (t.px(TITLE), t.px(BODY), t.px(SMALL));
    let title = wrap(&fig.title, inner, ts, true, 3);
    let subtitle = if fig.subtitle.is_empty() {
        vec![]
    } else {
        wrap(&fig.subtitle, inner, ss, false, 3)
    };
    let mut y = pad + title.len() as f64 * line_h(ts) + subtitle.len() as f64 * line_h(ss) + t.px(6.0);

    // Legend entries: (colour index, text, width), flowed into lines.
    let entries: Vec<(usize, String)> = match &fig.body {
        Body::Bars(b) if b.series.len() > 1 => b
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| (i, super::super::split::legend_name(s)))
            .collect(),
        Body::Likert(l) => l
            .scale
            .iter()
            .enumerate()
            // Scale points are numbered ("4 Very relevant"); categories and
            // labels that are numbers already are not.
            .map(|(i, s)| {
                let numbered = l.ordered && !s.starts_with(|c: char| c.is_ascii_digit());
                (i, if numbered { format!("{} {s}", i + 1) } else { s.clone() })
            })
            .collect(),
        _ => vec![],
    };
    let legend_top = y;
    let mut legend: Vec<Vec<(usize, String, f64)>> = Vec::new();
    let mut x = 0.0;
    for (i, text) in entries {
        let ew = t.px(14.0) + text_width(&text, ss, false) + t.px(12.0);
        if legend.is_empty() || x + ew > inner {
            legend.push(Vec::new());
            x = 0.0;
        }
        legend.last_mut().expect("pushed above").push((i, text, ew));
        x += ew;
    }
    y += legend.len() as f64 * line_h(ss) + if legend.is_empty() { 0.0 } else { t.px(6.0) };

    // Likert figures head their right-hand column with what it shows.
    let column_head = if let Body::Likert(lk) = &fig.body {
        let head = y;
        y += line_h(ss);
        let n = lk.scale.len();
        // Five-point scales are the paper's "rate 4-5"; others name their top two points.
        let text = if !lk.diverging {
            "n".to_string()
        } else if n == 5 {
            "rate 4\u{2013}5".to_string()
        } else {
            format!(
                "{} or {}",
                lk.scale.get(n.saturating_sub(2)).map_or("", String::as_str),
                lk.scale.last().map_or("", String::as_str)
            )
        };
        Some((head, text))
    } else {
        None
    };
    let labels: Vec<String> = match &fig.body {
        Body::Bars(b) => b.rows.iter().map(|r| r.label.clone()).collect(),
        Body::Likert(l) => l
            .rows
            .iter()
            .map(|r| {
                if r.key.is_empty() {
                    r.label.clone()
                } else {
                    format!("({}) {}", r.key, r.label)
                }
            })
            .collect(),
        Body::Missing { .. } => vec![],
    };
    let widest = labels.iter().map(|l| text_width(l, bs, false)).fold(0.0, f64::max);
    let label_w = widest.min(inner * 0.42) + t.px(8.0);
    // Counts can be wider than "100%" (a Kaggle survey's 23859).
    let value_w = match &fig.body {
        Body::Bars(b) => b
            .rows
            .iter()
            .flat_map(|r| &r.values)
            .map(|v| text_width(&super::value_label(v, fig.labels), bs, false))
            .fold(text_width("100%", bs, false), f64::max),
        _ => text_width("100%", bs, false),
    } + t.px(10.0);
    let series = match &fig.body {
        Body::Bars(b) => b.series.len().max(1),
        _ => 1,
    };
    let bar_block = if series == 1 {
        t.px(24.0)
    } else {
        series as f64 * t.px(15.0) + t.px(10.0)
    };
    let rows: Vec<(Vec<String>, f64)> = labels
        .iter()
        .map(|l| {
            // Labels wrap as far as they need (the row grows): a cut label
            // ("engineers/DevOps per\u{2026}") leaves the bar unnamed.
            let lines = wrap(l, label_w - t.px(8.0), bs, false, LABEL_LINES);
            let h = bar_block.max(lines.len() as f64 * line_h(bs) + t.px(6.0));
            (lines, h)
        })
        .collect();
    let rows_top = y;
    y += rows.iter().map(|r| r.1).sum::<f64>();
    let axis_top = y;
    if !rows.is_empty() {
        y += line_h(ss) + t.px(4.0);
    }
    let mut note_text: Vec<String> = Vec::new();
    match &fig.body {
        Body::Bars(_) => note_text.push("Whiskers: 95% Wilson intervals.".to_string()),
        Body::Missing { message } => note_text.push(message.clone()),
        Body::Likert(_) => {}
    }
    if let Some(n) = &fig.source {
        note_text.push(n.clone());
    }
    if let Some(n) = &fig.note_text() {
        note_text.push(n.clone());
    }
    if let Some(n) = &fig.edited {
        note_text.push(n.clone());
    }
    let note: Vec<String> = note_text.iter().flat_map(|n| wrap(n, inner, ss, false, 3)).collect();
    let note_top = y + t.px(2.0);
    y = note_top + note.len() as f64 * line_h(ss) + pad;
    Layout {
        column_head,
        title,
        subtitle,
        rows_top,
        rows,
        plot_x0: pad + label_w,
        plot_x1: w - pad - value_w,
        legend_top,
        legend,
        axis_top,
        note,
        note_top,
        height: y.ceil(),
    }
}

/// The height in device pixels the figure needs at `width` device pixels.
pub fn figure_height(fig: &Figure, width: u32, theme: &Theme) -> u32 {
    layout(fig, width, theme).height as u32
}
