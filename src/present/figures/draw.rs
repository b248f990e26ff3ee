//! Drawing figures with plotters primitives, generic over the backend.
//!
//! One layout pass measures text and places everything in device pixels;
//! [`figure_height`] and [`draw_figure`] share it, so the page can size a
//! canvas before drawing into it. Sizes are CSS pixels times `Theme::scale`,
//! which is the device pixel ratio on screen and 2 or 3 for exports.

use std::cell::RefCell;
use std::collections::HashMap;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontDesc, FontFamily, FontStyle};

use super::{BarValue, Bars, Body, Figure, Likert};
use crate::base::format::{percent, share_label};

/// Colours and scale for one drawing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Theme {
    /// Device pixels per CSS pixel.
    pub scale: f64,
    pub dark: bool,
    /// What the backend divides a font size by to get the em size: plotters'
    /// SVG and bitmap backends use size / 1.24, the canvas backend the size
    /// itself. Layout works in em pixels, so every backend shows the same text.
    pub font_size_factor: f64,
}

/// plotters' SVG and bitmap backends draw text at an em of size / 1.24.
pub const PLOTTERS_EM: f64 = 1.24;

impl Theme {
    /// For plotters-canvas in the browser.
    pub fn canvas(scale: f64, dark: bool) -> Theme {
        Theme {
            scale,
            dark,
            font_size_factor: 1.0,
        }
    }
    /// For plotters' SVG and bitmap backends.
    pub fn file(scale: f64, dark: bool) -> Theme {
        Theme {
            scale,
            dark,
            font_size_factor: PLOTTERS_EM,
        }
    }
    fn font(&self, em: f64, bold: bool) -> FontDesc<'static> {
        font(em * self.font_size_factor, bold)
    }
}

impl Default for Theme {
    fn default() -> Theme {
        Theme::file(1.0, false)
    }
}

/// The Okabe-Ito palette, safe for the common colour-vision deficiencies.
const SERIES: [RGBColor; 3] = [
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x00, 0x9E, 0x73),
];
/// The eight Okabe-Ito colours, for unordered categories.
const CATEGORICAL: [RGBColor; 8] = [
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0xF0, 0xE4, 0x42),
    RGBColor(0x66, 0x66, 0x66),
];
/// ColorBrewer PuOr, a colour-blind-safe diverging scheme, for 5-point scales.
const DIVERGING_5: [RGBColor; 5] = [
    RGBColor(0xE6, 0x61, 0x01),
    RGBColor(0xFD, 0xB8, 0x63),
    RGBColor(0xD4, 0xD4, 0xD4),
    RGBColor(0xB2, 0xAB, 0xD2),
    RGBColor(0x5E, 0x3C, 0x99),
];
/// The dark theme's stand-ins, chosen for at least 3:1 against the dark
/// background (WCAG non-text contrast): PuOr's deep purple (2.0:1 there)
/// becomes a lighter purple of the same hue, still apart from point 4, and
/// Okabe-Ito's grey (2.9:1) a lighter grey.
const DARK_PURPLE: RGBColor = RGBColor(0x7F, 0x63, 0xB8);
const DARK_GREY: RGBColor = RGBColor(0x99, 0x99, 0x99);

impl Theme {
    fn px(&self, css: f64) -> f64 {
        css * self.scale
    }
    fn background(&self) -> RGBColor {
        if self.dark {
            RGBColor(0x1E, 0x1F, 0x22)
        } else {
            WHITE
        }
    }
    fn ink(&self) -> RGBColor {
        if self.dark {
            RGBColor(0xEE, 0xEE, 0xEE)
        } else {
            RGBColor(0x1A, 0x1A, 0x1A)
        }
    }
    fn muted(&self) -> RGBColor {
        if self.dark {
            RGBColor(0xAA, 0xAA, 0xAA)
        } else {
            RGBColor(0x55, 0x55, 0x55)
        }
    }
    fn grid(&self) -> RGBColor {
        if self.dark {
            RGBColor(0x44, 0x44, 0x48)
        } else {
            RGBColor(0xE4, 0xE4, 0xE4)
        }
    }
    fn series(&self, i: usize) -> RGBColor {
        let c = SERIES[i % SERIES.len()];
        if self.dark && i == 0 {
            RGBColor(0x56, 0xB4, 0xE9)
        } else {
            c
        }
    }
    /// A segment's colour: the diverging scale for ordered categories,
    /// Okabe-Ito for unordered ones.
    fn category_colour(&self, lk: &Likert, i: usize) -> RGBColor {
        if lk.ordered {
            self.scale_colour(i, lk.scale.len())
        } else {
            match CATEGORICAL[i % CATEGORICAL.len()] {
                RGBColor(0x66, 0x66, 0x66) if self.dark => DARK_GREY,
                c => c,
            }
        }
    }

    /// The diverging scale's ends for this theme.
    fn scale_ends(&self) -> (RGBColor, RGBColor) {
        (DIVERGING_5[0], if self.dark { DARK_PURPLE } else { DIVERGING_5[4] })
    }

    fn scale_colour(&self, point: usize, points: usize) -> RGBColor {
        if points == 5 {
            return match point {
                4 => self.scale_ends().1,
                _ => DIVERGING_5[point],
            };
        }
        // Other scale lengths: interpolate across the same two ends.
        let t = if points <= 1 {
            0.5
        } else {
            point as f64 / (points - 1) as f64
        };
        let (a, b) = self.scale_ends();
        let mix = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * t).round() as u8;
        RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }
}

// CSS-pixel sizes of the type scale.
const TITLE: f64 = 15.0;
const BODY: f64 = 12.5;
const SMALL: f64 = 11.0;
const PAD: f64 = 12.0;

/// Measures the width of `text` at `size` pixels (bold or not), in pixels.
pub type TextMeasure = Box<dyn Fn(&str, f64, bool) -> f64>;

thread_local! {
    /// The measurer the host installed; natively the embedded font is used.
    static MEASURE: RefCell<Option<TextMeasure>> = RefCell::new(None);
    /// Text widths by (text, size in 1/100 px, bold): measuring is the
    /// expensive part of layout in the browser (it touches the DOM).
    static WIDTHS: RefCell<HashMap<(String, u32, bool), f64>> = RefCell::new(HashMap::new());
}

fn font(size: f64, bold: bool) -> FontDesc<'static> {
    FontDesc::new(
        FontFamily::SansSerif,
        size,
        if bold { FontStyle::Bold } else { FontStyle::Normal },
    )
}

/// Installs the text measurer layout uses. The browser passes one built on a
/// canvas 2D context's `measureText`: plotters' own web font code measures
/// through a styled DOM element, which is slow and blocked by a strict CSP.
pub fn set_text_measure(measure: TextMeasure) {
    MEASURE.with(|m| *m.borrow_mut() = Some(measure));
    WIDTHS.with(|m| m.borrow_mut().clear());
}

/// The width by the embedded font (natively only: in the browser the
/// measurer installed by the page is used instead).
#[cfg(not(target_arch = "wasm32"))]
fn font_width(text: &str, size: f64, bold: bool) -> Option<f64> {
    super::native::ensure_fonts();
    font(size * PLOTTERS_EM, bold)
        .box_size(text)
        .ok()
        .map(|(w, _)| w as f64)
}

#[cfg(target_arch = "wasm32")]
fn font_width(_text: &str, _size: f64, _bold: bool) -> Option<f64> {
    None
}

fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let key = (text.to_string(), (size * 100.0) as u32, bold);
    if let Some(w) = WIDTHS.with(|m| m.borrow().get(&key).copied()) {
        return w;
    }
    let w = MEASURE
        .with(|m| m.borrow().as_ref().map(|f| f(text, size, bold)))
        .or_else(|| font_width(text, size, bold))
        // Without a font, estimate: an average glyph is about 0.55 em wide.
        .unwrap_or(text.chars().count() as f64 * size * 0.55);
    WIDTHS.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() > 20_000 {
            m.clear();
        }
        m.insert(key, w);
    });
    w
}

/// Greedy word wrap into at most `max_lines` lines; the last line gets an
/// ellipsis when the text does not fit.
fn wrap(text: &str, width: f64, size: f64, bold: bool, max_lines: usize) -> Vec<String> {
    // No figure shows more than a few lines: text past this could never be
    // seen, and a label may be a whole file's worth of text (a stray quote).
    const SHOWN: usize = 2000;
    let text = match text.char_indices().nth(SHOWN) {
        Some((cut, _)) => &text[..cut],
        None => text,
    };
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if current.is_empty() || text_width(&candidate, size, bold) <= width {
            current = candidate;
        } else {
            lines.push(std::mem::take(&mut current));
            current = word.to_string();
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines {
        let rest = lines.split_off(max_lines - 1).join(" ");
        lines.push(rest);
    }
    if let Some(last) = lines.last_mut() {
        if text_width(last, size, bold) > width {
            // The longest prefix that fits with the ellipsis, found by
            // halving: measuring every prefix would take time (and cache
            // entries) quadratic in the line's length.
            let chars: Vec<char> = last.chars().collect();
            let with_ellipsis = |n: usize| format!("{}\u{2026}", chars[..n].iter().collect::<String>());
            let (mut fits, mut over) = (0, chars.len());
            while over - fits > 1 {
                let mid = (fits + over) / 2;
                if text_width(&with_ellipsis(mid), size, bold) > width {
                    over = mid;
                } else {
                    fits = mid;
                }
            }
            *last = format!("{}\u{2026}", chars[..fits].iter().collect::<String>().trim_end());
        }
    }
    lines
}

/// Where everything goes, in device pixels.
struct Layout {
    /// Where and what the header of the right-hand value column says.
    column_head: Option<(f64, String)>,
    title: Vec<String>,
    subtitle: Vec<String>,
    /// Top of the plot rows.
    rows_top: f64,
    /// Each row's label lines and height.
    rows: Vec<(Vec<String>, f64)>,
    plot_x0: f64,
    plot_x1: f64,
    legend_top: f64,
    legend: Vec<Vec<(usize, String, f64)>>,
    axis_top: f64,
    note: Vec<String>,
    note_top: f64,
    height: f64,
}

fn line_h(size: f64) -> f64 {
    size * 1.35
}

fn layout(fig: &Figure, width: u32, t: &Theme) -> Layout {
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
            .map(|(i, s)| (i, format!("{} (n = {})", s.name, s.n)))
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
    let value_w = text_width("100%", bs, false) + t.px(10.0);
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
            let lines = wrap(l, label_w - t.px(8.0), bs, false, 2);
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
        Body::Bars(b) => draw_bars(area, &l, b, t)?,
        Body::Likert(lk) => draw_likert(area, &l, lk, t)?,
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

fn draw_bars<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, l: &Layout, b: &Bars, t: &Theme) -> DrawResult<DB> {
    let max = b
        .rows
        .iter()
        .flat_map(|r| r.values.iter().map(|v| v.hi.max(v.share)))
        .fold(0.0, f64::max);
    let (top, step) = axis(max);
    let span = l.plot_x1 - l.plot_x0;
    let xof = |s: f64| l.plot_x0 + span * (s / top).clamp(0.0, 1.0);
    let n_ticks = (top / step).round() as usize;
    let ticks: Vec<(f64, String)> = (0..=n_ticks)
        .map(|i| (xof(i as f64 * step), percent(i as f64 * step)))
        .collect();
    draw_ticks(area, l, t, &ticks, 0)?;
    draw_row_labels(area, l, t)?;
    let series = b.series.len().max(1);
    let bar_h = if series == 1 { t.px(16.0) } else { t.px(13.0) };
    let gap = if series == 1 { 0.0 } else { t.px(2.0) };
    let mut y = l.rows_top;
    for (row, (_, h)) in b.rows.iter().zip(&l.rows) {
        let block = series as f64 * bar_h + (series - 1) as f64 * gap;
        let mut by = y + (h - block) / 2.0;
        for (i, v) in row.values.iter().enumerate() {
            draw_bar(area, t, v, by, bar_h, l.plot_x0, &xof, t.series(i))?;
            by += bar_h + gap;
        }
        y += h;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn draw_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    t: &Theme,
    v: &BarValue,
    y: f64,
    h: f64,
    x0: f64,
    xof: &dyn Fn(f64) -> f64,
    colour: RGBColor,
) -> DrawResult<DB> {
    let end = xof(v.share);
    if end > x0 {
        rect(area, x0, y, end, y + h, colour)?;
    }
    let mid = y + h / 2.0;
    let (lo, hi) = (xof(v.lo), xof(v.hi));
    let cap = h * 0.3;
    let whisker = t.muted();
    line(area, &[(lo, mid), (hi, mid)], whisker, t.px(1.0))?;
    line(area, &[(lo, mid - cap), (lo, mid + cap)], whisker, t.px(1.0))?;
    line(area, &[(hi, mid - cap), (hi, mid + cap)], whisker, t.px(1.0))?;
    let label = if v.base == 0 {
        "n/a".to_string()
    } else {
        share_label(v.count, v.share)
    };
    text(
        area,
        &label,
        end.max(hi) + t.px(5.0),
        mid,
        t.font(t.px(BODY), false),
        t.ink(),
        HPos::Left,
        VPos::Center,
    )
}

/// WCAG 2 relative luminance.
fn luminance(c: RGBColor) -> f64 {
    let lin = |v: u8| {
        let v = v as f64 / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
}

/// WCAG 2 contrast ratio, from 1 to 21.
fn contrast(a: RGBColor, b: RGBColor) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Black or white, whichever reads better on `fill`: one of them is always
/// at least 4.58:1 (near-black would dip to 4.35:1 on mid-tones such as the
/// interpolated orange-purple of 7-point scales).
fn ink_on(fill: RGBColor) -> RGBColor {
    if contrast(BLACK, fill) >= contrast(WHITE, fill) {
        BLACK
    } else {
        WHITE
    }
}

fn draw_likert<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    l: &Layout,
    lk: &Likert,
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
        return draw_stacked(area, l, lk, t);
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
                segment_label(area, t, r.share(p), x, w, by, bar_h, colour)?;
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

/// Segment labels: the share, when it fits, in a colour that reads on the segment.
#[allow(clippy::too_many_arguments)]
fn segment_label<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    t: &Theme,
    share: f64,
    x: f64,
    w: f64,
    y: f64,
    h: f64,
    colour: RGBColor,
) -> DrawResult<DB> {
    let label = percent(share);
    if w < text_width(&label, t.px(SMALL), false) + t.px(4.0) {
        return Ok(());
    }
    // By contrast ratio, not perceived lightness: white on Okabe-Ito's green
    // or PuOr's orange would be under 3.5:1, black is over 5.5:1.
    let ink = ink_on(colour);
    text(
        area,
        &label,
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
                segment_label(area, t, r.share(p), x, w, by, bar_h, colour)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every fill a figure can use in `t`: bar series, unordered
    /// categories, and ordered scales of 2 to 11 points.
    fn fills(t: &Theme) -> Vec<RGBColor> {
        let likert = |points: usize, ordered: bool| Likert {
            scale: vec![String::new(); points],
            rows: vec![],
            diverging: true,
            ordered,
        };
        let mut out: Vec<RGBColor> = (0..SERIES.len()).map(|i| t.series(i)).collect();
        let unordered = likert(CATEGORICAL.len(), false);
        out.extend((0..CATEGORICAL.len()).map(|i| t.category_colour(&unordered, i)));
        for points in 2..=11 {
            let scale = likert(points, true);
            out.extend((0..points).map(|i| t.category_colour(&scale, i)));
        }
        out
    }

    #[test]
    fn text_reads_on_the_background_in_both_themes() {
        for dark in [false, true] {
            let t = Theme::canvas(1.0, dark);
            for (what, c) in [("ink", t.ink()), ("muted", t.muted())] {
                let r = contrast(c, t.background());
                assert!(r >= 4.5, "dark={dark}: {what} {c:?} is {r:.2}:1 on the background");
            }
        }
    }

    #[test]
    fn segment_labels_read_on_every_fill_in_both_themes() {
        for dark in [false, true] {
            let t = Theme::canvas(1.0, dark);
            for fill in fills(&t) {
                let r = contrast(ink_on(fill), fill);
                assert!(r >= 4.5, "dark={dark}: label on {fill:?} is {r:.2}:1");
            }
        }
    }

    #[test]
    fn dark_theme_fills_stand_out_from_the_background() {
        let t = Theme::canvas(1.0, true);
        for fill in fills(&t) {
            let r = contrast(fill, t.background());
            assert!(r >= 3.0, "{fill:?} is {r:.2}:1 on the dark background");
        }
    }
}
