//! Drawing figures with plotters primitives, generic over the backend.
//!
//! One layout pass (`layout`) measures text (`text`) and places everything
//! in device pixels; [`figure_height`] and [`draw_figure`] share it, so the
//! page can size a canvas before drawing into it. Sizes are CSS pixels times
//! `Theme::scale`, which is the device pixel ratio on screen and 2 or 3 for
//! exports; colours are in `theme`.

mod hit;
mod layout;
mod text;
mod theme;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontDesc;

use super::{BarValue, Bars, Body, Figure, Likert, ValueLabels};
use crate::base::format::{percent, share_label};
use hit::place_bars;
pub use hit::{bar_rect, hit_test, BarHit, BarRect};
pub use layout::figure_height;
use layout::{layout, line_h, Layout, BODY, PAD, SMALL, TITLE};
use text::text_width;
pub use text::{set_text_measure, TextMeasure};
use theme::ink_on;
pub use theme::Theme;

type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Draws `fig` into `area`, which should be as tall as [`figure_height`].
pub fn draw_figure<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, fig: &Figure, theme: &Theme) -> DrawResult<DB> {
    let (w, _) = area.dim_in_pixel();
    let l = layout(fig, w, theme);
    area.fill(&theme.background())?;
    let t = theme;
    let pad = t.px(PAD);
    let (ts, ss) = (t.px(TITLE), t.px(SMALL));
    let mut y = pad;
    for line in &l.title {
        text(area, line, pad, y, t.font(ts, true), t.ink(), HPos::Left, VPos::Top)?;
        y += line_h(ts);
    }
    for line in &l.subtitle {
        text(area, line, pad, y, t.font(ss, false), t.muted(), HPos::Left, VPos::Top)?;
        y += line_h(ss);
    }
    let mut ly = l.legend_top;
    for line in &l.legend {
        let mut x = pad;
        for (i, label, ew) in line {
            let colour = match &fig.body {
                Body::Likert(lk) => t.category_colour(lk, *i),
                _ => t.series(*i),
            };
            let sw = t.px(10.0);
            rect(
                area,
                x,
                ly + (line_h(ss) - sw) / 2.0,
                x + sw,
                ly + (line_h(ss) + sw) / 2.0,
                colour,
            )?;
            text(
                area,
                label,
                x + t.px(14.0),
                ly + line_h(ss) / 2.0,
                t.font(ss, false),
                t.ink(),
                HPos::Left,
                VPos::Center,
            )?;
            x += ew;
        }
        ly += line_h(ss);
    }
    if let Some((hy, head)) = &l.column_head {
        let right = l.plot_x1 + t.px(PAD) + text_width("100%", t.px(BODY), false) + t.px(10.0) - t.px(PAD);
        text(
            area,
            head,
            right,
            *hy,
            t.font(ss, false),
            t.muted(),
            HPos::Right,
            VPos::Top,
        )?;
    }
    match &fig.body {
        Body::Bars(b) => draw_bars(area, &l, b, fig.labels, t)?,
        Body::Likert(lk) => draw_likert(area, &l, lk, fig.labels, t)?,
        Body::Missing { .. } => {}
    }
    let mut ny = l.note_top;
    for line in &l.note {
        text(area, line, pad, ny, t.font(ss, false), t.muted(), HPos::Left, VPos::Top)?;
        ny += line_h(ss);
    }
    area.present()
}

#[allow(clippy::too_many_arguments)]
fn text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: &str,
    x: f64,
    y: f64,
    f: FontDesc<'static>,
    colour: RGBColor,
    h: HPos,
    v: VPos,
) -> DrawResult<DB> {
    let style = TextStyle::from(f).color(&colour).pos(Pos::new(h, v));
    area.draw(&Text::new(s.to_string(), (x.round() as i32, y.round() as i32), style))
}

fn rect<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    colour: RGBColor,
) -> DrawResult<DB> {
    area.draw(&Rectangle::new(
        [
            (x0.round() as i32, y0.round() as i32),
            (x1.round() as i32, y1.round() as i32),
        ],
        colour.filled(),
    ))
}

fn line<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    pts: &[(f64, f64)],
    colour: RGBColor,
    width: f64,
) -> DrawResult<DB> {
    let pts: Vec<(i32, i32)> = pts.iter().map(|(x, y)| (x.round() as i32, y.round() as i32)).collect();
    area.draw(&PathElement::new(
        pts,
        colour.stroke_width(width.round().max(1.0) as u32),
    ))
}

/// A round axis maximum in (0, 1] above `max`, and its tick step.
fn axis(max: f64) -> (f64, f64) {
    let top = ((max * 10.0).ceil() / 10.0).clamp(0.1, 1.0);
    let step = if top <= 0.3 {
        0.05
    } else if top <= 0.6 {
        0.1
    } else {
        0.2
    };
    let top = ((top / step).ceil() * step).min(1.0);
    (top, step)
}

fn draw_row_labels<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, l: &Layout, t: &Theme) -> DrawResult<DB> {
    let bs = t.px(BODY);
    let mut y = l.rows_top;
    for (lines, h) in &l.rows {
        let block = lines.len() as f64 * line_h(bs);
        let mut ly = y + (h - block) / 2.0 + line_h(bs) / 2.0;
        for s in lines {
            text(
                area,
                s,
                l.plot_x0 - t.px(8.0),
                ly,
                t.font(bs, false),
                t.ink(),
                HPos::Right,
                VPos::Center,
            )?;
            ly += line_h(bs);
        }
        y += h;
    }
    Ok(())
}

/// Gridlines at every tick; labels on every k-th tick, counted from
/// `anchor` (the zero), so that labels never overlap on narrow figures.
fn draw_ticks<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    l: &Layout,
    t: &Theme,
    ticks: &[(f64, String)],
    anchor: usize,
) -> DrawResult<DB> {
    let widest = ticks
        .iter()
        .map(|(_, s)| text_width(s, t.px(SMALL), false))
        .fold(0.0, f64::max);
    let spacing = match ticks {
        [a, b, ..] => (b.0 - a.0).abs(),
        _ => f64::INFINITY,
    };
    let every = ((widest + t.px(6.0)) / spacing).ceil().max(1.0) as usize;
    for (i, (x, label)) in ticks.iter().enumerate() {
        line(area, &[(*x, l.rows_top), (*x, l.axis_top)], t.grid(), t.px(1.0))?;
        if i.abs_diff(anchor) % every != 0 {
            continue;
        }
        text(
            area,
            label,
            *x,
            l.axis_top + t.px(3.0),
            t.font(t.px(SMALL), false),
            t.muted(),
            HPos::Center,
            VPos::Top,
        )?;
    }
    Ok(())
}

/// What a bar of an option its edition does not offer says instead of a share.
pub const NOT_OFFERED: &str = "not offered";

/// The number beside a bar: its share or its count, as the figure asks.
pub(super) fn value_label(v: &BarValue, labels: ValueLabels) -> String {
    let value = match labels {
        _ if v.not_offered => NOT_OFFERED.to_string(),
        _ if v.base == 0 => "n/a".to_string(),
        ValueLabels::Percent => share_label(v.count, v.share),
        ValueLabels::Count => v.count.to_string(),
    };
    match super::split::letters(v.higher_than) {
        Some(l) => format!("{value} > {l}"),
        None => value,
    }
}

fn draw_bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    l: &Layout,
    b: &Bars,
    labels: ValueLabels,
    t: &Theme,
) -> DrawResult<DB> {
    // Where each bar goes: the same placement the page's clicks are tested against (hit.rs).
    let p = place_bars(l, b, t);
    let xof = |s: f64| p.x_of(s);
    let n_ticks = (p.top / p.step).round() as usize;
    let ticks: Vec<(f64, String)> = (0..=n_ticks)
        .map(|i| (xof(i as f64 * p.step), percent(i as f64 * p.step)))
        .collect();
    draw_ticks(area, l, t, &ticks, 0)?;
    draw_row_labels(area, l, t)?;
    for (row, placed) in b.rows.iter().zip(&p.rows) {
        for (i, (v, &by)) in row.values.iter().zip(&placed.bars).enumerate() {
            draw_bar(
                area,
                t,
                v,
                &value_label(v, labels),
                by,
                p.bar_h,
                p.x0,
                &xof,
                t.series(i),
            )?;
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn draw_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    t: &Theme,
    v: &BarValue,
    label: &str,
    y: f64,
    h: f64,
    x0: f64,
    xof: &dyn Fn(f64) -> f64,
    colour: RGBColor,
) -> DrawResult<DB> {
    let mid = y + h / 2.0;
    if v.not_offered {
        // No bar and no interval: the option was not asked, which is not 0%.
        return text(
            area,
            label,
            x0 + t.px(5.0),
            mid,
            t.font(t.px(BODY), false),
            t.muted(),
            HPos::Left,
            VPos::Center,
        );
    }
    let end = xof(v.share);
    if end > x0 {
        rect(area, x0, y, end, y + h, colour)?;
    }
    let (lo, hi) = (xof(v.lo), xof(v.hi));
    let cap = h * 0.3;
    let whisker = t.muted();
    line(area, &[(lo, mid), (hi, mid)], whisker, t.px(1.0))?;
    line(area, &[(lo, mid - cap), (lo, mid + cap)], whisker, t.px(1.0))?;
    line(area, &[(hi, mid - cap), (hi, mid + cap)], whisker, t.px(1.0))?;
    text(
        area,
        label,
        end.max(hi) + t.px(5.0),
        mid,
        t.font(t.px(BODY), false),
        t.ink(),
        HPos::Left,
        VPos::Center,
    )
}

fn draw_likert<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    l: &Layout,
    lk: &Likert,
    labels: ValueLabels,
    t: &Theme,
) -> DrawResult<DB> {
    let points = lk.scale.len();
    let mid_point = points as f64 / 2.0; // e.g. 2.5: the middle of point 3 of 5
                                         // How far each row reaches to the left and right of the neutral middle.
    let reach = |r: &super::LikertRow| -> (f64, f64) {
        let mut left = 0.0;
        let mut right = 0.0;
        for p in 0..points {
            let s = r.share(p);
            let (a, b) = (p as f64, p as f64 + 1.0);
            left += s * ((mid_point.min(b) - a).max(0.0));
            right += s * ((b - mid_point.max(a)).max(0.0));
        }
        (left, right)
    };
    let max = lk
        .rows
        .iter()
        .map(|r| {
            let (a, b) = reach(r);
            a.max(b)
        })
        .fold(0.0, f64::max);
    if !lk.diverging {
        return draw_stacked(area, l, lk, labels, t);
    }
    let (top, step) = axis(max);
    let span = l.plot_x1 - l.plot_x0;
    let centre = l.plot_x0 + span / 2.0;
    let xof = |s: f64| centre + span / 2.0 * (s / top).clamp(-1.0, 1.0);
    let n_ticks = (top / step).round() as i64;
    let ticks: Vec<(f64, String)> = (-n_ticks..=n_ticks)
        .map(|i| (xof(i as f64 * step), percent((i as f64 * step).abs())))
        .collect();
    draw_ticks(area, l, t, &ticks, n_ticks as usize)?;
    draw_row_labels(area, l, t)?;
    let bar_h = t.px(16.0);
    let mut y = l.rows_top;
    for (r, (_, h)) in lk.rows.iter().zip(&l.rows) {
        let by = y + (h - bar_h) / 2.0;
        let (left, _) = reach(r);
        let mut x = xof(-left);
        for p in 0..points {
            let w = span / 2.0 / top * r.share(p);
            let colour = t.category_colour(lk, p);
            if w > 0.0 {
                rect(area, x, by, x + w, by + bar_h, colour)?;
                segment_label(area, t, &segment_text(r, p, labels), x, w, by, bar_h, colour)?;
            }
            x += w;
        }
        // The neutral middle, marked just outside the bar so no label is crossed.
        line(area, &[(centre, by - t.px(3.0)), (centre, by)], t.ink(), t.px(1.0))?;
        line(
            area,
            &[(centre, by + bar_h), (centre, by + bar_h + t.px(3.0))],
            t.ink(),
            t.px(1.0),
        )?;
        text(
            area,
            &percent(r.top2),
            l.plot_x1 + t.px(5.0),
            by + bar_h / 2.0,
            t.font(t.px(BODY), true),
            t.ink(),
            HPos::Left,
            VPos::Center,
        )?;
        y += h;
    }
    Ok(())
}

/// The number in segment `point` of a grid's row: its share or its count.
fn segment_text(r: &super::LikertRow, point: usize, labels: ValueLabels) -> String {
    match labels {
        ValueLabels::Percent => percent(r.share(point)),
        ValueLabels::Count => r.counts.get(point).copied().unwrap_or(0).to_string(),
    }
}

/// Segment labels: `label` (a share or a count), when it fits, in a colour
/// that reads on the segment.
#[allow(clippy::too_many_arguments)]
fn segment_label<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    t: &Theme,
    label: &str,
    x: f64,
    w: f64,
    y: f64,
    h: f64,
    colour: RGBColor,
) -> DrawResult<DB> {
    if w < text_width(label, t.px(SMALL), false) + t.px(4.0) {
        return Ok(());
    }
    // By contrast ratio, not perceived lightness: white on Okabe-Ito's green
    // or PuOr's orange would be under 3.5:1, black is over 5.5:1.
    let ink = ink_on(colour);
    text(
        area,
        label,
        x + w / 2.0,
        y + h / 2.0,
        t.font(t.px(SMALL), false),
        ink,
        HPos::Center,
        VPos::Center,
    )
}

/// 100% stacked bars from the left, one per row, with the row's size on the right.
fn draw_stacked<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    l: &Layout,
    lk: &Likert,
    labels: ValueLabels,
    t: &Theme,
) -> DrawResult<DB> {
    let span = l.plot_x1 - l.plot_x0;
    let xof = |s: f64| l.plot_x0 + span * s.clamp(0.0, 1.0);
    let ticks: Vec<(f64, String)> = (0..=5)
        .map(|i| (xof(i as f64 * 0.2), percent(i as f64 * 0.2)))
        .collect();
    draw_ticks(area, l, t, &ticks, 0)?;
    draw_row_labels(area, l, t)?;
    let bar_h = t.px(16.0);
    let mut y = l.rows_top;
    for (r, (_, h)) in lk.rows.iter().zip(&l.rows) {
        let by = y + (h - bar_h) / 2.0;
        let mut x = l.plot_x0;
        for p in 0..lk.scale.len() {
            let w = span * r.share(p);
            let colour = t.category_colour(lk, p);
            if w > 0.0 {
                rect(area, x, by, x + w, by + bar_h, colour)?;
                segment_label(area, t, &segment_text(r, p, labels), x, w, by, bar_h, colour)?;
            }
            x += w;
        }
        text(
            area,
            &format!("{}", r.n),
            l.plot_x1 + t.px(5.0),
            by + bar_h / 2.0,
            t.font(t.px(BODY), false),
            t.muted(),
            HPos::Left,
            VPos::Center,
        )?;
        y += h;
    }
    Ok(())
}
