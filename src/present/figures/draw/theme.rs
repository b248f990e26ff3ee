//! Colours and scale for one drawing: the light and dark palettes, chosen
//! for colour-vision deficiencies and for contrast, and the ink that reads
//! on each fill.

use plotters::prelude::*;
use plotters::style::FontDesc;

use super::text::font;
use crate::present::figures::Likert;

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
    pub(super) fn font(&self, em: f64, bold: bool) -> FontDesc<'static> {
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
    pub(super) fn px(&self, css: f64) -> f64 {
        css * self.scale
    }
    pub(super) fn background(&self) -> RGBColor {
        if self.dark {
            RGBColor(0x1E, 0x1F, 0x22)
        } else {
            WHITE
        }
    }
    pub(super) fn ink(&self) -> RGBColor {
        if self.dark {
            RGBColor(0xEE, 0xEE, 0xEE)
        } else {
            RGBColor(0x1A, 0x1A, 0x1A)
        }
    }
    pub(super) fn muted(&self) -> RGBColor {
        if self.dark {
            RGBColor(0xAA, 0xAA, 0xAA)
        } else {
            RGBColor(0x55, 0x55, 0x55)
        }
    }
    pub(super) fn grid(&self) -> RGBColor {
        if self.dark {
            RGBColor(0x44, 0x44, 0x48)
        } else {
            RGBColor(0xE4, 0xE4, 0xE4)
        }
    }
    pub(super) fn series(&self, i: usize) -> RGBColor {
        let c = SERIES[i % SERIES.len()];
        if self.dark && i == 0 {
            RGBColor(0x56, 0xB4, 0xE9)
        } else {
            c
        }
    }
    /// A segment's colour: the diverging scale for ordered categories,
    /// Okabe-Ito for unordered ones.
    pub(super) fn category_colour(&self, lk: &Likert, i: usize) -> RGBColor {
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
pub(super) fn ink_on(fill: RGBColor) -> RGBColor {
    if contrast(BLACK, fill) >= contrast(WHITE, fill) {
        BLACK
    } else {
        WHITE
    }
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
