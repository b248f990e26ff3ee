//! Where the bars of a drawn figure are, and which bar a point falls on.
//!
//! [`place_bars`] is the one place bars are positioned: `draw_bars` draws
//! from it and [`hit_test`] and [`bar_rect`] read it, over the same
//! [`layout`] pass, so a click on a bar in the page finds the bar drawn
//! under it, never a neighbour guessed from other sizes. Coordinates are
//! device pixels of a figure drawn `width` device pixels wide with `theme`.

use serde::Serialize;

use super::layout::{layout, Layout, PAD};
use super::theme::Theme;
use super::{axis, Bars};
use crate::present::figures::{Body, Figure};

/// Where a figure's bars go, in device pixels.
pub(super) struct BarPlacement {
    /// The share at the right end of the plot (a round number, see `axis`).
    pub(super) top: f64,
    /// The share between two gridlines.
    pub(super) step: f64,
    /// Height of one bar.
    pub(super) bar_h: f64,
    /// Left end of every bar (the zero of the axis) and the right end of the plot.
    pub(super) x0: f64,
    pub(super) x1: f64,
    pub(super) rows: Vec<RowPlacement>,
}

/// One row of bars: its band (label and bars) and the top of each bar.
pub(super) struct RowPlacement {
    pub(super) top: f64,
    pub(super) height: f64,
    pub(super) bars: Vec<f64>,
}

impl BarPlacement {
    /// The x where share `s` ends a bar.
    pub(super) fn x_of(&self, s: f64) -> f64 {
        self.x0 + (self.x1 - self.x0) * (s / self.top).clamp(0.0, 1.0)
    }
}

/// Places every bar of `b` in layout `l`: rows stacked from the layout's
/// top, each row's bars (one per series) centred in its band.
pub(super) fn place_bars(l: &Layout, b: &Bars, t: &Theme) -> BarPlacement {
    let max = b
        .rows
        .iter()
        .flat_map(|r| r.values.iter().map(|v| v.hi.max(v.share)))
        .fold(0.0, f64::max);
    let (top, step) = axis(max);
    let series = b.series.len().max(1);
    let bar_h = if series == 1 { t.px(16.0) } else { t.px(13.0) };
    let gap = if series == 1 { 0.0 } else { t.px(2.0) };
    let block = series as f64 * bar_h + (series - 1) as f64 * gap;
    let mut y = l.rows_top;
    let rows = b
        .rows
        .iter()
        .zip(&l.rows)
        .map(|(row, (_, h))| {
            let first = y + (h - block) / 2.0;
            let bars = (0..row.values.len())
                .map(|i| first + i as f64 * (bar_h + gap))
                .collect();
            let placed = RowPlacement {
                top: y,
                height: *h,
                bars,
            };
            y += h;
            placed
        })
        .collect();
    BarPlacement {
        top,
        step,
        bar_h,
        x0: l.plot_x0,
        x1: l.plot_x1,
        rows,
    }
}

/// What a point of a figure falls on: a row (its label or its bars) and,
/// on a bar's line of a bar figure, which series' bar.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct BarHit {
    pub row: usize,
    pub series: Option<usize>,
}

/// A drawn bar's rectangle: its left and top corner, width and height.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct BarRect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// The row and bar at point (`x`, `y`) of `fig` drawn `width` pixels wide,
/// or None off the rows (title, legend, axis, notes, margins). A row is hit
/// anywhere across its band between the margins, label included, so a short
/// bar is as easy to click as a long one; `series` is the bar whose line
/// (its height, from the plot's left end rightwards) holds the point.
pub fn hit_test(fig: &Figure, width: u32, x: f64, y: f64, theme: &Theme) -> Option<BarHit> {
    let l = layout(fig, width, theme);
    let pad = theme.px(PAD);
    if x < pad || x > width as f64 - pad || y < l.rows_top {
        return None;
    }
    match &fig.body {
        Body::Bars(b) => {
            let p = place_bars(&l, b, theme);
            let (row, placed) = p
                .rows
                .iter()
                .enumerate()
                .find(|(_, r)| y >= r.top && y < r.top + r.height)?;
            let series = if x >= p.x0 {
                placed.bars.iter().position(|&top| y >= top && y < top + p.bar_h)
            } else {
                None
            };
            Some(BarHit { row, series })
        }
        Body::Likert(_) => {
            let mut top = l.rows_top;
            for (row, (_, h)) in l.rows.iter().enumerate() {
                if y < top + h {
                    return Some(BarHit { row, series: None });
                }
                top += h;
            }
            None
        }
        Body::Missing { .. } => None,
    }
}

/// The rectangle of the bar of `row` and `series` of a bar figure drawn
/// `width` pixels wide (a bar of 0% is 0 wide at the axis' zero), or None
/// when the figure has no such bar.
pub fn bar_rect(fig: &Figure, width: u32, row: usize, series: usize, theme: &Theme) -> Option<BarRect> {
    let Body::Bars(b) = &fig.body else {
        return None;
    };
    let value = b.rows.get(row)?.values.get(series)?;
    let l = layout(fig, width, theme);
    let p = place_bars(&l, b, theme);
    let top = *p.rows.get(row)?.bars.get(series)?;
    let end = p.x_of(value.share).max(p.x0);
    Some(BarRect {
        x: p.x0,
        y: top,
        width: end - p.x0,
        height: p.bar_h,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bar figure as the page receives it (JSON, so fields added to
    /// figures later, all optional, need no change here).
    fn bars(series: &[&str], rows: &[(&str, &[u64])], base: u64) -> Figure {
        let value = |count: u64| {
            let share = count as f64 / base as f64;
            serde_json::json!({
                "count": count, "base": base, "share": share,
                "lo": (share - 0.05).max(0.0), "hi": (share + 0.05).min(1.0),
            })
        };
        let rows: Vec<_> = rows
            .iter()
            .map(|(label, counts)| serde_json::json!({"label": label, "values": counts.iter().map(|&c| value(c)).collect::<Vec<_>>()}))
            .collect();
        let series: Vec<_> = series
            .iter()
            .map(|s| serde_json::json!({"name": s, "n": base}))
            .collect();
        serde_json::from_value(serde_json::json!({
            "id": "t", "section": "every", "title": "A question", "subtitle": format!("% of {base} who answered"),
            "note": null, "body": {"type": "bars", "series": series, "rows": rows, "one_answer": true},
        }))
        .expect("a bar figure")
    }

    fn centre(r: BarRect) -> (f64, f64) {
        (r.x + r.width / 2.0, r.y + r.height / 2.0)
    }

    #[test]
    fn the_centre_of_every_bar_hits_that_bar() {
        let theme = Theme::canvas(2.0, false);
        let fig = bars(
            &["Small", "Large"],
            &[("Yes", &[40, 10]), ("No", &[50, 80]), ("Not sure", &[10, 10])],
            100,
        );
        for width in [520, 1440] {
            for row in 0..3 {
                for series in 0..2 {
                    let r = bar_rect(&fig, width, row, series, &theme).expect("the bar exists");
                    assert!(r.width > 0.0 && r.height > 0.0, "{r:?}");
                    let (x, y) = centre(r);
                    let hit = hit_test(&fig, width, x, y, &theme);
                    assert_eq!(
                        hit,
                        Some(BarHit {
                            row,
                            series: Some(series)
                        }),
                        "width {width}, {r:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn bars_of_one_row_do_not_overlap_and_rows_follow_each_other() {
        let theme = Theme::canvas(1.0, false);
        let fig = bars(&["A", "B", "C"], &[("Yes", &[1, 2, 3]), ("No", &[4, 5, 6])], 10);
        let r = |row, s| bar_rect(&fig, 600, row, s, &theme).expect("the bar exists");
        assert!(r(0, 0).y + r(0, 0).height <= r(0, 1).y);
        assert!(r(0, 2).y + r(0, 2).height <= r(1, 0).y);
        // A longer share is a longer bar, from the same zero.
        assert_eq!(r(1, 2).x, r(0, 0).x);
        assert!(r(1, 2).width > r(1, 1).width);
    }

    #[test]
    fn points_off_the_rows_hit_nothing() {
        let theme = Theme::canvas(1.0, false);
        let fig = bars(&["All"], &[("Yes", &[60]), ("No", &[40])], 100);
        let first = bar_rect(&fig, 600, 0, 0, &theme).expect("the bar exists");
        // The title, above the rows; the margin left of the labels; far below.
        assert_eq!(hit_test(&fig, 600, 100.0, 2.0, &theme), None);
        assert_eq!(hit_test(&fig, 600, 1.0, centre(first).1, &theme), None);
        assert_eq!(hit_test(&fig, 600, 100.0, 5000.0, &theme), None);
        // The label of a row selects the row, not a bar.
        assert_eq!(
            hit_test(&fig, 600, first.x - 20.0, centre(first).1, &theme),
            Some(BarHit { row: 0, series: None })
        );
        assert_eq!(bar_rect(&fig, 600, 2, 0, &theme), None);
        assert_eq!(bar_rect(&fig, 600, 0, 1, &theme), None);
    }
}
